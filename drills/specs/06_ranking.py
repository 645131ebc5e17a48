"""Specs for drill set 06: precision@k, recall@k, MRR, NDCG, MAP, top-k accuracy."""

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import (
    Drill, Edge, Prop, Random, Route, Wrong, calls_any, with_hint_solutions,
)

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
        Wrong("capped-recall-variant", "you divided by min(k, |relevant|): that is capped recall (R_cap@k, "
              "used by some benchmarks so a perfect top k scores 1), a variant; plain recall@k, graded here, "
              "divides by all the relevant items",
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


def _ndcg_with_discount(relevance, k, discount):
    rel = np.asarray(relevance, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 1 / discount(np.arange(1, rel.size + 1))  # positions i = 1..n
        dcg = np.sum(rel[:k] * d[:k])
        idcg = np.sum(np.sort(rel)[::-1][:k] * d[:k])
        return 0.0 if idcg == 0 else float(dcg / idcg)


def _ndcg_log2_i(relevance, k):
    return _ndcg_with_discount(relevance, k, np.log2)  # log2(1) = 0 at the top


def _ndcg_log2_i_floored(relevance, k):
    return _ndcg_with_discount(relevance, k, lambda i: np.maximum(1.0, np.log2(i)))


def _ndcg_shifted(relevance, k):
    return _ndcg_with_discount(relevance, k, lambda i: np.log2(i + 2))


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
        "Linear gains are scikit-learn's (and mlmetrics_edu's) convention; 2^rel - 1 (Burges et al.) is a "
        "standard variant that weighs top grades more, but it is not the one graded here.",
        "IDCG@k = DCG@k of all the items sorted by relevance, best first; NDCG = DCG / IDCG.",
        "Nothing relevant (IDCG = 0): 0.0. k larger than the list uses the whole list. Matches "
        "sklearn.metrics.ndcg_score for a ranking without ties.",
    ),
    returns="float",
    hints=(
        "What would the best possible ordering of these same items score, and why divide by it?",
        "Discount position i (from 1) by log2(i + 1), so the top result is undiscounted; the ideal order sorts "
        "*all* relevances descending before cutting at k.",
        "rel = np.asarray(relevance, dtype=float); n = rel.size; d = 1 / np.log2(np.arange(2, "
        "n + 2)); dcg = np.sum(rel[:k] * d[:k]); idcg = np.sum(np.sort(rel)[::-1][:k] * "
        "d[:k]); return 0.0 if idcg == 0 else float(dcg / idcg).",
    ),
    routes=(
        Route("any-log-base", "your discount takes np.log (or math.log), not log2: for NDCG any base gives "
              "the same answer, because the base cancels in DCG / IDCG (log_b x = ln x / ln b). Report "
              "plain DCG with log2, the convention.",
              calls_any("np.log", "numpy.log", "math.log", "log", unless=("np.log2", "numpy.log2",
                                                                          "math.log2", "log2"))),
    ),
    edges=(
        Edge("ideal-order", "already sorted: exactly 1.0", (ints(3, 2, 1, 0),), {"k": 4}),
        Edge("position-two-discounted", "the only relevant item at position 2 of 2: log2(3) discounts it, "
             "NDCG 0.631 (not 1.0, not nan)", (ints(0, 1),), {"k": 2}),
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
        Wrong("exponential-gain-variant", "you used exponential gains 2^rel - 1: a standard NDCG variant "
              "(Burges et al., common in web search), not a mistake in general -- but this drill grades "
              "scikit-learn's convention, where the gain is the relevance itself", _ndcg_exponential),
        Wrong("ideal-from-top-k", "you built the ideal by re-sorting only the top k; the ideal is the best k "
              "of all the items", _ndcg_ideal_from_top_k),
        Wrong("unnormalised", "you returned DCG; NDCG divides it by the ideal DCG", _ndcg_unnormalised),
        Wrong("log2-i-discount", "you divided by log2(i) with i counted from 1 (or log2(i + 1) with i from 0): "
              "the top position divides by log2(1) = 0; count positions from 1 and use log2(i + 1)",
              _ndcg_log2_i),
        Wrong("floored-log2-i-variant", "you discounted by max(1, log2 i), so positions 1 and 2 weigh the "
              "same: Jarvelin & Kekalainen's original DCG (2002), a variant -- this drill, like scikit-learn, "
              "uses log2(i + 1), which already discounts position 2", _ndcg_log2_i_floored),
        Wrong("discount-off-by-one", "you divided position i (from 1) by log2(i + 2): the top result is "
              "discounted too; position 1 must get log2(1 + 1) = 1", _ndcg_shifted),
    ),
)

# --- 5. MAP ---------------------------------------------------------------------------------


def _ap_terms(ranked, relevant):
    hits = np.isin(ranked, relevant)
    precision = np.cumsum(hits) / np.arange(1, len(ranked) + 1)
    return hits, precision


def _map_divided_by_found(ranked_lists, relevant_lists):
    aps = []
    for r, rel in zip(ranked_lists, relevant_lists):
        hits, precision = _ap_terms(r, rel)
        aps.append(float(np.sum(precision[hits]) / hits.sum()) if hits.sum() else 0.0)
    return float(np.mean(aps))


def _map_every_position(ranked_lists, relevant_lists):
    aps = []
    for r, rel in zip(ranked_lists, relevant_lists):
        hits, precision = _ap_terms(r, rel)
        aps.append(float(np.mean(precision)) if len(r) and len(rel) else 0.0)
    return float(np.mean(aps))


def _map_first_hit(ranked_lists, relevant_lists):
    return float(np.mean([1 / (h[0] + 1) if h.size else 0.0 for h in _first_hits(ranked_lists, relevant_lists)]))


def _map_skips_empty(ranked_lists, relevant_lists):
    aps = []
    for r, rel in zip(ranked_lists, relevant_lists):
        if len(rel) == 0:
            continue  # a query without relevant items left out of the mean
        hits, precision = _ap_terms(r, rel)
        aps.append(float(np.sum(precision[hits]) / len(rel)))
    return float(np.mean(aps)) if aps else 0.0


MAP = Drill(
    id="map",
    title="Mean average precision (MAP)",
    function="mean_average_precision",
    signature="mean_average_precision(ranked_lists, relevant_lists) -> float",
    conventions=(
        "Per query: AP = (1 / |relevant|) * the sum, over the positions i (from 1) that hold a relevant item, "
        "of precision@i.",
        "Relevant items that never appear in the ranking still count in |relevant| (they add 0): AP divides "
        "by all the relevant items, not by those found.",
        "A query with no relevant items scores 0 and still counts; MAP is the plain mean over the queries. "
        "At least one query; ids are distinct within each array.",
    ),
    returns="float",
    hints=(
        "MRR only looks at the first relevant result. What would you average to reward a ranking that puts "
        "*every* relevant result high?",
        "Walk down the ranking; at each relevant item note the precision so far (hits / position). AP is the "
        "sum of those precisions divided by the number of relevant items -- including any the ranking "
        "missed. MAP averages AP over queries.",
        "aps = []; for r, rel in zip(ranked_lists, relevant_lists): hits = np.isin(r, rel); precision = "
        "np.cumsum(hits) / np.arange(1, len(r) + 1); aps.append(np.sum(precision[hits]) / len(rel) if "
        "len(rel) else 0.0); return float(np.mean(aps)).",
    ),
    edges=(
        Edge("textbook", "relevant at positions 1 and 3: AP = (1/1 + 2/3) / 2",
             ([ints(1, 2, 3, 4)], [ints(1, 3)])),
        Edge("missed-relevant", "item 9 is relevant but never ranked: it counts in the denominator, AP 0.5",
             ([ints(1, 2, 3)], [ints(1, 9)])),
        Edge("late-hit", "the only relevant item at position 3: AP = precision@3 = 1/3",
             ([ints(5, 6, 1)], [ints(1)])),
        Edge("query-without-relevant", "a query with nothing relevant scores 0 and stays in the mean",
             ([ints(1, 2), ints(3, 4)], [ints(1), ints()])),
        Edge("nothing-ranked", "an empty ranking finds nothing: 0.0", ([ints()], [ints(2)])),
    ),
    random=Random(_mrr_case, n=30),
    props=(
        Prop("query-order", "the order of the queries does not matter", _mrr_reordered,
             lambda outs, calls: all_same(outs, what="MAP before and after reordering queries")),
        Prop("tail-padding", "appending irrelevant results after the ranking cannot change MAP", _mrr_padded,
             lambda outs, calls: all_same(outs, what="MAP before and after padding")),
    ),
    wrongs=(
        Wrong("divided-by-found", "you divided by the number of relevant items found in the ranking; AP "
              "divides by all the relevant items, so a missed one costs", _map_divided_by_found),
        Wrong("precision-at-every-position", "you averaged precision@i over every position; AP averages it "
              "only at the positions that hold a relevant item", _map_every_position),
        Wrong("first-hit-only", "you scored only the first relevant item (that is MRR); AP takes the precision "
              "at every relevant item", _map_first_hit),
        Wrong("skipped-empty-queries", "you left queries without relevant items out of the mean; the "
              "convention here scores them 0 and keeps them", _map_skips_empty),
    ),
)

# --- 6. top-k accuracy ----------------------------------------------------------------------


def _topk_check(k):
    if k < 1:
        raise ValueError("k")


def _topk_lowest(y_true, y_score, k):
    _topk_check(k)
    lowest = np.argsort(y_score, axis=1)[:, :k]  # ascending: the k *lowest* scores
    return float(np.mean(np.any(lowest == y_true[:, None], axis=1)))


def _topk_off_by_one(y_true, y_score, k):
    _topk_check(k)
    true_score = y_score[np.arange(len(y_true)), y_true]
    return float(np.mean(np.sum(y_score > true_score[:, None], axis=1) <= k))


def _topk_argmax(y_true, y_score, k):
    _topk_check(k)
    return float(np.mean(np.argmax(y_score, axis=1) == y_true))


def _topk_case(rng):
    n, n_classes = int(rng.integers(1, 50)), int(rng.integers(3, 9))
    y_true = rng.integers(0, n_classes, n).astype(np.int64)
    logits = rng.normal(size=(n, n_classes)) + rng.uniform(0, 3) * np.eye(n_classes)[y_true]
    y_score = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # continuous: no ties
    return call(y_true, y_score, k=int(rng.integers(1, n_classes + 2)))


def _topk_growing(rng):
    c = _topk_case(rng)
    return [c, call(*c.args, k=c.kwargs["k"] + int(rng.integers(1, 3)))]


def _topk_non_decreasing(outs, calls):
    if float(outs[1]) + 1e-12 < float(outs[0]):
        return f"top-{calls[1].kwargs['k']} accuracy {outs[1]!r} is below top-{calls[0].kwargs['k']} {outs[0]!r}"
    return None


def _topk_relabelled(rng):
    c = _topk_case(rng)
    y_true, y_score = c.args
    perm = rng.permutation(y_score.shape[1])  # new column j holds old class perm[j]
    new_label = np.argsort(perm)
    return [c, call(new_label[y_true], y_score[:, perm], **c.kwargs)]


TOP1_POOR = (ints(0, 1, 2, 2), a([[0.3, 0.5, 0.2], [0.45, 0.4, 0.15], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7]]))

TOP_K_ACCURACY = Drill(
    id="top-k-accuracy",
    title="Top-k accuracy",
    function="top_k_accuracy",
    signature="top_k_accuracy(y_true, y_score, k) -> float",
    conventions=(
        "y_score has shape (n_samples, n_classes); column c scores class c, and y_true holds class indices "
        "0..n_classes-1.",
        "A sample is a hit when its true class is among the k highest-scored classes; return the fraction of "
        "hits, as sklearn.metrics.top_k_accuracy_score(y_true, y_score, k=k, labels=range(n_classes)).",
        "k >= n_classes: every sample is a hit (1.0). k < 1: raise ValueError. Rows have no tied scores.",
    ),
    returns="float",
    hints=(
        "A product-search page shows 3 suggestions. When should a sample count as answered correctly, and "
        "what does k = 1 reduce to?",
        "The true class is in the top k exactly when fewer than k classes score strictly higher than it. "
        "Pick each row's true-class score with fancy indexing and count the higher ones.",
        "if k < 1: raise ValueError; true_score = y_score[np.arange(len(y_true)), y_true]; higher = "
        "np.sum(y_score > true_score[:, None], axis=1); return float(np.mean(higher < k)).",
    ),
    edges=(
        Edge("top1-poor-top2-good", "top-1 gets 1 of 4 right, yet every true class is in the top 2",
             TOP1_POOR, {"k": 2}),
        Edge("k-one-is-accuracy", "k = 1 is plain accuracy (argmax)", TOP1_POOR, {"k": 1}),
        Edge("k-covers-all", "k >= n_classes: every sample is a hit", TOP1_POOR, {"k": 5}),
        Edge("not-the-lowest", "both true classes score lowest: misses at k = 2, hits only at k = 3",
             (ints(0, 2), a([[0.1, 0.3, 0.6], [0.5, 0.4, 0.1]])), {"k": 2}),
        Edge("k-zero", "k = 0 shows nothing: ValueError", TOP1_POOR, {"k": 0}),
    ),
    random=Random(_topk_case, n=30),
    props=(
        Prop("non-decreasing-in-k", "a longer shortlist can only catch more", _topk_growing, _topk_non_decreasing),
        Prop("rename-classes", "reordering the columns and renaming the labels to match changes nothing",
             _topk_relabelled, lambda outs, calls: all_same(outs, what="scores before and after renaming")),
    ),
    wrongs=(
        Wrong("lowest-k", "you took the first k of np.argsort, which sorts ascending: those are the k lowest "
              "scores; take the last k (or sort -y_score)", _topk_lowest),
        Wrong("off-by-one", "you counted a hit when at most k classes score higher: that is top-(k + 1); the "
              "true class is in the top k when fewer than k score higher", _topk_off_by_one),
        Wrong("ignores-k", "you compared the argmax with y_true whatever k is: that is top-1 accuracy",
              _topk_argmax),
    ),
)

DRILLS = [PRECISION_AT_K, RECALL_AT_K, MRR, NDCG, MAP, TOP_K_ACCURACY]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'precision-at-k': """
def precision_at_k(ranked, relevant, k):
    if k < 1:
        raise ValueError
    return float(np.isin(ranked[:k], relevant).sum() / k)
""",
    'recall-at-k': """
def recall_at_k(ranked, relevant, k):
    if k < 1:
        raise ValueError
    if len(relevant) == 0:
        return 0.0
    return float(np.isin(ranked[:k], relevant).sum() / len(relevant))
""",
    'mrr': """
def mean_reciprocal_rank(ranked_lists, relevant_lists):
    scores = [1 / (h[0] + 1) if h.size else 0.0 for h in (np.flatnonzero(np.isin(r, rel)) for r, rel in zip(ranked_lists, relevant_lists))]
    return float(np.mean(scores))
""",
    'ndcg': """
def ndcg_at_k(relevance, k):
    rel = np.asarray(relevance, dtype=float)
    n = rel.size
    d = 1 / np.log2(np.arange(2, n + 2))
    dcg = np.sum(rel[:k] * d[:k])
    idcg = np.sum(np.sort(rel)[::-1][:k] * d[:k])
    return 0.0 if idcg == 0 else float(dcg / idcg)
""",
    'map': """
def mean_average_precision(ranked_lists, relevant_lists):
    aps = []
    for r, rel in zip(ranked_lists, relevant_lists):
        hits = np.isin(r, rel)
        precision = np.cumsum(hits) / np.arange(1, len(r) + 1)
        aps.append(np.sum(precision[hits]) / len(rel) if len(rel) else 0.0)
    return float(np.mean(aps))
""",
    'top-k-accuracy': """
def top_k_accuracy(y_true, y_score, k):
    if k < 1:
        raise ValueError
    true_score = y_score[np.arange(len(y_true)), y_true]
    higher = np.sum(y_score > true_score[:, None], axis=1)
    return float(np.mean(higher < k))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
