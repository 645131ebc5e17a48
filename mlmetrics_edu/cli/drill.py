"""``mlmetrics-edu drill ...``: the rustlings-style front end of the grading engine.

    drill init DIR          copy the drill stubs (never the answers) into DIR
    drill list              every drill and its status, with a legend of the marks
    drill next              the first drill not passed yet, with its scenario
    drill check [ID]        grade one drill (default: the next one); --all grades them all
    drill watch             re-check on every save (polls file mtimes)
    drill hint [ID]         the next hint, from a question to a near-answer (default:
                            the next drill, as for ``check``)
    drill solution ID       the commented reference answer (after a pass, or --force)
    drill progress          progress bars
    drill reset [ID]        forget progress (--restore also puts the stub back)
    drill grade CLASS       workshop: grade every student's folder in parallel, with a
                            progress bar; resumable; writes a gradebook, JSONL and a
                            class report (see ``batch.py``)

Commands act on the learner's directory: the current one, or ``--dir DIR``. A
mistake on the command line (unknown drill or case, a folder that is not there, a
negative budget, a folder with no drills) raises :class:`~mlmetrics_edu.cli.shared.UserError`,
which ``mlmetrics-edu`` prints as one line on stderr with exit status 2, never a traceback.

``drill init DIR`` into a folder that already holds files is allowed: the stubs are added
next to them and a drill file already there is kept (the learner's work; ``--force``
replaces it), so running it again after an upgrade adds only the new drill sets. A DIR
that is a file is an error.
"""

from __future__ import annotations

import ast
import functools
import shutil
import signal
import sys
import time
from pathlib import Path

from ..drill import feedback
from ..drill.batch import GradingInterrupted, grade, notices
from ..drill.cases import UnknownCase
from ..drill.grader import check_file
from ..drill.progress import Progress, progress_report, record_verdict
from ..drill.sandbox import Limits
from ..drill.spec import UnknownDrill, answer_path, drills_dir, get_drill, load_drills, scenario, stub_path
from .shared import OneLineParser, UsageError, UserError, folder, run_main, seconds, seed, whole_number

STATUS_MARK = {"passed": "done", "attempted": "....", "new": ""}
STATUS_LEGEND = "done = passed, .... = tried, not passed yet, blank = not started, > = next up"
CURRENT_MARK = ">"


def _user_errors(func):
    """The grading engine's own "you asked for something that is not there" errors are the
    user's mistakes: hand them to ``mlmetrics-edu`` as :class:`UserError` (one line, status 2)."""

    @functools.wraps(func)
    def wrapper(args):
        try:
            return func(args)
        except (UnknownDrill, UnknownCase, UsageError) as exc:
            raise UserError(str(exc)) from None

    return wrapper


MAX_BUDGET = 86_400.0   # a day of CPU time: the sandbox's limits must fit the operating system's
MAX_INTERVAL = 3_600.0  # an hour between polls
_positive = seconds(f"a time budget must be a positive number of seconds, at most {MAX_BUDGET:,.0f}",
                    maximum=MAX_BUDGET)
_interval = seconds(f"the interval is a number of seconds from 0 to {MAX_INTERVAL:,.0f}", zero_ok=True,
                    maximum=MAX_INTERVAL)


def _at_least_one(what):
    return whole_number(1, f"use at least 1 {what}")


_workers = _at_least_one("worker")


def add_parser(subparsers):
    """Register ``drill`` and its sub-commands on the top-level ``mlmetrics-edu`` parser."""
    drill = subparsers.add_parser("drill", help="auto-graded drills: implement a metric, get feedback",
                                  epilog="Without a SUBCOMMAND, this help is printed and the exit status is 0.")
    drill.set_defaults(func=lambda args: drill.print_help() or 0)
    sub = drill.add_subparsers(dest="drill_command", metavar="SUBCOMMAND")

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=_user_errors(func))
        if name not in ("init", "grade"):
            p.add_argument("--dir", default=".", type=folder, help="your drills directory (default: here)")
        return p

    p = command("init", _init, "copy the drill stubs (not the answers) into DIR (created if missing; "
                               "in a folder that has files, drill files already there are kept)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--force", action="store_true", help="overwrite drill files that already exist")
    command("list", _list, "list every drill and its status")
    command("next", _next, "show the first drill you have not passed yet")
    p = command("check", _check, "grade a drill (default: the next one not passed)")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--case", help="run only this case and show its inputs in full")
    p.add_argument("--seed", type=seed, help="the run seed of the random cases (a failure report prints it)")
    p.add_argument("--all", action="store_true", help="grade every drill and print a summary")
    _limit_options(p)
    p = command("watch", _watch, "re-check the current drill whenever a drill file is saved")
    p.add_argument("--interval", type=_interval, default=1.0, help=f"seconds between polls, 0 to {MAX_INTERVAL:,.0f} (default 1)")
    p.add_argument("--once", action="store_true", help="check once and exit")
    p.add_argument("--iterations", type=_at_least_one("poll"), default=None, help="stop after this many polls")
    _limit_options(p)
    p = command("hint", _hint, "show the next hint for a drill (default: the next one not passed)")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--level", type=whole_number(1, "hint levels start at 1"), help="show this hint level (1-3)")
    p = command("solution", _solution, "show the reference answer (after you pass, or with --force)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--force", action="store_true", help="show it even though you have not passed")
    command("progress", _progress, "show your progress")
    p = command("reset", _reset, "forget progress for one drill (or all)")
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("--restore", action="store_true", help="also put the original stub back in your file")
    p = command("grade", _grade, "grade a class folder: one sub-folder per student (workshop)")
    p.add_argument("folder", metavar="CLASS")
    p.add_argument("--drills", nargs="*", help="drill ids to grade (default: all)")
    p.add_argument("-j", "--jobs", type=_workers, default=None,
                   help="sandboxes to run at once (default: the number of CPUs)")
    p.add_argument("--out", help="where the gradebook, JSONL and reports go (default: CLASS-grading)")
    p.add_argument("--regrade", action="store_true", help="grade everyone again, ignoring saved results")
    p.add_argument("--student", help="grade (again) this student only")
    p.add_argument("--seed", type=seed, help="fix every pair's random cases, to reproduce a grading "
                   "(default: a fresh secret 128-bit seed for each run, never stored)")
    p.add_argument("--allow-weak-sandbox", action="store_true",
                   help="grade even without the operating-system sandbox (bubblewrap); every record says so")
    p.add_argument("--csv", help="also copy the gradebook CSV to this file")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _limit_options(p)
    return drill


def _limit_options(p):
    p.add_argument("--timeout", type=_positive, default=Limits.timeout,
                   help=f"CPU seconds per case, at most {MAX_BUDGET:,.0f} (default {Limits.timeout:g})")
    p.add_argument("--drill-timeout", type=_positive, default=Limits.drill_timeout,
                   help=f"CPU seconds per drill, import included, at most {MAX_BUDGET:,.0f} "
                        f"(default {Limits.drill_timeout:g})")


def _limits(args):
    return Limits(timeout=args.timeout, drill_timeout=max(args.drill_timeout, args.timeout),
                  startup_timeout=min(Limits.startup_timeout, args.drill_timeout))


# --------------------------------------------------------------------------- commands


def _init(args):
    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} exists and is not a folder; give the name of a folder to create")
    copied, kept = [], []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for stub in sorted(drills_dir().glob("[0-9]*.py")):
            dest = target / stub.name
            if dest.exists() and not args.force:
                kept.append(stub.name)
                continue
            shutil.copyfile(stub, dest)
            copied.append(stub.name)
        Progress(target).save()
    except OSError as exc:
        raise UserError.from_os_error(exc, f"cannot set up the drills in {target}") from None
    kept_note = f" (kept your {len(kept)} existing ones)" if kept else ""
    print(f"Copied {len(copied)} drill files into {target}{kept_note}")
    print(f"Next:\n    cd {target}\n    mlmetrics-edu drill next")
    return 0


def _list(args):
    progress = Progress(args.dir)
    drills = load_drills()
    up_next = _next_drill(progress)
    width = max(len(d.id) for d in drills)
    set_name = None
    for d in drills:
        if d.set_name != set_name:
            set_name = d.set_name
            print(f"\n{d.set_name}.py  {d.set_title}")
        pointer = CURRENT_MARK if d is up_next else " "
        print(f"{pointer} {STATUS_MARK[progress.status(d.id)]:<5} {d.id:<{width}}  {d.title}")
    print(f"\nStatus: {STATUS_LEGEND}.")
    if up_next is not None:
        print(f"Next up: {up_next.id}. `mlmetrics-edu drill check` and `drill hint` act on it when "
              "you give no ID.")
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
        raise UserError(f"{path} not found. Start with `mlmetrics-edu drill init DIR`, then work in DIR "
                        "(or pass --dir DIR).")
    return path


def _drill_files(folder):
    """The drills whose file is in ``folder``; none is the user's mistake (a wrong folder)."""
    drills = [d for d in load_drills() if (Path(folder) / d.filename).is_file()]
    if not drills:
        raise UserError(f"no drill files in {folder}. Start with `mlmetrics-edu drill init DIR`, then "
                        "work in DIR (or pass --dir DIR).")
    return drills


PRACTICE_NOTE = ("Practice run: with --seed you chose the cases, so this is not recorded as a pass; "
                 "run the check without --seed to record it.")


def _grade_one(args, drill, progress, *, case=None):
    path = _learner_file(args, drill)
    verdict = check_file(drill, path, case=case, limits=_limits(args), label=str(path),
                         seed=getattr(args, "seed", None))
    practice = getattr(args, "seed", None) is not None
    if case is None:
        record_verdict(progress, verdict, practice=practice)
    failures = progress.failures(drill.id)
    level = 0 if verdict.passed else min(max(failures - 1, progress.hint_level(drill.id)), len(drill.hints))
    if level:
        progress.saw_hint(drill.id, level)
    where = "" if args.dir == "." else f" --dir {args.dir}"
    print(feedback.text(verdict, hint_level=level, reproduce=feedback.CLI_REPRODUCE + where))
    if practice and case is None:
        print(PRACTICE_NOTE)
    elif verdict.passed and case is None:
        nxt = _next_drill(progress)
        print(f"Next: mlmetrics-edu drill check {nxt.id}" if nxt else "Every drill passed!")
    return verdict


def _check(args):
    progress = Progress(args.dir)
    if args.all:
        if args.id or args.case:
            raise UserError("--all grades every drill: give it no ID and no --case")
        return _check_all(args, progress)
    drill = get_drill(args.id) if args.id else _next_drill(progress)
    if drill is None:
        print("Every drill passed. `mlmetrics-edu drill check ID` re-checks one.")
        return 0
    verdict = _grade_one(args, drill, progress, case=args.case)
    return 0 if verdict.passed else 1


def _check_all(args, progress):
    from concurrent.futures import ThreadPoolExecutor

    drills = _drill_files(args.dir)
    with ThreadPoolExecutor() as pool:
        verdicts = list(pool.map(lambda d: check_file(d, Path(args.dir) / d.filename,
                                                      limits=_limits(args), seed=args.seed), drills))
    for v in verdicts:
        record_verdict(progress, v, practice=args.seed is not None)
        state = {"pass": "PASS", "todo": "TODO"}.get(v.status, "FAIL")
        problem = "" if v.passed or v.failure.not_implemented else feedback.clean(v.failure.problem)
        print(f"{state}  {v.drill.id:<24} {problem}")
    print(progress_report(progress, load_drills()))
    if args.seed is not None:
        print(PRACTICE_NOTE)
    return 0 if all(v.passed for v in verdicts) else 1


def _watch(args):
    folder = Path(args.dir)
    _drill_files(folder)
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
    except KeyboardInterrupt:  # the way to stop watching: not an error
        print("\nStopped watching.")
        return 0


def _watch_round(args, progress, changed):
    """Check the first unpassed drill of a changed file; after a pass, go on to the next."""
    while True:
        pending = [d for d in load_drills() if not progress.passed(d.id)]
        drill = next((d for d in pending if d.filename in changed), pending[0] if pending else None)
        if drill is None:
            print("Every drill passed!")
            return
        if not _grade_one(args, drill, progress).passed:
            return


def _hint(args):
    progress = Progress(args.dir)
    drill = get_drill(args.id) if args.id else _next_drill(progress)
    if drill is None:
        print("Every drill passed. `mlmetrics-edu drill hint ID` shows the hints of one.")
        return 0
    level = args.level if args.level is not None else min(progress.hint_level(drill.id) + 1, len(drill.hints))
    if not 1 <= level <= len(drill.hints):
        raise UserError(f"--level {args.level}: hint levels of {drill.id} go from 1 to {len(drill.hints)}")
    progress.saw_hint(drill.id, level)
    if not args.id:
        print(f"The next drill, {drill.id}: {drill.title}")
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
    if args.id is None and args.restore:
        raise UserError("--restore needs a drill ID: `mlmetrics-edu drill reset ID --restore`")
    progress = Progress(args.dir)
    if args.id is None:
        progress.reset()
        print("Progress reset for every drill.")
        return 0
    drill = get_drill(args.id)
    if args.restore:  # first: a file that cannot be restored leaves the progress as it was
        path = _learner_file(args, drill)
        restore_stub(path, drill)
    progress.reset(drill.id)
    print(f"Progress reset for {drill.id}.")
    if args.restore:
        print(f"Restored the stub of {drill.function} in {path}.")
    return 0


def restore_stub(path: Path, drill):
    """Replace the learner's version of the drill's function by the original stub.

    A learner's file that is not UTF-8, does not parse or has no such function is a
    :class:`UserError` naming what to fix.
    """
    stub = stub_path(drill).read_text(encoding="utf-8").splitlines()
    try:
        mine = path.read_text(encoding="utf-8").splitlines()
        a, b = _function_span(mine, drill.function)
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8 "
                        "and run the command again") from None
    except SyntaxError as exc:
        raise UserError(f"cannot restore {drill.function}: {path} does not parse ({exc.msg}, line "
                        f"{exc.lineno}); fix that line, or delete the file and run `mlmetrics-edu drill "
                        "init DIR` again to get every stub of it back") from None
    except KeyError:
        raise UserError(f"cannot restore {drill.function}: {path} has no function called "
                        f"{drill.function}") from None
    c, d = _function_span(stub, drill.function)
    path.write_text("\n".join(mine[:a] + stub[c:d] + mine[b:]) + "\n", encoding="utf-8")


def _has_student_folders(folder: Path) -> bool:
    """Does a class folder hold a student, as ``batch.grade`` counts them (visible sub-folders)?"""
    return any((p.is_dir() or p.is_symlink()) and not p.name.startswith(".") for p in folder.iterdir())


def _interrupt(signum, frame):
    """SIGTERM ends a grading run as Ctrl-C does: running children stop, finished work is kept."""
    raise KeyboardInterrupt


def _main_thread():
    import threading

    return threading.current_thread() is threading.main_thread()


def _grade(args):
    folder = Path(args.folder)
    for drill_id in args.drills or ():
        get_drill(drill_id)  # an unknown drill first: the most specific mistake
    if not args.student and folder.is_dir() and not _has_student_folders(folder):
        mine = ("; it looks like one learner's folder: `mlmetrics-edu drill check --all --dir "
                f"{folder}` grades it") if any(folder.glob("[0-9]*.py")) else ""
        raise UserError(f"{folder} holds no student folders (expected one sub-folder per student){mine}")
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        raise UserError(f"--out {args.out} is a file, not a folder")
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        table = grade(args.folder, args.drills, workers=args.jobs, limits=_limits(args), seed=args.seed,
                      out=args.out, regrade=args.regrade, student=args.student, write=True,
                      progress=not args.no_progress, allow_weak=args.allow_weak_sandbox)
    except GradingInterrupted as stop:
        table = stop.table
        print(f"\nInterrupted: {table.graded} (student, drill) pairs graded and kept in {table.out}; "
              "run the same command again to grade the rest.", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print(table.to_text())
    for line in notices(table):
        print(line)
    resumed = sum(1 for _ in table.records) - table.graded
    print(f"\nGraded {table.graded} (student, drill) pairs in {table.seconds:.1f} s"
          + (f"; {resumed} kept from an earlier run (--regrade to redo them)" if resumed > 0 else "")
          + f". Sandbox: {table.isolation}.")
    print(f"Gradebook:    {table.out / 'gradebook.csv'}")
    print(f"Per case:     {table.out / 'results.jsonl'}")
    print(f"Class report: {table.out / 'report.md'} and {table.out / 'report.html'}")
    print(f"Students:     {table.out / 'students'}/NAME.txt")
    if args.csv:
        try:
            Path(args.csv).write_text(table.to_csv(), encoding="utf-8")
        except OSError as exc:
            raise UserError.from_os_error(exc, f"cannot write --csv {args.csv}") from None
        print(f"CSV written to {args.csv}")
    return 0


def main(argv=None):
    """``mlmetrics-edu drill ARGV...``, in-process (tests); returns the exit status."""
    parser = OneLineParser(prog="mlmetrics-edu")
    add_parser(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return run_main(parser, ["drill", *(argv or [])])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
