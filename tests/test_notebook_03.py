"""Notebook 03 (thresholds, ROC and PR), executed once and checked out of sight.

The learner's explorer is never moved by a cell: the task and the cost boxes are checked
here, by moving the explorer in the kernel as a learner would and handing it back.
"""

import numpy as np
import pytest

import mlmetrics_edu as mm
from hour_checks import (assert_cells_only_teach, assert_main_sections_end_with_a_quiz,
                         assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown, asked,
                         right_options)
from nbrun import NotebookRun

STEM = "03_thresholds_roc_pr"
# Inputs the prose states: the scenario (4,000 patients, 5%), the recall targets it asks about,
# and the four-sample example of help(mm.precision_at_recall) (0.5 against 0.75).
STATED = {"4,000", "5%", "85%", "95%", "99.9%", "0.75", "50%", "1%"}


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb03"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_the_main_section_ends_with_the_explorer_task(nb):
    from mlmetrics_edu.interview.bank import load_bank

    assert assert_main_sections_end_with_a_quiz(nb, load_bank()) == [["explorer-task-crossing-recall"]]


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, STATED)


# --------------------------------------------------------------------------- main path


def test_roc_auc_flatters_and_ap_is_0_197(nb):
    assert nb.value("roc_auc_x") > 0.9 and round(nb.value("ap_x"), 3) == 0.197
    assert nb.value("[half.tp, half.fp]") == [50, 222]


def test_the_explorer_starts_at_notebook_01_s_model(nb):
    state = nb.value("[explorer.state.threshold, explorer.state.tp, explorer.state.fp, "
                     "explorer.state.precision, explorer.state.fpr]")
    at_05 = nb.value("(lambda c: [c.tp, c.fp, c.precision, c.fpr])(mm.counts_at_threshold("
                     "mm.threshold_sweep(crossing.y_true, crossing.y_score), 0.5))")
    assert state[0] == 0.5 and state[1:3] == at_05[:2] == [23, 67]
    assert state[3:] == pytest.approx(at_05[2:])


def test_the_task_answer_is_what_the_explorer_shows_at_the_task_s_settings(nb):
    q = asked("task")
    before = nb.value("[explorer.threshold.value, explorer.prevalence.value]")
    out = nb.run(
        "with explorer.restoring():\n"
        f"    explorer.prevalence.value = {q}.values['prevalence']\n"
        f"    explorer.threshold.value = {q}.values['threshold']\n"
        "    _s = explorer.state\n"
        "    _task = [_s.recall, _s.precision, _s.threshold]\n"
        "print(_task)")
    recall, precision, _ = eval(out)
    values, answer = nb.value(f"{q}.values"), nb.value(f"{q}.answer")
    assert recall == pytest.approx(values["recall"]) and values["recall"] >= values["target"]
    assert precision == pytest.approx(answer)
    nb.run("from mlmetrics_edu.interview.bank import grade as _g")
    assert nb.value(f"_g({q}, _task[1]).correct")
    assert nb.value("[explorer.threshold.value, explorer.prevalence.value]") == before


# --------------------------------------------------------------------------- going further


def test_lower_thresholds_never_lower_recall_and_the_sweep_agrees(nb):
    y, s = np.array(nb.value("cancer.y_true")), np.array(nb.value("cancer.y_score"))
    recalls = [mm.recall_score(y, (s >= t).astype(int)) for t in (0.5, 0.3, 0.1, 0.05)]
    assert recalls == sorted(recalls)
    assert nb.value("at_01.recall") == mm.recall_score(y, (s >= 0.1).astype(int))


def test_roc_auc_is_the_share_of_ordered_pairs_and_blind_to_a_monotone_transform(nb):
    assert nb.value("roc_auc") == pytest.approx(nb.value("pairs"))
    assert nb.value("mm.roc_auc_score(cancer.y_true, cancer.y_score ** 3) == roc_auc")
    assert "True" in nb.output_text()


def test_random_scores_have_an_ap_near_the_prevalence(nb):
    assert nb.value("random_ap") < 0.03


def test_coarse_scores_show_the_trapezoid_overstating_and_ties_in_between(nb):
    assert nb.value("len(thresholds_c)") == 11
    ap_c, trapezoid_c, reachable = nb.value("[ap_c, trapezoid_c, reachable]")
    assert trapezoid_c > ap_c + 0.03 and ap_c < reachable < trapezoid_c


def test_the_ap_question_s_right_option_is_the_step_sum(nb):
    right = right_options(nb, "q_ap")
    assert len(right) == 1 and right[0].startswith("AP is the step sum")


def test_the_operating_points(nb):
    assert nb.value("at_95.recall") >= 0.95
    at, highest, best_precision = nb.value("[at, highest.threshold, best_precision]")
    assert at < highest and best_precision == pytest.approx(nb.value("lower.precision"))
    assert best_precision > nb.value("highest.precision")
    assert nb.value("lower.specificity") < nb.value("highest.specificity")


def test_the_points_question_quotes_them_and_t1_answers_specificity(nb):
    prompt = nb.value(f"{asked('q_points')}.prompt")
    assert f"t1 = {nb.value('highest.threshold'):.5f}" in prompt
    assert f"precision {nb.value('best_precision'):.4f}" in prompt
    right = right_options(nb, "q_points")
    assert len(right) == 1 and right[0].startswith("t1 answers")


def test_the_cost_optimum_beats_the_default(nb):
    assert nb.value("best.cost") < nb.value("cost_05")


def test_the_explorer_s_cost_boxes_and_button_agree_with_cost_optimal_threshold(nb):
    before = nb.value("[explorer.threshold.value, explorer.cost_fn.value]")
    out = nb.run(
        "with explorer.restoring():\n"
        "    _r = [explorer.state.optimal_threshold]\n"
        "    explorer.optimum_button.click()\n"
        "    _r += [f'>{explorer.threshold.value}<' in explorer.readout.value, explorer.state.cost]\n"
        "    explorer.cost_fn.value = 10\n"
        "    _r += [explorer.state.optimal_threshold]\n"
        "print(_r)")
    optimum, shown, cost, optimum_10 = eval(out)
    best_threshold, best_cost = nb.value("[best_x.threshold, best_x.cost]")
    assert optimum == pytest.approx(best_threshold) and shown and cost == pytest.approx(best_cost)
    assert optimum_10 > best_threshold
    assert nb.value("[explorer.threshold.value, explorer.cost_fn.value]") == before
