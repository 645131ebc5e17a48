"""Issue 22.6: the command line on bad input, run as real processes (the pattern of test_cli_errors).

An empty name where a folder or a list of topics is expected is a mistake (one line, exit status
2), not "everything" or "here"; a malformed entry in the progress file or an enormous typed answer
never gives a traceback; the two things that succeed without arguments (a bare ``mlmetrics-edu``,
``drill hint`` without an id) do what their ``--help`` says.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from mlmetrics_edu.drill.progress import FILENAME
from mlmetrics_edu.interview.bank import Result
from mlmetrics_edu.interview.review import ReviewStore
from test_cli_errors import _assert_one_line_and_2, run

PYTHON_M = [sys.executable, "-m", "mlmetrics_edu"]
NUMERIC = "ece-from-table"   # a fixed-table numeric question of the bank
EXPLAIN = "explain-who-needs-calibration"   # an explain-out-loud question of the bank
T0 = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def place(tmp_path):
    (tmp_path / "a_file.txt").write_text("not a folder\n")
    return tmp_path


EMPTY_NAMES = [
    (["notebooks", ""], "DIR '' names no folder"),
    (["interview", "--topics", ""], "--topics '' names nothing"),
    (["interview", "--topics", " , "], "--topics ' , ' names nothing"),
    (["interview", "--level", ""], "--level '' names nothing"),
    (["interview", "--questions", ""], "--questions '' names nothing"),
    (["interview", "--dir", ""], "--dir '' names no folder"),
    (["interview", "--out", ""], "--out '' names no file or folder"),
    (["interview", "--seed", "9" * 5000], "argument --seed: '9999999999999999999999999999999999999999'... "
                                          "(5,000 characters) has too many digits"),
    (["review", "--dir", ""], "--dir '' names no folder"),
]


@pytest.mark.parametrize("args,message", EMPTY_NAMES, ids=[" ".join(a)[:40] for a, _ in EMPTY_NAMES])
def test_an_empty_name_is_a_mistake_not_everything_or_here(place, args, message):
    proc = run(PYTHON_M, args, place)
    _assert_one_line_and_2(proc, message)
    assert len(proc.stderr) < 400
    assert not list(place.glob("*.ipynb"))  # `notebooks ''` copied nothing into the current folder


def test_a_bare_command_prints_the_help_that_documents_it(place):
    proc = run(PYTHON_M, [], place)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: mlmetrics-edu")
    assert "Without a COMMAND, this help is printed and the exit status is 0" in " ".join(proc.stdout.split())


def test_drill_hint_without_an_id_gives_the_next_drills_hint_as_its_help_says(place):
    assert "default: the next one not passed" in " ".join(run(PYTHON_M, ["drill", "--help"], place).stdout.split())
    proc = run(PYTHON_M, ["drill", "hint"], place)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "hint 1/3" in proc.stdout


def _queue_with_history(folder, history):
    _queue_and_spoil(folder, lambda entry: entry.update(history=history))


def _queue_and_spoil(folder, spoil, qid=NUMERIC):
    """A progress file whose review entry of ``qid`` is changed by ``spoil(entry)`` (or replaced by
    what it returns)."""
    store = ReviewStore(folder)
    store.record_question(qid, Result(False, 0.0, "", ""), topic="calibration", misconceptions=[], when=T0)
    store.save()
    path = folder / FILENAME
    data = json.loads(path.read_text())
    entry = data["review"][f"q:{qid}"]
    data["review"][f"q:{qid}"] = spoil(entry) or entry
    path.write_text(json.dumps(data))


def _one_warning_naming_the_file(proc):
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"warning: {FILENAME} was unreadable (")
    assert f"kept it as {FILENAME}.bak" in proc.stderr


# The chosen behaviour (see mlmetrics_edu.drill.progress): a malformed entry is checked when the file
# is loaded, set aside with ONE warning line naming the file (the file is kept as .bak), and the
# command runs on the entries that were valid. A malformed history row only is dropped: the entry
# and its schedule (the fsrs card) stay.
@pytest.mark.parametrize("history", [[[]], [["2026-05-01T09:00:00+00:00"]], [[1, 2]], ["x"], [None], "x", {"a": 1}],
                         ids=["empty-entry", "no-rating", "numbers", "a-string", "null", "not-a-list", "a-dict"])
def test_review_list_and_review_survive_a_malformed_history_entry(place, history):
    _queue_with_history(place, history)
    listed = run(PYTHON_M, ["review", "--list"], place)
    assert listed.returncode == 0, listed.stderr
    _one_warning_naming_the_file(listed)
    assert f"q:{NUMERIC}" in listed.stdout                    # the entry and its schedule are kept
    assert "dropped" in listed.stderr or "emptied" in listed.stderr
    _queue_with_history(place, history)
    proc = subprocess.run([*PYTHON_M, "review"], cwd=place, input="q\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    _one_warning_naming_the_file(proc)


SPOILS = {
    "card-a-list": (lambda e: e.update(card=[1, 2]), "no card"),
    "no-card": (lambda e: e.pop("card") and None, "no card"),
    "entry-a-list": (lambda e: [e], "no card"),
    "card-fields-missing": (lambda e: e.update(card={"due": "2026-05-01T09:00:00+00:00"}),
                            "the card cannot be read (KeyError"),
    "due-missing": (lambda e: e["card"].pop("due") and None, "the card cannot be read (KeyError: 'due')"),
    "due-not-a-date": (lambda e: e["card"].update(due="tomorrow"), "the card cannot be read (ValueError"),
    "stability-negative": (lambda e: e["card"].update(stability=-5), "the card's stability is -5.0"),
    "step-a-string": (lambda e: e["card"].update(step="x"), "the card's step is not a count"),
    "reviews-a-string": (lambda e: e.update(reviews="x"), "reviews is not a count"),
    "topic-a-number": (lambda e: e.update(topic=7), "topic is not text"),
}


@pytest.mark.parametrize("spoil, problem", SPOILS.values(), ids=SPOILS)
@pytest.mark.parametrize("command", [["review", "--list"], ["review"]], ids=" ".join)
def test_a_malformed_review_entry_is_one_warning_line_and_the_command_runs(place, spoil, problem, command):
    _queue_and_spoil(place, spoil)
    proc = subprocess.run([*PYTHON_M, *command], cwd=place, input="q\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    _one_warning_naming_the_file(proc)
    assert f"review entry 'q:{NUMERIC}': {problem}" in proc.stderr, proc.stderr
    assert "Your review queue is empty" in proc.stdout          # the bad entry was set aside


@pytest.mark.parametrize("text", ['{"review": {"q:x": {"card": ', "[]", '{"review": []}', "\udcff"],
                         ids=["truncated", "a-list", "review-a-list", "not-utf8"])
def test_a_truncated_or_misshapen_progress_file_is_one_warning_line(place, text):
    path = place / FILENAME
    path.write_bytes(b"\xff\xfe{" if text == "\udcff" else text.encode())
    proc = run(PYTHON_M, ["review", "--list"], place)
    assert proc.returncode == 0, proc.stderr
    _one_warning_naming_the_file(proc)


LONG_LINES = [pytest.param("9" * 5000, id="5000-digits"), pytest.param("1" * 2_000_000, id="2MB-of-digits"),
              pytest.param("x" * 2_000_000, id="2MB-of-text")]


@pytest.mark.parametrize("line", LONG_LINES)
def test_an_enormous_typed_answer_is_asked_again_in_the_interview(place, line):
    proc = subprocess.run([*PYTHON_M, "interview", "--questions", NUMERIC, "--no-drill", "--seed", "0"],
                          cwd=place, input=line + "\nq\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert "a number needs at most 100" in proc.stdout
    assert max(map(len, proc.stdout.splitlines())) < 1000  # the answer is not echoed back


@pytest.mark.parametrize("line", LONG_LINES)
def test_an_enormous_typed_answer_is_asked_again_in_review(place, line):
    _queue_with_history(place, [["2026-05-01T09:00:00+00:00", "Again"]])
    proc = subprocess.run([*PYTHON_M, "review"], cwd=place, input=line + "\n", capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert "a number needs at most 100" in proc.stdout


def test_an_enormous_typed_explain_answer_is_asked_again_in_review(place):
    _queue_and_spoil(place, lambda entry: None, qid=EXPLAIN)
    proc = subprocess.run([*PYTHON_M, "review"], cwd=place, input="x" * 2_000_000 + "\nq\n", capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr[-500:]
    said = [line for line in proc.stdout.splitlines() if "characters long" in line]
    assert said == ["That answer is 2,000,000 characters long; say the key points in at most 10,000 (q to stop)."]


def test_an_enormous_typed_explain_answer_is_asked_again_in_the_interview(place):
    proc = subprocess.run([*PYTHON_M, "interview", "--questions", EXPLAIN, "--no-drill", "--seed", "0"],
                          cwd=place, input="x" * 2_000_000 + "\nq\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert "  That answer is 2,000,000 characters long; say the key points in at most 10,000." in proc.stdout


# --------------------------------------------------------------------------- bounded options


# Each bound, just past it: the message states the true range (the value at the bound is accepted).
PAST_THE_BOUNDS = [
    (["interview", "--minutes", "0"], "--minutes must be more than 0 and at most 240, not 0"),
    (["interview", "--minutes", "240.01"], "--minutes must be more than 0 and at most 240, not 240.01"),
    (["interview", "--seed", "-1"], "argument --seed: -1: a seed is a whole number from 0 to 2**128-1"),
    (["interview", "--seed", str(2**128)], f"argument --seed: {2**128}: a seed is a whole number from 0 to 2**128-1"),
    (["review", "--seed", "-1"], "argument --seed: -1: a seed is a whole number from 0 to 2**128-1"),
    (["review", "--limit", "0"], "argument --limit: 0: must be at least 1"),
    (["review", "--days", "-1"], "argument --days: -1: days are a whole number from 0 to 36,500"),
    (["review", "--days", "36501"], "argument --days: 36501: days are a whole number from 0 to 36,500"),
    (["review", "--now", "9000-01-01"], "argument --now: '9000-01-01' is too far ahead: the latest year is 8999"),
    (["drill", "hint", "precision", "--level", "0"], "argument --level: 0: hint levels start at 1"),
    (["drill", "hint", "precision", "--level", "4"], "--level 4: hint levels of precision go from 1 to 3"),
    (["drill", "check", "--timeout", "86400.5"],
     "argument --timeout: '86400.5': a time budget must be a positive number of seconds, at most 86,400"),
    (["drill", "check", "--drill-timeout", "1e308"], "argument --drill-timeout: '1e308': a time budget must be"),
    (["drill", "watch", "--interval", "3601"], "argument --interval: '3601': the interval is a number of seconds "
                                               "from 0 to 3,600"),
    (["drill", "watch", "--interval", "-0.5"], "argument --interval: '-0.5': the interval is a number of seconds"),
    (["drill", "grade", ".", "-j", "0"], "argument -j/--jobs: 0: use at least 1 worker"),
    (["bank-audit", "--seeds", "0"], "argument --seeds: 0: the audit needs at least one seed"),
]


@pytest.mark.parametrize("args,message", PAST_THE_BOUNDS, ids=[" ".join(a)[:40] for a, _ in PAST_THE_BOUNDS])
def test_a_bounded_option_states_its_true_range_just_past_each_bound(place, args, message):
    _assert_one_line_and_2(run(PYTHON_M, args, place), message)


@pytest.mark.parametrize("args", [["review", "--days", "0", "--list"], ["review", "--days", "36500", "--list"],
                                  ["review", "--now", "8999-12-31T23:59", "--list"]], ids=" ".join)
def test_the_values_at_the_bounds_are_accepted(place, args):
    proc = run(PYTHON_M, args, place)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_the_interview_reads_its_seed_as_every_other_command_does(place):
    """One shared parser: the same mistake gets the same words from `interview` and `review`."""
    for value in ("-1", "x", "9" * 5000):
        interview, review = (run(PYTHON_M, [command, "--seed", value], place).stderr
                             for command in ("interview", "review"))
        assert interview.replace("interview", "COMMAND") == review.replace("review", "COMMAND")


HUGE = "9" * 5000
COUNTS = [["review", "--seed", HUGE], ["review", "--limit", HUGE], ["review", "--days", HUGE],
          ["interview", "--seed", HUGE], ["interview", "--minutes", HUGE], ["interview", "--minutes", "x" * 5000],
          ["drill", "hint", "precision", "--level", HUGE], ["drill", "check", "--seed", HUGE],
          ["drill", "check", "--timeout", HUGE], ["drill", "grade", ".", "-j", HUGE], ["bank-audit", "--seeds", HUGE],
          ["review", "--now", "x" * 5000], ["drill", "list", "x" * 5000]]


@pytest.mark.parametrize("args", COUNTS, ids=[" ".join(a)[:30] for a in COUNTS])
def test_a_5000_character_value_gets_one_short_line(place, args):
    proc = run(PYTHON_M, args, place)
    _assert_one_line_and_2(proc, "characters")
    assert len(proc.stderr) < 400, proc.stderr


@pytest.mark.parametrize("qid, message", [("calibrated-meaning", "Answer with an option"),
                                          ("bug-log-loss-clip", "Answer with a line number")], ids=["choice", "bug"])
@pytest.mark.parametrize("line", ["9" * 5000, "\0", "x" * 2_000_000], ids=["5000-digits", "NUL", "2MB"])
def test_an_enormous_or_odd_pick_is_asked_again_in_review(place, qid, message, line):
    """A 5000-digit option number once met int()'s digit limit in `review`: now the engine reads it."""
    _queue_and_spoil(place, lambda entry: None, qid=qid)
    proc = subprocess.run([*PYTHON_M, "review"], cwd=place, input=line + "\nq\n", capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr[-500:]
    assert f"{message}" in proc.stdout
    assert max(map(len, proc.stdout.splitlines())) < 1000  # the answer is not echoed back
