"""Evaluation reports: metrics with intervals, overall, per slice and per time window, as files and MLflow runs.

Two builders, one report:

* :func:`evaluation_report` -- from arrays in memory: each metric overall and per slice with a
  bootstrap interval that resamples the arrays (:func:`~mlmetrics_edu.significance.bootstrap_ci`);
* :func:`report_from_states` -- from *merged states* (what :func:`~mlmetrics_edu.distributed.evaluate_dask`
  and :func:`~mlmetrics_edu.spark.evaluate_spark` return, or states you kept per hour), so a day of
  traffic is reported without loading it; intervals come from a Poisson bootstrap carried inside
  the states (:class:`PoissonBootstrapState`), and each window is one step on a time axis.

Both return an :class:`EvaluationReport`: *versioned* (package version, every metric's
conventions, the seed, a SHA-256 hash of the inputs), written as JSON, CSV, Markdown and PNG
(:meth:`EvaluationReport.save`) and logged to MLflow (:func:`log_report_to_mlflow`, one step per
window) when the ``tracking`` extra (``pip install "mlmetrics-edu[tracking]"``) is installed.

matplotlib and MLflow are imported inside the functions that need them.
"""

from .arrays import METHODS, METRIC_NAMES, SCORE_ARGUMENTS, evaluation_report
from .bootstrap import PoissonBootstrapState
from .document import COLUMNS, FORMAT_VERSION, EvaluationReport, input_hash
from .states import report_from_states
from .tracking import log_report_to_mlflow, mlflow_key, report_metric_steps, report_metrics, report_params

__all__ = ["EvaluationReport", "PoissonBootstrapState", "evaluation_report", "input_hash",
           "log_report_to_mlflow", "mlflow_key", "report_from_states", "report_metric_steps", "report_metrics",
           "report_params"]
