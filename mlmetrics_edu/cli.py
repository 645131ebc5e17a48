"""The ``mlmetrics-edu`` command: start the course, practise drills, grade a workshop.

Each sub-command lives with the feature it fronts and registers itself here via an
``add_parser(subparsers)`` function, so this file stays a table of contents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import __version__

REPO_ROOT = Path(__file__).resolve().parent.parent


def _notebooks_dir():
    """The course notebooks: the repository's ``notebooks/`` when run from a checkout."""
    candidate = REPO_ROOT / "notebooks"
    return candidate if candidate.is_dir() else None


def _cmd_lab(args):
    folder = Path(args.dir) if args.dir else _notebooks_dir()
    if folder is None:
        print("No notebooks folder found; pass one with --dir.", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"--dir {folder} is not a folder.", file=sys.stderr)
        return 2
    jupyter = shutil.which("jupyter") or shutil.which("jupyter", path=os.path.dirname(sys.executable))
    if jupyter is None:
        print(
            "JupyterLab is not installed here. Install the course extra:\n"
            "    pip install 'mlmetrics-edu[lab]'",
            file=sys.stderr,
        )
        return 2
    command = [jupyter, args.app, f"--notebook-dir={folder}"]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers, Codespaces: Jupyter refuses root
        command.append("--allow-root")
    print("Starting", " ".join(command))
    return subprocess.call(command)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="mlmetrics-edu",
        description="Learn, practise and be tested on ML evaluation metrics.",
    )
    parser.add_argument("--version", action="version", version=f"mlmetrics-edu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open the course notebooks in JupyterLab")
    lab.add_argument("--dir", help="folder of notebooks to open (default: the course)")
    lab.add_argument("--app", choices=["lab", "notebook"], default="lab",
                     help="JupyterLab (default) or Notebook 7")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.set_defaults(func=_cmd_lab)

    for register in _feature_parsers():
        register(sub)
    return parser


def _feature_parsers():
    """``add_parser`` functions of the features that bring sub-commands."""
    from .drill.cli import add_parser as drill

    return [drill]


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args) or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
