"""significance.py: hand-worked cases, equality with scipy and statsmodels, and bad input."""

import math
import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.classification import accuracy_score, f1_score
from mlmetrics_edu.curves import roc_auc_score
from mlmetrics_edu.regression import (
    mean_absolute_error, mean_squared_error, median_absolute_error, root_mean_squared_error,
)
from mlmetrics_edu.significance import (
    _betainc, _binom_cdf, _t_sf, benjamini_hochberg, bonferroni, bootstrap_ci,
    five_by_two_cv_t_test, mcnemar_test, metric_difference, paired_difference, paired_t_test,
    permutation_test, two_proportion_ztest,
)

SEEDS = range(6)


def classification_case(rng, n=None):
    n = n or int(rng.integers(20, 150))
    y = rng.integers(0, 2, n)
    score = np.round(rng.normal(size=n) + y, 1)  # rounded: ties
    return y, score, (score > 0.5).astype(int), (score > rng.uniform(0, 1)).astype(int)


def scipy_interval(metric, arrays, method, seed, n_resamples):
    result = stats.bootstrap(arrays, metric, paired=True, vectorized=False, method=method,
                             n_resamples=n_resamples, rng=np.random.default_rng(seed))
    return result.confidence_interval


# ------------------------------------------------------------------ distributions


@pytest.mark.parametrize("a, b, x", [(0.5, 0.5, 0.3), (2.5, 0.5, 0.99), (40, 60, 0.41),
                                     (1000, 0.5, 0.999), (0.5, 3, 1e-6)])
def test_incomplete_beta_matches_scipy(a, b, x):
    from scipy.special import betainc

    assert _betainc(a, b, x) == pytest.approx(betainc(a, b, x), rel=1e-11, abs=1e-300)


def test_t_and_binomial_tails_match_scipy():
    for t, df in [(0.3, 1), (-2.1, 4), (5.0, 9), (40.0, 3), (-0.01, 250)]:
        assert _t_sf(t, df) == pytest.approx(stats.t.sf(t, df), rel=1e-10)
    for k, n in [(0, 1), (3, 10), (40, 100), (4990, 10000), (10, 10)]:
        assert _binom_cdf(k, n) == pytest.approx(stats.binom.cdf(k, n, 0.5), rel=1e-10)


# ------------------------------------------------------------------ bootstrap_ci


def test_a_perfect_model_has_a_degenerate_interval_and_a_warning():
    y = [0, 1, 1, 0, 1]
    with pytest.warns(UserWarning, match="degenerate"):
        assert bootstrap_ci(accuracy_score, y, y, seed=0) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
def test_bootstrap_equals_scipy_with_the_same_seed_for_the_fast_metrics(seed, method):
    rng = np.random.default_rng(seed)
    y, score, pred_a, pred_b = classification_case(rng)
    y_reg = rng.normal(size=len(y))
    y_reg_pred = y_reg + rng.standard_t(3, size=len(y))
    cases = [
        (accuracy_score, (y, pred_a)),
        (roc_auc_score, (y, score)),
        (mean_absolute_error, (y_reg, y_reg_pred)),
        (mean_squared_error, (y_reg, y_reg_pred)),
        (root_mean_squared_error, (y_reg, y_reg_pred)),
        (metric_difference(accuracy_score), (y, pred_a, pred_b)),
        (metric_difference(roc_auc_score), (y, score, pred_b + 0.1 * score)),
    ]
    for metric, arrays in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # single-class resamples of small AUC cases
            if metric is roc_auc_score and min(np.bincount(y)) < 5:
                continue
            low, high, estimate = bootstrap_ci(metric, *arrays, n_resamples=499, method=method,
                                               seed=seed)
            ref = scipy_interval(metric, arrays, method, seed, 499)
        assert estimate == pytest.approx(metric(*arrays))
        if np.isnan(ref.low):  # degenerate: scipy gives nan, we give the point (and warn)
            assert low == high == estimate
            continue
        assert (low, high) == pytest.approx((ref.low, ref.high), rel=1e-9, abs=1e-12), metric


@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_bootstrap_general_path_equals_scipy_for_any_metric(method):
    rng = np.random.default_rng(11)
    y, _, pred_a, _ = classification_case(rng, n=60)
    y_reg = rng.normal(size=40)
    for metric, arrays in [(lambda t, p: f1_score(t, p, average="macro"), (y, pred_a)),
                           (median_absolute_error, (y_reg, y_reg + rng.normal(size=40)))]:
        low, high, _ = bootstrap_ci(metric, *arrays, n_resamples=199, method=method, seed=3)
        ref = scipy_interval(metric, arrays, method, 3, 199)
        assert (low, high) == pytest.approx((ref.low, ref.high), rel=1e-9)


def test_bootstrap_with_fresh_seeds_agrees_with_scipy_within_monte_carlo_error():
    rng = np.random.default_rng(5)
    y, score, _, _ = classification_case(rng, n=300)
    ours = bootstrap_ci(roc_auc_score, y, score, n_resamples=4000, seed=1)
    ref = scipy_interval(roc_auc_score, (y, score), "bca", 2, 4000)
    width = ref.high - ref.low
    assert abs(ours[0] - ref.low) < 0.1 * width and abs(ours[1] - ref.high) < 0.1 * width


def test_paired_bootstrap_of_a_difference_is_narrower_than_independent_resampling():
    rng = np.random.default_rng(0)
    y, score, _, _ = classification_case(rng, n=400)
    pred_a = (score > 0.5).astype(int)
    pred_b = np.where(rng.random(400) < 0.05, 1 - pred_a, pred_a)  # B = A with 5% flipped
    low, high, _ = bootstrap_ci(metric_difference(accuracy_score), y, pred_a, pred_b, seed=0,
                                method="percentile")
    idx_a, idx_b = rng.integers(0, 400, (2, 2000, 400))
    unpaired = (y[idx_a] == pred_a[idx_a]).mean(1) - (y[idx_b] == pred_b[idx_b]).mean(1)
    assert high - low < 0.5 * (np.quantile(unpaired, 0.975) - np.quantile(unpaired, 0.025))


def test_single_class_resamples_of_auc_are_dropped_with_a_warning():
    y = np.array([0] * 8 + [1, 1])
    score = np.linspace(0, 1, 10)[[0, 1, 2, 3, 4, 5, 6, 9, 7, 8]]  # one negative outranks one positive
    with pytest.warns(UndefinedMetricWarning, match="undefined on"):
        low, high, estimate = bootstrap_ci(roc_auc_score, y, score, n_resamples=200, seed=0,
                                           method="percentile")
    assert estimate == roc_auc_score(y, score) and low < high <= 1.0


def test_a_metric_that_raises_on_a_resample_has_that_resample_dropped():
    def strict_accuracy(y_true, y_pred):
        if len(np.unique(y_true)) < 2:
            raise MetricInputError("y_true holds one class")
        return accuracy_score(y_true, y_pred)

    y, pred = np.array([0] * 8 + [1, 1]), np.array([0] * 7 + [1, 1, 0])
    with pytest.warns(UndefinedMetricWarning, match="undefined on"):
        low, high, estimate = bootstrap_ci(strict_accuracy, y, pred, n_resamples=300, seed=0)
    assert low < estimate == 0.8 < high


def test_fast_and_general_paths_agree():
    rng = np.random.default_rng(4)
    y, score, pred_a, pred_b = classification_case(rng, n=80)
    fast = bootstrap_ci(roc_auc_score, y, score, n_resamples=300, seed=9)
    general = bootstrap_ci(lambda t, s: roc_auc_score(t, s), y, score, n_resamples=300, seed=9)
    assert fast == pytest.approx(general, rel=1e-12)


def test_a_generator_seed_and_scipy_spelling_of_bca_are_accepted():
    y, pred = np.array([0, 1, 1, 0, 1, 0, 1, 1]), np.array([0, 1, 0, 0, 1, 1, 1, 1])
    by_int = bootstrap_ci(accuracy_score, y, pred, n_resamples=200, seed=7)
    by_generator = bootstrap_ci(accuracy_score, y, pred, n_resamples=200, method="BCa",
                                seed=np.random.default_rng(7))
    assert by_int == by_generator


def test_bca_falls_back_to_percentile_when_every_resample_is_on_one_side():
    values = np.arange(30.0)
    n_distinct = lambda x: float(len(np.unique(x)))  # noqa: E731  a resample never has all 30
    with pytest.warns(UserWarning, match="BCa is undefined"):
        bca = bootstrap_ci(n_distinct, values, n_resamples=200, seed=0)
    assert bca == bootstrap_ci(n_distinct, values, n_resamples=200, seed=0, method="percentile")


def test_string_labels_work_for_accuracy_intervals():
    y = np.array(["cat", "dog"] * 20)
    pred = np.where(np.arange(40) % 7 == 0, "cat", y)
    low, high, estimate = bootstrap_ci(accuracy_score, y, pred, seed=0, n_resamples=500)
    assert low <= estimate <= high and estimate == accuracy_score(y, pred)


@pytest.mark.parametrize("call, match", [
    (lambda: bootstrap_ci("acc", [0, 1], [0, 1]), "metric must be callable"),
    (lambda: bootstrap_ci(accuracy_score), "at least one array"),
    (lambda: bootstrap_ci(accuracy_score, [0, 1, 1], [0, 1]), "differ in length"),
    (lambda: bootstrap_ci(accuracy_score, [1], [1]), "at least 2"),
    (lambda: bootstrap_ci(accuracy_score, 3, 3), "array-like"),
    (lambda: bootstrap_ci(accuracy_score, [0, 1], [0, 1], n_resamples=0), "n_resamples"),
    (lambda: bootstrap_ci(accuracy_score, [0, 1], [0, 1], confidence=95), "confidence"),
    (lambda: bootstrap_ci(accuracy_score, [0, 1], [0, 1], method="bootstrap-t"), "method"),
    (lambda: bootstrap_ci(lambda a, b: np.array([1.0, 2.0]), [0, 1], [0, 1]), "one number"),
    (lambda: bootstrap_ci(mean_absolute_error, [0, np.nan], [0, 1]), "NaN"),
    (lambda: bootstrap_ci(roc_auc_score, [1, 1, 1], [0.2, 0.3, 0.4]), "one class|undefined"),
    (lambda: metric_difference(None), "callable"),
])
def test_bootstrap_bad_input_raises(call, match):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        with pytest.raises(MetricInputError, match=match):
            call()


# ------------------------------------------------------------------ McNemar


@pytest.mark.parametrize("seed", SEEDS)
def test_mcnemar_equals_statsmodels_in_all_four_modes(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    y = rng.integers(0, 3, n)
    pred_a = np.where(rng.random(n) < 0.8, y, rng.integers(0, 3, n))
    pred_b = np.where(rng.random(n) < rng.uniform(0.5, 0.9), y, rng.integers(0, 3, n))
    right_a, right_b = pred_a == y, pred_b == y
    table = [[np.sum(right_a & right_b), np.sum(right_a & ~right_b)],
             [np.sum(~right_a & right_b), np.sum(~right_a & ~right_b)]]
    for exact in (True, False):
        for correction in (True, False):
            if not exact and table[0][1] + table[1][0] == 0:
                continue
            ref = mcnemar(table, exact=exact, correction=correction)
            got = mcnemar_test(y, pred_a, pred_b, exact=exact, correction=correction)
            assert got == pytest.approx((ref.statistic, ref.pvalue), rel=1e-10)


def test_mcnemar_counts_disagreements_not_agreements():
    y = np.ones(1000, dtype=int)
    pred_a = np.r_[np.ones(920), np.zeros(80)].astype(int)
    pred_b = np.r_[np.ones(917), np.zeros(83)].astype(int)  # B misses A's 80 plus 3 more
    statistic, p_value = mcnemar_test(y, pred_a, pred_b)
    assert statistic == 0.0 and p_value == pytest.approx(0.25)  # b=3, c=0: 2 / 2**3


def test_mcnemar_with_no_disagreement():
    assert mcnemar_test([0, 1], [0, 1], [0, 1]) == (0.0, 1.0)
    with pytest.warns(UndefinedMetricWarning, match="never disagree"):
        assert mcnemar_test([0, 1], [0, 1], [0, 1], exact=False) == (0.0, 1.0)


def test_mcnemar_accepts_string_labels():
    assert mcnemar_test(["a", "b", "a"], ["a", "b", "b"], ["a", "a", "b"]) == (0.0, 1.0)


@pytest.mark.parametrize("call, match", [
    (lambda: mcnemar_test([0, 1], [0, 1, 1], [0, 1]), "differ in length"),
    (lambda: mcnemar_test([], [], []), "empty"),
    (lambda: mcnemar_test([[0, 1]], [[0, 1]], [[0, 1]]), "1-D"),
    (lambda: mcnemar_test([0, 1], [0, 1], [0, 1], exact="yes"), "exact"),
    (lambda: mcnemar_test([0, 1], [0, 1], [0, 1], correction=1), "correction"),
    (lambda: mcnemar_test(["a", "b"], [0, 1], [0, 1]), "mix label types"),
])
def test_mcnemar_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ------------------------------------------------------------------ t-tests


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_paired_t_test_equals_scipy(seed, alternative):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    a = rng.normal(0.9, 0.02, n)
    b = a + rng.normal(rng.uniform(-0.01, 0.01), 0.01, n)
    ref = stats.ttest_rel(a, b, alternative=alternative)
    assert paired_t_test(a, b, alternative=alternative) == pytest.approx(
        (ref.statistic, ref.pvalue), rel=1e-9)


def test_paired_t_test_with_zero_spread():
    with pytest.warns(UndefinedMetricWarning, match="paired t statistic is inf: every difference equals 1"):
        assert paired_t_test([1.0, 2.0, 3.0], [0.0, 1.0, 2.0]) == (float("inf"), 0.0)
    with pytest.warns(UndefinedMetricWarning, match="0/0"):
        t, p = paired_t_test([1.0, 2.0], [1.0, 2.0])
    assert np.isnan(t) and np.isnan(p)


@pytest.mark.parametrize("call, match", [
    (lambda: paired_t_test([1.0], [2.0]), "at least 2"),
    (lambda: paired_t_test([1.0, 2.0], [2.0]), "differ in length"),
    (lambda: paired_t_test([1.0, np.inf], [2.0, 1.0]), "NaN or infinity"),
    (lambda: paired_t_test([1.0, 2.0], [2.0, 1.0], alternative="bigger"), "alternative"),
    (lambda: five_by_two_cv_t_test(np.zeros(9)), "10 values"),
    (lambda: five_by_two_cv_t_test(np.zeros((2, 5))), "10 values"),
    (lambda: five_by_two_cv_t_test([[np.nan] * 2] * 5), "NaN"),
])
def test_t_tests_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


@pytest.mark.parametrize("seed", SEEDS)
def test_five_by_two_cv_follows_dietterichs_formula(seed):
    p = np.random.default_rng(seed).normal(0.01, 0.02, (5, 2))
    variance = ((p - p.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    t = p[0, 0] / np.sqrt(variance.mean())
    assert five_by_two_cv_t_test(p) == pytest.approx((t, 2 * stats.t.sf(abs(t), 5)), rel=1e-10)
    assert five_by_two_cv_t_test(p.ravel()) == five_by_two_cv_t_test(p)


def test_five_by_two_cv_with_no_spread():
    with pytest.warns(UndefinedMetricWarning, match="5x2cv t statistic is inf: every difference equals 0.01"):
        assert five_by_two_cv_t_test(np.full(10, 0.01)) == (float("inf"), 0.0)
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(five_by_two_cv_t_test(np.zeros(10))[0])


# ------------------------------------------------------------------ paired difference: a vanishing SE


def test_paired_difference_with_equal_differences_warns_and_is_infinite():
    with pytest.warns(UndefinedMetricWarning, match="paired statistic is inf: every difference equals 1 "):
        r = paired_difference([1, 1, 1], [0, 0, 0])
    assert (r.estimate, r.standard_error, r.low, r.high, r.statistic, r.p_value) == (1, 0, 1, 1, math.inf, 0)
    with pytest.warns(UndefinedMetricWarning, match="paired statistic is -inf"):
        assert paired_difference([0, 0, 0], [1, 1, 1], distribution="t").statistic == -math.inf


def test_clustered_paired_difference_with_a_zero_se_warns_though_the_differences_vary():
    """Each cluster's mean difference is 0.5: the CR1 SE, built from cluster totals, is 0."""
    a, b, clusters = [1, 0, 1, 0], [0, 0, 0, 0], ["p", "p", "q", "q"]
    assert paired_difference(a, b).standard_error > 0  # unclustered, the differences vary
    with pytest.warns(UndefinedMetricWarning, match="every cluster's mean difference .* equals 0.5"):
        r = paired_difference(a, b, clusters=clusters)
    assert (r.standard_error, r.low, r.high, r.statistic, r.p_value) == (0, 0.5, 0.5, math.inf, 0)
    with pytest.warns(UndefinedMetricWarning, match="0/0: every cluster's mean difference .* is zero"):
        r = paired_difference([1, 0, 1, 0], [0, 1, 0, 1], clusters=clusters)
    assert r[:4] == (0, 0, 0, 0) and np.isnan(r.statistic) and np.isnan(r.p_value)


def test_paired_difference_warns_when_the_spread_is_only_rounding():
    a = np.array([0.1, 0.2, 0.3, 0.7]) + 0.1
    b = np.array([0.1, 0.2, 0.3, 0.7])
    assert np.ptp(a - b) > 0  # the differences are 0.1 up to rounding, not exactly
    with pytest.warns(UndefinedMetricWarning, match="every difference equals 0.1 .up to rounding"):
        r = paired_difference(a, b)
    assert r.p_value == 0.0 and abs(r.statistic) > 1e12


def test_paired_difference_with_a_spread_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = paired_difference([1, 0, 1, 1], [0, 0, 1, 0], clusters=[0, 0, 0, 1])
        assert 0 < r.standard_error and math.isfinite(r.statistic)
        assert paired_difference([1e-9, 2e-9], [0.0, 0.0]).statistic == pytest.approx(3.0)


# ------------------------------------------------------------------ permutation test


def scipy_permutation(a, b, paired, alternative, n_resamples, seed):
    if paired:
        return stats.permutation_test((a, b), lambda x, y, axis: np.mean(x - y, axis=axis),
                                      permutation_type="samples", vectorized=True,
                                      n_resamples=n_resamples, alternative=alternative, rng=seed)
    return stats.permutation_test((a, b), lambda x, y, axis: x.mean(axis) - y.mean(axis),
                                  permutation_type="independent", vectorized=True,
                                  n_resamples=n_resamples, alternative=alternative, rng=seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_exact_permutation_tests_equal_scipy(seed, alternative):
    rng = np.random.default_rng(seed)
    a = np.round(rng.normal(0.9, 0.02, 9), 3)  # rounded: tied differences
    b = np.round(a + rng.normal(0.005, 0.01, 9), 3)
    ref = scipy_permutation(a, b, True, alternative, 9999, seed)
    assert permutation_test(a, b, alternative=alternative) == pytest.approx(
        (ref.statistic, ref.pvalue), rel=1e-12)
    a2, b2 = a[:6], b[:7] + 0.01  # C(13, 6) = 1716 splits
    ref = scipy_permutation(a2, b2, False, alternative, 9999, seed)
    assert permutation_test(a2, b2, paired=False, alternative=alternative) == pytest.approx(
        (ref.statistic, ref.pvalue), rel=1e-12)


@pytest.mark.parametrize("paired", [True, False])
def test_monte_carlo_permutation_tests_agree_with_scipy_within_noise(paired):
    rng = np.random.default_rng(3)
    a = rng.normal(0.0, 1.0, 40)
    b = a + rng.normal(0.35, 1.0, 40) if paired else rng.normal(0.5, 1.0, 45)
    ours = permutation_test(a, b, paired=paired, n_resamples=20000, seed=1)
    ref = scipy_permutation(a, b, paired, "two-sided", 20000, 2)
    assert ours[0] == pytest.approx(ref.statistic, rel=1e-12)
    se = np.sqrt(ref.pvalue * (1 - ref.pvalue) / 20000)
    assert abs(ours[1] - ref.pvalue) < 5 * se + 1e-4


def test_five_folds_cannot_reach_significance_with_sign_flips():
    assert permutation_test([2.0] * 5, [1.0] * 5)[1] == 2 / 32


@pytest.mark.parametrize("call, match", [
    (lambda: permutation_test([1.0, 2.0], [1.0]), "differ in length"),
    (lambda: permutation_test([], []), "empty"),
    (lambda: permutation_test([1.0, 2.0], [1.0, 3.0], paired="no"), "paired"),
    (lambda: permutation_test([1.0, 2.0], [1.0, 3.0], n_resamples=-1), "n_resamples"),
    (lambda: permutation_test([1.0, 2.0], [1.0, 3.0], alternative="x"), "alternative"),
    (lambda: permutation_test([1.0, np.nan], [1.0, 3.0]), "NaN"),
])
def test_permutation_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ------------------------------------------------------------------ A/B z-test


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alternative", ["two-sided", "smaller", "larger"])
def test_two_proportion_ztest_equals_statsmodels(seed, alternative):
    rng = np.random.default_rng(seed)
    n_a, n_b = rng.integers(10, 5000, 2)
    x_a, x_b = rng.binomial(n_a, 0.1), rng.binomial(n_b, 0.12)
    ref = proportions_ztest([x_a, x_b], [n_a, n_b], alternative=alternative)
    ours_alt = {"smaller": "less", "larger": "greater"}.get(alternative, alternative)
    got = two_proportion_ztest(int(x_a), int(n_a), int(x_b), int(n_b), alternative=ours_alt)
    assert got == pytest.approx(ref, rel=1e-9)


def test_two_proportion_ztest_with_no_variance():
    with pytest.warns(UndefinedMetricWarning, match="0/0"):
        assert two_proportion_ztest(0, 10, 0, 20) == (0.0, 1.0)


@pytest.mark.parametrize("call, match", [
    (lambda: two_proportion_ztest(11, 10, 1, 10), "exceeds n_a"),
    (lambda: two_proportion_ztest(1, 0, 1, 10), "n_a"),
    (lambda: two_proportion_ztest(-1, 10, 1, 10), "successes_a"),
    (lambda: two_proportion_ztest(1.5, 10, 1, 10), "successes_a"),
    (lambda: two_proportion_ztest(1, 10, 1, 10, alternative="larger"), "alternative"),
])
def test_ztest_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ------------------------------------------------------------------ corrections


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", [0.05, 0.2])
def test_corrections_equal_statsmodels_multipletests(seed, alpha):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    p = np.concatenate([rng.uniform(size=m), rng.uniform(0, 0.01, size=m // 3)])
    p[: m // 4] = np.round(p[: m // 4], 2)  # ties
    rng.shuffle(p)
    for ours, method in ((bonferroni, "bonferroni"), (benjamini_hochberg, "fdr_bh")):
        reject, adjusted = ours(p, alpha)
        ref_reject, ref_adjusted, _, _ = multipletests(p, alpha=alpha, method=method)
        np.testing.assert_array_equal(reject, ref_reject)
        np.testing.assert_allclose(adjusted, ref_adjusted, rtol=1e-12)


def test_bh_step_up_rejects_a_p_value_above_its_own_threshold():
    reject, _ = benjamini_hochberg([0.012, 0.04, 0.039], alpha=0.05)
    # thresholds 0.0167, 0.0333, 0.05: rank 3 (0.04) passes, so ranks 1-2 are rejected too
    assert reject.all()


@pytest.mark.parametrize("fn", [bonferroni, benjamini_hochberg])
@pytest.mark.parametrize("p, alpha, match", [
    ([0.1, 1.2], 0.05, r"\[0, 1\]"),
    ([], 0.05, "empty"),
    ([0.1, np.nan], 0.05, "NaN"),
    ([0.1, 0.2], 1.5, "alpha"),
    ([[0.1, 0.2]], 0.05, "1-D"),
])
def test_corrections_bad_input_raises(fn, p, alpha, match):
    with pytest.raises(MetricInputError, match=match):
        fn(p, alpha)


# ------------------------------------------------------------------ the drill answers of set 08


@pytest.mark.parametrize("seed", SEEDS)
def test_drill_answers_for_tests_equal_the_references(seed):
    from mlmetrics_edu.drill.spec import reference_module

    answers = reference_module("08_rigor")
    rng = np.random.default_rng(seed)
    y, _, pred_a, pred_b = classification_case(rng)
    right_a, right_b = pred_a == y, pred_b == y
    table = [[np.sum(right_a & right_b), np.sum(right_a & ~right_b)],
             [np.sum(~right_a & right_b), np.sum(~right_a & ~right_b)]]
    assert answers.mcnemar_exact_p_value(y, pred_a, pred_b) == pytest.approx(
        mcnemar(table, exact=True).pvalue, rel=1e-10)
    p = np.round(rng.uniform(0, 0.1, 30), 3)
    np.testing.assert_array_equal(answers.benjamini_hochberg_reject(p, 0.05),
                                  multipletests(p, alpha=0.05, method="fdr_bh")[0])
    idx = np.random.default_rng(seed).integers(0, len(y), (300, len(y)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = bootstrap_ci(metric_difference(accuracy_score), y, pred_a, pred_b, n_resamples=300,
                                method="percentile", seed=seed)[:2]
    assert answers.paired_bootstrap_interval(y, pred_a, pred_b, idx, 0.95) == pytest.approx(expected)
