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

Around that story, the pieces the monitoring deep dive needs (all seeded through ``rng``):

* **training/serving skew** (:func:`raw_requests`, :func:`training_features`,
  :func:`serving_features`): a share of requests arrive without a sessions count; training
  imputed the median, the re-implemented serving job imputes *zero sessions*;
* **a zero-inflated and a categorical column** (:func:`account_columns`): support tickets
  (mostly 0) and the subscription plan, where a new plan can appear;
* **labels that arrive late** (:func:`label_arrival_week`, :func:`labels_as_of`): churners are
  known when they cancel, within :data:`HORIZON_WEEKS`; the others only once the horizon has
  passed, so an immature week's labels are mostly churners;
* **label-shift correction** (:func:`mlmetrics_edu.calibration.adjust_to_prior` and
  :func:`~mlmetrics_edu.calibration.estimate_prior_em`, used by notebook 12): Bayes' rule on
  the odds, and the EM estimate of the new base rate from unlabelled scores (Saerens,
  Latinne & Decaestecker, 2002);
* **many features over many weeks** (:func:`feature_weeks`): production volume, a harmless
  weekly wobble on every feature and one real shift, to test an alert rule's false alarms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_float_array, check_int, check_probability, rng_from_seed, to_array

__all__ = [
    "Batch", "HORIZON_WEEKS", "METRICS", "PLANS", "THRESHOLD", "account_columns",
    "evaluate", "feature_weeks", "label_arrival_week", "labels_as_of", "raw_requests",
    "reference_set", "score", "serving_features", "training_features", "weekly_batches",
]

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


def _batch(batch):
    if not isinstance(batch, Batch):
        raise MetricInputError(f"batch must be a Batch (from reference_set or weekly_batches), got "
                               f"{type(batch).__name__} {batch!r:.60}")
    return batch


def _features(x, name, *, missing_sessions=False):
    """(n, 2) numeric features (sessions, tenure); NaN only as a missing sessions count when allowed."""
    x = to_array(x, name)
    if x.ndim != 2 or x.shape[1] != 2 or x.shape[0] == 0:
        raise MetricInputError(f"{name} must be an (n, 2) array of (sessions, tenure), got shape {x.shape}")
    if x.dtype.kind not in "biuf":
        raise MetricInputError(f"{name} must be numeric, got values of dtype {x.dtype}")
    x = x.astype(np.float64)
    bad = np.isinf(x) | (np.isnan(x) & (np.arange(2) != 0 if missing_sessions else True))
    if bad.any():
        raise MetricInputError(f"{name} contains " + ("infinity, or NaN outside the sessions column"
                                                      if missing_sessions else "NaN or infinity"))
    return x


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def score(features):
    """The deployed model: preprocessing (clip outliers to +-4 sd) then the logistic score."""
    x = np.clip(_features(features, "features"), -4.0, 4.0)
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
    n, rng = check_int(n, "n", 10), rng_from_seed(rng, "rng")
    return Batch(*_customers(rng, n))


def weekly_batches(n_per_week=1500, *, rng):
    """Ten weekly batches: 3 stable, 2 covariate shift, 2 prior shift, 3 concept change."""
    n_per_week, rng = check_int(n_per_week, "n_per_week", 100), rng_from_seed(rng, "rng")
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
    from ..report import evaluation_report

    _batch(batch)
    return evaluation_report(batch.churned, score(batch.features), metrics=metrics,
                             slices={"channel": batch.channel}, threshold=THRESHOLD,
                             n_resamples=n_resamples, seed=seed,
                             name=name or f"week {batch.week} ({batch.phase})", params=params)


# --------------------------------------------------------------------------- training/serving skew

MISSING_SESSIONS = 0.08   # share of requests with no sessions count (no device data yet)
SESSIONS_MEDIAN = 0.0     # what training imputes: the median of the standardized feature
SESSIONS_ZERO = -2.0      # zero sessions, in standardized units: what the serving job imputes


def raw_requests(batch, *, rng, missing=MISSING_SESSIONS):
    """The batch's raw requests as logged: ``sessions`` is NaN for a share ``missing`` of them."""
    raw = np.array(_batch(batch).features, dtype=np.float64)
    rng = rng_from_seed(rng, "rng")
    missing = check_probability(missing, "missing", low_open=False, high_open=False)
    raw[rng.random(len(raw)) < missing, 0] = np.nan
    return raw


def training_features(raw):
    """The training pipeline: a missing sessions count becomes the training median."""
    x = _features(raw, "raw", missing_sessions=True)
    x[np.isnan(x[:, 0]), 0] = SESSIONS_MEDIAN
    return x


def serving_features(raw):
    """The serving job, re-implemented in another service: a missing count becomes *zero sessions*."""
    x = _features(raw, "raw", missing_sessions=True)
    x[np.isnan(x[:, 0]), 0] = SESSIONS_ZERO
    return x


# --------------------------------------------------------------------------- more columns

PLANS = ("basic", "plus", "family")


def account_columns(n, *, rng, zero_share=0.92, new_plan_share=0.0):
    """Two more columns per customer: support ``tickets`` this week and the subscription ``plan``.

    ``tickets`` is zero-inflated: 0 with probability ``zero_share``, else 1 + Poisson(1.5).
    ``plan`` is one of :data:`PLANS` (50/30/20%), or a new ``"student"`` plan with
    probability ``new_plan_share`` (a category the reference never saw).
    """
    n, rng = check_int(n, "n", 1), rng_from_seed(rng, "rng")
    zero_share = check_probability(zero_share, "zero_share", low_open=False, high_open=False)
    new_plan_share = check_probability(new_plan_share, "new_plan_share", low_open=False, high_open=False)
    tickets = np.where(rng.random(n) < zero_share, 0, 1 + rng.poisson(1.5, size=n))
    plan = rng.choice(np.array(PLANS), size=n, p=[0.5, 0.3, 0.2])
    return tickets.astype(np.int64), np.where(rng.random(n) < new_plan_share, "student", plan)


# --------------------------------------------------------------------------- delayed labels

HORIZON_WEEKS = 4  # churn = "cancels within 4 weeks of being scored"


def label_arrival_week(batch, *, rng):
    """The week each customer's label lands.

    A churner is known when they cancel, in one of the :data:`HORIZON_WEEKS` weeks after the
    score; a customer who stays is known only when the horizon has passed. So a young week's
    labels are mostly churners: its labelled metrics are biased, not just noisy.
    """
    batch, rng = _batch(batch), rng_from_seed(rng, "rng")
    cancel = batch.week + rng.integers(1, HORIZON_WEEKS + 1, size=len(batch.churned))
    return np.where(batch.churned == 1, cancel, batch.week + HORIZON_WEEKS)


def labels_as_of(batch, arrival, today):
    """The labels as the warehouse holds them at the end of week ``today``: NaN where not landed."""
    batch = _batch(batch)
    arrival = as_float_array(arrival, "arrival")
    if len(arrival) != len(batch.churned):
        raise MetricInputError(f"arrival has {len(arrival)} weeks but the batch has {len(batch.churned)} customers")
    today = check_int(today, "today", 0)
    return np.where(arrival <= today, batch.churned, np.nan)


# --------------------------------------------------------------------------- label-shift correction


def feature_weeks(n_features=10, n_weeks=10, n=200_000, *, rng, wobble=0.04, drifted=3, from_week=7,
                  shift=0.5):
    """A reference and ``n_weeks`` weeks of ``n_features`` standardized features at production volume.

    Every feature's mean wobbles from week to week by Normal(0, ``wobble``) standard deviations:
    real traffic is never exactly the reference, and a shift of a few hundredths of a standard
    deviation changes nothing the model does. Feature ``drifted`` really moves, by ``shift``
    standard deviations from week ``from_week`` on. Returns ``(reference, weeks, truly_drifted)``:
    ``reference[j]`` and ``weeks[w][j]`` are feature ``j``'s values (one row per feature, so each
    is contiguous), and ``truly_drifted[w, j]`` is True where week ``w + 1`` of feature ``j``
    really moved.
    """
    n_features, n_weeks = check_int(n_features, "n_features", 1), check_int(n_weeks, "n_weeks", 1)
    n, rng = check_int(n, "n", 1), rng_from_seed(rng, "rng")
    drifted = check_int(drifted, "drifted", 0, n_features - 1)
    from_week = check_int(from_week, "from_week", 1, n_weeks)
    reference = rng.standard_normal(size=(n_features, n), dtype=np.float32)  # float32: 8 MB per week
    truly = np.zeros((n_weeks, n_features), dtype=bool)
    truly[from_week - 1:, drifted] = True
    weeks = []
    for w in range(n_weeks):
        means = (rng.normal(0.0, wobble, size=n_features) + shift * truly[w]).astype(np.float32)
        weeks.append(rng.standard_normal(size=(n_features, n), dtype=np.float32) + means[:, None])
    return reference, weeks, truly
