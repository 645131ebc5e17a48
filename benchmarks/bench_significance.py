"""Speed of bootstrap intervals and significance tests against scipy / statsmodels and a floor.

Run:  .venv/bin/python benchmarks/bench_significance.py [--sizes 1e3,1e4] [--resamples 9999]

Same layout as ``bench_metrics.py``: our time, the reference's, the ratio (reference / ours:
higher is better) and the ratio to the floor (ours / floor: lower is better).

* ``bootstrap_ci`` rows: the reference is ``scipy.stats.bootstrap(..., paired=True,
  vectorized=False)`` calling the *same* package metric, so the row measures the
  resampling machinery (scipy calls the metric once per resample and, for BCa, once per
  left-out sample). The floor is drawing the ``B x n`` resample indices, which both do
  (the same stream: the intervals are identical).
* ``mcnemar_test``: the reference builds the 2x2 table of correct/incorrect with NumPy and
  calls statsmodels' ``mcnemar``; the floor is the two comparisons ``y_pred_a == y_true``,
  ``y_pred_b == y_true`` that any implementation needs.
* ``paired_t_test`` vs ``scipy.stats.ttest_rel``; ``benjamini_hochberg`` vs statsmodels'
  ``multipletests(method="fdr_bh")`` (floor: one sort of the p-values);
  ``permutation_test`` vs ``scipy.stats.permutation_test`` (vectorized statistic; floor:
  drawing the random signs).

Target: every row at least 5x faster than the reference, or within 2x of the floor.
Timings are the best of several repeats; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ratio_table  # noqa: E402

from mlmetrics_edu.classification import accuracy_score  # noqa: E402
from mlmetrics_edu.curves import roc_auc_score  # noqa: E402
from mlmetrics_edu.regression import mean_absolute_error  # noqa: E402
from mlmetrics_edu.significance import (  # noqa: E402
    benjamini_hochberg, bootstrap_ci, mcnemar_test, metric_difference, paired_t_test,
    permutation_test,
)


def scipy_bootstrap(metric, arrays, method, n_resamples):
    return lambda: stats.bootstrap(arrays, metric, paired=True, vectorized=False, method=method,
                                   n_resamples=n_resamples, rng=np.random.default_rng(0))


def bootstrap_rows(n, n_resamples, rng):
    y = (rng.random(n) < 0.3).astype(np.int64)
    score = np.round(rng.normal(size=n) + y, 3)
    pred_a, pred_b = (score > 0.5).astype(np.int64), (score > 0.4).astype(np.int64)
    y_reg = rng.normal(size=n)
    y_reg_pred = y_reg + rng.normal(size=n)
    floor = (lambda: np.random.default_rng(0).integers(0, n, (n_resamples, n)), "draw indices")
    cases = [
        ("accuracy_score", accuracy_score, (y, pred_a)),
        ("mean_absolute_error", mean_absolute_error, (y_reg, y_reg_pred)),
        ("roc_auc_score", roc_auc_score, (y, score)),
        ("accuracy difference", metric_difference(accuracy_score), (y, pred_a, pred_b)),
    ]
    for name, metric, arrays in cases:
        for method in ("percentile", "bca"):
            yield (f"bootstrap_ci {name} {method} (B={n_resamples})",
                   lambda metric=metric, arrays=arrays, method=method: bootstrap_ci(
                       metric, *arrays, n_resamples=n_resamples, method=method, seed=0),
                   scipy_bootstrap(metric, arrays, method, n_resamples), *floor)


def test_rows(n, rng):
    y = rng.integers(0, 2, n)
    pred_a = np.where(rng.random(n) < 0.9, y, 1 - y)
    pred_b = np.where(rng.random(n) < 0.88, y, 1 - y)

    def statsmodels_mcnemar():
        right_a, right_b = pred_a == y, pred_b == y
        table = [[np.sum(right_a & right_b), np.sum(right_a & ~right_b)],
                 [np.sum(~right_a & right_b), np.sum(~right_a & ~right_b)]]
        return mcnemar(table, exact=True)

    a, b = rng.normal(size=n), rng.normal(size=n)
    p_values = rng.uniform(size=n)
    small_a, small_b = rng.normal(size=100), rng.normal(0.2, 1.0, 100)
    return [
        ("mcnemar_test (exact)", lambda: mcnemar_test(y, pred_a, pred_b), statsmodels_mcnemar,
         lambda: (pred_a == y, pred_b == y), "two comparisons"),
        ("paired_t_test", lambda: paired_t_test(a, b), lambda: stats.ttest_rel(a, b),
         lambda: (a - b).std(), "one pass"),
        ("benjamini_hochberg", lambda: benjamini_hochberg(p_values),
         lambda: multipletests(p_values, method="fdr_bh"), lambda: np.argsort(p_values), "argsort"),
        ("permutation_test paired n=100 (B=9999)",
         lambda: permutation_test(small_a, small_b, seed=0),
         lambda: stats.permutation_test(
             (small_a, small_b), lambda x, y, axis: np.mean(x - y, axis=axis),
             permutation_type="samples", vectorized=True, n_resamples=9999, rng=0),
         lambda: np.random.default_rng(0).choice([-1, 1], size=(9999, 100)), "draw signs"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4", help="comma-separated n (default 1e3,1e4)")
    parser.add_argument("--resamples", type=int, default=9999, help="bootstrap resamples B")
    parser.add_argument("--test-sizes", default="1e4,1e6",
                        help="n for the test rows (default 1e4,1e6)")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")
    jobs = [(int(float(s)), *row) for s in args.sizes.split(",")
            for row in bootstrap_rows(int(float(s)), args.resamples, rng)]
    jobs += [(int(float(s)), *row) for s in args.test_sizes.split(",") for row in test_rows(int(float(s)), rng)]
    ratio_table(jobs, "reference", budget=lambda n: 1.0 if n <= 1e3 else 4.0,  # more repeats for slow rows
                reference_budget=lambda n: 1.0)


if __name__ == "__main__":
    main()
