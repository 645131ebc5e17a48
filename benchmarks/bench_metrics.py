"""Speed of the core metrics against scikit-learn and against the physical floor.

Run:  make bench      (or  .venv/bin/python benchmarks/bench_metrics.py [--sizes 1e3,1e5])

For each n and each core metric it prints our time, scikit-learn's, the ratio
(sklearn / ours: higher is better) and the ratio to the floor (ours / floor: lower
is better). scikit-learn has no ECE: its row times ``calibration_curve`` plus the bin
sizes, the way one computes ECE with scikit-learn. The floor is what no implementation can avoid: one ``np.argsort`` of the
scores for ranking metrics, one vectorized NumPy pass over the data otherwise.
Target: every row at least 5x faster than scikit-learn, or within 2x of the floor.

Timings are the best of several repeats; machines are noisy, so this is a report,
never an assertion in the test suite.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve

import mlmetrics_edu as mm
from common import ratio_table


def scenarios(n, rng):
    """Data for every row: binary labels, scores, probabilities, regression, ranking."""
    y = (rng.random(n) < 0.3).astype(np.int64)
    score = np.round(rng.normal(size=n) + y, 3)  # rounded: realistic ties
    prob = 1.0 / (1.0 + np.exp(-score))
    y_pred = (score > 0.5).astype(np.int64)
    y_reg = rng.normal(size=n)
    y_reg_pred = y_reg + rng.normal(scale=0.5, size=n)
    n_items = 100
    n_queries = max(n // n_items, 2)
    rel = rng.integers(0, 4, size=(n_queries, n_items))
    rank_score = np.round(rel + rng.normal(size=rel.shape), 2)
    return y, score, prob, y_pred, y_reg, y_reg_pred, rel, rank_score


def rows(n, rng):
    y, score, prob, y_pred, y_reg, y_reg_pred, rel, rank_score = scenarios(n, rng)
    n_bins = 10

    def ece_sklearn():
        # scikit-learn has no ECE; its closest route is calibration_curve plus the bin sizes
        prob_true, prob_pred = calibration_curve(y, prob, n_bins=n_bins)
        counts = np.bincount(np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], prob),
                             minlength=n_bins)
        counts = counts[counts > 0]
        return np.sum(counts * np.abs(prob_true - prob_pred)) / len(prob)

    def ece_floor():
        bins = np.minimum((prob * n_bins).astype(np.int64), n_bins - 1)
        return np.bincount(bins, weights=prob - y, minlength=n_bins)

    # name, ours, sklearn, floor, what the floor is
    return [
        ("confusion_matrix",
         lambda: mm.confusion_matrix(y, y_pred), lambda: skm.confusion_matrix(y, y_pred),
         lambda: np.bincount(2 * y + y_pred, minlength=4), "bincount"),
        ("f1_score",
         lambda: mm.f1_score(y, y_pred), lambda: skm.f1_score(y, y_pred),
         lambda: np.bincount(2 * y + y_pred, minlength=4), "bincount"),
        ("roc_auc_score",
         lambda: mm.roc_auc_score(y, score), lambda: skm.roc_auc_score(y, score),
         lambda: np.argsort(score), "argsort"),
        ("average_precision_score",
         lambda: mm.average_precision_score(y, score),
         lambda: skm.average_precision_score(y, score),
         lambda: np.argsort(score), "argsort"),
        ("log_loss",
         lambda: mm.log_loss(y, prob), lambda: skm.log_loss(y, prob),
         lambda: -np.mean(np.log(np.where(y == 1, prob, 1.0 - prob))), "one pass"),
        ("expected_calibration_error",
         lambda: mm.expected_calibration_error(y, prob, n_bins=n_bins), ece_sklearn,
         ece_floor, "bincount"),
        ("mean_absolute_error",
         lambda: mm.mean_absolute_error(y_reg, y_reg_pred),
         lambda: skm.mean_absolute_error(y_reg, y_reg_pred),
         lambda: np.abs(y_reg_pred - y_reg).mean(), "one pass"),
        ("r2_score",
         lambda: mm.r2_score(y_reg, y_reg_pred), lambda: skm.r2_score(y_reg, y_reg_pred),
         lambda: ((y_reg - y_reg_pred) ** 2).sum() / ((y_reg - y_reg.mean()) ** 2).sum(),
         "one pass"),
        (f"ndcg_score ({rel.shape[0]}x{rel.shape[1]})",
         lambda: mm.ndcg_score(rel, rank_score), lambda: skm.ndcg_score(rel, rank_score),
         lambda: np.argsort(rank_score, axis=1), "argsort"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e5,1e6,1e7",
                        help="comma-separated sample counts (default: 1e3,1e5,1e6,1e7)")
    parser.add_argument("--skip-sklearn-above", type=float, default=float("inf"),
                        help="do not time scikit-learn above this n (it can be slow)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")

    ratio_table(((n, *row) for n in sizes for row in rows(n, rng)), "sklearn",
                budget=lambda n: 1.0 if n <= 1e6 else 3.0,
                skip_reference=lambda n: n > args.skip_sklearn_above)


if __name__ == "__main__":
    main()
