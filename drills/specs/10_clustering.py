"""Specs for drill set 10: silhouette, adjusted Rand index, Davies-Bouldin.

Each misconception is a real mistake: silhouette's b(i) taken to the nearest point instead
of the mean over the nearest cluster, a(i) divided by |C| (counting the point itself), a
singleton scored 1 instead of 0; the raw Rand index without the chance correction, label
names compared directly, the chance term left out of the denominator; Davies-Bouldin with
the mean instead of the max over neighbours, a root-mean-square spread, or only the single
worst pair.
"""

import numpy as np

from mlmetrics_edu.drill.compare import all_same
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Clustering metrics"

a = np.array  # edge cases read better as a([[0, 0], [0, 1]])
NAMES = np.array(["gold", "silver", "bronze", "iron", "tin"])
TOL = Tol(rtol=1e-7, atol=1e-9)

# Two tight pairs far apart: every metric's textbook case.
TWO_PAIRS = a([[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [5.0, 6.0]])


def _points(rng):
    """2-6 clusters around random centres (some overlapping), 2-4 dims, labels as ints or names."""
    k = int(rng.integers(2, 6))
    n = int(rng.integers(k + 1, 40))
    d = int(rng.integers(1, 5))
    labels = np.r_[np.arange(k), rng.integers(0, k, n - k)]  # every cluster used
    centres = rng.normal(0, rng.uniform(0.5, 6), size=(k, d))
    X = np.round(centres[labels] + rng.normal(size=(n, d)), 3)
    labels = rng.permutation(labels)
    return X, (NAMES[labels] if rng.random() < 0.3 else labels)


def _same(what):
    return lambda outs, calls: all_same(outs, TOL, what=what)


def _moved(rng):
    """The same points rotated, shifted and scaled: every distance ratio stays the same."""
    X, labels = _points(rng)
    Q, _ = np.linalg.qr(rng.normal(size=(X.shape[1], X.shape[1])))
    return [(X, labels), (2.5 * X @ Q + rng.normal(0, 10, X.shape[1]), labels)]


def _renamed(rng):
    X, labels = _points(rng)
    names = np.unique(labels)
    relabel = {old: f"c{i}" for i, old in enumerate(rng.permutation(names))}
    return [(X, labels), (X, np.array([relabel[x] for x in labels]))]


def _shuffled(rng):
    X, labels = _points(rng)
    order = rng.permutation(len(labels))
    return [(X, labels), (X[order], labels[order])]


SIMILARITY = Prop("similarity-invariant", "rotating, shifting and scaling the points changes no distance ratio",
                  _moved, _same("scores before and after a rotation, shift and scaling"))
RENAME = Prop("rename-invariant", "cluster names carry no meaning: renaming them cannot change the score",
              _renamed, _same("scores before and after renaming the clusters"))
SHUFFLE = Prop("shuffle-invariant", "the order of the points does not matter", _shuffled,
               _same("scores before and after shuffling"))


# --- 1. silhouette ------------------------------------------------------------------------------


def _distances(X):
    X = np.asarray(X, dtype=float)
    return np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))


def _silhouette(X, labels, b_nearest_point=False, a_over_size=False, singleton=0.0):
    D, labels = _distances(X), np.asarray(labels)
    s = np.zeros(len(labels))
    for i in range(len(labels)):
        own = labels == labels[i]
        if own.sum() == 1:
            s[i] = singleton
            continue
        a_i = D[i, own].sum() / (own.sum() if a_over_size else own.sum() - 1)
        others = [c for c in np.unique(labels) if c != labels[i]]
        b_i = min((D[i, labels == c].min() if b_nearest_point else D[i, labels == c].mean()) for c in others)
        s[i] = (b_i - a_i) / max(a_i, b_i) if max(a_i, b_i) > 0 else 0.0
    return float(s.mean())


def _sil_nearest_point(X, labels):
    return _silhouette(X, labels, b_nearest_point=True)


def _sil_over_size(X, labels):
    return _silhouette(X, labels, a_over_size=True)


def _sil_singleton_one(X, labels):
    return _silhouette(X, labels, singleton=1.0)


SILHOUETTE = Drill(
    id="silhouette",
    title="Silhouette score",
    function="silhouette",
    signature="silhouette(X, labels) -> float",
    conventions=(
        "a(i) = mean distance from i to the OTHER members of its cluster: divide by |C| - 1.",
        "b(i) = the smallest, over the other clusters, of the MEAN distance from i to that cluster's members "
        "(not the distance to the nearest point).",
        "s(i) = (b - a) / max(a, b); a point alone in its cluster has s = 0, and so does a = b = 0.",
        "Return the mean of s over all points as a float: sklearn.metrics.silhouette_score.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "For a point in a cluster of 3, how many distances to *other* members does a(i) average, and is the "
        "distance to itself one of them?",
        "Build the n x n distance matrix D. For each point: a = sum of D over its own cluster / (size - 1); "
        "b = the minimum over other clusters c of the mean of D over c's points; s = (b - a) / max(a, b). "
        "Singletons score 0. Average s.",
        "D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)); s = np.zeros(len(X)); "
        "for i in range(len(X)): own = labels == labels[i]; if own.sum() == 1: continue; "
        "a = D[i, own].sum() / (own.sum() - 1); "
        "b = min(D[i, labels == c].mean() for c in np.unique(labels) if c != labels[i]); "
        "s[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0; after the loop return float(s.mean()).",
    ),
    edges=(
        Edge("two-pairs", "two tight pairs far apart: s close to 1 for everyone", (TWO_PAIRS, a([0, 0, 1, 1]))),
        Edge("line-of-three", "clusters {0, 1} and {5, 6, 7}: a(0) averages one distance, not two",
             (a([[0.0], [1.0], [5.0], [6.0], [7.0]]), a([0, 0, 1, 1, 1]))),
        Edge("mean-not-nearest", "the nearest other cluster's MEAN distance, not its closest point",
             (a([[0.0], [1.0], [2.0], [20.0]]), a([0, 0, 1, 1]))),
        Edge("singleton", "a point alone in its cluster scores 0, not 1",
             (a([[0.0], [1.0], [10.0], [11.0], [30.0]]), a(["a", "a", "b", "b", "c"]))),
        Edge("wrong-clustering", "swapped members: negative silhouettes are allowed",
             (TWO_PAIRS, a([0, 1, 0, 1]))),
    ),
    random=Random(_points, n=20),
    props=(SIMILARITY, RENAME, SHUFFLE),
    wrongs=(
        Wrong("nearest-point", "your b(i) is the distance to the nearest point of another cluster; silhouette "
              "uses the MEAN distance to the nearest cluster", _sil_nearest_point),
        Wrong("a-over-size", "you divided a(i) by |C|, counting the point's zero distance to itself; divide by "
              "|C| - 1", _sil_over_size),
        Wrong("singleton-is-one", "a point alone in its cluster got s = 1 (a = 0); the convention is s = 0",
              _sil_singleton_one),
    ),
)


# --- 2. adjusted Rand index -----------------------------------------------------------------------


def _pair_sums(labels_true, labels_pred):
    _, t = np.unique(np.asarray(labels_true), return_inverse=True)
    _, p = np.unique(np.asarray(labels_pred), return_inverse=True)
    t, p = t.ravel(), p.ravel()
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)
    pairs = lambda x: float((x * (x - 1) / 2).sum())  # noqa: E731
    return pairs(table), pairs(table.sum(1)), pairs(table.sum(0)), len(t) * (len(t) - 1) / 2


def _raw_rand(labels_true, labels_pred):
    index, a_sum, b_sum, total = _pair_sums(labels_true, labels_pred)
    apart_in_both = total - a_sum - b_sum + index
    return float((index + apart_in_both) / total)


def _label_accuracy(labels_true, labels_pred):
    return float(np.mean(np.asarray(labels_true) == np.asarray(labels_pred)))


def _ari_no_chance_in_denominator(labels_true, labels_pred):
    index, a_sum, b_sum, total = _pair_sums(labels_true, labels_pred)
    expected, top = a_sum * b_sum / total, (a_sum + b_sum) / 2
    if top == expected:
        return 1.0
    return float((index - expected) / top)


def _label_pair(rng):
    n = int(rng.integers(2, 50))
    k_true, k_pred = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    t = rng.integers(0, k_true, n)
    p = np.where(rng.random(n) < rng.uniform(0, 1), t, rng.integers(0, k_pred, n))  # partly agreeing
    if rng.random() < 0.3:
        t = NAMES[t]
    return t, p


def _swapped(rng):
    t, p = _label_pair(rng)
    return [(t, p), (p, t)]


def _renamed_pred(rng):
    t, p = _label_pair(rng)
    return [(t, p), (t, np.array([f"cluster-{x}" for x in (p.max() - p)]))]


ADJUSTED_RAND = Drill(
    id="adjusted-rand-index",
    title="Adjusted Rand index",
    function="adjusted_rand",
    signature="adjusted_rand(labels_true, labels_pred) -> float",
    conventions=(
        "Contingency table n_ij = points in true class i and predicted cluster j; a_i, b_j are its row and "
        "column sums; pairs(x) = x (x - 1) / 2.",
        "index = sum pairs(n_ij); expected = sum pairs(a_i) * sum pairs(b_j) / pairs(n); top = (sum pairs(a_i) "
        "+ sum pairs(b_j)) / 2.",
        "ARI = (index - expected) / (top - expected), a float; when top == expected (both groupings one cluster, "
        "or both all singletons) return 1.0: sklearn.metrics.adjusted_rand_score.",
        "Label names do not matter; inputs have the same length, at least 2.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "Two random groupings of 300 points into 10 clusters agree on most pairs (both 'apart'). What should a "
        "chance-level agreement score?",
        "Count pairs from the contingency table: index = sum over cells of pairs(n_ij), and the same for the row "
        "sums (a) and column sums (b). Subtract the expected index a * b / pairs(n) on top and bottom.",
        "_, t = np.unique(labels_true, return_inverse=True); _, p = np.unique(labels_pred, return_inverse=True); "
        "table = np.zeros((t.max() + 1, p.max() + 1)); np.add.at(table, (t, p), 1); "
        "pairs = lambda x: (x * (x - 1) / 2).sum(); index, a, b = pairs(table), pairs(table.sum(1)), "
        "pairs(table.sum(0)); expected = a * b / pairs(np.array([len(t)])); top = (a + b) / 2; "
        "if top == expected: return 1.0; return float((index - expected) / (top - expected)).",
    ),
    edges=(
        Edge("renamed", "the same grouping under other names is a perfect match: 1.0",
             (a([0, 0, 1, 1, 2, 2]), a([5, 5, 3, 3, 9, 9]))),
        Edge("anti-correlated", "every pair split the other way: worse than chance, -0.5",
             (a([0, 0, 1, 1]), a([0, 1, 0, 1]))),
        Edge("one-cluster-each", "everything in one cluster in both groupings: identical, 1.0",
             (a([1, 1, 1]), a([0, 0, 0]))),
        Edge("singletons-each", "every point alone in both groupings: identical, 1.0",
             (a([0, 1, 2, 3]), a([3, 2, 1, 0]))),
        Edge("one-vs-many", "one cluster against a real split: no information, 0.0",
             (a([0, 0, 0, 0]), a([0, 0, 1, 1]))),
        Edge("string-labels", "names against integers: only the grouping counts",
             (a(["cat", "cat", "dog", "dog", "dog"]), a([1, 1, 1, 0, 0]))),
    ),
    random=Random(_label_pair, n=25),
    props=(
        Prop("symmetric", "agreement on pairs does not care which grouping is the truth", _swapped,
             _same("ARI(t, p) and ARI(p, t)")),
        Prop("rename-invariant", "renaming the predicted clusters cannot change the agreement", _renamed_pred,
             _same("ARI before and after renaming the clusters")),
    ),
    wrongs=(
        Wrong("raw-rand-index", "you returned the raw Rand index (agreeing pairs / all pairs); it is high even "
              "for random labelings. ARI subtracts the chance level", _raw_rand),
        Wrong("label-accuracy", "you compared the label values; a clustering's names are arbitrary, so compare "
              "pairs of points", _label_accuracy),
        Wrong("chance-only-on-top", "you subtracted the expected index only in the numerator; the denominator "
              "is top - expected", _ari_no_chance_in_denominator),
    ),
)


# --- 3. Davies-Bouldin --------------------------------------------------------------------------


def _davies_bouldin(X, labels, reduce="mean", rms=False, worst_pair=False):
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    clusters = np.unique(labels)
    centroids = np.array([X[labels == c].mean(0) for c in clusters])
    dist = [np.linalg.norm(X[labels == c] - m, axis=1) for c, m in zip(clusters, centroids)]
    spread = np.array([np.sqrt((d ** 2).mean()) if rms else d.mean() for d in dist])
    gaps = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=-1)
    np.fill_diagonal(gaps, np.inf)
    ratio = (spread[:, None] + spread[None, :]) / gaps
    if worst_pair:
        return float(ratio.max())
    if reduce == "mean-of-means":
        k = len(clusters)
        return float((ratio.sum(axis=1) / (k - 1)).mean())
    return float(ratio.max(axis=1).mean())


def _db_mean(X, labels):
    return _davies_bouldin(X, labels, reduce="mean-of-means")


def _db_rms(X, labels):
    return _davies_bouldin(X, labels, rms=True)


def _db_worst_pair(X, labels):
    return _davies_bouldin(X, labels, worst_pair=True)


DAVIES_BOULDIN = Drill(
    id="davies-bouldin",
    title="Davies-Bouldin index",
    function="davies_bouldin",
    signature="davies_bouldin(X, labels) -> float",
    conventions=(
        "Centroid c_i = mean of cluster i's points; spread s_i = mean Euclidean distance of its points to c_i.",
        "R_ij = (s_i + s_j) / |c_i - c_j| for clusters i != j.",
        "DB = mean over clusters i of max over j != i of R_ij, as a float: sklearn.metrics.davies_bouldin_score. "
        "No two centroids coincide.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "For one cluster with two neighbours, one far and one overlapping, which neighbour should decide its "
        "score?",
        "Per cluster: its centroid and its mean distance to the centroid (not the root-mean-square). Then the "
        "ratio (s_i + s_j) / |c_i - c_j| for every other cluster j, keep the largest, and average those over i.",
        "clusters = np.unique(labels); centroids = np.array([X[labels == c].mean(0) for c in clusters]); "
        "spread = np.array([np.linalg.norm(X[labels == c] - m, axis=1).mean() for c, m in zip(clusters, "
        "centroids)]); gaps = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=-1); "
        "np.fill_diagonal(gaps, np.inf); ratio = (spread[:, None] + spread[None, :]) / gaps; "
        "return float(ratio.max(axis=1).mean()).",
    ),
    edges=(
        Edge("two-pairs", "two tight pairs far apart: a small index",
             (TWO_PAIRS, a([0, 0, 1, 1]))),
        Edge("worst-neighbour", "the middle cluster overlaps its right neighbour: max, not mean, over neighbours",
             (a([[0.0], [1.0], [10.0], [11.0], [13.0], [14.0]]), a([0, 0, 1, 1, 2, 2]))),
        Edge("mean-distance-spread", "spread is the mean distance to the centroid, not the root mean square",
             (a([[0.0], [1.0], [4.0], [20.0], [21.0]]), a([0, 0, 0, 1, 1]))),
        Edge("zero-spread", "clusters of identical points have spread 0: the index is 0",
             (a([[1.0, 1.0], [1.0, 1.0], [4.0, 5.0], [4.0, 5.0]]), a(["x", "x", "y", "y"]))),
    ),
    random=Random(_points, n=20),
    props=(SIMILARITY, RENAME, SHUFFLE),
    wrongs=(
        Wrong("mean-over-neighbours", "you averaged R_ij over the neighbours; Davies-Bouldin keeps each cluster's "
              "WORST neighbour (the max)", _db_mean),
        Wrong("rms-spread", "your spread is the root-mean-square distance to the centroid; the convention "
              "(scikit-learn's) is the mean distance", _db_rms),
        Wrong("single-worst-pair", "you returned the single largest R_ij; take each cluster's worst neighbour, "
              "then the mean over clusters", _db_worst_pair),
    ),
)

DRILLS = [SILHOUETTE, ADJUSTED_RAND, DAVIES_BOULDIN]


# --- the last hints, as code ----------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line not
# quoted from the hint says which words of the hint it implements).

HINT_SOLUTIONS = {
    "silhouette": """
def silhouette(X, labels):
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, labels == c].mean() for c in np.unique(labels) if c != labels[i])
        s[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(s.mean())  # hint: after the loop return float(s.mean())
""",
    "adjusted-rand-index": """
def adjusted_rand(labels_true, labels_pred):
    _, t = np.unique(labels_true, return_inverse=True)
    _, p = np.unique(labels_pred, return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)
    pairs = lambda x: (x * (x - 1) / 2).sum()
    index, a, b = pairs(table), pairs(table.sum(1)), pairs(table.sum(0))
    expected = a * b / pairs(np.array([len(t)]))
    top = (a + b) / 2
    if top == expected:
        return 1.0
    return float((index - expected) / (top - expected))
""",
    "davies-bouldin": """
def davies_bouldin(X, labels):
    clusters = np.unique(labels)
    centroids = np.array([X[labels == c].mean(0) for c in clusters])
    spread = np.array([np.linalg.norm(X[labels == c] - m, axis=1).mean() for c, m in zip(clusters, centroids)])
    gaps = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=-1)
    np.fill_diagonal(gaps, np.inf)
    ratio = (spread[:, None] + spread[None, :]) / gaps
    return float(ratio.max(axis=1).mean())
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
