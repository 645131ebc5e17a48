"""Checks every executed course notebook of issue 20 shares (notebooks 10, 15 and 16).

The notebook teaches; the tests test (DESIGN.md, issue 18): no ``assert`` and no answer key
in a cell, every main section ends with a quiz from the bank and nothing after it, and every
number the prose quotes is in an output of the same run.
"""

from __future__ import annotations

import re


def assert_no_assert_or_answer_key(run, cells=None):
    for cell in cells if cells is not None else run.cells("code"):
        if cell.cell_type != "code":
            continue
        assert not re.search(r"^\s*assert\b", cell.source, re.M), cell.source
        assert "correct_choice" not in cell.source and ".correct " not in cell.source, cell.source
        assert not re.search(r"\.(feedback|explanation|solution|rubric)\b", cell.source), cell.source


def sections(run):
    """(heading, cells) for every main (``## ``) section, in order."""
    out = []
    for cell in run.nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            out.append((cell.source.splitlines()[0][3:].strip(), []))
        if out:
            out[-1][1].append(cell)
    return out


def assert_section_ends_with_a_quiz(heading, cells, bank):
    last = cells[-1]
    assert last.cell_type == "code", f"{heading}: does not end with a quiz cell"
    match = re.fullmatch(r"(\w+) = quiz\((.+), seed=SEED\)\n\1", last.source.strip())
    assert match, f"{heading}: the last cell is not `NAME = quiz(...)` then `NAME`:\n{last.source}"
    ids = re.findall(r'"([a-z0-9-]+)"', match.group(2))
    assert ids and all(qid in bank.questions for qid in ids), (heading, ids)
    return ids


def quoted_numbers(markdown):
    """Decimals and percentages quoted in Markdown prose (not in code spans, formulas or links)."""
    text = re.sub(r"`[^`]*`", "", markdown)
    text = re.sub(r"\(https?://[^)]*\)", "", text)
    return set(re.findall(r"(?<![\w.])-?\d[\d,]*\.\d+%?|(?<![\w.])\d+%|(?<![\w.])\d{1,3}(?:,\d{3})+", text))


def assert_quoted_numbers_are_shown(markdown, shown, stated=()):
    missing = sorted(q for q in quoted_numbers(markdown) - set(stated) if q not in shown)
    assert not missing, f"numbers in the prose that no output shows: {missing}"


def assert_holds(run, *expressions):
    """Each Python expression, evaluated in the notebook's kernel after the run, is true."""
    for expression in expressions:
        assert run.value(f"bool({expression})"), f"{run.stem}: not true after the run: {expression}"


def assert_every_main_section_ends_with_a_quiz(run):
    """Every ``## `` section before the Summary ends with ``NAME = quiz(...)`` then ``NAME``."""
    from mlmetrics_edu.interview.bank import load_bank

    bank, found = load_bank(), sections(run)
    assert [h for h, _ in found][-2:] == ["Summary", "Drills"], [h for h, _ in found]
    return {heading: assert_section_ends_with_a_quiz(heading, cells, bank) for heading, cells in found[:-2]}
