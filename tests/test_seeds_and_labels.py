"""Issues 22.2 and 22.4: every seed is checked by the package's one rule ('x', -1, nan, inf, 1.5 and
True are refused with "<name> must be a non-negative integer"), never numpy's SeedSequence
TypeError; NaN labels and group ids are refused, as the core metrics refuse them -- also inside a
list of strings, where NumPy would read NaN as the category 'nan'."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu import MetricInputError
from mlmetrics_edu.datasets import clustering, experiments, leakage, llm, llm_apps, production, recsys
from mlmetrics_edu.datasets import regression_deep_dive, rigor
from mlmetrics_edu.drift import psi_noise_floor
from mlmetrics_edu.llm_eval import bradley_terry_bootstrap, judge_human_agreement
from mlmetrics_edu.widgets import CalibrationExplorer, quiz
from mlmetrics_edu.widgets.coverage import CoverageExplorer, coverage_state, simulate_intervals

X = [[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [5.0, 6.0], [0.5, 0.5], [5.5, 5.0]]
BAD_SEEDS = ["x", -1, math.nan, math.inf, 1.5, True]
GAMES = [(0, 1), (0, 1), (1, 0), (1, 2), (1, 2), (2, 1), (2, 0), (0, 2)]

SEEDED = {
    "kfold(shuffle=True)": lambda s: list(mm.kfold(7, 3, shuffle=True, seed=s)),
    "stratified_kfold(shuffle=True)": lambda s: list(mm.stratified_kfold([0, 1] * 5, 2, shuffle=True, seed=s)),
    "repeated_kfold": lambda s: list(mm.repeated_kfold(10, 5, 2, seed=s)),
    "nested_kfold": lambda s: list(mm.nested_kfold(6, 3, 2, shuffle=True, seed=s)),
    "kmeans": lambda s: mm.kmeans(X, 2, seed=s),
    "gap_statistic": lambda s: mm.gap_statistic(X, 2, n_refs=2, seed=s),
    "clustering_stability": lambda s: mm.clustering_stability(X, 2, n_resamples=2, seed=s),
    "scores_over_k": lambda s: mm.scores_over_k(X, [2], seed=s),
    "simulate_clicks": lambda s: mm.simulate_clicks([0.9, 0.5], n_sessions=3, seed=s),
    "team_draft_interleave": lambda s: mm.team_draft_interleave([1, 2], [2, 1], seed=s),
    "psi_noise_floor": lambda s: psi_noise_floor(50, 50, bins=5, n_draws=2, seed=s),
    "bradley_terry_bootstrap": lambda s: bradley_terry_bootstrap(3, GAMES, n_resamples=5, seed=s),
    "EvaluationPlan": lambda s: mm.EvaluationPlan({"cm": mm.ConfusionMatrixState()}, seed=s),
    "datasets.blobs": lambda s: clustering.blobs(30, seed=s),
    "datasets.repeated_ab_tests": lambda s: experiments.repeated_ab_tests(0.1, 0.1, 10, n_tests=3, seed=s),
    "datasets.gaussian_classes": lambda s: leakage.gaussian_classes(10, seed=s),
    "datasets.random_walk": lambda s: rigor.random_walk(10, seed=s),
    "datasets.skewed_demand": lambda s: regression_deep_dive.skewed_demand(10, seed=s),
    # the widgets: an explorer's split, a quiz's draw, the coverage simulation
    "CalibrationExplorer": lambda s: CalibrationExplorer([0, 1] * 10, np.linspace(0.05, 0.95, 20), seed=s),
    "quiz": lambda s: quiz(kind="choice", n=1, seed=s),
    "CoverageExplorer": lambda s: CoverageExplorer(n_datasets=20, n_resamples=9, seed=s),
    "coverage_state": lambda s: coverage_state(0.9, 20, n_datasets=20, n_resamples=9, seed=s),
    "simulate_intervals": lambda s: simulate_intervals(0.9, 20, 0.95, 20, 9, s),
}
INT_ONLY = {"EvaluationPlan": "its bootstrap streams are spawned from an int seed",
            "quiz": "the header shows the seed that replays it",
            "CoverageExplorer": "simulations are cached by their seed",
            "coverage_state": "simulations are cached by their seed",
            "simulate_intervals": "simulations are cached by their seed"}


@pytest.mark.parametrize("seed", BAD_SEEDS, ids=repr)
@pytest.mark.parametrize("name", SEEDED)
def test_a_bad_seed_gets_the_package_message(name, seed):
    with pytest.raises(MetricInputError, match="seed must be a non-negative integer"):
        SEEDED[name](seed)


@pytest.mark.parametrize("name", SEEDED)
def test_a_good_seed_and_a_generator_still_work(name):
    SEEDED[name](0)
    if name not in INT_ONLY:
        SEEDED[name](np.random.default_rng(0))


@pytest.mark.parametrize("seed", BAD_SEEDS, ids=repr)
def test_silhouette_random_state_is_checked_even_without_sampling(seed):
    with pytest.raises(MetricInputError, match="random_state must be a non-negative integer"):
        mm.silhouette_score(X, [0, 0, 1, 1, 0, 1], random_state=seed)
    with pytest.raises(MetricInputError, match="random_state must be a non-negative integer"):
        mm.silhouette_score(X, [0, 0, 1, 1, 0, 1], sample_size=4, random_state=seed)


GENERATOR_ARGS = {
    "answer_pairs": lambda r: llm.answer_pairs(5, r),
    "likert_raters": lambda r: llm.likert_raters(5, r),
    "benchmark_runs": lambda r: llm_apps.benchmark_runs(r, n_passages=3, per_passage=2),
    "arena_votes": lambda r: llm_apps.arena_votes([1.0, 0.0], 5, r),
    "reference_set": lambda r: production.reference_set(50, rng=r),
    "catalog": lambda r: recsys.catalog(r, n_users=5, n_items=10, n_genres=2),
    "bandit_logs": lambda r: recsys.bandit_logs(20, r),
}


@pytest.mark.parametrize("rng", ["x", -1, math.nan, math.inf], ids=repr)
@pytest.mark.parametrize("name", GENERATOR_ARGS)
def test_a_scenario_that_takes_a_generator_refuses_garbage_naming_rng(name, rng):
    with pytest.raises(MetricInputError, match="rng must be a non-negative integer"):
        GENERATOR_ARGS[name](rng)


NAN = float("nan")
LABELS = {
    "stratified_kfold": lambda y: list(mm.stratified_kfold(y, 2)),
    "group_kfold": lambda y: list(mm.group_kfold(y, 2)),
    "silhouette_score": lambda y: mm.silhouette_score(X, y),
    "silhouette_score(sample_size)": lambda y: mm.silhouette_score(X, y, sample_size=3, random_state=0),
    "davies_bouldin_score": lambda y: mm.davies_bouldin_score(X, y),
    "calinski_harabasz_score": lambda y: mm.calinski_harabasz_score(X, y),
    "inertia": lambda y: mm.inertia(X, y),
    "adjusted_rand_score": lambda y: mm.adjusted_rand_score(y, [0, 0, 1, 1, 0, 1]),
}


@pytest.mark.parametrize("labels", [[NAN, 0, 1, 1, 0, 1], np.array([0, 0, 1, 1, 0, np.nan]),
                                    [NAN, "a", "b", "b", "a", "b"], [0, 0, 1, 1, 0, np.inf]],
                         ids=["list", "array", "nan-among-strings", "inf"])
@pytest.mark.parametrize("name", LABELS)
def test_nan_labels_are_refused(name, labels):
    with pytest.raises(MetricInputError, match="NaN or infinity"):
        LABELS[name](labels)


@pytest.mark.parametrize("expected, actual", [([NAN, "a", "b"], ["a", "b", "b"]), (["a", "b", "b"], ["a", NAN, "b"])])
@pytest.mark.parametrize("fn", [mm.categorical_drift, mm.categorical_psi, mm.categorical_js_distance,
                                mm.chi_square_test], ids=lambda f: f.__name__)
def test_nan_is_not_a_category_in_drift(fn, expected, actual):
    with pytest.raises(MetricInputError, match="NaN or infinity; a missing value is not a category"):
        fn(expected, actual)


def test_nan_is_not_a_judge_or_human_label():
    with pytest.raises(MetricInputError, match="judge contains NaN"):
        judge_human_agreement([NAN, "pass", "fail"], [["pass", "pass", "fail"]])
    with pytest.raises(MetricInputError, match="humans contains NaN"):
        judge_human_agreement(["pass", "pass", "fail"], [["pass", NAN, "fail"]])
