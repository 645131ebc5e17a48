"""Issue 22.3: a report written to a bad path is one MetricInputError naming the path and the
problem (a missing folder, a folder where a file is expected, a path under a file, an empty or
over-long name, a NUL, a non-path type); MLflow's own failures are one line naming the argument."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlmetrics_edu import MetricInputError
from mlmetrics_edu.report import evaluation_report, input_hash, log_report_to_mlflow, mlflow_key

WRITERS = ["to_json", "to_csv", "to_markdown"]


@pytest.fixture(scope="module")
def report():
    return evaluation_report([0, 1, 1, 0, 1, 0, 1, 0], [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.2],
                             metrics=["roc_auc_score"], n_resamples=None)


@pytest.fixture
def place(tmp_path):
    (tmp_path / "a_file").write_text("x")
    return tmp_path


BAD_FILES = [
    ("missing/r.json", r"cannot write '.*missing/r.json': the folder '.*missing' does not exist"),
    (".", r"cannot write '.*': it is a folder"),
    ("a_file/r.json", r"the folder '.*a_file' is a file, not a folder"),
    ("x" * 300 + ".json", r"cannot write '.*xxxx.json': File name too long"),
]


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("name, message", BAD_FILES, ids=["missing-folder", "a-folder", "under-a-file", "too-long"])
def test_a_bad_file_path_names_the_path_and_the_problem(report, place, writer, name, message):
    with pytest.raises(MetricInputError, match=message):
        getattr(report, writer)(place / name)
    with pytest.raises(MetricInputError, match=message):
        getattr(report, writer)(str(place / name))


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("path, message", [
    ("", "path is empty"), ("   ", "path is empty"), ("a\0b.json", "contains a NUL character"),
    (3, "path must be a file path .* got int"), (b"r.json", "got bytes"), (["r.json"], "got list"),
])
def test_a_path_that_names_no_file_is_refused_before_writing(report, place, writer, path, message):
    cwd = os.getcwd()
    os.chdir(place)
    try:
        with pytest.raises(MetricInputError, match=message):
            getattr(report, writer)(path)
    finally:
        os.chdir(cwd)
    assert sorted(p.name for p in place.iterdir()) == ["a_file"]


def test_a_good_path_still_writes_and_returns_the_text(report, place):
    text = report.to_json(place / "r.json")
    assert (place / "r.json").read_text(encoding="utf-8") == text + "\n"


@pytest.mark.parametrize("folder, message", [
    ("a_file", "folder '.*a_file' is a file"),
    ("a_file/sub", "folder '.*a_file/sub' cannot be created: Not a directory"),
    ("x" * 300, "cannot be created: File name too long"),
])
def test_save_into_a_bad_folder_names_the_folder(report, place, folder, message):
    with pytest.raises(MetricInputError, match=message):
        report.save(place / folder)


@pytest.mark.parametrize("folder, message", [("", "folder is empty"), ("a\0b", "NUL"), (3, "got int"), (None, "got NoneType")])
def test_save_refuses_a_folder_that_names_nothing(report, folder, message):
    with pytest.raises(MetricInputError, match=message):
        report.save(folder)


def test_save_creates_a_missing_folder(report, place):
    paths = report.save(place / "new" / "run")
    assert Path(paths["json"]).is_file()


@pytest.mark.parametrize("arrays, message", [
    (None, "arrays must be a non-empty dict"), ("x", "arrays must be a non-empty dict"), ({}, "non-empty dict"),
    ({1: [0, 1]}, "keyed by name"), ({"y": "abc"}, r"arrays\['y'\] must be array-like"),
])
def test_input_hash_wants_named_arrays(arrays, message):
    with pytest.raises(MetricInputError, match=message):
        input_hash(arrays)


@pytest.mark.parametrize("text", [float("nan"), 3, None, ["a"]])
def test_mlflow_key_wants_text(text):
    with pytest.raises(MetricInputError, match="text must be a str"):
        mlflow_key(text)


@pytest.mark.parametrize("kwargs, message", [
    ({"tracking_uri": ""}, "tracking_uri must be None or a non-empty string"),
    ({"tracking_uri": "sqlite:///a\0b"}, "tracking_uri must be None or a non-empty string without NUL"),
    ({"artifact_location": 3}, "artifact_location must be None or a non-empty string"),
])
def test_mlflow_arguments_are_checked_before_mlflow_is_touched(report, kwargs, message):
    with pytest.raises(MetricInputError, match=message):
        log_report_to_mlflow(report, **kwargs)


@pytest.fixture
def quiet_mlflow(monkeypatch, place):
    pytest.importorskip("mlflow")
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
    monkeypatch.setenv("DO_NOT_TRACK", "true")
    monkeypatch.chdir(place)
    return place


def test_an_unknown_tracking_uri_is_one_line_naming_it(report, quiet_mlflow):
    with pytest.raises(MetricInputError, match="MLflow cannot use tracking_uri='bogus://x'") as err:
        log_report_to_mlflow(report, tracking_uri="bogus://x")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("location, message", [("a_file/sub", "Not a directory"),
                                               ("bogus://zz", "artifact repository")])
def test_a_bad_artifact_location_is_one_line_naming_it(report, quiet_mlflow, location, message):
    with pytest.raises(MetricInputError, match=f"artifact_location='{location}'.*{message}") as err:
        log_report_to_mlflow(report, tracking_uri=f"sqlite:///{quiet_mlflow}/m.db", artifact_location=location,
                             experiment=f"e-{location[:5]}")
    assert "\n" not in str(err.value)
