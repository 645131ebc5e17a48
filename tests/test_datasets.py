"""The course scenarios: seeded, well-formed, and each shows the trap it was built for."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    mean_absolute_percentage_error,
    ndcg_score,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu import datasets as ds

NAMES = sorted(ds.SCENARIOS)
SEEDS = range(4)


def arrays_of(scenario):
    return {
        f.name: getattr(scenario, f.name)
        for f in dataclasses.fields(scenario)
        if isinstance(getattr(scenario, f.name), np.ndarray)
    }


def top_label_ece(confidence, correct, n_bins=10):
    """Expected calibration error of the top label, equal-width bins (test oracle)."""
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    n = np.bincount(bins, minlength=n_bins)
    gap = np.abs(np.bincount(bins, correct, n_bins) - np.bincount(bins, confidence, n_bins))
    return gap.sum() / n.sum()


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------- every scenario


@pytest.mark.parametrize("name", NAMES)
def test_the_same_seed_gives_the_same_data(name):
    make = ds.SCENARIOS[name]
    a, b, default = make(seed=3), make(seed=3), make()
    for field, value in arrays_of(a).items():
        np.testing.assert_array_equal(value, getattr(b, field))
    for field, value in arrays_of(make(seed=0)).items():
        np.testing.assert_array_equal(value, getattr(default, field))


@pytest.mark.parametrize("name", NAMES)
def test_different_seeds_give_different_data(name):
    make = ds.SCENARIOS[name]
    a, b = make(seed=0), make(seed=1)
    differs = [not np.array_equal(v, getattr(b, f)) for f, v in arrays_of(a).items()]
    assert any(differs)
    assert not np.array_equal(a.y_true, b.y_true)


@pytest.mark.parametrize("name", NAMES)
def test_a_scenario_neither_reads_nor_moves_numpys_global_random_state(name):
    make = ds.SCENARIOS[name]
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    first = make()
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.random.seed(999)
    second = make()
    for field, value in arrays_of(first).items():
        np.testing.assert_array_equal(value, getattr(second, field))


@pytest.mark.parametrize("name", NAMES)
def test_a_generator_can_be_passed_as_the_seed(name):
    make = ds.SCENARIOS[name]
    from_generator = make(seed=np.random.default_rng(5))
    np.testing.assert_array_equal(from_generator.y_true, make(seed=5).y_true)


@pytest.mark.parametrize("name", NAMES)
def test_every_scenario_tells_its_story_and_summarizes_itself(name):
    make = ds.SCENARIOS[name]
    s = make()
    paragraphs = inspect.cleandoc(make.__doc__).split("\n\n")
    assert s.name == name
    assert s.story == " ".join(paragraphs[1].split())
    assert len(s.story) > 200 and "\n" not in s.story
    assert isinstance(s.description, str) and s.description
    assert len(repr(s)) < 300 and name in repr(s)  # no giant array dumps


@pytest.mark.parametrize("name", NAMES)
def test_scenarios_are_frozen(name):
    s = ds.SCENARIOS[name]()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "renamed"


@pytest.mark.parametrize("name", NAMES)
def test_every_array_is_finite(name):
    for field, value in arrays_of(ds.SCENARIOS[name]()).items():
        assert value.dtype.kind in "biuf", field
        assert np.isfinite(value).all(), field


@pytest.mark.parametrize("name", NAMES)
def test_defaults_are_small_enough_for_a_notebook(name):
    s = ds.SCENARIOS[name]()
    assert sum(v.size for v in arrays_of(s).values()) < 200_000


# ----------------------------------------------------------------------------- binary scenarios

BINARY = {
    # name: (default n, prevalence, n_features, target_names)
    "pedestrian_crossing": (10_000, 0.01, 4, ("no crossing", "crossing")),
    "card_fraud": (5_000, 0.02, 5, ("legitimate", "fraud")),
    "spam_filter": (2_000, 0.30, 4, ("ham", "spam")),
    "cancer_screening": (4_000, 0.05, 3, ("healthy", "cancer")),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_scenarios_have_the_advertised_shapes_and_exact_prevalence(name):
    n, prevalence, n_features, target_names = BINARY[name]
    s = ds.SCENARIOS[name]()
    assert isinstance(s, ds.BinaryScenario)
    assert s.y_true.shape == (n,) and s.y_true.dtype == np.int64
    assert set(np.unique(s.y_true)) == {0, 1}
    assert s.y_score.shape == (n,) and s.y_score.dtype == np.float64
    assert ((s.y_score > 0) & (s.y_score < 1)).all()
    assert s.X.shape == (n, n_features) and len(s.feature_names) == n_features
    assert s.target_names == target_names
    assert int(s.y_true.sum()) == round(n * prevalence)
    assert s.prevalence == pytest.approx(prevalence) and isinstance(s.prevalence, float)
    np.testing.assert_array_equal(s.y_pred, (s.y_score >= 0.5).astype(int))
    assert s.cost_fp > 0 and s.cost_fn > 0


@pytest.mark.parametrize("name", BINARY)
def test_size_and_prevalence_are_controllable(name):
    s = ds.SCENARIOS[name](n=300, prevalence=0.1, seed=1)
    assert s.y_true.shape == (300,) and int(s.y_true.sum()) == 30


@pytest.mark.parametrize("seed", SEEDS)
def test_pedestrians_have_a_high_roc_auc_and_a_poor_average_precision(seed):
    s = ds.pedestrian_crossing(seed=seed)
    assert roc_auc_score(s.y_true, s.y_score) > 0.92
    assert average_precision_score(s.y_true, s.y_score) < 0.4
    assert s.cost_fn > s.cost_fp  # a missed crossing is the worse error


@pytest.mark.parametrize("seed", SEEDS)
def test_never_fraud_scores_98_percent_accuracy_and_the_model_barely_beats_it(seed):
    s = ds.card_fraud(seed=seed)
    assert accuracy_score(s.y_true, np.zeros_like(s.y_true)) == 0.98
    assert 0.98 <= accuracy_score(s.y_true, s.y_pred) < 0.99
    assert recall_score(s.y_true, s.y_pred) < 0.4
    assert roc_auc_score(s.y_true, s.y_score) > 0.85  # the scores are useful at another threshold


@pytest.mark.parametrize("seed", SEEDS)
def test_spam_false_alarms_cost_more_and_precision_is_imperfect_at_one_half(seed):
    s = ds.spam_filter(seed=seed)
    assert s.cost_fp > s.cost_fn
    assert roc_auc_score(s.y_true, s.y_score) > 0.93
    assert 0.75 < precision_score(s.y_true, s.y_pred) < 0.95
    assert precision_score(s.y_true, s.y_score >= 0.9) > precision_score(s.y_true, s.y_pred)


@pytest.mark.parametrize("seed", SEEDS)
def test_screening_at_threshold_one_half_misses_most_cancers(seed):
    s = ds.cancer_screening(seed=seed)
    assert s.cost_fn > s.cost_fp
    assert roc_auc_score(s.y_true, s.y_score) > 0.85
    assert recall_score(s.y_true, s.y_pred) < 0.35
    assert recall_score(s.y_true, s.y_score >= 0.02) > 0.85


def test_a_logistic_regression_fitted_on_the_features_ranks_as_well_as_the_deployed_model():
    s = ds.card_fraud()
    model = ds.fit_logistic_regression(s.X, s.y_true)
    ours = roc_auc_score(s.y_true, model.predict_proba(s.X)[:, 1])
    assert ours == pytest.approx(roc_auc_score(s.y_true, s.y_score), abs=0.01)


# ----------------------------------------------------------------------------- multi-class, multi-label


@pytest.mark.parametrize("seed", SEEDS)
def test_maneuvers_are_imbalanced_and_micro_and_macro_f1_disagree(seed):
    s = ds.maneuver_classifier(seed=seed)
    assert s.target_names == ("straight", "left", "right", "stop") and s.labels == (0, 1, 2, 3)
    assert s.y_true.dtype == np.int64 and s.y_score.shape == (2000, 4)
    np.testing.assert_allclose(s.y_score.sum(axis=1), 1.0)
    assert np.bincount(s.y_true).tolist() == [1400, 240, 200, 160]
    np.testing.assert_array_equal(s.y_pred, s.y_score.argmax(axis=1))
    micro = f1_score(s.y_true, s.y_pred, average="micro")
    macro = f1_score(s.y_true, s.y_pred, average="macro")
    assert micro > 0.75 and macro < 0.7 and micro - macro > 0.12
    assert recall_score(s.y_true, s.y_pred, average=None)[2] < 0.4  # right turns mostly missed


def test_maneuver_class_counts_add_up_for_awkward_sizes():
    for n in (4, 7, 33, 1001):
        s = ds.maneuver_classifier(n=n)
        assert s.y_true.size == n and s.y_score.shape == (n, 4)


@pytest.mark.parametrize("seed", SEEDS)
def test_scene_tags_co_occur_and_occlusion_is_the_hard_one(seed):
    s = ds.scene_tags(seed=seed)
    y = s.y_true
    assert s.target_names == ("rain", "night", "pedestrian", "occlusion")
    assert y.shape == (2000, 4) and y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    rain, night, pedestrian, occlusion = y.T
    assert occlusion[rain == 1].mean() > 2 * occlusion[rain == 0].mean()
    assert pedestrian[night == 1].mean() < pedestrian[night == 0].mean()
    assert (y.sum(axis=1) >= 2).mean() > 0.15  # many scenes carry several tags
    per_label = f1_score(y, s.y_pred, average=None)
    assert per_label.argmin() == 3 and per_label[3] < 0.65 and per_label[1] > 0.95
    assert f1_score(y, s.y_pred, average="macro") < f1_score(y, s.y_pred, average="micro")


# ----------------------------------------------------------------------------- calibration


@pytest.mark.parametrize("seed", SEEDS)
def test_the_overconfident_classifier_says_090_and_is_right_060(seed):
    s = ds.overconfident_classifier(seed=seed)
    assert s.logits.shape == (5000, 10) and len(s.target_names) == 10
    np.testing.assert_allclose(s.y_prob, softmax(s.logits))
    assert s.confidence.mean() == pytest.approx(0.9, abs=0.03)
    assert s.correct.mean() == pytest.approx(0.6, abs=0.05)
    assert top_label_ece(s.confidence, s.correct) > 0.2


@pytest.mark.parametrize("seed", SEEDS)
def test_temperature_scaling_fixes_the_overconfident_classifier(seed):
    s = ds.overconfident_classifier(seed=seed)
    scaled = softmax(s.logits / s.temperature)
    np.testing.assert_array_equal(scaled.argmax(axis=1), s.y_pred)  # predictions unchanged
    assert top_label_ece(scaled.max(axis=1), s.correct) < 0.03
    # a temperature fitted by log loss on half the data lands near the true one
    half = slice(0, 2500)
    grid = np.linspace(1.0, 4.0, 61)
    nll = [-np.log(softmax(s.logits[half] / t)[np.arange(2500), s.y_true[half]]).mean() for t in grid]
    assert grid[int(np.argmin(nll))] == pytest.approx(s.temperature, abs=0.25)


# ----------------------------------------------------------------------------- regression


@pytest.mark.parametrize("seed", SEEDS)
def test_a_few_house_price_outliers_dominate_rmse_but_not_mae(seed):
    s = ds.house_prices(seed=seed)
    assert s.y_true.shape == s.y_pred.shape == (500,) and s.X.shape == (500, 3)
    assert s.is_outlier.dtype == bool and int(s.is_outlier.sum()) == 10
    error = s.y_true - s.y_pred
    rmse, mae = np.sqrt(np.mean(error**2)), np.mean(np.abs(error))
    assert rmse > 2.5 * mae
    clean = ~s.is_outlier
    assert rmse > 3 * np.sqrt(np.mean(error[clean] ** 2))
    assert mae < 2 * np.mean(np.abs(error[clean]))
    assert np.median(np.abs(error)) == pytest.approx(np.median(np.abs(error[clean])), rel=0.1)
    assert r2_score(s.y_true, s.y_pred) < 0.6 < r2_score(s.y_true[clean], s.y_pred[clean])
    assert (s.y_true > 0).all() and (s.X[:, 1] >= 1).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_demand_has_zero_days_so_mape_is_undefined(seed):
    s = ds.demand_forecast(seed=seed)
    assert s.y_true.shape == s.y_pred.shape == (365,) and s.X.shape == (365, 2)
    assert (s.y_true == 0).sum() >= 20
    np.testing.assert_array_equal(s.y_true, np.round(s.y_true))  # whole units
    assert (s.y_pred >= 0).all()
    assert mean_absolute_percentage_error(s.y_true, s.y_pred) > 1e10  # sklearn's eps blows up
    nonzero = s.y_true > 0
    assert np.mean(np.abs(s.y_true - s.y_pred)) < 2  # yet the forecast is good in units
    assert np.max(np.abs(s.y_true - s.y_pred)[nonzero] / s.y_true[nonzero]) >= 1


@pytest.mark.parametrize("seed", SEEDS)
def test_trajectory_errors_grow_with_time_so_fde_exceeds_ade(seed):
    s = ds.trajectories(seed=seed)
    assert s.y_true.shape == s.y_pred.shape == (200, 30, 2)
    np.testing.assert_allclose(s.time, 0.1 * np.arange(1, 31))
    error = np.linalg.norm(s.y_true - s.y_pred, axis=-1)
    ade, fde = error.mean(), error[:, -1].mean()
    assert 2 < fde / ade < 4
    assert (np.diff(error.mean(axis=0)) > 0).all()


def test_trajectory_sizes_are_controllable():
    s = ds.trajectories(n_agents=5, n_steps=12, dt=0.5)
    assert s.y_true.shape == (5, 12, 2) and s.time[-1] == 6.0


# ----------------------------------------------------------------------------- ranking


@pytest.mark.parametrize("seed", SEEDS)
def test_search_top5_is_good_while_top1_is_poor(seed):
    s = ds.search_queries(seed=seed)
    assert s.relevance.shape == s.scores.shape == (200, 20) and s.relevance.dtype == np.int64
    assert set(np.unique(s.relevance)) == {0, 1, 2, 3}
    assert (s.relevance > 0).any(axis=1).all()
    ranked = np.take_along_axis(s.relevance, np.argsort(-s.scores, axis=1), axis=1)
    assert (ranked[:, :5] > 0).any(axis=1).mean() > 0.95
    assert (ranked[:, 0] > 0).mean() < 0.55
    assert ndcg_score(s.relevance, s.scores, k=10) > 0.7
    assert s.y_true is s.relevance and s.y_score is s.scores


def test_ranking_sizes_are_controllable():
    s = ds.search_queries(n_queries=3, n_items=2)
    assert s.relevance.shape == (3, 2) and (s.relevance > 0).any(axis=1).all()


# ----------------------------------------------------------------------------- bad sizes


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: ds.pedestrian_crossing(n=0), "n"),
        (lambda: ds.pedestrian_crossing(n=2.5), "n"),
        (lambda: ds.card_fraud(n=True), "n"),
        (lambda: ds.spam_filter(prevalence=1.2), "prevalence"),
        (lambda: ds.cancer_screening(prevalence=0), "prevalence"),
        (lambda: ds.pedestrian_crossing(n=20), "n=20"),  # 0.2 positives rounds to none
        (lambda: ds.maneuver_classifier(n=3), "n"),
        (lambda: ds.scene_tags(n=-1), "n"),
        (lambda: ds.overconfident_classifier(n="many"), "n"),
        (lambda: ds.house_prices(outlier_fraction=2), "outlier_fraction"),
        (lambda: ds.demand_forecast(n=0), "n"),
        (lambda: ds.trajectories(n_steps=0), "n_steps"),
        (lambda: ds.trajectories(dt=-0.1), "dt"),
        (lambda: ds.search_queries(n_items=1), "n_items"),
    ],
)
def test_bad_sizes_raise_metric_input_error_naming_the_argument(call, argument):
    with pytest.raises(MetricInputError, match=argument):
        call()


# ----------------------------------------------------------------------------- logistic regression


@pytest.mark.parametrize("alpha", [0.1, 1.0, 10.0])
def test_logistic_regression_matches_sklearn(alpha):
    rng = np.random.default_rng(int(alpha * 10))
    X = rng.normal(size=(300, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 + rng.logistic(size=300) > 0).astype(int)
    ours = ds.fit_logistic_regression(X, y, alpha=alpha)
    ref = LogisticRegression(C=1 / alpha, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef, ref.coef_[0], rtol=1e-4, atol=1e-6)
    assert ours.intercept == pytest.approx(ref.intercept_[0], rel=1e-4, abs=1e-6)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    assert isinstance(ours.intercept, float) and ours.n_iter < 30


def test_logistic_regression_stays_finite_on_separable_data():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = ds.fit_logistic_regression(X, [0, 0, 1, 1])
    assert np.isfinite(model.coef).all() and model.coef[0] > 0


@pytest.mark.parametrize(
    "X, y, kwargs, argument",
    [
        ([1.0, 2.0], [0, 1], {}, "X"),
        ([[1.0], [2.0]], [0, 1, 1], {}, "differ in length"),
        ([[1.0], [np.nan]], [0, 1], {}, "X"),
        ([[1.0], [2.0]], [0, 2], {}, "y"),
        ([[1.0], [2.0]], [1, 1], {}, "y"),
        ([[1.0], [2.0]], [0, 1], {"alpha": 0}, "alpha"),
        ([[1.0], [2.0]], [0, 1], {"max_iter": 0}, "max_iter"),
    ],
)
def test_logistic_regression_rejects_bad_input(X, y, kwargs, argument):
    with pytest.raises(MetricInputError, match=argument):
        ds.fit_logistic_regression(X, y, **kwargs)


def test_a_fitted_model_rejects_the_wrong_number_of_features():
    model = ds.fit_logistic_regression([[0.0], [1.0]], [0, 1])
    with pytest.raises(MetricInputError, match="features"):
        model.predict_proba([[1.0, 2.0]])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", ["abc", -1, 1.5, None, True, [1, 2]])
def test_every_scenario_refuses_a_bad_seed_by_name(name, seed):
    with pytest.raises(MetricInputError, match="seed must be a non-negative integer"):
        ds.SCENARIOS[name](seed=seed)


@pytest.mark.parametrize("name", NAMES)
def test_a_numpy_integer_seed_or_a_generator_is_accepted(name):
    a = ds.SCENARIOS[name](seed=np.int64(3))
    b = ds.SCENARIOS[name](seed=3)
    assert type(a) is type(b)
    ds.SCENARIOS[name](seed=np.random.default_rng(3))
