"""What every explorer shares (widgets/_shell.py): display, the browser's slider snapping, bad input
refused by name, ``restoring()``, and notebooks that hand a moved explorer back as it was."""

from __future__ import annotations

import ast
import math

import ipywidgets
import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.widgets import (
    CalibrationExplorer,
    ErrorExplorer,
    ThresholdExplorer,
    error_sums,
    sort_forecasts,
    threshold_curve,
)
from widget_checks import house_like

# ipywidgets 7 + ipykernel >= 6.? warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")
# ipywidgets 7 sends nothing without a kernel (and Colab's slider sends no echo): the message tests need 8
messages = pytest.mark.skipif(int(ipywidgets.__version__.split(".")[0]) < 8,
                              reason="ipywidgets 7 sends no state without a kernel")


def test_a_bare_explorer_at_the_end_of_a_cell_displays_its_widget(monkeypatch):
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    explorer = ErrorExplorer([1.0, 2.0, 3.0, 5.0], [1.5, 2.0, 2.5, 4.0])
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    assert DisplayFormatter().format(explorer) == ({}, {})  # IPython calls _ipython_display_
    assert shown == [explorer.widget]
    assert "ErrorState" in repr(explorer)


class FrontEnd:
    """What a browser's slider does with a value the kernel sends: rounds it onto its grid in
    binary (noUiSlider: percent of the range, a whole number of steps, back to a value) and, when
    that differs from the value it was sent, sends its own value back -- later, once the kernel
    has run whatever else the cell does."""

    def __init__(self, slider):
        self.slider, self.sent, self.echoes = slider, [], []
        self.grid = {"min": slider.min, "max": slider.max, "step": slider.step}  # what the browser knows
        slider.comm.send = self.send  # every state the kernel sends comes here

    def send(self, data=None, buffers=None, **_):
        if (data or {}).get("method") != "update":
            return  # ipywidgets 8's echo_update: for other browsers, not a new value
        state = data.get("state", {})
        self.sent.append(state)
        if "value" in state:  # the worst order, seen in Chromium: a value before a new step in one message
            self.echoes.append(self.rounded(state["value"]))
        self.grid.update({k: state[k] for k in ("min", "max", "step") if k in state})

    def rounded(self, value):
        g = self.grid
        if g["step"] is None or value >= g["max"]:
            return value
        lo, hi = g["min"], g["max"]
        percent = 100 * (value - lo) / (hi - lo)
        step = 100 * g["step"] / (hi - lo)
        percent = min(max(math.floor(percent / step + 0.5) * step, 0), 100)
        return s.max if percent >= 100 else percent * (hi - lo) / 100 + lo

    def deliver(self):
        """The browser's echoes reach the kernel (as ipywidgets applies a front-end update)."""
        for _ in range(10):  # a kernel that answers an echo with a value loops forever: fail instead
            if not self.echoes:
                return
            echo = self.echoes.pop(0)
            if echo != self.sent[-1].get("value", echo):  # the browser sends only a value that differs
                self.slider.set_state({"value": echo})
        raise AssertionError(f"kernel and browser keep answering each other: {self.sent[-3:]}")


@messages
@pytest.mark.parametrize("value", [0.037, 0.0377, 0.123456, 0.25, 2.0])
def test_a_value_set_from_python_is_on_the_sliders_grid_before_the_browser_sees_it(value):
    crossing = mm.datasets.pedestrian_crossing(seed=0)
    explorer = ThresholdExplorer(crossing.y_true, crossing.y_score)
    slider = explorer.threshold
    front = FrontEnd(slider)
    slider.value = value
    k = round((slider.value - slider.min) / slider.step)
    assert slider.value in (slider.max, round(slider.min + k * slider.step, 3))
    assert front.sent == [{"value": slider.value}]
    assert explorer.state.threshold == slider.value
    assert abs(front.echoes[0] - slider.value) < 1e-9  # the browser's rounding moves nothing
    front.deliver()  # its echo, 0.037000000000000005 for 0.037, reads as the grid point it means
    assert slider.value == explorer.state.threshold and front.sent == [{"value": slider.value}]


@messages
def test_a_learner_move_from_the_browser_still_moves_the_explorer():
    explorer = ErrorExplorer(*house_like(), delta=50_000, unit="$")
    slider, before = explorer.outlier, explorer.state.mae
    FrontEnd(slider)
    slider.set_state({"value": 7 * slider.step + 1e-9 * slider.step})  # a drag, rounded in binary
    assert slider.value == 7 * slider.step and explorer.state.mae > before


@messages
def test_restoring_sends_the_browser_only_the_restored_values_so_no_stale_echo_comes_back():
    crossing = mm.datasets.pedestrian_crossing(seed=0)
    threshold = ThresholdExplorer(crossing.y_true, crossing.y_score, cost_fp=crossing.cost_fp,
                                  cost_fn=crossing.cost_fn)
    front = FrontEnd(threshold.threshold)
    with threshold.restoring():
        threshold.threshold.value = 0.037
        threshold.optimum_button.click()  # refines the step: step, format and value at once
    assert all(sent.get("value") == 0.5 for sent in front.sent if "value" in sent)
    front.deliver()
    assert threshold.threshold.value == threshold.state.threshold == 0.5

    errors = ErrorExplorer(*house_like(), delta=50_000, unit="$")
    front = FrontEnd(errors.outlier)
    with errors.restoring():
        errors.outlier.value = 1_000_000
    front.deliver()
    assert errors.outlier.value == errors.state.outlier == 0.0
    assert all(sent.get("value", 0.0) == 0.0 for sent in front.sent)


@messages
def test_the_optimum_button_sends_a_finer_step_before_the_value():
    crossing = mm.datasets.pedestrian_crossing(seed=0)
    explorer = ThresholdExplorer(crossing.y_true, crossing.y_score, cost_fp=2, cost_fn=30)
    explorer.prevalence.value = 0.05  # the browser test's setting: the optimum sits between two grid points
    before = explorer.threshold.step
    front = FrontEnd(explorer.threshold)
    explorer.optimum_button.click()
    assert explorer.threshold.step < before, "this optimum needs a finer grid"
    assert "step" in front.sent[0] and "value" not in front.sent[0]
    assert front.sent[-1]["value"] == explorer.threshold.value
    front.deliver()
    assert explorer.threshold.value == explorer.state.threshold
    assert explorer.state.cost == pytest.approx(explorer.state.optimal_cost)


def test_the_log_slider_holds_a_point_of_its_exponent_grid():
    rng = np.random.default_rng(15)
    y = rng.integers(0, 3, 600)
    explorer = CalibrationExplorer(y, logits=2.0 * np.eye(3)[y] + rng.normal(size=(600, 3)) * 2)
    explorer.temperature.value = 2.04
    assert explorer.temperature.value == 10 ** 0.31 and explorer.state is not None
    explorer.temperature.value = 50.0
    assert explorer.temperature.value == 10.0


@pytest.mark.parametrize("ipywidgets_setting", ["step first", "value first"])
def test_a_new_step_puts_the_value_on_the_new_grid(ipywidgets_setting):
    from mlmetrics_edu.widgets._shell import GridSlider

    slider = GridSlider(value=0.37, min=0.0, max=1.0, step=0.01)
    if ipywidgets_setting == "step first":
        slider.step = 0.1
    else:
        slider.value, slider.step = 0.37, 0.1
    assert slider.value == 0.4


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
    assert names  # (learner cells no longer move explorers at all: the checks live in tests)
