"""Specs for drill set 06: precision@k, recall@k, MRR, NDCG."""

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Wrong

TITLE = "Ranking and retrieval"

a = np.array
ints = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731  item ids read better this way


def _ranking(rng, n_items=30):
    ranked = rng.permutation(n_items)[: int(rng.integers(0, 20))].astype(np.int64)
    relevant = rng.permutation(n_items)[: int(rng.integers(0, 9))].astype(np.int64)
    if ranked.size and relevant.size and rng.random() < 0.6:  # make some hits likely
        m = min(2, relevant.size, ranked.size)
        relevant[:m] = rng.choice(ranked, size=m, replace=False)
        relevant = np.unique(relevant)
    return ranked, relevant


def _at_k_case(rng):
    ranked, relevant = _ranking(rng)
    return call(ranked, relevant, k=int(rng.integers(1, 13)))


def _shuffle_top_k(rng):
    c = _at_k_case(rng)
    ranked, relevant = c.args
    k = c.kwargs["k"]
    top = rng.permutation(ranked[:k])
    return [c, call(np.r_[top, ranked[k:]].astype(np.int64), rng.permutation(relevant), k=k)]


# --- 1. precision@k -------------------------------------------------------------------------


def _p_at_k_shown(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    shown = ranked[:k]
    return float(np.isin(shown, relevant).sum() / shown.size) if shown.size else 0.0


def _p_at_k_recall(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    return float(np.isin(ranked[:k], relevant).sum() / len(relevant)) if len(relevant) else 0.0


def _p_at_k_whole_list(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    return float(np.isin(ranked, relevant).sum() / k)


PRECISION_AT_K = Drill(
    id="precision-at-k",
    title="Precision@k",
    function="precision_at_k",
    signature="precision_at_k(ranked, relevant, k) -> float",
    conventions=(
        "precision@k = |ranked[:k] intersect relevant| / k.",
        "Fewer than k items ranked: the empty slots are misses, so still divide by k.",
        "k < 1: raise ValueError. Item ids in `ranked` are distinct.",
    ),
    returns="float",
    hints=(
        "The page has k slots. How many of them show something relevant?",
        "np.isin(ranked[:k], relevant) marks the relevant results among the first k; the denominator is k "
        "whatever the length of ranked.",
        "if k < 1: raise ValueError; return float(np.isin(ranked[:k], relevant).sum() / k).",
    ),
    edges=(
        Edge("basic", "2 relevant among the top 4", (ints(7, 3, 9, 1, 4), ints(3, 1, 4)), {"k": 4}),
        Edge("short-list", "only 2 results for k = 5: three empty slots are misses",
             (ints(3, 8), ints(3, 8)), {"k": 5}),
        Edge("beyond-k", "relevant items below position k do not count", (ints(5, 6, 7, 8), ints(8)), {"k": 2}),
        Edge("k-zero", "k = 0 is meaningless: ValueError", (ints(1, 2), ints(1)), {"k": 0}),
        Edge("nothing-relevant", "no relevant items: 0.0", (ints(1, 2, 3), ints()), {"k": 2}),
    ),
    random=Random(_at_k_case, n=30),
    props=(
        Prop("order-within-top-k", "reordering the top k (or the relevant set) cannot change precision@k",
             _shuffle_top_k, lambda outs, calls: all_same(outs, what="precision@k before and after reordering")),
    ),
    wrongs=(
        Wrong("divided-by-shown", "you divided by the number of results shown; empty slots are misses, so "
              "divide by k", _p_at_k_shown),
        Wrong("divided-by-relevant", "you divided by the number of relevant items: that is recall@k",
              _p_at_k_recall),
        Wrong("whole-list", "you counted hits in the whole ranking; only the top k count", _p_at_k_whole_list),
    ),
)

# --- 2. recall@k ---------------------------------------------------------------------------


def _r_at_k_precision(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    return float(np.isin(ranked[:k], relevant).sum() / k)


def _r_at_k_capped(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    if len(relevant) == 0:
        return 0.0
    return float(np.isin(ranked[:k], relevant).sum() / min(k, len(relevant)))


def _r_at_k_unguarded(ranked, relevant, k):
    if k < 1:
        raise ValueError("k")
    return np.isin(ranked[:k], relevant).sum().item() / len(relevant)


def _growing_k(rng):
    c = _at_k_case(rng)
    return [c, call(*c.args, k=c.kwargs["k"] + int(rng.integers(1, 5)))]


def _non_decreasing(outs, calls):
    if float(outs[1]) + 1e-12 < float(outs[0]):
        return f"recall@{calls[1].kwargs['k']} = {outs[1]!r} is below recall@{calls[0].kwargs['k']} = {outs[0]!r}"
    return None


RECALL_AT_K = Drill(
    id="recall-at-k",
    title="Recall@k",
    function="recall_at_k",
    signature="recall_at_k(ranked, relevant, k) -> float",
    conventions=(
        "recall@k = |ranked[:k] intersect relevant| / |relevant|.",
        "No relevant items: 0.0 (0/0 by convention). k < 1: raise ValueError.",
        "Item ids are distinct within each array.",
    ),
    returns="float",
    hints=(
        "Of all the items the user would have liked, how many did the top k show?",
        "Same numerator as precision@k; the denominator is len(relevant), with a guard for 0.",
        "if k < 1: raise ValueError; if len(relevant) == 0: return 0.0; return float(np.isin(ranked[:k], "
        "relevant).sum() / len(relevant)).",
    ),
    edges=(
        Edge("basic", "2 of the 3 relevant items are in the top 4", (ints(7, 3, 9, 1, 4), ints(3, 1, 4)), {"k": 4}),
        Edge("many-relevant", "5 relevant, k = 2: recall can be at most 2/5",
             (ints(1, 2, 3, 4, 5), ints(1, 2, 3, 4, 5)), {"k": 2}),
        Edge("nothing-relevant", "no relevant items: 0/0, so 0.0", (ints(1, 2, 3), ints()), {"k": 2}),
        Edge("k-zero", "k = 0 is meaningless: ValueError", (ints(1, 2), ints(1)), {"k": 0}),
    ),
    random=Random(_at_k_case, n=30),
    props=(
        Prop("non-decreasing-in-k", "showing more items can only find more", _growing_k, _non_decreasing),
        Prop("order-within-top-k", "reordering the top k cannot change recall@k", _shuffle_top_k,
             lambda outs, calls: all_same(outs, what="recall@k before and after reordering")),
    ),
    wrongs=(
        Wrong("divided-by-k", "you divided by k: that is precision@k", _r_at_k_precision),
        Wrong("capped-denominator", "you divided by min(k, |relevant|); recall divides by all relevant items",
              _r_at_k_capped),
        Wrong("unguarded", "with no relevant items recall is 0/0; return 0.0", _r_at_k_unguarded),
    ),
)

# --- 3. MRR ---------------------------------------------------------------------------------


def _first_hits(ranked_lists, relevant_lists):
    return [np.flatnonzero(np.isin(r, rel)) for r, rel in zip(ranked_lists, relevant_lists)]


def _mrr_zero_based(ranked_lists, relevant_lists):
    return float(np.mean([1 / h[0] if h.size else 0.0 for h in _first_hits(ranked_lists, relevant_lists)]))


def _mrr_skips_misses(ranked_lists, relevant_lists):
    s = [1 / (h[0] + 1) for h in _first_hits(ranked_lists, relevant_lists) if h.size]
    return float(np.mean(s)) if s else 0.0


def _mrr_last_hit(ranked_lists, relevant_lists):
    return float(np.mean([1 / (h[-1] + 1) if h.size else 0.0 for h in _first_hits(ranked_lists, relevant_lists)]))


def _mrr_case(rng):
    ranked, relevant = [], []
    for _ in range(int(rng.integers(1, 7))):
        r, rel = _ranking(rng, n_items=15)
        ranked.append(r)
        relevant.append(rel)
    return ranked, relevant


def _mrr_reordered(rng):
    ranked, relevant = _mrr_case(rng)
    order = rng.permutation(len(ranked))
    return [(ranked, relevant), ([ranked[i] for i in order], [relevant[i] for i in order])]


def _mrr_padded(rng):
    ranked, relevant = _mrr_case(rng)
    padded = [np.r_[r, np.arange(100, 103)].astype(np.int64) for r in ranked]  # ids never relevant
    return [(ranked, relevant), (padded, relevant)]


MRR = Drill(
    id="mrr",
    title="Mean reciprocal rank",
    function="mean_reciprocal_rank",
    signature="mean_reciprocal_rank(ranked_lists, relevant_lists) -> float",
    conventions=(
        "Per query: 1 / position of the first relevant result, positions counted from 1.",
        "A query with no relevant result scores 0 and still counts in the mean.",
        "At least one query; each query's ranked ids are distinct.",
    ),
    returns="float",
    hints=(
        "If the first relevant answer is the very first result, what should that query score?",
        "np.flatnonzero(np.isin(ranked, relevant)) lists the relevant positions (0-based); take the first and "
        "add 1. Average over every query, including those without a hit.",
        "scores = [1 / (h[0] + 1) if h.size else 0.0 for h in (np.flatnonzero(np.isin(r, rel)) for r, rel in "
        "zip(ranked_lists, relevant_lists))]; return float(np.mean(scores)).",
    ),
    edges=(
        Edge("first-position", "relevant at position 1 scores 1, not 1/0", ([ints(4, 2, 9)], [ints(4)])),
        Edge("first-not-last", "only the first relevant result counts", ([ints(4, 2, 9)], [ints(2, 9)])),
        Edge("miss-counts-zero", "a query without a hit scores 0 and stays in the mean",
             ([ints(1, 2), ints(3, 4)], [ints(2), ints(9)])),
        Edge("three-queries", "positions 1, 2 and 3: (1 + 1/2 + 1/3) / 3",
             ([ints(1, 2, 3), ints(1, 2, 3), ints(1, 2, 3)], [ints(1), ints(2), ints(3)])),
    ),
    random=Random(_mrr_case, n=30),
    props=(
        Prop("query-order", "the order of the queries does not matter", _mrr_reordered,
             lambda outs, calls: all_same(outs, what="MRR before and after reordering queries")),
        Prop("tail-padding", "appending irrelevant results after the ranking cannot change MRR", _mrr_padded,
             lambda outs, calls: all_same(outs, what="MRR before and after padding")),
    ),
    wrongs=(
        Wrong("zero-based-rank", "you used 0-based positions; the first result is position 1", _mrr_zero_based),
        Wrong("skipped-misses", "you averaged only over queries with a hit; a query without one counts as 0",
              _mrr_skips_misses),
        Wrong("last-relevant", "you used the last relevant result; MRR uses the first", _mrr_last_hit),
    ),
)

# --- 4. NDCG --------------------------------------------------------------------------------


def _dcg(rel, k, gain=lambda r: r):
    discount = 1 / np.log2(np.arange(2, rel.size + 2))
    return np.sum(gain(rel[:k]) * discount[:k])


def _ndcg_exponential(relevance, k):
    rel = np.asarray(relevance, float)
    idcg = _dcg(np.sort(rel)[::-1], k, lambda r: 2**r - 1)
    return float(_dcg(rel, k, lambda r: 2**r - 1) / idcg) if idcg else 0.0


def _ndcg_ideal_from_top_k(relevance, k):
    rel = np.asarray(relevance, float)
    idcg = _dcg(np.sort(rel[:k])[::-1], k)
    return float(_dcg(rel, k) / idcg) if idcg else 0.0


def _ndcg_unnormalised(relevance, k):
    return float(_dcg(np.asarray(relevance, float), k))


def _ndcg_case(rng):
    n = int(rng.integers(1, 15))
    rel = rng.choice([0, 0, 0, 1, 1, 2, 3], size=n).astype(np.int64)
    return call(rel, k=int(rng.integers(1, 12)))


def _ideal(rng):
    c = _ndcg_case(rng)
    rel = np.sort(c.args[0])[::-1].copy()
    rel[0] = max(rel[0], 1)
    return [call(rel, **c.kwargs)]


def _is_one(outs, calls):
    return None if mismatch(1.0, outs[0]) is None else f"NDCG of the ideal order should be 1.0, got {outs[0]!r}"


NDCG = Drill(
    id="ndcg",
    title="NDCG@k",
    function="ndcg_at_k",
    signature="ndcg_at_k(relevance, k) -> float",
    conventions=(
        "DCG@k = sum_{i=1..k} rel_i / log2(i + 1) (linear gain, positions from 1).",
        "IDCG@k = DCG@k of all the items sorted by relevance, best first; NDCG = DCG / IDCG.",
        "Nothing relevant (IDCG = 0): 0.0. k larger than the list uses the whole list. Matches "
        "sklearn.metrics.ndcg_score for a ranking without ties.",
    ),
    returns="float",
    hints=(
        "What would the best possible ordering of these same items score, and why divide by it?",
        "Discount position i (from 1) by log2(i + 1), so the top result is undiscounted; the ideal order sorts "
        "*all* relevances descending before cutting at k.",
        "d = 1 / np.log2(np.arange(2, n + 2)); dcg = np.sum(rel[:k] * d[:k]); idcg = np.sum(np.sort(rel)[::-1][:k] "
        "* d[:k]); return 0.0 if idcg == 0 else float(dcg / idcg).",
    ),
    edges=(
        Edge("ideal-order", "already sorted: exactly 1.0", (ints(3, 2, 1, 0),), {"k": 4}),
        Edge("reversed", "worst order of the same items", (ints(0, 1, 2, 3),), {"k": 4}),
        Edge("best-item-below-k", "the ideal takes the best k of all items, not a re-sort of the top k",
             (ints(1, 0, 0, 3),), {"k": 2}),
        Edge("graded-gains", "gains are the relevance itself (linear), as in scikit-learn",
             (ints(1, 3, 2),), {"k": 3}),
        Edge("nothing-relevant", "IDCG = 0: 0.0 by convention", (ints(0, 0, 0),), {"k": 2}),
        Edge("k-beyond-list", "k larger than the list uses every item", (ints(0, 2),), {"k": 10}),
    ),
    random=Random(_ndcg_case, n=30),
    props=(
        Prop("ideal-is-one", "NDCG of the ideal order is 1", _ideal, _is_one),
        Prop("scale-relevance", "with linear gains, doubling every relevance grade leaves NDCG unchanged",
             lambda rng: (lambda c: [c, call(c.args[0] * 2, **c.kwargs)])(_ndcg_case(rng)),
             lambda outs, calls: all_same(outs, what="NDCG before and after doubling the grades")),
    ),
    wrongs=(
        Wrong("exponential-gain", "you used exponential gains 2^rel - 1; scikit-learn's ndcg_score uses the "
              "relevance itself", _ndcg_exponential),
        Wrong("ideal-from-top-k", "you built the ideal by re-sorting only the top k; the ideal is the best k "
              "of all the items", _ndcg_ideal_from_top_k),
        Wrong("unnormalised", "you returned DCG; NDCG divides it by the ideal DCG", _ndcg_unnormalised),
    ),
)

DRILLS = [PRECISION_AT_K, RECALL_AT_K, MRR, NDCG]
