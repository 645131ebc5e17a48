"""Threshold sweeps: ROC and precision-recall curves, AUC, average precision, operating points.

A scoring classifier does not say "positive"; it gives a score, and *we* choose a threshold:
predict positive when ``score >= threshold``. Every function here looks at all thresholds at
once, and all of them stand on one idea, :func:`binary_clf_curve`: sort the scores once from
high to low; then a running sum of the positives is TP, and a running sum of the negatives is
FP, for every threshold in a single pass. Each distinct score is one threshold.

The scikit-learn functions (``roc_curve``, ``precision_recall_curve``, ``auc``,
``roc_auc_score``, ``average_precision_score``) give scikit-learn 1.9's results. The teaching
helpers (``threshold_sweep``, ``counts_at_threshold``, ``threshold_for_recall``,
``threshold_for_precision``, ``cost_optimal_threshold``) are ours; ``precision_at_recall`` and
``recall_at_precision`` follow torchmetrics' ``BinaryPrecisionAtFixedRecall`` /
``BinaryRecallAtFixedPrecision``.

Deliberate differences from scikit-learn, everywhere in this module: a column vector of shape
(n, 1) is refused with a message (pass ``y.ravel()``), where scikit-learn warns and ravels it;
invalid input raises :class:`MetricInputError` (a ``ValueError``) with our own message. Any
other difference is stated in the docstring of the function it concerns.
"""

from __future__ import annotations

import dataclasses
import numbers
import operator
from dataclasses import dataclass
from functools import partial
from itertools import combinations

import numpy as np

from ._core import (
    average_precision_from_counts,
    binary_clf_curve,
    check_not_continuous,
    check_pos_label_type,
    check_scores,
    check_weight,
    labels_1d,
    mann_whitney_auc,
    present_labels,
    rank_counts,
    roc_auc_from_counts,
    sorted_counts,
    trapezoid,
)
from ._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    check_consistent_length,
    check_option,
    check_pos_label_present,
    check_zero_division,
    densify,
    divide,
    target_type,
    warn_undefined,
)

__all__ = [
    "OperatingPoint",
    "ThresholdSweep",
    "auc",
    "average_precision_score",
    "cost_optimal_threshold",
    "counts_at_threshold",
    "precision_at_recall",
    "precision_recall_curve",
    "recall_at_precision",
    "roc_auc_score",
    "roc_curve",
    "threshold_for_precision",
    "threshold_for_recall",
    "threshold_sweep",
]

_AVERAGES = (None, "micro", "macro", "weighted", "samples")


# --------------------------------------------------------------------------- input checks


def _is_2d(y_true):
    """True for a 2-D (multilabel) target; ragged input is left to ``as_1d`` to explain."""
    try:
        return np.ndim(densify(y_true)) == 2
    except ValueError:
        return False


def _check_fraction(value, name, low_open=False):
    """A real number in [0, 1] (or (0, 1] when ``low_open``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if not ok or not (0 < value <= 1 if low_open else 0 <= value <= 1):
        interval = "(0, 1]" if low_open else "[0, 1]"
        raise MetricInputError(f"{name} must be a number in {interval}, got {value!r}")
    return float(value)


# --------------------------------------------------------------------------- the core


# --------------------------------------------------------------------------- curves


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """Receiver operating characteristic: (fpr, tpr) at every threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels. Labels other than {0, 1} or {-1, 1} need ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores (probabilities of the positive class or decision values); higher = more positive.
    pos_label : int, float, bool or str, default=None
        The positive class; inferred as 1 for {0, 1} and {-1, 1} labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    drop_intermediate : bool, default=True
        Drop points that lie on a straight line between their neighbours (same plot, same AUC).

    Returns
    -------
    fpr, tpr : ndarray
        Non-decreasing rates; element ``i`` is for predicting ``score >= thresholds[i]``.
    thresholds : ndarray
        Decreasing thresholds; ``thresholds[0]`` is ``np.inf`` (predict nothing: the (0, 0) point).

    Notes
    -----
    **Formula**: ``tpr = tp / (tp + fn)`` (recall), ``fpr = fp / (fp + tn)``, both counted at each
    distinct score used as threshold.

    **Intuition**: how many of the positives do I catch (tpr) for how many false alarms among
    the negatives (fpr), as the threshold slides from "nothing" to "everything"?

    **Interview note**: both rates are normalised within a class, so the curve ignores class
    balance -- it can look excellent on a 1-in-1000 problem where precision is poor. Use the
    precision-recall curve when positives are rare.

    **Edge cases**: tied scores form one threshold (one diagonal step). With no negative
    (positive) samples fpr (tpr) is 0/0: an ``UndefinedMetricWarning`` is raised and that rate is
    nan -- the same values and warning category as scikit-learn. ``pos_label`` with a multiclass
    ``y_true`` scores that class against the rest, as in scikit-learn.

    See Also
    --------
    roc_auc_score : the area under this curve, as one number.
    precision_recall_curve : the curve to use when positives are rare.
    threshold_sweep : the same sweep as a readable table with all four counts.

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    >>> tpr
    array([0. , 0.5, 0.5, 1. , 1. ])
    >>> thresholds
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    fps, tps, thresholds = binary_clf_curve(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and len(fps) > 2:
        # A point is a corner only if the second difference of fps or tps is non-zero there.
        corner = np.concatenate([[True], (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), [True]])
        fps, tps, thresholds = fps[corner], tps[corner], thresholds[corner]
    # Threshold +inf predicts nothing positive, so the curve starts at (0, 0).
    fps, tps = np.concatenate([[0.0], fps]), np.concatenate([[0.0], tps])
    thresholds = np.concatenate([[np.inf], thresholds])
    negatives, positives = fps[-1], tps[-1]
    if negatives == 0:
        warn_undefined("roc_curve: y_true has no negative samples, so fpr = fp / (fp + tn) is 0/0; "
                       "fpr is set to nan. Evaluate on data that contains both classes.")
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / negatives
    if positives == 0:
        warn_undefined("roc_curve: y_true has no positive samples, so tpr = tp / (tp + fn) is 0/0; "
                       "tpr is set to nan. Evaluate on data that contains both classes.")
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / positives
    return fpr, tpr, thresholds


def precision_recall_curve(
    y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=False
):
    """Precision and recall at every threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels. Labels other than {0, 1} or {-1, 1} need ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores; higher = more positive.
    pos_label : int, float, bool or str, default=None
        The positive class; inferred as 1 for {0, 1} and {-1, 1} labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    drop_intermediate : bool, default=False
        Keep only the first and last point of each run of equal recall (a vertical segment).

    Returns
    -------
    precision : ndarray of shape (n_thresholds + 1,)
        ``precision[i]`` for ``score >= thresholds[i]``; the last element is 1 (no threshold).
    recall : ndarray of shape (n_thresholds + 1,)
        Non-increasing; the last element is 0 (no threshold).
    thresholds : ndarray of shape (n_thresholds,)
        Increasing distinct scores (float64; scikit-learn keeps an integer ``y_score``'s dtype).

    Notes
    -----
    **Formula**: ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)`` at each threshold.

    **Intuition**: when I lower the threshold to find more positives (recall), how many of my
    alarms are still right (precision)?

    **Interview note**: unlike the ROC curve, precision depends on class balance, which is what
    makes this curve honest on rare positives; its chance level is the positive rate, not 0.5.
    The final (recall 0, precision 1) point is a convention, not a measured threshold.

    **Edge cases**: precision is never 0/0 here -- every threshold predicts at least its own
    samples positive. With no positive samples recall is 0/0; like scikit-learn we set it to 1
    at every threshold and warn (``UndefinedMetricWarning``; scikit-learn uses a plain
    ``UserWarning``).

    See Also
    --------
    average_precision_score : this curve summarised as one number.
    roc_curve : the class-balance-free view of the same sweep.
    threshold_for_precision : the threshold that reaches a precision target.

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision
    array([0.5  , 0.667, 0.5  , 1.   , 1.   ])
    >>> recall
    array([1. , 1. , 0.5, 0.5, 0. ])
    >>> thresholds
    array([0.1 , 0.35, 0.4 , 0.8 ])
    """
    fps, tps, thresholds = binary_clf_curve(
        y_true, y_score, pos_label, sample_weight, "precision_recall_curve"
    )
    if drop_intermediate and len(fps) > 2:
        # Within a run of equal tps (same recall) only the run's two ends show on the plot.
        ends = np.concatenate([[True], (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), [True]])
        fps, tps, thresholds = fps[ends], tps[ends], thresholds[ends]
    precision = tps / (tps + fps)
    if tps[-1] == 0:
        warn_undefined("precision_recall_curve: y_true has no positive samples, so recall is 0/0; "
                       "following scikit-learn, recall is set to 1 at every threshold.")
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
    # Reverse so recall decreases, and end at (recall 0, precision 1) so the plot meets the axis.
    return (np.concatenate([precision[::-1], [1.0]]), np.concatenate([recall[::-1], [0.0]]),
            thresholds[::-1])


def auc(x, y):
    """Area under a curve given by points, with the trapezoidal rule.

    Parameters
    ----------
    x : array-like of shape (n,)
        x coordinates, monotonic (all non-decreasing or all non-increasing).
    y : array-like of shape (n,)
        y coordinates.

    Returns
    -------
    area : float

    Notes
    -----
    **Formula**: ``sum((x[i] - x[i-1]) * (y[i] + y[i-1]) / 2)``, sign flipped for decreasing x.

    **Intuition**: join the points with straight lines and measure the area underneath.

    **Interview note**: ``auc(recall, precision)`` is *not* average precision -- the straight
    lines interpolate precision optimistically between operating points; prefer
    :func:`average_precision_score`.

    **Edge cases**: fewer than 2 points, or x that goes up and down, raise ``MetricInputError``
    (scikit-learn raises ``ValueError``); NaN in x or y raises instead of giving nan.

    See Also
    --------
    roc_auc_score : the area under the ROC curve, straight from labels and scores.
    average_precision_score : the right one-number summary of a PR curve.

    Examples
    --------
    >>> auc([0, 0, 0.5, 0.5, 1], [0, 0.5, 0.5, 1, 1])
    0.75
    """
    x = as_float_array(x, "x")
    y = as_float_array(y, "y")
    check_consistent_length(("x", x), ("y", y))
    if x.shape[0] < 2:
        raise MetricInputError(f"x has {x.shape[0]} point; auc needs at least 2 points")
    dx = np.diff(x)
    if (dx < 0).any() and not (dx <= 0).all():
        raise MetricInputError(f"x is neither increasing nor decreasing: {x}")
    return trapezoid(x, y)  # a decreasing x integrates to minus the area


# --------------------------------------------------------------------------- ROC AUC


def _column_roc_auc(is_pos, score, weight, max_fpr=None):
    if weight is not None or max_fpr not in (None, 1):
        fps, tps, _ = sorted_counts(is_pos, score, weight)
        return roc_auc_from_counts(fps, tps, max_fpr)
    pos_at, _, neg_below, neg_tied, positives, negatives = rank_counts(is_pos, score)
    if negatives == 0 or positives == 0:
        return roc_auc_from_counts(np.array([negatives]), np.array([positives]))  # warns, nan
    # Mann-Whitney: P(a random positive outscores a random negative), a tie counting half.
    return mann_whitney_auc(pos_at, neg_below + 0.5 * neg_tied, positives, negatives)


def _column_ap(is_pos, score, weight):
    if weight is not None:
        fps, tps, _ = sorted_counts(is_pos, score, weight)
        return average_precision_from_counts(fps, tps)
    pos_at, tp, neg_below, _, positives, negatives = rank_counts(is_pos, score)
    if positives == 0:
        return average_precision_from_counts(np.zeros(1), np.zeros(1))  # warns, 0.0
    # Only thresholds at a positive's score add recall; there, fp = negatives scoring >= v.
    fp = negatives - neg_below
    precision = tp / (tp + fp)
    return float(np.dot(pos_at, precision) / positives)


def _average_columns(metric, Y, S, average, weight):
    """Score each column of an indicator matrix ``Y`` (or each row for "samples") and average."""
    if average == "micro":
        # Every (sample, label) cell becomes one binary decision.
        w = None if weight is None else np.repeat(weight, Y.shape[1])
        return metric(Y.ravel(), S.ravel(), w)
    if average == "samples":
        scores = np.array([metric(Y[i], S[i], None) for i in range(Y.shape[0])])
        average_weight = weight
    else:
        scores = np.array([metric(Y[:, j], S[:, j], weight) for j in range(Y.shape[1])])
        average_weight = None
    if average is None:
        return scores
    if average == "weighted":
        average_weight = Y.sum(axis=0) if weight is None else weight @ Y  # support of each label
        if average_weight.sum() == 0:
            return 0.0
    if average_weight is not None:
        scores[average_weight == 0] = 0.0  # a zero-weight nan must not poison the average
    return float(np.average(scores, weights=average_weight))


def _check_classes(y, labels, n_columns):
    """The classes that name the columns of y_score: ``labels`` if given, else those in y."""
    if labels is None:
        classes = np.unique(y)
        if len(classes) != n_columns:
            raise MetricInputError(
                f"y_true has {len(classes)} classes but y_score has {n_columns} columns; "
                "pass labels=[...] to name the columns of y_score"
            )
        return classes
    classes = as_1d(labels, "labels")
    if (classes.dtype.kind in "US") != (y.dtype.kind in "US"):
        raise MetricInputError("labels and y_true mix label types (strings and numbers)")
    unique = np.unique(classes)
    if len(unique) != len(classes):
        raise MetricInputError(f"labels must be unique, got {classes.tolist()}")
    if not np.array_equal(unique, classes):
        raise MetricInputError(f"labels must be sorted, got {classes.tolist()}")
    if len(classes) != n_columns:
        raise MetricInputError(
            f"labels has {len(classes)} entries but y_score has {n_columns} columns"
        )
    if not np.isin(y, classes).all():
        raise MetricInputError("y_true contains labels that are not in labels")
    return classes


def _ovo_roc_auc(y, S, classes, average):
    """Hand & Till (2001): average over class pairs of (AUC(a vs b) + AUC(b vs a)) / 2."""
    present = np.unique(y)
    if len(present) < 2:
        raise MetricInputError("ROC AUC is undefined with only one class in y_true")
    column = np.searchsorted(classes, present)
    pair_auc, prevalence = [], []
    for (a, col_a), (b, col_b) in combinations(zip(present, column), 2):
        pair = (y == a) | (y == b)  # only the samples of these two classes
        a_vs_b = _column_roc_auc(y[pair] == a, S[pair, col_a], None)
        b_vs_a = _column_roc_auc(y[pair] == b, S[pair, col_b], None)
        pair_auc.append((a_vs_b + b_vs_a) / 2)
        prevalence.append(pair.mean())
    return float(np.average(pair_auc, weights=prevalence if average == "weighted" else None))


def _multiclass_roc_auc(y, S, labels, multi_class, average, weight, max_fpr):
    if multi_class == "raise":
        raise MetricInputError(
            "y_true is multiclass: pass multi_class='ovr' (one-vs-rest) or 'ovo' (one-vs-one, "
            "Hand & Till) with y_score of shape (n_samples, n_classes)"
        )
    if max_fpr is not None and max_fpr != 1:
        raise MetricInputError(
            f"max_fpr={max_fpr!r}: partial AUC is not available for a multiclass target; "
            "leave max_fpr=None"
        )
    if S.ndim != 2:
        raise MetricInputError(
            f"y_true is multiclass, so y_score must have shape (n_samples, n_classes), "
            f"got {S.shape}"
        )
    if not np.allclose(1, S.sum(axis=1)):
        raise MetricInputError(
            "y_score rows must be probabilities that sum to 1 for multiclass ROC AUC"
        )
    allowed = ("macro", "weighted") + (("micro", None) if multi_class == "ovr" else ())
    check_option(average, f"average (with multi_class={multi_class!r})", allowed)
    classes = _check_classes(y, labels, S.shape[1])
    if multi_class == "ovo":
        if weight is not None:
            raise MetricInputError("sample_weight is not supported with multi_class='ovo'")
        return _ovo_roc_auc(y, S, classes, average)
    Y = y[:, None] == classes  # one-vs-rest: an indicator column per class
    return _average_columns(_column_roc_auc, Y, S, average, weight)


def _multilabel_target(y_true, S):
    """A 2-D ``y_true`` must be a 0/1 indicator matrix with the shape of ``y_score``."""
    Y = as_float_array(y_true, "y_true", ndim=(2,))
    if target_type(Y, "y_true") != "multilabel-indicator":
        raise MetricInputError(
            f"a 2-D y_true must be a multilabel indicator matrix of 0/1 with one column per "
            f"label, got shape {Y.shape}; for a single column pass y_true.ravel()"
        )
    if S.shape != Y.shape:
        raise MetricInputError(
            f"y_true and y_score must have the same shape, got {Y.shape} and {S.shape}"
        )
    return Y == 1


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, max_fpr=None,
                  multi_class="raise", labels=None):
    """Area under the ROC curve: the chance that a positive is scored above a negative.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary or multiclass labels, or a multilabel indicator matrix. For a binary target the
        greater label is the positive class.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: the positive class's score. Multiclass: probabilities (rows sum to 1), columns in
        the order of ``labels`` (default: sorted classes of ``y_true``). Multilabel: a score per
        label.
    average : {"macro", "weighted", "micro", "samples"} or None, default="macro"
        How per-label (or per-class) AUCs are combined; ignored for a binary target.
        Multiclass ovr allows macro, weighted, micro and None; ovo allows macro and weighted.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights (not supported with ``multi_class="ovo"``).
    max_fpr : float in (0, 1], default=None
        Return the McClish-standardised partial AUC over ``fpr <= max_fpr`` (binary/multilabel).
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
        Multiclass scheme: one-vs-rest, or one-vs-one (Hand & Till 2001).
    labels : array-like, default=None
        Multiclass only: the sorted classes naming the columns of ``y_score``.

    Returns
    -------
    auc : float, or ndarray for ``average=None``

    Notes
    -----
    **Formula**: the trapezoidal area under :func:`roc_curve`. It equals the Mann-Whitney
    statistic ``P(score_pos > score_neg) + 0.5 * P(tie)`` over all positive-negative pairs.
    Partial AUC up to ``m = max_fpr`` is standardised as ``0.5 * (1 + (A - m**2/2) / (m - m**2/2))``
    so that a random ranking scores 0.5 and a perfect one 1.

    **Intuition**: how well do the scores *rank* positives above negatives, at any threshold?

    **Interview note**: AUC ignores calibration and the threshold: multiply every score by 0.01
    and the AUC is unchanged. A high AUC on imbalanced data can hide useless precision; ovr
    macro is still sensitive to imbalance through each "rest" group, ovo macro is not.

    **Edge cases**: ties count half (a diagonal segment). Only one class in a binary ``y_true``
    (or only one class with non-zero weight) warns ``UndefinedMetricWarning`` and returns nan,
    as scikit-learn 1.9 does, so a loop over folds survives a one-class fold. In multilabel/ovr averages a column with one class warns and is nan, as in
    scikit-learn (weighted averages give it weight 0).

    See Also
    --------
    roc_curve : the curve whose area this is.
    average_precision_score : the summary to prefer when positives are rare.

    Examples
    --------
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> roc_auc_score([0, 1, 2, 2], [[0.5, 0.2, 0.3], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6],
    ...                              [0.6, 0.1, 0.3]], multi_class="ovr")
    0.8472
    """
    check_option(average, "average", _AVERAGES)
    check_option(multi_class, "multi_class", ("raise", "ovr", "ovo"))
    if max_fpr is not None:
        max_fpr = _check_fraction(max_fpr, "max_fpr", low_open=True)
    S = check_scores(y_score, ndim=(1, 2))
    if _is_2d(y_true):
        Y = _multilabel_target(y_true, S)
        weight = check_weight(sample_weight, len(Y))
        return _average_columns(partial(_column_roc_auc, max_fpr=max_fpr), Y, S, average, weight)
    y = labels_1d(y_true)
    check_consistent_length(("y_true", y), ("y_score", S))
    present = present_labels(y)
    check_not_continuous(y, present)
    if present is None or (S.ndim == 2 and S.shape[1] > 2):
        weight = check_weight(sample_weight, len(y))
        return _multiclass_roc_auc(y, S, labels, multi_class, average, weight, max_fpr)
    if len(present) < 2:
        # As scikit-learn 1.9: warn and return nan, so a cross-validation loop over a fold
        # that happens to hold one class keeps going (and shows the nan) instead of crashing.
        warn_undefined(f"ROC AUC is undefined with only one class in y_true (every label is "
                       f"{present[0]!r}): it compares positives with negatives, so it is nan; "
                       "evaluate on data that contains both classes")
        return float("nan")
    # The greater label is the positive class, as in scikit-learn.
    weight = check_weight(sample_weight, len(y))
    is_pos = y == present[1]
    if weight is not None and (not weight[is_pos].any() or not weight[~is_pos].any()):
        warn_undefined("ROC AUC is undefined: sample_weight is zero for every sample of one "
                       "class, so only one class has weight; it is nan")
        return float("nan")
    return _column_roc_auc(is_pos, check_scores(S), weight, max_fpr)


# --------------------------------------------------------------------------- average precision


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1, sample_weight=None):
    """Average precision (AP): precision averaged over the recall levels, as a step function.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary labels, multiclass labels (scored one-vs-rest) or a multilabel indicator matrix.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores: 1-D for binary, one column per class (sorted order) or label otherwise.
    average : {"macro", "weighted", "micro", "samples"} or None, default="macro"
        How per-label APs are combined; ignored for a binary target.
    pos_label : int, float, bool or str, default=1
        The positive class of a binary target; must stay 1 for multiclass and multilabel.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.

    Returns
    -------
    average_precision : float, or ndarray for ``average=None``

    Notes
    -----
    **Formula**: ``AP = sum_n (R_n - R_{n-1}) * P_n`` over thresholds from high to low, with
    ``R_0 = 0``.

    **Intuition**: walking down the ranked list, what is the precision each time I find more of
    the positives -- on average over the positives?

    **Interview note**: AP is not the trapezoidal ``auc(recall, precision)``, which draws
    straight lines between points and overstates precision; and a random ranking scores the
    positive rate, not 0.5.

    **Edge cases**: tied scores form one step. With no positive samples recall is 0/0: like
    scikit-learn, AP is 0.0, with an ``UndefinedMetricWarning`` (scikit-learn: ``UserWarning``).

    See Also
    --------
    precision_recall_curve : the curve this summarises.
    roc_auc_score : a ranking summary that ignores class balance.

    Examples
    --------
    >>> average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333
    """
    check_option(average, "average", _AVERAGES)
    S = check_scores(y_score, ndim=(1, 2))
    if _is_2d(y_true):
        if pos_label != 1:
            raise MetricInputError("pos_label is fixed to 1 for a multilabel y_true; leave it out")
        Y = _multilabel_target(y_true, S)
        return _average_columns(_column_ap, Y, S, average, check_weight(sample_weight, len(Y)))
    y = labels_1d(y_true)
    check_consistent_length(("y_true", y), ("y_score", S))
    present = present_labels(y)
    check_not_continuous(y, present)
    if present is None:
        if pos_label != 1:
            raise MetricInputError("pos_label is fixed to 1 for a multiclass y_true (each class "
                                   "is scored against the rest); leave it out")
        classes = np.unique(y)
        if S.shape != (len(y), len(classes)):
            raise MetricInputError(f"y_true has {len(classes)} classes, so y_score must have "
                                   f"shape ({len(y)}, {len(classes)}), got {S.shape}")
        Y = y[:, None] == classes  # one-vs-rest indicator columns
        return _average_columns(_column_ap, Y, S, average, check_weight(sample_weight, len(y)))
    check_pos_label_type(pos_label, y)
    check_pos_label_present(pos_label, present)
    weight = check_weight(sample_weight, len(y))
    return _column_ap(y == pos_label, check_scores(S), weight)


# --------------------------------------------------------------------------- operating points


@dataclass(frozen=True)
class OperatingPoint:
    """One threshold's counts and rates, predicting positive when ``score >= threshold``.

    Ours, not scikit-learn's. Counts are floats (they are weighted sums with ``sample_weight``);
    ``cost`` is the expected cost per sample, set only by :func:`cost_optimal_threshold`.

    Examples
    --------
    >>> OperatingPoint(0.5, 0.75, 0.6, 0.667, 0.1, 0.9, 3.0, 1.0, 2.0, 9.0).specificity
    0.9
    """

    threshold: float
    precision: float
    recall: float
    f1: float
    fpr: float
    specificity: float
    tp: float
    fp: float
    fn: float
    tn: float
    cost: float | None = None


def _ratio(numerator, denominator, zero_division, what):
    """``numerator / denominator``; a 0/0 takes ``zero_division`` and warns (via ``divide``)."""
    value = divide(numerator, denominator, zero_division=zero_division, warn=False)
    if isinstance(zero_division, str) and np.any(np.asarray(denominator) == 0):
        warn_undefined(f"{what} is 0/0 at a threshold and set to 0.0. Pass zero_division=0, "
                       "1 or np.nan to choose the value and silence this warning.")
    return value


def _rates(tp, fp, fn, tn, zero_division):
    """precision, recall, f1, fpr, specificity from confusion counts (arrays or scalars)."""
    precision = _ratio(tp, tp + fp, zero_division, "precision (no predicted positives)")
    recall = _ratio(tp, tp + fn, zero_division, "recall (no positive samples)")
    f1 = _ratio(2 * tp, 2 * tp + fp + fn, zero_division, "f1 (no positives at all)")
    fpr = _ratio(fp, fp + tn, zero_division, "fpr (no negative samples)")
    specificity = _ratio(tn, tn + fp, zero_division, "specificity (no negative samples)")
    return precision, recall, f1, fpr, specificity


def _format_cell(column, value):
    if column == "threshold":
        return f"{value:.6g}"
    if column in ("tp", "fp", "fn", "tn"):  # whole counts unless weights made them fractional
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.3f}"
    return f"{value:.3f}"


@dataclass(frozen=True, repr=False, eq=False)
class ThresholdSweep:
    """Confusion counts and rates at every threshold, one row per distinct score (high to low).

    Ours, not scikit-learn's. Columns are equal-length arrays; ``len(sweep)`` is the number of
    rows, ``sweep[i]`` is row ``i`` as an :class:`OperatingPoint`, ``sweep[i:j]`` a smaller
    sweep, and ``print(sweep)`` / :meth:`to_text` show an aligned table. Build it with
    :func:`threshold_sweep`; query any threshold in O(log n) with :func:`counts_at_threshold`.
    """

    threshold: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    fpr: np.ndarray
    specificity: np.ndarray

    @property
    def positives(self):
        """Total (weighted) number of positive samples."""
        return float(self.tp[-1] + self.fn[-1])

    @property
    def negatives(self):
        """Total (weighted) number of negative samples."""
        return float(self.fp[-1] + self.tn[-1])

    def __len__(self):
        return len(self.threshold)

    def __getitem__(self, index):
        columns = [getattr(self, f.name) for f in dataclasses.fields(self)]
        if isinstance(index, slice):
            return ThresholdSweep(*(column[index] for column in columns))
        i = operator.index(index)
        t, tp, fp, fn, tn, precision, recall, f1, fpr, specificity = (float(c[i]) for c in columns)
        return OperatingPoint(t, precision, recall, f1, fpr, specificity, tp, fp, fn, tn)

    def to_text(self, max_rows=20):
        """The table as aligned text; past ``max_rows`` rows, the middle is elided with "..."."""
        if isinstance(max_rows, bool) or not isinstance(max_rows, numbers.Integral) or max_rows < 1:
            raise MetricInputError(f"max_rows must be a positive integer, got {max_rows!r}")
        n = len(self)
        head = (max_rows + 1) // 2
        rows = list(range(n)) if n <= max_rows else [*range(head), *range(n - max_rows + head, n)]
        cells = [[name] + [_format_cell(name, getattr(self, name)[r]) for r in rows]
                 for name in (f.name for f in dataclasses.fields(self))]
        widths = [max(map(len, column)) for column in cells]
        lines = ["  ".join(column[k].rjust(w) for column, w in zip(cells, widths))
                 for k in range(len(rows) + 1)]
        if n > max_rows:
            lines.insert(head + 1, "...")
        return "\n".join(lines)

    def __repr__(self):
        return (f"ThresholdSweep({len(self)} thresholds, {self.positives:g} positives, "
                f"{self.negatives:g} negatives)\n{self.to_text(max_rows=10)}")


def _sweep_from_counts(fps, tps, thresholds, zero_division):
    tp, fp = tps, fps
    fn, tn = tps[-1] - tp, fps[-1] - fp  # what is left below the threshold
    return ThresholdSweep(thresholds, tp, fp, fn, tn, *_rates(tp, fp, fn, tn, zero_division))


def threshold_sweep(y_true, y_score, *, pos_label=None, sample_weight=None, zero_division="warn"):
    """Every threshold's confusion counts and rates, as a table you can read.

    Ours, not scikit-learn's (its ``confusion_matrix_at_thresholds`` gives the counts only).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels. Labels other than {0, 1} or {-1, 1} need ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores; higher = more positive.
    pos_label : int, float, bool or str, default=None
        The positive class; inferred as 1 for {0, 1} and {-1, 1} labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights (counts become weighted sums).
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a rate that is 0/0 (recall with no positives, fpr with no negatives).

    Returns
    -------
    sweep : ThresholdSweep
        Columns threshold, tp, fp, fn, tn, precision, recall, f1, fpr, specificity; one row per
        distinct score, thresholds decreasing.

    Notes
    -----
    **Formula**: at threshold ``t``: ``tp = #{positive, score >= t}``, ``fp = #{negative,
    score >= t}``, ``fn = P - tp``, ``tn = N - fp``; then ``precision = tp / (tp + fp)``,
    ``recall = tp / P``, ``f1 = 2 tp / (2 tp + fp + fn)``, ``fpr = fp / N``,
    ``specificity = tn / N``.

    **Intuition**: every possible confusion matrix this model can produce, one per row.

    **Interview note**: moving the threshold trades fp against fn; tp and fp can only grow as it
    falls, which is why one sort and a running sum give every row.

    **Edge cases**: tied scores share one row. Precision is never 0/0 in a row (each row predicts
    its own samples positive); recall, f1, fpr and specificity follow ``zero_division`` when
    their class is missing.

    See Also
    --------
    counts_at_threshold : one row for any threshold, in O(log n), from this sweep.
    roc_curve, precision_recall_curve : the same sweep as scikit-learn's curve arrays.

    Examples
    --------
    >>> threshold_sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    ThresholdSweep(4 thresholds, 2 positives, 2 negatives)
    threshold  tp  fp  fn  tn  precision  recall     f1    fpr  specificity
          0.8   1   0   1   2      1.000   0.500  0.667  0.000        1.000
          0.4   1   1   1   1      0.500   0.500  0.500  0.500        0.500
         0.35   2   1   0   1      0.667   1.000  0.800  0.500        0.500
          0.1   2   2   0   0      0.500   1.000  0.667  1.000        0.000
    """
    check_zero_division(zero_division)
    fps, tps, thresholds = binary_clf_curve(y_true, y_score, pos_label, sample_weight,
                                             "threshold_sweep")
    return _sweep_from_counts(fps, tps, thresholds, zero_division)


def counts_at_threshold(sweep, threshold, *, zero_division="warn"):
    """The operating point for ``score >= threshold``, looked up in O(log n) in a sweep.

    Ours, not scikit-learn's. Build the sweep once with :func:`threshold_sweep`; then each call
    is one binary search (``np.searchsorted``) -- fast enough for a slider.

    Parameters
    ----------
    sweep : ThresholdSweep
        From :func:`threshold_sweep`.
    threshold : float
        Any threshold, including ``np.inf`` (predict nothing) and ``-np.inf`` (predict all).
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a 0/0 rate, e.g. precision when nothing is predicted positive.

    Returns
    -------
    point : OperatingPoint
        With ``point.threshold == threshold``.

    Notes
    -----
    **Formula**: ``k = #{thresholds >= t}`` by binary search; the counts are row ``k - 1`` of the
    sweep (all zeros predicted positive when ``k = 0``).

    **Intuition**: the confusion matrix a learner sees while dragging the threshold slider.

    **Interview note**: between two distinct scores nothing changes -- a model with m distinct
    scores has only m + 1 different confusion matrices.

    **Edge cases**: above the highest score nothing is predicted positive, so precision is 0/0
    and follows ``zero_division``.

    See Also
    --------
    threshold_sweep : builds the table this searches.
    threshold_for_recall : finds the threshold for a target instead.

    Examples
    --------
    >>> sweep = threshold_sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> point = counts_at_threshold(sweep, 0.5)
    >>> point.tp, point.fp, point.fn, point.tn, point.precision
    (1.0, 0.0, 1.0, 2.0, 1.0)
    """
    if not isinstance(sweep, ThresholdSweep):
        raise MetricInputError(
            f"sweep must be a ThresholdSweep from threshold_sweep(...), got {type(sweep).__name__}"
        )
    check_zero_division(zero_division)
    if not isinstance(threshold, numbers.Real) or np.isnan(threshold):
        raise MetricInputError(f"threshold must be a number (inf allowed), got {threshold!r}")
    # Thresholds are stored high to low; the reversed view is ascending and costs nothing.
    k = len(sweep) - int(np.searchsorted(sweep.threshold[::-1], threshold, side="left"))
    tp, fp = (float(sweep.tp[k - 1]), float(sweep.fp[k - 1])) if k else (0.0, 0.0)
    fn, tn = sweep.positives - tp, sweep.negatives - fp
    rates = (float(r) for r in _rates(tp, fp, fn, tn, zero_division))
    return OperatingPoint(float(threshold), *rates, tp, fp, fn, tn)


def threshold_for_recall(y_true, y_score, target, *, pos_label=None, sample_weight=None,
                         zero_division="warn"):
    """The highest threshold whose recall reaches ``target`` -- e.g. "precision at 99% recall".

    Ours, not scikit-learn's.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As in :func:`threshold_sweep`.
    target : float in [0, 1]
        The recall (sensitivity) to reach.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a 0/0 rate (fpr and specificity with no negatives).

    Returns
    -------
    point : OperatingPoint
        Its ``precision`` and ``specificity`` answer "precision / specificity at X% recall".

    Notes
    -----
    **Formula**: ``max{t : tp(t) / P >= target}`` over the distinct scores ``t``.

    **Intuition**: "I must catch 99% of the positives; how many false alarms does that cost?"

    **Interview note**: this returns the *highest* threshold that reaches the target, which is
    what "specificity at 99.9% sensitivity" asks: going lower can only add false positives, so
    false alarms (and specificity) are best here. Precision is another matter: a lower
    threshold can add more true positives than false ones, so the best precision among the
    thresholds that reach the target may sit lower. With ``y_true = [0, 1, 1, 1]``, scores
    ``[.9, .8, .7, .6]`` and a target of 1/3, this returns 0.8 (precision 0.5) while 0.6 also
    reaches the target with precision 0.75 -- use :func:`precision_at_recall` for that question.

    **Edge cases**: always reachable (the lowest threshold predicts everything positive, recall
    1). No positive samples makes recall undefined: ``MetricInputError``.

    See Also
    --------
    precision_at_recall : the best precision among every threshold that reaches the target.
    threshold_for_precision : the same question with a precision target.
    cost_optimal_threshold : pick the threshold from error costs instead of a target.

    Examples
    --------
    >>> point = threshold_for_recall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.9)
    >>> point.threshold, point.recall, point.precision, point.specificity
    (0.35, 1.0, 0.6667, 0.5)
    """
    target = _check_fraction(target, "target")
    check_zero_division(zero_division)
    fps, tps, thresholds = binary_clf_curve(y_true, y_score, pos_label, sample_weight,
                                             "threshold_for_recall")
    if tps[-1] == 0:
        raise MetricInputError("y_true has no positive samples, so recall is undefined at "
                               "every threshold")
    sweep = _sweep_from_counts(fps, tps, thresholds, zero_division)
    # Recall only grows as the threshold falls: the first row that reaches the target wins.
    return sweep[int(np.searchsorted(sweep.recall, target, side="left"))]


def _precision_of_counts(tps, fps):
    """tp / (tp + fp), with 0 where nothing (of positive weight) is predicted positive."""
    flagged = tps + fps
    return np.divide(tps, flagged, out=np.zeros_like(tps), where=flagged > 0)


def _pr_points(y_true, y_score, pos_label, sample_weight, func):
    """(precision, recall, thresholds) at every distinct score, thresholds descending."""
    fps, tps, thresholds = binary_clf_curve(y_true, y_score, pos_label, sample_weight, func)
    if tps[-1] == 0:
        raise MetricInputError("y_true has no positive samples, so recall is undefined at "
                               "every threshold")
    return _precision_of_counts(tps, fps), tps / tps[-1], thresholds


def _best_point_where(reach, best, second, thresholds):
    """Index of the lexicographic maximum of (best, second, threshold) over rows where ``reach``."""
    rows = np.flatnonzero(reach)
    if rows.size == 0:
        return None
    order = np.lexsort((thresholds[rows], second[rows], best[rows]))  # last key sorts first
    return int(rows[order[-1]])


def precision_at_recall(y_true, y_score, min_recall, *, pos_label=None, sample_weight=None):
    """The best precision among thresholds whose recall reaches ``min_recall``, and its threshold.

    Ours, not scikit-learn's: the definition of torchmetrics' ``BinaryPrecisionAtFixedRecall``.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As in :func:`threshold_sweep`.
    min_recall : float in [0, 1]
        The recall every candidate threshold must reach.

    Returns
    -------
    precision : float
        The highest precision among the thresholds with ``recall >= min_recall``.
    threshold : float
        Where it is reached (``score >= threshold`` is positive).

    Notes
    -----
    **Formula**: ``max{precision(t) : recall(t) >= min_recall}`` over the distinct scores
    ``t``; ties in precision go to the higher recall, then to the higher threshold
    (torchmetrics' order).

    **Intuition**: "we must catch at least 99% of the positives: what is the best precision we
    can have while doing so?"

    **Interview note**: not the same as the precision at :func:`threshold_for_recall`'s
    threshold. That one is the *highest* threshold reaching the target (fewest false alarms);
    precision is not monotonic in the threshold, and a lower threshold can add more true
    positives than false ones. With ``y = [0, 1, 1, 1]``, scores ``[.9, .8, .7, .6]`` and
    ``min_recall = 1/3``: 0.8 gives precision 0.5, 0.6 gives 0.75.

    **Edge cases**: always reachable (the lowest threshold has recall 1). No positive samples
    makes recall undefined: ``MetricInputError``.

    See Also
    --------
    recall_at_precision : the mirror question.
    threshold_for_recall : the highest threshold reaching a recall target (best specificity).

    Examples
    --------
    >>> precision_at_recall([0, 1, 1, 1], [0.9, 0.8, 0.7, 0.6], 1 / 3)
    (0.75, 0.6)
    """
    min_recall = _check_fraction(min_recall, "min_recall")
    precision, recall, thresholds = _pr_points(y_true, y_score, pos_label, sample_weight,
                                               "precision_at_recall")
    best = _best_point_where(recall >= min_recall, precision, recall, thresholds)
    return float(precision[best]), float(thresholds[best])


def recall_at_precision(y_true, y_score, min_precision, *, pos_label=None, sample_weight=None):
    """The best recall among thresholds whose precision reaches ``min_precision``, and its threshold.

    Ours, not scikit-learn's: the definition of torchmetrics' ``BinaryRecallAtFixedPrecision``.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As in :func:`threshold_sweep`.
    min_precision : float in [0, 1]
        The precision every candidate threshold must reach.

    Returns
    -------
    recall : float
        The highest recall among the thresholds with ``precision >= min_precision``.
    threshold : float
        Where it is reached; ``inf`` (predict nothing) with recall 0.0 when no threshold
        reaches the target.

    Notes
    -----
    **Formula**: ``max{recall(t) : precision(t) >= min_precision}`` over the distinct scores
    ``t``; ties in recall go to the higher precision, then to the higher threshold.

    **Intuition**: "nine in ten of our alarms must be right: how many positives can we catch?"

    **Interview note**: the recall is the one :func:`threshold_for_precision` reaches; when
    several thresholds share it, this picks the highest of them (fewer false alarms, higher
    precision) where :func:`threshold_for_precision` picks the lowest.

    **Edge cases**: if no threshold reaches the target, the answer is recall 0.0 at threshold
    ``inf`` -- torchmetrics returns 0 with a sentinel threshold of 1e6 there. No positive
    samples: ``MetricInputError``.

    See Also
    --------
    precision_at_recall : the mirror question.
    threshold_for_precision : the whole operating point at that threshold.

    Examples
    --------
    >>> recall_at_precision([0, 1, 1, 1], [0.9, 0.8, 0.7, 0.6], 0.7)
    (1.0, 0.6)
    """
    min_precision = _check_fraction(min_precision, "min_precision")
    precision, recall, thresholds = _pr_points(y_true, y_score, pos_label, sample_weight,
                                               "recall_at_precision")
    best = _best_point_where(precision >= min_precision, recall, precision, thresholds)
    if best is None:
        return 0.0, float("inf")
    return float(recall[best]), float(thresholds[best])


def threshold_for_precision(y_true, y_score, target, *, pos_label=None, sample_weight=None,
                            zero_division="warn"):
    """The lowest threshold (so the highest recall) whose precision reaches ``target``.

    Ours, not scikit-learn's.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As in :func:`threshold_sweep`.
    target : float in [0, 1]
        The precision to reach.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a 0/0 rate (recall with no positives, fpr with no negatives).

    Returns
    -------
    point : OperatingPoint
        Its ``recall`` answers "recall at X% precision".

    Notes
    -----
    **Formula**: ``min{t : tp(t) / (tp(t) + fp(t)) >= target}`` over the distinct scores ``t``.

    **Intuition**: "nine in ten of my alarms must be right; how many positives can I still catch?"

    **Interview note**: precision is not monotonic in the threshold, so the answer is not a
    binary search; taking the lowest qualifying threshold maximises recall.

    **Edge cases**: if no threshold reaches the target, ``MetricInputError`` names the best
    reachable precision.

    See Also
    --------
    threshold_for_recall : the same question with a recall target.
    precision_recall_curve : the whole trade-off this picks one point from.

    Examples
    --------
    >>> point = threshold_for_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.6)
    >>> point.threshold, point.precision, point.recall
    (0.35, 0.6667, 1.0)
    """
    target = _check_fraction(target, "target")
    check_zero_division(zero_division)
    sweep = threshold_sweep(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
                            zero_division=zero_division)
    reaching = np.flatnonzero(sweep.precision >= target)
    if reaching.size == 0:
        best = int(np.argmax(sweep.precision))
        raise MetricInputError(
            f"no threshold reaches precision >= {target:g}: the best reachable precision is "
            f"{sweep.precision[best]:.4g} (at threshold {sweep.threshold[best]:.6g})"
        )
    return sweep[int(reaching[-1])]


def cost_optimal_threshold(y_true, y_score, *, cost_fp, cost_fn, pos_label=None,
                           sample_weight=None, zero_division="warn"):
    """The threshold with the lowest expected cost per sample, for given error costs.

    Ours, not scikit-learn's.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As in :func:`threshold_sweep`.
    cost_fp : float >= 0
        Cost of one false positive (a false alarm).
    cost_fn : float >= 0
        Cost of one false negative (a miss).
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a 0/0 rate, e.g. precision when the best choice is to predict nothing.

    Returns
    -------
    point : OperatingPoint
        With ``point.cost`` the expected cost per sample at that threshold.

    Notes
    -----
    **Formula**: ``cost(t) = (cost_fp * fp(t) + cost_fn * fn(t)) / (P + N)``, minimised over
    the distinct scores and ``t = inf`` (predict nothing positive).

    **Intuition**: when a miss costs 50 times a false alarm, where should the line be drawn?

    **Interview note**: the best threshold depends on costs *and* prevalence, not on the model
    alone; for calibrated probabilities it is near ``cost_fp / (cost_fp + cost_fn)``.

    **Edge cases**: ties go to the highest threshold (fewest alarms). If predicting nothing
    wins, precision is 0/0 and follows ``zero_division``.

    See Also
    --------
    threshold_for_recall : when the requirement is a recall level rather than a cost.
    threshold_sweep : the table of every candidate's counts.

    Examples
    --------
    >>> point = cost_optimal_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost_fp=1, cost_fn=5)
    >>> point.threshold, point.fp, point.fn, point.cost
    (0.35, 1.0, 0.0, 0.25)
    """
    for name, value in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
        real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not real or not 0 <= value < np.inf:
            raise MetricInputError(f"{name} must be a finite number >= 0, got {value!r}")
    sweep = threshold_sweep(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
                            zero_division=zero_division)
    # Candidate 0 is threshold inf: nothing predicted positive, every positive missed.
    fp = np.concatenate([[0.0], sweep.fp])
    fn = np.concatenate([[sweep.positives], sweep.fn])
    cost = (cost_fp * fp + cost_fn * fn) / (sweep.positives + sweep.negatives)
    best = int(np.argmin(cost))  # the first minimum: the highest threshold among ties
    if best == 0:
        point = counts_at_threshold(sweep, np.inf, zero_division=zero_division)
    else:
        point = sweep[best - 1]
    return dataclasses.replace(point, cost=float(cost[best]))


# the engine's names before it moved to the shared kernels (tests and notebooks use them)
_binary_clf_curve, _sorted_counts = binary_clf_curve, sorted_counts
