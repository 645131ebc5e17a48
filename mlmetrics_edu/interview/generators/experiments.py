"""Generators for experiment and validation questions: sample size, MDE, power, SRM, CUPED, losses.

Every answer comes from the package: :mod:`mlmetrics_edu.experiments` (sample size, power and
MDE as statsmodels computes them, the SRM chi-square, CUPED), :mod:`mlmetrics_edu.splits`
(folds counted, not multiplied), :mod:`mlmetrics_edu.significance` (the corrected resampled
t-test), :mod:`mlmetrics_edu.calibration` (log loss, the prior-shift adjustment). Each is
imported inside its generator, so a missing module never breaks the rest of the bank.

The traps are the mistakes candidates make -- the per-arm size quoted as the total, the
one-sided z for a two-sided test, rho for rho squared, the plain paired t-test on folds -- and
every draw keeps each trap more than twice the question's tolerance away from the answer
(``tests/test_questions_experiments.py`` checks this over 1,000 seeds).
"""

from __future__ import annotations

import math

import numpy as np

from . import fmt_list, generator


def _rate_after(p, h):
    """The rate whose Cohen's h above ``p`` is ``h``: ``sin²(asin √p + h / 2)``."""
    return math.sin(math.asin(math.sqrt(p)) + h / 2) ** 2


# --------------------------------------------------------------------------- before the test


@generator("exp_ab_sample_size")
def ab_sample_size(rng):
    """A conversion-rate test to size: baseline, relative lift, power; users per arm and in total."""
    from ...experiments import sample_size_proportions

    p = float(rng.integers(4, 41)) / 200                         # 2.0% .. 20.0%, in steps of 0.5
    lift = float(rng.integers(5, 31)) / 100                      # +5% .. +30% relative
    power = float(rng.choice([0.8, 0.9]))
    p2 = p * (1 + lift)
    per_arm = sample_size_proportions(p, p2, power=power)
    total = 2 * per_arm
    daily = max(int(round(total / float(rng.uniform(5, 40)), -2)), 100)   # eligible users a day
    return {
        "p_pct": 100 * p, "p2_pct": 100 * p2, "lift_pct": 100 * lift, "power_pct": 100 * power,
        "diff_pp": 100 * (p2 - p), "z_beta": {0.8: 0.8416, 0.9: 1.2816}[power],
        "per_arm": per_arm, "total": total,
        "one_sided_total": 2 * sample_size_proportions(p, p2, power=power, alternative="greater"),
        "no_power_total": 2 * sample_size_proportions(p, p2, power=0.5),   # z_(1-beta) left out
        "absolute_lift_total": 2 * sample_size_proportions(p, min(p + lift, 0.99), power=power),
        "daily": daily, "half_daily": daily // 2,
        "days": total / daily, "days_per_arm": per_arm / daily,
        "days_half": total / (daily // 2),
    }


@generator("exp_ab_mde")
def ab_mde(rng):
    """A test of fixed size: the smallest lift of a conversion rate it detects with 80% power.

    The MDE in standard deviations comes from the package; times the baseline's standard
    deviation ``sqrt(p (1 - p))`` (both arms' variance taken at the baseline) it is in points.
    """
    from ...experiments import minimum_detectable_effect

    p = float(rng.integers(2, 41)) / 100                         # 2% .. 40%
    n = int(round(float(np.exp(rng.uniform(np.log(2_000), np.log(200_000)))), -2))
    sd = math.sqrt(p * (1 - p))
    mde = minimum_detectable_effect(n) * sd
    return {
        "p_pct": 100 * p, "n": n, "n_half": n // 2, "sd": sd,
        "mde_pp": 100 * mde,
        "mde_rel_pct": 100 * mde / p,
        "mde_half_pp": 100 * minimum_detectable_effect(n // 2) * sd,
        "mde_doubled_pp": 200 * mde,                               # trap: MDE linear in 1/n
        "one_sided_pp": 100 * minimum_detectable_effect(n, alternative="greater") * sd,
        "one_arm_pp": 100 * mde / math.sqrt(2),                    # trap: one arm's variance only
    }


@generator("exp_ab_power")
def ab_power(rng):
    """A planned test: its power to detect a given lift of a conversion rate."""
    from ...experiments import power_proportions

    while True:
        p = float(rng.integers(4, 41)) / 200
        lift = float(rng.integers(3, 21)) / 100
        n = int(rng.integers(10, 201)) * 500
        p2 = p * (1 + lift)
        power = power_proportions(p, p2, n)
        one_sided = power_proportions(p, p2, n, alternative="greater")
        if 0.15 <= power <= 0.95 and one_sided - power > 0.03:
            break
    return {
        "p_pct": 100 * p, "p2_pct": 100 * p2, "lift_pct": 100 * lift, "n": n,
        "power": power, "one_sided_power": one_sided, "beta": 1 - power,
    }


@generator("exp_mean_sample_size")
def mean_sample_size(rng):
    """Revenue per user: detect a lift of delta with sd sigma; users per arm (z-test on d)."""
    from ...experiments import sample_size

    sigma = float(rng.integers(20, 121))                         # sd of revenue per user
    mean = float(rng.integers(15, 61))
    delta = float(rng.integers(5, 41)) / 10 * sigma / 20         # a lift of 0.025 .. 0.2 sd
    delta = round(delta, 2)
    d = delta / sigma
    per_arm = sample_size(d)
    return {
        "sigma": sigma, "mean": mean, "delta": delta, "d": d,
        "per_arm": per_arm, "total": 2 * per_arm,
        "one_arm_variance": per_arm / 2,                           # trap: sigma^2 instead of 2 sigma^2
        "one_sided": sample_size(d, alternative="greater"),
    }


@generator("exp_unequal_allocation")
def unequal_allocation(rng):
    """The same test with a small treatment arm: total users for a 1:k split vs 50/50."""
    from ...experiments import proportion_effectsize, sample_size

    p = float(rng.integers(4, 41)) / 200
    lift = float(rng.integers(5, 31)) / 100
    k = int(rng.choice([2, 3, 4, 9]))                             # control users per treatment user
    h = proportion_effectsize(p * (1 + lift), p)
    treated = sample_size(h, ratio=k)
    equal = sample_size(h)
    return {
        "p_pct": 100 * p, "p2_pct": 100 * p * (1 + lift), "lift_pct": 100 * lift, "k": k,
        "treat_share_pct": 100 / (k + 1), "h": h,
        "treated": treated, "control": k * treated, "total": (1 + k) * treated,
        "equal_total": 2 * equal, "factor": (1 + k) * treated / (2 * equal),
    }


# --------------------------------------------------------------------------- during and after


def _srm_draw(rng, z_low, z_high):
    total = int(round(float(np.exp(rng.uniform(np.log(10_000), np.log(1_000_000)))), -2))
    share = float(rng.choice([0.5, 0.5, 0.2, 0.1]))              # planned treatment share
    z = float(rng.uniform(z_low, z_high)) * float(rng.choice([-1, 1]))
    expected_t = total * share
    treated = int(round(expected_t + z * math.sqrt(total * share * (1 - share))))
    return total, share, treated


@generator("exp_srm_counts")
def srm_counts(rng):
    """Arm counts of a test with a planned split: the SRM chi-square and its p-value."""
    from ...experiments import srm_test

    while True:
        total, share, treated = _srm_draw(rng, 0.3, 6.0)
        control = total - treated
        chi2, p_value = srm_test([control, treated], [1 - share, share])
        if chi2 >= 0.1:
            break
    return {
        "total": total, "treated": treated, "control": control,
        "plan": f"{round(100 * (1 - share))}/{round(100 * share)}",
        "expected_t": total * share, "expected_c": total * (1 - share),
        "chi2": chi2, "p_value": p_value,
    }


@generator("exp_srm_pvalue")
def srm_pvalue(rng):
    """A 50/50 test's arm counts: the SRM p-value (moderate imbalances, so it can be computed)."""
    from ...experiments import srm_test

    while True:
        total = int(rng.integers(20, 1001)) * 100
        z = float(rng.uniform(0.4, 3.3)) * float(rng.choice([-1, 1]))
        treated = int(round(total / 2 + z * math.sqrt(total) / 2))
        control = total - treated
        chi2, p_value = srm_test([control, treated])
        p_two_df = math.exp(-chi2 / 2)                           # trap: k = 2 degrees of freedom
        if 0.003 <= p_value <= 0.7 and abs(p_two_df - p_value) > 0.006:
            break
    return {
        "total": total, "treated": treated, "control": control, "expected": total / 2,
        "chi2": chi2, "z": math.sqrt(chi2), "p_value": p_value, "p_two_df": p_two_df,
    }


def _correlated(rng, n, rho):
    """Pre-period ``x`` and in-experiment ``y`` (revenue-like), correlated about ``rho``."""
    sd_x = float(rng.integers(80, 401)) / 10
    ratio = float(rng.choice([rng.uniform(0.3, 0.75), rng.uniform(1.35, 3.0)]))
    sd_y = sd_x * ratio
    z1, z2 = rng.normal(size=n), rng.normal(size=n)
    x = 50 + sd_x * z1
    y = 60 + sd_y * (rho * z1 + math.sqrt(1 - rho**2) * z2)
    return x, y


@generator("exp_cuped_pair")
def cuped_pair(rng):
    """Users' revenue before and during a test: CUPED's theta and its variance reduction."""
    from ...experiments import cuped

    n = int(rng.choice([2_000, 5_000, 10_000]))
    while True:
        rho = float(rng.uniform(0.3, 0.92))
        x, y = _correlated(rng, n, rho)
        r = float(np.corrcoef(x, y)[0, 1])
        if abs(1 - 2 * r**2) > 0.06:                             # rho² and 1 - rho² stay apart
            break
    result = cuped(y, x)
    sd_x, sd_y = float(np.std(x, ddof=1)), float(np.std(y, ddof=1))
    n_without = int(rng.integers(20, 401)) * 1000
    vr = result.variance_reduction
    return {
        "n": n, "r": r, "sd_x": sd_x, "sd_y": sd_y,
        "theta": result.theta, "variance_reduction": vr, "remaining": 1 - vr,
        "theta_inverted": r * sd_x / sd_y,                         # trap: the slope upside down
        "se_factor": math.sqrt(1 - vr),
        "n_without": n_without, "n_with": n_without * (1 - vr),
        "n_with_swapped": n_without * vr,                          # trap: removed vs left swapped
        "n_with_rho": n_without * (1 - r),                         # trap: rho not squared
    }


# --------------------------------------------------------------------------- validation


@generator("val_corrected_t")
def corrected_t(rng):
    """Fold-by-fold score differences of two models: the corrected resampled t-test vs the plain one."""
    from ...significance import corrected_resampled_t_test, paired_t_test

    k = int(rng.choice([5, 10]))
    repeats = int(rng.choice([1, 2])) if k == 10 else int(rng.choice([1, 2]))
    j = k * repeats
    n = int(rng.integers(5, 41)) * 100
    n_test = n // k
    n_train = n - n_test
    while True:
        mean = float(rng.uniform(0.004, 0.02))
        sd = float(rng.uniform(0.6, 1.6)) * mean
        diffs = np.round(rng.normal(mean, sd, j), 4)
        t, p = corrected_resampled_t_test(diffs, n_train, n_test)
        if abs(t) > 0.3:
            break
    t_plain, p_plain = paired_t_test(diffs, np.zeros(j))
    return {
        "k": k, "repeats": repeats, "j": j, "n": n, "n_train": n_train, "n_test": n_test,
        "differences": fmt_list(diffs, 4), "mean": float(diffs.mean()), "sd": float(diffs.std(ddof=1)),
        "t": t, "p_value": p, "t_plain": t_plain, "p_plain": p_plain,
        "factor": math.sqrt(1 / j + n_test / n_train) * math.sqrt(j),
    }


@generator("val_prior_shift")
def prior_shift(rng):
    """A model trained on rebalanced data: its probability adjusted back to the real prior."""
    from ...calibration import adjust_to_prior

    train_prior = float(rng.choice([0.5, 0.5, 0.3, 0.2]))
    new_prior = float(rng.integers(2, 31)) / 200                  # 1% .. 15%
    while True:
        p = float(rng.integers(20, 99)) / 100
        adjusted = float(adjust_to_prior([p], train_prior, new_prior)[0])
        naive = p * new_prior / train_prior
        if p - adjusted > 0.03 and abs(naive - adjusted) > 0.012:
            break
    return {
        "p": p, "train_prior_pct": 100 * train_prior, "new_prior_pct": 100 * new_prior,
        "adjusted": adjusted, "naive_scaled": naive,               # trap: scaled, not renormalised
        "odds_factor": (new_prior / (1 - new_prior)) / (train_prior / (1 - train_prior)),
    }


@generator("val_confident_wrong_label")
def confident_wrong_label(rng):
    """A confident wrong probability: its log loss next to its squared error."""
    from ...calibration import brier_score_loss, log_loss

    p = float(rng.integers(600, 996)) / 1000                     # probability given to the wrong class
    y = int(rng.integers(0, 2))
    p_pos = p if y == 0 else 1 - p                                # P(y = 1) as the model states it
    return {
        "p": p, "y": y, "p_pos": p_pos, "label": "positive" if y == 1 else "negative",
        "log_loss": log_loss([y], [p_pos], labels=[0, 1]),
        "squared_error": brier_score_loss([y], [p_pos]),
        "log10_loss": -math.log10(1 - p),
        "p_right": 1 - p,
    }


@generator("val_nested_cv_fits")
def nested_cv_fits(rng):
    """Nested cross-validation of a grid search: how many models are fitted, counted fold by fold."""
    from ...splits import kfold

    outer = int(rng.choice([3, 5, 10]))
    inner = int(rng.choice([3, 4, 5, 10]))
    grid = int(rng.integers(2, 13)) * int(rng.choice([1, 2, 3, 5]))
    n = 1000
    fits = 0
    for train, _ in kfold(n, outer):
        fits += grid * sum(1 for _ in kfold(len(train), inner))  # the inner search
        fits += 1                                                 # the refit of the chosen setting
    return {
        "outer": outer, "inner": inner, "grid": grid,
        "fits": fits, "no_refit": outer * inner * grid, "no_inner": outer * grid,
        "flat": inner * grid,
    }
