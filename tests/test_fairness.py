"""Metrics by group and the fairness gaps: hand-worked examples, intervals, the table, bad input."""

import json
import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.classification import accuracy_score, recall_score
from mlmetrics_edu.curves import roc_auc_score
from mlmetrics_edu.fairness import (
    MetricByGroup, demographic_parity_difference, demographic_parity_ratio,
    disparate_impact_ratio, equal_opportunity_difference, equal_opportunity_ratio,
    equalized_odds_difference, equalized_odds_ratio, metric_by_group, selection_rate,
)
from mlmetrics_edu.significance import bootstrap_ci

GAPS = [demographic_parity_difference, demographic_parity_ratio, disparate_impact_ratio,
        equal_opportunity_difference, equal_opportunity_ratio, equalized_odds_difference,
        equalized_odds_ratio]

# group a: 2 positives (TPR 1/2), 2 negatives (FPR 0); group b: 1 positive (TPR 1), 3 negatives (FPR 2/3)
Y_TRUE = np.array([1, 1, 0, 0, 1, 0, 0, 0])
Y_PRED = np.array([1, 0, 0, 0, 1, 1, 1, 0])
GROUP = np.array(["a"] * 4 + ["b"] * 4)


# --------------------------------------------------------------------------- hand-worked


def test_hand_worked_gaps_follow_the_rates_counted_by_hand():
    sr_a, sr_b, sr = 1 / 4, 3 / 4, 4 / 8
    tpr_a, tpr_b, tpr = 1 / 2, 1.0, 2 / 3
    fpr_a, fpr_b, fpr = 0.0, 2 / 3, 2 / 5
    kw = {"sensitive_features": GROUP}
    assert demographic_parity_difference(Y_TRUE, Y_PRED, **kw) == pytest.approx(sr_b - sr_a)
    assert demographic_parity_ratio(Y_TRUE, Y_PRED, **kw) == pytest.approx(sr_a / sr_b)
    assert demographic_parity_difference(Y_TRUE, Y_PRED, method="to_overall", **kw) == pytest.approx(sr - sr_a)
    assert demographic_parity_ratio(Y_TRUE, Y_PRED, method="to_overall", **kw) == pytest.approx(
        min(sr_a / sr, sr / sr_b))
    assert equal_opportunity_difference(Y_TRUE, Y_PRED, **kw) == pytest.approx(tpr_b - tpr_a)
    assert equal_opportunity_ratio(Y_TRUE, Y_PRED, **kw) == pytest.approx(tpr_a / tpr_b)
    assert equal_opportunity_ratio(Y_TRUE, Y_PRED, method="to_overall", **kw) == pytest.approx(
        min(tpr_a / tpr, tpr / tpr_b))
    assert equalized_odds_difference(Y_TRUE, Y_PRED, **kw) == pytest.approx(max(tpr_b - tpr_a, fpr_b - fpr_a))
    assert equalized_odds_difference(Y_TRUE, Y_PRED, agg="mean", **kw) == pytest.approx(
        (tpr_b - tpr_a + fpr_b - fpr_a) / 2)
    assert equalized_odds_ratio(Y_TRUE, Y_PRED, **kw) == pytest.approx(min(tpr_a / tpr_b, fpr_a / fpr_b))
    assert equalized_odds_difference(Y_TRUE, Y_PRED, method="to_overall", **kw) == pytest.approx(
        max(abs(tpr_a - tpr), abs(tpr_b - tpr), abs(fpr_a - fpr), abs(fpr_b - fpr)))


def test_disparate_impact_is_the_demographic_parity_ratio_and_the_four_fifths_rule_reads_it():
    rng = np.random.default_rng(0)
    y_pred = rng.integers(0, 2, 300)
    group = rng.choice(["x", "y", "z"], 300)
    for method in ("between_groups", "to_overall"):
        assert disparate_impact_ratio(np.zeros(300), y_pred, sensitive_features=group, method=method) == \
            demographic_parity_ratio(np.zeros(300), y_pred, sensitive_features=group, method=method)


def test_demographic_parity_ignores_the_labels_and_equalized_odds_does_not():
    perfect = Y_PRED  # the same predictions, now always right
    assert demographic_parity_difference(perfect, Y_PRED, sensitive_features=GROUP) == \
        demographic_parity_difference(Y_TRUE, Y_PRED, sensitive_features=GROUP) == 0.5
    assert equalized_odds_difference(perfect, Y_PRED, sensitive_features=GROUP) == 0.0
    assert equalized_odds_difference(Y_TRUE, Y_PRED, sensitive_features=GROUP) == pytest.approx(2 / 3)


def test_one_group_has_no_gap():
    for fn in GAPS:
        value = fn(Y_TRUE, Y_PRED, sensitive_features=["only"] * 8)
        assert value == (1.0 if "ratio" in fn.__name__ else 0.0)


def test_a_perfect_classifier_satisfies_equalized_odds_but_not_parity_when_base_rates_differ():
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    assert equalized_odds_difference(y, y, sensitive_features=GROUP) == 0.0
    assert demographic_parity_difference(y, y, sensitive_features=GROUP) == 0.5


def test_weights_act_as_repeated_samples():
    w = np.array([1, 2, 3, 1, 2, 1, 2, 3])
    repeated = np.repeat(np.arange(8), w)
    for fn in GAPS:
        weighted = fn(Y_TRUE, Y_PRED, sensitive_features=GROUP, sample_weight=w)
        expanded = fn(Y_TRUE[repeated], Y_PRED[repeated], sensitive_features=GROUP[repeated])
        assert weighted == pytest.approx(expanded, rel=1e-12), fn.__name__


def test_minus_one_one_labels_give_the_same_gaps_as_zero_one():
    for fn in GAPS:
        assert fn(2 * Y_TRUE - 1, 2 * Y_PRED - 1, sensitive_features=GROUP) == \
            fn(Y_TRUE, Y_PRED, sensitive_features=GROUP)


def test_intersections_of_a_dict_and_of_a_2d_array_agree():
    rng = np.random.default_rng(1)
    a, b = rng.choice(["f", "m"], 200), rng.integers(0, 3, 200)
    y_true, y_pred = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    as_dict = metric_by_group(accuracy_score, y_true, y_pred, sensitive_features={"sex": a, "age": b},
                              n_resamples=None)
    as_2d = metric_by_group(accuracy_score, y_true, y_pred,
                            sensitive_features=np.column_stack([a, b.astype(str)]), n_resamples=None)
    assert list(as_dict.by_group)[0] == ("f", 0)
    assert list(as_dict.by_group.values()) == list(as_2d.by_group.values())
    assert as_dict.sensitive_feature_names == ["sex", "age"]
    for key, value in as_dict.by_group.items():
        mask = (a == key[0]) & (b == key[1])
        assert value == accuracy_score(y_true[mask], y_pred[mask])


def test_only_intersections_that_occur_are_listed():
    result = metric_by_group(accuracy_score, [1, 0, 1, 0], [1, 0, 0, 0],
                             sensitive_features={"x": ["p", "p", "q", "q"], "y": [0, 1, 0, 0]},
                             n_resamples=None)
    assert list(result.by_group) == [("p", 0), ("p", 1), ("q", 0)]
    assert result.counts == {("p", 0): 1, ("p", 1): 1, ("q", 0): 2}


# --------------------------------------------------------------------------- undefined values


def test_a_group_without_positives_has_tpr_zero_with_a_warning():
    y_true = np.array([0, 0, 1, 0])
    y_pred = np.array([1, 0, 1, 0])
    with pytest.warns(UndefinedMetricWarning, match="true positive rate"):
        value = equal_opportunity_difference(y_true, y_pred, sensitive_features=["a", "a", "b", "b"])
    assert value == 1.0  # TPR_a = 0 by convention, TPR_b = 1


def test_a_ratio_of_all_zero_rates_is_nan_with_a_warning():
    with pytest.warns(UndefinedMetricWarning, match="0/0"):
        value = demographic_parity_ratio([0, 1, 0, 1], [0, 0, 0, 0], sensitive_features=[1, 1, 2, 2])
    assert np.isnan(value)
    assert demographic_parity_difference([0, 1, 0, 1], [0, 0, 0, 0], sensitive_features=[1, 1, 2, 2]) == 0.0


def test_an_undefined_fpr_ratio_is_skipped_in_equalized_odds():
    y_true = np.array([1, 1, 0, 1, 1, 0])
    y_pred = np.array([1, 1, 0, 1, 0, 0])  # no false positives anywhere: FPR ratio is 0/0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = equalized_odds_ratio(y_true, y_pred, sensitive_features=list("aaabbb"))
    assert value == 0.5


# --------------------------------------------------------------------------- metric_by_group


def _slice_data(seed=0):
    rng = np.random.default_rng(seed)
    weather = rng.choice(["clear", "rain", "fog"], 600, p=[0.8, 0.15, 0.05])
    y_true = rng.integers(0, 2, 600)
    wrong = rng.random(600) < np.where(weather == "fog", 0.4, 0.05)
    return y_true, np.where(wrong, 1 - y_true, y_true), weather


def test_metric_by_group_intervals_are_each_groups_bootstrap_and_are_reproducible():
    y_true, y_pred, weather = _slice_data()
    result = metric_by_group(accuracy_score, y_true, y_pred, sensitive_features=weather,
                             n_resamples=500, seed=7)
    again = metric_by_group(accuracy_score, y_true, y_pred, sensitive_features=weather,
                            n_resamples=500, seed=7)
    assert result.intervals == again.intervals and result.overall_interval == again.overall_interval
    streams = np.random.SeedSequence(7).spawn(4)
    for stream, key in zip(streams, sorted(set(weather))):
        mask = weather == key
        low, high, est = bootstrap_ci(accuracy_score, y_true[mask], y_pred[mask], n_resamples=500,
                                      method="percentile", seed=np.random.default_rng(stream))
        assert result.intervals[key] == (low, high) and result.by_group[key] == est
        assert low <= est <= high
    fog = result.intervals["fog"]
    assert fog[1] - fog[0] > result.overall_interval[1] - result.overall_interval[0]  # small slice, wide


def test_metric_by_group_with_weights_passes_them_to_the_metric():
    y_true, y_pred, weather = _slice_data(1)
    w = np.random.default_rng(2).uniform(0.5, 2, len(y_true))
    result = metric_by_group(recall_score, y_true, y_pred, sensitive_features=weather,
                             sample_weight=w, n_resamples=50, seed=0)
    for key in result.by_group:
        mask = weather == key
        assert result.by_group[key] == recall_score(y_true[mask], y_pred[mask], sample_weight=w[mask])
    assert result.overall == recall_score(y_true, y_pred, sample_weight=w)


def test_metric_by_group_takes_scores_for_a_ranking_metric():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300)
    score = y + rng.normal(size=300) * np.where(np.arange(300) < 150, 0.5, 2.0)
    group = np.where(np.arange(300) < 150, "sharp", "blurry")
    result = metric_by_group(roc_auc_score, y, score, sensitive_features=group, n_resamples=None)
    assert result.by_group["sharp"] > result.by_group["blurry"]


def test_the_table_and_the_dict_show_every_group_overall_and_the_gaps():
    y_true, y_pred, weather = _slice_data()
    result = metric_by_group(accuracy_score, y_true, y_pred, sensitive_features=weather,
                             n_resamples=200, seed=0)
    text = repr(result)
    assert text.splitlines()[0] == "accuracy_score by sensitive_feature_0"
    for word in ("clear", "rain", "fog", "overall", "95% interval", "difference", "ratio"):
        assert word in text
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data["by_group"]) == {"clear", "fog", "rain"}
    assert data["by_group"]["fog"]["n"] == int((weather == "fog").sum())
    assert data["difference"]["between_groups"] == pytest.approx(result.group_max() - result.group_min())
    assert data["ratio"]["between_groups"] == pytest.approx(result.group_min() / result.group_max())
    assert data["overall"]["low"] <= data["overall"]["value"] <= data["overall"]["high"]
    assert isinstance(result, MetricByGroup)


def test_a_group_of_one_sample_gets_a_nan_interval_with_a_warning():
    with pytest.warns(UserWarning, match="fewer than 2"):
        result = metric_by_group(accuracy_score, [1, 0, 1, 1], [1, 0, 0, 1],
                                 sensitive_features=["a", "a", "a", "b"], n_resamples=20, seed=0)
    assert np.isnan(result.intervals["b"]).all()


def test_a_metric_failing_on_one_group_names_the_group():
    from mlmetrics_edu.calibration import log_loss

    with pytest.raises(MetricInputError, match="group 'b' .2 samples.: y_prob"):
        metric_by_group(log_loss, [0, 1, 1, 0], [0.1, 0.9, 1.3, 0.4],
                        sensitive_features=["a", "a", "b", "b"], n_resamples=None)


def test_a_metric_undefined_on_one_group_is_nan_there_and_skipped_in_the_gaps():
    with pytest.warns(UndefinedMetricWarning, match="one class"):
        result = metric_by_group(roc_auc_score, [0, 1, 0, 1, 1, 1], [0.1, 0.9, 0.6, 0.4, 0.3, 0.4],
                                 sensitive_features=list("aabbcc"), n_resamples=None)
    assert np.isnan(result.by_group["c"])
    assert result.difference() == 1.0 and result.ratio() == 0.0
    with pytest.warns(UserWarning, match="no bootstrap interval"):
        result = metric_by_group(roc_auc_score, [0, 1, 0, 1, 1, 1], [0.1, 0.9, 0.6, 0.4, 0.3, 0.4],
                                 sensitive_features=list("aabbcc"), n_resamples=50, seed=0)
    assert np.isnan(result.intervals["c"]).all() and result.intervals["a"] == (1.0, 1.0)


def test_a_pandas_frame_and_series_keep_their_names():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"region": ["n", "s", "n", "s"], "sex": ["f", "f", "m", "m"]})
    result = metric_by_group(accuracy_score, [1, 0, 1, 0], [1, 1, 1, 0], sensitive_features=frame,
                             n_resamples=None)
    assert result.sensitive_feature_names == ["region", "sex"]
    series = metric_by_group(accuracy_score, [1, 0, 1, 0], [1, 1, 1, 0],
                             sensitive_features=pd.Series(["n", "s", "n", "s"], name="region"),
                             n_resamples=None)
    assert series.sensitive_feature_names == ["region"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("fn", GAPS, ids=[f.__name__ for f in GAPS])
@pytest.mark.parametrize("kwargs,match", [
    ({"y_pred": [1, 0, 1]}, "differ in length"),
    ({"sensitive_features": ["a"] * 7}, "sensitive_features differ in length"),
    ({"y_pred": [0, 1, 2, 0, 1, 2, 0, 1]}, "y_pred must hold binary labels"),
    ({"y_pred": [0.2, 0.7, 0.1, 0.9, 0.3, 0.5, 0.4, 0.8]}, "threshold them first"),
    ({"y_pred": [0, 2, 0, 2, 0, 2, 0, 2]}, "pos_label=1 is not a label of y_pred"),
    ({"method": "pairwise"}, "method='pairwise' is not supported"),
    ({"sample_weight": [1.0] * 7}, "sample_weight has 7 values"),
    ({"sample_weight": [-1.0] * 8}, "negative"),
    ({"sensitive_features": [1.0, np.nan, 1, 1, 2, 2, 2, 2]}, "NaN"),
    ({"sensitive_features": None}, "sensitive_features is None"),
    ({"sensitive_features": np.zeros((8, 2, 2))}, "1-D or 2-D"),
])
def test_bad_input_raises_naming_the_argument(fn, kwargs, match):
    args = {"y_true": Y_TRUE, "y_pred": Y_PRED, "sensitive_features": GROUP, **kwargs}
    y_true, y_pred = args.pop("y_true"), args.pop("y_pred")
    with pytest.raises(MetricInputError, match=match):
        fn(y_true, y_pred, **args)


def test_empty_input_and_a_non_binary_truth_raise():
    with pytest.raises(MetricInputError, match="y_true is empty"):
        equalized_odds_difference([], [], sensitive_features=[])
    with pytest.raises(MetricInputError, match="y_true must hold binary labels"):
        equal_opportunity_difference([0, 1, 2, 1], [0, 1, 1, 1], sensitive_features=[0, 0, 1, 1])


@pytest.mark.parametrize("fn", [equalized_odds_difference, equalized_odds_ratio])
def test_an_unknown_agg_raises(fn):
    with pytest.raises(MetricInputError, match="agg='max' is not supported"):
        fn(Y_TRUE, Y_PRED, sensitive_features=GROUP, agg="max")


@pytest.mark.parametrize("kwargs,match", [
    ({"metric": "accuracy"}, "metric must be callable"),
    ({"n_resamples": 0}, "n_resamples must be None or an integer >= 1"),
    ({"confidence": 1.5}, "confidence must be a number strictly between 0 and 1"),
    ({"ci_method": "normal"}, "ci_method='normal' is not supported"),
    ({"sensitive_features": {}}, "empty dict"),
    ({"sensitive_features": {"a": ["x"] * 8, "b": ["y"] * 7}}, r"sensitive_features\['b'\] differ in length"),
    ({"y_pred": np.zeros((8, 2, 2))}, "y_pred must be 1-D or 2-D"),
])
def test_metric_by_group_bad_input_raises_naming_the_argument(kwargs, match):
    args = {"metric": accuracy_score, "y_true": Y_TRUE, "y_pred": Y_PRED, "sensitive_features": GROUP,
            "n_resamples": None, **kwargs}
    with pytest.raises(MetricInputError, match=match):
        metric_by_group(args.pop("metric"), args.pop("y_true"), args.pop("y_pred"), **args)


def test_ratio_and_difference_refuse_an_unknown_method():
    result = metric_by_group(accuracy_score, Y_TRUE, Y_PRED, sensitive_features=GROUP, n_resamples=None)
    for fn in (result.ratio, result.difference):
        with pytest.raises(MetricInputError, match="method='max' is not supported"):
            fn("max")


def test_selection_rate_counts_the_positive_predictions():
    assert selection_rate([0, 0, 0, 0], ["no", "yes", "yes", "no"], pos_label="yes") == 0.5
    assert selection_rate([0, 0, 0], [1, 1, 0], sample_weight=[1, 0, 2]) == pytest.approx(1 / 3)


def test_one_sample_and_zero_total_weight_are_handled():
    assert demographic_parity_difference([1], [1], sensitive_features=["a"]) == 0.0
    with pytest.warns(UndefinedMetricWarning, match="selection rate"):
        assert selection_rate([0, 1], [1, 1], sample_weight=[0, 0]) == 0.0


def test_a_group_with_zero_weight_is_left_out_with_a_warning():
    with pytest.warns(UndefinedMetricWarning, match="weights are all 0: .'b'."):
        value = demographic_parity_difference([0] * 6, [1, 1, 0, 1, 0, 0], sensitive_features=list("aabbcc"),
                                              sample_weight=[1, 1, 0, 0, 1, 1])
    assert value == 1.0  # a: 1, c: 0; b weighs nothing and has no rate (fairlearn: nan, skipped)
    with pytest.raises(MetricInputError, match="sample_weight sums to 0"):
        demographic_parity_difference([0, 0], [1, 0], sensitive_features=["a", "b"], sample_weight=[0, 0])


# --------------------------------------------------------------------------- NaN labels and groups, seeds (issue 22)

NAN_GROUPS = {
    "a list of strings": ["a", "a", "a", float("nan"), "b", "b", "b", "b"],  # NumPy reads it as 'nan'
    "a list of numbers": [0, 0, 0, float("nan"), 1, 1, 1, 1],
    "an object array": np.array(["a", "a", "a", np.nan, "b", "b", "b", "b"], dtype=object),
    "a dict of features": {"sex": ["f", "f", "m", "m"] * 2, "region": ["n", float("nan")] * 4},
    "a 2-D list": [["f", "n"], ["f", float("nan")]] * 4,
    "infinity": [0.0, 0.0, 0.0, np.inf, 1.0, 1.0, 1.0, 1.0],
}


@pytest.mark.parametrize("groups", NAN_GROUPS.values(), ids=NAN_GROUPS.keys())
@pytest.mark.parametrize("gap", GAPS + [lambda t, p, **kw: metric_by_group(accuracy_score, t, p, n_resamples=None, **kw)],
                         ids=lambda f: getattr(f, "__name__", "metric_by_group"))
def test_a_nan_group_is_refused_not_read_as_a_group_called_nan(gap, groups):
    with pytest.raises(MetricInputError, match=r"sensitive_features.*(NaN|mixes value types)"):
        gap(Y_TRUE, Y_PRED, sensitive_features=groups)


@pytest.mark.parametrize("fn", GAPS + [selection_rate], ids=lambda f: f.__name__)
@pytest.mark.parametrize("where", ["y_true", "y_pred"])
def test_a_nan_label_is_refused_even_in_an_ignored_y_true(fn, where):
    if fn is selection_rate:  # string labels: a NaN among them would read as the label 'nan'
        labels, kw = {"y_true": ["n", "y"] * 4, "y_pred": ["n", "y", "y", "n"] * 2}, {"pos_label": "y"}
    else:
        labels, kw = {"y_true": Y_TRUE.tolist(), "y_pred": Y_PRED.tolist()}, {"sensitive_features": GROUP}
    labels[where] = [float("nan")] + labels[where][1:]
    with pytest.raises(MetricInputError, match=f"{where} contains NaN"):
        fn(labels["y_true"], labels["y_pred"], **kw)


@pytest.mark.parametrize("seed", ["x", -1, float("nan"), float("inf"), 1.5, True, 2**70])
@pytest.mark.parametrize("n_resamples", [None, 20])
def test_metric_by_group_checks_its_seed_even_without_intervals(seed, n_resamples):
    with pytest.raises(MetricInputError, match="seed must be"):
        metric_by_group(accuracy_score, Y_TRUE, Y_PRED, sensitive_features=GROUP, n_resamples=n_resamples,
                        seed=seed)


def test_a_large_seed_within_64_bits_works_and_is_reproducible():
    kw = {"sensitive_features": GROUP, "n_resamples": 30, "seed": 2**64 - 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first, again = (metric_by_group(accuracy_score, Y_TRUE, Y_PRED, **kw) for _ in range(2))
    assert first.intervals == again.intervals
