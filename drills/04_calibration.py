"""Drill set 04: probabilistic predictions and calibration.

A model that says "70%" should be right about 70% of the time. These drills score
probabilities (log loss, Brier and its decomposition), draw the reliability
diagram's bins, summarise miscalibration (ECE, MCE) and fix it (temperature
scaling, Platt scaling, isotonic regression). Labels are 0/1 NumPy arrays; y_prob
is the predicted probability of class 1.

    mlmetrics-edu drill check log-loss
"""

import numpy as np


def log_loss(y_true, y_prob):
    """A rain forecaster gives the probability of rain each day. Score it by the mean
    negative log-likelihood of what happened. Clip probabilities to [eps, 1 - eps] with
    eps = np.finfo(float).eps first, as scikit-learn does. Return a float.
    """
    # Graded on these conventions:
    # - log loss = -mean(y log p + (1 - y) log(1 - p)), natural log.
    # - Clip p and 1 - p to [eps, 1 - eps], eps = np.finfo(float).eps, as sklearn.metrics.log_loss
    #   does (since version 1.2; it used a fixed 1e-15 before): a confident miss costs about 36, not
    #   infinity.
    # - Inputs are non-empty; y_prob is the probability of class 1.
    # TODO: -log(p) on rainy days, -log(1 - p) on dry days, averaged.
    raise NotImplementedError


def brier_score(y_true, y_prob):
    """The same forecaster, scored by the mean squared distance between the forecast
    probability and the outcome (1 rain, 0 dry). Return a float.
    """
    # Graded on these conventions:
    # - Brier = mean((p - y)^2), p the probability of class 1: sklearn.metrics.brier_score_loss.
    # - 0 is perfect; always forecasting 0.5 scores 0.25. Inputs are non-empty.
    # TODO: one line of NumPy.
    raise NotImplementedError


def reliability_bins(y_true, y_prob, n_bins):
    """Draw a reliability diagram: split [0, 1] into n_bins equal bins and, for every
    non-empty bin, return (fraction of positives, mean predicted probability) as two
    float arrays, like sklearn's calibration_curve. A value on an inner edge goes low.
    """
    # Graded on these conventions:
    # - n_bins equal-width bins on [0, 1]; a probability exactly on an inner edge belongs to the
    #   lower bin, 0.0 to the first bin and 1.0 to the last.
    # - Return only non-empty bins, in increasing order: (fraction of positives, mean predicted
    #   probability), as sklearn.calibration.calibration_curve(y_true, y_prob, n_bins=n_bins).
    # - Inputs are non-empty.
    # TODO: assign each probability to a bin, then average labels and probabilities per bin.
    raise NotImplementedError


def expected_calibration_error(y_true, y_prob, n_bins):
    """One number for the reliability diagram: the average gap between the fraction of
    positives and the mean probability in each bin, weighted by the bin's share of the
    samples. Use the bins of reliability_bins. Return a float.
    """
    # Graded on these conventions:
    # - Bins exactly as in reliability-bins (equal width; inner edges go to the lower bin).
    # - ECE = sum over non-empty bins b of (n_b / n) * |fraction of positives_b - mean
    #   probability_b|.
    # - The binary (positive-class) ECE; not in scikit-learn. Inputs are non-empty.
    # TODO: ECE = sum over non-empty bins of (n_b / n) * |fraction_b - confidence_b|.
    raise NotImplementedError


def fit_temperature(logits, y_true):
    """A 3-class image classifier is overconfident. Find the temperature T in [0.01, 100]
    that minimises the mean negative log-likelihood of softmax(logits / T) on held-out
    data. logits has shape (n, k), y_true holds class indices. Return T as a float.
    """
    # Graded on these conventions:
    # - Minimise NLL(T) = mean(logsumexp(z / T) - z_true / T) over T in [0.01, 100]; return the
    #   bound when the optimum lies beyond it.
    # - Use log-sum-exp (subtract each row's max) so large logits do not overflow.
    # - Tolerance: relative 2e-3 (any 1-D optimiser that converges is fine). Not in scikit-learn.
    # TODO: write the NLL as a function of T (use log-sum-exp), then minimise it in one dimension.
    raise NotImplementedError


def maximum_calibration_error(y_true, y_prob, n_bins):
    """A triage model must not be badly miscalibrated in any confidence range. Using the bins
    of reliability_bins, return the largest gap between a bin's fraction of positives and its
    mean probability, as a float.
    """
    # Graded on these conventions:
    # - Bins exactly as in reliability-bins (equal width; inner edges go to the lower bin).
    # - MCE = the largest |fraction of positives_b - mean probability_b| over the non-empty bins;
    #   empty bins are skipped, and the bin sizes play no part.
    # - The binary (positive-class) MCE, as mlmetrics_edu.calibration.maximum_calibration_error;
    #   not in scikit-learn. Inputs are non-empty.
    # TODO: the gap of every non-empty bin, then the largest.
    raise NotImplementedError


def brier_decomposition(y_true, y_prob):
    """Why is the rain forecaster's Brier score what it is? Split it, grouping the days by
    forecast value, into (reliability, resolution, uncertainty): three floats with
    Brier = reliability - resolution + uncertainty.
    """
    # Graded on these conventions:
    # - Group the samples by distinct forecast value f_k (n_k samples, observed frequency o_k of
    #   positives); base rate = mean(y_true), n = number of samples.
    # - reliability = sum_k n_k (f_k - o_k)^2 / n; resolution = sum_k n_k (o_k - base rate)^2 / n;
    #   uncertainty = base rate * (1 - base rate).
    # - Then Brier = reliability - resolution + uncertainty exactly (Murphy, 1973), as
    #   mlmetrics_edu.calibration.brier_decomposition(y_true, y_prob) with n_bins=None. Return a
    #   tuple of three floats. Inputs are non-empty.
    # TODO: group by forecast value, then the three weighted sums.
    raise NotImplementedError


def platt_scaling(scores, y_true):
    """An SVM's scores are not probabilities. On held-out data, fit p = sigmoid(a * score + b)
    by minimising the log loss against Platt's smoothed targets, and return (a, b) as two
    floats.
    """
    # Graded on these conventions:
    # - Fit p = sigmoid(a * score + b) by minimising the log loss against Platt's targets:
    #   (N+ + 1) / (N+ + 2) for each positive and 1 / (N- + 2) for each negative (N+ and N- count
    #   the two classes).
    # - Return (a, b) as two floats. Tolerance: relative 1e-6, absolute 1e-8, against
    #   mlmetrics_edu.calibration.PlattScaling (Newton's method converges well within it).
    # - scikit-learn's sigmoid calibration writes 1 / (1 + exp(A * score + B)): its (A, B) is
    #   (-a, -b) here. Scores are not all equal; one class in y_true is allowed.
    # TODO: the targets, then Newton's method (or gradient descent) on the log loss in (a, b).
    raise NotImplementedError


def isotonic_fit(scores, y_true):
    """A gradient-boosted model's scores are miscalibrated in no simple shape. Fit the best
    non-decreasing map from score to probability by pool adjacent violators and return each
    sample's calibrated probability, in the input order, as a float array.
    """
    # Graded on these conventions:
    # - Fit the non-decreasing function of the score closest to the labels in squared error: sort
    #   by score and pool adjacent violators (a block whose mean is not below the next block's is
    #   merged into one block holding their weighted mean, repeated backwards until the means
    #   increase).
    # - Tied scores are one point: pool them first (their mean label, weighted by their count), so
    #   they get the same value, as sklearn.isotonic.IsotonicRegression and
    #   mlmetrics_edu.calibration.IsotonicCalibration do.
    # - Return the fitted probability of every sample, in the input order, as a float array. Labels
    #   are 0/1; inputs are non-empty.
    # TODO: one point per distinct score, a stack of blocks, merge while the order is violated.
    raise NotImplementedError
