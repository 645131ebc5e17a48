"""The evaluation report: values against direct package calls, files parsed back, MLflow run read back."""

import csv
import functools
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest

import mlmetrics_edu
from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.calibration import expected_calibration_error
from mlmetrics_edu.classification import accuracy_score, f1_score, recall_score
from mlmetrics_edu.curves import roc_auc_score
from mlmetrics_edu.fairness import metric_by_group
from mlmetrics_edu.regression import mean_absolute_error, r2_score
from mlmetrics_edu.report import (
    EvaluationReport,
    evaluation_report,
    input_hash,
    log_report_to_mlflow,
    mlflow_key,
    report_metrics,
)
from mlmetrics_edu.significance import bootstrap_ci

REPO = Path(__file__).resolve().parent.parent


def scored(n=600, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, n)
    y_score = np.clip(0.35 * y_true + 0.65 * rng.random(n), 0, 1).round(2)  # ties on purpose
    weather = rng.choice(["clear", "fog", "rain"], n, p=[0.6, 0.15, 0.25])
    region = rng.choice(["north", "south"], n)
    return y_true, y_score, weather, region


@pytest.fixture(scope="module")
def report():
    y_true, y_score, weather, region = scored()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # these data need no warning
        return evaluation_report(
            y_true, y_score, metrics=["accuracy_score", roc_auc_score, functools.partial(f1_score, zero_division=0)],
            slices={"weather": weather, "region": region}, threshold=0.5, n_resamples=200, seed=7,
            name="val-2026-w01", params={"model": "logreg", "C": 1.0})


# --------------------------------------------------------------------------- values


def test_overall_values_equal_the_package_metrics_on_scores_or_decisions(report):
    y_true, y_score, _, _ = scored()
    decisions = (y_score >= 0.5).astype(int)
    assert report.value("accuracy_score") == accuracy_score(y_true, decisions)
    assert report.value("roc_auc_score") == roc_auc_score(y_true, y_score)
    assert report.value("f1_score[zero_division=0]") == f1_score(y_true, decisions, zero_division=0)
    assert report.metrics == ["accuracy_score", "roc_auc_score", "f1_score[zero_division=0]"]


def test_every_slice_row_equals_the_metric_on_that_groups_samples(report):
    y_true, y_score, weather, region = scored()
    decisions = (y_score >= 0.5).astype(int)
    checked = 0
    for slice_name, groups in (("weather", weather), ("region", region)):
        for g in np.unique(groups):
            mask = groups == g
            assert report.value("accuracy_score", slice_name, g) == accuracy_score(y_true[mask], decisions[mask])
            assert report.value("roc_auc_score", slice_name, g) == roc_auc_score(y_true[mask], y_score[mask])
            row = report._row("roc_auc_score", slice_name, g)
            assert row["n"] == mask.sum()
            checked += 1
    assert checked == 5
    assert len(report.rows) == 3 * (1 + 5)


def test_overall_intervals_are_bootstrap_ci_with_the_same_seed_and_contain_the_estimate(report):
    y_true, y_score, _, _ = scored()
    decisions = (y_score >= 0.5).astype(int)
    for metric, y in (("accuracy_score", decisions), ("roc_auc_score", y_score)):
        fn = getattr(mlmetrics_edu, metric)
        low, high, estimate = bootstrap_ci(fn, y_true, y, n_resamples=200, method="percentile", seed=7)
        assert report.interval(metric) == (low, high)
        assert low <= report.value(metric) == estimate <= high
        assert high - low > 0


def test_slice_intervals_are_bootstrap_ci_on_the_groups_own_stream(report):
    y_true, y_score, weather, _ = scored()
    groups = np.unique(weather)
    streams = np.random.SeedSequence(7).spawn(len(groups) + 1)
    for g, stream in zip(groups, streams):
        mask = weather == g
        low, high, estimate = bootstrap_ci(roc_auc_score, y_true[mask], y_score[mask], n_resamples=200,
                                           method="percentile", seed=np.random.default_rng(stream))
        assert report.interval("roc_auc_score", "weather", g) == (low, high)
        assert low <= estimate <= high
    by_group = metric_by_group(roc_auc_score, y_true, y_score, sensitive_features=weather, n_resamples=200, seed=7)
    assert {g: report.interval("roc_auc_score", "weather", g) for g in groups} == by_group.intervals
    gap = [g for g in report.gaps if g["metric"] == "roc_auc_score" and g["slice"] == "weather"][0]
    assert gap["difference"] == by_group.difference() and gap["ratio"] == by_group.ratio()


def test_no_resamples_gives_values_without_intervals():
    y_true, y_score, weather, _ = scored(200)
    r = evaluation_report(y_true, y_score, metrics=["roc_auc_score"], slices=weather, n_resamples=None)
    assert all(np.isnan(row["low"]) and np.isnan(row["high"]) for row in r.rows)
    assert r.value("roc_auc_score", "slice", "fog") == roc_auc_score(y_true[weather == "fog"], y_score[weather == "fog"])


def test_regression_metrics_and_a_named_lambda_work_without_a_threshold():
    rng = np.random.default_rng(3)
    y_true = rng.normal(size=300)
    y_pred = y_true + rng.normal(scale=0.5, size=300)
    r = evaluation_report(y_true, y_pred, metrics={"mae": mean_absolute_error, "r2": lambda t, p: r2_score(t, p)},
                          n_resamples=100, seed=1)
    assert r.value("mae") == mean_absolute_error(y_true, y_pred)
    assert r.value("r2") == r2_score(y_true, y_pred)
    assert r.interval("mae") == bootstrap_ci(mean_absolute_error, y_true, y_pred, n_resamples=100,
                                             method="percentile", seed=1)[:2]
    assert set(r.figures()) == {"metrics"}  # no ROC or reliability diagram for regression


# --------------------------------------------------------------------------- versioning


def test_the_report_records_version_conventions_seed_and_a_hash_of_the_inputs(report):
    md = report.metadata
    assert md["package_version"] == mlmetrics_edu.__version__
    assert md["seed"] == 7 and md["n_resamples"] == 200 and md["confidence"] == 0.95
    assert md["threshold"] == 0.5 and md["params"] == {"model": "logreg", "C": 1.0}
    f1 = md["conventions"]["f1_score[zero_division=0]"]
    assert f1["options"]["zero_division"] == 0 and f1["options"]["pos_label"] == 1
    assert f1["options"]["average"] == "binary" and f1["input"] == "y_pred >= 0.5"
    assert md["conventions"]["roc_auc_score"]["input"] == "scores"
    assert f1["function"] == "mlmetrics_edu.classification.f1_score"
    y_true, y_score, weather, region = scored()
    assert md["input_hash"] == input_hash({"y_true": y_true, "y_pred": y_score,
                                           "slices[weather]": weather, "slices[region]": region})


def test_two_runs_on_the_same_data_compare_equal_and_a_changed_label_changes_the_hash():
    y_true, y_score, weather, _ = scored(300)
    kw = dict(metrics=["recall_score"], slices=weather, threshold=0.5, n_resamples=50, seed=0)
    a = evaluation_report(y_true, y_score, **kw)
    b = evaluation_report(y_true, y_score, **kw)
    same_inputs, same_settings, rows = a.compare(b)
    assert same_inputs and same_settings and all(r["delta"] == 0 for r in rows) and len(rows) == 4
    flipped = y_true.copy()
    flipped[0] = 1 - flipped[0]
    c = evaluation_report(flipped, y_score, **{**kw, "seed": 1})
    same_inputs, same_settings, rows = a.compare(c)
    assert not same_inputs and not same_settings
    overall = [r for r in rows if r["slice"] == "overall"][0]
    assert overall["delta"] == recall_score(flipped, y_score >= 0.5) - recall_score(y_true, y_score >= 0.5)


# --------------------------------------------------------------------------- files


def test_json_csv_and_markdown_are_written_and_parse_back(report, tmp_path):
    paths = report.save(tmp_path / "out")
    assert set(paths) == {"json", "csv", "markdown", "metrics", "roc", "reliability"}
    data = json.loads(paths["json"].read_text())
    assert data["name"] == "val-2026-w01" and data["metadata"]["input_hash"] == report.metadata["input_hash"]
    assert [(r["metric"], r["slice"], r["group"], r["value"], r["low"], r["high"]) for r in data["rows"]] == \
        [(r["metric"], r["slice"], r["group"], r["value"], r["low"], r["high"]) for r in report.rows]

    with open(paths["csv"], newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(report.rows)
    for parsed, row in zip(rows, report.rows):
        assert (parsed["metric"], parsed["slice"], parsed["group"], int(parsed["n"])) == \
            (row["metric"], row["slice"], row["group"], row["n"])
        assert float(parsed["value"]) == row["value"]  # repr round-trips a float exactly
        assert (float(parsed["low"]), float(parsed["high"])) == (row["low"], row["high"])

    md = paths["markdown"].read_text()
    table = [line for line in md.splitlines() if line.startswith("| accuracy_score |")]
    cells = [c.strip() for c in table[0].strip("|").split("|")]
    low, high = report.interval("accuracy_score")
    assert cells == ["accuracy_score", "600", f"{report.value('accuracy_score'):.4f}", f"[{low:.4f}, {high:.4f}]"]
    assert "## roc_auc_score by weather" in md and report.metadata["input_hash"] in md
    fog = [line for line in md.splitlines() if line.startswith("| fog |")]
    assert len(fog) == 3  # one table per metric for the weather slice


def test_the_pngs_are_valid_images(report, tmp_path):
    from matplotlib.image import imread

    paths = report.save(tmp_path)
    for stem in ("metrics", "roc", "reliability"):
        assert paths[stem].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = imread(paths[stem])
        assert image.ndim == 3 and image.shape[0] > 100 and image.shape[1] > 100
        assert image.std() > 0  # something was drawn


def test_an_undefined_slice_is_nan_null_and_an_empty_cell_with_a_warning(tmp_path):
    y_true = np.array([0, 1, 0, 1, 1, 1, 1, 0, 1, 0])
    y_score = np.array([0.2, 0.9, 0.4, 0.6, 0.7, 0.8, 0.3, 0.1, 0.9, 0.5])
    site = np.array(["a", "a", "a", "a", "b", "b", "b", "a", "a", "a"])  # site b holds positives only
    with pytest.warns(UndefinedMetricWarning):
        r = evaluation_report(y_true, y_score, metrics=["roc_auc_score"], slices={"site": site},
                              n_resamples=50, seed=0)
    assert np.isnan(r.value("roc_auc_score", "site", "b"))
    data = json.loads(r.to_json())
    row = [x for x in data["rows"] if x["group"] == "b"][0]
    assert row["value"] is None and row["low"] is None
    parsed = list(csv.DictReader(r.to_csv().splitlines()))
    assert [p["value"] for p in parsed if p["group"] == "b"] == [""]
    assert not any("site.b" in k for k in report_metrics(r))  # nan is not logged


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, match", [
    (dict(metrics=[]), "metrics is empty"),
    (dict(metrics=["no_such_metric"]), "not a metric a report can name"),
    (dict(metrics=[42]), "metrics holds 42"),
    (dict(metrics=[lambda t, p: 0.0]), "no usable name"),
    (dict(metrics=["accuracy_score", accuracy_score]), "names 'accuracy_score' twice"),
    (dict(metrics={"": accuracy_score}), "metrics keys"),
    (dict(metrics=["accuracy_score"], slices=[0, 1]), "differ in length: 6 != 2"),
    (dict(metrics=["accuracy_score"], slices={"overall": [0] * 6}), "slices keys"),
    (dict(metrics=["accuracy_score"], slices={"w": [0.5] * 6}), r"slices\['w'\] must hold labels"),
    (dict(metrics=["accuracy_score"], slices={}), "slices is an empty dict"),
    (dict(metrics=["accuracy_score"], n_resamples=0), "n_resamples must be"),
    (dict(metrics=["accuracy_score"], confidence=1.5), "confidence must be"),
    (dict(metrics=["accuracy_score"], method="student"), "method='student' is not supported"),
    (dict(metrics=["accuracy_score"], seed=-1), "seed must be"),
    (dict(metrics=["accuracy_score"], seed=1.5), "seed must be"),
    (dict(metrics=["accuracy_score"], threshold="0.5"), "threshold must be"),
    (dict(metrics=["accuracy_score"], threshold=float("nan")), "threshold must be"),
    (dict(metrics=["accuracy_score"], name=""), "name must be"),
    (dict(metrics=["accuracy_score"], params=["model"]), "params must be a dict"),
    (dict(metrics=["log_loss"], threshold=0.5, y_pred=[0.1, 0.9, 2.0, 0.3, 0.8, 0.4]), "metric 'log_loss' failed"),
])
def test_bad_arguments_raise_a_metric_input_error_naming_them(kwargs, match):
    args = {"y_true": [0, 1, 1, 0, 1, 0], "y_pred": [0.1, 0.9, 0.6, 0.3, 0.8, 0.4], **kwargs}
    with pytest.raises(MetricInputError, match=match):
        evaluation_report(args.pop("y_true"), args.pop("y_pred"), **args)


@pytest.mark.parametrize("y_true, y_pred, match", [
    ([0, 1, 1], [0, 1], "y_true and y_pred differ in length: 3 != 2"),
    ([], [], "y_true is empty"),
    ([0, 1, 1], [0.1, np.nan, 0.3], "y_pred contains NaN"),
    ([[0, 1]], [[0, 1]], "y_true must be 1-D"),
])
def test_bad_arrays_raise_a_metric_input_error_naming_them(y_true, y_pred, match):
    with pytest.raises(MetricInputError, match=match):
        evaluation_report(y_true, y_pred, metrics=["accuracy_score"], threshold=0.5)


def test_a_metric_undefined_on_the_whole_data_raises():
    with pytest.warns(UndefinedMetricWarning), pytest.raises(MetricInputError, match="undefined on the whole data"):
        evaluation_report([1, 1, 1], [0.2, 0.4, 0.9], metrics=["roc_auc_score"])


def test_unknown_rows_and_non_reports_are_refused(report):
    with pytest.raises(MetricInputError, match="no row for metric='recall_score'"):
        report.value("recall_score")
    with pytest.raises(MetricInputError, match="other must be an EvaluationReport"):
        report.compare({"rows": []})
    with pytest.raises(MetricInputError, match="report must be an EvaluationReport"):
        log_report_to_mlflow(report.to_dict())
    with pytest.raises(MetricInputError, match="experiment must be a non-empty string"):
        log_report_to_mlflow(report, experiment="")


def test_mlflow_keys_are_sanitized_and_unique(report):
    assert mlflow_key("f1[average=macro]..x/y") == "f1_average_macro_.x/y"
    keys = report_metrics(report)
    assert all(mlflow_key(k) == k for k in keys)
    assert keys["f1_score_zero_division_0_"] == report.value("f1_score[zero_division=0]")
    assert keys["roc_auc_score.weather.fog.ci_low"] == report.interval("roc_auc_score", "weather", "fog")[0]


def test_without_mlflow_the_error_says_what_to_install(report, monkeypatch):
    for module in ("mlflow", "mlflow.entities", "mlflow.tracking"):
        monkeypatch.setitem(sys.modules, module, None)  # makes `import mlflow` raise ImportError
    with pytest.raises(ImportError, match=r"pip install \"mlmetrics-edu\[tracking\]\""):
        report.log_to_mlflow(tracking_uri="sqlite:///never-created.db")
    assert not Path("never-created.db").exists()


def test_importing_the_module_imports_neither_mlflow_nor_pyplot():
    code = ("import sys, mlmetrics_edu.report; "
            "print(sorted(m for m in ('mlflow', 'matplotlib.pyplot', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- MLflow


def test_the_report_is_logged_to_a_local_sqlite_mlflow_store_and_reads_back(report, tmp_path, monkeypatch):
    pytest.importorskip("mlflow")
    from mlflow.tracking import MlflowClient

    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
    monkeypatch.setenv("DO_NOT_TRACK", "true")
    monkeypatch.chdir(tmp_path)  # anything MLflow writes relative to the working directory stays in tmp
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its database lock file and our staging folder too
    uri = f"sqlite:///{tmp_path}/mlflow.db"
    before = sorted(p.name for p in REPO.iterdir())
    run_id = log_report_to_mlflow(report, tracking_uri=uri, experiment="report-test",
                                  artifact_location=tmp_path / "artifacts")

    client = MlflowClient(tracking_uri=uri)
    run = client.get_run(run_id)
    assert run.info.status == "FINISHED" and run.info.run_name == "val-2026-w01"
    params = run.data.params
    assert params["model"] == "logreg" and params["C"] == "1.0"
    assert params["eval.seed"] == "7" and params["eval.input_hash"] == report.metadata["input_hash"]
    assert params["eval.package_version"] == mlmetrics_edu.__version__
    assert params["eval.convention.f1_score_zero_division_0_.zero_division"] == "0"
    metrics = run.data.metrics
    assert metrics == pytest.approx(report_metrics(report), rel=0, abs=0)
    assert metrics["accuracy_score"] == report.value("accuracy_score")
    assert metrics["roc_auc_score.weather.rain"] == report.value("roc_auc_score", "weather", "rain")
    assert metrics["accuracy_score.ci_high"] == report.interval("accuracy_score")[1]
    assert run.data.tags["mlmetrics_edu.input_hash"] == report.metadata["input_hash"]
    listed = sorted(f.path for f in client.list_artifacts(run_id, "evaluation"))
    assert listed == [f"evaluation/{n}" for n in
                      ("metrics.png", "reliability.png", "report.csv", "report.json", "report.md", "roc.png")]
    local = Path(client.download_artifacts(run_id, "evaluation/report.json", str(tmp_path)))
    assert json.loads(local.read_text())["metadata"]["input_hash"] == report.metadata["input_hash"]
    assert str(Path(run.info.artifact_uri.removeprefix("file://")).resolve()).startswith(str(tmp_path.resolve()))

    # The default store is MLFLOW_TRACKING_URI: the second run lands in the same experiment.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    second = report.log_to_mlflow(experiment="report-test")
    runs = client.search_runs([run.info.experiment_id])
    assert {r.info.run_id for r in runs} == {run_id, second}
    assert sorted(p.name for p in REPO.iterdir()) == before  # nothing written into the repository


# --------------------------------------------------------------------------- the notebook's scenario


def test_the_production_scenario_evaluates_every_batch_through_the_same_report():
    from mlmetrics_edu.datasets import production as sim

    rng = np.random.default_rng(0)
    reference = sim.reference_set(1000, rng=rng)
    weeks = sim.weekly_batches(200, rng=rng)
    assert [w.phase for w in weeks] == ["stable"] * 3 + ["covariate shift"] * 2 + ["prior shift"] * 2 + \
        ["concept change"] * 3
    assert all(w.churned.mean() == 0.4 for w in weeks[5:7])  # the prior shift sets the base rate exactly
    r = sim.evaluate(reference, metrics=["recall_score"], n_resamples=50, seed=3)
    direct = evaluation_report(reference.churned, sim.score(reference.features), metrics=["recall_score"],
                               slices={"channel": reference.channel}, threshold=sim.THRESHOLD,
                               n_resamples=50, seed=3)
    assert r.rows == direct.rows and r.metadata["input_hash"] == direct.metadata["input_hash"]
    with pytest.raises(MetricInputError, match="n_per_week must be an integer >= 100"):
        sim.weekly_batches(10, rng=rng)


# --------------------------------------------------------------------------- issue 21: binning, tiny inputs


def test_scores_on_bin_edges_save_with_one_binning_rule(tmp_path):
    """0.2, 0.4, 0.6 sit on edges of the ten reliability bins: the counts used to be binned with the
    other rule and differed in length from the curve ("prob_true and counts differ in length")."""
    y_true = np.array([0, 1, 1, 0, 1, 0, 1, 1])
    y_score = np.array([0.1, 0.8, 0.35, 0.2, 0.9, 0.6, 0.7, 0.4])
    r = evaluation_report(y_true, y_score, metrics=["roc_auc_score", "accuracy_score"], threshold=0.5,
                          n_resamples=50, seed=0)
    paths = r.save(tmp_path)
    assert {"roc", "reliability"} <= set(paths)
    from mlmetrics_edu.calibration import calibration_curve

    prob_true, prob_pred, counts = r._curves["reliability"]
    expected_true, expected_pred = calibration_curve(y_true, y_score, n_bins=10)
    np.testing.assert_allclose(prob_true, expected_true)
    np.testing.assert_allclose(prob_pred, expected_pred)
    assert counts.tolist() == [1, 1, 2, 1, 1, 1, 1]  # right-closed: 0.2 in (0.1, 0.2], 0.35 and 0.4 in (0.3, 0.4]


@pytest.mark.parametrize("y_true, y_score, figures", [
    ([0, 1], [0.3, 0.7], {"metrics", "roc", "reliability"}),  # tiny
    ([1, 1, 1, 1], [0.3, 0.7, 0.9, 0.6], {"metrics"}),  # one class: no ROC, no reliability diagram
    ([0, 1, 0, 1, 1], [0.51, 0.55, 0.52, 0.58, 0.59], {"metrics", "roc", "reliability"}),  # one bin
    ([0, 1, 0, 1], [0.0, 1.0, 0.1, 0.9], {"metrics", "roc", "reliability"}),  # the ends of [0, 1]
])
def test_tiny_single_class_and_single_bin_reports_save(tmp_path, y_true, y_score, figures):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate resamples on tiny data warn, as they should
        r = evaluation_report(y_true, y_score, metrics=["accuracy_score", "brier_score_loss"], threshold=0.5,
                              n_resamples=20, seed=0)
        paths = r.save(tmp_path)
    assert set(paths) == {"json", "csv", "markdown"} | figures
    if "reliability" in figures:
        prob_true, prob_pred, counts = r._curves["reliability"]
        assert len(prob_true) == len(prob_pred) == len(counts) and counts.sum() == len(y_true)


def test_saving_into_a_path_that_is_a_file_names_the_path(tmp_path, report):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    with pytest.raises(MetricInputError, match="taken"):
        report.save(blocker)
    with pytest.raises(MetricInputError, match="taken"):
        report.save(blocker / "inside")


def test_a_path_that_cannot_be_written_is_one_error_naming_it(tmp_path, report):
    missing = tmp_path / "no-such-folder" / "report.json"
    for write in (report.to_json, report.to_csv, report.to_markdown):
        with pytest.raises(MetricInputError, match="no-such-folder"):
            write(missing)
