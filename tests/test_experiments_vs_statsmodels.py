"""experiments.py against its references on seeded random inputs: statsmodels' power classes and
two-proportion helpers, scipy's chisquare, statsmodels' OLS for CUPED, a large bootstrap for the
delta method, and the published false-positive rates of repeated looks (Armitage et al. 1969).

statsmodels' ``solve_power`` stops its root finder at a loose tolerance (its sample sizes are
off by up to ~1e-8 relative, its effect sizes by up to ~1e-6), so the solved quantities are
checked against statsmodels' *power function* solved to full precision (brentq, xtol 1e-14),
and against ``solve_power`` itself at the tolerance it reaches.
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import (
    power_proportions_2indep, proportion_effectsize as sm_proportion_effectsize,
    samplesize_proportions_2indep_onetail,
)

from mlmetrics_edu.experiments import (
    _nct_cdf, cuped, delta_method_ratio_ci, minimum_detectable_effect, peeking_simulation, power,
    power_proportions, proportion_effectsize, sample_size, sample_size_proportions, srm_test,
)

SEEDS = range(40)
STATSMODELS_NAME = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}
REFERENCE = {"z": NormalIndPower(), "t": TTestIndPower()}


def random_design(rng):
    test = str(rng.choice(["z", "t"]))
    alternative = str(rng.choice(["two-sided", "greater", "less"]))
    effect = float(rng.uniform(0.03, 1.2))
    if alternative == "less" or (alternative == "two-sided" and rng.random() < 0.5):
        effect = -effect
    return dict(effect=effect, alpha=float(rng.choice([0.001, 0.01, 0.05, 0.1])),
                power=float(rng.uniform(0.5, 0.99)), ratio=float(rng.choice([0.25, 0.5, 1.0, 1.0, 2.0, 3.5])),
                alternative=alternative, test=test, nobs1=float(rng.choice([6.0, 20.0, 150.0, 2500.0, 40000.0])))


def reference_power(d, nobs1, alpha, ratio, alternative, test):
    return REFERENCE[test].power(d, nobs1, alpha, ratio=ratio, alternative=STATSMODELS_NAME[alternative])


def full_precision_root(f, low, high):
    return optimize.brentq(f, low, high, xtol=1e-14, rtol=4 * np.finfo(float).eps, maxiter=500)


# ------------------------------------------------------------------ the noncentral t


def test_the_noncentral_t_cdf_matches_scipy():
    from scipy import special

    rng = np.random.default_rng(0)
    for _ in range(500):
        df = float(rng.uniform(1, 2000))
        nc = float(rng.normal() * rng.choice([0.1, 1, 5, 20]))
        t = float(nc + rng.normal() * 3)
        assert _nct_cdf(t, df, nc) == pytest.approx(special.nctdtr(df, nc, t), rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------ power, sample size, MDE


@pytest.mark.parametrize("seed", SEEDS)
def test_power_equals_statsmodels(seed):
    c = random_design(np.random.default_rng(seed))
    ours = power(c["effect"], c["nobs1"], alpha=c["alpha"], ratio=c["ratio"], alternative=c["alternative"],
                 test=c["test"])
    ref = reference_power(c["effect"], c["nobs1"], c["alpha"], c["ratio"], c["alternative"], c["test"])
    assert isinstance(ours, float)
    if np.isnan(ref):  # scipy's noncentral t gives up beyond nc ~ 30: power is 1 to many digits there
        z_power = reference_power(c["effect"], c["nobs1"], c["alpha"], c["ratio"], c["alternative"], "z")
        assert ours == pytest.approx(z_power, abs=1e-9)
        return
    assert ours == pytest.approx(ref, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_sample_size_solves_the_statsmodels_power_equation_exactly(seed):
    c = random_design(np.random.default_rng(100 + seed))
    args = (c["alpha"], c["ratio"], c["alternative"], c["test"])
    ours = sample_size(c["effect"], alpha=c["alpha"], power=c["power"], ratio=c["ratio"],
                       alternative=c["alternative"], test=c["test"])
    low = max(ours / 2, 2.0 / (1 + c["ratio"]) * (1 + 1e-9))  # a bracket (power is monotone in n)
    exact = full_precision_root(lambda n: reference_power(c["effect"], n, *args) - c["power"], low, 2 * ours)
    assert ours == pytest.approx(exact, rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solved = REFERENCE[c["test"]].solve_power(c["effect"], nobs1=None, alpha=c["alpha"], power=c["power"],
                                                  ratio=c["ratio"], alternative=STATSMODELS_NAME[c["alternative"]])
    if np.isfinite(solved):  # statsmodels' own solver, at the tolerance it stops at
        assert ours == pytest.approx(solved, rel=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_minimum_detectable_effect_solves_the_statsmodels_power_equation_exactly(seed):
    c = random_design(np.random.default_rng(200 + seed))
    args = (c["nobs1"], c["alpha"], c["ratio"], c["alternative"], c["test"])
    ours = minimum_detectable_effect(c["nobs1"], alpha=c["alpha"], power=c["power"], ratio=c["ratio"],
                                     alternative=c["alternative"], test=c["test"])
    sign = -1.0 if c["alternative"] == "less" else 1.0
    exact = sign * full_precision_root(lambda d: reference_power(sign * d, *args) - c["power"],
                                       abs(ours) / 2, 2 * abs(ours))  # a bracket: power is monotone in d
    assert ours == pytest.approx(exact, rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solved = REFERENCE[c["test"]].solve_power(None, nobs1=c["nobs1"], alpha=c["alpha"], power=c["power"],
                                                  ratio=c["ratio"], alternative=STATSMODELS_NAME[c["alternative"]])
    # statsmodels' own solver, where it found a root of its own equation (for "smaller" it can
    # return a positive effect whose power is below alpha)
    if np.isfinite(solved) and abs(reference_power(solved, *args) - c["power"]) < 1e-6:
        assert ours == pytest.approx(solved, rel=1e-4)


def test_the_documented_statsmodels_gap_is_the_solver_not_the_power():
    """statsmodels' solve_power leaves a residual in the power; ours does not."""
    solved = NormalIndPower().solve_power(None, nobs1=1000, alpha=0.05, power=0.8)
    ours = minimum_detectable_effect(1000)
    assert abs(NormalIndPower().power(ours, 1000, 0.05) - 0.8) < 1e-13
    assert abs(NormalIndPower().power(solved, 1000, 0.05) - 0.8) > 1e-9


@pytest.mark.parametrize("seed", range(20))
def test_proportion_effectsize_equals_statsmodels(seed):
    p1, p2 = np.random.default_rng(seed).uniform(0, 1, 2)
    assert proportion_effectsize(p1, p2) == pytest.approx(sm_proportion_effectsize(p1, p2), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_proportion_power_and_sample_size_equal_statsmodels(seed):
    rng = np.random.default_rng(300 + seed)
    p_control = float(rng.uniform(0.005, 0.6))
    p_treatment = float(np.clip(p_control * rng.uniform(0.6, 1.6), 0.001, 0.999))
    alpha, target = float(rng.choice([0.01, 0.05, 0.1])), float(rng.uniform(0.5, 0.95))
    ratio = float(rng.choice([0.5, 1.0, 3.0]))
    alternative = str(rng.choice(["two-sided", "greater", "less"]))
    nobs1 = float(rng.choice([100.0, 2000.0, 50000.0]))
    diff = p_treatment - p_control
    ours = power_proportions(p_control, p_treatment, nobs1, alpha=alpha, ratio=ratio, alternative=alternative)
    ref = power_proportions_2indep(diff, p_control, nobs1, ratio=ratio, alpha=alpha,
                                   alternative=STATSMODELS_NAME[alternative]).power
    assert ours == pytest.approx(ref, rel=1e-9, abs=1e-12)
    ours_n = sample_size_proportions(p_control, p_treatment, alpha=alpha, power=target, ratio=ratio,
                                     alternative=alternative)
    ref_n = samplesize_proportions_2indep_onetail(diff, p_control, target, ratio=ratio, alpha=alpha,
                                                  alternative=STATSMODELS_NAME[alternative])
    assert ours_n == pytest.approx(ref_n, rel=1e-9)


# ------------------------------------------------------------------ SRM


@pytest.mark.parametrize("seed", SEEDS)
def test_srm_test_equals_scipy_chisquare(seed):
    rng = np.random.default_rng(400 + seed)
    k = int(rng.integers(2, 7))
    ratios = rng.uniform(0.2, 3.0, k)
    counts = rng.multinomial(int(rng.integers(20, 200_000)), ratios / ratios.sum())
    counts[0] += int(rng.integers(0, 3)) * int(counts.sum() ** 0.5)  # sometimes a real mismatch
    statistic, p_value = srm_test(counts, ratios)
    ref = stats.chisquare(counts, counts.sum() * ratios / ratios.sum())
    assert statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)


# ------------------------------------------------------------------ CUPED


@pytest.mark.parametrize("seed", range(15))
def test_cuped_equals_ols_with_the_pre_period_covariate(seed):
    rng = np.random.default_rng(500 + seed)
    n = int(rng.integers(10, 3000))
    x = rng.gamma(2.0, 10.0, n)
    arm = rng.random(n) < rng.uniform(0.2, 0.8)
    y = 3.0 + rng.uniform(0.3, 1.5) * x + 2.0 * arm + rng.normal(0, rng.uniform(1, 20), n)
    pooled = cuped(y, x)
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    assert pooled.theta == pytest.approx(fit.params[1], rel=1e-9)
    assert pooled.variance_reduction == pytest.approx(fit.rsquared, rel=1e-9)
    assert pooled.adjusted == pytest.approx(fit.resid + y.mean(), rel=1e-9, abs=1e-9)
    adjusted = cuped(y, x, treatment=arm.astype(int))
    ancova = sm.OLS(y, sm.add_constant(np.column_stack([arm.astype(float), x]))).fit()
    assert adjusted.theta == pytest.approx(ancova.params[2], rel=1e-9)
    assert adjusted.difference == pytest.approx(ancova.params[1], rel=1e-9, abs=1e-12)
    assert adjusted.standard_error == pytest.approx(ancova.bse[1], rel=1e-9)


# ------------------------------------------------------------------ delta method


@pytest.mark.parametrize("seed", range(3))
def test_delta_method_interval_agrees_with_a_large_user_level_bootstrap(seed):
    rng = np.random.default_rng(600 + seed)
    n = 3000
    sessions = rng.poisson(rng.gamma(1.5, 3.0, n)) + 1  # heavy users have many sessions
    clicks = rng.binomial(sessions, rng.beta(2, 8, n))  # and their own click rate
    low, high, estimate = delta_method_ratio_ci(clicks, sessions)
    idx = rng.integers(0, n, (20_000, n))
    boot = clicks[idx].sum(axis=1) / sessions[idx].sum(axis=1)
    assert estimate == pytest.approx(clicks.sum() / sessions.sum(), rel=1e-12)
    se_delta = (high - low) / (2 * stats.norm.ppf(0.975))
    assert se_delta == pytest.approx(boot.std(ddof=1), rel=0.04)
    b_low, b_high = np.quantile(boot, [0.025, 0.975])
    width = high - low
    assert abs(low - b_low) < 0.08 * width and abs(high - b_high) < 0.08 * width
    naive = np.sqrt(estimate * (1 - estimate) / sessions.sum())  # sessions treated as independent
    assert naive < se_delta  # the randomization unit is the user: the naive interval is too narrow


# ------------------------------------------------------------------ peeking


@pytest.mark.parametrize("n_looks, published", [(2, 0.083), (5, 0.142), (10, 0.193)])
def test_naive_peeking_reproduces_the_published_false_positive_rates(n_looks, published):
    result = peeking_simulation(n_looks, 50, n_simulations=40_000, seed=n_looks)
    se = np.sqrt(published * (1 - published) / 40_000)
    assert abs(result.naive_rate - published) < 4 * se + 0.002
    assert abs(result.fixed_horizon_rate - 0.05) < 4 * np.sqrt(0.05 * 0.95 / 40_000)
    assert result.always_valid_rate <= 0.05


def test_the_peeking_simulation_matches_a_brute_force_loop_over_users():
    rng = np.random.default_rng(7)
    n_sim, looks, per_look = 400, 6, 30
    rejections = 0
    for _ in range(n_sim):
        a, b = rng.normal(size=looks * per_look), rng.normal(size=looks * per_look)
        for k in range(1, looks + 1):
            n = k * per_look
            if abs(stats.ttest_ind(a[:n], b[:n]).statistic) > 0 and abs(
                    (a[:n].mean() - b[:n].mean()) / np.sqrt(2 / n)) > stats.norm.isf(0.025):
                rejections += 1
                break
    brute = rejections / n_sim
    ours = peeking_simulation(looks, per_look, n_simulations=20_000, seed=8).naive_rate
    assert abs(brute - ours) < 4 * np.sqrt(ours * (1 - ours) / n_sim)
