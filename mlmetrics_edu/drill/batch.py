"""Workshop grading: every student's drill files, graded by the same sandboxed engine.

Layout: one sub-folder per student, each holding drill files named like the stubs
(``alice/01_confusion_matrix.py``, ...) -- what ``drill init`` gave them. Each
(student, drill) pair is graded in its own sandbox, ``workers`` at a time, with the
instructor's seed (secret: stored in the output folder, never printed). Whatever a
submission contains -- a symlink, bytes that are not UTF-8, an infinite loop, an
attack on the grader -- it becomes one row with a status, and the batch finishes.

Outputs, in ``out`` (default: ``CLASS-grading`` next to the class folder):

``results.jsonl``
    one JSON line per (student, drill): status, partial credit, every case's
    pass/fail with the problem, the misconception named, the student's report.
    It is also the resume log: a re-run skips what it already holds (``regrade``
    re-grades everything; ``student`` re-grades one student).
``gradebook.csv``
    one row per student; per drill: passed (0/1), credit (fraction of cases passed)
    and status (pass/fail/timeout/crash/refused/error/todo/missing).
``report.md`` / ``report.html``
    the class report: pass rate per drill, the cases most students fail, and the
    misconception heatmap (drill x misconception -> students) -- what to re-teach.
``students/NAME.txt``
    each student's feedback: per drill the status and the first failing case
    (inputs, expected, got), never the seed or the other cases' expected values.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import feedback, sandbox
from .cases import fresh_seed
from .grader import STATUSES, SubmissionError, check_source, read_submission
from .spec import get_drill, load_drills, preload

SYMBOL = {"pass": "P", "fail": "x", "todo": ".", "missing": " ", "timeout": "T", "crash": "C",
          "refused": "R", "error": "E"}
RESULTS, GRADEBOOK, REPORT_MD, REPORT_HTML, SEED_FILE = (
    "results.jsonl", "gradebook.csv", "report.md", "report.html", ".seed")


class UsageError(ValueError):
    """A mistake in how the batch grader was called (bad folder, unknown student or drill)."""


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
        writer.writerow(header + ["drills passed", "credit"])
        for s in self.students:
            row = [_csv_safe(s)]
            for d in self.drills:
                row += [int(self.status[s, d] == "pass"), f"{self.credit(s, d):.3f}", self.status[s, d]]
            total = sum(self.credit(s, d) for d in self.drills) / len(self.drills) if self.drills else 0.0
            writer.writerow(row + [self.score(s), f"{total:.3f}"])
        return out.getvalue()

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
        """(drill, case, students failing it, students who ran it), most failed first.

        Only cases the student's code actually ran count (status pass, fail, timeout or
        crash, and not the cases after a timeout or crash): a stub or a missing file
        fails every case and says nothing about which case is hard.
        """
        failed, ran = Counter(), Counter()
        for (s, d), record in self.records.items():
            if record.get("status") not in ("pass", "fail", "timeout", "crash"):
                continue
            for case in record.get("cases", []):
                if case.get("problem") in ("not run", "not trusted"):
                    continue
                ran[d, case["name"]] += 1
                if not case["passed"]:
                    failed[d, case["name"]] += 1
        order = {d: i for i, d in enumerate(self.drills)}
        rows = [(d, c, n, ran[d, c]) for (d, c), n in failed.items() if n]
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


def _csv_safe(text):
    """A student name as a CSV cell that no spreadsheet runs as a formula."""
    text = feedback.clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# --------------------------------------------------------------------------- grading


def grade(folder, drills=None, *, workers: int | None = None, limits=None, seed: int | None = None,
          out=None, regrade: bool = False, student: str | None = None, progress: bool = False,
          write: bool | None = None) -> GradeTable:
    """Grade every student folder under ``folder`` on ``drills`` (ids; default: all).

    ``out`` is where the gradebook, JSONL, reports and the secret seed go (default:
    ``CLASS-grading`` next to ``folder``); results already there are reused unless
    ``regrade``. ``student`` grades (and re-grades) that student only. ``progress``
    shows a ``rich`` progress bar on stderr. ``write=False`` keeps everything in memory
    (no files; then a fresh seed is used unless ``seed`` is given).
    """
    folder = Path(folder)
    if not folder.exists():
        raise UsageError(f"{folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder (expected one sub-folder per student)")
    chosen = [get_drill(d) for d in drills] if drills else list(load_drills())
    limits = limits or sandbox.Limits()
    write = (out is not None) if write is None else write
    out = Path(out) if out is not None else folder.resolve().parent / f"{folder.resolve().name}-grading"
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    students = [p.name for p in entries if p.is_dir() or p.is_symlink()]
    if student is not None and student not in students:
        raise UsageError(f"no student folder called {student!r} in {folder}")
    preload()  # every reference answer in memory before the first student's code runs
    if write:
        out.mkdir(parents=True, exist_ok=True)
        seed = _instructor_seed(out, seed)
        previous = {} if regrade else _load_results(out / RESULTS)
    else:
        seed = fresh_seed() if seed is None else int(seed)
        previous = {}
    if student is not None:
        previous = {k: v for k, v in previous.items() if k[0] != student}
    todo = [(s, d) for s in students for d in chosen
            if (student is None or s == student) and (s, d.id) not in previous]
    records = {k: v for k, v in previous.items() if k[0] in students and k[1] in {d.id for d in chosen}}
    forbidden = [folder.resolve()]
    started = time.perf_counter()
    log = open(out / RESULTS, "a", encoding="utf-8") if write else None
    try:
        for record in _run_jobs(folder, todo, workers, limits, seed, forbidden, progress):
            records[record["student"], record["drill"]] = record
            if log is not None:
                log.write(json.dumps(record, sort_keys=True) + "\n")
                log.flush()
    finally:
        if log is not None:
            log.close()
    table = _table(students, chosen, records, out if write else None, len(todo),
                   time.perf_counter() - started, limits)
    if write:
        _write_outputs(table, students, chosen, records)
    return table


def _instructor_seed(out: Path, seed):
    """The class's secret seed: given, or stored from the first run, or drawn now and stored."""
    path = out / SEED_FILE
    if seed is None and path.is_file():
        try:
            return int(path.read_text().strip())
        except ValueError:
            pass
    seed = fresh_seed() if seed is None else int(seed)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(f"{seed}\n")
    return seed


def _load_results(path: Path) -> dict:
    """The latest record per (student, drill) from a JSONL log; a torn last line is skipped."""
    records = {}
    if not path.is_file():
        return records
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
            records[record["student"], record["drill"]] = record
        except (ValueError, KeyError, TypeError):
            continue
    return records


def _run_jobs(folder, todo, workers, limits, seed, forbidden, progress):
    """Yield one record per (student, drill) job as they finish."""
    workers = max(1, int(workers or os.cpu_count() or 2))
    bar = _progress_bar(len(todo)) if progress and todo else None
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_grade_one, folder, s, d, limits, seed, forbidden) for s, d in todo]
            for future in as_completed(futures):
                record = future.result()
                if bar is not None:
                    bar[0].update(bar[1], advance=1,
                                  description=f"graded {feedback.clean(record['student'])[:20]}")
                yield record
    finally:
        if bar is not None:
            bar[0].stop()


def _progress_bar(total):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description:<30}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=False)
    bar.start()
    return bar, bar.add_task("grading", total=total)


def _grade_one(folder, student, drill, limits, seed, forbidden):
    """Grade one (student, drill); never raises: anything unexpected is an ``error`` row."""
    start = time.perf_counter()
    record = {"student": student, "drill": drill.id, "status": "error", "passed": False, "credit": 0.0,
              "cases": [], "misconception": None, "diagnosis": None, "problem": "", "failing_case": None,
              "report": ""}
    try:
        student_dir = folder / student
        path = student_dir / drill.filename
        if student_dir.is_symlink():
            record.update(status="refused", problem="the student folder is a symbolic link; it is not graded")
        elif not (path.exists() or path.is_symlink()):
            record.update(status="missing", problem=f"no file {drill.filename}")
        else:
            try:
                source = read_submission(path)
            except SubmissionError as exc:
                record.update(status=exc.status, problem=str(exc))
            else:
                verdict = check_source(drill, source, label=f"{student}/{drill.filename}", limits=limits,
                                       forbidden=forbidden, seed=seed, secret=True)
                _fill(record, verdict)
    except Exception as exc:  # noqa: BLE001 - one student's file must never stop the class
        record.update(status="error", problem=f"the grader could not grade this file ({type(exc).__name__}: "
                      f"{feedback.clean(exc)})")
    record["seconds"] = round(time.perf_counter() - start, 3)
    record["graded_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if not record["report"]:
        record["report"] = f"{record['status'].upper()}  {drill.id}: {feedback.clean(record['problem'])}"
    return record


def _fill(record, verdict):
    f = verdict.failure
    record.update(
        status=verdict.status, passed=verdict.passed, credit=round(verdict.credit, 4),
        cases=[{"name": c.name, "kind": c.kind, "passed": c.passed, "problem": feedback.clean(c.problem)}
               for c in verdict.cases],
        report=feedback.text(verdict),
        isolation=verdict.isolation,
    )
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
    everything = _load_results(out / RESULTS)
    everything.update({k: v for k, v in records.items() if k in keep})
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
    import re

    return re.sub(r"[^\w.-]", "_", name).lstrip(".")[:80] or "student"


def student_report(table: GradeTable, student: str) -> str:
    """One student's feedback: status per drill, and the first failing case of each."""
    lines = [f"Drill results for {feedback.clean(student)}: {table.score(student)}/{len(table.drills)} passed", ""]
    for d in table.drills:
        record = table.records.get((student, d), {})
        credit = table.credit(student, d)
        lines.append(f"== {d}: {table.status[student, d]} ({credit:.0%} of cases)")
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


def _md_cell(text):
    return feedback.clean(text).replace("|", "\\|")


def _markdown(table) -> str:
    heat, wrongs, names, rows = _report_data(table)
    n = len(table.students)
    lines = [f"# Class report: {n} students, {len(table.drills)} drills", "",
             f"Sandbox: {table.isolation}. Budgets: "
             f"{(table.limits or sandbox.Limits()).describe()}. The random cases come from the "
             "instructor's secret seed.", "",
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
        lines.append(f"| {d} | {_md_cell(case)} | {failed} | {ran} |")
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
             " The random cases come from the instructor's secret seed.</p>",
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
