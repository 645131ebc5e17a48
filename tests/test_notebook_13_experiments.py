"""Notebook 13 (experiments for models), executed once: its numbers are the references' numbers.

Notebooks teach; tests test. The notebook holds no assert; this file runs it (nbclient, in a
temporary folder), then checks its key numbers against statsmodels, scipy and direct
computations, checks that every number its prose quotes appears in what the run printed, and
checks its layout: every main section ends with a quiz, and nothing after a quiz gives the
answer away.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nbrun import NotebookRun

STEM = "13_experiments_for_models"
PATH = Path(__file__).resolve().parent.parent / "notebooks" / f"{STEM}.ipynb"


@pytest.fixture(scope="module")
def nb13(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb13"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the numbers


def test_the_sample_size_power_and_mde_are_statsmodels(nb13):
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import (
        power_proportions_2indep, proportion_effectsize, samplesize_proportions_2indep_onetail,
    )

    n_per_arm = nb13.value("n_per_arm")
    assert n_per_arm == pytest.approx(samplesize_proportions_2indep_onetail(0.01, 0.10, 0.8, alpha=0.05), rel=1e-9)
    n = nb13.value("n")
    assert n == int(np.ceil(n_per_arm)) == 14751
    assert nb13.value("ex.power_proportions(p_control, p_treatment, n)") == pytest.approx(
        power_proportions_2indep(0.01, 0.10, n, alpha=0.05).power, abs=1e-9)
    sd = np.sqrt(0.1 * 0.9)
    d = nb13.value("mde_full") / sd                     # the MDE in sd units reaches exactly 80% power
    assert NormalIndPower().power(effect_size=d, nobs1=14_000, alpha=0.05) == pytest.approx(0.8, abs=1e-9)
    assert nb13.value("mde_half / mde_full") == pytest.approx(np.sqrt(2), rel=1e-6)
    h = proportion_effectsize(0.11, 0.10)
    nobs1 = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=9)
    assert nb13.value("ex.sample_size(h, ratio=9) * 10") == pytest.approx(nobs1 * 10, rel=1e-6)


def test_the_simulated_error_rates_are_within_monte_carlo_error_of_alpha_and_power(nb13):
    type_1, detected = nb13.value("type_1_rate"), nb13.value("detected_rate")
    se = np.sqrt(0.05 * 0.95 / 2000)
    assert abs(type_1 - 0.05) < 4 * se
    assert abs(detected - 0.8) < 4 * np.sqrt(0.8 * 0.2 / 2000)


def test_the_srm_check_is_scipys_chisquare(nb13):
    from scipy.stats import chisquare

    for name in ("healthy", "broken"):
        counts = nb13.value(f"list({name})")
        ref = chisquare(counts)
        assert nb13.value(f"list(ex.srm_test({name}, [0.5, 0.5]))") == pytest.approx(
            [ref.statistic, ref.pvalue], rel=1e-9)
    assert chisquare(nb13.value("list(broken)")).pvalue < 0.001 < chisquare(nb13.value("list(healthy)")).pvalue


def test_peeking_inflates_false_positives_and_the_fixes_do_not(nb13):
    fixed, naive, valid = nb13.value("[peek.fixed_horizon_rate, peek.naive_rate, peek.always_valid_rate]")
    assert abs(fixed - 0.05) < 0.01 and naive > 0.18 and valid <= 0.05
    by_look = nb13.value("peek.naive_rate_by_look")
    assert np.all(np.diff(by_look) >= 0) and by_look[-1] == naive


def test_cuped_is_the_ols_adjusted_difference_and_removes_rho_squared(nb13):
    x, y, treated = (np.array(nb13.value(name)) for name in ("x", "y", "treated.astype(int)"))
    design = np.column_stack([np.ones_like(y), treated, x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    assert nb13.value("adjusted.difference") == pytest.approx(coef[1], rel=1e-9)
    reduction = nb13.value("adjusted.variance_reduction")
    within = [np.corrcoef(x[treated == g], y[treated == g])[0, 1] for g in (0, 1)]
    assert reduction == pytest.approx(np.mean(np.square(within)), abs=0.01)
    assert nb13.value("adjusted.standard_error") < nb13.value("plain_se")


def test_the_delta_method_interval_agrees_with_the_user_bootstrap_and_beats_the_naive_one(nb13):
    low, high = nb13.value("low"), nb13.value("high")
    b_low, b_high = nb13.value("b_low"), nb13.value("b_high")
    assert abs((high - low) - (b_high - b_low)) < 0.1 * (high - low)
    assert nb13.value("naive") < 0.75 * (high - low) / 2


def test_the_offline_winner_changes_nothing_users_see(nb13):
    import sklearn.metrics as skm

    y, a, b = (np.array(nb13.value(name)) for name in ("relevant", "score_a", "score_b"))
    assert skm.roc_auc_score(y.ravel(), b.ravel()) > skm.roc_auc_score(y.ravel(), a.ravel()) + 0.1
    assert skm.ndcg_score(y, b) > skm.ndcg_score(y, a)
    top_a, top_b = np.argsort(-a, axis=1)[:, :3], np.argsort(-b, axis=1)[:, :3]
    assert np.array_equal(np.sort(top_a, axis=1), np.sort(top_b, axis=1))


# --------------------------------------------------------------------------- prose and layout

NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")
# Inputs the prose states before the code uses them (the scenario, not a result).
STATED = {"10%", "11%", "0.05", "80%", "1.96", "0.84", "2,000", "5%", "14", "1,000", "10,000", "100,000",
          "3%", "20", "0.7", "0.6", "5,000", "3", "7%", "1%", "0.03", "1", "2", "4", "50", "10", "28", "15%",
          "12", "08", "13", "100", "0.5", "0.001"}


def quoted_numbers(text):
    text = re.sub(r"\(https?://[^)]*\)|`[^`]*`", " ", text)          # links and code are not prose
    return {m.rstrip(".,") for m in NUMBER.findall(text)}


def test_every_number_the_prose_quotes_is_printed_by_the_run(nb13):
    printed = nb13.output_text()
    missing = sorted(n for n in quoted_numbers(nb13.markdown_text()) - STATED if n not in printed)
    assert not missing, f"numbers in the Markdown that no output shows: {missing}"


def cells():
    return json.loads(PATH.read_text(encoding="utf-8"))["cells"]


def src(cell):
    return "".join(cell["source"])


def test_no_cell_asserts_and_every_main_section_ends_with_a_quiz():
    from mlmetrics_edu.interview.bank import load_bank

    all_cells = cells()
    assert not any("assert" in src(c) for c in all_cells if c["cell_type"] == "code")
    sections, current = [], None
    for cell in all_cells:
        text = src(cell)
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            current = [text.splitlines()[0][3:]]
            sections.append(current)
        elif current is not None:
            current.append(cell)
    bank = load_bank()
    for title, *body in sections:
        if title in ("Summary", "Drills"):
            continue
        code = [c for c in body if c["cell_type"] == "code"]
        last = src(code[-1]).splitlines()
        match = re.fullmatch(r'(\w+) = quiz\("([a-z0-9-]+)", seed=SEED\)', last[0])
        assert match and last[1:] == [match.group(1)], f"section {title!r} does not end with a quiz"
        assert match.group(2) in bank.questions and bank[match.group(2)].topic == "experiments"
        assert body[-1] is code[-1], f"section {title!r}: something follows its quiz"
