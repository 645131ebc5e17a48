"""Seeded scenarios for notebook 14 (validation and leakage): small, NumPy-only simulations.

Models are deliberately simple and fast -- a nearest-centroid classifier, k-nearest
neighbours, the package's logistic regression -- so that a study over hundreds of data sets
runs in a second. The splits come from :mod:`mlmetrics_edu.splits`, the tests from :mod:`mlmetrics_edu.significance`,
the metrics from the package; nothing here is a metric.
"""

from __future__ import annotations

import re

import numpy as np

from .. import splits
from .._validation import (MetricInputError, as_1d, as_float_array, check_consistent_length, check_int,
                           check_probability, rng_from_seed)
from .scenario import check_fit_inputs
from ..significance import corrected_resampled_t_test, paired_t_test

__all__ = [
    "cv_estimate_study",
    "duplicated_reviews",
    "gaussian_classes",
    "knn_accuracies",
    "knn_predict",
    "nearest_centroid_predict",
    "oversample",
    "paired_t_study",
    "shifted_sets",
    "target_encode",
    "top_correlated",
    "tuning_bias_study",
]


def gaussian_classes(n, n_features=5, *, shift=0.5, prevalence=0.5, seed=0):
    """Two Gaussian classes: label 1 moves every feature's mean by ``shift`` (unit variance).

    ``shift = 0`` gives pure noise (labels unrelated to the features). Returns ``X, y``.
    """
    n, n_features = check_int(n, "n", 1), check_int(n_features, "n_features", 1)
    prevalence = check_probability(prevalence, "prevalence", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    y = (rng.random(n) < prevalence).astype(np.int64)
    X = rng.normal(size=(n, n_features)) + shift * y[:, None]
    return X, y


def nearest_centroid_predict(X_train, y_train, X_test):
    """Predict the class whose training mean is nearer (Euclidean); 0/1 labels."""
    X_train, y_train, X_test = _binary_fit_inputs(X_train, y_train, X_test)
    if not (np.any(y_train == 0) and np.any(y_train == 1)):
        return np.full(len(X_test), int(np.bincount(y_train, minlength=2).argmax()))
    mu0, mu1 = X_train[y_train == 0].mean(0), X_train[y_train == 1].mean(0)
    return (((X_test - mu1) ** 2).sum(1) < ((X_test - mu0) ** 2).sum(1)).astype(np.int64)


def _binary_fit_inputs(X_train, y_train, X_test):
    X_train, y_train, X_test = check_fit_inputs(X_train, y_train, X_test)
    if y_train.dtype.kind not in "biuf" or not np.isin(y_train, [0, 1]).all():
        raise MetricInputError("y_train must hold 0/1 labels")
    return X_train, y_train.astype(np.int64), X_test


def _ks(ks, n_train):
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__iter__"):
        raise MetricInputError(f"ks must be a list of neighbour counts, got {ks!r:.60}")
    ks = [check_int(k, "ks[i]", 1, n_train) for k in ks]
    if not ks:
        raise MetricInputError("ks is empty; give at least one neighbour count")
    return ks


def _sq_distances(A, B):
    return (A**2).sum(1)[:, None] - 2 * A @ B.T + (B**2).sum(1)[None, :]


def knn_accuracies(X_train, y_train, X_test, y_test, ks):
    """Accuracy of k-nearest-neighbour majority votes on the test rows, one per ``k`` in ``ks``."""
    X_train, y_train, X_test = _binary_fit_inputs(X_train, y_train, X_test)
    y_test = _categories(y_test, "y_test")
    check_consistent_length(("X_test", X_test), ("y_test", y_test))
    ks = _ks(ks, len(X_train))
    order = np.argsort(_sq_distances(X_test, X_train), axis=1)
    votes = np.cumsum(y_train[order], axis=1)             # positives among the first j
    return np.array([np.mean((votes[:, k - 1] * 2 > k).astype(int) == y_test) for k in ks])


def knn_predict(X_train, y_train, X_test, k=1):
    """k-nearest-neighbour majority vote (0/1 labels); ties go to 0. ``k = 1`` memorises."""
    X_train, y_train, X_test = _binary_fit_inputs(X_train, y_train, X_test)
    k = check_int(k, "k", 1, len(X_train))
    order = np.argsort(_sq_distances(X_test, X_train), axis=1)
    votes = y_train[order[:, :k]].sum(1)
    return (votes * 2 > k).astype(np.int64)


_SCHEME = re.compile(r"(leave-one-out|[1-9][0-9]*-fold( x 10 repeats)?)")


def _schemes(schemes):
    """A non-empty list of scheme names: "5-fold", "10-fold x 10 repeats", "leave-one-out"."""
    if isinstance(schemes, (str, bytes)) or not hasattr(schemes, "__iter__"):
        raise MetricInputError(f"schemes must be a list of names such as ['5-fold', 'leave-one-out'], "
                               f"got {schemes!r:.60}")
    schemes = list(schemes)
    bad = [s for s in schemes if not isinstance(s, str) or not _SCHEME.fullmatch(s)]
    if bad or not schemes:
        raise MetricInputError(f"schemes holds {bad[0]!r:.40}; use names such as '5-fold', "
                               "'10-fold x 10 repeats' or 'leave-one-out'" if bad else "schemes is empty")
    return schemes


def _scheme_folds(name, n, rng):
    if name == "leave-one-out":
        return splits.leave_one_out(n)
    if name.endswith("x 10 repeats"):
        return splits.repeated_kfold(n, int(name.split("-")[0]), 10, seed=rng)
    return splits.kfold(n, int(name.split("-")[0]), shuffle=True, seed=rng)


def cv_estimate_study(schemes, *, n=40, n_datasets=200, n_features=5, shift=0.35, seed=0):
    """How close is each CV scheme's accuracy estimate to the truth, over many small data sets?

    For each data set (``n`` rows from :func:`gaussian_classes`) every scheme estimates the
    accuracy of a nearest-centroid classifier; the truth is the accuracy of that classifier
    trained on all ``n`` rows, measured on 20,000 fresh rows. Returns ``{scheme: errors}``
    (estimate minus truth, one per data set) and the array of true accuracies.
    """
    schemes = _schemes(schemes)
    n, n_datasets = check_int(n, "n", 4), check_int(n_datasets, "n_datasets", 1)
    n_features = check_int(n_features, "n_features", 1)
    rng = rng_from_seed(seed)
    X_big, y_big = gaussian_classes(20_000, n_features, shift=shift, seed=rng)
    errors = {s: [] for s in schemes}
    truths = []
    for _ in range(n_datasets):
        X, y = gaussian_classes(n, n_features, shift=shift, seed=rng)
        truth = np.mean(nearest_centroid_predict(X, y, X_big) == y_big)
        truths.append(truth)
        for s in schemes:
            right = total = 0
            for train, test in _scheme_folds(s, n, rng):
                right += np.sum(nearest_centroid_predict(X[train], y[train], X[test]) == y[test])
                total += len(test)
            errors[s].append(right / total - truth)
    return {s: np.array(e) for s, e in errors.items()}, np.array(truths)


def tuning_bias_study(*, n=100, n_features=10, ks=tuple(range(1, 40, 2)), n_datasets=30, seed=0):
    """Pure noise, a grid of k for k-NN: the best flat-CV score vs the nested-CV score.

    Returns ``(flat_best, nested)``, one accuracy per data set. The truth is 0.5 for every
    setting (the labels are coin flips).
    """
    n, n_features = check_int(n, "n", 25), check_int(n_features, "n_features", 1)
    ks, n_datasets = _ks(ks, n * 16 // 25), check_int(n_datasets, "n_datasets", 1)
    rng = rng_from_seed(seed)
    flat_best, nested = [], []
    for _ in range(n_datasets):
        X, y = gaussian_classes(n, n_features, shift=0.0, seed=rng)
        flat = np.mean([knn_accuracies(X[tr], y[tr], X[te], y[te], ks)
                        for tr, te in splits.kfold(n, 5, shuffle=True, seed=rng)], axis=0)
        flat_best.append(flat.max())
        outer = []
        for train, test, inner in splits.nested_kfold(n, 5, 5, shuffle=True, seed=rng):
            inner_scores = np.mean([knn_accuracies(X[a], y[a], X[b], y[b], ks) for a, b in inner], axis=0)
            k_best = ks[int(np.argmax(inner_scores))]
            outer.append(knn_accuracies(X[train], y[train], X[test], y[test], [k_best])[0])
        nested.append(np.mean(outer))
    return np.array(flat_best), np.array(nested)


def paired_t_study(*, n=200, k=10, n_repeats=10, n_datasets=200, seed=0):
    """Two equally good models compared by repeated k-fold: how often does each test say 'different'?

    Model A is a nearest-centroid classifier on the first half of the features, model B on
    the second half; both halves carry the same signal, so neither model is better (the null
    is true). Returns ``(p_plain, p_corrected)``, one p-value per data set, from the plain
    paired t-test and the corrected resampled t-test on the ``k * n_repeats`` fold differences.
    """
    n, k = check_int(n, "n", 4), check_int(k, "k", 2, max(2, n // 2))
    n_repeats, n_datasets = check_int(n_repeats, "n_repeats", 1), check_int(n_datasets, "n_datasets", 1)
    rng = rng_from_seed(seed)
    p_plain, p_corrected = [], []
    n_test = n // k
    for _ in range(n_datasets):
        X, y = gaussian_classes(n, 4, shift=0.5, seed=rng)
        diffs = []
        for train, test in splits.repeated_kfold(n, k, n_repeats, seed=rng):
            acc_a = np.mean(nearest_centroid_predict(X[train][:, :2], y[train], X[test][:, :2]) == y[test])
            acc_b = np.mean(nearest_centroid_predict(X[train][:, 2:], y[train], X[test][:, 2:]) == y[test])
            diffs.append(acc_a - acc_b)
        diffs = np.array(diffs)
        p_plain.append(paired_t_test(diffs, np.zeros_like(diffs))[1])
        p_corrected.append(corrected_resampled_t_test(diffs, n - n_test, n_test)[1])
    return np.array(p_plain), np.array(p_corrected)


def top_correlated(X, y, k):
    """Indices of the ``k`` columns of ``X`` most correlated (in absolute value) with ``y``."""
    X, y = as_float_array(X, "X", ndim=(2,)), as_float_array(y, "y")
    check_consistent_length(("X", X), ("y", y))
    k = check_int(k, "k", 1, X.shape[1])
    Xc, yc = X - X.mean(0), y - y.mean()
    corr = np.abs(Xc.T @ yc) / (np.sqrt((Xc**2).sum(0) * (yc**2).sum()) + 1e-300)
    return np.argsort(-corr)[:k]


def _categories(x, name):
    if isinstance(x, (list, tuple)) and any(isinstance(v, float) and not np.isfinite(v) for v in x):
        raise MetricInputError(f"{name} contains NaN; a missing value is not a category")
    x = as_1d(x, name)
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        raise MetricInputError(f"{name} contains NaN or infinity; a missing value is not a category")
    return x


def target_encode(categories_fit, y_fit, categories_apply, *, smoothing=1.0):
    """Replace each category by the smoothed mean label of ``categories_fit`` (a target encoder).

    ``(sum of labels + smoothing * global mean) / (count + smoothing)``; a category unseen in
    the fitting rows gets the global mean.
    """
    categories_fit, categories_apply = _categories(categories_fit, "categories_fit"), \
        _categories(categories_apply, "categories_apply")
    y_fit = as_float_array(y_fit, "y_fit")
    check_consistent_length(("categories_fit", categories_fit), ("y_fit", y_fit))
    prior = y_fit.mean()
    codes, inverse = np.unique(categories_fit, return_inverse=True)
    sums = np.bincount(inverse, weights=y_fit, minlength=len(codes))
    counts = np.bincount(inverse, minlength=len(codes))
    rate = dict(zip(codes.tolist(), ((sums + smoothing * prior) / (counts + smoothing)).tolist()))
    return np.array([rate.get(c, prior) for c in np.asarray(categories_apply).tolist()])


def duplicated_reviews(n_unique=300, copies=3, duplicated_share=0.3, *, n_features=20, seed=0):
    """Reviews as feature vectors with random labels; a share is posted several times (near-copies).

    Returns ``X, y, group``: ``group`` identifies the original review, so copies share it.
    Labels are coin flips, so no model can beat 0.5 on genuinely new reviews.
    """
    n_unique, copies = check_int(n_unique, "n_unique", 1), check_int(copies, "copies", 1)
    duplicated_share = check_probability(duplicated_share, "duplicated_share", low_open=False, high_open=False)
    n_features = check_int(n_features, "n_features", 1)
    rng = rng_from_seed(seed)
    X0 = rng.normal(size=(n_unique, n_features))
    y0 = rng.integers(0, 2, n_unique)
    repeats = np.where(rng.random(n_unique) < duplicated_share, copies, 1)
    group = np.repeat(np.arange(n_unique), repeats)
    X = X0[group] + rng.normal(scale=0.05, size=(group.size, n_features))  # reposts differ a bit
    return X, y0[group], group


def shifted_sets(n_train=2000, n_test=1000, *, shift=0.0, seed=0):
    """Training and test rows of three features; the test set's ``account_age`` moves by ``shift``.

    Returns ``X, is_test`` (stacked) and the feature names. With ``shift = 0`` both come from
    one distribution.
    """
    n_train, n_test = check_int(n_train, "n_train", 1), check_int(n_test, "n_test", 1)
    rng = rng_from_seed(seed)
    X_test = rng.normal(size=(n_test, 3)) + np.array([0.0, shift, 0.0])
    X_train = rng.normal(size=(n_train, 3))
    is_test = np.r_[np.zeros(n_train, np.int64), np.ones(n_test, np.int64)]
    return np.vstack([X_train, X_test]), is_test, ["amount", "account_age", "basket_size"]


def oversample(X, y, *, positive_share=0.5, seed=0):
    """Copy positive rows (with replacement) until they make up ``positive_share`` of the rows."""
    positive_share = check_probability(positive_share, "positive_share")
    X, y = check_fit_inputs(X, y, x_name="X", y_name="y")
    if y.dtype.kind not in "biuf" or not np.isin(y, [0, 1]).all() or not (y == 1).any():
        raise MetricInputError("y must hold 0/1 labels with at least one positive")
    rng = rng_from_seed(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    extra = int(round(positive_share * len(neg) / (1 - positive_share))) - len(pos)
    idx = np.r_[np.arange(len(y)), rng.choice(pos, size=max(extra, 0), replace=True)]
    return X[idx], y[idx]
