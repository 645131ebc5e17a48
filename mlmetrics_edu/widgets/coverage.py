"""Coverage explorer: how often does a "95% interval" for accuracy really contain the truth?

A model's true accuracy is ``p``. Each simulated test set of ``n`` samples gives ``k``
correct answers; each interval method turns ``k`` into an interval; *coverage* is the
fraction of 1,000 test sets whose interval contains ``p``. A method is honest when its
coverage is close to the confidence level it claims.

Three layers:

* :func:`simulate_intervals` -- the heavy part, cached per ``(p, n, confidence)``: the
  intervals of every method for every simulated test set. For 0/1 correctness the bootstrap
  distribution of the resampled accuracy is exactly ``Binomial(n, k/n) / n``, so the
  bootstrap resamples are drawn as binomial counts (no index arrays) and the percentile
  and BCa intervals follow ``bootstrap_ci``'s definitions row by row;
* :func:`coverage_state` -- pure: the coverage, width and misses of the chosen method;
* :class:`CoverageExplorer` -- the ipywidgets shell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from .. import plots
from .._core import bca_acceleration, bca_levels, normal_ppf
from .._validation import MetricInputError, check_int, check_option, check_probability, check_seed
from ._shell import Explorer, GridSlider, fmt, table_html

__all__ = ["CoverageExplorer", "CoverageState", "coverage_state", "simulate_intervals"]

METHODS = ("wald", "wilson", "percentile", "bca")
METHOD_NAMES = {"wald": "Wald (normal)", "wilson": "Wilson score", "percentile": "bootstrap percentile",
                "bca": "bootstrap BCa"}
SIZES = (10, 20, 30, 50, 100, 200, 500, 1000)
_SHOWN = 40  # intervals drawn


@dataclass(frozen=True)
class CoverageState:
    """Coverage of one method at one (true accuracy, n, confidence)."""

    method: str
    n: int
    true_accuracy: float
    confidence: float
    coverage: float  # fraction of simulated intervals containing the true accuracy
    mean_width: float
    miss_below: float  # interval entirely below the truth (too pessimistic)
    miss_above: float  # interval entirely above the truth (too optimistic)
    coverage_by_method: dict
    lows: np.ndarray  # the first intervals, for the picture
    highs: np.ndarray
    estimates: np.ndarray

    def __repr__(self):
        return (f"CoverageState(method={self.method!r}, n={self.n}, true_accuracy={self.true_accuracy}, "
                f"confidence={self.confidence}, coverage={self.coverage:.3f})")


def _quantiles_per_row(sorted_rows, levels):
    """Linear-interpolation quantiles (NumPy's default) of each row at its own level."""
    B = sorted_rows.shape[1]
    h = (B - 1) * np.clip(levels, 0.0, 1.0)
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, B - 1)
    rows = np.arange(len(sorted_rows))
    below, above = sorted_rows[rows, lo], sorted_rows[rows, hi]
    return below + (h - lo) * (above - below)


def _bca_levels(theta_sorted, p_hat, k, n, alpha):
    """BCa percentile levels per row; nan where BCa is undefined (then percentile is used).

    The jackknife of a 0/1 sample is known in closed form: leaving out a 1 gives (k-1)/(n-1),
    leaving out a 0 gives k/(n-1); the levels are the package's one BCa (``_core.bca_levels``).
    """
    d_one, d_zero = p_hat - (k - 1) / (n - 1), p_hat - k / (n - 1)
    sum_d2 = k * d_one**2 + (n - k) * d_zero**2
    sum_d3 = k * d_one**3 + (n - k) * d_zero**3
    return bca_levels(theta_sorted, p_hat, bca_acceleration(sum_d2, sum_d3), alpha)


def simulate_intervals(true_accuracy, n, confidence=0.95, n_datasets=1000, n_resamples=999, seed=0):
    """Intervals of every method on ``n_datasets`` simulated test sets: ``{method: (low, high)}``.

    Parameters
    ----------
    true_accuracy : float in (0, 1)
    n : int >= 2
        Test-set size.
    confidence : float in (0, 1)
    n_datasets, n_resamples : int
        Simulated test sets, and bootstrap resamples per test set.
    seed : int

    Returns
    -------
    dict
        ``"estimate"``: the ``k / n`` of each test set; for each method a pair of arrays
        ``(low, high)``.

    Examples
    --------
    >>> sim = simulate_intervals(0.9, 50, n_datasets=200, n_resamples=199)
    >>> sorted(sim), sim["wald"][0].shape
    (['bca', 'estimate', 'percentile', 'wald', 'wilson'], (200,))
    """
    return _simulate(*_check_simulation(true_accuracy, n, confidence, n_datasets, n_resamples, seed))


@lru_cache(maxsize=64)
def _simulate(true_accuracy, n, confidence, n_datasets, n_resamples, seed):
    rng = np.random.default_rng(seed)
    k = rng.binomial(n, true_accuracy, n_datasets)  # correct answers on each test set
    p_hat = k / n
    alpha = (1 - confidence) / 2
    z = normal_ppf(1 - alpha)
    out = {"estimate": p_hat}
    half = z * np.sqrt(p_hat * (1 - p_hat) / n)  # Wald: estimate ± z standard errors
    out["wald"] = (p_hat - half, p_hat + half)
    centre = (p_hat + z**2 / (2 * n)) / (1 + z**2 / n)  # Wilson: invert the score test
    half = z / (1 + z**2 / n) * np.sqrt(p_hat * (1 - p_hat) / n + z**2 / (4 * n**2))
    out["wilson"] = (centre - half, centre + half)
    # bootstrap: the resampled accuracy of a 0/1 sample with k ones is Binomial(n, k/n) / n
    theta = np.sort(rng.binomial(n, p_hat[:, None], (n_datasets, n_resamples)) / n, axis=1)
    low_pct = _quantiles_per_row(theta, np.full(n_datasets, alpha))
    high_pct = _quantiles_per_row(theta, np.full(n_datasets, 1 - alpha))
    out["percentile"] = (low_pct, high_pct)
    level_low, level_high = _bca_levels(theta, p_hat, k, n, alpha)
    undefined = np.isnan(level_low) | np.isnan(level_high)  # all resamples on one side
    low_bca = np.where(undefined, low_pct, _quantiles_per_row(theta, np.nan_to_num(level_low)))
    high_bca = np.where(undefined, high_pct, _quantiles_per_row(theta, np.nan_to_num(level_high)))
    out["bca"] = (low_bca, high_bca)
    return out


_MAX_DRAWS = 10**8  # test sets x resamples: a bound on the simulation's time and memory


def _check_simulation(true_accuracy, n, confidence, n_datasets, n_resamples, seed):
    """The simulation's settings as plain numbers (hashable, for the cache), else raise naming one."""
    true_accuracy = check_probability(true_accuracy, "true_accuracy")
    n = check_int(n, "n", 2)
    confidence = check_probability(confidence, "confidence")
    n_datasets = check_int(n_datasets, "n_datasets", 1)
    n_resamples = check_int(n_resamples, "n_resamples", 1)
    if n_datasets * n_resamples > _MAX_DRAWS:
        raise MetricInputError(f"n_datasets x n_resamples must be at most {_MAX_DRAWS:,}, "
                               f"got {n_datasets} x {n_resamples}")
    return true_accuracy, n, confidence, n_datasets, n_resamples, check_seed(seed, allow_none=False)


def _check_inputs(true_accuracy, n, method, confidence):
    check_probability(true_accuracy, "true_accuracy")
    check_int(n, "n", 2)
    check_option(method, "method", METHODS)
    check_probability(confidence, "confidence")


def coverage_state(true_accuracy, n, method="percentile", confidence=0.95, *, n_datasets=1000,
                   n_resamples=999, seed=0):
    """Coverage of ``method``'s intervals for accuracy, over simulated test sets.

    Parameters
    ----------
    true_accuracy : float in (0, 1)
        The model's real accuracy ``p`` (what the interval should contain).
    n : int >= 2
        Test-set size.
    method : {"wald", "wilson", "percentile", "bca"}
    confidence : float in (0, 1)
    n_datasets, n_resamples, seed : int
        Size and seed of the simulation.

    Returns
    -------
    CoverageState

    Notes
    -----
    Coverage is ``#{low <= p <= high} / n_datasets``; its Monte Carlo standard error is
    about ``sqrt(c (1 - c) / n_datasets)`` (0.007 at c = 0.95 with 1,000 test sets).
    Wald collapses to a point when ``k = n`` (no errors seen) and then always misses;
    bootstrap intervals do the same (every resample is perfect) -- Wilson does not.

    Examples
    --------
    >>> s = coverage_state(0.95, 20, "wald", n_datasets=2000)
    >>> s.coverage < 0.9   # the "95%" Wald interval covers far less at n = 20
    True
    """
    check_option(method, "method", METHODS)
    sim = simulate_intervals(true_accuracy, n, confidence, n_datasets, n_resamples, seed)
    p = float(true_accuracy)
    by_method = {}
    for name in METHODS:
        low, high = sim[name]
        by_method[name] = float(np.mean((low <= p) & (p <= high)))
    low, high = sim[method]
    return CoverageState(
        method=method, n=int(n), true_accuracy=p, confidence=float(confidence),
        coverage=by_method[method], mean_width=float(np.mean(high - low)),
        miss_below=float(np.mean(high < p)), miss_above=float(np.mean(low > p)),
        coverage_by_method=by_method, lows=low[:_SHOWN].copy(), highs=high[:_SHOWN].copy(),
        estimates=sim["estimate"][:_SHOWN].copy(),
    )


class CoverageExplorer(Explorer):
    """Pick an interval method and a test-set size; see how often the interval covers the truth.

    Parameters
    ----------
    true_accuracy : float in (0, 1), default 0.9
    n : int, default 30
        One of ``SIZES`` (10 ... 1000).
    method : {"wald", "wilson", "percentile", "bca"}, default "wald"
    confidence : float, default 0.95
        One of 0.8, 0.9, 0.95, 0.99.
    n_datasets, n_resamples, seed : int
        The simulation (1,000 test sets, 999 bootstrap resamples each).

    Attributes
    ----------
    method : ipywidgets.Dropdown
    n : ipywidgets.SelectionSlider
    true_accuracy : ipywidgets.FloatSlider
    confidence : ipywidgets.Dropdown
    image, readout, state, widget
        As in every explorer.

    Examples
    --------
    >>> explorer = CoverageExplorer(n_datasets=300, n_resamples=199)
    >>> explorer.n.value = 1000
    >>> explorer.state.n, explorer.state.method
    (1000, 'wald')
    """

    def __init__(self, true_accuracy=0.9, n=30, method="wald", confidence=0.95, *, n_datasets=1000,
                 n_resamples=999, seed=0):
        _check_inputs(true_accuracy, n, method, confidence)
        if n not in SIZES:
            raise MetricInputError(f"n must be one of {list(SIZES)}, got {n!r}")
        if confidence not in (0.8, 0.9, 0.95, 0.99):
            raise MetricInputError(f"confidence must be one of 0.8, 0.9, 0.95, 0.99, got {confidence!r}")
        *_, n_datasets, n_resamples, seed = _check_simulation(true_accuracy, n, confidence, n_datasets,
                                                              n_resamples, seed)
        self._simulation = dict(n_datasets=n_datasets, n_resamples=n_resamples, seed=seed)
        style = {"description_width": "8em"}
        self.method = widgets.Dropdown(options=[(METHOD_NAMES[m], m) for m in METHODS], value=method,
                                       description="interval", style=style)
        self.n = widgets.SelectionSlider(options=list(SIZES), value=n, description="test-set size n",
                                         style=style, layout=widgets.Layout(width="30em"))
        self.true_accuracy = GridSlider(value=true_accuracy, min=0.5, max=0.99, step=0.01,
                                        description="true accuracy", style=style,
                                        layout=widgets.Layout(width="30em"))
        self.confidence = widgets.Dropdown(options=[0.8, 0.9, 0.95, 0.99], value=confidence,
                                           description="confidence", style=style)
        self._build_figure()
        controls = [self.method, self.n, self.true_accuracy, self.confidence]

        def layout(image, readout):
            return widgets.VBox([widgets.HBox([widgets.VBox(controls), readout]), image])

        self._build_shell(controls, layout)

    def _compute_state(self):
        return coverage_state(self.true_accuracy.value, self.n.value, self.method.value,
                              self.confidence.value, **self._simulation)

    def _build_figure(self):
        ax_int, ax_cov = plots.new_axes(1, 2, figsize=(10.0, 3.9), gridspec_kw={"width_ratios": [1.3, 1]})
        self.figure, self._axes = ax_int.figure, (ax_int, ax_cov)
        ax_int.add_collection(LineCollection([], linewidths=2, gid="intervals"))
        ax_int.plot([], [], "|", color="black", ms=6, gid="estimates")
        ax_int.axvline(0.9, color="black", ls="--", lw=1, gid="truth")
        ax_int.set_ylim(-1, _SHOWN)
        ax_int.set_yticks([])
        ax_int.set(xlabel="accuracy", title=f"{_SHOWN} simulated test sets: green covers the truth, red misses")
        ax_int.title.set_fontsize(10)
        positions = np.arange(len(METHODS))
        bars = ax_cov.bar(positions, np.zeros(len(METHODS)), color="tab:gray", gid="bars")
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar_{METHODS[i]}")
        ax_cov.axhline(0.95, color="black", ls="--", lw=1, gid="nominal")
        for i in positions:
            ax_cov.text(i, 0, "", ha="center", va="bottom", fontsize=9, gid=f"label_{METHODS[i]}")
        ax_cov.set_xticks(positions, [METHOD_NAMES[m].replace(" ", "\n", 1) for m in METHODS], fontsize=8)
        ax_cov.set(ylim=(0.5, 1.04), ylabel="coverage", title="Coverage by method (dashed: the promise)")
        ax_cov.title.set_fontsize(10)

    def _background_key(self, s):
        return (s.n, s.true_accuracy, s.confidence)

    def _animated_artists(self):
        ax_int, ax_cov = self._axes
        moving = [plots.get_artist(ax_int, g) for g in ("intervals", "estimates")]
        moving += [plots.get_artist(ax_cov, f"bar_{m}") for m in METHODS]
        return moving + [plots.get_artist(ax_cov, f"label_{m}") for m in METHODS]

    def _draw(self, s):
        ax_int, ax_cov = self._axes
        rows = np.arange(len(s.lows))
        covered = (s.lows <= s.true_accuracy) & (s.true_accuracy <= s.highs)
        segments = plots.get_artist(ax_int, "intervals")
        segments.set_segments([[(lo, r), (hi, r)] for lo, hi, r in zip(s.lows, s.highs, rows)])
        segments.set_color(np.where(covered[:, None], [[0.17, 0.63, 0.17, 1]], [[0.84, 0.15, 0.16, 1]]))
        plots.get_artist(ax_int, "estimates").set_data(s.estimates, rows)
        plots.get_artist(ax_int, "truth").set_xdata([s.true_accuracy, s.true_accuracy])
        spread = 4.5 * math.sqrt(s.true_accuracy * (1 - s.true_accuracy) / s.n)
        ax_int.set_xlim(max(0.0, s.true_accuracy - spread), min(1.02, s.true_accuracy + spread))
        plots.get_artist(ax_cov, "nominal").set_ydata([s.confidence, s.confidence])
        for m in METHODS:
            value = s.coverage_by_method[m]
            bar = plots.get_artist(ax_cov, f"bar_{m}")
            bar.set_height(value)
            bar.set_color("tab:blue" if m == s.method else "tab:gray")
            label = plots.get_artist(ax_cov, f"label_{m}")
            label.set_text(f"{value:.3f}")
            label.set_y(min(value, 1.0) + 0.005)

    def _readout_html(self, s):
        rows = [
            ("method", METHOD_NAMES[s.method]),
            ("claimed confidence", fmt(s.confidence, 2)),
            ("coverage", fmt(s.coverage, 3)),
            ("missed, interval too low", fmt(s.miss_below, 3)),
            ("missed, interval too high", fmt(s.miss_above, 3)),
            ("mean width", fmt(s.mean_width, 4)),
        ]
        runs = self._simulation["n_datasets"]
        note = (f"{runs:,} simulated test sets of n = {s.n} with true accuracy {s.true_accuracy:.2f}; "
                f"Monte Carlo error of the coverage about ±{2 * math.sqrt(0.05 * 0.95 / runs):.3f}.")
        return table_html(rows, note=note)
