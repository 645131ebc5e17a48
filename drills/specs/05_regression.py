"""Specs for drill set 05: regression errors."""

import numpy as np

from mlmetrics_edu.drill.cases import call, regression_pair
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Regression errors"

a = np.array
EMPTY = (np.zeros(0), np.zeros(0))


def _case(rng):
    return regression_pair(rng)


def _shuffled(rng):
    c = _case(rng)
    order = rng.permutation(c[0].size)
    return [c, (c[0][order], c[1][order])]


def _shift(rng):
    y_true, y_pred = _case(rng)
    k = float(np.round(rng.normal(0, 50), 2))
    return [(y_true, y_pred), (y_true + k, y_pred + k)]


def _same(what, tol=Tol(rtol=1e-9, atol=1e-9)):
    return lambda outs, calls: all_same(outs, tol, what=what)


SHUFFLE = Prop("shuffle-invariant", "the order of the samples does not matter", _shuffled,
               _same("scores before and after shuffling"))
SHIFT = Prop("shift-invariant", "adding the same constant to targets and predictions leaves every error "
             "unchanged", _shift, _same("scores before and after the shift", Tol(rtol=1e-7, atol=1e-7)))


def _err(y_true, y_pred):
    return np.asarray(y_true, float) - np.asarray(y_pred, float)


def _empty_nan(f):
    def wrapped(y_true, y_pred):
        return f(y_true, y_pred) if len(y_true) else float("nan")
    return wrapped


# --- 1. MAE, 2. MSE, 3. RMSE ---------------------------------------------------------------


def _mae_signed(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.mean(_err(y_true, y_pred)))


def _mae_median(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.median(np.abs(_err(y_true, y_pred))))


def _mae_empty_nan(y_true, y_pred):
    if len(y_true) == 0:
        return float("nan")
    return float(np.mean(np.abs(_err(y_true, y_pred))))


COMMON_EDGES = {
    "outlier": (a([1.0, 2.0, 3.0, 4.0]), a([1.0, 2.0, 3.0, 24.0])),
    "signs-cancel": (a([0.0, 0.0]), a([1.0, -1.0])),
    "perfect": (a([2.5, -1.0]), a([2.5, -1.0])),
}

MAE = Drill(
    id="mae",
    title="Mean absolute error",
    function="mae",
    signature="mae(y_true, y_pred) -> float",
    conventions=("MAE = mean(|y_true - y_pred|): sklearn.metrics.mean_absolute_error.",
                 "Empty input: raise ValueError, as scikit-learn does."),
    returns="float",
    hints=(
        "If one prediction is 1 minute early and another 1 minute late, is the average error 0?",
        "Take the absolute value of each error before averaging.",
        "if len(y_true) == 0: raise ValueError; return float(np.mean(np.abs(y_true - "
        "y_pred))).",
    ),
    edges=(
        Edge("signs-cancel", "one early and one late must not cancel out", COMMON_EDGES["signs-cancel"]),
        Edge("outlier", "one 20-minute miss counts 20 times a 1-minute miss, no more", COMMON_EDGES["outlier"]),
        Edge("skewed", "the mean, not the median, of the absolute errors", (a([0.0, 0.0, 0.0]), a([0.0, 1.0, 5.0]))),
        Edge("empty", "the mean of nothing is undefined: ValueError", EMPTY),
    ),
    random=Random(_case),
    props=(SHUFFLE, SHIFT),
    wrongs=(
        Wrong("signed-errors", "you averaged signed errors, so over- and under-predictions cancel; that is "
              "the bias, not MAE", _mae_signed),
        Wrong("median", "you took the median absolute error; MAE is the mean", _mae_median),
        Wrong("empty-is-nan", "you returned nan for empty input; raise ValueError", _mae_empty_nan),
    ),
)


def _mse_abs(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.mean(np.abs(_err(y_true, y_pred))))


def _mse_root(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.sqrt(np.mean(_err(y_true, y_pred) ** 2)))


def _mse_squared_mean(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.mean(_err(y_true, y_pred)) ** 2)


MSE = Drill(
    id="mse",
    title="Mean squared error",
    function="mse",
    signature="mse(y_true, y_pred) -> float",
    conventions=("MSE = mean((y_true - y_pred)^2): sklearn.metrics.mean_squared_error.",
                 "Empty input: raise ValueError, as scikit-learn does."),
    returns="float",
    hints=(
        "Square first and then average, or average first and then square: which one is MSE?",
        "Square each error, then take the mean; no square root.",
        "if len(y_true) == 0: raise ValueError; return float(np.mean((y_true - y_pred) ** 2)).",
    ),
    edges=(
        Edge("signs-cancel", "squares do not cancel: mean of 1 and 1", COMMON_EDGES["signs-cancel"]),
        Edge("outlier", "one 20-minute miss costs 400, so it dominates", COMMON_EDGES["outlier"]),
        Edge("units", "a 2-minute miss costs 4 (minutes squared), not 2", (a([0.0]), a([2.0]))),
        Edge("empty", "the mean of nothing is undefined: ValueError", EMPTY),
    ),
    random=Random(_case),
    props=(SHUFFLE, SHIFT),
    wrongs=(
        Wrong("absolute-errors", "you averaged absolute errors: that is MAE; square them", _mse_abs),
        Wrong("took-the-root", "you took the square root: that is RMSE", _mse_root),
        Wrong("squared-mean-error", "you squared the mean error (the bias squared); MSE is the mean of the "
              "squared errors", _mse_squared_mean),
    ),
)


def _rmse_mean_of_roots(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.mean(np.sqrt(_err(y_true, y_pred) ** 2)))


def _rmse_no_root(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(np.mean(_err(y_true, y_pred) ** 2))


def _rmse_n_minus_1(y_true, y_pred):
    if len(y_true) < 2:
        raise ValueError("need two samples")
    return float(np.sqrt(np.sum(_err(y_true, y_pred) ** 2) / (len(y_true) - 1)))


RMSE = Drill(
    id="rmse",
    title="Root mean squared error",
    function="rmse",
    signature="rmse(y_true, y_pred) -> float",
    conventions=("RMSE = sqrt(mean((y_true - y_pred)^2)): sklearn.metrics.root_mean_squared_error.",
                 "Divide by n, not n - 1. Empty input: raise ValueError."),
    returns="float",
    hints=(
        "Is the root of a mean the same as the mean of roots?",
        "Compute MSE first (mean of squared errors, divided by n), then take one square root.",
        "if len(y_true) == 0: raise ValueError; return float(np.sqrt(np.mean((y_true - y_pred) "
        "** 2))).",
    ),
    edges=(
        Edge("outlier", "RMSE is pulled up by the outlier, MAE would not be", COMMON_EDGES["outlier"]),
        Edge("one-sample", "with one sample RMSE is the absolute error (divide by n = 1)", (a([3.0]), a([1.0]))),
        Edge("signs-cancel", "squares do not cancel", COMMON_EDGES["signs-cancel"]),
        Edge("empty", "the mean of nothing is undefined: ValueError", EMPTY),
    ),
    random=Random(_case),
    props=(SHUFFLE, SHIFT),
    wrongs=(
        Wrong("mean-of-roots", "you averaged per-sample roots sqrt(e^2) = |e|: that is MAE; take the root of "
              "the mean", _rmse_mean_of_roots),
        Wrong("no-root", "you returned the mean squared error; RMSE takes its square root", _rmse_no_root),
        Wrong("n-minus-one", "you divided by n - 1; RMSE divides by n (it is not a sample standard deviation)",
              _rmse_n_minus_1),
    ),
)

# --- 4. R^2 ---------------------------------------------------------------------------------


def _r2_uncentred(y_true, y_pred):
    ss_res, ss_tot = np.sum(_err(y_true, y_pred) ** 2), np.sum(np.asarray(y_true, float) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)


def _r2_unguarded(y_true, y_pred):
    y_true = np.asarray(y_true, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(1 - np.sum(_err(y_true, y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2))


def _r2_correlation(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if np.ptp(y_true) == 0 or np.ptp(y_pred) == 0:
        return 1.0 if np.all(y_true == y_pred) else 0.0
    return float(np.corrcoef(y_true, y_pred)[0, 1] ** 2)


def _r2_clipped(y_true, y_pred):
    y_true = np.asarray(y_true, float)
    ss_res, ss_tot = np.sum(_err(y_true, y_pred) ** 2), np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(max(0.0, 1 - ss_res / ss_tot))


def _r2_swapped(y_true, y_pred):
    y_true, y_pred = np.asarray(y_pred, float), np.asarray(y_true, float)  # the arguments, swapped
    ss_res, ss_tot = np.sum(_err(y_true, y_pred) ** 2), np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)


def _r2_case(rng):
    y_true, y_pred = regression_pair(rng, int(rng.integers(2, 60)))
    if rng.random() < 0.2:
        y_pred = y_pred[::-1].copy()  # a bad model: negative R^2
    return y_true, y_pred


def _shuffled_r2(rng):
    t, p = _r2_case(rng)
    o = rng.permutation(t.size)
    return [(t, p), (t[o], p[o])]


R2 = Drill(
    id="r2",
    title="R^2 (coefficient of determination)",
    function="r2",
    signature="r2(y_true, y_pred) -> float",
    conventions=(
        "R^2 = 1 - SS_res / SS_tot, SS_res = sum((y - yhat)^2), SS_tot = sum((y - mean(y))^2).",
        "Constant y_true (SS_tot = 0): 1.0 if the prediction is perfect, else 0.0 (sklearn.metrics.r2_score, "
        "force_finite=True).",
        "R^2 can be negative; y_true has at least two values.",
    ),
    returns="float",
    hints=(
        "What is the squared error of the dumbest model, which always predicts the mean of y_true?",
        "R^2 compares the model's squared error with that baseline's: 1 - SS_res / SS_tot. What if the "
        "baseline is perfect (constant y_true)?",
        "ss_res = np.sum((y_true - y_pred)**2); ss_tot = np.sum((y_true - y_true.mean())**2); if ss_tot == 0: "
        "return 1.0 if ss_res == 0 else 0.0; return float(1 - ss_res / ss_tot).",
    ),
    edges=(
        Edge("mean-predictor", "predicting the mean scores exactly 0", (a([1.0, 2.0, 3.0]), a([2.0, 2.0, 2.0]))),
        Edge("not-symmetric", "SS_tot is the spread of y_true (5 here), not of y_pred (1): swapping the "
             "arguments turns 0.6 into -1.0", (a([1.0, 2.0, 3.0, 4.0]), a([2.0, 2.0, 3.0, 3.0]))),
        Edge("worse-than-mean", "a model worse than the mean has negative R^2, not 0",
             (a([1.0, 2.0, 3.0]), a([3.0, 2.0, 1.0]))),
        Edge("constant-target-perfect", "SS_tot = 0 and a perfect prediction: 1.0", (a([4.0, 4.0]), a([4.0, 4.0]))),
        Edge("constant-target-miss", "SS_tot = 0 and any error: 0.0 (not -inf)", (a([4.0, 4.0]), a([4.0, 5.0]))),
        Edge("offset-data", "targets far from 0: SS_tot is about the mean, not about 0",
             (a([100.0, 101.0, 102.0]), a([100.5, 101.0, 101.5]))),
        Edge("biased-but-correlated", "perfect correlation is not R^2 = 1 when predictions are shifted",
             (a([1.0, 2.0, 3.0]), a([2.0, 3.0, 4.0]))),
    ),
    random=Random(_r2_case),
    props=(
        Prop("shuffle-invariant", "the order of the samples does not matter",
             lambda rng: _shuffled_r2(rng), _same("R^2 before and after shuffling")),
        Prop("scale-invariant", "measuring in other units (seconds, not minutes) leaves R^2 unchanged",
             lambda rng: (lambda t, p: [(t, p), (t * 60, p * 60)])(*_r2_case(rng)),
             _same("R^2 before and after changing units")),
    ),
    wrongs=(
        Wrong("uncentred-total", "you used sum(y^2) for SS_tot; the baseline is the mean, so SS_tot is the "
              "spread around the mean", _r2_uncentred),
        Wrong("constant-target", "you divided by SS_tot = 0; for a constant target the convention is 1.0 "
              "if the prediction is perfect, else 0.0", _r2_unguarded),
        Wrong("squared-correlation", "you squared the correlation; R^2 compares with predicting the mean "
              "and penalises bias", _r2_correlation),
        Wrong("arguments-swapped", "you computed r2(y_pred, y_true): R^2 is not symmetric, its baseline is "
              "the mean of y_true (sklearn's r2_score takes y_true first)", _r2_swapped),
        Wrong("clipped-at-zero", "you clipped R^2 at 0; a model worse than the mean has negative R^2",
              _r2_clipped),
    ),
)


# --- 5. MAPE and 6. sMAPE ---------------------------------------------------------------


def _mape_case(rng):
    y_true, y_pred = regression_pair(rng, positive=True)
    if rng.random() < 0.15:
        y_true[rng.integers(0, y_true.size)] = 0.0  # a zero-demand day
    return y_true, y_pred


def _mape_percent(y_true, y_pred):
    eps = np.finfo(np.float64).eps
    return float(100 * np.mean(np.abs(_err(y_true, y_pred)) / np.maximum(np.abs(y_true), eps)))


def _mape_by_prediction(y_true, y_pred):
    eps = np.finfo(np.float64).eps
    return float(np.mean(np.abs(_err(y_true, y_pred)) / np.maximum(np.abs(y_pred), eps)))


def _mape_no_eps(y_true, y_pred):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(np.abs(_err(y_true, y_pred)) / np.abs(y_true)))


def _mape_wape(y_true, y_pred):
    eps = np.finfo(np.float64).eps
    return float(np.sum(np.abs(_err(y_true, y_pred))) / max(np.sum(np.abs(y_true)), eps))


def _mape_drop_zeros(y_true, y_pred):
    eps = np.finfo(np.float64).eps
    kept = np.asarray(y_true) != 0  # zero-demand days silently left out
    if not kept.any():
        return 0.0
    return float(np.mean(np.abs(_err(y_true, y_pred))[kept] / np.maximum(np.abs(y_true[kept]), eps)))


MAPE = Drill(
    id="mape",
    title="Mean absolute percentage error",
    function="mape",
    signature="mape(y_true, y_pred) -> float",
    conventions=(
        "MAPE = mean(|y - yhat| / max(|y|, eps)), eps = np.finfo(np.float64).eps: "
        "sklearn.metrics.mean_absolute_percentage_error.",
        "A fraction, not a percentage (0.1 means 10%). A zero target gives a huge, finite term.",
        "Inputs are non-empty.",
    ),
    returns="float",
    tol=Tol(rtol=1e-9, atol=1e-12),
    hints=(
        "A 10-unit miss on a demand of 1000 and on a demand of 10: are those the same mistake?",
        "Divide each absolute error by the true value's magnitude, floored at eps, then average. Do not "
        "multiply by 100.",
        "eps = np.finfo(np.float64).eps; return float(np.mean(np.abs(y_true - y_pred) / "
        "np.maximum(np.abs(y_true), eps))).",
    ),
    edges=(
        Edge("relative", "10 off on 100 and 10 off on 20: 10% and 50%", (a([100.0, 20.0]), a([110.0, 10.0]))),
        Edge("mape-not-wape", "1 off on a demand of 1 is 100%: MAPE averages per-day ratios (0.5), WAPE "
             "(sum |e| / sum |y|) would say 1%", (a([1.0, 100.0]), a([2.0, 100.0]))),
        Edge("zero-target", "demand 0: the eps floor makes the term huge but finite", (a([0.0, 10.0]), a([1.0, 10.0]))),
        Edge("negative-target", "the magnitude |y| is the denominator", (a([-10.0, 10.0]), a([-12.0, 9.0]))),
        Edge("over-forecast", "divide by the truth, not the forecast", (a([10.0]), a([30.0]))),
    ),
    random=Random(_mape_case),
    props=(
        Prop("scale-invariant", "measuring demand in dozens instead of units leaves MAPE unchanged",
             lambda rng: (lambda t, p: [(t, p), (t * 12, p * 12)])(*regression_pair(rng, positive=True)),
             _same("MAPE before and after changing units")),
        SHUFFLE,
    ),
    wrongs=(
        Wrong("percent-units", "you multiplied by 100: MAPE is often reported in percent, but the "
              "convention graded here (scikit-learn's) is a fraction, 0.1 for 10%",
              _mape_percent),
        Wrong("divided-by-forecast", "you divided by the forecast; MAPE divides by the true value",
              _mape_by_prediction),
        Wrong("wape", "you divided the summed errors by the summed actuals: that is WAPE (weighted APE), "
              "dominated by the big days; MAPE averages each day's |error| / |actual|", _mape_wape),
        Wrong("zero-actuals-dropped", "you silently left out the days whose actual is 0; the convention "
              "(scikit-learn's) keeps them with the eps floor, so their huge terms show the problem",
              _mape_drop_zeros),
        Wrong("no-eps-floor", "you divided by |y_true| without the eps floor, so a zero target gives inf",
              _mape_no_eps),
    ),
)


def _smape_terms(y_true, y_pred, factor=2.0, absden=True, zero=0.0):
    num = factor * np.abs(_err(y_true, y_pred))
    den = (np.abs(y_true) + np.abs(y_pred)) if absden else (np.asarray(y_true, float) + np.asarray(y_pred, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = num / den
    return np.where(den == 0, zero, terms)


def _smape_half(y_true, y_pred):
    return float(np.mean(_smape_terms(y_true, y_pred, factor=1.0)))


def _smape_nan(y_true, y_pred):
    return float(np.mean(_smape_terms(y_true, y_pred, zero=float("nan"))))


def _smape_signed_den(y_true, y_pred):
    return float(np.mean(_smape_terms(y_true, y_pred, absden=False)))


def _smape_case(rng):
    y_true, y_pred = regression_pair(rng)
    zeros = rng.random(y_true.size) < 0.15
    y_true[zeros] = 0.0
    y_pred[zeros & (rng.random(y_true.size) < 0.5)] = 0.0
    return y_true, y_pred


SMAPE = Drill(
    id="smape",
    title="Symmetric MAPE",
    function="smape",
    signature="smape(y_true, y_pred) -> float",
    conventions=(
        "sMAPE = mean(2 |y - yhat| / (|y| + |yhat|)), a fraction in [0, 2].",
        "A term with y = yhat = 0 is 0 (a perfect zero forecast), not 0/0.",
        "Not in scikit-learn; this is the common 'M4' definition. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "What is the term for a day with zero demand and a forecast of zero, and what does 0/0 give in NumPy?",
        "Compute numerator 2|y - yhat| and denominator |y| + |yhat| as arrays; divide only where the "
        "denominator is positive.",
        "num = 2 * np.abs(y_true - y_pred); den = np.abs(y_true) + np.abs(y_pred); return float(np.mean("
        "np.divide(num, den, out=np.zeros_like(num), where=den > 0))).",
    ),
    edges=(
        Edge("both-zero", "y = yhat = 0 is a perfect forecast: term 0", (a([0.0, 10.0]), a([0.0, 12.0]))),
        Edge("one-zero", "forecast 0 for demand 5: the maximum term, 2", (a([5.0]), a([0.0]))),
        Edge("negative-values", "the denominator uses magnitudes", (a([-10.0, 4.0]), a([8.0, 4.0]))),
        Edge("symmetric-pair", "over and under by the same amount give different terms",
             (a([100.0, 100.0]), a([150.0, 50.0]))),
    ),
    random=Random(_smape_case),
    props=(
        Prop("symmetric", "swapping y_true and y_pred leaves sMAPE unchanged (hence the name)",
             lambda rng: (lambda t, p: [(t, p), (p, t)])(*_smape_case(rng)), _same("sMAPE before and after swapping")),
        SHUFFLE,
    ),
    wrongs=(
        Wrong("no-factor-two-variant", "you left out the factor 2: |y - yhat| / (|y| + |yhat|) is a sMAPE "
              "variant with range [0, 1] that some papers use; this drill grades the M4 definition, "
              "2 |y - yhat| / (|y| + |yhat|) in [0, 2]", _smape_half),
        Wrong("zero-over-zero", "a term with y = yhat = 0 became nan; count it as 0", _smape_nan),
        Wrong("signed-denominator", "you divided by y + yhat; use |y| + |yhat| so negative values work",
              _smape_signed_den),
    ),
)

# --- 7. Huber ---------------------------------------------------------------------------


def _huber(y_true, y_pred, delta, half=True, shift=True, signed=False):
    r = _err(y_true, y_pred)
    r_small = np.abs(r) <= delta if not signed else r <= delta
    quad = (0.5 if half else 1.0) * r**2
    lin = delta * (np.abs(r) - (0.5 * delta if shift else 0.0))
    return float(np.mean(np.where(r_small, quad, lin)))


def _huber_no_half(y_true, y_pred, delta):
    return _huber(y_true, y_pred, delta, half=False)


def _huber_no_shift(y_true, y_pred, delta):
    return _huber(y_true, y_pred, delta, shift=False)


def _huber_signed(y_true, y_pred, delta):
    return _huber(y_true, y_pred, delta, signed=True)


def _huber_smooth_l1(y_true, y_pred, delta):
    return _huber(y_true, y_pred, delta) / delta  # PyTorch's SmoothL1Loss with beta = delta


def _huber_case(rng):
    y_true, y_pred = regression_pair(rng)
    return call(y_true, y_pred, delta=float(rng.choice([0.5, 1.0, 1.35, 3.0])))


HUBER = Drill(
    id="huber",
    title="Huber loss",
    function="huber",
    signature="huber(y_true, y_pred, delta) -> float",
    conventions=(
        "Per residual r = y - yhat: 0.5 r^2 if |r| <= delta, else delta (|r| - delta / 2); return the mean.",
        "The two branches meet (value and slope) at |r| = delta.",
        "Not a scikit-learn metric; torch.nn.HuberLoss(delta=delta) gives the same mean. Inputs are "
        "non-empty.",
    ),
    returns="float",
    hints=(
        "At |r| = delta both branches must give the same value. Do yours?",
        "Quadratic branch 0.5 r^2; linear branch delta |r| - 0.5 delta^2. Choose per residual by |r|, not r.",
        "r = np.abs(y_true - y_pred); return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 "
        "* delta)))).",
    ),
    edges=(
        Edge("small-residuals", "inside delta: half the squared error", (a([0.0, 0.0]), a([0.5, -0.5])),
             {"delta": 1.0}),
        Edge("delta-not-one", "with delta = 2 Huber is twice PyTorch's SmoothL1 (beta = 2), which divides "
             "by delta", (a([0.0, 0.0]), a([0.5, 4.0])), {"delta": 2.0}),
        Edge("outlier", "outside delta the loss grows linearly", (a([0.0, 0.0]), a([0.5, 10.0])), {"delta": 1.0}),
        Edge("negative-outlier", "a large negative residual is an outlier too", (a([0.0]), a([10.0])),
             {"delta": 2.0}),
        Edge("at-delta", "exactly at |r| = delta both branches agree", (a([0.0]), a([1.5])), {"delta": 1.5}),
    ),
    random=Random(_huber_case),
    props=(
        Prop("swap-symmetric", "Huber depends on |r|, so swapping y_true and y_pred changes nothing",
             lambda rng: (lambda c: [c, call(c.args[1], c.args[0], **c.kwargs)])(_huber_case(rng)),
             _same("losses before and after swapping")),
    ),
    wrongs=(
        Wrong("missing-half", "you dropped the 1/2 in the quadratic branch, so the branches do not meet at "
              "delta", _huber_no_half),
        Wrong("linear-not-shifted", "your linear branch is delta |r|; subtract delta^2 / 2 so it meets the "
              "parabola", _huber_no_shift),
        Wrong("smooth-l1", "you divided by delta: that is PyTorch's SmoothL1Loss (beta = delta), equal to "
              "Huber / delta; the Huber loss (torch.nn.HuberLoss) is not divided", _huber_smooth_l1),
        Wrong("signed-residual", "you compared the signed residual with delta, so large negative residuals "
              "stayed quadratic; use |r|", _huber_signed),
    ),
)

# --- 8. pinball ---------------------------------------------------------------------------


def _pinball_swapped(y_true, y_pred, alpha):
    diff = _err(y_true, y_pred)
    return float(np.mean(np.where(diff >= 0, (1 - alpha) * diff, -alpha * diff)))


def _pinball_mae(y_true, y_pred, alpha):
    return float(np.mean(np.abs(_err(y_true, y_pred))))


def _pinball_squared(y_true, y_pred, alpha):
    diff = _err(y_true, y_pred)
    return float(np.mean(np.where(diff >= 0, alpha * diff**2, (1 - alpha) * diff**2)))


def _pinball_case(rng):
    y_true, y_pred = regression_pair(rng)
    return call(y_true, y_pred, alpha=float(rng.choice([0.1, 0.25, 0.5, 0.75, 0.9])))


def _pinball_mirror(rng):
    c = _pinball_case(rng)
    return [c, call(c.args[1], c.args[0], alpha=1 - c.kwargs["alpha"])]


PINBALL = Drill(
    id="pinball",
    title="Pinball (quantile) loss",
    function="pinball",
    signature="pinball(y_true, y_pred, alpha) -> float",
    conventions=(
        "Per sample with d = y - yhat: alpha * d if d >= 0 (under-prediction), (alpha - 1) * d otherwise.",
        "Return the mean: sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=alpha).",
        "At alpha = 0.5 this is half the MAE. Inputs are non-empty.",
    ),
    returns="float",
    hints=(
        "For the 90th percentile, which mistake should cost more: predicting too little or too much?",
        "Under-prediction (y > yhat) is weighted by alpha, over-prediction by 1 - alpha; both terms are "
        "non-negative.",
        "d = y_true - y_pred; return float(np.mean(np.where(d >= 0, alpha * d, (alpha - 1) * d))).",
    ),
    edges=(
        Edge("under-predict", "alpha = 0.9: under-predicting by 10 costs 9", (a([20.0]), a([10.0])), {"alpha": 0.9}),
        Edge("over-predict", "alpha = 0.9: over-predicting by 10 costs 1", (a([10.0]), a([20.0])), {"alpha": 0.9}),
        Edge("median", "alpha = 0.5 is half the MAE", (a([1.0, 2.0, 3.0]), a([2.0, 2.0, 0.0])), {"alpha": 0.5}),
        Edge("mixed", "one of each kind of miss", (a([5.0, 5.0]), a([3.0, 9.0])), {"alpha": 0.25}),
    ),
    random=Random(_pinball_case),
    props=(
        Prop("mirror", "swapping y_true and y_pred turns quantile alpha into 1 - alpha", _pinball_mirror,
             _same("pinball(y, yhat, a) and pinball(yhat, y, 1 - a)")),
    ),
    wrongs=(
        Wrong("alpha-swapped", "you weighted over-predictions by alpha; under-predictions (y > yhat) carry "
              "alpha", _pinball_swapped),
        Wrong("plain-mae", "you returned the MAE; pinball weighs the two kinds of miss by alpha and 1 - alpha",
              _pinball_mae),
        Wrong("squared", "you squared the residuals; the pinball loss is piecewise linear", _pinball_squared),
    ),
)

# --- 9. ADE / FDE ----------------------------------------------------------------------


def _trajectories(rng):
    n, steps = int(rng.integers(1, 8)), int(rng.integers(1, 12))
    true = np.cumsum(rng.normal(0, 0.5, size=(n, steps, 2)), axis=1) + rng.normal(0, 5, size=(n, 1, 2))
    pred = true + np.cumsum(rng.normal(0, 0.3, size=(n, steps, 2)), axis=1)
    return np.round(pred, 3), np.round(true, 3)


def _ade_squared(pred, true):
    d2 = np.sum((pred - true) ** 2, axis=-1)
    return float(d2.mean()), float(d2[:, -1].mean())


def _ade_manhattan(pred, true):
    d = np.sum(np.abs(pred - true), axis=-1)
    return float(d.mean()), float(d[:, -1].mean())


def _ade_fde_max(pred, true):
    d = np.linalg.norm(pred - true, axis=-1)
    return float(d.mean()), float(d.max(axis=1).mean())


def _ade_rmse_coordinates(pred, true):
    sq = (pred - true) ** 2
    return float(np.sqrt(sq.mean())), float(np.sqrt(sq[:, -1].mean()))


def _rotated(rng):
    pred, true = _trajectories(rng)
    theta = rng.uniform(0, 2 * np.pi)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    shift = rng.normal(0, 10, size=2)
    return [(pred, true), (pred @ rot.T + shift, true @ rot.T + shift)]


ADE_FDE = Drill(
    id="ade-fde",
    title="ADE and FDE for trajectories",
    function="ade_fde",
    signature="ade_fde(pred, true) -> (ade, fde)   # arrays of shape (n, T, 2)",
    conventions=(
        "Distance = Euclidean norm of (pred - true) over the last axis, per pedestrian and step.",
        "ADE: mean distance over all pedestrians and steps; FDE: mean over pedestrians of the distance at "
        "the last step.",
        "Return a tuple of two floats. Not in scikit-learn.",
    ),
    returns="tuple of 2 floats",
    names=("ade", "fde"),
    hints=(
        "Which axis holds x and y, and which holds time?",
        "np.linalg.norm(pred - true, axis=-1) gives an (n, T) array of distances; ADE averages all of it, FDE "
        "only its last column.",
        "d = np.linalg.norm(pred - true, axis=-1); return float(d.mean()), float(d[:, -1].mean()).",
    ),
    edges=(
        Edge("three-four-five", "a 3-4-5 triangle: the distance is 5, not 7 or 25",
             (a([[[3.0, 4.0]]]), a([[[0.0, 0.0]]]))),
        Edge("drifting", "the error grows over time: FDE is the last step, not the worst or the mean",
             (a([[[0.0, 0.0], [1.0, 0.0], [1.0, 0.0]]]), a([[[0.0, 0.0], [0.0, 0.0], [0.5, 0.0]]]))),
        Edge("one-large-error", "distances 0, 0, 3: the mean distance is 1, an RMSE over the x and y "
             "coordinates would be sqrt(9 / 6)", (a([[[0.0, 0.0], [0.0, 0.0], [3.0, 0.0]]]),
                                                  a([[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]]))),
        Edge("two-pedestrians", "average over pedestrians too",
             (a([[[0.0, 1.0], [0.0, 2.0]], [[0.0, 0.0], [0.0, 0.0]]]),
              a([[[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]))),
    ),
    random=Random(_trajectories),
    props=(
        Prop("rigid-motion", "rotating and translating both trajectories leaves every distance unchanged",
             _rotated, _same("(ADE, FDE) before and after a rigid motion", Tol(rtol=1e-7, atol=1e-9))),
    ),
    wrongs=(
        Wrong("squared-distance", "you averaged squared distances; ADE/FDE use the Euclidean distance",
              _ade_squared),
        Wrong("manhattan", "you summed |dx| + |dy| (Manhattan distance); use the Euclidean norm", _ade_manhattan),
        Wrong("rmse-over-coordinates", "you took the RMSE over all x and y coordinates; ADE averages "
              "Euclidean distances (no square, no root of a mean), one per pedestrian and step",
              _ade_rmse_coordinates),
        Wrong("worst-step", "you took each pedestrian's worst step for FDE; FDE is the error at the final step",
              _ade_fde_max),
    ),
)

# --- 10. adjusted R^2 -----------------------------------------------------------------------


def _r2_value(y_true, y_pred):
    y_true = np.asarray(y_true, float)
    ss_res, ss_tot = np.sum(_err(y_true, y_pred) ** 2), np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)


def _adj(y_true, y_pred, n_features, ratio):
    n = len(y_true)
    if n - n_features - 1 <= 0:
        raise ValueError("no residual degrees of freedom")
    return ratio(_r2_value(y_true, y_pred), n, n_features)


def _adj_no_intercept(y_true, y_pred, n_features):
    return _adj(y_true, y_pred, n_features, lambda r2, n, p: float(1 - (1 - r2) * (n - 1) / (n - p)))


def _adj_inverted(y_true, y_pred, n_features):
    return _adj(y_true, y_pred, n_features, lambda r2, n, p: float(1 - (1 - r2) * (n - p - 1) / (n - 1)))


def _adj_plain(y_true, y_pred, n_features):
    return _adj(y_true, y_pred, n_features, lambda r2, n, p: r2)


def _adj_scaled_r2(y_true, y_pred, n_features):
    return _adj(y_true, y_pred, n_features, lambda r2, n, p: float(r2 * (n - 1) / (n - p - 1)))


def _adj_case(rng):
    n = int(rng.integers(3, 60))
    y_true, y_pred = regression_pair(rng, n)
    if rng.random() < 0.2:
        y_pred = y_pred[::-1].copy()  # a bad model: negative R^2
    return call(y_true, y_pred, n_features=int(rng.integers(0, min(n - 2, 12) + 1)))


def _adj_more_features(rng):
    c = _adj_case(rng)
    n, p = len(c.args[0]), c.kwargs["n_features"]
    return [c, call(*c.args, n_features=min(p + int(rng.integers(1, 4)), n - 2))]


def _adj_penalised(outs, calls):
    if float(outs[1]) > float(outs[0]) + 1e-12:
        p0, p1 = calls[0].kwargs["n_features"], calls[1].kwargs["n_features"]
        return f"with {p1} features ({outs[1]!r}) the score rose above the one with {p0} ({outs[0]!r})"
    return None


def _adj_zero_features(outs, calls):
    y_true, y_pred = calls[0].args
    problem = mismatch(_r2_value(y_true, y_pred), outs[0], Tol(rtol=1e-9, atol=1e-12))
    return None if problem is None else f"with n_features = 0 adjusted R^2 is R^2 itself: {problem}"


ADJUSTED_R2 = Drill(
    id="adjusted-r2",
    title="Adjusted R^2",
    function="adjusted_r2",
    signature="adjusted_r2(y_true, y_pred, n_features) -> float",
    conventions=(
        "adjusted R^2 = 1 - (1 - R^2) (n - 1) / (n - p - 1), n the number of samples and p = n_features, the "
        "predictors (the intercept is not counted).",
        "R^2 exactly as in the r2 drill (constant y_true: 1.0 for a perfect prediction, else 0.0).",
        "n - p - 1 <= 0 (no residual degrees of freedom): raise ValueError, as "
        "mlmetrics_edu.regression.adjusted_r2_score does. Not in scikit-learn.",
    ),
    returns="float",
    hints=(
        "Adding a column of random noise to a linear regression never lowers its training R^2. How should a "
        "score that compares models of different sizes charge for each feature?",
        "Scale the unexplained share 1 - R^2 by (n - 1) / (n - p - 1): the residual degrees of freedom "
        "(n - p - 1, one more for the intercept) against the total's (n - 1). Raise ValueError when "
        "n - p - 1 <= 0.",
        "n = len(y_true); if n - n_features - 1 <= 0: raise ValueError; ss_res = np.sum((y_true - "
        "y_pred)**2); ss_tot = np.sum((y_true - y_true.mean())**2); r2 = (1.0 if ss_res == 0 else 0.0) if "
        "ss_tot == 0 else 1 - ss_res / ss_tot; return float(1 - (1 - r2) * (n - 1) / (n - n_features - 1)).",
    ),
    edges=(
        Edge("two-features", "R^2 0.942 with 2 features on 5 samples: adjusted 0.884",
             (a([3.0, -0.5, 2.0, 7.0, 4.0]), a([2.5, 0.0, 2.0, 8.0, 4.5])), {"n_features": 2}),
        Edge("no-features", "p = 0: nothing to charge for, adjusted R^2 = R^2",
             (a([1.0, 2.0, 3.0, 4.0]), a([1.5, 2.0, 2.5, 4.5])), {"n_features": 0}),
        Edge("below-zero", "a weak fit with many features: the penalty pushes the score below 0",
             (a([1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 5.0, 7.0]), a([3.0, 3.0, 4.0, 4.0, 4.0, 5.0, 4.0, 3.0])),
             {"n_features": 4}),
        Edge("perfect-fit", "R^2 = 1 stays 1 whatever the number of features",
             (a([1.0, 2.0, 4.0, 8.0]), a([1.0, 2.0, 4.0, 8.0])), {"n_features": 2}),
        Edge("no-degrees-of-freedom", "3 samples and 2 features: n - p - 1 = 0, so ValueError",
             (a([1.0, 2.0, 3.0]), a([1.0, 2.5, 3.0])), {"n_features": 2}),
    ),
    random=Random(_adj_case, n=30),
    props=(
        Prop("more-features-cost", "the same predictions credited to more features never score higher",
             _adj_more_features, _adj_penalised),
        Prop("zero-features-is-r2", "with n_features = 0 the penalty factor is 1",
             lambda rng: [call(*_adj_case(rng).args, n_features=0)], _adj_zero_features),
    ),
    wrongs=(
        Wrong("forgot-the-intercept", "you divided by n - p; the intercept uses one more degree of freedom, "
              "so the denominator is n - p - 1", _adj_no_intercept),
        Wrong("inverted-ratio", "you multiplied by (n - p - 1) / (n - 1), which rewards extra features; the "
              "factor is (n - 1) / (n - p - 1) >= 1", _adj_inverted),
        Wrong("plain-r2", "you returned R^2 itself; adjusted R^2 charges for the n_features predictors",
              _adj_plain),
        Wrong("scaled-r2", "you scaled R^2 by (n - 1) / (n - p - 1); the penalty scales the unexplained part "
              "1 - R^2", _adj_scaled_r2),
    ),
)

DRILLS = [MAE, MSE, RMSE, R2, MAPE, SMAPE, HUBER, PINBALL, ADE_FDE, ADJUSTED_R2]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line
# not quoted from the hint says which words of the hint it implements). The tests
# grade every one of these like a submission: each last hint is proved to pass.

HINT_SOLUTIONS = {
    'mae': """
def mae(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    return float(np.mean(np.abs(y_true - y_pred)))
""",
    'mse': """
def mse(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    return float(np.mean((y_true - y_pred) ** 2))
""",
    'rmse': """
def rmse(y_true, y_pred):
    if len(y_true) == 0:
        raise ValueError
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))
""",
    'r2': """
def r2(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred)**2)
    ss_tot = np.sum((y_true - y_true.mean())**2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
""",
    'mape': """
def mape(y_true, y_pred):
    eps = np.finfo(np.float64).eps
    return float(np.mean(np.abs(y_true - y_pred) / np.maximum(np.abs(y_true), eps)))
""",
    'smape': """
def smape(y_true, y_pred):
    num = 2 * np.abs(y_true - y_pred)
    den = np.abs(y_true) + np.abs(y_pred)
    return float(np.mean(np.divide(num, den, out=np.zeros_like(num), where=den > 0)))
""",
    'huber': """
def huber(y_true, y_pred, delta):
    r = np.abs(y_true - y_pred)
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))
""",
    'pinball': """
def pinball(y_true, y_pred, alpha):
    d = y_true - y_pred
    return float(np.mean(np.where(d >= 0, alpha * d, (alpha - 1) * d)))
""",
    'ade-fde': """
def ade_fde(pred, true):
    d = np.linalg.norm(pred - true, axis=-1)
    return float(d.mean()), float(d[:, -1].mean())
""",
    'adjusted-r2': """
def adjusted_r2(y_true, y_pred, n_features):
    n = len(y_true)
    if n - n_features - 1 <= 0:
        raise ValueError
    ss_res = np.sum((y_true - y_pred)**2)
    ss_tot = np.sum((y_true - y_true.mean())**2)
    r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
    return float(1 - (1 - r2) * (n - 1) / (n - n_features - 1))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
