"""Notebooks 01-03 fit their slot of the hour, ask questions they do not answer, and teach what the code does.

The time rule (issue 9): on the main path -- every cell before a markdown heading that starts
with "Going further" -- 200 words a minute of markdown (a whitespace split, code blocks
included), half a minute per code cell, two minutes per cell that displays an explorer or a
quiz. The slots: 01 10 minutes, 02 15, 03 10.

Notebooks teach; tests test (issue 18): each main section (``##`` heading) on the main path
ends with a question from the bank shown with the quiz widget, and nothing follows it in the
section; no cell anywhere reads a quiz after showing it, asserts, or moves an explorer. The
checks the notebooks used to run in front of the learner live in tests/test_notebook_01.py,
_02.py and _03.py. The explorer of 03 gets a task, a generated bank question on the
notebook's own scenario: here every draw of the task is checked against the explorer at the
explorer's own resolution -- the answer is on the slider's grid, the readout shows it, and
one step off is graded wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu import datasets
from mlmetrics_edu.interview.bank import grade, instantiate, load_bank
from mlmetrics_edu.interview.generators import thresholds as threshold_generators
from mlmetrics_edu.widgets import ThresholdExplorer

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SLOTS = {"01_confusion_matrix_and_accuracy": 10, "02_precision_recall_f1": 15, "03_thresholds_roc_pr": 10}
WIDGET_CELL = re.compile(r"\b\w*Explorer\(|\bquiz\(")
QUIZ_CELL = re.compile(r"^(\w+) = quiz\(\"([a-z0-9-]+)\".*\)\n\1\s*$")
TASK_ID = "explorer-task-crossing-recall"


def _source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def _load(stem):
    return json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def main_path(nb):
    """The cells before the first markdown heading that starts with 'Going further'."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and re.search(r"^#+\s+Going further", _source(cell), re.M):
            head = re.split(r"^#+\s+Going further.*$", _source(cell), maxsplit=1, flags=re.M)[0]
            if head.strip():
                cells.append({"cell_type": "markdown", "source": head})
            break
        cells.append(cell)
    return cells


def estimate(nb):
    """(words, plain code cells, explorer/quiz cells, minutes) of the main path."""
    cells = main_path(nb)
    words = sum(len(_source(c).split()) for c in cells if c["cell_type"] == "markdown")
    codes = [_source(c) for c in cells if c["cell_type"] == "code"]
    widgets = sum(bool(WIDGET_CELL.search(code)) for code in codes)
    plain = len(codes) - widgets
    return words, plain, widgets, words / 200 + 0.5 * plain + 2 * widgets


def test_the_estimate_follows_the_rule_on_a_made_up_notebook():
    nb = {"cells": [
        {"cell_type": "markdown", "source": "# Title\n\nfour words of prose"},   # 6 words
        {"cell_type": "code", "source": "x = 1"},
        {"cell_type": "code", "source": "explorer = ThresholdExplorer(y, s)\nexplorer"},
        {"cell_type": "code", "source": 'q = quiz("roc-auc-meaning")\nq'},
        {"cell_type": "markdown", "source": "two words\n\n## Going further\n\nnot counted at all"},
        {"cell_type": "code", "source": "y = 2"},
    ]}
    words, plain, widgets, minutes = estimate(nb)
    assert (words, plain, widgets) == (8, 1, 2)
    assert minutes == pytest.approx(8 / 200 + 0.5 + 4)


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_the_main_path_fits_its_slot_of_the_hour(stem):
    words, plain, widgets, minutes = estimate(_load(stem))
    print(f"{stem}: {words} words, {plain} code cells, {widgets} explorer/quiz cells -> {minutes:.2f} min")
    assert minutes <= SLOTS[stem], f"{stem}: {minutes:.2f} min on the main path, slot {SLOTS[stem]}"


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_depth_is_kept_in_a_going_further_section_before_the_summary(stem):
    nb = _load(stem)
    heads = [line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
             for line in _source(c).splitlines() if line.startswith("## ")]
    assert heads[-3:] == ["Going further", "Summary", "Drills"], heads


def _sections(cells):
    """Main sections: (heading, the code cells under it) for each '## ' heading."""
    sections = []
    for cell in cells:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            for line in text.splitlines():
                if line.startswith("## "):
                    sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(text)
    return sections


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_every_main_section_ends_with_a_bank_question_and_nothing_after_it(stem):
    bank = load_bank()
    sections = _sections(main_path(_load(stem)))
    assert sections, stem
    for heading, codes in sections:
        shown = QUIZ_CELL.match(codes[-1]) if codes else None
        assert shown, f"{stem} / {heading}: the section does not end with a quiz cell"
        assert shown.group(2) in bank.questions, shown.group(2)
    cells = main_path(_load(stem))
    for cell, after in zip(cells, cells[1:] + [None]):   # the quiz is the section's last cell
        if cell["cell_type"] == "code" and QUIZ_CELL.match(_source(cell)) and after is not None:
            assert after["cell_type"] == "markdown" and _source(after).startswith("## "), (
                f"{stem}: a cell follows the quiz in its section:\n{_source(after)}")


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_no_cell_asserts_grades_a_quiz_or_moves_an_explorer(stem):
    codes = [_source(c) for c in _load(stem)["cells"] if c["cell_type"] == "code"]
    for i, code in enumerate(codes):
        assert not re.search(r"^\s*assert\b", code, re.M), code
        assert not re.search(r"\bgrade\(|correct_choice|\binstantiate\(|\.value\s*=(?!=)|\.click\(\)|restoring\(", code), code
        shown = QUIZ_CELL.match(code)
        if shown:                                   # nothing after a quiz reads it
            assert not any(re.search(rf"\b{shown.group(1)}\b", later) for later in codes[i + 1:]), code


# --------------------------------------------------------------------------- the explorer task


def _explorer():
    crossing = datasets.pedestrian_crossing(seed=0)
    return crossing, ThresholdExplorer(crossing.y_true, crossing.y_score, cost_fp=crossing.cost_fp,
                                       cost_fn=crossing.cost_fn)


def test_notebook_03_asks_its_task_after_the_explorer_and_checks_it_out_of_sight():
    codes = [_source(c) for c in main_path(_load("03_thresholds_roc_pr")) if c["cell_type"] == "code"]
    i = next(i for i, code in enumerate(codes) if "ThresholdExplorer(crossing.y_true" in code)
    task = next(j for j, code in enumerate(codes) if f'quiz("{TASK_ID}"' in code)
    assert task > i and task == len(codes) - 1          # the task closes the main path
    checks = (Path(__file__).parent / "test_notebook_03.py").read_text(encoding="utf-8")
    assert "explorer.threshold.value" in checks and "explorer.prevalence.value" in checks


@pytest.fixture(scope="module")
def crossing_explorer():
    return _explorer()


def _grid(slider):
    return np.round(slider.min + slider.step * np.arange(round((slider.max - slider.min) / slider.step) + 1), 6)


def test_the_task_generator_uses_the_explorer_s_grid_and_the_bank_s_tolerance(crossing_explorer):
    _, explorer = crossing_explorer
    q = load_bank()[TASK_ID]
    assert explorer.threshold.step == threshold_generators.CROSSING_TASK_STEP
    assert q.tolerance == threshold_generators.CROSSING_TASK_TOLERANCE and q.rel_tolerance == 0
    k = explorer.threshold.min / explorer.threshold.step
    assert abs(k - round(k)) < 1e-9                          # the grid is the multiples of the step
    assert 0.5 in _grid(explorer.threshold)                 # the drag starts on the grid
    for p in threshold_generators.CROSSING_TASK_PREVALENCES:  # the prevalences are slider values
        explorer.prevalence.value = p
        assert explorer.prevalence.value == p


def test_every_draw_of_the_task_is_on_the_grid_and_one_step_off_is_wrong(crossing_explorer):
    crossing, explorer = crossing_explorer
    q = load_bank()[TASK_ID]
    step = explorer.threshold.step
    assert len({instantiate(q, seed).prompt for seed in range(40)}) >= 36
    for seed in range(60):                    # through the widget: each move redraws the figure
        inst = instantiate(q, seed)
        v = inst.values
        explorer.prevalence.value = v["prevalence"]
        explorer.threshold.value = v["threshold"]
        assert explorer.threshold.value == v["threshold"]          # reachable: the slider holds it
        s = explorer.state
        assert s.recall == pytest.approx(v["recall"]) and v["recall"] >= v["target"]
        assert s.precision == pytest.approx(inst.answer) and s.prevalence == pytest.approx(v["prevalence"])
        shown = f"{s.precision:.4f}"                                 # the readout's precision
        assert shown in explorer.readout.value
        assert grade(inst, shown).correct and grade(inst, f"{s.precision:.3f}").correct   # typed to 4 or 3 decimals
        for k in (1, -1):                                            # one step early, one step late
            explorer.threshold.value = round(v["threshold"] + k * step, 6)
            other = explorer.state
            if k == 1:
                assert other.recall < v["target"], (seed, "one step early already reaches the target")
            if (other.tp, other.fp) != (s.tp, s.fp):
                assert not grade(inst, f"{other.precision:.4f}").correct, (seed, k, other.precision, inst.answer)
                assert not grade(inst, f"{other.precision:.3f}").correct, (seed, k, other.precision, inst.answer)


def test_the_task_answer_is_an_independent_reweighting_of_the_counts():
    crossing = datasets.pedestrian_crossing(seed=0)
    y, s = crossing.y_true, crossing.y_score
    for seed in range(30):
        v = threshold_generators.crossing_recall_task(np.random.default_rng(seed))
        flagged = s >= v["threshold"]
        tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
        w_pos, w_neg = v["prevalence"] / y.mean(), (1 - v["prevalence"]) / (1 - y.mean())
        assert v["precision"] == pytest.approx(tp * w_pos / (tp * w_pos + fp * w_neg))
        assert v["precision_at_data_prevalence"] == pytest.approx(tp / (tp + fp))
        assert tp / y.sum() >= v["target"]
        assert (s[y == 1] >= v["threshold"] + 0.001).mean() < v["target"]   # the grid step above misses it
        assert round(v["threshold"] * 1000) == pytest.approx(v["threshold"] * 1000, abs=1e-9)


def test_a_learner_who_forgets_the_prevalence_slider_is_told_so(crossing_explorer):
    q = load_bank()[TASK_ID]
    for seed in range(60):
        inst = instantiate(q, seed)
        v = inst.values
        if abs(v["precision_at_data_prevalence"] - inst.answer) > 0.2 * inst.answer:
            result = grade(inst, f'{v["precision_at_data_prevalence"]:.4f}')
            assert not result.correct and "precision-prevalence-free" in result.misconceptions


# --------------------------------------------------------------------------- content fixes in 03


def test_the_pedestrian_numbers_notebook_03_quotes_are_the_package_s():
    crossing = datasets.pedestrian_crossing(seed=0)
    y, s = crossing.y_true, crossing.y_score
    precision, recall, _ = mm.precision_recall_curve(y, s)
    ap, trapezoid = mm.average_precision_score(y, s), mm.auc(recall, precision)
    coarse = s.round(1)
    precision_c, recall_c, thresholds_c = mm.precision_recall_curve(y, coarse)
    ap_c, trapezoid_c = mm.average_precision_score(y, coarse), mm.auc(recall_c, precision_c)
    text = "\n".join(_source(c) for c in _load("03_thresholds_roc_pr")["cells"])
    assert f"{ap:.3f}" == "0.197" and "0.197" in text
    assert f"{trapezoid:.3f}" in text and f"{ap_c:.3f}" in text and f"{trapezoid_c:.3f}" in text
    assert len(thresholds_c) == 11 and "11 thresholds" in text
    assert trapezoid_c > ap_c + 0.03          # sparse points: the trapezoid overstates
    assert trapezoid < ap                     # dense points: the sawtooth makes it a little lower


def test_the_trapezoid_overstates_what_a_threshold_between_two_pr_points_can_reach():
    """Between two thresholds, flagging part of the tied block traces a curve under the chord."""
    crossing = datasets.pedestrian_crossing(seed=0)
    y, coarse = crossing.y_true, crossing.y_score.round(1)
    rng = np.random.default_rng(1)
    reachable = np.mean([mm.average_precision_score(y, coarse + 1e-6 * rng.random(coarse.size))
                         for _ in range(20)])
    precision_c, recall_c, _ = mm.precision_recall_curve(y, coarse)
    assert mm.average_precision_score(y, coarse) < reachable < mm.auc(recall_c, precision_c)


def test_the_two_operating_points_in_the_bank_question_are_the_package_s():
    crossing = datasets.pedestrian_crossing(seed=0)
    y, s = crossing.y_true, crossing.y_score
    highest = mm.threshold_for_recall(y, s, 0.85)
    best_precision, at = mm.precision_at_recall(y, s, 0.85)
    lower = mm.counts_at_threshold(mm.threshold_sweep(y, s), at)
    prompt = load_bank()["precision-at-recall-vs-highest-threshold"].prompt
    assert f"t1 = {highest.threshold:.5f}" in prompt and f"t2 = {at:.5f}" in prompt
    assert f"{highest.tp:.0f} crossings caught, {highest.fp:,.0f} false alarms" in prompt
    assert f"{lower.tp:.0f} crossings caught, {lower.fp:,.0f} false alarms" in prompt
    assert f"precision {highest.precision:.4f}, specificity {highest.specificity:.4f}" in prompt
    assert f"precision {best_precision:.4f}, specificity {lower.specificity:.4f}" in prompt
    assert at < highest.threshold and best_precision > highest.precision
    assert lower.specificity < highest.specificity


def test_the_bank_no_longer_says_a_lower_threshold_only_adds_false_positives():
    for q in load_bank():
        right = [q.options[q.correct]] if q.kind == "choice" else []
        for text in (q.explanation, q.solution, *right, *q.feedback):   # wrong options may say it
            assert "only adds false positives" not in text, q.id


def test_precision_at_99_recall_is_defined_as_the_best_precision_in_the_bank():
    q = load_bank()["precision-at-recall-definition"]
    right = q.options[q.correct]
    assert "best precision" in right and "highest threshold" not in right
