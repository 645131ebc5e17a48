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
    # Graded on these conventions:
    # - MAE = mean(|y_true - y_pred|): sklearn.metrics.mean_absolute_error.
    # - Empty input: raise ValueError, as scikit-learn does.
    # TODO: mean of |y_true - y_pred|.
    raise NotImplementedError


def mse(y_true, y_pred):
    """The same app, scored so that one 30-minute miss hurts more than ten 3-minute
    misses. Return the mean squared error as a float; raise ValueError on empty input.
    """
    # Graded on these conventions:
    # - MSE = mean((y_true - y_pred)^2): sklearn.metrics.mean_squared_error.
    # - Empty input: raise ValueError, as scikit-learn does.
    # TODO: mean of squared errors.
    raise NotImplementedError


def rmse(y_true, y_pred):
    """Report the squared-error score back in minutes. Return the root mean squared
    error as a float; raise ValueError on empty input.
    """
    # Graded on these conventions:
    # - RMSE = sqrt(mean((y_true - y_pred)^2)): sklearn.metrics.root_mean_squared_error.
    # - Divide by n, not n - 1. Empty input: raise ValueError.
    # TODO: square root of what?
    raise NotImplementedError


def r2(y_true, y_pred):
    """How much better is the model than always predicting the average delivery time?
    Return R^2 as a float (sklearn's r2_score). When y_true is constant: 1.0 for a perfect
    prediction, else 0.0. y_true has at least two values.
    """
    # Graded on these conventions:
    # - R^2 = 1 - SS_res / SS_tot, SS_res = sum((y - yhat)^2), SS_tot = sum((y - mean(y))^2).
    # - Constant y_true (SS_tot = 0): 1.0 if the prediction is perfect, else 0.0
    #   (sklearn.metrics.r2_score, force_finite=True).
    # - R^2 can be negative; y_true has at least two values.
    # TODO: 1 - SS_res / SS_tot, with the constant-target case handled.
    raise NotImplementedError


def mape(y_true, y_pred):
    """A demand forecast is judged in relative terms. Return the mean absolute percentage
    error as a fraction (0.1 means 10%), dividing by max(|y_true|, eps) with
    eps = np.finfo(np.float64).eps, as sklearn's mean_absolute_percentage_error does.
    """
    # Graded on these conventions:
    # - MAPE = mean(|y - yhat| / max(|y|, eps)), eps = np.finfo(np.float64).eps:
    #   sklearn.metrics.mean_absolute_percentage_error.
    # - A fraction, not a percentage (0.1 means 10%). A zero target gives a huge, finite term.
    # - Inputs are non-empty.
    # TODO: mean of |y_true - y_pred| / max(|y_true|, eps).
    raise NotImplementedError


def smape(y_true, y_pred):
    """MAPE explodes near zero demand, so the team also reports symmetric MAPE: the mean
    of 2|y - yhat| / (|y| + |yhat|), with 0/0 (both zero) counted as 0. Return a fraction
    in [0, 2] as a float.
    """
    # Graded on these conventions:
    # - sMAPE = mean(2 |y - yhat| / (|y| + |yhat|)), a fraction in [0, 2].
    # - A term with y = yhat = 0 is 0 (a perfect zero forecast), not 0/0.
    # - Not in scikit-learn; this is the common 'M4' definition. Inputs are non-empty.
    # TODO: guard the 0/0 terms before averaging.
    raise NotImplementedError


def huber(y_true, y_pred, delta):
    """Sensor readings have rare wild outliers. Score residuals r quadratically when
    |r| <= delta (0.5 r^2) and linearly beyond (delta * (|r| - delta / 2)). Return the
    mean Huber loss as a float.
    """
    # Graded on these conventions:
    # - Per residual r = y - yhat: 0.5 r^2 if |r| <= delta, else delta (|r| - delta / 2); return the
    #   mean.
    # - The two branches meet (value and slope) at |r| = delta.
    # - Not a scikit-learn metric; torch.nn.HuberLoss(delta=delta) gives the same mean. Inputs are
    #   non-empty.
    # TODO: the two branches must meet smoothly at |r| = delta.
    raise NotImplementedError


def pinball(y_true, y_pred, alpha):
    """A warehouse stocks to the 90th percentile of demand: under-predicting costs more
    than over-predicting. Return the mean pinball (quantile) loss for quantile alpha as a
    float, as sklearn's mean_pinball_loss.
    """
    # Graded on these conventions:
    # - Per sample with d = y - yhat: alpha * d if d >= 0 (under-prediction), (alpha - 1) * d
    #   otherwise.
    # - Return the mean: sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=alpha).
    # - At alpha = 0.5 this is half the MAE. Inputs are non-empty.
    # TODO: alpha * (y - yhat) when under-predicting, (1 - alpha) * (yhat - y) when over.
    raise NotImplementedError


def ade_fde(pred, true):
    """A self-driving stack predicts the next T positions (x, y) of n pedestrians; pred and
    true have shape (n, T, 2). Return (ADE, FDE) as two floats: the mean Euclidean error over
    all steps, and the mean Euclidean error at the final step.
    """
    # Graded on these conventions:
    # - Distance = Euclidean norm of (pred - true) over the last axis, per pedestrian and step.
    # - ADE: mean distance over all pedestrians and steps; FDE: mean over pedestrians of the
    #   distance at the last step.
    # - Return a tuple of two floats. Not in scikit-learn.
    # TODO: Euclidean distance per (pedestrian, step), then two different averages.
    raise NotImplementedError


def adjusted_r2(y_true, y_pred, n_features):
    """A house-price regression fitted with n_features predictors reports its training R^2.
    Charge it for every predictor: return adjusted R^2 as a float; raise ValueError when
    there are not more samples than n_features + 1.
    """
    # Graded on these conventions:
    # - adjusted R^2 = 1 - (1 - R^2) (n - 1) / (n - p - 1), n the number of samples and p =
    #   n_features, the predictors (the intercept is not counted).
    # - R^2 exactly as in the r2 drill (constant y_true: 1.0 for a perfect prediction, else 0.0).
    # - n - p - 1 <= 0 (no residual degrees of freedom): raise ValueError, as
    #   mlmetrics_edu.regression.adjusted_r2_score does. Not in scikit-learn.
    # TODO: R^2 first, then the degrees-of-freedom penalty.
    raise NotImplementedError
