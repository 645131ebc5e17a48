"""The ``mlmetrics-edu`` command: the course, drills, a mock interview, spaced review, a cheat sheet.

``lab`` opens the course; ``drill ...`` implements and grades metrics (and grades a workshop);
``interview`` runs a timed mock interview with a report card; ``review`` serves what is due in
the spaced-review queue; ``cheatsheet`` writes the night-before sheet from the docstrings.

Each sub-command lives with the feature it fronts and registers itself here via an
``add_parser(subparsers)`` function, so this file stays a table of contents.

A user's mistake is never a traceback. ``main`` is the one place that turns it into one line
on stderr, ``mlmetrics-edu COMMAND: <what is wrong>``, and exit status 2:

* a command raises :class:`UserError` for what the user typed or pointed at (an unknown drill,
  a folder that is not there, a file it cannot read); an ``OSError`` about a path the user gave
  (``--dir``, ``--out``, ``--csv``, a class folder) counts as one too;
* a mistake in the options is argparse's error, also one line: the usage block argparse
  prints is left out (``COMMAND --help`` shows it), and the line says where to find it.

Anything else is a bug and keeps its traceback. Output read by a program that stops early
(``mlmetrics-edu drill list | head -1``) ends quietly with status 1, as the Python
documentation recommends for a broken pipe; Ctrl-C ends with one line and status 130.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
WORKING_COPY = "mlmetrics-course"  # where `lab` keeps the learner's notebooks (git-ignored)


def course_dir():
    """The course notebooks as shipped: the wheel's copy, else the checkout's ``notebooks/``."""
    for folder in (PACKAGE_DIR / "_content" / "notebooks", PACKAGE_DIR.parent / "notebooks"):
        if folder.is_dir() and any(folder.glob("*.ipynb")):
            return folder
    return None


def copy_course(target: Path, *, overwrite=False):
    """Copy every course notebook into ``target``; keep the learner's copies unless ``overwrite``.

    Returns (copied, kept): the names written and the names left alone.
    """
    source = course_dir()
    if source is None:
        raise FileNotFoundError("the course notebooks are not installed with this package")
    target.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for notebook in sorted(source.glob("*.ipynb")):
        destination = target / notebook.name
        if destination.exists() and not overwrite:
            kept.append(notebook.name)
            continue
        shutil.copyfile(notebook, destination)
        copied.append(notebook.name)
    return copied, kept


class UserError(Exception):
    """A mistake in what the user typed or pointed at: one line on stderr and exit status 2.

    Raise it only for the user's mistakes (an unknown name, a missing folder, an unreadable
    file of theirs); a bug must stay an ordinary exception, with its traceback.
    """

    @classmethod
    def from_os_error(cls, exc: OSError, doing: str) -> "UserError":
        """``cannot write into out/: Permission denied`` from the ``OSError`` and what we tried."""
        return cls(f"{doing}: {exc.strerror or exc}")


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2.

    argparse prints the whole usage block before the error; here the line names the command
    and points at its ``--help`` instead, so a typo never scrolls the message away.
    Sub-parsers inherit the class (``add_subparsers`` uses the parent's type).
    """

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {_one_line(message)} -- see `{self.prog} --help`\n")

    def _check_value(self, action, value):
        # argparse lists the choices; a typo deserves the nearest one too (`drill chek`).
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as exc:
            choices = [str(c) for c in action.choices or ()]
            close = difflib.get_close_matches(str(value), choices, n=1)
            if not close:
                raise
            raise argparse.ArgumentError(action, f"invalid choice: {value!r}; did you mean {close[0]!r}? "
                                                 f"(choose from {', '.join(map(repr, choices))})") from exc


def whole_number(minimum, rule):
    """An argparse type: an int of at least ``minimum``; ``rule`` completes "N: ..." when it is not.

    One parser for every count and seed on the command line (``-j``, ``--limit``, ``--seed``).
    """
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value}: {rule}")
        return value
    return parse


def _one_line(text) -> str:
    """``text`` safe to print as one line: control characters (newlines, escapes) escaped."""
    from .drill.feedback import clean

    return clean(text)


def fail(message, command=None) -> int:
    """Print ``mlmetrics-edu [COMMAND]: message`` as one line on stderr; return exit status 2."""
    prefix = f"mlmetrics-edu {command}" if command else "mlmetrics-edu"
    print(f"{prefix}: {_one_line(message)}", file=sys.stderr)
    return 2


USER_PATH_OPTIONS = ("dir", "folder", "out", "csv")  # argparse dests that name the user's files


def _about_user_path(exc: OSError, args) -> bool:
    """Does ``exc`` concern a path the user gave (or a file inside it)?"""
    if exc.filename is None:
        return False
    failed = Path(os.path.abspath(exc.filename))
    for name in USER_PATH_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, str) and value:
            given = Path(os.path.abspath(value))
            if failed == given or given in failed.parents:
                return True
    return False


def run_command(args) -> int:
    """Run a parsed command; a user's mistake becomes one line on stderr and exit status 2."""
    command = getattr(args, "command", None)
    try:
        return args.func(args) or 0
    except UserError as exc:
        return fail(exc, command)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) or not _about_user_path(exc, args):
            raise
        return fail(f"cannot use {exc.filename}: {exc.strerror or exc}", command)


def _cmd_notebooks(args):
    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} exists and is not a folder")
    try:
        copied, kept = copy_course(target, overwrite=args.force)
    except OSError as exc:
        raise UserError.from_os_error(exc, f"cannot copy the notebooks into {target}") from None
    print(f"Copied {len(copied)} notebooks into {target}" +
          (f"; kept your own copy of {len(kept)} (--force replaces them)" if kept else ""))
    print(f"Open them with: mlmetrics-edu lab --dir {target}")
    return 0


def _cmd_lab(args):
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
    command = [jupyter, args.app, f"--notebook-dir={folder}"]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers, Codespaces: Jupyter refuses root
        command.append("--allow-root")
    print("Starting", " ".join(command))
    return subprocess.call(command)


def build_parser():
    parser = OneLineParser(
        prog="mlmetrics-edu",
        description="Learn, practise and be tested on ML evaluation metrics.",
    )
    parser.add_argument("--version", action="version", version=f"mlmetrics-edu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open the course in JupyterLab (a working copy in ./mlmetrics-course)")
    lab.add_argument("--dir", help="folder of notebooks to open (default: a working copy of the course, "
                                   "./mlmetrics-course, created on first use)")
    lab.add_argument("--app", choices=["lab", "notebook"], default="lab",
                     help="JupyterLab (default) or Notebook 7")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.set_defaults(func=_cmd_lab)

    nbs = sub.add_parser("notebooks", help="copy the course notebooks into a folder")
    nbs.add_argument("dir", metavar="DIR", help="folder to copy them into (created if missing)")
    nbs.add_argument("--force", action="store_true", help="replace notebooks already there")
    nbs.set_defaults(func=_cmd_notebooks)

    for register in _feature_parsers():
        register(sub)
    return parser


def _feature_parsers():
    """``add_parser`` functions of the features that bring sub-commands."""
    from .drill.cli import add_parser as drill
    from .interview.cli import add_parser as interview
    from .interview.review_cli import add_parser as review  # `review` and `cheatsheet`

    return [drill, interview, review]


def main(argv=None):
    """Run ``mlmetrics-edu``; return the exit status (see the module docstring for errors)."""
    try:
        try:
            return _main(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a reader that left (`| head`) shows up here, inside the try
    except BrokenPipeError:
        if not _stdout_reader_gone():
            raise  # another pipe broke: a bug, keep its traceback
        # Python flushes stdout again at exit: point it at /dev/null so that flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        newline = "\n" if sys.stderr.isatty() else ""  # after the terminal's ^C
        sys.stderr.write(f"{newline}mlmetrics-edu: interrupted\n")
        return 130


def _stdout_reader_gone() -> bool:
    """Has the program reading our stdout closed it (``| head`` had its lines)?

    A pipe whose reader left polls as an error. Where that cannot be asked (no ``poll``, no
    file descriptor) the answer is yes: the broken pipe is then most likely stdout's.
    """
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return True


def _main(argv):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
