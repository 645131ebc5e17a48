"""``mlmetrics-edu cheatsheet``: write the night-before cheat sheet from the metrics' docstrings.

The sheet itself is built by :mod:`mlmetrics_edu.interview.cheatsheet`; this module is the
command: its options, the one-line errors, and what it prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .shared import OneLineParser, UserError, run_command


def add_parser(subparsers):
    """Register ``cheatsheet`` on the top-level ``mlmetrics-edu`` parser."""
    text = "write a cheat sheet of every metric: formula, intuition, interview trap, edge cases"
    c = subparsers.add_parser("cheatsheet", help=text, description=text)
    c.add_argument("--out", default=".", metavar="DIR", help="folder to write it into (default: here)")
    c.add_argument("--format", choices=["md", "html", "both"], default="both",
                   help="Markdown, printable HTML or both (default)")
    c.add_argument("--full", action="store_true",
                   help="whole notes for every metric (default: the first sentence of each, to print)")
    c.add_argument("--topics", nargs="+", metavar="MODULE",
                   help="only these metric modules, e.g. classification curves calibration "
                        "(default: every one)")
    c.set_defaults(func=run)
    return c


def run(args):
    """The ``cheatsheet`` command."""
    from ..interview.cheatsheet import write_cheatsheet

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder")
    try:
        written = write_cheatsheet(out, args.format, full=args.full, modules=args.topics)
    except ValueError as exc:  # an unknown module name: the user's mistake
        raise UserError(f"--topics: {exc}") from None
    except OSError as exc:
        raise UserError.from_os_error(exc, f"cannot write the cheat sheet into {out}") from None
    stdout = getattr(args, "stdout", None) or sys.stdout
    for path in written:
        print(f"Wrote {path}", file=stdout)
    return 0


def main(argv=None, stdout=None):
    """Run ``cheatsheet`` in-process: ``main(["cheatsheet", "--format", "md"])``; returns the exit status.

    ``stdout`` replaces the terminal for the list of files written.
    """
    parser = OneLineParser(prog="mlmetrics-edu")
    add_parser(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code
    args.stdout = stdout
    return run_command(args)
