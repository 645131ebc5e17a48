"""Ranking kernels: the threshold sweep's cumulative counts, ROC AUC and average precision.

ROC AUC is one quantity -- the Mann-Whitney statistic, P(a positive outscores a negative),
ties counting half -- reached three ways, all here: from the curve's cumulative counts
(:func:`roc_auc_from_counts`, which also gives the partial AUC), from sorted per-class scores
(:func:`rank_counts` then :func:`mann_whitney_auc`) and from per-score histograms of the two
classes (:func:`roc_auc_from_histograms`: the streaming states and the bootstrap's resamples).
Used by :mod:`~mlmetrics_edu.curves`, :mod:`~mlmetrics_edu.monitoring`,
:mod:`~mlmetrics_edu.significance` and the threshold explorer.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    MetricInputError,
    as_float_array,
    check_consistent_length,
    check_sample_weight,
    warn_undefined,
)
from .labels import curve_positive_mask, labels_1d

__all__ = ["average_precision_from_counts", "binary_clf_curve", "check_scores", "check_weight",
           "mann_whitney_auc", "rank_counts", "roc_auc_from_counts", "roc_auc_from_histograms",
           "sorted_counts", "trapezoid"]


# --------------------------------------------------------------------------- reading scores


def check_scores(y_score, ndim=(1,)):
    """``y_score`` as a finite float64 array; a 2-D array for a binary target gets a hint."""
    score = as_float_array(y_score, "y_score", ndim=(1, 2))
    if score.ndim not in ndim:
        if score.ndim == 2:
            raise MetricInputError(
                f"y_score must be 1-D for a binary target, got shape {score.shape}; "
                "for predict_proba output pass the positive-class column, y_score[:, 1]"
            )
        raise MetricInputError(
            f"y_score must be 2-D (n_samples, n_classes) here, got shape {score.shape}"
        )
    return score


def check_weight(sample_weight, n):
    """``sample_weight`` validated, refusing all zeros (no threshold would carry any weight)."""
    weight = check_sample_weight(sample_weight, n)
    if weight is not None and not weight.any():
        raise MetricInputError("sample_weight is all zeros; at least one weight must be > 0")
    return weight


# --------------------------------------------------------------------------- the sweep


def sorted_counts(is_pos, score, weight):
    """The engine: cumulative (fps, tps, thresholds) at each distinct score, high to low.

    ``tps[i]`` is the (weighted) number of positives with ``score >= thresholds[i]``, ``fps[i]``
    the same for negatives; ``tps[-1]`` and ``fps[-1]`` are the class totals.
    """
    if weight is not None and not weight.all():
        # Zero-weight samples must not create thresholds of their own (as in scikit-learn).
        keep = weight != 0
        is_pos, score, weight = is_pos[keep], score[keep], weight[keep]
    # The one sort. Quicksort (introsort) is the fastest kind; it is not stable, which is
    # harmless: counts are read only at the end of each block of tied scores.
    order = np.argsort(-score)  # high to low
    score, is_pos = score[order], is_pos[order]
    if weight is None:
        tps = np.cumsum(is_pos, dtype=np.float64)
        fps = np.arange(1.0, len(score) + 1) - tps  # everything at or above that is not a TP
    else:
        weight = weight[order]
        tps = np.cumsum(weight * is_pos)
        fps = np.cumsum(weight * ~is_pos)  # its own running sum stays non-decreasing
    new_score = score[1:] != score[:-1]
    if new_score.all():
        return fps, tps, score  # no ties: every sample is its own threshold
    # Keep the last sample of each block of tied scores: one threshold per distinct score.
    ends = np.flatnonzero(np.append(new_score, True))
    return fps[ends], tps[ends], score[ends]


def binary_clf_curve(y_true, y_score, pos_label=None, sample_weight=None, func="roc_curve"):
    """Validate a binary problem, then sort once: (fps, tps, thresholds), thresholds descending.

    Every curve of :mod:`~mlmetrics_edu.curves` and the threshold explorer start here; ``func``
    names the caller in error messages. The scores, which validate their own (possibly
    multiclass or multilabel) targets, call the engine :func:`sorted_counts` directly.

    >>> fps, tps, thresholds = binary_clf_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fps, tps, thresholds
    (array([0., 1., 1., 2.]), array([1., 1., 2., 2.]), array([0.8 , 0.4 , 0.35, 0.1 ]))
    """
    score = check_scores(y_score)
    y = labels_1d(y_true)
    check_consistent_length(("y_true", y), ("y_score", score))
    weight = check_weight(sample_weight, len(y))
    is_pos = curve_positive_mask(y, pos_label, func)
    return sorted_counts(is_pos, score, weight)


# --------------------------------------------------------------------------- areas


def trapezoid(x, y):
    """Area under the polyline through ``(x, y)`` by the trapezoidal rule (x monotone;
    decreasing x gives minus the area). ``curves.auc`` validates, then calls this."""
    dx = np.diff(x)
    direction = -1.0 if (dx < 0).any() else 1.0
    return float(direction * np.sum(dx * (y[1:] + y[:-1]) / 2.0))


def roc_auc_from_counts(fps, tps, max_fpr=None):
    """ROC AUC (or McClish-standardised partial AUC) from the sweep's cumulative counts;
    nan with an UndefinedMetricWarning if one class. Used by ``roc_auc_score`` (weighted or
    partial) and the threshold explorer."""
    negatives, positives = fps[-1], tps[-1]
    if negatives == 0 or positives == 0:
        warn_undefined("ROC AUC is undefined when y_true (or a column of it) holds only one "
                       "class; that score is nan.")
        return float("nan")
    if max_fpr is None or max_fpr == 1:
        # Trapezoids in count space, from (0, 0): each step moves right by its new negatives at
        # the average of the two tp heights, so the area counts the correctly ranked
        # (positive, negative) pairs, ties as half -- the Mann-Whitney statistic.
        pairs = (fps[0] * tps[0] + np.dot(np.diff(fps), tps[1:] + tps[:-1])) / 2
        return float(pairs / (positives * negatives))
    fpr = np.concatenate([[0.0], fps / negatives])
    tpr = np.concatenate([[0.0], tps / positives])
    # Cut the curve at fpr = max_fpr, adding the crossing point by linear interpolation.
    stop = np.searchsorted(fpr, max_fpr, side="right")
    tpr_cut = np.interp(max_fpr, fpr[stop - 1 : stop + 1], tpr[stop - 1 : stop + 1])
    partial = trapezoid(np.append(fpr[:stop], max_fpr), np.append(tpr[:stop], tpr_cut))
    min_area = 0.5 * max_fpr**2  # the diagonal: a classifier that ranks at random
    max_area = max_fpr  # a perfect ranking: tpr = 1 from fpr = 0
    return 0.5 * (1 + (partial - min_area) / (max_area - min_area))


def rank_counts(is_pos, score):
    """Sort each class's scores (no argsort, no gather): for each distinct positive score v,
    how many positives sit at v, how many rank at or above it, and how many negatives lie
    below v or tie with it.

    This is all that the unweighted ROC AUC and AP need, and sorting plain values is several
    times faster than ``np.argsort`` plus the gathers a full curve needs.
    """
    pos, neg = np.sort(score[is_pos]), np.sort(score[~is_pos])
    starts = np.flatnonzero(np.diff(pos, prepend=-np.inf))  # first of each tie block
    values = pos[starts]
    pos_at = np.diff(np.append(starts, len(pos)))
    pos_at_or_above = len(pos) - starts
    neg_below = np.searchsorted(neg, values, side="left")
    neg_tied = np.searchsorted(neg, values, side="right") - neg_below
    return pos_at, pos_at_or_above, neg_below, neg_tied, len(pos), len(neg)


def mann_whitney_auc(pos_at, outranked, positives, negatives, *, scale=1.0):
    """``sum(pos_at * outranked) / (scale * positives * negatives)`` along the last axis:
    P(a random positive outscores a random negative), a tie counting half.

    ``pos_at`` is the positive weight at each score and ``outranked`` the negative weight a
    positive there beats: the negatives strictly below plus half of those tied with it (or
    twice that, with ``scale=2``, to keep integer counts exact). No check: the caller handles
    one class (0/0 is nan, silently, for the rows of a batch). The one formula behind every
    ROC AUC of the package: ``roc_auc_score``, the streaming states, the bootstrap's fast path.
    """
    if np.ndim(pos_at) == 1:
        return float(np.dot(pos_at, outranked) / (scale * positives * negatives))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.einsum("...i,...i->...", pos_at, outranked) / (scale * positives * negatives)


def roc_auc_from_histograms(pos, neg):
    """ROC AUC from the positive and negative weight at each score (scores ascending along the
    last axis; one row per resample in a batch). nan where a row holds one class, without a
    warning. Used by the streaming AUC states and the bootstrap's fast AUC."""
    positives, negatives = pos.sum(axis=-1), neg.sum(axis=-1)
    if np.ndim(pos) == 1:
        if positives == 0 or negatives == 0:
            return float("nan")
        neg_below = np.cumsum(neg) - neg
        return mann_whitney_auc(pos, neg_below + 0.5 * neg, positives, negatives)
    twice_outranked = np.cumsum(neg, axis=-1)  # 2 (at or below) - at = 2 below + at: integers
    twice_outranked *= 2
    twice_outranked -= neg
    return mann_whitney_auc(pos, twice_outranked, positives, negatives, scale=2.0)


def average_precision_from_counts(fps, tps):
    """Average precision from the sweep's cumulative counts: each threshold's precision,
    weighted by the recall it adds. 0.0 with an UndefinedMetricWarning without positives.
    Used by ``average_precision_score`` (weighted) and the threshold explorer."""
    if tps[-1] == 0:
        warn_undefined("average precision: y_true (or a column of it) has no positive samples, "
                       "so recall is 0/0; following scikit-learn, AP is 0.0 there.")
        return 0.0
    precision = tps / (tps + fps)
    # A step function, no straight lines between points.
    return float(np.dot(np.diff(tps, prepend=0.0), precision) / tps[-1])
