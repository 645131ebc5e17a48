"""The error explorer: move the outlier, and the state and readout equal the package's regression metrics.

Runs headless with ipywidgets 8 (the dev environment) and 7.7.1 (what Colab ships). The
oracle is always the package's own metric functions, recomputed from scratch on the same
data with the same outlier.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.widgets import ErrorExplorer, error_state, error_sums
from mlmetrics_edu.widgets import regression as regression_module
from mlmetrics_edu.widgets._shell import fmt
from widget_checks import RTOL, NoFullPasses, count_figures, decoded, forbid, house_like, on_grid, readout

# ipywidgets 7 + ipykernel >= 6.? warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")


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
        outlier = explorer.outlier.value  # the slider's grid point
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


def test_error_state_refuses_what_is_not_its_sums_and_an_outlier_whose_square_overflows():
    sums = error_sums([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    for not_sums in (None, (1.0, 2.0), "sums"):
        with pytest.raises(MetricInputError, match="sums must be ErrorSums"):
            error_state(not_sums, 1.0)
    for outlier in (1e308, -1e200, float("inf"), float("nan"), "5", True):
        with pytest.raises(MetricInputError, match="outlier must be a finite number"):
            error_state(sums, outlier)
    assert np.isfinite(error_state(sums, 1e100).rmse)  # the bound itself still squares
