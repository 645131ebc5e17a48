"""Cross-validation splits: k-fold, stratified, group, time series, repeated, leave-one-out, nested.

Every splitter validates its input at once and returns an iterator of
``(train_idx, test_idx)`` pairs of sorted ``int64`` index arrays, one pair per fold,
like the ``split`` method of scikit-learn's splitters:

* :func:`kfold` -- ``KFold``: contiguous folds, the first ``n % k`` one sample larger;
* :func:`stratified_kfold` -- ``StratifiedKFold``: every fold keeps the class proportions;
* :func:`group_kfold` -- ``GroupKFold``: a group (user, patient, session) never straddles
  train and test;
* :func:`time_series_split` -- ``TimeSeriesSplit``: train on the past, test on what follows;
* :func:`repeated_kfold` -- ``RepeatedKFold``; :func:`leave_one_out` -- ``LeaveOneOut``;
* :func:`nested_kfold` -- outer folds to evaluate, inner folds of each outer training set to tune.

Shuffling uses NumPy's ``default_rng(seed)``, so a shuffled split has the same fold sizes as
scikit-learn's but not the same members (scikit-learn shuffles with the legacy
``RandomState``).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import MetricInputError, as_1d, check_bool, check_finite, check_int, rng_from_seed, warn_user

__all__ = ["group_kfold", "kfold", "leave_one_out", "nested_kfold", "repeated_kfold", "stratified_kfold",
           "time_series_split"]


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
    check_bool(shuffle, "shuffle")
    if seed is not None and not shuffle:
        raise MetricInputError("seed has no effect unless shuffle=True; pass shuffle=True or drop seed")
    return rng_from_seed(seed)


def _labels(y, name):
    """Labels or group ids as a 1-D array; NaN or infinity is refused, as the metrics do."""
    if isinstance(y, (list, tuple)) and any(isinstance(v, float) and not np.isfinite(v) for v in y):
        raise MetricInputError(f"{name} contains NaN or infinity; it cannot name a class or a group")
    y = as_1d(y, name)  # (a list mixing NaN and strings would read as the string 'nan')
    check_finite(y, name)
    return y


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
    y = _labels(y, "y")
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
    groups = _labels(groups, "groups")
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


def repeated_kfold(n, k, n_repeats, *, seed=None):
    """Repeated k-fold: k-fold cross-validation run ``n_repeats`` times, reshuffled each time.

    Parameters
    ----------
    n : int
        Number of samples.
    k : int
        Folds per repetition, ``2 <= k <= n``.
    n_repeats : int
        Number of repetitions (each a fresh shuffle).
    seed : int or numpy.random.Generator, optional
        Seed of the shuffles; one generator serves every repetition in turn.

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``k * n_repeats`` pairs: repetition 0's ``k`` folds, then repetition 1's, ...

    Notes
    -----
    **Formula**: repetition ``r`` is :func:`kfold` ``(n, k, shuffle=True)`` with the next
    permutation of the generator: fold sizes ``⌊n/k⌋ + 1`` for the first ``n mod k`` folds, as
    scikit-learn's ``RepeatedKFold(n_splits=k, n_repeats=n_repeats)`` (same sizes, same order
    of folds; the members differ: another random generator).

    **Intuition**: one k-fold estimate depends on which samples happened to share a fold;
    averaging over several random partitions removes that part of the noise (not the part that
    comes from the finite data set).

    **Interview note**: the ``k × n_repeats`` scores are *not* independent -- every sample is
    tested ``n_repeats`` times and training sets overlap -- so their standard error is not
    ``sd / √(k r)``; use the corrected resampled t-test
    (:func:`mlmetrics_edu.significance.corrected_resampled_t_test`) to compare two models.

    **Edge cases**: ``n_repeats = 1`` is one shuffled k-fold; ``k > n`` or ``k < 2`` raise.

    See Also
    --------
    kfold : one repetition.
    nested_kfold : tuning inside each outer fold.

    Examples
    --------
    >>> splits = list(repeated_kfold(10, 5, 3, seed=0))
    >>> len(splits), sorted(np.concatenate([test for _, test in splits[:5]]).tolist()) == list(range(10))
    (15, True)
    """
    n = _check_n_samples(n)
    k = _check_n_splits(k, n)
    n_repeats = check_int(n_repeats, "n_repeats", 1)
    rng = rng_from_seed(seed)

    def pairs():
        for _ in range(n_repeats):
            yield from kfold(n, k, shuffle=True, seed=rng)

    return pairs()


def leave_one_out(n):
    """Leave-one-out: ``n`` splits, each testing on a single sample and training on the rest.

    Parameters
    ----------
    n : int
        Number of samples, at least 2.

    Returns
    -------
    iterator of (train_idx, test_idx)
        ``n`` pairs; pair ``i`` tests on ``[i]``. Equal to scikit-learn's ``LeaveOneOut().split``.

    Notes
    -----
    **Formula**: ``test_i = {i}``, ``train_i = {0..n-1} \\ {i}``: :func:`kfold` with ``k = n``.

    **Intuition**: the most training data a held-out estimate can use -- nearly unbiased for the
    model trained on all ``n`` samples.

    **Interview note**: low bias but *high variance* (the ``n`` training sets are almost
    identical, so the errors are strongly correlated) and ``n`` fits; per-fold AUC or F1 is
    undefined on one sample, so pool the ``n`` predictions and score once. 5- or 10-fold is
    usually the better trade.

    **Edge cases**: ``n < 2`` raises (nothing to train on).

    See Also
    --------
    kfold : fewer, larger test folds.

    Examples
    --------
    >>> [(train.tolist(), test.tolist()) for train, test in leave_one_out(3)]
    [([1, 2], [0]), ([0, 2], [1]), ([0, 1], [2])]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise MetricInputError(f"n must be an integer >= 2 for leave-one-out, got {n!r}")
    return kfold(int(n), int(n))


def nested_kfold(n, outer_k, inner_k, *, shuffle=False, seed=None):
    """Nested cross-validation indices: outer folds to evaluate, inner folds to tune.

    Parameters
    ----------
    n : int
        Number of samples.
    outer_k : int
        Outer folds: each tests the *whole* tuning procedure once.
    inner_k : int
        Inner folds, cut from each outer training set only.
    shuffle : bool, default=False
        Shuffle before cutting the outer folds and each inner split.
    seed : int or numpy.random.Generator, optional
        Seed of the shuffles (only with ``shuffle=True``).

    Returns
    -------
    iterator of (train_idx, test_idx, inner)
        One triple per outer fold; ``inner`` is a list of ``inner_k`` pairs
        ``(inner_train_idx, inner_test_idx)`` given as indices into the *full* data -- every one
        of them inside ``train_idx``.

    Notes
    -----
    **Formula**: outer = :func:`kfold` ``(n, outer_k)``; for each outer training set ``T``,
    inner = ``T[i]`` for the folds ``i`` of :func:`kfold` ``(len(T), inner_k)``. Without
    shuffling this equals ``KFold(outer_k)`` outer and ``KFold(inner_k)`` on ``X[train]``
    (the pattern of ``cross_val_score(GridSearchCV(..., cv=inner_k), X, y, cv=outer_k)``).

    **Intuition**: choosing hyperparameters by CV score and reporting that same score reports the
    best of many noisy numbers -- optimistically biased. Nested CV tunes on the inner folds and
    scores the chosen model on an outer fold the tuning never saw.

    **Interview note**: the leak to look for is tuning (or feature selection, or scaling) on data
    that includes the outer test fold. The outer score estimates the *procedure*; the final
    model is then tuned once more on all data.

    **Edge cases**: ``inner_k`` larger than the smallest outer training set raises; ``seed``
    without ``shuffle=True`` raises.

    See Also
    --------
    kfold : one level.
    repeated_kfold : repetitions of one level.

    Examples
    --------
    >>> for train, test, inner in nested_kfold(6, 3, 2):
    ...     print(test.tolist(), [inner_test.tolist() for _, inner_test in inner])
    [0, 1] [[2, 3], [4, 5]]
    [2, 3] [[0, 1], [4, 5]]
    [4, 5] [[0, 1], [2, 3]]
    """
    n = _check_n_samples(n)
    outer_k = _check_n_splits(outer_k, n)
    rng = _check_shuffle(shuffle, seed)
    smallest_train = n - (n // outer_k + (n % outer_k > 0))
    if isinstance(inner_k, bool) or not isinstance(inner_k, numbers.Integral) or inner_k < 2:
        raise MetricInputError(f"inner_k must be an integer >= 2, got {inner_k!r}")
    if inner_k > smallest_train:
        raise MetricInputError(f"inner_k={inner_k} is greater than the smallest outer training set "
                               f"({smallest_train} samples); lower inner_k or outer_k")
    if not shuffle:  # contiguous blocks: slices of the outer training set, no masks needed
        def triples():
            for train, test in _block_pairs(np.arange(n), outer_k):
                yield train, test, list(_block_pairs(train, int(inner_k)))

        return triples()
    outer = list(kfold(n, outer_k, shuffle=True, seed=rng))

    def shuffled_triples():
        for train, test in outer:
            inner = [(train[inner_train], train[inner_test]) for inner_train, inner_test
                     in kfold(len(train), int(inner_k), shuffle=True, seed=rng)]
            yield train, test, inner

    return shuffled_triples()


def _block_pairs(indices, k):
    """Unshuffled k-fold of the sorted ``indices``: fold i is the i-th contiguous block (as :func:`kfold`)."""
    sizes = np.full(k, len(indices) // k)
    sizes[: len(indices) % k] += 1
    stops = np.cumsum(sizes)
    for start, stop in zip(stops - sizes, stops):
        yield np.concatenate([indices[:start], indices[stop:]]), indices[start:stop].copy()
