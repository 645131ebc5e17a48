"""Calibration explorer: bins, temperature and recalibration against ECE, MCE, Brier and log loss.

Three layers:

* :func:`sort_forecasts` -- per (method, temperature): the evaluation half's confidences,
  sorted, with running sums of outcomes and confidences, and its Brier score and log loss.
  O(n) for binary forecasts (a temperature, Platt scaling and isotonic regression are all
  monotone, so the order found once in ``__init__`` still holds); O(n log n) for multiclass
  top-label confidence, whose order changes with the temperature. A temperature change is
  necessarily O(n k): every logit is divided by T.
* :func:`calibration_state` -- pure, per bins/strategy change: O(n_bins log n). Bin edges
  are read off the sorted confidences (the quantiles need no pass over the data), one
  binary search per edge finds the bin boundaries, and each bin's sums are differences of
  the running sums.
* :class:`CalibrationExplorer` -- the ipywidgets shell.

Honest evaluation: the data are split once (``holdout``, ``seed``). Platt scaling and
isotonic regression are fitted on the *calibration* part (at most ``max_fit`` rows of it) and
every number is computed on the other, *evaluation* part -- also for ``method="none"``, so
the methods are compared on the same samples. Bins with fewer than ``min_count`` samples are
marked on the figure and counted in the readout: their accuracy is mostly noise.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import plots
from .._core import check_n_bins, sorted_bin_bounds
from .._core import column_codes as _column_codes  # module names the latency test watches
from .._core import positive_mask as _positives
from .._validation import (MetricInputError, as_1d, as_float_array, check_consistent_length, check_option,
                           check_probabilities, rng_from_seed)
from ..calibration import (
    IsotonicCalibration,
    PlattScaling,
    TemperatureScaling,
    brier_score_loss,
    log_loss,
)
from ._shell import Explorer, GridLogSlider, fmt, table_html

__all__ = ["CalibrationExplorer", "CalibrationState", "SortedForecasts", "calibration_state",
           "sort_forecasts"]

_METHODS = ("none", "platt", "isotonic")
_STRATEGIES = ("uniform", "quantile")
_CACHE_SIZE = 8  # sorted forecasts kept (each holds three arrays of the evaluation size)
_MAX_FIT = 100_000  # rows that fit a recalibrator: enough for 1-2 parameters, fast at any n


@dataclass(frozen=True, eq=False, repr=False)
class SortedForecasts:
    """Confidences sorted ascending, with running sums: ``cum_outcome[i]`` is the number of
    hits among the ``i`` least confident forecasts (``cum_outcome[0] == 0``)."""

    confidence: np.ndarray
    cum_outcome: np.ndarray
    cum_confidence: np.ndarray
    brier: float
    log_loss: float

    def __len__(self):
        return self.confidence.size

    def __repr__(self):
        return f"SortedForecasts({len(self)} forecasts, Brier {self.brier:.4f}, log loss {self.log_loss:.4f})"


@dataclass(frozen=True, repr=False)
class CalibrationState:
    """Reliability curve (non-empty bins) and its summaries for one binning.

    ``prob_true``, ``prob_pred`` and ``counts`` are per non-empty bin, as
    ``calibration_curve`` returns them; ``edges`` are all ``n_bins + 1`` bin edges.
    """

    n_bins: int
    strategy: str
    edges: np.ndarray
    prob_true: np.ndarray
    prob_pred: np.ndarray
    counts: np.ndarray
    ece: float
    mce: float
    brier: float
    log_loss: float
    mean_confidence: float
    observed_rate: float

    def __repr__(self):
        return (f"CalibrationState(n_bins={self.n_bins}, strategy={self.strategy!r}, "
                f"ece={self.ece:.6g}, mce={self.mce:.6g}, brier={self.brier:.6g}, "
                f"log_loss={self.log_loss:.6g})")


def sort_forecasts(outcome, confidence, *, order=None):
    """Sort the forecasts and cumulate: what every binning reads. O(n), or O(n log n) without ``order``.

    Parameters
    ----------
    outcome : array-like of bool or 0/1, shape (n,)
        Whether the event happened (binary: the positive class; top-label: the prediction was right).
    confidence : array-like of float in [0, 1], shape (n,)
        The forecast probability of that event.
    order : ndarray of int, optional
        An ordering that sorts ``confidence`` (skips the sort).

    Returns
    -------
    SortedForecasts

    Examples
    --------
    >>> f = sort_forecasts([1, 0, 1], [0.9, 0.2, 0.6])
    >>> f.confidence, f.cum_outcome
    (array([0.2, 0.6, 0.9]), array([0., 0., 1., 2.]))
    """
    y = as_1d(outcome, "outcome")
    p = as_float_array(confidence, "confidence")
    check_consistent_length(("outcome", y), ("confidence", p))
    if y.dtype.kind not in "biuf" or (y.dtype.kind != "b" and not ((y == 0) | (y == 1)).all()):
        raise MetricInputError("outcome must hold 0/1 (or bool) values: did the event happen?")
    y = y.astype(np.int64)
    check_probabilities(p, "confidence")
    if order is not None:
        order = np.asarray(order)
        if order.shape != p.shape or order.dtype.kind not in "iu" or (p.size and not (
                0 <= order.min() and order.max() < p.size and (np.bincount(order, minlength=p.size) == 1).all())):
            raise MetricInputError(f"order must be a permutation of 0..{p.size - 1} (integers, one per forecast)")
        if p.size and (np.diff(p[order]) < 0).any():
            raise MetricInputError("order must sort confidence ascending (np.argsort(confidence))")
    if order is None:
        # Any sort will do: bins are read at tie-group ends (searchsorted), where every order of
        # equal forecasts gives the same cumulative sums -- and introsort is ~5x a stable sort.
        order = np.argsort(p)
    p_sorted, y_sorted = p[order], y[order]
    return SortedForecasts(
        confidence=p_sorted,
        cum_outcome=np.concatenate([[0.0], np.cumsum(y_sorted, dtype=np.float64)]),
        cum_confidence=np.concatenate([[0.0], np.cumsum(p_sorted)]),
        brier=brier_score_loss(y, p),
        log_loss=log_loss(y, p, labels=[0, 1]),
    )


def _quantile_edges(p_sorted, n_bins):
    """``np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)`` read off sorted ``p``: O(n_bins).

    The arithmetic is NumPy's default ("linear") method step by step, so the edges are
    bit-identical to the ones ``expected_calibration_error`` computes (a test checks it).
    """
    q = np.linspace(0, 1, n_bins + 1) * 100 / 100  # percentile() divides the percents by 100
    virtual = (p_sorted.size - 1) * q  # fractional position in the sorted data
    below = np.floor(virtual)
    gamma = virtual - below
    i = below.astype(np.intp)
    a, b = p_sorted[i], p_sorted[np.minimum(i + 1, p_sorted.size - 1)]
    # linear interpolation from the nearer end, as NumPy does
    return np.where(gamma >= 0.5, b - (b - a) * (1 - gamma), a + (b - a) * gamma)


def calibration_state(forecasts, *, n_bins, strategy="uniform"):
    """Reliability curve, ECE and MCE for one binning: O(n_bins log n) from sorted forecasts.

    Parameters
    ----------
    forecasts : SortedForecasts
        From :func:`sort_forecasts`.
    n_bins : int >= 1
    strategy : {"uniform", "quantile"}
        The bins of :func:`mlmetrics_edu.calibration_curve`: right-closed, 0 in the first.

    Returns
    -------
    CalibrationState

    Notes
    -----
    Bin ``k`` holds the forecasts in ``(e_k, e_{k+1}]``; with the forecasts sorted, its
    boundary is ``searchsorted(confidence, e_{k+1}, side="right")`` and its sums are
    differences of the running sums. ``ECE = sum_k |hits_k - sum p_k| / n`` and
    ``MCE = max_k |hits_k - sum p_k| / n_k`` -- the same numbers as
    :func:`mlmetrics_edu.expected_calibration_error` and ``maximum_calibration_error``.

    Examples
    --------
    >>> f = sort_forecasts([0, 0, 1, 1, 1], [0.2, 0.4, 0.3, 0.9, 0.6])
    >>> s = calibration_state(f, n_bins=2)
    >>> s.prob_true, s.prob_pred, s.ece, s.mce
    (array([0.3333, 1.    ]), array([0.3 , 0.75]), 0.12, 0.25)
    """
    if not isinstance(forecasts, SortedForecasts):
        raise MetricInputError(f"forecasts must be SortedForecasts (from sort_forecasts), got {type(forecasts).__name__}")
    check_n_bins(n_bins)
    check_option(strategy, "strategy", _STRATEGIES)
    p, n = forecasts.confidence, len(forecasts)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        edges = _quantile_edges(p, n_bins)
    bounds = sorted_bin_bounds(p, edges)  # one binary search per inner edge: the package's bins
    counts = np.diff(bounds).astype(np.float64)
    hits = np.diff(forecasts.cum_outcome[bounds])
    total_p = np.diff(forecasts.cum_confidence[bounds])
    gap = np.abs(hits - total_p)  # |sum over the bin of (outcome - confidence)|
    full = counts > 0
    return CalibrationState(
        n_bins=int(n_bins), strategy=strategy, edges=edges,
        prob_true=hits[full] / counts[full], prob_pred=total_p[full] / counts[full],
        counts=counts[full],
        ece=float(gap.sum() / n),
        mce=float((gap[full] / counts[full]).max()),
        brier=forecasts.brier, log_loss=forecasts.log_loss,
        mean_confidence=float(forecasts.cum_confidence[-1] / n),
        observed_rate=float(forecasts.cum_outcome[-1] / n),
    )


# --------------------------------------------------------------------------- the widget


def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + e^-x) without overflow


def _log_odds(p):
    p = np.clip(p, 1e-15, 1 - 1e-15)  # a saturated 0 or 1 would be infinite
    return np.log(p) - np.log1p(-p)


def _check_fraction_open(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise MetricInputError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


class CalibrationExplorer(Explorer):
    """Interactive reliability diagram: bins, temperature and recalibration.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Binary labels ({0, 1} or {-1, 1}) for 1-D forecasts; class labels (column indices
        0..k-1, or labels in sorted column order) for 2-D ones.
    y_prob : array-like of shape (n,) or (n, k), optional
        Probabilities: of the positive class (1-D) or of every class (2-D).
    logits : array-like of shape (n,) or (n, k), optional
        Instead of ``y_prob``: binary log-odds (1-D) or class logits (2-D). Enables the
        temperature control: probabilities are ``sigmoid(logits / T)`` / ``softmax(logits / T)``.
    n_bins : int in 2..50, default 10
    strategy : {"uniform", "quantile"}, default "uniform"
    holdout : float in (0, 1), default 0.5
        Share of the samples used to *fit* the recalibrators; the rest is evaluated.
    seed : int, default 0
        Seed of that split.
    max_fit : int >= 1 or None, default 100_000
        The recalibrators (and the fitted temperature) are fitted on at most this many rows,
        a random subset of the calibration part; None uses all of it. Platt scaling has two
        parameters and temperature scaling one: 100,000 rows pin them down far below their
        effect on ECE, and keep a method switch or the fit button under 150 ms at n = 1e6.
    min_count : int >= 1, default 20
        Bins with fewer samples are marked as noisy: hollow points labelled with their count,
        red bars in the histogram, and a readout row. A bin's accuracy from 3 samples can be
        off by 0.3 by chance alone.

    Attributes
    ----------
    n_bins : ipywidgets.IntSlider
    strategy, method : ipywidgets.ToggleButtons
        ``method`` is "none", "platt" or "isotonic".
    temperature : ipywidgets.FloatLogSlider
        Disabled without ``logits``. ``fit_button`` sets it to the temperature fitted on
        the calibration part (``fitted_temperature``).
    fit_index, eval_index : ndarray
        The split: rows that fit the recalibrators (at most ``max_fit``), rows that are evaluated.
    image, readout, state, widget
        As in every explorer.

    Notes
    -----
    Multiclass forecasts are judged top-label: the event is "the predicted class is right"
    and its forecast is the top probability (what top-label ECE bins). Brier score and log
    loss are then those of that binary event; binary forecasts are used as they are.
    Platt scaling is fitted on the log-odds of the forecast.

    Examples
    --------
    >>> explorer = CalibrationExplorer([0, 0, 1, 1, 0, 1, 1, 0], [0.1, 0.3, 0.8, 0.6, 0.4, 0.9, 0.7, 0.2])
    >>> explorer.eval_index  # evaluated here; the other half fits Platt / isotonic
    array([0, 1, 5, 7])
    >>> explorer.n_bins.value = 2
    >>> explorer.state.ece
    0.175
    """

    def __init__(self, y_true, y_prob=None, *, logits=None, n_bins=10, strategy="uniform",
                 holdout=0.5, seed=0, max_fit=_MAX_FIT, min_count=20):
        if (y_prob is None) == (logits is None):
            raise MetricInputError("pass exactly one of y_prob and logits")
        check_option(strategy, "strategy", _STRATEGIES)
        if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral) or not 2 <= n_bins <= 50:
            raise MetricInputError(f"n_bins must be an integer from 2 to 50, got {n_bins!r}")
        holdout = _check_fraction_open(holdout, "holdout")
        for name, value in (("max_fit", max_fit), ("min_count", min_count)):
            if (value is not None or name == "min_count") and (
                    isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1):
                raise MetricInputError(f"{name} must be an integer >= 1{' or None' if name == 'max_fit' else ''}, "
                                       f"got {value!r}")
        self.min_count = int(min_count)
        self._prepare(y_true, y_prob, logits)
        n = self._outcome.size
        n_fit = int(round(holdout * n))
        if not 1 <= n_fit <= n - 1:
            raise MetricInputError(f"holdout={holdout} leaves an empty part of the {n} samples")
        split = rng_from_seed(seed).permutation(n)
        self.n_calibration = n_fit  # the calibration part; fit_index is (a random subset of) it
        n_used = n_fit if max_fit is None else min(n_fit, int(max_fit))
        self.fit_index, self.eval_index = np.sort(split[:n_used]), np.sort(split[n_fit:])
        # binary forecasts: every transform here is monotone, so one sort serves them all
        self._eval_order = None if self._top_label else np.argsort(self._raw[self.eval_index])
        self._forecasts, self._recalibrators, self._orders, self.fitted_temperature = {}, {}, {}, None
        # Fitted once here (one-off, like the sort): the button then only moves the slider.
        self._fitted = None if self._logits is None else self._temperature_fit()

        wide = {"style": {"description_width": "7em"}, "layout": widgets.Layout(width="24em")}
        self.n_bins = widgets.IntSlider(value=int(n_bins), min=2, max=50, description="bins", **wide)
        self.strategy = widgets.ToggleButtons(options=list(_STRATEGIES), value=strategy,
                                              description="strategy", style={"description_width": "7em"})
        self.method = widgets.ToggleButtons(options=list(_METHODS), value="none",
                                            description="recalibrate", style={"description_width": "7em"})
        self.temperature = GridLogSlider(value=1.0, base=10, min=-1, max=1, step=0.01,
                                         readout_format=".3g", description="temperature",
                                         continuous_update=False,  # O(n k): on release
                                         disabled=self._logits is None, **wide)
        self.fit_button = widgets.Button(description="fit T on the calibration part",
                                         disabled=self._logits is None, layout=widgets.Layout(width="24em"))
        self.fit_button.on_click(self._fit_temperature)
        controls = [self.n_bins, self.strategy, self.method, self.temperature]
        self._build_figure()

        def layout(image, readout):
            return widgets.VBox([widgets.HBox([widgets.VBox(controls[:2] + [self.method]),
                                               widgets.VBox([self.temperature, self.fit_button])]),
                                 widgets.HBox([image, readout])])

        self._build_shell(controls, layout)

    _restored_attributes = ("fitted_temperature",)  # restoring() forgets a press of the fit button

    # ---- data: the event, its forecast at a temperature, the split

    def _prepare(self, y_true, y_prob, logits):
        raw = as_float_array(y_prob if logits is None else logits,
                             "y_prob" if logits is None else "logits", ndim=(1, 2))
        self._top_label = raw.ndim == 2
        if self._top_label:
            codes = _column_codes(y_true, raw.shape[1])
            check_consistent_length(("y_true", codes), ("logits" if y_prob is None else "y_prob", raw))
            self._outcome = raw.argmax(axis=1) == codes  # the prediction is right
            self._codes = codes
        else:
            self._outcome = _positives(y_true)
            check_consistent_length(("y_true", self._outcome), ("logits" if y_prob is None else "y_prob", raw))
        if logits is None:
            if raw.min() < 0 or raw.max() > 1:
                raise MetricInputError("y_prob must hold probabilities in [0, 1]; pass scores as logits=")
            self._logits, self._matrix = None, raw
            self._raw = raw.max(axis=1) if self._top_label else raw
        else:
            self._logits = raw
            # top-label: the gaps to the largest logit are all a temperature needs
            self._raw = raw - raw.max(axis=1, keepdims=True) if self._top_label else raw

    def _confidence(self, rows, temperature):
        """Forecast of the event and its log-odds (what Platt scaling reads) for ``rows``. O(n k)."""
        raw = self._rows_of_raw(rows)
        if self._logits is None:
            return raw, _log_odds(raw)
        if not self._top_label:
            return _sigmoid(raw / temperature), raw / temperature
        # softmax of the top class: raw = z - max(z) <= 0, so 1 / sum_j exp(raw_j / T); in place
        buffer = np.multiply(raw, 1.0 / temperature, out=self._buffer(raw.shape))
        confidence = 1 / np.exp(buffer, out=buffer).sum(axis=1)
        return confidence, _log_odds(confidence)

    def _rows_of_raw(self, rows):
        """``self._raw[rows]`` for the fit or the evaluation part, copied out once and kept."""
        cache = self.__dict__.setdefault("_raw_parts", {})
        if id(rows) not in cache:
            cache[id(rows)] = (rows, self._raw[rows])  # keep rows alive: its id stays unique
        return cache[id(rows)][1]

    def _buffer(self, shape):
        """A reusable (n, k) scratch array: a temperature move allocates nothing of size n k."""
        if getattr(self, "_scratch", None) is None or self._scratch.shape != shape:
            self._scratch = np.empty(shape)
        return self._scratch

    def _recalibrator(self, method, temperature):
        key = (method, temperature)
        if key not in self._recalibrators:
            _, score = self._confidence(self.fit_index, temperature)
            model = PlattScaling() if method == "platt" else IsotonicCalibration()
            self._recalibrators[key] = model.fit(score, self._outcome[self.fit_index].astype(np.int64))
        return self._recalibrators[key]

    def forecasts(self, method, temperature):
        """The evaluation part's SortedForecasts for a method and temperature (cached)."""
        key = (method, temperature)
        if key not in self._forecasts:
            if len(self._forecasts) >= _CACHE_SIZE:
                self._forecasts.pop(next(iter(self._forecasts)))
            confidence, score = self._confidence(self.eval_index, temperature)
            order = self._order(temperature, confidence)
            if method != "none":
                model = self._recalibrator(method, temperature)
                confidence = model.transform(score)
                if method == "platt" and model.a_ < 0 and order is not None:
                    order = order[::-1]  # a falling sigmoid reverses the order
            self._forecasts[key] = sort_forecasts(self._outcome[self.eval_index], confidence, order=order)
        return self._forecasts[key]

    def evaluation_probabilities(self):
        """The evaluation part's probabilities for the current controls, as the metrics take them.

        Returns ``(y, p)``: binary labels and positive-class probabilities, or -- top-label
        without recalibration -- the class labels and the (n, k) probability matrix.
        """
        rows, temperature = self.eval_index, self._temperature()
        if self._top_label and self.method.value == "none":
            if self._logits is None:
                return self._codes[rows], self._matrix[rows]
            z = self._logits[rows] / temperature
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return self._codes[rows], e / e.sum(axis=1, keepdims=True)
        confidence, score = self._confidence(rows, temperature)
        if self.method.value != "none":
            confidence = self._recalibrator(self.method.value, temperature).transform(score)
        return self._outcome[rows].astype(np.int64), confidence

    def _temperature(self):
        return 1.0 if self._logits is None else float(self.temperature.value)

    def _order(self, temperature, confidence):
        """An order sorting the evaluation confidences at ``temperature`` (cached per temperature).

        Platt (increasing) and isotonic (non-decreasing) maps keep it, so a method switch needs
        no sort. Binary forecasts have one order for every temperature.
        """
        if self._eval_order is not None:
            return self._eval_order
        if temperature not in self._orders:
            if len(self._orders) >= _CACHE_SIZE:
                self._orders.pop(next(iter(self._orders)))
            self._orders[temperature] = np.argsort(confidence)
        return self._orders[temperature]

    def _temperature_fit(self):
        rows = self.fit_index
        target = self._codes[rows] if self._top_label else self._outcome[rows].astype(np.int64)
        return TemperatureScaling().fit(self._logits[rows], target).temperature_

    def _fit_temperature(self, _button=None):
        self.fitted_temperature = self._fitted
        self.temperature.value = self.fitted_temperature  # the grid point nearest it, in [0.1, 10]

    # ---- state and figure

    def _compute_state(self):
        forecasts = self.forecasts(self.method.value, self._temperature())
        return calibration_state(forecasts, n_bins=self.n_bins.value, strategy=self.strategy.value)

    def _build_figure(self):
        from matplotlib.ticker import EngFormatter

        ax, hist_ax = plots.new_axes(2, 1, figsize=(5.8, 6.8), sharex=True,
                                     gridspec_kw={"height_ratios": [3, 1.25]})
        self.figure, self._axes = ax.figure, (ax, hist_ax)
        plots.plot_reliability_diagram([0.5], [0.5], counts=[1], ax=ax, hist_ax=hist_ax,
                                       label="model (per bin)")
        # The histogram's y-axis is redrawn at every update while the layout stays fixed: short
        # tick labels (1.5k, 20k) and a label pinned in place, so neither can leave the figure.
        hist_ax.set_ylabel("Samples\nper bin")
        hist_ax.yaxis.set_major_formatter(EngFormatter(sep=""))
        for axis in (ax, hist_ax):
            axis.yaxis.set_label_coords(-0.11, 0.5)
        if self._top_label:
            ax.set_ylabel("Observed accuracy (fraction correct)")
            hist_ax.set_xlabel("Confidence (probability of the predicted class)")
        noisy = f"bin with < {self.min_count} samples (noisy; n = its count)"
        ax.plot([], [], "o", ms=9, mfc="white", mec="crimson", mew=1.8, ls="none", zorder=5,
                label=noisy, gid="low_count")
        hist_ax.plot([], [], "^", ms=7, color="crimson", ls="none", clip_on=False, zorder=5,
                     gid="low_count_bins")
        self._count_labels = [ax.text(0, 0, "", fontsize=8, color="crimson", ha="center", va="bottom",
                                      bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.5})
                              for _ in range(self.n_bins.max)]
        ax.legend(loc="upper left", fontsize=9)  # again, now with the low-count entry
        ax.set_title(" \n ")  # two lines: the layout keeps room for _draw's title

    def _animated_artists(self):
        ax, hist_ax = self._axes
        bars = [p for p in hist_ax.patches if p.get_gid() == "confidence_histogram"]
        return [plots.get_artist(ax, "gaps"), plots.get_artist(ax, "reliability_curve"), ax.title,
                hist_ax.yaxis, *bars, plots.get_artist(ax, "low_count"),
                plots.get_artist(hist_ax, "low_count_bins"), *self._count_labels]

    def _draw(self, s):
        ax, hist_ax = self._axes
        plots.update_reliability_diagram(ax, s.prob_true, s.prob_pred, counts=s.counts, hist_ax=hist_ax)
        # bins too small to trust: hollow points labelled with their count, red bars and marks
        low = s.counts < self.min_count
        plots.get_artist(ax, "low_count").set_data(s.prob_pred[low], s.prob_true[low])
        plots.get_artist(hist_ax, "low_count_bins").set_data(s.prob_pred[low], np.zeros(int(low.sum())))
        bars = [p for p in hist_ax.patches if p.get_gid() == "confidence_histogram"]
        for bar, is_low in zip(bars, low):
            if is_low:
                bar.set_color("crimson")
        labels = zip(s.prob_pred[low], s.prob_true[low], s.counts[low])
        for text in self._count_labels:
            x, y, count = next(labels, (0.0, 0.0, None))
            text.set_text("" if count is None else f"n={count:g}")
            text.set_position((x, min(y + 0.025, 0.95)))
        ax.set_title(f"Reliability diagram: ECE {s.ece:.3f}, MCE {s.mce:.3f}\n"
                     f"{s.n_bins} {s.strategy} bins, {self._method_text()}", fontsize=10)

    def _method_text(self):
        text = {"none": "no recalibration", "platt": "Platt scaling",
                "isotonic": "isotonic regression"}[self.method.value]
        if self._logits is not None:
            text += f", T = {self._temperature():.3g}"
        return text

    def _low_count_text(self, s):
        low = s.counts < self.min_count
        if not low.any():
            return "none"
        return f"{int(low.sum())}, holding {s.counts[low].sum():,.0f} samples (hollow, labelled n=)"

    def _readout_html(self, s):
        n_eval, n_fit = self.eval_index.size, self.fit_index.size
        event = ("top-label: the forecast is the top class's probability, the event "
                 "'the prediction is right'" if self._top_label else "binary: the positive-class probability")
        rows = [
            ("ECE", fmt(s.ece)),
            ("MCE", fmt(s.mce)),
            ("Brier score", fmt(s.brier)),
            ("log loss", fmt(s.log_loss)),
            ("mean forecast", fmt(s.mean_confidence)),
            ("accuracy" if self._top_label else "observed positive rate", fmt(s.observed_rate)),
            ("bins (non-empty)", f"{s.n_bins} {s.strategy} ({s.counts.size})"),
            (f"bins with < {self.min_count} samples", self._low_count_text(s)),
            ("recalibration", self.method.value),
        ]
        if self._logits is not None:
            rows.append(("temperature", format(self._temperature(), self.temperature.readout_format)))
        if self.fitted_temperature is not None:
            rows.append(("fitted temperature", f"{self.fitted_temperature:.4g}"))
        fitted_on = (f"the other {n_fit:,} (calibration part)" if n_fit == self.n_calibration else
                     f"a random {n_fit:,} of the other {self.n_calibration:,} (calibration part)")
        note = (f"All numbers are measured on the {n_eval:,} held-out evaluation samples; Platt and "
                f"isotonic recalibration and the fitted temperature are fitted on {fitted_on}, never on "
                f"the samples they are scored on. Forecasts: {event}.")
        return table_html(rows, note=note)
