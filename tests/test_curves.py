"""Hand-worked examples, brute-force checks of the helpers, properties and bad input for curves."""

import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.curves import (
    OperatingPoint,
    ThresholdSweep,
    _binary_clf_curve,
    auc,
    average_precision_score,
    cost_optimal_threshold,
    counts_at_threshold,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
    threshold_for_precision,
    threshold_for_recall,
    threshold_sweep,
)

Y = [0, 0, 1, 1]
S = [0.1, 0.4, 0.35, 0.8]


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# --------------------------------------------------------------------------- hand-worked


def test_the_curve_engine_counts_positives_and_negatives_above_each_distinct_score():
    fps, tps, thresholds = _binary_clf_curve([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.2, 0.2])
    np.testing.assert_array_equal(thresholds, [0.9, 0.5, 0.2])
    np.testing.assert_array_equal(tps, [1, 2, 3])
    np.testing.assert_array_equal(fps, [1, 1, 2])


def test_zero_weight_samples_create_no_threshold_of_their_own():
    fps, tps, thresholds = _binary_clf_curve([1, 0, 1], [0.9, 0.5, 0.2], sample_weight=[2, 0, 1])
    np.testing.assert_array_equal(thresholds, [0.9, 0.2])
    np.testing.assert_array_equal(tps, [2, 3])
    np.testing.assert_array_equal(fps, [0, 0])


def test_roc_curve_walks_from_nothing_predicted_to_everything_predicted():
    fpr, tpr, thresholds = roc_curve(Y, S)
    np.testing.assert_array_equal(fpr, [0, 0, 0.5, 0.5, 1])
    np.testing.assert_array_equal(tpr, [0, 0.5, 0.5, 1, 1])
    np.testing.assert_array_equal(thresholds, [np.inf, 0.8, 0.4, 0.35, 0.1])


def test_roc_curve_drops_only_points_on_a_straight_line():
    y, s = [1, 1, 1, 0, 0], [5, 4, 3, 2, 1]  # three steps up, two right: two straight runs
    fpr, tpr, thresholds = roc_curve(y, s)
    np.testing.assert_array_equal(thresholds, [np.inf, 5, 3, 1])
    np.testing.assert_array_equal(tpr, [0, 1 / 3, 1, 1])
    fpr_all, _, thresholds_all = roc_curve(y, s, drop_intermediate=False)
    assert len(thresholds_all) == 6 and auc(fpr, tpr) == auc(fpr_all, _) == 1.0


def test_roc_curve_with_one_class_warns_and_marks_the_undefined_rate_nan():
    with pytest.warns(UndefinedMetricWarning, match="no positive samples"):
        fpr, tpr, _ = roc_curve([0, 0, 0], [0.1, 0.2, 0.3])
    assert np.isnan(tpr).all() and fpr[-1] == 1.0
    with pytest.warns(UndefinedMetricWarning, match="no negative samples"):
        fpr, tpr, _ = roc_curve([1, 1], [0.1, 0.2])
    assert np.isnan(fpr).all() and tpr[-1] == 1.0


def test_precision_recall_curve_ends_at_recall_zero_precision_one():
    precision, recall, thresholds = precision_recall_curve(Y, S)
    np.testing.assert_allclose(precision, [0.5, 2 / 3, 0.5, 1, 1])
    np.testing.assert_array_equal(recall, [1, 1, 0.5, 0.5, 0])
    np.testing.assert_array_equal(thresholds, [0.1, 0.35, 0.4, 0.8])


def test_precision_recall_curve_with_no_positives_sets_recall_to_one_and_warns():
    with pytest.warns(UndefinedMetricWarning, match="no positive samples"):
        precision, recall, _ = precision_recall_curve([0, 0], [0.3, 0.7])
    np.testing.assert_array_equal(recall, [1, 1, 0])
    np.testing.assert_array_equal(precision, [0, 0, 1])


def test_precision_recall_curve_can_drop_the_inside_of_vertical_runs():
    y, s = [1, 0, 0, 0, 1], [5, 4, 3, 2, 1]  # recall stays 0.5 for thresholds 5, 4, 3, 2
    _, recall, thresholds = precision_recall_curve(y, s, drop_intermediate=True)
    np.testing.assert_array_equal(thresholds, [1, 2, 5])
    np.testing.assert_array_equal(recall, [1, 0.5, 0.5, 0])


def test_auc_is_the_trapezoid_area_in_either_direction():
    assert auc([0, 1], [1, 1]) == 1.0
    assert auc([0, 1, 2], [0, 1, 0]) == 1.0
    assert auc([2, 1, 0], [0, 1, 0]) == 1.0
    assert type(auc([0, 1], [0, 1])) is float


def test_roc_auc_is_the_fraction_of_correctly_ranked_pairs():
    # pairs (pos, neg): (0.35 > 0.1), (0.35 < 0.4), (0.8 > 0.1), (0.8 > 0.4) -> 3 of 4
    assert roc_auc_score(Y, S) == 0.75
    assert roc_auc_score([0, 1], [0.5, 0.5]) == 0.5  # a tie counts half
    assert roc_auc_score([1, 0], [0.5, 0.2]) == 1.0
    assert roc_auc_score(["b", "a", "b"], [0.1, 0.2, 0.3]) == 0.5  # the greater label is positive
    assert type(roc_auc_score(Y, S)) is float


def test_partial_auc_is_standardised_between_random_and_perfect():
    assert roc_auc_score([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], max_fpr=0.5) == 1.0
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 4000)
    assert abs(roc_auc_score(y, rng.random(4000), max_fpr=0.2) - 0.5) < 0.03
    # hand: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1]; up to 0.25 the area is 0.125
    expected = 0.5 * (1 + (0.125 - 0.5 * 0.25**2) / (0.25 - 0.5 * 0.25**2))
    assert roc_auc_score(Y, S, max_fpr=0.25) == pytest.approx(expected, rel=1e-12)


def test_roc_auc_with_only_one_class_warns_clearly_and_is_nan():
    with pytest.warns(UndefinedMetricWarning, match="only one class in y_true"):
        assert np.isnan(roc_auc_score([1, 1, 1], [0.2, 0.5, 0.9]))


def test_multiclass_roc_auc_averages_one_vs_rest_and_one_vs_one():
    y = [0, 1, 2, 2]
    p = [[0.5, 0.2, 0.3], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6], [0.6, 0.1, 0.3]]
    # one-vs-rest, class 0: its 0.5 beats 0.3 and 0.2 but not 0.6 -> 2/3; class 2: 3.5 of 4 pairs
    np.testing.assert_allclose(roc_auc_score(y, p, multi_class="ovr", average=None),
                               [2 / 3, 1.0, 0.875])
    assert roc_auc_score(y, p, multi_class="ovr") == pytest.approx((2 / 3 + 1 + 0.875) / 3)
    # one-vs-one pairs: (0,1): (1 + 1)/2; (0,2): (A(0|2)=0.5 + A(2|0)=0.75)/2; (1,2): (1 + 1)/2
    assert roc_auc_score(y, p, multi_class="ovo") == pytest.approx((1 + 0.625 + 1) / 3)


def test_average_precision_weights_each_precision_by_the_recall_it_adds():
    # thresholds 0.8 (P=1, R=.5) and 0.35 (P=2/3, R=1): 0.5 * 1 + 0.5 * 2/3
    assert average_precision_score(Y, S) == pytest.approx(0.5 + 1 / 3, rel=1e-15)
    assert average_precision_score(["no", "yes", "yes"], [0.1, 0.9, 0.2], pos_label="yes") == 1.0


def test_average_precision_with_no_positives_is_zero_with_a_warning():
    with pytest.warns(UndefinedMetricWarning, match="no positive samples"):
        assert average_precision_score([0, 0], [0.2, 0.3]) == 0.0


# --------------------------------------------------------------------------- the sweep table


def test_threshold_sweep_has_one_row_per_distinct_score_from_high_to_low():
    sweep = threshold_sweep([0, 1, 1, 0, 1], [0.2, 0.9, 0.5, 0.5, 0.2])
    assert len(sweep) == 3 and isinstance(sweep, ThresholdSweep)
    np.testing.assert_array_equal(sweep.threshold, [0.9, 0.5, 0.2])
    np.testing.assert_array_equal(sweep.tp, [1, 2, 3])
    np.testing.assert_array_equal(sweep.fp, [0, 1, 2])
    np.testing.assert_array_equal(sweep.fn, [2, 1, 0])
    np.testing.assert_array_equal(sweep.tn, [2, 1, 0])
    np.testing.assert_allclose(sweep.precision, [1, 2 / 3, 3 / 5])
    np.testing.assert_allclose(sweep.f1, [0.5, 2 / 3, 0.75])
    assert (sweep.positives, sweep.negatives) == (3.0, 2.0)


def test_threshold_sweep_rows_are_operating_points_and_slices_are_sweeps():
    sweep = threshold_sweep(Y, S)
    row = sweep[1]
    assert row == OperatingPoint(0.4, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0)
    assert sweep[-1].threshold == 0.1 and sweep[np.int64(0)].threshold == 0.8
    part = sweep[1:3]
    assert isinstance(part, ThresholdSweep) and len(part) == 2
    with pytest.raises(IndexError):
        sweep[4]


def test_threshold_sweep_prints_an_aligned_table_and_elides_long_ones():
    text = threshold_sweep(Y, S).to_text()
    lines = text.splitlines()
    assert lines[0].split() == ["threshold", "tp", "fp", "fn", "tn", "precision", "recall", "f1",
                                "fpr", "specificity"]
    assert len({len(line) for line in lines}) == 1  # aligned: every line has the same width
    assert lines[1].split() == ["0.8", "1", "0", "1", "2", "1.000", "0.500", "0.667", "0.000",
                                "1.000"]
    rng = np.random.default_rng(0)
    long = threshold_sweep(rng.integers(0, 2, 100), rng.random(100))
    lines = long.to_text(max_rows=6).splitlines()
    assert len(lines) == 8 and lines[4] == "..."
    assert repr(long).startswith("ThresholdSweep(100 thresholds, ")
    assert "..." in repr(long)


def test_threshold_sweep_shows_fractional_weighted_counts():
    sweep = threshold_sweep([1, 0], [0.9, 0.1], sample_weight=[0.5, 2])
    assert sweep.to_text().splitlines()[1].split()[1:5] == ["0.500", "0", "0", "2"]


def test_threshold_sweep_applies_zero_division_to_rates_of_a_missing_class():
    with pytest.warns(UndefinedMetricWarning) as record:
        sweep = threshold_sweep([1, 1], [0.2, 0.7])
    assert sorted(str(w.message).split()[0] for w in record) == ["fpr", "specificity"]
    np.testing.assert_array_equal(sweep.fpr, [0, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ones = threshold_sweep([1, 1], [0.2, 0.7], zero_division=1)
        nans = threshold_sweep([1, 1], [0.2, 0.7], zero_division=np.nan)
    np.testing.assert_array_equal(ones.specificity, [1, 1])
    assert np.isnan(nans.fpr).all()


def test_counts_at_threshold_uses_score_at_or_above_the_threshold():
    sweep = threshold_sweep(Y, S)
    assert counts_at_threshold(sweep, 0.4).fp == 1.0  # 0.4 itself counts as positive
    assert counts_at_threshold(sweep, 0.41).fp == 0.0
    low = counts_at_threshold(sweep, -np.inf)
    assert (low.tp, low.fp, low.fn, low.tn) == (2.0, 2.0, 0.0, 0.0)
    with pytest.warns(UndefinedMetricWarning, match="precision"):
        high = counts_at_threshold(sweep, np.inf)
    assert (high.tp, high.fp, high.precision, high.recall, high.specificity) == (0, 0, 0, 0, 1)
    assert counts_at_threshold(sweep, 5, zero_division=1).precision == 1.0


def test_counts_at_threshold_does_not_copy_the_sweep():
    sweep = threshold_sweep(np.arange(200_000) % 2, np.arange(200_000) / 7.0)
    import tracemalloc

    thresholds = np.linspace(-1, 30_000, 2000)
    tracemalloc.start()
    try:
        for t in thresholds:
            counts_at_threshold(sweep, float(t), zero_division=0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A binary search per call: no array of the sweep's size (200,000 x 8 bytes = 1.6 MB) is made.
    assert peak < 200_000, peak


def test_threshold_for_recall_answers_specificity_at_high_sensitivity():
    rng = np.random.default_rng(1)
    y = rng.random(20_000) < 0.1
    score = y + rng.normal(size=y.size)
    point = threshold_for_recall(y, score, 0.999)
    assert point.recall >= 0.999 and point.specificity < 0.05
    assert point.specificity == pytest.approx(point.tn / (point.tn + point.fp))


def test_threshold_for_recall_picks_the_highest_qualifying_threshold():
    point = threshold_for_recall(Y, S, 0.5)
    assert (point.threshold, point.recall, point.precision) == (0.8, 0.5, 1.0)
    assert threshold_for_recall(Y, S, 0.51).threshold == 0.35


def test_threshold_for_precision_picks_the_lowest_qualifying_threshold():
    point = threshold_for_precision([1, 0, 1, 1, 0, 0], [6, 5, 4, 3, 2, 1], 0.75)
    assert (point.threshold, point.precision, point.recall) == (3.0, 0.75, 1.0)


def test_threshold_for_precision_says_the_best_reachable_value_when_out_of_reach():
    with pytest.raises(MetricInputError, match=r"best reachable precision is 0.6667"):
        threshold_for_precision([0, 1, 1], [0.9, 0.5, 0.1], 0.9)


def test_cost_optimal_threshold_moves_down_as_misses_get_expensive():
    cheap = cost_optimal_threshold(Y, S, cost_fp=1, cost_fn=1)
    dear = cost_optimal_threshold(Y, S, cost_fp=1, cost_fn=5)
    assert cheap.threshold == 0.8 and cheap.cost == 0.25  # one miss out of four
    assert dear.threshold == 0.35 and dear.cost == 0.25  # one false alarm out of four


def test_cost_optimal_threshold_may_predict_nothing_positive():
    with pytest.warns(UndefinedMetricWarning, match="precision"):
        point = cost_optimal_threshold(Y, S, cost_fp=1, cost_fn=0)
    assert point.threshold == np.inf and point.tp == 0 and point.cost == 0.0


# --------------------------------------------------------------------------- brute force


def random_binary(rng, n=None):
    n = n or int(rng.integers(5, 120))
    y = rng.random(n) < rng.uniform(0.1, 0.9)
    score = np.round(y + rng.normal(size=n), int(rng.integers(0, 3)))  # heavy ties
    weight = [None, rng.integers(0, 4, n).astype(float), rng.uniform(0, 2, n)][rng.integers(3)]
    if weight is not None:
        weight[0] = 1.0  # never all zero
    return y, score, weight


def brute_counts(y, score, weight, t):
    w = np.ones(len(y)) if weight is None else weight
    predicted = score >= t
    return (w[predicted & y].sum(), w[predicted & ~y].sum(), w[~predicted & y].sum(),
            w[~predicted & ~y].sum())


@pytest.mark.parametrize("seed", range(30))
def test_sweep_rows_match_counts_computed_directly_at_each_threshold(seed):
    rng = np.random.default_rng(seed)
    y, score, weight = random_binary(rng)
    sweep = quiet(threshold_sweep, y, score, sample_weight=weight)
    candidates = np.unique(score if weight is None else score[weight > 0])[::-1]
    np.testing.assert_array_equal(sweep.threshold, candidates)
    for i, t in enumerate(candidates):
        tp, fp, fn, tn = brute_counts(y, score, weight, t)
        np.testing.assert_allclose([sweep.tp[i], sweep.fp[i], sweep.fn[i], sweep.tn[i]],
                                   [tp, fp, fn, tn], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(sweep.precision[i], tp / (tp + fp), rtol=1e-10)
    for t in np.concatenate([candidates, rng.normal(size=10), [np.inf, -np.inf]]):
        point = quiet(counts_at_threshold, sweep, float(t))
        np.testing.assert_allclose([point.tp, point.fp, point.fn, point.tn],
                                   brute_counts(y, score, weight, t), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(30))
def test_operating_point_helpers_match_a_brute_force_search(seed):
    rng = np.random.default_rng(100 + seed)
    y, score, weight = random_binary(rng)
    candidates = np.unique(score if weight is None else score[weight > 0])[::-1]
    rows = [brute_counts(y, score, weight, t) for t in candidates]
    recall = np.array([tp / (tp + fn) for tp, fp, fn, tn in rows])
    precision = np.array([tp / (tp + fp) for tp, fp, fn, tn in rows])
    target = float(rng.uniform(0.05, 1.0))
    point = quiet(threshold_for_recall, y, score, target, sample_weight=weight)
    assert point.threshold == candidates[np.flatnonzero(recall >= target - 1e-12)[0]]
    ok = np.flatnonzero(precision >= target)
    if ok.size:
        got = quiet(threshold_for_precision, y, score, target, sample_weight=weight)
        assert got.threshold == candidates[ok[-1]]
    else:
        with pytest.raises(MetricInputError, match="best reachable"):
            quiet(threshold_for_precision, y, score, target, sample_weight=weight)
    cost_fp, cost_fn = rng.uniform(0, 5, 2)
    total = sum(rows[0])
    costs = [cost_fn * sum(rows[0][::2])] + [cost_fp * fp + cost_fn * fn for _, fp, fn, _ in rows]
    best = quiet(cost_optimal_threshold, y, score, cost_fp=cost_fp, cost_fn=cost_fn,
                 sample_weight=weight)
    assert best.cost == pytest.approx(min(costs) / total, rel=1e-10, abs=1e-12)
    thresholds = np.concatenate([[np.inf], candidates])
    assert best.threshold == thresholds[np.flatnonzero(np.isclose(costs, min(costs),
                                                                  rtol=1e-12))[0]]


@pytest.mark.parametrize("seed", range(10))
def test_roc_auc_equals_the_pairwise_ranking_probability(seed):
    rng = np.random.default_rng(200 + seed)
    y, score, _ = random_binary(rng)
    if y.all() or not y.any():
        y[0], y[1] = True, False
    pos, neg = score[y], score[~y]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    assert roc_auc_score(y, score) == pytest.approx(wins / (len(pos) * len(neg)), rel=1e-12)


# --------------------------------------------------------------------------- properties


TRANSFORMS = [lambda s: 3 * s + 7, np.exp, lambda s: s**3, np.arctan]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("transform", TRANSFORMS, ids=["affine", "exp", "cube", "arctan"])
def test_auc_and_ap_ignore_a_strictly_increasing_transform_of_the_scores(seed, transform):
    rng = np.random.default_rng(300 + seed)
    y, score, weight = random_binary(rng)
    y[:2] = [True, False]
    score = np.round(score, 1)  # coarse grid: the transform keeps distinct values distinct
    moved = transform(score)
    assert len(np.unique(moved)) == len(np.unique(score))
    for metric in (roc_auc_score, average_precision_score):
        assert metric(y, moved, sample_weight=weight) == pytest.approx(
            metric(y, score, sample_weight=weight), rel=1e-12)
    assert roc_auc_score(y, moved, max_fpr=0.3) == pytest.approx(
        roc_auc_score(y, score, max_fpr=0.3), rel=1e-12)


def test_flipping_the_scores_flips_the_auc():
    rng = np.random.default_rng(7)
    y, score = rng.integers(0, 2, 300), np.round(rng.random(300), 2)
    assert roc_auc_score(y, -score) == pytest.approx(1 - roc_auc_score(y, score), rel=1e-12)


# --------------------------------------------------------------------------- bad input


BINARY_FUNCTIONS = [
    lambda y, s, **k: roc_curve(y, s, **k),
    lambda y, s, **k: precision_recall_curve(y, s, **k),
    lambda y, s, **k: roc_auc_score(y, s, **k),
    lambda y, s, **k: average_precision_score(y, s, **k),
    lambda y, s, **k: threshold_sweep(y, s, **k),
    lambda y, s, **k: threshold_for_recall(y, s, 0.5, **k),
    lambda y, s, **k: threshold_for_precision(y, s, 0.5, **k),
    lambda y, s, **k: cost_optimal_threshold(y, s, cost_fp=1, cost_fn=1, **k),
]
NAMES = ["roc_curve", "precision_recall_curve", "roc_auc_score", "average_precision_score",
         "threshold_sweep", "threshold_for_recall", "threshold_for_precision",
         "cost_optimal_threshold"]


@pytest.mark.parametrize("fn", BINARY_FUNCTIONS, ids=NAMES)
@pytest.mark.parametrize("y, s, kwargs, match", [
    ([0, 1, 1], [0.1, 0.2], {}, "y_true and y_score differ in length: 3 != 2"),
    ([], [], {}, "empty"),
    ([0, 1], [0.1, np.nan], {}, "y_score contains NaN"),
    ([0, 1], [0.1, np.inf], {}, "y_score contains NaN or infinity"),
    ([0, 1], ["a", "b"], {}, "y_score must be numeric"),
    ([0, 1], [[0.9, 0.1], [0.2, 0.8]], {}, r"y_score must be 1-D.*y_score\[:, 1\]"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [1, -1]}, "sample_weight contains negative"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [0, 0]}, "sample_weight is all zeros"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [1]}, "sample_weight has 1 values"),
    ([0, 0.5, 1], [0.1, 0.2, 0.3], {}, "y_true holds non-integer values"),
])
def test_bad_binary_input_is_refused_naming_the_argument(fn, y, s, kwargs, match):
    with pytest.raises(MetricInputError, match=match):
        fn(y, s, **kwargs)


@pytest.mark.parametrize("fn", [f for f, n in zip(BINARY_FUNCTIONS, NAMES)
                                if n != "roc_auc_score"])  # it has no pos_label
def test_a_pos_label_of_the_wrong_type_is_refused(fn):
    with pytest.raises(MetricInputError, match="pos_label='1' cannot be a label of y_true"):
        fn([0, 1, 0], [0.1, 0.2, 0.3], pos_label="1")
    with pytest.raises(MetricInputError, match="pos_label=1 cannot be a label of y_true"):
        fn(["a", "b", "a"], [0.1, 0.2, 0.3], pos_label=1)


@pytest.mark.parametrize("fn", [f for f, n in zip(BINARY_FUNCTIONS, NAMES)
                                if n not in ("roc_auc_score", "average_precision_score")])
def test_curves_and_helpers_refuse_a_multiclass_target_without_pos_label(fn):
    with pytest.raises(MetricInputError, match="y_true has more than two classes.*pos_label"):
        fn([0, 1, 2], [0.1, 0.2, 0.3])


@pytest.mark.parametrize("fn", [f for f, n in zip(BINARY_FUNCTIONS, NAMES)
                                if n not in ("roc_auc_score", "average_precision_score")])
def test_curves_and_helpers_need_pos_label_for_string_labels(fn):
    with pytest.raises(MetricInputError, match=r"y_true takes the values \['ham', 'spam'\]"):
        fn(["ham", "spam", "ham"], [0.1, 0.2, 0.3])
    with pytest.raises(MetricInputError, match="pos_label"):
        fn([1, 2, 1], [0.1, 0.2, 0.3])
    quiet(fn, ["ham", "spam", "ham"], [0.1, 0.2, 0.3], pos_label="spam")


def test_roc_auc_score_refuses_bad_options_and_shapes():
    p3 = [[0.2, 0.3, 0.5], [0.5, 0.3, 0.2], [0.1, 0.8, 0.1]]
    cases = [
        (dict(y_true=Y, y_score=S, average="mean"), "average='mean'"),
        (dict(y_true=Y, y_score=S, multi_class="one"), "multi_class='one'"),
        (dict(y_true=Y, y_score=S, max_fpr=0), r"max_fpr must be a number in \(0, 1\]"),
        (dict(y_true=Y, y_score=S, max_fpr=1.5), "max_fpr"),
        (dict(y_true=[0, 1, 2], y_score=p3), "multi_class='ovr'"),
        (dict(y_true=[0, 1, 2], y_score=[0.1, 0.2, 0.3], multi_class="ovr"),
         r"y_score must have shape \(n_samples, n_classes\)"),
        (dict(y_true=[0, 1, 2], y_score=np.array(p3) * 2, multi_class="ovr"), "sum to 1"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovr", max_fpr=0.5), "max_fpr"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovo", average="micro"), "average"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovr", average="samples"), "average"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovo", average=None), "average"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovo", sample_weight=[1, 1, 1]),
         "sample_weight"),
        (dict(y_true=[0, 1, 3], y_score=p3, multi_class="ovr", labels=[0, 1, 2]),
         "y_true contains labels that are not in labels"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovr", labels=[0, 2, 1]),
         "labels must be sorted"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovr", labels=[0, 1, 1]),
         "labels must be unique"),
        (dict(y_true=[0, 1, 2], y_score=p3, multi_class="ovr", labels=[0, 1, 2, 3]),
         "labels has 4 entries but y_score has 3 columns"),
        (dict(y_true=[0, 1, 2, 3], y_score=[*p3, [0.2, 0.3, 0.5]], multi_class="ovr"),
         "y_true has 4 classes but y_score has 3 columns"),
        (dict(y_true=[[0, 1], [1, 0]], y_score=[0.1, 0.2]), "same shape"),
        (dict(y_true=[[0, 2], [1, 0]], y_score=[[0.1, 0.2], [0.3, 0.4]]),
         "multilabel indicator"),
        (dict(y_true=[[0, 1], [1, 0]], y_score=[[0.1, 0.2, 0.3], [0.3, 0.4, 0.5]]),
         "same shape"),
    ]
    for kwargs, match in cases:
        with pytest.raises(MetricInputError, match=match):
            roc_auc_score(**kwargs)


def test_average_precision_score_refuses_bad_pos_label_and_shapes():
    with pytest.raises(MetricInputError, match="pos_label=1 cannot be a label of y_true"):
        average_precision_score(["a", "b"], [0.1, 0.2])
    with pytest.raises(MetricInputError, match=r"pos_label=3 is not a label of y_true"):
        average_precision_score([1, 2], [0.1, 0.2], pos_label=3)
    with pytest.raises(MetricInputError, match="pos_label is fixed to 1 for a multiclass"):
        average_precision_score([0, 1, 2], np.eye(3), pos_label=2)
    with pytest.raises(MetricInputError, match="pos_label is fixed to 1 for a multilabel"):
        average_precision_score(np.eye(3), np.eye(3), pos_label=0)
    with pytest.raises(MetricInputError, match=r"y_score must have shape \(3, 3\)"):
        average_precision_score([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(MetricInputError, match="average='mean'"):
        average_precision_score(Y, S, average="mean")


def test_auc_refuses_too_few_points_and_non_monotonic_x():
    with pytest.raises(MetricInputError, match="at least 2 points"):
        auc([0.5], [1.0])
    with pytest.raises(MetricInputError, match="x is neither increasing nor decreasing"):
        auc([0, 1, 0.5], [1, 2, 3])
    with pytest.raises(MetricInputError, match="x and y differ in length"):
        auc([0, 1], [1, 2, 3])
    with pytest.raises(MetricInputError, match="y contains NaN"):
        auc([0, 1], [np.nan, 1])


def test_helpers_refuse_bad_targets_costs_and_sweeps():
    for target in (-0.1, 1.5, np.nan, "0.9", True):
        with pytest.raises(MetricInputError, match="target must be a number in"):
            threshold_for_recall(Y, S, target)
        with pytest.raises(MetricInputError, match="target must be a number in"):
            threshold_for_precision(Y, S, target)
    with pytest.raises(MetricInputError, match="no positive samples"):
        threshold_for_recall([0, 0], [0.1, 0.2], 0.5)
    for name in ("cost_fp", "cost_fn"):
        for bad in (-1, np.inf, np.nan, "1"):
            kwargs = {"cost_fp": 1, "cost_fn": 1, name: bad}
            with pytest.raises(MetricInputError, match=name):
                cost_optimal_threshold(Y, S, **kwargs)
    with pytest.raises(MetricInputError, match="sweep must be a ThresholdSweep"):
        counts_at_threshold(roc_curve(Y, S), 0.5)
    with pytest.raises(MetricInputError, match="threshold must be a number"):
        counts_at_threshold(threshold_sweep(Y, S), np.nan)
    with pytest.raises(MetricInputError, match="zero_division"):
        threshold_sweep(Y, S, zero_division="skip")
    with pytest.raises(MetricInputError, match="max_rows"):
        threshold_sweep(Y, S).to_text(max_rows=0)
