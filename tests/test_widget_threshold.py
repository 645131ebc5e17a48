"""The threshold explorer: set a control's value, and the state and readout equal the package's metrics.

Runs headless with ipywidgets 8 (the dev environment) and 7.7.1 (what Colab ships). The
oracle is always the package's own metric functions, recomputed from scratch on the same
data at the same threshold / cost / prevalence.
"""

from __future__ import annotations

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.widgets import ThresholdExplorer, threshold_curve, threshold_state
from mlmetrics_edu.widgets import threshold as threshold_module
from mlmetrics_edu.widgets.threshold import grid_threshold
from mlmetrics_edu.widgets._shell import fmt
from widget_checks import RTOL, NoFullPasses, count_figures, decoded, forbid, on_grid, readout

# ipywidgets 7 + ipykernel >= 6.? warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")


def binary_data(n=600, prevalence=0.2, seed=0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(np.int64)
    score = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * y - 1.0))), 2)  # ties
    return y, score


def expected_at(y, score, t, sample_weight=None):
    pred = (score >= t).astype(np.int64)
    tn, fp, fn, tp = mm.confusion_matrix(y, pred, labels=[0, 1], sample_weight=sample_weight).ravel()
    kw = {"sample_weight": sample_weight}
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "accuracy": mm.accuracy_score(y, pred, **kw),
        "precision": mm.precision_score(y, pred, zero_division=0, **kw),
        "recall": mm.recall_score(y, pred, **kw),
        "f1": mm.f1_score(y, pred, zero_division=0, **kw),
        "specificity": mm.specificity_score(y, pred, **kw),
        "fpr": fp / (fp + tn),
    }


def test_threshold_slider_gives_the_package_metrics_at_every_threshold():
    y, score = binary_data()
    explorer = ThresholdExplorer(y, score)
    # distinct scores (ties), points between them, and both ends of the slider
    for t in [score.min(), 0.05, 0.2, 0.2000001, 0.35, 0.5, 0.61, 0.8, score.max()]:
        explorer.threshold.value = float(t)
        t = explorer.threshold.value  # the slider's grid point (0.2000001 is 0.2 there)
        state, expected = explorer.state, expected_at(y, score, t)
        for name, value in expected.items():
            np.testing.assert_allclose(getattr(state, name), value, rtol=RTOL, err_msg=name)
        assert state.roc_point == (state.fpr, state.recall)
        assert state.pr_point == (state.recall, state.precision)
        table = readout(explorer)
        assert table["accuracy"] == [fmt(expected["accuracy"])]
        assert table["precision"][0].startswith(fmt(expected["precision"]))
        assert table["recall (TPR)"] == [fmt(expected["recall"])]
        assert table["F1"] == [fmt(expected["f1"])]
        assert table["specificity (TNR)"] == [fmt(expected["specificity"])]
        assert table["TP / FP"] == [f"{expected['tp']:,} / {expected['fp']:,}"]
        assert table["FN / TN"] == [f"{expected['fn']:,} / {expected['tn']:,}"]
        assert table["ROC point (FPR, TPR)"] == [f"({fmt(expected['fpr'])}, {fmt(expected['recall'])})"]


def test_threshold_state_handles_thresholds_beyond_the_scores():
    y, score = binary_data(n=50)
    curve = threshold_curve(y, score)
    above = threshold_state(curve, np.inf, cost_fp=1, cost_fn=1)
    assert (above.tp, above.fp, above.precision, above.recall) == (0.0, 0.0, 0.0, 0.0)  # 0/0 -> 0
    below = threshold_state(curve, -5.0, cost_fp=1, cost_fn=1)
    assert (below.fn, below.tn, below.recall, below.fpr) == (0.0, 0.0, 1.0, 1.0)


def test_cost_controls_give_the_package_cost_optimal_threshold_and_expected_cost():
    y, score = binary_data(seed=1)
    curve, at = threshold_curve(y, score), expected_at(y, score, 0.4)
    for cost_fp, cost_fn in [(1.0, 1.0), (1.0, 20.0), (5.0, 1.0), (0.0, 3.0), (2.5, 0.0), (1e3, 1.0)]:
        state = threshold_state(curve, 0.4, cost_fp=cost_fp, cost_fn=cost_fn)
        best = mm.cost_optimal_threshold(y, score, cost_fp=cost_fp, cost_fn=cost_fn, zero_division=0)
        assert (state.optimal_threshold, state.optimal_cost) == (best.threshold, best.cost)
        np.testing.assert_allclose(state.cost, (cost_fp * at["fp"] + cost_fn * at["fn"]) / y.size, rtol=RTOL)
    explorer = ThresholdExplorer(y, score, threshold=0.4)
    for cost_fp, cost_fn in [(1e3, 1.0), (1.0, 10.0)]:  # the first predicts nothing positive
        explorer.cost_fp.value, explorer.cost_fn.value = cost_fp, cost_fn
        state = explorer.state
        best = mm.cost_optimal_threshold(y, score, cost_fp=cost_fp, cost_fn=cost_fn, zero_division=0)
        assert (state.optimal_threshold, state.optimal_cost) == (best.threshold, best.cost)
        assert readout(explorer)["expected cost / sample"] == [fmt(state.cost)]
        shown = readout(explorer)["cost-optimal threshold"][0]
        if np.isinf(best.threshold):
            assert shown == "inf (predict nothing)"
        else:  # a value on the slider's grid that flags the same samples as the optimal score
            at_shown, at_best = expected_at(y, score, float(shown)), expected_at(y, score, best.threshold)
            assert (at_shown["tp"], at_shown["fp"]) == (at_best["tp"], at_best["fp"])
    explorer.optimum_button.click()
    assert explorer.state.cost == explorer.state.optimal_cost
    assert readout(explorer)["threshold"] == readout(explorer)["cost-optimal threshold"]


def test_prevalence_moves_the_pr_point_but_not_the_roc_point():
    y, score = binary_data(seed=2)
    explorer = ThresholdExplorer(y, score, threshold=0.45, cost_fn=4.0)
    before = explorer.state
    for prevalence in (0.05, 0.5, 0.9):
        explorer.prevalence.value = prevalence
        after = explorer.state
        np.testing.assert_allclose(after.roc_point, before.roc_point, rtol=1e-12)
        assert after.pr_point[1] != before.pr_point[1]
        np.testing.assert_allclose(after.prevalence, prevalence, rtol=1e-12)
        # reweighting = sample weights: each positive counts pi n / P, each negative (1 - pi) n / N
        n, positives = y.size, y.sum()
        weight = np.where(y == 1, prevalence * n / positives, (1 - prevalence) * n / (n - positives))
        expected = expected_at(y, score, 0.45, sample_weight=weight)
        for name, value in expected.items():
            np.testing.assert_allclose(getattr(after, name), value, rtol=RTOL, err_msg=name)
        best = mm.cost_optimal_threshold(y, score, cost_fp=1.0, cost_fn=4.0, sample_weight=weight)
        assert after.optimal_threshold == best.threshold
        np.testing.assert_allclose(after.optimal_cost, best.cost, rtol=RTOL)
    explorer.prevalence.value = explorer.data_prevalence  # back to the data: plain counts again
    assert explorer.state == before


def test_threshold_moves_are_binary_searches_not_passes_over_the_data(monkeypatch):
    rng = np.random.default_rng(3)
    n = 1_000_000
    y = (rng.random(n) < 0.1).astype(np.int64)
    score = rng.random(n) * 0.5 + 0.4 * y
    explorer = ThresholdExplorer(y, score, cost_fn=5.0)
    curve = explorer.curve
    monkeypatch.setattr(threshold_module, "np", NoFullPasses(np))
    monkeypatch.setattr(threshold_module, "_binary_clf_curve", forbid)
    monkeypatch.setattr(mm.curves, "_sorted_counts", forbid)
    for t in np.linspace(0.01, 0.89, 7):
        explorer.threshold.value = float(t)  # state, figure and PNG: no O(n) step
        state = threshold_state(curve, explorer.threshold.value, cost_fp=1.0, cost_fn=5.0)  # cached optimum
        assert state == explorer.state
    monkeypatch.undo()
    pred = score >= explorer.threshold.value
    assert explorer.state.tp == np.count_nonzero(pred & (y == 1))


def test_threshold_image_is_a_png_that_changes_and_no_figure_is_made_per_update(monkeypatch):
    y, score = binary_data(seed=4)
    explorer = ThresholdExplorer(y, score)
    created = count_figures(monkeypatch)
    first = bytes(explorer.image.value)
    assert decoded(first).size == (864, 756)  # 9.6 x 8.4 inches at 90 dpi: notebook width
    explorer.threshold.value = 0.7
    moved = bytes(explorer.image.value)
    assert moved != first
    decoded(moved)
    explorer.cost_fn.value = 7.0  # a full re-render of the background
    explorer.prevalence.value = 0.4
    assert bytes(explorer.image.value) != moved
    decoded(explorer.image.value)
    assert created == []
    assert explorer.figure.axes[0].figure is explorer.figure


def test_threshold_explorer_takes_string_labels_with_pos_label():
    y, score = binary_data(n=200, seed=5)
    labels = np.where(y == 1, "spam", "ham")
    explorer = ThresholdExplorer(labels, score, pos_label="spam", threshold=0.5)
    expected = expected_at(y, score, 0.5)
    assert (explorer.state.tp, explorer.state.fp) == (expected["tp"], expected["fp"])


def test_threshold_explorer_rejects_bad_input_naming_the_argument():
    y, score = binary_data(n=50)
    with pytest.raises(MetricInputError, match="both classes"):
        threshold_curve(np.zeros(5, dtype=int), np.arange(5.0))
    with pytest.raises(MetricInputError, match="y_true and y_score differ in length"):
        ThresholdExplorer(y[:-1], score)
    with pytest.raises(MetricInputError, match="cost_fn"):
        ThresholdExplorer(y, score, cost_fn=-1.0)
    curve = threshold_curve(y, score)
    with pytest.raises(MetricInputError, match="prevalence"):
        threshold_state(curve, 0.5, cost_fp=1, cost_fn=1, prevalence=1.0)
    with pytest.raises(MetricInputError, match="threshold"):
        threshold_state(curve, float("nan"), cost_fp=1, cost_fn=1)
    for bad in ("0.5", None, [0.5], True, float("nan")):  # the explorer, the state and the grid alike
        for make in (lambda: ThresholdExplorer(y, score, threshold=bad), lambda: grid_threshold(curve, bad, 0.01),
                     lambda: threshold_state(curve, bad, cost_fp=1, cost_fn=1)):
            with pytest.raises(MetricInputError, match="^threshold must be a number"):
                make()
    for bad_step in (0, -0.1, float("inf"), "0.01", None):
        with pytest.raises(MetricInputError, match="^step must be"):
            grid_threshold(curve, 0.5, bad_step)
    with pytest.raises(MetricInputError, match="^curve must be a ThresholdCurve"):
        grid_threshold((y, score), 0.5, 0.01)


def assert_shows_its_value(explorer):
    """The threshold slider holds a grid value, its readout format writes it exactly, and the
    readout's threshold row says the same text."""
    slider = explorer.threshold
    text = format(slider.value, slider.readout_format)
    assert float(text) == slider.value
    assert on_grid(slider, slider.value) == pytest.approx(slider.value, abs=1e-9 * slider.step)
    assert readout(explorer)["threshold"] == [text]
    return text


@pytest.mark.parametrize("build", [
    lambda: (lambda c: (c.y_true, c.y_score, dict(cost_fp=c.cost_fp, cost_fn=c.cost_fn)))(
        mm.datasets.pedestrian_crossing(seed=0)),           # notebook 03: scores 1e-5 apart near the optimum
    lambda: (*binary_data(seed=1), dict(cost_fp=1.0, cost_fn=10.0)),
    lambda: (*binary_data(seed=1), dict(cost_fp=1e3, cost_fn=1.0)),  # optimum: predict nothing
    lambda: ([0, 1, 0, 1], [10.0, 250.5, 37.25, 1e3], dict(cost_fp=1.0, cost_fn=3.0)),
], ids=["crossing", "ties", "predict-nothing", "wide-scores"])
def test_after_the_optimum_button_slider_and_readout_show_the_same_optimal_threshold(build):
    y, score, costs = build()
    y, score = np.asarray(y), np.asarray(score, dtype=float)
    explorer = ThresholdExplorer(y, score, **costs)
    best = mm.cost_optimal_threshold(y, score, zero_division=0, **costs)
    explorer.optimum_button.click()
    text = assert_shows_its_value(explorer)
    state = explorer.state
    if np.isinf(best.threshold):
        assert state.tp + state.fp == 0 and readout(explorer)["cost-optimal threshold"] == ["inf (predict nothing)"]
    else:
        assert readout(explorer)["cost-optimal threshold"] == [text]
        # the shown value makes the optimum's decisions: the same counts, the optimal cost
        shown, exact = expected_at(y, score, float(text)), expected_at(y, score, best.threshold)
        assert (shown["tp"], shown["fp"]) == (exact["tp"], exact["fp"]) == (state.tp, state.fp)
    assert state.cost == pytest.approx(best.cost, rel=1e-12) and state.optimal_threshold == best.threshold
    # the browser leaves it where it is: snapping to the grid is a no-op
    explorer.threshold.set_state({"value": on_grid(explorer.threshold, explorer.threshold.value)})
    assert explorer.state.tp == state.tp and explorer.state.fp == state.fp


def test_the_crossing_optimum_needs_a_finer_grid_and_gets_one():
    crossing = mm.datasets.pedestrian_crossing(seed=0)
    explorer = ThresholdExplorer(crossing.y_true, crossing.y_score, cost_fp=crossing.cost_fp,
                                 cost_fn=crossing.cost_fn)
    assert (explorer.threshold.step, explorer.threshold.readout_format) == (0.001, ".3f")
    explorer.optimum_button.click()
    assert explorer.threshold.step < 0.001 and explorer.threshold.value != explorer.state.optimal_threshold
    assert_shows_its_value(explorer)


def test_grid_threshold_returns_a_short_grid_value_with_the_same_decisions():
    rng = np.random.default_rng(21)
    for _ in range(40):
        n = int(rng.integers(2, 300))
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]
        score = rng.random(n) * 10.0 ** rng.integers(-6, 4) + rng.choice([0.0, 0.3, -2.0])
        if rng.random() < 0.3:
            score = score.round(int(rng.integers(1, 4)))  # ties
        curve = threshold_curve(y, score)
        step = float(rng.choice([1e-3, 2e-3, 5e-2, 1.0, 20.0]))
        for t in list(rng.choice(curve.threshold, 3)) + [float(score.max()) + 1.0, float(rng.normal())]:
            value, used = threshold_module.grid_threshold(curve, float(t), step)
            assert used <= step and abs(value / used - round(value / used)) < 1e-6
            assert ((score >= value) == (score >= t)).all(), (t, value, used)


def test_a_threshold_set_from_code_off_the_grid_lands_on_the_grid_point_the_slider_shows():
    y, score = binary_data(seed=4)
    explorer = ThresholdExplorer(y, score)
    explorer.threshold.value = 0.123456
    assert explorer.threshold.value == explorer.state.threshold == 0.123
    assert readout(explorer)["threshold"] == ["0.123"]
    explorer.threshold.value = 0.25
    assert readout(explorer)["threshold"] == ["0.250"]
    assert "threshold 0.250" in explorer.figure.axes[0].get_title()


def test_the_threshold_slider_reaches_predict_nothing_above_every_score():
    y, score = binary_data(seed=5)
    explorer = ThresholdExplorer(y, score)
    slider = explorer.threshold
    assert slider.min <= score.min() and slider.max > score.max()
    explorer.threshold.value = slider.max
    assert explorer.state.tp + explorer.state.fp == 0
