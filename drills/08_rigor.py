"""Drill set 08: evaluation rigor -- paired intervals, McNemar, Benjamini-Hochberg, CV folds.

Labels and predictions are NumPy arrays of the same length. In the fold drills, return
one fold id (0 .. n_splits - 1) per sample as an int NumPy array: sample i is in the test
set of fold ``folds[i]``.

    mlmetrics-edu drill check mcnemar-exact
"""

import math

import numpy as np


def paired_bootstrap_interval(y_true, pred_a, pred_b, idx, confidence):
    """Is model A better than B? Row b of idx (shape (B, n)) lists the samples of resample b.
    Return the percentile interval (low, high) of accuracy(A) - accuracy(B) over the resamples.
    """
    # Graded on these conventions:
    # - Resample b scores BOTH models on the same rows idx[b]: d_b = acc_A(idx[b]) - acc_B(idx[b]).
    # - low, high = np.quantile(d, [alpha, 1 - alpha]) with alpha = (1 - confidence) / 2 (NumPy's
    #   default linear interpolation).
    # - Return a tuple of two floats.
    # TODO: one difference per resample, then two quantiles.
    raise NotImplementedError


def mcnemar_exact_p_value(y_true, pred_a, pred_b):
    """Two classifiers scored on the same samples: is their error rate different? Return the
    two-sided exact McNemar p-value as a float.
    """
    # Graded on these conventions:
    # - b = samples A gets right and B wrong; c = samples A gets wrong and B right. Samples both get
    #   right (or both wrong) do not enter the test.
    # - p = min(1, 2 * P(X <= min(b, c))) for X ~ Binomial(b + c, 1/2); b + c = 0 gives 1.0.
    # TODO: count the two kinds of disagreement, then the binomial tail.
    raise NotImplementedError


def benjamini_hochberg_reject(p_values, alpha):
    """You tested 20 model variants against the baseline. Which differences do you report, keeping
    the false discovery rate at alpha? Return a bool array, in the order of p_values.
    """
    # Graded on these conventions:
    # - Rank the p-values ascending, rank 1 = the smallest; m = len(p_values).
    # - k = the largest rank with p_(k) <= k * alpha / m; reject the k smallest p-values (step-up:
    #   even those above their own threshold). No such k: reject nothing.
    # - Return a bool NumPy array in the order of p_values.
    # TODO: sort, compare with the rising thresholds, map back to the input order.
    raise NotImplementedError


def kfold_assignment(n_samples, n_splits):
    """Cut n_samples (in their order) into n_splits contiguous folds the way sklearn's KFold does;
    return the fold id of every sample. Raise ValueError if n_splits < 2 or n_splits > n_samples.
    """
    # Graded on these conventions:
    # - Fold sizes: n_samples // n_splits each, plus one for the FIRST n_samples % n_splits folds
    #   (as sklearn's KFold).
    # - Folds are contiguous blocks in order, fold 0 first. Return an int NumPy array of length
    #   n_samples.
    # - n_splits < 2 or n_splits > n_samples: raise ValueError.
    # TODO: fold sizes, then repeat each fold id that many times.
    raise NotImplementedError


def stratified_fold_assignment(y, n_splits):
    """Rare classes need their share in every fold. Assign folds like sklearn's StratifiedKFold
    (no shuffling); return the fold id of every sample.
    """
    # Graded on these conventions:
    # - Order the classes by first appearance in y; list the samples class by class; deal that list
    #   to folds 0, 1, ..., n_splits - 1, 0, 1, ... This fixes how many of each class each fold
    #   gets.
    # - Within a class, samples in their original order fill fold 0's share first, then fold 1's,
    #   ... (as sklearn's StratifiedKFold without shuffling).
    # - Every class has at least n_splits members. Return an int NumPy array of length len(y).
    # TODO: per-class counts per fold from the deal, then fill each class's folds in order.
    raise NotImplementedError


def group_fold_assignment(groups, n_splits):
    """Rows of the same patient must never be split between train and test. Assign whole groups to
    folds like sklearn's GroupKFold; return the fold id of every sample.
    """
    # Graded on these conventions:
    # - Take the groups from largest to smallest (equal sizes: smaller group label first) and put
    #   each into the fold with the fewest samples so far (a tie: the lowest fold id), as sklearn's
    #   GroupKFold balances.
    # - Every sample gets its group's fold. There are at least n_splits distinct groups.
    # - Return an int NumPy array of length len(groups).
    # TODO: group sizes, the greedy loop, then map each sample to its group's fold.
    raise NotImplementedError
