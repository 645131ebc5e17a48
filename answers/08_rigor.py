"""Reference answers for drill set 08 (mirrors drills/08_rigor.py).

The paired bootstrap scores both models on the same resample; McNemar counts only the
disagreements; Benjamini-Hochberg steps up from the largest passing rank; the fold
assignments follow scikit-learn's KFold, StratifiedKFold (no shuffle) and GroupKFold.
"""

import math

import numpy as np


def paired_bootstrap_interval(y_true, pred_a, pred_b, idx, confidence):
    """Is model A better than B? Row b of idx (shape (B, n)) lists the samples of resample b.
    Return the percentile interval (low, high) of accuracy(A) - accuracy(B) over the resamples.
    """
    right_a = np.asarray(pred_a) == np.asarray(y_true)  # per-sample correctness of each model
    right_b = np.asarray(pred_b) == np.asarray(y_true)
    idx = np.asarray(idx)
    d = right_a[idx].mean(axis=1) - right_b[idx].mean(axis=1)  # the SAME rows for both models
    alpha = (1 - confidence) / 2  # two tails share 1 - confidence
    low, high = np.quantile(d, [alpha, 1 - alpha])
    return float(low), float(high)


def mcnemar_exact_p_value(y_true, pred_a, pred_b):
    """Two classifiers scored on the same samples: is their error rate different? Return the
    two-sided exact McNemar p-value as a float.
    """
    right_a = np.asarray(pred_a) == np.asarray(y_true)
    right_b = np.asarray(pred_b) == np.asarray(y_true)
    b = int(np.sum(right_a & ~right_b))  # only disagreements carry information
    c = int(np.sum(~right_a & right_b))
    n = b + c
    # under H0 each disagreement is a fair coin: the tail up to min(b, c), doubled
    tail = sum(math.comb(n, j) for j in range(min(b, c) + 1)) / 2**n
    return float(min(1.0, 2 * tail))  # b = c would give more than 1


def benjamini_hochberg_reject(p_values, alpha):
    """You tested 20 model variants against the baseline. Which differences do you report, keeping
    the false discovery rate at alpha? Return a bool array, in the order of p_values.
    """
    p = np.asarray(p_values, dtype=float)
    m = p.size
    order = np.argsort(p)  # rank 1 = the smallest p-value
    thresholds = np.arange(1, m + 1) * alpha / m
    passing = np.flatnonzero(p[order] <= thresholds)
    reject = np.zeros(m, dtype=bool)
    if passing.size:
        reject[order[: passing[-1] + 1]] = True  # step up: everything up to the LARGEST pass
    return reject


def kfold_assignment(n_samples, n_splits):
    """Cut n_samples (in their order) into n_splits contiguous folds the way sklearn's KFold does;
    return the fold id of every sample. Raise ValueError if n_splits < 2 or n_splits > n_samples.
    """
    if n_splits < 2 or n_splits > n_samples:
        raise ValueError(f"need 2 <= n_splits <= n_samples, got {n_splits} and {n_samples}")
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1  # the first folds take the remainder
    return np.repeat(np.arange(n_splits), sizes)  # contiguous blocks


def stratified_fold_assignment(y, n_splits):
    """Rare classes need their share in every fold. Assign folds like sklearn's StratifiedKFold
    (no shuffling); return the fold id of every sample.
    """
    y = np.asarray(y)
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    code = np.argsort(np.argsort(first))[inverse.ravel()]  # classes by first appearance
    dealt = np.sort(code)  # the class of each position of the class-by-class list
    folds = np.empty(len(y), dtype=np.int64)
    for c in range(len(first)):
        # how many of class c each fold receives when the list is dealt round-robin
        per_fold = np.bincount(np.flatnonzero(dealt == c) % n_splits, minlength=n_splits)
        folds[code == c] = np.repeat(np.arange(n_splits), per_fold)  # fold 0's share first
    return folds


def group_fold_assignment(groups, n_splits):
    """Rows of the same patient must never be split between train and test. Assign whole groups to
    folds like sklearn's GroupKFold; return the fold id of every sample.
    """
    labels, group_of = np.unique(groups, return_inverse=True)  # labels sorted
    group_of = group_of.ravel()
    sizes = np.bincount(group_of)
    load = np.zeros(n_splits, dtype=np.int64)
    fold_of_group = np.empty(len(labels), dtype=np.int64)
    for g in np.argsort(-sizes, kind="stable"):  # largest first; ties keep label order
        lightest = int(np.argmin(load))  # argmin picks the lowest fold id on a tie
        fold_of_group[g] = lightest
        load[lightest] += sizes[g]
    return fold_of_group[group_of]  # every row follows its group
