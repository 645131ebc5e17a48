"""Regression metrics: hand-worked examples, edge cases and bad input.

Randomized comparisons with scikit-learn, SciPy and brute-force oracles live in
test_regression_vs_references.py.
"""

import math
import warnings

import numpy as np
import pytest

import mlmetrics_edu.regression as reg
from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning

Y_TRUE = [3.0, -0.5, 2.0, 7.0]
Y_PRED = [2.5, 0.0, 2.0, 8.0]  # errors e = y_pred - y_true: -0.5, 0.5, 0, 1

# --------------------------------------------------------------------------- hand-worked examples


def test_mae_is_the_mean_of_the_absolute_errors():
    assert reg.mean_absolute_error(Y_TRUE, Y_PRED) == (0.5 + 0.5 + 0 + 1) / 4


def test_mse_and_rmse_square_then_average_then_root():
    assert reg.mean_squared_error(Y_TRUE, Y_PRED) == (0.25 + 0.25 + 0 + 1) / 4
    assert reg.root_mean_squared_error(Y_TRUE, Y_PRED) == math.sqrt(0.375)


def test_weights_count_a_sample_as_if_repeated():
    # weight 2 on the last sample = listing it twice
    weighted = reg.mean_absolute_error(Y_TRUE, Y_PRED, sample_weight=[1, 1, 1, 2])
    repeated = reg.mean_absolute_error(Y_TRUE + [7.0], Y_PRED + [8.0])
    assert weighted == pytest.approx(repeated) == 3 / 5


def test_multioutput_raw_values_gives_one_value_per_column_and_weights_average_them():
    y_true = [[0.5, 1], [-1, 1], [7, -6]]
    y_pred = [[0, 2], [-1, 2], [8, -5]]
    raw = reg.mean_absolute_error(y_true, y_pred, multioutput="raw_values")
    np.testing.assert_allclose(raw, [0.5, 1.0])
    assert isinstance(raw, np.ndarray)
    assert reg.mean_absolute_error(y_true, y_pred) == 0.75
    assert reg.mean_absolute_error(y_true, y_pred, multioutput=[0.3, 0.7]) == pytest.approx(0.85)


def test_raw_values_of_a_single_output_is_an_array_of_length_one():
    raw = reg.mean_squared_error([1, 2], [1, 4], multioutput="raw_values")
    assert raw.shape == (1,) and raw[0] == 2.0


def test_max_error_is_the_worst_miss():
    assert reg.max_error([3, 2, 7, 1], [4, 2, 7, 1]) == 1.0
    assert reg.max_error([[3], [2]], [[0], [2]]) == 3.0  # one column is fine


def test_median_absolute_error_averages_the_two_middle_errors():
    # |e| = 0.5, 0.5, 0, 1 -> sorted 0, 0.5, 0.5, 1 -> median 0.5
    assert reg.median_absolute_error(Y_TRUE, Y_PRED) == 0.5
    assert reg.median_absolute_error([0, 0, 0, 0], [1, 2, 3, 4]) == 2.5


def test_weighted_median_takes_the_error_where_half_the_weight_is_reached():
    # |e| = 1, 2, 3 with weights 1, 1, 3: cumulative 1, 2, 5; half = 2.5 -> 3
    assert reg.median_absolute_error([0, 0, 0], [1, 2, 3], sample_weight=[1, 1, 3]) == 3.0
    # weights 1, 1, 2: cumulative 1, 2, 4; half = 2 lands exactly on 2 -> average 2 and 3
    assert reg.median_absolute_error([0, 0, 0], [1, 2, 3], sample_weight=[1, 1, 2]) == 2.5
    # a zero-weight error in between is skipped when looking for the next value
    assert reg.median_absolute_error(
        [0, 0, 0, 0], [1, 2, 2.5, 3], sample_weight=[1, 1, 0, 2]
    ) == 2.5


def test_r2_compares_with_predicting_the_mean():
    # ss_res = 1.5, mean = 2.875, ss_tot = 29.1875
    assert reg.r2_score(Y_TRUE, Y_PRED) == pytest.approx(1 - 1.5 / 29.1875)
    assert reg.r2_score([1, 2, 3], [2, 2, 2]) == 0.0  # the mean itself scores 0
    assert reg.r2_score([1, 2, 3], [3, 2, 1]) == -3.0  # worse than the mean


def test_adjusted_r2_pays_for_each_feature():
    r2 = reg.r2_score([3, -0.5, 2, 7, 4], [2.5, 0.0, 2, 8, 4.5])
    adjusted = reg.adjusted_r2_score([3, -0.5, 2, 7, 4], [2.5, 0.0, 2, 8, 4.5], n_features=2)
    assert adjusted == pytest.approx(1 - (1 - r2) * 4 / 2)
    assert reg.adjusted_r2_score([1, 2, 3], [1, 2, 4], n_features=0) == pytest.approx(
        reg.r2_score([1, 2, 3], [1, 2, 4])
    )


def test_mape_is_a_fraction_of_the_truth():
    # 0.5/3 + 0.5/0.5 + 0 + 1/7, over 4
    expected = (0.5 / 3 + 1 + 0 + 1 / 7) / 4
    assert reg.mean_absolute_percentage_error(Y_TRUE, Y_PRED) == pytest.approx(expected)


def test_smape_is_symmetric_and_bounded_by_two():
    assert reg.symmetric_mean_absolute_percentage_error([100], [110]) == pytest.approx(20 / 210)
    assert reg.symmetric_mean_absolute_percentage_error([1, 2], [3, 5]) == pytest.approx(
        reg.symmetric_mean_absolute_percentage_error([3, 5], [1, 2])
    )
    assert reg.symmetric_mean_absolute_percentage_error([5, -3], [0, 0]) == 2.0


def test_mase_divides_by_the_in_sample_naive_mae():
    # naive one-step errors on y_train: |2-1|, |4-2|, |7-4| -> mean 2; test MAE = 1
    assert reg.mean_absolute_scaled_error([8, 10], [9, 9], y_train=[1, 2, 4, 7]) == 0.5
    # seasonal naive with m = 2: |4-1|, |7-2| -> mean 4
    assert reg.mean_absolute_scaled_error(
        [8, 10], [9, 9], y_train=[1, 2, 4, 7], seasonality=2
    ) == 0.25


def test_pinball_loss_charges_alpha_for_under_and_one_minus_alpha_for_over_prediction():
    # y - ŷ = +1 (under) costs 0.9, y - ŷ = -1 (over) costs 0.1
    assert reg.mean_pinball_loss([1, 1], [0, 2], alpha=0.9) == pytest.approx(0.5)
    assert reg.mean_pinball_loss([1], [0], alpha=0.9) == pytest.approx(0.9)
    assert reg.mean_pinball_loss([1], [2], alpha=0.9) == pytest.approx(0.1)


def test_huber_is_quadratic_inside_delta_and_linear_outside():
    assert reg.huber_loss([0], [0.5]) == 0.125  # 0.5 * 0.5²
    assert reg.huber_loss([0], [3]) == 2.5  # 1 * (3 - 0.5)
    assert reg.huber_loss([0], [-3], delta=2.0) == 4.0  # 2 * (3 - 1)
    assert reg.huber_loss([0], [1]) == 0.5  # both pieces agree at |e| = delta


def test_mean_error_is_positive_for_over_prediction():
    assert reg.mean_error([1, 2, 3], [2, 3, 4]) == 1.0
    assert reg.mean_error([1, 2, 3], [0, 1, 2]) == -1.0
    assert reg.mean_error([0, 0], [10, -10]) == 0.0  # cancels: bias is not accuracy


def test_absolute_error_percentile_interpolates_linearly():
    # |e| = 1..5, q = 90: position 0.9 * 4 = 3.6 -> 4 + 0.6 * (5 - 4)
    assert reg.absolute_error_percentile([0] * 5, [1, 2, 3, 4, 5], q=90) == pytest.approx(4.6)
    assert reg.absolute_error_percentile([0] * 5, [1, 2, 3, 4, 5], q=100) == 5.0


def test_mda_measures_the_predicted_move_from_the_last_observed_value():
    # moves of y: +1, -1, +2; forecasts from the last observed value: +2, +0.5, +1
    assert reg.mean_directional_accuracy([1, 2, 1, 3], [0, 3, 2.5, 2]) == pytest.approx(2 / 3)
    # flat truth counts as a hit only for a flat forecast
    assert reg.mean_directional_accuracy([1, 1, 1], [0, 1, 2]) == 0.5


def test_ade_and_fde_of_a_single_trajectory():
    y_true = [[0, 0], [1, 0], [2, 0]]
    y_pred = [[0, 0], [1, 1], [2, 2]]  # distances 0, 1, 2
    assert reg.average_displacement_error(y_true, y_pred) == 1.0
    assert reg.final_displacement_error(y_true, y_pred) == 2.0


def test_ade_and_fde_average_over_agents():
    y_true = np.zeros((2, 2, 2))
    y_pred = np.array([[[3, 4], [3, 4]], [[0, 0], [6, 8]]], dtype=float)  # 5,5 and 0,10
    assert reg.average_displacement_error(y_true, y_pred) == 5.0
    assert reg.final_displacement_error(y_true, y_pred) == 7.5


def test_min_ade_and_min_fde_take_the_best_mode_per_agent():
    y_true = np.zeros((2, 2))  # one agent, T = 2, d = 2
    modes = np.array([
        [[0, 0], [0, 4]],  # ADE 2, FDE 4
        [[1, 0], [0, 3]],  # ADE 2, FDE 3
        [[0, 3], [0, 3]],  # ADE 3, FDE 3
    ], dtype=float)
    assert reg.average_displacement_error(y_true, modes) == 2.0
    assert reg.final_displacement_error(y_true, modes) == 3.0
    # the same with an agent axis: (n=1, K=3, T=2, d=2)
    assert reg.final_displacement_error(y_true[None], modes[None]) == 3.0


def test_every_scalar_result_is_a_python_float():
    cases = [
        reg.mean_absolute_error(Y_TRUE, Y_PRED),
        reg.mean_squared_error(Y_TRUE, Y_PRED),
        reg.root_mean_squared_error(Y_TRUE, Y_PRED),
        reg.max_error(Y_TRUE, Y_PRED),
        reg.median_absolute_error(Y_TRUE, Y_PRED),
        reg.median_absolute_error(Y_TRUE, Y_PRED, sample_weight=[1, 2, 3, 4]),
        reg.r2_score(Y_TRUE, Y_PRED),
        reg.adjusted_r2_score(Y_TRUE, Y_PRED, n_features=1),
        reg.mean_absolute_percentage_error(Y_TRUE, Y_PRED),
        reg.symmetric_mean_absolute_percentage_error(Y_TRUE, Y_PRED),
        reg.mean_absolute_scaled_error(Y_TRUE, Y_PRED, y_train=[1, 2, 3]),
        reg.mean_pinball_loss(Y_TRUE, Y_PRED),
        reg.huber_loss(Y_TRUE, Y_PRED),
        reg.mean_error(Y_TRUE, Y_PRED),
        reg.absolute_error_percentile(Y_TRUE, Y_PRED),
        reg.mean_directional_accuracy(Y_TRUE, Y_PRED),
        reg.average_displacement_error([[0, 0]], [[1, 1]]),
        reg.final_displacement_error([[0, 0]], [[1, 1]]),
    ]
    assert all(type(value) is float for value in cases)


# --------------------------------------------------------------------------- edge cases


def test_r2_of_constant_y_true_follows_force_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the finite convention is documented: no warning
        assert reg.r2_score([2, 2, 2], [2, 2, 2]) == 1.0
        assert reg.r2_score([2, 2, 2], [2, 3, 2]) == 0.0
    # force_finite=False: the undefined value is returned, never silently
    with pytest.warns(UndefinedMetricWarning, match="y_true is constant"):
        assert math.isnan(reg.r2_score([2, 2, 2], [2, 2, 2], force_finite=False))
    with pytest.warns(UndefinedMetricWarning, match="-inf otherwise"):
        assert reg.r2_score([2, 2, 2], [2, 3, 2], force_finite=False) == -math.inf
    with pytest.warns(UndefinedMetricWarning):  # one constant column of two
        got = reg.r2_score([[2, 1], [2, 2], [2, 4]], [[2, 1], [3, 2], [2, 3]], force_finite=False,
                           multioutput="raw_values")
    assert got[0] == -math.inf and 0 < got[1] < 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing undefined: no warning
        reg.r2_score([1, 2, 3], [1, 2, 2], force_finite=False)


def test_r2_variance_weighted_falls_back_to_uniform_when_every_column_is_constant():
    y_true = [[1, 5], [1, 5], [1, 5]]
    y_pred = [[1, 5], [2, 5], [1, 5]]  # column scores 0 (forced) and 1
    assert reg.r2_score(y_true, y_pred, multioutput="variance_weighted") == 0.5


def test_r2_with_fewer_than_two_samples_warns_and_returns_nan():
    with pytest.warns(UndefinedMetricWarning, match="fewer than two samples"):
        assert math.isnan(reg.r2_score([1.0], [2.0]))


def test_r2_keeps_the_float_mean_trap_of_a_nearly_constant_target():
    # mean([0.1] * 3) is 0.10000000000000002, so SS_tot is tiny but not zero
    assert reg.r2_score([0.1] * 3, [0.2] * 3) < -1e30
    assert reg.r2_score([0.1] * 3, [0.1] * 3) == 1.0


def test_mape_with_zero_truth_is_huge_but_finite():
    value = reg.mean_absolute_percentage_error([0.0, 1.0], [0.1, 1.0])
    assert value == pytest.approx(0.1 / np.finfo(np.float64).eps / 2)


def test_smape_counts_a_perfect_zero_forecast_as_no_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert reg.symmetric_mean_absolute_percentage_error([0, 0], [0, 0]) == 0.0
        assert reg.symmetric_mean_absolute_percentage_error([0, 1], [0, 3]) == pytest.approx(0.5)


def test_mase_with_a_perfect_naive_forecast_follows_zero_division():
    args = ([1, 2], [1.5, 2.5])
    with pytest.warns(UndefinedMetricWarning, match="MASE"):
        assert reg.mean_absolute_scaled_error(*args, y_train=[3, 3, 3]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert reg.mean_absolute_scaled_error(*args, y_train=[3, 3], zero_division=1) == 1.0
        assert math.isnan(
            reg.mean_absolute_scaled_error(*args, y_train=[3, 3], zero_division=np.nan)
        )
        # a seasonal series is perfect for the seasonal naive forecast only
        assert reg.mean_absolute_scaled_error(*args, y_train=[1, 2, 1, 2]) == pytest.approx(0.5)


def test_mase_per_output_scales_only_the_constant_column_by_zero_division():
    y_train = [[1, 5], [2, 5], [3, 5]]
    raw = reg.mean_absolute_scaled_error(
        [[4, 5], [5, 5]], [[5, 6], [6, 6]], y_train=y_train, multioutput="raw_values",
        zero_division=np.nan,
    )
    assert raw[0] == 1.0 and math.isnan(raw[1])


def test_adjusted_r2_without_residual_degrees_of_freedom_raises():
    with pytest.raises(MetricInputError, match="n_features"):
        reg.adjusted_r2_score([1, 2, 3], [1, 2, 4], n_features=2)


def test_max_error_refuses_several_outputs():
    with pytest.raises(MetricInputError, match="single output"):
        reg.max_error([[1, 2], [3, 4]], [[1, 2], [3, 4]])


def test_percentile_50_and_100_are_median_and_max_error():
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.normal(size=20), rng.normal(size=20)
    assert reg.absolute_error_percentile(y_true, y_pred, q=50) == pytest.approx(
        reg.median_absolute_error(y_true, y_pred)
    )
    assert reg.absolute_error_percentile(y_true, y_pred, q=100) == reg.max_error(y_true, y_pred)


def test_integer_and_boolean_inputs_are_read_as_floats():
    assert reg.mean_absolute_error(np.array([1, 2], dtype=np.int8), [True, False]) == 1.0


def test_float64_inputs_are_not_copied():
    y = np.arange(5.0)
    y_true, y_pred, _, _ = reg._check_regression(y, y)
    assert np.shares_memory(y_true, y) and np.shares_memory(y_pred, y)


# --------------------------------------------------------------------------- bad input

ALL_Y_METRICS = {
    "mean_absolute_error": reg.mean_absolute_error,
    "mean_squared_error": reg.mean_squared_error,
    "root_mean_squared_error": reg.root_mean_squared_error,
    "max_error": reg.max_error,
    "median_absolute_error": reg.median_absolute_error,
    "r2_score": reg.r2_score,
    "adjusted_r2_score": lambda t, p: reg.adjusted_r2_score(t, p, n_features=0),
    "mean_absolute_percentage_error": reg.mean_absolute_percentage_error,
    "symmetric_mean_absolute_percentage_error": reg.symmetric_mean_absolute_percentage_error,
    "mean_absolute_scaled_error": lambda t, p: reg.mean_absolute_scaled_error(
        t, p, y_train=[1, 2, 3]
    ),
    "mean_pinball_loss": reg.mean_pinball_loss,
    "huber_loss": reg.huber_loss,
    "mean_error": reg.mean_error,
    "absolute_error_percentile": reg.absolute_error_percentile,
    "mean_directional_accuracy": reg.mean_directional_accuracy,
}
WEIGHTED = ["mean_absolute_error", "mean_squared_error", "root_mean_squared_error",
            "median_absolute_error", "r2_score", "mean_absolute_percentage_error",
            "symmetric_mean_absolute_percentage_error", "mean_pinball_loss", "huber_loss",
            "mean_error"]
MULTIOUTPUT = WEIGHTED + ["absolute_error_percentile"]


@pytest.mark.parametrize("name", ALL_Y_METRICS)
@pytest.mark.parametrize("y_true, y_pred, argument, problem", [
    ([1.0, 2.0, 3.0], [1.0, 2.0], "y_true and y_pred", "differ in length: 3 != 2"),
    ([], [], "y_true", "empty"),
    ([1.0, np.nan, 3.0], [1.0, 2.0, 3.0], "y_true", "NaN"),
    ([1.0, 2.0, 3.0], [1.0, np.inf, 3.0], "y_pred", "infinity"),
    (["a", "b", "c"], [1.0, 2.0, 3.0], "y_true", "numeric"),
    ([1.0, 2.0, 3.0], np.ones((3, 2, 2)), "y_pred", "shape"),
    (None, [1.0], "y_true", "None"),
    ([1.0, 2.0, 3.0], 2.0, "y_pred", "scalar|shape"),
])
def test_bad_targets_raise_naming_the_argument(name, y_true, y_pred, argument, problem):
    with pytest.raises(MetricInputError, match=f"{argument}.*({problem})"):
        ALL_Y_METRICS[name](y_true, y_pred)


@pytest.mark.parametrize("name", WEIGHTED)
@pytest.mark.parametrize("weight, problem", [
    ([1.0, 1.0], "sample_weight has 2 values"),
    ([1.0, -1.0, 1.0], "sample_weight contains negative"),
    ([0.0, 0.0, 0.0], "sample_weight sums to zero"),
    ([1.0, np.nan, 1.0], "sample_weight contains NaN"),
])
def test_bad_sample_weight_raises(name, weight, problem):
    with pytest.raises(MetricInputError, match=problem):
        ALL_Y_METRICS[name]([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], sample_weight=weight)


@pytest.mark.parametrize("name", MULTIOUTPUT)
@pytest.mark.parametrize("y_true, multioutput, problem", [
    ([[1.0, 2.0], [3.0, 4.0]], "average", "multioutput='average' is not supported"),
    ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0, 3.0], "multioutput has 3 weights but there are 2"),
    ([[1.0, 2.0], [3.0, 4.0]], [1.0, -1.0], "multioutput weights must be >= 0"),
    ([[1.0, 2.0], [3.0, 4.0]], [0.0, 0.0], "multioutput weights must be >= 0"),
    ([1.0, 2.0], [1.0], "multioutput weights need a multi-output target"),
])
def test_bad_multioutput_raises(name, y_true, multioutput, problem):
    with pytest.raises(MetricInputError, match=problem):
        ALL_Y_METRICS[name](y_true, y_true, multioutput=multioutput)


@pytest.mark.parametrize("name", MULTIOUTPUT)
def test_different_numbers_of_outputs_raise(name):
    with pytest.raises(MetricInputError, match="different numbers of outputs: 2 != 3"):
        ALL_Y_METRICS[name](np.ones((4, 2)), np.ones((4, 3)))


def test_variance_weighted_is_only_for_r2():
    assert reg.r2_score([[1, 2], [3, 5]], [[1, 2], [3, 4]], multioutput="variance_weighted")
    with pytest.raises(MetricInputError, match="multioutput='variance_weighted'"):
        reg.mean_absolute_error([1, 2], [1, 2], multioutput="variance_weighted")


@pytest.mark.parametrize("call, argument", [
    (lambda: reg.r2_score([1, 2], [1, 2], force_finite="yes"), "force_finite"),
    (lambda: reg.mean_pinball_loss([1, 2], [1, 2], alpha=1.5), "alpha"),
    (lambda: reg.mean_pinball_loss([1, 2], [1, 2], alpha="0.5"), "alpha"),
    (lambda: reg.huber_loss([1, 2], [1, 2], delta=0), "delta"),
    (lambda: reg.huber_loss([1, 2], [1, 2], delta=np.inf), "delta"),
    (lambda: reg.absolute_error_percentile([1, 2], [1, 2], q=101), "q"),
    (lambda: reg.absolute_error_percentile([1, 2], [1, 2], q=None), "q"),
    (lambda: reg.adjusted_r2_score([1, 2, 3, 4], [1, 2, 3, 3], n_features=-1), "n_features"),
    (lambda: reg.adjusted_r2_score([1, 2, 3, 4], [1, 2, 3, 3], n_features=1.5), "n_features"),
    (lambda: reg.adjusted_r2_score([[1], [2], [3]], [[1], [2], [3]], n_features=0), "y_true"),
    (lambda: reg.mean_absolute_scaled_error([1], [1], y_train=[1, 2], seasonality=0),
     "seasonality"),
    (lambda: reg.mean_absolute_scaled_error([1], [1], y_train=[1, 2], seasonality=2),
     "y_train"),
    (lambda: reg.mean_absolute_scaled_error([1], [1], y_train=[1, np.nan]), "y_train"),
    (lambda: reg.mean_absolute_scaled_error([1], [1], y_train=[[1, 2], [3, 4]]), "y_train"),
    (lambda: reg.mean_absolute_scaled_error([1], [1], y_train=[3, 3], zero_division=2),
     "zero_division"),
    (lambda: reg.mean_directional_accuracy([1], [1]), "at least 2 samples"),
    (lambda: reg.mean_directional_accuracy([[1, 2], [3, 4]], [[1, 2], [3, 4]]), "y_true"),
])
def test_bad_options_raise_naming_the_option(call, argument):
    with pytest.raises(MetricInputError, match=argument):
        call()


@pytest.mark.parametrize("metric", [reg.average_displacement_error, reg.final_displacement_error])
@pytest.mark.parametrize("y_true, y_pred, argument", [
    (np.zeros((3, 2)), np.zeros((4, 2)), "y_pred must have the shape"),
    (np.zeros((2, 3, 2)), np.zeros((3, 3, 2)), "y_pred must have the shape"),
    (np.zeros((2, 3, 2)), np.zeros((2, 4, 3, 3)), "y_pred must have the shape"),
    (np.zeros((3, 2)), np.zeros((1, 1, 3, 2)), "y_pred must have the shape"),
    (np.zeros(3), np.zeros(3), "y_true must be 2-D or 3-D"),
    (np.zeros((3, 2)), np.full((3, 2), np.nan), "y_pred contains NaN"),
    (np.zeros((0, 2)), np.zeros((0, 2)), "y_true is empty"),
])
def test_bad_trajectories_raise(metric, y_true, y_pred, argument):
    with pytest.raises(MetricInputError, match=argument):
        metric(y_true, y_pred)
