"""Drill set 05: regression errors, from MAE to quantile and trajectory losses.

Every drill takes NumPy float arrays of the same shape (y_true, y_pred) unless it
says otherwise, and returns a Python float. Empty input raises ValueError, as in
scikit-learn.

    mlmetrics-edu drill check mae
"""

import numpy as np


def mae(y_true, y_pred):
    """A delivery app predicts arrival times in minutes. On average, how many minutes
    off is it? Return the mean absolute error as a float; raise ValueError on empty input.
    """
    # TODO: mean of |y_true - y_pred|.
    raise NotImplementedError


def mse(y_true, y_pred):
    """The same app, scored so that one 30-minute miss hurts more than ten 3-minute
    misses. Return the mean squared error as a float; raise ValueError on empty input.
    """
    # TODO: mean of squared errors.
    raise NotImplementedError


def rmse(y_true, y_pred):
    """Report the squared-error score back in minutes. Return the root mean squared
    error as a float; raise ValueError on empty input.
    """
    # TODO: square root of what?
    raise NotImplementedError


def r2(y_true, y_pred):
    """How much better is the model than always predicting the average delivery time?
    Return R^2 as a float (sklearn's r2_score). When y_true is constant: 1.0 for a perfect
    prediction, else 0.0. y_true has at least two values.
    """
    # TODO: 1 - SS_res / SS_tot, with the constant-target case handled.
    raise NotImplementedError


def mape(y_true, y_pred):
    """A demand forecast is judged in relative terms. Return the mean absolute percentage
    error as a fraction (0.1 means 10%), dividing by max(|y_true|, eps) with
    eps = np.finfo(np.float64).eps, as sklearn's mean_absolute_percentage_error does.
    """
    # TODO: mean of |y_true - y_pred| / max(|y_true|, eps).
    raise NotImplementedError


def smape(y_true, y_pred):
    """MAPE explodes near zero demand, so the team also reports symmetric MAPE: the mean
    of 2|y - yhat| / (|y| + |yhat|), with 0/0 (both zero) counted as 0. Return a fraction
    in [0, 2] as a float.
    """
    # TODO: guard the 0/0 terms before averaging.
    raise NotImplementedError


def huber(y_true, y_pred, delta):
    """Sensor readings have rare wild outliers. Score residuals r quadratically when
    |r| <= delta (0.5 r^2) and linearly beyond (delta * (|r| - delta / 2)). Return the
    mean Huber loss as a float.
    """
    # TODO: the two branches must meet smoothly at |r| = delta.
    raise NotImplementedError


def pinball(y_true, y_pred, alpha):
    """A warehouse stocks to the 90th percentile of demand: under-predicting costs more
    than over-predicting. Return the mean pinball (quantile) loss for quantile alpha as a
    float, as sklearn's mean_pinball_loss.
    """
    # TODO: alpha * (y - yhat) when under-predicting, (1 - alpha) * (yhat - y) when over.
    raise NotImplementedError


def ade_fde(pred, true):
    """A self-driving stack predicts the next T positions (x, y) of n pedestrians; pred and
    true have shape (n, T, 2). Return (ADE, FDE) as two floats: the mean Euclidean error over
    all steps, and the mean Euclidean error at the final step.
    """
    # TODO: Euclidean distance per (pedestrian, step), then two different averages.
    raise NotImplementedError
