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
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Wrong

TITLE = "The confusion matrix and its scores"

a = np.array  # edge cases read better as a([1, 0, 1])


def _binary_case(rng):
    y_true = binary_labels(rng)
    return y_true, noisy_predictions(rng, y_true)


def _counts(y_true, y_pred):
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
        "tp = np.sum((y_pred == 1) & (y_true == 1)); do the same for the other three, return them "
        "as ints in the order tp, fp, fn, tn.",
    ),
    edges=(
        Edge("all-correct", "a perfect model has no FP and no FN", (a([1, 0, 1, 0]), a([1, 0, 1, 0]))),
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
    ),
)

# --- 2. accuracy ---------------------------------------------------------------------------


def _accuracy_count(y_true, y_pred):
    return int(np.sum(y_true == y_pred))


def _accuracy_positive_only(y_true, y_pred):
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
        "Raise ValueError when len(y_true) == 0, else return float(np.mean(y_true == y_pred)).",
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
        "tp = np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == 0)); "
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
        "tp = np.sum((y_pred == 1) & (y_true == 1)); fn = np.sum((y_pred == 0) & (y_true == 1)); "
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
        "return 0.0 if 2*tp + fp + fn == 0 else float(2*tp / (2*tp + fp + fn)).",
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
        "b2 = beta**2; denom = (1 + b2)*tp + b2*fn + fp; return 0.0 if denom == 0 else "
        "float((1 + b2)*tp / denom).",
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
        "labels = np.union1d(y_true, y_pred); per class c: tp = sum((y_pred == c) & (y_true == c)), "
        "fp, fn likewise; f = 2tp/(2tp+fp+fn); macro: f.mean(); weighted: sum(f*(tp+fn))/sum(tp+fn); "
        "micro: 2*tp.sum()/(2*tp.sum()+fp.sum()+fn.sum()).",
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

DRILLS = [CONFUSION_COUNTS, ACCURACY, PRECISION, RECALL, F1, F_BETA, SPECIFICITY, F1_AVERAGE]
