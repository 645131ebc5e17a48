"""``mlmetrics-edu notebooks DIR``: copy the course notebooks into a folder, keeping the learner's copies."""

from __future__ import annotations

from pathlib import Path

from .shared import UserError, copy_course


def add_parser(subparsers):
    """Register ``notebooks`` on the top-level ``mlmetrics-edu`` parser."""
    nbs = subparsers.add_parser("notebooks", help="copy the course notebooks into a folder")
    nbs.add_argument("dir", metavar="DIR", help="folder to copy them into (created if missing)")
    nbs.add_argument("--force", action="store_true", help="replace notebooks already there")
    nbs.set_defaults(func=run)
    return nbs


def run(args):
    """The ``notebooks`` command."""
    if not args.dir.strip():  # Path('') is the current folder: never a learner's intent
        raise UserError("DIR '' names no folder; give one (use . for the current folder)")
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
