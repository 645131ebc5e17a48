"""Specs for drill set 02: threshold sweeps, ROC points, ROC-AUC, operating points."""

import numpy as np

from mlmetrics_edu.drill.cases import binary_labels, both_classes, call, scores_with_ties
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Thresholds, ROC and AUC"

a = np.array


def _scored(rng, *, need_both=False):
    y_true = both_classes(rng) if need_both else binary_labels(rng)
    return y_true, scores_with_ties(rng, y_true)


def _shuffled(make):
    def shuffled(rng):
        c = make(rng)
        args = list(c.args) if hasattr(c, "args") else list(c)
        order = rng.permutation(args[0].size)
        moved = [args[0][order], args[1][order], *args[2:]]
        kwargs = getattr(c, "kwargs", {})
        return [call(*args, **kwargs), call(*moved, **kwargs)]
    return shuffled


def _monotone(make, f=lambda s: 3 * s + 7):
    """The same case with every score passed through a strictly increasing f."""
    def transformed(rng):
        c = make(rng)
        args = list(c.args) if hasattr(c, "args") else list(c)
        kwargs = getattr(c, "kwargs", {})
        return [call(*args, **kwargs), call(args[0], f(args[1]), *args[2:], **kwargs)]
    return transformed


def _same(what):
    return lambda outs, calls: all_same(outs, what=what)


# --- 1. confusion counts at many thresholds ----------------------------------------------


def _sweep_case(rng):
    y_true, y_score = _scored(rng)
    picks = y_score[rng.integers(0, y_score.size, 4)] if y_score.size else np.zeros(0)
    thresholds = np.r_[picks, rng.normal(size=3), [np.inf, -np.inf][: int(rng.integers(0, 3))]]
    return y_true, y_score, rng.permutation(thresholds)


def _sweep_strict(y_true, y_score, thresholds):
    pred = y_score[None, :] > np.asarray(thresholds)[:, None]
    tp = np.sum(pred & (y_true == 1), axis=1)
    fp = np.sum(pred & (y_true == 0), axis=1)
    return tp, fp, np.sum(y_true == 1) - tp, np.sum(y_true == 0) - fp


def _sweep_swapped(y_true, y_score, thresholds):
    pred = y_score[None, :] >= np.asarray(thresholds)[:, None]
    tp = np.sum(pred & (y_true == 1), axis=1)
    fp = np.sum(pred & (y_true == 0), axis=1)
    fn = np.sum(y_true == 1) - tp
    return tp, fn, fp, np.sum(y_true == 0) - fp


def _sweep_sorted(y_true, y_score, thresholds):
    thresholds = np.sort(np.asarray(thresholds))
    pred = y_score[None, :] >= thresholds[:, None]
    tp = np.sum(pred & (y_true == 1), axis=1)
    fp = np.sum(pred & (y_true == 0), axis=1)
    return tp, fp, np.sum(y_true == 1) - tp, np.sum(y_true == 0) - fp


def _sweep_columns(outs, calls):
    y_true = calls[0].args[0]
    tp, fp, fn, tn = outs[0]
    if not (np.all(np.asarray(tp) + np.asarray(fn) == np.sum(y_true == 1))
            and np.all(np.asarray(fp) + np.asarray(tn) == np.sum(y_true == 0))):
        return "at every threshold TP + FN must be the number of positives and FP + TN the negatives"
    return None


THRESHOLD_SWEEP = Drill(
    id="threshold-sweep",
    title="Confusion counts across thresholds",
    function="confusion_at_thresholds",
    signature="confusion_at_thresholds(y_true, y_score, thresholds) -> (tp, fp, fn, tn) int arrays",
    conventions=(
        "Predicted positive means y_score >= threshold (a tie with the threshold is positive).",
        "One entry per threshold, in the order given (thresholds need not be sorted; +-inf allowed).",
        "Return four integer arrays of length len(thresholds).",
    ),
    returns="tuple of 4 int arrays",
    names=("tp", "fp", "fn", "tn"),
    hints=(
        "At one threshold t this is drill confusion-counts with y_pred = (y_score >= t). "
        "Can you do all thresholds without a Python loop?",
        "Broadcasting: y_score[None, :] >= thresholds[:, None] is a (thresholds x samples) "
        "prediction matrix. Or sort each class's scores and use np.searchsorted.",
        "pos = np.sort(y_score[y_true == 1]); tp = pos.size - np.searchsorted(pos, thresholds, "
        "side='left'); same for fp with the negatives; fn = P - tp; tn = N - fp; return tp, fp, fn, tn.",
    ),
    edges=(
        Edge("tie-with-threshold", "a score equal to the threshold counts as predicted positive",
             (a([1, 0, 1, 0]), a([0.5, 0.5, 0.2, 0.1]), a([0.5]))),
        Edge("unsorted-thresholds", "results follow the order of the thresholds given",
             (a([1, 0, 1, 0]), a([0.9, 0.6, 0.4, 0.1]), a([0.5, 0.95, 0.0]))),
        Edge("infinite-thresholds", "+inf flags nothing, -inf flags everything",
             (a([1, 0, 0]), a([0.3, 0.2, 0.1]), a([np.inf, -np.inf]))),
        Edge("one-class", "no negatives: FP and TN stay 0 at every threshold",
             (a([1, 1]), a([0.2, 0.7]), a([0.5, 0.1]))),
    ),
    random=Random(_sweep_case),
    props=(
        Prop("shuffle-invariant", "shuffling the samples cannot change any count",
             _shuffled(_sweep_case), _same("counts before and after shuffling")),
        Prop("columns-add-up", "TP + FN is every positive at every threshold; FP + TN every negative",
             lambda rng: [_sweep_case(rng)], _sweep_columns),
    ),
    wrongs=(
        Wrong("strict-inequality", "you predicted positive only when score > threshold; the convention "
              "(scikit-learn's too) is score >= threshold", _sweep_strict),
        Wrong("fp-fn-swapped", "you swapped FP and FN: a false positive scores above the threshold but "
              "is truly 0", _sweep_swapped),
        Wrong("sorted-thresholds", "you sorted the thresholds; return the counts in the order given",
              _sweep_sorted),
    ),
)

# --- 2. ROC curve points -----------------------------------------------------------------


def _roc(y_true, y_score, *, collapse=True, start=True, strict=False, ascending=False):
    order = np.argsort(-y_score, kind="stable")
    score, truth = y_score[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(score)), score.size - 1] if collapse else np.arange(score.size)
    tps = np.cumsum(truth)[last].astype(float)
    fps = (last + 1) - tps
    thresholds = score[last].astype(float)
    if strict:  # counted only scores strictly above each threshold
        tps, fps = np.r_[0, tps[:-1]], np.r_[0, fps[:-1]]
    if start:
        tps, fps, thresholds = np.r_[0, tps], np.r_[0, fps], np.r_[np.inf, thresholds]
    with np.errstate(invalid="ignore", divide="ignore"):
        fpr, tpr = fps / fps[-1], tps / tps[-1]
    if ascending:
        return fpr[::-1], tpr[::-1], thresholds[::-1]
    return fpr, tpr, thresholds


def _roc_no_collapse(y_true, y_score):
    return _roc(y_true, y_score, collapse=False)


def _roc_no_start(y_true, y_score):
    return _roc(y_true, y_score, start=False)


def _roc_ascending(y_true, y_score):
    return _roc(y_true, y_score, ascending=True)


def _roc_strict(y_true, y_score):
    return _roc(y_true, y_score, strict=True)


def _roc_monotone(outs, calls):
    (fpr0, tpr0, _), (fpr1, tpr1, _) = outs
    problem = mismatch(np.asarray(fpr0, float), np.asarray(fpr1, float)) or \
        mismatch(np.asarray(tpr0, float), np.asarray(tpr1, float))
    return None if problem is None else "a strictly increasing transform of the scores must keep " \
        "every (fpr, tpr) point: " + problem


def _roc_case(rng):
    return _scored(rng, need_both=bool(rng.random() < 0.85))


ROC_CURVE = Drill(
    id="roc-curve",
    title="ROC curve points",
    function="roc_curve_points",
    signature="roc_curve_points(y_true, y_score) -> (fpr, tpr, thresholds) float arrays",
    conventions=(
        "Thresholds: +inf first, then every distinct score in decreasing order (tied scores share one point).",
        "fpr = FP / N and tpr = TP / P at each threshold, with score >= threshold predicted positive.",
        "No negatives (or no positives): that rate is 0/0, so nan, as scikit-learn returns.",
        "Same as sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=False).",
    ),
    returns="tuple of 3 float arrays of equal length",
    names=("fpr", "tpr", "thresholds"),
    hints=(
        "If you lower the threshold from +inf one distinct score at a time, which samples join the "
        "predicted positives at each step?",
        "Sort by score, descending; np.cumsum of the sorted labels gives TP after each sample; "
        "FP = (index + 1) - TP. With ties, keep only the last index of each run of equal scores.",
        "order = np.argsort(-y_score, kind='stable'); s, t = y_score[order], y_true[order]; last = "
        "np.r_[np.flatnonzero(np.diff(s)), s.size - 1]; tps = np.r_[0, np.cumsum(t)[last]]; fps = "
        "np.r_[0, last + 1 - tps[1:]]; return fps / fps[-1], tps / tps[-1], np.r_[np.inf, s[last]].",
    ),
    edges=(
        Edge("distinct-scores", "no ties: one point per sample plus the (0, 0) start",
             (a([0, 0, 1, 1]), a([0.1, 0.4, 0.35, 0.8]))),
        Edge("tied-scores", "tied scores cross the threshold together: one point for the tie",
             (a([0, 1, 1, 0, 1]), a([0.2, 0.5, 0.5, 0.5, 0.9]))),
        Edge("all-tied", "one distinct score: the curve jumps straight from (0, 0) to (1, 1)",
             (a([0, 1, 0]), a([0.3, 0.3, 0.3]))),
        Edge("no-negatives", "N = 0: fpr is 0/0 at every point, so nan", (a([1, 1]), a([0.2, 0.7]))),
        Edge("integer-scores", "scores can be integers (votes); thresholds still start at +inf",
             (a([0, 1, 1, 0]), a([1, 3, 2, 2]))),
    ),
    random=Random(_roc_case),
    props=(
        Prop("monotone-transform", "ROC depends only on the order of the scores, so a strictly "
             "increasing transform keeps every point", _monotone(lambda rng: _scored(rng, need_both=True)),
             _roc_monotone),
        Prop("shuffle-invariant", "the order of the samples does not matter",
             _shuffled(lambda rng: _scored(rng, need_both=True)), _same("curves before and after shuffling")),
    ),
    wrongs=(
        Wrong("one-point-per-sample", "you made one point per sample; tied scores cross the threshold "
              "together, so they share one point", _roc_no_collapse),
        Wrong("no-start-point", "you left out the starting point (0, 0) at threshold +inf",
              _roc_no_start),
        Wrong("ascending-thresholds", "your thresholds ascend; the curve runs from the highest threshold "
              "(0, 0) down to the lowest (1, 1)", _roc_ascending),
        Wrong("strict-inequality", "you counted scores strictly above each threshold; score >= threshold "
              "is predicted positive", _roc_strict),
    ),
)

# --- 3. ROC-AUC ---------------------------------------------------------------------------


def _pairs(y_true, y_score):
    pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    return pos[:, None], neg[None, :], pos.size * neg.size


def _auc_strict(y_true, y_score):
    pos, neg, n = _pairs(y_true, y_score)
    return float(np.sum(pos > neg) / n) if n else float("nan")


def _auc_ties_win(y_true, y_score):
    pos, neg, n = _pairs(y_true, y_score)
    return float(np.sum(pos >= neg) / n) if n else float("nan")


def _auc_ordinal_ranks(y_true, y_score):
    ranks = np.argsort(np.argsort(y_score, kind="stable"), kind="stable") + 1.0
    n_pos, n_neg = np.sum(y_true == 1), np.sum(y_true == 0)
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _auc_flipped(y_true, y_score):
    pos, neg, n = _pairs(y_true, y_score)
    return float((np.sum(pos < neg) + 0.5 * np.sum(pos == neg)) / n) if n else float("nan")


def _auc_one_class_half(y_true, y_score):
    pos, neg, n = _pairs(y_true, y_score)
    return float((np.sum(pos > neg) + 0.5 * np.sum(pos == neg)) / n) if n else 0.5


def _auc_thresholded(y_true, y_score):
    labels = (y_score >= 0.5).astype(float)  # predict() instead of predict_proba()
    pos, neg, n = _pairs(y_true, labels)
    return float((np.sum(pos > neg) + 0.5 * np.sum(pos == neg)) / n) if n else float("nan")


def _auc_reversed(outs, calls):
    auc, auc_neg = outs
    if np.isnan(auc) and np.isnan(auc_neg):
        return None
    problem = mismatch(1.0 - float(auc), auc_neg)
    return None if problem is None else f"AUC of the negated scores should be 1 - AUC: {problem}"


def _auc_case(rng):
    return _scored(rng, need_both=bool(rng.random() < 0.9))


ROC_AUC = Drill(
    id="roc-auc",
    title="ROC-AUC with ties (Mann-Whitney form)",
    function="roc_auc",
    signature="roc_auc(y_true, y_score) -> float",
    conventions=(
        "AUC = P(score of a random positive > score of a random negative), a tie counting 1/2.",
        "Equals the trapezoidal area under the ROC curve, and sklearn.metrics.roc_auc_score.",
        "Only one class in y_true: no pairs, so return nan (scikit-learn warns and returns nan).",
    ),
    returns="float",
    hints=(
        "How many (positive, negative) pairs are there? In how many is the positive ranked higher, "
        "and what should a tied pair count?",
        "Pairwise: np.sum(pos[:, None] > neg[None, :]) + 0.5 * ties, over P*N. In O(n log n): rank "
        "all scores with ties sharing their average rank; that is the Mann-Whitney U statistic.",
        "ranks = average ranks (1 = lowest; ties get the mean rank); u = ranks[y_true == 1].sum() - "
        "P*(P+1)/2; return u / (P*N), or nan when P*N == 0.",
    ),
    edges=(
        Edge("perfect-ranking", "every positive above every negative: 1.0",
             (a([0, 0, 1, 1]), a([0.1, 0.2, 0.8, 0.9]))),
        Edge("all-above-half", "every score is above 0.5 yet the ranking is perfect: AUC ranks the scores, "
             "it never thresholds them", (a([0, 0, 1, 1]), a([0.6, 0.7, 0.8, 0.9]))),
        Edge("one-tied-pair", "a tied (positive, negative) pair counts one half",
             (a([0, 1, 0, 1]), a([0.1, 0.5, 0.5, 0.9]))),
        Edge("all-tied", "a constant score cannot rank anything: 0.5",
             (a([0, 1, 1, 0]), a([0.4, 0.4, 0.4, 0.4]))),
        Edge("inverted", "every negative above every positive: 0.0, not 1.0",
             (a([1, 1, 0, 0]), a([0.1, 0.2, 0.8, 0.9]))),
        Edge("single-class", "no negatives: no pairs to compare, nan", (a([1, 1, 1]), a([0.2, 0.5, 0.9]))),
        Edge("tie-order-trap", "ties listed in different orders must give the same answer",
             (a([1, 0, 0, 1, 0, 1]), a([0.7, 0.7, 0.3, 0.3, 0.3, 0.9]))),
    ),
    random=Random(_auc_case, n=30),
    props=(
        Prop("monotone-transform", "AUC depends only on the ranking: a strictly increasing transform "
             "of the scores leaves it unchanged", _monotone(_auc_case, lambda s: np.exp(s) * 2 - 1),
             _same("AUC before and after the transform")),
        Prop("negated-scores", "reversing the ranking turns AUC into 1 - AUC",
             lambda rng: (lambda y, s: [(y, s), (y, -s)])(*_scored(rng, need_both=True)), _auc_reversed),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled(_auc_case),
             _same("AUC before and after shuffling")),
    ),
    wrongs=(
        Wrong("ties-count-zero", "you counted only pairs with positive > negative; a tied pair counts "
              "one half", _auc_strict),
        Wrong("ties-count-one", "you counted tied pairs as fully correct (>=); a tie counts one half",
              _auc_ties_win),
        Wrong("ordinal-ranks", "you ranked tied scores by their position (argsort of argsort); ties "
              "must share their average rank", _auc_ordinal_ranks),
        Wrong("inverted", "you counted pairs where the negative scores higher: that is 1 - AUC",
              _auc_flipped),
        Wrong("thresholded-labels", "you thresholded the scores at 0.5 and ranked the 0/1 predictions: that "
              "is balanced accuracy at one threshold; AUC ranks the raw scores over every threshold",
              _auc_thresholded),
        Wrong("single-class-half", "you returned 0.5 for a single class; with no pairs AUC is undefined "
              "(nan)", _auc_one_class_half),
    ),
)

# --- 4. the threshold for a target recall -----------------------------------------------


def _recall_case(rng):
    y_true, y_score = _scored(rng, need_both=True)
    return call(y_true, y_score, target_recall=float(rng.choice([0.5, 0.7, 0.8, 0.9, 0.95, 1.0, 0.3])))


def _tfr_candidates(y_true, y_score, target, above=False):
    candidates = np.unique(y_score)[::-1]
    pos = y_score[y_true == 1]
    recall = np.array([np.mean(pos >= t) for t in candidates])
    ok = recall > target if above else recall >= target
    return candidates, ok


def _tfr_lowest(y_true, y_score, target_recall):
    candidates, ok = _tfr_candidates(y_true, y_score, target_recall)
    return float(candidates[np.flatnonzero(ok)[-1]])


def _tfr_strict(y_true, y_score, target_recall):
    candidates, ok = _tfr_candidates(y_true, y_score, target_recall, above=True)
    return float(candidates[np.flatnonzero(ok)[0]]) if ok.any() else float(candidates[-1])


def _tfr_ceil(y_true, y_score, target_recall):
    pos = np.sort(y_score[y_true == 1])[::-1]
    k = int(np.ceil(target_recall * pos.size))
    return float(pos[min(k, pos.size) - 1])


def _tfr_all_scores(y_true, y_score, target_recall):
    pos = np.sort(y_score[y_true == 1])[::-1]
    k = np.flatnonzero(np.arange(1, pos.size + 1) / pos.size >= target_recall)[0] + 1
    return float(np.sort(y_score)[::-1][k - 1])


def _tfr_transform(outs, calls):
    t0, t1 = outs
    problem = mismatch(3 * float(t0) + 7, t1, Tol(rtol=1e-9, atol=1e-9))
    return None if problem is None else "with scores mapped by s -> 3s + 7 the threshold should map " \
        "the same way: " + problem


THRESHOLD_FOR_RECALL = Drill(
    id="threshold-for-recall",
    title="The threshold for a target recall",
    function="threshold_for_recall",
    signature="threshold_for_recall(y_true, y_score, target_recall) -> float",
    conventions=(
        "Candidates are the scores themselves; predicted positive means score >= threshold.",
        "Return the highest threshold whose recall is >= target_recall (recall >= target, not >).",
        "No positives, or target_recall outside (0, 1]: raise ValueError.",
    ),
    returns="float",
    hints=(
        "To catch k of the P positives, which positive's score must the threshold not exceed?",
        "Sort the positives' scores from high to low; the answer is the k-th of them for the smallest "
        "k with k / P >= target. Beware ceil(target * P) with floats.",
        "if not 0 < target_recall <= 1: raise ValueError; pos = np.sort(y_score[y_true == "
        "1])[::-1]; P = pos.size; if P == 0: raise ValueError; k = np.flatnonzero(np.arange(1, "
        "P + 1) / P >= target_recall)[0] + 1; return float(pos[k - 1]).",
    ),
    edges=(
        Edge("half", "recall 0.5 of 4 positives: the 2nd highest positive score",
             (a([1, 0, 1, 1, 0, 1]), a([0.9, 0.8, 0.7, 0.4, 0.3, 0.2])), {"target_recall": 0.5}),
        Edge("full-recall", "recall 1.0: the lowest positive score",
             (a([1, 0, 1, 0, 1]), a([0.9, 0.8, 0.6, 0.5, 0.1])), {"target_recall": 1.0}),
        Edge("float-trap", "0.7 * 10 is 7.000000000000001 in floating point: ceil() would ask for 8 positives",
             (a([1] * 10 + [0] * 3), a([1.0, .9, .8, .7, .6, .5, .4, .3, .2, .1, .85, .55, .05])),
             {"target_recall": 0.7}),
        Edge("negatives-in-between", "negative scores are not candidates that change recall",
             (a([1, 0, 0, 1]), a([0.9, 0.8, 0.7, 0.6])), {"target_recall": 1.0}),
        Edge("no-positives", "recall is undefined without positives: ValueError",
             (a([0, 0]), a([0.3, 0.6])), {"target_recall": 0.5}),
        Edge("bad-target", "a target above 1 can never be met: ValueError",
             (a([1, 0]), a([0.3, 0.6])), {"target_recall": 1.5}),
    ),
    random=Random(_recall_case),
    props=(
        Prop("monotone-transform", "mapping every score through s -> 3s + 7 maps the threshold the same way",
             _monotone(_recall_case), _tfr_transform),
    ),
    wrongs=(
        Wrong("lowest-threshold", "you returned the lowest threshold that meets the target; any lower one "
              "also does, the question asks for the highest", _tfr_lowest),
        Wrong("strictly-above", "you required recall > target; reaching the target exactly is enough",
              _tfr_strict),
        Wrong("ceil-float-trap", "you used ceil(target * P); in floating point 0.7 * 10 = "
              "7.000000000000001, so ceil asks for one positive too many", _tfr_ceil),
        Wrong("all-scores", "you took the k-th highest score among all samples; count only the positives",
              _tfr_all_scores),
    ),
)

# --- 5. the cost-optimal threshold -----------------------------------------------------


def _cost_case(rng):
    y_true, y_score = _scored(rng)
    costs = [0.5, 1.0, 2.0, 5.0, 10.0, 2.5]
    return call(y_true, y_score, cost_fp=float(rng.choice(costs)), cost_fn=float(rng.choice(costs)))


def _cost_search(y_true, y_score, cost_fp, cost_fn, *, with_inf=True, lowest=False, strict=False):
    candidates = np.unique(y_score)
    if with_inf:
        candidates = np.r_[candidates, np.inf]
    pred = (y_score[None, :] > candidates[:, None]) if strict else (y_score[None, :] >= candidates[:, None])
    fp = np.sum(pred & (y_true == 0), axis=1)
    fn = np.sum(~pred & (y_true == 1), axis=1)
    cost = cost_fp * fp + cost_fn * fn
    best = np.flatnonzero(cost == cost.min())
    return float(candidates[best[0] if lowest else best[-1]])


def _cost_swapped(y_true, y_score, cost_fp, cost_fn):
    return _cost_search(y_true, y_score, cost_fn, cost_fp)


def _cost_no_inf(y_true, y_score, cost_fp, cost_fn):
    return _cost_search(y_true, y_score, cost_fp, cost_fn, with_inf=False)


def _cost_lowest(y_true, y_score, cost_fp, cost_fn):
    return _cost_search(y_true, y_score, cost_fp, cost_fn, lowest=True)


def _cost_errors_only(y_true, y_score, cost_fp, cost_fn):
    return _cost_search(y_true, y_score, 1.0, 1.0)


def _cost_scaled(rng):
    c = _cost_case(rng)
    k = float(rng.choice([2.0, 10.0, 0.5]))
    return [c, call(*c.args, cost_fp=c.kwargs["cost_fp"] * k, cost_fn=c.kwargs["cost_fn"] * k)]


COST_OPTIMAL_THRESHOLD = Drill(
    id="cost-optimal-threshold",
    title="The cost-optimal threshold",
    function="cost_optimal_threshold",
    signature="cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn) -> float",
    conventions=(
        "Candidates: every distinct score, plus +inf (flag nothing); score >= threshold is flagged.",
        "Total cost at t = cost_fp * FP(t) + cost_fn * FN(t); return the candidate minimising it.",
        "Ties in cost: the highest threshold (the fewest alarms). The answer may be inf.",
    ),
    returns="float",
    hints=(
        "What does flagging nothing cost, and what does flagging everything cost? Are both among "
        "your candidates?",
        "For each candidate t count FP(t) (negatives with score >= t) and FN(t) (positives with score "
        "< t), weigh them by their costs, and take the argmin; mind which way ties break.",
        "c = np.r_[np.unique(y_score), np.inf]; pred = y_score[None, :] >= c[:, None]; cost = cost_fp * "
        "(pred & (y_true == 0)).sum(1) + cost_fn * (~pred & (y_true == 1)).sum(1); return "
        "float(c[np.flatnonzero(cost == cost.min())[-1]]).",
    ),
    edges=(
        Edge("misses-expensive", "a miss costs 10 alarms: flag down to the lowest positive",
             (a([1, 0, 0, 1, 0]), a([0.9, 0.7, 0.5, 0.3, 0.1])), {"cost_fp": 1.0, "cost_fn": 10.0}),
        Edge("alarms-expensive", "an alarm costs 10 misses: flagging nothing (inf) is cheapest",
             (a([1, 0, 0, 1, 0]), a([0.9, 0.95, 0.5, 0.3, 0.1])), {"cost_fp": 10.0, "cost_fn": 1.0}),
        Edge("cost-tie", "two thresholds cost the same: take the higher",
             (a([1, 0, 1, 0]), a([0.8, 0.6, 0.4, 0.2])), {"cost_fp": 1.0, "cost_fn": 1.0}),
        Edge("tied-scores", "tied scores are flagged together", (a([1, 0, 1, 0]), a([0.5, 0.5, 0.5, 0.1])),
             {"cost_fp": 1.0, "cost_fn": 3.0}),
    ),
    random=Random(_cost_case, n=30),
    props=(
        Prop("scale-invariant", "multiplying both costs by the same factor cannot move the optimum",
             _cost_scaled, _same("thresholds before and after scaling the costs")),
    ),
    wrongs=(
        Wrong("costs-swapped", "you weighted FP by cost_fn and FN by cost_fp", _cost_swapped),
        Wrong("no-flag-nothing", "you left +inf (flag nothing) out of the candidates; sometimes doing "
              "nothing is cheapest", _cost_no_inf),
        Wrong("lowest-on-tie", "on a cost tie you took the lowest threshold; the convention is the highest",
              _cost_lowest),
        Wrong("ignored-costs", "you minimised the number of errors; weigh each error by its cost",
              _cost_errors_only),
    ),
)

DRILLS = [THRESHOLD_SWEEP, ROC_CURVE, ROC_AUC, THRESHOLD_FOR_RECALL, COST_OPTIMAL_THRESHOLD]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'threshold-sweep': """
def confusion_at_thresholds(y_true, y_score, thresholds):
    pos = np.sort(y_score[y_true == 1])
    tp = pos.size - np.searchsorted(pos, thresholds, side='left')
    neg = np.sort(y_score[y_true == 0])  # hint: same for fp with the negatives
    fp = neg.size - np.searchsorted(neg, thresholds, side='left')  # hint: same for fp with the negatives
    fn = pos.size - tp  # hint: fn = P - tp
    tn = neg.size - fp  # hint: tn = N - fp
    return tp, fp, fn, tn
""",
    'roc-curve': """
def roc_curve_points(y_true, y_score):
    order = np.argsort(-y_score, kind='stable')
    s, t = y_score[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1]
    tps = np.r_[0, np.cumsum(t)[last]]
    fps = np.r_[0, last + 1 - tps[1:]]
    return fps / fps[-1], tps / tps[-1], np.r_[np.inf, s[last]]
""",
    'roc-auc': """
def roc_auc(y_true, y_score):
    P, N = np.sum(y_true == 1), np.sum(y_true == 0)  # hint: P*N
    if P * N == 0:  # hint: or nan when P*N == 0
        return float('nan')  # hint: or nan when P*N == 0
    values, inverse, counts = np.unique(y_score, return_inverse=True, return_counts=True)  # hint: ties get the mean rank
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]  # hint: ranks = average ranks (1 = lowest; ties get the mean rank)
    u = ranks[y_true == 1].sum() - P*(P+1)/2
    return float(u / (P*N))  # hint: return u / (P*N)
""",
    'threshold-for-recall': """
def threshold_for_recall(y_true, y_score, target_recall):
    if not 0 < target_recall <= 1:
        raise ValueError
    pos = np.sort(y_score[y_true == 1])[::-1]
    P = pos.size
    if P == 0:
        raise ValueError
    k = np.flatnonzero(np.arange(1, P + 1) / P >= target_recall)[0] + 1
    return float(pos[k - 1])
""",
    'cost-optimal-threshold': """
def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    c = np.r_[np.unique(y_score), np.inf]
    pred = y_score[None, :] >= c[:, None]
    cost = cost_fp * (pred & (y_true == 0)).sum(1) + cost_fn * (~pred & (y_true == 1)).sum(1)
    return float(c[np.flatnonzero(cost == cost.min())[-1]])
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
