"""``mlmetrics-edu review``: spaced review (the cheat sheet is ``mlmetrics_edu.cli.cheatsheet``).

    review                  serve what is due now: questions (a new draw), misconceptions
                            (another question that probes them) and failed drills (re-checked)
    review --list           what is due and when; nothing is asked
    review --days N         as if N days from now (``--now 2026-05-04T09:00``: as at that time)

``--days`` goes up to 36,500 and ``--now`` up to the year 8999 (so a schedule never passes the
year 9999). A damaged entry of the progress file is set aside with one warning line naming the
file, which is kept as ``.bak`` (:mod:`mlmetrics_edu.drill.progress`); the review goes on.

Answers are typed on one line: an option letter, a number (``0.75``, ``75%``, ``3/4``), a
line number, or ``y``/``n`` per rubric point; an answer typed out is at most 10,000
characters. Anything unreadable asks again, in one line that never echoes it whole; ``q``, an
end of input (Ctrl-D) or Ctrl-C ends the session, and everything answered so far is saved
(each answer as soon as it is graded).

The practice engine grades and totals (:class:`~mlmetrics_edu.interview.session.Session`) and
schedules (:mod:`mlmetrics_edu.interview.schedule`, :mod:`mlmetrics_edu.interview.review`);
this module only displays and reads.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from ..drill.progress import utc
from ..interview.bank import TOPICS, AnswerError, BankError, instantiate, load_bank
from ..interview.kinds import kind_of
from ..interview.question import check_typed
from ..interview.planner import Item, Plan, estimate_seconds, review_seed
from ..interview.review import Rating, ReviewStore, rating_for
from ..interview.session import Session
from .shared import Console, OneLineParser, Quit, UserError, run_command, seed, shown, whole_number

FEELINGS = {"h": Rating.Hard, "hard": Rating.Hard, "g": Rating.Good, "good": Rating.Good,
            "e": Rating.Easy, "easy": Rating.Easy}


def add_parser(subparsers):
    """Register ``review`` on the top-level ``mlmetrics-edu`` parser."""
    text = "spaced review: the questions, misconceptions and drills you missed, when they are due"
    p = subparsers.add_parser("review", help=text, description=text)
    p.add_argument("--dir", default=".", help="your folder, where the progress file lives (default: here)")
    p.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                   help="serve at most N due items")
    p.add_argument("--list", action="store_true", help="list what is due and when; ask nothing")
    p.add_argument("--seed", type=seed, default=None,
                   help="seed for the questions' new draws (default: a random one)")
    p.add_argument("--days", type=_days, default=None, metavar="N",
                   help=f"review as if N days from now (simulate a later day; 0 to {MAX_DAYS:,})")
    p.add_argument("--now", type=_moment, default=None, metavar="WHEN",
                   help=f"review as at this time, e.g. 2026-05-04T09:00 (UTC unless it says otherwise; "
                        f"up to the year {LAST_YEAR})")
    p.set_defaults(func=_review_command)
    return p


MAX_DAYS = 36_500     # a hundred years ahead: as far as fsrs ever spaces a card
LAST_YEAR = 8999      # --now: the simulated clock stays a century clear of datetime's year 9999

_positive_int = whole_number(1, "must be at least 1")
_days = whole_number(0, f"days are a whole number from 0 to {MAX_DAYS:,}", MAX_DAYS)


def _moment(text):
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a date and time like 2026-05-04T09:00") from None
    if when.year > LAST_YEAR:   # a review scheduled from it would pass the year 9999
        raise argparse.ArgumentTypeError(f"{shown(text)} is too far ahead: the latest year is {LAST_YEAR}")
    return utc(when if when.tzinfo else when.replace(tzinfo=utc().tzinfo))


# --------------------------------------------------------------------------- review


def _review_command(args):
    try:
        return run_review(args, stdin=getattr(args, "stdin", None), stdout=getattr(args, "stdout", None),
                          now=getattr(args, "now", None), bank=getattr(args, "bank", None))
    except OSError as exc:   # a read-only folder, a full disk: say so in one line
        if isinstance(exc, BrokenPipeError):
            raise
        raise UserError.from_os_error(exc, f"cannot use the progress file in {args.dir}") from None


def run_review(args, *, stdin=None, stdout=None, now=None, bank=None):
    """The ``review`` command. ``now`` fixes the clock (tests); ``bank`` replaces the bank.

    Raises :class:`~mlmetrics_edu.cli.shared.UserError` when ``--dir`` is not a folder.
    """
    if not str(args.dir).strip():  # Path('') is the current folder: never what was meant
        raise UserError("--dir '' names no folder; use --dir . for the current folder")
    folder = Path(args.dir)
    if not folder.is_dir():
        raise UserError(f"--dir {folder} is not a folder")
    console = Console(stdin, stdout)
    now = getattr(args, "now_at", None) or now
    if getattr(args, "days", None):
        start = utc(now)
        now = start + timedelta(days=args.days)
    clock = (lambda: utc(now)) if now is not None else utc
    store = ReviewStore(folder)
    if args.list:
        _print_list(console, store, clock())
        return 0
    due = store.due(clock(), args.limit)
    if not due:
        _say_nothing_due(console, store, clock())
        return 0
    if bank is None:
        try:
            bank = load_bank()
        except BankError as exc:
            print(f"mlmetrics-edu review: the question bank cannot be loaded: {exc}", file=sys.stderr)
            return 1
    session = _Session(console, store, bank, clock, args.seed, folder, due)
    console.say(f"{len(due)} item{'s' * (len(due) != 1)} due. Answer, or type q to stop "
                "(everything answered is saved).")
    try:
        for number, item in enumerate(due, 1):
            console.say(f"\n[{number}/{len(due)}] {_title(item, bank)}")
            session.serve(item)
            store.save()
    except (Quit, KeyboardInterrupt):
        console.say("Stopped.")
    store.save()
    session.summary()
    return 0


def _title(item, bank):
    if item.kind == "question":
        topic = f" ({item.topic})" if item.topic else ""
        return f"question {item.target}{topic}"
    if item.kind == "misconception":
        return f"misconception: {bank.misconceptions.get(item.target, item.target)}"
    return f"drill {item.target}"


class _Session:
    """Serves the due items: display and input here; grading, totals and scheduling in the engine."""

    def __init__(self, console, store, bank, clock, seed, folder, due):
        self.console, self.store, self.bank, self.clock, self.folder = console, store, bank, clock, folder
        self.due_keys = {item.key for item in due}
        self.seed = random.SystemRandom().randrange(2**32) if seed is None else seed
        self.tally = {"right": 0, "again": 0, "waiting": 0, "removed": 0}
        self.session = Session(Plan(self.seed, None, (), (), ()), bank, repeats=True)

    def serve(self, item):
        {"question": self._question, "misconception": self._misconception,
         "drill": self._drill}[item.kind](item)

    def _draw_seed(self, item):
        # A new draw per review: the seed moves with the number of reviews of this item.
        return review_seed(item.key, item.reviews, self.seed)

    # ---------------------------------------------------------------- kinds

    def _question(self, item):
        if item.target not in self.bank.questions:
            self._remove(item, f"question {item.target!r} is no longer in the bank")
            return
        q = self.bank[item.target]
        answer = self._ask(q, self._draw_seed(item))
        result = answer.result
        rating = self._rate(result)
        self.store.record_question(q.id, result, topic=q.topic, misconceptions=result.misconceptions,
                                   when=self.clock(), rating=rating, typed=answer.typed or None)
        self._after(item.key, rating)

    def _probes(self, key):
        return [q for q in self.bank
                if not q.task and (key in q.misconceptions or key in q.shows or key in q.traps.values()
                                   or key in _line_tags(q))]

    def _misconception(self, item):
        key = item.target
        probes = self._probes(key)
        # not a question that is itself due in this session, when another one probes it
        probes = [q for q in probes if "q:" + q.id not in self.due_keys] or probes
        # never the card just missed: another question, or the same one with fresh numbers
        last = self.store.probe_of(item.key)
        if last and len(probes) > 1:
            probes = [q for q in probes if q.id != last] or probes
        elif last and probes and probes[0].id == last and probes[0].generator is None:
            probes = []   # the only probe is the very card just asked: recall it instead
        if probes:
            rng = random.Random(self._draw_seed(item))
            q = rng.choice(probes)
            self.store.note(item.key, probe=q.id)   # the next probe will be another card
            self.console.say("A question that probes it:")
            result = self._ask(q, self._draw_seed(item)).result
            shown = key in result.misconceptions
            rating = Rating.Again if shown or not result.correct else self._rate(result)
            if shown:
                self.console.say("That answer still shows this misconception.")
            self.store.review(item.key, rating, self.clock())
            self.store.record_misconceptions([m for m in result.misconceptions if m != key],
                                             when=self.clock())
        else:
            rating = self._recall(key)
            self.store.review(item.key, rating, self.clock())
        self._after(item.key, rating)

    def _recall(self, key):
        """A misconception no question probes (a drill's known mistake): self-rated recall."""
        from ..drill import load_drills

        wrongs = [(d, w) for d in load_drills() for w in d.wrongs if w.name == key]
        self.console.say("Say what the mistake is and what is right instead, then press Enter.")
        self.console.ask("")
        if wrongs:
            self.console.say(f"The mistake: {wrongs[0][1].diagnosis}")
            drills = ", ".join(dict.fromkeys(d.id for d, _ in wrongs))
            self.console.say(f"Practise it: mlmetrics-edu drill check {drills.split(', ')[0]}"
                             f"{f' (also seen in: {drills})' if len(wrongs) > 1 else ''}")
        else:
            self.console.say(f"The mistake: {self.bank.misconceptions.get(key, key)}")
        while True:
            text = self.console.ask("Did you know it? a = again, h = hard, g = good, e = easy: ").lower()
            rating = {"a": Rating.Again, "again": Rating.Again, **FEELINGS}.get(text)
            if rating is not None:
                return rating
            self.console.say("Type a, h, g or e (q to stop).")

    def _drill(self, item):
        from ..drill import check_file, get_drill

        try:
            drill = get_drill(item.target)
        except KeyError:
            self._remove(item, f"drill {item.target!r} no longer exists")
            return
        path = self.folder / drill.filename
        self.console.say(f"{drill.title}: re-do `{drill.function}` in {drill.filename}, then run\n"
                         f"    mlmetrics-edu drill check {drill.id}")
        if not path.is_file():
            self.console.say(f"({path} is not here, so it stays due until you check it.)")
            self.tally["waiting"] += 1
            return
        self.console.say(f"Checking your {path} now ...")
        verdict = check_file(drill, path)
        failure = verdict.failure
        diagnosis = getattr(failure, "diagnosis", None) if failure is not None else None
        if verdict.passed:
            self.console.say(f"PASS  {drill.id}")
        else:
            self.console.say(f"FAIL  {drill.id}: {failure.problem}")
            if diagnosis is not None:
                self.console.say(f"      {diagnosis.diagnosis}")
        self.store.record_drill(drill.id, verdict.passed, when=self.clock(),
                                misconception=getattr(diagnosis, "name", None))
        self._after(item.key, Rating.Good if verdict.passed else Rating.Again)

    def _remove(self, item, why):
        self.console.say(f"{why}; removed from your queue.")
        self.store.forget(item.key)
        self.tally["removed"] += 1

    # ---------------------------------------------------------------- asking

    def _ask(self, q, seed):
        """Show a fresh instance of ``q``, read an answer until the session can grade it."""
        inst = instantiate(q, seed)
        item = Item(q, inst, estimate_seconds(q.kind, q.difficulty), len(self.session.items), 0)
        self.session.items.append(item)
        say = self.console.say
        say(inst.prompt)
        if q.kind == "choice":
            for i, option in enumerate(inst.options):
                say(f"  {'abcde'[i]}) {option}")
            prompt = f"Your answer (a-{'abcde'[len(inst.options) - 1]}): "
        elif q.kind == "numeric":
            unit = f" in {q.unit}" if q.unit else ""
            prompt = f"Your answer (a number{unit}; 0.75, 75% and 3/4 all work): "
        elif q.kind == "bug":
            for i, line in enumerate(inst.code_lines, 1):
                say(f"  {i:>2} | {line}")
            prompt = f"Which line holds the bug? (1-{len(inst.code_lines)}): "
        else:
            return self._explain(item)
        while True:
            text = self.console.ask(prompt)
            try:   # the engine reads "b", "B)" or "2" (people count options from 1) alike
                answer = self.session.answer(item, text, 0.0, typed=text)
            except AnswerError as exc:
                say(f"{str(exc)[:1].upper()}{str(exc)[1:]} (q to stop).")
                continue
            say(answer.result.feedback)
            say(f"Model answer: {answer.result.explanation}")
            return answer

    def _explain(self, item):
        say, inst = self.console.say, item.instance
        say("Answer out loud, as in the interview (60 seconds), or type it; then press Enter to see the rubric.")
        while True:
            typed = self.console.ask("")
            try:
                check_typed(typed)
                break
            except AnswerError as exc:   # a pasted page: one line, then ask again
                say(f"{str(exc)[:1].upper()}{str(exc)[1:]} (q to stop).")
        seen = kind_of(inst.question).covered(inst, typed)
        if seen is not None:
            say("Your typed answer seems to cover points: "
                + (", ".join(str(i) for i, hit in enumerate(seen, 1) if hit) or "none") + ".")
        marks, points = [], inst.question.rubric
        while len(marks) < len(points):
            i = len(marks)
            text = self.console.ask(f"  [{i + 1}/{len(points)}] {points[i]} -- covered? (y/n, u = undo): ").lower()
            if text in ("y", "yes", "n", "no"):
                marks.append(text.startswith("y"))
            elif text in ("u", "undo"):
                if marks:
                    marks.pop()
            else:
                say("  Type y or n (u undoes the last mark, q to stop).")
        answer = self.session.answer(item, marks, 0.0, typed=typed)
        say(answer.result.feedback)
        if typed:
            say(f"You wrote: {typed}")
        say(f"Model answer: {answer.result.explanation}")
        return answer

    def _rate(self, result):
        """Wrong -> Again. Right -> ask how it felt; Enter keeps Good (Hard for a partial rubric)."""
        derived = rating_for(result)
        if derived == Rating.Again:
            return derived
        default = derived.name.lower()
        while True:
            text = self.console.ask(f"How did it feel? h = hard, g = good, e = easy (Enter: {default}): ").lower()
            if not text:
                return derived
            if text in FEELINGS:
                return FEELINGS[text]
            self.console.say("Type h, g or e, or press Enter (q to stop).")

    def _after(self, key, rating):
        self.tally["right" if rating != Rating.Again else "again"] += 1
        self.store.save()   # each graded answer is on disk before the next one is asked
        item = self.store.item(key)
        self.console.say(f"-> {rating.name}: back {item.when(self.clock())}.")

    def summary(self):
        t, say = self.tally, self.console.say
        done = t["right"] + t["again"]
        say(f"\nReviewed {done} item{'s' * (done != 1)}: {t['right']} right, {t['again']} to see again soon"
            + (f", {t['waiting']} drill{'s' * (t['waiting'] != 1)} waiting for a check" if t["waiting"] else "")
            + (f", {t['removed']} removed" if t["removed"] else "") + ".")
        for row in self.session.by_topic().values():
            say(f"  {TOPICS[row['topic']][0]}: {row['points']:g} point{'s' * (row['points'] != 1)} "
                f"for {row['answered']} question{'s' * (row['answered'] != 1)} answered")
        say(f"Saved in {self.store.path}.")
        _say_next(say, self.store, self.clock())


def _line_tags(q):
    tags = []
    for tag in getattr(q, "line_shows", {}).values():
        tags += [tag] if isinstance(tag, str) else list(tag)
    return tags


def _say_next(say, store, now):
    due = store.due(now)
    if due:
        say(f"Still due now: {len(due)} (run `mlmetrics-edu review` again).")
    nxt = store.next_due(now)
    if nxt is not None:
        say(f"Next due: {nxt.key} {nxt.when(now)}.")


def _say_nothing_due(console, store, now):
    if not len(store):
        console.say("Your review queue is empty. Questions you answer in `mlmetrics-edu interview` "
                    "and drills you fail in `mlmetrics-edu drill check` come back here when they are due.")
        return
    nxt = store.next_due(now)
    console.say(f"Nothing is due now ({len(store)} item{'s' * (len(store) != 1)} waiting). "
                f"Next: {nxt.key} {nxt.when(now)}.")


def _print_list(console, store, now):
    items = store.items()
    say = console.say
    if not items:
        _say_nothing_due(console, store, now)
        return
    due = [i for i in items if i.due <= now]
    say(f"Review queue ({store.path}): {len(items)} item{'s' * (len(items) != 1)}, {len(due)} due now.")
    width = max(len(i.key) for i in items)
    for title, group in (("Due now", due), ("Later", [i for i in items if i.due > now])):
        if not group:
            continue
        say(f"\n{title}:")
        for i in group:
            when = f"due since {i.due:%Y-%m-%d %H:%M} UTC" if i.due <= now else i.when(now)
            last = f", last {i.last_rating}" if i.last_rating else ""
            say(f"  {i.key:<{width}}  {i.kind:<13}  {when}  ({i.reviews} review{'s' * (i.reviews != 1)}, "
                f"{i.lapses} again{last})")


# --------------------------------------------------------------------------- entry point


def main(argv=None, stdin=None, stdout=None, now=None, bank=None):
    """Run ``review`` in-process: ``main(["review", "--list"], now=...)``.

    ``stdin``/``stdout`` replace the terminal, ``now`` (an aware datetime) fixes the clock,
    ``bank`` replaces the question bank. Returns the exit status.
    """
    parser = OneLineParser(prog="mlmetrics-edu")
    add_parser(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code
    args.stdin, args.stdout, args.bank = stdin, stdout, bank
    args.now_at, args.now = args.now, now
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
