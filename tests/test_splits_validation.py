"""splits.py additions: repeated k-fold and leave-one-out against scikit-learn, nested k-fold against
scikit-learn's KFold applied twice and a brute-force oracle of what nesting must guarantee."""

import numpy as np
import pytest
from sklearn.model_selection import KFold, LeaveOneOut, RepeatedKFold

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.splits import kfold, leave_one_out, nested_kfold, repeated_kfold


def as_lists(pairs):
    return [(train.tolist(), test.tolist()) for train, test in pairs]


# ------------------------------------------------------------------ repeated k-fold


@pytest.mark.parametrize("n, k, n_repeats", [(10, 2, 1), (11, 3, 4), (50, 5, 3), (7, 7, 2), (103, 10, 5)])
def test_repeated_kfold_has_scikit_learns_number_of_splits_and_fold_sizes(n, k, n_repeats):
    ours = list(repeated_kfold(n, k, n_repeats, seed=0))
    theirs = list(RepeatedKFold(n_splits=k, n_repeats=n_repeats, random_state=0).split(np.zeros(n)))
    assert len(ours) == len(theirs) == k * n_repeats
    assert [len(test) for _, test in ours] == [len(test) for _, test in theirs]


@pytest.mark.parametrize("seed", range(5))
def test_each_repetition_is_a_partition_and_repetitions_differ(seed):
    n, k, r = 37, 4, 3
    splits = list(repeated_kfold(n, k, r, seed=seed))
    tests = []
    for rep in range(r):
        block = splits[rep * k:(rep + 1) * k]
        assert sorted(np.concatenate([test for _, test in block]).tolist()) == list(range(n))
        for train, test in block:
            assert np.intersect1d(train, test).size == 0 and len(train) + len(test) == n
            assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0) and train.dtype == np.int64
        tests.append(sorted(map(tuple, (test.tolist() for _, test in block))))
    assert tests[0] != tests[1] != tests[2]


def test_repeated_kfold_is_reproducible_from_the_seed_and_a_generator_works():
    assert as_lists(repeated_kfold(20, 4, 2, seed=3)) == as_lists(repeated_kfold(20, 4, 2, seed=3))
    assert as_lists(repeated_kfold(20, 4, 2, seed=np.random.default_rng(3))) == as_lists(
        repeated_kfold(20, 4, 2, seed=3))


def test_one_repetition_is_a_shuffled_kfold():
    assert as_lists(repeated_kfold(13, 3, 1, seed=5)) == as_lists(kfold(13, 3, shuffle=True, seed=5))


# ------------------------------------------------------------------ leave-one-out


@pytest.mark.parametrize("n", [2, 3, 10, 57])
def test_leave_one_out_equals_scikit_learn(n):
    assert as_lists(leave_one_out(n)) == as_lists(LeaveOneOut().split(np.zeros(n)))


# ------------------------------------------------------------------ nested k-fold


def sklearn_nested(n, outer_k, inner_k):
    for train, test in KFold(outer_k).split(np.zeros(n)):
        yield train, test, [(train[a], train[b]) for a, b in KFold(inner_k).split(train)]


@pytest.mark.parametrize("n, outer_k, inner_k", [(6, 3, 2), (23, 5, 4), (40, 4, 3), (11, 2, 5), (10, 10, 9)])
def test_nested_kfold_without_shuffling_equals_scikit_learn_kfold_applied_twice(n, outer_k, inner_k):
    ours = list(nested_kfold(n, outer_k, inner_k))
    theirs = list(sklearn_nested(n, outer_k, inner_k))
    assert len(ours) == len(theirs) == outer_k
    for (train, test, inner), (s_train, s_test, s_inner) in zip(ours, theirs):
        assert train.tolist() == s_train.tolist() and test.tolist() == s_test.tolist()
        assert as_lists(inner) == as_lists(s_inner)


@pytest.mark.parametrize("shuffle, seed", [(False, None), (True, 0), (True, 1)])
def test_nested_kfold_never_lets_the_outer_test_fold_into_the_inner_loop(shuffle, seed):
    """The brute-force oracle: check every guarantee index by index."""
    n, outer_k, inner_k = 31, 4, 3
    outer_tests = []
    for train, test, inner in nested_kfold(n, outer_k, inner_k, shuffle=shuffle, seed=seed):
        outer_tests.append(test.tolist())
        assert set(train) | set(test) == set(range(n)) and not set(train) & set(test)
        assert len(inner) == inner_k
        inner_tests = []
        for inner_train, inner_test in inner:
            for i in np.concatenate([inner_train, inner_test]):
                assert i in set(train.tolist()) and i not in set(test.tolist())
            assert not set(inner_train) & set(inner_test)
            assert set(inner_train) | set(inner_test) == set(train.tolist())
            inner_tests.extend(inner_test.tolist())
        assert sorted(inner_tests) == sorted(train.tolist())  # inner folds partition the outer train
        sizes = [len(t) for _, t in inner]
        assert max(sizes) - min(sizes) <= 1
    assert sorted(sum(outer_tests, [])) == list(range(n))


def test_shuffled_nested_kfold_is_reproducible():
    first = [(a.tolist(), b.tolist(), as_lists(c)) for a, b, c in nested_kfold(20, 4, 2, shuffle=True, seed=9)]
    again = [(a.tolist(), b.tolist(), as_lists(c)) for a, b, c in nested_kfold(20, 4, 2, shuffle=True, seed=9)]
    assert first == again
    unshuffled = [b.tolist() for _, b, _ in nested_kfold(20, 4, 2)]
    assert [b for _, b, _ in first] != unshuffled


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("call, match", [
    (lambda: repeated_kfold(10, 1, 3), "n_splits"),
    (lambda: repeated_kfold(10, 11, 3), "greater than the number"),
    (lambda: repeated_kfold(10, 3, 0), "n_repeats"),
    (lambda: repeated_kfold(0, 3, 2), "n_samples"),
    (lambda: repeated_kfold(10, 3, True), "n_repeats"),
    (lambda: leave_one_out(1), "n must be"),
    (lambda: leave_one_out(2.5), "n must be"),
    (lambda: nested_kfold(10, 3, 1), "inner_k"),
    (lambda: nested_kfold(10, 3, 7), "inner_k"),
    (lambda: nested_kfold(10, 1, 2), "n_splits"),
    (lambda: nested_kfold(10, 3, 2, seed=1), "seed has no effect"),
    (lambda: nested_kfold(10, 3, 2, shuffle="yes"), "shuffle"),
])
def test_bad_input_raises_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()
