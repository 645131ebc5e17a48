"""Spaced review: the shared progress file, the fsrs queue and ``mlmetrics-edu review``."""

import io
import json
import random
import re
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from mlmetrics_edu.drill.progress import FILENAME, LEGACY_FILENAME, Progress, progress_report
from mlmetrics_edu.drill.spec import answer_path, get_drill, load_drills
from mlmetrics_edu.interview.bank import Result, load_bank
from mlmetrics_edu.interview.review import ReviewStore, rating_for
from mlmetrics_edu.cli.review import main

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
RIGHT = Result(correct=True, score=1.0, feedback="", explanation="")
WRONG = Result(correct=False, score=0.0, feedback="", explanation="", misconceptions=["acc-rare"])
MIN = timedelta(minutes=1)
DAY = timedelta(days=1)


def fsrs_replay(scheduler, reviews):
    """Replay ``[(key, rating, when), ...]`` with fsrs directly: ``{key: due}``."""
    cards = {}
    for key, rating, when in reviews:
        card = cards.get(key) or Card(card_id=1, due=when)
        cards[key], _ = scheduler.review_card(card, rating, review_datetime=when)
    return {key: card.due for key, card in cards.items()}


# --------------------------------------------------------------------------- the scheduler


def test_the_store_uses_the_fsrs_library_defaults(tmp_path):
    assert ReviewStore(tmp_path).scheduler == Scheduler()


def test_due_dates_and_order_are_exactly_what_fsrs_computes(tmp_path):
    """Days of answers through the store, then the same reviews replayed with fsrs itself."""
    partial = Result(correct=True, score=0.75, feedback="", explanation="")
    plan = [  # (question, result, when)
        ("auc", WRONG, T0), ("ece", RIGHT, T0), ("mae", partial, T0 + MIN),
        ("auc", RIGHT, T0 + 2 * MIN), ("ece", RIGHT, T0 + 12 * MIN), ("mae", RIGHT, T0 + 15 * MIN),
        ("auc", RIGHT, T0 + 13 * MIN), ("ece", RIGHT, T0 + 4 * DAY), ("auc", WRONG, T0 + 5 * DAY),
        ("mae", RIGHT, T0 + 6 * DAY), ("auc", RIGHT, T0 + 5 * DAY + 11 * MIN), ("ece", RIGHT, T0 + 20 * DAY),
    ]
    random.seed(1234)  # fsrs fuzzes long intervals with the global `random`
    store = ReviewStore(tmp_path)
    for qid, result, when in plan:
        store.record_question(qid, result, topic="thresholds", misconceptions=[], when=when)
    store.save()
    random.seed(1234)
    expected = fsrs_replay(Scheduler(), [(f"q:{qid}", rating_for(r), when) for qid, r, when in plan])
    reloaded = ReviewStore(tmp_path)
    got = {item.key: item.due for item in reloaded.items()}
    assert got == expected
    assert [item.key for item in reloaded.items()] == sorted(expected, key=lambda k: (expected[k], k))
    # far in the future everything is due, in fsrs's order; at T0 + 20 days only what fsrs says
    now = T0 + 20 * DAY + MIN
    assert [i.key for i in reloaded.due(now)] == [k for k in sorted(expected, key=expected.get)
                                                  if expected[k] <= now]


def test_the_ratings_follow_the_documented_mapping():
    assert rating_for(WRONG) == Rating.Again
    assert rating_for(RIGHT) == Rating.Good
    assert rating_for(Result(True, 0.75, "", "")) == Rating.Hard   # an explain rubric, partly
    assert rating_for(False) == Rating.Again and rating_for(True) == Rating.Good


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(tmp_path):
    store = ReviewStore(tmp_path, scheduler=Scheduler(enable_fuzzing=False))
    store.record_question("wrong-once", WRONG, topic="t", misconceptions=[], when=T0)
    store.record_question("right", RIGHT, topic="t", misconceptions=[], when=T0)
    assert store.item("q:wrong-once").due < store.item("q:right").due
    # and after days of reviews: a lapse keeps an item closer than a clean record
    for day in (1, 2, 5, 12):
        when = T0 + day * DAY
        store.review("q:wrong-once", Rating.Again if day == 5 else Rating.Good, when)
        store.review("q:right", Rating.Good, when)
    assert store.item("q:wrong-once").due < store.item("q:right").due
    assert store.item("q:wrong-once").lapses == 2 and store.item("q:right").lapses == 0


def test_misconceptions_shown_are_queued_and_rated_again(tmp_path):
    store = ReviewStore(tmp_path)
    store.record_question("q1", WRONG, topic="classification", misconceptions=WRONG.misconceptions, when=T0)
    store.record_question("q2", RIGHT, topic="classification", misconceptions=[], when=T0)
    item = store.item("m:acc-rare")
    assert item.kind == "misconception" and item.last_rating == "Again" and item.due == T0 + MIN
    assert store.item("q:q1").topic == "classification"
    assert [i.key for i in store.due(T0 + MIN)] == ["m:acc-rare", "q:q1"]
    assert store.due(T0 + MIN, limit=1)[0].key == "m:acc-rare"
    assert store.due(T0) == []


def test_times_must_be_timezone_aware_and_keys_known(tmp_path):
    store = ReviewStore(tmp_path)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record_question("q1", RIGHT, topic="t", misconceptions=[], when=datetime(2026, 1, 1))
    with pytest.raises(KeyError, match="not in the review queue"):
        store.review("q:never-asked", Rating.Good, T0)
    # another time zone is fine: it is converted to UTC
    store.record_question("q1", RIGHT, topic="t", misconceptions=[],
                          when=T0.astimezone(timezone(timedelta(hours=2))))
    assert store.item("q:q1").due.tzinfo == timezone.utc


# --------------------------------------------------------------------------- the progress file


def test_the_file_is_one_readable_json_shared_by_drills_and_review(tmp_path):
    progress = Progress(tmp_path)
    progress.record("accuracy", True, when=T0)
    store = ReviewStore(tmp_path)
    store.record_question("q1", RIGHT, topic="t", misconceptions=[], when=T0)
    store.save()
    text = (tmp_path / FILENAME).read_text()
    assert text.startswith('{\n  "drills": {') and text.endswith("}\n")
    data = json.loads(text)
    assert data["version"] == 2 and data["drills"]["accuracy"]["passes"] == 1
    assert data["review"]["q:q1"]["card"]["due"].startswith("2026-03-02T09:10")
    assert [p.name for p in tmp_path.iterdir()] == [FILENAME]       # no temporary files left


def test_a_corrupt_file_is_backed_up_and_recreated(tmp_path, capsys):
    (tmp_path / FILENAME).write_text('{"drills": {"accuracy": {"attempts": 2, "pas')
    store = ReviewStore(tmp_path)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unreadable" in err and f"{FILENAME}.bak" in err
    assert (tmp_path / f"{FILENAME}.bak").read_text().endswith('"pas')
    assert json.loads((tmp_path / FILENAME).read_text())["drills"] == {}
    store.record_question("q1", RIGHT, topic="t", misconceptions=[], when=T0)
    store.save()
    assert "q:q1" in ReviewStore(tmp_path)
    # a second corruption keeps the first backup
    (tmp_path / FILENAME).write_text("[1, 2]")
    Progress(tmp_path)
    assert (tmp_path / f"{FILENAME}.bak2").read_text() == "[1, 2]"
    assert "expected a JSON object" in capsys.readouterr().err


def test_a_partly_broken_file_keeps_its_valid_entries(tmp_path, capsys):
    good = ReviewStore(tmp_path)
    good.record_question("kept", RIGHT, topic="t", misconceptions=[], when=T0)
    good.save()
    data = json.loads((tmp_path / FILENAME).read_text())
    data["review"]["q:broken"] = {"card": {"due": "yesterday"}}
    data["drills"]["accuracy"] = {"attempts": 1, "passes": 0, "hints": 0}
    (tmp_path / FILENAME).write_text(json.dumps(data))
    store = ReviewStore(tmp_path)
    assert "q:broken" in capsys.readouterr().err
    assert "q:kept" in store and "q:broken" not in store
    assert store.progress.entry("accuracy")["attempts"] == 1


def _stored(folder, key="q:kept"):
    """A progress file holding one review entry, as a dict to spoil and write back."""
    store = ReviewStore(folder)
    store.record_question(key[2:], WRONG, topic="t", misconceptions=[], when=T0)
    store.save()
    return json.loads((folder / FILENAME).read_text())


BAD_CARDS = {  # what the file says -> the problem the warning names
    "stability": (-5, "the card's stability is -5.0, not a positive number"),
    "difficulty": (float("nan"), "the card's difficulty is nan, not a positive number"),
    "step": ("x", "the card's step is not a count"),
    "state": (9, "the card cannot be read (ValueError: 9 is not a valid State)"),
    "due": (5, "the card cannot be read (TypeError"),
    "last_review": ("2026-05-01T09:00:00", "the last review date has no time zone"),
}


@pytest.mark.parametrize("field", BAD_CARDS)
def test_a_card_the_scheduler_could_not_use_is_set_aside_when_the_file_is_loaded(tmp_path, capsys, field):
    """Checked on loading, not when fsrs meets it mid-review (a negative stability crashed it)."""
    data = _stored(tmp_path)
    value, problem = BAD_CARDS[field]
    data["review"]["q:kept"]["card"][field] = value
    data["review"]["q:other"] = _stored(tmp_path / "other", "q:other")["review"]["q:other"]
    (tmp_path / FILENAME).write_text(json.dumps(data))
    store = ReviewStore(tmp_path)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path / FILENAME) in err and problem in err, err
    assert "q:kept" not in store and "q:other" in store
    store.review("q:other", "Good", T0 + DAY)   # what is left schedules


def test_a_relearning_card_without_its_step_or_a_review_card_without_stability_is_set_aside(tmp_path, capsys):
    data = _stored(tmp_path)
    card = data["review"]["q:kept"]["card"]
    for changes, problem in (({"state": 3, "step": None}, "needs its step"),
                             ({"state": 2, "stability": None}, "needs its stability and difficulty")):
        (tmp_path / FILENAME).write_text(json.dumps(dict(data, review={"q:kept": {**data["review"]["q:kept"],
                                                                                "card": {**card, **changes}}})))
        assert "q:kept" not in ReviewStore(tmp_path)
        assert problem in capsys.readouterr().err


@pytest.mark.parametrize("changes", [{"reviews": True}, {"lapses": -1}, {"topic": 7}, {"typed": ["x"]}],
                         ids=["reviews-bool", "lapses-negative", "topic-int", "typed-list"])
def test_an_entry_field_of_the_wrong_type_is_set_aside(tmp_path, capsys, changes):
    data = _stored(tmp_path)
    data["review"]["q:kept"].update(changes)
    (tmp_path / FILENAME).write_text(json.dumps(data))
    assert "q:kept" not in ReviewStore(tmp_path)
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("history, left", [
    ([None, 3, ["x"], ["2026-05-01T09:00:00+00:00", "Meh"], ["2026-05-01T09:00:00", "Good"],
      ["2026-05-01T09:00:00+00:00", "Good"]], 1),
    ("not a list", 0),
], ids=["bad-rows", "not-a-list"])
def test_malformed_history_rows_are_dropped_and_the_entry_and_its_schedule_kept(tmp_path, capsys, history, left):
    data = _stored(tmp_path)
    due = data["review"]["q:kept"]["card"]["due"]
    data["review"]["q:kept"]["history"] = history
    (tmp_path / FILENAME).write_text(json.dumps(data))
    store = ReviewStore(tmp_path)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "history" in err and f"{FILENAME}.bak" in err
    assert store.progress.data["review"]["q:kept"]["history"] == [["2026-05-01T09:00:00+00:00", "Good"]][:left]
    assert store.item("q:kept").due.isoformat() == due
    store.review("q:kept", "Good", T0 + DAY)
    store.save()
    assert ReviewStore(tmp_path).item("q:kept").last_rating == "Good" and capsys.readouterr().err == ""


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    progress = Progress(tmp_path)
    progress.record("accuracy", False, when=T0)
    before = (tmp_path / FILENAME).read_text()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("mlmetrics_edu.drill.progress.os.replace", crash)
    with pytest.raises(KeyboardInterrupt):
        progress.record("precision", False, when=T0)
    assert (tmp_path / FILENAME).read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == [FILENAME]


def test_two_processes_writing_the_same_folder_keep_each_others_work(tmp_path):
    watch, interview = Progress(tmp_path), ReviewStore(tmp_path)   # both loaded the empty file
    watch.record("accuracy", True, when=T0)
    interview.record_question("q1", WRONG, topic="t", misconceptions=[], when=T0)
    interview.save()
    watch.saw_hint("precision", 2)
    data = json.loads((tmp_path / FILENAME).read_text())
    assert set(data["drills"]) == {"accuracy", "precision"} and "q:q1" in data["review"]


def test_the_old_drill_progress_file_is_migrated(tmp_path):
    old = {"version": 1, "drills": {"recall": {"attempts": 3, "passes": 1, "hints": 2,
                                               "last_attempt": "2026-01-01T10:00:00+00:00"}}}
    (tmp_path / LEGACY_FILENAME).write_text(json.dumps(old))
    progress = Progress(tmp_path)
    assert progress.passed("recall") and progress.hint_level("recall") == 2
    assert json.loads((tmp_path / FILENAME).read_text())["drills"]["recall"]["attempts"] == 3
    assert not (tmp_path / LEGACY_FILENAME).exists()
    assert (tmp_path / f"{LEGACY_FILENAME}.migrated").exists()


# --------------------------------------------------------------------------- drills in the queue


def test_a_failed_drill_enters_the_queue_and_stays_after_a_pass(tmp_path):
    progress = Progress(tmp_path)
    progress.record("accuracy", True, when=T0)          # passed at once: nothing to review
    progress.record("precision", False, when=T0, todo=True)   # an untouched stub: nothing either
    assert not ReviewStore(tmp_path).due(T0 + DAY)
    progress.record("recall", False, misconception="fp-fn-swapped", when=T0)
    store = ReviewStore(tmp_path)
    assert [i.key for i in store.due(T0 + MIN)] == ["d:recall", "m:fp-fn-swapped"]
    assert store.item("d:recall").kind == "drill" and store.item("d:recall").due == T0 + MIN
    Progress(tmp_path).record("recall", True, when=T0 + 2 * MIN)
    item = ReviewStore(tmp_path).item("d:recall")
    assert item.reviews == 2 and item.last_rating == "Good" and item.due > T0 + 2 * MIN
    # the store's record_drill is the same record: it counts as an attempt
    store = ReviewStore(tmp_path)
    store.record_drill("f1", False, when=T0)
    store.save()
    assert Progress(tmp_path).failures("f1") == 1 and "d:f1" in ReviewStore(tmp_path)


def test_resetting_a_drill_drops_its_review_card(tmp_path):
    progress = Progress(tmp_path)
    progress.record("recall", False, when=T0)
    progress.record("f1", False, when=T0)
    progress.reset("recall")
    assert "d:recall" not in ReviewStore(tmp_path) and "d:f1" in ReviewStore(tmp_path)
    progress.reset()
    assert len(ReviewStore(tmp_path)) == 0


def test_drill_progress_shows_the_review_queue(tmp_path):
    drills = load_drills()
    assert "Review queue   empty" in progress_report(Progress(tmp_path), drills, now=T0)
    Progress(tmp_path).record("recall", False, when=T0)
    ReviewStore(tmp_path).progress.record("f1", False, when=T0 + DAY)
    report = progress_report(Progress(tmp_path), drills, now=T0 + 2 * MIN)
    assert "Drills passed  [" in report
    assert "Review queue   2 items, 1 due now; next in 1 day (2026-03-03 09:01 UTC)" in report


# --------------------------------------------------------------------------- the command


BANK_Q = '''
topic = "classification"

[misconceptions]
acc-rare = "accuracy is a fine headline metric when positives are rare"
pr-swap = "precision and recall swapped"

[[question]]
id = "rare-accuracy"
kind = "choice"
difficulty = 1
covers = ["x"]
misconceptions = ["acc-rare"]
prompt = "A detector fires on 1% of frames. Is 99% accuracy good?"
options = ["WRONG yes", "RIGHT no, it is the always-negative baseline", "WRONG only with AUC", "WRONG it depends on F1"]

[[question]]
id = "precision-fixed"
kind = "numeric"
difficulty = 1
covers = ["x"]
misconceptions = ["pr-swap"]
prompt = "TP = 2, FP = 2. Precision?"

[[question]]
id = "precision-bug"
kind = "bug"
difficulty = 2
covers = ["x"]
prompt = "Where is the bug?"
code = """
def precision(tp, fp, fn):
    return tp / (tp + fn)
"""

[[question]]
id = "sixty-seconds"
kind = "explain"
difficulty = 2
covers = ["x"]
prompt = "Explain your metric choice for a pedestrian detector in 60 seconds."
'''

BANK_A = '''
[[answer]]
id = "rare-accuracy"
explanation = "Predicting no pedestrian ever scores 99%."
correct = 1
feedback = ["predicting negative always scores 99%", "right", "AUC is about ranking", "F1 is not it"]
shows = ["acc-rare", "", "", ""]

[[answer]]
id = "precision-fixed"
explanation = "TP / (TP + FP)."
answer = 0.5
solution = "2 / (2 + 2) = {answer}"

[[answer]]
id = "precision-bug"
explanation = "Precision divides by the predicted positives."
line = 2
fix = "return tp / (tp + fp)"

[[answer]]
id = "sixty-seconds"
explanation = "Costs first, then recall at a fixed false-alarm rate."
rubric = ["names the cost of a miss", "names the cost of a false alarm", "picks recall at fixed FPR", "says how the threshold is chosen"]
'''


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    root = tmp_path_factory.mktemp("bank")
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    (root / "drills" / "questions" / "classification.toml").write_text(BANK_Q)
    (root / "answers" / "questions" / "classification.toml").write_text(BANK_A)
    return load_bank(str(root))


class Learner:
    """A scripted learner reading the screen: ``right``/``wrong`` pick the option marked
    RIGHT/WRONG in the last options shown; anything else is typed as is; ``EOF`` ends input."""

    def __init__(self, screen, answers):
        self.screen, self.answers = screen, list(answers)

    def readline(self):
        if not self.answers:
            return ""
        answer = self.answers.pop(0)
        if answer == "EOF":
            self.answers = []
            return ""
        if answer == "CTRL-C":
            raise KeyboardInterrupt
        if answer in ("right", "wrong"):
            options = re.findall(r"^  ([a-e])\) (\w+)", self.screen.getvalue(), re.M)[-4:]
            answer = next(letter for letter, mark in options if mark == answer.upper())
        return answer + "\n"


def review(folder, bank, answers, *args, now=T0 + DAY):
    screen = io.StringIO()
    code = main(["review", "--dir", str(folder), "--seed", "7", *args], stdin=Learner(screen, answers),
                stdout=screen, now=now, bank=bank)
    return code, screen.getvalue()


def entry(folder, key):
    return json.loads((folder / FILENAME).read_text())["review"][key]


def queue_three(folder):
    store = ReviewStore(folder)
    store.record_question("rare-accuracy", WRONG, topic="classification", misconceptions=["acc-rare"], when=T0)
    store.record_question("precision-fixed", WRONG, topic="classification", misconceptions=[], when=T0)
    store.save()


def test_review_through_stdin_right_wrong_garbage_and_eof_updates_the_file(tmp_path, bank):
    queue_three(tmp_path)   # due at T0 + 1 min: m:acc-rare, q:precision-fixed, q:rare-accuracy
    code, out = review(tmp_path, bank, ["banana", "right", "e", "banana", "0.9", "EOF"])
    assert code == 0
    assert "3 items due" in out and "[1/3] misconception: accuracy is a fine headline" in out
    assert "Answer with an option" in out            # the garbage re-prompted
    assert "Answer with a number, like 0.75" in out
    assert "Not quite: you answered 0.9; the answer is 0.500" in out
    assert "Stopped." in out and "Reviewed 2 items: 1 right, 1 to see again soon." in out
    m, q = entry(tmp_path, "m:acc-rare"), entry(tmp_path, "q:precision-fixed")
    assert m["history"][-1] == ["2026-03-03T09:00:00+00:00", "Easy"] and m["reviews"] == 2
    assert q["history"][-1][1] == "Again" and q["lapses"] == 2
    assert entry(tmp_path, "q:rare-accuracy")["reviews"] == 1     # EOF came before it: untouched
    # what was answered is now scheduled as fsrs says, from the time of the review
    store = ReviewStore(tmp_path)
    assert store.item("q:precision-fixed").due == T0 + DAY + MIN   # still learning: back to step 1
    assert store.item("m:acc-rare").due > T0 + 2 * DAY                 # easy: graduated


def test_a_wrong_probe_answer_keeps_the_misconception_due_soon(tmp_path, bank):
    queue_three(tmp_path)
    code, out = review(tmp_path, bank, ["wrong", "q"], "--limit", "1")
    assert "1 item due" in out and "still shows this misconception" in out
    assert entry(tmp_path, "m:acc-rare")["history"][-1][1] == "Again"
    assert ReviewStore(tmp_path).item("m:acc-rare").due == T0 + DAY + MIN


def test_bug_and_explain_items_and_ctrl_c(tmp_path, bank):
    store = ReviewStore(tmp_path)
    store.record_question("precision-bug", RIGHT, topic="classification", misconceptions=[], when=T0)
    store.record_question("sixty-seconds", WRONG, topic="classification", misconceptions=[], when=T0)
    store.record_question("rare-accuracy", RIGHT, topic="classification", misconceptions=[], when=T0)
    store.save()
    # explain (due first: it was wrong): Enter, 3 of 4 points, Enter keeps Hard;
    # bug: a line out of range, then the right one, Enter keeps Good; then Ctrl-C
    answers = ["", "y", "maybe", "y", "y", "n", "", "9", "2", "", "CTRL-C"]
    code, out = review(tmp_path, bank, answers)
    assert code == 0 and "Answer with a line number in 1-2" in out and "Type y or n" in out
    assert "You covered 3 of 4 key points. Missing: says how the threshold is chosen" in out
    assert entry(tmp_path, "q:precision-bug")["history"][-1][1] == "Good"
    assert entry(tmp_path, "q:sixty-seconds")["history"][-1][1] == "Hard"
    assert entry(tmp_path, "q:rare-accuracy")["reviews"] == 1 and "Stopped." in out


def test_list_shows_what_is_due_and_when_and_asks_nothing(tmp_path, bank):
    queue_three(tmp_path)
    store = ReviewStore(tmp_path)
    store.record_question("precision-bug", RIGHT, topic="classification", misconceptions=[], when=T0 + DAY)
    store.save()
    code, out = review(tmp_path, bank, ["CTRL-C"], "--list", now=T0 + DAY + 5 * MIN)
    assert code == 0
    assert out.startswith("Review queue (") and "4 items, 3 due now." in out
    due, later = out.split("Due now:")[1].split("Later:")
    assert [line.split()[0] for line in due.strip().splitlines()] == [
        "m:acc-rare", "q:precision-fixed", "q:rare-accuracy"]
    assert "q:precision-bug" in later and "in 5 min (2026-03-03 09:10 UTC)" in later
    assert "(1 review, 1 again, last Again)" in due


def test_nothing_due_says_when_the_next_item_is(tmp_path, bank):
    code, out = review(tmp_path, bank, [])
    assert code == 0 and "Your review queue is empty" in out
    queue_three(tmp_path)
    code, out = review(tmp_path, bank, [], now=T0)
    assert "Nothing is due now (3 items waiting). Next: m:acc-rare in 1 min (2026-03-02 09:01 UTC)." in out


def test_a_question_that_left_the_bank_is_dropped(tmp_path, bank):
    store = ReviewStore(tmp_path)
    store.record_question("gone", WRONG, topic="classification", misconceptions=[], when=T0)
    store.save()
    code, out = review(tmp_path, bank, [])
    assert "question 'gone' is no longer in the bank; removed" in out
    assert "q:gone" not in ReviewStore(tmp_path)


def test_a_drill_item_points_at_drill_check_and_rechecks_the_file(tmp_path, bank):
    Progress(tmp_path).record("recall", False, when=T0)
    code, out = review(tmp_path, bank, [])
    assert "mlmetrics-edu drill check recall" in out and "stays due" in out
    assert entry(tmp_path, "d:recall")["reviews"] == 1
    shutil.copy(answer_path(get_drill("recall")), tmp_path / get_drill("recall").filename)
    code, out = review(tmp_path, bank, [])
    assert "PASS  recall" in out
    assert entry(tmp_path, "d:recall")["history"][-1][1] == "Good"
    assert Progress(tmp_path).passed("recall")


def test_bad_options_are_one_line_errors(tmp_path, bank, capsys):
    assert main(["review", "--limit", "0", "--dir", str(tmp_path)]) == 2
    assert "must be at least 1" in capsys.readouterr().err
    assert main(["review", "--dir", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"mlmetrics-edu review: --dir {tmp_path / 'nope'} is not a folder\n"


def test_a_folder_that_cannot_be_written_is_a_one_line_error(tmp_path, bank, capsys, monkeypatch):
    queue_three(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("mlmetrics_edu.drill.progress.tempfile.mkstemp", refuse)
    code, out = review(tmp_path, bank, ["right", "", "q"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Permission denied" in err


def test_drill_check_queues_a_named_mistake_but_not_a_stub_never_started(tmp_path, capsys):
    from mlmetrics_edu.cli.drill import main as drill_main

    assert drill_main(["init", str(tmp_path / "d")]) == 0
    folder = tmp_path / "d"
    drill_main(["check", "precision", "--dir", str(folder)])  # still the stub: TODO
    store = ReviewStore(folder)
    assert not [i for i in store.items() if i.key == "d:precision"]
    stub = folder / "01_confusion_matrix.py"
    text = stub.read_text(encoding="utf-8")
    wrong = get_drill("precision").wrongs[0]
    # a learner who divided by TP + FN (the recall mistake): named, and both keys queued
    text = text.replace("def precision(", "def _stub_precision(", 1) + (
        "\n\ndef precision(y_true, y_pred):\n"
        "    import numpy as np\n"
        "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
        "    if y_true.size == 0:\n"
        "        raise ValueError('empty')\n"
        "    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
        "    fn = np.sum((y_pred == 0) & (y_true == 1))\n"
        "    return float(tp / (tp + fn)) if tp + fn else 0.0\n")
    stub.write_text(text, encoding="utf-8")
    drill_main(["check", "precision", "--dir", str(folder)])
    keys = {i.key for i in ReviewStore(folder).items()}
    assert "d:precision" in keys
    assert any(k.startswith("m:") for k in keys), keys
    assert wrong.name  # the spec names its mistakes; the queue holds the one the grader recognised


def test_a_notebook_check_counts_in_drill_progress_only_in_a_learners_folder(tmp_path, monkeypatch):
    from mlmetrics_edu.drill import check
    from mlmetrics_edu.cli.drill import main as drill_main

    def accuracy(y_true, y_pred):
        import numpy as np

        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.size == 0:
            raise ValueError("empty")
        return float(np.mean(y_true == y_pred))

    monkeypatch.chdir(tmp_path)  # not a drill folder: nothing written
    check(accuracy, "accuracy", show=False)
    assert not (tmp_path / FILENAME).exists()
    assert drill_main(["init", str(tmp_path / "d")]) == 0
    monkeypatch.chdir(tmp_path / "d")
    result = check(accuracy, "accuracy", show=False)
    assert Progress(tmp_path / "d").entry("accuracy")["attempts"] == 1
    assert Progress(tmp_path / "d").passed("accuracy") == result.passed
