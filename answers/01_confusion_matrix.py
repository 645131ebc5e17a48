"""Reference answers for drill set 01 (mirrors drills/01_confusion_matrix.py).

Each answer stands alone (NumPy only) and follows scikit-learn's conventions where
scikit-learn has the metric: undefined 0/0 scores are 0.0 (its default
``zero_division`` answer), and averaging runs over the union of the labels seen.
"""

import numpy as np


def confusion_counts(y_true, y_pred):
    """A pedestrian detector labelled camera frames (1 = pedestrian). Before any score,
    count its four kinds of outcome. Return (tp, fp, fn, tn) as four ints.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        raise ValueError("no samples")  # scikit-learn refuses empty input too
    tp = int(np.sum((y_pred == 1) & (y_true == 1)))  # said pedestrian, was one
    fp = int(np.sum((y_pred == 1) & (y_true == 0)))  # said pedestrian, was not: a false alarm
    fn = int(np.sum((y_pred == 0) & (y_true == 1)))  # missed a pedestrian
    tn = int(np.sum((y_pred == 0) & (y_true == 0)))  # correctly quiet
    return tp, fp, fn, tn


def accuracy(y_true, y_pred):
    """A triage model sorts tickets into teams (labels 0, 1, 2, ...). What fraction did it
    route correctly? Return a float; raise ValueError on empty input.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        raise ValueError("accuracy of no samples is undefined")  # scikit-learn refuses too
    # The mean of a boolean array is the fraction of True: correct / total.
    return float(np.mean(y_true == y_pred))


def precision(y_true, y_pred):
    """A spam filter moved some emails to the spam folder. Of the emails it moved,
    what fraction really were spam? Return a float; 0.0 when it moved none.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        raise ValueError("no samples")  # scikit-learn refuses empty input too
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    if tp + fp == 0:
        return 0.0  # nothing predicted positive: 0/0, answered 0.0 as scikit-learn does
    return float(tp / (tp + fp))  # the denominator is everything we *predicted* positive


def recall(y_true, y_pred):
    """A cancer screening test is run on a cohort. Of the patients who have cancer,
    what fraction did it flag? Return a float; 0.0 when nobody has cancer.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        raise ValueError("no samples")  # scikit-learn refuses empty input too
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    if tp + fn == 0:
        return 0.0  # no actual positives: 0/0, answered 0.0
    return float(tp / (tp + fn))  # the denominator is everything that *is* positive


def f1(y_true, y_pred):
    """A fraud team wants one number that balances precision and recall of its alerts.
    Return F1 as a float; 0.0 when there are no positives and no predicted positives.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    # 2PR/(P+R) simplifies to 2TP/(2TP+FP+FN), which never divides by P+R = 0.
    if 2 * tp + fp + fn == 0:
        return 0.0
    return float(2 * tp / (2 * tp + fp + fn))


def f_beta(y_true, y_pred, beta):
    """Missing a fraud costs far more than a false alarm, so the team weights recall
    beta times as much as precision. Return F-beta as a float (0.0 when undefined).
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    b2 = beta**2  # beta squared: recall counts beta times as much as precision
    # (1+b2)PR/(b2 P + R) in counts: missed positives (FN) carry the weight b2.
    denom = (1 + b2) * tp + b2 * fn + fp
    if denom == 0:
        return 0.0
    return float((1 + b2) * tp / denom)


def specificity(y_true, y_pred):
    """A screening test must also clear healthy people. Of the people without the
    disease, what fraction did it correctly call negative? Return a float; 0.0 when
    there are no negatives.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tn = np.sum((y_pred == 0) & (y_true == 0))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    if tn + fp == 0:
        return 0.0  # no actual negatives
    return float(tn / (tn + fp))  # the recall of the negative class; 1 - FPR


def f1_average(y_true, y_pred, average):
    """An intent classifier has 4 intents, one of them rare. Summarise its F1 over all
    classes with average = "macro", "micro" or "weighted"; raise ValueError otherwise.
    Classes are every label that appears in y_true or y_pred.
    """
    if average not in ("macro", "micro", "weighted"):
        raise ValueError(f"unknown average {average!r}")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = np.union1d(y_true, y_pred)  # a class only ever predicted still counts
    # One-vs-rest counts per class, as columns: shape (n_classes,).
    tp = np.array([np.sum((y_pred == c) & (y_true == c)) for c in labels])
    fp = np.array([np.sum((y_pred == c) & (y_true != c)) for c in labels])
    fn = np.array([np.sum((y_pred != c) & (y_true == c)) for c in labels])
    if average == "micro":
        # Pool the counts first, then score once: every sample weighs the same.
        denom = 2 * tp.sum() + fp.sum() + fn.sum()
        return float(2 * tp.sum() / denom) if denom else 0.0
    denom = 2 * tp + fp + fn
    per_class = np.divide(2 * tp, denom, out=np.zeros(len(labels)), where=denom > 0)
    if average == "macro":
        return float(per_class.mean())  # every class weighs the same, rare or not
    support = tp + fn  # how many samples truly belong to each class
    return float(np.sum(per_class * support) / support.sum())


def balanced_accuracy(y_true, y_pred):
    """A fraud model is 99% accurate because 99% of transactions are legitimate. Score it so
    that every class counts the same: return the mean of the per-class recalls as a float.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    classes = np.unique(y_true)  # only true classes have a recall; predicted-only labels do not
    # Recall of class c: of the samples that are c, the share predicted as c.
    recalls = [np.mean(y_pred[y_true == c] == c) for c in classes]
    return float(np.mean(recalls))  # every class weighs the same, whatever its size


def mcc(y_true, y_pred):
    """An interviewer wants one score for a rare-disease test that uses all four cells of the
    confusion matrix. Return the Matthews correlation coefficient, in [-1, 1], as a float.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    # Counts as floats: with 10^5 samples the product of the four margins passes 2**63,
    # and NumPy int64 arithmetic would wrap around silently.
    tp = float(np.sum((y_pred == 1) & (y_true == 1)))
    fp = float(np.sum((y_pred == 1) & (y_true == 0)))
    fn = float(np.sum((y_pred == 0) & (y_true == 1)))
    tn = float(np.sum((y_pred == 0) & (y_true == 0)))
    denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    if denominator == 0:
        return 0.0  # an empty row or column: no correlation to measure (scikit-learn's answer)
    # The Pearson correlation of the two 0/1 vectors, written in counts.
    return float((tp * tn - fp * fn) / denominator)


def multilabel_f1(Y_true, Y_pred, average):
    """A photo tagger attaches any number of tags to each photo. Y_true and Y_pred are 0/1
    matrices (photos x tags). Return micro or macro F1 over the tags as a float.
    """
    if average not in ("micro", "macro"):
        raise ValueError(f"unknown average {average!r}")
    Y_true, Y_pred = np.asarray(Y_true), np.asarray(Y_pred)
    # Each column is one label's yes/no problem: count down the columns (axis=0).
    tp = np.sum((Y_pred == 1) & (Y_true == 1), axis=0)
    fp = np.sum((Y_pred == 1) & (Y_true == 0), axis=0)
    fn = np.sum((Y_pred == 0) & (Y_true == 1), axis=0)
    if average == "micro":
        # Pool every (sample, label) cell, then one F1: frequent labels dominate.
        denominator = 2 * tp.sum() + fp.sum() + fn.sum()
        return float(2 * tp.sum() / denominator) if denominator else 0.0
    denominator = 2 * tp + fp + fn
    # One F1 per label, 0.0 for a label never true and never predicted; then a plain mean.
    per_label = np.divide(2 * tp, denominator, out=np.zeros(tp.size), where=denominator > 0)
    return float(per_label.mean())
