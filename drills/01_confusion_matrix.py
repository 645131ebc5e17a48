"""Drill set 01: the confusion matrix and every score built from its counts.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check confusion-counts      # one drill
    mlmetrics-edu drill watch                       # re-check on every save

Inputs are NumPy integer arrays of the same length (multilabel-f1: two 0/1 matrices
of the same shape); in the binary drills 1 is the positive class and 0 the negative
class. Empty input raises ValueError, as in
scikit-learn. `mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def confusion_counts(y_true, y_pred):
    """A pedestrian detector labelled camera frames (1 = pedestrian). Before any score,
    count its four kinds of outcome. Return (tp, fp, fn, tn) as four ints.
    """
    # Graded on these conventions:
    # - 1 is the positive class, 0 the negative class.
    # - Empty input: raise ValueError, as scikit-learn does.
    # - Return a tuple of four ints (Python or NumPy integers), in the order tp, fp, fn, tn.
    # TODO: count true positives, false positives, false negatives and true negatives.
    raise NotImplementedError


def accuracy(y_true, y_pred):
    """A triage model sorts tickets into teams (labels 0, 1, 2, ...). What fraction did it
    route correctly? Return a float; raise ValueError on empty input.
    """
    # Graded on these conventions:
    # - Any integer labels (multiclass), not just 0/1.
    # - Empty input: raise ValueError (accuracy of nothing is undefined; scikit-learn refuses too).
    # - Return a float in [0, 1]: a fraction, not a count or a percentage.
    # TODO: compare the two arrays element by element.
    raise NotImplementedError


def precision(y_true, y_pred):
    """A spam filter moved some emails to the spam folder. Of the emails it moved,
    what fraction really were spam? Return a float; 0.0 when it moved none.
    """
    # Graded on these conventions:
    # - precision = TP / (TP + FP), with 1 the positive class.
    # - Zero division: no predicted positives (TP + FP = 0) gives 0.0, scikit-learn's default
    #   answer.
    # - Empty input: raise ValueError, as scikit-learn does.
    # TODO: count TP and FP, guard the 0/0 case, divide.
    raise NotImplementedError


def recall(y_true, y_pred):
    """A cancer screening test is run on a cohort. Of the patients who have cancer,
    what fraction did it flag? Return a float; 0.0 when nobody has cancer.
    """
    # Graded on these conventions:
    # - recall = TP / (TP + FN), with 1 the positive class.
    # - Zero division: no actual positives (TP + FN = 0) gives 0.0, scikit-learn's default answer.
    # - Empty input: raise ValueError, as scikit-learn does.
    # TODO: count TP and FN, guard the 0/0 case, divide.
    raise NotImplementedError


def f1(y_true, y_pred):
    """A fraud team wants one number that balances precision and recall of its alerts.
    Return F1 as a float; 0.0 when there are no positives and no predicted positives.
    """
    # Graded on these conventions:
    # - F1 = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).
    # - Zero division: no positives and no predicted positives (2TP + FP + FN = 0) gives 0.0.
    # - When TP = 0 but there are FPs or FNs, F1 is 0.0 (not undefined).
    # - Inputs are non-empty.
    # TODO: combine precision and recall (or go straight from TP, FP, FN).
    raise NotImplementedError


def f_beta(y_true, y_pred, beta):
    """Missing a fraud costs far more than a false alarm, so the team weights recall
    beta times as much as precision. Return F-beta as a float (0.0 when undefined).
    """
    # Graded on these conventions:
    # - F_beta = (1 + b^2) P R / (b^2 P + R) = (1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP).
    # - beta > 1 favours recall, beta < 1 favours precision; beta = 1 is F1.
    # - Zero division (the denominator is 0): 0.0. Inputs are non-empty.
    # TODO: generalise F1 with beta; check which of FP and FN beta should multiply.
    raise NotImplementedError


def specificity(y_true, y_pred):
    """A screening test must also clear healthy people. Of the people without the
    disease, what fraction did it correctly call negative? Return a float; 0.0 when
    there are no negatives.
    """
    # Graded on these conventions:
    # - specificity = TN / (TN + FP) = 1 - FPR: the recall of the negative class.
    # - Zero division: no actual negatives (TN + FP = 0) gives 0.0.
    # - Not in scikit-learn under this name: it is recall_score(..., pos_label=0).
    # - Inputs are non-empty.
    # TODO: count TN and FP, guard the 0/0 case, divide.
    raise NotImplementedError


def f1_average(y_true, y_pred, average):
    """An intent classifier has 4 intents, one of them rare. Summarise its F1 over all
    classes with average = "macro", "micro" or "weighted"; raise ValueError otherwise.
    Classes are every label that appears in y_true or y_pred.
    """
    # Graded on these conventions:
    # - Classes: every label in y_true or y_pred (sorted), as scikit-learn does.
    # - macro: the unweighted mean of per-class F1; weighted: the mean weighted by each class's
    #   support (its count in y_true); micro: F1 of the pooled TP, FP, FN counts.
    # - A class's F1 with 2TP + FP + FN = 0 is 0.0; an unknown average raises ValueError.
    # - Inputs are non-empty.
    # TODO: compute TP, FP, FN per class, then average the way `average` asks.
    raise NotImplementedError


def balanced_accuracy(y_true, y_pred):
    """A fraud model is 99% accurate because 99% of transactions are legitimate. Score it so
    that every class counts the same: return the mean of the per-class recalls as a float.
    """
    # Graded on these conventions:
    # - Balanced accuracy = the mean, over the classes present in y_true, of each class's recall
    #   (correct predictions of class c / number of samples of class c).
    # - A label that appears only in y_pred has no recall and is not averaged (it still costs the
    #   class it was wrongly predicted for), as sklearn.metrics.balanced_accuracy_score does.
    # - Binary case: (TPR + TNR) / 2. Any integer labels; inputs are non-empty.
    # TODO: recall of each class in y_true, then their plain mean.
    raise NotImplementedError


def mcc(y_true, y_pred):
    """An interviewer wants one score for a rare-disease test that uses all four cells of the
    confusion matrix. Return the Matthews correlation coefficient, in [-1, 1], as a float.
    """
    # Graded on these conventions:
    # - MCC = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)), with 1 the positive
    #   class.
    # - A zero denominator (a row or column of the confusion matrix is empty) gives 0.0, as
    #   sklearn.metrics.matthews_corrcoef does.
    # - Counts can be large (over 10^5): the product of the four sums must not overflow. Inputs are
    #   non-empty.
    # TODO: the four counts, then the formula; mind the zero denominator and overflow.
    raise NotImplementedError


def multilabel_f1(Y_true, Y_pred, average):
    """A photo tagger attaches any number of tags to each photo. Y_true and Y_pred are 0/1
    matrices (photos x tags). Return micro or macro F1 over the tags as a float.
    """
    # Graded on these conventions:
    # - Y_true and Y_pred are 0/1 indicator matrices of shape (n_samples, n_labels): column j says
    #   whether label j applies.
    # - micro: F1 of the TP, FP, FN counts pooled over every (sample, label) cell; macro: the
    #   unweighted mean over labels (columns) of each label's F1.
    # - A label with 2TP + FP + FN = 0 (never true, never predicted) has F1 0.0 and still counts in
    #   the macro mean, as sklearn.metrics.f1_score(..., zero_division=0) does.
    # - An unknown average raises ValueError. Inputs are non-empty.
    # TODO: TP, FP, FN per label (column), then pool them (micro) or average per-label F1 (macro).
    raise NotImplementedError
