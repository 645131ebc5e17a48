"""Seeded classifiers for the hour's classification notebooks (01 to 04).

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
===========================  ====================================================
"""

from __future__ import annotations

import numpy as np

from .scenario import (BinaryScenario, CalibrationScenario, MulticlassScenario, MultilabelScenario,
                       check_count, check_fraction, exact_labels, make_rng, sigmoid, softmax, story_of)

__all__ = ["cancer_screening", "card_fraud", "maneuver_classifier", "overconfident_classifier",
           "pedestrian_crossing", "scene_tags", "spam_filter"]


# --------------------------------------------------------------------------- helpers


def _gaussian_detector(rng, n, prevalence, shift, *, hard_fraction=0.0, hard_shift=None):
    """Features X | y ~ N(y * shift, I) and the Bayes detector's probability for them.

    A ``hard_fraction`` of the negatives is moved by ``hard_shift``: negatives that look
    like positives, which the detector does not know about.
    """
    shift = np.asarray(shift, dtype=np.float64)
    y = exact_labels(rng, n, prevalence)
    X = rng.standard_normal((n, shift.size)) + y[:, None] * shift
    if hard_fraction:
        hard = (y == 0) & (rng.random(n) < hard_fraction)
        X += hard[:, None] * np.asarray(hard_shift, dtype=np.float64)
    # log-likelihood ratio of the two Gaussians plus the prior log-odds = posterior log-odds
    logit = X @ shift - shift @ shift / 2 + np.log(prevalence / (1 - prevalence))
    return X, y, sigmoid(logit)


def _binary(function, X, y, score, feature_names, target_names, cost_fp, cost_fn):
    return BinaryScenario(
        name=function.__name__, story=story_of(function), y_true=y, y_score=score, X=X,
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
    rng = make_rng(seed)
    n, prevalence = check_count(n, "n", 2), check_fraction(prevalence, "prevalence")
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
    rng = make_rng(seed)
    n, prevalence = check_count(n, "n", 2), check_fraction(prevalence, "prevalence")
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
    rng = make_rng(seed)
    n, prevalence = check_count(n, "n", 2), check_fraction(prevalence, "prevalence")
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
    rng = make_rng(seed)
    n, prevalence = check_count(n, "n", 2), check_fraction(prevalence, "prevalence")
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
    rng = make_rng(seed)
    n = check_count(n, "n", 4)
    share = np.array([0.70, 0.12, 0.10, 0.08])
    counts = np.round(share * n).astype(np.int64)
    counts[0] += n - counts.sum()  # rounding leftovers go to the majority class
    y = rng.permutation(np.repeat(np.arange(4), counts))
    # the true class gets a bump in its logit; the rare turns get the smallest bumps
    signal = np.array([2.5, 1.6, 1.2, 2.2])
    logits = np.log(share) + signal * np.eye(4)[y] + rng.standard_normal((n, 4))
    return MulticlassScenario(
        name="maneuver_classifier", story=story_of(maneuver_classifier), y_true=y,
        y_score=softmax(logits), labels=(0, 1, 2, 3),
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
    rng = make_rng(seed)
    n = check_count(n, "n")
    u = rng.random((n, 4))
    rain = u[:, 0] < 0.20
    night = u[:, 1] < 0.30
    pedestrian = u[:, 2] < 0.45 - 0.25 * night  # fewer people out at night
    occlusion = u[:, 3] < 0.04 + 0.30 * rain + 0.15 * pedestrian  # spray and crowds hide things
    y = np.column_stack([rain, night, pedestrian, occlusion]).astype(np.int64)
    # one logistic score per tag; a larger signal means an easier tag
    signal = np.array([1.6, 2.6, 1.3, 0.6])
    score = sigmoid(signal * (2 * y - 1) - 0.5 + rng.standard_normal((n, 4)))
    return MultilabelScenario(
        name="scene_tags", story=story_of(scene_tags), y_true=y, y_score=score,
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
    rng = make_rng(seed)
    n = check_count(n, "n")
    n_classes, temperature = 10, 2.5
    # calibrated logits: a bump on the image's sign plus noise
    sign = rng.integers(0, n_classes, n)
    calibrated = 3.2 * np.eye(n_classes)[sign] + rng.standard_normal((n, n_classes))
    # draw the truth from softmax(calibrated) via the Gumbel-max trick
    y = (calibrated + rng.gumbel(size=(n, n_classes))).argmax(axis=1)
    return CalibrationScenario(
        name="overconfident_classifier", story=story_of(overconfident_classifier), y_true=y,
        logits=temperature * calibrated, temperature=temperature,
        labels=tuple(range(n_classes)),
        target_names=("stop", "yield", "speed 30", "speed 50", "speed 80", "no entry",
                      "crossing", "roundabout", "no parking", "one way"),
    )
