"""The reference answers of drill set 13 agree with the package's own functions (themselves pinned
to statsmodels, scipy and scikit-learn) on every edge and random case of their drills."""

import math
import warnings

import numpy as np
import pytest

from mlmetrics_edu.calibration import adjust_to_prior, estimate_prior_em
from mlmetrics_edu.drill.cases import Raises, build_cases, run_trusted
from mlmetrics_edu.drill.compare import mismatch
from mlmetrics_edu.drill.spec import Tol, load_drills, reference
from mlmetrics_edu.experiments import cuped, power, sample_size, srm_test
from mlmetrics_edu.significance import corrected_resampled_t_test
from mlmetrics_edu.splits import nested_kfold


def _inner_ids(n, outer_k, inner_k):
    ids = np.full((outer_k, n), -1, dtype=np.int64)
    for o, (_, _, inner) in enumerate(nested_kfold(n, outer_k, inner_k)):
        for i, (_, inner_test) in enumerate(inner):
            ids[o, inner_test] = i
    return ids


def _users(user_id, arm, share):
    _, first = np.unique(user_id, return_index=True)
    treated = int(np.sum(arm[first] == 1))
    return srm_test([treated, len(first) - treated], [share, 1 - share])[0]


def _effect(y, x, treatment):
    adjusted = cuped(y, x).adjusted
    treated = treatment == 1
    return adjusted[treated].mean() - adjusted[~treated].mean()


PACKAGE = {
    "power-two-sample": lambda d, n, alpha: power(d, n, alpha=alpha),
    "srm-chi-square": lambda counts, ratios: srm_test(counts, ratios)[0],
    "srm-p-value": lambda n_a, n_b, share: srm_test([n_a, n_b], [share, 1 - share])[1],
    "srm-unique-users": _users,
    "cuped-theta": lambda y, x: cuped(y, x).theta,
    "cuped-variance-reduction": lambda y, x: cuped(y, x).variance_reduction,
    "cuped-effect": _effect,
    "corrected-resampled-t": lambda d, n_train, n_test: corrected_resampled_t_test(d, n_train, n_test)[0],
    "nested-cv-inner-folds": _inner_ids,
    "prior-shift-binary": lambda p, old, new: adjust_to_prior(p, old, new),
    "prior-shift-multiclass": lambda p, old, new: adjust_to_prior(p, old, new),
}
CASES = [(d, c) for d in load_drills() if d.id in PACKAGE for c in build_cases(d) if c.kind != "property"]


@pytest.mark.parametrize("drill,case", CASES, ids=[f"{d.id}:{c.name}" for d, c in CASES])
def test_the_reference_answer_agrees_with_the_package(drill, case):
    c = case.calls[0]
    ours = run_trusted(reference(drill), c)
    assert not isinstance(ours, Raises)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = PACKAGE[drill.id](*c.args, **c.kwargs)
    theirs = np.asarray(theirs) if isinstance(ours, np.ndarray) else float(theirs)
    assert mismatch(theirs, ours, Tol(rtol=1e-9, atol=1e-10)) is None, (theirs, ours)


def test_the_em_drill_converges_to_the_package_estimate():
    drill = next(d for d in load_drills() if d.id == "em-prior")
    for case in build_cases(drill):
        if case.kind == "random":
            p, train_rate, _ = case.calls[0].args
            ours = reference(drill)(p, train_rate, 5000)
            assert ours == pytest.approx(estimate_prior_em(p, train_rate, max_iter=5000, tol=1e-15), abs=1e-6)


def test_the_sample_size_drill_is_the_package_one_tail_sample_size():
    """The drill's textbook formula ignores the far tail: it is the one-sided size at alpha / 2."""
    drill = next(d for d in load_drills() if d.id == "sample-size-two-proportions")
    for case in build_cases(drill):
        if case.kind == "property":
            continue
        p_c, p_t, alpha, target = case.calls[0].args
        n = reference(drill)(p_c, p_t, alpha, target)
        d = (p_t - p_c) / np.sqrt((p_c * (1 - p_c) + p_t * (1 - p_t)) / 2)
        exact = sample_size(abs(d), alpha=alpha / 2, power=target, alternative="greater")
        assert math.ceil(exact - 1e-7) <= n <= math.ceil(exact + 1e-7)
        assert power(d, n, alpha=alpha) >= target  # the far tail only adds power
