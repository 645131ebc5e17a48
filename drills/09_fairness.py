"""Drill set 09: fairness gaps between groups, as fairlearn defines them.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check demographic-parity-difference
    mlmetrics-edu drill watch                       # re-check on every save

Inputs are NumPy arrays of the same length: y_true and y_pred hold 0/1 labels (1 is the
selected / positive outcome), groups holds a group name (a string or an int) per sample.
Empty input raises ValueError. `mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def demographic_parity_difference(y_true, y_pred, groups):
    """A hiring model invites some applicants to interview (1 = invited). Does it invite every
    group equally often? Return the largest gap in selection rate between two groups.
    """
    # Graded on these conventions:
    # - A group's selection rate is the fraction of ITS samples with y_pred == 1.
    # - Return max rate - min rate over all groups, as a float; one group gives 0.0.
    # - y_true is not used (parity is about the model's decisions), but is passed.
    # - Empty input: raise ValueError.
    # TODO: compute each group's selection rate, then the gap between the extremes.
    raise NotImplementedError


def equalized_odds_difference(y_true, y_pred, groups):
    """A loan model approves applicants (1 = approved; y_true 1 = would repay). Given the truth,
    does the group change its answer? Return the larger of the TPR gap and the FPR gap.
    """
    # Graded on these conventions:
    # - TPR of a group = its samples with y_true == 1 and y_pred == 1, over its samples with y_true == 1.
    # - FPR of a group = its samples with y_true == 0 and y_pred == 1, over its samples with y_true == 0.
    # - A group with no positives has TPR 0.0; with no negatives, FPR 0.0 (fairlearn's convention).
    # - Return max(max TPR - min TPR, max FPR - min FPR) over groups, as a float (the worst case).
    # - Empty input: raise ValueError.
    # TODO: per group, TPR and FPR; then the larger of the two gaps.
    raise NotImplementedError


def disparate_impact_ratio(y_true, y_pred, groups):
    """An auditor applies the four-fifths rule to a screening model (1 = selected). Return the
    lowest group selection rate divided by the highest; below 0.8 fails the rule.
    """
    # Graded on these conventions:
    # - A group's selection rate is the fraction of ITS samples with y_pred == 1 (y_true is not used).
    # - Return min rate / max rate over all groups, as a float in [0, 1]; one group gives 1.0.
    # - Nobody selected in any group (0/0): return float('nan'), as fairlearn does.
    # - Empty input: raise ValueError.
    # TODO: the selection rates per group, then the ratio of the extremes.
    raise NotImplementedError
