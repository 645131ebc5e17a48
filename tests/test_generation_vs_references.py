"""Generation metrics equal their references on seeded random inputs.

BLEU against sacrebleu (``corpus_bleu`` / ``sentence_bleu`` with their defaults), ROUGE
against Google's rouge-score (``use_stemmer=False``), exact match and token F1 against
the SQuAD v1.1 evaluation logic (re-stated below as an oracle), pass@k against the exact
big-integer ``math.comb`` formula, Cohen's kappa against scikit-learn. The random texts
are word soups built to hit every tokenizer rule: punctuation glued to words, numbers
with decimal points, commas and dashes, HTML entities, ``<skipped>``, hyphenated line
breaks, repeated words, empty strings, tabs, trailing spaces and non-ASCII text.
"""

import math
import re
import string
import warnings
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
import sacrebleu
from rouge_score import rouge_scorer
from sklearn.metrics import cohen_kappa_score as sk_kappa

from mlmetrics_edu.generation import (
    bleu_details,
    bleu_score,
    cohen_kappa_score,
    exact_match,
    pass_at_k,
    perplexity,
    rouge_l,
    rouge_n,
    sentence_bleu,
    token_f1,
)

WORDS = ["the", "cat", "sat", "on", "a", "mat", "dog", "The", "An", "an", "quick", "brown", "fox",
         "isn't", "it's", "co-operate", "e.g.", "U.S.", "Mr.", "3.14", "1,000", "2024-05-01", "12-3",
         "-5", "5-", "$40", "50%", "(a)", "[b]", "{c}", "x/y", "a:b", "q?", "wow!", "end.", "end,",
         ".", ",", ";", "--", "...", "'quoted'", '"double"', "&amp;", "&quot;hi&quot;", "&lt;tag&gt;",
         "&amp;quot;", "<skipped>", "word-\nbreak", "line\nfeed", "tab\there", "café", "naïve",
         "Straße", "İstanbul", "日本語", "😀", "Ωmega", "ÉCOLE", "x²", "½", "a_b", "a|b", "~tilde",
         "`tick`", "^caret", "#tag", "@user", "+1", "=", "<", ">", "a.b,c", "9.", ".9", ",9", "9,"]


def word_soup(rng, vocab, max_len=18):
    n = int(rng.integers(0, max_len))
    words = list(rng.choice(vocab, size=n)) if n else []
    if words and rng.random() < 0.3:  # repeated words: clipping matters
        words += [words[0]] * int(rng.integers(1, 4))
    gaps = rng.choice([" ", " ", " ", " ", "", "\t", "\xa0", "  "], size=len(words))  # "" glues words
    text = "".join(w + g for w, g in zip(words, gaps))
    if rng.random() < 0.15:
        text += rng.choice(["  ", " \t", "\n", " ."])  # trailing whitespace and punctuation
    return text


def corpus(rng, n_segments, max_refs=3):
    """Hypotheses and a varying number of references per segment, sharing a small vocabulary."""
    vocab = list(rng.choice(WORDS, size=int(rng.integers(4, len(WORDS))), replace=False))
    hyps = [word_soup(rng, vocab) for _ in range(n_segments)]
    refs = [[word_soup(rng, vocab) for _ in range(int(rng.integers(1, max_refs + 1)))]
            for _ in range(n_segments)]
    return hyps, refs


def streams(refs):
    """Our layout (references per segment) to sacrebleu's (reference streams, None-padded)."""
    width = max(len(r) for r in refs)
    return [[r[j] if j < len(r) else None for r in refs] for j in range(width)]


def assert_bleu_equal(ours, theirs):
    assert ours.score == pytest.approx(theirs.score, rel=1e-12, abs=1e-12)
    assert list(ours.counts) == list(theirs.counts)
    assert list(ours.totals) == list(theirs.totals)
    assert ours.hyp_len == theirs.sys_len and ours.ref_len == theirs.ref_len
    assert ours.brevity_penalty == pytest.approx(theirs.bp, rel=1e-15)
    assert list(ours.precisions) == pytest.approx(list(theirs.precisions), rel=1e-12)


# --------------------------------------------------------------------------- BLEU


@pytest.mark.parametrize("seed", range(40))
def test_corpus_bleu_equals_sacrebleu_with_a_varying_number_of_references(seed):
    rng = np.random.default_rng(seed)
    hyps, refs = corpus(rng, int(rng.integers(1, 30)))
    assert_bleu_equal(bleu_details(hyps, refs), sacrebleu.corpus_bleu(hyps, streams(refs)))
    assert bleu_score(hyps, refs) == pytest.approx(sacrebleu.corpus_bleu(hyps, streams(refs)).score,
                                                   rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", range(15))
def test_corpus_bleu_equals_sacrebleu_with_equal_reference_counts_and_options(seed):
    rng = np.random.default_rng(100 + seed)
    hyps, _ = corpus(rng, int(rng.integers(1, 20)))
    n_refs = int(rng.integers(1, 4))
    refs = [[word_soup(rng, WORDS) for _ in range(n_refs)] for _ in hyps]
    for options in ({}, {"lowercase": True}, {"tokenize": "none"}, {"smooth_method": "none"},
                    {"use_effective_order": True}):
        theirs = sacrebleu.corpus_bleu(hyps, streams(refs), **options)
        assert_bleu_equal(bleu_details(hyps, refs, **options), theirs)


@pytest.mark.parametrize("seed", range(40))
def test_sentence_bleu_equals_sacrebleu(seed):
    rng = np.random.default_rng(200 + seed)
    hyps, refs = corpus(rng, 5)
    for hyp, ref in zip(hyps, refs):
        theirs = sacrebleu.sentence_bleu(hyp, ref)
        assert sentence_bleu(hyp, ref) == pytest.approx(theirs.score, rel=1e-12, abs=1e-12)
        assert_bleu_equal(bleu_details([hyp], [ref], use_effective_order=True), theirs)


RULE_CASES = ["", " ", "a.b.c", "3.14.15", "a,,b", "x--y", "1-2-3", "..,,..", "&amp;amp;", "-\n-\n",
              "<skip<skipped>ped>", "\u00a0nbsp\u2028ls", "a..5", "x,,9", ".,1", "a.,b", "9..a", "a\x1c.5",
              "1-\t-2", "&lt;,&gt;.9"]


@pytest.mark.parametrize("text", WORDS + RULE_CASES)
def test_the_13a_tokenizer_splits_every_rule_case_as_sacrebleu(text):
    # one-segment BLEU against itself exposes the token count; against sacrebleu, the n-grams
    ours = bleu_details([text + " " + text], [text])
    theirs = sacrebleu.corpus_bleu([text + " " + text], [[text]])
    assert_bleu_equal(ours, theirs)


def test_single_string_references_are_one_reference_each():
    hyps = ["a b c d", "e f g"]
    assert bleu_score(hyps, ["a b c d", "e f"]) == bleu_score(hyps, [["a b c d"], ["e f"]])


def test_none_references_are_skipped_like_sacrebleu():
    hyps, refs = ["the cat sat", "a dog"], [["the cat sat", None], [None, "a dog barked"]]
    assert bleu_score(hyps, refs) == pytest.approx(sacrebleu.corpus_bleu(hyps, streams(refs)).score)
    assert bleu_score(hyps, refs) == bleu_score(hyps, [["the cat sat"], ["a dog barked"]])


# --------------------------------------------------------------------------- ROUGE

SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rouge3", "rougeL"], use_stemmer=False)


def rouge_pairs(rng, n):
    vocab = list(rng.choice(WORDS, size=int(rng.integers(3, 30)), replace=False))
    return [word_soup(rng, vocab, 30) for _ in range(n)], [word_soup(rng, vocab, 30) for _ in range(n)]


@pytest.mark.parametrize("seed", range(30))
def test_rouge_n_and_rouge_l_equal_rouge_score(seed):
    rng = np.random.default_rng(300 + seed)
    targets, predictions = rouge_pairs(rng, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty sides warn; rouge-score's value is 0.0
        batch = {f"rouge{n}": rouge_n(targets, predictions, n=n) for n in (1, 2, 3)}
        batch["rougeL"] = rouge_l(targets, predictions)
        for i, (t, p) in enumerate(zip(targets, predictions)):
            theirs = SCORER.score(t, p)
            singles = {f"rouge{n}": rouge_n(t, p, n=n) for n in (1, 2, 3)}
            singles["rougeL"] = rouge_l(t, p)
            for kind, score in theirs.items():
                for field in ("precision", "recall", "fmeasure"):
                    expected = getattr(score, field)
                    assert singles[kind][field] == pytest.approx(expected, rel=1e-12, abs=0), (kind, field, t, p)
                    assert batch[kind][field][i] == pytest.approx(expected, rel=1e-12, abs=0)
                    assert isinstance(singles[kind][field], float)


@pytest.mark.parametrize("seed", range(10))
def test_rouge_l_on_long_texts_equals_rouge_score(seed):
    rng = np.random.default_rng(400 + seed)
    vocab = [f"w{i}" for i in range(int(rng.integers(2, 12)))]
    t, p = (" ".join(rng.choice(vocab, size=int(rng.integers(60, 200)))) for _ in range(2))
    theirs = SCORER.score(t, p)["rougeL"]
    ours = rouge_l(t, p)
    assert (ours["precision"], ours["recall"], ours["fmeasure"]) == pytest.approx(
        (theirs.precision, theirs.recall, theirs.fmeasure), rel=1e-12)


# --------------------------------------------------------------------------- SQuAD


def squad_normalize(s):
    """SQuAD v1.1 ``normalize_answer``, restated from the evaluation script's steps."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def squad_f1(prediction, truth):
    p, t = squad_normalize(prediction).split(), squad_normalize(truth).split()
    same = sum((Counter(p) & Counter(t)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(t)
    return 2 * precision * recall / (precision + recall)


ANSWER_WORDS = ["the", "a", "an", "The", "Eiffel", "tower", "Tower", "Paris", "1889", "in", "of",
                "U.S.", "don't", "co-op", "café", "Thé", "another", "and", "  ", "!", "(", "Mr.", "an?"]


@pytest.mark.parametrize("seed", range(30))
def test_exact_match_and_token_f1_equal_the_squad_script(seed):
    rng = np.random.default_rng(500 + seed)
    soup = lambda: " ".join(rng.choice(ANSWER_WORDS, size=int(rng.integers(0, 6))))  # noqa: E731
    predictions = [soup() for _ in range(10)]
    truths = [[soup() for _ in range(int(rng.integers(1, 4)))] for _ in predictions]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        em, f1 = exact_match(predictions, truths), token_f1(predictions, truths)
        for i, (p, gs) in enumerate(zip(predictions, truths)):
            expected_em = max(float(squad_normalize(p) == squad_normalize(g)) for g in gs)
            expected_f1 = max(squad_f1(p, g) for g in gs)
            assert exact_match(p, gs) == em[i] == expected_em
            assert token_f1(p, gs) == pytest.approx(expected_f1, rel=1e-15) and f1[i] == token_f1(p, gs)


# --------------------------------------------------------------------------- pass@k


def exact_pass_at_k(n, c, k):
    return 1.0 if n - c < k else float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))


@pytest.mark.parametrize("seed", range(10))
def test_pass_at_k_equals_the_exact_binomial_formula(seed):
    rng = np.random.default_rng(600 + seed)
    n = rng.integers(1, [20, 300, 5000][seed % 3], size=30)
    c = rng.integers(0, n + 1)
    c[:3] = [0, n[1], n[2] - 1]
    k = int(rng.integers(1, n.min() + 1))
    ours = pass_at_k(n, c, k)
    expected = [exact_pass_at_k(int(a), int(b), k) for a, b in zip(n, c)]
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-15)
    k_each = rng.integers(1, n + 1)
    expected = [exact_pass_at_k(int(a), int(b), int(kk)) for a, b, kk in zip(n, c, k_each)]
    np.testing.assert_allclose(pass_at_k(n, c, k_each), expected, rtol=1e-12, atol=1e-15)


def test_pass_at_k_is_accurate_for_thousands_of_samples_and_tiny_probabilities():
    for n, c, k in [(10000, 1, 1), (10000, 1, 100), (5000, 2, 2500), (8000, 7000, 900), (3000, 1500, 1499),
                    (10000, 9999, 1)]:
        assert pass_at_k(n, c, k) == pytest.approx(exact_pass_at_k(n, c, k), rel=1e-12)


# --------------------------------------------------------------------------- kappa, perplexity


@pytest.mark.parametrize("seed", range(20))
def test_cohen_kappa_equals_scikit_learn(seed):
    rng = np.random.default_rng(700 + seed)
    n, k = int(rng.integers(2, 80)), int(rng.integers(2, 6))
    y1 = rng.integers(0, k, size=n)
    y2 = np.where(rng.random(n) < 0.6, y1, rng.integers(0, k, size=n))
    w = rng.random(n) if seed % 2 else None
    labels = None if seed % 3 else list(range(k))
    if seed % 4 == 1:
        names = np.array(["bad", "ok", "good", "great", "best"])  # string labels, sorted alphabetically
        y1, y2 = names[y1 % 5], names[y2 % 5]
        labels = None
    for weights in (None, "linear", "quadratic"):
        expected = sk_kappa(y1, y2, labels=labels, weights=weights, sample_weight=w)
        assert cohen_kappa_score(y1, y2, labels=labels, weights=weights, sample_weight=w) == pytest.approx(
            expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_perplexity_is_the_exponential_of_the_mean_token_nll(seed):
    rng = np.random.default_rng(800 + seed)
    seqs = [np.log(rng.dirichlet(np.ones(50), size=int(rng.integers(1, 40)))[:, 0]) for _ in range(5)]
    flat = [x for s in seqs for x in s]
    assert perplexity(seqs) == pytest.approx(math.exp(-math.fsum(flat) / len(flat)), rel=1e-12)
    per = [math.exp(-math.fsum(s) / len(s)) for s in seqs]
    np.testing.assert_allclose(perplexity(seqs, per_sequence=True), per, rtol=1e-12)


# --------------------------------------------------------------------------- drill answers


def _drill_cases(drill_id):
    from mlmetrics_edu.drill.cases import build_cases
    from mlmetrics_edu.drill.spec import get_drill, reference

    drill = get_drill(drill_id)
    return reference(drill), [c.calls[0] for c in build_cases(drill) if c.kind != "property"]


def _bleu_none(hypothesis, references, **options):
    return sacrebleu.corpus_bleu([" ".join(hypothesis)], [[" ".join(r)] for r in references],
                                 tokenize="none", **options)


def test_the_pass_at_k_drill_answer_equals_the_exact_formula():
    answer, calls = _drill_cases("pass-at-k")
    for c in calls:
        assert answer(*c.args) == pytest.approx(exact_pass_at_k(*c.args), rel=1e-12, abs=1e-15)


def test_the_clipped_counts_drill_answer_equals_sacrebleu_counts():
    answer, calls = _drill_cases("bleu-clipped-counts")
    for c in calls:
        hyp, refs, n = c.args
        theirs = _bleu_none(hyp, refs)
        assert answer(hyp, refs, n) == (theirs.counts[n - 1], theirs.totals[n - 1])


def test_the_bleu_drill_answer_equals_unsmoothed_sacrebleu():
    answer, calls = _drill_cases("bleu")
    nonzero = 0
    for c in calls:
        hyp, refs = c.args
        expected = _bleu_none(hyp, refs, smooth_method="none").score / 100
        assert answer(hyp, refs) == pytest.approx(expected, rel=1e-12, abs=1e-15)
        nonzero += expected > 0
    assert nonzero >= 15  # the random cases exercise the formula, not only the zero guard


def test_the_rouge_l_drill_answer_equals_rouge_score():
    answer, calls = _drill_cases("rouge-l")
    for c in calls:
        t, p = c.args
        expected = SCORER.score(" ".join(t), " ".join(p))["rougeL"].fmeasure
        assert answer(t, p) == pytest.approx(expected, rel=1e-12)


def test_the_token_f1_drill_answer_equals_the_squad_script():
    answer, calls = _drill_cases("token-f1")
    for c in calls:
        assert answer(*c.args) == pytest.approx(squad_f1(*c.args), rel=1e-15)
