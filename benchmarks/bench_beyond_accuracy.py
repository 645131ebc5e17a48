"""Speed of issue 20's new functions: recommenders beyond accuracy, counterfactual estimates,
choosing k, and the reference-parity options of BLEU and ROUGE.

Run:  .venv/bin/python benchmarks/bench_beyond_accuracy.py [--sizes 1e3,1e4,1e5]

Same layout as the other benchmarks: our time, the reference's, the ratio (reference / ours:
higher is better) and the ratio to the floor (ours / floor: lower is better). n is the number
of users (lists of 10 items from a catalogue of 5,000 with a Zipf popularity), logged
interactions, points (8 blobs in 10 dimensions) or text segments.

References, where a maintained library has the function: scikit-learn
(``calinski_harabasz_score``; ``KMeans`` with the same number of starts; ``cosine_distances``
per list, as recommender toolkits compute intra-list diversity), sacrebleu (BLEU with the
``intl`` and ``char`` tokenizers and ``floor`` / ``add-k`` smoothing) and rouge-score. Where
none does (coverage, novelty, popularity, IPS / SNIPS), the reference is the plain Python loop
the definition reads as, and the floor decides. Floors: the least work any implementation
does -- one pass over the data (a gather, a product, a bincount), or tokenizing once.

ROUGE is timed *cold*: the token cache of the last batch is cleared before each repeat, so
the first of the two calls (ROUGE-1 then ROUGE-2, as rouge-score scores both in one call)
tokenizes. Target: every row at least 5x faster than the reference, or within 2x of the
floor. Timings are the best of several repeats; a report, never a test assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

import numpy as np
import sacrebleu
from rouge_score import rouge_scorer
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score as sk_calinski_harabasz
from sklearn.metrics.pairwise import cosine_distances

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_generation import floor_rouge, texts  # noqa: E402
from common import ratio_table  # noqa: E402

from mlmetrics_edu import generation  # noqa: E402
from mlmetrics_edu.clustering import calinski_harabasz_score, inertia, kmeans  # noqa: E402
from mlmetrics_edu.generation import bleu_score, rouge_n  # noqa: E402
from mlmetrics_edu.ranking import (  # noqa: E402
    average_recommendation_popularity,
    catalog_coverage,
    intra_list_diversity,
    ips_estimate,
    novelty,
    snips_estimate,
)

N_ITEMS, LIST, N_FEATURES, K, DIM = 5000, 10, 32, 8, 10


def recommender(n, rng):
    popularity = 1.0 / np.arange(1, N_ITEMS + 1) ** 0.9
    p = popularity / popularity.sum()
    # n lists of 10 distinct items drawn by popularity (Gumbel top-k, 5,000 users at a time)
    recs = np.vstack([np.argpartition(np.log(-np.log(rng.random((min(5000, n - i), N_ITEMS)))) - np.log(p),
                                      LIST, axis=1)[:, :LIST] for i in range(0, n, 5000)])
    counts = rng.poisson(popularity * 1e4) + 1
    features = rng.normal(size=(N_ITEMS, N_FEATURES))
    return recs, counts, int(counts.max()) + 1, features


def loop_coverage(recs):
    shown = set()
    for row in recs.tolist():
        shown.update(row)
    return len(shown) / N_ITEMS


def loop_ild(recs, features):
    per_user = []
    for row in recs:
        d = cosine_distances(features[row])
        per_user.append(d[np.triu_indices(len(row), 1)].mean())
    return float(np.mean(per_user))


def loop_novelty(recs, counts, n_users):
    import math
    return float(np.mean([[-math.log2(counts[i] / n_users) for i in row] for row in recs.tolist()]))


def loop_popularity(recs, counts):
    return float(np.mean([sum(counts[i] for i in row) / len(row) for row in recs.tolist()]))


def logs(n, rng):
    p0 = rng.uniform(0.05, 1.0, n)
    p1 = rng.uniform(0.0, 1.0, n)
    reward = (rng.random(n) < 0.3).astype(float)
    return reward, p0, p1


def loop_ips(reward, p0, p1, clip):
    return sum(min(b / a, clip) * r for r, a, b in zip(reward.tolist(), p0.tolist(), p1.tolist())) / len(reward)


def loop_snips(reward, p0, p1, clip):
    num = den = 0.0
    for r, a, b in zip(reward.tolist(), p0.tolist(), p1.tolist()):
        w = min(b / a, clip)
        num, den = num + w * r, den + w
    return num / den


def blobs(n, rng):
    centres = rng.normal(0, 4, size=(K, DIM))
    labels = rng.integers(0, K, n)
    return centres[labels] + rng.normal(size=(n, DIM)), labels


def rows(n, rng):
    recs, counts, n_users, features = recommender(n, rng)
    reward, p0, p1 = logs(n, rng)
    X, labels = blobs(n, rng)
    onehot_floor = lambda: features[recs].sum(axis=1)  # noqa: E731 - gather every list's features once
    out = [
        ("catalog_coverage", lambda: catalog_coverage(recs, N_ITEMS), lambda: loop_coverage(recs),
         lambda: np.bincount(recs.ravel(), minlength=N_ITEMS), "one bincount"),
        ("intra_list_diversity (cosine, 32-d)", lambda: intra_list_diversity(recs, features),
         lambda: loop_ild(recs, features) if n <= 1e4 else None, onehot_floor, "gather + sum features"),
        ("novelty", lambda: novelty(recs, counts, n_users), lambda: loop_novelty(recs, counts, n_users),
         lambda: np.log2(counts[recs]).mean(), "gather + log2"),
        ("average_recommendation_popularity", lambda: average_recommendation_popularity(recs, counts),
         lambda: loop_popularity(recs, counts), lambda: counts[recs].mean(), "gather + mean"),
        ("ips_estimate (clip=10)", lambda: ips_estimate(reward, p0, p1, clip=10),
         lambda: loop_ips(reward, p0, p1, 10), lambda: (np.minimum(p1 / p0, 10) * reward).mean(),
         "divide, clip, dot"),
        ("snips_estimate (clip=10)", lambda: snips_estimate(reward, p0, p1, clip=10),
         lambda: loop_snips(reward, p0, p1, 10), lambda: np.minimum(p1 / p0, 10) @ reward,
         "divide, clip, dot"),
        ("calinski_harabasz_score", lambda: calinski_harabasz_score(X, labels),
         lambda: sk_calinski_harabasz(X, labels), lambda: ((X - X.mean(0)) ** 2).sum(), "one pass over X"),
        ("inertia", lambda: inertia(X, labels), None, lambda: ((X - X.mean(0)) ** 2).sum(), "one pass over X"),
    ]
    if n <= 1e5:
        out.append(("kmeans k=8 (4 starts)", lambda: kmeans(X, K, n_init=4, seed=0),
                    lambda: KMeans(K, n_init=4, random_state=0).fit(X),
                    lambda: [((X[:, None, :] - X[:K][None]) ** 2).sum(-1).argmin(1) for _ in range(4 * 10)],
                    "40 assignment passes"))
    if n <= 1e4:  # text rows: n segments
        hyps, refs = texts(n, rng)
        stream = [[r[0] for r in refs], [r[1] for r in refs]]
        targets = stream[0]
        scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=False)

        def rouge_cold():
            generation._LAST_ROUGE_BATCH[0] = None
            return rouge_n(targets, hyps, n=1), rouge_n(targets, hyps, n=2)

        all_text = hyps + stream[0] + stream[1]
        out += [
            ("bleu_score tokenize=intl", lambda: bleu_score(hyps, refs, tokenize="intl"),
             lambda: sacrebleu.corpus_bleu(hyps, stream, tokenize="intl").score,
             lambda: [t.split() for t in all_text], "split once"),
            ("bleu_score tokenize=char", lambda: bleu_score(hyps, refs, tokenize="char"),
             lambda: sacrebleu.corpus_bleu(hyps, stream, tokenize="char").score,
             lambda: [t.split() for t in all_text], "split once"),
            ("bleu_score smooth=floor", lambda: bleu_score(hyps, refs, smooth_method="floor"),
             lambda: sacrebleu.corpus_bleu(hyps, stream, smooth_method="floor").score,
             lambda: [t.split() for t in all_text], "split once"),
            ("rouge_n n=1 and n=2 (cold cache)", rouge_cold,
             lambda: [scorer.score(t, p) for t, p in zip(targets, hyps)],
             lambda: floor_rouge(targets + hyps), "tokenize once"),
        ]
    return [(name, ours, ref, floor, floor_name) for name, ours, ref, floor, floor_name in out]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5",
                        help="comma-separated sizes (default: 1e3,1e4,1e5)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")
    table = []
    for n in sizes:
        for name, ours, ref, floor, floor_name in rows(n, rng):
            # the loop references are slow: skip them where they would take minutes
            skip = ref is None or (n > 1e4 and name.startswith("intra_list"))
            table.append((n, name, ours, None if skip else ref, floor, floor_name))
    ratio_table(table, "reference", budget=lambda n: 0.5)


if __name__ == "__main__":
    main()
