"""Grade a learner's source against a drill: run it sandboxed, judge it here.

The child only ever sees inputs. Expected values come from the reference answer,
run in this process; the comparison, the property checks and the misconception
matching all happen here too. That is the whole defence against a submission
that prints ``PASSED``, exits early or patches the grader: none of that changes
the numbers we compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox
from .cases import Raises, build_cases, find_case, run_trusted
from .compare import mismatch
from .spec import Drill, protected_paths, reference


@dataclass
class Failure:
    """The first failing case, with everything needed to explain it."""

    case: object | None           # a cases.Case, or None when the file never ran
    problem: str                   # one sentence: what was wrong
    expected: object = None
    got: object = None            # the value returned, or None when it raised
    error: dict | None = None     # the child's description of an exception
    diagnosis: object = None      # the matching spec.Wrong, if any
    not_implemented: bool = False
    stopped: bool = False         # no outcome: timeout, crash or a tampered channel


@dataclass
class Verdict:
    drill: Drill
    passed: bool
    counts: dict                   # {"edge": 9, "random": 25, "property": 3, "instances": 9}
    failure: Failure | None = None
    source_label: str = ""
    stdout: str = ""
    stderr: str = ""
    refused: list = field(default_factory=list)
    single_case: str | None = None


def check_file(drill: Drill, path, **kwargs) -> Verdict:
    """Grade the learner's file at ``path`` (it holds the whole drill set)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found; run `mlmetrics-edu drill init DIR` to get the drills")
    return check_source(drill, path.read_text(encoding="utf-8"), label=kwargs.pop("label", str(path)),
                        **kwargs)


def check_source(drill: Drill, source: str, *, label: str = "submission.py", case: str | None = None,
                 limits: sandbox.Limits | None = None, forbidden=()) -> Verdict:
    """Grade module text ``source``; ``case`` restricts grading to one named case.

    ``forbidden`` adds folders the learner's code may not read (in a workshop: the
    other students' submissions).
    """
    cases = build_cases(drill)
    counts = _counts(drill, cases)
    if case is not None:
        cases = [find_case(cases, case)]
    calls = [c for k in cases for c in k.calls]
    run = sandbox.run(source, drill.function, [(c.args, c.kwargs) for c in calls],
                      forbidden_paths=[*protected_paths(), *forbidden], limits=limits,
                      filename=Path(label).name)
    verdict = Verdict(drill, False, counts, source_label=label, stdout=run.stdout, stderr=run.stderr,
                      refused=_unique(run.refused), single_case=case)
    if run.fatal is not None:
        verdict.failure = _fatal_failure(drill, run.fatal)
        return verdict
    verdict.failure = _first_failure(drill, cases, run)
    verdict.passed = verdict.failure is None
    return verdict


def _counts(drill, cases):
    return {
        "edge": len(drill.edges),
        "random": drill.random.n if drill.random else 0,
        "property": len(drill.props),
        "instances": sum(1 for c in cases if c.kind == "property"),
    }


def _unique(items):
    return list(dict.fromkeys(items))


def _fatal_failure(drill, error):
    if error["type"] == "MissingFunction":
        problem = (f"your file has no function named {drill.function}; keep the name from the stub "
                   f"(`{drill.signature}`)")
    elif error.get("output_cap"):
        problem = "your file printed more than the grader's output cap while being imported"
    else:
        problem = f"importing your file failed: {error['type']}: {error['message']}"
    return Failure(None, problem, error=error, not_implemented=error["type"] == "NotImplementedError")


def _first_failure(drill, cases, run):
    ref = reference(drill)
    if run.stopped and not run.started:
        return Failure(None, run.stopped, stopped=True)
    if run.tampered:  # forged messages may have set earlier outcomes too: judge none of them
        return Failure(_case_at(cases, run.stopped_at), run.stopped, stopped=True)
    start = 0
    for case in cases:
        stop = start + len(case.calls)
        if stop > len(run.outcomes):  # the run ended inside this case
            problem = run.stopped or "the grading process stopped early"
            return Failure(case, problem, stopped=True)
        failure = _judge(drill, ref, case, run.outcomes[start:stop])
        if failure is not None:
            failure.diagnosis = _diagnose(drill, cases, run.outcomes, case, run.outcomes[start:stop])
            return failure
        start = stop
    return None


def _case_at(cases, call_index):
    start = 0
    for case in cases:
        start += len(case.calls)
        if call_index < start:
            return case
    return cases[-1] if cases else None


def _judge(drill, ref, case, outcomes):
    """A Failure when ``outcomes`` (the learner's, for one case) are wrong, else None."""
    if case.kind == "property":
        for outcome in outcomes:
            if not outcome.ok:
                return _raised(case, outcome, None)
        values = [o.value for o in outcomes]
        try:
            problem = case.prop.holds(values, case.calls)
        except Exception as exc:  # noqa: BLE001 - a learner value the relation cannot digest
            problem = f"could not check the property on your outputs ({type(exc).__name__}: {exc})"
        return None if problem is None else Failure(case, f"property {case.prop.name!r} broken: {problem}",
                                                    got=values)
    outcome = outcomes[0]
    expected = run_trusted(ref, case.calls[0])
    if isinstance(expected, Raises):
        if not outcome.ok and expected.exc in outcome.error["chain"]:
            return None
        got = outcome.value if outcome.ok else None
        how = f"returned {_brief(got)}" if outcome.ok else \
            f"raised {outcome.error['type']}: {outcome.error['message']}"
        return Failure(case, f"expected your function to raise {expected.exc}, but it {how}",
                       expected=expected, got=got, error=None if outcome.ok else outcome.error)
    if not outcome.ok:
        return _raised(case, outcome, expected)
    problem = mismatch(expected, outcome.value, drill.tol, "")
    if problem is None:
        return None
    return Failure(case, problem, expected=expected, got=outcome.value)


def _raised(case, outcome, expected):
    error = outcome.error
    if error["type"] == "NotImplementedError":
        problem = "not implemented yet: replace `raise NotImplementedError` with your code"
    elif error["type"] == "SystemExit":
        problem = f"your code called sys.exit({error['message']}); return the value instead"
    elif error.get("output_cap"):
        problem = "your code printed more than the grader's output cap (1 MB by default)"
    elif error["type"] == "MemoryError":
        problem = "your code ran out of memory (the grader caps it); avoid n x n arrays"
    elif error["type"] == "Refused":
        problem = error["message"]
    else:
        problem = f"your function raised {error['type']}: {error['message']}"
    return Failure(case, problem, expected=expected, error=error,
                   not_implemented=error["type"] == "NotImplementedError")


def _brief(value):
    from .compare import short

    return short(value, 80)


# --------------------------------------------------------------------------- misconceptions


def _agrees(wrong_out, outcome, tol):
    if isinstance(wrong_out, Raises):
        return not outcome.ok and wrong_out.exc in outcome.error["chain"]
    return outcome.ok and mismatch(wrong_out, outcome.value, tol) is None


def _diagnose(drill, cases, all_outcomes, failing_case, failing_outcomes):
    """The misconception whose outputs match the learner's: on every case if one does,
    else on the failing case."""
    if not drill.wrongs or all(not o.ok and o.error["type"] == "NotImplementedError"
                               for o in failing_outcomes):
        return None
    graded, start = [], 0
    for case in cases:
        stop = start + len(case.calls)
        if stop <= len(all_outcomes) and case.kind != "property":
            graded.append((case.calls[0], all_outcomes[start]))
        start = stop
    partial = None
    for wrong in drill.wrongs:
        if failing_case.kind == "property":
            outs = [run_trusted(wrong.fn, c) for c in failing_case.calls]
            on_failing = all(_agrees(w, o, drill.tol) for w, o in zip(outs, failing_outcomes))
        else:
            on_failing = _agrees(run_trusted(wrong.fn, failing_case.calls[0]), failing_outcomes[0], drill.tol)
        if not on_failing:
            continue
        if all(_agrees(run_trusted(wrong.fn, c), o, drill.tol) for c, o in graded):
            return wrong
        partial = partial or wrong
    return partial
