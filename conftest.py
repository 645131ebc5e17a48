"""Test-session guards: the checkout is never graded against, and never changed by, the tests.

* The drill content (``drills/``, ``answers/``) is copied to a temporary folder and the
  grader pointed at the copy (``$MLMETRICS_CONTENT_ROOT``): a hostile submission that got
  past a weak sandbox could change the copy, never the checkout.
* At the end of the run, every file of the checkout (tracked, or untracked and not ignored)
  is compared with what it was at the start; any difference fails the run and is listed.
  ``make test`` turns this on (``MLMETRICS_CHECK_CHECKOUT=1``); a plain ``pytest`` run while
  you edit files leaves it off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CONTENT = ("drills", "answers")
_state: dict = {}


def _checkout_files() -> dict:
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    digests = {}
    for name in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        path = ROOT / name
        try:
            digests[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"
        except OSError:
            digests[name] = "unreadable"
    return digests


def pytest_configure(config):
    if not os.environ.get("MLMETRICS_CONTENT_ROOT") and (ROOT / "answers").is_dir():
        copy = Path(tempfile.mkdtemp(prefix="mlmetrics-test-content-"))
        for folder in CONTENT:
            shutil.copytree(ROOT / folder, copy / folder,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        os.environ["MLMETRICS_CONTENT_ROOT"] = str(copy)
        _state["copy"] = copy
    if (ROOT / ".git").exists() and os.environ.get("MLMETRICS_CHECK_CHECKOUT"):
        _state["before"] = _checkout_files()


def pytest_sessionfinish(session, exitstatus):
    before = _state.get("before")
    if before is None or not os.environ.get("MLMETRICS_CHECK_CHECKOUT"):
        return
    after = _checkout_files()
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    if changed:
        listing = "\n".join(f"  {name}" for name in changed[:40])
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"\nFAILED: the test run changed the checkout ({len(changed)} files); tests must work on copies:\n"
            f"{listing}", red=True)
        session.exitstatus = 1


def pytest_unconfigure(config):
    copy = _state.pop("copy", None)
    if copy is not None:
        shutil.rmtree(copy, ignore_errors=True)
        os.environ.pop("MLMETRICS_CONTENT_ROOT", None)
