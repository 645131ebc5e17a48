"""A mock interview as pure logic: plan it from the bank, keep its score, compute its report card.

Nothing here prints, reads input or looks at a clock; the terminal front end (``cli.py``) asks
the questions and passes the answers and their timings in. That keeps the session testable
without a terminal and lets another front end reuse it.

* :func:`plan_session` draws questions across topics and difficulties until their estimated
  times fill the minutes, keeps each follow-up chain together (the opener, then its follow-ups,
  in order), never repeats a question, and is deterministic per seed: the seed picks the
  questions, their order, the shuffled options and the generated numbers.
* :class:`Session` holds the answers (result, seconds), the optional code drill and how the
  session ended; :meth:`Session.report_data` computes the report card: score by topic, time
  per question, the misconceptions shown, and what to review.

>>> clock(372)
'06:12'
>>> estimate_seconds("numeric", 3)
180.0
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .bank import LEVELS, TOPICS, Bank, Instance, Question, Result, instantiate

# What a question of each kind costs in an interview (reading, thinking, answering, feedback),
# at difficulty 2; warm-ups are quicker and hard questions slower.
SECONDS_PER_KIND = {"choice": 60.0, "numeric": 120.0, "bug": 90.0, "explain": 120.0}
LEVEL_FACTOR = {1: 0.75, 2: 1.0, 3: 1.5}
KIND_NAMES = {"choice": "multiple choice", "numeric": "numeric", "bug": "spot the bug",
              "explain": "explain out loud"}

# One code drill takes this long; it is only offered when the interview is long enough that
# the questions keep at least half the time.
DRILL_SECONDS = 420.0
DRILL_MIN_MINUTES = 2 * DRILL_SECONDS / 60

END_REASONS = {
    "completed": "every planned question was asked",
    "time": "time ran out",
    "quit": "you ended it early (q)",
    "interrupted": "interrupted (Ctrl-C)",
    "eof": "the input ended",
    "output-closed": "the output was closed",
}


class PlanError(ValueError):
    """No interview can be planned (no question matches the topics and levels asked for)."""


def clock(seconds: float) -> str:
    """``372`` -> ``'06:12'`` (minutes can pass 99; negative times show as ``00:00``)."""
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def estimate_seconds(kind: str, difficulty: int) -> float:
    """The time an interviewer would give a question of this kind and difficulty."""
    return SECONDS_PER_KIND[kind] * LEVEL_FACTOR[difficulty]


# --------------------------------------------------------------------------- the plan


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
    """The questions of one interview, in the order they are asked."""

    seed: int
    minutes: float
    topics: tuple                    # () = every topic
    levels: tuple                    # () = every level
    items: tuple
    drill_seconds: float = 0.0       # time kept for the code drill (0: no drill)

    @property
    def estimate(self) -> float:
        """Estimated seconds of the questions (without the drill)."""
        return sum(item.estimate for item in self.items)

    @property
    def budget(self) -> float:
        return 60.0 * self.minutes


def plan_session(bank: Bank, minutes: float = 20, *, topics=None, levels=None, seed: int = 0,
                 drill: bool = False) -> Plan:
    """Draw the questions of an interview that fills ``minutes``.

    Openers are drawn round-robin over the topics (in a seeded order), each round aiming at a
    different difficulty, so a short interview already spans topics and levels; each opener
    brings its follow-up chain. Chains are added while their estimated time fits; the plan is
    then ordered warm-up first, as an interviewer would. ``drill=True`` keeps
    :data:`DRILL_SECONDS` for one code drill when ``minutes`` is at least
    :data:`DRILL_MIN_MINUTES`.
    """
    if not minutes > 0:
        raise PlanError(f"minutes must be positive, not {minutes!r}")
    topics = tuple(topics or ())
    levels = tuple(sorted(set(levels or ())))
    pool = bank.select(topics=topics or None, levels=levels or None)
    if not pool:
        raise PlanError(f"no question in the bank for topics {', '.join(topics) or 'any'} at "
                        f"levels {', '.join(LEVELS[v] for v in levels) or 'any'} "
                        f"(the bank holds {len(bank)} questions)")
    drill_seconds = DRILL_SECONDS if drill and minutes >= DRILL_MIN_MINUTES else 0.0
    budget = 60.0 * minutes - drill_seconds
    rng = random.Random(int(seed))
    chains = _fill(bank, _openers(pool, rng), budget)
    # warm-ups first; the draw order (which alternates topics) breaks ties
    chains.sort(key=lambda c: c[0].difficulty)
    items = []
    for c, chain in enumerate(chains):
        for step, q in enumerate(chain):
            items.append(Item(q, instantiate(q, seed), estimate_seconds(q.kind, q.difficulty), c, step,
                              chain[step - 1].id if step else None))
    return Plan(int(seed), float(minutes), topics, levels, tuple(items), drill_seconds)


def _openers(pool, rng) -> list:
    """Every candidate opener in draw order: round-robin over topics, rotating the difficulty."""
    by_topic = {}
    for q in pool:
        by_topic.setdefault(q.topic, []).append(q)
    for qs in by_topic.values():
        rng.shuffle(qs)
    order = sorted(by_topic)
    rng.shuffle(order)
    difficulties = sorted({q.difficulty for q in pool})
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


def _fill(bank, openers, budget) -> list:
    """Chains, in draw order, while they fit in ``budget`` seconds; never a question twice."""
    used, chains, spent = set(), [], 0.0
    for opener in openers:
        if opener.id in used:
            continue
        chain = []
        for q in bank.chain(opener.id):
            if q.id in used:
                break  # asked already, in another chain: the chain stops before it
            chain.append(q)
        cost = sum(estimate_seconds(q.kind, q.difficulty) for q in chain)
        if spent + cost <= budget:
            chains.append(chain)
            used.update(q.id for q in chain)
            spent += cost
    if not chains:  # shorter than any chain: one quick question rather than none
        quickest = min(openers, key=lambda q: estimate_seconds(q.kind, q.difficulty))
        chains.append([quickest])
    return chains


# --------------------------------------------------------------------------- the session


@dataclass
class Answer:
    """What happened to one asked question."""

    item: Item
    result: Result
    seconds: float
    skipped: bool = False
    typed: str = ""                  # explain: what the learner typed, if anything


@dataclass
class DrillAttempt:
    """The code drill of the interview, graded by the drill engine."""

    drill_id: str
    title: str
    filename: str
    passed: bool
    attempts: int
    seconds: float
    misconception: str | None = None     # the Wrong the grader recognised, by name
    diagnosis: str | None = None         # its one-line diagnosis
    problem: str | None = None           # the first failure, in one sentence


def skipped_result(inst: Instance) -> Result:
    """A zero for a question the learner passed on, with the answer revealed."""
    q = inst.question
    if q.kind == "choice":
        reveal = f"The answer is {'abcde'[inst.correct_choice]}) {q.options[q.correct]}"
    elif q.kind == "numeric":
        reveal = f"The answer is {inst.answer:.{q.decimals}f}{q.unit}.\n{inst.solution}"
    elif q.kind == "bug":
        reveal = (f"The bug is on line {q.line}: `{inst.code_lines[q.line - 1].strip()}`.\n"
                  f"Fix: {q.fix}")
    else:
        reveal = "The key points:\n" + "\n".join(f"  {i}. {point}" for i, point in enumerate(q.rubric, 1))
    return Result(False, 0.0, "Skipped. " + reveal, q.explanation, [], None)


@dataclass
class Session:
    """The answers of one interview and how it ended."""

    plan: Plan
    bank: Bank
    answers: list = field(default_factory=list)
    drill: DrillAttempt | None = None
    drill_note: str = ""             # why no drill was run, when none was
    ended: str | None = None         # a key of END_REASONS

    def record(self, item: Item, result: Result, seconds: float, *, typed: str = "") -> Answer:
        """Keep a graded answer."""
        if any(a.item.question.id == item.question.id for a in self.answers):
            raise ValueError(f"question {item.question.id!r} was already answered in this session")
        answer = Answer(item, result, float(seconds), typed=typed)
        self.answers.append(answer)
        return answer

    def skip(self, item: Item, seconds: float) -> Answer:
        """Keep a question the learner passed on: it scores 0 and goes to the review list."""
        answer = self.record(item, skipped_result(item.instance), seconds)
        answer.skipped = True
        return answer

    def end(self, reason: str):
        if reason not in END_REASONS:
            raise ValueError(f"unknown end reason {reason!r}")
        if self.ended is None:
            self.ended = reason

    @property
    def score(self) -> float:
        return sum(a.result.score for a in self.answers)

    def report_data(self, *, elapsed: float, started: str = "") -> dict:
        """The report card as plain data (JSON-ready): scores, times, misconceptions, review."""
        answered = {a.item.question.id for a in self.answers}
        n = len(self.answers)
        topic_drills = {}  # the drills the bank's questions of each topic point to
        for q in self.bank:
            topic_drills.setdefault(q.topic, {}).update(dict.fromkeys(q.drills))
        return {
            "started": started,
            "seed": self.plan.seed,
            "minutes": self.plan.minutes,
            "topics": list(self.plan.topics),
            "levels": [LEVELS[v] for v in self.plan.levels],
            "ended": self.ended or "completed",
            "ended_because": END_REASONS[self.ended or "completed"],
            "elapsed_seconds": round(float(elapsed), 1),
            "planned": len(self.plan.items),
            "asked": n,
            "not_asked": [i.question.id for i in self.plan.items if i.question.id not in answered],
            "score": {"points": round(self.score, 3), "out_of": n,
                      "percent": _percent(self.score, n)},
            "by_topic": self._by_topic(),
            "questions": [self._question_row(k + 1, a) for k, a in enumerate(self.answers)],
            "misconceptions": self._misconceptions(),
            "review": [self._review_row(a, topic_drills) for a in self.answers if not a.result.correct],
            "drill": None if self.drill is None else dict(vars(self.drill), seconds=round(self.drill.seconds, 1)),
            "drill_note": self.drill_note,
        }

    def _by_topic(self):
        rows = {}
        for a in self.answers:
            q = a.item.question
            row = rows.setdefault(q.topic, {"topic": q.topic, "title": TOPICS[q.topic][0], "asked": 0,
                                            "right": 0, "points": 0.0, "seconds": 0.0})
            row["asked"] += 1
            row["right"] += bool(a.result.correct)
            row["points"] += a.result.score
            row["seconds"] += a.seconds
        order = list(TOPICS)
        out = sorted(rows.values(), key=lambda r: order.index(r["topic"]))
        for row in out:
            row["percent"] = _percent(row["points"], row["asked"])
            row["points"] = round(row["points"], 3)
            row["seconds"] = round(row["seconds"], 1)
        return out

    def _question_row(self, number, a):
        q, r = a.item.question, a.result
        return {
            "n": number, "id": q.id, "topic": q.topic, "kind": q.kind,
            "difficulty": q.difficulty, "level": LEVELS[q.difficulty],
            "follow_up_of": a.item.parent, "prompt": a.item.instance.prompt,
            "correct": bool(r.correct), "score": round(float(r.score), 3), "skipped": a.skipped,
            "response": _jsonable(r.response), "typed": a.typed,
            "seconds": round(a.seconds, 1), "estimate_seconds": a.item.estimate,
            "misconceptions": list(r.misconceptions),
        }

    def _misconceptions(self):
        seen = {}
        for a in self.answers:
            for key in a.result.misconceptions:
                entry = seen.setdefault(key, {"key": key, "description": self.bank.misconceptions.get(key, ""),
                                              "count": 0, "questions": []})
                entry["count"] += 1
                entry["questions"].append(a.item.question.id)
        if self.drill is not None and self.drill.misconception:
            key = self.drill.misconception
            entry = seen.setdefault(key, {"key": key, "description": self.drill.diagnosis or "",
                                          "count": 0, "questions": []})
            entry["count"] += 1
            entry["questions"].append(f"drill:{self.drill.drill_id}")
        return sorted(seen.values(), key=lambda e: (-e["count"], e["key"]))

    @staticmethod
    def _review_row(a, topic_drills):
        q, r = a.item.question, a.result
        return {"id": q.id, "topic": q.topic, "title": TOPICS[q.topic][0], "kind": q.kind,
                "prompt": a.item.instance.prompt, "score": round(float(r.score), 3),
                "skipped": a.skipped, "misconceptions": list(r.misconceptions),
                "notebooks": list(q.notebooks), "drills": list(q.drills),
                # no drill of its own: the drills the topic's other questions point to
                "topic_drills": [] if q.drills else list(topic_drills.get(q.topic, ()))}


def _percent(points, n):
    return round(100.0 * points / n, 1) if n else 0.0


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
