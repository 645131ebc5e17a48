"""Generators for the monitoring deep dive: PSI on bins and its noise floor, categorical drift,
label coverage, performance estimated before labels land, label-shift correction, alert limits.

Answers come from the package where it has the function (:mod:`mlmetrics_edu.drift`,
:mod:`mlmetrics_edu.monitoring`, imported inside each generator); the few textbook formulas it
does not hold are stated where they are used: the label-shift correction of the odds, the KS
large-sample critical value and the 3-sigma limit of a proportion's control chart. Each draw
also returns the values of the known wrong answers (traps), kept well apart from the answer.
"""

from __future__ import annotations

import math

import numpy as np

from . import fmt_list, generator


def _shares(rng, k, low=0.05):
    """``k`` shares that are multiples of 0.01, each at least ``low``, summing to 1."""
    while True:
        cuts = np.sort(rng.choice(np.arange(1, 100), size=k - 1, replace=False))
        shares = np.diff(np.r_[0, cuts, 100]) / 100
        if shares.min() >= low:
            return shares


def _repeat(shares, n=100):
    """A sample of category codes 0..k-1 holding exactly ``shares`` of ``n`` rows."""
    counts = np.round(np.asarray(shares) * n).astype(int)
    return np.repeat(np.arange(len(shares)), counts)


@generator("mon_psi_bins")
def psi_bins(rng):
    """Reference and current shares over 3-5 bins: PSI, and the two classic wrong formulas."""
    from ...drift import categorical_psi

    while True:
        k = int(rng.integers(3, 6))
        e, a = _shares(rng, k), _shares(rng, k)
        psi = categorical_psi(_repeat(e).astype(str), _repeat(a).astype(str))
        abs_diff = float(np.abs(a - e).sum())                        # trap: sum of |a - e|
        kl_one_sided = float(np.sum(a * np.log(a / e)))               # trap: KL(a || e) only
        if 0.02 <= psi <= 1.5 and min(abs(psi - abs_diff), abs(psi - kl_one_sided)) > 0.01:
            break
    terms = [f"({ai:.2f} − {ei:.2f}) ln({ai:.2f}/{ei:.2f})" for ai, ei in zip(a, e)]
    return {"k": k, "expected_text": fmt_list(e), "actual_text": fmt_list(a), "psi": psi,
            "terms_text": " + ".join(terms), "abs_diff": abs_diff, "kl_one_sided": kl_one_sided}


@generator("mon_psi_noise")
def psi_noise(rng):
    """Sizes of a reference and a production window, and a bin count: PSI expected from noise."""
    from ...drift import psi_noise_floor

    while True:
        bins = int(rng.choice([10, 20, 30, 50]))
        n_ref = int(rng.integers(10, 101)) * 100
        n_cur = int(rng.integers(max(2, int(0.3 * n_ref) // 100), max(3, n_ref // 100) + 1)) * 100
        floor = psi_noise_floor(n_ref, n_cur, bins=bins, method="approx")
        if (bins - 1) / n_ref > 2.2 * (0.0001 + 0.1 * floor):          # the one-sample trap stays apart
            break
    return {"bins": bins, "bins_minus_1": bins - 1, "n_ref": n_ref, "n_cur": n_cur, "floor": floor,
            "approx": (bins - 1) * (1 / n_ref + 1 / n_cur),
            "zero": 0.0,                                             # trap: "no change, no PSI"
            "one_sample": (bins - 1) / n_cur}                        # trap: the reference as exact


@generator("mon_category_counts")
def category_counts(rng):
    """Category counts of a reference week and of this week: the chi-square statistic of the 2 x k table."""
    from ...drift import chi_square_test

    while True:
        k = int(rng.integers(3, 5))
        names = np.array(["basic", "plus", "family", "student"][:k])
        e_counts = np.round(_shares(rng, k, low=0.1) * int(rng.integers(10, 41)) * 10).astype(int)
        a_counts = np.round(_shares(rng, k, low=0.05) * int(rng.integers(10, 41)) * 10).astype(int)
        chi2, _ = chi_square_test(np.repeat(names, e_counts), np.repeat(names, a_counts))
        n, m = e_counts.sum(), a_counts.sum()
        exact_reference = float(np.sum((a_counts - m * e_counts / n) ** 2 / (m * e_counts / n)))  # trap
        if chi2 > 1 and abs(chi2 - exact_reference) > 0.05 * chi2 + 0.05:
            break
    table = np.array([e_counts, a_counts])
    expect = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    terms = [f"({o} − {x:.1f})²/{x:.1f}" for o, x in zip(table.ravel(), expect.ravel())]
    return {"categories": ", ".join(names), "expected_counts": fmt_list(e_counts), "n": int(n),
            "actual_counts": fmt_list(a_counts), "m": int(m), "expect_text": fmt_list(expect.ravel(), 1),
            "terms_text": " + ".join(terms), "chi2": chi2, "df": k - 1, "exact_reference": exact_reference}


@generator("mon_label_coverage")
def label_coverage_weeks(rng):
    """Four weeks of scored customers and how many of each have a label so far."""
    from ...monitoring import DelayedLabelState

    while True:
        scored = rng.integers(8, 31, size=4) * 100
        share = np.array([1.0, rng.uniform(0.85, 1.0), rng.uniform(0.4, 0.8), rng.uniform(0.02, 0.3)])
        labelled = np.round(scored * share).astype(int)
        y = np.concatenate([np.where(np.arange(s) < n_lab, np.arange(s) % 2, np.nan) for s, n_lab in zip(scored, labelled)])
        coverage = DelayedLabelState().update(y, np.full(y.size, 0.5)).compute()["label_coverage"]
        mean_of_weeks = float(np.mean(labelled / scored))            # trap: mean of the weekly ratios
        last_week = float(labelled[-1] / scored[-1])                 # trap: the latest week only
        if abs(coverage - mean_of_weeks) > 0.012:
            break
    return {"scored_text": fmt_list(scored), "labelled_text": fmt_list(labelled),
            "scored_plus": " + ".join(map(str, scored)), "labelled_plus": " + ".join(map(str, labelled)),
            "scored_total": int(scored.sum()), "labelled_total": int(labelled.sum()),
            "coverage": coverage, "mean_of_weeks": mean_of_weeks, "last_week": last_week}


@generator("mon_cbpe_scores")
def cbpe_scores(rng):
    """Ten calibrated scores and a threshold: expected accuracy and recall before labels land."""
    from ...monitoring import estimate_performance

    while True:
        threshold = float(rng.choice([0.3, 0.4, 0.5, 0.6]))
        p = np.round(rng.beta(0.9, 1.6, size=10), 2).clip(0.01, 0.99)
        flagged = p >= threshold
        if not 2 <= flagged.sum() <= 8:
            continue
        est = estimate_performance(p, threshold=threshold)
        accuracy, recall, precision = est["accuracy"], est["recall"], est["precision"]
        mean_score = float(p.mean())                                 # trap: the mean score
        if abs(accuracy - mean_score) > 0.012 and abs(recall - precision) > 0.012:
            break
    terms = [f"{x:.2f}" if f else f"{1 - x:.2f}" for x, f in zip(p, flagged)]
    return {"scores_text": fmt_list(p), "threshold": threshold, "terms_text": " + ".join(terms),
            "accuracy": accuracy, "recall": recall, "precision": precision, "mean_score": mean_score,
            "etp": float(p[flagged].sum()), "efn": float(p[~flagged].sum())}


@generator("mon_prior_shift")
def prior_shift(rng):
    """A calibrated probability moved from the training base rate to a new one (Bayes on the odds)."""
    while True:
        old = int(rng.integers(5, 31)) / 100
        new = int(rng.integers(5, 51)) / 100
        prob = int(rng.integers(5, 96)) / 100
        ratio = (new / (1 - new)) / (old / (1 - old))                # new prior odds / old prior odds
        odds = prob / (1 - prob)
        adjusted = odds * ratio / (1 + odds * ratio)
        inverted = (odds / ratio) / (1 + odds / ratio)               # trap: the ratio upside down
        if abs(adjusted - prob) > 0.02 and abs(adjusted - inverted) > 0.02:
            break
    return {"old": old, "new": new, "old_c": 1 - old, "new_c": 1 - new, "old_pct": 100 * old,
            "new_pct": 100 * new, "prob": prob, "odds": odds, "ratio": ratio, "adjusted_odds": odds * ratio,
            "adjusted": adjusted, "inverted": inverted}


@generator("mon_ks_critical")
def ks_critical(rng):
    """Equal sample sizes at monitoring volume: the 5% critical value of the two-sample KS test."""
    n = int(rng.integers(10, 100)) * 10 ** int(rng.integers(3, 6))
    critical = 1.358 * math.sqrt(2 / n)                              # large-sample 5% critical value
    return {"n": n, "n_text": f"{n:,}", "critical": critical,
            "one_sample": 1.358 / math.sqrt(n)}                      # trap: the one-sample formula


@generator("mon_recall_chart")
def recall_chart(rng):
    """A p-chart for weekly recall: center at validation recall, n = this week's positives."""
    while True:
        p0 = int(rng.integers(50, 91)) / 100
        n_scored = int(rng.integers(10, 51)) * 100
        n_pos = int(round(n_scored * rng.uniform(0.1, 0.4)))
        sigma = math.sqrt(p0 * (1 - p0) / n_pos)
        lower = p0 - 3 * sigma
        lower_all = p0 - 3 * math.sqrt(p0 * (1 - p0) / n_scored)     # trap: n = every scored customer
        lower_one = p0 - sigma                                       # trap: one sigma
        if abs(lower - lower_all) > 0.007 and abs(lower - lower_one) > 0.007:
            break
    return {"p0": p0, "q0": 1 - p0, "n_scored": n_scored, "n_pos": n_pos, "sigma": sigma, "lower": lower,
            "lower_all_scored": lower_all, "lower_one_sigma": lower_one}
