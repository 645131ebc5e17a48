"""Spaced review: what you missed comes back, spaced out by fsrs, until you know it.

Every question answered (right or wrong) and every drill failed enters a queue kept in
the learner's progress file (:mod:`mlmetrics_edu.drill.progress`, shared with
``drill progress``), under three kinds of key:

* ``q:<question id>`` -- the question itself (served again with a new seed);
* ``m:<misconception>`` -- a misconception the answer showed (served as another question
  of the bank that probes it);
* ``d:<drill id>`` -- a failed drill (re-checked with the drill engine).

The schedule is fsrs's; which rating a result earns is :mod:`.schedule` (one home).

``mlmetrics-edu review`` asks "how did it feel?" after a right answer (Enter keeps the
rating above); ``interview`` does not ask, so it never gives Easy. A misconception shown
is always rated Again; a drill is Again when it fails and Good when it passes.

>>> from datetime import datetime, timezone
>>> import tempfile
>>> from mlmetrics_edu.interview.bank import Result
>>> folder = tempfile.TemporaryDirectory()
>>> store = ReviewStore(folder.name)
>>> t0 = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
>>> wrong = Result(correct=False, score=0.0, feedback="", explanation="")
>>> store.record_question("pr-auc-baseline", wrong, topic="thresholds",
...                       misconceptions=["pr-auc-baseline-half"], when=t0)
>>> [(item.key, item.due.strftime("%H:%M")) for item in store.due(now=t0.replace(hour=10))]
[('m:pr-auc-baseline-half', '09:01'), ('q:pr-auc-baseline', '09:01')]
>>> folder.cleanup()
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from .._validation import MetricInputError, check_bool, check_int
from ..drill.progress import KINDS, Progress, utc, when_text
from .schedule import Rating, State, as_rating, first_rating, rating_for

__all__ = ["Rating", "ReviewItem", "ReviewStore", "first_rating", "rating_for"]


@dataclass(frozen=True)
class ReviewItem:
    """One entry of the queue, as ``due`` lists it."""

    key: str                 # "q:<id>", "m:<key>" or "d:<drill>"
    kind: str                # "question", "misconception" or "drill"
    target: str              # the question id, misconception key or drill id
    due: datetime            # aware UTC
    state: str               # fsrs state: "Learning", "Review" or "Relearning"
    reviews: int
    lapses: int              # how many times it was rated Again
    topic: str | None = None
    last_rating: str | None = None

    def when(self, now=None) -> str:
        """``now`` or ``in 3 days (2026-05-04 09:00 UTC)``."""
        return when_text(self.due, _when(now, "now"))


def _check_keys(keys, name):
    """None or a list of misconception keys (str); a bare str would be read letter by letter."""
    if keys is None:
        return None
    listed = None if isinstance(keys, (str, bytes)) or not hasattr(keys, "__iter__") else list(keys)
    if listed is None or not all(isinstance(k, str) or k is None for k in listed):
        raise MetricInputError(f"{name} must be a list of misconception keys (str), got {keys!r:.80}"
                               + (f"; write [{keys!r}] for one" if isinstance(keys, str) else ""))
    return listed


def _when(when, name="when"):
    """``when`` as an aware UTC datetime (None: now); anything else is an error naming ``name``."""
    if when is not None and not isinstance(when, datetime):
        raise MetricInputError(f"{name} must be a datetime or None, got {type(when).__name__} {when!r:.80}")
    if when is not None and when.utcoffset() is None:
        raise MetricInputError(f"{name} must be timezone-aware (e.g. tzinfo=timezone.utc), got the naive "
                               f"datetime {when.isoformat()}")
    return utc(when)


def _check_id(value, name):
    if not isinstance(value, str) or not value.strip():
        raise MetricInputError(f"{name} must be a non-empty str, got {value!r:.80}")
    return value


def _last_rating(history):
    """The rating of the last review in ``history`` ([[when, rating], ...]); None if unreadable."""
    if isinstance(history, list) and history and isinstance(history[-1], (list, tuple)) \
            and len(history[-1]) > 1 and isinstance(history[-1][1], str):
        return history[-1][1]
    return None


class ReviewStore:
    """The review queue in ``folder``'s progress file (the current folder by default).

    Call ``record_question`` after each answer and ``record_drill`` after each drill check,
    then ``save()``. ``scheduler``: an ``fsrs.Scheduler``; the default is the library's.
    """

    def __init__(self, folder=".", *, scheduler=None):
        if not isinstance(folder, (str, os.PathLike)) or isinstance(os.fspath(folder), bytes) \
                or not os.fspath(folder).strip() or "\0" in os.fspath(folder):
            raise MetricInputError(f"folder must be a folder path (str or pathlib.Path), got {folder!r:.80}")
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise MetricInputError(f"folder {os.fspath(folder)!r} is a file; the progress file lives in a folder")
        if scheduler is not None and not hasattr(scheduler, "review_card"):
            raise MetricInputError(f"scheduler must be an fsrs.Scheduler or None, got {type(scheduler).__name__}")
        self.progress = Progress(folder, scheduler=scheduler)

    @property
    def path(self):
        return self.progress.path

    @property
    def scheduler(self):
        return self.progress.scheduler

    def __len__(self):
        return len(self.progress.data["review"])

    def __contains__(self, key):
        return key in self.progress.data["review"]

    # ------------------------------------------------------------------ recording

    def record_question(self, question_id, result, *, topic, misconceptions, when=None, rating=None,
                        typed=None, save=False):
        """Queue (or re-schedule) ``q:<question_id>`` and every misconception shown.

        The rating is :func:`rating_for` ``(result)`` unless ``rating`` is given (the
        learner's own Again/Hard/Good/Easy; an interview passes :func:`first_rating`, so a
        question right the first time it is queued starts at days). Each misconception in
        ``misconceptions`` (the ones the answer showed, e.g.
        ``result.misconceptions``) is rated Again. ``typed``: what the learner wrote (an
        explain answer), kept with the entry. ``save=True`` writes the file at once (atomic).
        """
        _check_id(question_id, "question_id")
        if topic is not None and not isinstance(topic, str):
            raise MetricInputError(f"topic must be a str or None, got {topic!r:.80}")
        if typed is not None and not isinstance(typed, str):
            raise MetricInputError(f"typed must be a str or None, got {type(typed).__name__}")
        misconceptions = _check_keys(misconceptions, "misconceptions")
        key = "q:" + question_id
        rating = rating_for(result) if rating is None else as_rating(rating)
        when = _when(when)
        self.progress.schedule(key, rating, when, topic=topic, typed=typed or None)
        self.record_misconceptions(misconceptions, when=when)
        if save:
            self.save()

    def record_misconceptions(self, misconceptions, *, when=None):
        """Rate each misconception key shown Again (queueing it the first time)."""
        misconceptions = _check_keys(misconceptions, "misconceptions")
        when = _when(when)
        for key in dict.fromkeys(m for m in misconceptions or () if m):
            self.progress.schedule("m:" + key, Rating.Again, when)

    def record_drill(self, drill_id, passed, *, misconception=None, when=None, todo=False):
        """Count a drill check (as ``drill check`` does) and queue the drill if it failed.

        It is the same record as ``Progress.record``: ``drill progress`` shows it, so do not
        record the same check twice. ``misconception``: the drill's ``Wrong`` name the grader
        recognised. ``todo``: the stub was not started yet (counted, not queued).
        """
        _check_id(drill_id, "drill_id")
        if misconception is not None:
            _check_id(misconception, "misconception")
        self.progress.record(drill_id, check_bool(passed, "passed"), misconception=misconception,
                             todo=check_bool(todo, "todo"), when=_when(when), save=False)

    def review(self, key, rating, now=None) -> ReviewItem:
        """Record a review of an item already in the queue; returns it, re-scheduled."""
        if not isinstance(key, str):
            raise MetricInputError(f"key must be a review key like 'q:<question id>', got {key!r:.80}")
        if key not in self:
            raise KeyError(f"{key!r} is not in the review queue (record_question and record_drill add items)")
        self.progress.schedule(key, as_rating(rating), _when(now, "now"))
        return self.item(key)

    def note(self, key, **info):
        """Keep ``info`` with an entry (e.g. ``probe=<question id>``: the question that last probed it)."""
        self.progress.data["review"][key].update(info)
        self.progress.touch_review(key)

    def probe_of(self, key) -> str | None:
        """The question that last probed misconception entry ``key`` (None if none yet)."""
        return self.progress.data["review"].get(key, {}).get("probe")

    def forget(self, key):
        """Drop an item (a question that left the bank, a drill that no longer exists)."""
        self.progress.forget(key)

    def save(self):
        self.progress.save()

    # ------------------------------------------------------------------ reading

    def item(self, key) -> ReviewItem:
        entry = self.progress.data["review"][key]
        card = entry["card"]
        return ReviewItem(key=key, kind=KINDS[key[0]], target=key[2:],
                          due=datetime.fromisoformat(card["due"]), state=State(card["state"]).name,
                          reviews=entry.get("reviews", 0), lapses=entry.get("lapses", 0),
                          topic=entry.get("topic"),
                          last_rating=_last_rating(entry.get("history")))

    def items(self) -> list:
        """Every item, soonest due first (ties by key)."""
        return [self.item(key) for key, _entry, _due in self.progress.queue()]

    def due(self, now=None, limit=None) -> list:
        """The items due at ``now`` (default: the current time), most overdue first; at most ``limit``."""
        now, limit = _when(now, "now"), check_int(limit, "limit", 0, allow_none=True)
        out = [item for item in self.items() if item.due <= now]
        return out if limit is None else out[:limit]

    def upcoming(self, now=None) -> list:
        """The items not due yet, soonest first."""
        now = _when(now, "now")
        return [item for item in self.items() if item.due > now]

    def next_due(self, now=None) -> ReviewItem | None:
        """The first item that is not due yet (None when nothing is waiting)."""
        later = self.upcoming(now)
        return later[0] if later else None
