"""Speed of the clustering metrics against scikit-learn and against the physical floor.

Run:  .venv/bin/python benchmarks/bench_clustering.py [--sizes 1e3,1e4,1e5,1e6,1e7] [--silhouette-max 2e4]

Same layout as ``bench_metrics.py``: our time, scikit-learn's, the ratio (sklearn / ours:
higher is better) and the ratio to the floor (ours / floor: lower is better). The data are
8 Gaussian blobs in 10 dimensions; the labels are 8 true classes and a clustering that
agrees with them on 80% of the points.

The floor is what no implementation can avoid:

* silhouette: every pairwise Euclidean distance once -- the O(n^2 d) inner products
  ``X[rows] @ X.T`` over row blocks plus one square root per pair -- without even
  reducing them per cluster;
* adjusted Rand index: one ``np.bincount`` of the joint (class, cluster) codes, i.e. the
  contingency table of labels that are already small integers;
* Davies-Bouldin: one pass over the points, their distance to their own centroid.

Silhouette is quadratic, so it only runs up to ``--silhouette-max`` points. scikit-learn's
silhouette is also chunked (``pairwise_distances_chunked``); both stay memory bounded.
Target: every row at least 5x faster than scikit-learn, or within 2x of the floor.
Timings are the best of several repeats; this is a report, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

import numpy as np
import sklearn.metrics as skm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ratio_table  # noqa: E402

from mlmetrics_edu import clustering  # noqa: E402

K, DIM = 8, 10


def scenario(n, rng):
    centres = rng.normal(0, 4, size=(K, DIM))
    labels_true = rng.integers(0, K, n)
    X = centres[labels_true] + rng.normal(size=(n, DIM))
    labels_pred = np.where(rng.random(n) < 0.8, labels_true, rng.integers(0, K, n))
    return X, labels_true, labels_pred


def distance_floor(X, block=2048):
    """Every pairwise distance once, in row blocks: inner products, then one square root per pair."""
    sq = (X * X).sum(1)
    total = 0.0
    for start in range(0, len(X), block):
        d2 = sq[start:start + block, None] + sq[None, :] - 2.0 * (X[start:start + block] @ X.T)
        total += float(np.sqrt(np.maximum(d2, 0, out=d2), out=d2).sum())
    return total


def centroid_floor(X, labels):
    """One pass: each point's distance to its own cluster's centroid."""
    counts = np.bincount(labels, minlength=K)
    centroids = np.stack([np.bincount(labels, weights=X[:, j], minlength=K) for j in range(DIM)], 1) / counts[:, None]
    return np.linalg.norm(X - centroids[labels], axis=1)


def rows(n, rng, silhouette_max):
    X, labels_true, labels_pred = scenario(n, rng)
    out = []
    if n <= silhouette_max:
        out.append(("silhouette_score",
                    lambda: clustering.silhouette_score(X, labels_pred),
                    lambda: skm.silhouette_score(X, labels_pred),
                    lambda: distance_floor(X), "n^2 distances"))
    out += [
        ("adjusted_rand_score",
         lambda: clustering.adjusted_rand_score(labels_true, labels_pred),
         lambda: skm.adjusted_rand_score(labels_true, labels_pred),
         lambda: np.bincount(labels_true * K + labels_pred, minlength=K * K), "bincount"),
        ("davies_bouldin_score",
         lambda: clustering.davies_bouldin_score(X, labels_pred),
         lambda: skm.davies_bouldin_score(X, labels_pred),
         lambda: centroid_floor(X, labels_pred), "one pass"),
    ]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5,1e6,1e7",
                        help="comma-separated sample counts (default: 1e3,1e4,1e5,1e6,1e7)")
    parser.add_argument("--silhouette-max", type=float, default=2e4,
                        help="largest n for the (quadratic) silhouette rows (default: 2e4)")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rng = np.random.default_rng(0)
    warnings.simplefilter("ignore")

    ratio_table(((n, *row) for n in sizes for row in rows(n, rng, args.silhouette_max)), "sklearn",
                budget=lambda n: 1.0 if n <= 1e6 else 3.0)


if __name__ == "__main__":
    main()
