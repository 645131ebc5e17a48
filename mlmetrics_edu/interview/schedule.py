"""Spaced-repetition scheduling: the one home of the fsrs ratings, cards and scheduler.

The schedule is not ours: each review key has an `fsrs <https://github.com/open-spaced-repetition/py-fsrs>`_
``Card`` and ``fsrs.Scheduler().review_card`` (the library's defaults: 90% desired retention,
learning steps of 1 and 10 minutes, relearning step 10 minutes) says when it is due next. This
module says which rating a result earns; the progress file (:mod:`mlmetrics_edu.drill.progress`)
keeps the cards and :mod:`.review` the queue.

====================================================  =========
result                                                rating
====================================================  =========
wrong (or the answer showed the misconception)        Again
right, but only part of an explain rubric (>= 75%)    Hard
right                                                 Good
right, and the learner says it was easy               Easy
right the first time it is seen, in an interview      Easy (starts at days, not 10 minutes)
====================================================  =========
"""

from __future__ import annotations

import hashlib
import numbers

import numpy as np
from fsrs import Card, Rating, Scheduler, State

from .._validation import MetricInputError

__all__ = ["Card", "Rating", "Scheduler", "State", "as_rating", "card_id", "default_scheduler",
           "first_rating", "rating_for"]


def default_scheduler() -> Scheduler:
    """The fsrs scheduler with the library's own defaults (retention 0.9, steps 1 and 10 min)."""
    return Scheduler()


def card_id(key: str) -> int:
    """fsrs wants an int id; a stable hash of the review key keeps the file reproducible."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:6], "big")


def as_rating(rating) -> Rating:
    """``"good"``, ``"Again"``, ``3`` or a ``Rating`` as a ``Rating``."""
    if isinstance(rating, str):
        try:
            return Rating[rating.strip().capitalize()]
        except KeyError:
            raise MetricInputError(f"rating must be one of Again, Hard, Good, Easy, not {rating!r}") from None
    if isinstance(rating, Rating):
        return rating
    if isinstance(rating, numbers.Integral) and not isinstance(rating, (bool, np.bool_)) and 1 <= rating <= 4:
        return Rating(int(rating))
    raise MetricInputError(f"rating must be one of Again, Hard, Good, Easy (or 1-4), not {rating!r:.80}")


def rating_for(result) -> Rating:
    """The fsrs rating of a graded answer: wrong -> Again, partial -> Hard, right -> Good.

    ``result`` is a :class:`~mlmetrics_edu.interview.bank.Result` (or a bool: right or not).

    >>> from mlmetrics_edu.interview.bank import Result
    >>> rating_for(Result(True, 0.75, "", "")).name, rating_for(True).name, rating_for(False).name
    ('Hard', 'Good', 'Again')
    """
    if isinstance(result, (bool, np.bool_)):
        correct, score = bool(result), float(result)
    elif isinstance(getattr(result, "correct", None), (bool, np.bool_)) and \
            isinstance(getattr(result, "score", None), numbers.Real) and 0 <= result.score <= 1:
        correct, score = bool(result.correct), float(result.score)
    else:
        raise MetricInputError(f"result must be a graded Result (from grade) or True/False, "
                               f"got {type(result).__name__} {result!r:.80}")
    if not correct:
        return Rating.Again
    return Rating.Good if score >= 1.0 else Rating.Hard


def first_rating(result, *, new: bool) -> Rating:
    """The rating of an answer given in an interview or a quiz (no "how did it feel?").

    A question answered fully right the first time it enters the queue is rated Easy: the
    candidate knew it, so it comes back in days, not in 10 minutes. Otherwise :func:`rating_for`.
    """
    rating = rating_for(result)
    return Rating.Easy if new and rating == Rating.Good else rating
