"""Recalibrators against scikit-learn's sigmoid/isotonic calibration and scipy's minimizer."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp
from sklearn.calibration import _SigmoidCalibration, _TemperatureScaling
from sklearn.isotonic import IsotonicRegression, isotonic_regression

from mlmetrics_edu.calibration import (
    IsotonicCalibration,
    PlattScaling,
    TemperatureScaling,
    _pool_adjacent_violators,
)


def random_scores(rng, n):
    scale = rng.choice([0.01, 1.0, 50.0])  # 50: scikit-learn rescales scores above 30
    s = rng.normal(size=n) * scale
    if rng.random() < 0.4:
        s = np.round(s, 1)  # ties
    y = (rng.random(n) < 1 / (1 + np.exp(-3 * s / (np.abs(s).max() + 1e-12)))).astype(int)
    w = None
    if rng.random() < 0.5:
        w = rng.integers(0, 4, n).astype(float)
        w[rng.integers(n)] = 1.0
    return s, y, w


def platt_loss(a, b, s, y, w):
    n_pos, n_neg = w[y == 1].sum(), w[y != 1].sum()
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    z = a * s + b
    return (w * (np.logaddexp(0, z) - t * z)).sum()


@pytest.mark.parametrize("seed", range(10))
def test_platt_scaling_matches_sklearns_sigmoid_calibration(seed):
    rng = np.random.default_rng(seed)
    for _ in range(8):  # scikit-learn's L-BFGS fit is the slow part
        s, y, w = random_scores(rng, int(rng.integers(2, 300)))
        ours = PlattScaling().fit(s, y, sample_weight=w)
        theirs = _SigmoidCalibration().fit(s, y, sample_weight=w)
        grid = np.linspace(s.min() - 1, s.max() + 1, 40)
        # scikit-learn stops L-BFGS at gradient 1e-6, so agreement is to ~1e-6, not 1e-12 ...
        np.testing.assert_allclose(
            ours.transform(grid), theirs.predict(grid), rtol=3e-5, atol=1e-12
        )
        # ... and Newton's optimum is at least as good as theirs
        ones = np.ones_like(s) if w is None else w
        ours_loss = platt_loss(ours.a_, ours.b_, s, y, ones)
        assert ours_loss <= platt_loss(-theirs.a_, -theirs.b_, s, y, ones) + 1e-9 * abs(ours_loss)


def test_platt_scaling_accepts_minus_one_one_labels_and_booleans():
    s = np.array([-2.0, -0.5, 0.3, 1.0, 1.5, 2.2])
    y = np.array([0, 0, 1, 0, 1, 1])
    base = PlattScaling().fit(s, y).transform(s)
    np.testing.assert_allclose(PlattScaling().fit(s, 2 * y - 1).transform(s), base)
    np.testing.assert_allclose(PlattScaling().fit(s, y.astype(bool)).transform(s), base)


@pytest.mark.parametrize("seed", range(10))
def test_isotonic_calibration_matches_sklearns_isotonic_regression(seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(20):
        s, y, w = random_scores(rng, int(rng.integers(1, 400)))
        ours = IsotonicCalibration().fit(s, y, sample_weight=w)
        theirs = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)
        theirs.fit(s, y, sample_weight=w)
        # the thresholds may differ where pooled means differ in the last bit (sklearn then
        # keeps a redundant point); the interpolated map is the same
        new = np.r_[s, theirs.X_thresholds_, np.linspace(s.min() - 1, s.max() + 1, 50)]
        np.testing.assert_allclose(ours.transform(new), theirs.predict(new), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_pool_adjacent_violators_matches_sklearn_on_arbitrary_sequences(seed):
    rng = np.random.default_rng(200 + seed)
    for case in range(20):
        n = int(rng.integers(1, 500))
        if case % 4 == 0:  # a staircase whose last point drags everything down: the stack path
            y = np.r_[np.arange(n) / n, -1.0]
        elif case % 4 == 1:
            y = np.cumsum(rng.normal(size=n))  # a random walk: long violating runs
        else:
            y = rng.normal(size=n)
        w = rng.random(y.size) * 3 + 0.01
        expected = isotonic_regression(y, sample_weight=w)
        np.testing.assert_allclose(_pool_adjacent_violators(y, w), expected, rtol=1e-12, atol=1e-12)


def temperature_nll(log_t, z, codes, w):
    zt = z / np.exp(log_t)
    return (w * (logsumexp(zt, axis=1) - zt[np.arange(len(z)), codes])).sum() / w.sum()


@pytest.mark.parametrize("seed", range(8))
def test_temperature_matches_scipy_minimize_scalar_and_sklearn(seed):
    rng = np.random.default_rng(300 + seed)
    for _ in range(10):
        n, k = int(rng.integers(5, 300)), int(rng.integers(2, 6))
        z = rng.normal(size=(n, k)) * rng.choice([0.5, 2.0, 6.0])
        p = np.exp(z / 2) / np.exp(z / 2).sum(axis=1, keepdims=True)
        y = (p.cumsum(axis=1) < rng.random((n, 1))).sum(axis=1).clip(0, k - 1)
        w = rng.integers(1, 4, n).astype(float) if rng.random() < 0.5 else None
        ours = TemperatureScaling().fit(z, y, sample_weight=w)
        ones = np.ones(n) if w is None else w
        best = minimize_scalar(
            temperature_nll, bounds=(-10, 10), args=(z, y, ones), method="bounded",
            options={"xatol": 1e-10},
        )
        assert ours.temperature_ > 0
        np.testing.assert_allclose(ours.temperature_, np.exp(best.x), rtol=1e-5)
        # ours is a true stationary point: no other T does better
        assert temperature_nll(np.log(ours.temperature_), z, y, ones) <= best.fun + 1e-12
        theirs = _TemperatureScaling().fit(z, y, sample_weight=w)
        np.testing.assert_allclose(1 / ours.temperature_, theirs.beta_, rtol=1e-5)
        np.testing.assert_allclose(ours.transform(z), theirs.predict(z), rtol=1e-5, atol=1e-12)


def test_temperature_goes_to_zero_on_perfectly_separated_data():
    z = np.array([[5.0, 0.0], [0.0, 5.0], [4.0, 1.0]])
    ts = TemperatureScaling().fit(z, [0, 1, 0])
    # the loss keeps falling as T -> 0; the search stops once it is flat to machine precision
    assert np.exp(-10) <= ts.temperature_ < 0.2
    assert temperature_nll(np.log(ts.temperature_), z, np.array([0, 1, 0]), np.ones(3)) < 1e-12


@pytest.mark.parametrize("scale", [1e-300, 1e-8, 1.0, 1e8, 1e300])
def test_platt_scaling_gives_the_same_probabilities_whatever_the_scale_of_the_logits(scale):
    rng = np.random.default_rng(11)
    s = rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(-2 * s))).astype(int)
    reference = PlattScaling().fit(s, y).transform(s)
    scaled = PlattScaling().fit(s * scale, y).transform(s * scale)
    assert np.isfinite(scaled).all()
    np.testing.assert_allclose(scaled, reference, rtol=1e-6, atol=1e-9)


def test_platt_scaling_fits_logits_at_the_edge_of_the_float_range():
    platt = PlattScaling().fit([1e300, -1e300, 5.0, -5.0], [1, 0, 0, 1])
    p = platt.transform([1e300, 0.0, -1e300])
    assert np.isfinite([platt.a_, platt.b_]).all() and np.all((p >= 0) & (p <= 1))
