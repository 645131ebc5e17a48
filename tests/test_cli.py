"""The ``mlmetrics-edu`` command, run in-process (and once as a real process)."""

import subprocess
import sys

import pytest

import mlmetrics_edu
from mlmetrics_edu import cli
from mlmetrics_edu.cli import lab, shared


def test_version_flag_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"mlmetrics-edu {mlmetrics_edu.__version__}"


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "lab" in out


def test_no_command_prints_help_and_succeeds(capsys):
    assert cli.main([]) == 0
    assert "usage: mlmetrics-edu" in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "mlmetrics_edu", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"mlmetrics-edu {mlmetrics_edu.__version__}"


def test_lab_without_a_notebook_folder_explains_what_to_pass(tmp_path, capsys):
    assert cli.main(["lab", "--dir", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_help_lists_every_command_of_every_feature(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("lab", "notebooks", "drill", "interview", "review", "cheatsheet"):
        assert command in out


def test_notebooks_copies_the_course_and_keeps_the_learners_copies(tmp_path, capsys):
    target = tmp_path / "course"
    assert cli.main(["notebooks", str(target)]) == 0
    shipped = sorted(p.name for p in shared.course_dir().glob("*.ipynb"))
    assert sorted(p.name for p in target.glob("*.ipynb")) == shipped and "00_start_here.ipynb" in shipped
    mine = target / "01_confusion_matrix_and_accuracy.ipynb"
    mine.write_text("my edits", encoding="utf-8")
    assert cli.main(["notebooks", str(target)]) == 0
    assert mine.read_text(encoding="utf-8") == "my edits"
    assert "kept your own copy of" in capsys.readouterr().out
    assert cli.main(["notebooks", str(target), "--force"]) == 0
    assert mine.read_text(encoding="utf-8") != "my edits"


def test_notebooks_into_a_file_is_a_one_line_error(tmp_path, capsys):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    assert cli.main(["notebooks", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err


def test_lab_serves_a_working_copy_not_the_tracked_notebooks(tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lab.subprocess, "call", lambda command, **kw: calls.append(command) or 0)
    monkeypatch.setattr(lab.shutil, "which", lambda *a, **k: "/usr/bin/jupyter")
    assert cli.main(["lab", "--no-browser"]) == 0
    served = tmp_path / lab.WORKING_COPY
    assert f"--notebook-dir={lab.WORKING_COPY}" in calls[0]
    assert (served / "03_thresholds_roc_pr.ipynb").is_file()
    (served / "03_thresholds_roc_pr.ipynb").write_text("autosaved outputs", encoding="utf-8")
    assert cli.main(["lab", "--no-browser"]) == 0  # a second start keeps the learner's work
    assert (served / "03_thresholds_roc_pr.ipynb").read_text(encoding="utf-8") == "autosaved outputs"


def test_lab_starts_jupyter_with_this_interpreters_bin_folder_first_on_path(tmp_path, monkeypatch):
    """A terminal opened in that JupyterLab finds `mlmetrics-edu` with no venv activated."""
    import os
    import sys

    bin_dir = os.path.dirname(sys.executable)
    env = lab.lab_environment({"PATH": os.pathsep.join(["/usr/bin", bin_dir, "/bin"]), "HOME": "/h"})
    assert env["PATH"].split(os.pathsep) == [bin_dir, "/usr/bin", "/bin"] and env["HOME"] == "/h"
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lab.subprocess, "call", lambda command, **kw: calls.append(kw["env"]) or 0)
    monkeypatch.setattr(lab.shutil, "which", lambda *a, **k: "/usr/bin/jupyter")
    assert cli.main(["lab", "--no-browser", "--dir", str(tmp_path)]) == 0
    assert calls[0]["PATH"].split(os.pathsep)[0] == bin_dir


def test_lab_names_the_terminal_shell_so_a_login_shell_cannot_reset_path(tmp_path, monkeypatch):
    """Jupyter starts `$SHELL -l` when its output is not a terminal (`lab > lab.log`); a login
    shell re-reads /etc/profile and loses the bin folder. An explicit shell command stops that
    (the browser test opens such a terminal and runs `mlmetrics-edu --version`)."""
    import json
    import os

    if os.name != "posix":
        assert lab.terminal_options() == []
        return
    (option,) = lab.terminal_options({"SHELL": "/bin/zsh"})
    name, _, value = option.partition("=")
    assert name == "--ServerApp.terminado_settings" and json.loads(value) == {"shell_command": ["/bin/zsh"]}
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lab.subprocess, "call", lambda command, **kw: calls.append(command) or 0)
    monkeypatch.setattr(lab.shutil, "which", lambda *a, **k: "/usr/bin/jupyter")
    assert cli.main(["lab", "--no-browser", "--dir", str(tmp_path)]) == 0
    assert any(arg.startswith("--ServerApp.terminado_settings=") for arg in calls[0])
