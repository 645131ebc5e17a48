"""Notebook 05 (regression and ranking), executed once and checked out of sight.

The learner's error explorer is never moved by a cell: the task and the one-million outlier
are checked here, by moving it in the kernel and handing it back.
"""

import numpy as np
import pytest

import mlmetrics_edu as mm
from hour_checks import (assert_cells_only_teach, assert_main_sections_end_with_a_quiz,
                         assert_nothing_after_a_quiz_reads_it, assert_quoted_numbers_are_shown, right_options)
from nbrun import NotebookRun

STEM = "05_regression_and_ranking"
# Inputs the prose states: Huber's delta (USD 50,000), a forecast of 0.02 units, MRR's 1/2 at rank 2.
STATED = {"50,000", "0.02", "0.5"}


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb05"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)
    assert_nothing_after_a_quiz_reads_it(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    assert assert_main_sections_end_with_a_quiz(nb, load_bank()) == [["task-outlier-rmse"], ["ranking-first-slot"]]


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, STATED)


# --------------------------------------------------------------------------- main path


def _houses(nb):
    return np.array(nb.value("houses.y_true[keep]")), np.array(nb.value("houses.y_pred[keep]"))


def test_the_explorer_starts_at_the_package_s_numbers(nb):
    y, y_hat = _houses(nb)
    assert nb.value("b.mae") == pytest.approx(mm.mean_absolute_error(y, y_hat))
    assert nb.value("b.rmse") == pytest.approx(mm.root_mean_squared_error(y, y_hat))
    assert nb.value("b.r2") == pytest.approx(mm.r2_score(y, y_hat))


def test_the_task_answer_is_the_explorer_s_mae_rise_where_rmse_reaches_the_target(nb):
    q = "task.state.chains[0][0]"
    out = nb.run(
        "with explorer.restoring():\n"
        f"    explorer.outlier.value = {q}.values['outlier']\n"
        "    _r = [explorer.outlier.value, explorer.state.rmse, explorer.state.mae - explorer.baseline.mae,\n"
        "          explorer.state.rmse - explorer.baseline.rmse]\n"
        "print(_r)")
    outlier, rmse, mae_rise, rmse_rise = eval(out)
    v, answer = nb.value(f"{q}.values"), nb.value(f"{q}.answer")
    assert outlier == v["outlier"] and rmse == pytest.approx(v["rmse"]) and round(rmse) >= v["target"]
    assert mae_rise == pytest.approx(answer) and mae_rise < rmse_rise / 5   # RMSE moves far more than MAE
    assert nb.value("explorer.outlier.value") == 0


def test_the_search_numbers_and_the_ranking_question(nb):
    assert nb.value("hit_at_5") == pytest.approx(0.995) and nb.value("p_at_1") == pytest.approx(0.43)
    assert len(right_options(nb, "q_ranking")) == 1


# --------------------------------------------------------------------------- going further


def test_the_median_is_the_best_constant_under_mae(nb):
    y = np.array(nb.value("houses.y_true"))
    assert mm.mean_absolute_error(y, np.full_like(y, np.median(y))) < mm.mean_absolute_error(y, np.full_like(y, y.mean()))


def test_the_million_dollar_outlier_by_hand_is_what_the_explorer_shows(nb):
    out = nb.run(
        "with explorer.restoring():\n"
        "    explorer.outlier.value = 1_000_000\n"
        "    _s = explorer.state\n"
        "    _r = [_s.mae, _s.rmse, _s.huber, _s.r2]\n"
        "print(_r)")
    shown = eval(out)
    after = nb.value('[after["MAE"], after["RMSE"], after["Huber"], after["R²"]]')
    before = nb.value('[before["MAE"], before["RMSE"], before["Huber"], before["R²"]]')
    assert shown == pytest.approx(after)
    base = nb.value("[explorer.baseline.mae, explorer.baseline.rmse, explorer.baseline.huber, explorer.baseline.r2]")
    assert base == pytest.approx(before)
    y, y_hat = _houses(nb)
    changed = y.copy()
    changed[nb.value("explorer.outlier_index")] += 1_000_000
    assert after[2] == pytest.approx(mm.huber_loss(changed, y_hat, delta=50_000))


def test_r2_of_the_mean_is_zero_and_a_broken_model_goes_below(nb):
    assert nb.value("r2_mean") == 0 and nb.value("r2_broken") < 0


def test_training_r2_is_the_squared_correlation_and_adjusted_r2_its_formula(nb):
    r2_train, adjusted, p = nb.value("[r2_train, adjusted, p]")            # the last fit, p = 23
    assert adjusted == pytest.approx(1 - (1 - r2_train) * (60 - 1) / (60 - p - 1))
    assert r2_train == pytest.approx(nb.value("np.corrcoef(y_ok[fit_rows], fitted)[0, 1] ** 2"))
    assert nb.value("r2_agency") != pytest.approx(nb.value("corr2_agency"))


def test_mape_explodes_on_zero_days_and_is_asymmetric_only_for_a_fixed_forecast(nb):
    assert nb.value("mape") > 1e6
    mape = mm.mean_absolute_percentage_error
    assert mape([100], [80]) == pytest.approx(mape([100], [120]))
    assert mape([80], [100]) > mape([120], [100])
    sold = np.array(nb.value("sold"))
    assert nb.value("best") < np.median(sold) < sold.mean()


def test_smape_scores_every_zero_day_at_its_maximum(nb):
    assert nb.value("mm.symmetric_mean_absolute_percentage_error(demand.y_true[zero], demand.y_pred[zero])") == 2.0
    assert nb.value("mm.symmetric_mean_absolute_percentage_error(demand.y_true[zero], demand.y_pred[zero] / 100)") == 2.0


def test_ndcg_by_hand_is_the_package_s_and_the_exponential_variant_differs(nb):
    linear, by_hand, exponential = nb.value("[linear, by_hand, exponential]")
    assert abs(linear - by_hand) < 1e-3 < abs(linear - exponential)
