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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable


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
    set_name: str = ""  # filled in by the loader: "01_confusion_matrix"
    set_title: str = ""

    @property
    def filename(self):
        return f"{self.set_name}.py"


# --------------------------------------------------------------------------- content


def content_root() -> Path:
    """The folder holding ``drills/`` and ``answers/``: packaged copy first, else the checkout."""
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
    raise KeyError(f"no drill called {drill_id!r}{hint}")


@lru_cache(maxsize=None)
def reference_module(set_name: str):
    """The reference answers of one set, imported here in the parent, never in the child."""
    return _load_module(answers_dir() / f"{set_name}.py", f"_mlmetrics_drill_answer_{set_name}")


def reference(drill: Drill) -> Callable:
    return getattr(reference_module(drill.set_name), drill.function)


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
