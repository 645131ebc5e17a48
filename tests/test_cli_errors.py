"""A user's mistake on the command line is one line on stderr and exit status 2, never a traceback.

Each mistake runs as a real process, the way a learner meets it: ``python -m mlmetrics_edu``
and the installed ``mlmetrics-edu`` script. Output read by a program that stops early
(``| head -1``) ends quietly; a genuine bug still shows its traceback.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlmetrics_edu import cli
from mlmetrics_edu.cli import drill as drill_cli
from mlmetrics_edu.drill.progress import FILENAME

SCRIPT = shutil.which("mlmetrics-edu", path=str(Path(sys.executable).parent))
RUNNERS = [pytest.param([sys.executable, "-m", "mlmetrics_edu"], id="python-m"),
           pytest.param([SCRIPT], id="script", marks=pytest.mark.skipif(
               SCRIPT is None, reason="the mlmetrics-edu script is not installed next to this Python"))]


def run(runner, args, cwd, *, stdout=subprocess.PIPE, env=None, timeout=60):
    return subprocess.run([*runner, *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A folder with the things learners point at by mistake."""
    root = tmp_path_factory.mktemp("mistakes")
    (root / "a_file.txt").write_text("not a folder\n")
    (root / "empty").mkdir()
    (root / "class").mkdir()
    (root / "class" / "ada").mkdir()
    learner = root / "learner"
    assert drill_cli.main(["init", str(learner)]) == 0
    broken = root / "broken"
    assert drill_cli.main(["init", str(broken)]) == 0
    (broken / "01_confusion_matrix.py").write_text("def precision(y_true, y_pred:\n")
    (broken / "05_regression.py").write_bytes(b"def mae(y_true, y_pred):\n    return '\xff'\n")
    (broken / "02_thresholds_roc.py").write_text("# I deleted everything\n")
    return root


MISTAKES = [
    # unknown drill ids
    (["drill", "hint", "no_such_drill", "--dir", "learner"], "no drill called 'no_such_drill'"),
    (["drill", "solution", "no_such_drill", "--dir", "learner"], "no drill called 'no_such_drill'"),
    (["drill", "check", "no_such_drill", "--dir", "learner"], "no drill called 'no_such_drill'"),
    (["drill", "reset", "no_such_drill", "--dir", "learner"], "no drill called 'no_such_drill'"),
    (["drill", "grade", "class", "--drills", "no_such_drill"], "no drill called 'no_such_drill'"),
    # folders that are not there, or are files
    (["drill", "grade", "/no/such/folder"], "/no/such/folder does not exist"),
    (["drill", "grade", "a_file.txt"], "a_file.txt is not a folder"),
    (["drill", "grade", "empty"], "empty holds no student folders"),
    (["drill", "grade", "learner"], "looks like one learner's folder"),
    (["drill", "grade", "class", "--out", "a_file.txt"], "--out a_file.txt is a file, not a folder"),
    (["drill", "init", "a_file.txt"], "a_file.txt exists and is not a folder"),
    (["drill", "init", "a_file.txt/drills"], "cannot set up the drills in a_file.txt/drills: Not a directory"),
    (["drill", "check", "--dir", "/no/such/folder"], "argument --dir: /no/such/folder does not exist"),
    (["drill", "list", "--dir", "a_file.txt"], "argument --dir: a_file.txt is not a folder"),
    (["drill", "check", "precision", "--dir", "empty"], "empty/01_confusion_matrix.py not found"),
    (["drill", "check", "--all", "--dir", "empty"], "no drill files in empty"),
    (["drill", "watch", "--once", "--dir", "empty"], "no drill files in empty"),
    (["drill", "watch", "--once", "--dir", "/no/such/folder"], "/no/such/folder does not exist"),
    (["drill", "list", "--dir", "9" * 300], "is not a usable folder name: File name too long"),
    (["drill", "list", "--dir", ""], "an empty folder name (use . for this folder)"),
    (["drill", "init", "9" * 5000], "(5,000 characters): File name too long"),  # the reason stays on the line
    (["notebooks", "9" * 5000], "(5,000 characters): File name too long"),
    (["interview", "--bank", "/no/such/bank"], "the question bank did not load: root '/no/such/bank': no such folder"),
    # budgets and counts
    (["drill", "check", "--timeout", "-1"], "--timeout: '-1': a time budget must be a positive number"),
    (["drill", "check", "--timeout", "0"], "--timeout: '0': a time budget must be a positive number"),
    (["drill", "check", "--timeout", "nan"], "--timeout: 'nan': a time budget must be a positive number"),
    (["drill", "check", "--timeout", "abc"], "--timeout: 'abc' is not a number"),
    (["drill", "grade", "class", "--drill-timeout", "inf"], "a time budget must be a positive number"),
    (["drill", "watch", "--interval", "-1"], "--interval: '-1'"),
    (["drill", "watch", "--iterations", "0"], "--iterations: 0: use at least 1 poll"),
    (["drill", "hint", "precision", "--level", "9", "--dir", "learner"], "hint levels of precision go from 1 to 3"),
    # options that do not go together
    (["drill", "reset", "--restore", "--dir", "learner"], "--restore needs a drill ID"),
    (["drill", "check", "precision", "--all", "--dir", "learner"], "--all grades every drill"),
    # a learner's file the command cannot work with
    (["drill", "reset", "precision", "--restore", "--dir", "broken"], "does not parse ('(' was never closed, line 1)"),
    (["drill", "reset", "mae", "--restore", "--dir", "broken"], "05_regression.py is not UTF-8 text (byte 0xff)"),
    (["drill", "reset", "roc-auc", "--restore", "--dir", "broken"], "has no function called roc_auc"),
    # the interview, review and cheat sheet
    (["interview", "--minutes", "-3"], "--minutes must be more than 0 and at most 240, not -3"),
    (["interview", "--minutes", "abc"], "--minutes must be a number of minutes, not 'abc'"),
    (["interview", "--minutes", "0"], "--minutes must be more than 0 and at most 240, not 0"),
    (["interview", "--seed", "-1"], "argument --seed: -1: a seed is a whole number from 0 to 2**128-1"),
    (["interview", "--topics", "astrology"], "unknown topic 'astrology'"),
    (["interview", "--level", "expert"], "unknown level 'expert'"),
    (["interview", "--dir", "a_file.txt"], "--dir a_file.txt is not a folder"),
    (["review", "--limit", "-1"], "--limit: -1: must be at least 1"),
    (["review", "--dir", "/no/such/folder"], "--dir /no/such/folder is not a folder"),
    (["cheatsheet", "--out", "a_file.txt"], "--out a_file.txt is a file, not a folder"),
    (["cheatsheet", "--out", "a_file.txt/sheets"], "cannot write the cheat sheet into a_file.txt/sheets"),
    (["notebooks", "a_file.txt"], "a_file.txt exists and is not a folder"),
    (["notebooks", "a_file.txt/course"], "cannot copy the notebooks into a_file.txt/course"),
    (["lab", "--dir", "/no/such/folder"], "--dir /no/such/folder is not a folder"),
    # commands and options that do not exist
    (["no-such-command"], "invalid choice: 'no-such-command'"),
    (["drill", "chekc"], "invalid choice: 'chekc'"),
    (["drill", "check", "--no-such-option"], "unrecognized arguments: --no-such-option"),
    (["interview", "--minutes"], "argument --minutes: expected one argument"),
]


def _assert_one_line_and_2(proc, message):
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n"), proc.stderr
    assert proc.stderr.startswith("mlmetrics-edu"), proc.stderr
    assert message in proc.stderr, proc.stderr


@pytest.mark.parametrize("args,message", MISTAKES, ids=[" ".join(a)[:60] for a, _ in MISTAKES])
def test_a_mistake_is_one_line_on_stderr_and_exit_status_2(place, args, message):
    proc = run(RUNNERS[0].values[0], args, place)
    _assert_one_line_and_2(proc, message)


# The installed script is the same `main`; run the mistakes the issue names through it too.
NAMED = ["drill hint no_such_drill", "drill grade /no/such/folder", "no-such-command", "interview --minutes -3",
         "drill check --timeout -1", "drill init a_file.txt", "cheatsheet --out a_file.txt/sheets"]


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize("command", NAMED)
def test_the_named_mistakes_through_both_entry_points(place, runner, command):
    args = command.split()
    message = next(m for a, m in MISTAKES if a[:len(args)] == args)
    _assert_one_line_and_2(run(runner, args, place), message)


def test_usage_errors_name_the_command_and_where_its_usage_is(place):
    proc = run(RUNNERS[0].values[0], ["drill", "check", "--timeout", "-1"], place)
    assert proc.stderr.startswith("mlmetrics-edu drill check: error: argument --timeout")
    assert proc.stderr.rstrip().endswith(" -- see `mlmetrics-edu drill check --help`")
    proc = run(RUNNERS[0].values[0], ["drill", "chek"], place)
    assert proc.stderr.startswith("mlmetrics-edu drill: error: argument SUBCOMMAND: invalid choice: 'chek'; "
                                  "did you mean 'check'? (choose from 'init', 'list', ")
    proc = run(RUNNERS[0].values[0], ["drill", "hint", "no_such_drill"], place)
    assert proc.stderr.startswith("mlmetrics-edu drill: no drill called 'no_such_drill'")


def test_control_characters_in_a_mistake_cannot_break_the_line(place):
    proc = run(RUNNERS[0].values[0], ["drill", "list", "\x1b[2Jbad\nline"], place)
    _assert_one_line_and_2(proc, "unrecognized arguments: \\x1b[2Jbad\\nline")


# --------------------------------------------------------------------------- broken pipes


def _closed_pipe():
    """The write end of a pipe nobody reads: every write fails, like `| head` after it quit."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    return write_end


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("args", [["drill", "list"], ["drill", "progress"], ["drill", "next"],
                                  ["--help"], ["drill", "--help"], ["--version"],
                                  ["drill", "solution", "precision", "--force"], ["review", "--list"]],
                         ids=" ".join)
def test_output_into_a_closed_pipe_ends_quietly(place, args, buffered):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    write_end = _closed_pipe()
    try:
        proc = run(RUNNERS[0].values[0], [*args, *(["--dir", "learner"] if args[-1] in ("list", "progress", "next")
                                                   or args[0] == "review" else [])],
                   place, stdout=write_end, env=env)
    finally:
        os.close(write_end)
    assert proc.stderr == "", proc.stderr
    # the command's own status 1 (Python's advice for EPIPE); argparse's --help swallows the error
    assert proc.returncode in ((0, 1) if {"--help", "--version"} & set(args) else (1,))


@pytest.mark.parametrize("runner", RUNNERS)
def test_drill_list_into_head_shows_the_first_line_and_no_traceback(place, runner):
    command = " ".join(f"'{part}'" for part in runner) + " drill list --dir learner | head -1"
    proc = subprocess.run(["sh", "-c", command], cwd=place, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr and proc.stderr == ""


# --------------------------------------------------------------------------- in-process: the rules


def test_a_broken_pipe_that_is_not_stdout_is_a_bug_and_keeps_its_traceback(tmp_path, capfd, monkeypatch):
    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")  # e.g. the grader's own pipe to a sandbox

    monkeypatch.setattr(drill_cli, "progress_report", broken)
    with pytest.raises(BrokenPipeError):
        cli.main(["drill", "progress", "--dir", str(tmp_path)])


def test_an_os_error_about_a_path_the_user_gave_is_one_line(tmp_path, capsys, monkeypatch):
    assert drill_cli.main(["init", str(tmp_path / "d")]) == 0
    capsys.readouterr()

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(tmp_path / "d" / FILENAME))

    monkeypatch.setattr("mlmetrics_edu.drill.progress.Progress.save", refuse)
    assert cli.main(["drill", "hint", "precision", "--dir", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert err == f"mlmetrics-edu drill: cannot use {tmp_path / 'd' / FILENAME}: Permission denied\n"


def test_an_os_error_elsewhere_is_a_bug_and_keeps_its_traceback(tmp_path, monkeypatch):
    def broken(self):
        raise PermissionError(13, "Permission denied", "/usr/lib/somewhere/else")

    monkeypatch.setattr("mlmetrics_edu.drill.progress.Progress.save", broken)
    assert drill_cli.main(["init", str(tmp_path / "d")]) == 2  # init names its own folder ...
    with pytest.raises(PermissionError):                       # ... but hint has nothing to say
        cli.main(["drill", "hint", "precision", "--dir", str(tmp_path)])


def test_a_genuine_bug_still_shows_a_traceback(tmp_path, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug in mlmetrics-edu")

    monkeypatch.setattr(drill_cli, "progress_report", bug)
    with pytest.raises(ZeroDivisionError):
        cli.main(["drill", "progress", "--dir", str(tmp_path)])


def test_ctrl_c_is_one_line_and_status_130(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(drill_cli, "progress_report", interrupted)
    assert cli.main(["drill", "progress", "--dir", str(tmp_path)]) == 130
    assert capsys.readouterr().err == "mlmetrics-edu: interrupted\n"


def test_a_corrupt_progress_file_is_one_warning_and_the_command_runs(place, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(place / "learner", folder)
    (folder / FILENAME).write_text("{ this is not json")
    proc = run(RUNNERS[0].values[0], ["drill", "list", "--dir", str(folder)], tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and f"{FILENAME}.bak" in proc.stderr
    assert "Status: " in proc.stdout


def test_init_into_a_folder_with_files_adds_the_stubs_and_keeps_the_learners_files(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    (folder / "01_confusion_matrix.py").write_text("# my work\n")
    assert cli.main(["drill", "init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "kept your 1 existing ones" in out
    assert (folder / "notes.txt").read_text() == "my notes"
    assert (folder / "01_confusion_matrix.py").read_text() == "# my work\n"
    assert (folder / "02_thresholds_roc.py").is_file()
