"""Specs for drill set 13: A/B tests and validation -- sample size, power and MDE; sample-ratio
mismatch; CUPED; the corrected resampled t-test and nested CV; prior shift.

Each misconception is a wrong implementation a candidate plausibly writes: a one-sided
critical value, one arm's variance, the MDE at 50% power, dividing by observed counts, counting
events instead of users, theta with the roles of x and y swapped, centring within each arm,
the uncorrected t-test on overlapping folds, inner folds cut from all the data (the outer test
fold leaks into tuning), reporting the best inner score, probabilities not renormalized.
"""

import math

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Experiments and validation"

a = np.array


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_quantile(p):
    low, high = -40.0, 40.0
    for _ in range(200):
        mid = (low + high) / 2
        if normal_cdf(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _close(x, y, what):
    return mismatch(x, y, Tol(1e-9, 1e-12), where=what)


# --- 1. sample size for two proportions ------------------------------------------------------


def _n_one_sided(p_control, p_treatment, alpha, power):
    z = normal_quantile(1 - alpha) + normal_quantile(power)
    variance = p_control * (1 - p_control) + p_treatment * (1 - p_treatment)
    return int(math.ceil(z**2 * variance / (p_treatment - p_control) ** 2))


def _n_one_arm_variance(p_control, p_treatment, alpha, power):
    z = normal_quantile(1 - alpha / 2) + normal_quantile(power)
    return int(math.ceil(z**2 * p_control * (1 - p_control) / (p_treatment - p_control) ** 2))


def _n_total(p_control, p_treatment, alpha, power):
    z = normal_quantile(1 - alpha / 2) + normal_quantile(power)
    variance = p_control * (1 - p_control) + p_treatment * (1 - p_treatment)
    return int(math.ceil(2 * z**2 * variance / (p_treatment - p_control) ** 2))


def _rates_case(rng):
    p_control = float(np.round(rng.uniform(0.01, 0.6), 3))
    p_treatment = float(np.round(p_control * (1 + rng.choice([-1, 1]) * rng.uniform(0.05, 0.5)), 4))
    return call(p_control, p_treatment, float(rng.choice([0.01, 0.05, 0.1])), float(rng.choice([0.8, 0.9, 0.95])))


SAMPLE_SIZE = Drill(
    id="sample-size-two-proportions",
    title="Sample size per arm for a conversion-rate test",
    function="sample_size_per_arm",
    signature="sample_size_per_arm(p_control, p_treatment, alpha, power) -> int",
    conventions=(
        "Two-sided test: n = (z_{1-alpha/2} + z_{power})^2 * (p_c (1 - p_c) + p_t (1 - p_t)) / (p_t - p_c)^2, "
        "with z_q = normal_quantile(q).",
        "Return the size of ONE arm, rounded up with math.ceil, as an int.",
    ),
    returns="int",
    hints=(
        "The difference of two rates is noisy because BOTH rates are estimated: whose variances add up?",
        "Two-sided means alpha / 2 in each tail, so the critical value is normal_quantile(1 - alpha / 2); add "
        "normal_quantile(power); square; multiply by the sum of both arms' Bernoulli variances; divide by the "
        "squared lift; round up.",
        "z_alpha = normal_quantile(1 - alpha / 2); z_power = normal_quantile(power); variance = p_control * (1 - "
        "p_control) + p_treatment * (1 - p_treatment); n = (z_alpha + z_power) ** 2 * variance / (p_treatment - "
        "p_control) ** 2; return int(math.ceil(n)).",
    ),
    edges=(
        Edge("ten-to-twelve", "10% -> 12% at alpha 0.05 and 80% power: the classic interview number",
             (0.10, 0.12, 0.05, 0.8)),
        Edge("a-drop", "a decrease needs the same sample as an increase of the same size", (0.12, 0.10, 0.05, 0.8)),
        Edge("small-lift", "a 0.5-point lift on 5%: tens of thousands per arm", (0.05, 0.055, 0.05, 0.8)),
        Edge("strict", "alpha 0.01 and 90% power cost more users", (0.10, 0.12, 0.01, 0.9)),
    ),
    random=Random(_rates_case, n=25),
    props=(
        Prop("swap-arms", "which arm is called control does not change the sample size",
             lambda rng: (lambda c: [c, call(c.args[1], c.args[0], *c.args[2:])])(_rates_case(rng)),
             lambda outs, calls: None if outs[0] == outs[1] else f"{outs[0]} != {outs[1]} after swapping the arms"),
    ),
    wrongs=(
        Wrong("one-sided", "you used z_{1-alpha}: that is a one-sided test; two-sided puts alpha / 2 in each tail "
              "(normal_quantile(1 - alpha / 2))", _n_one_sided),
        Wrong("one-arm-variance", "you used one arm's variance only; the difference of two estimated rates has "
              "variance p_c (1 - p_c) / n + p_t (1 - p_t) / n: add both", _n_one_arm_variance),
        Wrong("total-not-per-arm", "you returned the total over both arms; the formula gives users PER ARM",
              _n_total),
    ),
)

# --- 2. power of a two-sample z-test ---------------------------------------------------------


def _power_sqrt_n(effect_size, n_per_arm, alpha):
    z = normal_quantile(1 - alpha / 2)
    shift = effect_size * math.sqrt(n_per_arm)
    return float(normal_cdf(shift - z) + normal_cdf(-shift - z))


def _power_one_sided_critical(effect_size, n_per_arm, alpha):
    z = normal_quantile(1 - alpha)
    shift = effect_size * math.sqrt(n_per_arm / 2)
    return float(normal_cdf(shift - z) + normal_cdf(-shift - z))


def _power_near_tail(effect_size, n_per_arm, alpha):
    z = normal_quantile(1 - alpha / 2)
    return float(normal_cdf(abs(effect_size) * math.sqrt(n_per_arm / 2) - z))


def _power_case(rng):
    return call(float(np.round(rng.uniform(-0.6, 0.6), 3)), int(rng.integers(5, 2000)),
                float(rng.choice([0.01, 0.05, 0.1])))


def _power_monotone(outs, calls):
    if not outs[0] <= outs[1] + 1e-12:
        return f"power fell from {outs[0]!r} to {outs[1]!r} when n_per_arm grew"
    return None


POWER = Drill(
    id="power-two-sample",
    title="Power of a two-sample z-test",
    function="power_two_sample",
    signature="power_two_sample(effect_size, n_per_arm, alpha) -> float",
    conventions=(
        "The statistic is centred at delta = effect_size * sqrt(n_per_arm / 2) under H1 (each arm has n_per_arm "
        "users and standard deviation 1).",
        "Two-sided: power = normal_cdf(delta - z) + normal_cdf(-delta - z) with z = normal_quantile(1 - alpha / 2): "
        "both rejection regions count.",
        "Return a float.",
    ),
    returns="float",
    hints=(
        "What is the standard error of a difference of two means, each over n users with standard deviation 1?",
        "The SE of the difference is sqrt(2 / n), so the statistic's mean under H1 is d / sqrt(2 / n) = "
        "d * sqrt(n / 2). Power is the chance it lands beyond +z OR below -z.",
        "z_alpha = normal_quantile(1 - alpha / 2); shift = effect_size * math.sqrt(n_per_arm / 2); return "
        "float(normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha)).",
    ),
    edges=(
        Edge("no-effect", "effect 0: the test rejects with probability alpha (a false positive)", (0.0, 100, 0.05)),
        Edge("classic", "d = 0.2 with 400 per arm: about 81%", (0.2, 400, 0.05)),
        Edge("negative-effect", "a two-sided test has the same power for -d", (-0.2, 400, 0.05)),
        Edge("tiny-sample", "10 per arm: the far tail matters", (0.1, 10, 0.1)),
    ),
    random=Random(_power_case, n=25),
    props=(
        Prop("more-users", "more users never lower the power",
             lambda rng: (lambda c: [c, call(c.args[0], c.args[1] * 2, c.args[2])])(_power_case(rng)),
             _power_monotone),
        Prop("sign-symmetry", "the two-sided power of -d equals that of d",
             lambda rng: (lambda c: [c, call(-c.args[0], *c.args[1:])])(_power_case(rng)),
             lambda outs, calls: _close(outs[0], outs[1], "the power for -effect_size")),
    ),
    wrongs=(
        Wrong("forgot-second-arm", "you used d * sqrt(n): that is a one-sample test; the difference of two means "
              "has SE sqrt(2 / n), so the shift is d * sqrt(n / 2)", _power_sqrt_n),
        Wrong("one-sided-critical", "you used z_{1-alpha}; a two-sided test rejects beyond z_{1-alpha/2}",
              _power_one_sided_critical),
        Wrong("near-tail-only", "you counted one rejection region; a two-sided test also rejects in the far "
              "tail (at d = 0 the power must equal alpha, not alpha / 2)", _power_near_tail),
    ),
)

# --- 3. minimum detectable lift --------------------------------------------------------------


def _mde_one_sided(p_control, n_per_arm, alpha, power):
    return float((normal_quantile(1 - alpha) + normal_quantile(power))
                 * math.sqrt(2 * p_control * (1 - p_control) / n_per_arm))


def _mde_one_arm(p_control, n_per_arm, alpha, power):
    return float((normal_quantile(1 - alpha / 2) + normal_quantile(power))
                 * math.sqrt(p_control * (1 - p_control) / n_per_arm))


def _mde_half_power(p_control, n_per_arm, alpha, power):
    return float(normal_quantile(1 - alpha / 2) * math.sqrt(2 * p_control * (1 - p_control) / n_per_arm))


def _mde_case(rng):
    return call(float(np.round(rng.uniform(0.01, 0.6), 3)), int(rng.integers(100, 200_000)),
                float(rng.choice([0.01, 0.05, 0.1])), float(rng.choice([0.8, 0.9])))


MDE = Drill(
    id="minimum-detectable-lift",
    title="Minimum detectable lift of a conversion test",
    function="minimum_detectable_lift",
    signature="minimum_detectable_lift(p_control, n_per_arm, alpha, power) -> float",
    conventions=(
        "MDE = (z_{1-alpha/2} + z_{power}) * sqrt(2 * p_control * (1 - p_control) / n_per_arm), the baseline "
        "variance used for both arms, z_q = normal_quantile(q).",
        "Return the ABSOLUTE lift (0.01 = one percentage point) as a float.",
    ),
    returns="float",
    hints=(
        "If the true lift were exactly the critical value, how often would the test detect it?",
        "The critical value alone gives 50% power; adding z_{power} standard errors gives the lift detected with "
        "the target power. The standard error has both arms: sqrt(2 p (1 - p) / n).",
        "z_alpha = normal_quantile(1 - alpha / 2); z_power = normal_quantile(power); se = math.sqrt(2 * "
        "p_control * (1 - p_control) / n_per_arm); return float((z_alpha + z_power) * se).",
    ),
    edges=(
        Edge("ten-percent", "10% baseline with 10,000 users per arm", (0.10, 10_000, 0.05, 0.8)),
        Edge("rare", "1% baseline: the absolute MDE is small, the relative one is not", (0.01, 50_000, 0.05, 0.8)),
        Edge("half", "p = 0.5 has the largest Bernoulli variance", (0.5, 1000, 0.05, 0.9)),
    ),
    random=Random(_mde_case, n=25),
    props=(
        Prop("four-times-traffic", "four times the users halve the MDE",
             lambda rng: (lambda c: [c, call(c.args[0], 4 * c.args[1], *c.args[2:])])(_mde_case(rng)),
             lambda outs, calls: _close(outs[0] / 2, outs[1], "the MDE with 4x the users")),
    ),
    wrongs=(
        Wrong("one-sided", "you used z_{1-alpha}; the two-sided test needs z_{1-alpha/2}", _mde_one_sided),
        Wrong("one-arm", "you used sqrt(p (1 - p) / n): one arm's noise; the difference of two rates has twice "
              "the variance", _mde_one_arm),
        Wrong("fifty-percent-power", "you left out z_{power}: a lift equal to the critical value is detected only "
              "half of the time", _mde_half_power),
    ),
)

# --- 4. SRM chi-square -----------------------------------------------------------------------


def _srm_equal_split(counts, ratios):
    counts = np.asarray(counts, dtype=float)
    expected = np.full(len(counts), counts.mean())
    return float(np.sum((counts - expected) ** 2 / expected))


def _srm_divide_by_observed(counts, ratios):
    counts = np.asarray(counts, dtype=float)
    ratios = np.asarray(ratios, dtype=float)
    expected = counts.sum() * ratios / ratios.sum()
    return float(np.sum((counts - expected) ** 2 / counts))


def _srm_shares(counts, ratios):
    counts = np.asarray(counts, dtype=float)
    ratios = np.asarray(ratios, dtype=float)
    share, planned = counts / counts.sum(), ratios / ratios.sum()
    return float(np.sum((share - planned) ** 2 / planned))


def _srm_case(rng):
    k = int(rng.integers(2, 5))
    ratios = rng.integers(1, 10, k).astype(float)
    if rng.random() < 0.3:
        ratios = np.ones(k) * 50
    counts = rng.multinomial(int(rng.integers(100, 50_000)), ratios / ratios.sum())
    counts[int(rng.integers(0, k))] += int(rng.integers(0, 300))  # sometimes a real mismatch
    return call(counts.astype(np.int64), ratios)


SRM = Drill(
    id="srm-chi-square",
    title="Sample-ratio mismatch: the chi-square statistic",
    function="srm_statistic",
    signature="srm_statistic(counts, ratios) -> float",
    conventions=(
        "Expected counts: E_i = N * r_i / sum(r) with N = sum(counts); ratios may be on any scale (50/50 or 0.5/0.5).",
        "Statistic: sum over arms of (O_i - E_i)^2 / E_i, divided by the EXPECTED count. Return a float.",
    ),
    returns="float",
    hints=(
        "Under the plan, how many users should each arm have, given the total you observed?",
        "Scale the planned ratios to the observed total, then add up the squared gaps, each divided by what was "
        "expected in that arm (not by what was observed).",
        "counts = np.asarray(counts, dtype=float); ratios = np.asarray(ratios, dtype=float); expected = "
        "counts.sum() * ratios / ratios.sum(); return float(np.sum((counts - expected) ** 2 / expected)).",
    ),
    edges=(
        Edge("fifty-fifty", "50.5% vs 49.5% of 100,000 users: statistic 10", (a([50_500, 49_500]), a([50, 50]))),
        Edge("uneven-plan", "a planned 90/10 split met exactly: statistic 0", (a([9000, 1000]), a([0.9, 0.1]))),
        Edge("three-arms", "A/B/C with a 2:1:1 plan", (a([5100, 2400, 2500]), a([2, 1, 1]))),
        Edge("empty-arm", "an arm with no users at all: a glaring mismatch", (a([1000, 0]), a([1, 1]))),
    ),
    random=Random(_srm_case, n=25),
    props=(
        Prop("ratio-scale", "the planned ratios' scale does not matter (50/50 = 1/1)",
             lambda rng: (lambda c: [c, call(c.args[0], c.args[1] * 7.0)])(_srm_case(rng)),
             lambda outs, calls: _close(outs[0], outs[1], "the statistic with rescaled ratios")),
    ),
    wrongs=(
        Wrong("equal-split", "you compared with an equal split; use the PLANNED ratios (90/10 is not an SRM when "
              "90/10 was planned)", _srm_equal_split),
        Wrong("divide-by-observed", "you divided by the observed counts; Pearson's chi-square divides by the "
              "expected counts", _srm_divide_by_observed),
        Wrong("shares-not-counts", "you compared shares, not counts; the statistic grows with the number of users: "
              "use counts, E_i = N r_i / sum(r)", _srm_shares),
    ),
)

# --- 5. SRM p-value for two arms -------------------------------------------------------------


def _srmp_one_sided(n_a, n_b, share_a):
    n = n_a + n_b
    z = (n_a - n * share_a) / math.sqrt(n * share_a * (1 - share_a))
    return float(0.5 * math.erfc(abs(z) / math.sqrt(2)))


def _srmp_observed_share(n_a, n_b, share_a):
    n = n_a + n_b
    observed = n_a / n
    z = (n_a - n * share_a) / math.sqrt(n * observed * (1 - observed))
    return float(math.erfc(abs(z) / math.sqrt(2)))


def _srmp_per_user_sd(n_a, n_b, share_a):
    n = n_a + n_b
    z = (n_a / n - share_a) / math.sqrt(share_a * (1 - share_a))
    return float(math.erfc(abs(z) / math.sqrt(2)))


def _srmp_case(rng):
    share = float(rng.choice([0.5, 0.5, 0.9, 0.2, 1 / 3]))
    n = int(rng.integers(200, 200_000))
    n_a = int(rng.binomial(n, share)) + int(rng.integers(-3, 4)) * int(math.sqrt(n))
    n_a = min(max(n_a, 1), n - 1)
    return call(n_a, n - n_a, share)


SRM_P = Drill(
    id="srm-p-value",
    title="Sample-ratio mismatch: the p-value for two arms",
    function="srm_p_value",
    signature="srm_p_value(n_a, n_b, share_a) -> float",
    conventions=(
        "Under the plan n_a is Binomial(N, share_a), N = n_a + n_b: z = (n_a - N share_a) / sqrt(N share_a (1 - "
        "share_a)), the spread from the PLANNED share.",
        "Two-sided: p = 2 * (1 - normal_cdf(|z|)) = math.erfc(|z| / sqrt(2)) (the chi-square test with 1 degree "
        "of freedom). Return a float.",
    ),
    returns="float",
    hints=(
        "If the randomizer is a fair (or planned) coin, how much would n_a wobble around N * share_a?",
        "n_a is binomial with standard deviation sqrt(N p (1 - p)) for the planned p; standardize n_a with it; "
        "both too many and too few users in A are a mismatch, so take both tails.",
        "n = n_a + n_b; se = math.sqrt(n * share_a * (1 - share_a)); z = (n_a - n * share_a) / se; return "
        "float(math.erfc(abs(z) / math.sqrt(2))).",
    ),
    edges=(
        Edge("perfect", "exactly the planned split: p = 1", (5000, 5000, 0.5)),
        Edge("half-a-percent", "50.5% vs 49.5% of 100,000 users: p ~ 0.0016, suspicious", (50_500, 49_500, 0.5)),
        Edge("planned-ninety-ten", "9,100 vs 900 where 90/10 was planned", (9100, 900, 0.9)),
        Edge("too-few", "too FEW users in A is a mismatch too", (4800, 5200, 0.5)),
    ),
    random=Random(_srmp_case, n=25),
    props=(
        Prop("swap-arms", "swapping the arms (and the share) gives the same p-value",
             lambda rng: (lambda c: [c, call(c.args[1], c.args[0], 1 - c.args[2])])(_srmp_case(rng)),
             lambda outs, calls: _close(outs[0], outs[1], "the p-value with the arms swapped")),
    ),
    wrongs=(
        Wrong("one-sided", "you returned one tail; a split off in either direction is a mismatch: double it",
              _srmp_one_sided),
        Wrong("observed-share", "you took the spread from the observed share; under H0 the share is the PLANNED "
              "one: sqrt(N share_a (1 - share_a))", _srmp_observed_share),
        Wrong("per-user-sd", "you divided the share gap by sqrt(p (1 - p)), one user's spread; the share of N "
              "users has spread sqrt(p (1 - p) / N)", _srmp_per_user_sd),
    ),
)

# --- 6. SRM on users, not events -------------------------------------------------------------


def _users_count_events(user_id, arm, share_treatment):
    arm = np.asarray(arm)
    n = len(arm)
    observed = np.array([np.sum(arm == 1), np.sum(arm != 1)], dtype=float)
    expected = np.array([n * share_treatment, n * (1 - share_treatment)])
    return float(np.sum((observed - expected) ** 2 / expected))


def _users_equal_split(user_id, arm, share_treatment):
    user_id, arm = np.asarray(user_id), np.asarray(arm)
    _, first = np.unique(user_id, return_index=True)
    observed = np.array([np.sum(arm[first] == 1), np.sum(arm[first] != 1)], dtype=float)
    expected = np.full(2, len(first) / 2)
    return float(np.sum((observed - expected) ** 2 / expected))


def _users_case(rng):
    n_users = int(rng.integers(20, 400))
    share = float(rng.choice([0.5, 0.5, 0.2, 0.8]))
    users = rng.permutation(n_users) * 7 + 100
    arms = (rng.random(n_users) < share * rng.uniform(0.8, 1.2)).astype(np.int64)
    events = rng.geometric(rng.uniform(0.1, 0.6), n_users)  # heavy users make many events
    events[arms == 1] += int(rng.integers(0, 3))  # the treatment may change how many events users make
    order = rng.permutation(int(events.sum()))
    return call(np.repeat(users, events)[order], np.repeat(arms, events)[order], share)


def _users_duplicate_rows(rng):
    c = _users_case(rng)
    user_id, arm, share = c.args
    extra = rng.integers(0, len(user_id), 30)
    return [c, call(np.r_[user_id, user_id[extra]], np.r_[arm, arm[extra]], share)]


SRM_USERS = Drill(
    id="srm-unique-users",
    title="Sample-ratio mismatch on the randomization unit",
    function="srm_statistic_users",
    signature="srm_statistic_users(user_id, arm, share_treatment) -> float",
    conventions=(
        "Users were randomized: count DISTINCT users per arm (every row of a user has the same arm; arm 1 = "
        "treatment).",
        "Chi-square with 2 arms: expected N share_treatment and N (1 - share_treatment) for N distinct users; "
        "return sum (O - E)^2 / E as a float.",
    ),
    returns="float",
    hints=(
        "If the treatment makes users click more, what happens to an SRM check that counts clicks?",
        "Reduce the rows to one per user first (np.unique with return_index gives each user's first row), then "
        "count treatment and control users and compare them with the planned split.",
        "_, first = np.unique(user_id, return_index=True); n_treatment = int(np.sum(arm[first] == 1)); n_users = "
        "len(first); expected = np.array([n_users * share_treatment, n_users * (1 - share_treatment)]); observed "
        "= np.array([n_treatment, n_users - n_treatment]); return float(np.sum((observed - expected) ** 2 / "
        "expected)).",
    ),
    edges=(
        Edge("busy-treatment", "balanced users, but treatment users make more events: no SRM",
             (a([1, 1, 1, 2, 3, 3, 3, 3, 4]), a([1, 1, 1, 0, 1, 1, 1, 1, 0]), 0.5)),
        Edge("planned-eighty", "an 80/20 plan met by users", (a([5, 6, 7, 8, 9, 9, 9]), a([1, 1, 1, 1, 0, 0, 0]), 0.8)),
        Edge("lost-users", "control lost users: a real SRM", (a(np.arange(40)), a([1] * 26 + [0] * 14), 0.5)),
    ),
    random=Random(_users_case, n=25),
    props=(
        Prop("more-events", "extra events of existing users do not change the user-level statistic",
             _users_duplicate_rows,
             lambda outs, calls: _close(outs[0], outs[1], "the statistic after adding events of known users")),
    ),
    wrongs=(
        Wrong("counts-events", "you counted rows (events); users were randomized, and a treatment that changes how "
              "much users click would look like an SRM: count distinct users", _users_count_events),
        Wrong("equal-split", "you assumed 50/50; compare with the planned share_treatment", _users_equal_split),
    ),
)

# --- 7. CUPED theta --------------------------------------------------------------------------


def _theta_swapped(y, x):
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.dot(dx, dy) / np.dot(dy, dy))


def _theta_mixed_ddof(y, x):
    return float(np.cov(x, y)[0, 1] / np.var(x))


def _theta_correlation(y, x):
    return float(np.corrcoef(x, y)[0, 1])


def _cuped_case(rng, n=None):
    n = n or int(rng.integers(5, 300))
    x = np.round(rng.gamma(2.0, rng.uniform(1, 20), n), 2)
    y = np.round(rng.uniform(-0.5, 2.0) * x + rng.normal(0, rng.uniform(0.5, 15), n) + 5, 2)
    return x, y


def _theta_case(rng):
    x, y = _cuped_case(rng)
    return call(y, x)


THETA = Drill(
    id="cuped-theta",
    title="CUPED: the coefficient theta",
    function="cuped_theta",
    signature="cuped_theta(y, x) -> float",
    conventions=(
        "theta = Cov(x, y) / Var(x): the slope of y on the pre-period covariate x, both with the same "
        "normalisation (the n or n - 1 cancels).",
        "y and x are float arrays of the same length, x not constant. Return a float.",
    ),
    returns="float",
    hints=(
        "Which regression's slope is theta: y on x, or x on y?",
        "Centre both arrays at their means; theta is the sum of products over the sum of squares of x. np.cov "
        "uses n - 1 and np.var uses n: mixing them is off by n / (n - 1).",
        "dx, dy = x - x.mean(), y - y.mean(); return float(np.dot(dx, dy) / np.dot(dx, dx)).",
    ),
    edges=(
        Edge("exact-line", "y = 2x + 1: theta is the slope 2", (a([3.0, 5.0, 9.0, 11.0]), a([1.0, 2.0, 4.0, 5.0]))),
        Edge("negative", "a negative relation gives a negative theta",
             (a([4.0, 3.0, 3.5, 1.0]), a([1.0, 2.0, 2.5, 4.0]))),
        Edge("two-users", "two users: the line through both points", (a([10.0, 14.0]), a([2.0, 4.0]))),
    ),
    random=Random(_theta_case, n=25),
    props=(
        Prop("rescaled-covariate", "x in cents instead of dollars divides theta by 100",
             lambda rng: (lambda c: [c, call(c.args[0], c.args[1] * 100.0)])(_theta_case(rng)),
             lambda outs, calls: _close(outs[0] / 100.0, outs[1], "theta with x * 100")),
    ),
    wrongs=(
        Wrong("swapped-roles", "you divided by Var(y): that is the slope of x on y; CUPED predicts y from x, "
              "theta = Cov(x, y) / Var(x)", _theta_swapped),
        Wrong("mixed-ddof", "np.cov divides by n - 1 and np.var by n; use the same normalisation in both",
              _theta_mixed_ddof),
        Wrong("correlation", "you returned the correlation; theta is the regression slope Cov / Var(x) (they agree "
              "only when x and y have the same spread)", _theta_correlation),
    ),
)

# --- 8. CUPED variance reduction -------------------------------------------------------------


def _vr_correlation(y, x):
    return float(np.corrcoef(x, y)[0, 1])


def _vr_remaining(y, x):
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)
    adjusted = dy - theta * dx
    return float(np.dot(adjusted, adjusted) / np.dot(dy, dy))


def _vr_theta_one(y, x):
    dx, dy = x - x.mean(), y - y.mean()
    return float(1 - np.dot(dy - dx, dy - dx) / np.dot(dy, dy))


def _vr_case(rng):
    x, y = _cuped_case(rng)
    return call(y, x)


VARIANCE_REDUCTION = Drill(
    id="cuped-variance-reduction",
    title="CUPED: how much variance does the covariate remove?",
    function="cuped_variance_reduction",
    signature="cuped_variance_reduction(y, x) -> float",
    conventions=(
        "Adjust with the CUPED theta = Cov(x, y) / Var(x): y_adjusted = y - theta (x - mean(x)).",
        "Return the share REMOVED, 1 - Var(y_adjusted) / Var(y), as a float (it equals corr(x, y)^2).",
    ),
    returns="float",
    hints=(
        "If the pre-period explains 64% of the variance, what is left, and what is the correlation?",
        "Fit theta as the slope of y on x, subtract theta times the centred x, and compare the variance of what "
        "is left with the variance of y; the removed share is one minus that ratio.",
        "dx, dy = x - x.mean(), y - y.mean(); theta = np.dot(dx, dy) / np.dot(dx, dx); adjusted = dy - theta * "
        "dx; return float(1 - np.dot(adjusted, adjusted) / np.dot(dy, dy)).",
    ),
    edges=(
        Edge("perfect-covariate", "y is a line in x: all variance removed",
             (a([3.0, 5.0, 9.0, 11.0]), a([1.0, 2.0, 4.0, 5.0]))),
        Edge("useless-covariate", "x uncorrelated with y: nothing removed",
             (a([1.0, 2.0, 1.0, 2.0]), a([1.0, 1.0, 2.0, 2.0]))),
        Edge("typical", "a noisy relation",
             (a([12.0, 8.5, 14.5, 6.0, 11.5, 12.5]), a([10.0, 8.0, 13.0, 6.0, 10.0, 12.0]))),
    ),
    random=Random(_vr_case, n=25),
    props=(
        Prop("symmetric", "the share removed is corr^2: swapping x and y does not change it",
             lambda rng: (lambda c: [c, call(c.args[1], c.args[0])])(_vr_case(rng)),
             lambda outs, calls: _close(outs[0], outs[1], "the reduction with x and y swapped")),
    ),
    wrongs=(
        Wrong("correlation", "you returned the correlation; the variance shrinks by its SQUARE (rho = 0.8 removes "
              "64%, not 80%)", _vr_correlation),
        Wrong("remaining-share", "you returned Var(y_adjusted) / Var(y), the share that REMAINS; the reduction is "
              "one minus it", _vr_remaining),
        Wrong("theta-one", "you subtracted x itself (theta = 1, a pre/post difference); CUPED uses the fitted "
              "theta = Cov(x, y) / Var(x), which never does worse", _vr_theta_one),
    ),
)

# --- 9. CUPED effect estimate ----------------------------------------------------------------


def _effect_within_arm(y, x, treatment):
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)
    treated = np.asarray(treatment) == 1
    adjusted = y.copy()
    for arm in (treated, ~treated):
        adjusted[arm] = y[arm] - theta * (x[arm] - x[arm].mean())
    return float(adjusted[treated].mean() - adjusted[~treated].mean())


def _effect_per_arm_theta(y, x, treatment):
    treated = np.asarray(treatment) == 1
    adjusted = y.copy()
    for arm in (treated, ~treated):
        dx, dy = x[arm] - x[arm].mean(), y[arm] - y[arm].mean()
        adjusted[arm] = y[arm] - np.dot(dx, dy) / np.dot(dx, dx) * (x[arm] - x.mean())
    return float(adjusted[treated].mean() - adjusted[~treated].mean())


def _effect_swapped(y, x, treatment):
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dy, dy)
    adjusted = y - theta * (x - x.mean())
    treated = np.asarray(treatment) == 1
    return float(adjusted[treated].mean() - adjusted[~treated].mean())


def _effect_case(rng):
    n = int(rng.integers(8, 300))
    x, y = _cuped_case(rng, n)
    treatment = np.zeros(n, dtype=np.int64)
    treatment[rng.choice(n, int(rng.integers(3, n - 2)), replace=False)] = 1
    y = y + rng.uniform(-2, 5) * treatment
    return call(y, x, treatment)


EFFECT = Drill(
    id="cuped-effect",
    title="CUPED: the adjusted treatment effect",
    function="cuped_effect",
    signature="cuped_effect(y, x, treatment) -> float",
    conventions=(
        "One theta = Cov(x, y) / Var(x), fitted on ALL units pooled (both arms); x is the pre-period covariate.",
        "y_adjusted = y - theta (x - mean(x)) with the POOLED mean of x; return mean of y_adjusted over treatment "
        "(treatment == 1) minus over control, as a float.",
    ),
    returns="float",
    hints=(
        "If the treatment arm happened to get the heavier users, which part of its higher mean is not the "
        "treatment's doing?",
        "Fit theta on everyone; subtract theta times (x minus the overall mean of x) from y; centring x within "
        "each arm would cancel exactly the pre-period imbalance CUPED is there to remove.",
        "dx, dy = x - x.mean(), y - y.mean(); theta = np.dot(dx, dy) / np.dot(dx, dx); adjusted = y - theta * (x "
        "- x.mean()); treated = np.asarray(treatment) == 1; return float(adjusted[treated].mean() - "
        "adjusted[~treated].mean()).",
    ),
    edges=(
        Edge("imbalanced-arms", "treatment got the heavy users: raw difference 9, effect 1",
             (a([12.0, 10.0, 3.0, 1.0, 11.0, 2.0]), a([11.0, 9.0, 3.0, 1.0, 10.0, 2.0]), a([1, 1, 0, 0, 1, 0]))),
        Edge("no-effect", "identical arms after adjusting", (a([2.0, 4.0, 2.0, 4.0]), a([1.0, 2.0, 1.0, 2.0]),
                                                              a([1, 1, 0, 0]))),
        Edge("noisy", "a small noisy test",
             (a([5.0, 7.5, 6.0, 9.0, 4.0, 8.0, 6.5]), a([4.0, 6.0, 6.0, 7.0, 4.5, 6.0, 5.0]),
              a([1, 1, 0, 1, 0, 0, 1]))),
    ),
    random=Random(_effect_case, n=25),
    props=(
        Prop("relabel-arms", "swapping which arm is treatment flips the sign of the effect",
             lambda rng: (lambda c: [c, call(c.args[0], c.args[1], 1 - c.args[2])])(_effect_case(rng)),
             lambda outs, calls: _close(-outs[0], outs[1], "the effect with the arms relabelled")),
    ),
    wrongs=(
        Wrong("within-arm-centring", "you centred x at each arm's own mean: the adjustment then averages to 0 in "
              "each arm and you get the raw difference back; centre at the pooled mean", _effect_within_arm),
        Wrong("per-arm-theta", "you fitted a separate theta in each arm; CUPED fits one theta on all units (the "
              "treatment must not shape the adjustment)", _effect_per_arm_theta),
        Wrong("swapped-roles", "theta divides by Var(x), not Var(y): it is the slope of y on x", _effect_swapped),
    ),
)

# --- 10. corrected resampled t ---------------------------------------------------------------


def _t_uncorrected(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    return float(d.mean() / math.sqrt(d.var(ddof=1) / len(d)))


def _t_swapped_ratio(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    return float(d.mean() / math.sqrt((1 / len(d) + n_train / n_test) * d.var(ddof=1)))


def _t_population_variance(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    return float(d.mean() / math.sqrt((1 / len(d) + n_test / n_train) * d.var()))


def _t_case(rng):
    j = int(rng.integers(3, 60))
    k = int(rng.integers(2, 11))
    n = int(rng.integers(100, 10_000))
    d = np.round(rng.normal(rng.uniform(-0.02, 0.03), rng.uniform(0.002, 0.03), j), 4)
    return call(d, n - n // k, n // k)


CORRECTED_T = Drill(
    id="corrected-resampled-t",
    title="The corrected resampled t statistic",
    function="corrected_t",
    signature="corrected_t(differences, n_train, n_test) -> float",
    conventions=(
        "t = mean(d) / sqrt((1 / J + n_test / n_train) * s^2) with J = len(d) and s^2 the sample variance "
        "(ddof=1) of the differences (Nadeau and Bengio).",
        "The differences are not all equal. Return a float.",
    ),
    returns="float",
    hints=(
        "Ten folds share 8/9 of their training data: are their ten score differences ten independent numbers?",
        "The plain paired t uses s^2 / J; the correction adds n_test / n_train to 1 / J, which keeps the "
        "variance from shrinking to 0 as you add repetitions.",
        "d = np.asarray(differences, dtype=float); j = len(d); variance = d.var(ddof=1); return float(d.mean() / "
        "math.sqrt((1 / j + n_test / n_train) * variance)).",
    ),
    edges=(
        Edge("ten-fold", "one 10-fold CV of 1000 samples",
             (a([0.012, 0.004, 0.009, -0.006, 0.011, 0.002, -0.003, 0.010, 0.001, 0.008]), 900, 100)),
        Edge("negative", "B better than A: a negative statistic", (a([-0.01, -0.02, 0.005, -0.015]), 750, 250)),
        Edge("two-splits", "two splits only", (a([0.03, 0.01]), 500, 500)),
    ),
    random=Random(_t_case, n=25),
    props=(
        Prop("swap-models", "swapping A and B negates the statistic",
             lambda rng: (lambda c: [c, call(-c.args[0], c.args[1], c.args[2])])(_t_case(rng)),
             lambda outs, calls: _close(-outs[0], outs[1], "t with the models swapped")),
    ),
    wrongs=(
        Wrong("uncorrected", "you used s^2 / J, the plain paired t: it treats overlapping splits as independent "
              "and is far too confident; add n_test / n_train", _t_uncorrected),
        Wrong("swapped-ratio", "you added n_train / n_test; the correction is n_test / n_train (0.11 for "
              "10-fold, not 9)", _t_swapped_ratio),
        Wrong("population-variance", "you used the population variance (ddof=0); use the sample variance, "
              "d.var(ddof=1)", _t_population_variance),
    ),
)

# --- 11. nested CV inner folds ---------------------------------------------------------------


def _blocks(m, k):
    sizes = np.full(k, m // k)
    sizes[: m % k] += 1
    return np.repeat(np.arange(k), sizes)


def _inner_leaky(n, outer_k, inner_k):
    return np.tile(_blocks(n, inner_k), (outer_k, 1)).astype(np.int64)


def _inner_masked_after(n, outer_k, inner_k):
    outer = _blocks(n, outer_k)
    ids = np.tile(_blocks(n, inner_k), (outer_k, 1)).astype(np.int64)
    for o in range(outer_k):
        ids[o, outer == o] = -1
    return ids


def _inner_remainder_last(n, outer_k, inner_k):
    outer = _blocks(n, outer_k)
    ids = np.full((outer_k, n), -1, dtype=np.int64)
    for o in range(outer_k):
        m = int(np.sum(outer != o))
        sizes = np.full(inner_k, m // inner_k)
        sizes[-1] += m % inner_k
        ids[o, outer != o] = np.repeat(np.arange(inner_k), sizes)
    return ids


def _nested_case(rng):
    outer_k = int(rng.integers(2, 6))
    inner_k = int(rng.integers(2, 5))
    return call(int(rng.integers(outer_k * (inner_k + 1), 40)), outer_k, inner_k)


def _nested_props(outs, calls):
    n, outer_k, inner_k = calls[0].args
    ids = np.asarray(outs[0])
    outer = _blocks(n, outer_k)
    for o in range(outer_k):
        if not np.array_equal(ids[o] == -1, outer == o):
            return f"row {o}: the -1 entries are not exactly outer fold {o}'s test samples"
        sizes = np.bincount(ids[o][ids[o] >= 0], minlength=inner_k)
        if sizes.max() - sizes.min() > 1:
            return f"row {o}: inner fold sizes {sizes.tolist()} differ by more than one"
    return None


NESTED = Drill(
    id="nested-cv-inner-folds",
    title="Nested cross-validation: inner folds of each outer training set",
    function="inner_fold_ids",
    signature="inner_fold_ids(n, outer_k, inner_k) -> ndarray of int, shape (outer_k, n)",
    conventions=(
        "Outer folds: contiguous blocks as KFold without shuffling (the first n % outer_k folds one larger).",
        "Row o: -1 for the samples of outer fold o; the other samples, in index order, get inner fold ids 0 .. "
        "inner_k - 1 as KFold(inner_k) on the outer training set alone (contiguous, the first m % inner_k one "
        "larger, m = its size).",
        "Return an int NumPy array of shape (outer_k, n).",
    ),
    returns="ndarray of int, shape (outer_k, n)",
    hints=(
        "If the inner folds that pick the hyperparameters contain the outer test samples, what has the outer "
        "score stopped measuring?",
        "Write a helper that cuts m items into k contiguous blocks (sizes m // k, plus one for the first m % k); "
        "use it for the outer folds, then for each outer fold cut only the samples outside it.",
        "def block_ids(m, k): sizes = np.full(k, m // k); sizes[: m % k] += 1; return np.repeat(np.arange(k), "
        "sizes); outer = block_ids(n, outer_k); ids = np.full((outer_k, n), -1, dtype=np.int64); for o in "
        "range(outer_k): train = outer != o; ids[o, train] = block_ids(int(train.sum()), inner_k); return ids.",
    ),
    edges=(
        Edge("six-three-two", "6 samples, 3 outer folds of 2, inner halves of the other 4", (6, 3, 2)),
        Edge("remainders", "remainders at both levels", (11, 3, 3)),
        Edge("two-outer", "two outer folds: each half is the other's training set", (10, 2, 2)),
    ),
    random=Random(_nested_case, n=20),
    props=(
        Prop("no-leak", "each row's -1s are exactly its outer test fold, and inner folds are balanced",
             lambda rng: [_nested_case(rng)], _nested_props),
    ),
    wrongs=(
        Wrong("inner-on-all-data", "your inner folds include the outer test samples: the tuning has seen the data "
              "that scores it (a leak); cut the inner folds from the outer training set only", _inner_leaky),
        Wrong("masked-after", "you cut inner folds over all n samples and then removed the outer test fold: the "
              "inner folds come out unbalanced; cut the m outer-training samples into inner_k blocks",
              _inner_masked_after),
        Wrong("remainder-last", "you gave the inner remainder to the last fold; KFold gives one extra to each of "
              "the FIRST m % inner_k folds", _inner_remainder_last),
    ),
)

# --- 12. the nested-CV estimate --------------------------------------------------------------


def _nested_best_inner(inner_scores, outer_scores):
    return float(np.asarray(inner_scores).max(axis=1).mean())


def _nested_by_outer(inner_scores, outer_scores):
    return float(np.asarray(outer_scores).max(axis=1).mean())


def _nested_global_choice(inner_scores, outer_scores):
    best = int(np.argmax(np.asarray(inner_scores).mean(axis=0)))
    return float(np.asarray(outer_scores)[:, best].mean())


def _estimate_case(rng):
    outer, configs = int(rng.integers(2, 8)), int(rng.integers(2, 12))
    quality = rng.normal(0.8, 0.03, configs)
    inner = np.round(quality + rng.normal(0, 0.02, (outer, configs)), 4)
    outer_scores = np.round(quality + rng.normal(0, 0.03, (outer, configs)), 4)
    return call(inner, outer_scores)


NESTED_ESTIMATE = Drill(
    id="nested-cv-estimate",
    title="The nested-CV estimate",
    function="nested_cv_estimate",
    signature="nested_cv_estimate(inner_scores, outer_scores) -> float",
    conventions=(
        "In each outer fold o choose the configuration with the best INNER score, c_o = argmax_c inner_scores[o, "
        "c] (ties: the first, as np.argmax).",
        "Return the mean over outer folds of outer_scores[o, c_o], as a float.",
    ),
    returns="float",
    hints=(
        "You tried 20 configurations and report the best one's score: is that score an honest estimate?",
        "Choose per outer fold by the inner scores only, then look up that choice's score on the outer test "
        "fold; never use the outer scores to choose.",
        "chosen = np.argmax(inner_scores, axis=1); return float(np.asarray(outer_scores)[np.arange(len(chosen)), "
        "chosen].mean()).",
    ),
    edges=(
        Edge("three-by-three", "the four candidate answers all differ here",
             (a([[0.80, 0.85, 0.82], [0.84, 0.81, 0.83], [0.79, 0.80, 0.86]]),
              a([[0.78, 0.80, 0.83], [0.82, 0.84, 0.79], [0.81, 0.77, 0.80]]))),
        Edge("tie", "tied inner scores: the first configuration",
             (a([[0.9, 0.9], [0.7, 0.8]]), a([[0.85, 0.88], [0.75, 0.7]]))),
        Edge("one-config", "a single configuration: nothing to choose", (a([[0.7], [0.8]]), a([[0.65], [0.9]]))),
    ),
    random=Random(_estimate_case, n=25),
    props=(
        Prop("shift-outer", "adding 0.1 to every outer score adds 0.1 to the estimate",
             lambda rng: (lambda c: [c, call(c.args[0], c.args[1] + 0.1)])(_estimate_case(rng)),
             lambda outs, calls: _close(outs[0] + 0.1, outs[1], "the estimate with outer scores + 0.1")),
    ),
    wrongs=(
        Wrong("best-inner-score", "you reported the best inner score: the maximum of noisy scores is optimistic; "
              "report the chosen configuration's OUTER score", _nested_best_inner),
        Wrong("chosen-by-outer", "you chose by the outer scores: that tunes on the outer test fold (a leak) and "
              "is optimistic; choose by the inner scores", _nested_by_outer),
        Wrong("one-global-choice", "you chose one configuration from the inner means over all folds; nested CV "
              "chooses afresh inside each outer fold", _nested_global_choice),
    ),
)

# --- 13. prior shift, binary -----------------------------------------------------------------


def _shift_no_renormalize(p, train_rate, new_rate):
    return np.asarray(p, dtype=float) * new_rate / train_rate


def _shift_inverted(p, train_rate, new_rate):
    p = np.asarray(p, dtype=float)
    positive = p * train_rate / new_rate
    return positive / (positive + (1 - p) * (1 - train_rate) / (1 - new_rate))


def _shift_additive(p, train_rate, new_rate):
    return np.asarray(p, dtype=float) + (new_rate - train_rate)


def _binary_shift_case(rng):
    p = np.round(rng.uniform(0, 1, int(rng.integers(1, 40))), 3)
    return call(p, float(rng.choice([0.5, 0.3, 0.1])), float(np.round(rng.uniform(0.01, 0.6), 3)))


PRIOR_BINARY = Drill(
    id="prior-shift-binary",
    title="Prior shift: adjust a binary probability",
    function="adjust_probability",
    signature="adjust_probability(p, train_rate, new_rate) -> ndarray of float",
    conventions=(
        "Bayes' rule with P(x | y) unchanged: weight P(y=1|x) by new_rate / train_rate and P(y=0|x) by (1 - "
        "new_rate) / (1 - train_rate), then renormalize so the two sum to 1.",
        "p is a float array; return a float NumPy array of the same shape.",
    ),
    returns="ndarray of float",
    hints=(
        "You trained on a 50/50 undersample; the world has 5% positives. Should a score of 0.5 still mean 50%?",
        "The posterior is likelihood times prior: divide out the old prior and multiply in the new one, for the "
        "positive AND the negative class, then divide by their sum.",
        "p = np.asarray(p, dtype=float); positive = p * new_rate / train_rate; negative = (1 - p) * (1 - "
        "new_rate) / (1 - train_rate); return positive / (positive + negative).",
    ),
    edges=(
        Edge("undersampled", "trained at 50%, deployed at 10%: 0.5 becomes 0.1", (a([0.5, 0.9, 0.2]), 0.5, 0.1)),
        Edge("same-prior", "no shift: nothing changes", (a([0.1, 0.7]), 0.3, 0.3)),
        Edge("certain", "0 and 1 stay 0 and 1", (a([0.0, 1.0]), 0.5, 0.2)),
        Edge("more-positives", "a shift upwards", (a([0.05, 0.4]), 0.1, 0.4)),
    ),
    random=Random(_binary_shift_case, n=25),
    props=(
        Prop("same-prior", "when the prior does not change, neither do the probabilities",
             lambda rng: (lambda c: [call(c.args[0], c.args[1], c.args[1])])(_binary_shift_case(rng)),
             lambda outs, calls: _close(np.asarray(calls[0].args[0], dtype=float), np.asarray(outs[0]),
                                        "the probabilities with new_rate == train_rate")),
    ),
    wrongs=(
        Wrong("no-renormalization", "you multiplied p by new_rate / train_rate and stopped: the result is not a "
              "probability (it can exceed 1); weight both classes and renormalize", _shift_no_renormalize),
        Wrong("inverted-ratio", "you weighted by train_rate / new_rate; the new prior goes in the numerator",
              _shift_inverted),
        Wrong("additive-shift", "you added the change in base rate; prior shift multiplies the odds, it does not "
              "add to the probability", _shift_additive),
    ),
)

# --- 14. prior shift, multiclass -------------------------------------------------------------


def _multi_no_renormalize(proba, train_prior, new_prior):
    return np.asarray(proba, dtype=float) * (np.asarray(new_prior) / np.asarray(train_prior))


def _multi_columns(proba, train_prior, new_prior):
    weighted = np.asarray(proba, dtype=float) * (np.asarray(new_prior) / np.asarray(train_prior))
    return weighted / weighted.sum(axis=0, keepdims=True)


def _multi_inverted(proba, train_prior, new_prior):
    weighted = np.asarray(proba, dtype=float) * (np.asarray(train_prior) / np.asarray(new_prior))
    return weighted / weighted.sum(axis=1, keepdims=True)


def _multi_case(rng):
    k = int(rng.integers(2, 6))
    proba = rng.dirichlet(np.ones(k), int(rng.integers(2, 30)))
    return call(proba, rng.dirichlet(np.ones(k) * 3), rng.dirichlet(np.ones(k) * 3))


def _rows_sum_to_one(outs, calls):
    rows = np.asarray(outs[0]).sum(axis=1)
    return _close(np.ones(len(rows)), rows, "the row sums")


PRIOR_MULTI = Drill(
    id="prior-shift-multiclass",
    title="Prior shift: adjust multiclass probabilities",
    function="adjust_proba",
    signature="adjust_proba(proba, train_prior, new_prior) -> ndarray of shape (n, K)",
    conventions=(
        "p'_k is proportional to p_k * new_prior[k] / train_prior[k]; each ROW is renormalized to sum to 1.",
        "proba has shape (n, K) with rows summing to 1; priors have K positive entries. Return a float array of "
        "shape (n, K).",
    ),
    returns="ndarray of float, shape (n, K)",
    hints=(
        "After reweighting each class, what must be true of every sample's probabilities?",
        "Multiply each column by its prior ratio (broadcasting a length-K vector over the rows), then divide "
        "each row by its own sum (axis=1, keepdims=True).",
        "weighted = np.asarray(proba, dtype=float) * (np.asarray(new_prior) / np.asarray(train_prior)); return "
        "weighted / weighted.sum(axis=1, keepdims=True).",
    ),
    edges=(
        Edge("three-classes", "a rare class becomes common",
             (a([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]), a([0.5, 0.4, 0.1]), a([0.3, 0.3, 0.4]))),
        Edge("binary-as-two-columns", "two columns agree with the binary formula",
             (a([[0.5, 0.5], [0.1, 0.9]]), a([0.5, 0.5]), a([0.9, 0.1]))),
        Edge("same-prior", "no shift: nothing changes", (a([[0.25, 0.75]]), a([0.4, 0.6]), a([0.4, 0.6]))),
    ),
    random=Random(_multi_case, n=25),
    props=(
        Prop("rows-sum-to-one", "every row of the answer is a distribution", lambda rng: [_multi_case(rng)],
             _rows_sum_to_one),
    ),
    wrongs=(
        Wrong("no-renormalization", "you reweighted but did not renormalize: rows no longer sum to 1",
              _multi_no_renormalize),
        Wrong("column-normalization", "you normalized the columns; each SAMPLE's row must sum to 1 (axis=1)",
              _multi_columns),
        Wrong("inverted-ratio", "you weighted by train_prior / new_prior; the new prior goes in the numerator",
              _multi_inverted),
    ),
)

# --- 15. EM for an unknown prior -------------------------------------------------------------


def _adjust(p, old, new):
    positive = p * new / old
    return positive / (positive + (1 - p) * (1 - new) / (1 - old))


def _em_mean_only(p, train_rate, n_iter):
    return float(np.asarray(p, dtype=float).mean())


def _em_compounding(p, train_rate, n_iter):
    q = np.asarray(p, dtype=float)
    rate = train_rate
    for _ in range(n_iter):
        q = _adjust(q, train_rate, rate)
        rate = q.mean()
    return float(rate)


def _em_inverted(p, train_rate, n_iter):
    p = np.asarray(p, dtype=float)
    rate = train_rate
    for _ in range(n_iter):
        rate = _adjust(p, rate, train_rate).mean()
    return float(rate)


def _em_case(rng):
    n = int(rng.integers(5, 200))
    true_rate = rng.uniform(0.05, 0.5)
    y = rng.random(n) < true_rate
    score = rng.normal(1.5 * y, 1.0)
    p = 1 / (1 + np.exp(-(1.5 * score - 1.125)))  # calibrated at a 50/50 prior
    return call(np.round(p, 4), 0.5, int(rng.integers(2, 40)))


EM = Drill(
    id="em-prior",
    title="Estimate an unknown new prior by EM",
    function="em_prior",
    signature="em_prior(p, train_rate, n_iter) -> float",
    conventions=(
        "Start at rate = train_rate. Each step: adjust the ORIGINAL p from train_rate to the current rate (weight "
        "p by rate / train_rate and 1 - p by (1 - rate) / (1 - train_rate), renormalize), then rate = mean of "
        "the adjusted probabilities.",
        "Run exactly n_iter steps (n_iter >= 1) and return the rate as a float.",
    ),
    returns="float",
    hints=(
        "The mean predicted probability estimates the base rate only if the probabilities are for the right "
        "base rate: what if they are not?",
        "Alternate: adjust the original probabilities to your current guess of the rate, then re-estimate the "
        "rate as their mean; the first step reproduces the plain mean, later steps correct it.",
        "p = np.asarray(p, dtype=float); rate = train_rate; for _ in range(n_iter): positive = p * rate / "
        "train_rate; adjusted = positive / (positive + (1 - p) * (1 - rate) / (1 - train_rate)); rate = "
        "adjusted.mean(); return float(rate).",
    ),
    edges=(
        Edge("one-step", "one step is the plain mean of the probabilities", (a([0.2, 0.6, 0.1, 0.3]), 0.5, 1)),
        Edge("converging", "fifty steps on a small sample", (a([0.5, 0.9, 0.2, 0.1, 0.15, 0.3, 0.05, 0.6]), 0.5, 50)),
        Edge("rare-positives", "trained at 50%, production nearly all negatives",
             (a([0.05, 0.1, 0.02, 0.3, 0.08, 0.01]), 0.5, 20)),
    ),
    random=Random(_em_case, n=20),
    props=(
        Prop("first-step", "the first step re-estimates the rate as the plain mean of p",
             lambda rng: (lambda c: [call(c.args[0], c.args[1], 1)])(_em_case(rng)),
             lambda outs, calls: _close(float(np.mean(calls[0].args[0])), outs[0], "the rate after one step")),
    ),
    wrongs=(
        Wrong("mean-only", "you returned the mean probability; it is pulled towards the training prior: adjust "
              "to the current estimate and iterate", _em_mean_only),
        Wrong("compounding", "you adjusted already-adjusted probabilities each step; always adjust the ORIGINAL "
              "p from train_rate to the current rate", _em_compounding),
        Wrong("inverted-ratio", "you adjusted from the current rate to train_rate; the E-step moves the "
              "probabilities from train_rate TO the current estimate", _em_inverted),
    ),
)

DRILLS = [SAMPLE_SIZE, POWER, MDE, SRM, SRM_P, SRM_USERS, THETA, VARIANCE_REDUCTION, EFFECT, CORRECTED_T, NESTED,
          NESTED_ESTIMATE, PRIOR_BINARY, PRIOR_MULTI, EM]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word.

HINT_SOLUTIONS = {
    "sample-size-two-proportions": """
def sample_size_per_arm(p_control, p_treatment, alpha, power):
    z_alpha = normal_quantile(1 - alpha / 2)
    z_power = normal_quantile(power)
    variance = p_control * (1 - p_control) + p_treatment * (1 - p_treatment)
    n = (z_alpha + z_power) ** 2 * variance / (p_treatment - p_control) ** 2
    return int(math.ceil(n))
""",
    "power-two-sample": """
def power_two_sample(effect_size, n_per_arm, alpha):
    z_alpha = normal_quantile(1 - alpha / 2)
    shift = effect_size * math.sqrt(n_per_arm / 2)
    return float(normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha))
""",
    "minimum-detectable-lift": """
def minimum_detectable_lift(p_control, n_per_arm, alpha, power):
    z_alpha = normal_quantile(1 - alpha / 2)
    z_power = normal_quantile(power)
    se = math.sqrt(2 * p_control * (1 - p_control) / n_per_arm)
    return float((z_alpha + z_power) * se)
""",
    "srm-chi-square": """
def srm_statistic(counts, ratios):
    counts = np.asarray(counts, dtype=float)
    ratios = np.asarray(ratios, dtype=float)
    expected = counts.sum() * ratios / ratios.sum()
    return float(np.sum((counts - expected) ** 2 / expected))
""",
    "srm-p-value": """
def srm_p_value(n_a, n_b, share_a):
    n = n_a + n_b
    se = math.sqrt(n * share_a * (1 - share_a))
    z = (n_a - n * share_a) / se
    return float(math.erfc(abs(z) / math.sqrt(2)))
""",
    "srm-unique-users": """
def srm_statistic_users(user_id, arm, share_treatment):
    _, first = np.unique(user_id, return_index=True)
    n_treatment = int(np.sum(arm[first] == 1))
    n_users = len(first)
    expected = np.array([n_users * share_treatment, n_users * (1 - share_treatment)])
    observed = np.array([n_treatment, n_users - n_treatment])
    return float(np.sum((observed - expected) ** 2 / expected))
""",
    "cuped-theta": """
def cuped_theta(y, x):
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.dot(dx, dy) / np.dot(dx, dx))
""",
    "cuped-variance-reduction": """
def cuped_variance_reduction(y, x):
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)
    adjusted = dy - theta * dx
    return float(1 - np.dot(adjusted, adjusted) / np.dot(dy, dy))
""",
    "cuped-effect": """
def cuped_effect(y, x, treatment):
    dx, dy = x - x.mean(), y - y.mean()
    theta = np.dot(dx, dy) / np.dot(dx, dx)
    adjusted = y - theta * (x - x.mean())
    treated = np.asarray(treatment) == 1
    return float(adjusted[treated].mean() - adjusted[~treated].mean())
""",
    "corrected-resampled-t": """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    j = len(d)
    variance = d.var(ddof=1)
    return float(d.mean() / math.sqrt((1 / j + n_test / n_train) * variance))
""",
    "nested-cv-inner-folds": """
def inner_fold_ids(n, outer_k, inner_k):
    def block_ids(m, k):
        sizes = np.full(k, m // k)
        sizes[: m % k] += 1
        return np.repeat(np.arange(k), sizes)
    outer = block_ids(n, outer_k)
    ids = np.full((outer_k, n), -1, dtype=np.int64)
    for o in range(outer_k):
        train = outer != o
        ids[o, train] = block_ids(int(train.sum()), inner_k)
    return ids
""",
    "nested-cv-estimate": """
def nested_cv_estimate(inner_scores, outer_scores):
    chosen = np.argmax(inner_scores, axis=1)
    return float(np.asarray(outer_scores)[np.arange(len(chosen)), chosen].mean())
""",
    "prior-shift-binary": """
def adjust_probability(p, train_rate, new_rate):
    p = np.asarray(p, dtype=float)
    positive = p * new_rate / train_rate
    negative = (1 - p) * (1 - new_rate) / (1 - train_rate)
    return positive / (positive + negative)
""",
    "prior-shift-multiclass": """
def adjust_proba(proba, train_prior, new_prior):
    weighted = np.asarray(proba, dtype=float) * (np.asarray(new_prior) / np.asarray(train_prior))
    return weighted / weighted.sum(axis=1, keepdims=True)
""",
    "em-prior": """
def em_prior(p, train_rate, n_iter):
    p = np.asarray(p, dtype=float)
    rate = train_rate
    for _ in range(n_iter):
        positive = p * rate / train_rate
        adjusted = positive / (positive + (1 - p) * (1 - rate) / (1 - train_rate))
        rate = adjusted.mean()
    return float(rate)
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
