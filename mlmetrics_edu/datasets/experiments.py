"""Seeded scenarios for notebook 13 (experiments for models): small, NumPy-only simulations.

Each function returns plain arrays (or a small dict of them) so the notebook only calls and
prints. Nothing here is a test or a metric: the tests come from :mod:`mlmetrics_edu.experiments` and
:mod:`mlmetrics_edu.significance`, the metrics from the package.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import MetricInputError, check_int, check_probability, rng_from_seed

__all__ = [
    "clicks_and_sessions",
    "novelty_experiment",
    "offline_online_rankers",
    "repeated_ab_tests",
    "revenue_experiment",
    "traffic_split",
]

_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _two_sided_p(z):
    return _ERFC(np.abs(z) / math.sqrt(2)).astype(float)


def repeated_ab_tests(p_control, p_treatment, n_per_arm, n_tests=2000, seed=0):
    """``n_tests`` independent A/B tests of two conversion rates: each test's z and p-value.

    Conversions in each arm are binomial; the statistic is the pooled two-proportion z-test
    (the one :func:`mlmetrics_edu.significance.two_proportion_ztest` computes), vectorized over
    the tests. With ``p_treatment == p_control`` these are A/A tests. Returns ``(z, p_values)``.
    """
    p_control = check_probability(p_control, "p_control", low_open=False, high_open=False)
    p_treatment = check_probability(p_treatment, "p_treatment", low_open=False, high_open=False)
    n_per_arm, n_tests = check_int(n_per_arm, "n_per_arm", 1), check_int(n_tests, "n_tests", 1)
    rng = rng_from_seed(seed)
    conv_c = rng.binomial(n_per_arm, p_control, n_tests)
    conv_t = rng.binomial(n_per_arm, p_treatment, n_tests)
    pooled = (conv_c + conv_t) / (2 * n_per_arm)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n_per_arm)
    z = (conv_t - conv_c) / n_per_arm / np.where(se > 0, se, np.inf)
    return z, _two_sided_p(z)


def traffic_split(n_users=100_000, *, lost_share=0.0, seed=0):
    """Users assigned 50/50 by a fair coin; a bug may then drop a share of treatment's users.

    ``lost_share`` of the treatment users never reach the logs (say, the new page crashes on
    an old browser). Returns ``(control, treatment)`` counts as logged.
    """
    n_users = check_int(n_users, "n_users", 1)
    lost_share = check_probability(lost_share, "lost_share", low_open=False)
    rng = rng_from_seed(seed)
    treated = rng.binomial(n_users, 0.5)
    kept = rng.binomial(treated, 1 - lost_share)
    return int(n_users - treated), int(kept)


def novelty_experiment(n_days=28, users_per_day=200_000, *, base=0.10, lasting_lift=0.01,
                       novelty_lift=0.06, half_life=3.0, seed=0):
    """Daily conversion of control and treatment when a novelty effect fades.

    The treatment's relative lift on day ``d`` is ``lasting_lift + novelty_lift * 2**(-d /
    half_life)``: users click the new thing because it is new, then get used to it. Returns a
    dict with ``day``, ``rate_control``, ``rate_treatment`` and the true ``lift`` by day.
    """
    n_days, users_per_day = check_int(n_days, "n_days", 1), check_int(users_per_day, "users_per_day", 2)
    rng = rng_from_seed(seed)
    day = np.arange(n_days)
    lift = lasting_lift + novelty_lift * 2.0 ** (-day / half_life)
    n = users_per_day // 2
    return {
        "day": day,
        "rate_control": rng.binomial(n, base, n_days) / n,
        "rate_treatment": rng.binomial(n, base * (1 + lift)) / n,
        "lift": lift,
    }


def revenue_experiment(n_per_arm=5000, *, lift=0.5, rho=0.7, sd=10.0, seed=0):
    """Revenue per user before (``x``) and during (``y``) a test, with a true lift of ``lift``.

    Pre- and in-test revenue correlate about ``rho`` (heavy spenders stay heavy spenders); the
    treatment adds ``lift`` to ``y`` only. Returns ``x, y, treated`` (``treated`` is boolean).
    """
    n_per_arm = check_int(n_per_arm, "n_per_arm", 1)
    if not -1 < rho < 1:
        raise MetricInputError(f"rho must lie strictly between -1 and 1, got {rho!r}")
    rng = rng_from_seed(seed)
    n = 2 * n_per_arm
    treated = rng.permutation(np.r_[np.ones(n_per_arm, bool), np.zeros(n_per_arm, bool)])
    habit = rng.normal(size=n)
    x = 30 + sd * habit
    y = 30 + sd * (rho * habit + math.sqrt(1 - rho**2) * rng.normal(size=n)) + lift * treated
    return x, y, treated


def clicks_and_sessions(n_users=5000, *, seed=0):
    """Per-user sessions and clicks: heavy users have many sessions and their own click rate.

    Sessions per user are 1 + Poisson with a user-specific (gamma) mean; each user has a
    click-through rate from a beta distribution, so sessions of one user are alike. Returns
    ``(clicks, sessions)``, one entry per user.
    """
    n_users = check_int(n_users, "n_users", 1)
    rng = rng_from_seed(seed)
    sessions = 1 + rng.poisson(rng.gamma(0.8, 6.0, n_users))
    rate = rng.beta(1.2, 4.0, n_users)
    clicks = rng.binomial(sessions, rate)
    return clicks, sessions


def offline_online_rankers(n_queries=2000, n_items=30, shown=3, seed=0):
    """Two rankers that agree on the top ``shown`` items but not below them.

    Relevance is 0/1 per item. Ranker A is a noisy score; ranker B keeps A's top ``shown``
    items in place and ranks the rest with a much better score. Offline, over the whole list,
    B wins; online, users see (and click) only the top ``shown``, which are the same. Returns
    ``y_true, score_a, score_b`` of shape ``(n_queries, n_items)``.
    """
    n_queries, n_items = check_int(n_queries, "n_queries", 1), check_int(n_items, "n_items", 1)
    shown = check_int(shown, "shown", 1, n_items)
    rng = rng_from_seed(seed)
    y = (rng.random((n_queries, n_items)) < 0.2).astype(np.int64)
    score_a = y + rng.normal(scale=1.2, size=y.shape)
    better = y + rng.normal(scale=0.4, size=y.shape)
    top = np.argsort(-score_a, axis=1)[:, :shown]
    score_b = better - 100.0                                  # everything below the fold ...
    rows = np.arange(n_queries)[:, None]
    score_b[rows, top] = 100.0 - np.arange(shown)             # ... the top items stay put
    return y, score_a, score_b
