"""What every command of ``mlmetrics-edu`` shares, below all of them: no command imports another.

* **Errors.** A command raises :class:`UserError` for what the user typed or pointed at (an
  unknown drill, a folder that is not there, a file it cannot read); the engine raises
  :class:`UsageError` for a call it cannot serve (an unknown student, a missing class folder).
  :func:`run_command` turns either -- and an ``OSError`` about a path the user gave (``--dir``,
  ``--out``, ``--csv``, a class folder) -- into one line on stderr,
  ``mlmetrics-edu COMMAND: <what is wrong>``, and exit status 2. Anything else is a bug and
  keeps its traceback.
* **The one-line parser.** :class:`OneLineParser` makes argparse's own errors one line too:
  the usage block is left out (``COMMAND --help`` shows it), and a typo gets the nearest choice.
* **Numbers on the command line**, one parser each: :func:`whole_number` (every count),
  :data:`seed` (every ``--seed``: a whole number from 0 to 2**128-1), :func:`seconds` (time
  budgets), :func:`folder` (an existing folder). Each message states the bounds it enforces,
  and quotes what was typed cut to a short line (:func:`shown`).
* **The console** of the interactive commands (:class:`Console`, :class:`Quit`), injectable
  by tests, and :func:`run_main`, the top of every in-process run: a reader that leaves
  (``mlmetrics-edu drill list | head -1``) ends quietly with status 1, as the Python
  documentation recommends for a broken pipe; Ctrl-C ends with one line and status 130.
* **The course as shipped** (:func:`course_dir`, :func:`copy_course`), for ``lab`` and ``notebooks``.
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from ..drill.errors import UsageError
from ..drill.feedback import clean

__all__ = ["Console", "OneLineParser", "Quit", "QUIT_WORDS", "UsageError", "UserError", "copy_course",
           "course_dir", "fail", "folder", "one_line", "run_command", "run_main", "seconds", "seed",
           "path_shown", "shown", "whole_number"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
QUIT_WORDS = ("q", "quit", "exit")


# --------------------------------------------------------------------------- errors


class UserError(Exception):
    """A mistake in what the user typed or pointed at: one line on stderr and exit status 2.

    Raise it only for the user's mistakes (an unknown name, a missing folder, an unreadable
    file of theirs); a bug must stay an ordinary exception, with its traceback.
    """

    @classmethod
    def from_os_error(cls, exc: OSError, doing: str) -> "UserError":
        """``cannot write into out/: Permission denied`` from the ``OSError`` and what we tried."""
        return cls(f"{doing}: {exc.strerror or exc}")


MAX_MESSAGE = 300  # characters of an error kept on its one line


def one_line(text) -> str:
    """``text`` safe to print as one line: control characters (newlines, escapes) escaped, and
    cut to :data:`MAX_MESSAGE` characters (an error may quote what was typed: a pasted page).

    >>> one_line("x" * 400).endswith("... (400 characters)")
    True
    """
    text = clean(text)
    return text if len(text) <= MAX_MESSAGE else f"{text[:MAX_MESSAGE]}... ({len(text):,} characters)"


def fail(message, command=None, stream=None) -> int:
    """Print ``mlmetrics-edu [COMMAND]: message`` as one line on stderr; return exit status 2."""
    prefix = f"mlmetrics-edu {command}" if command else "mlmetrics-edu"
    print(f"{prefix}: {one_line(message)}", file=stream or sys.stderr)
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
    except (UserError, UsageError) as exc:
        return fail(exc, command)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) or not _about_user_path(exc, args):
            raise
        return fail(f"cannot use {path_shown(exc.filename)}: {exc.strerror or exc}", command)


# --------------------------------------------------------------------------- the parser


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2.

    argparse prints the whole usage block before the error; here the line names the command
    and points at its ``--help`` instead, so a typo never scrolls the message away.
    Sub-parsers inherit the class (``add_subparsers`` uses the parent's type).
    """

    def error(self, message):
        message = one_line(message)  # argparse quotes what was typed: cut if it is a pasted page
        self.exit(2, f"{self.prog}: error: {message} -- see `{self.prog} --help`\n")

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


def shown(text, limit=40) -> str:
    """``text`` quoted for a message, cut to ``limit`` characters: a pasted page stays a short line.

    >>> shown("abc"), shown("9" * 5000, limit=3)
    ("'abc'", "'999'... (5,000 characters)")
    """
    text = str(text)
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text):,} characters)"


def path_shown(path, limit=200) -> str:
    """A path for a message: as typed when short, else quoted and cut (:func:`shown`), so the
    reason after it stays on the line."""
    text = str(path)
    return text if len(text) <= limit else shown(text, limit)


def whole_number(minimum, rule, maximum=None):
    """An argparse type: an int from ``minimum`` to ``maximum`` (no upper bound when None);
    ``rule`` completes "N: ..." when it is not, and must state both bounds.

    One parser for every count and seed on the command line (``-j``, ``--limit``, ``--seed``).
    """
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            if text.strip().lstrip("+-").isdigit():  # past Python's 4300-digit limit for int()
                raise argparse.ArgumentTypeError(f"{shown(text)} has too many digits"
                                                 + (f": {rule}" if maximum is not None else "")) from None
            raise argparse.ArgumentTypeError(f"{shown(text)} is not a whole number") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"{value if len(text) <= 40 else shown(text)}: {rule}")
        return value
    return parse


SEED_MAX = 2**128 - 1  # the batch grader draws 128-bit seeds
seed = whole_number(0, "a seed is a whole number from 0 to 2**128-1", SEED_MAX)  # every --seed


def seconds(rule, *, zero_ok=False, maximum=None):
    """An argparse type: a finite number of seconds above 0 (or at least 0), at most ``maximum``;
    ``rule`` says so, bounds included."""
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{shown(text)} is not a number") from None
        if not (math.isfinite(value) and (value >= 0 if zero_ok else value > 0)
                and (maximum is None or value <= maximum)):
            raise argparse.ArgumentTypeError(f"{shown(text)}: {rule}")
        return value
    return parse


def folder(text):
    """An argparse type: a folder that exists (an empty name is refused, not read as ".")."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name (use . for this folder)")
    name = path_shown(text)
    try:
        is_dir, exists = Path(text).is_dir(), Path(text).exists()
    except OSError as exc:  # a name too long for the file system, say
        raise argparse.ArgumentTypeError(f"{name} is not a usable folder name: {exc.strerror or exc}") from None
    if not is_dir:
        raise argparse.ArgumentTypeError(f"{name} is not a folder" if exists else f"{name} does not exist")
    return text


# --------------------------------------------------------------------------- running


def run_main(parser, argv) -> int:
    """Parse ``argv`` and run the command; return the exit status (see the module docstring).

    No command prints its help and succeeds. argparse's own exits (``--help``, ``--version``,
    an error) stay ``SystemExit``, as from any command-line program.
    """
    try:
        try:
            args = parser.parse_args(argv)
            if not getattr(args, "func", None):
                parser.print_help()
                return 0
            return run_command(args)
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


# --------------------------------------------------------------------------- the console


class Quit(Exception):
    """The learner stops before the end; ``reason`` says how (``"quit"``, ``"time"``, ...)."""

    def __init__(self, reason="quit"):
        super().__init__(reason)
        self.reason = reason


class Console:
    """Everything an interactive command touches outside itself, so tests can drive it in-process.

    ``out``/``err`` are the output streams; ``read(prompt)`` is ``input()`` (over ``stdin`` when
    one is given: the prompt is written and the line echoed, for transcripts); ``ask(prompt)``
    reads one stripped line and raises :class:`Quit` on a quit word, the end of input or Ctrl-C;
    ``say(text)`` prints a line; ``clock()`` is monotonic seconds, ``now()`` the wall-clock time.
    """

    def __init__(self, stdin=None, stdout=None, stderr=None, *, clock=None, now=None, input_fn=None):
        self.stdin = stdin if stdin is not None else sys.stdin
        self.out = stdout if stdout is not None else sys.stdout
        self.err = stderr if stderr is not None else sys.stderr
        self.read = input_fn or (input if stdin is None else _line_reader(stdin, self.out))
        self.clock = clock or time.monotonic
        self.now = now or (lambda: datetime.now().astimezone())

    @classmethod
    def make(cls, stdin=None, stdout=None, stderr=None, clock=None, now=None, input_fn=None):
        return cls(stdin, stdout, stderr, clock=clock, now=now, input_fn=input_fn)

    @property
    def stdout(self):
        return self.out

    def say(self, text=""):
        print(text, file=self.out, flush=True)

    def ask(self, prompt) -> str:
        """One line of input, stripped; raises :class:`Quit` on q, end of input or Ctrl-C."""
        self.out.write(prompt)
        self.out.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.say()
            raise Quit("interrupted") from None
        if line == "":
            self.say()
            raise Quit("eof")
        text = line.strip()
        if text.lower() in QUIT_WORDS:
            raise Quit("quit")
        return text


def _line_reader(stdin, out):
    """``input()`` over any text stream: writes the prompt, echoes the line (for transcripts)."""
    def read(prompt=""):
        out.write(prompt)
        out.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        out.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\r\n")
    return read


# --------------------------------------------------------------------------- the course


def course_dir():
    """The course notebooks as shipped: the wheel's copy, else the checkout's ``notebooks/``."""
    for candidate in (PACKAGE_DIR / "_content" / "notebooks", PACKAGE_DIR.parent / "notebooks"):
        if candidate.is_dir() and any(candidate.glob("*.ipynb")):
            return candidate
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
