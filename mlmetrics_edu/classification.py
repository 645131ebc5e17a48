"""The confusion matrix, and every metric computed from its counts.

Everything here follows one pipeline, and reading it once explains the module:

1. ``_read_targets`` checks ``y_true``/``y_pred``: 1-D label arrays (binary or
   multiclass) or 2-D 0/1 indicator matrices (multilabel, one column per label).
2. ``encode_labels`` maps labels to integer codes ``0..k-1`` over the sorted label set
   (counting for integers in a narrow range, sorting only for anything else).
3. ``_label_counts`` turns the codes into per-label counts ``tp, fp, fn, tn``
   with three ``np.bincount`` calls (``_indicator_counts`` does the same for
   multilabel matrices).
4. Each metric is then a formula on the counts: ``tp / (tp + fp)`` and friends,
   with 0/0 sent through :func:`~mlmetrics_edu._validation.divide`.

Names, arguments and results follow ``sklearn.metrics`` 1.9 (rows of the confusion
matrix are true labels, columns are predictions). ``specificity_score`` is ours.

Deliberate differences from scikit-learn, everywhere in this module: a column vector of shape
(n, 1) is refused with a message (pass ``y.ravel()``), where scikit-learn warns and ravels it;
invalid input raises :class:`MetricInputError` (a ``ValueError``) with our own message. Any
other difference is stated in the docstring of the function it concerns.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._core import encode_labels, pair_counts
from ._validation import (
    MetricInputError,
    as_1d,
    check_agreement_replacement,
    check_bool,
    check_consistent_length,
    check_option,
    check_sample_weight,
    check_zero_division,
    densify,
    divide,
    target_type,
    unique_labels,
    warn_undefined,
    warn_user,
)

__all__ = [
    "accuracy_score",
    "balanced_accuracy_score",
    "classification_report",
    "cohen_kappa_score",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "matthews_corrcoef",
    "multilabel_confusion_matrix",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "specificity_score",
]

AVERAGES = (None, "binary", "micro", "macro", "weighted", "samples")

# --------------------------------------------------------------------------- reading targets


def _read_target(y, name):
    """One target: a 1-D label array, or a 2-D 0/1 indicator matrix (multilabel)."""
    y = densify(y)
    try:
        two_d = np.ndim(y) == 2
    except ValueError:  # a ragged list: as_1d explains
        two_d = False
    if two_d:
        arr = np.asarray(y)
        if arr.dtype.kind in "biu" and arr.shape[1] > 1 and arr.size and 0 <= arr.min() <= arr.max() <= 1:
            return arr  # integers in [0, 1]: an indicator matrix, known without sorting
        kind = target_type(y, name)  # float matrices, and the message for anything else
        if kind == "multilabel-indicator":
            return arr
        if kind.startswith("continuous"):
            raise MetricInputError(f"{name} looks continuous (e.g. probabilities); threshold it first")
    y = as_1d(y, name)  # refuses column vectors and other 2-D arrays, naming the shape
    if y.dtype.kind not in "biufUS":
        raise MetricInputError(f"{name} must hold numbers or strings, got dtype {y.dtype}")
    if y.dtype.kind == "f" and target_type(y, name) == "continuous":
        raise MetricInputError(f"{name} looks continuous (e.g. probabilities); threshold it first")
    return y


def _read_targets(y_true, y_pred, sample_weight=None):
    """Validate a pair of classification targets; return ``(y_true, y_pred, weights)``."""
    y_true, y_pred = _read_target(y_true, "y_true"), _read_target(y_pred, "y_pred")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    if y_true.ndim != y_pred.ndim:
        shape = {1: "a 1-D label array", 2: "a multilabel indicator matrix"}
        raise MetricInputError(
            f"y_true is {shape[y_true.ndim]} but y_pred is {shape[y_pred.ndim]}; "
            "pass both as 1-D labels or both as 0/1 matrices"
        )
    if y_true.ndim == 2 and y_true.shape[1] != y_pred.shape[1]:
        raise MetricInputError(
            f"y_true has {y_true.shape[1]} label columns but y_pred has {y_pred.shape[1]}"
        )
    if (y_true.dtype.kind in "US") != (y_pred.dtype.kind in "US"):
        raise MetricInputError(
            "y_true and y_pred mix label types (strings and numbers); use one type for every label"
        )
    w = check_sample_weight(sample_weight, len(y_true))
    if w is not None and not w.any():
        raise MetricInputError("sample_weight is all zeros; at least one sample must carry weight")
    return y_true, y_pred, w


def _require_labels(y_true, metric):
    if y_true.ndim == 2:
        raise MetricInputError(
            f"y_true is a multilabel indicator matrix; {metric} needs 1-D labels "
            "(binary or multiclass)"
        )


# --------------------------------------------------------------------------- encoding and counting


def _positions(classes, labels):
    """Index of each requested label in the sorted ``classes``; -1 for a label absent from the data."""
    if labels.dtype.kind not in "biufUS" or (labels.dtype.kind in "US") != (classes.dtype.kind in "US"):
        return np.full(labels.size, -1)  # a string never equals a number
    i = np.searchsorted(classes, labels).clip(max=classes.size - 1)
    return np.where(classes[i] == labels, i, -1)


def _label_counts(t, p, k, w=None, pick=None):
    """Per-label ``tp, fp, fn, tn`` for codes in ``[0, k)``: three (weighted) bincounts.

    ``pick`` selects and orders the labels to report; -1 in it is a label absent from
    the data, which gets tp = fp = fn = 0 (and every sample as a true negative).
    """
    right = t == p
    tp = np.bincount(t[right], weights=None if w is None else w[right], minlength=k)
    true = np.bincount(t, weights=w, minlength=k)  # tp + fn: how often each label is the truth
    pred = np.bincount(p, weights=w, minlength=k)  # tp + fp: how often each label is predicted
    n = true.sum()  # all the weight; summed per label, so tn is exactly 0 when a label is everywhere
    if pick is not None:
        tp, true, pred = (np.append(c, 0)[pick] for c in (tp, true, pred))
    fp, fn = pred - tp, true - tp
    return tp, fp, fn, n - tp - fp - fn


def _indicator_counts(y_true, y_pred, w=None, samplewise=False):
    """``tp, fp, fn, tn`` of 0/1 indicator matrices, per label (column) or per sample (row)."""
    t, p = y_true != 0, y_pred != 0
    axis = 1 if samplewise else 0

    def total(mask):  # (weighted) number of True entries along the axis
        if w is None:
            return np.count_nonzero(mask, axis=axis)
        if samplewise:
            return mask.sum(1) * w
        rows, cols = np.nonzero(mask)  # row-major: each label's weights summed sample by sample
        return np.bincount(cols, weights=w[rows], minlength=mask.shape[1]).astype(np.float64)

    tp = total(t & p)
    fp, fn = total(p) - tp, total(t) - tp
    return tp, fp, fn, total(~(t | p))  # counted, not n - tp - fp - fn: no rounding residue


def _label_columns(labels, n_columns):
    cols = as_1d(labels, "labels")
    if cols.dtype.kind not in "iu" or cols.min() < 0 or cols.max() >= n_columns:
        raise MetricInputError(
            f"labels must be column indices in [0, {n_columns}) for multilabel targets, "
            f"got {cols.tolist()}"
        )
    return cols


def _counts(y_true, y_pred, labels, pos_label, average, sample_weight):
    """``(tp, fp, fn, tn), weights`` per label -- per sample for 'samples', pooled for 'micro'.

    The label rules are scikit-learn's: ``average='binary'`` reports ``pos_label``
    only and needs a binary target; ``labels`` selects/orders labels (column indices
    for multilabel); labels absent from the data count as all-zero.
    """
    check_option(average, "average", AVERAGES)
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    if average != "binary" and pos_label not in (None, 1):
        warn_user(
            f"pos_label={pos_label!r} is ignored when average={average!r} (only "
            "average='binary' uses it); pass labels=[pos_label] to score that one label",
            UserWarning,
        )
    if y_true.ndim == 2:
        if average == "binary":
            raise MetricInputError(
                "average='binary' does not apply to multilabel-indicator targets; choose "
                f"average from {[a for a in AVERAGES if a != 'binary']}"
            )
        if labels is not None:
            cols = _label_columns(labels, y_true.shape[1])
            y_true, y_pred = y_true[:, cols], y_pred[:, cols]
        counts = _indicator_counts(y_true, y_pred, w, samplewise=average == "samples")
    else:
        if average == "samples":
            raise MetricInputError(
                "average='samples' (samplewise=True) needs multilabel-indicator targets; for "
                f"1-D labels choose average from {[a for a in AVERAGES if a != 'samples']}"
            )
        t, p, classes = encode_labels(y_true, y_pred)
        pick = None if labels is None else _positions(classes, as_1d(labels, "labels"))
        if average == "binary":  # report pos_label alone (ignoring labels)
            if classes.size > 2:
                raise MetricInputError(
                    f"average='binary' needs a binary target, but y_true and y_pred hold "
                    f"{classes.size} labels (multiclass); choose average from "
                    f"{[None, 'micro', 'macro', 'weighted']}"
                )
            pick = _positions(classes, np.asarray([pos_label]))
            if classes.size == 2 and pick[0] < 0:  # with one class, pos_label may be absent
                raise MetricInputError(
                    f"pos_label={pos_label!r} is not one of the labels {classes.tolist()}"
                )
        counts = _label_counts(t, p, classes.size, w, pick)
    if average == "micro":  # pool the counts of every label, then score once
        counts = tuple(c.sum(keepdims=True) for c in counts)
    return counts, w


def _nanaverage(values, weights=None):
    """Mean of ``values`` (weighted), skipping NaN: zero_division=np.nan drops a label."""
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    if weights is None:
        return float(np.nanmean(values))
    if not weights[keep].any():  # every weight is zero: fall back to the plain mean
        return float(np.mean(values[keep]))
    return float(np.average(values[keep], weights=weights[keep]))


def _average(values, average, support, w):
    """Per-label ``values`` (average=None), or their macro/weighted/samples/micro/binary mean."""
    if average is None:
        return values
    weights = support if average == "weighted" else w if average == "samples" else None
    return _nanaverage(values, weights)


# --------------------------------------------------------------------------- the matrices


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """Count how often each true label was predicted as each label.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels (numbers or strings).
    labels : array-like, optional
        Labels to index the matrix, in this order; samples whose true or predicted
        label is not listed are dropped. Default: every label seen, sorted.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    normalize : {None, 'true', 'pred', 'all'}, default=None
        Divide by the row sums, the column sums or the total.

    Returns
    -------
    C : ndarray of shape (n_labels, n_labels)
        ``C[i, j]``: weight of samples with true label ``i`` predicted as ``j``.
        int64 without weights or with integer weights, float64 otherwise or when
        normalized.

    Notes
    -----
    **Formula**: ``C[i, j] = sum(w[s] for s with y_true[s] == i and y_pred[s] == j)``.
    Binary, ``C.ravel()`` is ``tn, fp, fn, tp`` (rows are the truth).

    **Intuition**: where do the mistakes go? Every metric in this module is a
    formula on these cells.

    **Interview note**: rows are true labels, columns predictions -- some textbooks
    transpose it. Ask, or read the axis labels, before reading off FP vs FN.

    **Edge cases**: with one label in the data the matrix is 1x1 and a UserWarning
    suggests ``labels=``. Normalizing an empty row/column gives zeros, not NaN.
    ``labels`` must contain a label of ``y_true`` and no duplicates (scikit-learn
    accepts duplicates and gives an odd matrix; we refuse them). Integer weights are summed
    as integers, exact past 2**53; a total past the int64 range raises instead of wrapping
    around to a negative count as scikit-learn's does.

    See Also
    --------
    multilabel_confusion_matrix : one 2x2 one-vs-rest matrix per label, for multilabel.
    precision_recall_fscore_support : the per-label rates read off this matrix.

    Examples
    --------
    >>> confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0])
    array([[0, 2],
           [1, 1]])
    >>> tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel().tolist()
    >>> (tn, fp, fn, tp)
    (0, 2, 1, 1)
    >>> confusion_matrix(["cat", "dog", "dog"], ["cat", "cat", "dog"], normalize="true")
    array([[1. , 0. ],
           [0.5, 0.5]])
    """
    check_option(normalize, "normalize", (None, "true", "pred", "all"))
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    integer_weights = w is None or np.asarray(sample_weight).dtype.kind in "biu"  # as sklearn
    _require_labels(y_true, "confusion_matrix (use multilabel_confusion_matrix)")
    t, p, classes = encode_labels(y_true, y_pred)
    k = classes.size
    kept_mask = None
    if labels is not None:
        labels = as_1d(labels, "labels")
        if np.unique(labels).size < labels.size:
            raise MetricInputError(f"labels contains duplicates: {labels.tolist()}")
        pos = _positions(classes, labels)
        row = np.full(k, labels.size)  # code -> row of the matrix; labels.size = not reported
        row[pos[pos >= 0]] = np.flatnonzero(pos >= 0)
        t, p, k = row[t], row[p], labels.size
        if not (t < k).any():
            raise MetricInputError("labels: none of them occurs in y_true; at least one must")
        kept = (t < k) & (p < k)
        if not kept.all():
            t, p, w = t[kept], p[kept], None if w is None else w[kept]
            kept_mask = kept
    if w is not None and integer_weights:  # summed as integers: exact, overflow refused
        w = np.asarray(sample_weight) if kept_mask is None else np.asarray(sample_weight)[kept_mask]
    cm = pair_counts(t, p, k, w)  # one pass over the (true, predicted) pairs
    if normalize is not None:
        total = {"true": cm.sum(axis=1, keepdims=True), "pred": cm.sum(axis=0, keepdims=True),
                 "all": cm.sum()}[normalize]
        cm = divide(cm, total, zero_division=0)  # an empty row/column stays 0
    if cm.shape == (1, 1):
        warn_user(
            "only one label was found in y_true and y_pred, so the confusion matrix is 1x1; "
            "pass labels=[...] with every class to get its full shape",
            UserWarning,
        )
    return cm


def multilabel_confusion_matrix(y_true, y_pred, *, sample_weight=None, labels=None, samplewise=False):
    """One-vs-rest 2x2 confusion matrix for each label (or each sample).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        1-D labels (each label is scored one-vs-rest) or 0/1 indicator matrices.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    labels : array-like, optional
        Labels to report, in this order (column indices for indicator matrices).
        Labels absent from the data give ``[[n, 0], [0, 0]]``.
    samplewise : bool, default=False
        Multilabel only: one matrix per sample (row) instead of per label.

    Returns
    -------
    MCM : ndarray of shape (n_outputs, 2, 2)
        ``MCM[i] = [[tn, fp], [fn, tp]]``; int64 without weights, float64 with them.

    Notes
    -----
    **Formula**: for label ``l``: ``tp = #(true == l and pred == l)``,
    ``fp = #(pred == l) - tp``, ``fn = #(true == l) - tp``, ``tn = n - tp - fp - fn``.

    **Intuition**: every label treated as its own binary "is it this label?" problem.

    **Interview note**: summing the per-label tp/fp/fn before dividing is the micro
    average; dividing per label and then averaging is the macro average.

    **Edge cases**: with ``samplewise=True`` and weights, each sample's counts are
    scaled by its weight (so a zero-weight sample has all-zero counts). scikit-learn
    returns floats when no prediction is right and, for samplewise integer weights,
    integers; we always return int64 unweighted and float64 weighted.

    See Also
    --------
    confusion_matrix : the full k x k matrix, which also shows *which* label was confused.
    specificity_score : tn / (tn + fp) read off these matrices.

    Examples
    --------
    >>> multilabel_confusion_matrix(["cat", "ant", "cat"], ["ant", "ant", "cat"])
    array([[[1, 1],
            [0, 1]],
    <BLANKLINE>
           [[1, 0],
            [1, 1]]])
    """
    check_bool(samplewise, "samplewise")
    average = "samples" if samplewise else None
    (tp, fp, fn, tn), _ = _counts(y_true, y_pred, labels, None, average, sample_weight)
    return np.stack([tn, fp, fn, tp], axis=1).reshape(-1, 2, 2)


# --------------------------------------------------------------------------- accuracy


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """Fraction (or number) of samples predicted exactly right.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel: subset accuracy).
    normalize : bool, default=True
        Return the fraction; if False, the (weighted) count of correct samples.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.

    Returns
    -------
    score : float

    Notes
    -----
    **Formula**: ``sum(w * [y_true == y_pred]) / sum(w)``; binary, this is
    ``(tp + tn) / (tp + tn + fp + fn)``. Multilabel: a sample counts as right only
    if every one of its labels is right (subset accuracy).

    **Intuition**: how often is the model right?

    **Interview note**: with 1% positives, "always negative" scores 99% accuracy
    and finds nothing -- look at recall, balanced accuracy or MCC instead.

    **Edge cases**: never undefined (at least one sample with weight is required).

    See Also
    --------
    balanced_accuracy_score : mean per-class recall; not fooled by a majority class.
    matthews_corrcoef : one number that uses all four cells of the confusion matrix.

    Examples
    --------
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    0.5
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    >>> accuracy_score([[0, 1], [1, 1]], [[1, 1], [1, 1]])  # subset accuracy
    0.5
    """
    check_bool(normalize, "normalize")
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    right = y_true == y_pred if y_true.ndim == 1 else (y_true == y_pred).all(axis=1)
    if not normalize:
        return float(right.sum() if w is None else w @ right)
    return float(right.mean() if w is None else np.average(right, weights=w))


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    """Mean recall over the classes present in ``y_true``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    adjusted : bool, default=False
        Rescale so that chance level (``1 / n_classes``) scores 0 and perfect scores 1.

    Returns
    -------
    score : float

    Notes
    -----
    **Formula**: ``mean_c tp_c / (tp_c + fn_c)`` over classes ``c`` of ``y_true``;
    adjusted: ``(score - 1/K) / (1 - 1/K)``. Binary: ``(tpr + tnr) / 2``.

    **Intuition**: accuracy if every class were equally common.

    **Interview note**: "always predict the majority class" scores ``1/K`` here,
    not 99% -- the fix for the accuracy paradox that keeps accuracy's meaning.

    **Edge cases**: classes predicted but never true have no recall; they are
    skipped with a UserWarning. With one class in ``y_true`` the adjusted score is
    undefined (chance is 1): we return NaN with an UndefinedMetricWarning, where
    scikit-learn returns NaN or -inf with a RuntimeWarning.

    See Also
    --------
    recall_score : with ``average='macro'`` equals this score when every class is in y_true.
    accuracy_score : the unbalanced version.

    Examples
    --------
    >>> balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])
    0.625
    """
    check_bool(adjusted, "adjusted")
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    _require_labels(y_true, "balanced_accuracy_score")
    t, p, classes = encode_labels(y_true, y_pred)
    tp, _, fn, _ = _label_counts(t, p, classes.size, w)
    in_truth = tp + fn > 0
    if not in_truth.all():
        warn_user("y_pred contains classes not in y_true", UserWarning)
    recall = tp[in_truth] / (tp + fn)[in_truth]
    score = recall.mean()
    if adjusted:
        chance = 1 / recall.size
        if chance == 1:
            warn_undefined(
                "adjusted balanced accuracy is undefined with a single class in y_true "
                "(chance level is 1); returning nan"
            )
            return float("nan")
        score = (score - chance) / (1 - chance)
    return float(score)


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    """Matthews correlation coefficient (phi coefficient), binary or multiclass.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.

    Returns
    -------
    mcc : float
        In [-1, 1]: 1 perfect, 0 no better than chance, -1 total disagreement.

    Notes
    -----
    **Formula**: binary ``(tp*tn - fp*fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn))``.
    Multiclass (Gorodkin's R_K), with ``t_k``/``p_k`` the times class ``k`` is
    true/predicted, ``c`` the correct and ``s`` all samples:
    ``(c*s - t.p) / sqrt((s^2 - p.p) (s^2 - t.t))``.

    **Intuition**: the correlation between truth and prediction; high only when
    the model does well on both classes.

    **Interview note**: unlike F1 it uses TN and is symmetric in the classes, so
    it stays honest on imbalanced data.

    **Edge cases**: if the truth or the prediction is constant the formula is
    0/0: the score is 0.0 as in scikit-learn, and (unlike scikit-learn) an
    UndefinedMetricWarning says so.

    See Also
    --------
    balanced_accuracy_score : simpler, chance-adjustable, but ignores precision.
    f1_score : ignores true negatives.

    Examples
    --------
    >>> matthews_corrcoef([1, 1, 1, -1], [1, -1, 1, 1])
    -0.333
    """
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    _require_labels(y_true, "matthews_corrcoef")
    t, p, classes = encode_labels(y_true, y_pred)
    tp, fp, fn, _ = _label_counts(t, p, classes.size, w)
    t_sum = (tp + fn).astype(np.float64)  # times each class is the truth
    p_sum = (tp + fp).astype(np.float64)  # times each class is predicted
    c = float(tp.sum())  # correctly classified
    s_t, s_p = t_sum.sum(), p_sum.sum()  # both are the number of samples; each variance uses
    cov_tp = c * s_p - t_sum @ p_sum     # its own, so rounding cannot turn a zero one negative
    cov_pp = s_p**2 - p_sum @ p_sum
    cov_tt = s_t**2 - t_sum @ t_sum
    return float(divide(cov_tp, np.sqrt(cov_pp * cov_tt), what="MCC",
                        why="y_true or y_pred holds a single class"))


# --------------------------------------------------------------------------- agreement beyond chance


def cohen_kappa_score(y1, y2, *, labels=None, weights=None, sample_weight=None,
                      replace_undefined_by=np.nan):
    """Cohen's kappa: agreement between two raters, corrected for chance.

    Parameters
    ----------
    y1, y2 : array-like of shape (n_items,)
        The labels two raters gave the same items (numbers or strings).
    labels : array-like, optional
        The labels to count, in order; items with another label are dropped. Default:
        every label either rater used.
    weights : {None, "linear", "quadratic"}, default=None
        Credit for near misses on an ordinal scale (Likert): disagreement costs
        ``|i - j|`` or ``(i - j)^2`` instead of 1.
    sample_weight : array-like of shape (n_items,), optional
        Non-negative weight of each item.
    replace_undefined_by : float, default=np.nan
        The value when chance agreement is perfect (0/0); warns.

    Returns
    -------
    float
        Kappa in [-1, 1]: 1 perfect agreement, 0 what chance alone gives.

    Notes
    -----
    **Formula**: ``kappa = 1 - sum(W * O) / sum(W * E)`` with ``O`` the confusion
    matrix of the two raters, ``E = outer(row sums, column sums) / total`` the matrix
    expected if they rated independently, and ``W`` 0 on the diagonal and 1 (or the
    linear/quadratic distance) elsewhere. Unweighted, it is ``(p_o - p_e) / (1 - p_e)``.

    **Intuition**: how much better than coin-flipping with the same label frequencies
    do the two raters agree?

    **Interview note**: raw agreement is inflated when one label dominates (two raters
    who both say "fine" 95% of the time agree 90% by chance); kappa corrects for that.
    Low kappa means the rating guideline is ambiguous -- fix it before trusting a human
    evaluation. Equal to scikit-learn's ``cohen_kappa_score``.

    **Edge cases**: both raters using one and the same label leaves chance agreement at
    1, so kappa is 0/0: ``replace_undefined_by`` with an ``UndefinedMetricWarning``.

    See Also
    --------
    confusion_matrix : the table kappa is computed from.
    accuracy_score : raw agreement, not corrected for chance.

    Examples
    --------
    >>> cohen_kappa_score(["good", "bad", "good", "good"], ["good", "bad", "bad", "good"])
    0.5
    >>> cohen_kappa_score([1, 2, 3, 4, 5], [1, 2, 3, 5, 4], weights="quadratic")
    0.9
    """
    check_option(weights, "weights", (None, "linear", "quadratic"))
    replace_undefined_by = check_agreement_replacement(replace_undefined_by)
    check_consistent_length(("y1", as_1d(y1, "y1")), ("y2", as_1d(y2, "y2")))
    with warnings.catch_warnings():  # a 1x1 table is expected here when both raters agree on one label
        warnings.filterwarnings("ignore", "only one label was found", UserWarning)
        observed = confusion_matrix(y1, y2, labels=labels, sample_weight=sample_weight)
    observed = np.asarray(observed, dtype=np.float64)
    n_classes = observed.shape[0]
    rows, cols = observed.sum(axis=1), observed.sum(axis=0)
    if rows.sum() == 0:
        return _kappa_undefined(replace_undefined_by)
    expected = np.outer(rows, cols) / rows.sum()  # agreement table if the raters were independent
    index = np.arange(n_classes)
    distance = np.abs(index[:, None] - index[None, :])
    w = {None: (distance > 0).astype(float), "linear": distance.astype(float),
         "quadratic": distance.astype(float) ** 2}[weights]
    observed_disagreement, chance_disagreement = np.sum(w * observed), np.sum(w * expected)
    if chance_disagreement == 0:
        return _kappa_undefined(replace_undefined_by)
    return float(1 - observed_disagreement / chance_disagreement)


def _kappa_undefined(value):
    warn_undefined(
        "Cohen's kappa is undefined (chance agreement is perfect: both raters used one and the "
        f"same label) and set to replace_undefined_by={value!r}.")
    return value


# --------------------------------------------------------------------------- precision, recall, F


def precision_recall_fscore_support(
    y_true,
    y_pred,
    *,
    beta=1.0,
    labels=None,
    pos_label=1,
    average=None,
    warn_for=("precision", "recall", "f-score"),
    sample_weight=None,
    zero_division="warn",
):
    """Precision, recall, F-beta and support, per label or averaged.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    beta : float, default=1.0
        Weight of recall relative to precision in the F-score (>= 0).
    labels : array-like, optional
        Labels to score (and their order for ``average=None``); labels absent
        from the data score 0/0. Column indices for indicator matrices.
    pos_label : int, float, bool or str, default=1
        The label to report when ``average='binary'``; ignored (with a
        UserWarning if not 1) otherwise.
    average : {None, 'binary', 'micro', 'macro', 'weighted', 'samples'}, default=None
        None: per-label arrays. 'binary': ``pos_label`` only. 'micro': pool
        tp/fp/fn over labels. 'macro': plain mean over labels. 'weighted': mean
        weighted by support. 'samples': mean over samples (multilabel only).
    warn_for : tuple of {'precision', 'recall', 'f-score'}
        Which 0/0 cases warn when ``zero_division='warn'``.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    zero_division : {'warn', 0, 1, np.nan}, default='warn'
        Value of a 0/0 score; 'warn' means 0 plus an UndefinedMetricWarning;
        NaN scores are left out of averages.

    Returns
    -------
    precision, recall, fbeta : float or ndarray of shape (n_labels,)
    support : ndarray of shape (n_labels,) or None
        (Weighted) number of true samples of each label; None when averaging.

    Notes
    -----
    **Formula**: ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``,
    ``F_beta = (1 + beta^2) tp / (beta^2 (tp + fn) + (tp + fp))`` -- the weighted
    harmonic mean of precision and recall, written in counts.

    **Intuition**: precision -- when it says positive, how often is it right?
    Recall -- of the real positives, how many did it find?

    **Interview note**: micro-averaged P = R = F1 = accuracy for single-label
    multiclass data; macro treats a rare class as much as a common one;
    'weighted' F1 can lie outside [P, R].

    **Edge cases**: precision is 0/0 with no predicted positives, recall with no
    true positives, F with neither; ``zero_division`` decides the value. F is
    computed from counts, so P = R = 0 gives F = 0 without a 0/0.

    See Also
    --------
    classification_report : all of these, per label and averaged, as a table.
    multilabel_confusion_matrix : the tp/fp/fn/tn counts these are computed from.

    Examples
    --------
    >>> y_true = ["cat", "dog", "pig", "cat", "dog", "pig"]
    >>> y_pred = ["cat", "pig", "dog", "cat", "cat", "dog"]
    >>> precision_recall_fscore_support(y_true, y_pred, average="macro")
    (0.222, 0.333, 0.267, None)
    >>> p, r, f, s = precision_recall_fscore_support(y_true, y_pred)
    >>> p, s
    (array([0.667, 0.   , 0.   ]), array([2, 2, 2]))
    """
    check_zero_division(zero_division)
    if not isinstance(beta, (int, float, np.integer, np.floating)) or not beta >= 0:
        raise MetricInputError(f"beta must be a number >= 0, got {beta!r}")
    (tp, fp, fn, _), w = _counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    per, of = ("samples", "labels") if average == "samples" else ("labels", "samples")
    zd = {"zero_division": zero_division, "unit": per[:-1]}
    precision = divide(tp, tp + fp, **zd, what="Precision", why=f"{per} with no predicted {of}",
                       warn="precision" in warn_for)
    recall = divide(tp, tp + fn, **zd, what="Recall", why=f"{per} with no true {of}",
                    warn="recall" in warn_for)
    if np.isposinf(beta):
        fbeta = recall
    elif beta == 0:
        fbeta = precision
    else:
        b2 = beta**2
        fbeta = divide((1 + b2) * tp, b2 * (tp + fn) + (tp + fp), **zd, what="F-score",
                       why=f"{per} with no true nor predicted {of}", warn="f-score" in warn_for)
    support = tp + fn
    return (
        _average(precision, average, support, w),
        _average(recall, average, support, w),
        _average(fbeta, average, support, w),
        support if average is None else None,
    )


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """Precision ``tp / (tp + fp)``: of the predicted positives, the fraction truly positive.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    labels, pos_label, average, sample_weight, zero_division
        As in :func:`precision_recall_fscore_support` (``average`` defaults to 'binary').

    Returns
    -------
    precision : float, or ndarray of shape (n_labels,) if ``average=None``

    Notes
    -----
    **Formula**: ``tp / (tp + fp)``.

    **Intuition**: when the model raises an alarm, how often is it real?

    **Interview note**: precision alone is gamed by predicting positive only when
    certain; report it with recall (or use F1 / a PR curve).

    **Edge cases**: no predicted positives is 0/0: ``zero_division`` decides,
    default 0 with an UndefinedMetricWarning.

    See Also
    --------
    recall_score : the other half of the trade-off.
    precision_recall_fscore_support : all scores in one pass.

    Examples
    --------
    >>> precision_score([0, 1, 1, 0], [1, 1, 0, 0])
    0.5
    >>> precision_score(["a", "b", "c", "a"], ["a", "b", "b", "c"], average=None)
    array([1. , 0.5, 0. ])
    """
    precision, _, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, pos_label=pos_label, average=average,
        warn_for=("precision",), sample_weight=sample_weight, zero_division=zero_division,
    )
    return precision


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """Recall ``tp / (tp + fn)``: of the true positives, the fraction found (sensitivity, TPR).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    labels, pos_label, average, sample_weight, zero_division
        As in :func:`precision_recall_fscore_support` (``average`` defaults to 'binary').

    Returns
    -------
    recall : float, or ndarray of shape (n_labels,) if ``average=None``

    Notes
    -----
    **Formula**: ``tp / (tp + fn)``.

    **Intuition**: of everything we needed to catch, how much did we catch?

    **Interview note**: predicting everything positive gives recall 1; the recall
    of the *negative* class is specificity.

    **Edge cases**: no true positives is 0/0: ``zero_division`` decides, default 0
    with an UndefinedMetricWarning.

    See Also
    --------
    precision_score : the price paid for recall.
    specificity_score : the same question for the negatives.

    Examples
    --------
    >>> recall_score([0, 1, 1, 0], [1, 1, 0, 0])
    0.5
    >>> recall_score([0, 1, 2, 0], [0, 2, 2, 0], average="macro")
    0.667
    """
    _, recall, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, pos_label=pos_label, average=average,
        warn_for=("recall",), sample_weight=sample_weight, zero_division=zero_division,
    )
    return recall


def fbeta_score(y_true, y_pred, *, beta, labels=None, pos_label=1, average="binary",
                sample_weight=None, zero_division="warn"):
    """F-beta: weighted harmonic mean of precision and recall (recall counts ``beta`` times as much).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    beta : float
        >= 0; beta < 1 favours precision, beta > 1 recall; 0 is precision, inf recall.
    labels, pos_label, average, sample_weight, zero_division
        As in :func:`precision_recall_fscore_support` (``average`` defaults to 'binary').

    Returns
    -------
    fbeta : float, or ndarray of shape (n_labels,) if ``average=None``

    Notes
    -----
    **Formula**: ``(1 + beta^2) tp / (beta^2 (tp + fn) + (tp + fp))``.

    **Intuition**: one number for "how good at finding positives, cleanly", with a
    dial for which mistake hurts more.

    **Interview note**: F2 for screening (missing a case is worse), F0.5 for spam
    filtering (a false alarm is worse).

    **Edge cases**: 0/0 only when there are no true and no predicted positives
    (tp = fp = fn = 0): ``zero_division`` decides.

    See Also
    --------
    f1_score : beta = 1.
    precision_recall_fscore_support : all scores in one pass.

    Examples
    --------
    >>> fbeta_score([0, 1, 1, 1], [1, 1, 0, 0], beta=2)
    0.357
    """
    _, _, fbeta, _ = precision_recall_fscore_support(
        y_true, y_pred, beta=beta, labels=labels, pos_label=pos_label, average=average,
        warn_for=("f-score",), sample_weight=sample_weight, zero_division=zero_division,
    )
    return fbeta


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """F1: harmonic mean of precision and recall.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    labels, pos_label, average, sample_weight, zero_division
        As in :func:`precision_recall_fscore_support` (``average`` defaults to 'binary').

    Returns
    -------
    f1 : float, or ndarray of shape (n_labels,) if ``average=None``

    Notes
    -----
    **Formula**: ``2 tp / (2 tp + fp + fn)`` = ``2 P R / (P + R)``.

    **Intuition**: high only if precision *and* recall are high -- the harmonic
    mean punishes the weaker of the two.

    **Interview note**: F1 ignores true negatives, so it changes when you swap
    which class is "positive"; macro-F1 of a multiclass model is not the F1 of
    the macro precision and macro recall.

    **Edge cases**: 0/0 only with no true and no predicted positives:
    ``zero_division`` decides (default 0 with an UndefinedMetricWarning).

    See Also
    --------
    fbeta_score : when precision and recall do not matter equally.
    matthews_corrcoef : also uses true negatives.

    Examples
    --------
    >>> f1_score([0, 1, 1, 0], [1, 1, 0, 0])
    0.5
    >>> f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average=None)
    array([0.8, 0. , 0. ])
    """
    return fbeta_score(y_true, y_pred, beta=1, labels=labels, pos_label=pos_label,
                       average=average, sample_weight=sample_weight, zero_division=zero_division)


def specificity_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                      sample_weight=None, zero_division="warn"):
    """Specificity ``tn / (tn + fp)``: of the true negatives, the fraction kept negative.

    Not in scikit-learn (there it is ``recall_score`` with the negative class as
    ``pos_label``); arguments and averaging follow :func:`recall_score`.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    labels, pos_label, average, sample_weight, zero_division
        As in :func:`recall_score`; each label is scored one-vs-rest, and
        'weighted' weights each label by its support (true count), like recall.

    Returns
    -------
    specificity : float, or ndarray of shape (n_labels,) if ``average=None``

    Notes
    -----
    **Formula**: ``tn / (tn + fp)`` = true negative rate = 1 - FPR.

    **Intuition**: of the healthy people, how many did the test clear?

    **Interview note**: sensitivity (recall) and specificity are the pair used
    in medicine; the ROC curve plots sensitivity against 1 - specificity.

    **Edge cases**: no true negatives to find (every sample has the label) is 0/0:
    ``zero_division`` decides, default 0 with an UndefinedMetricWarning.

    See Also
    --------
    recall_score : the positive-class twin of this score.
    balanced_accuracy_score : binary, the mean of recall and specificity.

    Examples
    --------
    >>> specificity_score([0, 0, 0, 1], [0, 1, 0, 1])
    0.667
    >>> specificity_score(["a", "b", "c"], ["a", "c", "c"], average=None)
    array([1. , 1. , 0.5])
    """
    check_zero_division(zero_division)
    (tp, fp, fn, tn), w = _counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    per = "samples" if average == "samples" else "labels"
    specificity = divide(tn, tn + fp, zero_division=zero_division, what="Specificity",
                         why=f"{per} with no true negatives to find")
    return _average(specificity, average, tp + fn, w)


# --------------------------------------------------------------------------- the report


def classification_report(y_true, y_pred, *, labels=None, target_names=None, sample_weight=None,
                          digits=2, output_dict=False, zero_division="warn"):
    """Table of precision, recall, F1 and support per label, with the averages.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Labels, or 0/1 indicator matrices (multilabel).
    labels : array-like, optional
        Labels to report (column indices for indicator matrices).
    target_names : list of str, optional
        Display names of the labels, in the same order.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weight of each sample.
    digits : int, default=2
        Decimals in the text table (the dict is not rounded).
    output_dict : bool, default=False
        Return a dict ``{name: {'precision':..., 'recall':..., 'f1-score':...,
        'support':...}, ...}`` instead of text.
    zero_division : {'warn', 0, 1, np.nan}, default='warn'
        Value of 0/0 scores, as in :func:`precision_recall_fscore_support`.

    Returns
    -------
    report : str or dict
        Same text and keys as scikit-learn's report.

    Notes
    -----
    **Formula**: each row is :func:`precision_recall_fscore_support` for one
    label; then the micro, macro and weighted averages (and 'samples' for
    multilabel). The micro row is called "accuracy" when every label is
    reported for single-label data, because micro P = R = F1 = accuracy there.

    **Intuition**: the whole per-class picture on one screen.

    **Interview note**: read the support column first: a great macro average over
    classes with 3 samples each means little.

    **Edge cases**: 0/0 cells follow ``zero_division`` (NaN prints as ``nan``).
    Supports are integers without weights, floats with them (scikit-learn also
    prints floats when no prediction at all is right; we keep integers).

    See Also
    --------
    precision_recall_fscore_support : the numbers, as arrays.
    confusion_matrix : which labels are confused with which.

    Examples
    --------
    >>> print(classification_report([0, 1, 2, 2, 2], [0, 0, 2, 2, 1],
    ...                             target_names=["ant", "bird", "cat"]))
                  precision    recall  f1-score   support
    <BLANKLINE>
             ant       0.50      1.00      0.67         1
            bird       0.00      0.00      0.00         1
             cat       1.00      0.67      0.80         3
    <BLANKLINE>
        accuracy                           0.60         5
       macro avg       0.50      0.56      0.49         5
    weighted avg       0.70      0.60      0.61         5
    <BLANKLINE>
    """
    check_bool(output_dict, "output_dict")
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or digits < 0:
        raise MetricInputError(f"digits must be an integer >= 0, got {digits!r}")
    y_true, y_pred, w = _read_targets(y_true, y_pred, sample_weight)
    multilabel = y_true.ndim == 2
    present = np.arange(y_true.shape[1]) if multilabel else unique_labels(
        ("y_true", y_true), ("y_pred", y_pred))
    labels_given = labels is not None
    labels = as_1d(labels, "labels") if labels_given else present
    # micro P = R = F1 = accuracy when each sample has one label and every label is reported
    micro_is_accuracy = not multilabel and np.isin(
        np.arange(present.size), _positions(present, labels)).all()
    if target_names is None:
        target_names = ["%s" % label for label in labels]
    elif len(labels) != len(target_names):
        if not labels_given:
            raise MetricInputError(
                f"target_names has {len(target_names)} names but there are {len(labels)} "
                "labels; pass labels=[...] to choose which labels to report"
            )
        warn_user(f"labels size, {len(labels)}, does not match size of target_names, "
                      f"{len(target_names)}", UserWarning)

    def scores(average):
        return precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average,
                                               sample_weight=w, zero_division=zero_division)

    p, r, f, support = scores(None)
    rows = list(zip(target_names, p, r, f, support))
    n_label_rows = len(rows)
    for average in ("micro", "macro", "weighted") + (("samples",) if multilabel else ()):
        heading = "accuracy" if average == "micro" and micro_is_accuracy else f"{average} avg"
        rows.append((heading, *scores(average)[:3], support.sum()))

    headers = ["precision", "recall", "f1-score", "support"]
    if output_dict:
        report = {name: dict(zip(headers, map(float, row))) for name, *row in rows}
        if "accuracy" in report:
            report["accuracy"] = report["accuracy"]["precision"]
        return report
    longest_name = max((len(str(name)) for name in target_names), default=0)
    width = max(longest_name, len("weighted avg"), digits)
    lines = [f"{'':>{width}} " + "".join(f" {h:>9}" for h in headers), ""]
    for i, (name, p_, r_, f_, s_) in enumerate(rows):
        if i == n_label_rows:  # a blank line between the labels and the averages
            lines.append("")
        if i >= n_label_rows and name == "accuracy":  # one number, shown in the F1 column
            scores_text = " " * 20 + f" {f_:>9.{digits}f}"
        else:
            scores_text = "".join(f" {v:>9.{digits}f}" for v in (p_, r_, f_))
        lines.append(f"{str(name):>{width}} " + scores_text + f" {s_:>9}")
    return "\n".join(lines) + "\n"
