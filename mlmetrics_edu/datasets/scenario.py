"""What every seeded scenario of the course returns, and the helpers that build them.

A scenario is a small frozen dataclass: the labels, the model's scores (and features where a
notebook fits a model), the *story* (``.story``: what the product is and what each kind of
error costs) and a one-line summary of the numbers (``.description``). One kind per shape of
data: :class:`BinaryScenario`, :class:`MulticlassScenario`, :class:`MultilabelScenario`,
:class:`CalibrationScenario`, :class:`RegressionScenario`, :class:`TrajectoryScenario`,
:class:`RankingScenario`.

The helpers (:func:`make_rng`, :func:`check_count`, :func:`check_fraction`, :func:`story_of`,
:func:`sigmoid`, :func:`softmax`, :func:`exact_labels`) are shared by the scenario modules of
:mod:`mlmetrics_edu.datasets`: each scenario draws only from its own generator, never from
NumPy's global state.
"""

from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_1d, as_float_array, check_consistent_length, check_finite

__all__ = ["BinaryScenario", "CalibrationScenario", "MulticlassScenario", "MultilabelScenario",
           "RankingScenario", "RegressionScenario", "TrajectoryScenario"]


# --------------------------------------------------------------------------- containers


@dataclass(frozen=True, repr=False)
class _Scenario:
    name: str
    story: str

    @property
    def description(self) -> str:  # overridden by every scenario kind
        return self.name

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r}: {self.description})"


@dataclass(frozen=True, repr=False)
class BinaryScenario(_Scenario):
    """A binary detector: labels, its scores, the features it saw and the cost of each error.

    Attributes
    ----------
    y_true : ndarray of int64, shape (n,)
        1 for the positive class (``target_names[1]``), 0 otherwise.
    y_score : ndarray of float64, shape (n,)
        The deployed model's probability that the sample is positive, in (0, 1).
    X : ndarray of float64, shape (n, n_features)
        Standardized features (larger = more positive-looking) for fitting your own model.
    feature_names, target_names : tuple of str
    cost_fp, cost_fn : float
        What one false positive and one false negative cost, in the same unit.
    y_pred : ndarray of int64 (property)
        The decisions at the default threshold 0.5 -- which is not a law.
    prevalence : float (property)
        The fraction of positives: the baseline of PR-AUC.
    """

    y_true: np.ndarray
    y_score: np.ndarray
    X: np.ndarray
    feature_names: tuple
    target_names: tuple
    cost_fp: float
    cost_fn: float

    @property
    def y_pred(self):
        return (self.y_score >= 0.5).astype(np.int64)

    @property
    def prevalence(self):
        return float(self.y_true.mean())

    @property
    def description(self):
        n, n_pos = self.y_true.size, int(self.y_true.sum())
        return (
            f"{n:,} samples, {n_pos:,} '{self.target_names[1]}' ({n_pos / n:.1%}), "
            f"{self.X.shape[1]} features; a false positive costs {self.cost_fp:g}, "
            f"a false negative {self.cost_fn:g}"
        )


@dataclass(frozen=True, repr=False)
class MulticlassScenario(_Scenario):
    """A single-label classifier over several classes.

    Attributes
    ----------
    y_true : ndarray of int64, shape (n,)
        Class indices into ``target_names``.
    y_score : ndarray of float64, shape (n, n_classes)
        Predicted class probabilities; each row sums to 1.
    labels : tuple of int
        ``(0, 1, ..., n_classes - 1)``.
    target_names : tuple of str
    y_pred : ndarray of int64 (property)
        The most probable class of each row.
    """

    y_true: np.ndarray
    y_score: np.ndarray
    labels: tuple
    target_names: tuple

    @property
    def y_pred(self):
        return self.y_score.argmax(axis=1)

    @property
    def description(self):
        counts = np.bincount(self.y_true, minlength=len(self.labels))
        parts = ", ".join(f"{name} {c / counts.sum():.0%}" for name, c in zip(self.target_names, counts))
        return f"{self.y_true.size:,} samples: {parts}"


@dataclass(frozen=True, repr=False)
class MultilabelScenario(_Scenario):
    """Multi-label tags: each sample may carry any subset of the labels.

    Attributes
    ----------
    y_true : ndarray of int64, shape (n, n_labels)
        Indicator matrix: ``y_true[i, j] == 1`` when sample i has tag j.
    y_score : ndarray of float64, shape (n, n_labels)
        The model's independent probability for each tag.
    labels : tuple of int
        Column indices ``(0, ..., n_labels - 1)``.
    target_names : tuple of str
        The tag of each column.
    y_pred : ndarray of int64 (property)
        Tags predicted at threshold 0.5.
    """

    y_true: np.ndarray
    y_score: np.ndarray
    labels: tuple
    target_names: tuple

    @property
    def y_pred(self):
        return (self.y_score >= 0.5).astype(np.int64)

    @property
    def description(self):
        rates = ", ".join(f"{t} {r:.0%}" for t, r in zip(self.target_names, self.y_true.mean(axis=0)))
        return f"{self.y_true.shape[0]:,} samples, tag rates: {rates}"


@dataclass(frozen=True, repr=False)
class CalibrationScenario(_Scenario):
    """A classifier that outputs logits, for calibration and temperature scaling.

    Attributes
    ----------
    y_true : ndarray of int64, shape (n,)
    logits : ndarray of float64, shape (n, n_classes)
        The model's raw scores; ``softmax(logits)`` are its (overconfident) probabilities.
    temperature : float
        The temperature that calibrates the model exactly: ``softmax(logits / temperature)``
        are the true class probabilities. A fitted temperature should land near it.
    labels, target_names : tuple
    y_prob : ndarray of float64, shape (n, n_classes) (property)
        ``softmax(logits)``.
    y_pred, confidence, correct : ndarray (properties)
        The top class, its probability, and whether it is right (int 0/1) -- the
        inputs of a top-label reliability diagram.
    """

    y_true: np.ndarray
    logits: np.ndarray
    temperature: float
    labels: tuple
    target_names: tuple

    @property
    def y_prob(self):
        return softmax(self.logits)

    @property
    def y_pred(self):
        return self.logits.argmax(axis=1)

    @property
    def confidence(self):
        return self.y_prob.max(axis=1)

    @property
    def correct(self):
        return (self.y_pred == self.y_true).astype(np.int64)

    @property
    def description(self):
        return (
            f"{self.y_true.size:,} samples, {len(self.labels)} classes: mean confidence "
            f"{self.confidence.mean():.2f}, accuracy {self.correct.mean():.2f}"
        )


@dataclass(frozen=True, repr=False)
class RegressionScenario(_Scenario):
    """A regression target with a model's predictions.

    Attributes
    ----------
    y_true, y_pred : ndarray of float64, shape (n,)
    X : ndarray of float64, shape (n, n_features)
    feature_names : tuple of str
    unit : str
        The unit of the target ("$", "units sold", ...).
    is_outlier : ndarray of bool, shape (n,), or None
        Which samples were made outliers, where the scenario has any.
    """

    y_true: np.ndarray
    y_pred: np.ndarray
    X: np.ndarray
    feature_names: tuple
    unit: str
    is_outlier: np.ndarray | None = None

    @property
    def description(self):
        text = f"{self.y_true.size:,} samples (target in {self.unit}), {self.X.shape[1]} features"
        if self.is_outlier is not None:
            text += f", {int(self.is_outlier.sum())} outliers"
        n_zero = int((self.y_true == 0).sum())
        return text + (f", {n_zero} zero targets" if n_zero else "")


@dataclass(frozen=True, repr=False)
class TrajectoryScenario(_Scenario):
    """Future positions of agents, true and predicted.

    Attributes
    ----------
    y_true, y_pred : ndarray of float64, shape (n_agents, n_steps, 2)
        x, y positions in metres at times ``dt, 2 dt, ..., n_steps dt`` after now.
    dt : float
        Seconds between steps.
    time : ndarray of float64, shape (n_steps,) (property)
        The time of each step.
    """

    y_true: np.ndarray
    y_pred: np.ndarray
    dt: float

    @property
    def time(self):
        return self.dt * np.arange(1, self.y_true.shape[1] + 1)

    @property
    def description(self):
        n_agents, n_steps, _ = self.y_true.shape
        return f"{n_agents:,} agents x {n_steps} steps of {self.dt:g} s ({n_steps * self.dt:g} s horizon)"


@dataclass(frozen=True, repr=False)
class RankingScenario(_Scenario):
    """Search results with graded relevance.

    Attributes
    ----------
    relevance : ndarray of int64, shape (n_queries, n_items)
        Graded relevance 0-3 of each candidate item (names in ``target_names``).
    scores : ndarray of float64, shape (n_queries, n_items)
        The ranker's score; a query's ranked list is its items by decreasing score.
    target_names : tuple of str
        The name of each relevance grade.
    y_true, y_score : ndarray (properties)
        Aliases of ``relevance`` and ``scores``: the argument names of ``ndcg_score``.
    """

    relevance: np.ndarray
    scores: np.ndarray
    target_names: tuple

    @property
    def y_true(self):
        return self.relevance

    @property
    def y_score(self):
        return self.scores

    @property
    def description(self):
        n_queries, n_items = self.relevance.shape
        per_query = (self.relevance > 0).sum(axis=1).mean()
        return f"{n_queries:,} queries x {n_items} items, {per_query:.1f} relevant items per query"


# --------------------------------------------------------------------------- helpers


def story_of(function):
    """The story paragraph of a scenario: its docstring's second paragraph, on one line."""
    paragraphs = inspect.cleandoc(function.__doc__ or "").split("\n\n")
    return " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""


def make_rng(seed):
    """The scenario's generator; ``seed`` must be a non-negative integer (or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise MetricInputError(f"seed must be a non-negative integer (or a numpy Generator), got {seed!r}")
    return np.random.default_rng(int(seed))


def check_count(value, name, minimum=1):
    """``value`` as an int of at least ``minimum``; else a MetricInputError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise MetricInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_fraction(value, name):
    """``value`` as a float strictly between 0 and 1; else a MetricInputError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise MetricInputError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def check_fit_inputs(X_train, y_train, X_test=None, *, x_name="X_train", y_name="y_train"):
    """Training points (2-D, finite), their labels (1-D, no NaN, one per row) and test points
    (2-D, finite, the same columns) as arrays; else a MetricInputError naming the argument."""
    X_train = as_float_array(X_train, x_name, ndim=(1, 2))
    X_train = X_train.reshape(len(X_train), -1)
    if isinstance(y_train, (list, tuple)) and any(isinstance(v, float) and not np.isfinite(v) for v in y_train):
        raise MetricInputError(f"{y_name} contains NaN or infinity; every training point needs a label")
    y_train = as_1d(y_train, y_name)
    check_finite(y_train, y_name)
    check_consistent_length((x_name, X_train), (y_name, y_train))
    if X_test is None:
        return X_train, y_train
    X_test = as_float_array(X_test, "X_test", ndim=(1, 2))
    X_test = X_test.reshape(len(X_test), -1)
    if X_test.shape[1] != X_train.shape[1]:
        raise MetricInputError(f"X_test has {X_test.shape[1]} columns but X_train has {X_train.shape[1]}")
    return X_train, y_train, X_test


def sigmoid(z):
    """The logistic function ``1 / (1 + e^-z)``, elementwise."""
    return np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + e^-z) without overflow


def softmax(z):
    """Probabilities from logits along the last axis."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # shift for stability; the result is unchanged
    return e / e.sum(axis=-1, keepdims=True)


def exact_labels(rng, n, prevalence):
    """0/1 labels with exactly round(n * prevalence) positives, in random order."""
    n_pos = int(round(n * prevalence))
    if not 0 < n_pos < n:
        raise MetricInputError(
            f"n={n} with prevalence={prevalence} gives {n_pos} positives; "
            "increase n so that both classes occur"
        )
    return rng.permutation(np.repeat(np.array([0, 1], dtype=np.int64), [n - n_pos, n_pos]))
