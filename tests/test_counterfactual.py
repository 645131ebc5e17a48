"""Off-policy evaluation: IPS and SNIPS against a brute-force simulation whose true value is known.

A small contextual bandit (contexts, actions, a logging policy, a target policy and a mean
reward per context-action pair) has an exact value ``V(pi) = sum_x p(x) sum_a pi(a|x) r(x,a)``.
A log that holds every (context, action) pair exactly in proportion to ``p(x) pi_0(a|x)`` makes
IPS equal to V exactly; many simulated logs show IPS unbiased, SNIPS nearly so with less
variance, clipping biased low, and what happens without overlap.
"""

import warnings

import numpy as np
import pytest

from mlmetrics_edu import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.ranking import ips_estimate, snips_estimate


def bandit(seed, n_contexts=4, n_actions=5, skew=1.0):
    """p(x), pi_0(a|x), pi(a|x) (both with full support) and mean rewards r(x, a) in [0, 1]."""
    rng = np.random.default_rng(seed)
    p_x = rng.dirichlet(np.ones(n_contexts))
    pi_0 = 0.5 * rng.dirichlet(np.ones(n_actions), size=n_contexts) + 0.5 / n_actions  # explores
    logits = skew * rng.normal(size=(n_contexts, n_actions))
    pi = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    r = rng.uniform(0, 1, size=(n_contexts, n_actions))
    return p_x, pi_0, pi, r


def true_value(p_x, pi, r):
    return float(p_x @ (pi * r).sum(axis=1))


def simulate_log(rng, p_x, pi_0, pi, r, n):
    x = rng.choice(len(p_x), size=n, p=p_x)
    u = rng.random(n)[:, None]
    a = (u > np.cumsum(pi_0[x], axis=1)).sum(axis=1)  # one draw from pi_0(.|x) per row
    a = np.minimum(a, pi_0.shape[1] - 1)
    reward = (rng.random(n) < r[x, a]).astype(float)  # Bernoulli rewards with mean r(x, a)
    return reward, pi_0[x, a], pi[x, a]


@pytest.mark.parametrize("seed", range(10))
def test_ips_on_an_exactly_proportional_log_is_the_true_value(seed):
    p_x, pi_0, pi, r = bandit(seed)
    # Every (x, a) appears once, weighted by p(x) pi_0(a|x): the expectation, written out.
    x, a = np.meshgrid(np.arange(len(p_x)), np.arange(pi_0.shape[1]), indexing="ij")
    x, a = x.ravel(), a.ravel()
    weight = p_x[x] * pi_0[x, a]
    # IPS with a sample-weighted mean: replicate rows in integer proportions instead.
    counts = np.round(weight * 1e6).astype(int)
    rows = np.repeat(np.arange(x.size), counts)
    exact_p = counts / counts.sum()  # the proportions this log really has
    v_log = float(exact_p @ (pi[x, a] / pi_0[x, a] * r[x, a]))
    assert ips_estimate(r[x, a][rows], pi_0[x, a][rows], pi[x, a][rows]) == pytest.approx(v_log, rel=1e-10)
    assert v_log == pytest.approx(true_value(p_x, pi, r), rel=1e-3)  # rounding of the counts only


@pytest.mark.parametrize("seed", range(4))
def test_ips_is_unbiased_and_snips_nearly_so_over_many_simulated_logs(seed):
    p_x, pi_0, pi, r = bandit(seed, skew=1.5)
    v = true_value(p_x, pi, r)
    rng = np.random.default_rng(100 + seed)
    ips, snips = [], []
    for _ in range(400):
        log = simulate_log(rng, p_x, pi_0, pi, r, 300)
        ips.append(ips_estimate(*log))
        snips.append(snips_estimate(*log))
    ips, snips = np.array(ips), np.array(snips)
    assert abs(ips.mean() - v) < 4 * ips.std() / np.sqrt(len(ips))
    assert abs(snips.mean() - v) < 0.02  # biased for finite n, but only slightly at n = 300


def test_snips_has_far_less_variance_when_the_weights_are_large():
    # the target policy loves an action the logging policy rarely takes: weights up to 20
    p_x = np.array([1.0])
    pi_0 = np.array([[0.05, 0.95]])
    pi = np.array([[1.0, 0.0]])
    r = np.array([[0.8, 0.3]])
    rng = np.random.default_rng(9)
    logs = [simulate_log(rng, p_x, pi_0, pi, r, 100) for _ in range(500)]
    ips = np.array([ips_estimate(*log) for log in logs])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # a log without the rare action
        snips = np.array([snips_estimate(*log) for log in logs])
    assert snips.std() < 0.6 * ips.std()
    assert abs(ips.mean() - 0.8) < 4 * ips.std() / np.sqrt(len(ips))


def test_the_naive_mean_of_logged_rewards_estimates_the_logging_policy_not_the_target():
    p_x, pi_0, pi, r = bandit(7, skew=2.0)
    rng = np.random.default_rng(1)
    reward, p0, p1 = simulate_log(rng, p_x, pi_0, pi, r, 200_000)
    v_target, v_logging = true_value(p_x, pi, r), true_value(p_x, pi_0, r)
    assert abs(v_target - v_logging) > 0.05
    assert reward.mean() == pytest.approx(v_logging, abs=0.01)
    assert ips_estimate(reward, p0, p1) == pytest.approx(v_target, abs=0.01)
    assert snips_estimate(reward, p0, p1) == pytest.approx(v_target, abs=0.01)


def test_clipping_trades_variance_for_a_downward_bias_with_non_negative_rewards():
    p_x, pi_0, pi, r = bandit(3, skew=3.0)
    v = true_value(p_x, pi, r)
    rng = np.random.default_rng(2)
    plain, clipped = [], []
    for _ in range(300):
        log = simulate_log(rng, p_x, pi_0, pi, r, 200)
        plain.append(ips_estimate(*log))
        clipped.append(ips_estimate(*log, clip=2.0))
    plain, clipped = np.array(plain), np.array(clipped)
    assert clipped.std() < plain.std()
    assert clipped.mean() < v - 4 * clipped.std() / np.sqrt(len(clipped))
    assert np.all(clipped <= plain + 1e-12)


def test_by_hand_and_the_equal_policy_case():
    rewards, p0, p1 = [1, 0, 1, 0], [0.5, 0.5, 0.25, 0.75], [1.0, 0.0, 0.5, 0.5]
    assert ips_estimate(rewards, p0, p1) == 1.0  # (2 + 0 + 2 + 0) / 4
    assert snips_estimate(rewards, p0, p1) == pytest.approx(4 / (2 + 0 + 2 + 2 / 3))
    assert ips_estimate(rewards, p0, p1, clip=1.5) == 0.75
    # the target policy is the logging policy: every weight is 1, both are the plain mean
    assert ips_estimate(rewards, p0, p0) == snips_estimate(rewards, p0, p0) == 0.5


def test_snips_is_shift_equivariant_and_ips_is_not():
    rng = np.random.default_rng(4)
    reward, p0, p1 = rng.random(50), rng.uniform(0.05, 1, 50), rng.uniform(0, 1, 50)
    assert snips_estimate(reward + 10, p0, p1) == pytest.approx(snips_estimate(reward, p0, p1) + 10, rel=1e-12)
    assert ips_estimate(reward + 10, p0, p1) != pytest.approx(ips_estimate(reward, p0, p1) + 10, rel=1e-3)


def test_snips_stays_within_the_range_of_the_rewards_and_ips_need_not():
    reward, p0, p1 = np.array([1.0, 1.0]), np.array([0.1, 0.9]), np.array([0.9, 0.1])
    assert ips_estimate(reward, p0, p1) > 1  # 9 / 2 + 0.11 / 2
    assert snips_estimate(reward, p0, p1) == 1.0


def test_a_target_policy_that_never_takes_a_logged_action_leaves_snips_undefined():
    with pytest.warns(UndefinedMetricWarning, match="every importance weight is 0"):
        assert snips_estimate([1.0, 0.0], [0.5, 0.5], [0.0, 0.0]) == 0.0
    assert ips_estimate([1.0, 0.0], [0.5, 0.5], [0.0, 0.0]) == 0.0


@pytest.mark.parametrize("fn", [ips_estimate, snips_estimate])
@pytest.mark.parametrize("args, kwargs, match", [
    (([1, 0], [0.5, 0.0], [0.5, 0.5]), {}, "logging_propensity is 0 for 1 logged action"),
    (([1, 0], [0.5, 1.2], [0.5, 0.5]), {}, r"logging_propensity must hold probabilities in \[0, 1\]"),
    (([1, 0], [0.5, 0.5], [0.5, -0.1]), {}, "target_propensity must hold probabilities"),
    (([1, 0, 1], [0.5, 0.5], [0.5, 0.5]), {}, "rewards and logging_propensity differ in length"),
    (([1, np.nan], [0.5, 0.5], [0.5, 0.5]), {}, "rewards contains NaN"),
    (([], [], []), {}, "rewards is empty"),
    (([1, 0], [0.5, 0.5], [0.5, 0.5]), {"clip": 0}, "clip must be None or a number > 0"),
    (([1, 0], [0.5, 0.5], [0.5, 0.5]), {"clip": True}, "clip must be"),
])
def test_bad_logs_are_refused_naming_the_argument(fn, args, kwargs, match):
    with pytest.raises(MetricInputError, match=match):
        fn(*args, **kwargs)


def test_estimates_are_python_floats():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert type(ips_estimate([1], [0.5], [0.5])) is float
        assert type(snips_estimate([1], [0.5], [0.5])) is float


# --------------------------------------------------------------------------- drill answers


def _drill_cases(drill_id):
    from mlmetrics_edu.drill.cases import build_cases
    from mlmetrics_edu.drill.spec import get_drill, reference

    drill = get_drill(drill_id)
    return reference(drill), [c.calls[0] for c in build_cases(drill) if c.kind != "property"]


@pytest.mark.parametrize("drill_id, ours, clipped", [
    ("ips-estimate", ips_estimate, False), ("snips-estimate", snips_estimate, False),
    ("clipped-ips", ips_estimate, True),
])
def test_the_drill_answers_equal_the_package(drill_id, ours, clipped):
    answer, calls = _drill_cases(drill_id)
    for c in calls:
        args = c.args[:3]
        kwargs = {"clip": c.args[3]} if clipped else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            assert answer(*c.args) == pytest.approx(ours(*args, **kwargs), rel=1e-12, abs=1e-15)
