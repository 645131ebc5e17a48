"""``check(fn, "drill-id")``: grade a function defined in a notebook (Jupyter or Colab).

The function object cannot cross into the sandbox (that would mean pickling), so we
ship its *source*: ``inspect.getsource`` of the function, preceded by the imports,
helper functions and simple constants from the notebook that it refers to. The child
rebuilds the module from that text. In IPython the report is rendered as HTML;
elsewhere it is printed as text.
"""

from __future__ import annotations

import builtins
import inspect
import textwrap
import types
from pathlib import Path

from .._validation import MetricInputError, check_seed
from . import feedback
from .grader import check_file, check_source
from .spec import get_drill

_attempts: dict = {}  # failed attempts per drill in this kernel: the hint level rises with them


class CheckResult:
    """What :func:`check` returns: truthy when the drill passed."""

    def __init__(self, verdict):
        self.verdict = verdict
        self.passed = verdict.passed

    def __bool__(self):
        return self.passed

    def __repr__(self):
        state = "passed" if self.passed else "not passed yet"
        return f"<drill {self.verdict.drill.id}: {state}>"


def check(fn, drill_id: str, *, case: str | None = None, show: bool = True,
          seed: int | None = None) -> CheckResult:
    """Grade ``fn`` (a function, or the path of a drill file) against drill ``drill_id``.

    A self-check for the learner's own practice: the same grading engine as ``drill
    check`` (and it records progress in the same file), not a proctored grade -- the
    learner controls the kernel. Every call draws fresh random cases; a failure report
    prints the seed and the call that reproduces it (``check(fn, "id", case="random-3",
    seed=...)``); a pass with a chosen ``seed`` counts as practice, not as a pass.

    >>> # in a notebook:
    >>> # from mlmetrics_edu.drill import check
    >>> # def precision(y_true, y_pred): ...
    >>> # check(precision, "precision")
    """
    if not isinstance(drill_id, str):
        raise MetricInputError(f"drill_id must be a drill's id (a string such as \"precision\"), got {drill_id!r:.60}")
    if case is not None and not isinstance(case, str):
        raise MetricInputError(f"case must be a case's name (a string such as \"random-3\") or None, got {case!r:.60}")
    seed = check_seed(seed)
    drill = get_drill(drill_id)
    if isinstance(fn, (str, Path)):
        verdict = check_file(drill, fn, case=case, seed=seed)
    else:
        source = function_source(fn) + f"\n{drill.function} = {fn.__name__}\n"
        verdict = check_source(drill, source, label="your notebook code", case=case, seed=seed)
    if case is None:
        _record_in_learner_folder(verdict, practice=seed is not None)
    if not verdict.passed and case is None:
        _attempts[drill.id] = _attempts.get(drill.id, 0) + 1
    hint_level = min(max(_attempts.get(drill.id, 0) - 1, 0), len(drill.hints)) if not verdict.passed else 0
    reproduce = f'check({getattr(fn, "__name__", repr(str(fn)))}, "{{id}}", case="{{case}}")'
    if show:
        _display(verdict, hint_level=hint_level, reproduce=reproduce)
    return CheckResult(verdict)


def _record_in_learner_folder(verdict, folder=".", *, practice=False):
    """Count the check in ``drill progress`` (and the review queue) in the same progress file as
    the CLI (:func:`~.progress.learner_folder`: a drill folder, or the folder above the learner's
    working copy of the course); nowhere when the notebook is not the learner's."""
    from .progress import Progress, learner_folder, record_verdict

    here = learner_folder(folder)
    if here is None:
        return
    try:
        record_verdict(Progress(here), verdict, practice=practice)
    except OSError:  # a read-only folder: grading still works, progress is just not kept
        pass


def _display(verdict, **kwargs):
    ipython = _ipython()
    if ipython is not None:
        from IPython.display import HTML, display

        display(HTML(feedback.to_html(verdict, **kwargs)))
    else:
        print(feedback.text(verdict, **kwargs))


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


# --------------------------------------------------------------------------- source shipping


def function_source(fn) -> str:
    """Module text defining ``fn`` plus the imports, helpers and constants it uses."""
    if not isinstance(fn, types.FunctionType):
        raise MetricInputError(f"check() needs a function defined with def (or a drill file's path), "
                               f"got {type(fn).__name__}")
    imports, definitions, seen = [], [], set()
    _collect(fn, imports, definitions, seen)
    head = list(dict.fromkeys(imports))
    return "\n".join(head) + "\n\n\n" + "\n\n".join(definitions) + "\n"


def _collect(fn, imports, definitions, seen):
    if fn in seen:
        return
    seen.add(fn)
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as exc:
        raise ValueError(f"cannot read the source of {fn.__name__}: define it with def in a notebook "
                         "cell or a .py file") from exc
    for name in sorted(_global_names(fn.__code__)):
        if name not in fn.__globals__:
            continue  # a builtin, or a name the learner has not defined (NameError in the child)
        value = fn.__globals__[name]
        if isinstance(value, types.FunctionType) and value.__module__ == fn.__module__:
            _collect(value, imports, definitions, seen)  # a helper from the same notebook/module
        elif _import_line(name, value):
            imports.append(_import_line(name, value))
        elif _is_literal(value):
            definitions.insert(0, f"{name} = {value!r}")  # a constant, before any function uses it
    definitions.append(source)


def _global_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)  # nested functions, comprehensions, lambdas
    return names - set(dir(builtins))


def _import_line(name, value):
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__}" if name == value.__name__ else f"import {value.__name__} as {name}"
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", getattr(value, "__name__", None))
    if module is None and type(value).__name__ == "ufunc":
        module = "numpy"
    if module and qualname and module not in ("__main__", "builtins") and "." not in qualname \
            and not module.startswith("_mlmetrics_drill"):
        if callable(value) or isinstance(value, type):
            return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")
    return None


def _is_literal(value):
    if isinstance(value, (bool, int, float, str, type(None))):
        return True
    if isinstance(value, (tuple, frozenset)) and len(value) < 100:
        return all(_is_literal(v) for v in value)
    return False
