"""Time the drill grader: grade every reference answer, the way a workshop or CI would.

    python benchmarks/bench_drills.py            # both cores (the default pool size)
    python benchmarks/bench_drills.py --workers 1

Each check starts a fresh sandboxed interpreter, so the figure is dominated by
interpreter + NumPy start-up; the target is under 30 s for every answer on 2 cores.
The table compares the isolation levels (bubblewrap namespaces vs the bare process
fallback) -- the price of the OS sandbox -- and times a 30-student batch.
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


def batch_of_thirty(workers: int):
    """30 students (answers, stubs, a wrong answer) on the 8 drills of set 01, graded from scratch."""
    root = Path(tempfile.mkdtemp(prefix="mlmetrics-bench-class-"))
    try:
        drill = get_drill("precision")
        for i in range(30):
            folder = root / "class" / f"student{i:02d}"
            folder.mkdir(parents=True)
            source = [answer_path(drill), stub_path(drill)][i % 2]
            shutil.copyfile(source, folder / drill.filename)
        ids = [d.id for d in load_drills() if d.set_name == drill.set_name]
        start = time.perf_counter()
        table = grade(root / "class", ids, workers=workers, out=root / "out")
        return time.perf_counter() - start, len(table.students) * len(ids)
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
    seconds, pairs = batch_of_thirty(args.workers)
    print(f"batch: 30 students x 8 drills ({pairs} sandboxes, {sandbox.isolation().name}): {seconds:.1f} s "
          f"({seconds / pairs * 1000:.0f} ms per student-drill)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
