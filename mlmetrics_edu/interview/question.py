"""What a question is, as the practice engine sees it: the data, a drawn instance, a verdict.

Below the kinds (:mod:`.kinds`) and the bank loader (:mod:`.bank`): the dataclasses
:class:`Question`, :class:`Instance` and :class:`Result`, the two errors, the topics and
levels, and reading an answer as people type it (:func:`parse_number`, :func:`read_pick`).
Pure: no printing, no widgets, no clock.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
import string
import unicodedata
from dataclasses import dataclass, field

import numpy as np


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
    "experiments": ("Experiments for models", ["13_experiments_for_models"]),
    "validation": ("Validation and leakage", ["14_validation_and_leakage"]),
    "llm_apps": ("Evaluating LLM applications", ["15_evaluating_llm_applications"]),
    "recommenders": ("Recommenders and search beyond accuracy", ["16_recommenders_beyond_accuracy"]),
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
    key_points: tuple = ()           # explain: per rubric point, the phrases that show it was said
    other_fixes: dict = field(default_factory=dict)   # bug: other valid lines -> their fix
    line_shows: dict = field(default_factory=dict)    # bug: a wrong line -> the misconception it shows
    legacy_blame: bool = False       # bug: no reviewed line_shows; a miss names the question's list
    see: tuple = ()
    follow_up: str | None = None
    follow_up_if_wrong: str | None = None   # asked instead of follow_up after a wrong answer
    standalone: bool = True
    task: bool = False               # an explorer task: asked in its notebook, never drawn elsewhere
    degenerate_ok: str = ""          # generated: why few distinct answers / a dominant one is fine

    @property
    def notebooks(self) -> list:
        """Where to review this question's topic: its ``see`` notebooks, else the topic's."""
        own = [s for s in self.see if not s.startswith("drill:")]
        return own or TOPICS[self.topic][1]

    @property
    def drills(self) -> list:
        """The drills this question covers (its ``see`` entries ``drill:<id>``)."""
        return [s[len("drill:"):] for s in self.see if s.startswith("drill:")]



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
    draws: int = 1                  # generated: draws it took to get a usable one (see instantiate)

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



def plain(v):
    """A NumPy scalar as the Python number it holds (values of a draw are plain)."""
    if isinstance(v, np.generic):
        return v.item()
    return v


def fill(template: str, values: dict) -> str:
    """``template`` with the draw's ``values`` filled in."""
    return string.Formatter().vformat(template, (), values).strip()



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





# --------------------------------------------------------------------------- tolerances and traps


def tolerance_at(q: Question, value: float) -> float:
    """How far from ``value`` an answer is still graded as ``value``."""
    return q.tolerance + q.rel_tolerance * abs(value)



def close(value, expected, q):
    return abs(value - expected) <= q.tolerance + q.rel_tolerance * abs(expected)


def tolerance_text(q):
    parts = []
    if q.tolerance:
        parts.append(f"±{q.tolerance:g}{q.unit}")
    if q.rel_tolerance:
        parts.append(f"±{100 * q.rel_tolerance:g}%")
    return " + ".join(parts)


def letter(i):
    return "abcde"[i]



def trap_value(name, values):
    """A trap names a generated value (``recall``) or is a literal number (``"0.5"``)."""
    if name in values:
        return values[name]
    try:
        return float(name)
    except ValueError:
        return None


# --------------------------------------------------------------------------- reading an answer



# An option or a line as people type it: "b", "B", "b)", "(b)", "B.", "b:", "２" -- one letter or
# one number, at most wrapped in brackets or followed by a dot, colon or bracket.
_PICK = re.compile(r"^\(?\s*([a-z]|\d{1,4})\s*(?:\)|\.|:)?$")


def read_pick(response, what, low, high, base):
    """An option (``what="an option"``) or a line number as people type it, as an int in low..high."""
    if isinstance(response, str):
        text = _normalise(response).strip().lower()
        if what == "a line number":
            text = re.sub(r"^line\s*", "", text)          # "line 3", as people say it
        match = _PICK.match(text)
        if not match:
            raise AnswerError(f"answer with {what}")
        text = match.group(1)
        if what == "an option" and text.isalpha():
            if text not in "abcde"[: high + 1]:
                raise AnswerError(f"answer with {what} in {letter(low)}-{letter(high)}")
            response = "abcde".index(text)
        elif what == "an option":
            response = int(text) - 1  # typed digits count from 1, as people do; ints are indices
        elif text.isdigit():
            response = int(text)
        else:
            raise AnswerError(f"answer with {what}")
    if isinstance(response, (bool, np.bool_)) or not isinstance(response, (int, np.integer)):
        raise AnswerError(f"answer with {what}")
    if not low <= int(response) <= high:
        shown = f"{letter(low)}-{letter(high)}" if what == "an option" else f"{low}-{high}"
        raise AnswerError(f"answer with {what} in {shown}")
    return int(response)


MAX_ANSWER_CHARS = 100  # a number typed as an answer; a pasted page is not one
MAX_TYPED_CHARS = 10_000  # an explain-out-loud answer typed out: a minute of speech is ~1,500


def check_typed(typed) -> str:
    """``typed`` (an answer typed out) if it is text of at most :data:`MAX_TYPED_CHARS`; else
    :class:`AnswerError` (ask again) -- a pasted page is no spoken answer, and checking it
    against the rubric would take seconds."""
    if not isinstance(typed, str):
        raise AnswerError(f"a typed answer is text, not {type(typed).__name__}")
    if len(typed) > MAX_TYPED_CHARS:
        raise AnswerError(f"that answer is {len(typed):,} characters long; say the key points in at most "
                          f"{MAX_TYPED_CHARS:,}")
    return typed
_NUMBER = re.compile(r"^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_MINUSES = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63"), "-")   # minus sign, dashes


def _normalise(text) -> str:
    """Full-width digits and letters to ASCII (NFKC), the Unicode minus to ``-``."""
    return unicodedata.normalize("NFKC", str(text)).translate(_MINUSES)


def parse_number(response, *, percent_is_fraction: bool = True, thousands: bool = False) -> float:
    """Read ``0.75``, ``.75``, ``75%``, ``3/4``, ``1,234.5``, ``1e-3``, ``0,75`` or ``−0.5`` as a float.

    ``75%`` reads as 0.75 unless the question's unit is itself ``%``. A decimal comma is read
    when it can only be one (``0,7233``, ``12,5``); ``1,234`` could be 1234 or 1.234, so it is
    refused with an :class:`AnswerError` (ask again) rather than graded either way -- unless
    the question itself writes its answer with thousands separators (``thousands=True``) or the
    number is money (``$1,234``): then the comma groups thousands.
    """
    if isinstance(response, (bool, np.bool_)):
        raise AnswerError("answer with a number")
    if isinstance(response, numbers.Real):  # int, float, NumPy's, Fraction, Decimal
        try:
            value = float(response)
        except OverflowError:  # 10**400: an int too large for a float
            raise AnswerError("answer with a finite number (that one is too large to be a float)") from None
    elif not isinstance(response, str):
        raise AnswerError(f"answer with a number, like 0.75, 75% or 3/4 (got a {type(response).__name__})")
    elif len(response) > MAX_ANSWER_CHARS:
        raise AnswerError(f"answer with a number, like 0.75, 75% or 3/4 (that answer is {len(response):,} "
                          f"characters long; a number needs at most {MAX_ANSWER_CHARS})")
    else:
        if any(unicodedata.category(ch) == "No" for ch in str(response)):
            raise AnswerError("answer with plain digits: 10² or ½ cannot be read reliably")  # NFKC: ² -> 2
        text = re.sub(r"\s", "", _normalise(response))
        money = any(sign in text for sign in "$€£")
        text = text.translate(dict.fromkeys(map(ord, "$€£")))
        percent = text.endswith("%")
        text = text[:-1] if percent else text
        grouped = thousands or money
        if "/" in text:
            num, _, den = text.partition("/")
            value = _parse_plain(num, grouped) / _nonzero(_parse_plain(den, grouped))
        else:
            value = _parse_plain(text, grouped)
        if percent and percent_is_fraction:
            value /= 100
    if not math.isfinite(value):
        raise AnswerError("answer with a finite number")
    return value


def shows_thousands(q) -> bool:
    """Does the question write its answer with thousands separators (``{answer:,.0f}``, dollars)?"""
    fields = "|".join(re.escape(name) for name in ("answer", q.ask) if name)
    spec = re.compile(r"\{(" + fields + r"):[^}]*,[^}]*\}")
    return q.unit == "$" or bool(spec.search(q.prompt) or spec.search(q.solution))


def _parse_plain(text, thousands=False):
    text = _without_separators(text or "", thousands)
    if not _NUMBER.match(text):
        raise AnswerError("answer with a number, like 0.75, 75% or 3/4")
    return float(text.replace("_", ""))


_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?([eE][-+]?\d+)?$")       # 1,234,567.5
_GROUPED_DOTS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")                      # 1.234.567,5


def _without_separators(text, thousands=False):
    """The number with thousands separators dropped and a decimal comma made a point."""
    if "," not in text:
        return text
    if _GROUPED_DOTS.match(text):                       # dots group thousands, the comma is decimal
        return text.replace(".", "").replace(",", ".")
    if "." in text or text.count(",") > 1:              # commas can only group thousands
        if not _GROUPED.match(text):
            raise AnswerError(f"{text!r} is not a number I can read: use a decimal point, like 0.75")
        return text.replace(",", "")
    whole, _, fraction = text.partition(",")
    digits = whole.lstrip("+-")
    if len(fraction.split("e")[0].split("E")[0]) == 3 and digits[:1] not in ("", "0"):
        if thousands:                                   # the question writes 12,345 itself
            return whole + fraction
        raise AnswerError(f"{text} could be {digits}{fraction} or {digits}.{fraction}: type it with a "
                          "decimal point or without the comma")
    return f"{whole}.{fraction}"                        # a decimal comma: 0,7233 or 12,5


def _nonzero(x):
    if x == 0:
        raise AnswerError("a fraction cannot divide by zero")
    return x
