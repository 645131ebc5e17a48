"""Interactive explorers for the course: thresholds, calibration, regression errors.

Each explorer is three layers: a pure state function (tested without a browser), one
matplotlib Figure updated in place, and a thin ipywidgets shell that shows the figure as a
PNG in ``widgets.Image`` -- so it looks the same in JupyterLab, Notebook 7 and Colab
(ipywidgets 7.7 and 8.x). Controls are ipywidgets attributes: set ``explorer.threshold.value``
in code and ``explorer.state`` holds the new numbers.

=============================  ======================================================
explorer                       pure state function (precomputed once, then per update)
=============================  ======================================================
``ThresholdExplorer``          ``threshold_state(threshold_curve(...), threshold, ...)``
``CalibrationExplorer``        ``calibration_state(sort_forecasts(...), n_bins=..., ...)``
``ErrorExplorer``              ``error_state(error_sums(...), outlier)``
``CoverageExplorer``           ``coverage_state(...)``: how often an interval covers the truth
=============================  ======================================================

``quiz(...)`` puts the interview question bank in any notebook with one line -- a question by
id, a topic, or a 5-minute rapid-fire round -- graded by the same engine as
``mlmetrics-edu interview``: ``quiz("roc-or-pr-rare")``, ``quiz(topic="thresholds", n=5)``.

>>> from mlmetrics_edu.widgets import ThresholdExplorer
>>> explorer = ThresholdExplorer([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost_fn=5)
>>> explorer.state.optimal_threshold
0.35
"""

from .calibration import CalibrationExplorer, CalibrationState, SortedForecasts, calibration_state, sort_forecasts
from .coverage import CoverageExplorer, CoverageState, coverage_state, simulate_intervals
from .quiz import Quiz, QuizState, model_response, plan_quiz, quiz
from .regression import ErrorExplorer, ErrorState, ErrorSums, error_state, error_sums
from .threshold import ThresholdCurve, ThresholdExplorer, ThresholdState, threshold_curve, threshold_state

__all__ = [
    "CalibrationExplorer",
    "CalibrationState",
    "CoverageExplorer",
    "CoverageState",
    "ErrorExplorer",
    "ErrorState",
    "ErrorSums",
    "Quiz",
    "QuizState",
    "SortedForecasts",
    "calibration_state",
    "coverage_state",
    "error_state",
    "error_sums",
    "model_response",
    "plan_quiz",
    "quiz",
    "simulate_intervals",
    "sort_forecasts",
    "ThresholdCurve",
    "ThresholdExplorer",
    "ThresholdState",
    "threshold_curve",
    "threshold_state",
]
