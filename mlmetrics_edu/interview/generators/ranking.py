"""Generators for ranking questions: @k metrics, reciprocal rank, average precision, DCG/NDCG.

Lists are shown to the learner *in ranked order* (rank 1 first); the generator turns that
order into scores (rank 1 gets the highest) and computes every answer with
:mod:`mlmetrics_edu.ranking`. NDCG uses linear gains (``rel_i / log2(i + 1)``), the
convention of the package's ``ndcg_score`` and scikit-learn's; the exponential-gain value
(``2^rel - 1``) is returned as a trap so that the grader can name the convention mix-up.
"""

from __future__ import annotations

import numpy as np

from ... import ranking as rk
from . import Redraw, fmt_list, generator


def _scores_for_order(n):
    """Scores that rank item 0 first, item 1 second, ... (no ties)."""
    return np.arange(n, 0, -1, dtype=float)


@generator("ranked_list")
def ranked_list(rng):
    """12-20 results of one query in ranked order, binary relevance; all relevant items are listed.

    The cutoff k (4-10) always splits the relevant items: some in the top k, some below it, so
    neither precision@k nor recall@k is 0 or 1.
    """
    n = int(rng.integers(12, 21))
    rel = (rng.random(n) < rng.uniform(0.25, 0.55)).astype(int)
    k = int(rng.integers(4, 11))
    if not 3 <= rel.sum() <= 10 or not 0 < rel[:k].sum() < min(k, rel.sum()):
        raise Redraw("the cutoff does not split the relevant items")
    score = _scores_for_order(n)
    ranks = np.flatnonzero(rel) + 1
    precisions = [float(np.mean(rel[:r])) for r in ranks]
    return {
        "rel": " ".join(str(int(r)) for r in rel), "k": k, "n_relevant": int(rel.sum()), "n_results": n,
        "relevant_ranks": fmt_list(ranks.tolist()), "precisions": fmt_list(precisions, 3),
        "hits": int(rel[:k].sum()),
        "p_at_k": rk.precision_at_k(rel, score, k=k),
        "r_at_k": rk.recall_at_k(rel, score, k=k),
        "rr": rk.mean_reciprocal_rank(rel, score),
        "first_rank": int(ranks[0]),
        "ap": rk.mean_average_precision(rel, score),
        # trap: precision averaged over every rank 1..10, relevant or not
        "ap_every_rank": float(np.mean(np.cumsum(rel) / np.arange(1, n + 1))),
    }


@generator("graded_list")
def graded_list(rng):
    """Five results of one query in ranked order, graded relevance 0-3."""
    while True:
        rel = rng.integers(0, 4, size=5)
        if rel.sum() > 0 and np.any(rel != np.sort(rel)[::-1]):
            break
    score = _scores_for_order(5)
    ranks = np.arange(1, 6)
    ideal = np.sort(rel)[::-1]
    discount = 1 / np.log2(ranks + 1)
    exp_dcg = np.sum((2.0**rel - 1) * discount)
    exp_idcg = np.sum((2.0**ideal - 1) * discount)
    # the original Jarvelin-Kekalainen discount: no discount for rank 1, then 1/log2(i)
    jk = np.r_[1.0, 1 / np.log2(ranks[1:])]
    return {
        "rel": fmt_list(rel.tolist()), "ideal": fmt_list(ideal.tolist()),
        "dcg": rk.dcg_score(rel, score),
        "idcg": rk.dcg_score(rel, rel.astype(float)),
        "ndcg": rk.ndcg_score(rel, score),
        "ndcg_at_3": rk.ndcg_score(rel, score, k=3),
        "ndcg_exp": float(exp_dcg / exp_idcg),                 # trap: 2^rel - 1 gains
        "ndcg_log2i": float(np.sum(rel * jk) / np.sum(ideal * jk)),   # trap: log2(i) discount
    }


@generator("mrr_queries")
def mrr_queries(rng):
    """Five queries: the rank of the first relevant result in each (or none in the top 6)."""
    firsts = []
    for _ in range(5):
        firsts.append(None if rng.random() < 0.2 else int(rng.choice([1, 1, 2, 3, 4, 5, 6])))
    if None not in firsts or all(f is None for f in firsts):
        raise Redraw("the worked solution needs a query with no relevant result, and one with one")
    y_true = np.zeros((5, 6), dtype=int)
    for q, f in enumerate(firsts):
        if f is not None:
            y_true[q, f - 1] = 1
    score = np.tile(_scores_for_order(6), (5, 1))
    found = [f for f in firsts if f is not None]
    return {
        "firsts": ", ".join("none" if f is None else str(f) for f in firsts),
        "mrr": rk.mean_reciprocal_rank(y_true, score, zero_division=0),
        "mrr_drop_misses": float(np.mean([1 / f for f in found])),   # trap: misses left out
        "inverse_mean_rank": 1 / float(np.mean(found)),               # trap: 1 / mean rank
        "hit_at_1": rk.precision_at_k(y_true, score, k=1),
    }


@generator("topk_hits")
def topk_hits(rng):
    """8-20 images: the rank at which the true class appears in a classifier's scores (of 10)."""
    n_images = int(rng.integers(8, 21))
    ranks = rng.choice([1, 1, 2, 2, 3, 4, 6], size=n_images)
    n_classes = 10
    y_true = np.arange(n_images) % n_classes
    y_score = np.empty((n_images, n_classes))
    for i, r in enumerate(ranks):
        order = rng.permutation(np.delete(np.arange(n_classes), y_true[i]))
        order = np.insert(order, r - 1, y_true[i])              # the true class sits at rank r
        y_score[i, order] = np.linspace(1.0, 0.1, n_classes)
    return {
        "ranks": fmt_list([int(r) for r in ranks]), "n_images": n_images,
        "top1": rk.top_k_accuracy_score(y_true, y_score, k=1, labels=np.arange(n_classes)),
        "top3": rk.top_k_accuracy_score(y_true, y_score, k=3, labels=np.arange(n_classes)),
        "top5": rk.top_k_accuracy_score(y_true, y_score, k=5, labels=np.arange(n_classes)),
    }
