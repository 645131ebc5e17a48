"""Map-reduce evaluation on a real Dask cluster (two worker processes) equals the one-pass
metrics; the map and reduce steps on their own (the Spark recipe uses them); bad input."""

import warnings

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.distributed import evaluate_dask, evaluate_partition, merge_states
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
