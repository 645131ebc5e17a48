"""Notebook 09 (fairness and slices), checked out of the learner's sight.

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py) and asserts on the kernel's state: every check the notebook's
cells used to carry, the parity and odds gaps against fairlearn's definitions, the notebook's
shape (no ``assert``, no answer key, every main section ending with a quiz from the bank) and
every number the prose quotes being in an output of the run.
"""

from __future__ import annotations

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_every_main_section_ends_with_a_quiz, assert_holds,
                             assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown)

STEM = "09_fairness_and_slices"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb09"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_on_fairness(nb):
    from mlmetrics_edu.interview.bank import load_bank

    asked = assert_every_main_section_ends_with_a_quiz(nb)
    assert list(asked) == ["An aggregate that hides a failing slice", "Fairness metrics on a screening model",
                           "Two criteria that cannot both hold", "Per-group thresholds and the accuracy they cost"]
    bank = load_bank()
    assert all(bank[qid].topic == "fairness" for ids in asked.values() for qid in ids)


# The scenarios' parameters: frames and their weather, base rates, the calibrated score of
# 0.7, the equalized-odds model's rates, the bootstrap's resamples.
STATED = {"4,000", "80%", "15%", "30%", "50%", "20%", "70%", "10%", "1,000"}


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- slices


def test_the_aggregate_looks_excellent(nb):
    assert_holds(nb, "accuracy > 0.96", "recall > 0.93")


def test_fog_recall_fails_far_beyond_the_noise(nb):
    assert_holds(nb, 'by_weather.by_group["fog"] < 0.45', 'by_weather.by_group["clear"] > 0.96',
                 'fog_high < by_weather.intervals["clear"][0]')
    assert nb.value('by_weather.by_group["fog"]') == pytest.approx(
        nb.value('mm.recall_score(y_true[weather == "fog"], y_pred[weather == "fog"])'))


def test_accuracy_hides_what_recall_shows(nb):
    assert_holds(nb, 'accuracy_by_weather.by_group["fog"] > 0.8 > by_weather.by_group["fog"] * 2')


def test_the_report_counts_the_fog_frames(nb):
    assert_holds(nb, 'report["by_group"]["fog"]["n"] == int((weather == "fog").sum())')


# --------------------------------------------------------------------------- the screening model


def test_base_rates_differ_and_the_scores_are_calibrated_in_each_group(nb):
    assert_holds(nb, 'base_rates.by_group["group_a"] > 0.45', 'base_rates.by_group["group_b"] < 0.25',
                 "max(ece.by_group.values()) < 0.03")


def test_the_gaps_fail_the_four_fifths_rule_and_equal_fairlearn(nb):
    fm = pytest.importorskip("fairlearn.metrics")
    assert_holds(nb, 'gaps["disparate impact ratio"] < 0.8', 'gaps["equalized odds difference"] > 0.3',
                 'tpr.by_group["group_a"] > 2 * tpr.by_group["group_b"]')
    y, invited, group = (np.array(nb.value(v)) for v in ("y", "invited", "group"))
    assert nb.value('gaps["demographic parity difference"]') == pytest.approx(
        fm.demographic_parity_difference(y, invited, sensitive_features=group))
    assert nb.value('gaps["equalized odds difference"]') == pytest.approx(
        fm.equalized_odds_difference(y, invited, sensitive_features=group))
    assert nb.value('gaps["disparate impact ratio"]') == pytest.approx(
        fm.demographic_parity_ratio(y, invited, sensitive_features=group))


# --------------------------------------------------------------------------- impossibility


def test_the_selection_rate_is_the_base_rate_mix_of_tpr_and_fpr(nb):
    nb.run("""
for g in sr.by_group:
    p = base_rates.by_group[g]
    assert abs(sr.by_group[g] - (p * tpr.by_group[g] + (1 - p) * fpr.by_group[g])) < 1e-12, g
""")


def test_equalized_odds_forces_a_parity_gap_and_parity_an_odds_gap(nb):
    assert_holds(nb, "eo < 0.05", "abs(dp - predicted_gap) < 0.03", "dp_parity < 0.01", "eo_parity > 0.1")


def test_every_fair_policy_costs_accuracy(nb):
    assert_holds(nb, 'accuracy_of["one threshold 0.5"] > max(accuracy_of["parity thresholds"], '
                     'accuracy_of["opportunity thresholds"])',
                 "fair.equal_opportunity_difference(y, opportunity, sensitive_features=group) < 0.02")


def test_small_groups_give_wide_intervals(nb):
    assert_holds(nb, "min(widths) > 0.1")
