"""Drift measures: PSI by hand and by its properties; KS, Jensen-Shannon and Wasserstein
equal to scipy on seeded random inputs (ties, different sizes, weights); bad input."""

import math
import warnings

import numpy as np
import pytest
import scipy.stats as st
from scipy.spatial.distance import jensenshannon

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.drift import (
    jensen_shannon_distance,
    ks_test,
    population_stability_index,
    wasserstein_distance,
)

SEEDS = range(40)


# --------------------------------------------------------------------------- PSI


def test_psi_by_hand_on_quartile_bins():
    expected = np.arange(1, 9)  # quartile edges at 2.75, 4.5, 6.25: two values per bin
    actual = [1, 1, 1, 1, 5, 5, 7, 8]  # shares 1/2, 0, 1/4, 1/4 against 1/4 each
    e, a = np.full(4, 0.25), np.array([0.5, 1e-4, 0.25, 0.25])  # the empty bin floored at 1e-4
    want = float(np.sum((a - e) * np.log(a / e)))
    assert population_stability_index(expected, actual, bins=4) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_psi_equals_symmetric_kl_of_decile_shares(seed):
    rng = np.random.default_rng(seed)
    expected = rng.normal(size=int(rng.integers(50, 3000)))
    actual = rng.normal(rng.normal(0, 0.5), rng.uniform(0.5, 2), size=int(rng.integers(50, 3000)))
    edges = np.unique(np.quantile(expected, np.arange(1, 10) / 10))
    e = np.histogram(expected, np.r_[-np.inf, edges, np.inf])[0] / expected.size
    a = np.histogram(actual, np.r_[-np.inf, edges, np.inf])[0] / actual.size
    e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
    symmetric_kl = np.sum(a * np.log(a / e)) + np.sum(e * np.log(e / a))
    assert population_stability_index(expected, actual) == pytest.approx(symmetric_kl, rel=1e-9)


def test_psi_is_zero_for_the_same_sample_and_grows_with_the_shift():
    rng = np.random.default_rng(1)
    ref = rng.normal(size=5000)
    assert population_stability_index(ref, ref) == 0.0
    values = [population_stability_index(ref, ref + shift) for shift in (0.1, 0.3, 0.6, 1.0)]
    assert values == sorted(values) and values[-1] > 0.25


def test_empty_bins_are_floored_so_psi_stays_finite_and_epsilon_zero_gives_inf():
    ref = np.arange(100.0)
    shifted = np.full(50, 1000.0)  # every current value in the top bin
    psi = population_stability_index(ref, shifted)
    assert math.isfinite(psi) and psi > 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from log(0)
        assert population_stability_index(ref, shifted, epsilon=0) == math.inf


def test_ties_in_the_reference_merge_bins():
    ref = np.array([0.0] * 70 + [1.0] * 30)
    assert population_stability_index(ref, ref) == 0.0
    assert population_stability_index(ref, [0.0] * 30 + [1.0] * 70) == pytest.approx(
        (0.7 - 0.3) * math.log(0.7 / 0.3) * 2, rel=1e-12)


# --------------------------------------------------------------------------- KS


def _sample(rng, n, shift=0.0):
    kind = rng.integers(0, 3)
    if kind == 0:
        return rng.normal(shift, 1, n)
    if kind == 1:
        return np.round(rng.normal(shift, 1, n), 1)  # ties within and across samples
    return rng.integers(0, 5, n).astype(float) + (shift > 0)


@pytest.mark.parametrize("seed", SEEDS)
def test_ks_test_equals_scipy_ks_2samp(seed):
    rng = np.random.default_rng(seed)
    n1, n2 = (int(x) for x in rng.integers(1, [80, 400]))
    a, b = _sample(rng, n1), _sample(rng, n2, float(rng.choice([0.0, 0.3, 1.0])))
    want = st.ks_2samp(a, b)
    statistic, pvalue = ks_test(a, b)
    assert statistic == pytest.approx(want.statistic, abs=1e-15)
    assert pvalue == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)
    assert ks_test(b, a) == pytest.approx((statistic, pvalue), rel=1e-9)


@pytest.mark.parametrize("n1, n2", [(1, 1), (1, 9), (3, 3), (10_000, 10_000), (7, 9_999), (2_000, 3_001)])
def test_ks_exact_p_values_equal_scipy_at_the_extremes_of_size(n1, n2):
    rng = np.random.default_rng(n1 + n2)
    for shift in (0.0, 0.05, 2.0):  # up to p-values near 1e-300
        a, b = rng.normal(size=n1), rng.normal(shift, 1, n2)
        want = st.ks_2samp(a, b)
        got = ks_test(a, b)
        assert got[0] == want.statistic
        assert got[1] == pytest.approx(want.pvalue, rel=1e-8, abs=1e-300)


@pytest.mark.parametrize("n1, n2, shift", [(20_000, 20_000, 0.02), (30_000, 12_000, 0.0),
                                           (15_000, 300, 0.1), (11_000, 50, 0.3),
                                           (11_000, 10, 0.8), (12_000, 140, 0.02)])
def test_ks_asymptotic_p_values_equal_scipy(n1, n2, shift):
    rng = np.random.default_rng(n2)
    a, b = rng.normal(size=n1), rng.normal(shift, 1, n2)
    want = st.ks_2samp(a, b)  # method='auto' switches to 'asymp' above 10,000
    statistic, pvalue = ks_test(a, b)
    assert statistic == want.statistic
    assert pvalue == pytest.approx(want.pvalue, rel=1e-4)


def test_ks_method_exact_and_asymp_are_selectable():
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=300), rng.normal(0.2, 1, 200)
    assert ks_test(a, b, method="exact")[1] == pytest.approx(st.ks_2samp(a, b, method="exact").pvalue, rel=1e-9)
    assert ks_test(a, b, method="asymp")[1] == pytest.approx(st.ks_2samp(a, b, method="asymp").pvalue, rel=1e-5)


@pytest.mark.parametrize("n", [1, 2, 5, 40, 140, 141, 500, 3_000, 20_000])
def test_the_one_sample_tail_behind_the_asymptotic_p_value_equals_scipy_kstwo(n):
    from mlmetrics_edu.drift import _kolmogorov_sf

    rng = np.random.default_rng(n)
    for d in np.r_[rng.random(6) * 2 / np.sqrt(n), rng.random(4), 0.6 / n, 0.9 / n, 1 - 0.5 / n]:
        if 0 < d < 1:
            assert _kolmogorov_sf(n, d) == pytest.approx(st.kstwo.sf(d, n), rel=5e-5, abs=1e-300)


def test_ks_examples_by_hand():
    assert ks_test([1, 2, 3], [1, 2, 3]) == (0.0, 1.0)
    statistic, pvalue = ks_test([1, 2], [3, 4])
    assert statistic == 1.0 and pvalue == pytest.approx(2 / math.comb(4, 2))  # 2 of 6 orderings


# --------------------------------------------------------------------------- Jensen-Shannon


@pytest.mark.parametrize("seed", SEEDS)
def test_jensen_shannon_distance_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 12))
    p = rng.integers(0, 6, k).astype(float) * (rng.random(k) < 0.8)
    q = rng.random(k) * (rng.random(k) < 0.7)
    p[0] += p.sum() == 0
    q[-1] += q.sum() == 0
    for base in (None, 2, 10, 1.5):
        assert jensen_shannon_distance(p, q, base) == pytest.approx(jensenshannon(p, q, base), abs=1e-12)


def test_jensen_shannon_is_symmetric_zero_on_identical_and_one_on_disjoint_in_base_two():
    assert jensen_shannon_distance([1, 2, 3], [2, 4, 6]) == 0.0
    assert jensen_shannon_distance([1, 0], [0, 1], base=2) == 1.0
    assert jensen_shannon_distance([1, 3], [2, 1]) == jensen_shannon_distance([2, 1], [1, 3])


# --------------------------------------------------------------------------- Wasserstein


@pytest.mark.parametrize("seed", SEEDS)
def test_wasserstein_distance_equals_scipy_with_ties_and_weights(seed):
    rng = np.random.default_rng(seed)
    n, m = (int(x) for x in rng.integers(1, [50, 200]))
    u, v = _sample(rng, n), _sample(rng, m, 0.5)
    uw = rng.integers(0, 4, n).astype(float) if seed % 2 else None
    vw = rng.random(m) if seed % 3 else None
    if uw is not None:
        uw[0] += uw.sum() == 0
    want = st.wasserstein_distance(u, v, uw, vw)
    assert wasserstein_distance(u, v, uw, vw) == pytest.approx(want, rel=1e-10, abs=1e-12)


def test_wasserstein_of_a_shift_is_the_shift():
    x = np.random.default_rng(2).normal(size=100)
    assert wasserstein_distance(x, x + 3) == pytest.approx(3.0)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("call, match", [
    (lambda: population_stability_index([], [1.0]), "expected is empty"),
    (lambda: population_stability_index([1.0, np.nan], [1.0]), "expected contains NaN"),
    (lambda: population_stability_index([1.0], ["a"]), "actual must be numeric"),
    (lambda: population_stability_index([1.0], [1.0], bins=0), "bins must be"),
    (lambda: population_stability_index([1.0], [1.0], epsilon=-1), "epsilon must be"),
    (lambda: ks_test([1.0], []), "b is empty"),
    (lambda: ks_test([[1.0, 2.0]], [1.0]), "a must be 1-D"),
    (lambda: ks_test([1.0], [1.0], method="fast"), "method='fast' is not supported"),
    (lambda: jensen_shannon_distance([1, 2], [1, 2, 3]), "p and q differ in length"),
    (lambda: jensen_shannon_distance([1, -2], [1, 2]), "p contains negative"),
    (lambda: jensen_shannon_distance([1, 2], [0, 0]), "q sums to 0"),
    (lambda: jensen_shannon_distance([1, 2], [1, 2], base=1), "base must be"),
    (lambda: jensen_shannon_distance([1, 2], [1, 2], base=0.5), "base must be a number > 1"),
    (lambda: wasserstein_distance([1.0], [np.inf]), "v_values contains NaN or infinity"),
    (lambda: wasserstein_distance([1.0, 2.0], [1.0], u_weights=[1.0, -1.0]), "u_weights contains negative"),
    (lambda: wasserstein_distance([1.0, 2.0], [1.0], u_weights=[1.0]), "u_weights has 1 values"),
    (lambda: wasserstein_distance([1.0], [1.0], v_weights=[0.0]), "v_weights sums to 0"),
])
def test_bad_input_raises_metric_input_error_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


@pytest.mark.parametrize("n", [1, 2, 5, 17, 50, 500, 3_000])
def test_ks_equal_sizes_use_the_reflection_formula_and_equal_scipy(n):
    rng = np.random.default_rng(n)
    for shift in (0.0, 0.3, 3.0):
        a, b = _sample(rng, n), _sample(rng, n, shift)
        want = st.ks_2samp(a, b)
        statistic, pvalue = ks_test(a, b)
        assert statistic == want.statistic
        assert pvalue == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)
