"""Drill set 04: probabilistic predictions and calibration.

A model that says "70%" should be right about 70% of the time. These drills score
probabilities (log loss, Brier), draw the reliability diagram's bins, summarise
miscalibration (ECE) and fix it with one parameter (temperature scaling). Labels
are 0/1 NumPy arrays; y_prob is the predicted probability of class 1.

    mlmetrics-edu drill check log-loss
"""

import numpy as np


def log_loss(y_true, y_prob):
    """A rain forecaster gives the probability of rain each day. Score it by the mean
    negative log-likelihood of what happened. Clip probabilities to [eps, 1 - eps] with
    eps = np.finfo(float).eps first, as scikit-learn does. Return a float.
    """
    # TODO: -log(p) on rainy days, -log(1 - p) on dry days, averaged.
    raise NotImplementedError


def brier_score(y_true, y_prob):
    """The same forecaster, scored by the mean squared distance between the forecast
    probability and the outcome (1 rain, 0 dry). Return a float.
    """
    # TODO: one line of NumPy.
    raise NotImplementedError


def reliability_bins(y_true, y_prob, n_bins):
    """Draw a reliability diagram: split [0, 1] into n_bins equal bins and, for every
    non-empty bin, return (fraction of positives, mean predicted probability) as two
    float arrays, like sklearn's calibration_curve. A value on an inner edge goes low.
    """
    # TODO: assign each probability to a bin, then average labels and probabilities per bin.
    raise NotImplementedError


def expected_calibration_error(y_true, y_prob, n_bins):
    """One number for the reliability diagram: the average gap between the fraction of
    positives and the mean probability in each bin, weighted by the bin's share of the
    samples. Use the bins of reliability_bins. Return a float.
    """
    # TODO: ECE = sum over non-empty bins of (n_b / n) * |fraction_b - confidence_b|.
    raise NotImplementedError


def fit_temperature(logits, y_true):
    """A 3-class image classifier is overconfident. Find the temperature T in [0.01, 100]
    that minimises the mean negative log-likelihood of softmax(logits / T) on held-out
    data. logits has shape (n, k), y_true holds class indices. Return T as a float.
    """
    # TODO: write the NLL as a function of T (use log-sum-exp), then minimise it in one dimension.
    raise NotImplementedError
