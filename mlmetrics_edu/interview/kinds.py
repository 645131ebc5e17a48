"""Question kinds: one class each, found in one table (:data:`KIND_TABLE`).

A kind knows everything that differs between kinds, and nothing else branches on it:

* ``build(entry, answer, fail)`` -- the kind's own fields of a :class:`Question`, checked
  (``entry`` from ``drills/questions``, ``answer`` from ``answers/questions``);
* ``instantiate(q, rng, seed, values=None)`` -- an :class:`Instance` (options shuffled,
  numbers drawn; ``values`` reuses a parent's draw, for a follow-up that keeps its scenario);
* ``grade(inst, response, typed="")`` -- a :class:`Result`, or :class:`AnswerError` to ask again;
* ``model_response(inst)`` -- the response that earns full marks;
* ``reveal(inst)`` -- the answer, said when a question is skipped;
* ``seconds`` and ``title`` -- what a question of the kind costs in an interview, and its name.

A new kind is one new class registered in :data:`KIND_TABLE`. Pure: no printing, no clock.
"""

from __future__ import annotations

import math
import re

import numpy as np

from . import generators, rubric
from .question import (MAX_TYPED_CHARS, AnswerError, BankError, Instance, Result, check_typed, close, fill,
                       letter, parse_number, plain, read_pick, shows_thousands, tolerance_at, tolerance_text,
                       trap_value)

MAX_DRAWS = 200   # draws of one generator for one seed before the question is declared broken
RIGHT_SHARE = 0.75  # explain: the share of rubric points that counts as right

# The engine says "Right:" / "Not quite:" itself; a verdict word the author wrote is dropped.
_VERDICT = re.compile(r"^\s*(right|correct|wrong|incorrect|yes|no|not quite)\s*[:.!,\u2014-]\s*", re.I)


def without_verdict(text):
    stripped = _VERDICT.sub("", text, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


def str_list(value, name, fail):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"{name} must be a list of strings")
    return value


def finite_number(value, name, fail):
    """A TOML number field as a finite float; a string, a bool, nan or inf fails naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(f"{name} must be a number, not {value!r}")
    try:
        value = float(value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        fail(f"{name} must be a finite number, not {value!r}")
    return value


def check_template(template, values, fail, what):
    try:
        template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        fail(f"the {what} template cannot be filled: {type(exc).__name__}: {exc}")


class Kind:
    """The interface every kind implements (see the module docstring)."""

    name = ""
    title = ""
    seconds = 60.0                 # at difficulty 2

    def build(self, entry, answer, fail) -> dict:
        raise NotImplementedError

    def instantiate(self, q, rng, seed, values=None) -> Instance:
        return Instance(q, seed, q.prompt)

    def grade(self, inst, response, typed="") -> Result:
        raise NotImplementedError

    def model_response(self, inst):
        raise NotImplementedError

    def reveal(self, inst) -> str:
        raise NotImplementedError


class Choice(Kind):
    """Multiple choice, with feedback on every option; an option names a misconception it shows."""

    name, title, seconds = "choice", "multiple choice", 60.0

    def build(self, entry, answer, fail):
        options = str_list(entry.get("options"), "options", fail)
        if not 3 <= len(options) <= 5:
            fail(f"a choice question needs 3-5 options, not {len(options)}")
        correct = answer.get("correct")
        if not isinstance(correct, int) or not 0 <= correct < len(options):
            fail(f"correct must be an option index 0..{len(options) - 1}, not {correct!r}")
        feedback = [without_verdict(f) for f in str_list(answer.get("feedback"), "feedback", fail)]
        if len(feedback) != len(options) or not all(f.strip() for f in feedback):
            fail(f"feedback needs one non-empty line per option ({len(options)}), got {len(feedback)}")
        shows = str_list(answer.get("shows", [""] * len(options)), "shows", fail)
        if len(shows) != len(options):
            fail("shows needs one entry per option ('' for none)")
        if shows[correct]:
            fail("the correct option cannot show a misconception")
        return dict(options=tuple(options), correct=correct, feedback=tuple(feedback), shows=tuple(shows))

    def instantiate(self, q, rng, seed, values=None):
        order = tuple(int(i) for i in rng.permutation(len(q.options)))
        return Instance(q, seed, q.prompt, tuple(q.options[i] for i in order), order)

    def grade(self, inst, response, typed=""):
        q = inst.question
        shown = read_pick(response, "an option", 0, len(inst.options) - 1, base=0)
        picked = inst.order[shown]
        right = picked == q.correct
        lines = [f"{'Right' if right else 'Not quite'}: {q.feedback[picked]}"]
        if not right:
            lines.append(f"The answer is {letter(inst.correct_choice)}) {q.options[q.correct]} -- "
                         f"{q.feedback[q.correct]}")
        shown_m = [q.shows[picked]] if q.shows[picked] else []  # named only when the option shows it
        return Result(right, 1.0 if right else 0.0, "\n".join(lines), q.explanation, shown_m, shown)

    def model_response(self, inst):
        return inst.correct_choice

    def reveal(self, inst):
        q = inst.question
        return f"The answer is {letter(inst.correct_choice)}) {q.options[q.correct]}"


class Numeric(Kind):
    """A number, fixed or generated from seeded parameters; a declared trap names its misconception."""

    name, title, seconds = "numeric", "numeric", 120.0

    def build(self, entry, answer, fail):
        kw = dict(generator=entry.get("generator"), ask=entry.get("ask"), solution=str(answer.get("solution", "")),
                  tolerance=finite_number(entry.get("tolerance", 0.005), "tolerance", fail),
                  rel_tolerance=finite_number(entry.get("rel_tolerance", 0.0), "rel_tolerance", fail),
                  decimals=entry.get("decimals", 3), unit=str(entry.get("unit", "")),
                  traps=answer.get("traps", {}), degenerate_ok=str(entry.get("degenerate_ok", "")))
        if isinstance(kw["decimals"], bool) or not isinstance(kw["decimals"], int) or not 0 <= kw["decimals"] <= 12:
            fail(f"decimals must be an integer in 0..12, not {kw['decimals']!r}")
        if not isinstance(kw["traps"], dict):
            fail("traps must be a table of value = \"misconception\"")
        kw["traps"] = dict(kw["traps"])
        if not kw["solution"].strip():
            fail("a numeric question needs a worked solution")
        if kw["tolerance"] < 0 or kw["rel_tolerance"] < 0 or kw["tolerance"] + kw["rel_tolerance"] == 0:
            fail("tolerance must be positive")
        for name in kw["traps"]:
            if kw["generator"] is None and trap_value(name, {}) is None:
                fail(f"trap {name!r} of a fixed question must be a number, like \"0.5\"")
        if kw["generator"] is None:
            if isinstance(answer.get("answer"), bool) or not isinstance(answer.get("answer"), (int, float)):
                fail("a fixed numeric question needs answer = <number>")
            kw["answer"] = finite_number(answer["answer"], "answer", fail)
            check_template(entry["prompt"], {}, fail, "prompt")
            check_template(kw["solution"], {"answer": kw["answer"]}, fail, "solution")
        else:
            if not isinstance(kw["ask"], str):
                fail("a generated question needs ask = <the value asked for>")
            try:
                generators.get(kw["generator"])
            except KeyError as exc:
                fail(str(exc.args[0]))
        return kw

    def instantiate(self, q, rng, seed, values=None, also=()):
        """``values``: a parent's draw to keep (a follow-up); ``also``: follow-ups that will
        keep this draw, so it is redrawn until it suits them too."""
        if q.generator is None:
            values, draws = {"answer": q.answer}, 1
        elif values is not None:
            values, draws = dict(values, answer=values[q.ask]), 0
        else:
            values, draws = draw(q, rng, seed, also)
        answer = float(values["answer"])
        if not math.isfinite(answer):
            raise BankError(f"{q.source}: question {q.id!r} drew a non-finite answer for seed {seed}")
        return Instance(q, seed, fill(q.prompt, values), values=values, answer=answer,
                        solution=fill(q.solution, values), draws=draws)

    def grade(self, inst, response, typed=""):
        q = inst.question
        value = parse_number(response, percent_is_fraction=q.unit != "%", thousands=shows_thousands(q))
        right = close(value, inst.answer, q)
        shown_m = []
        if not right:
            for name, key in q.traps.items():
                trap = trap_value(name, inst.values)
                if isinstance(trap, (int, float)) and not close(trap, inst.answer, q) and close(value, trap, q):
                    shown_m.append(key)  # named only when the answer is that trap's value
        expected = f"{inst.answer:.{q.decimals}f}{q.unit}"
        tol = tolerance_text(q)
        head = (f"Right: {value:g}{q.unit} is within {tol} of {expected}." if right else
                f"Not quite: you answered {value:g}{q.unit}; the answer is {expected} (graded within {tol}).")
        return Result(right, 1.0 if right else 0.0, head + "\n" + inst.solution, q.explanation, shown_m, value)

    def model_response(self, inst):
        return inst.answer

    def reveal(self, inst):
        q = inst.question
        return f"The answer is {inst.answer:.{q.decimals}f}{q.unit}.\n{inst.solution}"


def draw(q, rng, seed, also=()) -> tuple:
    """Draw ``q``'s generator until the draw is usable for ``q`` and every question in ``also``."""
    make = generators.get(q.generator)
    problem = "none"
    for draws in range(1, MAX_DRAWS + 1):
        try:
            values = {k: plain(v) for k, v in make(rng).items()}
        except generators.Redraw as why:
            problem = f"the generator asked for a redraw ({why})"
            continue
        for asker in (q, *also):
            if asker.ask not in values:
                raise BankError(f"{asker.source}: question {asker.id!r} asks for {asker.ask!r}, which generator "
                                f"{q.generator!r} does not return (it returns {sorted(values)})")
        values["answer"] = values[q.ask]
        problem = draw_problem(q, values) or next(
            (p for f in also if (p := draw_problem(f, dict(values, answer=values[f.ask])))), None)
        if problem is None:
            return values, draws
    raise BankError(f"{q.source}: question {q.id!r}: generator {q.generator!r} gave no usable draw "
                    f"in {MAX_DRAWS} tries for seed {seed} (last: {problem})")


def draw_problem(q, values: dict) -> str | None:
    """Why a generated draw cannot be asked (a non-finite answer, a trap too close), else None."""
    answer = values["answer"]
    if not isinstance(answer, (int, float)) or not math.isfinite(answer):
        return f"the answer {answer!r} is not a finite number"
    traps = []
    for name in q.traps:
        trap = trap_value(name, values)
        if isinstance(trap, (int, float)) and not isinstance(trap, bool) and math.isfinite(trap):
            traps.append((name, float(trap)))
    for name, trap in traps:
        if abs(trap - answer) <= 2 * tolerance_at(q, answer):
            return f"trap {name!r} = {trap:.6g} is within twice the tolerance of the answer {answer:.6g}"
    for i, (name, trap) in enumerate(traps):
        for other, value in traps[i + 1:]:
            if abs(trap - value) <= tolerance_at(q, trap) + tolerance_at(q, value):
                return f"traps {name!r} and {other!r} are too close to tell apart ({trap:.6g}, {value:.6g})"
    return None


class Bug(Kind):
    """Spot the bug: every line whose fix is valid is right; a wrong line names only what it shows."""

    name, title, seconds = "bug", "spot the bug", 90.0

    def build(self, entry, answer, fail):
        code = entry.get("code")
        if not isinstance(code, str) or not code.strip():
            fail("a bug question needs code")
        lines = code.strip("\n").splitlines()
        line = answer.get("line")
        if not isinstance(line, int) or not 1 <= line <= len(lines):
            fail(f"line must be 1..{len(lines)}, not {line!r}")
        if not isinstance(answer.get("fix"), str) or not answer["fix"].strip():
            fail("a bug question needs the fix")
        fixes, shows = answer.get("other_fixes", {}), answer.get("line_shows", {})
        if not isinstance(fixes, dict) or not isinstance(shows, dict):
            fail("other_fixes and line_shows must be tables keyed by line number")
        return dict(code="\n".join(lines), line=line, fix=answer["fix"].strip(),
                    other_fixes={str(k): str(v) for k, v in fixes.items()},
                    line_shows={str(k): v for k, v in shows.items()},
                    # without a reviewed line_shows table, the old rule: the question's misconceptions
                    legacy_blame="line_shows" not in answer)

    def grade(self, inst, response, typed=""):
        q = inst.question
        line = read_pick(response, "a line number", 1, len(inst.code_lines), base=1)
        data = {"line": q.line, "fix": q.fix, "other_fixes": q.other_fixes, "line_shows": q.line_shows}
        right = line in rubric.valid_lines(data)
        if right:
            head = f"Right: the bug is on line {line}."
            fix = rubric.fix_for_line(data, line)
            if line != q.line:
                head += f" (Line {q.line} is the other place to fix it: {q.fix})"
            shown_m = []
        else:
            head = (f"Not quite: line {line} is fine; the bug is on line {q.line}: "
                    f"`{inst.code_lines[q.line - 1].strip()}`.")
            fix = q.fix
            shown_m = list(q.misconceptions) if q.legacy_blame else rubric.misconceptions_for_line(data, line)
        return Result(right, 1.0 if right else 0.0, f"{head}\nFix: {fix}", q.explanation, shown_m, line)

    def model_response(self, inst):
        return inst.question.line

    def reveal(self, inst):
        q = inst.question
        return f"The bug is on line {q.line}: `{inst.code_lines[q.line - 1].strip()}`.\nFix: {q.fix}"


class Explain(Kind):
    """Explain out loud: self-marked point by point, checked against what was typed."""

    name, title, seconds = "explain", "explain out loud", 120.0

    def build(self, entry, answer, fail):
        points = str_list(answer.get("rubric"), "rubric", fail)
        if len(points) < 2:
            fail("an explain question needs a rubric of at least 2 key points")
        key_points = answer.get("key_points", [])
        if key_points and (not isinstance(key_points, list) or len(key_points) != len(points)):
            fail(f"key_points needs one list of synonyms per rubric point ({len(points)})")
        return dict(rubric=tuple(points), key_points=tuple(tuple(k) for k in key_points))

    def covered(self, inst, typed) -> list | None:
        """Which rubric points the typed answer seems to cover (None: no key points, nothing typed,
        or more than :data:`~.question.MAX_TYPED_CHARS` -- which :meth:`grade` refuses)."""
        q = inst.question
        text = str(typed or "")
        if not q.key_points or not text.strip() or len(text) > MAX_TYPED_CHARS:
            return None
        return rubric.coverage(text, q.key_points)

    def grade(self, inst, response, typed=""):
        q = inst.question
        check_typed(typed)
        if not isinstance(response, (list, tuple)) or len(response) != len(q.rubric) or \
                not all(isinstance(r, (bool, np.bool_)) for r in response):
            raise AnswerError(f"mark each of the {len(q.rubric)} rubric points as covered or not")
        hit = sum(bool(r) for r in response)
        score = hit / len(q.rubric)
        missed = [p for p, r in zip(q.rubric, response) if not r]
        text = f"You covered {hit} of {len(q.rubric)} key points."
        if missed:
            text += " Missing: " + "; ".join(missed)
        right = score >= RIGHT_SHARE
        seen = self.covered(inst, typed)
        if right and seen is not None and not any(seen):
            # the typed answer touches no point of the rubric: it cannot be graded right
            right, score = False, min(score, RIGHT_SHARE / 2)
            text += " Your typed answer mentions none of the key points, so it is not graded right."
        return Result(right, score, text, q.explanation, [], tuple(bool(r) for r in response))

    def model_response(self, inst):
        return [True] * len(inst.question.rubric)

    def reveal(self, inst):
        points = inst.question.rubric
        return "The key points:\n" + "\n".join(f"  {i}. {point}" for i, point in enumerate(points, 1))


KIND_TABLE = {kind.name: kind for kind in (Choice(), Numeric(), Bug(), Explain())}


def kind_of(q) -> Kind:
    return KIND_TABLE[q.kind]
