"""Shared kernels below the metric families (layer 0): one home per concept.

The metric modules, the streaming states, the report and the explorers all compute the
same few things -- labels as integer codes and their counts, probability bins, the
Mann-Whitney AUC, the BCa levels, the normal / t / binomial tails. Each is written once,
here, and every user imports it from here. The package is private (the public names live in
the metric modules); the names inside it are public, so that any module of the package may
import them. Input checks and the 0/0 funnel (``divide``) live in :mod:`.._validation`.

- :mod:`.labels` -- label encoding, confusion counts (the exact integer-weight path and its
  one overflow check), the positive class of a binary target, column codes of a probability
  matrix.
- :mod:`.binning` -- calibration bins, one edge rule (right-closed, 0 in the first bin).
- :mod:`.ranks` -- the threshold sweep's cumulative counts, ROC AUC (from the curve, from
  rank counts or from histograms) and average precision.
- :mod:`.stats` -- the normal, Student t and binomial distribution functions, and BCa.
"""

from .binning import (
    bin_edges,
    bin_index,
    check_n_bins,
    sorted_bin_bounds,
    uniform_bin_index,
)
from .labels import (
    add_counts,
    binary_classes,
    check_labels_are_classes,
    check_not_continuous,
    check_pos_label_type,
    column_codes,
    curve_positive_mask,
    encode_labels,
    integer_weighted_counts,
    labels_1d,
    pair_counts,
    positive_mask,
    present_labels,
)
from .ranks import (
    average_precision_from_counts,
    binary_clf_curve,
    check_scores,
    check_weight,
    mann_whitney_auc,
    rank_counts,
    roc_auc_from_counts,
    roc_auc_from_histograms,
    sorted_counts,
    trapezoid,
)
from .stats import (
    bca_acceleration,
    bca_levels,
    betainc,
    binom_cdf,
    jackknife_acceleration,
    normal_cdf,
    normal_ppf,
    t_ppf,
    t_sf,
)

__all__ = [
    "add_counts",
    "average_precision_from_counts",
    "bca_acceleration",
    "bca_levels",
    "betainc",
    "bin_edges",
    "bin_index",
    "binary_classes",
    "binary_clf_curve",
    "binom_cdf",
    "check_labels_are_classes",
    "check_n_bins",
    "check_not_continuous",
    "check_pos_label_type",
    "check_scores",
    "check_weight",
    "column_codes",
    "curve_positive_mask",
    "encode_labels",
    "integer_weighted_counts",
    "jackknife_acceleration",
    "labels_1d",
    "mann_whitney_auc",
    "normal_cdf",
    "normal_ppf",
    "pair_counts",
    "positive_mask",
    "present_labels",
    "rank_counts",
    "roc_auc_from_counts",
    "roc_auc_from_histograms",
    "sorted_bin_bounds",
    "sorted_counts",
    "t_ppf",
    "t_sf",
    "trapezoid",
    "uniform_bin_index",
]
