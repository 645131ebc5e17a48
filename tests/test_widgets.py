"""The explorers: set a control's value, and the state and readout equal the package's metrics.

Runs headless with ipywidgets 8 (the dev environment) and 7.7.1 (what Colab ships). The
oracle is always the package's own metric functions, recomputed from scratch on the same
data at the same threshold / bins / temperature / cost / method / outlier.
"""

from __future__ import annotations

import ast
import html
import io
import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.widgets import (
    CalibrationExplorer,
    ErrorExplorer,
    ThresholdExplorer,
    calibration_state,
    error_state,
    error_sums,
    sort_forecasts,
    threshold_curve,
    threshold_state,
)
from mlmetrics_edu.widgets import calibration as calibration_module
from mlmetrics_edu.widgets import regression as regression_module
from mlmetrics_edu.widgets import threshold as threshold_module
from mlmetrics_edu.widgets._shell import fmt

# ipywidgets 7 + ipykernel >= 6.? warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RTOL = 1e-9


def readout(explorer):
    """The readout table as {row name: [cell texts]}."""
    table = {}
    for row in re.findall(r"<tr>(.*?)</tr>", explorer.readout.value):
        cells = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        table[cells[0]] = cells[1:]
    return table


def decoded(png):
    png = bytes(png)  # ipywidgets 8 holds a memoryview, 7 bytes
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()  # raises on a corrupt file
    return image


class NoFullPasses:
    """Stands in for numpy in a widget module: any whole-data operation raises."""

    FORBIDDEN = {"argsort", "sort", "cumsum", "unique", "argmin", "percentile", "quantile",
                 "partition", "sum", "average", "mean", "std", "bincount", "histogram"}

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        if name in self.FORBIDDEN:
            raise AssertionError(f"np.{name} called on the update path")
        return getattr(self._real, name)


def forbid(*_args, **_kwargs):
    raise AssertionError("an O(n) function was called on the update path")


def count_figures(monkeypatch):
    created = []
    original = Figure.__init__

    def counting_init(self, *args, **kwargs):
        created.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counting_init)
    return created


# --------------------------------------------------------------------------- thresholds


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
        state = threshold_state(curve, float(t), cost_fp=1.0, cost_fn=5.0)  # cached optimum
        assert state == explorer.state
    monkeypatch.undo()
    pred = score >= 0.89
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


def test_a_bare_explorer_at_the_end_of_a_cell_displays_its_widget(monkeypatch):
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    explorer = ErrorExplorer([1.0, 2.0, 3.0, 5.0], [1.5, 2.0, 2.5, 4.0])
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    assert DisplayFormatter().format(explorer) == ({}, {})  # IPython calls _ipython_display_
    assert shown == [explorer.widget]
    assert "ErrorState" in repr(explorer)


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


# --------------------------------------------------------------------------- calibration


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_odds(p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return np.log(p) - np.log1p(-p)


def check_calibration(explorer, y, p, n_bins, strategy, brier=None, log_loss=None):
    """State and readout equal the package's metrics on (y, p), the evaluation part."""
    state, kw = explorer.state, {"n_bins": n_bins, "strategy": strategy}
    expected = {
        "ece": mm.expected_calibration_error(y, p, **kw),
        "mce": mm.maximum_calibration_error(y, p, **kw),
        "brier": mm.brier_score_loss(y, p) if brier is None else brier,
        "log_loss": mm.log_loss(y, p, labels=[0, 1]) if log_loss is None else log_loss,
    }
    for name, value in expected.items():
        np.testing.assert_allclose(getattr(state, name), value, rtol=RTOL, err_msg=f"{name} {kw}")
    table = readout(explorer)
    assert table["ECE"] == [fmt(expected["ece"])]
    assert table["MCE"] == [fmt(expected["mce"])]
    assert table["Brier score"] == [fmt(expected["brier"])]
    assert table["log loss"] == [fmt(expected["log_loss"])]
    if p.ndim == 1:
        prob_true, prob_pred = mm.calibration_curve(y, p, **kw)
        np.testing.assert_allclose(state.prob_true, prob_true, rtol=RTOL)
        np.testing.assert_allclose(state.prob_pred, prob_pred, rtol=RTOL)


def test_calibration_readout_equals_the_package_for_every_bins_strategy_and_method():
    rng = np.random.default_rng(6)
    n = 1500
    y = (rng.random(n) < 0.35).astype(np.int64)
    p = np.clip(1 / (1 + np.exp(-(2.5 * rng.normal(size=n) + 2 * y - 1))), 0, 1).round(3)  # ties
    explorer = CalibrationExplorer(y, p, holdout=0.4, seed=3)
    fit, ev = explorer.fit_index, explorer.eval_index
    assert fit.size == 600 and ev.size == 900 and np.intersect1d(fit, ev).size == 0
    assert explorer.temperature.disabled and explorer.fit_button.disabled
    assert "900" in explorer.readout.value and "600" in explorer.readout.value  # says how it evaluates
    for method in ("none", "platt", "isotonic"):
        explorer.method.value = method
        if method == "none":
            p_eval = p[ev]
        else:
            model = mm.PlattScaling() if method == "platt" else mm.IsotonicCalibration()
            p_eval = model.fit(log_odds(p[fit]), y[fit]).transform(log_odds(p[ev]))
        for strategy in ("uniform", "quantile"):
            explorer.strategy.value = strategy
            for n_bins in (2, 7, 10, 50):
                explorer.n_bins.value = n_bins
                check_calibration(explorer, y[ev], p_eval, n_bins, strategy)


def test_temperature_on_binary_logits_gives_the_package_metrics():
    rng = np.random.default_rng(7)
    n = 800
    y = (rng.random(n) < 0.5).astype(np.int64)
    s = 3.0 * (rng.normal(size=n) + 1.2 * (2 * y - 1))
    explorer = CalibrationExplorer(y, logits=s, n_bins=12)
    ev = explorer.eval_index
    assert not explorer.temperature.disabled
    for temperature in (0.3, 1.0, 2.0, 6.5):
        explorer.temperature.value = temperature
        p = 1 / (1 + np.exp(-s[ev] / temperature))
        check_calibration(explorer, y[ev], p, 12, "uniform")
        explorer.method.value = "platt"  # fitted after the temperature on the other half
        platt = mm.PlattScaling().fit(s[explorer.fit_index] / temperature, y[explorer.fit_index])
        check_calibration(explorer, y[ev], platt.transform(s[ev] / temperature), 12, "uniform")
        explorer.method.value = "none"


def test_multiclass_logits_are_judged_top_label_at_every_temperature():
    scenario = mm.datasets.overconfident_classifier(n=1200, seed=1)
    y, z = scenario.y_true, scenario.logits
    explorer = CalibrationExplorer(y, logits=z, n_bins=15, strategy="quantile")
    ev = explorer.eval_index
    for temperature in (0.5, 1.0, 2.5, 8.0):
        explorer.temperature.value = temperature
        proba = softmax(z[ev] / temperature)
        correct = (proba.argmax(axis=1) == y[ev]).astype(np.int64)
        confidence = proba.max(axis=1)
        check_calibration(explorer, y[ev], proba, 15, "quantile",
                          brier=mm.brier_score_loss(correct, confidence),
                          log_loss=mm.log_loss(correct, confidence, labels=[0, 1]))
        np.testing.assert_allclose(explorer.state.observed_rate, correct.mean(), rtol=RTOL)
        np.testing.assert_allclose(explorer.state.mean_confidence, confidence.mean(), rtol=RTOL)
    explorer.method.value = "isotonic"
    confidence = softmax(z[ev] / 8.0).max(axis=1)
    fit_conf = softmax(z[explorer.fit_index] / 8.0).max(axis=1)
    fit_correct = softmax(z[explorer.fit_index]).argmax(axis=1) == y[explorer.fit_index]
    iso = mm.IsotonicCalibration().fit(log_odds(fit_conf), fit_correct.astype(np.int64))
    correct = (z[ev].argmax(axis=1) == y[ev]).astype(np.int64)
    check_calibration(explorer, correct, iso.transform(log_odds(confidence)), 15, "quantile")
    # the fit button: the temperature fitted on the calibration part
    explorer.method.value = "none"
    explorer.fit_button.click()
    fitted = mm.TemperatureScaling().fit(z[explorer.fit_index], y[explorer.fit_index]).temperature_
    assert explorer.fitted_temperature == fitted
    np.testing.assert_allclose(explorer.temperature.value, fitted, rtol=1e-12)
    assert explorer.state.ece < 0.08 < mm.expected_calibration_error(y[ev], softmax(z[ev]), n_bins=15)


def test_multiclass_probabilities_use_the_top_label_without_temperature():
    scenario = mm.datasets.maneuver_classifier(n=900, seed=2)
    y, proba = scenario.y_true, scenario.y_score
    explorer = CalibrationExplorer(y, proba, n_bins=8)
    ev = explorer.eval_index
    assert explorer.temperature.disabled
    correct = (proba[ev].argmax(axis=1) == y[ev]).astype(np.int64)
    confidence = proba[ev].max(axis=1)
    check_calibration(explorer, y[ev], proba[ev], 8, "uniform",
                      brier=mm.brier_score_loss(correct, confidence),
                      log_loss=mm.log_loss(correct, confidence, labels=[0, 1]))
    y_eval, p_eval = explorer.evaluation_probabilities()
    np.testing.assert_array_equal(p_eval, proba[ev])
    np.testing.assert_array_equal(y_eval, y[ev])


def test_quantile_bin_edges_are_bit_identical_to_numpy_percentile():
    rng = np.random.default_rng(8)
    for _ in range(300):
        n = int(rng.integers(1, 2000))
        p = rng.random(n) if rng.random() < 0.5 else rng.integers(0, 5, n) / 4  # heavy ties
        n_bins = int(rng.integers(1, 60))
        expected = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
        np.testing.assert_array_equal(calibration_module._quantile_edges(np.sort(p), n_bins), expected)


def test_calibration_state_matches_the_package_on_random_forecasts():
    rng = np.random.default_rng(9)
    for _ in range(40):
        n = int(rng.integers(1, 500))
        y = (rng.random(n) < rng.random()).astype(np.int64)
        p = rng.random(n).round(int(rng.integers(1, 4)))
        forecasts = sort_forecasts(y, p)
        for strategy in ("uniform", "quantile"):
            n_bins = int(rng.integers(1, 40))
            state = calibration_state(forecasts, n_bins=n_bins, strategy=strategy)
            kw = {"n_bins": n_bins, "strategy": strategy}
            np.testing.assert_allclose(state.ece, mm.expected_calibration_error(y, p, **kw), rtol=RTOL, atol=1e-15)
            np.testing.assert_allclose(state.mce, mm.maximum_calibration_error(y, p, **kw), rtol=RTOL, atol=1e-15)


def test_bins_and_strategy_changes_reuse_the_sorted_forecasts(monkeypatch):
    scenario = mm.datasets.overconfident_classifier(n=2000)
    explorer = CalibrationExplorer(scenario.y_true, logits=scenario.logits)
    monkeypatch.setattr(calibration_module, "np", NoFullPasses(np))
    for name in ("brier_score_loss", "log_loss", "sort_forecasts", "_column_codes", "_positives"):
        monkeypatch.setattr(calibration_module, name, forbid)
    for n_bins, strategy in [(5, "uniform"), (20, "quantile"), (50, "quantile"), (3, "uniform")]:
        explorer.strategy.value = strategy
        explorer.n_bins.value = n_bins
        assert (explorer.state.n_bins, explorer.state.strategy) == (n_bins, strategy)
    monkeypatch.undo()
    explorer.temperature.value = 2.0  # a new temperature does recompute: O(n k)
    assert explorer.state.n_bins == 3


def test_calibration_image_changes_and_no_figure_is_made_per_update(monkeypatch):
    scenario = mm.datasets.overconfident_classifier(n=1000)
    explorer = CalibrationExplorer(scenario.y_true, logits=scenario.logits)
    created = count_figures(monkeypatch)
    images = {bytes(explorer.image.value)}
    for change in (("n_bins", 25), ("strategy", "quantile"), ("method", "platt"), ("temperature", 3.0)):
        setattr(getattr(explorer, change[0]), "value", change[1])
        decoded(explorer.image.value)
        images.add(bytes(explorer.image.value))
    assert len(images) == 5 and created == []


def test_calibration_explorer_rejects_bad_input_naming_the_argument():
    y, p = [0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6]
    with pytest.raises(MetricInputError, match="exactly one of y_prob and logits"):
        CalibrationExplorer(y)
    with pytest.raises(MetricInputError, match="exactly one of y_prob and logits"):
        CalibrationExplorer(y, p, logits=[0.0, 1.0, 0.0, 1.0])
    with pytest.raises(MetricInputError, match="n_bins"):
        CalibrationExplorer(y, p, n_bins=51)
    with pytest.raises(MetricInputError, match="strategy"):
        CalibrationExplorer(y, p, strategy="kmeans")
    with pytest.raises(MetricInputError, match="holdout"):
        CalibrationExplorer(y, p, holdout=1.0)
    with pytest.raises(MetricInputError, match="y_prob"):
        CalibrationExplorer(y, [0.1, 1.8, 0.3, 0.6])
    with pytest.raises(MetricInputError, match="y_true and y_prob differ in length"):
        CalibrationExplorer(y[:3], p)


# --------------------------------------------------------------------------- regression errors


def regression_data(n=400, seed=10):
    rng = np.random.default_rng(seed)
    y_true = rng.normal(50, 10, n)
    return y_true, y_true + rng.normal(0, 3, n)


def test_outlier_slider_gives_the_package_metrics_on_the_changed_data():
    y_true, y_pred = regression_data()
    explorer = ErrorExplorer(y_true, y_pred, delta=2.0)
    i = explorer.outlier_index
    assert i == int(np.argmin(np.abs(y_pred - y_true)))
    for outlier in (0.0, 0.5, 3.0, 40.0, explorer.outlier.max / 2, explorer.outlier.max):
        explorer.outlier.value = outlier
        changed = y_true.copy()
        changed[i] += outlier
        expected = {
            "mae": mm.mean_absolute_error(changed, y_pred),
            "mse": mm.mean_squared_error(changed, y_pred),
            "rmse": mm.root_mean_squared_error(changed, y_pred),
            "huber": mm.huber_loss(changed, y_pred, delta=2.0),
            "r2": mm.r2_score(changed, y_pred),
        }
        for name, value in expected.items():
            np.testing.assert_allclose(getattr(explorer.state, name), value, rtol=RTOL, err_msg=name)
        # four significant digits of the data's scale: RMSE ~3 and MSE ~9 both get three decimals
        assert 1 < explorer.baseline.rmse and explorer.baseline.mse < 10
        table = readout(explorer)
        assert table["MAE"][1] == f"{expected['mae']:,.3f}" and table["RMSE"][1] == f"{expected['rmse']:,.3f}"
        assert table["Huber loss, δ = 2"][1] == f"{expected['huber']:,.3f}" and table["R²"][1] == fmt(expected["r2"])
        assert table["MSE"][1] == f"{expected['mse']:,.3f}"
        assert table["MAE"][0] == f"{mm.mean_absolute_error(y_true, y_pred):,.3f}"  # the baseline column
        assert table[f"residual of sample {i}"][1] == f"{changed[i] - y_pred[i]:+,.3f}"  # actual - predicted
    # the lesson: at the slider's end RMSE has about tripled, MAE has barely moved
    assert explorer.state.rmse > 2.5 * explorer.baseline.rmse
    assert explorer.state.mae < 1.5 * explorer.baseline.mae


def test_error_state_matches_the_package_for_any_sample_and_constant_targets():
    rng = np.random.default_rng(11)
    for _ in range(30):
        n = int(rng.integers(2, 60))
        y_true = rng.normal(size=n).round(1) if rng.random() < 0.8 else np.full(n, 3.0)
        y_pred = y_true + rng.normal(size=n).round(1) * (rng.random() < 0.8)
        index, delta = int(rng.integers(0, n)), float(rng.choice([0.1, 1.0, 5.0]))
        sums = error_sums(y_true, y_pred, delta=delta, index=index)
        for outlier in (0.0, float(rng.normal() * 10)):
            changed = y_true.copy()
            changed[index] += outlier
            state = error_state(sums, outlier)
            np.testing.assert_allclose(state.mae, mm.mean_absolute_error(changed, y_pred), rtol=RTOL, atol=1e-12)
            np.testing.assert_allclose(state.huber, mm.huber_loss(changed, y_pred, delta=delta), rtol=RTOL, atol=1e-12)
            np.testing.assert_allclose(state.rmse, mm.root_mean_squared_error(changed, y_pred), rtol=RTOL, atol=1e-12)
            np.testing.assert_allclose(state.r2, mm.r2_score(changed, y_pred), rtol=1e-8, atol=1e-10)


def test_outlier_updates_swap_one_term_instead_of_passing_over_the_data(monkeypatch):
    y_true, y_pred = regression_data(n=5000)
    explorer = ErrorExplorer(y_true, y_pred)
    created = count_figures(monkeypatch)
    monkeypatch.setattr(regression_module, "np", NoFullPasses(np))
    monkeypatch.setattr(regression_module, "as_float_array", forbid)
    monkeypatch.setattr(regression_module, "error_sums", forbid)
    images = set()
    for outlier in (1.0, 10.0, explorer.outlier.max):  # the last one is off the residual plot's scale
        explorer.outlier.value = outlier
        images.add(bytes(explorer.image.value))
    monkeypatch.undo()
    assert len(images) == 3 and created == []
    decoded(explorer.image.value)
    assert "off the scale" in explorer.figure.axes[0].texts[-1].get_text()


def test_error_explorer_rejects_bad_input_naming_the_argument():
    with pytest.raises(MetricInputError, match="at least two samples"):
        ErrorExplorer([1.0], [2.0])
    with pytest.raises(MetricInputError, match="delta"):
        ErrorExplorer([1.0, 2.0], [2.0, 2.0], delta=0)
    with pytest.raises(MetricInputError, match="y_true and y_pred differ in length"):
        ErrorExplorer([1.0, 2.0, 3.0], [2.0, 2.0])
    with pytest.raises(MetricInputError, match="index"):
        error_sums([1.0, 2.0], [2.0, 2.0], index=2)
    with pytest.raises(MetricInputError, match="outlier"):
        error_state(error_sums([1.0, 2.0], [2.0, 2.0]), float("inf"))


def test_a_browser_slider_snapping_a_python_set_value_to_its_grid_is_ignored():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 2, 500)
    explorer = ThresholdExplorer(y_true, rng.random(500))
    explorer.threshold.value = 0.1
    slider = explorer.threshold
    grid = slider.min + round((0.1 - slider.min) / slider.step) * slider.step
    slider.set_state({"value": grid})  # what the front end sends back after rounding
    assert slider.value == 0.1 and explorer.state.threshold == 0.1
    slider.set_state({"value": grid + slider.step})  # a real move by the learner
    assert explorer.state.threshold == pytest.approx(grid + slider.step)


BAD_WIDGET_INPUTS = [
    ("length mismatch", ([0, 1, 1], [0.2, 0.4]), "differ in length"),
    ("None", (None, [0.2, 0.4]), "is None"),
    ("2-D", ([[0, 1], [1, 0]], [[0.2, 0.4], [0.3, 0.1]]), "1-D"),
    ("NaN", ([0, 1, 1], [0.2, np.nan, 0.4]), "NaN"),
]


@pytest.mark.parametrize("label, args, message", BAD_WIDGET_INPUTS, ids=[b[0] for b in BAD_WIDGET_INPUTS])
@pytest.mark.parametrize("build", [
    lambda a, b: ThresholdExplorer(a, b),
    lambda a, b: CalibrationExplorer(a, b),
    lambda a, b: ErrorExplorer(a, b),
    lambda a, b: sort_forecasts(a, b),
    lambda a, b: threshold_curve(a, b),
    lambda a, b: error_sums(a, b),
], ids=["threshold", "calibration", "error", "sort_forecasts", "threshold_curve", "error_sums"])
def test_explorers_and_their_state_builders_refuse_bad_input_by_name(build, label, args, message):
    with pytest.raises(MetricInputError, match=message):
        build(*args)


@pytest.mark.parametrize("build, name", [
    (lambda: ThresholdExplorer([0, 1, 1], [1e308, -1e308, 0.0]), "y_score"),
    (lambda: ErrorExplorer([0.0, 1.0, 2.0], [1e308, -1e308, 0.0]), "y_pred"),
    (lambda: sort_forecasts([0, 1], [1e308, -1e308]), "confidence"),
])
def test_values_too_large_to_plot_are_refused_not_overflowed(build, name):
    with pytest.raises(MetricInputError, match=name):
        build()


# --------------------------------------------------------------------------- what the learner reads


def on_grid(slider, value):
    """Where a browser slider puts ``value``: the nearest point of its grid ``min + k * step``."""
    return slider.min + round((value - slider.min) / slider.step) * slider.step


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


def test_a_threshold_set_from_code_off_the_grid_is_shown_exactly_too():
    y, score = binary_data(seed=4)
    explorer = ThresholdExplorer(y, score)
    explorer.threshold.value = 0.123456
    assert readout(explorer)["threshold"] == ["0.123 (exactly 0.123456)"]
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


def house_like(n=490, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.lognormal(12.8, 0.35, n)
    return y_true, y_true + rng.normal(0, 40_000, n)


def test_the_outlier_slider_holds_round_numbers_exactly():
    y_true, y_pred = house_like()
    explorer = ErrorExplorer(y_true, y_pred, delta=50_000, unit="$")
    slider = explorer.outlier
    assert slider.max >= 1_000_000
    for typed in (250_000, 1_000_000, 35_000, 5_000):
        slider.value = typed  # what the learner types into the slider's readout
        assert on_grid(slider, typed) == typed  # the browser keeps it: it is a grid point
        assert slider.value == explorer.state.outlier == typed
        assert format(typed, slider.readout_format) == f"{typed:,}"
    assert slider.description == "outlier ($)"


def test_the_error_readout_is_in_the_data_units_with_one_sign_convention():
    y_true, y_pred = house_like()
    explorer = ErrorExplorer(y_true, y_pred, delta=50_000, unit="$")
    explorer.outlier.value = 1_000_000
    i = explorer.outlier_index
    changed = y_true.copy()
    changed[i] += 1_000_000
    table = readout(explorer)
    mse = mm.mean_squared_error(changed, y_pred)
    assert table["MSE ($²)"][1] == f"{mse:,.0f}" and re.fullmatch(r"\d{1,3}(,\d{3})+", table["MSE ($²)"][1])
    assert table["RMSE ($)"][1] == f"{mm.root_mean_squared_error(changed, y_pred):,.0f}"
    assert table["MAE ($)"][0] == f"{mm.mean_absolute_error(y_true, y_pred):,.0f}"
    assert table["Huber loss, δ = 50,000 ($²)"][1] == f"{mm.huber_loss(changed, y_pred, delta=50_000):,.0f}"
    # residual = actual - predicted: the readout, the state and the residual plot agree in sign
    residual = changed[i] - y_pred[i]
    assert residual > 0 and explorer.state.residual == pytest.approx(residual)
    assert table[f"residual of sample {i} ($)"] == [f"{y_true[i] - y_pred[i]:+,.0f}", f"{residual:+,.0f}"]
    assert "actual − predicted" in explorer.figure.axes[0].get_ylabel()
    assert "Residual = actual − predicted" in explorer.readout.value
    assert "error" not in explorer.readout.value.lower().replace("error metrics", "")
    label = explorer.figure.axes[0].texts[-1].get_text()
    assert label.startswith(f"residual {residual:+,.0f}")  # off the scale, same sign and format
    with pytest.raises(MetricInputError, match="unit"):
        ErrorExplorer(y_true, y_pred, unit=5)


def test_low_count_bins_are_marked_on_the_figure_and_in_the_readout():
    rng = np.random.default_rng(8)
    n = 4000
    p = rng.beta(5, 1.2, n)  # few low confidences: the low bins hold a handful of samples
    y = (rng.random(n) < p).astype(np.int64)
    explorer = CalibrationExplorer(y, p, n_bins=30, min_count=20)
    s = explorer.state
    low = s.counts < 20
    assert low.any() and not low.all()
    ax, hist_ax = explorer.figure.axes[:2]
    marked = plots_artist(ax, "low_count")
    np.testing.assert_array_equal(marked.get_xdata(), s.prob_pred[low])
    np.testing.assert_array_equal(marked.get_ydata(), s.prob_true[low])
    np.testing.assert_array_equal(plots_artist(hist_ax, "low_count_bins").get_xdata(), s.prob_pred[low])
    labels = [t.get_text() for t in explorer._count_labels if t.get_text()]
    assert labels == [f"n={c:g}" for c in s.counts[low]]
    bars = [b for b in hist_ax.patches if b.get_gid() == "confidence_histogram"]
    red = [b.get_facecolor()[:3] == (0.8627450980392157, 0.0784313725490196, 0.23529411764705882) for b in bars]
    assert red == list(low)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("< 20 samples" in t for t in legend)
    assert readout(explorer)["bins with < 20 samples"] == [
        f"{low.sum()}, holding {s.counts[low].sum():,.0f} samples (hollow, labelled n=)"]
    explorer.n_bins.value = 2  # every bin is big: nothing marked
    assert readout(explorer)["bins with < 20 samples"] == ["none"]
    assert plots_artist(ax, "low_count").get_xdata().size == 0 and not any(t.get_text() for t in explorer._count_labels)


def plots_artist(ax, gid):
    from mlmetrics_edu import plots

    return plots.get_artist(ax, gid)


def test_the_histogram_label_and_ticks_stay_inside_the_figure_for_any_counts():
    rng = np.random.default_rng(9)
    n = 60_000
    p = rng.random(n)
    y = (rng.random(n) < p).astype(np.int64)
    explorer = CalibrationExplorer(y, p, n_bins=50)  # first render: small counts
    explorer.n_bins.value = 2  # 15,000 per bin: long tick labels if unformatted
    hist_ax = explorer.figure.axes[1]
    renderer = explorer.figure.canvas.get_renderer()
    label = hist_ax.yaxis.label.get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in hist_ax.get_yticklabels() if t.get_text()]
    assert label.x0 >= 0 and min(b.x0 for b in ticks) > label.x1  # the label left of the ticks, inside
    assert all(len(t.get_text()) <= 4 for t in hist_ax.get_yticklabels())  # 15k, not 15000
    image = np.asarray(decoded(explorer.image.value).convert("RGB"))
    assert image.shape[1] == round(explorer.figure.get_figwidth() * explorer.dpi)


def test_temperature_readout_uses_the_sliders_format():
    rng = np.random.default_rng(12)
    y = rng.integers(0, 3, 900)
    logits = 3.0 * np.eye(3)[y] + rng.normal(size=(900, 3)) * 2
    explorer = CalibrationExplorer(y, logits=logits)
    explorer.fit_button.click()
    slider = explorer.temperature
    assert readout(explorer)["temperature"] == [format(slider.value, slider.readout_format)]
    assert readout(explorer)["fitted temperature"] == [f"{explorer.fitted_temperature:.4g}"]


def test_recalibrators_are_fitted_on_at_most_max_fit_rows_of_the_calibration_part():
    rng = np.random.default_rng(13)
    n = 3000
    y = (rng.random(n) < 0.4).astype(np.int64)
    p = 1 / (1 + np.exp(-(2.5 * rng.normal(size=n) + 2 * y - 1)))
    explorer = CalibrationExplorer(y, p, max_fit=400, seed=2)
    full = CalibrationExplorer(y, p, max_fit=None, seed=2)
    fit, ev = explorer.fit_index, explorer.eval_index
    assert fit.size == 400 and explorer.n_calibration == 1500 and ev.size == 1500
    assert np.isin(fit, full.fit_index).all() and np.intersect1d(fit, ev).size == 0
    np.testing.assert_array_equal(ev, full.eval_index)
    explorer.method.value = "platt"
    p_eval = mm.PlattScaling().fit(log_odds(p[fit]), y[fit]).transform(log_odds(p[ev]))
    check_calibration(explorer, y[ev], p_eval, 10, "uniform")
    assert "a random 400 of the other 1,500" in explorer.readout.value
    for bad in (0, -3, 2.5, True):
        with pytest.raises(MetricInputError, match="max_fit"):
            CalibrationExplorer(y, p, max_fit=bad)
    with pytest.raises(MetricInputError, match="min_count"):
        CalibrationExplorer(y, p, min_count=None)


class NoArgsort:
    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        if name == "argsort":
            raise AssertionError("np.argsort called on a method switch")
        return getattr(self._real, name)


def test_a_method_switch_reuses_the_sort_of_its_temperature(monkeypatch):
    rng = np.random.default_rng(14)
    y = rng.integers(0, 4, 2000)
    logits = 2.0 * np.eye(4)[y] + rng.normal(size=(2000, 4)) * 1.5
    explorer = CalibrationExplorer(y, logits=logits)
    explorer.temperature.value = 1.7  # sorts once at this temperature
    monkeypatch.setattr(calibration_module, "np", NoArgsort(np))
    for method in ("platt", "isotonic"):
        explorer.method.value = method
        labels, p_eval = explorer.evaluation_probabilities()
        check_calibration(explorer, labels, p_eval, 10, "uniform")


# --------------------------------------------------------------------------- restoring()


def explorer_snapshot(explorer):
    controls = [(c.value, getattr(c, "step", None), getattr(c, "readout_format", None)) for c in explorer._controls]
    return controls, repr(explorer.state), explorer.readout.value, bytes(explorer.image.value)


def test_restoring_gives_every_explorer_back_as_it_was():
    crossing = mm.datasets.pedestrian_crossing(seed=0)
    threshold = ThresholdExplorer(crossing.y_true, crossing.y_score, cost_fp=crossing.cost_fp,
                                  cost_fn=crossing.cost_fn)
    before = explorer_snapshot(threshold)
    with threshold.restoring():
        threshold.prevalence.value, threshold.cost_fn.value = 0.3, 5.0
        threshold.optimum_button.click()  # also refines the slider's step
        assert threshold.state.prevalence == pytest.approx(0.3)
    assert explorer_snapshot(threshold) == before

    rng = np.random.default_rng(15)
    y = rng.integers(0, 3, 600)
    calibration = CalibrationExplorer(y, logits=2.0 * np.eye(3)[y] + rng.normal(size=(600, 3)) * 2)
    before = explorer_snapshot(calibration)
    with pytest.raises(ZeroDivisionError):
        with calibration.restoring():
            calibration.method.value, calibration.n_bins.value = "platt", 20
            calibration.fit_button.click()
            1 / 0  # an error inside the block restores too
    assert explorer_snapshot(calibration) == before and calibration.fitted_temperature is None

    errors = ErrorExplorer(*house_like(), delta=50_000, unit="$")
    before = explorer_snapshot(errors)
    with errors.restoring():
        errors.outlier.value = 1_000_000
    assert explorer_snapshot(errors) == before


# --------------------------------------------------------------------------- Run All shows each explorer's own state


def _explorer_moves(tree, names):
    """(line, explorer, inside its restoring() block) for every control set or button click."""
    found = []

    def visit(node, restoring):
        if isinstance(node, ast.With):
            restoring = restoring | {
                item.context_expr.func.value.id for item in node.items
                if isinstance(item.context_expr, ast.Call) and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr == "restoring" and isinstance(item.context_expr.func.value, ast.Name)}
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets
                       for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "click":
            targets = [node.func]
        for target in targets:
            owner = target.value if isinstance(target, ast.Attribute) else None
            owner = owner.value if isinstance(owner, ast.Attribute) else None
            if isinstance(owner, ast.Name) and owner.id in names:
                found.append((node.lineno, owner.id, owner.id in restoring))
        for child in ast.iter_child_nodes(node):
            visit(child, restoring)

    visit(tree, frozenset())
    return found


@pytest.mark.parametrize("stem", ["03_thresholds_roc_pr", "04_calibration", "05_regression_and_ranking"])
def test_notebook_cells_that_move_an_explorer_hand_it_back_as_it_was(stem):
    """After Run All, an explorer shows the state its own cell describes: every later cell that
    moves a control (or presses a button) does it inside ``with explorer.restoring():``."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parent.parent / "notebooks" / f"{stem}.ipynb").read_text())["cells"]
    names, moves = set(), 0
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        code = "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!"))
                         else line for line in source.splitlines())  # IPython magics: not Python
        tree = ast.parse(code)
        for node in ast.walk(tree):  # explorers made in this notebook
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name) and node.value.func.id.endswith("Explorer")):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        for line, name, restored in _explorer_moves(tree, names):
            moves += 1
            assert restored, f"{stem}: {name} moved outside `with {name}.restoring():`\n{source}"
    assert names and moves >= 2
