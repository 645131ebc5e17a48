"""Drill set 02: thresholds, the ROC curve and ROC-AUC.

A classifier that outputs scores becomes a yes/no rule only once you pick a
threshold. The convention in every drill here, as in scikit-learn: a sample is
predicted positive when score >= threshold. Labels are 0/1 NumPy arrays, scores
NumPy float arrays (ties happen: rounded scores are common).

    mlmetrics-edu drill check threshold-sweep
"""

import numpy as np


def confusion_at_thresholds(y_true, y_score, thresholds):
    """A fraud model scores transactions; the team wants the confusion counts at several
    candidate thresholds at once. Return (tp, fp, fn, tn): four int arrays, one entry
    per threshold, in the order the thresholds were given.
    """
    # Graded on these conventions:
    # - Predicted positive means y_score >= threshold (a tie with the threshold is positive).
    # - One entry per threshold, in the order given (thresholds need not be sorted; +-inf allowed).
    # - Return four integer arrays of length len(thresholds).
    # TODO: for each threshold t, predicted positive means y_score >= t.
    raise NotImplementedError


def roc_curve_points(y_true, y_score):
    """A pedestrian detector's scores are swept from the highest threshold to the lowest.
    Return (fpr, tpr, thresholds) like sklearn's roc_curve(..., drop_intermediate=False):
    one point per distinct score, plus a first point (0, 0) at threshold +inf.
    """
    # Graded on these conventions:
    # - Thresholds: +inf first, then every distinct score in decreasing order (tied scores share one
    #   point).
    # - fpr = FP / N and tpr = TP / P at each threshold, with score >= threshold predicted positive.
    # - No negatives (or no positives): that rate is 0/0, so nan, as scikit-learn returns.
    # - Same as sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=False).
    # TODO: sort by score (descending), accumulate TP and FP, keep the last index of each tie.
    raise NotImplementedError


def roc_auc(y_true, y_score):
    """Pick a random fraud and a random legitimate transaction: how often does the model
    score the fraud higher? Ties count half. Return a float; nan when y_true holds only
    one class.
    """
    # Graded on these conventions:
    # - AUC = P(score of a random positive > score of a random negative), a tie counting 1/2.
    # - Equals the trapezoidal area under the ROC curve, and sklearn.metrics.roc_auc_score.
    # - Only one class in y_true: no pairs, so return nan (scikit-learn warns and returns nan).
    # TODO: count (positive, negative) pairs ordered correctly, or use average ranks.
    raise NotImplementedError


def threshold_for_recall(y_true, y_score, target_recall):
    """A screening programme must catch at least target_recall of the ill patients.
    Return the highest threshold (one of the scores) that reaches that recall, as a float.
    Raise ValueError when there are no positives or the target is not in (0, 1].
    """
    # Graded on these conventions:
    # - Candidates are the scores themselves; predicted positive means score >= threshold.
    # - Return the highest threshold whose recall is >= target_recall (recall >= target, not >).
    # - No positives, or target_recall outside (0, 1]: raise ValueError.
    # TODO: which positive's score must still be >= the threshold?
    raise NotImplementedError


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    """A false alarm costs cost_fp, a missed fraud costs cost_fn. Among the distinct scores
    and +inf (flag nothing), return the threshold with the lowest total cost as a float;
    on a tie, the highest such threshold.
    """
    # Graded on these conventions:
    # - Candidates: every distinct score, plus +inf (flag nothing); score >= threshold is flagged.
    # - Total cost at t = cost_fp * FP(t) + cost_fn * FN(t); return the candidate minimising it.
    # - Ties in cost: the highest threshold (the fewest alarms). The answer may be inf.
    # TODO: total cost = cost_fp * FP(t) + cost_fn * FN(t) for every candidate t.
    raise NotImplementedError
