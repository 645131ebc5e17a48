"""Parity gaps found by running the references' own cases against ours (issue 20, item 11).

sacrebleu's four smoothing methods and four tokenizers; HumanEval's pass@k estimator when
k > n; adjusted_rand_score refusing NaN and infinite labels (sklearn silently accepts them);
the fairness result read the way a fairlearn ``MetricFrame`` user reads it, and a metric
that returns several values.
"""

import math
import warnings

import numpy as np
import pytest
import sacrebleu
from sacrebleu.tokenizers.tokenizer_intl import TokenizerV14International

from mlmetrics_edu import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.clustering import adjusted_rand_score
from mlmetrics_edu.fairness import metric_by_group
from mlmetrics_edu.generation import _tokenize_lines, bleu_details, bleu_score, pass_at_k, sentence_bleu

from test_generation_vs_references import assert_bleu_equal, corpus, streams

SMOOTHING = [("exp", None), ("floor", None), ("floor", 0.3), ("add-k", None), ("add-k", 2), ("add-k", 0.5),
             ("none", None)]
TOKENIZERS = ["13a", "intl", "char", "none"]


# --------------------------------------------------------------------------- sacrebleu


@pytest.mark.parametrize("tokenize", TOKENIZERS)
@pytest.mark.parametrize("smooth_method, smooth_value", SMOOTHING)
def test_corpus_bleu_equals_sacrebleu_for_every_smoothing_and_tokenizer(tokenize, smooth_method, smooth_value):
    for seed in range(12):
        rng = np.random.default_rng(seed)
        hyps, refs = corpus(rng, int(rng.integers(1, 10)))
        options = {"lowercase": bool(seed % 3 == 0), "use_effective_order": bool(seed % 4 == 1)}
        ours = bleu_details(hyps, refs, tokenize=tokenize, smooth_method=smooth_method,
                            smooth_value=smooth_value, **options)
        theirs = sacrebleu.corpus_bleu(hyps, streams(refs), tokenize=tokenize, smooth_method=smooth_method,
                                       smooth_value=smooth_value, **options)
        if smooth_method == "add-k":  # sacrebleu reports the counts with k added; ours stay raw
            assert ours.score == pytest.approx(theirs.score, rel=1e-12, abs=1e-12)
            assert list(ours.precisions) == pytest.approx(list(theirs.precisions), rel=1e-12)
            assert (ours.hyp_len, ours.ref_len) == (theirs.sys_len, theirs.ref_len)
        else:
            assert_bleu_equal(ours, theirs)


@pytest.mark.parametrize("tokenize", TOKENIZERS)
@pytest.mark.parametrize("smooth_method, smooth_value", SMOOTHING)
def test_sentence_bleu_equals_sacrebleu_for_every_smoothing_and_tokenizer(tokenize, smooth_method, smooth_value):
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        hyps, refs = corpus(rng, 1)
        ours = sentence_bleu(hyps[0], refs[0], tokenize=tokenize, smooth_method=smooth_method,
                             smooth_value=smooth_value)
        theirs = sacrebleu.sentence_bleu(hyps[0], refs[0], tokenize=tokenize, smooth_method=smooth_method,
                                         smooth_value=smooth_value).score
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


def test_smoothing_changes_a_sentence_score_as_sacrebleu_documents():
    # No 3- or 4-gram matches: exp gives 1/2 and 1/4 of a match, floor 0.1, add-k one to all.
    args = ("the cat sat down", ["the cat is down here"])
    scores = {m: sentence_bleu(*args, smooth_method=m) for m in ("exp", "floor", "add-k", "none")}
    assert scores["none"] == 0.0
    assert scores["floor"] < scores["exp"] < scores["add-k"]
    for method, value in scores.items():
        assert value == pytest.approx(sacrebleu.sentence_bleu(*args, smooth_method=method).score, rel=1e-12)


INTL_CASES = ["5.", "x 5.", ".5 a", "a.b", "1,000.50 €", "(see) «quoted» — dash", "end...", "¿Qué? ¡Sí!",
              "日本語、テスト。", "x²+y²=z²", "50% off!", "$40", "e.g. U.S.", "½ • ¶", "a\tb\xa0c", "'tick' \"q\"",
              ".,;", "9,", ",9", "a-b", "a_b", "@user #tag", "😀!", "Ωmega.", "ŞİMDİ.", "٣.١٤"]


@pytest.mark.parametrize("text", INTL_CASES)
def test_the_intl_tokenizer_splits_as_sacrebleus_regex_rules(text):
    assert _tokenize_lines([text], "intl")[0] == TokenizerV14International()(text).split()


def test_the_intl_tokenizer_on_random_word_soup_equals_sacrebleu():
    from test_generation_vs_references import WORDS, word_soup

    tokenizer = TokenizerV14International()
    rng = np.random.default_rng(7)
    lines = [word_soup(rng, WORDS + INTL_CASES, max_len=25).rstrip() for _ in range(400)]
    assert _tokenize_lines(lines, "intl") == [tokenizer(line).split() for line in lines]


def test_the_intl_tokenizer_on_random_characters_and_untrimmed_lines_equals_sacrebleu():
    # each word is tokenized once for the whole batch; the first and last words of a line see
    # the line's ends (nothing before or after them), which these short lines hit constantly
    tokenizer = TokenizerV14International()
    chars = list(".,;!?-()[]«»、。$€%+=<>^`~|/\\@#&*_'\"0123456789٣१abcXYZé ²½😀\t\xa0")
    rng = np.random.default_rng(8)
    lines = ["".join(rng.choice(chars, size=int(rng.integers(0, 12)))) for _ in range(5000)]
    assert _tokenize_lines(lines, "intl") == [tokenizer(line).split() for line in lines]


def test_the_char_tokenizer_drops_whitespace_and_keeps_every_other_character():
    assert _tokenize_lines(["a b\tç!"], "char")[0] == ["a", "b", "ç", "!"]
    assert bleu_score(["abc d"], ["abd c"], tokenize="char") == pytest.approx(
        sacrebleu.corpus_bleu(["abc d"], [["abd c"]], tokenize="char").score, rel=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    ({"smooth_method": "exp", "smooth_value": 0.1}, "smooth_value=0.1 has no effect"),
    ({"smooth_method": "floor", "smooth_value": 0}, "smooth_value must be a positive number"),
    ({"smooth_method": "add-k", "smooth_value": -1}, "smooth_value must be a positive number"),
    ({"smooth_method": "floor", "smooth_value": "0.1"}, "smooth_value"),
    ({"smooth_method": "add-one"}, "smooth_method='add-one' is not supported"),
    ({"tokenize": "zh"}, "tokenize='zh' is not supported"),
])
def test_bad_smoothing_and_tokenizer_options_are_refused_by_name(kwargs, match):
    with pytest.raises(MetricInputError, match=match):
        bleu_score(["a b"], ["a b"], **kwargs)


# --------------------------------------------------------------------------- HumanEval pass@k


def humaneval_estimator(n, c, k):
    """human_eval/evaluation.py, estimate_pass_at_k's inner estimator, verbatim."""
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))


def test_pass_at_k_equals_humaneval_on_every_small_case_including_k_above_n():
    cases = [(n, c, k) for n in range(0, 12) for c in range(0, n + 1) for k in range(1, 16)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        ours = pass_at_k([n for n, _, _ in cases], [c for _, c, _ in cases], [k for _, _, k in cases])
    theirs = np.array([humaneval_estimator(n, c, k) for n, c, k in cases])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def test_k_above_n_returns_humanevals_one_and_warns_even_with_no_passing_sample():
    with pytest.warns(UndefinedMetricWarning, match="k > n for 1 problem"):
        assert pass_at_k(5, 0, 10) == 1.0 == humaneval_estimator(5, 0, 10)
    with pytest.warns(UndefinedMetricWarning, match="Generate at least k samples"):
        np.testing.assert_array_equal(pass_at_k([20, 3], [2, 1], 5), [1 - math.comb(18, 5) / math.comb(20, 5), 1.0])


def test_k_at_most_n_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pass_at_k(10, 0, 10) == 0.0


# --------------------------------------------------------------------------- ARI


@pytest.mark.parametrize("labels_true, labels_pred, name", [
    ([np.nan, np.nan], [0, 1], "labels_true"),
    ([np.nan, np.inf], [0, 0], "labels_true"),
    ([0, 1, 1], [0.0, np.inf, 1.0], "labels_pred"),
    ([0, 1], [-np.inf, 2.0], "labels_pred"),
    (np.array([0, 1, np.nan]), [0, 1, 1], "labels_true"),
])
def test_adjusted_rand_score_refuses_nan_and_infinite_labels(labels_true, labels_pred, name):
    with pytest.raises(MetricInputError, match=f"{name} contains NaN or infinity"):
        adjusted_rand_score(labels_true, labels_pred)


def test_adjusted_rand_score_still_takes_float_labels_that_are_finite():
    assert adjusted_rand_score([0.5, 0.5, 1.5], [2.0, 2.0, 3.0]) == 1.0


# --------------------------------------------------------------------------- fairness result


def test_the_fairness_result_reads_like_a_fairlearn_metric_frame():
    fairlearn_metrics = pytest.importorskip("fairlearn.metrics")
    import sklearn.metrics as skm

    from mlmetrics_edu.classification import recall_score

    rng = np.random.default_rng(3)
    for seed in range(6):
        n = 200
        y_true, y_pred = rng.integers(0, 2, n), rng.integers(0, 2, n)
        features = {"region": rng.choice(["north", "south", "east"], n), "device": rng.choice(["ios", "web"], n)}
        features = features if seed % 2 else features["region"]
        frame = fairlearn_metrics.MetricFrame(metrics=skm.recall_score, y_true=y_true, y_pred=y_pred,
                                              sensitive_features=features)
        ours = metric_by_group(recall_score, y_true, y_pred, sensitive_features=features, n_resamples=None)
        assert ours.overall == pytest.approx(frame.overall, rel=1e-12)
        for key, value in frame.by_group.items():
            assert ours.by_group[key] == pytest.approx(value, rel=1e-12)
        assert ours.group_min() == pytest.approx(frame.group_min(), rel=1e-12)
        assert ours.group_max() == pytest.approx(frame.group_max(), rel=1e-12)
        for method in ("between_groups", "to_overall"):
            assert ours.difference(method=method) == pytest.approx(frame.difference(method=method), rel=1e-12)
            assert ours.ratio(method=method) == pytest.approx(frame.ratio(method=method), rel=1e-12)
            for errors in ("raise", "coerce"):  # fairlearn's keyword runs unchanged
                assert ours.difference(method=method, errors=errors) == pytest.approx(
                    frame.difference(method=method, errors=errors), rel=1e-12)
                assert ours.ratio(method=method, errors=errors) == pytest.approx(
                    frame.ratio(method=method, errors=errors), rel=1e-12)
        assert ours.group_min(errors="coerce") == pytest.approx(frame.group_min(errors="coerce"), rel=1e-12)
        assert ours.group_max(errors="raise") == pytest.approx(frame.group_max(errors="raise"), rel=1e-12)
        assert type(ours.overall) is float and all(type(v) is float for v in ours.by_group.values())


@pytest.mark.parametrize("metric, what", [
    (lambda t, p: (0.5, 0.25), "returned tuple of length 2"),
    (lambda t, p: np.array([[1, 0], [0, 1]]), "returned ndarray of shape (2, 2)"),
    (lambda t, p: {"precision": 0.5}, "returned dict, not one number"),
    (lambda t, p: "0.5", "returned str, not one number"),
    (lambda t, p: None, "not a number"),
    (lambda t, p: [0.5, [0.1, 0.2]], "returned list of length 2"),
])
def test_a_metric_returning_several_values_gets_a_clear_error_not_a_type_error(metric, what):
    with pytest.raises(MetricInputError, match="metric failed on group 'a'") as info:
        metric_by_group(metric, [0, 1, 0, 1], [0, 1, 1, 1], sensitive_features=["a", "a", "b", "b"],
                        n_resamples=None)
    assert what in str(info.value)
    assert not isinstance(info.value, TypeError)


def test_an_unknown_errors_option_is_refused_by_name():
    result = metric_by_group(lambda t, p: 0.5, [0, 1], [0, 1], sensitive_features=["a", "b"], n_resamples=None)
    with pytest.raises(MetricInputError, match="errors='ignore' is not supported"):
        result.difference(errors="ignore")


def test_a_numpy_scalar_from_the_metric_is_one_number():
    result = metric_by_group(lambda t, p: np.float32(0.5), [0, 1, 0, 1], [0, 1, 1, 1],
                             sensitive_features=["a", "a", "b", "b"], n_resamples=None)
    assert result.by_group == {"a": 0.5, "b": 0.5} and result.overall == 0.5
