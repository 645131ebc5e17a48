"""The coverage explorer: controls -> state; the intervals equal statsmodels' and bootstrap_ci's."""

from __future__ import annotations

import html
import re
import warnings

import numpy as np
import pytest
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.classification import accuracy_score
from mlmetrics_edu.significance import bootstrap_ci
from mlmetrics_edu.widgets.coverage import (
    METHODS, CoverageExplorer, coverage_state, simulate_intervals,
)

pytestmark = pytest.mark.filterwarnings("ignore:.*ipykernel.comm.Comm.*:DeprecationWarning")

SMALL = dict(n_datasets=300, n_resamples=399)


def readout(explorer):
    table = {}
    for row in re.findall(r"<tr>(.*?)</tr>", explorer.readout.value):
        cells = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        table[cells[0]] = cells[1:]
    return table


@pytest.fixture(scope="module")
def explorer():
    return CoverageExplorer(**SMALL)


def test_setting_each_control_updates_the_state_and_readout(explorer):
    explorer.method.value = "wilson"
    explorer.n.value = 200
    explorer.true_accuracy.value = 0.8
    explorer.confidence.value = 0.9
    s = explorer.state
    assert (s.method, s.n, s.true_accuracy, s.confidence) == ("wilson", 200, 0.8, 0.9)
    expected = coverage_state(0.8, 200, "wilson", 0.9, **SMALL)
    assert s.coverage == expected.coverage and s.coverage_by_method == expected.coverage_by_method
    assert readout(explorer)["coverage"] == [f"{s.coverage:.3f}"]
    assert readout(explorer)["method"] == ["Wilson score"]
    assert bytes(explorer.image.value).startswith(b"\x89PNG\r\n\x1a\n")


def test_coverage_is_the_fraction_of_intervals_containing_the_truth():
    sim = simulate_intervals(0.9, 50, 0.95, 300, 399, 0)
    s = coverage_state(0.9, 50, "percentile", **SMALL)
    low, high = sim["percentile"]
    assert s.coverage == np.mean((low <= 0.9) & (0.9 <= high))
    assert s.coverage + s.miss_below + s.miss_above == pytest.approx(1.0)
    assert s.mean_width == pytest.approx(np.mean(high - low))


@pytest.mark.parametrize("n, p, confidence", [(20, 0.9, 0.95), (100, 0.7, 0.9), (500, 0.97, 0.99)])
def test_wald_and_wilson_equal_statsmodels_proportion_confint(n, p, confidence):
    # statsmodels is in the dev environment, not in the ipywidgets 7 one (make test-widgets7)
    proportion_confint = pytest.importorskip("statsmodels.stats.proportion").proportion_confint
    sim = simulate_intervals(p, n, confidence, 300, 99, 1)
    k = np.round(sim["estimate"] * n).astype(int)
    for ours, method in (("wald", "normal"), ("wilson", "wilson")):
        low, high = proportion_confint(k, n, alpha=1 - confidence, method=method)
        if method == "normal":  # statsmodels clips Wald to [0, 1]; the simulator does not
            low, high = np.clip(low, 0, 1), np.clip(high, 0, 1)
            got = np.clip(sim[ours][0], 0, 1), np.clip(sim[ours][1], 0, 1)
        else:
            got = sim[ours]
        np.testing.assert_allclose(got[0], low, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(got[1], high, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_bootstrap_rows_agree_with_bootstrap_ci_within_monte_carlo_error(method):
    n = 60
    sim = simulate_intervals(0.85, n, 0.95, 40, 3999, 2)
    low, high = sim[method]
    for i in range(0, 40, 8):
        k = int(round(sim["estimate"][i] * n))
        y_true, y_pred = np.ones(n, dtype=int), np.r_[np.ones(k), np.zeros(n - k)].astype(int)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref_low, ref_high, _ = bootstrap_ci(accuracy_score, y_true, y_pred, n_resamples=3999,
                                                method=method, seed=i)
        assert abs(low[i] - ref_low) <= 1.5 / n and abs(high[i] - ref_high) <= 1.5 / n


def test_the_lesson_wald_undercovers_at_small_n_and_all_agree_at_large_n():
    small = coverage_state(0.95, 20, "wald", n_datasets=2000, n_resamples=499).coverage_by_method
    large = coverage_state(0.9, 1000, "wald", n_datasets=1000, n_resamples=499).coverage_by_method
    assert small["wald"] < 0.9 < small["wilson"]
    assert all(abs(large[m] - 0.95) < 0.025 for m in METHODS)


@pytest.mark.parametrize("call, match", [
    (lambda: coverage_state(1.0, 20), "true_accuracy"),
    (lambda: coverage_state(0.9, 1), "n must be"),
    (lambda: coverage_state(0.9, 20, "jackknife"), "method"),
    (lambda: coverage_state(0.9, 20, confidence=95), "confidence"),
    (lambda: CoverageExplorer(n=25), "one of"),
    (lambda: CoverageExplorer(confidence=0.5), "confidence"),
])
def test_bad_input_raises(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()
