"""``mlmetrics-edu interview``: a timed mock interview in the terminal, ending with a report card.

    mlmetrics-edu interview [--minutes N] [--topics T ...] [--level L ...] [--seed S]
                            [--dir DIR] [--drill/--no-drill] [--out PATH]

The questions come from the bank (``session.plan_session``); each is graded as soon as it is
answered: multiple choice with feedback on every option, numbers with the worked solution,
spot-the-bug with the fix, explain-out-loud self-graded against the rubric, point by point.
Follow-ups come right after their question. With a drills folder (``mlmetrics-edu drill init``)
the interview ends with one code drill graded by the drill engine. Every answer goes to the
spaced-review queue of the learner's folder, and the report card is written there as Markdown
and JSON -- also when the session ends early (``q``, Ctrl-C, SIGHUP, SIGTERM, end of input,
time up). Each graded answer is written to the progress file as soon as it is graded.

The practice engine does the work (:mod:`mlmetrics_edu.interview.planner` plans,
:class:`~mlmetrics_edu.interview.session.Session` grades, totals and picks the follow-up,
:mod:`mlmetrics_edu.interview.review` schedules); this module only displays and reads.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import signal
import sys
import textwrap
import threading
from pathlib import Path

from ..interview.bank import LEVELS, TOPICS, AnswerError, BankError, load_bank
from ..interview.kinds import kind_of
from ..interview.question import check_typed
from ..interview.report import NOTEBOOKS_DIR, build_card, check_writable, to_markdown, working_copy, write_card
from ..interview.schedule import first_rating
from ..interview.session import (DRILL_MIN_MINUTES, DRILL_SECONDS, KIND_NAMES, DrillAttempt, PlanError, Session,
                                 clock, new_seed, plan_session)
from .shared import QUIT_WORDS, Console, OneLineParser, Quit, UsageError, one_line, seed, shown

MAX_MINUTES = 240
WIDTH = 88
SKIP_WORDS = ("skip",)
LEVEL_WORDS = {"1": 1, "2": 2, "3": 3, "warm-up": 1, "warmup": 1, "easy": 1, "standard": 2,
               "medium": 2, "hard": 3}


def add_parser(subparsers):
    """Register ``interview`` on the top-level ``mlmetrics-edu`` parser."""
    p = subparsers.add_parser(
        "interview", help="a timed mock interview with a report card",
        description="A timed mock interview: questions across topics and difficulties, graded as "
                    "you answer, then a report card (Markdown and JSON) saying what to review.")
    p.add_argument("--minutes", default="20", metavar="N",
                   help=f"length of the interview: more than 0, at most {MAX_MINUTES} (default 20)")
    p.add_argument("--topics", nargs="+", metavar="TOPIC",
                   help=f"topics to draw from (default: all): {', '.join(TOPICS)}")
    p.add_argument("--level", nargs="+", metavar="LEVEL",
                   help="difficulties to draw from (default: all): warm-up, standard, hard (or 1 2 3)")
    p.add_argument("--seed", type=seed, metavar="S", help="replay an interview (default: a new one each time)")
    p.add_argument("--questions", nargs="+", metavar="ID",
                   help="ask these questions (each with its follow-ups), in this order, instead of a draw")
    p.add_argument("--dir", default=".", metavar="DIR",
                   help="your folder: drills, review queue and report card (default: here)")
    p.add_argument("--drill", action=argparse.BooleanOptionalAction, default=True,
                   help=f"end with one code drill from your drills folder (default: yes, when "
                        f"--minutes is {DRILL_MIN_MINUTES:g} or more)")
    p.add_argument("--out", metavar="PATH",
                   help="where to write the report card: a folder, or a file name without "
                        "extension (default: --dir)")
    p.add_argument("--bank", metavar="ROOT", help=argparse.SUPPRESS)  # a folder holding drills/ and answers/
    p.set_defaults(func=run)
    return p


# --------------------------------------------------------------------------- options


def _options(args):
    try:
        minutes = float(args.minutes)
    except ValueError:
        raise UsageError(f"--minutes must be a number of minutes, not {shown(args.minutes)}") from None
    if not math.isfinite(minutes) or not 0 < minutes <= MAX_MINUTES:
        typed = args.minutes if len(args.minutes) <= 40 else shown(args.minutes)
        raise UsageError(f"--minutes must be more than 0 and at most {MAX_MINUTES}, not {typed}")
    for option, values in (("--topics", args.topics), ("--level", args.level), ("--questions", args.questions)):
        if values is not None and not _words(values):  # `--topics ''` would silently mean "all"
            raise UsageError(f"{option} {' '.join(map(repr, values))} names nothing; leave {option} out "
                             f"for the default, or name at least one")
    if args.dir is not None and not str(args.dir).strip():
        raise UsageError("--dir '' names no folder; use --dir . for the current folder")
    if args.out is not None and not str(args.out).strip():
        raise UsageError("--out '' names no file or folder; leave --out out to write into --dir")
    topics = []
    for word in _words(args.topics):
        if word == "all":
            continue
        if word not in TOPICS:
            raise UsageError(f"unknown topic {word!r}; topics: {', '.join(TOPICS)}")
        topics.append(word)
    levels = []
    for word in _words(args.level):
        if word == "all":
            continue
        if word not in LEVEL_WORDS:
            raise UsageError(f"unknown level {word!r}; levels: warm-up, standard, hard (or 1, 2, 3)")
        levels.append(LEVEL_WORDS[word])
    folder = Path(args.dir)
    if not folder.is_dir():
        raise UsageError(f"--dir {folder} is not a folder")
    chosen = new_seed() if args.seed is None else args.seed  # parsed by the shared `seed`
    return minutes, list(dict.fromkeys(topics)), sorted(set(levels)), chosen, folder


def _words(values):
    return [w.strip().lower() for v in values or () for w in v.split(",") if w.strip()]


# --------------------------------------------------------------------------- entry points


def main(argv=None, *, stdin=None, stdout=None, stderr=None, clock=None, now=None, input_fn=None,
         store_factory=None):
    """Run ``interview`` on its own (tests, or before the command is wired into ``mlmetrics-edu``).

    Returns the exit status; a mistake in the options is one line on ``stderr`` and status 2.
    """
    parser = OneLineParser(prog="mlmetrics-edu")
    add_parser(parser.add_subparsers(dest="command"))
    console = Console.make(stdin, stdout, stderr, clock, now, input_fn)
    try:
        with contextlib.redirect_stderr(console.err):  # argparse writes its one line to sys.stderr
            args = parser.parse_args(["interview", *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as exc:  # an option's mistake (2), or --help (0)
        return exc.code
    return run(args, console=console, store_factory=store_factory)


def run(args, *, console: Console | None = None, store_factory=None) -> int:
    """The ``interview`` command."""
    console = console or Console.make()
    try:
        return _run(args, console, store_factory)
    except BrokenPipeError:  # `... | head` closed the output: stop quietly
        _silence(console.out)
        return 0


def _fail(console, message, status=2):
    print(f"mlmetrics-edu interview: {one_line(message)}", file=console.err)
    return status


def _run(args, console, store_factory):
    try:
        minutes, topics, levels, seed, folder = _options(args)
    except UsageError as exc:
        return _fail(console, exc)
    out = Path(args.out) if args.out else folder
    started = console.now()
    stamp = started.strftime("%Y%m%d-%H%M%S")
    try:
        check_writable(out, stamp)
    except OSError as exc:
        return _fail(console, f"cannot write the report card to {out}: {exc.strerror or exc}")
    try:
        bank = load_bank(args.bank)
    except (BankError, OSError) as exc:
        # --bank is the learner's own folder: its mistakes are usage errors (2); the shipped
        # bank failing to load is an installation problem (1)
        return _fail(console, f"the question bank did not load: {exc}", status=2 if args.bank is not None else 1)
    drill, drill_note = _pick_drill(folder) if args.drill else (None, "No code drill (--no-drill).")
    if drill is not None and minutes < DRILL_MIN_MINUTES:
        drill, drill_note = None, (f"No code drill: the interview is too short (a drill needs "
                                   f"--minutes {DRILL_MIN_MINUTES:g} or more).")
    try:
        plan = plan_session(bank, minutes, topics=topics, levels=levels, seed=seed, drill=drill is not None,
                            questions=_words(args.questions) or None)
    except PlanError as exc:
        return _fail(console, exc)
    session = Session(plan, bank, drill_note=drill_note)
    store = _open_store(folder, store_factory, console)
    interviewer = Interviewer(console, session, store, folder, drill)
    session.recorder = interviewer.to_review
    reason = "completed"
    try:
        with _signals_end_the_interview():
            interviewer.run()
    except Quit as exc:
        reason = exc.reason
    except EOFError:
        reason = "eof"
    except KeyboardInterrupt:
        reason = "interrupted"
    except Stopped as exc:
        reason = exc.reason
    except BrokenPipeError:
        reason = "output-closed"
        _silence(console.out)
    session.end(reason)
    interviewer.finish_drill()
    if drill is not None and session.drill is None and not session.drill_note:
        session.drill_note = "No code drill: the interview ended before it."
    return _finish(console, session, interviewer, out, started, stamp, folder)


# SIGHUP (the terminal closed) and SIGTERM (the program was stopped) end an interview as Ctrl-C does.
SIGNAL_REASONS = {"SIGHUP": "hangup", "SIGTERM": "terminated"}
EXIT_STATUS = {"interrupted": 130, "hangup": 129, "terminated": 143}


class Stopped(Exception):
    """A signal ended the interview; ``reason`` is a key of ``END_REASONS``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class _signals_end_the_interview:
    """While the interview runs, SIGHUP and SIGTERM raise :class:`Stopped` (main thread only)."""

    def __enter__(self):
        self.saved = {}
        if threading.current_thread() is not threading.main_thread():
            return self
        for name, reason in SIGNAL_REASONS.items():
            number = getattr(signal, name, None)
            if number is not None:
                self.saved[number] = signal.signal(number, self._handler(reason))
        return self

    @staticmethod
    def _handler(reason):
        def stop(_signum, _frame):
            raise Stopped(reason)
        return stop

    def __exit__(self, *exc):
        for number, handler in self.saved.items():
            signal.signal(number, handler)
        return False


def _finish(console, session, interviewer, out, started, stamp, folder):
    data = session.report_data(elapsed=interviewer.elapsed(), started=started.isoformat(timespec="seconds"))
    card = build_card(data, notebooks_dir=working_copy(folder) or NOTEBOOKS_DIR)
    try:
        md, js = write_card(card, out, stamp)
    except OSError as exc:
        return _fail(console, f"could not write the report card to {out}: {exc}", status=1)
    interviewer.save_review()
    status = EXIT_STATUS.get(session.ended, 0)
    write = console.out.write
    try:
        write("\n" + "=" * WIDTH + "\n")
        if session.ended != "completed":
            write(f"Interview over: {data['ended_because']}.\n\n")
        write(to_markdown(card))
        write(f"\nReport card written to {md}\n                    and {js}\n")
        if status:
            write(f"Exit status {status} ({data['ended_because']}).\n")
        console.out.flush()
    except (BrokenPipeError, OSError):  # the terminal is gone (SIGHUP): the card is on disk
        _silence(console.out)
    if status:
        try:
            print(f"mlmetrics-edu interview: {data['ended_because']}; report card in {md}; "
                  f"exit status {status}", file=console.err, flush=True)
        except (BrokenPipeError, OSError, ValueError):
            pass
    return status


def _silence(out):
    """After a broken pipe, point stdout at /dev/null so the exit-time flush stays quiet."""
    if out is sys.stdout or out is sys.__stdout__:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass


def _open_store(folder, store_factory, console):
    if store_factory is None:
        try:
            from ..interview.review import ReviewStore
        except ImportError as exc:
            print(f"mlmetrics-edu interview: the review queue is unavailable ({exc}); answers will "
                  "not be scheduled for review", file=console.err)
            return None
        store_factory = ReviewStore
    try:
        return store_factory(folder)
    except Exception as exc:  # a broken queue file must not stop the interview
        print(f"mlmetrics-edu interview: the review queue is unavailable ({exc}); answers will not "
              "be scheduled for review", file=console.err)
        return None


def _pick_drill(folder):
    """The first drill in the learner's folder not passed yet, or (None, why not)."""
    try:
        from ..drill.progress import Progress
        from ..drill.spec import load_drills

        present = [d for d in load_drills() if (folder / d.filename).is_file()]
    except (OSError, ValueError, ImportError) as exc:
        return None, f"No code drill: the drills did not load ({exc})."
    if not present:
        where = "this folder" if str(folder) == "." else str(folder)
        return None, (f"No code drill: {where} holds no drills. Get them with "
                      f"`mlmetrics-edu drill init DIR`, then run the interview with `--dir DIR`.")
    try:
        progress = Progress(folder)
        passed = progress.passed
    except Exception:  # an unreadable progress file: every drill counts as not passed
        def passed(_):
            return False
    for d in present:
        if not passed(d.id):
            return d, ""
    return None, f"No code drill: every drill in {folder} is passed already."


# --------------------------------------------------------------------------- the interview


class Interviewer:
    """Asks the plan's questions in the terminal and feeds the answers to the session."""

    def __init__(self, console, session, store, folder, drill):
        self.console, self.session, self.store, self.folder = console, session, store, folder
        self.plan = session.plan
        self.drill = drill
        self.start = console.clock()
        self._drill_state = None
        self._unsaved = False

    # -- clock and output

    def elapsed(self) -> float:
        return self.console.clock() - self.start

    def left(self) -> float:
        return self.plan.budget - self.elapsed()

    def clock_text(self) -> str:
        return f"[{clock(self.elapsed())} elapsed, {clock(self.left())} left]"

    def say(self, text=""):
        self.console.out.write(text + "\n")

    def para(self, text, indent="", hang=""):
        """Print ``text`` wrapped; ``hang`` indents every wrapped line after a paragraph's first."""
        for block in str(text).splitlines() or [""]:
            self.say(textwrap.fill(block, WIDTH, initial_indent=indent, subsequent_indent=indent + hang)
                     if block.strip() else "")

    def ask(self, prompt) -> str:
        self.console.out.flush()
        text = self.console.read(prompt).strip()
        if text.lower() in QUIT_WORDS:
            raise Quit("quit")
        return text

    def ask_until(self, prompt, expected, parse):
        """Ask until ``parse`` accepts the answer; ``None`` means the learner skipped."""
        while True:
            text = self.ask(prompt)
            if text.lower() in SKIP_WORDS:
                return None
            if not text:
                self.say(f"  Please answer with {expected} ('skip' to pass, 'q' to end).")
                continue
            try:
                return parse(text)
            except AnswerError as exc:
                message = str(exc)
                if message.lower().startswith("answer with"):
                    self.say(f"  Please {message}.")
                else:
                    self.say(f"  {message[:1].upper()}{message[1:]}: please answer with {expected}.")

    # -- the session

    def run(self):
        plan, session = self.plan, self.session
        n = len(plan.items)
        self.say(f"Mock interview: {n} question{'s' * (n != 1)}, about {clock(plan.estimate)} "
                 f"of {clock(plan.budget)}" + (" plus a code drill" if plan.drill_seconds else "")
                 + f" (seed {plan.seed}).")
        self.say("Answer each question; 'skip' passes on one, 'q' ends the interview (the report "
                 "card is still written).")
        number = 0
        while (item := session.next_item()) is not None:
            if self.left() <= 0:
                self.say("\nTime is up.")
                raise Quit("time")
            number += 1
            self.ask_item(number, item)
        if self.drill is not None:
            if self.left() <= 0:
                self.session.drill_note = "No code drill: time ran out before it."
                self.say("\nTime is up.")
                raise Quit("time")
            self.run_drill()

    def ask_item(self, n, item):
        q, inst = item.question, item.instance
        label = "Follow-up" if item.is_follow_up else "Question"
        self.say("\n" + "-" * WIDTH)
        self.say(f"{label} {n} of {len(self.session.items)} · {TOPICS[q.topic][0]} · "
                 f"{LEVELS[q.difficulty]} · {KIND_NAMES[q.kind]}   {self.clock_text()}")
        self.say("")
        self.para(inst.prompt)
        began = self.console.clock()

        def submit(response, typed):  # the session grades; AnswerError: ask again
            return self.session.answer(item, response, self.console.clock() - began, typed=typed)

        answer = {"choice": self.ask_choice, "numeric": self.ask_numeric, "bug": self.ask_bug,
                  "explain": self.ask_explain}[q.kind](inst, submit)
        if answer is None:
            answer = self.session.skip(item, self.console.clock() - began)
        self.show_result(inst, answer)

    # -- display and input, one method per kind (grading is the session's)

    def ask_choice(self, inst, submit):
        letters = "abcde"[: len(inst.options)]
        for letter, option in zip(letters, inst.options):
            self.para(f"{letter}) {option}", indent="  ", hang="   ")
        return self.ask_until(f"Your answer ({letters[0]}-{letters[-1]}): ", f"a letter, {letters[0]}-{letters[-1]}",
                              lambda t: submit(_letter_only(t), t))

    def ask_numeric(self, inst, submit):
        unit = f" in {inst.question.unit}" if inst.question.unit else ""
        return self.ask_until(f"Your answer{unit}: ", "a number, like 0.75, 75% or 3/4",
                              lambda t: submit(t, t))

    def ask_bug(self, inst, submit):
        lines = inst.code_lines
        self.say("")
        for i, line in enumerate(lines, 1):
            self.say(f"  {i:>2} | {line}")
        return self.ask_until(f"Which line holds the bug (1-{len(lines)})? ", f"a line number, 1-{len(lines)}",
                              lambda t: submit(_line(t), t))

    def ask_explain(self, inst, submit):
        while True:
            typed = self.ask("Say your answer out loud (or type it); press Enter when done: ")
            if typed.lower() in SKIP_WORDS:
                return None
            try:
                check_typed(typed)
            except AnswerError as exc:   # a pasted page: say so in one line, ask again
                message = str(exc)
                self.say(f"  {message[:1].upper()}{message[1:]}.")
                continue
            return submit(self.self_grade(inst, typed), typed)

    def self_grade(self, inst, typed=""):
        """y/n per rubric point, after showing which points the typed answer seems to cover;
        'u' (undo) goes back one point."""
        q = inst.question
        seen = kind_of(q).covered(inst, typed)
        if seen is not None:
            self.say("Your typed answer seems to cover: "
                     + (", ".join(str(i) for i, hit in enumerate(seen, 1) if hit) or "none of the points")
                     + "; it seems to miss: " + (", ".join(str(i) for i, hit in enumerate(seen, 1) if not hit)
                                                 or "none") + ".")
        self.say(f"Mark yourself against the rubric, point by point ({len(q.rubric)} points; "
                 "'u' undoes the last mark):")
        marks = []
        while len(marks) < len(q.rubric):
            i = len(marks)
            self.para(f"{i + 1}. {q.rubric[i]}", indent="  ")
            mark = self.ask_until("   Did you cover it? (y/n) ", "y, n or u (undo)", _yes_no_undo)
            if mark == "undo":
                if marks:
                    marks.pop()
                    self.say("   Undone: mark that point again.")
                continue
            marks.append(bool(mark))  # 'skip' here means "no"
        return marks

    def show_result(self, inst, answer):
        q, r = inst.question, answer.result
        self.say("")
        if q.kind == "choice" and not answer.skipped:
            right = "abcde"[inst.correct_choice]
            self.say("Right." if r.correct else f"Not quite: the answer is {right}).")
            self.say("Every option:")
            for i, option in enumerate(inst.options):
                bank_index = inst.order[i]
                verdict = "RIGHT" if bank_index == q.correct else "wrong"
                mine = " (your answer)" if i == r.response else ""
                self.para(f"{'abcde'[i]}) {verdict}{mine}: {option}", indent="  ", hang="   ")
                self.para(q.feedback[bank_index], indent="       ")
        else:
            self.para(r.feedback)
        for key in r.misconceptions:
            self.para(f"Misconception: {key} -- {self.session.bank.misconceptions.get(key, '')}")
        self.say("Model answer:")
        self.para(r.explanation, indent="  ")

    def to_review(self, answer):
        """The session's recorder: each graded answer goes to the progress file at once (atomic)."""
        if self.store is None:
            return
        q, result = answer.item.question, answer.result
        try:
            new = "q:" + q.id not in self.store if hasattr(self.store, "__contains__") else True
            self.store.record_question(q.id, result, topic=q.topic, misconceptions=list(result.misconceptions),
                                       when=self.console.now(), rating=first_rating(result, new=new),
                                       typed=answer.typed or None)
            self.store.save()
        except Exception as exc:  # the review queue must never end the interview
            print(f"mlmetrics-edu interview: the review queue failed ({exc}); continuing without it",
                  file=self.console.err)
            self.store = None

    def save_review(self):
        """Save what is still unsaved (a drill check) when the interview ends."""
        if self.store is None or not self._unsaved:
            return
        try:
            self.store.save()
        except Exception as exc:  # the review queue must never cost the learner the report card
            print(f"mlmetrics-edu interview: the review queue was not saved: {exc}", file=self.console.err)

    # -- the code drill

    def run_drill(self):
        from ..drill import feedback
        from ..drill.grader import check_file
        from ..drill.spec import scenario

        drill, path = self.drill, self.folder / self.drill.filename
        self.say("\n" + "-" * WIDTH)
        self.say(f"Code drill · about {clock(DRILL_SECONDS)} · {drill.title}   {self.clock_text()}")
        self.say("")
        self.say(f"Implement `{drill.signature}` in {path}.")
        try:
            self.para(scenario(drill), indent="  | ")
        except (OSError, SyntaxError):
            pass
        for convention in drill.conventions:
            self.para(f"- {convention}", indent="  ")
        self.say("Edit and save the file, then press Enter to grade it ('skip' to move on, 'q' to end).")
        state = self._drill_state = {"began": self.console.clock(), "attempts": 0, "verdict": None}
        while True:
            if self.ask(f"Enter = grade {path.name} {self.clock_text()}: ").lower() in SKIP_WORDS:
                break
            state["attempts"] += 1
            try:
                verdict = check_file(drill, path)
            except Exception as exc:  # a missing file or a grader that cannot start: say so, move on
                self.say(f"The drill could not be graded: {exc}")
                state["attempts"] -= 1
                break
            state["verdict"] = verdict
            self.drill_to_review(verdict)
            self.say(feedback.text(verdict, reproduce=f"mlmetrics-edu drill check {{id}} --case {{case}} "
                                                      f"--dir {self.folder}"))
            if verdict.passed:
                break
            if self.left() <= 0:
                self.say("Time is up for the drill.")
                break
            self.say("Fix it, save, and press Enter to grade again ('skip' to move on).")

    def finish_drill(self):
        """Keep the drill's outcome (also after an early end) and send it to the review queue."""
        state = self._drill_state
        if state is None:
            return
        self._drill_state = None
        verdict = state["verdict"]
        failure = verdict.failure if verdict is not None else None
        wrong = failure.diagnosis if failure is not None else None
        attempt = DrillAttempt(self.drill.id, self.drill.title, self.drill.filename,
                               bool(verdict and verdict.passed), state["attempts"],
                               self.console.clock() - state["began"],
                               misconception=wrong.name if wrong else None,
                               diagnosis=wrong.diagnosis if wrong else None,
                               problem=failure.problem if failure else None)
        self.session.drill = attempt

    def drill_to_review(self, verdict):
        """Count the check in the shared progress file, as ``drill check`` does; queue a failure."""
        if self.store is None:
            return
        failure = verdict.failure
        try:
            self.store.record_drill(verdict.drill.id, verdict.passed, when=self.console.now(),
                                    misconception=failure.diagnosis.name if failure and failure.diagnosis else None,
                                    todo=bool(failure and failure.not_implemented))
            self._unsaved = True
        except Exception as exc:  # never lose the interview over the queue
            print(f"mlmetrics-edu interview: the review queue failed ({exc}); continuing without it",
                  file=self.console.err)
            self.store = None


def _letter_only(text):
    if text.strip().rstrip(")").strip().isdigit():
        raise AnswerError("options are letters, not numbers")
    return text


def _line(text):
    return re.sub(r"(?i)^line\s*", "", text)


def _yes_no_undo(text):
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    if word in ("u", "undo"):
        return "undo"
    raise AnswerError(f"{shown(text)} is neither y nor n (u undoes the last mark)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
