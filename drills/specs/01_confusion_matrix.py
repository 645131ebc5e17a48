"""Specs for drill set 01: confusion counts and the scores built on them.

Each misconception below is a deliberately wrong implementation. The grader runs
it on the case a learner failed; when the learner's output matches, the learner
reads the diagnosis.
"""

import numpy as np

from mlmetrics_edu.drill.cases import (
    binary_labels, call, multiclass_labels, noisy_predictions,
)
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Wrong, with_hint_solutions

TITLE = "The confusion matrix and its scores"

a = np.array  # edge cases read better as a([1, 0, 1])


def _binary_case(rng):
    y_true = binary_labels(rng)
    return y_true, noisy_predictions(rng, y_true)


def _counts(y_true, y_pred):
    # Misconceptions below share this helper, so each one embodies a single mistake:
    # they refuse empty input exactly like the reference answers do.
    if len(y_true) == 0:
        raise ValueError("empty input")
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    tn = np.sum((y_pred == 0) & (y_true == 0))
    return tp, fp, fn, tn


# --- properties shared by several drills -------------------------------------------------


def _shuffled(rng):
    """The same samples in two orders: a score of counts cannot depend on the order."""
    y_true, y_pred = _binary_case(rng)
    order = rng.permutation(y_true.size)
    return [(y_true, y_pred), (y_true[order], y_pred[order])]


PERMUTATION = Prop(
    "shuffle-invariant", "shuffling the samples (both arrays alike) cannot change a count-based score",
    _shuffled, lambda outs, calls: all_same(outs, what="scores before and after shuffling"))


def _with_extra(kind):
    def make(rng):
        y_true, y_pred = _binary_case(rng)
        extra = int(rng.integers(1, 20))
        t, p = {"tn": (0, 0), "tp": (1, 1), "fp": (0, 1), "fn": (1, 0)}[kind]
        return [(y_true, y_pred), (np.r_[y_true, [t] * extra], np.r_[y_pred, [p] * extra])]
    return make


def _unchanged_by(kind, why):
    return Prop(f"unchanged-by-extra-{kind}", why, _with_extra(kind),
                lambda outs, calls: all_same(outs, what=f"scores before and after adding {kind}s"))


# --- 1. confusion counts -------------------------------------------------------------------


def _counts_swapped_fp_fn(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return int(tp), int(fn), int(fp), int(tn)


def _counts_tn_as_rest(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return int(tp), int(fp), int(fn), int(len(y_true) - tp - fp)


def _counts_sklearn_order(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return int(tn), int(fp), int(fn), int(tp)  # confusion_matrix(...).ravel() order


def _counts_total(outs, calls):
    y_true = calls[0].args[0]
    if sum(int(v) for v in outs[0]) != y_true.size:
        return f"tp + fp + fn + tn should be the number of samples, {y_true.size}"
    return None


def _counts_transposed(outs, calls):
    tp, fp, fn, tn = outs[0]
    expected = (tp, fn, fp, tn)
    problem = mismatch(tuple(int(v) for v in expected), tuple(int(v) for v in outs[1]))
    return None if problem is None else "swapping y_true and y_pred should swap FP and FN: " + problem


def _swap_roles(rng):
    y_true, y_pred = _binary_case(rng)
    return [(y_true, y_pred), (y_pred, y_true)]


CONFUSION_COUNTS = Drill(
    id="confusion-counts",
    title="Confusion counts (TP, FP, FN, TN)",
    function="confusion_counts",
    signature="confusion_counts(y_true, y_pred) -> tuple[int, int, int, int]",
    conventions=(
        "1 is the positive class, 0 the negative class.",
        "Empty input: raise ValueError, as scikit-learn does.",
        "Return a tuple of four ints (Python or NumPy integers), in the order tp, fp, fn, tn.",
    ),
    returns="tuple of 4 ints: (tp, fp, fn, tn)",
    names=("tp", "fp", "fn", "tn"),
    hints=(
        "A false positive is a mistake of which kind: did the model say 1 or 0, and what was the truth?",
        "Combine two boolean masks with &: (y_pred == 1) & (y_true == 0) marks the false positives.",
        "if len(y_true) == 0: raise ValueError; tp = np.sum((y_pred == 1) & (y_true == 1)); fp "
        "= np.sum((y_pred == 1) & (y_true == 0)); fn = np.sum((y_pred == 0) & (y_true == 1)); "
        "tn = np.sum((y_pred == 0) & (y_true == 0)); return int(tp), int(fp), int(fn), "
        "int(tn).",
    ),
    edges=(
        Edge("all-correct", "a perfect model has no FP and no FN", (a([1, 0, 1, 0]), a([1, 0, 1, 0]))),
        Edge("more-tn-than-tp", "TP = 1 and TN = 3 differ, so the order of the four counts shows",
             (a([1, 0, 0, 0, 1, 0]), a([1, 0, 1, 0, 0, 0]))),
        Edge("all-wrong", "every answer flipped: only FP and FN", (a([1, 0, 1, 0]), a([0, 1, 0, 1]))),
        Edge("one-false-positive", "tells FP from FN: predicted 1, truth 0", (a([0, 0, 1]), a([1, 0, 1]))),
        Edge("one-false-negative", "tells FN from FP: predicted 0, truth 1", (a([1, 0, 1]), a([0, 0, 1]))),
        Edge("no-positives", "a class that never occurs still gets a count of 0", (a([0, 0, 0]), a([0, 1, 0]))),
        Edge("single-sample", "one frame, one count", (a([1]), a([1]))),
        Edge("empty", "no frames at all: refuse with ValueError rather than report four zeros",
             (a([], dtype=np.int64), a([], dtype=np.int64))),
    ),
    random=Random(_binary_case),
    props=(
        PERMUTATION,
        Prop("counts-sum-to-n", "every sample lands in exactly one cell", lambda rng: [_binary_case(rng)],
             _counts_total),
        Prop("swap-true-and-pred", "exchanging truth and prediction turns FPs into FNs", _swap_roles,
             _counts_transposed),
    ),
    wrongs=(
        Wrong("fp-fn-swapped", "you swapped FP and FN: a false positive is predicted 1 when the truth is 0",
              _counts_swapped_fp_fn),
        Wrong("tn-as-remainder", "you computed TN as n - TP - FP, which also swallows the false negatives",
              _counts_tn_as_rest),
        Wrong("sklearn-ravel-order", "you returned the counts in scikit-learn's confusion_matrix(...).ravel() "
              "order, tn, fp, fn, tp; this drill asks for tp, fp, fn, tn", _counts_sklearn_order),
    ),
)

# --- 2. accuracy ---------------------------------------------------------------------------


def _accuracy_count(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty input")
    return int(np.sum(y_true == y_pred))


def _accuracy_positive_only(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty input")
    positives = y_true == 1
    return float(np.mean(y_pred[positives] == 1)) if positives.any() else 0.0


def _accuracy_empty_zero(y_true, y_pred):
    return float(np.mean(y_true == y_pred)) if len(y_true) else 0.0


def _accuracy_case(rng):
    y_true = multiclass_labels(rng)
    return y_true, np.where(rng.random(y_true.size) < 0.4, rng.permutation(y_true), y_true)


def _shuffle_pair(rng, make):
    y_true, y_pred = make(rng)
    order = rng.permutation(y_true.size)
    return [(y_true, y_pred), (y_true[order], y_pred[order])]


def _identical(rng):
    y = multiclass_labels(rng)
    return [(y, y.copy())]


ACCURACY = Drill(
    id="accuracy",
    title="Accuracy",
    function="accuracy",
    signature="accuracy(y_true, y_pred) -> float",
    conventions=(
        "Any integer labels (multiclass), not just 0/1.",
        "Empty input: raise ValueError (accuracy of nothing is undefined; scikit-learn refuses too).",
        "Return a float in [0, 1]: a fraction, not a count or a percentage.",
    ),
    returns="float",
    hints=(
        "What does y_true == y_pred give you, element by element?",
        "The mean of a boolean array is the fraction of True values.",
        "if len(y_true) == 0: raise ValueError; return float(np.mean(y_true == y_pred)).",
    ),
    edges=(
        Edge("all-correct", "a perfect model scores exactly 1.0", (a([2, 0, 1]), a([2, 0, 1]))),
        Edge("multiclass", "labels other than 0/1 count the same way", (a([0, 1, 2, 3]), a([0, 2, 2, 3]))),
        Edge("rare-class-trap", "99% accuracy with zero recall: why accuracy misleads on rare positives",
             (a([0] * 99 + [1]), a([0] * 100))),
        Edge("empty", "accuracy of no samples is undefined: raise ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64))),
    ),
    random=Random(_accuracy_case),
    props=(
        Prop("shuffle-invariant", "shuffling both arrays alike cannot change accuracy",
             lambda rng: _shuffle_pair(rng, _accuracy_case),
             lambda outs, calls: all_same(outs, what="accuracy before and after shuffling")),
        Prop("perfect-is-one", "predicting the truth itself must score 1.0", _identical,
             lambda outs, calls: None if outs[0] == 1.0 else f"accuracy(y, y) should be 1.0, got {outs[0]!r}"),
    ),
    wrongs=(
        Wrong("count-not-fraction", "you returned the number of correct predictions; accuracy is that "
              "count divided by n", _accuracy_count),
        Wrong("positives-only", "you scored only the samples whose truth is 1: that is recall, not accuracy",
              _accuracy_positive_only),
        Wrong("empty-is-zero", "you returned 0.0 for empty input; the convention is to raise ValueError",
              _accuracy_empty_zero),
    ),
)


# --- 3. precision and 4. recall ------------------------------------------------------------


def _precision_is_recall(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tp / (tp + fn)) if tp + fn else 0.0


def _recall_is_precision(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tp / (tp + fp)) if tp + fp else 0.0


def _precision_nan(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tp / (tp + fp)) if tp + fp else float("nan")


def _recall_nan(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tp / (tp + fn)) if tp + fn else float("nan")


def _precision_unguarded(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return int(tp) / int(tp + fp)  # ZeroDivisionError when nothing is predicted positive


def _recall_unguarded(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return int(tp) / int(tp + fn)


def _precision_empty_zero(y_true, y_pred):
    if len(y_true) == 0:
        return 0.0
    return _recall_is_precision(y_true, y_pred)


def _recall_empty_zero(y_true, y_pred):
    if len(y_true) == 0:
        return 0.0
    return _precision_is_recall(y_true, y_pred)


def _precision_of_negatives(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tn / (tn + fn)) if tn + fn else 0.0


PRECISION = Drill(
    id="precision",
    title="Precision",
    function="precision",
    signature="precision(y_true, y_pred) -> float",
    conventions=(
        "precision = TP / (TP + FP), with 1 the positive class.",
        "Zero division: no predicted positives (TP + FP = 0) gives 0.0, scikit-learn's default answer.",
        "Empty input: raise ValueError, as scikit-learn does.",
    ),
    returns="float",
    hints=(
        "Precision is a question about the emails the filter *moved*. Which cells of the confusion "
        "matrix are predicted positive?",
        "The denominator is TP + FP. What happens when the filter moved nothing?",
        "if len(y_true) == 0: raise ValueError (no emails at all: an error, not a 0/0); tp = "
        "np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == 0)); "
        "return 0.0 if tp + fp == 0 else float(tp / (tp + fp)).",
    ),
    edges=(
        Edge("asymmetric", "FP and FN differ, so precision and recall differ", (a([1, 1, 1, 0]), a([1, 0, 0, 1]))),
        Edge("no-predicted-positives", "the filter moved nothing: TP + FP = 0, so 0.0 by convention",
             (a([1, 0, 1]), a([0, 0, 0]))),
        Edge("all-predicted-positive", "flag everything: precision falls to the base rate", (a([1, 0, 0, 0]), a([1, 1, 1, 1]))),
        Edge("perfect", "no false alarms at all: precision 1.0", (a([1, 0, 1]), a([1, 0, 1]))),
        Edge("empty", "no emails at all is an error, not a 0/0: ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64))),
    ),
    random=Random(_binary_case),
    props=(PERMUTATION, _unchanged_by("tn", "correctly ignored emails (TNs) do not enter precision"),
           _unchanged_by("fn", "missed spam (FNs) does not enter precision")),
    wrongs=(
        Wrong("divided-by-actual-positives", "you divided by TP+FN: that is recall, not precision",
              _precision_is_recall),
        Wrong("nan-on-zero-division", "you let 0/0 become nan; when nothing is predicted positive the "
              "convention is 0.0", _precision_nan),
        Wrong("unguarded-division", "you divided by TP+FP without checking it is nonzero: guard the "
              "no-predicted-positives case", _precision_unguarded),
        Wrong("negative-class", "you scored the negative class (TN / (TN + FN)); 1 is the positive class",
              _precision_of_negatives),
        Wrong("empty-is-zero", "you returned 0.0 for empty input; with no emails at all the convention "
              "is to raise ValueError (0.0 is only for 'moved none')", _precision_empty_zero),
    ),
)

RECALL = Drill(
    id="recall",
    title="Recall (sensitivity, true positive rate)",
    function="recall",
    signature="recall(y_true, y_pred) -> float",
    conventions=(
        "recall = TP / (TP + FN), with 1 the positive class.",
        "Zero division: no actual positives (TP + FN = 0) gives 0.0, scikit-learn's default answer.",
        "Empty input: raise ValueError, as scikit-learn does.",
    ),
    returns="float",
    hints=(
        "Recall is a question about the patients who *have* cancer. Which cells hold them?",
        "The denominator is TP + FN: every actual positive, found or missed.",
        "if len(y_true) == 0: raise ValueError (no patients at all: an error, not a 0/0); tp = "
        "np.sum((y_pred == 1) & (y_true == 1)); fn = np.sum((y_pred == 0) & (y_true == 1)); "
        "return 0.0 if tp + fn == 0 else float(tp / (tp + fn)).",
    ),
    edges=(
        Edge("asymmetric", "FP and FN differ, so precision and recall differ", (a([1, 1, 1, 0]), a([1, 0, 0, 1]))),
        Edge("no-actual-positives", "nobody has cancer: TP + FN = 0, so 0.0 by convention",
             (a([0, 0, 0]), a([1, 0, 0]))),
        Edge("flag-everyone", "flagging everyone buys recall 1.0 at any precision", (a([1, 0, 0, 0]), a([1, 1, 1, 1]))),
        Edge("missed-all", "found nobody: recall 0.0", (a([1, 1, 0]), a([0, 0, 0]))),
        Edge("empty", "no patients at all is an error, not a 0/0: ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64))),
    ),
    random=Random(_binary_case),
    props=(PERMUTATION, _unchanged_by("tn", "healthy people cleared (TNs) do not enter recall"),
           _unchanged_by("fp", "false alarms (FPs) do not enter recall")),
    wrongs=(
        Wrong("divided-by-predicted-positives", "you divided by TP+FP: that is precision, not recall",
              _recall_is_precision),
        Wrong("nan-on-zero-division", "you let 0/0 become nan; with no actual positives the convention "
              "is 0.0", _recall_nan),
        Wrong("unguarded-division", "you divided by TP+FN without checking it is nonzero: guard the "
              "no-actual-positives case", _recall_unguarded),
        Wrong("empty-is-zero", "you returned 0.0 for empty input; with no patients at all the convention "
              "is to raise ValueError (0.0 is only for 'nobody has cancer')", _recall_empty_zero),
    ),
)

# --- 5. F1 and 6. F-beta ------------------------------------------------------------------


def _f1_arithmetic(y_true, y_pred):
    p, r = _recall_is_precision(y_true, y_pred), _precision_is_recall(y_true, y_pred)
    return float((p + r) / 2)


def _f1_from_pr_unguarded(y_true, y_pred):
    p, r = _recall_is_precision(y_true, y_pred), _precision_is_recall(y_true, y_pred)
    return float(2 * p * r / (p + r))  # ZeroDivisionError when P = R = 0


def _fbeta_linear(y_true, y_pred, beta):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    denom = (1 + beta) * tp + beta * fn + fp
    return float((1 + beta) * tp / denom) if denom else 0.0


def _fbeta_weights_precision(y_true, y_pred, beta):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    b2 = beta**2
    denom = (1 + b2) * tp + b2 * fp + fn
    return float((1 + b2) * tp / denom) if denom else 0.0


def _fbeta_ignores_beta(y_true, y_pred, beta):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else 0.0


def _symmetric(rng):
    y_true, y_pred = _binary_case(rng)
    return [(y_true, y_pred), (y_pred, y_true)]


F1 = Drill(
    id="f1",
    title="F1 score",
    function="f1",
    signature="f1(y_true, y_pred) -> float",
    conventions=(
        "F1 = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).",
        "Zero division: no positives and no predicted positives (2TP + FP + FN = 0) gives 0.0.",
        "When TP = 0 but there are FPs or FNs, F1 is 0.0 (not undefined).",
        "Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "F1 is a mean of precision and recall, but which mean? What happens to it when one is 0?",
        "Harmonic mean: 2PR/(P+R). Rewrite it in TP, FP, FN: the P + R = 0 trap disappears.",
        "tp = np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == "
        "0)); fn = np.sum((y_pred == 0) & (y_true == 1)); return 0.0 if 2*tp + fp + fn == 0 "
        "else float(2*tp / (2*tp + fp + fn)).",
    ),
    edges=(
        Edge("unbalanced-pr", "P = 1, R = 0.25: the harmonic mean punishes the weak side",
             (a([1, 1, 1, 1, 0]), a([1, 0, 0, 0, 0]))),
        Edge("tp-zero", "no true positives but FPs and FNs: F1 is 0.0, P + R = 0 must not crash",
             (a([1, 0, 0]), a([0, 1, 0]))),
        Edge("all-negative", "no positives, none predicted: 0/0, so 0.0 by convention",
             (a([0, 0, 0]), a([0, 0, 0]))),
        Edge("perfect", "perfect predictions: 1.0", (a([1, 0, 1]), a([1, 0, 1]))),
    ),
    random=Random(_binary_case),
    props=(PERMUTATION,
           Prop("symmetric", "F1 treats FP and FN alike, so swapping y_true and y_pred keeps it",
                _symmetric, lambda outs, calls: all_same(outs, what="F1 before and after swapping"))),
    wrongs=(
        Wrong("arithmetic-mean", "you averaged precision and recall arithmetically; F1 is their "
              "harmonic mean, which punishes the weaker one", _f1_arithmetic),
        Wrong("pr-zero-division", "you computed 2PR/(P+R) and crashed when P = R = 0; use "
              "2TP/(2TP+FP+FN) or guard it", _f1_from_pr_unguarded),
    ),
)


def _fbeta_case(rng):
    y_true, y_pred = _binary_case(rng)
    return call(y_true, y_pred, beta=float(rng.choice([0.5, 2.0, 3.0, 0.25, 1.0])))


def _fbeta_inverse(rng):
    y_true, y_pred = _binary_case(rng)
    beta = float(rng.choice([0.5, 2.0, 4.0]))
    return [call(y_true, y_pred, beta=beta), call(y_pred, y_true, beta=1 / beta)]


F_BETA = Drill(
    id="f-beta",
    title="F-beta score",
    function="f_beta",
    signature="f_beta(y_true, y_pred, beta) -> float",
    conventions=(
        "F_beta = (1 + b^2) P R / (b^2 P + R) = (1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP).",
        "beta > 1 favours recall, beta < 1 favours precision; beta = 1 is F1.",
        "Zero division (the denominator is 0): 0.0. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "With beta = 2, recall should matter more. Which count, FN or FP, lowers recall?",
        "Beta enters squared: b2 = beta**2 multiplies FN in the denominator (and P in the P-R form).",
        "tp = np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == "
        "0)); fn = np.sum((y_pred == 0) & (y_true == 1)); b2 = beta**2; denom = (1 + b2)*tp + "
        "b2*fn + fp; return 0.0 if denom == 0 else float((1 + b2)*tp / denom).",
    ),
    edges=(
        Edge("beta-two-high-recall", "beta = 2 rewards the high-recall model here",
             (a([1, 1, 0, 0, 0, 0]), a([1, 1, 1, 1, 1, 0])), {"beta": 2.0}),
        Edge("beta-half", "beta = 0.5 leans to precision", (a([1, 1, 1, 1, 0]), a([1, 0, 0, 0, 0])),
             {"beta": 0.5}),
        Edge("beta-one-is-f1", "beta = 1 must reproduce F1", (a([1, 1, 0, 1]), a([1, 0, 1, 1])), {"beta": 1.0}),
        Edge("undefined", "no positives, none predicted: 0.0", (a([0, 0]), a([0, 0])), {"beta": 2.0}),
    ),
    random=Random(_fbeta_case),
    props=(Prop("swap-inverts-beta", "swapping y_true and y_pred swaps FP and FN, which is the same "
                "as replacing beta by 1/beta", _fbeta_inverse,
                lambda outs, calls: all_same(outs, what="F_beta(y, p) and F_1/beta(p, y)")),),
    wrongs=(
        Wrong("beta-not-squared", "you used beta where the formula has beta squared", _fbeta_linear),
        Wrong("beta-on-fp", "you put the beta weight on FP, which favours precision; beta > 1 should "
              "favour recall, so it multiplies FN", _fbeta_weights_precision),
        Wrong("ignores-beta", "you returned F1 whatever beta is", _fbeta_ignores_beta),
    ),
)

# --- 7. specificity -----------------------------------------------------------------------


def _specificity_fpr(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(fp / (tn + fp)) if tn + fp else 0.0


def _specificity_npv(y_true, y_pred):
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return float(tn / (tn + fn)) if tn + fn else 0.0


SPECIFICITY = Drill(
    id="specificity",
    title="Specificity (true negative rate)",
    function="specificity",
    signature="specificity(y_true, y_pred) -> float",
    conventions=(
        "specificity = TN / (TN + FP) = 1 - FPR: the recall of the negative class.",
        "Zero division: no actual negatives (TN + FP = 0) gives 0.0.",
        "Not in scikit-learn under this name: it is recall_score(..., pos_label=0).",
        "Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "Specificity is about the healthy people. Which two cells hold everyone who is healthy?",
        "It is recall, for the negative class: TN over all actual negatives.",
        "tn = np.sum((y_pred == 0) & (y_true == 0)); fp = np.sum((y_pred == 1) & (y_true == 0)); "
        "return 0.0 if tn + fp == 0 else float(tn / (tn + fp)).",
    ),
    edges=(
        Edge("asymmetric", "FP and FN differ, so TN/(TN+FP) differs from TN/(TN+FN)",
             (a([0, 0, 0, 1, 1, 1]), a([0, 1, 0, 0, 0, 0]))),
        Edge("no-actual-negatives", "everyone is ill: TN + FP = 0, so 0.0", (a([1, 1]), a([0, 1]))),
        Edge("flag-everyone", "flag everyone and specificity drops to 0.0", (a([1, 0, 0]), a([1, 1, 1]))),
    ),
    random=Random(_binary_case),
    props=(PERMUTATION, _unchanged_by("tp", "found cases (TPs) do not enter specificity")),
    wrongs=(
        Wrong("false-positive-rate", "you returned FP/(TN+FP), the false positive rate; specificity is "
              "1 minus that", _specificity_fpr),
        Wrong("negative-predictive-value", "you divided by TN+FN (predicted negatives): that is the "
              "negative predictive value", _specificity_npv),
        Wrong("recall-instead", "you computed recall of the positive class; specificity is recall of "
              "the negatives", _precision_is_recall),
    ),
)

# --- 8. macro / micro / weighted F1 --------------------------------------------------------


def _per_class(y_true, y_pred, labels):
    tp = np.array([np.sum((y_pred == c) & (y_true == c)) for c in labels])
    fp = np.array([np.sum((y_pred == c) & (y_true != c)) for c in labels])
    fn = np.array([np.sum((y_pred != c) & (y_true == c)) for c in labels])
    return tp, fp, fn


def _avg_f1(y_true, y_pred, average, labels, weights_from="true"):
    if average not in ("macro", "micro", "weighted"):
        raise ValueError(average)
    tp, fp, fn = _per_class(y_true, y_pred, labels)
    if average == "micro":
        return float(2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum()))
    denom = 2 * tp + fp + fn
    f = np.divide(2 * tp, denom, out=np.zeros(len(labels)), where=denom > 0)
    if average == "macro":
        return float(f.mean())
    w = tp + fn if weights_from == "true" else tp + fp
    return float(np.sum(f * w) / w.sum())


def _avg_labels_from_truth(y_true, y_pred, average):
    return _avg_f1(y_true, y_pred, average, np.unique(y_true))


def _avg_weighted_by_predictions(y_true, y_pred, average):
    return _avg_f1(y_true, y_pred, average, np.union1d(y_true, y_pred), weights_from="pred")


def _avg_macro_of_pr(y_true, y_pred, average):
    labels = np.union1d(y_true, y_pred)
    if average != "macro":
        return _avg_f1(y_true, y_pred, average, labels)
    tp, fp, fn = _per_class(y_true, y_pred, labels)
    p = np.divide(tp, tp + fp, out=np.zeros(len(labels)), where=tp + fp > 0).mean()
    r = np.divide(tp, tp + fn, out=np.zeros(len(labels)), where=tp + fn > 0).mean()
    return float(2 * p * r / (p + r)) if p + r else 0.0


def _avg_micro_as_macro(y_true, y_pred, average):
    return _avg_f1(y_true, y_pred, "macro" if average == "micro" else average, np.union1d(y_true, y_pred))


def _avg_case(rng):
    y_true = multiclass_labels(rng, k=int(rng.integers(2, 5)))
    y_pred = np.where(rng.random(y_true.size) < 0.35, rng.integers(0, 5, y_true.size), y_true)
    return call(y_true, y_pred, average=str(rng.choice(["macro", "micro", "weighted"])))


def _micro_is_accuracy(outs, calls):
    y_true, y_pred = calls[0].args
    acc = float(np.mean(y_true == y_pred))
    problem = mismatch(acc, outs[0])
    return None if problem is None else f"micro F1 of single-label data should equal accuracy {acc!r}: {problem}"


def _relabelled(rng):
    c = _avg_case(rng)
    y_true, y_pred = c.args
    new_names = rng.permutation(10)[:5] * 7 + 3  # a bijection onto other integers
    return [c, call(new_names[y_true], new_names[y_pred], **c.kwargs)]


F1_AVERAGE = Drill(
    id="f1-average",
    title="Macro, micro and weighted F1",
    function="f1_average",
    signature='f1_average(y_true, y_pred, average) -> float   # average in {"macro", "micro", "weighted"}',
    conventions=(
        "Classes: every label in y_true or y_pred (sorted), as scikit-learn does.",
        "macro: the unweighted mean of per-class F1; weighted: the mean weighted by each class's "
        "support (its count in y_true); micro: F1 of the pooled TP, FP, FN counts.",
        "A class's F1 with 2TP + FP + FN = 0 is 0.0; an unknown average raises ValueError.",
        "Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "Treat each class as its own one-vs-rest binary problem. What are its TP, FP and FN?",
        "macro averages the per-class F1 scores; micro sums TP, FP, FN over classes first; weighted "
        "weights each class's F1 by its support. Which labels count as classes?",
        "if average not in ('macro', 'micro', 'weighted'): raise ValueError; labels = "
        "np.union1d(y_true, y_pred); per class c: tp = sum((y_pred == c) & (y_true == c)), fp, "
        "fn likewise; f = 2tp/(2tp+fp+fn); macro: f.mean(); weighted: "
        "sum(f*(tp+fn))/sum(tp+fn); micro: 2*tp.sum()/(2*tp.sum()+fp.sum()+fn.sum()).",
    ),
    edges=(
        Edge("rare-class-macro", "macro lets the rare class pull the score down",
             (a([0, 0, 0, 0, 0, 0, 1, 2]), a([0, 0, 0, 0, 0, 0, 0, 2])), {"average": "macro"}),
        Edge("rare-class-weighted", "weighted follows the big classes",
             (a([0, 0, 0, 0, 0, 0, 1, 2]), a([0, 0, 0, 0, 0, 0, 0, 2])), {"average": "weighted"}),
        Edge("micro", "micro pools counts; for single-label data it equals accuracy",
             (a([0, 1, 2, 2, 1]), a([0, 2, 2, 1, 1])), {"average": "micro"}),
        Edge("predicted-only-label", "label 3 is only ever predicted: it is still a class (F1 0.0)",
             (a([0, 1, 2, 2]), a([0, 2, 3, 3])), {"average": "macro"}),
        Edge("macro-not-from-pr", "macro F1 is not the F1 of macro-P and macro-R",
             (a([0, 0, 1, 1, 2, 2, 2]), a([0, 1, 1, 1, 2, 0, 0])), {"average": "macro"}),
        Edge("unknown-average", "a typo in `average` must not be silently accepted",
             (a([0, 1]), a([0, 1])), {"average": "samples"}),
    ),
    random=Random(_avg_case, n=30),
    props=(
        Prop("micro-equals-accuracy", "with one label per sample, micro precision = recall = F1 = accuracy",
             lambda rng: [call(*_avg_case(rng).args, average="micro")], _micro_is_accuracy),
        Prop("rename-classes", "renaming the classes (a bijection) cannot change any average", _relabelled,
             lambda outs, calls: all_same(outs, what="averages before and after renaming classes")),
    ),
    wrongs=(
        Wrong("labels-from-truth-only", "you averaged only over labels in y_true; a label that only "
              "appears in predictions is a class too (its F1 is 0)", _avg_labels_from_truth),
        Wrong("weighted-by-predictions", "you weighted by how often each class was predicted; weights "
              "are the support, the count in y_true", _avg_weighted_by_predictions),
        Wrong("macro-from-macro-pr", "you took the harmonic mean of macro precision and macro recall; "
              "macro F1 is the mean of the per-class F1 scores", _avg_macro_of_pr),
        Wrong("micro-as-macro", "your micro average equals the macro one; micro pools TP, FP, FN over "
              "classes before dividing", _avg_micro_as_macro),
    ),
)

# --- 9. balanced accuracy ------------------------------------------------------------------


def _recalls(y_true, y_pred, labels):
    return np.array([np.mean(y_pred[y_true == c] == c) if np.any(y_true == c) else 0.0 for c in labels])


def _bal_plain_accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def _bal_mean_precision(y_true, y_pred):
    labels = np.unique(y_true)
    precisions = [np.mean(y_true[y_pred == c] == c) if np.any(y_pred == c) else 0.0 for c in labels]
    return float(np.mean(precisions))


def _bal_union_labels(y_true, y_pred):
    return float(np.mean(_recalls(y_true, y_pred, np.union1d(y_true, y_pred))))


def _bal_case(rng):
    y_true = multiclass_labels(rng, n=int(rng.integers(1, 60)), k=int(rng.integers(2, 5)))
    y_pred = np.where(rng.random(y_true.size) < 0.35, rng.integers(0, 5, y_true.size), y_true)
    return y_true, y_pred.astype(np.int64)


def _bal_repeat_class(rng):
    """Repeat every sample of one true class: its recall, and every other, stays the same."""
    y_true, y_pred = _bal_case(rng)
    c = y_true[int(rng.integers(0, y_true.size))]
    rows = y_true == c
    times = int(rng.integers(2, 6))
    return [(y_true, y_pred), (np.r_[y_true, np.tile(y_true[rows], times)],
                               np.r_[y_pred, np.tile(y_pred[rows], times)])]


BALANCED_ACCURACY = Drill(
    id="balanced-accuracy",
    title="Balanced accuracy",
    function="balanced_accuracy",
    signature="balanced_accuracy(y_true, y_pred) -> float",
    conventions=(
        "Balanced accuracy = the mean, over the classes present in y_true, of each class's recall "
        "(correct predictions of class c / number of samples of class c).",
        "A label that appears only in y_pred has no recall and is not averaged (it still costs the class "
        "it was wrongly predicted for), as sklearn.metrics.balanced_accuracy_score does.",
        "Binary case: (TPR + TNR) / 2. Any integer labels; inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "A fraud model flags nothing and is 99% accurate. What is its recall on the fraud class, and how "
        "should a score that treats both classes equally rate it?",
        "Compute each true class's recall separately (the share of its samples predicted as it), then take "
        "the plain mean over the classes in y_true, however big or small each class is.",
        "labels = np.unique(y_true); recalls = [np.mean(y_pred[y_true == c] == c) for c in labels]; "
        "return float(np.mean(recalls)).",
    ),
    edges=(
        Edge("rare-class-trap", "flag nothing on 1% positives: accuracy 0.99, balanced accuracy 0.5",
             (a([0] * 99 + [1]), a([0] * 100))),
        Edge("binary", "(TPR + TNR) / 2 = (2/3 + 1/2) / 2", (a([1, 1, 1, 0, 0]), a([1, 1, 0, 1, 0]))),
        Edge("precision-is-not-recall", "per-class precision and per-class recall differ here: average "
             "the recalls", (a([0, 0, 0, 1, 2, 2]), a([0, 1, 1, 1, 2, 0]))),
        Edge("predicted-only-label", "label 3 is only predicted: it has no recall, so it is not averaged",
             (a([0, 1, 2, 2]), a([0, 2, 3, 3]))),
        Edge("one-class", "a single true class: balanced accuracy is that class's recall",
             (a([2, 2, 2, 2]), a([2, 2, 0, 2]))),
    ),
    random=Random(_bal_case, n=30),
    props=(
        Prop("class-size-invariant", "repeating every sample of one class leaves every class's recall, "
             "and so the score, unchanged", _bal_repeat_class,
             lambda outs, calls: all_same(outs, what="balanced accuracy before and after repeating a class")),
        Prop("shuffle-invariant", "shuffling both arrays alike cannot change the score",
             lambda rng: _shuffle_pair(rng, _bal_case),
             lambda outs, calls: all_same(outs, what="scores before and after shuffling")),
    ),
    wrongs=(
        Wrong("plain-accuracy", "you returned plain accuracy, which weights classes by their size; balanced "
              "accuracy gives every class the same weight (the mean of per-class recalls)", _bal_plain_accuracy),
        Wrong("mean-precision", "you averaged per-class precision (divided by how often each class was "
              "predicted); balanced accuracy averages per-class recall (divided by each class's size)",
              _bal_mean_precision),
        Wrong("predicted-only-labels-averaged", "you averaged over labels that appear only in y_pred, with "
              "recall 0; such a label has no samples, so no recall, and is left out (as scikit-learn does)",
              _bal_union_labels),
    ),
)

# --- 10. Matthews correlation coefficient ---------------------------------------------------


def _mcc_parts(y_true, y_pred):
    tp, fp, fn, tn = (float(v) for v in _counts(y_true, y_pred))
    return tp, fp, fn, tn


def _mcc_no_root(y_true, y_pred):
    tp, fp, fn, tn = _mcc_parts(y_true, y_pred)
    den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return 0.0 if den == 0 else float((tp * tn - fp * fn) / den)


def _mcc_plus(y_true, y_pred):
    tp, fp, fn, tn = _mcc_parts(y_true, y_pred)
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return 0.0 if den == 0 else float((tp * tn + fp * fn) / den)


def _mcc_nan(y_true, y_pred):
    tp, fp, fn, tn = _mcc_parts(y_true, y_pred)
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return float("nan") if den == 0 else float((tp * tn - fp * fn) / den)


def _mcc_int64(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1))  # NumPy int64 counts, never converted
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    tn = np.sum((y_pred == 0) & (y_true == 0))
    with np.errstate(over="ignore", invalid="ignore"):
        den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)  # wraps around past 2**63
        return 0.0 if den == 0 else float((tp * tn - fp * fn) / np.sqrt(den))


def _mcc_large():
    y_true = np.r_[np.ones(60000, dtype=np.int64), np.zeros(60000, dtype=np.int64)]
    y_pred = np.r_[np.ones(50000), np.zeros(10000), np.ones(10000), np.zeros(50000)].astype(np.int64)
    return y_true, y_pred


def _mcc_flip(rng):
    y_true, y_pred = _binary_case(rng)
    return [(y_true, y_pred), (1 - y_true, 1 - y_pred)]


MCC = Drill(
    id="mcc",
    title="Matthews correlation coefficient",
    function="mcc",
    signature="mcc(y_true, y_pred) -> float",
    conventions=(
        "MCC = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)), with 1 the positive class.",
        "A zero denominator (a row or column of the confusion matrix is empty) gives 0.0, as "
        "sklearn.metrics.matthews_corrcoef does.",
        "Counts can be large (over 10^5): the product of the four sums must not overflow. Inputs are "
        "non-empty.",
    ),
    returns="float",
    hints=(
        "MCC is the correlation between two 0/1 variables. What should a perfect model, a perfectly inverted "
        "one and a model that always says 0 score?",
        "Numerator TP TN - FP FN; denominator the square root of the product of the four margins (predicted "
        "positives, actual positives, actual negatives, predicted negatives). Compute the counts as floats: "
        "NumPy int64 products overflow silently.",
        "tp, fp, fn, tn = (float(np.sum((y_pred == p) & (y_true == t))) for p, t in ((1, 1), (1, 0), (0, 1), "
        "(0, 0))); den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)); return 0.0 if den == 0 "
        "else float((tp * tn - fp * fn) / den).",
    ),
    edges=(
        Edge("perfect", "a perfect model scores 1.0", (a([1, 0, 1, 0]), a([1, 0, 1, 0]))),
        Edge("inverted", "every answer flipped scores -1.0, not 0", (a([1, 0, 1, 0]), a([0, 1, 0, 1]))),
        Edge("balanced-errors", "TP = TN = 2, FP = FN = 1: (4 - 1) / sqrt(3^4) = 1/3",
             (a([1, 1, 1, 0, 0, 0]), a([1, 1, 0, 0, 0, 1]))),
        Edge("never-positive", "a model that never says 1 has an empty column: the denominator is 0, so 0.0",
             (a([0, 0, 1, 0]), a([0, 0, 0, 0]))),
        Edge("large-counts", "120,000 samples: the product of the margins is 1.3e19, past int64's 9.2e18",
             _mcc_large()),
    ),
    random=Random(_binary_case, n=30),
    props=(
        Prop("symmetric", "MCC is a correlation: swapping y_true and y_pred changes nothing", _symmetric,
             lambda outs, calls: all_same(outs, what="MCC before and after swapping the arguments")),
        Prop("class-swap", "relabelling 0 <-> 1 in both arrays leaves MCC unchanged (unlike F1)", _mcc_flip,
             lambda outs, calls: all_same(outs, what="MCC before and after swapping the classes")),
        PERMUTATION,
    ),
    wrongs=(
        Wrong("no-square-root", "you divided by the product of the four margins; MCC divides by its square "
              "root", _mcc_no_root),
        Wrong("plus-in-numerator", "your numerator is TP TN + FP FN; the errors are subtracted: TP TN - FP FN",
              _mcc_plus),
        Wrong("nan-on-zero-denominator", "you returned nan when a margin is empty; the convention "
              "(scikit-learn's) is 0.0", _mcc_nan),
        Wrong("int64-overflow", "your counts stayed NumPy int64 and the product of the four margins "
              "overflowed (it passes 2**63 here); convert the counts to float before multiplying", _mcc_int64),
    ),
)

# --- 11. multilabel micro and macro F1 ------------------------------------------------------


def _ml_counts(Y_true, Y_pred, axis=0):
    tp = np.sum((Y_pred == 1) & (Y_true == 1), axis=axis)
    fp = np.sum((Y_pred == 1) & (Y_true == 0), axis=axis)
    fn = np.sum((Y_pred == 0) & (Y_true == 1), axis=axis)
    return tp, fp, fn


def _ml_f1(tp, fp, fn):
    den = 2 * tp + fp + fn
    return np.divide(2 * tp, den, out=np.zeros(len(tp)), where=den > 0)


def _ml_micro(tp, fp, fn):
    den = 2 * tp.sum() + fp.sum() + fn.sum()
    return 0.0 if den == 0 else float(2 * tp.sum() / den)


def _ml_per_sample(Y_true, Y_pred, average):
    if average not in ("micro", "macro"):
        raise ValueError(average)
    tp, fp, fn = _ml_counts(Y_true, Y_pred, axis=1)  # counted along the wrong axis
    return _ml_micro(tp, fp, fn) if average == "micro" else float(np.mean(_ml_f1(tp, fp, fn)))


def _ml_skip_empty(Y_true, Y_pred, average):
    if average not in ("micro", "macro"):
        raise ValueError(average)
    tp, fp, fn = _ml_counts(Y_true, Y_pred)
    if average == "micro":
        return _ml_micro(tp, fp, fn)
    seen = 2 * tp + fp + fn > 0
    return float(np.mean(_ml_f1(tp, fp, fn)[seen])) if seen.any() else 0.0


def _ml_macro_as_micro(Y_true, Y_pred, average):
    if average not in ("micro", "macro"):
        raise ValueError(average)
    return _ml_micro(*_ml_counts(Y_true, Y_pred))


def _ml_micro_as_macro(Y_true, Y_pred, average):
    if average not in ("micro", "macro"):
        raise ValueError(average)
    return float(np.mean(_ml_f1(*_ml_counts(Y_true, Y_pred))))


def _ml_case(rng):
    n, n_labels = int(rng.integers(1, 40)), int(rng.integers(2, 7))
    rates = rng.choice([0.02, 0.1, 0.3, 0.6], size=n_labels)
    Y_true = (rng.random((n, n_labels)) < rates).astype(np.int64)
    flip = rng.random((n, n_labels)) < rng.uniform(0, 0.3)
    Y_pred = np.where(flip, 1 - Y_true, Y_true).astype(np.int64)
    return call(Y_true, Y_pred, average=str(rng.choice(["micro", "macro"])))


def _ml_permuted(rng):
    c = _ml_case(rng)
    Y_true, Y_pred = c.args
    rows, cols = rng.permutation(Y_true.shape[0]), rng.permutation(Y_true.shape[1])
    return [c, call(Y_true[rows][:, cols], Y_pred[rows][:, cols], **c.kwargs)]


def _ml_micro_is_flat(outs, calls):
    Y_true, Y_pred = calls[0].args
    tp, fp, fn = _ml_counts(Y_true.ravel(), Y_pred.ravel())
    den = 2 * tp + fp + fn
    flat = 0.0 if den == 0 else float(2 * tp / den)
    problem = mismatch(flat, outs[0])
    return None if problem is None else f"micro F1 should be the F1 of all the (sample, label) cells: {problem}"


ML = lambda *rows: np.array(rows, dtype=np.int64)  # noqa: E731  indicator matrices, one row per sample

MULTILABEL_F1 = Drill(
    id="multilabel-f1",
    title="Multilabel micro and macro F1",
    function="multilabel_f1",
    signature='multilabel_f1(Y_true, Y_pred, average) -> float   # average in {"micro", "macro"}',
    conventions=(
        "Y_true and Y_pred are 0/1 indicator matrices of shape (n_samples, n_labels): column j says whether "
        "label j applies.",
        "micro: F1 of the TP, FP, FN counts pooled over every (sample, label) cell; macro: the unweighted "
        "mean over labels (columns) of each label's F1.",
        "A label with 2TP + FP + FN = 0 (never true, never predicted) has F1 0.0 and still counts in the "
        "macro mean, as sklearn.metrics.f1_score(..., zero_division=0) does.",
        "An unknown average raises ValueError. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "Each column is its own yes/no problem. What are TP, FP and FN of one label, and which axis of the "
        "matrix runs over the samples?",
        "Count TP, FP, FN per label with axis=0 (down the columns). micro pools the counts over labels "
        "before one F1; macro takes one F1 per label (0.0 when 2TP + FP + FN = 0) and averages them.",
        "if average not in ('micro', 'macro'): raise ValueError; tp = np.sum((Y_pred == 1) & (Y_true == 1), "
        "axis=0); fp = np.sum((Y_pred == 1) & (Y_true == 0), axis=0); fn = np.sum((Y_pred == 0) & (Y_true "
        "== 1), axis=0); micro: 2*tp.sum() / (2*tp.sum() + fp.sum() + fn.sum()), 0.0 if that denominator is "
        "0; macro: np.mean(np.divide(2*tp, 2*tp + fp + fn, out=np.zeros(len(tp)), where=2*tp + fp + fn > "
        "0)).",
    ),
    edges=(
        Edge("rare-label-macro", "a common label done well and a rare one missed: macro feels the rare one",
             (ML([1, 0], [1, 0], [1, 0], [1, 1]), ML([1, 0], [1, 0], [1, 0], [1, 0])), {"average": "macro"}),
        Edge("rare-label-micro", "the same data pooled: micro follows the common label",
             (ML([1, 0], [1, 0], [1, 0], [1, 1]), ML([1, 0], [1, 0], [1, 0], [1, 0])), {"average": "micro"}),
        Edge("labels-are-columns", "per-label (column) F1 differs from per-sample (row) F1 here",
             (ML([1, 1, 0], [0, 1, 0], [0, 0, 1]), ML([1, 0, 0], [0, 1, 1], [0, 0, 1])), {"average": "macro"}),
        Edge("never-used-label", "label 2 is never true and never predicted: F1 0.0, still in the mean",
             (ML([1, 0, 0], [0, 1, 0]), ML([1, 0, 0], [0, 1, 0])), {"average": "macro"}),
        Edge("nothing-anywhere", "no labels at all, micro: 0/0 gives 0.0",
             (ML([0, 0], [0, 0]), ML([0, 0], [0, 0])), {"average": "micro"}),
        Edge("unknown-average", "average='samples' is not graded here: ValueError",
             (ML([1, 0]), ML([1, 0])), {"average": "samples"}),
    ),
    random=Random(_ml_case, n=30),
    props=(
        Prop("permute-rows-and-labels", "reordering samples or labels (both matrices alike) cannot change "
             "either average", _ml_permuted,
             lambda outs, calls: all_same(outs, what="scores before and after reordering")),
        Prop("micro-is-flat-f1", "micro F1 is the binary F1 of the flattened matrices",
             lambda rng: [call(*_ml_case(rng).args, average="micro")], _ml_micro_is_flat),
    ),
    wrongs=(
        Wrong("per-sample-counts", "you counted along axis=1 (per sample, a row); labels are columns, so "
              "count per label with axis=0 (per-row F1 is scikit-learn's average='samples')", _ml_per_sample),
        Wrong("skipped-unused-labels", "you left labels that are never true nor predicted out of the macro "
              "mean; the convention (zero_division=0) scores them 0.0 and keeps them", _ml_skip_empty),
        Wrong("macro-as-micro", "your macro average equals the micro one; macro takes one F1 per label, "
              "then averages, so a rare label weighs as much as a common one", _ml_macro_as_micro),
        Wrong("micro-as-macro", "your micro average equals the macro one; micro pools TP, FP, FN over all "
              "labels before one F1", _ml_micro_as_macro),
    ),
)

DRILLS = [CONFUSION_COUNTS, ACCURACY, PRECISION, RECALL, F1, F_BETA, SPECIFICITY, F1_AVERAGE,
          BALANCED_ACCURACY, MCC, MULTILABEL_F1]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'confusion-counts': """
def confusion_counts(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    tn = np.sum((y_pred == 0) & (y_true == 0))
    return int(tp), int(fp), int(fn), int(tn)
""",
    'accuracy': """
def accuracy(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    return float(np.mean(y_true == y_pred))
""",
    'precision': """
def precision(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    return 0.0 if tp + fp == 0 else float(tp / (tp + fp))
""",
    'recall': """
def recall(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    return 0.0 if tp + fn == 0 else float(tp / (tp + fn))
""",
    'f1': """
def f1(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    return 0.0 if 2*tp + fp + fn == 0 else float(2*tp / (2*tp + fp + fn))
""",
    'f-beta': """
def f_beta(y_true, y_pred, beta):
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    b2 = beta**2
    denom = (1 + b2)*tp + b2*fn + fp
    return 0.0 if denom == 0 else float((1 + b2)*tp / denom)
""",
    'specificity': """
def specificity(y_true, y_pred):
    tn = np.sum((y_pred == 0) & (y_true == 0))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    return 0.0 if tn + fp == 0 else float(tn / (tn + fp))
""",
    'f1-average': """
def f1_average(y_true, y_pred, average):
    if average not in ('macro', 'micro', 'weighted'):
        raise ValueError
    labels = np.union1d(y_true, y_pred)
    tp = np.array([sum((y_pred == c) & (y_true == c)) for c in labels])  # hint: per class c: tp = sum((y_pred == c) & (y_true == c))
    fp = np.array([sum((y_pred == c) & (y_true != c)) for c in labels])  # hint: fp, fn likewise
    fn = np.array([sum((y_pred != c) & (y_true == c)) for c in labels])  # hint: fp, fn likewise
    f = 2*tp / (2*tp + fp + fn)  # hint: f = 2tp/(2tp+fp+fn)
    if average == 'macro':  # hint: macro: f.mean()
        return float(f.mean())  # hint: macro: f.mean()
    if average == 'weighted':  # hint: weighted: sum(f*(tp+fn))/sum(tp+fn)
        return float(sum(f*(tp+fn))/sum(tp+fn))  # hint: weighted: sum(f*(tp+fn))/sum(tp+fn)
    return float(2*tp.sum()/(2*tp.sum()+fp.sum()+fn.sum()))  # hint: micro: 2*tp.sum()/(2*tp.sum()+fp.sum()+fn.sum())
""",
    'balanced-accuracy': """
def balanced_accuracy(y_true, y_pred):
    labels = np.unique(y_true)
    recalls = [np.mean(y_pred[y_true == c] == c) for c in labels]
    return float(np.mean(recalls))
""",
    'mcc': """
def mcc(y_true, y_pred):
    tp, fp, fn, tn = (float(np.sum((y_pred == p) & (y_true == t))) for p, t in ((1, 1), (1, 0), (0, 1), (0, 0)))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return 0.0 if den == 0 else float((tp * tn - fp * fn) / den)
""",
    'multilabel-f1': """
def multilabel_f1(Y_true, Y_pred, average):
    if average not in ('micro', 'macro'):
        raise ValueError
    tp = np.sum((Y_pred == 1) & (Y_true == 1), axis=0)
    fp = np.sum((Y_pred == 1) & (Y_true == 0), axis=0)
    fn = np.sum((Y_pred == 0) & (Y_true == 1), axis=0)
    if average == 'micro':  # hint: micro:
        den = 2*tp.sum() + fp.sum() + fn.sum()  # hint: 0.0 if that denominator is 0
        return 0.0 if den == 0 else float(2*tp.sum() / den)  # hint: micro: 2*tp.sum() / (2*tp.sum() + fp.sum() + fn.sum()), 0.0 if that denominator is 0
    return float(np.mean(np.divide(2*tp, 2*tp + fp + fn, out=np.zeros(len(tp)), where=2*tp + fp + fn > 0)))  # hint: macro: np.mean(np.divide(2*tp, 2*tp + fp + fn, out=np.zeros(len(tp)), where=2*tp + fp + fn > 0))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
