"""Regression metrics against references, on seeded random cases.

scikit-learn for the metrics it has; SciPy, NumPy and brute-force loops for ours.
"""

import warnings

import numpy as np
import pytest
import scipy.special
import sklearn.exceptions
import sklearn.metrics as skm

import mlmetrics_edu.regression as reg
from mlmetrics_edu._validation import UndefinedMetricWarning

N_CASES = 120


def random_case(rng, *, allow_1d=True, min_n=1):
    """A random regression task: ties, integer/zero/float weights, 1-D or 2-D targets."""
    n = int(rng.integers(min_n, 40))
    n_outputs = int(rng.integers(1, 4))
    shape = (n,) if allow_1d and n_outputs == 1 and rng.random() < 0.6 else (n, n_outputs)
    style = rng.integers(4)
    if style == 0:  # heavy ties: a few small integers
        y_true = rng.integers(-2, 3, size=shape).astype(float)
        y_pred = rng.integers(-2, 3, size=shape).astype(float)
    elif style == 1:  # constant columns
        y_true = np.broadcast_to(rng.normal(size=shape[1:]), shape).copy()
        y_pred = y_true + rng.integers(0, 2, size=shape) * rng.normal(size=shape)
    else:
        y_true = rng.normal(scale=10 ** rng.uniform(-2, 3), size=shape)
        y_pred = y_true + rng.normal(scale=rng.uniform(0.01, 5), size=shape)
        if style == 3:
            y_pred = np.round(y_pred, 1)
            y_true = np.round(y_true, 1)
    weight_style = rng.integers(4)
    if weight_style == 0:
        weight = None
    elif weight_style == 1:
        weight = rng.integers(0, 4, size=n)  # integer weights, zeros included
    elif weight_style == 2:
        weight = rng.random(n) * (rng.random(n) < 0.7)  # float weights, some zero
    else:
        weight = rng.random(n)
    if weight is not None and weight.sum() == 0:
        weight[0] = 1
    return y_true, y_pred, weight


def multioutput_options(rng, y, extra=()):
    options = ["raw_values", "uniform_average", *extra]
    if y.ndim == 2 and y.shape[1] > 1:
        options.append(rng.random(y.shape[1]) + 0.1 * rng.integers(0, 2))
    return options


def assert_same(ours, theirs):
    if isinstance(theirs, float):
        assert type(ours) is float
    else:
        assert isinstance(ours, np.ndarray) and ours.shape == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


SKLEARN_WEIGHTED = [
    "mean_absolute_error",
    "mean_squared_error",
    "root_mean_squared_error",
    "median_absolute_error",
    "mean_absolute_percentage_error",
    "r2_score",
]


@pytest.mark.parametrize("name", SKLEARN_WEIGHTED)
def test_matches_sklearn_on_random_cases(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    ours, theirs = getattr(reg, name), getattr(skm, name)
    extra = ("variance_weighted",) if name == "r2_score" else ()
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng, min_n=2)
        for multioutput in multioutput_options(rng, y_true, extra):
            expected = theirs(y_true, y_pred, sample_weight=weight, multioutput=multioutput)
            assert_same(ours(y_true, y_pred, sample_weight=weight, multioutput=multioutput),
                        expected)


def test_r2_matches_sklearn_with_force_finite_false():
    rng = np.random.default_rng(7)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng, min_n=2)
        for multioutput in multioutput_options(rng, y_true, ("variance_weighted",)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # sklearn's own 0/0
                expected = skm.r2_score(y_true, y_pred, sample_weight=weight,
                                        multioutput=multioutput, force_finite=False)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UndefinedMetricWarning)  # a constant column
                got = reg.r2_score(y_true, y_pred, sample_weight=weight, multioutput=multioutput,
                                   force_finite=False)
            assert_same(got, expected)


@pytest.mark.parametrize("force_finite", [True, False])
@pytest.mark.parametrize("value", [0.1, 0.3, 1 / 3, 7.0, -2.5])
@pytest.mark.parametrize("n", [2, 3, 10, 1000])
def test_r2_of_constant_targets_matches_sklearn_bit_for_bit(force_finite, value, n):
    y_true = np.full(n, value)
    for y_pred in (y_true, y_true + 1.0, np.full(n, 0.0)):
        with warnings.catch_warnings(record=True) as sk_log:
            warnings.simplefilter("always", RuntimeWarning)
            expected = skm.r2_score(y_true, y_pred, force_finite=force_finite)
        with warnings.catch_warnings(record=True) as our_log:
            warnings.simplefilter("always")
            got = reg.r2_score(y_true, y_pred, force_finite=force_finite)
        assert got == expected or (np.isnan(got) and np.isnan(expected))
        # SS_tot is exactly 0: scikit-learn's division warns, ours says why (force_finite=False only)
        sk_divides_by_zero = any("divide" in str(w.message) for w in sk_log)
        ours = [w for w in our_log if issubclass(w.category, UndefinedMetricWarning)]
        assert bool(ours) == (sk_divides_by_zero and not force_finite), (ours, sk_log)


def test_r2_warns_exactly_when_sklearn_warns():
    rng = np.random.default_rng(11)
    for n in [1, 1, 2, 3, 5]:
        y_true, y_pred = rng.normal(size=n), rng.normal(size=n)
        with warnings.catch_warnings(record=True) as sk_log:
            warnings.simplefilter("always")
            expected = skm.r2_score(y_true, y_pred)
        with warnings.catch_warnings(record=True) as our_log:
            warnings.simplefilter("always")
            got = reg.r2_score(y_true, y_pred)
        sk_warned = any(issubclass(w.category, sklearn.exceptions.UndefinedMetricWarning)
                        for w in sk_log)
        assert sk_warned == any(issubclass(w.category, UndefinedMetricWarning) for w in our_log)
        assert got == expected or (np.isnan(got) and np.isnan(expected))


def test_mape_matches_sklearn_with_zeros_in_y_true():
    rng = np.random.default_rng(5)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        y_true[rng.random(y_true.shape) < 0.3] = 0.0
        for multioutput in multioutput_options(rng, y_true):
            assert_same(
                reg.mean_absolute_percentage_error(y_true, y_pred, sample_weight=weight,
                                                   multioutput=multioutput),
                skm.mean_absolute_percentage_error(y_true, y_pred, sample_weight=weight,
                                                   multioutput=multioutput),
            )


def test_pinball_loss_matches_sklearn_for_every_alpha():
    rng = np.random.default_rng(13)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        alpha = float(rng.choice([0.0, 0.1, 0.5, 0.9, 1.0, rng.random()]))
        for multioutput in multioutput_options(rng, y_true):
            assert_same(
                reg.mean_pinball_loss(y_true, y_pred, sample_weight=weight, alpha=alpha,
                                      multioutput=multioutput),
                skm.mean_pinball_loss(y_true, y_pred, sample_weight=weight, alpha=alpha,
                                      multioutput=multioutput),
            )


def test_max_error_matches_sklearn():
    rng = np.random.default_rng(17)
    for _ in range(N_CASES):
        y_true, y_pred, _ = random_case(rng)
        if y_true.ndim == 2 and y_true.shape[1] > 1:
            y_true, y_pred = y_true[:, 0], y_pred[:, 0]
        assert_same(reg.max_error(y_true, y_pred), skm.max_error(y_true, y_pred))


def test_sklearn_metrics_accept_integer_lists():
    y_true, y_pred, weight = [1, 2, 3, 4], [2, 2, 5, 4], [1, 0, 2, 1]
    for name in SKLEARN_WEIGHTED:
        assert_same(getattr(reg, name)(y_true, y_pred, sample_weight=weight),
                    getattr(skm, name)(y_true, y_pred, sample_weight=weight))


# ------------------------------------------------- ours: numpy, scipy and loop oracles


def weighted_mean(values, weight):
    return np.average(values, weights=weight, axis=0)


def test_huber_loss_matches_scipy_special_huber():
    rng = np.random.default_rng(19)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        delta = float(rng.choice([1.0, 0.1, 2.5, rng.uniform(0.01, 10)]))
        expected = weighted_mean(scipy.special.huber(delta, y_pred - y_true), weight)
        got = reg.huber_loss(y_true, y_pred, delta=delta, sample_weight=weight,
                             multioutput="raw_values")
        np.testing.assert_allclose(got, np.atleast_1d(expected), rtol=1e-10, atol=1e-12)


def test_mean_error_matches_the_numpy_mean_of_prediction_minus_truth():
    rng = np.random.default_rng(23)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        expected = weighted_mean(y_pred - y_true, weight)
        got = reg.mean_error(y_true, y_pred, sample_weight=weight, multioutput="raw_values")
        np.testing.assert_allclose(got, np.atleast_1d(expected), rtol=1e-10, atol=1e-12)


def test_absolute_error_percentile_matches_np_percentile():
    rng = np.random.default_rng(29)
    for _ in range(N_CASES):
        y_true, y_pred, _ = random_case(rng)
        q = float(rng.choice([0, 50, 90, 95, 99, 100, rng.uniform(0, 100)]))
        expected = np.percentile(np.abs(y_true - y_pred), q, axis=0)
        got = reg.absolute_error_percentile(y_true, y_pred, q=q, multioutput="raw_values")
        np.testing.assert_allclose(got, np.atleast_1d(expected), rtol=1e-12)
        assert reg.absolute_error_percentile(y_true, y_pred, q=q) == pytest.approx(
            np.mean(expected), rel=1e-12
        )


def test_smape_matches_a_loop_over_samples():
    rng = np.random.default_rng(31)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        y_true[rng.random(y_true.shape) < 0.2] = 0.0
        y_pred[rng.random(y_pred.shape) < 0.2] = 0.0
        columns_true = y_true.reshape(len(y_true), -1).T
        columns_pred = y_pred.reshape(len(y_pred), -1).T
        w = np.ones(len(y_true)) if weight is None else weight
        expected = []
        for col_true, col_pred in zip(columns_true, columns_pred):
            terms = [0.0 if a == b == 0 else 2 * abs(b - a) / (abs(a) + abs(b))
                     for a, b in zip(col_true, col_pred)]
            expected.append(sum(t * wi for t, wi in zip(terms, w)) / sum(w))
        got = reg.symmetric_mean_absolute_percentage_error(
            y_true, y_pred, sample_weight=weight, multioutput="raw_values"
        )
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_mase_matches_a_loop_over_the_training_series():
    rng = np.random.default_rng(37)
    for _ in range(N_CASES):
        y_true, y_pred, weight = random_case(rng)
        m = int(rng.integers(1, 5))
        y_train = rng.normal(size=(int(rng.integers(m + 1, 30)),) + y_true.shape[1:])
        train_cols = y_train.reshape(len(y_train), -1).T
        scale = [np.mean([abs(col[t] - col[t - m]) for t in range(m, len(col))])
                 for col in train_cols]
        mae = skm.mean_absolute_error(y_true, y_pred, sample_weight=weight,
                                      multioutput="raw_values")
        got = reg.mean_absolute_scaled_error(y_true, y_pred, y_train=y_train, seasonality=m,
                                             sample_weight=weight, multioutput="raw_values")
        np.testing.assert_allclose(got, mae / np.array(scale), rtol=1e-10)


def test_adjusted_r2_matches_its_formula_around_sklearn_r2():
    rng = np.random.default_rng(41)
    for _ in range(N_CASES):
        n = int(rng.integers(3, 40))
        p = int(rng.integers(0, n - 1))
        y_true = rng.normal(size=n)
        y_pred = y_true + rng.normal(size=n)
        weight = rng.integers(0, 3, size=n) + (rng.random() < 0.5) * rng.random(n) + 0.01
        r2 = skm.r2_score(y_true, y_pred, sample_weight=weight)
        expected = 1 - (1 - r2) * (n - 1) / (n - p - 1)
        got = reg.adjusted_r2_score(y_true, y_pred, n_features=p, sample_weight=weight)
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_mda_matches_a_loop_over_steps():
    rng = np.random.default_rng(43)
    for _ in range(N_CASES):
        n = int(rng.integers(2, 30))
        y_true = rng.integers(-2, 3, size=n).astype(float)  # flat steps happen
        y_pred = rng.integers(-2, 3, size=n).astype(float)
        hits = 0
        for t in range(1, n):
            actual = np.sign(y_true[t] - y_true[t - 1])
            predicted = np.sign(y_pred[t] - y_true[t - 1])
            hits += actual == predicted
        assert reg.mean_directional_accuracy(y_true, y_pred) == pytest.approx(hits / (n - 1))


def test_ade_fde_and_their_min_over_modes_match_loops():
    rng = np.random.default_rng(47)
    for _ in range(100):
        n, k, horizon, d = (int(v) for v in rng.integers(1, 5, size=4))
        y_true = rng.normal(size=(n, horizon, d))
        modes = rng.normal(size=(n, k, horizon, d))
        ade, fde, min_ade, min_fde = [], [], [], []
        for i in range(n):
            dist = [[np.sqrt(np.sum((modes[i, j, t] - y_true[i, t]) ** 2))
                     for t in range(horizon)] for j in range(k)]
            ade.append(np.mean(dist[0]))
            fde.append(dist[0][-1])
            min_ade.append(min(np.mean(row) for row in dist))
            min_fde.append(min(row[-1] for row in dist))
        first = modes[:, 0]
        assert reg.average_displacement_error(y_true, first) == pytest.approx(np.mean(ade))
        assert reg.final_displacement_error(y_true, first) == pytest.approx(np.mean(fde))
        assert reg.average_displacement_error(y_true, modes) == pytest.approx(np.mean(min_ade))
        assert reg.final_displacement_error(y_true, modes) == pytest.approx(np.mean(min_fde))
        # a single agent without the agent axis gives that agent's value
        assert reg.average_displacement_error(y_true[0], modes[0]) == pytest.approx(min_ade[0])
        assert reg.final_displacement_error(y_true[0], first[0]) == pytest.approx(fde[0])


# --------------------------------------------------------------------------- properties


def test_rmse_is_never_below_mae_and_huber_tends_to_half_mse():
    rng = np.random.default_rng(53)
    for _ in range(100):
        y_true, y_pred, weight = random_case(rng)
        mae = reg.mean_absolute_error(y_true, y_pred, sample_weight=weight)
        rmse = reg.root_mean_squared_error(y_true, y_pred, sample_weight=weight)
        assert rmse >= mae - 1e-12 * max(1.0, mae)
        huge = 1e6 * max(1.0, np.abs(y_pred - y_true).max())
        assert reg.huber_loss(y_true, y_pred, delta=huge, sample_weight=weight) == pytest.approx(
            reg.mean_squared_error(y_true, y_pred, sample_weight=weight) / 2, rel=1e-10,
            abs=1e-14,
        )
        assert reg.mean_pinball_loss(y_true, y_pred, sample_weight=weight) == pytest.approx(
            mae / 2, rel=1e-10, abs=1e-14
        )


def test_a_1d_target_and_a_one_column_prediction_are_the_same_task_as_in_sklearn():
    y_true, y_pred = np.array([1.0, 2.0, 4.0]), np.array([[1.5], [2.0], [3.0]])
    for name in SKLEARN_WEIGHTED:
        assert_same(getattr(reg, name)(y_true, y_pred), getattr(skm, name)(y_true, y_pred))
        assert_same(getattr(reg, name)(y_true, y_pred, multioutput="raw_values"),
                    getattr(skm, name)(y_true, y_pred, multioutput="raw_values"))


@pytest.mark.parametrize("name", SKLEARN_WEIGHTED + ["mean_pinball_loss", "max_error"])
def test_signature_is_sklearns(name):
    import inspect

    assert inspect.signature(getattr(reg, name)) == inspect.signature(getattr(skm, name))
