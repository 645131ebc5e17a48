"""Distribution functions and BCa levels: the statistics the tests and intervals share.

No SciPy at run time: the normal, Student t and binomial tails are computed from the error
function and the regularized incomplete beta function. Used by :mod:`~mlmetrics_edu.significance`
(tests, intervals, eval error bars), :mod:`~mlmetrics_edu.experiments` (power, sample size) and
the coverage explorer (:mod:`mlmetrics_edu.widgets.coverage`, BCa on many simulated test sets).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

__all__ = ["bca_acceleration", "bca_levels", "betainc", "binom_cdf", "jackknife_acceleration",
           "normal_cdf", "normal_ppf", "t_ppf", "t_sf"]


# --------------------------------------------------------------------------- distributions


def normal_cdf(z):
    """P(Z <= z) for a standard normal Z (from ``erfc``: accurate far in the tails)."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def normal_ppf(p):
    """The ``p`` quantile of the standard normal (the inverse of :func:`normal_cdf`)."""
    return NormalDist().inv_cdf(p)


def betainc(a, b, x):
    """Regularized incomplete beta ``I_x(a, b)`` by its continued fraction (modified Lentz).

    The engine of the t and binomial tails (:func:`t_sf`, :func:`binom_cdf`) and of the
    non-central power approximations in :mod:`~mlmetrics_edu.experiments`.
    """
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):  # the fraction converges fast only below the mean
        return 1.0 - betainc(b, a, 1.0 - x)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    return math.exp(log_front) * _beta_fraction(a, b, x) / a


def _beta_fraction(a, b, x):
    """The continued fraction of ``I_x(a, b)``: ``1 / (1 + d1 / (1 + d2 / (1 + ...)))``."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 100_000):  # even step d_2m, then odd step d_2m+1
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 / ((1.0 + numerator * d) or tiny)  # `or tiny`: Lentz's guard against 1/0
        c = (1.0 + numerator / c) or tiny
        fraction *= c * d
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 / ((1.0 + numerator * d) or tiny)
        c = (1.0 + numerator / c) or tiny
        fraction *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return fraction


def t_sf(t, df):
    """P(T > t) for Student's t with ``df`` degrees of freedom."""
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


def t_ppf(q, df):
    """The ``q`` quantile (q > 0.5) of Student's t with ``df`` degrees of freedom.

    Newton's method on the CDF from the Cornish-Fisher start (a few steps to machine
    precision); bisection if Newton ever leaves the bracket.
    """
    z = normal_ppf(q)
    t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    for _ in range(60):
        pdf = math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))
        step = ((1.0 - t_sf(t, df)) - q) / pdf
        t -= step
        if not math.isfinite(t) or t <= 0:
            break
        if abs(step) <= 1e-14 * max(1.0, abs(t)):
            return t
    low, high = 0.0, 1.0
    while t_sf(high, df) > 1.0 - q:
        low, high = high, 2.0 * high
    for _ in range(200):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if t_sf(mid, df) > 1.0 - q else (low, mid)
    return 0.5 * (low + high)


def binom_cdf(k, n, p=0.5):
    """P(X <= k) for X ~ Binomial(n, p), as ``I_{1-p}(n - k, k + 1)`` (McNemar's exact test)."""
    if k >= n:
        return 1.0
    if k < 0:
        return 0.0
    return betainc(n - k, k + 1.0, 1.0 - p)


# --------------------------------------------------------------------------- BCa


def bca_acceleration(sum_d2, sum_d3):
    """BCa's acceleration ``a = sum d^3 / (6 (sum d^2)^1.5)`` from the jackknife deviations'
    sums (0 where they are all zero); elementwise on arrays. The coverage explorer passes the
    sums of a 0/1 sample in closed form; :func:`jackknife_acceleration` computes them."""
    if np.ndim(sum_d2) == 0:
        return sum_d3 / (6.0 * sum_d2**1.5) if sum_d2 > 0 else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sum_d2 > 0, sum_d3 / (6 * sum_d2**1.5), 0.0)


def jackknife_acceleration(theta_jack):
    """BCa's acceleration from the leave-one-out values of the statistic (finite ones only):
    ``d = mean - theta_jack`` (Efron & Tibshirani 14.15). Used by ``bootstrap_ci``."""
    theta_jack = theta_jack[np.isfinite(theta_jack)]
    d = theta_jack.mean() - theta_jack
    return bca_acceleration(np.sum(d**2), np.sum(d**3))


def bca_levels(theta, estimate, acceleration, alpha):
    """The two percentile levels of the BCa interval (Efron & Tibshirani 14.3, 15.4).

    ``theta`` holds the bootstrap values along its last axis (one row per problem), ``estimate``
    the point estimate of each row, ``acceleration`` BCa's ``a`` (:func:`jackknife_acceleration`
    or :func:`bca_acceleration`), ``alpha`` the tail, e.g. 0.025. Returns ``(low, high)``: floats
    for one row, arrays for several; nan where BCa is undefined (every resample on one side of
    the estimate, so the bias correction ``z0`` is infinite). Used by ``bootstrap_ci`` and by
    the coverage explorer.
    """
    theta = np.asarray(theta)
    estimate = np.asarray(estimate)[..., None]
    below = np.count_nonzero(theta < estimate, axis=-1) + np.count_nonzero(theta <= estimate, axis=-1)
    fraction = below / (2 * theta.shape[-1])
    z0 = _elementwise(lambda f: normal_ppf(f) if 0 < f < 1 else math.nan, fraction)  # bias correction
    z_alpha = normal_ppf(alpha)
    levels = []
    for z in (z_alpha, -z_alpha):
        shifted = z0 + z
        x = z0 + shifted / (1.0 - acceleration * shifted)
        levels.append(_elementwise(lambda v: normal_cdf(v) if math.isfinite(v) else math.nan, x))
    return tuple(levels)


def _elementwise(f, x):
    """``f`` of each element of ``x``: a float for a scalar, an array otherwise."""
    if np.ndim(x) == 0:
        return f(float(x))
    return np.array([f(v) for v in np.ravel(x).tolist()]).reshape(np.shape(x))
