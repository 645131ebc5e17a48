"""The reference answers follow scikit-learn's conventions wherever it has the metric.

Each answer is run on its drill's own edge and random cases and compared with the
scikit-learn call that computes the same thing (skipping cases where scikit-learn
raises or the drill deliberately raises).
"""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve

from mlmetrics_edu.drill.cases import Raises, build_cases, run_trusted
from mlmetrics_edu.drill.compare import mismatch
from mlmetrics_edu.drill.spec import Tol, get_drill, load_drills, reference


def _counts(y_true, y_pred):
    tn, fp, fn, tp = skm.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return tp, fp, fn, tn


SKLEARN = {
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
}
CASES = [(d, c) for d in load_drills() if d.id in SKLEARN for c in build_cases(d) if c.kind != "property"]


@pytest.mark.parametrize("drill,case", CASES, ids=[f"{d.id}:{c.name}" for d, c in CASES])
def test_the_reference_answer_agrees_with_scikit_learn(drill, case):
    c = case.calls[0]
    ours = run_trusted(reference(drill), c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = SKLEARN[drill.id](*c.args, **c.kwargs)
        except ValueError:
            assert isinstance(ours, Raises), "scikit-learn refuses this input; the drill should raise"
            return
    if isinstance(ours, Raises):
        pytest.skip("the drill raises where scikit-learn answers (documented in its conventions)")
    if isinstance(ours, tuple):
        theirs = tuple(np.asarray(t) if isinstance(o, np.ndarray) else t for o, t in zip(ours, theirs))
    elif isinstance(ours, float):
        theirs = float(theirs)
    assert mismatch(theirs, ours, Tol(rtol=1e-9, atol=1e-12)) is None, (theirs, ours)


def test_every_mapped_drill_exists():
    assert set(SKLEARN) <= {d.id for d in load_drills()}
    assert get_drill("roc-auc").function == "roc_auc"
