"""Drill set 01: the confusion matrix and every score built from its counts.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check confusion-counts      # one drill
    mlmetrics-edu drill watch                       # re-check on every save

Inputs are NumPy integer arrays of the same length; in the binary drills 1 is the
positive class and 0 the negative class. Empty input raises ValueError, as in
scikit-learn. `mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def confusion_counts(y_true, y_pred):
    """A pedestrian detector labelled camera frames (1 = pedestrian). Before any score,
    count its four kinds of outcome. Return (tp, fp, fn, tn) as four ints.
    """
    # TODO: count true positives, false positives, false negatives and true negatives.
    raise NotImplementedError


def accuracy(y_true, y_pred):
    """A triage model sorts tickets into teams (labels 0, 1, 2, ...). What fraction did it
    route correctly? Return a float; raise ValueError on empty input.
    """
    # TODO: compare the two arrays element by element.
    raise NotImplementedError


def precision(y_true, y_pred):
    """A spam filter moved some emails to the spam folder. Of the emails it moved,
    what fraction really were spam? Return a float; 0.0 when it moved none.
    """
    # TODO: count TP and FP, guard the 0/0 case, divide.
    raise NotImplementedError


def recall(y_true, y_pred):
    """A cancer screening test is run on a cohort. Of the patients who have cancer,
    what fraction did it flag? Return a float; 0.0 when nobody has cancer.
    """
    # TODO: count TP and FN, guard the 0/0 case, divide.
    raise NotImplementedError


def f1(y_true, y_pred):
    """A fraud team wants one number that balances precision and recall of its alerts.
    Return F1 as a float; 0.0 when there are no positives and no predicted positives.
    """
    # TODO: combine precision and recall (or go straight from TP, FP, FN).
    raise NotImplementedError


def f_beta(y_true, y_pred, beta):
    """Missing a fraud costs far more than a false alarm, so the team weights recall
    beta times as much as precision. Return F-beta as a float (0.0 when undefined).
    """
    # TODO: generalise F1 with beta; check which of FP and FN beta should multiply.
    raise NotImplementedError


def specificity(y_true, y_pred):
    """A screening test must also clear healthy people. Of the people without the
    disease, what fraction did it correctly call negative? Return a float; 0.0 when
    there are no negatives.
    """
    # TODO: count TN and FP, guard the 0/0 case, divide.
    raise NotImplementedError


def f1_average(y_true, y_pred, average):
    """An intent classifier has 4 intents, one of them rare. Summarise its F1 over all
    classes with average = "macro", "micro" or "weighted"; raise ValueError otherwise.
    Classes are every label that appears in y_true or y_pred.
    """
    # TODO: compute TP, FP, FN per class, then average the way `average` asks.
    raise NotImplementedError
