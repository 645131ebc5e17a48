"""Seeded simulations for notebook 07: a biased LLM judge, answer pairs, human raters.

Nothing here is a metric. These are small, transparent generators whose *true* answer
is known, so the notebook can show a measurement going wrong and being fixed: a judge
that prefers long answers and whatever it reads first, and two human raters whose
agreement is partly chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_float_array, check_consistent_length, check_int, rng_from_seed

__all__ = ["AnswerPairs", "answer_pairs", "biased_judge", "length_controlled_win_rate", "likert_raters"]


@dataclass(frozen=True)
class AnswerPairs:
    """Answers of models A and B to the same prompts: true quality and length in tokens."""

    quality_a: np.ndarray
    quality_b: np.ndarray
    length_a: np.ndarray
    length_b: np.ndarray

    @property
    def b_truly_better(self):
        """1.0 where B's answer is really better, 0.0 where worse (the ground truth)."""
        return (self.quality_b > self.quality_a).astype(float)


def answer_pairs(n_prompts, rng, *, quality_gap=-0.1, length_a=120, length_b=220):
    """``n_prompts`` pairs where model B is more verbose and ``quality_gap`` better on average.

    Quality is on a logit-like scale (standard normal per prompt); lengths are Poisson.
    The default makes B slightly *worse* but almost twice as long.
    """
    n_prompts, rng = check_int(n_prompts, "n_prompts", 1), rng_from_seed(rng, "rng")
    base = rng.normal(size=n_prompts)  # how hard each prompt is, shared by both models
    quality_a = base + rng.normal(scale=0.7, size=n_prompts)
    quality_b = base + quality_gap + rng.normal(scale=0.7, size=n_prompts)
    return AnswerPairs(quality_a, quality_b, rng.poisson(length_a, n_prompts).astype(float),
                       rng.poisson(length_b, n_prompts).astype(float))


def biased_judge(quality_first, length_first, quality_second, length_second, rng, *,
                 length_bias=0.01, position_bias=0.4, noise=0.5):
    """1.0 where the judge prefers the answer shown *first*, else 0.0.

    The judge sees quality through noise, adds ``length_bias`` per extra token of the
    first answer over the second, and ``position_bias`` for simply being first.
    """
    named = {"quality_first": quality_first, "length_first": length_first, "quality_second": quality_second,
             "length_second": length_second}
    quality_first, length_first, quality_second, length_second = (as_float_array(v, k) for k, v in named.items())
    check_consistent_length(("quality_first", quality_first), ("length_first", length_first),
                            ("quality_second", quality_second), ("length_second", length_second))
    rng = rng_from_seed(rng, "rng")
    margin = (quality_first - quality_second
              + length_bias * (length_first - length_second)
              + position_bias + rng.normal(scale=noise, size=np.shape(quality_first)))
    return (margin > 0).astype(float)


def length_controlled_win_rate(wins, length_difference):
    """Win rate at equal length: the intercept of a least-squares line of wins on length difference.

    A linear-probability version of the idea behind AlpacaEval's length-controlled win
    rate: regress the judge's verdicts on the length difference and read the fitted win
    rate where the difference is zero.
    """
    wins = as_float_array(wins, "wins")
    length_difference = as_float_array(length_difference, "length_difference")
    check_consistent_length(("wins", wins), ("length_difference", length_difference))
    if np.ptp(length_difference) == 0:
        raise MetricInputError("length_difference is constant; the length effect cannot be estimated")
    slope, intercept = np.polyfit(length_difference, wins, 1)
    return float(np.clip(intercept, 0.0, 1.0))


def likert_raters(n_items, rng, *, noise=0.8, leniency=0.5):
    """Two raters scoring the same items 1-5; rater 2 is ``leniency`` points more generous."""
    n_items, rng = check_int(n_items, "n_items", 1), rng_from_seed(rng, "rng")
    true = rng.normal(3.0, 1.0, size=n_items)
    rater_1 = np.clip(np.round(true + rng.normal(scale=noise, size=n_items)), 1, 5).astype(int)
    rater_2 = np.clip(np.round(true + leniency + rng.normal(scale=noise, size=n_items)), 1, 5).astype(int)
    return rater_1, rater_2
