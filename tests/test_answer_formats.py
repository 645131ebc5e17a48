"""Answers are read as people type them, and a verdict never blames what the answer does not show.

A scripted candidate answers every numeric question right in many formats (0.5, .5, 50%, 1/2,
5e-1, 0,5, −0.5, full-width digits) and wrong with each declared trap, and every choice question
with a/A/(b)/b)/B./full-width letters. The counts the issue asks for are asserted at the end of
each test: 0 right answers rejected, 0 traps accepted, 0 misconceptions named that the answer
does not show. An ambiguous reading (``1,234``, ``a or b``) is asked again (AnswerError), never
graded.
"""

from fractions import Fraction

import pytest

from mlmetrics_edu.interview.bank import AnswerError, _trap_value, grade, instantiate, load_bank, parse_number

SEEDS = range(8)
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def right_formats(value, unit):
    """The same number typed in the ways people type it."""
    out = {"plain": f"{value:.10g}", "exponent": f"{value:.9e}",
           "fraction": str(Fraction(value).limit_denominator(10**9)).replace("/", " / ") if value % 1 else f"{value:.0f}/1",
           "decimal comma": f"{value:.7f}".replace(".", ","),
           "full width": f"{value:.10g}".translate(FULL_WIDTH)}
    out["percent"] = f"{value:.10g}%" if unit == "%" else f"{100 * value:.10g}%"
    if 0 < abs(value) < 1:
        out["leading dot"] = f"{value:.10f}".replace("0.", ".", 1)
    if value < 0:
        out["unicode minus"] = f"{value:.10g}".replace("-", "\u2212")
    return out


def numeric_instances(bank):
    for q in bank:
        if q.kind == "numeric":
            for seed in (SEEDS if q.generator else [0]):
                yield instantiate(q, seed)


def test_the_scripted_candidate_is_graded_right_in_every_format_and_wrong_with_every_trap(bank):
    rejected, traps_accepted, wrongly_named, asked = [], [], [], 0
    for inst in numeric_instances(bank):
        q = inst.question
        for how, text in right_formats(inst.answer, q.unit).items():
            asked += 1
            result = grade(inst, text)
            if not result.correct:
                rejected.append((q.id, inst.seed, how, text))
            if result.misconceptions:
                wrongly_named.append((q.id, inst.seed, text, result.misconceptions))
        for name, key in q.traps.items():
            trap = _trap_value(name, inst.values)
            if not isinstance(trap, (int, float)) or trap != trap or abs(trap) == float("inf"):
                continue
            result = grade(inst, f"{trap:.10g}")
            if result.correct:
                traps_accepted.append((q.id, inst.seed, name, trap, inst.answer))
            elif result.misconceptions != [key]:
                wrongly_named.append((q.id, inst.seed, name, result.misconceptions))
    assert asked > 1000
    assert not rejected, f"{len(rejected)} right answers rejected, e.g. {rejected[:5]}"
    assert not traps_accepted, f"{len(traps_accepted)} traps accepted, e.g. {traps_accepted[:5]}"
    assert not wrongly_named, f"{len(wrongly_named)} misconceptions misnamed, e.g. {wrongly_named[:5]}"


def test_a_wrong_number_that_is_no_known_mistake_names_no_misconception(bank):
    named = []
    for inst in numeric_instances(bank):
        q = inst.question
        values = [_trap_value(n, inst.values) for n in q.traps]
        wrong = inst.answer + 1000 * (q.tolerance + q.rel_tolerance * abs(inst.answer)) + 7.77
        if any(isinstance(v, (int, float)) and abs(v - wrong) < 1 for v in values):
            continue
        result = grade(inst, f"{wrong:.10g}")
        assert not result.correct
        if result.misconceptions:
            named.append((q.id, inst.seed, result.misconceptions))
    assert not named


def test_choice_answers_are_read_as_letters_in_any_case_and_bracket(bank):
    rejected, wrongly_named = [], []
    for q in bank:
        if q.kind != "choice":
            continue
        for seed in range(3):
            inst = instantiate(q, seed)
            i = inst.correct_choice
            letter = "abcde"[i]
            wide, wide_upper = "ａｂｃｄｅ"[i], "ＡＢＣＤＥ"[i]
            for text in (letter, letter.upper(), f"({letter})", f"{letter})", f"{letter.upper()}.",
                         wide, f"（{wide_upper}）", f" {letter} ", str(i + 1)):
                result = grade(inst, text)
                if not result.correct:
                    rejected.append((q.id, seed, text))
                if result.misconceptions:
                    wrongly_named.append((q.id, seed, text, result.misconceptions))
            for shown in range(len(inst.options)):
                if shown == i:
                    continue
                result = grade(inst, f"({'abcde'[shown]})")
                picked = inst.order[shown]
                expected = [q.shows[picked]] if q.shows[picked] else []
                assert not result.correct
                if result.misconceptions != expected:
                    wrongly_named.append((q.id, seed, shown, result.misconceptions))
    assert not rejected, rejected[:5]
    assert not wrongly_named, wrongly_named[:5]


def test_a_buggy_line_is_read_as_people_say_it(bank):
    q = next(q for q in bank if q.kind == "bug")
    inst = instantiate(q, 0)
    for text in (str(q.line), f"line {q.line}", f"Line {q.line}", f"({q.line})", f"{q.line}.", chr(0xFF10 + q.line)):
        assert grade(inst, text).correct, text
    with pytest.raises(AnswerError):
        grade(inst, f"{q.line} or {q.line + 1}")


@pytest.mark.parametrize("text", ["a or b", "ab", "a b", "(ab)", "f", "option", "b)c", "", "0"])
def test_an_ambiguous_or_impossible_choice_is_asked_again_not_graded(bank, text):
    q = next(q for q in bank if q.kind == "choice" and len(q.options) == 4)
    with pytest.raises(AnswerError):
        grade(instantiate(q, 0), text)


@pytest.mark.parametrize("text", ["1,234", "12,345", "−1,500", "1,2,3", "0.5.5", "5e", "1/2/3", "½", "10²", "⑤"])
def test_an_ambiguous_or_unreadable_number_is_asked_again_not_graded(bank, text):
    q = next(q for q in bank if q.kind == "numeric" and q.generator)
    with pytest.raises(AnswerError):
        grade(instantiate(q, 0), text)


def test_a_comma_groups_thousands_where_the_question_writes_its_answer_that_way(bank):
    q = bank["task-outlier-rmse"]                 # "a rise of ${answer:,.0f}"
    inst = instantiate(q, 0)
    shown = f"{inst.answer:,.0f}"
    assert "," in shown and grade(inst, shown).correct and grade(inst, "$" + shown).correct
    small = next(q for q in bank if q.kind == "numeric" and q.generator and q.id.startswith("cm-"))
    with pytest.raises(AnswerError, match="could be"):
        grade(instantiate(small, 0), "2,036")     # elsewhere it could be 2.036: asked again


@pytest.mark.parametrize("text, value", [
    ("$1,234", 1234.0), ("0.5", 0.5), (".5", 0.5), ("50%", 0.5), ("1/2", 0.5), ("5e-1", 0.5), ("0,5", 0.5), ("−0.5", -0.5),
    ("\u22120,5", -0.5), ("０．５", 0.5), ("１/２", 0.5), ("0,7233", 0.7233), ("0,723", 0.723), (",25", 0.25),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("12 345", 12345.0), ("\u2013 0.5", -0.5),
])
def test_the_issue_s_formats_parse_to_the_same_number(text, value):
    assert parse_number(text) == pytest.approx(value)
