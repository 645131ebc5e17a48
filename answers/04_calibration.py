"""Reference answers for drill set 04 (mirrors drills/04_calibration.py).

log_loss, brier_score and reliability_bins follow scikit-learn (log_loss,
brier_score_loss, calibration_curve with uniform bins). expected_calibration_error
is the binary (positive-class) ECE on those same bins, maximum_calibration_error the
largest gap on them. fit_temperature minimises the NLL, which is convex in 1/T, by
bisection on its derivative. brier_decomposition, platt_scaling and isotonic_fit match
mlmetrics_edu.calibration (brier_decomposition with n_bins=None, PlattScaling,
IsotonicCalibration); isotonic_fit also matches scikit-learn's IsotonicRegression.
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


def maximum_calibration_error(y_true, y_prob, n_bins):
    """A triage model must not be badly miscalibrated in any confidence range. Using the bins
    of reliability_bins, return the largest gap between a bin's fraction of positives and its
    mean probability, as a float.
    """
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_id = np.searchsorted(edges[1:-1], y_prob, side="left")  # the bins of reliability_bins
    count = np.bincount(bin_id, minlength=n_bins)
    positives = np.bincount(bin_id, weights=y_true, minlength=n_bins)
    prob_sum = np.bincount(bin_id, weights=y_prob, minlength=n_bins)
    full = count > 0  # an empty bin has no gap (0/0); np.max would return nan
    gap = np.abs(positives[full] - prob_sum[full]) / count[full]
    return float(gap.max())  # no weights: one lonely bad bin is enough (hence MCE is noisy)


def brier_decomposition(y_true, y_prob):
    """Why is the rain forecaster's Brier score what it is? Split it, grouping the days by
    forecast value, into (reliability, resolution, uncertainty): three floats with
    Brier = reliability - resolution + uncertainty.
    """
    y_true, y_prob = np.asarray(y_true, dtype=float), np.asarray(y_prob, dtype=float)
    n = y_true.size
    forecast, group = np.unique(y_prob, return_inverse=True)  # one group per distinct forecast
    n_k = np.bincount(group)
    observed = np.bincount(group, weights=y_true) / n_k  # how often it rained after each forecast
    base_rate = y_true.mean()
    # Reliability: do the forecasts match what followed them? (lower is better)
    reliability = np.sum(n_k * (forecast - observed) ** 2) / n
    # Resolution: do the groups differ from the climatology? (higher is better)
    resolution = np.sum(n_k * (observed - base_rate) ** 2) / n
    # Uncertainty: how hard the problem is, from the labels alone (a variance, divided by n).
    uncertainty = base_rate * (1 - base_rate)
    return float(reliability), float(resolution), float(uncertainty)


def platt_scaling(scores, y_true):
    """An SVM's scores are not probabilities. On held-out data, fit p = sigmoid(a * score + b)
    by minimising the log loss against Platt's smoothed targets, and return (a, b) as two
    floats.
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y_true) == 1
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    # Platt's targets: a Bayesian prior that keeps even separable data at finite (a, b).
    t = np.where(y, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    # Centre and scale the scores to [-1, 1] for a well-conditioned fit; map back at the end.
    centre = float(np.median(s))
    scale = float(np.max(np.abs(s - centre))) or 1.0
    X = np.column_stack([(s - centre) / scale, np.ones_like(s)])

    def loss(theta):  # the log loss against t, written without overflow
        z = X @ theta
        return np.sum(np.logaddexp(0, z) - t * z)

    theta = np.array([0.0, np.log((n_pos + 1) / (n_neg + 1))])  # a = 0, b = the prior's log-odds
    for _ in range(100):
        p = 0.5 * (1 + np.tanh(0.5 * (X @ theta)))  # sigmoid, stable for any z
        gradient = X.T @ (p - t)
        hessian = X.T @ (X * (p * (1 - p))[:, None])
        step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]  # Newton's step
        current = loss(theta)
        rate = 1.0
        while rate > 1e-12 and loss(theta - rate * step) > current:
            rate /= 2  # backtrack: never accept a step that raises the loss
        theta = theta - rate * step
        if np.max(np.abs(rate * step)) <= 1e-13 * (1 + np.max(np.abs(theta))):
            break  # converged to rounding
    # sigmoid(a' (s - centre) / scale + b') = sigmoid(a s + b)
    a = theta[0] / scale
    b = theta[1] - theta[0] * centre / scale
    return float(a), float(b)


def isotonic_fit(scores, y_true):
    """A gradient-boosted model's scores are miscalibrated in no simple shape. Fit the best
    non-decreasing map from score to probability by pool adjacent violators and return each
    sample's calibrated probability, in the input order, as a float array.
    """
    s, y = np.asarray(scores, dtype=float), np.asarray(y_true, dtype=float)
    # Tied scores are one point: its value is their mean label, its weight their count.
    distinct, group = np.unique(s, return_inverse=True)  # sorted by score; group maps samples back
    weight = np.bincount(group).astype(float)
    value = np.bincount(group, weights=y) / weight
    means, weights, sizes = [], [], []  # a stack of blocks, increasing in mean
    for v, w in zip(value, weight):
        size = 1
        # Pool while the previous block is not below this one; a merge can expose a new
        # violation further back, hence a loop and not a single check.
        while means and means[-1] >= v:
            v = (means[-1] * weights[-1] + v * w) / (weights[-1] + w)
            w += weights.pop()
            size += sizes.pop()
            means.pop()
        means.append(v)
        weights.append(w)
        sizes.append(size)
    fitted = np.repeat(means, sizes)  # one value per distinct score, in score order
    return fitted[group]  # back to the input order
