"""Latency of the widget explorers: the pure state update and a full redraw.

Run:  .venv/bin/python benchmarks/bench_widgets.py [--sizes 1e5,1e6] [--save /tmp/widgets]

For each explorer and n it prints the median time of

* **state**: the pure state function for one control move (a threshold, a bin count, an
  outlier size) on precomputed arrays -- O(log n), O(n_bins log n) and O(1);
* **redraw**: what a learner waits for after moving that control: setting
  ``slider.value`` runs the state, moves the artists and renders the PNG.

Targets at n = 1e5: state < 5 ms, redraw < 150 ms. Extra rows time the controls that are
allowed to cost more: a new cost or prevalence (O(#thresholds), and a full re-render of the
figure's background) and a new temperature (O(n k) plus, for multiclass, a sort). One-off
setup (``__init__``: the sort, the first render) is printed too. Timings are medians over a
few repeats on a possibly noisy machine: a report, never a test assertion.
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

STATE_TARGET_MS, REDRAW_TARGET_MS = 5.0, 150.0


def median_ms(fn, values):
    """Median wall time of ``fn(v)`` over ``values``, in milliseconds (after one warm-up)."""
    fn(values[-1])
    times = []
    for v in values:
        t0 = time.perf_counter()
        fn(v)
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, 1e3 * (time.perf_counter() - t0)


def data(n, rng):
    y = (rng.random(n) < 0.1).astype(np.int64)
    score = 1 / (1 + np.exp(-(rng.normal(size=n) + 2.0 * y - 2.0)))
    sign = rng.integers(0, 10, n)
    calibrated = 3.0 * np.eye(10)[sign] + rng.standard_normal((n, 10))
    label = (calibrated + rng.gumbel(size=(n, 10))).argmax(axis=1)
    y_reg = rng.normal(size=n)
    return y, score, label, 2.5 * calibrated, y_reg, y_reg + 0.3 * rng.normal(size=n)


def bench(n, rng, save):
    y, score, label, logits, y_reg, y_reg_pred = data(n, rng)
    rows = []

    ex, init = timed(lambda: ThresholdExplorer(y, score, cost_fp=1.0, cost_fn=10.0))
    thresholds = list(np.linspace(0.05, 0.95, 41))
    state = median_ms(lambda t: threshold_state(ex.curve, t, cost_fp=1.0, cost_fn=10.0), thresholds)
    redraw = median_ms(lambda t: setattr(ex.threshold, "value", t), thresholds)
    rows.append(("ThresholdExplorer: threshold", n, state, redraw, init))
    costs = list(np.linspace(2.0, 20.0, 7))
    rows.append(("ThresholdExplorer: cost_fn (O(#thresholds))", n,
                 median_ms(lambda c: threshold_state(ex.curve, 0.5, cost_fp=1.0, cost_fn=c + 0.01),
                           costs),
                 median_ms(lambda c: setattr(ex.cost_fn, "value", c), costs), None))
    if save:
        ex.prevalence.value = 0.3
        (save / f"threshold_{n:.0e}.png").write_bytes(ex.image.value)

    ex, init = timed(lambda: CalibrationExplorer(label, logits=logits))
    forecasts = ex.forecasts("none", 1.0)
    bins = list(range(5, 46, 2))
    state = median_ms(lambda b: calibration_state(forecasts, n_bins=b, strategy="quantile"), bins)
    redraw = median_ms(lambda b: setattr(ex.n_bins, "value", b), bins)
    rows.append(("CalibrationExplorer: n_bins", n, state, redraw, init))
    temperatures = list(np.geomspace(0.5, 4.0, 5))
    rows.append(("CalibrationExplorer: temperature (O(n k log n))", n,
                 median_ms(lambda t: ex.forecasts("none", t + 1e-9), temperatures),
                 median_ms(lambda t: setattr(ex.temperature, "value", t), temperatures), None))
    if save:
        ex.method.value = "platt"
        (save / f"calibration_{n:.0e}.png").write_bytes(ex.image.value)

    ex, init = timed(lambda: ErrorExplorer(y_reg, y_reg_pred))
    outliers = list(np.linspace(0.0, ex.outlier.max, 41))
    state = median_ms(lambda o: error_state(ex.sums, o), outliers)
    redraw = median_ms(lambda o: setattr(ex.outlier, "value", o), outliers)
    rows.append(("ErrorExplorer: outlier", n, state, redraw, init))
    if save:
        (save / f"errors_{n:.0e}.png").write_bytes(ex.image.value)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated n values")
    parser.add_argument("--save", default=None, help="directory for sample PNGs")
    args = parser.parse_args()
    save = Path(args.save) if args.save else None
    if save:
        save.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    print(f"| control | n | state (ms) | target | redraw (ms) | target | setup (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for n in (int(float(s)) for s in args.sizes.split(",")):
        for name, size, state, redraw, init in bench(n, rng, save):
            hot = init is not None  # the rows with targets: one move of the main control
            state_target = f"< {STATE_TARGET_MS:g}" if hot and size <= 100_000 else ""
            redraw_target = f"< {REDRAW_TARGET_MS:g}" if hot and size <= 100_000 else ""
            setup = f"{init:.0f}" if init is not None else ""
            print(f"| {name} | {size:.0e} | {state:.3f} | {state_target} | {redraw:.1f} | "
                  f"{redraw_target} | {setup} |")


if __name__ == "__main__":
    main()
