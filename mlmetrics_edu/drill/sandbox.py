"""Run a learner's function in a child process and collect what it returned.

The child is a fresh interpreter (``python -I``) started on ``_child.py`` in a
temporary working folder, with one thread for BLAS/OpenMP (so NumPy imports under
the memory cap), stdout/stderr sent to capped files, and a private pipe as the
result channel. The parent enforces a per-call timeout by killing the child's
process group, and trusts nothing it reads: a message with the wrong token or an
unexpected sequence number means something other than the harness wrote to the
channel, and the run is reported as tampered with.

:func:`run` returns raw outcomes only; comparing them with expected values is the
grader's job (``grader.py``), in this process.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import _child

CHILD = Path(_child.__file__).resolve()
PACKAGE_DIR = CHILD.parent.parent  # mlmetrics_edu/: the engine and the metric modules
DEFAULT_BLOCKED = ("sklearn", "mlmetrics_edu", "torchmetrics", "scipy.stats")


@dataclass
class Limits:
    """Resource caps for one child (seconds, megabytes, kilobytes)."""

    timeout: float = 3.0          # per call
    startup_timeout: float = 30.0  # interpreter + NumPy + the learner's module
    memory_mb: int = 768
    output_kb: int = 1024
    max_message: int = 8 << 20


@dataclass
class Outcome:
    """What one call produced in the child: a value or an error description."""

    ok: bool
    value: object = None
    error: dict | None = None
    refused: list = field(default_factory=list)


@dataclass
class RunResult:
    """Every call's outcome, plus how the run ended when it ended early."""

    outcomes: list                  # Outcome per call, in order, as far as the child got
    fatal: dict | None = None       # the module could not be imported / function missing
    stopped: str | None = None      # timeout, crash or tampering: a sentence for the learner
    stopped_at: int | None = None   # index of the call that was running
    started: bool = False           # the learner's module imported and the calls began
    tampered: bool = False          # a message not from the harness: trust no outcome
    refused: list = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""


def run(source: str, function: str, calls: list, *, forbidden_paths=(), blocked_imports=DEFAULT_BLOCKED,
        limits: Limits | None = None, filename: str = "submission.py") -> RunResult:
    """Run ``function`` from the module text ``source`` on each ``(args, kwargs)`` in ``calls``."""
    limits = limits or Limits()
    tmp = Path(tempfile.mkdtemp(prefix="mlmetrics-drill-")).resolve()
    try:
        return _run_in(tmp, source, function, calls, list(forbidden_paths), blocked_imports,
                       limits, filename)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run_in(tmp, source, function, calls, forbidden, blocked, limits, filename):
    work = tmp / "work"
    work.mkdir()
    source_file = work / (re.sub(r"[^\w.-]", "_", filename) or "submission.py")
    source_file.write_text(source, encoding="utf-8")
    token = secrets.token_hex(16)
    read_fd, write_fd = os.pipe()
    job = {
        "fd": write_fd, "token": token, "function": function, "source": str(source_file),
        "tmp_dir": str(work), "forbidden_paths": [str(p) for p in forbidden] + [str(PACKAGE_DIR)],
        "blocked_imports": list(blocked), "memory_mb": limits.memory_mb,
        "output_kb": limits.output_kb, "max_message": limits.max_message,
        "cpu_seconds": int(limits.startup_timeout + limits.timeout * (len(calls) + 1)) + 5,
        "calls": [{"args": [_child.encode(a) for a in args],
                   "kwargs": {k: _child.encode(v) for k, v in kwargs.items()}} for args, kwargs in calls],
    }
    job_file = tmp / "job.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    out_path, err_path = tmp / "stdout.txt", tmp / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", str(CHILD), str(job_file)],
                cwd=work, env=_child_env(work), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                pass_fds=(write_fd,), start_new_session=True, close_fds=True,
            )
        finally:
            os.close(write_fd)
    try:
        result = _collect(proc, read_fd, token, len(calls), limits)
    finally:
        _kill(proc)
        os.close(read_fd)
    result.stdout = _read_capped(out_path)
    result.stderr = _read_capped(err_path)
    return result


def _child_env(work):
    env = {"HOME": str(work), "TMPDIR": str(work), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[var] = "1"  # one BLAS thread: no per-thread arenas blowing the address-space cap
    return env


def _collect(proc, read_fd, token, n_calls, limits):
    """Read the channel until ``done``, a timeout, the child's death or tampering."""
    result = RunResult(outcomes=[])
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ)
    buffer = b""
    expected_seq, phase = 0, "startup"
    deadline = time.monotonic() + limits.startup_timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _timed_out(result, phase, limits)
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:  # the child closed the channel: it exited
                return _ended(result, proc, phase)
            buffer += chunk
            if len(buffer) > limits.max_message + 4096 and b"\n" not in buffer:
                return _stop(result, "sent a result too large to grade (the channel message limit "
                             f"is {limits.max_message >> 20} MB)")
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = _parse(line, token, expected_seq)
                if message is None:
                    return _tampered(result)
                expected_seq += 1
                kind = message["kind"]
                if kind == "fatal" and phase == "startup":
                    result.fatal = message.get("error")
                    result.refused += list(message.get("refused", []))
                    return result
                if kind == "ready" and phase == "startup":
                    result.refused += list(message.get("refused", []))
                    result.started, phase = True, "calls"
                elif kind == "result" and phase == "calls" and message.get("i") == len(result.outcomes):
                    if "too_big" in message:
                        return _stop(result, "returned a value too large to grade "
                                     f"({message['too_big'] >> 20} MB encoded)")
                    outcome = _outcome(message)
                    if outcome is None:
                        return _tampered(result)
                    result.outcomes.append(outcome)
                    result.refused += outcome.refused
                elif kind == "done" and phase == "calls" and len(result.outcomes) == n_calls:
                    return result
                else:
                    return _tampered(result)
                deadline = time.monotonic() + limits.timeout
    finally:
        selector.close()


def _parse(line, token, expected_seq):
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    ok = isinstance(message, dict) and message.get("tok") == token and message.get("seq") == expected_seq
    return message if ok else None


def _outcome(message):
    try:
        refused = [str(r) for r in message.get("refused", [])]
        if message.get("ok") is True:
            return Outcome(ok=True, value=_child.decode(message["value"]), refused=refused)
        error = message["error"]
        if not isinstance(error, dict):
            return None
        return Outcome(ok=False, error=error, refused=refused)
    except (KeyError, TypeError, ValueError):
        return None


def _tampered(result):
    result.tampered = True
    return _stop(result, "something other than the grader wrote to the result channel, so this "
                 "run cannot be trusted")


def _stop(result, sentence):
    result.stopped = sentence
    result.stopped_at = len(result.outcomes)
    return result


def _timed_out(result, phase, limits):
    if phase == "startup":
        return _stop(result, f"timed out after {limits.startup_timeout:g} s while importing your file "
                     "(is there an infinite loop at module level?)")
    return _stop(result, f"timed out after {limits.timeout:g} s (an infinite loop, or far too slow?)")


def _ended(result, proc, phase):
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        how = f"was killed by signal {name}"
        if -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
            how += " (out of memory, or a crash in native code?)"
    else:
        how = f"exited with code {code}"
    where = "while importing your file" if phase == "startup" else "in the middle of grading"
    return _stop(result, f"the grading process {how} {where}; did your code call sys.exit() or "
                 "os._exit()? Return a value instead")


def _kill(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole session: the child and anything it left
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a zombie we cannot reap
        pass


def _read_capped(path, limit=4000):
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        return ""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n[... output truncated ...]" if len(data) > limit else "")
