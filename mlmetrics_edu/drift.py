"""Drift: has the distribution of a feature or a score moved since training?

Each function compares a reference sample (``expected``: training or last month) with a
current one (``actual``: this week in production):

* :func:`population_stability_index` -- PSI over bins cut at the reference's quantiles, with
  ties split into bins of their own and open end bins (:func:`psi_bin_edges`); the
  credit-scoring industry's rule-of-thumb alarm (< 0.1 stable, 0.1-0.25 watch, > 0.25 act),
  to be read against its noise floor (:func:`psi_noise_floor`) or a threshold calibrated on
  reference chunks (:func:`calibrate_psi_threshold`);
* :func:`ks_test` -- the two-sample Kolmogorov-Smirnov test, statistic and p-value as
  ``scipy.stats.ks_2samp``;
* :func:`jensen_shannon_distance` -- between two histograms, as
  ``scipy.spatial.distance.jensenshannon``;
* :func:`wasserstein_distance` -- the earth mover's distance between two 1-D samples, as
  ``scipy.stats.wasserstein_distance``;
* categories (strings or codes, never ordered unless asked): :func:`categorical_psi`,
  :func:`categorical_js_distance`, :func:`chi_square_test` (as ``scipy.stats.chi2_contingency``)
  and :func:`categorical_drift` (all of them, and the categories the reference never saw);
  :func:`histogram_drift` gives PSI, JS and chi-square from two histograms (what the mergeable
  drift states of :mod:`mlmetrics_edu.monitoring` keep).

SciPy is a test dependency only: nothing here imports it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    as_labels,
    check_bool,
    check_finite,
    check_int,
    check_option,
    check_sample_weight,
    rng_from_seed,
)

__all__ = [
    "calibrate_psi_threshold",
    "categorical_drift",
    "categorical_js_distance",
    "categorical_psi",
    "chi_square_test",
    "histogram_drift",
    "jensen_shannon_distance",
    "ks_test",
    "population_stability_index",
    "psi_bin_edges",
    "psi_noise_floor",
    "wasserstein_distance",
]


def _sample(x, name):
    return as_float_array(x, name)  # 1-D, non-empty, finite, numeric -- or MetricInputError naming it


# --------------------------------------------------------------------------- PSI


def _check_bins(bins):
    if not isinstance(bins, numbers.Integral) or isinstance(bins, bool) or bins < 1:
        raise MetricInputError(f"bins must be an integer >= 1, got {bins!r}")
    return int(bins)


def _check_epsilon(epsilon):
    if not isinstance(epsilon, numbers.Real) or isinstance(epsilon, bool) or not 0 <= epsilon < 1:
        raise MetricInputError(f"epsilon must be a number in [0, 1), got {epsilon!r}")
    return float(epsilon)


def _bin_counts(x, inner, at_edges=False):
    """How many values fall in each bin ``[e_k, e_k+1)``: the bin of v is
    ``np.searchsorted(inner, v, side="right")``, the number of edges <= v. For a handful of
    edges, one comparison pass per edge over cache-sized blocks beats a binary search per value.
    With ``at_edges``, also how many values equal each edge (the ties a bin would swallow)."""
    k = inner.size + 1
    if inner.size > 32:
        where = np.searchsorted(inner, x, side="right")
        counts = np.bincount(where, minlength=k)
        if not at_edges:
            return counts
        hit = where > 0
        hit[hit] = x[hit] == inner[where[hit] - 1]
        return counts, np.bincount(where[hit] - 1, minlength=inner.size)
    counts = np.zeros(k, dtype=np.int64)
    equal = np.zeros(inner.size, dtype=np.int64)
    for start in range(0, x.size, 1 << 16):
        block = x[start:start + (1 << 16)]
        bins = np.zeros(block.size, dtype=np.int8)
        for j, edge in enumerate(inner):
            bins += block >= edge
            if at_edges:
                equal[j] += np.count_nonzero(block == edge)
        counts += np.bincount(bins, minlength=k)
    return (counts, equal) if at_edges else counts


def _reference_bins(expected, bins, ties):
    """Inner edges of the PSI bins and the reference's count in each bin (one pass over it).

    Edges: the reference's ``k / bins`` quantiles, deduplicated. With ``ties="own_bin"`` an
    edge that at least half a bin of the reference sits on (``n / (2 bins)`` rows) becomes a bin
    of its own, ``[v, nextafter(v))`` -- exactly the value v -- followed by ``(v, next edge)``."""
    inner = np.unique(np.quantile(expected, np.arange(1, bins) / bins))
    if ties == "merge" or inner.size == 0:
        return inner, _bin_counts(expected, inner)
    counts, on_edge = _bin_counts(expected, inner, at_edges=True)
    atom = 2 * bins * on_edge >= expected.size
    if not atom.any():
        return inner, counts
    edges, out = [], [int(counts[0])]
    values = inner.tolist()
    for k, value in enumerate(values):
        after = float(np.nextafter(value, np.inf))
        if atom[k] and (k + 1 == len(values) or values[k + 1] > after):  # [e_k, e_k+1) -> {e_k}, (e_k, e_k+1)
            edges += [value, after]
            out += [int(on_edge[k]), int(counts[k + 1] - on_edge[k])]
        else:  # (if the next edge is the next float, [e_k, e_k+1) already holds only e_k)
            edges.append(value)
            out.append(int(counts[k + 1]))
    return np.array(edges), np.array(out, dtype=np.int64)


def _psi_from_counts(e_counts, a_counts, epsilon):
    """PSI of two histograms on the same bins, shares floored at ``epsilon``."""
    e = np.maximum(e_counts / e_counts.sum(), epsilon)
    a = np.maximum(a_counts / a_counts.sum(), epsilon)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (a - e) * np.log(a / e)
    return float(np.sum(np.where(a == e, 0.0, terms)))  # 0 * log(0 / 0) counts 0 (epsilon=0)


def psi_bin_edges(expected, *, bins=10, ties="own_bin"):
    """Inner edges of the bins :func:`population_stability_index` cuts from a reference sample.

    Parameters
    ----------
    expected : array-like of shape (n,)
        The reference sample.
    bins : int, default=10
        Number of quantile bins before ties are split off.
    ties : {"own_bin", "merge"}, default="own_bin"
        "own_bin": a value the reference repeats on a quantile edge gets a bin of its own;
        "merge": the classic convention (repeated edges merge bins).

    Returns
    -------
    edges : ndarray of shape (k,)
        Sorted inner edges; the bins are ``(-inf, e_0)``, ``[e_0, e_1)``, ..., ``[e_k-1, +inf)``.
        A value ``v`` with a bin of its own appears as the pair ``v, nextafter(v, +inf)``.

    Notes
    -----
    **Formula**: ``e = unique(quantile(expected, [1/bins, ..., (bins-1)/bins]))`` (NumPy's linear
    interpolation); with ``ties="own_bin"``, every edge ``v`` held by at least
    ``n / (2 bins)`` reference rows (half a bin) is replaced by ``v, nextafter(v)``.

    **Intuition**: the bins a monitoring job fixes once from the training data and then uses
    for every production window (see :class:`~mlmetrics_edu.HistogramDriftState`).

    **Interview note**: the quantile edges of a zero-inflated feature are all 0; deduplicated,
    they leave one bin ``[0, +inf)`` holding both the zeros and everything above them, so a
    change in the share of zeros is invisible. Splitting the tie off fixes that.

    **Edge cases**: a constant reference gives ``[v, nextafter(v)]``: three bins, below, at and
    above v. ``bins=1`` gives no edges (one bin, PSI 0).

    See Also
    --------
    population_stability_index : the index computed on these bins.

    Examples
    --------
    >>> psi_bin_edges([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], bins=5).round(2).tolist()
    [0.0, 0.0, 0.4, 2.2]
    >>> psi_bin_edges([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], bins=5, ties="merge").round(2).tolist()
    [0.0, 0.4, 2.2]
    """
    expected = _sample(expected, "expected")
    check_option(ties, "ties", ("own_bin", "merge"))
    return _reference_bins(expected, _check_bins(bins), ties)[0]


def population_stability_index(expected, actual, *, bins=10, epsilon=1e-4, ties="own_bin"):
    """Population stability index between a reference sample and a current one.

    Parameters
    ----------
    expected : array-like of shape (n,)
        Reference values (training data, or the last stable period). Its quantiles cut the bins.
    actual : array-like of shape (m,)
        Current values (this week in production).
    bins : int, default=10
        Number of quantile bins (deciles). Repeated quantiles (ties in ``expected``) merge
        bins, so there can be fewer; a tie split off into its own bin adds one.
    epsilon : float, default=1e-4
        Floor applied to every bin proportion before the logarithm (see Edge cases).
    ties : {"own_bin", "merge"}, default="own_bin"
        How a value the reference repeats on a quantile edge is binned (see Notes).
        "merge" is the classic convention, kept to show what it misses.

    Returns
    -------
    psi : float
        0 for identical binned distributions; grows as they move apart.

    Notes
    -----
    **Formula**: ``PSI = sum_b (a_b - e_b) ln(a_b / e_b)``, with ``e_b`` and ``a_b`` the
    fractions of ``expected`` and ``actual`` in bin ``b``: the symmetrised Kullback-Leibler
    divergence ``KL(a||e) + KL(e||a)`` of the binned distributions.

    **Binning convention** (:func:`psi_bin_edges`): inner edges at the ``k / bins`` quantiles of
    ``expected`` (NumPy's linear interpolation), deduplicated; bins ``[edge_k, edge_k+1)``; the
    end bins are open, ``(-inf, edge_0)`` and ``[edge_last, +inf)``, so a current value outside
    the reference's range is never dropped: it lands in an end bin. **Ties**: a value that at
    least half a bin of the reference (``n / (2 bins)`` rows) sits on, at a quantile edge, gets a
    bin of its own, ``{v}``, between ``(.., v)`` and ``(v, ..)``. Without that, the deduplicated
    edges of a feature with 90% zeros leave one bin ``[0, +inf)``: 90% zeros -> 50% zeros gives
    PSI 0 while KS sees D = 0.4, and a constant reference at 0 gives PSI 0 against production
    at 5 but 18.4 at -5. With it, both directions give 18.4 and the zeros' shift is seen.

    *Other conventions.* Evidently's ``psi`` test (``get_binned_data``) bins a numerical
    feature with more than 20 distinct reference values into equal-width bins over the
    *union* of reference and current (Sturges' rule), so the bins move with each window and
    out-of-range values stretch them; with 20 or fewer distinct values each value is a
    category. Empty shares become 1e-4 (or a millionth of the smallest share). NannyML has no
    PSI; its binned distances (Jensen-Shannon, Hellinger) cut equal-width bins from the
    reference (Doane's rule), make each value a bin when the reference has few distinct
    values (under 10% of its rows, at most 50), and give current values outside the
    reference's range a new bin with reference share 0. Ours: quantile bins fixed by the
    reference alone (so a state can be merged across windows), ties split off, open ends.

    **Intuition**: did the share of the population in each score band change? Quantile bins
    give each band 1/bins of the reference, so every band is equally well measured.

    **Interview note**: the rule of thumb (< 0.1 no change, 0.1-0.25 moderate, > 0.25 major)
    comes from credit scoring with 10 bins; PSI grows with the number of bins and, on small
    samples, with noise alone -- about ``(bins - 1) (1/n + 1/m)`` between two samples of one
    distribution (0.2 at n = m = 500 with 50 bins: every 0.1 alarm fires). Compare against
    :func:`psi_noise_floor` or a threshold from :func:`calibrate_psi_threshold`, not 0.

    **Edge cases**: an empty bin makes ``ln(a / 0)`` infinite. Convention: every proportion is
    floored at ``epsilon`` (1e-4, the usual choice in credit-risk practice) before the formula,
    so an empty bin contributes a large but finite term. We prefer the floor to additive
    (Laplace) smoothing because it leaves the PSI of histograms without (near-)empty bins
    unchanged; the result then depends on ``epsilon`` only through the empty bins -- report it.
    ``epsilon=0`` is allowed and then gives inf when one sample fills a bin the other leaves
    empty (bins empty in both count 0).

    See Also
    --------
    ks_test : a test with a p-value rather than an index; no bins, but sensitive to n.
    jensen_shannon_distance : a bounded, symmetric distance between the same histograms.
    categorical_psi : the same index over categories (strings or codes), no ordering.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> reference = rng.normal(size=5000)
    >>> round(population_stability_index(reference, rng.normal(size=5000)), 3)
    0.005
    >>> round(population_stability_index(reference, rng.normal(0.5, 1, size=5000)), 2)
    0.25
    >>> zeros_90 = np.r_[np.zeros(901), np.arange(1, 101)]  # 90% zeros: every decile is 0
    >>> zeros_50 = np.r_[np.zeros(500), np.arange(1, 501)]
    >>> round(population_stability_index(zeros_90, zeros_50), 3)
    0.88
    >>> population_stability_index(zeros_90, zeros_50, ties="merge")
    0.0
    """
    expected, actual = _sample(expected, "expected"), _sample(actual, "actual")
    bins, epsilon = _check_bins(bins), _check_epsilon(epsilon)
    check_option(ties, "ties", ("own_bin", "merge"))
    edges, e_counts = _reference_bins(expected, bins, ties)
    return _psi_from_counts(e_counts, _bin_counts(actual, edges), epsilon)


def psi_noise_floor(n_expected, n_actual, *, bins=10, epsilon=1e-4, quantile=None, method="simulate",
                    n_draws=200, seed=0):
    """The PSI two samples of one continuous distribution show by chance alone.

    Parameters
    ----------
    n_expected, n_actual : int
        Sizes of the reference and of the current sample.
    bins, epsilon : as :func:`population_stability_index`.
    quantile : float in [0, 1], optional
        None: the mean PSI (the noise floor). A number: that quantile of the PSI under no
        drift (e.g. 0.99: an alarm level that fires in 1% of drift-free windows).
    method : {"simulate", "approx"}, default="simulate"
        "simulate" draws ``n_draws`` pairs of uniform samples (exact in distribution, see
        Notes); "approx" returns the chi-square approximation ``(bins - 1)(1/n + 1/m)`` of the
        mean (``quantile`` must then be None).
    n_draws : int, default=200
        Number of simulated pairs.
    seed : int, default=0
        Seed of the simulation (the result is reproducible).

    Returns
    -------
    psi : float

    Notes
    -----
    **Formula**: PSI is close to Pearson's chi-square divergence, ``sum (a - e)^2 / e``, whose
    mean under no drift is ``(bins - 1)(1/n + 1/m)``; the simulation computes the real
    thing (floor ``epsilon`` and small counts included). Quantile bins make the PSI of a
    continuous feature *distribution-free*: a strictly increasing transform changes neither
    the bins' contents nor the PSI, so uniform draws stand for every continuous distribution.

    **Intuition**: the PSI you would see if nothing had changed. An alarm below it fires
    every week.

    **Interview note**: the 0.1 / 0.25 rule of thumb assumes 10 bins and thousands of rows.
    At n = m = 500 with 50 bins the noise floor is about 0.2 -- "major drift" every day.

    **Edge cases**: features with ties (discrete values) are not covered by the
    distribution-free argument: calibrate on reference chunks with
    :func:`calibrate_psi_threshold` instead. Sizes must be integers >= 1. The simulation
    computes ``n_draws`` PSIs of samples of these sizes (seconds at a million rows): use
    ``method="approx"`` there, where the approximation is accurate.

    See Also
    --------
    calibrate_psi_threshold : an alarm level from the reference data itself.

    Examples
    --------
    >>> round(psi_noise_floor(500, 500, bins=50, method="approx"), 3)
    0.196
    >>> round(psi_noise_floor(500, 500, bins=50, n_draws=50), 2)
    0.19
    """
    n_expected, n_actual = check_int(n_expected, "n_expected", 1), check_int(n_actual, "n_actual", 1)
    bins, epsilon = _check_bins(bins), _check_epsilon(epsilon)
    check_option(method, "method", ("simulate", "approx"))
    if quantile is not None and (not isinstance(quantile, numbers.Real) or isinstance(quantile, bool)
                                 or not 0 <= quantile <= 1):
        raise MetricInputError(f"quantile must be None or a number in [0, 1], got {quantile!r}")
    if method == "approx":
        if quantile is not None:
            raise MetricInputError("quantile needs method='simulate'; the approximation gives the mean only")
        return float((bins - 1) * (1 / n_expected + 1 / n_actual))
    n_draws = check_int(n_draws, "n_draws", 1)
    rng = rng_from_seed(seed)
    values = [population_stability_index(rng.random(n_expected), rng.random(n_actual), bins=bins,
                                         epsilon=epsilon) for _ in range(n_draws)]
    return float(np.mean(values) if quantile is None else np.quantile(values, quantile))


def calibrate_psi_threshold(reference, chunk_size, *, bins=10, epsilon=1e-4, quantile=0.99,
                            ties="own_bin"):
    """An alarm level for PSI calibrated on the reference itself: chunk against rest.

    Parameters
    ----------
    reference : array-like of shape (n,)
        The reference sample, in time order if it has one (so that week-to-week variation
        that is *not* drift is part of the calibration).
    chunk_size : int
        Rows per production window; the reference is cut into ``n // chunk_size``
        consecutive chunks (at least 2).
    bins, epsilon, ties : as :func:`population_stability_index`.
    quantile : float in [0, 1], default=0.99
        Which quantile of the chunks' PSIs is the threshold (1.0: their maximum).

    Returns
    -------
    threshold : float

    Notes
    -----
    **Formula**: for each chunk ``c``, ``psi_c = PSI(reference without c, c)`` (leave one
    chunk out: bins from the rest, as production windows are binned by a reference that
    does not contain them); the threshold is the ``quantile`` of the ``psi_c``.

    **Intuition**: how much does the PSI move between windows of the reference, where by
    definition nothing changed? Alarm only above that. This is what NannyML does for its
    thresholds (mean +- 3 standard deviations over reference chunks).

    **Interview note**: unlike :func:`psi_noise_floor` this also covers ties, discrete
    features and the natural week-to-week wobble of real data; with few chunks the high
    quantile is close to the maximum -- use many chunks or a lower quantile.

    **Edge cases**: fewer than two chunks raises (name: ``chunk_size``).

    See Also
    --------
    psi_noise_floor : the same idea for continuous data, by simulation.

    Examples
    --------
    >>> reference = np.random.default_rng(1).normal(size=20_000)
    >>> round(calibrate_psi_threshold(reference, 1000, quantile=0.5), 3)
    0.009
    """
    reference = _sample(reference, "reference")
    chunk_size = check_int(chunk_size, "chunk_size", 1)
    n_chunks = reference.size // chunk_size
    if n_chunks < 2:
        raise MetricInputError(f"chunk_size={chunk_size} leaves {n_chunks} chunk(s) of the {reference.size} "
                               "reference rows; at least 2 are needed")
    if not isinstance(quantile, numbers.Real) or isinstance(quantile, bool) or not 0 <= quantile <= 1:
        raise MetricInputError(f"quantile must be a number in [0, 1], got {quantile!r}")
    psis = []
    for c in range(n_chunks):
        lo, hi = c * chunk_size, (c + 1) * chunk_size
        rest = np.concatenate([reference[:lo], reference[hi:]])
        psis.append(population_stability_index(rest, reference[lo:hi], bins=bins, epsilon=epsilon,
                                               ties=ties))
    return float(np.quantile(psis, quantile))


# --------------------------------------------------------------------------- categories


def _category_counts(expected, actual):
    """Sorted categories of both samples and each sample's count per category."""
    # strings or numbers, 1-D; NaN raises, also among strings, where NumPy would read it as the category 'nan'
    e, a = as_labels(expected, "expected", what="category"), as_labels(actual, "actual", what="category")
    if (e.dtype.kind in "US") != (a.dtype.kind in "US"):
        raise MetricInputError("expected and actual mix category types (strings and numbers); "
                               "use one type for both")
    if e.dtype.kind in "iu" and a.dtype.kind in "iu":  # integer codes in a narrow range: count, don't sort
        lo, hi = int(min(e.min(), a.min())), int(max(e.max(), a.max()))
        if hi - lo <= 2 * (e.size + a.size) + 1024:
            e_counts = np.bincount(e - lo, minlength=hi - lo + 1)
            a_counts = np.bincount(a - lo, minlength=hi - lo + 1)
            seen = (e_counts + a_counts) > 0
            categories = (np.flatnonzero(seen) + lo).astype(np.result_type(e, a))
            return categories, e_counts[seen], a_counts[seen]
    categories, inverse = np.unique(np.concatenate([e, a]), return_inverse=True)
    e_counts = np.bincount(inverse[:e.size], minlength=categories.size)
    a_counts = np.bincount(inverse[e.size:], minlength=categories.size)
    return categories, e_counts, a_counts


def _chi2_sf(x, dof):
    """P(chi2_dof >= x): the regularised upper incomplete gamma Q(dof/2, x/2) -- a power series
    for P below a + 1, Lentz's continued fraction for Q above (Numerical Recipes' split)."""
    a, x = dof / 2, x / 2
    if x <= 0:
        return 1.0
    log_prefactor = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:  # P = e^-x x^a / Gamma(a) * sum_k x^k / (a (a+1) ... (a+k))
        term = total = 1 / a
        ap = a
        for _ in range(100_000):
            ap += 1
            term *= x / ap
            total += term
            if term < total * 1e-17:
                break
        return float(min(1.0, max(0.0, 1 - total * math.exp(log_prefactor))))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return float(min(1.0, math.exp(log_prefactor) * h))


def chi_square_test(expected, actual, *, correction=True):
    """Chi-square test that two samples of categories come from one distribution.

    Parameters
    ----------
    expected, actual : array-like of shape (n,) and (m,)
        Categories (strings or codes; codes are labels, never ordered or subtracted).
    correction : bool, default=True
        Yates' continuity correction when there are two categories (one degree of freedom),
        as ``scipy.stats.chi2_contingency``.

    Returns
    -------
    statistic : float
    pvalue : float

    Notes
    -----
    **Formula**: the 2 x k contingency table ``O`` (rows: samples, columns: the categories
    seen in either); ``E_ij = row_i col_j / N``; ``chi2 = sum (O - E)^2 / E`` with
    ``k - 1`` degrees of freedom; p-value ``P(chi2_{k-1} >= chi2)`` (regularised incomplete
    gamma). Equal to ``scipy.stats.chi2_contingency(table)``'s statistic and p-value.

    **Intuition**: if both samples came from one distribution, each category's share
    would differ between them only by sampling noise; chi2 adds up the squared surprises.

    **Interview note**: at production volume every small change is significant; report an
    effect size (:func:`categorical_psi`, :func:`categorical_js_distance`) with the p-value.

    **Edge cases**: categories seen in only one sample are columns like the others (their
    expected counts are positive). One category in all gives statistic 0, p-value 1.

    See Also
    --------
    categorical_drift : the test with PSI, JS and the unseen categories in one report.

    Examples
    --------
    >>> stat, p = chi_square_test(["a"] * 50 + ["b"] * 50, ["a"] * 70 + ["b"] * 30)
    >>> round(stat, 3), round(p, 4)
    (7.521, 0.0061)
    """
    _, e_counts, a_counts = _category_counts(expected, actual)
    return _chi_square_from_counts(e_counts, a_counts, correction)


def _chi_square_from_counts(e_counts, a_counts, correction):
    check_bool(correction, "correction")
    table = np.array([e_counts, a_counts], dtype=float)
    k = table.shape[1]
    if k < 2:
        return 0.0, 1.0
    expect = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    if correction and k == 2:  # Yates: move each count half a unit towards its expectation
        table = table + np.sign(expect - table) * np.minimum(0.5, np.abs(expect - table))
    statistic = float(np.sum((table - expect) ** 2 / expect))
    return statistic, _chi2_sf(statistic, k - 1)


def categorical_psi(expected, actual, *, epsilon=1e-4):
    """Population stability index over categories (strings or codes).

    Parameters
    ----------
    expected, actual : array-like of shape (n,) and (m,)
        Categories of the reference and of the current sample.
    epsilon : float, default=1e-4
        Floor of every share before the logarithm, as :func:`population_stability_index`.

    Returns
    -------
    psi : float

    Notes
    -----
    **Formula**: ``sum_c (a_c - e_c) ln(a_c / e_c)`` over the categories seen in either sample,
    shares floored at ``epsilon``.

    **Intuition**: each category is a bin; no quantiles, no ordering.

    **Interview note**: integer codes (``store_id = 17``) are labels: quantile bins on them
    would merge unrelated stores and depend on the arbitrary numbering. Use this for codes,
    and :func:`population_stability_index` only for truly ordered values.

    **Edge cases**: a category unseen in the reference has ``e_c = 0``, floored at
    ``epsilon``, so it weighs heavily -- on purpose: :func:`categorical_drift` lists it.

    See Also
    --------
    categorical_drift : all categorical measures and the unseen categories at once.

    Examples
    --------
    >>> round(categorical_psi(["a"] * 50 + ["b"] * 50, ["a"] * 70 + ["b"] * 30), 4)
    0.1695
    """
    _, e_counts, a_counts = _category_counts(expected, actual)
    return _psi_from_counts(e_counts, a_counts, _check_epsilon(epsilon))


def categorical_js_distance(expected, actual, *, base=None):
    """Jensen-Shannon distance between the category shares of two samples.

    Parameters
    ----------
    expected, actual : array-like of shape (n,) and (m,)
        Categories (strings or codes).
    base : float, optional
        Base of the logarithm, as :func:`jensen_shannon_distance` (2 gives [0, 1]).

    Returns
    -------
    distance : float

    Notes
    -----
    **Formula**: :func:`jensen_shannon_distance` of the two count vectors over the categories
    seen in either sample.

    **Intuition**: a bounded, symmetric distance; a category missing on one side needs no
    smoothing (it is compared with the mixture).

    **Interview note**: JS is bounded (by 1 in base 2) where PSI is not: a new category worth
    1% of traffic moves JS a little and PSI a lot -- know which you alarm on.

    **Edge cases**: categories unseen in the reference are included.

    See Also
    --------
    categorical_psi : the unbounded, epsilon-floored alternative.

    Examples
    --------
    >>> round(categorical_js_distance(["a", "b"], ["a", "c"], base=2), 4)
    0.7071
    """
    _, e_counts, a_counts = _category_counts(expected, actual)
    return jensen_shannon_distance(e_counts.astype(float), a_counts.astype(float), base=base)


def categorical_drift(expected, actual, *, epsilon=1e-4, base=None, correction=True, ordered=False):
    """Drift report of a categorical feature: PSI, Jensen-Shannon, chi-square, unseen categories.

    Parameters
    ----------
    expected, actual : array-like of shape (n,) and (m,)
        Categories (strings or integer codes).
    epsilon, base, correction : as :func:`categorical_psi`, :func:`categorical_js_distance`
        and :func:`chi_square_test`.
    ordered : bool, default=False
        True when the categories have a meaningful order (their sort order: ratings 1-5,
        "S" < "M" only if spelt to sort so); adds ``ks_statistic``, the largest gap between the
        cumulative shares. Codes are never treated as ordered unless this is True.

    Returns
    -------
    report : dict
        ``psi``, ``js_distance``, ``chi2``, ``pvalue``, ``categories`` (sorted),
        ``expected_share``, ``actual_share``, ``unseen`` (``{category: share of actual}`` for
        categories absent from the reference), ``missing`` (reference categories absent from
        actual) and, with ``ordered=True``, ``ks_statistic``.

    Notes
    -----
    **Formula**: shares ``e_c = n_c / n`` and ``a_c = m_c / m``; PSI and JS as in
    :func:`categorical_psi` and :func:`categorical_js_distance`; chi2 as in
    :func:`chi_square_test`; ordered: ``max_c |sum_{d <= c} (e_d - a_d)|``.

    **Intuition**: one call answers "did the mix change, by how much, is it noise, and are
    there categories we have never seen?".

    **Interview note**: a new category (a new app version, a new country) is often the drift
    that breaks a model: its encoding may map it to "unknown" or to an arbitrary code. Report
    it by name, not only through an index.

    **Edge cases**: strings and numbers cannot be mixed; NaN raises (encode missing values
    as a category of their own, e.g. "missing").

    See Also
    --------
    chi_square_test, categorical_psi, categorical_js_distance : the measures one by one.

    Examples
    --------
    >>> r = categorical_drift(["ios", "android", "android"], ["android", "web", "ios", "web"])
    >>> r["unseen"], r["missing"]
    ({'web': 0.5}, [])
    """
    categories, e_counts, a_counts = _category_counts(expected, actual)
    check_bool(ordered, "ordered")
    statistic, pvalue = _chi_square_from_counts(e_counts, a_counts, correction)
    e_share, a_share = e_counts / e_counts.sum(), a_counts / a_counts.sum()
    report = {
        "psi": _psi_from_counts(e_counts, a_counts, _check_epsilon(epsilon)),
        "js_distance": jensen_shannon_distance(e_counts.astype(float), a_counts.astype(float), base=base),
        "chi2": statistic,
        "pvalue": pvalue,
        "categories": categories.tolist(),
        "expected_share": e_share,
        "actual_share": a_share,
        "unseen": {c: float(s) for c, s, n in zip(categories.tolist(), a_share, e_counts) if n == 0},
        "missing": [c for c, n in zip(categories.tolist(), a_counts) if n == 0],
    }
    if ordered:
        report["ks_statistic"] = float(np.max(np.abs(np.cumsum(e_share - a_share))))
    return report


# --------------------------------------------------------------------------- Kolmogorov-Smirnov


def _log_binom(n, k):
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _exact_two_sided_p(m, n, h):
    """P(D >= h / (m n)) for the two-sample KS statistic under H0 (continuous data), exactly.

    A sample ordering is a lattice path from (0, 0) to (m, n): a step along i for a value of
    the first sample, along j for the second; under H0 every path is equally likely. At
    (i, j) the ECDF gap is |i n - j m| / (m n), so D >= h / (m n) means the path touches a
    point with |i n - j m| >= h. Row by row we count the paths that stay strictly inside the
    band (a cumulative sum along the row), and add up the paths that step *out* for the first
    time, times the number of ways to finish from there; dividing by C(m + n, m) gives p.
    Summing positive terms keeps tiny p-values accurate (1 - P(stay inside) would lose them).
    Rows are rescaled by their maximum (the counts reach C(m + n, m)), tracked in logs.
    """
    if m > n:  # the count is symmetric in the two samples: make the rows the shorter side
        m, n = n, m
    log_total = _log_binom(m + n, m)
    log_terms = []

    def band(i):  # the j with |i n - j m| < h, as a half-open range [lo, hi)
        return max((i * n - h) // m + 1, 0), min((i * n + h + m - 1) // m, n + 1)

    def exits(counts, i, cols, log_scale):  # paths first leaving the band at (i, cols[k])
        keep = counts > 0
        ways_to_finish = [_log_binom(m - i + n - c, m - i) for c in cols[keep].tolist()]
        log_terms.extend((np.log(counts[keep]) + log_scale + ways_to_finish - log_total).tolist())

    lo, hi = band(0)
    row, log_scale = np.zeros(n + 1), 0.0
    row[lo:hi] = 1.0  # (0, j): one path each, straight along j
    if hi <= n:
        exits(np.ones(1), 0, np.array([hi]), 0.0)
    for i in range(1, m + 1):
        (plo, phi), (lo, hi) = (lo, hi), band(i)
        # a step along i from (i - 1, j) to (i, j) leaves the band when j < lo
        left = np.arange(plo, min(lo, phi))
        if left.size:
            exits(row[left], i, left, log_scale)
        new = np.zeros(n + 1)
        new[lo:hi] = np.cumsum(row[lo:hi])  # from (i - 1, j) and from (i, j - 1)
        if hi <= n:  # a step along j from (i, hi - 1) leaves the band at (i, hi)
            exits(new[hi - 1:hi], i, np.array([hi]), log_scale)
        row = new
        top = row.max()
        if top > 0:
            row /= top
            log_scale += math.log(top)
    if not log_terms:
        return 0.0
    logs = np.array(log_terms)
    peak = logs.max()
    return float(min(1.0, math.exp(peak) * np.exp(logs - peak).sum()))


def _log_factorials(n):
    """log(j!) for j = 0..n."""
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1)))])


def _smirnov_log_terms(n, d, j, lf_j, lf_nj):
    below, above = 1 - d - j / n, d + j / n
    keep = below > 0
    return (math.lgamma(n + 1) - lf_j[keep] - lf_nj[keep] + (n - j[keep]) * np.log(below[keep])
            + (j[keep] - 1) * np.log(above[keep]))


def _log_factorial_run(lo, hi):
    """log(j!) for j = lo..hi: one lgamma, then a running sum of logs."""
    return math.lgamma(lo + 1) + np.concatenate([[0.0], np.cumsum(np.log(np.arange(lo + 1, hi + 1)))])


def _smirnov_sf(n, d):
    """P(D+_n >= d), the one-sided one-sample statistic, exactly (Birnbaum & Tingey 1951):
    ``d sum_{j <= n(1-d)} C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1)`` -- positive terms, summed
    in logs. For large n the terms form one narrow peak: a coarse pass over 2,049 j locates
    the j whose terms are within e^-60 of the largest, and only those are summed."""
    if d >= 1:
        return 0.0
    last = int(math.floor(n * (1 - d)))
    lo, hi = 0, last
    if last > 8192:
        coarse = np.linspace(0.0, last, 2049)
        lf = np.array([math.lgamma(v + 1) for v in coarse.tolist()])
        lf_n = np.array([math.lgamma(n - v + 1) for v in coarse.tolist()])
        logs = np.full(coarse.size, -np.inf)
        logs[1 - d - coarse / n > 0] = _smirnov_log_terms(n, d, coarse, lf, lf_n)
        top = int(np.argmax(logs))
        near = np.flatnonzero(logs >= logs[top] - 60)
        if near.size >= 100 and 0 < top < coarse.size - 1:
            # a smooth peak hundreds of grid steps wide: the trapezoid rule on the grid equals the
            # sum over every integer j to machine precision (the error of the trapezoid rule on a
            # well-resolved bell curve falls like exp(-2 pi^2 (width / step)^2))
            weights = np.exp(logs - logs[top])
            weights[[0, -1]] /= 2
            return float(d * math.exp(logs[top]) * weights.sum() * (coarse[1] - coarse[0]))
        lo, hi = int(coarse[max(near[0] - 1, 0)]), int(math.ceil(coarse[min(near[-1] + 1, coarse.size - 1)]))
    j = np.arange(lo, hi + 1)
    logs = _smirnov_log_terms(n, d, j, _log_factorial_run(lo, hi), _log_factorial_run(n - hi, n - lo)[::-1])
    if logs.size == 0:
        return 0.0
    peak = logs.max()
    return float(d * math.exp(peak) * np.exp(logs - peak).sum())


def _kolmogorov_cdf_mtw(n, d):
    """P(D_n < d), the two-sided one-sample statistic, exactly: Marsaglia, Tsang & Wang (2003),
    the (k, k) entry of the n-th power of a (2k-1)-square matrix, k = floor(n d) + 1."""
    k = int(math.floor(n * d)) + 1
    m, h = 2 * k - 1, k - n * d
    i = np.arange(m)
    diff = i[:, None] - i[None, :] + 1  # H[i, j] involves (i - j + 1)!
    H = (diff >= 0).astype(float)
    H[:, 0] -= h ** (i + 1.0)
    H[-1, :] -= h ** (m - i + 0.0)
    if 2 * h - 1 > 0:
        H[-1, 0] += (2 * h - 1) ** m
    lf = _log_factorials(m + 1)
    H = np.where(diff > 0, H * np.exp(-lf[np.clip(diff, 0, m + 1)]), H)
    # H^n by squaring; each matrix carries a log-scale so that nothing overflows
    result, r_scale, power, p_scale, e = np.eye(m), 0.0, H, 0.0, n
    while e:
        if e & 1:
            result, r_scale = result @ power, r_scale + p_scale
            top = np.abs(result).max()
            result, r_scale = result / top, r_scale + math.log(top)
        e >>= 1
        if e:
            power, p_scale = power @ power, 2 * p_scale
            top = np.abs(power).max()
            power, p_scale = power / top, p_scale + math.log(top)
    value = result[k - 1, k - 1]
    if value <= 0:
        return 0.0
    # P = n! / n^n * (H^n)[k, k]
    return float(min(1.0, math.exp(math.lgamma(n + 1) - n * math.log(n) + math.log(value) + r_scale)))


def _kolmogorov_sf(n, d):
    """P(D_n >= d) for the two-sided one-sample KS statistic, as scipy's ``kstwo.sf``.

    The choice of formula per region follows Simard & L'Ecuyer (2011): closed forms at the
    ends (Ruben & Gambino), twice the one-sided tail where it is exact (d >= 1/2) or where the
    two tails cannot overlap noticeably (n d^2 large), and the exact matrix method otherwise.
    Where they (and scipy) use Pomeranz's recursion or the Pelz-Good series we use the exact
    matrix method too, so values agree to the accuracy of those methods.
    """
    t = n * d
    if d >= 1:
        return 0.0
    if t <= 0.5:
        return 1.0
    if t <= 1:  # P(D < d) = n! / n^n (2t - 1)^n
        return float(1 - math.exp(math.lgamma(n + 1) - n * math.log(n) + n * math.log(2 * t - 1)))
    if t >= n - 1:
        return float(2 * (1 - d) ** n)
    if d >= 0.5:
        return float(min(1.0, 2 * _smirnov_sf(n, d)))
    x = t * d  # n d^2
    if n <= 140:
        if x <= 4:
            return float(max(0.0, 1 - _kolmogorov_cdf_mtw(n, d)))
        return float(min(1.0, 2 * _smirnov_sf(n, d)))
    if x >= 370:
        return 0.0
    if x >= 2.2:
        return float(min(1.0, 2 * _smirnov_sf(n, d)))
    if t <= 250:  # the matrix (2k - 1 square, k = floor(t) + 1) stays below 502 x 502
        return float(max(0.0, 1 - _kolmogorov_cdf_mtw(n, d)))
    # n d > 250 (so n > 28,000): the limit with Stephens' finite-n correction (~1e-4 relative)
    z = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d
    k = np.arange(1, 101)
    return float(np.clip(2 * np.sum((-1.0) ** (k - 1) * np.exp(-2 * k**2 * z**2)), 0, 1))


def _equal_sizes_p(n, h):
    """P(D >= h / n) for two samples of size n: the reflection principle,
    ``2 sum_{k >= 1} (-1)^(k-1) C(2n, n - k h) / C(2n, n)``. The terms shrink like
    ``exp(-2 (k h)^2 / n)``, so the sum stops once they are below 1e-300."""
    last = min(n // h, int(math.sqrt(800 * n) / h) + 2)
    log_mid = 2 * math.lgamma(n + 1)
    terms = np.exp([log_mid - math.lgamma(n - k * h + 1) - math.lgamma(n + k * h + 1)
                    for k in range(1, last + 1)])  # C(2n, n - kh) / C(2n, n)
    signs = np.where(np.arange(1, last + 1) % 2 == 1, 1.0, -1.0)
    return float(min(1.0, max(0.0, 2 * np.sum((signs * terms)[::-1]))))  # smallest terms first


def _ranges(starts, stops):
    """Concatenation of ``arange(starts[i], stops[i])`` over i, without a Python loop."""
    lengths = stops - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp)
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(total) + offsets


def _ks_gaps(a, b, points):
    """``F_a - F_b`` at ``points`` (ECDFs counting values <= x), as scipy computes it."""
    return (np.searchsorted(a, points, side="right") / a.size
            - np.searchsorted(b, points, side="right") / b.size)


def _ks_statistic(a, b, step=64):
    """The two-sample KS statistic of sorted ``a`` and ``b``, exactly as ``ks_2samp``.

    ``F_a - F_b`` only moves at the pooled values, so scipy evaluates it at all of them (two
    searches of n + m values). We evaluate it on a grid -- every ``step``-th value of each
    sample -- and between two grid points it can rise by at most the a-values and fall by at
    most the b-values in between (counted exactly from the grid's ranks). Only the intervals
    where that could beat the grid's extremes are searched value by value: a few thousand
    values instead of n + m, with the same (exact) result.
    """
    n1, n2 = a.size, b.size
    if n1 + n2 <= 8 * step:
        gap = _ks_gaps(a, b, np.concatenate([a, b]))
        return float(max(gap.max(), np.clip(-gap.min(), 0, 1)))
    grid = np.sort(np.concatenate([a[step - 1::step], b[step - 1::step], a[-1:], b[-1:]]))
    fa, fb = np.searchsorted(a, grid, side="right"), np.searchsorted(b, grid, side="right")
    units = fa * n2 - fb * n1  # the gaps in units of 1 / (n1 n2), exact
    hi, lo = int(units.max()), int(units.min())
    fa0, fb0 = np.r_[0, fa[:-1]], np.r_[0, fb[:-1]]  # ranks at the previous grid point (or -inf)
    # inside (g_prev, g): the gap is at most gap(g_prev) + new a's, at least gap(g_prev) - new b's
    could = ((fa * n2 - fb0 * n1) > hi) | ((fa0 * n2 - fb * n1) < lo)
    points = np.concatenate([a[_ranges(fa0[could], fa[could])], b[_ranges(fb0[could], fb[could])]])
    gap = np.concatenate([fa / n1 - fb / n2, _ks_gaps(a, b, points)])
    return float(max(gap.max(), np.clip(-gap.min(), 0, 1)))


def ks_test(a, b, *, method="auto"):
    """Two-sample Kolmogorov-Smirnov test (two-sided): statistic and p-value as scipy's ``ks_2samp``.

    Parameters
    ----------
    a, b : array-like of shape (n,) and (m,)
        The two samples (e.g. a feature at training time and in production).
    method : {"auto", "exact", "asymp"}, default="auto"
        "exact" computes the p-value from the exact null distribution; "asymp" from the
        limiting one; "auto" uses "exact" when both samples have at most 10,000 values
        (scipy's rule).

    Returns
    -------
    statistic : float
        ``D``, the largest vertical gap between the two empirical CDFs.
    pvalue : float
        Probability, if both samples came from one continuous distribution, of a gap >= D.

    Notes
    -----
    **Formula**: ``D = max_x |F_a(x) - F_b(x)|`` over the pooled values, with ECDFs counting
    values ``<= x``. Exact p-value: the fraction of the ``C(n+m, n)`` equally likely orderings
    of the pooled samples whose ECDF gap reaches ``D`` (a lattice-path count; the reflection
    principle when n = m). Asymptotic
    (scipy's convention): ``P(D_N >= D)`` for the *one-sample* statistic with
    ``N = round(n m / (n + m))``, computed exactly (Marsaglia-Tsang-Wang matrix method,
    Birnbaum-Tingey tails, Simard & L'Ecuyer's choice of formula per region).

    **Intuition**: if nothing changed, the two ECDFs should stay close everywhere; D is the
    worst gap, and the p-value says how surprising that gap is for these sample sizes.

    **Interview note**: with a million production rows, every tiny, harmless shift is
    "significant": judge D (an effect size in [0, 1]) or PSI, not the p-value alone.

    **Edge cases**: D is computed as scipy does (ties handled by evaluating both ECDFs at
    every pooled value); the exact p-value assumes continuous data, as scipy's does, so with
    ties it is conservative. In "exact" mode the statistic is rounded to the lattice,
    ``round(D lcm(n, m)) / lcm(n, m)``, as scipy does. Asymptotic p-values agree with scipy to
    about 1e-5 relative (scipy uses Pomeranz's recursion or the Pelz-Good series in some
    regions where we use the exact matrix method), and to about 5e-4 when ``N D > 250`` with
    ``N D^2 < 2.2`` (N above 28,000), where we use the limiting distribution with Stephens'
    correction. One-sided alternatives are not offered. Empty samples or NaN raise.

    See Also
    --------
    population_stability_index : binned, no p-value, the monitoring industry's index.
    wasserstein_distance : how far the mass moved, in the feature's units.

    Examples
    --------
    >>> ks_test([0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8])
    (1.0, 0.0286)
    >>> ks_test([1, 2, 3], [1, 2, 3])
    (0.0, 1.0)
    """
    a, b = np.sort(_sample(a, "a")), np.sort(_sample(b, "b"))
    check_option(method, "method", ("auto", "exact", "asymp"))
    n1, n2 = a.size, b.size
    statistic = _ks_statistic(a, b)
    if method == "auto":
        method = "exact" if max(n1, n2) <= 10_000 else "asymp"
    if method == "exact":
        g = math.gcd(n1, n2)
        lcm = (n1 // g) * n2
        h = int(np.round(statistic * lcm))  # the gap in lattice units (1 / lcm)
        statistic = h / lcm
        if h == 0:
            return statistic, 1.0
        if n1 == n2:
            return statistic, _equal_sizes_p(n1, h)
        # in units of 1 / (n1 n2) the band is |i n2 - j n1| < h g
        return statistic, _exact_two_sided_p(n1, n2, h * g)
    m, n = sorted([float(n1), float(n2)], reverse=True)
    return statistic, _kolmogorov_sf(int(round(m * n / (m + n))), statistic)


# --------------------------------------------------------------------------- Jensen-Shannon


def _histogram(x, name):
    """A 1-D non-negative float array with some mass, its sum and its minimum (one pass each)."""
    x = as_1d(x, name)
    if x.dtype.kind not in "biuf":
        raise MetricInputError(f"{name} must be numeric, got values of dtype {x.dtype}")
    x = x.astype(np.float64, copy=False)
    total = float(x.sum())
    if not math.isfinite(total):
        check_finite(x, name)  # names the first NaN or infinity
    smallest = float(x.min())
    if smallest < 0:
        raise MetricInputError(f"{name} contains negative values; it must be a histogram")
    if total == 0:
        raise MetricInputError(f"{name} sums to 0; it must hold some mass")
    return x, total, smallest


def _js_divergence_sum(p, q, cp, cq, block=1 << 14):
    """``sum r ln(r / m) + s ln(s / m)`` with ``r = cp p``, ``s = cq q``, ``m = (r + s) / 2``, all
    entries positive, in cache-sized blocks: with ``t = r / (r + s)`` the terms are
    ``r ln(2 t) + s ln(2 - 2 t)`` -- one division and two logarithms per bin."""
    total = 0.0
    r, s, t, u = (np.empty(min(block, p.size)) for _ in range(4))
    for start in range(0, p.size, block):
        pb, qb = p[start:start + block], q[start:start + block]
        k = pb.size
        rb, sb, tb, ub = r[:k], s[:k], t[:k], u[:k]
        np.multiply(pb, cp, out=rb)
        np.multiply(qb, cq, out=sb)
        np.add(rb, sb, out=tb)
        np.divide(rb, tb, out=tb)  # t = r / (r + s)
        np.multiply(tb, 2.0, out=tb)
        np.subtract(2.0, tb, out=ub)  # 2 - 2t = 2 s / (r + s)
        np.log(tb, out=tb)
        np.log(ub, out=ub)
        np.multiply(rb, tb, out=tb)
        np.multiply(sb, ub, out=ub)
        np.add(tb, ub, out=tb)
        total += float(tb.sum())  # not np.dot: BLAS threads stall on a busy machine
    return total


def jensen_shannon_distance(p, q, base=None):
    """Jensen-Shannon distance between two histograms (as ``scipy.spatial.distance.jensenshannon``).

    Parameters
    ----------
    p, q : array-like of shape (k,)
        Non-negative counts or probabilities over the same k bins; each is normalised to sum 1.
    base : float, optional
        Base (> 1) of the logarithm; default e (nats). With base 2 the distance lies in [0, 1].

    Returns
    -------
    distance : float

    Notes
    -----
    **Formula**: with ``m = (p + q) / 2``,
    ``JSD = sqrt((KL(p || m) + KL(q || m)) / 2)``, ``KL(p || m) = sum p ln(p / m)``
    (terms with ``p = 0`` are 0), divided by ``ln(base)`` inside the root when ``base`` is given.

    **Intuition**: how distinguishable are the two histograms? The square root of the JS
    divergence is a true metric (symmetric, triangle inequality), bounded by sqrt(ln 2).

    **Interview note**: unlike KL (and PSI), JS stays finite when a bin is empty in one of
    the histograms, because each is compared with the mixture m, which is positive wherever
    either is -- no smoothing needed.

    **Edge cases**: the inputs are normalised, so counts work directly; negative entries,
    NaN, different lengths or an all-zero histogram raise; ``base`` must be > 1 (scipy returns
    nan for a base below 1, where the divergence turns negative).

    See Also
    --------
    population_stability_index : symmetric KL on quantile bins, which needs smoothing.

    Examples
    --------
    >>> jensen_shannon_distance([1.0, 0.0], [0.0, 1.0], base=2)
    1.0
    >>> round(jensen_shannon_distance([0.5, 0.5], [0.9, 0.1]), 4)
    0.319
    """
    p, sp, p_min = _histogram(p, "p")
    q, sq, q_min = _histogram(q, "q")
    if p.size != q.size:
        raise MetricInputError(f"p and q differ in length: {p.size} != {q.size}")
    if base is not None and (not isinstance(base, numbers.Real) or isinstance(base, bool) or not base > 1):
        raise MetricInputError(f"base must be a number > 1, got {base!r}")
    if p.size >= 4096 and p_min > 0 and q_min > 0:  # large and no empty bin: the fast kernel
        divergence = _js_divergence_sum(p, q, 1 / sp, 1 / sq)
    else:
        p, q = p / sp, q / sq
        m = (p + q) / 2

        def kl(x):  # sum x ln(x / m); x > 0 implies m > 0, and 0 ln 0 counts 0
            if x.min() > 0:
                return float(np.sum(x * np.log(x / m)))
            nz = x > 0
            return float(np.sum(x[nz] * np.log(x[nz] / m[nz])))

        divergence = kl(p) + kl(q)
    if base is not None:
        divergence /= math.log(base)
    return math.sqrt(max(divergence, 0.0) / 2)  # rounding can leave -1e-17 for equal inputs


def histogram_drift(expected_counts, actual_counts, *, epsilon=1e-4, base=None, correction=True):
    """PSI, Jensen-Shannon distance and chi-square test of two histograms on the same bins.

    Parameters
    ----------
    expected_counts, actual_counts : array-like of shape (k,)
        Counts (or weights) per bin or category of the reference and the current sample.
    epsilon : float, default=1e-4
        Floor of every share in the PSI (as :func:`population_stability_index`).
    base : float, optional
        Base of the logarithm of the JS distance (as :func:`jensen_shannon_distance`).
    correction : bool, default=True
        Yates' correction of the chi-square test with two bins (as :func:`chi_square_test`).

    Returns
    -------
    report : dict
        ``psi``, ``js_distance``, ``chi2``, ``pvalue``.

    Notes
    -----
    **Formula**: with shares ``e = E / sum E``, ``a = A / sum A``:
    ``PSI = sum (max(a, eps) - max(e, eps)) ln(max(a, eps) / max(e, eps))``;
    JS as :func:`jensen_shannon_distance`; chi2 on the 2 x k table of counts, over the bins
    non-empty in either sample, ``k - 1`` degrees of freedom.

    **Intuition**: the drift measures that need only the two histograms -- which is what a
    mergeable state keeps (:class:`~mlmetrics_edu.HistogramDriftState`,
    :class:`~mlmetrics_edu.CategoricalDriftState`).

    **Interview note**: the chi-square p-value assumes the counts are counts (independent
    rows); with weighted rows it is not a valid test -- read PSI or JS instead.

    **Edge cases**: different lengths, negative counts, NaN or an all-zero histogram raise.

    See Also
    --------
    categorical_drift : the same from raw categories, with unseen categories named.

    Examples
    --------
    >>> r = histogram_drift([50, 50], [70, 30])
    >>> round(r["psi"], 4), round(r["chi2"], 3)
    (0.1695, 7.521)
    """
    e = _histogram(expected_counts, "expected_counts")[0]
    a = _histogram(actual_counts, "actual_counts")[0]
    if e.size != a.size:
        raise MetricInputError(f"expected_counts and actual_counts differ in length: {e.size} != {a.size}")
    seen = (e > 0) | (a > 0)
    statistic, pvalue = _chi_square_from_counts(e[seen], a[seen], correction)
    return {"psi": _psi_from_counts(e, a, _check_epsilon(epsilon)),
            "js_distance": jensen_shannon_distance(e, a, base=base),
            "chi2": statistic, "pvalue": pvalue}


# --------------------------------------------------------------------------- Wasserstein


def _weights(w, n, name):
    if w is None:
        return np.full(n, 1.0 / n)
    w = check_sample_weight(w, n)  # 1-D, finite, >= 0, one per value (message names sample_weight)
    if w.sum() == 0:
        raise MetricInputError(f"{name} sums to 0; at least one value must carry weight")
    return w / w.sum()


def _wasserstein_unweighted(u, v):
    """W1 of sorted, equally weighted samples through the quantile functions:
    ``integral_0^1 |u_(floor(t n)) - v_(floor(t m))| dt``, constant between the breakpoints
    i/n and j/m -- the same area as the CDF form, measured along the other axis, with no search."""
    n, m = u.size, v.size
    if n == m:  # the quantile functions step together: the mean gap between order statistics
        return float(np.abs(u - v).mean())
    t = np.sort(np.concatenate([np.arange(n + 1) / n, np.arange(1, m) / m]))
    middle = (t[:-1] + t[1:]) / 2  # strictly inside each piece (pieces are >= 1/(n m) wide)
    iu = np.minimum((middle * n).astype(np.intp), n - 1)
    iv = np.minimum((middle * m).astype(np.intp), m - 1)
    return float(np.sum(np.diff(t) * np.abs(u[iu] - v[iv])))


def wasserstein_distance(u_values, v_values, u_weights=None, v_weights=None):
    """First Wasserstein (earth mover's) distance between two 1-D distributions, as scipy's.

    Parameters
    ----------
    u_values, v_values : array-like of shape (n,) and (m,)
        Observed values of the two distributions.
    u_weights, v_weights : array-like, optional
        Non-negative weight of each value (default equal); normalised to sum 1.

    Returns
    -------
    distance : float
        In the units of the values.

    Notes
    -----
    **Formula**: ``W1 = integral |U(x) - V(x)| dx`` with ``U``, ``V`` the (weighted) CDFs --
    between consecutive pooled values the gap is constant, so it is
    ``sum_k |U(x_k) - V(x_k)| (x_{k+1} - x_k)`` over the sorted pooled values.

    **Intuition**: the least total work (mass times distance) to reshape one distribution
    into the other. Shift every value by 3 and the distance is exactly 3.

    **Interview note**: unlike KS (a maximum gap, unitless) and PSI (binned), it says *how
    far* the values moved, in the feature's units -- often what the business asks.

    **Edge cases**: empty samples, NaN/inf, negative weights or weights summing to 0 raise
    (the message names the argument).

    See Also
    --------
    ks_test : the largest CDF gap, with a p-value.

    Examples
    --------
    >>> wasserstein_distance([0, 1, 3], [5, 6, 8])
    5.0
    >>> wasserstein_distance([0, 1], [0, 1], u_weights=[3, 1], v_weights=[1, 3])
    0.5
    """
    u, v = _sample(u_values, "u_values"), _sample(v_values, "v_values")
    try:
        uw = _weights(u_weights, u.size, "u_weights")
    except MetricInputError as exc:
        raise MetricInputError(str(exc).replace("sample_weight", "u_weights")) from None
    try:
        vw = _weights(v_weights, v.size, "v_weights")
    except MetricInputError as exc:
        raise MetricInputError(str(exc).replace("sample_weight", "v_weights")) from None
    if u_weights is None and v_weights is None:
        return _wasserstein_unweighted(np.sort(u), np.sort(v))
    # pool the values, each carrying +its u-mass or -its v-mass; walking them in order, the
    # running sum is U(x) - V(x) just right of each value (ties: the gap between them is 0)
    values = np.concatenate([u, v])
    order = np.argsort(values, kind="stable")
    pooled = values[order]
    cdf_gap = np.cumsum(np.concatenate([uw, -vw])[order])[:-1]
    return float(np.sum(np.abs(cdf_gap) * np.diff(pooled)))
