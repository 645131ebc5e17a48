"""Calibration: are the predicted probabilities honest?

A classifier is *calibrated* when, among the samples it gives probability 0.8,
about 80% are positive. This module has the two proper scoring rules (log loss
and the Brier score, with Murphy's decomposition of the latter), the reliability
curve and its one-number summaries (ECE, MCE), and three recalibrators that fix
a miscalibrated model after training: Platt scaling, isotonic regression and
temperature scaling. For a change of class prior (label shift), :func:`adjust_to_prior`
corrects the probabilities and :func:`estimate_prior_em` estimates the new prior.

Conventions (as in scikit-learn): a 1-D ``y_prob`` is the probability of the
positive class; a 2-D ``y_proba`` has one column per class, in sorted label
order. Reliability bins are right-closed, ``(e_k, e_{k+1}]``, with the first bin
also holding 0.

Deliberate differences from scikit-learn, everywhere in this module: a column vector of shape
(n, 1) is refused with a message (pass ``y.ravel()``), where scikit-learn warns and ravels it;
invalid input raises :class:`MetricInputError` (a ``ValueError``) with our own message. Any
other difference is stated in the docstring of the function it concerns.
"""

from __future__ import annotations

import math
import numbers
from collections import namedtuple

import numpy as np

from ._core import (
    bin_edges,
    bin_index,
    check_labels_are_classes,
    column_codes,
    encode_labels,
    positive_mask,
)
from ._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    check_bool,
    check_consistent_length,
    check_finite,
    check_probabilities,
    check_sample_weight,
    target_type,
    warn_user,
)

__all__ = [
    "BrierDecomposition",
    "IsotonicCalibration",
    "NotFittedError",
    "PlattScaling",
    "TemperatureScaling",
    "brier_decomposition",
    "brier_score_loss",
    "calibration_curve",
    "expected_calibration_error",
    "log_loss",
    "maximum_calibration_error",
]

# --------------------------------------------------------------------------- input helpers


def _probabilities(y_prob, name, ndim=(1, 2)):
    """Finite probabilities in [0, 1]; float32 stays float32 (its eps is used for clipping)."""
    p = y_prob
    is_float = isinstance(p, np.ndarray) and p.dtype in (np.float64, np.float32)
    if not (is_float and p.ndim in ndim and p.size):  # the general, copying route
        p = as_float_array(y_prob, name, ndim=ndim)
    if p.ndim == 2 and p.shape[1] == 1:  # a single column is the positive class
        p = p[:, 0]
    if not (p.min() >= 0 and p.max() <= 1):  # False for NaN too: one check, two passes
        check_finite(p, name)
        check_probabilities(p, name)
    return p


def _weights(sample_weight, n):
    w = check_sample_weight(sample_weight, n)
    if w is not None and not w.sum() > 0:
        raise MetricInputError("sample_weight sums to zero; at least one weight must be positive")
    return w


def _average(values, w, normalize=True):
    """Mean (or sum) of per-sample values, weighted by ``w`` when given."""
    if w is None:
        return float(values.mean() if normalize else values.sum())
    total = (values * w).sum()
    return float(total / w.sum() if normalize else total)


def _class_codes(y, labels):
    """Classes in column order (sorted) and each sample's column, following ``labels``."""
    if labels is None:
        codes, classes = encode_labels(y)
        if classes.size == 1:
            raise MetricInputError(
                f"y_true contains only one label ({classes[0]!r}); pass labels=[...] listing "
                "every class so the columns of y_proba can be matched"
            )
        return classes, codes
    labels = as_1d(labels, "labels")
    if (labels.dtype.kind in "US") != (y.dtype.kind in "US"):
        raise MetricInputError("y_true and labels mix label types (strings and numbers)")
    classes = np.unique(labels)
    if classes.size < 2:
        raise MetricInputError(f"labels needs at least two labels, got {classes.tolist()}")
    if classes.size != labels.size or np.any(classes != labels):
        warn_user(
            f"labels={labels.tolist()} is not sorted; the columns of y_proba are taken to "
            f"follow the sorted order {classes.tolist()}. Pass the labels sorted to silence this.",
            UserWarning,
        )
    codes = np.minimum(np.searchsorted(classes, y), classes.size - 1)
    unknown = classes[codes] != y
    if unknown.any():
        raise MetricInputError(
            f"y_true contains values {np.unique(y[unknown]).tolist()} that are not in "
            f"labels={labels.tolist()}"
        )
    return classes, codes


def _targets_for_columns(y_true, p, labels):
    """Validate ``y_true`` against probability columns; return class codes or an indicator.

    Used by log_loss and the multiclass Brier score: ``y_true`` is 1-D labels (the
    columns of ``p`` follow their sorted order) or a 2-D 0/1 indicator matrix.
    Returns ``(target, p)`` with ``p`` 1-D (binary) or 2-D.
    """
    try:
        is_matrix = np.ndim(y_true) == 2
    except ValueError:  # ragged: let as_1d explain
        is_matrix = False
    y = np.asarray(y_true) if is_matrix else as_1d(y_true, "y_true")
    if y.ndim == 2 and (labels is not None or target_type(y, "y_true") != "multilabel-indicator"):
        raise MetricInputError(
            f"y_true must be 1-D labels or a 2-D 0/1 indicator matrix (without labels), "
            f"got an array of shape {y.shape}"
        )
    check_consistent_length(("y_true", y), ("y_proba", p))
    if y.ndim == 2:
        classes, target = np.arange(y.shape[1]), y
    else:
        check_labels_are_classes(y, "y_true")
        classes, target = _class_codes(y, labels)
    n_columns = 2 if p.ndim == 1 else p.shape[1]
    if p.ndim == 2:
        _warn_if_rows_do_not_sum_to_one(p, "y_proba")
    if classes.size != n_columns:
        source, hint = ("labels", "") if labels is not None else (
            "y_true", " (pass labels=[...] listing every class)"
        )
        raise MetricInputError(
            f"{source} has {classes.size} classes {classes.tolist()} but y_proba has "
            f"{n_columns} columns{hint}"
        )
    if p.ndim == 1 and y.ndim == 2:  # indicator target with a positive-class column
        p = np.column_stack([1 - p, p])
    return target, p


# --------------------------------------------------------------------------- scoring rules


def log_loss(y_true, y_proba, *, normalize=True, sample_weight=None, labels=None):
    r"""Log loss (cross-entropy): the mean negative log-probability of the true class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels, or a 0/1 indicator matrix.
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities: of the positive (larger) class when 1-D, else one
        column per class in sorted label order. (scikit-learn 1.9's name; ``y_pred``
        there is deprecated.)
    normalize : bool, default=True
        Return the mean loss per sample; if False, the sum.
    sample_weight : array-like of shape (n_samples,), optional
    labels : array-like, optional
        All class labels, when ``y_true`` may miss some (columns still follow the
        sorted order; unsorted ``labels`` warn).

    Returns
    -------
    loss : float

    Notes
    -----
    **Formula**: :math:`-\frac{1}{n}\sum_i \log p_{i, y_i}`; for binary
    :math:`-\frac{1}{n}\sum_i [y_i \log p_i + (1-y_i)\log(1-p_i)]`. Probabilities are
    clipped to ``[eps, 1 - eps]`` with the machine epsilon of their dtype.

    **Intuition**: how surprised is the model by the truth? A strictly proper
    scoring rule: in expectation it is minimised only by the true probabilities.

    **Interview note**: one confident mistake dominates: p = 1e-15 on the true
    class costs 34.5 nats, as much as 50 predictions of 0.5. Log loss punishes
    overconfidence; accuracy cannot see it.

    **Edge cases**: one class in ``y_true`` without ``labels`` is an error (which
    column is it?). Rows not summing to 1 warn (``UserWarning``) but are used
    as given. All-zero weights raise.

    See Also
    --------
    brier_score_loss : bounded alternative, less harsh on confident mistakes.
    TemperatureScaling : lowers the log loss of an overconfident model.

    Examples
    --------
    >>> log_loss([0, 1, 1], [0.1, 0.8, 0.6])  # -(log 0.9 + log 0.8 + log 0.6) / 3
    0.27978
    >>> log_loss(["cat", "dog", "dog"], [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]])
    0.27978
    """
    check_bool(normalize, "normalize")
    p = _probabilities(y_proba, "y_proba")
    target, p = _targets_for_columns(y_true, p, labels)
    w = _weights(sample_weight, p.shape[0])
    eps = np.finfo(p.dtype).eps
    if target.ndim == 2:  # indicator matrix: sum over every true class of the row
        loss = -(target * np.log(np.clip(p, eps, 1 - eps))).sum(axis=1)
        return _average(loss, w, normalize)
    if p.ndim == 1:
        p_true = np.where(target == 1, p, 1 - p)  # probability given to the true class
    else:
        p_true = np.take_along_axis(p, target[:, None], axis=1)[:, 0]
    # p_true is a fresh array, so clip and log may overwrite it (saves memory at large n)
    log_p = np.log(np.clip(p_true, eps, 1 - eps, out=p_true), out=p_true)
    return -_average(log_p, w, normalize)


def brier_score_loss(
    y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None, scale_by_half="auto"
):
    r"""Brier score: the mean squared error of predicted probabilities.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (a 0/1 indicator matrix is also accepted with 2-D ``y_proba``).
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Probability of the positive class (1-D), or one column per class in
        sorted label order (2-D, multiclass).
    sample_weight : array-like of shape (n_samples,), optional
    pos_label : int, float, bool or str, optional
        Positive class for 1-D ``y_proba``. Default: 1 if the labels are {0, 1} or
        {-1, 1}, else the larger numeric label (strings need it).
    labels : array-like, optional
        All class labels for 2-D ``y_proba`` (as in :func:`log_loss`).
    scale_by_half : bool or "auto", default="auto"
        Halve the multiclass sum so the score lies in [0, 1]; "auto" halves for
        binary problems only (the customary binary Brier score).

    Returns
    -------
    score : float

    Notes
    -----
    **Formula**: binary :math:`\frac{1}{n}\sum_i (p_i - y_i)^2`; multiclass
    :math:`\frac{1}{n}\sum_i \sum_c (p_{ic} - y_{ic})^2` (range [0, 2]), halved when
    ``scale_by_half``. The binary score is the two-column sum halved.

    **Intuition**: how far, in squared distance, are the forecasts from what
    happened? Strictly proper, like log loss, but bounded.

    **Interview note**: a low Brier score does not mean calibrated: it mixes
    calibration (reliability) with sharpness (resolution) and the base rate;
    :func:`brier_decomposition` separates them.

    **Edge cases**: a 1-D ``y_proba`` needs a binary ``y_true``; one class is fine.
    2-D ``y_proba`` follows :func:`log_loss`'s rules (a one-class ``y_true`` needs
    ``labels``; rows not summing to 1 warn). All-zero weights raise.

    See Also
    --------
    brier_decomposition : reliability - resolution + uncertainty.
    log_loss : the other proper scoring rule, unbounded.

    Examples
    --------
    >>> brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])
    0.0375
    >>> brier_score_loss([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]])
    0.146
    """
    if not (isinstance(scale_by_half, str) and scale_by_half == "auto"):
        check_bool(scale_by_half, "scale_by_half")
    p = _probabilities(y_proba, "y_proba")
    if p.ndim == 1:
        y = positive_mask(y_true, pos_label, greatest_if_unsure=True)
        check_consistent_length(("y_true", y), ("y_proba", p))
        w = _weights(sample_weight, p.shape[0])
        brier = _average((p - y) ** 2, w)  # = half the two-column sum
        return brier if scale_by_half in ("auto", True) else 2 * brier
    target, p = _targets_for_columns(y_true, p, labels)
    w = _weights(sample_weight, p.shape[0])
    squared_error = np.zeros(p.shape[0], dtype=p.dtype)
    for c in range(p.shape[1]):  # a loop over classes: sum_c (p_c - 1[y = c])^2
        is_c = target[:, c] if target.ndim == 2 else target == c
        squared_error += (p[:, c] - is_c) ** 2
    brier = _average(squared_error, w)
    halve = p.shape[1] < 3 if scale_by_half == "auto" else scale_by_half
    return 0.5 * brier if halve else brier


def _group_mean(values, group, weight, n_k):
    """Weighted mean of ``values`` in each group; 0 for a group without weight."""
    sums = np.bincount(group, weights=weight * values, minlength=n_k.size)
    return np.divide(sums, n_k, out=np.zeros_like(n_k), where=n_k > 0)


BrierDecomposition = namedtuple(
    "BrierDecomposition", ["brier", "reliability", "resolution", "uncertainty", "within_bin"]
)
BrierDecomposition.__doc__ = (
    "Murphy's decomposition: brier == reliability - resolution + uncertainty + within_bin."
)


def brier_decomposition(
    y_true, y_prob, *, n_bins=None, strategy="uniform", pos_label=None, sample_weight=None
):
    r"""Murphy's decomposition of the binary Brier score (ours; not in scikit-learn).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels ({0, 1}, {-1, 1}, or any two with ``pos_label``).
    y_prob : array-like of shape (n_samples,)
        Probability of the positive class.
    n_bins : int, optional
        None (default) groups samples by distinct forecast value, which makes the
        decomposition exact. An int uses :func:`calibration_curve`'s bins.
    strategy : {"uniform", "quantile"}, default="uniform"
        Bin edges when ``n_bins`` is given.
    pos_label : int, float, bool or str, optional
    sample_weight : array-like of shape (n_samples,), optional

    Returns
    -------
    BrierDecomposition
        Named tuple ``(brier, reliability, resolution, uncertainty, within_bin)``
        of floats with ``brier == reliability - resolution + uncertainty + within_bin``.

    Notes
    -----
    **Formula**: with groups :math:`k` of weight :math:`n_k`, mean forecast
    :math:`f_k`, observed frequency :math:`o_k`, base rate :math:`\bar o`:
    reliability :math:`= \frac{1}{N}\sum_k n_k (f_k - o_k)^2` (lower is better),
    resolution :math:`= \frac{1}{N}\sum_k n_k (o_k - \bar o)^2` (higher is better),
    uncertainty :math:`= \bar o (1 - \bar o)`. Grouped by distinct forecasts,
    within_bin is 0. With bins, forecasts vary inside a bin and
    within_bin :math:`= \frac{1}{N}\sum_i (p_i - f_{k(i)})^2 - \frac{2}{N}\sum_i
    (p_i - f_{k(i)})(y_i - o_{k(i)})` (Stephenson et al., 2008) restores the identity.

    **Intuition**: is the score bad because the forecasts lie (reliability),
    because they say nothing beyond the base rate (resolution), or because the
    problem is hard (uncertainty)?

    **Interview note**: always predicting the base rate is perfectly reliable
    (reliability 0) and useless (resolution 0): calibration alone is not skill.

    **Edge cases**: one class gives uncertainty 0. All-zero weights raise.

    See Also
    --------
    brier_score_loss : the score being decomposed (binary scale).
    expected_calibration_error : an absolute-difference cousin of reliability.

    Examples
    --------
    >>> d = brier_decomposition([0, 0, 1, 1], [0.2, 0.2, 0.8, 0.8])
    >>> d.brier, d.reliability, d.resolution, d.uncertainty
    (0.04, 0.04, 0.25, 0.25)
    """
    p = _probabilities(y_prob, "y_prob", ndim=(1,)).astype(np.float64, copy=False)
    y = positive_mask(y_true, pos_label)
    check_consistent_length(("y_true", y), ("y_prob", p))
    w = _weights(sample_weight, p.size)
    weight = np.ones_like(p) if w is None else w
    if n_bins is None:
        f, group = np.unique(p, return_inverse=True)  # f: each group's (exact) forecast
        n_k = np.bincount(group, weights=weight)
    else:
        group = bin_index(p, bin_edges(p, n_bins, strategy), strategy == "uniform")
        n_k = np.bincount(group, weights=weight, minlength=n_bins)
        f = _group_mean(p, group, weight, n_k)  # each bin's mean forecast
    o = _group_mean(y, group, weight, n_k)  # each group's observed frequency
    total = n_k.sum()
    base_rate = (n_k * o).sum() / total
    brier = (weight * (p - y) ** 2).sum() / total
    reliability = (n_k * (f - o) ** 2).sum() / total
    resolution = (n_k * (o - base_rate) ** 2).sum() / total
    uncertainty = base_rate * (1 - base_rate)
    within_bin = 0.0
    if n_bins is not None:
        spread = p - f[group]  # forecast minus its bin's mean forecast
        within_bin = (weight * (spread**2 - 2 * spread * (y - o[group]))).sum() / total
    terms = (brier, reliability, resolution, uncertainty, within_bin)
    return BrierDecomposition(*map(float, terms))


# --------------------------------------------------------------------------- reliability


_BLOCK = 1 << 15  # samples per block in _bin_sums: the temporaries stay in the CPU cache


def _bin_sums(p, edges, uniform, columns):
    """Per bin of ``p``, the sum of each column (a per-sample array; None counts samples)."""
    n_bins = edges.size - 1
    sums = [np.zeros(n_bins) for _ in columns]
    for start in range(0, p.size, _BLOCK):  # blocks, not samples: each step is vectorised
        block = slice(start, start + _BLOCK)
        bins = bin_index(p[block], edges, uniform)
        for total, column in zip(sums, columns):
            values = None if column is None else column[block]
            total += np.bincount(bins, weights=values, minlength=n_bins)
    return sums


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    r"""Reliability curve: observed frequency of positives vs mean forecast, per bin.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_prob : array-like of shape (n_samples,)
        Probability of the positive class.
    pos_label : int, float, bool or str, optional
        Needed unless the labels are {0, 1} or {-1, 1}.
    n_bins : int, default=5
    strategy : {"uniform", "quantile"}, default="uniform"
        Equal-width bins on [0, 1], or bins at the forecasts' percentiles
        (about equally many samples each).

    Returns
    -------
    prob_true : ndarray
        Fraction of positives in each non-empty bin.
    prob_pred : ndarray
        Mean predicted probability in each non-empty bin.

    Notes
    -----
    **Formula**: bin :math:`k` holds the samples with
    :math:`e_k < p_i \le e_{k+1}` (0 goes to the first bin);
    ``prob_true[k]`` :math:`= \frac{1}{n_k}\sum_{i \in k} y_i`,
    ``prob_pred[k]`` :math:`= \frac{1}{n_k}\sum_{i \in k} p_i`.

    **Intuition**: when the model says 70%, does it happen 70% of the time?
    A calibrated model's points lie on the diagonal.

    **Interview note**: empty bins are dropped, so the two arrays may be shorter
    than ``n_bins`` and do not line up with fixed bin positions; with few
    samples a bin's frequency is noisy. Points below the diagonal at high
    probabilities mean overconfidence.

    **Edge cases**: one class is fine (every frequency is 0 or 1). More than two
    classes raise.

    See Also
    --------
    expected_calibration_error : the weighted average gap of this curve.
    maximum_calibration_error : its largest gap.

    Examples
    --------
    >>> prob_true, prob_pred = calibration_curve(
    ...     [0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0], n_bins=3)
    >>> prob_true
    array([0. , 0.5, 1. ])
    >>> prob_pred
    array([0.2  , 0.525, 0.85 ])
    """
    p = _probabilities(y_prob, "y_prob", ndim=(1,)).astype(np.float64, copy=False)
    y = positive_mask(y_true, pos_label)
    check_consistent_length(("y_true", y), ("y_prob", p))
    edges = bin_edges(p, n_bins, strategy)
    n_k, sum_y, sum_p = _bin_sums(p, edges, strategy == "uniform", [None, y, p])
    full = n_k > 0
    return sum_y[full] / n_k[full], sum_p[full] / n_k[full]


def _warn_if_rows_do_not_sum_to_one(p, name):
    """Warn (as scikit-learn's log_loss does) when a probability matrix's rows are not distributions."""
    eps = np.finfo(p.dtype).eps
    # scikit-learn's tolerance: isclose(row sum, 1, rtol=sqrt(eps), atol=1e-8)
    if np.any(np.abs(p.sum(axis=1) - 1) > 1e-8 + math.sqrt(eps)):
        warn_user(f"The rows of {name} do not sum to one. Make sure to pass probabilities.",
                  UserWarning)


def _calibration_residuals(y_true, y_prob, n_bins, strategy, pos_label, sample_weight):
    """Confidence, weighted residual (outcome - confidence), weights and bin edges: ECE and MCE."""
    p = _probabilities(y_prob, "y_prob").astype(np.float64, copy=False)
    if p.ndim == 1:  # binary: is the positive-class probability honest?
        outcome = positive_mask(y_true, pos_label)
        confidence = p
    else:  # multiclass: is the top-label confidence honest?
        _warn_if_rows_do_not_sum_to_one(p, "y_prob")
        codes = column_codes(y_true, p.shape[1])
        check_consistent_length(("y_true", codes), ("y_prob", p))
        predicted = p.argmax(axis=1)  # ties go to the first column
        outcome = predicted == codes
        confidence = np.take_along_axis(p, predicted[:, None], axis=1)[:, 0]
    check_consistent_length(("y_true", outcome), ("y_prob", p))
    w = _weights(sample_weight, p.shape[0])
    residual = outcome - confidence  # > 0: more hits than the confidence promised
    if w is not None:
        residual *= w
    return confidence, residual, w, bin_edges(confidence, n_bins, strategy)


def expected_calibration_error(
    y_true, y_prob, *, n_bins=10, strategy="uniform", pos_label=None, sample_weight=None
):
    r"""Expected calibration error: the sample-weighted mean gap of the reliability curve (ours).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels (1-D ``y_prob``), or class labels (2-D ``y_prob``): integer
        column indices 0..k-1, or labels whose sorted order is the column order.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Probability of the positive class, or class probabilities.
    n_bins : int, default=10
    strategy : {"uniform", "quantile"}, default="uniform"
        The bins of :func:`calibration_curve`.
    pos_label : int, float, bool or str, optional
        Positive class for 1-D ``y_prob``.
    sample_weight : array-like of shape (n_samples,), optional
        Bins are then weighted by their share of the total weight.

    Returns
    -------
    ece : float

    Notes
    -----
    **Formula**: :math:`\sum_k \frac{n_k}{n}\,|\bar y_k - \bar p_k|
    = \frac{1}{n}\sum_k |\sum_{i \in k} (y_i - p_i)|` over non-empty bins (the bin
    size cancels). Binary: :math:`\bar y_k` is the fraction of positives and
    :math:`\bar p_k` the mean positive-class probability. Multiclass (top-label ECE): the
    confidence is :math:`\max_c p_{ic}` and the outcome is whether that class
    (first on ties) is the true one.

    **Intuition**: on average, by how many percentage points does the stated
    confidence miss the observed frequency?

    **Interview note**: ECE depends on the binning (n_bins, uniform vs
    quantile) and is biased upward for small samples; it is not a proper
    scoring rule -- always predicting the base rate scores ECE 0.

    **Edge cases**: empty bins are skipped; one class is fine. All-zero weights
    raise.

    See Also
    --------
    calibration_curve : the per-bin values being averaged.
    maximum_calibration_error : the worst bin instead of the average.
    brier_decomposition : reliability is a squared-gap version of ECE.

    Examples
    --------
    Bin (0, 0.5] has frequency 1/3 and mean 0.3; bin (0.5, 1] has 1 and 0.75:

    >>> expected_calibration_error([0, 0, 1, 1, 1], [0.2, 0.4, 0.3, 0.9, 0.6], n_bins=2)
    0.12
    >>> expected_calibration_error([0, 1, 2], [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.5, 0.1, 0.4]])
    0.3666667
    """
    confidence, residual, w, edges = _calibration_residuals(
        y_true, y_prob, n_bins, strategy, pos_label, sample_weight
    )
    # n_k / n * |sum of residuals / n_k|: the bin size cancels, one sum per bin is enough
    (residual_sum,) = _bin_sums(confidence, edges, strategy == "uniform", [residual])
    total = confidence.size if w is None else w.sum()
    return float(np.abs(residual_sum).sum() / total)


def maximum_calibration_error(
    y_true, y_prob, *, n_bins=10, strategy="uniform", pos_label=None, sample_weight=None
):
    r"""Maximum calibration error: the largest gap of the reliability curve (ours).

    Parameters
    ----------
    y_true, y_prob, n_bins, strategy, pos_label, sample_weight
        As in :func:`expected_calibration_error` (same bins, same gaps).

    Returns
    -------
    mce : float

    Notes
    -----
    **Formula**: :math:`\max_k |\bar y_k - \bar p_k|` over non-empty bins.

    **Intuition**: how badly wrong is the confidence in the worst region, as
    needed when one bad bin is costly (medical triage, autonomous driving)?

    **Interview note**: a bin with a single sample counts as much as a bin with
    a million, so MCE is noisy: report the bin counts with it.

    **Edge cases**: empty (or zero-weight) bins are skipped.

    See Also
    --------
    expected_calibration_error : the weighted average of the same gaps.
    calibration_curve : the per-bin values.

    Examples
    --------
    >>> maximum_calibration_error([0, 0, 1, 1, 1], [0.2, 0.4, 0.3, 0.9, 0.6], n_bins=2)
    0.25
    """
    confidence, residual, w, edges = _calibration_residuals(
        y_true, y_prob, n_bins, strategy, pos_label, sample_weight
    )
    n_k, residual_sum = _bin_sums(confidence, edges, strategy == "uniform", [w, residual])
    full = n_k > 0
    return float((np.abs(residual_sum[full]) / n_k[full]).max())


# --------------------------------------------------------------------------- recalibrators


class NotFittedError(ValueError, AttributeError):
    """Raised when ``transform`` is called before ``fit``."""


class _Recalibrator:
    """Shared ``fit_transform`` and the unfitted check."""

    _fitted_attribute = ""

    def fit_transform(self, scores, y_true, sample_weight=None):
        """Fit on ``(scores, y_true)`` and return the recalibrated ``scores``."""
        return self.fit(scores, y_true, sample_weight=sample_weight).transform(scores)

    def _check_fitted(self):
        if not hasattr(self, self._fitted_attribute):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet; call fit(scores, y_true) first"
            )

    def _fit_inputs(self, scores, y_true, sample_weight):
        s = as_float_array(scores, "scores")
        y = positive_mask(y_true)
        check_consistent_length(("scores", s), ("y_true", y))
        w = _weights(sample_weight, s.size)
        return s, y, np.ones_like(s) if w is None else w


def _sigmoid(z):
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class PlattScaling(_Recalibrator):
    r"""Platt scaling: map a score to ``sigmoid(a * score + b)``.

    ``fit(scores, y_true, sample_weight=None)`` learns ``a_`` and ``b_`` by
    Newton's method on the log loss, against Platt's smoothed targets
    :math:`t_+ = \frac{N_+ + 1}{N_+ + 2}` and :math:`t_- = \frac{1}{N_- + 2}`
    (a prior that keeps separable data finite, as scikit-learn's sigmoid
    calibration does). ``transform(scores)`` returns probabilities.
    ``y_true`` holds binary labels, {0, 1} or {-1, 1}.

    Notes
    -----
    **Formula**: minimise :math:`\sum_i w_i[\log(1 + e^{z_i}) - t_i z_i]`,
    :math:`z_i = a s_i + b`; gradient :math:`\sum_i w_i (p_i - t_i)(s_i, 1)`,
    Hessian :math:`\sum_i w_i p_i (1 - p_i)(s_i, 1)(s_i, 1)^T`, with a
    backtracking line search (Lin, Lin & Weng, 2007).

    **Intuition**: logistic regression on one feature, the model's score; it
    fixes a score scale that is off by a monotone S-shaped distortion.

    **Interview note**: fit it on held-out data, never on the training set the
    model was fitted to. scikit-learn writes ``1 / (1 + exp(A s + B))``, so its
    ``a_, b_`` are our ``-a_, -b_``.

    **Edge cases**: constant scores give the smoothed base rate; one class in
    ``y_true`` is allowed (the smoothing keeps ``b_`` finite). Scores are centred and scaled
    into [-1, 1] for the fit, so extreme logits (1e300) fit without overflow.

    See Also
    --------
    IsotonicCalibration : any monotone shape, needs more data.
    TemperatureScaling : the multiclass one-parameter analogue.

    Examples
    --------
    >>> platt = PlattScaling().fit([-2.0, -1.0, 0.5, 1.0, 2.0, 3.0], [0, 0, 1, 0, 1, 1])
    >>> round(platt.a_, 4), round(platt.b_, 4)
    (0.6004, -0.362)
    >>> platt.transform([0.0, 2.0]).round(3)
    array([0.41 , 0.698])
    """

    _fitted_attribute = "a_"

    def fit(self, scores, y_true, sample_weight=None):
        """Learn ``a_`` and ``b_`` from held-out scores and binary labels; returns ``self``."""
        s, y, w = self._fit_inputs(scores, y_true, sample_weight)
        n_pos = w[y].sum()
        n_neg = w.sum() - n_pos
        t = np.where(y, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
        # Fit on scores centred and scaled into [-1, 1]: the Hessian then stays finite even for
        # logits like 1e300 (whose squares overflow); a and b are mapped back at the end.
        centre = float(np.median(s))
        scale = float(np.max(np.abs(s - centre))) or 1.0
        X = np.column_stack([(s - centre) / scale, np.ones_like(s)])

        def loss(theta):
            z = X @ theta
            return (w * (np.logaddexp(0, z) - t * z)).sum()

        theta = np.array([0.0, math.log((n_pos + 1) / (n_neg + 1))])
        current = loss(theta)
        for _ in range(100):
            p = _sigmoid(X @ theta)
            gradient = X.T @ (w * (p - t))
            hessian = (X.T * (w * p * (1 - p))) @ X
            step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]  # min-norm if singular
            rate = 1.0
            while rate > 1e-10:  # backtrack until the loss decreases enough
                candidate = loss(theta - rate * step)
                if candidate <= current - 1e-4 * rate * (gradient @ step):
                    break
                rate /= 2
            else:
                break  # no descent left: we are at the minimum up to rounding
            theta, current = theta - rate * step, candidate
            if np.abs(rate * step).max() <= 1e-12 * (1 + np.abs(theta).max()):
                break
        # sigmoid(a' (s - centre) / scale + b') = sigmoid(a s + b)
        self.a_ = float(theta[0] / scale)
        self.b_ = float(theta[1] - theta[0] * centre / scale)
        return self

    def transform(self, scores):
        """Calibrated probabilities ``sigmoid(a_ * scores + b_)``."""
        self._check_fitted()
        return _sigmoid(self.a_ * as_float_array(scores, "scores") + self.b_)


def _pool_adjacent_violators(y, w):
    """Weighted non-decreasing least-squares fit to ``y`` (already sorted by score).

    Neighbouring blocks whose means do not increase are pooled into their
    weighted mean until the means increase strictly. Vectorised rounds pool every
    such run at once while that halves the number of blocks (O(n) in total); a
    stack over the remaining blocks finishes the job in one pass.
    """
    sum_wy, sum_w, size = w * y, w, np.ones(y.size, dtype=np.intp)
    while sum_w.size > 1:
        mean = sum_wy / sum_w
        # a new block starts wherever the mean rises; every other boundary is pooled
        starts = np.flatnonzero(np.r_[True, mean[1:] > mean[:-1]])
        if starts.size == mean.size:
            return np.repeat(mean, size)
        if 2 * starts.size > mean.size:
            break  # slow progress: finish with the stack
        sum_wy, sum_w = np.add.reduceat(sum_wy, starts), np.add.reduceat(sum_w, starts)
        size = np.add.reduceat(size, starts)
    stack_wy, stack_w, stack_size = [], [], []
    for block_wy, block_w, block_size in zip(sum_wy.tolist(), sum_w.tolist(), size.tolist()):
        while stack_w and stack_wy[-1] / stack_w[-1] >= block_wy / block_w:  # violator: pool
            block_wy += stack_wy.pop()
            block_w += stack_w.pop()
            block_size += stack_size.pop()
        stack_wy.append(block_wy)
        stack_w.append(block_w)
        stack_size.append(block_size)
    return np.repeat(np.array(stack_wy) / np.array(stack_w), stack_size)


class IsotonicCalibration(_Recalibrator):
    r"""Isotonic calibration: the best non-decreasing step map from score to probability.

    ``fit(scores, y_true, sample_weight=None)`` runs pool-adjacent-violators on
    the labels sorted by score; ``transform(scores)`` interpolates linearly
    between the fitted points and clips outside the fitted range -- the
    behaviour of scikit-learn's ``IsotonicRegression(y_min=0, y_max=1,
    increasing=True, out_of_bounds="clip")``. Fitted points: ``x_thresholds_``,
    ``y_thresholds_``. ``y_true`` holds binary labels, {0, 1} or {-1, 1}.

    Notes
    -----
    **Formula**: minimise :math:`\sum_i w_i (y_i - f(s_i))^2` over non-decreasing
    :math:`f`. Tied scores are first merged into one point with their weighted
    mean label (zero-weight samples are dropped); points whose fitted value
    equals both neighbours' are dropped since interpolation recovers them.

    **Intuition**: "higher score, not lower probability", and otherwise let the
    data speak: it can fix any monotone distortion, not just a sigmoid.

    **Interview note**: with little data it overfits (steps on a few samples)
    and produces many ties, which can lower ROC AUC; prefer Platt scaling below
    roughly a thousand calibration samples. Sorting costs O(n log n); PAV
    itself is O(n).

    **Edge cases**: a single distinct score gives a constant map; one class
    gives a constant 0 or 1. scikit-learn also merges scores closer than
    1e-15; here only exact ties are merged.

    See Also
    --------
    PlattScaling : two parameters, safer with little data.
    calibration_curve : check the result on fresh data.

    Examples
    --------
    >>> iso = IsotonicCalibration().fit([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1])
    >>> iso.y_thresholds_  # the violation (1 then 0) is pooled into 0.5, 0.5
    array([0. , 0.5, 0.5, 1. , 1. ])
    >>> iso.transform([0.0, 0.15, 0.35, 0.9])
    array([0.  , 0.25, 0.75, 1.  ])
    """

    _fitted_attribute = "x_thresholds_"

    def fit(self, scores, y_true, sample_weight=None):
        """Fit the step map to held-out scores and binary labels; returns ``self``."""
        s, y, w = self._fit_inputs(scores, y_true, sample_weight)
        if sample_weight is not None:
            used = w > 0
            s, y, w = s[used], y[used], w[used]
        x, tie_group = np.unique(s, return_inverse=True)  # one point per distinct score
        w_x = np.bincount(tie_group, weights=w)
        y_x = np.bincount(tie_group, weights=w * y) / w_x
        fitted = np.clip(_pool_adjacent_violators(y_x, w_x), 0.0, 1.0)
        keep = np.ones(x.size, dtype=bool)
        keep[1:-1] = (fitted[1:-1] != fitted[:-2]) | (fitted[1:-1] != fitted[2:])
        self.x_thresholds_, self.y_thresholds_ = x[keep], fitted[keep]
        return self

    def transform(self, scores):
        """Calibrated probabilities: the fitted map, linear between its points."""
        self._check_fitted()
        s = as_float_array(scores, "scores")
        # np.interp holds the end values outside the fitted range: out_of_bounds="clip"
        return np.interp(s, self.x_thresholds_, self.y_thresholds_)


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))  # shift so exp cannot overflow
    return e / e.sum(axis=1, keepdims=True)


class TemperatureScaling(_Recalibrator):
    r"""Temperature scaling: divide the logits by one learned temperature ``T > 0``.

    ``fit(logits, y_true, sample_weight=None)`` finds ``temperature_`` minimising
    the log loss of ``softmax(logits / T)``; ``transform(logits)`` returns those
    probabilities. ``logits`` is ``(n, k)`` with ``y_true`` as integer column
    indices 0..k-1 (or labels whose sorted order is the column order), or 1-D
    binary log-odds with labels {0, 1} / {-1, 1}, treated as the two-class logits
    ``(0, s)`` so that ``transform`` returns ``sigmoid(s / T)`` (1-D).
    (scikit-learn's private ``_TemperatureScaling`` uses ``(-s, s)`` instead, which
    doubles T, and also accepts probabilities; here the input is always logits.)

    Notes
    -----
    **Formula**: with :math:`\beta = 1/T`,
    :math:`L(\beta) = \frac{1}{W}\sum_i w_i[\log\sum_c e^{\beta z_{ic}} - \beta z_{i y_i}]`,
    :math:`L'(\beta) = \frac{1}{W}\sum_i w_i(\mathbb{E}_{p_i}[z_i] - z_{i y_i})`,
    :math:`L''(\beta) = \frac{1}{W}\sum_i w_i \mathrm{Var}_{p_i}[z_i] \ge 0`. L is convex in
    :math:`\beta`, so Newton's method on :math:`L'(\beta) = 0`, kept inside a
    shrinking bracket (bisection in :math:`\log\beta` when a step leaves it), is
    robust. :math:`\beta` is searched in :math:`[e^{-10}, e^{10}]`, scikit-learn's range.

    **Intuition**: one knob that softens (T > 1) or sharpens (T < 1) every
    prediction; argmax, hence accuracy, never changes.

    **Interview note**: modern deep nets are usually overconfident, so they
    learn T > 1 (Guo et al., 2017). It cannot fix a miscalibration that differs
    between classes or confidence levels.

    **Edge cases**: perfectly separated data drive T toward 0: the search stops
    once the loss is flat to machine precision (at the latest at e^-10).

    See Also
    --------
    PlattScaling : a slope and an intercept for binary scores.
    expected_calibration_error : measure the improvement (top-label ECE).

    Examples
    --------
    >>> logits = [[4.0, 0.0], [3.0, 0.5], [0.0, 4.0], [2.5, 0.0], [0.0, 3.5], [3.0, 0.0]]
    >>> ts = TemperatureScaling().fit(logits, [0, 1, 1, 0, 0, 0])
    >>> round(ts.temperature_, 3)
    4.136
    >>> ts.transform([[2.0, 0.0]]).round(3)
    array([[0.619, 0.381]])
    """

    _fitted_attribute = "temperature_"

    def fit(self, logits, y_true, sample_weight=None):
        """Learn ``temperature_`` from held-out logits and labels; returns ``self``."""
        binary = np.ndim(logits) == 1
        z = _as_logits(logits)
        if binary:
            codes = positive_mask(y_true).astype(np.intp)
        else:
            codes = column_codes(y_true, z.shape[1])
        check_consistent_length(("logits", z), ("y_true", codes))
        w = _weights(sample_weight, z.shape[0])
        w = np.ones(z.shape[0]) if w is None else w
        z_true = z[np.arange(z.shape[0]), codes]
        lo, hi, beta = math.exp(-10), math.exp(10), 1.0
        for _ in range(200):
            p = _softmax(beta * z)
            mean_z = (p * z).sum(axis=1)
            slope = (w * (mean_z - z_true)).sum() / w.sum()  # L'(beta)
            curvature = (w * (p * (z - mean_z[:, None]) ** 2).sum(axis=1)).sum() / w.sum()
            if slope > 0:
                hi = beta  # the loss rises here: the minimum lies at smaller beta
            elif slope < 0:
                lo = beta
            else:
                break
            newton = beta - slope / curvature if curvature > 0 else math.nan
            # Newton when it stays inside the bracket, else bisect it (in log beta)
            new_beta = newton if lo < newton < hi else math.sqrt(lo * hi)
            converged = abs(new_beta - beta) <= 1e-13 * beta or hi - lo <= 1e-13 * lo
            beta = new_beta
            if converged:
                break
        self.binary_, self.n_classes_ = binary, z.shape[1]
        self.temperature_ = float(1 / beta)
        return self

    def transform(self, logits):
        """Calibrated probabilities ``softmax(logits / T)``; 1-D input gives ``sigmoid(s / T)``."""
        self._check_fitted()
        z = _as_logits(logits)
        if (np.ndim(logits) == 1) != self.binary_ or z.shape[1] != self.n_classes_:
            want = "1-D binary log-odds" if self.binary_ else f"{self.n_classes_} columns"
            shape = np.shape(logits)
            raise MetricInputError(f"logits must have {want} as in fit, got shape {shape}")
        p = _softmax(z / self.temperature_)
        return p[:, 1] if self.binary_ else p


def _as_logits(logits):
    """``(n, k)`` logits with k >= 2; 1-D log-odds s become the two-class logits (0, s)."""
    z = as_float_array(logits, "logits", ndim=(1, 2))
    if z.ndim == 1:
        return np.column_stack([np.zeros_like(z), z])
    if z.shape[1] < 2:
        raise MetricInputError(f"logits needs at least two columns, got shape {z.shape}")
    return z


# --------------------------------------------------------------------------- prior shift

__all__ += ["adjust_to_prior", "estimate_prior_em"]


def _prior(prior, name, n_classes):
    """A class prior: a number in (0, 1) for binary 1-D probabilities, else K positives summing to 1."""
    if n_classes is None:
        if isinstance(prior, bool) or not isinstance(prior, numbers.Real) or not 0 < prior < 1:
            raise MetricInputError(f"{name} must be the positive-class prior, a number strictly between "
                                   f"0 and 1, got {prior!r}")
        return np.array([1.0 - prior, float(prior)])
    pi = as_float_array(prior, name)
    if pi.shape != (n_classes,):
        raise MetricInputError(f"{name} must hold one prior per column of probabilities ({n_classes}), "
                               f"got shape {pi.shape}")
    if pi.min() <= 0 or abs(pi.sum() - 1) > 1e-6:
        raise MetricInputError(f"{name} must be positive and sum to 1, got {pi.tolist()}")
    return pi


def _shift(p2, weights):
    """Rows of ``p2`` reweighted by ``weights`` and renormalized."""
    w = p2 * weights
    return w / w.sum(axis=1, keepdims=True)


def _as_columns(probabilities):
    p = _probabilities(probabilities, "probabilities")
    if p.ndim == 1:
        return np.column_stack([1.0 - p, p]), True
    if p.shape[1] < 2:
        raise MetricInputError(f"probabilities needs at least two columns, got shape {p.shape}")
    _warn_if_rows_do_not_sum_to_one(p, "probabilities")
    return p, False


def adjust_to_prior(probabilities, train_prior, new_prior):
    """Correct calibrated probabilities for a change of class prior (label shift).

    Parameters
    ----------
    probabilities : array-like of shape (n,) or (n, K)
        Calibrated probabilities under the training prior: 1-D is ``P(y = 1 | x)``; 2-D has one
        column per class.
    train_prior : float or array-like of shape (K,)
        Class prior of the data the model was trained (and calibrated) on: the positive rate for
        1-D probabilities, else one entry per class (positive, summing to 1).
    new_prior : float or array-like of shape (K,)
        Class prior of the data the probabilities are for (production, the original data before
        resampling).

    Returns
    -------
    ndarray of the shape of ``probabilities``
        ``P_new(y | x)``.

    Notes
    -----
    **Formula**: ``p'_k = (π'_k / π_k) p_k / Σ_j (π'_j / π_j) p_j`` (Saerens, Latinne and
    Decaestecker 2002; Elkan 2001). Binary: ``logit p' = logit p + log(π'/(1-π')) -
    log(π/(1-π))``.

    **Intuition**: under label shift ``P(x | y)`` stays the same and only ``P(y)`` changes; by
    Bayes' rule the posterior is likelihood × prior, so swap the old prior for the new one and
    renormalize.

    **Interview note**: oversampling the positives to 50/50 (or undersampling negatives) trains a
    model whose probabilities are calibrated for a 50% base rate: at a 1% base rate they are far
    too high. This adjustment (with ``train_prior`` = the resampled rate, ``new_prior`` = the
    true rate) repairs calibration without retraining. It assumes *label* shift; if ``P(x | y)``
    moved too, recalibrate on fresh labels instead.

    **Edge cases**: ``train_prior = new_prior`` changes nothing; probabilities of exactly 0 or 1
    stay 0 or 1; priors must be strictly inside (0, 1); 2-D rows that do not sum to one warn
    (the output rows are normalized anyway).

    See Also
    --------
    estimate_prior_em : the new prior when it is unknown (EM on unlabeled data).
    PlattScaling : recalibration when labels of the new data are available.

    Examples
    --------
    >>> p = [0.5, 0.9, 0.2]                     # calibrated on a 50/50 undersampled training set
    >>> adjust_to_prior(p, 0.5, 0.1).round(4)   # the real positive rate is 10%
    array([0.1  , 0.5  , 0.027])
    """
    p = _probabilities(probabilities, "probabilities")
    if p.ndim == 1:  # binary: one reweighted odds, no second column needed
        (pi0, pi1), (new0, new1) = _prior(train_prior, "train_prior", None), _prior(new_prior, "new_prior", None)
        q = p * (new1 / pi1)
        return q / (q + (1.0 - p) * (new0 / pi0))
    p, _ = _as_columns(p)
    pi, pi_new = _prior(train_prior, "train_prior", p.shape[1]), _prior(new_prior, "new_prior", p.shape[1])
    return _shift(p, pi_new / pi)


def estimate_prior_em(probabilities, train_prior, *, max_iter=1000, tol=1e-10):
    """Estimate the class prior of unlabeled data by EM on calibrated probabilities (Saerens et al.).

    Parameters
    ----------
    probabilities : array-like of shape (n,) or (n, K)
        Calibrated probabilities (under ``train_prior``) of the unlabeled new data.
    train_prior : float or array-like of shape (K,)
        The training class prior (as in :func:`adjust_to_prior`).
    max_iter : int, default=1000
    tol : float, default=1e-10
        Stop when no class prior moves by more than ``tol``.

    Returns
    -------
    float or ndarray of shape (K,)
        The estimated new prior (the positive rate for 1-D probabilities). Adjust with
        ``adjust_to_prior(probabilities, train_prior, estimate)``.

    Notes
    -----
    **Formula**: ``π^(0) = π``; E-step ``p^(s) = adjust_to_prior(p, π, π^(s))``; M-step
    ``π^(s+1) = mean_i p^(s)_i``; repeat to a fixed point (the maximum-likelihood prior).

    **Intuition**: the mean predicted probability estimates the prior only if the model's
    probabilities are for the right prior; EM alternates "adjust the probabilities to my current
    guess of the prior" and "re-estimate the prior from them" until they agree.

    **Interview note**: the plain mean of the model's probabilities is biased towards the
    training prior; EM removes that bias when the model is calibrated and the shift is label
    shift only.

    **Edge cases**: a prior can drift towards 0 when no sample supports a class; the iteration
    stops after ``max_iter`` steps.

    See Also
    --------
    adjust_to_prior : the adjustment once the prior is known.

    Examples
    --------
    >>> p = [0.5, 0.9, 0.2, 0.1, 0.15, 0.3, 0.05, 0.6]
    >>> sum(p) / len(p)                       # the naive estimate, pulled towards 0.5
    0.35
    >>> round(estimate_prior_em(p, 0.5), 4)
    0.1267
    """
    p, binary = _as_columns(probabilities)
    n_classes = None if binary else p.shape[1]
    pi = _prior(train_prior, "train_prior", n_classes)
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise MetricInputError(f"max_iter must be an integer >= 1, got {max_iter!r}")
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not tol > 0:
        raise MetricInputError(f"tol must be a positive number, got {tol!r}")
    estimate = pi.copy()
    for _ in range(max_iter):
        new = _shift(p, estimate / pi).mean(axis=0)
        converged = np.abs(new - estimate).max() <= tol
        estimate = new
        if converged:
            break
    return float(estimate[1]) if binary else estimate


# the binning rule's name before it moved to the shared kernels (the tests use it)
_bin_index = bin_index
