"""The package's layers, kept by a test (DESIGN.md, "Layout").

Bottom up: **0** ``_validation`` and the shared kernels; **1** the metric families; **2**
significance, experiments, fairness, monitoring, distributed, report, datasets, plots;
**3** the practice engine (drill grading; questions, planner, session, review, progress)
-- no printing, no widgets; **4** the front ends: the CLI package, the widgets, ``check()``.

Every ``import`` in every module of the package is parsed (module level and inside
functions alike). The test fails on an import cycle, on an import from a higher layer,
and on a private name (``_name``) imported from another module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mlmetrics_edu"

# (prefix of the dotted module name, layer); the longest matching prefix wins.
LAYERS = [
    ("mlmetrics_edu._validation", 0), ("mlmetrics_edu._kernels", 0), ("mlmetrics_edu._core", 0),
    ("mlmetrics_edu._version", 0),
    ("mlmetrics_edu.classification", 1), ("mlmetrics_edu.curves", 1), ("mlmetrics_edu.calibration", 1),
    ("mlmetrics_edu.regression", 1), ("mlmetrics_edu.ranking", 1), ("mlmetrics_edu.clustering", 1),
    ("mlmetrics_edu.generation", 1), ("mlmetrics_edu.drift", 1), ("mlmetrics_edu.llm_eval", 1),
    ("mlmetrics_edu.significance", 2), ("mlmetrics_edu.experiments", 2), ("mlmetrics_edu.splits", 2),
    ("mlmetrics_edu.fairness", 2), ("mlmetrics_edu.monitoring", 2), ("mlmetrics_edu.distributed", 2),
    ("mlmetrics_edu.spark", 2), ("mlmetrics_edu.report", 2), ("mlmetrics_edu.datasets", 2),
    ("mlmetrics_edu.plots", 2),
    ("mlmetrics_edu.drill", 3), ("mlmetrics_edu.interview", 3),
    ("mlmetrics_edu.drill.notebook", 4),
    ("mlmetrics_edu.cli", 4), ("mlmetrics_edu.widgets", 4), ("mlmetrics_edu.__main__", 4),
    ("mlmetrics_edu", 4),  # the package's __init__ re-exports every family
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(name: str) -> int:
    best = max((p for p, _ in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return dict(LAYERS)[best]


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "_content" not in p.parts}


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    is_package = MODULES[importer].name == "__init__.py"
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str):
    """(target module, private names imported from it, line) for every import of ``name``."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mlmetrics_edu"):
                    yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node)
            if not target.startswith("mlmetrics_edu"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:  # `from . import module`
                    yield sub, [], node.lineno
                else:
                    private = [alias.name] if alias.name.startswith("_") and alias.name != "__version__" else []
                    yield target, private, node.lineno


def _graph():
    edges = {}
    for name in MODULES:
        edges[name] = {t for t, _, _ in imports(name) if t in MODULES and t != name}
    return edges


def _facade(name, target):
    """A package's ``__init__`` re-exporting its own modules (``from .notebook import check``)."""
    return MODULES[name].name == "__init__.py" and target.startswith(name + ".")


def test_no_module_imports_from_a_higher_layer():
    upward = [f"{name} (layer {layer(name)}) imports {target} (layer {layer(target)}) at line {line}"
              for name in MODULES for target, _, line in imports(name)
              if target in MODULES and layer(target) > layer(name) and not _facade(name, target)]
    assert upward == [], "\n".join(upward)


def test_no_private_name_is_imported_from_another_module():
    private = [f"{name}:{line} imports {', '.join(names)} from {target}"
               for name in MODULES for target, names, line in imports(name) if names and target != name]
    assert private == [], "\n".join(private)


def test_there_is_no_import_cycle():
    edges = _graph()
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges[node]):
            if nxt.startswith(node + ".") or node.startswith(nxt + ".") and MODULES[nxt].name == "__init__.py":
                continue  # a package and its own submodules (re-exports) are one unit
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], "\n".join(cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_has_a_layer(name):
    assert isinstance(layer(name), int)
