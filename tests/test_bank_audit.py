"""The bank audit: every generated question, drawn over many seeds, gives verdicts that hold.

The audit itself runs here on 200 seeds per generator (``mlmetrics-edu bank-audit`` runs the
full 1,000); the checks it is made of are tested on hand-made texts and on a small bank whose
generators break each rule on purpose: a trap inside the tolerance is redrawn, a generator that
can never separate its traps is named, a degenerate question fails unless it says why.
"""

import textwrap

import numpy as np
import pytest

from mlmetrics_edu.cli import main
from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.audit import (
    audit_bank, audit_question, failure_lines, generated_questions, inconsistent_phrases, unfilled,
)
from mlmetrics_edu.interview.bank import BankError, grade, instantiate, load_bank

SEEDS = 200


def _bank_generators():
    return sorted({q.generator for q in generated_questions(load_bank())})


def test_the_audit_covers_the_generator_modules_added_today():
    modules = {generators.get(name).__module__.rsplit(".", 1)[-1] for name in _bank_generators()}
    assert {"experiments", "llm_apps", "monitoring", "classification", "thresholds", "calibration",
            "regression", "ranking", "llm", "rigor"} <= modules


@pytest.mark.parametrize("name", _bank_generators())
def test_every_generated_question_passes_the_audit_over_200_seeds(name):
    reports = audit_bank(SEEDS, generators=[name])
    assert reports and all(r.draws == SEEDS for r in reports)
    failing = [r for r in reports if not r.ok]
    assert not failing, "\n".join(failure_lines(failing))


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("text", [
    "The accuracy 0.982 is below the 0.981 that 'never fraud' would score.",
    "MASE = 1.667 / 1.000 = 1.667 (below 1: better than the naive forecast was in-sample).",
    "Adjusted R² went down from 0.7012 to 0.7340.",
    "Recall rose from 0.80 to 0.75 after the change.",
    "The p-value 0.031 is above the 0.05 threshold.",
    "0.31 < 0.29, so the new model wins.",
    "99.2% is lower than 98.5%.",
])
def test_a_comparison_the_numbers_contradict_is_flagged(text):
    assert inconsistent_phrases(text)


@pytest.mark.parametrize("text", [
    "The accuracy 0.979 is below the 0.981 that 'never fraud' would score.",
    "MASE = 0.667 (below 1: better than the naive forecast was in-sample).",
    "Adjusted R² went down from 0.7340 to 0.7012.",
    "p = 0.03 < 0.05, and 1 - 0.5 > 0.3 is arithmetic, not a claim about 0.5.",
    "Spread 2 over the 240 days; 12,345 is more than 12,000.",
    "It takes 3/4 of 0.5 > 0.2 x 2 steps.",
])
def test_a_comparison_that_holds_or_is_arithmetic_is_not_flagged(text):
    assert inconsistent_phrases(text) == []


def test_an_unfilled_field_or_a_nan_is_reported():
    assert unfilled("MAE = {mae:.3f}") == "{mae:.3f}"
    assert unfilled("the scale is nan") == "nan"
    assert unfilled("financial {x} inference") == "{x}"
    assert unfilled("a finance-grade answer of 0.5 (inflation aside)") == ""


# --------------------------------------------------------------------------- redraws, on a small bank

QUESTIONS = """
topic = "classification"

[misconceptions]
swapped = "precision and recall swapped"

[[question]]
id = "close-trap"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "audit_test_close_trap"
ask = "right"
tolerance = 0.01
prompt = "What is it? ({right:.2f})"

[[question]]
id = "never-separable"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "audit_test_never"
ask = "right"
tolerance = 0.01
prompt = "What is it?"

[[question]]
id = "rarely-separable"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "audit_test_rare"
ask = "right"
tolerance = 0.01
prompt = "What is it?"

[[question]]
id = "few-answers"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "audit_test_few"
ask = "right"
prompt = "What is it?"

[[question]]
id = "few-answers-explained"
kind = "numeric"
difficulty = 2
covers = ["clf.precision-recall"]
generator = "audit_test_few"
ask = "right"
degenerate_ok = "a coin: two answers by nature"
prompt = "What is it?"
"""

ANSWERS = """
[[answer]]
id = "close-trap"
explanation = "x"
solution = "{right:.3f}"
traps = { wrong = "swapped" }

[[answer]]
id = "never-separable"
explanation = "x"
solution = "{right:.3f}"
traps = { wrong = "swapped" }

[[answer]]
id = "rarely-separable"
explanation = "x"
solution = "{right:.3f}"
traps = { wrong = "swapped" }

[[answer]]
id = "few-answers"
explanation = "x"
solution = "{right:.3f}"

[[answer]]
id = "few-answers-explained"
explanation = "x"
solution = "{right:.3f}"
"""

SYLLABUS = """
[[item]]
id = "clf.precision-recall"
section = "classification"
bullet = "Precision"
text = "Precision and recall"
"""


@generators.generator("audit_test_close_trap")
def _close_trap(rng):
    right = float(rng.uniform(0.2, 0.8))
    if rng.random() < 0.5:
        raise generators.Redraw("half the draws are degenerate")
    return {"right": right, "wrong": right + float(rng.choice([0.005, 0.015, 0.5]))}


@generators.generator("audit_test_never")
def _never(rng):
    right = float(rng.uniform(0.2, 0.8))
    return {"right": right, "wrong": right + 0.001}


@generators.generator("audit_test_rare")
def _rare(rng):
    right = float(rng.uniform(0.2, 0.8))
    return {"right": right, "wrong": right + (0.5 if rng.random() < 0.1 else 0.001)}


@generators.generator("audit_test_few")
def _few(rng):
    return {"right": float(rng.integers(0, 2))}


@pytest.fixture
def small_bank(tmp_path):
    root = tmp_path / "content"
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    (root / "drills" / "questions" / "syllabus.toml").write_text(SYLLABUS, encoding="utf-8")
    (root / "drills" / "questions" / "clf.toml").write_text(textwrap.dedent(QUESTIONS), encoding="utf-8")
    (root / "answers" / "questions" / "clf.toml").write_text(textwrap.dedent(ANSWERS), encoding="utf-8")
    load_bank.cache_clear()
    try:
        yield load_bank(str(root))
    finally:
        load_bank.cache_clear()


def test_a_trap_inside_twice_the_tolerance_is_redrawn_deterministically(small_bank):
    q = small_bank["close-trap"]
    for seed in range(200):
        inst = instantiate(q, seed)
        assert abs(inst.values["wrong"] - inst.answer) > 2 * q.tolerance
        assert inst.values == instantiate(q, seed).values
        result = grade(inst, f"{inst.values['wrong']:.6f}")
        assert not result.correct and result.misconceptions == ["swapped"]
    assert audit_question(q, 200).ok


def test_a_generator_that_never_separates_its_trap_is_named_in_a_bank_error(small_bank):
    with pytest.raises(BankError, match="'never-separable'.*audit_test_never.*within twice the tolerance"):
        instantiate(small_bank["never-separable"], 0)
    report = audit_question(small_bank["never-separable"], 5)
    assert report.failures["finite"] == 5


def test_redraws_that_quietly_narrow_the_draws_fail_the_audit(small_bank):
    report = audit_question(small_bank["rarely-separable"], 100)
    assert report.mean_draws > 5 and "redraws" in report.failures
    assert report.mean_draws == pytest.approx(
        sum(instantiate(small_bank["rarely-separable"], s).draws for s in range(100)) / 100)


def test_few_distinct_answers_fail_the_audit_unless_the_question_says_why(small_bank):
    report = audit_question(small_bank["few-answers"], 100)
    assert "degenerate" in report.failures and report.distinct == 2
    assert audit_question(small_bank["few-answers-explained"], 100).ok


def test_a_redraw_is_asked_by_raising_redraw_and_direct_callers_never_see_it():
    rng = np.random.default_rng(0)
    draws = [generators.get("audit_test_close_trap")(rng) for _ in range(50)]
    assert len(draws) == 50


# --------------------------------------------------------------------------- the command


def test_the_command_prints_a_table_per_generator_and_passes(capsys):
    assert main(["bank-audit", "--seeds", "20", "--generator", "cost_ratio", "--generator", "pass_at_k"]) == 0
    out = capsys.readouterr().out
    assert "cost_ratio" in out and "passk-compute" in out and "2 of 2 generated questions pass" in out


@pytest.mark.parametrize("args, message", [
    (["--seeds", "0"], "at least one seed"),
    (["--seeds", "many"], "not a whole number"),
    (["--generator", "no_such"], "no question generator called no_such"),
])
def test_a_mistake_on_the_command_line_is_one_line_on_stderr_and_status_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        status = main(["bank-audit", *args])
        raise SystemExit(status)
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and err.startswith("mlmetrics-edu bank-audit")
