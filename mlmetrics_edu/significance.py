"""Is the difference real? Bootstrap intervals, paired tests, multiple-comparison corrections.

A metric computed on a finite test set is an *estimate*; this module puts an error bar on
it and asks whether two models really differ:

* :func:`bootstrap_ci` -- a confidence interval for any metric of the package (or a
  difference of two, via :func:`metric_difference`), resampling the arrays together;
* paired tests of two models on the same samples: :func:`mcnemar_test` (per-sample
  correct/incorrect), :func:`paired_t_test` (per-fold scores), :func:`permutation_test`
  (sign flips or label shuffles), :func:`five_by_two_cv_t_test` (Dietterich's 5x2cv);
* :func:`two_proportion_ztest` for an A/B test on a rate (conversions, clicks);
* :func:`bonferroni` and :func:`benjamini_hochberg` when many comparisons were made;
* error bars on evals: :func:`standard_error`, :func:`clustered_standard_error`,
  :func:`eval_score_interval`, :func:`paired_difference` and :func:`questions_needed`;
* validation: :func:`corrected_resampled_t_test` (Nadeau-Bengio, for fold scores) and
  :func:`adversarial_validation_auc` (can a classifier tell test rows from training rows?).

Conventions are the reference libraries': ``bootstrap_ci`` follows ``scipy.stats.bootstrap``
(``paired=True``), the tests ``statsmodels`` and ``scipy.stats``. None of them is imported:
the normal, Student t, chi-square and binomial tail probabilities are computed from the
error function and the regularized incomplete beta function (the shared kernels, ``_core.stats``,
which also hold the BCa levels).
"""

from __future__ import annotations

import itertools
import math
import numbers
import warnings

import numpy as np

from ._core import (
    bca_levels,
    binom_cdf,
    jackknife_acceleration,
    normal_cdf,
    normal_ppf,
    roc_auc_from_histograms,
    t_ppf,
    t_sf,
)
from ._core import betainc as _betainc  # noqa: F401  (kept for tests that import it from here)
from ._core import binom_cdf as _binom_cdf  # noqa: F401
from ._core import t_sf as _t_sf  # noqa: F401
from ._validation import (
    SEED_MAX,
    MetricInputError,
    UndefinedMetricWarning,
    as_1d,
    as_float_array,
    as_labels,
    check_bool,
    check_consistent_length,
    check_int,
    check_option,
    check_probability,
    rng_from_seed,
    warn_undefined,
    warn_user,
)
from .classification import accuracy_score
from .curves import roc_auc_score
from .regression import mean_absolute_error, mean_squared_error, root_mean_squared_error

__all__ = [
    "benjamini_hochberg",
    "bonferroni",
    "bootstrap_ci",
    "five_by_two_cv_t_test",
    "mcnemar_test",
    "metric_difference",
    "paired_t_test",
    "permutation_test",
    "two_proportion_ztest",
]

_ALTERNATIVES = ("two-sided", "less", "greater")
_CHUNK_ELEMENTS = 1 << 22  # resample indices drawn per chunk (32 MB of int64)


# ----------------------------------------------------------------- p-values


def _p_value(statistic, alternative, sf):
    """Tail probability of ``statistic`` for ``alternative``; ``sf`` is the survival function."""
    statistic = float(statistic)
    if alternative == "greater":
        return float(sf(statistic))
    if alternative == "less":
        return float(sf(-statistic))  # symmetric null distributions only
    return float(min(1.0, 2.0 * sf(abs(statistic))))


_CANCELLATION = 10 * np.finfo(np.float64).eps  # scipy's "nearly identical data" threshold


def _t_ratio(mean, se, spread, what):
    """``mean / se`` for a t statistic, with the one rule for a vanishing spread.

    ``spread`` is the largest ``|d_i - mean|``. Every difference zero is 0/0: nan, warned.
    A spread of zero -- or below the rounding error of the mean, scipy's precision-loss test
    ``spread < 10 eps |mean|`` -- means the differences are one constant: ``t`` is ``±inf``
    (or the huge number rounding leaves), its p-value 0 or 1, and an
    ``UndefinedMetricWarning`` says so, where scipy's ``ttest_rel`` warns a ``RuntimeWarning``
    ("Precision loss occurred ... catastrophic cancellation").
    """
    if mean == 0 and se == 0:
        warn_undefined(f"the {what} is 0/0: every difference is zero; returning nan")
        return math.nan
    t = math.copysign(math.inf, mean) if se == 0 else mean / se
    if spread < _CANCELLATION * abs(mean):
        warn_undefined(f"the {what} is {t:.6g}: every difference equals {mean:.6g} (up to rounding), "
                       "so there is no spread to measure the noise with and the p-value is not "
                       "evidence (scipy warns 'Precision loss ... catastrophic cancellation' here)")
    return t


# ----------------------------------------------------------------- input checks


def _check_arrays(arrays):
    """The data of a bootstrap: >= 1 arrays with one row per sample and >= 2 samples."""
    if not arrays:
        raise MetricInputError("bootstrap_ci needs at least one array after the metric")
    data = []
    for i, x in enumerate(arrays):
        name = f"arrays[{i}]"
        if isinstance(x, (str, bytes)) or np.ndim(x) == 0:
            raise MetricInputError(f"{name} must be array-like with one entry per sample, got {x!r}")
        x = np.asarray(x)
        if x.shape[0] < 2:
            raise MetricInputError(f"{name} has {x.shape[0]} sample(s); a bootstrap needs at least 2")
        data.append((name, x))
    check_consistent_length(*data)
    return [x for _, x in data]


def _as_scalar(value):
    value = np.asarray(value)
    if value.ndim != 0 or value.dtype.kind not in "biuf":
        raise MetricInputError(
            f"metric must return one number, got {value!r}; wrap it, e.g. "
            "lambda y, p: f1_score(y, p, average='macro')"
        )
    return float(value)


# ----------------------------------------------------------------- bootstrap


def metric_difference(metric):
    """A paired statistic: ``metric(y_true, pred_a) - metric(y_true, pred_b)``.

    Parameters
    ----------
    metric : callable
        A metric ``metric(y_true, y_pred) -> float`` of the package (or any function of
        that shape).

    Returns
    -------
    difference : callable
        ``difference(y_true, pred_a, pred_b)`` -- model A's score minus model B's on the
        same samples. :func:`bootstrap_ci` recognises it and resamples all three arrays with
        the same indices (and uses its fast path when ``metric`` has one).

    Notes
    -----
    **Formula**: ``Δ = M(y, ŷ_A) - M(y, ŷ_B)``.

    **Intuition**: "how much better is A than B *on the same test set*?" The interval of
    the difference is what decides "is A better", not two overlapping intervals.

    **Interview note**: both models are scored on the same resample. Bootstrapping A and
    B independently throws away the pairing: the shared difficulty of each sample cancels
    in the paired difference, so the paired interval is usually much narrower.

    **Edge cases**: whatever ``metric`` does (for ``roc_auc_score`` a single-class resample
    is undefined and is dropped by :func:`bootstrap_ci`).

    See Also
    --------
    bootstrap_ci : the interval of the difference.
    mcnemar_test : a test of the same question for accuracy, without resampling.

    Examples
    --------
    >>> from mlmetrics_edu.classification import accuracy_score
    >>> delta = metric_difference(accuracy_score)
    >>> delta([0, 1, 1, 0], [0, 1, 1, 1], [0, 0, 1, 1])
    0.25
    """
    if not callable(metric):
        raise MetricInputError(f"metric must be callable, got {metric!r}")

    def difference(y_true, pred_a, pred_b):
        return metric(y_true, pred_a) - metric(y_true, pred_b)

    difference.metric = metric
    difference.__name__ = f"{getattr(metric, '__name__', 'metric')}_difference"
    return difference


class _MeanStatistic:
    """A metric that is ``f(mean of per-sample values)``: resample means by gathering."""

    def __init__(self, values, transform=None):
        self.values, self.transform = values, transform
        self.is_01 = bool(np.isin(values, (0.0, 1.0)).all())  # accuracy: count instead
        self.flags = values.astype(bool)

    def resample(self, idx):
        if self.is_01:  # gathering 1-byte flags and counting is cheaper than summing floats
            theta = np.count_nonzero(self.flags[idx], axis=1) / idx.shape[1]
        else:
            theta = self.values[idx].mean(axis=1)
        return theta if self.transform is None else self.transform(theta)

    def jackknife(self):
        n = len(self.values)
        theta = (self.values.sum() - self.values) / (n - 1)  # leave-one-out means
        return theta if self.transform is None else self.transform(theta)


class _AucStatistic:
    """Binary ROC AUC as the Mann-Whitney count, from per-resample counts of tie groups."""

    def __init__(self, y_true, y_score):
        present = np.unique(y_true)
        self.is_pos = y_true == present[1]  # the greater label is positive, as roc_auc_score
        values, group = np.unique(y_score, return_inverse=True)  # tie groups in score order
        self.n_groups = len(values)
        # one counter per (class, group): negatives in [0, G), positives in [G, 2G)
        self.code = group.ravel() + self.n_groups * self.is_pos

    def _counts(self, idx):
        rows, width = len(idx), 2 * self.n_groups
        flat = self.code[idx]
        flat += (width * np.arange(rows))[:, None]  # each resample counts into its own row
        cnt = np.bincount(flat.ravel(), minlength=width * rows).reshape(rows, width)
        return cnt[:, : self.n_groups], cnt[:, self.n_groups :]  # negatives, positives per group

    def resample(self, idx):
        neg, pos = self._counts(idx)
        return roc_auc_from_histograms(pos, neg)  # one row per resample; nan if one class

    def jackknife(self):
        neg, pos = self._counts(np.arange(len(self.code))[None, :])
        neg, pos = neg[0].astype(float), pos[0].astype(float)
        neg_below = np.cumsum(neg) - neg
        pos_above = pos.sum() - np.cumsum(pos)
        pairs, n_pos, n_neg = np.dot(pos, neg_below + 0.5 * neg), pos.sum(), neg.sum()
        group = self.code % self.n_groups
        # Leaving out a positive removes its pairs with negatives below (and half the ties).
        drop_pos = (pairs - (neg_below + 0.5 * neg)[group]) / ((n_pos - 1) * n_neg)
        drop_neg = (pairs - (pos_above + 0.5 * pos)[group]) / (n_pos * (n_neg - 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.is_pos, drop_pos, drop_neg)


class _DifferenceStatistic:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def resample(self, idx):
        return self.a.resample(idx) - self.b.resample(idx)

    def jackknife(self):
        return self.a.jackknife() - self.b.jackknife()


def _fast_statistic(metric, data):
    """A vectorized equivalent of ``metric(*data)`` for the package's simple metrics, or None."""
    base = getattr(metric, "metric", None)
    if base is not None and len(data) == 3:
        a = _fast_statistic(base, [data[0], data[1]])
        b = _fast_statistic(base, [data[0], data[2]])
        return None if a is None or b is None else _DifferenceStatistic(a, b)
    if len(data) != 2 or any(x.ndim != 1 for x in data):
        return None
    y_true, y_pred = data
    if metric is accuracy_score:
        return _MeanStatistic((y_true == y_pred).astype(np.float64))
    if metric in (mean_absolute_error, mean_squared_error, root_mean_squared_error):
        error = y_pred.astype(np.float64) - y_true.astype(np.float64)
        if metric is mean_absolute_error:
            return _MeanStatistic(np.abs(error))
        return _MeanStatistic(error * error, np.sqrt if metric is root_mean_squared_error else None)
    if metric is roc_auc_score and y_pred.dtype.kind in "biuf" and len(np.unique(y_true)) == 2:
        return _AucStatistic(y_true, y_pred)
    return None


def _call_metric(metric, data, caught):
    """``metric(*data)`` for one resample; undefined (MetricInputError or nan) gives nan.

    ``caught`` collects what the metric said: ``("warning", text)`` or ``("error", text)``.
    """
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        try:
            value = _as_scalar(metric(*data))
        except MetricInputError as exc:
            caught.append(("error", str(exc)))
            return float("nan")
    caught.extend(("warning", str(r.message)) for r in records)
    return value


def _bootstrap_distribution(metric, data, fast, rng, n_resamples, caught):
    """The metric on ``n_resamples`` resamples, drawn as scipy draws them (row by row)."""
    n = len(data[0])
    rows = max(1, _CHUNK_ELEMENTS // n)
    theta = np.empty(n_resamples)
    for start in range(0, n_resamples, rows):
        stop = min(start + rows, n_resamples)
        idx = rng.integers(0, n, (stop - start, n))  # the same stream as scipy's resampling
        if fast is not None:
            theta[start:stop] = fast.resample(idx)
        else:
            theta[start:stop] = [_call_metric(metric, [x[i] for x in data], caught) for i in idx]
    return theta


def _jackknife(metric, data, fast, caught):
    if fast is not None:
        return fast.jackknife()
    n = len(data[0])
    keep = np.ones(n, dtype=bool)
    theta = np.empty(n)
    for i in range(n):
        keep[i] = False
        theta[i] = _call_metric(metric, [x[keep] for x in data], caught)
        keep[i] = True
    return theta


def bootstrap_ci(metric, *arrays, n_resamples=9999, confidence=0.95, method="bca", seed=None):
    """Bootstrap confidence interval of a metric, resampling the arrays together (paired).

    Parameters
    ----------
    metric : callable
        ``metric(*arrays) -> float``: any metric of the package (``accuracy_score``,
        ``roc_auc_score``, ``mean_absolute_error``, ...), a lambda fixing its options, or
        :func:`metric_difference` of one for two models on the same samples.
    *arrays : array-like, each of length n_samples (n_samples >= 2)
        The metric's arguments (``y_true, y_pred``; or ``y_true, pred_a, pred_b``). Sample
        ``i`` is row ``i`` of every array; a resample draws rows, the same rows from each.
    n_resamples : int, default=9999
        Number of bootstrap resamples ``B``.
    confidence : float in (0, 1), default=0.95
        Confidence level of the two-sided interval.
    method : {"bca", "percentile", "basic"}, default="bca"
        Interval construction, as ``scipy.stats.bootstrap`` defines it (see Notes); any case
        (scipy's ``"BCa"`` works).
    seed : int in [0, 2**64 - 1] or numpy.random.Generator, optional
        Seed of the resampling. The same seed gives exactly the resamples of
        ``scipy.stats.bootstrap(..., paired=True, rng=np.random.default_rng(seed))``.
        Anything else (a float, a string, a negative number) raises a ``MetricInputError``.

    Returns
    -------
    low, high, estimate : float
        The interval and the metric on the full data (the point estimate).

    Notes
    -----
    **Formula**: draw ``B`` resamples of the n rows with replacement, compute ``θ*_b`` on
    each, ``α = (1 - confidence) / 2``. *Percentile*: ``[q(α), q(1-α)]``, the quantiles of
    the ``θ*_b`` (linear interpolation). *Basic*: ``[2θ̂ - q(1-α), 2θ̂ - q(α)]``. *BCa*:
    quantiles at ``α_1 = Φ(z0 + (z0 + z_α) / (1 - a (z0 + z_α)))`` and ``α_2`` with
    ``z_{1-α}``, where the bias correction ``z0 = Φ⁻¹((#{θ* < θ̂} + #{θ* <= θ̂}) / 2B)``
    and the acceleration ``a = Σ d_i³ / (6 (Σ d_i²)^{3/2})`` with ``d_i = mean(θ_(·)) -
    θ_(i)`` over the jackknife (leave-one-out) values ``θ_(i)``.

    **Intuition**: the test set is one sample of the world; redrawing it from itself shows
    how much the metric would move on another test set of the same size. BCa corrects
    the percentile interval for a skewed, biased bootstrap distribution (AUC near 1).

    **Interview note**: resample *samples*, keeping ``y_true`` and every model's predictions
    of a sample together; to compare two models bootstrap their *difference* on the same
    resamples. The interval covers the metric's sampling noise only, not a shifted
    deployment distribution.

    **Edge cases**: ``accuracy_score``, ``mean_absolute_error``, ``mean_squared_error``,
    ``root_mean_squared_error`` and binary ``roc_auc_score`` (and their
    :func:`metric_difference`) take a vectorized path (gathered per-sample values; tie-group
    counts for AUC) with the same resamples; any other metric is called once per resample
    and, for BCa, once per left-out sample. A resample on which the metric is undefined --
    it returns nan (``roc_auc_score`` on a resample holding one class) or raises
    ``MetricInputError`` -- is dropped, with one warning counting them; scipy would
    propagate the nan (or the error) instead. Undefined on the full data raises. Warnings
    the metric raises on resamples are collected into one. If every resample gives the
    same value (e.g. a model right on every sample) the interval is the point
    ``(θ̂, θ̂, θ̂)`` with a warning (scipy returns nan for BCa). If every resample lies on
    one side of ``θ̂``, BCa is undefined (scipy returns nan): the percentile interval is
    returned with a warning. A jackknife with no spread gives ``a = 0``.

    See Also
    --------
    metric_difference : the paired statistic for "is model A better than B?".
    mcnemar_test : an exact paired test for accuracy, no resampling needed.

    Examples
    --------
    >>> from mlmetrics_edu.classification import accuracy_score
    >>> y_true = [0, 1, 1, 0, 1, 0, 1, 1, 0, 1] * 5
    >>> y_pred = [0, 1, 0, 0, 1, 1, 1, 1, 0, 1] * 5
    >>> low, high, estimate = bootstrap_ci(accuracy_score, y_true, y_pred, seed=0)
    >>> estimate, low < estimate < high
    (0.8, True)
    """
    if not callable(metric):
        raise MetricInputError(f"metric must be callable, got {metric!r}")
    data = _check_arrays(arrays)
    n_resamples = check_int(n_resamples, "n_resamples", 1)
    confidence = check_probability(confidence, "confidence")
    method = method.lower() if isinstance(method, str) else method  # scipy spells it "BCa"
    check_option(method, "method", ("bca", "percentile", "basic"))
    rng = rng_from_seed(seed, "seed", maximum=SEED_MAX)
    estimate = _as_scalar(metric(*data))  # the metric validates its own input here
    if not np.isfinite(estimate):
        raise MetricInputError(f"metric is undefined on the full data (returned {estimate})")
    fast = _fast_statistic(metric, data)
    caught = []
    theta_b = _bootstrap_distribution(metric, data, fast, rng, n_resamples, caught)
    undefined = ~np.isfinite(theta_b)
    if undefined.all():
        raise MetricInputError(f"metric is undefined on every one of the {n_resamples} resamples")
    errors = [text for kind, text in caught if kind == "error"]
    if undefined.any():
        why = f"first error: {errors[0]}" if errors else "e.g. a resample holding one class"
        warn_undefined(f"metric is undefined on {undefined.sum()} of {n_resamples} resamples "
                       f"({why}); they were dropped from the interval")
        theta_b = theta_b[~undefined]
    said = [text for kind, text in caught if kind == "warning"]
    if said:
        warn_user(f"metric warned on {len(said)} resample(s); first: {said[0]}")
    if theta_b.min() == theta_b.max():
        warn_user(f"every resample gives the same value {theta_b[0]!r}: the bootstrap "
                  "distribution is degenerate and the interval is the point estimate")
        return estimate, estimate, estimate
    alpha = (1.0 - confidence) / 2.0
    levels = [alpha, 1.0 - alpha]
    if method == "bca":
        acceleration = jackknife_acceleration(_jackknife(metric, data, fast, []))
        bca = bca_levels(theta_b, estimate, acceleration, alpha)
        if math.isnan(bca[0]):  # every resample on one side of the estimate
            warn_user("BCa is undefined: every resample lies on one side of the estimate; "
                      "returning the percentile interval")
        else:
            levels = bca
    low, high = np.quantile(theta_b, levels)
    if method == "basic":
        low, high = 2 * estimate - high, 2 * estimate - low
    return float(low), float(high), estimate


# ----------------------------------------------------------------- paired tests


def _check_alternative(alternative):
    return check_option(alternative, "alternative", _ALTERNATIVES)


def mcnemar_test(y_true, y_pred_a, y_pred_b, *, exact=True, correction=True):
    """McNemar's test: whether two classifiers differ in error rate on the same samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (any labels; strings allowed).
    y_pred_a, y_pred_b : array-like of shape (n_samples,)
        The two models' predicted labels for the same samples.
    exact : bool, default=True
        Exact binomial test on the discordant pairs; if False, the chi-square approximation.
    correction : bool, default=True
        Continuity correction of the chi-square statistic (ignored when ``exact``).

    Returns
    -------
    statistic, p_value : float
        ``exact``: ``min(b, c)`` and the two-sided binomial p-value; otherwise the
        chi-square statistic (1 degree of freedom) and its p-value.

    Notes
    -----
    **Formula**: only the *discordant* samples count: ``b`` = A right and B wrong,
    ``c`` = A wrong and B right. Under H0 (equal error rates) each discordant sample is a
    fair coin: exact ``p = min(1, 2 P(Bin(b + c, 1/2) <= min(b, c)))``; approximate
    ``χ² = (|b - c| - 1)² / (b + c)`` with the correction (``(b - c)² / (b + c)`` without),
    ``p = P(χ²₁ >= χ²)``. As statsmodels' ``mcnemar`` on the 2x2 table of correct/incorrect
    (the corrected statistic is not clipped at 0, so ``b = c`` gives ``1 / (b + c)``).

    **Intuition**: samples both models get right (or both wrong) say nothing about which is
    better; the question is how the disagreements split.

    **Interview note**: the test is on *disagreements*, not agreements, and not on the two
    accuracies as if independent -- 920 vs 923 correct out of 1000 may be 3 vs 0
    discordant samples (weak evidence) or 103 vs 100 (no evidence at all).

    **Edge cases**: NaN in a label array raises (also in a list of strings, where NumPy
    would read it as the label 'nan'). No discordant sample (``b + c = 0``): the models never disagree, there
    is no evidence of a difference: ``(0.0, 1.0)`` with an ``UndefinedMetricWarning`` for
    the chi-square version (statsmodels returns inf and p = 0 there).

    See Also
    --------
    paired_t_test : paired scores per fold rather than per-sample correctness.
    bootstrap_ci : an interval for the accuracy difference, with metric_difference.

    Examples
    --------
    >>> y_true = [1] * 20
    >>> y_a = [1] * 18 + [0] * 2                 # A misses 2
    >>> y_b = [0] * 8 + [1] * 10 + [0] * 2       # B misses those 2 and 8 more
    >>> mcnemar_test(y_true, y_a, y_b)           # b = 8, c = 0: p = 2 / 2**8
    (0.0, 0.0078125)
    """
    y_true = as_labels(y_true, "y_true")
    y_pred_a, y_pred_b = as_labels(y_pred_a, "y_pred_a"), as_labels(y_pred_b, "y_pred_b")
    check_consistent_length(("y_true", y_true), ("y_pred_a", y_pred_a), ("y_pred_b", y_pred_b))
    for name, value in (("exact", exact), ("correction", correction)):
        check_bool(value, name)
    kinds = {x.dtype.kind in "US" for x in (y_true, y_pred_a, y_pred_b)}
    if len(kinds) > 1:
        raise MetricInputError("y_true, y_pred_a and y_pred_b mix label types (strings and "
                               "numbers); use one type for every label")
    right_a, right_b = y_pred_a == y_true, y_pred_b == y_true
    only_a_right = np.count_nonzero(right_a) - np.count_nonzero(right_a & right_b)
    b = int(only_a_right)  # A right, B wrong
    c = int(np.count_nonzero(right_b) - np.count_nonzero(right_a) + only_a_right)  # A wrong, B right
    if exact:
        return float(min(b, c)), min(1.0, 2.0 * binom_cdf(min(b, c), b + c))
    if b + c == 0:
        warn_undefined("McNemar's chi-square is undefined: the models never disagree (b + c = 0); "
                       "returning statistic 0 and p-value 1 (no evidence of a difference)")
        return 0.0, 1.0
    chi2 = (abs(b - c) - int(correction)) ** 2 / (b + c)
    return float(chi2), math.erfc(math.sqrt(chi2 / 2.0))  # P(χ²₁ >= chi2) = P(|Z| >= √chi2)


def paired_t_test(a, b, *, alternative="two-sided"):
    """Paired t-test of a zero mean difference ``a - b`` (e.g. two models' scores per fold).

    Parameters
    ----------
    a, b : array-like of shape (n,)
        Paired measurements, ``n >= 2``: ``a[i]`` and ``b[i]`` come from the same fold,
        seed or sample.
    alternative : {"two-sided", "less", "greater"}, default="two-sided"
        H1: the mean difference is non-zero, below zero, or above zero.

    Returns
    -------
    statistic, p_value : float
        As ``scipy.stats.ttest_rel(a, b)``.

    Notes
    -----
    **Formula**: ``d_i = a_i - b_i``, ``t = mean(d) / (sd(d) / √n)`` with the ``n - 1``
    standard deviation; ``p`` from Student's t with ``n - 1`` degrees of freedom.

    **Intuition**: pairing removes what the two share (an easy fold is easy for both), so
    a small but consistent edge becomes visible.

    **Interview note**: on k-fold CV scores the folds share training data, so the ``d_i``
    are not independent and the test is too optimistic (Dietterich 1998); prefer the 5x2cv
    test, or a bootstrap/McNemar test on one held-out set. Five folds give 4 degrees of
    freedom: even a consistent 0.2-point edge needs a small spread to be significant.

    **Edge cases**: all differences equal (``sd = 0``) with a non-zero mean gives
    ``t = ±inf`` and ``p = 0`` (``1`` for the one-sided alternative against its sign), as
    scipy, and warns an ``UndefinedMetricWarning``: a constant difference leaves nothing to
    measure the noise with (scipy warns a ``RuntimeWarning``, "Precision loss ... catastrophic
    cancellation"). The same warning comes when the differences are equal up to rounding
    (``max |d_i - d̄| < 10 eps |d̄|``, scipy's test), where ``t`` is huge but finite. All
    differences zero is 0/0: ``(nan, nan)`` as scipy, with an ``UndefinedMetricWarning``.

    See Also
    --------
    five_by_two_cv_t_test : the variant built for cross-validated scores.
    permutation_test : the same question without assuming normal differences.

    Examples
    --------
    >>> paired_t_test([0.921, 0.915, 0.930, 0.918, 0.925], [0.923, 0.917, 0.931, 0.921, 0.926])
    (-4.8107, 0.0086)
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    check_consistent_length(("a", a), ("b", b))
    _check_alternative(alternative)
    n = len(a)
    if n < 2:
        raise MetricInputError(f"a and b need at least 2 pairs for a t-test, got {n}")
    d = a - b
    mean = d.mean()
    deviation = d - mean
    sd = math.sqrt(np.dot(deviation, deviation) / (n - 1))
    t = _t_ratio(mean, sd / math.sqrt(n), np.abs(deviation).max(), "paired t statistic")
    if math.isnan(t):
        return float("nan"), float("nan")
    return float(t), _p_value(t, alternative, lambda x: t_sf(x, n - 1))


def five_by_two_cv_t_test(differences):
    """Dietterich's 5x2cv paired t-test on the 10 score differences of 5 repeated 2-fold CVs.

    Parameters
    ----------
    differences : array-like of shape (5, 2) or (10,)
        ``p[i, j]`` = score of A minus score of B on fold ``j`` of repetition ``i`` (each
        repetition a fresh random half/half split; flat input is read row by row).

    Returns
    -------
    statistic, p_value : float
        The t statistic (5 degrees of freedom) and its two-sided p-value.

    Notes
    -----
    **Formula**: per repetition ``p̄_i = (p_i1 + p_i2) / 2``,
    ``s_i² = (p_i1 - p̄_i)² + (p_i2 - p̄_i)²``; ``t = p_11 / √(Σ_i s_i² / 5)``, Student t
    with 5 degrees of freedom.

    **Intuition**: two-fold splits keep each repetition's training sets disjoint, so the
    variance estimate is honest; only the first difference enters the numerator to keep
    numerator and denominator independent.

    **Interview note**: the plain paired t-test on 10-fold CV scores has an inflated Type I
    error (overlapping training sets); 5x2cv keeps it near the nominal level
    (Dietterich 1998).

    **Edge cases**: every ``s_i² = 0`` is 0 spread: ``t = ±inf`` (``p = 0``) for a non-zero
    ``p_11``, warned (``UndefinedMetricWarning``: no spread, no evidence), and ``(nan, nan)``
    with an ``UndefinedMetricWarning`` when ``p_11 = 0``; as in :func:`paired_t_test`.

    See Also
    --------
    paired_t_test : the plain paired test (fine for independent pairs).

    Examples
    --------
    >>> diffs = [[0.02, 0.01], [0.015, 0.025], [0.01, 0.02], [0.03, 0.0], [0.02, 0.02]]
    >>> five_by_two_cv_t_test(diffs)
    (1.8257, 0.1275)
    """
    p = as_float_array(differences, "differences", ndim=(1, 2))
    if p.size != 10 or p.shape not in ((10,), (5, 2)):
        raise MetricInputError(f"differences must hold 5x2 = 10 values, got shape {p.shape}")
    p = p.reshape(5, 2)
    p_bar = p.mean(axis=1, keepdims=True)
    variance = np.sum((p - p_bar) ** 2, axis=1)  # s_i² of each repetition
    t = _t_ratio(p[0, 0], math.sqrt(variance.sum() / 5), np.abs(p - p_bar).max(), "5x2cv t statistic")
    if math.isnan(t):
        return float("nan"), float("nan")
    return float(t), _p_value(t, "two-sided", lambda x: t_sf(x, 5))


def _chunks(n_rows, row_length):
    """Row counts of the chunks that keep ``rows x row_length`` arrays near 32 MB."""
    step = max(1, _CHUNK_ELEMENTS // row_length)
    return [min(step, n_rows - start) for start in range(0, n_rows, step)]


def _null_p_value(null, observed, alternative, exact):
    """scipy's p-value: a relative tolerance for ties; +1 in a Monte Carlo test."""
    gamma = abs(np.finfo(np.float64).eps * 100 * observed) if observed else 0.0
    plus = 0 if exact else 1
    p_less = (np.count_nonzero(null <= observed + gamma) + plus) / (len(null) + plus)
    p_greater = (np.count_nonzero(null >= observed - gamma) + plus) / (len(null) + plus)
    if alternative == "less":
        return p_less
    if alternative == "greater":
        return p_greater
    return min(1.0, 2.0 * min(p_less, p_greater))


def permutation_test(a, b, *, paired=True, n_resamples=9999, alternative="two-sided", seed=None):
    """Permutation test of a difference in means: paired by sign flips, unpaired by shuffles.

    Parameters
    ----------
    a, b : array-like of shape (n_a,) and (n_b,)
        Measurements of the two models (paired: same length, ``a[i]`` with ``b[i]``).
    paired : bool, default=True
        Paired: statistic ``mean(a - b)``, null by flipping the sign of each difference.
        Unpaired: statistic ``mean(a) - mean(b)``, null by reassigning the pooled values to
        the two groups.
    n_resamples : int, default=9999
        If the number of distinct rearrangements (``2**n`` paired, ``C(n_a+n_b, n_a)``
        unpaired) is at most this, every one is enumerated (exact test); otherwise this
        many are drawn at random.
    alternative : {"two-sided", "less", "greater"}, default="two-sided"
    seed : int in [0, 2**64 - 1] or numpy.random.Generator, optional
        Seed of the Monte Carlo draws (checked even when the test is exact).

    Returns
    -------
    statistic, p_value : float

    Notes
    -----
    **Formula**: ``p_greater = (#{T* >= T} + 1) / (B + 1)`` for ``B`` random rearrangements
    (the observed one counts once), ``#{T* >= T} / N`` over all ``N`` when exact; two-sided
    ``p = min(1, 2 min(p_less, p_greater))``. Comparisons allow a relative tolerance of
    100 ulp for ties. As ``scipy.stats.permutation_test`` (``permutation_type="samples"``
    paired, ``"independent"`` unpaired).

    **Intuition**: if the models were interchangeable, the labels "A" and "B" could be
    swapped without changing anything; how unusual is the observed difference among all
    swaps?

    **Interview note**: no normality assumption, but exchangeability is still assumed:
    paired data must be permuted *within* pairs (sign flips), not shuffled across them.

    **Edge cases**: the smallest exact p-value is ``2/N`` two-sided (``N = 2**n``): with 5
    paired folds it is 1/16, so 5 folds can never reach p < 0.05 with a sign-flip test.

    See Also
    --------
    paired_t_test : the parametric version of the paired question.
    bootstrap_ci : an interval instead of a p-value.

    Examples
    --------
    >>> permutation_test([0.921, 0.915, 0.930, 0.918, 0.925],
    ...                  [0.923, 0.917, 0.931, 0.921, 0.926])  # 2**5 = 32 sign patterns
    (-0.0018, 0.0625)
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    check_bool(paired, "paired")
    n_resamples = check_int(n_resamples, "n_resamples", 1)
    _check_alternative(alternative)
    rng = rng_from_seed(seed, "seed", maximum=SEED_MAX)
    if paired:
        check_consistent_length(("a", a), ("b", b))
        d = a - b
        n = len(d)
        observed = d.mean()
        exact = 2**n <= n_resamples
        if exact:  # every sign pattern, one per row
            signs = 1 - 2 * ((np.arange(2**n)[:, None] >> np.arange(n)) & 1)
            null = (signs * d).mean(axis=1)  # the mean of each sign-flipped set of differences
        else:
            null = np.concatenate([(rng.choice([-1, 1], size=(rows, n)) * d).mean(axis=1)
                                   for rows in _chunks(n_resamples, n)])
    else:
        pooled, n_a = np.concatenate([a, b]), len(a)
        observed = a.mean() - b.mean()
        n_total = math.comb(len(pooled), n_a)
        exact = n_total <= n_resamples
        if exact:  # every split of the pooled values into groups of n_a and n_b
            in_a = np.zeros((n_total, len(pooled)), dtype=bool)
            for row, chosen in enumerate(itertools.combinations(range(len(pooled)), n_a)):
                in_a[row, list(chosen)] = True
            orders = [np.argsort(~in_a, axis=1, kind="stable")]  # group A's indices first
        else:
            orders = (rng.permuted(np.tile(np.arange(len(pooled)), (rows, 1)), axis=1)
                      for rows in _chunks(n_resamples, len(pooled)))
        null = np.concatenate([shuffled[:, :n_a].mean(axis=1) - shuffled[:, n_a:].mean(axis=1)
                               for shuffled in (pooled[order] for order in orders)])
    return float(observed), float(_null_p_value(null, observed, alternative, exact))


def two_proportion_ztest(successes_a, n_a, successes_b, n_b, *, alternative="two-sided"):
    """Two-proportion z-test for an A/B test: whether two conversion rates differ.

    Parameters
    ----------
    successes_a, n_a : int
        Conversions (clicks, purchases, correct answers) and trials of variant A.
    successes_b, n_b : int
        The same for variant B (the champion, or control).
    alternative : {"two-sided", "less", "greater"}, default="two-sided"
        H1 on ``rate_A - rate_B``.

    Returns
    -------
    statistic, p_value : float
        As statsmodels' ``proportions_ztest([successes_a, successes_b], [n_a, n_b])``.

    Notes
    -----
    **Formula**: ``p̂ = (x_A + x_B) / (n_A + n_B)`` (pooled under H0),
    ``z = (x_A/n_A - x_B/n_B) / √(p̂ (1 - p̂) (1/n_A + 1/n_B))``; ``p`` from the normal.

    **Intuition**: is the gap between the two rates large compared with the coin-flip noise
    of rates measured on this many users?

    **Interview note**: fix the sample size (and the metric) *before* the test; peeking
    every day and stopping at the first p < 0.05 inflates false positives. A significant
    lift can still be too small to matter -- report the difference with an interval.

    **Edge cases**: both variants at 0% or at 100%: ``p̂ (1 - p̂) = 0`` and ``z = 0/0``;
    with no difference observed this returns ``(0.0, 1.0)`` with an
    ``UndefinedMetricWarning`` (statsmodels returns nan).

    See Also
    --------
    mcnemar_test : when the same users see both variants (paired).
    bootstrap_ci : an interval for a business metric that is not a rate (revenue per user).

    Examples
    --------
    >>> two_proportion_ztest(230, 2000, 190, 2000)   # 11.5% vs 9.5% conversion
    (2.0631, 0.0391)
    """
    counts = {}
    for name, value in (("successes_a", successes_a), ("n_a", n_a),
                        ("successes_b", successes_b), ("n_b", n_b)):
        counts[name] = check_int(value, name, 1 if name.startswith("n_") else 0)
    for x, n in (("successes_a", "n_a"), ("successes_b", "n_b")):
        if counts[x] > counts[n]:
            raise MetricInputError(f"{x}={counts[x]} exceeds {n}={counts[n]}")
    _check_alternative(alternative)
    rate_a, rate_b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance == 0:
        warn_undefined("the z statistic is 0/0: both variants have the same rate "
                       f"{pooled:g}; returning statistic 0 and p-value 1")
        return 0.0, 1.0
    z = (rate_a - rate_b) / math.sqrt(variance)
    return float(z), _p_value(z, alternative, lambda x: normal_cdf(-x))


# ----------------------------------------------------------------- multiple comparisons


def _check_p_values(p_values, alpha):
    p = as_float_array(p_values, "p_values")
    if p.min() < 0 or p.max() > 1:
        raise MetricInputError(f"p_values must lie in [0, 1], got values in [{p.min():g}, {p.max():g}]")
    check_probability(alpha, "alpha")
    return p


def bonferroni(p_values, alpha=0.05):
    """Bonferroni correction: control the chance of *any* false positive among m tests.

    Parameters
    ----------
    p_values : array-like of shape (m,)
        Unadjusted p-values, each in [0, 1].
    alpha : float in (0, 1), default=0.05
        Family-wise error rate to control.

    Returns
    -------
    reject : ndarray of bool, shape (m,)
        Which hypotheses are rejected.
    p_adjusted : ndarray of shape (m,)
        ``min(1, m p_i)``. As statsmodels' ``multipletests(method="bonferroni")``.

    Notes
    -----
    **Formula**: reject ``H_i`` when ``p_i <= α / m``; adjusted ``p_i' = min(1, m p_i)``.

    **Intuition**: with 100 configurations tried on noise, about 5 have p < 0.05 by chance;
    demanding p < 0.05/100 makes even one false "winner" unlikely (probability <= α).

    **Interview note**: it is valid under any dependence but conservative: with many tests
    it loses power; when a few false discoveries are acceptable, control the FDR instead.

    **Edge cases**: ``m = 1`` changes nothing; adjusted values are capped at 1.

    See Also
    --------
    benjamini_hochberg : controls the false discovery rate; more power.

    Examples
    --------
    >>> reject, p_adjusted = bonferroni([0.01, 0.02, 0.3], alpha=0.05)
    >>> reject, p_adjusted
    (array([ True, False, False]), array([0.03, 0.06, 0.9 ]))
    """
    p = _check_p_values(p_values, alpha)
    m = len(p)
    return p <= alpha / m, np.minimum(p * m, 1.0)


def benjamini_hochberg(p_values, alpha=0.05):
    """Benjamini-Hochberg procedure: control the false discovery rate among m tests.

    Parameters
    ----------
    p_values : array-like of shape (m,)
        Unadjusted p-values, each in [0, 1], in any order.
    alpha : float in (0, 1), default=0.05
        False discovery rate to control (expected share of false positives among rejections).

    Returns
    -------
    reject : ndarray of bool, shape (m,)
        Which hypotheses are rejected, in the input order.
    p_adjusted : ndarray of shape (m,)
        BH-adjusted p-values (q-values). As statsmodels' ``multipletests(method="fdr_bh")``.

    Notes
    -----
    **Formula**: sort ascending, ``p_(1) <= ... <= p_(m)``; find the largest rank ``k`` with
    ``p_(k) <= k α / m`` and reject the ``k`` smallest. Adjusted: ``p'_(i) = min_{j >= i}
    min(1, m p_(j) / j)`` (a running minimum from the largest p down), mapped back to the
    input order.

    **Intuition**: the threshold grows with the rank: the smallest p-value faces Bonferroni's
    ``α/m``, the largest faces ``α`` itself.

    **Interview note**: ranks are *ascending* p-values, and every p-value up to the largest
    passing rank is rejected, even one above its own threshold (the step-up rule). Valid
    for independent or positively dependent tests.

    **Edge cases**: ties share the larger rank's adjusted value; ``m = 1`` is the raw test.

    See Also
    --------
    bonferroni : the stricter family-wise correction.

    Examples
    --------
    >>> reject, q = benjamini_hochberg([0.01, 0.04, 0.03, 0.2], alpha=0.05)
    >>> reject, q
    (array([ True, False, False, False]), array([0.04  , 0.0533, 0.0533, 0.2   ]))
    """
    p = _check_p_values(p_values, alpha)
    m = len(p)
    order = np.argsort(p)  # the order among tied p-values changes neither output
    p_sorted = p.take(order)
    rank_share = np.arange(1, m + 1) / m  # k / m for rank k
    passing = np.flatnonzero(p_sorted <= rank_share * alpha)
    reject = np.zeros(m, dtype=bool)
    if passing.size:
        reject[order[: passing[-1] + 1]] = True  # step up: everything below the largest pass
    q_sorted = np.minimum.accumulate((p_sorted / rank_share)[::-1])[::-1]  # m p_(k) / k
    p_adjusted = np.empty(m)
    p_adjusted[order] = np.minimum(q_sorted, 1.0)
    return reject, p_adjusted


# ----------------------------------------------------------------- error bars on evals
# Miller (2024), "Adding Error Bars to Evals": a benchmark score is the mean of per-question
# scores, so it has a standard error; questions that share a passage are not independent.

from typing import NamedTuple  # noqa: E402  (appended section; kept next to its users)

__all__ += [
    "PairedDifference",
    "clustered_standard_error",
    "eval_score_interval",
    "paired_difference",
    "questions_needed",
    "standard_error",
]


def _check_scores(scores, name="scores"):
    s = as_float_array(scores, name)
    if len(s) < 2:
        raise MetricInputError(f"{name} holds {len(s)} question score(s); a standard error needs at least 2")
    return s


def _cluster_codes(clusters, n):
    """Integer codes 0..G-1 of the clusters (any labels) and G; refuses fewer than 2 clusters."""
    c = as_labels(clusters, "clusters", what="cluster")  # NaN raises, also among strings
    if len(c) != n:
        raise MetricInputError(f"scores and clusters differ in length: {n} != {len(c)}")
    _, codes = np.unique(c, return_inverse=True)
    n_clusters = int(codes.max()) + 1
    if n_clusters < 2:
        raise MetricInputError("clusters holds a single cluster; a clustered standard error needs at least 2")
    return codes.ravel(), n_clusters


def _critical_value(confidence, distribution, df):
    q = 1.0 - (1.0 - confidence) / 2.0
    return normal_ppf(q) if distribution == "normal" else t_ppf(q, df)


def _se_and_df(s, clusters, correction=True):
    if clusters is None:
        return s.std(ddof=1) / math.sqrt(len(s)), len(s) - 1
    codes, n_clusters = _cluster_codes(clusters, len(s))
    return _clustered_se(s, codes, n_clusters, correction), n_clusters - 1


def _clustered_se(s, codes, n_clusters, correction):
    residual_sums = np.bincount(codes, weights=s - s.mean(), minlength=n_clusters)  # Σ_i (s_ic - s̄) per cluster
    variance = np.dot(residual_sums, residual_sums) / len(s) ** 2
    if correction:
        variance *= n_clusters / (n_clusters - 1)  # CR1: statsmodels' and Stata's default
    return math.sqrt(variance)


def standard_error(scores):
    """Standard error of a benchmark score: the spread of the per-question scores over √n.

    Parameters
    ----------
    scores : array-like of shape (n_questions,)
        One score per question (0/1 correct, or a graded score in any range), n >= 2.

    Returns
    -------
    float
        ``SE = sd(scores) / √n`` -- as the ``bse`` of statsmodels' ``OLS(scores, ones).fit()``.

    Notes
    -----
    **Formula**: ``SE = √(s² / n)`` with ``s² = Σ (s_i - s̄)² / (n - 1)``; for 0/1 scores
    ``s² = n p̂ (1 - p̂) / (n - 1)``, nearly ``p̂ (1 - p̂)``.

    **Intuition**: the questions are a sample from the questions the benchmark could have
    asked; another draw of n questions would give another score, about ``SE`` away.

    **Interview note**: 80% accuracy on 500 questions has ``SE ≈ √(0.8·0.2/500) ≈ 1.8``
    points, so a 95% interval is about ±3.5 points: a leaderboard gap of 1.5 points is
    noise unless the comparison is paired (:func:`paired_difference`). This assumes
    independent questions; questions about a shared passage need
    :func:`clustered_standard_error` (Miller 2024, "Adding Error Bars to Evals").

    **Edge cases**: fewer than 2 scores is refused; identical scores give ``SE = 0``.

    See Also
    --------
    clustered_standard_error : when questions come in groups.
    eval_score_interval : the interval built from it.

    Examples
    --------
    >>> standard_error([1, 0, 1, 1, 0, 1, 1, 1])
    0.1637
    """
    s = _check_scores(scores)
    return float(s.std(ddof=1) / math.sqrt(len(s)))


def clustered_standard_error(scores, clusters, *, correction=True):
    """Cluster-robust standard error of a benchmark score (questions grouped by passage).

    Parameters
    ----------
    scores : array-like of shape (n_questions,)
        One score per question.
    clusters : array-like of shape (n_questions,)
        The group of each question (passage, document, task family; any labels), at least
        2 distinct groups.
    correction : bool, default=True
        Multiply the variance by ``G / (G - 1)`` (the CR1 small-sample correction of
        statsmodels and Stata). ``False`` gives Miller's (2024) formula, the plain CR0
        sandwich.

    Returns
    -------
    float
        With ``correction=True`` the ``bse`` of statsmodels'
        ``OLS(scores, ones).fit(cov_type="cluster", cov_kwds={"groups": clusters})``.

    Notes
    -----
    **Formula**: ``SE² = c / n² · Σ_g (Σ_{i in g} (s_i - s̄))²`` with ``c = G / (G - 1)``
    (CR1; for an intercept-only model statsmodels' ``(n - 1)/(n - k)`` factor is 1) or
    ``c = 1`` (CR0). Expanding the square gives Miller's form
    ``SE²_CLT + (1/n²) Σ_g Σ_{i≠j in g} (s_i - s̄)(s_j - s̄)``: the extra term is the
    covariance of questions in the same cluster.

    **Intuition**: ten questions on one passage are not ten independent draws: if the model
    misread the passage it misses all ten. The effective sample size is closer to the
    number of passages.

    **Interview note**: clustered SEs can be several times the naive ones (Miller reports
    more than 3x on popular evals with shared passages); ignoring clustering gives intervals that
    cover far less than 95%. With one question per cluster and the correction, it equals
    :func:`standard_error`.

    **Edge cases**: a NaN cluster label is refused (also in a list of strings, where NumPy
    would read it as a cluster named 'nan'); a single cluster is refused (``G - 1 = 0``); few clusters (< 30 or so)
    make the estimate itself noisy -- use ``distribution="t"`` in the interval.

    See Also
    --------
    standard_error : the same with independent questions.
    eval_score_interval : the interval, with ``clusters=``.

    Examples
    --------
    >>> scores = [1, 1, 1, 0, 0, 0, 1, 0, 1, 1]
    >>> passages = ["a", "a", "a", "b", "b", "b", "c", "c", "d", "d"]
    >>> clustered_standard_error(scores, passages), standard_error(scores)
    (0.2673, 0.1633)
    """
    s = _check_scores(scores)
    check_bool(correction, "correction")
    codes, n_clusters = _cluster_codes(clusters, len(s))
    return float(_clustered_se(s, codes, n_clusters, correction))


def eval_score_interval(scores, *, clusters=None, confidence=0.95, distribution="normal"):
    """Confidence interval of a benchmark score (mean per-question score), optionally clustered.

    Parameters
    ----------
    scores : array-like of shape (n_questions,)
        One score per question, n >= 2.
    clusters : array-like of shape (n_questions,), optional
        The group of each question; given, the standard error is clustered (CR1).
    confidence : float in (0, 1), default=0.95
    distribution : {"normal", "t"}, default="normal"
        The critical value: normal (Miller 2024, and statsmodels' cluster default), or
        Student's t with ``n - 1`` (``G - 1`` clustered) degrees of freedom (statsmodels
        with ``use_t=True``).

    Returns
    -------
    low, high, estimate : float
        ``estimate ∓ critical value · SE``, as statsmodels' ``conf_int`` of the intercept.

    Notes
    -----
    **Formula**: ``s̄ ± z_{1-α/2} SE`` (``α = 1 - confidence``), SE from
    :func:`standard_error` or :func:`clustered_standard_error`.

    **Intuition**: the range of benchmark scores consistent with what we saw, for another
    draw of questions of the same kind.

    **Interview note**: the interval is about the *question sample*, not about sampling
    the model: at temperature > 0, resample answers per question (or average several)
    to shrink the within-question noise (Miller's "reduce variance" advice).

    **Edge cases**: a score of 0% or 100% on 0/1 questions gives ``SE = 0`` and a zero-width
    interval -- the normal approximation fails there; report a Wilson or exact interval
    instead.

    See Also
    --------
    bootstrap_ci : a resampling interval, for metrics that are not means.
    paired_difference : the interval of a difference between two models.

    Examples
    --------
    >>> scores = [1, 0, 1, 1, 0, 1, 1, 1, 1, 0] * 20
    >>> eval_score_interval(scores)
    (0.6363, 0.7637, 0.7)
    """
    s = _check_scores(scores)
    confidence = check_probability(confidence, "confidence")
    check_option(distribution, "distribution", ("normal", "t"))
    se, df = _se_and_df(s, clusters)
    half = _critical_value(confidence, distribution, df) * se
    estimate = float(s.mean())
    return float(estimate - half), float(estimate + half), estimate


def _paired_statistic(d, estimate, se, clusters):
    """``estimate / se`` of :func:`paired_difference`, warned when the standard error vanishes.

    The SE measures the spread of the group means of ``d`` around ``estimate`` (each question
    its own group without clusters; the CR1 SE sees only cluster totals). A spread of 0 -- or
    below the rounding error of the mean, ``< 10 eps |estimate|`` (scipy's precision-loss
    test) -- makes the statistic ``±inf`` (or the huge number rounding leaves), with an
    ``UndefinedMetricWarning``; ``estimate = 0`` as well is 0/0: nan, warned.
    """
    rounding = _CANCELLATION * abs(estimate)
    statistic = math.copysign(math.inf, estimate) if se == 0 else estimate / se
    if se > 2 * rounding:  # se <= sqrt(2) * spread (CR1: G / (G - 1) <= 2): the spread is not below rounding
        return statistic
    if clusters is None:
        spread = float(np.abs(d - estimate).max())
    else:
        codes, _ = _cluster_codes(clusters, len(d))
        spread = float(np.abs(np.bincount(codes, weights=d) / np.bincount(codes) - estimate).max())
    if se != 0 and spread >= rounding:
        return statistic
    what = "every difference" if clusters is None or d.max() == d.min() else \
        "every cluster's mean difference (the clustered SE sees only cluster totals)"
    if se == 0 and estimate == 0:
        warn_undefined(f"the paired statistic is 0/0: {what} is zero, so the standard error is 0; "
                       "statistic and p-value are nan")
        return math.nan
    zero = "0," if se == 0 else f"{se:.3g}, 0 up to rounding,"
    warn_undefined(f"the paired statistic is {statistic:.6g}: {what} equals {estimate:.6g} (up to "
                   f"rounding), so the standard error is {zero} the interval has no width and the "
                   "p-value is not evidence")
    return statistic


class PairedDifference(NamedTuple):
    """The mean difference of two models' per-question scores, with its error bar."""

    estimate: float
    standard_error: float
    low: float
    high: float
    statistic: float
    p_value: float


def paired_difference(scores_a, scores_b, *, clusters=None, confidence=0.95, distribution="normal"):
    """Paired difference of two models on the same questions: estimate, SE, interval, p-value.

    Parameters
    ----------
    scores_a, scores_b : array-like of shape (n_questions,)
        Per-question scores of models A and B on the same questions, in the same order.
    clusters : array-like of shape (n_questions,), optional
        Question groups; given, the standard error of the differences is clustered (CR1).
    confidence : float in (0, 1), default=0.95
    distribution : {"normal", "t"}, default="normal"
        Critical value and p-value from the normal or Student's t (``n - 1`` or ``G - 1``
        degrees of freedom).

    Returns
    -------
    PairedDifference
        ``(estimate, standard_error, low, high, statistic, p_value)``: mean of ``a - b``,
        its SE, the two-sided interval, ``estimate / SE`` and its two-sided p-value.

    Notes
    -----
    **Formula**: ``d_i = a_i - b_i``, ``d̄ ± z SE(d)``, ``SE(d)² = (s_a² + s_b² - 2 cov(a, b)) / n``.
    With ``distribution="t"`` and no clusters it is the paired t-test
    (``scipy.stats.ttest_rel``).

    **Intuition**: both models answered the same questions; easy questions are easy for
    both, so the shared difficulty cancels in ``d_i`` and only the disagreements remain.

    **Interview note**: two separate ±3.5-point intervals that overlap do not mean "no
    difference": the paired SE subtracts ``2 cov(a, b)``, and models' per-question scores are
    strongly correlated, so the paired interval is usually much narrower (Miller 2024).

    **Edge cases**: ``SE = 0`` when every ``d_i`` is equal -- or, with ``clusters``, when
    every cluster has the same mean difference, even if the ``d_i`` vary (the clustered SE
    sees only cluster totals). A non-zero mean then gives ``statistic = ±inf``, ``p = 0`` and
    the zero-width interval ``(d̄, d̄)``, with an ``UndefinedMetricWarning``: nothing is left
    to measure the noise with, so the p-value is not evidence. The same warning comes when
    the spread is below rounding (``< 10 eps |d̄|``, scipy's precision-loss test), where the
    statistic is huge but finite. A zero mean with ``SE = 0`` is 0/0: statistic and p-value
    are nan (estimate, SE and interval 0), with an ``UndefinedMetricWarning``.

    See Also
    --------
    mcnemar_test : an exact test for 0/1 scores.
    questions_needed : how many questions detect a given gap.

    Examples
    --------
    >>> a = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0] * 30
    >>> b = [1, 0, 0, 1, 1, 0, 1, 0, 1, 0] * 30
    >>> r = paired_difference(a, b)
    >>> r.estimate, r.standard_error, r.p_value
    (0.2, 0.0231, 0.0)
    """
    a, b = _check_scores(scores_a, "scores_a"), _check_scores(scores_b, "scores_b")
    check_consistent_length(("scores_a", a), ("scores_b", b))
    confidence = check_probability(confidence, "confidence")
    check_option(distribution, "distribution", ("normal", "t"))
    d = a - b
    se, df = _se_and_df(d, clusters)
    estimate = float(d.mean())
    half = _critical_value(confidence, distribution, df) * se
    statistic = _paired_statistic(d, estimate, se, clusters)
    if math.isnan(statistic):
        return PairedDifference(0.0, 0.0, 0.0, 0.0, math.nan, math.nan)
    sf = (lambda x: normal_cdf(-x)) if distribution == "normal" else (lambda x: t_sf(x, df))
    return PairedDifference(estimate, float(se), float(estimate - half), float(estimate + half),
                            float(statistic), _p_value(statistic, "two-sided", sf))


def questions_needed(gap, difference_sd, *, alpha=0.05, power=0.8):
    """Number of questions needed to detect a given score gap between two models (paired).

    Parameters
    ----------
    gap : float
        The true difference in mean score to detect (e.g. 0.02 for 2 points), non-zero.
    difference_sd : float
        Standard deviation of the per-question differences ``a_i - b_i`` (from a pilot run;
        for independent 0/1 scores near accuracy p it is about ``√(2 p (1 - p))``, smaller
        when the models agree often).
    alpha : float in (0, 1), default=0.05
        Two-sided significance level.
    power : float in (0, 1), default=0.8
        Probability of detecting the gap when it is real.

    Returns
    -------
    int
        ``ceil(((z_{1-α/2} + z_power) · sd / gap)²)``.

    Notes
    -----
    **Formula**: the paired z-test rejects when ``|d̄| > z_{1-α/2} sd/√n``; requiring that
    with probability ``power`` when the mean is ``gap`` gives
    ``n = (z_{1-α/2} + z_power)² sd² / gap²`` (the far tail is ignored, as Miller 2024).

    **Intuition**: halving the gap you want to see quadruples the questions you need.

    **Interview note**: with questions in clusters, multiply ``n`` by the design effect
    ``(clustered SE / naive SE)²``; pairing shrinks ``sd`` -- two similar models disagree
    on few questions, so a paired comparison needs far fewer questions than two
    independent evaluations.

    **Edge cases**: ``gap = 0`` is refused (no finite n detects nothing); ``difference_sd = 0``
    means every question differs by the gap: one question suffices.

    See Also
    --------
    paired_difference : the test this sizes.

    Examples
    --------
    >>> questions_needed(0.03, 0.45)          # 3 points, sd of differences 0.45
    1766
    """
    for name, value in (("gap", gap), ("difference_sd", difference_sd)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise MetricInputError(f"{name} must be a finite number, got {value!r}")
    if gap == 0:
        raise MetricInputError("gap must be non-zero: no number of questions detects a zero gap")
    if difference_sd < 0:
        raise MetricInputError(f"difference_sd must be >= 0, got {difference_sd!r}")
    alpha, power = check_probability(alpha, "alpha"), check_probability(power, "power")
    z = normal_ppf(1 - alpha / 2) + normal_ppf(power)
    return max(1, math.ceil((z * difference_sd / abs(gap)) ** 2 - 1e-9))


# ----------------------------------------------------------------- validation: CV comparisons, adversarial validation

__all__ += ["adversarial_validation_auc", "corrected_resampled_t_test"]


def corrected_resampled_t_test(differences, n_train, n_test, *, alternative="two-sided"):
    """Nadeau and Bengio's corrected resampled t-test of score differences from repeated splits.

    Parameters
    ----------
    differences : array-like of shape (J,)
        Score of A minus score of B on each of ``J >= 2`` train/test splits (the folds of a
        (repeated) k-fold, or random train/test splits), both models on the same split.
    n_train, n_test : int
        Training and test set sizes of one split (for k-fold: ``n (k-1)/k`` and ``n/k``).
    alternative : {"two-sided", "less", "greater"}, default="two-sided"

    Returns
    -------
    statistic, p_value : float
        The corrected t statistic and its p-value from Student's t with ``J - 1`` degrees of
        freedom.

    Notes
    -----
    **Formula**: ``t = mean(d) / √((1/J + n_test/n_train) s²)`` with ``s²`` the ``J - 1``
    variance of the differences; the plain paired t-test has ``1/J`` alone.

    **Intuition**: the splits share most of their training data (and, when repeated, their
    test samples), so the ``J`` differences are positively correlated: their variance
    understates the uncertainty. The ``n_test/n_train`` term (Nadeau and Bengio 2003) inflates
    the variance to account for that correlation.

    **Interview note**: the naive paired t-test on 10x10-fold CV scores treats 100 correlated
    numbers as independent and rejects far too often; with 10-fold the correction multiplies
    the variance by ``1 + J/9`` -- 12 times for ``J = 100``. More repetitions do not shrink the
    corrected standard error below ``√(n_test/n_train) s``.

    **Edge cases**: every difference equal: ``s = 0``; a non-zero mean gives ``t = ±inf``
    (``p = 0``) with an ``UndefinedMetricWarning`` (no spread, no evidence), all zero gives
    ``(nan, nan)`` with an ``UndefinedMetricWarning``; as in :func:`paired_t_test`.

    See Also
    --------
    paired_t_test : the uncorrected test (independent pairs only).
    five_by_two_cv_t_test : Dietterich's 5x2cv alternative.
    mlmetrics_edu.splits.repeated_kfold : the splits this test is made for.

    Examples
    --------
    >>> d = [0.012, 0.004, 0.009, -0.006, 0.011, 0.002, -0.003, 0.010, 0.001, 0.008]
    >>> corrected_resampled_t_test(d, n_train=900, n_test=100)   # one 10-fold CV of n = 1000
    (1.6859, 0.1261)
    >>> paired_t_test(d, [0.0] * 10)               # uncorrected: "significant", wrongly
    (2.4495, 0.0368)
    """
    d = as_float_array(differences, "differences")
    if len(d) < 2:
        raise MetricInputError(f"differences needs at least 2 splits, got {len(d)}")
    n_train = check_int(n_train, "n_train", 1)
    n_test = check_int(n_test, "n_test", 1)
    _check_alternative(alternative)
    j = len(d)
    mean = d.mean()
    deviation = d - mean
    variance = np.dot(deviation, deviation) / (j - 1)
    t = _t_ratio(mean, math.sqrt((1.0 / j + n_test / n_train) * variance), np.abs(deviation).max(),
                 "corrected t statistic")
    if math.isnan(t):
        return float("nan"), float("nan")
    return float(t), _p_value(t, alternative, lambda x: t_sf(x, j - 1))


def adversarial_validation_auc(is_test, scores, *, alternative="greater"):
    """Adversarial validation: can a classifier tell test rows from training rows? AUC and p-value.

    Parameters
    ----------
    is_test : array-like of shape (n,)
        1 (or True) for rows of the test (or production) set, 0 for training rows.
    scores : array-like of shape (n,)
        Out-of-fold scores of a classifier trained to predict ``is_test`` from the features
        (e.g. ``cross_val_predict(model, X, is_test, method="predict_proba")[:, 1]``).
    alternative : {"greater", "two-sided", "less"}, default="greater"
        H1 on the AUC: above 0.5 (the sets differ) by default.

    Returns
    -------
    auc, p_value : float
        ``roc_auc_score(is_test, scores)`` and the Mann-Whitney p-value of H0: AUC = 0.5 (normal
        approximation with tie and continuity corrections), as
        ``scipy.stats.mannwhitneyu(scores[is_test], scores[~is_test], alternative=alternative,
        method="asymptotic")``.

    Notes
    -----
    **Formula**: ``U = AUC · n1 n0``; ``z = (U - n1 n0/2 - ½) / σ`` with
    ``σ² = n1 n0 / 12 · ((n + 1) - Σ(t³ - t) / (n(n - 1)))`` over tie groups of size ``t``;
    ``p = 1 - Φ(z)`` ("greater"). This is a classifier two-sample test (Lopez-Paz and Oquab 2017).

    **Intuition**: if train and test came from one distribution, no classifier could separate
    them: AUC ≈ 0.5. An AUC of 0.8 says the test set looks different -- and the features the
    classifier leans on are where the shift (or a leak such as an ID or a timestamp) lives.

    **Interview note**: the scores must be *out-of-fold*: in-sample scores of a flexible model
    separate any two samples and make the AUC meaningless. A high AUC means offline validation
    on a random split will be optimistic; validate on the training rows that look most like the
    test set, or fix the features that drift.

    **Edge cases**: one class in ``is_test`` raises; all scores tied give ``(0.5, 1.0)``.

    See Also
    --------
    mlmetrics_edu.curves.roc_auc_score : the AUC itself.
    mlmetrics_edu.drift : per-feature drift statistics (PSI, KS).

    Examples
    --------
    >>> is_test = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    >>> scores = [0.1, 0.3, 0.2, 0.6, 0.4, 0.7, 0.5, 0.9, 0.35, 0.8]
    >>> adversarial_validation_auc(is_test, scores)
    (0.88, 0.0301)
    """
    is_test, scores = as_1d(is_test, "is_test"), as_float_array(scores, "scores")
    check_consistent_length(("is_test", is_test), ("scores", scores))
    if is_test.dtype.kind not in "biuf" or not np.isin(is_test, (0, 1)).all():
        raise MetricInputError("is_test must hold 0/1 or False/True (1 = a test row), got values "
                               f"{np.unique(is_test)[:5].tolist()}")
    positive = is_test.astype(bool)
    n1, n0 = int(positive.sum()), int((~positive).sum())
    if n1 == 0 or n0 == 0:
        raise MetricInputError("is_test holds one class; adversarial validation needs test and training rows")
    _check_alternative(alternative)
    auc = float(roc_auc_score(positive.astype(np.int64), scores))
    n = n1 + n0
    _, tie_sizes = np.unique(scores, return_counts=True)
    tie_term = float(np.sum(tie_sizes.astype(np.float64) ** 3 - tie_sizes))
    sigma = math.sqrt(n1 * n0 / 12.0 * ((n + 1) - tie_term / (n * (n - 1))))
    u1 = auc * n1 * n0
    u = {"greater": u1, "less": n1 * n0 - u1}.get(alternative, max(u1, n1 * n0 - u1))
    numerator = u - n1 * n0 / 2.0 - 0.5
    z = numerator / sigma if sigma > 0 else -math.inf
    p = normal_cdf(-z) * (2.0 if alternative == "two-sided" else 1.0)
    return auc, float(min(1.0, max(0.0, p)))
