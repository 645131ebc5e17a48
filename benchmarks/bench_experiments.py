"""Speed of the A/B-test and validation functions against statsmodels / scipy / scikit-learn and a floor.

Run:  .venv/bin/python benchmarks/bench_experiments.py [--sizes 1e4,1e6]

Same layout as ``bench_significance.py``: our time, the reference's, the ratio (reference /
ours: higher is better) and the ratio to the floor (ours / floor: lower is better).

* Power, sample size and MDE (scalar calls, ``n`` = 1): statsmodels' ``NormalIndPower`` /
  ``TTestIndPower`` (``power`` and ``solve_power``), ``proportion_effectsize``,
  ``power_proportions_2indep``, ``samplesize_proportions_2indep_onetail``. The floor is the
  least arithmetic the answer needs, with the same Python-level primitives: the normal tail(s)
  and quantile(s) of the closed form (z); one t quantile and one noncentral t CDF in C
  (``scipy.special.stdtrit`` + ``nctdtr``) for the t rows.
* ``srm_test`` vs ``scipy.stats.chisquare`` (floor: the expected counts and the statistic).
* ``cuped`` vs statsmodels' OLS ``y ~ 1 + treatment + x`` (floor: the arm means, the deviations
  from them and two dot products).
* ``delta_method_ratio_ci``: no library has it; the reference is what it replaces, a user-level
  bootstrap with B = 200 (floor: two sums and one dot product).
* ``corrected_resampled_t_test`` vs the formula with ``scipy.stats.t`` (floor: one variance and
  one t tail in C);
  ``adversarial_validation_auc`` vs ``scipy.stats.mannwhitneyu`` (asymptotic) plus scikit-learn's
  ``roc_auc_score`` (floor: one argsort of the scores).
* ``repeated_kfold`` (10 x 5), ``leave_one_out`` and ``nested_kfold`` (5 x 3) vs scikit-learn's
  ``RepeatedKFold``, ``LeaveOneOut`` and ``KFold`` twice, every split consumed (floor: the
  permutations, and writing the indices every split must hold: n per (train, test) pair).
* ``adjust_to_prior`` (no library has it; floor: one multiply and one row normalization) and
  ``peeking_simulation`` (floor: drawing the normal increments and their running sums).

Target: every row at least 5x faster than the reference, or within 2x of the floor.
Timings are the best of several repeats; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import warnings

import numpy as np
import statsmodels.api as sm
from scipy import special, stats
from sklearn.metrics import roc_auc_score as sk_roc_auc
from sklearn.model_selection import KFold, LeaveOneOut, RepeatedKFold
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import (
    power_proportions_2indep, proportion_effectsize as sm_effectsize, samplesize_proportions_2indep_onetail,
)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ratio_table  # noqa: E402

from mlmetrics_edu import experiments as ex  # noqa: E402
from mlmetrics_edu.calibration import adjust_to_prior  # noqa: E402
from mlmetrics_edu.significance import (  # noqa: E402
    _normal_cdf, _normal_ppf, adversarial_validation_auc, corrected_resampled_t_test,
)
from mlmetrics_edu.splits import leave_one_out, nested_kfold, repeated_kfold  # noqa: E402


def consume(pairs):
    for _ in pairs:
        pass


def z_floor(two_tails):
    crit = -_normal_ppf(0.025)
    return _normal_cdf(2.8 - crit) + (_normal_cdf(-2.8 - crit) if two_tails else 0.0)


def t_floor():
    return 1.0 - special.nctdtr(398.0, 2.83, special.stdtrit(398.0, 0.975))


def scalar_rows():
    z, t = NormalIndPower(), TTestIndPower()
    floor_z = (lambda: z_floor(True), "2 normal tails + 1 quantile")
    floor_t = (t_floor, "t quantile + nct cdf in C")
    return [
        ("proportion_effectsize", lambda: ex.proportion_effectsize(0.12, 0.10),
         lambda: sm_effectsize(0.12, 0.10), lambda: 2 * math.asin(math.sqrt(0.12)) - 2 * math.asin(math.sqrt(0.1)),
         "two asin"),
        ("power z", lambda: ex.power(0.2, 400), lambda: z.power(0.2, 400, 0.05), *floor_z),
        ("power t", lambda: ex.power(0.2, 400, test="t"), lambda: t.power(0.2, 400, 0.05), *floor_t),
        ("sample_size z", lambda: ex.sample_size(0.2), lambda: z.solve_power(0.2, power=0.8, alpha=0.05), *floor_z),
        ("sample_size t", lambda: ex.sample_size(0.2, test="t"),
         lambda: t.solve_power(0.2, power=0.8, alpha=0.05), *floor_t),
        ("minimum_detectable_effect z", lambda: ex.minimum_detectable_effect(400),
         lambda: z.solve_power(None, nobs1=400, power=0.8, alpha=0.05), *floor_z),
        ("minimum_detectable_effect t", lambda: ex.minimum_detectable_effect(400, test="t"),
         lambda: t.solve_power(None, nobs1=400, power=0.8, alpha=0.05), *floor_t),
        ("power_proportions", lambda: ex.power_proportions(0.10, 0.12, 3000),
         lambda: power_proportions_2indep(0.02, 0.10, 3000), *floor_z),
        ("sample_size_proportions", lambda: ex.sample_size_proportions(0.10, 0.11),
         lambda: samplesize_proportions_2indep_onetail(0.01, 0.10, 0.8), *floor_z),
        ("srm_test (2 arms)", lambda: ex.srm_test([50_500, 49_500]),
         lambda: stats.chisquare([50_500, 49_500]),
         lambda: (lambda o: ((o - o.sum() / 2) ** 2 / (o.sum() / 2)).sum())(np.array([50_500.0, 49_500.0])),
         "expected + statistic"),
    ]


def data_rows(n, rng):
    x = rng.gamma(2.0, 10.0, n)
    arm = rng.random(n) < 0.5
    y = 3 + 0.8 * x + arm + rng.normal(0, 5, n)
    design = sm.add_constant(np.column_stack([arm.astype(float), x]))
    sessions = rng.poisson(4.0, n) + 1
    clicks = rng.binomial(sessions, 0.3).astype(float)
    sessions = sessions.astype(float)

    def bootstrap_ratio():
        idx = np.random.default_rng(0).integers(0, n, (200, n))
        return np.quantile(clicks[idx].sum(axis=1) / sessions[idx].sum(axis=1), [0.025, 0.975])

    def cuped_floor():  # arm means, deviations from them, two dot products
        g = arm.view(np.int8)
        counts = np.bincount(g)
        dx = x - (np.bincount(g, weights=x) / counts)[g]
        dy = y - (np.bincount(g, weights=y) / counts)[g]
        return np.dot(dx, dy) / np.dot(dx, dx)

    is_test = (rng.random(n) < 0.3).astype(np.int64)
    scores = np.round(rng.normal(size=n) + 0.2 * is_test, 3)
    diffs = rng.normal(0.01, 0.02, 100)
    p = rng.uniform(size=n)
    p3 = rng.dirichlet(np.ones(3), n)
    w3 = np.array([0.2, 0.3, 0.5]) / np.array([0.6, 0.3, 0.1])

    def t_reference():
        t = diffs.mean() / math.sqrt((1 / 100 + 0.25) * diffs.var(ddof=1))
        return t, 2 * stats.t.sf(abs(t), 99)

    return [
        ("cuped (with treatment)", lambda: ex.cuped(y, x, treatment=arm), lambda: sm.OLS(y, design).fit(),
         cuped_floor, "arm means + 2 centred dots"),
        ("delta_method_ratio_ci", lambda: ex.delta_method_ratio_ci(clicks, sessions), bootstrap_ratio,
         lambda: (clicks.sum(), sessions.sum(), np.dot(clicks, sessions)), "2 sums + 1 dot"),
        ("adversarial_validation_auc", lambda: adversarial_validation_auc(is_test, scores),
         lambda: (sk_roc_auc(is_test, scores), stats.mannwhitneyu(scores[is_test == 1], scores[is_test == 0],
                                                                  alternative="greater", method="asymptotic")),
         lambda: np.argsort(scores), "argsort"),
        ("adjust_to_prior binary", lambda: adjust_to_prior(p, 0.5, 0.05), None,
         lambda: (lambda q: q / (q + (1 - p) * 1.9))(p * 0.1), "multiply + normalize"),
        ("adjust_to_prior 3 classes", lambda: adjust_to_prior(p3, [0.6, 0.3, 0.1], [0.2, 0.3, 0.5]), None,
         lambda: (lambda q: q / q.sum(axis=1, keepdims=True))(p3 * w3), "multiply + normalize"),
        ("corrected_resampled_t_test (J=100)", lambda: corrected_resampled_t_test(diffs, 800, 200), t_reference,
         lambda: special.stdtr(99, diffs.var(ddof=1)), "one variance + t tail in C"),
    ]


def split_rows(n):
    def permutations(count, folds):  # the shuffles, and the n indices every split must write
        rng = np.random.default_rng(0)
        for _ in range(count):
            rng.permutation(n)
            for _ in range(folds):
                np.arange(n)

    return [
        ("repeated_kfold 5 x 10", lambda: consume(repeated_kfold(n, 5, 10, seed=0)),
         lambda: consume(RepeatedKFold(n_splits=5, n_repeats=10, random_state=0).split(np.zeros(n))),
         lambda: permutations(10, 5), "10 permutations + 50 x n indices"),
        ("nested_kfold 5 x 3", lambda: [consume(inner) for _, _, inner in nested_kfold(n, 5, 3)],
         lambda: [consume(KFold(3).split(train)) for train, _ in KFold(5).split(np.zeros(n))],
         lambda: [np.arange(n) for _ in range(5)] + [np.arange(n * 4 // 5) for _ in range(15)],
         "5 x n + 15 x 0.8n indices"),
    ]


def loo_rows(n):
    return [("leave_one_out", lambda: consume(leave_one_out(n)), lambda: consume(LeaveOneOut().split(np.zeros(n))),
             lambda: [np.delete(np.arange(n), i) for i in range(n)], "n deletes")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e6", help="comma-separated n for the data rows")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    jobs = [(1, *row) for row in scalar_rows()]
    jobs += [(n, *row) for n in sizes for row in data_rows(n, rng)]
    jobs += [(n, *row) for n in sizes for row in split_rows(n)]
    jobs += [(n, *row) for n in (1000, 3000) for row in loo_rows(n)]
    jobs += [(10_000, "peeking_simulation 10 looks",
              lambda: ex.peeking_simulation(10, 100, n_simulations=10_000, seed=0), None,
              lambda: np.random.default_rng(0).normal(0, 1, (10_000, 10)).cumsum(axis=1),
              "draw increments + running sums")]
    ratio_table(jobs, "reference", budget=lambda n: 1.0 if n <= 1e4 else 3.0)


if __name__ == "__main__":
    main()
