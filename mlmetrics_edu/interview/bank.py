"""The question bank: load the TOML files, validate them, draw an instance, grade an answer.

Questions are data (``drills/questions/*.toml``) and so are their answers
(``answers/questions/*.toml``); ``drills/questions/README.md`` documents the format. This
module is the one place that reads them. What differs between kinds lives in one class per
kind (:mod:`.kinds`, one table); the dataclasses and answer parsing in :mod:`.question`.
Everything here is pure -- no printing, no widgets, no clock -- so the interview, the review
queue and the quiz widget all grade alike:

>>> bank = load_bank()
>>> q = bank.select(kinds=["choice"])[0]
>>> inst = instantiate(q, seed=0)
>>> result = grade(inst, inst.correct_choice)
>>> result.correct, result.score
(True, 1.0)
"""

from __future__ import annotations

import math
import numbers
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .._validation import MetricInputError, check_bool, check_seed
from .kinds import KIND_TABLE, MAX_DRAWS, draw_problem, kind_of, str_list
from .question import (LEVELS, TOPICS, AnswerError, BankError, Instance, Question, Result, parse_number,
                       seed_for, tolerance_at, trap_value)

__all__ = ["AnswerError", "Bank", "BankError", "Instance", "KINDS", "LEVELS", "MAX_DRAWS", "Question",
           "Result", "TOPICS", "content_root", "draw_problem", "grade", "instantiate", "instantiate_chain",
           "load_bank", "model_response", "parse_number", "seed_for", "tolerance_at"]

KINDS = tuple(KIND_TABLE)
_trap_value = trap_value   # the name the answer-format tests use



@dataclass
class Bank:
    """Every question by id, the misconception glossary and the syllabus items."""

    questions: dict
    misconceptions: dict
    syllabus: list

    def __getitem__(self, qid) -> Question:
        if not isinstance(qid, str):
            raise MetricInputError(f"a question id must be a str, got {type(qid).__name__} {qid!r:.80}")
        try:
            return self.questions[qid]
        except KeyError:
            raise KeyError(f"no question called {qid!r} in the bank") from None

    def __len__(self):
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions.values())

    def select(self, topics=None, levels=None, kinds=None, standalone=True, tasks=False) -> list:
        """Questions filtered by topic, difficulty and kind (in bank order).

        Explorer tasks ("drag the threshold until ...") need their notebook's explorer, so they
        are left out unless ``tasks=True``; a quiz can still ask one by its id.
        """
        topics = _names(topics, "topics", TOPICS)
        levels = _names(levels, "levels", LEVELS)
        kinds = _names(kinds, "kinds", KIND_TABLE)
        standalone, tasks = check_bool(standalone, "standalone"), check_bool(tasks, "tasks")
        return [q for q in self if (topics is None or q.topic in topics)
                and (levels is None or q.difficulty in levels)
                and (kinds is None or q.kind in kinds)
                and (not standalone or q.standalone)
                and (tasks or not q.task)]

    def chain(self, qid) -> list:
        """The question and the follow-ups an interviewer would ask after it, in order."""
        self[qid]  # an unknown id or a wrong type fails here, naming it
        out, seen = [], set()
        while qid is not None and qid not in seen:
            seen.add(qid)
            out.append(self[qid])
            qid = out[-1].follow_up
        return out




def _names(values, name, known):
    """``None``, or a collection (not a str) of names from ``known``: else one clear error."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise MetricInputError(f"{name} must be None or a list of names, got {type(values).__name__} {values!r:.80}"
                               + (f" (write [{values!r}] for one)" if isinstance(values, str) else ""))
    values = list(values)
    unknown = [v for v in values if isinstance(v, (bool, np.bool_)) or not isinstance(v, (str, numbers.Integral))
               or v not in known]
    if unknown:
        raise MetricInputError(f"{name} holds {unknown[0]!r:.80}, which is not one of {', '.join(map(str, known))}")
    return set(values)


# --------------------------------------------------------------------------- loading


def content_root() -> Path:
    """The folder holding ``drills/questions`` and ``answers/questions`` (package copy first)."""
    from ..drill.spec import content_root as drill_root

    return drill_root()


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{_rel(path)}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise BankError(f"{_rel(path)}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise BankError(f"{_rel(path)}: cannot be read: {exc.strerror or exc}") from None
    return data


def _tables(data, key, path):
    """``data[key]``: a list of tables (``[[key]]``), or one BankError naming the file."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BankError(f"{_rel(path)}: {key} must be a list of [[{key}]] tables, got {type(value).__name__}")
    return value


def _check_root(root) -> Path:
    if not isinstance(root, (str, os.PathLike)) or isinstance(os.fspath(root), bytes):
        raise BankError(f"root must be a folder path (str or pathlib.Path), got {type(root).__name__} {root!r:.80}")
    text = os.fspath(root)
    if not text.strip() or "\0" in text:
        raise BankError(f"root must name a folder, got {text!r:.80}")
    base = Path(text)
    if not base.is_dir():
        raise BankError(f"root {text!r}: " + ("is a file, not a folder" if base.exists() else "no such folder"))
    if not (base / "drills" / "questions").is_dir():
        raise BankError(f"root {text!r}: has no drills/questions folder (the question bank)")
    return base


def _rel(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[-3:])


def load_bank(root: str | None = None) -> Bank:
    """Load and validate the whole bank (cached). ``root`` overrides the content folder: it must
    hold ``drills/questions``; a missing folder, a file or a non-path is a :class:`BankError`."""
    return _load_bank(None if root is None else str(_check_root(root)))


load_bank.cache_clear = lambda: _load_bank.cache_clear()  # the tests load temporary banks


@lru_cache(maxsize=None)
def _load_bank(root: str | None) -> Bank:
    base = Path(root) if root else content_root()
    qdir, adir = base / "drills" / "questions", base / "answers" / "questions"
    syllabus = _tables(_read_toml(qdir / "syllabus.toml"), "item", qdir / "syllabus.toml") \
        if (qdir / "syllabus.toml").is_file() else []
    for number, item in enumerate(syllabus, 1):
        if not isinstance(item.get("id"), str) or not item["id"].strip():
            raise BankError(f"{_rel(qdir / 'syllabus.toml')}: [[item]] number {number} has no id "
                            f"(text: {str(item.get('text', ''))[:60]!r})")
    raw, misconceptions = [], {}
    for path in sorted(qdir.glob("*.toml")):
        if path.name == "syllabus.toml":
            continue
        data = _read_toml(path)
        topic = data.get("topic")
        if topic not in TOPICS:
            raise BankError(f"{_rel(path)}: topic {topic!r} is not one of {', '.join(TOPICS)}")
        glossary = data.get("misconceptions", {})
        if not isinstance(glossary, dict):
            raise BankError(f"{_rel(path)}: [misconceptions] must be a table of key = \"text\"")
        for key, text in glossary.items():
            if key in misconceptions and misconceptions[key] != text:
                raise BankError(f"{_rel(path)}: misconception {key!r} is defined twice, differently")
            misconceptions[key] = str(text)
        answers_path = adir / path.name
        answers = _answers_by_id(answers_path) if answers_path.is_file() else {}
        for entry in _tables(data, "question", path):
            qid = entry.get("id", "?")
            if not isinstance(qid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid):
                raise BankError(f"{_rel(path)}: question {qid!r}: id must be kebab-case "
                                "(lowercase letters, digits and dashes)")
            if qid not in answers:
                raise BankError(f"{_rel(path)}: question {qid!r} has no answer in {_rel(answers_path)}")
            raw.append((path, topic, entry, answers.pop(qid)))
        if answers:
            raise BankError(f"{_rel(answers_path)}: answers for unknown questions: {sorted(answers)}")
    questions = {}
    for path, topic, entry, answer in raw:
        q = _build(path, topic, entry, answer)
        if q.id in questions:
            raise BankError(f"{_rel(path)}: question id {q.id!r} is used twice "
                            f"(also in {questions[q.id].source})")
        questions[q.id] = q
    bank = Bank(questions, misconceptions, syllabus)
    _check_links(bank)
    return bank


def _answers_by_id(path: Path) -> dict:
    out = {}
    for entry in _tables(_read_toml(path), "answer", path):
        qid = entry.get("id")
        if not isinstance(qid, str):
            raise BankError(f"{_rel(path)}: an [[answer]] has no id")
        if qid in out:
            raise BankError(f"{_rel(path)}: two answers for question {qid!r}")
        out[qid] = entry
    return out




QUESTION_KEYS = {"id", "kind", "difficulty", "covers", "misconceptions", "prompt", "options",
                 "generator", "ask", "tolerance", "rel_tolerance", "decimals", "unit", "code", "see",
                 "follow_up", "follow_up_if_wrong", "standalone", "task", "degenerate_ok"}
ANSWER_KEYS = {"id", "explanation", "correct", "feedback", "shows", "solution", "answer", "traps",
               "line", "fix", "rubric", "key_points", "other_fixes", "line_shows"}


def _build(path, topic, q, a) -> Question:
    """The fields every question has, checked here; the kind's own, by its class in :mod:`.kinds`."""
    qid = q.get("id")
    where = f"{_rel(path)}: question {qid!r}"

    def fail(message):
        raise BankError(f"{where}: {message}")

    if not isinstance(qid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid):
        fail("id must be kebab-case (lowercase letters, digits and dashes)")
    for extra in set(q) - QUESTION_KEYS:
        fail(f"unknown field {extra!r} (a typo?)")
    for extra in set(a) - ANSWER_KEYS:
        fail(f"unknown answer field {extra!r} (a typo?)")
    kind = q.get("kind")
    if kind not in KIND_TABLE:
        fail(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if q.get("difficulty") not in LEVELS:
        fail(f"difficulty must be 1, 2 or 3, not {q.get('difficulty')!r}")
    if not isinstance(q.get("prompt"), str) or not q["prompt"].strip():
        fail("prompt is missing or empty")
    if not isinstance(a.get("explanation"), str) or not a["explanation"].strip():
        fail("the answer has no explanation (the model answer)")
    covers = str_list(q.get("covers", []), "covers", fail)
    if not covers:
        fail("covers names no syllabus item")
    misconceptions = str_list(q.get("misconceptions", []), "misconceptions", fail)
    kw = dict(id=qid, topic=topic, kind=kind, difficulty=q["difficulty"], prompt=q["prompt"].strip(),
              covers=tuple(covers), misconceptions=tuple(misconceptions),
              explanation=a["explanation"].strip(), source=_rel(path),
              see=tuple(str_list(q.get("see", []), "see", fail)),
              follow_up=q.get("follow_up"), follow_up_if_wrong=q.get("follow_up_if_wrong"),
              standalone=bool(q.get("standalone", True)), task=bool(q.get("task", False)))
    kw.update(KIND_TABLE[kind].build(q, a, fail))
    return Question(**kw)




def _check_links(bank: Bank):
    items = {item["id"] for item in bank.syllabus}
    for q in bank:
        unknown = [c for c in q.covers if items and c not in items]
        if unknown:
            raise BankError(f"{q.source}: question {q.id!r} covers unknown syllabus items {unknown}")
        for m in (*q.misconceptions, *q.shows, *q.traps.values()):
            if m and m not in bank.misconceptions:
                raise BankError(f"{q.source}: question {q.id!r} names misconception {m!r}, which no "
                                "[misconceptions] table defines")
        for name in ("follow_up", "follow_up_if_wrong"):
            target = getattr(q, name)
            if target is not None and target not in bank.questions:
                raise BankError(f"{q.source}: question {q.id!r} has an unknown {name} {target!r}")
        if q.kind == "numeric" and q.generator is None:
            problem = draw_problem(q, {"answer": q.answer})
            if problem:
                raise BankError(f"{q.source}: question {q.id!r}: {problem}")
        if not q.standalone and not any(q.id in (p.follow_up, p.follow_up_if_wrong) for p in bank):
            raise BankError(f"{q.source}: question {q.id!r} is not standalone but no question leads to it")



# --------------------------------------------------------------------------- instances and grading


def _check_question(q, name="q"):
    if not isinstance(q, Question):
        raise MetricInputError(f"{name} must be a Question (from load_bank), got {type(q).__name__} {q!r:.80}")
    return q


def instantiate(q: Question, seed: int = 0) -> Instance:
    """Draw the question for ``seed``: the same seed always gives the same instance.

    A generated question is redrawn, from the same seeded ``rng``, until its answer is finite
    and every declared trap differs from the answer by more than twice the tolerance and from
    every other trap (so a wrong answer is never graded right, and names one misconception at
    most), or while the generator raises :class:`generators.Redraw` (a degenerate draw).
    """
    _check_question(q)
    seed = check_seed(seed, "seed", allow_none=False)
    return kind_of(q).instantiate(q, np.random.default_rng(seed_for(q.id, seed)), seed)


def instantiate_chain(questions, seed: int = 0) -> list:
    """Instances of a question and its follow-ups: a follow-up on the same generator keeps the
    parent's scenario and numbers (one draw, usable for every question that shares it)."""
    if isinstance(questions, (str, bytes, Question)) or not hasattr(questions, "__iter__"):
        raise MetricInputError(f"questions must be a list of Questions (a chain), got {type(questions).__name__}")
    questions = [_check_question(q, "questions[i]") for q in questions]
    seed = check_seed(seed, "seed", allow_none=False)
    out = []
    for i, q in enumerate(questions):
        parent = out[-1] if out else None
        if parent is not None and q.generator is not None and q.generator == parent.question.generator:
            out.append(kind_of(q).instantiate(q, None, seed, values=parent.values))
            continue
        rng = np.random.default_rng(seed_for(q.id, seed))
        if q.kind == "numeric" and q.generator is not None:
            also = []
            for f in questions[i + 1:]:
                if f.generator != q.generator:
                    break
                also.append(f)
            out.append(kind_of(q).instantiate(q, rng, seed, also=tuple(also)))
        else:
            out.append(kind_of(q).instantiate(q, rng, seed))
    return out


def grade(inst: Instance, response, typed: str = "") -> Result:
    """Grade ``response``: an option (choice: a 0-based int index, or typed text -- a letter
    ``"b"``/``"B)"`` or a 1-based digit ``"2"``), a number or text (numeric), a line number
    (bug), or a list of booleans, one per rubric point (explain; ``typed`` is what the learner
    wrote, checked against the rubric's key points)."""
    _check_instance(inst)
    if typed is None:
        typed = ""
    if not isinstance(typed, str):
        raise MetricInputError(f"typed must be a str (what the learner wrote), got {type(typed).__name__}")
    return kind_of(inst.question).grade(inst, response, typed)


def model_response(inst: Instance):
    """The response that earns full marks."""
    _check_instance(inst)
    return kind_of(inst.question).model_response(inst)


def _check_instance(inst):
    if not isinstance(inst, Instance):
        raise MetricInputError(f"inst must be an Instance (from instantiate), got {type(inst).__name__} {inst!r:.80}")
