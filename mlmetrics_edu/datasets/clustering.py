"""Seeded scenarios for notebook 10 (clustering): NumPy only.

Each function returns plain arrays so the notebook only calls and prints. Nothing here is a
metric and nothing here clusters: the metrics and k-means itself come from
:mod:`mlmetrics_edu.clustering`.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int, rng_from_seed


__all__ = [
    "anisotropic_blobs",
    "blobs",
    "two_moons",
]


def blobs(n=600, k=4, spread=1.0, seed=0):
    """``k`` round Gaussian clusters of equal size on a circle of radius 6.

    Returns ``X`` of shape (n, 2) and the true cluster of each point (0..k-1).
    """
    n, k = check_int(n, "n", 1), check_int(k, "k", 1)
    rng = rng_from_seed(seed)
    angles = 2 * np.pi * np.arange(k) / k
    centres = 6.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.arange(n) % k
    return centres[labels] + rng.normal(scale=spread, size=(n, 2)), labels


def two_moons(n=400, noise=0.08, seed=0):
    """Two interleaved half circles (the classic non-convex clusters).

    Returns ``X`` of shape (n, 2) and the moon of each point (0 = upper, 1 = lower).
    """
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    labels = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(labels[:, None] == 0, upper, lower)
    return X + rng.normal(scale=noise, size=(n, 2)), labels


def anisotropic_blobs(n=600, seed=0):
    """Three long, thin, parallel clusters: Gaussian blobs sheared by one linear map.

    Returns ``X`` of shape (n, 2) and the true cluster of each point (0..2).
    """
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    labels = np.arange(n) % 3
    centres = np.array([[0.0, 0.0], [0.0, 2.2], [0.0, 4.4]])
    round_ = centres[labels] + rng.normal(scale=[2.5, 0.35], size=(n, 2))
    shear = np.array([[1.0, 0.0], [0.6, 1.0]])  # stretch along a slanted direction
    return round_ @ shear.T, labels


