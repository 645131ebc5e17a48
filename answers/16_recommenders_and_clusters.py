"""Reference answers for drill set 16 (mirrors drills/16_recommenders_and_clusters.py).

IPS and SNIPS as in Swaminathan & Joachims (2015) (the package's ``ips_estimate`` and
``snips_estimate``), coverage, diversity and novelty from their definitions (Ziegler et al. 2005;
Zhou et al. 2010), Calinski-Harabasz equal to scikit-learn, the gap statistic and its rule as
Tibshirani, Walther & Hastie (2001) write them. Written for reading, with loops where a loop is
the definition.
"""

import numpy as np


def ips_estimate(rewards, logging_propensity, target_propensity):
    """A shop logged which offer its old policy showed, with what probability, and whether the user
    bought. Estimate the purchase rate the NEW policy would get, from these logs alone.
    """
    rewards = np.asarray(rewards, dtype=float)
    # importance weight: how much more (or less) often the new policy takes the logged action
    w = np.asarray(target_propensity, dtype=float) / np.asarray(logging_propensity, dtype=float)
    # divide by ALL n rows: rows the new policy never takes contribute 0, and that is what
    # makes E[IPS] equal the new policy's value (dividing by sum(w) would be SNIPS)
    return float(np.mean(w * rewards))


def snips_estimate(rewards, logging_propensity, target_propensity):
    """The same logs, but a few rare actions carry huge weights. Estimate the new policy's reward as a
    weighted average of the logged rewards (self-normalised IPS).
    """
    rewards = np.asarray(rewards, dtype=float)
    w = np.asarray(target_propensity, dtype=float) / np.asarray(logging_propensity, dtype=float)
    if w.sum() == 0:
        return 0.0  # 0/0: the logs say nothing about a policy that never takes a logged action
    # a weighted AVERAGE: the weights' realised sum replaces n, whose expectation it is
    return float(w @ rewards / w.sum())


def clipped_ips_estimate(rewards, logging_propensity, target_propensity, clip):
    """One logged row has a weight of 50 and swings the estimate. Cap every importance weight at clip,
    then estimate the new policy's reward as IPS does.
    """
    rewards = np.asarray(rewards, dtype=float)
    w = np.asarray(target_propensity, dtype=float) / np.asarray(logging_propensity, dtype=float)
    w = np.minimum(w, clip)  # cap the WEIGHT: the row keeps its reward, loses its leverage
    return float(np.mean(w * rewards))  # still over all n rows, as IPS


def catalog_coverage(recommendations, n_items):
    """A streaming service recommends lists to its users. What share of the whole catalogue does it
    ever recommend to anyone?
    """
    # distinct items across every list: an item shown to a million users counts once
    shown = np.unique(np.asarray(recommendations))
    # over the WHOLE catalogue, including the items nobody was ever shown
    return float(shown.size / n_items)


def intra_list_diversity(recommendations, item_features):
    """Are users shown five versions of the same film? Return the mean pairwise cosine distance
    between the items of each list, averaged over users.
    """
    F = np.asarray(item_features, dtype=float)
    norm = np.linalg.norm(F, axis=1, keepdims=True)
    unit = np.divide(F, norm, out=np.zeros_like(F), where=norm > 0)  # a zero vector stays 0: cosine 0
    per_list = []
    for row in np.asarray(recommendations):
        D = 1.0 - unit[row] @ unit[row].T  # cosine distances among this list's items
        # only the k (k - 1) / 2 pairs of DIFFERENT positions (the diagonal is an item with itself)
        per_list.append(D[np.triu_indices(len(row), 1)].mean())
    return float(np.mean(per_list))  # then the mean over users


def novelty(recommendations, item_counts, n_users):
    """Does the recommender only push what everyone already has? Return the mean self-information, in
    bits, of the recommended items.
    """
    # popularity = the share of USERS who have the item (not the share of all interactions)
    p = np.asarray(item_counts, dtype=float)[np.asarray(recommendations)] / n_users
    # self-information in bits: 0 for an item everyone has, 10 for one in 1,024
    return float(np.mean(-np.log2(p)))


def calinski_harabasz(X, labels):
    """Customers were clustered for k = 2 .. 8. For one clustering, how much of the spread lies
    between the clusters rather than inside them, per degree of freedom? Return the
    Calinski-Harabasz index.
    """
    X, labels = np.asarray(X, dtype=float), np.asarray(labels)
    clusters = np.unique(labels)
    m = X.mean(axis=0)
    B = W = 0.0
    for c in clusters:
        members = X[labels == c]
        centre = members.mean(axis=0)
        B += len(members) * ((centre - m) ** 2).sum()  # each centre counts once per member
        W += ((members - centre) ** 2).sum()  # spread left inside the cluster
    k, n = len(clusters), len(X)
    if W == 0:
        return 1.0  # identical points in every cluster: scikit-learn's convention
    # an F statistic: B has k - 1 degrees of freedom, W has n - k -- which penalises large k
    return float((B / (k - 1)) / (W / (n - k)))


def gap_values(w, w_ref):
    """Is the clustering tighter than clustering noise would be? From the within-cluster sums of
    squares of the data and of B uniform reference sets, return the gap and its standard error per k.
    """
    w, w_ref = np.asarray(w, dtype=float), np.asarray(w_ref, dtype=float)
    log_ref = np.log(w_ref)  # logs first: W varies by factors, and Gap compares log W
    gap = log_ref.mean(axis=0) - np.log(w)  # expected log W under the null, minus the data's
    B = len(w_ref)
    # sd divides by B (np.std's default); sqrt(1 + 1/B) adds the error of the mean over B sets
    s = log_ref.std(axis=0) * np.sqrt(1 + 1 / B)
    return gap, s


def gap_best_k(gap, s):
    """The gap curve is in. Which k does Tibshirani's one-standard-error rule pick?"""
    gap, s = np.asarray(gap, dtype=float), np.asarray(s, dtype=float)
    for k in range(1, len(gap)):  # k is 1-based: gap[k - 1] is Gap(k), gap[k] is Gap(k + 1)
        # stop at the first k that the next one does not beat by more than ITS standard error
        if gap[k - 1] >= gap[k] - s[k]:
            return k
    return len(gap)  # still rising at K: try a larger K
