"""Specs for drill set 03: the precision-recall curve and average precision."""

import numpy as np

from mlmetrics_edu.drill.cases import both_classes, call, scores_with_ties
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Wrong, with_hint_solutions

TITLE = "Precision-recall curve and average precision"

a = np.array


def _case(rng):
    y_true = both_classes(rng)
    if rng.random() < 0.15:
        y_true[:] = 1  # sometimes only positives
    return y_true, scores_with_ties(rng, y_true)


def _monotone(rng):
    y_true, y_score = _case(rng)
    return [call(y_true, y_score), call(y_true, np.exp(y_score) + 1)]


def _shuffled(rng):
    y_true, y_score = _case(rng)
    order = rng.permutation(y_true.size)
    return [call(y_true, y_score), call(y_true[order], y_score[order])]


def _sweep(y_true, y_score, collapse=True):
    order = np.argsort(-y_score, kind="stable")
    score, truth = y_score[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(score)), score.size - 1] if collapse else np.arange(score.size)
    tps = np.cumsum(truth)[last]
    return tps / (last + 1), tps / tps[-1], score[last]


# --- 1. PR curve points ----------------------------------------------------------------


def _pr_no_endpoint(y_true, y_score):
    p, r, t = _sweep(y_true, y_score)
    return p[::-1], r[::-1], t[::-1]


def _pr_descending(y_true, y_score):
    p, r, t = _sweep(y_true, y_score)
    return np.r_[p, 1.0], np.r_[r, 0.0], t


def _pr_per_sample(y_true, y_score):
    p, r, t = _sweep(y_true, y_score, collapse=False)
    return np.r_[p[::-1], 1.0], np.r_[r[::-1], 0.0], t[::-1]


def _pr_same_points(outs, calls):
    (p0, r0, _), (p1, r1, _) = outs
    problem = mismatch(np.asarray(p0, float), np.asarray(p1, float)) or \
        mismatch(np.asarray(r0, float), np.asarray(r1, float))
    return None if problem is None else "a strictly increasing transform of the scores must keep " \
        "every (recall, precision) point: " + problem


PR_CURVE = Drill(
    id="pr-curve",
    title="Precision-recall curve points",
    function="pr_curve_points",
    signature="pr_curve_points(y_true, y_score) -> (precision, recall, thresholds) float arrays",
    conventions=(
        "One point per distinct score t (flagging score >= t), thresholds in ascending order.",
        "precision and recall end with one extra point, precision 1.0 and recall 0.0, which has no "
        "threshold: they are one longer than thresholds.",
        "Same as sklearn.metrics.precision_recall_curve(y_true, y_score) (drop_intermediate=False).",
        "y_true holds at least one positive.",
    ),
    returns="tuple of 3 float arrays; precision and recall one longer than thresholds",
    names=("precision", "recall", "thresholds"),
    hints=(
        "At a threshold t, which samples are flagged, and how many of them are positive?",
        "Sort by score descending and take cumulative sums as for the ROC curve (one point per run of "
        "tied scores); precision = TP / flagged, recall = TP / P. Then reverse, and append the end point.",
        "order = np.argsort(-y_score, kind='stable'); s, t = y_score[order], y_true[order]; n "
        "= s.size; last = np.r_[np.flatnonzero(np.diff(s)), n - 1]; tps = np.cumsum(t)[last]; "
        "p = tps / (last + 1); r = tps / tps[-1]; return np.r_[p[::-1], 1.0], np.r_[r[::-1], "
        "0.0], s[last][::-1].",
    ),
    edges=(
        Edge("distinct-scores", "no ties: one point per sample plus the end point",
             (a([0, 1, 1, 0]), a([0.1, 0.4, 0.35, 0.8]))),
        Edge("tied-scores", "tied scores are flagged together: one point for the tie",
             (a([0, 1, 1, 0, 1]), a([0.2, 0.5, 0.5, 0.5, 0.9]))),
        Edge("all-positive", "no negatives: precision is 1.0 everywhere", (a([1, 1, 1]), a([0.3, 0.1, 0.2]))),
        Edge("rare-positive", "one positive ranked third: precision 1/3 when it is found",
             (a([0, 0, 1, 0]), a([0.9, 0.8, 0.7, 0.1]))),
    ),
    random=Random(_case),
    props=(
        Prop("monotone-transform", "the curve depends only on the ranking of the scores", _monotone,
             _pr_same_points),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled,
             lambda outs, calls: all_same(outs, what="curves before and after shuffling")),
    ),
    wrongs=(
        Wrong("no-end-point", "you left out the final point (recall 0, precision 1): precision and "
              "recall have one more entry than thresholds", _pr_no_endpoint),
        Wrong("descending-thresholds", "your thresholds descend; scikit-learn lists them ascending "
              "(recall decreasing)", _pr_descending),
        Wrong("one-point-per-sample", "you made one point per sample; tied scores are flagged together",
              _pr_per_sample),
    ),
)

# --- 2. average precision -----------------------------------------------------------------


def _ap_trapezoid(y_true, y_score):
    if not np.any(y_true == 1):
        return 0.0
    p, r, _ = _sweep(y_true, y_score)
    r, p = np.r_[0.0, r], np.r_[1.0, p]
    return float(np.sum(np.diff(r) * (p[1:] + p[:-1]) / 2))


def _ap_per_positive(y_true, y_score):
    if not np.any(y_true == 1):
        return 0.0
    order = np.argsort(-y_score, kind="stable")
    truth = y_true[order]
    hits = np.cumsum(truth)
    ranks = np.arange(1, truth.size + 1)
    return float(np.mean((hits / ranks)[truth == 1]))


def _ap_interpolated(y_true, y_score):
    if not np.any(y_true == 1):
        return 0.0
    p, r, _ = _sweep(y_true, y_score)
    p = np.maximum.accumulate(p[::-1])[::-1]  # best precision at this recall or beyond
    return float(np.sum(np.diff(np.r_[0.0, r]) * p))


def _ap_unguarded(y_true, y_score):
    p, r, _ = _sweep(y_true, y_score)
    return float(np.sum(np.diff(np.r_[0.0, r]) * p))


def _ap_case(rng):
    y_true = both_classes(rng)
    if rng.random() < 0.1:
        y_true[:] = 0
    return y_true, scores_with_ties(rng, y_true)


AVERAGE_PRECISION = Drill(
    id="average-precision",
    title="Average precision (area under the PR curve, step-wise)",
    function="average_precision",
    signature="average_precision(y_true, y_score) -> float",
    conventions=(
        "AP = sum_n (R_n - R_{n-1}) P_n over the distinct thresholds from high to low, R_0 = 0.",
        "No interpolation of precision, no trapezoids: sklearn.metrics.average_precision_score.",
        "Tied scores form one threshold. No positives at all: 0.0 (scikit-learn warns and returns 0.0).",
    ),
    returns="float",
    hints=(
        "Walking down the ranking one distinct score at a time, when does recall grow, and what is the "
        "precision at that moment?",
        "Build precision and recall per distinct threshold (as in pr-curve), then sum precision times the "
        "recall gained at that threshold.",
        "p, r per threshold from high to low (ties grouped); return float(np.sum(np.diff(np.r_[0, r]) * p)); "
        "return 0.0 first when y_true has no positives.",
    ),
    edges=(
        Edge("perfect-ranking", "all positives on top: AP = 1.0", (a([1, 1, 0, 0]), a([0.9, 0.8, 0.2, 0.1]))),
        Edge("interleaved", "precision 1 then 2/3: AP = (1 + 2/3) / 2",
             (a([1, 0, 1, 0]), a([0.9, 0.8, 0.7, 0.1]))),
        Edge("tie-across-classes", "a positive tied with a negative is found with precision 1/2, "
             "whatever their order", (a([0, 1, 1]), a([0.5, 0.5, 0.2]))),
        Edge("precision-dip", "precision falls then rises: interpolation would overstate AP",
             (a([0, 1, 0, 0, 1, 1]), a([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]))),
        Edge("no-positives", "nothing to retrieve: 0.0 by convention", (a([0, 0]), a([0.4, 0.6]))),
    ),
    random=Random(_ap_case, n=30),
    props=(
        Prop("monotone-transform", "AP depends only on the ranking", _monotone,
             lambda outs, calls: all_same(outs, what="AP before and after the transform")),
        Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled,
             lambda outs, calls: all_same(outs, what="AP before and after shuffling")),
    ),
    wrongs=(
        Wrong("trapezoid", "you used the trapezoid rule; AP is a step sum, and linear interpolation "
              "between PR points is optimistic", _ap_trapezoid),
        Wrong("ties-by-position", "you took the precision at each positive's position in the sorted "
              "order; tied scores share one threshold, so a tie's order must not matter", _ap_per_positive),
        Wrong("interpolated-precision-variant", "you interpolated precision (the best precision at any "
              "higher recall): the PASCAL VOC / COCO variant of AP, standard in object detection, not a "
              "mistake there -- but this drill grades scikit-learn's AP, which uses the raw precision",
              _ap_interpolated),
        Wrong("no-positives-nan", "with no positives recall is 0/0; the convention is to return 0.0",
              _ap_unguarded),
    ),
)

DRILLS = [PR_CURVE, AVERAGE_PRECISION]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'pr-curve': """
def pr_curve_points(y_true, y_score):
    order = np.argsort(-y_score, kind='stable')
    s, t = y_score[order], y_true[order]
    n = s.size
    last = np.r_[np.flatnonzero(np.diff(s)), n - 1]
    tps = np.cumsum(t)[last]
    p = tps / (last + 1)
    r = tps / tps[-1]
    return np.r_[p[::-1], 1.0], np.r_[r[::-1], 0.0], s[last][::-1]
""",
    'average-precision': """
def average_precision(y_true, y_score):
    if not np.any(y_true == 1):  # hint: return 0.0 first when y_true has no positives
        return 0.0  # hint: return 0.0 first when y_true has no positives
    order = np.argsort(-y_score, kind='stable')  # hint: per threshold from high to low
    s, t = y_score[order], y_true[order]  # hint: per threshold from high to low
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1]  # hint: (ties grouped)
    tps = np.cumsum(t)[last]  # hint: p, r per threshold
    p = tps / (last + 1)  # hint: p, r per threshold
    r = tps / tps[-1]  # hint: p, r per threshold
    return float(np.sum(np.diff(np.r_[0, r]) * p))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
