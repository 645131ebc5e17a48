"""Build a drill's cases: named edge cases, seeded random cases, property instances.

Every check draws a fresh *run seed* (:func:`fresh_seed`); each random draw is then
seeded from the run seed, the drill id, the case kind and the case index through
SHA-256. A learner cannot build a lookup table from printed cases -- the next
check draws other arrays -- yet ``--seed S --case random-7`` rebuilds exactly the
arrays of the failing run, on any machine. Named edge cases do not depend on the
seed. In a workshop the instructor's seed stays secret.

The small generators at the bottom (labels, scores with ties, ...) are shared by
the spec files so that random cases look alike across drills: heavy ties, rare
classes, single-class draws.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
import warnings
from dataclasses import dataclass, field

import numpy as np

from .._validation import MetricInputError


@dataclass(frozen=True)
class Call:
    """Positional and keyword arguments for one call of the learner's function."""

    args: tuple
    kwargs: dict = field(default_factory=dict)


def call(*args, **kwargs) -> Call:
    return Call(tuple(args), dict(kwargs))


def as_call(made) -> Call:
    return made if isinstance(made, Call) else Call(tuple(made))


@dataclass(frozen=True)
class Raises:
    """The expected outcome of a case on which the function must raise."""

    exc: str  # the exception class name, e.g. "ValueError"

    def __repr__(self):
        return f"raises {self.exc}"


@dataclass
class Case:
    """One graded unit: an edge case, a random case or one instance of a property."""

    kind: str          # "edge", "random" or "property"
    name: str          # what --case takes: "no-positives", "random-7", "monotone-transform-1"
    why: str
    calls: list        # Call objects; one for edge/random cases, several for a property
    prop: object = None


MAX_SEED = 10**12  # run seeds are printed: keep them short enough to type


def fresh_seed() -> int:
    """A new run seed from the operating system's entropy (never from the clock)."""
    return secrets.randbelow(MAX_SEED)


def seed_for(drill_id: str, kind: str, index: int, seed: int = 0) -> int:
    """A 64-bit seed from the run seed, drill id, case kind and index (same on every machine)."""
    digest = hashlib.sha256(f"{int(seed)}/{drill_id}/{kind}/{index}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def rng_for(drill_id: str, kind: str, index: int, seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed_for(drill_id, kind, index, seed))


def build_cases(drill, seed: int = 0) -> list:
    """All cases of a drill in grading order (edge cases, random cases, properties) for run seed ``seed``."""
    cases = [Case("edge", e.name, e.why, [Call(tuple(e.args), dict(e.kwargs))]) for e in drill.edges]
    if drill.random is not None:
        for i in range(drill.random.n):
            made = as_call(drill.random.make(rng_for(drill.id, "random", i, seed)))
            cases.append(Case("random", f"random-{i}", "a seeded random case compared with the "
                              "reference answer", [made]))
    for prop in drill.props:
        for i in range(prop.n):
            calls = [as_call(c) for c in prop.make(rng_for(drill.id, prop.name, i, seed))]
            cases.append(Case("property", f"{prop.name}-{i}", prop.why, calls, prop))
    return cases


class UnknownCase(MetricInputError, KeyError):
    """``--case NAME`` names no case of the drill."""

    def __str__(self):
        return str(self.args[0])


def find_case(cases, name):
    for case in cases:
        if case.name == name:
            return case
    n_random = sum(1 for c in cases if c.kind == "random")
    named = ", ".join(c.name for c in cases if c.kind != "random")
    randoms = f"random-0..random-{n_random - 1} or " if n_random else ""
    raise UnknownCase(f"no case named {name!r}; try {randoms}one of: {named}")


def run_trusted(fn, c: Call):
    """Call our own code (reference answer or misconception) on a private copy of the inputs."""
    args, kwargs = copy.deepcopy(c.args), copy.deepcopy(c.kwargs)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the reference's raise *is* the expected outcome
            return Raises(type(exc).__name__)


# --------------------------------------------------------------------------- generators


def binary_labels(rng, n=None, *, p=None):
    """0/1 labels; sometimes rare positives, occasionally a single class."""
    n = n or int(rng.integers(1, 60))
    p = rng.choice([0.5, 0.2, 0.05, 0.9, 0.0, 1.0], p=[0.4, 0.2, 0.1, 0.1, 0.1, 0.1]) if p is None else p
    return (rng.random(n) < p).astype(np.int64)


def noisy_predictions(rng, y_true, flip=None):
    """Predictions that agree with ``y_true`` except for a random fraction of flips."""
    flip = rng.uniform(0, 0.6) if flip is None else flip
    return np.where(rng.random(y_true.size) < flip, 1 - y_true, y_true).astype(np.int64)


def scores_with_ties(rng, y_true, *, levels=None):
    """Scores loosely related to ``y_true``, rounded so that ties are common."""
    levels = levels or int(rng.choice([3, 5, 10, 1000]))
    raw = rng.normal(size=y_true.size) + rng.uniform(0, 2) * y_true
    return np.round(raw * levels / 4) / (levels / 4)


def both_classes(rng, n=None):
    """0/1 labels with at least one of each class."""
    n = n or int(rng.integers(2, 60))
    y = binary_labels(rng, n, p=rng.uniform(0.1, 0.9))
    y[rng.choice(n, 2, replace=False)] = [0, 1]
    return y


def multiclass_labels(rng, n=None, k=None):
    """Integer labels 0..k-1 with unequal class sizes."""
    n = n or int(rng.integers(1, 60))
    k = k or int(rng.integers(2, 6))
    weights = rng.dirichlet(np.ones(k) * 0.7)
    return rng.choice(k, size=n, p=weights).astype(np.int64)


def probabilities(rng, y_true, *, sharp=None):
    """Predicted probabilities of the positive class, sometimes overconfident, some exact 0/1."""
    sharp = rng.uniform(0.5, 4) if sharp is None else sharp
    logits = sharp * (rng.normal(size=y_true.size) + (2 * y_true - 1) * rng.uniform(0, 1.5))
    p = 1 / (1 + np.exp(-logits))
    return np.round(p, int(rng.choice([2, 3, 12])))


def regression_pair(rng, n=None, *, positive=False):
    """A target and a prediction with noise and the odd outlier."""
    n = n or int(rng.integers(1, 60))
    y_true = rng.normal(10 if positive else 0, 3, size=n)
    if positive:
        y_true = np.abs(y_true) + 0.5
    y_pred = y_true + rng.normal(0, rng.uniform(0.1, 3), size=n)
    outliers = rng.random(n) < 0.05
    y_pred[outliers] += rng.normal(0, 30, size=int(outliers.sum()))
    return np.round(y_true, 3), np.round(y_pred, 3)
