"""Regression metrics: errors, R², percentage errors, robust and quantile losses, trajectories.

Every metric here compares real-valued targets ``y_true`` with predictions ``y_pred``
of shape ``(n_samples,)`` or ``(n_samples, n_outputs)``. The error of one sample is
``e = y_pred - y_true``; ``*_error``/``*_loss`` are lower-is-better, ``*_score`` is
higher-is-better. Where scikit-learn has the metric, names, arguments and results are
scikit-learn 1.9's, including ``sample_weight`` (one weight per row) and
``multioutput``:

* ``"raw_values"`` -- one value per output column, as an array of shape ``(n_outputs,)``;
* ``"uniform_average"`` -- the plain mean of those values (the default);
* an array of ``n_outputs`` weights -- their weighted mean;
* ``"variance_weighted"`` (``r2_score`` only) -- weighted by each column's variance.

Two private helpers serve every metric: :func:`_check_regression` validates the inputs
and :func:`_aggregate` applies ``multioutput``.

Deliberate differences from scikit-learn, everywhere in this module: invalid input raises
:class:`MetricInputError` (a ``ValueError``) with our own message. Any other difference is
stated in the docstring of the function it concerns.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import (
    MetricInputError,
    as_float_array,
    check_consistent_length,
    check_int,
    check_option,
    check_sample_weight,
    divide,
    warn_undefined,
)

__all__ = [
    "absolute_error_percentile",
    "adjusted_r2_score",
    "average_displacement_error",
    "final_displacement_error",
    "huber_loss",
    "max_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_absolute_scaled_error",
    "mean_directional_accuracy",
    "mean_error",
    "mean_pinball_loss",
    "mean_squared_error",
    "median_absolute_error",
    "r2_score",
    "root_mean_squared_error",
    "symmetric_mean_absolute_percentage_error",
]

_MULTIOUTPUT = ("raw_values", "uniform_average")


# ----------------------------------------------------------------------- helpers


def _check_regression(y_true, y_pred, sample_weight=None, multioutput="uniform_average",
                      options=_MULTIOUTPUT):
    """Validate a regression task; return 2-D ``y_true, y_pred``, weights and ``multioutput``.

    A 1-D target becomes one output column, so every metric can average over ``axis=0``.
    """
    y_true = as_float_array(y_true, "y_true", ndim=(1, 2))
    y_pred = as_float_array(y_pred, "y_pred", ndim=(1, 2))
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    y_true = y_true.reshape(len(y_true), -1)  # views, no copies
    y_pred = y_pred.reshape(len(y_pred), -1)
    n_outputs = y_true.shape[1]
    if y_pred.shape[1] != n_outputs:
        raise MetricInputError(
            "y_true and y_pred have different numbers of outputs: "
            f"{n_outputs} != {y_pred.shape[1]}"
        )
    sample_weight = check_sample_weight(sample_weight, len(y_true))
    if sample_weight is not None and not sample_weight.sum() > 0:
        raise MetricInputError(
            "sample_weight sums to zero; give at least one sample a positive weight"
        )
    if isinstance(multioutput, str):
        check_option(multioutput, "multioutput", options)
    else:
        multioutput = _check_output_weights(multioutput, n_outputs)
    return y_true, y_pred, sample_weight, multioutput


def _check_output_weights(weights, n_outputs):
    weights = as_float_array(weights, "multioutput")
    if n_outputs == 1:
        raise MetricInputError(
            "multioutput weights need a multi-output target, but y has 1 output"
        )
    if len(weights) != n_outputs:
        raise MetricInputError(
            f"multioutput has {len(weights)} weights but there are {n_outputs} outputs"
        )
    if (weights < 0).any() or not weights.sum() > 0:
        raise MetricInputError("multioutput weights must be >= 0 with a positive sum")
    return weights


def _aggregate(output_values, multioutput):
    """Apply ``multioutput`` to one value per output: keep them all, or average them."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return output_values
        multioutput = None  # "uniform_average": equal weights
    return float(np.average(output_values, weights=multioutput))


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# -------------------------------------------------------- scale-dependent errors


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean absolute error (MAE): the average size of a miss, in the target's units.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs (see the module docstring).

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        A float, or one value per output for ``"raw_values"``. Best value 0.

    Notes
    -----
    **Formula**: ``MAE = sum_i w_i |ŷ_i - y_i| / sum_i w_i``.

    **Intuition**: "on average, how far off am I?" Every unit of error costs the same,
    so one huge miss counts no more than many small ones adding up to it.

    **Interview note**: the constant that minimises MAE is the *median* of ``y_true``
    (the mean minimises MSE), which is why MAE is robust to outliers.

    **Edge cases**: always defined for non-empty input; weights summing to zero raise.

    See Also
    --------
    mean_squared_error : punishes large errors more.
    median_absolute_error : fully robust to a few wild errors.
    huber_loss : squared for small errors, absolute for large ones.

    Examples
    --------
    >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    >>> mean_absolute_error([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], multioutput="raw_values")
    array([0.25, 1.  ])
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    return _aggregate(np.average(np.abs(errors), weights=w, axis=0), multioutput)


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean squared error (MSE): the average squared miss.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0; in squared target units.

    Notes
    -----
    **Formula**: ``MSE = sum_i w_i (ŷ_i - y_i)² / sum_i w_i``.

    **Intuition**: "how large are my errors, with big misses counted quadratically?"
    It is the loss least-squares regression minimises.

    **Interview note**: MSE = bias² + variance of the errors; the constant minimising it
    is the mean of ``y_true``. One outlier can dominate it.

    **Edge cases**: always defined for non-empty input.

    See Also
    --------
    root_mean_squared_error : the same in the target's units.
    mean_absolute_error : linear, so less sensitive to outliers.
    r2_score : MSE relative to predicting the mean.

    Examples
    --------
    >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    return _aggregate(np.average(errors**2, weights=w, axis=0), multioutput)


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Root mean squared error (RMSE): the square root of MSE, back in the target's units.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs; the root is taken per output, before averaging.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0.

    Notes
    -----
    **Formula**: ``RMSE = sqrt(MSE)`` for each output.

    **Intuition**: "what is a typical error size, with large errors weighted up?"

    **Interview note**: RMSE >= MAE always (the quadratic mean is at least the
    arithmetic mean); a large gap between them signals a heavy tail of errors. The
    uniform average of per-output RMSEs is *not* the root of the averaged MSE.

    **Edge cases**: always defined for non-empty input.

    See Also
    --------
    mean_squared_error : without the root.
    mean_absolute_error : the arithmetic mean of the absolute errors.

    Examples
    --------
    >>> root_mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.612
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    return _aggregate(np.sqrt(np.average(errors**2, weights=w, axis=0)), multioutput)


def max_error(y_true, y_pred):
    """The largest absolute error: the worst single miss.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted targets (a single output, as in scikit-learn).

    Returns
    -------
    float
        Best value 0.

    Notes
    -----
    **Formula**: ``max_i |ŷ_i - y_i|``.

    **Intuition**: "how bad is my worst case?" -- the metric for safety margins.

    **Interview note**: it depends on one sample only, so it is noisy and grows with
    the size of the test set.

    **Edge cases**: a two-column target raises (as scikit-learn's ``ValueError``).

    See Also
    --------
    absolute_error_percentile : a tail error less fragile than the maximum.

    Examples
    --------
    >>> max_error([3, 2, 7, 1], [4, 2, 7, 1])
    1.0
    """
    y_true, y_pred, _, _ = _check_regression(y_true, y_pred)
    if y_true.shape[1] != 1:
        raise MetricInputError(
            f"max_error needs a single output, but y_true has {y_true.shape[1]} columns"
        )
    return float(np.max(np.abs(y_pred - y_true)))


def median_absolute_error(y_true, y_pred, *, multioutput="uniform_average", sample_weight=None):
    """Median absolute error: the typical miss, unmoved by a few wild ones.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample: a weighted median.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0.

    Notes
    -----
    **Formula**: ``median_i |ŷ_i - y_i|``. With weights, sort the errors, accumulate
    their weights and take the first error whose cumulative weight reaches half the
    total; if it lands exactly on half, average it with the next error of positive
    weight (the "averaged inverted CDF", which equals the median for unit weights).

    **Intuition**: "half of my predictions are closer than this."

    **Interview note**: its breakdown point is 50% -- up to half the errors can be
    arbitrarily large without changing it -- but it ignores how bad the tail is.

    **Edge cases**: an even count averages the two middle errors.

    See Also
    --------
    mean_absolute_error : uses every error's size.
    absolute_error_percentile : any other percentile of the errors.

    Examples
    --------
    >>> median_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    abs_errors = np.abs(y_pred - y_true)
    if w is None:
        return _aggregate(np.median(abs_errors, axis=0), multioutput)
    return _aggregate(_weighted_median(abs_errors, w), multioutput)


def _weighted_median(values, weights):
    """Averaged-inverted-CDF weighted median of each column of ``values``."""
    order = np.argsort(values, axis=0)
    sorted_values = np.take_along_axis(values, order, axis=0)
    cum_weight = np.cumsum(weights[order], axis=0)
    half = 0.5 * cum_weight[-1]
    n = len(values)
    # first position whose cumulative weight reaches half the total
    i = np.minimum((cum_weight < half).sum(axis=0), n - 1)
    cols = np.arange(values.shape[1])
    exactly_half = cum_weight[i, cols] - half <= np.finfo(np.float64).eps
    # next value carrying positive weight (skip zero-weight samples); none left -> itself
    j = (cum_weight <= cum_weight[i, cols]).sum(axis=0)
    j = np.where(j < n, j, i)
    upper = np.where(exactly_half, sorted_values[j, cols], sorted_values[i, cols])
    return (sorted_values[i, cols] + upper) / 2


# --------------------------------------------------------------- goodness of fit


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
             force_finite=True):
    """Coefficient of determination R²: the share of y_true's variance the model explains.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average", "variance_weighted"} or array-like
        How to combine the outputs; ``"variance_weighted"`` weights each output by the
        (weighted) variance of its ``y_true`` column.
    force_finite : bool, default=True
        Replace the undefined scores of a constant ``y_true`` column by finite values:
        1.0 for perfect predictions, 0.0 otherwise. With False they are NaN and -inf.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 1; 0 means "no better than predicting the mean"; can be negative.

    Notes
    -----
    **Formula**: ``R² = 1 - SS_res / SS_tot`` with ``SS_res = sum_i w_i (y_i - ŷ_i)²``
    and ``SS_tot = sum_i w_i (y_i - ȳ)²``, ``ȳ`` the weighted mean of ``y_true``.

    **Intuition**: "how much better am I than always predicting the average?"

    **Interview note**: despite the name, R² is not in general a square and can be negative
    (worse than the mean); only for in-sample least squares with an intercept does it equal
    ``corr(y, ŷ)²``. It is relative to the mean, so not comparable across data sets;
    on training data it never falls when a feature is added, hence adjusted R². It is
    *not* symmetric in ``y_true`` and ``y_pred``. "Constant" means ``SS_tot`` is exactly
    0: the float mean of ``[0.1, 0.1, 0.1]`` is 0.10000000000000002, so ``SS_tot`` is
    tiny but positive and R² comes out hugely negative (scikit-learn's arithmetic, kept).

    **Edge cases**: ``SS_tot = 0`` (constant ``y_true``): 1.0 if ``SS_res = 0``, else
    0.0 (``force_finite=True``) or NaN / -inf with an ``UndefinedMetricWarning`` (False;
    scikit-learn's own division warns a ``RuntimeWarning`` there). ``"variance_weighted"`` with every
    column constant falls back to a uniform average. Fewer than two samples: R² is
    undefined, an ``UndefinedMetricWarning`` is raised and NaN returned (as scikit-learn,
    also for ``"raw_values"``).

    See Also
    --------
    adjusted_r2_score : penalises the number of features.
    mean_squared_error : the numerator, unnormalised.

    Examples
    --------
    >>> r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.948
    >>> r2_score([1, 1, 1], [1, 2, 1])
    0.0
    """
    y_true, y_pred, w, multioutput = _check_regression(
        y_true, y_pred, sample_weight, multioutput, options=(*_MULTIOUTPUT, "variance_weighted")
    )
    check_option(force_finite, "force_finite", (True, False))
    if len(y_true) < 2:
        warn_undefined("R^2 is undefined with fewer than two samples; returning nan.")
        return float("nan")
    y_mean = np.average(y_true, axis=0, weights=w)
    squared_residuals = (y_true - y_pred) ** 2
    squared_deviations = (y_true - y_mean) ** 2
    if w is not None:  # sample i counts w_i times
        squared_residuals *= w[:, None]
        squared_deviations *= w[:, None]
    ss_res = squared_residuals.sum(axis=0)
    ss_tot = squared_deviations.sum(axis=0)
    # a constant y_true column has ss_tot = 0: 0/0 -> nan, x/0 -> -inf (without numpy warnings)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1 - ss_res / ss_tot
        if force_finite:  # perfect predictions score 1, any other constant column 0
            r2 = np.where(ss_res == 0, 1.0, np.where(ss_tot == 0, 0.0, r2))
        elif (ss_tot == 0).any():
            warn_undefined("R^2 is undefined where y_true is constant (SS_tot = 0): that output "
                           "is nan for perfect predictions and -inf otherwise (force_finite=False); "
                           "force_finite=True gives 1.0 and 0.0.")
        if isinstance(multioutput, str) and multioutput == "variance_weighted":
            multioutput = ss_tot if ss_tot.any() else "uniform_average"
        return _aggregate(r2, multioutput)


def adjusted_r2_score(y_true, y_pred, *, n_features, sample_weight=None):
    """Adjusted R²: R² penalised for the number of features used. Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted targets.
    n_features : int
        Number of predictors ``p`` the model was fitted with (not counting the intercept).
    sample_weight : array-like of shape (n_samples,), optional
        Weights passed on to :func:`r2_score`; ``n`` still counts samples.

    Returns
    -------
    float
        At most 1; lower than R² whenever ``p > 0`` and R² < 1.

    Notes
    -----
    **Formula**: ``1 - (1 - R²) (n - 1) / (n - p - 1)``.

    **Intuition**: "is this R² still good once I pay for every feature I used?"
    Adding a useless feature raises R² but lowers adjusted R².

    **Interview note**: compute it on the *training* data to compare models of different
    sizes; on held-out data plain R² already penalises overfitting.

    **Edge cases**: with ``n - p - 1 <= 0`` the model has no residual degrees of
    freedom and the value is undefined: this raises ``MetricInputError`` rather than
    returning a number (it is a problem with the inputs, not a 0/0 of the data).
    A constant ``y_true`` uses R²'s ``force_finite=True`` convention.

    See Also
    --------
    r2_score : the unpenalised score.

    Examples
    --------
    >>> adjusted_r2_score([3, -0.5, 2, 7, 4], [2.5, 0.0, 2, 8, 4.5], n_features=2)
    0.884
    """
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    n = len(y_true)
    p = check_int(n_features, "n_features", 0)
    if n - p - 1 <= 0:
        raise MetricInputError(
            f"adjusted R^2 needs n_samples > n_features + 1, got n_samples={n}, n_features={p}"
        )
    r2 = r2_score(y_true, y_pred, sample_weight=sample_weight)
    return 1 - (1 - r2) * (n - 1) / (n - p - 1)


# --------------------------------------------------------------- relative errors


def mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None,
                                   multioutput="uniform_average"):
    """Mean absolute percentage error (MAPE), as a fraction (0.1 means 10%).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0; not multiplied by 100.

    Notes
    -----
    **Formula**: ``mean_i |ŷ_i - y_i| / max(|y_i|, eps)``, ``eps = np.finfo(float64).eps``.

    **Intuition**: "how far off am I, relative to the size of the truth?" --
    comparable across series with different scales.

    **Interview note**: asymmetric -- an under-forecast can cost at most 100%, an
    over-forecast without limit, so minimising MAPE favours forecasts that are too low;
    and it explodes near zero.

    **Edge cases**: ``y_true = 0`` divides by ``eps`` (about 2.2e-16), giving an
    astronomically large but finite value, as in scikit-learn -- no warning.

    See Also
    --------
    symmetric_mean_absolute_percentage_error : bounded, symmetric in y_true and y_pred.
    mean_absolute_scaled_error : scale-free and defined at zero.

    Examples
    --------
    >>> mean_absolute_percentage_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.327
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    # eps instead of 0 keeps y_true = 0 finite (huge) rather than inf
    ape = np.abs(errors) / np.maximum(np.abs(y_true), np.finfo(np.float64).eps)
    return _aggregate(np.average(ape, weights=w, axis=0), multioutput)


def symmetric_mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None,
                                             multioutput="uniform_average"):
    """Symmetric MAPE (sMAPE), as a fraction between 0 and 2. Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0, worst 2 (multiply by 100 for the percentage some papers report).

    Notes
    -----
    **Formula**: ``mean_i 2 |ŷ_i - y_i| / (|y_i| + |ŷ_i|)``.

    **Intuition**: "how far off am I, relative to the average size of truth and
    prediction?" Swapping ``y_true`` and ``y_pred`` gives the same value.

    **Interview note**: symmetric in its arguments but still not in over- versus
    under-forecasting of the same truth (ŷ = 0 costs 2, ŷ = 2y costs 2/3); several
    definitions exist (M3 competition without the absolute values, some without the 2).

    **Edge cases**: a term with ``y_i = ŷ_i = 0`` is 0/0; it counts as 0 error (a
    perfect forecast of zero) without a warning. Any other zero gives the maximum 2.

    See Also
    --------
    mean_absolute_percentage_error : relative to the truth only.

    Examples
    --------
    >>> symmetric_mean_absolute_percentage_error([100, 0, 50], [110, 0, 40])
    0.106
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    scale = np.abs(y_true) + np.abs(y_pred)
    # scale = 0 only when both are 0: a perfect forecast, so its term is 0
    ratio = np.divide(2 * np.abs(errors), scale, out=np.zeros_like(scale), where=scale > 0)
    return _aggregate(np.average(ratio, weights=w, axis=0), multioutput)


def mean_absolute_scaled_error(y_true, y_pred, *, y_train, seasonality=1, sample_weight=None,
                               multioutput="uniform_average", zero_division="warn"):
    """Mean absolute scaled error (MASE, Hyndman & Koehler 2006). Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted values of the forecast period.
    y_train : array-like of shape (n_train,) or (n_train, n_outputs)
        The in-sample (training) series, used only for the scale.
    seasonality : int, default=1
        Season length ``m`` of the naive forecast ``y_t = y_{t-m}`` (1 = last value).
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the forecast errors (the in-sample scale is unweighted).
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs (one scale per output column).
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when the naive in-sample MAE is 0; ``"warn"`` gives 0.0 and warns.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Below 1: better than the in-sample seasonal naive forecast.

    Notes
    -----
    **Formula**: ``MASE = MAE(y_true, y_pred) / mean_t |y_train[t] - y_train[t - m]|``.

    **Intuition**: "how does my error compare with just repeating the last season?"
    Scale-free like MAPE, but defined when values are zero and symmetric in
    over- and under-forecasts.

    **Interview note**: the scale comes from the *training* data, so it is the same
    for every model compared -- never recompute it on the test set.

    **Edge cases**: a training series the naive forecast fits perfectly (e.g. constant)
    has scale 0; the value follows ``zero_division`` like every 0/0 in this package.
    Note that ``"warn"`` gives 0.0, which reads as perfect: pass ``np.nan`` to keep it
    from looking good. ``y_train`` needs more than ``m`` values.

    See Also
    --------
    mean_absolute_error : the numerator.
    mean_absolute_percentage_error : scaled by the truth instead, undefined at zero.

    Examples
    --------
    >>> mean_absolute_scaled_error([5, 6], [5.5, 6.5], y_train=[1, 2, 3, 4])
    0.5
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    y_train = as_float_array(y_train, "y_train", ndim=(1, 2))
    y_train = y_train.reshape(len(y_train), -1)
    m = check_int(seasonality, "seasonality", 1)
    if y_train.shape[1] != y_true.shape[1]:
        raise MetricInputError(
            f"y_train has {y_train.shape[1]} outputs but y_true has {y_true.shape[1]}"
        )
    if len(y_train) <= m:
        raise MetricInputError(
            f"y_train needs more than seasonality={m} values, got {len(y_train)}"
        )
    mae = np.average(np.abs(y_pred - y_true), weights=w, axis=0)
    naive_mae = np.mean(np.abs(y_train[m:] - y_train[:-m]), axis=0)
    mase = divide(mae, naive_mae, zero_division=zero_division, what="MASE",
                  why="the seasonal naive forecast is perfect on y_train (scale 0)")
    return _aggregate(mase, multioutput)


# ---------------------------------------------------- robust and quantile losses


def mean_pinball_loss(y_true, y_pred, *, sample_weight=None, alpha=0.5,
                      multioutput="uniform_average"):
    """Pinball (quantile) loss: the loss minimised by the ``alpha``-quantile.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True targets and predicted ``alpha``-quantiles.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    alpha : float in [0, 1], default=0.5
        The quantile level the predictions aim at.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0.

    Notes
    -----
    **Formula**: with ``r = y - ŷ``, the loss is ``alpha * r`` if ``r >= 0`` (an
    under-prediction) and ``(alpha - 1) * r`` otherwise.

    **Intuition**: "how good is my ``alpha``-quantile forecast?" With alpha = 0.9,
    predicting too low costs 9 times more than predicting too high, so the best
    constant is the 90th percentile.

    **Interview note**: alpha = 0.5 gives half the MAE. Averaging pinball losses over
    many alphas approximates the CRPS of a probabilistic forecast.

    **Edge cases**: ``r = 0`` costs 0 on both branches.

    See Also
    --------
    mean_absolute_error : twice the loss at alpha = 0.5.
    absolute_error_percentile : a quantile of the errors, not a quantile forecast.

    Examples
    --------
    >>> mean_pinball_loss([1, 2, 3], [0, 2, 3], alpha=0.9)
    0.3
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    if not (_is_real(alpha) and 0 <= alpha <= 1):
        raise MetricInputError(f"alpha must be a number in [0, 1], got {alpha!r}")
    r = y_true - y_pred
    loss = np.where(r >= 0, alpha * r, (alpha - 1) * r)
    return _aggregate(np.average(loss, weights=w, axis=0), multioutput)


def huber_loss(y_true, y_pred, *, delta=1.0, sample_weight=None, multioutput="uniform_average"):
    """Mean Huber loss: squared for small errors, absolute for large ones. Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    delta : float > 0, default=1.0
        Error size where the loss switches from quadratic to linear.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0.

    Notes
    -----
    **Formula**: ``0.5 e²`` if ``|e| <= delta``, else ``delta (|e| - delta / 2)``,
    averaged -- ``scipy.special.huber(delta, e)``.

    **Intuition**: "MSE for the errors I expect, MAE for the outliers" -- the two
    pieces meet with equal value and slope at ``|e| = delta``.

    **Interview note**: as delta -> infinity it becomes MSE/2, as delta -> 0 it becomes
    ``delta`` times MAE; it is a loss to *train* with (smooth, outlier-robust) as much
    as a metric. PyTorch's ``HuberLoss`` is the same; ``SmoothL1Loss`` divides by delta.

    **Edge cases**: always defined; ``delta <= 0`` raises.

    See Also
    --------
    mean_squared_error : the quadratic part everywhere.
    mean_absolute_error : the linear part everywhere.

    Examples
    --------
    >>> huber_loss([0, 0, 0], [0.5, -1, 3])  # (0.125 + 0.5 + 2.5) / 3
    1.041
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    if not (_is_real(delta) and 0 < delta < np.inf):
        raise MetricInputError(f"delta must be a positive finite number, got {delta!r}")
    errors = y_pred - y_true
    abs_e = np.abs(errors)
    loss = np.where(abs_e <= delta, 0.5 * errors**2, delta * (abs_e - 0.5 * delta))
    return _aggregate(np.average(loss, weights=w, axis=0), multioutput)


def mean_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean (signed) error, the bias: positive = over-prediction. Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Positive when the model predicts too high on average, negative when too low.

    Notes
    -----
    **Formula**: ``ME = sum_i w_i (ŷ_i - y_i) / sum_i w_i`` (prediction minus truth).

    **Intuition**: "do I systematically predict too high or too low?"

    **Interview note**: a bias of 0 says nothing about accuracy -- errors of +10 and
    -10 cancel; report it next to MAE or RMSE. Some texts use ``y - ŷ``: check the sign.

    **Edge cases**: always defined.

    See Also
    --------
    mean_absolute_error : the size of the errors, regardless of sign.

    Examples
    --------
    >>> mean_error([1, 2, 3], [2, 2, 5])
    1.0
    """
    y_true, y_pred, w, multioutput = _check_regression(y_true, y_pred, sample_weight, multioutput)
    errors = y_pred - y_true
    return _aggregate(np.average(errors, weights=w, axis=0), multioutput)


def absolute_error_percentile(y_true, y_pred, *, q=95, multioutput="uniform_average"):
    """A percentile of the absolute errors (p95, p99): the tail. Not in scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        True and predicted targets.
    q : float in [0, 100], default=95
        The percentile (50 = median absolute error, 100 = max error).
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        Best value 0.

    Notes
    -----
    **Formula**: ``np.percentile(|ŷ - y|, q)`` with NumPy's default linear
    interpolation between the two nearest order statistics.

    **Intuition**: "95% of my predictions miss by less than this" -- a service-level
    number that a mean hides.

    **Interview note**: averages hide tails; latency-style p95/p99 reporting applies to
    errors too. Percentile definitions differ (nine in Hyndman & Fan): say which one.

    **Edge cases**: unweighted; q = 50 equals the unweighted ``median_absolute_error``.

    See Also
    --------
    max_error : the 100th percentile.
    median_absolute_error : the 50th percentile (supports weights).

    Examples
    --------
    >>> absolute_error_percentile([0, 0, 0, 0, 0], [1, 2, 3, 4, 5], q=90)
    4.6
    """
    y_true, y_pred, _, multioutput = _check_regression(y_true, y_pred, None, multioutput)
    if not (_is_real(q) and 0 <= q <= 100):
        raise MetricInputError(f"q must be a number in [0, 100], got {q!r}")
    return _aggregate(np.percentile(np.abs(y_pred - y_true), q, axis=0), multioutput)


# -------------------------------------------------- time series and trajectories


def mean_directional_accuracy(y_true, y_pred):
    """Mean directional accuracy (MDA): how often the forecast gets the direction right.

    Not in scikit-learn.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The observed series, in time order.
    y_pred : array-like of shape (n_samples,)
        One-step-ahead forecasts: ``y_pred[t]`` forecasts ``y_true[t]`` knowing ``y_true[t-1]``.

    Returns
    -------
    float
        In [0, 1]; 0.5 is what a coin flip gets on a series without flat steps.

    Notes
    -----
    **Formula**: ``MDA = 1/(n-1) sum_{t=1}^{n-1} 1[sign(y_t - y_{t-1}) == sign(ŷ_t - y_{t-1})]``
    -- the predicted move is measured from the last *observed* value, not from
    the previous forecast.

    **Intuition**: "if I traded on my forecasts, how often would I bet the right way?"

    **Interview note**: a model can have low RMSE and MDA near 0.5 (it lags the series)
    -- for trading, direction matters more than size.

    **Edge cases**: ``np.sign(0) = 0`` is a direction of its own: a flat step counts as
    a hit only if the forecast is flat too. The first sample has no previous value,
    so there are ``n - 1`` steps; fewer than two samples raise.

    See Also
    --------
    mean_error : whether the forecasts are biased up or down.

    Examples
    --------
    >>> mean_directional_accuracy([1, 2, 1, 3], [0, 3, 2.5, 2])
    0.667
    """
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    if len(y_true) < 2:
        raise MetricInputError(f"MDA needs at least 2 samples (one step), got {len(y_true)}")
    actual_move = np.sign(y_true[1:] - y_true[:-1])
    predicted_move = np.sign(y_pred[1:] - y_true[:-1])
    return float(np.mean(actual_move == predicted_move))


def _displacements(y_true, y_pred):
    """L2 distance at every timestep, shape (..., T); minimum-over-modes axis if multi-modal."""
    y_true = as_float_array(y_true, "y_true", ndim=(2, 3))
    y_pred = as_float_array(y_pred, "y_pred", ndim=(2, 3, 4))
    multimodal = y_pred.ndim == y_true.ndim + 1
    expected = y_true.shape
    if multimodal:  # (..., K, T, d): K modes inserted before (T, d)
        expected = y_true.shape[:-2] + y_pred.shape[-3:-2] + y_true.shape[-2:]
    if y_pred.shape != expected:
        raise MetricInputError(
            f"y_pred must have the shape of y_true {y_true.shape} (or one more axis of K "
            f"modes before (T, d)), got {y_pred.shape}"
        )
    if multimodal:
        y_true = y_true[..., None, :, :]  # compare every mode with the one truth
    return np.linalg.norm(y_pred - y_true, axis=-1), multimodal


def average_displacement_error(y_true, y_pred):
    """Average displacement error (ADE), or minADE for multi-modal predictions.

    Not in scikit-learn.

    Parameters
    ----------
    y_true : array-like of shape (T, d) or (n, T, d)
        True positions of ``n`` agents over ``T`` timesteps in ``d`` dimensions.
    y_pred : array-like of the shape of y_true, or (K, T, d) / (n, K, T, d)
        Predicted trajectories; with the extra axis, ``K`` candidate modes per agent.

    Returns
    -------
    float
        In the units of the positions; best value 0.

    Notes
    -----
    **Formula**: ``ADE = mean over agents and t of ||ŷ_t - y_t||_2``;
    ``minADE = mean over agents of min_k (mean_t ||ŷ_kt - y_t||_2)``.

    **Intuition**: "on average, how far is my predicted position from the real one?"

    **Interview note**: it is the mean Euclidean distance, not an RMSE; minADE over K
    rewards covering the possibilities, so it improves with K even for random modes
    -- always report K. (Argoverse 1 instead takes the ADE of the mode with the best
    final displacement.)

    **Edge cases**: a single timestep makes ADE equal FDE.

    See Also
    --------
    final_displacement_error : the error at the last timestep only.

    Examples
    --------
    >>> average_displacement_error([[0, 0], [1, 0], [2, 0]], [[0, 0], [1, 1], [2, 2]])
    1.0
    """
    distances, multimodal = _displacements(y_true, y_pred)
    ade = distances.mean(axis=-1)  # per agent (and per mode)
    return float(np.mean(ade.min(axis=-1) if multimodal else ade))


def final_displacement_error(y_true, y_pred):
    """Final displacement error (FDE), or minFDE for multi-modal predictions.

    Not in scikit-learn.

    Parameters
    ----------
    y_true : array-like of shape (T, d) or (n, T, d)
        True positions of ``n`` agents over ``T`` timesteps in ``d`` dimensions.
    y_pred : array-like of the shape of y_true, or (K, T, d) / (n, K, T, d)
        Predicted trajectories; with the extra axis, ``K`` candidate modes per agent.

    Returns
    -------
    float
        In the units of the positions; best value 0.

    Notes
    -----
    **Formula**: ``FDE = mean over agents of ||ŷ_T - y_T||_2``;
    ``minFDE = mean over agents of min_k ||ŷ_kT - y_T||_2``.

    **Intuition**: "where does my prediction end up, compared with where the agent went?"

    **Interview note**: FDE grows with the horizon faster than ADE, because errors
    accumulate; it is the one that matters for "will they be in the crosswalk in 3 s?".

    **Edge cases**: only the last timestep counts.

    See Also
    --------
    average_displacement_error : averaged over every timestep.

    Examples
    --------
    >>> final_displacement_error([[0, 0], [1, 0], [2, 0]], [[0, 0], [1, 1], [2, 2]])
    2.0
    """
    distances, multimodal = _displacements(y_true, y_pred)
    fde = distances[..., -1]
    return float(np.mean(fde.min(axis=-1) if multimodal else fde))
