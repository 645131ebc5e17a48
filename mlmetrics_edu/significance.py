"""Is the difference real? Bootstrap intervals, paired tests, multiple-comparison corrections.

A metric computed on a finite test set is an *estimate*; this module puts an error bar on
it and asks whether two models really differ:

* :func:`bootstrap_ci` -- a confidence interval for any metric of the package (or a
  difference of two, via :func:`metric_difference`), resampling the arrays together;
* paired tests of two models on the same samples: :func:`mcnemar_test` (per-sample
  correct/incorrect), :func:`paired_t_test` (per-fold scores), :func:`permutation_test`
  (sign flips or label shuffles), :func:`five_by_two_cv_t_test` (Dietterich's 5x2cv);
* :func:`two_proportion_ztest` for an A/B test on a rate (conversions, clicks);
* :func:`bonferroni` and :func:`benjamini_hochberg` when many comparisons were made.

Conventions are the reference libraries': ``bootstrap_ci`` follows ``scipy.stats.bootstrap``
(``paired=True``), the tests ``statsmodels`` and ``scipy.stats``. None of them is imported:
the normal, Student t, chi-square and binomial tail probabilities are computed here from the
error function and the regularized incomplete beta function.
"""

from __future__ import annotations

import itertools
import math
import numbers
import warnings
from statistics import NormalDist

import numpy as np

from ._validation import (
    MetricInputError,
    UndefinedMetricWarning,
    as_1d,
    as_float_array,
    check_consistent_length,
    check_option,
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


# ----------------------------------------------------------------- distributions


def _normal_cdf(z):
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def _normal_ppf(p):
    return NormalDist().inv_cdf(p)


def _betainc(a, b, x):
    """Regularized incomplete beta ``I_x(a, b)`` by its continued fraction (modified Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):  # the fraction converges fast only below the mean
        return 1.0 - _betainc(b, a, 1.0 - x)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    return math.exp(log_front) * _beta_fraction(a, b, x) / a


def _beta_fraction(a, b, x):
    """The continued fraction of ``I_x(a, b)``: ``1 / (1 + d1 / (1 + d2 / (1 + ...)))``."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 100_000):  # even step d_2m, then odd step d_2m+1
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 / ((1.0 + numerator * d) or tiny)  # `or tiny`: Lentz's guard against 1/0
        c = (1.0 + numerator / c) or tiny
        fraction *= c * d
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 / ((1.0 + numerator * d) or tiny)
        c = (1.0 + numerator / c) or tiny
        fraction *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return fraction


def _t_sf(t, df):
    """P(T > t) for Student's t with ``df`` degrees of freedom."""
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


def _binom_cdf(k, n, p=0.5):
    """P(X <= k) for X ~ Binomial(n, p), as ``I_{1-p}(n - k, k + 1)``."""
    if k >= n:
        return 1.0
    if k < 0:
        return 0.0
    return _betainc(n - k, k + 1.0, 1.0 - p)


def _p_value(statistic, alternative, sf):
    """Tail probability of ``statistic`` for ``alternative``; ``sf`` is the survival function."""
    statistic = float(statistic)
    if alternative == "greater":
        return float(sf(statistic))
    if alternative == "less":
        return float(sf(-statistic))  # symmetric null distributions only
    return float(min(1.0, 2.0 * sf(abs(statistic))))


# ----------------------------------------------------------------- input checks


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise MetricInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_open_unit(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise MetricInputError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


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
        # 2 x (pairs ranked right): each positive beats the negatives below it, ties count half
        twice_pairs = np.einsum("ij,ij->i", pos, 2 * np.cumsum(neg, axis=1) - neg)
        n_pos, n_neg = pos.sum(axis=1), neg.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(n_pos * n_neg > 0, twice_pairs / (2.0 * n_pos * n_neg), np.nan)

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


def _bca_levels(theta_b, estimate, theta_jack, alpha):
    """The two percentile levels of the BCa interval (Efron & Tibshirani 14.3, 15.4)."""
    fraction_below = (np.count_nonzero(theta_b < estimate)
                      + np.count_nonzero(theta_b <= estimate)) / (2 * len(theta_b))
    if not 0 < fraction_below < 1:
        return None  # z0 would be infinite: every resample lies on one side of the estimate
    z0 = _normal_ppf(fraction_below)  # bias correction
    theta_jack = theta_jack[np.isfinite(theta_jack)]
    d = theta_jack.mean() - theta_jack
    spread = np.sum(d**2)
    a = np.sum(d**3) / (6.0 * spread**1.5) if spread > 0 else 0.0  # acceleration
    levels = []
    for z_alpha in (_normal_ppf(alpha), -_normal_ppf(alpha)):
        shifted = z0 + z_alpha
        levels.append(_normal_cdf(z0 + shifted / (1.0 - a * shifted)))
    return levels


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
    seed : int or numpy.random.Generator, optional
        Seed of the resampling. The same seed gives exactly the resamples of
        ``scipy.stats.bootstrap(..., paired=True, rng=np.random.default_rng(seed))``.

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
    n_resamples = _check_int(n_resamples, "n_resamples", 1)
    confidence = _check_open_unit(confidence, "confidence")
    method = method.lower() if isinstance(method, str) else method  # scipy spells it "BCa"
    check_option(method, "method", ("bca", "percentile", "basic"))
    estimate = _as_scalar(metric(*data))  # the metric validates its own input here
    if not np.isfinite(estimate):
        raise MetricInputError(f"metric is undefined on the full data (returned {estimate})")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
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
        bca = _bca_levels(theta_b, estimate, _jackknife(metric, data, fast, []), alpha)
        if bca is None:
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

    **Edge cases**: no discordant sample (``b + c = 0``): the models never disagree, there
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
    y_true = as_1d(y_true, "y_true")
    y_pred_a, y_pred_b = as_1d(y_pred_a, "y_pred_a"), as_1d(y_pred_b, "y_pred_b")
    check_consistent_length(("y_true", y_true), ("y_pred_a", y_pred_a), ("y_pred_b", y_pred_b))
    for name, value in (("exact", exact), ("correction", correction)):
        if not isinstance(value, (bool, np.bool_)):
            raise MetricInputError(f"{name} must be True or False, got {value!r}")
    kinds = {x.dtype.kind in "US" for x in (y_true, y_pred_a, y_pred_b)}
    if len(kinds) > 1:
        raise MetricInputError("y_true, y_pred_a and y_pred_b mix label types (strings and "
                               "numbers); use one type for every label")
    right_a, right_b = y_pred_a == y_true, y_pred_b == y_true
    only_a_right = np.count_nonzero(right_a) - np.count_nonzero(right_a & right_b)
    b = int(only_a_right)  # A right, B wrong
    c = int(np.count_nonzero(right_b) - np.count_nonzero(right_a) + only_a_right)  # A wrong, B right
    if exact:
        return float(min(b, c)), min(1.0, 2.0 * _binom_cdf(min(b, c), b + c))
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

    **Edge cases**: all differences equal: ``sd = 0``; a non-zero mean gives ``t = ±inf``,
    ``p = 0`` (as scipy); all differences zero is 0/0 -- ``(nan, nan)`` as scipy, with an
    ``UndefinedMetricWarning``.

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
    if sd == 0:
        if mean == 0:
            warn_undefined("the paired t statistic is 0/0: every difference is zero; "
                           "returning nan")
            return float("nan"), float("nan")
        t = math.copysign(math.inf, mean)
    else:
        t = mean / (sd / math.sqrt(n))
    return float(t), _p_value(t, alternative, lambda x: _t_sf(x, n - 1))


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
    ``p_11``, and ``(nan, nan)`` with an ``UndefinedMetricWarning`` when ``p_11 = 0``.

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
    if variance.sum() == 0:
        if p[0, 0] == 0:
            warn_undefined("the 5x2cv t statistic is 0/0: every difference is zero; returning nan")
            return float("nan"), float("nan")
        t = math.copysign(math.inf, p[0, 0])
    else:
        t = p[0, 0] / math.sqrt(variance.sum() / 5)
    return float(t), _p_value(t, "two-sided", lambda x: _t_sf(x, 5))


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
    seed : int or numpy.random.Generator, optional
        Seed of the Monte Carlo draws.

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
    if not isinstance(paired, (bool, np.bool_)):
        raise MetricInputError(f"paired must be True or False, got {paired!r}")
    n_resamples = _check_int(n_resamples, "n_resamples", 1)
    _check_alternative(alternative)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
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
        counts[name] = _check_int(value, name, 1 if name.startswith("n_") else 0)
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
    return float(z), _p_value(z, alternative, lambda x: _normal_cdf(-x))


# ----------------------------------------------------------------- multiple comparisons


def _check_p_values(p_values, alpha):
    p = as_float_array(p_values, "p_values")
    if p.min() < 0 or p.max() > 1:
        raise MetricInputError(f"p_values must lie in [0, 1], got values in [{p.min():g}, {p.max():g}]")
    _check_open_unit(alpha, "alpha")
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
