"""The one planner: which questions a quiz, an interview or a review asks, in which order.

One set of rules for every front end:

* **the pool** -- the bank's standalone questions filtered by topic, level, kind and covered
  syllabus items (explorer tasks only by id), or question ids given in order;
* **one random generator** -- ``random.Random(seed)`` picks and orders the openers; each
  question's instance is drawn from its own ``seed_for(id, seed)`` stream, so the same seed
  gives the same plan everywhere;
* **openers** -- round-robin over the topics (in a seeded order), each round aiming at another
  difficulty, so a short plan already spans topics and levels;
* **follow-ups** -- an opener brings its chain (``follow_up``, in order); a question already in
  the plan is never asked again (the chain stops before it); a follow-up on the same
  generator keeps its parent's scenario and numbers (:func:`~.bank.instantiate_chain`); where
  the bank defines ``follow_up_if_wrong``, the session branches on the answer given;
* **size** -- ``n`` chains, or chains while their estimated times fit ``minutes``;
  a timed plan is ordered warm-up first, as an interviewer would.

>>> clock(372)
'06:12'
>>> estimate_seconds("numeric", 3)
180.0
"""

from __future__ import annotations

import fnmatch
import math
import numbers
import random
import secrets
from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, check_int, check_seed
from .bank import LEVELS, Bank, Instance, Question, instantiate_chain, seed_for
from .kinds import KIND_TABLE

LEVEL_FACTOR = {1: 0.75, 2: 1.0, 3: 1.5}
KIND_NAMES = {name: kind.title for name, kind in KIND_TABLE.items()}
SECONDS_PER_KIND = {name: kind.seconds for name, kind in KIND_TABLE.items()}
SEED_LIMIT = 1_000_000


class PlanError(ValueError):
    """No plan can be made (no question matches the topics, levels or kinds asked for)."""


def new_seed() -> int:
    """A fresh seed, shown to the learner so the same plan can be replayed."""
    return secrets.randbelow(SEED_LIMIT)


def review_seed(key: str, reviews: int, seed: int) -> int:
    """The seed of a review's draw: it moves with the number of reviews, so each review of an
    item asks fresh numbers (and shuffles the options anew)."""
    return seed_for(f"review/{key}/{reviews}", seed) % 2**32


def clock(seconds: float) -> str:
    """``372`` -> ``'06:12'`` (minutes can pass 99; negative times show as ``00:00``)."""
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def estimate_seconds(kind: str, difficulty: int) -> float:
    """The time an interviewer would give a question of this kind and difficulty."""
    return SECONDS_PER_KIND[kind] * LEVEL_FACTOR[difficulty]


@dataclass(frozen=True)
class Item:
    """One question as the plan asks it."""

    question: Question
    instance: Instance
    estimate: float                  # seconds
    chain: int                       # which chain of the plan (0, 1, ...)
    step: int                        # 0: the chain's opener; 1, 2, ...: its follow-ups
    parent: str | None = None        # the question this one follows up on

    @property
    def is_follow_up(self) -> bool:
        return self.step > 0


@dataclass(frozen=True)
class Plan:
    """The questions of one quiz or interview, in the order they are asked."""

    seed: int
    minutes: float | None
    topics: tuple                    # () = every topic
    levels: tuple                    # () = every level
    items: tuple
    drill_seconds: float = 0.0       # time kept for the code drill (0: no drill)

    @property
    def estimate(self) -> float:
        """Estimated seconds of the questions (without the drill)."""
        return sum(item.estimate for item in self.items)

    @property
    def budget(self) -> float | None:
        return None if self.minutes is None else 60.0 * self.minutes

    @property
    def chains(self) -> tuple:
        """The items grouped by chain: each an opener and its follow-ups."""
        out = {}
        for item in self.items:
            out.setdefault(item.chain, []).append(item)
        return tuple(tuple(c) for c in out.values())


def pool(bank: Bank, *, topics=None, levels=None, kinds=None, covers=None) -> list:
    """The standalone questions matching every filter given (``covers``: shell patterns)."""
    patterns = None if covers is None else ([covers] if isinstance(covers, str) else list(covers))
    return [q for q in bank.select(topics=topics or None, levels=levels or None, kinds=kinds or None)
            if patterns is None or any(fnmatch.fnmatchcase(c, p) for c in q.covers for p in patterns)]


def plan(bank: Bank, *, questions=None, topics=None, levels=None, kinds=None, covers=None, n=None,
         minutes=None, seed: int = 0, drill_seconds: float = 0.0, shuffle=True, warm_up_first=None) -> Plan:
    """Plan a quiz or an interview (see the module docstring for the rules).

    ``questions``: ids asked in this order (no filter then). ``n``: how many chains; ``minutes``:
    chains while their estimates fit (less ``drill_seconds``). ``shuffle=False`` keeps bank
    order (a quiz over ``covers``). ``warm_up_first`` defaults to a timed plan's. A wrong
    argument is a :class:`~mlmetrics_edu.MetricInputError` naming it.
    """
    if not isinstance(bank, Bank):
        raise MetricInputError(f"bank must be a Bank (from load_bank), got {type(bank).__name__}")
    seed = check_seed(seed, "seed", allow_none=False)
    n = check_int(n, "n", 1, allow_none=True)
    minutes = None if minutes is None else _positive(minutes, "minutes")
    drill_seconds = _positive(drill_seconds, "drill_seconds", zero_ok=True)
    topics, levels, kinds = (_listed(v, name) for v, name in ((topics, "topics"), (levels, "levels"),
                                                              (kinds, "kinds")))
    topics, levels = tuple(topics or ()), tuple(sorted(set(levels or ())))
    rng = random.Random(seed)
    if questions is not None:
        openers = [bank[qid] for qid in _listed(questions, "questions")]
    else:
        candidates = pool(bank, topics=topics, levels=levels, kinds=kinds, covers=covers)
        if not candidates:
            raise PlanError(f"no question in the bank for topics {', '.join(topics) or 'any'} at "
                            f"levels {', '.join(LEVELS[v] for v in levels) or 'any'}"
                            + (f" of kinds {', '.join(kinds)}" if kinds else "")
                            + (f" covering {covers}" if covers else "")
                            + f" (the bank holds {len(bank)} questions)")
        openers = _openers(candidates, rng) if shuffle else candidates
    budget = None if minutes is None else 60.0 * minutes - drill_seconds
    chains = _chains(bank, openers, n, budget, explicit=questions is not None)
    if warm_up_first if warm_up_first is not None else minutes is not None:
        chains.sort(key=lambda c: c[0].difficulty)  # stable: the draw order breaks ties
    items = []
    for c, chain in enumerate(chains):
        for step, inst in enumerate(instantiate_chain(chain, seed)):
            q = inst.question
            items.append(Item(q, inst, estimate_seconds(q.kind, q.difficulty), c, step,
                              chain[step - 1].id if step else None))
    return Plan(seed, minutes, topics, levels, tuple(items), drill_seconds)


def _listed(values, name):
    """None, or a list of ``values`` -- never a bare str or number (read letter by letter or not at all)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise MetricInputError(f"{name} must be None or a list, got {type(values).__name__} {values!r:.80}"
                               + (f" (write [{values!r}] for one)" if isinstance(values, str) else ""))
    return list(values)


def _positive(value, name, *, zero_ok=False) -> float:
    """A finite number above 0 (or at least 0) as a float, else an error naming ``name``."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if not (ok and math.isfinite(value) and (value >= 0 if zero_ok else value > 0)):
        raise MetricInputError(f"{name} must be a finite number {'>= 0' if zero_ok else '> 0'}, got {value!r:.80}")
    return float(value)


def _openers(candidates, rng) -> list:
    """Every candidate opener in draw order: round-robin over topics, rotating the difficulty."""
    by_topic = {}
    for q in candidates:
        by_topic.setdefault(q.topic, []).append(q)
    for qs in by_topic.values():
        rng.shuffle(qs)
    order = sorted(by_topic)
    rng.shuffle(order)
    difficulties = sorted({q.difficulty for q in candidates})
    out, round_ = [], 0
    while any(by_topic.values()):
        for t, topic in enumerate(order):
            qs = by_topic[topic]
            if qs:
                target = difficulties[(round_ + t) % len(difficulties)]
                best = min(range(len(qs)), key=lambda j: (abs(qs[j].difficulty - target), j))
                out.append(qs.pop(best))
        round_ += 1
    return out


def _chains(bank, openers, n, budget, explicit) -> list:
    """Chains in draw order, up to ``n`` or while they fit ``budget``; never a question twice."""
    used, chains, spent = set(), [], 0.0
    for opener in openers:
        if n is not None and len(chains) == n:
            break
        if opener.id in used:
            continue
        chain = []
        for q in bank.chain(opener.id):
            if q.id in used:
                break  # asked already, in another chain: the chain stops before it
            chain.append(q)
        cost = sum(estimate_seconds(q.kind, q.difficulty) for q in chain)
        if budget is None or explicit or spent + cost <= budget:
            chains.append(chain)
            used.update(q.id for q in chain)
            spent += cost
    if not chains and openers:  # shorter than any chain: one quick question rather than none
        chains.append([min(openers, key=lambda q: estimate_seconds(q.kind, q.difficulty))])
    return chains
