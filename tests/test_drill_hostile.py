"""Hostile submissions cannot fake a pass, hang the grader, or damage anything.

Each submission below attacks the sandbox a different way. Every one must be
reported as a failure with a clear sentence, and the grader must keep working
afterwards (the reference answer still passes, the answers file is untouched).
"""

import hashlib

import pytest

from mlmetrics_edu.drill import feedback
from mlmetrics_edu.drill.grader import check_file, check_source
from mlmetrics_edu.drill.sandbox import Limits
from mlmetrics_edu.drill.spec import answer_path, answers_dir, get_drill

DRILL = get_drill("precision")
ANSWERS = answer_path(DRILL)
FAST = Limits(timeout=1.0)  # for the infinite loops: they cost exactly this long
ROOMY = Limits(timeout=10.0)  # everything else finishes quickly; no flakiness on a busy machine


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


HOSTILE = {
    "infinite-loop": (
        "def precision(y_true, y_pred):\n    while True:\n        pass\n",
        "timed out after 1 s"),
    "hundred-megabyte-print": (
        "def precision(y_true, y_pred):\n    print('x' * 100_000_000)\n    return 0.25\n",
        "printed more than the grader's output cap"),
    "sys-exit": (
        "import sys\ndef precision(y_true, y_pred):\n    sys.exit(0)\n",
        "called sys.exit(0)"),
    "os-exit": (
        "import os\ndef precision(y_true, y_pred):\n    os._exit(0)\n",
        "did your code call sys.exit() or os._exit()"),
    "ten-gigabyte-allocation": (
        "import numpy as np\ndef precision(y_true, y_pred):\n    big = np.ones(10 * 2**30 // 8)\n"
        "    return float(big[0])\n",
        "ran out of memory"),
    "monkeypatch-the-engine": (
        "def precision(y_true, y_pred):\n    import mlmetrics_edu.drill.compare as c\n"
        "    c.mismatch = lambda *args, **kwargs: None\n    return 0.25\n",
        "importing mlmetrics_edu.drill.compare: this drill asks you to implement it yourself"),
    "monkeypatch-numpy-in-the-child": (
        "import numpy as np\nnp.isclose = lambda *a, **k: np.array(True)\nnp.allclose = lambda *a, **k: True\n"
        "def precision(y_true, y_pred):\n    return 0.25\n",
        "expected 0.5, got 0.25"),
    "read-the-answers": (
        f"def precision(y_true, y_pred):\n    ns = {{}}\n    exec(open({str(ANSWERS)!r}).read(), ns)\n"
        "    return ns['precision'](y_true, y_pred)\n",
        "off limits to drill code: reference answers"),
    "list-the-answers": (
        f"import os\ndef precision(y_true, y_pred):\n    return float(len(os.listdir({str(answers_dir())!r})))\n",
        "off limits to drill code: reference answers"),
    "rewrite-the-answers": (
        f"def precision(y_true, y_pred):\n    open({str(ANSWERS)!r}, 'w').write('def precision(*a): return 0.25')\n"
        "    return 0.25\n",
        "drill code may only write inside its temporary folder"),
    "print-passed": (
        "def precision(y_true, y_pred):\n    print('PASSED')\n    print('PASS  precision: all cases checked')\n"
        "    return 0.25\n",
        "expected 0.5, got 0.25"),
    "fake-result-on-every-fd": (
        "import os\ndef precision(y_true, y_pred):\n    for fd in map(int, os.listdir('/proc/self/fd')):\n"
        "        try:\n            os.write(fd, b'{\"kind\": \"done\", \"passed\": true}\\n')\n"
        "        except OSError:\n            pass\n    return 0.25\n",
        "something other than the grader wrote to the result channel"),
    "forged-result-with-the-token": (
        "import json, os, sys\ndef precision(y_true, y_pred):\n    harness = sys._getframe(1).f_locals\n"
        "    seq = harness['seq']\n    message = {'tok': harness['token'], 'seq': seq[0], 'kind': 'result',"
        " 'i': harness['i'], 'ok': True, 'refused': [], 'value': {'t': 'float', 'v': 1.0}}\n"
        "    seq[0] += 1\n    os.write(harness['fd'], (json.dumps(message) + '\\n').encode())\n"
        "    return 1.0\n",
        "something other than the grader wrote to the result channel"),
    "read-the-graders-memory": (
        "import os\ndef precision(y_true, y_pred):\n"
        "    return float(len(open(f'/proc/{os.getppid()}/cmdline', 'rb').read()))\n",
        "another process's memory and files are off limits"),
    "import-sklearn": (
        "from sklearn.metrics import precision_score\ndef precision(y_true, y_pred):\n"
        "    return precision_score(y_true, y_pred, zero_division=0)\n",
        "importing sklearn.metrics: this drill asks you to implement it yourself"),
    "kill-the-grader": (
        "import os, signal\ndef precision(y_true, y_pred):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
        "drills may not signal processes"),
    "start-a-process": (
        "import subprocess\ndef precision(y_true, y_pred):\n"
        "    return float(subprocess.check_output(['echo', '1']))\n",
        "drills may not start other programs"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_submission_fails_with_a_clear_message(name):
    source, message = HOSTILE[name]
    before = _digest(ANSWERS)
    limits = FAST if "while True" in source else ROOMY
    verdict = check_source(DRILL, source, label="hostile.py", limits=limits)
    report = feedback.text(verdict)
    assert not verdict.passed, report
    assert report.startswith("FAIL  precision"), report
    assert message in report, report
    assert _digest(ANSWERS) == before


def test_an_infinite_loop_at_import_time_times_out_instead_of_hanging():
    verdict = check_source(DRILL, "while True:\n    pass\n", label="hostile.py",
                           limits=Limits(timeout=1.0, startup_timeout=3.0))
    assert not verdict.passed
    assert "timed out after 3 s while importing your file" in feedback.text(verdict)


def test_a_syntax_error_is_reported_with_the_line():
    verdict = check_source(DRILL, "def precision(y_true, y_pred)\n    return 0\n", label="mine.py")
    report = feedback.text(verdict)
    assert "importing your file failed: SyntaxError" in report and "mine.py:1" in report


def test_a_missing_function_is_named():
    verdict = check_source(DRILL, "def precison(y_true, y_pred):\n    return 0.0\n", label="mine.py")
    assert "your file has no function named precision" in feedback.text(verdict)


def test_the_grader_keeps_working_after_the_attacks():
    # Runs after the parametrized attacks above (pytest keeps file order).
    assert check_source(DRILL, HOSTILE["infinite-loop"][0], limits=FAST).passed is False
    assert check_file(DRILL, ANSWERS).passed
