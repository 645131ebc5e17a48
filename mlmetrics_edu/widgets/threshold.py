"""Threshold explorer: drag the threshold and watch the confusion matrix, ROC/PR points and cost.

Three layers:

* :func:`threshold_curve` -- once, O(n log n): sort the scores and cumulate TP and FP at
  every distinct score (``_core.binary_clf_curve``, the engine of every ROC/PR curve).
* :func:`threshold_state` -- pure. A threshold move is **one binary search**
  (``np.searchsorted``, O(log n)) into that table. The cost-optimal threshold needs the cost
  of every candidate, O(#thresholds); it is cached per (cost_fp, cost_fn, prevalence), so a
  threshold move never redoes it.
* :class:`ThresholdExplorer` -- the ipywidgets shell.

Prevalence. Precision depends on the class balance; the ROC rates do not. The prevalence
control reweights the precomputed counts -- each positive counts ``pi n / P`` times, each
negative ``(1 - pi) n / N`` times, for the same ``n`` samples -- instead of resampling, so
the PR point moves while the ROC point (tpr, fpr are ratios within one class) stays put.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np

from .. import plots
from .._validation import MetricInputError, check_plottable, divide
from .._core import average_precision_from_counts, roc_auc_from_counts
from .._core import binary_clf_curve as _binary_clf_curve  # one name, watched by the latency test
from ._shell import Explorer, GridSlider, fmt, fmt_count, table_html

__all__ = ["ThresholdCurve", "ThresholdExplorer", "ThresholdState", "grid_threshold", "threshold_curve",
           "threshold_state"]

_PLOT_POINTS = 1000  # curve points drawn: enough for the eye, cheap to render at any n
_CACHE_SIZE = 64


@dataclass(frozen=True, eq=False, repr=False)
class ThresholdCurve:
    """Cumulative counts at every distinct score, from :func:`threshold_curve`.

    Row ``i`` is the threshold ``threshold[i]`` (high to low): ``tp[i]`` positives and
    ``fp[i]`` negatives have ``score >= threshold[i]``. ``ascending`` is the reversed view the
    binary search needs; ``plot_rows`` are the (at most 1000) rows drawn on the figures.
    """

    threshold: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    roc_auc: float
    plot_rows: np.ndarray
    _cache: dict = field(default_factory=dict)

    @property
    def ascending(self):
        return self.threshold[::-1]  # a view: no copy

    @property
    def positives(self):
        return float(self.tp[-1])

    @property
    def negatives(self):
        return float(self.fp[-1])

    def __len__(self):
        return self.threshold.size

    def __repr__(self):
        return (f"ThresholdCurve({len(self)} thresholds, {self.positives:g} positives, "
                f"{self.negatives:g} negatives, ROC AUC {self.roc_auc:.4f})")


@dataclass(frozen=True)
class ThresholdState:
    """Everything the threshold explorer shows, for ``score >= threshold``.

    Counts are for the data's ``n`` samples reweighted to ``prevalence`` (the data's own
    prevalence: plain counts). ``cost`` is the expected cost per sample;
    ``optimal_threshold`` (``inf`` = predict nothing) minimises it.
    """

    threshold: float
    prevalence: float
    tp: float
    fp: float
    fn: float
    tn: float
    accuracy: float
    precision: float
    recall: float
    f1: float
    specificity: float
    fpr: float
    cost: float
    optimal_threshold: float
    optimal_cost: float

    @property
    def roc_point(self):
        """(fpr, tpr): the dot on the ROC curve."""
        return (self.fpr, self.recall)

    @property
    def pr_point(self):
        """(recall, precision): the dot on the PR curve."""
        return (self.recall, self.precision)


def threshold_curve(y_true, y_score, *, pos_label=None):
    """Sort once and cumulate: the table every threshold query reads. O(n log n).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels; labels other than {0, 1} or {-1, 1} need ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores, higher = more positive.
    pos_label : int, float, bool or str, optional

    Returns
    -------
    ThresholdCurve

    Examples
    --------
    >>> curve = threshold_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> curve.threshold, curve.tp, curve.fp
    (array([0.8 , 0.4 , 0.35, 0.1 ]), array([1., 1., 2., 2.]), array([0., 1., 1., 2.]))
    """
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label, func="ThresholdExplorer")
    check_plottable(thresholds, "y_score")
    if tps[-1] == 0 or fps[-1] == 0:
        raise MetricInputError("y_true must contain both classes to explore thresholds "
                               f"(got {tps[-1]:g} positives and {fps[-1]:g} negatives)")
    rows = np.unique(np.linspace(0, thresholds.size - 1, _PLOT_POINTS).round().astype(np.intp))
    return ThresholdCurve(thresholds, tps, fps, roc_auc_from_counts(fps, tps), rows)


def _check_inputs(cost_fp, cost_fn, prevalence):
    for name, value in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < math.inf:
            raise MetricInputError(f"{name} must be a finite number >= 0, got {value!r}")
    if prevalence is not None and (isinstance(prevalence, bool) or not isinstance(prevalence, numbers.Real)
                                   or not 0 < prevalence < 1):
        raise MetricInputError(f"prevalence must be a number in (0, 1) or None, got {prevalence!r}")


def _check_threshold(curve, threshold):
    """``curve`` a :class:`ThresholdCurve` and ``threshold`` a number (±inf allowed: predict
    everything / nothing), else raise naming the argument."""
    if not isinstance(curve, ThresholdCurve):
        raise MetricInputError(f"curve must be a ThresholdCurve (from threshold_curve), got {type(curve).__name__}")
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, numbers.Real) or math.isnan(threshold):
        raise MetricInputError(f"threshold must be a number, got {threshold!r}")
    return float(threshold)


def _class_weights(curve, prevalence):
    """How many times each positive and each negative counts so that positives make up
    ``prevalence`` of the same n samples; (1, 1) for the data as it is."""
    if prevalence is None:
        return 1.0, 1.0
    n = curve.positives + curve.negatives
    return prevalence * n / curve.positives, (1 - prevalence) * n / curve.negatives


def _remember(cache, key, compute):
    if key not in cache:
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))  # forget the oldest entry
        cache[key] = compute()
    return cache[key]


def _cost_optimum(curve, cost_fp, cost_fn, prevalence):
    """(threshold, cost, cost at the plotted rows): O(#thresholds), cached per key."""

    def compute():
        w_pos, w_neg = _class_weights(curve, prevalence)
        # Candidate 0 is threshold inf: nothing predicted positive, every positive missed.
        fp = np.concatenate([[0.0], curve.fp]) * w_neg
        fn = (curve.positives - np.concatenate([[0.0], curve.tp])) * w_pos
        cost = (cost_fp * fp + cost_fn * fn) / (curve.positives * w_pos + curve.negatives * w_neg)
        best = int(np.argmin(cost))  # the first minimum: the highest threshold among ties
        threshold = math.inf if best == 0 else float(curve.threshold[best - 1])
        return threshold, float(cost[best]), cost[curve.plot_rows + 1]

    return _remember(curve._cache, ("cost", cost_fp, cost_fn, prevalence), compute)


def _pr_at_prevalence(curve, prevalence):
    """(average precision, precision at the plotted rows) after reweighting; cached."""

    def compute():
        w_pos, w_neg = _class_weights(curve, prevalence)
        ap = average_precision_from_counts(curve.fp * w_neg, curve.tp * w_pos)
        tp, fp = curve.tp[curve.plot_rows] * w_pos, curve.fp[curve.plot_rows] * w_neg
        return ap, tp / (tp + fp)

    return _remember(curve._cache, ("pr", prevalence), compute)


def _relabel_legend(legend, artists):
    """Copy each plotted artist's label into its legend entry: no new Legend, no "best" search."""
    for text, artist in zip(legend.get_texts(), artists):
        text.set_text(artist.get_label())


def _readout_format(step):
    """The slider's readout format (a d3-format spec, also a Python one): the grid's decimals."""
    return f".{_decimals(step)}f"


def _ratio(numerator, denominator):
    return float(divide(numerator, denominator, zero_division=0))  # the package's 0/0 funnel: shown as 0


def threshold_state(curve, threshold, *, cost_fp, cost_fn, prevalence=None):
    """Confusion counts, rates and expected cost at one threshold: O(log n) per threshold move.

    Parameters
    ----------
    curve : ThresholdCurve
        From :func:`threshold_curve`.
    threshold : float
        Predict positive when ``score >= threshold``.
    cost_fp, cost_fn : float >= 0
        Cost of one false positive / one false negative.
    prevalence : float in (0, 1), optional
        Reweight the classes to this share of positives (same n); None keeps the data's.

    Returns
    -------
    ThresholdState

    Notes
    -----
    ``k = #{distinct scores >= threshold}`` by binary search; the counts are row ``k - 1``.
    Precision (and F1) with nothing predicted positive is 0/0, shown as 0 (scikit-learn's
    ``zero_division=0``). The optimum is :func:`mlmetrics_edu.cost_optimal_threshold`'s, cached.

    Examples
    --------
    >>> curve = threshold_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> s = threshold_state(curve, 0.3, cost_fp=1, cost_fn=5)
    >>> s.tp, s.fp, s.fn, s.tn, s.precision, s.cost, s.optimal_threshold
    (2.0, 1.0, 0.0, 1.0, 0.6667, 0.25, 0.35)
    >>> threshold_state(curve, 0.3, cost_fp=1, cost_fn=5, prevalence=0.2).pr_point
    (1.0, 0.3333)
    """
    _check_inputs(cost_fp, cost_fn, prevalence)
    threshold = _check_threshold(curve, threshold)
    # The one binary search: how many distinct scores are >= threshold.
    k = len(curve) - int(np.searchsorted(curve.ascending, threshold, side="left"))
    w_pos, w_neg = _class_weights(curve, prevalence)
    tp = float(curve.tp[k - 1]) * w_pos if k else 0.0
    fp = float(curve.fp[k - 1]) * w_neg if k else 0.0
    fn, tn = curve.positives * w_pos - tp, curve.negatives * w_neg - fp
    n = tp + fp + fn + tn
    optimal_threshold, optimal_cost, _ = _cost_optimum(curve, cost_fp, cost_fn, prevalence)
    return ThresholdState(
        threshold=float(threshold), prevalence=(tp + fn) / n,
        tp=tp, fp=fp, fn=fn, tn=tn,
        accuracy=(tp + tn) / n,
        precision=_ratio(tp, tp + fp),
        recall=tp / (tp + fn),
        f1=_ratio(2 * tp, 2 * tp + fp + fn),
        specificity=tn / (tn + fp),
        fpr=fp / (fp + tn),
        cost=(cost_fp * fp + cost_fn * fn) / n,
        optimal_threshold=optimal_threshold, optimal_cost=optimal_cost,
    )


# --------------------------------------------------------------------------- the widget


def _nice_step(span):
    """The slider's step: 1, 2 or 5 times a power of ten, about ``span / 1000`` (500 to 1000 steps)."""
    raw = span / 1000 if span > 0 else 0.001
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))


def _decimals(step):
    """Digits after the point that write every multiple of ``step`` exactly (0 for steps >= 1)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _multiple(k, step):
    """``k * step`` as the short decimal it is (0.1 + 0.2 style float noise rounded away)."""
    return round(k * step, _decimals(step))


def grid_threshold(curve, threshold, step):
    """The value on a slider grid that makes the same decisions as ``threshold``: O(log n).

    Decisions change only at the scores, so every ``t`` in ``(largest score < threshold,
    smallest score >= threshold]`` flags the same samples. This returns the largest multiple
    of ``step`` in that interval -- a number the slider can hold and show exactly -- and the
    step it used: ``step`` itself, or a power of ten below it when no multiple of ``step``
    falls between two close scores.

    Parameters
    ----------
    curve : ThresholdCurve
    threshold : float
        ``inf`` (predict nothing) gives the first multiple above every score.
    step : float
        The slider's step, 1, 2 or 5 times a power of ten.

    Returns
    -------
    (float, float)
        The value and the step whose grid holds it.

    Examples
    --------
    >>> curve = threshold_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> grid_threshold(curve, 0.35, 0.001)  # (0.1, 0.35]: 0.35 itself is on the grid
    (0.35, 0.001)
    >>> grid_threshold(curve, 0.37, 0.05)  # (0.35, 0.4]
    (0.4, 0.05)
    >>> grid_threshold(threshold_curve([0, 1], [0.30001, 0.30004]), 0.30004, 0.001)
    (0.30004, 1e-05)
    """
    threshold = _check_threshold(curve, threshold)
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Real) or not 0 < step < math.inf:
        raise MetricInputError(f"step must be a finite number > 0, got {step!r}")
    ascending = curve.ascending
    i = int(np.searchsorted(ascending, threshold, side="left"))
    lower = float(ascending[i - 1]) if i else -math.inf  # the largest score below: excluded
    upper = float(ascending[i]) if i < ascending.size else math.inf  # the smallest score at or above
    if math.isinf(upper) and math.isinf(lower):
        return float(threshold), step
    exponent = math.floor(math.log10(step) + 1e-9)
    finer = [10.0 ** (exponent - j) for j in range(18)]  # 10^e, 10^(e-1), ...: each divides step
    for candidate_step in [step] + [f for f in finer if f < step]:
        if math.isinf(upper):  # above every score: the first multiple past the highest
            value = _multiple(math.floor(lower / candidate_step + 1e-9) + 1, candidate_step)
            value = value if value > lower else _multiple(math.floor(lower / candidate_step) + 2, candidate_step)
        else:
            k = math.floor(upper / candidate_step + 1e-9)
            value = _multiple(k, candidate_step)
            if value > upper:
                value = _multiple(k - 1, candidate_step)
        if lower < value <= upper:
            return value, candidate_step
    return float(threshold), step  # scores one rounding error apart: keep the exact value


class ThresholdExplorer(Explorer):
    """Interactive threshold explorer: confusion matrix, rates, ROC/PR points and cost.

    Parameters
    ----------
    y_true, y_score : array-like of shape (n_samples,)
        Binary labels and scores (higher = more positive).
    cost_fp, cost_fn : float >= 0, default 1.0
        Cost of one false positive and one false negative.
    threshold : float, default 0.5
        Initial threshold (clipped to the score range).
    pos_label : optional
        The positive class when labels are not {0, 1} or {-1, 1}.

    Attributes
    ----------
    threshold, prevalence : ipywidgets.FloatSlider
        The threshold's grid is decimal: multiples of a step of 1, 2 or 5 times a power of ten
        (about 1/1000 of the score range), from at or below the lowest score to just above the
        highest (there nothing is predicted positive); its readout shows the grid's decimals.
    cost_fp, cost_fn : ipywidgets.BoundedFloatText
    optimum_button : ipywidgets.Button
        Moves the threshold slider to the cost-optimal decisions: to the largest grid value
        that flags the same samples as the optimal score (:func:`grid_threshold`; a finer
        step when two scores are closer than the step), so the slider, the readout's
        "threshold" and its "cost-optimal threshold" show the same number.
    image : ipywidgets.Image
        The figure as PNG; ``readout`` (ipywidgets.HTML) holds the numbers.
    state : ThresholdState
        The last computed state; ``curve`` the precomputed :class:`ThresholdCurve`.
    widget : ipywidgets.VBox
        The layout; a bare ``explorer`` at the end of a cell displays it.

    Examples
    --------
    >>> explorer = ThresholdExplorer([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> explorer.threshold.value = 0.3
    >>> explorer.state.tp, explorer.state.fp
    (2.0, 1.0)
    """

    def __init__(self, y_true, y_score, *, cost_fp=1.0, cost_fn=1.0, threshold=0.5, pos_label=None):
        _check_inputs(cost_fp, cost_fn, None)
        self.curve = curve = threshold_curve(y_true, y_score, pos_label=pos_label)
        threshold = _check_threshold(curve, threshold)
        self.data_prevalence = curve.positives / (curve.positives + curve.negatives)
        lo, hi = float(curve.threshold[-1]), float(curve.threshold[0])
        # A decimal grid (multiples of a 1-2-5 step) from at or below the lowest score to just
        # above the highest (there: predict nothing), shown with the digits the grid needs.
        step = _nice_step(hi - lo)
        low, high = _multiple(math.floor(lo / step + 1e-9), step), grid_threshold(curve, math.inf, step)[0]
        low = low if low <= lo else _multiple(math.floor(lo / step) - 1, step)
        wide = {"style": {"description_width": "7em"}, "layout": widgets.Layout(width="26em")}
        self.threshold = GridSlider(
            value=min(max(float(threshold), low), high), min=low, max=high, step=step,
            readout_format=_readout_format(step), description="threshold", **wide)
        self.prevalence = GridSlider(
            value=self.data_prevalence, min=0.001, max=0.999, step=0.001, readout_format=".3f",
            description="prevalence", continuous_update=False, **wide)  # redraws the curves: on release
        self._data_prevalence_point = self.prevalence.value  # on the grid: 0.012 stands for 0.0123
        self.cost_fp = widgets.BoundedFloatText(value=float(cost_fp), min=0.0, max=1e12, step=0.5,
                                                description="cost of a FP", **wide)
        self.cost_fn = widgets.BoundedFloatText(value=float(cost_fn), min=0.0, max=1e12, step=0.5,
                                                description="cost of a FN", **wide)
        self.optimum_button = widgets.Button(description="go to the cost-optimal threshold",
                                             layout=widgets.Layout(width="26em"))
        self.optimum_button.on_click(self._go_to_optimum)
        controls = [self.threshold, self.prevalence, self.cost_fp, self.cost_fn]
        self._build_figure()

        def layout(image, readout):
            return widgets.VBox([widgets.HBox([widgets.VBox(controls + [self.optimum_button]), readout]),
                                 image])

        self._build_shell(controls, layout)

    # ---- state

    def _control_prevalence(self):
        """None (the data as it is) at the slider's grid point nearest the data's prevalence."""
        value = self.prevalence.value
        return None if value == self._data_prevalence_point else value

    def _compute_state(self):
        return threshold_state(self.curve, self.threshold.value, cost_fp=self.cost_fp.value,
                               cost_fn=self.cost_fn.value, prevalence=self._control_prevalence())

    def _go_to_optimum(self, _button=None):
        """Move the slider to the optimum's decisions, on a grid value the slider shows as it is."""
        value, step = grid_threshold(self.curve, self.state.optimal_threshold, self.threshold.step)
        if step != self.threshold.step:  # two scores closer than the step: a finer grid holds it
            # The finer step reaches the browser first, in its own message: a slider that got the
            # value before the step would round it onto the old grid and send that back.
            with self.threshold.hold_sync():
                self.threshold.step, self.threshold.readout_format = step, _readout_format(step)
        self.threshold.value = value

    def _format_threshold(self, value):
        """A threshold as the slider shows it; a value set from code off the grid also exactly."""
        text = format(value, self.threshold.readout_format)
        return text if float(text) == value else f"{text} (exactly {value:.10g})"

    # ---- figure: built once, artists moved in _draw

    def _build_figure(self):
        curve, rows = self.curve, self.curve.plot_rows
        (ax_cm, ax_cost), (ax_roc, ax_pr) = plots.new_axes(2, 2, figsize=(9.6, 8.4))
        self.figure, self._axes = ax_cm.figure, (ax_cm, ax_cost, ax_roc, ax_pr)
        plots.plot_confusion_matrix([[0, 0], [0, 0]], labels=["negative", "positive"], normalize="true",
                                    ax=ax_cm)
        fpr = np.concatenate([[0.0], curve.fp[rows] / curve.negatives])
        tpr = np.concatenate([[0.0], curve.tp[rows] / curve.positives])
        plots.plot_roc_curve(fpr, tpr, auc=curve.roc_auc, point=(0, 0), ax=ax_roc)
        ap, precision = _pr_at_prevalence(curve, None)
        recall = curve.tp[rows] / curve.positives
        # in precision_recall_curve's order (recall falling), ending at (recall 0, precision 1)
        plots.plot_pr_curve(np.append(precision[::-1], 1.0), np.append(recall[::-1], 0.0), ap=ap,
                            prevalence=self.data_prevalence, point=(0, 0), ax=ax_pr)
        for ax in (ax_roc, ax_pr, ax_cost):
            ax.plot([], [], "*", ms=16, color="gold", mec="black", zorder=6, label="cost-optimal",
                    gid="cost_optimum")
        ax_cost.plot(curve.threshold[rows], np.zeros(rows.size), lw=2, gid="cost_curve",
                     label="expected cost")
        ax_cost.axvline(0, color="crimson", lw=1, ls=":", gid="threshold_line")
        ax_cost.plot([], [], "o", ms=9, color="crimson", mec="white", zorder=5,
                     label="current threshold", gid="operating_point")
        lo, hi = float(curve.threshold[-1]), float(curve.threshold[0])
        pad = 0.02 * (hi - lo) if hi > lo else 0.5
        ax_cost.set(xlim=(lo - pad, hi + pad), xlabel="Threshold (predict positive if score >= t)",
                    ylabel="Expected cost per sample")
        ax_cost.grid(alpha=0.3)
        # The cost minimum and the PR curve move with the controls, anywhere in their panels:
        # their legends sit under the panels, where no control can slide a curve beneath them.
        below = dict(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
        ax_cost.legend(**below)
        ax_roc.legend(loc="lower right", fontsize=9)
        ax_pr.legend(**below)  # built once; _draw rewrites its labels
        self._pr_legend_artists = ax_pr.get_legend_handles_labels()[0]

    def _animated_artists(self):
        # Everything a control can change is blitted, so no control ever costs a full render:
        # costs rescale the cost axis (its y-axis, title and curve move), the prevalence moves
        # the PR curve, its baseline and the AP in its legend.
        ax_cm, ax_cost, ax_roc, ax_pr = self._axes
        moving = [ax_cost.yaxis, ax_cost.title, plots.get_artist(ax_cost, "cost_curve"),
                  plots.get_artist(ax_pr, "pr_curve"), plots.get_artist(ax_pr, "baseline"),
                  ax_pr.get_legend()]
        moving += [plots.get_artist(ax_cm, "confusion_matrix"), ax_cm.title]
        moving += [plots.get_artist(ax_cm, f"cell_{i}_{j}") for i in range(2) for j in range(2)]
        moving += [plots.get_artist(ax, gid) for ax in (ax_roc, ax_pr, ax_cost)
                   for gid in ("operating_point", "cost_optimum")]
        return moving + [plots.get_artist(ax_cost, "threshold_line")]

    def _draw(self, s):
        ax_cm, ax_cost, ax_roc, ax_pr = self._axes
        curve, prevalence = self.curve, self._control_prevalence()
        # rows normalised: the diagonal shows specificity and recall, brackets the counts
        cm = np.array([[s.tn, s.fp], [s.fn, s.tp]])
        if prevalence is not None:
            cm = cm.round()  # reweighted counts are fractional: show whole samples
        plots.update_confusion_matrix(ax_cm, cm, normalize="true")
        reweighted = "" if prevalence is None else f", prevalence {s.prevalence:.3f}"
        ax_cm.set_title(f"Confusion matrix at threshold {format(s.threshold, self.threshold.readout_format)}"
                        f"{reweighted}\n"
                        "(rows normalised; counts in brackets)")
        opt_x = s.optimal_threshold if math.isfinite(s.optimal_threshold) else ax_cost.get_xlim()[1]
        optimum = threshold_state(curve, s.optimal_threshold, cost_fp=self.cost_fp.value,
                                  cost_fn=self.cost_fn.value, prevalence=prevalence)
        # ROC: the point moves with the threshold only
        plots.update_operating_point(ax_roc, *s.roc_point)
        plots.get_artist(ax_roc, "cost_optimum").set_data([optimum.fpr], [optimum.recall])
        # PR: the curve, the baseline and AP move with the prevalence
        ap, precision = _pr_at_prevalence(curve, prevalence)
        plots.get_artist(ax_pr, "pr_curve").set_ydata(np.append(precision[::-1], 1.0))
        plots.get_artist(ax_pr, "pr_curve").set_label(f"model (AP = {ap:.3f})")
        baseline = plots.get_artist(ax_pr, "baseline")
        baseline.set_ydata([s.prevalence, s.prevalence])
        baseline.set_label(f"random (AP = prevalence = {s.prevalence:.3g})")
        plots.update_operating_point(ax_pr, *s.pr_point)
        plots.get_artist(ax_pr, "cost_optimum").set_data([optimum.recall], [optimum.precision])
        _relabel_legend(ax_pr.get_legend(), self._pr_legend_artists)
        # cost against threshold
        _, _, cost = _cost_optimum(curve, self.cost_fp.value, self.cost_fn.value, prevalence)
        plots.get_artist(ax_cost, "cost_curve").set_ydata(cost)
        plots.get_artist(ax_cost, "threshold_line").set_xdata([s.threshold, s.threshold])
        plots.get_artist(ax_cost, "operating_point").set_data([s.threshold], [s.cost])
        plots.get_artist(ax_cost, "cost_optimum").set_data([opt_x], [s.optimal_cost])
        top = max(float(cost.max()), s.cost, 1e-12)
        ax_cost.set_ylim(0, 1.08 * top)
        ax_cost.set_title(f"Expected cost per sample\n(a FP costs {self.cost_fp.value:g}, "
                          f"a FN costs {self.cost_fn.value:g})")

    def _readout_html(self, s):
        if math.isinf(s.optimal_threshold):
            best = "inf (predict nothing)"
        else:  # the value the optimum button moves the slider to: same decisions, shown as it is
            value, step = grid_threshold(self.curve, s.optimal_threshold, self.threshold.step)
            best = format(value, _readout_format(step))
        rows = [
            ("threshold", self._format_threshold(s.threshold)),
            ("prevalence", fmt(s.prevalence)),
            ("TP / FP", f"{fmt_count(s.tp)} / {fmt_count(s.fp)}"),
            ("FN / TN", f"{fmt_count(s.fn)} / {fmt_count(s.tn)}"),
            ("accuracy", fmt(s.accuracy)),
            ("precision", fmt(s.precision) + (" (0/0)" if s.tp + s.fp == 0 else "")),
            ("recall (TPR)", fmt(s.recall)),
            ("F1", fmt(s.f1)),
            ("specificity (TNR)", fmt(s.specificity)),
            ("FPR", fmt(s.fpr)),
            ("ROC point (FPR, TPR)", f"({fmt(s.fpr)}, {fmt(s.recall)})"),
            ("PR point (recall, precision)", f"({fmt(s.recall)}, {fmt(s.precision)})"),
            ("expected cost / sample", fmt(s.cost)),
            ("cost-optimal threshold", best),
            ("its cost / sample", fmt(s.optimal_cost)),
        ]
        note = ("Predict positive when score &ge; threshold. The cost-optimal threshold is shown on "
                "the slider's grid: it flags the same samples as the optimal score itself.")
        if self._control_prevalence() is not None:
            note += (f" Counts are reweighted from the data's prevalence {self.data_prevalence:.3f} "
                     f"to {s.prevalence:.3f} (same n): the ROC point stays, precision moves.")
        return table_html(rows, note=note)
