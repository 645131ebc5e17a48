"""Generators for evaluating LLM applications, recommenders beyond accuracy and choosing k.

Error bars on a benchmark score, the paired difference of two models, the questions a gap
needs, Fleiss' kappa, win rates and Elo, RAG retrieval and faithfulness, contamination, IPS
and SNIPS from logs, catalogue coverage, novelty, intra-list diversity and Calinski-Harabasz.
Where the package has the metric, the answer comes from it (imported inside the generator,
so the bank loads while those modules are edited); the rest are one-line formulas written
out next to the traps they are confused with. Every trap is a classic wrong answer: the
unpaired standard error for a paired comparison, the sample size without power, raw
agreement for kappa, the unweighted mean of the matched log rows for IPS, and so on.
"""

from __future__ import annotations

import math

import numpy as np

from . import fmt_list, generator

Z_975 = 1.959963984540054      # two-sided 95%
Z_80 = 0.8416212335729143      # power 80%


def _apart(values, answer, traps, gap):
    """True when every trap is more than ``gap`` (absolute, or relative to the answer) away."""
    return all(abs(values[t] - values[answer]) > gap * max(1.0, abs(values[answer])) for t in traps)


# --------------------------------------------------------------------------- error bars on evals


@generator("benchmark_score")
def benchmark_score(rng):
    """A model answers k of n benchmark questions right: the standard error and 95% interval."""
    from ...significance import standard_error

    n = int(rng.choice([200, 250, 300, 400, 500, 600, 800, 1000, 1319, 2000]))
    k = int(rng.integers(int(0.35 * n), int(0.92 * n)))
    p = k / n
    se = standard_error(np.r_[np.ones(k), np.zeros(n - k)])     # sd/sqrt(n): sqrt(p(1-p)/(n-1))
    return {
        "n": n, "k": k, "accuracy": p, "accuracy_pct": 100 * p,
        "se": se, "se_pct": 100 * se,
        "half_width": Z_975 * se, "half_width_pct": 100 * Z_975 * se,
        "low_pct": 100 * (p - Z_975 * se), "high_pct": 100 * (p + Z_975 * se),
        "sd_pct": 100 * math.sqrt(p * (1 - p)),                  # trap: the spread of one question
        "variance_pct": 100 * p * (1 - p) / n,                   # trap: no square root
    }


@generator("clustered_benchmark")
def clustered_benchmark(rng):
    """Questions come m to a passage; within a passage they are correlated (ICC rho)."""
    g = int(rng.choice([40, 50, 60, 80, 100, 120, 150, 200]))
    m = int(rng.choice([3, 4, 5, 6, 8, 10]))
    n = g * m
    p = float(rng.integers(45, 90)) / 100
    rho = float(rng.integers(10, 60)) / 100
    naive = math.sqrt(p * (1 - p) / n)
    deff = 1 + (m - 1) * rho
    return {
        "passages": g, "per_passage": m, "n": n, "accuracy_pct": 100 * p, "icc": rho,
        "naive_se_pct": 100 * naive, "design_effect": deff,
        "clustered_se_pct": 100 * naive * math.sqrt(deff),
        "effective_n": n / deff,
        "clustered_no_sqrt_pct": 100 * naive * deff,             # trap: deff, not sqrt(deff)
        "se_per_passage_pct": 100 * math.sqrt(p * (1 - p) / g),  # trap: as if one question per passage
    }


@generator("paired_models")
def paired_models(rng):
    """Two models on the same n questions: both right, only A, only B, both wrong."""
    from ...significance import paired_difference

    while True:
        n = int(rng.choice([300, 400, 500, 600, 800, 1000]))
        only_a = int(rng.integers(int(0.04 * n), int(0.10 * n)))
        only_b = int(rng.integers(int(0.02 * n), only_a))
        both = int(rng.integers(int(0.45 * n), int(0.75 * n)))
        neither = n - both - only_a - only_b
        if abs(only_a - only_b) / math.sqrt(only_a + only_b) > 0.5:   # z far enough from 0 for the trap
            break
    a = np.r_[np.ones(both + only_a), np.zeros(only_b + neither)]
    b = np.r_[np.ones(both), np.zeros(only_a), np.ones(only_b), np.zeros(neither)]
    paired = paired_difference(a, b)
    diff, se_paired = float(paired.estimate), float(paired.standard_error)
    pa, pb = (both + only_a) / n, (both + only_b) / n
    se_unpaired = math.sqrt(pa * (1 - pa) / n + pb * (1 - pb) / n)
    return {
        "n": n, "both": both, "only_a": only_a, "only_b": only_b, "neither": neither,
        "acc_a_pct": 100 * pa, "acc_b_pct": 100 * pb, "diff_pct": 100 * diff,
        "se_paired_pct": 100 * se_paired, "z_paired": diff / se_paired,
        "se_unpaired_pct": 100 * se_unpaired,                    # trap: ignores the pairing
        "z_unpaired": diff / se_unpaired,                        # trap
    }


@generator("questions_for_gap")
def questions_for_gap(rng):
    """How many questions detect a gap of d points when the models disagree on a share q?"""
    from ...significance import questions_needed

    while True:
        gap = float(rng.choice([1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0])) / 100
        q = float(rng.integers(8, 31)) / 100                      # share of discordant questions
        var_d = q - gap**2                                        # variance of d in {-1, 0, 1}
        n = questions_needed(gap, math.sqrt(var_d))
        p = float(rng.integers(55, 86)) / 100
        unpaired = math.ceil((Z_975 + Z_80) ** 2 * (p * (1 - p) + (p - gap) * (1 - p + gap)) / gap**2)
        if abs(unpaired - n) > 0.1 * n:
            break
    return {
        "gap_pct": 100 * gap, "discordant_pct": 100 * q, "accuracy_pct": 100 * p,
        "n_needed": n,
        "n_no_power": math.ceil(Z_975**2 * var_d / gap**2),      # trap: 50% power
        "n_unpaired": unpaired,                                   # trap: two independent samples
    }


# --------------------------------------------------------------------------- raters and judges


@generator("fleiss_table")
def fleiss_table(rng):
    """r raters put each of N answers into one of 3 categories: Fleiss' kappa."""
    from ...llm_eval import fleiss_kappa

    while True:
        n_items, raters = int(rng.integers(5, 9)), int(rng.choice([3, 4, 5]))
        truth = rng.choice(3, size=n_items, p=[0.5, 0.3, 0.2])
        accuracy = rng.uniform(0.5, 0.9)
        labels = np.where(rng.random((n_items, raters)) < accuracy, truth[:, None],
                          rng.integers(0, 3, size=(n_items, raters)))
        table = np.stack([(labels == c).sum(axis=1) for c in range(3)], axis=1)
        p_j = table.sum(axis=0) / table.sum()
        p_i = ((table**2).sum(axis=1) - raters) / (raters * (raters - 1))
        p_bar, p_e = float(p_i.mean()), float((p_j**2).sum())
        if p_e > 0.9 or abs(p_bar - p_e) < 0.05 or p_bar > 0.95:
            continue
        kappa = fleiss_kappa(table)
        if abs(p_bar - kappa) > 0.03:
            break
    rows = "; ".join(f"answer {i + 1}: {fmt_list(row)}" for i, row in enumerate(table))
    return {
        "n_items": n_items, "raters": raters, "table": rows,
        "p_bar": p_bar, "p_e": p_e, "kappa": kappa,
        "p_j": fmt_list(p_j, 3),
    }


@generator("win_rate_ties")
def win_rate_ties(rng):
    """Pairwise verdicts of A against B: wins, losses and ties."""
    from ...llm_eval import win_rate

    while True:
        n = int(rng.choice([200, 250, 300, 400, 500]))
        ties = int(rng.integers(int(0.05 * n), int(0.35 * n)))
        wins = int(rng.integers(int(0.15 * n), n - ties - int(0.1 * n)))
        losses = n - ties - wins
        if abs((wins + ties / 2) / n - wins / (wins + losses)) > 0.01:   # else dropping ties changes little
            break
    outcomes = ["win"] * wins + ["loss"] * losses + ["tie"] * ties
    return {
        "n": n, "wins": wins, "losses": losses, "ties": ties,
        "win_rate": win_rate(outcomes, ties="half"),
        "wins_over_all": wins / n,                                 # trap: ties as losses
        "wins_over_decided": wins / (wins + losses),               # trap: ties dropped
    }


_PLAYERS = ["A", "B", "C"]


@generator("elo_games")
def elo_games(rng):
    """Three models start at 1000; three games are played in order; Elo with factor k."""
    from ...llm_eval import elo_ratings

    k = int(rng.choice([16, 20, 24, 32, 40]))
    while True:
        games = [tuple(int(v) for v in rng.permutation(3)[:2]) for _ in range(3)]
        if any(0 in g for g in games):
            forward = elo_ratings(games, k=k, initial=1000, n_items=3)
            backward = elo_ratings(games[::-1], k=k, initial=1000, n_items=3)
            if abs(forward[0] - backward[0]) > 0.2:
                break
    text = ", then ".join(f"{_PLAYERS[w]} beats {_PLAYERS[l]}" for w, l in games)
    return {
        "k": k, "games": text,
        "rating_a": float(forward[0]),
        "rating_a_reversed": float(backward[0]),                   # trap: the games in reverse order
        "expected_first": 0.5,
    }


@generator("pairwise_strengths")
def pairwise_strengths(rng):
    """Bradley-Terry log-strengths and Elo ratings of two models: the chance A beats B."""
    theta_a = round(float(rng.uniform(-1.5, 1.5)), 2)
    theta_b = round(float(rng.uniform(-1.5, 1.5)), 2)
    while abs(theta_a - theta_b) < 0.15:
        theta_b = round(float(rng.uniform(-1.5, 1.5)), 2)
    ra, rb = int(rng.integers(950, 1300)), int(rng.integers(950, 1300))
    while abs(ra - rb) < 20:
        rb = int(rng.integers(950, 1300))
    return {
        "theta_a": theta_a, "theta_b": theta_b,
        "p_bt": 1 / (1 + math.exp(-(theta_a - theta_b))),
        "p_bt_base10": 1 / (1 + 10 ** (-(theta_a - theta_b))),   # trap: the Elo base on log-strengths
        "ra": ra, "rb": rb,
        "p_elo": 1 / (1 + 10 ** ((rb - ra) / 400)),
        "p_elo_natural": 1 / (1 + math.exp((rb - ra) / 400)),    # trap: e instead of 10
    }


# --------------------------------------------------------------------------- RAG


@generator("rag_retrieval")
def rag_retrieval(rng):
    """4-8 queries, the relevance of the top k retrieved chunks, and how many relevant chunks exist."""
    from ...llm_eval import context_precision_at_k, context_recall_at_k, retrieval_hit_rate

    while True:
        m, k = int(rng.integers(4, 9)), int(rng.choice([3, 4, 5, 6]))
        flags = (rng.random((m, k)) < rng.uniform(0.2, 0.6)).astype(int)
        missing = rng.integers(0, 3, size=m)          # 0-2 relevant chunks outside the top k
        if not (0 < flags.sum() and (flags.sum(axis=1) == 0).any() and (flags.sum(axis=1) + missing > 0).all()):
            continue
        # relevant chunks that were not retrieved rank below the top k
        y_true = np.hstack([flags, (np.arange(2)[None, :] < missing[:, None]).astype(int)])
        y_score = np.tile(np.arange(k + 2, 0, -1, dtype=float), (m, 1))
        precision = context_precision_at_k(y_true, y_score, k=k)
        recall = context_recall_at_k(y_true, y_score, k=k)
        totals = flags.sum(axis=1) + missing
        pooled = flags.sum() / totals.sum()
        if min(abs(recall - pooled), abs(recall - precision)) > 0.03:
            break
    lines = "; ".join(f"q{i + 1}: [{' '.join(map(str, row))}] of {t} relevant"
                      for i, (row, t) in enumerate(zip(flags, totals)))
    return {
        "k": k, "n_queries": m, "queries": lines,
        "hit_rate": retrieval_hit_rate(y_true, y_score, k=k),
        "context_precision": precision,
        "context_recall": recall,
        "pooled_recall": float(pooled),                            # trap: pooled over queries
    }


@generator("faithfulness_claims")
def faithfulness_claims(rng):
    """An answer split into claims: supported by the retrieved context, true but unsupported, false."""
    from ...llm_eval import faithfulness

    n = int(rng.integers(5, 16))
    supported = int(rng.integers(1, n))
    true_unsupported = int(rng.integers(1, n - supported + 1))
    false = n - supported - true_unsupported
    return {
        "n_claims": n, "supported": supported, "true_unsupported": true_unsupported, "false": false,
        "faithfulness": faithfulness([True] * supported + [False] * (n - supported)),
        "factual": (supported + true_unsupported) / n,             # trap: true is not supported
    }


@generator("contamination_split")
def contamination_split(rng):
    """A benchmark whose items partly appear in the training corpus: the clean-subset score."""
    from ...llm_eval import clean_vs_contaminated

    n = int(rng.choice([500, 800, 1000, 1200, 2000, 2500]))
    c = int(rng.integers(int(0.05 * n), int(0.3 * n)))
    acc_clean = float(rng.integers(45, 80)) / 100
    acc_cont = min(0.99, acc_clean + float(rng.integers(8, 35)) / 100)
    right_clean, right_cont = round(acc_clean * (n - c)), round(acc_cont * c)
    scores = np.r_[np.ones(right_clean), np.zeros(n - c - right_clean), np.ones(right_cont), np.zeros(c - right_cont)]
    report = clean_vs_contaminated(scores, np.r_[np.zeros(n - c, bool), np.ones(c, bool)])
    overall, clean = float(scores.mean()), float(report.clean_score)
    return {
        "n": n, "contaminated": c, "contaminated_pct": 100 * c / n,
        "overall_pct": 100 * overall, "cont_acc_pct": 100 * right_cont / c,
        "clean_pct": 100 * clean, "inflation_pct": 100 * (overall - clean),
        "subset_gap_pct": 100 * float(report.difference),          # trap: contaminated minus clean
        "clean_naive_pct": 100 * (overall - right_cont / n),      # trap: subtracted, not re-normalised
    }


# --------------------------------------------------------------------------- recommenders


@generator("ips_logs")
def ips_logs(rng):
    """Eight logged impressions: logged action, its propensity, the reward; the new policy's action."""
    from ...ranking import ips_estimate, snips_estimate

    while True:
        props = rng.choice([0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8], size=8)
        reward = (rng.random(8) < 0.4).astype(float)
        match = rng.random(8) < 0.5
        if not (2 <= match.sum() <= 6 and 0 < reward[match].sum() < match.sum()):
            continue
        target = match.astype(float)                              # the new policy's probability of the logged action
        values = {
            "ips": ips_estimate(reward, props, target),
            "snips": snips_estimate(reward, props, target),
            "matched_mean": float(reward[match].mean()),           # trap: ignores the propensities
            "logged_mean": float(reward.mean()),                   # trap: the logging policy's value
        }
        if _apart(values, "ips", ["matched_mean", "logged_mean", "snips"], 0.03) and \
                _apart(values, "snips", ["matched_mean", "logged_mean"], 0.03):
            break
    values["rows"] = "; ".join(f"({'same' if m else 'other'}, p={p:g}, r={int(r)})"
                               for m, p, r in zip(match, props, reward))
    return values


@generator("catalog_lists")
def catalog_lists(rng):
    """Top-3 recommendations for five users out of a catalogue of N items."""
    from ...ranking import catalog_coverage

    while True:
        n_items = int(rng.integers(15, 61))
        head = max(4, n_items // 6)
        lists = []
        for _ in range(5):                                        # popular head items, plus some tail
            pool = np.unique(np.r_[rng.choice(head, 3, replace=False), rng.integers(0, n_items, 2)])
            lists.append(sorted(int(i) for i in rng.choice(pool, 3, replace=False)))
        distinct = len({i for row in lists for i in row})
        if distinct <= 13:                                        # some items repeat across users
            break
    text = "; ".join(f"user {u + 1}: {fmt_list(row)}" for u, row in enumerate(lists))
    return {
        "n_items": n_items, "lists": text, "distinct": distinct,
        "coverage": catalog_coverage(lists, n_items),
        "coverage_slots": 15 / n_items,                            # trap: counts repeats
    }


@generator("novelty_list")
def novelty_list(rng):
    """Four recommended items and how many of 1,000 users have interacted with each."""
    from ...ranking import novelty

    counts = np.round(rng.choice([10, 20, 50, 100, 200, 250, 400, 500, 600], size=4, replace=False)
                      * rng.uniform(0.8, 1.2)).astype(int)
    pop = counts / 1000
    return {
        "counts": fmt_list(counts), "popularity": fmt_list(pop, 3),
        "novelty": novelty([list(range(4))], counts, 1000),
        "novelty_ln": float(np.mean(-np.log(pop))),                # trap: natural log
        "mean_popularity": float(pop.mean()),                      # trap: popularity, not surprise
    }


_GENRES = ["drama", "comedy", "thriller", "documentary"]
_DECADES = ["1980s", "1990s", "2000s", "2010s"]


@generator("genre_list")
def genre_list(rng):
    """5-8 films, each with a genre and a decade; features one-hot in both, cosine distance."""
    from ...ranking import intra_list_diversity

    while True:
        n = int(rng.integers(5, 9))
        genres = rng.choice(4, size=n, p=rng.dirichlet(np.ones(4)))
        decades = rng.choice(4, size=n, p=rng.dirichlet(np.ones(4)))
        if len(set(zip(genres.tolist(), decades.tolist()))) > 2:
            break
    features = np.hstack([np.eye(4)[genres], np.eye(4)[decades]])
    distance = 1.0 - features @ features.T / 2                    # 1 - cosine: 0, 0.5 (one shared) or 1
    pairs = n * (n - 1) // 2
    total = float(np.triu(distance, 1).sum())
    return {
        "n": n, "pairs": pairs, "total": total,
        "films": ", ".join(f"{_GENRES[g]} {_DECADES[d]}" for g, d in zip(genres, decades)),
        "ild": intra_list_diversity([list(range(n))], features),
        "ild_over_items": total / n,                               # trap: divides by the items, not the pairs
        "ild_all_ordered": float(distance.sum() / n**2),           # trap: the n x n mean, zero diagonal included
    }


# --------------------------------------------------------------------------- choosing k


@generator("ch_summary")
def ch_summary(rng):
    """n points in k clusters (1-D): between- and within-cluster sums of squares, Calinski-Harabasz."""
    from ...clustering import calinski_harabasz_score

    k = int(rng.integers(2, 6))
    sizes = rng.integers(4, 9, size=k)
    centers = np.sort(rng.choice(np.arange(0, 40, 4), size=k, replace=False)).astype(float)
    X = np.concatenate([np.round(c + rng.normal(0, rng.uniform(1, 4), s), 1) for c, s in zip(centers, sizes)])
    labels = np.repeat(np.arange(k), sizes)
    n = X.size
    means = np.array([X[labels == j].mean() for j in range(k)])
    within = float(((X - means[labels]) ** 2).sum())
    between = float((sizes * (means - X.mean()) ** 2).sum())
    return {
        "n": n, "k": k, "between": between, "within": within,
        "ch": calinski_harabasz_score(X[:, None], labels),
        "ch_no_df": between / within,                               # trap: forgets the degrees of freedom
        "ch_swapped_df": (between / (n - k)) / (within / (k - 1)),  # trap: the df swapped
    }
