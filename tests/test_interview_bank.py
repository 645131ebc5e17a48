"""The question bank: it loads, every question is answerable, and the syllabus is covered.

Three layers: the shipped bank as a whole (size, coverage of every syllabus item, every
question drawn and graded for several seeds), the loader's validation (each kind of mistake
in a data file is reported with the file and the question), and the grading rules.
"""

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from mlmetrics_edu.interview.bank import (
    KINDS, TOPICS, AnswerError, BankError, grade, instantiate, load_bank, parse_number,
)

ROOT = Path(__file__).resolve().parent.parent
SYLLABUS_MD = ROOT.parent / "shared" / "SYLLABUS.md"
SEEDS = range(5)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


# --------------------------------------------------------------------------- the shipped bank


def test_the_bank_holds_at_least_150_questions_of_every_kind_and_topic(bank):
    assert len(bank) >= 150
    assert {q.kind for q in bank} == set(KINDS)
    assert {q.topic for q in bank} == set(TOPICS)
    assert {q.difficulty for q in bank} == {1, 2, 3}


def test_most_numeric_questions_are_generated_from_parameters(bank):
    numeric = [q for q in bank if q.kind == "numeric"]
    generated = [q for q in numeric if q.generator]
    assert len(generated) >= 0.7 * len(numeric), f"{len(generated)} of {len(numeric)} generated"


def test_every_syllabus_item_is_covered_by_a_question(bank):
    covered = {c for q in bank for c in q.covers}
    uncovered = [f"{item['id']}: {item['text']}" for item in bank.syllabus if item["id"] not in covered]
    assert not uncovered, "syllabus items no question covers:\n" + "\n".join(uncovered)


def _syllabus_bullets(text):
    """Each top-level bullet of SYLLABUS.md, joined across its continuation lines."""
    bullets, current = [], None
    for line in text.splitlines():
        if line.startswith("- "):
            current = line[2:]
            bullets.append(current)
        elif line.startswith("  ") and bullets and current is not None:
            bullets[-1] += " " + line.strip()
        else:
            current = None
    return bullets


@pytest.mark.skipif(not SYLLABUS_MD.is_file(), reason="shared/SYLLABUS.md is not beside this checkout")
def test_every_bullet_of_the_syllabus_maps_to_items_the_bank_covers(bank):
    bullets = _syllabus_bullets(SYLLABUS_MD.read_text(encoding="utf-8"))
    assert len(bullets) > 30
    covered = {c for q in bank for c in q.covers}
    unmapped = []
    for bullet in bullets:
        items = [i for i in bank.syllabus if bullet.startswith(i["bullet"])]
        if not items or not all(i["id"] in covered for i in items):
            unmapped.append(bullet[:80])
    assert not unmapped, "syllabus bullets without covered items:\n" + "\n".join(unmapped)


def test_every_item_quotes_a_real_bullet_of_the_syllabus(bank):
    if not SYLLABUS_MD.is_file():
        pytest.skip("shared/SYLLABUS.md is not beside this checkout")
    bullets = _syllabus_bullets(SYLLABUS_MD.read_text(encoding="utf-8"))
    stale = [i["id"] for i in bank.syllabus if not any(b.startswith(i["bullet"]) for b in bullets)]
    assert not stale


def test_each_topic_has_questions_at_every_difficulty_or_at_least_two_levels(bank):
    for topic in TOPICS:
        levels = {q.difficulty for q in bank if q.topic == topic}
        assert len(levels) >= 2, f"{topic}: only difficulty {levels}"


def test_there_are_follow_up_chains_of_three_questions(bank):
    chains = [bank.chain(q.id) for q in bank if q.standalone and q.follow_up]
    assert sum(len(c) >= 3 for c in chains) >= 5


def test_every_question_instantiates_and_its_right_answer_is_graded_right(bank):
    for q in bank:
        for seed in SEEDS:
            inst = instantiate(q, seed)
            result = grade(inst, _right_answer(inst))
            assert result.correct and result.score == 1.0, (q.id, seed, result.feedback)
            assert result.explanation


def test_a_wrong_answer_is_graded_wrong_and_says_why(bank):
    for q in bank:
        inst = instantiate(q, 0)
        result = grade(inst, _wrong_answer(inst))
        assert not result.correct, q.id
        assert result.feedback.strip()


def test_instances_are_deterministic_per_seed(bank):
    for q in bank:
        a, b = instantiate(q, 7), instantiate(q, 7)
        assert (a.prompt, a.options, a.answer, a.solution) == (b.prompt, b.options, b.answer, b.solution)


def test_generated_questions_never_repeat_verbatim_across_seeds(bank):
    for q in bank:
        if q.generator:
            prompts = {instantiate(q, seed).prompt for seed in range(8)}
            assert len(prompts) >= 6, f"{q.id}: only {len(prompts)} distinct prompts in 8 seeds"


def test_choice_options_are_shuffled_per_seed(bank):
    q = next(q for q in bank if q.kind == "choice")
    orders = {instantiate(q, seed).order for seed in range(10)}
    assert len(orders) > 1


def test_every_solution_and_prompt_is_filled_in(bank):
    for q in bank:
        inst = instantiate(q, 3)
        for text in (inst.prompt, inst.solution):
            assert not re.search(r"\{[a-z_]+(:[^}]*)?\}", text), f"{q.id}: unfilled template in {text!r}"


def test_review_links_point_at_notebooks_and_drills_that_exist(bank):
    from mlmetrics_edu.drill import load_drills

    drill_ids = {d.id for d in load_drills()}
    planned = {nb for _, notebooks in TOPICS.values() for nb in notebooks}
    for q in bank:
        assert all(d in drill_ids for d in q.drills), f"{q.id}: unknown drill in {q.drills}"
        for nb in q.notebooks:
            stem = nb.split("#")[0]
            assert stem in planned, f"{q.id}: unknown notebook {nb}"


def test_every_misconception_is_probed_by_some_question(bank):
    used = {m for q in bank for m in (*q.misconceptions, *q.shows, *q.traps.values()) if m}
    unused = sorted(set(bank.misconceptions) - used)
    assert not unused


def _right_answer(inst):
    q = inst.question
    if q.kind == "choice":
        return inst.correct_choice
    if q.kind == "numeric":
        return f"{inst.answer!r}"
    if q.kind == "bug":
        return q.line
    return [True] * len(q.rubric)


def _wrong_answer(inst):
    q = inst.question
    if q.kind == "choice":
        return (inst.correct_choice + 1) % len(inst.options)
    if q.kind == "numeric":
        return inst.answer + 10 * (q.tolerance + q.rel_tolerance * abs(inst.answer)) + 1
    if q.kind == "bug":
        return 1 if q.line != 1 else 2
    return [False] * len(q.rubric)


# --------------------------------------------------------------------------- the loader's checks

GOOD_QUESTIONS = """
topic = "classification"

[misconceptions]
swapped = "precision and recall swapped"

[[question]]
id = "pick-one"
kind = "choice"
difficulty = 1
covers = ["clf.precision-recall"]
misconceptions = ["swapped"]
prompt = "Which divides by TP + FP?"
options = ["precision", "recall", "specificity"]
follow_up = "compute-it"

[[question]]
id = "compute-it"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "confusion_counts"
ask = "precision"
prompt = "TP = {tp}, FP = {fp}, FN = {fn}. Precision?"
standalone = false

[[question]]
id = "find-it"
kind = "bug"
difficulty = 2
covers = ["clf.precision-recall"]
prompt = "Find the bug."
code = '''
def precision(tp, fp, fn):
    return tp / (tp + fn)
'''

[[question]]
id = "say-it"
kind = "explain"
difficulty = 3
covers = ["clf.precision-recall"]
prompt = "Explain precision to a product manager."
"""

GOOD_ANSWERS = """
[[answer]]
id = "pick-one"
explanation = "Precision: of the predicted positives, how many are right."
correct = 0
feedback = ["right: TP / (TP + FP)", "recall divides by TP + FN", "specificity is about negatives"]
shows = ["", "swapped", ""]

[[answer]]
id = "compute-it"
explanation = "TP over everything flagged."
solution = "precision = {tp} / ({tp} + {fp}) = {answer:.3f}"
traps = { recall = "swapped" }

[[answer]]
id = "find-it"
explanation = "Precision divides by what the model flagged."
line = 2
fix = "return tp / (tp + fp)"

[[answer]]
id = "say-it"
explanation = "When it says yes, how often is it right."
rubric = ["when it says yes", "false alarms", "an example"]
"""

SYLLABUS = """
[[item]]
id = "clf.precision-recall"
section = "classification"
bullet = "Precision"
text = "Precision and recall"
"""


def make_bank(tmp_path, questions=GOOD_QUESTIONS, answers=GOOD_ANSWERS):
    root = tmp_path / "content"
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    (root / "drills" / "questions" / "syllabus.toml").write_text(SYLLABUS, encoding="utf-8")
    (root / "drills" / "questions" / "clf.toml").write_text(textwrap.dedent(questions), encoding="utf-8")
    (root / "answers" / "questions" / "clf.toml").write_text(textwrap.dedent(answers), encoding="utf-8")
    load_bank.cache_clear()
    try:
        return load_bank(str(root))
    finally:
        load_bank.cache_clear()


def test_a_well_formed_bank_loads_with_its_chain(tmp_path):
    bank = make_bank(tmp_path)
    assert [q.id for q in bank.chain("pick-one")] == ["pick-one", "compute-it"]
    assert [q.id for q in bank.select()] == ["pick-one", "find-it", "say-it"]


@pytest.mark.parametrize("change, where, message", [
    (("kind = \"choice\"", "kind = \"quiz\""), "pick-one", "kind 'quiz'"),
    (("difficulty = 1", "difficulty = 4"), "pick-one", "difficulty"),
    (("options = [\"precision\", \"recall\", \"specificity\"]", "options = [\"a\", \"b\"]"), "pick-one", "3-5 options"),
    (("covers = [\"clf.precision-recall\"]\nmisconceptions", "covers = [\"clf.nope\"]\nmisconceptions"), "pick-one",
     "unknown syllabus items"),
    (("misconceptions = [\"swapped\"]", "misconceptions = [\"undefined-one\"]"), "pick-one", "undefined-one"),
    (("follow_up = \"compute-it\"", "follow_up = \"nowhere\""), "pick-one", "unknown follow_up"),
    (("generator = \"confusion_counts\"", "generator = \"no_such_generator\""), "compute-it", "no question generator"),
    (("id = \"say-it\"", "id = \"Say It\""), "Say It", "kebab-case"),
    (("prompt = \"Find the bug.\"", "prompt = \"Find the bug.\"\nanswer = 3"), "find-it", "unknown field 'answer'"),
])
def test_a_mistake_in_a_question_file_names_the_file_the_question_and_the_problem(tmp_path, change, where, message):
    with pytest.raises(BankError) as err:
        make_bank(tmp_path, questions=GOOD_QUESTIONS.replace(*change))
    text = str(err.value)
    assert "questions/clf.toml" in text and where in text and message in text


@pytest.mark.parametrize("change, message", [
    (("correct = 0", "correct = 5"), "correct must be an option index"),
    (("feedback = [\"right: TP / (TP + FP)\", ", "feedback = ["), "feedback needs one non-empty line per option"),
    (("shows = [\"\", \"swapped\", \"\"]", "shows = [\"swapped\", \"\", \"\"]"), "correct option cannot show"),
    (("line = 2", "line = 9"), "line must be 1..2"),
    (("rubric = [\"when it says yes\", \"false alarms\", \"an example\"]", "rubric = [\"one\"]"), "at least 2"),
    (("solution = \"precision = {tp} / ({tp} + {fp}) = {answer:.3f}\"", "solution = \"\""), "worked solution"),
    (("explanation = \"Precision divides by what the model flagged.\"", "explanation = \" \""), "no explanation"),
])
def test_a_mistake_in_an_answer_file_is_reported_with_its_question(tmp_path, change, message):
    with pytest.raises(BankError, match=re.escape(message)):
        make_bank(tmp_path, answers=GOOD_ANSWERS.replace(*change))


def test_a_question_without_an_answer_and_an_orphan_answer_are_both_refused(tmp_path):
    with pytest.raises(BankError, match="'say-it' has no answer"):
        make_bank(tmp_path, answers=GOOD_ANSWERS.split("[[answer]]\nid = \"say-it\"")[0])
    extra = GOOD_ANSWERS + '\n[[answer]]\nid = "ghost"\nexplanation = "x"\n'
    with pytest.raises(BankError, match="unknown questions: \\['ghost'\\]"):
        make_bank(tmp_path / "b", answers=extra)


def test_invalid_toml_is_reported_with_the_file(tmp_path):
    with pytest.raises(BankError, match="clf.toml: not valid TOML"):
        make_bank(tmp_path, questions=GOOD_QUESTIONS + "\n[[question]\n")


def test_a_question_used_only_as_a_follow_up_needs_a_parent(tmp_path):
    orphan = GOOD_QUESTIONS.replace('follow_up = "compute-it"\n', "")
    with pytest.raises(BankError, match="not standalone but no question leads to it"):
        make_bank(tmp_path, questions=orphan)


# --------------------------------------------------------------------------- grading rules


def test_choice_grading_gives_feedback_for_the_picked_option_and_the_right_one(tmp_path):
    bank = make_bank(tmp_path)
    inst = instantiate(bank["pick-one"], 0)
    wrong = inst.order.index(1)  # "recall"
    result = grade(inst, wrong)
    assert not result.correct and result.misconceptions == ["swapped"]
    assert "Not quite: recall divides by TP + FN" in result.feedback
    assert "TP / (TP + FP)" in result.feedback and "right: TP" not in result.feedback  # one verdict word
    letter = "abc"[inst.correct_choice]
    assert grade(inst, letter).correct and grade(inst, letter.upper() + ")").correct
    assert grade(inst, str(inst.correct_choice + 1)).correct  # typed digits count from 1
    assert grade(inst, inst.correct_choice).correct            # an int is an index
    for garbage in ("0", "4", "d", "", "bb", -1, 3, 1.0):
        with pytest.raises(AnswerError):
            grade(inst, garbage)


def test_a_numeric_answer_equal_to_a_trap_names_its_misconception(tmp_path):
    bank = make_bank(tmp_path)
    inst = instantiate(bank["compute-it"], 1)
    tp, fp, fn = inst.values["tp"], inst.values["fp"], inst.values["fn"]
    assert inst.answer == pytest.approx(tp / (tp + fp))
    result = grade(inst, f"{tp}/{tp + fn}")  # recall, the classic swap
    assert not result.correct and result.misconceptions == ["swapped"]
    assert f"precision = {tp} / ({tp} + {fp})" in result.feedback


@pytest.mark.parametrize("text, value", [
    ("0.75", 0.75), (".75", 0.75), ("75%", 0.75), ("3/4", 0.75), (" 1,234.5 ", 1234.5), ("1e-3", 0.001),
    ("$50,000", 50000.0), ("$50,000.00", 50000.0), ("1,234,567", 1234567.0), ("-2", -2.0), ("0,7233", 0.7233), ("12,5", 12.5),
    ("−0.5", -0.5), ("０．５", 0.5), ("５０％", 0.5), ("1.234,5", 1234.5),
])
def test_numbers_are_read_the_way_people_type_them(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1,234", "50,000", "-2,500"])
def test_a_comma_that_could_be_decimal_or_thousands_is_asked_again_not_graded(text):
    with pytest.raises(AnswerError, match="could be"):
        parse_number(text)


@pytest.mark.parametrize("text", ["", "abc", "0.7.5", "1/0", "nan", "inf", "1e999", "--1", "75%%", "½"])
def test_garbage_is_refused_with_an_answer_error_not_graded(text):
    with pytest.raises(AnswerError):
        parse_number(text)


@pytest.mark.parametrize("response", ["", "z", "0", "3", "-1", 2.5, None, True])
def test_a_bug_answer_must_be_a_line_of_the_snippet(tmp_path, response):
    bank = make_bank(tmp_path)
    with pytest.raises(AnswerError):
        grade(instantiate(bank["find-it"], 0), response)


def test_explain_answers_are_self_graded_point_by_point(tmp_path):
    bank = make_bank(tmp_path)
    inst = instantiate(bank["say-it"], 0)
    result = grade(inst, [True, False, True])
    assert result.score == pytest.approx(2 / 3) and not result.correct
    assert "Missing: false alarms" in result.feedback
    with pytest.raises(AnswerError):
        grade(inst, [True, True])
    assert grade(inst, [True, True, True]).correct



def test_a_fixed_numeric_question_can_trap_a_literal_wrong_value(tmp_path):
    questions = GOOD_QUESTIONS + '''
[[question]]
id = "baseline"
kind = "numeric"
difficulty = 1
covers = ["clf.precision-recall"]
prompt = "Prevalence 2%: the average precision of a random ranking?"
'''
    answers = GOOD_ANSWERS + '''
[[answer]]
id = "baseline"
explanation = "A random ranking's precision is the prevalence."
answer = 0.02
traps = { "0.5" = "swapped" }
solution = "AP = prevalence = {answer}"
'''
    bank = make_bank(tmp_path, questions=questions, answers=answers)
    inst = instantiate(bank["baseline"], 0)
    assert grade(inst, "0.5").misconceptions == ["swapped"]
    assert grade(inst, "0.3").misconceptions == []  # wrong, but no known mistake: nothing named
    with pytest.raises(BankError, match="must be a number"):
        make_bank(tmp_path / "b", questions=questions, answers=answers.replace('"0.5" =', 'half ='))


def test_explorer_tasks_are_asked_in_their_notebook_and_never_drawn_elsewhere(bank):
    tasks = [q for q in bank if q.task]
    assert tasks and all(q.kind == "numeric" for q in tasks)
    drawn = {q.id for q in bank.select()}
    assert not drawn & {q.id for q in tasks}
    assert {q.id for q in bank.select(tasks=True)} >= {q.id for q in tasks if q.standalone}
    for q in tasks:  # each is asked by id in a notebook
        assert any(q.id in path.read_text(encoding="utf-8") for path in (ROOT / "notebooks").glob("*.ipynb")), q.id
