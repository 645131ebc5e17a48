"""A seeded ranking scenario for the hour's notebook 05 (ranking half).

``search_queries``: top-5 almost always holds a hit, top-1 rarely does.
"""

from __future__ import annotations

import numpy as np

from .scenario import RankingScenario, check_count, make_rng, story_of

__all__ = ["search_queries"]


# --------------------------------------------------------------------------- ranking


def search_queries(n_queries=200, n_items=20, *, seed=0):
    """Search results where top-5 is good and top-1 is poor.

    A help-centre search engine returns a ranked list of articles for each query;
    editors graded every candidate 0 (irrelevant) to 3 (perfect). Users read the first
    result and rarely scroll, so a wrong first result costs a support ticket, while a
    weak fifth result costs almost nothing. The ranker is good at gathering relevant
    articles near the top, but a popular, catchy article that answers nothing often
    grabs the first place.

    Parameters
    ----------
    n_queries : int, default 200
    n_items : int, default 20
        Candidate articles per query (at least 2).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    RankingScenario
        ``relevance`` (int, 0-3) and ``scores`` of shape (n_queries, n_items); every query
        has at least one relevant item.

    Notes
    -----
    The trap: a relevant article is in the top five for almost every query, but the
    first result is relevant for only about 40% of them -- the "clickbait" article was
    put first in 60% of queries. Hit rate@5 and NDCG@10 look fine; precision@1 and MRR
    reveal it.

    Examples
    --------
    >>> s = search_queries()
    >>> s.relevance.shape, int(s.relevance.max()), bool((s.relevance > 0).any(axis=1).all())
    ((200, 20), 3, True)
    """
    rng = make_rng(seed)
    n_queries, n_items = check_count(n_queries, "n_queries"), check_count(n_items, "n_items", 2)
    rows = np.arange(n_queries)
    relevance = rng.choice(4, size=(n_queries, n_items), p=[0.80, 0.10, 0.06, 0.04])
    must = rng.integers(0, n_items, n_queries)
    relevance[rows, must] = np.maximum(relevance[rows, must], 2)  # every query has an answer
    scores = relevance + rng.normal(0, 0.8, (n_queries, n_items))  # a decent ranker
    # in 60% of the queries one irrelevant "clickbait" item jumps to the top
    pick = np.where(relevance == 0, rng.random((n_queries, n_items)), -1.0)
    decoy = pick.argmax(axis=1)
    has_decoy = (rng.random(n_queries) < 0.6) & (pick.max(axis=1) >= 0)
    lift = rng.uniform(0.1, 1.0, n_queries)
    scores[rows[has_decoy], decoy[has_decoy]] = (scores.max(axis=1) + lift)[has_decoy]
    return RankingScenario(
        name="search_queries", story=story_of(search_queries), relevance=relevance.astype(np.int64),
        scores=np.round(scores, 3), target_names=("irrelevant", "related", "relevant", "perfect"),
    )
