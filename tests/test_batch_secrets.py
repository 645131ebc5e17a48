"""Class grading keeps its secrets and its records honest (issue 15, items 2, 6, 7, 10).

A class is graded only in the operating-system sandbox unless the instructor accepts a
weak one; every pair draws a fresh secret seed; nothing a child can reach holds a seed
or a key; the records are signed; names and folders an instructor meets are handled.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlmetrics_edu.cli import drill as cli
from mlmetrics_edu.drill import batch, sandbox
from mlmetrics_edu.drill.batch import WeakSandboxError, grade
from mlmetrics_edu.drill.sandbox import Limits
from mlmetrics_edu.drill.spec import get_drill

SET01 = "01_confusion_matrix.py"
LIMITS = Limits(timeout=2.0, drill_timeout=8.0, wall_factor=3.0)
STRONG = pytest.mark.skipif(not sandbox.isolation().strong, reason="no operating-system sandbox here")
REPO = Path(__file__).resolve().parent.parent


def _student(root, name, source):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / SET01).write_text(source, encoding="utf-8")
    return folder


@pytest.fixture
def weak(monkeypatch):
    monkeypatch.setenv(sandbox.ISOLATION_ENV, "process")
    sandbox._probe.cache_clear()
    yield
    monkeypatch.delenv(sandbox.ISOLATION_ENV)
    sandbox._probe.cache_clear()


def test_a_class_is_not_graded_under_a_weak_sandbox_unless_the_instructor_says_so(tmp_path, weak, capsys):
    _student(tmp_path / "class", "ann", "def precision(y_true, y_pred):\n    return 0.25\n")
    with pytest.raises(WeakSandboxError, match="--allow-weak-sandbox"):
        grade(tmp_path / "class", ["precision"], out=tmp_path / "out")
    code = cli.main(["grade", str(tmp_path / "class"), "--drills", "precision", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "bubblewrap" in err
    table = grade(tmp_path / "class", ["precision"], out=tmp_path / "out", allow_weak=True, limits=LIMITS)
    record = json.loads((tmp_path / "out" / "results.jsonl").read_text().splitlines()[0])
    assert record["isolation"].startswith("process (WEAK")
    assert (tmp_path / "out" / "gradebook.csv").read_text().splitlines()[1].endswith(",process (weak)")
    assert "WARNING: graded WITHOUT the operating-system sandbox" in (tmp_path / "out" / "report.md").read_text()
    assert "sandbox: process (weak)" in (tmp_path / "out" / "students" / "ann.txt").read_text()
    assert table.status["ann", "precision"] == "fail"


@STRONG
def test_every_verdict_a_pass_included_states_the_sandbox(tmp_path):
    _student(tmp_path / "class", "ann", "import numpy as np\n" + get_drill("precision").hint_solution)
    table = grade(tmp_path / "class", ["precision"], out=tmp_path / "out", limits=LIMITS)
    assert table.status["ann", "precision"] == "pass"
    text = (tmp_path / "out" / "students" / "ann.txt").read_text()
    assert "== precision: pass (100% of cases, sandbox: bubblewrap)" in text
    record = json.loads((tmp_path / "out" / "results.jsonl").read_text())
    assert record["isolation"].startswith("bubblewrap") and "sandbox:   bubblewrap" in record["report"]


def _failing_inputs(out, name="ann"):
    text = (out / "students" / f"{name}.txt").read_text()
    return [line for line in text.splitlines() if "inputs:" in line]


@STRONG
def test_each_regrade_draws_new_secret_cases_and_never_shows_a_random_case_s_answer(tmp_path):
    # Right on the edge cases, wrong on every random case: the report shows a random case.
    source = ("import numpy as np\ndef precision(y_true, y_pred):\n    if len(y_true) == 0:\n        raise ValueError\n"
              "    if len(y_true) > 4:\n        return -1.0\n    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
              "    fp = np.sum((y_pred == 1) & (y_true == 0))\n    return 0.0 if tp + fp == 0 else float(tp / (tp + fp))\n")
    _student(tmp_path / "class", "ann", source)
    shown = set()
    for _ in range(3):
        grade(tmp_path / "class", ["precision"], out=tmp_path / "out", limits=LIMITS, student="ann")
        text = (tmp_path / "out" / "students" / "ann.txt").read_text()
        assert "random case" in text
        assert "expected:  (not shown in class grading: a random case of a secret draw)" in text
        shown.add(tuple(_failing_inputs(tmp_path / "out")))
    assert len(shown) == 3, "a regrade reuses the cases: 'fix it, I'll regrade you' would harvest them"
    assert not list((tmp_path / "out").glob(".seed*"))


@STRONG
def test_a_child_cannot_reach_the_output_folder_or_the_class_folder(tmp_path):
    out = tmp_path / "out"
    probe = (f"import os\ndef precision(y_true, y_pred):\n"
             f"    raise RuntimeError('seen: ' + repr([p for p in ({str(out)!r}, {str(tmp_path / 'class')!r}) "
             "if os.path.exists(p)]))\n")
    _student(tmp_path / "class", "ann", probe)
    grade(tmp_path / "class", ["precision"], out=out, limits=LIMITS)
    assert "seen: []" in (out / "students" / "ann.txt").read_text()


def test_in_a_weak_sandbox_the_hook_still_refuses_the_output_folder(tmp_path, weak):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".class-key").write_text("0" * 64 + "\n")
    probe = f"def precision(y_true, y_pred):\n    return float(len(open({str(out / '.class-key')!r}).read()))\n"
    _student(tmp_path / "class", "ann", probe)
    grade(tmp_path / "class", ["precision"], out=out, limits=LIMITS, allow_weak=True)
    record = json.loads((out / "results.jsonl").read_text())
    assert record["status"] == "refused" and "off limits" in record["problem"]


def test_forged_or_edited_records_are_not_trusted_on_resume(tmp_path):
    right = "import numpy as np\n" + get_drill("precision").hint_solution
    _student(tmp_path / "class", "ann", "def precision(y_true, y_pred):\n    return 0.25\n")
    _student(tmp_path / "class", "ben", right)
    out = tmp_path / "out"
    grade(tmp_path / "class", ["precision", "recall"], out=out, limits=LIMITS, allow_weak=True)
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    edited = []
    for record in lines:
        if record["student"] == "ann":
            record.update(status="pass", passed=True, credit=1.0)  # the signature no longer fits
        edited.append(json.dumps(record, sort_keys=True))
    forged = dict(lines[0], student="ann", drill="accuracy", status="pass", passed=True, signature="0" * 64)
    (out / "results.jsonl").write_text("\n".join(edited + [json.dumps(forged)]) + "\n")
    again = grade(tmp_path / "class", ["precision", "recall", "accuracy"], out=out, limits=LIMITS, allow_weak=True)
    assert again.status["ann", "precision"] == "fail" and again.status["ann", "accuracy"] == "todo" or \
        again.status["ann", "accuracy"] == "error"
    assert again.status["ben", "precision"] == "pass"
    assert again.unverified == 3
    assert "3 saved results did not verify" in (out / "report.md").read_text()


def test_hidden_folders_are_reported_and_names_are_escaped_in_the_reports(tmp_path):
    root = tmp_path / "class"
    _student(root, "ann", "def precision(y_true, y_pred):\n    return 0.25\n")
    name = ".<img src=x onerror=alert(1)>|*x*"
    (root / name).mkdir()
    table = grade(root, ["precision"], out=tmp_path / "out", limits=LIMITS, allow_weak=True)
    assert table.hidden == [name]
    md = (tmp_path / "out" / "report.md").read_text()
    page = (tmp_path / "out" / "report.html").read_text()
    assert "Not graded (hidden folders):" in md and "<img" not in md and "&lt;img" in md and "\\|\\*x\\*" in md
    assert "<img" not in page and "&lt;img src=x" in page


def test_names_that_differ_only_in_punctuation_or_past_80_characters_get_their_own_files(tmp_path):
    root = tmp_path / "class"
    names = ["o'neil", "o neil", "o_neil", "x" * 90 + "a", "x" * 90 + "b"]
    for i, name in enumerate(names):
        _student(root, name, f"def precision(y_true, y_pred):\n    return {i / 10}\n")
    grade(root, ["precision"], out=tmp_path / "out", limits=LIMITS, allow_weak=True)
    files = sorted((tmp_path / "out" / "students").iterdir())
    assert len(files) == len(names)
    for name in names:
        text = (tmp_path / "out" / "students" / f"{batch._file_safe(name)}.txt").read_text()
        assert text.startswith(f"Drill results for {name}:")


def _drill_tmp_dirs():
    return set(Path(os.environ.get("TMPDIR", "/tmp")).glob("mlmetrics-drill-*"))


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_within_seconds_and_keeps_what_is_finished(tmp_path, how):
    root = tmp_path / "class"
    right = "import numpy as np\n" + get_drill("precision").hint_solution
    _student(root, "a_fast", right)
    for i in range(6):  # each loops for its whole budget
        _student(root, f"slow{i}", "def precision(y_true, y_pred):\n    while True:\n        pass\n")
    before = _drill_tmp_dirs()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "mlmetrics_edu", "drill", "grade", str(root), "--drills",
                             "precision", "-j", "1", "--out", str(tmp_path / "out"), "--no-progress",
                             "--timeout", "30", "--drill-timeout", "60", "--allow-weak-sandbox"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    results = tmp_path / "out" / "results.jsonl"
    while time.monotonic() < deadline and not (results.is_file() and results.read_text().strip()):
        time.sleep(0.2)
    time.sleep(1.0)  # the first slow student is now running
    proc.send_signal(how)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=30)
    # "within a second or two" on an idle machine; the bound leaves room for a loaded one
    assert time.monotonic() - sent < 15, "stopping took too long"
    assert proc.returncode == 130, (out, err)
    assert "Interrupted: 1 (student, drill) pairs graded" in err
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["student"] for r in records] == ["a_fast"] and records[0]["status"] == "pass"
    time.sleep(0.5)
    assert _drill_tmp_dirs() <= before, "temporary sandbox folders were left behind"


def test_running_the_module_from_a_class_folder_imports_nothing_from_it(tmp_path):
    root = tmp_path / "class"
    _student(root, "ann", "def precision(y_true, y_pred):\n    return 0.25\n")
    for name in ("rich", "numpy"):
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("raise SystemExit('a student module was imported')\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "mlmetrics_edu", "drill", "grade", ".", "--drills", "precision",
                           "--out", str(tmp_path / "out"), "--allow-weak-sandbox", "--timeout", "5"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert "a student module was imported" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
