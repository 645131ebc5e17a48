"""Reference answers for drill set 02 (mirrors drills/02_thresholds_roc.py).

Conventions follow scikit-learn: predicted positive means score >= threshold; the
ROC curve starts at (0, 0) with threshold +inf and has one point per distinct
score; ROC-AUC gives tied (positive, negative) pairs half credit and is nan when
only one class is present.
"""

import numpy as np


def confusion_at_thresholds(y_true, y_score, thresholds):
    """A fraud model scores transactions; the team wants the confusion counts at several
    candidate thresholds at once. Return (tp, fp, fn, tn): four int arrays, one entry
    per threshold, in the order the thresholds were given.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    # Sort each class's scores once; then "how many scores are >= t" is a binary search.
    pos = np.sort(y_score[y_true == 1])
    neg = np.sort(y_score[y_true == 0])
    tp = pos.size - np.searchsorted(pos, thresholds, side="left")  # positives scoring >= t
    fp = neg.size - np.searchsorted(neg, thresholds, side="left")  # negatives scoring >= t
    fn = pos.size - tp  # positives left below the threshold
    tn = neg.size - fp
    return tp, fp, fn, tn


def roc_curve_points(y_true, y_score):
    """A pedestrian detector's scores are swept from the highest threshold to the lowest.
    Return (fpr, tpr, thresholds) like sklearn's roc_curve(..., drop_intermediate=False):
    one point per distinct score, plus a first point (0, 0) at threshold +inf.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    order = np.argsort(-y_score, kind="stable")  # highest score first
    score, truth = y_score[order], y_true[order]
    # Lowering the threshold past a group of tied scores admits the whole group at once,
    # so a point sits at the *last* index of each run of equal scores.
    last = np.r_[np.flatnonzero(np.diff(score)), score.size - 1]
    tps = np.cumsum(truth)[last]  # positives admitted so far
    fps = (last + 1) - tps  # everything admitted that was not positive
    tps, fps = np.r_[0, tps], np.r_[0, fps]  # the (0, 0) corner: threshold above every score
    thresholds = np.r_[np.inf, score[last]]
    with np.errstate(invalid="ignore", divide="ignore"):
        fpr = fps / fps[-1]  # fps[-1] = all negatives; 0/0 gives nan when there are none
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def roc_auc(y_true, y_score):
    """Pick a random fraud and a random legitimate transaction: how often does the model
    score the fraud higher? Ties count half. Return a float; nan when y_true holds only
    one class.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    n_pos, n_neg = np.sum(y_true == 1), np.sum(y_true == 0)
    if n_pos == 0 or n_neg == 0:
        return float("nan")  # no pairs to compare: undefined, as in scikit-learn
    # Average ranks (1 = lowest score); a tie shares the mean of the ranks it spans,
    # which is exactly "a tied pair counts half".
    values, inverse, counts = np.unique(y_score, return_inverse=True, return_counts=True)
    last_rank = np.cumsum(counts)
    avg_rank = last_rank - (counts - 1) / 2
    ranks = avg_rank[inverse]
    # Mann-Whitney U: positive rank sum minus the ranks positives would have among themselves.
    u = ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))  # the fraction of (pos, neg) pairs ordered correctly


def threshold_for_recall(y_true, y_score, target_recall):
    """A screening programme must catch at least target_recall of the ill patients.
    Return the highest threshold (one of the scores) that reaches that recall, as a float.
    Raise ValueError when there are no positives or the target is not in (0, 1].
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    if not 0 < target_recall <= 1:
        raise ValueError(f"target_recall must be in (0, 1], got {target_recall}")
    pos = np.sort(y_score[y_true == 1])[::-1]  # the positives, highest score first
    if pos.size == 0:
        raise ValueError("no positives: recall is undefined")
    # Catching k positives needs the threshold at (or below) the k-th highest positive score.
    # Find the smallest k with k/P >= target by comparing, not with ceil(target * P):
    # 0.7 * 10 is 7.000000000000001 in floating point, and ceil would give 8.
    k = np.flatnonzero(np.arange(1, pos.size + 1) / pos.size >= target_recall)[0] + 1
    return float(pos[k - 1])  # ties at this score only raise recall further


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    """A false alarm costs cost_fp, a missed fraud costs cost_fn. Among the distinct scores
    and +inf (flag nothing), return the threshold with the lowest total cost as a float;
    on a tie, the highest such threshold.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    candidates = np.r_[np.unique(y_score), np.inf]  # ascending; +inf flags nobody
    pos = np.sort(y_score[y_true == 1])
    neg = np.sort(y_score[y_true == 0])
    fp = neg.size - np.searchsorted(neg, candidates, side="left")  # negatives flagged
    fn = np.searchsorted(pos, candidates, side="left")  # positives scoring below t: missed
    cost = cost_fp * fp + cost_fn * fn
    best = np.flatnonzero(cost == cost.min())
    return float(candidates[best[-1]])  # candidates ascend, so the last is the highest
