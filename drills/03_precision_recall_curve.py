"""Drill set 03: the precision-recall curve and average precision.

When positives are rare, the PR curve shows what the ROC curve hides: how many of
the flagged items are real. As in set 02, a sample is predicted positive when
score >= threshold. Labels are 0/1 NumPy arrays, scores NumPy float arrays.

    mlmetrics-edu drill check pr-curve
"""

import numpy as np


def pr_curve_points(y_true, y_score):
    """A fraud model ranks transactions. Return (precision, recall, thresholds) like
    sklearn's precision_recall_curve: thresholds ascending (one per distinct score), and a
    final point precision 1, recall 0 with no threshold. y_true holds at least one positive.
    """
    # Graded on these conventions:
    # - One point per distinct score t (flagging score >= t), thresholds in ascending order.
    # - precision and recall end with one extra point, precision 1.0 and recall 0.0, which has no
    #   threshold: they are one longer than thresholds.
    # - Same as sklearn.metrics.precision_recall_curve(y_true, y_score) (drop_intermediate=False).
    # - y_true holds at least one positive.
    # TODO: sweep thresholds, keep one point per distinct score, then order them as sklearn does.
    raise NotImplementedError


def average_precision(y_true, y_score):
    """Summarise a search engine's ranking for one query in one number: the precision
    reached each time recall grows, weighted by how much it grows. Return a float; 0.0
    when there are no positives.
    """
    # Graded on these conventions:
    # - AP = sum_n (R_n - R_{n-1}) P_n over the distinct thresholds from high to low, R_0 = 0.
    # - No interpolation of precision, no trapezoids: sklearn.metrics.average_precision_score.
    # - Tied scores form one threshold. No positives at all: 0.0 (scikit-learn warns and returns
    #   0.0).
    # TODO: AP = sum over thresholds of (R_n - R_{n-1}) * P_n, with no interpolation.
    raise NotImplementedError
