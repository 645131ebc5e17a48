"""The ``mlmetrics-edu`` command, run in-process (and once as a real process)."""

import subprocess
import sys

import pytest

import mlmetrics_edu
from mlmetrics_edu import cli


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
