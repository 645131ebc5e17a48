"""The report itself: rows of metric values with intervals, its metadata, and its files.

:class:`EvaluationReport` is what :func:`~mlmetrics_edu.report.evaluation_report` (from arrays)
and :func:`~mlmetrics_edu.report.report_from_states` (from merged states) return; it writes
JSON, CSV, Markdown and PNG, compares two runs and logs itself to MLflow. The small helpers
below it are shared by both builders (they are not part of the public API).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
from pathlib import Path

import numpy as np

from .._validation import MetricInputError, to_array

FORMAT_VERSION = 2  # bump when the layout of to_dict() changes (2: optional "window" per row)
COLUMNS = ("metric", "slice", "group", "n", "value", "low", "high")


# --------------------------------------------------------------------------- inputs


def check_params(params):
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise MetricInputError(f"params must be a dict of run parameters, got {type(params).__name__}")
    for k in params:
        if not isinstance(k, str) or not k:
            raise MetricInputError(f"params keys must be non-empty strings, got {k!r}")
    return {k: jsonable(v) for k, v in params.items()}


def jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return repr(value)


def input_hash(arrays):
    """SHA-256 of named arrays (name, dtype, shape and bytes of each), as hex.

    Two reports with the same hash were computed on the same data, in the same order.

    >>> input_hash({"y_true": np.array([0, 1])}) == input_hash({"y_true": np.array([0, 1])})
    True
    >>> input_hash({"y_true": np.array([0, 1])}) == input_hash({"y_true": np.array([1, 0])})
    False
    """
    if not isinstance(arrays, dict) or not arrays:
        raise MetricInputError(f"arrays must be a non-empty dict of name -> array, got {type(arrays).__name__}")
    h = hashlib.sha256()
    for name, arr in arrays.items():
        if not isinstance(name, str):
            raise MetricInputError(f"arrays must be keyed by name (str), got the key {name!r}")
        arr = np.ascontiguousarray(to_array(arr, f"arrays[{name!r}]"))
        if arr.dtype == object:  # (only an empty one is left by to_array): hash values, not pointers
            arr = arr.astype(str)
        h.update(f"{name}|{arr.dtype.str}|{arr.shape}|".encode())
        h.update(arr.tobytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- the report


def check_path(path, name="path"):
    """``path`` as a ``Path``, or one MetricInputError naming it: a non-path type, an empty
    name or a NUL character (which no file system accepts)."""
    if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise MetricInputError(f"{name} must be a file path (str or pathlib.Path), got {type(path).__name__}")
    text = os.fspath(path)
    if not text.strip():
        raise MetricInputError(f"{name} is empty; give a file or folder name")
    if "\0" in text:
        raise MetricInputError(f"{name} {text!r} contains a NUL character, which no file name may hold")
    return Path(text)


def write_text(path, text):
    """Write ``text`` to ``path``; a failure is one MetricInputError naming the path and the problem."""
    path = check_path(path)
    try:
        if path.is_dir():
            raise MetricInputError(f"cannot write {str(path)!r}: it is a folder; give a file name inside it")
        parent = path.parent
        if not parent.is_dir():
            problem = "is a file, not a folder" if parent.exists() else "does not exist (create it first)"
            raise MetricInputError(f"cannot write {str(path)!r}: the folder {str(parent)!r} {problem}")
        path.write_text(text, encoding="utf-8")
    except OSError as exc:  # too long a name, no permission, a full disk, a parent under a file
        raise MetricInputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None


def fmt(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.4f}"


def nan_to_none(x):
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

    @property
    def windows(self):
        """The time windows' labels, in order (empty for a report without a time axis)."""
        return list(self.metadata.get("windows", []))

    def _row(self, metric, slice_name, group, window=None):
        window = None if window is None else str(window)
        for r in self.rows:
            if (r["metric"] == metric and r["slice"] == slice_name and r["group"] == str(group)
                    and r.get("window") == window):
                return r
        raise MetricInputError(f"the report has no row for metric={metric!r}, slice={slice_name!r}, "
                               f"group={group!r}, window={window!r}; metrics are {self.metrics}")

    def value(self, metric, slice_name="overall", group="all", window=None):
        """The value of ``metric`` overall, or for ``group`` of the slicing feature ``slice_name``
        (in time window ``window``; ``None``: all windows)."""
        return self._row(metric, slice_name, group, window)["value"]

    def interval(self, metric, slice_name="overall", group="all", window=None):
        """The bootstrap interval ``(low, high)`` of that value."""
        r = self._row(metric, slice_name, group, window)
        return r["low"], r["high"]

    def to_dict(self):
        """Everything as JSON-ready data (nan becomes ``None``)."""
        clean = [{k: (nan_to_none(v) if k in ("value", "low", "high") else v) for k, v in r.items()}
                 for r in self.rows]
        gaps = [{k: (nan_to_none(v) if k in ("difference", "ratio") else v) for k, v in g.items()}
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
        key = lambda r: (r["metric"], r["slice"], r["group"], r.get("window"))  # noqa: E731
        theirs = {key(r): r["value"] for r in other.rows}
        rows = [{"metric": r["metric"], "slice": r["slice"], "group": r["group"],
                 **({"window": r["window"]} if r.get("window") is not None else {}),
                 "value_a": r["value"], "value_b": theirs[key(r)], "delta": theirs[key(r)] - r["value"]}
                for r in self.rows if key(r) in theirs]
        return same_inputs, same_settings, rows

    # ---- writing

    def to_json(self, path=None):
        """The report as JSON text; written to ``path`` when given (returns the text)."""
        text = json.dumps(self.to_dict(), indent=2, allow_nan=False)
        if path is not None:
            write_text(path, text + "\n")
        return text

    def to_csv(self, path=None):
        """The rows as CSV (columns metric, slice, group, n, value, low, high; nan as empty)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        timed = bool(self.windows)
        writer.writerow((("window",) if timed else ()) + COLUMNS)
        for r in self.rows:
            writer.writerow(([r.get("window", "")] if timed else []) + [r["metric"], r["slice"], r["group"], r["n"],
                             *("" if math.isnan(r[k]) else repr(r[k]) for k in ("value", "low", "high"))])
        text = buffer.getvalue()
        if path is not None:
            write_text(path, text)
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
                band = "" if math.isnan(r["low"]) else f"[{fmt(r['low'])}, {fmt(r['high'])}]"
                out.append(f"| {r[first]} | {r['n']} | {fmt(r['value'])} | {band} |")
            return out

        lines += [f"- time windows: {len(self.windows)} ({self.windows[0]} to {self.windows[-1]})"
                  ] if self.windows else []
        whole = [r for r in self.rows if r.get("window") is None]
        lines += ["", "## Overall", ""] + table([r for r in whole if r["slice"] == "overall"], "metric")
        for s in md["slices"]:
            for m in self.metrics:
                lines += ["", f"## {m} by {s}", ""]
                lines += table([r for r in whole if r["slice"] == s and r["metric"] == m], "group")
        for m in self.metrics if self.windows else []:
            lines += ["", f"## {m} over time", ""]
            lines += table([r for r in self.rows if r.get("window") is not None and r["slice"] == "overall"
                            and r["metric"] == m], "window")
        if self.gaps:
            lines += ["", "## Largest gaps between groups", "",
                      "| metric | slice | difference | ratio |", "|---|---|---:|---:|"]
            lines += [f"| {g['metric']} | {g['slice']} | {fmt(g['difference'])} | {fmt(g['ratio'])} |"
                      for g in self.gaps]
        lines += ["", "## Conventions", ""]
        for m, conv in md["conventions"].items():
            opts = ", ".join(f"{k}={v!r}" for k, v in conv["options"].items()) or "(none readable)"
            lines.append(f"- `{m}` ({conv['function']}, on {conv['input']}): {opts}")
        text = "\n".join(lines) + "\n"
        if path is not None:
            write_text(path, text)
        return text

    def figures(self):
        """The report's figures as ``{file stem: matplotlib Figure}`` (no pyplot).

        ``"metrics"``: one panel per metric, a bar per group of every slice and the overall
        value, with interval whiskers. With binary scores: ``"roc"`` and ``"reliability"``.
        """
        from ..plots import new_axes, plot_reliability_diagram, plot_roc_curve

        figs = {}
        metrics = self.metrics
        axes = new_axes(len(metrics), 1, figsize=(6.4, 2.2 + 1.6 * len(metrics)))
        axes = np.atleast_1d(axes)
        for ax, m in zip(axes, metrics):
            rows = [r for r in self.rows if r["metric"] == m and r.get("window") is None]
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
        if self.windows:
            figs["timeline"] = self._timeline(new_axes)
        if "roc" in self._curves:
            fpr, tpr, auc = self._curves["roc"]
            figs["roc"] = plot_roc_curve(fpr, tpr, auc=auc).figure
        if "reliability" in self._curves:
            prob_true, prob_pred, counts = self._curves["reliability"]
            figs["reliability"] = plot_reliability_diagram(prob_true, prob_pred, counts=counts).figure
        return figs

    def _timeline(self, new_axes):
        """One panel per metric: the value in each window, with its interval as a band."""
        axes = np.atleast_1d(new_axes(len(self.metrics), 1, figsize=(6.4, 1.4 + 1.6 * len(self.metrics))))
        for ax, m in zip(axes, self.metrics):
            rows = [r for r in self.rows if r["metric"] == m and r["slice"] == "overall"
                    and r.get("window") is not None]
            x = np.array([self.windows.index(r["window"]) for r in rows])
            get = lambda k: np.array([r[k] for r in rows], dtype=float)  # noqa: E731
            ax.fill_between(x, get("low"), get("high"), color="#9ecae1", alpha=0.6, gid=f"band_{m}")
            ax.plot(x, get("value"), marker="o", color="#08519c", gid=f"line_{m}")
            ax.set_xticks(x, [r["window"] for r in rows], rotation=30, ha="right", fontsize=8)
            ax.set_title(m, fontsize=10)
        axes[0].figure.suptitle(f"{self.name}: per window", fontsize=11)
        return axes[0].figure

    def save(self, folder):
        """Write ``report.json``, ``report.csv``, ``report.md`` and one PNG per figure into ``folder``.

        Returns ``{kind: path}`` of the files written. The folder is created if needed.
        """
        folder = check_path(folder, "folder")
        try:
            if folder.exists() and not folder.is_dir():
                raise MetricInputError(f"folder {str(folder)!r} is a file; give a folder to write the report into")
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a parent that is a file, too long a name, no permission
            raise MetricInputError(f"folder {str(folder)!r} cannot be created: {exc.strerror or exc}") from None
        paths = {"json": folder / "report.json", "csv": folder / "report.csv", "markdown": folder / "report.md"}
        self.to_json(paths["json"])
        self.to_csv(paths["csv"])
        self.to_markdown(paths["markdown"])
        for stem, fig in self.figures().items():
            paths[stem] = folder / f"{stem}.png"
            try:
                fig.savefig(paths[stem], format="png", dpi=100)
            except OSError as exc:
                raise MetricInputError(f"cannot write {str(paths[stem])!r}: {exc.strerror or exc}") from None
        return paths

    def log_to_mlflow(self, **kwargs):
        """Log the report to an MLflow run; see :func:`log_report_to_mlflow`."""
        from .tracking import log_report_to_mlflow  # imported here: MLflow only when asked for

        return log_report_to_mlflow(self, **kwargs)

    def __repr__(self):
        overall = ", ".join(f"{r['metric']}={fmt(r['value'])}" for r in self.rows if r["slice"] == "overall")
        return f"EvaluationReport({self.name!r}: {overall})"


# --------------------------------------------------------------------------- the one call
