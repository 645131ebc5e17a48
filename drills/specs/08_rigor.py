"""Specs for drill set 08: paired bootstrap, McNemar, Benjamini-Hochberg, and CV fold assignment.

Each misconception is a deliberately wrong implementation a learner could plausibly write:
unpaired bootstrap intervals, McNemar on agreements, BH with the ranks reversed, k-fold
with the remainder in the wrong fold, stratification that starts every class at fold 0,
group folds that ignore the groups.
"""

import math

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Evaluation rigor"

a = np.array
ints = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731


def _two_models(rng, n=None):
    n = n or int(rng.integers(4, 60))
    y = rng.integers(0, 2, n)
    pred_a = np.where(rng.random(n) < rng.uniform(0.5, 0.95), y, 1 - y)
    pred_b = np.where(rng.random(n) < rng.uniform(0.5, 0.95), y, 1 - y)
    return y, pred_a, pred_b


# --- 1. paired bootstrap interval -----------------------------------------------------------


def _correct(y_true, pred_a, pred_b):
    return np.asarray(pred_a) == np.asarray(y_true), np.asarray(pred_b) == np.asarray(y_true)


def _boot_unpaired_intervals(y_true, pred_a, pred_b, idx, confidence):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    idx = np.asarray(idx)
    alpha = (1 - confidence) / 2
    low_a, high_a = np.quantile(right_a[idx].mean(axis=1), [alpha, 1 - alpha])
    low_b, high_b = np.quantile(right_b[idx].mean(axis=1), [alpha, 1 - alpha])
    return float(low_a - high_b), float(high_a - low_b)


def _boot_difference_of_quantiles(y_true, pred_a, pred_b, idx, confidence):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    idx = np.asarray(idx)
    alpha = (1 - confidence) / 2
    q_a = np.quantile(right_a[idx].mean(axis=1), [alpha, 1 - alpha])
    q_b = np.quantile(right_b[idx].mean(axis=1), [alpha, 1 - alpha])
    return float(q_a[0] - q_b[0]), float(q_a[1] - q_b[1])


def _boot_unhalved_alpha(y_true, pred_a, pred_b, idx, confidence):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    idx = np.asarray(idx)
    d = right_a[idx].mean(axis=1) - right_b[idx].mean(axis=1)
    low, high = np.quantile(d, [1 - confidence, confidence])
    return float(low), float(high)


def _boot_case(rng):
    y, pred_a, pred_b = _two_models(rng)
    idx = rng.integers(0, len(y), (int(rng.integers(20, 200)), len(y)))
    return call(y, pred_a, pred_b, idx, float(rng.choice([0.8, 0.9, 0.95])))


def _boot_swapped(rng):
    c = _boot_case(rng)
    y, pred_a, pred_b, idx, confidence = c.args
    return [c, call(y, pred_b, pred_a, idx, confidence)]


def _negated_and_swapped(outs, calls):
    (low, high), (low_swapped, high_swapped) = outs
    return mismatch((-float(high), -float(low)), (low_swapped, high_swapped), Tol(1e-9, 1e-12),
                    where="the interval with A and B swapped")


_EDGE_IDX = a([[0, 1, 2, 3, 4, 5], [0, 0, 1, 1, 2, 2], [3, 3, 4, 4, 5, 5], [5, 4, 3, 2, 1, 0],
               [1, 1, 1, 4, 4, 4]])

PAIRED_BOOTSTRAP = Drill(
    id="paired-bootstrap-difference",
    title="Paired bootstrap interval of an accuracy difference",
    function="paired_bootstrap_interval",
    signature="paired_bootstrap_interval(y_true, pred_a, pred_b, idx, confidence) -> (float, float)",
    conventions=(
        "Resample b scores BOTH models on the same rows idx[b]: d_b = acc_A(idx[b]) - acc_B(idx[b]).",
        "low, high = np.quantile(d, [alpha, 1 - alpha]) with alpha = (1 - confidence) / 2 (NumPy's default "
        "linear interpolation).",
        "Return a tuple of two floats.",
    ),
    returns="tuple (low, high) of floats",
    names=("low", "high"),
    hints=(
        "If a sample is hard for both models, what happens to the difference when that sample is drawn twice?",
        "Compute per-sample correctness once; right_a[idx] has shape (B, n): its row means are A's accuracy on "
        "each resample. Subtract B's row means row by row, then take the two tails, each (1 - confidence) / 2.",
        "right_a = pred_a == y_true; right_b = pred_b == y_true; d = right_a[idx].mean(axis=1) - "
        "right_b[idx].mean(axis=1); alpha = (1 - confidence) / 2; low, high = np.quantile(d, [alpha, 1 - "
        "alpha]); return float(low), float(high).",
    ),
    edges=(
        Edge("same-model", "a model compared with itself: every difference is 0",
             (ints(0, 1, 1, 0, 1, 0), ints(0, 1, 0, 0, 1, 1), ints(0, 1, 0, 0, 1, 1), _EDGE_IDX, 0.9)),
        Edge("a-always-right", "A right on every sample: every difference is at least 0",
             (ints(0, 1, 1, 0, 1, 0), ints(0, 1, 1, 0, 1, 0), ints(1, 1, 0, 0, 1, 0), _EDGE_IDX, 0.8)),
        Edge("shared-errors", "both models miss the same samples except one each: pairing keeps the "
             "interval narrow", (ints(0, 1, 1, 0, 1, 0), ints(1, 0, 1, 0, 1, 0), ints(1, 0, 0, 0, 1, 1),
                                 _EDGE_IDX, 0.95)),
        Edge("one-resample", "B = 1: both quantiles are that resample's difference",
             (ints(0, 1, 1), ints(0, 1, 0), ints(1, 1, 1), ints(2, 2, 0)[None, :], 0.95)),
    ),
    random=Random(_boot_case, n=25),
    props=(
        Prop("swap-models", "swapping A and B negates the interval and swaps its ends", _boot_swapped,
             _negated_and_swapped),
    ),
    wrongs=(
        Wrong("unpaired-intervals", "you combined two separate intervals (low_A - high_B, high_A - low_B): "
              "that ignores the pairing and is far too wide; bootstrap the per-resample difference",
              _boot_unpaired_intervals),
        Wrong("difference-of-quantiles", "you subtracted B's quantiles from A's; the quantiles of a "
              "difference are not differences of quantiles: take quantiles of d_b = acc_A - acc_B",
              _boot_difference_of_quantiles),
        Wrong("unhalved-alpha", "you put all of 1 - confidence in each tail; a two-sided interval puts "
              "(1 - confidence) / 2 in each", _boot_unhalved_alpha),
    ),
)

# --- 2. McNemar exact ------------------------------------------------------------------------


def _binomial_two_sided(k, n):
    return float(min(1.0, 2 * sum(math.comb(n, j) for j in range(k + 1)) / 2**n))


def _mcnemar_agreements(y_true, pred_a, pred_b):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    both_right, both_wrong = int(np.sum(right_a & right_b)), int(np.sum(~right_a & ~right_b))
    return _binomial_two_sided(min(both_right, both_wrong), both_right + both_wrong)


def _mcnemar_one_sided(y_true, pred_a, pred_b):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    b, c = int(np.sum(right_a & ~right_b)), int(np.sum(~right_a & right_b))
    return float(sum(math.comb(b + c, j) for j in range(min(b, c) + 1)) / 2 ** (b + c))


def _mcnemar_uncapped(y_true, pred_a, pred_b):
    right_a, right_b = _correct(y_true, pred_a, pred_b)
    b, c = int(np.sum(right_a & ~right_b)), int(np.sum(~right_a & right_b))
    return float(2 * sum(math.comb(b + c, j) for j in range(min(b, c) + 1)) / 2 ** (b + c))


def _mcnemar_case(rng):
    y, pred_a, pred_b = _two_models(rng, int(rng.integers(2, 80)))
    if rng.random() < 0.3:  # multiclass labels
        y = rng.integers(0, 4, len(y))
        pred_a = np.where(rng.random(len(y)) < 0.7, y, rng.integers(0, 4, len(y)))
        pred_b = np.where(rng.random(len(y)) < 0.6, y, rng.integers(0, 4, len(y)))
    return y, pred_a, pred_b


def _mcnemar_extra_agreements(rng):
    y, pred_a, pred_b = _mcnemar_case(rng)
    extra = int(rng.integers(1, 30))
    both_right = rng.integers(0, 2, extra)
    return [(y, pred_a, pred_b), (np.r_[y, both_right], np.r_[pred_a, both_right], np.r_[pred_b, both_right])]


MCNEMAR = Drill(
    id="mcnemar-exact",
    title="McNemar's exact test",
    function="mcnemar_exact_p_value",
    signature="mcnemar_exact_p_value(y_true, pred_a, pred_b) -> float",
    conventions=(
        "b = samples A gets right and B wrong; c = samples A gets wrong and B right. Samples both get right "
        "(or both wrong) do not enter the test.",
        "p = min(1, 2 * P(X <= min(b, c))) for X ~ Binomial(b + c, 1/2); b + c = 0 gives 1.0.",
    ),
    returns="float",
    hints=(
        "If both models get a sample right, does that sample tell you which model is better?",
        "Count b and c from the two correctness arrays. Under H0 each of the b + c disagreements is a fair coin, "
        "so the tail is sum_{j <= min(b, c)} C(b + c, j) / 2^(b + c); double it for two sides and cap it at 1.",
        "right_a = pred_a == y_true; right_b = pred_b == y_true; b = int(np.sum(right_a & ~right_b)); "
        "c = int(np.sum(~right_a & right_b)); tail = sum(math.comb(b + c, j) for j in range(min(b, c) + 1)) / "
        "2 ** (b + c); return float(min(1.0, 2 * tail)).",
    ),
    edges=(
        Edge("no-disagreement", "the models never disagree: no evidence, p = 1",
             (ints(0, 1, 1, 0), ints(0, 1, 0, 0), ints(0, 1, 0, 0))),
        Edge("balanced", "b = c: the doubled tail exceeds 1 and is capped",
             (ints(1, 1, 1, 1, 0), ints(1, 0, 1, 0, 0), ints(0, 1, 0, 1, 0))),
        Edge("one-sided-split", "8 disagreements, all won by A: p = 2 / 2^8",
             (np.ones(10, dtype=np.int64), np.ones(10, dtype=np.int64),
              ints(0, 0, 0, 0, 0, 0, 0, 0, 1, 1))),
        Edge("many-agreements", "920 shared right answers change nothing; 3 vs 0 disagreements give p = 0.25",
             (np.ones(1000, dtype=np.int64), np.r_[np.ones(920), np.zeros(80)].astype(np.int64),
              np.r_[np.ones(917), np.zeros(83)].astype(np.int64))),
        Edge("string-labels", "labels can be strings; only correctness matters",
             (a(["cat", "dog", "dog", "emu"]), a(["cat", "dog", "emu", "emu"]), a(["dog", "dog", "dog", "cat"]))),
    ),
    random=Random(_mcnemar_case, n=25),
    props=(
        Prop("swap-models", "swapping A and B cannot change a two-sided p-value",
             lambda rng: (lambda c: [c, (c[0], c[2], c[1])])(_mcnemar_case(rng)),
             lambda outs, calls: all_same(outs, what="p-values before and after swapping the models")),
        Prop("extra-agreements", "adding samples both models get right cannot change the p-value",
             _mcnemar_extra_agreements,
             lambda outs, calls: all_same(outs, what="p-values before and after adding agreements")),
    ),
    wrongs=(
        Wrong("counts-agreements", "you tested the agreements (both right vs both wrong); McNemar uses only "
              "the disagreements b and c", _mcnemar_agreements),
        Wrong("one-sided", "you returned one tail; the two-sided p-value doubles it (capped at 1)",
              _mcnemar_one_sided),
        Wrong("uncapped", "your doubled tail exceeds 1 when b = c; a p-value is capped at 1", _mcnemar_uncapped),
    ),
)

# --- 3. Benjamini-Hochberg -------------------------------------------------------------------


def _bh_descending(p_values, alpha):
    p = np.asarray(p_values, dtype=float)
    m = p.size
    order = np.argsort(-p)  # rank 1 = the LARGEST p-value
    passing = np.flatnonzero(p[order] <= np.arange(1, m + 1) * alpha / m)
    reject = np.zeros(m, dtype=bool)
    if passing.size:
        reject[order[: passing[-1] + 1]] = True
    return reject


def _bh_step_down(p_values, alpha):
    p = np.asarray(p_values, dtype=float)
    m = p.size
    order = np.argsort(p)
    failing = np.flatnonzero(p[order] > np.arange(1, m + 1) * alpha / m)
    k = failing[0] if failing.size else m  # stop at the first failure
    reject = np.zeros(m, dtype=bool)
    reject[order[:k]] = True
    return reject


def _bh_bonferroni(p_values, alpha):
    p = np.asarray(p_values, dtype=float)
    return p <= alpha / p.size


def _bh_case(rng):
    m = int(rng.integers(1, 40))
    p = np.concatenate([rng.uniform(size=m), rng.uniform(0, 0.02, int(rng.integers(0, m + 1)))])
    rng.shuffle(p)
    return call(np.round(p, 4), float(rng.choice([0.05, 0.1, 0.2])))


BENJAMINI_HOCHBERG = Drill(
    id="benjamini-hochberg",
    title="Benjamini-Hochberg rejections",
    function="benjamini_hochberg_reject",
    signature="benjamini_hochberg_reject(p_values, alpha) -> ndarray of bool",
    conventions=(
        "Rank the p-values ascending, rank 1 = the smallest; m = len(p_values).",
        "k = the largest rank with p_(k) <= k * alpha / m; reject the k smallest p-values (step-up: even those "
        "above their own threshold). No such k: reject nothing.",
        "Return a bool NumPy array in the order of p_values.",
    ),
    returns="ndarray of bool, shape (m,)",
    hints=(
        "Which p-value faces the strictest threshold, and which one faces alpha itself?",
        "Sort ascending with np.argsort; compare p_sorted with np.arange(1, m + 1) * alpha / m; find the LAST rank "
        "that passes, not the first that fails; then write True back through the sort order.",
        "order = np.argsort(p_values); m = len(order); passing = np.flatnonzero(np.asarray(p_values)[order] <= "
        "np.arange(1, m + 1) * alpha / m); reject = np.zeros(m, dtype=bool); if passing.size: "
        "reject[order[:passing[-1] + 1]] = True; return reject.",
    ),
    edges=(
        Edge("step-up", "0.04 passes at rank 3, so 0.039 (above its rank-2 threshold) is rejected too",
             (a([0.012, 0.04, 0.039]), 0.05)),
        Edge("none", "no p-value is below its rank's threshold: reject nothing", (a([0.3, 0.5, 0.04, 0.9]), 0.05)),
        Edge("all", "every p-value tiny", (a([0.001, 0.002, 0.0001]), 0.05)),
        Edge("unsorted-input", "the answer comes back in the input order", (a([0.8, 0.001, 0.03, 0.02]), 0.1)),
        Edge("single", "m = 1: the plain test at alpha", (a([0.04]), 0.05)),
        Edge("ties", "tied p-values share a fate", (a([0.02, 0.02, 0.02, 0.5]), 0.05)),
    ),
    random=Random(_bh_case, n=30),
    props=(
        Prop("order-equivariant", "reversing the input reverses the answer",
             lambda rng: (lambda c: [c, call(c.args[0][::-1].copy(), c.args[1])])(_bh_case(rng)),
             lambda outs, calls: mismatch(np.asarray(outs[0])[::-1], outs[1],
                                          where="the answer for the reversed p-values")),
    ),
    wrongs=(
        Wrong("descending-ranks", "you ranked from the largest p-value; rank 1 is the smallest p-value, which "
              "faces the strictest threshold alpha / m", _bh_descending),
        Wrong("step-down", "you stopped at the first p-value above its threshold; BH steps UP: find the largest "
              "rank that passes and reject everything below it", _bh_step_down),
        Wrong("bonferroni", "you compared every p-value with alpha / m: that is Bonferroni, not BH's rising "
              "thresholds k * alpha / m", _bh_bonferroni),
    ),
)

# --- 4. k-fold -------------------------------------------------------------------------------


def _kfold_checks(n_samples, n_splits):
    if n_splits < 2 or n_splits > n_samples:
        raise ValueError("n_splits")


def _kfold_remainder_last(n_samples, n_splits):
    _kfold_checks(n_samples, n_splits)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[-1] += n_samples % n_splits
    return np.repeat(np.arange(n_splits), sizes)


def _kfold_ceil(n_samples, n_splits):
    _kfold_checks(n_samples, n_splits)
    return np.minimum(np.arange(n_samples) // math.ceil(n_samples / n_splits), n_splits - 1)


def _kfold_round_robin(n_samples, n_splits):
    _kfold_checks(n_samples, n_splits)
    return np.arange(n_samples) % n_splits


def _kfold_case(rng):
    n = int(rng.integers(2, 60))
    return call(n, int(rng.integers(2, min(n, 12) + 1)))


def _sizes_within_one(outs, calls):
    sizes = np.bincount(np.asarray(outs[0]), minlength=calls[0].args[1])
    if sizes.max() - sizes.min() > 1:
        return f"fold sizes {sizes.tolist()} differ by more than one"
    return None


KFOLD = Drill(
    id="kfold-assignment",
    title="K-fold assignment",
    function="kfold_assignment",
    signature="kfold_assignment(n_samples, n_splits) -> ndarray of int",
    conventions=(
        "Fold sizes: n_samples // n_splits each, plus one for the FIRST n_samples % n_splits folds (as "
        "sklearn's KFold).",
        "Folds are contiguous blocks in order, fold 0 first. Return an int NumPy array of length n_samples.",
        "n_splits < 2 or n_splits > n_samples: raise ValueError.",
    ),
    returns="ndarray of int, shape (n_samples,)",
    hints=(
        "With 10 samples and 3 folds, which fold gets the extra sample, and where does each fold start?",
        "Start from n_samples // n_splits in every fold, add 1 to the first n_samples % n_splits folds, then "
        "np.repeat(np.arange(n_splits), sizes).",
        "if n_splits < 2 or n_splits > n_samples: raise ValueError; sizes = np.full(n_splits, n_samples // "
        "n_splits); sizes[:n_samples % n_splits] += 1; return np.repeat(np.arange(n_splits), sizes).",
    ),
    edges=(
        Edge("remainder", "10 samples, 3 folds: sizes 4, 3, 3", (10, 3)),
        Edge("exact", "12 samples, 4 folds: no remainder", (12, 4)),
        Edge("leave-one-out", "n_splits = n_samples: one sample per fold", (5, 5)),
        Edge("remainder-two", "11 samples, 3 folds: sizes 4, 4, 3", (11, 3)),
        Edge("too-many-folds", "more folds than samples: ValueError", (3, 4)),
        Edge("one-fold", "one fold would train on nothing: ValueError", (8, 1)),
    ),
    random=Random(_kfold_case, n=25),
    props=(
        Prop("balanced", "fold sizes differ by at most one", lambda rng: [_kfold_case(rng)], _sizes_within_one),
    ),
    wrongs=(
        Wrong("remainder-last", "you put the leftover samples in the last fold; KFold gives one extra to each "
              "of the FIRST n % k folds", _kfold_remainder_last),
        Wrong("ceil-size", "you cut blocks of ceil(n / k) samples, leaving the last folds short; sizes must "
              "differ by at most one", _kfold_ceil),
        Wrong("round-robin", "you dealt samples round-robin (i % k); KFold without shuffling cuts contiguous "
              "blocks", _kfold_round_robin),
    ),
)

# --- 5. stratified k-fold --------------------------------------------------------------------


def _class_codes(y):
    _, first, inverse = np.unique(np.asarray(y), return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[inverse.ravel()], len(first)


def _strat_each_class_from_zero(y, n_splits):
    code, n_classes = _class_codes(y)
    folds = np.empty(len(code), dtype=np.int64)
    for c in range(n_classes):
        n_c = int(np.sum(code == c))
        per_fold = np.full(n_splits, n_c // n_splits)
        per_fold[: n_c % n_splits] += 1  # every class's extra members go to fold 0 first
        folds[code == c] = np.repeat(np.arange(n_splits), per_fold)
    return folds


def _strat_sorted_labels(y, n_splits):
    _, code = np.unique(np.asarray(y), return_inverse=True)  # classes by label value
    code = code.ravel()
    dealt = np.sort(code)
    folds = np.empty(len(code), dtype=np.int64)
    for c in range(code.max() + 1):
        per_fold = np.bincount(np.flatnonzero(dealt == c) % n_splits, minlength=n_splits)
        folds[code == c] = np.repeat(np.arange(n_splits), per_fold)
    return folds


def _strat_plain_kfold(y, n_splits):
    n = len(y)
    sizes = np.full(n_splits, n // n_splits)
    sizes[: n % n_splits] += 1
    return np.repeat(np.arange(n_splits), sizes)


def _strat_case(rng):
    k = int(rng.integers(2, 6))
    n_classes = int(rng.integers(2, 5))
    counts = rng.integers(k, k + 25, n_classes)
    labels = rng.permutation(n_classes)[:n_classes] * 3 + 1  # first appearance differs from sorted order
    y = rng.permutation(np.repeat(labels, counts))
    if rng.random() < 0.3:
        y = np.array(["spam", "ham", "eggs", "tea"])[rng.permutation(4)][y % 4]
    return call(y, k)


def _strat_props(outs, calls):
    y, k = calls[0].args
    folds = np.asarray(outs[0])
    for label in np.unique(y):
        counts = np.bincount(folds[y == label], minlength=k)
        if np.abs(counts - np.sum(y == label) / k).max() >= 1:
            return f"class {label!r} has {counts.tolist()} members per fold: not within one of n_c / k"
    return None


STRATIFIED = Drill(
    id="stratified-fold-assignment",
    title="Stratified k-fold assignment",
    function="stratified_fold_assignment",
    signature="stratified_fold_assignment(y, n_splits) -> ndarray of int",
    conventions=(
        "Order the classes by first appearance in y; list the samples class by class; deal that list to folds 0, "
        "1, ..., n_splits - 1, 0, 1, ... This fixes how many of each class each fold gets.",
        "Within a class, samples in their original order fill fold 0's share first, then fold 1's, ... (as "
        "sklearn's StratifiedKFold without shuffling).",
        "Every class has at least n_splits members. Return an int NumPy array of length len(y).",
    ),
    returns="ndarray of int, shape (n_samples,)",
    hints=(
        "If every class put its leftover members into fold 0, how big would fold 0 get?",
        "Encode classes by first appearance (np.unique with return_index, then rank the first indices); dealing "
        "the class-sorted list means position j goes to fold j % n_splits, so class c gets "
        "np.bincount(positions_of_c % n_splits) members per fold; np.repeat those counts for the class's samples.",
        "_, first, inv = np.unique(y, return_index=True, return_inverse=True); code = "
        "np.argsort(np.argsort(first))[inv.ravel()]; dealt = np.sort(code); folds = np.empty(len(y), dtype=int); "
        "for c in range(len(first)): per_fold = np.bincount(np.flatnonzero(dealt == c) % n_splits, "
        "minlength=n_splits); folds[code == c] = np.repeat(np.arange(n_splits), per_fold); return folds.",
    ),
    edges=(
        Edge("rare-class", "7 negatives and 3 positives in 3 folds: one positive per fold",
             (ints(0, 0, 0, 0, 1, 1, 0, 0, 0, 1), 3)),
        Edge("remainders-spread", "two classes with remainders: the second class's extra goes where the "
             "first's did not", (ints(0, 0, 0, 0, 1, 1, 1, 1, 1), 2)),
        Edge("first-appearance", "class 5 appears first, so it is dealt first", (ints(5, 2, 5, 2, 5, 2, 5), 3)),
        Edge("strings", "string labels", (a(["b", "a", "b", "a", "b", "c", "c"]), 2)),
    ),
    random=Random(_strat_case, n=25),
    props=(
        Prop("stratified", "each class's count per fold is within one of n_c / n_splits",
             lambda rng: [_strat_case(rng)], _strat_props),
    ),
    wrongs=(
        Wrong("each-class-from-fold-0", "every class starts its remainder at fold 0, so fold 0 gets all the "
              "extras and fold sizes drift apart; deal the class-by-class list round-robin", _strat_each_class_from_zero),
        Wrong("sorted-labels", "you ordered the classes by label value; StratifiedKFold (and this drill) deals them "
              "in order of first appearance in y", _strat_sorted_labels),
        Wrong("plain-kfold", "you cut contiguous blocks ignoring the classes: a fold may get no positives",
              _strat_plain_kfold),
    ),
)

# --- 6. group k-fold -------------------------------------------------------------------------


def _group_per_sample(groups, n_splits):
    n = len(groups)
    sizes = np.full(n_splits, n // n_splits)
    sizes[: n % n_splits] += 1
    return np.repeat(np.arange(n_splits), sizes)


def _group_round_robin(groups, n_splits):
    _, group_of = np.unique(groups, return_inverse=True)
    return group_of.ravel() % n_splits


def _group_smallest_first(groups, n_splits):
    labels, group_of = np.unique(groups, return_inverse=True)
    group_of = group_of.ravel()
    sizes = np.bincount(group_of)
    load = np.zeros(n_splits, dtype=np.int64)
    fold_of_group = np.empty(len(labels), dtype=np.int64)
    for g in np.argsort(sizes, kind="stable"):
        lightest = int(np.argmin(load))
        fold_of_group[g] = lightest
        load[lightest] += sizes[g]
    return fold_of_group[group_of]


def _group_case(rng):
    n_groups = int(rng.integers(3, 20))
    sizes = rng.integers(1, 12, n_groups)
    groups = rng.permutation(np.repeat(rng.permutation(n_groups) * 10 + 7, sizes))
    if rng.random() < 0.3:
        groups = np.array([f"patient-{g:03d}" for g in groups])
    return call(groups, int(rng.integers(2, n_groups + 1)))


def _no_group_split(outs, calls):
    groups = np.asarray(calls[0].args[0])
    folds = np.asarray(outs[0])
    for g in np.unique(groups):
        if np.unique(folds[groups == g]).size > 1:
            return f"group {g!r} is split across folds {np.unique(folds[groups == g]).tolist()}"
    return None


GROUP = Drill(
    id="group-fold-assignment",
    title="Group k-fold assignment",
    function="group_fold_assignment",
    signature="group_fold_assignment(groups, n_splits) -> ndarray of int",
    conventions=(
        "Take the groups from largest to smallest (equal sizes: smaller group label first) and put each into "
        "the fold with the fewest samples so far (a tie: the lowest fold id), as sklearn's GroupKFold balances.",
        "Every sample gets its group's fold. There are at least n_splits distinct groups.",
        "Return an int NumPy array of length len(groups).",
    ),
    returns="ndarray of int, shape (n_samples,)",
    hints=(
        "If one patient's rows sit in both train and test, what is the test score measuring?",
        "np.unique(groups, return_inverse=True) gives each sample's group index; np.bincount gives group sizes; "
        "loop over np.argsort(-sizes, kind='stable') adding each group to np.argmin(load).",
        "labels, g = np.unique(groups, return_inverse=True); g = g.ravel(); sizes = np.bincount(g); load = "
        "np.zeros(n_splits, dtype=int); fold = np.empty(len(labels), dtype=int); for i in np.argsort(-sizes, "
        "kind='stable'): j = int(np.argmin(load)); fold[i] = j; load[j] += sizes[i]; return fold[g].",
    ),
    edges=(
        Edge("patients", "a big patient first, then the others balance the folds",
             (a(["ann", "ann", "bob", "cat", "cat", "cat", "dan"]), 2)),
        Edge("equal-groups", "equal sizes: label order breaks the tie", (ints(3, 1, 2, 3, 1, 2), 3)),
        Edge("one-giant", "one group bigger than all others together",
             (ints(1, 1, 1, 1, 1, 1, 2, 3, 4), 2)),
        Edge("interleaved", "a group's rows need not be adjacent", (ints(9, 8, 9, 7, 8, 9, 7), 3)),
    ),
    random=Random(_group_case, n=25),
    props=(
        Prop("groups-intact", "no group is split across two folds", lambda rng: [_group_case(rng)],
             _no_group_split),
    ),
    wrongs=(
        Wrong("per-sample", "you split samples, not groups: one patient's rows land in train and test (group "
              "leakage)", _group_per_sample),
        Wrong("round-robin-groups", "you dealt groups round-robin by label; GroupKFold balances fold sizes by "
              "placing the largest groups first into the lightest fold", _group_round_robin),
        Wrong("smallest-first", "you placed the smallest groups first; greedy balancing goes from the largest "
              "group down", _group_smallest_first),
    ),
)

DRILLS = [PAIRED_BOOTSTRAP, MCNEMAR, BENJAMINI_HOCHBERG, KFOLD, STRATIFIED, GROUP]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word.

HINT_SOLUTIONS = {
    "paired-bootstrap-difference": """
def paired_bootstrap_interval(y_true, pred_a, pred_b, idx, confidence):
    right_a = pred_a == y_true
    right_b = pred_b == y_true
    d = right_a[idx].mean(axis=1) - right_b[idx].mean(axis=1)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(d, [alpha, 1 - alpha])
    return float(low), float(high)
""",
    "mcnemar-exact": """
def mcnemar_exact_p_value(y_true, pred_a, pred_b):
    right_a = pred_a == y_true
    right_b = pred_b == y_true
    b = int(np.sum(right_a & ~right_b))
    c = int(np.sum(~right_a & right_b))
    tail = sum(math.comb(b + c, j) for j in range(min(b, c) + 1)) / 2 ** (b + c)
    return float(min(1.0, 2 * tail))
""",
    "benjamini-hochberg": """
def benjamini_hochberg_reject(p_values, alpha):
    order = np.argsort(p_values)
    m = len(order)
    passing = np.flatnonzero(np.asarray(p_values)[order] <= np.arange(1, m + 1) * alpha / m)
    reject = np.zeros(m, dtype=bool)
    if passing.size:
        reject[order[:passing[-1] + 1]] = True
    return reject
""",
    "kfold-assignment": """
def kfold_assignment(n_samples, n_splits):
    if n_splits < 2 or n_splits > n_samples:
        raise ValueError
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[:n_samples % n_splits] += 1
    return np.repeat(np.arange(n_splits), sizes)
""",
    "stratified-fold-assignment": """
def stratified_fold_assignment(y, n_splits):
    _, first, inv = np.unique(y, return_index=True, return_inverse=True)
    code = np.argsort(np.argsort(first))[inv.ravel()]
    dealt = np.sort(code)
    folds = np.empty(len(y), dtype=int)
    for c in range(len(first)):
        per_fold = np.bincount(np.flatnonzero(dealt == c) % n_splits, minlength=n_splits)
        folds[code == c] = np.repeat(np.arange(n_splits), per_fold)
    return folds
""",
    "group-fold-assignment": """
def group_fold_assignment(groups, n_splits):
    labels, g = np.unique(groups, return_inverse=True)
    g = g.ravel()
    sizes = np.bincount(g)
    load = np.zeros(n_splits, dtype=int)
    fold = np.empty(len(labels), dtype=int)
    for i in np.argsort(-sizes, kind='stable'):
        j = int(np.argmin(load))
        fold[i] = j
        load[j] += sizes[i]
    return fold[g]
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
