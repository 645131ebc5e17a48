"""Seeded scenarios for notebook 16 (recommenders beyond accuracy), whose true answers are known.

Nothing here is a metric: these generators make the data that the metrics of
:mod:`mlmetrics_edu.ranking` are then run on -- a catalogue with a long tail and users with
tastes, two recommenders (one that pushes the best-sellers, one that follows the user),
users who click more at the top of a list, and logs of an epsilon-greedy policy from which
a new policy is evaluated while its true value is known by brute force.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_float_array, check_int, check_probability, rng_from_seed

__all__ = ["Catalog", "catalog", "position_clicks", "rankers", "Logs", "bandit_logs", "ope_repeats"]


# --------------------------------------------------------------------------- beyond accuracy


@dataclass(frozen=True)
class Catalog:
    """Users x items: past interactions, held-out interactions, item genres, two recommenders' scores."""

    train: np.ndarray            # (n_users, n_items) 0/1: what each user consumed before
    test: np.ndarray             # (n_users, n_items) 0/1: what each user consumed next (held out)
    genres: np.ndarray           # (n_items, n_genres) one-hot
    popular_scores: np.ndarray   # the same best-seller score for every user
    personal_scores: np.ndarray  # a taste model: the user's genre affinity times the item's appeal

    @property
    def item_counts(self):
        """How many users consumed each item in the past (its popularity)."""
        return self.train.sum(axis=0)


def catalog(rng, *, n_users=400, n_items=500, n_genres=8, taste=3.0):
    """A long-tailed catalogue: item appeal follows a power law, users like a few genres.

    A user consumes an item with probability proportional to appeal x exp(taste x affinity),
    so the head is consumed by everyone and the tail only by fans of its genre. Both
    recommenders hide what the user has already consumed.
    """
    rng, n_users = rng_from_seed(rng, "rng"), check_int(n_users, "n_users", 1)
    n_items, n_genres = check_int(n_items, "n_items", 1), check_int(n_genres, "n_genres", 1)
    appeal = 1 / np.arange(1, n_items + 1) ** 0.9
    genre = rng.integers(0, n_genres, n_items)
    genres = np.eye(n_genres)[genre]
    affinity = rng.dirichlet(np.full(n_genres, 0.3), n_users)      # each user loves a few genres
    rate = appeal[None, :] * np.exp(taste * affinity[:, genre])
    rate = rate / rate.sum(axis=1, keepdims=True)
    train = (rng.random((n_users, n_items)) < 25 * rate).astype(int)
    test = ((rng.random((n_users, n_items)) < 8 * rate) & (train == 0)).astype(int)
    counts = train.sum(axis=0).astype(float)
    popular = np.tile(counts + rng.random(n_items) * 0.1, (n_users, 1))
    user_genre = (train @ genres + 0.5) / (train.sum(axis=1, keepdims=True) + 0.5 * n_genres)
    personal = np.log(counts + 1)[None, :] * 0.5 + np.log(user_genre[:, genre]) * 2.0
    seen = train == 1
    return Catalog(train, test, genres, np.where(seen, -1e6, popular), np.where(seen, -1e6, personal))


# --------------------------------------------------------------------------- clicks and interleaving


def position_clicks(attractiveness, n_sessions, rng, *, examination=None):
    """Show the items in a fresh random order each session; return the click-through rate per rank.

    A user examines rank r with probability ``examination[r]`` (default 1/r) and clicks an
    examined item with its attractiveness: the position-based click model. Because the
    order is random, every rank holds the same items on average, so any slope in the
    click-through rates is position bias, not relevance.
    """
    attractiveness = as_float_array(attractiveness, "attractiveness")
    if (attractiveness < 0).any() or (attractiveness > 1).any():
        raise MetricInputError("attractiveness must hold click probabilities in [0, 1]")
    n_sessions, rng = check_int(n_sessions, "n_sessions", 1), rng_from_seed(rng, "rng")
    n = attractiveness.size
    examination = 1 / np.arange(1, n + 1) if examination is None else as_float_array(examination, "examination")
    if examination.size != n:
        raise MetricInputError(f"examination has {examination.size} ranks but there are {n} items")
    orders = np.argsort(rng.random((n_sessions, n)), axis=1)
    clicks = rng.random((n_sessions, n)) < examination[None, :] * attractiveness[orders]
    return clicks.mean(axis=0)


def rankers(rng, *, n_items=30, noise_a=0.5, noise_b=1.2):
    """Item attractiveness (the truth) and two rankers that sort it through different noise."""
    rng, n_items = rng_from_seed(rng, "rng"), check_int(n_items, "n_items", 1)
    attractiveness = rng.beta(1, 4, n_items)
    logit = np.log(attractiveness / (1 - attractiveness))
    ranking_a = np.argsort(-(logit + rng.normal(0, noise_a, n_items)))
    ranking_b = np.argsort(-(logit + rng.normal(0, noise_b, n_items)))
    return attractiveness, ranking_a, ranking_b


# --------------------------------------------------------------------------- counterfactual evaluation


@dataclass(frozen=True)
class Logs:
    """Logs of an old policy, what a new policy would do, and the new policy's true value."""

    rewards: np.ndarray              # observed reward of the logged action
    logging_propensity: np.ndarray   # old policy's probability of the logged action
    target_propensity: np.ndarray    # new policy's probability of the logged action (0 or 1)
    true_value: float                # the new policy's expected reward, computed exactly
    logged_value: float              # the old policy's expected reward, computed exactly


def _problem(n_contexts=20, n_actions=10, seed=12345):
    """A fixed world: click probability of each action in each context; the two policies."""
    world = np.random.default_rng(seed)
    p_click = world.beta(1, 12, (n_contexts, n_actions))
    old_guess = p_click + world.normal(0, 0.08, p_click.shape)    # the old model's noisy belief
    new_guess = p_click + world.normal(0, 0.02, p_click.shape)    # the new model's better belief
    return p_click, old_guess.argmax(axis=1), new_guess.argmax(axis=1)


def bandit_logs(n_logs, rng, *, epsilon=0.2):
    """An epsilon-greedy old policy logs ``n_logs`` impressions; a greedy new policy is to be evaluated.

    The old policy shows its favourite action with probability 1 - epsilon + epsilon/A
    and any other with epsilon/A, and logs that propensity. The new policy is deterministic.
    Both true values are exact sums over contexts and actions.
    """
    n_logs, rng = check_int(n_logs, "n_logs", 1), rng_from_seed(rng, "rng")
    epsilon = check_probability(epsilon, "epsilon", low_open=False, high_open=False)
    p_click, old_best, new_best = _problem()
    n_contexts, n_actions = p_click.shape
    context = rng.integers(0, n_contexts, n_logs)
    explore = rng.random(n_logs) < epsilon
    action = np.where(explore, rng.integers(0, n_actions, n_logs), old_best[context])
    propensity = np.where(action == old_best[context], 1 - epsilon + epsilon / n_actions, epsilon / n_actions)
    rewards = (rng.random(n_logs) < p_click[context, action]).astype(float)
    old_policy = np.full(p_click.shape, epsilon / n_actions)
    old_policy[np.arange(n_contexts), old_best] += 1 - epsilon
    true_value = float(p_click[np.arange(n_contexts), new_best].mean())     # contexts are uniform
    logged_value = float((old_policy * p_click).sum(axis=1).mean())
    return Logs(rewards, propensity, (action == new_best[context]).astype(float), true_value, logged_value)


def ope_repeats(n_repeats, n_logs, rng, *, clip=40.0, epsilon=0.2):
    """Draw ``n_repeats`` fresh logs; return the IPS, SNIPS and clipped-IPS estimate of each."""
    from ..ranking import ips_estimate, snips_estimate

    n_repeats, n_logs = check_int(n_repeats, "n_repeats", 1), check_int(n_logs, "n_logs", 1)
    rng = rng_from_seed(rng, "rng")
    out = {"ips": [], "snips": [], "ips_clipped": []}
    for _ in range(n_repeats):
        logs = bandit_logs(n_logs, rng, epsilon=epsilon)
        args = (logs.rewards, logs.logging_propensity, logs.target_propensity)
        out["ips"].append(ips_estimate(*args))
        out["snips"].append(snips_estimate(*args))
        out["ips_clipped"].append(ips_estimate(*args, clip=clip))
    return {name: np.array(values) for name, values in out.items()}
