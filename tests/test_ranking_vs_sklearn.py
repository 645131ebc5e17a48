"""Ranking metrics against scikit-learn 1.9 on seeded random inputs.

Heavy ties, graded and binary relevance, queries with nothing relevant, integer and
zero weights, every k, string labels, unseen labels: the value must agree to 1e-10,
the type must be float, a warning must come exactly when scikit-learn warns, and
an input scikit-learn refuses must be refused with MetricInputError.
"""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.exceptions import UndefinedMetricWarning as SkUndefinedMetricWarning

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu import ranking
from mlmetrics_edu.ranking import (
    dcg_score,
    mean_average_precision,
    ndcg_score,
    top_k_accuracy_score,
)

SEEDS = range(4)


def same(ours, theirs):
    assert type(ours) is float
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-13)


def outcome(fn, *args, warning=Warning, **kwargs):
    """(value, warned, error) of one call, recording warnings of the given class."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kwargs)
        except (ValueError, ZeroDivisionError) as exc:
            return None, False, exc
    return value, any(issubclass(w.category, warning) for w in caught), None


def random_queries(rng):
    """A (n_queries, n_items) relevance/score pair; mostly heavy ties."""
    n, m = int(rng.integers(1, 7)), int(rng.integers(2, 9))
    kind = rng.integers(0, 4)
    if kind == 0:  # binary relevance, few distinct scores
        y_true = rng.integers(0, 2, (n, m))
    elif kind == 1:  # graded relevance
        y_true = rng.integers(0, 4, (n, m))
    elif kind == 2:  # continuous relevance
        y_true = rng.random((n, m)).round(2)
    else:  # many queries with nothing relevant
        y_true = rng.integers(0, 2, (n, m)) * (rng.random((n, 1)) < 0.5)
    if rng.random() < 0.6:
        y_score = rng.integers(0, 3, (n, m)).astype(float)  # heavy ties
    else:
        y_score = rng.normal(size=(n, m))
    return y_true, y_score


def random_weight(rng, n):
    if rng.random() < 0.4:
        return None
    weight = rng.integers(0, 4, n).astype(float)  # integers, zeros included
    weight[rng.integers(0, n)] += 1  # never all zero
    return weight


# ----------------------------------------------------------------------------- DCG / NDCG


@pytest.mark.parametrize("seed", SEEDS)
def test_ndcg_and_dcg_match_sklearn_on_random_tied_queries(seed):
    rng = np.random.default_rng(seed)
    for _ in range(80):
        y_true, y_score = random_queries(rng)
        m = y_true.shape[1]
        k = None if rng.random() < 0.3 else int(rng.integers(1, m + 3))  # past m too
        weight = random_weight(rng, y_true.shape[0])
        kwargs = {"k": k, "sample_weight": weight}
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # we never warn
            same(ndcg_score(y_true, y_score, **kwargs), skm.ndcg_score(y_true, y_score, **kwargs))
            log_base = float(rng.choice([2, np.e, 10, 1.5]))
            same(dcg_score(y_true, y_score, log_base=log_base, **kwargs),
                 skm.dcg_score(y_true, y_score, log_base=log_base, **kwargs))


@pytest.mark.parametrize("seed", SEEDS)
def test_ignore_ties_matches_sklearn_even_when_scores_tie(seed):
    # With ties the order is arbitrary; both break them with the same numpy argsort.
    rng = np.random.default_rng(seed)
    for _ in range(30):
        y_true, y_score = random_queries(rng)
        k = None if rng.random() < 0.5 else int(rng.integers(1, y_true.shape[1] + 1))
        same(ndcg_score(y_true, y_score, k=k, ignore_ties=True),
             skm.ndcg_score(y_true, y_score, k=k, ignore_ties=True))
        same(dcg_score(y_true, y_score, k=k, ignore_ties=True),
             skm.dcg_score(y_true, y_score, k=k, ignore_ties=True))


def test_ndcg_matches_sklearn_on_larger_continuous_queries():
    rng = np.random.default_rng(11)
    y_true = rng.integers(0, 5, (200, 40))
    y_score = y_true + rng.normal(scale=2.0, size=y_true.shape)
    for k in (None, 1, 5, 40):
        for ignore_ties in (False, True):
            same(ndcg_score(y_true, y_score, k=k, ignore_ties=ignore_ties),
                 skm.ndcg_score(y_true, y_score, k=k, ignore_ties=ignore_ties))


def test_a_single_1d_query_equals_sklearn_on_a_one_row_matrix():
    rng = np.random.default_rng(3)
    for _ in range(20):
        y_true, y_score = random_queries(rng)
        same(ndcg_score(y_true[0], y_score[0], k=3), skm.ndcg_score(y_true[:1], y_score[:1], k=3))
        same(dcg_score(y_true[0], y_score[0]), skm.dcg_score(y_true[:1], y_score[:1]))


@pytest.mark.parametrize("metric", ["ndcg_score", "dcg_score"])
@pytest.mark.parametrize(
    "y_true, y_score, kwargs",
    [
        ([[1], [0]], [[0.5], [0.2]], {}),  # one item per query
        ([[1, np.nan]], [[0.5, 0.2]], {}),
        ([[1, 0]], [[np.inf, 0.2]], {}),
        ([[1, 0]], [[0.5, 0.2]], {"k": 0}),
        ([[1, 0]], [[0.5, 0.2]], {"k": 1.5}),
        ([[1, 0], [0, 1]], [[0.5, 0.2], [0.1, 0.3]], {"sample_weight": [1, 2, 3]}),
        ([[1, 0], [0, 1]], [[0.5, 0.2], [0.1, 0.3]], {"sample_weight": [0, 0]}),
        ([[1, 0], [0, 1]], [[0.5, 0.2]], {}),
    ],
)
def test_inputs_sklearn_refuses_are_refused(metric, y_true, y_score, kwargs):
    _, _, error = outcome(getattr(skm, metric), y_true, y_score, **kwargs)
    assert error is not None
    with pytest.raises(MetricInputError):
        getattr(ranking, metric)(y_true, y_score, **kwargs)


def test_negative_relevance_is_refused_by_ndcg_and_allowed_by_dcg_as_in_sklearn():
    y_true, y_score = [[-1, 2, 0]], [[0.3, 0.2, 0.1]]
    with pytest.raises(ValueError):
        skm.ndcg_score(y_true, y_score)
    with pytest.raises(MetricInputError, match="non-negative"):
        ndcg_score(y_true, y_score)
    same(dcg_score(y_true, y_score), skm.dcg_score(y_true, y_score))


# ----------------------------------------------------------------------------- MAP


@pytest.mark.parametrize("seed", SEEDS)
def test_map_equals_the_mean_of_sklearn_average_precision_per_query(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        y_true, y_score = random_queries(rng)
        weight = random_weight(rng, y_true.shape[0])
        per_query, sk_warned = [], False
        for row_true, row_score in zip(y_true, y_score):
            value, warned, _ = outcome(skm.average_precision_score, row_true > 0, row_score)
            per_query.append(value)
            sk_warned |= warned
        ours, warned, _ = outcome(mean_average_precision, y_true, y_score,
                                  sample_weight=weight, warning=UndefinedMetricWarning)
        same(ours, np.average(per_query, weights=weight))
        assert warned == sk_warned  # sklearn warns (and scores 0) for a query with no positive


# ----------------------------------------------------------------------------- top-k accuracy

NAMES = np.array(["ant", "bee", "cat", "dog", "emu", "fox"])


def random_top_k_case(rng):
    n_classes, n = int(rng.integers(2, 6)), int(rng.integers(1, 30))
    y_true = rng.integers(0, n_classes, n)
    labels = np.arange(n_classes) if rng.random() < 0.3 else None
    if labels is None and rng.random() < 0.2:
        y_true = np.minimum(y_true, n_classes - 2)  # a class never seen: sklearn refuses
    elif labels is not None and rng.random() < 0.5:
        y_true = np.minimum(y_true, n_classes - 2)  # unseen, but listed in labels
    if rng.random() < 0.3:
        y_true = NAMES[y_true]
        labels = None if labels is None else NAMES[labels]
    if n_classes == 2 and rng.random() < 0.7:  # binary: one score per sample
        y_score = rng.integers(0, 5, n) / 4 if rng.random() < 0.5 else rng.normal(size=n)
    elif rng.random() < 0.6:
        y_score = rng.integers(0, 3, (n, n_classes)).astype(float)  # heavy ties
    else:
        y_score = rng.normal(size=(n, n_classes))
    kwargs = {
        "k": int(rng.integers(1, n_classes + 2)),
        "normalize": bool(rng.random() < 0.7),
        "sample_weight": None if rng.random() < 0.5 else rng.integers(0, 3, n).astype(float),
        "labels": labels,
    }
    return y_true, y_score, kwargs


@pytest.mark.parametrize("seed", SEEDS)
def test_top_k_accuracy_matches_sklearn_values_warnings_and_refusals(seed):
    rng = np.random.default_rng(seed)
    agreed = refused = 0
    for _ in range(200):
        y_true, y_score, kwargs = random_top_k_case(rng)
        theirs, sk_warned, sk_error = outcome(skm.top_k_accuracy_score, y_true, y_score,
                                              warning=SkUndefinedMetricWarning, **kwargs)
        if sk_error is not None:
            _, _, error = outcome(top_k_accuracy_score, y_true, y_score, **kwargs)
            assert isinstance(error, MetricInputError), (y_true, y_score, kwargs)
            refused += 1
            continue
        ours, warned, _ = outcome(top_k_accuracy_score, y_true, y_score,
                                  warning=UndefinedMetricWarning, **kwargs)
        same(ours, theirs)
        assert warned == sk_warned
        agreed += 1
    assert agreed > 100 and refused > 20  # both branches were exercised


def test_top_k_accuracy_matches_sklearn_on_many_samples_and_classes():
    rng = np.random.default_rng(8)
    y_true = rng.integers(0, 12, 3000)
    y_score = rng.integers(0, 6, (3000, 12)).astype(float)
    for k in (1, 2, 5, 11):
        same(top_k_accuracy_score(y_true, y_score, k=k),
             skm.top_k_accuracy_score(y_true, y_score, k=k))
    y_score = rng.normal(size=(3000, 12))
    weight = rng.integers(0, 5, 3000)
    for k in (1, 3):
        same(top_k_accuracy_score(y_true, y_score, k=k, sample_weight=weight),
             skm.top_k_accuracy_score(y_true, y_score, k=k, sample_weight=weight))


@pytest.mark.parametrize(
    "y_true, y_score, kwargs",
    [
        ([0, 1, 2], [0.1, 0.2, 0.3], {}),
        ([0, 1, 1], [[0.1, 0.2, 0.7]] * 3, {}),
        ([0, 1, 2], [[0.1, 0.2, 0.3, 0.4]] * 3, {}),
        ([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, {"labels": [0, 1, 1, 2]}),
        ([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, {"labels": [0, 2, 1]}),
        ([0, 1, 5], [[0.1, 0.2, 0.7]] * 3, {"labels": [0, 1, 2]}),
        ([0.5, 1.5, 2.0], [[0.1, 0.2, 0.7]] * 3, {}),
        ([0, 1, 2], [[0.1, np.nan, 0.7]] * 3, {}),
        ([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, {"k": 0}),
        ([0, 0, 0], [0.1, 0.2, 0.7], {}),  # one class, binary scores: labels needed
    ],
)
def test_top_k_accuracy_refuses_what_sklearn_refuses(y_true, y_score, kwargs):
    _, _, error = outcome(skm.top_k_accuracy_score, y_true, y_score, **kwargs)
    assert error is not None
    with pytest.raises(MetricInputError):
        top_k_accuracy_score(y_true, y_score, **kwargs)
