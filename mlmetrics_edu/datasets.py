"""Seeded synthetic scenarios for the course: each one is built to show one trap.

Every scenario is a function ``name(n=..., *, seed=0)`` whose docstring opens with a
one-paragraph *story* -- what the product is and what each kind of error costs -- and
which returns a small frozen dataclass holding the labels, the model's scores (and
features where a notebook fits a model), the story as ``.story`` and a one-line
summary of the numbers as ``.description``.

The same ``seed`` always gives the same data: each function draws only from its own
``np.random.default_rng(seed)``, never from NumPy's global state. The generators are
vectorized and the defaults small, so a notebook cell runs in milliseconds.

===========================  ====================================================
scenario                     the trap it was built to show
===========================  ====================================================
``pedestrian_crossing``      ROC-AUC looks great (~0.95) while PR-AUC is poor
``card_fraud``               98% accuracy by answering "never fraud"
``spam_filter``              precision matters: a false alarm hides real mail
``cancer_screening``         recall matters: the 0.5 threshold misses most cancers
``maneuver_classifier``      imbalanced classes: micro-F1 and macro-F1 disagree
``scene_tags``               multi-label tags that co-occur, one rare and hard
``overconfident_classifier`` 0.9 confidence, right 60% of the time
``house_prices``             a few outliers dominate RMSE but not MAE
``demand_forecast``          zero-demand days make MAPE undefined
``trajectories``             ADE and FDE of a constant-velocity predictor
``search_queries``           top-5 almost always holds a hit, top-1 rarely does
===========================  ====================================================

``fit_logistic_regression`` is a tiny NumPy logistic regression for the notebooks that
fit their own model on a scenario's features.
"""

from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass

import numpy as np

from ._validation import MetricInputError, as_1d, as_float_array, check_consistent_length

__all__ = [
    "BinaryScenario",
    "CalibrationScenario",
    "LogisticRegressionModel",
    "MulticlassScenario",
    "MultilabelScenario",
    "RankingScenario",
    "RegressionScenario",
    "SCENARIOS",
    "TrajectoryScenario",
    "cancer_screening",
    "card_fraud",
    "demand_forecast",
    "fit_logistic_regression",
    "house_prices",
    "maneuver_classifier",
    "overconfident_classifier",
    "pedestrian_crossing",
    "scene_tags",
    "search_queries",
    "spam_filter",
    "trajectories",
]


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
        return _softmax(self.logits)

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


def _story(function):
    """The story paragraph of a scenario: its docstring's second paragraph, on one line."""
    paragraphs = inspect.cleandoc(function.__doc__ or "").split("\n\n")
    return " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""


def _rng(seed):
    """The scenario's generator; ``seed`` must be a non-negative integer (or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise MetricInputError(f"seed must be a non-negative integer (or a numpy Generator), got {seed!r}")
    return np.random.default_rng(int(seed))


def _check_count(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise MetricInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_fraction(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise MetricInputError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + e^-z) without overflow


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # shift for stability; the result is unchanged
    return e / e.sum(axis=-1, keepdims=True)


def _exact_labels(rng, n, prevalence):
    """0/1 labels with exactly round(n * prevalence) positives, in random order."""
    n_pos = int(round(n * prevalence))
    if not 0 < n_pos < n:
        raise MetricInputError(
            f"n={n} with prevalence={prevalence} gives {n_pos} positives; "
            "increase n so that both classes occur"
        )
    return rng.permutation(np.repeat(np.array([0, 1], dtype=np.int64), [n - n_pos, n_pos]))


def _gaussian_detector(rng, n, prevalence, shift, *, hard_fraction=0.0, hard_shift=None):
    """Features X | y ~ N(y * shift, I) and the Bayes detector's probability for them.

    A ``hard_fraction`` of the negatives is moved by ``hard_shift``: negatives that look
    like positives, which the detector does not know about.
    """
    shift = np.asarray(shift, dtype=np.float64)
    y = _exact_labels(rng, n, prevalence)
    X = rng.standard_normal((n, shift.size)) + y[:, None] * shift
    if hard_fraction:
        hard = (y == 0) & (rng.random(n) < hard_fraction)
        X += hard[:, None] * np.asarray(hard_shift, dtype=np.float64)
    # log-likelihood ratio of the two Gaussians plus the prior log-odds = posterior log-odds
    logit = X @ shift - shift @ shift / 2 + np.log(prevalence / (1 - prevalence))
    return X, y, _sigmoid(logit)


def _binary(function, X, y, score, feature_names, target_names, cost_fp, cost_fn):
    return BinaryScenario(
        name=function.__name__, story=_story(function), y_true=y, y_score=score, X=X,
        feature_names=tuple(feature_names), target_names=tuple(target_names),
        cost_fp=float(cost_fp), cost_fn=float(cost_fn),
    )


# --------------------------------------------------------------------------- binary


def pedestrian_crossing(n=10_000, *, prevalence=0.01, seed=0):
    """A crossing detector whose ROC-AUC flatters it: 1% positives.

    A self-driving car's perception stack watches every pedestrian near the road and
    predicts, each frame, whether they are about to step onto it. Only about one frame
    in a hundred is a real crossing. A missed crossing (false negative) can injure
    someone; a false alarm (false positive) costs a needless hard brake that annoys the
    passengers and can get the car rear-ended. Some people wait at the kerb facing the
    traffic: they look like crossers in every feature except their speed, and they fill
    the top of the detector's ranking.

    Parameters
    ----------
    n : int, default 10_000
        Number of frames.
    prevalence : float, default 0.01
        Fraction of crossing frames (exactly ``round(n * prevalence)`` positives).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    BinaryScenario
        Features: closeness_to_kerb, facing_road, looking_at_traffic,
        speed_toward_road (standardized). Costs: false positive 1, false negative 100.

    Notes
    -----
    The trap: ROC-AUC is about 0.94, because the thousands of easy negatives (people on
    the pavement) are ranked below almost every crossing. Average precision is only about
    0.2 (0.197 with the default seed; 0.20-0.32 over seeds 0-4): the waiting pedestrians
    outrank most crossings, so every alarm is mostly wrong. PR-AUC's random baseline is the prevalence (0.01), ROC-AUC's is 0.5.

    Examples
    --------
    >>> s = pedestrian_crossing()
    >>> s.y_true.shape, int(s.y_true.sum()), s.X.shape
    ((10000,), 100, (10000, 4))
    >>> s.target_names
    ('no crossing', 'crossing')
    """
    rng = _rng(seed)
    n, prevalence = _check_count(n, "n", 2), _check_fraction(prevalence, "prevalence")
    shift = [1.5, 1.3, 1.1, 0.9]
    X, y, score = _gaussian_detector(
        rng, n, prevalence, shift, hard_fraction=0.03, hard_shift=[1.5, 1.3, 1.1, 0.0]
    )
    features = ("closeness_to_kerb", "facing_road", "looking_at_traffic", "speed_toward_road")
    return _binary(pedestrian_crossing, X, y, score, features, ("no crossing", "crossing"), 1, 100)


def card_fraud(n=5_000, *, prevalence=0.02, seed=0):
    """Card transactions, 2% fraudulent: "never fraud" scores 98% accuracy.

    A bank scores every card payment and blocks the suspicious ones. Two payments in a
    hundred are fraud. A missed fraud (false negative) costs the bank the stolen amount
    and the customer's trust; a blocked honest payment (false positive) costs a call to
    the help line and an embarrassed customer at the till -- real, but about twenty
    times cheaper.

    Parameters
    ----------
    n : int, default 5_000
        Number of transactions.
    prevalence : float, default 0.02
        Fraction of fraudulent transactions (exactly ``round(n * prevalence)``).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    BinaryScenario
        Features: amount, night_time, distance_from_home, merchant_risk,
        card_not_present (standardized). Costs: false positive 5, false negative 100.

    Notes
    -----
    The trap: a model that answers "not fraud" every time has accuracy exactly
    ``1 - prevalence`` (98%) and recall 0. The deployed model, at threshold 0.5, is
    barely more accurate (about 98.2%) while catching only a fraction of the fraud;
    recall, PR-AUC and expected cost tell the real story.

    Examples
    --------
    >>> s = card_fraud()
    >>> float((s.y_true == 0).mean())  # accuracy of always answering "not fraud"
    0.98
    """
    rng = _rng(seed)
    n, prevalence = _check_count(n, "n", 2), _check_fraction(prevalence, "prevalence")
    X, y, score = _gaussian_detector(rng, n, prevalence, [1.3, 1.1, 0.9, 0.6, 0.4])
    features = ("amount", "night_time", "distance_from_home", "merchant_risk", "card_not_present")
    return _binary(card_fraud, X, y, score, features, ("legitimate", "fraud"), 5, 100)


def spam_filter(n=2_000, *, prevalence=0.3, seed=0):
    """An e-mail spam filter, where precision matters most.

    A mail service moves messages it believes are spam out of the inbox. About a third
    of incoming mail is spam. A spam message that reaches the inbox (false negative)
    costs a second of the reader's attention; a real message sent to the spam folder
    (false positive) may be a job offer or a hospital appointment that is never read.
    So "when the filter says spam, is it right?" -- precision -- is the first question.

    Parameters
    ----------
    n : int, default 2_000
        Number of messages.
    prevalence : float, default 0.3
        Fraction of spam (exactly ``round(n * prevalence)``).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    BinaryScenario
        Features: link_count, spam_words, unknown_sender, capital_letters
        (standardized). Costs: false positive 20, false negative 1.

    Notes
    -----
    The model is good (ROC-AUC about 0.96) and at threshold 0.5 its precision is about
    0.85: one message in seven sent to the spam folder is real mail. Raising the
    threshold buys precision with recall; the costs say how far to go.

    Examples
    --------
    >>> s = spam_filter()
    >>> s.target_names, round(s.prevalence, 2)
    (('ham', 'spam'), 0.3)
    """
    rng = _rng(seed)
    n, prevalence = _check_count(n, "n", 2), _check_fraction(prevalence, "prevalence")
    X, y, score = _gaussian_detector(rng, n, prevalence, [1.6, 1.3, 1.0, 0.8])
    features = ("link_count", "spam_words", "unknown_sender", "capital_letters")
    return _binary(spam_filter, X, y, score, features, ("ham", "spam"), 20, 1)


def cancer_screening(n=4_000, *, prevalence=0.05, seed=0):
    """A cancer screening test, where recall matters most.

    A clinic screens patients referred with symptoms; about one in twenty has cancer.
    A missed cancer (false negative) is found later, when it is harder to treat; a
    false alarm (false positive) costs a follow-up scan and a worried week. Screening
    must catch nearly every cancer -- recall first -- and then keep false alarms
    affordable.

    Parameters
    ----------
    n : int, default 4_000
        Number of patients.
    prevalence : float, default 0.05
        Fraction with cancer (exactly ``round(n * prevalence)``).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    BinaryScenario
        Features: lesion_size, irregular_border, tissue_density (standardized).
        Costs: false positive 1, false negative 50.

    Notes
    -----
    The trap: the model ranks well (ROC-AUC about 0.9) and its probabilities are
    calibrated, but few patients reach probability 0.5, so the default threshold
    catches only about one cancer in five. The threshold must come from the costs.

    Examples
    --------
    >>> s = cancer_screening()
    >>> int(s.y_true.sum()), s.feature_names
    (200, ('lesion_size', 'irregular_border', 'tissue_density'))
    """
    rng = _rng(seed)
    n, prevalence = _check_count(n, "n", 2), _check_fraction(prevalence, "prevalence")
    X, y, score = _gaussian_detector(rng, n, prevalence, [1.2, 1.0, 0.8])
    features = ("lesion_size", "irregular_border", "tissue_density")
    return _binary(cancer_screening, X, y, score, features, ("healthy", "cancer"), 1, 50)


# --------------------------------------------------------------------------- multi-class


def maneuver_classifier(n=2_000, *, seed=0):
    """A four-way maneuver classifier on imbalanced data: micro and macro disagree.

    A driving-behaviour model predicts what the car ahead will do next: go straight,
    turn left, turn right or stop. Most of the time it goes straight (70%); turns and
    stops are rare -- and they are the maneuvers a planner must not miss, because a
    surprise stop or turn is where collisions happen. Predicting "straight" for an
    upcoming turn costs far more than the reverse.

    Parameters
    ----------
    n : int, default 2_000
        Number of samples (class shares 70/12/10/8%, rounded).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    MulticlassScenario
        ``target_names == ('straight', 'left', 'right', 'stop')``, ``labels == (0, 1, 2, 3)``.

    Notes
    -----
    The trap: the model leans on the majority class, so accuracy and micro-F1 are about
    0.8 while macro-F1 is about 0.6: right turns are recalled only a quarter of the time.
    Weighted F1 sits near micro because it weights by the same imbalance.

    Examples
    --------
    >>> s = maneuver_classifier()
    >>> s.y_score.shape, s.target_names[int(s.y_true[0])] in s.target_names
    ((2000, 4), True)
    >>> np.bincount(s.y_true).tolist()
    [1400, 240, 200, 160]
    """
    rng = _rng(seed)
    n = _check_count(n, "n", 4)
    share = np.array([0.70, 0.12, 0.10, 0.08])
    counts = np.round(share * n).astype(np.int64)
    counts[0] += n - counts.sum()  # rounding leftovers go to the majority class
    y = rng.permutation(np.repeat(np.arange(4), counts))
    # the true class gets a bump in its logit; the rare turns get the smallest bumps
    signal = np.array([2.5, 1.6, 1.2, 2.2])
    logits = np.log(share) + signal * np.eye(4)[y] + rng.standard_normal((n, 4))
    return MulticlassScenario(
        name="maneuver_classifier", story=_story(maneuver_classifier), y_true=y,
        y_score=_softmax(logits), labels=(0, 1, 2, 3),
        target_names=("straight", "left", "right", "stop"),
    )


def scene_tags(n=2_000, *, seed=0):
    """Multi-label scene tags (rain, night, pedestrian, occlusion) that co-occur.

    A data team tags driving scenes so that rare, hard conditions can be found and
    tested: rain, night, a pedestrian present, and a partly hidden (occluded) object.
    A scene can carry any subset of tags. The tags are not independent: occlusion is
    far more common in rain (spray, wipers) and around pedestrians, and there are
    fewer pedestrians at night. A missed "occlusion" tag hides a hard case from the
    test set; a wrong tag wastes a reviewer's minute.

    Parameters
    ----------
    n : int, default 2_000
        Number of scenes.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    MultilabelScenario
        ``target_names == ('rain', 'night', 'pedestrian', 'occlusion')``; ``y_true`` is an
        (n, 4) indicator matrix.

    Notes
    -----
    Tag rates are about rain 20%, night 30%, pedestrian 38%, occlusion 16%. The tagger
    is excellent at night (brightness is easy) and poor at occlusion, so per-label F1
    ranges from about 0.99 to about 0.5, and macro-F1 falls below micro-F1.

    Examples
    --------
    >>> s = scene_tags()
    >>> s.y_true.shape, s.target_names
    ((2000, 4), ('rain', 'night', 'pedestrian', 'occlusion'))
    """
    rng = _rng(seed)
    n = _check_count(n, "n")
    u = rng.random((n, 4))
    rain = u[:, 0] < 0.20
    night = u[:, 1] < 0.30
    pedestrian = u[:, 2] < 0.45 - 0.25 * night  # fewer people out at night
    occlusion = u[:, 3] < 0.04 + 0.30 * rain + 0.15 * pedestrian  # spray and crowds hide things
    y = np.column_stack([rain, night, pedestrian, occlusion]).astype(np.int64)
    # one logistic score per tag; a larger signal means an easier tag
    signal = np.array([1.6, 2.6, 1.3, 0.6])
    score = _sigmoid(signal * (2 * y - 1) - 0.5 + rng.standard_normal((n, 4)))
    return MultilabelScenario(
        name="scene_tags", story=_story(scene_tags), y_true=y, y_score=score,
        labels=(0, 1, 2, 3), target_names=("rain", "night", "pedestrian", "occlusion"),
    )


def overconfident_classifier(n=5_000, *, seed=0):
    """A traffic-sign classifier that says 0.9 and is right 60% of the time.

    A camera model reads traffic signs (ten classes) and reports a confidence with each
    answer; the planner trusts a confident reading and double-checks a doubtful one.
    Like many modern networks, this one is overconfident: its average confidence is
    about 0.9 but it is right only about 60% of the time. A confident wrong reading
    (a "30" read as "80" with 0.95) is exactly the error the planner cannot catch.

    Parameters
    ----------
    n : int, default 5_000
        Number of images.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    CalibrationScenario
        ``logits`` of shape (n, 10) and the ``temperature`` (2.5) that calibrates them.

    Notes
    -----
    The true class is drawn from ``softmax(logits / temperature)``, so dividing the
    logits by the temperature calibrates the model exactly, without changing a single
    prediction (accuracy and ROC-AUC are untouched). The top-label ECE falls from about
    0.3 to near 0. Fit the temperature on one half and evaluate on the other.

    Examples
    --------
    >>> s = overconfident_classifier()
    >>> s.logits.shape, s.temperature
    ((5000, 10), 2.5)
    >>> bool(s.confidence.mean() > s.correct.mean() + 0.2)
    True
    """
    rng = _rng(seed)
    n = _check_count(n, "n")
    n_classes, temperature = 10, 2.5
    # calibrated logits: a bump on the image's sign plus noise
    sign = rng.integers(0, n_classes, n)
    calibrated = 3.2 * np.eye(n_classes)[sign] + rng.standard_normal((n, n_classes))
    # draw the truth from softmax(calibrated) via the Gumbel-max trick
    y = (calibrated + rng.gumbel(size=(n, n_classes))).argmax(axis=1)
    return CalibrationScenario(
        name="overconfident_classifier", story=_story(overconfident_classifier), y_true=y,
        logits=temperature * calibrated, temperature=temperature,
        labels=tuple(range(n_classes)),
        target_names=("stop", "yield", "speed 30", "speed 50", "speed 80", "no entry",
                      "crossing", "roundabout", "no parking", "one way"),
    )


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
    rng = _rng(seed)
    n = _check_count(n, "n", 2)
    outlier_fraction = _check_fraction(outlier_fraction, "outlier_fraction")
    area = np.round(rng.lognormal(np.log(110), 0.35, n), 1)
    bedrooms = np.clip(np.round(area / 35 + rng.normal(0, 0.7, n)), 1, 6)
    age = np.round(rng.uniform(0, 80, n))
    value = 60_000 + 2_500 * area + 15_000 * bedrooms - 800 * age
    # the model learned slightly different coefficients from last year's sales
    y_pred = 55_000 + 2_450 * area + 16_000 * bedrooms - 750 * age
    y_true = value * (1 + 0.10 * rng.standard_normal(n))  # noise grows with the price
    is_outlier = _exact_labels(rng, n, outlier_fraction).astype(bool)
    y_true = np.where(is_outlier, y_true * rng.uniform(3, 5, n), y_true)
    return RegressionScenario(
        name="house_prices", story=_story(house_prices), y_true=np.round(y_true, -2),
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
    rng = _rng(seed)
    n = _check_count(n, "n", 1)
    day = np.arange(n)
    day_of_week = day % 7
    weekly = np.array([2.0, 1.5, 1.5, 2.0, 3.0, 5.0, 2.5])  # Monday..Sunday mean sales
    rate = weekly[day_of_week] * (1 + 0.2 * np.sin(2 * np.pi * day / 365))  # mild season
    y_true = rng.poisson(rate).astype(np.float64)
    y_pred = np.round(rate * (1 + 0.1 * rng.standard_normal(n)), 2)  # a good forecast of the mean
    return RegressionScenario(
        name="demand_forecast", story=_story(demand_forecast), y_true=y_true,
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
    rng = _rng(seed)
    n_agents, n_steps = _check_count(n_agents, "n_agents"), _check_count(n_steps, "n_steps")
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
        name="trajectories", story=_story(trajectories), y_true=y_true, y_pred=y_pred, dt=float(dt)
    )


# --------------------------------------------------------------------------- ranking


def search_queries(n_queries=200, n_items=20, *, seed=0):
    """Search results where top-5 is good and top-1 is poor.

    A help-centre search engine returns a ranked list of articles for each query;
    editors graded every candidate 0 (irrelevant) to 3 (perfect). Users read the first
    result and rarely scroll, so a wrong first result costs a support ticket, while a
    weak fifth result costs almost nothing. The ranker is good at gathering relevant
    articles near the top, but a popular, catchy article that answers nothing often
    grabs the first place.

    Parameters
    ----------
    n_queries : int, default 200
    n_items : int, default 20
        Candidate articles per query (at least 2).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    RankingScenario
        ``relevance`` (int, 0-3) and ``scores`` of shape (n_queries, n_items); every query
        has at least one relevant item.

    Notes
    -----
    The trap: a relevant article is in the top five for almost every query, but the
    first result is relevant for only about 40% of them -- the "clickbait" article was
    put first in 60% of queries. Hit rate@5 and NDCG@10 look fine; precision@1 and MRR
    reveal it.

    Examples
    --------
    >>> s = search_queries()
    >>> s.relevance.shape, int(s.relevance.max()), bool((s.relevance > 0).any(axis=1).all())
    ((200, 20), 3, True)
    """
    rng = _rng(seed)
    n_queries, n_items = _check_count(n_queries, "n_queries"), _check_count(n_items, "n_items", 2)
    rows = np.arange(n_queries)
    relevance = rng.choice(4, size=(n_queries, n_items), p=[0.80, 0.10, 0.06, 0.04])
    must = rng.integers(0, n_items, n_queries)
    relevance[rows, must] = np.maximum(relevance[rows, must], 2)  # every query has an answer
    scores = relevance + rng.normal(0, 0.8, (n_queries, n_items))  # a decent ranker
    # in 60% of the queries one irrelevant "clickbait" item jumps to the top
    pick = np.where(relevance == 0, rng.random((n_queries, n_items)), -1.0)
    decoy = pick.argmax(axis=1)
    has_decoy = (rng.random(n_queries) < 0.6) & (pick.max(axis=1) >= 0)
    lift = rng.uniform(0.1, 1.0, n_queries)
    scores[rows[has_decoy], decoy[has_decoy]] = (scores.max(axis=1) + lift)[has_decoy]
    return RankingScenario(
        name="search_queries", story=_story(search_queries), relevance=relevance.astype(np.int64),
        scores=np.round(scores, 3), target_names=("irrelevant", "related", "relevant", "perfect"),
    )


# every scenario function by name, for notebooks and tests that loop over them
SCENARIOS = {
    f.__name__: f
    for f in (
        pedestrian_crossing, card_fraud, spam_filter, cancer_screening, maneuver_classifier,
        scene_tags, overconfident_classifier, house_prices, demand_forecast, trajectories,
        search_queries,
    )
}


# --------------------------------------------------------------------------- a model to fit


@dataclass(frozen=True)
class LogisticRegressionModel:
    """A fitted binary logistic regression: ``P(y=1 | x) = sigmoid(x @ coef + intercept)``."""

    coef: np.ndarray
    intercept: float
    n_iter: int

    def decision_function(self, X):
        """The log-odds ``X @ coef + intercept`` of each row."""
        X = as_float_array(X, "X", ndim=(2,))
        if X.shape[1] != self.coef.size:
            raise MetricInputError(f"X has {X.shape[1]} features but the model has {self.coef.size}")
        return X @ self.coef + self.intercept

    def predict_proba(self, X):
        """Class probabilities, shape (n, 2): column 1 is P(y=1), as in scikit-learn."""
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X, threshold=0.5):
        """1 where P(y=1) >= threshold, else 0."""
        return (self.predict_proba(X)[:, 1] >= threshold).astype(np.int64)


def fit_logistic_regression(X, y, *, alpha=1.0, max_iter=100, tol=1e-10):
    """Fit a binary logistic regression with Newton's method, in NumPy.

    Minimizes the summed log loss plus ``alpha / 2 * ||coef||^2`` (the intercept is not
    penalized), which is scikit-learn's ``LogisticRegression(C=1 / alpha)``.

    Parameters
    ----------
    X : array-like of shape (n, n_features)
    y : array-like of shape (n,)
        Labels 0 and 1.
    alpha : float, default 1.0
        L2 penalty strength; must be > 0 (it keeps separable data from diverging).
    max_iter : int, default 100
    tol : float, default 1e-10
        Stop when the largest Newton step is smaller than this.

    Returns
    -------
    LogisticRegressionModel
        With ``coef``, ``intercept``, ``n_iter`` and ``predict_proba(X)``.

    Notes
    -----
    Each Newton step solves ``H step = g`` with the gradient ``g = Z^T (p - y)`` and the
    Hessian ``H = Z^T diag(p (1 - p)) Z`` (plus the penalty), where ``Z`` is ``X`` with a
    column of ones. For a handful of features this converges in under ten steps.

    Examples
    --------
    >>> s = spam_filter()
    >>> model = fit_logistic_regression(s.X, s.y_true)
    >>> model.predict_proba(s.X).shape, model.n_iter < 20
    ((2000, 2), True)
    """
    X = as_float_array(X, "X", ndim=(2,))
    y = as_1d(y, "y")
    check_consistent_length(("X", X), ("y", y))
    if not np.isin(y, [0, 1]).all():
        raise MetricInputError("y must hold only the labels 0 and 1")
    if y.min() == y.max():
        raise MetricInputError(f"y holds only the label {y[0]}; both 0 and 1 are needed to fit")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not alpha > 0:
        raise MetricInputError(f"alpha must be a positive number, got {alpha!r}")
    max_iter = _check_count(max_iter, "max_iter")
    y = y.astype(np.float64)
    Z = np.column_stack([np.ones(len(X)), X])
    penalty = np.full(Z.shape[1], float(alpha))
    penalty[0] = 0.0  # the intercept is not shrunk
    w = np.zeros(Z.shape[1])
    for n_iter in range(1, max_iter + 1):
        p = _sigmoid(Z @ w)
        gradient = Z.T @ (p - y) + penalty * w
        hessian = (Z.T * (p * (1 - p))) @ Z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < tol:
            break
    return LogisticRegressionModel(coef=w[1:], intercept=float(w[0]), n_iter=n_iter)
