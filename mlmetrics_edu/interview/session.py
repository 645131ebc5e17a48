"""The one session state machine: answer, grade, score, totals by topic, misconceptions, time.

The quiz widget, ``mlmetrics-edu interview`` and ``mlmetrics-edu review`` all run a
:class:`Session` over a :class:`~.planner.Plan`: they show :meth:`Session.next_item`, collect
a response and pass it to :meth:`Session.answer` (or :meth:`Session.skip`) with the seconds it
took; the session grades it (:func:`~.bank.grade`, one class per kind), keeps the totals, picks
the follow-up (branching on the answer where the bank defines ``follow_up_if_wrong``) and hands
each graded answer to its ``recorder`` at once -- the review queue writes it to the progress
file before the next question is shown, so a closed terminal loses nothing.

Nothing here prints, reads input or looks at a clock.

>>> clock(372)
'06:12'
>>> estimate_seconds("numeric", 3)
180.0
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

from .._validation import MetricInputError
from .bank import LEVELS, TOPICS, Bank, Instance, Result, grade, instantiate
from .kinds import kind_of
from .planner import KIND_NAMES, Item, Plan, PlanError, clock, estimate_seconds, new_seed  # noqa: F401
from .planner import plan as make_plan

# One code drill takes this long; it is only offered when the interview is long enough that
# the questions keep at least half the time.
DRILL_SECONDS = 420.0
DRILL_MIN_MINUTES = 2 * DRILL_SECONDS / 60

END_REASONS = {
    "completed": "every planned question was asked",
    "time": "time ran out",
    "quit": "you ended it early (q)",
    "interrupted": "interrupted (Ctrl-C)",
    "hangup": "the terminal closed (SIGHUP)",
    "terminated": "the program was stopped (SIGTERM)",
    "eof": "the input ended",
    "output-closed": "the output was closed",
}


def plan_session(bank: Bank, minutes: float = 20, *, topics=None, levels=None, seed: int = 0,
                 drill: bool = False, questions=None) -> Plan:
    """The plan of a mock interview that fills ``minutes`` (the planner's rules, warm-up first).

    ``drill=True`` keeps :data:`DRILL_SECONDS` for one code drill when ``minutes`` is at least
    :data:`DRILL_MIN_MINUTES`. ``questions``: these ids (each with its follow-ups), in order.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, numbers.Real) or not 0 < minutes < math.inf:
        raise PlanError(f"minutes must be a positive finite number, not {minutes!r:.80}")
    drill_seconds = DRILL_SECONDS if drill and minutes >= DRILL_MIN_MINUTES else 0.0
    if questions is not None:
        unknown = [qid for qid in questions if qid not in bank.questions]
        if unknown:
            raise PlanError(f"no question called {unknown[0]!r} in the bank")
        return make_plan(bank, questions=list(questions), minutes=minutes, seed=seed,
                         drill_seconds=drill_seconds, warm_up_first=False)
    return make_plan(bank, topics=topics, levels=levels, minutes=minutes, seed=seed,
                     drill_seconds=drill_seconds)


@dataclass
class Answer:
    """What happened to one asked question."""

    item: Item
    result: Result
    seconds: float
    skipped: bool = False
    typed: str = ""                  # what the learner typed, as typed
    attempts: int = 1                # quiz: tries until right ("try again"; the first one counts)

    @property
    def instance(self) -> Instance:
        return self.item.instance

    @property
    def follow_up(self) -> bool:
        return self.item.is_follow_up

    @property
    def overtime(self) -> float:
        """Seconds past the question's estimate (0 when in time)."""
        return max(0.0, self.seconds - self.item.estimate)


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
    return Result(False, 0.0, "Skipped. " + kind_of(inst.question).reveal(inst), inst.question.explanation,
                  [], None)


def totals(answers) -> dict:
    """Points, answered (skips left out), skipped, right, seconds by topic, in the order of TOPICS."""
    rows = {}
    for a in answers:
        q = a.item.question
        row = rows.setdefault(q.topic, {"topic": q.topic, "title": TOPICS[q.topic][0], "asked": 0,
                                        "answered": 0, "skipped": 0, "right": 0, "points": 0.0,
                                        "seconds": 0.0})
        row["asked"] += 1
        row["answered"] += not a.skipped
        row["skipped"] += a.skipped
        row["right"] += bool(a.result.correct)
        row["points"] += a.result.score
        row["seconds"] += a.seconds
    order = list(TOPICS)
    return {row["topic"]: row for row in sorted(rows.values(), key=lambda r: order.index(r["topic"]))}


@dataclass
class Session:
    """The answers of one quiz, interview or review, and how it ended.

    ``recorder(answer)`` is called with every graded or skipped answer, as soon as it is
    kept (the review queue: written to the progress file at once).
    """

    plan: Plan
    bank: Bank
    answers: list = field(default_factory=list)
    drill: DrillAttempt | None = None
    drill_note: str = ""             # why no drill was run, when none was
    ended: str | None = None         # a key of END_REASONS
    recorder: object = None
    repeats: bool = False            # review: the same question may come back (a new draw)
    items: list = None               # the plan's items, follow-ups replaced where answers branch

    def __post_init__(self):
        if self.items is None:
            self.items = list(self.plan.items)

    # -- the state machine

    def next_item(self) -> Item | None:
        """The first question not answered or skipped yet (None: the plan is done)."""
        done = {a.item.question.id for a in self.answers}
        return next((i for i in self.items if i.question.id not in done), None)

    def answer(self, item: Item, response, seconds: float, *, typed: str = "") -> Answer:
        """Grade ``response`` to ``item`` and keep it; :class:`~.bank.AnswerError` means ask again."""
        self._check_new(item)
        result = grade(item.instance, response, typed)
        return self.record(item, result, seconds, typed=typed)

    def record(self, item: Item, result: Result, seconds: float, *, typed: str = "", attempts: int = 1) -> Answer:
        """Keep a graded answer, branch the follow-up on it, hand it to the recorder."""
        self._check_new(item)
        if not isinstance(result, Result):
            raise MetricInputError(f"result must be a Result (from grade), got {type(result).__name__}")
        answer = Answer(item, result, _seconds(seconds), typed=str(typed or ""), attempts=attempts)
        self.answers.append(answer)
        self._branch(item, result)
        if self.recorder is not None:
            self.recorder(answer)
        return answer

    def skip(self, item: Item, seconds: float, *, typed: str = "") -> Answer:
        """Keep a question the learner passed on: it scores 0, is not counted as answered,
        and goes to the review list."""
        self._check_new(item)
        answer = Answer(item, skipped_result(item.instance), _seconds(seconds), skipped=True, typed=str(typed or ""))
        self.answers.append(answer)
        if self.recorder is not None:
            self.recorder(answer)
        return answer

    def _check_new(self, item):
        if not isinstance(item, Item):
            raise MetricInputError(f"item must be an Item of the plan (from next_item), got {type(item).__name__}")
        if any(a.item is item or (not self.repeats and a.item.question.id == item.question.id)
               for a in self.answers):
            raise ValueError(f"question {item.question.id!r} was already answered in this session")

    def _branch(self, item, result):
        """After a wrong answer, ``follow_up_if_wrong`` replaces the planned follow-up."""
        q = item.question
        if result.correct or q.follow_up_if_wrong is None:
            return
        branch = self.bank[q.follow_up_if_wrong]
        k = self.items.index(item) if item in self.items else -1
        nxt = self.items[k + 1] if 0 <= k < len(self.items) - 1 else None
        if branch.generator and branch.generator == q.generator:   # same scenario, same numbers
            inst = kind_of(branch).instantiate(branch, None, item.instance.seed, values=item.instance.values)
        else:
            inst = instantiate(branch, item.instance.seed)
        new = Item(branch, inst, estimate_seconds(branch.kind, branch.difficulty), item.chain, item.step + 1, q.id)
        if nxt is not None and nxt.chain == item.chain and nxt.question.id == q.follow_up:
            self.items[k + 1] = new
        else:
            self.items.insert(k + 1, new)

    def end(self, reason: str):
        if reason not in END_REASONS:
            raise ValueError(f"unknown end reason {reason!r}")
        if self.ended is None:
            self.ended = reason

    # -- totals

    @property
    def score(self) -> float:
        return sum(a.result.score for a in self.answers)

    @property
    def answered(self) -> int:
        """Questions answered (skips are not answers)."""
        return sum(not a.skipped for a in self.answers)

    def by_topic(self) -> dict:
        return totals(self.answers)

    def misconceptions(self) -> list:
        """Misconception keys the answers showed, first occurrence first."""
        return list(dict.fromkeys(m for a in self.answers for m in a.result.misconceptions))

    # -- the report card's data

    def report_data(self, *, elapsed: float, started: str = "") -> dict:
        """The report card as plain data (JSON-ready): scores, times, misconceptions, review."""
        asked = {a.item.question.id for a in self.answers}
        n = len(self.answers)
        budget = self.plan.budget
        return {
            "started": started,
            "seed": self.plan.seed,
            "minutes": self.plan.minutes,
            "topics": list(self.plan.topics),
            "levels": [LEVELS[v] for v in self.plan.levels],
            "ended": self.ended or "completed",
            "ended_because": END_REASONS[self.ended or "completed"],
            "elapsed_seconds": round(float(elapsed), 1),
            "overtime_seconds": round(max(0.0, float(elapsed) - budget), 1) if budget else 0.0,
            "planned": len(self.items),
            "asked": n,
            "answered": self.answered,
            "skipped": n - self.answered,
            "not_asked": [i.question.id for i in self.items if i.question.id not in asked],
            "score": {"points": round(self.score, 3), "out_of": n, "percent": _percent(self.score, n)},
            "by_topic": [dict(row, percent=_percent(row["points"], row["asked"]), points=round(row["points"], 3),
                              seconds=round(row["seconds"], 1)) for row in self.by_topic().values()],
            "questions": [self._question_row(k + 1, a) for k, a in enumerate(self.answers)],
            "misconceptions": self._misconceptions(),
            "review": [self._review_row(a) for a in self.answers if not a.result.correct],
            "drill": None if self.drill is None else dict(vars(self.drill), seconds=round(self.drill.seconds, 1)),
            "drill_note": self.drill_note,
        }

    def _question_row(self, number, a):
        q, r = a.item.question, a.result
        return {
            "n": number, "id": q.id, "topic": q.topic, "kind": q.kind,
            "difficulty": q.difficulty, "level": LEVELS[q.difficulty],
            "follow_up_of": a.item.parent, "prompt": a.item.instance.prompt,
            "correct": bool(r.correct), "score": round(float(r.score), 3), "skipped": a.skipped,
            "response": _jsonable(r.response), "typed": a.typed,
            "seconds": round(a.seconds, 1), "estimate_seconds": a.item.estimate,
            "overtime_seconds": round(a.overtime, 1),
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
    def _review_row(a):
        q, r = a.item.question, a.result
        return {"id": q.id, "topic": q.topic, "title": TOPICS[q.topic][0], "kind": q.kind,
                "prompt": a.item.instance.prompt, "score": round(float(r.score), 3),
                "skipped": a.skipped, "misconceptions": list(r.misconceptions), "typed": a.typed,
                # the drills this question covers (its `see` drills), never its whole topic's
                "notebooks": list(q.notebooks), "drills": list(q.drills)}


def _seconds(value) -> float:
    """The seconds an answer took, as a float: a finite number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise MetricInputError(f"seconds must be a finite number, got {value!r:.80}")
    return float(value)


def _percent(points, n):
    return round(100.0 * points / n, 1) if n else 0.0


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
