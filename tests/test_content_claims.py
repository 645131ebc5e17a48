"""Claims the docstrings make, checked against the code (each once stated wrongly somewhere).

Every teaching claim must hold; these are the ones a careful reader caught, kept as tests so
they cannot come back.
"""

import inspect

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu import datasets


def test_the_pedestrian_scenario_has_the_average_precision_its_docstring_states():
    s = datasets.pedestrian_crossing()
    ap = mm.average_precision_score(s.y_true, s.y_score)
    roc = mm.roc_auc_score(s.y_true, s.y_score)
    doc = inspect.getdoc(datasets.pedestrian_crossing)
    assert f"{ap:.3f}" in doc
    assert f"about {roc:.2f}" in doc


def test_precision_at_1_is_the_share_of_queries_whose_top_item_is_relevant():
    rng = np.random.default_rng(0)
    y = (rng.random((50, 8)) < 0.3).astype(int)
    s = rng.random((50, 8))  # no ties
    top_relevant = y[np.arange(50), s.argmax(1)].mean()
    assert mm.precision_at_k(y, s, k=1) == pytest.approx(top_relevant)
    assert "precision_at_k : with k = 1 it is the share" in inspect.getdoc(mm.mean_reciprocal_rank)


def test_r2_is_the_squared_correlation_only_for_least_squares_with_an_intercept():
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    y = 2 * x + rng.normal(size=200)
    slope, intercept = np.polyfit(x, y, 1)
    fitted = slope * x + intercept
    assert mm.r2_score(y, fitted) == pytest.approx(np.corrcoef(y, fitted)[0, 1] ** 2)
    biased = fitted + 1.0  # same correlation, not the least-squares fit: R² drops
    assert mm.r2_score(y, biased) < np.corrcoef(y, biased)[0, 1] ** 2 - 0.1
    assert "corr(y, ŷ)²" in inspect.getdoc(mm.r2_score)


def test_the_highest_threshold_reaching_a_recall_is_not_always_the_most_precise():
    y, s = [0, 1, 1, 1], [0.9, 0.8, 0.7, 0.6]
    doc = inspect.getdoc(mm.threshold_for_recall)
    assert "only adds false positives" not in doc
    point = mm.threshold_for_recall(y, s, 1 / 3)
    best_precision, at = mm.precision_at_recall(y, s, 1 / 3)
    assert (point.threshold, point.precision) == (0.8, 0.5)
    assert (best_precision, at) == (0.75, 0.6)



@pytest.mark.parametrize("module", ["classification", "curves", "calibration"])
def test_modules_that_say_column_vectors_are_refused_do_refuse_them(module):
    import mlmetrics_edu

    doc = inspect.getdoc(getattr(mlmetrics_edu, module))
    assert "column vector of shape\n(n, 1) is refused" in doc
    y = np.array([[0], [1], [1]])
    fn = {"classification": lambda: mm.accuracy_score(y, y.ravel()),
          "curves": lambda: mm.roc_curve(y, [0.1, 0.8, 0.3]),
          "calibration": lambda: mm.brier_score_loss(y, [0.1, 0.8, 0.3])}[module]
    with pytest.raises(mm.MetricInputError):
        fn()
