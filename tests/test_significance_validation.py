"""significance.py additions for validation: the corrected resampled t-test (Nadeau and Bengio)
against scipy's t distribution and by simulation, and adversarial validation against scipy's
Mann-Whitney test and scikit-learn's AUC."""

import warnings

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import roc_auc_score as sk_roc_auc

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.significance import (
    adversarial_validation_auc,
    corrected_resampled_t_test,
    five_by_two_cv_t_test,
    paired_t_test,
)

SCIPY_ALTERNATIVE = {"two-sided": "two-sided", "greater": "greater", "less": "less"}


# ------------------------------------------------------------------ corrected resampled t-test


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_corrected_t_equals_the_formula_with_scipys_t_distribution(seed, alternative):
    rng = np.random.default_rng(seed)
    j = int(rng.integers(2, 101))
    d = rng.normal(rng.uniform(-0.02, 0.02), rng.uniform(0.001, 0.03), j)
    n = int(rng.integers(50, 100_000))
    k = int(rng.integers(2, 11))
    n_test = n // k
    n_train = n - n_test
    statistic, p_value = corrected_resampled_t_test(d, n_train, n_test, alternative=alternative)
    t = d.mean() / np.sqrt((1 / j + n_test / n_train) * d.var(ddof=1))
    p = {"two-sided": 2 * stats.t.sf(abs(t), j - 1), "greater": stats.t.sf(t, j - 1),
         "less": stats.t.cdf(t, j - 1)}[alternative]
    assert statistic == pytest.approx(t, rel=1e-12)
    assert p_value == pytest.approx(p, rel=1e-9, abs=1e-300)


def test_without_the_correction_term_it_is_the_one_sample_t_test():
    d = np.array([0.01, 0.03, -0.005, 0.02, 0.012])
    statistic, p_value = corrected_resampled_t_test(d, n_train=10**15, n_test=1)
    ref = stats.ttest_1samp(d, 0.0)
    assert (statistic, p_value) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-9)
    assert (statistic, p_value) == pytest.approx(paired_t_test(d, np.zeros(5)), rel=1e-9)


def test_the_correction_makes_the_test_less_confident_than_the_paired_t_test():
    d = np.array([0.012, 0.004, 0.009, -0.006, 0.011, 0.002, -0.003, 0.010, 0.001, 0.008])
    corrected = corrected_resampled_t_test(d, 900, 100)
    naive = paired_t_test(d, np.zeros(10))
    assert abs(corrected[0]) < abs(naive[0]) and corrected[1] > 0.05 > naive[1]
    # 10-fold: the variance grows by (1/10 + 1/9) / (1/10)
    assert naive[0] / corrected[0] == pytest.approx(np.sqrt((0.1 + 1 / 9) / 0.1))


def test_the_corrected_test_keeps_its_level_where_the_naive_one_does_not():
    """Differences that share a component (overlapping training sets) with correlation
    rho = n_test / (n_test + n_train), the model Nadeau and Bengio's correction assumes."""
    rng = np.random.default_rng(0)
    n_train, n_test, j, sims = 900, 100, 50, 4000
    rho = n_test / (n_test + n_train)
    shared = rng.normal(0, np.sqrt(rho), (sims, 1))
    d = shared + rng.normal(0, np.sqrt(1 - rho), (sims, j))
    corrected = np.mean([corrected_resampled_t_test(row, n_train, n_test)[1] < 0.05 for row in d])
    naive = np.mean([stats.ttest_1samp(row, 0.0).pvalue < 0.05 for row in d])
    assert corrected < 0.075 and naive > 0.2


def test_equal_differences_give_an_infinite_statistic_or_nan():
    with pytest.warns(UndefinedMetricWarning, match="no spread"):
        assert corrected_resampled_t_test([0.01, 0.01, 0.01], 90, 10) == (float("inf"), 0.0)
    with pytest.warns(UndefinedMetricWarning, match="0/0"):
        statistic, p_value = corrected_resampled_t_test([0.0, 0.0, 0.0], 90, 10)
    assert np.isnan(statistic) and np.isnan(p_value)


# ------------------------------------------------------------------ t statistics of differences without spread


def _scipy_ttest_rel(a, b, alternative):
    """scipy's paired t-test and whether it warned of precision loss (differences without spread)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ref = stats.ttest_rel(a, b, alternative=alternative)
    return ref, any("Precision loss" in str(w.message) for w in caught)


def _ours(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = call()
    return got, [w for w in caught if issubclass(w.category, UndefinedMetricWarning)]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_a_constant_difference_gives_scipys_infinite_t_and_warns_as_scipy_does(seed, alternative):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    a = rng.integers(0, 1000, n).astype(float)  # whole numbers: a - b is exactly the offset
    b = a - float(rng.choice([-7, -1, 1, 3]))
    ref, scipy_warned = _scipy_ttest_rel(a, b, alternative)
    got, warned = _ours(lambda: paired_t_test(a, b, alternative=alternative))
    assert scipy_warned and len(warned) == 1 and "no spread" in str(warned[0].message)
    assert got == (ref.statistic, ref.pvalue)  # (±inf, 0.0) or (±inf, 1.0)
    assert np.isinf(got[0])


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_differences_equal_up_to_rounding_warn_exactly_when_scipy_does(seed, alternative):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    a = rng.normal(0.9, 0.05, n)
    b = a - rng.uniform(-0.05, 0.05) if seed % 2 else a + rng.normal(0, 0.01, n)  # constant shift, or noise
    ref, scipy_warned = _scipy_ttest_rel(a, b, alternative)
    got, warned = _ours(lambda: paired_t_test(a, b, alternative=alternative))
    assert bool(warned) == scipy_warned
    assert got == pytest.approx((ref.statistic, ref.pvalue), rel=1e-6, abs=1e-300)


def test_the_other_t_tests_warn_on_differences_without_spread():
    with pytest.warns(UndefinedMetricWarning, match="no spread"):
        assert five_by_two_cv_t_test([[0.02, 0.02]] * 5) == (float("inf"), 0.0)
    with pytest.warns(UndefinedMetricWarning, match="no spread"):
        assert corrected_resampled_t_test([-0.5, -0.5], 90, 10) == (float("-inf"), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # ordinary differences: no warning
        paired_t_test([0.921, 0.915, 0.930, 0.918, 0.925], [0.923, 0.917, 0.931, 0.921, 0.926])


# ------------------------------------------------------------------ adversarial validation


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("alternative", ["greater", "two-sided", "less"])
def test_adversarial_validation_equals_scipy_mann_whitney_and_sklearn_auc(seed, alternative):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 400))
    is_test = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
    is_test[:2] = [0, 1]
    scores = np.round(rng.normal(size=n) + rng.uniform(0, 1.5) * is_test, int(rng.integers(0, 3)))  # ties
    auc, p_value = adversarial_validation_auc(is_test, scores, alternative=alternative)
    ref = stats.mannwhitneyu(scores[is_test == 1], scores[is_test == 0], alternative=alternative,
                             method="asymptotic", use_continuity=True)
    assert auc == pytest.approx(sk_roc_auc(is_test, scores), rel=1e-12)
    assert p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)


def test_boolean_flags_work_and_all_tied_scores_give_no_evidence():
    is_test = np.array([True, False, True, False])
    assert adversarial_validation_auc(is_test, [0.9, 0.1, 0.8, 0.2])[0] == 1.0
    auc, p_value = adversarial_validation_auc(is_test, [0.5, 0.5, 0.5, 0.5])
    ref = stats.mannwhitneyu([0.5, 0.5], [0.5, 0.5], alternative="greater", method="asymptotic")
    assert (auc, p_value) == (0.5, pytest.approx(ref.pvalue))


def test_same_distribution_gives_uniform_p_values():
    rng = np.random.default_rng(1)
    p = [adversarial_validation_auc(rng.random(200) < 0.3, rng.normal(size=200))[1] for _ in range(1000)]
    assert abs(np.mean(np.array(p) < 0.05) - 0.05) < 0.025


@pytest.mark.parametrize("call, match", [
    (lambda: corrected_resampled_t_test([0.1], 90, 10), "at least 2"),
    (lambda: corrected_resampled_t_test([0.1, np.nan], 90, 10), "NaN"),
    (lambda: corrected_resampled_t_test([0.1, 0.2], 0, 10), "n_train"),
    (lambda: corrected_resampled_t_test([0.1, 0.2], 90, 2.5), "n_test"),
    (lambda: corrected_resampled_t_test([0.1, 0.2], 90, 10, alternative="bigger"), "alternative"),
    (lambda: corrected_resampled_t_test([[0.1, 0.2]], 90, 10), "differences"),
    (lambda: adversarial_validation_auc([0, 1, 2], [0.1, 0.2, 0.3]), "is_test"),
    (lambda: adversarial_validation_auc([1, 1, 1], [0.1, 0.2, 0.3]), "one class"),
    (lambda: adversarial_validation_auc([0, 1], [0.1, 0.2, 0.3]), "differ in length"),
    (lambda: adversarial_validation_auc([0, 1], [0.1, np.inf]), "scores"),
    (lambda: adversarial_validation_auc([0, 1], [0.1, 0.2], alternative="up"), "alternative"),
])
def test_bad_input_raises_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ------------------------------------------------------------------ NaN labels and seeds (issue 22)


@pytest.mark.parametrize("which", ["y_true", "y_pred_a", "y_pred_b"])
@pytest.mark.parametrize("labels", [["cat", "dog", "dog", "cat"], [0.0, 1.0, 1.0, 0.0]], ids=["strings", "numbers"])
def test_mcnemar_refuses_a_nan_label_even_among_strings(which, labels):
    from mlmetrics_edu.significance import mcnemar_test

    args = {"y_true": list(labels), "y_pred_a": list(labels), "y_pred_b": labels[::-1]}
    args[which] = [float("nan")] + args[which][1:]  # NumPy would read it as the label 'nan'
    with pytest.raises(MetricInputError, match=f"{which} contains NaN"):
        mcnemar_test(*args.values())


@pytest.mark.parametrize("clusters", [["a", "a", "b", float("nan")], [0.0, 0.0, 1.0, float("nan")],
                                      np.array(["a", "a", "b", None], dtype=object)],
                         ids=["strings", "numbers", "None in an object array"])
def test_a_nan_cluster_is_refused_not_read_as_a_cluster(clusters):
    from mlmetrics_edu.significance import clustered_standard_error, eval_score_interval

    with pytest.raises(MetricInputError, match="clusters"):
        clustered_standard_error([1, 0, 1, 1], clusters)
    with pytest.raises(MetricInputError, match="clusters"):
        eval_score_interval([1, 0, 1, 1], clusters=clusters)


def test_seeds_take_generators_and_every_64_bit_integer():
    from mlmetrics_edu.classification import accuracy_score
    from mlmetrics_edu.experiments import peeking_simulation
    from mlmetrics_edu.significance import bootstrap_ci, permutation_test

    y, p = [0, 1, 1, 0, 1, 0, 1, 1], [0, 1, 0, 0, 1, 1, 1, 1]
    for seed in (0, 2**64 - 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert bootstrap_ci(accuracy_score, y, p, n_resamples=30, seed=seed) == \
                bootstrap_ci(accuracy_score, y, p, n_resamples=30, seed=np.random.default_rng(seed))
        a, b = np.arange(12.0), np.arange(12.0)[::-1]
        assert permutation_test(a, b, n_resamples=50, seed=seed) == permutation_test(
            a, b, n_resamples=50, seed=np.random.default_rng(seed))
        runs = [peeking_simulation(3, 10, n_simulations=20, seed=s) for s in (seed, np.random.default_rng(seed))]
        assert runs[0].naive_rate == runs[1].naive_rate and runs[0].always_valid_rate == runs[1].always_valid_rate
    with pytest.raises(MetricInputError, match=r"seed must be an integer in \[0, 2\*\*64 - 1\], got 18446744073709551616"):
        permutation_test(a, b, seed=2**64)
