"""Drill set 12: monitoring in production -- mergeable states and drift.

Each function is one drill. Replace the `raise NotImplementedError` under each TODO
with your code (NumPy is all you need), then grade it:

    mlmetrics-edu drill check merge-moments

A "state" summarises one chunk of data (one day, one partition) so that the states of
two chunks combine into the state of their union. `mlmetrics-edu drill hint ID` helps.
"""

import numpy as np


def merge_moments(a, b):
    """Two servers each summarise the latency of their requests as (n, mean, m2). The
    dashboard needs the summary of all requests. Return the merged (n, mean, m2).
    """
    # Graded on these conventions:
    # - A state is (n, mean, m2): the number of values, their mean and m2 = sum((x - mean)**2).
    # - Return the state of the union of both chunks as a tuple of three floats (n, mean, m2).
    # - An empty state is (0, 0.0, 0.0); two empty states merge to (0.0, 0.0, 0.0).
    # TODO: the merged count, the count-weighted mean, and m2 with the between-chunk term.
    raise NotImplementedError


def merged_auc(state_a, state_b):
    """Two Dask partitions of fraud scores were summarised as score histograms. What is the
    ROC AUC of all the transactions? Return it as a float.
    """
    # Graded on these conventions:
    # - A state is (scores, pos, neg): sorted distinct scores, and at each score the number of
    #   positives and of negatives. A state may be empty (three empty arrays).
    # - AUC = P(a random positive scores above a random negative); a tie counts 1/2.
    # - The union holds at least one positive and one negative. Return a float.
    # TODO: merge the two histograms on the union of scores, then count the ranked pairs.
    raise NotImplementedError


def psi(expected, actual):
    """A credit model's scores at training time (expected) and this week (actual). Has the
    population shifted? Return the population stability index over 10 quantile bins.
    """
    # Graded on these conventions:
    # - Inner bin edges: np.unique(np.quantile(expected, [0.1, 0.2, ..., 0.9])) (NumPy's default
    #   linear interpolation); the outer edges are -inf and +inf.
    # - A value v falls in bin np.searchsorted(edges, v, side="right"): bins are [e_k, e_k+1).
    # - Proportions are floored at 1e-4 before the formula, so an empty bin stays finite.
    # - PSI = sum((a - e) * ln(a / e)) over the bins; return a float.
    # TODO: bin both samples on the expected sample's quantiles, floor, then sum.
    raise NotImplementedError
