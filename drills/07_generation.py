"""Drill set 07: metrics for generated text and code.

Tokens are given to you as Python lists of strings (already split and lowercased),
except in `token_f1`, which takes raw answer strings. Every drill returns a Python
float, or a tuple of ints where it says so. Only NumPy and the standard library's
`math` are needed.

    mlmetrics-edu drill check pass-at-k
"""

import math

import numpy as np


def pass_at_k(n, c, k):
    """A code model wrote n programs for one problem and c of them pass the unit tests. A user
    may try k of them. Estimate the chance that at least one of the k passes, without bias.
    """
    # Graded on these conventions:
    # - pass@k = 1 - C(n - c, k) / C(n, k): k tries drawn without replacement (HumanEval).
    # - n - c < k gives 1.0; 0 <= c <= n and 1 <= k <= n; n can be in the thousands.
    # - Return a float; float factorials overflow, so use a product (or exact integers).
    # TODO: compute 1 - C(n - c, k) / C(n, k) (a product of k or c factors avoids huge numbers).
    raise NotImplementedError


def clipped_ngram_counts(hypothesis, references, n):
    """A translation system wrote `hypothesis` (a token list); people wrote `references` (a list
    of token lists). Count the hypothesis n-grams BLEU credits. Return (matches, total) as ints.
    """
    # Graded on these conventions:
    # - total = len(hypothesis) - n + 1 (0 when the hypothesis is shorter than n).
    # - matches = sum over distinct hypothesis n-grams g of min(count in hypothesis, max over
    #   references of the count in one reference).
    # - An n-gram is a tuple of n consecutive tokens; tokens are strings. Return a tuple of two
    #   ints.
    # TODO: count the n-grams of the hypothesis and of each reference, clip, add up.
    raise NotImplementedError


def bleu(hypothesis, references):
    """Score one translation (a token list) against its references (token lists) with BLEU-4,
    on a 0-1 scale, without smoothing. Return a float.
    """
    # Graded on these conventions:
    # - BLEU = BP * exp(mean of log p_n, n = 1..4), p_n the clipped n-gram precision; 0-1 scale.
    # - No smoothing: 0.0 if any p_n has no match or no n-gram (so a hypothesis under 4 tokens
    #   scores 0.0).
    # - BP = 1 if c >= r else exp(1 - r/c): c the hypothesis length, r the closest reference length
    #   (the shorter on a tie).
    # TODO: four clipped precisions, their geometric mean, times the brevity penalty.
    raise NotImplementedError


def rouge_l_f1(target, prediction):
    """A summarizer's output (`prediction`, a token list) is compared with a human summary
    (`target`) by the longest common subsequence of their words. Return its F1 as a float.
    """
    # Graded on these conventions:
    # - LCS = longest sequence of tokens in both lists in the same order, gaps allowed (not
    #   contiguous).
    # - P = LCS / len(prediction), R = LCS / len(target), F1 = 2PR / (P + R); 0.0 when either list
    #   is empty or the LCS is 0 (rouge-score's rougeL fmeasure).
    # TODO: fill the LCS dynamic-programming table, then combine P and R.
    raise NotImplementedError


def token_f1(prediction, ground_truth):
    """A reading-comprehension model answered `prediction`; the accepted answer is `ground_truth`.
    Give partial credit by the words they share, after SQuAD's answer normalization.
    """
    # Graded on these conventions:
    # - Normalize: lowercase, delete ASCII punctuation, drop the words a/an/the, split on
    #   whitespace.
    # - Shared words count with multiplicity; F1 = 2PR / (P + R); 0.0 when nothing is shared or a
    #   side is empty (SQuAD v1.1).
    # - Answers hold ASCII text only. Return a float.
    # TODO: normalize, count shared words with their multiplicity, combine P and R.
    raise NotImplementedError
