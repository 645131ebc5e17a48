"""Specs for drill set 16: recommenders beyond accuracy and choosing k.

Three families, three drills each: off-policy estimates from logs (IPS, SNIPS, clipped IPS),
what the lists look like as a whole (catalogue coverage, intra-list diversity, novelty), and
choosing k (Calinski-Harabasz, the gap statistic's values and Tibshirani's rule). Each
misconception is a wrong implementation a learner could plausibly write: dividing IPS by the
sum of the weights or by the matched rows, inverting the weight, clipping the product instead
of the weight; coverage over recommendation slots or over the items that were recommended;
diversity with self-pairs, as a similarity, or Euclidean; novelty in nats, as popularity, or
over all interactions; Calinski-Harabasz without degrees of freedom or cluster sizes; the log
of a mean, a sample standard deviation, the gap's argmax, the rule without (or with the wrong)
standard error.
"""

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Recommenders beyond accuracy and choosing k"

a = np.array
TOL = Tol(rtol=1e-9, atol=1e-12)


def _same(what):
    return lambda outs, calls: all_same(outs, TOL, what=what)


# =========================================================================== off-policy logs


def _logs(rng, n=None):
    """rewards, logging propensities in (0, 1] (some small), target propensities (some 0)."""
    n = n or int(rng.integers(1, 40))
    p0 = np.round(rng.choice([rng.uniform(0.02, 0.2), rng.uniform(0.2, 1.0)], size=n), 3)
    p0 = np.clip(p0, 0.01, 1.0)
    p1 = np.round(np.where(rng.random(n) < 0.25, 0.0, rng.uniform(0, 1, n)), 3)
    rewards = (rng.random(n) < 0.4).astype(float) if rng.random() < 0.6 else np.round(rng.uniform(0, 5, n), 2)
    return rewards, p0, p1


def _log_case(rng):
    return _logs(rng)


def _weights(logging_propensity, target_propensity):
    return np.asarray(target_propensity, dtype=float) / np.asarray(logging_propensity, dtype=float)


# --- 1. IPS --------------------------------------------------------------------------------------


def _ips_self_normalised(rewards, logging_propensity, target_propensity):
    w = _weights(logging_propensity, target_propensity)
    return float(w @ np.asarray(rewards, dtype=float) / w.sum()) if w.sum() > 0 else 0.0


def _ips_inverted(rewards, logging_propensity, target_propensity):
    p0, p1 = np.asarray(logging_propensity, dtype=float), np.asarray(target_propensity, dtype=float)
    w = np.divide(p0, p1, out=np.zeros_like(p0), where=p1 > 0)
    return float(np.mean(w * np.asarray(rewards, dtype=float)))


def _ips_matched_rows(rewards, logging_propensity, target_propensity):
    w = _weights(logging_propensity, target_propensity)
    matched = int(np.count_nonzero(w))
    return float(w @ np.asarray(rewards, dtype=float) / matched) if matched else 0.0


def _scaled_rewards(rng):
    rewards, p0, p1 = _logs(rng)
    return [call(rewards, p0, p1), call(2.5 * rewards, p0, p1)]


def _scales_with_rewards(outs, calls):
    return mismatch(2.5 * float(outs[0]), outs[1], TOL, where="the estimate with every reward times 2.5")


def _equal_policies(rng):
    rewards, p0, _ = _logs(rng)
    return [call(rewards, p0, p0.copy()), call(rewards, np.ones_like(p0), np.ones_like(p0))]


IPS = Drill(
    id="ips-estimate",
    title="Inverse propensity scoring (IPS)",
    function="ips_estimate",
    signature="ips_estimate(rewards, logging_propensity, target_propensity) -> float",
    conventions=(
        "w_i = target_propensity[i] / logging_propensity[i]: how much more often the new policy takes the "
        "logged action.",
        "Return the mean over ALL n logged rows of w_i * rewards[i], as a float (rows the new policy never "
        "takes count as 0).",
        "logging_propensity is in (0, 1]; target_propensity is in [0, 1].",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "The old policy showed action a with probability 0.1 and the new one would show it with probability 1: "
        "should that logged reward count once, or ten times?",
        "Weight each logged reward by target / logging propensity, then average over every row of the log -- "
        "divide by n, not by the sum of the weights (that is SNIPS) and not by the rows with a weight.",
        "w = target_propensity / logging_propensity; return float(np.mean(w * rewards)).",
    ),
    edges=(
        Edge("hand-worked", "weights 2, 0, 2, 2/3: (2 + 0 + 2 + 0) / 4 = 1",
             (a([1.0, 0.0, 1.0, 0.0]), a([0.5, 0.5, 0.25, 0.75]), a([1.0, 0.0, 0.5, 0.5]))),
        Edge("rare-action", "a reward logged at propensity 0.1 that the new policy always takes counts 10 times",
             (a([1.0, 0.0, 0.0]), a([0.1, 0.9, 0.9]), a([1.0, 0.0, 0.0]))),
        Edge("never-takes", "the new policy never takes a logged action: the estimate is 0",
             (a([1.0, 1.0]), a([0.5, 0.5]), a([0.0, 0.0]))),
        Edge("same-policy", "the new policy is the old one: every weight is 1, the plain mean of the rewards",
             (a([3.0, 1.0, 2.0]), a([0.2, 0.5, 0.3]), a([0.2, 0.5, 0.3]))),
        Edge("above-the-range", "IPS is not bounded by the rewards: weights 9 and 1/9 on two rewards of 1",
             (a([1.0, 1.0]), a([0.1, 0.9]), a([0.9, 0.1]))),
    ),
    random=Random(_log_case, n=25),
    props=(
        Prop("linear-in-rewards", "IPS is a weighted SUM of rewards: scaling them scales it", _scaled_rewards,
             _scales_with_rewards),
        Prop("equal-policies", "when the new policy is the old one the estimate is the mean reward, whatever "
             "the propensities", _equal_policies, _same("estimates with equal policies")),
    ),
    wrongs=(
        Wrong("self-normalised", "you divided by the sum of the weights: that is SNIPS (biased, lower variance); "
              "IPS divides by the number of logged rows n", _ips_self_normalised),
        Wrong("inverted-weight", "your weight is logging / target; the importance weight is target / logging "
              "propensity (how much MORE the new policy takes the action)", _ips_inverted),
        Wrong("matched-rows-only", "you averaged over the rows the new policy can take; rows it never takes "
              "still count, as 0, in the mean over all n rows", _ips_matched_rows),
    ),
)


# --- 2. SNIPS ------------------------------------------------------------------------------------


def _snips_over_n(rewards, logging_propensity, target_propensity):
    w = _weights(logging_propensity, target_propensity)
    return float(np.mean(w * np.asarray(rewards, dtype=float)))


def _snips_product_of_means(rewards, logging_propensity, target_propensity):
    w = _weights(logging_propensity, target_propensity)
    return float(w.mean() * np.mean(rewards))


def _snips_matched_rows(rewards, logging_propensity, target_propensity):
    return _ips_matched_rows(rewards, logging_propensity, target_propensity)


def _shifted_rewards(rng):
    rewards, p0, p1 = _logs(rng)
    p1[0] = max(p1[0], 0.5)  # at least one weight
    return [call(rewards, p0, p1), call(rewards + 3.0, p0, p1)]


def _shift_equivariant(outs, calls):
    return mismatch(float(outs[0]) + 3.0, outs[1], TOL, where="the estimate with 3 added to every reward")


def _halved_target(rng):
    rewards, p0, p1 = _logs(rng)
    p1[0] = max(p1[0], 0.5)
    return [call(rewards, p0, p1), call(rewards, p0, p1 / 2)]


SNIPS = Drill(
    id="snips-estimate",
    title="Self-normalised IPS (SNIPS)",
    function="snips_estimate",
    signature="snips_estimate(rewards, logging_propensity, target_propensity) -> float",
    conventions=(
        "w_i = target_propensity[i] / logging_propensity[i].",
        "Return sum_i w_i * rewards[i] / sum_i w_i as a float; when every w_i is 0 return 0.0.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "The weights average 1 in expectation, but in your log they sum to 0.8 n: what does dividing by their "
        "actual sum instead of n correct?",
        "Compute the importance weights as for IPS, then a weighted average of the rewards: the weighted sum "
        "divided by the sum of the weights themselves (guard the case where they are all 0).",
        "w = target_propensity / logging_propensity; if w.sum() == 0: return 0.0; "
        "return float(np.sum(w * rewards) / np.sum(w)).",
    ),
    edges=(
        Edge("hand-worked", "weights 2, 0, 2, 2/3: 4 / (14/3) = 6/7",
             (a([1.0, 0.0, 1.0, 0.0]), a([0.5, 0.5, 0.25, 0.75]), a([1.0, 0.0, 0.5, 0.5]))),
        Edge("within-the-range", "a weighted average stays within the rewards: weights 9 and 1/9 on two 1s give 1",
             (a([1.0, 1.0]), a([0.1, 0.9]), a([0.9, 0.1]))),
        Edge("all-weights-zero", "the new policy never takes a logged action: 0/0, return 0.0",
             (a([1.0, 0.0]), a([0.5, 0.5]), a([0.0, 0.0]))),
        Edge("one-matched-row", "a single row with a weight: its reward, whatever the weight",
             (a([4.0, 1.0, 2.0]), a([0.3, 0.5, 0.2]), a([0.0, 0.05, 0.0]))),
        Edge("mixed-weights", "weights 4, 1/2 and 2 on rewards 0, 2, 5",
             (a([0.0, 2.0, 5.0]), a([0.25, 0.8, 0.5]), a([1.0, 0.4, 1.0]))),
    ),
    random=Random(_log_case, n=25),
    props=(
        Prop("shift-equivariant", "a weighted average moves with the rewards: adding 3 to each adds 3",
             _shifted_rewards, _shift_equivariant),
        Prop("weight-scale-free", "halving every target propensity halves every weight, which cancels",
             _halved_target, _same("estimates before and after halving the target propensities")),
    ),
    wrongs=(
        Wrong("divided-by-n", "you divided by n: that is plain IPS; SNIPS divides by the sum of the weights",
              _snips_over_n),
        Wrong("product-of-means", "you multiplied the mean weight by the mean reward; SNIPS weights each reward by "
              "its own weight before summing", _snips_product_of_means),
        Wrong("divided-by-matched-rows", "you divided by the number of rows with a weight; divide by the SUM of "
              "the weights", _snips_matched_rows),
    ),
)


# --- 3. clipped IPS ------------------------------------------------------------------------------


def _clipped_product(rewards, logging_propensity, target_propensity, clip):
    w = _weights(logging_propensity, target_propensity)
    return float(np.mean(np.minimum(w * np.asarray(rewards, dtype=float), clip)))


def _clipped_dropping(rewards, logging_propensity, target_propensity, clip):
    w = _weights(logging_propensity, target_propensity)
    return float(np.mean(np.where(w <= clip, w, 0.0) * np.asarray(rewards, dtype=float)))


def _clipped_propensity(rewards, logging_propensity, target_propensity, clip):
    p0 = np.maximum(np.asarray(logging_propensity, dtype=float), 1.0 / clip)
    return float(np.mean(np.asarray(target_propensity, dtype=float) / p0 * np.asarray(rewards, dtype=float)))


def _clip_case(rng):
    rewards, p0, p1 = _logs(rng)
    return call(rewards, p0, p1, float(rng.choice([0.5, 1.0, 2.0, 3.0, 5.0, 10.0])))


def _clip_ladder(rng):
    rewards, p0, p1 = _logs(rng)
    return [call(rewards, p0, p1, c) for c in (0.5, 1.0, 2.0, 5.0, 20.0, 1000.0)]


def _non_decreasing(outs, calls):
    for i in range(1, len(outs)):
        if float(outs[i]) < float(outs[i - 1]) - 1e-12:
            return (f"with non-negative rewards a larger clip can only raise the estimate, but clip="
                    f"{calls[i].args[3]} gave {outs[i]!r} < {outs[i - 1]!r} at clip={calls[i - 1].args[3]}")
    return None


def _huge_clip(rng):
    rewards, p0, p1 = _logs(rng)
    return [call(rewards, p0, p1, 1e9), call(rewards, p0, p1, float((p1 / p0).max()) + 1.0)]


CLIPPED_IPS = Drill(
    id="clipped-ips",
    title="IPS with clipped weights",
    function="clipped_ips_estimate",
    signature="clipped_ips_estimate(rewards, logging_propensity, target_propensity, clip) -> float",
    conventions=(
        "w_i = min(target_propensity[i] / logging_propensity[i], clip): the weight is capped, the reward is not.",
        "Return the mean over all n rows of w_i * rewards[i] as a float.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "One row with a weight of 50 can dominate an average of 1,000 rows: which quantity should you cap so "
        "that rows keep their reward but lose their leverage?",
        "Compute the importance weights, cap each at clip with an element-wise minimum, then average weight "
        "times reward over all the rows, as in IPS. Do not drop rows and do not cap the reward.",
        "w = np.minimum(target_propensity / logging_propensity, clip); return float(np.mean(w * rewards)).",
    ),
    edges=(
        Edge("nothing-to-clip", "every weight below clip: plain IPS",
             (a([1.0, 0.0, 1.0]), a([0.5, 0.5, 0.5]), a([0.5, 0.5, 1.0]), 5.0)),
        Edge("one-big-weight", "a weight of 20 capped at 5: the row still counts, 5 times its reward",
             (a([1.0, 1.0]), a([0.05, 0.5]), a([1.0, 0.5]), 5.0)),
        Edge("reward-not-capped", "a weight of 2 under clip 3 on a reward of 4: 8, not 3",
             (a([4.0, 0.0]), a([0.5, 0.5]), a([1.0, 0.0]), 3.0)),
        Edge("clip-below-one", "clip 0.5 caps even the ordinary weights",
             (a([1.0, 2.0, 3.0]), a([0.5, 0.5, 0.5]), a([0.5, 1.0, 0.2]), 0.5)),
        Edge("partial-target", "target 0.3 at logging 0.02: weight 15, capped at 10",
             (a([2.0, 1.0]), a([0.02, 0.6]), a([0.3, 0.6]), 10.0)),
    ),
    random=Random(_clip_case, n=25),
    props=(
        Prop("monotone-in-clip", "with non-negative rewards, raising the cap can only raise the estimate",
             _clip_ladder, _non_decreasing, n=4),
        Prop("large-clip-is-ips", "a cap above every weight changes nothing", _huge_clip,
             _same("estimates with two caps above every weight")),
    ),
    wrongs=(
        Wrong("clipped-product", "you capped the product weight * reward; cap the WEIGHT and keep the reward, or "
              "large rewards are clipped too", _clipped_product),
        Wrong("dropped-rows", "you dropped the rows whose weight exceeds clip; clipping keeps them with weight = "
              "clip", _clipped_dropping),
        Wrong("clipped-propensity", "you floored the logging propensity at 1/clip; that caps target/logging only "
              "when the target propensity is 1 -- cap the weight itself", _clipped_propensity),
    ),
)


# =========================================================================== the lists as a whole


def _lists(rng):
    """(recommendations, n_items): every user's list of k distinct item ids, popular items more often."""
    n_items = int(rng.integers(3, 40))
    k = int(rng.integers(1, min(n_items, 8) + 1))
    n_users = int(rng.integers(1, 25))
    p = 1.0 / np.arange(1, n_items + 1) ** rng.uniform(0, 2)
    p = p[rng.permutation(n_items)] / p.sum()
    recs = np.array([rng.choice(n_items, size=k, replace=False, p=p) for _ in range(n_users)], dtype=np.int64)
    return recs, n_items


# --- 4. catalogue coverage -----------------------------------------------------------------------


def _coverage_slots(recommendations, n_items):
    return float(np.asarray(recommendations).size / n_items)


def _coverage_share_of_slots(recommendations, n_items):
    recs = np.asarray(recommendations)
    return float(np.unique(recs).size / recs.size)


def _coverage_catalogue_from_lists(recommendations, n_items):
    recs = np.asarray(recommendations)
    return float(np.unique(recs).size / (recs.max() + 1))


def _coverage_case(rng):
    recs, n_items = _lists(rng)
    return recs, n_items + int(rng.integers(0, 10))


def _shuffled_users(rng):
    recs, n_items = _coverage_case(rng)
    return [call(recs, n_items), call(recs[rng.permutation(len(recs))], n_items)]


def _repeat_user(rng):
    recs, n_items = _coverage_case(rng)
    return [call(recs, n_items), call(np.vstack([recs, recs[:1]]), n_items)]


COVERAGE = Drill(
    id="catalog-coverage",
    title="Catalogue coverage",
    function="catalog_coverage",
    signature="catalog_coverage(recommendations, n_items) -> float",
    conventions=(
        "recommendations[u] is user u's list of item ids (ints in [0, n_items)); an item appears at most once "
        "per list.",
        "Return |items recommended to at least one user| / n_items as a float (the catalogue includes items "
        "never recommended).",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "If all 1,000 users get the same 10 bestsellers from a catalogue of 5,000, how many distinct items did "
        "the recommender use?",
        "Collect the distinct item ids across every list (a union, not a count of slots) and divide by the size "
        "of the whole catalogue -- n_items, not the largest id you happen to see.",
        "return float(np.unique(recommendations).size / n_items).",
    ),
    edges=(
        Edge("same-bestsellers", "every user gets the same 3 items out of 10: 0.3",
             (a([[0, 1, 2], [0, 1, 2], [0, 1, 2]]), 10)),
        Edge("overlapping-lists", "{0, 1, 2} and {0, 1, 3} cover 4 of 10 items", (a([[0, 1, 2], [0, 1, 3]]), 10)),
        Edge("unseen-tail", "the catalogue goes beyond the largest recommended id", (a([[3, 1], [1, 2]]), 20)),
        Edge("full-coverage", "every item shown once: 1.0", (a([[0, 1], [2, 3]]), 4)),
        Edge("one-user", "a single list of 4 from 8", (a([[7, 0, 5, 2]]), 8)),
    ),
    random=Random(_coverage_case, n=25),
    props=(
        Prop("user-order", "the order of the users does not matter", _shuffled_users,
             _same("coverage before and after shuffling the users")),
        Prop("repeated-list", "another user with an already-shown list covers nothing new", _repeat_user,
             _same("coverage before and after repeating a list")),
    ),
    wrongs=(
        Wrong("counted-slots", "you counted recommendation slots; an item shown to many users is still one item: "
              "count DISTINCT items", _coverage_slots),
        Wrong("share-of-slots", "you divided the distinct items by the number of slots; coverage divides by the "
              "size of the catalogue", _coverage_share_of_slots),
        Wrong("catalogue-from-lists", "you took the catalogue size from the largest id in the lists; items never "
              "recommended are part of the catalogue: divide by n_items", _coverage_catalogue_from_lists),
    ),
)


# --- 5. intra-list diversity ---------------------------------------------------------------------


def _unit(item_features):
    F = np.asarray(item_features, dtype=float)
    norm = np.linalg.norm(F, axis=1, keepdims=True)
    return np.divide(F, norm, out=np.zeros_like(F), where=norm > 0)


def _ild(recommendations, item_features, self_pairs=False, similarity=False, euclidean=False):
    F = np.asarray(item_features, dtype=float)
    U = _unit(F)
    out = []
    for row in np.asarray(recommendations):
        if euclidean:
            D = np.linalg.norm(F[row][:, None, :] - F[row][None, :, :], axis=-1)
        else:
            S = U[row] @ U[row].T
            D = S if similarity else 1.0 - S
        k = len(row)
        if self_pairs:
            np.fill_diagonal(D, 0.0)
            out.append(D.mean())
        else:
            out.append(D[np.triu_indices(k, 1)].mean())
    return float(np.mean(out))


def _ild_self_pairs(recommendations, item_features):
    return _ild(recommendations, item_features, self_pairs=True)


def _ild_similarity(recommendations, item_features):
    return _ild(recommendations, item_features, similarity=True)


def _ild_euclidean(recommendations, item_features):
    return _ild(recommendations, item_features, euclidean=True)


def _ild_case(rng):
    while True:
        recs, n_items = _lists(rng)
        if recs.shape[1] >= 2:
            break
    d = int(rng.integers(2, 6))
    features = (rng.random((n_items, d)) < 0.5).astype(float) if rng.random() < 0.5 else \
        np.round(rng.normal(size=(n_items, d)), 2)
    features[features.sum(axis=1) == 0, 0] = 1.0  # no zero vector in the random cases
    return recs, features


def _ild_reordered(rng):
    recs, features = _ild_case(rng)
    inside = np.array([rng.permutation(r) for r in recs])
    return [call(recs, features), call(inside, features)]


def _ild_rescaled(rng):
    recs, features = _ild_case(rng)
    scale = rng.uniform(0.2, 5.0, size=(len(features), 1))
    return [call(recs, features), call(recs, features * scale)]


DIVERSITY = Drill(
    id="intra-list-diversity",
    title="Intra-list diversity",
    function="intra_list_diversity",
    signature="intra_list_diversity(recommendations, item_features) -> float",
    conventions=(
        "d(i, j) = 1 - cos(f_i, f_j) with f = the rows of item_features; a zero vector has cosine 0 with every "
        "item (distance 1).",
        "The ILD of a list is the mean of d over its k (k - 1) / 2 pairs of distinct positions; lists have "
        "k >= 2 items.",
        "Return the mean of the per-list ILD over the users, as a float.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "A list of three items has how many pairs of different items -- and is an item's distance to itself "
        "one of them?",
        "Normalise every feature vector to length 1 (leave zero vectors at 0). For each list, take the cosine "
        "similarities of its items, turn them into distances 1 - cos, average the pairs above the diagonal, "
        "then average over the lists.",
        "norm = np.linalg.norm(item_features, axis=1, keepdims=True); unit = np.divide(item_features, norm, "
        "out=np.zeros_like(item_features, dtype=float), where=norm > 0); per_list = []; "
        "for row in recommendations: D = 1 - unit[row] @ unit[row].T; "
        "per_list.append(D[np.triu_indices(len(row), 1)].mean()); after the loop return float(np.mean(per_list)).",
    ),
    edges=(
        Edge("same-genre", "two items with the same genre vector: distance 0",
             (a([[0, 1]]), a([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))),
        Edge("two-lists", "one list of copies (0) and one of orthogonal items (1): mean 0.5",
             (a([[0, 1], [0, 2]]), a([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))),
        Edge("three-items", "three pairs, not nine: distances 0, 1, 1 average 2/3",
             (a([[0, 1, 2]]), a([[1.0, 0.0], [2.0, 0.0], [0.0, 3.0]]))),
        Edge("zero-vector", "an item with no feature has cosine 0, so distance 1, to everything",
             (a([[0, 1]]), a([[1.0, 1.0], [0.0, 0.0]]))),
        Edge("opposite", "opposite directions: cosine -1, distance 2",
             (a([[0, 1]]), a([[1.0, -2.0], [-1.0, 2.0]]))),
    ),
    random=Random(_ild_case, n=25),
    props=(
        Prop("order-inside-a-list", "diversity is about the set of items, not their positions", _ild_reordered,
             _same("diversity before and after reordering each list")),
        Prop("length-free", "cosine ignores each vector's length: rescaling items changes nothing", _ild_rescaled,
             _same("diversity before and after rescaling the feature vectors")),
    ),
    wrongs=(
        Wrong("self-pairs", "you averaged over all k x k entries, including each item with itself (distance 0); "
              "average the k (k - 1) / 2 pairs of different items", _ild_self_pairs),
        Wrong("similarity", "you averaged the cosine SIMILARITY; diversity is the distance 1 - cos", _ild_similarity),
        Wrong("euclidean", "you used the Euclidean distance between raw vectors; the convention is the cosine "
              "distance, which ignores their lengths", _ild_euclidean),
    ),
)


# --- 6. novelty ----------------------------------------------------------------------------------


def _novelty_nats(recommendations, item_counts, n_users):
    p = np.asarray(item_counts, dtype=float)[np.asarray(recommendations)] / n_users
    return float(np.mean(-np.log(p)))


def _novelty_popularity(recommendations, item_counts, n_users):
    p = np.asarray(item_counts, dtype=float)[np.asarray(recommendations)] / n_users
    return float(np.mean(p))


def _novelty_interaction_share(recommendations, item_counts, n_users):
    counts = np.asarray(item_counts, dtype=float)
    return float(np.mean(-np.log2(counts[np.asarray(recommendations)] / counts.sum())))


def _novelty_case(rng):
    recs, n_items = _lists(rng)
    n_users = int(rng.integers(2, 200))
    counts = np.minimum(rng.zipf(1.6, n_items), n_users).astype(np.int64)
    return recs, counts, n_users


def _novelty_doubled(rng):
    recs, counts, n_users = _novelty_case(rng)
    return [call(recs, counts, n_users), call(recs, 2 * counts, 2 * n_users)]


def _novelty_stacked(rng):
    recs, counts, n_users = _novelty_case(rng)
    return [call(recs, counts, n_users), call(np.vstack([recs, recs]), counts, n_users)]


NOVELTY = Drill(
    id="recommendation-novelty",
    title="Novelty (self-information of popularity)",
    function="novelty",
    signature="novelty(recommendations, item_counts, n_users) -> float",
    conventions=(
        "p_i = item_counts[i] / n_users: the share of users who interacted with item i (every count is >= 1 "
        "and <= n_users).",
        "Return the mean of -log2(p_i) over every recommended item of every list, as a float (bits).",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "An item half of all users already have: how many bits of surprise is it worth, and one that only one "
        "user in 1,024 has?",
        "Look up the count of every recommended item, divide by the number of users to get its popularity, take "
        "minus the base-2 logarithm, and average over all the recommended items.",
        "p = item_counts[recommendations] / n_users; return float(np.mean(-np.log2(p))).",
    ),
    edges=(
        Edge("everyone-has-it", "an item every user has carries 0 bits", (a([[0]]), a([10]), 10)),
        Edge("one-bit", "half the users have each item: 1 bit", (a([[0, 1]]), a([5, 5]), 10)),
        Edge("hand-worked", "items with shares 1/2, 1/4, 1/2 and 1/100: (1 + 2 + 1 + 6.64) / 4 bits",
             (a([[0, 1], [0, 2]]), a([50, 25, 1]), 100)),
        Edge("niche-list", "a rare item (1 in 1,024) is worth 10 bits", (a([[1, 2]]), a([512, 1, 1024]), 1024)),
    ),
    random=Random(_novelty_case, n=25),
    props=(
        Prop("population-scale", "doubling the users and every count keeps every share, so the novelty",
             _novelty_doubled, _same("novelty before and after doubling the users and counts")),
        Prop("repeated-users", "the same lists twice do not change a mean", _novelty_stacked,
             _same("novelty before and after repeating every list")),
    ),
    wrongs=(
        Wrong("natural-log", "you used the natural log (nats); self-information here is in bits: use log2",
              _novelty_nats),
        Wrong("popularity-not-information", "you averaged the popularity p_i itself; novelty is its "
              "self-information -log2(p_i), high for RARE items", _novelty_popularity),
        Wrong("share-of-interactions", "you divided each count by the sum of all counts; the popularity of an item "
              "is the share of USERS who have it: divide by n_users", _novelty_interaction_share),
    ),
)


# =========================================================================== choosing k


NAMES = np.array(["gold", "silver", "bronze", "iron", "tin"])


def _points(rng):
    """2-5 clusters around random centres, 1-4 dims, labels as ints or names; 2 <= k <= n - 1."""
    k = int(rng.integers(2, 6))
    n = int(rng.integers(k + 1, 40))
    d = int(rng.integers(1, 5))
    labels = np.r_[np.arange(k), rng.integers(0, k, n - k)]
    centres = rng.normal(0, rng.uniform(0.5, 6), size=(k, d))
    X = np.round(centres[labels] + rng.normal(size=(n, d)), 3)
    labels = rng.permutation(labels)
    return X, (NAMES[labels] if rng.random() < 0.3 else labels)


def _moved(rng):
    X, labels = _points(rng)
    Q, _ = np.linalg.qr(rng.normal(size=(X.shape[1], X.shape[1])))
    return [call(X, labels), call(2.5 * X @ Q + rng.normal(0, 10, X.shape[1]), labels)]


def _renamed(rng):
    X, labels = _points(rng)
    relabel = {old: f"c{i}" for i, old in enumerate(rng.permutation(np.unique(labels)))}
    return [call(X, labels), call(X, np.array([relabel[x] for x in labels]))]


# --- 7. Calinski-Harabasz ------------------------------------------------------------------------


def _ch_parts(X, labels):
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    clusters = np.unique(labels)
    m = X.mean(axis=0)
    sizes = np.array([np.sum(labels == c) for c in clusters])
    centroids = np.array([X[labels == c].mean(axis=0) for c in clusters])
    within = sum(((X[labels == c] - centroids[j]) ** 2).sum() for j, c in enumerate(clusters))
    return X, len(clusters), sizes, centroids, m, float(within)


def _ch_no_dof(X, labels):
    X, k, sizes, centroids, m, within = _ch_parts(X, labels)
    between = float(sizes @ ((centroids - m) ** 2).sum(axis=1))
    return 1.0 if within == 0 else float(between / within)


def _ch_swapped_dof(X, labels):
    X, k, sizes, centroids, m, within = _ch_parts(X, labels)
    between = float(sizes @ ((centroids - m) ** 2).sum(axis=1))
    return 1.0 if within == 0 else float(between * (k - 1) / (within * (len(X) - k)))


def _ch_unweighted_between(X, labels):
    X, k, sizes, centroids, m, within = _ch_parts(X, labels)
    between = float(((centroids - m) ** 2).sum())
    return 1.0 if within == 0 else float(between * (len(X) - k) / (within * (k - 1)))


CALINSKI_HARABASZ = Drill(
    id="calinski-harabasz",
    title="Calinski-Harabasz index",
    function="calinski_harabasz",
    signature="calinski_harabasz(X, labels) -> float",
    conventions=(
        "c_j = the mean of cluster j, m = the mean of all n points; there are k clusters, 2 <= k <= n - 1.",
        "B = sum_j n_j |c_j - m|^2 (between clusters, n_j = the size of cluster j); W = sum_i |x_i - "
        "c_label(i)|^2 (within clusters).",
        "Return (B / (k - 1)) / (W / (n - k)) as a float: sklearn.metrics.calinski_harabasz_score; when W == 0 "
        "return 1.0.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "B always grows when you add clusters and W always shrinks: what stops the ratio B / W from preferring "
        "one cluster per point?",
        "Compute the overall mean and each cluster's mean and size. B sums size times squared distance from the "
        "cluster mean to the overall mean; W sums every point's squared distance to its own cluster mean. "
        "Divide each by its degrees of freedom, k - 1 and n - k.",
        "clusters = np.unique(labels); m = X.mean(axis=0); B = 0.0; W = 0.0; for c in clusters: members = "
        "X[labels == c]; centre = members.mean(axis=0); B += len(members) * ((centre - m) ** 2).sum(); "
        "W += ((members - centre) ** 2).sum(); after the loop: k, n = len(clusters), len(X); "
        "if W == 0: return 1.0; return float((B / (k - 1)) / (W / (n - k))).",
    ),
    edges=(
        Edge("two-pairs", "two pairs 2 apart, centres far apart: B = 50, W = 4, CH = 50 / (4 / 2) = 25",
             (a([[0.0, 0.0], [0.0, 2.0], [5.0, 5.0], [5.0, 7.0]]), a([0, 0, 1, 1]))),
        Edge("sizes-matter", "a big cluster and a small one: B weights each centre by its size",
             (a([[0.0], [1.0], [2.0], [3.0], [10.0], [12.0]]), a([0, 0, 0, 0, 1, 1]))),
        Edge("three-clusters", "k = 3: the degrees of freedom are k - 1 = 2 and n - k = 4",
             (a([[0.0], [1.0], [5.0], [6.0], [10.0], [12.0], [13.0]]), a(["a", "a", "b", "b", "c", "c", "c"]))),
        Edge("zero-within", "clusters of identical points: W = 0, return 1.0 (scikit-learn's convention)",
             (a([[1.0, 1.0], [1.0, 1.0], [4.0, 5.0], [4.0, 5.0]]), a(["x", "x", "y", "y"]))),
    ),
    random=Random(_points, n=25),
    props=(
        Prop("similarity-invariant", "rotating, shifting and scaling the points scales B and W alike", _moved,
             _same("scores before and after a rotation, shift and scaling")),
        Prop("rename-invariant", "cluster names carry no meaning", _renamed,
             _same("scores before and after renaming the clusters")),
    ),
    wrongs=(
        Wrong("no-degrees-of-freedom", "you returned B / W; without the (n - k) / (k - 1) factor the ratio "
              "always prefers more clusters", _ch_no_dof),
        Wrong("swapped-degrees-of-freedom", "you divided B by n - k and W by k - 1; B has k - 1 degrees of "
              "freedom and W has n - k", _ch_swapped_dof),
        Wrong("unweighted-between", "your B sums |c_j - m|^2 without the cluster sizes; each centre counts n_j "
              "times, once per member", _ch_unweighted_between),
    ),
)


# --- 8. the gap statistic's values ---------------------------------------------------------------


def _gap_log_of_mean(w, w_ref):
    w, w_ref = np.asarray(w, dtype=float), np.asarray(w_ref, dtype=float)
    log_ref = np.log(w_ref)
    return np.log(w_ref.mean(axis=0)) - np.log(w), log_ref.std(axis=0) * np.sqrt(1 + 1 / len(w_ref))


def _gap_sample_sd(w, w_ref):
    w, w_ref = np.asarray(w, dtype=float), np.asarray(w_ref, dtype=float)
    log_ref = np.log(w_ref)
    with np.errstate(all="ignore"):
        sd = log_ref.std(axis=0, ddof=1)
    return log_ref.mean(axis=0) - np.log(w), sd * np.sqrt(1 + 1 / len(w_ref))


def _gap_no_simulation_factor(w, w_ref):
    w, w_ref = np.asarray(w, dtype=float), np.asarray(w_ref, dtype=float)
    log_ref = np.log(w_ref)
    return log_ref.mean(axis=0) - np.log(w), log_ref.std(axis=0)


def _gap_case(rng):
    K, B = int(rng.integers(1, 8)), int(rng.integers(1, 12))
    base = np.cumprod(rng.uniform(0.3, 0.9, K)) * rng.uniform(10, 1000)  # falls with k
    w = np.round(base * rng.uniform(0.2, 1.2, K), 3) + 0.001
    w_ref = np.round(base * rng.uniform(0.8, 1.25, (B, K)), 3) + 0.001
    return w, w_ref


def _gap_scaled(rng):
    w, w_ref = _gap_case(rng)
    c = float(rng.uniform(0.01, 100))
    return [call(w, w_ref), call(c * w, c * w_ref)]


def _gap_ref_order(rng):
    w, w_ref = _gap_case(rng)
    return [call(w, w_ref), call(w, w_ref[rng.permutation(len(w_ref))])]


GAP_VALUES = Drill(
    id="gap-values",
    title="The gap statistic and its standard error",
    function="gap_values",
    signature="gap_values(w, w_ref) -> (ndarray, ndarray)",
    conventions=(
        "w[k - 1] is the within-cluster sum of squares W_k of the data clustered into k; w_ref[b, k - 1] the "
        "same for reference data set b (B sets, shape (B, K)).",
        "Gap(k) = mean over the B reference sets of log(w_ref[b, k - 1]) - log(w[k - 1]) (natural logs; a "
        "mean of logs, not the log of a mean).",
        "s(k) = sd(k) * sqrt(1 + 1 / B), where sd(k) is the standard deviation of log(w_ref[:, k - 1]) dividing "
        "by B (np.std's default).",
        "Return (gap, s): two float arrays of shape (K,).",
    ),
    returns="tuple (gap, s) of float arrays",
    names=("gap", "s"),
    tol=TOL,
    hints=(
        "The reference sets' W_k values differ by factors, not by amounts: should you average them before or "
        "after taking logs?",
        "Take the natural log of every reference W and of the data's W. The gap is the column mean of the "
        "reference logs minus the data's log; s is the column standard deviation of the reference logs (the "
        "population one, dividing by B) times sqrt(1 + 1/B).",
        "log_ref = np.log(w_ref); gap = log_ref.mean(axis=0) - np.log(w); "
        "s = log_ref.std(axis=0) * np.sqrt(1 + 1 / len(w_ref)); return gap, s.",
    ),
    edges=(
        Edge("like-noise", "the data's W equals every reference's: no gap, and no spread",
             (a([100.0, 60.0, 40.0]), a([[100.0, 60.0, 40.0], [100.0, 60.0, 40.0]]))),
        Edge("one-reference", "B = 1: the standard deviation is 0 (dividing by B), so s = 0",
             (a([100.0, 20.0]), a([[90.0, 70.0]]))),
        Edge("log-of-mean-differs", "references 10 and 1000: the mean of logs is log 100, the log of the mean "
             "is log 505", (a([10.0]), a([[10.0], [1000.0]]))),
        Edge("three-references", "B = 3: s = sd * sqrt(4 / 3)",
             (a([50.0, 10.0, 8.0]), a([[60.0, 40.0, 30.0], [55.0, 42.0, 28.0], [70.0, 35.0, 33.0]]))),
    ),
    random=Random(_gap_case, n=25),
    props=(
        Prop("unit-free", "multiplying every W by the same constant adds the same log to both sides",
             _gap_scaled, _same("(gap, s) before and after rescaling every W")),
        Prop("reference-order", "the order of the reference sets does not matter", _gap_ref_order,
             _same("(gap, s) before and after shuffling the reference sets")),
    ),
    wrongs=(
        Wrong("log-of-mean", "you took the log of the mean reference W; the gap uses the mean of the logs "
              "(the expected log W under the null)", _gap_log_of_mean),
        Wrong("sample-sd", "your standard deviation divides by B - 1; the paper's sd_k divides by B (np.std's "
              "default)", _gap_sample_sd),
        Wrong("no-simulation-factor", "you returned sd_k; s_k = sd_k * sqrt(1 + 1/B) also counts the simulation "
              "error of the mean over B references", _gap_no_simulation_factor),
    ),
)


# --- 9. Tibshirani's rule ------------------------------------------------------------------------


def _best_k_argmax(gap, s):
    return int(np.argmax(gap)) + 1


def _best_k_ignores_s(gap, s):
    gap = np.asarray(gap, dtype=float)
    for k in range(1, len(gap)):
        if gap[k - 1] >= gap[k]:
            return k
    return len(gap)


def _best_k_own_s(gap, s):
    gap, s = np.asarray(gap, dtype=float), np.asarray(s, dtype=float)
    for k in range(1, len(gap)):
        if gap[k - 1] >= gap[k] - s[k - 1]:
            return k
    return len(gap)


def _near_tie(gap, s):
    """Does some Gap(k) sit within rounding of Gap(k + 1) - s(k + 1)? Two-decimal inputs make exact
    decimal ties (0.42 vs 0.49 - 0.07) that binary floats break either way: ``a >= b - c`` and
    ``a - b + c >= 0`` would then disagree, and a correct answer would fail on rounding alone."""
    return bool(np.any(np.abs(gap[:-1] - (gap[1:] - s[1:])) < 1e-6))


def _curve_case(rng, *, wider=False):
    """A noisy gap curve rising to a random peak, with standard errors; no near-ties (also after
    ``3 s + 0.05`` when ``wider``, and after shifting every gap by 3)."""
    while True:
        K = int(rng.integers(2, 9))
        peak = int(rng.integers(0, K))
        k = np.arange(K)
        gap = np.round(1.0 - 0.15 * np.abs(k - peak) + rng.normal(0, 0.08, K) - 0.4 * (k == 0), 2)
        s = np.round(rng.uniform(0.0, 0.15, K) * rng.choice([0.5, 1.0, 2.0], K), 2)
        if not (_near_tie(gap, s) or _near_tie(gap + 3.0, s) or wider and _near_tie(gap, 3 * s + 0.05)):
            return gap, s


def _shifted_gap(rng):
    gap, s = _curve_case(rng)
    return [call(gap, s), call(gap + 3.0, s)]


def _wider_s(rng):
    gap, s = _curve_case(rng, wider=True)
    return [call(gap, s), call(gap, 3 * s + 0.05)]


def _no_larger(outs, calls):
    if int(outs[1]) > int(outs[0]):
        return (f"a larger standard error makes the rule easier to satisfy, so k can only stay or fall, but it "
                f"rose from {outs[0]!r} to {outs[1]!r}")
    return None


GAP_BEST_K = Drill(
    id="gap-best-k",
    title="Choosing k with the gap statistic (Tibshirani's rule)",
    function="gap_best_k",
    signature="gap_best_k(gap, s) -> int",
    conventions=(
        "gap[k - 1] and s[k - 1] belong to k = 1 .. K (K = len(gap)).",
        "Return the smallest k in 1 .. K - 1 with gap[k - 1] >= gap[k] - s[k] (Gap(k) >= Gap(k + 1) - s(k + 1)), "
        "as an int; when no k qualifies return K.",
    ),
    returns="int",
    hints=(
        "If Gap(3) is 1.20 and Gap(4) is 1.25 with a standard error of 0.10, is the fourth cluster worth it?",
        "Walk k upwards from 1 and stop at the first k whose gap is at least the NEXT k's gap minus the NEXT k's "
        "standard error; the answer is 1-based. If you reach K, return K.",
        "for k in range(1, len(gap)): if gap[k - 1] >= gap[k] - s[k]: return k; after the loop return len(gap).",
    ),
    edges=(
        Edge("clear-peak", "rising to k = 3, then falling: k = 3", (a([0.1, 0.5, 1.2, 1.0, 0.9]), a([0.05] * 5))),
        Edge("within-error", "Gap(4) beats Gap(3) by less than s(4): stop at 3, not at the argmax",
             (a([0.1, 0.6, 1.20, 1.25, 1.0]), a([0.05, 0.05, 0.05, 0.10, 0.05]))),
        Edge("next-s-not-own", "s(k) is tiny but s(k + 1) is large: only the NEXT standard error counts",
             (a([0.2, 0.5, 0.9]), a([0.0, 0.4, 0.0]))),
        Edge("first-that-qualifies", "a small early rise within its error bar, a higher peak later: stop at the first "
             "k that qualifies (2), not at the first drop (3) nor at the highest gap (5)",
             (a([0.5, 1.0, 1.05, 0.9, 1.5, 1.2]), a([0.1] * 6))),
        Edge("still-rising", "no k qualifies: return K and try a larger K", (a([0.1, 0.3, 0.6, 1.0]), a([0.01] * 4))),
        Edge("no-clusters", "Gap(1) already wins: k = 1, the data look like noise",
             (a([0.5, 0.3, 0.2]), a([0.1, 0.1, 0.1]))),
    ),
    random=Random(_curve_case, n=25),
    props=(
        Prop("shift-free", "adding a constant to every gap compares the same differences", _shifted_gap,
             _same("k before and after shifting the gap curve")),
        Prop("wider-errors", "larger standard errors make it easier to stop: k can only stay or fall", _wider_s,
             _no_larger),
    ),
    wrongs=(
        Wrong("argmax", "you returned the k with the largest gap; the rule stops at the first k whose gap is "
              "within one standard error of the next", _best_k_argmax),
        Wrong("ignores-s", "you stopped at the first k with Gap(k) >= Gap(k + 1); the rule subtracts s(k + 1), "
              "so a gain smaller than the noise does not count", _best_k_ignores_s),
        Wrong("own-s", "you subtracted s(k); the rule uses s(k + 1), the standard error of the k you would move "
              "to", _best_k_own_s),
    ),
)

DRILLS = [IPS, SNIPS, CLIPPED_IPS, COVERAGE, DIVERSITY, NOVELTY, CALINSKI_HARABASZ, GAP_VALUES, GAP_BEST_K]


# --- the last hints, as code ----------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line not
# quoted from the hint says which words of the hint it implements).

HINT_SOLUTIONS = {
    "ips-estimate": """
def ips_estimate(rewards, logging_propensity, target_propensity):
    w = target_propensity / logging_propensity
    return float(np.mean(w * rewards))
""",
    "snips-estimate": """
def snips_estimate(rewards, logging_propensity, target_propensity):
    w = target_propensity / logging_propensity
    if w.sum() == 0:
        return 0.0
    return float(np.sum(w * rewards) / np.sum(w))
""",
    "clipped-ips": """
def clipped_ips_estimate(rewards, logging_propensity, target_propensity, clip):
    w = np.minimum(target_propensity / logging_propensity, clip)
    return float(np.mean(w * rewards))
""",
    "catalog-coverage": """
def catalog_coverage(recommendations, n_items):
    return float(np.unique(recommendations).size / n_items)
""",
    "intra-list-diversity": """
def intra_list_diversity(recommendations, item_features):
    norm = np.linalg.norm(item_features, axis=1, keepdims=True)
    unit = np.divide(item_features, norm, out=np.zeros_like(item_features, dtype=float), where=norm > 0)
    per_list = []
    for row in recommendations:
        D = 1 - unit[row] @ unit[row].T
        per_list.append(D[np.triu_indices(len(row), 1)].mean())
    return float(np.mean(per_list))  # hint: after the loop return float(np.mean(per_list))
""",
    "recommendation-novelty": """
def novelty(recommendations, item_counts, n_users):
    p = item_counts[recommendations] / n_users
    return float(np.mean(-np.log2(p)))
""",
    "calinski-harabasz": """
def calinski_harabasz(X, labels):
    clusters = np.unique(labels)
    m = X.mean(axis=0)
    B = 0.0
    W = 0.0
    for c in clusters:
        members = X[labels == c]
        centre = members.mean(axis=0)
        B += len(members) * ((centre - m) ** 2).sum()
        W += ((members - centre) ** 2).sum()
    k, n = len(clusters), len(X)  # hint: after the loop: k, n = len(clusters), len(X)
    if W == 0:
        return 1.0
    return float((B / (k - 1)) / (W / (n - k)))
""",
    "gap-values": """
def gap_values(w, w_ref):
    log_ref = np.log(w_ref)
    gap = log_ref.mean(axis=0) - np.log(w)
    s = log_ref.std(axis=0) * np.sqrt(1 + 1 / len(w_ref))
    return gap, s
""",
    "gap-best-k": """
def gap_best_k(gap, s):
    for k in range(1, len(gap)):
        if gap[k - 1] >= gap[k] - s[k]:
            return k
    return len(gap)  # hint: after the loop return len(gap)
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
