"""Notebook 12 (monitoring in production), checked out of the learner's sight.

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py), then asserts on the kernel's state: the numbers the prose
quotes, the three shifts and what each monitor sees, the PSI cases of issue 21 (a zero-inflated
feature, categories, the noise floor), delayed labels and the estimate before they land, and
the alert rules. It also checks the notebook's shape: no ``assert`` and no answer key in a
cell, every main section ending with a quiz from the bank, and every number quoted in
Markdown present in the run's outputs.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest

import mlmetrics_edu as mm
from nbrun import NotebookRun

STEM = "12_monitoring_in_production"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    start = time.monotonic()
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb12"), timeout=300) as run:
        run.elapsed = time.monotonic() - start
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    for cell in nb.cells("code"):
        assert not re.search(r"^\s*assert\b", cell.source, re.M), cell.source
        assert "correct_choice" not in cell.source and ".correct" not in cell.source, cell.source


def _sections(nb):
    """(heading, cells) for every main (``## ``) section, in order."""
    out = []
    for cell in nb.nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            out.append((cell.source.splitlines()[0][3:].strip(), []))
        if out:
            out[-1][1].append(cell)
    return out


def test_every_main_section_ends_with_a_quiz_from_the_bank_and_nothing_after_it(nb):
    from mlmetrics_edu.interview.bank import load_bank

    bank = load_bank()
    sections = _sections(nb)
    assert [h for h, _ in sections][-2:] == ["Summary", "Drills"]
    for heading, cells in sections[:-2]:
        last = cells[-1]
        assert last.cell_type == "code", f"{heading}: does not end with a quiz cell"
        match = re.fullmatch(r"(\w+) = quiz\((.+), seed=SEED\)\n\1", last.source.strip())
        assert match, f"{heading}: last cell is not `NAME = quiz(...)` then `NAME`:\n{last.source}"
        ids = re.findall(r'"([a-z0-9-]+)"', match.group(2))
        assert ids and all(qid in bank.questions for qid in ids), (heading, ids)



# Conventions and scenario parameters the prose states rather than computes.
STATED = {"0.35", "1.96", "23%", "40%", "0.1", "0.25"}


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    text = re.sub(r"`[^`]*`", "", nb.markdown_text())            # code spans are not quotes
    text = re.sub(r"\(https?://[^)]*\)", "", text)                # nor are links
    quoted = set(re.findall(r"(?<![\w.])\d+\.\d+%?|(?<![\w.])\d+%", text))
    shown = nb.output_text()
    missing = sorted(q for q in quoted - STATED if q not in shown)
    assert not missing, f"numbers in the prose that no output shows: {missing}"


# --------------------------------------------------------------------------- one evaluation path, skew


def test_the_validation_report_is_the_package_s_and_reproducible(nb):
    assert nb.value('validation.value("roc_auc_score") == mm.roc_auc_score(reference.churned, reference_scores)')
    assert round(nb.value('validation.value("roc_auc_score")'), 3) == 0.816
    assert nb.value('validation.value("expected_calibration_error")') < 0.02
    assert nb.value("same_inputs and same_settings and all(c['delta'] == 0 for c in changes)")
    assert nb.value('md["conventions"]["recall_score"]["options"]["zero_division"]') == "warn"


def test_the_replay_finds_the_skew_and_a_tie_aware_psi_shows_it(nb):
    assert nb.value("bool(np.isnan(raw[differs, 0]).all()) and bool(np.isnan(raw[:, 0])[~differs].sum() == 0)")
    assert 0.05 < nb.value("float(differs.mean())") < 0.11
    assert nb.value("flagged_served") > nb.value("flagged_replayed") + 0.03
    assert nb.value("psi_skew") > 0.1 > 0.02 > nb.value("psi_replayed")


# --------------------------------------------------------------------------- three shifts


def test_ten_weeks_in_four_phases(nb):
    assert nb.value("[w.phase for w in weeks]") == (["stable"] * 3 + ["covariate shift"] * 2 + ["prior shift"] * 2
                                                     + ["concept change"] * 3)
    assert nb.value("[float(w.churned.mean()) for w in weeks[5:7]]") == [0.4, 0.4]


def test_each_shift_leaves_its_own_trace_and_the_concept_shift_none(nb):
    rows = nb.value("drift_rows")
    assert round(rows[3]["psi_sessions"], 2) == 0.54 and rows[4]["psi_sessions"] > 0.25
    assert all(r["psi_sessions"] < 0.1 and r["psi_tenure"] < 0.1 for r in rows[:3] + rows[5:])
    stable_d = max(r["ks_d"] for r in rows[:3])
    assert all(r["ks_d"] > 2 * stable_d for r in rows[5:7])
    assert all(r["ks_d"] < 0.05 and r["psi_score"] < 0.05 for r in rows[7:])


def test_the_label_shift_correction_estimates_the_base_rate_and_repairs_calibration(nb):
    out = nb.run("""
for w in weeks[5:7]:
    p = sim.score(w.features)
    prior = mm.estimate_prior_em(p, train_rate)
    before = mm.expected_calibration_error(w.churned, p)
    after = mm.expected_calibration_error(w.churned, mm.adjust_to_prior(p, train_rate, prior))
    print(prior, before, after)
""")
    for line in out.strip().splitlines():
        prior, before, after = map(float, line.split())
        assert 0.35 < prior < 0.5 and after < before / 2


# --------------------------------------------------------------------------- PSI


def test_decile_bins_miss_the_zero_inflated_shift_that_tie_aware_bins_see(nb):
    assert nb.value("float(np.mean(tickets_ref == 0))") > 0.9 and nb.value("float(np.mean(tickets_now == 0))") < 0.55
    assert nb.value("psi_merged") == 0.0                             # the classic rule is blind
    assert nb.value("psi_merged == population_stability_index(tickets_ref, tickets_now, ties='merge')")
    assert nb.value("psi_tie_aware == population_stability_index(tickets_ref, tickets_now)")
    assert nb.value("psi_tie_aware") > 0.25 and nb.value("ks_tickets") > 0.35


def test_the_new_plan_is_categorical_drift(nb):
    assert nb.value("'student' in set(plan_now.tolist()) and 'student' not in set(plan_ref.tolist())")
    drift = nb.value("{k: plan_drift[k] for k in ('psi', 'js_distance', 'pvalue', 'unseen')}")
    assert drift["psi"] > 0.1 and drift["js_distance"] > 0.05 and drift["pvalue"] < 1e-3
    assert list(drift["unseen"]) == ["student"] and 0.05 < drift["unseen"]["student"] < 0.15


def test_the_noise_floor_matches_simulation_and_the_calibrated_threshold_sits_above_it(nb):
    floor = nb.value("floor")
    assert floor == pytest.approx(49 * (1 / 500 + 1 / 500), rel=0.25)
    assert nb.value("alarm_99") > floor
    assert nb.value("float(same.mean())") == pytest.approx(floor, rel=0.25)
    assert nb.value("float(np.mean(same > 0.1))") > 0.9             # the rule of thumb fires on noise
    threshold = nb.value("slice_threshold")
    assert threshold > 0.1
    assert 0.1 < nb.value("psi_noise_floor(2500, 500, bins=50)") < floor     # the prose's comparison
    out = nb.output_text()
    assert "week 2 (stable), 500 app users" in out and re.search(r"week 2 \(stable\).*-> no alert", out)
    assert re.search(r"week 4 \(covariate shift\).*-> alert", out)


# --------------------------------------------------------------------------- delayed labels


def test_label_coverage_follows_maturity_and_immature_labels_are_all_churners(nb):
    cover = nb.value("[st['label_coverage'] for st in status]")
    assert cover[:6] == [1.0] * 6 and cover[-1] == 0.0
    assert all(0 < c < 1 for c in cover[6:9]) and cover[6] > cover[7] > cover[8]
    assert nb.value("all(bool(np.all(y[np.isfinite(y)] == 1)) for y in known[6:])")
    assert nb.value("early_precision") == 1.0
    assert nb.value("mm.precision_score(weeks[7].churned, flagged)") < 0.7


def test_the_estimate_before_labels_follows_covariate_shift_and_misses_concept_shift(nb):
    est, real = np.array(nb.value("estimated")), np.array(nb.value("realised"))
    assert np.all(np.abs(est - real)[3:5] < 0.05)
    assert np.all((est - real)[7:] > 0.08)
    assert real[3] == pytest.approx(0.362, abs=5e-4)
    corrected = nb.value("[(lambda p: (lambda a: float(a[p >= sim.THRESHOLD].sum() / a.sum()))"
                         "(mm.adjust_to_prior(p, train_rate, mm.estimate_prior_em(p, train_rate))))"
                         "(sim.score(w.features)) for w in weeks[5:7]]")
    assert np.all(np.abs(np.array(corrected) - real[5:7]) < np.abs(est - real)[5:7])


# --------------------------------------------------------------------------- metrics and alerts


def test_recall_falls_from_validation_to_the_covariate_shift_weeks_and_the_chart_alerts(nb):
    assert round(nb.value('validation.value("recall_score")'), 2) == 0.61
    assert round(nb.value('weekly[3].value("recall_score")'), 2) == 0.36
    out = nb.output_text()
    alerts = [int(m) for m in re.findall(r"week\s+(\d+) recall [\d.]+\s+lower limit [\d.]+\s+ALERT", out)]
    assert {4, 5} <= set(alerts) and not set(alerts) & {1, 2, 3, 6, 7}


def test_non_overlap_is_a_half_percent_test_and_the_difference_interval_alerts_on_the_concept_weeks(nb):
    assert nb.value("level") == pytest.approx(math.erfc(2 * 1.96 / math.sqrt(2) / math.sqrt(2)))
    assert 0.005 < nb.value("level") < 0.006
    assert nb.value("auc_alerts") == [8, 9, 10]


def test_the_aggregate_hides_the_app_slice(nb):
    app_high = nb.value('last.interval("roc_auc_score", "channel", "app")[1]')
    web_low = nb.value('last.interval("roc_auc_score", "channel", "web")[0]')
    assert app_high < 0.7 < web_low


def test_at_volume_ks_p_values_cry_wolf_and_the_effect_size_rule_does_not(nb):
    harmless = nb.value("int((~truly).sum())")
    assert nb.value("int(np.sum((ks_p < 1e-3) & ~truly))") > harmless / 2
    assert nb.value("int(np.sum((psi_f > 0.1) & ~truly))") == 0
    assert nb.value("int(np.sum((psi_f > 0.1) & truly))") == nb.value("int(truly.sum())") > 0


# --------------------------------------------------------------------------- states and the saved report


def test_merged_states_equal_the_one_pass_metrics_and_the_mean_of_weeks_does_not(nb):
    assert nb.value("auc_total.compute() == one_pass_auc")
    assert nb.value("cm_total.compute()['recall'] == one_pass_recall")
    assert nb.value("bool(mean_of_weeks != one_pass_auc)")


def test_the_saved_report_and_the_logged_run_carry_the_same_numbers(nb):
    assert nb.value("len(rows)") == 9
    assert nb.value('saved["metadata"]["input_hash"] == last.metadata["input_hash"]')
    assert nb.value('validation.value("expected_calibration_error") < ece_low')
    assert nb.value("not os.path.exists(workdir.name)")
    if nb.value('importlib.util.find_spec("mlflow") is not None'):
        assert nb.value('runs[1].data.metrics["roc_auc_score.channel.app"] == '
                        'last.value("roc_auc_score", "channel", "app")')
        assert nb.value('runs[1].data.params["eval.input_hash"] == last.metadata["input_hash"]')


# --------------------------------------------------------------------------- the scenario's helpers


def test_the_label_shift_helpers_are_bayes_rule_and_em_recovers_a_known_base_rate():
    from mlmetrics_edu.datasets import production as sim

    p = np.linspace(0.01, 0.99, 99)
    assert np.allclose(mm.adjust_to_prior(p, 0.3, 0.3), p)
    up = mm.adjust_to_prior(p, 0.2, 0.4)
    assert np.all(up > p) and np.all(np.diff(up) > 0)                 # ranking kept
    assert np.allclose(mm.adjust_to_prior(up, 0.4, 0.2), p)           # and invertible
    rng = np.random.default_rng(7)
    reference = sim.reference_set(20_000, rng=rng)
    shifted = sim.weekly_batches(5000, rng=rng)[5]                     # a prior-shift week at 40%
    estimate = mm.estimate_prior_em(sim.score(shifted.features), reference.churned.mean())
    assert abs(estimate - 0.40) < 0.05 < abs(sim.score(shifted.features).mean() - 0.40)


def test_skew_late_labels_and_feature_weeks_behave_as_documented():
    from mlmetrics_edu.datasets import production as sim

    rng = np.random.default_rng(3)
    week = sim.weekly_batches(1000, rng=rng)[2]
    raw = sim.raw_requests(week, rng=rng)
    missing = np.isnan(raw[:, 0])
    assert 0.04 < missing.mean() < 0.12 and not np.isnan(raw[:, 1]).any()
    assert np.all(sim.training_features(raw)[missing, 0] == sim.SESSIONS_MEDIAN)
    assert np.all(sim.serving_features(raw)[missing, 0] == sim.SESSIONS_ZERO)
    assert np.array_equal(sim.training_features(raw)[~missing], sim.serving_features(raw)[~missing])
    arrival = sim.label_arrival_week(week, rng=rng)
    churned = week.churned == 1
    assert np.all(arrival[~churned] == week.week + sim.HORIZON_WEEKS)
    assert np.all((arrival[churned] > week.week) & (arrival[churned] <= week.week + sim.HORIZON_WEEKS))
    labels = sim.labels_as_of(week, arrival, week.week + 2)
    assert np.all(labels[np.isfinite(labels)] == 1)                    # young labels: churners only
    tickets, plan = sim.account_columns(2000, rng=rng, zero_share=0.5, new_plan_share=0.1)
    assert 0.45 < np.mean(tickets == 0) < 0.55 and set(plan) == {*sim.PLANS, "student"}
    ref, weeks, truly = sim.feature_weeks(4, 3, 1000, rng=rng, drifted=1, from_week=2)
    assert ref.shape == (4, 1000) and len(weeks) == 3 and weeks[0].shape == (4, 1000)
    assert truly.tolist() == [[False] * 4, [False, True, False, False], [False, True, False, False]]
