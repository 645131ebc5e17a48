"""The question bank: load the TOML files, validate them, draw an instance, grade an answer.

Questions are data (``drills/questions/*.toml``) and so are their answers
(``answers/questions/*.toml``); ``drills/questions/README.md`` documents the format. This
module is the one place that reads them. Everything here is pure -- no printing, no widgets,
no clock -- so the interview, the review queue and the quiz widget all grade alike:

>>> bank = load_bank()
>>> q = bank.select(kinds=["choice"])[0]
>>> inst = instantiate(q, seed=0)
>>> result = grade(inst, inst.correct_choice)
>>> result.correct, result.score
(True, 1.0)
"""

from __future__ import annotations

import hashlib
import math
import re
import string
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from . import generators

KINDS = ("choice", "numeric", "bug", "explain")
TOPICS = {
    "classification": ("Classification", ["01_confusion_matrix_and_accuracy", "02_precision_recall_f1"]),
    "thresholds": ("Thresholds and curves", ["03_thresholds_roc_pr"]),
    "calibration": ("Calibration", ["04_calibration"]),
    "regression": ("Regression, trajectories and ranking", ["05_regression_and_ranking",
                                                            "11_regression_deep_dive"]),
    "llm": ("LLM and generation metrics", ["07_llm_and_generation_metrics"]),
    "rigor": ("Evaluation rigor", ["08_evaluation_rigor"]),
    "fairness": ("Fairness and slices", ["09_fairness_and_slices"]),
    "clustering": ("Clustering", ["10_clustering"]),
    "production": ("Production", ["12_monitoring_in_production"]),
    "practice": ("Interview practice", ["06_interview_drills"]),
}
LEVELS = {1: "warm-up", 2: "standard", 3: "hard"}


class BankError(ValueError):
    """A question file is malformed; the message names the file and the question."""


@dataclass(frozen=True)
class Question:
    """One question of the bank, joined with its answer."""

    id: str
    topic: str
    kind: str
    difficulty: int
    prompt: str
    covers: tuple
    misconceptions: tuple
    explanation: str
    source: str                      # "drills/questions/classification.toml"
    options: tuple = ()
    correct: int | None = None
    feedback: tuple = ()
    shows: tuple = ()
    generator: str | None = None
    ask: str | None = None
    answer: float | None = None
    solution: str = ""
    tolerance: float = 0.005
    rel_tolerance: float = 0.0
    decimals: int = 3
    unit: str = ""
    traps: dict = field(default_factory=dict)
    code: str = ""
    line: int | None = None
    fix: str = ""
    rubric: tuple = ()
    see: tuple = ()
    follow_up: str | None = None
    standalone: bool = True
    task: bool = False               # an explorer task: asked in its notebook, never drawn elsewhere

    @property
    def notebooks(self) -> list:
        """Where to review this question's topic: its ``see`` notebooks, else the topic's."""
        own = [s for s in self.see if not s.startswith("drill:")]
        return own or TOPICS[self.topic][1]

    @property
    def drills(self) -> list:
        return [s[len("drill:"):] for s in self.see if s.startswith("drill:")]


@dataclass
class Bank:
    """Every question by id, the misconception glossary and the syllabus items."""

    questions: dict
    misconceptions: dict
    syllabus: list

    def __getitem__(self, qid) -> Question:
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
        return [q for q in self if (topics is None or q.topic in topics)
                and (levels is None or q.difficulty in levels)
                and (kinds is None or q.kind in kinds)
                and (not standalone or q.standalone)
                and (tasks or not q.task)]

    def chain(self, qid) -> list:
        """The question and the follow-ups an interviewer would ask after it, in order."""
        out, seen = [], set()
        while qid is not None and qid not in seen:
            seen.add(qid)
            out.append(self[qid])
            qid = out[-1].follow_up
        return out


# --------------------------------------------------------------------------- loading


def content_root() -> Path:
    """The folder holding ``drills/questions`` and ``answers/questions`` (package copy first)."""
    from ..drill.spec import content_root as drill_root

    return drill_root()


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{_rel(path)}: not valid TOML: {exc}") from None


def _rel(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[-3:])


@lru_cache(maxsize=None)
def load_bank(root: str | None = None) -> Bank:
    """Load and validate the whole bank (cached). ``root`` overrides the content folder."""
    base = Path(root) if root else content_root()
    qdir, adir = base / "drills" / "questions", base / "answers" / "questions"
    syllabus = _read_toml(qdir / "syllabus.toml").get("item", []) if (qdir / "syllabus.toml").is_file() else []
    raw, misconceptions = [], {}
    for path in sorted(qdir.glob("*.toml")):
        if path.name == "syllabus.toml":
            continue
        data = _read_toml(path)
        topic = data.get("topic")
        if topic not in TOPICS:
            raise BankError(f"{_rel(path)}: topic {topic!r} is not one of {', '.join(TOPICS)}")
        for key, text in data.get("misconceptions", {}).items():
            if key in misconceptions and misconceptions[key] != text:
                raise BankError(f"{_rel(path)}: misconception {key!r} is defined twice, differently")
            misconceptions[key] = str(text)
        answers_path = adir / path.name
        answers = _answers_by_id(answers_path) if answers_path.is_file() else {}
        for entry in data.get("question", []):
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
    for entry in _read_toml(path).get("answer", []):
        qid = entry.get("id")
        if not isinstance(qid, str):
            raise BankError(f"{_rel(path)}: an [[answer]] has no id")
        if qid in out:
            raise BankError(f"{_rel(path)}: two answers for question {qid!r}")
        out[qid] = entry
    return out


# The engine says "Right:" / "Not quite:" itself; a verdict word the author wrote is dropped.
_VERDICT = re.compile(r"^\s*(right|correct|wrong|incorrect|yes|no|not quite)\s*[:.!,\u2014-]\s*", re.I)

def _without_verdict(text):
    stripped = _VERDICT.sub("", text, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


QUESTION_KEYS = {"id", "kind", "difficulty", "covers", "misconceptions", "prompt", "options",
                 "generator", "ask", "tolerance", "rel_tolerance", "decimals", "unit", "code", "see",
                 "follow_up", "standalone", "task"}
ANSWER_KEYS = {"id", "explanation", "correct", "feedback", "shows", "solution", "answer", "traps",
               "line", "fix", "rubric"}


def _build(path, topic, q, a) -> Question:
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
    if kind not in KINDS:
        fail(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if q.get("difficulty") not in LEVELS:
        fail(f"difficulty must be 1, 2 or 3, not {q.get('difficulty')!r}")
    for name in ("prompt",):
        if not isinstance(q.get(name), str) or not q[name].strip():
            fail(f"{name} is missing or empty")
    if not isinstance(a.get("explanation"), str) or not a["explanation"].strip():
        fail("the answer has no explanation (the model answer)")
    covers = _str_list(q.get("covers", []), "covers", fail)
    if not covers:
        fail("covers names no syllabus item")
    misconceptions = _str_list(q.get("misconceptions", []), "misconceptions", fail)
    kw = dict(id=qid, topic=topic, kind=kind, difficulty=q["difficulty"], prompt=q["prompt"].strip(),
              covers=tuple(covers), misconceptions=tuple(misconceptions),
              explanation=a["explanation"].strip(), source=_rel(path),
              see=tuple(_str_list(q.get("see", []), "see", fail)),
              follow_up=q.get("follow_up"), standalone=bool(q.get("standalone", True)),
              task=bool(q.get("task", False)))
    if kind == "choice":
        options = _str_list(q.get("options"), "options", fail)
        if not 3 <= len(options) <= 5:
            fail(f"a choice question needs 3-5 options, not {len(options)}")
        correct = a.get("correct")
        if not isinstance(correct, int) or not 0 <= correct < len(options):
            fail(f"correct must be an option index 0..{len(options) - 1}, not {correct!r}")
        feedback = [_without_verdict(f) for f in _str_list(a.get("feedback"), "feedback", fail)]
        if len(feedback) != len(options) or not all(f.strip() for f in feedback):
            fail(f"feedback needs one non-empty line per option ({len(options)}), got {len(feedback)}")
        shows = _str_list(a.get("shows", [""] * len(options)), "shows", fail)
        if len(shows) != len(options):
            fail("shows needs one entry per option ('' for none)")
        if shows[correct]:
            fail("the correct option cannot show a misconception")
        kw.update(options=tuple(options), correct=correct, feedback=tuple(feedback), shows=tuple(shows))
    elif kind == "numeric":
        kw.update(generator=q.get("generator"), ask=q.get("ask"), solution=str(a.get("solution", "")),
                  tolerance=float(q.get("tolerance", 0.005)), rel_tolerance=float(q.get("rel_tolerance", 0.0)),
                  decimals=int(q.get("decimals", 3)), unit=str(q.get("unit", "")),
                  traps=dict(a.get("traps", {})))
        if not kw["solution"].strip():
            fail("a numeric question needs a worked solution")
        if kw["tolerance"] < 0 or kw["rel_tolerance"] < 0 or kw["tolerance"] + kw["rel_tolerance"] == 0:
            fail("tolerance must be positive")
        for name in kw["traps"]:
            if kw["generator"] is None and _trap_value(name, {}) is None:
                fail(f"trap {name!r} of a fixed question must be a number, like \"0.5\"")
        if kw["generator"] is None:
            if not isinstance(a.get("answer"), (int, float)):
                fail("a fixed numeric question needs answer = <number>")
            kw["answer"] = float(a["answer"])
            _check_template(q["prompt"], {}, fail, "prompt")
            _check_template(kw["solution"], {"answer": kw["answer"]}, fail, "solution")
        else:
            if not isinstance(kw["ask"], str):
                fail("a generated question needs ask = <the value asked for>")
            try:
                generators.get(kw["generator"])
            except KeyError as exc:
                fail(str(exc.args[0]))
    elif kind == "bug":
        code = q.get("code")
        if not isinstance(code, str) or not code.strip():
            fail("a bug question needs code")
        lines = code.strip("\n").splitlines()
        line = a.get("line")
        if not isinstance(line, int) or not 1 <= line <= len(lines):
            fail(f"line must be 1..{len(lines)}, not {line!r}")
        if not isinstance(a.get("fix"), str) or not a["fix"].strip():
            fail("a bug question needs the fix")
        kw.update(code="\n".join(lines), line=line, fix=a["fix"].strip())
    elif kind == "explain":
        rubric = _str_list(a.get("rubric"), "rubric", fail)
        if len(rubric) < 2:
            fail("an explain question needs a rubric of at least 2 key points")
        kw.update(rubric=tuple(rubric))
    return Question(**kw)


def _str_list(value, name, fail):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"{name} must be a list of strings")
    return value


def _check_template(template, values, fail, what):
    try:
        template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        fail(f"the {what} template cannot be filled: {type(exc).__name__}: {exc}")


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
        if q.follow_up is not None and q.follow_up not in bank.questions:
            raise BankError(f"{q.source}: question {q.id!r} has an unknown follow_up {q.follow_up!r}")
        if not q.standalone and not any(p.follow_up == q.id for p in bank):
            raise BankError(f"{q.source}: question {q.id!r} is not standalone but no question leads to it")


# --------------------------------------------------------------------------- instances


@dataclass
class Instance:
    """A question as asked: the prompt filled in, the options in this draw's order."""

    question: Question
    seed: int
    prompt: str
    options: tuple = ()             # choice: shown order
    order: tuple = ()               # choice: order[i] = the bank index of shown option i
    values: dict = field(default_factory=dict)   # numeric: the generated values
    answer: float | None = None     # numeric: the value asked for
    solution: str = ""              # numeric: the worked solution, filled in

    @property
    def correct_choice(self) -> int | None:
        """The shown index of the right option (choice questions)."""
        q = self.question
        return None if q.correct is None else self.order.index(q.correct)

    @property
    def code_lines(self) -> list:
        return self.question.code.splitlines()


def seed_for(question_id: str, seed: int) -> int:
    digest = hashlib.sha256(f"{question_id}/{int(seed)}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def instantiate(q: Question, seed: int = 0) -> Instance:
    """Draw the question for ``seed``: the same seed always gives the same instance."""
    rng = np.random.default_rng(seed_for(q.id, seed))
    if q.kind == "choice":
        order = tuple(int(i) for i in rng.permutation(len(q.options)))
        return Instance(q, seed, q.prompt, tuple(q.options[i] for i in order), order)
    if q.kind == "numeric":
        if q.generator is None:
            values = {"answer": q.answer}
        else:
            values = {k: _plain(v) for k, v in generators.get(q.generator)(rng).items()}
            if q.ask not in values:
                raise BankError(f"{q.source}: question {q.id!r} asks for {q.ask!r}, which generator "
                                f"{q.generator!r} does not return (it returns {sorted(values)})")
            values["answer"] = values[q.ask]
        answer = float(values["answer"])
        if not math.isfinite(answer):
            raise BankError(f"{q.source}: question {q.id!r} drew a non-finite answer for seed {seed}")
        return Instance(q, seed, _fill(q.prompt, values), values=values, answer=answer,
                        solution=_fill(q.solution, values))
    return Instance(q, seed, q.prompt)


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    return v


def _fill(template: str, values: dict) -> str:
    return string.Formatter().vformat(template, (), values).strip()


# --------------------------------------------------------------------------- grading


@dataclass
class Result:
    """The verdict on one answer: right or not, a score in [0, 1], and what to say."""

    correct: bool
    score: float
    feedback: str                    # what the learner reads right after answering
    explanation: str                 # the model answer / worked solution
    misconceptions: list = field(default_factory=list)   # keys this answer shows (evidence only:
    #                                                      the option's `shows`, a trap's value,
    #                                                      or the buggy line passed over)
    response: object = None          # what was graded, as parsed


class AnswerError(ValueError):
    """The response cannot be read as an answer to this question (re-prompt, do not grade)."""


def grade(inst: Instance, response) -> Result:
    """Grade ``response``: an option (choice: a 0-based int index, or typed text -- a letter
    ``"b"``/``"B)"`` or a 1-based digit ``"2"``), a number or text (numeric), a line number
    (bug), or a list of booleans, one per rubric point (explain)."""
    kind = inst.question.kind
    return {"choice": _grade_choice, "numeric": _grade_numeric, "bug": _grade_bug,
            "explain": _grade_explain}[kind](inst, response)


def _grade_choice(inst, response):
    q = inst.question
    shown = _as_int(response, "an option", 0, len(inst.options) - 1, base=0)
    picked = inst.order[shown]
    right = picked == q.correct
    lines = [f"{'Right' if right else 'Not quite'}: {q.feedback[picked]}"]
    if not right:
        lines.append(f"The answer is {_letter(inst.correct_choice)}) {q.options[q.correct]} -- "
                     f"{q.feedback[q.correct]}")
    shown_m = [q.shows[picked]] if q.shows[picked] else []  # named only when the option shows it
    return Result(right, 1.0 if right else 0.0, "\n".join(lines), q.explanation, shown_m, shown)


def _grade_numeric(inst, response):
    q = inst.question
    value = parse_number(response, percent_is_fraction=q.unit != "%")
    right = _close(value, inst.answer, q)
    shown_m = []
    if not right:
        for name, key in q.traps.items():
            trap = _trap_value(name, inst.values)
            if isinstance(trap, (int, float)) and not _close(trap, inst.answer, q) and _close(value, trap, q):
                shown_m.append(key)  # named only when the answer is that trap's value
    expected = f"{inst.answer:.{q.decimals}f}{q.unit}"
    tol = _tolerance_text(q)
    head = (f"Right: {value:g}{q.unit} is within {tol} of {expected}." if right else
            f"Not quite: you answered {value:g}{q.unit}; the answer is {expected} (graded within {tol}).")
    return Result(right, 1.0 if right else 0.0, head + "\n" + inst.solution, q.explanation, shown_m, value)


def _trap_value(name, values):
    """A trap names a generated value (``recall``) or is a literal number (``"0.5"``)."""
    if name in values:
        return values[name]
    try:
        return float(name)
    except ValueError:
        return None


def _grade_bug(inst, response):
    q = inst.question
    line = _as_int(response, "a line number", 1, len(inst.code_lines), base=1)
    right = line == q.line
    head = (f"Right: the bug is on line {q.line}." if right else
            f"Not quite: line {line} is fine; the bug is on line {q.line}: `{inst.code_lines[q.line - 1].strip()}`.")
    # Passing over the buggy line is taking it for right: that is the misconception it plants.
    return Result(right, 1.0 if right else 0.0, f"{head}\nFix: {q.fix}", q.explanation,
                  [] if right else list(q.misconceptions), line)


def _grade_explain(inst, response):
    q = inst.question
    if not isinstance(response, (list, tuple)) or len(response) != len(q.rubric) or \
            not all(isinstance(r, (bool, np.bool_)) for r in response):
        raise AnswerError(f"mark each of the {len(q.rubric)} rubric points as covered or not")
    hit = sum(bool(r) for r in response)
    score = hit / len(q.rubric)
    missed = [p for p, r in zip(q.rubric, response) if not r]
    text = f"You covered {hit} of {len(q.rubric)} key points."
    if missed:
        text += " Missing: " + "; ".join(missed)
    right = score >= 0.75
    return Result(right, score, text, q.explanation, [], tuple(bool(r) for r in response))


def _close(value, expected, q):
    return abs(value - expected) <= q.tolerance + q.rel_tolerance * abs(expected)


def _tolerance_text(q):
    parts = []
    if q.tolerance:
        parts.append(f"±{q.tolerance:g}{q.unit}")
    if q.rel_tolerance:
        parts.append(f"±{100 * q.rel_tolerance:g}%")
    return " + ".join(parts)


def _letter(i):
    return "abcde"[i]


def _as_int(response, what, low, high, base):
    if isinstance(response, str):
        text = response.strip().lower().rstrip(")").strip()
        if what == "an option" and len(text) == 1 and text in "abcde":
            response = "abcde".index(text)
        elif what == "an option" and text.isdigit():
            response = int(text) - 1  # typed digits count from 1, as people do; ints are indices
        else:
            try:
                response = int(text)
            except ValueError:
                raise AnswerError(f"answer with {what}") from None
    if isinstance(response, (bool, np.bool_)) or not isinstance(response, (int, np.integer)):
        raise AnswerError(f"answer with {what}")
    if not low <= int(response) <= high:
        shown = f"{_letter(low)}-{_letter(high)}" if what == "an option" else f"{low}-{high}"
        raise AnswerError(f"answer with {what} in {shown}")
    return int(response)


_NUMBER = re.compile(r"^[-+]?(\d[\d_,]*\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def parse_number(response, *, percent_is_fraction: bool = True) -> float:
    """Read ``0.75``, ``.75``, ``75%``, ``3/4``, ``1,234.5`` or ``1e-3`` as a float.

    ``75%`` reads as 0.75 unless the question's unit is itself ``%``.
    """
    if isinstance(response, (bool, np.bool_)):
        raise AnswerError("answer with a number")
    if isinstance(response, (int, float, np.integer, np.floating)):
        value = float(response)
    else:
        text = str(response).strip().replace(" ", "").replace("$", "")
        percent = text.endswith("%")
        text = text[:-1] if percent else text
        if "/" in text:
            num, _, den = text.partition("/")
            value = _parse_plain(num) / _nonzero(_parse_plain(den))
        else:
            value = _parse_plain(text)
        if percent and percent_is_fraction:
            value /= 100
    if not math.isfinite(value):
        raise AnswerError("answer with a finite number")
    return value


def _parse_plain(text):
    if not _NUMBER.match(text or ""):
        raise AnswerError("answer with a number, like 0.75, 75% or 3/4")
    return float(text.replace(",", "").replace("_", ""))


def _nonzero(x):
    if x == 0:
        raise AnswerError("a fraction cannot divide by zero")
    return x
