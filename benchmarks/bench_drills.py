"""Time the drill grader: grade every reference answer, the way a workshop or CI would.

    python benchmarks/bench_drills.py            # both cores (the default pool size)
    python benchmarks/bench_drills.py --workers 1

Each check starts a fresh sandboxed interpreter, so the figure is dominated by
interpreter + NumPy start-up; the target is under 30 s for every answer on 2 cores.
The table compares the isolation levels (bubblewrap namespaces vs the bare process
fallback) -- the price of the OS sandbox -- and times a 30-student class over every
drill (one interpreter per student; target under 30 s with 2 workers), counting the
verdicts and misconception names that contradict what was planted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mlmetrics_edu.drill import sandbox
from mlmetrics_edu.drill.batch import grade
from mlmetrics_edu.drill.grader import check_file
from mlmetrics_edu.drill.spec import answer_path, get_drill, load_drills, stub_path


def grade_every_answer(workers: int):
    drills = load_drills()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(lambda d: check_file(d, answer_path(d)), drills))
    seconds = time.perf_counter() - start
    failed = [v.drill.id for v in verdicts if not v.passed]
    cases = sum(v.counts["edge"] + v.counts["random"] + v.counts["instances"] for v in verdicts)
    return seconds, len(drills), cases, failed


def _planted_file(set_name, drills):
    """A drill-set file whose every function is the spec's first wrong implementation."""
    from mlmetrics_edu.drill.notebook import function_source

    text = answer_path(drills[0]).read_text(encoding="utf-8")
    for d in drills:
        if d.wrongs:
            w = d.wrongs[0]
            text += "\n\n" + function_source(w.fn) + f"\n{d.function} = {w.fn.__name__}\n"
    return text


def build_class(root: Path, n: int = 30):
    """``n`` students over every drill: a third right, a third stubs, a third with a planted
    misconception in every drill. Returns {student: kind}."""
    by_set = {}
    for d in load_drills():
        by_set.setdefault(d.set_name, []).append(d)
    kinds = {}
    for i in range(n):
        kind = ("right", "stub", "planted")[i % 3]
        folder = root / f"student{i:02d}"
        folder.mkdir(parents=True)
        for drills in by_set.values():
            target = folder / drills[0].filename
            if kind == "right":
                shutil.copyfile(answer_path(drills[0]), target)
            elif kind == "stub":
                shutil.copyfile(stub_path(drills[0]), target)
            else:
                target.write_text(_planted_file(drills[0].set_name, drills), encoding="utf-8")
        kinds[f"student{i:02d}"] = kind
    return kinds


def class_of_thirty(workers: int):
    """30 students x every drill, graded from scratch; counts verdicts that contradict the plan."""
    root = Path(tempfile.mkdtemp(prefix="mlmetrics-bench-class-"))
    try:
        kinds = build_class(root / "class")
        start = time.perf_counter()
        table = grade(root / "class", None, workers=workers, out=root / "out")
        seconds = time.perf_counter() - start
        first_wrong = {d.id: d.wrongs[0].name for d in load_drills() if d.wrongs}
        wrong_verdicts = wrong_names = 0
        for (student, drill_id), record in table.records.items():
            kind = kinds[student]
            if kind == "right":
                wrong_verdicts += record["status"] != "pass"
            elif kind == "stub":
                wrong_verdicts += record["status"] != "todo"
            else:
                named = record.get("misconception")
                wrong_names += named is not None and named != first_wrong.get(drill_id)
                wrong_verdicts += drill_id in first_wrong and record["status"] not in ("fail", "pass")
        return seconds, len(table.records), wrong_verdicts, wrong_names
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    load_drills()  # load the specs once, outside the timing
    rows = []
    for mode in dict.fromkeys([sandbox.isolation().name, "process"]):
        os.environ[sandbox.ISOLATION_ENV] = mode
        times = []
        for _ in range(args.repeat):
            seconds, n_drills, n_cases, failed = grade_every_answer(args.workers)
            if failed:
                raise SystemExit(f"reference answers failed under {mode}: {failed}")
            times.append(seconds)
        rows.append((mode, min(times), n_drills, n_cases))
    os.environ.pop(sandbox.ISOLATION_ENV, None)
    print(f"grade every reference answer: {rows[0][2]} drills, {rows[0][3]} cases, {args.workers} workers, "
          f"best of {args.repeat}")
    print(f"  {'isolation':<12} {'seconds':>8} {'ms/drill':>9} {'vs process':>11}")
    base = rows[-1][1]
    for mode, best, n_drills, _ in rows:
        print(f"  {mode:<12} {best:>8.2f} {best / n_drills * 1000:>9.0f} {best / base:>10.2f}x")
    print(f"  target < 30 s: {'OK' if rows[0][1] < 30 else 'TOO SLOW'}")
    seconds, pairs, wrong_verdicts, wrong_names = class_of_thirty(args.workers)
    print(f"class: 30 students x every drill ({pairs} pairs, {sandbox.isolation().name}, -j {args.workers}): "
          f"{seconds:.1f} s, {pairs / seconds:.0f} pairs/s; wrong verdicts {wrong_verdicts}, "
          f"wrong misconception names {wrong_names}; target < 30 s: {'OK' if seconds < 30 else 'TOO SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
