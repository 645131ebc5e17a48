"""Reference answers for drill set 09 (mirrors drills/09_fairness.py).

Each answer follows fairlearn 0.15's definitions (``fairlearn.metrics``): rates are
computed on the *predictions*, 1 is the selected / positive outcome, a group with no
positives has TPR 0.0 and one with no negatives FPR 0.0 (what its normalized confusion
matrix gives), and the ratio is min over max, nan when it is 0/0.
tests/test_fairness_vs_fairlearn.py checks each answer against fairlearn.
"""

import numpy as np


def demographic_parity_difference(y_true, y_pred, groups):
    """A hiring model invites some applicants to interview (1 = invited). Does it invite every
    group equally often? Return the largest gap in selection rate between two groups.
    """
    y_pred, groups = np.asarray(y_pred), np.asarray(groups)
    if y_pred.size == 0:
        raise ValueError("no samples")  # a gap between no groups is undefined
    # y_true is deliberately unused: parity is about what the model *decides*.
    # Each group's rate divides by that group's size, not by all samples.
    rates = [np.mean(y_pred[groups == g] == 1) for g in np.unique(groups)]
    return float(max(rates) - min(rates))  # extreme groups: highest minus lowest


def equalized_odds_difference(y_true, y_pred, groups):
    """A loan model approves applicants (1 = approved; y_true 1 = would repay). Given the truth,
    does the group change its answer? Return the larger of the TPR gap and the FPR gap.
    """
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    if y_true.size == 0:
        raise ValueError("no samples")
    tprs, fprs = [], []
    for g in np.unique(groups):
        pos = (groups == g) & (y_true == 1)  # this group's real positives
        neg = (groups == g) & (y_true == 0)  # and its real negatives
        # TPR divides by the group's positives, FPR by its negatives; none: 0.0 (fairlearn)
        tprs.append(np.sum(y_pred[pos] == 1) / np.sum(pos) if np.sum(pos) else 0.0)
        fprs.append(np.sum(y_pred[neg] == 1) / np.sum(neg) if np.sum(neg) else 0.0)
    # Both error rates must match: the worst of the two gaps, not only TPR, not their mean.
    return float(max(max(tprs) - min(tprs), max(fprs) - min(fprs)))


def disparate_impact_ratio(y_true, y_pred, groups):
    """An auditor applies the four-fifths rule to a screening model (1 = selected). Return the
    lowest group selection rate divided by the highest; below 0.8 fails the rule.
    """
    y_pred, groups = np.asarray(y_pred), np.asarray(groups)
    if y_pred.size == 0:
        raise ValueError("no samples")
    rates = [np.mean(y_pred[groups == g] == 1) for g in np.unique(groups)]  # on predictions
    if max(rates) == 0:
        return float("nan")  # nobody selected anywhere: 0/0, nan as fairlearn returns
    return float(min(rates) / max(rates))  # min over max: at most 1, 1 means parity
