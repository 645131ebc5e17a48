"""Evaluating LLM applications: hand-worked values, properties, and refused input.

Hand-worked: Fleiss' 1971 example layout, Krippendorff's canonical example, a Bradley-Terry
fit solvable on paper, Elo updates by hand. Properties: kappa and alpha ignore the order of
subjects/raters and relabelling; Bradley-Terry is invariant to the order of games while Elo
is not; hit rate >= precision; overlap is 1 for an item copied from the corpus. Every public
function has the teaching docstring, returns Python floats, and refuses bad input with a
``MetricInputError`` naming the argument.
"""

import inspect
import math
import warnings

import numpy as np
import pytest

import mlmetrics_edu
from mlmetrics_edu import MetricInputError, UndefinedMetricWarning, llm_eval
from mlmetrics_edu.classification import cohen_kappa_score
from mlmetrics_edu.llm_eval import (
    bradley_terry,
    bradley_terry_bootstrap,
    clean_vs_contaminated,
    contaminated,
    context_precision_at_k,
    context_recall_at_k,
    elo_ratings,
    faithfulness,
    fleiss_kappa,
    judge_human_agreement,
    krippendorff_alpha,
    length_bias,
    ngram_overlap,
    position_bias,
    rag_failure_modes,
    retrieval_hit_rate,
    win_rate,
)
from mlmetrics_edu.significance import clustered_standard_error, paired_difference

nan = np.nan


# --------------------------------------------------------------------------- documentation


FUNCTIONS = [getattr(llm_eval, name) for name in llm_eval.__all__ if inspect.isfunction(getattr(llm_eval, name))]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_every_public_function_has_the_teaching_docstring(fn):
    doc = inspect.getdoc(fn)
    for section in ["Parameters", "Returns", "Notes", "See Also", "Examples"]:
        assert f"\n{section}\n---" in doc, f"{fn.__name__} lacks {section}"
    for note in ["**Formula**", "**Intuition**", "**Interview note**", "**Edge cases**"]:
        assert note in doc, f"{fn.__name__} lacks {note}"
    assert ">>> " in doc and doc.splitlines()[0].endswith(".")


def test_every_public_name_is_exported_from_the_package():
    for name in llm_eval.__all__:
        assert getattr(mlmetrics_edu, name) is getattr(llm_eval, name)


# --------------------------------------------------------------------------- Fleiss' kappa


def test_fleiss_kappa_by_hand():
    # 4 subjects, 3 raters: P_i = 1, 1, 1/3, 1/3 -> P̄ = 2/3; p = (1/2, 1/2) -> P_e = 1/2
    assert fleiss_kappa([[3, 0], [0, 3], [2, 1], [1, 2]]) == pytest.approx((2 / 3 - 1 / 2) / (1 / 2))
    assert fleiss_kappa([[3, 0], [0, 3]]) == 1.0


def test_fleiss_kappa_with_two_raters_is_scotts_pi_not_cohens_kappa():
    r1, r2 = np.array([0, 0, 1, 1, 1, 0]), np.array([0, 1, 1, 1, 0, 0])
    table = np.stack([np.bincount([a, b], minlength=2) for a, b in zip(r1, r2)])
    p = np.bincount(np.r_[r1, r2]) / 12
    scotts_pi = (np.mean(r1 == r2) - np.sum(p**2)) / (1 - np.sum(p**2))
    assert fleiss_kappa(table) == pytest.approx(scotts_pi)


def test_fleiss_kappa_ignores_the_order_of_subjects_and_of_categories():
    table = np.array([[4, 1, 0], [0, 5, 0], [2, 2, 1], [0, 0, 5], [1, 3, 1]])
    k = fleiss_kappa(table)
    assert fleiss_kappa(table[::-1]) == pytest.approx(k) and fleiss_kappa(table[:, [2, 0, 1]]) == pytest.approx(k)


def test_fleiss_kappa_refuses_bad_tables_and_warns_when_undefined():
    with pytest.raises(MetricInputError, match="equal totals"):
        fleiss_kappa([[3, 0], [1, 1]])
    with pytest.raises(MetricInputError, match="at least 2"):
        fleiss_kappa([[1, 0], [0, 1]])
    with pytest.raises(MetricInputError, match="integer counts"):
        fleiss_kappa([[1.5, 0.5]])
    with pytest.raises(MetricInputError, match="table"):
        fleiss_kappa([3, 0])
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(fleiss_kappa([[3, 0], [3, 0]]))
    with pytest.warns(UndefinedMetricWarning):
        assert fleiss_kappa([[3, 0], [3, 0]], replace_undefined_by=1.0) == 1.0


@pytest.mark.parametrize("agreement, undefined_input", [
    (cohen_kappa_score, ([1, 1], [1, 1])),
    (fleiss_kappa, ([[3, 0], [3, 0]],)),
    (krippendorff_alpha, ([[1, 1, 2], [1, 1, 2]],)),
], ids=["cohen_kappa_score", "fleiss_kappa", "krippendorff_alpha"])
@pytest.mark.parametrize("bad", ["x", 2, -1.5, True, None, [0.0]])
def test_every_agreement_coefficient_refuses_a_replacement_that_is_not_a_coefficient(agreement, undefined_input,
                                                                                    bad):
    """replace_undefined_by is what a 0/0 coefficient becomes: a number in [-1, 1] or NaN (as
    scikit-learn's cohen_kappa_score); anything else is refused before any counting."""
    with pytest.raises(MetricInputError, match=r"replace_undefined_by must be a number in \[-1, 1\]"):
        agreement(*undefined_input, replace_undefined_by=bad)


# --------------------------------------------------------------------------- Krippendorff's alpha


CANONICAL = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
             [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
             [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]


def test_krippendorff_alpha_reproduces_the_canonical_example():
    assert krippendorff_alpha(CANONICAL) == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(CANONICAL, level_of_measurement="interval") == pytest.approx(0.810845, abs=1e-6)


def test_nominal_alpha_ignores_relabelling_and_the_order_of_raters_and_units():
    data = np.array(CANONICAL)
    relabelled = np.where(np.isnan(data), nan, 10 - 2 * data)
    a = krippendorff_alpha(data)
    assert krippendorff_alpha(relabelled) == pytest.approx(a)
    assert krippendorff_alpha(data[::-1, ::-1]) == pytest.approx(a)


def test_interval_alpha_ignores_an_affine_map_and_ordinal_alpha_a_monotone_one():
    data = np.array(CANONICAL)
    assert krippendorff_alpha(3 * data + 7, level_of_measurement="interval") == pytest.approx(
        krippendorff_alpha(data, level_of_measurement="interval"))
    assert krippendorff_alpha(np.exp(data), level_of_measurement="ordinal") == pytest.approx(
        krippendorff_alpha(data, level_of_measurement="ordinal"))


def test_alpha_with_complete_nominal_data_and_many_units_approaches_fleiss_kappa():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 3000)
    data = np.where(rng.random((4, 3000)) < 0.7, truth, rng.integers(0, 3, (4, 3000))).astype(float)
    table = np.stack([np.bincount(col.astype(int), minlength=3) for col in data.T])
    assert krippendorff_alpha(data) == pytest.approx(fleiss_kappa(table), abs=1e-3)


def test_krippendorff_alpha_refuses_bad_input():
    with pytest.raises(MetricInputError, match="level_of_measurement"):
        krippendorff_alpha(CANONICAL, level_of_measurement="likert")
    with pytest.raises(MetricInputError, match="2-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(MetricInputError, match="two raters|at least two raters"):
        krippendorff_alpha([[1, nan], [nan, 2]])
    with pytest.raises(MetricInputError, match="two distinct values"):
        krippendorff_alpha([[1, 1], [1, 1]])
    with pytest.raises(MetricInputError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]])
    with pytest.raises(MetricInputError, match="infinity"):
        krippendorff_alpha([[1, np.inf], [1, 2]])
    with pytest.raises(MetricInputError, match="raters x units"):
        krippendorff_alpha([[1, 2, 3], [1, 2]])
    with pytest.warns(UndefinedMetricWarning):  # the lone 2 is not pairable: D_e = 0
        assert np.isnan(krippendorff_alpha([[1, 1, 2], [1, 1, nan]]))


# --------------------------------------------------------------------------- judges


def test_judge_human_agreement_by_hand():
    judge = ["pass", "pass", "fail", "fail"]
    humans = [["pass", "pass", "fail", "pass"], ["pass", "fail", "fail", "fail"]]
    result = judge_human_agreement(judge, humans)
    assert result.agreement == 0.75
    expected = np.mean([cohen_kappa_score(judge, h) for h in humans])
    assert result.kappa == pytest.approx(expected)
    assert result.human_agreement == 0.5
    assert judge_human_agreement(judge, humans[0]).human_kappa is None


def test_a_judge_that_always_says_pass_agrees_often_and_has_kappa_zero():
    humans = [["pass"] * 9 + ["fail"]]
    result = judge_human_agreement(["pass"] * 10, humans)
    assert result.agreement == 0.9 and result.kappa == 0.0


def test_position_bias_of_a_judge_that_always_picks_the_first_answer():
    result = position_bias(["A"] * 6, ["B"] * 6)
    assert result == (0.0, 1.0, 1.0, 0.0)
    fair = position_bias(["A", "B", "tie"], ["A", "B", "tie"])
    assert fair.consistency == 1.0 and fair.first_position_win_rate == 0.5


def test_position_bias_refuses_unknown_verdicts_and_warns_on_all_ties():
    with pytest.raises(MetricInputError, match="verdicts_ba"):
        position_bias(["A"], ["first"])
    with pytest.raises(MetricInputError, match="differ in length"):
        position_bias(["A", "B"], ["A"])
    with pytest.warns(UndefinedMetricWarning):
        assert position_bias(["tie"], ["tie"]).first_position_win_rate == 0.5


def test_length_bias_of_a_judge_that_always_prefers_the_longer_answer():
    rng = np.random.default_rng(3)
    len_a, len_b = rng.integers(50, 500, 200), rng.integers(50, 500, 200)
    pref = (len_a > len_b).astype(float)
    result = length_bias(pref, len_a, len_b, n_bins=4)
    assert result.longer_win_rate == 1.0 and result.slope > 0
    assert result.win_rate_by_bin[0] < 0.2 < 0.8 < result.win_rate_by_bin[-1]
    assert np.all(np.diff(result.win_rate_by_bin) >= 0)


def test_length_bias_refuses_bad_input():
    with pytest.raises(MetricInputError, match="preference"):
        length_bias([2, 0], [10, 20], [20, 10])
    with pytest.raises(MetricInputError, match="positive"):
        length_bias([1, 0], [0, 20], [20, 10])
    with pytest.raises(MetricInputError, match="equal lengths"):
        length_bias([1, 0], [10, 20], [10, 20])


# --------------------------------------------------------------------------- leaderboards


def test_win_rate_tie_rules():
    games = ["win"] * 3 + ["tie"] * 2 + ["loss"] * 5
    assert win_rate(games) == 0.4 and win_rate(games, ties="exclude") == 0.375 and win_rate(games, ties="loss") == 0.3
    assert win_rate([1, 0.5, 0, 1]) == 0.625
    with pytest.warns(UndefinedMetricWarning):
        assert win_rate(["tie"], ties="exclude") == 0.5
    with pytest.raises(MetricInputError, match="outcomes"):
        win_rate(["won"])
    with pytest.raises(MetricInputError, match="ties"):
        win_rate(["win"], ties="drop")


def test_elo_updates_by_hand_and_conserves_rating_points():
    # equal ratings: expected 0.5, winner +16, loser -16; then 1016 beats 984 again
    r = elo_ratings([(0, 1)])
    np.testing.assert_allclose(r, [1016, 984])
    e = 1 / (1 + 10 ** ((984 - 1016) / 400))
    np.testing.assert_allclose(elo_ratings([(0, 1), (0, 1)]), [1016 + 32 * (1 - e), 984 - 32 * (1 - e)])
    games = np.random.default_rng(4).integers(0, 5, (300, 2))
    games = games[games[:, 0] != games[:, 1]]
    assert elo_ratings(games, n_items=7).mean() == pytest.approx(1000)
    np.testing.assert_allclose(elo_ratings([(0, 1)], ties=[True]), [1000, 1000])


def test_elo_depends_on_the_order_of_games_and_bradley_terry_does_not():
    rng = np.random.default_rng(5)
    games = rng.integers(0, 4, (400, 2))
    games = games[games[:, 0] != games[:, 1]]
    games = np.concatenate([games, games[:, ::-1]])  # everyone beats everyone: the MLE exists
    order = rng.permutation(len(games))
    assert np.abs(elo_ratings(games) - elo_ratings(games[order])).max() > 1
    np.testing.assert_allclose(bradley_terry(4, games), bradley_terry(4, games[order]), atol=1e-10)


def test_bradley_terry_solvable_on_paper():
    # two items, A beats B 3 times out of 4: σ(θ_A - θ_B) = 3/4, θ_A - θ_B = ln 3, mean zero
    theta = bradley_terry(2, [(0, 1), (0, 1), (0, 1), (1, 0)])
    np.testing.assert_allclose(theta, [math.log(3) / 2, -math.log(3) / 2], atol=1e-12)


def test_bradley_terry_without_a_finite_mle_says_why_and_alpha_regularises():
    with pytest.raises(MetricInputError, match="item 0 never lost"):
        bradley_terry(3, [(0, 1), (1, 2), (2, 1), (0, 2)])
    with pytest.raises(MetricInputError, match="item 2 appears in no comparison"):
        bradley_terry(3, [(0, 1), (1, 0)])
    with pytest.raises(MetricInputError, match="two groups"):
        bradley_terry(4, [(0, 1), (1, 0), (2, 3), (3, 2), (0, 2), (1, 3)])
    theta = bradley_terry(3, [(0, 1), (1, 2), (2, 1), (0, 2)], alpha=0.1)
    assert theta[0] > theta[1] and np.isfinite(theta).all()


def test_bradley_terry_refuses_bad_comparisons():
    with pytest.raises(MetricInputError, match="comparisons"):
        bradley_terry(3, [(0, 1, 2)])
    with pytest.raises(MetricInputError, match="outside"):
        bradley_terry(2, [(0, 2)])
    with pytest.raises(MetricInputError, match="itself"):
        bradley_terry(2, [(1, 1)])
    with pytest.raises(MetricInputError, match="n_items"):
        bradley_terry(1, [(0, 0)])
    with pytest.raises(MetricInputError, match="alpha"):
        bradley_terry(2, [(0, 1), (1, 0)], alpha=-1)
    with pytest.raises(MetricInputError, match="integer"):
        elo_ratings([(0.5, 1)])
    with pytest.raises(MetricInputError, match="comparisons"):
        elo_ratings([(0, 1), (1,)])
    with pytest.raises(MetricInputError, match="table"):
        fleiss_kappa([[1, 2], [3]])


def test_bradley_terry_bootstrap_is_reproducible_and_brackets_the_estimate():
    rng = np.random.default_rng(6)
    games = rng.integers(0, 5, (600, 2))
    games = games[games[:, 0] != games[:, 1]]
    strength = np.array([1.0, 0.5, 0.0, -0.5, -1.0])
    first = rng.random(len(games)) < 1 / (1 + np.exp(strength[games[:, 1]] - strength[games[:, 0]]))
    games = np.where(first[:, None], games, games[:, ::-1])
    a = bradley_terry_bootstrap(5, games, n_resamples=100, seed=3)
    b = bradley_terry_bootstrap(5, games, n_resamples=100, seed=3)
    np.testing.assert_array_equal(a.low, b.low)
    assert np.all(a.low <= a.estimate) and np.all(a.estimate <= a.high)
    assert np.all(a.rank_low <= a.rank) and np.all(a.rank <= a.rank_high)
    assert a.rank.tolist() == [1, 2, 3, 4, 5]


def test_bradley_terry_bootstrap_warns_when_resamples_have_no_mle():
    games = [(0, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 0)]
    with pytest.warns(UserWarning, match="dropped"):
        bradley_terry_bootstrap(3, games, n_resamples=50, seed=0)


# --------------------------------------------------------------------------- RAG


def test_hit_rate_precision_and_recall_by_hand():
    rel = [[1, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]]
    score = [[4, 3, 2, 1], [4, 3, 2, 1], [4, 3, 2, 1]]
    assert retrieval_hit_rate(rel, score, k=2) == pytest.approx(1 / 3)
    assert context_precision_at_k(rel, score, k=2) == pytest.approx(1 / 6)
    assert context_recall_at_k(rel, score, k=2, zero_division=np.nan) == pytest.approx(0.25)


def test_hit_rate_inside_a_tie_is_the_chance_of_drawing_a_relevant_chunk():
    # one place left for three tied chunks, one relevant: hit with probability 1/3
    assert retrieval_hit_rate([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.9], k=2) == pytest.approx(1 / 3)
    rng = np.random.default_rng(7)
    rel, score = rng.integers(0, 2, (40, 8)), rng.integers(0, 3, (40, 8)).astype(float)
    hit = retrieval_hit_rate(rel, score, k=3)
    assert hit >= context_precision_at_k(rel, score, k=3)
    # brute force: average over random tie-breaks
    draws = [np.mean([(np.asarray(r)[np.lexsort((rng.random(8), -s))][:3] > 0).any() for r, s in zip(rel, score)])
             for _ in range(3000)]
    assert hit == pytest.approx(np.mean(draws), abs=0.01)


def test_faithfulness_and_its_undefined_case():
    assert faithfulness([True, True, False]) == pytest.approx(2 / 3)
    np.testing.assert_allclose(faithfulness([[1, 1], [0, 1, 1, 1]]), [1.0, 0.75])
    with pytest.warns(UndefinedMetricWarning):
        np.testing.assert_allclose(faithfulness([[1], []]), [1.0, 0.0])
    np.testing.assert_allclose(faithfulness([[1], []], zero_division=1), [1.0, 1.0])
    with pytest.raises(MetricInputError, match="claim_labels"):
        faithfulness([[1, 2]])
    with pytest.raises(MetricInputError, match="claim_labels"):
        faithfulness("yes")


def test_rag_failure_modes_partition_the_questions():
    rng = np.random.default_rng(8)
    hit, f, c = rng.integers(0, 2, 50), rng.random(50), rng.random(50)
    modes = rag_failure_modes(hit, f, c)
    assert sum(modes[k] for k in ("retrieval_miss", "unfaithful", "wrong_answer", "correct")) == pytest.approx(1)
    assert all(type(v) is float for v in modes.values())
    with pytest.raises(MetricInputError, match="faithfulness"):
        rag_failure_modes([1], [1.5], [1])
    with pytest.raises(MetricInputError, match="hit"):
        rag_failure_modes([2], [0.5], [1])
    with pytest.raises(MetricInputError, match="faithfulness.*NaN"):
        rag_failure_modes([1], [np.nan], [1])
    with pytest.raises(MetricInputError, match="hit and correctness|hit and faithfulness"):
        rag_failure_modes([1, 0], [0.5, 0.5], [1])


# --------------------------------------------------------------------------- contamination


def test_ngram_overlap_of_copied_partial_and_unrelated_items():
    corpus = ["In 1889 the Eiffel Tower opened in Paris, France, for the World's Fair."]
    items = ["the Eiffel tower opened in PARIS", "Which tower opened in Paris in 1889?", "Who painted the Mona Lisa?"]
    overlap = ngram_overlap(items, corpus, n=3)
    assert overlap[0] == 1.0 and 0 < overlap[1] < 1 and overlap[2] == 0.0
    np.testing.assert_array_equal(contaminated(items, corpus, n=3), [True, True, False])
    np.testing.assert_array_equal(contaminated(items, corpus, n=3, threshold=0.7), [True, False, False])


def test_ngrams_never_span_two_documents():
    assert ngram_overlap(["alpha beta"], ["alpha", "beta"], n=2)[0] == 0.0
    assert ngram_overlap(["alpha beta"], ["alpha beta"], n=2)[0] == 1.0


def test_contamination_report_and_refused_input():
    report = clean_vs_contaminated([1, 1, 0, 0], [True, False, False, False])
    assert report == pytest.approx((0.25, 1 / 3, 1.0, 2 / 3))
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(clean_vs_contaminated([1, 0], [False, False]).contaminated_score)
    with pytest.raises(MetricInputError, match="items"):
        ngram_overlap([1, 2], ["text"])
    with pytest.raises(MetricInputError, match="n must"):
        ngram_overlap(["a"], ["a"], n=0)
    with pytest.raises(MetricInputError, match="threshold"):
        contaminated(["a"], ["a"], threshold=1.5)
    with pytest.raises(MetricInputError, match="is_contaminated"):
        clean_vs_contaminated([1, 0], ["yes", "no"])


def test_scalars_are_python_floats():
    values = [fleiss_kappa([[2, 1], [0, 3]]), krippendorff_alpha(CANONICAL), win_rate(["win", "loss"]),
              retrieval_hit_rate([1, 0], [1, 0], k=1), faithfulness([1, 0]),
              *judge_human_agreement([0, 1, 1], [[0, 1, 0], [0, 1, 1]]), *position_bias(["A"], ["A"]),
              *clean_vs_contaminated([1, 0], [True, False])]
    assert all(type(v) is float for v in values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these warns on well-defined input
        length_bias([1, 0, 1], [10, 5, 7], [5, 10, 3])


# --------------------------------------------------------------------------- drill answers agree


def _drill_cases():
    from mlmetrics_edu.drill.cases import build_cases
    from mlmetrics_edu.drill.spec import load_drills

    return [(d, c) for d in load_drills() if d.set_name == "15_llm_applications" and d.id in PACKAGE
            for c in build_cases(d) if c.kind != "property"]


PACKAGE = {  # drill id -> the package function computing the same thing
    "fleiss-kappa": lambda table: fleiss_kappa(table),
    "krippendorff-alpha-nominal": lambda data: krippendorff_alpha(data),
    "krippendorff-alpha-interval": lambda data: krippendorff_alpha(data, level_of_measurement="interval"),
    "elo-ratings": lambda games, n, k, initial: elo_ratings(games, k=k, initial=initial, n_items=n),
    "bradley-terry-mle": lambda n, games: bradley_terry(n, games),
    "paired-standard-error": lambda a, b: paired_difference(a, b).standard_error,
    "clustered-standard-error": lambda s, c: clustered_standard_error(s, c),
}


@pytest.mark.parametrize("drill,case", _drill_cases(), ids=lambda x: getattr(x, "id", getattr(x, "name", "")))
def test_the_drill_answers_agree_with_the_package(drill, case):
    from mlmetrics_edu.drill.spec import reference

    args = case.calls[0].args
    ours = reference(drill)(*args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = PACKAGE[drill.id](*args)
    np.testing.assert_allclose(package, ours, rtol=1e-9, atol=1e-9 if drill.id != "bradley-terry-mle" else 1e-8)
