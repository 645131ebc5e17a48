"""Seeded randomized comparisons of mlmetrics_edu.calibration with scikit-learn 1.9."""

import warnings

import numpy as np
import pytest
import sklearn.calibration as skcal
import sklearn.metrics as skm

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.calibration import (
    brier_score_loss,
    calibration_curve,
    expected_calibration_error,
    log_loss,
    maximum_calibration_error,
)

LABEL_SETS = [
    np.array([0, 1]),
    np.array([-1, 1]),
    np.array([1, 2]),
    np.array([0, 1, 2]),
    np.array([3, 5, 7, 9]),
    np.array([0, 1, 2, 3, 4, 5]),
    np.array(["ant", "bee"]),
    np.array(["ant", "bee", "cat"]),
    np.array([0.0, 1.0, 2.0]),
    np.array([False, True]),
]


def run(func, *args, **kwargs):
    """(value or the exception class, the messages of the UserWarnings raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = func(*args, **kwargs)
        except ValueError as exc:
            value = exc
    messages = sorted(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    return value, messages


def assert_same(ours, theirs, rtol=1e-10):
    (value, our_warnings), (expected, their_warnings) = ours, theirs
    if isinstance(expected, Exception):
        message = f"sklearn raised {expected!r}, we gave {value!r}"
        assert isinstance(value, MetricInputError), message
        return
    assert not isinstance(value, Exception), f"we raised {value!r}, sklearn returned {expected!r}"
    assert type(value) is float
    np.testing.assert_allclose(value, expected, rtol=rtol, atol=1e-300)
    # the same warnings: rows not summing to one, unsorted labels
    ours_kinds = sorted(("sum to one" in m, "sorted" in m) for m in our_warnings)
    assert ours_kinds == sorted(("sum to one" in m, "ordered" in m) for m in their_warnings)


def random_case(rng):
    """A random probabilistic-classification problem, sometimes awkward."""
    classes = LABEL_SETS[rng.integers(len(LABEL_SETS))]
    k = classes.size
    n = int(rng.integers(1, 60))
    present = classes if rng.random() < 0.7 else classes[: max(1, k - 1)]  # a class may be absent
    y = rng.choice(present, size=n)
    if k == 2 and rng.random() < 0.6:
        p = rng.random(n)
        if rng.random() < 0.3:
            p[rng.random(n) < 0.3] = rng.integers(0, 2)  # certain predictions: clipping
        if rng.random() < 0.2:
            p = p[:, None]
    else:
        p = rng.dirichlet(np.ones(k) * rng.choice([0.2, 1.0, 5.0]), size=n)
        if rng.random() < 0.3:  # rows off by up to 5e-8: around scikit-learn's tolerance
            p = np.clip(p + rng.uniform(0, 5e-8, size=(n, 1)) * (np.arange(k) == 0), 0, 1)
        if rng.random() < 0.1:
            p = np.clip(p * 1.1, 0, 1)  # clearly not normalized
    if rng.random() < 0.15:
        p = p.astype(np.float32)
    kwargs = {}
    if rng.random() < 0.4:
        w = rng.choice([rng.integers(0, 4, n).astype(float), rng.random(n) * 3])
        w[rng.integers(n)] += 1  # never all zero
        kwargs["sample_weight"] = w
    r = rng.random()
    if r < 0.3:
        kwargs["labels"] = classes
    elif r < 0.4:
        kwargs["labels"] = classes[::-1].copy()  # unsorted: both warn
    return y, p, kwargs


def tolerance(p):
    return 1e-5 if p.dtype == np.float32 else 1e-10


@pytest.mark.parametrize("seed", range(12))
def test_log_loss_matches_sklearn_on_random_cases(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        y, p, kwargs = random_case(rng)
        normalize = bool(rng.random() < 0.7)
        ours = run(log_loss, y, p, normalize=normalize, **kwargs)
        theirs = run(skm.log_loss, y, p, normalize=normalize, **kwargs)
        assert_same(ours, theirs, rtol=tolerance(p))


@pytest.mark.parametrize("seed", range(12))
def test_brier_score_loss_matches_sklearn_on_random_cases(seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(60):
        y, p, kwargs = random_case(rng)
        if p.ndim == 1:
            kwargs.pop("labels", None)
            if y.dtype.kind in "US" or rng.random() < 0.3:
                kwargs["pos_label"] = rng.choice(np.unique(y))
        kwargs["scale_by_half"] = ["auto", True, False][rng.integers(3)]
        ours = run(brier_score_loss, y, p, **kwargs)
        theirs = run(skm.brier_score_loss, y, p, **kwargs)
        assert_same(ours, theirs, rtol=tolerance(p))


def test_log_loss_and_brier_handle_an_indicator_target_like_sklearn():
    rng = np.random.default_rng(7)
    for _ in range(30):
        k = int(rng.integers(2, 5))
        y = np.eye(k, dtype=int)[rng.integers(0, k, 20)]
        y[rng.random(20) < 0.2, 0] = 1  # some rows with two true classes
        p = rng.dirichlet(np.ones(k), size=20)
        assert_same(run(log_loss, y, p), run(skm.log_loss, y, p))
        assert_same(run(brier_score_loss, y, p), run(skm.brier_score_loss, y, p))


def test_one_class_and_unknown_labels_raise_where_sklearn_raises():
    cases = [
        ([1, 1, 1], [0.2, 0.7, 0.9], {}),
        ([1, 1, 1], [0.2, 0.7, 0.9], {"labels": [0, 1]}),
        ([0, 1, 2], [0.2, 0.7, 0.9], {}),
        ([0, 1, 2], [[0.2, 0.8]] * 3, {"labels": [0, 1]}),
        ([0, 1, 1], [[0.2, 0.7, 0.1]] * 3, {}),
        ([0, 1, 1], [[0.2, 0.7, 0.1]] * 3, {"labels": [0, 1, 2]}),
        (["a", "b"], [0.3, 0.6], {"labels": ["a", "c"]}),
    ]
    for y, p, kwargs in cases:
        assert_same(run(log_loss, y, p, **kwargs), run(skm.log_loss, y, p, **kwargs))


def random_binary(rng, n):
    """Labels in one of several binary encodings, forecasts with ties and values on bin edges."""
    kind = rng.integers(4)
    y01 = rng.random(n) < rng.random()
    if kind == 0:
        y, pos = y01.astype(int), None
    elif kind == 1:
        y, pos = np.where(y01, 1, -1), None
    elif kind == 2:
        y, pos = np.where(y01, "spam", "ham"), "spam"
    else:
        y, pos = y01, None
    r = rng.random()
    if r < 0.3:
        p = rng.integers(0, 21, n) / 20  # many ties, many values on uniform edges
    elif r < 0.4:
        p = rng.integers(0, 8, n) / 7
    else:
        p = rng.random(n) ** rng.choice([0.5, 1.0, 3.0])
    if rng.random() < 0.15:
        p = p.astype(np.float32)  # binned in float64, as scikit-learn does
    return y, p, pos


@pytest.mark.parametrize("seed", range(10))
def test_calibration_curve_matches_sklearn_on_random_cases(seed):
    rng = np.random.default_rng(200 + seed)
    for case in range(40):
        n = 70_000 if case == 0 else int(rng.integers(1, 400))  # one case spans several blocks
        y, p, pos = random_binary(rng, n)
        n_bins = int(rng.integers(1, 26))
        strategy = ["uniform", "quantile"][rng.integers(2)]
        ours = calibration_curve(y, p, pos_label=pos, n_bins=n_bins, strategy=strategy)
        theirs = skcal.calibration_curve(y, p, pos_label=pos, n_bins=n_bins, strategy=strategy)
        for a, b in zip(ours, theirs):
            assert a.shape == b.shape
            np.testing.assert_allclose(a, b, rtol=1e-12)


def ece_from_sklearn(y, p, pos, n_bins, strategy):
    """ECE and MCE built from scikit-learn's calibration_curve plus the bin counts."""
    prob_true, prob_pred = skcal.calibration_curve(
        y, p, pos_label=pos, n_bins=n_bins, strategy=strategy
    )
    if strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
    else:
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=n_bins)
    counts = counts[counts > 0]
    gaps = np.abs(prob_true - prob_pred)
    return (counts * gaps).sum() / counts.sum(), gaps.max()


@pytest.mark.parametrize("seed", range(10))
def test_binary_ece_and_mce_match_a_computation_from_sklearns_calibration_curve(seed):
    rng = np.random.default_rng(300 + seed)
    for case in range(40):
        n = 70_000 if case == 0 else int(rng.integers(1, 400))
        y, p, pos = random_binary(rng, n)
        n_bins = int(rng.integers(1, 26))
        strategy = ["uniform", "quantile"][rng.integers(2)]
        ece, mce = ece_from_sklearn(y, p, pos, n_bins, strategy)
        kw = dict(pos_label=pos, n_bins=n_bins, strategy=strategy)
        ours_ece = expected_calibration_error(y, p, **kw)
        ours_mce = maximum_calibration_error(y, p, **kw)
        assert type(ours_ece) is float and type(ours_mce) is float
        np.testing.assert_allclose(ours_ece, ece, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(ours_mce, mce, rtol=1e-10, atol=1e-15)


def brute_force_top_label(y, p, n_bins, strategy, w):
    """Top-label ECE and MCE, one sample at a time."""
    confidence = [max(row) for row in p]
    if strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
    else:
        edges = np.percentile(confidence, np.linspace(0, 1, n_bins + 1) * 100)
    totals = {}
    for row, label, weight, conf in zip(p.tolist(), y, w, confidence):
        correct = row.index(conf) == label  # first maximal column
        b = sum(edge < conf for edge in edges[1:-1])  # right-closed bins
        t = totals.setdefault(b, [0.0, 0.0, 0.0])
        t[0] += weight
        t[1] += weight * correct
        t[2] += weight * conf
    gaps = {b: abs(t[1] - t[2]) / t[0] for b, t in totals.items() if t[0] > 0}
    total = sum(t[0] for t in totals.values())
    return sum(totals[b][0] * g for b, g in gaps.items()) / total, max(gaps.values())


@pytest.mark.filterwarnings("ignore:The rows of y_prob do not sum to one")  # rounded rows, on purpose
@pytest.mark.parametrize("seed", range(6))
def test_multiclass_ece_and_mce_match_brute_force(seed):
    rng = np.random.default_rng(400 + seed)
    for _ in range(30):
        n, k = int(rng.integers(1, 150)), int(rng.integers(2, 6))
        p = rng.dirichlet(np.ones(k) * rng.choice([0.3, 1.0, 4.0]), size=n)
        if rng.random() < 0.3:
            p = np.round(p * 4) / 4  # ties within rows and confidences on edges
        y = rng.integers(0, k, n)
        w = rng.integers(0, 3, n).astype(float) if rng.random() < 0.4 else None
        if w is not None:
            w[0] = 1
        n_bins = int(rng.integers(1, 16))
        strategy = ["uniform", "quantile"][rng.integers(2)]
        ece, mce = brute_force_top_label(y, p, n_bins, strategy, np.ones(n) if w is None else w)
        kw = dict(n_bins=n_bins, strategy=strategy, sample_weight=w)
        close = dict(rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(expected_calibration_error(y, p, **kw), ece, **close)
        np.testing.assert_allclose(maximum_calibration_error(y, p, **kw), mce, **close)
        letters = np.array(list("abcdef"))[:k]
        if np.unique(y).size == k:  # string labels map to columns in sorted order
            by_letter = expected_calibration_error(letters[y], p, **kw)
            np.testing.assert_allclose(by_letter, ece, **close)
