"""A model to fit: a tiny NumPy logistic regression, for the notebooks that fit their own model.

Notebook 04 fits it on a scenario's features (then calibrates it), notebook 14 inside
cross-validation folds.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .._validation import MetricInputError, as_1d, as_float_array, check_consistent_length
from .scenario import check_count, sigmoid

__all__ = ["LogisticRegressionModel", "fit_logistic_regression"]


@dataclass(frozen=True)
class LogisticRegressionModel:
    """A fitted binary logistic regression: ``P(y=1 | x) = sigmoid(x @ coef + intercept)``."""

    coef: np.ndarray
    intercept: float
    n_iter: int

    def decision_function(self, X):
        """The log-odds ``X @ coef + intercept`` of each row."""
        X = as_float_array(X, "X", ndim=(2,))
        if X.shape[1] != self.coef.size:
            raise MetricInputError(f"X has {X.shape[1]} features but the model has {self.coef.size}")
        return X @ self.coef + self.intercept

    def predict_proba(self, X):
        """Class probabilities, shape (n, 2): column 1 is P(y=1), as in scikit-learn."""
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X, threshold=0.5):
        """1 where P(y=1) >= threshold, else 0."""
        return (self.predict_proba(X)[:, 1] >= threshold).astype(np.int64)


def fit_logistic_regression(X, y, *, alpha=1.0, max_iter=100, tol=1e-10):
    """Fit a binary logistic regression with Newton's method, in NumPy.

    Minimizes the summed log loss plus ``alpha / 2 * ||coef||^2`` (the intercept is not
    penalized), which is scikit-learn's ``LogisticRegression(C=1 / alpha)``.

    Parameters
    ----------
    X : array-like of shape (n, n_features)
    y : array-like of shape (n,)
        Labels 0 and 1.
    alpha : float, default 1.0
        L2 penalty strength; must be > 0 (it keeps separable data from diverging).
    max_iter : int, default 100
    tol : float, default 1e-10
        Stop when the largest Newton step is smaller than this.

    Returns
    -------
    LogisticRegressionModel
        With ``coef``, ``intercept``, ``n_iter`` and ``predict_proba(X)``.

    Notes
    -----
    Each Newton step solves ``H step = g`` with the gradient ``g = Z^T (p - y)`` and the
    Hessian ``H = Z^T diag(p (1 - p)) Z`` (plus the penalty), where ``Z`` is ``X`` with a
    column of ones. For a handful of features this converges in under ten steps.

    Examples
    --------
    >>> from mlmetrics_edu.datasets import spam_filter
    >>> s = spam_filter()
    >>> model = fit_logistic_regression(s.X, s.y_true)
    >>> model.predict_proba(s.X).shape, model.n_iter < 20
    ((2000, 2), True)
    """
    X = as_float_array(X, "X", ndim=(2,))
    y = as_1d(y, "y")
    check_consistent_length(("X", X), ("y", y))
    if not np.isin(y, [0, 1]).all():
        raise MetricInputError("y must hold only the labels 0 and 1")
    if y.min() == y.max():
        raise MetricInputError(f"y holds only the label {y[0]}; both 0 and 1 are needed to fit")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not alpha > 0:
        raise MetricInputError(f"alpha must be a positive number, got {alpha!r}")
    max_iter = check_count(max_iter, "max_iter")
    y = y.astype(np.float64)
    Z = np.column_stack([np.ones(len(X)), X])
    penalty = np.full(Z.shape[1], float(alpha))
    penalty[0] = 0.0  # the intercept is not shrunk
    w = np.zeros(Z.shape[1])
    for n_iter in range(1, max_iter + 1):
        p = sigmoid(Z @ w)
        gradient = Z.T @ (p - y) + penalty * w
        hessian = (Z.T * (p * (1 - p))) @ Z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < tol:
            break
    return LogisticRegressionModel(coef=w[1:], intercept=float(w[0]), n_iter=n_iter)
