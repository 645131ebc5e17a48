"""Speed of the streaming states and the drift measures, as ratio tables.

Run:  .venv/bin/python benchmarks/bench_monitoring.py [--sizes 1e5,1e6,1e7] [--dask-rows 2e7]

Table 1 -- streaming states. Each row feeds n rows through ``update`` in chunks of 2**16,
merging as it goes, and compares the time with the reference (scikit-learn's one-pass
metric on the whole array, which needs all the data in memory at once) and with the floor
(the one vectorised NumPy pass that any implementation needs: ``bincount`` of the labels,
``np.unique`` of the scores for the exact AUC, a dot product for the regression sums).
Throughput is rows per second on one core.

Table 2 -- Dask. The same states, evaluated by :func:`mlmetrics_edu.distributed.evaluate_dask`
on a ``LocalCluster`` of 1 and of 2 worker processes (one thread each) over data generated
and persisted on the workers; throughput is rows per second in total and per worker.

Table 3 -- drift. PSI against the usual NumPy recipe (``np.percentile`` + ``np.histogram``;
scipy has no PSI), KS against ``scipy.stats.ks_2samp``, Jensen-Shannon and Wasserstein
against scipy, the categorical chi-square test against ``np.unique`` + ``chi2_contingency``
(floor: one bincount of the codes per sample), and the drift states fed in chunks of 65,536
(the histogram state against the PSI recipe, the KLL sketch state against scipy's exact KS +
Wasserstein), each with its floor.

Target: every row at least 5x faster than the reference, or within 2x of the floor.
Timings are the best of several repeats; machines are noisy, so this is a report, never an
assertion in the test suite.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import sklearn.metrics as skm
from scipy import stats
from scipy.spatial.distance import jensenshannon

from common import best_time, fmt_time
from mlmetrics_edu import drift
from mlmetrics_edu.monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    HistogramDriftState,
    QuantileSketchState,
    RegressionState,
    RocAucState,
)

CHUNK = 1 << 16


def data(n, rng):
    y = (rng.random(n) < 0.3).astype(np.int64)
    score = np.round(rng.normal(size=n) + y, 3)  # rounded: realistic ties, bounded distinct values
    prob = np.round(1.0 / (1.0 + np.exp(-score)), 4)
    y_pred = (score > 0.5).astype(np.int64)
    y_reg = rng.normal(size=n)
    return y, score, prob, y_pred, y_reg, y_reg + rng.normal(scale=0.5, size=n)


def stream(make, *arrays):
    """Feed the arrays through a state chunk by chunk; merge two half-streams at the end."""
    n = len(arrays[0])
    half = (n // 2 // CHUNK) * CHUNK or n
    parts = []
    for lo_, hi_ in ((0, half), (half, n)):
        state = make()
        for lo in range(lo_, hi_, CHUNK):
            state.update(*(a[lo:min(lo + CHUNK, hi_)] for a in arrays))
        parts.append(state)
    return parts[0].merge(parts[1]).compute()


def state_rows(n, rng):
    y, score, prob, y_pred, y_reg, y_reg_pred = data(n, rng)

    def ece_sklearn():
        from sklearn.calibration import calibration_curve

        prob_true, prob_pred = calibration_curve(y, prob, n_bins=10)
        counts = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], prob), minlength=10)
        return np.sum(counts[counts > 0] * np.abs(prob_true - prob_pred)) / n

    def r2_floor():
        e = y_reg_pred - y_reg
        return (e * e).sum(), y_reg.sum(), (y_reg * y_reg).sum()

    return [
        ("ConfusionMatrixState", lambda: stream(ConfusionMatrixState, y, y_pred),
         lambda: (skm.confusion_matrix(y, y_pred), skm.f1_score(y, y_pred)),
         lambda: np.bincount(2 * y + y_pred, minlength=4), "bincount"),
        ("RocAucState (exact)", lambda: stream(RocAucState, y, score),
         lambda: skm.roc_auc_score(y, score), lambda: np.unique(score, return_inverse=True), "np.unique"),
        ("BinnedRocAucState (1000 bins)", lambda: stream(BinnedRocAucState, y, prob),
         lambda: skm.roc_auc_score(y, prob),
         lambda: np.bincount(y * 1000 + np.minimum((prob * 1000).astype(np.int64), 999), minlength=2000),
         "bincount"),
        ("CalibrationState (ECE)", lambda: stream(CalibrationState, y, prob), ece_sklearn,
         lambda: np.bincount(np.minimum((prob * 10).astype(np.int64), 9), weights=prob - y, minlength=10),
         "bincount"),
        ("RegressionState (MSE, R2)", lambda: stream(RegressionState, y_reg, y_reg_pred),
         lambda: (skm.mean_squared_error(y_reg, y_reg_pred), skm.r2_score(y_reg, y_reg_pred)),
         r2_floor, "dot products"),
    ]


def drift_rows(n, rng):
    ref, cur = rng.normal(size=n), rng.normal(0.05, 1, size=n)
    small = min(n, 10_000)
    ks_ref, ks_cur = ref[:small], cur[:small]
    p, q = rng.random(n), rng.random(n)

    def psi_numpy():
        edges = np.percentile(ref, np.arange(0, 101, 10))
        edges[0], edges[-1] = -np.inf, np.inf
        e = np.histogram(ref, edges)[0] / n
        a = np.histogram(cur, edges)[0] / n
        e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
        return np.sum((a - e) * np.log(a / e))

    codes_ref, codes_cur = rng.integers(0, 20, n), rng.integers(0, 21, n)  # one category unseen
    hist_template = HistogramDriftState.from_reference(ref)
    sketch_template = QuantileSketchState.from_reference(ref)
    edges = np.asarray(hist_template.edges)

    def feed(template, x):  # the state's pass over the current data, chunk by chunk
        state = template.copy()
        for lo in range(0, x.size, CHUNK):
            state.update(x[lo:lo + CHUNK])
        return state.compute()

    def chi2_scipy():
        cats, inverse = np.unique(np.concatenate([codes_ref, codes_cur]), return_inverse=True)
        table = [np.bincount(inverse[:n], minlength=cats.size), np.bincount(inverse[n:], minlength=cats.size)]
        return stats.chi2_contingency(table)

    return [
        ("population_stability_index", lambda: drift.population_stability_index(ref, cur), psi_numpy,
         lambda: np.quantile(ref, np.arange(1, 10) / 10), "deciles of expected"),
        (f"ks_test (exact, {small} vs {small})", lambda: drift.ks_test(ks_ref, ks_cur),
         lambda: stats.ks_2samp(ks_ref, ks_cur), lambda: (np.sort(ks_ref), np.sort(ks_cur)), "sort"),
        ("ks_test (auto)", lambda: drift.ks_test(ref, cur), lambda: stats.ks_2samp(ref, cur),
         lambda: (np.sort(ref), np.sort(cur)), "sort"),
        ("wasserstein_distance", lambda: drift.wasserstein_distance(ref, cur),
         lambda: stats.wasserstein_distance(ref, cur), lambda: np.sort(np.concatenate([ref, cur])), "sort"),
        ("jensen_shannon_distance (n bins)", lambda: drift.jensen_shannon_distance(p, q),
         lambda: jensenshannon(p, q), lambda: np.sum(p * np.log(p / q)), "one pass"),
        ("chi_square_test (20 codes, 1 unseen)", lambda: drift.chi_square_test(codes_ref, codes_cur), chi2_scipy,
         lambda: (np.bincount(codes_ref), np.bincount(codes_cur)), "bincount"),
        ("HistogramDriftState (PSI+JS+chi2, chunked)", lambda: feed(hist_template, cur), psi_numpy,
         lambda: np.bincount(np.searchsorted(edges, cur, side="right"), minlength=edges.size + 1),
         "searchsorted + bincount"),
        ("QuantileSketchState (KS+W, chunked)", lambda: feed(sketch_template, cur),
         lambda: (stats.ks_2samp(ref, cur), stats.wasserstein_distance(ref, cur)), lambda: np.sort(cur),
         "sort current"),
    ]


def print_table(title, sizes, make_rows, rng, reference_name, throughput=True):
    print(f"\n### {title}\n")
    header = ["n", "row", "ours", reference_name, "ref/ours", "floor", "ours/floor", "meets"]
    if throughput:
        header.insert(3, "rows/s (1 core)")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    misses = []
    for n in sizes:
        for name, ours, ref, floor, floor_name in make_rows(n, rng):
            budget = 1.0 if n <= 1e6 else 3.0
            t_ours, t_ref, t_floor = best_time(ours, budget), best_time(ref, budget), best_time(floor, budget)
            speedup, to_floor = t_ref / t_ours, t_ours / t_floor
            meets = speedup >= 5 or to_floor <= 2
            if not meets:
                misses.append((n, name))
            cells = [f"{n:.0e}", name, fmt_time(t_ours)]
            if throughput:
                cells.append(f"{n / t_ours:.3g}")
            cells += [fmt_time(t_ref), f"{speedup:.1f}x", f"{fmt_time(t_floor)} ({floor_name})",
                      f"{to_floor:.2f}x", "yes" if meets else "NO"]
            print("| " + " | ".join(cells) + " |", flush=True)
    print()
    print("every row meets the target" if not misses else
          "rows missing the target: " + ", ".join(f"{name} at n={n:.0e}" for n, name in misses))


def _partition(seed, rows):
    import pandas as pd

    y, score, prob, y_pred, _, _ = data(rows, np.random.default_rng(seed))
    return pd.DataFrame({"y_true": y, "y_pred": y_pred, "y_score": prob})


def dask_table(total_rows, partitions=16):
    import dask.dataframe as dd
    from distributed import Client, LocalCluster, wait

    from mlmetrics_edu.distributed import evaluate_dask

    rows = total_rows // partitions
    states = {"cm": ConfusionMatrixState(), "auc": BinnedRocAucState(), "ece": CalibrationState()}
    print(f"\n### Dask: {total_rows:.0e} rows in {partitions} partitions, states {sorted(states)}\n")
    print("| workers | time | rows/s (total) | rows/s per worker | speed-up vs 1 worker |")
    print("|---|---|---|---|---|")
    first = None
    for n_workers in (1, 2):
        with LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1,
                          dashboard_address=None, silence_logs=40) as cluster, Client(cluster):
            ddf = dd.from_map(_partition, list(range(partitions)), rows=rows).persist()
            wait(ddf)
            t = best_time(lambda: evaluate_dask(ddf, states), budget=3.0, max_repeats=3)
        first = first or t
        print(f"| {n_workers} | {fmt_time(t)} | {total_rows / t:.3g} | {total_rows / t / n_workers:.3g} | "
              f"{first / t:.2f}x |", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6,1e7")
    parser.add_argument("--dask-rows", type=float, default=2e7, help="0 skips the Dask table")
    parser.add_argument("--tables", default="states,drift,dask", help="which tables to print")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")
    tables = args.tables.split(",")
    if "states" in tables:
        print_table("Streaming states (chunks of 65,536 rows, merged)", sizes, state_rows, rng,
                    "sklearn one-pass")
    if "drift" in tables:
        print_table("Drift measures", sizes, drift_rows, rng, "reference", throughput=False)
    if "dask" in tables and args.dask_rows:
        dask_table(int(args.dask_rows))


if __name__ == "__main__":
    main()
