"""Run a learner's functions in a child process isolated by the operating system.

The child is a fresh interpreter started on a *copy* of ``_child.py``. How it is
isolated depends on what the machine offers (:func:`isolation`):

``bubblewrap``
    Debian's ``bwrap`` (the project's set-up installs it): new user, PID, network,
    IPC, UTS and mount namespaces, no capabilities, and a private root file system
    that holds only what a submission needs -- ``/usr`` for the system's libraries,
    the interpreter and its standard library, NumPy, the submission and ``_child.py``,
    all read-only, plus a size-capped scratch ``/tmp`` and ``/dev/shm``. Every
    ``site-packages`` and ``dist-packages`` folder is an empty tmpfs in there (no
    SciPy, no scikit-learn), and the reference answers, the specs, the grader,
    ``.git``, the class folder and the output folder do not exist at all. The child is
    PID 1's only descendant in its PID namespace, so killing it (or the grader dying:
    ``--die-with-parent``) kills everything it spawned.
``process``
    the weak fallback (no bubblewrap, macOS, Windows, locked-down containers): resource
    limits and the audit hook. A determined submission can read files; expected values
    are still out of its reach (they live in the grader's memory). ``drill grade``
    refuses a class under it unless the instructor passes ``--allow-weak-sandbox``, and
    every verdict states the level.

An ``unshare``-based middle level is deliberately not offered: with the host's file
system in view (and, as root, every capability) it protected little more than the
audit hook while looking like isolation.

In both modes the child gets resource limits (address space, output file size, CPU
time) and, where the machine lets the grader create cgroups, a control group that caps
memory *including* shared memory and tmpfs pages, caps the number of processes, counts
CPU time and kills every member at the end. Budgets are in **CPU seconds** -- a busy
machine slows a correct submission down but never fails it -- with a wall-clock cap
:attr:`Limits.wall_factor` times larger for code that sleeps or blocks.

One child can run several *units* (a function of a submitted file and its calls): a
workshop grades all of a student's drills with one interpreter start. A unit that
times out or crashes ends that child; the remaining units continue in a fresh one.

The parent trusts nothing it reads: messages carry a token and sequence numbers, every
size is capped before anything is decoded, and a message that breaks the protocol marks
the unit as tampered. :func:`run_units` returns raw outcomes only; judging them is
``grader.py``'s job.
"""

from __future__ import annotations

import functools
import glob
import importlib.util
import json
import numbers
import os
import re
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .._validation import MetricInputError, check_int
from . import _child

CHILD = Path(_child.__file__).resolve()
PACKAGE_DIR = CHILD.parent.parent  # mlmetrics_edu/: the engine and the metric modules
DEFAULT_BLOCKED = ("sklearn", "mlmetrics_edu", "torchmetrics", "scipy")
SANDBOX_IN = "/sandbox/in"      # inside bubblewrap: _child.py and the submissions (read-only)
SANDBOX_LIB = "/sandbox/lib"    # inside bubblewrap: numpy (read-only)
SCRATCH_MB = 64                 # the size of the writable /tmp inside bubblewrap
SHM_MB = 16                     # the size of /dev/shm inside bubblewrap
ISOLATION_ENV = "MLMETRICS_DRILL_ISOLATION"  # force "bubblewrap" or "process"
CANCEL = threading.Event()      # set (Ctrl-C in a workshop): every running child stops now
POLL = 0.05                     # seconds between two looks at a running child's CPU time


@dataclass
class Limits:
    """Resource caps for one child: CPU seconds, megabytes, kilobytes, a process count.

    ``timeout`` is the CPU budget of one case (one call of the learner's function);
    ``startup_timeout`` of importing the file; ``drill_timeout`` of a whole drill
    (import and every case). Each budget also has a wall-clock cap ``wall_factor``
    times larger (plus a few seconds), for code that sleeps or waits.
    """

    timeout: float = 3.0           # CPU s per case
    startup_timeout: float = 20.0  # CPU s for interpreter + NumPy + the learner's module
    drill_timeout: float = 40.0    # CPU s for import + every case of one drill
    wall_factor: float = 6.0       # wall-clock cap = wall_factor x CPU budget + 5 s
    memory_mb: int = 768
    output_kb: int = 1024
    max_message: int = 8 << 20     # one message from the child
    max_total: int = 64 << 20      # every message of one unit together
    max_processes: int = 32        # the child and whatever it starts (cgroup pids.max)

    MAX_BUDGET = 86_400.0  # CPU s: a day; larger budgets overflow the timers and blame the learner

    def __post_init__(self):
        """Refuse a budget or cap that is not a number in range (one clear error naming it)."""
        for name in ("timeout", "startup_timeout", "drill_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not 0 < value <= self.MAX_BUDGET:
                raise MetricInputError(f"{name} must be a number of CPU seconds in (0, {self.MAX_BUDGET:,.0f}], "
                                       f"got {value!r}")
        if isinstance(self.wall_factor, bool) or not isinstance(self.wall_factor, numbers.Real) \
                or not 1 <= self.wall_factor <= 100:
            raise MetricInputError(f"wall_factor must be a number in [1, 100], got {self.wall_factor!r}")
        check_int(self.memory_mb, "memory_mb", 16, 1 << 20)
        check_int(self.output_kb, "output_kb", 1, 1 << 20)
        check_int(self.max_message, "max_message", 1024, 1 << 40)
        check_int(self.max_total, "max_total", self.max_message, 1 << 40)
        check_int(self.max_processes, "max_processes", 1, 1 << 16)

    def wall(self, cpu_budget: float) -> float:
        return cpu_budget * self.wall_factor + 5.0

    def describe(self) -> str:
        return (f"{self.timeout:g} CPU s per case, {self.drill_timeout:g} CPU s per drill (import included), "
                f"wall-clock caps {self.wall_factor:g}x longer; {self.memory_mb} MB")


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
    stop_kind: str | None = None    # "timeout", "crash", "tampered" or "cancelled"
    started: bool = False           # the learner's module imported and the calls began
    tampered: bool = False          # a message not from the harness: trust no outcome
    refused: list = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    isolation: str = ""
    cpu_seconds: float = 0.0        # CPU time the unit used (import and calls)


@dataclass
class Unit:
    """One function of one submitted file, with the calls to make."""

    source: str
    function: str
    calls: list                     # [(args, kwargs), ...]
    filename: str = "submission.py"
    encoded: list | None = None     # encode_calls(calls), when already made (a class shares them)


def encode_calls(calls) -> list:
    """The calls as the child reads them: every argument in the JSON-safe codec of ``_child``."""
    return [{"args": [_child.encode(a) for a in args], "kwargs": {k: _child.encode(v) for k, v in kwargs.items()}}
            for args, kwargs in calls]


# --------------------------------------------------------------------------- isolation


@dataclass(frozen=True)
class Isolation:
    name: str         # "bubblewrap" or "process"
    description: str  # one line for reports: what protects the grader

    @property
    def strong(self) -> bool:
        """True when the operating system isolates the child (not only limits and a hook)."""
        return self.name == "bubblewrap"

    def __str__(self):
        return f"{self.name} ({self.description})"


DESCRIPTIONS = {
    "bubblewrap": "user, PID and network namespaces; private read-only file system with only the "
                  "standard library and NumPy",
    "process": "WEAK: resource limits and an audit hook only; the file system is reachable",
}
WEAK_HINT = ("install bubblewrap (`sudo apt-get install bubblewrap`, or run `make test`/`make lab`, "
             "which install it) for the operating-system sandbox")


def isolation() -> Isolation:
    """The strongest isolation that works on this machine (probed once per process)."""
    forced = os.environ.get(ISOLATION_ENV, "").strip().lower()
    return _probe(forced)


@functools.lru_cache(maxsize=None)
def _probe(forced: str) -> Isolation:
    if forced == "process":
        return Isolation("process", DESCRIPTIONS["process"])
    if _works():
        return Isolation("bubblewrap", DESCRIPTIONS["bubblewrap"])
    return Isolation("process", DESCRIPTIONS["process"])


def _works() -> bool:
    """Start a tiny bubblewrapped interpreter that imports NumPy; True when it answers."""
    if not sys.platform.startswith("linux") or shutil.which("bwrap") is None:
        return False
    tmp = Path(tempfile.mkdtemp(prefix="mlmetrics-probe-"))
    try:
        (tmp / "in").mkdir()
        (tmp / "in").chmod(0o755)
        probe = tmp / "in" / "probe.py"
        probe.write_text("import sys\nsys.path[:0] = sys.argv[1:]\nimport numpy\nprint('ok')\n")
        probe.chmod(0o644)
        command = _bwrap_command(tmp, probe.name, ["-I", "-S"]) + [SANDBOX_LIB]
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                              cwd=tmp, env=_child_env("/tmp"))
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


def _interpreter_binds():
    """What the interpreter needs from outside ``/usr``: its binary, libpython, the stdlib."""
    binds = []
    python = _python()
    base = sys.base_prefix
    paths = sysconfig.get_paths(vars={"base": base, "platbase": base, "installed_base": base,
                                      "installed_platbase": base})
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    library = sysconfig.get_config_var("LDLIBRARY") or ""
    candidates = [python, paths["stdlib"], paths["platstdlib"]]
    if libdir and library:
        candidates += sorted(glob.glob(os.path.join(libdir, library) + "*"))
    for path in candidates:
        real = os.path.realpath(path)
        if os.path.exists(real) and not real.startswith("/usr/") and real not in binds:
            binds.append(real)
    return binds


@functools.lru_cache(maxsize=None)
def _package_folders():
    """Every ``site-packages``/``dist-packages`` folder the bound trees hold (masked inside)."""
    base = os.path.realpath(sys.base_prefix)
    patterns = ["/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages",
                "/usr/lib/python3/dist-packages", "/usr/lib64/python3*/*-packages",
                os.path.join(base, "lib*", "python3*", "*-packages")]
    found = {os.path.realpath(p) for pattern in patterns for p in glob.glob(pattern) if os.path.isdir(p)}
    return tuple(sorted(found))


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
    for path in _interpreter_binds():
        command += ["--ro-bind", path, path]
    bound = [src for flag, src in zip(command, command[1:]) if flag == "--ro-bind"]
    masked = [*_package_folders(), *_hidden_paths()]
    for hidden in dict.fromkeys(masked):
        # Installed under a folder we bind: mount an empty tmpfs over it, so other packages
        # (SciPy, scikit-learn), the grader and the answers are simply not there.
        if any(hidden == b or hidden.startswith(b.rstrip("/") + "/") for b in bound) and os.path.isdir(hidden):
            command += ["--tmpfs", hidden, "--remount-ro", hidden]
    for folder in _numpy_dirs():
        command += ["--ro-bind", str(folder), f"{SANDBOX_LIB}/{folder.name}"]
    command += ["--ro-bind", str(tmp / "in"), SANDBOX_IN,
                "--dev", "/dev", "--size", str(SHM_MB << 20), "--tmpfs", "/dev/shm",
                "--size", str(SCRATCH_MB << 20), "--tmpfs", "/tmp",
                "--proc", "/proc", "--chdir", "/tmp", "--clearenv"]
    for key, value in _child_env("/tmp").items():
        command += ["--setenv", key, value]
    return command + [python, *python_flags, f"{SANDBOX_IN}/{script}"]


def _hidden_paths():
    """What must never be visible inside: this package (the grader) and the drill content."""
    paths = [str(PACKAGE_DIR), str(PACKAGE_DIR.parent / ".git")]
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
    return [_python(), *python_flags, str(tmp / "in" / script)]


def _child_env(home):
    env = {"HOME": home, "TMPDIR": home, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "PATH": "/usr/bin:/bin"}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[var] = "1"  # one BLAS thread: no per-thread arenas blowing the address-space cap
    return env


# --------------------------------------------------------------------------- cgroups


class _Cgroup:
    """A control group per child: memory (shared memory included), processes, CPU time.

    cgroup v2 (one ``unified`` hierarchy) or v1 (``memory``, ``pids``, ``cpuacct``
    controllers) as the machine mounts them; :meth:`create` returns None where the grader
    may not create groups (not root, a read-only ``/sys/fs/cgroup``), and the child then
    runs on resource limits alone.
    """

    ROOT = Path("/sys/fs/cgroup")

    def __init__(self, dirs: dict):
        self.dirs = dirs  # controller -> folder ("unified" for v2)

    @classmethod
    def create(cls, limits: Limits):
        if not sys.platform.startswith("linux") or os.environ.get("MLMETRICS_DRILL_NO_CGROUP"):
            return None
        name = f"mlmetrics-drill/{os.getpid()}-{secrets.token_hex(6)}"
        made = {}
        try:
            if (cls.ROOT / "cgroup.controllers").is_file():
                v2 = cls.ROOT / name
                v2.mkdir(parents=True)
                made["unified"] = v2
                (v2 / "memory.max").write_text(str(limits.memory_mb << 20))
                (v2 / "pids.max").write_text(str(limits.max_processes))
            else:
                for controller in ("memory", "pids", "cpuacct"):
                    if not (cls.ROOT / controller / "tasks").is_file():
                        continue
                    folder = cls.ROOT / controller / name
                    folder.mkdir(parents=True)
                    made[controller] = folder
                if "memory" in made:
                    (made["memory"] / "memory.limit_in_bytes").write_text(str(limits.memory_mb << 20))
                if "pids" in made:
                    (made["pids"] / "pids.max").write_text(str(limits.max_processes))
            if not made:
                return None
            return cls(made)
        except OSError:
            cls(made).remove()
            return None

    def wrap(self, command):
        """``command`` started by a shell that first moves itself into this group."""
        procs = " ".join(f"'{d}/cgroup.procs'" for d in self.dirs.values())
        return ["/bin/sh", "-c", f'for f in {procs}; do echo $$ > "$f" || exit 111; done; exec "$@"',
                "mlmetrics-drill", *command]

    def cpu_seconds(self):
        try:
            if "unified" in self.dirs:
                for line in (self.dirs["unified"] / "cpu.stat").read_text().splitlines():
                    if line.startswith("usage_usec "):
                        return int(line.split()[1]) / 1e6
            elif "cpuacct" in self.dirs:
                return int((self.dirs["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError):
            pass
        return None

    def kill_all(self):
        for _ in range(20):
            pids = set()
            for folder in self.dirs.values():
                try:
                    pids |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
                except (OSError, ValueError):
                    pass
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    def remove(self):
        self.kill_all()
        for folder in self.dirs.values():
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _tree_cpu_seconds(pid):
    """CPU time of ``pid`` and its descendants (and their reaped children), from /proc."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
            for task in os.listdir(f"/proc/{p}/task"):
                children = Path(f"/proc/{p}/task/{task}/children").read_text().split()
                todo += [int(c) for c in children]
        except (OSError, ValueError, IndexError):
            continue
    return total / tick


# --------------------------------------------------------------------------- run


def safe_filename(filename: str) -> str:
    name = re.sub(r"[^\w.-]", "_", Path(filename).name)[:100].lstrip(".")
    return name if name.endswith(".py") else (name or "submission") + ".py"


def run(source: str, function: str, calls: list, *, forbidden_paths=(), blocked_imports=DEFAULT_BLOCKED,
        limits: Limits | None = None, filename: str = "submission.py") -> RunResult:
    """Run ``function`` from the module text ``source`` on each ``(args, kwargs)`` in ``calls``."""
    return run_units([Unit(source, function, calls, filename)], forbidden_paths=forbidden_paths,
                     blocked_imports=blocked_imports, limits=limits)[0]


def run_units(units: list, *, forbidden_paths=(), blocked_imports=DEFAULT_BLOCKED,
              limits: Limits | None = None) -> list:
    """Run every :class:`Unit` in as few children as possible; one :class:`RunResult` each.

    Units run in order in one interpreter. When one times out, crashes or tampers with the
    channel, that child is killed and the units after it continue in a fresh one.
    """
    limits = limits or Limits()
    mode = isolation()
    results = []
    while len(results) < len(units):
        if CANCEL.is_set():
            results += [_stop(RunResult(outcomes=[]), "grading was cancelled", "cancelled")
                        for _ in units[len(results):]]
            break
        tmp = Path(tempfile.mkdtemp(prefix="mlmetrics-drill-")).resolve()  # 0700: ours alone
        try:
            results += _run_in(tmp, mode.name, units[len(results):], list(forbidden_paths), blocked_imports,
                               limits)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    for result in results:
        result.isolation = str(mode)
    return results


def _run_in(tmp, mode, units, forbidden, blocked, limits):
    inbox = tmp / "in"  # what the child may see: a copy of the harness and the submissions
    inbox.mkdir()
    shutil.copyfile(CHILD, inbox / "_child.py")
    where = SANDBOX_IN if mode == "bubblewrap" else str(inbox)
    files = {}  # (filename, source) -> path seen by the child: each distinct file imported once
    for unit in units:
        key = (unit.filename, unit.source)
        if key not in files:
            folder = inbox / str(len(files))
            folder.mkdir()
            name = safe_filename(unit.filename)
            (folder / name).write_text(unit.source, encoding="utf-8")
            files[key] = f"{where}/{folder.name}/{name}"
    if mode == "bubblewrap":
        for path in [inbox, *inbox.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        scratch = "/tmp"
    else:
        (tmp / "work").mkdir()
        scratch = str(tmp / "work")
    token = secrets.token_hex(16)
    read_fd, write_fd = os.pipe()
    job = {
        "fd": write_fd, "token": token, "sys_path": _numpy_paths(mode), "tmp_dir": scratch,
        "forbidden_paths": [str(p) for p in forbidden] + [str(PACKAGE_DIR)],
        "blocked_imports": list(blocked), "memory_mb": limits.memory_mb,
        "output_kb": limits.output_kb, "max_message": limits.max_message,
        "cpu_seconds": int(limits.startup_timeout + limits.drill_timeout * len(units)) + 5,
        "units": [{"source": files[u.filename, u.source], "function": u.function,
                   "calls": u.encoded if u.encoded is not None else encode_calls(u.calls)} for u in units],
    }
    job_file = tmp / "job.json"  # handed over on stdin: never visible inside the sandbox
    job_file.write_text(json.dumps(job), encoding="utf-8")
    command = _command(mode, tmp, "_child.py", ["-I", "-S"] if mode == "bubblewrap" else ["-I"])
    group = _Cgroup.create(limits)
    if group is not None:
        command = group.wrap(command)
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
    clock = _Clock(proc, group)
    try:
        results, marks = _collect(proc, read_fd, token, units, limits, clock, out_path, err_path)
    finally:
        _kill(proc)
        if group is not None:
            group.remove()
        os.close(read_fd)
    for result, (out_span, err_span) in zip(results, marks):
        result.stdout = _read_capped(out_path, *out_span)
        result.stderr = _read_capped(err_path, *err_span)
    return results


class _Clock:
    """The child's CPU time (its cgroup, else its process tree in /proc) and the wall clock.

    A reading is reused for :data:`POLL` seconds: a child answering thousands of fast calls
    is not slowed down by as many reads of ``/sys`` or ``/proc``; budgets are kept to within
    that much.
    """

    def __init__(self, proc, group):
        self.proc, self.group = proc, group
        self._last, self._at = 0.0, -1.0

    def cpu(self) -> float:
        now = time.monotonic()
        if now - self._at >= POLL:
            seconds = self.group.cpu_seconds() if self.group is not None else None
            self._last = _tree_cpu_seconds(self.proc.pid) if seconds is None else seconds
            self._at = now
        return self._last

    @staticmethod
    def wall() -> float:
        return time.monotonic()


@dataclass
class _Budget:
    """Where the current phase and unit started, in CPU and wall seconds."""

    cpu: float
    wall: float
    unit_cpu: float
    unit_wall: float


def _collect(proc, read_fd, token, units, limits, clock, out_path, err_path):
    """Read the channel unit after unit, until the last ``done``, a stop or the child's end.

    Returns the results of the units that ran (at least one) and, per unit, the spans of
    stdout and stderr it wrote.
    """
    results, marks = [], []
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ)
    buffer, expected_seq, phase = b"", 0, "startup"
    now_cpu, now_wall = clock.cpu(), clock.wall()
    budget = _Budget(now_cpu, now_wall, now_cpu, now_wall)
    result, received, spans = RunResult(outcomes=[]), 0, [_size(out_path), _size(err_path)]

    def finish(r):
        r.cpu_seconds = round(max(0.0, clock.cpu() - budget.unit_cpu), 3)
        results.append(r)
        marks.append(((spans[0], _size(out_path)), (spans[1], _size(err_path))))
        return results, marks

    try:
        while True:
            if CANCEL.is_set():
                return finish(_stop(result, "grading was cancelled", "cancelled"))
            stop = _over_budget(phase, budget, clock, limits, len(result.outcomes))
            if stop is not None:
                return finish(_stop(result, stop, "timeout"))
            if not selector.select(timeout=POLL):
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:  # the child closed the channel: it exited
                return finish(_ended(result, proc, phase))
            buffer += chunk
            received += len(chunk)
            if (len(buffer) > limits.max_message + 4096 and b"\n" not in buffer) or received > limits.max_total:
                return finish(_stop(result, "sent results too large to grade (the limits are "
                                    f"{limits.max_message >> 20} MB a value, {limits.max_total >> 20} MB in all)",
                                    "crash"))
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = _parse(line, token, expected_seq, len(results))
                if message is None:
                    return finish(_tampered(result))
                expected_seq += 1
                phase, stopped = _apply(message, phase, result, units[len(results)])
                if stopped is not None:
                    return finish(stopped)
                now_cpu, now_wall = clock.cpu(), clock.wall()
                budget.cpu, budget.wall = now_cpu, now_wall
                if phase == "done":
                    finish(result)
                    if len(results) == len(units):
                        return results, marks
                    result, received, phase = RunResult(outcomes=[]), len(buffer), "startup"
                    spans = [_size(out_path), _size(err_path)]
                    budget = _Budget(now_cpu, now_wall, now_cpu, now_wall)
    finally:
        selector.close()


def _apply(message, phase, result, unit):
    """Apply one protocol message to ``result``: (the next phase, None), or (phase, ``result``
    stopped) when the message is out of order, malformed or too large to rebuild."""
    kind = message["kind"]
    if kind in ("fatal", "ready") and phase == "startup":
        result.refused += [str(r) for r in _list(message.get("refused"))]
        if kind == "ready":
            result.started = True
            return "calls", None
        if not isinstance(message.get("error"), dict):
            return phase, _tampered(result)
        result.fatal = message["error"]
        return "done", None
    if kind == "result" and phase == "calls" and message.get("i") == len(result.outcomes) \
            and len(result.outcomes) < len(unit.calls):
        outcome = _outcome(message)
        if isinstance(outcome, str):
            return phase, _stop(result, outcome, "crash")
        if outcome is None:
            return phase, _tampered(result)
        result.outcomes.append(outcome)
        result.refused += outcome.refused
        return phase, None
    if kind == "done" and phase == "calls" and len(result.outcomes) == len(unit.calls):
        return "done", None
    return phase, _tampered(result)


def _size(path):
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _list(value):
    return value if isinstance(value, list) else []


def _over_budget(phase, budget, clock, limits, done_calls):
    """A sentence when the running phase or unit has spent its CPU or wall-clock budget."""
    cpu, wall = clock.cpu(), clock.wall()
    where = "while importing your file" if phase == "startup" else f"after {done_calls} cases"
    if cpu - budget.unit_cpu > limits.drill_timeout:
        return (f"ran out of the drill's budget of {limits.drill_timeout:g} s of CPU time {where} "
                "(far too slow, or an infinite loop?)")
    if wall - budget.unit_wall > limits.wall(limits.drill_timeout):
        return (f"ran out of the drill's wall-clock cap of {limits.wall(limits.drill_timeout):g} s {where} "
                "(is something sleeping or waiting for input?)")
    cpu_budget = limits.startup_timeout if phase == "startup" else limits.timeout
    if cpu - budget.cpu > cpu_budget:
        if phase == "startup":
            return (f"timed out after {cpu_budget:g} s of CPU time while importing your file "
                    "(is there an infinite loop at module level?)")
        return (f"timed out after {cpu_budget:g} s of CPU time on one case, the per-case budget "
                "(an infinite loop, or far too slow?)")
    if wall - budget.wall > limits.wall(cpu_budget):
        what = "while importing your file" if phase == "startup" else "on one case"
        return (f"timed out: {limits.wall(cpu_budget):g} s of wall-clock time passed {what} "
                "(is something sleeping or waiting for input?)")
    return None


def _parse(line, token, expected_seq, unit):
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    ok = isinstance(message, dict) and message.get("tok") == token and message.get("seq") == expected_seq \
        and isinstance(message.get("kind"), str) and message.get("u") == unit
    return message if ok else None


def _outcome(message):
    """An Outcome; a sentence when the value is too large to rebuild; None when malformed."""
    try:
        if "too_big" in message:
            return f"returned a value too large to grade ({int(message['too_big']) >> 20} MB encoded)"
        refused = [str(r) for r in _list(message.get("refused"))]
        if message.get("ok") is True:
            return Outcome(ok=True, value=_child.decode(message["value"]), refused=refused)
        error = message["error"]
        if not isinstance(error, dict) or not isinstance(error.get("type"), str):
            return None
        error.setdefault("chain", [])
        error.setdefault("message", "")
        return Outcome(ok=False, error=error, refused=refused)
    except _child.TooLarge as exc:
        return f"returned a value too large to grade ({exc})"
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError, OverflowError, MemoryError):
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


def _ended(result, proc, phase):
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    where = "while importing your file" if phase == "startup" else "in the middle of grading"
    signum = None
    if code is not None and code < 0:
        signum = -code
    elif code is not None and 128 < code < 128 + 65:  # bwrap/sh report a signal as 128 + N
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


def _read_capped(path, start=0, end=None, limit=4000):
    try:
        with open(path, "rb") as f:
            f.seek(start)
            size = (end - start) if end is not None else limit + 1
            data = f.read(max(0, min(size, limit + 1)))
    except OSError:
        return ""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n[... output truncated ...]" if len(data) > limit else "")
