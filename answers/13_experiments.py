"""Reference answers for drill set 13 (mirrors drills/13_experiments.py).

Sample size, power and MDE count BOTH arms' noise and put alpha/2 in each tail; SRM compares
counts of randomization units with the planned split; CUPED fits one theta on pre-period data
of all units and centres x at its pooled mean; the corrected t-test inflates the variance by
n_test / n_train; nested CV cuts the inner folds from the outer training set only; prior shift
reweights by new / old prior and renormalizes.
"""

import math

import numpy as np


def normal_cdf(x):
    """P(Z <= x) for a standard normal Z (given: do not edit)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_quantile(p):
    """The z with P(Z <= z) = p, by bisection (given: do not edit)."""
    low, high = -40.0, 40.0
    for _ in range(200):
        mid = (low + high) / 2
        if normal_cdf(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


# --- power and sample size -------------------------------------------------------------------


def sample_size_per_arm(p_control, p_treatment, alpha, power):
    """How many users per arm to detect a move from p_control to p_treatment (two-sided z-test)?
    Return the per-arm size, rounded up, as an int.
    """
    z_alpha = normal_quantile(1 - alpha / 2)  # two-sided: alpha / 2 in each tail
    z_power = normal_quantile(power)
    variance = p_control * (1 - p_control) + p_treatment * (1 - p_treatment)  # BOTH arms' noise
    n = (z_alpha + z_power) ** 2 * variance / (p_treatment - p_control) ** 2
    return int(math.ceil(n))  # per arm: the test needs twice this in total


def power_two_sample(effect_size, n_per_arm, alpha):
    """A two-sided z-test of two means with n_per_arm users in each arm: what is its power for a
    standardized effect (Cohen's d)? Return a float.
    """
    z_alpha = normal_quantile(1 - alpha / 2)
    shift = effect_size * math.sqrt(n_per_arm / 2)  # SE of a difference of two means: sqrt(2 / n)
    # both rejection regions count: the far one adds a little
    return float(normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha))


def minimum_detectable_lift(p_control, n_per_arm, alpha, power):
    """Traffic is fixed: n_per_arm users in each arm, baseline conversion p_control. What absolute
    lift can a two-sided test detect with this power? Return a float.
    """
    z_alpha = normal_quantile(1 - alpha / 2)
    z_power = normal_quantile(power)  # without it the MDE is only detected half of the time
    se = math.sqrt(2 * p_control * (1 - p_control) / n_per_arm)  # two arms, each p(1 - p) / n
    return float((z_alpha + z_power) * se)


# --- sample-ratio mismatch -------------------------------------------------------------------


def srm_statistic(counts, ratios):
    """Users per arm and the planned split: is the split what we asked for? Return Pearson's
    chi-square statistic as a float.
    """
    counts = np.asarray(counts, dtype=float)
    ratios = np.asarray(ratios, dtype=float)
    expected = counts.sum() * ratios / ratios.sum()  # the plan, scaled to the observed total
    return float(np.sum((counts - expected) ** 2 / expected))  # divide by EXPECTED counts


def srm_p_value(n_a, n_b, share_a):
    """Arm A was planned to get share_a of the users and got n_a of n_a + n_b. Return the
    two-sided p-value of the sample-ratio test as a float.
    """
    n = n_a + n_b
    se = math.sqrt(n * share_a * (1 - share_a))  # binomial spread of n_a under the PLANNED share
    z = (n_a - n * share_a) / se
    return float(math.erfc(abs(z) / math.sqrt(2)))  # 2 * P(Z > |z|): both directions are a mismatch


def srm_statistic_users(user_id, arm, share_treatment):
    """Rows are events (clicks, page views) tagged with the user and the user's arm (1 =
    treatment). Is the split of USERS what was planned? Return the chi-square statistic.
    """
    user_id, arm = np.asarray(user_id), np.asarray(arm)
    _, first = np.unique(user_id, return_index=True)  # one row per user
    n_treatment = int(np.sum(arm[first] == 1))
    n_users = len(first)
    expected = np.array([n_users * share_treatment, n_users * (1 - share_treatment)])
    observed = np.array([n_treatment, n_users - n_treatment])
    return float(np.sum((observed - expected) ** 2 / expected))


# --- CUPED -----------------------------------------------------------------------------------


def cuped_theta(y, x):
    """Revenue this week (y) and the same users' revenue last month (x). Return the CUPED
    coefficient theta as a float.
    """
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.dot(dx, dy) / np.dot(dx, dx))  # cov / var with the same normalisation


def cuped_variance_reduction(y, x):
    """By what share does CUPED with covariate x shrink the variance of y? Return
    1 - Var(y_adjusted) / Var(y) as a float.
    """
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)
    adjusted = dy - theta * dx  # the part of y that x does not predict
    return float(1 - np.dot(adjusted, adjusted) / np.dot(dy, dy))  # equals corr(x, y) ** 2


def cuped_effect(y, x, treatment):
    """An A/B test with a pre-period covariate: return the CUPED estimate of the treatment effect
    (treatment mean minus control mean of the adjusted outcome) as a float.
    """
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)  # ONE theta, fitted on all units pooled
    adjusted = y - theta * (x - x.mean())  # centred at the POOLED mean of x
    treated = np.asarray(treatment) == 1
    return float(adjusted[treated].mean() - adjusted[~treated].mean())


# --- comparing models across folds -----------------------------------------------------------


def corrected_t(differences, n_train, n_test):
    """Score differences of two models over J train/test splits that share training data. Return
    Nadeau and Bengio's corrected resampled t statistic as a float.
    """
    d = np.asarray(differences, dtype=float)
    j = len(d)
    variance = d.var(ddof=1)  # the sample variance of the J differences
    # 1/J alone would treat the overlapping splits as independent
    return float(d.mean() / math.sqrt((1 / j + n_test / n_train) * variance))


def inner_fold_ids(n, outer_k, inner_k):
    """Nested CV without shuffling: for each outer fold, which inner fold is each sample in? Return
    an int array of shape (outer_k, n); -1 marks the samples of that outer fold's test set.
    """
    def block_ids(m, k):
        sizes = np.full(k, m // k)
        sizes[: m % k] += 1  # the first m % k folds are one larger (as KFold)
        return np.repeat(np.arange(k), sizes)

    outer = block_ids(n, outer_k)
    ids = np.full((outer_k, n), -1, dtype=np.int64)
    for o in range(outer_k):
        train = outer != o
        ids[o, train] = block_ids(int(train.sum()), inner_k)  # inner folds from the outer TRAIN only
    return ids


def nested_cv_estimate(inner_scores, outer_scores):
    """inner_scores[o, c]: mean inner-CV score of configuration c inside outer fold o; outer_scores[o, c]:
    its score on outer fold o's test set. Return the nested-CV estimate as a float.
    """
    inner_scores, outer_scores = np.asarray(inner_scores), np.asarray(outer_scores)
    chosen = np.argmax(inner_scores, axis=1)  # choose by the INNER score only
    return float(outer_scores[np.arange(len(chosen)), chosen].mean())  # report the OUTER score


# --- prior shift -----------------------------------------------------------------------------


def adjust_probability(p, train_rate, new_rate):
    """A model calibrated on data with positive rate train_rate scores data with positive rate
    new_rate. Return the adjusted probabilities P_new(y = 1 | x) as a float array.
    """
    p = np.asarray(p, dtype=float)
    positive = p * new_rate / train_rate  # likelihood x new prior, up to a constant
    negative = (1 - p) * (1 - new_rate) / (1 - train_rate)
    return positive / (positive + negative)  # renormalize: the two must sum to 1


def adjust_proba(proba, train_prior, new_prior):
    """Multiclass prior shift: rows of proba are calibrated under train_prior. Return the
    probabilities under new_prior, shape (n, K).
    """
    weighted = np.asarray(proba, dtype=float) * (np.asarray(new_prior) / np.asarray(train_prior))
    return weighted / weighted.sum(axis=1, keepdims=True)  # each ROW is a distribution again


def em_prior(p, train_rate, n_iter):
    """Unlabeled production data, probabilities calibrated at train_rate. Estimate the new positive
    rate with n_iter steps of EM (Saerens et al.); return it as a float.
    """
    p = np.asarray(p, dtype=float)
    rate = train_rate
    for _ in range(n_iter):
        positive = p * rate / train_rate  # always adjust the ORIGINAL probabilities
        adjusted = positive / (positive + (1 - p) * (1 - rate) / (1 - train_rate))
        rate = adjusted.mean()  # M-step: the prior implied by the adjusted probabilities
    return float(rate)
