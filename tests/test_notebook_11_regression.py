"""Notebook 11 (regression deep dive), checked out of the learner's sight.

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py) and asserts on the kernel's state: every check the notebook's
cells used to carry, the metrics against scikit-learn and their definitions, the notebook's
shape (no ``assert``, no answer key, every main section ending with a quiz from the bank) and
every number the prose quotes being in an output of the run.
"""

from __future__ import annotations

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_every_main_section_ends_with_a_quiz, assert_holds,
                             assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown)

STEM = "11_regression_deep_dive"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb11"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_on_regression(nb):
    from mlmetrics_edu.interview.bank import load_bank

    asked = assert_every_main_section_ends_with_a_quiz(nb)
    assert len(asked) == 11
    bank = load_bank()
    assert all(bank[qid].topic == "regression" for ids in asked.values() for qid in ids)


# Definitions and scenario parameters the prose states: machine epsilon (2.2e-16), the days of
# demand and the item sizes, the coverage a quantile forecast promises, B = A shrunk by 25%,
# and the share of moves whose direction the simulated signal knows.
STATED = {"2.2", "2,000", "90%", "80%", "25%", "65%"}


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- MAPE


def test_mape_at_and_near_zero_equals_scikit_learn(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    assert nb.value("at_zero") > 1e15
    assert nb.value("at_zero") == pytest.approx(metrics.mean_absolute_percentage_error([0.0], [1.0]))
    assert nb.value("mm.mean_absolute_percentage_error([0.5], [1.5])") == 2.0


def test_mape_charges_over_forecasts_more(nb):
    assert (nb.value("over"), nb.value("under")) == (1.0, 0.5)


def test_mape_pulls_the_best_constant_below_the_median(nb):
    assert_holds(nb, 'best["MAPE"] < 0.75 * np.median(demand)',
                 'abs(best["MAE"] - np.median(demand)) < 0.1', 'abs(best["MSE"] - demand.mean()) < 0.1')


def test_smape_charges_the_maximum_on_every_zero_day_and_prefers_the_zero_forecast(nb):
    assert_holds(nb, "0.7 < np.mean(sales == 0) < 0.8")
    nb.run("""
for _c in (0.1, 3.0):
    assert mm.symmetric_mean_absolute_percentage_error(sales[zero_days], np.full(zero_days.sum(), _c)) == 2.0
""")
    assert_holds(nb, "mm.symmetric_mean_absolute_percentage_error(sales, zero_f) < min("
                     "mm.symmetric_mean_absolute_percentage_error(sales, np.full_like(sales, _c)) for _c in (0.1, 1.0, 3.0))")


# --------------------------------------------------------------------------- MASE


def _mase(y, f, train, m):
    scale = np.mean(np.abs(np.asarray(train[m:]) - np.asarray(train[:-m])))
    return np.mean(np.abs(np.asarray(y) - np.asarray(f))) / scale


def test_mase_ranks_the_model_below_one_and_equals_its_definition(nb):
    assert_holds(nb, "mase_model < 1 < mase_naive", "mase_m1 < mase_model / 3")
    test, model_test, train = (nb.value(v) for v in ("test", "model_test", "train"))
    assert nb.value("mase_model") == pytest.approx(_mase(test, model_test, train, 7))
    assert nb.value("mase_m1") == pytest.approx(_mase(test, model_test, train, 1))


def test_mase_still_rewards_the_zero_forecast_on_intermittent_demand(nb):
    assert_holds(nb, "mm.mean_absolute_scaled_error(s_test, np.zeros_like(s_test), y_train=s_train) < 0.75")


# --------------------------------------------------------------------------- quantiles


def test_the_stock_cost_is_ten_times_the_pinball_loss_and_pinball_equals_scikit_learn(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    nb.run("""
for _stock in (mu, q90):
    _cost = np.mean(9 * np.maximum(y - _stock, 0) + 1 * np.maximum(_stock - y, 0))
    assert np.isclose(_cost, 10 * mm.mean_pinball_loss(y, _stock, alpha=0.9))
""")
    assert_holds(nb, "mm.mean_pinball_loss(y, q90, alpha=0.9) < 0.5 * mm.mean_pinball_loss(y, mu, alpha=0.9)")
    y, q90 = nb.value("y"), nb.value("q90")
    assert nb.value("mm.mean_pinball_loss(y, q90, alpha=0.9)") == pytest.approx(
        metrics.mean_pinball_loss(y, q90, alpha=0.9))


def test_the_quantile_forecasts_cover_what_they_promise(nb):
    assert_holds(nb, "abs(coverage_90 - 0.9) < 0.02", "abs(coverage_80 - 0.8) < 0.03", "loss_q90 < loss_zero")


# --------------------------------------------------------------------------- heteroscedastic errors, tails


def test_errors_grow_with_the_item_and_only_proportional_intervals_cover_both_halves(nb):
    assert_holds(nb, "mae_large > 5 * mae_small", "flat[small].mean() > 0.95", "flat[~small].mean() < 0.7",
                 "abs(scaled[small].mean() - scaled[~small].mean()) < 0.05")


def test_the_p99_exposes_model_b_s_tail_and_the_losses_disagree(nb):
    assert_holds(nb, "mm.mean_absolute_error(minutes, pred_b) < mm.mean_absolute_error(minutes, pred_a)",
                 "p99_b > 3 * p99_a",
                 "mm.mean_squared_error(minutes, pred_a) < mm.mean_squared_error(minutes, pred_b)",
                 "mm.huber_loss(minutes, pred_b, delta=5.0) < mm.huber_loss(minutes, pred_a, delta=5.0)")
    errors = np.abs(np.array(nb.value("minutes")) - np.array(nb.value("pred_b")))
    assert nb.value("p99_b") == pytest.approx(np.percentile(errors, 99))


def test_glitches_move_the_mse_optimum_and_not_the_mae_or_huber_optimum(nb):
    nb.run("""
for _name, _f in (("MSE", mm.mean_squared_error), ("Huber", lambda t, p: mm.huber_loss(t, p, delta=10.0)),
                  ("MAE", mm.mean_absolute_error)):
    _clean, _dirty = (grid[np.argmin([_f(d, np.full_like(d, c)) for c in grid])] for d in (demand, glitched))
    assert (_dirty - _clean > 15) if _name == "MSE" else (abs(_dirty - _clean) < 0.5), _name
""")


# --------------------------------------------------------------------------- R², revenue, direction


def test_noise_features_raise_training_r2_and_lower_held_out_r2(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    assert_holds(nb, "r2_40 - r2_2 > 4 * (adj_40 - adj_2)", "test_40 < test_2 - 0.2")
    rows = nb.value("[list(r) for r in rows]")
    n = len(nb.value("y_train"))
    for p, r2, adj, _ in rows:
        assert adj == pytest.approx(1 - (1 - r2) * (n - 1) / (n - p - 1))
    y_train, fitted = nb.value("y_train"), nb.value("(A @ coef).tolist()")   # the last fit, 40 features
    assert rows[-1][1] == pytest.approx(metrics.r2_score(y_train, fitted))


def test_mape_improves_while_profit_drops_and_the_cost_aware_loss_agrees_with_profit(nb):
    assert_holds(nb, "mm.mean_absolute_percentage_error(item_demand, forecast_b) < "
                     "mm.mean_absolute_percentage_error(item_demand, forecast_a)",
                 "sim.revenue(forecast_b, item_demand, price) < 0.95 * sim.revenue(forecast_a, item_demand, price)",
                 "loss_a < loss_b")


def test_rmse_prefers_the_smooth_forecast_whose_direction_is_a_coin_flip(nb):
    assert_holds(nb, "mm.root_mean_squared_error(price_path, smooth) < mm.root_mean_squared_error(price_path, signal)",
                 "mda_signal > 0.6", "abs(mda_smooth - 0.5) < 0.05")
