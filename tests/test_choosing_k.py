"""Choosing k: inertia, the elbow, scores over k, Calinski-Harabasz, the gap statistic, stability.

Calinski-Harabasz and inertia equal scikit-learn on seeded random inputs and its edge cases;
our small k-means finds the same partition (and inertia) as scikit-learn's ``KMeans`` on
separated blobs; the gap statistic equals Tibshirani's formulas recomputed here with
scikit-learn's ``KMeans`` as the clustering; on data whose k is known, each instrument
points at it -- and the tests show where each one, read alone, would mislead.
"""

import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score as sk_calinski_harabasz

from mlmetrics_edu import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.clustering import (
    adjusted_rand_score,
    calinski_harabasz_score,
    clustering_stability,
    davies_bouldin_score,
    elbow_k,
    gap_statistic,
    inertia,
    kmeans,
    scores_over_k,
    silhouette_score,
)

NAMES = np.array(["ant", "bee", "cat", "dog", "eel", "fox"])


def blobs(seed, k=3, n_per=30, spread=0.3, d=2):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(k, d))
    while min(np.linalg.norm(a - b) for i, a in enumerate(centres) for b in centres[i + 1:]) < 4:
        centres = rng.uniform(-10, 10, size=(k, d))
    labels = np.repeat(np.arange(k), n_per)
    return centres[labels] + rng.normal(0, spread, size=(k * n_per, d)), labels


def random_case(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 80))
    k = int(rng.integers(2, min(n, 7)))
    labels = np.r_[np.arange(k), rng.integers(0, k, n - k)]
    rng.shuffle(labels)
    X = rng.normal(0, rng.uniform(0.1, 5), size=(n, int(rng.integers(1, 6)))) + rng.normal(0, 3, size=(k, 1))[labels]
    if seed % 4 == 0:
        X = np.round(X, 1)  # ties and duplicated points
    if seed % 5 == 0:
        labels = NAMES[labels]
    return X, labels


def slicing_clusterer(X, k, rng):
    """A cheap deterministic clustering: k equal slices along the first coordinate."""
    return np.argsort(np.argsort(X[:, 0], kind="stable"), kind="stable") * k // len(X)


def sklearn_clusterer(X, k, rng):
    return KMeans(n_clusters=k, n_init=4, random_state=0).fit(X).labels_


# --------------------------------------------------------------------------- Calinski-Harabasz


@pytest.mark.parametrize("seed", range(40))
def test_calinski_harabasz_equals_scikit_learn_on_random_clusterings(seed):
    X, labels = random_case(seed)
    assert calinski_harabasz_score(X, labels) == pytest.approx(sk_calinski_harabasz(X, labels), rel=1e-10)
    assert type(calinski_harabasz_score(X, labels)) is float


@pytest.mark.parametrize("X, labels", [
    ([[0, 0], [0, 2], [5, 5], [5, 7]], [0, 0, 1, 1]),                     # the docstring's 25.0
    ([[1, 1], [1, 1], [4, 5], [4, 5]], ["x", "x", "y", "y"]),             # zero within spread: 1.0
    ([[0.0], [0.0], [0.0], [1.0]], [0, 0, 1, 1]),                         # one cluster straddles
    ([[1e6 + 0.1], [1e6 + 0.2], [1e6 + 5.0], [1e6 + 5.3]], [0, 0, 1, 1]),  # far from the origin
    ([[0, 0], [1, 1], [2, 2]], [0, 0, 1]),                                # n - 1 clusters
    ([[3, 3], [3, 3], [3, 3]], [0, 1, 1]),                                # every point equal
])
def test_calinski_harabasz_edge_cases_equal_scikit_learn(X, labels):
    assert calinski_harabasz_score(X, labels) == pytest.approx(sk_calinski_harabasz(X, labels), rel=1e-9)


@pytest.mark.parametrize("X, labels", [
    ([[0, 0], [1, 1], [2, 2]], [0, 0, 0]),   # one cluster
    ([[0, 0], [1, 1], [2, 2]], [0, 1, 2]),   # one cluster per point
    ([[0, 0]], [0]),                          # one point
])
def test_calinski_harabasz_refuses_what_scikit_learn_refuses(X, labels):
    with pytest.raises(ValueError):
        sk_calinski_harabasz(X, labels)
    with pytest.raises(MetricInputError, match="labels has"):
        calinski_harabasz_score(X, labels)


@pytest.mark.parametrize("call, match", [
    (lambda: calinski_harabasz_score([[0, 0], [1, np.nan], [2, 2]], [0, 1, 1]), "X contains NaN"),
    (lambda: calinski_harabasz_score([0, 1, 2], [0, 1, 1]), "X must be 2-D"),
    (lambda: calinski_harabasz_score([[0], [1], [2]], [0, 1]), "X and labels differ in length"),
    (lambda: inertia([[0], [1]], [0.0, np.nan]), "labels contains NaN"),
    (lambda: calinski_harabasz_score([[0], [1], [2]], [0.0, np.nan, 1.0]), "labels contains NaN"),
    (lambda: kmeans([[0], [1]], 3), r"n_clusters must be an integer in \[1, 2\]"),
    (lambda: kmeans([[0], [1]], 1, tol=-1), "tol must be"),
    (lambda: elbow_k([1, 2], [3.0, 1.0]), "at least 3"),
    (lambda: elbow_k([1, 3, 2], [3.0, 2.0, 1.0]), "strictly increasing"),
    (lambda: scores_over_k([[0], [1], [2]], [0, 2]), "k_values must hold integers"),
    (lambda: gap_statistic([[0], [1], [2]], 2, reference="gaussian"), "reference='gaussian'"),
    (lambda: gap_statistic([[0], [1], [2]], 3), "log W is infinite"),
    (lambda: clustering_stability([[0], [1], [2]], 2, cluster="kmeans"), "cluster must be callable"),
    (lambda: clustering_stability([[0], [1], [2]], 2, cluster=lambda X, k, rng: [0, 1]), "2 labels for 3"),
])
def test_bad_input_is_refused_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- inertia and k-means


@pytest.mark.parametrize("seed", range(8))
def test_inertia_of_scikit_learns_labels_equals_its_inertia(seed):
    X, _ = blobs(seed, k=int(2 + seed % 4))
    model = KMeans(n_clusters=3, n_init=3, random_state=seed).fit(X)
    assert inertia(X, model.labels_) == pytest.approx(model.inertia_, rel=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_our_kmeans_finds_scikit_learns_partition_on_separated_blobs(seed):
    k = int(2 + seed % 5)
    X, truth = blobs(seed, k=k, d=int(2 + seed % 3))
    ours = kmeans(X, k, seed=seed)
    theirs = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    assert adjusted_rand_score(ours.labels, theirs.labels_) == 1.0
    assert adjusted_rand_score(ours.labels, truth) == 1.0
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-9)
    assert ours.inertia == pytest.approx(inertia(X, ours.labels), rel=1e-12)
    np.testing.assert_allclose(np.sort(ours.centers, axis=0), np.sort(theirs.cluster_centers_, axis=0), atol=1e-9)


def test_kmeans_is_reproducible_with_a_seed_and_handles_duplicates_and_k_equal_n():
    X, _ = blobs(1)
    a, b = kmeans(X, 4, seed=5), kmeans(X, 4, seed=5)
    np.testing.assert_array_equal(a.labels, b.labels)
    dup = np.array([[0.0, 0.0]] * 5 + [[1.0, 1.0]] * 5)
    assert kmeans(dup, 2, seed=0).inertia == 0.0
    assert kmeans(dup[:4], 4, seed=0).inertia == 0.0  # fewer distinct points than k: clusters coincide
    assert kmeans([[0.0], [1.0], [5.0]], 3, seed=0).inertia == 0.0


def test_inertia_falls_with_k_so_its_minimum_is_no_answer():
    X, _ = blobs(3, k=3)
    table = scores_over_k(X, [2, 3, 4, 6, 10, 20], seed=0)
    assert (np.diff(table["inertia"]) < 0).all()


# --------------------------------------------------------------------------- scores over k, elbow


def test_scores_over_k_equal_each_metric_on_the_clustering_of_each_k():
    X, _ = blobs(4, k=4)
    ks = [2, 3, 4, 5]
    table = scores_over_k(X, ks, cluster=sklearn_clusterer)
    for i, k in enumerate(ks):
        labels = sklearn_clusterer(X, k, None)
        assert table["inertia"][i] == pytest.approx(inertia(X, labels), rel=1e-12)
        assert table["silhouette"][i] == pytest.approx(silhouette_score(X, labels), rel=1e-12)
        assert table["calinski_harabasz"][i] == pytest.approx(calinski_harabasz_score(X, labels), rel=1e-12)
        assert table["davies_bouldin"][i] == pytest.approx(davies_bouldin_score(X, labels), rel=1e-12)
    assert table["k"].tolist() == ks


def test_on_clear_blobs_silhouette_and_calinski_harabasz_peak_at_the_true_k():
    X, _ = blobs(5, k=4)
    table = scores_over_k(X, range(2, 9), seed=0)
    assert table["k"][np.argmax(table["silhouette"])] == 4
    assert table["k"][np.argmax(table["calinski_harabasz"])] == 4
    assert table["k"][np.argmin(table["davies_bouldin"])] == 4


def test_k_one_has_an_inertia_but_no_internal_score_and_says_so():
    X, _ = blobs(6)
    with pytest.warns(UndefinedMetricWarning, match=r"nan for k in \[1\]"):
        table = scores_over_k(X, [1, 2, 3], seed=0)
    assert np.isnan(table["silhouette"][0]) and table["inertia"][0] > 0
    assert np.isfinite(table["silhouette"][1:]).all()


def test_the_elbow_is_found_on_blobs_and_read_off_a_hand_made_curve():
    X, _ = blobs(7, k=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        table = scores_over_k(X, range(1, 10), seed=0)
    assert elbow_k(table["k"], table["inertia"]) == 3
    assert elbow_k([1, 2, 3, 4, 5, 6], [100.0, 40.0, 12.0, 10.0, 9.0, 8.5]) == 3
    assert elbow_k([1, 2, 3, 4], [4.0, 3.0, 2.0, 1.0]) == 1  # a straight line has no elbow


def test_the_elbow_moves_with_the_range_of_k_you_plot():
    k = np.arange(1, 31)
    curve = 100.0 / k  # a smooth curve: no natural elbow
    assert elbow_k(k[:10], curve[:10]) != elbow_k(k, curve)


# --------------------------------------------------------------------------- gap statistic


def within_sum_of_squares(X, labels):
    """The paper's W_k = sum_r D_r / (2 n_r), D_r the sum of squared distances over pairs in r."""
    total = 0.0
    for r in np.unique(labels):
        points = X[labels == r]
        D = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
        total += D.sum() / (2 * len(points))
    return total


def tibshirani_gap(X, k_max, n_refs, seed, clusterer):
    """The paper's steps, with the given clustering and the same reference draws as ours."""
    rng = np.random.default_rng(seed)
    refs = [rng.uniform(X.min(axis=0), X.max(axis=0), size=X.shape) for _ in range(n_refs)]
    log_w, ref_mean, s = [], [], []
    for k in range(1, k_max + 1):
        log_w.append(np.log(within_sum_of_squares(X, clusterer(X, k, None))))
        ref = np.log([within_sum_of_squares(Z, clusterer(Z, k, None)) for Z in refs])
        ref_mean.append(ref.mean())
        s.append(np.sqrt(((ref - ref.mean()) ** 2).mean()) * np.sqrt(1 + 1 / n_refs))
    gap = np.array(ref_mean) - np.array(log_w)
    best = next((k for k in range(1, k_max) if gap[k - 1] >= gap[k] - s[k]), k_max)
    return gap, np.array(s), best


@pytest.mark.parametrize("seed, clusterer", [(0, sklearn_clusterer), (1, slicing_clusterer),
                                             (2, slicing_clusterer), (3, slicing_clusterer)])
def test_gap_statistic_equals_tibshiranis_formulas(seed, clusterer):
    X, _ = blobs(seed, k=int(2 + seed % 3))
    k_max = 4 if clusterer is sklearn_clusterer else 5
    result = gap_statistic(X, k_max, n_refs=6 - 2 * (clusterer is sklearn_clusterer), cluster=clusterer, seed=seed)
    gap, s, best = tibshirani_gap(X, k_max, 6 - 2 * (clusterer is sklearn_clusterer), seed, clusterer)
    np.testing.assert_allclose(result.gap, gap, rtol=1e-9)
    np.testing.assert_allclose(result.s, s, rtol=1e-9)
    assert result.best_k == best
    assert result.k.tolist() == list(range(1, k_max + 1))


@pytest.mark.parametrize("seed, k", [(10, 2), (11, 3), (12, 4), (13, 5)])
def test_gap_statistic_finds_the_number_of_blobs(seed, k):
    X, _ = blobs(seed, k=k)
    assert gap_statistic(X, k + 3, seed=seed).best_k == k


def test_gap_statistic_can_say_there_are_no_clusters():
    X = np.random.default_rng(0).uniform(size=(150, 2))
    assert gap_statistic(X, 5, seed=0).best_k == 1
    assert gap_statistic(np.random.default_rng(1).normal(size=(150, 3)), 5, seed=0).best_k == 1


def test_the_pca_reference_respects_an_elongated_single_cloud():
    rng = np.random.default_rng(2)
    t = rng.normal(size=(200, 1))
    X = np.hstack([t, t]) + rng.normal(0, 0.05, size=(200, 2))  # one cloud along the diagonal
    assert gap_statistic(X, 4, reference="pca", seed=0).best_k == 1


def test_without_a_local_maximum_gap_picks_k_max_and_results_are_reproducible():
    X, _ = blobs(14, k=4, spread=0.05)
    a = gap_statistic(X, 2, seed=0)
    assert a.gap[1] - a.s[1] > a.gap[0]
    assert a.best_k == 2  # still rising at k_max: try a larger k_max
    b = gap_statistic(X, 2, seed=0)
    np.testing.assert_array_equal(a.gap, b.gap)


# --------------------------------------------------------------------------- stability


def test_the_true_k_is_stable_and_a_split_blob_is_not():
    X, _ = blobs(20, k=3, n_per=40)
    assert clustering_stability(X, 3, n_resamples=10, seed=0) == 1.0
    assert clustering_stability(X, 5, n_resamples=10, seed=0) < 0.95


def test_stability_is_necessary_not_sufficient_one_cluster_is_always_stable():
    X = np.random.default_rng(3).uniform(size=(80, 2))  # no structure at all
    assert clustering_stability(X, 1, n_resamples=5, seed=0) == 1.0


def test_stability_compares_each_resample_on_the_distinct_points_drawn():
    X, truth = blobs(21, k=2, n_per=10)
    calls = []

    def record(Z, k, rng):
        calls.append(Z.shape[0])
        return sklearn_clusterer(Z, k, rng)

    assert clustering_stability(X, 2, n_resamples=4, cluster=record, seed=1) == 1.0
    assert calls == [20] * 5  # the full data once, then each resample of n points


def test_stability_accepts_any_clustering_callable():
    X, truth = blobs(22, k=3)
    # a "clustering" that ignores the data: random labels are unstable (ARI near 0)
    noise = clustering_stability(X, 3, n_resamples=10, seed=0,
                                 cluster=lambda Z, k, rng: rng.integers(0, k, Z.shape[0]))
    assert abs(noise) < 0.2


# --------------------------------------------------------------------------- drill answers


def _drill_cases(drill_id):
    from mlmetrics_edu.drill.cases import build_cases
    from mlmetrics_edu.drill.spec import get_drill, reference

    drill = get_drill(drill_id)
    return reference(drill), [c.calls[0] for c in build_cases(drill) if c.kind != "property"]


def test_the_calinski_harabasz_drill_answer_equals_scikit_learn_and_the_package():
    answer, calls = _drill_cases("calinski-harabasz")
    for c in calls:
        X, labels = c.args
        assert answer(X, labels) == pytest.approx(sk_calinski_harabasz(X, labels), rel=1e-10)
        assert answer(X, labels) == pytest.approx(calinski_harabasz_score(X, labels), rel=1e-10)


def test_the_gap_drills_answers_agree_with_the_packages_gap_statistic():
    values, _ = _drill_cases("gap-values")
    best_k, _ = _drill_cases("gap-best-k")
    for seed in range(3):
        X, _ = blobs(30 + seed, k=3)
        result = gap_statistic(X, 5, n_refs=4, seed=seed)
        # recover W and W* from the result: log_w and the reference logs' mean are stored
        gap, s = values(np.exp(result.log_w), np.exp(result.ref_log_w)[None, :])
        np.testing.assert_allclose(gap, result.gap, rtol=1e-9, atol=1e-12)
        assert best_k(result.gap, result.s) == result.best_k
