"""Issue 22.5: the interview API refuses bad input with one clear error naming the argument or
the file and question -- BankError for the bank's files, AnswerError for an answer to ask again,
MetricInputError for a wrong argument -- never a bare TypeError, KeyError or OverflowError."""

from __future__ import annotations

import math
import time
from datetime import datetime, timezone

import pytest

from mlmetrics_edu import MetricInputError
from mlmetrics_edu.interview.bank import (AnswerError, BankError, Result, grade, instantiate,
                                          instantiate_chain, load_bank)
from mlmetrics_edu.interview.kinds import kind_of
from mlmetrics_edu.interview.planner import PlanError, plan
from mlmetrics_edu.interview.review import ReviewStore
from mlmetrics_edu.interview.session import plan_session
from mlmetrics_edu.interview.schedule import as_rating, rating_for
from test_interview_bank import GOOD_ANSWERS, GOOD_QUESTIONS, SYLLABUS, make_bank

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return make_bank(tmp_path_factory.mktemp("bank"))


# --------------------------------------------------------------------------- load_bank


def test_a_missing_folder_is_refused_not_read_as_an_empty_bank(tmp_path):
    with pytest.raises(BankError, match="no such folder"):
        load_bank(str(tmp_path / "nowhere"))


def test_a_file_is_refused_as_the_bank_folder(tmp_path):
    (tmp_path / "f.toml").write_text("x = 1\n")
    with pytest.raises(BankError, match="is a file, not a folder"):
        load_bank(str(tmp_path / "f.toml"))


def test_a_folder_without_the_question_bank_is_refused(tmp_path):
    with pytest.raises(BankError, match="no drills/questions folder"):
        load_bank(str(tmp_path))


@pytest.mark.parametrize("root", [3, 2.5, b"bank", ["a"], {"a": 1}, "", "a\0b"])
def test_a_non_path_root_is_refused_naming_root(root):
    with pytest.raises(BankError, match="root"):
        load_bank(root)


def test_invalid_utf8_names_the_file(tmp_path):
    root = tmp_path / "content"
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "drills" / "questions" / "clf.toml").write_bytes(b'topic = "classification"\nx = "\xff\xfe"\n')
    with pytest.raises(BankError, match="clf.toml: not UTF-8"):
        load_bank(str(root))


FIXED = GOOD_QUESTIONS + '''
[[question]]
id = "fixed-one"
kind = "numeric"
difficulty = 1
covers = ["clf.precision-recall"]
prompt = "What is half of one?"
tolerance = 0.01
'''
FIXED_ANSWER = GOOD_ANSWERS + '''
[[answer]]
id = "fixed-one"
explanation = "Half."
solution = "1 / 2 = {answer}"
answer = 0.5
'''


@pytest.mark.parametrize("change, message", [
    (("tolerance = 0.01", 'tolerance = "x"'), "tolerance must be a number"),
    (("tolerance = 0.01", "tolerance = nan"), "tolerance must be a finite number"),
    (("tolerance = 0.01", "tolerance = inf"), "tolerance must be a finite number"),
    (("tolerance = 0.01", "decimals = \"3\""), "decimals must be an integer"),
    (('misconceptions = ["swapped"]', 'misconceptions = "x"'), "misconceptions must be a list of strings"),
    (('[misconceptions]\nswapped = "precision and recall swapped"', 'misconceptions = 3'),
     "[misconceptions] must be a table"),
])
def test_a_malformed_question_field_names_the_file_and_the_field(tmp_path, change, message):
    assert change[0] in FIXED
    with pytest.raises(BankError, match="clf.toml") as err:
        make_bank(tmp_path, questions=FIXED.replace(*change), answers=FIXED_ANSWER)
    assert message in str(err.value)


def test_questions_that_are_not_tables_are_refused_naming_the_file(tmp_path):
    with pytest.raises(BankError, match=r"clf.toml: question must be a list of \[\[question\]\] tables"):
        make_bank(tmp_path, questions='topic = "classification"\nquestion = "x"\n', answers="")


@pytest.mark.parametrize("change, message", [
    (("answer = 0.5", "answer = nan"), "answer must be a finite number"),
    (("answer = 0.5", "answer = true"), "needs answer = <number>"),
    (("answer = 0.5", 'answer = "0.5"'), "needs answer = <number>"),
    (("traps = { recall = \"swapped\" }", "traps = \"swapped\""), "traps must be a table"),
])
def test_a_malformed_answer_field_names_the_question(tmp_path, change, message):
    assert change[0] in FIXED_ANSWER
    with pytest.raises(BankError) as err:
        make_bank(tmp_path, questions=FIXED, answers=FIXED_ANSWER.replace(*change))
    assert message in str(err.value) and "question '" in str(err.value)


def test_a_syllabus_item_without_an_id_is_refused_naming_the_file(tmp_path):
    root = tmp_path / "content"
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    (root / "drills" / "questions" / "syllabus.toml").write_text(SYLLABUS + '\n[[item]]\ntext = "no id"\n')
    with pytest.raises(BankError, match=r"syllabus.toml: \[\[item\]\] number 2 has no id"):
        load_bank(str(root))


# --------------------------------------------------------------------------- instantiate, chain, select


@pytest.mark.parametrize("seed", ["x", -1, math.nan, math.inf, 1.5, True, None])
def test_a_bad_seed_gets_the_package_message(small, seed):
    with pytest.raises(MetricInputError, match="seed must be a non-negative integer"):
        instantiate(small["pick-one"], seed)


@pytest.mark.parametrize("q", ["pick-one", None, 3, ["pick-one"]])
def test_instantiate_wants_a_question(q):
    with pytest.raises(MetricInputError, match="q must be a Question"):
        instantiate(q)


def test_instantiate_chain_wants_questions(small):
    with pytest.raises(MetricInputError, match="questions must be a list of Questions"):
        instantiate_chain(small["pick-one"])
    with pytest.raises(MetricInputError, match="Question"):
        instantiate_chain(["pick-one"])


@pytest.mark.parametrize("qid, error, match", [
    (3, MetricInputError, "question id must be a str"),
    (["pick-one"], MetricInputError, "question id must be a str"),
    (None, MetricInputError, "question id must be a str"),
    ("nope", KeyError, "no question called 'nope'"),
])
def test_chain_and_lookup_name_the_bad_id(small, qid, error, match):
    with pytest.raises(error, match=match):
        small.chain(qid)


@pytest.mark.parametrize("kwargs, match", [
    ({"topics": "classification"}, r"topics must be None or a list of names.*\['classification'\]"),
    ({"topics": ["nope"]}, "topics holds 'nope'"),
    ({"topics": 3}, "topics must be None or a list"),
    ({"levels": [7]}, "levels holds 7"),
    ({"levels": ["1"]}, "levels holds '1'"),
    ({"kinds": ["quiz"]}, "kinds holds 'quiz'"),
    ({"standalone": "yes"}, "standalone must be True or False"),
    ({"tasks": None}, "tasks must be True or False"),
])
def test_select_refuses_a_filter_it_cannot_apply(small, kwargs, match):
    with pytest.raises(MetricInputError, match=match):
        small.select(**kwargs)


def test_select_with_good_filters_still_works(small):
    assert [q.id for q in small.select(topics=("classification",), levels={1, 3}, kinds=["choice", "explain"])] \
        == ["pick-one", "say-it"]


# --------------------------------------------------------------------------- grade


@pytest.fixture(scope="module")
def numeric(small):
    return instantiate_chain(small.chain("pick-one"), seed=0)[1]


@pytest.mark.parametrize("response", [10**400, "1" * 10**6, "9" * 5000, "x" * 2_000_000, -(10**400)])
def test_an_enormous_number_is_asked_again_not_a_crash(numeric, response):
    with pytest.raises(AnswerError, match="answer with"):
        grade(numeric, response)


@pytest.mark.parametrize("response", [None, [0.5], {"a": 1}, object(), b"0.5", True])
def test_a_response_of_the_wrong_type_is_asked_again(numeric, response):
    with pytest.raises(AnswerError):
        grade(numeric, response)


def test_a_number_type_still_grades(numeric):
    assert grade(numeric, numeric.answer).correct


@pytest.mark.parametrize("inst", [None, "x", 3])
def test_grade_wants_an_instance(inst):
    with pytest.raises(MetricInputError, match="inst must be an Instance"):
        grade(inst, 0)


def test_grade_wants_typed_text(small):
    inst = instantiate(small["say-it"])
    with pytest.raises(MetricInputError, match="typed must be a str"):
        grade(inst, [True, True, True], typed=5)


@pytest.mark.parametrize("response", ["z", "9" * 5000, "x" * 2_000_000, 10**400, None, 2.0])
def test_a_choice_answer_that_is_no_option_is_asked_again(small, response):
    with pytest.raises(AnswerError, match="answer with an option"):
        grade(instantiate(small["pick-one"]), response)


# --------------------------------------------------------------------------- review store and ratings


@pytest.mark.parametrize("result", [None, "right", 1, 0.5, {"correct": True}])
def test_rating_for_wants_a_result_or_a_bool(result):
    with pytest.raises(MetricInputError, match="result must be a graded Result"):
        rating_for(result)


@pytest.mark.parametrize("rating", ["meh", 0, 5, None, 2.5, True])
def test_a_rating_outside_again_hard_good_easy_is_refused(rating):
    with pytest.raises(MetricInputError, match="rating must be one of Again, Hard, Good, Easy"):
        as_rating(rating)


@pytest.mark.parametrize("folder", [3, None, b"x", "", "a\0b"])
def test_review_store_wants_a_folder_path(folder):
    with pytest.raises(MetricInputError, match="folder must be a folder path"):
        ReviewStore(folder)


def test_review_store_refuses_a_file_as_its_folder(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(MetricInputError, match="is a file"):
        ReviewStore(tmp_path / "f")


RIGHT = Result(True, 1.0, "", "")


@pytest.mark.parametrize("args, kwargs, match", [
    ((3, RIGHT), {"topic": "x", "misconceptions": []}, "question_id must be"),
    (("q", None), {"topic": "x", "misconceptions": []}, "result must be a graded Result"),
    (("q", RIGHT), {"topic": 3, "misconceptions": []}, "topic must be a str"),
    (("q", RIGHT), {"topic": "x", "misconceptions": "swapped"}, r"misconceptions must be a list.*\['swapped'\]"),
    (("q", RIGHT), {"topic": "x", "misconceptions": [3]}, "misconceptions must be a list"),
    (("q", RIGHT), {"topic": "x", "misconceptions": [], "when": "today"}, "when must be a datetime"),
    (("q", RIGHT), {"topic": "x", "misconceptions": [], "rating": "meh"}, "rating must be one of"),
    (("q", RIGHT), {"topic": "x", "misconceptions": [], "typed": 5}, "typed must be a str"),
])
def test_record_question_names_the_bad_argument(tmp_path, args, kwargs, match):
    store = ReviewStore(tmp_path)
    with pytest.raises(MetricInputError, match=match):
        store.record_question(*args, **kwargs)
    assert len(store) == 0


def test_record_question_takes_misconceptions_from_any_iterable(tmp_path):
    store = ReviewStore(tmp_path)
    store.record_question("q", Result(False, 0.0, "", ""), topic="x", misconceptions=(m for m in ["swapped"]), when=T0)
    assert "m:swapped" in store


def test_a_malformed_history_entry_does_not_break_the_queue(tmp_path):
    store = ReviewStore(tmp_path)
    store.record_question("q", RIGHT, topic="x", misconceptions=[], when=T0)
    for history in ([[]], ["x"], [["2026-05-01"]], "nonsense", [[1, 2]]):
        store.progress.data["review"]["q:q"]["history"] = history
        assert store.items()[0].last_rating is None


# --------------------------------------------------------------------------- grade: hostile strings, fast


@pytest.mark.parametrize("response", ["1" * 10**6, "1e400", "-1e400", "10**400", "x" * 2_000_000, "0.5\0", "\0",
                                      "--5", "nan", "inf", "-inf", "Infinity", "1e308/1e-308", "1/0", "0x10"])
def test_a_hostile_numeric_answer_is_asked_again_quickly(numeric, response):
    """Never OverflowError, never int()'s digit limit, never a hang: an AnswerError at once."""
    started = time.perf_counter()
    with pytest.raises(AnswerError, match="answer with|divide by zero"):
        grade(numeric, response)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("response, shown", [("1e-400", "0"), ("9" * 99, "1e+99")])
def test_an_extreme_but_readable_number_is_graded_wrong(numeric, response, shown):
    result = grade(numeric, response)
    assert not result.correct and f"you answered {shown}" in result.feedback


@pytest.mark.parametrize("response", ["1" * 10**6, "x" * 2_000_000, "\0", "--5", "nan", "1e400"])
def test_a_hostile_pick_is_asked_again_quickly(small, response):
    for qid, what in (("pick-one", "an option"), ("find-it", "a line number")):
        started = time.perf_counter()
        with pytest.raises(AnswerError, match=f"answer with {what}"):
            grade(instantiate(small[qid]), response)
        assert time.perf_counter() - started < 0.2


def test_a_typed_explain_answer_longer_than_a_page_is_asked_again(small):
    inst = instantiate(small["say-it"])
    marks = [True] * len(small["say-it"].rubric)
    with pytest.raises(AnswerError, match="that answer is 2,000,000 characters long; say the key points in at most"):
        grade(inst, marks, typed="x" * 2_000_000)
    assert grade(inst, marks, typed="y" * 10_000).response   # at the limit it is graded
    assert kind_of(small["say-it"]).covered(inst, "x" * 2_000_000) is None   # no opinion, no hang


# --------------------------------------------------------------------------- the planner


@pytest.mark.parametrize("kwargs, match", [
    ({"seed": None}, "seed must be a non-negative integer, got None"),
    ({"seed": "1"}, "seed must be a non-negative integer, got '1'"),
    ({"seed": 1.5}, "seed must be a non-negative integer"),
    ({"seed": -1}, "seed must be a non-negative integer"),
    ({"n": 0}, "n must be None or an integer >= 1, got 0"),
    ({"n": "2"}, "n must be None or an integer >= 1"),
    ({"minutes": "x"}, "minutes must be a finite number > 0, got 'x'"),
    ({"minutes": -5}, "minutes must be a finite number > 0"),
    ({"minutes": math.nan}, "minutes must be a finite number > 0"),
    ({"drill_seconds": "x"}, "drill_seconds must be a finite number >= 0"),
    ({"topics": "classification"}, r"topics must be None or a list.*\['classification'\]"),
    ({"questions": "pick-one"}, r"questions must be None or a list.*\['pick-one'\]"),
    ({"questions": [3]}, "question id must be a str"),
    ({"kinds": "choice"}, "kinds must be None or a list"),
    ({"levels": [7]}, "levels holds 7"),
])
def test_the_planner_names_the_bad_argument(small, kwargs, match):
    with pytest.raises(MetricInputError, match=match):
        plan(small, **kwargs)


def test_the_planner_wants_a_bank():
    with pytest.raises(MetricInputError, match="bank must be a Bank"):
        plan("bank")


@pytest.mark.parametrize("minutes", ["x", None, math.nan, math.inf, 0, -1, True])
def test_plan_session_names_bad_minutes(small, minutes):
    with pytest.raises(PlanError, match="minutes must be a positive finite number"):
        plan_session(small, minutes)


# --------------------------------------------------------------------------- the review store, more


def test_a_naive_datetime_is_refused_with_the_package_error(tmp_path):
    store = ReviewStore(tmp_path)
    with pytest.raises(MetricInputError, match="when must be timezone-aware"):
        store.record_question("q", RIGHT, topic="x", misconceptions=[], when=datetime(2026, 5, 1))
    with pytest.raises(MetricInputError, match="now must be timezone-aware"):
        store.due(datetime(2026, 5, 1))


@pytest.mark.parametrize("call, match", [
    (lambda s: s.due(now="today"), "now must be a datetime or None"),
    (lambda s: s.due(T0, limit="3"), "limit must be None or an integer >= 0"),
    (lambda s: s.due(T0, limit=-1), "limit must be None or an integer >= 0"),
    (lambda s: s.upcoming(now=5), "now must be a datetime or None"),
    (lambda s: s.review(3, "Good", T0), "key must be a review key"),
    (lambda s: s.review("q:q", "meh", T0), "rating must be one of"),
    (lambda s: s.review("q:q", "Good", "today"), "now must be a datetime"),
    (lambda s: s.record_drill(None, False), "drill_id must be a non-empty str"),
    (lambda s: s.record_drill("precision", "no"), "passed must be True or False"),
    (lambda s: s.record_drill("precision", False, todo=None), "todo must be True or False"),
    (lambda s: s.record_drill("precision", False, misconception=3), "misconception must be a non-empty str"),
    (lambda s: s.record_drill("precision", False, when="today"), "when must be a datetime"),
])
def test_the_review_store_names_the_bad_argument(tmp_path, call, match):
    store = ReviewStore(tmp_path)
    store.record_question("q", RIGHT, topic="x", misconceptions=[], when=T0)
    with pytest.raises(MetricInputError, match=match):
        call(store)
    assert store.progress.data["drills"] == {}


# --------------------------------------------------------------------------- the session


@pytest.fixture
def session(small):
    from mlmetrics_edu.interview.session import Session

    return Session(plan(small, questions=["pick-one"], seed=0), small)


@pytest.mark.parametrize("call, match", [
    (lambda s, item: s.answer(None, "a", 1.0), "item must be an Item of the plan"),
    (lambda s, item: s.answer(item.question, "a", 1.0), r"item must be an Item of the plan \(from next_item\), got Question"),
    (lambda s, item: s.answer(item, "a", "10s"), "seconds must be a finite number"),
    (lambda s, item: s.answer(item, "a", math.nan), "seconds must be a finite number"),
    (lambda s, item: s.skip(item, None), "seconds must be a finite number"),
    (lambda s, item: s.record(item, "right", 1.0), "result must be a Result"),
])
def test_the_session_names_the_bad_argument(session, call, match):
    item = session.next_item()
    with pytest.raises(MetricInputError, match=match):
        call(session, item)
    assert session.answers == []


@pytest.mark.parametrize("not_an_instance", [None, "q", 3, {"question": "x"}])
def test_model_response_refuses_what_is_not_an_instance(not_an_instance):
    from mlmetrics_edu.interview.bank import model_response

    with pytest.raises(MetricInputError, match="inst must be an Instance"):
        model_response(not_an_instance)
