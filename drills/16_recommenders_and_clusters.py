"""Drill set 16: recommenders beyond accuracy and choosing k.

Off-policy estimates from logs (IPS, SNIPS, clipped IPS), what the lists look like as a whole
(catalogue coverage, intra-list diversity, novelty) and choosing k (Calinski-Harabasz, the gap
statistic and Tibshirani's rule). Every argument is a NumPy array (or an int where the signature
says so): logs are 1-D arrays of the same length, one row per logged interaction;
``recommendations`` is an int array of shape (n_users, k), one list of item ids per user; ``X`` is
a float array of shape (n, d).

    mlmetrics-edu drill check ips-estimate
    mlmetrics-edu drill watch                       # re-check on every save

`mlmetrics-edu drill hint ID` helps when stuck.
"""

import numpy as np


def ips_estimate(rewards, logging_propensity, target_propensity):
    """A shop logged which offer its old policy showed, with what probability, and whether the user
    bought. Estimate the purchase rate the NEW policy would get, from these logs alone.
    """
    # Graded on these conventions:
    # - w_i = target_propensity[i] / logging_propensity[i]: how much more often the new policy takes
    #   the logged action.
    # - Return the mean over ALL n logged rows of w_i * rewards[i], as a float (rows the new policy
    #   never takes count as 0).
    # - logging_propensity is in (0, 1]; target_propensity is in [0, 1].
    # TODO: one importance weight per row, then the mean of weight * reward.
    raise NotImplementedError


def snips_estimate(rewards, logging_propensity, target_propensity):
    """The same logs, but a few rare actions carry huge weights. Estimate the new policy's reward as a
    weighted average of the logged rewards (self-normalised IPS).
    """
    # Graded on these conventions:
    # - w_i = target_propensity[i] / logging_propensity[i].
    # - Return sum_i w_i * rewards[i] / sum_i w_i as a float; when every w_i is 0 return 0.0.
    # TODO: the importance weights, then a weighted average of the rewards.
    raise NotImplementedError


def clipped_ips_estimate(rewards, logging_propensity, target_propensity, clip):
    """One logged row has a weight of 50 and swings the estimate. Cap every importance weight at clip,
    then estimate the new policy's reward as IPS does.
    """
    # Graded on these conventions:
    # - w_i = min(target_propensity[i] / logging_propensity[i], clip): the weight is capped, the
    #   reward is not.
    # - Return the mean over all n rows of w_i * rewards[i] as a float.
    # TODO: cap the weights, then average weight * reward over every row.
    raise NotImplementedError


def catalog_coverage(recommendations, n_items):
    """A streaming service recommends lists to its users. What share of the whole catalogue does it
    ever recommend to anyone?
    """
    # Graded on these conventions:
    # - recommendations[u] is user u's list of item ids (ints in [0, n_items)); an item appears at
    #   most once per list.
    # - Return |items recommended to at least one user| / n_items as a float (the catalogue includes
    #   items never recommended).
    # TODO: the distinct items across all lists, over the catalogue size.
    raise NotImplementedError


def intra_list_diversity(recommendations, item_features):
    """Are users shown five versions of the same film? Return the mean pairwise cosine distance
    between the items of each list, averaged over users.
    """
    # Graded on these conventions:
    # - d(i, j) = 1 - cos(f_i, f_j) with f = the rows of item_features; a zero vector has cosine 0
    #   with every item (distance 1).
    # - The ILD of a list is the mean of d over its k (k - 1) / 2 pairs of distinct positions; lists
    #   have k >= 2 items.
    # - Return the mean of the per-list ILD over the users, as a float.
    # TODO: unit vectors, the cosine distances within each list, the mean over its pairs.
    raise NotImplementedError


def novelty(recommendations, item_counts, n_users):
    """Does the recommender only push what everyone already has? Return the mean self-information, in
    bits, of the recommended items.
    """
    # Graded on these conventions:
    # - p_i = item_counts[i] / n_users: the share of users who interacted with item i (every count
    #   is >= 1 and <= n_users).
    # - Return the mean of -log2(p_i) over every recommended item of every list, as a float (bits).
    # TODO: each recommended item's popularity, then its self-information in bits.
    raise NotImplementedError


def calinski_harabasz(X, labels):
    """Customers were clustered for k = 2 .. 8. For one clustering, how much of the spread lies
    between the clusters rather than inside them, per degree of freedom? Return the
    Calinski-Harabasz index.
    """
    # Graded on these conventions:
    # - c_j = the mean of cluster j, m = the mean of all n points; there are k clusters,
    #   2 <= k <= n - 1.
    # - B = sum_j n_j |c_j - m|^2 (between clusters, n_j = the size of cluster j);
    #   W = sum_i |x_i - c_label(i)|^2 (within clusters).
    # - Return (B / (k - 1)) / (W / (n - k)) as a float: sklearn.metrics.calinski_harabasz_score;
    #   when W == 0 return 1.0.
    # TODO: cluster means and sizes, B and W, then the ratio with degrees of freedom.
    raise NotImplementedError


def gap_values(w, w_ref):
    """Is the clustering tighter than clustering noise would be? From the within-cluster sums of
    squares of the data and of B uniform reference sets, return the gap and its standard error per k.
    """
    # Graded on these conventions:
    # - w[k - 1] is the within-cluster sum of squares W_k of the data clustered into k;
    #   w_ref[b, k - 1] the same for reference data set b (B sets, shape (B, K)).
    # - Gap(k) = mean over the B reference sets of log(w_ref[b, k - 1]) - log(w[k - 1]) (natural
    #   logs; a mean of logs, not the log of a mean).
    # - s(k) = sd(k) * sqrt(1 + 1 / B), where sd(k) is the standard deviation of
    #   log(w_ref[:, k - 1]) dividing by B (np.std's default).
    # - Return (gap, s): two float arrays of shape (K,).
    # TODO: logs first, then the mean and standard deviation over the reference sets.
    raise NotImplementedError


def gap_best_k(gap, s):
    """The gap curve is in. Which k does Tibshirani's one-standard-error rule pick?"""
    # Graded on these conventions:
    # - gap[k - 1] and s[k - 1] belong to k = 1 .. K (K = len(gap)).
    # - Return the smallest k in 1 .. K - 1 with gap[k - 1] >= gap[k] - s[k]
    #   (Gap(k) >= Gap(k + 1) - s(k + 1)), as an int; when no k qualifies return K.
    # TODO: walk k upwards and apply the rule.
    raise NotImplementedError
