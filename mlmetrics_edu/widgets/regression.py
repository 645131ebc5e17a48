"""Error explorer: make one sample an outlier and watch MAE, RMSE, Huber loss and R² react.

The outlier is added to one sample's *actual value* -- a listing worth five times what the
model expects, a price typed in the wrong unit -- while the model's prediction stays.

One sign convention throughout the explorer (labels, readout, docstrings): the **residual**
``r_i = actual_i - predicted_i = y_true_i - y_pred_i``, as on the residual plot. A positive
outlier raises the actual value, so that sample's residual becomes ``r_i + outlier``.
(The package's metric docstrings write ``e = y_pred - y_true``; MAE, MSE, RMSE, Huber and R²
depend on ``|e|`` or ``e²`` only, so the sign convention never changes a metric.)

Three layers:

* :func:`error_sums` -- once, O(n): the sums every metric is made of (``sum |r|``,
  ``sum r²``, ``sum huber(r)``, ``SS_tot``) and the chosen sample's own terms.
* :func:`error_state` -- pure and O(1): swap that one sample's contribution. ``SS_tot``
  moves too, because the outlier moves the mean of ``y_true``:
  ``SS_tot' = SS_tot + 2 o (y_i - ȳ) + o² (1 - 1/n)``.
* :class:`ErrorExplorer` -- the ipywidgets shell.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import EngFormatter

from .. import plots
from .._validation import MetricInputError, as_float_array, check_consistent_length, check_plottable
from ._shell import Explorer, GridSlider, fmt, table_html

__all__ = ["ErrorExplorer", "ErrorState", "ErrorSums", "error_state", "error_sums"]

_SHOWN = 2000  # residuals drawn: a fixed random sample keeps the scatter cheap at any n


def _huber(e, delta):
    abs_e = np.abs(e)
    return np.where(abs_e <= delta, 0.5 * e**2, delta * (abs_e - 0.5 * delta))


@dataclass(frozen=True)
class ErrorSums:
    """The sums the metrics are made of, and the terms of the sample that gets the outlier."""

    n: int
    index: int
    residual: float  # actual - predicted (y_true - y_pred) of sample ``index``, before the outlier
    deviation: float  # y_true[index] - mean(y_true)
    sum_abs: float
    sum_sq: float
    sum_huber: float
    ss_tot: float
    delta: float


@dataclass(frozen=True)
class ErrorState:
    """The metrics after adding ``outlier`` to ``y_true[index]``; ``residual`` is that sample's
    new ``actual - predicted``."""

    outlier: float
    residual: float
    mae: float
    mse: float
    rmse: float
    huber: float
    r2: float


def error_sums(y_true, y_pred, *, delta=1.0, index=None):
    """Precompute the sums of :func:`error_state`: O(n), once.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,), n >= 2
    delta : float > 0, default 1.0
        Huber loss threshold.
    index : int, optional
        The sample that gets the outlier; default the one with the smallest absolute residual
        (a good prediction that goes bad).

    Returns
    -------
    ErrorSums

    Examples
    --------
    >>> sums = error_sums([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    >>> sums.index, sums.sum_abs, sums.sum_sq, sums.ss_tot
    (1, 1.5, 1.25, 4.6667)
    """
    y_true, y_pred = as_float_array(y_true, "y_true"), as_float_array(y_pred, "y_pred")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    check_plottable(y_true, "y_true")
    check_plottable(y_pred, "y_pred")
    if y_true.size < 2:
        raise MetricInputError("y_true needs at least two samples (R² is undefined for one)")
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not 0 < delta < math.inf:
        raise MetricInputError(f"delta must be a positive finite number, got {delta!r}")
    residuals = y_true - y_pred  # actual - predicted
    if index is None:
        index = int(np.argmin(np.abs(residuals)))
    elif isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < y_true.size:
        raise MetricInputError(f"index must be a sample index from 0 to {y_true.size - 1}, got {index!r}")
    mean = float(np.average(y_true))
    return ErrorSums(
        n=int(y_true.size), index=int(index), residual=float(residuals[index]),
        deviation=float(y_true[index] - mean),
        sum_abs=float(np.abs(residuals).sum()), sum_sq=float((residuals**2).sum()),
        sum_huber=float(_huber(residuals, delta).sum()), ss_tot=float(((y_true - mean) ** 2).sum()),
        delta=float(delta),
    )


def _metrics(sums, outlier):
    """(residual, MAE, MSE, RMSE, Huber, R²) for a scalar or an array of outlier sizes."""
    r_old, n = sums.residual, sums.n
    r = r_old + outlier  # the prediction stays, the actual value moves up by `outlier`
    # swap one sample's term in every sum: O(1)
    mae = (sums.sum_abs - abs(r_old) + np.abs(r)) / n
    ss_res = sums.sum_sq - r_old**2 + r**2
    huber = (sums.sum_huber - _huber(r_old, sums.delta) + _huber(r, sums.delta)) / n
    ss_tot = sums.ss_tot + 2 * outlier * sums.deviation + outlier**2 * (1 - 1 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1 - np.divide(ss_res, ss_tot)  # numpy: x/0 is inf or nan, not an exception
    # a constant y_true: R² is 1 for perfect predictions, else 0 (r2_score's force_finite)
    r2 = np.where(ss_res == 0, 1.0, np.where(ss_tot == 0, 0.0, r2))
    mse = ss_res / n
    return r, mae, mse, np.sqrt(mse), huber, r2


_MAX_OUTLIER = 1e100  # check_plottable's bound: squared, it still fits a float


def error_state(sums, outlier):
    """MAE, MSE, RMSE, Huber loss and R² with ``outlier`` added to one true value: O(1).

    Parameters
    ----------
    sums : ErrorSums
        From :func:`error_sums`.
    outlier : float
        Added to ``y_true[sums.index]``.

    Returns
    -------
    ErrorState
        Equal to ``mean_absolute_error``, ``mean_squared_error``, ``root_mean_squared_error``,
        ``huber_loss`` and ``r2_score`` recomputed on the changed data.

    Notes
    -----
    With residuals ``r = y_true - y_pred`` (actual - predicted):
    ``MAE' = (sum|r| - |r_i| + |r_i + o|) / n``, likewise for ``r²`` and Huber; RMSE grows
    like ``|o| / sqrt(n)`` while MAE grows like ``|o| / n`` -- one outlier can dominate RMSE
    and R² but barely moves MAE, and Huber (linear past ``delta``) follows MAE.

    Examples
    --------
    >>> sums = error_sums([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    >>> s = error_state(sums, 3.0)
    >>> s.residual, s.mae, s.rmse, s.r2  # sample 1: actual 2 + 3, predicted 2
    (3.0, 1.5, 1.8484, -0.1827)
    """
    if not isinstance(sums, ErrorSums):
        raise MetricInputError(f"sums must be ErrorSums (from error_sums), got {type(sums).__name__}")
    if isinstance(outlier, bool) or not isinstance(outlier, numbers.Real) or not abs(outlier) <= _MAX_OUTLIER:
        raise MetricInputError(f"outlier must be a finite number with |outlier| <= {_MAX_OUTLIER:g} "
                               f"(its square is summed), got {outlier!r}")
    values = _metrics(sums, float(outlier))
    return ErrorState(float(outlier), *(float(v) for v in values))


def _nice(x, multiples=(1, 1.5, 2, 3, 4, 5, 6, 8, 10)):
    """Round up to a readable number: one of ``multiples`` times a power of ten."""
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in multiples if m * power >= x * (1 - 1e-9))


def _decimals(scale, significant=4):
    """Decimals that give a value of about ``scale`` its ``significant`` digits (0 for large ones)."""
    return max(0, significant - 1 - math.floor(math.log10(scale))) if scale > 0 else significant


def _amount(value, decimals, signed=False):
    """A value in the data's units: thousands separators, fixed decimals (``1,689,792,408``)."""
    return f"{value:{'+' if signed else ''},.{decimals}f}"


class ErrorExplorer(Explorer):
    """Interactive outlier: how MAE, RMSE, Huber loss and R² react to one bad sample.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,), n >= 2
    delta : float > 0, default 1.0
        Huber loss threshold, in the target's units.
    unit : str, default ""
        The target's unit for labels and readout ("$", "kg"); MSE and Huber loss are in its square.

    Attributes
    ----------
    outlier : ipywidgets.FloatSlider
        Added to the actual value of sample ``outlier_index`` (the one the model predicts
        best); from 0 to about ``3 sqrt(n)`` times the RMSE, where RMSE about triples. Its step
        is 1, 2 or 5 times a power of ten (about 1/1000 of the range), so round numbers typed
        into it stay exact.
    outlier_index : int
    sums : ErrorSums
    image, readout, state, widget
        As in every explorer.

    Examples
    --------
    >>> explorer = ErrorExplorer([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    >>> explorer.outlier.value = 3.0
    >>> explorer.state.mae, explorer.state.r2
    (1.5, -0.1827)
    """

    def __init__(self, y_true, y_pred, *, delta=1.0, unit=""):
        if not isinstance(unit, str):
            raise MetricInputError(f"unit must be a string such as '$' or 'kg', got {unit!r}")
        self.sums = sums = error_sums(y_true, y_pred, delta=delta)
        self.unit = unit
        self.outlier_index = sums.index
        self._y_true = as_float_array(y_true, "y_true")
        self._y_pred = as_float_array(y_pred, "y_pred")
        self.baseline = error_state(sums, 0.0)
        scale = self.baseline.rmse or float(np.std(self._y_true)) or 1.0
        top = _nice(3 * math.sqrt(sums.n) * scale)  # there RMSE about triples
        step = _nice(top / 1000, (1, 2, 5, 10))
        self._digits = _decimals(scale)  # the readout's decimals for values in the data's units
        self.outlier = GridSlider(value=0.0, min=0.0, max=top, step=step,
                                  readout_format=f",.{_decimals(step, 1)}f",
                                  description="outlier" + (f" ({unit})" if unit else ""),
                                  style={"description_width": "6em"},
                                  layout=widgets.Layout(width="32em"))
        self._build_figure(top)

        def layout(image, readout):
            return widgets.VBox([widgets.HBox([self.outlier, readout]), image])

        self._build_shell([self.outlier], layout)

    def _compute_state(self):
        return error_state(self.sums, self.outlier.value)

    # ---- figure: residuals, then the metrics against the outlier size

    def _build_figure(self, top):
        axes = plots.new_axes(1, 3, figsize=(10.4, 3.8), gridspec_kw={"width_ratios": [1.2, 1, 1]})
        ax_res, ax_err, ax_r2 = axes
        self.figure, self._axes = ax_res.figure, axes
        rng = np.random.default_rng(0)
        others = np.delete(np.arange(self.sums.n), self.outlier_index)
        shown = rng.choice(others, size=min(_SHOWN, others.size), replace=False)
        plots.plot_residuals(self._y_true[shown], self._y_pred[shown], ax=ax_res)
        ax_res.set_ylabel(f"Residual (actual − predicted){self._unit_label()}")
        residual = self._y_true[shown] - self._y_pred[shown]
        lo, hi = float(residual.min()), float(residual.max())
        pad = 0.15 * (hi - lo) if hi > lo else 1.0
        ax_res.set_ylim(lo - pad, hi + pad)  # fixed: an outlier beyond it is pinned to the edge
        ax_res.plot([], [], "D", ms=9, color="crimson", mec="white", label="the outlier sample",
                    zorder=6, gid="outlier_point")
        ax_res.text(0, 0, "", color="crimson", fontsize=9, ha="left", va="top", gid="outlier_label",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        title = "Residuals; red: the outlier sample"
        if shown.size < others.size:
            title += f"\n({shown.size:,} of the {self.sums.n:,} samples shown)"
        ax_res.set_title(title, fontsize=10)

        grid = np.linspace(0.0, top, 201)
        _, mae, _, rmse, huber, r2 = _metrics(self.sums, grid)
        # Huber / delta is in the target's units (about |r| - delta/2 for large residuals), like MAE
        for values, name, color in ((mae, "MAE", "tab:blue"), (rmse, "RMSE", "tab:orange"),
                                    (huber / self.sums.delta, f"Huber / δ (δ = {self.sums.delta:,g})",
                                     "tab:green")):
            ax_err.plot(grid, values, lw=2, color=color, label=name)
            ax_err.plot([], [], "o", ms=8, color=color, mec="white", zorder=5, gid=f"current_{name[:3]}")
        outlier_label = f"Outlier (added to one actual value){self._unit_label()}"
        ax_err.set(xlabel=outlier_label, ylabel=f"Metric value{self._unit_label() or ' (target units)'}",
                   title="Error metrics vs outlier size")
        ax_err.legend(loc="upper left", fontsize=9)
        ax_r2.plot(grid, r2, lw=2, color="tab:purple", label="R²")
        ax_r2.plot([], [], "o", ms=8, color="tab:purple", mec="white", zorder=5, gid="current_r2")
        ax_r2.axhline(0, color="gray", ls="--", lw=1, label="R² = 0: no better than the mean")
        ax_r2.set(xlabel=outlier_label, ylabel="R²", title="R² vs outlier size")
        ax_r2.legend(loc="best", fontsize=8)
        for ax in (ax_err, ax_r2):
            ax.axvline(0, color="crimson", ls=":", lw=1, gid="outlier_line")
            ax.set_xlim(0, top)
            ax.grid(alpha=0.3)
            if top >= 1e4:
                ax.xaxis.set_major_formatter(EngFormatter(sep=""))
        if float(rmse.max()) >= 1e4:
            ax_err.yaxis.set_major_formatter(EngFormatter(sep=""))

    def _animated_artists(self):
        ax_res, ax_err, ax_r2 = self._axes
        moving = [plots.get_artist(ax_res, gid) for gid in ("outlier_point", "outlier_label")]
        moving += [plots.get_artist(ax_err, f"current_{name}") for name in ("MAE", "RMS", "Hub")]
        moving += [plots.get_artist(ax_r2, "current_r2")]
        return moving + [plots.get_artist(ax, "outlier_line") for ax in (ax_err, ax_r2)]

    def _draw(self, s):
        ax_res, ax_err, ax_r2 = self._axes
        x, residual = self._y_pred[self.outlier_index], s.residual  # actual - predicted
        lo, hi = ax_res.get_ylim()
        inside = lo <= residual <= hi
        margin = 0.04 * (hi - lo)  # an off-scale marker is pinned this far inside, so none of it is clipped
        shown = residual if inside else (hi - margin if residual > hi else lo + margin)
        point = plots.get_artist(ax_res, "outlier_point")
        point.set_data([x], [shown])
        point.set_marker("D" if inside else ("^" if residual > hi else "v"))
        label = plots.get_artist(ax_res, "outlier_label")
        label.set_text("" if inside else f"residual {self._amount(residual, signed=True)}\n(off the scale)")
        left, right = ax_res.get_xlim()
        on_right = x > (left + right) / 2  # keep the text inside the axes, beside the marker
        label.set_horizontalalignment("right" if on_right else "left")
        label.set_verticalalignment("top" if residual > hi else "bottom")
        label.set_position((x + (-0.04 if on_right else 0.04) * (right - left),
                            hi - 0.5 * margin if residual > hi else lo + 0.5 * margin))
        for name, value in (("MAE", s.mae), ("RMS", s.rmse), ("Hub", s.huber / self.sums.delta)):
            plots.get_artist(ax_err, f"current_{name}").set_data([s.outlier], [value])
        plots.get_artist(ax_r2, "current_r2").set_data([s.outlier], [s.r2])
        for ax in (ax_err, ax_r2):
            plots.get_artist(ax, "outlier_line").set_xdata([s.outlier, s.outlier])

    def _unit_label(self, power=""):
        return f" ({self.unit}{power})" if self.unit else ""

    def _amount(self, value, squared=False, signed=False):
        """In the data's units: thousands separators, about four significant digits of the RMSE."""
        digits = _decimals(max(self.baseline.rmse, 1e-300) ** 2, 4) if squared else self._digits
        return _amount(value, digits, signed)

    def _readout_html(self, s):
        b, i, units, squared = self.baseline, self.outlier_index, self._unit_label(), self._unit_label("²")
        rows = [
            (f"MAE{units}", self._amount(b.mae), self._amount(s.mae)),
            (f"RMSE{units}", self._amount(b.rmse), self._amount(s.rmse)),
            (f"Huber loss, δ = {self.sums.delta:,g}{squared}",
             self._amount(b.huber, squared=True), self._amount(s.huber, squared=True)),
            ("R²", fmt(b.r2), fmt(s.r2)),
            (f"MSE{squared}", self._amount(b.mse, squared=True), self._amount(s.mse, squared=True)),
            (f"residual of sample {i}{units}", self._amount(b.residual, signed=True),
             self._amount(s.residual, signed=True)),
        ]
        note = (f"Residual = actual − predicted. Sample {i}'s actual value moved up by "
                f"{self._amount(s.outlier)}{units}; its prediction stayed, so its residual grew by as much. "
                f"RMSE grows like |outlier| / sqrt(n), MAE like |outlier| / n (n = {self.sums.n:,}).")
        return table_html(rows, header=["", "no outlier", "with outlier"], note=note)
