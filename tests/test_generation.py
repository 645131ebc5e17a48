"""Generation metrics: hand-worked examples, properties, and bad input for every function."""

import math
import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.generation import (
    BLEUResult,
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
from mlmetrics_edu.generation import _lcs_length

# --------------------------------------------------------------------------- perplexity


def test_perplexity_of_a_uniform_guess_is_the_vocabulary_size():
    assert perplexity(np.full(7, np.log(1 / 50))) == pytest.approx(50.0)


def test_perplexity_pools_tokens_not_sequences():
    short, long = np.log([0.1]), np.log([0.5] * 9)
    pooled = math.exp(-(math.log(0.1) + 9 * math.log(0.5)) / 10)
    assert perplexity([short, long]) == pytest.approx(pooled)
    assert perplexity([short, long]) != pytest.approx(np.mean(perplexity([short, long], per_sequence=True)))


def test_perplexity_accepts_a_2d_array_of_equal_length_sequences():
    lp = np.log(np.array([[0.5, 0.25], [1.0, 0.5]]))
    np.testing.assert_allclose(perplexity(lp, per_sequence=True), [math.sqrt(8), math.sqrt(2)])
    assert perplexity(lp) == pytest.approx(16 ** 0.25)


def test_perplexity_of_a_certain_model_is_one():
    assert perplexity([0.0, 0.0]) == 1.0


@pytest.mark.parametrize("bad, match", [
    ([0.1, -1.0], "<= 0"),
    ([], "empty"),
    ([np.nan], "NaN"),
    ([-np.inf, -1.0], "infinity"),
    ([[-1.0], []], r"log_probs\[1\] is empty"),
    ("abc", "string"),
    (None, "None"),
    (np.zeros((2, 2, 2)), "1-D or 2-D"),
    ([[-1.0, -2.0], [[-1.0]]], r"log_probs\[1\]"),
])
def test_perplexity_rejects_bad_input(bad, match):
    with pytest.raises(MetricInputError, match=match):
        perplexity(bad)


def test_perplexity_rejects_a_non_boolean_per_sequence():
    with pytest.raises(MetricInputError, match="per_sequence"):
        perplexity([-1.0], per_sequence="yes")


# --------------------------------------------------------------------------- BLEU


def test_bleu_by_hand_on_one_segment():
    # hyp: the cat sat on the mat (6 tokens); ref: the cat is on the mat
    # 1-grams: the x2, cat, on, mat match -> 5/6; 2-grams: "the cat", "on the", "the mat" -> 3/5
    # 3-grams: "on the mat" -> 1/4; 4-grams: none -> exp smoothing 1 / (2 * 3)
    r = bleu_details(["the cat sat on the mat"], [["the cat is on the mat"]])
    assert r.counts == (5, 3, 1, 0) and r.totals == (6, 5, 4, 3)
    expected = 100 * math.exp((math.log(5 / 6) + math.log(3 / 5) + math.log(1 / 4) + math.log(1 / 6)) / 4)
    assert r.score == pytest.approx(expected)
    assert r.brevity_penalty == 1.0 and r.ratio == 1.0


def test_bleu_clips_repeated_words_at_the_reference_count():
    r = bleu_details(["the the the the"], ["the cat"])
    assert r.counts[0] == 1 and r.totals[0] == 4


def test_bleu_brevity_penalty_punishes_short_hypotheses():
    r = bleu_details(["the cat"], ["the cat sat on the mat"])
    assert r.brevity_penalty == pytest.approx(math.exp(1 - 6 / 2))
    assert r.precisions[0] == 100.0


def test_bleu_picks_the_closest_reference_length_and_the_shorter_on_a_tie():
    assert bleu_details(["a b c d"], [["a b c", "a b c d e"]]).ref_len == 3
    assert bleu_details(["a b c d"], [["a", "a b c d e f g"]]).ref_len == 1  # 3 away either way
    assert bleu_details(["a b c d e"], [["a", "a b c d e f g h"]]).ref_len == 8


def test_bleu_is_a_corpus_statistic_not_a_mean_of_sentence_scores():
    hyps, refs = ["the cat sat on the mat", "hello"], ["the cat sat on the mat", "goodbye"]
    corpus = bleu_score(hyps, refs)
    mean_sentence = np.mean([sentence_bleu(h, r) for h, r in zip(hyps, refs)])
    assert corpus != pytest.approx(mean_sentence)


def test_identical_hypothesis_and_reference_score_100():
    assert bleu_score(["a quick brown fox jumps"], ["a quick brown fox jumps"]) == pytest.approx(100.0)


def test_empty_hypotheses_score_zero():
    assert bleu_score([""], ["the cat"]) == 0.0
    assert bleu_details([""], [""]).score == 0.0


def test_bleu_details_returns_a_frozen_result():
    r = bleu_details(["a b"], ["a b"])
    assert isinstance(r, BLEUResult)
    with pytest.raises(AttributeError):
        r.score = 1.0


def test_bleu_is_invariant_to_the_order_of_segments_and_of_references():
    hyps, refs = ["a b c d", "e f g", "h i"], [["a b x d", "a b c"], ["e f g h"], ["h", "i h"]]
    base = bleu_score(hyps, refs)
    assert bleu_score(hyps[::-1], refs[::-1]) == pytest.approx(base)
    assert bleu_score(hyps, [r[::-1] for r in refs]) == pytest.approx(base)


def test_lowercase_option_makes_case_irrelevant():
    assert bleu_score(["THE CAT SAT DOWN"], ["the cat sat down"], lowercase=True) == pytest.approx(100.0)
    assert bleu_score(["THE CAT SAT DOWN"], ["the cat sat down"]) == 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: bleu_score("the cat", ["the cat"]), "single string"),
    (lambda: bleu_score([], []), "empty"),
    (lambda: bleu_score(["a", "b"], [["a"]]), "differ in length: 2 != 1"),
    (lambda: bleu_score(["a"], [[]]), r"references\[0\] is empty"),
    (lambda: bleu_score(["a"], [[None]]), r"references\[0\] is empty"),
    (lambda: bleu_score(["a"], [[3]]), r"references\[0\] holds a int"),
    (lambda: bleu_score([None], ["a"]), r"hypotheses\[0\] must be a string"),
    (lambda: bleu_score(["a"], "a"), "references must be a list"),
    (lambda: bleu_score(["a"], [5]), r"references\[0\] must be a string or a list"),
    (lambda: bleu_score(["a"], ["a"], tokenize="ja-mecab"), "tokenize='ja-mecab' is not supported"),
    (lambda: bleu_score(["a"], ["a"], smooth_method="add-one"), "smooth_method"),
    (lambda: bleu_score(["a"], ["a"], lowercase="yes"), "lowercase"),
    (lambda: bleu_details(["a"], ["a"], use_effective_order=1), "use_effective_order"),
    (lambda: sentence_bleu(["a"], ["a"]), "hypothesis must be a string"),
    (lambda: sentence_bleu("a", []), r"references\[0\] is empty"),
    (lambda: bleu_score(42, ["a"]), "hypotheses must be a list"),
])
def test_bleu_rejects_bad_input(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- ROUGE


def test_rouge_1_by_hand():
    s = rouge_n("the cat was under the bed", "the cat was found under the bed")
    assert s == {"precision": pytest.approx(6 / 7), "recall": 1.0, "fmeasure": pytest.approx(12 / 13)}


def test_rouge_l_by_hand_rewards_order():
    assert rouge_l("a b c d", "d c b a")["recall"] == 0.25
    assert rouge_l("a b c d", "a x b y d")["precision"] == pytest.approx(3 / 5)


def test_rouge_is_symmetric_with_precision_and_recall_swapped():
    a, b = "the quick brown fox jumps", "a quick fox jumps over"
    for f in (rouge_l, lambda t, p: rouge_n(t, p, n=2)):
        ab, ba = f(a, b), f(b, a)
        assert ab["precision"] == pytest.approx(ba["recall"]) and ab["fmeasure"] == pytest.approx(ba["fmeasure"])


@pytest.mark.parametrize("seed", range(20))
def test_bit_parallel_lcs_equals_the_dynamic_programme(seed):
    rng = np.random.default_rng(seed)
    a = list(rng.choice(list("abcd"), size=int(rng.integers(0, 90))))
    b = list(rng.choice(list("abcde"), size=int(rng.integers(0, 90))))
    table = np.zeros((len(a) + 1, len(b) + 1), dtype=int)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i, j] = table[i - 1, j - 1] + 1 if a[i - 1] == b[j - 1] else max(table[i - 1, j], table[i, j - 1])
    assert _lcs_length(a, b) == table[-1, -1]


def test_rouge_on_lists_returns_arrays():
    s = rouge_n(["a b", "c d"], ["a b", "x y"])
    np.testing.assert_array_equal(s["fmeasure"], [1.0, 0.0])


def test_rouge_with_an_empty_side_warns_and_follows_zero_division():
    with pytest.warns(UndefinedMetricWarning, match="ROUGE-2"):
        assert rouge_n("a", "a b", n=2) == {"precision": 0.0, "recall": 0.0, "fmeasure": 0.0}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rouge_l("", "a", zero_division=1) == {"precision": 0.0, "recall": 1.0, "fmeasure": 1.0}
        assert math.isnan(rouge_l("!!", "", zero_division=np.nan)["fmeasure"])
        # no overlap but both sides present is defined: 0, whatever zero_division says
        assert rouge_l("a", "b", zero_division=1)["fmeasure"] == 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: rouge_n("a", "a", n=0), "n must be a positive integer"),
    (lambda: rouge_n("a", "a", n=1.5), "n must be a positive integer"),
    (lambda: rouge_n("a", "a", n=True), "n must be a positive integer"),
    (lambda: rouge_n(["a", "b"], ["a"]), "differ in length: 2 != 1"),
    (lambda: rouge_n("a", None), "prediction must be a string"),
    (lambda: rouge_l(3, "a"), "target must be a string"),
    (lambda: rouge_l([], []), "empty"),
    (lambda: rouge_l(["a"], [None]), r"prediction\[0\] must be a string"),
    (lambda: rouge_l("a", "a", zero_division="skip"), "zero_division"),
    (lambda: rouge_n("a", "a", zero_division=2), "zero_division"),
])
def test_rouge_rejects_bad_input(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- QA


def test_exact_match_normalizes_case_punctuation_and_articles():
    assert exact_match("The  U.S.A.", "usa") == 1.0
    assert exact_match("an apple", ["a pear", "Apple!"]) == 1.0
    assert exact_match("Barack Obama", "Obama") == 0.0


def test_token_f1_by_hand_and_max_over_ground_truths():
    assert token_f1("Barack Obama", "Obama") == pytest.approx(2 * 0.5 * 1 / 1.5)
    assert token_f1("Barack Obama", ["Obama", "Barack Obama"]) == 1.0
    assert token_f1("paris paris paris", "paris") == pytest.approx(0.5)  # clipped: 1 match


def test_token_f1_both_empty_follows_zero_division():
    with pytest.warns(UndefinedMetricWarning, match="SQuAD v1.1"):
        assert token_f1("the", "a") == 0.0
    assert token_f1("the", "!", zero_division=1) == 1.0
    assert token_f1("", "something", zero_division=1) == 0.0
    assert token_f1("the", ["a", "x"], zero_division=0) == 0.0


def test_qa_metrics_on_lists_return_arrays():
    em = exact_match(["Paris", "1889"], ["paris", ["in 1889", "1889"]])
    np.testing.assert_array_equal(em, [1.0, 1.0])
    assert token_f1(["a b"], [["a b"]]).shape == (1,)


@pytest.mark.parametrize("fn", [exact_match, token_f1])
@pytest.mark.parametrize("call, match", [
    (lambda f: f("a", []), r"ground_truths\[0\] is empty"),
    (lambda f: f("a", [None]), r"ground_truths\[0\] is empty"),
    (lambda f: f(["a", "b"], "a"), "single string"),
    (lambda f: f(["a", "b"], ["a"]), "differ in length: 2 != 1"),
    (lambda f: f(["a"], 5), "differ in length"),
    (lambda f: f(None, "a"), "prediction must be a list"),
    (lambda f: f([], []), "empty"),
    (lambda f: f("a", [1]), "holds a int"),
])
def test_qa_metrics_reject_bad_input(fn, call, match):
    with pytest.raises(MetricInputError, match=match):
        call(fn)


def test_token_f1_rejects_a_bad_zero_division():
    with pytest.raises(MetricInputError, match="zero_division"):
        token_f1("a", "a", zero_division="skip")


# --------------------------------------------------------------------------- pass@k


def test_pass_at_1_is_the_fraction_of_passing_samples():
    np.testing.assert_allclose(pass_at_k([10, 20, 5], [3, 0, 5], 1), [0.3, 0.0, 1.0])


def test_pass_at_k_by_hand():
    # n=4, c=1, k=2: 1 - C(3,2)/C(4,2) = 1 - 3/6
    assert pass_at_k(4, 1, 2) == pytest.approx(0.5)
    assert pass_at_k(5, 3, 3) == 1.0  # only 2 failures: any 3 draws hold a pass


def test_pass_at_k_grows_with_k_and_beats_the_biased_plug_in():
    n, c = 100, 7
    values = [pass_at_k(n, c, k) for k in range(1, 50)]
    assert np.all(np.diff(values) > 0)
    for k in range(2, 50):
        assert pass_at_k(n, c, k) > 1 - (1 - c / n) ** k


def test_pass_at_k_returns_a_float_for_scalars_and_an_array_otherwise():
    assert isinstance(pass_at_k(10, 2, 3), float)
    assert pass_at_k(np.array([10]), 2, 3).shape == (1,)


@pytest.mark.parametrize("args, match", [
    ((10, 11, 1), r"c must be <= n: problem 0 has c=11"),
    ((10, 2, 0), "k must be >= 1"),
    ((10, -1, 1), "c must be >= 0"),
    ((-3, 0, 1), "n must be >= 0"),
    ((10.5, 2, 1), "whole numbers"),
    ((10, 2, np.nan), "NaN"),
    (([10, 10], [1, 2, 3], 1), "differ in length"),
    (([], [], 1), "empty"),
    (([[10]], [[1]], 1), "1-D"),
    (("10", 1, 1), "integers"),
    ((10, True, 1), "booleans"),
])
def test_pass_at_k_rejects_bad_input(args, match):
    with pytest.raises(MetricInputError, match=match):
        pass_at_k(*args)


# --------------------------------------------------------------------------- kappa


def test_kappa_corrects_raw_agreement_for_chance():
    y1 = np.array(["fine"] * 19 + ["bad"])
    y2 = np.array(["fine"] * 18 + ["bad", "fine"])
    assert np.mean(y1 == y2) == 0.9
    assert cohen_kappa_score(y1, y2) < 0


def test_kappa_of_identical_constant_raters_is_undefined():
    with pytest.warns(UndefinedMetricWarning, match="Cohen's kappa is undefined"):
        assert math.isnan(cohen_kappa_score([1, 1, 1], [1, 1, 1]))
    with pytest.warns(UndefinedMetricWarning):
        assert cohen_kappa_score([1, 1], [1, 1], replace_undefined_by=0.0) == 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: cohen_kappa_score([1, 2], [1]), "y1 and y2 differ in length: 2 != 1"),
    (lambda: cohen_kappa_score([], []), "empty"),
    (lambda: cohen_kappa_score([1, 2], [1, 2], weights="cubic"), "weights='cubic'"),
    (lambda: cohen_kappa_score([1, 2], [1, 2], sample_weight=[1, -1]), "negative"),
    (lambda: cohen_kappa_score([[1, 2]], [[1, 2]]), "1-D"),
])
def test_kappa_rejects_bad_input(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- notebook 07's simulations

from mlmetrics_edu.datasets import llm as sim  # noqa: E402


def test_answer_pairs_are_seeded_and_b_is_longer():
    a, b = sim.answer_pairs(300, np.random.default_rng(3)), sim.answer_pairs(300, np.random.default_rng(3))
    np.testing.assert_array_equal(a.quality_b, b.quality_b)
    assert a.length_b.mean() > 1.5 * a.length_a.mean()
    assert set(np.unique(a.b_truly_better)) <= {0.0, 1.0}
    with pytest.raises(MetricInputError, match="n_prompts"):
        sim.answer_pairs(0, np.random.default_rng(0))


def test_an_unbiased_noiseless_judge_agrees_with_the_truth():
    rng = np.random.default_rng(4)
    p = sim.answer_pairs(200, rng)
    first_b = sim.biased_judge(p.quality_b, p.length_b, p.quality_a, p.length_a, rng,
                               length_bias=0.0, position_bias=0.0, noise=0.0)
    np.testing.assert_array_equal(first_b, p.b_truly_better)


def test_the_position_bias_favours_the_first_answer():
    rng = np.random.default_rng(5)
    q = np.zeros(1000)
    assert sim.biased_judge(q, q, q, q, rng, position_bias=0.4, noise=0.5).mean() > 0.7


def test_length_controlled_win_rate_recovers_the_intercept():
    rng = np.random.default_rng(6)
    diff = rng.uniform(-100, 200, size=5000)
    wins = (rng.random(5000) < np.clip(0.4 + 0.002 * diff, 0, 1)).astype(float)
    assert sim.length_controlled_win_rate(wins, diff) == pytest.approx(0.4, abs=0.03)
    with pytest.raises(MetricInputError, match="constant"):
        sim.length_controlled_win_rate([1.0, 0.0], [5.0, 5.0])
    with pytest.raises(MetricInputError, match="differ in length"):
        sim.length_controlled_win_rate([1.0, 0.0], [5.0])


def test_likert_raters_rate_on_one_to_five():
    r1, r2 = sim.likert_raters(500, np.random.default_rng(7))
    assert r1.min() >= 1 and r2.max() <= 5 and r2.mean() > r1.mean()
