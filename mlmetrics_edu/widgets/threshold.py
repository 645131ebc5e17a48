"""Threshold explorer: drag the threshold and watch the confusion matrix, ROC/PR points and cost.

Three layers:

* :func:`threshold_curve` -- once, O(n log n): sort the scores and cumulate TP and FP at
  every distinct score (``curves._binary_clf_curve``, the engine of every ROC/PR curve).
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
from .._validation import MetricInputError
from ..curves import _average_precision_from_counts, _binary_clf_curve, _roc_auc_from_counts
from ._shell import Explorer, fmt, fmt_count, table_html

__all__ = ["ThresholdCurve", "ThresholdExplorer", "ThresholdState", "threshold_curve", "threshold_state"]

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
    if tps[-1] == 0 or fps[-1] == 0:
        raise MetricInputError("y_true must contain both classes to explore thresholds "
                               f"(got {tps[-1]:g} positives and {fps[-1]:g} negatives)")
    rows = np.unique(np.linspace(0, thresholds.size - 1, _PLOT_POINTS).round().astype(np.intp))
    return ThresholdCurve(thresholds, tps, fps, _roc_auc_from_counts(fps, tps), rows)


def _check_inputs(cost_fp, cost_fn, prevalence):
    for name, value in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < math.inf:
            raise MetricInputError(f"{name} must be a finite number >= 0, got {value!r}")
    if prevalence is not None and (isinstance(prevalence, bool) or not isinstance(prevalence, numbers.Real)
                                   or not 0 < prevalence < 1):
        raise MetricInputError(f"prevalence must be a number in (0, 1) or None, got {prevalence!r}")


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
        ap = _average_precision_from_counts(curve.fp * w_neg, curve.tp * w_pos)
        tp, fp = curve.tp[curve.plot_rows] * w_pos, curve.fp[curve.plot_rows] * w_neg
        return ap, tp / (tp + fp)

    return _remember(curve._cache, ("pr", prevalence), compute)


def _ratio(numerator, denominator):
    return float(numerator / denominator) if denominator else 0.0  # 0/0 shown as 0


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
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or math.isnan(threshold):
        raise MetricInputError(f"threshold must be a number, got {threshold!r}")
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


def _slider_step(lo, hi):
    return (hi - lo) / 1000 if hi > lo else 0.001


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
    cost_fp, cost_fn : ipywidgets.BoundedFloatText
    optimum_button : ipywidgets.Button
        Moves the threshold slider to the cost-optimal threshold.
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
        self.data_prevalence = curve.positives / (curve.positives + curve.negatives)
        lo, hi = float(curve.threshold[-1]), float(curve.threshold[0])
        wide = {"style": {"description_width": "7em"}, "layout": widgets.Layout(width="26em")}
        self.threshold = widgets.FloatSlider(
            value=min(max(float(threshold), lo), hi), min=lo, max=hi if hi > lo else lo + 1,
            step=_slider_step(lo, hi), readout_format=".4g", description="threshold", **wide)
        self.prevalence = widgets.FloatSlider(
            value=self.data_prevalence, min=0.001, max=0.999, step=0.001, readout_format=".3f",
            description="prevalence", continuous_update=False, **wide)  # redraws the curves: on release
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
        value = self.prevalence.value
        return None if value == self.data_prevalence else value

    def _compute_state(self):
        return threshold_state(self.curve, self.threshold.value, cost_fp=self.cost_fp.value,
                               cost_fn=self.cost_fn.value, prevalence=self._control_prevalence())

    def _go_to_optimum(self, _button=None):
        best = self.state.optimal_threshold
        self.threshold.value = self.threshold.max if math.isinf(best) else best

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
        ax_cost.legend(loc="best", fontsize=9)
        ax_roc.legend(loc="lower right", fontsize=9)

    def _background_key(self, s):
        # Costs and prevalence move the PR curve, the cost curve and its axis: full render.
        return (self.cost_fp.value, self.cost_fn.value, self._control_prevalence())

    def _animated_artists(self):
        ax_cm, ax_cost, ax_roc, ax_pr = self._axes
        moving = [plots.get_artist(ax_cm, "confusion_matrix"), ax_cm.title]
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
        ax_cm.set_title(f"Confusion matrix at threshold {s.threshold:.4g}{reweighted}\n"
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
        ax_pr.legend(loc="best", fontsize=9)
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
        best = "inf (predict nothing)" if math.isinf(s.optimal_threshold) else f"{s.optimal_threshold:.6g}"
        rows = [
            ("threshold", f"{s.threshold:.6g}"),
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
        note = "Predict positive when score &ge; threshold."
        if self._control_prevalence() is not None:
            note += (f" Counts are reweighted from the data's prevalence {self.data_prevalence:.3f} "
                     f"to {s.prevalence:.3f} (same n): the ROC point stays, precision moves.")
        return table_html(rows, note=note)
