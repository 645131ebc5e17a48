"""Speed of the LLM-evaluation metrics and eval error bars against their references and a floor.

Run:  .venv/bin/python benchmarks/bench_llm_eval.py [--sizes 1e3,1e4,1e5]

Same layout as ``bench_metrics.py``: our time, the reference's, the ratio (reference / ours:
higher is better) and the ratio to the floor (ours / floor: lower is better). n is the
number of subjects, units, games, questions or benchmark items of the row.

* raters: ``fleiss_kappa`` vs ``statsmodels.stats.inter_rater.fleiss_kappa`` (floor: the
  table's squared sum, column sums and row sums -- the formula's reductions; the row sums
  give m and show whether every subject has m ratings);
  ``krippendorff_alpha`` vs ``krippendorff.alpha`` (floor: finding the missing ratings and one
  bincount of the (value, unit) pairs); ``judge_human_agreement`` vs scikit-learn's ``cohen_kappa_score``
  per pair (floor: the pairwise ``==`` comparisons); ``position_bias`` (no reference; floor:
  classifying each verdict as "A", "B" or "tie", which validating the input needs anyway);
  ``length_bias`` vs statsmodels' OLS of the preference on the log length ratio (floor: one
  least-squares line by ``np.polyfit`` and the quantile edges of the strata);
* leaderboards: ``bradley_terry`` vs ``choix.ilsr_pairwise`` (floor: one bincount of the games
  into the win matrix); ``bradley_terry_bootstrap`` vs a loop of ``choix.ilsr_pairwise`` on the
  same resamples (floor: drawing the resamples and one bincount each); ``elo_ratings`` vs the
  Chatbot Arena notebook's ``compute_elo`` loop over a pandas DataFrame (floor: the same
  update in a bare Python loop over lists -- an online rating cannot be vectorized);
  ``win_rate`` (no reference; floor: classifying each outcome as win, tie or loss);
* RAG: ``retrieval_hit_rate`` and the context precision/recall rows (the ``ranking`` metrics)
  vs the per-question loop of RAG evaluation scripts (argsort each question's chunks, count
  the top k; it ignores ties) (floor: one ``np.partition`` of the scores); ``faithfulness`` vs a
  list comprehension of means (floor: ``np.fromiter`` of the claim counts);
  ``rag_failure_modes`` (no reference; floor: the three stage masks and the four counts);
* contamination: ``ngram_overlap`` (13-grams) vs a Python set of word tuples (floor: the
  regular-expression tokenization of items and corpus, which every method needs);
  ``clean_vs_contaminated`` (no reference; floor: two masked means);
* error bars: ``standard_error``, ``eval_score_interval`` and ``clustered_standard_error`` vs
  statsmodels' OLS on an intercept (``cov_type="cluster"``; floors: one ``std`` / one
  ``np.unique`` of the clusters); ``paired_difference`` vs ``scipy.stats.ttest_rel`` (floor:
  one ``std`` of the differences); ``questions_needed`` vs statsmodels' ``NormalIndPower``
  (floor: two normal quantiles).

Target: every row at least 5x faster than the reference, or within 2x of the floor.
Timings are the best of several repeats; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from statistics import NormalDist

import choix
import krippendorff
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from sklearn.metrics import cohen_kappa_score as sk_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss
from statsmodels.stats.power import NormalIndPower

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ratio_table  # noqa: E402

from mlmetrics_edu.llm_eval import (  # noqa: E402
    bradley_terry, bradley_terry_bootstrap, clean_vs_contaminated, context_precision_at_k,
    context_recall_at_k, elo_ratings, faithfulness, fleiss_kappa, judge_human_agreement,
    krippendorff_alpha, length_bias, ngram_overlap, position_bias, rag_failure_modes,
    retrieval_hit_rate, win_rate,
)
from mlmetrics_edu.significance import (  # noqa: E402
    clustered_standard_error, eval_score_interval, paired_difference, questions_needed, standard_error,
)

N_ITEMS = 20  # models on the leaderboard
WORDS = ("the a of to in and is was for on that with as by it at from this be are an have model answer "
         "question paris tower capital 1889 which following true false not").split()


# ----------------------------------------------------------------------------- references


def arena_compute_elo(battles, k=32, scale=400, base=10, init=1000):
    """Chatbot Arena's notebook loop (winner/loser columns), one DataFrame row at a time."""
    rating = {}
    for _, winner, loser in battles[["winner", "loser"]].itertuples():
        ra, rb = rating.get(winner, init), rating.get(loser, init)
        ea = 1 / (1 + base ** ((rb - ra) / scale))
        rating[winner] = ra + k * (1 - ea)
        rating[loser] = rb - k * (1 - ea)
    return rating


def floor_elo(winners, losers, n, k=32):
    r = [1000.0] * n
    for w, l in zip(winners, losers):
        d = k * (1 - 1 / (1 + 10 ** ((r[l] - r[w]) / 400)))
        r[w] += d
        r[l] -= d
    return r


def naive_overlap(items, corpus, n=13):
    grams = set()
    for doc in corpus:
        w = re.findall(r"\w+", doc.lower())
        grams.update(tuple(w[i:i + n]) for i in range(len(w) - n + 1))
    out = []
    for item in items:
        w = re.findall(r"\w+", item.lower())
        mine = [tuple(w[i:i + n]) for i in range(len(w) - n + 1)]
        out.append(sum(g in grams for g in mine) / len(mine) if mine else 0.0)
    return out


def loop_at_k(rel, score, k, what):
    """The per-question loop of RAG evaluation scripts: sort each question's chunks, count the top k."""
    out = []
    for r, s in zip(rel, score):
        top = r[np.argsort(-s, kind="stable")[:k]] > 0
        out.append(top.any() if what == "hit" else top.sum() / k if what == "precision"
                   else top.sum() / max(1, (r > 0).sum()))
    return float(np.mean(out))


def stage_counts(hit, faith, corr):
    miss, grounded, right = hit == 0, faith >= 0.5, corr >= 0.5
    return [np.count_nonzero(m) for m in (miss, ~miss & ~grounded, ~miss & grounded & right,
                                          (miss | ~grounded) & right)]


def tokenize_all(texts):
    return [re.findall(r"\w+", t.lower()) for t in texts]


# ----------------------------------------------------------------------------- data


def games(rng, n_games):
    strength = rng.normal(size=N_ITEMS)
    pairs = rng.integers(0, N_ITEMS, (n_games, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    first = rng.random(len(pairs)) < 1 / (1 + np.exp(strength[pairs[:, 1]] - strength[pairs[:, 0]]))
    return np.where(first[:, None], pairs, pairs[:, ::-1])


def rows(n, rng):
    out = []
    # --- raters
    labels = rng.integers(0, 5, (n, 6))
    table = np.stack([np.bincount(r, minlength=5) for r in labels])
    out.append(("fleiss_kappa (6 raters, 5 labels)", lambda: fleiss_kappa(table), lambda: sm_fleiss(table),
                lambda: ((table * table).sum(), table.sum(axis=0), table.sum(axis=1)), "three reductions"))
    ratings = np.clip(rng.integers(1, 6, n) + rng.integers(-1, 2, (5, n)), 1, 5).astype(float)
    ratings[rng.random(ratings.shape) < 0.2] = np.nan

    def floor_alpha():  # find the missing ratings, count each (value, unit) pair once
        present = ~np.isnan(ratings)
        unit = np.nonzero(present)[1]
        return np.bincount(ratings[present].astype(np.int64) * n + unit)

    for level in ("nominal", "interval"):
        out.append((f"krippendorff_alpha {level} (5 raters)",
                    lambda level=level: krippendorff_alpha(ratings, level_of_measurement=level),
                    lambda level=level: krippendorff.alpha(ratings, level_of_measurement=level),
                    floor_alpha, "count (value, unit) pairs"))
    judge, humans = rng.integers(0, 2, n), rng.integers(0, 2, (3, n))
    out.append(("judge_human_agreement (3 humans)", lambda: judge_human_agreement(judge, humans),
                lambda: ([sk_kappa(judge, h) for h in humans], [sk_kappa(humans[a], humans[b])
                                                                for a, b in ((0, 1), (0, 2), (1, 2))]),
                lambda: [(judge == h).mean() for h in humans] + [(humans[0] == humans[1]).mean()],
                "pairwise =="))
    v_ab, v_ba = rng.choice(["A", "B", "tie"], n), rng.choice(["A", "B", "tie"], n)
    out.append(("position_bias", lambda: position_bias(v_ab, v_ba), None,
                lambda: [v == label for v in (v_ab, v_ba) for label in ("A", "B", "tie")],
                "classify each verdict"))
    len_a, len_b = rng.integers(20, 800, n), rng.integers(20, 800, n)
    pref = (rng.random(n) < 0.5).astype(float)
    x = np.log(len_a / len_b)
    out.append(("length_bias", lambda: length_bias(pref, len_a, len_b),
                lambda: sm.OLS(pref, sm.add_constant(x)).fit().params,
                lambda: (np.polyfit(np.log(len_a / len_b), pref, 1), np.quantile(x, [0, 1 / 3, 2 / 3, 1])),
                "polyfit + strata edges"))
    outcomes = rng.choice(["win", "loss", "tie"], n)
    out.append(("win_rate (string outcomes)", lambda: win_rate(outcomes), None,
                lambda: [outcomes == label for label in ("win", "tie", "loss")], "classify each outcome"))
    # --- leaderboards
    g = games(rng, n)
    g_list = g.tolist()
    out.append((f"bradley_terry ({N_ITEMS} models)", lambda: bradley_terry(N_ITEMS, g),
                lambda: choix.ilsr_pairwise(N_ITEMS, g_list),
                lambda: np.bincount(g[:, 0] * N_ITEMS + g[:, 1], minlength=N_ITEMS**2), "one bincount"))
    if n <= 10_000:
        b = 50
        idx = np.random.default_rng(1).integers(0, len(g), (b, len(g)))
        out.append((f"bradley_terry_bootstrap (B={b})",
                    lambda: bradley_terry_bootstrap(N_ITEMS, g, n_resamples=b, seed=1),
                    lambda: [choix.ilsr_pairwise(N_ITEMS, g[r].tolist()) for r in idx],
                    lambda: [np.bincount(g[r, 0] * N_ITEMS + g[r, 1], minlength=N_ITEMS**2)
                             for r in np.random.default_rng(1).integers(0, len(g), (b, len(g)))],
                    "draws + bincounts"))
    battles = pd.DataFrame({"winner": g[:, 0], "loser": g[:, 1]})
    winners, losers = g[:, 0].tolist(), g[:, 1].tolist()
    out.append(("elo_ratings", lambda: elo_ratings(g, n_items=N_ITEMS), lambda: arena_compute_elo(battles),
                lambda: floor_elo(winners, losers, N_ITEMS), "bare Python loop"))
    # --- RAG
    rel = (rng.random((n, 20)) < 0.1).astype(float)
    score = np.round(rng.random((n, 20)) + 0.3 * rel, 3)
    part = (lambda: np.partition(score, 20 - 5, axis=1), "np.partition")
    out.append(("retrieval_hit_rate k=5 (20 chunks)", lambda: retrieval_hit_rate(rel, score, k=5),
                lambda: loop_at_k(rel, score, 5, "hit"), *part))
    out.append(("context_precision_at_k k=5", lambda: context_precision_at_k(rel, score, k=5),
                lambda: loop_at_k(rel, score, 5, "precision"), *part))
    out.append(("context_recall_at_k k=5", lambda: context_recall_at_k(rel, score, k=5, zero_division=0),
                lambda: loop_at_k(rel, score, 5, "recall"), *part))
    claims = [rng.integers(0, 2, int(rng.integers(1, 8))).tolist() for _ in range(n)]
    out.append(("faithfulness (1-7 claims each)", lambda: faithfulness(claims),
                lambda: np.array([np.mean(c) for c in claims]),
                lambda: (np.fromiter(map(sum, claims), float, len(claims)),
                         np.fromiter(map(len, claims), float, len(claims))), "fromiter of counts"))
    hit, faith, corr = rng.integers(0, 2, n), rng.random(n), rng.random(n)
    out.append(("rag_failure_modes", lambda: rag_failure_modes(hit, faith, corr), None,
                lambda: stage_counts(hit, faith, corr), "stage masks + counts"))
    # --- contamination
    if n <= 10_000:
        n_items = max(10, n // 10)
        corpus = [" ".join(rng.choice(WORDS, 200)) for _ in range(max(5, n // 20))]
        items = [" ".join(rng.choice(WORDS, 30)) for _ in range(n_items)]
        items[::3] = [c[: 200] for c in corpus[: len(items[::3])]]  # leaked items
        out.append((f"ngram_overlap n=13 ({len(corpus)} docs x 200 words)", lambda: ngram_overlap(items, corpus),
                    lambda: naive_overlap(items, corpus), lambda: tokenize_all(items + corpus), "tokenize"))
    s, flag = rng.integers(0, 2, n).astype(float), rng.random(n) < 0.2
    out.append(("clean_vs_contaminated", lambda: clean_vs_contaminated(s, flag), None,
                lambda: (s[flag].mean(), s[~flag].mean()), "two masked means"))
    # --- error bars on evals
    ones = np.ones((n, 1))
    clusters = np.sort(rng.integers(0, max(2, n // 10), n))
    out.append(("standard_error", lambda: standard_error(s), lambda: sm.OLS(s, ones).fit().bse,
                lambda: s.std(ddof=1), "one std"))
    out.append(("eval_score_interval", lambda: eval_score_interval(s), lambda: sm.OLS(s, ones).fit().conf_int(),
                lambda: s.std(ddof=1), "one std"))
    out.append(("clustered_standard_error", lambda: clustered_standard_error(s, clusters),
                lambda: sm.OLS(s, ones).fit(cov_type="cluster", cov_kwds={"groups": clusters}).bse,
                lambda: np.unique(clusters, return_inverse=True), "np.unique of clusters"))
    s2 = np.where(rng.random(n) < 0.8, s, 1 - s)
    out.append(("paired_difference", lambda: paired_difference(s, s2), lambda: stats.ttest_rel(s, s2),
                lambda: (s - s2).std(ddof=1), "one std"))
    return out


def question_rows():
    z = NormalDist()
    return [("questions_needed", lambda: questions_needed(0.03, 0.45),
             lambda: NormalIndPower().solve_power(effect_size=0.03 / 0.45, alpha=0.05, power=0.8, ratio=0),
             lambda: (z.inv_cdf(0.975), z.inv_cdf(0.8)), "two normal quantiles")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="comma-separated n (default 1e3,1e4,1e5)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")
    jobs = [(n, *row) for n in sizes for row in rows(n, rng)] + [(1, *row) for row in question_rows()]
    ratio_table(jobs, "reference", budget=lambda n: 1.0 if n <= 1e4 else 3.0, reference_budget=lambda n: 1.0)


if __name__ == "__main__":
    main()
