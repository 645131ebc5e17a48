"""Notebook 04 (calibration), executed once and checked out of sight.

The learner's explorers are never moved by a cell: the task, the fit button and the cancer
explorer's settings are checked here, by moving them in the kernel and handing them back.
"""

import numpy as np
import pytest

import mlmetrics_edu as mm
from hour_checks import (assert_cells_only_teach, assert_main_sections_end_with_a_quiz,
                         assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown, asked)
from nbrun import NotebookRun

STEM = "04_calibration"
# Inputs and definitions the prose states: a 50/50 training sample, "0.8 happens 80% of the time".
STATED = {"50%", "80%"}


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb04"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    assert assert_main_sections_end_with_a_quiz(nb, load_bank()) == [["reliability-below-diagonal"],
                                                                      ["task-temperature-spec"]]


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, STATED)


# --------------------------------------------------------------------------- main path


def test_the_raw_explorer_state_is_the_package_s_and_overconfident(nb):
    y, p = (np.array(a) for a in nb.value("explorer.evaluation_probabilities()"))
    ece, mce, confidence, observed = nb.value("[s.ece, s.mce, s.mean_confidence, s.observed_rate]")
    assert ece == pytest.approx(mm.expected_calibration_error(y, p, n_bins=10))
    assert mce == pytest.approx(mm.maximum_calibration_error(y, p, n_bins=10))
    assert confidence - observed > 0.25


def test_every_bin_above_0_7_lies_below_the_diagonal_and_the_quiz_says_so(nb):
    prob_true, prob_pred = (np.array(nb.value(f"s.{name}")) for name in ("prob_true", "prob_pred"))
    high = prob_pred > 0.7
    assert high.any() and (prob_true[high] < prob_pred[high]).all()
    nb.run("from mlmetrics_edu.interview.bank import grade as _g")
    q = asked("q_reliability")
    assert nb.value(f"_g({q}, {q}.correct_choice).correct")


def test_the_task_answer_meets_the_spec_on_the_explorer_and_one_step_lower_does_not(nb):
    q = asked("task")
    before = nb.value("[explorer.n_bins.value, explorer.temperature.value]")
    out = nb.run(
        "with explorer.restoring():\n"
        f"    _v = {q}.values\n"
        "    explorer.n_bins.value, explorer.temperature.value = _v['n_bins'], _v['temperature_before']\n"
        "    _r = [explorer.state.ece]\n"
        f"    explorer.temperature.value = {q}.answer\n"
        "    _r += [explorer.state.ece, explorer.temperature.value]\n"
        "print(_r)")
    ece_before, ece_after, temperature = eval(out)
    v, answer = nb.value(f"{q}.values"), nb.value(f"{q}.answer")
    assert ece_before > v["target"] >= ece_after and ece_after == pytest.approx(v["ece_at"])
    assert temperature == pytest.approx(answer, rel=1e-12)
    assert nb.value("[explorer.n_bins.value, explorer.temperature.value]") == before


# --------------------------------------------------------------------------- going further


def test_the_fit_button_lands_where_the_notebook_s_fit_does(nb):
    out = nb.run(
        "with explorer.restoring():\n"
        "    explorer.fit_button.click()\n"
        "    _r = [explorer.temperature.value, explorer.state.ece, explorer.fitted_temperature]\n"
        "print(_r)")
    slider_t, ece, fitted = eval(out)
    t_fit, ece_t1, ece_fit = nb.value("[t_fit, ece_t1, ece_fit]")
    assert fitted == pytest.approx(t_fit, rel=1e-6)
    assert abs(np.log10(slider_t) - np.log10(t_fit)) <= 0.005 + 1e-12      # the nearest slider step
    assert ece == pytest.approx(ece_fit, abs=0.005)
    assert ece_t1 > 0.2 and ece_fit < 0.06 and abs(t_fit - 2.5) < 0.2
    assert nb.value("explorer.temperature.value") == 1.0


def test_temperature_scaling_keeps_every_decision(nb):
    before, after = (np.array(nb.value(name)) for name in ("p_before", "p_after"))
    assert (before.argmax(axis=1) == after.argmax(axis=1)).all()


def test_log_loss_of_a_confident_miss(nb):
    assert mm.log_loss([1], [0.01], labels=[0, 1]) == pytest.approx(-np.log(0.01))
    assert "log loss 4.61" in nb.output_text()


def test_the_balanced_model_ranks_well_and_is_badly_calibrated(nb):
    y, p = np.array(nb.value("y_test")), np.array(nb.value("p_test"))
    assert mm.roc_auc_score(y, p) > 0.8 and mm.expected_calibration_error(y, p) > 0.15
    for scores in (p, np.array(nb.value("cancer.y_score[test]"))):
        d = mm.brier_decomposition(y, scores, n_bins=10)
        assert d.brier == pytest.approx(d.reliability - d.resolution + d.uncertainty + d.within_bin)
    assert mm.expected_calibration_error(y, np.array(nb.value("p_platt"))) < 0.03


def test_the_cancer_explorer_at_15_bins_is_the_package_and_ece_ignores_the_binning_here(nb):
    y, p = (np.array(a) for a in nb.value("cancer_explorer.evaluation_probabilities()"))
    ece_10, ece_15, brier = nb.value("[s10.ece, s15.ece, s15.brier]")
    assert ece_15 == pytest.approx(mm.expected_calibration_error(y, p, n_bins=15))
    assert ece_10 == pytest.approx(mm.expected_calibration_error(y, p, n_bins=10))
    assert brier == pytest.approx(mm.brier_score_loss(y, p))
    # the one-line reason the notebook gives: every bin over-predicts, so ECE = mean p - rate
    assert ece_10 == pytest.approx(ece_15) == pytest.approx(p.mean() - y.mean())
    assert (np.array(nb.value("s15.prob_pred")) > np.array(nb.value("s15.prob_true"))).all()
    out = nb.run(
        "with cancer_explorer.restoring():\n"
        "    cancer_explorer.n_bins.value = 15\n"
        "    _r = [cancer_explorer.state.ece]\n"
        "    cancer_explorer.method.value = 'platt'\n"
        "    _r += [cancer_explorer.state.ece]\n"
        "print(_r)")
    raw, platt = eval(out)
    assert raw == pytest.approx(ece_15) and platt == pytest.approx(nb.value("ece_platt"))
    assert platt < 0.03 < raw
    assert nb.value("[cancer_explorer.n_bins.value, cancer_explorer.method.value]") == [10, "none"]
