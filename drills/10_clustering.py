"""Drill set 10: clustering metrics -- silhouette, adjusted Rand index, Davies-Bouldin.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check silhouette
    mlmetrics-edu drill watch                       # re-check on every save

X is a float array of shape (n, d) (the points); labels are a 1-D array of cluster ids (ints
or strings) with at least 2 and at most n - 1 distinct clusters. Distances are Euclidean.
`mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def silhouette(X, labels):
    """A shop clustered its customers without knowing the true segments. Is each customer
    closer to its own cluster than to the next one? Return the mean silhouette as a float.
    """
    # Graded on these conventions:
    # - a(i) = mean distance from i to the OTHER members of its cluster: divide by |C| - 1.
    # - b(i) = the smallest, over the other clusters, of the MEAN distance from i to that cluster's
    #   members (not the distance to the nearest point).
    # - s(i) = (b - a) / max(a, b); a point alone in its cluster has s = 0, and so does a = b = 0.
    # - Return the mean of s over all points as a float: sklearn.metrics.silhouette_score.
    # TODO: a pairwise distance matrix, then a(i), b(i) and s(i) for every point.
    raise NotImplementedError


def adjusted_rand(labels_true, labels_pred):
    """Support tickets were grouped by hand and by a clustering job. Do the two groupings agree
    on which tickets belong together, more than chance would? Return the adjusted Rand index.
    """
    # Graded on these conventions:
    # - Contingency table n_ij = points in true class i and predicted cluster j; a_i, b_j are its row
    #   and column sums; pairs(x) = x (x - 1) / 2.
    # - index = sum pairs(n_ij); expected = sum pairs(a_i) * sum pairs(b_j) / pairs(n);
    #   top = (sum pairs(a_i) + sum pairs(b_j)) / 2.
    # - ARI = (index - expected) / (top - expected), a float; when top == expected (both groupings
    #   one cluster, or both all singletons) return 1.0: sklearn.metrics.adjusted_rand_score.
    # - Label names do not matter; inputs have the same length, at least 2.
    # TODO: build the contingency table, then count pairs.
    raise NotImplementedError


def davies_bouldin(X, labels):
    """The same customer clusters, judged from centroids only: how badly does each cluster
    overlap its most confusable neighbour? Return the Davies-Bouldin index (lower is better).
    """
    # Graded on these conventions:
    # - Centroid c_i = mean of cluster i's points; spread s_i = mean Euclidean distance of its
    #   points to c_i.
    # - R_ij = (s_i + s_j) / |c_i - c_j| for clusters i != j.
    # - DB = mean over clusters i of max over j != i of R_ij, as a float:
    #   sklearn.metrics.davies_bouldin_score. No two centroids coincide.
    # TODO: centroids and spreads per cluster, then the worst neighbour of each.
    raise NotImplementedError
