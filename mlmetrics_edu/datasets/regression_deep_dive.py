"""Seeded scenarios for notebook 11 (regression deep dive): NumPy only.

Each function returns plain arrays so the notebook only calls and prints. Nothing here is a
metric (the metrics come from :mod:`mlmetrics_edu.regression`); the one business rule is the
revenue of a stocking decision.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_consistent_length, check_int, check_probability, rng_from_seed

__all__ = [
    "heteroscedastic_demand",
    "intermittent_demand",
    "price_series",
    "revenue",
    "revenue_scenario",
    "skewed_demand",
    "tail_models",
    "useless_features",
    "weekly_sales",
]


def skewed_demand(n=2000, seed=0):
    """Daily demand of a product: positive and right-skewed (log-normal, median 20)."""
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    return 20.0 * np.exp(rng.normal(0.0, 0.6, n))


def intermittent_demand(n_days=364, p_sale=0.3, seed=0):
    """A slow mover: most days sell nothing; a sale day sells 1 + Poisson(2) units.

    Returns the daily sales (floats), about ``1 - p_sale`` of them zero.
    """
    n_days = check_int(n_days, "n_days", 1)
    p_sale = check_probability(p_sale, "p_sale", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    sale = rng.random(n_days) < p_sale
    return np.where(sale, 1.0 + rng.poisson(2.0, n_days), 0.0)


def weekly_sales(n_weeks=30, seed=0):
    """Daily sales with a weekly pattern (busy weekends), a slow trend and noise.

    Returns ``y`` (7 * n_weeks days) and ``model``: a one-day-ahead forecast that knows the
    weekly pattern and the trend but not the noise.
    """
    n_weeks = check_int(n_weeks, "n_weeks", 1)
    rng = rng_from_seed(seed)
    t = np.arange(7 * n_weeks)
    pattern = np.array([80, 75, 78, 85, 110, 150, 140], dtype=float)
    level = pattern[t % 7] * (1 + 0.004 * t)
    y = np.round(level + rng.normal(0, 8, t.size))
    return y, level


def heteroscedastic_demand(n=4000, seed=0):
    """Demand whose noise grows with its size: ``y = mu * exp(N(0, 0.4))``, mu from 5 to 200.

    Returns ``mu`` (the forecast of the typical demand, i.e. the median) and ``y``. The true
    alpha-quantile of ``y`` given ``mu`` is ``mu * exp(0.4 * z_alpha)``.
    """
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    mu = np.exp(rng.uniform(np.log(5), np.log(200), n))
    return mu, mu * np.exp(rng.normal(0, 0.4, n))


def tail_models(n=5000, seed=0):
    """Delivery times (minutes) and two models with about the same MAE.

    Model A misses by a few minutes every time; model B is usually closer but 2% of its
    predictions are 30-60 minutes off. Returns ``y, pred_a, pred_b``.
    """
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    y = rng.uniform(15, 60, n)
    pred_a = y + rng.normal(0, 4.4, n)
    wild = rng.random(n) < 0.02
    pred_b = y + np.where(wild, rng.choice([-1, 1], n) * rng.uniform(30, 60, n), rng.normal(0, 2.6, n))
    return y, pred_a, pred_b


def useless_features(n=80, n_noise=40, seed=0):
    """A target driven by two features, plus ``n_noise`` features of pure noise.

    Returns ``X_train, y_train, X_test, y_test`` (``n`` rows each, drawn alike); the
    columns of ``X`` are the two real features first, then the noise.
    """
    n, n_noise = check_int(n, "n", 1), check_int(n_noise, "n_noise", 0)
    rng = rng_from_seed(seed)
    X = rng.normal(size=(2 * n, 2 + n_noise))
    y = 3.0 * X[:, 0] - 2.0 * X[:, 1] + rng.normal(0, 2.0, 2 * n)
    return X[:n], y[:n], X[n:], y[n:]


def price_series(n=500, seed=0):
    """A price series and two one-step-ahead forecasts.

    ``smooth`` stays close to the last price (small errors, direction a coin flip);
    ``signal`` knows the direction 65% of the time but overshoots the size of the move.
    Returns ``y, smooth, signal``.
    """
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    moves = rng.normal(0, 1, n)
    y = 100 + np.cumsum(moves)
    last = np.r_[y[0], y[:-1]]
    smooth = last + rng.normal(0, 0.3, n)
    right = rng.random(n) < 0.65
    direction = np.where(right, np.sign(moves), -np.sign(moves))
    signal = last + direction * rng.uniform(1.0, 2.5, n)
    return y, smooth, signal


def revenue_scenario(n_items=500, seed=0):
    """Items with a price, a demand, and two demand forecasts used to decide the stock.

    ``forecast_a`` is unbiased in log terms; ``forecast_b`` is the same forecast shrunk by
    25%, the kind of change MAPE rewards. Returns ``demand, price, forecast_a, forecast_b``.
    """
    n_items = check_int(n_items, "n_items", 1)
    rng = rng_from_seed(seed)
    demand = np.round(np.exp(rng.normal(3.5, 1.0, n_items))) + 1
    price = np.round(rng.uniform(2, 50, n_items), 2)
    forecast_a = demand * np.exp(rng.normal(0, 0.5, n_items))
    return demand, price, forecast_a, 0.75 * forecast_a


def revenue(stock, demand, price, *, unit_cost_share=0.5, holding_share=0.2):
    """Profit of stocking ``stock`` units: margin on what sells minus the cost of unsold units.

    Each unit costs ``unit_cost_share * price``; what sells earns ``price - cost``, each
    unsold unit loses its cost times ``holding_share`` (disposal, storage, markdown).
    """
    stock, demand, price = (as_float_array(a, name) for a, name in ((stock, "stock"), (demand, "demand"), (price, "price")))
    check_consistent_length(("stock", stock), ("demand", demand), ("price", price))
    sold = np.minimum(stock, demand)
    cost = unit_cost_share * price
    return float(np.sum(sold * (price - cost) - holding_share * cost * (stock - sold)))
