"""``mlmetrics-edu bank-audit``: draw every generated interview question over many seeds, show the verdicts.

The audit itself is :func:`mlmetrics_edu.interview.audit.audit_bank` (pure, no printing);
this module is the command: its options, the table on stdout, the failures on stderr.
"""

from __future__ import annotations

import sys

from .shared import UserError, whole_number


def add_parser(subparsers):
    """Register ``bank-audit`` on the top-level ``mlmetrics-edu`` parser."""
    text = "draw every generated interview question over many seeds and check the verdicts hold"
    p = subparsers.add_parser("bank-audit", help=text, description=text)
    p.add_argument("--seeds", type=whole_number(1, "the audit needs at least one seed"), default=1000,
                   help="seeds per generated question (default 1000)")
    p.add_argument("--generator", action="append", metavar="NAME",
                   help="audit only this generator (repeatable)")
    p.set_defaults(func=run)
    return p


def run(args):
    """The ``bank-audit`` command: status 0 when every generated question passes, else 1."""
    from rich.console import Console

    from ..interview import generators as registry
    from ..interview.audit import audit_bank, failure_lines, render

    if args.generator:
        unknown = sorted(set(args.generator) - set(registry.discover()))
        if unknown:
            raise UserError(f"no question generator called {', '.join(unknown)}")
    reports = audit_bank(args.seeds, generators=args.generator)
    console = Console(width=160)
    console.print(render(reports, args.seeds))
    failing = [r for r in reports if not r.ok]
    for line in failure_lines(failing):
        print(line, file=sys.stderr)
    print(f"{len(reports) - len(failing)} of {len(reports)} generated questions pass.")
    return 1 if failing else 0
