"""The wheel works outside the repository: built from a copy of the source, installed into a
fresh virtual environment in a temporary folder, and used from an empty folder.

Offline by design: the wheel is built without build isolation and installed with ``--no-deps
--no-index``; the new environment sees this environment's third-party packages (NumPy,
matplotlib, ...) through a ``.pth`` line, but ``mlmetrics_edu`` comes from the wheel alone --
the test checks where it is imported from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                              "mlmetrics-course", ".ipynb_checkpoints", ".hypothesis", ".pytest_cache")

pytest.importorskip("build")


def run(args, cwd, env=None, stdin="", timeout=300):
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    source = root / "src"
    shutil.copytree(REPO, source, ignore=SKIP)
    done = run([sys.executable, "-m", "build", "--wheel", "--sdist", "--no-isolation", "--outdir", root / "dist",
                source], cwd=root)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheels = list((root / "dist").glob("*.whl"))
    assert len(wheels) == 1 and list((root / "dist").glob("*.tar.gz"))
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "env"
    assert run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=root).returncode == 0
    python = env_dir / "bin" / "python"
    done = run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
                "--quiet", wheel], cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
    # third-party packages from this environment, appended after the venv's own site-packages
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=root).stdout.strip()
    Path(purelib, "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env_dir, env


def cli(venv, *args, cwd, stdin=""):
    env_dir, env = venv
    return run([env_dir / "bin" / "mlmetrics-edu", *args], cwd=cwd, env=env, stdin=stdin)


def test_the_wheel_carries_the_drills_answers_question_bank_and_notebooks(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    content = "mlmetrics_edu/_content/"
    for needed in ("drills/01_confusion_matrix.py", "drills/specs/01_confusion_matrix.py",
                   "answers/01_confusion_matrix.py", "drills/questions/syllabus.toml",
                   "drills/questions/thresholds.toml", "answers/questions/thresholds.toml",
                   "notebooks/03_thresholds_roc_pr.ipynb"):
        assert content + needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_package_comes_from_the_wheel_not_the_checkout(venv, tmp_path):
    env_dir, env = venv
    done = run([env_dir / "bin" / "python", "-c", "import mlmetrics_edu; print(mlmetrics_edu.__file__)"],
               cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(env_dir)


def test_the_command_line_works_from_an_empty_folder(venv, tmp_path):
    version = cli(venv, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("mlmetrics-edu ")
    helped = cli(venv, "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "interview" in helped.stdout and "drill" in helped.stdout

    assert cli(venv, "drill", "init", "drills", cwd=tmp_path).returncode == 0
    drills = tmp_path / "drills"
    assert (drills / "01_confusion_matrix.py").is_file()
    assert not (drills / "specs").exists() and not list(drills.glob("*answers*"))
    listing = cli(venv, "drill", "list", cwd=drills)
    assert listing.returncode == 0 and "precision" in listing.stdout

    shipped = venv[0] / "lib"
    answer = next(shipped.glob("python*/site-packages/mlmetrics_edu/_content/answers/01_confusion_matrix.py"))
    stub = drills / "01_confusion_matrix.py"
    stub.write_text(answer.read_text(encoding="utf-8"), encoding="utf-8")  # a learner who got it right
    checked = cli(venv, "drill", "check", "accuracy", cwd=drills)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS" in checked.stdout

    interview = cli(venv, "interview", "--minutes", "5", "--seed", "1", "--no-drill", cwd=tmp_path, stdin="q\n")
    assert interview.returncode == 0, interview.stderr
    cards = list(tmp_path.glob("interview-report-*.json"))
    assert len(cards) == 1 and json.loads(cards[0].read_text(encoding="utf-8"))["ended"]

    assert cli(venv, "review", "--list", cwd=tmp_path).returncode == 0
    assert cli(venv, "cheatsheet", "--out", "sheet", cwd=tmp_path).returncode == 0
    assert (tmp_path / "sheet" / "cheatsheet.html").is_file()

    copied = cli(venv, "notebooks", "course", cwd=tmp_path)
    assert copied.returncode == 0 and (tmp_path / "course" / "00_start_here.ipynb").is_file()


def test_a_notebook_runs_from_the_installed_package(venv, tmp_path):
    assert cli(venv, "notebooks", "course", cwd=tmp_path).returncode == 0
    env_dir, env = venv
    done = run([env_dir / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                "--nbval-current-env", "course/01_confusion_matrix_and_accuracy.ipynb"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
