"""``mlmetrics-edu drill ...``: the rustlings-style front end of the grading engine.

    drill init DIR          copy the drill stubs (never the answers) into DIR
    drill list              every drill and its status
    drill next              the first drill not passed yet, with its scenario
    drill check [ID]        grade one drill (default: the next one); --all grades them all
    drill watch             re-check on every save (polls file mtimes)
    drill hint ID           the next hint, from a question to a near-answer
    drill solution ID       the commented reference answer (after a pass, or --force)
    drill progress          progress bars
    drill reset [ID]        forget progress (--restore also puts the stub back)
    drill grade FOLDER      workshop: grade every student's folder, print a table

Commands act on the learner's directory: the current one, or ``--dir DIR``.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import sys
import time
from pathlib import Path

from . import feedback
from .batch import grade
from .grader import check_file
from .progress import Progress, progress_report
from .sandbox import Limits
from .spec import answer_path, drills_dir, get_drill, load_drills, scenario, stub_path

STATUS_MARK = {"passed": "done", "attempted": "....", "new": ""}


def add_parser(subparsers):
    """Register ``drill`` and its sub-commands on the top-level ``mlmetrics-edu`` parser."""
    drill = subparsers.add_parser("drill", help="auto-graded drills: implement a metric, get feedback")
    drill.set_defaults(func=lambda args: drill.print_help() or 0)
    sub = drill.add_subparsers(dest="drill_command", metavar="SUBCOMMAND")

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if name not in ("init", "grade"):
            p.add_argument("--dir", default=".", help="your drills directory (default: here)")
        return p

    p = command("init", _init, "copy the drill stubs (not the answers) into DIR")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--force", action="store_true", help="overwrite drill files that already exist")
    command("list", _list, "list every drill and its status")
    command("next", _next, "show the first drill you have not passed yet")
    p = command("check", _check, "grade a drill (default: the next one not passed)")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--case", help="run only this case and show its inputs in full")
    p.add_argument("--all", action="store_true", help="grade every drill and print a summary")
    _limit_options(p)
    p = command("watch", _watch, "re-check the current drill whenever a drill file is saved")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between polls (default 1)")
    p.add_argument("--once", action="store_true", help="check once and exit")
    p.add_argument("--iterations", type=int, default=None, help="stop after this many polls")
    _limit_options(p)
    p = command("hint", _hint, "show the next hint for a drill")
    p.add_argument("id", metavar="ID")
    p.add_argument("--level", type=int, help="show this hint level (1-3)")
    p = command("solution", _solution, "show the reference answer (after you pass, or with --force)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--force", action="store_true", help="show it even though you have not passed")
    command("progress", _progress, "show your progress")
    p = command("reset", _reset, "forget progress for one drill (or all)")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--restore", action="store_true", help="also put the original stub back in your file")
    p = command("grade", _grade, "grade a folder of student folders (workshop)")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--drills", nargs="*", help="drill ids to grade (default: all)")
    p.add_argument("--csv", help="also write the table as CSV to this file")
    _limit_options(p)
    return drill


def _limit_options(p):
    p.add_argument("--timeout", type=float, default=Limits.timeout, help="seconds per case (default 3)")


def _limits(args):
    return Limits(timeout=args.timeout)


# --------------------------------------------------------------------------- commands


def _init(args):
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for stub in sorted(drills_dir().glob("[0-9]*.py")):
        dest = target / stub.name
        if dest.exists() and not args.force:
            kept.append(stub.name)
            continue
        shutil.copyfile(stub, dest)
        copied.append(stub.name)
    Progress(target).save()
    kept_note = f" (kept your {len(kept)} existing ones)" if kept else ""
    print(f"Copied {len(copied)} drill files into {target}{kept_note}")
    print(f"Next:\n    cd {target}\n    mlmetrics-edu drill next")
    return 0


def _list(args):
    progress = Progress(args.dir)
    current = None
    for d in load_drills():
        if d.set_name != current:
            current = d.set_name
            print(f"\n{d.set_name}.py  {d.set_title}")
        print(f"  {STATUS_MARK[progress.status(d.id)]:<5} {d.id:<24} {d.title}")
    return 0


def _next_drill(progress):
    return next((d for d in load_drills() if not progress.passed(d.id)), None)


def _next(args):
    drill = _next_drill(Progress(args.dir))
    if drill is None:
        print("Every drill passed. Well done!")
        return 0
    print(f"Next drill: {drill.id} ({drill.title})")
    print(f"  file:      {Path(args.dir) / drill.filename}, function {drill.function}")
    print(f"  signature: {drill.signature}")
    for line in scenario(drill).splitlines():
        print(f"  | {line.strip()}")
    for c in drill.conventions:
        print(f"  - {c}")
    print(f"When ready:  mlmetrics-edu drill check {drill.id}")
    return 0


def _learner_file(args, drill):
    path = Path(args.dir) / drill.filename
    if not path.is_file():
        print(f"{path} not found. Start with `mlmetrics-edu drill init DIR`, then work in DIR "
              "(or pass --dir DIR).", file=sys.stderr)
        return None
    return path


def _grade_one(args, drill, progress, *, case=None):
    path = _learner_file(args, drill)
    if path is None:
        return None
    verdict = check_file(drill, path, case=case, limits=_limits(args), label=str(path))
    if case is None:
        progress.record(drill.id, verdict.passed)
    failures = progress.failures(drill.id)
    level = 0 if verdict.passed else min(max(failures - 1, progress.hint_level(drill.id)), len(drill.hints))
    if level:
        progress.saw_hint(drill.id, level)
    where = "" if args.dir == "." else f" --dir {args.dir}"
    print(feedback.text(verdict, hint_level=level, reproduce=feedback.CLI_REPRODUCE + where))
    if verdict.passed and case is None:
        nxt = _next_drill(progress)
        print(f"Next: mlmetrics-edu drill check {nxt.id}" if nxt else "Every drill passed!")
    return verdict


def _check(args):
    progress = Progress(args.dir)
    if args.all:
        return _check_all(args, progress)
    drill = get_drill(args.id) if args.id else _next_drill(progress)
    if drill is None:
        print("Every drill passed. `mlmetrics-edu drill check ID` re-checks one.")
        return 0
    verdict = _grade_one(args, drill, progress, case=args.case)
    return 2 if verdict is None else (0 if verdict.passed else 1)


def _check_all(args, progress):
    from concurrent.futures import ThreadPoolExecutor

    drills = [d for d in load_drills() if (Path(args.dir) / d.filename).is_file()]
    with ThreadPoolExecutor() as pool:
        verdicts = list(pool.map(lambda d: check_file(d, Path(args.dir) / d.filename,
                                                      limits=_limits(args)), drills))
    for v in verdicts:
        progress.record(v.drill.id, v.passed)
        state = "PASS" if v.passed else ("TODO" if v.failure.not_implemented else "FAIL")
        print(f"{state}  {v.drill.id:<24} {'' if v.passed or v.failure.not_implemented else v.failure.problem}")
    print(progress_report(progress, load_drills()))
    return 0 if all(v.passed for v in verdicts) else 1


def _watch(args):
    folder = Path(args.dir)
    progress = Progress(folder)
    seen, polls = None, 0
    print("Watching drill files; save to re-check, Ctrl-C to stop.")
    try:
        while True:
            mtimes = {p.name: p.stat().st_mtime_ns for p in folder.glob("[0-9]*.py")}
            if mtimes != seen:
                changed = [n for n in mtimes if seen is None or mtimes[n] != seen.get(n)]
                seen = mtimes
                _watch_round(args, progress, changed)
            polls += 1
            if args.once or (args.iterations is not None and polls >= args.iterations):
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def _watch_round(args, progress, changed):
    """Check the first unpassed drill of a changed file; after a pass, go on to the next."""
    while True:
        pending = [d for d in load_drills() if not progress.passed(d.id)]
        drill = next((d for d in pending if d.filename in changed), pending[0] if pending else None)
        if drill is None:
            print("Every drill passed!")
            return
        verdict = _grade_one(args, drill, progress)
        if verdict is None or not verdict.passed:
            return


def _hint(args):
    drill = get_drill(args.id)
    progress = Progress(args.dir)
    level = args.level or min(progress.hint_level(drill.id) + 1, len(drill.hints))
    if not 1 <= level <= len(drill.hints):
        print(f"hint levels go from 1 to {len(drill.hints)}", file=sys.stderr)
        return 2
    progress.saw_hint(drill.id, level)
    for i in range(1, level + 1):
        print(f"hint {i}/{len(drill.hints)}: {drill.hints[i - 1]}")
    if level < len(drill.hints):
        print(f"(run the command again for hint {level + 1})")
    return 0


def _solution(args):
    drill = get_drill(args.id)
    if not (Progress(args.dir).passed(drill.id) or args.force):
        print(f"Pass {drill.id} first (mlmetrics-edu drill check {drill.id}), or add --force "
              "if you really want to see the answer now.", file=sys.stderr)
        return 1
    print(f"# {answer_path(drill).parent.name}/{drill.filename}")
    print(function_text(answer_path(drill), drill.function))
    return 0


def function_text(path: Path, name: str) -> str:
    """The source of function ``name`` in ``path``, comments above it included."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = _function_span(lines, name)
    return "\n".join(lines[start:end])


def _function_span(lines, name):
    for node in ast.parse("\n".join(lines)).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            start = node.lineno - 1 - len(node.decorator_list)
            while start > 0 and lines[start - 1].lstrip().startswith("#"):
                start -= 1
            return start, node.end_lineno
    raise KeyError(f"no function {name} found")


def _progress(args):
    print(progress_report(Progress(args.dir), load_drills()))
    return 0


def _reset(args):
    progress = Progress(args.dir)
    if args.id is None:
        if args.restore:
            print("--restore needs a drill ID", file=sys.stderr)
            return 2
        progress.reset()
        print("Progress reset for every drill.")
        return 0
    drill = get_drill(args.id)
    progress.reset(drill.id)
    print(f"Progress reset for {drill.id}.")
    if args.restore:
        path = _learner_file(args, drill)
        if path is None:
            return 2
        restore_stub(path, drill)
        print(f"Restored the stub of {drill.function} in {path}.")
    return 0


def restore_stub(path: Path, drill):
    """Replace the learner's version of the drill's function by the original stub."""
    mine = path.read_text(encoding="utf-8").splitlines()
    stub = stub_path(drill).read_text(encoding="utf-8").splitlines()
    a, b = _function_span(mine, drill.function)
    c, d = _function_span(stub, drill.function)
    path.write_text("\n".join(mine[:a] + stub[c:d] + mine[b:]) + "\n", encoding="utf-8")


def _grade(args):
    table = grade(args.folder, args.drills, limits=_limits(args))
    print(table.to_text())
    if args.csv:
        Path(args.csv).write_text(table.to_csv(), encoding="utf-8")
        print(f"CSV written to {args.csv}")
    return 0


def main(argv=None):
    """Run ``drill`` sub-commands on their own (tests, or before the lead wires the CLI)."""
    parser = argparse.ArgumentParser(prog="mlmetrics-edu")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["drill", *(argv or [])])
    return args.func(args) or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
