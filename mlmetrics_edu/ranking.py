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
    check_sample_weight,
    divide,
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
