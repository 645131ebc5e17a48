"""Seeded scenarios for notebook 15 (evaluating LLM applications), whose true answers are known.

Nothing here is a metric: these small generators make the data that the metrics of
:mod:`mlmetrics_edu.llm_eval` and :mod:`mlmetrics_edu.significance` are then run on --
a benchmark whose questions come five to a passage, a panel of raters, a pairwise judge
that likes the first slot and long answers, an arena of votes between models of known
strength, a RAG system whose retriever and generator fail at known rates, and a benchmark
that partly leaked into a training corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_float_array, check_int, check_probability, rng_from_seed
from .llm import answer_pairs, biased_judge

__all__ = ["Benchmark", "benchmark_runs", "interval_coverage", "RaterPanel", "rater_panel", "JudgedPairs", "judged_pairs",
           "arena_votes", "RagRun", "rag_run", "LeakedBenchmark", "leaked_benchmark"]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# --------------------------------------------------------------------------- error bars


@dataclass(frozen=True)
class Benchmark:
    """Per-question correctness (0/1) of models A and B, and the passage of each question."""

    correct_a: np.ndarray
    correct_b: np.ndarray
    passage: np.ndarray
    true_gap: float          # A's expected accuracy minus B's, over the population of questions


def benchmark_runs(rng, *, n_passages=100, per_passage=5, ability_a=1.22, ability_b=1.05,
                   passage_sd=1.2, question_sd=0.8, shared_luck=0.75):
    """Two similar models on a reading benchmark: ``per_passage`` questions on each passage.

    A question is answered right with probability sigmoid(ability - passage difficulty -
    question difficulty): a hard passage makes all its questions hard (the clustering), and
    both models share the questions' difficulty and, on a share ``shared_luck`` of them,
    their luck (the pairing).
    """
    rng = rng_from_seed(rng, "rng")
    n_passages, per_passage = check_int(n_passages, "n_passages", 1), check_int(per_passage, "per_passage", 1)
    correct_a, correct_b, passage = _draw_benchmark(rng, n_passages, per_passage, ability_a, ability_b,
                                                    passage_sd, question_sd, shared_luck)
    z = rng.normal(0, 1, (200_000, 2))                            # the population of questions
    pop = z[:, 0] * passage_sd + z[:, 1] * question_sd
    true_gap = float(np.mean(_sigmoid(ability_a - pop) - _sigmoid(ability_b - pop)))
    return Benchmark(correct_a, correct_b, passage, true_gap)


def _draw_benchmark(rng, n_passages, per_passage, ability_a, ability_b, passage_sd, question_sd, shared_luck):
    passage = np.repeat(np.arange(n_passages), per_passage)
    difficulty = rng.normal(0, passage_sd, n_passages)[passage] + rng.normal(0, question_sd, passage.size)
    u = rng.random(passage.size)                                  # shared luck: the models often err alike
    u_b = np.where(rng.random(passage.size) < shared_luck, u, rng.random(passage.size))
    correct_a = (u < _sigmoid(ability_a - difficulty)).astype(float)
    correct_b = (u_b < _sigmoid(ability_b - difficulty)).astype(float)
    return correct_a, correct_b, passage


def interval_coverage(n_repeats, *, seed=0, n_passages=100, per_passage=5, ability=1.22, passage_sd=1.2,
                      question_sd=0.8):
    """How often the naive and the clustered 95% intervals of model A's score cover its true accuracy.

    Draws ``n_repeats`` fresh benchmarks like :func:`benchmark_runs` (its own generator, from
    ``seed``); the true accuracy over the population of questions is computed exactly by
    Gauss-Hermite quadrature over the total difficulty, a normal with variance
    ``passage_sd**2 + question_sd**2``.
    """
    from ..significance import eval_score_interval

    n_repeats = check_int(n_repeats, "n_repeats", 1)
    n_passages, per_passage = check_int(n_passages, "n_passages", 2), check_int(per_passage, "per_passage", 1)
    rng = rng_from_seed(seed)
    x, w = np.polynomial.hermite_e.hermegauss(80)
    truth = float(np.sum(w * _sigmoid(ability - np.hypot(passage_sd, question_sd) * x)) / np.sum(w))
    covered = {"naive": 0, "clustered": 0}
    for _ in range(n_repeats):
        a, _, passage = _draw_benchmark(rng, n_passages, per_passage, ability, ability, passage_sd, question_sd, 1.0)
        for name, clusters in (("naive", None), ("clustered", passage)):
            low, high, _ = eval_score_interval(a, clusters=clusters)
            covered[name] += low <= truth <= high
    return {"true_accuracy": truth, **{name: count / n_repeats for name, count in covered.items()}}


# --------------------------------------------------------------------------- raters and judges


@dataclass(frozen=True)
class RaterPanel:
    """Ratings 0 (bad), 1 (acceptable), 2 (good) by several raters, and the items' true grade."""

    ratings: np.ndarray      # (n_raters, n_items), every rating present
    sparse: np.ndarray       # the same with a share of ratings missing (NaN)
    truth: np.ndarray        # (n_items,)
    judge: np.ndarray        # an LLM judge's rating of each item


def rater_panel(rng, *, n_items=200, n_raters=4, noise=0.5, missing=0.3, judge_noise=0.7):
    """Raters see the true grade through Gaussian noise and round it onto 0-2."""
    rng, n_items = rng_from_seed(rng, "rng"), check_int(n_items, "n_items", 1)
    n_raters = check_int(n_raters, "n_raters", 2)
    truth = rng.choice(3, size=n_items, p=[0.25, 0.35, 0.4])
    ratings = np.clip(np.rint(truth + rng.normal(0, noise, (n_raters, n_items))), 0, 2)
    sparse = np.where(rng.random(ratings.shape) < missing, np.nan, ratings)
    keep = np.isnan(sparse).sum(axis=0) > n_raters - 2             # every item keeps two ratings
    sparse[:2, keep] = ratings[:2, keep]
    judge = np.clip(np.rint(truth + 0.3 + rng.normal(0, judge_noise, n_items)), 0, 2)   # a lenient judge
    return RaterPanel(ratings, sparse, truth, judge)


@dataclass(frozen=True)
class JudgedPairs:
    """A pairwise judge asked twice per pair: with A's answer first, then with B's first."""

    verdicts_ab: np.ndarray   # "A" or "B": the pick when A is shown first
    verdicts_ba: np.ndarray   # "A" or "B", named by answer, when B is shown first
    length_a: np.ndarray
    length_b: np.ndarray
    b_truly_better: np.ndarray


def judged_pairs(rng, *, n_pairs=400):
    """Notebook 07's judge (a first-slot bonus and 0.01 per extra token) on answer pairs."""
    rng, n_pairs = rng_from_seed(rng, "rng"), check_int(n_pairs, "n_pairs", 1)
    pairs = answer_pairs(n_pairs, rng)
    a_first = biased_judge(pairs.quality_a, pairs.length_a, pairs.quality_b, pairs.length_b, rng)
    b_first = biased_judge(pairs.quality_b, pairs.length_b, pairs.quality_a, pairs.length_a, rng)
    return JudgedPairs(np.where(a_first == 1, "A", "B"), np.where(b_first == 1, "B", "A"),
                       pairs.length_a, pairs.length_b, pairs.b_truly_better)


# --------------------------------------------------------------------------- leaderboards


def arena_votes(strengths, n_votes, rng):
    """Pairwise votes between random pairs of models: ``(winner, loser)`` rows, in time order.

    Model i beats j with the Bradley-Terry probability sigmoid(strength_i - strength_j).
    """
    strengths = as_float_array(strengths, "strengths")
    if strengths.size < 2:
        raise MetricInputError("strengths needs at least two models to vote between")
    n_votes, rng = check_int(n_votes, "n_votes", 1), rng_from_seed(rng, "rng")
    pairs = np.array([rng.choice(strengths.size, 2, replace=False) for _ in range(n_votes)])
    first_wins = rng.random(n_votes) < _sigmoid(strengths[pairs[:, 0]] - strengths[pairs[:, 1]])
    return np.where(first_wins[:, None], pairs, pairs[:, ::-1])


# --------------------------------------------------------------------------- RAG


@dataclass(frozen=True)
class RagRun:
    """A RAG system on n questions: retrieval labels and scores, claim labels, correctness."""

    y_true: np.ndarray        # (n_questions, n_chunks) 1 = relevant chunk
    y_score: np.ndarray       # retriever scores
    claims: list              # per answer: bool array, claim supported by the retrieved context
    correct: np.ndarray       # 1 = the answer matches the reference


def rag_run(rng, *, n_questions=300, n_chunks=40, k=5, signal=1.6, p_supported_hit=0.9,
            p_supported_miss=0.35):
    """A retriever that finds the evidence most of the time and a generator that sometimes invents.

    Each question has 1-3 relevant chunks among ``n_chunks``; relevant chunks score
    ``signal`` higher on average. Each answer makes 3-7 claims; a claim is supported with
    probability ``p_supported_hit`` when a relevant chunk is in the top k, else
    ``p_supported_miss``. An answer is correct with probability rising with its supported share.
    """
    rng, n_questions = rng_from_seed(rng, "rng"), check_int(n_questions, "n_questions", 1)
    n_chunks = check_int(n_chunks, "n_chunks", 3)
    k = check_int(k, "k", 1, n_chunks)
    y_true = np.zeros((n_questions, n_chunks), dtype=int)
    for row, r in zip(y_true, rng.integers(1, 4, n_questions)):
        row[rng.choice(n_chunks, r, replace=False)] = 1
    y_score = signal * y_true + rng.normal(0, 1, y_true.shape)
    top = np.argsort(-y_score, axis=1)[:, :k]
    hit = np.take_along_axis(y_true, top, axis=1).max(axis=1)
    claims, correct = [], np.zeros(n_questions)
    for i in range(n_questions):
        p = p_supported_hit if hit[i] else p_supported_miss
        labels = rng.random(int(rng.integers(3, 8))) < p
        claims.append(labels)
        correct[i] = float(rng.random() < 0.05 + 0.85 * labels.mean() * (0.6 + 0.4 * hit[i]))
    return RagRun(y_true, y_score, claims, correct)


# --------------------------------------------------------------------------- contamination

_WORDS = ("the a of to in and is was for on with as by at from that this it which who river city "
          "year team model water energy price market school music film planet cell law war king "
          "engine data paper number light sound field group line table season island bridge road "
          "garden village doctor forest ocean storm metal glass stone paint bread coffee train "
          "ship plane winter summer north south east west red blue green small large old new").split()


@dataclass(frozen=True)
class LeakedBenchmark:
    """Benchmark items, a training corpus that contains some of them, and the model's scores."""

    items: list
    corpus: list
    leaked: np.ndarray        # True where the item (or a long piece of it) is in the corpus
    correct: np.ndarray       # the model's 0/1 score per item


def leaked_benchmark(rng, *, n_items=400, leak_share=0.15, n_documents=300, acc_clean=0.62,
                     acc_leaked=0.93):
    """Items of 25-40 words; a share of them is pasted (whole or half) into corpus documents."""
    rng, n_items = rng_from_seed(rng, "rng"), check_int(n_items, "n_items", 1)
    n_documents = check_int(n_documents, "n_documents", 1)
    leak_share = check_probability(leak_share, "leak_share", low_open=False, high_open=False)
    items = [" ".join(rng.choice(_WORDS, int(rng.integers(25, 41)))) for _ in range(n_items)]
    leaked = rng.random(n_items) < leak_share
    corpus = [" ".join(rng.choice(_WORDS, int(rng.integers(80, 200)))) for _ in range(n_documents)]
    for i in np.flatnonzero(leaked):
        words = items[i].split()
        piece = words if rng.random() < 0.5 else words[: len(words) // 2]   # whole item, or its first half
        d = int(rng.integers(n_documents))
        corpus[d] = corpus[d] + " " + " ".join(piece) + " " + " ".join(rng.choice(_WORDS, 20))
    correct = (rng.random(n_items) < np.where(leaked, acc_leaked, acc_clean)).astype(float)
    return LeakedBenchmark(items, corpus, leaked, correct)
