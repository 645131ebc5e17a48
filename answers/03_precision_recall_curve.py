"""Reference answers for drill set 03 (mirrors drills/03_precision_recall_curve.py).

Conventions follow scikit-learn's precision_recall_curve and average_precision_score:
one point per distinct score, the end point (recall 0, precision 1), and average
precision as the step sum of precision times the recall gained (no interpolation).
"""

import numpy as np


def pr_curve_points(y_true, y_score):
    """A fraud model ranks transactions. Return (precision, recall, thresholds) like
    sklearn's precision_recall_curve: thresholds ascending (one per distinct score), and a
    final point precision 1, recall 0 with no threshold. y_true holds at least one positive.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    order = np.argsort(-y_score, kind="stable")  # highest score first
    score, truth = y_score[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(score)), score.size - 1]  # end of each run of ties
    tps = np.cumsum(truth)[last]  # positives flagged at each threshold
    fps = (last + 1) - tps  # negatives flagged
    precision = tps / (tps + fps)  # never 0/0: at least one sample is flagged
    recall = tps / tps[-1]  # tps[-1] is every positive
    # scikit-learn lists thresholds ascending (recall descending) and appends the
    # point (recall 0, precision 1) so the curve reaches the y-axis.
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], score[last][::-1]


def average_precision(y_true, y_score):
    """Summarise a search engine's ranking for one query in one number: the precision
    reached each time recall grows, weighted by how much it grows. Return a float; 0.0
    when there are no positives.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    if not np.any(y_true == 1):
        return 0.0  # no positives: nothing to find (scikit-learn warns and returns 0.0)
    order = np.argsort(-y_score, kind="stable")
    score, truth = y_score[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(score)), score.size - 1]  # tied scores move together
    tps = np.cumsum(truth)[last]
    precision = tps / (last + 1)
    recall = tps / tps[-1]
    # Step sum: each threshold contributes its precision times the recall it added.
    # No interpolation, and no trapezoids, which would be optimistic.
    recall_gain = np.diff(np.r_[0.0, recall])
    return float(np.sum(recall_gain * precision))
