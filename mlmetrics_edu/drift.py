"""Drift: has the distribution of a feature or a score moved since training?

Each function compares a reference sample (``expected``: training or last month) with a
current one (``actual``: this week in production):

* :func:`population_stability_index` -- PSI over bins cut at the reference's quantiles, the
  credit-scoring industry's rule-of-thumb alarm (< 0.1 stable, 0.1-0.25 watch, > 0.25 act);
* :func:`ks_test` -- the two-sample Kolmogorov-Smirnov test, statistic and p-value as
  ``scipy.stats.ks_2samp``;
* :func:`jensen_shannon_distance` -- between two histograms, as
  ``scipy.spatial.distance.jensenshannon``;
* :func:`wasserstein_distance` -- the earth mover's distance between two 1-D samples, as
  ``scipy.stats.wasserstein_distance``.

SciPy is a test dependency only: nothing here imports it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import MetricInputError, as_float_array, check_option, check_sample_weight

__all__ = [
    "jensen_shannon_distance",
    "ks_test",
    "population_stability_index",
    "wasserstein_distance",
]


def _sample(x, name):
    return as_float_array(x, name)  # 1-D, non-empty, finite, numeric -- or MetricInputError naming it


# --------------------------------------------------------------------------- PSI


def _psi_edges(expected, bins):
    """Inner bin edges: the expected sample's quantiles at 1/bins, ..., (bins-1)/bins, deduplicated."""
    inner = np.quantile(expected, np.arange(1, bins) / bins)  # linear interpolation (numpy default)
    return np.unique(inner)


def _bin_counts(x, inner):
    """How many values fall in each bin ``[e_k, e_k+1)``: the bin of v is
    ``np.searchsorted(inner, v, side="right")``, the number of edges <= v. For a handful of
    edges, one comparison pass per edge over cache-sized blocks beats a binary search per value."""
    k = inner.size + 1
    if inner.size > 32:
        return np.bincount(np.searchsorted(inner, x, side="right"), minlength=k)
    counts = np.zeros(k, dtype=np.int64)
    for start in range(0, x.size, 1 << 16):
        block = x[start:start + (1 << 16)]
        bins = np.zeros(block.size, dtype=np.int8)
        for edge in inner:
            bins += block >= edge
        counts += np.bincount(bins, minlength=k)
    return counts


def population_stability_index(expected, actual, *, bins=10, epsilon=1e-4):
    """Population stability index between a reference sample and a current one.

    Parameters
    ----------
    expected : array-like of shape (n,)
        Reference values (training data, or the last stable period). Its quantiles cut the bins.
    actual : array-like of shape (m,)
        Current values (this week in production).
    bins : int, default=10
        Number of quantile bins (deciles). Repeated quantiles (ties in ``expected``) merge
        bins, so there can be fewer.
    epsilon : float, default=1e-4
        Floor applied to every bin proportion before the logarithm (see Edge cases).

    Returns
    -------
    psi : float
        0 for identical binned distributions; grows as they move apart.

    Notes
    -----
    **Formula**: ``PSI = sum_b (a_b - e_b) ln(a_b / e_b)``, with ``e_b`` and ``a_b`` the
    fractions of ``expected`` and ``actual`` in bin ``b``. Bins: inner edges at the
    ``k / bins`` quantiles of ``expected`` (NumPy's linear interpolation), outer edges at
    -inf and +inf so that no current value falls outside; a bin is ``[edge_k, edge_{k+1})``.
    PSI is the symmetrised Kullback-Leibler divergence ``KL(a||e) + KL(e||a)`` of the binned
    distributions.

    **Intuition**: did the share of the population in each score band change? Quantile bins
    give each band 1/bins of the reference, so every band is equally well measured.

    **Interview note**: the rule of thumb (< 0.1 no change, 0.1-0.25 moderate, > 0.25 major)
    comes from credit scoring with 10 bins; PSI grows with the number of bins and, on small
    samples, with noise alone -- compare against the PSI of two reference samples, not 0.

    **Edge cases**: an empty bin makes ``ln(a / 0)`` infinite. Convention: every proportion is
    floored at ``epsilon`` (1e-4, the usual choice in credit-risk practice) before the formula,
    so an empty bin contributes a large but finite term. We prefer the floor to additive
    (Laplace) smoothing because it leaves the PSI of histograms without (near-)empty bins
    unchanged; the result then depends on ``epsilon`` only through the empty bins -- report it.
    Without the floor one empty bin makes PSI infinite and useless as an alarm level.
    ``epsilon=0`` is allowed and then gives inf. ``expected`` with a single distinct value has
    one bin and PSI 0.

    See Also
    --------
    ks_test : a test with a p-value rather than an index; no bins, but sensitive to n.
    jensen_shannon_distance : a bounded, symmetric distance between the same histograms.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> reference = rng.normal(size=5000)
    >>> round(population_stability_index(reference, rng.normal(size=5000)), 3)
    0.005
    >>> round(population_stability_index(reference, rng.normal(0.5, 1, size=5000)), 2)
    0.25
    """
    expected, actual = _sample(expected, "expected"), _sample(actual, "actual")
    if not isinstance(bins, numbers.Integral) or isinstance(bins, bool) or bins < 1:
        raise MetricInputError(f"bins must be an integer >= 1, got {bins!r}")
    if not isinstance(epsilon, numbers.Real) or not 0 <= epsilon < 1:
        raise MetricInputError(f"epsilon must be a number in [0, 1), got {epsilon!r}")
    inner = _psi_edges(expected, bins)
    e = _bin_counts(expected, inner) / expected.size
    a = _bin_counts(actual, inner) / actual.size
    e, a = np.maximum(e, epsilon), np.maximum(a, epsilon)
    with np.errstate(divide="ignore"):
        return float(np.sum((a - e) * np.log(a / e)))


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


def _smirnov_sf(n, d):
    """P(D+_n >= d), the one-sided one-sample statistic, exactly (Birnbaum & Tingey 1951):
    ``d sum_{j <= n(1-d)} C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1)`` -- positive terms, summed
    in logs."""
    if d >= 1:
        return 0.0
    j = np.arange(0, int(math.floor(n * (1 - d))) + 1)
    below, above = 1 - d - j / n, d + j / n
    keep = below > 0
    j, below, above = j[keep], below[keep], above[keep]
    if j.size == 0:
        return 0.0
    lf = _log_factorials(n)
    logs = lf[n] - lf[j] - lf[n - j] + (n - j) * np.log(below) + (j - 1) * np.log(above)
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


def _right_rank(x):
    """For sorted ``x``: how many values are <= each ``x[k]`` (the end of its tie run)."""
    if x.size < 2 or (x[1:] != x[:-1]).all():  # no ties: the rank is the position + 1
        return np.arange(1, x.size + 1)
    ends = np.flatnonzero(np.append(x[1:] != x[:-1], True)) + 1  # one past each run
    return np.repeat(ends, np.diff(np.append(0, ends)))


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
    # F_a - F_b at every pooled value (ECDFs count values <= x): at a's own values F_a is the
    # rank of the last equal value, found without searching; only F_b needs a search
    gap = np.concatenate([_right_rank(a) / n1 - np.searchsorted(b, a, side="right") / n2,
                          np.searchsorted(a, b, side="right") / n1 - _right_rank(b) / n2])
    statistic = float(max(gap.max(), np.clip(-gap.min(), 0, 1)))
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
    p, q = _sample(p, "p"), _sample(q, "q")
    if p.size != q.size:
        raise MetricInputError(f"p and q differ in length: {p.size} != {q.size}")
    for name, x in (("p", p), ("q", q)):
        if (x < 0).any():
            raise MetricInputError(f"{name} contains negative values; it must be a histogram")
        if x.sum() == 0:
            raise MetricInputError(f"{name} sums to 0; it must hold some mass")
    if base is not None and (not isinstance(base, numbers.Real) or isinstance(base, bool) or not base > 1):
        raise MetricInputError(f"base must be a number > 1, got {base!r}")
    p, q = p / p.sum(), q / q.sum()
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
