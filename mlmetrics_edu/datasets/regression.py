"""Seeded regression scenarios for the hour's notebook 05 (regression half).

===========================  ====================================================
scenario                     the trap it was built to show
===========================  ====================================================
``house_prices``             a few outliers dominate RMSE but not MAE
``demand_forecast``          zero-demand days make MAPE undefined
``trajectories``             ADE and FDE of a constant-velocity predictor
===========================  ====================================================
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validation import MetricInputError
from .scenario import (RegressionScenario, TrajectoryScenario, check_count, check_fraction, exact_labels,
                       make_rng, story_of)

__all__ = ["demand_forecast", "house_prices", "trajectories"]


# --------------------------------------------------------------------------- regression


def house_prices(n=500, *, outlier_fraction=0.02, seed=0):
    """House prices with a few outliers: RMSE and MAE disagree.

    An estate agency's model suggests an asking price for each listing from its floor
    area, bedrooms and age. Under-pricing loses the seller money, over-pricing leaves
    the house unsold for months; both cost roughly in proportion to the error. A few
    listings are outliers -- a lakeside villa, a price typed in the wrong unit -- worth
    three to five times what the model expects, and the noise grows with the price.

    Parameters
    ----------
    n : int, default 500
        Number of houses.
    outlier_fraction : float, default 0.02
        Fraction of outlier listings (exactly ``round(n * outlier_fraction)``).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    RegressionScenario
        Features: area_m2, bedrooms, age_years; ``unit == '$'``; ``is_outlier`` marks the
        outliers.

    Notes
    -----
    The trap: the outliers, 2% of the rows, multiply RMSE by about four (to three times
    MAE) and pull R² from about 0.9 down to about 0.35; MAE grows by about 70% and the
    median absolute error does not move. Which summary is right depends on whether a
    large miss really costs quadratically more. The errors are heteroscedastic: about
    10% of the price.

    Examples
    --------
    >>> s = house_prices()
    >>> s.X.shape, s.feature_names, int(s.is_outlier.sum())
    ((500, 3), ('area_m2', 'bedrooms', 'age_years'), 10)
    """
    rng = make_rng(seed)
    n = check_count(n, "n", 2)
    outlier_fraction = check_fraction(outlier_fraction, "outlier_fraction")
    area = np.round(rng.lognormal(np.log(110), 0.35, n), 1)
    bedrooms = np.clip(np.round(area / 35 + rng.normal(0, 0.7, n)), 1, 6)
    age = np.round(rng.uniform(0, 80, n))
    value = 60_000 + 2_500 * area + 15_000 * bedrooms - 800 * age
    # the model learned slightly different coefficients from last year's sales
    y_pred = 55_000 + 2_450 * area + 16_000 * bedrooms - 750 * age
    y_true = value * (1 + 0.10 * rng.standard_normal(n))  # noise grows with the price
    is_outlier = exact_labels(rng, n, outlier_fraction).astype(bool)
    y_true = np.where(is_outlier, y_true * rng.uniform(3, 5, n), y_true)
    return RegressionScenario(
        name="house_prices", story=story_of(house_prices), y_true=np.round(y_true, -2),
        y_pred=np.round(y_pred, -2), X=np.column_stack([area, bedrooms, age]),
        feature_names=("area_m2", "bedrooms", "age_years"), unit="$", is_outlier=is_outlier,
    )


def demand_forecast(n=365, *, seed=0):
    """Daily demand for one product, with zero-sale days: MAPE is undefined.

    A shop forecasts how many units of a slow-moving product it will sell each day, to
    decide how many to stock. Demand is low -- two on a weekday, five on a Saturday --
    and some days nothing sells. Understocking loses a sale and the customer's
    patience; overstocking ties up shelf space and money. The forecast is good, yet
    the percentage error people like to report breaks on this data.

    Parameters
    ----------
    n : int, default 365
        Number of days.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    RegressionScenario
        ``y_true`` holds integer sales (as float64), ``y_pred`` the forecast mean;
        features: day, day_of_week (0 = Monday); ``unit == 'units sold'``.

    Notes
    -----
    The trap: on a zero-sale day the absolute percentage error ``|y - y_hat| / |y|``
    divides by zero, so MAPE is undefined (scikit-learn returns a huge number instead),
    and days with one sale contribute errors of 100% and more. MAE, sMAPE, MASE or
    pinball loss are the usable alternatives.

    Examples
    --------
    >>> s = demand_forecast()
    >>> s.y_true.shape, bool((s.y_true == 0).any())
    ((365,), True)
    """
    rng = make_rng(seed)
    n = check_count(n, "n", 1)
    day = np.arange(n)
    day_of_week = day % 7
    weekly = np.array([2.0, 1.5, 1.5, 2.0, 3.0, 5.0, 2.5])  # Monday..Sunday mean sales
    rate = weekly[day_of_week] * (1 + 0.2 * np.sin(2 * np.pi * day / 365))  # mild season
    y_true = rng.poisson(rate).astype(np.float64)
    y_pred = np.round(rate * (1 + 0.1 * rng.standard_normal(n)), 2)  # a good forecast of the mean
    return RegressionScenario(
        name="demand_forecast", story=story_of(demand_forecast), y_true=y_true,
        y_pred=np.maximum(y_pred, 0.0), X=np.column_stack([day, day_of_week]).astype(np.float64),
        feature_names=("day", "day_of_week"), unit="units sold",
    )


def trajectories(n_agents=200, n_steps=30, *, dt=0.1, seed=0):
    """Future trajectories of road users and a constant-velocity prediction.

    A motion-forecasting model predicts where each nearby car will be over the next
    three seconds, so the planner can keep clear of it. The cars accelerate, brake and
    turn; the baseline predictor assumes each keeps its current speed and heading. An
    error early in the horizon matters most (the car must react now); an error at the
    end is larger but there is still time to correct.

    Parameters
    ----------
    n_agents : int, default 200
    n_steps : int, default 30
        Future steps (30 steps of 0.1 s = a 3 s horizon).
    dt : float, default 0.1
        Seconds between steps.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    TrajectoryScenario
        ``y_true`` and ``y_pred`` of shape (n_agents, n_steps, 2), metres.

    Notes
    -----
    The error grows roughly with the square of time (an unmodelled acceleration or
    turn), so FDE, the error at the last step, is about three times ADE, the mean over
    steps: about 8 m against 3 m. Both compare one predicted future with the one that
    happened: they ignore that several futures were plausible, and say nothing about
    leaving the road or colliding.

    Examples
    --------
    >>> s = trajectories()
    >>> s.y_true.shape, s.y_pred.shape, float(s.time[-1])
    ((200, 30, 2), (200, 30, 2), 3.0)
    """
    rng = make_rng(seed)
    n_agents, n_steps = check_count(n_agents, "n_agents"), check_count(n_steps, "n_steps")
    if isinstance(dt, bool) or not isinstance(dt, numbers.Real) or not dt > 0:
        raise MetricInputError(f"dt must be a positive number of seconds, got {dt!r}")
    start = rng.uniform(-50, 50, (n_agents, 1, 2))
    speed0 = rng.uniform(2, 15, (n_agents, 1))
    heading0 = rng.uniform(0, 2 * np.pi, (n_agents, 1))
    accel = rng.normal(0, 1.5, (n_agents, 1))  # m/s^2
    yaw_rate = rng.normal(0, 0.15, (n_agents, 1))  # rad/s
    t = dt * np.arange(1, n_steps + 1)
    speed = np.maximum(speed0 + accel * t, 0.0)  # a braking car stops, it does not reverse
    heading = heading0 + yaw_rate * t
    step = dt * speed[..., None] * np.stack([np.cos(heading), np.sin(heading)], axis=-1)
    y_true = start + np.cumsum(step, axis=1)
    direction = np.stack([np.cos(heading0), np.sin(heading0)], axis=-1)  # (n_agents, 1, 2)
    y_pred = start + (speed0 * t)[..., None] * direction
    return TrajectoryScenario(
        name="trajectories", story=story_of(trajectories), y_true=y_true, y_pred=y_pred, dt=float(dt)
    )
