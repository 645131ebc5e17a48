"""The course figures: rendered without pyplot, holding the right data, updatable in place."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.metrics import confusion_matrix

from mlmetrics_edu import plots as pl
from mlmetrics_edu._validation import MetricInputError

pytestmark = pytest.mark.filterwarnings("error")  # a plot must not warn

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def renders(ax):
    png = pl.to_png(ax.figure, dpi=30)
    assert png.startswith(PNG_SIGNATURE) and len(png) > 500
    return png


def a_roc(ax=None, **kw):
    return pl.plot_roc_curve([0.0, 0.1, 0.4, 1.0], [0.0, 0.6, 0.9, 1.0], ax=ax, **kw)


def a_pr(ax=None, **kw):
    return pl.plot_pr_curve([0.3, 0.5, 0.8, 1.0], [1.0, 0.7, 0.3, 0.0], ax=ax, **kw)


def a_reliability(ax=None, **kw):
    return pl.plot_reliability_diagram([0.1, 0.3, 0.6], [0.2, 0.5, 0.9], ax=ax, **kw)


ALL_PLOTS = {
    "confusion_matrix": lambda ax=None: pl.plot_confusion_matrix([[5, 1], [2, 7]], ax=ax),
    "roc_curve": lambda ax=None: a_roc(ax, auc=0.85, point=(0.1, 0.6)),
    "pr_curve": lambda ax=None: a_pr(ax, ap=0.7, prevalence=0.3, point=(0.7, 0.5)),
    "reliability_diagram": lambda ax=None: a_reliability(ax, counts=[10, 20, 30]),
    "residuals": lambda ax=None: pl.plot_residuals([1.0, 2.0, 3.0], [1.5, 2.0, 2.0], ax=ax),
    "ranked_list": lambda ax=None: pl.plot_ranked_list([0, 3, 1, 2], k=2, ax=ax),
}


# ----------------------------------------------------------------------------- rendering, no pyplot


def test_the_module_renders_every_plot_without_importing_pyplot():
    code = (
        "import sys\n"
        "import mlmetrics_edu.plots as pl\n"
        "ax = pl.plot_confusion_matrix([[5, 1], [2, 7]], normalize='true', colorbar=True)\n"
        "pl.to_png(ax)\n"
        "pl.to_png(pl.plot_roc_curve([0, 1], [0, 1], auc=0.5, point=(0.5, 0.5)))\n"
        "pl.to_png(pl.plot_pr_curve([0.5, 1], [1, 0], ap=0.5, prevalence=0.5))\n"
        "pl.to_png(pl.plot_reliability_diagram([0.2, 0.8], [0.3, 0.7], counts=[4, 6]))\n"
        "pl.to_png(pl.plot_residuals([1.0, 2.0], [1.5, 1.5]))\n"
        "pl.to_png(pl.plot_ranked_list([[1, 0], [0, 2]], k=1))\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("name", ALL_PLOTS)
def test_every_plot_renders_to_png_bytes_on_a_new_figure(name):
    ax = ALL_PLOTS[name]()
    assert isinstance(ax, Axes) and isinstance(ax.figure, Figure)
    assert type(ax.figure.canvas).__name__ == "FigureCanvasAgg"
    renders(ax)


@pytest.mark.parametrize("name", ALL_PLOTS)
def test_every_plot_draws_on_the_axes_it_is_given(name):
    fig_axes = pl.new_axes(1, 2, figsize=(9, 4))
    ax = ALL_PLOTS[name](fig_axes[1])
    assert ax is fig_axes[1]
    assert ax.has_data() or ax.images
    assert not fig_axes[0].has_data()


@pytest.mark.parametrize("name", ALL_PLOTS)
def test_every_plot_has_a_title_and_axis_labels(name):
    ax = ALL_PLOTS[name]()
    bottom = ax.figure.axes[-1] if name == "reliability_diagram" else ax
    assert ax.get_title() and ax.get_ylabel() and bottom.get_xlabel()


def test_to_png_accepts_an_axes_or_a_figure_and_rejects_anything_else():
    ax = a_roc()
    assert pl.to_png(ax, dpi=20).startswith(PNG_SIGNATURE)
    with pytest.raises(MetricInputError, match="fig"):
        pl.to_png("figure.png")


# ----------------------------------------------------------------------------- confusion matrix


def test_confusion_matrix_shows_the_counts_and_class_names():
    cm = np.array([[50, 2, 0], [5, 40, 3], [1, 0, 9]])
    ax = pl.plot_confusion_matrix(cm, labels=["cat", "dog", "fox"])
    np.testing.assert_array_equal(pl.get_artist(ax, "confusion_matrix").get_array(), cm)
    assert pl.get_artist(ax, "cell_1_2").get_text() == "3"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "fox"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog", "fox"]
    assert ax.get_xlabel() == "Predicted label" and ax.get_ylabel() == "True label"
    # the largest cell is dark, so its text is white; a small one is black
    assert pl.get_artist(ax, "cell_0_0").get_color() == "white"
    assert pl.get_artist(ax, "cell_0_1").get_color() == "black"


@pytest.mark.parametrize("normalize", ["true", "pred", "all"])
def test_normalized_confusion_matrix_matches_sklearn_including_empty_rows(normalize):
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 3, 50)
    y_pred = np.where(rng.random(50) < 0.6, y_true, rng.integers(0, 3, 50))
    labels = [0, 1, 2, 3]  # class 3 never occurs: an empty row and column
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    expected = confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
    ax = pl.plot_confusion_matrix(cm, normalize=normalize)
    np.testing.assert_allclose(pl.get_artist(ax, "confusion_matrix").get_array(), expected, rtol=1e-12)
    assert pl.get_artist(ax, "cell_0_0").get_text() == f"{expected[0, 0]:.2f}\n({cm[0, 0]})"
    assert pl.get_artist(ax, "confusion_matrix").get_clim() == (0, 1.0)


def test_weighted_confusion_matrix_counts_are_shown_with_decimals():
    ax = pl.plot_confusion_matrix([[1.5, 0.25], [0, 2]])
    assert pl.get_artist(ax, "cell_0_1").get_text() == "0.25"
    assert pl.get_artist(ax, "cell_1_1").get_text() == "2"


def test_confusion_matrix_updates_in_place():
    ax = pl.plot_confusion_matrix([[5, 1], [2, 4]])
    image = pl.get_artist(ax, "confusion_matrix")
    pl.update_confusion_matrix(ax, [[90, 10], [0, 0]])
    assert pl.get_artist(ax, "confusion_matrix") is image
    np.testing.assert_array_equal(image.get_array(), [[90, 10], [0, 0]])
    assert image.get_clim() == (0, 90.0)
    assert pl.get_artist(ax, "cell_0_0").get_text() == "90"
    assert pl.get_artist(ax, "cell_0_0").get_color() == "white"
    pl.update_confusion_matrix(ax, [[90, 10], [0, 0]], normalize="true")
    assert pl.get_artist(ax, "cell_1_0").get_text() == "0.00\n(0)"
    with pytest.raises(MetricInputError, match="shape"):
        pl.update_confusion_matrix(ax, np.eye(3))
    renders(ax)


def test_a_colorbar_can_be_added():
    ax = pl.plot_confusion_matrix([[5, 1], [2, 4]], colorbar=True)
    assert len(ax.figure.axes) == 2
    renders(ax)


# ----------------------------------------------------------------------------- ROC and PR


def test_roc_curve_draws_the_curve_the_diagonal_and_the_operating_point():
    ax = a_roc(auc=0.85, point=(0.1, 0.6), label="detector")
    np.testing.assert_array_equal(pl.get_artist(ax, "roc_curve").get_xydata(),
                                  [[0, 0], [0.1, 0.6], [0.4, 0.9], [1, 1]])
    np.testing.assert_array_equal(pl.get_artist(ax, "baseline").get_xydata(), [[0, 0], [1, 1]])
    np.testing.assert_array_equal(pl.get_artist(ax, "operating_point").get_xydata(), [[0.1, 0.6]])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["random (AUC = 0.5)", "detector (AUC = 0.850)", "operating point"]
    assert "False positive rate" in ax.get_xlabel() and "True positive rate" in ax.get_ylabel()


def test_comparing_two_models_on_one_axes_draws_the_baseline_once():
    ax = a_roc(label="first")
    pl.plot_roc_curve([0, 0.3, 1], [0, 0.5, 1], ax=ax, label="second")
    assert sum(a.get_gid() == "baseline" for a in ax.get_lines()) == 1
    assert sum(a.get_gid() == "roc_curve" for a in ax.get_lines()) == 2
    assert len(ax.get_legend().get_texts()) == 3


def test_pr_curve_is_a_step_function_with_the_prevalence_baseline():
    ax = a_pr(ap=0.7, prevalence=0.3, point=(0.7, 0.5))
    curve = pl.get_artist(ax, "pr_curve")
    np.testing.assert_array_equal(curve.get_xdata(), [1.0, 0.7, 0.3, 0.0])  # recall on x
    np.testing.assert_array_equal(curve.get_ydata(), [0.3, 0.5, 0.8, 1.0])
    assert curve.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(pl.get_artist(ax, "baseline").get_ydata(), [0.3, 0.3])
    np.testing.assert_array_equal(pl.get_artist(ax, "operating_point").get_xydata(), [[0.7, 0.5]])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["random (AP = prevalence = 0.3)", "model (AP = 0.700)", "operating point"]
    assert ax.get_xlabel().startswith("Recall") and ax.get_ylabel() == "Precision"


def test_pr_curve_without_prevalence_has_no_baseline():
    ax = a_pr()
    with pytest.raises(MetricInputError, match="baseline"):
        pl.get_artist(ax, "baseline")


@pytest.mark.parametrize("make", [a_roc, a_pr])
def test_the_operating_point_moves_in_place_or_is_added(make):
    ax = make(point=(0.5, 0.5))
    marker = pl.get_artist(ax, "operating_point")
    pl.update_operating_point(ax, 0.2, 0.9)
    assert pl.get_artist(ax, "operating_point") is marker
    np.testing.assert_array_equal(marker.get_xydata(), [[0.2, 0.9]])
    bare = make()
    pl.update_operating_point(bare, 0.3, 0.4)
    np.testing.assert_array_equal(pl.get_artist(bare, "operating_point").get_xydata(), [[0.3, 0.4]])


# ----------------------------------------------------------------------------- reliability


def test_reliability_diagram_draws_curve_gaps_diagonal_and_histogram_below():
    ax = a_reliability(counts=[10, 20, 30])
    main, hist = ax.figure.axes
    assert main is ax
    np.testing.assert_array_equal(pl.get_artist(ax, "reliability_curve").get_xydata(),
                                  [[0.2, 0.1], [0.5, 0.3], [0.9, 0.6]])
    np.testing.assert_array_equal(pl.get_artist(ax, "diagonal").get_xydata(), [[0, 0], [1, 1]])
    gaps = pl.get_artist(ax, "gaps").get_segments()
    np.testing.assert_allclose(gaps[2], [[0.9, 0.9], [0.9, 0.6]])
    bars = [p for p in hist.patches if p.get_gid() == "confidence_histogram"]
    assert [b.get_height() for b in bars] == [10, 20, 30]
    np.testing.assert_allclose([b.get_x() + b.get_width() / 2 for b in bars], [0.2, 0.5, 0.9])
    assert hist.get_xlabel().startswith("Mean predicted probability")
    assert hist.get_xlim() == (0, 1)


def test_reliability_diagram_without_counts_is_a_single_axes():
    ax = a_reliability()
    assert len(ax.figure.axes) == 1 and ax.get_xlabel()


def test_reliability_diagram_on_a_given_axes_puts_the_histogram_on_a_twin_axis():
    ax = pl.new_axes()
    pl.plot_reliability_diagram([0.1, 0.9], [0.2, 0.8], counts=[5, 7], ax=ax)
    assert len(ax.figure.axes) == 2
    twin = ax.figure.axes[1]
    assert [p.get_height() for p in twin.patches] == [5, 7]
    renders(ax)


def test_reliability_diagram_uses_the_histogram_axes_it_is_given():
    ax, hist_ax = pl.new_axes(2, 1)
    pl.plot_reliability_diagram([0.1, 0.9], [0.2, 0.8], counts=[5, 7], ax=ax, hist_ax=hist_ax)
    assert len(ax.figure.axes) == 2
    assert [p.get_height() for p in hist_ax.patches] == [5, 7]


@pytest.mark.parametrize("layout", ["stacked", "twin", "explicit"])
def test_reliability_diagram_updates_in_place_even_when_the_bin_count_changes(layout):
    if layout == "stacked":
        ax = a_reliability(counts=[1, 2, 3])
        hist_ax, passed = ax.figure.axes[1], None
    elif layout == "twin":
        ax = a_reliability(ax=pl.new_axes(), counts=[1, 2, 3])
        hist_ax, passed = ax.figure.axes[1], None
    else:
        ax, hist_ax = pl.new_axes(2, 1)
        a_reliability(ax=ax, hist_ax=hist_ax, counts=[1, 2, 3])
        passed = hist_ax
    line = pl.get_artist(ax, "reliability_curve")
    pl.update_reliability_diagram(ax, [0.1, 0.4, 0.5, 0.8], [0.1, 0.3, 0.6, 0.9], counts=[4, 3, 2, 100],
                                  hist_ax=passed)
    assert pl.get_artist(ax, "reliability_curve") is line
    np.testing.assert_array_equal(line.get_xdata(), [0.1, 0.3, 0.6, 0.9])
    assert len(pl.get_artist(ax, "gaps").get_segments()) == 4
    bars = [p for p in hist_ax.patches if p.get_gid() == "confidence_histogram"]
    assert [b.get_height() for b in bars] == [4, 3, 2, 100]
    assert hist_ax.get_ylim()[1] >= 100
    if layout == "twin":
        renders(ax)


def test_updating_counts_without_a_histogram_is_an_error():
    ax = a_reliability()
    with pytest.raises(MetricInputError, match="hist_ax"):
        pl.update_reliability_diagram(ax, [0.5], [0.5], counts=[3])


# ----------------------------------------------------------------------------- residuals, ranking


def test_residuals_are_true_minus_predicted_against_predicted():
    ax = pl.plot_residuals([3.0, 5.0, 7.0], [2.5, 5.0, 8.0])
    np.testing.assert_array_equal(pl.get_artist(ax, "residuals").get_offsets(),
                                  [[2.5, 0.5], [5.0, 0.0], [8.0, -1.0]])
    assert pl.get_artist(ax, "zero_line").get_ydata()[0] == 0
    assert ax.get_legend() is None


def test_residuals_highlight_marks_samples_in_their_own_colour():
    ax = pl.plot_residuals([1.0, 2.0, 30.0], [1.0, 2.5, 3.0], highlight=[False, False, True],
                           highlight_label="outliers")
    assert len(pl.get_artist(ax, "residuals").get_offsets()) == 2
    np.testing.assert_array_equal(pl.get_artist(ax, "highlighted").get_offsets(), [[3.0, 27.0]])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["samples", "outliers"]


def test_large_values_get_compact_tick_labels():
    ax = pl.plot_residuals([100_000.0, 350_000.0], [120_000.0, 300_000.0])
    assert type(ax.xaxis.get_major_formatter()).__name__ == "EngFormatter"
    assert [t.get_text() for t in ax.yaxis.get_ticklabels()][-1].endswith("k")


def test_ranked_list_draws_one_bar_per_position_and_the_cutoff():
    ax = pl.plot_ranked_list([0, 3, 1, 2], k=2)
    assert [p.get_height() for p in ax.patches] == [0, 3, 1, 2]
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == [1, 2, 3, 4]
    np.testing.assert_array_equal(pl.get_artist(ax, "cutoff").get_xdata(), [2.5, 2.5])
    assert ax.get_legend().get_texts()[0].get_text() == "cut-off k = 2"
    pl.update_cutoff(ax, 4)
    np.testing.assert_array_equal(pl.get_artist(ax, "cutoff").get_xdata(), [4.5, 4.5])
    assert ax.get_legend().get_texts()[0].get_text() == "cut-off k = 4"
    with pytest.raises(MetricInputError, match="k"):
        pl.update_cutoff(ax, 5)


def test_ranked_lists_of_several_queries_are_a_heatmap():
    relevance = np.array([[0, 3, 1], [2, 0, 0]])
    ax = pl.plot_ranked_list(relevance, k=1)
    np.testing.assert_array_equal(ax.images[0].get_array(), relevance)
    assert ax.get_ylabel() == "Query" and len(ax.figure.axes) == 2  # with a colour bar
    renders(ax)
    ax = pl.plot_ranked_list(np.array([[0.5, 7.0], [2.0, 0.0]]))  # beyond 0-3 grades: a continuous scale
    renders(ax)


def test_a_ranked_list_without_k_has_no_cutoff():
    ax = pl.plot_ranked_list([1, 0])
    with pytest.raises(MetricInputError, match="cutoff"):
        pl.get_artist(ax, "cutoff")


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: pl.plot_confusion_matrix([[1, 2, 3], [4, 5, 6]]), "cm"),
        (lambda: pl.plot_confusion_matrix([1, 2]), "cm"),
        (lambda: pl.plot_confusion_matrix([[1, -2], [3, 4]]), "cm"),
        (lambda: pl.plot_confusion_matrix([[1, np.nan], [3, 4]]), "cm"),
        (lambda: pl.plot_confusion_matrix([[1, 2], [3, 4]], labels=["a"]), "labels"),
        (lambda: pl.plot_confusion_matrix([[1, 2], [3, 4]], normalize="rows"), "normalize"),
        (lambda: pl.plot_confusion_matrix([[1, 2], [3, 4]], ax="left"), "ax"),
        (lambda: pl.plot_roc_curve([0, 1.5], [0, 1]), "fpr"),
        (lambda: pl.plot_roc_curve([0, 1], [0, 0.5, 1]), "differ in length"),
        (lambda: pl.plot_roc_curve([], []), "fpr"),
        (lambda: pl.plot_roc_curve([0, 1], [0, 1], auc=1.2), "auc"),
        (lambda: pl.plot_roc_curve([0, 1], [0, 1], point=(0.5,)), "point"),
        (lambda: pl.plot_roc_curve([[0, 1]], [[0, 1]]), "fpr"),
        (lambda: pl.plot_pr_curve([0.5, 1], [1, 0], prevalence=-0.1), "prevalence"),
        (lambda: pl.plot_pr_curve([0.5, 1], [1, 0], ap="high"), "ap"),
        (lambda: pl.plot_pr_curve([0.5, np.inf], [1, 0]), "precision"),
        (lambda: pl.plot_pr_curve([0.5, 1], [1, 0], point=(2, 0.5)), "point"),
        (lambda: pl.plot_reliability_diagram([0.1, 0.2], [0.1]), "differ in length"),
        (lambda: pl.plot_reliability_diagram([0.1, 1.2], [0.1, 0.2]), "prob_true"),
        (lambda: pl.plot_reliability_diagram([0.1, 0.2], [0.1, 0.2], counts=[1, -1]), "counts"),
        (lambda: pl.plot_reliability_diagram([0.1, 0.2], [0.1, 0.2], counts=[1]), "counts"),
        (lambda: pl.plot_residuals([1, 2], [1]), "differ in length"),
        (lambda: pl.plot_residuals([1, 2], ["a", "b"]), "y_pred"),
        (lambda: pl.plot_residuals([1, 2], [1, 2], highlight=[1, 0]), "highlight"),
        (lambda: pl.plot_ranked_list([1, -1, 0]), "relevance_in_ranked_order"),
        (lambda: pl.plot_ranked_list(np.zeros((2, 2, 2))), "relevance_in_ranked_order"),
        (lambda: pl.plot_ranked_list([1, 0, 2], k=0), "k"),
        (lambda: pl.plot_ranked_list([1, 0, 2], k=4), "k"),
        (lambda: pl.plot_ranked_list([1, 0, 2], k=1.5), "k"),
        (lambda: pl.update_operating_point(a_roc(), 0.5, 1.5), "x, y"),
        (lambda: pl.get_artist(a_roc(), "nothing"), "nothing"),
        (lambda: pl.get_artist(None, "roc_curve"), "ax"),
    ],
)
def test_bad_input_raises_metric_input_error_naming_the_argument(call, argument):
    with pytest.raises(MetricInputError, match=argument):
        call()
