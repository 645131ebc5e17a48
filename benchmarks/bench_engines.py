"""The engines at scale: one pass over Parquet files with metrics and drift states, on Dask and Spark.

Run:  nice .venv/bin/python benchmarks/bench_engines.py [--rows 1e7] [--files 20] [--engines dask1,dask2,spark2]

The data: ``--rows`` scored rows in ``--files`` Parquet files (label, decision, probability, a
numeric feature ``x`` that drifted and a categorical ``channel``), written once to a temporary
folder (or ``--data DIR``, reused when it exists), plus a reference sample of ``x`` and
``channel`` (1e6 rows, the "training data").

Table 1 -- engines. Each engine reads the files (only the columns the states need) and fills,
in one pass: ``ConfusionMatrixState``, ``BinnedRocAucState`` (1000 bins), ``CalibrationState``,
``HistogramDriftState`` (PSI/JS of ``x``), ``QuantileSketchState`` (KS/Wasserstein of ``x``,
KLL) and ``CategoricalDriftState`` (``channel``). Time is wall time of the evaluation after a
warm-up run on one file (workers started, imports done); rows/s per worker = rows / time /
workers. Peak memory is the peak resident set size (VmHWM) of each worker process: Dask worker
processes; for Spark, each Python worker process that ran an evaluation task (read by a probe
state that runs inside the tasks) and the one JVM of local mode (driver and executor in one).

Table 2 -- drift states against scipy on the same data: the states' PSI, KS and Wasserstein
(from the Dask run) next to the exact one-pass values (``population_stability_index`` of this
package -- scipy has no PSI -- ``scipy.stats.ks_2samp`` and ``scipy.stats.wasserstein_distance``)
on the same 1e7 values held in memory, with each state's stated error bound and the time of the
in-memory computation.

CPU time is user + system time of this process and every descendant (Dask's worker processes;
Spark's JVM and Python workers) during the timed run, so rows per CPU-second stays meaningful
on a shared machine where wall time does not; the load average (1 min) is printed with each
row. Machines are noisy; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from common import fmt_time

CHANNELS = np.array(["app", "web", "shop", "partner"])


def _peak_rss_mb(pid="self"):
    """VmHWM (peak resident set size) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_cpu_seconds(root=None):
    """CPU seconds (user + system, children included) of a process and all its live descendants."""
    root = os.getpid() if root is None else root
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))  # ppid; utime..cstime
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(stats[pid][1] for pid in tree if pid in stats) / os.sysconf("SC_CLK_TCK")


def load_average():
    return os.getloadavg()[0]


class MemoryProbe:
    """A mergeable "state" that records the peak memory of every process that updated it: bound to
    a column, it runs inside the engine's own tasks, after the other states' updates of the chunk."""

    def __init__(self):
        self.peaks = {}

    def copy(self):
        new = MemoryProbe()
        new.peaks = dict(self.peaks)
        return new

    def update(self, _column):
        self.peaks[os.getpid()] = max(self.peaks.get(os.getpid(), 0.0), _peak_rss_mb())
        return self

    def merge(self, other):
        new = self.copy()
        for pid, peak in other.peaks.items():
            new.peaks[pid] = max(new.peaks.get(pid, 0.0), peak)
        return new

    def compute(self):
        return dict(self.peaks)


def write_data(folder, rows, files, seed=0):
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("part-*.parquet"))) == files and (folder / "reference.npz").exists():
        return
    per_file = rows // files
    for i in range(files):
        rng = np.random.default_rng([seed, i])
        y = (rng.random(per_file) < 0.3).astype(np.int64)
        prob = 1.0 / (1.0 + np.exp(-(rng.normal(size=per_file) + 1.4 * y - 1.2)))
        pd.DataFrame({"y_true": y, "y_pred": (prob >= 0.5).astype(np.int64), "y_score": prob,
                      "x": rng.gamma(2.0, 1.1, per_file),  # the reference is gamma(2, 1): a 10% scale drift
                      "channel": CHANNELS[rng.choice(4, per_file, p=[0.45, 0.3, 0.2, 0.05])]}
                     ).to_parquet(folder / f"part-{i:03d}.parquet", row_group_size=per_file)
    rng = np.random.default_rng([seed, 10**6])
    np.savez(folder / "reference.npz", x=rng.gamma(2.0, 1.0, 10**6),
             channel=CHANNELS[rng.choice(3, 10**6, p=[0.5, 0.3, 0.2])])


def make_states(folder):
    from mlmetrics_edu.distributed import bind
    from mlmetrics_edu.monitoring import (
        BinnedRocAucState,
        CalibrationState,
        CategoricalDriftState,
        ConfusionMatrixState,
        HistogramDriftState,
        QuantileSketchState,
    )

    ref = np.load(folder / "reference.npz")
    return {"memory": bind(MemoryProbe(), "y_true"),
            "confusion": ConfusionMatrixState(), "roc_auc": BinnedRocAucState(n_bins=1000),
            "calibration": CalibrationState(n_bins=10),
            "x_psi": bind(HistogramDriftState.from_reference(ref["x"]), "x"),
            "x_ks": bind(QuantileSketchState.from_reference(ref["x"]), "x"),
            "channel": bind(CategoricalDriftState.from_reference(ref["channel"]), "channel")}


def run_dask(folder, n_workers, rows):
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from mlmetrics_edu.distributed import evaluate_dask

    states = make_states(folder)
    files = sorted(str(p) for p in folder.glob("part-*.parquet"))
    with LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1", silence_logs=40, memory_limit=0) as cluster, Client(cluster) as client:
        evaluate_dask(dd.read_parquet(files[:1]), states)  # warm-up: imports on the workers
        cpu0, t0 = tree_cpu_seconds(), time.perf_counter()
        result = evaluate_dask(dd.read_parquet(files), states)
        seconds, cpu = time.perf_counter() - t0, tree_cpu_seconds() - cpu0
        peaks = sorted(client.run(_peak_rss_mb).values())  # the worker processes, whatever ran in them
    return seconds, cpu, peaks, result


def run_spark(folder, cores, rows):
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    from mlmetrics_edu.spark import evaluate_spark

    states = make_states(folder)
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("bench_engines")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(cores)).config("spark.driver.memory", "2g")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.sql.files.maxPartitionBytes", str(64 << 20)).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        files = sorted(str(p) for p in folder.glob("part-*.parquet"))
        evaluate_spark(spark.read.parquet(files[0]), states)  # warm-up: Python workers started
        df = spark.read.parquet(*files)
        cpu0, t0 = tree_cpu_seconds(), time.perf_counter()  # this process, the JVM and its Python workers
        result = evaluate_spark(df, states)
        seconds, cpu = time.perf_counter() - t0, tree_cpu_seconds() - cpu0
        python_peaks = sorted(result["memory"].compute().values())  # the Python workers that ran the tasks
        jvm_pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
        jvm_peak = _peak_rss_mb(jvm_pid)
        partitions = df.rdd.getNumPartitions()
    finally:
        spark.stop()
    return seconds, cpu, python_peaks, jvm_peak, partitions, result


def engine_table(folder, rows, engines):
    print(f"\n### Engines: {rows:.0e} rows in Parquet, 6 states (3 metric, 3 drift) in one pass\n")
    print("| engine | workers | partitions | wall time | rows/s (total) | rows/s per worker | CPU time "
          "| rows per CPU-second | peak memory per worker (MB) | load average |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results = {}
    for engine in engines:
        if engine.startswith("dask"):
            n = int(engine[4:])
            seconds, cpu, peaks, result = run_dask(folder, n, rows)
            files = len(list(folder.glob("part-*.parquet")))
            memory = ", ".join(f"{p:.0f}" for p in peaks) + " (worker processes)"
            label, parts = "Dask LocalCluster", files
        else:
            n = int(engine[5:])
            seconds, cpu, peaks, jvm, parts, result = run_spark(folder, n, rows)
            memory = (", ".join(f"{p:.0f}" for p in peaks) + f" (Python workers); JVM {jvm:.0f}")
            label = f"Spark local[{n}]"
        results[engine] = result
        print(f"| {label} | {n} | {parts} | {fmt_time(seconds)} | {rows / seconds:.3g} | {rows / seconds / n:.3g} "
              f"| {fmt_time(cpu)} | {rows / cpu:.3g} | {memory} | {load_average():.1f} |", flush=True)
    return results


def drift_table(folder, results):
    import pyarrow.parquet as pq
    from scipy import stats

    from mlmetrics_edu.drift import population_stability_index

    ref = np.load(folder / "reference.npz")["x"]
    x = np.concatenate([pq.read_table(p, columns=["x"]).column("x").to_numpy()
                        for p in sorted(folder.glob("part-*.parquet"))])
    print(f"\n### Drift states against the exact values on the same data ({x.size:.0e} current, "
          f"{ref.size:.0e} reference values)\n")
    print("| measure | engine | state | exact (in memory) | exact by | |state - exact| | stated bound | "
          "exact time |")
    print("|---|---|---|---|---|---|---|---|")
    exact = {}
    for key, fn, name in (("psi", lambda: population_stability_index(ref, x), "mlmetrics_edu PSI (one pass)"),
                          ("ks_statistic", lambda: stats.ks_2samp(ref, x).statistic, "scipy.stats.ks_2samp"),
                          ("wasserstein", lambda: stats.wasserstein_distance(ref, x),
                           "scipy.stats.wasserstein_distance")):
        t0 = time.perf_counter()
        exact[key] = (float(fn()), time.perf_counter() - t0, name)
    for engine, result in results.items():
        got = result.compute()
        for key, state, bound_key in (("psi", "x_psi", None), ("ks_statistic", "x_ks", "ks_error_bound"),
                                      ("wasserstein", "x_ks", "wasserstein_error_bound")):
            value, seconds, name = exact[key]
            bound = "exact (same bins)" if bound_key is None else f"{got[state][bound_key]:.2g}"
            print(f"| {key} | {engine} | {got[state][key]:.6g} | {value:.6g} | {name} | "
                  f"{abs(got[state][key] - value):.2g} | {bound} | {fmt_time(seconds)} |", flush=True)
    print(f"\nchannel: PSI {results[next(iter(results))].compute()['channel']['psi']:.4g}, unseen categories "
          f"{sorted(results[next(iter(results))].compute()['channel']['unseen'])}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--engines", default="dask1,dask2,spark2")
    parser.add_argument("--data", default=None, help="folder of the Parquet files (created when missing)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    rows = int(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.data) if args.data else Path(tmp) / "data"
        t0 = time.perf_counter()
        write_data(folder, rows, args.files)
        print(f"data: {rows:.0e} rows in {args.files} Parquet files at {folder} ({fmt_time(time.perf_counter() - t0)})")
        results = engine_table(folder, rows, args.engines.split(","))
        drift_table(folder, results)


if __name__ == "__main__":
    main()
