"""Specs for drill set 04: log loss, Brier score, reliability bins, ECE, temperature."""

import numpy as np

from mlmetrics_edu.drill.cases import binary_labels, call, probabilities
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong

TITLE = "Calibration and probabilistic scores"

a = np.array


def _case(rng):
    y_true = binary_labels(rng)
    return y_true, probabilities(rng, y_true)


def _shuffled(make):
    def shuffled(rng):
        c = make(rng)
        args = list(c.args) if hasattr(c, "args") else list(c)
        order = rng.permutation(args[0].shape[0])
        return [call(*args, **getattr(c, "kwargs", {})),
                call(args[0][order], args[1][order], *args[2:], **getattr(c, "kwargs", {}))]
    return shuffled


def _same(what):
    return lambda outs, calls: all_same(outs, what=what)


# --- 1. log loss -------------------------------------------------------------------------


def _ll_unclipped(y_true, y_prob):
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.where(y_true == 1, np.log(y_prob), np.log(1 - y_prob))))


def _ll_ignores_labels(y_true, y_prob):
    eps = np.finfo(float).eps
    return float(-np.mean(np.log(np.clip(y_prob, eps, 1 - eps))))


def _ll_log2(y_true, y_prob):
    eps = np.finfo(float).eps
    p, q = np.clip(y_prob, eps, 1 - eps), np.clip(1 - y_prob, eps, 1 - eps)
    return float(-np.mean(np.where(y_true == 1, np.log2(p), np.log2(q))))


def _ll_sum(y_true, y_prob):
    eps = np.finfo(float).eps
    p, q = np.clip(y_prob, eps, 1 - eps), np.clip(1 - y_prob, eps, 1 - eps)
    return float(-np.sum(np.where(y_true == 1, np.log(p), np.log(q))))


LOG_LOSS = Drill(
    id="log-loss",
    title="Log loss (binary cross-entropy)",
    function="log_loss",
    signature="log_loss(y_true, y_prob) -> float",
    conventions=(
        "log loss = -mean(y log p + (1 - y) log(1 - p)), natural log.",
        "Clip p and 1 - p to [eps, 1 - eps], eps = np.finfo(float).eps, as sklearn.metrics.log_loss does: "
        "a confident miss costs about 36, not infinity.",
        "Inputs are non-empty; y_prob is the probability of class 1.",
    ),
    returns="float",
    hints=(
        "If the forecast said p = 0.9 and it stayed dry, what probability did it give to what happened?",
        "Per day the loss is -log(p) if it rained and -log(1 - p) if not; average over days. What happens "
        "at p = 0 on a rainy day?",
        "eps = np.finfo(float).eps; p = np.clip(y_prob, eps, 1 - eps); q = np.clip(1 - y_prob, eps, 1 - eps); "
        "return float(-np.mean(np.where(y_true == 1, np.log(p), np.log(q)))).",
    ),
    edges=(
        Edge("coin-flip", "always 50%: log loss is log 2", (a([1, 0, 1, 0]), a([0.5, 0.5, 0.5, 0.5]))),
        Edge("confident-miss", "p = 0 on a rainy day: clipping keeps the loss finite (-log eps)",
             (a([1, 0]), a([0.0, 0.1]))),
        Edge("confident-hit", "p = 1 on a rainy day costs (almost) nothing", (a([1, 1]), a([1.0, 0.8]))),
        Edge("asymmetric", "the loss uses 1 - p on dry days", (a([0, 0, 1]), a([0.9, 0.2, 0.6]))),
    ),
    random=Random(_case),
    props=(
        Prop("label-flip", "swapping the classes (1 - y, 1 - p) describes the same forecasts",
             lambda rng: (lambda y, p: [(y, p), (1 - y, 1 - p)])(*_case(rng)),
             lambda outs, calls: all_same(outs, Tol(rtol=1e-9, atol=1e-9), what="losses before and after "
                                          "swapping the classes")),
        Prop("shuffle-invariant", "the order of the days does not matter", _shuffled(_case),
             _same("losses before and after shuffling")),
    ),
    wrongs=(
        Wrong("no-clipping", "you took log(0) on a confident miss; clip probabilities to [eps, 1 - eps] first",
              _ll_unclipped),
        Wrong("ignores-labels", "you scored -log(p) on every day; on dry days the forecast's probability of "
              "what happened is 1 - p", _ll_ignores_labels),
        Wrong("log-base-2", "you used log2; log loss uses the natural logarithm", _ll_log2),
        Wrong("sum-not-mean", "you summed the losses; log loss is their mean", _ll_sum),
    ),
)

# --- 2. Brier score -----------------------------------------------------------------------


def _brier_root(y_true, y_prob):
    return float(np.sqrt(np.mean((y_prob - y_true) ** 2)))


def _brier_thresholded(y_true, y_prob):
    return float(np.mean(((y_prob >= 0.5).astype(float) - y_true) ** 2))


def _brier_wrong_class(y_true, y_prob):
    return float(np.mean((1 - y_prob - y_true) ** 2))


def _brier_absolute(y_true, y_prob):
    return float(np.mean(np.abs(y_prob - y_true)))


BRIER = Drill(
    id="brier",
    title="Brier score",
    function="brier_score",
    signature="brier_score(y_true, y_prob) -> float",
    conventions=(
        "Brier = mean((p - y)^2), p the probability of class 1: sklearn.metrics.brier_score_loss.",
        "0 is perfect; always forecasting 0.5 scores 0.25. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "It is a mean squared error. Between which two numbers, for each day?",
        "The forecast probability p and the outcome y in {0, 1}; no thresholding, no square root.",
        "return float(np.mean((y_prob - y_true) ** 2)).",
    ),
    edges=(
        Edge("coin-flip", "always 0.5 scores exactly 0.25", (a([1, 0, 1]), a([0.5, 0.5, 0.5]))),
        Edge("perfect", "certain and right: 0.0", (a([1, 0]), a([1.0, 0.0]))),
        Edge("confident-wrong", "certain and wrong: 1.0 per day", (a([1, 0]), a([0.0, 1.0]))),
        Edge("graded", "a 0.7 forecast and a 0.4 forecast are not thresholded",
             (a([1, 0, 1]), a([0.7, 0.4, 0.45]))),
    ),
    random=Random(_case),
    props=(
        Prop("label-flip", "swapping the classes (1 - y, 1 - p) leaves every squared error the same",
             lambda rng: (lambda y, p: [(y, p), (1 - y, 1 - p)])(*_case(rng)),
             lambda outs, calls: all_same(outs, Tol(rtol=1e-9, atol=1e-12),
                                          what="scores before and after swapping the classes")),
        Prop("shuffle-invariant", "the order of the days does not matter", _shuffled(_case),
             _same("scores before and after shuffling")),
    ),
    wrongs=(
        Wrong("square-root", "you took the square root; the Brier score is the mean squared error itself",
              _brier_root),
        Wrong("thresholded", "you thresholded the probabilities at 0.5 first; Brier scores the "
              "probabilities themselves", _brier_thresholded),
        Wrong("wrong-class", "you compared y with the probability of class 0 (1 - p)", _brier_wrong_class),
        Wrong("absolute-error", "you averaged absolute errors; Brier squares them", _brier_absolute),
    ),
)

# --- 3. reliability bins and 4. ECE --------------------------------------------------------


def _bins(y_prob, n_bins, floor=False):
    if floor:
        return np.minimum((y_prob * n_bins).astype(int), n_bins - 1)
    return np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob, side="left")


def _bin_stats(y_true, y_prob, n_bins, floor=False):
    ids = _bins(y_prob, n_bins, floor)
    count = np.bincount(ids, minlength=n_bins)
    pos = np.bincount(ids, weights=y_true, minlength=n_bins)
    prob = np.bincount(ids, weights=y_prob, minlength=n_bins)
    return count, pos, prob


def _rb_floor(y_true, y_prob, n_bins):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins, floor=True)
    full = count > 0
    return pos[full] / count[full], prob[full] / count[full]


def _rb_keeps_empty(y_true, y_prob, n_bins):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins)
    with np.errstate(invalid="ignore"):
        return pos / count, prob / count


def _rb_swapped(y_true, y_prob, n_bins):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins)
    full = count > 0
    return prob[full] / count[full], pos[full] / count[full]


def _rb_centres(y_true, y_prob, n_bins):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins)
    full = count > 0
    centres = (np.arange(n_bins) + 0.5) / n_bins
    return pos[full] / count[full], centres[full]


def _bins_case(rng):
    y_true, y_prob = _case(rng)
    if rng.random() < 0.3:  # some probabilities exactly on bin edges
        n_bins = int(rng.choice([2, 4, 8]))
        y_prob = np.where(rng.random(y_prob.size) < 0.3, rng.integers(0, n_bins + 1, y_prob.size) / n_bins, y_prob)
    else:
        n_bins = int(rng.choice([3, 5, 10, 15]))
    return call(y_true, y_prob, n_bins=n_bins)


def _calibrated(rng):
    """Data whose every bin holds one probability v and exactly a fraction v of positives."""
    n_bins = int(rng.choice([5, 10]))
    chosen = rng.choice(n_bins, size=int(rng.integers(1, n_bins)), replace=False)
    ys, ps = [], []
    for b in chosen:
        v = (b + 0.5) / n_bins
        m = 20 * int(rng.integers(1, 4))
        k = int(round(v * m))
        ys.append(np.r_[np.ones(k, dtype=np.int64), np.zeros(m - k, dtype=np.int64)])
        ps.append(np.full(m, v))
    order = rng.permutation(sum(len(y) for y in ys))
    return call(np.concatenate(ys)[order], np.concatenate(ps)[order], n_bins=n_bins)


def _diagonal(outs, calls):
    frac, conf = outs[0]
    problem = mismatch(np.asarray(conf, float), np.asarray(frac, float), Tol(rtol=1e-9, atol=1e-9))
    return None if problem is None else "on perfectly calibrated data every point lies on the diagonal: " + problem


RELIABILITY_BINS = Drill(
    id="reliability-bins",
    title="Reliability diagram bins",
    function="reliability_bins",
    signature="reliability_bins(y_true, y_prob, n_bins) -> (fraction_of_positives, mean_predicted)",
    conventions=(
        "n_bins equal-width bins on [0, 1]; a probability exactly on an inner edge belongs to the lower "
        "bin, 0.0 to the first bin and 1.0 to the last.",
        "Return only non-empty bins, in increasing order: (fraction of positives, mean predicted "
        "probability), as sklearn.calibration.calibration_curve(y_true, y_prob, n_bins=n_bins).",
        "Inputs are non-empty.",
    ),
    returns="tuple of 2 float arrays of equal length",
    names=("fraction_of_positives", "mean_predicted"),
    hints=(
        "Which bin does p = 0.5 go to when n_bins = 2, and which bin does p = 1.0 go to?",
        "np.searchsorted(edges[1:-1], y_prob, side='left') gives bin ids with edges going low; np.bincount "
        "with weights sums labels and probabilities per bin.",
        "ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob); n = np.bincount(ids, "
        "minlength=n_bins); keep = n > 0; return (np.bincount(ids, y_true, n_bins)[keep] / n[keep], "
        "np.bincount(ids, y_prob, n_bins)[keep] / n[keep]).",
    ),
    edges=(
        Edge("on-an-edge", "0.5 with two bins belongs to the lower bin", (a([1, 0, 1]), a([0.5, 0.2, 0.9])),
             {"n_bins": 2}),
        Edge("probability-one", "1.0 belongs to the last bin, not one past it", (a([1, 1, 0]), a([1.0, 0.95, 0.1])),
             {"n_bins": 10}),
        Edge("empty-bins", "bins without samples are dropped", (a([1, 0, 1, 0]), a([0.05, 0.1, 0.92, 0.97])),
             {"n_bins": 5}),
        Edge("mean-not-centre", "the x coordinate is the mean probability in the bin, not its centre",
             (a([1, 0, 0]), a([0.61, 0.62, 0.69])), {"n_bins": 5}),
    ),
    random=Random(_bins_case, n=30),
    props=(
        Prop("calibrated-diagonal", "on perfectly calibrated data, fraction of positives = mean probability",
             lambda rng: [_calibrated(rng)], _diagonal),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled(_bins_case),
             _same("bins before and after shuffling")),
    ),
    wrongs=(
        Wrong("floor-binning", "you binned with floor(p * n_bins): a probability on an inner edge goes to "
              "the upper bin, but the convention (scikit-learn's) is the lower", _rb_floor),
        Wrong("keeps-empty-bins", "you kept empty bins (as nan); return only the non-empty ones",
              _rb_keeps_empty),
        Wrong("swapped-outputs", "you returned (mean predicted, fraction positive); the order is "
              "(fraction of positives, mean predicted probability)", _rb_swapped),
        Wrong("bin-centres", "you used each bin's centre; use the mean predicted probability of its "
              "samples", _rb_centres),
    ),
)


def _ece(y_true, y_prob, n_bins, how="weighted", floor=False):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins, floor)
    full = count > 0
    gap = np.abs(pos[full] - prob[full]) / count[full]
    if how == "max":
        return float(gap.max())
    if how == "mean":
        return float(gap.mean())
    if how == "squared":
        return float(np.sum(count[full] / y_prob.size * gap**2))
    return float(np.sum(count[full] / y_prob.size * gap))


def _ece_unweighted(y_true, y_prob, n_bins):
    return _ece(y_true, y_prob, n_bins, "mean")


def _ece_max(y_true, y_prob, n_bins):
    return _ece(y_true, y_prob, n_bins, "max")


def _ece_squared(y_true, y_prob, n_bins):
    return _ece(y_true, y_prob, n_bins, "squared")


def _ece_floor(y_true, y_prob, n_bins):
    return _ece(y_true, y_prob, n_bins, floor=True)


def _ece_zero(outs, calls):
    return None if abs(float(outs[0])) <= 1e-9 else f"ECE of perfectly calibrated bins should be 0, got {outs[0]!r}"


ECE = Drill(
    id="ece",
    title="Expected calibration error",
    function="expected_calibration_error",
    signature="expected_calibration_error(y_true, y_prob, n_bins) -> float",
    conventions=(
        "Bins exactly as in reliability-bins (equal width; inner edges go to the lower bin).",
        "ECE = sum over non-empty bins b of (n_b / n) * |fraction of positives_b - mean probability_b|.",
        "The binary (positive-class) ECE; not in scikit-learn. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "Should a bin holding two samples count as much as a bin holding two hundred?",
        "Compute each non-empty bin's gap |fraction of positives - mean probability| (as in reliability-bins), "
        "then weight each gap by the bin's share n_b / n.",
        "ids, n, positives, prob_sum per bin as in reliability-bins; keep = n > 0; return "
        "float(np.sum(n[keep] / len(y_prob) * np.abs(positives[keep] - prob_sum[keep]) / n[keep])).",
    ),
    edges=(
        Edge("calibrated", "0.25 forecasts with 1 positive in 4: ECE 0", (a([1, 0, 0, 0]), a([0.25] * 4)),
             {"n_bins": 10}),
        Edge("unequal-bins", "a crowded bin must outweigh a lonely one",
             (a([1, 1, 1, 0, 0]), a([0.9, 0.9, 0.9, 0.9, 0.1])), {"n_bins": 5}),
        Edge("on-an-edge", "0.5 with two bins belongs to the lower bin",
             (a([1, 0, 1, 1]), a([0.5, 0.3, 0.5, 0.9])), {"n_bins": 2}),
        Edge("overconfident", "always 0.99 but right half the time: ECE 0.49",
             (a([1, 0, 1, 0]), a([0.99, 0.99, 0.99, 0.99])), {"n_bins": 10}),
    ),
    random=Random(_bins_case, n=30),
    props=(
        Prop("calibrated-is-zero", "ECE is 0 on perfectly calibrated bins", lambda rng: [_calibrated(rng)],
             _ece_zero),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled(_bins_case),
             _same("ECE before and after shuffling")),
    ),
    wrongs=(
        Wrong("unweighted-bins", "you averaged the bins' gaps equally; weight each by its share of the "
              "samples", _ece_unweighted),
        Wrong("max-gap", "you took the largest gap: that is the maximum calibration error (MCE)", _ece_max),
        Wrong("squared-gaps", "you squared the gaps; ECE averages their absolute values", _ece_squared),
        Wrong("floor-binning", "you binned with floor(p * n_bins), which sends probabilities on an edge to "
              "the upper bin; use the lower, as in reliability-bins", _ece_floor),
    ),
)

# --- 5. temperature scaling ----------------------------------------------------------------


def _softmax(s):
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(axis=1, keepdims=True)


def _golden(f, lo=np.log(0.01), hi=np.log(100.0)):
    """Minimise f over log T on a grid, then refine by golden-section search."""
    grid = np.linspace(lo, hi, 161)
    i = int(np.argmin([f(g) for g in grid]))
    a_, b_ = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    r = (np.sqrt(5) - 1) / 2
    for _ in range(50):
        c, d = b_ - r * (b_ - a_), a_ + r * (b_ - a_)
        a_, b_ = (a_, d) if f(c) < f(d) else (c, b_)
    return float(np.exp((a_ + b_) / 2))


def _nll(z, y, scale):
    s = z * scale
    s = s - s.max(axis=1, keepdims=True)
    return np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(y)), y])


def _temp_multiplied(logits, y_true):
    return _golden(lambda g: _nll(logits, y_true, np.exp(g)))


def _temp_by_accuracy(logits, y_true):
    return 1.0


def _temp_brier(logits, y_true):
    onehot = np.eye(logits.shape[1])[y_true]
    return _golden(lambda g: np.mean(np.sum((_softmax(logits / np.exp(g)) - onehot) ** 2, axis=1)))


def _temp_case(rng, n=None, k=None, temperature=None):
    n = n or int(rng.integers(30, 150))
    k = k or int(rng.integers(2, 6))
    temperature = temperature or float(rng.choice([0.4, 0.7, 1.5, 2.5, 4.0]))
    logits = np.round(rng.normal(size=(n, k)) * rng.uniform(1, 4), 3)
    p = _softmax(logits / temperature)
    y = (p.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    return logits, y.astype(np.int64)


def _temp_scaled(rng):
    logits, y = _temp_case(rng, temperature=1.5)
    c = float(rng.choice([2.0, 0.5, 3.0]))
    return [(logits, y), (logits * c, y)]


def _temp_scales(outs, calls):
    c = calls[1].args[0][0, 0] / calls[0].args[0][0, 0] if calls[0].args[0][0, 0] else 1.0
    problem = mismatch(float(outs[0]) * c, outs[1], Tol(rtol=2e-3, atol=1e-6))
    return None if problem is None else f"scaling the logits by {c:g} should scale T by {c:g}: {problem}"


def _temp_shifted(rng):
    logits, y = _temp_case(rng)
    return [(logits, y), (logits + rng.normal(size=(logits.shape[0], 1)) * 5, y)]


_rng = np.random.default_rng(20240531)  # fixed inputs for the edge cases below
_OVER = _temp_case(_rng, n=120, k=3, temperature=2.5)
_UNDER = _temp_case(_rng, n=120, k=3, temperature=0.5)
_TWO = _temp_case(_rng, n=80, k=2, temperature=1.5)

TEMPERATURE = Drill(
    id="temperature",
    title="Fitting a temperature (temperature scaling)",
    function="fit_temperature",
    signature="fit_temperature(logits, y_true) -> float",
    conventions=(
        "Minimise NLL(T) = mean(logsumexp(z / T) - z_true / T) over T in [0.01, 100]; return the bound "
        "when the optimum lies beyond it.",
        "Use log-sum-exp (subtract each row's max) so large logits do not overflow.",
        "Tolerance: relative 2e-3 (any 1-D optimiser that converges is fine). Not in scikit-learn.",
    ),
    returns="float",
    tol=Tol(rtol=2e-3, atol=1e-6),
    hints=(
        "Which loss does temperature scaling minimise, and can T change which class is predicted?",
        "The NLL is a smooth function of one number. In b = 1/T it is convex: a fine log-spaced grid plus "
        "golden-section refinement, or bisection on the derivative, both work.",
        "nll(T) = np.mean(logsumexp(logits / T, axis=1) - logits[np.arange(n), y_true] / T); search log T on "
        "np.linspace(np.log(0.01), np.log(100), 801), then refine around the best grid point.",
    ),
    edges=(
        Edge("overconfident", "logits too sharp: the fitted T is above 1", _OVER),
        Edge("underconfident", "logits too flat: the fitted T is below 1", _UNDER),
        Edge("two-classes", "works for binary logits too", _TWO),
        Edge("always-wrong", "confidently wrong every time: the NLL keeps falling, T hits the bound 100",
             (a([[2.0, 0.0], [0.0, 3.0], [1.0, 0.0]]), a([1, 0, 1]))),
        Edge("always-right", "confidently right every time: T falls to the bound 0.01",
             (a([[2.0, 0.0], [0.0, 3.0], [1.0, 0.0]]), a([0, 1, 0]))),
    ),
    random=Random(lambda rng: _temp_case(rng), n=12),
    props=(
        Prop("scale-logits", "multiplying the logits by c multiplies the fitted T by c", _temp_scaled,
             _temp_scales),
        Prop("row-shift", "adding a constant to a row of logits leaves its softmax, and T, unchanged",
             _temp_shifted, lambda outs, calls: all_same(outs, Tol(rtol=2e-3, atol=1e-6),
                                                         what="T before and after shifting rows")),
    ),
    wrongs=(
        Wrong("multiplied-by-t", "you multiplied the logits by T; temperature divides them (you found 1/T)",
              _temp_multiplied),
        Wrong("by-accuracy", "you returned 1.0: T cannot change the argmax, so accuracy cannot choose it; "
              "minimise the negative log-likelihood", _temp_by_accuracy),
        Wrong("brier-objective", "you minimised the Brier score; temperature scaling fits T by minimising "
              "the negative log-likelihood", _temp_brier),
    ),
)

DRILLS = [LOG_LOSS, BRIER, RELIABILITY_BINS, ECE, TEMPERATURE]
