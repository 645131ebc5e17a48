"""Reference answers for drill set 12 (mirrors drills/12_monitoring.py).

merge_moments is Chan, Golub & LeVeque's pairwise update (the merge of
mlmetrics_edu.monitoring.RegressionState); merged_auc is RocAucState's merge and
compute; psi follows mlmetrics_edu.drift.population_stability_index (bins=10,
epsilon=1e-4).
"""

import numpy as np


def merge_moments(a, b):
    """Two servers each summarise the latency of their requests as (n, mean, m2). The
    dashboard needs the summary of all requests. Return the merged (n, mean, m2).
    """
    n_a, mean_a, m2_a = a
    n_b, mean_b, m2_b = b
    n = n_a + n_b
    if n == 0:
        return 0.0, 0.0, 0.0  # two empty chunks: nothing to average, and no 0/0
    delta = mean_b - mean_a
    # The mean moves towards b in proportion to b's share of the values: weight by counts,
    # never (mean_a + mean_b) / 2.
    mean = mean_a + delta * n_b / n
    # Within-chunk spreads add; the gap between the two means adds spread of its own.
    m2 = m2_a + m2_b + delta**2 * n_a * n_b / n
    return float(n), float(mean), float(m2)


def merged_auc(state_a, state_b):
    """Two Dask partitions of fraud scores were summarised as score histograms. What is the
    ROC AUC of all the transactions? Return it as a float.
    """
    scores = np.union1d(state_a[0], state_b[0])  # equal scores of the two chunks become one tie
    pos, neg = np.zeros(scores.size), np.zeros(scores.size)
    for s, p, n in (state_a, state_b):
        where = np.searchsorted(scores, s)
        pos[where] += p  # counts add; AUCs would not
        neg[where] += n
    neg_below = np.cumsum(neg) - neg  # negatives strictly below each score
    # each positive beats the negatives below it and ties with half of those at its score
    pairs = np.sum(pos * (neg_below + 0.5 * neg))
    return float(pairs / (pos.sum() * neg.sum()))


def psi(expected, actual):
    """A credit model's scores at training time (expected) and this week (actual). Has the
    population shifted? Return the population stability index over 10 quantile bins.
    """
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    # the reference's deciles cut the bins; ties in it repeat an edge, so drop repeats
    edges = np.unique(np.quantile(expected, np.arange(1, 10) / 10))
    k = edges.size + 1
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=k) / expected.size
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=k) / actual.size
    # an empty bin would make ln(a / e) infinite: floor every share at 1e-4
    e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))
