"""Drill set 06: ranking and retrieval metrics.

A search or recommendation system returns items in order. In the @k drills,
`ranked` is a NumPy array of item ids, best first, and `relevant` an array of the
ids that are actually relevant. In the NDCG drill, `relevance` holds graded
relevance (0, 1, 2, ...) of the items in the order the system ranked them.

    mlmetrics-edu drill check precision-at-k
"""

import numpy as np


def precision_at_k(ranked, relevant, k):
    """A search page shows k results. What fraction of those k slots hold a relevant item?
    If fewer than k items were ranked, the empty slots count as misses. Return a float;
    raise ValueError when k < 1.
    """
    # TODO: count relevant ids among ranked[:k], divide by k.
    raise NotImplementedError


def recall_at_k(ranked, relevant, k):
    """A recommender shows k items. What fraction of all the relevant items made it into
    those k? Return a float; 0.0 when nothing is relevant; raise ValueError when k < 1.
    """
    # TODO: count relevant ids among ranked[:k], divide by the number of relevant ids.
    raise NotImplementedError


def mean_reciprocal_rank(ranked_lists, relevant_lists):
    """A QA system answers many queries. For each, score 1 / (position of the first relevant
    result), positions counted from 1, or 0 when none is relevant; return the mean over all
    queries as a float. Both arguments are lists of NumPy arrays, one per query.
    """
    # TODO: find the first relevant position per query.
    raise NotImplementedError


def ndcg_at_k(relevance, k):
    """Grade a ranking with graded relevance: DCG@k = sum over the top k positions i = 1..k of
    rel_i / log2(i + 1), divided by the DCG@k of the best possible order of all the items.
    Linear gains, as sklearn's ndcg_score. Return a float; 0.0 when nothing is relevant.
    """
    # TODO: DCG of the given order, DCG of the sorted order, divide.
    raise NotImplementedError
