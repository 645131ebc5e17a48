"""Notebook 01 (the confusion matrix and accuracy), executed once and checked out of sight.

What the old check cells asserted in front of the learner is asserted here, on the kernel
of one run: the counts, the 99% trap, the two quizzes' right options, the fraud model.
"""

import numpy as np
import pytest

import mlmetrics_edu as mm
from hour_checks import (assert_cells_only_teach, assert_main_sections_end_with_a_quiz,
                         assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown, right_options)
from nbrun import NotebookRun

STEM = "01_confusion_matrix_and_accuracy"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb01"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    assert assert_main_sections_end_with_a_quiz(nb, load_bank()) == [["cm-ravel-order"], ["fraud-98-accuracy"]]


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, {"1%"})          # the scenario's prevalence, an input


# --------------------------------------------------------------------------- the numbers


def test_the_four_counts_and_accuracy(nb):
    assert nb.value("cm.ravel().tolist()") == nb.value("[tn, fp, fn, tp]") == [4, 1, 1, 2]
    assert nb.value("mm.accuracy_score(y_true, y_pred)") == nb.value("(tp + tn) / cm.sum()") == 0.75


def test_the_ravel_question_has_one_right_option_the_unpacking_used(nb):
    assert right_options(nb, "q_counts") == ["`tn, fp, fn, tp = cm.ravel()`"]


def test_never_firing_scores_99_percent_and_catches_nothing(nb):
    assert nb.value("accuracy_never") == 0.99 and nb.value("recall_never") == 0.0
    assert nb.value("[tp_m, fp_m]") == [23, 67]
    assert nb.value("accuracy_model") < nb.value("accuracy_never")
    assert nb.value("cost_model") < nb.value("cost_never")


def test_the_fraud_question_s_right_option_holds_on_the_fraud_data(nb):
    y = np.array(nb.value("fraud.y_true"))
    assert mm.accuracy_score(y, np.zeros_like(y)) == 0.98
    right = right_options(nb, "q_fraud")
    assert len(right) == 1 and right[0].startswith("Nothing yet")


def test_the_fraud_model_barely_beats_never_fraud(nb):
    assert nb.value("tp_f") == 17
    assert 0 < nb.value("mm.accuracy_score(fraud.y_true, fraud.y_pred)") - 0.98 < 0.003


def test_balanced_accuracy_of_never_firing_is_a_coin_flip(nb):
    assert nb.value("balanced_never") == 0.5
