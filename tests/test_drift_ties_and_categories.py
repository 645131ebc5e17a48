"""PSI with tie-aware bins (the cases of issue 21), its noise floor and calibrated threshold;
categorical drift (PSI, Jensen-Shannon, chi-square) against scipy; bad input."""

import math

import numpy as np
import pytest
import scipy.stats as st
from scipy.spatial.distance import jensenshannon

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.drift import (
    _chi2_sf,
    calibrate_psi_threshold,
    categorical_drift,
    categorical_js_distance,
    categorical_psi,
    chi_square_test,
    histogram_drift,
    ks_test,
    population_stability_index,
    psi_bin_edges,
    psi_noise_floor,
)

# --------------------------------------------------------------------------- ties


def zero_inflated(share_zeros, n, rng):
    zeros = int(round(share_zeros * n))
    return np.r_[np.zeros(zeros), rng.exponential(size=n - zeros)]


def test_ninety_to_fifty_percent_zeros_is_seen_by_psi_as_by_ks():
    rng = np.random.default_rng(0)
    reference = np.r_[np.zeros(9001), rng.exponential(size=999)]  # 90%: every decile is 0
    current = zero_inflated(0.5, 10_000, rng)
    assert population_stability_index(reference, current, ties="merge") == 0.0  # the old blind spot
    psi = population_stability_index(reference, current)
    d = ks_test(reference, current)[0]
    assert d == pytest.approx(0.4, abs=0.001)
    assert psi > 0.25  # "major shift", as KS's D = 0.4 says
    # the zeros' bin alone: shares 0.9 -> 0.5, and the rest 0.1 -> 0.5
    want = (0.5 - 0.9001) * math.log(0.5 / 0.9001) + (0.5 - 0.0999) * math.log(0.5 / 0.0999)
    assert psi == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("n", [1, 2, 100])
def test_a_constant_reference_sees_a_shift_up_as_a_shift_down(n):
    reference = np.zeros(n)
    up = population_stability_index(reference, np.full(200, 5.0))
    down = population_stability_index(reference, np.full(200, -5.0))
    assert up == down == pytest.approx(2 * (1 - 1e-4) * math.log(1e4))  # 18.4
    assert population_stability_index(reference, np.zeros(50)) == 0.0


def test_the_classic_convention_was_asymmetric_for_a_constant_reference():
    reference = np.zeros(100)
    assert population_stability_index(reference, np.full(9, 5.0), ties="merge") == 0.0
    assert population_stability_index(reference, np.full(9, -5.0), ties="merge") > 18


@pytest.mark.parametrize("seed", range(8))
def test_continuous_data_without_ties_keeps_the_classic_decile_bins(seed):
    rng = np.random.default_rng(seed)
    expected, actual = rng.normal(size=int(rng.integers(20, 3000))), rng.normal(0.3, 1.2, 500)
    assert population_stability_index(expected, actual) == population_stability_index(
        expected, actual, ties="merge")
    np.testing.assert_array_equal(psi_bin_edges(expected), np.unique(np.quantile(expected, np.arange(1, 10) / 10)))


@pytest.mark.parametrize("seed", range(6))
def test_integer_valued_features_get_one_bin_per_heavy_value(seed):
    rng = np.random.default_rng(seed)
    expected = rng.choice(5, size=4000, p=[0.3, 0.25, 0.2, 0.15, 0.1]).astype(float)
    actual = rng.choice(5, size=3000, p=[0.1, 0.2, 0.2, 0.25, 0.25]).astype(float)
    # each value holds >= half a decile, so each is a bin: PSI = the categorical PSI
    assert population_stability_index(expected, actual) == pytest.approx(categorical_psi(expected, actual), rel=1e-12)


def test_values_outside_the_reference_range_land_in_the_open_end_bins():
    reference = np.arange(100.0)
    above = population_stability_index(reference, np.full(40, 1e6))
    below = population_stability_index(reference, np.full(40, -1e6))
    assert above == pytest.approx(below) and above > 5
    edges = psi_bin_edges(reference)
    assert edges.min() > reference.min() and edges.max() < reference.max()


def test_a_tie_split_off_is_the_pair_value_nextafter():
    edges = psi_bin_edges([0.0] * 6 + [1.0, 2.0, 3.0, 4.0], bins=5)
    assert edges[0] == 0.0 and edges[1] == np.nextafter(0.0, 1.0)
    assert edges.size == psi_bin_edges([0.0] * 6 + [1.0, 2.0, 3.0, 4.0], bins=5, ties="merge").size + 1


# --------------------------------------------------------------------------- noise floor and threshold


def test_the_noise_floor_of_500_rows_and_50_bins_is_above_every_0_1_alarm():
    simulated = psi_noise_floor(500, 500, bins=50, n_draws=100)
    approx = psi_noise_floor(500, 500, bins=50, method="approx")
    assert approx == pytest.approx(49 * 2 / 500)
    assert simulated == pytest.approx(approx, rel=0.15)
    assert simulated > 0.1


@pytest.mark.parametrize("n, bins", [(2000, 10), (10_000, 20)])
def test_the_noise_floor_matches_the_psi_of_drift_free_normal_samples(n, bins):
    rng = np.random.default_rng(n)
    observed = np.mean([population_stability_index(rng.normal(size=n), rng.normal(size=n),
                                                   bins=bins) for _ in range(60)])
    assert observed == pytest.approx(psi_noise_floor(n, n, bins=bins, n_draws=100), rel=0.2)
    q99 = psi_noise_floor(n, n, bins=bins, quantile=0.99, n_draws=200)
    assert q99 > psi_noise_floor(n, n, bins=bins, n_draws=200)


def test_a_threshold_calibrated_on_reference_chunks_rarely_fires_without_drift_and_fires_with_it():
    rng = np.random.default_rng(3)
    reference = np.round(rng.gamma(2.0, size=40_000), 1)  # ties: the simulation's premise fails
    threshold = calibrate_psi_threshold(reference, 1000, quantile=0.99)
    quiet = [population_stability_index(reference, np.round(rng.gamma(2.0, size=1000), 1)) for _ in range(100)]
    shifted = [population_stability_index(reference, np.round(rng.gamma(2.3, size=1000), 1)) for _ in range(20)]
    assert np.mean(np.array(quiet) > threshold) <= 0.06
    assert np.mean(np.array(shifted) > threshold) >= 0.9


# --------------------------------------------------------------------------- categories


def categories(rng, n, strings, k=5, p=None):
    codes = rng.choice(k, size=n, p=p)
    return np.array(["ant", "bee", "cat", "dog", "eel", "fox", "gnu"])[codes] if strings else codes * 7 + 3


@pytest.mark.parametrize("seed", range(20))
def test_chi_square_test_equals_scipy_chi2_contingency(seed):
    rng = np.random.default_rng(seed)
    k, strings = int(rng.integers(2, 7)), bool(seed % 2)
    e = categories(rng, int(rng.integers(5, 400)), strings, k)
    a = categories(rng, int(rng.integers(5, 400)), strings, k, p=rng.dirichlet(np.ones(k)))
    cats = np.union1d(e, a)
    table = np.array([[np.sum(e == c) for c in cats], [np.sum(a == c) for c in cats]])
    for correction in (True, False):
        stat, p = chi_square_test(e, a, correction=correction)
        if cats.size < 2:
            assert (stat, p) == (0.0, 1.0)
            continue
        want = st.chi2_contingency(table, correction=correction)
        assert stat == pytest.approx(want.statistic, rel=1e-10, abs=1e-12)
        assert p == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("dof", [1, 2, 3, 7, 30, 100, 1000])
def test_the_chi_square_tail_equals_scipy(dof):
    for x in np.r_[0.001, 0.5, dof * np.array([0.2, 0.9, 1.0, 1.1, 2.0, 5.0]), dof + 40 * math.sqrt(dof)]:
        assert _chi2_sf(float(x), dof) == pytest.approx(st.chi2.sf(x, dof), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("seed", range(10))
def test_categorical_js_and_psi_are_the_histogram_measures_of_the_counts(seed):
    rng = np.random.default_rng(100 + seed)
    e, a = categories(rng, 300, True), categories(rng, 200, True, 7)
    cats = np.union1d(e, a)
    ce = np.array([np.sum(e == c) for c in cats], float)
    ca = np.array([np.sum(a == c) for c in cats], float)
    assert categorical_js_distance(e, a) == pytest.approx(jensenshannon(ce, ca), abs=1e-12)
    assert categorical_js_distance(e, a, base=2) == pytest.approx(jensenshannon(ce, ca, base=2), abs=1e-12)
    se, sa = np.maximum(ce / ce.sum(), 1e-4), np.maximum(ca / ca.sum(), 1e-4)
    assert categorical_psi(e, a) == pytest.approx(np.sum((sa - se) * np.log(sa / se)), rel=1e-12)
    r = histogram_drift(ce, ca)
    assert r["psi"] == pytest.approx(categorical_psi(e, a), rel=1e-12)
    assert r["chi2"] == pytest.approx(chi_square_test(e, a)[0], rel=1e-12)


def test_integer_codes_are_labels_not_numbers():
    rng = np.random.default_rng(7)
    e, a = rng.choice(5, 2000), rng.choice(5, 2000, p=[0.1, 0.1, 0.2, 0.3, 0.3])
    relabel = np.array([40, 3, 17, 8, 1])  # an arbitrary new numbering of the same categories
    for fn in (categorical_psi, categorical_js_distance, lambda x, y: chi_square_test(x, y)[1]):
        assert fn(relabel[e], relabel[a]) == pytest.approx(fn(e, a), rel=1e-12)
    report = categorical_drift(e, a, ordered=True)
    assert report["ks_statistic"] == pytest.approx(st.ks_2samp(e, a).statistic, abs=1e-12)
    assert "ks_statistic" not in categorical_drift(e, a)


def test_unseen_and_missing_categories_are_reported_by_name():
    report = categorical_drift(["a", "a", "b", "c"], ["a", "d", "d", "e"])
    assert report["unseen"] == {"d": 0.5, "e": 0.25}
    assert report["missing"] == ["b", "c"]
    assert report["categories"] == ["a", "b", "c", "d", "e"]
    assert math.isfinite(report["psi"]) and report["psi"] > 1
    assert 0 < report["pvalue"] < 1


@pytest.mark.parametrize("call, match", [
    (lambda: population_stability_index([1.0], [1.0], ties="split"), "ties='split' is not supported"),
    (lambda: psi_bin_edges([1.0, 2.0], bins=0), "bins must be"),
    (lambda: psi_noise_floor(0, 10), "n_expected must be an integer >= 1"),
    (lambda: psi_noise_floor(10, 10, quantile=1.5), "quantile must be"),
    (lambda: psi_noise_floor(10, 10, quantile=0.9, method="approx"), "quantile needs method='simulate'"),
    (lambda: calibrate_psi_threshold(np.arange(10.0), 6), "chunk_size=6 leaves 1 chunk"),
    (lambda: chi_square_test(["a", "b"], [1, 2]), "mix category types"),
    (lambda: categorical_psi([1.0, np.nan], [1.0]), "expected contains NaN"),
    (lambda: categorical_js_distance(["a"], []), "actual is empty"),
    (lambda: chi_square_test(["a"], ["b"], correction="yes"), "correction must be True or False"),
    (lambda: categorical_drift(["a"], ["b"], ordered=1), "ordered must be True or False"),
    (lambda: histogram_drift([1, 2], [1, 2, 3]), "differ in length"),
    (lambda: histogram_drift([1, -2], [1, 2]), "expected_counts contains negative"),
])
def test_bad_input_raises_metric_input_error_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- the faster KS statistic


@pytest.mark.parametrize("seed", range(12))
def test_the_grid_search_for_the_ks_statistic_equals_scipy_on_large_tied_samples(seed):
    rng = np.random.default_rng(500 + seed)
    n1, n2 = (int(x) for x in rng.integers(600, 60_000, 2))
    decimals = [None, 0, 1, 2][seed % 4]
    a, b = rng.normal(size=n1), rng.normal(float(rng.choice([0.0, 0.01, 0.2])), 1, n2)
    if decimals is not None:
        a, b = np.round(a, decimals), np.round(b, decimals)
    if seed == 11:
        b = a[: min(n1, n2)].copy()  # identical values: D comes from the sizes only
    assert ks_test(a, b)[0] == st.ks_2samp(a, b).statistic
    assert ks_test(b, a)[0] == st.ks_2samp(b, a).statistic


def test_regression_state_refuses_missing_targets_with_the_same_message():
    from mlmetrics_edu.monitoring import RegressionState

    with pytest.raises(MetricInputError, match=r"y_true holds 2 missing label\(s\)"):
        RegressionState().update([1.0, np.nan, np.nan], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("seed", range(6))
def test_wasserstein_of_equal_sizes_is_the_mean_gap_of_order_statistics_as_scipy(seed):
    from mlmetrics_edu.drift import wasserstein_distance

    rng = np.random.default_rng(700 + seed)
    n = int(rng.integers(1, 5000))
    u, v = np.round(rng.normal(size=n), seed % 3), rng.gamma(2.0, size=n)
    assert wasserstein_distance(u, v) == pytest.approx(st.wasserstein_distance(u, v), rel=1e-12, abs=1e-14)
