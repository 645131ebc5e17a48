"""Latency of the widget explorers: every control, from the move to the new PNG and readout.

Run:  .venv/bin/python benchmarks/bench_widgets.py [--sizes 1e5,1e6] [--repeats 7] [--save DIR]

For each explorer, each of its controls and each n, the table gives the median and the
worst of ``--repeats`` timed moves. A move is what a learner waits for: setting the control's
``value`` (or clicking the button) recomputes the state, moves the artists, encodes the PNG and
writes the readout. Every timed move is a *cache miss*: a value the explorer has not seen
(a new cost, prevalence or temperature; a recalibrator fitted at a new temperature; the
forecasts cache emptied before a button press), so the numbers are the first-time cost.

The target is 150 ms per move at n = 1e5 and 1e6 (issue 9). The "state" column times the
pure state function alone for the controls that have one (O(log n), O(n_bins log n), O(1)).
One-off setup (``__init__``: the sort, the fitted temperature, the first render) is printed
as its own row. Timings are medians on a possibly loaded machine: a report, never a test
assertion.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from mlmetrics_edu.widgets import (
    CalibrationExplorer,
    ErrorExplorer,
    ThresholdExplorer,
    calibration_state,
    error_state,
    threshold_state,
)

TARGET_MS = 150.0


def timed_moves(prepare, move, repeats):
    """Milliseconds of ``move(i)`` for i in range(repeats), each after an untimed ``prepare(i)``."""
    times = []
    for i in range(-1, repeats):  # i = -1: a warm-up, not counted
        prepare(i)
        t0 = time.perf_counter()
        move(i)
        if i >= 0:
            times.append(1e3 * (time.perf_counter() - t0))
    return times


def median_state_ms(fn, values):
    """Median wall time of the pure state function over ``values`` (after one warm-up)."""
    fn(values[-1])
    times = []
    for v in values:
        t0 = time.perf_counter()
        fn(v)
        times.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(times)


def setup(build):
    t0 = time.perf_counter()
    explorer = build()
    return explorer, 1e3 * (time.perf_counter() - t0)


def nothing(_i):
    pass


def data(n, rng):
    y = (rng.random(n) < 0.1).astype(np.int64)
    score = 1 / (1 + np.exp(-(rng.normal(size=n) + 2.0 * y - 2.0)))
    sign = rng.integers(0, 10, n)
    calibrated = 3.0 * np.eye(10)[sign] + rng.standard_normal((n, 10))
    label = (calibrated + rng.gumbel(size=(n, 10))).argmax(axis=1)
    y_reg = 200_000 + 50_000 * rng.normal(size=n)
    return y, score, label, 2.5 * calibrated, y_reg, y_reg + 15_000 * rng.normal(size=n)


def bench_threshold(n, y, score, repeats, rows, save):
    ex, init = setup(lambda: ThresholdExplorer(y, score, cost_fp=1.0, cost_fn=10.0))
    rows.append(("Threshold", "setup (__init__)", n, None, [init]))
    grid = np.linspace(0.05, 0.95, repeats + 1)
    state = median_state_ms(lambda t: threshold_state(ex.curve, t, cost_fp=1.0, cost_fn=10.0), list(grid))
    rows.append(("Threshold", "threshold slider", n, state,
                 timed_moves(nothing, lambda i: setattr(ex.threshold, "value", float(grid[i])), repeats)))
    prevalences = 0.02 + 0.9 * np.random.default_rng(1).random(repeats + 1)  # never seen before
    rows.append(("Threshold", "prevalence slider", n, None,
                 timed_moves(nothing, lambda i: setattr(ex.prevalence, "value", float(prevalences[i])),
                             repeats)))
    ex.prevalence.value = ex.data_prevalence
    for name in ("cost_fp", "cost_fn"):
        box = getattr(ex, name)
        costs = 1.5 + np.arange(repeats + 1) * 1.25 + (0.1 if name == "cost_fp" else 0.2)
        rows.append(("Threshold", f"{name} box", n, None,
                     timed_moves(nothing, lambda i: setattr(box, "value", float(costs[i])), repeats)))
    new_costs = 30.0 + np.arange(repeats + 1) * 0.7

    def new_cost(i):  # a new optimum each time (untimed); the click moves the slider to it
        ex.cost_fn.value = float(new_costs[i])
        ex.threshold.value = ex.threshold.min

    rows.append(("Threshold", "optimum button", n, None,
                 timed_moves(new_cost, lambda i: ex.optimum_button.click(), repeats)))
    if save:
        ex.prevalence.value = 0.3
        (save / f"threshold_{n:.0e}.png").write_bytes(bytes(ex.image.value))


def bench_calibration(n, label, logits, repeats, rows, save):
    ex, init = setup(lambda: CalibrationExplorer(label, logits=logits))
    rows.append(("Calibration", "setup (__init__)", n, None, [init]))
    forecasts = ex.forecasts("none", 1.0)
    bins = [5 + (3 * i) % 43 for i in range(repeats + 1)]
    state = median_state_ms(lambda b: calibration_state(forecasts, n_bins=b, strategy="quantile"), bins)
    rows.append(("Calibration", "n_bins slider", n, state,
                 timed_moves(nothing, lambda i: setattr(ex.n_bins, "value", bins[i]), repeats)))
    strategies = ["quantile", "uniform"] * repeats
    rows.append(("Calibration", "strategy toggle", n, None,
                 timed_moves(nothing, lambda i: setattr(ex.strategy, "value", strategies[i + 1]), repeats)))
    temperatures = np.geomspace(0.4, 6.0, 2 * repeats + 2)
    rows.append(("Calibration", "temperature slider", n, None,
                 timed_moves(nothing, lambda i: setattr(ex.temperature, "value", float(temperatures[i])),
                             repeats)))
    for method in ("platt", "isotonic"):
        def new_temperature(i, method=method):  # untimed: a temperature no recalibrator saw
            ex.method.value = "none"
            ex.temperature.value = float(temperatures[repeats + 1 + i] * (1.01 if method == "platt" else 1.02))

        rows.append(("Calibration", f"method toggle -> {method}", n, None,
                     timed_moves(new_temperature, lambda i, method=method: setattr(ex.method, "value", method),
                                 repeats)))
    ex.method.value = "none"

    def reset(_i):  # back to T = 1, forget every cached forecast: the click pays the full O(n k)
        ex.temperature.value = 1.0
        ex._forecasts.clear()

    rows.append(("Calibration", "fit-T button", n, None,
                 timed_moves(reset, lambda i: ex.fit_button.click(), repeats)))
    if save:
        ex.n_bins.value = 30
        (save / f"calibration_{n:.0e}.png").write_bytes(bytes(ex.image.value))


def bench_errors(n, y_reg, y_pred, repeats, rows, save):
    ex, init = setup(lambda: ErrorExplorer(y_reg, y_pred, delta=20_000, unit="$"))
    rows.append(("Error", "setup (__init__)", n, None, [init]))
    outliers = list(np.linspace(0.0, ex.outlier.max, repeats + 1))
    state = median_state_ms(lambda o: error_state(ex.sums, o), outliers)
    rows.append(("Error", "outlier slider", n, state,
                 timed_moves(nothing, lambda i: setattr(ex.outlier, "value", float(outliers[i])), repeats)))
    if save:
        ex.outlier.value = outliers[len(outliers) // 2]
        (save / f"errors_{n:.0e}.png").write_bytes(bytes(ex.image.value))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated n values")
    parser.add_argument("--repeats", type=int, default=7, help="timed moves per control")
    parser.add_argument("--save", default=None, help="directory for sample PNGs")
    args = parser.parse_args()
    save = Path(args.save) if args.save else None
    if save:
        save.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    rows = []
    for n in (int(float(s)) for s in args.sizes.split(",")):
        y, score, label, logits, y_reg, y_pred = data(n, rng)
        bench_threshold(n, y, score, args.repeats, rows, save)
        bench_calibration(n, label, logits, args.repeats, rows, save)
        bench_errors(n, y_reg, y_pred, args.repeats, rows, save)
    print("| explorer | control | n | state (ms) | move, median (ms) | move, worst (ms) | target |")
    print("|---|---|---:|---:|---:|---:|---|")
    over = 0
    for explorer, control, n, state, times in rows:
        state_text = "" if state is None else f"{state:.3f}"
        if control.startswith("setup"):
            print(f"| {explorer} | {control} | {n:.0e} | | {times[0]:.0f} | | one-off |")
            continue
        median = statistics.median(times)
        over += median >= TARGET_MS
        verdict = f"< {TARGET_MS:g}: " + ("yes" if median < TARGET_MS else "NO")
        print(f"| {explorer} | {control} | {n:.0e} | {state_text} | {median:.1f} | {max(times):.1f} | {verdict} |")
    print(f"\n{over} control(s) at or over {TARGET_MS:g} ms (median).")


if __name__ == "__main__":
    main()
