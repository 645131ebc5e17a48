"""calibration.adjust_to_prior and estimate_prior_em: the closed form (Bayes' rule with known
class-conditional densities), properties, and a simulation of undersampling repaired."""

import numpy as np
import pytest
from scipy import stats
from sklearn.linear_model import LogisticRegression

from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.calibration import adjust_to_prior, estimate_prior_em, log_loss

MEANS = np.array([-1.0, 0.5, 2.0])  # class-conditional N(mean_k, 1): P(x | y) never changes


def posteriors(x, prior):
    """Exact P(y | x) by Bayes' rule for the three Gaussian classes under ``prior``."""
    joint = stats.norm.pdf(x[:, None], MEANS[None, :], 1.0) * prior
    return joint / joint.sum(axis=1, keepdims=True)


def test_binary_adjustment_is_a_shift_of_the_log_odds():
    p = np.array([0.01, 0.3, 0.5, 0.77, 0.999])
    adjusted = adjust_to_prior(p, 0.5, 0.05)
    logit = lambda q: np.log(q / (1 - q))  # noqa: E731
    assert logit(adjusted) == pytest.approx(logit(p) + logit(0.05) - logit(0.5), rel=1e-12)
    assert adjust_to_prior([0.5], 0.5, 0.1)[0] == pytest.approx(0.1)  # undecided -> the new base rate


@pytest.mark.parametrize("seed", range(10))
def test_adjusting_exact_posteriors_gives_the_posteriors_under_the_new_prior(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.5, 2.0, 200)
    old, new = rng.dirichlet(np.ones(3) * 2), rng.dirichlet(np.ones(3) * 2)
    assert adjust_to_prior(posteriors(x, old), old, new) == pytest.approx(posteriors(x, new), rel=1e-10, abs=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_binary_and_two_column_forms_agree(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, 50)
    old, new = rng.uniform(0.01, 0.99, 2)
    two_column = adjust_to_prior(np.column_stack([1 - p, p]), [1 - old, old], [1 - new, new])
    assert adjust_to_prior(p, old, new) == pytest.approx(two_column[:, 1], rel=1e-12, abs=1e-15)


def test_equal_priors_change_nothing_and_the_adjustment_inverts():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), 30)
    a, b = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    assert adjust_to_prior(p, a, a) == pytest.approx(p)
    assert adjust_to_prior(adjust_to_prior(p, a, b), b, a) == pytest.approx(p, rel=1e-12, abs=1e-15)
    assert adjust_to_prior([0.0, 1.0], 0.5, 0.2).tolist() == [0.0, 1.0]


def test_undersampling_breaks_calibration_and_the_adjustment_repairs_it():
    """Train on a 50/50 undersample of a population with 5% positives, score the real population."""
    rng = np.random.default_rng(1)
    n = 200_000
    y = (rng.random(n) < 0.05).astype(int)
    x = rng.normal(1.5 * y, 1.0)[:, None]
    positives, negatives = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    balanced = np.r_[positives, rng.choice(negatives, positives.size, replace=False)]
    model = LogisticRegression().fit(x[balanced], y[balanced])
    p = model.predict_proba(x)[:, 1]
    adjusted = adjust_to_prior(p, 0.5, y.mean())
    assert p.mean() > 0.3  # calibrated for a 50% base rate
    assert adjusted.mean() == pytest.approx(y.mean(), rel=0.05)
    assert log_loss(y, adjusted) < 0.8 * log_loss(y, p)
    top = adjusted > np.quantile(adjusted, 0.9)  # calibrated where it matters too
    assert adjusted[top].mean() == pytest.approx(y[top].mean(), rel=0.1)


@pytest.mark.parametrize("seed", range(3))
def test_em_recovers_an_unknown_new_prior(seed):
    rng = np.random.default_rng(seed)
    old, new = np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.3, 0.5])
    y = rng.choice(3, 50_000, p=new)
    x = rng.normal(MEANS[y], 1.0)
    p = posteriors(x, old)  # calibrated for the old prior
    estimate = estimate_prior_em(p, old)
    assert estimate == pytest.approx(new, abs=0.015)
    assert np.abs(p.mean(axis=0) - new).max() > 0.05  # the naive mean is pulled towards the old prior
    assert adjust_to_prior(p, old, estimate).mean(axis=0) == pytest.approx(estimate, abs=1e-8)  # a fixed point


def test_em_binary_returns_the_positive_rate():
    rng = np.random.default_rng(4)
    y = (rng.random(20_000) < 0.2).astype(int)
    x = rng.normal(2.0 * y, 1.0)
    p = stats.norm.pdf(x, 2.0) / (stats.norm.pdf(x, 2.0) + stats.norm.pdf(x, 0.0))  # exact at a 50/50 prior
    estimate = estimate_prior_em(p, 0.5)
    assert isinstance(estimate, float) and estimate == pytest.approx(0.2, abs=0.015)


@pytest.mark.parametrize("call, match", [
    (lambda: adjust_to_prior([0.2, 1.3], 0.5, 0.1), "probabilities"),
    (lambda: adjust_to_prior([0.2, 0.3], 0.0, 0.1), "train_prior"),
    (lambda: adjust_to_prior([0.2, 0.3], 0.5, 1.0), "new_prior"),
    (lambda: adjust_to_prior([0.2, 0.3], 0.5, [0.9, 0.1]), "new_prior"),
    (lambda: adjust_to_prior([[0.2, 0.8]], [0.5, 0.5], [0.9, 0.05, 0.05]), "new_prior"),
    (lambda: adjust_to_prior([[0.2, 0.8]], [0.5, 0.6], [0.9, 0.1]), "train_prior"),
    (lambda: adjust_to_prior([[0.2, 0.8]], [1.0, 0.0], [0.9, 0.1]), "train_prior"),
    (lambda: adjust_to_prior([np.nan, 0.3], 0.5, 0.1), "NaN"),
    (lambda: adjust_to_prior([], 0.5, 0.1), "empty"),
    (lambda: estimate_prior_em([0.2, 0.3], 0.5, max_iter=0), "max_iter"),
    (lambda: estimate_prior_em([0.2, 0.3], 0.5, tol=-1), "tol"),
])
def test_bad_input_raises_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


def test_rows_that_do_not_sum_to_one_warn():
    with pytest.warns(UserWarning, match="do not sum to one"):
        adjust_to_prior([[0.2, 0.2]], [0.5, 0.5], [0.5, 0.5])
