"""Workshop grading: every student's drill files, graded by the same sandboxed engine.

Layout: one sub-folder per student, each holding drill files named like the stubs
(``alice/01_confusion_matrix.py``, ...) -- what ``drill init`` gave them. Each student
is graded in one sandboxed interpreter (every drill with its own budgets; a drill that
hangs or crashes ends only its own run), ``workers`` students at a time. Each grading run
draws a fresh 128-bit secret seed for the random cases, kept in memory only: a regrade
(``student=`` included) draws new cases, so "fix it, I'll regrade you" cannot harvest
expected values, and no feedback ever shows a random case's expected value.
Whatever a submission contains -- a symlink, bytes that are not UTF-8, an infinite loop,
an attack on the grader -- it becomes one row with a status, and the batch finishes.

A class is graded only in the operating-system sandbox (bubblewrap) unless the
instructor passes ``allow_weak=True`` (``--allow-weak-sandbox``); every record, the CSV
and the reports state the isolation level. Hidden folders (``.name``) are not graded and
are listed. Ctrl-C (or SIGTERM) stops within a second or two and keeps what is finished.

Outputs, in ``out`` (default: ``CLASS-grading`` next to the class folder):

``results.jsonl``
    one JSON line per (student, drill): status, partial credit, every case's
    pass/fail with the problem, the misconception named, the student's report, the
    sandbox. Each record is signed (HMAC-SHA256) with the class key in ``OUT/.class-key``;
    it is also the resume log: a re-run skips what it already holds and verifies, and
    re-grades any record whose signature does not verify (``regrade`` re-grades
    everything; ``student`` re-grades one student).
``gradebook.csv``
    one row per student; per drill: passed (0/1), credit (fraction of cases passed)
    and status (pass/fail/timeout/crash/refused/error/todo/missing).
``report.md`` / ``report.html``
    the class report: pass rate per drill, the cases most students fail, and the
    misconception heatmap (drill x misconception -> students) -- what to re-teach.
``students/NAME.txt``
    each student's feedback: per drill the status and the first failing case
    (inputs, got, and the expected value of a named edge case), never a seed, never
    the expected value of a random case. Names that differ only in punctuation or
    past 80 characters get distinct files (a short hash of the name is added).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import html
import io
import json
import os
import re
import secrets
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import feedback, sandbox
from .errors import UsageError
from .grader import STATUSES, SubmissionError, check_many, read_submission
from .spec import get_drill, load_drills, preload

SYMBOL = {"pass": "P", "fail": "x", "todo": ".", "missing": " ", "timeout": "T", "crash": "C",
          "refused": "R", "error": "E"}
RESULTS, GRADEBOOK, REPORT_MD, REPORT_HTML, KEY_FILE = (
    "results.jsonl", "gradebook.csv", "report.md", "report.html", ".class-key")


class WeakSandboxError(UsageError):
    """No operating-system sandbox here, and the instructor did not accept a weak one."""


@dataclass
class GradeTable:
    """Statuses per student and drill, with text, CSV and report views."""

    students: list
    drills: list          # drill ids, in course order
    status: dict          # (student, drill_id) -> one of grader.STATUSES
    problems: dict        # (student, drill_id) -> one-line reason for a non-pass
    records: dict = field(default_factory=dict)  # (student, drill_id) -> the JSONL record
    out: Path | None = None
    graded: int = 0       # (student, drill) pairs graded in this run (the rest were resumed)
    seconds: float = 0.0
    isolation: str = ""
    limits: sandbox.Limits | None = None
    hidden: list = field(default_factory=list)   # hidden folders under the class folder, not graded
    unverified: int = 0   # records in results.jsonl whose signature failed: re-graded
    interrupted: bool = False

    def score(self, student) -> int:
        return sum(self.status[student, d] == "pass" for d in self.drills)

    def credit(self, student, drill_id) -> float:
        return float(self.records.get((student, drill_id), {}).get("credit", 1.0 if
                     self.status[student, drill_id] == "pass" else 0.0))

    def rows(self):
        """One dict per student: ``{"student": ..., drill_id: status, ..., "passed": n}``."""
        return [{"student": s, **{d: self.status[s, d] for d in self.drills}, "passed": self.score(s)}
                for s in self.students]

    def to_csv(self) -> str:
        """The gradebook: per drill ``ID passed``, ``ID credit``, ``ID status``; then totals."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = ["student"]
        for d in self.drills:
            header += [f"{d} passed", f"{d} credit", f"{d} status"]
        writer.writerow(header + ["drills passed", "credit", "sandbox"])
        for s in self.students:
            row = [_csv_safe(s)]
            for d in self.drills:
                row += [int(self.status[s, d] == "pass"), f"{self.credit(s, d):.3f}", self.status[s, d]]
            total = sum(self.credit(s, d) for d in self.drills) / len(self.drills) if self.drills else 0.0
            writer.writerow(row + [self.score(s), f"{total:.3f}", self.sandbox_of(s)])
        return out.getvalue()

    def sandbox_of(self, student) -> str:
        """The isolation level(s) this student's drills were graded under, by name."""
        levels = sorted({str(r.get("isolation", "")).split(" (")[0] for (s, _), r in self.records.items()
                         if s == student and r.get("isolation")})
        return "+".join(("process (weak)" if level == "process" else level) for level in levels) or "-"

    def to_text(self) -> str:
        """A compact grid: one symbol per drill; drills as numbered columns."""
        names = [feedback.clean(s) for s in self.students]
        width = max([len(n) for n in names] + [7])
        numbers = "".join(f"{i + 1:>3}" for i in range(len(self.drills)))
        lines = [f"{'student':<{width}} {numbers}  passed"]
        for s, name in zip(self.students, names):
            cells = "".join(f"{SYMBOL[self.status[s, d]]:>3}" for d in self.drills)
            lines.append(f"{name:<{width}} {cells}  {self.score(s)}/{len(self.drills)}")
        lines.append("")
        lines += [f"{i + 1:>3} {d}" for i, d in enumerate(self.drills)]
        lines.append("P pass, x fail, T timeout, C crash, R refused, E error, . not started, blank: no file")
        return "\n".join(lines)

    # ----------------------------------------------------------------- class report

    def pass_rates(self) -> list:
        """Per drill: (drill id, passed, students, {status: count})."""
        rows = []
        for d in self.drills:
            counts = Counter(self.status[s, d] for s in self.students)
            rows.append((d, counts["pass"], len(self.students), dict(counts)))
        return rows

    def most_failed_cases(self, top: int = 10) -> list:
        """(drill, cases, students failing them, students who ran them), most failed first.

        Only cases the student's code actually ran count (status pass, fail, timeout or
        crash, and not the cases after a timeout or crash): a stub or a missing file
        fails every case and says nothing about which case is hard. Cases of one drill
        that the very same students fail are one row: they fail for the same reason
        (``cases`` names them, e.g. ``random-0 ... random-24 (25 cases)``).
        """
        failing, ran = defaultdict(set), Counter()
        for (s, d), record in self.records.items():
            if record.get("status") not in ("pass", "fail", "timeout", "crash"):
                continue
            for case in record.get("cases", []):
                if case.get("problem") in ("not run", "not trusted"):
                    continue
                ran[d, case["name"]] += 1
                if not case["passed"]:
                    failing[d, case["name"]].add(s)
        groups = defaultdict(list)
        for (d, c), who in failing.items():
            groups[d, frozenset(who), ran[d, c]].append(c)
        order = {d: i for i, d in enumerate(self.drills)}
        rows = [(d, _case_list(cases), len(who), n) for (d, who, n), cases in groups.items()]
        rows.sort(key=lambda r: (-r[2], order.get(r[0], 0), r[1]))
        return rows[:top]

    def heatmap(self) -> dict:
        """{(drill id, misconception name): number of students it was diagnosed in}."""
        cells = Counter()
        for (s, d), record in self.records.items():
            if record.get("misconception"):
                cells[d, record["misconception"]] += 1
        return dict(cells)

    def to_markdown(self) -> str:
        return _markdown(self)

    def to_html(self) -> str:
        return _html(self)


def _case_list(cases):
    """``asymmetric`` or ``random-0, random-3 (2 cases)`` or ``random-0 ... random-24 (25 cases)``."""
    def key(name):
        m = re.match(r"(.*?)(\d+)$", name)
        return (m.group(1), int(m.group(2))) if m else (name, -1)

    cases = sorted(cases, key=key)
    if len(cases) == 1:
        return cases[0]
    if len(cases) <= 3:
        return f"{', '.join(cases)} ({len(cases)} cases)"
    return f"{cases[0]} ... {cases[-1]} ({len(cases)} cases)"


def _csv_safe(text):
    """A student name as a CSV cell that no spreadsheet runs as a formula."""
    text = feedback.clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# --------------------------------------------------------------------------- grading


def grade(folder, drills=None, *, workers: int | None = None, limits=None, seed: int | None = None,
          out=None, regrade: bool = False, student: str | None = None, progress: bool = False,
          write: bool | None = None, allow_weak: bool = False) -> GradeTable:
    """Grade every student folder under ``folder`` on ``drills`` (ids; default: all).

    ``out`` is where the gradebook, JSONL and reports go (default: ``CLASS-grading``
    next to ``folder``); verified results already there are reused unless ``regrade``.
    ``student`` grades (and re-grades) that student only. ``progress`` shows a ``rich``
    progress bar with an ETA on stderr. ``write=False`` keeps everything in memory.
    ``seed`` fixes the random cases (to reproduce a grading; it makes the cases
    predictable, so never announce it); by default each run draws a fresh secret 128-bit
    seed, kept in memory only. Without a working operating-system sandbox, grading refuses unless
    ``allow_weak``.
    """
    if progress:
        import rich.progress  # noqa: F401  (what the grader needs, imported before it reads a class folder)
    folder = Path(folder)
    _check_class(folder, allow_weak)
    chosen = [get_drill(d) for d in drills] if drills else list(load_drills())
    limits = limits or sandbox.Limits()
    write = (out is not None) if write is None else write
    out = Path(out) if out is not None else folder.resolve().parent / f"{folder.resolve().name}-grading"
    entries = sorted(folder.iterdir())
    hidden = [p.name for p in entries if p.name.startswith(".")]
    students = [p.name for p in entries if not p.name.startswith(".") and (p.is_dir() or p.is_symlink())]
    if student is not None and student not in students:
        raise UsageError(f"no student folder called {student!r} in {folder}")
    preload()  # every reference answer in memory before the first student's code runs
    unverified = 0
    if write:
        out.mkdir(parents=True, exist_ok=True)
        key = _class_key(out)
        previous, unverified = ({}, 0) if regrade else _load_results(out / RESULTS, key)
    else:
        key, previous = None, {}
    if student is not None:
        previous = {k: v for k, v in previous.items() if k[0] != student}
    todo = defaultdict(list)  # student -> the drills still to grade
    for s, d in ((s, d) for s in students for d in chosen):
        if (student is None or s == student) and (s, d.id) not in previous:
            todo[s].append(d)
    records = {k: v for k, v in previous.items() if k[0] in students and k[1] in {d.id for d in chosen}}
    forbidden = [folder.resolve(), out.resolve()]
    started, graded, interrupted = time.perf_counter(), 0, False
    log = open(out / RESULTS, "a", encoding="utf-8") if write else None
    try:
        for record in _run_jobs(folder, todo, workers, limits, seed, forbidden, progress):
            if key is not None:
                record["signature"] = _sign(key, record)
            records[record["student"], record["drill"]] = record
            graded += 1
            if log is not None:
                log.write(json.dumps(record, sort_keys=True) + "\n")
                log.flush()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if log is not None:
            log.close()
    table = _table(students, chosen, records, out if write else None, graded,
                   time.perf_counter() - started, limits)
    table.hidden, table.unverified, table.interrupted = hidden, unverified, interrupted
    if write:
        _write_outputs(table, students, chosen, records)
    if interrupted:
        raise GradingInterrupted(table)
    return table


def _check_class(folder: Path, allow_weak: bool):
    """A class folder that exists, and an operating-system sandbox (or the instructor's consent)."""
    if not folder.exists():
        raise UsageError(f"{folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder (expected one sub-folder per student)")
    level = sandbox.isolation()
    if not level.strong and not allow_weak:
        raise WeakSandboxError(
            f"no operating-system sandbox on this machine (isolation: {level.name}), so a student's code could "
            f"read the answers or another student's files; {sandbox.WEAK_HINT}, or pass --allow-weak-sandbox "
            "to grade anyway (every record then says so)")


class GradingInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during grading: ``table`` holds (and the outputs keep) what finished."""

    def __init__(self, table):
        super().__init__("grading interrupted")
        self.table = table


def _class_key(out: Path) -> bytes:
    """The class's signing key (32 random bytes, ``OUT/.class-key``, mode 0600), made once."""
    path = out / KEY_FILE
    try:
        text = path.read_text().strip()
        if re.fullmatch(r"[0-9a-f]{64}", text):
            return bytes.fromhex(text)
    except OSError:
        pass
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex() + "\n")
    return key


def _sign(key: bytes, record: dict) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != "signature"}, sort_keys=True)
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _load_results(path: Path, key: bytes | None = None):
    """(latest verified record per (student, drill), number of records that failed to verify).

    A torn last line is skipped; with ``key``, a record whose signature does not verify
    (edited, forged, or from another class) is dropped, so that pair is graded again.
    """
    records, unverified = {}, 0
    if not path.is_file():
        return records, unverified
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
            ident = (record["student"], record["drill"])
            if not isinstance(ident[0], str) or not isinstance(ident[1], str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            continue
        if key is not None and not hmac.compare_digest(str(record.get("signature", "")), _sign(key, record)):
            unverified += 1
            continue
        records[ident] = record
    return records, unverified


def _run_jobs(folder, todo, workers, limits, seed, forbidden, progress):
    """Yield one record per (student, drill) as each student finishes.

    Every pair of this run shares one fresh 128-bit secret seed (or ``seed``): the cases,
    expected values and wrong implementations' outputs of a drill are computed once for the
    class; the next run (a ``--student`` regrade included) draws a new seed.

    Ctrl-C: every running child is stopped at once (``sandbox.CANCEL``), queued students
    are dropped, and the records of what finished before are still yielded.
    """
    workers = max(1, int(workers or os.cpu_count() or 2))
    total = sum(len(v) for v in todo.values())
    bar = _progress_bar(total) if progress and total else None
    sandbox.CANCEL.clear()
    seed = secrets.randbits(128) if seed is None else int(seed)
    cache = {}
    pool = ThreadPoolExecutor(max_workers=workers)
    futures = {pool.submit(_grade_student, folder, s, drills, limits, seed, forbidden, cache)
               for s, drills in todo.items()}
    try:
        while futures:
            done, futures = wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                records = future.result()
                if bar is not None and records:
                    bar[0].update(bar[1], advance=len(records),
                                  description=f"graded {feedback.clean(records[0]['student'])[:20]}")
                yield from records
    except BaseException:
        sandbox.CANCEL.set()
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in futures:
            if future.done() and not future.cancelled() and future.exception() is None:
                yield from (r for r in future.result() if not r.get("cancelled"))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        sandbox.CANCEL.clear()
        if bar is not None:
            bar[0].stop()


def _progress_bar(total):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    bar = Progress(TextColumn("{task.description:<30}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=False)
    bar.start()
    return bar, bar.add_task("grading", total=total)


def _new_record(student, drill):
    return {"student": student, "drill": drill.id, "status": "error", "passed": False, "credit": 0.0,
            "cases": [], "misconception": None, "diagnosis": None, "problem": "", "failing_case": None,
            "report": "", "isolation": str(sandbox.isolation())}


def _grade_student(folder, student, drills, limits, seed, forbidden, cache=None):
    """Grade one student's drills in one sandboxed interpreter; never raises.

    Anything unexpected becomes an ``error`` row; a pair cut short by Ctrl-C is marked
    ``cancelled`` and never recorded (the next run grades it).
    """
    start = time.perf_counter()
    records, jobs = [], []
    student_dir = folder / student
    for drill in drills:
        record = _new_record(student, drill)
        records.append(record)
        path = student_dir / drill.filename
        try:
            if student_dir.is_symlink():
                record.update(status="refused", problem="the student folder is a symbolic link; it is not graded")
            elif not (path.exists() or path.is_symlink()):
                record.update(status="missing", problem=f"no file {drill.filename}")
            else:
                source = read_submission(path)
                jobs.append((record, (drill, source, f"{student}/{drill.filename}",
                                      secrets.randbits(128) if seed is None else seed)))
        except SubmissionError as exc:
            record.update(status=exc.status, problem=str(exc))
        except Exception as exc:  # noqa: BLE001 - one student's file must never stop the class
            record.update(status="error", problem=_grader_error(exc))
    try:
        verdicts = check_many([job for _, job in jobs], limits=limits, forbidden=forbidden, secret=True,
                              cache=cache) if jobs else []
        for (record, _), verdict in zip(jobs, verdicts):
            _fill(record, verdict)
    except Exception as exc:  # noqa: BLE001
        for record, _ in jobs:
            record.update(status="error", problem=_grader_error(exc))
    seconds = round((time.perf_counter() - start) / max(1, len(records)), 3)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for record, drill in zip(records, drills):
        record["seconds"], record["graded_at"] = seconds, stamp
        if not record["report"]:
            record["report"] = f"{record['status'].upper()}  {drill.id}: {feedback.clean(record['problem'])}"
    return records


def _grader_error(exc):
    return f"the grader could not grade this file ({type(exc).__name__}: {feedback.clean(exc)})"


def _fill(record, verdict):
    f = verdict.failure
    record.update(
        status=verdict.status, passed=verdict.passed, credit=round(verdict.credit, 4),
        cases=[{"name": c.name, "kind": c.kind, "passed": c.passed, "problem": feedback.clean(c.problem)}
               for c in verdict.cases],
        report=feedback.text(verdict),
        isolation=verdict.isolation,
    )
    if getattr(verdict, "cancelled", False):
        record["cancelled"] = True
    if f is not None:
        record.update(problem=feedback.clean(f.problem), failing_case=f.case.name if f.case else None)
        if f.diagnosis is not None:
            record.update(misconception=f.diagnosis.name, diagnosis=f.diagnosis.diagnosis)
    if verdict.notes:
        record["notes"] = [r.name for r in verdict.notes]


def _table(students, chosen, records, out, graded, seconds, limits):
    status, problems = {}, {}
    for s in students:
        for d in chosen:
            record = records.get((s, d.id))
            state = record["status"] if record and record.get("status") in STATUSES else "error"
            status[s, d.id] = state
            if record and state != "pass" and record.get("problem"):
                problems[s, d.id] = record["problem"]
    return GradeTable(students, [d.id for d in chosen], status, problems, records=records, out=out,
                      graded=graded, seconds=seconds, isolation=str(sandbox.isolation()), limits=limits)


def _write_outputs(table, students, chosen, records):
    out = table.out
    keep = {(s, d.id) for s in students for d in chosen}
    # Compact the log: one line per (student, drill), the latest; records of other drills stay.
    everything, _ = _load_results(out / RESULTS, _class_key(out))
    everything.update({k: v for k, v in records.items() if k in keep and not v.get("cancelled")})
    _atomic(out / RESULTS, "".join(json.dumps(r, sort_keys=True) + "\n" for r in everything.values()))
    _atomic(out / GRADEBOOK, table.to_csv())
    _atomic(out / REPORT_MD, table.to_markdown())
    _atomic(out / REPORT_HTML, table.to_html())
    (out / "students").mkdir(exist_ok=True)
    for s in students:
        _atomic(out / "students" / f"{_file_safe(s)}.txt", student_report(table, s))


def _atomic(path: Path, text: str):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _file_safe(name):
    """A file name for a student: readable, and distinct for names that differ only in
    punctuation (``o'neil``, ``o neil``, ``o_neil``) or past 80 characters."""
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".")[:80] or "student"
    if safe != name:
        safe += "-" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return safe


def student_report(table: GradeTable, student: str) -> str:
    """One student's feedback: status per drill, and the first failing case of each."""
    lines = [f"Drill results for {feedback.clean(student)}: {table.score(student)}/{len(table.drills)} passed", ""]
    for d in table.drills:
        record = table.records.get((student, d), {})
        credit = table.credit(student, d)
        level = str(record.get("isolation", "")).split(" (")[0]
        where = f", sandbox: {'process (weak)' if level == 'process' else level}" if level else ""
        lines.append(f"== {d}: {table.status[student, d]} ({credit:.0%} of cases{where})")
        report = record.get("report", "")
        if table.status[student, d] not in ("pass", "missing") and report:
            lines += ["   " + line for line in report.splitlines()]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- class report


def _report_data(table):
    heat = table.heatmap()
    wrongs = {}
    for d in table.drills:
        drill = get_drill(d)
        wrongs[d] = {w.name: w.diagnosis for w in drill.wrongs}
    names = sorted({m for (_, m) in heat}, key=lambda m: (-sum(n for (d, k), n in heat.items() if k == m), m))
    rows = [d for d in table.drills if any((d, m) in heat for m in names)]
    return heat, wrongs, names, rows


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md_cell(text):
    """Learner- or file-controlled text as literal Markdown: HTML and Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(feedback.clean(text), quote=False))


def notices(table, escape=str):
    """Lines an instructor must not miss: a weak sandbox, hidden folders, unverified records."""
    lines = []
    if table.isolation and not table.isolation.startswith("bubblewrap"):
        lines.append("WARNING: graded WITHOUT the operating-system sandbox (--allow-weak-sandbox): a student's "
                     "code could read files on this machine.")
    if table.hidden:
        lines.append("Not graded (hidden folders): " + ", ".join(escape(h) for h in table.hidden) + ".")
    if table.unverified:
        lines.append(f"{table.unverified} saved results did not verify against the class key (edited or forged) "
                     "and were graded again.")
    return lines


def _markdown(table) -> str:
    heat, wrongs, names, rows = _report_data(table)
    n = len(table.students)
    lines = [f"# Class report: {n} students, {len(table.drills)} drills", "",
             f"Sandbox: {table.isolation}. Budgets: "
             f"{_md_cell((table.limits or sandbox.Limits()).describe())}. The random cases come from "
             "a fresh secret seed drawn for this run and never stored.", "", *(x for line in notices(table, _md_cell) for x in (line, "")),
             "## Pass rate per drill", "",
             "| drill | passed | pass rate | " + " | ".join(s for s in STATUSES if s != "pass") + " |",
             "|---|---:|---:|" + "---:|" * (len(STATUSES) - 1)]
    for d, passed, total, counts in table.pass_rates():
        rate = f"{passed / total:.0%}" if total else "-"
        lines.append(f"| {d} | {passed}/{total} | {rate} | " +
                     " | ".join(str(counts.get(s, 0)) for s in STATUSES if s != "pass") + " |")
    lines += ["", "## Cases most students fail", "",
              "Among the students whose code ran the case (a stub or a crash at import does not count).", "",
              "| drill | case | students failing | of |", "|---|---|---:|---:|"]
    for d, case, failed, ran in table.most_failed_cases():
        lines.append(f"| {_md_cell(d)} | {_md_cell(case)} | {failed} | {ran} |")
    lines += ["", "## Misconception heatmap", "",
              "Students whose failing answer matched a known wrong implementation (drill x misconception)."
              " A dash: that drill has no such misconception.", ""]
    if not names:
        lines.append("No misconception was diagnosed.")
    else:
        lines.append("| drill | " + " | ".join(names) + " |")
        lines.append("|---|" + "---:|" * len(names))
        for d in rows:
            cells = [str(heat.get((d, m), 0)) if m in wrongs[d] else "-" for m in names]
            lines.append(f"| {d} | " + " | ".join(cells) + " |")
        lines += ["", "## Re-teach tomorrow", ""]
        ranked = sorted(heat.items(), key=lambda kv: (-kv[1], kv[0]))
        for (d, m), count in ranked[:10]:
            lines.append(f"- **{d} / {m}** ({count} student{'s' if count != 1 else ''}): "
                         f"{_md_cell(wrongs[d].get(m, ''))}")
    return "\n".join(lines) + "\n"


def _html(table) -> str:
    heat, wrongs, names, rows = _report_data(table)
    e = html.escape
    n = len(table.students)
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report</title><style>"
             "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child"
             "{text-align:left}</style></head><body>",
             f"<h1>Class report: {n} students, {len(table.drills)} drills</h1>",
             f"<p>Sandbox: {e(table.isolation)}. Budgets: {e((table.limits or sandbox.Limits()).describe())}."
             " The random cases come from a fresh secret seed drawn for this run and never stored.</p>",
             *(f"<p><b>{e(line)}</b></p>" for line in notices(table)),
             "<h2>Pass rate per drill</h2><table id='pass-rate'><tr><th>drill</th><th>passed</th>"
             "<th>pass rate</th>" + "".join(f"<th>{s}</th>" for s in STATUSES if s != "pass") + "</tr>"]
    for d, passed, total, counts in table.pass_rates():
        rate = f"{passed / total:.0%}" if total else "-"
        parts.append(f"<tr><td>{e(d)}</td><td>{passed}/{total}</td><td>{rate}</td>" +
                     "".join(f"<td>{counts.get(s, 0)}</td>" for s in STATUSES if s != "pass") + "</tr>")
    parts.append("</table><h2>Cases most students fail</h2><table id='most-failed'><tr><th>drill</th>"
                 "<th>case</th><th>students failing</th><th>of</th></tr>")
    for d, case, failed, ran in table.most_failed_cases():
        parts.append(f"<tr><td>{e(d)}</td><td>{e(feedback.clean(case))}</td><td>{failed}</td><td>{ran}</td></tr>")
    parts.append("</table><h2>Misconception heatmap</h2>")
    if not names:
        parts.append("<p>No misconception was diagnosed.</p>")
    else:
        top = max(heat.values())
        parts.append("<table id='heatmap'><tr><th>drill</th>" +
                     "".join(f"<th>{e(m)}</th>" for m in names) + "</tr>")
        for d in rows:
            cells = []
            for m in names:
                if m not in wrongs[d]:
                    cells.append("<td style='color:#bbb'>-</td>")
                    continue
                count = heat.get((d, m), 0)
                alpha = 0.15 + 0.85 * count / top if count else 0.0
                cells.append(f"<td style='background:rgba(180,35,24,{alpha:.2f})' "
                             f"title='{e(wrongs[d][m], quote=True)}'>{count}</td>")
            parts.append(f"<tr><td>{e(d)}</td>" + "".join(cells) + "</tr>")
        parts.append("</table><h2>Re-teach tomorrow</h2><ul>")
        for (d, m), count in sorted(heat.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            parts.append(f"<li><b>{e(d)} / {e(m)}</b> ({count} student{'s' if count != 1 else ''}): "
                         f"{e(wrongs[d].get(m, ''))}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
