"""Seeded production scenario of notebook 12: a churn model scored over simulated weeks of drift.

A customer has two features, ``sessions`` (weekly app sessions, standardized) and ``tenure``
(years, standardized), and a ``channel`` ("web" or "app"). At training time churn follows
``P(churn | x) = sigmoid(B0 + W_SESSIONS * sessions + W_TENURE * tenure)`` and the deployed
model *is* that formula, so on the validation set it is calibrated and as good as it gets.
The weeks after release (:func:`weekly_batches`):

* weeks 1-3 ``stable``: the training distribution;
* weeks 4-5 ``covariate shift``: a campaign brings heavier users (``sessions`` mean +0.7 sd).
  ``P(x)`` moves, ``P(y | x)`` does not: input PSI alarms, the model stays calibrated;
* weeks 6-7 ``prior shift``: churn season, the base rate rises to ``0.40`` while
  ``P(x | y)`` stays: the score distribution moves, ECE grows, ROC-AUC stays put;
* weeks 8-10 ``concept change``: an app update makes long-tenure *app* users churn
  (their tenure effect flips sign); ``P(x)`` is unchanged, so no input or score drift
  measure can see it -- only the labelled metrics do, and only in the app slice.

:func:`evaluate` is the single evaluation path: the same preprocessing, model, threshold,
metrics and slices for the validation set and for every live batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import MetricInputError

__all__ = ["Batch", "METRICS", "THRESHOLD", "evaluate", "reference_set", "score", "weekly_batches"]

B0, W_SESSIONS, W_TENURE = -1.6, -1.2, -0.9  # more sessions and longer tenure: less churn
THRESHOLD = 0.35  # the operating point chosen on validation data
METRICS = ["roc_auc_score", "recall_score", "precision_score", "expected_calibration_error"]
PHASES = ((3, "stable"), (2, "covariate shift"), (2, "prior shift"), (3, "concept change"))


@dataclass
class Batch:
    """One batch of customers: ``features`` (n, 2) = (sessions, tenure), ``channel``, ``churned``."""

    features: np.ndarray
    channel: np.ndarray
    churned: np.ndarray
    week: int = 0
    phase: str = "validation"


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def score(features):
    """The deployed model: preprocessing (clip outliers to +-4 sd) then the logistic score."""
    x = np.clip(np.asarray(features, dtype=np.float64), -4.0, 4.0)
    return _sigmoid(B0 + W_SESSIONS * x[:, 0] + W_TENURE * x[:, 1])


def _customers(rng, n, sessions_shift=0.0, concept_change=False):
    features = rng.normal(size=(n, 2))
    features[:, 0] += sessions_shift
    channel = rng.choice(np.array(["web", "app"]), size=n, p=[0.6, 0.4])
    w_tenure = np.where(concept_change & (channel == "app"), -W_TENURE, W_TENURE)
    p_true = _sigmoid(B0 + W_SESSIONS * features[:, 0] + w_tenure * features[:, 1])
    return features, channel, (rng.random(n) < p_true).astype(np.int64)


def _with_base_rate(rng, n, base_rate):
    """Prior shift: draw from the training P(x | y) with the base rate set to ``base_rate``."""
    features, channel, churned = _customers(rng, 6 * n)
    n_pos = int(round(base_rate * n))
    pos = rng.choice(np.flatnonzero(churned == 1), n_pos, replace=False)
    neg = rng.choice(np.flatnonzero(churned == 0), n - n_pos, replace=False)
    keep = rng.permutation(np.concatenate([pos, neg]))
    return features[keep], channel[keep], churned[keep]


def reference_set(n=3000, *, rng):
    """The validation set of training time (the reference of every drift measure)."""
    return Batch(*_customers(rng, n))


def weekly_batches(n_per_week=1500, *, rng):
    """Ten weekly batches: 3 stable, 2 covariate shift, 2 prior shift, 3 concept change."""
    if not isinstance(n_per_week, int) or n_per_week < 100:
        raise MetricInputError(f"n_per_week must be an integer >= 100, got {n_per_week!r}")
    weeks, week = [], 0
    for length, phase in PHASES:
        for _ in range(length):
            week += 1
            if phase == "prior shift":
                data = _with_base_rate(rng, n_per_week, 0.40)
            else:
                data = _customers(rng, n_per_week, sessions_shift=0.7 if phase == "covariate shift" else 0.0,
                                  concept_change=phase == "concept change")
            weeks.append(Batch(*data, week=week, phase=phase))
    return weeks


def evaluate(batch, *, name=None, metrics=METRICS, n_resamples=200, seed=0, params=None):
    """The one evaluation path: score the batch with the deployed model, report per channel."""
    from .report import evaluation_report

    return evaluation_report(batch.churned, score(batch.features), metrics=metrics,
                             slices={"channel": batch.channel}, threshold=THRESHOLD,
                             n_resamples=n_resamples, seed=seed,
                             name=name or f"week {batch.week} ({batch.phase})", params=params)
