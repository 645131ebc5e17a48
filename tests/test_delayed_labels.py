"""Labels that arrive late: missing labels are refused with an actionable message by the states
that need every label and counted by DelayedLabelState; its realised metrics equal the one-pass
ones on the labelled rows; the CBPE estimate matches the realised value for a calibrated model
(by simulation) and drifts away when the model stops being calibrated."""

import json
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    DelayedLabelState,
    RocAucState,
    estimate_performance,
    state_from_dict,
)


@pytest.mark.parametrize("make, second", [(ConfusionMatrixState, [0, 1, 1]), (RocAucState, [0.1, 0.7, 0.4]),
                                          (BinnedRocAucState, [0.1, 0.7, 0.4]),
                                          (CalibrationState, [0.1, 0.7, 0.4])])
@pytest.mark.parametrize("y_true", [[0.0, 1.0, np.nan], [0, None, 1], np.array([1.0, np.nan, np.nan])])
def test_states_that_need_every_label_refuse_missing_ones_naming_delayed_label_state(make, second, y_true):
    with pytest.raises(MetricInputError, match=r"missing label\(s\) \(None/NaN\).*DelayedLabelState"):
        make().update(y_true, second)


def test_coverage_counts_unlabelled_rows_per_window():
    week1 = DelayedLabelState().update([1, 0, None, None], [0.8, 0.3, 0.6, 0.1])
    week2 = DelayedLabelState().update([None] * 3 + [1], [0.5, 0.5, 0.9, 0.7])
    assert week1.compute()["label_coverage"] == 0.5
    assert week2.compute()["label_coverage"] == 0.25
    both = week1.merge(week2).compute()
    assert (both["n_samples"], both["n_labelled"], both["n_unlabelled"]) == (8.0, 3.0, 5.0)
    no_labels = DelayedLabelState().update([None, np.nan], [0.2, 0.9]).compute()
    assert no_labels["realised"] is None and no_labels["label_coverage"] == 0.0


@pytest.mark.parametrize("seed", range(8))
def test_realised_metrics_equal_the_one_pass_metrics_on_the_labelled_rows(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 800))
    prob = rng.integers(1, 21, n) / 20  # on the right edges of 20 bins: the binned AUC is exact
    y = (rng.random(n) < prob).astype(float)
    labelled = rng.random(n) < rng.uniform(0.2, 1.0)
    y_obs = np.where(labelled, y, np.nan)
    threshold = float(rng.choice([0.3, 0.5, 0.65]))
    states = [DelayedLabelState(threshold=threshold, n_bins=20).update(y_obs[i::4], prob[i::4]) for i in range(4)]
    state = states[0].merge(states[1]).merge(states[2].merge(states[3]))
    got = state.compute(zero_division=0)
    yl, pl = y[labelled], prob[labelled]
    pred = (pl >= threshold).astype(int)
    want = {"accuracy": skm.accuracy_score(yl, pred), "precision": skm.precision_score(yl, pred, zero_division=0),
            "recall": skm.recall_score(yl, pred, zero_division=0), "f1": skm.f1_score(yl, pred, zero_division=0)}
    for key, value in want.items():
        assert got["realised"][key] == pytest.approx(value, abs=1e-12)
    if len(np.unique(yl)) == 2:
        assert got["realised"]["roc_auc"] == pytest.approx(skm.roc_auc_score(yl, pl), abs=1e-12)
    assert got["label_coverage"] == pytest.approx(labelled.mean())
    one_pass = estimate_performance(prob, threshold=threshold, zero_division=0)
    for key in ("accuracy", "precision", "recall", "f1", "roc_auc"):
        assert got["estimated"][key] == pytest.approx(one_pass[key], abs=1e-12)


def brute_force_soft_auc(p):
    """Expected pairs over different rows: sum_{i != j} p_i (1 - p_j) [s_i > s_j] (+ 1/2 at ties)."""
    win = (p[:, None] > p[None, :]) + 0.5 * (p[:, None] == p[None, :])
    pair = p[:, None] * (1 - p[None, :])
    np.fill_diagonal(pair, 0)
    return (pair * win).sum() / pair.sum()


def test_the_estimated_auc_is_the_expected_mann_whitney_statistic_over_pairs_of_rows():
    rng = np.random.default_rng(3)
    p = np.round(rng.beta(2, 3, 60), 2)
    assert estimate_performance(p)["roc_auc"] == pytest.approx(brute_force_soft_auc(p), rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_cbpe_matches_the_realised_metrics_of_a_calibrated_model(seed):
    rng = np.random.default_rng(seed)
    n = 40_000
    prob = rng.beta(*rng.uniform(0.5, 3, 2), n)
    y = (rng.random(n) < prob).astype(int)  # calibrated by construction
    threshold = 0.5
    est = estimate_performance(prob, threshold=threshold)
    pred = (prob >= threshold).astype(int)
    realised = {"accuracy": skm.accuracy_score(y, pred), "precision": skm.precision_score(y, pred),
                "recall": skm.recall_score(y, pred), "f1": skm.f1_score(y, pred),
                "roc_auc": skm.roc_auc_score(y, prob)}
    for key, value in realised.items():  # standard errors are below 0.005 at this n
        assert est[key] == pytest.approx(value, abs=0.02), key


def test_cbpe_is_fooled_by_concept_drift_as_the_docstring_warns():
    rng = np.random.default_rng(8)
    prob = rng.beta(2, 2, 30_000)
    y = (rng.random(prob.size) < 0.5 + 0.4 * (0.5 - prob)).astype(int)  # P(y | x) changed
    est = estimate_performance(prob)["accuracy"]
    realised = skm.accuracy_score(y, (prob >= 0.5).astype(int))
    assert est - realised > 0.2


def test_delayed_label_state_round_trips_and_warns_like_the_one_pass_scores():
    state = DelayedLabelState(n_bins=10).update([0, None], [0.2, 0.1])
    assert state_from_dict(json.loads(json.dumps(state.to_dict()))) == state
    with pytest.warns(UndefinedMetricWarning):
        out = state.compute()
    assert out["realised"]["precision"] == 0.0  # no predicted positives: zero_division="warn" -> 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(state.compute(zero_division=np.nan)["realised"]["precision"])


@pytest.mark.parametrize("call, match", [
    (lambda: DelayedLabelState().update([1, 0], [0.2]), "y_true and y_prob differ in length"),
    (lambda: DelayedLabelState().update([1, 0], [0.2, 1.2]), "y_prob must hold probabilities"),
    (lambda: DelayedLabelState().update([2, 0], [0.2, 0.3]), "pos_label"),
    (lambda: DelayedLabelState(pos_label="yes").update(["yes", "no", "maybe"], [0.2, 0.3, 0.4]), "binary"),
    (lambda: DelayedLabelState(threshold=2), "threshold must be"),
    (lambda: DelayedLabelState().compute(), "empty"),
    (lambda: estimate_performance([0.2, np.nan]), "y_prob contains NaN"),
    (lambda: estimate_performance([0.2, 0.3], sample_weight=[0, 0]), "sample_weight sums to 0"),
])
def test_bad_input_raises_metric_input_error(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


def test_string_labels_with_pos_label_and_missing_values():
    state = DelayedLabelState(pos_label="churn").update(["churn", None, "stay"], [0.9, 0.5, 0.2])
    assert state.compute()["realised"]["recall"] == 1.0
    assert mm.DelayedLabelState is DelayedLabelState
