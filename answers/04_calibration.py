"""Reference answers for drill set 04 (mirrors drills/04_calibration.py).

log_loss, brier_score and reliability_bins follow scikit-learn (log_loss,
brier_score_loss, calibration_curve with uniform bins). expected_calibration_error
is the binary (positive-class) ECE on those same bins. fit_temperature minimises the
NLL, which is convex in 1/T, by bisection on its derivative.
"""

import numpy as np


def log_loss(y_true, y_prob):
    """A rain forecaster gives the probability of rain each day. Score it by the mean
    negative log-likelihood of what happened. Clip probabilities to [eps, 1 - eps] with
    eps = np.finfo(float).eps first, as scikit-learn does. Return a float.
    """
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    eps = np.finfo(float).eps
    # Clip each class's probability: a confident miss (p = 0 for an event that happened)
    # costs -log(eps) ~ 36 instead of infinity.
    p_rain = np.clip(y_prob, eps, 1 - eps)
    p_dry = np.clip(1 - y_prob, eps, 1 - eps)
    nll = -np.where(y_true == 1, np.log(p_rain), np.log(p_dry))  # surprise at what happened
    return float(nll.mean())


def brier_score(y_true, y_prob):
    """The same forecaster, scored by the mean squared distance between the forecast
    probability and the outcome (1 rain, 0 dry). Return a float.
    """
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    return float(np.mean((y_prob - y_true) ** 2))  # MSE of the probability: 0 is perfect, 0.25 is "always 50%"


def reliability_bins(y_true, y_prob, n_bins):
    """Draw a reliability diagram: split [0, 1] into n_bins equal bins and, for every
    non-empty bin, return (fraction of positives, mean predicted probability) as two
    float arrays, like sklearn's calibration_curve. A value on an inner edge goes low.
    """
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # searchsorted on the inner edges: p == edge goes to the lower bin, and p = 1.0 lands
    # in the last bin (floor(p * n_bins) would give n_bins, one past the end).
    bin_id = np.searchsorted(edges[1:-1], y_prob, side="left")
    count = np.bincount(bin_id, minlength=n_bins)
    positives = np.bincount(bin_id, weights=y_true, minlength=n_bins)
    prob_sum = np.bincount(bin_id, weights=y_prob, minlength=n_bins)
    full = count > 0  # empty bins have no point on the diagram
    return positives[full] / count[full], prob_sum[full] / count[full]


def expected_calibration_error(y_true, y_prob, n_bins):
    """One number for the reliability diagram: the average gap between the fraction of
    positives and the mean probability in each bin, weighted by the bin's share of the
    samples. Use the bins of reliability_bins. Return a float.
    """
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_id = np.searchsorted(edges[1:-1], y_prob, side="left")  # same bins as the diagram
    count = np.bincount(bin_id, minlength=n_bins)
    positives = np.bincount(bin_id, weights=y_true, minlength=n_bins)
    prob_sum = np.bincount(bin_id, weights=y_prob, minlength=n_bins)
    full = count > 0
    gap = np.abs(positives[full] - prob_sum[full]) / count[full]  # |accuracy - confidence| per bin
    return float(np.sum(count[full] / y_prob.size * gap))  # weighted by each bin's share


def fit_temperature(logits, y_true):
    """A 3-class image classifier is overconfident. Find the temperature T in [0.01, 100]
    that minimises the mean negative log-likelihood of softmax(logits / T) on held-out
    data. logits has shape (n, k), y_true holds class indices. Return T as a float.
    """
    z = np.asarray(logits, dtype=float)
    y = np.asarray(y_true)
    z_true = z[np.arange(len(y)), y]

    # Write b = 1/T. NLL(b) = mean(logsumexp(b z) - b z_true) is convex in b, and its
    # derivative, mean(E_softmax(bz)[z] - z_true), increases with b: bisect for its zero.
    def slope(b):
        s = b * z
        s = s - s.max(axis=1, keepdims=True)  # log-sum-exp trick: no overflow
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        return np.mean(np.sum(p * z, axis=1) - z_true)

    lo, hi = 1 / 100, 1 / 0.01  # b range for T in [0.01, 100]
    if slope(lo) >= 0:
        return 100.0  # NLL already rising at the smallest b: T at its upper bound
    if slope(hi) <= 0:
        return 0.01  # still falling at the largest b: T at its lower bound
    for _ in range(60):  # bisection in log space: 4 decades / 2**60 is far below float precision
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    return float(1 / np.sqrt(lo * hi))
