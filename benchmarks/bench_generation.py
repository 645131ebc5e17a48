"""Speed of the generation metrics against sacrebleu, rouge-score and HumanEval's loop.

Run:  .venv/bin/python benchmarks/bench_generation.py [--sizes 1e2,1e3,1e4]

For each corpus size n (segments, text pairs or problems) it prints our time, the
reference's, the ratio (reference / ours: higher is better) and the ratio to the
floor (ours / floor: lower is better), as ``bench_metrics.py`` does. The references:
``sacrebleu.corpus_bleu`` (BLEU), a loop of ``RougeScorer.score`` (ROUGE, as its API
scores one pair at a time), and the HumanEval paper's per-problem NumPy product
``1 - prod(1 - k / arange(n - c + 1, n + 1))`` in a Python loop (pass@k). The floors
are what no implementation can skip: reading every character once with the
tokenizer's regular expressions and splitting into tokens (BLEU: the four 13a rules;
ROUGE: lowercase and one byte translation), and one vectorized ``log1p`` pass per problem
(pass@k). Target: every row at least 5x faster than the reference, or within 2x of the
floor. Timings are the best of several repeats; a report, never a test assertion.
"""

from __future__ import annotations

import argparse
import re
import warnings

import numpy as np
import sacrebleu
from rouge_score import rouge_scorer

from common import ratio_table
from mlmetrics_edu.generation import bleu_score, pass_at_k, rouge_l, rouge_n

WORDS = ("the a of to in and is was for on that with as by it at from this be are an have "
         "cat dog sat mat model data 3.14 1,000 2024-05 U.S. e.g. (see) don't well-known").split()
PUNCT = [",", ".", "!", "?", ";", ":", '"', "'"]


def sentence(rng, length):
    words = rng.choice(WORDS, size=length)
    punct = rng.choice(PUNCT, size=length)
    return " ".join(w + p if r < 0.15 else w for w, p, r in zip(words, punct, rng.random(length)))


def texts(n, rng, mean_length=25):
    """n hypotheses, and two references each, sharing a vocabulary (so n-grams match)."""
    lengths = rng.poisson(mean_length, size=(3, n)) + 1
    hyps = [sentence(rng, k) for k in lengths[0]]
    refs = [[sentence(rng, a), sentence(rng, b)] for a, b in zip(lengths[1], lengths[2])]
    return hyps, refs


_13A = [re.compile(r"""([!"#$%&()*+/:;<=>?@\[\\\]^_`{|}~ ])"""), re.compile(r"([^0-9])([.,])"),
        re.compile(r"([.,])([^0-9])"), re.compile(r"([0-9])(-)")]


def floor_13a(all_texts):
    joined = "\n".join(f" {t} " for t in all_texts)
    for pattern in _13A:
        joined = pattern.sub(" ", joined)
    return [s.split() for s in joined.split("\n")]


_SEPARATORS = bytes(b if chr(b).isascii() and chr(b).isalnum() and not chr(b).isupper() else 32
                    for b in range(256))


def floor_rouge(all_texts):
    """rouge-score's tokens, the fastest way we know: lowercase, one byte translation, split."""
    return [t.lower().encode("ascii", "replace").translate(_SEPARATORS).split() for t in all_texts]


def humaneval_pass_at_k(n, c, k):
    """The paper's estimator, one problem at a time."""
    out = []
    for n_i, c_i in zip(n, c):
        out.append(1.0 if n_i - c_i < k else 1.0 - np.prod(1.0 - k / np.arange(n_i - c_i + 1, n_i + 1)))
    return np.array(out)


def rows(n, rng):
    hyps, refs = texts(n, rng)
    streams = [[r[0] for r in refs], [r[1] for r in refs]]
    all_bleu_text = hyps + streams[0] + streams[1]
    targets = streams[0]
    scorer_12 = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=False)
    scorer_l = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    n_samples = rng.integers(100, 2001, size=n)
    n_correct = rng.binomial(n_samples, rng.beta(0.5, 2, size=n))
    k = 10
    return [
        ("bleu_score (2 refs)",
         lambda: bleu_score(hyps, refs), lambda: sacrebleu.corpus_bleu(hyps, streams).score,
         lambda: floor_13a(all_bleu_text), "13a regex + split"),
        ("rouge_n n=1 and n=2",
         lambda: (rouge_n(targets, hyps, n=1), rouge_n(targets, hyps, n=2)),
         lambda: [scorer_12.score(t, p) for t, p in zip(targets, hyps)],
         lambda: floor_rouge(targets + hyps), "tokenize once"),
        ("rouge_l",
         lambda: rouge_l(targets, hyps), lambda: [scorer_l.score(t, p) for t, p in zip(targets, hyps)],
         lambda: floor_rouge(targets + hyps), "tokenize once"),
        (f"pass_at_k k={k} (n <= 2000)",
         lambda: pass_at_k(n_samples, n_correct, k), lambda: humaneval_pass_at_k(n_samples, n_correct, k),
         lambda: np.log1p(-n_correct / n_samples), "one log1p pass"),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e2,1e3,1e4",
                        help="comma-separated corpus sizes (default: 1e2,1e3,1e4)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")

    ratio_table(((n, *row) for n in sizes for row in rows(n, rng)), "reference")


if __name__ == "__main__":
    main()
