"""Drill set 06: ranking and retrieval metrics.

A search or recommendation system returns items in order. In the @k drills,
`ranked` is a NumPy array of item ids, best first, and `relevant` an array of the
ids that are actually relevant; MRR and MAP take one such pair per query. In the
NDCG drill, `relevance` holds graded relevance (0, 1, 2, ...) of the items in the
order the system ranked them. Top-k accuracy scores a classifier: one row of class
scores per sample.

    mlmetrics-edu drill check precision-at-k
"""

import numpy as np


def precision_at_k(ranked, relevant, k):
    """A search page shows k results. What fraction of those k slots hold a relevant item?
    If fewer than k items were ranked, the empty slots count as misses. Return a float;
    raise ValueError when k < 1.
    """
    # Graded on these conventions:
    # - precision@k = |ranked[:k] intersect relevant| / k.
    # - Fewer than k items ranked: the empty slots are misses, so still divide by k.
    # - k < 1: raise ValueError. Item ids in `ranked` are distinct.
    # TODO: count relevant ids among ranked[:k], divide by k.
    raise NotImplementedError


def recall_at_k(ranked, relevant, k):
    """A recommender shows k items. What fraction of all the relevant items made it into
    those k? Return a float; 0.0 when nothing is relevant; raise ValueError when k < 1.
    """
    # Graded on these conventions:
    # - recall@k = |ranked[:k] intersect relevant| / |relevant|.
    # - No relevant items: 0.0 (0/0 by convention). k < 1: raise ValueError.
    # - Item ids are distinct within each array.
    # TODO: count relevant ids among ranked[:k], divide by the number of relevant ids.
    raise NotImplementedError


def mean_reciprocal_rank(ranked_lists, relevant_lists):
    """A QA system answers many queries. For each, score 1 / (position of the first relevant
    result), positions counted from 1, or 0 when none is relevant; return the mean over all
    queries as a float. Both arguments are lists of NumPy arrays, one per query.
    """
    # Graded on these conventions:
    # - Per query: 1 / position of the first relevant result, positions counted from 1.
    # - A query with no relevant result scores 0 and still counts in the mean.
    # - At least one query; each query's ranked ids are distinct.
    # TODO: find the first relevant position per query.
    raise NotImplementedError


def ndcg_at_k(relevance, k):
    """Grade a ranking with graded relevance: DCG@k = sum over the top k positions i = 1..k of
    rel_i / log2(i + 1), divided by the DCG@k of the best possible order of all the items.
    Linear gains, as sklearn's ndcg_score. Return a float; 0.0 when nothing is relevant.
    """
    # Graded on these conventions:
    # - DCG@k = sum_{i=1..k} rel_i / log2(i + 1) (linear gain, positions from 1).
    # - Linear gains are scikit-learn's (and mlmetrics_edu's) convention; 2^rel - 1 (Burges et
    #   al.) is a standard variant that weighs top grades more, but it is not the one graded here.
    # - IDCG@k = DCG@k of all the items sorted by relevance, best first; NDCG = DCG / IDCG.
    # - Nothing relevant (IDCG = 0): 0.0. k larger than the list uses the whole list. Matches
    #   sklearn.metrics.ndcg_score for a ranking without ties.
    # TODO: DCG of the given order, DCG of the sorted order, divide.
    raise NotImplementedError


def mean_average_precision(ranked_lists, relevant_lists):
    """A legal-search engine must surface every relevant precedent, not just one. For each
    query, average the precision at the position of each relevant result (dividing by the
    number of relevant items); return the mean over queries as a float. Both arguments are
    lists of NumPy arrays, one per query.
    """
    # Graded on these conventions:
    # - Per query: AP = (1 / |relevant|) * the sum, over the positions i (from 1) that hold a
    #   relevant item, of precision@i.
    # - Relevant items that never appear in the ranking still count in |relevant| (they add 0): AP
    #   divides by all the relevant items, not by those found.
    # - A query with no relevant items scores 0 and still counts; MAP is the plain mean over the
    #   queries. At least one query; ids are distinct within each array.
    # TODO: precision@i at each relevant position, summed and divided per query; then the mean.
    raise NotImplementedError


def top_k_accuracy(y_true, y_score, k):
    """An image classifier shows its k best guesses to a moderator. How often is the true
    class among them? y_score has one column per class. Return the fraction as a float;
    raise ValueError when k < 1.
    """
    # Graded on these conventions:
    # - y_score has shape (n_samples, n_classes); column c scores class c, and y_true holds class
    #   indices 0..n_classes-1.
    # - A sample is a hit when its true class is among the k highest-scored classes; return the
    #   fraction of hits, as sklearn.metrics.top_k_accuracy_score(y_true, y_score, k=k,
    #   labels=range(n_classes)).
    # - k >= n_classes: every sample is a hit (1.0). k < 1: raise ValueError. Rows have no tied
    #   scores.
    # TODO: for each row, is the true class among the k largest scores?
    raise NotImplementedError
