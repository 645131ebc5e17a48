"""Properties every metric must have, checked across all metrics (after sklearn's test_common).

Each metric is registered once with the kind of data it takes and the properties it has;
each property is one test, parametrized over every metric that claims it. Adding a metric
to the registry is enough to have it checked for all of them.
"""

from __future__ import annotations

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
