"""Does the model fail on a slice, or treat groups differently? Metrics by group, parity gaps.

An aggregate metric is an average over slices (weather, region, device, demographic
group); a failing slice hides in it. This module disaggregates:

* :func:`metric_by_group` -- any metric of the package per group (or per intersection of
  several features), overall, and the largest gap between groups, with bootstrap
  intervals per group: a small :class:`MetricByGroup` table (fairlearn's ``MetricFrame``);
* the gaps of the usual fairness criteria, with fairlearn's signatures and definitions:
  :func:`demographic_parity_difference` / :func:`demographic_parity_ratio` (selection
  rates; :func:`disparate_impact_ratio` is the ratio, the "four-fifths rule"),
  :func:`equalized_odds_difference` / :func:`equalized_odds_ratio` (TPR *and* FPR),
  :func:`equal_opportunity_difference` / :func:`equal_opportunity_ratio` (TPR only).

Conventions are fairlearn 0.15's: the positive prediction is ``pos_label=1``; a group
with no positives has TPR 0 (and no negatives, FPR 0), as its normalized confusion
matrix gives; ``method="between_groups"`` compares the extreme groups,
``method="to_overall"`` each group with the whole population; a ratio is always folded
below 1. Every rate is one weighted count divided by another (``np.bincount`` per group),
so the gaps of a million rows cost a few passes over the data.

NaN or infinity in ``y_true``, ``y_pred`` or ``sensitive_features`` raises a
``MetricInputError`` -- also a NaN in a list of strings, which NumPy would read as a group
named ``'nan'``: a missing group is not a group (map it to a string such as ``'missing'``
to audit it as one). ``y_true`` is checked even where it is ignored (demographic parity).
"""

from __future__ import annotations

import warnings

import numpy as np

from ._validation import (
    SEED_MAX,
    MetricInputError,
    as_labels,
    check_consistent_length,
    check_finite,
    check_option,
    check_pos_label_present,
    check_sample_weight,
    check_seed,
    divide,
    target_type,
    to_array,
    to_labels,
    warn_undefined,
    warn_user,
)

__all__ = [
    "MetricByGroup",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "disparate_impact_ratio",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "metric_by_group",
    "selection_rate",
]

METHODS = ("between_groups", "to_overall")
ERRORS = ("raise", "coerce")  # fairlearn's option for non-scalar values: none reach a MetricByGroup
AGGS = ("worst_case", "mean")


# --------------------------------------------------------------------------- groups


def _feature_columns(sensitive_features):
    """``(names, columns)`` of one feature (1-D), several (2-D, dict or DataFrame)."""
    if sensitive_features is None:
        raise MetricInputError("sensitive_features is None; pass one group label per sample")
    if isinstance(sensitive_features, dict):
        if not sensitive_features:
            raise MetricInputError("sensitive_features is an empty dict; give at least one feature")
        return ([str(k) for k in sensitive_features],
                [to_labels(v, f"sensitive_features[{k!r}]", what="group") for k, v in sensitive_features.items()])
    if hasattr(sensitive_features, "columns"):  # a DataFrame, duck-typed (pandas is not imported)
        names = [str(c) for c in sensitive_features.columns]
        return names, [to_labels(sensitive_features[c], f"sensitive_features[{c!r}]", what="group")
                       for c in sensitive_features.columns]
    arr = to_labels(sensitive_features, "sensitive_features", what="group")
    if arr.ndim == 1:
        name = getattr(sensitive_features, "name", None)  # a pandas Series keeps its name
        return [name if isinstance(name, str) else "sensitive_feature_0"], [arr]
    if arr.ndim == 2:
        return ([f"sensitive_feature_{j}" for j in range(arr.shape[1])],
                [arr[:, j] for j in range(arr.shape[1])])
    raise MetricInputError(f"sensitive_features must be 1-D or 2-D, got an array of shape {arr.shape}")


def _encode_groups(sensitive_features, n_samples, length_name="y_true"):
    """Group every sample: ``(names, keys, group_index)``, keys sorted, intersections observed.

    ``group_index[i]`` is the position in ``keys`` of sample ``i``'s group; with several
    features a key is the tuple of their values (only combinations that occur).
    """
    names, columns = _feature_columns(sensitive_features)
    codes, levels = [], []
    for name, col in zip(names, columns):
        label = "sensitive_features" if len(columns) == 1 else f"sensitive_features[{name!r}]"
        if col.ndim != 1:
            raise MetricInputError(f"{label} must be 1-D, got an array of shape {col.shape}")
        if len(col) != n_samples:
            raise MetricInputError(
                f"{length_name} and {label} differ in length: {n_samples} != {len(col)}")
        if col.dtype.kind not in "biufUS":
            raise MetricInputError(f"{label} must hold numbers or strings, got dtype {col.dtype}")
        check_finite(col, label)
        values, code = np.unique(col, return_inverse=True)
        levels.append(values.tolist())
        codes.append(code.ravel())
    if len(codes) == 1:  # one feature: its sorted values are the groups, every one observed
        return names, levels[0], codes[0]
    sizes = [len(v) for v in levels]
    observed, group_index = np.unique(np.ravel_multi_index(codes, sizes), return_inverse=True)
    parts = np.unravel_index(observed, sizes)
    keys = [tuple(levels[j][p[k]] for j, p in enumerate(parts)) for k in range(len(observed))]
    return names, keys, group_index.ravel()


# --------------------------------------------------------------------------- the result


def _fold_below_one(r):
    """A ratio of two rates read as "how far from equal": ``r`` or ``1 / r``, whichever is <= 1."""
    with np.errstate(divide="ignore"):
        return np.where(r > 1, 1.0 / r, r)


class MetricByGroup:
    """One metric per group and overall, with the gaps between groups (fairlearn's ``MetricFrame``).

    Built by :func:`metric_by_group` (and internally by the parity and odds gaps). Read it
    as a table (``print(result)``), as dicts (``by_group``, ``counts``, ``intervals``), or
    as JSON-ready data (:meth:`to_dict`); the gaps come from :meth:`difference` and
    :meth:`ratio`, the extremes from :meth:`group_min` and :meth:`group_max`.

    Attributes
    ----------
    metric_name : str
    sensitive_feature_names : list of str
    by_group : dict
        ``{group: value}``; a group is a feature value, or a tuple of values (intersections).
    overall : float
    counts : dict
        ``{group: number of samples}``.
    intervals : dict or None
        ``{group: (low, high)}``; ``overall_interval`` the same for the whole population.
    confidence : float or None

    The methods take fairlearn's arguments, so ``mf.difference(method="to_overall",
    errors="raise")`` runs unchanged; ``errors`` ("raise" or "coerce") changes nothing here,
    because every value is one number -- a metric returning several values is refused by
    :func:`metric_by_group` with a ``MetricInputError``.
    """

    def __init__(self, metric_name, sensitive_feature_names, by_group, overall, counts,
                 intervals=None, overall_interval=None, confidence=None):
        self.metric_name = metric_name
        self.sensitive_feature_names = list(sensitive_feature_names)
        self.by_group = dict(by_group)
        self.overall = float(overall)
        self.counts = dict(counts)
        self.intervals = intervals
        self.overall_interval = overall_interval
        self.confidence = confidence

    def _values(self):
        return np.array(list(self.by_group.values()), dtype=np.float64)

    def group_min(self, errors="raise"):
        """The smallest per-group value (undefined groups, nan, are skipped as fairlearn does)."""
        check_option(errors, "errors", ERRORS)
        return float(np.nanmin(self._values()))

    def group_max(self, errors="raise"):
        """The largest per-group value (undefined groups, nan, are skipped as fairlearn does)."""
        check_option(errors, "errors", ERRORS)
        return float(np.nanmax(self._values()))

    def difference(self, method="between_groups", errors="coerce"):
        """Largest absolute gap: ``max - min`` over groups, or ``max |group - overall|``."""
        check_option(method, "method", METHODS)
        check_option(errors, "errors", ERRORS)
        values = self._values()
        if method == "between_groups":
            return float(np.nanmax(values) - np.nanmin(values))
        return float(np.nanmax(np.abs(values - self.overall)))

    def ratio(self, method="between_groups", errors="coerce"):
        """Smallest ratio, folded below 1: ``min / max``, or ``min(group / overall, overall / group)``.

        When every candidate is 0/0 (every group's value is 0) the ratio is undefined: nan,
        as fairlearn returns, with an :class:`UndefinedMetricWarning`.
        """
        check_option(method, "method", METHODS)
        check_option(errors, "errors", ERRORS)
        values = self._values()
        if method == "between_groups":
            low, high = np.nanmin(values), np.nanmax(values)
            if high == 0 and low == 0:
                return self._undefined_ratio(method)
            with np.errstate(divide="ignore", invalid="ignore"):
                return float(low / high)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = _fold_below_one(values / self.overall)
        if np.isnan(ratios).all():
            return self._undefined_ratio(method)
        return float(np.nanmin(ratios))

    def _undefined_ratio(self, method):
        warn_undefined(f"the {method} ratio of {self.metric_name} is 0/0 (every group's value is 0,"
                       " so the groups are equal): returned nan, as fairlearn does; the difference"
                       " is 0")
        return float("nan")

    @staticmethod
    def _key_text(key):
        return ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)

    def to_dict(self):
        """JSON-ready data: per group (by its text key) n, value and interval; overall; the gaps."""
        def row(value, n, interval):
            out = {"n": int(n), "value": float(value)}
            if interval is not None:
                out["low"], out["high"] = float(interval[0]), float(interval[1])
            return out

        intervals = self.intervals or {}
        return {
            "metric": self.metric_name,
            "sensitive_features": self.sensitive_feature_names,
            "confidence": self.confidence,
            "by_group": {self._key_text(k): row(v, self.counts[k], intervals.get(k))
                         for k, v in self.by_group.items()},
            "overall": row(self.overall, sum(self.counts.values()), self.overall_interval),
            "difference": {m: self.difference(m) for m in METHODS},
            "ratio": {m: self.ratio(m) for m in METHODS},
        }

    def __repr__(self):
        head = " & ".join(self.sensitive_feature_names)
        rows = [(self._key_text(k), self.counts[k], v, (self.intervals or {}).get(k))
                for k, v in self.by_group.items()]
        rows.append(("overall", sum(self.counts.values()), self.overall, self.overall_interval))
        width = max(len(head), max(len(r[0]) for r in rows))
        ci = f"{self.confidence:.0%} interval" if self.intervals is not None else ""
        lines = [f"{self.metric_name} by {head}",
                 f"{head:<{width}}  {'n':>7}  {'value':>8}  {ci}".rstrip()]
        for name, n, value, interval in rows:
            band = "" if interval is None else f"[{interval[0]:.4f}, {interval[1]:.4f}]"
            lines.append(f"{name:<{width}}  {n:>7d}  {value:>8.4f}  {band}".rstrip())
        with warnings.catch_warnings():  # the repr shows the nan; the warning is for the call
            warnings.simplefilter("ignore")
            lines.append(f"difference: {self.difference():.4f} (between groups), "
                         f"{self.difference('to_overall'):.4f} (to overall)")
            lines.append(f"ratio:      {self.ratio():.4f} (between groups), "
                         f"{self.ratio('to_overall'):.4f} (to overall)")
        return "\n".join(lines)


# --------------------------------------------------------------------------- any metric by group


def _check_interval_options(n_resamples, confidence, ci_method):
    if n_resamples is not None and (isinstance(n_resamples, bool) or not isinstance(n_resamples, int)
                                    or n_resamples < 1):
        raise MetricInputError(f"n_resamples must be None or an integer >= 1, got {n_resamples!r}")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise MetricInputError(f"confidence must be a number strictly between 0 and 1, got {confidence!r}")
    check_option(ci_method, "ci_method", ("percentile", "bca", "basic"))


def _one_number(value, metric):
    """The metric's value as a float; several values (a tuple, a dict, an array) are refused clearly."""
    name = getattr(metric, "__name__", "metric")
    containers = (str, bytes, dict, list, tuple, set)
    if isinstance(value, containers) or getattr(value, "ndim", 0) != 0:
        sized = isinstance(value, (list, tuple)) or hasattr(value, "shape")
        shape = type(value).__name__ + (f" of length {len(value)}" if isinstance(value, (list, tuple))
                                        else f" of shape {value.shape}" if sized else "")
        raise MetricInputError(
            f"metric {name} returned {shape}, not one number; metric_by_group compares one value "
            "per group. Pass one metric per call, or wrap it to pick one value, e.g. "
            "lambda t, p: precision_recall_fscore_support(t, p)[2] (fairlearn's MetricFrame keeps "
            "such values per group, but its gaps are then nan and group_min() raises)")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MetricInputError(f"metric {name} returned {value!r} ({type(value).__name__}), "
                               "which is not a number") from None


def metric_by_group(metric, y_true, y_pred, *, sensitive_features, sample_weight=None,
                    n_resamples=1000, confidence=0.95, ci_method="percentile", seed=None):
    """Any metric per group (or slice), overall, and the largest gap between groups.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, y_pred[, sample_weight=...]) -> float``: any metric of the package
        (``accuracy_score``, ``recall_score``, ``roc_auc_score`` with scores as ``y_pred``,
        ``mean_absolute_error``, ...), or a lambda / ``functools.partial`` fixing its options.
    y_true : array-like of shape (n_samples,)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predictions or scores, whatever ``metric`` takes.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_features), or dict
        The group of each sample. Several features (a 2-D array, a dict ``{name: values}``
        or a DataFrame) define groups by their intersections, e.g. ``("female", "north")``.
    sample_weight : array-like of shape (n_samples,), optional
        Passed on to ``metric`` as ``sample_weight=`` for each group's samples.
    n_resamples : int or None, default=1000
        Bootstrap resamples per group for the intervals; ``None`` skips the intervals.
    confidence : float in (0, 1), default=0.95
    ci_method : {"percentile", "bca", "basic"}, default="percentile"
        As :func:`~mlmetrics_edu.significance.bootstrap_ci` defines them.
    seed : int in [0, 2**64 - 1], optional
        Seeds every group's resampling (each group gets its own independent stream); checked
        even when ``n_resamples=None``.

    Returns
    -------
    result : MetricByGroup
        ``result.by_group``, ``result.overall``, ``result.counts``, ``result.intervals``,
        ``result.difference(method=...)``, ``result.ratio(method=...)``, ``result.to_dict()``.

    Notes
    -----
    **Formula**: for each group ``g``, ``M_g = metric(y_true[A = g], y_pred[A = g])``;
    ``overall = metric(y_true, y_pred)``. Gaps as fairlearn's ``MetricFrame``:
    ``difference = max_g M_g - min_g M_g`` (between groups) or ``max_g |M_g - overall|``
    (to overall); ``ratio = min_g M_g / max_g M_g`` or ``min_g min(M_g / overall,
    overall / M_g)``.

    **Intuition**: "where does the model fail?" An average over slices hides a slice that
    is small: 95% accuracy overall can be 60% in fog, if fog is 5% of the test set.

    **Interview note**: a per-group value comes from fewer samples than the overall one,
    so its interval is wider -- check that a gap is larger than the noise before acting
    on it (at 80% accuracy, a 40-sample slice has a 95% interval about 25 points wide). And pick the metric
    that matches the harm: per-group *recall* for missed pedestrians, not accuracy.

    **Edge cases**: groups are sorted; with several features only the intersections that
    occur are listed (fairlearn lists every combination, with nan for the empty ones, and
    skips them in the gaps: the gaps are the same). ``metric`` raising on one group (e.g.
    ``log_loss`` given a value outside [0, 1]) raises a ``MetricInputError`` naming the
    group; a metric returning several values (a tuple, a dict, an array such as a
    confusion matrix) raises a ``MetricInputError`` saying so, not a bare ``TypeError``; a
    metric *undefined* on a group (``roc_auc_score`` on one class) gives nan
    there with the metric's warning, and the gaps skip it, as fairlearn's do. A group
    with fewer than 2 samples or an undefined value gets no interval (nan, warned). A
    ratio only makes sense for non-negative metrics; when it is 0/0 it is nan with an
    ``UndefinedMetricWarning``.

    See Also
    --------
    demographic_parity_difference : the gap in selection rates, computed in one pass.
    equalized_odds_difference : the gap in TPR and FPR, computed in one pass.
    mlmetrics_edu.significance.bootstrap_ci : the interval of each group's value.

    Examples
    --------
    >>> from mlmetrics_edu.classification import accuracy_score
    >>> y_true = [1, 0, 1, 1, 0, 1, 0, 0]
    >>> y_pred = [1, 0, 1, 1, 1, 0, 1, 0]
    >>> weather = ["clear", "clear", "clear", "clear", "fog", "fog", "fog", "fog"]
    >>> result = metric_by_group(accuracy_score, y_true, y_pred,
    ...                          sensitive_features=weather, n_resamples=None)
    >>> result.by_group, result.overall
    ({'clear': 1.0, 'fog': 0.25}, 0.625)
    >>> result.difference(), result.ratio()
    (0.75, 0.25)
    """
    if not callable(metric):
        raise MetricInputError(f"metric must be callable, got {metric!r}")
    seed = check_seed(seed, "seed", maximum=SEED_MAX)  # checked even without intervals: a typo is a typo
    y_true = as_labels(y_true, "y_true")
    y_pred = to_array(y_pred, "y_pred")
    if y_pred.ndim not in (1, 2):
        raise MetricInputError(f"y_pred must be 1-D or 2-D, got an array of shape {y_pred.shape}")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    weight = check_sample_weight(sample_weight, len(y_true))
    _check_interval_options(n_resamples, confidence, ci_method)
    names, keys, group_index = _encode_groups(sensitive_features, len(y_true))

    def score(idx):
        extra = {} if weight is None else {"sample_weight": weight[idx]}
        return _one_number(metric(y_true[idx], y_pred[idx], **extra), metric)

    order = np.argsort(group_index, kind="stable")  # each group's samples, contiguous
    sizes = np.bincount(group_index, minlength=len(keys))
    members = np.split(order, np.cumsum(sizes)[:-1])
    by_group = {}
    for key, idx in zip(keys, members):
        try:
            by_group[key] = score(idx)
        except MetricInputError as exc:
            raise MetricInputError(f"metric failed on group {key!r} ({len(idx)} samples): {exc}") from None
    overall = score(np.arange(len(y_true)))
    counts = {key: int(s) for key, s in zip(keys, sizes)}
    if n_resamples is None:
        return MetricByGroup(getattr(metric, "__name__", "metric"), names, by_group, overall, counts)

    from .significance import bootstrap_ci

    streams = np.random.SeedSequence(seed).spawn(len(keys) + 1)
    arrays = (y_true, y_pred) if weight is None else (y_true, y_pred, weight)
    fn = metric if weight is None else (lambda t, p, w: metric(t, p, sample_weight=w))
    values = {**by_group, "overall": overall}
    intervals, skipped = {}, []
    for key, idx, stream in zip(keys + ["overall"], members + [np.arange(len(y_true))], streams):
        if len(idx) < 2 or not np.isfinite(values[key]):
            skipped.append(key)
            intervals[key] = (float("nan"), float("nan"))
            continue
        low, high, _ = bootstrap_ci(fn, *(a[idx] for a in arrays), n_resamples=n_resamples,
                                    confidence=confidence, method=ci_method,
                                    seed=np.random.default_rng(stream))
        intervals[key] = (low, high)
    if skipped:
        warn_user(f"no bootstrap interval (nan) for {len(skipped)} group(s) with fewer than 2 "
                  f"samples or an undefined value: {skipped[:5]}")
    overall_interval = intervals.pop("overall")
    return MetricByGroup(getattr(metric, "__name__", "metric"), names, by_group, overall, counts,
                         intervals, overall_interval, confidence)


# --------------------------------------------------------------------------- rates in one pass


def _check_binary(y, name, pos_label):
    kind = target_type(y, name)
    if kind != "binary":
        raise MetricInputError(
            f"{name} must hold binary labels (at most two values), got {kind} values "
            f"{np.unique(y)[:5].tolist()}{' (scores? threshold them first)' if kind == 'continuous' else ''}")
    check_pos_label_present(pos_label, np.unique(y), name)
    return y == pos_label


def _read_inputs(y_true, y_pred, sensitive_features, sample_weight, pos_label, need_true=True):
    """Validated ``(is_true_pos, is_pred_pos, weight, names, keys, group_index)``."""
    y_true, y_pred = as_labels(y_true, "y_true"), as_labels(y_pred, "y_pred")  # y_true: even if ignored
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    weight = check_sample_weight(sample_weight, len(y_true))
    if weight is not None and weight.sum() == 0:
        raise MetricInputError("sample_weight sums to 0: no sample counts, so no rate is defined")
    predicted = _check_binary(y_pred, "y_pred", pos_label)
    actual = _check_binary(y_true, "y_true", pos_label) if need_true else None
    names, keys, group_index = _encode_groups(sensitive_features, len(y_true))
    return actual, predicted, weight, names, keys, group_index


def _weighted_count(mask, group_index, n_groups, weight):
    """Per group: how many samples (or how much weight) ``mask`` selects."""
    if weight is None:
        return np.bincount(group_index[mask], minlength=n_groups).astype(np.float64)
    return np.bincount(group_index[mask], weights=weight[mask], minlength=n_groups)


def _rate_by_group(name, hit, among, inputs, zero_division="warn"):
    """``P(hit | among, A = g)`` for every group and overall, as a :class:`MetricByGroup`."""
    _, _, weight, names, keys, group_index = inputs
    numerator = _weighted_count(among & hit, group_index, len(keys), weight)
    denominator = _weighted_count(among, group_index, len(keys), weight)
    if name == "selection rate":  # a group whose weights are all 0 is absent: skipped, as fairlearn
        rates = divide(numerator, denominator, zero_division=np.nan)
        if np.isnan(rates).any():
            absent = [k for k, r in zip(keys, rates) if np.isnan(r)]
            warn_undefined(f"selection rate is undefined (0/0) for {len(absent)} group(s) whose "
                           f"weights are all 0: {absent[:5]}; they are left out of the gaps")
        overall = numerator.sum() / denominator.sum()  # > 0: _read_inputs refuses all-zero weights
    else:  # no positives (or negatives) in a group: 0, as fairlearn's normalized confusion matrix
        why = f"a group with no {'positives' if name == 'true positive rate' else 'negatives'}"
        rates = divide(numerator, denominator, zero_division=zero_division, what=name, why=why,
                       unit="group")
        overall = divide(numerator.sum(), denominator.sum(), zero_division=zero_division, what=name,
                         why=why.replace("a group", "the data"))
    counts = np.bincount(group_index, minlength=len(keys))
    return MetricByGroup(name, names, zip(keys, rates.tolist()), overall,
                         zip(keys, counts.tolist()))


def _selection_rates(inputs):
    everyone = np.ones(len(inputs[5]), dtype=bool)
    return _rate_by_group("selection rate", inputs[1], everyone, inputs)


def _odds_rates(inputs):
    actual, predicted = inputs[0], inputs[1]
    return (_rate_by_group("true positive rate", predicted, actual, inputs),
            _rate_by_group("false positive rate", predicted, ~actual, inputs))


def selection_rate(y_true, y_pred, *, pos_label=1, sample_weight=None):
    """Selection rate: the fraction of samples predicted positive (``y_true`` is ignored).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ignored (its length is checked), for the ``metric(y_true, y_pred)`` shape.
    y_pred : array-like of shape (n_samples,)
        Binary predictions (labels, not scores).
    pos_label : int or str, default=1
        The "selected" outcome (hired, approved, flagged).
    sample_weight : array-like of shape (n_samples,), optional

    Returns
    -------
    rate : float

    Notes
    -----
    **Formula**: ``P(ŷ = 1) = Σ w_i [ŷ_i = pos_label] / Σ w_i`` (fairlearn's ``selection_rate``).

    **Intuition**: "how often does the model say yes?" -- the quantity demographic parity
    asks to be equal across groups.

    **Interview note**: it ignores the truth: equal selection rates can be achieved by a
    model that is right for one group and random for the other.

    **Edge cases**: zero total weight is 0/0: 0 with an ``UndefinedMetricWarning``
    (fairlearn returns nan). ``y_pred`` with more than two values raises.

    See Also
    --------
    demographic_parity_difference : the gap in this rate between groups.

    Examples
    --------
    >>> selection_rate([0, 0, 1, 1], [0, 1, 1, 1])
    0.75
    """
    y_true, y_pred = as_labels(y_true, "y_true"), as_labels(y_pred, "y_pred")  # y_true: even if ignored
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    weight = check_sample_weight(sample_weight, len(y_pred))
    selected = _check_binary(y_pred, "y_pred", pos_label)
    w = np.ones(len(y_pred)) if weight is None else weight
    return float(divide(np.dot(w, selected), w.sum(), what="selection rate",
                        why="the sample weights sum to 0"))


# --------------------------------------------------------------------------- the parity gaps


def demographic_parity_difference(y_true, y_pred, *, sensitive_features, method="between_groups",
                                  sample_weight=None):
    """Demographic parity difference: the largest gap in selection rate between groups.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ignored (its length is checked); kept for fairlearn's signature.
    y_pred : array-like of shape (n_samples,)
        Binary predictions, 1 = selected.
    sensitive_features : array-like of shape (n_samples,) or (n_samples, n_features), or dict
        Group of each sample; several features give their intersections.
    method : {"between_groups", "to_overall"}, default="between_groups"
        Compare the extreme groups, or each group with the whole population.
    sample_weight : array-like of shape (n_samples,), optional

    Returns
    -------
    difference : float
        0 when every group is selected at the same rate.

    Notes
    -----
    **Formula**: with ``SR_g = P(ŷ = 1 | A = g)``: ``max_g SR_g - min_g SR_g``
    (between groups) or ``max_g |SR_g - SR|`` (to overall).

    **Intuition**: "are groups selected equally often?", whatever their labels.

    **Interview note**: parity is computed on the *predictions*, never on ``y_true``
    (the labels' gap is the base-rate gap, a property of the data). When base rates
    differ, parity forces a perfect model to err: it conflicts with equalized odds.

    **Edge cases**: one group gives 0. A group whose weights are all 0 has no selection
    rate (0/0): it is left out, with an ``UndefinedMetricWarning`` (fairlearn: nan, skipped).
    Weights that are all 0 raise. Same as fairlearn 0.15. NaN in any argument raises, even
    in the ignored ``y_true`` or in a list of string groups (not a group called 'nan').

    See Also
    --------
    demographic_parity_ratio : the same comparison as a ratio (the four-fifths rule).
    equalized_odds_difference : parity conditioned on the true label.

    Examples
    --------
    >>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> demographic_parity_difference([0] * 8, y_pred, sensitive_features=group)
    0.5
    """
    check_option(method, "method", METHODS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1, need_true=False)
    return _selection_rates(inputs).difference(method)


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                             sample_weight=None):
    """Demographic parity ratio: the smallest selection rate over the largest.

    Parameters
    ----------
    y_true, y_pred, sensitive_features, method, sample_weight
        As in :func:`demographic_parity_difference`.

    Returns
    -------
    ratio : float in [0, 1]
        1 when every group is selected at the same rate.

    Notes
    -----
    **Formula**: ``min_g SR_g / max_g SR_g`` (between groups) or
    ``min_g min(SR_g / SR, SR / SR_g)`` (to overall), ``SR_g = P(ŷ = 1 | A = g)``.

    **Intuition**: "the least-selected group is selected at what fraction of the rate of
    the most-selected one?"

    **Interview note**: this is *disparate impact*; the US "four-fifths rule" flags a
    ratio below 0.8. Take min over max, not max over min (that is >= 1 and hides which
    way the gap goes).

    **Edge cases**: no group selected at all is 0/0: nan with an
    ``UndefinedMetricWarning`` (fairlearn returns nan too).

    See Also
    --------
    disparate_impact_ratio : the same number under its legal name.
    demographic_parity_difference : the same comparison as a difference.

    Examples
    --------
    >>> y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> demographic_parity_ratio([0] * 8, y_pred, sensitive_features=group)
    0.333
    """
    check_option(method, "method", METHODS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1, need_true=False)
    return _selection_rates(inputs).ratio(method)


def disparate_impact_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                           sample_weight=None):
    """Disparate impact: the demographic parity ratio, judged by the four-fifths rule.

    Parameters
    ----------
    y_true, y_pred, sensitive_features, method, sample_weight
        As in :func:`demographic_parity_difference`.

    Returns
    -------
    ratio : float in [0, 1]
        Exactly :func:`demographic_parity_ratio`; below 0.8 fails the four-fifths rule.

    Notes
    -----
    **Formula**: ``min_g P(ŷ = 1 | A = g) / max_g P(ŷ = 1 | A = g)``. Not a separate
    fairlearn function: it is ``demographic_parity_ratio`` (some texts fix a reference
    group in the denominator; the min/max form compares the extreme groups).

    **Intuition**: the hiring-law view of parity: a group selected at less than 80% of the
    rate of the most-selected group is evidence of adverse impact (the US Uniform Guidelines
    on Employee Selection Procedures, 1978).

    **Interview note**: the four-fifths rule is a rule of thumb for selection rates; it
    says nothing about error rates, and on small groups the ratio is noisy -- look at its
    interval (``metric_by_group(selection_rate, ...)``).

    **Edge cases**: as :func:`demographic_parity_ratio` (nothing selected: nan, warned).

    See Also
    --------
    demographic_parity_ratio : the same number.
    metric_by_group : the per-group selection rates with intervals.

    Examples
    --------
    >>> y_pred = [1, 1, 1, 1, 1, 0, 1, 1, 1, 0]
    >>> group = ["a"] * 5 + ["b"] * 5
    >>> ratio = disparate_impact_ratio([0] * 10, y_pred, sensitive_features=group)
    >>> ratio, ratio >= 0.8
    (0.6, False)
    """
    return demographic_parity_ratio(y_true, y_pred, sensitive_features=sensitive_features,
                                    method=method, sample_weight=sample_weight)


def _combine(values, agg, what):
    """Worst case or mean of the TPR and FPR gaps; an undefined (nan) gap is skipped."""
    values = np.array(values, dtype=np.float64)
    defined = values[~np.isnan(values)]
    if defined.size == 0:
        return float("nan")  # each part has already warned
    if agg == "mean":
        return float(defined.mean())
    return float(defined.max() if what == "difference" else defined.min())


def equalized_odds_difference(y_true, y_pred, *, sensitive_features, method="between_groups",
                              sample_weight=None, agg="worst_case"):
    """Equalized odds difference: the larger of the TPR gap and the FPR gap between groups.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary true labels (1 = positive).
    y_pred : array-like of shape (n_samples,)
        Binary predictions.
    sensitive_features, method, sample_weight
        As in :func:`demographic_parity_difference`.
    agg : {"worst_case", "mean"}, default="worst_case"
        The larger of the two gaps, or their mean (as fairlearn 0.15's ``agg``).

    Returns
    -------
    difference : float
        0 when every group has the same TPR and the same FPR.

    Notes
    -----
    **Formula**: ``max(ΔTPR, ΔFPR)`` (or their mean) with ``ΔTPR = max_g TPR_g - min_g
    TPR_g``, ``TPR_g = P(ŷ = 1 | Y = 1, A = g)``, ``FPR_g = P(ŷ = 1 | Y = 0, A = g)``
    (to overall: ``max_g |TPR_g - TPR|``, likewise for FPR).

    **Intuition**: "given the truth, does the group change the model's answer?" -- the same
    miss rate and the same false-alarm rate for everyone.

    **Interview note**: both rates, not only TPR (that is equal opportunity). A perfect
    classifier satisfies it, unlike demographic parity. When base rates differ, an imperfect
    model cannot have equal error rates *and* equal precision across groups (predictive
    parity; Chouldechova 2017), nor, for scores, balanced error rates and calibration within
    groups (Kleinberg, Mullainathan and Raghavan 2016).

    **Edge cases**: a group with no positives has TPR 0 (no negatives: FPR 0), as
    fairlearn's normalized confusion matrix gives, with an ``UndefinedMetricWarning``.

    See Also
    --------
    equal_opportunity_difference : the TPR gap alone.
    equalized_odds_ratio : the same comparison as ratios.

    Examples
    --------
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 0, 0, 1, 0, 1, 1]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equalized_odds_difference(y_true, y_pred, sensitive_features=group)
    1.0
    >>> equalized_odds_difference(y_true, y_pred, sensitive_features=group, agg="mean")
    0.75
    """
    check_option(method, "method", METHODS)
    check_option(agg, "agg", AGGS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1)
    tpr, fpr = _odds_rates(inputs)
    return _combine([tpr.difference(method), fpr.difference(method)], agg, "difference")


def equalized_odds_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                         sample_weight=None, agg="worst_case"):
    """Equalized odds ratio: the smaller of the TPR ratio and the FPR ratio between groups.

    Parameters
    ----------
    y_true, y_pred, sensitive_features, method, sample_weight, agg
        As in :func:`equalized_odds_difference` (``"worst_case"`` takes the smaller ratio).

    Returns
    -------
    ratio : float in [0, 1]
        1 when every group has the same TPR and the same FPR.

    Notes
    -----
    **Formula**: ``min(min_g TPR_g / max_g TPR_g, min_g FPR_g / max_g FPR_g)`` (or the
    mean of the two ratios); to overall, each group's rate against the overall rate,
    folded below 1.

    **Intuition**: the worst "fraction of the best group's rate" over both error types.

    **Interview note**: ratios of small rates are fragile: an FPR of 1% vs 2% is a ratio of
    0.5 but a difference of 0.01. Report both.

    **Edge cases**: a ratio that is 0/0 (no group has a false positive, say) is undefined
    and skipped, the other ratio is returned; fairlearn's ``min`` does the same for the
    FPR ratio but returns nan when the *TPR* ratio is the undefined one. Both undefined:
    nan with an ``UndefinedMetricWarning``.

    See Also
    --------
    equalized_odds_difference : the same comparison as differences.
    equal_opportunity_ratio : the TPR ratio alone.

    Examples
    --------
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 1, 0, 1, 0, 1, 1]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equalized_odds_ratio(y_true, y_pred, sensitive_features=group)
    0.5
    """
    check_option(method, "method", METHODS)
    check_option(agg, "agg", AGGS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1)
    tpr, fpr = _odds_rates(inputs)
    return _combine([tpr.ratio(method), fpr.ratio(method)], agg, "ratio")


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features, method="between_groups",
                                 sample_weight=None):
    """Equal opportunity difference: the largest gap in true positive rate between groups.

    Parameters
    ----------
    y_true, y_pred, sensitive_features, method, sample_weight
        As in :func:`equalized_odds_difference`.

    Returns
    -------
    difference : float
        0 when every group's qualified members are selected at the same rate.

    Notes
    -----
    **Formula**: ``max_g TPR_g - min_g TPR_g`` with ``TPR_g = P(ŷ = 1 | Y = 1, A = g)``
    (to overall: ``max_g |TPR_g - TPR|``).

    **Intuition**: "among the people who deserve a yes, does everyone get one equally
    often?" -- the relaxation of equalized odds that only looks at the positives.

    **Interview note**: for resume screening it equalizes the chances of *qualified*
    candidates and leaves false positives free; say which error costs whom before
    choosing it over equalized odds.

    **Edge cases**: a group with no positives has TPR 0 with an ``UndefinedMetricWarning``
    (fairlearn: 0, silently), which can make the gap look large: check the counts.

    See Also
    --------
    equalized_odds_difference : the TPR and the FPR gaps.
    mlmetrics_edu.classification.recall_score : the TPR of one group.

    Examples
    --------
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 0, 0, 1, 0, 1, 1]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equal_opportunity_difference(y_true, y_pred, sensitive_features=group)
    0.5
    """
    check_option(method, "method", METHODS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1)
    return _odds_rates(inputs)[0].difference(method)


def equal_opportunity_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                            sample_weight=None):
    """Equal opportunity ratio: the smallest true positive rate over the largest.

    Parameters
    ----------
    y_true, y_pred, sensitive_features, method, sample_weight
        As in :func:`equalized_odds_difference`.

    Returns
    -------
    ratio : float in [0, 1]

    Notes
    -----
    **Formula**: ``min_g TPR_g / max_g TPR_g`` (to overall: ``min_g min(TPR_g / TPR,
    TPR / TPR_g)``).

    **Intuition**: the four-fifths reading of equal opportunity: qualified members of the
    worst-off group are found at what fraction of the best group's rate?

    **Interview note**: a per-group rate divides by that *group's* positives, not by all
    samples nor by all positives -- otherwise a small group looks worse just for being small.

    **Edge cases**: no true positive in any group is 0/0: nan with an
    ``UndefinedMetricWarning`` (fairlearn: nan).

    See Also
    --------
    equal_opportunity_difference : the same comparison as a difference.
    equalized_odds_ratio : with the FPR ratio too.

    Examples
    --------
    >>> y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    >>> y_pred = [1, 1, 0, 0, 1, 0, 1, 1]
    >>> group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    >>> equal_opportunity_ratio(y_true, y_pred, sensitive_features=group)
    0.5
    """
    check_option(method, "method", METHODS)
    inputs = _read_inputs(y_true, y_pred, sensitive_features, sample_weight, 1)
    return _odds_rates(inputs)[0].ratio(method)
