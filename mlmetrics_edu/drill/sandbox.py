"""Run a learner's function in a child process isolated by the operating system.

The child is a fresh interpreter started on a *copy* of ``_child.py``. How it is
isolated depends on what the machine offers, best first (:func:`isolation`):

``bubblewrap``
    Debian's ``bwrap``: new user, PID, network, IPC, UTS and mount namespaces, no
    capabilities, a private root file system holding only ``/usr`` (read-only), the
    Python interpreter (read-only), NumPy (read-only, and nothing else from
    site-packages), the submission and ``_child.py`` (read-only) and a size-capped
    scratch ``/tmp``. The reference answers, the specs, the grader's own modules,
    ``.git``, the class folder and the network interfaces of the host simply do not
    exist in there. The child is PID 1's only descendant in its PID namespace, so
    killing it (or the grader dying: ``--die-with-parent``) kills everything it
    spawned.
``unshare``
    util-linux ``unshare`` when ``bwrap`` is missing: new PID, network and IPC
    namespaces (the kill still reaches every descendant, no network), but the file
    system is the host's: reads are only guarded by the audit hook.
``process``
    the honest fallback (macOS, Windows, locked-down containers): a process group,
    resource limits and the audit hook. Nothing stops a determined submission from
    reading files; expected values are still out of its reach (they live in the
    grader's memory).

In every mode the learner's code gets resource limits (address space, output file
size, CPU time), per-case and per-drill wall-clock budgets, stdout/stderr into capped
files, the job on stdin and a private pipe as the result channel. The parent trusts
nothing it reads: a message with the wrong token or sequence number means something
other than the harness wrote to the channel, and the run is reported as tampered.

:func:`run` returns raw outcomes only; judging them is ``grader.py``'s job.
"""

from __future__ import annotations

import functools
import importlib.util
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
SANDBOX_IN = "/sandbox/in"      # inside bubblewrap: _child.py and the submission (read-only)
SANDBOX_LIB = "/sandbox/lib"    # inside bubblewrap: numpy (read-only)
SCRATCH_MB = 64                 # the size of the writable /tmp inside bubblewrap
ISOLATION_ENV = "MLMETRICS_DRILL_ISOLATION"  # force "bubblewrap", "unshare" or "process"


@dataclass
class Limits:
    """Resource caps for one child (seconds, megabytes, kilobytes).

    ``timeout`` is the budget of one case (one call of the learner's function);
    ``drill_timeout`` the budget of the whole drill: importing the file and every case.
    """

    timeout: float = 3.0           # per case
    startup_timeout: float = 20.0  # interpreter + NumPy + the learner's module (within drill_timeout)
    drill_timeout: float = 40.0    # import + every case
    memory_mb: int = 768
    output_kb: int = 1024
    max_message: int = 8 << 20

    def describe(self) -> str:
        return f"{self.timeout:g} s per case, {self.drill_timeout:g} s per drill (import included)"


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
    stop_kind: str | None = None    # "timeout", "crash" or "tampered"
    started: bool = False           # the learner's module imported and the calls began
    tampered: bool = False          # a message not from the harness: trust no outcome
    refused: list = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    isolation: str = ""


# --------------------------------------------------------------------------- isolation


@dataclass(frozen=True)
class Isolation:
    name: str         # "bubblewrap", "unshare" or "process"
    description: str  # one line for reports: what protects the grader

    def __str__(self):
        return f"{self.name} ({self.description})"


DESCRIPTIONS = {
    "bubblewrap": "user, PID and network namespaces; private read-only file system",
    "unshare": "PID and network namespaces; the file system is shared, guarded by an audit hook only",
    "process": "process group and resource limits only; file reads guarded by an audit hook only",
}


def isolation() -> Isolation:
    """The strongest isolation that works on this machine (probed once per process)."""
    forced = os.environ.get(ISOLATION_ENV, "").strip().lower()
    return _probe(forced)


@functools.lru_cache(maxsize=None)
def _probe(forced: str) -> Isolation:
    order = [forced] if forced in DESCRIPTIONS else ["bubblewrap", "unshare", "process"]
    for name in order:
        if name == "process" or _works(name):
            return Isolation(name, DESCRIPTIONS[name])
    return Isolation("process", DESCRIPTIONS["process"])


def _works(name) -> bool:
    """Start a tiny sandboxed interpreter that imports NumPy; True when it answers."""
    if not sys.platform.startswith("linux"):
        return False
    tmp = Path(tempfile.mkdtemp(prefix="mlmetrics-probe-"))
    try:
        (tmp / "in").mkdir()
        probe = tmp / "in" / "probe.py"
        probe.write_text("import sys\nsys.path[:0] = sys.argv[1:]\nimport numpy\nprint('ok')\n")
        command = _command(name, tmp, probe.name, ["-I", "-S"] if name == "bubblewrap" else ["-I"])
        if command is None:
            return False
        command += _numpy_paths(name)
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                              cwd=tmp, env=_child_env("/tmp" if name == "bubblewrap" else str(tmp)))
        return done.returncode == 0 and done.stdout.strip() == b"ok"
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _python():
    """The real interpreter binary (a venv's ``bin/python`` is only a symlink to it)."""
    return os.path.realpath(sys.executable)


@functools.lru_cache(maxsize=None)
def _numpy_dirs():
    """NumPy's package folder and its bundled libraries (``numpy.libs``), if any."""
    spec = importlib.util.find_spec("numpy")
    package = Path(list(spec.submodule_search_locations)[0]).resolve()
    dirs = [package]
    libs = package.parent / "numpy.libs"
    if libs.is_dir():
        dirs.append(libs.resolve())
    return tuple(dirs)


def _numpy_paths(name):
    """Folders the child puts first on ``sys.path`` so that ``import numpy`` works."""
    if name == "bubblewrap":
        return [SANDBOX_LIB]
    return [str(_numpy_dirs()[0].parent)]


def _bwrap_command(tmp: Path, script: str, python_flags):
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return None
    python = _python()
    command = [bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
               "--hostname", "drill", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / top
        if host.is_symlink():
            command += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            command += ["--ro-bind", str(host), str(host)]
    prefix = Path(sys.base_prefix).resolve()
    if not (str(prefix) + "/").startswith("/usr/"):
        command += ["--ro-bind", str(prefix), str(prefix)]  # the interpreter and its stdlib
    if not python.startswith(str(prefix) + "/") and not python.startswith("/usr/"):
        command += ["--ro-bind", python, python]
    bound = [src for flag, src in zip(command, command[1:]) if flag == "--ro-bind"] + ["/usr"]
    for hidden in _hidden_paths():
        # Installed under a folder we bind (a system-wide or base-interpreter install):
        # mount an empty tmpfs over it, so the grader and the answers are not there.
        if any(hidden == b or hidden.startswith(b.rstrip("/") + "/") for b in bound) and os.path.isdir(hidden):
            command += ["--tmpfs", hidden]
    for folder in _numpy_dirs():
        command += ["--ro-bind", str(folder), f"{SANDBOX_LIB}/{folder.name}"]
    command += ["--ro-bind", str(tmp / "in"), SANDBOX_IN,
                "--size", str(SCRATCH_MB << 20), "--tmpfs", "/tmp",
                "--dev", "/dev", "--proc", "/proc", "--chdir", "/tmp", "--clearenv"]
    for key, value in _child_env("/tmp").items():
        command += ["--setenv", key, value]
    return command + [python, *python_flags, f"{SANDBOX_IN}/{script}"]


def _hidden_paths():
    """What must never be visible inside: this package (the grader) and the drill content."""
    paths = [str(PACKAGE_DIR)]
    try:
        from .spec import content_root

        root = content_root()
        paths += [str(root / "answers"), str(root / "drills" / "specs"), str(root / ".git")]
    except FileNotFoundError:
        pass
    return [str(Path(p).resolve()) for p in paths]


def _command(name, tmp: Path, script: str, python_flags):
    if name == "bubblewrap":
        return _bwrap_command(tmp, script, python_flags)
    target = str(tmp / "in" / script)
    if name == "unshare":
        unshare = shutil.which("unshare")
        if unshare is None:
            return None
        user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
        return [unshare, *user, "--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--ipc",
                _python(), *python_flags, target]
    return [_python(), *python_flags, target]


def _child_env(home):
    env = {"HOME": home, "TMPDIR": home, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "PATH": "/usr/bin:/bin"}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[var] = "1"  # one BLAS thread: no per-thread arenas blowing the address-space cap
    return env


# --------------------------------------------------------------------------- run


def safe_filename(filename: str) -> str:
    name = re.sub(r"[^\w.-]", "_", Path(filename).name)[:100].lstrip(".")
    return name if name.endswith(".py") else (name or "submission") + ".py"


def run(source: str, function: str, calls: list, *, forbidden_paths=(), blocked_imports=DEFAULT_BLOCKED,
        limits: Limits | None = None, filename: str = "submission.py") -> RunResult:
    """Run ``function`` from the module text ``source`` on each ``(args, kwargs)`` in ``calls``."""
    limits = limits or Limits()
    mode = isolation()
    tmp = Path(tempfile.mkdtemp(prefix="mlmetrics-drill-")).resolve()  # 0700: ours alone
    try:
        result = _run_in(tmp, mode.name, source, function, calls, list(forbidden_paths), blocked_imports,
                         limits, filename)
        result.isolation = str(mode)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run_in(tmp, mode, source, function, calls, forbidden, blocked, limits, filename):
    inbox = tmp / "in"  # what the child may see: a copy of the harness and the submission
    inbox.mkdir()
    shutil.copyfile(CHILD, inbox / "_child.py")
    name = safe_filename(filename)
    if name == "_child.py":
        name = "submission.py"
    (inbox / name).write_text(source, encoding="utf-8")
    if mode == "bubblewrap":
        inbox.chmod(0o755)
        for f in inbox.iterdir():
            f.chmod(0o644)
        source_file, scratch = f"{SANDBOX_IN}/{name}", "/tmp"
    else:
        work = tmp / "work"
        work.mkdir()
        source_file, scratch = str(inbox / name), str(work)
    token = secrets.token_hex(16)
    read_fd, write_fd = os.pipe()
    job = {
        "fd": write_fd, "token": token, "function": function, "source": source_file,
        "sys_path": _numpy_paths(mode), "tmp_dir": scratch,
        "forbidden_paths": [str(p) for p in forbidden] + [str(PACKAGE_DIR)],
        "blocked_imports": list(blocked), "memory_mb": limits.memory_mb,
        "output_kb": limits.output_kb, "max_message": limits.max_message,
        "cpu_seconds": int(limits.drill_timeout) + 5,
        "calls": [{"args": [_child.encode(a) for a in args],
                   "kwargs": {k: _child.encode(v) for k, v in kwargs.items()}} for args, kwargs in calls],
    }
    job_file = tmp / "job.json"  # handed over on stdin: never visible inside the sandbox
    job_file.write_text(json.dumps(job), encoding="utf-8")
    flags = ["-I", "-S"] if mode == "bubblewrap" else ["-I"]
    command = _command(mode, tmp, "_child.py", flags)
    out_path, err_path = tmp / "stdout.txt", tmp / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err, open(job_file, "rb") as job_in:
        try:
            proc = subprocess.Popen(
                command, cwd=scratch if mode != "bubblewrap" else tmp,
                env=_child_env(scratch), stdin=job_in, stdout=out, stderr=err,
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


def _collect(proc, read_fd, token, n_calls, limits):
    """Read the channel until ``done``, a timeout, the child's death or tampering."""
    result = RunResult(outcomes=[])
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ)
    buffer = b""
    expected_seq, phase = 0, "startup"
    begin = time.monotonic()
    drill_deadline = begin + limits.drill_timeout
    deadline = min(begin + limits.startup_timeout, drill_deadline)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _timed_out(result, phase, limits, deadline >= drill_deadline)
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:  # the child closed the channel: it exited
                return _ended(result, proc, phase)
            buffer += chunk
            if len(buffer) > limits.max_message + 4096 and b"\n" not in buffer:
                return _stop(result, "sent a result too large to grade (the channel message limit "
                             f"is {limits.max_message >> 20} MB)", "crash")
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = _parse(line, token, expected_seq)
                if message is None:
                    return _tampered(result)
                expected_seq += 1
                kind = message["kind"]
                if kind == "fatal" and phase == "startup":
                    result.fatal = message.get("error")
                    result.refused += [str(r) for r in message.get("refused", [])]
                    return result
                if kind == "ready" and phase == "startup":
                    result.refused += [str(r) for r in message.get("refused", [])]
                    result.started, phase = True, "calls"
                elif kind == "result" and phase == "calls" and message.get("i") == len(result.outcomes):
                    if "too_big" in message:
                        return _stop(result, "returned a value too large to grade "
                                     f"({int(message['too_big']) >> 20} MB encoded)", "crash")
                    outcome = _outcome(message)
                    if outcome is None:
                        return _tampered(result)
                    result.outcomes.append(outcome)
                    result.refused += outcome.refused
                elif kind == "done" and phase == "calls" and len(result.outcomes) == n_calls:
                    return result
                else:
                    return _tampered(result)
                deadline = min(time.monotonic() + limits.timeout, drill_deadline)
    finally:
        selector.close()


def _parse(line, token, expected_seq):
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    ok = isinstance(message, dict) and message.get("tok") == token and message.get("seq") == expected_seq \
        and isinstance(message.get("kind"), str)
    return message if ok else None


def _outcome(message):
    try:
        refused = [str(r) for r in message.get("refused", [])]
        if message.get("ok") is True:
            return Outcome(ok=True, value=_child.decode(message["value"]), refused=refused)
        error = message["error"]
        if not isinstance(error, dict) or not isinstance(error.get("type"), str):
            return None
        error.setdefault("chain", [])
        error.setdefault("message", "")
        return Outcome(ok=False, error=error, refused=refused)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None


def _tampered(result):
    result.tampered = True
    return _stop(result, "something other than the grader wrote to the result channel, so this "
                 "run cannot be trusted", "tampered")


def _stop(result, sentence, kind):
    result.stopped = sentence
    result.stop_kind = kind
    result.stopped_at = len(result.outcomes)
    return result


def _timed_out(result, phase, limits, whole_drill):
    if whole_drill:
        where = "while importing your file" if phase == "startup" else \
            f"after {len(result.outcomes)} cases"
        return _stop(result, f"ran out of the drill's time budget of {limits.drill_timeout:g} s {where} "
                     "(is something sleeping, or far too slow?)", "timeout")
    if phase == "startup":
        return _stop(result, f"timed out after {limits.startup_timeout:g} s while importing your file "
                     "(is there an infinite loop at module level?)", "timeout")
    return _stop(result, f"timed out after {limits.timeout:g} s on one case, the per-case budget "
                 "(an infinite loop, or far too slow?)", "timeout")


def _ended(result, proc, phase):
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    where = "while importing your file" if phase == "startup" else "in the middle of grading"
    signum = None
    if code is not None and code < 0:
        signum = -code
    elif code is not None and 128 < code < 128 + 65:  # bwrap/unshare report a signal as 128 + N
        signum = code - 128
    if signum is not None:
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        cause = {
            "SIGSEGV": "a segmentation fault: a crash in native code (ctypes, a C extension, a stack overflow?)",
            "SIGBUS": "a bus error: a crash in native code",
            "SIGFPE": "a floating-point exception in native code",
            "SIGILL": "an illegal instruction in native code",
            "SIGABRT": "an abort (a failed assertion in native code, or memory corruption?)",
            "SIGKILL": "SIGKILL (out of memory, or killed from outside?)",
            "SIGXCPU": "SIGXCPU: the CPU-time limit was reached",
            "SIGXFSZ": "SIGXFSZ: the output size limit was reached",
        }.get(name, name)
        return _stop(result, f"the grading process was killed by signal {name} {where}: {cause}", "crash")
    return _stop(result, f"the grading process exited with code {code} {where}; did your code call "
                 "sys.exit() or os._exit()? Return a value instead", "crash")


def _kill(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the session; namespaces die with their init
        except (ProcessLookupError, PermissionError):
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
