"""Mergeable drift states: the one-pass drift measures from any chunking (histogram and
categorical states exactly; the KLL sketch state within its stated bound), JSON and pickle round
trips, and validation of serialised input."""

import base64
import json
import pickle
import sys

import numpy as np
import pytest
import scipy.stats as st

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.monitoring import (
    CategoricalDriftState,
    ConfusionMatrixState,
    DelayedLabelState,
    HistogramDriftState,
    QuantileSketchState,
    RegressionState,
    state_from_dict,
)


def chunked(make, x, rng, weight=None):
    """Update one state per random chunk (empty ones included) and merge in random order."""
    cuts = np.sort(np.r_[0, rng.integers(0, len(x) + 1, size=6), len(x), len(x) // 2, len(x) // 2])
    states = [make().update(x[lo:hi], **({} if weight is None else {"sample_weight": weight[lo:hi]}))
              for lo, hi in zip(cuts[:-1], cuts[1:])]
    states = [states[i] for i in rng.permutation(len(states))]
    while len(states) > 1:
        i = int(rng.integers(0, len(states) - 1))
        states[i:i + 2] = [states[i].merge(states[i + 1])]
    return states[0]


# --------------------------------------------------------------------------- histogram state


@pytest.mark.parametrize("seed", range(10))
def test_histogram_state_gives_the_one_pass_psi_and_js_for_any_chunking(seed):
    rng = np.random.default_rng(seed)
    kind = seed % 3
    reference = [rng.normal(size=3000), np.r_[np.zeros(2700), rng.exponential(size=300)],
                 rng.integers(0, 6, 3000).astype(float)][kind]
    current = [rng.normal(0.2, 1.1, 2000), np.r_[np.zeros(1000), rng.exponential(size=1000)],
               rng.integers(0, 8, 2000).astype(float)][kind]
    template = HistogramDriftState.from_reference(reference, bins=10)
    got = chunked(template.copy, current, rng).compute()
    assert got["psi"] == pytest.approx(mm.population_stability_index(reference, current), rel=1e-12)
    edges = mm.psi_bin_edges(reference)
    e = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=edges.size + 1)
    a = np.bincount(np.searchsorted(edges, current, side="right"), minlength=edges.size + 1)
    assert got["js_distance"] == pytest.approx(mm.jensen_shannon_distance(e, a), abs=1e-12)
    assert got["n_samples"] == current.size


def test_histogram_state_weights_equal_repeated_rows():
    rng = np.random.default_rng(1)
    reference, current = rng.normal(size=500), rng.normal(size=300)
    w = rng.integers(1, 4, 300)
    template = HistogramDriftState.from_reference(reference)
    weighted = template.copy().update(current, sample_weight=w).compute()
    repeated = template.copy().update(np.repeat(current, w)).compute()
    assert weighted["psi"] == pytest.approx(repeated["psi"], rel=1e-12)


# --------------------------------------------------------------------------- categorical state


@pytest.mark.parametrize("seed", range(10))
def test_categorical_state_equals_categorical_drift_for_any_chunking(seed):
    rng = np.random.default_rng(20 + seed)
    names = np.array(["ios", "android", "web", "tv", "car"])
    strings = seed % 2 == 0
    reference = rng.choice(3, 800)
    current = rng.choice(5, 600, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    if strings:
        reference, current = names[reference], names[current]
    template = CategoricalDriftState.from_reference(reference)
    got = chunked(template.copy, current, rng).compute()
    want = mm.categorical_drift(reference, current)
    for key in ("psi", "js_distance", "chi2", "pvalue"):
        assert got[key] == pytest.approx(want[key], rel=1e-10, abs=1e-300)
    assert got["unseen"] == pytest.approx(want["unseen"])
    assert got["categories"] == want["categories"]
    assert got["missing"] == want["missing"]


def test_merge_algebra_of_the_exact_drift_states():
    rng = np.random.default_rng(5)
    for template, x in [(HistogramDriftState.from_reference(rng.normal(size=400)), rng.normal(size=90)),
                        (CategoricalDriftState.from_reference(["a", "b", "b"]), rng.choice(["a", "b", "c"], 90))]:
        a, b, c = (template.copy().update(x[i::3]) for i in range(3))
        left, right = a.merge(b).merge(c), a.merge(b.merge(c))
        np.testing.assert_allclose(left.counts, right.counts)
        assert a.merge(b) == b.merge(a)
        assert a.merge(template.copy()) == a and template.copy().merge(a) == a
        a0 = a.copy()
        a.merge(b)
        assert a == a0


# --------------------------------------------------------------------------- sketch state


@pytest.mark.parametrize("seed, shift", [(0, 0.0), (1, 0.1), (2, 0.5), (3, 2.0)])
def test_sketch_state_ks_and_wasserstein_are_within_their_stated_bounds(seed, shift):
    rng = np.random.default_rng(seed)
    reference, current = rng.normal(size=100_000), rng.normal(shift, 1.3, 120_000)
    state = chunked(QuantileSketchState.from_reference(reference).copy, current, rng)
    got = state.compute()
    assert got["n_samples"] == current.size
    exact_ks = st.ks_2samp(reference, current).statistic
    exact_w = st.wasserstein_distance(reference, current)
    assert abs(got["ks_statistic"] - exact_ks) <= got["ks_error_bound"]
    assert abs(got["wasserstein"] - exact_w) <= got["wasserstein_error_bound"]
    assert 0 < got["rank_error"] < 0.005  # k = 1000: about 0.28%


def test_a_sketch_that_holds_every_value_is_exact_up_to_the_grid():
    rng = np.random.default_rng(9)
    reference, current = rng.normal(size=150), rng.normal(0.4, 1, 100)
    got = QuantileSketchState.from_reference(reference).update(current).compute()
    assert got["rank_error"] == 0.0
    assert got["ks_statistic"] == pytest.approx(st.ks_2samp(reference, current).statistic, abs=1e-12)
    assert abs(got["wasserstein"] - st.wasserstein_distance(reference, current)) <= got["wasserstein_error_bound"]


def test_sketch_state_needs_a_reference_to_compute_but_gives_quantiles_without():
    state = QuantileSketchState().update(np.arange(101.0))
    assert state.quantiles([0.5]).tolist() == [50.0]
    with pytest.raises(MetricInputError, match="no reference"):
        state.compute()
    with pytest.raises(MetricInputError, match="sample_weight is not supported"):
        state.update([1.0], sample_weight=[2.0])


def test_a_missing_datasketches_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasketches", None)
    with pytest.raises(ImportError, match=r"pip install 'mlmetrics-edu\[distributed\]'"):
        QuantileSketchState()


# --------------------------------------------------------------------------- serialisation


def all_states():
    rng = np.random.default_rng(11)
    return [
        HistogramDriftState.from_reference(rng.normal(size=300), base=2).update(rng.normal(size=50)),
        CategoricalDriftState.from_reference(["a", "b"]).update(["b", "c"]),
        CategoricalDriftState.from_reference([3, 5, 5]).update([5, 9], sample_weight=[0.5, 2.0]),
        QuantileSketchState.from_reference(rng.normal(size=5000)).update(rng.normal(size=7000)),
        DelayedLabelState(n_bins=20).update([1, None, 0], [0.9, 0.2, 0.4]),
    ]


@pytest.mark.parametrize("index", range(5))
def test_drift_states_survive_json_and_pickle(index):
    state = all_states()[index]
    data = json.loads(json.dumps(state.to_dict()))
    assert state_from_dict(data) == state
    assert type(state).from_dict(data) == state
    assert pickle.loads(pickle.dumps(state)) == state
    assert state_from_dict(data).compute() is not None


def test_a_sketch_state_serialises_its_sketch_as_base64_bytes():
    data = all_states()[3].to_dict()
    assert isinstance(data["sketch"], str) and base64.b64decode(data["sketch"])


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d.pop("counts"), r"lacks the field\(s\) \['counts'\]"),
    (lambda d: d.update(kind="Nope"), "not a serialised state; its kind must be one of"),
    (lambda d: d["counts"].update(data=[-1.0] * len(d["counts"]["data"])), "negative counts"),
    (lambda d: d["counts"].update(shape=[1], data=[1.0]), "has shape"),
    (lambda d: d["counts"].update(dtype="object"), "not a valid array"),
    (lambda d: d.update(edges=[2.0, 1.0]), "strictly increasing"),
    (lambda d: d.update(reference_counts=[1.0]), "reference_counts must have"),
])
def test_bad_serialised_histogram_states_raise_naming_the_field(mutate, match):
    data = json.loads(json.dumps(all_states()[0].to_dict()))
    mutate(data)
    with pytest.raises(MetricInputError, match=match):
        state_from_dict(data)


@pytest.mark.parametrize("make, field, value, match", [
    (lambda: ConfusionMatrixState().update([0, 1], [0, 1]), "counts", [-1, 0, 0, 1], "negative counts"),
    (lambda: ConfusionMatrixState().update([0, 1], [0, 1]), "counts", [1, 0, 0], "not a valid array"),
    (lambda: RegressionState().update([1.0, 2.0], [1.0, 3.0]), "moments", [-1.0] + [0.0] * 6, "negative"),
    (lambda: DelayedLabelState(n_bins=4).update([1], [0.5]), "rows", [1.0, -1.0, 1.0], "negative counts"),
])
def test_bad_serialised_metric_states_raise(make, field, value, match):
    data = make().to_dict()
    data[field]["data"] = value
    with pytest.raises(MetricInputError, match=match):
        state_from_dict(data)


def test_bad_serialised_sketches_raise():
    data = all_states()[3].to_dict()
    with pytest.raises(MetricInputError, match="sketch is not a base64-encoded KLL sketch"):
        state_from_dict(dict(data, sketch="not base64!"))
    with pytest.raises(MetricInputError, match="lacks the field"):
        state_from_dict({k: v for k, v in data.items() if k != "sketch"})
    with pytest.raises(MetricInputError, match="k must be"):
        state_from_dict(dict(data, k=-3))


def test_sketch_state_takes_read_only_and_strided_columns():
    rng = np.random.default_rng(21)
    reference = rng.normal(size=2000)
    reference.flags.writeable = False
    column = rng.normal(size=4000)
    column.flags.writeable = False  # what pandas 3 returns for a column
    strided = rng.normal(size=600)[::3]
    state = QuantileSketchState.from_reference(reference).update(column).update(strided)
    assert state.n_samples == 4200
    got = state.compute()
    assert abs(got["ks_statistic"] - st.ks_2samp(reference, np.r_[column, strided]).statistic) <= got["ks_error_bound"]


def test_importing_the_package_does_not_import_datasketches():
    import subprocess

    code = "import sys, mlmetrics_edu; print('datasketches' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("bad", [["a", float("nan")], [1.0, float("nan")], ["a", float("inf")],
                                 np.array(["a", None], dtype=object)],
                         ids=["NaN among strings", "NaN among numbers", "inf among strings", "None"])
def test_the_categorical_state_refuses_a_missing_category_everywhere(bad):
    match = "contains NaN or infinity|mixes value types"
    with pytest.raises(MetricInputError, match=f"reference ({match})"):
        CategoricalDriftState.from_reference(bad)
    with pytest.raises(MetricInputError, match=f"reference_categories ({match})"):
        CategoricalDriftState(list(bad), [1.0, 1.0])
    state = CategoricalDriftState.from_reference(["a", "b"] if isinstance(bad[0], str) else [1.0, 2.0])
    with pytest.raises(MetricInputError, match=f"x ({match})"):
        state.update(bad)
