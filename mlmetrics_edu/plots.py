"""Figures for the course: confusion matrix, ROC and PR curves, reliability, residuals, rankings.

Object-oriented matplotlib only: every figure is a ``matplotlib.figure.Figure`` with an
Agg canvas, never ``pyplot``, so nothing here touches global plotting state and the same
code renders in Jupyter, Colab, a widget or a test. Each ``plot_*`` function takes
already-computed arrays (for instance the output of ``roc_curve``), draws on the ``ax``
you pass -- or on a new figure when ``ax`` is None -- and returns that Axes.

Updating in place. The artists a widget moves carry a *gid* (``artist.get_gid()``), so
``get_artist(ax, gid)`` finds them and the ``update_*`` functions change their data
without redrawing the figure:

=========================  ==========================================================
gid                        artist
=========================  ==========================================================
``"confusion_matrix"``     the heatmap image; cell texts are ``"cell_<row>_<col>"``
``"roc_curve"``            the ROC line (``plot_roc_curve``)
``"pr_curve"``             the precision-recall line (``plot_pr_curve``)
``"baseline"``             the random classifier: ROC diagonal or PR prevalence line
``"operating_point"``      the marker of the chosen threshold
``"reliability_curve"``    the reliability line; ``"gaps"`` its distance to the diagonal
``"diagonal"``             perfect calibration
``"confidence_histogram"`` the histogram bars (on the histogram axes)
``"residuals"``            the residual scatter; ``"zero_line"`` the zero line
``"cutoff"``               the rank-k cut-off line of ``plot_ranked_list``
=========================  ==========================================================

Show a figure in a notebook by leaving ``ax.figure`` as the last expression of a cell,
or turn it into PNG bytes (for ``ipywidgets.Image``) with ``to_png(ax.figure)``.
"""

from __future__ import annotations

import io
import numbers

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import EngFormatter

from ._validation import MetricInputError, as_float_array, check_consistent_length, check_option

__all__ = [
    "get_artist",
    "new_axes",
    "plot_confusion_matrix",
    "plot_pr_curve",
    "plot_ranked_list",
    "plot_reliability_diagram",
    "plot_residuals",
    "plot_roc_curve",
    "to_png",
    "update_confusion_matrix",
    "update_cutoff",
    "update_operating_point",
    "update_reliability_diagram",
]

GRADE_COLORS = ("#f4f4f4", "#9ecae1", "#4292c6", "#08519c")  # relevance 0..3, light to dark


# --------------------------------------------------------------------------- figures


def new_axes(nrows=1, ncols=1, *, figsize=(4.8, 4.2), **subplots_kw):
    """Make a new Figure with an Agg canvas and return its Axes (an array when several).

    The figure uses constrained layout, so titles, labels and legends do not overlap.

    Examples
    --------
    >>> ax = new_axes()
    >>> type(ax.figure).__name__, type(ax.figure.canvas).__name__
    ('Figure', 'FigureCanvasAgg')
    """
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)  # attaches itself to fig: rendering without pyplot
    return fig.subplots(nrows, ncols, squeeze=True, **subplots_kw)


def to_png(fig, *, dpi=100):
    """Render a Figure (or the figure of an Axes) to PNG bytes.

    Examples
    --------
    >>> to_png(new_axes())[:4]
    b'\\x89PNG'
    """
    fig = fig.figure if isinstance(fig, Axes) else fig
    if not isinstance(fig, Figure):
        raise MetricInputError(f"fig must be a matplotlib Figure or Axes, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def get_artist(ax, gid):
    """Return the first artist on ``ax`` whose gid is ``gid`` (see the table above).

    Examples
    --------
    >>> ax = plot_roc_curve([0, 0.5, 1], [0, 0.8, 1])
    >>> get_artist(ax, "roc_curve").get_xydata().tolist()
    [[0.0, 0.0], [0.5, 0.8], [1.0, 1.0]]
    """
    _check_ax(ax)
    if not isinstance(gid, str):
        raise MetricInputError(f"gid must be a str (an artist's id, e.g. 'roc_curve'), got {type(gid).__name__}")
    for artist in ax.get_children():
        if artist.get_gid() == gid:
            return artist
    raise MetricInputError(f"the Axes has no artist with gid {gid!r}; draw it with a plot_* function first")


def _check_ax(ax):
    if not isinstance(ax, Axes):
        raise MetricInputError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    return ax


def _axes(ax, **new_kw):
    return new_axes(**new_kw) if ax is None else _check_ax(ax)


def _unit_interval(x, name, *, ndim=(1,)):
    """A finite float array whose values lie in [0, 1] (rates, probabilities, precision)."""
    arr = as_float_array(x, name, ndim=ndim)
    if arr.min() < 0 or arr.max() > 1:
        raise MetricInputError(f"{name} must lie in [0, 1], got values in [{arr.min():.6g}, {arr.max():.6g}]")
    return arr


def _unit_scalar(x, name):
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not 0 <= x <= 1:
        raise MetricInputError(f"{name} must be a number in [0, 1], got {x!r}")
    return float(x)


def _point(point, name):
    if point is None:
        return None
    xy = _unit_interval(point, name)
    if xy.shape != (2,):
        raise MetricInputError(f"{name} must be a pair (x, y), got {xy.size} value(s)")
    return xy


def _draw_point(ax, xy, label="operating point"):
    (marker,) = ax.plot(
        [xy[0]], [xy[1]], "o", markersize=9, color="crimson", markeredgecolor="white",
        label=label, zorder=5, gid="operating_point",
    )
    return marker


def _has(ax, gid):
    return any(a.get_gid() == gid for a in ax.get_children())


def _square_unit_axes(ax, xlabel, ylabel, title):
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), xlabel=xlabel, ylabel=ylabel, title=title)
    ax.set_aspect("equal")
    ax.grid(alpha=0.3)


# --------------------------------------------------------------------------- confusion matrix


def _normalized(cm, normalize):
    """The confusion matrix divided by row sums, column sums or the total (0/0 -> 0)."""
    check_option(normalize, "normalize", (None, "true", "pred", "all"))
    if normalize is None:
        return cm
    total = {"true": cm.sum(axis=1, keepdims=True), "pred": cm.sum(axis=0, keepdims=True),
             "all": cm.sum()}[normalize]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nan_to_num(cm / total)  # an empty row or column shows 0, as in scikit-learn


def _cell_text(count, value, normalize):
    count_text = f"{count:.0f}" if float(count).is_integer() else f"{count:.3g}"
    return count_text if normalize is None else f"{value:.2f}\n({count_text})"


def _check_cm(cm):
    cm = as_float_array(cm, "cm", ndim=(2,))
    if cm.shape[0] != cm.shape[1]:
        raise MetricInputError(f"cm must be square (rows = true, columns = predicted), got shape {cm.shape}")
    if (cm < 0).any():
        raise MetricInputError("cm holds negative counts; a confusion matrix counts samples")
    return cm


def plot_confusion_matrix(cm, labels=None, *, normalize=None, colorbar=False, ax=None,
                          title="Confusion matrix"):
    """Draw a confusion matrix as a heatmap with every cell annotated.

    Parameters
    ----------
    cm : array-like of shape (n_classes, n_classes)
        Counts; rows are true labels, columns predicted labels (scikit-learn's layout).
    labels : sequence of str, optional
        Class names for the ticks; default ``0 .. n_classes - 1``.
    normalize : {None, "true", "pred", "all"}, default None
        Colour and annotate rates: each row sums to 1 ("true": recall on the diagonal),
        each column ("pred": precision on the diagonal), or the whole matrix. The raw
        count is shown in brackets under the rate.
    colorbar : bool, default False
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    Axes
        The heatmap has gid ``"confusion_matrix"``, the cell texts ``"cell_<row>_<col>"``;
        ``update_confusion_matrix`` changes them in place.

    Examples
    --------
    >>> ax = plot_confusion_matrix([[50, 2], [5, 43]], labels=["ham", "spam"])
    >>> get_artist(ax, "cell_1_0").get_text()
    '5'
    """
    cm = _check_cm(cm)
    k = cm.shape[0]
    labels = [str(i) for i in range(k)] if labels is None else [str(v) for v in labels]
    if len(labels) != k:
        raise MetricInputError(f"labels has {len(labels)} names but cm has {k} classes")
    ax = _axes(ax, figsize=(4.2 + 0.35 * k, 3.6 + 0.35 * k))
    values = _normalized(cm, normalize)
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=_vmax(values, normalize), gid="confusion_matrix")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, _cell_text(cm[i, j], values[i, j], normalize), ha="center", va="center",
                    fontsize=11 if k <= 4 else 8, gid=f"cell_{i}_{j}")
    _color_cell_texts(ax, values, image)
    long_names = max(len(s) for s in labels) > 6 and k > 2
    ax.set_xticks(range(k), labels, rotation=35 if long_names else 0, ha="right" if long_names else "center")
    ax.set_yticks(range(k), labels)
    ax.set(xlabel="Predicted label", ylabel="True label", title=title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


def _vmax(values, normalize):
    return 1.0 if normalize is not None else max(float(values.max()), 1.0)


def _color_cell_texts(ax, values, image):
    """White text on dark cells, black on light ones."""
    low, high = image.get_clim()
    for (i, j), value in np.ndenumerate(values):
        dark = (value - low) > 0.55 * (high - low)
        get_artist(ax, f"cell_{i}_{j}").set_color("white" if dark else "black")


def update_confusion_matrix(ax, cm, *, normalize=None):
    """Put new counts into a heatmap drawn by ``plot_confusion_matrix`` (same shape).

    Examples
    --------
    >>> ax = plot_confusion_matrix([[5, 1], [2, 4]])
    >>> update_confusion_matrix(ax, [[3, 3], [0, 6]], normalize="true")
    >>> get_artist(ax, "cell_0_1").get_text()
    '0.50\\n(3)'
    """
    cm = _check_cm(cm)
    image = get_artist(ax, "confusion_matrix")
    if image.get_array().shape != cm.shape:
        raise MetricInputError(f"cm has shape {cm.shape} but the plot shows {image.get_array().shape}")
    values = _normalized(cm, normalize)
    image.set_data(values)
    image.set_clim(0, _vmax(values, normalize))
    for (i, j), count in np.ndenumerate(cm):
        get_artist(ax, f"cell_{i}_{j}").set_text(_cell_text(count, values[i, j], normalize))
    _color_cell_texts(ax, values, image)


# --------------------------------------------------------------------------- ROC and PR


def plot_roc_curve(fpr, tpr, *, auc=None, point=None, label=None, ax=None):
    """Draw a ROC curve (TPR against FPR) with the random diagonal and an operating point.

    Parameters
    ----------
    fpr, tpr : array-like of shape (n_thresholds,)
        False and true positive rates, as returned by ``roc_curve``.
    auc : float, optional
        Shown in the legend.
    point : (fpr, tpr), optional
        The operating point of a chosen threshold, drawn as a red dot.
    label : str, optional
        Legend name of the curve (default "model"); call again on the same ``ax`` to
        compare models -- the diagonal is drawn once.
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes
        The curve has gid ``"roc_curve"``, the diagonal ``"baseline"`` and the dot
        ``"operating_point"`` (move it with ``update_operating_point``).

    Examples
    --------
    >>> ax = plot_roc_curve([0, 0.1, 1], [0, 0.7, 1], auc=0.8, point=(0.1, 0.7))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['random (AUC = 0.5)', 'model (AUC = 0.800)', 'operating point']
    """
    fpr, tpr = _unit_interval(fpr, "fpr"), _unit_interval(tpr, "tpr")
    check_consistent_length(("fpr", fpr), ("tpr", tpr))
    point = _point(point, "point")
    ax = _axes(ax)
    if not _has(ax, "baseline"):
        ax.plot([0, 1], [0, 1], "--", color="gray", lw=1, label="random (AUC = 0.5)", gid="baseline")
    name = label or "model"
    if auc is not None:
        name += f" (AUC = {_unit_scalar(auc, 'auc'):.3f})"
    ax.plot(fpr, tpr, lw=2, label=name, gid="roc_curve")
    if point is not None:
        _draw_point(ax, point)
    _square_unit_axes(ax, "False positive rate (1 - specificity)", "True positive rate (recall)",
                      "ROC curve")
    ax.legend(loc="lower right", fontsize=9)
    return ax


def plot_pr_curve(precision, recall, *, ap=None, prevalence=None, point=None, label=None, ax=None):
    """Draw a precision-recall curve with the prevalence baseline and an operating point.

    Parameters
    ----------
    precision, recall : array-like of shape (n_thresholds,)
        As returned by ``precision_recall_curve``; drawn as a step function, the shape
        that average precision integrates.
    ap : float, optional
        Average precision, shown in the legend.
    prevalence : float, optional
        Fraction of positives: a random classifier's precision, drawn as a horizontal
        line -- PR-AUC's baseline is the prevalence, not 0.5.
    point : (recall, precision), optional
        The operating point of a chosen threshold (x first, as plotted).
    label : str, optional
        Legend name of the curve (default "model").
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes
        The curve has gid ``"pr_curve"``, the prevalence line ``"baseline"`` and the dot
        ``"operating_point"``.

    Examples
    --------
    >>> ax = plot_pr_curve([0.5, 0.6, 1.0], [1.0, 0.5, 0.0], ap=0.7, prevalence=0.5)
    >>> get_artist(ax, "baseline").get_ydata().tolist()
    [0.5, 0.5]
    """
    precision, recall = _unit_interval(precision, "precision"), _unit_interval(recall, "recall")
    check_consistent_length(("precision", precision), ("recall", recall))
    point = _point(point, "point")
    ax = _axes(ax)
    if prevalence is not None and not _has(ax, "baseline"):
        prevalence = _unit_scalar(prevalence, "prevalence")
        ax.plot([0, 1], [prevalence, prevalence], "--", color="gray", lw=1,
                label=f"random (AP = prevalence = {prevalence:.3g})", gid="baseline")
    name = label or "model"
    if ap is not None:
        name += f" (AP = {_unit_scalar(ap, 'ap'):.3f})"
    ax.plot(recall, precision, lw=2, drawstyle="steps-post", label=name, gid="pr_curve")
    if point is not None:
        _draw_point(ax, point)
    _square_unit_axes(ax, "Recall (true positive rate)", "Precision", "Precision-recall curve")
    ax.legend(loc="best", fontsize=9)
    return ax


def update_operating_point(ax, x, y):
    """Move (or add) the operating-point dot of a ROC or PR plot to ``(x, y)``.

    Examples
    --------
    >>> ax = plot_roc_curve([0, 1], [0, 1], point=(0.5, 0.5))
    >>> update_operating_point(ax, 0.2, 0.6)
    >>> get_artist(ax, "operating_point").get_xydata().tolist()
    [[0.2, 0.6]]
    """
    xy = _point((x, y), "(x, y)")
    _check_ax(ax)
    if _has(ax, "operating_point"):
        get_artist(ax, "operating_point").set_data([xy[0]], [xy[1]])
    else:
        _draw_point(ax, xy)


# --------------------------------------------------------------------------- calibration


def plot_reliability_diagram(prob_true, prob_pred, *, counts=None, label=None, ax=None, hist_ax=None):
    """Draw a reliability diagram, its gaps to the diagonal, and a confidence histogram.

    Parameters
    ----------
    prob_true : array-like of shape (n_bins,)
        Observed fraction of positives (or of correct answers) in each bin.
    prob_pred : array-like of shape (n_bins,)
        Mean predicted probability (confidence) in each bin; together these are the
        output of ``calibration_curve``.
    counts : array-like of shape (n_bins,), optional
        Samples per bin, drawn as a histogram: a gap in a bin with three samples
        matters less than in one with three thousand (ECE weights by these counts).
    label : str, optional
        Legend name of the curve (default "model").
    ax : matplotlib Axes, optional
        Where to draw the diagram. When None, a new figure holds the diagram above a
        histogram axes (``ax.figure.axes[1]``; no histogram axes without ``counts``).
    hist_ax : matplotlib Axes, optional
        Where to draw the histogram when you pass ``ax``; without it the histogram
        shares ``ax`` on a second y-axis.

    Returns
    -------
    Axes
        The diagram. Gids: ``"reliability_curve"``, ``"gaps"``, ``"diagonal"``, and
        ``"confidence_histogram"`` on the histogram's bars.

    Notes
    -----
    Points below the diagonal are overconfident: the model said 0.9, and it happened
    less often than that. The red gaps are what ECE averages, weighted by ``counts``.

    Examples
    --------
    >>> ax = plot_reliability_diagram([0.1, 0.4, 0.6], [0.2, 0.5, 0.9], counts=[30, 20, 50])
    >>> len(ax.figure.axes), get_artist(ax, "reliability_curve").get_xdata().tolist()
    (2, [0.2, 0.5, 0.9])
    """
    prob_true, prob_pred, counts = _check_reliability(prob_true, prob_pred, counts)
    if ax is None and counts is None:
        ax = new_axes()
    elif ax is None:
        ax, hist_ax = new_axes(2, 1, figsize=(4.8, 5.6), sharex=True,
                               gridspec_kw={"height_ratios": [3, 1]})
    _check_ax(ax)
    if not _has(ax, "diagonal"):
        ax.plot([0, 1], [0, 1], "--", color="gray", lw=1, label="perfectly calibrated", gid="diagonal")
    ax.add_collection(LineCollection(_gap_segments(prob_true, prob_pred), colors="crimson", lw=1.5,
                                     alpha=0.7, label="gap (what ECE averages)", gid="gaps"))
    ax.plot(prob_pred, prob_true, "o-", lw=2, label=label or "model", gid="reliability_curve")
    ax.set(xlim=(0, 1), ylim=(0, 1), ylabel="Observed frequency (fraction of positives)",
           title="Reliability diagram")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    xlabel = "Mean predicted probability (confidence)"
    if counts is not None and hist_ax is None:
        twin = ax.twinx()  # the histogram behind the curve, on a second y-axis
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
        _draw_histogram(twin, prob_pred, counts, alpha=0.25)
    elif counts is not None:
        _draw_histogram(_check_ax(hist_ax), prob_pred, counts)
    if hist_ax is None:
        ax.set_xlabel(xlabel)
    else:
        hist_ax.set(xlim=(0, 1), xlabel=xlabel)
    return ax


def _check_reliability(prob_true, prob_pred, counts):
    prob_true = _unit_interval(prob_true, "prob_true")
    prob_pred = _unit_interval(prob_pred, "prob_pred")
    check_consistent_length(("prob_true", prob_true), ("prob_pred", prob_pred))
    if counts is not None:
        counts = as_float_array(counts, "counts")
        check_consistent_length(("prob_true", prob_true), ("counts", counts))
        if (counts < 0).any():
            raise MetricInputError("counts holds negative values; it counts samples per bin")
    return prob_true, prob_pred, counts


def _gap_segments(prob_true, prob_pred):
    """One vertical segment per bin, from the diagonal (y = x) to the observed frequency."""
    return np.stack([np.column_stack([prob_pred, prob_pred]), np.column_stack([prob_pred, prob_true])], axis=1)


def _twins(ax):
    """Axes that share ax's x-axis: its twin and, for the default layout, the histogram."""
    return [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax]


def _bar_width(prob_pred):
    spacing = np.diff(np.sort(prob_pred))
    spacing = spacing[spacing > 0]
    return float(np.clip(0.8 * spacing.min(), 0.01, 0.08)) if spacing.size else 0.05


def _draw_histogram(hist_ax, prob_pred, counts, alpha=0.8):
    bars = hist_ax.bar(prob_pred, counts, width=_bar_width(prob_pred), color="tab:blue", alpha=alpha)
    for bar in bars:
        bar.set_gid("confidence_histogram")
    hist_ax.set_ylim(0, max(float(counts.max()), 1.0) * 1.1)
    if not hist_ax.get_ylabel():
        hist_ax.set_ylabel("Count")
    return bars


def update_reliability_diagram(ax, prob_true, prob_pred, *, counts=None, hist_ax=None):
    """Replace the curve, the gaps and (with ``counts``) the histogram of a reliability diagram.

    The histogram axes is found among the axes sharing ``ax``'s x-axis (the layout
    ``plot_reliability_diagram`` makes) unless you pass ``hist_ax``. The number of bins
    may change.

    Examples
    --------
    >>> ax = plot_reliability_diagram([0.2, 0.7], [0.3, 0.8], counts=[10, 20])
    >>> update_reliability_diagram(ax, [0.1, 0.5, 0.9], [0.2, 0.5, 0.8], counts=[5, 5, 5])
    >>> float(get_artist(ax.figure.axes[1], "confidence_histogram").get_height())
    5.0
    """
    prob_true, prob_pred, counts = _check_reliability(prob_true, prob_pred, counts)
    get_artist(ax, "reliability_curve").set_data(prob_pred, prob_true)
    get_artist(ax, "gaps").set_segments(_gap_segments(prob_true, prob_pred))
    if counts is None:
        return
    candidates = [hist_ax] if hist_ax is not None else _twins(ax)
    hist_ax = next((a for a in candidates if _has(a, "confidence_histogram")), None)
    if hist_ax is None:
        raise MetricInputError("counts given but no histogram axes found; pass hist_ax")
    old = [a for a in hist_ax.patches if a.get_gid() == "confidence_histogram"]
    alpha = old[0].get_alpha()
    for patch in old:
        patch.remove()
    _draw_histogram(hist_ax, prob_pred, counts, alpha=alpha)


# --------------------------------------------------------------------------- regression


def plot_residuals(y_true, y_pred, *, highlight=None, highlight_label="highlighted", ax=None):
    """Scatter the residuals ``y_true - y_pred`` against the predictions.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
    highlight : array-like of bool, shape (n,), optional
        Samples to draw in red (for instance a scenario's ``is_outlier``).
    highlight_label : str, default "highlighted"
        Legend name of the highlighted samples.
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes
        Scatter gid ``"residuals"`` (``"highlighted"`` for the red ones), zero line
        ``"zero_line"``.

    Notes
    -----
    A good model leaves a shapeless band around zero. A funnel that widens to the
    right means heteroscedastic errors (relative, not absolute, noise); a curve means
    a missing feature or transformation; a few far points are the outliers that RMSE
    squares and MAE does not.

    Examples
    --------
    >>> ax = plot_residuals([3.0, 5.0, 7.0], [2.5, 5.0, 8.0])
    >>> get_artist(ax, "residuals").get_offsets()[:, 1].tolist()
    [0.5, 0.0, -1.0]
    """
    y_true, y_pred = as_float_array(y_true, "y_true"), as_float_array(y_pred, "y_pred")
    check_consistent_length(("y_true", y_true), ("y_pred", y_pred))
    mask = np.zeros(y_true.size, dtype=bool)
    if highlight is not None:
        mask = np.asarray(highlight)
        if mask.dtype != bool or mask.shape != y_true.shape:
            raise MetricInputError(f"highlight must be a boolean mask of shape {y_true.shape}")
    ax = _axes(ax, figsize=(5.6, 4.0))
    residual = y_true - y_pred
    ax.axhline(0, color="gray", lw=1, ls="--", gid="zero_line")
    ax.scatter(y_pred[~mask], residual[~mask], s=14, alpha=0.6, label="samples", gid="residuals")
    if mask.any():
        ax.scatter(y_pred[mask], residual[mask], s=28, color="crimson", marker="D",
                   label=highlight_label, gid="highlighted")
        ax.legend(loc="best", fontsize=9)
    ax.set(xlabel="Predicted value", ylabel="Residual (true - predicted)", title="Residuals vs predicted")
    for axis, values in ((ax.xaxis, y_pred), (ax.yaxis, residual)):
        if np.abs(values).max() >= 1e4:  # 250k rather than 250000 or an offset "1e6"
            axis.set_major_formatter(EngFormatter(sep=""))
    ax.grid(alpha=0.3)
    return ax


# --------------------------------------------------------------------------- ranking


def plot_ranked_list(relevance_in_ranked_order, k=None, *, ax=None):
    """Show the relevance grade at each rank position, with an optional cut-off at k.

    Parameters
    ----------
    relevance_in_ranked_order : array-like of shape (n_items,) or (n_queries, n_items)
        Non-negative relevance grades, already sorted by the model's score (highest
        first): ``np.take_along_axis(relevance, np.argsort(-scores, axis=1), axis=1)``.
        One list is drawn as bars; several queries as a heatmap, one row per query.
    k : int, optional
        Draw the cut-off after position k (what precision@k and NDCG@k look at).
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes
        The cut-off line has gid ``"cutoff"`` (move it with ``update_cutoff``).

    Notes
    -----
    Read the first column of the heatmap for precision@1 and the first k columns for
    hit rate@k: a dark band inside the cut-off but a pale first column is "top-k good,
    top-1 poor".

    Examples
    --------
    >>> ax = plot_ranked_list([0, 3, 1, 0, 2], k=3)
    >>> [float(p.get_height()) for p in ax.patches]
    [0.0, 3.0, 1.0, 0.0, 2.0]
    """
    relevance = as_float_array(relevance_in_ranked_order, "relevance_in_ranked_order", ndim=(1, 2))
    if (relevance < 0).any():
        raise MetricInputError("relevance_in_ranked_order holds negative grades; relevance is >= 0")
    n_items = relevance.shape[-1]
    k = _check_k(k, n_items)
    top = max(float(relevance.max()), 1.0)
    ax = _axes(ax, figsize=(max(4.8, 0.3 * n_items + 2), 3.6 if relevance.ndim == 1 else 4.4))
    positions = np.arange(1, n_items + 1)
    if relevance.ndim == 1:
        colors = [GRADE_COLORS[min(int(round(g / top * 3)), 3)] for g in relevance]  # darker = better
        ax.bar(positions, relevance, color=colors, edgecolor="black", lw=0.5)
        ax.set(ylim=(0, top * 1.15), ylabel="Relevance grade", title="Relevance in ranked order")
        ax.set_yticks(np.arange(0, top + 1))
    else:
        graded = top <= 3 and _is_whole(relevance)  # the usual 0-3 grades get one colour each
        color_kw = ({"cmap": ListedColormap(GRADE_COLORS), "norm": BoundaryNorm(np.arange(-0.5, 4), 4)}
                    if graded else {"cmap": "Blues", "vmin": 0, "vmax": top})
        image = ax.imshow(relevance, aspect="auto", interpolation="nearest",
                          extent=(0.5, n_items + 0.5, relevance.shape[0] + 0.5, 0.5), **color_kw)
        ax.figure.colorbar(image, ax=ax, label="Relevance grade", ticks=range(4) if graded else None)
        ax.set(ylabel="Query", title=f"Relevance in ranked order ({relevance.shape[0]} queries)")
    ax.set_xticks(positions if n_items <= 25 else np.linspace(1, n_items, 6).round().astype(int))
    ax.set(xlim=(0.5, n_items + 0.5), xlabel="Rank position (1 = top)")
    if k is not None:
        ax.axvline(k + 0.5, color="crimson", ls="--", lw=2, label=f"cut-off k = {k}", gid="cutoff")
        ax.legend(loc="upper right", fontsize=9)
    return ax


def _is_whole(x):
    return bool(np.all(x == np.round(x)))


def _check_k(k, n_items):
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= n_items:
        raise MetricInputError(f"k must be an integer from 1 to {n_items} (the list length), got {k!r}")
    return int(k)


def update_cutoff(ax, k):
    """Move the cut-off line of ``plot_ranked_list`` to just after position ``k``.

    Examples
    --------
    >>> ax = plot_ranked_list([3, 0, 1, 2], k=1)
    >>> update_cutoff(ax, 3)
    >>> get_artist(ax, "cutoff").get_xdata()[0]
    3.5
    """
    line = get_artist(ax, "cutoff")
    n_items = ax.images[0].get_array().shape[1] if ax.images else len(ax.patches)
    k = _check_k(k, n_items)
    line.set_xdata([k + 0.5, k + 0.5])
    line.set_label(f"cut-off k = {k}")
    ax.legend(loc="upper right", fontsize=9)
