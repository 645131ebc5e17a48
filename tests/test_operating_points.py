"""Precision at a recall floor and recall at a precision floor (torchmetrics' definitions).

The oracle is the definition itself, computed the slow way: for every distinct score t,
threshold at ``score >= t``, count with scikit-learn, keep the thresholds that reach the floor
and take the lexicographic best of (metric, other metric, threshold) -- torchmetrics' order.
"""

import numpy as np
import pytest
from sklearn.metrics import precision_score, recall_score

import mlmetrics_edu as mm
from mlmetrics_edu import MetricInputError


def brute_force(y, s, floor, *, at="recall", weight=None):
    candidates = []
    for t in np.unique(s):
        pred = (s >= t).astype(int)
        p = precision_score(y, pred, sample_weight=weight, zero_division=0)
        r = recall_score(y, pred, sample_weight=weight)
        if at == "recall" and r >= floor:
            candidates.append((p, r, t))
        if at == "precision" and p >= floor:
            candidates.append((r, p, t))
    if not candidates:
        return 0.0, float("inf")
    best = max(candidates)
    return best[0], best[2]


def draw(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 50))
    y = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
    y[0] = 1
    s = np.round(rng.normal(size=n) + rng.uniform(0, 2) * y, int(rng.choice([0, 1, 3])))
    return rng, y, s


def test_the_example_where_the_highest_threshold_is_not_the_most_precise():
    y, s = [0, 1, 1, 1], [0.9, 0.8, 0.7, 0.6]
    assert mm.threshold_for_recall(y, s, 1 / 3).threshold == 0.8
    assert mm.threshold_for_recall(y, s, 1 / 3).precision == 0.5
    assert mm.precision_at_recall(y, s, 1 / 3) == (0.75, 0.6)


@pytest.mark.parametrize("seed", range(40))
def test_precision_at_recall_is_the_best_precision_over_qualifying_thresholds(seed):
    rng, y, s = draw(seed)
    floor = float(rng.choice([0.0, 0.3, 0.5, 0.9, 0.99, 1.0, rng.uniform()]))
    p, t = mm.precision_at_recall(y, s, floor)
    bp, bt = brute_force(y, s, floor)
    assert p == pytest.approx(bp, abs=1e-12) and t == bt


@pytest.mark.parametrize("seed", range(40))
def test_recall_at_precision_is_the_best_recall_over_qualifying_thresholds(seed):
    rng, y, s = draw(seed)
    floor = float(rng.choice([0.0, 0.5, 0.8, 0.95, 1.0, rng.uniform()]))
    r, t = mm.recall_at_precision(y, s, floor)
    br, bt = brute_force(y, s, floor, at="precision")
    assert r == pytest.approx(br, abs=1e-12) and t == bt


@pytest.mark.parametrize("seed", range(30))
def test_weights_and_string_labels_follow_the_same_definition(seed):
    rng, y, s = draw(seed)
    w = rng.integers(0, 4, size=y.size).astype(float)
    w[y == 1] = np.maximum(w[y == 1], 1)
    labels = np.where(y == 1, "spam", "ham")
    p, t = mm.precision_at_recall(labels, s, 0.6, pos_label="spam", sample_weight=w)
    bp, bt = brute_force(y, s, 0.6, weight=w)
    # zero-weight samples still create thresholds; the definitions agree on the precision
    assert p == pytest.approx(bp, abs=1e-12)
    assert (y[s >= t] * w[s >= t]).sum() / w[y == 1].sum() >= 0.6 - 1e-12


def test_recall_at_precision_reaches_the_recall_of_threshold_for_precision():
    rng = np.random.default_rng(1)
    for _ in range(50):
        _, y, s = draw(int(rng.integers(1e9)))
        r, t = mm.recall_at_precision(y, s, 0.6)
        if np.isfinite(t):
            point = mm.threshold_for_precision(y, s, 0.6, zero_division=0)
            assert point.recall == r and point.threshold <= t  # ties: the higher threshold wins here


def test_an_unreachable_precision_gives_recall_zero_at_an_infinite_threshold():
    assert mm.recall_at_precision([1, 0, 0], [0.1, 0.8, 0.9], 0.9) == (0.0, float("inf"))


@pytest.mark.parametrize("fn, arg", [(mm.precision_at_recall, "min_recall"), (mm.recall_at_precision, "min_precision")])
@pytest.mark.parametrize("value", [-0.1, 1.5, "half", None, np.nan, True])
def test_a_floor_outside_zero_one_is_refused_by_name(fn, arg, value):
    with pytest.raises(MetricInputError, match=arg):
        fn([0, 1], [0.2, 0.8], value)


@pytest.mark.parametrize("fn", [mm.precision_at_recall, mm.recall_at_precision])
def test_no_positives_and_bad_arrays_are_refused(fn):
    with pytest.raises(MetricInputError, match="no positive samples"):
        fn([0, 0, 0], [0.1, 0.2, 0.3], 0.5)
    with pytest.raises(MetricInputError, match="differ in length"):
        fn([0, 1, 1], [0.1, 0.2], 0.5)
    with pytest.raises(MetricInputError, match="NaN"):
        fn([0, 1], [np.nan, 0.2], 0.5)
