"""What every benchmark shares: timing by best of repeats, readable times, the ratio table.

Each ``bench_*.py`` builds rows ``(n, name, ours, reference, floor, floor_name)`` -- three
zero-argument callables and the name of the floor (the least work the task needs, e.g. "one
bincount") -- and :func:`ratio_table` times them and prints one Markdown table: our time, the
reference library's, their ratio, the floor and our distance to it. A row meets the target
when we are at least 5x faster than the reference or within 2x of the floor.
"""

from __future__ import annotations

import time

SPEEDUP_TARGET, FLOOR_TARGET = 5.0, 2.0


def best_time(fn, budget=1.0, max_repeats=7):
    """Best wall time of ``fn()`` over a few repeats within about ``budget`` seconds."""
    times = []
    start = time.perf_counter()
    while len(times) < max_repeats:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget and len(times) >= 2:
            break
    return min(times)


def fmt_time(seconds):
    """``0.0123`` -> ``'12.3 ms'``; None -> ``'-'``."""
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def ratio_table(rows, reference_name, *, budget=lambda n: 1.0, reference_budget=None, skip_reference=None):
    """Time and print every row; return the (n, name) of the rows that miss the target.

    ``rows`` yields ``(n, name, ours, reference, floor, floor_name)``; ``reference`` may be None
    (or skipped for large n with ``skip_reference(n)``), then only the floor decides.
    """
    header = ("n", "metric", "ours", reference_name, f"{reference_name}/ours", "floor", "ours/floor", "meets")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    misses = []
    for n, name, ours, reference, floor, floor_name in rows:
        t_ours = best_time(ours, budget(n))
        skip = reference is None or (skip_reference is not None and skip_reference(n))
        t_ref = None if skip else best_time(reference, (reference_budget or budget)(n))
        t_floor = best_time(floor, budget(n))
        speedup = t_ref / t_ours if t_ref else None
        to_floor = t_ours / t_floor
        meets = (speedup is not None and speedup >= SPEEDUP_TARGET) or to_floor <= FLOOR_TARGET
        if not meets:
            misses.append((n, name))
        print(f"| {n:.0e} | {name} | {fmt_time(t_ours)} | {fmt_time(t_ref)} | "
              f"{'-' if speedup is None else f'{speedup:.1f}x'} | {fmt_time(t_floor)} ({floor_name}) | "
              f"{to_floor:.2f}x | {'yes' if meets else 'NO'} |", flush=True)
    print()
    print("every row meets the target" if not misses else
          "rows missing the target: " + ", ".join(f"{name} at n={n:.0e}" for n, name in misses))
    return misses
