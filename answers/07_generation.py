"""Reference answers for drill set 07 (mirrors drills/07_generation.py).

pass_at_k is the unbiased estimator of Chen et al. (2021, HumanEval). clipped_ngram_counts
and bleu follow sacrebleu's counts and formula (tokenize="none", smooth_method="none"),
on a 0-1 scale; rouge_l_f1 equals rouge-score's rougeL fmeasure on pre-split tokens;
token_f1 is SQuAD v1.1's f1_score on ASCII answers. tests/test_generation_vs_references.py
checks each against its reference library.
"""

import math

import numpy as np


def pass_at_k(n, c, k):
    """A code model wrote n programs for one problem and c of them pass the unit tests. A user
    may try k of them. Estimate the chance that at least one of the k passes, without bias.
    """
    if n - c < k:
        return 1.0  # fewer than k failures: any k draws must include a pass
    # C(n-c, k) / C(n, k) = prod over i = n-c+1 .. n of (1 - k / i): c factors, each <= 1,
    # so nothing overflows even for n in the thousands.
    fail_all = np.prod(1.0 - k / np.arange(n - c + 1, n + 1))
    return float(1.0 - fail_all)  # 1 - P(all k tries fail)


def _ngrams(tokens, n):
    """How often each n-gram (a tuple of n tokens) occurs."""
    counts = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i:i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def clipped_ngram_counts(hypothesis, references, n):
    """A translation system wrote `hypothesis` (a token list); people wrote `references` (a list
    of token lists). Count the hypothesis n-grams BLEU credits. Return (matches, total) as ints.
    """
    hyp = _ngrams(hypothesis, n)
    ref_counts = [_ngrams(ref, n) for ref in references]
    matches = 0
    for gram, count in hyp.items():
        # clip by the single reference with the most copies: repeating a word cannot earn more
        best = max((r.get(gram, 0) for r in ref_counts), default=0)
        matches += min(count, best)
    total = max(len(hypothesis) - n + 1, 0)
    return int(matches), int(total)


def bleu(hypothesis, references):
    """Score one translation (a token list) against its references (token lists) with BLEU-4,
    on a 0-1 scale, without smoothing. Return a float.
    """
    log_precisions = []
    for n in range(1, 5):
        matches, total = clipped_ngram_counts(hypothesis, references, n)
        if matches == 0 or total == 0:
            return 0.0  # log 0: without smoothing the geometric mean is 0
        log_precisions.append(math.log(matches / total))
    c = len(hypothesis)
    # the closest reference length; on a tie the shorter (sort key: distance, then length)
    r = min((len(ref) for ref in references), key=lambda length: (abs(length - c), length))
    bp = 1.0 if c >= r else math.exp(1 - r / c)  # too short: precision alone would flatter it
    return float(bp * math.exp(sum(log_precisions) / 4))


def rouge_l_f1(target, prediction):
    """A summarizer's output (`prediction`, a token list) is compared with a human summary
    (`target`) by the longest common subsequence of their words. Return its F1 as a float.
    """
    if not target or not prediction:
        return 0.0
    # table[i][j] = LCS of target[:i] and prediction[:j]
    table = [[0] * (len(prediction) + 1) for _ in range(len(target) + 1)]
    for i, t in enumerate(target, start=1):
        for j, p in enumerate(prediction, start=1):
            table[i][j] = table[i - 1][j - 1] + 1 if t == p else max(table[i - 1][j], table[i][j - 1])
    lcs = table[-1][-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(prediction), lcs / len(target)
    return float(2 * precision * recall / (precision + recall))


PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # string.punctuation
ARTICLES = ("a", "an", "the")


def _normalize(text):
    text = "".join(ch for ch in text.lower() if ch not in PUNCTUATION)  # "U.S." -> "us"
    # On ASCII text, dropping whole words a/an/the is SQuAD's regex \b(a|an|the)\b.
    return [word for word in text.split() if word not in ARTICLES]


def token_f1(prediction, ground_truth):
    """A reading-comprehension model answered `prediction`; the accepted answer is `ground_truth`.
    Give partial credit by the words they share, after SQuAD's answer normalization.
    """
    pred, truth = _normalize(prediction), _normalize(ground_truth)
    truth_counts = {}
    for word in truth:
        truth_counts[word] = truth_counts.get(word, 0) + 1
    common = 0
    for word in pred:  # a word counts as often as it occurs on both sides, no more
        if truth_counts.get(word, 0) > 0:
            truth_counts[word] -= 1
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(truth)
    return float(2 * precision * recall / (precision + recall))
