"""Reference answers for drill set 10 (mirrors drills/10_clustering.py).

All three follow scikit-learn (silhouette_score with the Euclidean metric,
adjusted_rand_score, davies_bouldin_score). They are written for reading, with an
n x n distance matrix: fine for drill-sized inputs; the package's silhouette works in
row chunks so memory stays bounded.
"""

import numpy as np


def silhouette(X, labels):
    """A shop clustered its customers without knowing the true segments. Is each customer
    closer to its own cluster than to the next one? Return the mean silhouette as a float.
    """
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))  # all pairwise distances
    clusters = np.unique(labels)
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue  # a singleton has no a(i): its silhouette is 0 by convention
        a = D[i, own].sum() / (own.sum() - 1)  # D[i, i] = 0, so divide by the OTHER members
        # b: the MEAN distance to each other cluster, and the nearest of those clusters
        b = min(D[i, labels == c].mean() for c in clusters if c != labels[i])
        s[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0  # duplicates: 0/0 counts 0
    return float(s.mean())


def adjusted_rand(labels_true, labels_pred):
    """Support tickets were grouped by hand and by a clustering job. Do the two groupings agree
    on which tickets belong together, more than chance would? Return the adjusted Rand index.
    """
    _, t = np.unique(np.asarray(labels_true), return_inverse=True)  # names -> 0..k-1
    _, p = np.unique(np.asarray(labels_pred), return_inverse=True)
    t, p = t.ravel(), p.ravel()
    table = np.zeros((t.max() + 1, p.max() + 1))
    np.add.at(table, (t, p), 1)  # contingency table n_ij

    def pairs(x):
        return float((x * (x - 1) / 2).sum())  # number of unordered pairs, summed

    index = pairs(table)  # pairs together in both groupings
    a, b = pairs(table.sum(1)), pairs(table.sum(0))  # pairs together in each grouping
    expected = a * b / pairs(np.array([len(t)]))  # the index two random groupings would get
    top = (a + b) / 2  # the largest index these cluster sizes allow
    if top == expected:
        return 1.0  # one cluster in both, or singletons in both: identical groupings
    return float((index - expected) / (top - expected))


def davies_bouldin(X, labels):
    """The same customer clusters, judged from centroids only: how badly does each cluster
    overlap its most confusable neighbour? Return the Davies-Bouldin index (lower is better).
    """
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    clusters = np.unique(labels)
    centroids = np.array([X[labels == c].mean(0) for c in clusters])
    # spread: mean distance (not squared) of a cluster's points to its centroid
    spread = np.array([np.linalg.norm(X[labels == c] - m, axis=1).mean() for c, m in zip(clusters, centroids)])
    gaps = np.linalg.norm(centroids[:, None, :] - centroids[None, :, :], axis=-1)
    np.fill_diagonal(gaps, np.inf)  # j != i: a cluster is not its own neighbour
    ratio = (spread[:, None] + spread[None, :]) / gaps
    return float(ratio.max(axis=1).mean())  # worst neighbour of each cluster, then the mean
