"""The sandbox picks the strongest isolation the machine offers and says which in every report."""

import os
import shutil
import subprocess

import pytest

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


@pytest.mark.parametrize("mode", ["bubblewrap", "unshare", "process"])
def test_each_isolation_level_grades_and_is_stated_in_the_report(forced, mode):
    level = forced(mode)
    assert level.name in (mode, "process"), "a level that does not work falls back to process, honestly"
    assert check_file(DRILL, answer_path(DRILL)).passed
    verdict = check_source(DRILL, WRONG, case="asymmetric")
    report = feedback.text(verdict)
    assert not verdict.passed and f"sandbox:   {level}" in report
    assert sandbox.DESCRIPTIONS[level.name] in report


def test_the_process_fallback_says_it_only_has_the_audit_hook(forced):
    assert str(forced("process")) == ("process (process group and resource limits only; file reads guarded by "
                                      "an audit hook only)")


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
    assert command[command.index("--tmpfs") - 1] == str(sandbox.SCRATCH_MB << 20)


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
