"""Reference answers for drill set 11 (mirrors drills/11_regression_deep_dive.py).

None of these is in scikit-learn. mase and directional_accuracy follow the package's
mean_absolute_scaled_error and mean_directional_accuracy; interval_coverage is the
empirical coverage and mean width of a prediction interval.
"""

import numpy as np


def mase(y_true, y_pred, y_train, m):
    """A store forecasts the next weeks of daily sales, which peak every weekend (m = 7). Is the
    forecast better than repeating last season? Return the mean absolute scaled error.
    """
    y_true, y_pred, y_train = (np.asarray(v, dtype=float) for v in (y_true, y_pred, y_train))
    # The seasonal naive forecast y_t = y_(t-m), scored IN SAMPLE: the same scale for every model
    # compared, and it never peeks at the test period.
    scale = np.mean(np.abs(y_train[m:] - y_train[:-m]))
    return float(np.mean(np.abs(y_true - y_pred)) / scale)


def interval_coverage(y_true, lower, upper):
    """A demand model gives an 80% prediction interval [lower, upper] for each day. Does it keep
    its promise, and how wide is it? Return (coverage, mean width).
    """
    y_true, lower, upper = (np.asarray(v, dtype=float) for v in (y_true, lower, upper))
    covered = (lower <= y_true) & (y_true <= upper)  # both ends belong to the interval
    # Report both: any coverage is easy with a wide enough interval.
    return float(covered.mean()), float(np.mean(upper - lower))


def directional_accuracy(y_true, y_pred):
    """A trading desk acts on one-step-ahead price forecasts. How often does the forecast call the
    direction of the next move right? Return the mean directional accuracy.
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    actual = np.sign(y_true[1:] - y_true[:-1])
    # The forecast for t is made knowing y_true[t-1]: its move is measured from there.
    predicted = np.sign(y_pred[1:] - y_true[:-1])
    return float(np.mean(actual == predicted))  # n - 1 steps; the first value has no move
