"""Ranking metrics: how well do the scores put the relevant items first?

Every metric here except :func:`top_k_accuracy_score` takes a *matrix* of queries:
row ``q`` of ``y_true`` holds the (binary or graded, non-negative) relevance of the
items of query ``q`` and the same row of ``y_score`` holds the scores a model gave
them, as in scikit-learn's ``ndcg_score``. A single query may be passed as two 1-D
arrays. Each metric is computed per query and then averaged over queries, so
``sample_weight`` weights *queries*.

Ties in ``y_score`` are averaged: a run of tied scores has no order, so DCG, NDCG,
precision@k, recall@k and MRR take their expected value over a uniformly random
order of the tied items (scikit-learn's ``ndcg_score`` default; McSherry & Najork,
ECIR 2008). Two follow scikit-learn's own convention instead: MAP treats a tie as one
step of the precision-recall curve (``average_precision_score``), and top-k accuracy
ranks a tied later column first. Nothing here loops over queries: one sort (or one
partition) handles every query at once.

Deliberate differences from scikit-learn, everywhere in this module: invalid input raises
:class:`MetricInputError` (a ``ValueError``) with our own message. Any other difference is
stated in the docstring of the function it concerns.

Two more families follow the ranking metrics, because a recommender is not judged by hits
alone. **Beyond accuracy** (lists of item ids, one row per user): :func:`catalog_coverage`,
:func:`intra_list_diversity`, :func:`novelty`, and popularity bias as
:func:`average_recommendation_popularity` and :func:`long_tail_share`. **Online and
counterfactual evaluation**: a position-based click model (:func:`examination_probability`,
:func:`simulate_clicks`), team-draft interleaving (:func:`team_draft_interleave`,
:func:`interleaving_preference`), and a new policy's value estimated from an old policy's logs
(:func:`ips_estimate`, :func:`snips_estimate`, with clipping).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import (
    MetricInputError,
    UndefinedMetricWarning,
    as_1d,
    as_float_array,
    check_consistent_length,
    check_finite,
    check_option,
    check_probabilities,
    check_sample_weight,
    divide,
    rng_from_seed,
    warn_undefined,
    warn_user,
)

__all__ = [
    "dcg_score",
    "ndcg_score",
    "precision_at_k",
    "recall_at_k",
    "mean_reciprocal_rank",
    "mean_average_precision",
    "top_k_accuracy_score",
    # beyond accuracy
    "average_recommendation_popularity",
    "catalog_coverage",
    "intra_list_diversity",
    "long_tail_share",
    "novelty",
    # online and counterfactual evaluation
    "examination_probability",
    "interleaving_preference",
    "ips_estimate",
    "simulate_clicks",
    "snips_estimate",
    "team_draft_interleave",
]


# --------------------------------------------------------------------------- shared checks


def _check_queries(y_true, y_score, sample_weight, *, min_items=1, non_negative=True):
    """Validate a (n_queries, n_items) pair; a 1-D pair is one query."""
    y_true = as_float_array(y_true, "y_true", ndim=(1, 2))
    y_score = as_float_array(y_score, "y_score", ndim=(1, 2))
    if y_true.ndim != y_score.ndim:
        raise MetricInputError(
            f"y_true is {y_true.ndim}-D but y_score is {y_score.ndim}-D; pass both as "
            "(n_queries, n_items) arrays, or both 1-D for a single query"
        )
    if y_true.shape != y_score.shape:
        raise MetricInputError(
            f"y_true and y_score differ in shape: {y_true.shape} != {y_score.shape}"
        )
    if y_true.ndim == 1:
        y_true, y_score = y_true[np.newaxis], y_score[np.newaxis]
    if y_true.shape[1] < min_items:
        raise MetricInputError(
            f"y_true has {y_true.shape[1]} item(s) per query; ranking needs at least {min_items}"
        )
    if non_negative and y_true.min() < 0:
        raise MetricInputError(
            f"y_true must hold non-negative relevance, got a minimum of {y_true.min():g}"
        )
    weight = check_sample_weight(sample_weight, y_true.shape[0])
    if weight is not None and weight.sum() == 0:
        raise MetricInputError("sample_weight sums to zero; at least one query needs weight")
    return y_true, y_score, weight


def _check_k(k, n_items, *, clip=False):
    """``k`` must be a positive integer; beyond ``n_items`` it is clipped or refused."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise MetricInputError(f"k must be a positive integer, got {k!r}")
    if k > n_items and not clip:
        raise MetricInputError(f"k={k} exceeds the {n_items} items per query; use k <= {n_items}")
    return min(int(k), n_items)


def _per_query_ratio(numerator, denominator, zero_division, what):
    """``numerator / denominator`` per query; nothing relevant (0/0) follows zero_division."""
    value = divide(numerator, denominator, zero_division=zero_division, warn=False)
    n_undefined = int(np.count_nonzero(denominator == 0))
    if n_undefined and isinstance(zero_division, str):
        warn_undefined(
            f"{what} is undefined for {n_undefined} query(ies) with no relevant item and set "
            "to 0.0. Pass zero_division=0, 1 or np.nan to choose the value and silence this "
            "warning.",
        )
    return value


def _average_queries(values, weight):
    """Weighted mean over queries; NaN (zero_division=np.nan) queries are left out."""
    weight = np.ones_like(values) if weight is None else weight
    defined = ~np.isnan(values)
    total = weight[defined].sum()
    return float(weight[defined] @ values[defined] / total) if total > 0 else float("nan")


def _tie_groups(score_sorted):
    """Runs of tied scores in each row sorted best first: flat start, row, first column, size."""
    n, m = score_sorted.shape
    new_group = np.empty((n, m), dtype=bool)
    new_group[:, 0] = True  # a group never spans two queries
    np.not_equal(score_sorted[:, 1:], score_sorted[:, :-1], out=new_group[:, 1:])
    row, first = np.nonzero(new_group)
    start = row * m + first
    size = np.diff(start, append=n * m)
    return start, row, first, size


# --------------------------------------------------------------------------- DCG / NDCG


def _discount(n_items, k, log_base):
    discount = np.log(log_base) / np.log(np.arange(2, n_items + 2))  # 1 / log_b(rank + 1)
    discount[k:] = 0.0  # only the top k ranks count
    return discount


def _dcg_per_query(y_true, y_score, discount, ignore_ties):
    n, m = y_true.shape
    order = np.argsort(y_score, axis=1)[:, ::-1]  # best score first
    gain = np.take_along_axis(y_true, order, axis=1)
    if ignore_ties:
        return gain @ discount
    # Sorting the scores again is cheaper than gathering them through `order`.
    start, row, first, size = _tie_groups(np.sort(y_score, axis=1)[:, ::-1])
    if start.size == n * m:  # no ties at all: every group is one item
        return gain @ discount
    # Every item of a tied group gets the group's mean gain; the group spans ranks
    # first .. first + size - 1 and so collects the sum of their discounts.
    mean_gain = np.add.reduceat(gain.ravel(), start) / size
    discount_cumsum = np.concatenate(([0.0], np.cumsum(discount)))
    group_discount = discount_cumsum[first + size] - discount_cumsum[first]
    return np.bincount(row, weights=mean_gain * group_discount, minlength=n)


def dcg_score(y_true, y_score, *, k=None, log_base=2, sample_weight=None, ignore_ties=False):
    """Discounted cumulative gain: relevance summed down the ranking with a log discount.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Relevance of each item (binary or graded). A 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items of each query, highest first.
    k : int, default=None
        Count only the top ``k`` ranks; ``None`` (or any ``k >= n_items``) counts all.
    log_base : float > 1, default=2
        Base of the logarithm in the discount; smaller means a sharper discount. Bases <= 1
        raise ``MetricInputError`` (scikit-learn accepts them and returns 0 or a negative DCG).
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.
    ignore_ties : bool, default=False
        Sort without averaging ties: faster, but arbitrary when scores tie.

    Returns
    -------
    float
        Mean DCG over queries.

    Notes
    -----
    **Formula**: ``DCG@k = sum_{i=1..k} rel_i / log_b(i + 1)``, with ``rel_i`` the
    relevance of the item ranked ``i``-th by ``y_score``.

    **Intuition**: how much relevance did the ranking deliver, counting what comes
    first most? The unit is relevance, so values are not comparable across queries.

    **Interview note**: DCG grows with the number and grade of relevant items, so a
    query with many relevant documents dominates the mean -- that is why NDCG divides
    by the best achievable DCG.

    **Edge cases**: tied scores share their group's mean relevance over the ranks the
    group occupies (the expected DCG under a random order of the tie). Negative
    relevance is allowed here, unlike in :func:`ndcg_score`. Each query needs at least
    two items (as in scikit-learn); differs from scikit-learn: a 1-D pair is accepted
    as one query.

    See Also
    --------
    ndcg_score : DCG divided by the ideal DCG, in [0, 1] and comparable across queries.
    precision_at_k : the undiscounted, binary special case (a count in the top k).

    Examples
    --------
    >>> dcg_score([[3, 2, 0, 1]], [[0.9, 0.8, 0.1, 0.4]])
    4.76
    >>> dcg_score([[3, 2, 0, 1]], [[0.9, 0.8, 0.1, 0.4]], k=2)
    4.26
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight, min_items=2,
                                             non_negative=False)
    k = y_true.shape[1] if k is None else _check_k(k, y_true.shape[1], clip=True)
    if not isinstance(log_base, numbers.Real) or isinstance(log_base, bool) or not 1 < log_base < np.inf:
        # log_b(rank + 1) must grow with the rank: base 1 divides by log(1) = 0, a base below 1
        # makes every discount negative (scikit-learn accepts both and returns 0 or < 0).
        raise MetricInputError(f"log_base must be a number > 1, got {log_base!r}")
    discount = _discount(y_true.shape[1], k, log_base)
    return float(np.average(_dcg_per_query(y_true, y_score, discount, ignore_ties),
                            weights=weight))


def ndcg_score(y_true, y_score, *, k=None, sample_weight=None, ignore_ties=False):
    """Normalized DCG: the DCG of the ranking divided by the DCG of the ideal ranking.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Non-negative relevance of each item. A 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items of each query, highest first.
    k : int, default=None
        Count only the top ``k`` ranks; ``None`` (or any ``k >= n_items``) counts all.
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.
    ignore_ties : bool, default=False
        Sort without averaging ties: faster, but arbitrary when scores tie.

    Returns
    -------
    float
        Mean NDCG over queries, in [0, 1].

    Notes
    -----
    **Formula**: ``NDCG@k = DCG@k(y_score) / DCG@k(ideal)``, where the ideal ranking
    sorts the items by their true relevance (see :func:`dcg_score`).

    **Intuition**: what fraction of the best achievable discounted relevance did this
    ranking reach? 1 means no reordering could do better.

    **Interview note**: the ideal DCG is computed with the *same* ``k``, so a perfect
    top-k scores 1 even if the tail is wrong; and NDCG rewards graded relevance, which
    precision@k and MAP (binary) cannot see.

    **Edge cases**: a query with no relevant item (ideal DCG 0) scores 0, as in
    scikit-learn. Tied scores are averaged as in :func:`dcg_score`. Negative relevance
    and queries of one item are refused. Differs from scikit-learn: a 1-D pair is
    accepted as one query.

    See Also
    --------
    dcg_score : the unnormalized gain, in units of relevance.
    mean_average_precision : for binary relevance, rewards every relevant item's rank.

    Examples
    --------
    >>> ndcg_score([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]])
    0.6956
    >>> ndcg_score([[10, 0, 0, 1, 5]], [[1, 0, 0, 0, 1]], k=1)  # the tie averages 10 and 5
    0.75
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight, min_items=2)
    k = y_true.shape[1] if k is None else _check_k(k, y_true.shape[1], clip=True)
    discount = _discount(y_true.shape[1], k, 2)
    gain = _dcg_per_query(y_true, y_score, discount, ignore_ties)
    # The ideal order sorts by the truth itself; ties there cannot change the gain.
    ideal = np.sort(y_true, axis=1)[:, ::-1] @ discount
    ndcg = np.divide(gain, ideal, out=np.zeros_like(gain), where=ideal > 0)
    return float(np.average(ndcg, weights=weight))


# --------------------------------------------------------------------------- @k metrics


def _expected_hits_at_k(relevant, y_score, k):
    """Expected number of relevant items in the top k, ties broken uniformly at random."""
    m = y_score.shape[1]
    kth = np.partition(y_score, m - k, axis=1)[:, m - k, np.newaxis]  # k-th best score
    above = y_score > kth  # surely in the top k
    tied = y_score == kth  # compete for the k - n_above places left
    n_above, n_tied = above.sum(axis=1), tied.sum(axis=1)
    return (above & relevant).sum(axis=1) + (tied & relevant).sum(axis=1) * (k - n_above) / n_tied


def precision_at_k(y_true, y_score, *, k, sample_weight=None):
    """Precision@k: the fraction of the top k items that are relevant, averaged over queries.

    Not in scikit-learn. An item is relevant when its ``y_true`` is > 0.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Non-negative relevance; a 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items, highest first.
    k : int
        Size of the cut-off, ``1 <= k <= n_items`` (a larger ``k`` is refused).
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.

    Returns
    -------
    float
        Mean precision@k over queries, in [0, 1].

    Notes
    -----
    **Formula**: ``P@k = |relevant items in the top k| / k``.

    **Intuition**: of the k results the user sees, how many are useful?

    **Interview note**: precision@k is capped at ``R / k`` for a query with only ``R``
    relevant items (R < k), so a perfect ranking may score below 1; it also ignores
    the order inside the top k.

    **Edge cases**: when tied scores straddle the k-th place, the free places go to a
    uniformly random subset of the tie, so each tied relevant item counts
    ``places / tie size`` (the expected precision); without ties it is the plain
    count. Always defined (the denominator is k). ``k > n_items`` is refused rather
    than guessing whether to divide by k or by n_items.

    See Also
    --------
    recall_at_k : divides the same count by the number of relevant items.
    ndcg_score : also rewards order inside the top k and graded relevance.

    Examples
    --------
    >>> precision_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=2)
    0.5
    >>> precision_at_k([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1], k=2)  # one place, two tied
    0.75
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight)
    k = _check_k(k, y_true.shape[1])
    precision = _expected_hits_at_k(y_true > 0, y_score, k) / k
    return _average_queries(precision, weight)


def recall_at_k(y_true, y_score, *, k, sample_weight=None, zero_division="warn"):
    """Recall@k: the fraction of a query's relevant items found in its top k, averaged.

    Not in scikit-learn. An item is relevant when its ``y_true`` is > 0.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Non-negative relevance; a 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items, highest first.
    k : int
        Size of the cut-off, ``1 <= k <= n_items`` (a larger ``k`` is refused).
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value for a query with no relevant item; ``"warn"`` uses 0 and warns. NaN
        queries are left out of the mean (as scikit-learn's averages do).

    Returns
    -------
    float
        Mean recall@k over queries, in [0, 1].

    Notes
    -----
    **Formula**: ``R@k = |relevant items in the top k| / |relevant items|``.

    **Intuition**: did the top k catch what the user needs -- the question a retrieval
    stage that feeds a re-ranker cares about.

    **Interview note**: recall@k always reaches 1 at ``k = n_items``; report it at a
    fixed, small k, next to precision@k.

    **Edge cases**: a query with no relevant item is 0/0 and follows
    ``zero_division``. Ties straddling the k-th place count as in
    :func:`precision_at_k` (the expected value under a random order of the tie).

    See Also
    --------
    precision_at_k : divides the same count by k instead.
    mean_average_precision : recall and precision at every relevant item's rank.

    Examples
    --------
    >>> recall_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=2)
    0.5
    >>> recall_at_k([[1, 0, 1, 0], [0, 0, 0, 0]], [[4, 3, 2, 1], [4, 3, 2, 1]], k=3,
    ...             zero_division=np.nan)
    1.0
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight)
    k = _check_k(k, y_true.shape[1])
    relevant = y_true > 0
    hits = _expected_hits_at_k(relevant, y_score, k)
    recall = _per_query_ratio(hits, relevant.sum(axis=1), zero_division, "recall@k")
    return _average_queries(recall, weight)


def mean_reciprocal_rank(y_true, y_score, *, sample_weight=None, zero_division="warn"):
    """Mean reciprocal rank: 1 / the rank of the first relevant item, averaged over queries.

    Not in scikit-learn (its ``label_ranking_average_precision_score`` is a different
    metric). An item is relevant when its ``y_true`` is > 0.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Non-negative relevance; a 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items, highest first.
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value for a query with no relevant item; ``"warn"`` uses 0 and warns. NaN
        queries are left out of the mean.

    Returns
    -------
    float
        MRR, in [0, 1].

    Notes
    -----
    **Formula**: ``MRR = mean_q 1 / rank_q``, ``rank_q`` the 1-based rank of query q's
    best-ranked relevant item.

    **Intuition**: how far must the user read before the first useful answer? Fits
    question answering and navigational search, where one hit is enough.

    **Interview note**: MRR ignores every relevant item after the first, and it is
    not linear in rank: moving a hit from rank 1 to 2 costs 0.5, from 10 to 11
    under 0.01.

    **Edge cases**: ties are averaged like :func:`ndcg_score`: if ``a`` items score
    above the best relevant score and ``g`` items (``r`` of them relevant) tie with it,
    the first relevant item sits at rank ``a + 1 + X``, where X, the irrelevant tied
    items drawn first, has ``P(X >= x) = prod_{i<x} (g - r - i) / (g - i)``; we
    return ``E[1 / (a + 1 + X)]``, exact, so MRR stays consistent with the other
    tie-averaged metrics. A query with no relevant item follows ``zero_division``.

    See Also
    --------
    mean_average_precision : counts every relevant item, not only the first.
    precision_at_k : with k = 1 it is the share of queries whose top item is relevant.

    Examples
    --------
    >>> mean_reciprocal_rank([[0, 1, 0], [1, 0, 1]], [[0.9, 0.8, 0.1], [0.7, 0.9, 0.1]])
    0.5
    >>> mean_reciprocal_rank([0, 1, 0], [0.5, 0.5, 0.1])  # rank 1 or 2, equally likely
    0.75
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight)
    relevant = y_true > 0
    best = np.where(relevant, y_score, -np.inf).max(axis=1, keepdims=True)
    n_above = (y_score > best).sum(axis=1, keepdims=True)
    tied = y_score == best  # the group holding the best-ranked relevant item
    g = tied.sum(axis=1, keepdims=True)
    r = (tied & relevant).sum(axis=1, keepdims=True)
    # X = irrelevant tied items placed before the first relevant one: x = 0 .. g - r.
    x = np.arange((g - r).max() + 1)
    room = np.maximum(g - x, 1)  # tied items still unplaced after x draws (>= 1 where it matters)
    p_next_irrelevant = np.maximum(g - r - x, 0) / room
    p_at_least = np.cumprod(np.hstack([np.ones_like(g, float), p_next_irrelevant[:, :-1]]), axis=1)
    p_exactly = p_at_least * r / room  # after x irrelevant draws, the next one is relevant
    reciprocal_rank = (p_exactly / (n_above + 1 + x)).sum(axis=1)
    rr = _per_query_ratio(reciprocal_rank, relevant.any(axis=1), zero_division,
                          "reciprocal rank")
    return _average_queries(rr, weight)


def mean_average_precision(y_true, y_score, *, k=None, sample_weight=None,
                           zero_division="warn"):
    """Mean average precision: precision at each relevant item's rank, averaged twice.

    Not in scikit-learn as a ranking metric; without ``k`` it equals the mean over
    queries of ``average_precision_score(y_true[q] > 0, y_score[q])``. An item is
    relevant when its ``y_true`` is > 0.

    Parameters
    ----------
    y_true : array-like of shape (n_queries, n_items) or (n_items,)
        Non-negative relevance; a 1-D pair is a single query.
    y_score : array-like of the same shape
        Scores that rank the items, highest first.
    k : int, default=None
        Count only relevant items in the top ``k`` (AP@k), ``1 <= k <= n_items``
        (a larger ``k`` is refused); ``None`` counts the whole ranking.
    sample_weight : array-like of shape (n_queries,), default=None
        Weight of each query in the average.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value for a query with no relevant item; ``"warn"`` uses 0 and warns. NaN
        queries are left out of the mean.

    Returns
    -------
    float
        MAP, in [0, 1].

    Notes
    -----
    **Formula**: ``AP = (1 / R) * sum_{relevant i} P@rank(i)`` with R the number of
    relevant items of the query (all of them, also with k); ``MAP = mean_q AP_q``.

    **Intuition**: the area under the query's precision-recall curve: is every
    relevant item ranked high, not only the first?

    **Interview note**: AP divides by *all* relevant items, so one relevant item
    ranked last still pulls AP down; it uses binary relevance only (NDCG for grades).

    **Edge cases**: a run of tied scores is one step, as in scikit-learn's
    ``average_precision_score``: its relevant items all get the precision at the end
    of the tie. With ``k`` inside a tie the step is cut at k: it adds the tie's
    expected relevant items in the top k, at the (expected) precision@k. A query with
    no relevant item follows ``zero_division``.

    See Also
    --------
    mean_reciprocal_rank : only the first relevant item counts.
    ndcg_score : graded relevance with a smooth log discount.

    Examples
    --------
    >>> mean_average_precision([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]])  # (1/1 + 2/3) / 2
    0.8333
    >>> mean_average_precision([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=2)  # (1/1) / 2
    0.5
    """
    y_true, y_score, weight = _check_queries(y_true, y_score, sample_weight)
    n, m = y_true.shape
    k = m if k is None else _check_k(k, m)
    relevant = y_true > 0
    order = np.argsort(y_score, axis=1)[:, ::-1]  # best score first
    relevant_sorted = np.take_along_axis(relevant, order, axis=1)
    start, row, first, size = _tie_groups(np.sort(y_score, axis=1)[:, ::-1])
    r = np.add.reduceat(relevant_sorted.ravel(), start, dtype=np.int64)  # relevant per tie
    tp_through = np.cumsum(relevant_sorted, axis=1).ravel()[start + size - 1]
    end = np.minimum(first + size, k)  # the step ends at the tie's end, or at k
    share = np.clip((end - first) / size, 0.0, 1.0)  # of the tie inside the top k
    precision_at_end = (tp_through - r + r * share) / end
    ap_sum = np.bincount(row, weights=r * share * precision_at_end, minlength=n)
    ap = _per_query_ratio(ap_sum, relevant.sum(axis=1), zero_division, "average precision")
    return _average_queries(ap, weight)


# --------------------------------------------------------------------------- top-k accuracy


def _present_classes(y_true):
    """Sorted distinct labels of y_true (a bincount for small non-negative ints).

    Refuses a continuous target, as scikit-learn's ``type_of_target`` would.
    """
    if y_true.dtype.kind not in "biufUS":
        raise MetricInputError(f"y_true must hold numbers or strings, got dtype {y_true.dtype}")
    check_finite(y_true, "y_true")
    if y_true.dtype.kind in "iu" and y_true.min() >= 0 and y_true.max() < 4 * y_true.size + 1024:
        return np.flatnonzero(np.bincount(y_true)).astype(y_true.dtype)
    classes = np.unique(y_true)
    if classes.dtype.kind == "f" and (classes != np.floor(classes)).any():
        raise MetricInputError("y_true must hold class labels, got a continuous target")
    return classes


def _check_top_k_labels(present, labels, n_columns):
    """The classes that the columns of y_score stand for, checked like scikit-learn."""
    if labels is None:
        if present.size != n_columns:
            raise MetricInputError(
                f"y_true holds {present.size} classes but y_score has {n_columns} columns; "
                "pass labels=... listing every class in column order"
            )
        return present
    if (labels.dtype.kind in "US") != (present.dtype.kind in "US"):
        raise MetricInputError("y_true and labels mix label types (strings and numbers)")
    classes = np.unique(labels)
    if classes.size != labels.size:
        raise MetricInputError("labels must be unique")
    if not np.array_equal(classes, labels):
        raise MetricInputError("labels must be sorted, in the order of the columns of y_score")
    if classes.size != n_columns:
        raise MetricInputError(
            f"labels holds {classes.size} classes but y_score has {n_columns} columns"
        )
    if np.setdiff1d(present, classes).size:
        raise MetricInputError("y_true contains labels that are not in labels")
    return classes


def top_k_accuracy_score(y_true, y_score, *, k=2, normalize=True, sample_weight=None,
                         labels=None):
    """Top-k accuracy: the share of samples whose true class is among the k best scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels (numbers or strings).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: the score of the greater label. Multiclass: one column per class, in
        the sorted order of the classes (or of ``labels``).
    k : int, default=2
        How many of the best-scored classes count as a hit.
    normalize : bool, default=True
        Return the (weighted) fraction of hits; ``False`` returns their (weighted) count.
    sample_weight : array-like of shape (n_samples,), default=None
        Weight of each sample.
    labels : array-like, default=None
        Every class, sorted; needed when ``y_true`` misses some columns of ``y_score``.

    Returns
    -------
    float
        Fraction (or count) of samples hit.

    Notes
    -----
    **Formula**: ``mean_i [ rank_i(y_i) <= k ]``, ``rank_i(c)`` the position of class c
    when sample i's scores are sorted from best to worst.

    **Intuition**: is the right answer on the shortlist of k? Natural when a person
    (or a later stage) picks from k suggestions.

    **Interview note**: ``k=1`` is plain accuracy; ``k >= n_classes`` is always 1 and
    warns. In the binary case, ``k=1`` thresholds the score at 0.5 if every score is
    in [0, 1] and at 0 otherwise; any ``k >= 2`` is a hit.

    **Edge cases**: ties are *not* averaged, to match scikit-learn: among tied scores
    the class that comes later in the column order ranks first. A ``y_true`` class
    missing from ``labels`` is refused. Differs from scikit-learn: a single-column 2-D
    ``y_true`` or ``y_score`` is refused rather than flattened.

    See Also
    --------
    ndcg_score : graded, position-discounted relevance instead of a yes/no hit.
    recall_at_k : the same idea for queries with several relevant items.

    Examples
    --------
    >>> y_true = [0, 1, 2, 2]
    >>> y_score = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]
    >>> top_k_accuracy_score(y_true, y_score, k=2)
    0.75
    >>> top_k_accuracy_score(y_true, y_score, k=2, normalize=False)
    3.0
    """
    y_true = as_1d(y_true, "y_true")
    present = _present_classes(y_true)
    labels = None if labels is None else as_1d(labels, "labels")
    binary = present.size <= 2 and (labels is None or labels.size <= 2)
    y_score = as_float_array(y_score, "y_score", ndim=(1, 2))
    if binary and y_score.ndim == 2:
        raise MetricInputError(
            f"y_true holds at most two classes but y_score is 2-D with {y_score.shape[1]} "
            "column(s); pass labels=... listing every class, or 1-D scores for binary"
        )
    if not binary and y_score.ndim != 2:
        raise MetricInputError(
            "y_score must be 2-D of shape (n_samples, n_classes) when y_true is multiclass, "
            f"got shape {y_score.shape}"
        )
    check_consistent_length(("y_true", y_true), ("y_score", y_score))
    weight = check_sample_weight(sample_weight, y_true.shape[0])
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise MetricInputError(f"k must be a positive integer, got {k!r}")
    classes = _check_top_k_labels(present, labels, 2 if binary else y_score.shape[1])
    if k >= classes.size:
        warn_user(
            f"k={k} >= the {classes.size} classes: every sample is a hit, so top-k accuracy "
            "is 1 and says nothing; use a smaller k.",
            UndefinedMetricWarning,
        )
    if y_true.dtype.kind in "iu" and np.array_equal(classes, np.arange(classes.size)):
        code = y_true  # labels 0 .. C-1 are already column indices
    else:
        code = np.searchsorted(classes, y_true)  # column of each sample's true class

    if binary:
        threshold = 0.5 if y_score.min() >= 0 and y_score.max() <= 1 else 0.0
        hit = (y_score > threshold) == code if k == 1 else np.ones(y_true.shape, dtype=bool)
    else:
        n, n_classes = y_score.shape
        true_score = y_score.ravel()[np.arange(n) * n_classes + code]
        n_ahead = (y_score > true_score[:, np.newaxis]).sum(axis=1)  # beat the true class
        # Ties (scikit-learn's convention): a tied class in a later column ranks ahead.
        # Only samples not already missed can be changed by them.
        open_ = np.flatnonzero(n_ahead < k)
        tied = y_score[open_] == true_score[open_, np.newaxis]
        later = np.arange(n_classes) > code[open_, np.newaxis]
        n_ahead[open_] += (tied & later).sum(axis=1)
        hit = n_ahead < k

    if normalize:
        if weight is not None and weight.sum() == 0:
            raise MetricInputError("sample_weight sums to zero; cannot normalize")
        return float(np.average(hit, weights=weight))
    return float(hit.sum() if weight is None else hit @ weight)


# =========================================================================== beyond accuracy
# A recommender judged only on hits can recommend the same hundred bestsellers to everyone.
# These ask what the lists look like as a whole: how much of the catalogue they use
# (coverage), how varied each list is (diversity), how unexpected the items are (novelty),
# and how much they lean on what is already popular (popularity bias). Lists are a 2-D
# array of item ids, one row per user, best first: ``recommendations[u, j]`` is the item
# in position j of user u's list.


def _check_lists(recommendations, n_items, *, min_length=1):
    """Validate a (n_users, list_length) array of item ids in [0, n_items); 1-D is one list."""
    if isinstance(n_items, bool) or not isinstance(n_items, numbers.Integral) or n_items < 1:
        raise MetricInputError(f"n_items must be a positive integer, got {n_items!r}")
    lists = as_float_array(recommendations, "recommendations", ndim=(1, 2))
    if lists.ndim == 1:
        lists = lists[np.newaxis]
    if lists.shape[1] < min_length:
        raise MetricInputError(f"recommendations has lists of {lists.shape[1]} item(s); this metric "
                               f"needs at least {min_length}")
    if (lists != np.floor(lists)).any() or lists.min() < 0 or lists.max() >= n_items:
        raise MetricInputError(f"recommendations must hold item ids, integers in [0, n_items={n_items}), "
                               f"got values in [{lists.min():g}, {lists.max():g}]")
    lists = lists.astype(np.int64)
    if lists.shape[1] > 1:
        s = np.sort(lists, axis=1)
        if (s[:, 1:] == s[:, :-1]).any():
            raise MetricInputError("recommendations repeats an item within a list; a list shows each "
                                   "item once")
    return lists


def _check_counts(item_counts, name="item_counts"):
    counts = as_float_array(item_counts, name)
    if (counts < 0).any():
        raise MetricInputError(f"{name} must be >= 0, got a minimum of {counts.min():g}")
    return counts


def catalog_coverage(recommendations, n_items):
    """Catalogue coverage: the share of all items that appear in at least one list.

    Parameters
    ----------
    recommendations : array-like of shape (n_users, list_length) or (list_length,)
        Item ids (integers in ``[0, n_items)``), one row per user.
    n_items : int
        Size of the catalogue.

    Returns
    -------
    float
        In (0, 1].

    Notes
    -----
    **Formula**: ``coverage = |union_u L_u| / |I|``, ``L_u`` the items of user u's list.

    **Intuition**: how much of the catalogue does the recommender ever show anyone?

    **Interview note**: a model that recommends the same bestsellers to everyone can win
    precision@k offline and cover 1% of the catalogue; coverage catches that, but it is
    blind to *how often* each item is shown (one impression counts like a million) --
    pair it with a concentration measure (Gini of exposure) or the popularity metrics.

    **Edge cases**: items are counted once however many lists hold them; an id outside
    ``[0, n_items)`` or a repeated item within a list raises ``MetricInputError``.

    See Also
    --------
    intra_list_diversity : variety inside each list, not across lists.
    average_recommendation_popularity : whether the covered items are all bestsellers.

    Examples
    --------
    >>> catalog_coverage([[0, 1, 2], [0, 1, 3]], n_items=10)
    0.4
    """
    lists = _check_lists(recommendations, n_items)
    shown = np.zeros(n_items, dtype=bool)
    shown[lists.ravel()] = True
    return float(shown.mean())


def intra_list_diversity(recommendations, item_features, *, metric="cosine"):
    """Intra-list diversity: the mean pairwise distance between the items of a list, averaged over users.

    Parameters
    ----------
    recommendations : array-like of shape (n_users, list_length) or (list_length,)
        Item ids, one row per user; lists of at least 2 items.
    item_features : array-like of shape (n_items, n_features), or (n_items, n_items) if precomputed
        A feature vector per item (genres, an embedding), or the item-item distances.
    metric : {"cosine", "precomputed"}, default="cosine"
        ``"cosine"``: distance ``1 - cos(angle)`` between feature vectors (a zero vector
        has cosine 0 with everything); ``"precomputed"``: ``item_features`` is a symmetric
        distance matrix with a zero diagonal (e.g. ``1 - Jaccard``).

    Returns
    -------
    float
        Mean over users; in [0, 2] for cosine (0: every list holds near-copies).

    Notes
    -----
    **Formula**: ``ILD(L) = 2 / (k (k - 1)) * sum_{i < j in L} d(i, j)``, averaged over the
    lists (Ziegler et al. 2005). For cosine it needs no pairwise loop:
    ``sum_{i != j} cos(i, j) = |sum_i f_i / |f_i||^2 - sum_i 1``, so
    ``ILD = 1 - (|s|^2 - k) / (k (k - 1))`` for unit vectors.

    **Intuition**: would a user see five versions of the same thing, or a real choice?

    **Interview note**: diversity depends entirely on the item representation you choose
    (genres vs embeddings give different answers), and more diverse is not better by
    itself -- a random list is very diverse. Report it next to accuracy, and the order of
    the list is ignored.

    **Edge cases**: lists shorter than 2 have no pair and raise; a zero feature vector
    (an item with no genre) has cosine 0, so distance 1, to every item.

    See Also
    --------
    catalog_coverage : variety across users rather than within a list.
    novelty : how unexpected items are, rather than how different from each other.

    Examples
    --------
    >>> genres = [[1, 0], [1, 0], [0, 1]]  # items 0 and 1 share a genre
    >>> intra_list_diversity([[0, 1], [0, 2]], genres)
    0.5
    """
    check_option(metric, "metric", ("cosine", "precomputed"))
    F = as_float_array(item_features, "item_features", ndim=(2,))
    lists = _check_lists(recommendations, F.shape[0], min_length=2)
    k = lists.shape[1]
    if metric == "precomputed":
        if F.shape[0] != F.shape[1]:
            raise MetricInputError(f"item_features must be a square distance matrix with "
                                   f"metric='precomputed', got shape {F.shape}")
        if (F < 0).any() or (np.diagonal(F) != 0).any() or not np.allclose(F, F.T):
            raise MetricInputError("item_features must be symmetric, >= 0, with a zero diagonal "
                                   "with metric='precomputed'")
        pair_sum = F[lists[:, :, None], lists[:, None, :]].sum(axis=(1, 2)) / 2  # each pair once
    else:
        norm = np.linalg.norm(F, axis=1, keepdims=True)
        unit = np.divide(F, norm, out=np.zeros_like(F), where=norm > 0)
        s = unit[lists].sum(axis=1)  # (n_users, n_features): each list's sum of unit vectors
        self_sum = (norm[:, 0] > 0)[lists].sum(axis=1)  # sum_i |f_i / |f_i||^2: 1, or 0 for a zero vector
        cos_sum = ((s * s).sum(axis=1) - self_sum) / 2  # sum over pairs i < j
        pair_sum = k * (k - 1) / 2 - cos_sum
    return float(np.mean(pair_sum / (k * (k - 1) / 2)))


def novelty(recommendations, item_counts, n_users):
    """Novelty: the mean self-information ``-log2(popularity)`` of the recommended items.

    Parameters
    ----------
    recommendations : array-like of shape (n_users, list_length) or (list_length,)
        Item ids, one row per user.
    item_counts : array-like of shape (n_items,)
        How many users interacted with each item (in the training data).
    n_users : int
        The number of users those counts come from.

    Returns
    -------
    float
        In bits, >= 0; higher means less popular, more surprising items.

    Notes
    -----
    **Formula**: ``p_i = item_counts[i] / n_users`` and ``novelty = mean_{u, i in L_u}
    -log2(p_i)`` (Zhou et al. 2010, PNAS): the self-information of seeing item i.

    **Intuition**: how surprising is a recommended item -- would the user have found it
    anyway because everyone has?

    **Interview note**: novelty is easy to maximise with obscure, irrelevant items; it
    means something only next to accuracy (novel *and* relevant: "serendipity"). It
    depends on the popularity counts you use (training interactions, not the test set).

    **Edge cases**: an item with a count of 0 has infinite self-information: it raises
    ``MetricInputError`` (smooth the counts, e.g. +1, if never-seen items can be
    recommended); a count above ``n_users`` raises. An item everyone has scores 0 bits.

    See Also
    --------
    average_recommendation_popularity : the same question in raw popularity, not bits.
    catalog_coverage : how much of the catalogue is ever shown.

    Examples
    --------
    >>> novelty([[0, 1], [0, 2]], item_counts=[50, 25, 1], n_users=100)  # 1, 2, 1 and 6.64 bits
    2.661
    """
    counts = _check_counts(item_counts)
    lists = _check_lists(recommendations, counts.size)
    if isinstance(n_users, bool) or not isinstance(n_users, numbers.Integral) or n_users < 1:
        raise MetricInputError(f"n_users must be a positive integer, got {n_users!r}")
    if counts.max() > n_users:
        raise MetricInputError(f"item_counts holds {counts.max():g} > n_users={n_users}; counts are "
                               "users per item")
    shown = counts[lists]
    if (shown == 0).any():
        item = int(lists.ravel()[np.argmax(shown.ravel() == 0)])
        raise MetricInputError(f"item_counts is 0 for recommended item {item}: its self-information is "
                               "infinite; smooth the counts (e.g. item_counts + 1) to score unseen items")
    return float(np.mean(np.log2(n_users / shown)))


def average_recommendation_popularity(recommendations, item_counts):
    """Average recommendation popularity (ARP): the mean popularity of the recommended items.

    Parameters
    ----------
    recommendations : array-like of shape (n_users, list_length) or (list_length,)
        Item ids, one row per user.
    item_counts : array-like of shape (n_items,)
        The popularity of each item (interactions in the training data).

    Returns
    -------
    float
        In the unit of ``item_counts``; compare with the catalogue's mean popularity.

    Notes
    -----
    **Formula**: ``ARP = mean_u (1 / |L_u|) sum_{i in L_u} item_counts[i]`` (Abdollahpouri
    et al. 2019).

    **Intuition**: how popular is what the recommender pushes? Well above the popularity of
    what users actually consume means the model amplifies popularity bias.

    **Interview note**: popularity bias feeds itself (popular items get shown, clicked and
    retrained on); a most-popular baseline scores the maximum ARP and often a decent
    precision@k. Compare ARP with the users' own history, and report the long-tail share.

    **Edge cases**: counts must be >= 0; lists all have the same length here, so the mean
    over users equals the mean over shown items.

    See Also
    --------
    long_tail_share : the share of recommended items outside the popular head.
    novelty : popularity on a log scale, in bits.

    Examples
    --------
    >>> average_recommendation_popularity([[0, 1], [0, 2]], [50, 25, 1])
    31.5
    """
    counts = _check_counts(item_counts)
    lists = _check_lists(recommendations, counts.size)
    return float(counts[lists].mean())


def long_tail_share(recommendations, item_counts, *, head_fraction=0.2):
    """Long-tail share (APLT): the share of recommended items outside the popular head.

    Parameters
    ----------
    recommendations : array-like of shape (n_users, list_length) or (list_length,)
        Item ids, one row per user.
    item_counts : array-like of shape (n_items,)
        The popularity of each item.
    head_fraction : float in (0, 1), default=0.2
        The most popular ``ceil(head_fraction * n_items)`` items form the head; an item as
        popular as the least popular head item is head too.

    Returns
    -------
    float
        In [0, 1]; higher means more of the lists come from the long tail.

    Notes
    -----
    **Formula**: ``APLT = mean_u |L_u intersect tail| / |L_u|`` (Abdollahpouri et al. 2019),
    ``tail`` the items with ``item_counts < `` the head's smallest count.

    **Intuition**: does the recommender ever surface the niche items most of the catalogue
    is made of?

    **Interview note**: the 20% head usually holds most interactions (Pareto), so a
    recommender trained on clicks drifts into it; APLT is the number to put in front of a
    product team when asking for exploration.

    **Edge cases**: ties at the head boundary go to the head; if every item is equally
    popular the whole catalogue is head and the share is 0.

    See Also
    --------
    average_recommendation_popularity : the mean popularity itself.
    catalog_coverage : how many distinct items are shown at all.

    Examples
    --------
    >>> long_tail_share([[0, 1], [0, 3]], [90, 5, 3, 1, 1], head_fraction=0.2)
    0.5
    """
    counts = _check_counts(item_counts)
    lists = _check_lists(recommendations, counts.size)
    if isinstance(head_fraction, bool) or not isinstance(head_fraction, numbers.Real) \
            or not 0 < head_fraction < 1:
        raise MetricInputError(f"head_fraction must be a number in (0, 1), got {head_fraction!r}")
    n_head = int(np.ceil(head_fraction * counts.size))
    threshold = np.sort(counts)[::-1][n_head - 1]  # the least popular head item's count
    return float((counts[lists] < threshold).mean())


# =========================================================================== online evaluation
# Offline metrics score a ranking against labels; online, users click -- and they click what
# they *see*, which depends on the position (position bias). Three tools: a click model that
# separates examination from attractiveness, team-draft interleaving (compare two rankers on
# the same users, with the bias cancelled by a coin), and off-policy estimates of a new
# policy's reward from the logs of the old one (IPS, SNIPS).


def examination_probability(n_positions, *, eta=1.0):
    """Position-based model: the probability that a user examines each position, ``(1 / rank)^eta``.

    Parameters
    ----------
    n_positions : int
        Length of the ranking.
    eta : float >= 0, default=1.0
        Severity of the position bias; 0 means every position is examined.

    Returns
    -------
    ndarray of shape (n_positions,)
        ``theta_r`` for ranks 1..n_positions, in (0, 1].

    Notes
    -----
    **Formula**: position-based click model: ``P(click on item i at rank r) = theta_r *
    alpha_i`` with ``theta_r = (1 / r)^eta`` (Joachims, Swaminathan & Schnabel 2017) and
    ``alpha_i`` the item's attractiveness (relevance).

    **Intuition**: users read from the top and stop; an item at rank 5 gets fewer clicks
    than the same item at rank 1, whatever its relevance.

    **Interview note**: clicks are not relevance labels: training on raw clicks teaches the
    model to keep whatever is already on top. Divide by ``theta_r`` (an inverse propensity)
    to debias, and estimate ``theta`` by randomising (swapping) positions, not by
    assuming it.

    **Edge cases**: ``eta = 0`` gives all ones (no bias); a negative ``eta`` or
    ``n_positions < 1`` raises.

    See Also
    --------
    simulate_clicks : draws clicks from this model.
    ips_estimate : the same inverse-propensity idea for a whole policy.

    Examples
    --------
    >>> examination_probability(4)
    array([1.        , 0.5       , 0.33333333, 0.25      ])
    """
    if isinstance(n_positions, bool) or not isinstance(n_positions, numbers.Integral) or n_positions < 1:
        raise MetricInputError(f"n_positions must be a positive integer, got {n_positions!r}")
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real) or not 0 <= eta < np.inf:
        raise MetricInputError(f"eta must be a number >= 0, got {eta!r}")
    return (1.0 / np.arange(1, n_positions + 1)) ** eta


def _check_examination(examination, n_positions):
    if examination is None:
        return examination_probability(n_positions)
    theta = as_float_array(examination, "examination")
    check_probabilities(theta, "examination")
    if theta.size < n_positions:
        raise MetricInputError(f"examination has {theta.size} positions but the ranking has {n_positions}")
    return theta[:n_positions]


def simulate_clicks(attractiveness, *, examination=None, n_sessions=1, seed=None):
    """Clicks from the position-based model: a click needs an examination and an attractive item.

    Parameters
    ----------
    attractiveness : array-like of shape (n_positions,)
        ``alpha``: the click probability of the item *shown* at each position, if examined.
    examination : array-like of shape (n_positions,), default=None
        ``theta`` per position; ``None`` uses :func:`examination_probability` with eta = 1.
    n_sessions : int, default=1
        Independent users shown the same ranking.
    seed : int or numpy Generator, default=None

    Returns
    -------
    ndarray of bool, shape (n_sessions, n_positions)

    Notes
    -----
    **Formula**: ``click_r ~ Bernoulli(theta_r * alpha_r)``, independently per position and
    session (the position-based model; a cascade model would stop after the first click).

    **Intuition**: a simulator in which the truth is known, so an evaluation method can be
    checked against it.

    **Interview note**: the click-through rate of a position mixes two things the logs
    cannot separate without intervention: was the item good, or merely on top?

    **Edge cases**: probabilities must lie in [0, 1]; ``n_sessions`` must be >= 1.

    See Also
    --------
    examination_probability : the default ``theta``.
    interleaving_preference : uses these clicks to compare two rankers.

    Examples
    --------
    >>> clicks = simulate_clicks([0.9, 0.9, 0.9], n_sessions=20000, seed=0)
    >>> clicks.mean(axis=0).round(2)  # the same item quality, fewer clicks lower down
    array([0.9 , 0.45, 0.3 ])
    """
    alpha = as_float_array(attractiveness, "attractiveness")
    check_probabilities(alpha, "attractiveness")
    theta = _check_examination(examination, alpha.size)
    if isinstance(n_sessions, bool) or not isinstance(n_sessions, numbers.Integral) or n_sessions < 1:
        raise MetricInputError(f"n_sessions must be a positive integer, got {n_sessions!r}")
    return rng_from_seed(seed).random((int(n_sessions), alpha.size)) < theta * alpha


def _check_ranking(ranking, name):
    r = as_1d(ranking, name)
    if r.dtype.kind not in "iu":
        raise MetricInputError(f"{name} must hold integer item ids, got dtype {r.dtype}")
    if np.unique(r).size != r.size:
        raise MetricInputError(f"{name} repeats an item; a ranking lists each item once")
    return r


def team_draft_interleave(ranking_a, ranking_b, *, seed=None):
    """Team-draft interleaving: merge two rankings as captains pick players, remembering whose pick each is.

    Parameters
    ----------
    ranking_a, ranking_b : array-like of int
        Item ids, best first, from rankers A and B (each item at most once).
    seed : int or numpy Generator, default=None
        Seeds the coin that decides who picks first in each round.

    Returns
    -------
    items : ndarray of int
        The interleaved ranking shown to the user.
    teams : ndarray of int
        0 where the item was A's pick, 1 where it was B's.

    Notes
    -----
    **Formula**: (Radlinski, Kurup & Joachims 2008) while both rankers still have an item
    not yet shown: the team with fewer picks -- a coin flip on a tie -- adds its best item
    not yet in the list. A click on an item credits the team that picked it.

    **Intuition**: both rankers face the same user, the same query and, thanks to the coin,
    the same positions on average: the comparison controls for everything but the ranker.

    **Interview note**: interleaving needs 10-100x fewer users than an A/B test of the same
    rankers to detect a preference, because each user judges both; but it measures a
    preference, not the size of a business metric -- confirm a winner with an A/B test.

    **Edge cases**: an item both rankers want goes to whoever picks it first; the list
    stops when either ranker has nothing new, so it can be shorter than the longer input.

    See Also
    --------
    interleaving_preference : simulates users clicking on these lists.

    Examples
    --------
    >>> items, teams = team_draft_interleave([1, 2, 3], [2, 4, 1], seed=0)
    >>> items.tolist(), teams.tolist()
    ([1, 2, 4], [0, 1, 1])
    """
    a, b = _check_ranking(ranking_a, "ranking_a"), _check_ranking(ranking_b, "ranking_b")
    rng = rng_from_seed(seed)
    shown, items, teams = set(), [], []
    rankings, cursor, picks = (a.tolist(), b.tolist()), [0, 0], [0, 0]

    def next_new(t):  # advance team t's cursor past the items already shown
        r = rankings[t]
        while cursor[t] < len(r) and r[cursor[t]] in shown:
            cursor[t] += 1
        return cursor[t] < len(r)

    while next_new(0) and next_new(1):
        team = 0 if picks[0] < picks[1] else 1 if picks[1] < picks[0] else int(rng.random() < 0.5)
        item = rankings[team][cursor[team]]
        shown.add(item)
        items.append(item)
        teams.append(team)
        picks[team] += 1
    return np.array(items, dtype=np.int64), np.array(teams, dtype=np.int64)


def interleaving_preference(ranking_a, ranking_b, attractiveness, *, examination=None,
                            n_sessions=1000, seed=None):
    """Simulated team-draft interleaving: how strongly clicking users prefer ranker A to ranker B.

    Parameters
    ----------
    ranking_a, ranking_b : array-like of int
        Item ids, best first.
    attractiveness : array-like of shape (n_items,)
        ``alpha_i``: the click probability of item i when examined (the simulated truth).
    examination : array-like, default=None
        ``theta`` per position of the interleaved list; ``None``: ``1 / rank``.
    n_sessions : int, default=1000
        Simulated users, each with a fresh interleaving.
    seed : int or numpy Generator, default=None

    Returns
    -------
    float
        ``Delta_AB`` in [-0.5, 0.5]: positive when A wins more sessions than B.

    Notes
    -----
    **Formula**: each session interleaves A and B (:func:`team_draft_interleave`), draws
    clicks with :func:`simulate_clicks`, and A wins if it gets more clicks than B.
    Over the sessions with at least one click, ``Delta_AB = P(A wins) + P(tie) / 2 - 1/2``
    (Chapelle et al. 2012).

    **Intuition**: the share of users who, by their clicks, preferred A's results.

    **Interview note**: with identical rankers ``Delta`` is 0 in expectation whatever the
    position bias -- that is the point of the coin; the sign is what interleaving is good
    at, the magnitude does not translate into revenue. ``Delta`` has a sampling error
    (about ``0.5 / sqrt(sessions with clicks)``): check it before declaring a winner.

    **Edge cases**: sessions without clicks are left out; if no session has a click the
    preference is undefined: 0.0 with an ``UndefinedMetricWarning``.

    See Also
    --------
    team_draft_interleave : one interleaved list.
    ips_estimate : estimates a policy's value from logs instead of a live experiment.

    Examples
    --------
    >>> alpha = [0.9, 0.7, 0.1, 0.05]  # items 0 and 1 are the good ones
    >>> interleaving_preference([0, 1, 2, 3], [3, 2, 1, 0], alpha, seed=0) > 0.3
    True
    """
    a, b = _check_ranking(ranking_a, "ranking_a"), _check_ranking(ranking_b, "ranking_b")
    alpha = as_float_array(attractiveness, "attractiveness")
    check_probabilities(alpha, "attractiveness")
    if max(a.max(), b.max()) >= alpha.size or min(a.min(), b.min()) < 0:
        raise MetricInputError(f"the rankings hold item ids outside [0, {alpha.size}), the items of "
                               "attractiveness")
    if isinstance(n_sessions, bool) or not isinstance(n_sessions, numbers.Integral) or n_sessions < 1:
        raise MetricInputError(f"n_sessions must be a positive integer, got {n_sessions!r}")
    rng = rng_from_seed(seed)
    theta = _check_examination(examination, min(a.size + b.size, alpha.size))
    wins = np.zeros(3)  # A wins, B wins, tie
    for _ in range(int(n_sessions)):
        items, teams = team_draft_interleave(a, b, seed=rng)
        clicks = rng.random(items.size) < theta[:items.size] * alpha[items]
        credit_a, credit_b = int((clicks & (teams == 0)).sum()), int((clicks & (teams == 1)).sum())
        if credit_a + credit_b:
            wins[0 if credit_a > credit_b else 1 if credit_b > credit_a else 2] += 1
    share = divide(wins[0] + wins[2] / 2, wins.sum(), zero_division="warn",
                   what="interleaving preference", why="no simulated session had a click")
    return float(share - 0.5) if wins.sum() else 0.0


def _check_logs(rewards, logging_propensity, target_propensity, clip):
    rewards = as_float_array(rewards, "rewards")
    p0 = as_float_array(logging_propensity, "logging_propensity")
    p1 = as_float_array(target_propensity, "target_propensity")
    check_consistent_length(("rewards", rewards), ("logging_propensity", p0),
                            ("target_propensity", p1))
    check_probabilities(p0, "logging_propensity")
    check_probabilities(p1, "target_propensity")
    if (p0 == 0).any():
        raise MetricInputError(
            f"logging_propensity is 0 for {int((p0 == 0).sum())} logged action(s): the logging policy "
            "could not have taken them, so the log is wrong (positivity: log the propensity of the "
            "action actually taken)")
    if clip is not None and (isinstance(clip, bool) or not isinstance(clip, numbers.Real) or not clip > 0):
        raise MetricInputError(f"clip must be None or a number > 0 (the largest weight), got {clip!r}")
    weight = p1 / p0  # how much more (or less) often the new policy takes the logged action
    return rewards, weight if clip is None else np.minimum(weight, clip)


def ips_estimate(rewards, logging_propensity, target_propensity, *, clip=None):
    """Inverse propensity scoring: a new policy's expected reward, estimated from an old policy's logs.

    Parameters
    ----------
    rewards : array-like of shape (n_logs,)
        The reward observed for the logged action (a click, a purchase, revenue).
    logging_propensity : array-like of shape (n_logs,)
        ``pi_0(a_i | x_i)``: the probability with which the logging policy took that action,
        in (0, 1].
    target_propensity : array-like of shape (n_logs,)
        ``pi(a_i | x_i)``: the probability that the new policy takes the same action in the
        same context, in [0, 1].
    clip : float > 0, default=None
        Cap every importance weight at ``clip`` (less variance, some downward bias for
        non-negative rewards).

    Returns
    -------
    float
        The estimated value ``V(pi)``, in the unit of ``rewards``.

    Notes
    -----
    **Formula**: ``w_i = pi(a_i | x_i) / pi_0(a_i | x_i)``, ``V_IPS = (1 / n) sum_i
    min(w_i, clip) r_i``. Without clipping, ``E[V_IPS] = V(pi)`` exactly, as long as
    ``pi_0 > 0`` wherever ``pi > 0`` (Horvitz & Thompson 1952).

    **Intuition**: re-weight the logged interactions so they look as if the new policy had
    chosen the actions: actions the new policy favours count more.

    **Interview note**: unbiased but high-variance -- one rare action (``pi_0 = 0.001``)
    with a reward can dominate the mean. Clipping and self-normalising (:func:`snips_estimate`)
    trade a little bias for much less variance. It needs *logged propensities*: a
    deterministic logging policy (``pi_0`` = 0 or 1) gives no information about other actions.

    **Edge cases**: a ``logging_propensity`` of 0 cannot have been logged and raises
    ``MetricInputError``; a ``target_propensity`` of 0 simply contributes 0.

    See Also
    --------
    snips_estimate : divides by the sum of the weights instead of n.
    examination_probability : the same inverse-propensity idea for position bias.

    Examples
    --------
    >>> ips_estimate([1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5])
    1.0
    >>> ips_estimate([1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5], clip=1.5)
    0.75
    """
    rewards, weight = _check_logs(rewards, logging_propensity, target_propensity, clip)
    return float(np.mean(weight * rewards))


def snips_estimate(rewards, logging_propensity, target_propensity, *, clip=None):
    """Self-normalised IPS: the importance-weighted mean reward, divided by the sum of the weights.

    Parameters
    ----------
    rewards : array-like of shape (n_logs,)
        The reward observed for the logged action.
    logging_propensity : array-like of shape (n_logs,)
        ``pi_0(a_i | x_i)``, in (0, 1].
    target_propensity : array-like of shape (n_logs,)
        ``pi(a_i | x_i)``, in [0, 1].
    clip : float > 0, default=None
        Cap every importance weight at ``clip`` before normalising.

    Returns
    -------
    float
        The estimated value ``V(pi)``.

    Notes
    -----
    **Formula**: ``V_SNIPS = sum_i w_i r_i / sum_i w_i`` with ``w_i = min(pi / pi_0, clip)``
    (Swaminathan & Joachims 2015).

    **Intuition**: a weighted average of the observed rewards: it always lies between the
    smallest and largest reward, which plain IPS does not.

    **Interview note**: ``E[sum w_i / n] = 1``, so dividing by the realised sum corrects
    for unlucky samples: biased for finite n (consistent as n grows), usually far lower
    variance when some weights are large, and a constant added to every reward shifts it
    by that constant -- IPS does not have that property.

    **Edge cases**: if every weight is 0 (the new policy never takes a logged action) the
    estimate is 0/0: 0.0 with an ``UndefinedMetricWarning`` -- the logs say nothing about
    this policy. A ``logging_propensity`` of 0 raises.

    See Also
    --------
    ips_estimate : unbiased, divides by n.

    Examples
    --------
    >>> snips_estimate([1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5])
    0.8571
    """
    rewards, weight = _check_logs(rewards, logging_propensity, target_propensity, clip)
    value = divide(weight @ rewards, weight.sum(), zero_division="warn", what="SNIPS estimate",
                   why="every importance weight is 0: the target policy never takes a logged action")
    return float(value)
