"""experiments.py: hand-worked values, properties of power and sample size, CUPED, SRM, the delta
method and the peeking simulation, the teaching docstrings, and bad input."""

import inspect
import math
import warnings
from statistics import NormalDist

import numpy as np
import pytest

import mlmetrics_edu
from mlmetrics_edu import experiments
from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.experiments import (
    cuped, delta_method_ratio_ci, minimum_detectable_effect, peeking_simulation, power, power_proportions,
    proportion_effectsize, sample_size, sample_size_proportions, srm_test,
)

z = NormalDist().inv_cdf


# ------------------------------------------------------------------ hand-worked


def test_cohens_h_of_one_half_against_one_quarter_is_pi_over_six():
    # 2 asin(√0.5) = π/2 and 2 asin(√0.25) = π/3
    assert proportion_effectsize(0.5, 0.25) == pytest.approx(math.pi / 6, rel=1e-15)
    assert proportion_effectsize(0.3, 0.3) == 0.0
    assert proportion_effectsize(0.2, 0.6) == -proportion_effectsize(0.6, 0.2)


def test_one_sided_z_sample_size_is_the_textbook_closed_form():
    # n1 = 2 (z_{1-α} + z_{1-β})² / d² with equal arms
    expected = 2 * (z(0.95) + z(0.8)) ** 2 / 0.5**2
    assert sample_size(0.5, alternative="greater") == pytest.approx(expected, rel=1e-13)
    assert sample_size(-0.5, alternative="less") == pytest.approx(expected, rel=1e-13)


def test_two_sided_sample_size_is_close_to_the_sixteen_over_d_squared_rule():
    one_tail = 2 * (z(0.975) + z(0.8)) ** 2 / 0.25**2
    n = sample_size(0.25)
    assert n <= one_tail < 16 / 0.25**2  # the far rejection region adds a hair of power
    assert n == pytest.approx(one_tail, rel=1e-5)


def test_unequal_allocation_needs_more_users_in_total():
    equal = 2 * sample_size(0.2)
    for ratio in (0.5, 2.0, 4.0):
        assert (1 + ratio) * sample_size(0.2, ratio=ratio) > equal
    # n1 (1 + 1/r) is what the effective size n1 n2 / (n1 + n2) needs
    assert sample_size(0.2, ratio=3.0) == pytest.approx(sample_size(0.2) / 2 * (1 + 1 / 3.0), rel=1e-12)


def test_power_at_zero_effect_is_alpha_two_sided():
    assert power(0.0, 500, alpha=0.05) == pytest.approx(0.05, rel=1e-12)
    assert power(0.0, 500, alpha=0.05, test="t") == pytest.approx(0.05, rel=1e-9)
    assert power(0.0, 50, alpha=0.1, alternative="greater") == pytest.approx(0.1, rel=1e-12)


def test_srm_on_a_sixty_forty_split_of_one_hundred():
    # χ² = 10²/50 + 10²/50 = 4, P(χ²₁ >= 4) = 2 (1 - Φ(2))
    statistic, p_value = srm_test([60, 40])
    assert statistic == 4.0
    assert p_value == pytest.approx(2 * (1 - NormalDist().cdf(2.0)), rel=1e-12)
    assert srm_test([500, 500]) == (0.0, 1.0)


def test_srm_with_a_planned_uneven_split():
    assert srm_test([900, 100], [0.9, 0.1]) == (0.0, 1.0)
    assert srm_test([900, 100], [90, 10]) == srm_test([900, 100], [0.9, 0.1])
    statistic, _ = srm_test([880, 120], [0.9, 0.1])
    assert statistic == pytest.approx(20**2 / 900 + 20**2 / 100, rel=1e-12)


def test_srm_with_three_arms_uses_two_degrees_of_freedom():
    statistic, p_value = srm_test([100, 100, 130])
    assert statistic == pytest.approx((10**2 + 10**2 + 20**2) / 110, rel=1e-12)
    assert p_value == pytest.approx(math.exp(-statistic / 2), rel=1e-12)  # χ²₂ tail is exp(-x/2)


def test_cuped_with_the_outcome_as_its_own_covariate_removes_all_variance():
    y = np.array([3.0, 5.0, 2.0, 8.0])
    result = cuped(y, y)
    assert result.theta == pytest.approx(1.0)
    assert result.variance_reduction == pytest.approx(1.0)
    assert result.adjusted == pytest.approx(np.full(4, y.mean()))


def test_cuped_hand_worked_theta():
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 1.0, 4.0, 5.0])
    # cov(x, y) = (−1.5·−1 + −0.5·−2 + 0.5·1 + 1.5·2) / 3 = 6/3, var(x) = 5/3
    result = cuped(y, x)
    assert result.theta == pytest.approx(6 / 5)
    assert result.adjusted.mean() == pytest.approx(y.mean())
    assert result.variance_reduction == pytest.approx(np.corrcoef(x, y)[0, 1] ** 2)
    assert result.difference is None and result.standard_error is None


def test_cuped_difference_removes_the_pre_period_imbalance():
    # the treatment arm happens to hold the heavy users: raw difference 4, adjusted 1
    x = np.array([11.0, 9.0, 3.0, 1.0, 10.0, 2.0])
    arm = np.array([1, 1, 0, 0, 1, 0])
    y = x + 1.0 * arm  # pre-period level plus an effect of exactly 1
    result = cuped(y, x, treatment=arm)
    assert y[arm == 1].mean() - y[arm == 0].mean() == pytest.approx(9.0)
    assert result.theta == pytest.approx(1.0) and result.difference == pytest.approx(1.0)
    assert result.standard_error == pytest.approx(0.0, abs=1e-12)


def test_delta_method_with_one_session_per_user_is_the_interval_of_a_mean():
    clicks = np.array([0.0, 1.0, 3.0, 2.0, 0.0, 1.0])
    low, high, estimate = delta_method_ratio_ci(clicks, np.ones(6))
    se = clicks.std(ddof=1) / math.sqrt(6)
    assert estimate == pytest.approx(clicks.mean())
    assert (low, high) == pytest.approx((estimate - z(0.975) * se, estimate + z(0.975) * se))


def test_delta_method_with_a_constant_ratio_has_zero_width():
    assert delta_method_ratio_ci([2.0, 4.0, 6.0], [1.0, 2.0, 3.0]) == (2.0, 2.0, 2.0)


def test_peeking_once_is_the_fixed_horizon_test():
    result = peeking_simulation(1, 100, n_simulations=2000, seed=0)
    assert result.naive_rate == result.fixed_horizon_rate
    assert result.naive_rate_by_look.shape == (1,)


# ------------------------------------------------------------------ properties


@pytest.mark.parametrize("test", ["z", "t"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater"])
def test_sample_size_power_and_mde_are_inverses(test, alternative):
    for d in (0.05, 0.3, 1.1):
        n = sample_size(d, power=0.9, alternative=alternative, test=test, ratio=1.5)
        assert power(d, n, alternative=alternative, test=test, ratio=1.5) == pytest.approx(0.9, rel=1e-10)
        assert minimum_detectable_effect(n, power=0.9, alternative=alternative, test=test,
                                         ratio=1.5) == pytest.approx(d, rel=1e-9)


def test_power_grows_with_the_sample_and_the_effect():
    sizes = [power(0.2, n) for n in (10, 50, 200, 1000)]
    effects = [power(d, 100, test="t") for d in (0.0, 0.1, 0.3, 0.6)]
    assert sizes == sorted(sizes) and effects == sorted(effects)


def test_the_t_test_needs_a_few_more_users_than_the_z_test():
    for d in (0.2, 0.8):
        gap = sample_size(d, test="t") - sample_size(d, test="z")
        assert 0 < gap < 3


def test_halving_the_effect_quadruples_the_one_sided_sample_size():
    assert sample_size(0.1, alternative="greater") == pytest.approx(4 * sample_size(0.2, alternative="greater"))


def test_mde_is_negative_for_the_less_alternative():
    assert minimum_detectable_effect(300, alternative="less") == -minimum_detectable_effect(300, alternative="greater")


def test_proportion_sample_size_and_power_are_consistent_one_sided():
    n = sample_size_proportions(0.10, 0.12, alternative="greater")
    assert power_proportions(0.10, 0.12, n, alternative="greater") == pytest.approx(0.8, rel=1e-10)


def test_cohens_h_and_pooled_variance_sample_sizes_agree_roughly():
    by_h = sample_size(proportion_effectsize(0.11, 0.10))
    by_rates = sample_size_proportions(0.10, 0.11)
    assert by_h == pytest.approx(by_rates, rel=0.01)


def test_srm_is_invariant_to_the_scale_of_the_ratios_and_the_order_of_arms():
    assert srm_test([480, 520], [1, 1]) == srm_test([480, 520], [50, 50])
    assert srm_test([480, 520, 300], [2, 2, 1]) == pytest.approx(srm_test([300, 520, 480], [1, 2, 2]))


def test_cuped_is_invariant_to_rescaling_the_covariate():
    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    y = 2 * x + rng.normal(size=200)
    a, b = cuped(y, x), cuped(y, 1000 * x + 5)
    assert b.theta == pytest.approx(a.theta / 1000)
    assert b.adjusted == pytest.approx(a.adjusted)
    assert b.variance_reduction == pytest.approx(a.variance_reduction)


def test_cuped_keeps_the_difference_unbiased_and_shrinks_its_spread():
    rng = np.random.default_rng(1)
    raw, adjusted = [], []
    for _ in range(300):
        x = rng.gamma(2, 5, 400)
        arm = rng.random(400) < 0.5
        y = x + 1.0 * arm + rng.normal(0, 3, 400)
        raw.append(y[arm].mean() - y[~arm].mean())
        adjusted.append(cuped(y, x, treatment=arm).difference)
    assert abs(np.mean(adjusted) - 1.0) < 4 * np.std(adjusted) / np.sqrt(300)
    assert np.std(adjusted) < 0.6 * np.std(raw)


def test_a_covariate_measured_after_treatment_biases_the_difference():
    """The CUPED trap: theta fitted on a post-period covariate that the treatment moves."""
    rng = np.random.default_rng(2)
    n = 20_000
    arm = rng.random(n) < 0.5
    y = rng.normal(0, 1, n) + 1.0 * arm
    post = y + rng.normal(0, 0.1, n)  # measured during the experiment: carries the effect
    assert cuped(y, post, treatment=arm).difference < 0.1  # the effect of 1.0 is gone


def test_peeking_rate_climbs_with_the_number_of_looks():
    rates = peeking_simulation(8, 100, n_simulations=5000, seed=3).naive_rate_by_look
    assert np.all(np.diff(rates) >= 0) and rates[-1] > 2 * rates[0]


def test_the_always_valid_test_keeps_its_level_and_has_power_against_a_real_effect():
    null = peeking_simulation(30, 100, n_simulations=5000, seed=4)
    effect = peeking_simulation(30, 100, effect=0.15, n_simulations=2000, seed=5)
    assert null.always_valid_rate <= 0.05 < null.naive_rate
    assert effect.always_valid_rate > 0.8


def test_results_are_python_floats():
    assert all(type(v) is float for v in (
        proportion_effectsize(0.1, 0.2), power(0.2, 100), sample_size(0.2), minimum_detectable_effect(100),
        power_proportions(0.1, 0.12, 100), sample_size_proportions(0.1, 0.12), *srm_test([4, 6]),
        *delta_method_ratio_ci([1, 2, 3], [1, 1, 2]), cuped([1, 2, 4], [1, 2, 3]).theta,
        cuped([1, 2, 4], [1, 2, 3]).variance_reduction))


# ------------------------------------------------------------------ undefined values


def test_a_constant_covariate_warns_and_reduces_nothing():
    with pytest.warns(UndefinedMetricWarning, match="x is constant"):
        result = cuped([1.0, 2.0, 3.0], [5.0, 5.0, 5.0])
    assert result.theta == 0.0 and result.variance_reduction == 0.0


def test_a_constant_outcome_warns():
    with pytest.warns(UndefinedMetricWarning, match="y is constant"):
        assert cuped([2.0, 2.0, 2.0], [1.0, 2.0, 4.0]).variance_reduction == 0.0


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("call, match", [
    (lambda: proportion_effectsize(1.2, 0.5), "p1"),
    (lambda: proportion_effectsize(0.5, float("nan")), "p2"),
    (lambda: power("0.2", 100), "effect_size"),
    (lambda: power(0.2, 0), "nobs1"),
    (lambda: power(0.2, 100, alpha=1.5), "alpha"),
    (lambda: power(0.2, 100, ratio=0), "ratio"),
    (lambda: power(0.2, 100, alternative="one-sided"), "alternative"),
    (lambda: power(0.2, 100, test="chi2"), "test"),
    (lambda: power(0.2, 1, test="t"), "degrees of freedom"),
    (lambda: sample_size(0.0), "effect_size"),
    (lambda: sample_size(0.2, power=1.0), "power"),
    (lambda: sample_size(0.2, power=0.04), "power"),
    (lambda: sample_size(-0.2, alternative="greater"), "alternative"),
    (lambda: sample_size(True), "effect_size"),
    (lambda: minimum_detectable_effect(-5), "nobs1"),
    (lambda: minimum_detectable_effect(1, test="t"), "degrees of freedom"),
    (lambda: power_proportions(0.1, 0.1, 100), "p_treatment"),
    (lambda: power_proportions(0.0, 0.1, 100), "p_control"),
    (lambda: sample_size_proportions(0.1, 0.12, ratio=-1), "ratio"),
    (lambda: srm_test([100]), "observed_counts"),
    (lambda: srm_test([0, 0]), "observed_counts"),
    (lambda: srm_test([10, -1]), "observed_counts"),
    (lambda: srm_test([10, 12], [1, 1, 1]), "differ in length"),
    (lambda: srm_test([10, 12], [1, 0]), "expected_ratios"),
    (lambda: srm_test([[10, 12]]), "observed_counts"),
    (lambda: cuped([1, 2, 3], [1, 2]), "differ in length"),
    (lambda: cuped([1], [1]), "at least 2"),
    (lambda: cuped([1, 2, np.nan], [1, 2, 3]), "NaN"),
    (lambda: cuped([1, 2, 3], [1, 2, 3], treatment=[0, 1, 2]), "treatment"),
    (lambda: cuped([1, 2, 3], [1, 2, 3], treatment=[1, 1, 1]), "one arm"),
    (lambda: cuped([1, 2, 3], [1, 2, 3], treatment=[1, 0]), "differ in length"),
    (lambda: delta_method_ratio_ci([1, 2], [0, 0]), "denominator"),
    (lambda: delta_method_ratio_ci([1, 2], [1, 2, 3]), "differ in length"),
    (lambda: delta_method_ratio_ci([1], [1]), "at least 2"),
    (lambda: delta_method_ratio_ci([1, 2], [1, 2], confidence=95), "confidence"),
    (lambda: peeking_simulation(0, 100), "n_looks"),
    (lambda: peeking_simulation(5, 1.5), "n_per_look"),
    (lambda: peeking_simulation(5, 10, n_simulations=0), "n_simulations"),
    (lambda: peeking_simulation(5, 10, mixing_sd=0), "mixing_sd"),
    (lambda: peeking_simulation(5, 10, alpha=0), "alpha"),
])
def test_bad_input_raises_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


def test_statsmodels_spellings_of_the_alternative_are_accepted():
    assert power(0.2, 100, alternative="larger") == power(0.2, 100, alternative="greater")
    assert power(-0.2, 100, alternative="smaller") == power(-0.2, 100, alternative="less")


# ------------------------------------------------------------------ documentation


REQUIRED_SECTIONS = ["Parameters", "Returns", "Notes", "See Also", "Examples"]
REQUIRED_NOTES = ["**Formula**", "**Intuition**", "**Interview note**", "**Edge cases**"]


@pytest.mark.parametrize("name", [n for n in experiments.__all__ if inspect.isfunction(getattr(experiments, n))])
def test_every_public_function_has_a_teaching_docstring(name):
    doc = inspect.getdoc(getattr(experiments, name))
    missing = [s for s in REQUIRED_SECTIONS if f"\n{s}\n---" not in doc]
    missing += [s for s in REQUIRED_NOTES if s not in doc]
    assert not missing, f"{name} docstring lacks: {missing}"
    assert ">>> " in doc and doc.splitlines()[0].endswith(".")


def test_every_public_name_is_exported_from_the_package():
    for name in experiments.__all__:
        assert getattr(mlmetrics_edu, name) is getattr(experiments, name)
        assert name in mlmetrics_edu.__all__


def test_warnings_are_not_raised_on_ordinary_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cuped([1.0, 3.0, 2.0, 5.0], [1.0, 2.0, 2.5, 4.0], treatment=[1, 0, 1, 0])
        sample_size(0.3, test="t")
