"""Notebook 06 (interview drills), executed once and checked out of sight.

The quizzes it shows are checked here, in the kernel: the rapid-fire round's budget and
length, the model answer of its first question, the rubric's grading, the named questions
and the failure checklist all covered; and the checklist's numbers from the scenarios.
"""

import math

import pytest

from hour_checks import assert_cells_only_teach, assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown
from nbrun import NotebookRun

STEM = "06_interview_drills"
# The checklist table and the summary quote numbers computed in notebooks 02-05 (their tests
# check them there) and the interview questions' own words ("right 60% of the time", 92.1% vs 92.3%).
STATED = {"0.235", "0.51", "0.86", "60%", "92.1%", "92.3%"}


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb06"), timeout=300) as run:
        run.run("from mlmetrics_edu.interview.bank import grade as _g, model_response as _model")
        yield run


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, STATED)


def test_the_rapid_fire_round_is_ten_questions_in_five_minutes_and_the_model_answer_passes(nb):
    assert nb.value("rapid.state.budget") == 5 * 60 and nb.value("len(rapid.state.chains)") == 10
    first = "rapid.state.chains[0][0]"
    assert nb.value(f"_g({first}, _model({first})).correct")
    nb.run(f"_copy = quiz({first}.question.id, seed=SEED)\n_verdict = _copy.respond(_model(_copy.instance))")
    assert nb.value("_verdict.correct") and nb.value("_copy.state.score") == 1.0


def test_the_sixty_second_rubric_passes_a_full_answer_and_fails_a_thin_one(nb):
    points = nb.value("len(sixty.instance.question.rubric)")
    assert points >= 4 and math.ceil(0.75 * points) < points + 1
    assert nb.value(f"_g(sixty.instance, [True] * {points}).score") == 1.0
    assert not nb.value(f"_g(sixty.instance, [True] + [False] * {points - 1}).correct")


def test_every_syllabus_section_has_questions(nb):
    assert nb.value("sorted(by_topic)") == nb.value("sorted(TOPICS)")


def test_the_named_questions_quiz_covers_every_named_question_but_the_cheat_sheet(nb):
    missing = nb.value(
        "sorted({i['id'] for i in bank.syllabus if i['id'].startswith('q.')}"
        " - {c for chain in named.state.chains for inst in chain for c in inst.question.covers})")
    assert set(missing) <= {"q.cheat-sheet"}


def test_the_checklist_numbers_still_show_each_trap(nb):
    assert nb.value("roc") > 0.9 and nb.value("ap") < 0.25
    recall_05, best_recall = nb.value("[recall_05, best.recall]")
    assert recall_05 < 0.25 < 0.85 < best_recall
    assert nb.value("right_turn") < 0.3 < 0.8 < nb.value("micro")
    assert nb.value("p_at_1") < 0.5 and nb.value("hit_at_5") > 0.99


def test_the_checklist_quiz_asks_every_failure(nb):
    failures = nb.value("sorted({i['id'] for i in bank.syllabus if i['id'].startswith('fail.')})")
    asked = nb.value("sorted({c for chain in checklist.state.chains for inst in chain for c in inst.question.covers})")
    assert len(failures) == 7 and set(failures) <= set(asked)
