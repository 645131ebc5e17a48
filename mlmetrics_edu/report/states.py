"""A report from merged states: a day of traffic reported without loading it, one window per step."""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import numbers
from collections.abc import Mapping

import numpy as np

from .._validation import MetricInputError, check_option
from .arrays import reliability_curve
from .bootstrap import PoissonBootstrapState, bootstrap_interval
from .document import EvaluationReport, check_params, jsonable

STATE_METHODS = ("percentile", "basic")  # BCa needs a jackknife over rows, which states cannot give
SKIPPED_KEYS = ("n_samples", "tp", "fp", "fn", "tn")  # n is the row's n; counts are not rates


def _inner(state):
    return state.state if isinstance(state, PoissonBootstrapState) else state


def _compute_options(state, pos_label):
    """``{"pos_label": ...}`` when the state's compute takes it and one was given."""
    try:
        takes = "pos_label" in inspect.signature(_inner(state).compute).parameters
    except (TypeError, ValueError):
        takes = False
    return {"pos_label": pos_label} if takes and pos_label is not None else {}


def _scalars(name, value):
    """``{metric label: float}`` of one state's compute(): a number, or the numbers of a dict."""
    if isinstance(value, Mapping):
        return {f"{name}.{k}": float(v) for k, v in value.items()
                if k not in SKIPPED_KEYS and isinstance(v, numbers.Real) and not isinstance(v, bool)}
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return {name: float(value)}
    return {}


def _check_states(states, what):
    if not isinstance(states, Mapping) or not states:
        raise MetricInputError(f"{what} must be a non-empty dict {{name: state}}, got {type(states).__name__}")
    for name, state in states.items():
        if not isinstance(name, str) or not name.strip():
            raise MetricInputError(f"{what} keys must be non-empty strings, got {name!r}")
        if not (callable(getattr(state, "compute", None)) and callable(getattr(state, "merge", None))):
            raise MetricInputError(f"{what}[{name!r}] is a {type(state).__name__}, not a mergeable state")
    return states


def _merge_all(dicts):
    """Name-by-name merge of several ``{name: state}`` dicts (first one's names)."""
    out = dict(dicts[0])
    for d in dicts[1:]:
        if set(d) != set(out):
            raise MetricInputError(f"the windows hold different states: {sorted(out)} != {sorted(d)}")
        out = {k: out[k].merge(d[k]) for k in out}
    return out


def _unpack(states, what):
    """``(overall states, {group: states} or {}, slice name)`` of a dict of states or an Evaluation."""
    groups = getattr(states, "groups", None) or {}
    overall = _check_states(states, what)
    for key, g in groups.items():
        _check_states(g, f"{what}.groups[{key!r}]")
    return dict(overall), dict(groups), getattr(states, "by", None) or "group"


def _rows_of(states, window, slice_name, group, pos_label, confidence, method):
    rows = []
    for name, state in states.items():
        options = _compute_options(state, pos_label)
        try:
            values = _scalars(name, state.compute(**options))
        except MetricInputError:
            continue  # an empty state (no row of this group in this window) has no row
        n = float(state.n_samples) if hasattr(state, "n_samples") else float("nan")
        replicates = None
        if isinstance(state, PoissonBootstrapState):
            replicates = [_scalars(name, r) for r in state.replicate_values(**options)]
        for metric, value in values.items():
            low = high = float("nan")
            if replicates is not None:
                low, high = bootstrap_interval(value, np.array([r.get(metric, np.nan) for r in replicates]),
                                               confidence, method)
            rows.append({"metric": metric, "slice": slice_name, "group": str(group),
                         "n": int(n) if n.is_integer() else n, "value": value, "low": low, "high": high,
                         **({} if window is None else {"window": window})})
    return rows


def _states_hash(windows):
    h = hashlib.sha256()
    for label, states in windows:
        for name, state in states.items():
            inner = _inner(state)
            data = inner.to_dict() if hasattr(inner, "to_dict") else repr(inner)
            h.update(json.dumps([label, name, data], sort_keys=True, default=str).encode())
    return h.hexdigest()


def _gaps(rows, slice_name):
    out = []
    for metric in dict.fromkeys(r["metric"] for r in rows):
        values = [r["value"] for r in rows if r["metric"] == metric and math.isfinite(r["value"])]
        if len(values) >= 2:
            lo, hi = min(values), max(values)
            out.append({"metric": metric, "slice": slice_name, "difference": hi - lo,
                        "ratio": lo / hi if hi != 0 else float("nan")})
    return out


def report_from_states(states=None, *, windows=None, pos_label=None, confidence=0.95, method="percentile",
                       name="evaluation", params=None):
    """An evaluation report from merged states: overall, per slice and per time window.

    Parameters
    ----------
    states : dict of {str: state}, or the result of ``evaluate_dask``/``evaluate_spark``
        Merged states of :mod:`mlmetrics_edu.monitoring` (or of the drift module), possibly
        wrapped in :class:`PoissonBootstrapState` for intervals. A result computed with
        ``by=`` adds one row per group.
    windows : dict of {label: states}, optional
        Instead of ``states``: one entry per time window (hour, day...) in time order. The
        overall rows merge every window; each window's rows carry ``"window"`` and become one
        MLflow step.
    pos_label : int, float, bool or str, optional
        Passed to the ``compute`` of states that take it (the confusion matrix); default: the
        ``pos_label`` the result carries, else the state's own default.
    confidence : float in (0, 1), default=0.95
    method : {"percentile", "basic"}, default="percentile"
        Interval from the Poisson bootstrap replicates.
    name : str, default="evaluation"
    params : dict, optional
        Run parameters recorded with the report and logged to MLflow.

    Returns
    -------
    report : EvaluationReport
        Rows ``metric = "<state name>.<key>"`` (or the state name when ``compute`` returns one
        number), ``slice``/``group`` (``"overall"``/``"all"`` or the ``by`` column and its
        value), ``n`` = the state's (weighted) number of rows, and ``window`` on window rows.

    Notes
    -----
    **Formula**: value = ``state.compute()``; interval = percentiles of
    ``replicate_b.compute()`` over the ``B`` Poisson replicates the state carries (none: no
    interval). Overall over windows = ``merge`` of the windows' states, so it equals the
    one-pass value on all the rows.

    **Intuition**: the states are the summary of the day; the report reads them. The
    Parquet files are read once, by the engine, and never again -- re-reporting a month is
    merging 30 daily states.

    **Interview note**: a dashboard that averages hourly AUCs or hourly recalls into a daily
    number is wrong (hours differ in traffic and class balance); merging states is exact. And
    the daily interval comes from replicates that merged like the states, not from
    resampling a day of rows.

    **Edge cases**: a state that has seen no row (a group absent from a window) gives no row;
    a value undefined on the data (AUC with one class) is ``nan`` with the state's warning
    and has no interval; arrays in ``compute()`` (reliability bins) are not rows, but a
    ``CalibrationState`` in the overall states gives the reliability diagram. The input hash
    is SHA-256 of the main states' ``to_dict()``.

    See Also
    --------
    evaluation_report : the same report from arrays in memory.
    PoissonBootstrapState : carries the intervals.
    mlmetrics_edu.distributed.evaluate_dask : produces the states.

    Examples
    --------
    >>> from mlmetrics_edu.monitoring import ConfusionMatrixState
    >>> hours = {h: {"cm": ConfusionMatrixState().update([0, 1, 1, 0], [0, 1, h % 2, 0])}
    ...          for h in range(3)}
    >>> report = report_from_states(windows=hours, name="day")
    >>> report.value("cm.recall"), report.value("cm.recall", window=1)
    (0.6666666666666666, 1.0)
    """
    if (states is None) == (windows is None):
        raise MetricInputError("pass either states (one summary) or windows ({label: states}), not both")
    confidence_ok = isinstance(confidence, numbers.Real) and not isinstance(confidence, bool) and 0 < confidence < 1
    if not confidence_ok:
        raise MetricInputError(f"confidence must be a number strictly between 0 and 1, got {confidence!r}")
    method = check_option(method, "method", STATE_METHODS)
    if not isinstance(name, str) or not name.strip():
        raise MetricInputError(f"name must be a non-empty string, got {name!r}")
    params = check_params(params)
    if windows is not None:
        if not isinstance(windows, Mapping) or not windows:
            raise MetricInputError(f"windows must be a non-empty dict {{label: states}}, got {type(windows).__name__}")
        parts = [(str(label), _unpack(s, f"windows[{label!r}]")) for label, s in windows.items()]
        if pos_label is None:
            pos_label = next((getattr(s, "pos_label", None) for s in windows.values()
                              if getattr(s, "pos_label", None) is not None), None)
    else:
        parts = [(None, _unpack(states, "states"))]
        pos_label = getattr(states, "pos_label", None) if pos_label is None else pos_label
    slice_name = parts[0][1][2]
    overall = _merge_all([p[1][0] for p in parts])
    group_keys = list(dict.fromkeys(k for p in parts for k in p[1][1]))
    groups = {k: _merge_all([p[1][1][k] for p in parts if k in p[1][1]]) for k in group_keys}

    rows, gaps = [], []
    rows += _rows_of(overall, None, "overall", "all", pos_label, confidence, method)
    for key, g in groups.items():
        group_rows = _rows_of(g, None, slice_name, key, pos_label, confidence, method)
        rows += group_rows
    if groups:
        gaps = _gaps([r for r in rows if r["slice"] == slice_name], slice_name)
    if windows is not None:
        for label, (w_states, w_groups, _) in parts:
            rows += _rows_of(w_states, label, "overall", "all", pos_label, confidence, method)
            for key, g in w_groups.items():
                rows += _rows_of(g, label, slice_name, key, pos_label, confidence, method)

    boot = [s for s in overall.values() if isinstance(s, PoissonBootstrapState)]
    from .._version import __version__

    metrics = list(dict.fromkeys(r["metric"] for r in rows))
    conventions = {}
    for state_name, state in overall.items():
        inner = _inner(state)
        options = {k: jsonable(getattr(inner, k)) for k in getattr(inner, "_config", ())}
        options.update(_compute_options(state, pos_label))
        for m in metrics:
            if m == state_name or m.startswith(state_name + "."):
                conventions[m] = {"function": f"{type(inner).__module__}.{type(inner).__qualname__}",
                                  "input": "merged states", "options": {k: jsonable(v) for k, v in options.items()}}
    n_total = float(next(iter(overall.values())).n_samples) if hasattr(next(iter(overall.values())), "n_samples") \
        else float("nan")
    metadata = {
        "package_version": __version__, "metrics": metrics, "conventions": conventions,
        "seed": boot[0].seed if boot else None, "n_resamples": boot[0].n_resamples if boot else None,
        "confidence": float(confidence), "method": f"Poisson {method}" if boot else method, "threshold": None,
        "input_hash": _states_hash([(p[0], p[1][0]) for p in parts]
                                   + [((p[0], k), g) for p in parts for k, g in p[1][1].items()]),
        "n_samples": int(n_total) if n_total.is_integer() else n_total,
        "slices": [slice_name] if groups else [], "params": params,
        "windows": [p[0] for p in parts] if windows is not None else []}
    curves = {}
    calibration = [s for s in overall.values() if type(_inner(s)).__name__ == "CalibrationState"]
    if calibration:
        curves = reliability_curve(_inner(calibration[0]))
    return EvaluationReport(name, rows, gaps, metadata, curves)
