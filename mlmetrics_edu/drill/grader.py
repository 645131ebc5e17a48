"""Grade a learner's source against a drill: run it sandboxed, judge it here.

The order matters. Before any learner code runs, this process loads every spec and
reference answer into memory (:func:`~.spec.preload`), draws the run seed, builds
the cases and computes every expected value. Only then does the child start (in
the operating-system sandbox of ``sandbox.py``), and it only ever sees inputs. The
comparison, the property checks and the misconception matching all happen here,
on values that no submission can reach: whatever the child prints, exits with,
patches or writes, at most the values it returns change.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox
from .cases import Raises, build_cases, find_case, fresh_seed, run_trusted
from .compare import mismatch
from .spec import Drill, preload, protected_paths, reference

STATUSES = ("pass", "fail", "timeout", "crash", "refused", "error", "todo", "missing")


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
class CaseResult:
    """One case's outcome, for partial credit and the per-case JSONL of a workshop."""

    name: str
    kind: str
    passed: bool
    problem: str = ""


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
    seed: int | None = None        # the run seed (reproduce with --seed)
    secret: bool = False           # workshop grading: the seed is not shown
    status: str = "fail"           # one of STATUSES
    cases: list = field(default_factory=list)  # CaseResult per case, in grading order
    notes: list = field(default_factory=list)  # spec.Route notes for a pass by an equivalent route
    isolation: str = ""
    limits: sandbox.Limits | None = None
    cancelled: bool = False        # stopped by Ctrl-C in a workshop: not a verdict on the code

    @property
    def credit(self) -> float:
        """Partial credit: the fraction of cases passed (1.0 for a pass)."""
        if self.passed:
            return 1.0
        return sum(c.passed for c in self.cases) / len(self.cases) if self.cases else 0.0


class SubmissionError(ValueError):
    """The submission cannot be graded at all (not UTF-8, a symlink, unreadable)."""

    def __init__(self, message, status="error"):
        super().__init__(message)
        self.status = status


def read_submission(path) -> str:
    """The text of a learner's file; symlinks, non-files and non-UTF-8 bytes are refused."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise SubmissionError(f"cannot read {path.name}: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise SubmissionError(f"{path.name} is a symbolic link; submit the file itself, not a link",
                              status="refused")
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError(f"{path.name} is not a regular file", status="refused")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise SubmissionError(f"cannot read {path.name}: {exc.strerror}", status="refused") from None
    with os.fdopen(fd, "rb") as f:
        data = f.read((2 << 20) + 1)
    if len(data) > 2 << 20:
        raise SubmissionError(f"{path.name} is larger than 2 MB; a drill file is a few kilobytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SubmissionError(f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                              "save it as UTF-8 in your editor") from None


def check_file(drill: Drill, path, **kwargs) -> Verdict:
    """Grade the learner's file at ``path`` (it holds the whole drill set)."""
    path = Path(path)
    label = kwargs.pop("label", str(path))
    if not path.is_file() and not path.is_symlink():
        raise FileNotFoundError(f"{path} not found; run `mlmetrics-edu drill init DIR` to get the drills")
    try:
        source = read_submission(path)
    except SubmissionError as exc:
        return unreadable(drill, str(exc), exc.status, label=label, limits=kwargs.get("limits"))
    return check_source(drill, source, label=label, **kwargs)


def unreadable(drill, problem, status, *, label="", limits=None) -> Verdict:
    """The verdict on a file that could not even be handed to the sandbox."""
    cases = build_cases(drill)
    verdict = Verdict(drill, False, _counts(drill, cases), Failure(None, problem), source_label=label,
                      status=status, limits=limits or sandbox.Limits())
    verdict.cases = [CaseResult(c.name, c.kind, False, "not run") for c in cases]
    return verdict


def check_source(drill: Drill, source: str, *, label: str = "submission.py", case: str | None = None,
                 limits: sandbox.Limits | None = None, forbidden=(), seed: int | None = None,
                 secret: bool = False) -> Verdict:
    """Grade module text ``source``; ``case`` restricts grading to one named case.

    ``seed`` is the run seed of the random cases (default: a fresh one, printed in a
    failure report); ``secret=True`` (workshop grading) keeps it, and the expected value
    of every random case, out of the report. ``forbidden`` adds folders the audit hook
    names when the learner's code reaches for them (in a workshop: the class folder and
    the output folder); the sandbox hides them anyway.
    """
    return check_many([(drill, source, label, seed)], case=case, limits=limits, forbidden=forbidden,
                      secret=secret)[0]


@dataclass
class _Job:
    drill: Drill
    source: str
    label: str
    seed: int
    cases: list
    counts: dict
    calls: list
    expected: list
    prepared: object = None


def check_many(jobs, *, case: str | None = None, limits: sandbox.Limits | None = None, forbidden=(),
               secret: bool = False, cache: dict | None = None) -> list:
    """Grade several ``(drill, source, label, seed)`` jobs with one sandboxed interpreter.

    A workshop grades all of a student's drills this way: the interpreter and NumPy start
    once, each drill keeps its own budgets, and a drill that times out or crashes ends only
    its own run (the next drills continue in a fresh child). Expected values are all
    computed here, before any of the learner's code runs. ``cache`` (a dict shared by the
    jobs of one grading run) keeps the cases, expected values and wrong implementations'
    outputs of each (drill, seed): a class graded on one secret seed computes them once.
    """
    preload()  # specs and answers in memory before any child runs
    limits = limits or sandbox.Limits()
    cache = {} if cache is None else cache
    prepared = [_prepare(drill, source, label, seed, case, cache) for drill, source, label, seed in jobs]
    units = [sandbox.Unit(j.source, j.drill.function, j.prepared.call_pairs, Path(j.label).name,
                          encoded=j.prepared.encoded) for j in prepared]
    runs = sandbox.run_units(units, forbidden_paths=[*protected_paths(), *forbidden], limits=limits)
    return [_verdict(job, run, case, secret, limits) for job, run in zip(prepared, runs)]


@dataclass
class _Prepared:
    """What a (drill, seed, case) needs before any learner code runs; shared by a class."""

    cases: list
    counts: dict
    calls: list
    expected: list
    call_pairs: list
    encoded: list
    wrong_outputs: dict = field(default_factory=dict)  # wrong name -> its output on every call


def _prepare(drill, source, label, seed, case, cache):
    seed = fresh_seed() if seed is None else int(seed)
    key = (drill.id, seed, case)
    prepared = cache.get(key)
    if prepared is None:
        cases = build_cases(drill, seed)
        counts = _counts(drill, cases)
        if case is not None:
            cases = [find_case(cases, case)]
        calls = [c for k in cases for c in k.calls]
        ref = reference(drill)
        expected = [run_trusted(ref, c) for c in calls]  # before the learner's code runs
        pairs = [(c.args, c.kwargs) for c in calls]
        prepared = cache[key] = _Prepared(cases, counts, calls, expected, pairs, sandbox.encode_calls(pairs))
    return _Job(drill, source, label, seed, prepared.cases, prepared.counts, prepared.calls, prepared.expected,
                prepared)


def _verdict(job, run, case, secret, limits):
    drill, cases = job.drill, job.cases
    verdict = Verdict(drill, False, job.counts, source_label=job.label, stdout=run.stdout, stderr=run.stderr,
                      refused=_unique(run.refused), single_case=case, seed=job.seed, secret=secret,
                      isolation=run.isolation, limits=limits, cancelled=run.stop_kind == "cancelled")
    if run.fatal is not None:
        verdict.failure = _fatal_failure(drill, run.fatal)
        verdict.cases = [CaseResult(c.name, c.kind, False, "not run") for c in cases]
        verdict.status = "todo" if verdict.failure.not_implemented else \
            ("refused" if run.fatal.get("type") == "Refused" else "error")
        return verdict
    verdict.failure, verdict.cases = _judge_all(drill, cases, job.expected, run,
                                                job.prepared.wrong_outputs if job.prepared else {})
    verdict.passed = verdict.failure is None
    verdict.status = _status(verdict, run)
    if verdict.passed:
        verdict.notes = [r for r in drill.routes if _detects(r, job.source, drill.function)]
    return verdict


def _detects(route, source, function):
    try:
        return bool(route.detect(source, function))
    except Exception:  # noqa: BLE001 - a detector must never cost a learner their pass
        return False


def _status(verdict, run):
    if verdict.passed:
        return "pass"
    f = verdict.failure
    if f.not_implemented:
        return "todo"
    if run.tampered:
        return "refused"
    if f.stopped:
        return {"timeout": "timeout", "cancelled": "error"}.get(run.stop_kind, "crash")
    if f.error is not None and f.error.get("type") == "Refused":
        return "refused"
    if f.error is not None and (f.error.get("output_cap") or f.error.get("type") == "MemoryError"):
        return "crash"
    return "fail"


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
    elif error["type"] == "Refused":
        problem = error["message"]
    else:
        problem = f"importing your file failed: {error['type']}: {error['message']}"
    return Failure(None, problem, error=error, not_implemented=error["type"] == "NotImplementedError")


def _judge_all(drill, cases, expected, run, wrong_outputs=None):
    """(the first Failure or None, a CaseResult per case)."""
    results, first = [], None
    if run.stopped and not run.started:
        first = Failure(None, run.stopped, stopped=True)
        return first, [CaseResult(c.name, c.kind, False, "not run") for c in cases]
    if run.tampered:  # forged messages may have set earlier outcomes too: judge none of them
        first = Failure(_case_at(cases, run.stopped_at), run.stopped, stopped=True)
        return first, [CaseResult(c.name, c.kind, False, "not trusted") for c in cases]
    start = 0
    for case in cases:
        stop = start + len(case.calls)
        if stop > len(run.outcomes):  # the run ended inside (or before) this case
            failure = Failure(case, run.stopped or "the grading process stopped early", stopped=True)
            results.append(CaseResult(case.name, case.kind, False, "not run" if first else failure.problem))
            first = first or failure
        else:
            failure = _judge(drill, case, run.outcomes[start:stop], expected[start:stop])
            results.append(CaseResult(case.name, case.kind, failure is None, "" if failure is None
                                      else failure.problem))
            if failure is not None and first is None:
                failure.diagnosis = _diagnose(drill, cases, expected, run.outcomes, start, stop,
                                              {} if wrong_outputs is None else wrong_outputs)
                first = failure
        start = stop
    return first, results


def _case_at(cases, call_index):
    start = 0
    for case in cases:
        start += len(case.calls)
        if call_index is not None and call_index < start:
            return case
    return cases[-1] if cases else None


def _judge(drill, case, outcomes, expected):
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
    outcome, want = outcomes[0], expected[0]
    if isinstance(want, Raises):
        if not outcome.ok and want.exc in outcome.error["chain"]:
            return None
        got = outcome.value if outcome.ok else None
        how = f"returned {_brief(got)}" if outcome.ok else \
            f"raised {outcome.error['type']}: {outcome.error['message']}"
        return Failure(case, f"expected your function to raise {want.exc}, but it {how}",
                       expected=want, got=got, error=None if outcome.ok else outcome.error)
    if not outcome.ok:
        return _raised(case, outcome, want)
    try:
        problem = mismatch(want, outcome.value, drill.tol, "")
    except Exception as exc:  # noqa: BLE001 - a decoded value the comparison cannot digest
        problem = f"could not compare your value ({type(exc).__name__})"
    if problem is None:
        return None
    return Failure(case, problem, expected=want, got=outcome.value)


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


def _agrees(value, outcome, tol):
    """Does the learner's ``outcome`` match ``value`` (a trusted output, or Raises)?"""
    if isinstance(value, Raises):
        return not outcome.ok and value.exc in outcome.error.get("chain", [])
    if not outcome.ok:
        return False
    try:
        return mismatch(value, outcome.value, tol) is None
    except Exception:  # noqa: BLE001
        return False


def _same(a, b, tol):
    """Do two trusted outputs agree?"""
    if isinstance(a, Raises) or isinstance(b, Raises):
        return isinstance(a, Raises) and isinstance(b, Raises) and a.exc == b.exc
    try:
        return mismatch(a, b, tol) is None
    except Exception:  # noqa: BLE001
        return False


def _add_distinct(found, value, tol, cap=2):
    if len(found) < cap and not any(_same(value, v, tol) for v in found):
        found.append(value)


MIN_EVIDENCE = 2  # calls on which the learner matches the wrong implementation: never one coincidence


def _diagnose(drill, cases, expected, outcomes, start, stop, wrong_outputs=None):
    """The misconception to name for the case of calls ``start:stop``, or None.

    A misconception is named only when it explains the learner's answers, not one of them:

    * on the failing case, the learner's outputs match the wrong implementation's and
      differ from the right ones;
    * on the calls where the wrong and the right implementations disagree, the learner's
      output matches the wrong one on most of them (a strict majority) and on at least
      :data:`MIN_EVIDENCE` of them (or on all, when they differ on a single call, such as
      returning 0.0 for empty input) -- a constant that happens to equal "recall" on one
      case does not have the recall misconception;
    * over all calls, the wrong implementation reproduces most of the learner's outputs;
    * where the wrong implementation gives several different values, the learner matched
      more than one of them: a constant 1.0 that equals a wrong implementation's frequent
      1.0, but none of its other values, does not have that misconception (a wrong
      implementation that *is* a constant, "you returned 1.0", is matched by one value).

    When two misconceptions explain the answers equally well, neither is named: the
    report cannot tell which one the learner holds.
    """
    failing = outcomes[start:stop]
    if not drill.wrongs or all(not o.ok and o.error["type"] == "NotImplementedError" for o in failing):
        return None
    calls = [c for case in cases for c in case.calls]
    n = min(len(outcomes), len(calls))
    outputs = {} if wrong_outputs is None else wrong_outputs
    scored = []
    for wrong in drill.wrongs:
        mine = [run_trusted(wrong.fn, calls[i]) for i in range(start, stop)]
        if not all(_agrees(w, o, drill.tol) for w, o in zip(mine, failing)):
            continue
        if all(_agrees(e, o, drill.tol) for e, o in zip(expected[start:stop], failing)):
            continue
        if wrong.name not in outputs:  # computed once per (drill, seed) in a class
            outputs[wrong.name] = [run_trusted(wrong.fn, c) for c in calls]
        every = outputs[wrong.name]
        differing = explained = agreed = 0
        values, shown = [], []  # distinct wrong outputs where it differs; those the learner matched
        for i in range(n):
            w = every[i]
            matches = _agrees(w, outcomes[i], drill.tol)
            agreed += matches
            if not _same(w, expected[i], drill.tol):
                differing += 1
                explained += matches
                _add_distinct(values, w, drill.tol)
                if matches:
                    _add_distinct(shown, w, drill.tol)
        need = min(MIN_EVIDENCE, differing)
        if explained >= need and len(shown) >= min(need, len(values)) and 2 * explained > differing \
                and 2 * agreed > n:
            scored.append((explained / differing, explained, wrong))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], -t[1]))
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None  # two misconceptions explain the answers equally well: name neither
    return scored[0][2]
