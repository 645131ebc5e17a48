"""Generators for LLM and generation questions: pass@k, perplexity, BLEU's pieces, QA scores, kappa.

Answers come from :mod:`mlmetrics_edu.generation` (imported inside each generator, so the
bank loads even while that module is being edited). Trap values are the classic wrong
answers: the biased plug-in pass@k ``1 - (1 - c/n)^k``, perplexity from the *sum* of the
log-likelihoods, BLEU's unigram precision without clipping, raw agreement instead of kappa.
"""

from __future__ import annotations

import numpy as np

from . import Redraw, fmt_list, generator


@generator("pass_at_k")
def pass_at_k(rng):
    """n samples per problem, c of them pass the tests, a budget of k attempts (2 <= k <= n - c)."""
    from ...generation import pass_at_k as unbiased

    n = int(rng.choice([10, 20, 25, 50]))
    c = int(rng.integers(1, n // 3 + 1))
    k = int(rng.choice([k for k in (2, 3, 5, 10) if k <= n - c]))
    return {
        "n": n, "c": c, "k": k,
        "pass_at_k": unbiased(n, c, k),
        "pass_at_1": unbiased(n, c, 1),
        "biased": 1 - (1 - c / n) ** k,                          # trap: the plug-in estimate
        "c_over_n": c / n,                                       # trap: pass@1 for pass@k
    }


@generator("token_logprobs")
def token_logprobs(rng):
    """Six natural-log probabilities a language model gave the observed tokens."""
    from ...generation import perplexity

    logp = np.round(np.log(rng.uniform(0.05, 0.9, size=6)), 2)
    nll = -logp
    return {
        "logprobs": fmt_list(logp, 2), "n_tokens": 6,
        "mean_nll": float(nll.mean()),
        "perplexity": perplexity(logp),
        "ppl_sum": float(np.exp(nll.sum())),                      # trap: the sum, not the mean
        "ppl_base2": float(2 ** nll.mean()),                      # trap: wrong base for natural logs
        "ppl_mean_inverse": float(np.mean(np.exp(nll))),          # trap: mean of 1/p per token
    }


_WORDS = ["cat", "dog", "sat", "ran", "on", "mat", "rug", "red", "big", "home", "fast", "park",
          "old", "tree", "near", "river", "small", "bird", "sang", "loud", "at", "dawn", "by", "road",
          "green", "hill", "slow", "boat", "under", "bridge"]


@generator("bleu_pieces")
def bleu_pieces(rng):
    """A reference and a shorter, repetitive hypothesis: BLEU's pieces.

    Every draw exercises each piece: the hypothesis is shorter than the reference (BP < 1) and
    repeats a word more often than the reference holds it (clipping changes p1).
    """
    from ...generation import bleu_details

    ref = list(rng.choice(_WORDS, size=int(rng.integers(10, 21)), replace=False))
    ref[int(rng.integers(1, len(ref)))] = ref[0]                 # one word occurs twice
    length = int(rng.integers(6, len(ref)))                      # shorter than the reference
    start = int(rng.integers(0, len(ref) - length + 1))
    hyp = ref[start:start + length]
    for _ in range(int(rng.integers(1, 4))):                     # one to three substitutions
        hyp[int(rng.integers(len(hyp)))] = str(rng.choice(_WORDS))
    word = hyp[int(rng.integers(len(hyp)))]
    for _ in range(int(rng.integers(1, 4))):                     # a repeated word (clipping)
        hyp[int(rng.integers(len(hyp)))] = word
    hyp_text, ref_text = " ".join(hyp), " ".join(ref)
    r = bleu_details([hyp_text], [[ref_text]], tokenize="none", smooth_method="none")
    unclipped = sum(1 for w in hyp if w in ref)
    if unclipped == r.counts[0] or r.hyp_len >= r.ref_len or r.counts[1] == 0:
        raise Redraw("clipping changes nothing, BP = 1, or no bigram matches")
    return {
        "hypothesis": hyp_text, "reference": ref_text, "c": r.hyp_len, "r": r.ref_len,
        "m1": r.counts[0], "m2": r.counts[1], "t2": r.totals[1],
        "p1": r.counts[0] / r.totals[0],
        "p2": r.counts[1] / r.totals[1],
        "p1_unclipped": unclipped / len(hyp),                     # trap: no clipping
        "bp": r.brevity_penalty,
        "bp_inverted": float(np.exp(1 - r.hyp_len / r.ref_len)) if r.hyp_len < r.ref_len else 1.0,
        "length_ratio": r.hyp_len / r.ref_len,                    # trap: c / r
    }


_ANSWER_WORDS = ["eiffel", "tower", "paris", "france", "built", "in", "1889", "by", "gustave",
                 "company", "for", "world", "fair", "iron", "lattice", "engineer", "universal",
                 "exposition", "wrought", "structure"]


@generator("qa_tokens")
def qa_tokens(rng):
    """A predicted answer and the gold answer for an extractive QA question: EM and token F1."""
    from ...generation import exact_match, token_f1

    gold = list(rng.choice(_ANSWER_WORDS, size=int(rng.integers(3, 11)), replace=False))
    start = int(rng.integers(0, len(gold) - 1))                    # a span that overlaps the gold
    pred = gold[start:start + int(rng.integers(1, len(gold) - start + 1))]
    pred = pred + list(rng.choice([w for w in _ANSWER_WORDS if w not in gold],
                                  size=int(rng.integers(1, 6)), replace=False))
    pred_text, gold_text = " ".join(pred), " ".join(gold)
    common = len(set(pred) & set(gold))
    return {
        "prediction": pred_text, "gold": gold_text, "common": common,
        "n_pred": len(pred), "n_gold": len(gold),
        "f1": token_f1(pred_text, gold_text),
        "em": exact_match(pred_text, gold_text),
        "precision": common / len(pred),                          # trap: precision alone
        "recall": common / len(gold),                             # trap: recall alone
    }


@generator("rater_table")
def rater_table(rng):
    """Two raters label the same 100 answers acceptable or not: agreement and Cohen's kappa."""
    from ...classification import cohen_kappa_score

    yes_yes = int(rng.integers(30, 61))
    yes_no = int(rng.integers(3, 16))
    no_yes = int(rng.integers(3, 16))
    no_no = 100 - yes_yes - yes_no - no_yes
    a = np.r_[np.ones(yes_yes + yes_no, int), np.zeros(no_yes + no_no, int)]
    b = np.r_[np.ones(yes_yes, int), np.zeros(yes_no, int), np.ones(no_yes, int), np.zeros(no_no, int)]
    p_o = (yes_yes + no_no) / 100
    p_a, p_b = (yes_yes + yes_no) / 100, (yes_yes + no_yes) / 100
    return {
        "yes_yes": yes_yes, "yes_no": yes_no, "no_yes": no_yes, "no_no": no_no,
        "p_o": p_o, "p_e": p_a * p_b + (1 - p_a) * (1 - p_b), "p_a": p_a, "p_b": p_b,
        "kappa": cohen_kappa_score(a, b),
    }
