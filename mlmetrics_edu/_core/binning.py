"""Probability bins, one edge rule: bins are right-closed, ``(e_k, e_{k+1}]``, with 0 in the first.

Used by the calibration metrics (reliability curve, ECE/MCE, Brier decomposition), by
``CalibrationState`` and ``BinnedRocAucState`` in :mod:`~mlmetrics_edu.monitoring` (and so by
the evaluation report, which bins through ``CalibrationState``), and by the calibration explorer,
which reads the same bins off sorted scores with ``searchsorted(edges, side="right")``.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_option

__all__ = ["bin_edges", "bin_index", "check_n_bins", "sorted_bin_bounds", "uniform_bin_index"]

_EPS = np.finfo(np.float64).eps


def check_n_bins(n_bins):
    """``n_bins`` as an int >= 1, or a MetricInputError naming it."""
    return check_int(n_bins, "n_bins", 1)


def bin_edges(p, n_bins, strategy):
    """K + 1 bin edges: equal widths on [0, 1], or the K-quantiles of ``p`` (may repeat)."""
    check_n_bins(n_bins)
    check_option(strategy, "strategy", ["uniform", "quantile"])
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    return np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)


def bin_index(p, edges, uniform):
    """Bin of each probability: the number of inner edges strictly below it.

    So bins are right-closed, (e_k, e_{k+1}], with 0 in the first bin -- exactly
    ``np.searchsorted(edges[1:-1], p)``. For equal-width bins ``floor(p * K)`` gives
    the same answer several times faster, except within rounding (a few ulps of
    ``p * K`` and of the edges; 64 eps K is ample) of an edge: those are looked up.
    """
    if not uniform:
        return np.searchsorted(edges[1:-1], p)
    n_bins = edges.size - 1
    scaled = p * n_bins
    bins = scaled.astype(np.intp)  # floor, as p >= 0
    distance = np.rint(scaled)  # to the nearest edge, in bin widths (computed in place)
    distance -= scaled
    on_edge = np.flatnonzero(np.abs(distance, out=distance) <= 64 * _EPS * n_bins)
    bins[on_edge] = np.searchsorted(edges[1:-1], p[on_edge])
    return bins


def uniform_bin_index(p, n_bins):
    """Bin of each probability among ``n_bins`` equal bins of [0, 1] (:func:`bin_index`'s rule)."""
    return bin_index(p, np.linspace(0.0, 1.0, n_bins + 1), True)


def sorted_bin_bounds(p_sorted, edges):
    """Where each bin starts and ends in ascending ``p_sorted``: bin ``k`` is
    ``p_sorted[bounds[k]:bounds[k + 1]]``, by :func:`bin_index`'s rule (right-closed, 0 in the
    first bin) with one binary search per inner edge -- O(K log n), so the calibration explorer
    re-bins sorted forecasts without a pass over the data."""
    inner = np.searchsorted(p_sorted, edges[1:-1], side="right")
    return np.concatenate([[0], inner, [p_sorted.size]])
