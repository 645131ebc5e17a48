"""Time the drill grader: grade every reference answer, the way a workshop or CI would.

    python benchmarks/bench_drills.py            # both cores (the default pool size)
    python benchmarks/bench_drills.py --workers 1

Each check starts a fresh sandboxed interpreter, so the figure is dominated by
interpreter + NumPy start-up; the target is under 30 s for every answer on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor

from mlmetrics_edu.drill.grader import check_file
from mlmetrics_edu.drill.spec import answer_path, load_drills


def grade_every_answer(workers: int):
    drills = load_drills()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(lambda d: check_file(d, answer_path(d)), drills))
    seconds = time.perf_counter() - start
    failed = [v.drill.id for v in verdicts if not v.passed]
    cases = sum(v.counts["edge"] + v.counts["random"] + v.counts["instances"] for v in verdicts)
    return seconds, len(drills), cases, failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    load_drills()  # load the specs once, outside the timing
    times = []
    for _ in range(args.repeat):
        seconds, n_drills, n_cases, failed = grade_every_answer(args.workers)
        if failed:
            raise SystemExit(f"reference answers failed: {failed}")
        times.append(seconds)
    best = min(times)
    print(f"grade every reference answer: {n_drills} drills, {n_cases} cases, {args.workers} workers")
    print(f"  best of {args.repeat}: {best:.2f} s  ({best / n_drills * 1000:.0f} ms per drill)  "
          f"target < 30 s: {'OK' if best < 30 else 'TOO SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
