"""Seeded scenarios for notebooks 10 (clustering) and 11 (regression deep dive): NumPy only.

Each function returns plain arrays so the notebooks only call, print and assert. Nothing
here is a metric (the metrics come from the package); the one model is a small k-means,
and the one business rule is the revenue of a stocking decision.
"""

from __future__ import annotations

import numpy as np

from ._validation import MetricInputError

__all__ = [
    "anisotropic_blobs",
    "blobs",
    "heteroscedastic_demand",
    "intermittent_demand",
    "kmeans",
    "price_series",
    "revenue",
    "revenue_scenario",
    "skewed_demand",
    "tail_models",
    "two_moons",
    "useless_features",
    "weekly_sales",
]


# --------------------------------------------------------------------------- clustering (notebook 10)


def blobs(n=600, k=4, spread=1.0, seed=0):
    """``k`` round Gaussian clusters of equal size on a circle of radius 6.

    Returns ``X`` of shape (n, 2) and the true cluster of each point (0..k-1).
    """
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(k) / k
    centres = 6.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.arange(n) % k
    return centres[labels] + rng.normal(scale=spread, size=(n, 2)), labels


def two_moons(n=400, noise=0.08, seed=0):
    """Two interleaved half circles (the classic non-convex clusters).

    Returns ``X`` of shape (n, 2) and the moon of each point (0 = upper, 1 = lower).
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(labels[:, None] == 0, upper, lower)
    return X + rng.normal(scale=noise, size=(n, 2)), labels


def anisotropic_blobs(n=600, seed=0):
    """Three long, thin, parallel clusters: Gaussian blobs sheared by one linear map.

    Returns ``X`` of shape (n, 2) and the true cluster of each point (0..2).
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.array([[0.0, 0.0], [0.0, 2.2], [0.0, 4.4]])
    round_ = centres[labels] + rng.normal(scale=[2.5, 0.35], size=(n, 2))
    shear = np.array([[1.0, 0.0], [0.6, 1.0]])  # stretch along a slanted direction
    return round_ @ shear.T, labels


def kmeans(X, k, *, n_init=5, max_iter=100, seed=0):
    """Lloyd's k-means with k-means++ starts; the best of ``n_init`` runs by inertia.

    Returns the cluster of each point (0..k-1). Small and plain: for the notebooks only.
    """
    X = np.asarray(X, dtype=float)
    if not 1 <= k <= len(X):
        raise MetricInputError(f"k must be in [1, n_samples={len(X)}], got {k}")
    rng = np.random.default_rng(seed)
    best, best_inertia = None, np.inf
    for _ in range(n_init):
        centres = _kmeans_plus_plus(X, k, rng)
        for _ in range(max_iter):
            d2 = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
            labels = d2.argmin(1)
            new = np.array([X[labels == j].mean(0) if np.any(labels == j) else centres[j] for j in range(k)])
            if np.allclose(new, centres):
                break
            centres = new
        inertia = d2[np.arange(len(X)), labels].sum()
        if inertia < best_inertia:
            best, best_inertia = labels, inertia
    return best


def _kmeans_plus_plus(X, k, rng):
    """Each next centre drawn with probability proportional to its squared distance to the chosen ones."""
    centres = [X[rng.integers(len(X))]]
    for _ in range(k - 1):
        d2 = ((X[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(-1).min(1)
        centres.append(X[rng.choice(len(X), p=d2 / d2.sum())])
    return np.array(centres)


# --------------------------------------------------------------------------- forecasting (notebook 11)


def skewed_demand(n=2000, seed=0):
    """Daily demand of a product: positive and right-skewed (log-normal, median 20)."""
    rng = np.random.default_rng(seed)
    return 20.0 * np.exp(rng.normal(0.0, 0.6, n))


def intermittent_demand(n_days=364, p_sale=0.3, seed=0):
    """A slow mover: most days sell nothing; a sale day sells 1 + Poisson(2) units.

    Returns the daily sales (floats), about ``1 - p_sale`` of them zero.
    """
    rng = np.random.default_rng(seed)
    sale = rng.random(n_days) < p_sale
    return np.where(sale, 1.0 + rng.poisson(2.0, n_days), 0.0)


def weekly_sales(n_weeks=30, seed=0):
    """Daily sales with a weekly pattern (busy weekends), a slow trend and noise.

    Returns ``y`` (7 * n_weeks days) and ``model``: a one-day-ahead forecast that knows the
    weekly pattern and the trend but not the noise.
    """
    rng = np.random.default_rng(seed)
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
    rng = np.random.default_rng(seed)
    mu = np.exp(rng.uniform(np.log(5), np.log(200), n))
    return mu, mu * np.exp(rng.normal(0, 0.4, n))


def tail_models(n=5000, seed=0):
    """Delivery times (minutes) and two models with about the same MAE.

    Model A misses by a few minutes every time; model B is usually closer but 2% of its
    predictions are 30-60 minutes off. Returns ``y, pred_a, pred_b``.
    """
    rng = np.random.default_rng(seed)
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
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2 * n, 2 + n_noise))
    y = 3.0 * X[:, 0] - 2.0 * X[:, 1] + rng.normal(0, 2.0, 2 * n)
    return X[:n], y[:n], X[n:], y[n:]


def price_series(n=500, seed=0):
    """A price series and two one-step-ahead forecasts.

    ``smooth`` stays close to the last price (small errors, direction a coin flip);
    ``signal`` knows the direction 65% of the time but overshoots the size of the move.
    Returns ``y, smooth, signal``.
    """
    rng = np.random.default_rng(seed)
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
    rng = np.random.default_rng(seed)
    demand = np.round(np.exp(rng.normal(3.5, 1.0, n_items))) + 1
    price = np.round(rng.uniform(2, 50, n_items), 2)
    forecast_a = demand * np.exp(rng.normal(0, 0.5, n_items))
    return demand, price, forecast_a, 0.75 * forecast_a


def revenue(stock, demand, price, *, unit_cost_share=0.5, holding_share=0.2):
    """Profit of stocking ``stock`` units: margin on what sells minus the cost of unsold units.

    Each unit costs ``unit_cost_share * price``; what sells earns ``price - cost``, each
    unsold unit loses its cost times ``holding_share`` (disposal, storage, markdown).
    """
    stock, demand, price = (np.asarray(a, dtype=float) for a in (stock, demand, price))
    sold = np.minimum(stock, demand)
    cost = unit_cost_share * price
    return float(np.sum(sold * (price - cost) - holding_share * cost * (stock - sold)))
