"""Speed of the fairness gaps and metrics by group against fairlearn and a physical floor.

Run:  .venv/bin/python benchmarks/bench_fairness.py [--sizes 1e3,1e5,1e6]

Same layout as ``bench_metrics.py``: our time, fairlearn's, the ratio (fairlearn / ours:
higher is better) and the ratio to the floor (ours / floor: lower is better). The data has
5 groups named by strings and 30% positives; the metrics by group use no bootstrap
(``n_resamples=None``, fairlearn's ``MetricFrame`` has none by default either).

The floor is what no implementation can avoid: encoding the group labels as integers
(``np.unique(..., return_inverse=True)``, a sort of the labels) and one weighted count per
group (``np.bincount``) for each rate the gap needs.

Target: every row at least 5x faster than fairlearn, or within 2x of the floor.
Timings are the best of several repeats; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

import fairlearn.metrics as flm
import numpy as np
import sklearn.metrics as skm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ratio_table  # noqa: E402

from mlmetrics_edu import fairness as fair  # noqa: E402
from mlmetrics_edu.classification import accuracy_score  # noqa: E402


def scenario(n, rng):
    groups = np.array(["north", "south", "east", "west", "centre"])[rng.integers(0, 5, n)]
    y = (rng.random(n) < 0.3).astype(np.int64)
    y_pred = np.where(rng.random(n) < 0.2, 1 - y, y)
    return y, y_pred, groups


def floor(groups, masks):
    """Encode the groups, then one bincount per rate's numerator and denominator."""
    _, code = np.unique(groups, return_inverse=True)
    return [np.bincount(code[m], minlength=5) for m in masks]


def rows(n, rng):
    y, y_pred, groups = scenario(n, rng)
    sel, pos, neg = y_pred == 1, y == 1, y == 0
    kw = {"sensitive_features": groups}
    return [
        ("demographic_parity_difference",
         lambda: fair.demographic_parity_difference(y, y_pred, **kw),
         lambda: flm.demographic_parity_difference(y, y_pred, **kw),
         lambda: floor(groups, [sel]), "unique + 1 bincount"),
        ("demographic_parity_ratio",
         lambda: fair.demographic_parity_ratio(y, y_pred, **kw),
         lambda: flm.demographic_parity_ratio(y, y_pred, **kw),
         lambda: floor(groups, [sel]), "unique + 1 bincount"),
        ("equal_opportunity_difference",
         lambda: fair.equal_opportunity_difference(y, y_pred, **kw),
         lambda: flm.equal_opportunity_difference(y, y_pred, **kw),
         lambda: floor(groups, [pos & sel, pos]), "unique + 2 bincounts"),
        ("equalized_odds_difference",
         lambda: fair.equalized_odds_difference(y, y_pred, **kw),
         lambda: flm.equalized_odds_difference(y, y_pred, **kw),
         lambda: floor(groups, [pos & sel, pos, neg & sel, neg]), "unique + 4 bincounts"),
        ("equalized_odds_ratio",
         lambda: fair.equalized_odds_ratio(y, y_pred, **kw),
         lambda: flm.equalized_odds_ratio(y, y_pred, **kw),
         lambda: floor(groups, [pos & sel, pos, neg & sel, neg]), "unique + 4 bincounts"),
        ("metric_by_group(accuracy)",
         lambda: fair.metric_by_group(accuracy_score, y, y_pred, n_resamples=None, **kw).difference(),
         lambda: flm.MetricFrame(metrics=skm.accuracy_score, y_true=y, y_pred=y_pred, **kw).difference(),
         lambda: floor(groups, [y == y_pred]), "unique + 1 bincount"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e5,1e6",
                        help="comma-separated sample counts (default: 1e3,1e5,1e6)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")

    ratio_table(((n, *row) for n in sizes for row in rows(n, rng)), "fairlearn")


if __name__ == "__main__":
    main()
