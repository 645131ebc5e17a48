"""Seeded scenarios for notebook 09 (fairness and slices): small, NumPy-only simulations.

Each function returns plain arrays in a dict, so the notebook only calls, prints and
asserts. Nothing here is a metric; the metrics come from :mod:`mlmetrics_edu.fairness`.
"""

from __future__ import annotations

import numpy as np

from .._validation import MetricInputError, as_1d, check_finite, check_int, check_probability, rng_from_seed

__all__ = ["equalized_odds_predictions", "screening_scores", "weather_slices"]

WEATHER = {"clear": 0.80, "rain": 0.15, "fog": 0.05}  # share of the test frames
RECALL = {"clear": 0.97, "rain": 0.90, "fog": 0.45}  # the detector's hit rate, by weather


def weather_slices(n=4000, base_rate=0.3, false_alarm_rate=0.02, seed=0):
    """A pedestrian detector scored on ``n`` frames of clear, rainy and foggy weather.

    A pedestrian is present in a fraction ``base_rate`` of frames in every weather; the
    detector finds ``RECALL[weather]`` of them and raises a false alarm on
    ``false_alarm_rate`` of the empty frames. Fog is 5% of the frames and the detector
    misses more than half of its pedestrians there. Returns ``y_true, y_pred, weather``.
    """
    n = check_int(n, "n", 1)
    base_rate = check_probability(base_rate, "base_rate", low_open=False, high_open=False)
    false_alarm_rate = check_probability(false_alarm_rate, "false_alarm_rate", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    names = np.array(list(WEATHER))
    weather = names[rng.choice(len(names), n, p=list(WEATHER.values()))]
    y_true = (rng.random(n) < base_rate).astype(np.int64)
    recall = np.select([weather == w for w in names], [RECALL[w] for w in names])
    detect = np.where(y_true == 1, rng.random(n) < recall, rng.random(n) < false_alarm_rate)
    return {"y_true": y_true, "y_pred": detect.astype(np.int64), "weather": weather}


def screening_scores(n=6000, base_rates=(("group_a", 0.5), ("group_b", 0.2)), concentration=4.0,
                     seed=0):
    """Resume screening: calibrated scores for two groups whose base rates differ.

    Each candidate's score ``s`` is drawn from a Beta distribution with mean the group's
    base rate (``concentration`` = a + b sets its spread), then the candidate is qualified
    with probability ``s``: so ``P(qualified | score = s) = s`` in *every* group -- the
    scores are calibrated within groups by construction. Groups are equally large.
    Returns ``y_true, score, group``.
    """
    n = check_int(n, "n", 1)
    if concentration <= 0:
        raise MetricInputError(f"concentration must be > 0, got {concentration!r}")
    rng = rng_from_seed(seed)
    names = np.array([name for name, _ in base_rates])
    rates = np.array([rate for _, rate in base_rates], dtype=np.float64)
    code = rng.integers(0, len(names), n)
    score = rng.beta(rates[code] * concentration, (1 - rates[code]) * concentration)
    y_true = (rng.random(n) < score).astype(np.int64)
    return {"y_true": y_true, "score": score, "group": names[code]}


def equalized_odds_predictions(y_true, tpr=0.8, fpr=0.1, seed=0):
    """Predictions that satisfy equalized odds by construction: the group is never looked at.

    A positive is predicted 1 with probability ``tpr``, a negative with probability ``fpr``,
    whatever the group. Returns ``y_pred`` (0/1).
    """
    tpr, fpr = check_probability(tpr, "tpr", low_open=False, high_open=False), check_probability(fpr, "fpr", low_open=False, high_open=False)
    rng = rng_from_seed(seed)
    if isinstance(y_true, (list, tuple)) and any(isinstance(v, float) and not np.isfinite(v) for v in y_true):
        raise MetricInputError("y_true contains NaN or infinity; every sample needs a 0/1 label")
    y_true = as_1d(y_true, "y_true")
    check_finite(y_true, "y_true")
    if y_true.dtype.kind not in "biuf" or not np.isin(y_true, [0, 1]).all():
        raise MetricInputError("y_true must hold 0/1 labels")
    return (rng.random(len(y_true)) < np.where(y_true == 1, tpr, fpr)).astype(np.int64)
