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
=============================  ======================================================

>>> from mlmetrics_edu.widgets import ThresholdExplorer
>>> explorer = ThresholdExplorer([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost_fn=5)
>>> explorer.state.optimal_threshold
0.35
"""

from .calibration import CalibrationExplorer, CalibrationState, SortedForecasts, calibration_state, sort_forecasts
from .regression import ErrorExplorer, ErrorState, ErrorSums, error_state, error_sums
from .threshold import ThresholdCurve, ThresholdExplorer, ThresholdState, threshold_curve, threshold_state

__all__ = [
    "CalibrationExplorer",
    "CalibrationState",
    "ErrorExplorer",
    "ErrorState",
    "ErrorSums",
    "SortedForecasts",
    "calibration_state",
    "error_state",
    "error_sums",
    "sort_forecasts",
    "ThresholdCurve",
    "ThresholdExplorer",
    "ThresholdState",
    "threshold_curve",
    "threshold_state",
]
