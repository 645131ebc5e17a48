"""The bank audit: draw every generated question over many seeds and check that it can be trusted.

:func:`audit_bank` (the command ``mlmetrics-edu bank-audit --seeds 1000``) instantiates every generated
numeric question for seeds ``0 .. N-1`` and checks, per draw:

* **finite** -- the answer is a finite number (every draw is asked, none raises);
* **traps** -- every declared trap is more than twice the tolerance from the answer and
  clear of every other trap (``bank.draw_problem``, the rule ``instantiate`` redraws by);
* **template** -- every ``{field}`` of the prompt and the worked solution is filled, and no
  ``nan``/``inf`` is shown;
* **phrases** -- every comparison the text makes between two of its numbers holds:
  ``0.982 is below 0.981``, ``1.667 (below 1``, ``0.31 < 0.29``, ``from 0.70 to 0.74 ... fell``;

and over all draws:

* **redraws** -- ``instantiate`` needs at most :data:`MAX_MEAN_DRAWS` draws per instance on
  average (more means the redraws quietly narrow the inputs: a generator that draws n from
  five sizes but keeps only one is degenerate even when its answers vary);
* **degenerate** -- many distinct answers (at least :data:`MIN_DISTINCT`, rounded to the
  question's ``decimals``) and no answer in more than :data:`MAX_SHARE` of the draws, unless
  the question says why in ``degenerate_ok``.

The audit is pure (no printing); :func:`render` turns the result into a ``rich`` table.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .bank import BankError, Question, draw_problem, instantiate, load_bank

MAX_SHARE = 0.10      # no single answer in more than 10% of the draws
MAX_MEAN_DRAWS = 4.0  # more redraws than this on average quietly narrows what the generator draws
MIN_DISTINCT = 15     # distinct answers over the draws (fewer draws: a tenth of them)
EXAMPLES = 3          # failing seeds kept per check

CHECKS = ("finite", "traps", "template", "phrases", "redraws", "degenerate")


@dataclass
class QuestionAudit:
    """One generated question over ``draws`` seeds: what failed, on which seeds."""

    question: Question
    draws: int = 0
    distinct: int = 0
    top_value: float | None = None
    top_share: float = 0.0
    mean_draws: float = 0.0
    failures: dict = field(default_factory=dict)   # check -> number of failing draws
    examples: dict = field(default_factory=dict)   # check -> [(seed, message), ...]

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, check, seed, message):
        self.failures[check] = self.failures.get(check, 0) + 1
        kept = self.examples.setdefault(check, [])
        if len(kept) < EXAMPLES:
            kept.append((seed, message))


def generated_questions(bank=None) -> list:
    """Every numeric question whose numbers come from a generator, in bank order."""
    bank = bank if bank is not None else load_bank()
    return [q for q in bank if q.kind == "numeric" and q.generator]


def audit_question(q: Question, seeds: int = 1000) -> QuestionAudit:
    """Draw ``q`` for seeds ``0 .. seeds-1`` and run every check."""
    report = QuestionAudit(q)
    answers, draws = Counter(), 0
    for seed in range(seeds):
        try:
            inst = instantiate(q, seed)
        except (BankError, ArithmeticError, ValueError) as exc:
            report.fail("finite", seed, f"{type(exc).__name__}: {exc}")
            continue
        report.draws += 1
        draws += inst.draws
        answer = inst.answer
        if answer is None or not math.isfinite(answer):
            report.fail("finite", seed, f"answer {answer!r}")
            continue
        answers[round(answer, q.decimals) + 0.0] += 1
        problem = draw_problem(q, inst.values)
        if problem:
            report.fail("traps", seed, problem)
        for what, text in (("prompt", inst.prompt), ("solution", inst.solution)):
            left = unfilled(text)
            if left:
                report.fail("template", seed, f"{what}: {left}")
        for phrase in inconsistent_phrases(inst.solution) + inconsistent_phrases(inst.prompt):
            report.fail("phrases", seed, phrase)
    if report.draws:
        report.mean_draws = draws / report.draws
        if report.mean_draws > MAX_MEAN_DRAWS:
            report.failures["redraws"] = 1
            report.examples["redraws"] = [(None, f"{report.mean_draws:.1f} draws per instance on average: the "
                                                 "redraws narrow the inputs; fix the generator or the tolerance")]
    if answers:
        report.distinct = len(answers)
        report.top_value, top = answers.most_common(1)[0]
        report.top_share = top / report.draws
        need = min(MIN_DISTINCT, max(2, report.draws // 10))
        if not q.degenerate_ok and (report.top_share > MAX_SHARE or report.distinct < need):
            report.failures["degenerate"] = 1
            report.examples["degenerate"] = [(None, f"{report.distinct} distinct answers, "
                                                    f"{report.top_value:g} in {100 * report.top_share:.0f}% of draws")]
    return report


def audit_bank(seeds: int = 1000, generators=None, bank=None) -> list:
    """Audit every generated question (only those of ``generators``, when given)."""
    return [audit_question(q, seeds) for q in generated_questions(bank)
            if generators is None or q.generator in generators]


# --------------------------------------------------------------------------- text checks

_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")
_NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(nan|inf|-inf)(?![A-Za-z])")


def unfilled(text: str) -> str:
    """What is left of the template in ``text``: a ``{field}`` not filled, a ``nan`` shown."""
    found = _FIELD.findall(text) + _NOT_A_NUMBER.findall(text)
    return ", ".join(found)


_NUM = r"(?<![\w.])([-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−]?\.\d+)(?!\d|[.,]\d)(%?)"
_BELOW = r"below|under|less than|lower than|smaller than|fewer than|short of"
_ABOVE = r"above|more than|greater than|higher than|larger than|bigger than|exceeds|exceeding"
_FILLER = r"(?:(?:is|was|are|were|sits|lies|falls|stays|remains|still|well|just|far|slightly|much|" \
          r"clearly|now|and|so|it|this)\s+)*"
_WORDED = re.compile(_NUM + r"\s*\(?\s*" + _FILLER + rf"({_BELOW}|{_ABOVE})\s+(?:(?:the|a|an|its|our|their|"
                     r"naive|baseline|target|threshold|old|new)\s+)*" + _NUM + r"(?!\s*[-+*/×^])")
_SYMBOL = re.compile(r"(?<![-+*/×^(]\s)(?<![-+*/×^(])" + _NUM + r"\s*(<=|>=|≤|≥|<|>)\s*" + _NUM
                     + r"(?!\s*[-+*/×^(])")
_FROM_TO = re.compile(r"from\s+" + _NUM + r"\s+to\s+" + _NUM + r"|" + _NUM + r"\s*(?:->|→)\s*" + _NUM)
_DOWN = re.compile(r"\b(fell|falls|dropped|drops|decreased|decreases|went down|goes down|shrank|shrinks|"
                   r"declined|declines|lowered|lowers)\b", re.I)
_UP = re.compile(r"\b(rose|rises|went up|goes up|increased|increases|grew|grows|climbed|climbs|"
                 r"raised|raises)\b", re.I)


def _value(number, percent):
    return float(number.replace("−", "-").replace(",", "")) / (100 if percent else 1)


def inconsistent_phrases(text: str) -> list:
    """The comparisons in ``text`` that its own numbers contradict, quoted."""
    bad = []
    for m in _WORDED.finditer(text):
        a, b = _value(m.group(1), m.group(2)), _value(m.group(4), m.group(5))
        word = m.group(3)
        below = re.fullmatch(_BELOW, word) is not None
        if (below and not a < b) or (not below and not a > b):
            bad.append(f"{m.group(0)!r}")
    for m in _SYMBOL.finditer(text):
        a, op, b = _value(m.group(1), m.group(2)), m.group(3), _value(m.group(4), m.group(5))
        holds = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "≤": a <= b, "≥": a >= b}[op]
        if not holds:
            bad.append(f"{m.group(0)!r}")
    for sentence in re.split(r"(?<=[.;!?])\s+|\n", text):
        down, up = _DOWN.search(sentence), _UP.search(sentence)
        if bool(down) == bool(up):                  # no direction word, or both: nothing to check
            continue
        for m in _FROM_TO.finditer(sentence):
            groups = m.groups()
            a_num, a_pct, b_num, b_pct = groups[0:4] if groups[0] is not None else groups[4:8]
            a, b = _value(a_num, a_pct), _value(b_num, b_pct)
            if (down and not b < a) or (up and not b > a):
                bad.append(f"{(down or up).group(0)!r} with {m.group(0)!r}")
    return bad


# --------------------------------------------------------------------------- the command


def render(reports, seeds):
    """A ``rich`` table: one row per generated question, grouped by generator."""
    from rich.table import Table

    table = Table(title=f"Bank audit over {seeds} seeds per generated question")
    for name, justify in (("generator", "left"), ("question", "left"), ("draws", "right"),
                          ("redraws", "right"), ("distinct", "right"), ("top share", "right"),
                          *[(c, "right") for c in CHECKS[:4]], ("verdict", "left")):
        table.add_column(name, justify=justify)
    for r in sorted(reports, key=lambda r: (r.question.generator, r.question.id)):
        q = r.question
        verdict = "ok" if r.ok else "FAIL: " + ", ".join(r.failures)
        if r.ok and q.degenerate_ok:
            verdict = "ok (degenerate_ok)"
        table.add_row(q.generator, q.id, str(r.draws), f"{r.mean_draws - 1:.2f}", str(r.distinct),
                      f"{100 * r.top_share:.1f}%", *[str(r.failures.get(c, 0)) for c in CHECKS[:4]], verdict)
    return table


def failure_lines(reports) -> list:
    """One line per failing check, with example seeds."""
    out = []
    for r in reports:
        for check, examples in r.examples.items():
            shown = "; ".join(f"seed {s}: {m}" if s is not None else m for s, m in examples)
            out.append(f"{r.question.id} [{check}] {shown}")
    return out

