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
    # TODO: for each threshold t, predicted positive means y_score >= t.
    raise NotImplementedError


def roc_curve_points(y_true, y_score):
    """A pedestrian detector's scores are swept from the highest threshold to the lowest.
    Return (fpr, tpr, thresholds) like sklearn's roc_curve(..., drop_intermediate=False):
    one point per distinct score, plus a first point (0, 0) at threshold +inf.
    """
    # TODO: sort by score (descending), accumulate TP and FP, keep the last index of each tie.
    raise NotImplementedError


def roc_auc(y_true, y_score):
    """Pick a random fraud and a random legitimate transaction: how often does the model
    score the fraud higher? Ties count half. Return a float; nan when y_true holds only
    one class.
    """
    # TODO: count (positive, negative) pairs ordered correctly, or use average ranks.
    raise NotImplementedError


def threshold_for_recall(y_true, y_score, target_recall):
    """A screening programme must catch at least target_recall of the ill patients.
    Return the highest threshold (one of the scores) that reaches that recall, as a float.
    Raise ValueError when there are no positives or the target is not in (0, 1].
    """
    # TODO: which positive's score must still be >= the threshold?
    raise NotImplementedError


def cost_optimal_threshold(y_true, y_score, cost_fp, cost_fn):
    """A false alarm costs cost_fp, a missed fraud costs cost_fn. Among the distinct scores
    and +inf (flag nothing), return the threshold with the lowest total cost as a float;
    on a tie, the highest such threshold.
    """
    # TODO: total cost = cost_fp * FP(t) + cost_fn * FN(t) for every candidate t.
    raise NotImplementedError
