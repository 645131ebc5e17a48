"""The top of ``mlmetrics-edu``: one parser that gathers every command, and :func:`main`.

This file is a table of contents: each command's module registers it with an
``add_parser(subparsers)`` function, and :func:`~mlmetrics_edu.cli.shared.run_main` runs
what was parsed (errors as one line, exit status 2; see :mod:`mlmetrics_edu.cli.shared`).
The commands are imported when the parser is built, not when this module is.
"""

from __future__ import annotations

import sys

from .._version import __version__
from .shared import OneLineParser, run_main


def build_parser():
    """The ``mlmetrics-edu`` parser with every command registered, in the order ``--help`` lists them."""
    parser = OneLineParser(
        prog="mlmetrics-edu",
        description="Learn, practise and be tested on ML evaluation metrics.",
        epilog="Without a COMMAND, this help is printed and the exit status is 0; a mistake in a "
               "command is one line on stderr and exit status 2.",
    )
    parser.add_argument("--version", action="version", version=f"mlmetrics-edu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _feature_parsers():
        register(sub)
    return parser


def _feature_parsers():
    """``add_parser`` of every command, in ``--help`` order."""
    from . import bank_audit, cheatsheet, drill, interview, lab, notebooks, review

    return [lab.add_parser, notebooks.add_parser, drill.add_parser, interview.add_parser, review.add_parser,
            cheatsheet.add_parser, bank_audit.add_parser]


def main(argv=None):
    """Run ``mlmetrics-edu``; return the exit status (see :mod:`mlmetrics_edu.cli.shared` for errors)."""
    return run_main(build_parser(), argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
