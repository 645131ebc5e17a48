"""Clustering metrics: hand-worked values, bad input, and equality with scikit-learn on seeded data."""

import numpy as np
import pytest
import sklearn.metrics as skm

from mlmetrics_edu import clustering as cl
from mlmetrics_edu._validation import MetricInputError

SEEDS = range(60)


def random_clustering(seed):
    """Points around a few centres, labels that partly follow them, ties and duplicates included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 90))
    d = int(rng.integers(1, 5))
    k = int(rng.integers(2, min(6, n - 1) + 1))
    centres = rng.normal(0, 3, size=(k, d))
    labels = rng.integers(0, k, n)
    labels[:2] = [0, 1]
    X = centres[labels] + rng.normal(size=(n, d))
    X = np.round(X, int(rng.choice([0, 1, 8])))  # rounding to 0 decimals makes duplicate points
    flip = rng.random(n) < rng.uniform(0, 0.5)
    labels = np.where(flip, rng.integers(0, k, n), labels)
    if rng.random() < 0.3:
        labels = np.array(["cat", "dog", "eel", "fox", "gnu", "hen"])[labels]
    return X, labels


def valid(labels):
    k = len(np.unique(labels))
    return 2 <= k <= len(labels) - 1


# --------------------------------------------------------------------------- hand-worked


def test_two_tight_far_apart_pairs_have_a_silhouette_near_one():
    X = [[0, 0], [0, 1], [5, 5], [5, 6]]
    a, b = 1.0, (np.hypot(5, 5) + np.hypot(5, 6)) / 2  # (0, 0): a to (0, 1), b to the far pair
    assert cl.silhouette_samples(X, [0, 0, 1, 1])[0] == pytest.approx((b - a) / b)


def test_a_point_alone_in_its_cluster_scores_zero():
    s = cl.silhouette_samples([[0.0], [0.1], [5.0], [9.0]], [0, 0, 1, 2])
    assert s[2] == 0.0 and s[3] == 0.0


def test_a_point_assigned_to_the_wrong_cluster_scores_negative():
    s = cl.silhouette_samples([[0.0], [0.1], [0.2], [5.0], [5.1]], [0, 0, 1, 1, 1])
    assert s[2] < 0


def test_ari_ignores_label_names_and_is_symmetric():
    a, b = ["x", "x", "y", "y", "z"], [2, 2, 0, 0, 1]
    assert cl.adjusted_rand_score(a, b) == 1.0
    rng = np.random.default_rng(1)
    t, p = rng.integers(0, 3, 50), rng.integers(0, 4, 50)
    assert cl.adjusted_rand_score(t, p) == pytest.approx(cl.adjusted_rand_score(p, t))


def test_ari_of_random_labelings_averages_near_zero_while_the_raw_rand_index_does_not():
    rng = np.random.default_rng(0)
    scores = [cl.adjusted_rand_score(rng.integers(0, 5, 200), rng.integers(0, 5, 200)) for _ in range(200)]
    assert abs(np.mean(scores)) < 0.01


def test_ari_counts_pairs_exactly_for_millions_of_points():
    n = 3_000_000
    labels = np.arange(n) % 2
    assert cl.adjusted_rand_score(labels, labels) == 1.0
    assert cl.adjusted_rand_score(labels, 1 - labels) == 1.0
    assert cl.adjusted_rand_score(labels, np.arange(n) % 3) == pytest.approx(
        skm.adjusted_rand_score(labels, np.arange(n) % 3), abs=1e-12)


def test_davies_bouldin_is_zero_for_zero_spread_clusters_and_lower_for_tighter_ones():
    assert cl.davies_bouldin_score([[0, 0], [0, 0], [1, 1], [1, 1]], [0, 0, 1, 1]) == 0.0
    loose = cl.davies_bouldin_score([[0, 0], [0, 2], [5, 5], [5, 7]], [0, 0, 1, 1])
    tight = cl.davies_bouldin_score([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1])
    assert tight < loose


# --------------------------------------------------------------------------- scikit-learn


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("metric", ["euclidean", "sqeuclidean", "manhattan", "cosine"])
def test_silhouette_samples_and_score_equal_scikit_learn(seed, metric):
    X, labels = random_clustering(seed)
    if not valid(labels):
        pytest.skip("degenerate draw")
    # scikit-learn expands |a - x|^2 without centring: agreement is to its rounding error
    np.testing.assert_allclose(cl.silhouette_samples(X, labels, metric=metric),
                               skm.silhouette_samples(X, labels, metric=metric), rtol=1e-7, atol=1e-8)
    assert cl.silhouette_score(X, labels, metric=metric) == pytest.approx(
        skm.silhouette_score(X, labels, metric=metric), rel=1e-7, abs=1e-8)


@pytest.mark.parametrize("seed", SEEDS)
def test_silhouette_on_a_precomputed_matrix_equals_scikit_learn(seed):
    X, labels = random_clustering(seed)
    if not valid(labels):
        pytest.skip("degenerate draw")
    D = np.abs(X[:, None, :] - X[None, :, :]).sum(-1)
    assert cl.silhouette_score(D, labels, metric="precomputed") == pytest.approx(
        skm.silhouette_score(D, labels, metric="precomputed"), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_davies_bouldin_equals_scikit_learn(seed):
    X, labels = random_clustering(seed)
    if not valid(labels):
        pytest.skip("degenerate draw")
    centroids = np.array([X[labels == c].mean(0) for c in np.unique(labels)])
    gaps = np.linalg.norm(centroids[:, None] - centroids[None], axis=-1)[np.triu_indices(len(centroids), 1)]
    if gaps.min() < 1e-6:  # coinciding centroids: both libraries' value is then rounding noise
        pytest.skip("centroids coincide up to rounding")
    assert cl.davies_bouldin_score(X, labels) == pytest.approx(skm.davies_bouldin_score(X, labels),
                                                               rel=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_adjusted_rand_equals_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 120))
    t = rng.integers(0, int(rng.integers(1, 7)), n)
    p = np.where(rng.random(n) < rng.uniform(0, 1), t, rng.integers(0, int(rng.integers(1, 9)), n))
    if rng.random() < 0.3:
        t = np.array(list("abcdefg"))[t]
    assert cl.adjusted_rand_score(t, p) == pytest.approx(skm.adjusted_rand_score(t, p), abs=1e-12)


@pytest.mark.parametrize("metric", ["silhouette", "davies_bouldin"])
def test_scores_do_not_change_when_the_data_sit_far_from_the_origin(metric):
    """Distances are shift-invariant; a naive |a|^2 + |x|^2 - 2 a.x loses every digit at 1e6."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3)) * 1e-3
    labels = rng.integers(0, 3, 50)
    score = cl.silhouette_score if metric == "silhouette" else cl.davies_bouldin_score
    assert score(X + 1e6, labels) == pytest.approx(score(X, labels), rel=1e-5)


def test_silhouette_in_chunks_equals_the_one_block_result(monkeypatch):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(700, 3))
    labels = rng.integers(0, 4, 700)
    whole = cl.silhouette_samples(X, labels)
    monkeypatch.setattr(cl, "_CHUNK_BYTES", 8 * 700 * 7)  # 7 rows at a time
    np.testing.assert_allclose(cl.silhouette_samples(X, labels), whole, rtol=1e-12, atol=1e-12)


def test_silhouette_memory_is_bounded_for_many_points():
    import tracemalloc

    rng = np.random.default_rng(0)
    n = 6000
    X, labels = rng.normal(size=(n, 2)), rng.integers(0, 3, n)
    tracemalloc.start()
    cl.silhouette_score(X, labels)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 2**20 < 8 * n * n, f"peak {peak / 2**20:.0f} MB: an n x n matrix is {8 * n * n / 2**20:.0f} MB"


def test_silhouette_sample_size_scores_a_subset_reproducibly():
    X, labels = random_clustering(5)
    a = cl.silhouette_score(X, labels, sample_size=len(labels) - 1, random_state=0)
    assert a == cl.silhouette_score(X, labels, sample_size=len(labels) - 1, random_state=0)
    assert cl.silhouette_score(X, labels, sample_size=len(labels), random_state=0) == pytest.approx(
        cl.silhouette_score(X, labels))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("call, message", [
    (lambda: cl.silhouette_score([[0], [1], [2]], [0, 0, 0]), "1 distinct cluster"),
    (lambda: cl.silhouette_score([[0], [1], [2]], [0, 1, 2]), "3 distinct cluster"),
    (lambda: cl.silhouette_score([[0], [1], [2]], [0, 1]), "differ in length"),
    (lambda: cl.silhouette_score([0, 1, 2], [0, 1, 1]), "X must be 2-D"),
    (lambda: cl.silhouette_score([[0], [np.nan], [2]], [0, 1, 1]), "NaN"),
    (lambda: cl.silhouette_score([[0], [1], [2]], [0, 1, 1], metric="chebyshev"), "metric"),
    (lambda: cl.silhouette_score([[0, 1], [1, 0]], [0, 1], metric="precomputed"), "cluster"),
    (lambda: cl.silhouette_score([[1, 1, 2], [1, 0, 1], [2, 1, 0]], [0, 1, 1], metric="precomputed"), "diagonal"),
    (lambda: cl.silhouette_score([[0, 1], [1, 0], [2, 2]], [0, 1, 1], metric="precomputed"), "square"),
    (lambda: cl.silhouette_score([[0], [1], [2]], [0, 1, 1], sample_size=1), "sample_size"),
    (lambda: cl.davies_bouldin_score([[0], [1], [2]], [0, 0, 0]), "1 distinct cluster"),
    (lambda: cl.davies_bouldin_score(None, [0, 1]), "X is None"),
    (lambda: cl.adjusted_rand_score([0, 1], [0, 1, 1]), "differ in length"),
    (lambda: cl.adjusted_rand_score([[0, 1]], [[0, 1]]), "1-D"),
])
def test_bad_input_raises_a_metric_input_error_naming_the_problem(call, message):
    with pytest.raises(MetricInputError, match=message):
        call()
