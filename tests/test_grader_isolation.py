"""The sandbox picks the strongest isolation the machine offers and says which in every report."""

import os
import shutil
import subprocess

import pytest

from mlmetrics_edu import MetricInputError
from mlmetrics_edu.drill import feedback, sandbox
from mlmetrics_edu.drill.grader import check_file, check_source
from mlmetrics_edu.drill.spec import answer_path, content_root, get_drill

DRILL = get_drill("precision")
WRONG = "def precision(y_true, y_pred):\n    return 0.25\n"


@pytest.fixture
def forced(monkeypatch):
    def force(mode):
        monkeypatch.setenv(sandbox.ISOLATION_ENV, mode)
        return sandbox.isolation()

    yield force
    sandbox._probe.cache_clear()


@pytest.mark.parametrize("mode", ["bubblewrap", "process"])
def test_each_isolation_level_grades_and_is_stated_in_the_report(forced, mode):
    level = forced(mode)
    assert level.name in (mode, "process"), "a level that does not work falls back to process, honestly"
    assert check_file(DRILL, answer_path(DRILL)).passed
    verdict = check_source(DRILL, WRONG, case="asymmetric")
    report = feedback.text(verdict)
    assert not verdict.passed and f"sandbox:   {level}" in report
    assert sandbox.DESCRIPTIONS[level.name] in report


def test_the_process_fallback_says_it_only_has_the_audit_hook(forced):
    level = forced("process")
    assert not level.strong
    assert str(level) == "process (WEAK: resource limits and an audit hook only; the file system is reachable)"


def test_unshare_is_not_offered_any_more(forced):
    """With the host's file system in view it looked like isolation and was not (issue 15)."""
    assert "unshare" not in sandbox.DESCRIPTIONS
    assert forced("unshare").name in ("bubblewrap", "process")


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_the_bubblewrap_view_holds_no_content_no_grader_and_no_network(tmp_path):
    (tmp_path / "in").mkdir()
    command = sandbox._bwrap_command(tmp_path, "_child.py", ["-I", "-S"])
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in command
    binds = [command[i + 1] for i, arg in enumerate(command) if arg in ("--ro-bind", "--bind")]
    root = str(content_root())
    package = str(sandbox.PACKAGE_DIR)
    assert not any(b == root or b.startswith(root + "/") and not b.startswith(root + "/.venv") or
                   b.startswith(package) for b in binds), binds
    assert "--bind" not in command, "nothing from the host is writable inside"
    tmp = command.index("/tmp")
    assert command[tmp - 3:tmp] == ["--size", str(sandbox.SCRATCH_MB << 20), "--tmpfs"]
    shm = command.index("/dev/shm")
    assert command[shm - 3:shm] == ["--size", str(sandbox.SHM_MB << 20), "--tmpfs"]


@pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("setpriv") is None or os.geteuid() != 0,
                    reason="needs bubblewrap, setpriv and root to switch to an unprivileged user")
def test_bubblewrap_also_works_for_an_unprivileged_user():
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bwrap",
                           "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr",
                           "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                           "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev",
                           "/usr/bin/id", "-u"], capture_output=True, text=True, timeout=30)
    if done.returncode != 0 and "namespace" in done.stderr.lower():
        pytest.skip(f"this kernel refuses unprivileged user namespaces: {done.stderr.strip()}")
    assert done.returncode == 0 and done.stdout.strip() == "65534", done.stderr


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_a_system_wide_install_is_hidden_under_an_empty_tmpfs(tmp_path, monkeypatch):
    """Installed under /usr (bound read-only for the interpreter), the grader is masked."""
    (tmp_path / "in").mkdir()
    inside_usr = "/usr/lib"  # a folder that exists under a bound path, standing in for site-packages
    monkeypatch.setattr(sandbox, "_hidden_paths", lambda: [inside_usr, str(tmp_path / "elsewhere")])
    command = sandbox._bwrap_command(tmp_path, "_child.py", ["-I", "-S"])
    assert command[command.index(inside_usr) - 1] == "--tmpfs"
    assert str(tmp_path / "elsewhere") not in command
    assert command.index(inside_usr) > command.index("/usr"), "the mask comes after the bind"


def test_the_hidden_paths_are_the_grader_and_the_content():
    hidden = sandbox._hidden_paths()
    assert str(sandbox.PACKAGE_DIR) in hidden
    assert str((content_root() / "answers").resolve()) in hidden
    assert str((content_root() / "drills" / "specs").resolve()) in hidden


BWRAP = pytest.mark.skipif(sandbox.isolation().name != "bubblewrap", reason="bubblewrap is not working here")


def _inside(body, limits=None):
    """Run ``body`` (the body of precision()) in the sandbox; return what it raised or returned."""
    source = "import os, sys\ndef precision(y_true, y_pred):\n" + "".join(f"    {line}\n" for line in body.splitlines())
    run = sandbox.run(source, "precision", [(([1], [1]), {})], limits=limits or sandbox.Limits(timeout=20))
    outcome = run.outcomes[0] if run.outcomes else None
    return run, outcome


@BWRAP
def test_inside_bubblewrap_only_the_standard_library_and_numpy_can_be_imported():
    folders = [p for p in sandbox._package_folders()]
    body = (f"import importlib.util\nsys.path += {folders!r}\n"
            "found = [name for name in ('scipy', 'sklearn', 'pandas', 'statsmodels', 'matplotlib', 'mlmetrics_edu')\n"
            "         if importlib.util.find_spec(name) is not None]\n"
            "return repr((found, [sorted(os.listdir(f)) for f in " + repr(folders) + " if os.path.isdir(f)]))")
    run, outcome = _inside(body)
    assert outcome.ok, run
    found, listings = eval(outcome.value)
    assert found == [] and all(listing == [] for listing in listings), outcome.value
    assert any("dist-packages" in f or "site-packages" in f for f in folders)


@BWRAP
def test_dev_shm_is_small_and_shared_memory_counts_against_the_memory_cap():
    body = ("try:\n    with open('/dev/shm/big', 'wb') as f:\n        for _ in range(64):\n"
            "            f.write(b'x' * (1 << 20))\nexcept OSError as exc:\n    return 'refused: ' + str(exc.errno)\n"
            "return 'wrote 64 MB'")
    run, outcome = _inside(body)
    assert outcome.ok and outcome.value.startswith("refused"), run


@BWRAP
@pytest.mark.skipif(sandbox._Cgroup.create(sandbox.Limits()) is None, reason="no cgroups for the grader here")
def test_memfd_pages_beyond_the_memory_cap_end_the_run():
    body = ("fd = os.memfd_create('x')\nchunk = b'x' * (16 << 20)\n"
            "for _ in range(100):\n    os.write(fd, chunk)\nreturn 'wrote 1.6 GB in memfd pages'")
    run, outcome = _inside(body, sandbox.Limits(timeout=20, memory_mb=256))
    assert outcome is None or not outcome.ok, run
    assert run.stopped or not outcome.ok


@BWRAP
@pytest.mark.skipif(sandbox._Cgroup.create(sandbox.Limits()) is None, reason="no cgroups for the grader here")
def test_a_fork_bomb_meets_the_process_cap():
    body = ("import gc\nfor o in gc.get_objects():\n"
            "    if getattr(o, '__name__', None) == 'hook' and getattr(o, '__closure__', None):\n"
            "        for c in o.__closure__:\n            try:\n                c.cell_contents.add(__import__('threading').get_ident()) "
            "if isinstance(c.cell_contents, set) else None\n            except ValueError:\n                pass\n"
            "n = 0\nfor _ in range(200):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
            "    if pid == 0:\n        import time; time.sleep(30); os._exit(0)\n    n += 1\nreturn n")
    run, outcome = _inside(body)
    assert outcome.ok and outcome.value < sandbox.Limits().max_processes, run


def test_budgets_are_in_cpu_seconds_with_a_longer_wall_clock_cap():
    limits = sandbox.Limits(timeout=2.0, drill_timeout=10.0, wall_factor=4.0)
    assert limits.wall(2.0) == 13.0 and limits.wall(10.0) == 45.0
    assert "CPU s per case" in limits.describe()


@pytest.mark.parametrize("kwargs, named", [
    ({"timeout": 1e308}, "timeout"), ({"timeout": float("nan")}, "timeout"), ({"startup_timeout": 0}, "startup_timeout"),
    ({"drill_timeout": "40"}, "drill_timeout"), ({"wall_factor": 0.5}, "wall_factor"), ({"memory_mb": 1.5}, "memory_mb"),
    ({"max_processes": 0}, "max_processes"), ({"max_total": 10}, "max_total"), ({"timeout": True}, "timeout"),
])
def test_limits_refuse_a_budget_the_timers_cannot_hold(kwargs, named):
    """A budget from the API (check(), batch grading) is checked where it is made: a day of CPU at
    most, so an overflowing timer is never reported as the learner's code failing."""
    with pytest.raises(MetricInputError, match=rf"^{named} must be"):
        sandbox.Limits(**kwargs)
