"""Generators for classification questions: confusion matrices and the scores built on them.

Each generator draws the *inputs* (counts), rebuilds label arrays from them, and computes every
answer with the package's own metrics. It also returns the values of the classic wrong answers
(``pr_mean``: the arithmetic mean where F1 needs the harmonic one; ``micro_f1`` where macro was
asked; ...) so that a question can name them as ``traps``.
"""

from __future__ import annotations

import numpy as np

from ... import classification as clf
from . import generator


def _labels_from_counts(tp, fp, fn, tn):
    y_true = np.r_[np.ones(tp + fn, int), np.zeros(fp + tn, int)]
    y_pred = np.r_[np.ones(tp, int), np.zeros(fn, int), np.ones(fp, int), np.zeros(tn, int)]
    return y_true, y_pred


@generator("confusion_counts")
def confusion_counts(rng):
    """A binary confusion matrix with every cell at least 1, and every score computed from it."""
    tp, fp, fn, tn = (int(v) for v in rng.integers(1, [60, 40, 40, 400]))
    y_true, y_pred = _labels_from_counts(tp, fp, fn, tn)
    precision = clf.precision_score(y_true, y_pred)
    recall = clf.recall_score(y_true, y_pred)
    accuracy = clf.accuracy_score(y_true, y_pred)
    mcc = clf.matthews_corrcoef(y_true, y_pred)
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "n": tp + fp + fn + tn,
        "accuracy": accuracy,
        "mcc_note": _mcc_note(tp, fp, fn, tn, accuracy, mcc),
        "precision": precision,
        "recall": recall,
        "specificity": clf.specificity_score(y_true, y_pred),
        "f1": clf.f1_score(y_true, y_pred),
        "f2": clf.fbeta_score(y_true, y_pred, beta=2),
        "mcc": mcc,
        "balanced_accuracy": clf.balanced_accuracy_score(y_true, y_pred),
        "fpr": fp / (fp + tn),
        "prevalence": (tp + fn) / (tp + fp + fn + tn),
        # the classic wrong values, for traps
        "pr_mean": (precision + recall) / 2,                       # arithmetic mean, not F1
        "f05": clf.fbeta_score(y_true, y_pred, beta=0.5),          # beta on the wrong side
        "npv": tn / (tn + fn),                                     # TN over predicted negatives
    }


def _mcc_note(tp, fp, fn, tn, accuracy, mcc):
    """What accuracy next to MCC says on this draw (the words follow the numbers)."""
    n = tp + fp + fn + tn
    if tn / n >= 0.5 and accuracy > mcc + 0.1:
        return (f"Accuracy is {accuracy:.3f}: the {tn} true negatives ({100 * tn / n:.0f}% of the frames) "
                "flatter it, not MCC.")
    return (f"Accuracy is {accuracy:.3f}; MCC differs because it weighs all four cells, as a "
            "correlation between predicted and true labels.")


def _versus(a, b, digits=3):
    """``"below"``, ``"above"`` or ``"level with"``: ``a`` against ``b`` as both are shown."""
    a, b = round(a, digits), round(b, digits)
    return "below" if a < b else "above" if a > b else "level with"


@generator("rare_event_counts")
def rare_event_counts(rng):
    """A detector on a rare event: high accuracy, low recall, and the never-fire baseline."""
    n = int(rng.choice([2_000, 5_000, 10_000]))
    positives = int(rng.integers(n // 200, n // 40 + 1))             # 0.5% to 2.5%
    tp = int(rng.integers(1, max(2, positives // 3)))                # catches under a third
    fp = int(rng.integers(5, 2 * positives))                     # so accuracy stays above 92%
    fn, tn = positives - tp, n - positives - fp
    y_true, y_pred = _labels_from_counts(tp, fp, fn, tn)
    never = np.zeros_like(y_true)
    return {
        "n": n, "positives": positives, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "prevalence_pct": 100 * positives / n,
        "accuracy": clf.accuracy_score(y_true, y_pred),
        "baseline_accuracy": clf.accuracy_score(y_true, never),
        "versus_baseline": _versus(clf.accuracy_score(y_true, y_pred), clf.accuracy_score(y_true, never)),
        "recall": clf.recall_score(y_true, y_pred),
        "precision": clf.precision_score(y_true, y_pred),
        "specificity": clf.specificity_score(y_true, y_pred),
        "prevalence": positives / n,
    }


MULTICLASS_NAMES = ("straight", "left", "right")


def _matrix_text(cm, names):
    """A confusion matrix as aligned text: rows true, columns predicted."""
    width = max(len(s) for s in (*names, "true \\ pred")) + 1
    head = "true \\ pred".ljust(width) + "".join(s.rjust(width) for s in names)
    rows = [name.ljust(width) + "".join(str(int(v)).rjust(width) for v in row)
            for name, row in zip(names, cm)]
    return "\n".join([head, *rows])


def _labels_from_matrix(cm):
    k = cm.shape[0]
    y_true = np.repeat(np.repeat(np.arange(k), k), cm.ravel())
    y_pred = np.repeat(np.tile(np.arange(k), k), cm.ravel())
    return y_true, y_pred


@generator("multiclass_confusion")
def multiclass_confusion(rng):
    """An imbalanced 3-class confusion matrix (rows true) and its averaged F1, precision, recall.

    The big class is well recognised; the two small ones are not, so macro and micro differ.
    """
    big = int(rng.integers(150, 400))
    cm = np.array([
        [big, rng.integers(2, 20), rng.integers(2, 20)],
        [rng.integers(5, 25), rng.integers(5, 30), rng.integers(1, 10)],
        [rng.integers(5, 25), rng.integers(1, 10), rng.integers(3, 25)],
    ], dtype=int)
    y_true, y_pred = _labels_from_matrix(cm)
    precision = clf.precision_score(y_true, y_pred, average=None)
    recall = clf.recall_score(y_true, y_pred, average=None)
    f1 = clf.f1_score(y_true, y_pred, average=None)
    macro_p, macro_r = float(precision.mean()), float(recall.mean())
    return {
        "matrix": _matrix_text(cm, MULTICLASS_NAMES), "n": int(cm.sum()),
        "support_straight": int(cm[0].sum()), "support_left": int(cm[1].sum()),
        "support_right": int(cm[2].sum()),
        "f1_straight": float(f1[0]), "f1_left": float(f1[1]), "f1_right": float(f1[2]),
        "recall_right": float(recall[2]), "precision_right": float(precision[2]),
        "macro_f1": clf.f1_score(y_true, y_pred, average="macro"),
        "micro_f1": clf.f1_score(y_true, y_pred, average="micro"),
        "weighted_f1": clf.f1_score(y_true, y_pred, average="weighted"),
        "macro_recall": clf.recall_score(y_true, y_pred, average="macro"),
        "macro_precision": clf.precision_score(y_true, y_pred, average="macro"),
        "accuracy": clf.accuracy_score(y_true, y_pred),
        # traps: F1 of the averaged precision and recall is not macro-F1
        "f1_of_macro_pr": 2 * macro_p * macro_r / (macro_p + macro_r),
    }


MULTILABEL_NAMES = ("pedestrian", "cyclist", "occluded")


@generator("multilabel_counts")
def multilabel_counts(rng):
    """Per-label TP/FP/FN of a 3-label tagger, and its micro and macro F1 over the label matrix."""
    counts = [(int(rng.integers(80, 300)), int(rng.integers(5, 40)), int(rng.integers(5, 40))),
              (int(rng.integers(20, 80)), int(rng.integers(5, 30)), int(rng.integers(5, 30))),
              (int(rng.integers(2, 15)), int(rng.integers(5, 25)), int(rng.integers(5, 25)))]
    # One row per (label, cell): a row holds only that label, so the per-label counts are exact.
    rows_true, rows_pred = [], []
    for j, (tp, fp, fn) in enumerate(counts):
        for t, p, m in ((1, 1, tp), (0, 1, fp), (1, 0, fn)):
            row_t, row_p = np.zeros(3, int), np.zeros(3, int)
            row_t[j], row_p[j] = t, p
            rows_true += [row_t] * m
            rows_pred += [row_p] * m
    Y_true, Y_pred = np.array(rows_true), np.array(rows_pred)
    per_label = clf.f1_score(Y_true, Y_pred, average=None)
    table = "\n".join(f"{name:<11} TP {tp:>3}  FP {fp:>3}  FN {fn:>3}"
                      for name, (tp, fp, fn) in zip(MULTILABEL_NAMES, counts))
    out = {"table": table,
           "micro_f1": clf.f1_score(Y_true, Y_pred, average="micro"),
           "macro_f1": clf.f1_score(Y_true, Y_pred, average="macro"),
           "sum_tp": sum(c[0] for c in counts), "sum_fp": sum(c[1] for c in counts),
           "sum_fn": sum(c[2] for c in counts)}
    for name, value in zip(MULTILABEL_NAMES, per_label):
        out[f"f1_{name}"] = float(value)
    return out


@generator("majority_rule")
def majority_rule(rng):
    """One big class and K - 1 small ones; the rule "always predict the big class"."""
    k = int(rng.integers(3, 21))                              # 3 .. 20 classes: 1/K takes 18 values
    n = 1_000
    big = int(rng.integers(800, 951))                         # 80% .. 95% of 1,000
    small = np.full(k - 1, (n - big) // (k - 1))
    small[: (n - big) - small.sum()] += 1                     # spread the remainder
    y_true = np.repeat(np.arange(k), np.r_[big, small])
    y_pred = np.zeros_like(y_true)
    return {
        "k": k, "n": n, "big": big, "k_small": k - 1,
        "accuracy": clf.accuracy_score(y_true, y_pred),
        "micro_f1": clf.f1_score(y_true, y_pred, average="micro", zero_division=0),
        "macro_f1": clf.f1_score(y_true, y_pred, average="macro", zero_division=0),
        "weighted_f1": clf.f1_score(y_true, y_pred, average="weighted", zero_division=0),
        "balanced_accuracy": clf.balanced_accuracy_score(y_true, y_pred),
        "f1_big": 2 * (big / n) / (1 + big / n),
    }
