"""Notebook 02 (precision, recall and F1), executed once and checked out of sight."""

import numpy as np
import pytest

import mlmetrics_edu as mm
from hour_checks import (assert_cells_only_teach, assert_main_sections_end_with_a_quiz,
                         assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown, asked,
                         right_options)
from nbrun import NotebookRun

STEM = "02_precision_recall_f1"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb02"), timeout=300) as run:
        yield run


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    assert assert_main_sections_end_with_a_quiz(nb, load_bank()) == [
        ["which-needs-precision"], ["fbeta-for-screening"], ["micro-macro-gap"]]


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, {"70%"})         # the maneuver scenario's share of "straight", an input


def test_the_hand_fractions_are_the_package_s(nb):
    assert nb.value("precision") == nb.value("mm.precision_score(fraud.y_true, fraud.y_pred)")
    assert nb.value("recall") == nb.value("mm.recall_score(fraud.y_true, fraud.y_pred)")
    assert nb.value("specificity") == nb.value("mm.specificity_score(fraud.y_true, fraud.y_pred)")


def test_the_screening_test_misses_157_cancers_at_0_5(nb):
    assert nb.value("fn_c") == 157
    assert nb.value("mm.precision_score(cancer.y_true, cancer.y_pred)") > 0.7


def test_the_product_question_s_right_option_is_the_spam_filter(nb):
    right = right_options(nb, "q_product")
    assert len(right) == 1 and "spam" in right[0]


def test_f1_is_the_harmonic_mean_and_flagging_everyone_scores_low(nb):
    y = np.array(nb.value("cancer.y_true"))
    everyone = np.ones_like(y)
    p, r, f1 = mm.precision_score(y, everyone), mm.recall_score(y, everyone), mm.f1_score(y, everyone)
    assert f1 == pytest.approx(2 * p * r / (p + r)) and f1 < 0.1
    assert f"F1 {f1:.3f}" in nb.output_text()
    assert nb.value("f_half") > nb.value("f_one") > nb.value("f_two")


def test_the_beta_question_is_beta_2_and_f2_rewards_recall_on_the_screening_data(nb):
    assert right_options(nb, "q_beta") == ["beta = 2"]
    y = np.array(nb.value("cancer.y_true"))
    everyone = np.ones_like(y)
    assert mm.fbeta_score(y, everyone, beta=2) > mm.fbeta_score(y, everyone, beta=0.5)


def test_micro_f1_is_accuracy_and_macro_shows_the_rare_classes(nb):
    y, pred = np.array(nb.value("maneuver.y_true")), np.array(nb.value("maneuver.y_pred"))
    assert mm.f1_score(y, pred, average="micro") == mm.accuracy_score(y, pred)
    assert mm.f1_score(y, pred, average="macro") < 0.65
    f1_per_tag = np.array(nb.value("f1_per_tag"))
    assert f1_per_tag.max() > 0.98 and f1_per_tag.min() < 0.55


def test_the_gap_question_quotes_this_notebook_s_micro_and_macro_f1(nb):
    y, pred = np.array(nb.value("maneuver.y_true")), np.array(nb.value("maneuver.y_pred"))
    micro, macro = mm.f1_score(y, pred, average="micro"), mm.f1_score(y, pred, average="macro")
    assert f"micro-F1 {micro:.2f} and macro-F1 {macro:.2f}" in nb.value(f"{asked('q_gap')}.prompt")
    assert len(right_options(nb, "q_gap")) == 1
