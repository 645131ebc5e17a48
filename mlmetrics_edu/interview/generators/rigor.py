"""Generators for evaluation-rigor and fairness questions: error bars, paired tests, corrections.

Answers come from :mod:`mlmetrics_edu.significance` (McNemar, Bonferroni, Benjamini-Hochberg,
the two-proportion z-test; imported inside each generator). One has no package function and
states its formula here: the standard error of an accuracy, ``sqrt(p (1 - p) / n)``. The
fairness audit's gaps and ratio come from :mod:`mlmetrics_edu.fairness` (fairlearn's definitions).
"""

from __future__ import annotations

import math

import numpy as np

from . import Redraw, fmt_list, generator


@generator("accuracy_se")
def accuracy_se(rng):
    """An accuracy measured on n test examples: its standard error and a 95% interval."""
    n = int(rng.choice([400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500]))   # the two traps stay apart
    correct = int(round(n * rng.uniform(0.80, 0.96)))
    p = correct / n
    se = math.sqrt(p * (1 - p) / n)                              # binomial standard error
    return {
        "acc_pct": 100 * p, "n": n, "correct": correct,
        "se_pp": 100 * se,
        "half_width_pp": 100 * 1.96 * se,
        "var_pp": 100 * p * (1 - p) / n,                          # trap: the variance, no root
        "se_over_n_pp": 100 * math.sqrt(p * (1 - p)) / n,         # trap: divided by n outside the root
    }


def _paired_predictions(both_right, a_only, b_only, both_wrong):
    y_true = np.ones(both_right + a_only + b_only + both_wrong, int)
    right_a = np.r_[np.ones(both_right + a_only, int), np.zeros(b_only + both_wrong, int)]
    right_b = np.r_[np.ones(both_right, int), np.zeros(a_only, int), np.ones(b_only, int),
                    np.zeros(both_wrong, int)]
    return y_true, right_a, right_b                              # "1" = the correct label


@generator("mcnemar_table")
def mcnemar_table(rng):
    """Two classifiers on the same 1,000 test examples, as a 2x2 table of right/wrong."""
    from ...significance import mcnemar_test

    b = int(rng.integers(5, 60))                                 # A right, B wrong
    c = int(rng.integers(5, 60))                                 # A wrong, B right
    while abs(b - c) < 2:                                        # |b - c| = 1 makes the corrected chi2 0
        c = int(rng.integers(5, 60))
    both_wrong = int(rng.integers(20, 70))
    both_right = 1000 - b - c - both_wrong
    y_true, pred_a, pred_b = _paired_predictions(both_right, b, c, both_wrong)
    chi2, p_value = mcnemar_test(y_true, pred_a, pred_b, exact=False, correction=True)
    chi2_plain, _ = mcnemar_test(y_true, pred_a, pred_b, exact=False, correction=False)
    return {
        "both_right": both_right, "b": b, "c": c, "both_wrong": both_wrong,
        "acc_a_pct": (both_right + b) / 10, "acc_b_pct": (both_right + c) / 10,
        "chi2": chi2, "p_value": p_value,
        "chi2_uncorrected": chi2_plain,                          # trap: no continuity correction
        "diff_pp": abs(b - c) / 10,                              # trap: the accuracy gap itself
    }


@generator("p_values_family")
def p_values_family(rng):
    """m model configurations, each tested against the baseline: which wins survive?

    Built from the counts it should give, so that every count a candidate might report is a
    different number: ``b`` pass Bonferroni, the step-down reading (stop at the first failure)
    keeps ``s > b``, Benjamini-Hochberg keeps ``h >= s + 2`` (a p-value above its line, then
    one back under it), and ``r > h`` are below 0.05 uncorrected.
    """
    from ...significance import benjamini_hochberg, bonferroni

    alpha = 0.05
    b = int(rng.integers(1, 6))
    s = b + int(rng.integers(1, 4))
    h = s + int(rng.integers(2, 4))
    r = h + int(rng.integers(1, 3))
    m = r + int(rng.integers(2, 5))
    line = np.arange(1, m + 1) * alpha / m                       # BH's line: k alpha / m
    ranked = np.empty(m)
    ranked[:b] = np.sort(rng.uniform(0.0002, line[0], b))
    for k in range(b, s):                                        # above alpha / m, under the line
        ranked[k] = rng.uniform(max(ranked[k - 1], line[0]), line[k])
    ranked[s:h - 1] = np.sort(rng.uniform(line[s], line[h - 1], h - 1 - s))   # the first one fails
    ranked[h - 1] = rng.uniform(ranked[h - 2], line[h - 1])      # ... and rank h passes again
    ranked[h:r] = np.sort(rng.uniform(line[r - 1], alpha, r - h))
    ranked[r:] = rng.uniform(0.06, 0.95, m - r)
    p = rng.permutation(np.r_[np.round(ranked[:r], 4), np.round(ranked[r:], 3)])
    reject_bonf, p_bonf = bonferroni(p, alpha)
    reject_bh, q = benjamini_hochberg(p, alpha)
    sorted_p = np.sort(p)
    passes = sorted_p <= line
    step_down = int(np.argmin(passes)) if not passes.all() else m   # trap: stop at the first failure
    # trap: ranks counted from the largest p-value (descending order)
    descending = sorted_p[::-1] <= line
    wrong_order = int(np.flatnonzero(descending)[-1] + 1) if descending.any() else 0
    if (int(reject_bonf.sum()), step_down, int(reject_bh.sum()), int(np.sum(p <= alpha))) != (b, s, h, r):
        raise Redraw("rounding the p-values moved one across its line")
    best = int(np.argmin(p))
    return {
        "p_values": fmt_list(p, 4), "m": m, "alpha": alpha,
        "sorted": fmt_list(sorted_p, 4), "thresholds": fmt_list(line, 5),
        "n_raw": int(np.sum(p <= alpha)),                        # trap: no correction
        "n_bonferroni": int(reject_bonf.sum()),
        "n_bh": int(reject_bh.sum()),
        "n_bh_step_down": step_down,
        "n_bh_descending": wrong_order,
        "bonf_threshold": alpha / m,
        "min_p": float(p[best]), "bonf_min": float(p_bonf[best]), "bh_min": float(q[best]),
    }


@generator("ab_test")
def ab_test(rng):
    """A/B test of a checkout change: conversions out of visitors in each arm."""
    from ...significance import two_proportion_ztest

    n_a = n_b = int(rng.choice([2000, 5000, 10000]))
    rate_b = float(rng.uniform(0.03, 0.08))
    lift = float(rng.uniform(-0.1, 0.25))
    conv_b = int(round(n_b * rate_b))
    conv_a = int(round(n_a * rate_b * (1 + lift)))
    z, p_value = two_proportion_ztest(conv_a, n_a, conv_b, n_b)
    rate_a = conv_a / n_a
    pooled = (conv_a + conv_b) / (n_a + n_b)
    return {
        "n_a": n_a, "n_b": n_b, "conv_a": conv_a, "conv_b": conv_b,
        "rate_a_pct": 100 * rate_a, "rate_b_pct": 100 * conv_b / n_b, "pooled_pct": 100 * pooled,
        "se_pooled": math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b)),
        "z": z, "p_value": p_value,
        "abs_z": abs(z),
    }


@generator("group_rates")
def group_rates(rng):
    """A resume screen audited by group: applicants, qualified applicants, and who advanced.

    The per-group rates shown in the worked solution are the plain counts (selection rate =
    advanced / applicants, TPR = advanced qualified / qualified); the gaps and the ratio asked
    for come from :mod:`mlmetrics_edu.fairness` on the labels those counts describe.
    """
    from ... import fairness

    groups = {}
    for name in ("a", "b"):
        applicants = int(rng.integers(8, 41)) * 10
        qualified = int(round(applicants * rng.uniform(0.3, 0.6)))
        tp = int(round(qualified * rng.uniform(0.5, 0.95)))
        fp = int(round((applicants - qualified) * rng.uniform(0.05, 0.3)))
        groups[name] = (applicants, qualified, tp, fp)
    out = {}
    for name, (applicants, qualified, tp, fp) in groups.items():
        out.update({f"n_{name}": applicants, f"qual_{name}": qualified, f"tp_{name}": tp,
                    f"fp_{name}": fp, f"sel_{name}": tp + fp,
                    f"rate_{name}": (tp + fp) / applicants, f"tpr_{name}": tp / qualified,
                    f"fpr_{name}": fp / (applicants - qualified)})
    y_true, y_pred, group = [], [], []
    for name, (applicants, qualified, tp, fp) in groups.items():
        y_true += [1] * qualified + [0] * (applicants - qualified)
        y_pred += [1] * tp + [0] * (qualified - tp) + [1] * fp + [0] * (applicants - qualified - fp)
        group += [name] * applicants
    by_group = {"sensitive_features": np.array(group)}
    rates = (out["rate_a"], out["rate_b"])
    out.update({
        "parity_difference": fairness.demographic_parity_difference(y_true, y_pred, **by_group),
        "disparate_impact": fairness.demographic_parity_ratio(y_true, y_pred, **by_group),
        "equal_opportunity_difference": fairness.equal_opportunity_difference(y_true, y_pred, **by_group),
        "fpr_difference": abs(out["fpr_a"] - out["fpr_b"]),
        "equalized_odds_difference": fairness.equalized_odds_difference(y_true, y_pred, **by_group),
        "disparate_impact_inverted": max(rates) / min(rates),    # trap: the ratio upside down
        "selected_ratio": min(out["sel_a"], out["sel_b"]) / max(out["sel_a"], out["sel_b"]),  # trap: counts
    })
    return out
