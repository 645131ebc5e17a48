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
    (["interview", "--seed", "9" * 5000], "--seed must be a whole number"),
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
    store = ReviewStore(folder)
    store.record_question(NUMERIC, Result(False, 0.0, "", ""), topic="calibration", misconceptions=[], when=T0)
    store.save()
    path = folder / FILENAME
    data = json.loads(path.read_text())
    data["review"][f"q:{NUMERIC}"]["history"] = history
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("history", [[[]], [["2026-05-01T09:00:00+00:00"]], [[1, 2]], ["x"], [None]],
                         ids=["empty-entry", "no-rating", "numbers", "a-string", "null"])
def test_review_list_and_review_survive_a_malformed_history_entry(place, history):
    _queue_with_history(place, history)
    listed = run(PYTHON_M, ["review", "--list"], place)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert f"q:{NUMERIC}" in listed.stdout
    _queue_with_history(place, history)
    proc = subprocess.run([*PYTHON_M, "review"], cwd=place, input="q\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


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
