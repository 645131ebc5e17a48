"""Mergeable metric states give the one-pass result from any split of the data.

Layers: hand-worked examples; seeded random data cut into random chunks (empty and
one-element chunks included) and merged in random tree shapes, compared with the package's
one-pass metrics (and scikit-learn where it has the metric); the algebra of merge
(associative, commutative, identity, inputs untouched); serialisation; bad input.
"""

import json
import pickle
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
    RegressionState,
    RocAucState,
    state_from_dict,
)

SEEDS = range(12)


# --------------------------------------------------------------------------- helpers


def random_cuts(n, rng):
    """Chunk boundaries with empty and one-element chunks among ordinary ones."""
    cuts = sorted(rng.integers(0, n + 1, size=rng.integers(0, 8)).tolist())
    cuts += [cuts[-1]] * 2 if cuts else [0, 0]  # an empty chunk
    if n > 2:
        one = int(rng.integers(0, n - 1))
        cuts += [one, one + 1]  # a one-element chunk
    return [0] + sorted(cuts) + [n]


def chunked_states(make, arrays, rng, weight=None):
    """One state per chunk of a random split (weights split alongside)."""
    cuts = random_cuts(len(arrays[0]), rng)
    states = []
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        kw = {} if weight is None else {"sample_weight": weight[lo:hi]}
        states.append(make().update(*(a[lo:hi] for a in arrays), **kw))
    return states


def merge_randomly(states, rng):
    """Merge in a random order and a random tree shape."""
    states = [states[i] for i in rng.permutation(len(states))]
    while len(states) > 1:
        i = int(rng.integers(0, len(states) - 1))
        states[i:i + 2] = [states[i].merge(states[i + 1])]
    return states[0]


def streamed(make, arrays, rng, weight=None):
    return merge_randomly(chunked_states(make, arrays, rng, weight), rng)


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def labels(rng, n, k, strings=False):
    y = rng.integers(0, k, size=n)
    return np.array(["ant", "bee", "cat", "dog", "eel"])[y] if strings else y


# --------------------------------------------------------------------------- confusion matrix


def test_two_chunks_give_the_confusion_matrix_of_the_union():
    a = ConfusionMatrixState().update([0, 1, 1], [0, 1, 0])
    b = ConfusionMatrixState().update([1, 0, 2], [1, 1, 2])
    np.testing.assert_array_equal(a.merge(b).confusion_matrix(),
                                  [[1, 1, 0], [1, 2, 0], [0, 0, 1]])


@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_state_equals_the_one_pass_matrix_and_scores(seed):
    rng = np.random.default_rng(seed)
    n, k, strings = int(rng.integers(1, 300)), int(rng.integers(2, 5)), bool(seed % 2)
    y_true, y_pred = labels(rng, n, k, strings), labels(rng, n, k, strings)
    weight = [None, rng.random(n), rng.integers(0, 4, n)][seed % 3]
    if weight is not None and not np.any(weight):
        weight[0] = 1
    state = streamed(ConfusionMatrixState, (y_true, y_pred), rng, weight)
    expected = mm.confusion_matrix(y_true, y_pred, sample_weight=weight)
    got = state.confusion_matrix()
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    np.testing.assert_allclose(got, skm.confusion_matrix(y_true, y_pred, sample_weight=weight), rtol=1e-12)
    for metric in ("accuracy_score", "balanced_accuracy_score", "matthews_corrcoef"):
        assert quiet(state.score, metric) == pytest.approx(
            quiet(getattr(mm, metric), y_true, y_pred, sample_weight=weight), rel=1e-10, abs=1e-12)
    for metric in ("precision_score", "recall_score", "f1_score", "specificity_score"):
        for average in ("macro", "weighted", "micro", None):
            got = quiet(state.score, metric, average=average, zero_division=0)
            want = quiet(getattr(mm, metric), y_true, y_pred, average=average, zero_division=0,
                         sample_weight=weight)
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_compute_matches_each_one_pass_score_and_counts(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(1, 200))
    y_true = rng.integers(0, 2, n)
    y_pred = np.where(rng.random(n) < 0.7, y_true, 1 - y_true)
    state = streamed(ConfusionMatrixState, (y_true, y_pred), rng)
    got = quiet(state.compute, zero_division=0)
    for key, fn in [("accuracy", mm.accuracy_score), ("precision", mm.precision_score),
                    ("recall", mm.recall_score), ("f1", mm.f1_score),
                    ("specificity", mm.specificity_score)]:
        kwargs = {} if key == "accuracy" else {"zero_division": 0}
        assert got[key] == pytest.approx(quiet(fn, y_true, y_pred, **kwargs), abs=1e-12)
    assert got["mcc"] == pytest.approx(quiet(skm.matthews_corrcoef, y_true, y_pred), abs=1e-12)
    if len(np.unique(np.r_[y_true, y_pred])) == 2:
        tn, fp, fn, tp = skm.confusion_matrix(y_true, y_pred).ravel()
        assert (got["tp"], got["fp"], got["fn"], got["tn"]) == (tp, fp, fn, tn)


def test_string_labels_with_pos_label_give_counts_for_that_label():
    state = ConfusionMatrixState().update(["spam", "ham", "spam"], ["spam", "spam", "ham"])
    got = state.compute(pos_label="ham")
    assert (got["tp"], got["fp"], got["fn"], got["tn"]) == (0, 1, 1, 1)
    assert got["recall"] == pytest.approx(mm.recall_score(["spam", "ham", "spam"],
                                                          ["spam", "spam", "ham"], pos_label="ham"))


def test_zero_division_warns_as_the_one_pass_metric_does():
    state = ConfusionMatrixState().update([0, 1], [0, 0])
    with pytest.warns(UndefinedMetricWarning):
        assert state.score("precision_score") == 0.0


# --------------------------------------------------------------------------- merge algebra


def make_all(rng):
    n = 60
    y = rng.integers(0, 2, n)
    s = np.round(rng.random(n), 2)
    yr, pr = rng.normal(size=n), rng.normal(size=n)
    return [
        (ConfusionMatrixState, (y, rng.integers(0, 2, n))),
        (RocAucState, (y, s)),
        (lambda: BinnedRocAucState(n_bins=16), (y, s)),
        (lambda: CalibrationState(n_bins=5), (y, s)),
        (RegressionState, (yr, pr)),
    ]


@pytest.mark.parametrize("index", range(5))
def test_merge_is_associative_and_commutative_with_the_empty_state_as_identity(index):
    rng = np.random.default_rng(index)
    make, arrays = make_all(rng)[index]
    a, b, c = (make().update(*(x[i::3] for x in arrays)) for i in range(3))
    left, right = a.merge(b).merge(c), a.merge(b.merge(c))
    for f in left._fields:
        np.testing.assert_allclose(getattr(left, f), getattr(right, f), rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(getattr(a.merge(b), f), getattr(b.merge(a), f), rtol=1e-13, atol=1e-13)
    assert a.merge(make()) == a and make().merge(a) == a
    whole = make().update(*arrays)
    for f in whole._fields:  # the order inside the union differs, the sums do not
        np.testing.assert_allclose(np.sort(getattr(left, f), axis=None),
                                   np.sort(getattr(whole, f), axis=None), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("index", range(5))
def test_merge_leaves_its_inputs_unchanged_and_reset_empties(index):
    rng = np.random.default_rng(50 + index)
    make, arrays = make_all(rng)[index]
    a, b = make().update(*(x[:30] for x in arrays)), make().update(*(x[30:] for x in arrays))
    a0, b0 = a.copy(), b.copy()
    a.merge(b)
    assert a == a0 and b == b0
    assert a.reset() == make()
    with pytest.raises(MetricInputError, match="empty"):
        a.compute()


@pytest.mark.parametrize("index", range(5))
def test_states_survive_json_and_pickle(index):
    rng = np.random.default_rng(70 + index)
    make, arrays = make_all(rng)[index]
    state = make().update(*arrays)
    data = json.loads(json.dumps(state.to_dict()))
    assert state_from_dict(data) == state
    assert type(state).from_dict(data) == state
    assert pickle.loads(pickle.dumps(state)) == state
    assert quiet(state_from_dict(data).compute) is not None


# --------------------------------------------------------------------------- ROC AUC


def test_averaging_two_chunk_aucs_is_not_the_auc_of_the_union():
    a = RocAucState().update([0, 1], [0.1, 0.2])  # perfectly ranked
    b = RocAucState().update([0, 1], [0.8, 0.9])  # perfectly ranked
    assert a.compute() == b.compute() == 1.0
    union = a.merge(b).compute()
    assert union == mm.roc_auc_score([0, 1, 0, 1], [0.1, 0.2, 0.8, 0.9]) == 0.75


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_auc_state_equals_roc_auc_score_with_ties_weights_and_strings(seed):
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(2, 400))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    score = np.round(rng.normal(size=n) + y, int(rng.integers(0, 3)))  # many ties
    weight = rng.random(n) * (rng.random(n) < 0.9) if seed % 2 else None
    if seed % 3 == 0:
        y_lab = np.array(["neg", "pos"])[y]
        state = streamed(lambda: RocAucState(pos_label="pos"), (y_lab, score), rng, weight)
    else:
        state = streamed(RocAucState, (y, score), rng, weight)
    want = quiet(mm.roc_auc_score, y, score, sample_weight=weight)
    assert quiet(state.compute) == pytest.approx(want, rel=1e-12, nan_ok=True)
    if weight is None:
        assert state.compute() == pytest.approx(skm.roc_auc_score(y, score), rel=1e-12)


def test_auc_state_grows_with_distinct_scores_only():
    rng = np.random.default_rng(3)
    state = RocAucState().update(rng.integers(0, 2, 10_000), np.round(rng.random(10_000), 2))
    assert state.values.size <= 101 and state.weights.shape == (2, state.values.size)


def test_one_class_auc_warns_and_is_nan_as_one_pass():
    state = RocAucState().update([1, 1], [0.2, 0.3])
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(state.compute())


@pytest.mark.parametrize("seed", SEEDS)
def test_binned_auc_stays_within_its_stated_error_bound(seed):
    rng = np.random.default_rng(300 + seed)
    n, n_bins = int(rng.integers(2, 2000)), int(rng.choice([1, 2, 10, 100, 1000]))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    spread = [1.0, 0.05, 0.001][seed % 3]  # scores bunched in a few bins are the hard case
    score = np.clip(0.5 + spread * (rng.normal(size=n) + y), 0, 1)
    weight = rng.random(n) if seed % 2 else None
    state = streamed(lambda: BinnedRocAucState(n_bins=n_bins), (y, score), rng, weight)
    exact = mm.roc_auc_score(y, score, sample_weight=weight)
    bound = state.error_bound()
    assert abs(state.compute() - exact) <= bound + 1e-12
    pos, neg = state._pos_neg()  # the a-priori bound of the docstring
    assert bound <= 0.5 * min(pos.max() / pos.sum(), neg.max() / neg.sum()) + 1e-12


def test_binned_auc_is_exact_when_each_score_has_its_own_bin():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 500)
    score = rng.integers(1, 51, 500) / 50  # scores on the right edges of 50 bins
    state = BinnedRocAucState(n_bins=50).update(y, score)
    assert state.compute() == pytest.approx(mm.roc_auc_score(y, score), rel=1e-12)


# --------------------------------------------------------------------------- calibration


@pytest.mark.parametrize("seed", SEEDS)
def test_calibration_state_equals_one_pass_ece_mce_and_reliability_curve(seed):
    rng = np.random.default_rng(400 + seed)
    n, n_bins = int(rng.integers(1, 500)), int(rng.integers(1, 16))
    y = rng.integers(0, 2, n)
    prob = np.round(rng.beta(2, 2, n), 2)  # some probabilities fall on bin edges
    weight = rng.random(n) + 0.01 if seed % 2 else None
    if seed % 3 == 0:
        y_lab = np.array(["ham", "spam"])[y]
        state = streamed(lambda: CalibrationState(n_bins, pos_label="spam"), (y_lab, prob), rng, weight)
        kw = {"pos_label": "spam"}
        y_in = y_lab
    else:
        state = streamed(lambda: CalibrationState(n_bins), (y, prob), rng, weight)
        kw, y_in = {}, y
    got = state.compute()
    assert got["ece"] == pytest.approx(mm.expected_calibration_error(
        y_in, prob, n_bins=n_bins, sample_weight=weight, **kw), rel=1e-10, abs=1e-13)
    assert got["mce"] == pytest.approx(mm.maximum_calibration_error(
        y_in, prob, n_bins=n_bins, sample_weight=weight, **kw), rel=1e-10, abs=1e-13)
    if weight is None:
        prob_true, prob_pred = mm.calibration_curve(y_in, prob, n_bins=n_bins, **kw)
        np.testing.assert_allclose(got["prob_true"], prob_true, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(got["prob_pred"], prob_pred, rtol=1e-10, atol=1e-13)


def test_calibration_needs_pos_label_for_labels_other_than_0_1():
    state = CalibrationState().update(["a", "b"], [0.2, 0.9])
    with pytest.raises(MetricInputError, match="pos_label"):
        state.compute()


# --------------------------------------------------------------------------- regression


@pytest.mark.parametrize("seed", SEEDS)
def test_regression_state_equals_one_pass_errors_and_r2(seed):
    rng = np.random.default_rng(500 + seed)
    n = int(rng.integers(2, 400))
    offset = [0.0, 1e6, 1e9][seed % 3]  # a large mean: the naive sum-of-squares variance fails
    y_true = offset + rng.normal(size=n)
    y_pred = y_true + rng.normal(scale=0.3, size=n)
    weight = [None, rng.random(n), rng.integers(0, 5, n).astype(float) + (np.arange(n) == 0)][seed % 3]
    got = streamed(RegressionState, (y_true, y_pred), rng, weight).compute()
    kw = {"sample_weight": weight}
    assert got["mae"] == pytest.approx(mm.mean_absolute_error(y_true, y_pred, **kw), rel=1e-9)
    assert got["mse"] == pytest.approx(mm.mean_squared_error(y_true, y_pred, **kw), rel=1e-9)
    assert got["rmse"] == pytest.approx(mm.root_mean_squared_error(y_true, y_pred, **kw), rel=1e-9)
    assert got["mean_error"] == pytest.approx(mm.mean_error(y_true, y_pred, **kw), rel=1e-7, abs=1e-9)
    assert got["r2"] == pytest.approx(mm.r2_score(y_true, y_pred, **kw), rel=1e-8, abs=1e-9)
    assert got["r2"] == pytest.approx(skm.r2_score(y_true, y_pred, sample_weight=weight), rel=1e-8, abs=1e-9)


def test_chan_merge_keeps_r2_where_the_naive_variance_fails():
    rng = np.random.default_rng(9)
    y = 1e9 + rng.normal(size=1000)
    pred = y + 0.5
    state = merge_randomly([RegressionState().update(y[i::10], pred[i::10]) for i in range(10)], rng)
    naive_ss_tot = np.sum(y**2) - y.size * np.mean(y) ** 2  # cancellation: garbage at 1e9
    assert abs(naive_ss_tot / np.sum((y - y.mean()) ** 2) - 1) > 1e-3
    assert state.compute()["r2"] == pytest.approx(mm.r2_score(y, pred), rel=1e-9)


def test_regression_edge_cases_follow_r2_score():
    assert RegressionState().update([2.0, 2.0], [2.0, 2.0]).compute()["r2"] == 1.0
    assert RegressionState().update([2.0, 2.0], [1.0, 2.0]).compute()["r2"] == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(RegressionState().update([1.0], [2.0]).compute()["r2"])


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("make, args, match", [
    (ConfusionMatrixState, ([0, 1], [0]), "y_true and y_pred differ in length"),
    (ConfusionMatrixState, ([0, 1], ["a", "b"]), "mix label types"),
    (ConfusionMatrixState, ([0.5, 1], [0, 1]), "y_true looks continuous"),
    (RocAucState, ([0, 1], [0.1, np.nan]), "y_score contains NaN"),
    (RocAucState, ([0, 1, 2], [0.1, 0.2, 0.3]), "binary"),
    (BinnedRocAucState, ([0, 1], [0.1, 1.5]), "y_score must hold probabilities"),
    (CalibrationState, ([0, 1], [-0.1, 0.5]), "y_prob must hold probabilities"),
    (CalibrationState, ([0, 1, 2], [0.1, 0.5, 0.2]), "binary"),
    (RegressionState, ([1.0, np.inf], [1.0, 2.0]), "y_true contains NaN or infinity"),
    (RegressionState, ([1.0, 2.0], [[1.0], [2.0]]), "y_pred must be 1-D"),
    (RegressionState, ([1.0], [1.0, 2.0]), "y_true and y_pred differ in length"),
])
def test_bad_chunks_raise_metric_input_error_naming_the_argument(make, args, match):
    with pytest.raises(MetricInputError, match=match):
        make().update(*args)


def test_bad_weights_settings_and_merges_raise():
    with pytest.raises(MetricInputError, match="sample_weight"):
        RegressionState().update([1.0, 2.0], [1.0, 2.0], sample_weight=[1.0, -1.0])
    with pytest.raises(MetricInputError, match="n_bins"):
        BinnedRocAucState(n_bins=0)
    with pytest.raises(MetricInputError, match="other must be a RocAucState"):
        RocAucState().merge(RegressionState())
    with pytest.raises(MetricInputError, match="n_bins"):
        CalibrationState(5).merge(CalibrationState(10))
    with pytest.raises(MetricInputError, match="mix label types"):
        ConfusionMatrixState().update([0, 1], [0, 1]).merge(ConfusionMatrixState().update(["a"], ["b"]))
    with pytest.raises(MetricInputError, match="not a serialised state"):
        state_from_dict({"kind": "Nope"})
    with pytest.raises(MetricInputError, match="metric="):
        ConfusionMatrixState().update([0], [0]).score("roc_auc_score")
    with pytest.raises(MetricInputError, match="empty"):
        RocAucState().update([], []).compute()


# --------------------------------------------------------------------------- the drills' answers


def test_the_monitoring_drill_answers_agree_with_the_package_and_numpy():
    from mlmetrics_edu.drift import population_stability_index
    from mlmetrics_edu.drill.spec import reference_module

    answers = reference_module("12_monitoring")
    rng = np.random.default_rng(12)
    for _ in range(20):
        x, y = rng.normal(5, 2, int(rng.integers(0, 30))), rng.normal(0, 1, int(rng.integers(1, 30)))
        moments = [(v.size, v.mean() if v.size else 0.0, ((v - v.mean()) ** 2).sum() if v.size else 0.0)
                   for v in (x, y)]
        both = np.r_[x, y]
        got = answers.merge_moments(*moments)
        assert got == pytest.approx((both.size, both.mean(), ((both - both.mean()) ** 2).sum()), rel=1e-9)

        labels_ = rng.integers(0, 2, 60)
        labels_[:2] = [0, 1]
        scores = np.round(rng.normal(size=60) + labels_, 1)
        a, b = RocAucState().update(labels_[:25], scores[:25]), RocAucState().update(labels_[25:], scores[25:])

        def as_drill_state(s):  # (scores, pos, neg) as the drill defines a state
            rows = dict(zip(s.classes.tolist(), s.weights))
            return s.values, rows.get(1, np.zeros(s.values.size)), rows.get(0, np.zeros(s.values.size))

        assert answers.merged_auc(as_drill_state(a), as_drill_state(b)) == pytest.approx(
            mm.roc_auc_score(labels_, scores), rel=1e-12)

        expected, actual = rng.normal(size=200), rng.normal(0.3, 1, 150)
        assert answers.psi(expected, actual) == pytest.approx(
            population_stability_index(expected, actual), rel=1e-12)


def test_the_confusion_state_refuses_integer_weights_that_overflow_int64_like_the_one_pass_matrix():
    w = np.array([2**62, 2**62, 3], dtype=np.int64)
    with pytest.raises(MetricInputError, match="int64"):
        mm.confusion_matrix([0, 0, 1], [0, 0, 1], sample_weight=w)
    with pytest.raises(MetricInputError, match="int64"):  # within one chunk
        ConfusionMatrixState().update([0, 0, 1], [0, 0, 1], sample_weight=w)
    half = ConfusionMatrixState().update([0], [0], sample_weight=w[:1])
    with pytest.raises(MetricInputError, match="int64"):  # across chunks
        half.copy().update([1], [1], sample_weight=w[1:2])
    with pytest.raises(MetricInputError, match="int64"):  # across merged states
        half.merge(ConfusionMatrixState().update([1], [1], sample_weight=w[1:2]))
    exact = ConfusionMatrixState().update([0, 1], [0, 1], sample_weight=np.array([2**53 + 1, 1]))
    assert exact.counts.tolist() == [[2**53 + 1, 0], [0, 1]]  # integers stay exact past 2**53


# --------------------------------------------------------------------------- corrupted JSON states (issue 22.1)
# Every state class of the package -- found by scanning its modules for classes with to_dict,
# from_dict, update and merge, not listed by hand -- is serialised, corrupted in each way a file
# or a message can be (a missing field, a wrong kind, a list where an array record belongs, a
# bogus dtype, a shape that does not match its data or the other fields, null/NaN/Infinity or
# negative counts, duplicated or unsorted labels, a huge shape, not a dict at all) and loaded:
# each must raise one MetricInputError at load time, not a bare exception and not a state that
# fails -- or silently answers -- at compute().


def _state_classes():
    import importlib
    import inspect

    from test_common import public_modules

    found = {}
    for module_name in public_modules():
        for name, obj in vars(importlib.import_module(module_name)).items():
            if inspect.isclass(obj) and obj.__module__ == module_name and all(
                    callable(getattr(obj, m, None)) for m in ("to_dict", "from_dict", "update", "merge")):
                found[name] = obj
    return found


STATE_CLASSES = _state_classes()
_Y, _P = [0, 1, 1, 0, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1, 1, 0]
_S = [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.2]


def _poisson_bootstrap_state():
    from mlmetrics_edu.report import PoissonBootstrapState

    return PoissonBootstrapState(ConfusionMatrixState(), n_resamples=3, seed=0).update(_Y, _P)


# One filled state per class (a new state class without a line here fails the next test).
FILLED_STATE = {
    "ConfusionMatrixState": lambda: ConfusionMatrixState().update(_Y, _P),
    "RocAucState": lambda: RocAucState().update(_Y, _S),
    "BinnedRocAucState": lambda: BinnedRocAucState(n_bins=4).update(_Y, _S),
    "CalibrationState": lambda: CalibrationState(n_bins=2).update(_Y, _S),
    "RegressionState": lambda: RegressionState().update(_S, _S[::-1]),
    "DelayedLabelState": lambda: mm.DelayedLabelState(n_bins=3).update([1, None, 0, 0], [0.9, 0.8, 0.3, 0.1]),
    "HistogramDriftState": lambda: mm.HistogramDriftState.from_reference(np.linspace(0, 1, 20), bins=3).update(_S),
    "CategoricalDriftState": lambda: mm.CategoricalDriftState.from_reference(["a", "b", "b"]).update(["a", "c"]),
    "QuantileSketchState": lambda: mm.QuantileSketchState.from_reference(_S, k=8).update(_S),
    "PoissonBootstrapState": _poisson_bootstrap_state,
}

# RegressionState.moments: [W, sum|e|, sum e, sum e^2, mean(y_true), M2, rows]; these may be negative.
_SIGNED_MOMENTS = (2, 4)


def _is_record(value):
    return isinstance(value, dict) and {"dtype", "shape", "data"} <= set(value)


def _corruptions(cls, data):
    """``(label, corrupted copy of data)`` for every way a serialised state can be broken."""
    yield "not a dict: None", None
    yield "not a dict: a list", [data]
    yield "not a dict: a str", "state"
    for key in data:
        yield f"missing {key}", {k: v for k, v in data.items() if k != key}
    yield "kind=Bogus", {**data, "kind": "Bogus"}
    other = next(name for name in STATE_CLASSES if name != cls.__name__)
    yield f"kind={other}", {**data, "kind": other}
    for key, value in data.items():
        if key == "kind":
            continue
        for label, bad in (("a dict", {"a": 1}), ("a nested list", [[1]]), ("NaN", float("nan"))):
            yield f"{key}={label}", {**data, key: bad}
        if not _is_record(value):
            continue
        record = value
        yield f"{key}: a list, not an array record", {**data, key: list(record["data"])}
        for dtype in ("object", "V8", "c16", "M8[s]"):
            yield f"{key}: dtype {dtype}", {**data, key: {**record, "dtype": dtype}}
        values = record["data"]
        if values:
            yield f"{key}: one value short", {**data, key: {**record, "data": values[:-1]}}
        yield f"{key}: one value too many", {**data, key: {**record, "data": values + values[:1] + [0]}}
        for shape in ([-1], [2**40, 2**40], "3", [1.5], None, [True]):
            yield f"{key}: shape {shape!r}", {**data, key: {**record, "shape": shape}}
        yield f"{key}: data not a list", {**data, key: {**record, "data": "x"}}
        if values and np.dtype(record["dtype"]).kind in "biuf":
            for label, bad in (("null", None), ("NaN", float("nan")), ("Infinity", float("inf")), ("a string", "x")):
                yield f"{key}: {label} in the data", {**data, key: {**record, "data": [bad] + values[1:]}}
            if key in cls._nonnegative:
                yield f"{key}: a negative count", {**data, key: {**record, "data": [-1] + values[1:]}}
            if cls is RegressionState:
                for i in set(range(7)) - set(_SIGNED_MOMENTS):
                    yield f"{key}[{i}] negative", {**data, key: {**record, "data": values[:i] + [-1.0] + values[i + 1:]}}
        if key in getattr(cls, "_sorted", ()) and len(values) >= 2:
            yield f"{key}: a duplicated label", {**data, key: {**record, "data": values[:1] * 2 + values[2:]}}
            yield f"{key}: unsorted labels", {**data, key: {**record, "data": values[::-1]}}
        if record["shape"] and values:  # a record right in itself, one row more than the others expect
            arr = np.array(values, dtype=record["dtype"]).reshape(record["shape"])
            more = np.concatenate([arr, arr[-1:] if arr.dtype.kind in "US" else arr[-1:] + 1])
            yield f"{key}: one row more", {**data, key: {**record, "shape": list(more.shape),
                                                         "data": more.ravel().tolist()}}


# Cases known to fail, as "Class: label" (strict xfail). Empty: report/bootstrap.py now validates
# PoissonBootstrapState.from_dict field by field.
_NOT_YET: set = set()


def _corruption_params():
    params = []
    for name, cls in STATE_CLASSES.items():
        if name not in FILLED_STATE:
            continue  # test_every_state_class_has_a_filled_example fails instead
        data = json.loads(json.dumps(FILLED_STATE[name]().to_dict()))
        for label, bad in _corruptions(cls, data):
            case = f"{name}: {label}"
            marks = pytest.mark.xfail(reason="report/bootstrap.py from_dict is unvalidated", strict=True) \
                if case in _NOT_YET else ()
            params.append(pytest.param(cls, bad, id=case, marks=marks))
    return params


def test_every_state_class_has_a_filled_example():
    assert set(STATE_CLASSES) >= {"ConfusionMatrixState", "QuantileSketchState", "CategoricalDriftState"}
    assert not set(STATE_CLASSES) - set(FILLED_STATE), "add a filled example to FILLED_STATE"


@pytest.mark.parametrize("name", sorted(FILLED_STATE))
def test_the_filled_examples_survive_json(name):
    state = FILLED_STATE[name]()
    data = json.loads(json.dumps(state.to_dict()))
    assert json.loads(json.dumps(type(state).from_dict(data).to_dict())) == data


@pytest.mark.parametrize("cls, data", _corruption_params())
def test_a_corrupted_serialised_state_is_refused_at_load_time(cls, data):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            state = cls.from_dict(data)
    except MetricInputError:
        return
    # loaded: say what compute() then does, so the failure names the gap
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = f"compute() returned {state.compute()!r:.80}"
    except Exception as exc:  # noqa: BLE001 - the point is to name it
        got = f"compute() raised {type(exc).__name__}: {exc}"
    pytest.fail(f"loaded without a MetricInputError; {got}")


@pytest.mark.parametrize("name", sorted(set(FILLED_STATE) - {"PoissonBootstrapState"}))
def test_state_from_dict_refuses_what_each_from_dict_refuses(name):
    data = json.loads(json.dumps(FILLED_STATE[name]().to_dict()))
    assert json.loads(json.dumps(state_from_dict(data).to_dict())) == data
    for label, bad in _corruptions(STATE_CLASSES[name], data):
        with pytest.raises(MetricInputError):
            state_from_dict(bad)
