"""Map-reduce evaluation on a real Dask cluster (two worker processes) equals the one-pass
metrics; the map and reduce steps on their own (the Spark recipe uses them); bad input."""

import warnings

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.distributed import bind, evaluate_dask, evaluate_partition, merge_states
from mlmetrics_edu.monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    RegressionState,
    RocAucState,
)

pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")


def templates():
    return {"cm": ConfusionMatrixState(), "auc": RocAucState(), "binned": BinnedRocAucState(n_bins=100),
            "calibration": CalibrationState(n_bins=10)}


def predictions(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    prob = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * y - 0.5))), 3)
    return pd.DataFrame({"y_true": y, "y_pred": (prob > 0.5).astype(int), "y_score": prob,
                         "weight": rng.random(n), "target": rng.normal(size=n) * 10 + 100,
                         "forecast": rng.normal(size=n) * 10 + 100})


def assert_one_pass(result, df, weight=None):
    w = None if weight is None else df[weight].to_numpy()
    y, p, s = df.y_true.to_numpy(), df.y_pred.to_numpy(), df.y_score.to_numpy()
    np.testing.assert_allclose(result["cm"].confusion_matrix(), mm.confusion_matrix(y, p, sample_weight=w),
                               rtol=1e-12)
    assert result["cm"].compute()["f1"] == pytest.approx(mm.f1_score(y, p, sample_weight=w), rel=1e-12)
    assert result["auc"].compute() == pytest.approx(mm.roc_auc_score(y, s, sample_weight=w), rel=1e-12)
    exact = mm.roc_auc_score(y, s, sample_weight=w)
    assert abs(result["binned"].compute() - exact) <= result["binned"].error_bound()
    assert result["calibration"].compute()["ece"] == pytest.approx(
        mm.expected_calibration_error(y, s, sample_weight=w), rel=1e-10)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own start-up chatter
        cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                               dashboard_address=None, host="127.0.0.1", silence_logs=40)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_a_dask_dataframe_on_two_worker_processes_gives_the_one_pass_metrics(client):
    import dask.dataframe as dd

    df = predictions()
    ddf = dd.from_pandas(df, npartitions=9)
    ddf = ddf[(ddf.y_score < 0.2) | (ddf.y_score > 0.25)]  # uneven partitions
    result = evaluate_dask(ddf, templates(), split_every=2)
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two separate processes did the work
    kept = df[(df.y_score < 0.2) | (df.y_score > 0.25)]
    assert_one_pass(result, kept)
    weighted = evaluate_dask(ddf, templates(), sample_weight="weight")
    assert_one_pass(weighted, kept, weight="weight")


def test_empty_partitions_and_regression_columns_on_the_cluster(client):
    import dask.dataframe as dd

    df = predictions(3000, seed=1).sort_values("y_score").reset_index(drop=True)
    ddf = dd.from_pandas(df, npartitions=6)
    ddf = ddf[ddf.y_score > df.y_score.median()]  # the low partitions become empty
    result = evaluate_dask(ddf, {"reg": RegressionState()}, y_true="target", y_pred="forecast")
    kept = df[df.y_score > df.y_score.median()]
    got = result["reg"].compute()
    assert got["n_samples"] == len(kept)
    assert got["rmse"] == pytest.approx(mm.root_mean_squared_error(kept.target, kept.forecast), rel=1e-10)
    assert got["r2"] == pytest.approx(mm.r2_score(kept.target, kept.forecast), rel=1e-9)


def test_a_dask_bag_of_records_with_string_labels_gives_the_one_pass_auc(client):
    import dask.bag as db

    rng = np.random.default_rng(2)
    y = rng.choice(["legit", "fraud"], 1500)
    score = np.round(rng.random(1500) + (y == "fraud") * 0.3, 2)
    records = [{"label": a, "score": float(b)} for a, b in zip(y, score)]
    bag = db.from_sequence(records, npartitions=7)
    result = evaluate_dask(bag, {"auc": RocAucState(pos_label="fraud")}, y_true="label", y_score="score")
    assert result["auc"].compute() == pytest.approx(mm.roc_auc_score(y == "fraud", score), rel=1e-12)


def test_map_and_reduce_steps_without_an_engine_match_one_pass():
    df = predictions(1000, seed=3)
    parts = [evaluate_partition(df.iloc[lo:lo + 200], templates()) for lo in range(0, 1000, 200)]
    parts.append(evaluate_partition(df.iloc[:0], templates()))  # an empty partition
    assert_one_pass(merge_states(*parts[::-1]), df)
    rows = df.to_dict("records")  # records, as Spark's mapPartitions hands them over
    assert_one_pass(merge_states(evaluate_partition(iter(rows[:400]), templates()),
                                 evaluate_partition(iter(rows[400:]), templates())), df)


def test_templates_are_not_modified():
    t = templates()
    evaluate_partition({"y_true": [0, 1], "y_pred": [0, 1], "y_score": [0.2, 0.7]}, t)
    assert all(s.n_samples == 0 for s in t.values())


@pytest.mark.parametrize("call, match", [
    (lambda: evaluate_partition({"y_true": [0]}, {"cm": ConfusionMatrixState()}), "y_pred='y_pred' is not a key"),
    (lambda: evaluate_partition({"y_true": [0], "y_pred": [0]}, {}), "states must be a non-empty dict"),
    (lambda: evaluate_partition({"y_true": [0], "y_pred": [0]}, {"cm": "confusion"}), r"states\['cm'\]"),
    (lambda: evaluate_partition([{"y": 0}], {"cm": ConfusionMatrixState()}), "y_true='y_true'"),
    (lambda: merge_states(), "at least one"),
    (lambda: merge_states({"a": RocAucState()}, {"b": RocAucState()}), "different states"),
    (lambda: evaluate_dask([1, 2], {"cm": ConfusionMatrixState()}), "collection must be a Dask"),
    (lambda: evaluate_dask(None, {"cm": ConfusionMatrixState()}, split_every=1), "split_every"),
])
def test_bad_input_raises_metric_input_error(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- issue 21: Dask as a Dask user expects


class ValueHistogram:
    """A one-column mergeable state (a fixed-edge histogram), standing in for a drift state."""

    def __init__(self, edges=(-np.inf, 90, 100, 110, np.inf)):
        self.edges, self.counts = np.asarray(edges, dtype=float), np.zeros(len(edges) - 1)

    def copy(self):
        new = ValueHistogram(self.edges)
        new.counts = self.counts.copy()
        return new

    def update(self, values):
        self.counts += np.histogram(np.asarray(values, dtype=float), self.edges)[0]
        return self

    def merge(self, other):
        new = self.copy()
        new.counts = self.counts + other.counts
        return new

    def compute(self):
        return {"share_above_100": float(self.counts[2:].sum() / self.counts.sum())}


def test_classification_regression_and_a_one_column_state_in_one_pass_with_only_their_columns_read(client):
    import dask.dataframe as dd

    df = predictions(3000, seed=5)
    ddf = dd.from_pandas(df, npartitions=4)

    def boom(part):
        raise AssertionError("a column the states do not need was computed")

    ddf = ddf.assign(unused=ddf.y_true.map_partitions(boom, meta=("unused", "f8")))
    states = {"cm": ConfusionMatrixState(), "auc": RocAucState(),
              "reg": bind(RegressionState(), "target", "forecast"), "target_hist": bind(ValueHistogram(), "target")}
    result = evaluate_dask(ddf, states)
    assert result["cm"].compute()["f1"] == pytest.approx(mm.f1_score(df.y_true, df.y_pred), rel=1e-12)
    assert result["reg"].compute()["rmse"] == pytest.approx(mm.root_mean_squared_error(df.target, df.forecast),
                                                            rel=1e-10)
    assert result.compute()["target_hist"]["share_above_100"] == pytest.approx((df.target > 100).mean())


def test_dask_arrays_series_a_dict_of_columns_and_a_pandas_frame_give_the_same_result(client):
    import dask.array as da
    import dask.dataframe as dd

    df = predictions(2000, seed=6)
    expected = mm.roc_auc_score(df.y_true, df.y_score)
    matrix = da.from_array(df[["y_true", "y_score"]].to_numpy(), chunks=(300, 1))
    assert evaluate_dask(matrix, {"auc": RocAucState()}, y_true=0, y_score=1)["auc"].compute() == \
        pytest.approx(expected, rel=1e-12)
    columns = {"y_true": da.from_array(df.y_true.to_numpy(), chunks=500),
               "y_score": da.from_array(df.y_score.to_numpy(), chunks=333)}  # different chunks: aligned
    assert evaluate_dask(columns, {"auc": RocAucState()})["auc"].compute() == pytest.approx(expected, rel=1e-12)
    ddf = dd.from_pandas(df, npartitions=3)
    series = {"y_true": ddf.y_true, "y_score": ddf.y_score}
    assert evaluate_dask(series, {"auc": RocAucState()})["auc"].compute() == pytest.approx(expected, rel=1e-12)
    hist = evaluate_dask(ddf.target, {"h": bind(ValueHistogram(), "target")}).compute()["h"]
    assert hist["share_above_100"] == pytest.approx((df.target > 100).mean())
    assert evaluate_dask(df, {"auc": RocAucState()})["auc"].compute() == pytest.approx(expected, rel=1e-12)


def test_compute_false_returns_a_lazy_dask_object():
    import dask
    import dask.dataframe as dd

    df = predictions(1000, seed=7)
    lazy = evaluate_dask(dd.from_pandas(df, npartitions=3), compute=False)
    assert dask.is_dask_collection(lazy)
    evaluation = lazy.compute(scheduler="sync")
    assert set(evaluation) == {"confusion", "roc_auc", "calibration"}  # the defaults: the AUC is binned
    assert isinstance(evaluation["roc_auc"], BinnedRocAucState)
    assert evaluation["confusion"].compute()["recall"] == pytest.approx(mm.recall_score(df.y_true, df.y_pred))


def test_by_gives_per_slice_results_that_merge_to_the_whole(client):
    import dask.dataframe as dd

    df = predictions(3000, seed=8)
    df["region"] = np.random.default_rng(80).choice(["north", "south", "west"], len(df))
    result = evaluate_dask(dd.from_pandas(df, npartitions=5), {"auc": RocAucState(), "cm": ConfusionMatrixState()},
                           by="region")
    assert sorted(result.groups) == ["north", "south", "west"] and result.by == "region"
    for region, evaluation in result.groups.items():
        part = df[df.region == region]
        assert evaluation["auc"].compute() == pytest.approx(mm.roc_auc_score(part.y_true, part.y_score), rel=1e-12)
    assert result["auc"].compute() == pytest.approx(mm.roc_auc_score(df.y_true, df.y_score), rel=1e-12)
    per_group = result.compute_groups()
    assert per_group["west"]["cm"]["accuracy"] == pytest.approx(
        mm.accuracy_score(df.y_true[df.region == "west"], df.y_pred[df.region == "west"]))


def test_pos_label_is_set_on_the_templates_and_carried_to_compute():
    import dask.dataframe as dd

    rng = np.random.default_rng(9)
    label = rng.choice(["fraud", "legit"], 1200)
    score = np.round(rng.random(1200) * 0.7 + (label == "fraud") * 0.3, 3)
    decision = np.where(score > 0.5, "fraud", "legit")
    df = pd.DataFrame({"y_true": label, "y_pred": decision, "y_score": score})
    result = evaluate_dask(dd.from_pandas(df, npartitions=3), {"cm": ConfusionMatrixState(), "auc": RocAucState(),
                                                               "cal": CalibrationState()},
                           pos_label="fraud", scheduler="sync")
    got = result.compute()
    assert got["cm"]["recall"] == pytest.approx(mm.recall_score(label, decision, pos_label="fraud"))
    assert got["auc"] == pytest.approx(mm.roc_auc_score(label == "fraud", score))
    assert got["cal"]["ece"] == pytest.approx(mm.expected_calibration_error(label == "fraud", score))
    with pytest.raises(MetricInputError, match="pos_label='legit' but pos_label='fraud'"):
        evaluate_dask(df, {"auc": RocAucState(pos_label="legit")}, pos_label="fraud")


def test_a_poisson_bootstrap_in_the_states_gives_intervals_like_the_classic_bootstrap():
    import dask.dataframe as dd

    from mlmetrics_edu.report import PoissonBootstrapState
    from mlmetrics_edu.significance import bootstrap_ci

    df = predictions(4000, seed=10)
    result = evaluate_dask(dd.from_pandas(df, npartitions=6), {"auc": RocAucState()}, n_resamples=300, seed=1,
                           scheduler="sync")
    state = result["auc"]
    assert isinstance(state, PoissonBootstrapState)
    assert state.compute() == pytest.approx(mm.roc_auc_score(df.y_true, df.y_score), rel=1e-12)
    low, high = state.interval()
    classic_low, classic_high, _ = bootstrap_ci(mm.roc_auc_score, df.y_true.to_numpy(), df.y_score.to_numpy(),
                                                n_resamples=300, seed=1)
    assert abs((high - low) - (classic_high - classic_low)) < 0.25 * (classic_high - classic_low)
    again = evaluate_dask(dd.from_pandas(df, npartitions=6), {"auc": RocAucState()}, n_resamples=300, seed=1,
                          scheduler="sync")
    assert again["auc"].interval() == (low, high)  # same partitions and seed: same replicates


def test_an_evaluation_is_json_able():
    import json

    result = evaluate_dask(predictions(500, seed=11), {"cm": ConfusionMatrixState()}, scheduler="sync")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["states"]["cm"]["kind"] == "ConfusionMatrixState"


@pytest.mark.parametrize("call, match", [
    (lambda: evaluate_dask(predictions(10), {"cm": ConfusionMatrixState()}, y_pred="nope"), "column 'nope' is not"),
    (lambda: evaluate_dask(predictions(10), {"h": ValueHistogram()}), r"say which column\(s\) it reads"),
    (lambda: evaluate_dask(predictions(10), None, y_pred="a", y_score="b"), "neither y_pred='a' nor y_score='b'"),
    (lambda: evaluate_dask(predictions(10), {"cm": ConfusionMatrixState()}, by=[]), "by is an empty list"),
    (lambda: bind(RocAucState()), "bind needs the column"),
    (lambda: evaluate_dask({"y_true": np.zeros(3), "y_pred": np.zeros(3)}, {"cm": ConfusionMatrixState()}),
     r"collection\['y_true'\] must be"),
])
def test_more_bad_input_raises_on_the_driver(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


def test_the_drift_states_run_in_the_same_pass_as_the_metrics(client):
    import dask.dataframe as dd

    from mlmetrics_edu.drift import population_stability_index
    from mlmetrics_edu.monitoring import CategoricalDriftState, HistogramDriftState

    rng = np.random.default_rng(12)
    reference = np.where(rng.random(20_000) < 0.6, 0.0, rng.exponential(3, 20_000))  # zero-inflated
    df = predictions(20_000, seed=12)
    df["spend"] = np.where(rng.random(len(df)) < 0.4, 0.0, rng.exponential(3.5, len(df)))
    df["channel"] = rng.choice(["app", "web", "shop"], len(df), p=[0.5, 0.3, 0.2])
    states = {"auc": BinnedRocAucState(),
              "spend_psi": bind(HistogramDriftState.from_reference(reference), "spend"),
              "channel": bind(CategoricalDriftState.from_reference(rng.choice(["app", "web"], 5000)), "channel")}
    result = evaluate_dask(dd.from_pandas(df, npartitions=7), states, sample_weight="weight").compute()
    weighted = evaluate_dask(dd.from_pandas(df, npartitions=7), {"h": states["spend_psi"]})
    assert weighted["h"].compute()["psi"] == pytest.approx(population_stability_index(reference, df.spend),
                                                           rel=1e-9)  # unweighted: the same one-pass PSI
    assert result["channel"]["unseen"].keys() == {"shop"}
    assert result["spend_psi"]["n_samples"] == pytest.approx(df.weight.sum())  # weighted rows, as asked


def test_a_quantile_sketch_in_the_pass_gives_ks_within_its_bound_of_scipy(client):
    import dask.dataframe as dd
    from scipy import stats

    from mlmetrics_edu.monitoring import QuantileSketchState

    rng = np.random.default_rng(13)
    reference = rng.normal(size=30_000)
    df = predictions(30_000, seed=13)
    df["x"] = rng.normal(0.1, 1.1, len(df))
    states = {"auc": BinnedRocAucState(),
              "x_ks": bind(QuantileSketchState.from_reference(reference), "x", sample_weight=None)}
    result = evaluate_dask(dd.from_pandas(df, npartitions=5), states, sample_weight="weight").compute()
    ks = stats.ks_2samp(reference, df.x).statistic
    assert abs(result["x_ks"]["ks_statistic"] - ks) <= result["x_ks"]["ks_error_bound"]
    w1 = stats.wasserstein_distance(reference, df.x)
    assert abs(result["x_ks"]["wasserstein"] - w1) <= result["x_ks"]["wasserstein_error_bound"]


def test_a_null_slice_key_is_its_own_group_named_none():
    from mlmetrics_edu.distributed import EvaluationPlan

    plan = EvaluationPlan({"cm": ConfusionMatrixState()}, by="shop")
    part = pd.DataFrame({"y_true": [1, 0, 1, 0, 1], "y_pred": [1, 0, 0, 0, 1], "shop": ["x", None, "x", None, "y"]})
    result = plan.finish(plan.reduce(plan.map(part, 0), plan.map(part.iloc[:2], 1)))
    assert set(result.groups) == {"x", "y", None}
    assert result.groups[None]["cm"].n_samples == 3 and result["cm"].n_samples == 7
