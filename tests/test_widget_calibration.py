"""The calibration explorer: set a control's value, and the state and readout equal the package's metrics.

Runs headless with ipywidgets 8 (the dev environment) and 7.7.1 (what Colab ships). The
oracle is always the package's own metric functions, recomputed from scratch on the same
data at the same bins / strategy / temperature / method.
"""

from __future__ import annotations

import math
import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.widgets import CalibrationExplorer, calibration_state, sort_forecasts
from mlmetrics_edu.widgets import calibration as calibration_module
from mlmetrics_edu.widgets._shell import fmt
from widget_checks import RTOL, NoFullPasses, count_figures, decoded, forbid, readout

# ipywidgets 7 + ipykernel >= 6.? warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")


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
        temperature = explorer.temperature.value  # the slider's grid point: 10 ** (k / 100)
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
        temperature = explorer.temperature.value  # the slider's grid point: 10 ** (k / 100)
        proba = softmax(z[ev] / temperature)
        correct = (proba.argmax(axis=1) == y[ev]).astype(np.int64)
        confidence = proba.max(axis=1)
        check_calibration(explorer, y[ev], proba, 15, "quantile",
                          brier=mm.brier_score_loss(correct, confidence),
                          log_loss=mm.log_loss(correct, confidence, labels=[0, 1]))
        np.testing.assert_allclose(explorer.state.observed_rate, correct.mean(), rtol=RTOL)
        np.testing.assert_allclose(explorer.state.mean_confidence, confidence.mean(), rtol=RTOL)
    explorer.method.value = "isotonic"
    confidence = softmax(z[ev] / temperature).max(axis=1)
    fit_conf = softmax(z[explorer.fit_index] / temperature).max(axis=1)
    fit_correct = softmax(z[explorer.fit_index]).argmax(axis=1) == y[explorer.fit_index]
    iso = mm.IsotonicCalibration().fit(log_odds(fit_conf), fit_correct.astype(np.int64))
    correct = (z[ev].argmax(axis=1) == y[ev]).astype(np.int64)
    check_calibration(explorer, correct, iso.transform(log_odds(confidence)), 15, "quantile")
    # the fit button: the temperature fitted on the calibration part
    explorer.method.value = "none"
    explorer.fit_button.click()
    fitted = mm.TemperatureScaling().fit(z[explorer.fit_index], y[explorer.fit_index]).temperature_
    assert explorer.fitted_temperature == fitted
    # the slider's grid point nearest the fitted temperature (exponent step 0.01)
    assert explorer.temperature.value == 10 ** (round(100 * math.log10(fitted)) / 100)
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


@pytest.mark.parametrize("order, message", [
    ([0, 1, 2], "order must be a permutation"),            # one short
    ([0, 1, 2, 2], "order must be a permutation"),         # a repeat
    ([0.0, 1.0, 2.0, 3.0], "order must be a permutation"),  # floats
    (["a", "b", "c", "d"], "order must be a permutation"),
    ([3, 2, 1, 0], "order must sort confidence ascending"),
])
def test_the_pure_state_functions_refuse_what_they_cannot_use(order, message):
    """sort_forecasts trusts `order` to skip its sort, so a wrong one would bin silently wrong."""
    outcome, confidence = [0, 1, 1, 0], [0.1, 0.4, 0.6, 0.9]
    with pytest.raises(MetricInputError, match=message):
        sort_forecasts(outcome, confidence, order=order)
    given, sorted_here = sort_forecasts(outcome, confidence, order=[0, 1, 2, 3]), sort_forecasts(outcome, confidence)
    np.testing.assert_array_equal(given.cum_outcome, sorted_here.cum_outcome)
    for not_sorted in (None, (outcome, confidence), "forecasts"):
        with pytest.raises(MetricInputError, match="forecasts must be SortedForecasts"):
            calibration_state(not_sorted, n_bins=10)
