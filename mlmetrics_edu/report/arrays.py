"""An evaluation report in one call: chosen metrics with bootstrap intervals, overall and per slice.

The same function scores the validation set before release and every production batch
after it -- one evaluation code path, so a number in the training notebook and a number on
the monitoring dashboard mean the same thing:

* :func:`evaluation_report` computes each metric overall and per slice (weather, region,
  channel...) with a bootstrap interval (:func:`~mlmetrics_edu.significance.bootstrap_ci`,
  per group :func:`~mlmetrics_edu.fairness.metric_by_group`) and returns an
  :class:`EvaluationReport`;
* the report is *versioned*: it records the package version, every metric's conventions
  (``zero_division``, ``pos_label``, ``average``... as they were applied), the seed of the
  resampling and a SHA-256 hash of the inputs, so two reports can be compared
  (:meth:`EvaluationReport.compare`) and a difference traced to the data or to the settings;
* it is written as JSON, CSV and Markdown, with its figures as PNG
  (:meth:`EvaluationReport.save`), and logged to an MLflow run -- parameters, metrics,
  the files as artifacts -- by :func:`log_report_to_mlflow` when the ``tracking`` extra
  (``pip install "mlmetrics-edu[tracking]"``) is installed.

matplotlib and MLflow are imported inside the functions that need them.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import warnings

import numpy as np

from .. import calibration, classification, curves, regression
from ..monitoring import CalibrationState
from .._validation import (MetricInputError, as_1d, check_consistent_length, check_int, check_option,
                           check_probability, check_seed, to_array)
from .document import EvaluationReport, check_params, input_hash, jsonable

# Metrics a report can name by a string: every scalar metric of y_true and one prediction array.
METRIC_NAMES = {
    **{n: getattr(classification, n) for n in (
        "accuracy_score", "balanced_accuracy_score", "f1_score", "matthews_corrcoef",
        "precision_score", "recall_score", "specificity_score")},
    **{n: getattr(curves, n) for n in ("average_precision_score", "roc_auc_score")},
    **{n: getattr(calibration, n) for n in (
        "brier_score_loss", "expected_calibration_error", "log_loss", "maximum_calibration_error")},
    **{n: getattr(regression, n) for n in (
        "max_error", "mean_absolute_error", "mean_absolute_percentage_error", "mean_error",
        "mean_squared_error", "median_absolute_error", "r2_score", "root_mean_squared_error",
        "symmetric_mean_absolute_percentage_error")},
}
SCORE_ARGUMENTS = ("y_score", "y_prob", "y_proba")  # a metric whose 2nd argument is one of these ranks scores
METHODS = ("percentile", "bca", "basic")



# --------------------------------------------------------------------------- metrics


def _base_function(fn):
    """The package function behind a partial (options fixed), or ``fn`` itself."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    return fn


def _fixed_options(fn):
    options = {}
    while isinstance(fn, functools.partial):
        options = {**fn.keywords, **options}  # the outer partial wins, as when calling
        fn = fn.func
    return options


def _conventions(fn):
    """Every keyword option the metric applies (signature defaults, overridden by a partial)."""
    base = _base_function(fn)
    try:
        params = inspect.signature(base).parameters.values()
    except (TypeError, ValueError):
        return {}
    defaults = {p.name: p.default for p in params
                if p.default is not inspect.Parameter.empty and p.name != "sample_weight"}
    return {k: jsonable(v) for k, v in {**defaults, **_fixed_options(fn)}.items()}


def _takes_scores(fn):
    """True when the metric's second argument is named like scores (``y_score``, ``y_prob``...)."""
    try:
        params = list(inspect.signature(_base_function(fn)).parameters)
    except (TypeError, ValueError):
        return False
    return len(params) > 1 and params[1] in SCORE_ARGUMENTS


def _metric_label(fn):
    base = _base_function(fn)
    name = getattr(base, "__name__", None)
    if not name or name == "<lambda>":
        raise MetricInputError(
            f"metrics holds {fn!r}, which has no usable name; pass a dict "
            "{name: metric} to name it, e.g. {'f1_macro': lambda y, p: f1_score(y, p, average='macro')}")
    options = _fixed_options(fn)
    if options:
        name += "[" + ",".join(f"{k}={v}" for k, v in sorted(options.items())) + "]"
    return name


def _resolve_metrics(metrics):
    """``metrics`` as an ordered ``{label: callable}``; strings name metrics of the package."""
    if isinstance(metrics, (str, bytes)) or callable(metrics):
        metrics = [metrics]
    if isinstance(metrics, dict):
        items = list(metrics.items())
        for label, _ in items:
            if not isinstance(label, str) or not label.strip():
                raise MetricInputError(f"metrics keys must be non-empty strings, got {label!r}")
    else:
        try:
            entries = list(metrics)
        except TypeError:
            raise MetricInputError(f"metrics must be a list of metric names or functions, got {metrics!r}") from None
        items = [(None, m) for m in entries]
    if not items:
        raise MetricInputError("metrics is empty; choose at least one, e.g. metrics=['accuracy_score']")
    resolved = {}
    for label, m in items:
        if isinstance(m, str):
            if m not in METRIC_NAMES:
                raise MetricInputError(f"metrics holds {m!r}, which is not a metric a report can name; "
                                       f"choose from {sorted(METRIC_NAMES)} or pass a function")
            m = METRIC_NAMES[m]
        elif not callable(m):
            raise MetricInputError(f"metrics holds {m!r}; each entry must be a metric name or a function")
        label = label if label is not None else _metric_label(m)
        if label in resolved:
            raise MetricInputError(f"metrics names {label!r} twice; pass a dict {{name: metric}} to tell them apart")
        resolved[label] = m
    return resolved


def _check_slices(slices, n_samples):
    """``slices`` as an ordered ``{name: 1-D array}`` of one group label per sample."""
    if slices is None:
        return {}
    if not isinstance(slices, dict):
        slices = {"slice": slices}
    if not slices:
        raise MetricInputError("slices is an empty dict; pass None for no slices")
    out = {}
    for name, values in slices.items():
        if not isinstance(name, str) or not name.strip() or name == "overall":
            raise MetricInputError(f"slices keys must be non-empty strings other than 'overall', got {name!r}")
        arr = as_1d(values, f"slices[{name!r}]")
        if arr.dtype.kind not in "biuUS":
            raise MetricInputError(f"slices[{name!r}] must hold labels (integers or strings), got dtype {arr.dtype}")
        if len(arr) != n_samples:
            raise MetricInputError(f"y_true and slices[{name!r}] differ in length: {n_samples} != {len(arr)}")
        out[name] = arr
    return out





def evaluation_report(y_true, y_pred, *, metrics, slices=None, threshold=None, n_resamples=1000,
                      confidence=0.95, method="percentile", seed=0, name="evaluation", params=None):
    """Chosen metrics with bootstrap intervals, overall and per slice, as one versioned report.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels (or values, for regression metrics).
    y_pred : array-like of shape (n_samples,)
        Predictions, or scores/probabilities of the positive class when ``threshold`` is set
        or every metric takes scores.
    metrics : list of str or callable, or dict {name: str or callable}
        Metrics of the package, by name (``"recall_score"``, ``"roc_auc_score"``, ...) or as
        functions; a ``functools.partial`` fixes options (its name becomes
        ``"f1_score[average=macro]"``); a dict names them (needed for a lambda).
    slices : array-like of shape (n_samples,) or dict {name: array-like}, optional
        The group of every sample for one slicing feature (named ``"slice"``), or several
        features, each evaluated on its own (``{"weather": ..., "region": ...}``).
    threshold : float, optional
        Turns scores into decisions: a metric whose second argument is named ``y_pred``
        receives ``(y_pred >= threshold)`` as 0/1, a metric of scores (second argument
        ``y_score``, ``y_prob`` or ``y_proba``) the scores. ``None``: every metric receives
        ``y_pred`` as given.
    n_resamples : int or None, default=1000
        Bootstrap resamples per interval; ``None`` skips the intervals (``nan``).
    confidence : float in (0, 1), default=0.95
    method : {"percentile", "bca", "basic"}, default="percentile"
        As :func:`~mlmetrics_edu.significance.bootstrap_ci` defines them.
    seed : int or None, default=0
        Seed of every interval (recorded; ``None`` makes the intervals irreproducible).
    name : str, default="evaluation"
    params : dict, optional
        Run parameters recorded with the report (model name, training date...) and logged
        to MLflow as parameters.

    Returns
    -------
    report : EvaluationReport

    Notes
    -----
    **Formula**: for every metric ``M`` the overall row is ``M(y_true, y)`` with the
    interval ``bootstrap_ci(M, y_true, y, n_resamples=B, confidence=c, method=method,
    seed=seed)``; the rows of a slicing feature ``A`` are those of ``metric_by_group(M,
    y_true, y, sensitive_features=A, n_resamples=B, confidence=c, ci_method=method,
    seed=seed)`` (group ``g``'s interval resampled from its own samples, on stream ``g`` of
    ``SeedSequence(seed).spawn(n_groups + 1)``), with the largest gap between groups. Every
    metric uses the same seed, so they are read off the same resamples.

    **Intuition**: "what would a second test set of the same size say, and where does the
    model fail?" -- every number with its error bar, every slice next to the aggregate.

    **Interview note**: evaluation in production must be the *same code* as evaluation in
    training (same metric conventions, same threshold, same slices), or a drop on the
    dashboard may be a change of definition. Record what makes a number reproducible: the
    package version, the conventions, the seed and a hash of the data.

    **Edge cases**: a metric undefined on a group (``roc_auc_score`` on one class) gives
    ``nan`` there with the metric's warning, and no interval; ``nan`` is written as JSON
    ``null`` and an empty CSV cell, and is not logged to MLflow. A metric undefined on the
    whole data raises. A percentile interval need not contain the estimate: ECE is biased
    upwards on small samples, so its resamples can all lie above the full-data value. Figures: the bar chart always; ROC and reliability diagrams when
    ``y_true`` is binary and ``y_pred`` holds scores in [0, 1] and a metric uses scores.

    See Also
    --------
    mlmetrics_edu.fairness.metric_by_group : one metric by group, the building block.
    mlmetrics_edu.significance.bootstrap_ci : the interval of one metric.
    log_report_to_mlflow : the same report as an MLflow run.

    Examples
    --------
    >>> y_true = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0] * 3
    >>> y_score = [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.2, 0.2, 0.1] * 3
    >>> report = evaluation_report(y_true, y_score, metrics=["accuracy_score", "roc_auc_score"],
    ...                            threshold=0.5, n_resamples=200, seed=0)
    >>> report.value("accuracy_score"), report.value("roc_auc_score")
    (0.7, 0.86)
    >>> low, high = report.interval("accuracy_score")
    >>> bool(low <= 0.7 <= high)
    True
    """
    resolved = _resolve_metrics(metrics)
    y_true = as_1d(y_true, "y_true")
    y_pred = to_array(y_pred, "y_pred")
    if y_pred.ndim not in (1, 2):
        raise MetricInputError(f"y_pred must be 1-D or 2-D, got an array of shape {y_pred.shape}")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    slice_arrays = _check_slices(slices, len(y_true))
    n_resamples = check_int(n_resamples, "n_resamples", 1, allow_none=True)
    confidence = check_probability(confidence, "confidence")
    method = check_option(method, "method", METHODS)
    seed = check_seed(seed)
    if not isinstance(name, str) or not name.strip():
        raise MetricInputError(f"name must be a non-empty string, got {name!r}")
    params = check_params(params)
    decisions = None
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not math.isfinite(threshold):
            raise MetricInputError(f"threshold must be a finite number or None, got {threshold!r}")
        if y_pred.ndim != 1 or y_pred.dtype.kind not in "biuf":
            raise MetricInputError("threshold needs y_pred to be a 1-D array of scores, "
                                   f"got shape {y_pred.shape} and dtype {y_pred.dtype}")
        if not np.isfinite(y_pred).all():
            raise MetricInputError("y_pred contains NaN or infinity")
        decisions = (y_pred >= threshold).astype(np.int64)

    from ..fairness import metric_by_group
    from ..significance import bootstrap_ci

    rows, gaps, conventions = [], [], {}
    for label, fn in resolved.items():
        scores = _takes_scores(fn)
        y_in = y_pred if decisions is None or scores else decisions
        conventions[label] = {
            "function": f"{getattr(_base_function(fn), '__module__', '?')}."
                        f"{getattr(_base_function(fn), '__qualname__', repr(fn))}",
            "input": "y_pred" if decisions is None else "scores" if scores else f"y_pred >= {threshold:g}",
            "options": _conventions(fn)}
        try:
            value = float(fn(y_true, y_in))
        except MetricInputError as exc:
            raise MetricInputError(f"metric {label!r} failed on the data: {exc}") from None
        if not math.isfinite(value):
            raise MetricInputError(f"metric {label!r} is undefined on the whole data (returned {value})")
        low = high = float("nan")
        if n_resamples is not None:
            low, high, _ = bootstrap_ci(fn, y_true, y_in, n_resamples=n_resamples, confidence=confidence,
                                        method=method, seed=seed)
        rows.append({"metric": label, "slice": "overall", "group": "all", "n": len(y_true),
                     "value": value, "low": low, "high": high})
        for slice_name, groups in slice_arrays.items():
            result = metric_by_group(fn, y_true, y_in, sensitive_features=groups, n_resamples=n_resamples,
                                     confidence=confidence, ci_method=method, seed=seed)
            for key, v in result.by_group.items():
                lo, hi = (result.intervals or {}).get(key, (float("nan"), float("nan")))
                rows.append({"metric": label, "slice": slice_name, "group": str(key),
                             "n": result.counts[key], "value": float(v), "low": float(lo), "high": float(hi)})
            with warnings.catch_warnings():  # a 0/0 ratio is nan here; the metric already warned
                warnings.simplefilter("ignore")
                gaps.append({"metric": label, "slice": slice_name,
                             "difference": result.difference(), "ratio": result.ratio()})

    from .._version import __version__

    hashed = {"y_true": y_true, "y_pred": y_pred, **{f"slices[{k}]": v for k, v in slice_arrays.items()}}
    metadata = {
        "package_version": __version__, "metrics": list(resolved), "conventions": conventions,
        "seed": seed, "n_resamples": n_resamples, "confidence": float(confidence), "method": method,
        "threshold": None if threshold is None else float(threshold),
        "input_hash": input_hash(hashed), "n_samples": int(len(y_true)),
        "slices": list(slice_arrays), "params": params}
    return EvaluationReport(name, rows, gaps, metadata, _score_curves(y_true, y_pred, resolved, decisions))


def _score_curves(y_true, y_pred, resolved, decisions):
    """ROC and reliability data when the report is about binary scores in [0, 1]."""
    uses_scores = decisions is not None or any(_takes_scores(fn) for fn in resolved.values())
    if not uses_scores or y_pred.ndim != 1 or y_pred.dtype.kind not in "biuf":
        return {}
    if np.unique(y_true).size != 2 or y_pred.min() < 0 or y_pred.max() > 1:
        return {}
    fpr, tpr, _ = curves.roc_curve(y_true, y_pred)
    out = {"roc": (fpr, tpr, curves.roc_auc_score(y_true, y_pred))}
    out.update(reliability_curve(CalibrationState(n_bins=10).update(y_true, y_pred)))
    return out


def reliability_curve(state):
    """``{"reliability": (prob_true, prob_pred, counts)}`` of a CalibrationState, or ``{}``.

    The bins, fractions and counts all come from the one state, so they come from one binning
    rule (the calibration module's: right-closed bins, 0 in the first) and always agree in length.
    """
    try:
        curve = state.compute()
    except MetricInputError:  # labels that need a pos_label, or no weight: no diagram
        return {}
    return {"reliability": (curve["prob_true"], curve["prob_pred"], curve["bin_weight"])}


# --------------------------------------------------------------------------- MLflow
