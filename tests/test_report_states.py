"""Reports from merged states: values equal the one-pass metrics, windows are a time axis (files and
MLflow steps), and the Poisson bootstrap carried in the states gives intervals that merge."""

import csv
import json
import pickle
import tempfile
import warnings

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    RegressionState,
    RocAucState,
)
from mlmetrics_edu.report import PoissonBootstrapState, report_from_states, report_metric_steps, report_metrics
from mlmetrics_edu.significance import bootstrap_ci


def hour(seed, n=2000, shift=0.0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    prob = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + (1.5 - shift) * y - 0.5))), 3)
    return y, prob


def summarise(y, prob, n_resamples=None, stream=0):
    states = {"cm": ConfusionMatrixState(), "auc": RocAucState(), "cal": CalibrationState()}
    if n_resamples:
        states = {k: PoissonBootstrapState(s, n_resamples, seed=0, stream=(stream,)) for k, s in states.items()}
    for s in states.values():
        s.update(y, (prob >= 0.5).astype(int) if isinstance(getattr(s, "state", s), ConfusionMatrixState) else prob)
    return states


@pytest.fixture(scope="module")
def day():
    hours = {f"2026-12-06T{h:02d}:00": hour(h, shift=0.3 * (h >= 2)) for h in range(4)}
    return hours, {label: summarise(y, p, n_resamples=100, stream=i) for i, (label, (y, p)) in enumerate(hours.items())}


def test_values_equal_the_one_pass_metrics_overall_and_per_window(day):
    hours, states = day
    report = report_from_states(windows=states, name="day")
    y = np.concatenate([v[0] for v in hours.values()])
    p = np.concatenate([v[1] for v in hours.values()])
    assert report.value("auc") == pytest.approx(mm.roc_auc_score(y, p), rel=1e-12)
    assert report.value("cm.recall") == pytest.approx(mm.recall_score(y, p >= 0.5), rel=1e-12)
    assert report.value("cal.ece") == pytest.approx(mm.expected_calibration_error(y, p), rel=1e-10)
    for label, (yh, ph) in hours.items():
        assert report.value("auc", window=label) == pytest.approx(mm.roc_auc_score(yh, ph), rel=1e-12)
        assert report._row("auc", "overall", "all", label)["n"] == len(yh)
    assert report.windows == list(hours)
    assert report.metadata["n_samples"] == len(y) and report.metadata["n_resamples"] == 100


def test_poisson_intervals_are_close_to_the_classic_bootstrap(day):
    hours, states = day
    report = report_from_states(windows=states)
    label = next(iter(hours))
    y, p = hours[label]
    low, high = report.interval("auc", window=label)
    c_low, c_high, _ = bootstrap_ci(mm.roc_auc_score, y, p, n_resamples=400, seed=0)
    assert low < report.value("auc", window=label) < high
    assert abs(low - c_low) < 0.01 and abs(high - c_high) < 0.01
    day_low, day_high = report.interval("auc")
    assert day_high - day_low < 0.7 * (high - low)  # four hours of data: about half as wide


def test_files_carry_the_time_axis(day, tmp_path):
    _, states = day
    report = report_from_states(windows=states, name="day")
    paths = report.save(tmp_path)
    assert {"timeline", "metrics", "reliability"} <= set(paths)
    assert paths["timeline"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.DictReader(paths["csv"].read_text().splitlines()))
    assert rows[0].keys() >= {"window", "metric", "value", "low", "high"}
    assert {r["window"] for r in rows} == {""} | set(report.windows)
    md = paths["markdown"].read_text()
    assert "## auc over time" in md and "| 2026-12-06T03:00 |" in md
    data = json.loads(paths["json"].read_text())
    assert data["metadata"]["windows"] == report.windows


def test_by_slices_and_pos_label_come_from_an_engine_result():
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from mlmetrics_edu.distributed import evaluate_dask

    rng = np.random.default_rng(3)
    label = rng.choice(["fraud", "legit"], 3000)
    score = np.round(rng.random(3000) * 0.6 + (label == "fraud") * 0.4, 3)
    df = pd.DataFrame({"y_true": label, "y_score": score, "y_pred": np.where(score > 0.5, "fraud", "legit"),
                       "country": rng.choice(["DE", "FR"], 3000)})
    result = evaluate_dask(dd.from_pandas(df, npartitions=4), by="country", pos_label="fraud", n_resamples=50,
                           scheduler="sync")
    report = report_from_states(result)
    assert report.value("confusion.recall") == pytest.approx(mm.recall_score(label, df.y_pred, pos_label="fraud"))
    fr = df[df.country == "FR"]
    assert report.value("confusion.recall", "country", "FR") == pytest.approx(
        mm.recall_score(fr.y_true, fr.y_pred, pos_label="fraud"))
    assert report.metadata["slices"] == ["country"]
    assert any(g["metric"] == "confusion.recall" and g["slice"] == "country" for g in report.gaps)
    assert report.metadata["conventions"]["confusion.recall"]["options"]["pos_label"] == "fraud"


def test_each_window_is_an_mlflow_step(day, tmp_path, monkeypatch):
    pytest.importorskip("mlflow")
    from mlflow.tracking import MlflowClient

    _, states = day
    report = report_from_states(windows=states, name="day")
    steps = report_metric_steps(report)
    assert {s for _, _, s, _ in steps} == {0, 1, 2, 3}
    assert "auc" in report_metrics(report) and not any(k.startswith("window.") for k in report_metrics(report))
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    uri = f"sqlite:///{tmp_path}/mlflow.db"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_id = report.log_to_mlflow(tracking_uri=uri, experiment="states", artifact_location=tmp_path / "a")
        history = MlflowClient(tracking_uri=uri).get_metric_history(run_id, "window.auc")
    assert [m.step for m in sorted(history, key=lambda m: m.step)] == [0, 1, 2, 3]
    assert [m.value for m in sorted(history, key=lambda m: m.step)] == \
        [report.value("auc", window=w) for w in report.windows]
    from datetime import datetime, timezone

    one_am = datetime(2026, 12, 6, 1, tzinfo=timezone.utc).timestamp() * 1000
    assert sorted(history, key=lambda m: m.step)[1].timestamp == one_am  # the window's label, read as UTC


def test_replicates_merge_like_the_states_and_round_trip():
    y, p = hour(5, n=3000)
    a = PoissonBootstrapState(BinnedRocAucState(), 60, seed=1, stream=(0,)).update(y[:1000], p[:1000])
    b = PoissonBootstrapState(BinnedRocAucState(), 60, seed=1, stream=(1,)).update(y[1000:], p[1000:])
    merged = a.merge(b)
    assert merged.compute() == BinnedRocAucState().update(y, p).compute()
    assert merged.replicates[7] == a.replicates[7].merge(b.replicates[7])
    again = PoissonBootstrapState.from_dict(json.loads(json.dumps(merged.to_dict())))
    assert again.interval() == merged.interval()
    assert pickle.loads(pickle.dumps(merged)).interval() == merged.interval()
    with pytest.raises(MetricInputError, match="same stream|stream \\[1, 0\\]"):
        a.merge(a.copy())
    spawned = a.spawn(3)
    assert spawned.stream == (0, 3) and not spawned.seen_any


def test_grouping_repeated_rows_does_not_change_the_replicates_distribution():
    """Rows are grouped before the replicates are updated: the replicate weight of a group is the
    sum of its rows' Poisson counts, so its mean and variance are the group's size."""
    y = np.array([0, 1] * 4000)
    s = PoissonBootstrapState(RegressionState(), 400, seed=0).update(y.astype(float), np.zeros(y.size))
    sizes = np.array([r["n_samples"] for r in s.replicate_values()])
    assert sizes.mean() == pytest.approx(8000, rel=0.01) and sizes.var() == pytest.approx(8000, rel=0.2)


@pytest.mark.parametrize("call, match", [
    (lambda: report_from_states(), "either states"),
    (lambda: report_from_states({"a": RocAucState()}, windows={"h": {"a": RocAucState()}}), "either states"),
    (lambda: report_from_states({}), "states must be a non-empty dict"),
    (lambda: report_from_states({"a": 1.0}), r"states\['a'\] is a float"),
    (lambda: report_from_states(windows=[]), "windows must be a non-empty dict"),
    (lambda: report_from_states({"a": RocAucState()}, method="bca"), "method='bca' is not supported"),
    (lambda: report_from_states({"a": RocAucState()}, confidence=1), "confidence must be"),
    (lambda: report_from_states(windows={1: {"a": RocAucState()}, 2: {"b": RocAucState()}}), "different states"),
    (lambda: PoissonBootstrapState(RocAucState().update([0, 1], [0.1, 0.9])), "state must be empty"),
    (lambda: PoissonBootstrapState("auc"), "state must be a mergeable state"),
    (lambda: PoissonBootstrapState(RocAucState(), n_resamples=0), "n_resamples must be"),
    (lambda: PoissonBootstrapState(RocAucState(), stream=(-1,)), "stream must be"),
])
def test_bad_input_raises_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# ----------------------------------------------------------------------------- seeds and loading


def test_a_drawn_seed_fits_64_bits_and_reproduces_the_intervals():
    from mlmetrics_edu._validation import SEED_MAX

    y, p = hour(7, n=500)
    seeds = {PoissonBootstrapState(RocAucState(), 5).seed for _ in range(50)}
    assert len(seeds) == 50 and all(isinstance(s, int) and 0 <= s <= SEED_MAX for s in seeds)
    assert max(seeds) >= 2**32  # both 32-bit halves are used
    drawn = PoissonBootstrapState(RocAucState(), 30).update(y, p)
    again = PoissonBootstrapState(RocAucState(), 30, seed=drawn.seed).update(y, p)
    assert again.interval() == drawn.interval()
    report = report_from_states({"auc": drawn})
    assert report.metadata["seed"] == drawn.seed
    rerun = report_from_states({"auc": PoissonBootstrapState(RocAucState(), 30, seed=report.metadata["seed"])
                                .update(y, p)})
    assert rerun.rows == report.rows


@pytest.mark.parametrize("seed", [2**64, 2**70, -1, 1.5, float("nan"), True, "0"])
def test_a_seed_outside_64_bits_or_not_an_integer_is_refused(seed):
    with pytest.raises(MetricInputError, match=r"^seed must be"):
        PoissonBootstrapState(RocAucState(), 5, seed=seed)


def test_the_largest_seed_is_accepted():
    s = PoissonBootstrapState(ConfusionMatrixState(), 3, seed=2**64 - 1).update([0, 1], [0, 1])
    assert PoissonBootstrapState.from_dict(json.loads(json.dumps(s.to_dict()))).seed == 2**64 - 1


def test_merging_into_an_empty_start_keeps_the_seed_the_weights_came_from():
    y, p = hour(8, n=400)
    a = PoissonBootstrapState(RocAucState(), 20, seed=3, stream=(0,)).update(y, p)
    total = PoissonBootstrapState(RocAucState(), 20).merge(a)  # sum(states, start=empty) shape
    assert (total.seed, total.stream) == (3, (0,))
    data = json.loads(json.dumps(total.to_dict()))
    assert PoissonBootstrapState.from_dict(data).to_dict() == data


def _serialised(n_resamples=3):
    state = PoissonBootstrapState(ConfusionMatrixState(), n_resamples, seed=0).update([0, 1, 1], [0, 1, 0])
    return json.loads(json.dumps(state.to_dict()))


def _with(**changes):
    return {**_serialised(), **changes}


@pytest.mark.parametrize("data, match", [
    ({k: v for k, v in _serialised().items() if k != "streams"}, r"lacks the field\(s\) \['streams'\]"),
    (_with(kind="RocAucState"), "not a serialised PoissonBootstrapState"),
    (_with(n_resamples=float("nan")), "data field n_resamples must be an integer >= 1"),
    (_with(seed=2**64), r"data field seed must be an integer in \[0, 2\*\*64 - 1\]"),
    (_with(seed=None), "data field seed must be"),
    (_with(stream=float("nan")), "data field stream must be a list of whole numbers"),
    (_with(stream=[1.5]), "data field stream must be"),
    (_with(n_updates=float("nan")), "data field n_updates must be an integer >= 0"),
    (_with(n_updates={"a": 1}), "data field n_updates must be"),
    (_with(n_updates=0), "n_updates .0. and streams .1 stream"),
    (_with(n_updates=5, streams=[]), "n_updates .5. and streams .0 stream"),
    (_with(streams=float("nan")), "data field streams must be a list"),
    (_with(streams=[0]), r"data field streams\[0\] must be a non-empty list"),
    (_with(streams=[[]]), r"data field streams\[0\] must be a non-empty list"),
    (_with(streams=[[1]]), r"streams lacks the state's own stream \[0\]"),
    (_with(n_updates=2, streams=[[0], [0]]), "lists a stream twice"),
    (_with(streams=[[2**64]]), r"streams\[0\] must start with a seed"),
    (_with(template={"kind": "Bogus"}), "data field template: "),
    (_with(template=_serialised()["state"]), "data field template: state must be empty"),
    (_with(state=RocAucState().to_dict()), "data field state is a RocAucState"),
    (_with(replicates=float("nan")), "data field replicates must be a list of n_resamples=3"),
    (_with(replicates=_serialised()["replicates"][:2]), "got 2 replicates"),
    (_with(replicates=[*_serialised()["replicates"][:2], None]), r"data field replicates\[2\]: "),
    (_with(replicates=[*_serialised()["replicates"][:2], CalibrationState(n_bins=3).to_dict()]),
     r"data field replicates\[2\] is a CalibrationState"),
    (_with(n_updates=0, streams=[]), "state holds rows but n_updates is 0"),
])
def test_a_corrupted_bootstrap_state_is_refused_naming_the_field(data, match):
    with pytest.raises(MetricInputError, match=match):
        PoissonBootstrapState.from_dict(data)


def test_a_replicate_with_other_settings_than_the_template_is_refused():
    a = PoissonBootstrapState(CalibrationState(n_bins=4), 2, seed=0).update([0, 1], [0.2, 0.7])
    data = json.loads(json.dumps(a.to_dict()))
    data["replicates"][1] = CalibrationState(n_bins=5).to_dict()
    with pytest.raises(MetricInputError, match=r"replicates\[1\] is a CalibrationState with settings"):
        PoissonBootstrapState.from_dict(data)
