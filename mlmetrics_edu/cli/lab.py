"""``mlmetrics-edu lab``: open the course in JupyterLab (or Notebook 7) on the learner's working copy."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from .shared import UserError, copy_course

WORKING_COPY = "mlmetrics-course"  # where `lab` keeps the learner's notebooks (git-ignored)


def add_parser(subparsers):
    """Register ``lab`` on the top-level ``mlmetrics-edu`` parser."""
    lab = subparsers.add_parser("lab", help="open the course in JupyterLab (a working copy in ./mlmetrics-course)")
    lab.add_argument("--dir", help="folder of notebooks to open (default: a working copy of the course, "
                                   "./mlmetrics-course, created on first use)")
    lab.add_argument("--app", choices=["lab", "notebook"], default="lab",
                     help="JupyterLab (default) or Notebook 7")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.set_defaults(func=run)
    return lab


def run(args):
    """The ``lab`` command: start Jupyter on ``--dir``, or on the working copy of the course."""
    if args.dir:
        folder = Path(args.dir)
        if not folder.is_dir():
            raise UserError(f"--dir {folder} is not a folder")
    else:
        # Serve a working copy, never the shipped notebooks: Jupyter autosaves outputs into what
        # it serves, and the course must stay clean (and tracked files unmodified in a checkout).
        folder = Path(WORKING_COPY)
        if folder.exists() and not folder.is_dir():
            raise UserError(f"{folder} exists and is not a folder; pass --dir")
        try:
            copied, kept = copy_course(folder)
        except OSError as exc:
            raise UserError.from_os_error(exc, f"cannot copy the course into {folder} (pass --dir)") from None
        print(f"Your working copy of the course: {folder}/ ({len(copied)} new notebooks, "
              f"{len(kept)} of yours kept)")
    jupyter = shutil.which("jupyter") or shutil.which("jupyter", path=os.path.dirname(sys.executable))
    if jupyter is None:
        raise UserError("JupyterLab is not installed here. Install the course extra: "
                        "pip install 'mlmetrics-edu[lab]'")
    command = [jupyter, args.app, f"--notebook-dir={folder}", *terminal_options()]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers, Codespaces: Jupyter refuses root
        command.append("--allow-root")
    print("Starting", shlex.join(command))
    return subprocess.call(command, env=lab_environment())


def terminal_options(environ=None):
    """Jupyter options that keep ``lab_environment``'s PATH in JupyterLab's terminals.

    Jupyter starts a *login* shell (``$SHELL -l``) for its terminals whenever its own output is
    not a terminal (``mlmetrics-edu lab > lab.log``, nohup, an IDE's run button, Docker without
    ``-t``); a login shell re-reads /etc/profile, which resets PATH, and the terminal then says
    ``mlmetrics-edu: command not found``. Naming the shell explicitly turns that off. On
    Windows Jupyter's own default (PowerShell) is kept.
    """
    if os.name != "posix":
        return []
    environ = os.environ if environ is None else environ
    shell = environ.get("SHELL") or shutil.which("bash") or shutil.which("sh") or "/bin/sh"
    return [f"--ServerApp.terminado_settings={json.dumps({'shell_command': [shell]})}"]


def lab_environment(environ=None):
    """The environment Jupyter starts with: this interpreter's bin folder first on PATH, so a
    terminal opened in JupyterLab finds ``mlmetrics-edu`` (and this ``python``) without an
    activated virtual environment."""
    environ = dict(os.environ if environ is None else environ)
    bin_dir = os.path.dirname(sys.executable)
    rest = [p for p in environ.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
    environ["PATH"] = os.pathsep.join([bin_dir] + rest)
    return environ
