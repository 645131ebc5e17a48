"""Notebook 14 (validation and leakage), executed once: its claims hold and its numbers are the package's.

Notebooks teach; tests test. The notebook holds no assert; this file runs it (nbclient, in a
temporary folder), then checks the claims its prose makes (the leaks inflate, the fixes do
not, the corrected test keeps its level) against scikit-learn, scipy and direct computations,
checks that every number the prose quotes appears in what the run printed, and checks its
layout: every main section ends with a quiz, with nothing after it.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nbrun import NotebookRun

STEM = "14_validation_and_leakage"
PATH = Path(__file__).resolve().parent.parent / "notebooks" / f"{STEM}.ipynb"


@pytest.fixture(scope="module")
def nb14(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb14"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the claims


def test_the_kfold_shown_is_scikit_learns(nb14):
    from sklearn.model_selection import KFold

    shown = nb14.value("[[train.tolist(), test.tolist()] for train, test in splits.kfold(10, 5)]")
    expected = [[train.tolist(), test.tolist()] for train, test in KFold(5).split(np.zeros(10))]
    assert shown == expected


def test_the_cv_study_shows_bias_falling_with_k_and_repeats_lowering_the_spread(nb14):
    bias = nb14.value("{s: float(errors[s].mean()) for s in schemes}")
    spread = nb14.value("{s: float(errors[s].std()) for s in schemes}")
    assert bias["2-fold"] < bias["5-fold"] < bias["10-fold"] < 0
    assert spread["leave-one-out"] >= spread["10-fold"]                   # LOO is not the most stable
    assert spread["5-fold x 10 repeats"] == min(spread.values())


def test_nested_cv_removes_the_optimism_of_tuning_on_noise(nb14):
    flat_best, nested = np.array(nb14.value("flat_best")), np.array(nb14.value("nested"))
    assert flat_best.mean() > 0.55 and abs(nested.mean() - 0.5) < 0.02
    inner_inside = nb14.value("all(set(a) | set(b) <= set(train) for train, test, inner in "
                              "splits.nested_kfold(100, 5, 5, shuffle=True, seed=SEED) for a, b in inner)")
    assert inner_inside


def test_the_fold_tests_are_scipys_t_and_nadeau_bengios_correction(nb14):
    from scipy import stats

    diffs = np.array(nb14.value("diffs"))
    ref = stats.ttest_1samp(diffs, 0.0)
    assert nb14.value("[t_plain, p_plain]") == pytest.approx([float(ref.statistic), float(ref.pvalue)], rel=1e-9)
    se = np.sqrt((1 / len(diffs) + 20 / 180) * diffs.var(ddof=1))
    t = diffs.mean() / se
    assert nb14.value("[t_corr, p_corr]") == pytest.approx([float(t), float(2 * stats.t.sf(abs(t), len(diffs) - 1))], rel=1e-9)
    plain, corrected = np.array(nb14.value("p_plain_all")), np.array(nb14.value("p_corr_all"))
    assert np.mean(plain < 0.05) > 0.3 and np.mean(corrected < 0.05) <= 0.1


def test_the_leaks_inflate_and_fitting_inside_the_folds_does_not(nb14):
    leaky, honest = nb14.value("np.mean(leaky)"), nb14.value("np.mean(honest)")
    assert leaky > 0.75 and abs(honest - 0.5) < 0.1
    auc_leaky, auc_honest = nb14.value("np.mean(auc_leaky)"), nb14.value("np.mean(auc_honest)")
    assert auc_leaky > 0.75 and abs(auc_honest - 0.5) < 0.05
    before, after = nb14.value("np.mean(before)"), nb14.value("np.mean(after)")
    assert before > 0.95 > 0.5 > after


def test_the_target_encoder_and_the_feature_selection_are_what_they_say(nb14):
    merchant, fraud = np.array(nb14.value("merchant")), np.array(nb14.value("fraud"))
    encoded = np.array(nb14.value("encoded_all"))
    prior = fraud.mean()
    for m in np.unique(merchant)[:20]:
        rows = merchant == m
        assert encoded[rows][0] == pytest.approx((fraud[rows].sum() + prior) / (rows.sum() + 1))
    X, y = np.array(nb14.value("X_wide")), np.array(nb14.value("y_wide"))
    corr = np.abs([np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])])
    assert set(nb14.value("keep_all")) == set(np.argsort(-corr)[:20])


def test_adversarial_validation_auc_is_scikit_learns_and_finds_the_shifted_feature(nb14):
    from sklearn.metrics import roc_auc_score

    is_test, fit_rows, held = (np.array(nb14.value(v)) for v in ("is_test", "fit", "held"))
    scores = np.array(nb14.value("detector.predict_proba(X_adv[held])[:, 1]"))
    assert nb14.value("auc") == pytest.approx(roc_auc_score(is_test[held], scores), abs=1e-12)
    assert nb14.value("names[int(np.argmax(np.abs(detector.coef)))]") == "account_age"
    assert not set(fit_rows) & set(held)


def test_resampling_moves_the_threshold_and_the_prior_adjustment_repairs_calibration(nb14):
    from sklearn.metrics import average_precision_score

    y_new = np.array(nb14.value("y_new"))
    p_plain, p_over = np.array(nb14.value("prob_plain")), np.array(nb14.value("prob_over"))
    assert abs(average_precision_score(y_new, p_plain) - average_precision_score(y_new, p_over)) < 0.01
    moved, at_half = np.array(nb14.value("moved")), p_over >= 0.5
    assert np.mean(moved == at_half) > 0.995
    prior_train, prior_real = nb14.value("y_over.mean()"), nb14.value("y_fit.mean()")
    odds = p_over / (1 - p_over) * (prior_real / (1 - prior_real)) / (prior_train / (1 - prior_train))
    assert np.array(nb14.value("prob_adjusted")) == pytest.approx(odds / (1 + odds), rel=1e-9)
    assert nb14.value("mm.expected_calibration_error(y_new, prob_adjusted)") < 0.01 < nb14.value(
        "mm.expected_calibration_error(y_new, prob_over)")


def test_the_losses_section_matches_scikit_learn_and_the_closed_forms(nb14):
    from sklearn.metrics import brier_score_loss, log_loss

    assert nb14.value("mm.log_loss([1], [[0.7, 0.2, 0.1]], labels=[0, 1, 2])") == pytest.approx(-np.log(0.2))
    y_1d, p_grid = np.array(nb14.value("y_1d")), np.array(nb14.value("p_grid"))
    assert nb14.value("log_losses") == pytest.approx([log_loss(y_1d, p, labels=[0, 1]) for p in p_grid])
    assert nb14.value("squared") == pytest.approx([brier_score_loss(y_1d, p) for p in p_grid])
    assert np.diff(nb14.value("log_losses"), 2).min() > -1e-12 > np.diff(nb14.value("squared"), 2).min()
    reports = np.array(nb14.value("reports"))
    assert reports[int(np.argmin(nb14.value("log_l")))] == 0.7 == reports[int(np.argmin(nb14.value("brier")))]
    acc = np.array(nb14.value("acc"))
    assert np.all(acc[reports >= 0.5] == acc[reports >= 0.5][0])     # accuracy cannot tell 0.55 from 0.7


# --------------------------------------------------------------------------- prose and layout

NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")
# Inputs the prose states before the code uses them (the scenario, not a result).
STATED = {"1", "2", "3", "5", "8", "10", "20", "30", "40", "50", "100", "200", "300", "1,000", "2,000",
          "20,000", "0.5", "0.7", "0.3", "2%", "30%", "50%", "70%", "90%", "5%", "1", "08", "03",
          "10×10", "14"}


def quoted_numbers(text):
    text = re.sub(r"\(https?://[^)]*\)|`[^`]*`", " ", text)          # links and code are not prose
    return {m.rstrip(".,") for m in NUMBER.findall(text)}


def test_every_number_the_prose_quotes_is_printed_by_the_run(nb14):
    printed = nb14.output_text()
    missing = sorted(n for n in quoted_numbers(nb14.markdown_text()) - STATED if n not in printed)
    assert not missing, f"numbers in the Markdown that no output shows: {missing}"


def src(cell):
    return "".join(cell["source"])


def test_no_cell_asserts_and_every_main_section_ends_with_a_quiz():
    from mlmetrics_edu.interview.bank import load_bank

    all_cells = json.loads(PATH.read_text(encoding="utf-8"))["cells"]
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
    assert len(sections) == 9
    for title, *body in sections:
        if title in ("Summary", "Drills"):
            continue
        code = [c for c in body if c["cell_type"] == "code"]
        last = src(code[-1]).splitlines()
        match = re.fullmatch(r'(\w+) = quiz\("([a-z0-9-]+)", seed=SEED\)', last[0])
        assert match and last[1:] == [match.group(1)], f"section {title!r} does not end with a quiz"
        assert match.group(2) in bank.questions and bank[match.group(2)].topic == "validation"
        assert body[-1] is code[-1], f"section {title!r}: something follows its quiz"
