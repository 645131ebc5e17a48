"""Checks the executed notebooks of the hour (00-06) share, on top of ``notebook_checks``.

Notebooks teach; tests test (DESIGN.md, issue 18). In a notebook of the hour:

* no code cell holds an ``assert`` or an answer key, nor grades a quiz, nor moves an explorer
  (the learner's explorer is only moved by the learner: a test moves it in the kernel);
* every main section before "Going further" ends with ``NAME = quiz("id", seed=SEED)`` then
  ``NAME``, and no cell anywhere after a quiz reads that quiz;
* every number the Markdown quotes is shown by an output of the run, at the precision quoted
  (one digit more may be rounded off: 0.774 shows "77%" and "0.77"; 9900 shows "9,900").
"""

from __future__ import annotations

import re

from notebook_checks import assert_no_assert_or_answer_key, assert_section_ends_with_a_quiz, quoted_numbers
from notebook_checks import sections as all_sections

QUIZ_CELL = re.compile(r"^(\w+) = quiz\(", re.M)
ANSWER_KEY = re.compile(r"\bgrade\(|\binstantiate\(|\bmodel_response\b|\bcorrect_choice\b|\.answer\b|load_bank\(\)\[")
MOVES_AN_EXPLORER = re.compile(r"\.value\s*=(?!=)|\.click\(\)|\.restoring\(\)")


def code_sources(run):
    return [c.source for c in run.cells("code")]


def assert_cells_only_teach(run):
    """No assert, no answer key, no grading, no explorer moved from a cell."""
    assert_no_assert_or_answer_key(run)
    for code in code_sources(run):
        assert not ANSWER_KEY.search(code), f"{run.stem}: a cell grades or reveals a quiz:\n{code}"
        assert not MOVES_AN_EXPLORER.search(code), f"{run.stem}: a cell moves a control behind the learner:\n{code}"


def main_sections(run):
    """(heading, cells) of the ``## `` sections before "Going further" (or before the Summary)."""
    found = []
    for heading, cells in all_sections(run):
        if heading.startswith("Going further") or heading in ("Summary", "Drills"):
            break
        found.append((heading, cells))
    return found


def assert_main_sections_end_with_a_quiz(run, bank):
    """Each main section's last cell shows a bank question; returns the ids asked, section by section."""
    found = main_sections(run)
    assert found, f"{run.stem}: no main section"
    return [assert_section_ends_with_a_quiz(heading, cells, bank) for heading, cells in found]


def assert_nothing_after_a_quiz_reads_it(run):
    codes = code_sources(run)
    for i, code in enumerate(codes):
        for name in QUIZ_CELL.findall(code):
            later = [c for c in codes[i + 1:] if re.search(rf"\b{name}\b", c)]
            assert not later, f"{run.stem}: a cell after the quiz `{name}` reads it:\n{later[0]}"


# --------------------------------------------------------------------------- quoted numbers

_SHOWN = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?")


def _parse(text):
    pct = text.endswith("%")
    body = text.rstrip("%").replace(",", "")
    decimals = len(body.split(".")[1]) if "." in body else 0
    return float(body), decimals, pct


def _shows(quoted, shown_numbers):
    value, decimals, pct = _parse(quoted)
    for shown in shown_numbers:
        x, x_decimals, x_pct = shown
        candidates = []
        if x_pct == pct:
            candidates.append((x, x_decimals))
        if pct and not x_pct:                         # a fraction shown, a percentage quoted
            candidates.append((100 * x, x_decimals - 2))
        for v, d in candidates:                        # the prose rounds off at most one digit
            if decimals <= d <= decimals + 1 and f"{v:.{decimals}f}" == f"{value:.{decimals}f}":
                return True
    return False


def missing_numbers(markdown, shown, stated=()):
    """Numbers the Markdown quotes that no output shows at the precision quoted."""
    numbers = [_parse(m) for m in _SHOWN.findall(shown)]
    return sorted(q for q in quoted_numbers(markdown) - set(stated) if q not in shown and not _shows(q, numbers))


def assert_quoted_numbers_are_shown(run, stated=()):
    missing = missing_numbers(run.markdown_text(), run.output_text(), stated)
    assert not missing, f"{run.stem}: numbers in the prose that no output shows: {missing}"



# --------------------------------------------------------------------------- quizzes, from the kernel


def asked(name):
    """The kernel expression of the first question the quiz widget ``name`` shows."""
    return f"{name}.state.chains[0][0]"


def right_options(run, name):
    """The options of quiz ``name``'s first question that the bank grades right (graded in the kernel)."""
    run.run("from mlmetrics_edu.interview.bank import grade as _hour_grade")
    q = asked(name)
    return run.value(f"[o for i, o in enumerate({q}.options) if _hour_grade({q}, i).correct]")
