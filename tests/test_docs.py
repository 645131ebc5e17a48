"""Every public metric is documented the way STYLE.md asks: a teaching docstring."""

import inspect

import pytest

import mlmetrics_edu

METRIC_MODULES = ["classification", "curves", "calibration", "regression", "ranking", "generation",
                  "significance", "experiments", "splits", "fairness", "clustering", "monitoring", "drift",
                  "distributed", "llm_eval"]
REQUIRED_SECTIONS = ["Parameters", "Returns", "Notes", "See Also", "Examples"]
REQUIRED_NOTES = ["**Formula**", "**Intuition**", "**Interview note**", "**Edge cases**"]


def public_callables():
    for module_name in METRIC_MODULES:
        module = getattr(mlmetrics_edu, module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{module_name}.{name}", obj


@pytest.mark.parametrize("qualname, fn", list(public_callables()))
def test_public_function_has_a_teaching_docstring(qualname, fn):
    doc = inspect.getdoc(fn) or ""
    missing = [s for s in REQUIRED_SECTIONS if f"\n{s}\n---" not in doc]
    missing += [s for s in REQUIRED_NOTES if s not in doc]
    assert not missing, f"{qualname} docstring lacks: {missing}"
    assert ">>> " in doc, f"{qualname} has no doctested example"
    assert doc.splitlines()[0].endswith("."), f"{qualname}: one-line summary should be a sentence"


@pytest.mark.parametrize("module_name", METRIC_MODULES)
def test_every_public_name_is_exported_from_the_package(module_name):
    module = getattr(mlmetrics_edu, module_name)
    for name in module.__all__:
        assert getattr(mlmetrics_edu, name) is getattr(module, name)


def test_the_package_never_imports_the_reference_libraries():
    import subprocess
    import sys

    code = (
        "import sys, mlmetrics_edu\n"
        "bad = [m for m in ('sklearn', 'scipy', 'pandas', 'matplotlib.pyplot') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_folders_the_readme_has_a_learner_create_in_a_clone_are_git_ignored():
    """`make lab`'s working copy and the folder `drill init` fills hold the learner's own work:
    a clone must not show them as changes to commit."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    made = set(re.findall(r"mlmetrics-edu drill init ([\w./-]+)", readme)) | {"mlmetrics-course"}
    ignored = {line.strip().rstrip("/") for line in (root / ".gitignore").read_text().splitlines()}
    assert made and made <= ignored, f"not git-ignored: {sorted(made - ignored)}"
