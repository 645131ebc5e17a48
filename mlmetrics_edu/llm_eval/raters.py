"""Raters and judges: agreement of many raters, an LLM judge against humans, the judge's biases.

:func:`fleiss_kappa` (equal to statsmodels'), :func:`krippendorff_alpha` (equal to the
``krippendorff`` package; nominal, ordinal, interval, ratio; missing ratings allowed),
:func:`judge_human_agreement` (an LLM judge against the humans, next to the humans against
each other), :func:`position_bias` (the judge asked twice with the answers swapped) and
:func:`length_bias` (does the longer answer win?). Cohen's kappa (two raters) lives in
``classification``, with the confusion-matrix statistics.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    check_agreement_replacement,
    check_consistent_length,
    check_option,
    warn_undefined,
    warn_user,
)
from ..classification import cohen_kappa_score
from ._common import as_array, check_int, refuse_nan

__all__ = [
    "JudgeAgreement",
    "LengthBias",
    "PositionBias",
    "fleiss_kappa",
    "judge_human_agreement",
    "krippendorff_alpha",
    "length_bias",
    "position_bias",
]


def _undefined(value, what):
    warn_undefined(f"{what} is undefined (0/0: chance agreement is perfect, every rating is the same "
                   f"value) and set to replace_undefined_by={value!r}.")
    return value


def fleiss_kappa(table, *, replace_undefined_by=np.nan):
    """Fleiss' kappa: agreement among many raters on nominal labels, corrected for chance.

    Parameters
    ----------
    table : array-like of shape (n_subjects, n_categories)
        ``table[i, j]`` = how many raters put subject ``i`` in category ``j`` (counts); every
        row has the same total, the number of raters per subject (>= 2). Build it from raw
        labels with ``np.stack([np.bincount(row, minlength=k) for row in labels])``.
    replace_undefined_by : float, default=np.nan
        The value when chance agreement is perfect (every rating in one category); warns.

    Returns
    -------
    float
        Kappa; equal to ``statsmodels.stats.inter_rater.fleiss_kappa(table)``.

    Notes
    -----
    **Formula**: with ``m`` raters per subject, ``P_i = (Σ_j n_ij² - m) / (m (m - 1))`` (the
    share of agreeing rater pairs on subject i), ``P̄ = mean_i P_i``; ``p_j`` = share of all
    ratings in category j, ``P_e = Σ_j p_j²``; ``κ = (P̄ - P_e) / (1 - P_e)``.

    **Intuition**: of the agreement beyond what raters picking labels at the overall rates
    would reach by chance, how much did they achieve?

    **Interview note**: the raters need not be the same people on every subject (each
    subject's ratings are exchangeable), but every subject needs the same number of
    ratings -- with missing ratings use :func:`krippendorff_alpha`. Landis & Koch's
    "0.6 = substantial" labels are conventions, not laws; compare with the agreement your
    task reaches between experts.

    **Edge cases**: one category used by everyone: ``P_e = 1`` and κ is 0/0 --
    ``replace_undefined_by`` with an ``UndefinedMetricWarning``. Rows with unequal totals,
    negative or non-integer counts, or fewer than 2 raters are refused.

    See Also
    --------
    krippendorff_alpha : any number of raters per unit, ordinal and interval data.
    mlmetrics_edu.classification.cohen_kappa_score : two fixed raters.

    Examples
    --------
    >>> fleiss_kappa([[3, 0], [0, 3], [2, 1], [1, 2]])   # 4 items, 3 raters, 2 labels
    0.3333
    """
    replace_undefined_by = check_agreement_replacement(replace_undefined_by)
    t = as_array(table, "table")
    if t.dtype.kind not in "iu":  # integer tables (the usual) need no NaN or fraction check
        t = as_float_array(t, "table", ndim=(2,))
        if (t != np.round(t)).any():
            raise MetricInputError("table must hold non-negative integer counts (subjects x categories)")
    if t.ndim != 2 or t.size == 0:
        raise MetricInputError(f"table must be a non-empty 2-D array (subjects x categories), got shape {t.shape}")
    if t.min() < 0:
        raise MetricInputError("table must hold non-negative integer counts (subjects x categories)")
    per_subject = t.sum(axis=1)
    m = per_subject[0]
    if (per_subject != m).any():
        bad = int(np.flatnonzero(per_subject != m)[0])
        raise MetricInputError(f"table rows must have equal totals (raters per subject): row 0 has {m:g}, "
                               f"row {bad} has {per_subject[bad]:g}")
    if m < 2:
        raise MetricInputError(f"table has {m:g} rating(s) per subject; agreement needs at least 2")
    n_subjects, m = t.shape[0], float(m)
    p_cat = t.sum(axis=0) / (n_subjects * m)
    squares = float(np.einsum("ij,ij->", t, t, dtype=np.float64))  # Σ_ij n_ij², without a temporary
    p_bar = (squares - n_subjects * m) / (n_subjects * m * (m - 1))  # mean share of agreeing pairs
    p_e = float(np.dot(p_cat, p_cat))
    if p_e == 1.0:
        return _undefined(replace_undefined_by, "Fleiss' kappa")
    return float((p_bar - p_e) / (1 - p_e))


def _value_counts(data):
    """Values x units counts of the non-missing ratings, the sorted values, and ratings per unit."""
    present = ~np.isnan(data)
    values = data[present]
    if not np.isfinite(values).all():
        raise MetricInputError("reliability_data contains infinity; use np.nan for a missing rating")
    low = values.min() if values.size else 0.0
    shifted = values - low
    codes = shifted.astype(np.int64) if values.size and shifted.max() < 4096 else None
    if codes is not None and (codes == shifted).all():  # small integers (Likert): no sort
        domain = np.flatnonzero(np.bincount(codes)) + low
    else:
        domain = np.unique(values)
    if len(domain) <= 16:  # a few values: one comparison per value, no gather
        counts = np.empty((len(domain), data.shape[1]))
        for i, v in enumerate(domain):
            counts[i] = (data == v).sum(axis=0)
    else:
        codes = np.searchsorted(domain, values)
        unit = np.broadcast_to(np.arange(data.shape[1]), data.shape)[present]
        counts = np.bincount(codes * data.shape[1] + unit, minlength=data.shape[1] * len(domain))
        counts = counts.reshape(len(domain), data.shape[1]).astype(np.float64)
    return counts, domain, present.sum(axis=0)


def krippendorff_alpha(reliability_data, *, level_of_measurement="nominal", replace_undefined_by=np.nan):
    """Krippendorff's alpha: agreement of any number of raters, with missing ratings.

    Parameters
    ----------
    reliability_data : array-like of shape (n_raters, n_units)
        ``reliability_data[r, u]`` = the value rater ``r`` gave unit ``u`` (numbers), ``np.nan``
        where rater ``r`` did not rate unit ``u``. Rows are raters, as the ``krippendorff``
        package.
    level_of_measurement : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        How far apart two values are: nominal 0/1, ordinal by the ranks between them,
        interval by the squared difference, ratio by ``((a - b) / (a + b))²``.
    replace_undefined_by : float, default=np.nan
        The value when the expected disagreement is 0 (every pairable rating is one value);
        warns.

    Returns
    -------
    float
        Alpha; equal to ``krippendorff.alpha(reliability_data,
        level_of_measurement=...)`` (the package's value domain: the values that occur).

    Notes
    -----
    **Formula**: ``α = 1 - D_o / D_e``. Each unit rated by ``m_u >= 2`` raters adds its
    ``m_u (m_u - 1)`` ordered pairs of ratings, each weighted ``1 / (m_u - 1)``, to the
    coincidence matrix ``o_ck``; ``n_c = Σ_k o_ck``, ``n = Σ_c n_c``. Then
    ``D_o ∝ Σ_ck o_ck δ²_ck`` and ``D_e ∝ Σ_ck n_c n_k δ²_ck / (n - 1)`` (the ``c = k``
    terms have ``δ = 0``). Ordinal: ``δ²_ck = (Σ_{g=c..k} n_g - (n_c + n_k)/2)²``.

    **Intuition**: how much smaller is the disagreement inside units than the disagreement
    between ratings drawn at random from the whole pool?

    **Interview note**: unlike Fleiss' kappa it handles missing ratings, any number of
    raters, and ordered scales (a 4 vs 5 is a smaller miss than 1 vs 5) -- the usual
    choice for crowd-sourced or LLM-judge rating data. Krippendorff's rule of thumb:
    α >= 0.8 to rely on the data, 0.667 for tentative conclusions.

    **Edge cases**: units rated once are not pairable and are ignored; no unit rated
    twice, or fewer than two values in the data, is refused (as the reference). All
    pairable ratings equal: ``D_e = 0`` -- ``replace_undefined_by`` with an
    ``UndefinedMetricWarning``.

    See Also
    --------
    fleiss_kappa : nominal labels, complete data.

    Examples
    --------
    >>> nan = np.nan
    >>> data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
    ...         [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
    ...         [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    >>> krippendorff_alpha(data), krippendorff_alpha(data, level_of_measurement="interval")
    (0.6914, 0.8108)
    """
    replace_undefined_by = check_agreement_replacement(replace_undefined_by)
    level = check_option(level_of_measurement, "level_of_measurement", ("nominal", "ordinal", "interval", "ratio"))
    try:
        data = np.asarray(reliability_data, dtype=object if isinstance(reliability_data, str) else None)
    except (ValueError, TypeError) as exc:  # ragged rows
        raise MetricInputError(f"reliability_data could not be read as a raters x units array: {exc}") from None
    if data.dtype.kind not in "biuf":
        raise MetricInputError("reliability_data must be numeric (raters x units, np.nan for missing); "
                               f"got dtype {data.dtype} -- map string labels to integer codes first")
    data = data.astype(np.float64, copy=False)
    if data.ndim != 2:
        raise MetricInputError(f"reliability_data must be 2-D (raters x units), got shape {data.shape}")
    counts, domain, m = _value_counts(data)
    if len(domain) <= 1:
        raise MetricInputError("reliability_data holds fewer than two distinct values; alpha needs at least two")
    pairable = m >= 2
    if not pairable.any():
        raise MetricInputError("reliability_data has no unit rated by at least two raters")
    weight = np.where(pairable, 1.0 / np.maximum(m - 1, 1), 0.0)  # units rated once pair with nothing
    weighted = counts * weight  # values x units
    o = weighted @ counts.T  # coincidences: o_ck = Σ_u (n_uc n_uk - [c = k] n_uc) / (m_u - 1)
    o[np.diag_indices_from(o)] -= weighted.sum(axis=1)  # a rating is not paired with itself
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if level == "nominal":  # δ = 1 off the diagonal: D_o ∝ n - trace(o), D_e ∝ (n² - Σ n_c²) / (n - 1)
        observed, expected = n - np.trace(o), (n * n - np.dot(n_v, n_v)) / (n - 1)
        if expected == 0:
            return _undefined(replace_undefined_by, "Krippendorff's alpha")
        return float(1.0 - observed / expected)
    if level == "interval":
        delta = (domain[:, None] - domain[None, :]) ** 2
    elif level == "ratio":
        total = domain[:, None] + domain[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = np.where(total != 0, (domain[:, None] - domain[None, :]) / total, 0.0) ** 2
    else:
        cum = np.concatenate([[0.0], np.cumsum(n_v)])  # Σ_{g <= c} n_g
        i = np.arange(len(domain))
        lo, hi = np.minimum.outer(i, i), np.maximum.outer(i, i)
        delta = (cum[hi + 1] - cum[lo] - (n_v[lo] + n_v[hi]) / 2.0) ** 2
    observed = float(np.sum(o * delta))
    expected = float(n_v @ delta @ n_v / (n - 1))  # δ_cc = 0: the diagonal adds nothing
    if expected == 0:
        return _undefined(replace_undefined_by, "Krippendorff's alpha")
    return float(1.0 - observed / expected)


class JudgeAgreement(NamedTuple):
    """How an LLM judge agrees with humans, next to how humans agree with each other."""

    agreement: float
    kappa: float
    human_agreement: float | None
    human_kappa: float | None


def _check_label_rows(humans, n_items):
    h = as_array(humans, "humans")
    if h.ndim == 1:
        h = h[None, :]
    if h.ndim != 2 or h.size == 0:
        raise MetricInputError(f"humans must be (n_humans, n_items) labels, got shape {np.shape(humans)}")
    if h.shape[1] != n_items:
        raise MetricInputError(f"judge and humans differ in length: {n_items} != {h.shape[1]} items")
    if h.dtype.kind == "f" and not np.isfinite(h).all():
        raise MetricInputError("humans contains NaN or infinity; every human must label every item")
    return h


def judge_human_agreement(judge, humans, *, weights=None):
    """Agreement of an LLM judge with human raters, and the human-human baseline.

    Parameters
    ----------
    judge : array-like of shape (n_items,)
        The judge's label for each item (e.g. "pass"/"fail", or a 1-5 score).
    humans : array-like of shape (n_humans, n_items) or (n_items,)
        Each human's label for the same items.
    weights : {None, "linear", "quadratic"}, default=None
        Weighted kappa for ordinal scores (as ``cohen_kappa_score``).

    Returns
    -------
    JudgeAgreement
        ``agreement`` and ``kappa``: raw agreement and Cohen's kappa of the judge with each
        human, averaged over humans; ``human_agreement`` and ``human_kappa``: the same
        averaged over pairs of humans (``None`` with one human).

    Notes
    -----
    **Formula**: ``agreement = mean_h mean_i [judge_i = human_hi]``,
    ``kappa = mean_h κ(judge, human_h)``; the human baseline averages over the
    ``H (H - 1) / 2`` pairs of humans.

    **Intuition**: a judge is good enough when it agrees with a human about as well as
    two humans agree with each other -- not when it reaches some absolute number.

    **Interview note**: report kappa, not only agreement: with 90% "pass" labels a judge
    that always says "pass" agrees 90% and has kappa 0. Validate the judge on a labelled
    sample of *your* task before using it, and re-validate when the prompt or model changes.

    **Edge cases**: a kappa that is 0/0 (a rater using one label) is nan with an
    ``UndefinedMetricWarning`` from ``cohen_kappa_score``.

    See Also
    --------
    mlmetrics_edu.classification.cohen_kappa_score : the pairwise kappa used here.
    krippendorff_alpha : agreement of many raters with missing labels.

    Examples
    --------
    >>> judge = ["pass", "pass", "fail", "pass", "fail", "pass"]
    >>> humans = [["pass", "pass", "fail", "fail", "fail", "pass"],
    ...           ["pass", "fail", "fail", "pass", "fail", "pass"]]
    >>> judge_human_agreement(judge, humans)
    JudgeAgreement(agreement=0.8333, kappa=0.6667, human_agreement=0.6667, human_kappa=0.3333)
    """
    refuse_nan(judge, "judge")
    refuse_nan(humans, "humans")
    j = as_1d(judge, "judge")
    h = _check_label_rows(humans, len(j))
    check_option(weights, "weights", (None, "linear", "quadratic"))
    agree = [float(np.mean(j == row)) for row in h]
    kappas = [cohen_kappa_score(j, row, weights=weights) for row in h]
    pairs = [(a, b) for a in range(len(h)) for b in range(a + 1, len(h))]
    human_agree = [float(np.mean(h[a] == h[b])) for a, b in pairs]
    human_kappa = [cohen_kappa_score(h[a], h[b], weights=weights) for a, b in pairs]
    return JudgeAgreement(float(np.mean(agree)), float(np.mean(kappas)),
                          float(np.mean(human_agree)) if pairs else None,
                          float(np.mean(human_kappa)) if pairs else None)


class PositionBias(NamedTuple):
    """A pairwise judge asked twice, once with each answer first."""

    consistency: float
    first_position_win_rate: float
    prefers_first: float
    prefers_second: float


_VERDICTS = ("A", "B", "tie")


def _verdict_masks(v, name):
    """Masks of "A", "B" and "tie" verdicts, and their counts; anything else is refused."""
    v = as_1d(v, name)
    masks = [v == label for label in _VERDICTS]
    counts = [np.count_nonzero(mask) for mask in masks]
    if sum(counts) != len(v):  # the masks are disjoint: they cover v only if every verdict is valid
        bad = ~(masks[0] | masks[1] | masks[2])
        raise MetricInputError(f"{name} must hold 'A', 'B' or 'tie', got {v[bad][0]!r}")
    return masks, counts


def position_bias(verdicts_ab, verdicts_ba):
    """Position bias of a pairwise judge, measured by asking twice with the order swapped.

    Parameters
    ----------
    verdicts_ab : array-like of shape (n_items,)
        The judge's pick with answer A shown first: ``"A"``, ``"B"`` or ``"tie"``.
    verdicts_ba : array-like of shape (n_items,)
        The judge's pick *named by answer* when B is shown first (so a judge that always
        picks the first slot says ``"A"`` above and ``"B"`` here).

    Returns
    -------
    PositionBias
        ``consistency``: share of items with the same verdict in both orders;
        ``first_position_win_rate``: share of the ``2n`` non-tie verdicts won by the answer
        shown first; ``prefers_first`` / ``prefers_second``: share of items where the judge
        picked whichever answer was first (second) both times.

    Notes
    -----
    **Formula**: consistent ``= [v_ab = v_ba]``; first-slot wins ``= [v_ab = A] + [v_ba = B]``
    over the non-tie verdicts; prefers first ``= [v_ab = A and v_ba = B]``.

    **Intuition**: an unbiased judge's verdict depends on the answers, not on where they
    stand; swapping them must not change it.

    **Interview note**: "the judge prefers the first answer 60% of the time" is only
    evidence of bias once the order was randomised or swapped -- with A always first, 60%
    may be A being better. The fix: ask in both orders and count an inconsistent pair as a
    tie (MT-Bench, Zheng et al. 2023), or randomise the order and report consistency.

    **Edge cases**: all verdicts ties: ``first_position_win_rate`` is 0/0, returned as 0.5
    (no position preference) with an ``UndefinedMetricWarning``.

    See Also
    --------
    judge_human_agreement : whether the judge's verdicts are right at all.
    length_bias : the other classic judge bias.

    Examples
    --------
    >>> position_bias(["A", "A", "B", "A", "tie"], ["A", "B", "B", "B", "tie"])
    PositionBias(consistency=0.6, first_position_win_rate=0.75, prefers_first=0.4, prefers_second=0.0)
    """
    (a_ab, b_ab, tie_ab), (n_a_ab, _, n_tie_ab) = _verdict_masks(verdicts_ab, "verdicts_ab")
    (a_ba, b_ba, tie_ba), (_, n_b_ba, n_tie_ba) = _verdict_masks(verdicts_ba, "verdicts_ba")
    check_consistent_length(("verdicts_ab", a_ab), ("verdicts_ba", a_ba))
    n = len(a_ab)
    first_wins = n_a_ab + n_b_ba  # the answer shown first: A in the first order, B in the second
    decided = 2 * n - n_tie_ab - n_tie_ba
    if decided == 0:
        warn_undefined("the first-position win rate is 0/0: every verdict is a tie; set to 0.5")
        first_rate = 0.5
    else:
        first_rate = first_wins / decided
    same = np.count_nonzero((a_ab & a_ba) | (b_ab & b_ba) | (tie_ab & tie_ba))
    return PositionBias(float(same / n), float(first_rate), float(np.count_nonzero(a_ab & b_ba) / n),
                        float(np.count_nonzero(b_ab & a_ba) / n))


class LengthBias(NamedTuple):
    """Does the longer answer win more than it should?"""

    longer_win_rate: float
    slope: float
    bin_edges: np.ndarray
    win_rate_by_bin: np.ndarray


def length_bias(preference, length_a, length_b, *, n_bins=3):
    """Length (verbosity) bias of a judge: the longer answer's win rate, a regression slope, strata.

    Parameters
    ----------
    preference : array-like of shape (n_items,)
        1 when the judge preferred A, 0 when it preferred B, 0.5 for a tie.
    length_a, length_b : array-like of shape (n_items,)
        Lengths of the two answers (tokens or characters), positive.
    n_bins : int, default=3
        Number of equal-count strata of the log length ratio ``log(len_a / len_b)``.

    Returns
    -------
    LengthBias
        ``longer_win_rate``: how often the longer answer won (ties half; equal lengths
        left out); ``slope``: the least-squares slope of ``preference`` on
        ``log(len_a / len_b)`` (as statsmodels' OLS with an intercept); ``bin_edges`` and
        ``win_rate_by_bin``: A's win rate in each stratum of the log length ratio.

    Notes
    -----
    **Formula**: ``x_i = log(len_a / len_b)``; ``slope = cov(x, y) / var(x)``; strata are cut
    at the quantiles of ``x``; a stratum's win rate is the mean of ``y`` in it.

    **Intuition**: if A's win rate climbs with A's relative length, the judge rewards
    length -- or longer answers are better. Compare the strata with what humans say on the
    same pairs before blaming the judge.

    **Interview note**: GPT-4-class judges prefer longer answers; AlpacaEval's
    length-controlled win rate regresses the preference on the length difference and
    reports the win rate predicted at equal length. A positive slope alone is not proof:
    length and quality are correlated.

    **Edge cases**: every pair of equal length leaves ``longer_win_rate`` 0/0 and ``slope``
    undefined: refused. A stratum edge shared by tied ratios may leave a bin empty: its
    win rate is nan with a warning.

    See Also
    --------
    position_bias : the judge's other classic bias.
    win_rate : the plain win rate.

    Examples
    --------
    >>> pref = [1, 1, 0, 1, 0.5, 0, 1, 0]
    >>> r = length_bias(pref, [300, 250, 90, 400, 120, 100, 220, 80], [100, 120, 200, 150, 110, 300, 90, 95])
    >>> r.longer_win_rate, r.slope
    (0.9375, 0.5543)
    """
    y = as_float_array(preference, "preference")
    a, b = as_float_array(length_a, "length_a"), as_float_array(length_b, "length_b")
    check_consistent_length(("preference", y), ("length_a", a), ("length_b", b))
    if not ((y == 0) | (y == 1) | (y == 0.5)).all():
        raise MetricInputError("preference must hold 1 (A preferred), 0 (B preferred) or 0.5 (tie)")
    if (a <= 0).any() or (b <= 0).any():
        raise MetricInputError("length_a and length_b must be positive")
    n_bins = check_int(n_bins, "n_bins", 1)
    x = np.log(a / b)
    unequal = x != 0
    if not unequal.any():
        raise MetricInputError("every pair has equal lengths; length bias cannot be measured")
    longer_wins = np.where(x[unequal] > 0, y[unequal], 1 - y[unequal])
    xc = x - x.mean()
    slope = float(np.sum(xc * (y - y.mean())) / np.sum(xc * xc))  # cov(x, y) / var(x)
    edges = np.quantile(x, np.linspace(0, 1, n_bins + 1))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, n_bins - 1)
    counts = np.bincount(which, minlength=n_bins)
    if (counts == 0).any():
        warn_user(f"{int((counts == 0).sum())} length stratum(s) are empty (tied ratios); their win rate is nan")
    with np.errstate(invalid="ignore", divide="ignore"):
        by_bin = np.bincount(which, weights=y, minlength=n_bins) / counts
    return LengthBias(float(longer_wins.mean()), slope, edges, by_bin)
