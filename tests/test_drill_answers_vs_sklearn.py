"""The reference answers follow scikit-learn's conventions wherever it has the metric.

Each answer is run on its drill's own edge and random cases and compared with the
scikit-learn call that computes the same thing (skipping cases where scikit-learn
raises or the drill deliberately raises). Drills whose metric scikit-learn does not
have (or has only privately) are compared with mlmetrics_edu's own implementation.
"""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression

from mlmetrics_edu.calibration import (
    IsotonicCalibration, PlattScaling, brier_decomposition, maximum_calibration_error,
)
from mlmetrics_edu.ranking import mean_average_precision
from mlmetrics_edu.regression import adjusted_r2_score

from mlmetrics_edu.drill.cases import Raises, build_cases, run_trusted
from mlmetrics_edu.drill.compare import mismatch
from mlmetrics_edu.drill.spec import Tol, get_drill, load_drills, reference


def _counts(y_true, y_pred):
    tn, fp, fn, tp = skm.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return tp, fp, fn, tn


SKLEARN = {
    "silhouette": skm.silhouette_score,
    "adjusted-rand-index": skm.adjusted_rand_score,
    "davies-bouldin": skm.davies_bouldin_score,
    "confusion-counts": _counts,
    "accuracy": skm.accuracy_score,
    "precision": lambda t, p: skm.precision_score(t, p, zero_division=0),
    "recall": lambda t, p: skm.recall_score(t, p, zero_division=0),
    "f1": lambda t, p: skm.f1_score(t, p, zero_division=0),
    "f-beta": lambda t, p, beta: skm.fbeta_score(t, p, beta=beta, zero_division=0),
    "specificity": lambda t, p: skm.recall_score(t, p, pos_label=0, zero_division=0),
    "f1-average": lambda t, p, average: skm.f1_score(t, p, average=average, zero_division=0),
    "roc-curve": lambda t, s: skm.roc_curve(t, s, drop_intermediate=False),
    "roc-auc": lambda t, s: skm.roc_auc_score(t, s) if len(np.unique(t)) == 2 else float("nan"),
    "pr-curve": skm.precision_recall_curve,
    "average-precision": skm.average_precision_score,
    "log-loss": lambda t, p: skm.log_loss(t, p, labels=[0, 1]),
    "brier": skm.brier_score_loss,
    "reliability-bins": lambda t, p, n_bins: calibration_curve(t, p, n_bins=n_bins),
    "mae": skm.mean_absolute_error,
    "mse": skm.mean_squared_error,
    "rmse": skm.root_mean_squared_error,
    "r2": skm.r2_score,
    "mape": skm.mean_absolute_percentage_error,
    "pinball": lambda t, p, alpha: skm.mean_pinball_loss(t, p, alpha=alpha),
    "ndcg": lambda rel, k: skm.ndcg_score([rel], [np.arange(len(rel), 0, -1)], k=k)
    if len(rel) > 1 else pytest.skip("scikit-learn needs at least two documents"),
    "balanced-accuracy": skm.balanced_accuracy_score,
    "mcc": skm.matthews_corrcoef,
    "multilabel-f1": lambda Y, P, average: skm.f1_score(Y, P, average=average, zero_division=0),
    "isotonic-pav": lambda s, y: IsotonicRegression().fit_transform(s, y),
    "top-k-accuracy": lambda t, s, k: skm.top_k_accuracy_score(t, s, k=k, labels=np.arange(s.shape[1])),
}


def _map_from_package(ranked_lists, relevant_lists):
    """MAP with unretrieved relevant items counted: the package's AP over the ranked items
    (which divides by the relevant items found) rescaled by found / all relevant."""
    aps = []
    for ranked, relevant in zip(ranked_lists, relevant_lists):
        relevant = np.unique(relevant)
        found = np.isin(ranked, relevant).astype(int)
        if relevant.size == 0 or found.sum() == 0:
            aps.append(0.0)
            continue
        ap_found = mean_average_precision([found], [np.arange(len(ranked), 0, -1)])
        aps.append(ap_found * found.sum() / relevant.size)
    return float(np.mean(aps))


PACKAGE = {  # drills graded against mlmetrics_edu (no public scikit-learn equivalent)
    "mce": lambda t, p, n_bins: maximum_calibration_error(t, p, n_bins=n_bins),
    "brier-decomposition": lambda t, p: tuple(brier_decomposition(t, p))[1:4],
    "platt-scaling": lambda s, y: (lambda fit: (fit.a_, fit.b_))(PlattScaling().fit(s, y)),
    "isotonic-pav": lambda s, y: IsotonicCalibration().fit(s, y).transform(s),
    "adjusted-r2": lambda t, p, n_features: adjusted_r2_score(t, p, n_features=n_features),
    "map": _map_from_package,
}
TOLERANCE = {"platt-scaling": Tol(rtol=1e-6, atol=1e-8)}  # iterative fits: the drill's stated tolerance
CASES = [(d, c) for d in load_drills() if d.id in SKLEARN for c in build_cases(d) if c.kind != "property"]
PACKAGE_CASES = [(d, c) for d in load_drills() if d.id in PACKAGE for c in build_cases(d) if c.kind != "property"]


def _agrees(drill, case, references):
    c = case.calls[0]
    ours = run_trusted(reference(drill), c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = references[drill.id](*c.args, **c.kwargs)
        except ValueError:
            assert isinstance(ours, Raises), "the reference refuses this input; the drill should raise"
            return
    if isinstance(ours, Raises):
        pytest.skip("the drill raises where the reference answers (documented in its conventions)")
    if isinstance(ours, tuple):
        theirs = tuple(np.asarray(t) if isinstance(o, np.ndarray) else float(t) if isinstance(o, float) else t
                       for o, t in zip(ours, theirs))
    elif isinstance(ours, float):
        theirs = float(theirs)
    elif isinstance(ours, np.ndarray):
        theirs = np.asarray(theirs)
    tol = TOLERANCE.get(drill.id, Tol(rtol=1e-9, atol=1e-12))
    assert mismatch(theirs, ours, tol) is None, (theirs, ours)


@pytest.mark.parametrize("drill,case", CASES, ids=[f"{d.id}:{c.name}" for d, c in CASES])
def test_the_reference_answer_agrees_with_scikit_learn(drill, case):
    _agrees(drill, case, SKLEARN)


@pytest.mark.parametrize("drill,case", PACKAGE_CASES, ids=[f"{d.id}:{c.name}" for d, c in PACKAGE_CASES])
def test_the_reference_answer_agrees_with_mlmetrics_edu(drill, case):
    _agrees(drill, case, PACKAGE)


def test_every_mapped_drill_exists():
    assert set(SKLEARN) | set(PACKAGE) <= {d.id for d in load_drills()}
    assert get_drill("roc-auc").function == "roc_auc"
