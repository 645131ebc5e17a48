"""Hand-worked examples, identities and bad input for mlmetrics_edu.calibration."""

import math
import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.calibration import (
    BrierDecomposition,
    IsotonicCalibration,
    NotFittedError,
    PlattScaling,
    TemperatureScaling,
    _bin_index,
    brier_decomposition,
    brier_score_loss,
    calibration_curve,
    expected_calibration_error,
    log_loss,
    maximum_calibration_error,
)

# --------------------------------------------------------------------------- log loss


def test_log_loss_is_the_mean_negative_log_probability_of_the_true_class():
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert log_loss([0, 1, 1], [0.1, 0.8, 0.6]) == pytest.approx(expected, rel=1e-15)
    assert type(log_loss([0, 1, 1], [0.1, 0.8, 0.6])) is float


def test_log_loss_reads_columns_in_sorted_label_order():
    proba = [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]]
    assert log_loss(["cat", "dog", "dog"], proba) == pytest.approx(log_loss([0, 1, 1], proba))
    three = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    assert log_loss(["b", "c"], three, labels=["a", "b", "c"]) == pytest.approx(
        -(math.log(0.2) + math.log(0.8)) / 2
    )


def test_log_loss_sums_when_not_normalized_and_weights_samples():
    assert log_loss([0, 1], [0.5, 0.25], normalize=False) == pytest.approx(
        -(math.log(0.5) + math.log(0.25))
    )
    weighted = log_loss([0, 1, 1], [0.5, 0.25, 0.25], sample_weight=[2, 1, 0])
    assert weighted == pytest.approx(-(2 * math.log(0.5) + math.log(0.25)) / 3)


def test_log_loss_clips_certain_mistakes_to_the_dtype_epsilon():
    assert log_loss([1, 0], [0.0, 1.0]) == pytest.approx(-math.log(np.finfo(np.float64).eps))
    p32 = np.array([0.0, 1.0], dtype=np.float32)
    assert log_loss([1, 0], p32) == pytest.approx(-math.log(np.finfo(np.float32).eps), rel=1e-6)


def test_log_loss_accepts_an_indicator_matrix():
    y = np.array([[1, 0, 0], [0, 1, 1]])
    p = [[0.5, 0.25, 0.25], [0.2, 0.4, 0.4]]
    assert log_loss(y, p) == pytest.approx(-(math.log(0.5) + 2 * math.log(0.4)) / 2)


def test_log_loss_warns_when_rows_do_not_sum_to_one_and_uses_them_as_given():
    with pytest.warns(UserWarning, match="do not sum to one"):
        value = log_loss([0, 1], [[0.5, 0.4], [0.5, 0.4]])
    assert value == pytest.approx(-(math.log(0.5) + math.log(0.4)) / 2)


def test_log_loss_warns_about_unsorted_labels():
    with pytest.warns(UserWarning, match="not sorted"):
        log_loss([0, 1], [0.2, 0.7], labels=[1, 0])


# --------------------------------------------------------------------------- Brier


def test_brier_score_is_the_mean_squared_probability_error():
    y, p = [0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]
    assert brier_score_loss(y, p) == pytest.approx((0.01 + 0.01 + 0.04 + 0.09) / 4)
    assert brier_score_loss(y, p, scale_by_half=False) == pytest.approx(0.075)
    assert brier_score_loss(["no", "yes", "yes", "no"], p, pos_label="yes") == pytest.approx(0.0375)
    assert brier_score_loss([1, 2, 2, 1], p) == pytest.approx(0.0375)  # larger label is positive


def test_multiclass_brier_sums_over_classes_and_halves_only_when_asked():
    y = [0, 1, 2]
    p = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]
    full = ((0.04 + 0.01 + 0.01) + (0.04 + 0.09 + 0.01) + (0.04 + 0.04 + 0.16)) / 3
    assert brier_score_loss(y, p) == pytest.approx(full)
    assert brier_score_loss(y, p, scale_by_half=True) == pytest.approx(full / 2)
    two = [[0.9, 0.1], [0.2, 0.8]]
    assert brier_score_loss([0, 1], two) == pytest.approx(brier_score_loss([0, 1], [0.1, 0.8]))


# --------------------------------------------------------------------------- decomposition


def test_brier_decomposition_hand_example():
    d = brier_decomposition([0, 1, 0, 1, 1], [0.2, 0.2, 0.6, 0.6, 0.6])
    # groups: p=0.2 -> o=1/2 (n=2), p=0.6 -> o=2/3 (n=3); base rate 3/5
    reliability = (2 * (0.2 - 0.5) ** 2 + 3 * (0.6 - 2 / 3) ** 2) / 5
    resolution = (2 * (0.5 - 0.6) ** 2 + 3 * (2 / 3 - 0.6) ** 2) / 5
    assert isinstance(d, BrierDecomposition)
    assert d.reliability == pytest.approx(reliability)
    assert d.resolution == pytest.approx(resolution)
    assert d.uncertainty == pytest.approx(0.24)
    assert d.within_bin == 0.0
    assert all(type(v) is float for v in d)


@pytest.mark.parametrize("seed", range(20))
def test_brier_decomposition_identity_holds_exactly_by_distinct_forecast(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    p = np.round(rng.random(n), int(rng.integers(1, 4)))  # many ties
    y = rng.random(n) < p
    w = rng.integers(0, 4, n).astype(float) if seed % 2 else None
    if w is not None:
        w[0] = 1
    d = brier_decomposition(y, p, sample_weight=w)
    total = d.reliability - d.resolution + d.uncertainty
    assert d.brier == pytest.approx(total, rel=1e-12, abs=1e-15)
    assert d.brier == pytest.approx(brier_score_loss(y, p, sample_weight=w), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("seed", range(10))
def test_brier_decomposition_with_bins_keeps_the_identity_through_the_within_bin_term(
    seed, strategy
):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 500))
    p = rng.random(n)
    y = rng.random(n) < p**2
    w = rng.integers(0, 3, n).astype(float) if seed % 2 else None
    if w is not None:
        w[0] = 1
    n_bins = int(rng.integers(1, 15))
    d = brier_decomposition(y, p, n_bins=n_bins, strategy=strategy, sample_weight=w)
    total = d.reliability - d.resolution + d.uncertainty + d.within_bin
    assert d.brier == pytest.approx(total, rel=1e-12, abs=1e-15)


def test_base_rate_forecast_is_reliable_but_has_no_resolution():
    d = brier_decomposition([0, 1, 1, 0, 1], [0.6] * 5)
    assert d.reliability == pytest.approx(0.0, abs=1e-15)
    assert d.resolution == pytest.approx(0.0, abs=1e-15)
    assert d.brier == pytest.approx(d.uncertainty)


# --------------------------------------------------------------------------- reliability


def test_calibration_curve_hand_example_with_right_closed_bins():
    prob_true, prob_pred = calibration_curve([0, 1, 1, 0], [0.2, 0.2, 0.4, 1.0], n_bins=5)
    # 0.2 sits on the first edge -> first bin (0, 0.2]; 0.4 -> (0.2, 0.4]; 1.0 -> last bin
    np.testing.assert_allclose(prob_true, [0.5, 1.0, 0.0])
    np.testing.assert_allclose(prob_pred, [0.2, 0.4, 1.0])


def test_ece_and_mce_hand_example():
    y, p = [0, 0, 1, 1, 1], [0.2, 0.4, 0.3, 0.9, 0.6]
    # (0, .5]: frequency 1/3, mean 0.3 ; (.5, 1]: frequency 1, mean 0.75
    gaps = [abs(1 / 3 - 0.3), 0.25]
    expected = 3 / 5 * gaps[0] + 2 / 5 * gaps[1]
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(expected)
    assert maximum_calibration_error(y, p, n_bins=2) == pytest.approx(0.25)
    assert type(expected_calibration_error(y, p)) is float


def test_ece_is_zero_for_a_calibrated_forecast_and_weights_act_like_repetition():
    assert expected_calibration_error([0, 1, 0, 1], [0.5] * 4) == 0.0
    y, p, w = [0, 1, 1, 0], [0.1, 0.7, 0.3, 0.8], [1, 3, 0, 2]
    repeated = expected_calibration_error([0, 1, 1, 1, 0, 0], [0.1, 0.7, 0.7, 0.7, 0.8, 0.8])
    assert expected_calibration_error(y, p, sample_weight=w) == pytest.approx(repeated)
    assert maximum_calibration_error(y, p, sample_weight=w) == pytest.approx(
        maximum_calibration_error([0, 1, 1, 1, 0, 0], [0.1, 0.7, 0.7, 0.7, 0.8, 0.8])
    )


def test_multiclass_ece_uses_top_label_confidence_and_first_column_on_ties():
    p = [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.5, 0.1, 0.4], [0.45, 0.45, 0.1]]
    y = [0, 1, 2, 1]  # the tie in the last row predicts class 0: wrong
    # bins of width 0.1: (0.7, 0.8] {0.8 right}, (0.5, 0.6] {0.6 right},
    # (0.4, 0.5] {0.5 wrong, 0.45 wrong}
    expected = (0.2 + 0.4 + 2 * 0.475) / 4
    assert expected_calibration_error(y, p) == pytest.approx(expected)
    assert expected_calibration_error(["a", "b", "c", "b"], p) == pytest.approx(expected)
    assert maximum_calibration_error(y, p) == pytest.approx(0.475)


def test_binning_matches_searchsorted_on_and_around_every_edge():
    for n_bins in [1, 2, 3, 5, 7, 10, 13, 20, 49, 100, 1000]:
        edges = np.linspace(0, 1, n_bins + 1)
        p = np.concatenate([edges, np.nextafter(edges, 2), np.nextafter(edges, -1)])
        p = np.concatenate([p, np.arange(n_bins + 1) / n_bins, np.random.default_rng(0).random(50)])
        p = np.clip(p, 0, 1)
        np.testing.assert_array_equal(
            _bin_index(p, edges, uniform=True), np.searchsorted(edges[1:-1], p)
        )


# --------------------------------------------------------------------------- recalibrators


def test_platt_scaling_recovers_the_sigmoid_that_generated_the_labels():
    rng = np.random.default_rng(0)
    s = rng.normal(size=20000)
    y = rng.random(s.size) < 1 / (1 + np.exp(-(2.0 * s - 0.5)))
    platt = PlattScaling().fit(s, y)
    assert platt.a_ == pytest.approx(2.0, rel=0.05)
    assert platt.b_ == pytest.approx(-0.5, abs=0.05)
    np.testing.assert_allclose(platt.transform([0.25]), [0.5], rtol=0.02)


def test_platt_scaling_stays_finite_on_separable_data_thanks_to_target_smoothing():
    platt = PlattScaling().fit([-2, -1, 1, 2], [0, 0, 1, 1])
    assert np.isfinite([platt.a_, platt.b_]).all()
    p = platt.transform([-2, 2])
    assert 0 < p[0] < 0.25 and 0.75 < p[1] < 1  # targets are 1/4 and 3/4 with 2 per class


def test_platt_scaling_of_constant_scores_predicts_the_smoothed_base_rate():
    platt = PlattScaling().fit([1.0, 1.0, 1.0, 1.0], [0, 1, 1, 1])
    t_pos, t_neg = 4 / 5, 1 / 3
    np.testing.assert_allclose(platt.transform([1.0]), [(3 * t_pos + t_neg) / 4], rtol=1e-9)


def test_isotonic_calibration_pools_violators_and_interpolates():
    iso = IsotonicCalibration().fit([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1])
    np.testing.assert_allclose(iso.y_thresholds_, [0, 0.5, 0.5, 1, 1])
    new = [-1, 0.1, 0.15, 0.35, 0.5, 9]
    np.testing.assert_allclose(iso.transform(new), [0, 0, 0.25, 0.75, 1, 1])


def test_isotonic_calibration_averages_tied_scores():
    iso = IsotonicCalibration().fit([1, 1, 1, 2, 2], [0, 1, 1, 0, 1], sample_weight=[1, 1, 1, 3, 1])
    # score 1: mean 2/3 (weight 3); score 2: mean 1/4 (weight 4) -> pooled (2 + 1) / 7
    np.testing.assert_allclose(iso.transform([1, 2]), [3 / 7, 3 / 7])


def test_temperature_above_one_is_learned_for_overconfident_logits():
    rng = np.random.default_rng(1)
    true_logits = rng.normal(size=(5000, 4))
    p = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    y = (p.cumsum(axis=1) < rng.random((5000, 1))).sum(axis=1)
    ts = TemperatureScaling().fit(3 * true_logits, y)  # 3x too sharp
    assert ts.temperature_ == pytest.approx(3.0, rel=0.1)
    predicted = ts.transform(3 * true_logits).argmax(axis=1)
    np.testing.assert_array_equal(predicted, true_logits.argmax(axis=1))  # accuracy unchanged


def test_binary_temperature_scaling_treats_log_odds_as_logits_zero_and_s():
    s = np.array([-3.0, -1.0, 0.5, 2.0, 4.0, -0.5])
    y = np.array([0, 1, 0, 1, 1, 0])
    ts1 = TemperatureScaling().fit(s, y)
    ts2 = TemperatureScaling().fit(np.column_stack([np.zeros_like(s), s]), y)
    assert ts1.temperature_ == pytest.approx(ts2.temperature_, rel=1e-12)
    np.testing.assert_allclose(ts1.transform(s), 1 / (1 + np.exp(-s / ts1.temperature_)))
    assert ts1.transform(s).shape == (6,)


@pytest.mark.parametrize("make", [PlattScaling, IsotonicCalibration, TemperatureScaling])
def test_recalibrators_refuse_to_transform_before_fit_and_fit_transform_matches(make):
    with pytest.raises(NotFittedError, match="not fitted"):
        make().transform([0.1, 0.2])
    s, y = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9]), np.array([0, 0, 1, 1, 0, 1])
    np.testing.assert_allclose(make().fit_transform(s, y), make().fit(s, y).transform(s))


def test_no_function_modifies_its_inputs():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.0, 0.9, 1.0, 0.3, 0.6])
    P = np.column_stack([1 - p, p])
    copies = y.copy(), p.copy(), P.copy()
    for func in (log_loss, brier_score_loss, expected_calibration_error, maximum_calibration_error):
        func(y, p)
        func(y, P)
        func(y, p[:, None])
    calibration_curve(y, p)
    brier_decomposition(y, p, n_bins=3)
    for make in (PlattScaling, IsotonicCalibration, TemperatureScaling):
        make().fit_transform(p, y)
    for before, after in zip(copies, (y, p, P)):
        np.testing.assert_array_equal(before, after)


# --------------------------------------------------------------------------- bad input

GOOD_Y, GOOD_P = [0, 1, 1], [0.2, 0.7, 0.9]
BAD_INPUT = [
    # (function, args, kwargs, the name the message must contain)
    (log_loss, ([0, 1], [0.2, 0.7, 0.9]), {}, "y_true and y_proba"),
    (log_loss, ([], []), {}, "y_proba"),
    (log_loss, (GOOD_Y, [0.2, np.nan, 0.9]), {}, "y_proba"),
    (log_loss, (GOOD_Y, [0.2, 1.5, 0.9]), {}, "y_proba"),
    (log_loss, (GOOD_Y, np.array([0.2, np.nan, 0.9])), {}, "y_proba"),
    (log_loss, (GOOD_Y, np.array([0.2, 1.5, 0.9], dtype=np.float32)), {}, "y_proba"),
    (log_loss, ([1, 1, 1], GOOD_P), {}, "y_true"),
    (log_loss, ([0, 1, 2], GOOD_P), {}, "y_true"),
    (log_loss, ([0.5, 1.5, 1.0], GOOD_P), {}, "y_true"),
    (log_loss, (GOOD_Y, GOOD_P), {"labels": [0, 2]}, "labels"),
    (log_loss, (GOOD_Y, GOOD_P), {"labels": [1]}, "labels"),
    (log_loss, (GOOD_Y, GOOD_P), {"labels": ["a", "b"]}, "labels"),
    (log_loss, (GOOD_Y, GOOD_P), {"sample_weight": [0, 0, 0]}, "sample_weight"),
    (log_loss, (GOOD_Y, GOOD_P), {"sample_weight": [1, -1, 1]}, "sample_weight"),
    (log_loss, (GOOD_Y, GOOD_P), {"sample_weight": [1, 1]}, "sample_weight"),
    (log_loss, (GOOD_Y, GOOD_P), {"normalize": "yes"}, "normalize"),
    (log_loss, (np.array([[0, 2], [1, 0], [1, 1]]), [[0.5, 0.5]] * 3), {}, "y_true"),
    (brier_score_loss, (GOOD_Y, [0.2, -0.1, 0.9]), {}, "y_proba"),
    (brier_score_loss, ([0, 1, 2], GOOD_P), {}, "y_true"),
    (brier_score_loss, (["a", "b", "b"], GOOD_P), {}, "pos_label"),
    (brier_score_loss, (["a", "b", "b"], GOOD_P), {"pos_label": 1}, "pos_label"),
    (brier_score_loss, ([0.5, 1.0, 1.0], GOOD_P), {}, "y_true"),
    (brier_score_loss, (GOOD_Y, GOOD_P), {"scale_by_half": "yes"}, "scale_by_half"),
    (brier_score_loss, ([0, 1], GOOD_P), {}, "y_true and y_proba"),
    (brier_score_loss, ([1, 1], [[0.2, 0.8], [0.3, 0.7]]), {}, "labels"),
    (brier_score_loss, ([0, 1, 2], [[0.2, 0.8]] * 3), {}, "y_true"),
    (brier_decomposition, (GOOD_Y, [[0.2, 0.8]] * 3), {}, "y_prob"),
    (brier_decomposition, ([1, 2, 2], GOOD_P), {}, "pos_label"),
    (brier_decomposition, (GOOD_Y, GOOD_P), {"n_bins": 0}, "n_bins"),
    (brier_decomposition, (GOOD_Y, GOOD_P), {"n_bins": 3, "strategy": "even"}, "strategy"),
    (calibration_curve, (GOOD_Y, GOOD_P), {"n_bins": 2.5}, "n_bins"),
    (calibration_curve, (GOOD_Y, GOOD_P), {"strategy": "width"}, "strategy"),
    (calibration_curve, ([0, 1, 2], GOOD_P), {"pos_label": 2}, "y_true"),
    (calibration_curve, (GOOD_Y, [0.1, np.inf, 0.2]), {}, "y_prob"),
    (calibration_curve, (GOOD_Y, [0.1, 0.2]), {}, "y_true and y_prob"),
    (calibration_curve, (np.array([[0], [1], [1]]), GOOD_P), {}, "y_true"),
    (expected_calibration_error, (GOOD_Y, [0.2, 1.2, 0.3]), {}, "y_prob"),
    (expected_calibration_error, (GOOD_Y, np.array([0.2, np.inf, 0.3])), {}, "y_prob"),
    (expected_calibration_error, (GOOD_Y, np.array([[0.5, np.nan]] * 3)), {}, "y_prob"),
    (expected_calibration_error, (GOOD_Y, GOOD_P), {"n_bins": True}, "n_bins"),
    (expected_calibration_error, (GOOD_Y, GOOD_P), {"sample_weight": [0, 0, 0]}, "sample_weight"),
    (expected_calibration_error, ([0, 5, 1], [[0.5, 0.5]] * 3), {}, "y_true"),
    (expected_calibration_error, ([0, 1], [[0.5, 0.5]] * 3), {}, "y_true and y_prob"),
    (maximum_calibration_error, (["a", "b", "a"], GOOD_P), {}, "pos_label"),
    (maximum_calibration_error, (GOOD_Y, np.full((3, 2, 2), 0.5)), {}, "y_prob"),
]


@pytest.mark.parametrize("func, args, kwargs, name", BAD_INPUT)
def test_bad_input_raises_metric_input_error_naming_the_argument(func, args, kwargs, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(MetricInputError, match=name):
            func(*args, **kwargs)


@pytest.mark.parametrize(
    "make, scores, y, name",
    [
        (PlattScaling, [0.1, np.nan, 0.3], [0, 1, 1], "scores"),
        (PlattScaling, [0.1, 0.2, 0.3], [0, 1, 2], "y_true"),
        (PlattScaling, [0.1, 0.2], [0, 1, 1], "scores and y_true"),
        (IsotonicCalibration, [[0.1, 0.2]], [0], "scores"),
        (IsotonicCalibration, [0.1, 0.2, 0.3], ["a", "b", "b"], "pos_label"),
        (TemperatureScaling, [[1.0], [2.0]], [0, 0], "logits"),
        (TemperatureScaling, [[1.0, 0.0], [2.0, 0.0], [0.0, 1.0]], [0, 1, 5], "y_true"),
        (TemperatureScaling, [[1.0, 0.0], [2.0, np.inf]], [0, 1], "logits"),
        (TemperatureScaling, [[1.0, 0.0], [2.0, 0.0]], [0, 1, 1], "logits and y_true"),
    ],
)
def test_recalibrator_bad_input_raises_metric_input_error(make, scores, y, name):
    with pytest.raises(MetricInputError, match=name):
        make().fit(scores, y)


def test_recalibrators_refuse_bad_transform_input_and_weights():
    ts = TemperatureScaling().fit([[1.0, 0.0], [0.0, 1.0]], [0, 1])
    with pytest.raises(MetricInputError, match="logits"):
        ts.transform([[1.0, 0.0, 0.0]])
    with pytest.raises(MetricInputError, match="logits"):
        ts.transform([1.0, 0.0])
    with pytest.raises(MetricInputError, match="scores"):
        PlattScaling().fit([0.1, 0.9], [0, 1]).transform([np.nan])
    with pytest.raises(MetricInputError, match="sample_weight"):
        IsotonicCalibration().fit([0.1, 0.9], [0, 1], sample_weight=[0, 0])


@pytest.mark.parametrize("metric", ["expected_calibration_error", "maximum_calibration_error", "log_loss"])
def test_probability_rows_that_do_not_sum_to_one_warn_in_every_multiclass_score(metric):
    import mlmetrics_edu as mm

    rows = [[0.5, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]
    with pytest.warns(UserWarning, match="do not sum to one"):
        getattr(mm, metric)([0, 1, 2], rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(mm, metric)([0, 1, 2], [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])


@pytest.mark.parametrize("call", [
    lambda mm: mm.brier_score_loss([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.calibration_curve([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.expected_calibration_error([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.roc_curve([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.precision_recall_curve([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.average_precision_score([0, 0, 2], [0.1, 0.2, 0.3], pos_label=1),
    lambda mm: mm.precision_score([0, 0, 2], [0, 2, 2], pos_label=1),
])
def test_a_pos_label_absent_from_two_label_data_is_refused_the_same_way_everywhere(call):
    import mlmetrics_edu as mm

    with pytest.raises(MetricInputError, match=r"pos_label=1 is not .*(label|labels).*\[0, 2\]"):
        call(mm)


def test_a_pos_label_absent_from_one_class_data_means_no_positives():
    import mlmetrics_edu as mm

    assert mm.brier_score_loss([0, 0, 0], [0.1, 0.2, 0.3], pos_label=1) == pytest.approx((0.01 + 0.04 + 0.09) / 3)
    with pytest.warns(UndefinedMetricWarning):
        mm.roc_curve([0, 0, 0], [0.1, 0.2, 0.3], pos_label=1)
