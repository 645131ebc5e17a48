"""The quiz widget: set a control, press a button, and the state and the feedback are right.

Runs headless with ipywidgets 8 (the dev environment) and 7.7.1 (what Colab ships):
``.venv-ipywidgets7/bin/python -m pytest tests/test_widget_quiz.py``. Most tests use a small
bank written to a temporary folder (one question of each kind, a follow-up chain, a generated
numeric question), so they do not move when the course's bank grows; the last tests run every
question of the course's bank through the widget. The oracle is the engine's own
``instantiate``/``grade``, and the bank's answer fields (correct option, line, rubric).
"""

from __future__ import annotations

import html
import re
import textwrap

import ipywidgets as widgets
import pytest

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.bank import grade, instantiate, load_bank
from mlmetrics_edu.widgets.quiz import (Quiz, answer_quiz, model_response, next_question, plan_quiz,
                                        quiz, start_quiz)

# ipywidgets 7 + a recent ipykernel warns that ipykernel.comm.Comm is deprecated: not ours.
pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")


@generators.generator("quiz_test_counts")
def _quiz_test_counts(rng):
    tp, fp, fn = (int(v) for v in rng.integers(5, 50, size=3))
    return {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp), "recall": tp / (tp + fn)}


QUESTIONS_THRESHOLDS = '''
topic = "thresholds"

[misconceptions]
roc-on-rare-events = "ROC-AUC tells the truth about a rare-event detector"
pr-baseline-half = "PR-AUC's random baseline is 0.5"

[[question]]
id = "roc-or-pr-rare"
kind = "choice"
difficulty = 2
covers = ["q.roc-or-pr"]
misconceptions = ["roc-on-rare-events"]
prompt = "Positives are 1% of frames. ROC-AUC or PR-AUC?"
options = ["ROC-AUC", "PR-AUC", "accuracy", "either, they agree"]
see = ["03_thresholds_roc_pr", "drill:average-precision"]
follow_up = "pr-baseline"

[[question]]
id = "pr-baseline"
kind = "numeric"
difficulty = 2
covers = ["q.roc-or-pr"]
misconceptions = ["pr-baseline-half"]
prompt = "Prevalence is 2%. What average precision does a random ranking get?"
tolerance = 0.001
standalone = false
follow_up = "prevalence-doubles"

[[question]]
id = "prevalence-doubles"
kind = "explain"
difficulty = 3
covers = ["q.roc-or-pr"]
prompt = "The prevalence doubles. What happens to ROC-AUC and to PR-AUC?"
standalone = false
'''

ANSWERS_THRESHOLDS = '''
[[answer]]
id = "roc-or-pr-rare"
explanation = "PR-AUC: ROC's FPR divides by the many negatives."
correct = 1
feedback = ["ROC hides false alarms among many negatives.", "Right: precision sees every false alarm.",
            "Accuracy is 99% for a detector that never fires.", "They rank alike but read differently."]
shows = ["roc-on-rare-events", "", "", ""]

[[answer]]
id = "pr-baseline"
explanation = "A random ranking has precision = prevalence at every recall."
answer = 0.02
traps = { "0.5" = "pr-baseline-half" }
solution = "AP of a random ranking = prevalence = {answer:.2f}"

[[answer]]
id = "prevalence-doubles"
explanation = "ROC-AUC stays put; PR-AUC rises with the prevalence."
rubric = ["ROC-AUC does not change", "PR-AUC rises", "the baseline doubles to the new prevalence"]
'''

QUESTIONS_CLASSIFICATION = '''
topic = "classification"

[misconceptions]
precision-recall-swapped = "precision and recall swapped"
off-by-denominator = "the wrong denominator"
no-costs-first = "starts with a metric, not with the costs"

[[question]]
id = "precision-from-counts"
kind = "numeric"
difficulty = 1
covers = ["clf.precision-recall"]
misconceptions = ["off-by-denominator"]
prompt = "TP = {tp}, FP = {fp}, FN = {fn}. Precision?"
generator = "quiz_test_counts"
ask = "precision"
tolerance = 0.005

[[question]]
id = "recall-bug"
kind = "bug"
difficulty = 2
covers = ["clf.precision-recall"]
misconceptions = ["precision-recall-swapped"]
prompt = "This recall is wrong. Which line?"
code = """
def recall(y_true, y_pred):
    tp = sum(t and p for t, p in zip(y_true, y_pred))
    fp = sum(p and not t for t, p in zip(y_true, y_pred))
    return tp / (tp + fp)
"""

[[question]]
id = "sixty-seconds"
kind = "explain"
difficulty = 3
covers = ["q.sixty-seconds"]
misconceptions = ["no-costs-first"]
prompt = "In 60 seconds: how do you evaluate a safety-critical detector?"

[[question]]
id = "accuracy-rare"
kind = "choice"
difficulty = 1
covers = ["fail.accuracy-minority-recall"]
prompt = "A detector that never fires on 1% positives has accuracy..."
options = ["0.01", "0.5", "0.99"]
'''

ANSWERS_CLASSIFICATION = '''
[[answer]]
id = "precision-from-counts"
explanation = "Precision asks: when the model says yes, how often is it right?"
solution = "precision = {tp} / ({tp} + {fp}) = {answer:.3f}"
traps = { recall = "precision-recall-swapped" }

[[answer]]
id = "recall-bug"
explanation = "Recall divides by the actual positives."
line = 4
fix = "fn = sum(t and not p ...); return tp / (tp + fn)"

[[answer]]
id = "sixty-seconds"
explanation = "Costs first, then recall at a fixed level, PR not ROC, calibration, slices."
rubric = ["names the cost of each error first", "rejects accuracy with the 99% example",
          "picks the threshold from costs on validation data", "checks slices and calibration"]

[[answer]]
id = "accuracy-rare"
explanation = "99%: it is right on every negative."
correct = 2
feedback = ["That is the prevalence.", "Nothing here is a coin flip.", "Right: 99 of 100 frames are negatives."]
'''


@pytest.fixture(scope="module")
def bank_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("bank")
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    for name, questions, answers in (("thresholds", QUESTIONS_THRESHOLDS, ANSWERS_THRESHOLDS),
                                     ("classification", QUESTIONS_CLASSIFICATION, ANSWERS_CLASSIFICATION)):
        (root / "drills" / "questions" / f"{name}.toml").write_text(textwrap.dedent(questions), encoding="utf-8")
        (root / "answers" / "questions" / f"{name}.toml").write_text(textwrap.dedent(answers), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def bank(bank_root):
    return load_bank(str(bank_root))


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, t=1000.0):
        self.t = t

    def __call__(self):
        return self.t


def text(widget):
    """The visible text of an HTML widget: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


# --------------------------------------------------------------------------- choosing the questions


def test_a_plan_is_the_same_for_the_same_seed_and_draws_from_the_filtered_pool(bank):
    ids = lambda plan: [[inst.question.id for inst in chain] for chain in plan]  # noqa: E731
    first = plan_quiz(bank, n=3, seed=7)
    assert ids(first) == ids(plan_quiz(bank, n=3, seed=7))
    assert [inst.options for chain in first for inst in chain] == \
        [inst.options for chain in plan_quiz(bank, n=3, seed=7) for inst in chain]
    assert {tuple(ids(plan_quiz(bank, n=4, seed=s))[0]) for s in range(12)} != {tuple(ids(first)[0])}
    assert all(chain[0].question.topic == "classification"
               for chain in plan_quiz(bank, topic="classification", n=10, seed=0))
    assert len(plan_quiz(bank, topic="classification", n=10, seed=0)) == 4  # capped at the pool
    assert [c[0].question.kind for c in plan_quiz(bank, kind=["bug"], seed=0)] == ["bug"]


def test_a_question_brings_its_follow_up_chain_and_follow_ups_are_never_drawn_alone(bank):
    plan = plan_quiz(bank, "roc-or-pr-rare", seed=0)
    assert [inst.question.id for inst in plan[0]] == ["roc-or-pr-rare", "pr-baseline", "prevalence-doubles"]
    for seed in range(5):
        firsts = [chain[0].question.id for chain in plan_quiz(bank, n=5, seed=seed)]
        assert "pr-baseline" not in firsts and "prevalence-doubles" not in firsts


def test_covers_patterns_select_the_failure_checklist_questions_in_bank_order(bank):
    plan = plan_quiz(bank, covers="fail.*")
    assert [chain[0].question.id for chain in plan] == ["accuracy-rare"]
    assert [c[0].question.id for c in plan_quiz(bank, covers=["q.*"])] == ["sixty-seconds", "roc-or-pr-rare"]


@pytest.mark.parametrize("kwargs, message", [
    ({"topic": "astrology"}, "topic must be one of"),
    ({"kind": "essay"}, "kind must be one of"),
    ({"level": 7}, "level must be one of"),
    ({"n": 0}, "n must be a positive integer"),
    ({"seed": 1.5}, "seed must be a non-negative integer"),
    ({"question": "roc-or-pr-rare", "topic": "thresholds"}, "not both"),
    ({"question": "no-such-question"}, "no question called 'no-such-question'"),
    ({"covers": "nothing.*"}, "no question in the bank matches covers='nothing.*'"),
    ({"minutes": 0, "rapid_fire": True}, "minutes must be a positive number"),
    ({"question": 3}, "question must be a string or a list of them, got 3"),
    ({"question": ["roc-or-pr-rare", None]}, "question must be a string or a list of them"),
    ({"topic": float("nan")}, "topic must be a string or a list of them, got nan"),
    ({"level": True}, "level must be an integer or a list of them, got True"),
    ({"covers": 5}, "covers must be a string or a list of them, got 5"),
])
def test_bad_arguments_raise_an_error_naming_the_argument(bank, kwargs, message):
    with pytest.raises(MetricInputError, match=re.escape(message)):
        quiz(bank=bank, **kwargs)


def test_quiz_accepts_a_bank_folder_and_returns_a_widget_that_displays_itself(bank_root):
    q = quiz("accuracy-rare", bank=str(bank_root))
    assert isinstance(q, Quiz) and isinstance(q.widget, widgets.VBox)
    assert hasattr(q, "_ipython_display_")
    assert q.instance.question.id == "accuracy-rare"
    assert "question 1 of 1" in text(q.status) and "score 0 / 0" in text(q.status)
    with pytest.raises(MetricInputError, match="bank must be a Bank or a folder"):
        quiz(bank=42)


# --------------------------------------------------------------------------- multiple choice


def test_choice_right_answer_is_graded_with_the_feedback_of_the_picked_option(bank):
    q = quiz("accuracy-rare", bank=bank, seed=3)
    inst = q.instance
    assert text(q.prompt).endswith(inst.prompt)
    for letter, option in zip("abc", inst.options):
        assert f"{letter}) {option}" in text(q.body.children[0])
    assert q.check_button.disabled is False and q.next_button.description == "See your score"
    assert q.rubric_button.layout.display == "none"  # only explain prompts have a rubric...
    assert q.check_button.layout.display is None and q.next_button.layout.display is None  # ...the rest shows
    q.choice.value = inst.correct_choice
    q.check_button.click()
    assert q.state.last.correct and q.state.score == 1.0 and q.state.answered == 1
    shown = text(q.feedback)
    feedback = inst.question.feedback[inst.question.correct]  # the bank's line for the right option
    assert "✓ Right" in shown and f"you picked {'abc'[inst.correct_choice]}) 0.99 {feedback}" in shown
    assert "99 of 100 frames are negatives." in feedback
    assert "The answer is" not in shown
    assert "Model answer. 99%: it is right on every negative." in shown
    assert "score 1 / 1" in text(q.status) and q.check_button.disabled


def test_choice_wrong_answer_shows_why_it_is_wrong_the_right_option_and_the_misconception(bank):
    q = quiz("roc-or-pr-rare", bank=bank, seed=5)
    inst = q.instance
    roc = inst.options.index("ROC-AUC")  # the option that shows roc-on-rare-events
    q.choice.value = roc
    q.check_button.click()
    result = q.state.last
    assert not result.correct and result.score == 0.0 and result.misconceptions == ["roc-on-rare-events"]
    assert result == grade(inst, roc)  # the engine's verdict, unchanged
    shown = text(q.feedback)
    assert "✗ Not quite" in shown
    assert f"you picked {'abcd'[roc]}) ROC-AUC ROC hides false alarms among many negatives." in shown
    right = inst.question.feedback[inst.question.correct]
    assert "recision sees every false alarm" in right
    assert f"The answer is {'abcd'[inst.correct_choice]}) PR-AUC {right}" in shown
    assert "Misconception: ROC-AUC tells the truth about a rare-event detector" in shown
    # every option's feedback is one click away
    assert shown.count("Why each option") == 1
    for line in ("Accuracy is 99% for a detector that never fires.", "They rank alike but read differently."):
        assert line in shown
    assert "score 0 / 1" in text(q.status)


def test_check_without_a_pick_asks_for_one_and_grades_nothing(bank):
    q = quiz("accuracy-rare", bank=bank)
    q.check_button.click()
    assert q.state.answered == 0 and "pick an option first" in text(q.feedback)
    q.choice.value = 0  # picking clears the complaint
    assert q.state.error == "" and text(q.feedback) == ""


def test_a_question_is_graded_once(bank):
    q = quiz("accuracy-rare", bank=bank)
    q.choice.value = q.instance.correct_choice
    q.check_button.click()
    q.choice.value = (q.instance.correct_choice + 1) % 3
    q.check_button.click()  # a disabled button's click() still fires: the quiz ignores it
    assert q.state.answered == 1 and q.state.score == 1.0


# --------------------------------------------------------------------------- follow-ups and Next


def test_follow_ups_appear_only_after_the_parent_is_answered(bank):
    q = quiz("roc-or-pr-rare", bank=bank, seed=0)
    assert q.instance.question.id == "roc-or-pr-rare"
    assert "average precision" not in text(q.prompt) and "follow-up" not in text(q.status)
    assert q.next_button.description == "Skip"
    q.choice.value = q.instance.correct_choice
    q.check_button.click()
    assert q.next_button.description == "Next"
    q.next_button.click()
    assert q.instance.question.id == "pr-baseline"
    assert "question 1 of 1 · follow-up 1" in text(q.status)
    assert "Prevalence is 2%" in text(q.prompt) and text(q.feedback) == ""
    assert q.answer_box is not None and q.choice is None


def test_skipping_moves_on_without_a_score_and_the_end_shows_a_report(bank):
    clock = FakeClock()
    q = quiz(["accuracy-rare", "recall-bug"], bank=bank, clock=clock)
    q.next_button.click()  # skip accuracy-rare
    assert q.instance.question.id == "recall-bug" and q.state.answered == 0
    q.line_picker.value = 1
    clock.t += 42
    q.check_button.click()
    q.next_button.click()
    assert q.state.finished and q.instance is None and q.next_button.disabled and q.check_button.disabled
    assert q.buttons.layout.display == "none" and q.body.children == ()
    report = text(q.prompt)
    assert "Done: 0 of 1 points (0%) in 0:42." in report
    assert "Classification 0 / 1" in report
    assert "recall-bug wrong 42 s" in report and "Skipped: accuracy-rare" in report
    assert "Misconceptions shown precision and recall swapped" in report
    assert "Review: notebook 01_confusion_matrix_and_accuracy, notebook 02_precision_recall_f1" in report
    assert q.state.skipped[0].question.id == "accuracy-rare"


# --------------------------------------------------------------------------- numeric: typed answers


def test_numeric_text_that_is_not_a_number_is_sent_back_without_grading(bank):
    q = quiz("pr-baseline", bank=bank)
    for bad in ("about two percent", "", "0.02.1"):
        q.answer_box.value = bad
        q.check_button.click()
        assert q.state.answered == 0 and not q.state.graded
        assert "answer with a number, like 0.75" in text(q.feedback)
        assert "Right" not in text(q.feedback) and "Not quite" not in text(q.feedback)
    q.answer_box.value = "2%"  # typing again clears the complaint
    assert text(q.feedback) == ""
    q.check_button.click()
    assert q.state.last.correct and q.state.last.response == pytest.approx(0.02)
    shown = text(q.feedback)
    assert "✓ Right" in shown and "Worked solution AP of a random ranking = prevalence = 0.02" in shown


def test_numeric_wrong_answer_shows_the_value_the_tolerance_and_the_worked_solution(bank):
    q = quiz("pr-baseline", bank=bank)
    q.answer_box.value = "0.5"
    q.check_button.click()
    result = q.state.last
    assert not result.correct and result.misconceptions == ["pr-baseline-half"]
    shown = text(q.feedback)
    assert "✗ Not quite" in shown and "you answered 0.5; the answer is 0.020 (graded within ±0.001)" in shown
    assert "Misconception: PR-AUC's random baseline is 0.5" in shown


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_numeric_questions_are_graded_against_the_drawn_numbers(bank, seed):
    q = quiz("precision-from-counts", bank=bank, seed=seed)
    inst = q.instance
    tp, fp, fn = (inst.values[k] for k in ("tp", "fp", "fn"))
    assert f"TP = {tp}, FP = {fp}, FN = {fn}. Precision?" in text(q.prompt)
    q.answer_box.value = f"{tp}/{tp + fp}"  # a fraction is a number too
    q.check_button.click()
    assert q.state.last.correct
    assert f"precision = {tp} / ({tp} + {fp}) = {tp / (tp + fp):.3f}" in text(q.feedback)


def test_a_numeric_answer_equal_to_a_trap_names_its_misconception(bank):
    seed = next(s for s in range(50) if abs(instantiate(bank["precision-from-counts"], s).values["recall"]
                                             - instantiate(bank["precision-from-counts"], s).answer) > 0.05)
    q = quiz("precision-from-counts", bank=bank, seed=seed)
    q.answer_box.value = f"{q.instance.values['recall']:.4f}"
    q.check_button.click()
    assert q.state.last.misconceptions == ["precision-recall-swapped"]
    assert "Misconception: precision and recall swapped" in text(q.feedback)


# --------------------------------------------------------------------------- spot the bug


def test_bug_questions_show_numbered_code_and_grade_the_picked_line(bank):
    q = quiz("recall-bug", bank=bank)
    code = q.body.children[0].value
    assert " 4 | " in html.unescape(code) and "return tp / (tp + fp)" in html.unescape(code)
    assert [label for label, _ in q.line_picker.options] == ["1", "2", "3", "4"]
    q.line_picker.value = 4
    q.check_button.click()
    assert q.state.last.correct
    assert "✓ Right — you picked line 4; the bug is on line 4." in text(q.feedback)
    assert "Fix: fn = sum(t and not p ...); return tp / (tp + fn)" in text(q.feedback)


def test_bug_wrong_line_is_not_quite_and_names_the_line_and_the_misconception(bank):
    q = quiz("recall-bug", bank=bank)
    q.line_picker.value = 2
    q.check_button.click()
    assert not q.state.last.correct and q.state.score == 0
    shown = text(q.feedback)
    assert "✗ Not quite — you picked line 2; the bug is on line 4." in shown
    assert "Misconception: precision and recall swapped" in shown
    assert "background:#fde8e8'> 4 | " in html.unescape(q.feedback.value)  # the bug line is marked


# --------------------------------------------------------------------------- explain out loud


def test_explain_prompts_show_the_rubric_on_request_then_grade_the_ticked_points(bank):
    q = quiz("sixty-seconds", bank=bank)
    assert q.rubric_checks == [] and q.check_button.disabled
    assert q.check_button.description == "Grade my answer" and q.rubric_button.layout.display is None
    assert "names the cost" not in text(q.body.children[0])  # the rubric is hidden while you talk
    q.check_button.click()
    assert q.state.answered == 0 and "show the rubric" in text(q.feedback)
    q.rubric_button.click()
    assert len(q.rubric_checks) == 4 and q.rubric_button.layout.display == "none"
    assert not q.check_button.disabled
    for box in q.rubric_checks:
        box.value = True
    q.check_button.click()
    assert q.state.last.correct and q.state.last.score == 1.0
    shown = text(q.feedback)
    assert "You covered 4 of 4 key points (score 1.00; 0.75 counts as a pass)." in shown
    assert "Say next time" not in shown
    assert "Model answer. Costs first, then recall at a fixed level" in shown


def test_explain_with_missed_points_scores_the_share_and_lists_what_to_say_next_time(bank):
    q = quiz("sixty-seconds", bank=bank)
    q.rubric_button.click()
    q.rubric_checks[1].value = True
    q.rubric_checks[3].value = True
    q.check_button.click()
    result = q.state.last
    assert not result.correct and result.score == 0.5 and result.misconceptions == []  # self-graded: no guess
    shown = text(q.feedback)
    assert "You covered 2 of 4 key points (score 0.50" in shown
    assert "Say next time: names the cost of each error first picks the threshold from costs" in shown
    assert "score 0.5 / 1" in text(q.status)


# --------------------------------------------------------------------------- rapid fire and the clock


def test_rapid_fire_shows_the_count_and_the_time_budget_and_ends_when_time_is_up(bank):
    clock = FakeClock(500.0)
    q = quiz(rapid_fire=True, minutes=5, seed=1, bank=bank, clock=clock)
    kinds = {inst.question.kind for chain in q.state.chains for inst in chain[:1]}
    assert kinds <= {"choice", "numeric", "bug"}  # quick questions only
    n = len(q.state.chains)
    assert n == 4 and f"Rapid fire · question 1 of {n} · score 0 / 0 · 5:00 left of 5:00" == text(q.status)
    clock.t += 100
    q.respond(model_response(q.instance))
    assert "score 1 / 1 · 3:20 left of 5:00" in text(q.status)
    q.next_button.click()
    clock.t += 250  # 350 s in: over the budget
    q.respond(model_response(q.instance))  # an answer given late still counts...
    assert q.state.answered == 2 and "time's up" in text(q.status)
    assert q.next_button.description == "See your score"
    q.next_button.click()  # ... but the round ends
    assert q.state.finished and q.state.time_up
    assert "Done: 2 of 2 points (100%) in 5:50 — time's up." in text(q.prompt)


def test_rapid_fire_defaults_to_five_minutes_and_ten_questions_from_the_course_bank():
    q = quiz(rapid_fire=True, seed=0, clock=FakeClock())
    assert q.state.budget == 300.0 and len(q.state.chains) == min(10, len(
        load_bank().select(kinds=["choice", "numeric", "bug"])))
    assert "5:00 left of 5:00" in text(q.status)


def test_an_untimed_quiz_shows_no_clock(bank):
    q = quiz(topic="classification", n=2, seed=0, bank=bank, clock=FakeClock())
    assert "left of" not in text(q.status) and q.state.budget is None


# --------------------------------------------------------------------------- the pure state


def test_the_state_functions_grade_time_and_advance_without_widgets(bank):
    plan = plan_quiz(bank, ["accuracy-rare", "roc-or-pr-rare"], seed=2)
    s = start_quiz(plan, now=10.0, budget=60.0)
    s = answer_quiz(s, "z", now=11.0)  # not an option letter: not graded
    assert s.answered == 0 and s.error.startswith("answer with an option")
    s = answer_quiz(s, s.current.correct_choice, now=15.0)
    assert s.last.correct and s.answers[0].seconds == 5.0 and s.time_left == 55.0
    assert answer_quiz(s, 0, now=16.0).answers == s.answers  # graded once
    s = next_question(s, now=20.0)
    wrong = next(i for i in range(4) if i != s.current.correct_choice)
    s = answer_quiz(s, wrong, now=30.0)
    s = next_question(s, now=31.0)
    assert s.current.question.id == "pr-baseline" and s.answers[-1].seconds == 10.0
    s = answer_quiz(s, "0.5", now=40.0)
    assert s.by_topic() == {"classification": (1.0, 1), "thresholds": (0.0, 2)}
    assert s.misconceptions() == [m for m in s.answers[1].result.misconceptions] + ["pr-baseline-half"]
    s = next_question(s, now=71.0)  # 61 s in: over the 60 s budget
    assert s.finished and s.current is None and s.time_up
    assert next_question(s, now=80.0).finished


def test_model_response_gets_full_marks_on_every_kind_through_the_widget(bank):
    for q in bank:
        for seed in (0, 1):
            widget = quiz(q.id, bank=bank, seed=seed)
            while widget.instance is not None:
                result = widget.respond(model_response(widget.instance))
                assert result is not None and result.correct and result.score == 1.0, widget.instance.question.id
                widget.next_button.click()
            assert widget.state.score == widget.state.answered


# --------------------------------------------------------------------------- the course's own bank


def test_every_question_of_the_course_bank_renders_and_grades_in_the_widget():
    bank = load_bank()
    assert len(bank) > 0
    for q in bank:
        widget = quiz(q.id, bank=bank, seed=0)
        inst = widget.instance
        opening = " ".join(re.sub(r"[`*]", "", inst.prompt).split())[:40]
        assert opening in text(widget.prompt), q.id
        result = widget.respond(model_response(inst))
        assert result.correct, q.id
        assert "Model answer." in text(widget.feedback), q.id


# --------------------------------------------------------------------------- controls and review


def test_the_controls_lock_once_the_answer_is_graded(bank):
    q = quiz("pr-baseline", bank=bank)
    assert not q.answer_box.disabled
    q.answer_box.value = "0.02"
    q.check_button.click()
    assert q.answer_box.disabled and q.check_button.disabled


def test_graded_answers_go_to_the_review_queue_of_the_learners_folder(bank, tmp_path):
    pytest.importorskip("fsrs", reason="the review queue is scheduled by fsrs")
    from mlmetrics_edu.interview.review import ReviewStore

    q = quiz(["accuracy-rare", "recall-bug"], bank=bank, review=str(tmp_path))
    q.choice.value = q.instance.correct_choice
    q.check_button.click()
    q.next_button.click()
    q.line_picker.value = 1  # wrong: shows precision-recall-swapped
    q.check_button.click()
    store = ReviewStore(tmp_path)  # read back from the file
    assert "q:accuracy-rare" in store and "q:recall-bug" in store
    assert "m:precision-recall-swapped" in store
    assert "q:roc-or-pr-rare" not in store


def test_a_quiz_without_review_writes_nothing(bank, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    q = quiz("accuracy-rare", bank=bank)
    q.respond(0)
    assert list(tmp_path.iterdir()) == []


def test_bank_text_keeps_code_bold_and_line_breaks_and_escapes_the_rest():
    from mlmetrics_edu.widgets.quiz import _text

    assert _text("if `p < 0.5` then **no**\nelse") == "if <code>p &lt; 0.5</code> then <b>no</b><br>else"
    fenced = _text("look:\n```python\nreturn tp / (tp + fp)\n```")
    assert "<pre" in fenced and "return tp / (tp + fp)</pre>" in fenced and "python" not in fenced
    assert _text("a lone ` tick & <tag>") == "a lone ` tick &amp; &lt;tag&gt;"
