"""Specs for drill set 11: MASE, prediction-interval coverage, directional accuracy.

Each misconception is a real mistake: MASE scaled by the naive error on the test period,
or by the lag-1 naive forecast when the series is seasonal, or by a sum divided by all
training points; coverage with open ends, with only the upper bound checked, or as a count;
directional accuracy measured from the previous forecast, divided by n, or with a flat step
counted as a rise.
"""

import numpy as np

from mlmetrics_edu.drill.compare import all_same
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Forecast metrics: MASE, coverage, direction"

a = np.array
TOL = Tol(rtol=1e-9, atol=1e-12)


def _same(what, tol=TOL):
    return lambda outs, calls: all_same(outs, tol, what=what)


# --- 1. MASE ----------------------------------------------------------------------------------


def _seasonal(rng):
    """A training series with season m (1, 4, 7 or 12), a test period and a noisy forecast."""
    m = int(rng.choice([1, 4, 7, 12]))
    n_train = int(rng.integers(m + 2, 6 * m + 10))
    n_test = int(rng.integers(1, 2 * m + 3))
    t = np.arange(n_train + n_test)
    pattern = rng.uniform(20, 120, m)
    series = np.round(pattern[t % m] + 0.2 * t + rng.normal(0, rng.uniform(1, 10), t.size), 2)
    y_train, y_true = series[:n_train], series[n_train:]
    y_pred = np.round(y_true + rng.normal(0, rng.uniform(0.5, 15), n_test), 2)
    return y_true, y_pred, y_train, m


def _mase_test_scale(y_true, y_pred, y_train, m):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    history = np.r_[np.asarray(y_train, float)[-m:], y_true]  # naive forecast of the test period
    scale = np.mean(np.abs(history[m:] - history[:-m]))
    return float(np.mean(np.abs(y_true - y_pred)) / scale)


def _mase_lag_one(y_true, y_pred, y_train, m):
    y_train = np.asarray(y_train, float)
    scale = np.mean(np.abs(np.diff(y_train)))
    return float(np.mean(np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))) / scale)


def _mase_over_n(y_true, y_pred, y_train, m):
    y_train = np.asarray(y_train, float)
    scale = np.sum(np.abs(y_train[m:] - y_train[:-m])) / len(y_train)
    return float(np.mean(np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))) / scale)


def _rescaled(rng):
    y_true, y_pred, y_train, m = _seasonal(rng)
    c = float(rng.choice([0.01, 12.0, 1000.0]))
    return [(y_true, y_pred, y_train, m), (c * y_true, c * y_pred, c * y_train, m)]


def _shifted(rng):
    y_true, y_pred, y_train, m = _seasonal(rng)
    k = float(np.round(rng.normal(0, 100), 1))
    return [(y_true, y_pred, y_train, m), (y_true + k, y_pred + k, y_train + k, m)]


MASE = Drill(
    id="mase",
    title="Mean absolute scaled error",
    function="mase",
    signature="mase(y_true, y_pred, y_train, m) -> float",
    conventions=(
        "scale = mean(|y_train[t] - y_train[t - m]|) over t = m .. len(y_train) - 1: the in-sample MAE of the "
        "seasonal naive forecast, from the TRAINING series only.",
        "MASE = mean(|y_true - y_pred|) / scale, as a float (Hyndman & Koehler 2006).",
        "len(y_train) > m, and the scale is never 0.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "Which series tells you how hard the problem is, the test period you are scoring or the training "
        "history every model shares?",
        "The naive forecast of y_train[t] is y_train[t - m]: average its absolute error over the len(y_train) - m "
        "training points where it exists. Then divide the forecast's MAE by that.",
        "scale = np.mean(np.abs(y_train[m:] - y_train[:-m])); return float(np.mean(np.abs(y_true - y_pred)) "
        "/ scale).",
    ),
    edges=(
        Edge("weekly", "m = 2 on a zig-zag: the seasonal naive error is small, so MASE is large",
             (a([10.0, 20.0]), a([12.0, 18.0]), a([10.0, 21.0, 11.0, 20.0, 10.0, 22.0]), 2)),
        Edge("m-is-one", "m = 1: the naive forecast repeats yesterday",
             (a([5.0, 6.0]), a([5.5, 6.5]), a([1.0, 2.0, 3.0, 4.0]), 1)),
        Edge("train-not-test", "a calm history and a jumpy test period: the scale comes from y_train",
             (a([0.0, 50.0, 0.0]), a([10.0, 40.0, 10.0]), a([1.0, 2.0, 1.0, 2.0, 1.0]), 1)),
        Edge("divide-by-pairs", "7 training points and m = 3 give 4 naive errors: average over 4, not 7",
             (a([9.0]), a([7.0]), a([1.0, 2.0, 3.0, 2.0, 4.0, 5.0, 3.0]), 3)),
        Edge("perfect", "a perfect forecast scores 0 whatever the scale",
             (a([3.0, 4.0]), a([3.0, 4.0]), a([1.0, 5.0, 2.0]), 1)),
    ),
    random=Random(_seasonal, n=20),
    props=(
        Prop("scale-free", "changing the units (cents, dozens) of every series leaves MASE unchanged", _rescaled,
             _same("MASE before and after changing units", Tol(rtol=1e-9, atol=1e-9))),
        Prop("shift-invariant", "adding a constant to every series changes no error and no naive error", _shifted,
             _same("MASE before and after the shift", Tol(rtol=1e-7, atol=1e-9))),
    ),
    wrongs=(
        Wrong("test-period-scale", "you scaled by the naive forecast's error on the TEST period; MASE uses the "
              "in-sample error on y_train, the same for every model", _mase_test_scale),
        Wrong("lag-one-naive", "you used the lag-1 naive forecast (yesterday); with season m the naive forecast "
              "is y[t - m]", _mase_lag_one),
        Wrong("divided-by-n-train", "you divided the naive errors' sum by len(y_train); there are only "
              "len(y_train) - m of them", _mase_over_n),
    ),
)


# --- 2. interval coverage -----------------------------------------------------------------------


def _intervals(rng):
    """Integer-valued demand and intervals, so values often sit exactly on an end."""
    n = int(rng.integers(1, 50))
    y = rng.poisson(rng.uniform(2, 30), n).astype(float)
    centre = np.round(y + rng.normal(0, rng.uniform(0.5, 6), n))
    half = np.round(rng.uniform(0, 8, n))
    lower, upper = centre - half, centre + np.round(rng.uniform(0, 8, n))
    return y, lower, upper


def _coverage(y_true, lower, upper, covered):
    upper = np.asarray(upper, float)
    return float(np.mean(covered)), float(np.mean(upper - np.asarray(lower, float)))


def _cov_open(y_true, lower, upper):
    y, lo, hi = (np.asarray(v, float) for v in (y_true, lower, upper))
    return _coverage(y, lo, hi, (lo < y) & (y < hi))


def _cov_upper_only(y_true, lower, upper):
    y, lo, hi = (np.asarray(v, float) for v in (y_true, lower, upper))
    return _coverage(y, lo, hi, y <= hi)


def _cov_count(y_true, lower, upper):
    y, lo, hi = (np.asarray(v, float) for v in (y_true, lower, upper))
    return float(np.sum((lo <= y) & (y <= hi))), float(np.mean(hi - lo))


def _interval_shuffled(rng):
    y, lo, hi = _intervals(rng)
    order = rng.permutation(y.size)
    return [(y, lo, hi), (y[order], lo[order], hi[order])]


def _interval_shifted(rng):
    y, lo, hi = _intervals(rng)
    k = float(rng.integers(-100, 100))
    return [(y, lo, hi), (y + k, lo + k, hi + k)]


INTERVAL_COVERAGE = Drill(
    id="interval-coverage",
    title="Prediction-interval coverage and width",
    function="interval_coverage",
    signature="interval_coverage(y_true, lower, upper) -> (coverage, mean_width)",
    conventions=(
        "A value is covered when lower <= y <= upper (both ends inclusive).",
        "Return (coverage, mean width): the fraction of values covered and mean(upper - lower), as two floats.",
        "Inputs are non-empty and lower <= upper everywhere.",
    ),
    returns="tuple of 2 floats",
    names=("coverage", "mean_width"),
    tol=TOL,
    hints=(
        "An 80% interval promises something about how often the truth lands inside. What about the upper "
        "forecast alone?",
        "Make a boolean mask (lower <= y_true) & (y_true <= upper); its mean is the coverage. The width is "
        "upper - lower, averaged.",
        "covered = (lower <= y_true) & (y_true <= upper); return float(covered.mean()), float(np.mean(upper - "
        "lower)).",
    ),
    edges=(
        Edge("on-the-ends", "values exactly on an end are inside: both ends are inclusive",
             (a([10.0, 20.0, 15.0]), a([10.0, 12.0, 16.0]), a([14.0, 20.0, 18.0]))),
        Edge("below-the-interval", "a value under the lower end is a miss too, not only one above the upper end",
             (a([1.0, 5.0, 9.0]), a([3.0, 4.0, 4.0]), a([6.0, 6.0, 6.0]))),
        Edge("fraction", "2 of 4 covered is 0.5, a fraction, not a count",
             (a([1.0, 2.0, 3.0, 4.0]), a([0.0, 0.0, 0.0, 0.0]), a([2.0, 2.0, 2.0, 2.0]))),
        Edge("zero-width", "a point forecast used as an interval: covered only when exactly right",
             (a([5.0, 6.0]), a([5.0, 7.0]), a([5.0, 7.0]))),
    ),
    random=Random(_intervals, n=20),
    props=(
        Prop("shuffle-invariant", "the order of the days does not matter", _interval_shuffled,
             _same("(coverage, width) before and after shuffling")),
        Prop("shift-invariant", "adding a constant to everything moves no value in or out", _interval_shifted,
             _same("(coverage, width) before and after the shift")),
    ),
    wrongs=(
        Wrong("open-ends", "you used strict inequalities; a value equal to an end of the interval is covered",
              _cov_open),
        Wrong("upper-only", "you only checked y <= upper (that is the coverage of the upper quantile); the "
              "interval also needs lower <= y", _cov_upper_only),
        Wrong("count-not-fraction", "you returned how many values are covered; coverage is the fraction",
              _cov_count),
    ),
)


# --- 3. directional accuracy ----------------------------------------------------------------------


def _prices(rng):
    """A price path with flat steps, and a forecast that is sometimes flat and sometimes right."""
    n = int(rng.integers(2, 40))
    y = np.round(100 + np.cumsum(rng.choice([-2.0, -1.0, 0.0, 1.0, 2.0], n)), 2)
    last = np.r_[y[0], y[:-1]]
    move = rng.choice([-1.0, 0.0, 1.0], n) * rng.uniform(0.5, 3, n)
    right = rng.random(n) < rng.uniform(0.3, 0.9)
    y_pred = np.where(right, last + np.sign(y - last) * np.abs(move), last + move)
    return y, np.round(y_pred, 2)


def _mda(y_true, y_pred, base="observed", denominator="steps", flat_up=False):
    y, f = np.asarray(y_true, float), np.asarray(y_pred, float)
    actual = y[1:] - y[:-1]
    predicted = f[1:] - (y[:-1] if base == "observed" else f[:-1])
    if flat_up:
        hits = (actual >= 0) == (predicted >= 0)
    else:
        hits = np.sign(actual) == np.sign(predicted)
    return float(hits.sum() / (len(y) - 1 if denominator == "steps" else len(y)))


def _mda_from_forecast(y_true, y_pred):
    return _mda(y_true, y_pred, base="forecast")


def _mda_over_n(y_true, y_pred):
    return _mda(y_true, y_pred, denominator="n")


def _mda_flat_up(y_true, y_pred):
    return _mda(y_true, y_pred, flat_up=True)


def _affine(rng):
    y, f = _prices(rng)
    c, k = float(rng.choice([0.5, 3.0, 100.0])), float(rng.integers(-50, 50))
    return [(y, f), (c * y + k, c * f + k)]


def _mirrored(rng):
    y, f = _prices(rng)
    return [(y, f), (-y, -f)]


DIRECTIONAL_ACCURACY = Drill(
    id="directional-accuracy",
    title="Mean directional accuracy",
    function="directional_accuracy",
    signature="directional_accuracy(y_true, y_pred) -> float",
    conventions=(
        "For t = 1 .. n - 1: actual move sign(y_true[t] - y_true[t - 1]); predicted move sign(y_pred[t] - "
        "y_true[t - 1]), measured from the last OBSERVED value.",
        "A hit when the two signs are equal (np.sign: a flat step is a hit only if the forecast is flat too).",
        "Return hits / (n - 1) as a float; n >= 2.",
    ),
    returns="float",
    tol=TOL,
    hints=(
        "When you forecast tomorrow's price, what do you already know: yesterday's forecast, or today's price?",
        "Both moves start from y_true[t - 1]: the actual one ends at y_true[t], the predicted one at y_pred[t]. "
        "Compare their np.sign over the n - 1 steps.",
        "actual = np.sign(y_true[1:] - y_true[:-1]); predicted = np.sign(y_pred[1:] - y_true[:-1]); "
        "return float(np.mean(actual == predicted)).",
    ),
    edges=(
        Edge("from-observed", "the forecast's move starts at the last observed price, not the last forecast",
             (a([10.0, 11.0, 12.0]), a([0.0, 12.0, 11.5]))),
        Edge("two-points", "two values make one step: the denominator is n - 1 = 1",
             (a([5.0, 4.0]), a([9.0, 3.0]))),
        Edge("flat-step", "a flat step is its own direction: only a flat forecast gets it right",
             (a([3.0, 3.0, 3.0]), a([3.0, 3.5, 3.0]))),
        Edge("first-forecast-ignored", "y_pred[0] forecasts a value with no previous one: it is not scored",
             (a([1.0, 2.0, 1.0]), a([50.0, 3.0, 0.0]))),
    ),
    random=Random(_prices, n=20),
    props=(
        Prop("affine-invariant", "prices in another currency (scaled and shifted) move the same way", _affine,
             _same("MDA before and after rescaling the prices")),
        Prop("mirror", "turning every up into a down in both series keeps every hit a hit", _mirrored,
             _same("MDA of (y, y_pred) and of (-y, -y_pred)")),
    ),
    wrongs=(
        Wrong("from-previous-forecast", "you measured the predicted move from the previous forecast; it starts "
              "at the last observed value y_true[t - 1]", _mda_from_forecast),
        Wrong("divided-by-n", "you divided by n; n values make n - 1 moves", _mda_over_n),
        Wrong("flat-counted-as-up", "you compared 'went up or stayed' (>= 0) instead of np.sign, so a flat step "
              "matches a rise", _mda_flat_up),
    ),
)

DRILLS = [MASE, INTERVAL_COVERAGE, DIRECTIONAL_ACCURACY]


# --- the last hints, as code ----------------------------------------------------------------

HINT_SOLUTIONS = {
    "mase": """
def mase(y_true, y_pred, y_train, m):
    scale = np.mean(np.abs(y_train[m:] - y_train[:-m]))
    return float(np.mean(np.abs(y_true - y_pred)) / scale)
""",
    "interval-coverage": """
def interval_coverage(y_true, lower, upper):
    covered = (lower <= y_true) & (y_true <= upper)
    return float(covered.mean()), float(np.mean(upper - lower))
""",
    "directional-accuracy": """
def directional_accuracy(y_true, y_pred):
    actual = np.sign(y_true[1:] - y_true[:-1])
    predicted = np.sign(y_pred[1:] - y_true[:-1])
    return float(np.mean(actual == predicted))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
