"""Error bars on evals (Miller 2024): equal to statsmodels, and right by simulation.

The standard error and interval of a benchmark score equal statsmodels' OLS on an intercept
(``nonrobust``, and ``cov_type="cluster"`` with its default CR1 small-sample correction);
the paired difference equals scipy's paired t-test with ``distribution="t"``; the number of
questions agrees with statsmodels' power solver. Simulations check what the formulas
promise: a 95% interval covers the true score about 95% of the time -- clustered
intervals on clustered data do, naive ones do not -- and ``questions_needed`` questions
detect the gap with the requested power.
"""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.power import NormalIndPower

from mlmetrics_edu import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.significance import (
    clustered_standard_error,
    eval_score_interval,
    paired_difference,
    questions_needed,
    standard_error,
)


def clustered_scores(rng, n_clusters, mean=0.7, spread=0.2):
    """0/1 scores of questions grouped by passage: each passage has its own difficulty."""
    sizes = rng.integers(1, 12, n_clusters)
    p = np.clip(rng.normal(mean, spread, n_clusters), 0.02, 0.98)
    clusters = np.repeat(np.arange(n_clusters), sizes)
    return (rng.random(len(clusters)) < p[clusters]).astype(float), clusters


def ols(scores, clusters=None, use_t=None):
    X = np.ones((len(scores), 1))
    if clusters is None:
        return sm.OLS(scores, X).fit()
    return sm.OLS(scores, X).fit(cov_type="cluster", cov_kwds={"groups": clusters}, use_t=use_t)


# --------------------------------------------------------------------------- against statsmodels


@pytest.mark.parametrize("seed", range(30))
def test_standard_error_and_interval_equal_statsmodels_ols_on_an_intercept(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 2, int(rng.integers(3, 300))).astype(float)
    if seed % 3 == 0:
        scores = rng.normal(size=len(scores))  # graded scores
    fit = ols(scores)
    assert standard_error(scores) == pytest.approx(fit.bse[0], rel=1e-12)
    low, high, estimate = eval_score_interval(scores, distribution="t", confidence=0.9)
    np.testing.assert_allclose([low, high], fit.conf_int(alpha=0.1)[0], rtol=1e-9)
    assert estimate == pytest.approx(fit.params[0], rel=1e-12)


@pytest.mark.parametrize("seed", range(30))
def test_clustered_standard_error_equals_statsmodels_cluster_robust_ols(seed):
    rng = np.random.default_rng(100 + seed)
    scores, clusters = clustered_scores(rng, int(rng.integers(2, 60)))
    labels = np.array([f"passage-{c}" for c in clusters]) if seed % 2 else clusters
    fit = ols(scores, clusters)
    assert clustered_standard_error(scores, labels) == pytest.approx(fit.bse[0], rel=1e-10)
    n_clusters = len(np.unique(clusters))  # CR0 = CR1 without the G / (G - 1) factor
    cr0 = clustered_standard_error(scores, labels, correction=False)
    assert cr0 == pytest.approx(fit.bse[0] * math.sqrt((n_clusters - 1) / n_clusters), rel=1e-10)
    low, high, _ = eval_score_interval(scores, clusters=labels)
    np.testing.assert_allclose([low, high], fit.conf_int()[0], rtol=1e-9)
    low, high, _ = eval_score_interval(scores, clusters=labels, distribution="t")
    np.testing.assert_allclose([low, high], ols(scores, clusters, use_t=True).conf_int()[0], rtol=1e-9)


def test_one_question_per_cluster_gives_the_plain_standard_error():
    scores = np.random.default_rng(1).integers(0, 2, 50).astype(float)
    assert clustered_standard_error(scores, np.arange(50)) == pytest.approx(standard_error(scores), rel=1e-12)


def test_miller_cr0_formula_is_the_naive_variance_plus_within_cluster_covariance():
    scores, clusters = clustered_scores(np.random.default_rng(2), 20)
    n, r = len(scores), scores - scores.mean()
    naive = np.sum(r * r) / n**2
    within = sum(np.sum(np.outer(r[clusters == c], r[clusters == c])) - np.sum(r[clusters == c] ** 2)
                 for c in np.unique(clusters)) / n**2
    assert clustered_standard_error(scores, clusters, correction=False) == pytest.approx(
        math.sqrt(naive + within), rel=1e-12)


@pytest.mark.parametrize("seed", range(15))
def test_paired_difference_with_t_is_scipys_paired_t_test(seed):
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(3, 200))
    a = rng.integers(0, 2, n).astype(float)
    b = np.where(rng.random(n) < 0.8, a, 1 - a)
    if np.all(a == b):
        b[0] = 1 - b[0]
    result = paired_difference(a, b, distribution="t")
    theirs = stats.ttest_rel(a, b)
    assert result.statistic == pytest.approx(theirs.statistic, rel=1e-9)
    assert result.p_value == pytest.approx(theirs.pvalue, rel=1e-7, abs=1e-14)
    np.testing.assert_allclose([result.low, result.high], theirs.confidence_interval(0.95), rtol=1e-8)


@pytest.mark.parametrize("seed", range(10))
def test_clustered_paired_difference_equals_statsmodels_on_the_differences(seed):
    rng = np.random.default_rng(300 + seed)
    a, clusters = clustered_scores(rng, 30)
    b = np.where(rng.random(len(a)) < 0.75, a, 1 - a)
    fit = ols(a - b, clusters)
    result = paired_difference(a, b, clusters=clusters)
    assert result.standard_error == pytest.approx(fit.bse[0], rel=1e-10)
    assert result.p_value == pytest.approx(fit.pvalues[0], rel=1e-7, abs=1e-14)


@pytest.mark.parametrize("gap, sd, alpha, power", [(0.03, 0.45, 0.05, 0.8), (0.01, 0.3, 0.05, 0.9),
                                                   (0.1, 0.7, 0.01, 0.8), (0.05, 0.5, 0.1, 0.5)])
def test_questions_needed_agrees_with_statsmodels_power_solver(gap, sd, alpha, power):
    theirs = NormalIndPower().solve_power(effect_size=gap / sd, alpha=alpha, power=power, ratio=0)
    ours = questions_needed(gap, sd, alpha=alpha, power=power)
    assert math.ceil(theirs) - 1 <= ours <= math.ceil(theirs)  # statsmodels adds the far tail
    assert ours == math.ceil(((stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * sd / gap) ** 2)


# --------------------------------------------------------------------------- by simulation


# The population score: E[p] for a passage difficulty p ~ N(0.7, 0.25) clipped to [0, 1].
POPULATION_SCORE = float(np.clip(np.random.default_rng(0).normal(0.7, 0.25, 4_000_000), 0, 1).mean())


def test_clustered_intervals_cover_the_true_score_and_naive_ones_do_not():
    rng = np.random.default_rng(7)
    hits_clustered = hits_naive = 0
    n_sims = 2000
    for _ in range(n_sims):
        sizes = rng.integers(5, 15, 80)  # 80 passages of 5-14 questions
        p = np.clip(rng.normal(0.7, 0.25, 80), 0, 1)
        clusters = np.repeat(np.arange(80), sizes)
        scores = (rng.random(len(clusters)) < p[clusters]).astype(float)
        low, high, _ = eval_score_interval(scores, clusters=clusters)
        hits_clustered += low <= POPULATION_SCORE <= high
        low, high, _ = eval_score_interval(scores)
        hits_naive += low <= POPULATION_SCORE <= high
    assert 0.93 <= hits_clustered / n_sims <= 0.97
    assert hits_naive / n_sims < 0.85


def test_plain_intervals_cover_at_the_nominal_rate_on_independent_questions():
    rng = np.random.default_rng(8)
    n_sims, n, p = 4000, 400, 0.8
    scores = (rng.random((n_sims, n)) < p).astype(float)
    hits = 0
    for row in scores:
        low, high, _ = eval_score_interval(row)
        hits += low <= p <= high
    assert 0.935 <= hits / n_sims <= 0.965


def test_questions_needed_detects_the_gap_with_the_requested_power():
    rng = np.random.default_rng(9)
    gap, disagree = 0.04, 0.2  # A and B disagree on 20% of questions; A wins 60% of those
    sd = math.sqrt(disagree - gap**2)  # d is +1 w.p. 0.12, -1 w.p. 0.08, else 0
    n = questions_needed(gap, sd)
    n_sims, rejected = 2000, 0
    p_plus, p_minus = (disagree + gap) / 2, (disagree - gap) / 2
    for _ in range(n_sims):
        u = rng.random(n)
        d = np.where(u < p_plus, 1.0, np.where(u < p_plus + p_minus, -1.0, 0.0))
        both = rng.integers(0, 2, n).astype(float)  # agreements: both right or both wrong
        b = np.where(d == 1, 0.0, np.where(d == -1, 1.0, both))
        a = b + d
        rejected += paired_difference(a, b).p_value < 0.05
    assert 0.77 <= rejected / n_sims <= 0.83


# --------------------------------------------------------------------------- bad input and edge cases


def test_bad_input_is_refused_naming_the_argument():
    with pytest.raises(MetricInputError, match="scores"):
        standard_error([1])
    with pytest.raises(MetricInputError, match="NaN"):
        standard_error([1, np.nan, 0])
    with pytest.raises(MetricInputError, match="clusters"):
        clustered_standard_error([1, 0, 1], [0, 0])
    with pytest.raises(MetricInputError, match="single cluster"):
        clustered_standard_error([1, 0, 1], ["a", "a", "a"])
    with pytest.raises(MetricInputError, match="clusters"):
        clustered_standard_error([1, 0, 1], [0.0, np.nan, 1.0])
    with pytest.raises(MetricInputError, match="confidence"):
        eval_score_interval([1, 0, 1], confidence=95)
    with pytest.raises(MetricInputError, match="distribution"):
        eval_score_interval([1, 0, 1], distribution="student")
    with pytest.raises(MetricInputError, match="scores_a and scores_b"):
        paired_difference([1, 0, 1], [1, 0])
    with pytest.raises(MetricInputError, match="gap"):
        questions_needed(0, 0.5)
    with pytest.raises(MetricInputError, match="difference_sd"):
        questions_needed(0.1, -1)
    with pytest.raises(MetricInputError, match="power"):
        questions_needed(0.1, 0.5, power=1.0)


def test_results_are_python_floats_and_identical_models_warn_instead_of_a_silent_nan():
    assert type(standard_error([1, 0, 1])) is float
    assert all(type(v) is float for v in eval_score_interval([1, 0, 1]))
    assert all(type(v) is float for v in paired_difference([1, 0, 1], [0, 0, 1]))
    with pytest.warns(UndefinedMetricWarning, match="0/0"):
        result = paired_difference([1, 0, 1], [1, 0, 1])
    assert result.estimate == 0.0 and np.isnan(result.p_value)
    with pytest.warns(UndefinedMetricWarning, match="inf"):  # every question differs by 1: no spread
        result = paired_difference([1, 1, 1], [0, 0, 0])
    assert result.statistic == math.inf and result.p_value == 0.0
    assert questions_needed(0.1, 0.0) == 1
