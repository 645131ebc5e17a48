"""Notebook 07 (LLM and generation metrics), checked out of the learner's sight.

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py) and asserts on the kernel's state: every check the notebook's
cells used to carry, the metrics against their reference implementations (sacrebleu,
rouge-score, scikit-learn, the HumanEval estimator), the notebook's shape (no ``assert``, no
answer key, every main section ending with a quiz from the bank) and every number the prose
quotes being in an output of the run.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_every_main_section_ends_with_a_quiz, assert_holds,
                             assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown)

STEM = "07_llm_and_generation_metrics"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb07"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_on_llm_metrics(nb):
    from mlmetrics_edu.interview.bank import load_bank

    asked = assert_every_main_section_ends_with_a_quiz(nb)
    assert list(asked) == ["Perplexity", "BLEU: overlap is not meaning", "ROUGE-N and ROUGE-L",
                           "Exact match and token F1", "pass@k for code", "LLM-as-judge", "Human evaluation"]
    bank = load_bank()
    assert all(bank[qid].topic == "llm" for ids in asked.values() for qid in ids)


# Values the prose states as inputs or definitions rather than as results of the run.
STATED = {"50%"}  # a coin flip, the reference a win rate is read against


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- perplexity


def test_a_uniform_guess_over_50_tokens_has_perplexity_50(nb):
    assert nb.value("perplexity(uniform)") == pytest.approx(50)


def test_subword_pieces_keep_the_probability_and_halve_the_perplexity(nb):
    words, pieces = np.array(nb.value("word_logp")), np.array(nb.value("piece_logp"))
    assert words.sum() == pytest.approx(pieces.sum())
    assert nb.value("perplexity(piece_logp)") < nb.value("perplexity(word_logp)") / 2
    assert nb.value("perplexity(word_logp)") == pytest.approx(math.exp(-words.mean()))


def test_pooled_perplexity_averages_over_tokens(nb):
    assert nb.value("pooled") == pytest.approx(math.exp(-(3 * math.log(0.5) + 30 * math.log(0.05)) / 33))
    assert nb.value("per_doc") == pytest.approx([2.0, 20.0])


# --------------------------------------------------------------------------- BLEU and ROUGE


def test_bleu_prefers_the_wrong_sentence_and_equals_sacrebleu(nb):
    sacrebleu = pytest.importorskip("sacrebleu")
    assert_holds(nb, "bleu_para < 10 < 25 < bleu_wrong")
    reference = nb.value("reference")
    for name in ("paraphrase", "wrong"):
        ours = nb.value(f"sentence_bleu({name}, reference)")
        assert ours == pytest.approx(sacrebleu.sentence_bleu(nb.value(name), [reference]).score, abs=1e-9)


def test_bleu_parts_show_every_unigram_matches(nb):
    assert_holds(nb, "parts.precisions[0] == 100.0", "parts.counts[1] == 3",
                 "np.isclose(parts.score, bleu_wrong)")


def test_clipping_and_the_brevity_penalty(nb):
    assert nb.value("clipped.counts[0]") == 2
    assert nb.value("short.brevity_penalty") == pytest.approx(math.exp(1 - 6 / 2))


def test_corpus_bleu_is_not_the_mean_of_sentence_bleu_and_equals_sacrebleu(nb):
    sacrebleu = pytest.importorskip("sacrebleu")
    assert_holds(nb, "not np.isclose(corpus, mean_sentence)")
    hyps, refs = nb.value("hyps"), nb.value("refs")
    refs = [r if isinstance(r, list) else [r] for r in refs]
    streams = [[r[i] if i < len(r) else None for r in refs] for i in range(max(map(len, refs)))]
    assert nb.value("corpus") == pytest.approx(sacrebleu.corpus_bleu(hyps, streams).score, abs=1e-9)


def test_rouge_is_fooled_like_bleu_and_equals_rouge_score(nb):
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    assert_holds(nb, 'rouge_n(reference, wrong)["fmeasure"] == 1.0',
                 'rouge_l(reference, paraphrase)["fmeasure"] < 0.3')
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=False)
    for name in ("paraphrase", "wrong"):
        ref = scorer.score(nb.value("reference"), nb.value(name))
        assert nb.value(f"rouge_n(reference, {name}, n=1)['fmeasure']") == pytest.approx(ref["rouge1"].fmeasure)
        assert nb.value(f"rouge_l(reference, {name})['fmeasure']") == pytest.approx(ref["rougeL"].fmeasure)


# --------------------------------------------------------------------------- QA and pass@k


def test_exact_match_and_token_f1(nb):
    assert nb.value("list(em)") == [1.0, 0.0, 0.0]
    assert nb.value("f1[2]") == pytest.approx(2 / 3)


def _humaneval_pass_at_k(n, c, k):
    return 1.0 if n - c < k else 1.0 - math.comb(n - c, k) / math.comb(n, k)


def test_the_plug_in_estimator_is_biased_and_the_unbiased_one_is_not(nb):
    truth, plug_in, unbiased = nb.value("truth"), nb.value("plug_in.mean()"), nb.value("unbiased.mean()")
    assert plug_in < truth - 0.02 and abs(unbiased - truth) < 0.005
    c = np.array(nb.value("c[0, :10]"))
    assert nb.value("pass_at_k(n, c[0, :10], k).tolist()") == pytest.approx(
        [_humaneval_pass_at_k(20, int(ci), 10) for ci in c])


def test_pass_at_k_handles_thousands_of_samples(nb):
    assert nb.value("pass_at_k(5000, 50, 1)") == pytest.approx(50 / 5000)
    assert nb.value("pass_at_k(5000, 50, 100)") == pytest.approx(_humaneval_pass_at_k(5000, 50, 100))


# --------------------------------------------------------------------------- LLM-as-judge, raters


def test_the_judge_favours_length_and_the_first_position(nb):
    assert_holds(nb, "b_wins_b_first.mean() > b_wins_a_first.mean() > truth_b + 0.1", "flipped > 0.15")


def test_the_bootstrap_interval_is_precise_but_misses_the_truth(nb):
    assert_holds(nb, "low < estimate < high", "low > 0.6", "not (low <= truth_b <= high)")


def test_length_control_recovers_the_truth(nb):
    assert_holds(nb, "abs(lc - truth_b) < 0.06 < b_wins.mean() - truth_b")


def test_kappa_corrects_for_chance_and_equals_scikit_learn(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    assert_holds(nb, "kappa < raw", "kappa < kappa_q")
    r1, r2 = nb.value("rater_1"), nb.value("rater_2")
    assert nb.value("kappa") == pytest.approx(metrics.cohen_kappa_score(r1, r2))
    assert nb.value("kappa_q") == pytest.approx(metrics.cohen_kappa_score(r1, r2, weights="quadratic"))


def test_side_by_side_agreement_of_90_percent_is_a_kappa_of_044(nb):
    assert nb.value("agree") == 0.9
    assert nb.value("cohen_kappa_score(side_by_side_1, side_by_side_2)") == pytest.approx(0.44, abs=0.01)
    assert nb.value("chance") == pytest.approx(0.82)
