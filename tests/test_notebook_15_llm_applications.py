"""Notebook 15 (evaluating LLM applications), checked out of the learner's sight.

The notebook is executed once in a scratch folder (tests/nbrun.py); the tests then ask its
kernel for the numbers it printed and recompute them by their definitions: the error bars of
a benchmark score, rater agreement, the judge's biases, Elo's order dependence and the
Bradley-Terry intervals, the RAG scores and the contamination split. The shape checks are
those of every notebook of issue 20: no assert or answer key in a cell, a quiz from the bank
at the end of every main section, and each number of the prose in the run's outputs.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown,
                             assert_section_ends_with_a_quiz, sections)

STEM = "15_evaluating_llm_applications"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    start = time.monotonic()
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb15"), timeout=300) as run:
        run.elapsed = time.monotonic() - start
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    bank = load_bank()
    found = sections(nb)
    assert [h for h, _ in found] == ["Error bars on evals", "Raters and judges",
                                     "Leaderboards from pairwise preferences", "RAG evaluation",
                                     "Contamination", "Summary", "Drills"]
    asked = [assert_section_ends_with_a_quiz(h, cells, bank) for h, cells in found[:-2]]
    assert all(bank[ids[0]].topic == "llm_apps" for ids in asked)



STATED = {"1.96"}        # the normal quantile the prose names


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- error bars


def test_the_error_bars_are_the_definitions(nb):
    a, b = np.array(nb.value("bench.correct_a")), np.array(nb.value("bench.correct_b"))
    passage = np.array(nb.value("bench.passage"))
    n = a.size
    assert n == 500 and np.bincount(passage).tolist() == [5] * 100
    assert nb.value("se_a") == pytest.approx(a.std(ddof=1) / np.sqrt(n))
    resid = a - a.mean()
    sums = np.array([resid[passage == p].sum() for p in range(100)])
    raw = np.sqrt((sums**2).sum()) / n                           # cluster-robust, before the G/(G-1) factor
    assert raw < nb.value("se_clustered") < raw * 1.02
    assert nb.value("se_clustered") > 1.15 * nb.value("se_a")


def test_the_naive_interval_undercovers_and_the_clustered_one_nearly_keeps_its_promise(nb):
    coverage = nb.value("coverage")
    assert coverage["naive"] < 0.9 < coverage["clustered"] < 0.98
    x, w = np.polynomial.hermite_e.hermegauss(80)                    # the truth, by quadrature
    truth = np.sum(w / (1 + np.exp(-(1.22 - np.hypot(1.2, 0.8) * x)))) / np.sum(w)
    assert coverage["true_accuracy"] == pytest.approx(truth)
    z = np.random.default_rng(1).normal(size=(400_000, 2)) @ np.array([1.2, 0.8])   # and by Monte Carlo
    assert coverage["true_accuracy"] == pytest.approx(np.mean(1 / (1 + np.exp(-(1.22 - z)))), abs=2e-3)


def test_pairing_shrinks_the_error_bar_but_500_questions_cannot_settle_the_gap(nb):
    a, b = np.array(nb.value("bench.correct_a")), np.array(nb.value("bench.correct_b"))
    assert nb.value("paired.estimate") == pytest.approx((a - b).mean())
    assert nb.value("paired.standard_error") < 0.5 * nb.value("unpaired_se")
    assert nb.value("paired.low") < 0 < nb.value("paired.high") and nb.value("paired.p_value") > 0.05
    assert nb.value("bench.true_gap") > nb.value("paired.estimate") > 0      # real, and missed
    n_half = nb.value("significance.questions_needed(0.015, sd_diff)")
    n_full = nb.value("significance.questions_needed(0.03, sd_diff)")
    assert 3.9 < n_half / n_full < 4.1
    z = 1.959963984540054 + 0.8416212335729143
    assert n_half == int(np.ceil((z * (a - b).std(ddof=1) / 0.015) ** 2))


# --------------------------------------------------------------------------- raters and judges


def _fleiss(table):
    table = np.asarray(table, float)
    r = table.sum(axis=1)[0]
    p_j = table.sum(axis=0) / table.sum()
    p_bar = (((table**2).sum(axis=1) - r) / (r * (r - 1))).mean()
    return (p_bar - (p_j**2).sum()) / (1 - (p_j**2).sum())


def test_rater_agreement_is_chance_corrected_and_the_ordinal_alpha_is_higher(nb):
    table = nb.value("table")
    assert nb.value("llm_eval.fleiss_kappa(table)") == pytest.approx(_fleiss(table))
    nominal = nb.value('llm_eval.krippendorff_alpha(panel.sparse, level_of_measurement="nominal")')
    ordinal = nb.value('llm_eval.krippendorff_alpha(panel.sparse, level_of_measurement="ordinal")')
    assert ordinal > nominal + 0.1
    assert 0.2 < nb.value("missing") < 0.3
    assert nb.value("agreement.kappa") < nb.value("agreement.human_kappa") + 0.05
    assert nb.value("float(panel.judge.mean())") > nb.value("float(panel.ratings.mean())")   # lenient


def test_the_judge_s_position_and_length_biases_are_measured(nb):
    ab, ba = nb.value("pairs.verdicts_ab"), nb.value("pairs.verdicts_ba")
    assert nb.value("position.consistency") == pytest.approx(np.mean(np.array(ab) == np.array(ba)))
    assert 0.55 < nb.value("position.first_position_win_rate") < 0.65      # the quiz's "60%"
    assert nb.value("length.longer_win_rate") > nb.value("float(pairs.b_truly_better.mean())") + 0.2


# --------------------------------------------------------------------------- leaderboards


def _elo(votes, n=6, k=32):
    r = np.full(n, 1000.0)
    for w, l in votes:
        e = 1 / (1 + 10 ** ((r[l] - r[w]) / 400))
        r[w] += k * (1 - e)
        r[l] -= k * (1 - e)
    return r


def test_elo_depends_on_the_order_and_bradley_terry_recovers_the_strengths(nb):
    votes = np.array(nb.value("votes"))
    assert len(votes) == 3000
    assert nb.value("elo_time") == pytest.approx(_elo(votes).tolist())
    assert nb.value("float(np.abs(elo_time - elo_shuffled).max())") > 50
    elo = nb.value("elo_time")
    assert elo[4] > max(elo[1:4])                                  # "rates it above models 1, 2 and 3"
    truth = np.array(nb.value("strengths"))
    fitted = np.array(nb.value("bt.estimate"))
    assert fitted.mean() == pytest.approx(0, abs=1e-9)
    assert np.abs(fitted - (truth - truth.mean())).max() < 0.15
    low, high = np.array(nb.value("bt.low")), np.array(nb.value("bt.high"))
    assert ((low <= truth - truth.mean()) & (truth - truth.mean() <= high)).sum() >= 5
    ranks = nb.value("[[int(bt.rank_low[i]), int(bt.rank_high[i])] for i in range(6)]")
    assert ranks[0] == ranks[1] == [1, 2]                          # "the leaderboard cannot order them"


# --------------------------------------------------------------------------- RAG and contamination


def test_the_rag_scores_follow_their_definitions(nb):
    y_true, y_score = np.array(nb.value("rag.y_true")), np.array(nb.value("rag.y_score"))
    top = np.argsort(-y_score, axis=1)[:, :5]
    hits = np.take_along_axis(y_true, top, axis=1)
    hit_rate = nb.value("llm_eval.retrieval_hit_rate(rag.y_true, rag.y_score, k=k)")
    assert hit_rate == pytest.approx(hits.max(axis=1).mean())
    assert nb.value("llm_eval.context_precision_at_k(rag.y_true, rag.y_score, k=k)") == pytest.approx(hits.mean())
    assert nb.value("llm_eval.context_recall_at_k(rag.y_true, rag.y_score, k=k)") == pytest.approx(
        (hits.sum(axis=1) / y_true.sum(axis=1)).mean())
    claims = nb.value("[c.tolist() for c in rag.claims]")
    assert nb.value("faithful") == pytest.approx([np.mean(c) for c in claims])
    modes = nb.value("modes")
    assert sum(v for m, v in modes.items() if m != "lucky") == pytest.approx(1)
    assert modes["retrieval_miss"] == max(v for m, v in modes.items() if m != "correct")


def test_the_13_gram_rule_finds_the_leak_and_the_clean_score_is_lower(nb):
    leaked, flagged = np.array(nb.value("bench_items.leaked")), np.array(nb.value("flag_13"))
    assert np.mean(leaked == flagged) > 0.95 and not (flagged & ~leaked).any()   # no false alarms
    assert nb.value("float(flag_8.mean())") < nb.value("float(flag_13.mean())")
    correct = np.array(nb.value("bench_items.correct"))
    assert nb.value("report.clean_score") == pytest.approx(correct[~flagged].mean())
    assert correct[~flagged].mean() < correct.mean() < correct[flagged].mean()
