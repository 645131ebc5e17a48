"""Reference answers for drill set 15 (mirrors drills/15_llm_applications.py).

Fleiss' kappa compares pairwise agreement with the agreement of ratings drawn at random
from the pooled label shares; Krippendorff's alpha pairs only the ratings inside a unit
(so missing ratings are fine) and weighs disagreements by a distance; Elo updates online,
Bradley-Terry fits every game at once; Chatbot Arena ranks by non-overlapping intervals;
error bars on evals pair the models and cluster the questions.
"""

import math

import numpy as np

# --- Fleiss' kappa ---------------------------------------------------------------------------


def fleiss_kappa(table):
    """Three LLM judges labelled each answer "good", "ok" or "bad". table[i, j] counts the judges
    who put answer i in category j. How much do they agree beyond chance?
    """
    t = np.asarray(table, dtype=float)
    m = t[0].sum()  # raters per subject
    p_i = ((t**2).sum(axis=1) - m) / (m * (m - 1))  # agreeing ordered pairs of *different* raters
    p_bar = p_i.mean()
    p_j = t.sum(axis=0) / t.sum()  # pooled share of each category
    p_e = float((p_j**2).sum())  # two random ratings agree by chance
    if p_e == 1:
        return float("nan")  # everyone used one category: 0/0
    return float((p_bar - p_e) / (1 - p_e))


def observed_agreement(table):
    """Before correcting for chance: on average, what share of pairs of raters agree on a subject?
    table[i, j] counts the raters who put subject i in category j.
    """
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    # n_ij raters in category j form n_ij (n_ij - 1) ordered agreeing pairs, out of m (m - 1)
    p_i = (t * (t - 1)).sum(axis=1) / (m * (m - 1))
    return float(p_i.mean())


def chance_agreement(table):
    """How often would two ratings agree if each were drawn at random from all the ratings given?
    table[i, j] counts the raters who put subject i in category j.
    """
    t = np.asarray(table, dtype=float)
    p_j = t.sum(axis=0) / t.sum()  # the pooled shares, not 1 / n_categories
    return float((p_j**2).sum())


# --- Krippendorff's alpha --------------------------------------------------------------------


def _value_counts(data, values):
    """Units x values: how many raters gave each value to each unit (missing ratings skipped)."""
    d = np.asarray(data, dtype=float)
    return np.array([[np.sum(col == v) for v in values] for col in d.T], dtype=float)


def _coincidences(counts):
    o = np.zeros((counts.shape[1], counts.shape[1]))
    for n_u in counts:
        m_u = n_u.sum()
        if m_u >= 2:  # a unit rated once has no pair of ratings
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1)  # each unit adds m_u pairs in all
    return o


def coincidence_matrix(data, n_values):
    """Raters labelled units with codes 0 .. n_values - 1, some ratings missing (NaN). Build
    Krippendorff's coincidence matrix: which values were paired inside the same unit.
    """
    return _coincidences(_value_counts(data, np.arange(n_values)))  # values are the codes


def krippendorff_alpha_nominal(data):
    """Crowd workers rated units (raters x units, NaN where a worker skipped a unit). How reliable are
    the labels? Return Krippendorff's alpha for nominal data.
    """
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _coincidences(_value_counts(d, values))
    n_c = o.sum(axis=0)  # pairable ratings of each value
    n = n_c.sum()
    # D_o = off-diagonal share of o; D_e = off-diagonal share of random pairs (n - 1 without replacement)
    return float(1 - (n - 1) * (n - np.trace(o)) / (n**2 - np.sum(n_c**2)))


def krippendorff_alpha_interval(data):
    """Judges scored answers 1-10 (raters x units, NaN where missing). A 6 vs 7 is a smaller miss than
    1 vs 10: return Krippendorff's alpha for interval data.
    """
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _coincidences(_value_counts(d, values))
    n_c = o.sum(axis=0)
    n = n_c.sum()
    delta = (values[:, None] - values[None, :]) ** 2  # squared distance of the two values
    return float(1 - (n - 1) * np.sum(o * delta) / (n_c @ delta @ n_c))


# --- Elo, Bradley-Terry, arena ranks ----------------------------------------------------------


def elo_ratings(games, n_items, k, initial):
    """A chatbot arena logs battles as (winner, loser) in the order they happened. Replay them with
    Elo and return every model's final rating.
    """
    r = np.full(n_items, float(initial))
    for winner, loser in games:
        expected = 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400))  # from the ratings before this game
        delta = k * (1 - expected)  # an expected win moves little, an upset a lot
        r[winner] += delta
        r[loser] -= delta  # the same amount: points move, their total is conserved
    return r


def bradley_terry(n_items, games):
    """Fit Bradley-Terry to (winner, loser) battles by maximum likelihood: one log-strength per model,
    P(i beats j) = 1 / (1 + exp(theta[j] - theta[i])). Return theta with mean zero.
    """
    wins = np.zeros((n_items, n_items))
    for w, l in games:
        wins[w, l] += 1
    games_between = wins + wins.T
    theta = np.zeros(n_items)
    for _ in range(100):  # Newton's method on the concave log-likelihood
        p = 1 / (1 + np.exp(theta[None, :] - theta[:, None]))  # P(i beats j)
        grad = wins.sum(axis=1) - (games_between * p).sum(axis=1)  # wins minus expected wins
        info = games_between * p * p.T
        hess = np.diag(info.sum(axis=1)) - info + 1 / n_items  # + 1/n fixes the free shift
        step = np.linalg.solve(hess, grad)
        theta = theta + step
        if np.abs(step).max() < 1e-12:
            break
    return theta - theta.mean()  # the likelihood only sees differences


def arena_rank(low, high):
    """Models have confidence intervals (low, high) of their arena scores. Rank them the way Chatbot
    Arena does, so that a model is only ranked below models that are surely better.
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    surely_better = low[None, :] > high[:, None]  # [i, j]: j's whole interval is above i's
    return 1 + surely_better.sum(axis=1)


# --- error bars on evals ----------------------------------------------------------------------


def paired_standard_error(scores_a, scores_b):
    """Two models answered the same questions (scores_a[i], scores_b[i]). Return the standard error of
    the mean score difference.
    """
    d = np.asarray(scores_a, dtype=float) - np.asarray(scores_b, dtype=float)  # pair first
    return float(d.std(ddof=1) / np.sqrt(len(d)))  # shared difficulty cancels in d


def clustered_standard_error(scores, clusters):
    """Several questions were written about each passage (clusters[i] is question i's passage).
    Return the cluster-robust standard error of the mean score.
    """
    s = np.asarray(scores, dtype=float)
    _, g = np.unique(clusters, return_inverse=True)
    g = g.ravel()
    sums = np.bincount(g, weights=s - s.mean())  # sum the residuals inside each cluster first
    n_clusters = len(sums)
    # square the cluster sums (correlated errors add up), CR1 small-sample factor G / (G - 1)
    return float(np.sqrt(n_clusters / (n_clusters - 1) * np.sum(sums**2)) / len(s))


def questions_needed(gap, sd, z_alpha, z_power):
    """How many questions must a paired eval have to detect a true score gap with the wanted power?
    sd is the standard deviation of the per-question differences.
    """
    # reject when |mean d| > z_alpha sd / sqrt(n); a true gap clears that with prob. power when
    # |gap| = (z_alpha + z_power) sd / sqrt(n): solve for n and round up
    return math.ceil(((z_alpha + z_power) * sd / abs(gap)) ** 2)
