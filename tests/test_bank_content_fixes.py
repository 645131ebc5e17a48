"""What the bank says agrees with the package's numbers: the content fixes of issue 17.

Each claim is checked against a computation, not against a hand-picked number: temperature
scaling keeps accuracy but moves one-vs-rest AUCs with three classes, isotonic regression moves
the AUC through its ties, the test-set mean helps R²'s baseline, a perfect classifier fails
demographic parity, small-sample intervals under-cover, recall's n is its positives, and the
worked solutions whose words depend on the draw say what the draw shows.
"""

import math
import re

import numpy as np
import pytest

from mlmetrics_edu import calibration as cal
from mlmetrics_edu import curves, datasets, fairness
from mlmetrics_edu import regression as reg
from mlmetrics_edu.interview.bank import instantiate, load_bank

SEEDS = range(200)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _texts(q):
    return " ".join([q.prompt, q.explanation, q.solution, *q.options, *q.feedback, *q.rubric])


# --------------------------------------------------------------------------- calibration


def test_temperature_keeps_accuracy_but_moves_one_vs_rest_aucs_as_the_bank_says(bank):
    signs = datasets.overconfident_classifier(seed=0)
    before, after = cal._softmax(signs.logits), cal._softmax(signs.logits / 2.5)
    assert np.array_equal(before.argmax(1), after.argmax(1))
    moved = [k for k in range(before.shape[1])
             if not math.isclose(curves.roc_auc_score(signs.y_true == k, before[:, k]),
                                 curves.roc_auc_score(signs.y_true == k, after[:, k]))]
    assert before.shape[1] >= 3 and moved
    text = _texts(bank["temperature-keeps-accuracy"])
    assert "one-vs-rest" in text and "ranking within each class's scores) are unchanged" not in text


def test_isotonic_moves_the_auc_through_ties_and_the_bank_no_longer_says_it_cannot(bank):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    s = np.clip(0.3 * y + rng.normal(0.35, 0.2, 400), 0, 1)
    iso = cal.IsotonicCalibration().fit(s, y).transform(s)
    platt = cal.PlattScaling().fit(s, y).transform(s)
    assert curves.roc_auc_score(y, iso) != pytest.approx(curves.roc_auc_score(y, s), abs=1e-9)
    assert curves.roc_auc_score(y, platt) == pytest.approx(curves.roc_auc_score(y, s), abs=1e-12)
    for qid in ("explain-calibration-fixes", "fail-rank-not-calibrated"):
        text = _texts(bank[qid])
        assert "ties" in text and "(Platt, isotonic) keeps the order" not in text
        assert "monotone maps keep the ranking (AUC unchanged)" not in text
    assert "isotonic" in bank.misconceptions["recalibration-changes-auc"]


def test_the_traffic_sign_ece_is_quoted_as_one_number_across_a_question_and_its_follow_up(bank):
    from mlmetrics_edu.interview.generators.calibration import _explorer_split

    signs = datasets.overconfident_classifier(seed=0)
    rows = _explorer_split(signs.y_true.size)
    ece = cal.expected_calibration_error(signs.y_true[rows], cal._softmax(signs.logits[rows]), n_bins=10)
    assert f"{ece:.2f}" == "0.28"
    assert not any("ECE 0.27" in _texts(q) for q in bank)


def test_no_platt_solution_prints_a_double_sign(bank):
    q = bank["platt-scaled-probability"]
    for seed in SEEDS:
        text = instantiate(q, seed).solution
        assert "--" not in text and "+ -" not in text and "x -" not in text, text


# --------------------------------------------------------------------------- regression and rigor


def test_the_test_set_mean_helps_r2_s_baseline_so_test_r2_is_pessimistic(bank):
    rng = np.random.default_rng(1)
    y_train, y_test = rng.normal(50, 10, 200), rng.normal(52, 10, 50)
    pred = y_test + rng.normal(0, 5, 50)
    sse = np.sum((y_test - pred) ** 2)
    r2_train_mean = 1 - sse / np.sum((y_test - y_train.mean()) ** 2)
    assert reg.r2_score(y_test, pred) <= r2_train_mean              # the test mean is the best constant
    text = _texts(bank["r2-baseline"])
    assert "pessimistic" in text and "flatters the baseline's opponent" not in text


def test_a_perfect_classifier_fails_demographic_parity_when_base_rates_differ(bank):
    y = np.r_[np.ones(30), np.zeros(70), np.ones(60), np.zeros(40)].astype(int)
    group = np.r_[np.zeros(100), np.ones(100)]
    gap = fairness.demographic_parity_difference(y, y, sensitive_features=group)
    assert gap == pytest.approx(0.3)
    text = _texts(bank["fairness-impossibility"])
    assert "cannot all hold when base rates differ (except for a perfect classifier)" not in text
    assert "demographic parity fails even for a perfect classifier" in text


def _coverage(p, n, interval):
    from scipy.stats import binom

    return sum(binom.pmf(k, n, p) for k in range(n + 1) if interval(k, n)[0] <= p <= interval(k, n)[1])


def _wald(k, n):
    h = 1.96 * math.sqrt(k / n * (1 - k / n) / n)
    return k / n - h, k / n + h


def _wilson(k, n, z=1.96):
    p = k / n
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_small_sample_intervals_under_cover_and_the_bank_recommends_wilson_not_the_bootstrap(bank):
    pytest.importorskip("scipy")
    assert _coverage(0.95, 20, _wald) < 0.70 < 0.90 < _coverage(0.95, 20, _wilson)
    text = _texts(bank["accuracy-ci-halfwidth"])
    assert "Wilson" in text and "use a Wilson interval or a bootstrap" not in text


def test_mcnemar_cells_no_longer_recommends_the_plain_paired_t_test_on_folds(bank):
    text = _texts(bank["mcnemar-cells"])
    assert "a paired t-test on per-fold scores" not in text and "corrected resampled" in text


def test_se_at_1000_separates_one_accuracy_s_se_from_the_paired_se_of_a_gap(bank):
    q = bank["se-at-1000"]
    assert q.answer == pytest.approx(100 * math.sqrt(0.922 * 0.078 / 1000), abs=0.001)
    assert f"{100 * math.sqrt(0.03 / 1000):.2f}" in q.solution and "paired" in q.solution
    assert "a quarter of one standard error" not in q.solution


def test_small_slice_takes_recall_s_n_from_the_positives(bank):
    half_width = 1.96 * math.sqrt(0.7 * 0.3 / 20)
    text = _texts(bank["small-slice"])
    assert f"±{half_width:.2f}" in text and "20 positives" in text
    assert f"{math.sqrt(0.7 * 0.3 / 20):.2f}" in text


def test_a_bh_adjusted_p_value_is_not_called_a_q_value(bank):
    for q in bank:
        assert "(q-value)" not in q.prompt, q.id


# --------------------------------------------------------------------------- words that follow the draw


def test_words_that_depend_on_the_draw_follow_it(bank):
    for seed in SEEDS:
        v = instantiate(bank["r2-random-features"], seed)
        went_down = round(v.values["adj_r2_after"], 4) < round(v.values["adj_r2"], 4)
        assert ("adjusted R² went down" in v.solution) == went_down

        m = instantiate(bank["cm-mcc"], seed)
        if "true negatives" in m.solution and "flatter" in m.solution:
            assert m.values["tn"] >= m.values["n"] / 2

        r = instantiate(bank["mrr-compute"], seed)
        assert "none" in r.values["firsts"]                          # the solution names that slip

        s = instantiate(bank["mase-compute"], seed)
        word = re.search(r"\((below|above|exactly) 1", s.solution).group(1)
        shown = round(s.answer, 3)
        assert word == ("below" if shown < 1 else "above" if shown > 1 else "exactly")

        a = instantiate(bank["rare-event-recall"], seed)
        acc, base = round(a.values["accuracy"], 3), round(a.values["baseline_accuracy"], 3)
        expected = "below" if acc < base else "above" if acc > base else "level with"
        assert f"is {expected} the" in a.solution


def test_the_cost_optimal_threshold_is_never_a_tie(bank):
    q = bank["cost-optimal-threshold-sample"]
    for seed in SEEDS:
        v = instantiate(q, seed).values
        pairs = [p.split(" (") for p in v["pairs"].split(", ")]
        score = np.array([float(s) for s, _ in pairs])
        y = np.array([1 if lab.startswith("+") else 0 for _, lab in pairs])
        costs = sorted(v["cost_fp"] * int(((score >= t) & (y == 0)).sum()) + v["cost_fn"] * int(((score < t) & (y == 1)).sum())
                       for t in [*np.unique(score), np.inf])
        assert costs[0] < costs[1], seed
