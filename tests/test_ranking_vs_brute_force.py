"""Ranking metrics against brute force: plain loops, and exact enumeration of tie orders.

Our tie convention is "the expected value under a uniformly random order of the tied
items". On small queries that expectation can be computed exactly by enumerating every
permutation of the items, using it only to break ties, and averaging the plain
(no-tie) metric over them. Without ties, a textbook loop is the reference.
"""

import itertools
import math
import warnings

import numpy as np
import pytest

from mlmetrics_edu.ranking import (
    dcg_score,
    mean_average_precision,
    mean_reciprocal_rank,
    ndcg_score,
    precision_at_k,
    recall_at_k,
)

SEEDS = range(4)


# ----------------------------------------------------------------------------- references


def plain_precision_at_k(ranked, k):
    return sum(1 for rel in ranked[:k] if rel > 0) / k


def plain_recall_at_k(ranked, k):
    return sum(1 for rel in ranked[:k] if rel > 0) / sum(1 for rel in ranked if rel > 0)


def plain_reciprocal_rank(ranked):
    for rank, rel in enumerate(ranked, start=1):
        if rel > 0:
            return 1 / rank


def plain_dcg(ranked, k):
    return sum(rel / math.log2(rank + 1) for rank, rel in enumerate(ranked[:k], start=1))


def plain_average_precision(ranked, k):
    hits, total = 0, 0.0
    for rank, rel in enumerate(ranked[:k], start=1):
        if rel > 0:
            hits += 1
            total += hits / rank
    return total / sum(1 for rel in ranked if rel > 0)


def tie_averaged(metric, relevance, score):
    """Exact mean of metric(ranking) over every way to break the ties in score."""
    n = len(relevance)
    values = []
    for tie_breaker in itertools.permutations(range(n)):
        order = sorted(range(n), key=lambda i: (-score[i], tie_breaker[i]))
        values.append(metric([relevance[i] for i in order]))
    return sum(values) / len(values)


def step_average_precision(relevance, score, k):
    """AP@k with each run of tied scores as one step, cut at k (the documented rule)."""
    groups = sorted(set(score), reverse=True)
    n_relevant = sum(1 for rel in relevance if rel > 0)
    position, hits, total = 0, 0.0, 0.0
    for value in groups:
        members = [rel for rel, s in zip(relevance, score) if s == value]
        size, relevant = len(members), sum(1 for rel in members if rel > 0)
        inside = max(0, min(size, k - position))  # members that fall in the top k
        if inside == 0:
            break
        counted = relevant * inside / size
        hits += counted
        position += inside
        total += counted * hits / position
    return total / n_relevant


def small_tied_query(rng):
    n = int(rng.integers(1, 7))
    relevance = rng.integers(0, 3, n).tolist()
    score = rng.integers(0, 3, n).tolist()  # heavy ties
    return relevance, score


# ----------------------------------------------------------------------------- tie expectations


@pytest.mark.parametrize("seed", SEEDS)
def test_at_k_metrics_equal_the_exact_expectation_over_tie_orders(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        relevance, score = small_tied_query(rng)
        k = int(rng.integers(1, len(relevance) + 1))
        expected = tie_averaged(lambda r: plain_precision_at_k(r, k), relevance, score)
        assert precision_at_k(relevance, score, k=k) == pytest.approx(expected, rel=1e-12)
        if any(relevance):
            expected = tie_averaged(lambda r: plain_recall_at_k(r, k), relevance, score)
            assert recall_at_k(relevance, score, k=k) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_reciprocal_rank_equals_the_exact_expectation_over_tie_orders(seed):
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(60):
        relevance, score = small_tied_query(rng)
        if not any(relevance):
            continue
        expected = tie_averaged(plain_reciprocal_rank, relevance, score)
        assert mean_reciprocal_rank(relevance, score) == pytest.approx(expected, rel=1e-12)
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("seed", SEEDS)
def test_dcg_equals_the_exact_expectation_over_tie_orders(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        relevance, score = small_tied_query(rng)
        if len(relevance) < 2:
            continue
        k = int(rng.integers(1, len(relevance) + 1))
        expected = tie_averaged(lambda r: plain_dcg(r, k), relevance, score)
        assert dcg_score(relevance, score, k=k) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_expectations_hold_on_a_large_tie():
    relevance = [0, 1, 0, 0, 1, 0, 0]
    score = [3, 2, 2, 2, 2, 2, 1]  # five tied behind one irrelevant item
    assert mean_reciprocal_rank(relevance, score) == pytest.approx(
        tie_averaged(plain_reciprocal_rank, relevance, score), rel=1e-12)
    assert precision_at_k(relevance, score, k=4) == pytest.approx(
        tie_averaged(lambda r: plain_precision_at_k(r, 4), relevance, score), rel=1e-12)


# ----------------------------------------------------------------------------- many queries at once


@pytest.mark.parametrize("seed", SEEDS)
def test_a_matrix_of_tied_queries_is_the_weighted_mean_of_its_rows(seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 3, (6, 5))
    y_true[:, 0] = np.maximum(y_true[:, 0], 1)  # every query has a relevant item
    y_score = rng.integers(0, 3, (6, 5))
    weight = rng.integers(0, 4, 6).astype(float)
    weight[0] += 1
    rows = list(zip(y_true.tolist(), y_score.tolist()))
    for metric, plain in [
        (lambda t, s, **w: precision_at_k(t, s, k=2, **w), lambda r: plain_precision_at_k(r, 2)),
        (lambda t, s, **w: recall_at_k(t, s, k=3, **w), lambda r: plain_recall_at_k(r, 3)),
        (mean_reciprocal_rank, plain_reciprocal_rank),
        (lambda t, s, **w: dcg_score(t, s, k=4, **w), lambda r: plain_dcg(r, 4)),
    ]:
        per_row = [tie_averaged(plain, t, s) for t, s in rows]
        assert metric(y_true, y_score, sample_weight=weight) == pytest.approx(
            np.average(per_row, weights=weight), rel=1e-12)


# ----------------------------------------------------------------------------- no ties: plain loops


@pytest.mark.parametrize("seed", SEEDS)
def test_without_ties_every_metric_equals_its_textbook_loop(seed):
    rng = np.random.default_rng(seed)
    n_queries, n_items = 20, 30
    y_true = rng.integers(0, 4, (n_queries, n_items)) * (rng.random((n_queries, n_items)) < 0.4)
    y_true[:, 0] += 1  # every query has a relevant item
    y_score = rng.normal(size=(n_queries, n_items)) + 0.3 * y_true  # continuous: no ties
    ranked = [list(t[np.argsort(-s)]) for t, s in zip(y_true, y_score)]
    for k in (1, 5, n_items):
        assert precision_at_k(y_true, y_score, k=k) == pytest.approx(
            np.mean([plain_precision_at_k(r, k) for r in ranked]), rel=1e-12)
        assert recall_at_k(y_true, y_score, k=k) == pytest.approx(
            np.mean([plain_recall_at_k(r, k) for r in ranked]), rel=1e-12)
        assert mean_average_precision(y_true, y_score, k=k) == pytest.approx(
            np.mean([plain_average_precision(r, k) for r in ranked]), rel=1e-12)
        assert dcg_score(y_true, y_score, k=k) == pytest.approx(
            np.mean([plain_dcg(r, k) for r in ranked]), rel=1e-12)
        ideal = [plain_dcg(sorted(r, reverse=True), k) for r in ranked]
        assert ndcg_score(y_true, y_score, k=k) == pytest.approx(
            np.mean([plain_dcg(r, k) / i for r, i in zip(ranked, ideal)]), rel=1e-12)
    assert mean_reciprocal_rank(y_true, y_score) == pytest.approx(
        np.mean([plain_reciprocal_rank(r) for r in ranked]), rel=1e-12)


# ----------------------------------------------------------------------------- MAP@k with ties


@pytest.mark.parametrize("seed", SEEDS)
def test_map_at_k_with_ties_follows_the_documented_step_rule(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        relevance, score = small_tied_query(rng)
        if not any(relevance):
            continue
        k = int(rng.integers(1, len(relevance) + 1))
        assert mean_average_precision(relevance, score, k=k) == pytest.approx(
            step_average_precision(relevance, score, k), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_map_at_k_equal_to_the_number_of_items_is_plain_map(seed):
    rng = np.random.default_rng(seed)
    y_true, y_score = rng.integers(0, 2, (8, 6)), rng.integers(0, 3, (8, 6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        at_6 = mean_average_precision(y_true, y_score, k=6)
        assert at_6 == mean_average_precision(y_true, y_score)


# ----------------------------------------------------------------------------- properties


@pytest.mark.parametrize("seed", SEEDS)
def test_recall_at_k_never_decreases_with_k_and_reaches_one(seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, (10, 7))
    y_true[:, 3] = 1
    y_score = rng.integers(0, 4, (10, 7))
    recalls = [recall_at_k(y_true, y_score, k=k) for k in range(1, 8)]
    assert all(a <= b + 1e-12 for a, b in zip(recalls, recalls[1:]))
    assert recalls[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_precision_at_1_equals_recall_at_1_for_one_relevant_item_and_bounds_mrr(seed):
    rng = np.random.default_rng(seed)
    y_true = np.zeros((10, 6), dtype=int)
    y_true[np.arange(10), rng.integers(0, 6, 10)] = 1  # exactly one relevant item each
    y_score = rng.integers(0, 3, (10, 6))
    p1 = precision_at_k(y_true, y_score, k=1)
    assert p1 == pytest.approx(recall_at_k(y_true, y_score, k=1))
    assert p1 <= mean_reciprocal_rank(y_true, y_score) + 1e-12
    # With one relevant item, AP is the reciprocal rank -- but ties differ:
    # AP takes the pessimistic end of the tie, MRR its expectation, so AP <= MRR.
    assert mean_average_precision(y_true, y_score) <= mean_reciprocal_rank(y_true, y_score) + 1e-12
