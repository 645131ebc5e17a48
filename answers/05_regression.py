"""Reference answers for drill set 05 (mirrors drills/05_regression.py).

mae, mse, rmse, r2, mape and pinball follow scikit-learn (mean_absolute_error,
mean_squared_error, root_mean_squared_error, r2_score with force_finite=True,
mean_absolute_percentage_error, mean_pinball_loss). smape, huber, ade_fde and
adjusted_r2 are not in scikit-learn; their conventions are stated in the stubs
(adjusted_r2 matches mlmetrics_edu.regression.adjusted_r2_score).
"""

import numpy as np


def mae(y_true, y_pred):
    """A delivery app predicts arrival times in minutes. On average, how many minutes
    off is it? Return the mean absolute error as a float; raise ValueError on empty input.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.size == 0:
        raise ValueError("no samples")  # the mean of nothing is undefined
    return float(np.mean(np.abs(y_true - y_pred)))  # in the target's units: minutes


def mse(y_true, y_pred):
    """The same app, scored so that one 30-minute miss hurts more than ten 3-minute
    misses. Return the mean squared error as a float; raise ValueError on empty input.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.size == 0:
        raise ValueError("no samples")
    return float(np.mean((y_true - y_pred) ** 2))  # squaring makes big misses dominate


def rmse(y_true, y_pred):
    """Report the squared-error score back in minutes. Return the root mean squared
    error as a float; raise ValueError on empty input.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.size == 0:
        raise ValueError("no samples")
    # The root of the *mean*: averaging per-sample roots would just give MAE.
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))


def r2(y_true, y_pred):
    """How much better is the model than always predicting the average delivery time?
    Return R^2 as a float (sklearn's r2_score). When y_true is constant: 1.0 for a perfect
    prediction, else 0.0. y_true has at least two values.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    ss_res = np.sum((y_true - y_pred) ** 2)  # the model's squared error
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)  # the squared error of predicting the mean
    if ss_tot == 0:
        # A constant target: 0/0 or x/0. scikit-learn (force_finite=True) answers 1.0 when
        # the prediction is perfect and 0.0 otherwise, instead of nan or -inf.
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)  # can be negative: worse than the mean


def mape(y_true, y_pred):
    """A demand forecast is judged in relative terms. Return the mean absolute percentage
    error as a fraction (0.1 means 10%), dividing by max(|y_true|, eps) with
    eps = np.finfo(np.float64).eps, as sklearn's mean_absolute_percentage_error does.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    eps = np.finfo(np.float64).eps
    # eps keeps y_true = 0 from dividing by zero, but the term is then astronomically
    # large: MAPE is unusable near zero targets, which is the interview point.
    return float(np.mean(np.abs(y_true - y_pred) / np.maximum(np.abs(y_true), eps)))


def smape(y_true, y_pred):
    """MAPE explodes near zero demand, so the team also reports symmetric MAPE: the mean
    of 2|y - yhat| / (|y| + |yhat|), with 0/0 (both zero) counted as 0. Return a fraction
    in [0, 2] as a float.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    num = 2 * np.abs(y_true - y_pred)
    den = np.abs(y_true) + np.abs(y_pred)
    # Both zero: a perfect prediction of zero, so its term is 0 rather than 0/0.
    terms = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return float(np.mean(terms))


def huber(y_true, y_pred, delta):
    """Sensor readings have rare wild outliers. Score residuals r quadratically when
    |r| <= delta (0.5 r^2) and linearly beyond (delta * (|r| - delta / 2)). Return the
    mean Huber loss as a float.
    """
    r = np.abs(np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float))
    quadratic = 0.5 * r**2  # small residuals: like MSE / 2
    linear = delta * (r - 0.5 * delta)  # large ones: like MAE, shifted to meet the parabola
    return float(np.mean(np.where(r <= delta, quadratic, linear)))


def pinball(y_true, y_pred, alpha):
    """A warehouse stocks to the 90th percentile of demand: under-predicting costs more
    than over-predicting. Return the mean pinball (quantile) loss for quantile alpha as a
    float, as sklearn's mean_pinball_loss.
    """
    diff = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    # diff > 0: we predicted too little (weight alpha); diff < 0: too much (weight 1 - alpha).
    loss = np.where(diff >= 0, alpha * diff, (alpha - 1) * diff)
    return float(np.mean(loss))


def ade_fde(pred, true):
    """A self-driving stack predicts the next T positions (x, y) of n pedestrians; pred and
    true have shape (n, T, 2). Return (ADE, FDE) as two floats: the mean Euclidean error over
    all steps, and the mean Euclidean error at the final step.
    """
    pred, true = np.asarray(pred, dtype=float), np.asarray(true, dtype=float)
    dist = np.linalg.norm(pred - true, axis=-1)  # (n, T): metres off at each step
    ade = dist.mean()  # averaged over pedestrians and steps
    fde = dist[:, -1].mean()  # only where each pedestrian ends up
    return float(ade), float(fde)


def adjusted_r2(y_true, y_pred, n_features):
    """A house-price regression fitted with n_features predictors reports its training R^2.
    Charge it for every predictor: return adjusted R^2 as a float; raise ValueError when
    there are not more samples than n_features + 1.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    n, p = y_true.size, n_features
    if n - p - 1 <= 0:
        raise ValueError(f"need more than n_features + 1 = {p + 1} samples, got {n}")  # no residual df
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        r2 = 1.0 if ss_res == 0 else 0.0  # constant target: scikit-learn's force_finite answer
    else:
        r2 = 1 - ss_res / ss_tot
    # Unexplained share, per residual degree of freedom (n - p - 1: p slopes and an intercept),
    # against the total's n - 1: every extra predictor must earn its keep.
    return float(1 - (1 - r2) * (n - 1) / (n - p - 1))
