"""Generators for threshold and curve questions: small score lists with ties, operating points.

Scores are drawn on a 0.01 grid (so thresholds, rates and costs take many values) with one
positive tied with a negative on purpose (the pair-counting ROC-AUC counts a tie as 1/2), and
the sample is small enough to work by hand.
Every answer comes from :mod:`mlmetrics_edu.curves` and :mod:`mlmetrics_edu.classification`;
the wrong values a question can name as traps are computed next to them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ... import classification as clf
from ... import curves
from . import Redraw, generator


def _pairs_text(y_true, y_score):
    """``"0.90 (+), 0.85 (-), ..."``: the sample sorted by score, high to low."""
    order = np.argsort(-y_score, kind="stable")
    return ", ".join(f"{y_score[i]:.2f} ({'+' if y_true[i] else '-'})" for i in order)


def _draw_scored_sample(rng):
    """10-18 scores on a 0.01 grid, 4-9 positives scored higher on average, with a +/- tie."""
    while True:
        n = int(rng.integers(10, 19))
        n_pos = int(rng.integers(4, min(10, n - 3)))
        y_true = np.r_[np.ones(n_pos, int), np.zeros(n - n_pos, int)]
        centre = np.where(y_true == 1, 0.65, 0.4)
        y_score = np.clip(np.round(centre + rng.normal(0, 0.2, n), 2), 0.02, 0.98)
        neg_sorted = np.sort(y_score[n_pos:])
        y_score[int(rng.integers(n_pos))] = neg_sorted[int(rng.integers(neg_sorted.size // 2, neg_sorted.size))]
        pos, neg = y_score[y_true == 1], y_score[y_true == 0]
        if pos.mean() > neg.mean() and np.unique(y_score).size >= n - 2:
            perm = rng.permutation(n)
            return y_true[perm], y_score[perm]


def _pair_auc(y_true, y_score, tie_value):
    pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    wins = (pos[:, None] > neg[None, :]).sum() + tie_value * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (pos.size * neg.size))


@generator("scored_sample")
def scored_sample(rng):
    """Labels and scores with ties: ROC-AUC, average precision and one operating point."""
    y_true, y_score = _draw_scored_sample(rng)
    pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    # a threshold inside the overlap: some positives fall below it, some negatives reach it
    inside = np.unique(y_score[(y_score > pos.min()) & (y_score <= neg.max())])
    if inside.size == 0:
        raise Redraw("no threshold where both TPR < 1 and FPR > 0")
    threshold = float(inside[int(rng.integers(inside.size))])
    sweep = curves.threshold_sweep(y_true, y_score)
    point = curves.counts_at_threshold(sweep, threshold)
    strict = (y_score > threshold).astype(int)
    precision, recall, _ = curves.precision_recall_curve(y_true, y_score)
    labels_at_half = (y_score >= 0.5).astype(int)
    steps, previous_recall = [], 0.0
    for row in range(len(sweep)):                  # AP = sum of (recall step) x precision
        if sweep.recall[row] > previous_recall:
            steps.append(f"({sweep.recall[row]:.3f} - {previous_recall:.3f}) x {sweep.precision[row]:.3f}")
            previous_recall = sweep.recall[row]
    return {
        "pairs": _pairs_text(y_true, y_score), "n": int(y_true.size),
        "n_pos": int(pos.size), "n_neg": int(neg.size), "n_pairs": int(pos.size * neg.size),
        "wins": int((pos[:, None] > neg[None, :]).sum()),
        "ties": int((pos[:, None] == neg[None, :]).sum()),
        "roc_auc": curves.roc_auc_score(y_true, y_score),
        "average_precision": curves.average_precision_score(y_true, y_score),
        "ap_steps": " + ".join(steps),
        "threshold": threshold,
        "tp": int(point.tp), "fp": int(point.fp), "fn": int(point.fn), "tn": int(point.tn),
        "tpr": point.recall, "fpr": point.fpr, "precision_at": point.precision,
        # the classic wrong values
        "auc_ties_zero": _pair_auc(y_true, y_score, 0.0),
        "auc_ties_one": _pair_auc(y_true, y_score, 1.0),
        "auc_from_labels": curves.roc_auc_score(y_true, labels_at_half),
        "ap_trapezoid": curves.auc(recall, precision),
        "tpr_strict": clf.recall_score(y_true, strict),
        "fpr_strict": float(((strict == 1) & (y_true == 0)).sum() / neg.size),
        "fp_over_all": point.fp / y_true.size,
        "specificity_at": point.specificity,
    }


@generator("recall_target")
def recall_target(rng):
    """The highest threshold that reaches a recall target, and the precision it costs."""
    y_true, y_score = _draw_scored_sample(rng)
    n_pos = int(y_true.sum())
    target = float(rng.choice([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]))
    point = curves.threshold_for_recall(y_true, y_score, target)
    if point.fp == 0:
        raise Redraw("no false positive at the operating point: precision would be 1")
    distinct = np.unique(y_score)[::-1]
    i = int(np.flatnonzero(distinct == point.threshold)[0])
    lower = float(distinct[min(i + 1, distinct.size - 1)])
    return {
        "pairs": _pairs_text(y_true, y_score), "n_pos": n_pos, "target": target,
        "target_pct": 100 * target,
        "threshold": point.threshold, "precision": point.precision, "recall": point.recall,
        "tp": int(point.tp), "fp": int(point.fp), "specificity": point.specificity,
        "next_lower_threshold": lower,
    }


@generator("cost_sample")
def cost_sample(rng):
    """Scores, labels and error costs: the expected cost at a threshold and the best threshold."""
    cost_fp = 1
    while True:  # redraw in the rare case where flagging nothing is cheapest (threshold inf)
        y_true, y_score = _draw_scored_sample(rng)
        cost_fn = int(rng.choice([2, 3, 4, 5, 8, 10]))
        best = curves.cost_optimal_threshold(y_true, y_score, cost_fp=cost_fp, cost_fn=cost_fn,
                                             zero_division=0)
        if np.isfinite(best.threshold):
            break
    distinct = np.unique(y_score)[::-1]
    # a tie at the minimum would need a tie rule the prompt does not state: draw again
    totals = [cost_fp * int(((y_score >= t) & (y_true == 0)).sum()) + cost_fn * int(((y_score < t) & (y_true == 1)).sum())
              for t in distinct] + [cost_fn * int(y_true.sum())]           # ... and 'flag nothing'
    if totals.count(min(totals)) > 1:
        raise Redraw("two thresholds share the minimum cost")
    threshold = float(distinct[int(rng.integers(1, distinct.size - 1))])
    sweep = curves.threshold_sweep(y_true, y_score)
    point = curves.counts_at_threshold(sweep, threshold)
    n = y_true.size
    return {
        "pairs": _pairs_text(y_true, y_score), "n": int(n), "cost_fp": cost_fp, "cost_fn": cost_fn,
        "threshold": threshold, "tp": int(point.tp), "fp": int(point.fp), "fn": int(point.fn),
        "expected_cost": (cost_fp * point.fp + cost_fn * point.fn) / n,
        "best_threshold": best.threshold, "best_cost": best.cost,
        "best_fp": int(best.fp), "best_fn": int(best.fn),
        # traps
        "cost_swapped": (cost_fn * point.fp + cost_fp * point.fn) / n,
        "cost_total": cost_fp * point.fp + cost_fn * point.fn,
    }


@generator("cost_ratio")
def cost_ratio(rng):
    """Error costs -> the cost-optimal threshold on calibrated probabilities."""
    cost_fp = int(rng.integers(1, 21))
    cost_fn = int(rng.integers(2, 501))
    return {
        "cost_fp": cost_fp, "cost_fn": cost_fn,
        "threshold": cost_fp / (cost_fp + cost_fn),
        "inverted": cost_fn / (cost_fp + cost_fn),
        "ratio": cost_fp / cost_fn,
        "default": 0.5,
    }


@generator("roc_point")
def roc_point(rng):
    """A ROC operating point (TPR, FPR) on a rare class: its precision, and with twice the positives."""
    positives = int(rng.integers(1, 11)) * 100            # 100 .. 1,000
    negatives = int(rng.integers(9, 100)) * 1_000         # 9,000 .. 99,000
    tpr = int(rng.integers(70, 100)) / 100
    fpr = int(rng.integers(5, 101)) / 1_000               # 0.5% .. 10%
    tp, fp = round(tpr * positives), round(fpr * negatives)

    def precision(p):
        # the four cells as weighted samples: (true, predicted) = (1,1) x tp, (1,0) x fn, (0,1) x fp, (0,0) x tn
        tp_p = round(tpr * p)
        return clf.precision_score([1, 1, 0, 0], [1, 0, 1, 0],
                                   sample_weight=[tp_p, p - tp_p, fp, negatives - fp])

    return {
        "positives": positives, "negatives": negatives, "tpr": tpr, "fpr": fpr,
        "tpr_pct": 100 * tpr, "fpr_pct": 100 * fpr, "tp": tp, "fp": fp,
        "prevalence": positives / (positives + negatives),
        "precision": precision(positives),
        "precision_doubled": precision(2 * positives),
        "tp_doubled": 2 * tp,
        "specificity": 1 - fpr,
        "prevalence_doubled": 2 * positives / (2 * positives + negatives),
    }


@generator("pr_baseline")
def pr_baseline(rng):
    """Class counts -> the PR-AUC (average precision) of a no-skill scorer: the prevalence.

    A scorer that gives everyone the same score has one operating point, recall 1 at precision
    P / (P + N); a random scorer's PR curve hovers at that precision too (in expectation, for a
    large sample).
    """
    positives = int(rng.integers(5, 300))
    negatives = int(rng.integers(2_000, 20_000))
    y_true = np.r_[np.ones(positives, int), np.zeros(negatives, int)]
    constant = np.full(y_true.size, 0.5)              # a scorer with no information at all
    return {
        "positives": positives, "negatives": negatives, "n": positives + negatives,
        "baseline": curves.average_precision_score(y_true, constant),
        "half": 0.5,
    }


# --------------------------------------------------------------------------- notebook tasks


@lru_cache(maxsize=1)
def _crossing_scenario():
    """Notebook 03's scenario, built once: ``datasets.pedestrian_crossing(seed=0)``."""
    from ... import datasets

    return datasets.pedestrian_crossing(seed=0)


CROSSING_TASK_RECALLS = tuple(k / 100 for k in range(60, 91))          # 60% .. 90%
CROSSING_TASK_PREVALENCES = tuple(k / 1000 for k in range(5, 51))      # 0.5% .. 5.0%, on the slider's grid
# The threshold explorer's grid on this scenario: multiples of its slider step (a test keeps the
# two equal), and the precision its readout shows (four decimals); the answer is graded within
# half of that last digit, far less than one step of the slider moves it.
CROSSING_TASK_STEP = 0.001
CROSSING_TASK_TOLERANCE = 5e-4     # the bank's tolerance: a typed 3-decimal reading passes


@generator("crossing_recall_task")
def crossing_recall_task(rng):
    """The threshold explorer's task in notebook 03, on the notebook's own crossing detector.

    "Set the prevalence slider to pi, drag the threshold down from 0.5 until recall first
    reaches the target: what is the precision?" Dragging stops on the slider's grid (multiples
    of ``CROSSING_TASK_STEP``), so the threshold is the highest *grid* value whose recall reaches
    the target, and the answer is the precision the explorer shows there: counts at that
    threshold (:func:`~mlmetrics_edu.curves.counts_at_threshold`), reweighted to pi exactly as
    the explorer does (each positive counts pi / p times, each negative (1 - pi) / (1 - p) times,
    p the data's prevalence). Recall is a rate within the positives, so pi does not move the
    threshold. A draw where one grid step either way (that flags other frames) shows a precision
    within twice the tolerance of the answer is drawn again: one step off is graded wrong.
    """
    scenario = _crossing_scenario()
    y_true, y_score = scenario.y_true, scenario.y_score
    target = float(rng.choice(CROSSING_TASK_RECALLS))
    prevalence = float(rng.choice(CROSSING_TASK_PREVALENCES))
    data_prevalence = float(y_true.mean())
    weight = np.where(y_true == 1, prevalence / data_prevalence, (1 - prevalence) / (1 - data_prevalence))
    plain = curves.threshold_sweep(y_true, y_score)
    weighted = curves.threshold_sweep(y_true, y_score, sample_weight=weight)
    positives = np.sort(y_score[y_true == 1])
    grid = np.round(np.arange(round(0.5 / CROSSING_TASK_STEP), -1, -1) * CROSSING_TASK_STEP, 3)   # 0.5 downwards
    recall = 1 - np.searchsorted(positives, grid, side="left") / positives.size
    k = int(np.flatnonzero(recall >= target - 1e-12)[0])        # the first grid point dragging down reaches
    threshold = float(grid[k])
    point, at_data = curves.counts_at_threshold(weighted, threshold), curves.counts_at_threshold(plain, threshold)
    early, late = (curves.counts_at_threshold(weighted, float(grid[j])) for j in (k - 1, k + 1))
    for other in (early, late):                                 # one step off flags other frames: wrong
        moved = (other.tp, other.fp) != (point.tp, point.fp)
        if moved and abs(other.precision - point.precision) <= 2 * CROSSING_TASK_TOLERANCE:
            raise Redraw("one slider step away shows nearly the same precision")
    return {
        "target": target, "target_pct": 100 * target, "n_pos": int(y_true.sum()),
        "prevalence": prevalence, "prevalence_pct": 100 * prevalence,
        "data_prevalence_pct": 100 * data_prevalence,
        "threshold": threshold, "recall": at_data.recall, "precision": point.precision,
        "tp": int(at_data.tp), "fp": int(at_data.fp),
        "w_pos": prevalence / data_prevalence, "w_neg": (1 - prevalence) / (1 - data_prevalence),
        "specificity": point.specificity,
        "threshold_before": float(grid[k - 1]), "precision_before": early.precision,
        # traps: the precision at the data's own prevalence (the slider left alone)
        "precision_at_data_prevalence": at_data.precision,
    }
