"""Drill set 13: experiments and validation -- sample size, power and MDE; sample-ratio mismatch;
CUPED; the corrected resampled t-test and nested CV; prior shift.

Arrays are NumPy arrays. normal_cdf and normal_quantile below are given (do not edit them); use
them wherever a normal probability or quantile is needed.

    mlmetrics-edu drill check sample-size-two-proportions
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


def sample_size_per_arm(p_control, p_treatment, alpha, power):
    """How many users per arm to detect a move from p_control to p_treatment (two-sided z-test)?
    Return the per-arm size, rounded up, as an int.
    """
    # Graded on these conventions:
    # - Two-sided test: n = (z_{1-alpha/2} + z_{power})^2 * (p_c (1 - p_c) + p_t (1 - p_t)) / (p_t -
    #   p_c)^2, with z_q = normal_quantile(q).
    # - Return the size of ONE arm, rounded up with math.ceil, as an int.
    # TODO: two critical values, both arms' variances, round up.
    raise NotImplementedError


def power_two_sample(effect_size, n_per_arm, alpha):
    """A two-sided z-test of two means with n_per_arm users in each arm: what is its power for a
    standardized effect (Cohen's d)? Return a float.
    """
    # Graded on these conventions:
    # - The statistic is centred at delta = effect_size * sqrt(n_per_arm / 2) under H1 (each arm has
    #   n_per_arm users and standard deviation 1).
    # - Two-sided: power = normal_cdf(delta - z) + normal_cdf(-delta - z) with z =
    #   normal_quantile(1 - alpha / 2): both rejection regions count.
    # - Return a float.
    # TODO: the shift under H1, then both tails.
    raise NotImplementedError


def minimum_detectable_lift(p_control, n_per_arm, alpha, power):
    """Traffic is fixed: n_per_arm users in each arm, baseline conversion p_control. What absolute
    lift can a two-sided test detect with this power? Return a float.
    """
    # Graded on these conventions:
    # - MDE = (z_{1-alpha/2} + z_{power}) * sqrt(2 * p_control * (1 - p_control) / n_per_arm), the
    #   baseline variance used for both arms, z_q = normal_quantile(q).
    # - Return the ABSOLUTE lift (0.01 = one percentage point) as a float.
    # TODO: critical value plus power quantile, times the SE of a difference.
    raise NotImplementedError


def srm_statistic(counts, ratios):
    """Users per arm and the planned split: is the split what we asked for? Return Pearson's
    chi-square statistic as a float.
    """
    # Graded on these conventions:
    # - Expected counts: E_i = N * r_i / sum(r) with N = sum(counts); ratios may be on any scale
    #   (50/50 or 0.5/0.5).
    # - Statistic: sum over arms of (O_i - E_i)^2 / E_i, divided by the EXPECTED count. Return a
    #   float.
    # TODO: expected counts from the plan, then Pearson's sum.
    raise NotImplementedError


def srm_p_value(n_a, n_b, share_a):
    """Arm A was planned to get share_a of the users and got n_a of n_a + n_b. Return the
    two-sided p-value of the sample-ratio test as a float.
    """
    # Graded on these conventions:
    # - Under the plan n_a is Binomial(N, share_a), N = n_a + n_b: z = (n_a - N share_a) / sqrt(N
    #   share_a (1 - share_a)), the spread from the PLANNED share.
    # - Two-sided: p = 2 * (1 - normal_cdf(|z|)) = math.erfc(|z| / sqrt(2)) (the chi-square test
    #   with 1 degree of freedom). Return a float.
    # TODO: standardize n_a with the planned spread, then a two-sided tail.
    raise NotImplementedError


def srm_statistic_users(user_id, arm, share_treatment):
    """Rows are events (clicks, page views) tagged with the user and the user's arm (1 =
    treatment). Is the split of USERS what was planned? Return the chi-square statistic.
    """
    # Graded on these conventions:
    # - Users were randomized: count DISTINCT users per arm (every row of a user has the same arm;
    #   arm 1 = treatment).
    # - Chi-square with 2 arms: expected N share_treatment and N (1 - share_treatment) for N
    #   distinct users; return sum (O - E)^2 / E as a float.
    # TODO: one row per user, count users per arm, then chi-square.
    raise NotImplementedError


def cuped_theta(y, x):
    """Revenue this week (y) and the same users' revenue last month (x). Return the CUPED
    coefficient theta as a float.
    """
    # Graded on these conventions:
    # - theta = Cov(x, y) / Var(x): the slope of y on the pre-period covariate x, both with the same
    #   normalisation (the n or n - 1 cancels).
    # - y and x are float arrays of the same length, x not constant. Return a float.
    # TODO: centre, then the ratio of two sums.
    raise NotImplementedError


def cuped_variance_reduction(y, x):
    """By what share does CUPED with covariate x shrink the variance of y? Return
    1 - Var(y_adjusted) / Var(y) as a float.
    """
    # Graded on these conventions:
    # - Adjust with the CUPED theta = Cov(x, y) / Var(x): y_adjusted = y - theta (x - mean(x)).
    # - Return the share REMOVED, 1 - Var(y_adjusted) / Var(y), as a float (it equals corr(x, y)^2).
    # TODO: theta, the adjusted outcome, then one minus a variance ratio.
    raise NotImplementedError


def cuped_effect(y, x, treatment):
    """An A/B test with a pre-period covariate: return the CUPED estimate of the treatment effect
    (treatment mean minus control mean of the adjusted outcome) as a float.
    """
    # Graded on these conventions:
    # - One theta = Cov(x, y) / Var(x), fitted on ALL units pooled (both arms); x is the pre-period
    #   covariate.
    # - y_adjusted = y - theta (x - mean(x)) with the POOLED mean of x; return mean of y_adjusted
    #   over treatment (treatment == 1) minus over control, as a float.
    # TODO: one pooled theta, adjust with the pooled mean of x, difference of means.
    raise NotImplementedError


def corrected_t(differences, n_train, n_test):
    """Score differences of two models over J train/test splits that share training data. Return
    Nadeau and Bengio's corrected resampled t statistic as a float.
    """
    # Graded on these conventions:
    # - t = mean(d) / sqrt((1 / J + n_test / n_train) * s^2) with J = len(d) and s^2 the sample
    #   variance (ddof=1) of the differences (Nadeau and Bengio).
    # - The differences are not all equal. Return a float.
    # TODO: mean over the corrected standard error.
    raise NotImplementedError


def inner_fold_ids(n, outer_k, inner_k):
    """Nested CV without shuffling: for each outer fold, which inner fold is each sample in? Return
    an int array of shape (outer_k, n); -1 marks the samples of that outer fold's test set.
    """
    # Graded on these conventions:
    # - Outer folds: contiguous blocks as KFold without shuffling (the first n % outer_k folds one
    #   larger).
    # - Row o: -1 for the samples of outer fold o; the other samples, in index order, get inner fold
    #   ids 0 .. inner_k - 1 as KFold(inner_k) on the outer training set alone (contiguous, the
    #   first m % inner_k one larger, m = its size).
    # - Return an int NumPy array of shape (outer_k, n).
    # TODO: a block helper, outer folds, then inner folds of each outer training set.
    raise NotImplementedError


def nested_cv_estimate(inner_scores, outer_scores):
    """inner_scores[o, c]: mean inner-CV score of configuration c inside outer fold o; outer_scores[o, c]:
    its score on outer fold o's test set. Return the nested-CV estimate as a float.
    """
    # Graded on these conventions:
    # - In each outer fold o choose the configuration with the best INNER score, c_o = argmax_c
    #   inner_scores[o, c] (ties: the first, as np.argmax).
    # - Return the mean over outer folds of outer_scores[o, c_o], as a float.
    # TODO: choose per outer fold by the inner scores, average the outer scores.
    raise NotImplementedError


def adjust_probability(p, train_rate, new_rate):
    """A model calibrated on data with positive rate train_rate scores data with positive rate
    new_rate. Return the adjusted probabilities P_new(y = 1 | x) as a float array.
    """
    # Graded on these conventions:
    # - Bayes' rule with P(x | y) unchanged: weight P(y=1|x) by new_rate / train_rate and P(y=0|x)
    #   by (1 - new_rate) / (1 - train_rate), then renormalize so the two sum to 1.
    # - p is a float array; return a float NumPy array of the same shape.
    # TODO: reweight both classes, then renormalize.
    raise NotImplementedError


def adjust_proba(proba, train_prior, new_prior):
    """Multiclass prior shift: rows of proba are calibrated under train_prior. Return the
    probabilities under new_prior, shape (n, K).
    """
    # Graded on these conventions:
    # - p'_k is proportional to p_k * new_prior[k] / train_prior[k]; each ROW is renormalized to sum
    #   to 1.
    # - proba has shape (n, K) with rows summing to 1; priors have K positive entries. Return a
    #   float array of shape (n, K).
    # TODO: reweight the columns, renormalize the rows.
    raise NotImplementedError


def em_prior(p, train_rate, n_iter):
    """Unlabeled production data, probabilities calibrated at train_rate. Estimate the new positive
    rate with n_iter steps of EM (Saerens et al.); return it as a float.
    """
    # Graded on these conventions:
    # - Start at rate = train_rate. Each step: adjust the ORIGINAL p from train_rate to the current
    #   rate (weight p by rate / train_rate and 1 - p by (1 - rate) / (1 - train_rate),
    #   renormalize), then rate = mean of the adjusted probabilities.
    # - Run exactly n_iter steps (n_iter >= 1) and return the rate as a float.
    # TODO: alternate adjusting the original p and re-estimating the rate.
    raise NotImplementedError
