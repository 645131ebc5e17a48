"""Hostile submissions cannot fake a pass, reach the answers, hang the grader, or outlive it.

Each submission below attacks the grader the way a clever student would. Every one
must be graded as *not passed*, with a clear sentence, and the answers, the specs
and the grader's own modules must be byte-for-byte intact afterwards (a hash of
each tree, taken before the first attack, is compared after every attack).

Several attacks first switch the in-process audit hook off (through ``gc``) so that
they test the operating-system sandbox, not the friendly hook; for the attacks that
read the answers, the test also runs the same code *outside* the sandbox to prove
that the attack is real (it would have passed without the sandbox).
"""

import hashlib
import os
import re
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mlmetrics_edu.drill import feedback, sandbox
from mlmetrics_edu.drill.grader import check_file, check_source
from mlmetrics_edu.drill.sandbox import Limits
from mlmetrics_edu.drill.spec import answer_path, answers_dir, content_root, drills_dir, get_drill

DRILL = get_drill("precision")
ANSWERS = answer_path(DRILL)
ROOT = content_root()  # the test session's copy of drills/ and answers/ (conftest.py)
PACKAGE = Path(sandbox.__file__).resolve().parent.parent
REPO = PACKAGE.parent  # the checkout (its .git) or the installed package's folder
FAST = Limits(timeout=1.0, drill_timeout=5.0, wall_factor=2.0)  # infinite loops cost about this long
ROOMY = Limits(timeout=10.0, drill_timeout=30.0)  # everything else finishes quickly
OS_ISOLATION = sandbox.isolation().name == "bubblewrap"


def _digests() -> dict:
    """SHA-256 of every answer, spec and grading module (the files an attack would target)."""
    files = [*answers_dir().glob("*.py"), *(drills_dir() / "specs").glob("*.py"),
             *(PACKAGE / "drill" / name for name in ("compare.py", "grader.py", "sandbox.py", "_child.py",
                                                       "cases.py", "spec.py", "feedback.py", "batch.py"))]
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(files)}


BEFORE = _digests()


def _intact():
    for path, digest in BEFORE.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{path} changed"


# Switch the audit hook off from inside the child: find the hook's closure through the
# garbage collector and mark the current thread as "inside the hook", which makes the
# hook return early on every later event. Only the OS sandbox is left.
NO_HOOK = """
import gc, threading
for _obj in gc.get_objects():
    if getattr(_obj, "__name__", None) == "hook" and getattr(_obj, "__closure__", None):
        for _cell in _obj.__closure__:
            try:
                if isinstance(_cell.cell_contents, set):
                    _cell.cell_contents.add(threading.get_ident())
            except ValueError:
                pass
"""

READ_DIR_FD = NO_HOOK + f"""
import os
def precision(y_true, y_pred):
    try:
        fd = os.open({str(ANSWERS.parent)!r}, os.O_RDONLY)
        src = os.read(os.open({ANSWERS.name!r}, os.O_RDONLY, dir_fd=fd), 10**6).decode()
    except OSError:
        return 0.25
    ns = {{}}
    exec(src, ns)
    return ns["precision"](y_true, y_pred)
"""

READ_GIT_PACKS = NO_HOOK + f"""
import glob, os, zlib
def _from_git():
    found = []
    for pack in glob.glob({str(REPO / '.git')!r} + "/objects/**/*", recursive=True):
        try:
            data = open(pack, "rb").read()
        except OSError:
            continue
        i = data.find(b"\\x78")
        while i != -1:
            try:
                out = zlib.decompressobj().decompress(data[i:i + 200000])
                if out.startswith(b'\"\"\"Reference answers') and b"def precision(y_true, y_pred)" in out:
                    found.append(out.decode("utf-8", "replace"))
            except zlib.error:
                pass
            i = data.find(b"\\x78", i + 1)
    return found

def precision(y_true, y_pred):
    for src in _from_git():
        ns = {{}}
        try:
            exec(src[src.index("import numpy"):], ns)
            return ns["precision"](y_true, y_pred)
        except Exception:
            continue
    raise RuntimeError("found 0 git objects with an answer")
"""

SYMLINK_READ = NO_HOOK + f"""
import os
def precision(y_true, y_pred):
    try:
        os.symlink({str(ANSWERS)!r}, "answers.py")
        src = open("answers.py").read()
    except OSError:
        return 0.25
    ns = {{}}
    exec(src, ns)
    return ns["precision"](y_true, y_pred)
"""

REWRITE_ANSWERS_DIR_FD = NO_HOOK + f"""
import os
try:
    fd = os.open({str(ANSWERS.parent)!r}, os.O_RDONLY)
    out = os.open({ANSWERS.name!r}, os.O_WRONLY | os.O_TRUNC, dir_fd=fd)
    os.write(out, b"def precision(y_true, y_pred):\\n    return 0.25\\n")
except OSError:
    pass
def precision(y_true, y_pred):
    return 0.25
"""

PATCH_THE_GRADER = NO_HOOK + f"""
import os
for name in ("compare.py", "grader.py"):
    try:
        with open(os.path.join({str(PACKAGE / 'drill')!r}, name), "a") as f:
            f.write("\\ndef mismatch(*args, **kwargs):\\n    return None\\n")
    except OSError:
        pass
def precision(y_true, y_pred):
    return 0.25
"""

OUTLIVE = NO_HOOK + """
import os, subprocess, sys
def precision(y_true, y_pred):
    if not os.path.exists("spawned"):
        open("spawned", "w").close()
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "{marker}"],
                             start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("spawned", p.pid, flush=True)
        if os.fork() == 0:
            os.setsid()
            import time
            time.sleep(120)
            os._exit(0)
    return 0.25
"""


def _socket_source(port):
    return NO_HOOK + f"""
import socket
def precision(y_true, y_pred):
    s = socket.create_connection(("127.0.0.1", {port}), timeout=2)
    s.sendall(b"hello from the sandbox")
    return float(s.recv(64))
"""


HOSTILE = {
    "infinite-loop": (
        "def precision(y_true, y_pred):\n    while True:\n        pass\n",
        "timed out after 1 s of CPU time on one case"),
    "sleep-at-import-and-per-call": (
        "import time\nimport numpy as np\ntime.sleep(2)\ndef precision(y_true, y_pred):\n    time.sleep(60)\n"
        "    if len(y_true) == 0:\n        raise ValueError\n    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
        "    fp = np.sum((y_pred == 1) & (y_true == 0))\n    return 0.0 if tp + fp == 0 else float(tp / (tp + fp))\n",
        "timed out: 7 s of wall-clock time passed on one case"),
    "hundred-megabyte-print": (
        "def precision(y_true, y_pred):\n    print('x' * 100_000_000)\n    return 0.25\n",
        "printed more than the grader's output cap"),
    "fill-the-scratch-disk": (
        NO_HOOK + "def precision(y_true, y_pred):\n    for i in range(1000):\n"
        "        with open(f'/tmp/junk{i}', 'wb') as f:\n            f.write(b'x' * (1 << 20))\n    return 0.25\n",
        "your function raised OSError"),
    "sys-exit": (
        "import sys\ndef precision(y_true, y_pred):\n    sys.exit(0)\n",
        "called sys.exit(0)"),
    "os-exit": (
        "import os\ndef precision(y_true, y_pred):\n    os._exit(0)\n",
        "did your code call sys.exit() or os._exit()"),
    "segfault": (
        "import faulthandler\ndef precision(y_true, y_pred):\n    faulthandler._sigsegv()\n",
        "killed by signal SIGSEGV"),
    "ten-gigabyte-allocation": (
        "import numpy as np\ndef precision(y_true, y_pred):\n    big = np.ones(10 * 2**30 // 8)\n"
        "    return float(big[0])\n",
        "ran out of memory"),
    "raising-str": (
        "class Sneaky(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n"
        "def precision(y_true, y_pred):\n    raise Sneaky()\n",
        "your function raised Sneaky: <the exception's message could not be printed"),
    "monkeypatch-the-engine": (
        "def precision(y_true, y_pred):\n    import mlmetrics_edu.drill.compare as c\n"
        "    c.mismatch = lambda *args, **kwargs: None\n    return 0.25\n",
        "importing mlmetrics_edu.drill.compare"),
    "patch-the-graders-files": (PATCH_THE_GRADER, "expected 0.5, got 0.25"),
    "monkeypatch-numpy-in-the-child": (
        "import numpy as np\nnp.isclose = lambda *a, **k: np.array(True)\nnp.allclose = lambda *a, **k: True\n"
        "def precision(y_true, y_pred):\n    return 0.25\n",
        "expected 0.5, got 0.25"),
    "read-the-answers": (
        f"def precision(y_true, y_pred):\n    ns = {{}}\n    exec(open({str(ANSWERS)!r}).read(), ns)\n"
        "    return ns['precision'](y_true, y_pred)\n",
        "off limits to drill code: reference answers"),
    "read-the-answers-through-dir-fd": (READ_DIR_FD, "expected 0.5, got 0.25"),
    "read-the-answers-from-git-packs": (READ_GIT_PACKS, "found 0 git objects with an answer"),
    "symlink-to-the-answers": (SYMLINK_READ, "expected 0.5, got 0.25"),
    "list-the-answers": (
        f"import os\ndef precision(y_true, y_pred):\n    return float(len(os.listdir({str(answers_dir())!r})))\n",
        "off limits to drill code: reference answers"),
    "rewrite-the-answers": (
        f"def precision(y_true, y_pred):\n    open({str(ANSWERS)!r}, 'w').write('def precision(*a): return 0.25')\n"
        "    return 0.25\n",
        # refused as a write outside the scratch folder, or -- when the checkout itself lies under
        # /tmp, where the sandbox's scratch folder is -- as a read of the answers: refused either way
        "refused by the drill grader"),
    "rewrite-the-answers-through-dir-fd": (REWRITE_ANSWERS_DIR_FD, "expected 0.5, got 0.25"),
    "print-passed": (
        "def precision(y_true, y_pred):\n    print('PASSED')\n    print('PASS  precision: all cases checked')\n"
        "    return 0.25\n",
        "expected 0.5, got 0.25"),
    "spoofed-pass-line-with-escapes": (
        "import sys\ndef precision(y_true, y_pred):\n"
        "    sys.stdout.write('\\r\\x1b[2K\\x1b[1A\\nPASS  precision: 5 edge cases checked\\n')\n"
        "    raise ValueError('\\nPASS  precision: all good\\r\\x1b[32m')\n",
        "your function raised ValueError"),
    "fake-result-on-every-fd": (
        "import os\ndef precision(y_true, y_pred):\n    for fd in map(int, os.listdir('/proc/self/fd')):\n"
        "        try:\n            os.write(fd, b'{\"kind\": \"done\", \"passed\": true}\\n')\n"
        "        except OSError:\n            pass\n    return 0.25\n",
        "something other than the grader wrote to the result channel"),
    "forged-result-with-the-token": (
        "import sys\ndef precision(y_true, y_pred):\n    harness = sys._getframe(1).f_locals\n"
        "    harness['send']('result', harness['u'], i=harness['i'], ok=True, refused=[],"
        " value={'t': 'float', 'v': 1.0})\n"
        "    return 1.0\n",
        "something other than the grader wrote to the result channel"),
    "read-the-graders-memory": (
        "import os\ndef precision(y_true, y_pred):\n"
        "    return float(len(open(f'/proc/{os.getppid()}/cmdline', 'rb').read()))\n",
        "another process's memory and files are off limits"),
    "import-sklearn": (
        "from sklearn.metrics import precision_score\ndef precision(y_true, y_pred):\n"
        "    return precision_score(y_true, y_pred, zero_division=0)\n",
        "importing sklearn"),
    "kill-the-grader": (
        "import os, signal\ndef precision(y_true, y_pred):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
        "drills may not signal processes"),
    "kill-the-grader-without-the-hook": (
        NO_HOOK + "import os, signal\ndef precision(y_true, y_pred):\n    try:\n"
        "        os.kill(os.getppid(), signal.SIGKILL)\n    except OSError:\n        pass\n    return 0.25\n",
        "expected 0.5, got 0.25"),
    "start-a-process": (
        "import subprocess\ndef precision(y_true, y_pred):\n"
        "    return float(subprocess.check_output(['echo', '1']))\n",
        "drills may not start other programs"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_submission_fails_with_a_clear_message(name):
    source, message = HOSTILE[name]
    if source.startswith(NO_HOOK) and not OS_ISOLATION:
        pytest.skip(f"isolation is {sandbox.isolation()}: without an OS sandbox a submission that "
                    "switches the audit hook off can read files (the report says so)")
    limits = FAST if ("while True" in source or "sleep" in source) else ROOMY
    verdict = check_source(DRILL, source, label="hostile.py", limits=limits)
    report = feedback.text(verdict)
    assert not verdict.passed, report
    assert verdict.status != "pass"
    assert report.startswith("FAIL  precision"), report
    assert message in report, report
    _intact()


def test_the_reading_attacks_are_real_outside_the_sandbox():
    """The same code, run in this process (no sandbox), does reach the reference answer."""
    y_true, y_pred = np.array([1, 1, 1, 0]), np.array([1, 0, 0, 1])
    for source in (READ_DIR_FD, READ_GIT_PACKS):
        namespace = {}
        exec(source.replace(NO_HOOK, ""), namespace)
        assert namespace["precision"](y_true, y_pred) == 0.5
    _intact()


@pytest.mark.skipif(not OS_ISOLATION, reason="only the OS sandbox hides the file system")
def test_with_the_hook_off_the_sandbox_still_shows_no_answers_grader_or_git():
    probe = NO_HOOK + f"""
import os
def precision(y_true, y_pred):
    seen = [p for p in ({str(answers_dir())!r}, {str(PACKAGE)!r}, {str(REPO / '.git')!r}, {str(ROOT)!r},
                        {str(REPO)!r})
            if os.path.exists(p)]
    raise RuntimeError("visible: " + repr(seen) + " uid " + str(os.getuid()))
"""
    report = feedback.text(check_source(DRILL, probe, label="probe.py", limits=ROOMY, case="asymmetric"))
    assert "visible: [] uid 65534" in report, report


def test_a_socket_to_localhost_reaches_nothing():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port, got, stop = server.getsockname()[1], [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            got.append(conn.recv(64))
            conn.sendall(b"0.5")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        verdict = check_source(DRILL, _socket_source(port), label="net.py", limits=ROOMY, case="asymmetric")
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
    report = feedback.text(verdict)
    assert not verdict.passed, report
    if OS_ISOLATION:
        assert got == [], "the sandbox reached the host's loopback"
        assert "ConnectionRefusedError" in report or "OSError" in report, report


def _processes_with(marker):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                pass
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list processes")
def test_processes_spawned_by_a_submission_do_not_outlive_the_grader():
    marker = f"drill-survivor-{os.getpid()}-{time.time_ns()}"
    verdict = check_source(DRILL, OUTLIVE.replace("{marker}", marker), label="daemon.py", limits=ROOMY)
    assert not verdict.passed
    if OS_ISOLATION:
        assert "spawned" in verdict.stdout, feedback.text(verdict)  # the attack did start a process
    deadline = time.monotonic() + 5
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    if OS_ISOLATION:
        assert _processes_with(marker) == []
    _intact()


def test_a_spoofed_pass_line_is_escaped_and_labelled():
    source, _ = HOSTILE["spoofed-pass-line-with-escapes"]
    report = feedback.text(check_source(DRILL, source, label="spoof.py", limits=ROOMY))
    lines = report.splitlines()
    assert lines[0].startswith("FAIL  precision")
    assert not any(line.startswith("PASS") for line in lines), report
    assert "\x1b" not in report and "\r" not in report
    assert "\\x1b[2K" in report and "\\nPASS  precision: all good\\r" in report
    assert all(line.startswith("  ") for line in lines[1:]), "every learner line sits under a label"


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "01_confusion_matrix.py"
    path.write_bytes(b"def precision(y_true, y_pred):\n    return 0.5  # caf\xe9\n")
    verdict = check_file(DRILL, path)
    assert verdict.status == "error" and not verdict.passed
    assert "is not UTF-8 text (byte 0xe9 on line 2)" in feedback.text(verdict)


def test_a_submission_that_is_a_symlink_to_the_answers_is_refused(tmp_path):
    link = tmp_path / "01_confusion_matrix.py"
    link.symlink_to(ANSWERS)
    verdict = check_file(DRILL, link)
    assert not verdict.passed and verdict.status == "refused"
    assert "is a symbolic link" in feedback.text(verdict)


def test_printed_cases_cannot_be_turned_into_a_lookup_table():
    """Copy what a failure report shows into a table: the next check draws other cases."""
    wrong = "def precision(y_true, y_pred):\n    return 0.123\n"
    first = check_source(DRILL, wrong, label="a.py", case=None, seed=None)
    # The first random case the report would show, from a run that passes the edge cases:
    edges_right = (
        "import numpy as np\nTABLE = {}\n"
        "def precision(y_true, y_pred):\n"
        "    key = (tuple(y_true.tolist()), tuple(y_pred.tolist()))\n"
        "    if key in TABLE:\n        return TABLE[key]\n"
        "    if len(y_true) == 0:\n        raise ValueError\n"
        "    if len(y_true) <= 4:\n"
        "        tp = np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == 0))\n"
        "        return 0.0 if tp + fp == 0 else float(tp / (tp + fp))\n"
        "    return 0.123\n")
    seen = check_source(DRILL, edges_right, label="b.py")
    assert seen.failure.case.kind == "random", feedback.text(seen)
    shown = seen.failure.case.calls[0].args
    table = {(tuple(shown[0].tolist()), tuple(shown[1].tolist())): float(seen.failure.expected)}
    lookup = edges_right.replace("TABLE = {}", f"TABLE = {table!r}")
    again = check_source(DRILL, lookup, label="c.py")
    assert not again.passed and again.seed != seen.seed != first.seed
    assert again.failure.case.kind == "random"
    report = feedback.text(again)
    assert re.search(rf"seed: +{again.seed} ", report) and f"--seed {again.seed} --case" in report
    # The seed reproduces the failing case exactly:
    same = check_source(DRILL, lookup, label="c.py", seed=again.seed, case=again.failure.case.name)
    assert not same.passed and repr(same.failure.case.calls) == repr(again.failure.case.calls)


def test_an_infinite_loop_at_import_time_times_out_instead_of_hanging():
    verdict = check_source(DRILL, "while True:\n    pass\n", label="hostile.py",
                           limits=Limits(timeout=1.0, startup_timeout=3.0, drill_timeout=10.0))
    assert not verdict.passed and verdict.status == "timeout"
    assert "timed out after 3 s of CPU time while importing your file" in feedback.text(verdict)


def test_a_syntax_error_is_reported_with_the_line():
    verdict = check_source(DRILL, "def precision(y_true, y_pred)\n    return 0\n", label="mine.py")
    report = feedback.text(verdict)
    assert "importing your file failed: SyntaxError" in report and "mine.py:1" in report
    assert verdict.status == "error"


def test_a_missing_function_is_named():
    verdict = check_source(DRILL, "def precison(y_true, y_pred):\n    return 0.0\n", label="mine.py")
    assert "your file has no function named precision" in feedback.text(verdict)


def test_the_grader_keeps_working_after_the_attacks():
    # Runs after the attacks above (pytest keeps file order).
    assert check_source(DRILL, HOSTILE["infinite-loop"][0], limits=FAST).passed is False
    assert check_file(DRILL, ANSWERS).passed
    _intact()


def test_a_value_too_large_to_rebuild_is_refused_before_anything_is_allocated():
    from mlmetrics_edu.drill import _child

    with pytest.raises(_child.TooLarge):
        _child.decode({"t": "ndarray", "dtype": "<U250000000", "shape": [1], "v": [""]})
    parts = {"t": "list", "v": [{"t": "ndarray", "dtype": "<f8", "shape": [10], "v": [0.0] * 10}] * 3}
    assert len(_child.decode(parts, budget=[240])) == 3
    with pytest.raises(_child.TooLarge):  # the limit is on everything one value rebuilds
        _child.decode(parts, budget=[239])
    with pytest.raises(ValueError, match="does not match its shape"):
        _child.decode({"t": "ndarray", "dtype": "<i8", "shape": [3], "v": [1, 2]})


def test_a_forged_giant_string_array_is_a_clear_failure_not_a_gigabyte_in_the_grader():
    import resource

    source = ("import sys\ndef precision(y_true, y_pred):\n    h = sys._getframe(1).f_locals\n"
              "    h['send']('result', h['u'], i=h['i'], ok=True, refused=[],"
              " value={'t': 'ndarray', 'dtype': '<U250000000', 'shape': [1], 'v': ['']})\n    return 0.5\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    verdict = check_source(DRILL, source, label="giant.py", limits=ROOMY)
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    report = feedback.text(verdict)
    assert not verdict.passed and "too large to grade" in report, report
    assert grew_mb < 200, f"the grader grew by {grew_mb:.0f} MB"
