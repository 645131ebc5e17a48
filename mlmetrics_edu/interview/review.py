"""Spaced review: what you missed comes back, spaced out by fsrs, until you know it.

Every question answered (right or wrong) and every drill failed enters a queue kept in
the learner's progress file (:mod:`mlmetrics_edu.drill.progress`, shared with
``drill progress``), under three kinds of key:

* ``q:<question id>`` -- the question itself (served again with a new seed);
* ``m:<misconception>`` -- a misconception the answer showed (served as another question
  of the bank that probes it);
* ``d:<drill id>`` -- a failed drill (re-checked with the drill engine).

The schedule is not ours: each key has an `fsrs <https://github.com/open-spaced-repetition/py-fsrs>`_
``Card`` and ``fsrs.Scheduler().review_card`` (the library's defaults: 90% desired
retention, learning steps of 1 and 10 minutes, relearning step 10 minutes) says when it is
due next. The rating we give fsrs comes from the result:

====================================================  =========
result                                                rating
====================================================  =========
wrong (or the answer showed the misconception)        Again
right, but only part of an explain rubric (>= 75%)    Hard
right                                                 Good
right, and the learner says it was easy               Easy
====================================================  =========

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

from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating, State

from ..drill.progress import KINDS, Progress, _rating, utc, when_text

__all__ = ["Rating", "ReviewItem", "ReviewStore", "rating_for"]


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
        return when_text(self.due, utc(now))


def rating_for(result) -> Rating:
    """The fsrs rating of a graded answer: wrong -> Again, partial -> Hard, right -> Good.

    ``result`` is a :class:`~mlmetrics_edu.interview.bank.Result` (or a bool: right or not).

    >>> from mlmetrics_edu.interview.bank import Result
    >>> rating_for(Result(True, 0.75, "", "")).name, rating_for(True).name, rating_for(False).name
    ('Hard', 'Good', 'Again')
    """
    if isinstance(result, bool):
        correct, score = result, float(result)
    else:
        correct, score = bool(result.correct), float(result.score)
    if not correct:
        return Rating.Again
    return Rating.Good if score >= 1.0 else Rating.Hard


class ReviewStore:
    """The review queue in ``folder``'s progress file (the current folder by default).

    Call ``record_question`` after each answer and ``record_drill`` after each drill check,
    then ``save()``. ``scheduler``: an ``fsrs.Scheduler``; the default is the library's.
    """

    def __init__(self, folder=".", *, scheduler=None):
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

    def record_question(self, question_id, result, *, topic, misconceptions, when=None, rating=None):
        """Queue (or re-schedule) ``q:<question_id>`` and every misconception shown.

        The rating is :func:`rating_for` ``(result)`` unless ``rating`` is given (the
        learner's own Again/Hard/Good/Easy). Each misconception in ``misconceptions`` (the
        ones the answer showed, e.g. ``result.misconceptions``) is rated Again.
        """
        rating = rating_for(result) if rating is None else _rating(rating)
        when = utc(when)
        self.progress.schedule("q:" + question_id, rating, when, topic=topic)
        self.record_misconceptions(misconceptions, when=when)

    def record_misconceptions(self, misconceptions, *, when=None):
        """Rate each misconception key shown Again (queueing it the first time)."""
        when = utc(when)
        for key in dict.fromkeys(m for m in misconceptions or () if m):
            self.progress.schedule("m:" + key, Rating.Again, when)

    def record_drill(self, drill_id, passed, *, misconception=None, when=None, todo=False):
        """Count a drill check (as ``drill check`` does) and queue the drill if it failed.

        It is the same record as ``Progress.record``: ``drill progress`` shows it, so do not
        record the same check twice. ``misconception``: the drill's ``Wrong`` name the grader
        recognised. ``todo``: the stub was not started yet (counted, not queued).
        """
        self.progress.record(drill_id, passed, misconception=misconception, todo=todo, when=when, save=False)

    def review(self, key, rating, now=None) -> ReviewItem:
        """Record a review of an item already in the queue; returns it, re-scheduled."""
        if key not in self:
            raise KeyError(f"{key!r} is not in the review queue (record_question and record_drill add items)")
        self.progress.schedule(key, rating, utc(now))
        return self.item(key)

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
                          last_rating=entry["history"][-1][1] if entry.get("history") else None)

    def items(self) -> list:
        """Every item, soonest due first (ties by key)."""
        return [self.item(key) for key, _entry, _due in self.progress.queue()]

    def due(self, now=None, limit=None) -> list:
        """The items due at ``now`` (default: the current time), most overdue first."""
        now = utc(now)
        out = [item for item in self.items() if item.due <= now]
        return out if limit is None else out[:limit]

    def upcoming(self, now=None) -> list:
        """The items not due yet, soonest first."""
        now = utc(now)
        return [item for item in self.items() if item.due > now]

    def next_due(self, now=None) -> ReviewItem | None:
        """The first item that is not due yet (None when nothing is waiting)."""
        later = self.upcoming(now)
        return later[0] if later else None
