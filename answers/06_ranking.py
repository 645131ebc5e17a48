"""Reference answers for drill set 06 (mirrors drills/06_ranking.py).

precision@k divides by k (missing slots are misses); recall@k by the number of
relevant items (0.0 when there are none); MRR counts positions from 1 and scores a
query without any relevant result 0; NDCG uses linear gains and the log2(i + 1)
discount, as scikit-learn's ndcg_score does for a ranking without ties. MAP divides
each query's sum of precisions by all its relevant items (found or not), as
mlmetrics_edu.ranking.mean_average_precision rescaled; top-k accuracy matches
scikit-learn's top_k_accuracy_score on rows without ties.
"""

import numpy as np


def precision_at_k(ranked, relevant, k):
    """A search page shows k results. What fraction of those k slots hold a relevant item?
    If fewer than k items were ranked, the empty slots count as misses. Return a float;
    raise ValueError when k < 1.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    hits = np.isin(np.asarray(ranked)[:k], relevant).sum()  # relevant items shown
    return float(hits / k)  # divide by k, not by how many items happened to be ranked


def recall_at_k(ranked, relevant, k):
    """A recommender shows k items. What fraction of all the relevant items made it into
    those k? Return a float; 0.0 when nothing is relevant; raise ValueError when k < 1.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    relevant = np.unique(relevant)
    if relevant.size == 0:
        return 0.0  # nothing to find: 0/0, answered 0.0
    hits = np.isin(np.asarray(ranked)[:k], relevant).sum()
    return float(hits / relevant.size)  # the denominator is everything relevant, shown or not


def mean_reciprocal_rank(ranked_lists, relevant_lists):
    """A QA system answers many queries. For each, score 1 / (position of the first relevant
    result), positions counted from 1, or 0 when none is relevant; return the mean over all
    queries as a float. Both arguments are lists of NumPy arrays, one per query.
    """
    scores = []
    for ranked, relevant in zip(ranked_lists, relevant_lists):  # a loop over queries, not samples
        hits = np.flatnonzero(np.isin(ranked, relevant))
        # hits[0] is a 0-based index: the first relevant item sits at position hits[0] + 1.
        scores.append(1.0 / (hits[0] + 1) if hits.size else 0.0)
    return float(np.mean(scores))  # queries without a hit count as 0, they are not skipped


def ndcg_at_k(relevance, k):
    """Grade a ranking with graded relevance: DCG@k = sum over the top k positions i = 1..k of
    rel_i / log2(i + 1), divided by the DCG@k of the best possible order of all the items.
    Linear gains, as sklearn's ndcg_score. Return a float; 0.0 when nothing is relevant.
    """
    rel = np.asarray(relevance, dtype=float)
    discount = 1 / np.log2(np.arange(2, rel.size + 2))  # position 1 -> 1/log2(2) = 1
    dcg = np.sum(rel[:k] * discount[:k])
    ideal = np.sort(rel)[::-1]  # the best order of *all* items, then cut at k
    idcg = np.sum(ideal[:k] * discount[:k])
    if idcg == 0:
        return 0.0  # nothing relevant: every order is as good as the best one
    return float(dcg / idcg)


def mean_average_precision(ranked_lists, relevant_lists):
    """A legal-search engine must surface every relevant precedent, not just one. For each
    query, average the precision at the position of each relevant result (dividing by the
    number of relevant items); return the mean over queries as a float. Both arguments are
    lists of NumPy arrays, one per query.
    """
    average_precisions = []
    for ranked, relevant in zip(ranked_lists, relevant_lists):
        relevant = np.unique(relevant)
        if relevant.size == 0:
            average_precisions.append(0.0)  # nothing to find: 0, and the query still counts
            continue
        hit = np.isin(ranked, relevant)
        # precision@i for every position i = 1..len(ranked): hits so far / i
        precision_at = np.cumsum(hit) / np.arange(1, len(ranked) + 1)
        # Sum at the relevant positions only, divided by *all* relevant items: one that the
        # ranking missed contributes 0 but still counts in the denominator.
        average_precisions.append(float(np.sum(precision_at[hit]) / relevant.size))
    return float(np.mean(average_precisions))


def top_k_accuracy(y_true, y_score, k):
    """An image classifier shows its k best guesses to a moderator. How often is the true
    class among them? y_score has one column per class. Return the fraction as a float;
    raise ValueError when k < 1.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    true_score = y_score[np.arange(y_true.size), y_true]  # each row's score for its true class
    # The true class is in the top k exactly when fewer than k classes beat it
    # (no ties within a row, so "beat" is unambiguous).
    n_better = np.sum(y_score > true_score[:, None], axis=1)
    return float(np.mean(n_better < k))
