"""evaluate_spark on a local Spark (PySpark from PyPI, two cores) equals the one-pass metrics,
per slice too; bad input; and docs/spark_recipe.md runs as written.

Needs a Java runtime: `make test` installs one (tools/ensure-system-packages.sh); without it these tests skip."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest

import mlmetrics_edu as mm
from mlmetrics_edu._validation import MetricInputError
from mlmetrics_edu.distributed import bind, evaluate_dask
from mlmetrics_edu.monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    RegressionState,
    RocAucState,
)
from mlmetrics_edu.report import PoissonBootstrapState, report_from_states

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install 'mlmetrics-edu[spark]'")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

REPO = Path(__file__).resolve().parent.parent


def _java_works():
    if shutil.which("java") is None:
        return False
    try:
        return subprocess.run(["java", "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


pytestmark = [
    pytest.mark.skipif(not _java_works(), reason="no Java runtime for Spark: run tools/ensure-system-packages.sh java:default-jre-headless "
                                                 "(or apt-get install -y default-jre-headless)"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable  # executors import this interpreter's mlmetrics_edu
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = (SparkSession.builder.master("local[2]").appName("mlmetrics-edu-tests")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
                   .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.driver.memory", "1g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def predictions(n=6000, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    prob = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * y - 0.5))), 3)
    return pd.DataFrame({"y_true": y, "y_pred": (prob > 0.5).astype(np.int64), "y_score": prob,
                         "weight": rng.random(n), "target": rng.normal(size=n) * 10 + 100,
                         "forecast": rng.normal(size=n) * 10 + 100, "country": rng.choice(["DE", "FR", "US"], n),
                         "hour": rng.integers(0, 3, n)})


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    """Six Parquet files of predictions (one of them empty), and the pandas frame they hold."""
    folder = tmp_path_factory.mktemp("parquet")
    df = predictions()
    for i, lo in enumerate(range(0, len(df), 1200)):
        df.iloc[lo:lo + 1200].to_parquet(folder / f"part-{i}.parquet")
    df.iloc[:0].to_parquet(folder / "part-empty.parquet")
    return str(folder), df


def test_default_states_on_parquet_equal_the_one_pass_metrics(spark, parquet):
    folder, df = parquet
    result = evaluate_spark(spark.read.parquet(folder))
    assert set(result) == {"confusion", "roc_auc", "calibration"}
    assert isinstance(result["roc_auc"], BinnedRocAucState)  # the default: fixed memory, bounded error
    y, p, s = df.y_true.to_numpy(), df.y_pred.to_numpy(), df.y_score.to_numpy()
    np.testing.assert_array_equal(result["confusion"].confusion_matrix(), mm.confusion_matrix(y, p))
    got = result.compute()
    assert got["confusion"]["f1"] == pytest.approx(mm.f1_score(y, p), rel=1e-12)
    assert abs(got["roc_auc"] - mm.roc_auc_score(y, s)) <= result["roc_auc"].error_bound()
    assert got["calibration"]["ece"] == pytest.approx(mm.expected_calibration_error(y, s), rel=1e-10)


def test_classification_regression_and_a_bound_state_with_weights_in_one_pass(spark, parquet):
    folder, df = parquet
    states = {"cm": ConfusionMatrixState(), "auc": RocAucState(),
              "reg": bind(RegressionState(), "target", "forecast")}
    result = evaluate_spark(spark.read.parquet(folder).repartition(5), states, sample_weight="weight")
    w = df.weight.to_numpy()
    assert result["auc"].compute() == pytest.approx(mm.roc_auc_score(df.y_true, df.y_score, sample_weight=w),
                                                    rel=1e-12)
    assert result["cm"].compute()["recall"] == pytest.approx(mm.recall_score(df.y_true, df.y_pred,
                                                                             sample_weight=w), rel=1e-12)
    reg = result["reg"].compute()
    assert reg["mae"] == pytest.approx(mm.mean_absolute_error(df.target, df.forecast, sample_weight=w), rel=1e-10)
    assert reg["r2"] == pytest.approx(mm.r2_score(df.target, df.forecast, sample_weight=w), rel=1e-9)


def test_per_slice_results_equal_the_metric_on_each_slice_and_merge_to_the_whole(spark, parquet):
    folder, df = parquet
    result = evaluate_spark(spark.read.parquet(folder), {"auc": RocAucState()}, by="country")
    assert sorted(result.groups) == ["DE", "FR", "US"] and result.by == "country"
    for country, evaluation in result.groups.items():
        part = df[df.country == country]
        assert evaluation["auc"].compute() == pytest.approx(mm.roc_auc_score(part.y_true, part.y_score), rel=1e-12)
    assert result["auc"].compute() == pytest.approx(mm.roc_auc_score(df.y_true, df.y_score), rel=1e-12)
    two = evaluate_spark(spark.read.parquet(folder), {"auc": RocAucState()}, by=["country", "hour"])
    assert ("FR", 2) in two.groups and len(two.groups) == 9


def test_string_labels_and_pos_label_are_carried_to_compute(spark):
    rng = np.random.default_rng(4)
    label = rng.choice(["legit", "fraud"], 3000)
    score = np.round(rng.random(3000) * 0.7 + (label == "fraud") * 0.3, 3)
    decision = np.where(score > 0.5, "fraud", "legit")
    sdf = spark.createDataFrame(pd.DataFrame({"y_true": label, "y_score": score, "y_pred": decision}))
    result = evaluate_spark(sdf, pos_label="fraud")
    assert result.pos_label == "fraud" and result["roc_auc"].pos_label == "fraud"
    got = result.compute()
    assert got["confusion"]["recall"] == pytest.approx(mm.recall_score(label, decision, pos_label="fraud"))
    assert abs(got["roc_auc"] - mm.roc_auc_score(label == "fraud", score)) <= result["roc_auc"].error_bound()
    assert got["calibration"]["ece"] == pytest.approx(
        mm.expected_calibration_error(label == "fraud", score), rel=1e-10)


def test_a_poisson_bootstrap_rides_in_the_states_and_the_report_reads_it(spark, parquet):
    folder, df = parquet
    result = evaluate_spark(spark.read.parquet(folder), {"auc": BinnedRocAucState(), "cal": CalibrationState()},
                            by="hour", n_resamples=40, seed=3)
    assert isinstance(result["auc"], PoissonBootstrapState) and result["auc"].n_resamples == 40
    assert result["auc"].compute() == pytest.approx(BinnedRocAucState().update(df.y_true, df.y_score).compute(),
                                                    rel=1e-12)
    report = report_from_states(windows=dict(sorted(result.groups.items())), name="by hour")
    assert report.windows == ["0", "1", "2"]
    low, high = report.interval("auc")
    assert low < report.value("auc") < high and high - low < 0.1
    for hour in range(3):
        part = df[df.hour == hour]
        assert report.value("auc", window=hour) == pytest.approx(
            BinnedRocAucState().update(part.y_true, part.y_score).compute(), rel=1e-12)


def test_an_empty_dataframe_gives_empty_states_that_refuse_to_compute(spark, parquet):
    folder, _ = parquet
    empty = spark.read.parquet(folder).where("y_score > 2")
    result = evaluate_spark(empty, {"cm": ConfusionMatrixState()})
    with pytest.raises(MetricInputError, match="empty"):
        result.compute()


def test_the_same_plan_on_dask_and_spark_gives_the_same_states(spark, parquet):
    dd = pytest.importorskip("dask.dataframe")
    folder, df = parquet
    states = {"cm": ConfusionMatrixState(), "auc": RocAucState(), "cal": CalibrationState()}
    on_spark = evaluate_spark(spark.read.parquet(folder), states)
    on_dask = evaluate_dask(dd.read_parquet(folder), states, scheduler="sync")
    for name in states:
        assert on_spark[name].to_dict().keys() == on_dask[name].to_dict().keys()
        np.testing.assert_allclose(np.asarray(on_spark[name].compute()["ece"] if name == "cal" else
                                              on_spark[name].confusion_matrix() if name == "cm" else
                                              on_spark[name].compute()),
                                   np.asarray(on_dask[name].compute()["ece"] if name == "cal" else
                                              on_dask[name].confusion_matrix() if name == "cm" else
                                              on_dask[name].compute()), rtol=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda s: evaluate_spark(predictions(10), {"cm": ConfusionMatrixState()}), "df must be a pyspark.sql.DataFrame"),
    (lambda s: evaluate_spark(s.range(3), {"cm": ConfusionMatrixState()}), "column 'y_true' is not in the data"),
    (lambda s: evaluate_spark(s.range(3)), "neither y_pred='y_pred' nor y_score='y_score' is a column"),
    (lambda s: evaluate_spark(s.range(3), {"cm": ConfusionMatrixState()}, split_every=1), "split_every"),
    (lambda s: evaluate_spark(s.range(3), {"x": object()}), r"states\['x'\] is a object"),
])
def test_bad_input_raises_on_the_driver_before_any_job(spark, call, match):
    with pytest.raises(MetricInputError, match=match):
        call(spark)


def test_the_spark_page_runs_as_written(spark, tmp_path, monkeypatch, capsys):
    """Every ```python block of docs/spark_recipe.md, in order, in one namespace."""
    text = (REPO / "docs" / "spark_recipe.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the page's mkdtemp() lands here
    namespace = {"__name__": "spark_recipe"}
    for block in blocks:
        exec(compile(block, "docs/spark_recipe.md", "exec"), namespace)  # noqa: S102 -- our own page
    out = capsys.readouterr().out
    assert "AUC of the day" in out
    assert namespace["report"].windows == ["0", "1", "2", "3"]
    assert Path(namespace["paths"]["markdown"]).read_text().startswith("# Evaluation report: day")


def evaluate_spark(*args, **kwargs):
    from mlmetrics_edu.spark import evaluate_spark as run

    return run(*args, **kwargs)
