"""Notebook 08 (evaluation rigor), checked out of the learner's sight.

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py) and asserts on the kernel's state: every check the notebook's
cells used to carry, the tests against their references (scipy's paired t, statsmodels'
McNemar, Benjamini-Hochberg and z-test), the coverage simulator left where the learner found it,
the notebook's shape (no ``assert``, no answer key, every main section ending with a quiz from
the bank) and every number the prose quotes being in an output of the run.
"""

from __future__ import annotations

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_every_main_section_ends_with_a_quiz, assert_holds,
                             assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown)

STEM = "08_evaluation_rigor"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb08"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)
    for cell in nb.cells("code"):                   # the learner's simulator is moved by the learner only
        assert ".value =" not in cell.source, cell.source


def test_every_main_section_ends_with_a_quiz_on_rigor(nb):
    from mlmetrics_edu.interview.bank import load_bank

    asked = assert_every_main_section_ends_with_a_quiz(nb)
    assert len(asked) == 7
    bank = load_bank()
    assert all(bank[qid].topic == "rigor" for ids in asked.values() for qid in ids)
    assert asked["Coverage simulator: does a 95% interval cover 95% of the time?"] == ["coverage-wald-small-n",
                                                                                          "task-coverage-wald-n100"]


# The scenario's sizes and noise level, and 2/32 (the smallest sign-flip p-value on 5 pairs).
STATED = {"0.3", "1,000", "4,000", "5,000", "10,000", "0.0625"}


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- 92.1% vs 92.3%


def test_the_fold_accuracies_are_921_and_923_and_b_wins_four_folds(nb):
    assert round(nb.value("acc_a.mean()"), 3) == 0.921 and round(nb.value("acc_b.mean()"), 3) == 0.923
    assert nb.value("int(np.sum(acc_b > acc_a))") == 4


def test_the_paired_tests_find_no_difference_and_equal_scipy(nb):
    stats = pytest.importorskip("scipy.stats")
    assert_holds(nb, "p_t > 0.05", "p_perm > 0.05", "p_perm >= 2 / 32")
    ref = stats.ttest_rel(nb.value("acc_b"), nb.value("acc_a"))
    assert nb.value("p_t") == pytest.approx(ref.pvalue)


def test_mcnemar_counts_68_and_58_disagreements_and_equals_statsmodels(nb):
    contingency = pytest.importorskip("statsmodels.stats.contingency_tables")
    b = nb.value("int(np.sum(right_b & ~right_a))")
    c = nb.value("int(np.sum(~right_b & right_a))")                    # `c` is reused later in the notebook
    assert (nb.value("b"), b, c) == (68, 68, 58)
    assert nb.value("statistic") == min(b, c) and nb.value("p_mcnemar") > 0.05
    both = nb.value("int(np.sum(right_a & right_b))")
    neither = nb.value("int(np.sum(~right_a & ~right_b))")
    ref = contingency.mcnemar([[both, b], [c, neither]], exact=True)
    assert nb.value("p_mcnemar") == pytest.approx(ref.pvalue)


def test_the_paired_interval_contains_zero_and_is_under_half_the_unpaired_width(nb):
    assert_holds(nb, "low < 0 < high", "high - low < 0.5 * unpaired_width")


# --------------------------------------------------------------------------- leakage, curves


def test_shuffled_folds_leak_users_and_the_future(nb):
    assert_holds(nb, 'scores["shuffled k-fold"] > scores["group k-fold"] + 0.1',
                 'mae["forward chaining"] > 3 * mae["shuffled k-fold"]')


def test_the_learning_curves_diagnose_under_and_overfitting(nb):
    curves = {int(k): v for k, v in nb.value("{d: [list(tr), list(va)] for d, (tr, va) in curves.items()}").items()}
    (train_1, valid_1), (train_4, valid_4), (train_15, valid_15) = curves[1], curves[4], curves[15]
    assert train_1[-1] > 0.45 and valid_1[-1] - train_1[-1] < 0.1      # underfit: high, close
    assert train_15[0] < 0.05 and valid_15[0] > 3                       # overfit: tiny train error, huge gap
    assert abs(valid_15[-1] - train_15[-1]) < 0.05                      # the gap closes with data
    assert abs(valid_4[-1] - 0.3) < 0.02


# --------------------------------------------------------------------------- many configurations, A/B


def test_the_best_noise_configuration_is_selection_not_skill(nb):
    assert_holds(nb, "acc_valid[winner] > 0.55", "acc_test < 0.52")


def test_no_noise_configuration_survives_a_correction_and_bh_equals_statsmodels(nb):
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    assert_holds(nb, "np.sum(p_values < 0.05) >= 3", "not reject_bonferroni.any()", "not reject_bh.any()")
    reject, q, _, _ = multitest.multipletests(nb.value("p_values"), alpha=0.05, method="fdr_bh")
    assert nb.value("reject_bh.tolist()") == reject.tolist()
    assert nb.value("q_values") == pytest.approx(q.tolist())


def test_the_ab_test_is_significant_on_conversion_and_revenue(nb):
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    assert_holds(nb, "p_conv < 0.01", "lift > 0", "p_revenue < 0.05")
    conv, n = [nb.value("conv_b"), nb.value("conv_a")], [nb.value("n")] * 2
    z, p = proportion.proportions_ztest(conv, n)
    assert nb.value("z") == pytest.approx(z) and nb.value("p_conv") == pytest.approx(p)


def test_goodhart_clicks_rise_while_satisfaction_falls(nb):
    assert_holds(nb, "np.all(np.diff(ctr) > 0)", "np.all(np.diff(satisfaction) < 0)")


# --------------------------------------------------------------------------- the coverage simulator


def test_wald_undercovers_at_n_20_and_every_method_is_close_at_n_1000(nb):
    assert_holds(nb, "0.6 < small.coverage < 0.75", '0.9 < small.coverage_by_method["wilson"] < 0.95',
                 "all(abs(c - 0.95) < 0.025 for c in large.coverage_by_method.values())")


def test_the_simulator_stays_where_the_learner_left_it(nb):
    assert nb.value("explorer.n.value") == 20 and nb.value("explorer.state.n") == 20
    assert nb.value("explorer.method.value") == "wald"
    # the n = 1,000 numbers the notebook prints are the simulator's own at n = 1,000
    assert nb.value("large.coverage_by_method == CoverageExplorer(true_accuracy=0.95, n=1000, "
                    "method='wald').state.coverage_by_method")


def test_the_simulator_task_s_answer_is_the_readout_at_n_100_and_one_step_off_is_wrong(nb):
    from mlmetrics_edu.interview.bank import grade, instantiate, load_bank
    from mlmetrics_edu.widgets.coverage import SIZES, coverage_state

    task = instantiate(load_bank()["task-coverage-wald-n100"], 0)
    at = {n: round(coverage_state(0.95, n, "wald").coverage, 3) for n in SIZES}
    assert grade(task, f"{at[100]:.3f}").correct
    assert not grade(task, f"{at[50]:.3f}").correct and not grade(task, f"{at[200]:.3f}").correct
    shown = nb.run("_e = CoverageExplorer(true_accuracy=0.95, n=20, method='wald'); _e.n.value = 100; "
                   "print(_e.readout.value)")
    assert f">{at[100]:.3f}<" in shown                                  # the number the learner reads
    assert f"{at[100]:.3f}" not in nb.output_text()                     # and no output gives it away
