"""Specs for drill set 04: log loss, Brier score, reliability bins, ECE, temperature."""

import numpy as np

from mlmetrics_edu.drill.cases import binary_labels, call, probabilities
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

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


def _ll_old_eps(y_true, y_prob):
    eps = 1e-15  # scikit-learn's fixed default before version 1.2
    p, q = np.clip(y_prob, eps, 1 - eps), np.clip(1 - y_prob, eps, 1 - eps)
    return float(-np.mean(np.where(y_true == 1, np.log(p), np.log(q))))


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
        "Clip p and 1 - p to [eps, 1 - eps], eps = np.finfo(float).eps, as sklearn.metrics.log_loss does "
        "(since version 1.2; it used a fixed 1e-15 before): a confident miss costs about 36, not infinity.",
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
        Edge("tiny-probability", "p = 5e-16 lies between machine eps (2.2e-16) and the old 1e-15 floor: "
             "clipping at eps leaves it alone, clipping at 1e-15 changes the loss", (a([1, 0]), a([5e-16, 0.5]))),
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
        Wrong("old-eps-1e-15", "you clipped at eps = 1e-15, scikit-learn's fixed default before 1.2; the "
              "convention (scikit-learn's today) is eps = np.finfo(float).eps, about 2.2e-16, so a confident "
              "miss costs -log(2.2e-16) = 36.04, not 34.54", _ll_old_eps),
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


def _ece_top_label(y_true, y_prob, n_bins):
    confidence = np.maximum(y_prob, 1 - y_prob)  # the probability of the predicted class
    correct = ((y_prob >= 0.5) == (y_true == 1)).astype(float)
    return _ece(correct, confidence, n_bins)


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
        Edge("positive-class-not-top-label", "p = 0.2 bins at 0.2 here; the top-label ECE would bin its "
             "confidence 0.8 in class 0 and give 0.05, not 0.25", (a([0, 1, 1, 1]), a([0.2, 0.2, 0.8, 0.8])),
             {"n_bins": 5}),
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
        Wrong("top-label-ece", "you binned the top-label confidence max(p, 1 - p) against accuracy: that is "
              "the top-label ECE (Guo et al.'s, for multiclass); this drill asks for the positive-class ECE, "
              "which bins p itself against the fraction of positives", _ece_top_label),
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
        "logsumexp(a, axis) = m + log(sum(exp(a - m))) with m the max along axis (no overflow); "
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

# --- 6. maximum calibration error ----------------------------------------------------------


def _mce(y_true, y_prob, n_bins, floor=False, signed=False):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins, floor)
    full = count > 0
    gap = (pos[full] - prob[full]) / count[full]
    return float(gap.max() if signed else np.abs(gap).max())


def _mce_weighted(y_true, y_prob, n_bins):
    return _ece(y_true, y_prob, n_bins)


def _mce_nan_bins(y_true, y_prob, n_bins):
    count, pos, prob = _bin_stats(y_true, y_prob, n_bins)
    with np.errstate(invalid="ignore"):
        return float(np.max(np.abs(pos / count - prob / count)))  # empty bins give 0/0 = nan


def _mce_signed(y_true, y_prob, n_bins):
    return _mce(y_true, y_prob, n_bins, signed=True)


def _mce_floor(y_true, y_prob, n_bins):
    return _mce(y_true, y_prob, n_bins, floor=True)


def _mce_at_least_ece(outs, calls):
    c = calls[0]
    ece = _ece(c.args[0], c.args[1], c.kwargs["n_bins"])
    if float(outs[0]) + 1e-12 < ece:
        return f"MCE {outs[0]!r} is below ECE {ece!r} on the same bins; the largest gap is at least their average"
    return None


MCE = Drill(
    id="mce",
    title="Maximum calibration error",
    function="maximum_calibration_error",
    signature="maximum_calibration_error(y_true, y_prob, n_bins) -> float",
    conventions=(
        "Bins exactly as in reliability-bins (equal width; inner edges go to the lower bin).",
        "MCE = the largest |fraction of positives_b - mean probability_b| over the non-empty bins; empty bins "
        "are skipped, and the bin sizes play no part.",
        "The binary (positive-class) MCE, as mlmetrics_edu.calibration.maximum_calibration_error; not in "
        "scikit-learn. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "A triage model must never be badly wrong in any confidence range. Which bin's gap answers that, and "
        "does a bin's size matter?",
        "Compute every non-empty bin's gap |fraction of positives - mean probability| as in reliability-bins "
        "and take the largest; a bin with no samples has no gap (0/0), so leave it out.",
        "ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob); n = np.bincount(ids, "
        "minlength=n_bins); keep = n > 0; return float(np.max(np.abs(np.bincount(ids, y_true, n_bins)[keep] "
        "- np.bincount(ids, y_prob, n_bins)[keep]) / n[keep])).",
    ),
    edges=(
        Edge("lonely-bin", "one sample at 0.05 that turned out positive: its gap 0.95 is the MCE however small "
             "its bin", (a([1, 1, 0, 1, 0, 1, 0]), a([0.05, 0.55, 0.55, 0.55, 0.45, 0.45, 0.45])), {"n_bins": 10}),
        Edge("overconfident", "always 0.99 but right half the time: MCE 0.49, a gap, not a signed difference",
             (a([1, 0, 1, 0]), a([0.99, 0.99, 0.99, 0.99])), {"n_bins": 10}),
        Edge("empty-middle", "bins 2 to 4 are empty: skip them, they have no gap",
             (a([0, 1, 1, 0]), a([0.1, 0.15, 0.9, 0.95])), {"n_bins": 5}),
        Edge("on-an-edge", "0.5 with two bins belongs to the lower bin",
             (a([1, 0, 1, 1]), a([0.5, 0.3, 0.5, 0.9])), {"n_bins": 2}),
        Edge("calibrated", "0.25 forecasts with 1 positive in 4: MCE 0", (a([1, 0, 0, 0]), a([0.25] * 4)),
             {"n_bins": 10}),
    ),
    random=Random(_bins_case, n=30),
    props=(
        Prop("at-least-ece", "the largest gap is at least the weighted average of the gaps (ECE)",
             lambda rng: [_bins_case(rng)], _mce_at_least_ece),
        Prop("calibrated-is-zero", "MCE is 0 on perfectly calibrated bins", lambda rng: [_calibrated(rng)],
             _ece_zero),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled(_bins_case),
             _same("MCE before and after shuffling")),
    ),
    wrongs=(
        Wrong("weighted-average", "you weighted the gaps by bin size and summed them: that is ECE; MCE is the "
              "single largest gap, whatever its bin's size", _mce_weighted),
        Wrong("nan-from-empty-bins", "an empty bin gave 0/0 = nan and np.max returned nan; keep only the "
              "non-empty bins", _mce_nan_bins),
        Wrong("signed-gap", "you took the largest signed difference (fraction - probability), which ignores "
              "overconfidence; MCE takes the largest absolute gap", _mce_signed),
        Wrong("floor-binning", "you binned with floor(p * n_bins), which sends probabilities on an edge to "
              "the upper bin; use the lower, as in reliability-bins", _mce_floor),
    ),
)

# --- 7. the Brier score decomposition ----------------------------------------------------


def _groups(y_true, y_prob):
    f, group = np.unique(y_prob, return_inverse=True)
    n_k = np.bincount(group).astype(float)
    o = np.bincount(group, weights=y_true) / n_k
    return f, n_k, o, float(np.mean(y_true))


def _bd_unweighted(y_true, y_prob):
    f, n_k, o, base = _groups(y_true, y_prob)
    return float(np.mean((f - o) ** 2)), float(np.mean((o - base) ** 2)), float(base * (1 - base))


def _bd_resolution_of_forecasts(y_true, y_prob):
    f, n_k, o, base = _groups(y_true, y_prob)
    n = len(y_true)
    return float(np.sum(n_k * (f - o) ** 2) / n), float(np.sum(n_k * (f - base) ** 2) / n), float(base * (1 - base))


def _bd_absolute(y_true, y_prob):
    f, n_k, o, base = _groups(y_true, y_prob)
    n = len(y_true)
    return float(np.sum(n_k * np.abs(f - o)) / n), float(np.sum(n_k * (o - base) ** 2) / n), float(base * (1 - base))


def _bd_sample_variance(y_true, y_prob):
    f, n_k, o, base = _groups(y_true, y_prob)
    n = len(y_true)
    with np.errstate(invalid="ignore", divide="ignore"):
        uncertainty = float(np.var(y_true, ddof=1))  # divides by n - 1
    return float(np.sum(n_k * (f - o) ** 2) / n), float(np.sum(n_k * (o - base) ** 2) / n), uncertainty


def _bd_identity(outs, calls):
    y_true, y_prob = calls[0].args
    reliability, resolution, uncertainty = (float(v) for v in outs[0])
    brier = float(np.mean((y_prob - y_true) ** 2))
    problem = mismatch(brier, reliability - resolution + uncertainty, Tol(rtol=1e-9, atol=1e-12))
    return None if problem is None else f"reliability - resolution + uncertainty should be the Brier score: {problem}"


def _bd_case(rng):
    y_true = binary_labels(rng)
    return y_true, np.round(probabilities(rng, y_true), int(rng.choice([1, 2])))  # few distinct forecasts


BRIER_DECOMPOSITION = Drill(
    id="brier-decomposition",
    title="Brier score decomposition (reliability, resolution, uncertainty)",
    function="brier_decomposition",
    signature="brier_decomposition(y_true, y_prob) -> (reliability, resolution, uncertainty)",
    conventions=(
        "Group the samples by distinct forecast value f_k (n_k samples, observed frequency o_k of positives); "
        "base rate = mean(y_true), n = number of samples.",
        "reliability = sum_k n_k (f_k - o_k)^2 / n; resolution = sum_k n_k (o_k - base rate)^2 / n; "
        "uncertainty = base rate * (1 - base rate).",
        "Then Brier = reliability - resolution + uncertainty exactly (Murphy, 1973), as "
        "mlmetrics_edu.calibration.brier_decomposition(y_true, y_prob) with n_bins=None. Return a tuple of "
        "three floats. Inputs are non-empty.",
    ),
    returns="tuple of 3 floats",
    names=("reliability", "resolution", "uncertainty"),
    hints=(
        "A forecaster who always predicts the base rate is perfectly calibrated. Is it useful, and which term "
        "of the decomposition says so?",
        "For each distinct forecast value, count its samples n_k and their fraction of positives o_k. "
        "Reliability compares o_k with the forecast, resolution compares o_k with the base rate, both "
        "weighted by n_k / n; uncertainty depends on the labels alone.",
        "f, group = np.unique(y_prob, return_inverse=True); n_k = np.bincount(group); o = np.bincount(group, "
        "weights=y_true) / n_k; base = np.mean(y_true); n = len(y_true); return (float(np.sum(n_k * (f - "
        "o)**2) / n), float(np.sum(n_k * (o - base)**2) / n), float(base * (1 - base))).",
    ),
    edges=(
        Edge("two-forecasts", "0.2 and 0.8, each group all one class: reliability 0.04, resolution 0.25, "
             "uncertainty 0.25", (a([0, 0, 1, 1]), a([0.2, 0.2, 0.8, 0.8]))),
        Edge("base-rate-forecaster", "always the base rate 0.25: reliability 0 and resolution 0, only "
             "uncertainty is left", (a([1, 0, 0, 0]), a([0.25, 0.25, 0.25, 0.25]))),
        Edge("overconfident", "0.9 and 0.1 but each group is half positive: poor reliability, no resolution",
             (a([1, 0, 1, 0]), a([0.9, 0.9, 0.1, 0.1]))),
        Edge("unequal-groups", "a group of 1 and a group of 4: each term weights a group by n_k / n",
             (a([1, 1, 1, 0, 0]), a([0.3, 0.7, 0.7, 0.7, 0.7]))),
        Edge("one-class", "every day rained: the uncertainty base * (1 - base) is 0",
             (a([1, 1, 1]), a([0.6, 0.9, 0.9]))),
        Edge("single-day", "one sample: the uncertainty divides by n, not n - 1", (a([1]), a([0.7]))),
    ),
    random=Random(_bd_case, n=30),
    props=(
        Prop("sums-to-brier", "reliability - resolution + uncertainty equals mean((p - y)^2) exactly",
             lambda rng: [_bd_case(rng)], _bd_identity),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled(_bd_case),
             _same("the decomposition before and after shuffling")),
    ),
    wrongs=(
        Wrong("unweighted-groups", "you averaged over forecast values equally; weight each group by its share "
              "of the samples, n_k / n", _bd_unweighted),
        Wrong("resolution-of-forecasts", "you measured how far the forecasts f_k are from the base rate; "
              "resolution is how far the observed frequencies o_k are from it", _bd_resolution_of_forecasts),
        Wrong("absolute-reliability", "you took |f_k - o_k| (an ECE over distinct forecasts); reliability "
              "squares the gap, so the three terms add up to the Brier score", _bd_absolute),
        Wrong("sample-variance", "you used the sample variance of y (ddof=1, divided by n - 1); uncertainty "
              "is base * (1 - base), the variance dividing by n", _bd_sample_variance),
    ),
)

# --- 8. Platt scaling ------------------------------------------------------------------------


def _platt_fit(scores, targets, iterations=100):
    X = np.column_stack([scores, np.ones(len(scores))])
    theta = np.zeros(2)

    def loss(theta):
        z = X @ theta
        return np.sum(np.logaddexp(0, z) - targets * z)

    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(X @ theta)))
        g = X.T @ (p - targets)
        H = X.T @ (X * (p * (1 - p))[:, None]) + 1e-12 * np.eye(2)
        step = np.linalg.solve(H, g)
        for _ in range(60):
            if loss(theta - step) <= loss(theta):
                break
            step = step / 2
        theta = theta - step
    return float(theta[0]), float(theta[1])


def _platt_targets(y_true, n_pos, n_neg):
    return np.where(y_true == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))


def _platt_raw_labels(scores, y_true):
    return _platt_fit(scores, y_true.astype(float))


def _platt_sklearn_sign(scores, y_true):
    n_pos = np.sum(y_true == 1)
    a_, b_ = _platt_fit(scores, _platt_targets(y_true, n_pos, len(y_true) - n_pos))
    return -a_, -b_


def _platt_counts_swapped(scores, y_true):
    n_pos = np.sum(y_true == 1)
    return _platt_fit(scores, _platt_targets(y_true, len(y_true) - n_pos, n_pos))


def _platt_case(rng):
    n = int(rng.integers(6, 80))
    y_true = binary_labels(rng, n, p=rng.uniform(0.05, 0.95) if rng.random() > 0.1 else None)
    scores = rng.normal(size=n) * rng.uniform(0.3, 4) + rng.uniform(-2, 4) * y_true + rng.normal(0, 2)
    scores = np.round(scores, 3)
    if np.ptp(scores) == 0:
        scores = scores + np.arange(n) * 0.1
    return scores, y_true


PLATT_TOL = Tol(rtol=1e-6, atol=1e-8)


def _platt_shift(rng):
    scores, y_true = _platt_case(rng)
    c = float(np.round(rng.normal(0, 3), 2))
    return [(scores, y_true), (scores + c, y_true)]


def _platt_shifted(outs, calls):
    (a0, b0), (a1, b1) = outs
    c = float(calls[1].args[0][0] - calls[0].args[0][0])
    problem = mismatch((float(a0), float(b0) - float(a0) * c), (float(a1), float(b1)), Tol(rtol=1e-5, atol=1e-7))
    if problem is None:
        return None
    return f"adding {c:g} to every score should keep a and turn b into b - a * {c:g}: {problem}"


def _platt_scale(rng):
    scores, y_true = _platt_case(rng)
    c = float(rng.choice([0.5, 2.0, 10.0]))
    return [(scores, y_true), (scores * c, y_true)]


def _platt_scaled(outs, calls):
    (a0, b0), (a1, b1) = outs
    i = int(np.argmax(np.abs(calls[0].args[0])))
    c = float(calls[1].args[0][i] / calls[0].args[0][i])
    problem = mismatch((float(a0) / c, float(b0)), (float(a1), float(b1)), Tol(rtol=1e-5, atol=1e-7))
    if problem is None:
        return None
    return f"multiplying every score by {c:g} should divide a by {c:g} and keep b: {problem}"


PLATT_SCALING = Drill(
    id="platt-scaling",
    title="Platt scaling (fit a and b)",
    function="platt_scaling",
    signature="platt_scaling(scores, y_true) -> (a, b)",
    conventions=(
        "Fit p = sigmoid(a * score + b) by minimising the log loss against Platt's targets: "
        "(N+ + 1) / (N+ + 2) for each positive and 1 / (N- + 2) for each negative (N+ and N- count the "
        "two classes).",
        "Return (a, b) as two floats. Tolerance: relative 1e-6, absolute 1e-8, against "
        "mlmetrics_edu.calibration.PlattScaling (Newton's method converges well within it).",
        "scikit-learn's sigmoid calibration writes 1 / (1 + exp(A * score + B)): its (A, B) is (-a, -b) here. "
        "Scores are not all equal; one class in y_true is allowed.",
    ),
    returns="tuple of 2 floats",
    names=("a", "b"),
    tol=PLATT_TOL,
    hints=(
        "Platt scaling is logistic regression on one feature, the score. Why would it fit targets slightly "
        "inside (0, 1) rather than the labels 0 and 1 themselves?",
        "Minimise sum(log(1 + exp(z)) - t z), z = a s + b: the gradient is X^T (p - t) and the Hessian "
        "X^T diag(p (1 - p)) X with X = [s, 1]. Newton's method from a = 0 converges in a few steps; halve a "
        "step that does not lower the loss.",
        "n_pos = np.sum(y_true == 1); n_neg = len(y_true) - n_pos; t = np.where(y_true == 1, (n_pos + 1) / "
        "(n_pos + 2), 1 / (n_neg + 2)); X = np.column_stack([scores, np.ones(len(scores))]); theta = "
        "np.array([0.0, np.log((n_pos + 1) / (n_neg + 1))]); loss(theta) = np.sum(np.logaddexp(0, X @ "
        "theta) - t * (X @ theta)); repeat 100 times: p = 1 / (1 + np.exp(-X @ theta)); g = X.T @ (p - t); "
        "H = X.T @ (X * (p * (1 - p))[:, None]); step = np.linalg.solve(H, g); while loss(theta - step) > "
        "loss(theta): step = step / 2; theta = theta - step; finally return float(theta[0]), "
        "float(theta[1]).",
    ),
    edges=(
        Edge("overlapping", "scores that overlap between the classes: an ordinary logistic fit",
             (a([-2.0, -1.0, 0.5, 1.0, 2.0, 3.0]), a([0, 0, 1, 0, 1, 1]))),
        Edge("imbalanced", "2 positives and 5 negatives: the two targets use their own class counts",
             (a([-1.5, -0.5, 0.0, 0.4, 0.9, 1.2, 2.0]), a([0, 0, 1, 0, 0, 1, 0]))),
        Edge("separable", "perfectly separated scores: the smoothed targets keep a and b finite",
             (a([-2.0, -1.0, 1.0, 2.0]), a([0, 0, 1, 1]))),
        Edge("reversed", "higher scores mean less likely: a comes out negative",
             (a([0.1, 0.4, 0.35, 0.8, 0.9]), a([1, 1, 0, 1, 0]))),
        Edge("one-class", "every sample positive: a = 0 and sigmoid(b) is the target (N+ + 1) / (N+ + 2)",
             (a([0.2, 0.5, 0.9]), a([1, 1, 1]))),
    ),
    random=Random(_platt_case, n=20),
    props=(
        Prop("shift-scores", "adding c to every score is absorbed by the intercept: a stays, b becomes b - a c",
             _platt_shift, _platt_shifted),
        Prop("scale-scores", "multiplying every score by c divides a by c and leaves b alone",
             _platt_scale, _platt_scaled),
    ),
    wrongs=(
        Wrong("raw-labels", "you fitted the labels 0 and 1 themselves (plain logistic regression); Platt "
              "fits the smoothed targets (N+ + 1) / (N+ + 2) and 1 / (N- + 2), which also keep separable "
              "data finite", _platt_raw_labels),
        Wrong("sklearn-sign", "you returned scikit-learn's (A, B) of 1 / (1 + exp(A s + B)); here p = "
              "sigmoid(a s + b), so a = -A and b = -B", _platt_sklearn_sign),
        Wrong("target-counts-swapped", "your targets use the other class's count; a positive's target is "
              "(N+ + 1) / (N+ + 2) with N+ the number of positives, a negative's 1 / (N- + 2)",
              _platt_counts_swapped),
    ),
)

# --- 9. isotonic regression by pool adjacent violators --------------------------------------


def _pav(values, weights, backtrack=True):
    blocks = []  # [value, weight, count]
    for v, w in zip(values, weights):
        blocks.append([float(v), float(w), 1])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
            if not backtrack:
                break
    return np.repeat([b[0] for b in blocks], [b[2] for b in blocks])


def _iso_ties_by_position(scores, y_true):
    order = np.argsort(scores, kind="stable")
    fitted = _pav(y_true[order], np.ones(len(order)))
    out = np.empty(len(order))
    out[order] = fitted
    return out


def _iso_input_order(scores, y_true):
    return _pav(y_true, np.ones(len(y_true)))


def _iso_no_backtrack(scores, y_true):
    x, group = np.unique(scores, return_inverse=True)
    w = np.bincount(group).astype(float)
    return _pav(np.bincount(group, weights=y_true) / w, w, backtrack=False)[group]


def _iso_sorted_output(scores, y_true):
    x, group = np.unique(scores, return_inverse=True)
    w = np.bincount(group).astype(float)
    return _pav(np.bincount(group, weights=y_true) / w, w)[np.sort(group)]


def _iso_case(rng):
    n = int(rng.integers(1, 60))
    scores = np.round(rng.normal(size=n), int(rng.choice([1, 2, 3])))  # ties are common
    y_true = (rng.random(n) < 1 / (1 + np.exp(-rng.uniform(0, 3) * scores))).astype(np.int64)
    return scores, y_true


def _iso_monotone(outs, calls):
    scores = calls[0].args[0]
    fitted = np.asarray(outs[0], dtype=float)
    order = np.argsort(scores, kind="stable")
    s, f = scores[order], fitted[order]
    if np.any(np.diff(f) < -1e-12):
        i = int(np.flatnonzero(np.diff(f) < -1e-12)[0])
        return f"the fit decreases from {f[i]!r} at score {s[i]!r} to {f[i + 1]!r} at score {s[i + 1]!r}"
    tied = (np.diff(s) == 0) & (np.abs(np.diff(f)) > 1e-12)
    if tied.any():
        i = int(np.flatnonzero(tied)[0])
        return f"two samples with the same score {s[i]!r} got different values {f[i]!r} and {f[i + 1]!r}"
    return None


def _iso_mean(outs, calls):
    y_true = calls[0].args[1]
    problem = mismatch(float(np.mean(y_true)), float(np.mean(np.asarray(outs[0], dtype=float))),
                       Tol(rtol=1e-9, atol=1e-12))
    return None if problem is None else f"the fitted values should average to the fraction of positives: {problem}"


ISOTONIC = Drill(
    id="isotonic-pav",
    title="Isotonic calibration by pool adjacent violators",
    function="isotonic_fit",
    signature="isotonic_fit(scores, y_true) -> np.ndarray",
    conventions=(
        "Fit the non-decreasing function of the score closest to the labels in squared error: sort by score "
        "and pool adjacent violators (a block whose mean is not below the next block's is merged into one "
        "block holding their weighted mean, repeated backwards until the means increase).",
        "Tied scores are one point: pool them first (their mean label, weighted by their count), so they get "
        "the same value, as sklearn.isotonic.IsotonicRegression and "
        "mlmetrics_edu.calibration.IsotonicCalibration do.",
        "Return the fitted probability of every sample, in the input order, as a float array. Labels are 0/1; "
        "inputs are non-empty.",
    ),
    returns="float array of shape (n,)",
    hints=(
        "Sorted by score, the labels read 0, 1, 0, 1, 1. Which neighbours break 'higher score, not lower "
        "probability', and what single value fits both best in squared error?",
        "Walk the distinct scores in increasing order keeping a stack of blocks (mean, weight, count); after "
        "pushing each one, merge the last two blocks while the earlier mean is >= the later one -- a merge "
        "can create a new violation further back. Map each block's mean back to its samples.",
        "x, group = np.unique(scores, return_inverse=True); w = np.bincount(group).astype(float); v = "
        "np.bincount(group, weights=y_true) / w; blocks = []; for each i: blocks.append([v[i], w[i], 1]); "
        "while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]: pool the last two into [(v1 * w1 + v2 * "
        "w2) / (w1 + w2), w1 + w2, c1 + c2]; fitted = np.repeat([b[0] for b in blocks], [b[2] for b in "
        "blocks]); return fitted[group].",
    ),
    edges=(
        Edge("one-violation", "sorted labels 0, 1, 0, 1, 1: the violating pair is pooled to 0.5",
             (a([0.1, 0.2, 0.3, 0.4, 0.5]), a([0, 1, 0, 1, 1]))),
        Edge("pool-backwards", "labels 1, 0, 1, 0, 0: the last merge breaks an earlier block, so pooling "
             "continues backwards until everything is 0.4", (a([0.1, 0.2, 0.3, 0.4, 0.5]), a([1, 0, 1, 0, 0]))),
        Edge("unsorted-input", "the samples arrive in any order: sort by score, answer in the input order",
             (a([0.9, 0.1, 0.5, 0.3]), a([1, 0, 0, 1]))),
        Edge("tied-scores", "two samples share the score 0.2: they are one point with mean label 0.5",
             (a([0.2, 0.2, 0.5]), a([0, 1, 1]))),
        Edge("already-monotone", "nothing to pool: the labels come back unchanged",
             (a([1.0, 2.0, 3.0, 4.0]), a([0, 0, 1, 1]))),
        Edge("one-class", "only negatives: the fit is 0 everywhere", (a([0.3, 0.1, 0.2]), a([0, 0, 0]))),
    ),
    random=Random(_iso_case, n=30),
    props=(
        Prop("non-decreasing", "sorted by score the fit never decreases, and tied scores share one value",
             lambda rng: [_iso_case(rng)], _iso_monotone),
        Prop("keeps-the-mean", "each pooled block keeps its labels' sum, so the fit averages to the base rate",
             lambda rng: [_iso_case(rng)], _iso_mean),
        Prop("monotone-transform", "only the order of the scores matters: exp(score) gives the same fit",
             lambda rng: (lambda s, y: [(s, y), (np.exp(s), y)])(*_iso_case(rng)),
             _same("fits before and after transforming the scores")),
    ),
    wrongs=(
        Wrong("ties-by-position", "you ordered tied scores by position and fitted them separately; tied "
              "scores are one point, pooled first, so they get the same value", _iso_ties_by_position),
        Wrong("not-sorted-by-score", "you ran PAV on the labels in the order given; sort by score first",
              _iso_input_order),
        Wrong("no-backtracking", "you merged each new point at most once; after a merge the new block can "
              "violate the block before it, so keep merging (while, not if)", _iso_no_backtrack),
        Wrong("sorted-order-output", "you returned the fit in score order; return each sample's value in the "
              "input order", _iso_sorted_output),
    ),
)

DRILLS = [LOG_LOSS, BRIER, RELIABILITY_BINS, ECE, TEMPERATURE, MCE, BRIER_DECOMPOSITION, PLATT_SCALING, ISOTONIC]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'log-loss': """
def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    p = np.clip(y_prob, eps, 1 - eps)
    q = np.clip(1 - y_prob, eps, 1 - eps)
    return float(-np.mean(np.where(y_true == 1, np.log(p), np.log(q))))
""",
    'brier': """
def brier_score(y_true, y_prob):
    return float(np.mean((y_prob - y_true) ** 2))
""",
    'reliability-bins': """
def reliability_bins(y_true, y_prob, n_bins):
    ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob)
    n = np.bincount(ids, minlength=n_bins)
    keep = n > 0
    return (np.bincount(ids, y_true, n_bins)[keep] / n[keep], np.bincount(ids, y_prob, n_bins)[keep] / n[keep])
""",
    'ece': """
def expected_calibration_error(y_true, y_prob, n_bins):
    ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob)  # hint: ids, n, positives, prob_sum per bin as in reliability-bins
    n = np.bincount(ids, minlength=n_bins)  # hint: ids, n, positives, prob_sum per bin as in reliability-bins
    positives = np.bincount(ids, y_true, n_bins)  # hint: ids, n, positives, prob_sum per bin as in reliability-bins
    prob_sum = np.bincount(ids, y_prob, n_bins)  # hint: ids, n, positives, prob_sum per bin as in reliability-bins
    keep = n > 0
    return float(np.sum(n[keep] / len(y_prob) * np.abs(positives[keep] - prob_sum[keep]) / n[keep]))
""",
    'temperature': """
def fit_temperature(logits, y_true):
    n = len(y_true)  # hint: np.arange(n)

    def logsumexp(a, axis):  # hint: logsumexp(a, axis)
        m = a.max(axis=axis, keepdims=True)  # hint: with m the max along axis
        return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)  # hint: m + log(sum(exp(a - m)))

    def nll(T):
        return np.mean(logsumexp(logits / T, axis=1) - logits[np.arange(n), y_true] / T)  # hint: nll(T) = np.mean(logsumexp(logits / T, axis=1) - logits[np.arange(n), y_true] / T)

    grid = np.linspace(np.log(0.01), np.log(100), 801)  # hint: search log T on np.linspace(np.log(0.01), np.log(100), 801)
    best = int(np.argmin([nll(np.exp(g)) for g in grid]))  # hint: search log T on np.linspace(np.log(0.01), np.log(100), 801)
    fine = np.linspace(grid[max(best - 1, 0)], grid[min(best + 1, 800)], 801)  # hint: then refine around the best grid point
    return float(np.exp(fine[int(np.argmin([nll(np.exp(g)) for g in fine]))]))  # hint: then refine around the best grid point
""",
    'mce': """
def maximum_calibration_error(y_true, y_prob, n_bins):
    ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], y_prob)
    n = np.bincount(ids, minlength=n_bins)
    keep = n > 0
    return float(np.max(np.abs(np.bincount(ids, y_true, n_bins)[keep] - np.bincount(ids, y_prob, n_bins)[keep]) / n[keep]))
""",
    'brier-decomposition': """
def brier_decomposition(y_true, y_prob):
    f, group = np.unique(y_prob, return_inverse=True)
    n_k = np.bincount(group)
    o = np.bincount(group, weights=y_true) / n_k
    base = np.mean(y_true)
    n = len(y_true)
    return (float(np.sum(n_k * (f - o)**2) / n), float(np.sum(n_k * (o - base)**2) / n), float(base * (1 - base)))
""",
    'platt-scaling': """
def platt_scaling(scores, y_true):
    n_pos = np.sum(y_true == 1)
    n_neg = len(y_true) - n_pos
    t = np.where(y_true == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    X = np.column_stack([scores, np.ones(len(scores))])
    theta = np.array([0.0, np.log((n_pos + 1) / (n_neg + 1))])

    def loss(theta):  # hint: loss(theta) =
        return np.sum(np.logaddexp(0, X @ theta) - t * (X @ theta))  # hint: loss(theta) = np.sum(np.logaddexp(0, X @ theta) - t * (X @ theta))

    for _ in range(100):  # hint: repeat 100 times:
        p = 1 / (1 + np.exp(-X @ theta))
        g = X.T @ (p - t)
        H = X.T @ (X * (p * (1 - p))[:, None])
        step = np.linalg.solve(H, g)
        while loss(theta - step) > loss(theta):  # hint: while loss(theta - step) > loss(theta):
            step = step / 2
        theta = theta - step
    return float(theta[0]), float(theta[1])  # hint: finally return float(theta[0]), float(theta[1])
""",
    'isotonic-pav': """
def isotonic_fit(scores, y_true):
    x, group = np.unique(scores, return_inverse=True)
    w = np.bincount(group).astype(float)
    v = np.bincount(group, weights=y_true) / w
    blocks = []
    for i in range(len(v)):  # hint: for each i:
        blocks.append([v[i], w[i], 1])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            v2, w2, c2 = blocks.pop()  # hint: pool the last two
            v1, w1, c1 = blocks.pop()  # hint: pool the last two
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])  # hint: pool the last two into [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2]
    fitted = np.repeat([b[0] for b in blocks], [b[2] for b in blocks])
    return fitted[group]
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
