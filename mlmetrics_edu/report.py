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

import csv
import functools
import hashlib
import inspect
import io
import json
import math
import numbers
import re
import warnings
from pathlib import Path

import numpy as np

from . import calibration, classification, curves, regression
from ._validation import MetricInputError, _to_array, as_1d, check_consistent_length, check_option

__all__ = ["EvaluationReport", "evaluation_report", "log_report_to_mlflow"]

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
FORMAT_VERSION = 1  # bump when the layout of to_dict() changes
COLUMNS = ("metric", "slice", "group", "n", "value", "low", "high")


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
    return {k: _jsonable(v) for k, v in {**defaults, **_fixed_options(fn)}.items()}


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


# --------------------------------------------------------------------------- inputs


def _check_int(value, name, minimum, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        extra = "None or " if allow_none else ""
        raise MetricInputError(f"{name} must be {extra}an integer >= {minimum}, got {value!r}")
    return int(value)


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


def _check_params(params):
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise MetricInputError(f"params must be a dict of run parameters, got {type(params).__name__}")
    for k in params:
        if not isinstance(k, str) or not k:
            raise MetricInputError(f"params keys must be non-empty strings, got {k!r}")
    return {k: _jsonable(v) for k, v in params.items()}


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


def input_hash(arrays):
    """SHA-256 of named arrays (name, dtype, shape and bytes of each), as hex.

    Two reports with the same hash were computed on the same data, in the same order.

    >>> input_hash({"y_true": np.array([0, 1])}) == input_hash({"y_true": np.array([0, 1])})
    True
    >>> input_hash({"y_true": np.array([0, 1])}) == input_hash({"y_true": np.array([1, 0])})
    False
    """
    h = hashlib.sha256()
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        h.update(f"{name}|{arr.dtype.str}|{arr.shape}|".encode())
        h.update(arr.tobytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- the report


def _fmt(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.4f}"


def _nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


class EvaluationReport:
    """Metrics with intervals, overall and per slice, plus what is needed to reproduce them.

    Built by :func:`evaluation_report`. Read it as rows (:attr:`rows`, one per metric and
    group), look a value up (:meth:`value`, :meth:`interval`), write it (:meth:`to_json`,
    :meth:`to_csv`, :meth:`to_markdown`, :meth:`save`), compare two runs
    (:meth:`compare`) or log it (:meth:`log_to_mlflow`).

    Attributes
    ----------
    name : str
    rows : list of dict
        ``{"metric", "slice", "group", "n", "value", "low", "high"}``; the overall rows have
        ``slice="overall"`` and ``group="all"``. Undefined values are ``nan``.
    gaps : list of dict
        Per metric and slicing feature: ``{"metric", "slice", "difference", "ratio"}``
        (largest gap between groups, as :class:`~mlmetrics_edu.fairness.MetricByGroup`).
    metadata : dict
        Package version, conventions per metric, seed, n_resamples, confidence, method,
        threshold, input hash, n_samples, slices, params.
    """

    def __init__(self, name, rows, gaps, metadata, curves=None):
        self.name = name
        self.rows = rows
        self.gaps = gaps
        self.metadata = metadata
        self._curves = curves or {}

    # ---- reading

    @property
    def metrics(self):
        """The metric names, in the order they were asked for."""
        return list(self.metadata["metrics"])

    def _row(self, metric, slice_name, group):
        for r in self.rows:
            if r["metric"] == metric and r["slice"] == slice_name and r["group"] == str(group):
                return r
        raise MetricInputError(f"the report has no row for metric={metric!r}, slice={slice_name!r}, "
                               f"group={group!r}; metrics are {self.metrics}")

    def value(self, metric, slice_name="overall", group="all"):
        """The value of ``metric`` overall, or for ``group`` of the slicing feature ``slice_name``."""
        return self._row(metric, slice_name, group)["value"]

    def interval(self, metric, slice_name="overall", group="all"):
        """The bootstrap interval ``(low, high)`` of that value."""
        r = self._row(metric, slice_name, group)
        return r["low"], r["high"]

    def to_dict(self):
        """Everything as JSON-ready data (nan becomes ``None``)."""
        clean = [{k: (_nan_to_none(v) if k in ("value", "low", "high") else v) for k, v in r.items()}
                 for r in self.rows]
        gaps = [{k: (_nan_to_none(v) if k in ("difference", "ratio") else v) for k, v in g.items()}
                for g in self.gaps]
        return {"format_version": FORMAT_VERSION, "name": self.name, "metadata": self.metadata,
                "rows": clean, "gaps": gaps}

    def compare(self, other):
        """Rows of both reports side by side: ``value_a``, ``value_b``, ``delta = b - a``.

        Returns ``(same_inputs, same_settings, rows)``: whether the input hashes match,
        whether version, conventions, seed, resamples, confidence and method match, and one
        row per (metric, slice, group) present in both.
        """
        if not isinstance(other, EvaluationReport):
            raise MetricInputError(f"other must be an EvaluationReport, got {type(other).__name__}")
        keys = ("package_version", "conventions", "seed", "n_resamples", "confidence", "method",
                "threshold")
        same_inputs = self.metadata["input_hash"] == other.metadata["input_hash"]
        same_settings = all(self.metadata[k] == other.metadata[k] for k in keys)
        theirs = {(r["metric"], r["slice"], r["group"]): r["value"] for r in other.rows}
        rows = [{"metric": r["metric"], "slice": r["slice"], "group": r["group"],
                 "value_a": r["value"], "value_b": theirs[(r["metric"], r["slice"], r["group"])],
                 "delta": theirs[(r["metric"], r["slice"], r["group"])] - r["value"]}
                for r in self.rows if (r["metric"], r["slice"], r["group"]) in theirs]
        return same_inputs, same_settings, rows

    # ---- writing

    def to_json(self, path=None):
        """The report as JSON text; written to ``path`` when given (returns the text)."""
        text = json.dumps(self.to_dict(), indent=2, allow_nan=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_csv(self, path=None):
        """The rows as CSV (columns metric, slice, group, n, value, low, high; nan as empty)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rows:
            writer.writerow([r["metric"], r["slice"], r["group"], r["n"],
                             *("" if math.isnan(r[k]) else repr(r[k]) for k in ("value", "low", "high"))])
        text = buffer.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_markdown(self, path=None):
        """A readable Markdown page: settings, the overall table, one table per slice, gaps."""
        md = self.metadata
        pct = f"{md['confidence']:.0%}"
        lines = [f"# Evaluation report: {self.name}", "",
                 f"- package: mlmetrics-edu {md['package_version']}",
                 f"- samples: {md['n_samples']}; input hash (SHA-256): `{md['input_hash']}`",
                 f"- intervals: {pct} {md['method']} bootstrap, {md['n_resamples']} resamples, seed {md['seed']}",
                 f"- threshold: {md['threshold']}"]
        lines += [f"- param `{k}`: {v}" for k, v in md["params"].items()]

        def table(rows, first):
            out = [f"| {first} | n | value | {pct} interval |", "|---|---:|---:|---|"]
            for r in rows:
                band = "" if math.isnan(r["low"]) else f"[{_fmt(r['low'])}, {_fmt(r['high'])}]"
                out.append(f"| {r[first]} | {r['n']} | {_fmt(r['value'])} | {band} |")
            return out

        lines += ["", "## Overall", ""] + table([r for r in self.rows if r["slice"] == "overall"], "metric")
        for s in md["slices"]:
            for m in self.metrics:
                lines += ["", f"## {m} by {s}", ""]
                lines += table([r for r in self.rows if r["slice"] == s and r["metric"] == m], "group")
        if self.gaps:
            lines += ["", "## Largest gaps between groups", "",
                      "| metric | slice | difference | ratio |", "|---|---|---:|---:|"]
            lines += [f"| {g['metric']} | {g['slice']} | {_fmt(g['difference'])} | {_fmt(g['ratio'])} |"
                      for g in self.gaps]
        lines += ["", "## Conventions", ""]
        for m, conv in md["conventions"].items():
            opts = ", ".join(f"{k}={v!r}" for k, v in conv["options"].items()) or "(none readable)"
            lines.append(f"- `{m}` ({conv['function']}, on {conv['input']}): {opts}")
        text = "\n".join(lines) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def figures(self):
        """The report's figures as ``{file stem: matplotlib Figure}`` (no pyplot).

        ``"metrics"``: one panel per metric, a bar per group of every slice and the overall
        value, with interval whiskers. With binary scores: ``"roc"`` and ``"reliability"``.
        """
        from .plots import new_axes, plot_reliability_diagram, plot_roc_curve

        figs = {}
        metrics = self.metrics
        axes = new_axes(len(metrics), 1, figsize=(6.4, 2.2 + 1.6 * len(metrics)))
        axes = np.atleast_1d(axes)
        for ax, m in zip(axes, metrics):
            rows = [r for r in self.rows if r["metric"] == m]
            labels = ["overall" if r["slice"] == "overall" else f"{r['slice']}={r['group']}" for r in rows]
            values = np.array([r["value"] for r in rows])
            low = np.array([r["low"] for r in rows])
            high = np.array([r["high"] for r in rows])
            x = np.arange(len(rows))
            colors = ["#4d4d4d" if r["slice"] == "overall" else "#4292c6" for r in rows]
            ax.bar(x, np.nan_to_num(values), color=colors, gid=f"bars_{m}")
            ok = np.isfinite(low) & np.isfinite(high)  # drawn low to high: it need not hold the value
            ax.vlines(x[ok], low[ok], high[ok], colors="black", gid=f"intervals_{m}")
            ax.scatter(np.r_[x[ok], x[ok]], np.r_[low[ok], high[ok]], marker="_", s=120, color="black")
            ax.set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
            ax.set_title(f"{m} ({self.metadata['confidence']:.0%} intervals)", fontsize=10)
        axes[0].figure.suptitle(self.name, fontsize=11)
        figs["metrics"] = axes[0].figure
        if "roc" in self._curves:
            fpr, tpr, auc = self._curves["roc"]
            figs["roc"] = plot_roc_curve(fpr, tpr, auc=auc).figure
        if "reliability" in self._curves:
            prob_true, prob_pred, counts = self._curves["reliability"]
            figs["reliability"] = plot_reliability_diagram(prob_true, prob_pred, counts=counts).figure
        return figs

    def save(self, folder):
        """Write ``report.json``, ``report.csv``, ``report.md`` and one PNG per figure into ``folder``.

        Returns ``{kind: path}`` of the files written. The folder is created if needed.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"json": folder / "report.json", "csv": folder / "report.csv", "markdown": folder / "report.md"}
        self.to_json(paths["json"])
        self.to_csv(paths["csv"])
        self.to_markdown(paths["markdown"])
        for stem, fig in self.figures().items():
            paths[stem] = folder / f"{stem}.png"
            fig.savefig(paths[stem], format="png", dpi=100)
        return paths

    def log_to_mlflow(self, **kwargs):
        """Log the report to an MLflow run; see :func:`log_report_to_mlflow`."""
        return log_report_to_mlflow(self, **kwargs)

    def __repr__(self):
        overall = ", ".join(f"{r['metric']}={_fmt(r['value'])}" for r in self.rows if r["slice"] == "overall")
        return f"EvaluationReport({self.name!r}: {overall})"


# --------------------------------------------------------------------------- the one call


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
    y_pred = _to_array(y_pred, "y_pred")
    if y_pred.ndim not in (1, 2):
        raise MetricInputError(f"y_pred must be 1-D or 2-D, got an array of shape {y_pred.shape}")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    slice_arrays = _check_slices(slices, len(y_true))
    n_resamples = _check_int(n_resamples, "n_resamples", 1, allow_none=True)
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise MetricInputError(f"confidence must be a number strictly between 0 and 1, got {confidence!r}")
    method = check_option(method, "method", METHODS)
    seed = _check_int(seed, "seed", 0, allow_none=True)
    if not isinstance(name, str) or not name.strip():
        raise MetricInputError(f"name must be a non-empty string, got {name!r}")
    params = _check_params(params)
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

    from .fairness import metric_by_group
    from .significance import bootstrap_ci

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

    from . import __version__

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
    prob_true, prob_pred = calibration.calibration_curve(y_true, y_pred, n_bins=10)
    edges = np.linspace(0, 1, 11)
    counts = np.bincount(np.clip(np.searchsorted(edges[1:-1], y_pred, side="right"), 0, 9), minlength=10)
    return {"roc": (fpr, tpr, curves.roc_auc_score(y_true, y_pred)),
            "reliability": (prob_true, prob_pred, counts[counts > 0])}


# --------------------------------------------------------------------------- MLflow


_MLFLOW_KEY = re.compile(r"[^A-Za-z0-9_\-. /:]")


def mlflow_key(text):
    """A name MLflow accepts: letters, digits and ``_ - . / : space``; anything else becomes ``_``.

    >>> mlflow_key("f1_score[average=macro].weather.fog")
    'f1_score_average_macro_.weather.fog'
    """
    key = _MLFLOW_KEY.sub("_", str(text))
    key = re.sub(r"\.{2,}", ".", key).lstrip("/")  # MLflow rejects '..' and absolute paths
    return key or "_"


def _unique(key, taken):
    candidate, i = key, 2
    while candidate in taken:
        candidate, i = f"{key}_{i}", i + 1
    taken.add(candidate)
    return candidate


def report_metrics(report):
    """``{mlflow metric key: value}``: ``<metric>``, ``<metric>.ci_low``, ``<metric>.ci_high``
    overall, ``<metric>.<slice>.<group>`` (and its ``.ci_low``/``.ci_high``) per group, and
    ``<metric>.<slice>.gap`` (the largest difference between groups); ``nan`` left out."""
    out, taken = {}, set()
    for r in report.rows:
        base = r["metric"] if r["slice"] == "overall" else f"{r['metric']}.{r['slice']}.{r['group']}"
        for suffix, field in (("", "value"), (".ci_low", "low"), (".ci_high", "high")):
            if math.isfinite(r[field]):
                out[_unique(mlflow_key(base + suffix), taken)] = r[field]
    for g in report.gaps:
        if math.isfinite(g["difference"]):
            out[_unique(mlflow_key(f"{g['metric']}.{g['slice']}.gap"), taken)] = g["difference"]
    return out


def report_params(report):
    """``{mlflow param key: text}``: the user's params, then the report's settings as ``eval.*``."""
    md = report.metadata
    out = {mlflow_key(k): str(v) for k, v in md["params"].items()}
    settings = {"name": report.name, "package_version": md["package_version"], "seed": md["seed"],
                "n_resamples": md["n_resamples"], "confidence": md["confidence"], "method": md["method"],
                "threshold": md["threshold"], "input_hash": md["input_hash"], "n_samples": md["n_samples"],
                "metrics": ",".join(md["metrics"]), "slices": ",".join(md["slices"])}
    for k, v in settings.items():
        out[f"eval.{k}"] = str(v)
    for m, conv in md["conventions"].items():
        for opt, v in conv["options"].items():
            out[mlflow_key(f"eval.convention.{m}.{opt}")] = str(v)
    return out


def log_report_to_mlflow(report, *, tracking_uri=None, experiment="mlmetrics-edu", run_name=None,
                         artifact_location=None, artifact_path="evaluation"):
    """Log a report as one MLflow run: parameters, metrics, and the report files as artifacts.

    Parameters
    ----------
    report : EvaluationReport
    tracking_uri : str, optional
        Where runs are stored, e.g. ``"sqlite:///mlflow.db"`` or a server's URL; ``None``
        uses MLflow's default (``MLFLOW_TRACKING_URI``, else ``sqlite:///mlflow.db`` in the
        working directory).
    experiment : str, default="mlmetrics-edu"
        Experiment name; created when missing.
    run_name : str, optional
        Defaults to the report's name.
    artifact_location : str, optional
        Where a *new* experiment keeps its artifacts (a folder or URI); ``None`` is MLflow's
        default for the tracking store.
    artifact_path : str, default="evaluation"
        Folder of the run's artifacts that receives report.json, report.csv, report.md, *.png.

    Returns
    -------
    run_id : str

    Notes
    -----
    **Formula**: one run = params (:func:`report_params`: the caller's ``params``, then
    ``eval.*`` settings and ``eval.convention.<metric>.<option>``) + metrics
    (:func:`report_metrics`: ``<metric>``, ``<metric>.ci_low``/``.ci_high``,
    ``<metric>.<slice>.<group>``, ``<metric>.<slice>.gap``) + artifacts (the files of
    :meth:`EvaluationReport.save` under ``artifact_path``) + tags (package version, input
    hash).

    **Intuition**: "which model, data and settings gave this number?" -- the run keeps the
    answer next to the number, searchable across runs.

    **Interview note**: log the *conventions* and a hash of the evaluation data, not only
    the score: two runs are comparable only when both match. Log the interval too, or a
    0.002 "improvement" inside the noise will be celebrated.

    **Edge cases**: names are sanitized for MLflow (:func:`mlflow_key`; a collision gets a
    ``_2`` suffix); ``nan`` values are not logged. Only :class:`mlflow.tracking.MlflowClient`
    is used, so no global active run is started or left open; the run is marked FINISHED,
    or FAILED if logging raised. Without MLflow: ``ImportError`` saying what to install.

    See Also
    --------
    EvaluationReport.save : the same files, on disk only.
    evaluation_report : builds the report.

    Examples
    --------
    >>> log_report_to_mlflow("not a report")
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: report must be an EvaluationReport, got str
    """
    if not isinstance(report, EvaluationReport):
        raise MetricInputError(f"report must be an EvaluationReport, got {type(report).__name__}")
    for arg, value in (("experiment", experiment), ("artifact_path", artifact_path)):
        if not isinstance(value, str) or not value.strip():
            raise MetricInputError(f"{arg} must be a non-empty string, got {value!r}")
    for arg, value in (("tracking_uri", tracking_uri), ("run_name", run_name),
                       ("artifact_location", artifact_location)):
        if value is not None and not isinstance(value, (str, Path)):
            raise MetricInputError(f"{arg} must be a string or None, got {value!r}")
    try:
        from mlflow.entities import Metric, Param, RunTag
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise ImportError("log_report_to_mlflow needs MLflow: pip install \"mlmetrics-edu[tracking]\" "
                          f"(or pip install mlflow); import failed with: {exc}") from exc
    import tempfile
    import time

    client = MlflowClient(tracking_uri=None if tracking_uri is None else str(tracking_uri))
    found = client.get_experiment_by_name(experiment)
    if found is not None:
        experiment_id = found.experiment_id
    else:
        location = None if artifact_location is None else Path(artifact_location).resolve().as_uri() \
            if "://" not in str(artifact_location) else str(artifact_location)
        experiment_id = client.create_experiment(experiment, artifact_location=location)
    run = client.create_run(experiment_id, run_name=run_name or report.name,
                            tags={"mlmetrics_edu.version": report.metadata["package_version"],
                                  "mlmetrics_edu.input_hash": report.metadata["input_hash"]})
    run_id = run.info.run_id
    try:
        now = int(time.time() * 1000)
        params = [Param(k, v) for k, v in report_params(report).items()]
        metrics = [Metric(k, float(v), now, 0) for k, v in report_metrics(report).items()]
        for start in range(0, max(len(params), len(metrics)), 100):  # MLflow caps a batch's params at 100
            client.log_batch(run_id, metrics=metrics[start:start + 100], params=params[start:start + 100],
                             tags=[RunTag("mlmetrics_edu.report", report.name)] if start == 0 else [])
        with tempfile.TemporaryDirectory() as folder:
            report.save(folder)
            client.log_artifacts(run_id, folder, artifact_path=artifact_path)
    except BaseException:
        client.set_terminated(run_id, status="FAILED")
        raise
    client.set_terminated(run_id, status="FINISHED")
    return run_id
