"""splits.py: equality with scikit-learn's splitters, fold properties, and bad input."""

import warnings

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, TimeSeriesSplit

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.splits import group_kfold, kfold, stratified_kfold, time_series_split

SEEDS = range(8)


def as_lists(pairs):
    return [(train.tolist(), test.tolist()) for train, test in pairs]


def check_partition(pairs, n):
    """Each fold: train and test disjoint and covering 0..n-1; the tests cover 0..n-1 once."""
    tests = []
    for train, test in pairs:
        assert train.dtype == np.int64 and test.dtype == np.int64
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
        assert not np.intersect1d(train, test).size
        assert len(train) + len(test) == n
        tests.append(test)
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(n))


@pytest.mark.parametrize("seed", SEEDS)
def test_kfold_equals_sklearn_and_shuffled_fold_sizes_match(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    k = int(rng.integers(2, n + 1))
    expected = as_lists(KFold(k).split(np.zeros(n)))
    assert as_lists(kfold(n, k)) == expected
    shuffled = list(kfold(n, k, shuffle=True, seed=seed))
    check_partition(shuffled, n)
    assert [len(test) for _, test in shuffled] == [len(test) for _, test in expected]
    assert as_lists(kfold(n, k, shuffle=True, seed=seed)) == as_lists(shuffled)  # reproducible


def random_labels(rng, n):
    kinds = rng.integers(0, 3)
    p = rng.dirichlet(np.ones(rng.integers(2, 5)) * 0.7)
    y = rng.choice(len(p), size=n, p=p)
    return np.array(["cat", "dog", "emu", "fox"])[y] if kinds == 0 else y


@pytest.mark.parametrize("seed", SEEDS)
def test_stratified_kfold_equals_sklearn_without_shuffle(seed):
    rng = np.random.default_rng(seed)
    y = random_labels(rng, int(rng.integers(10, 120)))
    k = int(rng.integers(2, 6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a class smaller than k warns in both
        if np.unique(y, return_counts=True)[1].max() < k:
            pytest.skip("every class smaller than k")
        expected = as_lists(StratifiedKFold(k).split(np.zeros(len(y)), y))
        assert as_lists(stratified_kfold(y, k)) == expected


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shuffle", [False, True])
def test_stratified_folds_hold_each_class_within_one_of_proportional(seed, shuffle):
    rng = np.random.default_rng(seed)
    y = random_labels(rng, int(rng.integers(30, 300)))
    k = int(rng.integers(2, 8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = list(stratified_kfold(y, k, shuffle=shuffle, seed=seed if shuffle else None))
    check_partition(pairs, len(y))
    sizes = [len(test) for _, test in pairs]
    assert max(sizes) - min(sizes) <= 1
    for label in np.unique(y):
        n_c = np.sum(y == label)
        for _, test in pairs:
            assert abs(np.sum(y[test] == label) - n_c / k) < 1


def test_stratified_kfold_warns_like_sklearn_for_a_small_class_and_raises_when_all_are():
    y = [0] * 10 + [1] * 2
    with pytest.warns(UserWarning, match="least populated class"):
        list(stratified_kfold(y, 3))
    with pytest.raises(MetricInputError, match="every class"):
        stratified_kfold([0, 0, 1, 1], 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_group_kfold_never_splits_a_group_and_balances_like_sklearn(seed):
    rng = np.random.default_rng(seed)
    n_groups = int(rng.integers(3, 30))
    sizes = rng.integers(1, 12, n_groups)
    groups = rng.permutation(np.repeat(np.arange(n_groups) * 7 + 3, sizes))
    k = int(rng.integers(2, n_groups + 1))
    pairs = list(group_kfold(groups, k))
    check_partition(pairs, len(groups))
    for train, test in pairs:
        assert not np.intersect1d(groups[train], groups[test]).size
    expected = list(GroupKFold(k).split(np.zeros(len(groups)), groups=groups))
    assert [len(test) for _, test in pairs] == [len(test) for _, test in expected]


@pytest.mark.parametrize("seed", SEEDS)
def test_time_series_split_equals_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 80))
    k = int(rng.integers(2, 6))
    test_size = [None, int(rng.integers(1, n // (k + 1) + 1))][seed % 2]
    gap = int(rng.integers(0, 3))
    max_train = [None, int(rng.integers(1, n))][seed % 3 == 0]
    ours = as_lists(time_series_split(n, k, test_size=test_size, gap=gap, max_train_size=max_train))
    ref = TimeSeriesSplit(k, test_size=test_size, gap=gap, max_train_size=max_train)
    assert ours == as_lists(ref.split(np.zeros(n)))


@pytest.mark.parametrize("call, match", [
    (lambda: kfold(10, 1), "n_splits must be an integer >= 2"),
    (lambda: kfold(10, 2.0), "n_splits"),
    (lambda: kfold(3, 4), "greater than the number of samples"),
    (lambda: kfold(0, 2), "n_samples"),
    (lambda: kfold(10, 2, seed=1), "shuffle=True"),
    (lambda: kfold(10, 2, shuffle="yes"), "shuffle"),
    (lambda: stratified_kfold([], 2), "empty"),
    (lambda: stratified_kfold([[0, 1], [1, 0]], 2), "1-D"),
    (lambda: stratified_kfold([0, 1, 0], 4), "greater than the number of samples"),
    (lambda: group_kfold([1, 1, 2], 3), "distinct groups"),
    (lambda: group_kfold([], 2), "empty"),
    (lambda: time_series_split(3, 3), "n_splits \\+ 1"),
    (lambda: time_series_split(10, 3, test_size=4), "no training data"),
    (lambda: time_series_split(10, 3, gap=-1), "gap"),
    (lambda: time_series_split(10, 3, test_size=0), "test_size"),
    (lambda: time_series_split(10, 1), "n_splits"),
])
def test_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ------------------------------------------------------------------ the drill answers of set 08


def fold_ids(pairs, n):
    folds = np.empty(n, dtype=np.int64)
    for i, (_, test) in enumerate(pairs):
        folds[test] = i
    return folds


@pytest.mark.parametrize("seed", SEEDS)
def test_drill_answers_for_fold_assignment_equal_sklearn(seed):
    from mlmetrics_edu.drill.spec import reference_module

    answers = reference_module("08_rigor")
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    k = int(rng.integers(2, min(n, 10) + 1))
    np.testing.assert_array_equal(answers.kfold_assignment(n, k), fold_ids(KFold(k).split(np.zeros(n)), n))
    y = random_labels(rng, int(rng.integers(20, 120)))
    counts = np.unique(y, return_counts=True)[1]
    if counts.min() >= k:
        expected = fold_ids(StratifiedKFold(k).split(np.zeros(len(y)), y), len(y))
        np.testing.assert_array_equal(answers.stratified_fold_assignment(y, k), expected)
    groups = rng.permutation(np.repeat(np.arange(12) * 5, rng.integers(1, 9, 12)))
    got = answers.group_fold_assignment(groups, k if k <= 12 else 12)
    k_g = k if k <= 12 else 12
    np.testing.assert_array_equal(got, fold_ids(group_kfold(groups, k_g), len(groups)))
    sk_sizes = [len(t) for _, t in GroupKFold(k_g).split(np.zeros(len(groups)), groups=groups)]
    assert np.bincount(got, minlength=k_g).tolist() == sk_sizes
