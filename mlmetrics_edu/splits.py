"""Cross-validation splits: k-fold, stratified k-fold, group k-fold, forward-chaining time series.

Every splitter validates its input at once and returns an iterator of
``(train_idx, test_idx)`` pairs of sorted ``int64`` index arrays, one pair per fold,
like the ``split`` method of scikit-learn's splitters:

* :func:`kfold` -- ``KFold``: contiguous folds, the first ``n % k`` one sample larger;
* :func:`stratified_kfold` -- ``StratifiedKFold``: every fold keeps the class proportions;
* :func:`group_kfold` -- ``GroupKFold``: a group (user, patient, session) never straddles
  train and test;
* :func:`time_series_split` -- ``TimeSeriesSplit``: train on the past, test on what follows.

Shuffling uses NumPy's ``default_rng(seed)``, so a shuffled split has the same fold sizes as
scikit-learn's but not the same members (scikit-learn shuffles with the legacy
``RandomState``).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import MetricInputError, as_1d, warn_user

__all__ = ["group_kfold", "kfold", "stratified_kfold", "time_series_split"]


def _check_n_splits(n_splits, n_samples, what="samples"):
    if isinstance(n_splits, bool) or not isinstance(n_splits, numbers.Integral) or n_splits < 2:
        raise MetricInputError(f"n_splits must be an integer >= 2, got {n_splits!r}")
    if n_splits > n_samples:
        raise MetricInputError(
            f"n_splits={n_splits} is greater than the number of {what} ({n_samples}); "
            "every fold needs at least one"
        )
    return int(n_splits)


def _check_n_samples(n_samples):
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral) or n_samples < 1:
        raise MetricInputError(f"n_samples must be a positive integer, got {n_samples!r}")
    return int(n_samples)


def _check_shuffle(shuffle, seed):
    if not isinstance(shuffle, (bool, np.bool_)):
        raise MetricInputError(f"shuffle must be True or False, got {shuffle!r}")
    if seed is not None and not shuffle:
        raise MetricInputError("seed has no effect unless shuffle=True; pass shuffle=True or drop seed")
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _pairs_from_fold_ids(fold_of, n_splits):
    """Yield (train, test) with test = the samples whose fold id is ``i``."""
    for i in range(n_splits):
        test = fold_of == i
        yield np.flatnonzero(~test), np.flatnonzero(test)


def kfold(n_samples, n_splits=5, *, shuffle=False, seed=None):
    """K-fold cross-validation: k nearly equal folds, each the test set once.

    Parameters
    ----------
    n_samples : int
        Number of samples to split.
    n_splits : int, default=5
        Number of folds ``k``, ``2 <= k <= n_samples``.
    shuffle : bool, default=False
        Shuffle the samples before cutting them into folds.
    seed : int or numpy.random.Generator, optional
        Seed of the shuffle (only with ``shuffle=True``).

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``k`` pairs of sorted int64 index arrays.

    Notes
    -----
    **Formula**: fold sizes ``⌊n/k⌋ + 1`` for the first ``n mod k`` folds and ``⌊n/k⌋`` for
    the rest; without shuffling fold ``i`` is the ``i``-th contiguous block. Equal to
    scikit-learn's ``KFold(k).split`` without shuffling; with shuffling the fold sizes are
    equal but the members differ (a different random generator).

    **Intuition**: every sample is tested exactly once, by a model that never saw it; the
    k scores show how much the metric moves from one test set to the next.

    **Interview note**: do not shuffle ordered data (time) and do not use plain k-fold when
    samples come in groups (one user's many rows): both leak and inflate the score.

    **Edge cases**: ``k = n`` is leave-one-out; ``k > n`` and ``k < 2`` raise.

    See Also
    --------
    stratified_kfold : keeps class proportions in each fold.
    group_kfold : keeps each group on one side.
    time_series_split : never trains on the future.

    Examples
    --------
    >>> [test.tolist() for train, test in kfold(7, 3)]
    [[0, 1, 2], [3, 4], [5, 6]]
    """
    n_samples = _check_n_samples(n_samples)
    n_splits = _check_n_splits(n_splits, n_samples)
    rng = _check_shuffle(shuffle, seed)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    fold_of = np.repeat(np.arange(n_splits), sizes)  # contiguous blocks
    if shuffle:
        fold_of = fold_of[rng.permutation(n_samples)]
    return _pairs_from_fold_ids(fold_of, n_splits)


def stratified_kfold(y, n_splits=5, *, shuffle=False, seed=None):
    """Stratified k-fold: every fold holds each class in (nearly) its overall proportion.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels (numbers or strings).
    n_splits : int, default=5
        Number of folds ``k``.
    shuffle : bool, default=False
        Shuffle which samples of a class go to which fold.
    seed : int or numpy.random.Generator, optional
        Seed of the shuffle (only with ``shuffle=True``).

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``k`` pairs of sorted int64 index arrays.

    Notes
    -----
    **Formula**: sort the samples by class (classes in order of first appearance) and deal
    them to folds ``0, 1, ..., k-1, 0, 1, ...``; this fixes how many of each class each fold
    gets -- within one of ``n_c / k`` -- and keeps fold sizes within one of each other.
    Within a class, the first samples go to fold 0, the next to fold 1, ... (shuffled
    with ``shuffle=True``). Without shuffling this equals scikit-learn's ``StratifiedKFold``;
    with shuffling the counts are equal, the members differ.

    **Intuition**: with 2% positives and 5 folds, plain k-fold can give a fold with almost
    no positives, whose recall is noise; stratifying gives every fold its share.

    **Interview note**: stratify for classification with rare classes; it does not protect
    against group or time leakage.

    **Edge cases**: a class with fewer than ``k`` members cannot be in every fold: a
    ``UserWarning`` as in scikit-learn; when every class has fewer than ``k`` members, or
    ``k > n``, ``MetricInputError``.

    See Also
    --------
    kfold : the unstratified version.
    group_kfold : when samples come in groups.

    Examples
    --------
    >>> y = [0, 0, 0, 0, 1, 1, 0, 0, 0, 1]
    >>> [y_test.tolist() for y_test in (np.take(y, test) for _, test in stratified_kfold(y, 3))]
    [[0, 0, 0, 1], [0, 1, 0], [0, 0, 1]]
    """
    y = as_1d(y, "y")
    n_splits = _check_n_splits(n_splits, len(y))
    rng = _check_shuffle(shuffle, seed)
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    class_rank = np.argsort(np.argsort(first))  # classes in order of first appearance
    y_code = class_rank[inverse.ravel()]
    n_classes = len(first)
    counts = np.bincount(y_code, minlength=n_classes)
    if (counts < n_splits).all():
        raise MetricInputError(f"n_splits={n_splits} is greater than the number of members of "
                               f"every class (largest: {counts.max()})")
    if (counts < n_splits).any():
        warn_user(f"the least populated class in y has only {counts.min()} members, which is "
                  f"less than n_splits={n_splits}; some folds will miss it")
    dealt = np.sort(y_code)  # the class of each position when the sorted samples are dealt
    fold_of = np.empty(len(y), dtype=np.int64)
    for c in range(n_classes):
        per_fold = np.bincount(np.arange(len(y))[dealt == c] % n_splits, minlength=n_splits)
        folds = np.repeat(np.arange(n_splits), per_fold)  # fold 0's share first
        if shuffle:
            folds = rng.permutation(folds)
        fold_of[y_code == c] = folds
    return _pairs_from_fold_ids(fold_of, n_splits)


def group_kfold(groups, n_splits=5):
    """Group k-fold: all samples of a group land in the same fold, so no group is on both sides.

    Parameters
    ----------
    groups : array-like of shape (n_samples,)
        Group id of each sample (user, patient, session, document).
    n_splits : int, default=5
        Number of folds ``k``, at most the number of distinct groups.

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``k`` pairs of sorted int64 index arrays.

    Notes
    -----
    **Formula**: greedy balancing as scikit-learn's ``GroupKFold``: take the groups from
    largest to smallest and put each into the fold with the fewest samples so far (the
    first such fold on a tie). Fold sizes equal scikit-learn's; which of two equal-sized
    groups goes where may differ.

    **Intuition**: the model will meet *new* users in production; a test fold that shares
    users with training measures memory of those users, not generalization.

    **Interview note**: the classic leak: rows of the same patient (or photos of the same
    person) in train and test. The score looks great and collapses in deployment.

    **Edge cases**: fewer groups than ``k`` raises; one huge group makes unequal folds.

    See Also
    --------
    kfold : ignores groups (and leaks them).

    Examples
    --------
    >>> groups = ["ann", "ann", "bob", "cat", "cat", "cat", "dan"]
    >>> [test.tolist() for _, test in group_kfold(groups, 2)]
    [[3, 4, 5, 6], [0, 1, 2]]
    """
    groups = as_1d(groups, "groups")
    _, group_of = np.unique(groups, return_inverse=True)
    group_of = group_of.ravel()
    sizes = np.bincount(group_of)
    n_splits = _check_n_splits(n_splits, len(sizes), what="distinct groups")
    fold_load = np.zeros(n_splits, dtype=np.int64)
    fold_of_group = np.empty(len(sizes), dtype=np.int64)
    for g in np.argsort(-sizes, kind="stable"):  # largest group first
        lightest = int(np.argmin(fold_load))
        fold_of_group[g] = lightest
        fold_load[lightest] += sizes[g]
    return _pairs_from_fold_ids(fold_of_group[group_of], n_splits)


def time_series_split(n_samples, n_splits=5, *, test_size=None, gap=0, max_train_size=None):
    """Forward-chaining splits for time-ordered samples: train on the past, test on the next block.

    Parameters
    ----------
    n_samples : int
        Number of samples, in time order.
    n_splits : int, default=5
        Number of (train, test) pairs.
    test_size : int, optional
        Samples per test block; default ``n_samples // (n_splits + 1)``.
    gap : int, default=0
        Samples dropped between the end of training and the test block (e.g. a label that
        is only known a week later).
    max_train_size : int, optional
        Keep only the most recent ``max_train_size`` training samples (a sliding window).

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``n_splits`` pairs of sorted int64 index arrays; every training index precedes
        every test index by more than ``gap``.

    Notes
    -----
    **Formula**: test blocks start at ``n - n_splits * t + i t`` for ``i = 0..n_splits-1``
    (``t = test_size``); training is everything before ``start - gap``. Equal to
    scikit-learn's ``TimeSeriesSplit``.

    **Intuition**: evaluate the way the model will be used -- trained on yesterday,
    predicting tomorrow.

    **Interview note**: shuffled k-fold on time series trains on the future: features like
    "rolling mean" and seasonality leak, and the score is optimistic.

    **Edge cases**: raises if ``n_splits + 1 > n_samples`` or no training sample remains
    (``n_samples - gap - n_splits * test_size <= 0``).

    See Also
    --------
    kfold : for exchangeable (not time-ordered) samples.

    Examples
    --------
    >>> [(train.tolist(), test.tolist()) for train, test in time_series_split(6, 3)]
    [([0, 1, 2], [3]), ([0, 1, 2, 3], [4]), ([0, 1, 2, 3, 4], [5])]
    """
    n_samples = _check_n_samples(n_samples)
    if isinstance(n_splits, bool) or not isinstance(n_splits, numbers.Integral) or n_splits < 2:
        raise MetricInputError(f"n_splits must be an integer >= 2, got {n_splits!r}")
    if n_splits + 1 > n_samples:
        raise MetricInputError(f"n_splits={n_splits} needs at least n_splits + 1 = {n_splits + 1} "
                               f"samples, got n_samples={n_samples}")
    for name, value, minimum in (("test_size", test_size, 1), ("gap", gap, 0),
                                 ("max_train_size", max_train_size, 1)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Integral)
                                  or value < minimum):
            raise MetricInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    t = int(test_size) if test_size is not None else n_samples // (n_splits + 1)
    first_start = n_samples - n_splits * t
    if first_start - gap <= 0:
        raise MetricInputError(f"no training data left: n_samples={n_samples} minus gap={gap} "
                               f"minus {n_splits} test blocks of {t} is <= 0")

    def pairs():
        for start in range(first_start, n_samples, t):
            train_end = start - gap
            train_start = 0 if max_train_size is None else max(0, train_end - max_train_size)
            yield np.arange(train_start, train_end), np.arange(start, start + t)

    return pairs()
