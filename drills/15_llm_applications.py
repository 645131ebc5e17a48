"""Drill set 15: evaluating LLM applications -- raters, leaderboards and error bars on evals.

Tables are NumPy arrays of counts (subjects x categories); rating data is raters x units with
np.nan where a rating is missing; games are (winner, loser) pairs of item ids. Return Python
floats for single numbers and NumPy arrays otherwise.

    mlmetrics-edu drill check fleiss-kappa
"""

import math

import numpy as np


def fleiss_kappa(table):
    """Three LLM judges labelled each answer "good", "ok" or "bad". table[i, j] counts the judges
    who put answer i in category j. How much do they agree beyond chance?
    """
    # Graded on these conventions:
    # - table[i, j] = how many raters put subject i in category j; every row sums to the same m >= 2.
    # - P_i = (sum_j table[i, j]**2 - m) / (m * (m - 1)); P_bar = the mean of P_i over subjects.
    # - p_j = column sum j / total number of ratings; P_e = sum_j p_j**2; return float((P_bar - P_e) /
    #   (1 - P_e)), or float('nan') when P_e == 1.
    # TODO: P_bar from the pairs of different raters, P_e from the pooled shares, then rescale.
    raise NotImplementedError


def observed_agreement(table):
    """Before correcting for chance: on average, what share of pairs of raters agree on a subject?
    table[i, j] counts the raters who put subject i in category j.
    """
    # Graded on these conventions:
    # - table[i, j] = how many raters put subject i in category j; every row sums to the same m >= 2.
    # - P_i = sum_j n_ij * (n_ij - 1) / (m * (m - 1)): the share of ordered pairs of different raters
    #   that agree on subject i. Return the mean of P_i over subjects as a float.
    # TODO: agreeing ordered pairs per subject over m (m - 1), then the mean.
    raise NotImplementedError


def chance_agreement(table):
    """How often would two ratings agree if each were drawn at random from all the ratings given?
    table[i, j] counts the raters who put subject i in category j.
    """
    # Graded on these conventions:
    # - table[i, j] = how many raters put subject i in category j; every row sums to the same m.
    # - p_j = the sum of column j / the total number of ratings (pooled over all subjects); return P_e =
    #   sum_j p_j**2 as a float.
    # TODO: pooled category shares, then the sum of their squares.
    raise NotImplementedError


def coincidence_matrix(data, n_values):
    """Raters labelled units with codes 0 .. n_values - 1, some ratings missing (NaN). Build
    Krippendorff's coincidence matrix: which values were paired inside the same unit.
    """
    # Graded on these conventions:
    # - data[r, u] is the value (an integer code 0 .. n_values - 1) rater r gave unit u, np.nan if
    #   missing.
    # - Only units rated by m_u >= 2 raters count. Each adds (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1)
    #   to o[c, k], where n_uc = how many of its raters chose value c.
    # - Return an (n_values, n_values) float NumPy array.
    # TODO: value counts per unit, then each pairable unit's ordered pairs over m_u - 1.
    raise NotImplementedError


def krippendorff_alpha_nominal(data):
    """Crowd workers rated units (raters x units, NaN where a worker skipped a unit). How reliable are
    the labels? Return Krippendorff's alpha for nominal data.
    """
    # Graded on these conventions:
    # - data is raters x units; np.nan marks a missing rating; only units with at least 2 ratings count
    #   (pairable). The values are the distinct non-missing numbers.
    # - Build the coincidence matrix o (the coincidences drill) over those values; n_c = o.sum(axis=0),
    #   n = n_c.sum().
    # - alpha = 1 - (n - 1) * (n - trace(o)) / (n**2 - sum_c n_c**2); return a float.
    # TODO: the coincidence matrix over the distinct values, then 1 - D_o / D_e.
    raise NotImplementedError


def krippendorff_alpha_interval(data):
    """Judges scored answers 1-10 (raters x units, NaN where missing). A 6 vs 7 is a smaller miss than
    1 vs 10: return Krippendorff's alpha for interval data.
    """
    # Graded on these conventions:
    # - data is raters x units; np.nan marks a missing rating; only units with at least 2 ratings count.
    #   v are the sorted distinct non-missing values.
    # - With the coincidence matrix o over v, n_c = o.sum(axis=0), n = n_c.sum() and delta[c, k] =
    #   (v_c - v_k)**2: alpha = 1 - (n - 1) * sum(o * delta) / (n_c @ delta @ n_c); return a float.
    # TODO: coincidences, squared distances, then 1 - D_o / D_e.
    raise NotImplementedError


def elo_ratings(games, n_items, k, initial):
    """A chatbot arena logs battles as (winner, loser) in the order they happened. Replay them with
    Elo and return every model's final rating.
    """
    # Graded on these conventions:
    # - games is a sequence of (winner, loser) item ids, in the order played; every item starts at
    #   initial.
    # - Before each game: expected = 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400)); then r[winner] += k
    #   * (1 - expected) and r[loser] -= k * (1 - expected), both from the ratings before this game.
    # - Return a float NumPy array of the n_items ratings.
    # TODO: replay the games in order, one expected score per game.
    raise NotImplementedError


def bradley_terry(n_items, games):
    """Fit Bradley-Terry to (winner, loser) battles by maximum likelihood: one log-strength per model,
    P(i beats j) = 1 / (1 + exp(theta[j] - theta[i])). Return theta with mean zero.
    """
    # Graded on these conventions:
    # - games is a sequence of (winner, loser) item ids; P(i beats j) = 1 / (1 + exp(theta[j] -
    #   theta[i])).
    # - Return the maximum-likelihood theta with mean zero, a float NumPy array (checked to 1e-6); every
    #   test set has a finite maximum.
    # TODO: fit the strengths (MM or Newton), then log and centre them.
    raise NotImplementedError


def arena_rank(low, high):
    """Models have confidence intervals (low, high) of their arena scores. Rank them the way Chatbot
    Arena does, so that a model is only ranked below models that are surely better.
    """
    # Graded on these conventions:
    # - low[i], high[i] is the confidence interval of model i's score (higher is better).
    # - rank[i] = 1 + the number of models j whose low[j] is strictly greater than high[i] (models
    #   surely better than i), as Chatbot Arena; return an int NumPy array.
    # TODO: count, for each model, the models whose interval lies entirely above its own.
    raise NotImplementedError


def paired_standard_error(scores_a, scores_b):
    """Two models answered the same questions (scores_a[i], scores_b[i]). Return the standard error of
    the mean score difference.
    """
    # Graded on these conventions:
    # - scores_a[i] and scores_b[i] are the two models' scores on question i (n >= 2).
    # - Return the standard error of mean(a - b): the standard deviation of the differences (ddof=1)
    #   over sqrt(n), as a float.
    # TODO: differences first, then their standard error.
    raise NotImplementedError


def clustered_standard_error(scores, clusters):
    """Several questions were written about each passage (clusters[i] is question i's passage).
    Return the cluster-robust standard error of the mean score.
    """
    # Graded on these conventions:
    # - clusters[i] is the passage (any label) of question i; there are G >= 2 distinct clusters.
    # - r = scores - mean(scores); S_g = the sum of r over cluster g; SE = sqrt(G / (G - 1) * sum_g
    #   S_g**2) / n (the CR1 correction, as statsmodels); return a float.
    # TODO: residual sums per cluster, then the CR1 formula.
    raise NotImplementedError


def questions_needed(gap, sd, z_alpha, z_power):
    """How many questions must a paired eval have to detect a true score gap with the wanted power?
    sd is the standard deviation of the per-question differences.
    """
    # Graded on these conventions:
    # - n = ceil(((z_alpha + z_power) * sd / abs(gap)) ** 2), where z_alpha is the two-sided critical
    #   value (1.96 for 5%) and z_power the quantile of the power (0.842 for 80%).
    # - sd is the standard deviation of the per-question differences; gap may be negative. Return a
    #   Python int.
    # TODO: solve the power condition for n and round up.
    raise NotImplementedError
