"""Seeded synthetic scenarios for the course: each one is built to show one trap.

One module per part of the course:

=============================  ==========================================================
module                         what it holds
=============================  ==========================================================
:mod:`.scenario`               the containers every hour scenario returns, and their helpers
:mod:`.classification`         notebooks 01-04: binary, multi-class and multi-label classifiers
:mod:`.regression`             notebook 05: house prices, demand, trajectories
:mod:`.ranking`                notebook 05: search queries with graded relevance
:mod:`.models`                 a tiny NumPy logistic regression to fit on a scenario
:mod:`.llm`                    notebook 07: a biased LLM judge, answer pairs, human raters
:mod:`.rigor`                  notebook 08: evaluation rigor (CV, bootstrap, significance)
:mod:`.fairness`               notebook 09: groups and slices
:mod:`.clustering`             notebook 10: blobs, moons and a small k-means
:mod:`.regression_deep_dive`   notebook 11: skewed and intermittent demand, tails, revenue
:mod:`.production`             notebook 12: a churn model scored over weeks of drift
:mod:`.experiments`            notebook 13: A/B tests of models
:mod:`.leakage`                notebook 14: validation schemes, leakage, fast small models
:mod:`.llm_apps`               notebook 15: benchmarks, rater panels, judged pairs
:mod:`.recsys`                 notebook 16: a catalogue, click logs, off-policy evaluation
=============================  ==========================================================

The hour's scenarios (notebooks 00-06) are re-exported here, as ``datasets.pedestrian_crossing``.
Every scenario is a function ``name(n=..., *, seed=0)`` whose docstring opens with a
one-paragraph *story* -- what the product is and what each kind of error costs -- and
which returns a small frozen dataclass holding the labels, the model's scores (and
features where a notebook fits a model), the story as ``.story`` and a one-line
summary of the numbers as ``.description``.

The same ``seed`` always gives the same data: each function draws only from its own
``np.random.default_rng(seed)``, never from NumPy's global state. The generators are
vectorized and the defaults small, so a notebook cell runs in milliseconds.

===========================  ====================================================
scenario                     the trap it was built to show
===========================  ====================================================
``pedestrian_crossing``      ROC-AUC looks great (~0.95) while PR-AUC is poor
``card_fraud``               98% accuracy by answering "never fraud"
``spam_filter``              precision matters: a false alarm hides real mail
``cancer_screening``         recall matters: the 0.5 threshold misses most cancers
``maneuver_classifier``      imbalanced classes: micro-F1 and macro-F1 disagree
``scene_tags``               multi-label tags that co-occur, one rare and hard
``overconfident_classifier`` 0.9 confidence, right 60% of the time
``house_prices``             a few outliers dominate RMSE but not MAE
``demand_forecast``          zero-demand days make MAPE undefined
``trajectories``             ADE and FDE of a constant-velocity predictor
``search_queries``           top-5 almost always holds a hit, top-1 rarely does
===========================  ====================================================

``fit_logistic_regression`` is a tiny NumPy logistic regression for the notebooks that
fit their own model on a scenario's features.
"""

from .classification import (cancer_screening, card_fraud, maneuver_classifier, overconfident_classifier,
                             pedestrian_crossing, scene_tags, spam_filter)
from .models import LogisticRegressionModel, fit_logistic_regression
from .ranking import search_queries
from .regression import demand_forecast, house_prices, trajectories
from .scenario import (BinaryScenario, CalibrationScenario, MulticlassScenario, MultilabelScenario,
                       RankingScenario, RegressionScenario, TrajectoryScenario)

__all__ = [
    "BinaryScenario",
    "CalibrationScenario",
    "LogisticRegressionModel",
    "MulticlassScenario",
    "MultilabelScenario",
    "RankingScenario",
    "RegressionScenario",
    "SCENARIOS",
    "TrajectoryScenario",
    "cancer_screening",
    "card_fraud",
    "demand_forecast",
    "fit_logistic_regression",
    "house_prices",
    "maneuver_classifier",
    "overconfident_classifier",
    "pedestrian_crossing",
    "scene_tags",
    "search_queries",
    "spam_filter",
    "trajectories",
]

# every scenario function of the hour by name, for notebooks and tests that loop over them
SCENARIOS = {
    f.__name__: f
    for f in (
        pedestrian_crossing, card_fraud, spam_filter, cancer_screening, maneuver_classifier,
        scene_tags, overconfident_classifier, house_prices, demand_forecast, trajectories,
        search_queries,
    )
}
