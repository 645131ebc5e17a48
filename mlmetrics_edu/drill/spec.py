"""The drill spec model, and loading the drill sets that ship with the course.

A drill set is three files with the same name, like rustlings' exercise tree:

* ``drills/01_confusion_matrix.py`` -- the learner's stubs (scenario, ``TODO``,
  ``raise NotImplementedError``); ``drill init`` copies these and nothing else;
* ``drills/specs/01_confusion_matrix.py`` -- a ``DRILLS`` list of :class:`Drill`
  (signature, conventions, tolerance, hints, cases, properties, misconceptions);
* ``answers/01_confusion_matrix.py`` -- the commented reference answers.

Specs are Python, not TOML, because edge cases hold arrays and misconceptions are
code: each is a wrong implementation the grader runs (here, in the parent) to
recognise the mistake in a learner's output.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .._validation import MetricInputError


@dataclass(frozen=True)
class Tol:
    """Tolerance for float comparisons: ``|got - expected| <= atol + rtol * |expected|``."""

    rtol: float = 1e-9
    atol: float = 1e-12

    def __str__(self):
        return f"rtol={self.rtol:g}, atol={self.atol:g}"


@dataclass(frozen=True)
class Edge:
    """A named edge case and the one-line reason it is worth checking."""

    name: str
    why: str
    args: tuple
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Random:
    """Seeded random cases: ``make(rng)`` returns the args tuple (or ``(args, kwargs)``)."""

    make: Callable
    n: int = 25


@dataclass(frozen=True)
class Prop:
    """A metamorphic property, checked on the learner's outputs alone.

    ``make(rng)`` returns a list of calls (each an args tuple, or ``(args, kwargs)``);
    ``holds(outputs, calls)`` returns None when the property holds, else a sentence.
    """

    name: str
    why: str
    make: Callable
    holds: Callable
    n: int = 3


@dataclass(frozen=True)
class Wrong:
    """A known misconception: a wrong implementation and the one-line diagnosis."""

    name: str
    diagnosis: str
    fn: Callable


@dataclass(frozen=True)
class Route:
    """A correct answer reached another way, worth a note when a learner passes by it.

    ``detect(source, function)`` reads the learner's module text (never runs it) and
    returns True when the drill function, or a helper it calls, takes this route.
    Use :func:`calls_any` to build the common detector.
    """

    name: str
    note: str
    detect: Callable


@dataclass(frozen=True)
class Drill:
    """Everything the grader and the learner need to know about one drill."""

    id: str
    title: str
    function: str
    signature: str
    conventions: tuple
    returns: str
    hints: tuple
    edges: tuple = ()
    random: Random | None = None
    props: tuple = ()
    wrongs: tuple = ()
    tol: Tol = Tol()
    names: tuple = ()  # names of a returned tuple's parts, for messages
    routes: tuple = ()  # Route: equivalent ways to pass, named in the PASS report
    hint_solution: str = ""  # the function a learner writes by following the last hint verbatim
    set_name: str = ""  # filled in by the loader: "01_confusion_matrix"
    set_title: str = ""

    @property
    def filename(self):
        return f"{self.set_name}.py"


# --------------------------------------------------------------------------- content


CONTENT_ENV = "MLMETRICS_CONTENT_ROOT"  # another folder holding drills/ and answers/ (the tests' copy)


def content_root() -> Path:
    """The folder holding ``drills/`` and ``answers/``: packaged copy first, else the checkout.

    ``$MLMETRICS_CONTENT_ROOT`` names another such folder: the test suite grades against a
    copy, so no submission it runs can ever touch the checkout's answers.
    """
    override = os.environ.get(CONTENT_ENV)
    if override:
        root = Path(override).resolve()
        if (root / "drills" / "specs").is_dir() and (root / "answers").is_dir():
            return root
        raise FileNotFoundError(f"${CONTENT_ENV} is {override}, which holds no drills/specs and answers/")
    package = Path(__file__).resolve().parent.parent
    for root in (package / "_content", package.parent):
        if (root / "drills" / "specs").is_dir() and (root / "answers").is_dir():
            return root
    raise FileNotFoundError(
        "the drill content (drills/ and answers/) was not found next to mlmetrics_edu; "
        "reinstall the package"
    )


def drills_dir() -> Path:
    return content_root() / "drills"


def answers_dir() -> Path:
    return content_root() / "answers"


def protected_paths() -> list[Path]:
    """Folders the learner's process may not read: the answers and the specs."""
    root = content_root()
    return [root / "answers", root / "drills" / "specs"]


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def load_drills() -> tuple:
    """Every drill of every set, in course order."""
    drills = []
    for spec_file in sorted((drills_dir() / "specs").glob("[0-9]*.py")):
        set_name = spec_file.stem
        module = _load_module(spec_file, f"_mlmetrics_drill_spec_{set_name}")
        for drill in module.DRILLS:
            drills.append(_with_set(drill, set_name, getattr(module, "TITLE", set_name)))
    ids = [d.id for d in drills]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate drill ids: {sorted(duplicates)}")
    return tuple(drills)


def _with_set(drill, set_name, set_title):
    from dataclasses import replace

    return replace(drill, set_name=set_name, set_title=set_title)


def get_drill(drill_id: str) -> Drill:
    """Look a drill up by id (or by its function name); unknown ids list close matches."""
    for drill in load_drills():
        if drill_id in (drill.id, drill.function):
            return drill
    import difflib

    close = difflib.get_close_matches(drill_id, [d.id for d in load_drills()], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `mlmetrics-edu drill list` shows them all"
    raise UnknownDrill(f"no drill called {drill_id!r}{hint}")


class UnknownDrill(MetricInputError, KeyError):
    """No drill has this id or function name: bad input (a ValueError, as the package's bad
    input is everywhere) and a KeyError (a failed look-up, as before)."""

    def __str__(self):
        return str(self.args[0])


@lru_cache(maxsize=None)
def reference_module(set_name: str):
    """The reference answers of one set, imported here in the parent, never in the child."""
    return _load_module(answers_dir() / f"{set_name}.py", f"_mlmetrics_drill_answer_{set_name}")


def reference(drill: Drill) -> Callable:
    return getattr(reference_module(drill.set_name), drill.function)


def with_hint_solutions(drills, solutions: dict) -> list:
    """``drills`` with ``hint_solution`` filled in from ``{drill id: function source}``."""
    from dataclasses import replace

    missing = [d.id for d in drills if d.id not in solutions]
    if missing:
        raise ValueError(f"no hint solution for {missing}")
    return [replace(d, hint_solution=solutions[d.id].strip("\n") + "\n") for d in drills]


def preload() -> dict:
    """Load every spec and every reference answer now, before any learner code runs.

    The grader computes expected values from these in-memory modules only: what a
    child process does to the checkout afterwards cannot change them. Returns the
    SHA-256 of each answers file as loaded (the batch grader records them).
    """
    import hashlib

    digests = {}
    for set_name in sorted({d.set_name for d in load_drills()}):
        reference_module(set_name)
        digests[set_name] = hashlib.sha256((answers_dir() / f"{set_name}.py").read_bytes()).hexdigest()
    return digests


def calls_any(*names: str, unless: tuple = ()) -> Callable:
    """A :class:`Route` detector: the drill function (or a helper it calls) calls one of
    ``names`` (e.g. ``"np.log"``, ``"math.log"``) and none of ``unless``."""

    def detect(source: str, function: str) -> bool:
        called = called_names(source, function)
        return bool(called & set(names)) and not called & set(unless)

    return detect


def called_names(source: str, function: str) -> set:
    """Dotted names called by ``function`` in module text ``source`` and by the module's
    own functions it calls, transitively (``{"np.log", "np.sum", "helper"}``)."""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    defs = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    seen, todo, called = set(), [function], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        for node in ast.walk(defs[name]):
            if isinstance(node, ast.Call):
                dotted = _dotted(node.func)
                if dotted:
                    called.add(dotted)
                    todo.append(dotted)
    return called


def _dotted(node):
    import ast

    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def stub_path(drill: Drill) -> Path:
    return drills_dir() / drill.filename


def answer_path(drill: Drill) -> Path:
    return answers_dir() / drill.filename


def scenario(drill: Drill) -> str:
    """The 1-4 line scenario that opens the drill's stub (its docstring)."""
    import ast

    tree = ast.parse(stub_path(drill).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == drill.function:
            return ast.get_docstring(node) or ""
    return ""
