"""mlmetrics_edu.curves against scikit-learn 1.9 on seeded random inputs.

Every case compares values (rtol 1e-10, nan where sklearn has nan), the returned type, and
whether an undefined-value warning is raised exactly when scikit-learn raises one.
"""

import warnings

import numpy as np
import pytest
from sklearn import metrics as sk

from mlmetrics_edu import curves as ours
from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning

SEEDS = range(40)


def run(fn, *args, **kwargs):
    """(result, warned): whether a UserWarning (UndefinedMetricWarning is one) was raised."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, any(issubclass(w.category, UserWarning) for w in record)


def same(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13, equal_nan=True)


def both(name, *args, **kwargs):
    """Run ours and sklearn's ``name``; compare values, types and whether each warned."""
    mine, mine_warned = run(getattr(ours, name), *args, **kwargs)
    theirs, their_warned = run(getattr(sk, name), *args, **kwargs)
    assert mine_warned == their_warned, f"{name}: warned {mine_warned}, sklearn {their_warned}"
    if isinstance(theirs, tuple):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            assert isinstance(a, np.ndarray) and a.dtype == np.float64
            same(a, b)
    elif np.ndim(theirs) == 0:
        assert type(mine) is float
        same(mine, theirs)
    else:
        assert isinstance(mine, np.ndarray)
        same(mine, theirs)
    return mine


# --------------------------------------------------------------------------- random cases


def binary_case(rng):
    """Labels of a random kind, tied scores, and weights (None, integers with zeros, floats)."""
    n = int(rng.integers(1, 150))
    share = rng.choice([0.0, 0.03, 0.3, 0.5, 0.9, 1.0])
    pos = rng.random(n) < share
    decimals = int(rng.choice([0, 1, 2, 8]))
    score = np.round(rng.normal(size=n) + 1.5 * pos, decimals)
    if rng.random() < 0.2:
        score = score.astype(np.int64)  # integer scores: all ties
    kind = rng.choice(["01", "pm1", "bool", "strings", "12"])
    labels = {
        "01": (pos.astype(int), None),
        "pm1": (np.where(pos, 1, -1), None),
        "bool": (pos, None),
        "strings": (np.where(pos, "spam", "ham"), "spam"),
        "12": (np.where(pos, 2, 1), 2),
    }
    y, pos_label = labels[str(kind)]
    weight = [None, rng.integers(0, 4, n).astype(float), rng.uniform(0, 3, n)][rng.integers(3)]
    if weight is not None:
        weight[rng.integers(n)] = 1.0  # never all zero
    return y, score, pos_label, weight


def has_both_classes(y, pos_label, weight):
    positive = y == (1 if pos_label is None else pos_label)
    w = np.ones(len(y)) if weight is None else weight
    return w[positive].sum() > 0 and w[~positive].sum() > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_roc_curve_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    y, score, pos_label, weight = binary_case(rng)
    exact_weights = weight is None or np.all(weight == np.round(weight))
    for drop in (True, False) if exact_weights else (False,):
        # (float weights: a collinear corner may hinge on the last bit of a sum; compare all points)
        both("roc_curve", y, score, pos_label=pos_label, sample_weight=weight,
             drop_intermediate=drop)


@pytest.mark.parametrize("seed", SEEDS)
def test_precision_recall_curve_matches_sklearn(seed):
    rng = np.random.default_rng(1000 + seed)
    y, score, pos_label, weight = binary_case(rng)
    for drop in (False, True):
        both("precision_recall_curve", y, score, pos_label=pos_label, sample_weight=weight,
             drop_intermediate=drop)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_roc_auc_and_partial_auc_match_sklearn(seed):
    rng = np.random.default_rng(2000 + seed)
    y, score, pos_label, weight = binary_case(rng)
    # roc_auc_score has no pos_label: the greater label is positive ("spam" > "ham", 2 > 1).
    if not has_both_classes(y, pos_label, weight):
        both("roc_auc_score", y, score, sample_weight=weight)  # both warn and return nan
        return
    for max_fpr in (None, 1.0, 0.01, 0.1, 0.3, 0.5, 0.99):
        both("roc_auc_score", y, score, sample_weight=weight, max_fpr=max_fpr)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_average_precision_matches_sklearn(seed):
    rng = np.random.default_rng(3000 + seed)
    y, score, pos_label, weight = binary_case(rng)
    if pos_label is None and y.dtype.kind == "b":
        pos_label = True
    both("average_precision_score", y, score, pos_label=1 if pos_label is None else pos_label,
         sample_weight=weight)


@pytest.mark.parametrize("seed", range(20))
def test_auc_matches_sklearn_for_either_direction(seed):
    rng = np.random.default_rng(4000 + seed)
    n = int(rng.integers(2, 50))
    x = np.sort(np.round(rng.random(n), 1))
    y = rng.normal(size=n)
    both("auc", x, y)
    both("auc", x[::-1], y)


@pytest.mark.parametrize("seed", range(10))
def test_curves_score_one_class_against_the_rest_of_a_multiclass_target_like_sklearn(seed):
    rng = np.random.default_rng(4500 + seed)
    y = rng.choice(["ant", "bee", "cat"], 50).tolist()  # plain lists of strings, too
    score = np.round(rng.random(50), 1).tolist()
    both("roc_curve", y, score, pos_label="bee")
    both("precision_recall_curve", y, score, pos_label="cat")


# --------------------------------------------------------------------------- multiclass


def multiclass_case(rng, n_classes):
    n = int(rng.integers(n_classes + 2, 120))
    y = rng.integers(0, n_classes, n)
    y[:n_classes] = np.arange(n_classes)  # every class present
    counts = rng.integers(0, 4, size=(n, n_classes)) + (np.arange(n_classes) == y[:, None]) * 2
    proba = counts / counts.sum(axis=1, keepdims=True)  # small integer counts: many ties
    return y, proba


@pytest.mark.parametrize("seed", range(24))
def test_multiclass_roc_auc_ovr_and_ovo_match_sklearn(seed):
    rng = np.random.default_rng(5000 + seed)
    k = int(rng.integers(3, 6))
    y, proba = multiclass_case(rng, k)
    weight = [None, rng.integers(0, 4, len(y)).astype(float)][seed % 2]
    for average in ("macro", "weighted", "micro", None):
        both("roc_auc_score", y, proba, multi_class="ovr", average=average, sample_weight=weight)
    for average in ("macro", "weighted"):
        both("roc_auc_score", y, proba, multi_class="ovo", average=average)
    names = np.array(["ant", "bee", "cat", "dog", "eel"])[:k]
    both("roc_auc_score", names[y], proba, multi_class="ovo", average="weighted")
    both("roc_auc_score", names[y], proba, multi_class="ovr", average="weighted",
         sample_weight=weight)


@pytest.mark.parametrize("seed", range(12))
def test_multiclass_roc_auc_with_labels_never_seen_matches_sklearn(seed):
    rng = np.random.default_rng(6000 + seed)
    y, proba = multiclass_case(rng, 4)
    y = np.where(y == 3, 0, y)  # class 3 never occurs: its one-vs-rest AUC is undefined
    labels = [0, 1, 2, 3]
    for average in ("macro", "weighted", "micro", None):
        both("roc_auc_score", y, proba, multi_class="ovr", average=average, labels=labels)
    for average in ("macro", "weighted"):
        both("roc_auc_score", y, proba, multi_class="ovo", average=average, labels=labels)


@pytest.mark.parametrize("seed", range(20))
def test_multiclass_average_precision_matches_sklearn(seed):
    rng = np.random.default_rng(7000 + seed)
    y, proba = multiclass_case(rng, int(rng.integers(3, 6)))
    weight = [None, rng.integers(0, 4, len(y)).astype(float)][seed % 2]
    for average in ("macro", "weighted", "micro", "samples", None):
        both("average_precision_score", y, proba, average=average, sample_weight=weight)


# --------------------------------------------------------------------------- multilabel


def multilabel_case(rng):
    n, k = int(rng.integers(3, 40)), int(rng.integers(2, 6))
    Y = (rng.random((n, k)) < rng.uniform(0.1, 0.9, k)).astype(int)
    if rng.random() < 0.3:
        Y[:, rng.integers(k)] = rng.integers(0, 2)  # a single-class column: undefined AUC
    S = np.round(Y + rng.normal(size=(n, k)), int(rng.integers(0, 3)))
    weight = [None, rng.integers(0, 4, n).astype(float), rng.uniform(0, 2, n)][rng.integers(3)]
    if weight is not None:
        weight[0] = 1.0
    return Y, S, weight


@pytest.mark.parametrize("seed", range(24))
def test_multilabel_roc_auc_and_ap_match_sklearn_for_every_average(seed):
    rng = np.random.default_rng(8000 + seed)
    Y, S, weight = multilabel_case(rng)
    for average in ("micro", "macro", "weighted", "samples", None):
        both("roc_auc_score", Y, S, average=average, sample_weight=weight)
        both("average_precision_score", Y, S, average=average, sample_weight=weight)
    both("roc_auc_score", Y, S, average="macro", max_fpr=0.4, sample_weight=weight)


# --------------------------------------------------------------------------- documented differences


def test_binary_roc_auc_with_one_class_warns_and_returns_nan_as_sklearn_does():
    for y, w in (([1, 1, 1], None), (["a", "a", "a"], None), ([0, 1, 1], [1, 0, 0]), ([0, 1, 1], [0, 1, 1])):
        theirs, their_warned = run(sk.roc_auc_score, y, [0.1, 0.2, 0.3], sample_weight=w)
        mine, mine_warned = run(ours.roc_auc_score, y, [0.1, 0.2, 0.3], sample_weight=w)
        assert np.isnan(theirs) and their_warned and np.isnan(mine) and mine_warned and type(mine) is float
    with pytest.warns(UndefinedMetricWarning, match="only one class in y_true"):
        ours.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3])


def test_a_cross_validation_loop_survives_a_one_class_fold():
    y = np.array([0, 0, 0, 0, 1, 1, 0, 1])
    s = np.linspace(0, 1, 8)
    with pytest.warns(UndefinedMetricWarning):
        folds = [ours.roc_auc_score(y[i:i + 4], s[i:i + 4]) for i in (0, 4)]
    assert np.isnan(folds[0]) and folds[1] == sk.roc_auc_score(y[4:], s[4:])


def test_no_positive_warnings_are_undefined_metric_warnings_where_sklearn_uses_userwarning():
    with pytest.warns(UndefinedMetricWarning):
        ours.precision_recall_curve([0, 0], [0.1, 0.2])
    with pytest.warns(UndefinedMetricWarning):
        ours.average_precision_score([0, 0], [0.1, 0.2])


def test_sweep_counts_equal_sklearn_confusion_matrix_at_thresholds():
    rng = np.random.default_rng(9)
    for _ in range(20):
        y, score, pos_label, weight = binary_case(rng)
        sweep = run(ours.threshold_sweep, y, score, pos_label=pos_label, sample_weight=weight)[0]
        tns, fps, fns, tps, thresholds = sk.confusion_matrix_at_thresholds(
            y, score, pos_label=pos_label, sample_weight=weight)
        for mine, theirs in zip((sweep.tn, sweep.fp, sweep.fn, sweep.tp, sweep.threshold),
                                (tns, fps, fns, tps, thresholds)):
            same(mine, theirs)
