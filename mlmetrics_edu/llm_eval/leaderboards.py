"""Leaderboards from pairwise preferences: win rate, Elo, Bradley-Terry and its bootstrap.

:func:`win_rate` (ties counted), :func:`elo_ratings` (online, so its result depends on the
order of the games), :func:`bradley_terry` (the maximum-likelihood strengths, equal to
``choix``) and :func:`bradley_terry_bootstrap` (intervals for strengths and ranks).
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from .._validation import (MetricInputError, as_1d, check_consistent_length, check_option, rng_from_seed,
                           warn_undefined, warn_user)
from ._common import as_array, check_int, check_real

__all__ = [
    "BradleyTerryIntervals",
    "bradley_terry",
    "bradley_terry_bootstrap",
    "elo_ratings",
    "win_rate",
]


def win_rate(outcomes, *, ties="half"):
    """Win rate of model A against B from pairwise outcomes, with a rule for ties.

    Parameters
    ----------
    outcomes : array-like of shape (n_games,)
        ``"win"``, ``"loss"`` or ``"tie"`` from A's side (or 1, 0, 0.5).
    ties : {"half", "exclude", "loss"}, default="half"
        A tie counts half a win (Chatbot Arena, AlpacaEval), is dropped, or counts as no win.

    Returns
    -------
    float
        The win rate in [0, 1].

    Notes
    -----
    **Formula**: half: ``(W + T/2) / (W + T + L)``; exclude: ``W / (W + L)``; loss:
    ``W / (W + T + L)``.

    **Intuition**: how often does A beat B when a user compares them?

    **Interview note**: the tie rule changes the number a lot when ties are common
    (30-40% in LLM arenas), so always state it; "exclude" inflates a small edge.

    **Edge cases**: with ``ties="exclude"`` and only ties it is 0/0: 0.5 with an
    ``UndefinedMetricWarning``.

    See Also
    --------
    bradley_terry : strengths from many pairs of models at once.

    Examples
    --------
    >>> games = ["win", "win", "tie", "loss", "win", "tie"]
    >>> win_rate(games), win_rate(games, ties="exclude")
    (0.6667, 0.75)
    """
    o = as_1d(outcomes, "outcomes")
    check_option(ties, "ties", ("half", "exclude", "loss"))
    win, tie, loss = (o == "win", o == "tie", o == "loss") if o.dtype.kind in "US" else \
        (o == 1, o == 0.5, o == 0)
    bad = ~(win | tie | loss)
    if bad.any():
        raise MetricInputError(f"outcomes must hold 'win', 'loss' or 'tie' (or 1, 0, 0.5), got {o[bad][0]!r}")
    wins, n_ties = np.count_nonzero(win), np.count_nonzero(tie)
    n = len(o)
    if ties == "half":
        return float((wins + 0.5 * n_ties) / n)
    if ties == "loss":
        return float(wins / n)
    if n == n_ties:
        warn_undefined("the win rate without ties is 0/0: every game is a tie; set to 0.5")
        return 0.5
    return float(wins / (n - n_ties))


def _check_comparisons(comparisons, n_items=None):
    c = as_array(comparisons, "comparisons")
    if c.ndim != 2 or c.shape[1] != 2 or c.shape[0] == 0:
        raise MetricInputError(f"comparisons must be a non-empty list of (winner, loser) pairs, got shape {c.shape}")
    if c.dtype.kind not in "iu" and not (c.dtype.kind == "f" and np.isfinite(c).all() and (c == np.round(c)).all()):
        raise MetricInputError("comparisons must hold integer item ids (winner, loser)")
    c = c.astype(np.int64)
    if c.min() < 0 or (n_items is not None and c.max() >= n_items):
        raise MetricInputError(f"comparisons hold item ids outside [0, {n_items if n_items is not None else 'n'}): "
                               f"min {c.min()}, max {c.max()}")
    self_play = np.flatnonzero(c[:, 0] == c[:, 1])
    if self_play.size:
        raise MetricInputError(f"comparisons pair an item with itself at row {int(self_play[0])}")
    return c


def elo_ratings(comparisons, *, k=32, initial=1000, n_items=None, ties=None, scale=400):
    """Elo ratings from games played in order: each game nudges the two ratings.

    Parameters
    ----------
    comparisons : array-like of shape (n_games, 2)
        ``(winner, loser)`` item ids (0 .. n_items - 1), in the order the games were played.
    k : float, default=32
        The step size (K-factor).
    initial : float, default=1000
        Every item's rating before its first game.
    n_items : int, optional
        Number of items; default ``max id + 1``.
    ties : array-like of bool, shape (n_games,), optional
        Games that were draws (each side scores 0.5).
    scale : float, default=400
        Rating difference at which the odds are 10 to 1.

    Returns
    -------
    ndarray of shape (n_items,)
        The ratings after the last game.

    Notes
    -----
    **Formula**: before each game, ``E_w = 1 / (1 + 10^((R_l - R_w) / scale))``; then
    ``R_w += k (S - E_w)``, ``R_l -= k (S - E_w)`` with ``S = 1`` (0.5 for a draw).

    **Intuition**: a win you were expected to get moves you little; an upset moves both
    ratings a lot. Ratings track players whose strength changes over time.

    **Interview note**: Elo is *online*, so the same games in another order give other
    ratings (the last games weigh most) -- a problem for a static leaderboard of frozen
    models. Chatbot Arena moved to the Bradley-Terry maximum-likelihood fit, which uses
    all games at once and does not depend on their order.

    **Edge cases**: an item that never played keeps ``initial``; the mean rating stays
    ``initial`` (every game moves points from one side to the other).

    See Also
    --------
    bradley_terry : the order-free fit of the same model.

    Examples
    --------
    >>> games = [(0, 1), (0, 1), (1, 2), (2, 0)]
    >>> elo_ratings(games).round(1), elo_ratings(games[::-1]).round(1)  # order matters
    (array([1012.3,  986.9, 1000.8]), array([1017.4,  983.3,  999.3]))
    """
    c = _check_comparisons(comparisons)
    n = int(c.max()) + 1 if n_items is None else check_int(n_items, "n_items", 1)
    if c.max() >= n:
        raise MetricInputError(f"comparisons hold item id {int(c.max())} but n_items={n}")
    k, initial, scale = check_real(k, "k", positive=True), check_real(initial, "initial"), \
        check_real(scale, "scale", positive=True)
    if ties is None:
        score = [1.0] * len(c)
    else:
        t = as_1d(ties, "ties")
        check_consistent_length(("comparisons", c), ("ties", t))
        if t.dtype.kind != "b" and not np.isin(t, (0, 1)).all():
            raise MetricInputError("ties must hold True/False per game")
        score = np.where(t.astype(bool), 0.5, 1.0).tolist()
    ratings = [initial] * n
    for w, l, s in zip(c[:, 0].tolist(), c[:, 1].tolist(), score):  # online: each game sees the last ratings
        delta = k * (s - 1.0 / (1.0 + 10.0 ** ((ratings[l] - ratings[w]) / scale)))  # k (S - E_winner)
        ratings[w] += delta
        ratings[l] -= delta
    return np.array(ratings)


def _win_matrix(c, n):
    return np.bincount(c[:, 0] * n + c[:, 1], minlength=n * n).reshape(n, n).astype(np.float64)


def _mle_problem(wins):
    """Why the Bradley-Terry MLE does not exist (a sentence), or None when it does.

    It exists iff the 'beat' graph is strongly connected (Zermelo 1929; Ford 1957): for
    every split of the items into two groups, each group beat the other at least once.
    """
    n = len(wins)
    beat = wins > 0
    for name, graph in (("lost", beat), ("won", beat.T)):
        reached = np.zeros(n, dtype=bool)
        reached[0], frontier = True, np.array([0])
        while frontier.size:
            nxt = graph[frontier].any(axis=0) & ~reached
            reached |= nxt
            frontier = np.flatnonzero(nxt)
        if not reached.all():
            played = wins.sum(axis=0) + wins.sum(axis=1)
            if (played == 0).any():
                return f"item {int(np.flatnonzero(played == 0)[0])} appears in no comparison"
            never_lost, never_won = np.flatnonzero(wins.sum(axis=0) == 0), np.flatnonzero(wins.sum(axis=1) == 0)
            if never_lost.size:
                return f"item {int(never_lost[0])} never lost, so its maximum-likelihood strength is infinite"
            if never_won.size:
                return f"item {int(never_won[0])} never won, so its maximum-likelihood strength is -infinite"
            return ("the items split into two groups where one group won every game against the other, "
                    "so their strength gap is infinite")
    return None


def _bt_fit(wins, alpha, start=None, max_iter=200):
    """Newton's method with step halving on the (penalised) log-likelihood; log-strengths."""
    n = len(wins)
    games = wins + wins.T
    theta = np.zeros(n) if start is None else start.copy()

    def loglik(t):
        diff = t[:, None] - t[None, :]
        return -float(np.sum(wins * np.logaddexp(0.0, -diff))) - alpha * float(np.dot(t, t))

    current = loglik(theta)
    for _ in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-(theta[:, None] - theta[None, :])))  # P(i beats j)
        grad = wins.sum(axis=1) - np.sum(games * p, axis=1) - 2 * alpha * theta
        info = games * p * p.T  # Fisher information of each pair: n_ij p_ij (1 - p_ij)
        hess = np.diag(info.sum(axis=1)) - info + 2 * alpha * np.eye(n)
        if alpha == 0:
            hess += 1.0 / n  # fixes the free shift: steps keep the mean of theta at zero
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        while True:
            trial = theta + scale * step
            value = loglik(trial)
            if value >= current - 1e-12 * abs(current) or scale < 1e-10:
                break
            scale /= 2
        theta, current = trial, value
        if np.max(np.abs(scale * step)) < 1e-11:
            break
    return theta - theta.mean() if alpha == 0 else theta


def bradley_terry(n_items, comparisons, *, alpha=0.0):
    """Bradley-Terry strengths by maximum likelihood: P(i beats j) = σ(θ_i - θ_j).

    Parameters
    ----------
    n_items : int
        Number of items (models), ids ``0 .. n_items - 1``.
    comparisons : array-like of shape (n_games, 2)
        ``(winner, loser)`` pairs, in any order.
    alpha : float, default=0.0
        L2 penalty ``alpha Σ θ²`` on the log-likelihood (a Gaussian prior); 0 is the plain
        maximum likelihood. ``alpha > 0`` equals ``choix.opt_pairwise(n_items, comparisons,
        alpha=alpha)`` and exists for any data.

    Returns
    -------
    ndarray of shape (n_items,)
        Log-strengths ``θ`` with mean zero; with ``alpha = 0`` equal to
        ``choix.ilsr_pairwise(n_items, comparisons)`` (to 1e-6 and better).

    Notes
    -----
    **Formula**: maximise ``ℓ(θ) = Σ_games log σ(θ_winner - θ_loser) - alpha ||θ||²`` by
    Newton's method (gradient ``w_i - Σ_j n_ij σ(θ_i - θ_j)``: wins minus expected wins),
    with step halving. ``θ`` is defined up to a shift; the mean is set to 0.

    **Intuition**: one number per model such that the odds of i beating j are
    ``exp(θ_i - θ_j)``; fitted to every game at once, so the order of the games is
    irrelevant (unlike :func:`elo_ratings`). Arena scores are ``1000 + 400 θ / ln 10``.

    **Interview note**: the MLE exists only if every group of models lost at least once to
    the rest (Zermelo): an undefeated model has an infinite strength. Either collect more
    games or regularise (``alpha``), and say which. Strengths from different
    opponents are comparable only through the chain of games that connects them.

    **Edge cases**: with ``alpha = 0`` and no finite MLE (an item that never lost, never
    won, never played, or a group that beat the rest every time) a ``MetricInputError``
    names the item and suggests ``alpha``.

    See Also
    --------
    bradley_terry_bootstrap : intervals for the strengths and the ranks.
    elo_ratings : the online approximation.

    Examples
    --------
    >>> games = [(0, 1), (0, 1), (1, 0), (1, 2), (1, 2), (2, 1), (2, 0), (0, 2)]
    >>> bradley_terry(3, games).round(4) + 0.0   # + 0.0 turns -0.0 into 0.0
    array([ 0.2911,  0.    , -0.2911])
    """
    n = check_int(n_items, "n_items", 2)
    c = _check_comparisons(comparisons, n)
    alpha = check_real(alpha, "alpha")
    if alpha < 0:
        raise MetricInputError(f"alpha must be >= 0, got {alpha!r}")
    wins = _win_matrix(c, n)
    if alpha == 0:
        problem = _mle_problem(wins)
        if problem:
            raise MetricInputError(f"the Bradley-Terry maximum-likelihood estimate does not exist: {problem}; "
                                   "pass alpha > 0 (e.g. alpha=0.01) for a regularised fit")
    return _bt_fit(wins, alpha)


class BradleyTerryIntervals(NamedTuple):
    """Bootstrap intervals of Bradley-Terry log-strengths and of the ranks they imply."""

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    rank: np.ndarray
    rank_low: np.ndarray
    rank_high: np.ndarray


def _ranks(theta):
    """Rank 1 = strongest; ties share the best rank."""
    return 1 + np.sum(theta[..., None, :] > theta[..., :, None], axis=-1)


def bradley_terry_bootstrap(n_items, comparisons, *, n_resamples=1000, confidence=0.95, alpha=0.0,
                            seed=None):
    """Bootstrap intervals for Bradley-Terry strengths and ranks (games resampled with replacement).

    Parameters
    ----------
    n_items : int
    comparisons : array-like of shape (n_games, 2)
        ``(winner, loser)`` pairs.
    n_resamples : int, default=1000
    confidence : float in (0, 1), default=0.95
    alpha : float, default=0.0
        Penalty of each fit, as in :func:`bradley_terry`.
    seed : int or numpy.random.Generator, optional
        Resample ``b`` uses the games ``rng.integers(0, n_games, (n_resamples, n_games))[b]``.

    Returns
    -------
    BradleyTerryIntervals
        ``estimate`` (the fit on all games), percentile intervals ``low`` and ``high`` of each
        log-strength, the point ``rank`` (1 = best) and the percentile interval of each
        item's rank over the resamples, ``rank_low`` .. ``rank_high``.

    Notes
    -----
    **Formula**: refit :func:`bradley_terry` on ``B`` resamples of the games; interval =
    the ``(1 ± confidence)/2`` quantiles (linear interpolation for strengths, the
    lower/higher order statistic for ranks).

    **Intuition**: if the arena had collected another set of games like these, how much
    would the strengths move, and could the order of the top models flip?

    **Interview note**: report ranks with intervals: two models whose rank intervals
    overlap are not reliably ordered. Chatbot Arena shows a model's rank as 1 + the number
    of models whose interval lies entirely above its own.

    **Edge cases**: with ``alpha = 0`` a resample whose MLE does not exist (an item unbeaten
    in it) is dropped, with one warning counting them -- many dropped resamples mean the
    intervals are too optimistic; use ``alpha > 0``.

    See Also
    --------
    bradley_terry : the point estimate.
    mlmetrics_edu.significance.bootstrap_ci : the same idea for one metric.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> strength = np.array([1.0, 0.8, 0.0, -1.5])
    >>> pairs = rng.integers(0, 4, (300, 2)); pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    >>> a_wins = rng.random(len(pairs)) < 1 / (1 + np.exp(strength[pairs[:, 1]] - strength[pairs[:, 0]]))
    >>> games = np.where(a_wins[:, None], pairs, pairs[:, ::-1])
    >>> r = bradley_terry_bootstrap(4, games, n_resamples=200, seed=1)
    >>> r.rank.tolist(), r.rank_low.tolist(), r.rank_high.tolist()   # the top two may swap
    ([1, 2, 3, 4], [1, 1, 3, 4], [2, 2, 3, 4])
    """
    estimate = bradley_terry(n_items, comparisons, alpha=alpha)
    c = _check_comparisons(comparisons, n_items)
    n_resamples = check_int(n_resamples, "n_resamples", 1)
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise MetricInputError(f"confidence must be a number strictly between 0 and 1, got {confidence!r}")
    rng = rng_from_seed(seed)
    idx = rng.integers(0, len(c), (n_resamples, len(c)))
    fits = []
    for rows in idx:
        wins = _win_matrix(c[rows], n_items)
        if alpha == 0 and _mle_problem(wins):
            continue
        fits.append(_bt_fit(wins, alpha, start=estimate))  # warm start: a few Newton steps
    if not fits:
        raise MetricInputError("the maximum-likelihood estimate does not exist on any resample; pass alpha > 0")
    if len(fits) < n_resamples:
        warn_user(f"{n_resamples - len(fits)} of {n_resamples} resamples had no maximum-likelihood estimate "
                  "(an item unbeaten or never winning in the resample) and were dropped; pass alpha > 0 to keep them")
    theta = np.array(fits)
    tail = (1 - confidence) / 2
    low, high = np.quantile(theta, [tail, 1 - tail], axis=0)
    ranks = _ranks(theta)
    return BradleyTerryIntervals(estimate, low, high, _ranks(estimate),
                                 np.quantile(ranks, tail, axis=0, method="lower").astype(np.int64),
                                 np.quantile(ranks, 1 - tail, axis=0, method="higher").astype(np.int64))
