"""Seeded scenarios for notebook 08 (evaluation rigor): small, NumPy-only simulations.

Each function returns plain arrays (or a small dict of them) so the notebook only calls,
prints and asserts. Models are deliberately simple: 1-nearest-neighbour, polynomial least
squares, thresholds on a score. Nothing here is a metric; the metrics come from the package.
"""

from __future__ import annotations

import numpy as np

from .._validation import MetricInputError, as_float_array, check_int, check_probability, rng_from_seed
from .scenario import check_fit_inputs

__all__ = [
    "ab_test",
    "goodhart_sweep",
    "grouped_users",
    "learning_curve",
    "nearest_neighbor_predict",
    "noise_configurations",
    "paired_models",
    "random_walk",
]


def paired_models(n=5000, accuracy_a=0.921, accuracy_b=0.923, shared=0.85, seed=0):
    """Two classifiers scored on the same ``n`` samples, their mistakes mostly shared.

    A fraction ``shared`` of each model's errors falls on "hard" samples both get wrong;
    the rest are the model's own. Returns ``y_true, pred_a, pred_b`` (0/1 labels).
    """
    n = check_int(n, "n", 2)
    accuracy_a, accuracy_b = check_probability(accuracy_a, "accuracy_a", low_open=False, high_open=False), check_probability(accuracy_b, "accuracy_b", low_open=False, high_open=False)
    shared = check_probability(shared, "shared", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    y = rng.integers(0, 2, n)
    err_a, err_b = round(n * (1 - accuracy_a)), round(n * (1 - accuracy_b))
    n_shared = round(shared * min(err_a, err_b))
    order = rng.permutation(n)
    both = order[:n_shared]
    only_a = order[n_shared:err_a]
    only_b = order[err_a:err_a + err_b - n_shared]
    pred_a, pred_b = y.copy(), y.copy()
    pred_a[np.r_[both, only_a]] ^= 1
    pred_b[np.r_[both, only_b]] ^= 1
    return y, pred_a, pred_b


def grouped_users(n_users=60, rows_per_user=10, seed=0):
    """Rows from users: features carry a user fingerprint; the label is mostly the user's habit.

    Returns ``X`` (n, 5), ``y`` (0/1) and ``groups`` (user id). Features = the user's own
    centre plus small noise, and one weak feature that truly predicts the label for
    *new* users. A memorizing model (1-NN) recognises the user and copies their habit.
    """
    n_users, rows_per_user = check_int(n_users, "n_users", 1), check_int(rows_per_user, "rows_per_user", 1)
    rng = rng_from_seed(seed)
    centres = rng.normal(size=(n_users, 4)) * 3.0
    habit = rng.random(n_users)  # each user's own rate of label 1
    groups = np.repeat(np.arange(n_users), rows_per_user)
    signal = rng.normal(size=groups.size)
    y = (rng.random(groups.size) < 0.8 * habit[groups] + 0.2 * (signal > 0)).astype(np.int64)
    X = np.column_stack([centres[groups] + rng.normal(scale=0.3, size=(groups.size, 4)), signal])
    return X, y, groups


def nearest_neighbor_predict(X_train, y_train, X_test):
    """1-nearest-neighbour prediction (Euclidean): the label of the closest training row."""
    X_train, y_train, X_test = check_fit_inputs(X_train, y_train, X_test)
    X_test = X_test.reshape(len(X_test), -1)
    d2 = (X_test**2).sum(1)[:, None] - 2 * X_test @ X_train.T + (X_train**2).sum(1)[None, :]
    return np.asarray(y_train)[np.argmin(d2, axis=1)]


def random_walk(n=600, seed=0):
    """A time series (a random walk with drift): value at time t, t = 0..n-1."""
    n = check_int(n, "n", 1)
    rng = rng_from_seed(seed)
    return np.cumsum(rng.normal(0.05, 1.0, n))


def _design(x, degree):
    return np.vander(x, degree + 1, increasing=True)


def learning_curve(degree, train_sizes, *, n_valid=500, noise=0.3, seed=0):
    """Train and validation RMSE of a degree-``degree`` polynomial fit by least squares.

    Data: ``y = sin(2πx) + noise`` on ``x ~ U(0, 1)``. Returns ``(train_rmse, valid_rmse)``,
    one value per training size (the first ``m`` of one fixed training pool).
    """
    rng = rng_from_seed(seed)
    degree = check_int(degree, "degree", 0)
    n_valid = check_int(n_valid, "n_valid", 1)
    if isinstance(train_sizes, (str, bytes)) or not hasattr(train_sizes, "__iter__"):
        raise MetricInputError(f"train_sizes must be a list of integers >= 1, got {train_sizes!r:.60}")
    sizes = [check_int(m, "train_sizes[i]", 1) for m in train_sizes]
    if not sizes:
        raise MetricInputError("train_sizes is empty; give at least one training size")
    x_pool, x_valid = rng.random(max(sizes)), rng.random(n_valid)
    y_pool = np.sin(2 * np.pi * x_pool) + rng.normal(scale=noise, size=x_pool.size)
    y_valid = np.sin(2 * np.pi * x_valid) + rng.normal(scale=noise, size=n_valid)
    train_rmse, valid_rmse = [], []
    for m in sizes:
        A = _design(x_pool[:m], degree)
        coef, *_ = np.linalg.lstsq(A, y_pool[:m], rcond=None)  # minimum-norm if m <= degree
        train_rmse.append(float(np.sqrt(np.mean((A @ coef - y_pool[:m]) ** 2))))
        valid_rmse.append(float(np.sqrt(np.mean((_design(x_valid, degree) @ coef - y_valid) ** 2))))
    return np.array(train_rmse), np.array(valid_rmse)


def noise_configurations(n_configs=100, n_valid=300, n_test=300, seed=0):
    """``n_configs`` "models" that are pure coin flips, a baseline, validation and test labels.

    Returns a dict with ``y_valid``, ``y_test`` (0/1), ``pred_valid`` and ``pred_test`` of
    shape (n_configs, n) -- every configuration guesses at random -- and ``baseline_valid``
    (a constant majority-class guess on validation).
    """
    n_configs = check_int(n_configs, "n_configs", 1)
    n_valid, n_test = check_int(n_valid, "n_valid", 1), check_int(n_test, "n_test", 1)
    rng = rng_from_seed(seed)
    y_valid, y_test = rng.integers(0, 2, n_valid), rng.integers(0, 2, n_test)
    return {
        "y_valid": y_valid,
        "y_test": y_test,
        "pred_valid": rng.integers(0, 2, (n_configs, n_valid)),
        "pred_test": rng.integers(0, 2, (n_configs, n_test)),
        "baseline_valid": np.full(n_valid, np.bincount(y_valid).argmax()),
    }


def ab_test(n_per_arm=10000, rate_a=0.100, rate_b=0.115, spend_mean=40.0, seed=0):
    """An A/B test: per-user conversion (0/1) and revenue (0 unless converted; skewed).

    Returns a dict with ``converted_a``, ``converted_b``, ``revenue_a``, ``revenue_b``.
    Spend per converting user is lognormal with mean ``spend_mean`` in both arms.
    """
    n_per_arm = check_int(n_per_arm, "n_per_arm", 1)
    rate_a, rate_b = check_probability(rate_a, "rate_a", low_open=False, high_open=False), check_probability(rate_b, "rate_b", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    sigma = 1.0
    mu = np.log(spend_mean) - sigma**2 / 2
    out = {}
    for arm, rate in (("a", rate_a), ("b", rate_b)):
        converted = (rng.random(n_per_arm) < rate).astype(np.int64)
        out[f"converted_{arm}"] = converted
        out[f"revenue_{arm}"] = converted * rng.lognormal(mu, sigma, n_per_arm)
    return out


def goodhart_sweep(clickbait_weights, n_items=4000, shown=100, seed=0):
    """A feed ranks items by ``quality + w * sensationalism``; what happens as ``w`` grows?

    Clicks (the proxy) respond to both quality and sensationalism; satisfaction (the goal)
    rises with quality and falls with sensationalism (the reader feels baited). Returns
    ``(click_through, satisfaction)``: the means over the ``shown`` top-ranked items, one
    per weight.
    """
    n_items = check_int(n_items, "n_items", 1)
    shown = check_int(shown, "shown", 1, n_items)
    rng = rng_from_seed(seed)
    weights = as_float_array(clickbait_weights, "clickbait_weights")
    quality, sensational = rng.normal(size=n_items), rng.normal(size=n_items)
    click_prob = 1 / (1 + np.exp(-(-2.0 + 0.5 * quality + 1.0 * sensational)))
    satisfaction = quality - 0.6 * np.maximum(sensational, 0)
    ctr, happy = [], []
    for w in weights:
        top = np.argsort(-(quality + w * sensational))[:shown]
        ctr.append(float(click_prob[top].mean()))
        happy.append(float(satisfaction[top].mean()))
    return np.array(ctr), np.array(happy)
