"""SciPy sparse multilabel indicators are accepted (densified) and give scikit-learn's numbers."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import metrics as sk

import mlmetrics_edu as mm


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
def test_sparse_multilabel_indicators_score_as_their_dense_twins(seed, fmt):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(3, 30)), int(rng.integers(2, 6))
    Y = (rng.random((n, k)) < 0.4).astype(int)
    P = np.where(rng.random((n, k)) < 0.2, 1 - Y, Y)
    S = np.round(rng.random((n, k)), 1)
    Ys, Ps = sp.csr_matrix(Y).asformat(fmt), sp.csr_matrix(P).asformat(fmt)
    for average in ("micro", "macro", "samples", "weighted"):
        assert mm.f1_score(Ys, Ps, average=average, zero_division=0) == pytest.approx(
            sk.f1_score(Ys, Ps, average=average, zero_division=0))
    assert mm.accuracy_score(Ys, Ps) == sk.accuracy_score(Ys, Ps)
    np.testing.assert_array_equal(mm.multilabel_confusion_matrix(Ys, Ps), sk.multilabel_confusion_matrix(Ys, Ps))
    if (Y.sum(0) > 0).all() and (Y.sum(0) < n).all():
        assert mm.roc_auc_score(Ys, S) == pytest.approx(sk.roc_auc_score(Y, S))
        assert mm.average_precision_score(Ys, S) == pytest.approx(sk.average_precision_score(Y, S))
