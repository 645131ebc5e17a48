"""Generators for regression questions: errors, R², percentage errors, quantiles, trajectories.

Every answer is computed with :mod:`mlmetrics_edu.regression`; the *trap* values next to it
(RMSE where MAE was asked, the arguments of R² swapped, MAPE divided by the forecast, ADE
computed as an RMSE, ...) are the classic wrong answers, computed on purpose so that the
grader can name the misconception a learner's number reveals.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ... import regression as reg
from . import Redraw, fmt_list, generator


def _ints(values):
    return [int(v) for v in values]


@generator("house_errors")
def house_errors(rng):
    """Six house prices (in $k) and a model's predictions; one prediction may miss badly."""
    y_true = rng.integers(30, 121, size=6) * 5                 # $150k .. $600k
    errors = rng.integers(-30, 31, size=6)
    while len(set(np.abs(errors))) < 3:                          # MAE and RMSE must differ
        errors = rng.integers(-30, 31, size=6)
    if rng.random() < 0.5:                                       # one outlier miss
        errors[rng.integers(6)] = int(rng.choice([-1, 1]) * rng.integers(80, 161))
    y_pred = y_true + errors
    return {
        "y_true": fmt_list(_ints(y_true)), "y_pred": fmt_list(_ints(y_pred)),
        "errors": fmt_list(_ints(errors)), "n": 6,
        "mae": reg.mean_absolute_error(y_true, y_pred),
        "mse": reg.mean_squared_error(y_true, y_pred),
        "rmse": reg.root_mean_squared_error(y_true, y_pred),
        "bias": reg.mean_error(y_true, y_pred),
        "medae": reg.median_absolute_error(y_true, y_pred),
        "max_error": reg.max_error(y_true, y_pred),
    }


@generator("r2_small")
def r2_small(rng):
    """Five targets and predictions that are *not* a least-squares fit (so R² != corr²)."""
    while True:
        y_true = rng.integers(1, 11, size=5)
        y_pred = y_true + rng.integers(-3, 4, size=5)
        if rng.random() < 0.3:
            y_pred = y_pred + 3                                  # a biased model
        if np.ptp(y_true) > 0 and np.ptp(y_pred) > 0:
            break
    r2 = reg.r2_score(y_true, y_pred)
    corr = float(np.corrcoef(y_true, y_pred)[0, 1])
    mean = float(np.mean(y_true))
    return {
        "y_true": fmt_list(_ints(y_true)), "y_pred": fmt_list(_ints(y_pred)),
        "mean_true": mean,
        "ss_res": float(np.sum((y_true - y_pred) ** 2)),
        "ss_tot": float(np.sum((y_true - mean) ** 2)),
        "r2": r2,
        "r2_swapped": reg.r2_score(y_pred, y_true),              # trap: arguments swapped
        "corr2": corr ** 2,                                      # trap: R² read as corr²
    }


def _predictions_with_r2(rng, n, r2):
    """Targets and predictions whose R² is exactly ``r2`` (residuals scaled to fit)."""
    y_true = rng.normal(50, 10, size=n)
    noise = rng.normal(size=n)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    noise *= np.sqrt((1 - r2) * ss_tot / np.sum(noise**2))
    return y_true, y_true + noise


@generator("adjusted_r2")
def adjusted_r2(rng):
    """A model with p features on n rows, then the same model with 20 random features added."""
    n = int(rng.integers(4, 13)) * 5                             # 20 .. 60 rows
    p = int(rng.integers(2, 8))
    r2 = round(float(rng.uniform(0.55, 0.9)), 3)
    bump = round(float(rng.uniform(0.01, 0.04)), 3)              # what 20 noise features add in-sample
    extra = 20
    if n - p - extra - 1 < 3:
        n = p + extra + 10
    y_true, y_pred = _predictions_with_r2(rng, n, r2)
    y_true2, y_pred2 = _predictions_with_r2(rng, n, r2 + bump)
    adj = reg.adjusted_r2_score(y_true, y_pred, n_features=p)
    adj_after = reg.adjusted_r2_score(y_true2, y_pred2, n_features=p + extra)
    if round(adj_after, 4) < round(adj, 4):
        verdict = "R² went up, adjusted R² went down: the noise features fit noise."
    else:
        verdict = ("R² went up and so did adjusted R²: on this draw the noise features fit more noise "
                   "than the penalty charges for, which is why held-out data is the real test.")
    return {
        "adj_verdict": verdict,
        "n": n, "p": p, "extra": extra, "p_after": p + extra,
        "r2": reg.r2_score(y_true, y_pred), "r2_after": reg.r2_score(y_true2, y_pred2),
        "adj_r2": adj, "adj_r2_after": adj_after,
        "adj_r2_wrong_dof": 1 - (1 - r2) * (n - 1) / (n - p),                  # trap: n - p
        "adj_r2_after_wrong_dof": 1 - (1 - r2 - bump) * (n - 1) / (n - p - extra),
    }


@generator("demand_mape")
def demand_mape(rng):
    """Five days of positive sales and a forecast; one slow day makes MAPE jump."""
    y_true = rng.integers(20, 81, size=5)
    y_true[rng.integers(5)] = int(rng.integers(1, 5))            # a slow day
    y_pred = np.maximum(y_true + rng.integers(-10, 11, size=5), 1)
    y_pred[y_pred == y_true] += 2
    mape = reg.mean_absolute_percentage_error(y_true, y_pred)
    return {
        "y_true": fmt_list(_ints(y_true)), "y_pred": fmt_list(_ints(y_pred)),
        "mape_pct": 100 * mape,
        "smape_pct": 100 * reg.symmetric_mean_absolute_percentage_error(y_true, y_pred),
        "mape_by_forecast_pct": 100 * float(np.mean(np.abs(y_pred - y_true) / y_pred)),
        "mae": reg.mean_absolute_error(y_true, y_pred),
        "worst_ape_pct": 100 * float(np.max(np.abs(y_pred - y_true) / y_true)),
    }


@generator("mase_series")
def mase_series(rng):
    """A short training series, a 3-day test period with a zero-sale day, and a forecast."""
    y_train = rng.integers(0, 13, size=6)
    while np.all(y_train[1:] == y_train[:-1]):
        y_train = rng.integers(0, 13, size=6)
    y_true = rng.integers(0, 13, size=3)
    y_true[rng.integers(3)] = 0                                  # MAPE is undefined here
    y_pred = y_true + rng.integers(-3, 4, size=3)
    y_pred = np.maximum(y_pred, 0)
    y_pred[y_pred == y_true] += 1
    scale = float(np.mean(np.abs(np.diff(y_train))))
    test_scale = float(np.mean(np.abs(np.diff(y_true))))
    mase = reg.mean_absolute_scaled_error(y_true, y_pred, y_train=y_train)
    shown = round(mase, 3)
    return {
        "mase_verdict": ("below 1: better than the naive forecast was in-sample" if shown < 1 else
                         "above 1: worse than the naive forecast was in-sample" if shown > 1 else
                         "exactly 1: no better than the naive forecast was in-sample"),
        "y_train": fmt_list(_ints(y_train)), "y_true": fmt_list(_ints(y_true)),
        "y_pred": fmt_list(_ints(y_pred)),
        "mae": reg.mean_absolute_error(y_true, y_pred),
        "scale": scale,
        "mase": mase,
        # trap: the naive scale taken on the test period instead of the training series
        "mase_test_scale": (reg.mean_absolute_error(y_true, y_pred) / test_scale if test_scale
                            else float("nan")),
        "smape_pct": 100 * reg.symmetric_mean_absolute_percentage_error(y_true, y_pred),
    }


@generator("pinball")
def pinball(rng):
    """Five days of demand and a forecast of its alpha-quantile (stock to cover alpha of days)."""
    alpha = float(rng.choice([0.1, 0.2, 0.8, 0.9]))
    y_true = rng.integers(20, 61, size=5)
    y_pred = y_true + rng.integers(-8, 9, size=5)
    while np.all(y_pred >= y_true) or np.all(y_pred <= y_true):  # both kinds of miss
        y_pred = y_true + rng.integers(-8, 9, size=5)
    under = int(np.sum(y_pred < y_true))
    return {
        "alpha": alpha, "alpha_pct": int(round(100 * alpha)),
        "y_true": fmt_list(_ints(y_true)), "y_pred": fmt_list(_ints(y_pred)),
        "under": under, "over": int(np.sum(y_pred > y_true)),
        "pinball": reg.mean_pinball_loss(y_true, y_pred, alpha=alpha),
        "pinball_flipped": reg.mean_pinball_loss(y_true, y_pred, alpha=1 - alpha),   # trap
        "mae": reg.mean_absolute_error(y_true, y_pred),
        "half_mae": reg.mean_absolute_error(y_true, y_pred) / 2,
    }


@generator("huber_errors")
def huber_errors(rng):
    """Six forecast errors (units of stock), one of them large, and a Huber delta."""
    delta = float(rng.choice([1.0, 2.0, 3.0]))
    errors = rng.integers(-4, 5, size=6) / 2                     # halves in [-2, 2]
    errors[rng.integers(6)] = float(rng.choice([-1, 1]) * rng.integers(6, 15))
    zeros = np.zeros(6)
    abs_e = np.abs(errors)
    no_half = np.where(abs_e <= delta, errors**2, delta * (abs_e - delta / 2))
    return {
        "delta": delta, "errors": fmt_list(errors, 1),
        "huber": reg.huber_loss(zeros, errors, delta=delta),
        "half_mse": reg.mean_squared_error(zeros, errors) / 2,    # trap: MSE/2 (delta = inf)
        "mae": reg.mean_absolute_error(zeros, errors),
        "huber_no_half": float(np.mean(no_half)),                 # trap: quadratic part without 1/2
        "n_linear": int(np.sum(abs_e > delta)),
    }


@generator("error_tail")
def error_tail(rng):
    """Eleven absolute errors of a delivery-time model, in minutes; the tail is what users feel."""
    errors = np.sort(np.r_[rng.integers(1, 9, size=8), rng.integers(15, 41, size=3)])
    while len(set(errors.tolist())) < 8:
        errors = np.sort(np.r_[rng.integers(1, 9, size=8), rng.integers(15, 41, size=3)])
    shuffled = rng.permutation(errors)
    zeros = np.zeros(11)
    return {
        "errors": fmt_list(_ints(shuffled)),
        "p90": reg.absolute_error_percentile(zeros, shuffled, q=90),
        "mae": reg.mean_absolute_error(zeros, shuffled),
        "median": reg.median_absolute_error(zeros, shuffled),
        "max": reg.max_error(zeros, shuffled),
    }


@generator("directional")
def directional(rng):
    """8-14 closing prices and one-step-ahead forecasts: how often is the direction right?"""
    days = int(rng.integers(8, 15))                              # 7-13 steps: many distinct rates
    y_true = 100 + np.cumsum(rng.integers(-4, 5, size=days))
    y_pred = y_true + rng.integers(-3, 4, size=days)
    moves_true = np.sign(np.diff(y_true))
    moves_from_forecast = np.sign(np.diff(y_pred))               # trap: from the previous forecast
    mda = reg.mean_directional_accuracy(y_true, y_pred)
    return {
        "days": days, "steps": days - 1, "agree": int(round(mda * (days - 1))),
        "y_true": fmt_list(_ints(y_true)), "y_pred": fmt_list(_ints(y_pred)),
        "mda": mda,
        "mda_from_forecast": float(np.mean(moves_true == moves_from_forecast)),
        "rmse": reg.root_mean_squared_error(y_true, y_pred),
    }


# ---------------------------------------------------------------------------- trajectories


_OFFSETS = [(0, 0), (1, 0), (0, 1), (-1, 0), (0, -1), (3, 4), (-3, 4), (4, -3), (0, 2), (2, 0),
            (1, 1), (-1, 2), (6, 8), (0, 5), (-5, 0)]


def _path(rng, steps):
    start = rng.integers(-5, 6, size=2)
    velocity = rng.integers(1, 4, size=2) * rng.choice([-1, 1], size=2)
    return np.array([start + velocity * t for t in range(1, steps + 1)], dtype=float)


def _fmt_path(points):
    return ", ".join(f"({int(x)}, {int(y)})" for x, y in points)


@generator("trajectory")
def trajectory(rng):
    """One pedestrian's true positions over 4 steps (metres) and a predicted path."""
    truth = _path(rng, 4)
    offsets = np.array([_OFFSETS[i] for i in rng.integers(0, len(_OFFSETS), size=4)], dtype=float)
    end = rng.integers(-6, 7, size=2)                            # the end point is off: 2 .. 8.5 m
    while np.hypot(*end) < 2:
        end = rng.integers(-6, 7, size=2)
    offsets[-1] = end
    pred = truth + offsets
    d = np.linalg.norm(pred - truth, axis=1)
    return {
        "truth": _fmt_path(truth), "pred": _fmt_path(pred),
        "distances": fmt_list(d, 2),
        "ade": reg.average_displacement_error(truth, pred),
        "fde": reg.final_displacement_error(truth, pred),
        "ade_rmse": float(np.sqrt(np.mean(d**2))),               # trap: ADE computed as an RMSE
        "ade_l1": float(np.mean(np.abs(pred - truth).sum(axis=1))),   # trap: Manhattan distance
    }


@generator("trajectory_modes")
def trajectory_modes(rng):
    """A true 3-step path and two predicted modes (K = 2): minADE and minFDE."""
    truth = _path(rng, 3)
    modes = []
    for _ in range(2):                                           # integer offsets up to 4 m a side
        modes.append(truth + rng.integers(-4, 5, size=(3, 2)).astype(float))
    while np.allclose(modes[0], modes[1]):
        modes[1] = modes[1] + np.array([[1, 0], [2, 0], [3, 0]], dtype=float)
    modes = np.array(modes)
    ade_each = [reg.average_displacement_error(truth, m) for m in modes]
    fde_each = [reg.final_displacement_error(truth, m) for m in modes]
    return {
        "truth": _fmt_path(truth), "mode_a": _fmt_path(modes[0]), "mode_b": _fmt_path(modes[1]),
        "ade_a": ade_each[0], "ade_b": ade_each[1], "fde_a": fde_each[0], "fde_b": fde_each[1],
        "min_ade": reg.average_displacement_error(truth, modes),
        "min_fde": reg.final_displacement_error(truth, modes),
        "mean_ade": float(np.mean(ade_each)),                    # trap: averaged over the modes
    }


# ---------------------------------------------------------------------------- explorer tasks
# Notebook 05 shows ErrorExplorer(y_true, y_pred, delta=50_000) on the 490 ordinary houses of
# datasets.house_prices(seed=0) and asks this task of it; the notebook then sets the slider and
# asserts that the explorer agrees with the answer drawn here.


@lru_cache(maxsize=None)
def _ordinary_houses():
    """The houses the error explorer starts from, and the one its slider turns into an outlier."""
    from ... import datasets

    houses = datasets.house_prices(seed=0)
    keep = ~houses.is_outlier
    y_true, y_pred = houses.y_true[keep], houses.y_pred[keep]
    return y_true, y_pred, int(np.argmin(np.abs(y_pred - y_true)))   # the best-predicted house


# The error explorer's outlier slider on these houses moves in steps of 5,000 dollars (a test
# keeps the two equal); its readout shows whole dollars. One step moves MAE by 5,000 / 490,
# about 10 dollars: the answer is graded within OUTLIER_TASK_TOLERANCE (the bank's), less than
# half of that, and more than the readout's rounding of two MAEs.
OUTLIER_TASK_STEP = 5_000
OUTLIER_TASK_TOLERANCE = 2


def _with_outlier(y_true, y_pred, index, outlier):
    changed = y_true.copy()
    changed[index] += outlier
    return reg.mean_absolute_error(changed, y_pred), reg.root_mean_squared_error(changed, y_pred), changed


@generator("outlier_rmse_task")
def outlier_rmse_task(rng):
    """Drag one house's true price up until RMSE first reads at least a target: how far did MAE move?

    The slider stops on multiples of ``OUTLIER_TASK_STEP``: the outlier is the first of them
    whose RMSE, as the readout shows it (whole dollars), reaches the target, and the answer is
    the MAE rise the readout shows there. A draw where the RMSE one step earlier would read
    the same is drawn again.
    """
    y_true, y_pred, index = _ordinary_houses()
    n = y_true.size
    rmse0, mae0 = reg.root_mean_squared_error(y_true, y_pred), reg.mean_absolute_error(y_true, y_pred)
    target = round(float(rng.uniform(1.4, 3.0)) * rmse0, -3)
    # Only house `index` changes: its error e = y_pred - y_true becomes e - outlier, so
    # n * target² = SSE - e² + (e - outlier)², solved for outlier >= 0; then up to the grid.
    e = float(y_pred[index] - y_true[index])
    sse = float(np.sum((y_pred - y_true) ** 2))
    exact = e + math.sqrt(n * target**2 - sse + e**2)
    steps = math.ceil(exact / OUTLIER_TASK_STEP - 1e-9)
    outlier = float(steps * OUTLIER_TASK_STEP)
    mae, rmse, changed = _with_outlier(y_true, y_pred, index, outlier)
    _, rmse_before, _ = _with_outlier(y_true, y_pred, index, outlier - OUTLIER_TASK_STEP)
    if round(rmse) < target or round(rmse_before) >= target:
        raise Redraw("the readout's rounding hides the step where RMSE reaches the target")
    return {
        "n": n, "target": target, "rmse0": rmse0, "mae0": mae0, "outlier": outlier,
        "rmse": rmse, "mae": mae, "mae_rise": mae - mae0, "rmse_before": rmse_before,
        "mae_rise_pct": 100 * (mae - mae0) / mae0, "rmse_rise_pct": 100 * (rmse - rmse0) / rmse0,
        "rmse_rise": rmse - rmse0,                         # trap: MAE taken to move like RMSE
        "r2": reg.r2_score(changed, y_pred),
    }
