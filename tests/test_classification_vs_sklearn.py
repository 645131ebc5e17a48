"""Every classification metric against scikit-learn 1.9 on seeded random inputs.

Values must agree to rtol=1e-10 (counts exactly, with the same dtype), return
types must match, and an UndefinedMetricWarning (or the pos_label UserWarning)
must be raised exactly as often as scikit-learn raises it.
"""

import warnings

import numpy as np
import pytest
from sklearn import metrics as sk
from sklearn.exceptions import UndefinedMetricWarning as SkUndefined

import mlmetrics_edu.classification as ours
from mlmetrics_edu._validation import UndefinedMetricWarning

ZERO_DIVISIONS = ["warn", 0, 1, np.nan]
LETTERS = np.array(["ant", "bee", "cat", "dog", "eel", "fox"])


def call(f, *args, **kwargs):
    """Result of f, and how many warnings of each kind it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = f(*args, **kwargs)
    undefined = sum(issubclass(w.category, (SkUndefined, UndefinedMetricWarning)) for w in caught)
    user = sum(w.category is UserWarning for w in caught)
    return result, undefined, user


def assert_same(mine, theirs, atol=0):
    """Same type and value; atol only where tn = n - tp - fp - fn carries rounding."""
    if theirs is None:
        assert mine is None
    elif isinstance(theirs, float):
        assert type(mine) is float
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=atol)
    else:
        assert isinstance(mine, np.ndarray) and mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=atol)


def random_labels(rng, case):
    """A 1-D (y_true, y_pred) pair; the case number cycles through the label flavours."""
    n = int(rng.integers(1, 40))
    k = int(rng.integers(1, 6))
    t, p = rng.integers(0, k, n), rng.integers(0, k, n)
    if rng.random() < 0.3:  # a good classifier: mostly right, so ties between labels
        p = np.where(rng.random(n) < 0.7, t, p)
    flavour = case % 6
    if flavour == 1:
        return LETTERS[t], LETTERS[p]
    if flavour == 2:  # labels with gaps, negative ones too (e.g. -1/+1)
        return t * 2 - 1, p * 2 - 1
    if flavour == 3:  # huge and negative integers: the sorting path of the encoder
        return t * 10**12 - 5, p * 10**12 - 5
    if flavour == 4:  # binary in {0, 1} (possibly one class)
        return t % 2, p % 2
    if flavour == 5:
        return t.astype(float), p.astype(float)
    if case % 12 == 0:  # small integer dtypes, mixed
        return t.astype(np.int8), p.astype(np.uint16)
    return t, p


def random_weights(rng, n):
    choice = rng.integers(0, 4)
    if choice == 0:
        return None
    if choice == 1:
        w = rng.integers(0, 4, n)  # integer weights, some zero
    elif choice == 2:
        w = rng.random(n) * (rng.random(n) < 0.8)  # float weights, some zero
    else:
        w = rng.integers(1, 3, n).astype(float)
    if not np.any(w):
        w[0] = 1
    return w


def random_indicators(rng):
    n, m = int(rng.integers(1, 25)), int(rng.integers(2, 6))
    density = rng.random()
    t = (rng.random((n, m)) < density).astype(int)
    p = np.where(rng.random((n, m)) < 0.6, t, rng.random((n, m)) < density).astype(int)
    return t, p


# --------------------------------------------------------------------------- matrices


def test_confusion_matrix_matches_sklearn_values_dtype_and_warning():
    rng = np.random.default_rng(0)
    for case in range(250):
        t, p = random_labels(rng, case)
        w = random_weights(rng, len(t))
        kwargs = {"sample_weight": w, "normalize": [None, "true", "pred", "all"][case % 4]}
        if case % 5 == 0:  # a subset and/or unseen labels, in a shuffled order
            present = np.unique(np.concatenate([t, p]))
            extra = np.array(["zzz"]) if t.dtype.kind == "U" else np.array([present.max() + 1])
            labels = rng.permutation(np.concatenate([present[rng.random(present.size) < 0.7], extra]))
            if not np.isin(labels, t).any():
                labels = np.concatenate([labels, t[:1]])
            kwargs["labels"] = labels
        theirs, _, sk_user = call(sk.confusion_matrix, t, p, **kwargs)
        mine, _, user = call(ours.confusion_matrix, t, p, **kwargs)
        assert mine.dtype == theirs.dtype, (case, kwargs)
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)
        assert user == sk_user


def test_confusion_matrix_keeps_integer_weights_integer_like_sklearn():
    for w in ([1, 2, 3], np.array([1, 2, 3], dtype=np.int32), [True, False, True], [1.0, 2.0, 3.0]):
        mine = ours.confusion_matrix([0, 1, 1], [0, 1, 0], sample_weight=w)
        theirs = sk.confusion_matrix([0, 1, 1], [0, 1, 0], sample_weight=w)
        assert mine.dtype == theirs.dtype
        np.testing.assert_array_equal(mine, theirs)


def test_multilabel_confusion_matrix_matches_sklearn_for_labels_and_indicators():
    rng = np.random.default_rng(1)
    for case in range(200):
        w = None
        if case % 2:
            t, p = random_indicators(rng)
            samplewise = bool(case % 4 == 1)
            labels = rng.permutation(t.shape[1])[: rng.integers(1, t.shape[1] + 1)] if case % 3 == 0 else None
        else:
            t, p = random_labels(rng, case)
            samplewise = False
            labels = None
            if case % 3 == 0:
                present = np.unique(np.concatenate([t, p]))
                labels = rng.permutation(present)[: rng.integers(1, present.size + 1)]
        if case % 5 < 2:
            w = random_weights(rng, len(t))
        kwargs = {"sample_weight": w, "labels": labels, "samplewise": samplewise}
        theirs = sk.multilabel_confusion_matrix(t, p, **kwargs)
        mine = ours.multilabel_confusion_matrix(t, p, **kwargs)
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)
        if w is None and theirs.dtype == np.int64:  # sklearn turns floats when nothing is right
            assert mine.dtype == np.int64


# --------------------------------------------------------------------------- scalar metrics


@pytest.mark.parametrize("metric", ["accuracy_score", "balanced_accuracy_score", "matthews_corrcoef"])
def test_scalar_metrics_match_sklearn(metric):
    rng = np.random.default_rng(2)
    for case in range(150):
        t, p = random_labels(rng, case)
        w = random_weights(rng, len(t))
        kwargs = {"sample_weight": w}
        if metric == "balanced_accuracy_score":
            kwargs["adjusted"] = bool(case % 2)
        if metric == "accuracy_score":
            kwargs["normalize"] = bool(case % 3)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            theirs = getattr(sk, metric)(t, p, **kwargs)
        sk_no_truth = any("not in y_true" in str(c.message) for c in caught)
        if metric == "balanced_accuracy_score" and kwargs["adjusted"] and np.unique(t).size == 1:
            continue  # deliberately NaN + UndefinedMetricWarning; see test_..._adjusted_single_class
        mine, _, _ = call(getattr(ours, metric), t, p, **kwargs)
        assert_same(mine, float(theirs))
        if metric == "balanced_accuracy_score":
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                getattr(ours, metric)(t, p, **kwargs)
            assert any("not in y_true" in str(c.message) for c in caught) == sk_no_truth


def test_accuracy_on_multilabel_is_subset_accuracy_like_sklearn():
    rng = np.random.default_rng(3)
    for _ in range(100):
        t, p = random_indicators(rng)
        w = random_weights(rng, len(t))
        assert_same(ours.accuracy_score(t, p, sample_weight=w), sk.accuracy_score(t, p, sample_weight=w))
        assert_same(ours.accuracy_score(t, p, normalize=False),
                    sk.accuracy_score(t, p, normalize=False))


def test_matthews_corrcoef_warns_where_sklearn_silently_returns_zero():
    assert sk.matthews_corrcoef([0, 1, 1], [1, 1, 1]) == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert ours.matthews_corrcoef([0, 1, 1], [1, 1, 1]) == 0.0


def test_balanced_accuracy_adjusted_single_class_is_nan_with_an_undefined_warning():
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(ours.balanced_accuracy_score([0, 0, 0], [0, 0, 0], adjusted=True))


# --------------------------------------------------------------------------- precision / recall / F


def prf_cases(rng, n_cases):
    """(y_true, y_pred, kwargs) for the set-wise metrics: every average, labels, pos_label."""
    for case in range(n_cases):
        multilabel = case % 4 == 3
        if multilabel:
            t, p = random_indicators(rng)
            average = [None, "micro", "macro", "weighted", "samples"][case % 5]
        else:
            t, p = random_labels(rng, case)
            average = [None, "micro", "macro", "weighted", "binary"][case % 5]
        kwargs = {"average": average, "zero_division": ZERO_DIVISIONS[case % 4 if case % 7 else 0]}
        if case % 3 == 0:
            kwargs["sample_weight"] = random_weights(rng, len(t))
        present = np.arange(t.shape[1]) if multilabel else np.unique(np.concatenate([t, p]))
        if average == "binary":
            if present.size > 2:
                t, p = t == t[0], p == t[0]  # make it binary: bool labels, pos_label True
                present = np.unique(np.concatenate([t, p]))
            kwargs["pos_label"] = present[rng.integers(present.size)]
        elif case % 4 == 0 and not multilabel:
            unseen = "zzz" if t.dtype.kind == "U" else present.max() + 1
            kwargs["labels"] = list(rng.permutation(present)[: rng.integers(1, present.size + 1)]) + [unseen]
        elif case % 4 == 3 and case % 2 == 1:
            kwargs["labels"] = list(rng.permutation(present)[: rng.integers(1, present.size + 1)])
        if case % 11 == 0 and average not in (None, "binary"):
            kwargs["pos_label"] = present[0]  # ignored, with a UserWarning unless it is 1
        yield t, p, kwargs


def test_precision_recall_fscore_support_matches_sklearn_values_and_warnings():
    rng = np.random.default_rng(4)
    for t, p, kwargs in prf_cases(rng, 300):
        beta = [1.0, 0.5, 2.0, 0.0, np.inf][int(rng.integers(5))]
        theirs, sk_undef, sk_user = call(sk.precision_recall_fscore_support, t, p, beta=beta, **kwargs)
        mine, undef, user = call(ours.precision_recall_fscore_support, t, p, beta=beta, **kwargs)
        for m, s in zip(mine, theirs):
            assert_same(m, s)
        if kwargs["average"] is None:  # support: int64 counts, or float sums of weights
            weighted = kwargs.get("sample_weight") is not None
            assert mine[3].dtype == (np.float64 if weighted else np.int64)
            assert theirs[3].dtype == mine[3].dtype or (not weighted and nothing_right(t, p))
        assert (undef, user) == (sk_undef, sk_user), (kwargs, beta)


@pytest.mark.parametrize("name", ["precision_score", "recall_score", "f1_score"])
def test_single_score_functions_match_sklearn_values_and_warnings(name):
    rng = np.random.default_rng(5)
    for t, p, kwargs in prf_cases(rng, 200):
        theirs, sk_undef, sk_user = call(getattr(sk, name), t, p, **kwargs)
        mine, undef, user = call(getattr(ours, name), t, p, **kwargs)
        assert_same(mine, theirs)
        assert (undef, user) == (sk_undef, sk_user), kwargs


def test_fbeta_score_matches_sklearn_for_every_beta():
    rng = np.random.default_rng(6)
    for i, (t, p, kwargs) in enumerate(prf_cases(rng, 200)):
        beta = [0.0, 0.3, 1.0, 2.0, 7.5, np.inf][i % 6]
        theirs, sk_undef, _ = call(sk.fbeta_score, t, p, beta=beta, **kwargs)
        mine, undef, _ = call(ours.fbeta_score, t, p, beta=beta, **kwargs)
        assert_same(mine, theirs)
        assert undef == sk_undef


def test_binary_string_labels_need_a_valid_pos_label_like_sklearn():
    t, p = ["spam", "ham", "spam"], ["spam", "spam", "ham"]
    assert_same(ours.f1_score(t, p, pos_label="spam"), sk.f1_score(t, p, pos_label="spam"))
    assert_same(ours.recall_score(t, p, pos_label="ham"), sk.recall_score(t, p, pos_label="ham"))
    with pytest.raises(ValueError, match="pos_label"):
        ours.f1_score(t, p)
    # a single class: pos_label=1 is simply absent (0/0), in both
    theirs, sk_undef, _ = call(sk.f1_score, ["a", "a"], ["a", "a"])
    mine, undef, _ = call(ours.f1_score, ["a", "a"], ["a", "a"])
    assert mine == theirs and undef == sk_undef == 1


# --------------------------------------------------------------------------- specificity (ours)


def test_binary_specificity_is_recall_of_the_negative_class():
    rng = np.random.default_rng(7)
    for case in range(150):
        n = int(rng.integers(1, 30))
        t, p = rng.integers(0, 2, n), rng.integers(0, 2, n)
        names = np.array(["neg", "pos"]) if case % 2 else np.array([0, 1])
        t, p = names[t], names[p]
        w = random_weights(rng, n)
        zd = ZERO_DIVISIONS[case % 4]
        theirs, sk_undef, _ = call(sk.recall_score, t, p, pos_label=names[0], sample_weight=w,
                                   zero_division=zd)
        mine, undef, _ = call(ours.specificity_score, t, p, pos_label=names[1], sample_weight=w,
                              zero_division=zd)
        if np.unique(np.concatenate([t, p])).size == 2:  # with one class the two are not twins
            assert_same(mine, theirs, atol=1e-12)
            assert undef == sk_undef


def test_per_label_specificity_reads_sklearns_multilabel_confusion_matrix():
    rng = np.random.default_rng(8)
    for case in range(150):
        if case % 2:
            t, p = random_indicators(rng)
        else:
            t, p = random_labels(rng, case)
        # integer weights: sklearn's tn = n - tp - fp - fn is then exact, so its 0/0 cases are real
        w = None if case % 3 == 0 else np.maximum(rng.integers(0, 4, len(t)), np.arange(len(t)) == 0)
        mcm = sk.multilabel_confusion_matrix(t, p, sample_weight=w)
        tn, fp, fn, tp = (mcm[:, i, j] for i, j in [(0, 0), (0, 1), (1, 0), (1, 1)])
        with np.errstate(invalid="ignore"):
            expected = tn / (tn + fp)
        mine = ours.specificity_score(t, p, average=None, sample_weight=w, zero_division=np.nan)
        np.testing.assert_allclose(mine, expected, rtol=1e-10, atol=1e-12)
        keep = ~np.isnan(expected)
        if keep.any():
            assert_same(ours.specificity_score(t, p, average="macro", sample_weight=w,
                                               zero_division=np.nan), float(expected[keep].mean()),
                        atol=1e-12)
            micro = tn.sum() / (tn.sum() + fp.sum())
            assert_same(ours.specificity_score(t, p, average="micro", sample_weight=w), float(micro),
                        atol=1e-12)


# --------------------------------------------------------------------------- the report


def report_cases(rng, n_cases):
    for case in range(n_cases):
        if case % 3 == 2:
            t, p = random_indicators(rng)
        else:
            t, p = random_labels(rng, case)
        kwargs = {"zero_division": ZERO_DIVISIONS[case % 4], "digits": int(rng.integers(0, 5))}
        if case % 2:
            kwargs["sample_weight"] = random_weights(rng, len(t))
        if case % 5 == 0 and t.ndim == 1:
            present = np.unique(np.concatenate([t, p]))
            kwargs["labels"] = rng.permutation(present)[: rng.integers(1, present.size + 1)]
            if case % 10 == 0:
                kwargs["target_names"] = [f"class {i}" for i in range(len(kwargs["labels"]))]
        yield t, p, kwargs


def nothing_right(t, p):
    """sklearn's report prints float supports when no prediction is right (see docstring)."""
    return t.ndim == 1 and not np.any(t == p)


def test_classification_report_text_is_identical_to_sklearns():
    rng = np.random.default_rng(9)
    for t, p, kwargs in report_cases(rng, 80):
        theirs, sk_undef, sk_user = call(sk.classification_report, t, p, **kwargs)
        mine, undef, user = call(ours.classification_report, t, p, **kwargs)
        if nothing_right(t, p) and kwargs.get("sample_weight") is None:
            continue  # sklearn prints "1.0" supports here: test_report_supports_stay_integers...
        assert mine == theirs, (kwargs, "\n" + mine, "\n" + theirs)
        assert (undef, user) == (sk_undef, sk_user)


@pytest.mark.filterwarnings("ignore")  # warnings are compared in the text test
def test_classification_report_dict_is_identical_to_sklearns():
    rng = np.random.default_rng(10)
    for t, p, kwargs in report_cases(rng, 60):
        kwargs.pop("digits")
        theirs = sk.classification_report(t, p, output_dict=True, **kwargs)
        mine = ours.classification_report(t, p, output_dict=True, **kwargs)
        assert list(mine) == list(theirs)
        for key, value in theirs.items():
            if isinstance(value, float):
                assert type(mine[key]) is float
                np.testing.assert_allclose(mine[key], value, rtol=1e-10)
            else:
                assert list(mine[key]) == list(value)
                for stat, v in value.items():
                    assert type(mine[key][stat]) is float
                    np.testing.assert_allclose(mine[key][stat], v, rtol=1e-10)


def test_report_supports_stay_integers_when_no_prediction_is_right():
    # Deliberate difference: sklearn's counts turn float in this one case ("1.0").
    text = ours.classification_report([0, 1], [1, 0], zero_division=0)
    assert "         1\n" in text and "1.0" not in text
    assert "       1.0\n" in sk.classification_report([0, 1], [1, 0], zero_division=0)
