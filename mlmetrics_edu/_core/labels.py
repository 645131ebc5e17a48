"""Labels as integer codes, and the counts made of them.

Every classification metric, the confusion-matrix and calibration states and the
calibration explorer read labels through these functions: one encoder (counting, not
sorting, for integers in a narrow range), one way to count (true, predicted) pairs with the
exact integer-weight path and its overflow check, one reading of a binary target's positive
class for the calibration metrics, and one mapping of labels to probability columns.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import (
    MetricInputError,
    as_1d,
    check_finite,
    check_pos_label_present,
    unique_labels,
)

__all__ = ["add_counts", "binary_classes", "check_labels_are_classes", "check_not_continuous",
           "check_pos_label_type", "column_codes", "curve_positive_mask", "encode_labels",
           "integer_weighted_counts", "labels_1d", "pair_counts", "positive_mask", "present_labels"]

_INT64_MAX = np.iinfo(np.int64).max


# --------------------------------------------------------------------------- encoding


def encode_labels(*arrays):
    """Integer codes in ``[0, k)`` for each label array, then the ``k`` sorted labels they share.

    ``t, p, classes = encode_labels(y_true, y_pred)``; ``codes, classes = encode_labels(y)``.
    Integers in a narrow range are counted, not sorted (O(n)); anything else goes through
    ``np.unique``. Strings mixed with numbers raise. Used by the classification metrics, the
    calibration metrics' class columns and every streaming state of :mod:`~mlmetrics_edu.monitoring`.

    >>> encode_labels(np.array([3, 7, 3]), np.array([7, 7, 5]))
    (array([0, 2, 0]), array([2, 2, 1]), array([3, 5, 7]))
    """
    if all(a.dtype.kind in "biu" for a in arrays):
        coded = _encode_narrow_integers(arrays)
        if coded is not None:
            return coded
    if len(arrays) == 1:
        classes, codes = np.unique(arrays[0], return_inverse=True)
        return codes.reshape(arrays[0].shape), classes
    names = ("y_true", "y_pred") if len(arrays) == 2 else tuple(f"y{i}" for i in range(len(arrays)))
    classes = unique_labels(*zip(names, arrays))
    return (*(np.searchsorted(classes, a) for a in arrays), classes)


def _encode_narrow_integers(arrays):
    """:func:`encode_labels` for integers whose range is at most about twice their number."""
    lo = int(min(a.min() for a in arrays))
    hi = int(max(a.max() for a in arrays))
    if not (hi - lo <= 2 * arrays[0].size + 1024 and hi < 2**63):
        return None
    codes = [a.astype(np.intp, copy=False) for a in arrays]
    if lo:  # shift so that the smallest label is 0
        codes = [c - lo for c in codes]
    span = hi - lo + 1
    if span <= 2:  # min and max both occur and nothing lies between them
        seen = np.ones(span, dtype=bool)
    else:
        seen = sum(np.bincount(c, minlength=span) for c in codes) > 0
    classes = (np.flatnonzero(seen) + lo).astype(np.result_type(*arrays))
    if classes.size < span:  # gaps: replace each value by its rank among the labels seen
        rank = np.cumsum(seen) - 1
        codes = [rank[c] for c in codes]
    return (*codes, classes)


# --------------------------------------------------------------------------- counting


def integer_weighted_counts(cell, weights, size):
    """Sum integer ``weights`` per ``cell`` (codes in ``[0, size)``) as int64: exact beyond
    2**53, and an error -- not a wrap-around to a negative count -- past the int64 range.

    The one overflow check of the package's counts; used through :func:`pair_counts` by
    ``confusion_matrix`` and ``ConfusionMatrixState``.
    """
    w = np.asarray(weights)
    if w.dtype == np.uint64 and w.size and w.max() > _INT64_MAX:
        raise MetricInputError("sample_weight holds values above the int64 range")
    w = w.astype(np.int64)
    _check_total(w)
    counts = np.zeros(size, dtype=np.int64)
    np.add.at(counts, cell, w)
    return counts


def _check_total(w, already=0):
    """Raise if ``already`` plus the sum of the int64 array ``w`` passes the int64 range."""
    if float(w.sum(dtype=np.float64)) + float(already) > 2.0**62 and \
            sum(int(v) for v in w.ravel()) + int(already) > _INT64_MAX:
        raise MetricInputError("sample_weight sums past the int64 range (2**63 - 1), so the counts "
                               "would overflow; scale the weights down or pass them as floats")


def pair_counts(t, p, k, weights=None):
    """The ``k x k`` matrix of (weighted) counts of the code pairs ``(t[i], p[i])``.

    Without weights: int64 counts (one bincount). Integer (or boolean) weights are summed as
    integers, exactly (:func:`integer_weighted_counts`); float weights as float64. Used by
    ``confusion_matrix`` and ``ConfusionMatrixState.update``.
    """
    cell = t * k + p
    if weights is None:
        return np.bincount(cell, minlength=k * k).astype(np.int64, copy=False).reshape(k, k)
    if np.asarray(weights).dtype.kind in "biu":
        return integer_weighted_counts(cell, weights, k * k).reshape(k, k)
    return np.bincount(cell, weights=weights, minlength=k * k).reshape(k, k)


def add_counts(a, b):
    """``a + b`` for two count arrays, in their common dtype; int64 counts whose total would
    pass the int64 range raise instead of wrapping around. Used by ``ConfusionMatrixState``
    (update and merge), so a stream keeps the one-pass matrix's overflow check."""
    dtype = np.result_type(a.dtype, b.dtype)
    if dtype.kind in "iu" and b.size:
        _check_total(np.asarray(b, dtype=np.int64), int(np.asarray(a, dtype=np.int64).sum()))
    return a.astype(dtype) + b


# --------------------------------------------------------------------------- binary targets


def check_labels_are_classes(y, name):
    """Refuse values that cannot be class labels: other dtypes, NaN, non-integer floats."""
    if y.dtype.kind not in "biufUS":
        raise MetricInputError(f"{name} must hold class labels, got values of dtype {y.dtype}")
    if y.dtype.kind == "f":
        check_finite(y, name)
        if not np.all(y == np.floor(y)):
            raise MetricInputError(f"{name} must hold class labels, got continuous values")


def binary_classes(y, name="y_true"):
    """The (one or two) sorted labels of a binary target, or a MetricInputError (O(n), no sort)."""
    if y.dtype.kind in "US":
        others = y[y != y[0]]
        if others.size and np.any(others != others[0]):
            raise MetricInputError(f"{name} must be binary, got more than two distinct labels")
        return np.unique(np.concatenate([y[:1], others[:1]]))
    if y.dtype.kind not in "biuf":
        raise MetricInputError(f"{name} must hold class labels, got values of dtype {y.dtype}")
    check_finite(y, name)
    lo, hi = y.min(), y.max()
    two_values = y.dtype.kind == "b" or (y.dtype.kind in "iu" and hi - lo <= 1)
    if not (two_values or np.all((y == lo) | (y == hi))):
        raise MetricInputError(f"{name} must be binary, got more than two distinct labels")
    if y.dtype.kind == "f" and (lo != math.floor(lo) or hi != math.floor(hi)):
        raise MetricInputError(f"{name} must hold class labels, got continuous values")
    return np.unique(np.array([lo, hi], dtype=y.dtype))


def positive_mask(y_true, pos_label=None, *, greatest_if_unsure=False):
    """Boolean mask of the positive class of a binary ``y_true`` (the calibration metrics' rule).

    Without ``pos_label`` the labels must be {0, 1} or {-1, 1} (or one of them) and 1 is
    positive; ``greatest_if_unsure`` (Brier score) takes the larger numeric label instead of
    refusing. Used by the calibration metrics and the calibration explorer.
    """
    y = as_1d(y_true, "y_true")
    classes = binary_classes(y)
    numeric = classes.dtype.kind in "biuf"
    if pos_label is None:
        if numeric and classes.tolist() in ([0, 1], [-1, 1], [0], [-1], [1]):
            pos_label = 1
        elif numeric and greatest_if_unsure:
            pos_label = classes[-1]
        else:
            raise MetricInputError(
                f"y_true takes values {classes.tolist()} and pos_label is not given: use "
                "labels {0, 1} or {-1, 1}, or pass pos_label"
            )
    elif isinstance(pos_label, str) == numeric:
        raise MetricInputError(
            f"pos_label={pos_label!r} is not comparable with the labels {classes.tolist()}"
        )
    check_pos_label_present(pos_label, classes)
    return y == pos_label


def column_codes(y_true, n_columns):
    """Column of a probability matrix for each true class: integer codes 0..k-1 as they are,
    other labels by their sorted order. Used by the multiclass calibration metrics and the
    calibration explorer."""
    y = as_1d(y_true, "y_true")
    check_labels_are_classes(y, "y_true")
    if y.dtype.kind in "biuf" and y.min() >= 0 and y.max() < n_columns:
        return y.astype(np.intp)
    codes, classes = encode_labels(y)
    if classes.size != n_columns:
        raise MetricInputError(
            f"y_true has {classes.size} classes {classes.tolist()[:10]} but there are "
            f"{n_columns} columns; pass integer column indices 0..{n_columns - 1}"
        )
    return codes


# --------------------------------------------------------------------------- the curves' binary target


def labels_1d(y_true):
    """``y_true`` as a finite 1-D array of numbers or strings."""
    y = as_1d(y_true, "y_true")
    if y.dtype.kind not in "biufUS":
        raise MetricInputError(f"y_true must hold numbers or strings, got dtype {y.dtype}")
    check_finite(y, "y_true")
    return y


def present_labels(y):
    """The sorted distinct labels of ``y`` if there are at most two, else None.

    O(n) with no sort: the hot path of the ROC and PR metrics must not pay for ``np.unique``.
    """
    if y.dtype.kind in "US":  # strings have no min/max: drop the first label, inspect the rest
        rest = y[y != y[0]]
        if rest.size and (rest != rest[0]).any():
            return None
        return np.sort(np.concatenate([y[:1], rest[:1]]))
    lo, hi = y.min(), y.max()
    if lo != hi and np.count_nonzero(y == lo) + np.count_nonzero(y == hi) != y.size:
        return None  # some value lies strictly between the smallest and the largest
    return np.unique(np.array([lo, hi], dtype=y.dtype))


def check_not_continuous(y, labels):
    """Refuse a float target with non-integer values (scores passed as labels)."""
    if y.dtype.kind == "f":
        values = y if labels is None else labels
        if not np.all(values == np.floor(values)):
            raise MetricInputError(
                "y_true holds non-integer values, so it looks like scores, not class labels; "
                "y_true must hold labels (did you swap y_true and y_score?)"
            )


def check_pos_label_type(pos_label, y):
    """A string pos_label needs string labels, a number needs numbers."""
    if not isinstance(pos_label, (str, bytes, numbers.Number, np.bool_)):
        raise MetricInputError(f"pos_label must be a label (number or string), got {pos_label!r}")
    if isinstance(pos_label, (str, bytes)) != (y.dtype.kind in "US"):
        kind = "strings" if y.dtype.kind in "US" else "numbers"
        raise MetricInputError(
            f"pos_label={pos_label!r} cannot be a label of y_true, which holds {kind}; "
            "pass one of the labels that occur in y_true"
        )


def curve_positive_mask(y, pos_label, func):
    """Validate a binary target and return ``y == pos_label`` -- scikit-learn's rules for the
    ROC and PR curves (an explicit ``pos_label`` also allows a multiclass ``y_true``: one
    against the rest). Used by :mod:`~mlmetrics_edu.curves` and the threshold explorer."""
    labels = present_labels(y)
    check_not_continuous(y, labels)
    if pos_label is not None:
        check_pos_label_type(pos_label, y)
        check_pos_label_present(pos_label, labels if labels is not None else np.unique(y))
        return y == pos_label
    if labels is None:
        raise MetricInputError(
            f"y_true has more than two classes, but {func} needs a binary target; pass "
            "pos_label=<class> to score one class against the rest, or use "
            "roc_auc_score(..., multi_class='ovr') / average_precision_score(..., average=...)"
        )
    values = set(labels.tolist())
    if y.dtype.kind in "US" or not (values <= {0, 1} or values <= {-1, 1}):
        raise MetricInputError(
            f"y_true takes the values {labels.tolist()}: pass pos_label to say which one is "
            "positive (it may be left out only for labels in {0, 1} or {-1, 1})"
        )
    return y == 1
