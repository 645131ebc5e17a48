"""Workshop grading: every student's drill files, graded by the same sandboxed engine.

Layout: one sub-folder per student, each holding drill files named like the stubs
(``alice/01_confusion_matrix.py``, ...) -- what ``drill init`` gave them. The result
is a student x drill table of statuses: ``pass``, ``fail``, ``todo`` (still the stub)
or ``missing`` (no file). Children run in a thread pool, one per (student, drill).
"""

from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .grader import check_file
from .spec import get_drill, load_drills

SYMBOL = {"pass": "P", "fail": "x", "todo": ".", "missing": " "}


@dataclass
class GradeTable:
    """Statuses per student and drill, with text and CSV views."""

    students: list
    drills: list          # drill ids, in course order
    status: dict          # (student, drill_id) -> "pass" | "fail" | "todo" | "missing"
    problems: dict        # (student, drill_id) -> one-line reason for a fail

    def score(self, student) -> int:
        return sum(self.status[student, d] == "pass" for d in self.drills)

    def rows(self):
        """One dict per student: ``{"student": ..., drill_id: status, ..., "passed": n}``."""
        return [{"student": s, **{d: self.status[s, d] for d in self.drills}, "passed": self.score(s)}
                for s in self.students]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["student", *self.drills, "passed"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def to_text(self) -> str:
        """A compact grid: P pass, x fail, . not started, blank missing; drills as numbered columns."""
        width = max([len(s) for s in self.students] + [7])
        numbers = "".join(f"{i + 1:>3}" for i in range(len(self.drills)))
        lines = [f"{'student':<{width}} {numbers}  passed"]
        for s in self.students:
            cells = "".join(f"{SYMBOL[self.status[s, d]]:>3}" for d in self.drills)
            lines.append(f"{s:<{width}} {cells}  {self.score(s)}/{len(self.drills)}")
        lines.append("")
        lines += [f"{i + 1:>3} {d}" for i, d in enumerate(self.drills)]
        lines.append("P pass, x fail, . not started, blank: no file")
        return "\n".join(lines)


def grade(folder, drills=None, *, workers: int | None = None, limits=None) -> GradeTable:
    """Grade every student folder under ``folder`` on ``drills`` (ids; default: all)."""
    folder = Path(folder)
    chosen = [get_drill(d) for d in drills] if drills else list(load_drills())
    students = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    jobs = [(s, d) for s in students for d in chosen]

    def one(job):
        student, drill = job
        path = folder / student / drill.filename
        if not path.is_file():
            return job, "missing", ""
        # Nobody's code may read the class folder: no peeking at a neighbour's answers.
        verdict = check_file(drill, path, label=f"{student}/{drill.filename}", limits=limits,
                             forbidden=[folder.resolve()])
        if verdict.passed:
            return job, "pass", ""
        if verdict.failure.not_implemented:
            return job, "todo", ""
        return job, "fail", verdict.failure.problem

    status, problems = {}, {}
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        for (student, drill), state, problem in pool.map(one, jobs):
            status[student, drill.id] = state
            if problem:
                problems[student, drill.id] = problem
    return GradeTable(students, [d.id for d in chosen], status, problems)
