"""Drill set 11: forecast metrics past the basics -- MASE, interval coverage, direction.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check mase
    mlmetrics-edu drill watch                       # re-check on every save

Inputs are 1-D NumPy float arrays; series are in time order. Every drill returns Python
floats. `mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def mase(y_true, y_pred, y_train, m):
    """A store forecasts the next weeks of daily sales, which peak every weekend (m = 7). Is the
    forecast better than repeating last season? Return the mean absolute scaled error.
    """
    # Graded on these conventions:
    # - scale = mean(|y_train[t] - y_train[t - m]|) over t = m .. len(y_train) - 1: the in-sample MAE
    #   of the seasonal naive forecast, from the TRAINING series only.
    # - MASE = mean(|y_true - y_pred|) / scale, as a float (Hyndman & Koehler 2006).
    # - len(y_train) > m, and the scale is never 0.
    # TODO: the naive forecast's in-sample error first, then the forecast's MAE over it.
    raise NotImplementedError


def interval_coverage(y_true, lower, upper):
    """A demand model gives an 80% prediction interval [lower, upper] for each day. Does it keep
    its promise, and how wide is it? Return (coverage, mean width).
    """
    # Graded on these conventions:
    # - A value is covered when lower <= y <= upper (both ends inclusive).
    # - Return (coverage, mean width): the fraction of values covered and mean(upper - lower), as two floats.
    # - Inputs are non-empty and lower <= upper everywhere.
    # TODO: a boolean mask of covered values, then two averages.
    raise NotImplementedError


def directional_accuracy(y_true, y_pred):
    """A trading desk acts on one-step-ahead price forecasts. How often does the forecast call the
    direction of the next move right? Return the mean directional accuracy.
    """
    # Graded on these conventions:
    # - For t = 1 .. n - 1: actual move sign(y_true[t] - y_true[t - 1]); predicted move
    #   sign(y_pred[t] - y_true[t - 1]), measured from the last OBSERVED value.
    # - A hit when the two signs are equal (np.sign: a flat step is a hit only if the forecast is flat too).
    # - Return hits / (n - 1) as a float; n >= 2.
    # TODO: two arrays of signs, then the share of steps where they agree.
    raise NotImplementedError
