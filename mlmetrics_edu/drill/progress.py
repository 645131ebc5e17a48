"""A learner's progress: one JSON file in their folder, shared by drills, the interview and review.

``.mlmetrics-progress.json`` (indented, sorted keys: read it, diff it, commit it) holds

* ``drills`` -- per drill: attempts, passes, the highest hint seen, when it was first
  passed and last attempted (``mlmetrics-edu drill progress`` draws bars from it);
* ``review`` -- the spaced-review queue, one entry per key: ``q:<question id>``,
  ``m:<misconception>`` or ``d:<drill id>``, each with its card from the ``fsrs`` library
  (``due``, ``stability``, ``difficulty``, ``state``) and its last few ratings.
  What enters the queue is decided in :mod:`mlmetrics_edu.interview.review`, the ratings
  in :mod:`mlmetrics_edu.interview.schedule`; this module keeps the file.

The file survives the accidents of real use:

* a write is atomic (temporary file, ``fsync``, rename): an interrupted command never
  leaves half a file;
* before writing, the file is read again and only the entries this process changed are
  written over it, so ``drill watch`` in one terminal and ``interview`` in another do not
  erase each other's work;
* an unreadable file (not JSON, wrong shape) is kept as ``<name>.bak``, a fresh one is
  started (keeping whatever entries were still valid) and one warning line goes to stderr;
  every entry is checked when the file is loaded -- counts, texts, the fsrs card's fields as
  the scheduler will read them -- so a damaged entry is set aside then, never met mid-review;
  a malformed row of an entry's ``history`` (display only) is dropped and the entry kept;
* the file of earlier versions, ``.drill-progress.json``, is migrated on first use and
  kept as ``.drill-progress.json.migrated``.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from ..interview.schedule import as_rating, card_id, default_scheduler

FILENAME = ".mlmetrics-progress.json"
LEGACY_FILENAME = ".drill-progress.json"
VERSION = 2
HISTORY = 10          # ratings kept per review entry (the card itself holds the schedule)
KINDS = {"q": "question", "m": "misconception", "d": "drill"}
MAX_CARD_VALUE = 1e6  # a card's stability (days) or difficulty (1-10) beyond this is damage, not data


def utc(when=None) -> datetime:
    """``when`` as an aware UTC datetime (now if None); a naive datetime is refused."""
    if when is None:
        return datetime.now(timezone.utc)
    if not isinstance(when, datetime):
        raise TypeError(f"when must be a datetime, not {type(when).__name__}")
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"when must be timezone-aware (UTC), got the naive datetime {when.isoformat()}")
    return when.astimezone(timezone.utc)


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _now():
    return _iso(utc())


class Progress:
    """Read-modify-write access to one learner folder's progress file."""

    def __init__(self, directory=".", *, scheduler=None):
        self.directory = Path(directory)
        self.path = self.directory / FILENAME
        self._scheduler = scheduler
        self._dirty = {"drills": set(), "review": set()}
        self._replaced = set()
        self.data = self._load()

    @property
    def scheduler(self):
        if self._scheduler is None:
            self._scheduler = default_scheduler()
        return self._scheduler

    # ------------------------------------------------------------------ the file

    def _load(self):
        legacy = self.directory / LEGACY_FILENAME
        if not self.path.exists() and legacy.is_file():
            return self._migrate(legacy)
        data, problem = _read(self.path)
        if problem is None:
            return data
        backup = _backup(self.path)
        print(f"warning: {self.path} was unreadable ({problem}); kept it as {backup.name} and "
              f"started a new one{' with the entries that were still valid' if _count(data) else ''}",
              file=sys.stderr)
        self.data = data
        self._write()
        return data

    def _migrate(self, legacy: Path):
        data, problem = _read(legacy)
        if problem is not None:
            print(f"warning: {legacy} was unreadable ({problem}); starting a new {FILENAME}", file=sys.stderr)
        self.data = data
        self._write()
        legacy.replace(legacy.with_name(legacy.name + ".migrated"))
        return data

    def save(self):
        """Write the file atomically, over a fresh read of it (entries changed here win)."""
        on_disk, problem = _read(self.path)
        if problem is not None:   # spoiled since we read it: keep it aside, write ours
            backup = _backup(self.path)
            print(f"warning: {self.path} was unreadable ({problem}); kept it as {backup.name}",
                  file=sys.stderr)
        elif self.path.exists():
            for section in self._replaced:
                on_disk[section] = self.data[section]
            for section, keys in self._dirty.items():
                for key in keys:
                    if key in self.data[section]:
                        on_disk[section][key] = self.data[section][key]
                    else:
                        on_disk[section].pop(key, None)
            self.data = on_disk
        self._dirty = {"drills": set(), "review": set()}
        self._replaced = set()
        self._write()

    def _write(self):
        self.data["version"] = VERSION
        text = json.dumps(self.data, indent=2, sort_keys=True) + "\n"
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=FILENAME + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _touch(self, section, key):
        self._dirty[section].add(key)

    # ------------------------------------------------------------------ drills

    def entry(self, drill_id) -> dict:
        return self.data["drills"].get(drill_id, {})

    def passed(self, drill_id) -> bool:
        return self.entry(drill_id).get("passes", 0) > 0

    def failures(self, drill_id) -> int:
        e = self.entry(drill_id)
        return e.get("attempts", 0) - e.get("passes", 0)

    def record(self, drill_id, passed: bool, *, misconception=None, todo=False, when=None, save=True,
               practice=False):
        """Count one graded attempt; a failed drill enters the review queue.

        ``misconception``: the key of the known mistake the grader recognised, if any (it
        enters the queue too). ``todo=True``: the learner has not started (the stub still
        raises ``NotImplementedError``): counted, but nothing to review yet. A drill passed
        after failing stays in the queue, rated Good, until fsrs spaces it out.
        ``practice=True``: a run on cases the learner chose (``--seed``): counted as practice,
        never as a pass, and it changes no review schedule.
        """
        when = utc(when)
        e = self.data["drills"].setdefault(drill_id, {"attempts": 0, "passes": 0, "hints": 0})
        if practice:
            e["practice"] = e.get("practice", 0) + 1
            self._touch("drills", drill_id)
            if save:
                self.save()
            return
        e["attempts"] += 1
        e["last_attempt"] = _iso(when)
        if passed:
            e["passes"] += 1
            e.setdefault("first_passed", e["last_attempt"])
        self._touch("drills", drill_id)
        key = "d:" + drill_id
        if not passed and not todo:
            self.schedule(key, "Again", when)
        elif passed and key in self.data["review"]:
            self.schedule(key, "Good", when)
        if misconception and not passed:
            self.schedule("m:" + misconception, "Again", when)
        if save:
            self.save()

    def hint_level(self, drill_id) -> int:
        return self.entry(drill_id).get("hints", 0)

    def saw_hint(self, drill_id, level: int):
        e = self.data["drills"].setdefault(drill_id, {"attempts": 0, "passes": 0, "hints": 0})
        e["hints"] = max(e.get("hints", 0), level)
        self._touch("drills", drill_id)
        self.save()

    def reset(self, drill_id=None):
        """Forget a drill (or every drill): its counts and its review card."""
        if drill_id is None:
            self.data["drills"] = {}
            self._replaced.add("drills")
            doomed = [k for k in self.data["review"] if k.startswith("d:")]
        else:
            self.data["drills"].pop(drill_id, None)
            self._touch("drills", drill_id)
            doomed = ["d:" + drill_id]
        for key in doomed:
            self.data["review"].pop(key, None)
            self._touch("review", key)
        self.save()

    def status(self, drill_id) -> str:
        """"passed", "attempted" or "new"."""
        if self.passed(drill_id):
            return "passed"
        return "attempted" if self.entry(drill_id).get("attempts") else "new"

    # ------------------------------------------------------------------ review queue

    def card(self, key):
        """The fsrs ``Card`` of a review entry, or None."""
        from fsrs import Card

        entry = self.data["review"].get(key)
        return None if entry is None else Card.from_dict(entry["card"])

    def schedule(self, key, rating, when=None, **info):
        """Review entry ``key`` with ``rating`` (Again/Hard/Good/Easy) at ``when``.

        The first time, the entry is created with a new fsrs card due at ``when``; then
        ``Scheduler.review_card`` says when it is due next. ``info`` (e.g. ``topic``) is kept
        in the entry. Returns the updated card.
        """
        from fsrs import Card

        prefix = key.partition(":")[0]
        if prefix not in KINDS or not key[2:]:
            raise ValueError(f"review keys look like q:<question>, m:<misconception> or d:<drill>, not {key!r}")
        when, rating = utc(when), as_rating(rating)
        entry = self.data["review"].get(key)
        if entry is None:
            entry = {"kind": KINDS[prefix], "added": _iso(when), "reviews": 0, "lapses": 0, "history": []}
            card = Card(card_id=card_id(key), due=when)
        else:
            card = Card.from_dict(entry["card"])
        card, _log = self.scheduler.review_card(card, rating, review_datetime=when)
        entry.update({k: v for k, v in info.items() if v is not None})
        entry["card"] = card.to_dict()
        entry["reviews"] += 1
        entry["lapses"] += rating.name == "Again"
        entry["history"] = (entry["history"] + [[_iso(when), rating.name]])[-HISTORY:]
        self.data["review"][key] = entry
        self._touch("review", key)
        return card

    def touch_review(self, key):
        """Mark review entry ``key`` as changed here (so :meth:`save` writes it)."""
        self._touch("review", key)

    def forget(self, key):
        """Drop one review entry (e.g. a question that left the bank)."""
        self.data["review"].pop(key, None)
        self._touch("review", key)

    def queue(self):
        """Every review entry as ``(key, entry, due)``, soonest due first."""
        rows = [(key, e, datetime.fromisoformat(e["card"]["due"])) for key, e in self.data["review"].items()]
        return sorted(rows, key=lambda r: (r[2], r[0]))

    def review_summary(self, now=None) -> str:
        """``Review queue  12 items, 3 due now; next in 2 days (2026-05-03 09:00 UTC)``."""
        now = utc(now)
        rows = self.queue()
        if not rows:
            return "Review queue   empty (questions you answer and drills you fail will wait here)"
        due = sum(d <= now for _, _, d in rows)
        later = [d for _, _, d in rows if d > now]
        text = f"Review queue   {len(rows)} item{'s' * (len(rows) != 1)}, {due} due now"
        if later:
            text += f"; next {when_text(later[0], now)}"
        return text + ("  (mlmetrics-edu review)" if due else "")


def record_verdict(progress, verdict, *, practice=False):
    """Count a graded attempt; a failure enters the review queue, with the mistake the grader named.

    The one way a verdict is recorded, from ``drill check``, ``drill watch`` and ``check()`` in a
    notebook alike. A stub never started (``NotImplementedError``) is counted but not queued:
    nothing to review. ``practice``: the learner chose the seed (``--seed``), so the cases were
    known in advance: the run is counted as practice, never as a pass.
    """
    failure = verdict.failure
    diagnosis = getattr(failure, "diagnosis", None) if failure is not None else None
    progress.record(verdict.drill.id, verdict.passed,
                    todo=bool(failure is not None and failure.not_implemented),
                    misconception=diagnosis.name if diagnosis is not None else None, practice=practice)


SHIPPED = Path(__file__).resolve().parent.parent   # the installed package (or the checkout's copy)


def learner_folder(start=".") -> Path | None:
    """The folder whose progress file the CLI uses, seen from a notebook running in ``start``.

    ``start`` itself when it holds the progress file or a drill (``drill init`` made it); its
    parent when that holds the progress file, or when ``start`` is the learner's working copy of
    the course (``mlmetrics-edu lab`` makes ``./mlmetrics-course`` and is run from the parent,
    where ``review`` and ``interview`` are run too). None elsewhere -- the shipped notebooks, a
    folder that is not the learner's -- so nothing is written behind the learner's back.
    """
    from .spec import load_drills

    here = Path(start).resolve()
    if here == SHIPPED.parent / "notebooks" or SHIPPED in here.parents or here == SHIPPED:
        return None
    if (here / FILENAME).is_file() or any((here / d.filename).is_file() for d in load_drills()):
        return here
    if (here.parent / FILENAME).is_file():
        return here.parent
    if any(here.glob("0[0-6]_*.ipynb")) and here.parent != here:
        return here.parent
    return None


def when_text(due: datetime, now: datetime) -> str:
    """``now``, ``in 9 min``, ``in 3 h``, ``in 4 days`` -- plus the UTC date when not now."""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "now"
    if round(seconds / 60) < 60:
        rel = f"in {max(1, round(seconds / 60))} min"
    elif round(seconds / 3600) < 24:
        rel = f"in {round(seconds / 3600)} h"
    else:
        days = round(seconds / 86400)
        rel = f"in {days} day{'s' * (days != 1)}"
    return f"{rel} ({due.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)"


# --------------------------------------------------------------------------- reading and checking


def _empty():
    return {"version": VERSION, "drills": {}, "review": {}}


def _read(path: Path):
    """``(data, problem)``: the valid part of the file, and what was wrong (None if nothing)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _empty(), None
    except (OSError, UnicodeDecodeError) as exc:
        return _empty(), f"cannot read it: {exc}"
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return _empty(), f"not valid JSON: {getattr(exc, 'msg', exc)} at line {getattr(exc, 'lineno', '?')}"
    if not isinstance(raw, dict):
        return _empty(), f"expected a JSON object, found {type(raw).__name__}"
    data, problems = {**raw, **_empty()}, []
    for section, check in (("drills", _drill_problem), ("review", _review_problem)):
        entries = raw.get(section, {})
        if not isinstance(entries, dict):
            problems.append(f"'{section}' is not an object")
            continue
        for key, entry in entries.items():
            problem = check(key, entry)
            if problem:
                problems.append(f"{section} entry {key!r}: {problem}")
            if not problem or isinstance(problem, Repaired):
                data[section][key] = entry
    if not problems:
        return data, None
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return data, problems[0] + more


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _drill_problem(key, entry):
    if not isinstance(entry, dict):
        return "not an object"
    for field in ("attempts", "passes", "hints"):
        if not _is_count(entry.get(field, 0)):
            return f"{field} is not a count"
    return None


def _review_problem(key, entry):
    """What is wrong with one review entry (None: nothing); missing optional fields are filled in.

    Everything the queue and the fsrs scheduler will read is checked here, when the file is
    loaded, so a hand-edited or damaged entry is set aside at once rather than crashing a review.
    """
    if not isinstance(key, str) or key.partition(":")[0] not in KINDS or not key[2:]:
        return "the key is not q:<id>, m:<key> or d:<id>"
    if not isinstance(entry, dict) or not isinstance(entry.get("card"), dict):
        return "no card"
    problem = _card_problem(entry["card"])
    if problem:
        return problem
    for field in ("reviews", "lapses"):
        if not _is_count(entry.get(field, 0)):
            return f"{field} is not a count"
    for field in ("topic", "typed", "probe"):
        if entry.get(field) is not None and not isinstance(entry[field], str):
            return f"{field} is not text"
    entry.setdefault("reviews", 0)
    entry.setdefault("lapses", 0)
    entry.setdefault("kind", KINDS[key[0]])
    # The history only shows the last ratings (the schedule is the card's): mend it, keep the entry.
    history = entry.setdefault("history", [])
    if not isinstance(history, list):
        entry["history"] = []
        return Repaired("history was not a list; it was emptied")
    entry["history"] = [row for row in history if _history_row_ok(row)]
    if len(entry["history"]) < len(history):
        bad = len(history) - len(entry["history"])
        return Repaired(f"dropped {bad} history row{'s' * (bad != 1)} that {'were' if bad != 1 else 'was'} "
                        "not [when, rating]")
    return None


class Repaired(str):
    """A problem an entry was mended of (it is kept): e.g. a malformed history row dropped."""


RATINGS = ("Again", "Hard", "Good", "Easy")


def _history_row_ok(row) -> bool:
    """Is ``row`` a ``[when, rating]`` pair as :meth:`Progress.schedule` writes it?"""
    if not isinstance(row, list) or len(row) != 2 or row[1] not in RATINGS or not isinstance(row[0], str):
        return False
    try:
        return datetime.fromisoformat(row[0]).tzinfo is not None
    except ValueError:
        return False


def _card_problem(fields):
    """What is wrong with an fsrs card as stored (None: nothing)."""
    from fsrs import Card

    try:
        card = Card.from_dict(fields)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        return f"the card cannot be read ({type(exc).__name__}: {exc})"
    if card.due.tzinfo is None:
        return "the due date has no time zone"
    if card.last_review is not None and card.last_review.tzinfo is None:
        return "the last review date has no time zone"
    if card.step is not None and not _is_count(card.step):
        return "the card's step is not a count"
    for name in ("stability", "difficulty"):
        value = getattr(card, name)
        if value is not None and not (math.isfinite(value) and 0 < value <= MAX_CARD_VALUE):
            return f"the card's {name} is {value!r}, not a positive number up to {MAX_CARD_VALUE:g}"
    if card.state.name != "Learning" and (card.stability is None or card.difficulty is None):
        return f"a card in state {card.state.name} needs its stability and difficulty"
    if card.state.name == "Relearning" and card.step is None:
        return "a card in state Relearning needs its step"
    return None


def _count(data):
    return len(data["drills"]) + len(data["review"])


def _backup(path: Path) -> Path:
    """Move the unreadable file aside to ``<name>.bak`` (``.bak2``, ... if that exists)."""
    backup, n = path.with_name(path.name + ".bak"), 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.bak{n}")
    path.replace(backup)
    return backup


# --------------------------------------------------------------------------- reports


def bar(done: int, total: int, width: int = 30) -> str:
    """``[##########--------------------] 10/30 (33%)``"""
    filled = round(width * done / total) if total else 0
    pct = round(100 * done / total) if total else 0
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} ({pct}%)"


def progress_report(progress: Progress, drills, now=None) -> str:
    """An overall bar, one bar per drill set, then the review queue's size and next due date."""
    lines = [f"Drills passed  {bar(sum(progress.passed(d.id) for d in drills), len(drills))}", ""]
    sets = {}
    for d in drills:
        sets.setdefault((d.set_name, d.set_title), []).append(d)
    width = max((len(name) for name, _ in sets), default=0)
    for (name, title), members in sets.items():
        done = sum(progress.passed(d.id) for d in members)
        lines.append(f"  {name:<{width}}  {bar(done, len(members), width=10)}  {title}")
    lines += ["", progress.review_summary(now)]
    return "\n".join(lines)
