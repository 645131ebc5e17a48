"""Properties every metric must have, and a registry of every public name (after sklearn's test_common).

Each (y_true, y_pred) metric is registered once in REGISTRY with the kind of data it takes and
the properties it has; each property is one test, parametrized over every metric that claims it.
Every other public name of the package -- ``mlmetrics_edu.__all__`` and the ``__all__`` of every
public module below the front ends -- is registered in ENTRIES with a category and a minimal valid
call. A public name in neither fails test_every_public_name_is_registered; the bad-input sweep
(issue 22) derives its bad calls from the valid calls, so a new function is swept once registered.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import inspect
import pkgutil
import re
import types
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu import MetricInputError

N = 60
SEEDS = range(5)


# ----------------------------------------------------------------------------- data kinds
# Each maker returns (y_true, second_argument) for one seed; the first axis is samples.


def labels_binary(rng):
    y_true = rng.integers(0, 2, N)
    y_pred = np.where(rng.random(N) < 0.7, y_true, 1 - y_true)
    return y_true, y_pred


def labels_multiclass(rng):
    y_true = rng.integers(0, 4, N)
    y_pred = np.where(rng.random(N) < 0.6, y_true, rng.integers(0, 4, N))
    return y_true, y_pred


def scores_binary(rng):
    y_true = rng.integers(0, 2, N)
    score = np.round(y_true + rng.normal(size=N), 1)  # rounded: ties on purpose
    return y_true, score


def probs_binary(rng):
    y_true = rng.integers(0, 2, N)
    prob = np.clip(np.round(0.3 + 0.4 * y_true + rng.normal(scale=0.2, size=N), 2), 0, 1)
    return y_true, prob


def regression(rng):
    y_true = rng.normal(loc=3.0, size=N)
    return y_true, y_true + rng.normal(scale=0.7, size=N)


def regression_positive(rng):
    y_true = rng.uniform(1, 10, N)
    return y_true, y_true * rng.uniform(0.7, 1.3, N)


def ranking(rng):
    rel = rng.integers(0, 4, size=(N // 6, 12))
    rel[:, 0] = np.maximum(rel[:, 0], 1)  # every query has a relevant item
    score = np.round(rel + rng.normal(size=rel.shape), 1)
    return rel, score


def perfect(maker):
    """The ideal second argument for the data kind: predictions equal the truth."""
    def make(rng):
        y_true, _ = maker(rng)
        if maker in (scores_binary, probs_binary, ranking):
            return y_true, y_true.astype(float)
        return y_true, y_true.copy()
    return make


# ----------------------------------------------------------------------------- registry


@dataclass
class Metric:
    name: str
    fn: callable
    data: callable
    kwargs: dict = field(default_factory=dict)
    symmetric: bool = False          # f(a, b) == f(b, a)
    weighted: bool = True            # accepts sample_weight
    monotone_invariant: bool = False  # unchanged by a strictly increasing map of the scores
    best: float | None = None        # value on a perfect prediction
    sample_axis_permutable: bool = True
    string_labels: bool = False      # labels may be strings

    def __call__(self, a, b, **extra):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.fn(a, b, **self.kwargs, **extra)

    def __repr__(self):
        return self.name


def m(name, data, **options):
    kwargs = options.pop("kwargs", {})
    return Metric(name, getattr(mm, name), data, kwargs, **options)


REGISTRY = [
    # classification: labels in, labels out
    m("accuracy_score", labels_multiclass, symmetric=True, best=1.0, string_labels=True),
    m("precision_score", labels_binary, best=1.0, string_labels=True),
    m("recall_score", labels_binary, best=1.0, string_labels=True),
    m("f1_score", labels_binary, symmetric=True, best=1.0, string_labels=True),
    m("fbeta_score", labels_binary, kwargs={"beta": 2.0}, best=1.0, string_labels=True),
    m("specificity_score", labels_binary, best=1.0, string_labels=True),
    m("f1_score", labels_multiclass, kwargs={"average": "micro"}, symmetric=True, best=1.0,
      string_labels=True),
    m("f1_score", labels_multiclass, kwargs={"average": "macro"}, best=1.0, string_labels=True),
    m("precision_score", labels_multiclass, kwargs={"average": "weighted"}, best=1.0,
      string_labels=True),
    m("balanced_accuracy_score", labels_multiclass, best=1.0, string_labels=True),
    m("matthews_corrcoef", labels_multiclass, symmetric=True, best=1.0, string_labels=True),
    # thresholds and curves: scores in
    m("roc_auc_score", scores_binary, monotone_invariant=True, best=1.0),
    m("average_precision_score", scores_binary, monotone_invariant=True, best=1.0),
    # calibration: probabilities in
    m("log_loss", probs_binary),
    m("brier_score_loss", probs_binary, best=0.0),
    m("expected_calibration_error", probs_binary, best=0.0),
    # regression
    m("mean_absolute_error", regression, symmetric=True, best=0.0),
    m("mean_squared_error", regression, symmetric=True, best=0.0),
    m("root_mean_squared_error", regression, symmetric=True, best=0.0),
    m("r2_score", regression, best=1.0),
    m("mean_absolute_percentage_error", regression_positive, best=0.0),
    m("symmetric_mean_absolute_percentage_error", regression_positive, symmetric=True, best=0.0),
    m("mean_pinball_loss", regression, kwargs={"alpha": 0.9}, best=0.0),
    m("huber_loss", regression, symmetric=True, best=0.0),
    m("median_absolute_error", regression, symmetric=True, best=0.0),
    m("max_error", regression, symmetric=True, weighted=False, best=0.0),
    # ranking: queries are the samples
    m("ndcg_score", ranking, monotone_invariant=True, best=1.0),
    m("dcg_score", ranking, monotone_invariant=True),
    m("mean_reciprocal_rank", ranking, monotone_invariant=True, best=1.0),
    m("mean_average_precision", ranking, monotone_invariant=True, best=1.0),
    m("precision_at_k", ranking, kwargs={"k": 3}, monotone_invariant=True),
    m("recall_at_k", ranking, kwargs={"k": 3}, monotone_invariant=True),
    # RAG retrieval (llm_eval): questions are the samples, candidate chunks the items
    m("retrieval_hit_rate", ranking, kwargs={"k": 3}, weighted=False, monotone_invariant=True, best=1.0),
    m("context_precision_at_k", ranking, kwargs={"k": 3}, weighted=False, monotone_invariant=True),
    m("context_recall_at_k", ranking, kwargs={"k": 3}, weighted=False, monotone_invariant=True),
    # added with the registry of every public name
    m("maximum_calibration_error", probs_binary, best=0.0),
    m("mean_error", regression, best=0.0),
    m("absolute_error_percentile", regression, symmetric=True, weighted=False, best=0.0),
    m("mean_absolute_scaled_error", regression, kwargs={"y_train": np.linspace(0.0, 5.0, 11) ** 2}, best=0.0),
]

WEIGHTED = [metric for metric in REGISTRY if metric.weighted]


def data(metric, seed):
    return metric.data(np.random.default_rng(seed))


def same(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


# ----------------------------------------------------------------------------- properties


@pytest.mark.parametrize("metric", REGISTRY, ids=repr)
def test_metric_returns_a_python_float(metric):
    assert type(metric(*data(metric, 0))) is float


@pytest.mark.parametrize("metric", REGISTRY, ids=repr)
@pytest.mark.parametrize("seed", SEEDS)
def test_metric_is_invariant_to_sample_order(metric, seed):
    y_true, second = data(metric, seed)
    order = np.random.default_rng(seed + 100).permutation(len(y_true))
    same(metric(y_true, second), metric(y_true[order], second[order]))


@pytest.mark.parametrize("metric", REGISTRY, ids=repr)
def test_metric_accepts_lists_as_well_as_arrays(metric):
    y_true, second = data(metric, 1)
    same(metric(y_true, second), metric(y_true.tolist(), second.tolist()))


@pytest.mark.parametrize("metric", [m_ for m_ in REGISTRY if m_.symmetric], ids=repr)
@pytest.mark.parametrize("seed", SEEDS)
def test_symmetric_metric_does_not_care_which_argument_is_the_truth(metric, seed):
    y_true, y_pred = data(metric, seed)
    same(metric(y_true, y_pred), metric(y_pred, y_true))


@pytest.mark.parametrize("metric", [m_ for m_ in REGISTRY if m_.string_labels], ids=repr)
def test_string_labels_give_the_same_result_as_integer_codes(metric):
    y_true, y_pred = data(metric, 2)
    names = np.array(["cat", "dog", "emu", "fox"])  # sorted like the integer codes
    extra = {"pos_label": "dog"} if metric.data is labels_binary else {}
    same(metric(y_true, y_pred), metric(names[y_true], names[y_pred], **extra))


@pytest.mark.parametrize("metric", WEIGHTED, ids=repr)
def test_no_weights_equals_unit_weights(metric):
    y_true, second = data(metric, 3)
    same(metric(y_true, second), metric(y_true, second, sample_weight=np.ones(len(y_true))))


@pytest.mark.parametrize("metric", WEIGHTED, ids=repr)
@pytest.mark.parametrize("seed", SEEDS)
def test_integer_weights_equal_repeated_rows(metric, seed):
    y_true, second = data(metric, seed)
    w = np.random.default_rng(seed + 7).integers(1, 4, len(y_true))
    same(metric(y_true, second, sample_weight=w),
         metric(np.repeat(y_true, w, axis=0), np.repeat(second, w, axis=0)))


@pytest.mark.parametrize("metric", WEIGHTED, ids=repr)
@pytest.mark.parametrize("seed", SEEDS)
def test_zero_weight_equals_removing_the_row(metric, seed):
    y_true, second = data(metric, seed)
    keep = np.random.default_rng(seed + 11).random(len(y_true)) < 0.8
    w = keep.astype(float)
    same(metric(y_true, second, sample_weight=w), metric(y_true[keep], second[keep]))


@pytest.mark.parametrize("metric", WEIGHTED, ids=repr)
def test_scaling_every_weight_changes_nothing(metric):
    y_true, second = data(metric, 4)
    w = np.random.default_rng(5).uniform(0.5, 2.0, len(y_true))
    same(metric(y_true, second, sample_weight=w), metric(y_true, second, sample_weight=3.7 * w))


@pytest.mark.parametrize("metric", [m_ for m_ in REGISTRY if m_.monotone_invariant], ids=repr)
@pytest.mark.parametrize("transform", [np.exp, lambda s: 3 * s - 7, np.arctan],
                         ids=["exp", "affine", "arctan"])
def test_ranking_metric_ignores_a_monotone_transform_of_the_scores(metric, transform):
    y_true, score = data(metric, 5)
    same(metric(y_true, score), metric(y_true, transform(score)))


@pytest.mark.parametrize("metric", [m_ for m_ in REGISTRY if m_.best is not None], ids=repr)
def test_a_perfect_prediction_gets_the_best_value(metric):
    y_true, ideal = perfect(metric.data)(np.random.default_rng(6))
    assert metric(y_true, ideal) == pytest.approx(metric.best, abs=1e-12)


@pytest.mark.parametrize("metric", REGISTRY, ids=repr)
def test_length_mismatch_is_refused_naming_the_arguments(metric):
    y_true, second = data(metric, 0)
    with pytest.raises(MetricInputError, match="y_"):
        metric.fn(y_true, second[:-1], **metric.kwargs)


@pytest.mark.parametrize("metric", REGISTRY, ids=repr)
def test_empty_input_is_refused(metric):
    y_true, second = data(metric, 0)
    with pytest.raises(MetricInputError):
        metric.fn(y_true[:0], second[:0], **metric.kwargs)


@pytest.mark.parametrize("metric", [m_ for m_ in REGISTRY if m_.data not in (labels_binary, labels_multiclass)],
                         ids=repr)
def test_nan_in_the_scores_is_refused_naming_the_argument(metric):
    y_true, second = data(metric, 0)
    second = second.astype(float)
    second.flat[3] = np.nan
    with pytest.raises(MetricInputError, match="NaN"):
        metric.fn(y_true, second, **metric.kwargs)


@pytest.mark.parametrize("metric", WEIGHTED, ids=repr)
def test_negative_weights_are_refused(metric):
    y_true, second = data(metric, 0)
    w = np.ones(len(y_true))
    w[0] = -1
    with pytest.raises(MetricInputError, match="sample_weight"):
        metric.fn(y_true, second, sample_weight=w, **metric.kwargs)


# ============================================================================= every public name
# The table below registers every public name of the package -- ``mlmetrics_edu.__all__`` and the
# ``__all__`` of every public module under it -- with a category and, where it takes data, a
# minimal valid call. Names in REGISTRY above are registered there, with their properties; every
# other name needs an entry in ENTRIES. A new function (or a new module with an ``__all__``)
# without an entry fails test_every_public_name_is_registered.
#
# The bad-input sweep (issue 22) derives bad calls from each valid call: every argument in turn is
# replaced by NaN (one element of an array, or the whole scalar), by a string, and by an empty
# array; each bad call must raise MetricInputError. Seed-like parameters get their own sweep
# (SEED_CALLS: every bad seed, for every callable whose signature has one).

# Front ends and the practice engine (layers 3-4): their bad input is a CLI or grader concern,
# swept by their own tests (test_cli_errors, test_drill_hostile, test_interview_*); not listed here.
FRONT_ENDS = {
    "__main__": "the console entry point",
    "cli": "the command line (tests/test_cli*.py)",
    "drill": "the drill grader (tests/test_drill_*.py)",
    "interview": "the question bank and sessions (tests/test_interview_*.py, test_review.py)",
    "widgets": "the explorers (tests/test_widget_*.py)",
}


@functools.cache
def public_modules():
    """Every public module of the package outside the front ends (private: a part starts with _)."""
    names = []
    for info in pkgutil.walk_packages(mm.__path__, "mlmetrics_edu."):
        parts = info.name.split(".")[1:]
        if parts[0] in FRONT_ENDS or any(part.startswith("_") for part in parts):
            continue
        names.append(info.name)
    return tuple(names)


def public_names():
    """{public name: the first module whose ``__all__`` lists it}; a name that another module's
    ``__all__`` gives to a different object is qualified by that module (``datasets.<part>.<name>``)."""
    found, objects = {}, {}
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if name in objects and objects[name] is not obj:  # another thing by the same name
                name = f"{module_name.removeprefix('mlmetrics_edu.')}.{name}"
            objects.setdefault(name, obj)
            found.setdefault(name, module_name)
    for name in mm.__all__:
        found.setdefault(name, "mlmetrics_edu")
    return found


def public_object(name):
    if "." in name:
        module_name, _, attr = name.rpartition(".")
        return getattr(importlib.import_module(f"mlmetrics_edu.{module_name}"), attr)
    if hasattr(mm, name):
        return getattr(mm, name)
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise LookupError(name)


class Make:
    """An argument built afresh for every call (figures, states: things a call changes)."""

    def __init__(self, build, label):
        self.build, self.label = build, label

    def __repr__(self):
        return self.label


@dataclass
class Entry:
    name: str
    category: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    run: callable = None              # the valid call's function; default: the public object
    made_by: str | None = None        # result types: the registered function that returns one
    not_swept: str | None = None      # why the bad-input sweep does not call it
    conventions: dict = field(default_factory=dict)  # {"argument=variant": documented behaviour}
    properties: bool = False          # also in REGISTRY

    @property
    def function(self):
        return self.run or public_object(self.name)

    @property
    def has_call(self):
        return self.made_by is None and self.not_swept != "no call"

    def __repr__(self):
        return self.name


def e(name, category, /, *args, run=None, made_by=None, not_swept=None, conventions=None, **kwargs):
    return Entry(name, category, args, kwargs, run, made_by, not_swept, conventions or {})


def result(name, made_by):
    return Entry(name, "result type", made_by=made_by, not_swept="no call")


def realise(value):
    return value.build() if isinstance(value, Make) else copy.deepcopy(value)


def call(fn, args, kwargs):
    """Call, realising fresh arguments; a generator (the splitters) is consumed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = fn(*[realise(a) for a in args], **{k: realise(v) for k, v in kwargs.items()})
        if isinstance(out, types.GeneratorType):
            out = list(out)
    return out


# ----------------------------------------------------------------------------- small valid data

Y = [0, 1, 1, 0, 1, 0, 1, 0]
YP = [0, 1, 0, 0, 1, 1, 1, 0]
S = [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.2]
YM = [0, 1, 2, 2, 1, 0]
PM = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3], [0.5, 0.4, 0.1]]
YL = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]]
YLP = [[1, 0, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]]
R = [3.0, -0.5, 2.0, 7.0, 4.2, 1.0]
RP = [2.5, 0.0, 2.0, 8.0, 4.0, 1.5]
TRAJ = [[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], [[0.0, 1.0], [1.0, 2.0], [2.0, 4.0]]]
TRAJP = [[[0.0, 0.1], [1.1, 1.0], [2.0, 2.5]], [[0.2, 1.0], [1.0, 2.2], [2.5, 4.0]]]
RECS = [[0, 1], [0, 2], [1, 3]]
ITEM_COUNTS = [50, 25, 10, 1]
X2 = [[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [5.0, 6.0], [0.5, 0.5], [5.5, 5.0]]
LAB = [0, 0, 1, 1, 0, 1]
GROUP = ["a", "a", "a", "a", "b", "b", "b", "b"]
GAMES = [(0, 1), (0, 1), (1, 0), (1, 2), (1, 2), (2, 1), (2, 0), (0, 2)]
SCORES = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1]
SCORES_B = [1, 0, 0, 1, 0, 1, 0, 0, 1, 0]
CLUSTERS = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"]
HYP = ["the cat sat on the mat", "a dog barked"]
REFS = [["the cat is on the mat"], ["the dog barked"]]
REF_NORMAL = list(np.linspace(-2, 2, 50))
ACT_NORMAL = list(np.linspace(-1.5, 2.5, 50))
CATS_A = ["a", "a", "b", "b", "c"]
CATS_B = ["a", "b", "b", "c", "c"]


def _module(name):
    return importlib.import_module(f"mlmetrics_edu.{name}")


def _cm_partition():
    return mm.distributed.evaluate_partition({"y_true": Y, "y_pred": YP}, {"cm": mm.ConfusionMatrixState()})


def _small_report():
    return _module("report").evaluation_report(Y, S, metrics=["roc_auc_score"], n_resamples=None)


def _batch():
    return public_object("reference_set")(40, rng=np.random.default_rng(0))


def _arrival():
    return public_object("label_arrival_week")(_batch(), rng=np.random.default_rng(1))


def _axes():
    return _module("plots").new_axes()


def _ranked_axes():
    return _module("plots").plot_ranked_list([3, 0, 1, 2], k=1)


def _roc_axes():
    return _module("plots").plot_roc_curve([0, 0.5, 1], [0, 0.8, 1], point=(0.5, 0.8))


def _cm_axes():
    return _module("plots").plot_confusion_matrix([[3, 1], [2, 4]])


def _reliability_axes():
    return _module("plots").plot_reliability_diagram([0.2, 0.6], [0.25, 0.7])


def _dask_frame():
    import pandas as pd
    import dask.dataframe as dd

    return dd.from_pandas(pd.DataFrame({"y_true": Y, "y_pred": YP, "y_score": S}), npartitions=2)


def _log_to_a_temporary_mlflow_store(report):
    """log_report_to_mlflow into a fresh SQLite store; anything MLflow writes stays in a temporary folder."""
    import os
    import shutil
    import tempfile

    folder, cwd = tempfile.mkdtemp(prefix="mlmetrics-test-common-"), os.getcwd()
    env = {key: os.environ.get(key) for key in ("MLFLOW_DISABLE_TELEMETRY", "DO_NOT_TRACK")}
    os.environ.update(dict.fromkeys(env, "true"))
    os.chdir(folder)
    try:
        return _module("report").log_report_to_mlflow(report, tracking_uri=f"sqlite:///{folder}/mlflow.db",
                                                      artifact_location=f"{folder}/artifacts")
    finally:
        os.chdir(cwd)
        for key, value in env.items():
            if value is None:
                del os.environ[key]
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)


TEXT_OR_LIST = {"prediction=string": "documented: str or list of str",
                "ground_truths=string": "documented: str or list of str"}
TARGET_OR_LIST = {"target=string": "documented: str or list of str", "prediction=string": "documented: str or list of str"}

CLF, CURVE, CAL, REG = "classification metric", "threshold curve", "calibration", "regression metric"
BEYOND, COUNTERFACTUAL, TEXT = "recommender beyond accuracy", "counterfactual estimator", "text metric"
RATERS, BOARD, CONTAM, RAG = "rater agreement", "pairwise leaderboard", "contamination", "RAG metric"
CLUSTER, DRIFT, TEST, MULTI = "clustering", "two-sample drift", "significance test", "multiple testing"
INTERVAL, DESIGN, ABTEST, SIM = "interval", "A/B test design", "A/B test analysis", "simulation helper"
SPLIT, FAIR, STATE, ENGINE = "cross-validation splitter", "group fairness", "state class", "map-reduce engine"
REPORT, SCENARIO, FIGURE = "report", "seeded scenario", "figure"

ENTRIES = [
    # exceptions
    Entry("MetricInputError", "exception", not_swept="no call"),
    Entry("UndefinedMetricWarning", "exception", not_swept="no call"),
    Entry("NotFittedError", "exception", not_swept="no call"),
    # classification
    e("classification_report", CLF, Y, YP),
    e("confusion_matrix", CLF, Y, YP),
    e("multilabel_confusion_matrix", CLF, YL, YLP),
    e("precision_recall_fscore_support", CLF, Y, YP),
    e("cohen_kappa_score", CLF, Y, YP),
    e("top_k_accuracy_score", CLF, YM, PM, k=2),
    # curves
    e("auc", CURVE, [0.0, 0.5, 1.0], [0.0, 0.7, 1.0]),
    e("cost_optimal_threshold", CURVE, Y, S, cost_fp=1.0, cost_fn=5.0),
    e("counts_at_threshold", CURVE, Make(lambda: mm.threshold_sweep(Y, S), "threshold_sweep(Y, S)"), 0.5),
    e("precision_at_recall", CURVE, Y, S, 0.5),
    e("precision_recall_curve", CURVE, Y, S),
    e("recall_at_precision", CURVE, Y, S, 0.5),
    e("roc_curve", CURVE, Y, S),
    e("threshold_for_precision", CURVE, Y, S, 0.6),
    e("threshold_for_recall", CURVE, Y, S, 0.6),
    e("threshold_sweep", CURVE, Y, S),
    result("OperatingPoint", "cost_optimal_threshold"),
    result("ThresholdSweep", "threshold_sweep"),
    # calibration
    e("brier_decomposition", CAL, Y, S),
    e("calibration_curve", CAL, Y, S),
    e("PlattScaling", "recalibrator", [-2.0, -1.0, 0.5, 1.0, 2.0, 3.0], [0, 0, 1, 0, 1, 1],
      run=lambda scores, y: mm.PlattScaling().fit(scores, y).transform(scores)),
    e("IsotonicCalibration", "recalibrator", [0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1],
      run=lambda scores, y: mm.IsotonicCalibration().fit(scores, y).transform(scores)),
    e("TemperatureScaling", "recalibrator", [[4.0, 0.0], [3.0, 0.5], [0.0, 4.0], [2.5, 0.0]], [0, 1, 1, 0],
      run=lambda logits, y: mm.TemperatureScaling().fit(logits, y).transform(logits)),
    e("adjust_to_prior", "prior shift", [0.5, 0.9, 0.2], 0.5, 0.1),
    e("estimate_prior_em", "prior shift", [0.5, 0.9, 0.2, 0.1, 0.15, 0.3], 0.5),
    result("BrierDecomposition", "brier_decomposition"),
    # regression
    e("adjusted_r2_score", REG, R, RP, n_features=1),
    e("average_displacement_error", REG, TRAJ, TRAJP),
    e("final_displacement_error", REG, TRAJ, TRAJP),
    e("mean_directional_accuracy", REG, R, RP),
    # ranking beyond accuracy, counterfactual evaluation, click models
    e("average_recommendation_popularity", BEYOND, RECS, ITEM_COUNTS),
    e("catalog_coverage", BEYOND, RECS, 10),
    e("intra_list_diversity", BEYOND, RECS, [[1, 0], [1, 0], [0, 1], [1, 1]]),
    e("long_tail_share", BEYOND, RECS, ITEM_COUNTS),
    e("novelty", BEYOND, RECS, ITEM_COUNTS, 100),
    e("ips_estimate", COUNTERFACTUAL, [1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5]),
    e("snips_estimate", COUNTERFACTUAL, [1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5]),
    e("examination_probability", SIM, 4),
    e("simulate_clicks", SIM, [0.9, 0.5, 0.1], n_sessions=5, seed=0),
    e("team_draft_interleave", SIM, [1, 2, 3], [2, 4, 1], seed=0),
    e("interleaving_preference", SIM, [0, 1, 2, 3], [3, 2, 1, 0], [0.9, 0.7, 0.1, 0.05], n_sessions=20, seed=0),
    # generation
    e("bleu_details", TEXT, HYP, REFS),
    e("bleu_score", TEXT, HYP, REFS),
    e("sentence_bleu", TEXT, "the cat sat on the mat", ["the cat is on the mat"],
      conventions={"hypothesis=string": "a str is the documented input",
                   "references=string": "documented: str or list of str"}),
    e("exact_match", TEXT, "The Eiffel Tower!", ["eiffel tower"], conventions=TEXT_OR_LIST),
    e("token_f1", TEXT, "the Eiffel Tower in Paris", ["Eiffel Tower"], conventions=TEXT_OR_LIST),
    e("rouge_l", TEXT, "police killed the gunman", "police kill the gunman", conventions=TARGET_OR_LIST),
    e("rouge_n", TEXT, "the cat sat on the mat", "the cat lay on the mat", conventions=TARGET_OR_LIST),
    e("pass_at_k", TEXT, 10, 3, 1),
    e("perplexity", TEXT, [-1.2, -0.7, -2.0]),
    result("BLEUResult", "bleu_details"),
    # llm_eval
    e("fleiss_kappa", RATERS, [[3, 0], [0, 3], [2, 1], [1, 2]]),
    e("krippendorff_alpha", RATERS, [[1, 2, 3, 3, 2], [1, 2, 3, 3, 1], [2, 2, 3, 3, 2]],
      conventions={"reliability_data=nan": "documented: NaN where a rater did not rate a unit"}),
    e("judge_human_agreement", RATERS, ["pass", "pass", "fail", "pass", "fail", "pass"],
      [["pass", "pass", "fail", "fail", "fail", "pass"], ["pass", "fail", "fail", "pass", "fail", "pass"]]),
    e("position_bias", RATERS, ["A", "A", "B", "A", "tie"], ["A", "B", "B", "B", "tie"]),
    e("length_bias", RATERS, [1, 1, 0, 1, 0.5, 0, 1, 0], [300, 250, 90, 400, 120, 100, 220, 80],
      [100, 120, 200, 150, 110, 300, 90, 95]),
    e("bradley_terry", BOARD, 3, GAMES),
    e("bradley_terry_bootstrap", BOARD, 3, GAMES, n_resamples=20, seed=0),
    e("elo_ratings", BOARD, GAMES),
    e("win_rate", BOARD, ["win", "win", "tie", "loss", "win", "tie"]),
    e("contaminated", CONTAM, ["quick brown fox sleeps", "a lazy dog"], ["the quick brown fox jumps over the lazy dog"], n=3,
      conventions={"corpus=string": "documented: list of str, or str"}),
    e("ngram_overlap", CONTAM, ["the quick brown fox jumps", "a slow turtle"], ["the quick brown fox jumps over"], n=3,
      conventions={"corpus=string": "documented: list of str, or str"}),
    e("clean_vs_contaminated", CONTAM, [1, 0, 1, 1, 1, 0], [False, False, True, True, False, False]),
    e("faithfulness", RAG, [1, 1, 0, 1]),
    e("rag_failure_modes", RAG, [1, 1, 0, 1, 0], [1.0, 0.2, 0.5, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0, 1.0]),
    result("BradleyTerryIntervals", "bradley_terry_bootstrap"),
    result("ContaminationReport", "clean_vs_contaminated"),
    result("JudgeAgreement", "judge_human_agreement"),
    result("LengthBias", "length_bias"),
    result("PositionBias", "position_bias"),
    # clustering
    e("adjusted_rand_score", CLUSTER, [0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 0]),
    e("calinski_harabasz_score", CLUSTER, X2, LAB),
    e("davies_bouldin_score", CLUSTER, X2, LAB),
    e("inertia", CLUSTER, X2, LAB),
    e("silhouette_samples", CLUSTER, X2, LAB),
    e("silhouette_score", CLUSTER, X2, LAB),
    e("elbow_k", CLUSTER, [1, 2, 3, 4, 5], [100.0, 40.0, 12.0, 10.0, 9.0]),
    e("kmeans", CLUSTER, X2, 2, seed=0),
    e("clustering_stability", CLUSTER, X2, 2, n_resamples=3, seed=0),
    e("gap_statistic", CLUSTER, X2, 3, n_refs=3, seed=0),
    e("scores_over_k", CLUSTER, X2, [2, 3], seed=0),
    result("GapResult", "gap_statistic"),
    result("KMeansResult", "kmeans"),
    # fairness
    *[e(name, FAIR, Y, YP, sensitive_features=GROUP) for name in (
        "demographic_parity_difference", "demographic_parity_ratio", "disparate_impact_ratio",
        "equal_opportunity_difference", "equal_opportunity_ratio", "equalized_odds_difference",
        "equalized_odds_ratio")],
    e("metric_by_group", FAIR, mm.accuracy_score, Y, YP, sensitive_features=GROUP, n_resamples=None),
    e("selection_rate", FAIR, Y, YP),
    result("MetricByGroup", "metric_by_group"),
    # significance
    e("benjamini_hochberg", MULTI, [0.01, 0.04, 0.03, 0.2]),
    e("bonferroni", MULTI, [0.01, 0.02, 0.3]),
    e("bootstrap_ci", INTERVAL, mm.accuracy_score, Y, YP, n_resamples=50, seed=0),
    e("metric_difference", TEST, mm.accuracy_score,
      run=lambda metric: mm.metric_difference(metric)(Y, YP, [0, 1, 1, 1, 1, 0, 0, 0])),
    e("five_by_two_cv_t_test", TEST, [[0.02, 0.01], [0.015, 0.025], [0.01, 0.02], [0.03, 0.0], [0.02, 0.02]]),
    e("mcnemar_test", TEST, Y, YP, [0, 1, 1, 1, 1, 0, 0, 0]),
    e("paired_t_test", TEST, [0.921, 0.915, 0.930, 0.918, 0.925], [0.923, 0.917, 0.931, 0.921, 0.926]),
    e("permutation_test", TEST, [0.921, 0.915, 0.930, 0.918, 0.925], [0.923, 0.917, 0.931, 0.921, 0.926],
      n_resamples=50, seed=0),
    e("two_proportion_ztest", TEST, 230, 2000, 190, 2000),
    e("corrected_resampled_t_test", TEST, [0.012, 0.004, 0.009, -0.006, 0.011], 900, 100),
    e("adversarial_validation_auc", TEST, [0, 0, 0, 0, 1, 1, 1, 1], S),
    e("standard_error", INTERVAL, SCORES),
    e("clustered_standard_error", INTERVAL, SCORES, CLUSTERS),
    e("eval_score_interval", INTERVAL, SCORES),
    e("paired_difference", INTERVAL, SCORES, SCORES_B),
    e("questions_needed", DESIGN, 0.03, 0.45),
    result("PairedDifference", "paired_difference"),
    # experiments
    e("cuped", ABTEST, [12.0, 8.5, 14.5, 6.0, 11.5, 12.5], [10.0, 8.0, 13.0, 6.0, 10.0, 12.0]),
    e("delta_method_ratio_ci", ABTEST, [3, 0, 5, 2, 8, 1], [2, 1, 3, 2, 5, 1]),
    e("srm_test", ABTEST, [50_500, 49_500]),
    e("minimum_detectable_effect", DESIGN, 1000),
    e("power", DESIGN, 0.2, 400),
    e("power_proportions", DESIGN, 0.10, 0.12, 3000),
    e("proportion_effectsize", DESIGN, 0.12, 0.10),
    e("sample_size", DESIGN, 0.2),
    e("sample_size_proportions", DESIGN, 0.10, 0.11),
    e("peeking_simulation", SIM, 3, 20, n_simulations=50, seed=0),
    result("CupedResult", "cuped"),
    result("PeekingResult", "peeking_simulation"),
    # splits
    e("kfold", SPLIT, 7, 3),
    e("group_kfold", SPLIT, ["ann", "ann", "bob", "cat", "cat", "cat", "dan"], 2),
    e("leave_one_out", SPLIT, 3),
    e("nested_kfold", SPLIT, 6, 3, 2),
    e("repeated_kfold", SPLIT, 10, 5, 2, seed=0),
    e("stratified_kfold", SPLIT, [0, 0, 0, 0, 1, 1, 0, 0, 0, 1], 3),
    e("time_series_split", SPLIT, 6, 3),
    # drift
    e("population_stability_index", DRIFT, REF_NORMAL, ACT_NORMAL, bins=5),
    e("psi_bin_edges", DRIFT, REF_NORMAL, bins=5),
    e("psi_noise_floor", DRIFT, 500, 500, bins=10, n_draws=20),
    e("calibrate_psi_threshold", DRIFT, REF_NORMAL, 10, bins=5),
    e("ks_test", DRIFT, [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]),
    e("wasserstein_distance", DRIFT, [0, 1, 3], [5, 6, 8]),
    e("jensen_shannon_distance", DRIFT, [0.5, 0.5], [0.9, 0.1]),
    e("histogram_drift", DRIFT, [50, 50], [70, 30]),
    e("categorical_drift", DRIFT, CATS_A, CATS_B),
    e("categorical_js_distance", DRIFT, CATS_A, CATS_B),
    e("categorical_psi", DRIFT, CATS_A, CATS_B),
    e("chi_square_test", DRIFT, CATS_A, CATS_B),
    # monitoring: a state is registered by one valid pass (update, then compute)
    e("ConfusionMatrixState", STATE, Y, YP, run=lambda y_true, y_pred: mm.ConfusionMatrixState().update(y_true, y_pred).compute()),
    e("RegressionState", STATE, R, RP, run=lambda y_true, y_pred: mm.RegressionState().update(y_true, y_pred).compute()),
    e("RocAucState", STATE, Y, S, run=lambda y_true, y_score: mm.RocAucState().update(y_true, y_score).compute()),
    e("BinnedRocAucState", STATE, Y, S, run=lambda y_true, y_score: mm.BinnedRocAucState(n_bins=10).update(y_true, y_score).compute()),
    e("CalibrationState", STATE, Y, S, run=lambda y_true, y_prob: mm.CalibrationState(n_bins=2).update(y_true, y_prob).compute()),
    e("DelayedLabelState", STATE, [1, None, 0, 0], [0.9, 0.8, 0.3, 0.1],
      run=lambda y_true, y_prob: mm.DelayedLabelState().update(y_true, y_prob).compute(),
      conventions={"y_true=nan": "documented: None or NaN is a label not yet arrived (here one class is left:"
                                 " the realised ROC AUC is NaN and warns, as roc_auc_score)"}),
    e("HistogramDriftState", STATE, REF_NORMAL, ACT_NORMAL,
      run=lambda reference, x: mm.HistogramDriftState.from_reference(reference, bins=5).update(x).compute()),
    e("CategoricalDriftState", STATE, CATS_A, CATS_B,
      run=lambda reference, x: mm.CategoricalDriftState.from_reference(reference).update(x).compute()),
    e("QuantileSketchState", STATE, REF_NORMAL, ACT_NORMAL,
      run=lambda reference, x: mm.QuantileSketchState.from_reference(reference, k=50).update(x).compute()),
    e("estimate_performance", STATE, [0.9, 0.8, 0.3, 0.1]),
    e("state_from_dict", STATE, Make(lambda: mm.RocAucState().update(Y, S).to_dict(), "RocAucState().to_dict()")),
    # distributed and spark
    e("evaluate_partition", ENGINE, {"y_true": Y, "y_pred": YP}, Make(lambda: {"cm": mm.ConfusionMatrixState()}, "{cm: state}"),
      conventions={"partition=empty": "documented: an iterable of records; an empty partition is a valid map step"}),
    e("merge_states", ENGINE, Make(_cm_partition, "partition"), Make(_cm_partition, "partition")),
    e("bind", ENGINE, Make(mm.RegressionState, "RegressionState()"), "target", "forecast",
      conventions={"columns[0]=string": "a column name is a str", "columns[1]=string": "a column name is a str"}),
    e("EvaluationPlan", ENGINE, Make(lambda: {"cm": mm.ConfusionMatrixState()}, "{cm: state}"),
      run=lambda states: (lambda plan: plan.finish(plan.reduce(plan.map({"y_true": Y, "y_pred": YP}, 0))))(
          mm.EvaluationPlan(states))),
    result("Evaluation", "EvaluationPlan"),
    e("evaluate_dask", ENGINE, Make(_dask_frame, "dask frame"), Make(lambda: {"cm": mm.ConfusionMatrixState()}, "{cm: state}"),
      scheduler="synchronous"),
    e("evaluate_spark", ENGINE, not_swept="needs a Spark session (a JVM): swept by tests/test_spark.py"),
    # report
    e("evaluation_report", REPORT, Y, S, metrics=["roc_auc_score", "accuracy_score"], threshold=0.5, n_resamples=20, seed=0),
    e("report_from_states", REPORT, Make(lambda: {"cm": mm.ConfusionMatrixState().update(Y, YP)}, "{cm: state}")),
    e("report_metrics", REPORT, Make(_small_report, "report")),
    e("report_params", REPORT, Make(_small_report, "report")),
    e("report_metric_steps", REPORT, Make(_small_report, "report")),
    e("input_hash", REPORT, {"y_true": np.array([0, 1])}),
    e("mlflow_key", REPORT, "f1_score[average=macro].weather.fog", conventions={"text=string": "a str is the input"}),
    e("log_report_to_mlflow", REPORT, Make(_small_report, "report"),
      run=_log_to_a_temporary_mlflow_store),
    e("PoissonBootstrapState", STATE, Y, YP,
      run=lambda y_true, y_pred: _module("report").PoissonBootstrapState(mm.ConfusionMatrixState(), n_resamples=10, seed=0)
      .update(y_true, y_pred).compute()),
    result("EvaluationReport", "evaluation_report"),
    # datasets: the course's seeded scenarios and the helpers its notebooks call
    *[e(name, SCENARIO, 60, seed=0) for name in (
        "cancer_screening", "card_fraud", "demand_forecast", "house_prices", "maneuver_classifier",
        "overconfident_classifier", "pedestrian_crossing", "scene_tags", "spam_filter")],
    e("search_queries", SCENARIO, 5, 6, seed=0),
    e("trajectories", SCENARIO, 3, 4, seed=0),
    e("fit_logistic_regression", "model fitting", [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], [0, 1, 1, 0]),
    *[e(name, SCENARIO, 60, seed=0) for name in (
        "anisotropic_blobs", "blobs", "two_moons", "heteroscedastic_demand", "price_series", "skewed_demand",
        "tail_models", "random_walk")],
    e("clicks_and_sessions", SCENARIO, 50, seed=0),
    e("novelty_experiment", SCENARIO, 5, 100, seed=0),
    e("offline_online_rankers", SCENARIO, 20, 10, seed=0),
    e("repeated_ab_tests", SIM, 0.1, 0.12, 100, n_tests=10, seed=0),
    e("revenue_experiment", SCENARIO, 50, seed=0),
    e("traffic_split", SCENARIO, 100, seed=0),
    e("equalized_odds_predictions", SCENARIO, Y, seed=0),
    e("screening_scores", SCENARIO, 60, seed=0),
    e("weather_slices", SCENARIO, 60, seed=0),
    e("cv_estimate_study", SIM, ["5-fold", "leave-one-out"], n=20, n_datasets=2, seed=0),
    e("duplicated_reviews", SCENARIO, 30, seed=0),
    e("gaussian_classes", SCENARIO, 40, seed=0),
    e("knn_accuracies", "model fitting", X2, LAB, X2, LAB, [1, 3]),
    e("knn_predict", "model fitting", X2, LAB, X2),
    e("nearest_centroid_predict", "model fitting", X2, LAB, X2),
    e("nearest_neighbor_predict", "model fitting", X2, LAB, X2),
    e("oversample", SIM, np.array(X2), np.array(LAB), seed=0),  # lists: a bare TypeError today
    e("paired_t_study", SIM, n=40, k=2, n_repeats=2, n_datasets=2, seed=0),
    e("shifted_sets", SCENARIO, 50, 20, seed=0),
    e("target_encode", SIM, ["a", "b", "a", "c"], [1, 0, 1, 0], ["a", "c", "d"]),
    e("top_correlated", SIM, X2, [0.0, 1.0, 5.0, 6.0, 0.5, 5.5], 1),
    e("tuning_bias_study", SIM, n=30, n_features=3, ks=(1, 3), n_datasets=2, seed=0),
    e("answer_pairs", SCENARIO, 10, Make(lambda: np.random.default_rng(0), "rng")),
    e("biased_judge", SIM, [0.5, 0.1], [120, 200], [0.2, 0.3], [100, 90], Make(lambda: np.random.default_rng(0), "rng")),
    e("length_controlled_win_rate", RATERS, [1.0, 0.0, 1.0, 1.0, 0.0], [50.0, -20.0, 10.0, 80.0, -40.0]),
    e("likert_raters", SCENARIO, 10, Make(lambda: np.random.default_rng(0), "rng")),
    e("benchmark_runs", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_passages=5, per_passage=2),
    e("interval_coverage", SIM, 3, seed=0, n_passages=5, per_passage=2),
    e("rater_panel", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_items=10),
    e("judged_pairs", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_pairs=10),
    e("arena_votes", SIM, [1.0, 0.0, -1.0], 20, Make(lambda: np.random.default_rng(0), "rng")),
    e("rag_run", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_questions=10, n_chunks=8, k=3),
    e("leaked_benchmark", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_items=20, n_documents=10),
    e("reference_set", SCENARIO, 100, rng=Make(lambda: np.random.default_rng(0), "rng")),
    e("weekly_batches", SCENARIO, 100, rng=Make(lambda: np.random.default_rng(0), "rng")),
    e("evaluate", REPORT, Make(_batch, "batch"), n_resamples=10),
    e("score", SIM, [[0.1, 0.2], [1.0, -0.5]]),
    e("raw_requests", SIM, Make(_batch, "batch"), rng=Make(lambda: np.random.default_rng(0), "rng")),
    e("training_features", SIM, [[np.nan, 0.2], [1.0, -0.5]],
      conventions={"raw=nan": "documented: NaN in the sessions column is a missing count (the valid call has one)"}),
    e("serving_features", SIM, [[np.nan, 0.2], [1.0, -0.5]],
      conventions={"raw=nan": "documented: NaN in the sessions column is a missing count (the valid call has one)"}),
    e("account_columns", SIM, 10, rng=Make(lambda: np.random.default_rng(0), "rng")),
    e("label_arrival_week", SIM, Make(_batch, "batch"), rng=Make(lambda: np.random.default_rng(0), "rng")),
    e("labels_as_of", SIM, Make(_batch, "batch"), Make(_arrival, "arrival"), 3),
    e("feature_weeks", SCENARIO, 2, 3, 100, rng=Make(lambda: np.random.default_rng(0), "rng"), drifted=1, from_week=2),
    e("catalog", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_users=10, n_items=20, n_genres=3),
    e("position_clicks", SIM, [0.9, 0.5, 0.1], 5, Make(lambda: np.random.default_rng(0), "rng")),
    e("rankers", SCENARIO, Make(lambda: np.random.default_rng(0), "rng"), n_items=10),
    e("bandit_logs", SCENARIO, 50, Make(lambda: np.random.default_rng(0), "rng")),
    e("ope_repeats", SIM, 3, 50, Make(lambda: np.random.default_rng(0), "rng")),
    e("intermittent_demand", SCENARIO, 30, seed=0),
    e("revenue", SIM, [10.0, 5.0], [8.0, 7.0], [2.0, 3.0]),
    e("revenue_scenario", SCENARIO, 20, seed=0),
    e("useless_features", SCENARIO, 20, 5, seed=0),
    e("weekly_sales", SCENARIO, 10, seed=0),
    e("ab_test", SCENARIO, 100, seed=0),
    e("goodhart_sweep", SIM, [0.0, 0.5], 100, 10, seed=0),
    e("grouped_users", SCENARIO, 10, seed=0),
    e("learning_curve", SIM, 1, [20, 40], n_valid=50, seed=0),
    e("noise_configurations", SCENARIO, 5, 30, 30, seed=0),
    e("paired_models", SCENARIO, 100, seed=0),
    *[Entry(name, "constant", not_swept="no call") for name in ("SCENARIOS", "HORIZON_WEEKS", "METRICS", "PLANS", "THRESHOLD")],
    result("BinaryScenario", "spam_filter"),
    result("CalibrationScenario", "overconfident_classifier"),
    result("MulticlassScenario", "maneuver_classifier"),
    result("MultilabelScenario", "scene_tags"),
    result("RankingScenario", "search_queries"),
    result("RegressionScenario", "house_prices"),
    result("TrajectoryScenario", "trajectories"),
    result("LogisticRegressionModel", "fit_logistic_regression"),
    result("AnswerPairs", "answer_pairs"),
    result("Benchmark", "benchmark_runs"),
    result("RaterPanel", "rater_panel"),
    result("JudgedPairs", "judged_pairs"),
    result("RagRun", "rag_run"),
    result("LeakedBenchmark", "leaked_benchmark"),
    result("Batch", "reference_set"),
    result("Catalog", "catalog"),
    result("Logs", "bandit_logs"),
    # plots
    e("new_axes", FIGURE),
    e("to_png", FIGURE, Make(_axes, "ax")),
    e("get_artist", FIGURE, Make(_roc_axes, "ax"), "roc_curve"),
    e("plot_confusion_matrix", FIGURE, [[3, 1], [2, 4]]),
    e("plot_roc_curve", FIGURE, [0, 0.5, 1], [0, 0.8, 1]),
    e("plot_pr_curve", FIGURE, [1.0, 0.8, 0.5], [0.0, 0.5, 1.0]),
    e("plot_reliability_diagram", FIGURE, [0.2, 0.6], [0.25, 0.7]),
    e("plot_residuals", FIGURE, R, RP),
    e("plot_ranked_list", FIGURE, [3, 0, 1, 2], 2),
    e("update_confusion_matrix", FIGURE, Make(_cm_axes, "ax"), [[4, 0], [1, 5]]),
    e("update_cutoff", FIGURE, Make(_ranked_axes, "ax"), 3),
    e("update_operating_point", FIGURE, Make(_roc_axes, "ax"), 0.2, 0.6),
    e("update_reliability_diagram", FIGURE, Make(_reliability_axes, "ax"), [0.3, 0.5], [0.2, 0.8]),
]

# The (y_true, y_pred) metrics of REGISTRY: their valid call is their data kind's first draw.
_in_table = {entry.name for entry in ENTRIES}
for _metric in REGISTRY:
    if _metric.name not in _in_table:
        _in_table.add(_metric.name)
        ENTRIES.append(Entry(_metric.name, "metric (properties in REGISTRY)", tuple(data(_metric, 0)),
                             dict(_metric.kwargs), properties=True))
BY_NAME = {entry.name: entry for entry in ENTRIES}
CALLED = [entry for entry in ENTRIES if entry.has_call and entry.not_swept is None]


# ----------------------------------------------------------------------------- the sweep

VARIANTS = ("nan", "string", "empty")


def argument_names(entry):
    """The name of each positional argument of the valid call, then its keyword arguments."""
    try:
        params = list(inspect.signature(entry.function).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = []
    for i in range(len(entry.args)):
        fixed = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        var = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), "args")
        names.append(fixed[i].name if i < len(fixed) else f"{var}[{i - len(fixed)}]")
    return names + list(entry.kwargs)


def bad(value, variant):
    """The valid ``value`` made bad: NaN in place of one element (or of the scalar), a string, an empty array."""
    if variant == "string":
        return "x"
    if variant == "empty":
        return np.array([])
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value, dtype=object if isinstance(value, (list, tuple)) else None)
        if array.dtype.kind in "iufb":
            array = array.astype(float)
        else:
            array = array.astype(object)
        if array.size:
            array.flat[0] = np.nan
        return array if isinstance(value, np.ndarray) else array.tolist()
    return np.nan


def bad_calls():
    cases = []
    for entry in CALLED:
        names = argument_names(entry)
        for i, name in enumerate(names):
            for variant in VARIANTS:
                args, kwargs = list(entry.args), dict(entry.kwargs)
                if i < len(entry.args):
                    args[i] = bad(args[i], variant)
                else:
                    kwargs[name] = bad(kwargs[name], variant)
                cases.append((f"{entry.name}({name}={variant})", entry, tuple(args), kwargs))
    return cases


BAD_CALLS = bad_calls()


def outcome(entry, args, kwargs):
    """What a bad call does: "ok" (MetricInputError), "bare <Exception>", "silent NaN" or "silent value"."""
    try:
        out = call(entry.function, args, kwargs)
    except MetricInputError:
        return "ok"
    except Exception as exc:  # noqa: BLE001 - the sweep's point is to name it
        return f"bare {type(exc).__name__}"
    return "silent NaN" if _holds_nan(out) else "silent value"


def _holds_nan(value, depth=0):
    if depth > 4:
        return False
    if isinstance(value, (float, np.floating)):
        return not np.isfinite(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.isfinite(value).all()
    if isinstance(value, dict):
        return any(_holds_nan(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_nan(v, depth + 1) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return any(_holds_nan(getattr(value, f), depth + 1) for f in value.__dataclass_fields__)
    return False


# ----------------------------------------------------------------------------- seeds (issue 22.2)
# Every registered callable with a seed-like parameter (found in its signature, whether or not the
# valid call passes it) is called with each value below in its place: each must raise a
# MetricInputError naming the parameter -- not a bare TypeError from NumPy's SeedSequence, and not
# a result (a seed of True, or -1, silently accepted).

SEED_PARAMETERS = ("seed", "random_state", "rng")
BAD_SEEDS = {"string": "x", "negative": -1, "nan": float("nan"), "inf": float("inf"), "fraction": 1.5,
             "bool": True, "array": np.array([]), "huge": 2**70}
# A seed above 2**64 - 1 (_validation.SEED_MAX) is refused where the module passes
# maximum=SEED_MAX to check_seed / rng_from_seed: the analysis modules whose seeds are recorded with
# their results (reports, JSON states). Elsewhere a huge seed may still be accepted (NumPy's
# SeedSequence takes any size; the drill grader's run seeds are 128-bit), or refused on the way (a
# splitter without shuffle), but never with a bare exception.
SEED_BOUNDED_MODULES = {"mlmetrics_edu.experiments", "mlmetrics_edu.fairness", "mlmetrics_edu.monitoring",
                        "mlmetrics_edu.significance", "mlmetrics_edu.report.bootstrap"}


def seed_calls():
    cases = []
    for entry in CALLED:
        try:
            params = list(inspect.signature(entry.function).parameters)
        except (TypeError, ValueError):
            continue
        for name in (p for p in params if p in SEED_PARAMETERS):
            for label, value in BAD_SEEDS.items():
                args, kwargs = list(entry.args), dict(entry.kwargs)
                if name not in kwargs and params.index(name) < len(args):
                    args[params.index(name)] = value
                else:
                    kwargs[name] = value
                bounded = getattr(entry.function, "__module__", None) in SEED_BOUNDED_MODULES
                may_accept = label == "huge" and not bounded
                cases.append(pytest.param(entry, name, tuple(args), kwargs, may_accept,
                                          id=f"{entry.name}({name}={label})"))
    return cases


SEED_CALLS = seed_calls()


# ----------------------------------------------------------------------------- the registry's tests


def test_every_public_name_is_registered():
    names = public_names()
    missing = sorted(set(names) - set(BY_NAME))
    assert not missing, (
        "public names without an entry in tests/test_common.py: "
        + ", ".join(f"{name} (from {names[name]})" for name in missing)
        + ". Add a (y_true, y_pred) metric to REGISTRY with its properties; anything else to ENTRIES "
          "with its category and a minimal valid call: e(name, category, *args, **kwargs), or "
          "result(name, made_by) for a type a registered function returns.")


def test_every_entry_is_a_public_name():
    stale = sorted(set(BY_NAME) - set(public_names()))
    assert not stale, f"entries for names no module exports any more (remove them): {stale}"


def test_the_front_ends_left_out_of_the_registry_exist():
    for name in FRONT_ENDS:
        assert importlib.util.find_spec(f"mlmetrics_edu.{name}") is not None, name


def test_each_name_is_registered_once_with_a_category():
    names = [entry.name for entry in ENTRIES]
    assert len(names) == len(set(names))
    assert all(entry.category for entry in ENTRIES)


@pytest.mark.parametrize("entry", CALLED, ids=repr)
def test_the_valid_call_of_every_registered_function_works(entry):
    call(entry.function, entry.args, entry.kwargs)


@pytest.mark.parametrize("entry", [entry for entry in ENTRIES if entry.made_by], ids=repr)
def test_a_result_type_is_what_its_registered_function_returns(entry):
    maker = BY_NAME[entry.made_by]
    assert isinstance(call(maker.function, maker.args, maker.kwargs), public_object(entry.name))


def test_the_package_errors_are_a_value_error_and_a_warning():
    assert issubclass(MetricInputError, ValueError)
    assert issubclass(mm.UndefinedMetricWarning, UserWarning)
    assert issubclass(mm.NotFittedError, Exception)


def test_every_documented_convention_names_a_call_the_sweep_makes():
    ids = {case_id for case_id, *_ in BAD_CALLS}
    for entry in ENTRIES:
        for key in entry.conventions:
            assert f"{entry.name}({key})" in ids, (entry.name, key)


@pytest.mark.parametrize("entry, args, kwargs", [pytest.param(entry, args, kwargs, id=case_id)
                                                for case_id, entry, args, kwargs in BAD_CALLS])
def test_a_nan_a_string_or_an_empty_array_is_refused_with_metric_input_error(entry, args, kwargs, request):
    got = outcome(entry, args, kwargs)
    key = request.node.callspec.id[len(entry.name) + 1:-1]
    if key in entry.conventions:  # the function documents what this input means
        assert not got.startswith("bare"), f"{got} ({entry.conventions[key]})"
    else:
        assert got == "ok", got


def test_the_seed_sweep_finds_seeds_in_signatures_not_only_in_the_valid_calls():
    swept = {param.values[0].name for param in SEED_CALLS}
    assert {"metric_by_group", "bootstrap_ci", "permutation_test", "peeking_simulation", "silhouette_score",
            "reference_set"} <= swept  # metric_by_group's and silhouette_score's valid calls pass no seed


@pytest.mark.parametrize("entry, name, args, kwargs, may_accept", SEED_CALLS)
def test_a_bad_seed_is_refused_with_metric_input_error_naming_it(entry, name, args, kwargs, may_accept):
    try:
        call(entry.function, args, kwargs)
    except MetricInputError as exc:
        assert re.search(rf"\b{name}\b", str(exc)), f"the message does not name {name}: {exc}"
    else:
        assert may_accept, "accepted"
