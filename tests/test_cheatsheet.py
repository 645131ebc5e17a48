"""``mlmetrics-edu cheatsheet``: every public metric, from the docstrings, as Markdown and HTML."""

import importlib
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import mlmetrics_edu
from mlmetrics_edu.interview import cheatsheet
from mlmetrics_edu.interview.cheatsheet import FIELDS, collect, latex_to_text, to_html, to_markdown
from mlmetrics_edu.cli.cheatsheet import main

PACKAGE = Path(mlmetrics_edu.__file__).parent
CANDIDATES = ["classification", "curves", "calibration", "regression", "ranking", "generation", "llm_eval",
              "significance", "experiments", "splits", "fairness", "clustering", "monitoring", "drift"]


def present_metric_modules():
    """Independently of the code under test: the candidate modules that exist as files or packages."""
    return [importlib.import_module(f"mlmetrics_edu.{name}") for name in CANDIDATES
            if (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()]


def public_functions(module):
    return [n for n in module.__all__ if inspect.isfunction(getattr(module, n))]


@pytest.fixture(scope="module")
def sections():
    return collect()


@pytest.fixture(scope="module")
def markdown(sections):
    return to_markdown(sections)


@pytest.fixture(scope="module")
def page(sections):
    return to_html(sections)


def test_every_metric_module_present_gets_a_section_in_course_order(sections):
    modules = [m.__name__ for m in present_metric_modules()]
    assert [s.module for s in sections] == modules
    assert modules[:5] == [f"mlmetrics_edu.{n}" for n in CANDIDATES[:5]]


def test_the_cheat_sheet_lists_every_public_metric(sections, markdown, page):
    for module in present_metric_modules():
        section = next(s for s in sections if s.module == module.__name__)
        listed = [e.name for e in section.entries]
        assert set(public_functions(module)) <= set(listed), module.__name__
        assert set(listed) <= set(module.__all__)
        for name in public_functions(module):
            assert f"### `{name}`" in markdown
            assert f'<article class="metric" id="{name}">' in page


def test_classes_are_listed_only_when_they_document_a_formula(sections):
    names = {e.name for s in sections for e in s.entries}
    from mlmetrics_edu import calibration, curves

    assert {"PlattScaling", "IsotonicCalibration", "TemperatureScaling"} <= names
    assert not {"NotFittedError", "BrierDecomposition", "OperatingPoint"} & names
    assert calibration.NotFittedError and curves.OperatingPoint   # they exist, they are just not metrics


def test_each_entry_has_its_formula_and_the_three_other_notes(sections, markdown):
    for s in sections:
        for e in s.entries:
            assert set(e.fields) == set(FIELDS), (s.module, e.name)
            assert all(e.fields[f].strip() for f in FIELDS)
    assert "(not documented)" not in markdown
    blocks = markdown.split("\n### ")[1:]
    assert len(blocks) == sum(len(s.entries) for s in sections)
    for block in blocks:
        assert [line.split("**")[1] for line in block.splitlines() if line.startswith("- **")] == list(FIELDS)


def test_the_text_comes_from_the_docstrings(markdown):
    from mlmetrics_edu.classification import precision_score
    from mlmetrics_edu.curves import roc_auc_score

    assert "- **Formula**: `tp / (tp + fp)`." in markdown
    doc = inspect.getdoc(precision_score)
    intuition = re.search(r"\*\*Intuition\*\*: (.*?)\n\n", doc, re.S).group(1)
    assert f"- **Intuition**: {' '.join(intuition.split())}" in markdown
    trap = re.search(r"\*\*Interview note\*\*: (.*?)\n\n", inspect.getdoc(roc_auc_score), re.S).group(1)
    assert " ".join(trap.split()).replace("``", "`")[:60] in markdown


def test_markdown_has_one_section_per_module(sections, markdown):
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    assert headings == [s.title for s in sections]
    assert len(headings) == len(present_metric_modules()) == len(set(headings))
    assert markdown.count("\n# ") == 0 and markdown.startswith("# mlmetrics-edu cheat sheet\n")


class StrictHTML(HTMLParser):
    VOID = {"meta", "link", "br", "hr", "img", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids = [], [], []

    def handle_starttag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_the_html_is_well_formed_and_printable(page, sections):
    parser = StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    assert len(parser.ids) == len(set(parser.ids))          # anchors are unique
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert page.count('<section class="topic"') == len(sections)
    assert "@media print" in page and "break-before: page" in page and "column-count: 3" in page
    assert "break-inside: avoid" in page and "@page" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]   # works offline


def test_math_is_made_readable_and_no_rest_markup_is_left(markdown, page):
    for text in (markdown, page):
        assert not re.search(r"\\(frac|sum|bar|math|log|le)\b", text)
        assert ":math:" not in text and ":func:" not in text and "``" not in text
    assert latex_to_text(r"\sum_k \frac{n_k}{n}\,|\bar y_k - \bar p_k|") == "Σ_k n_k/n |ȳ_k - p̄_k|"
    assert latex_to_text(r"e_{k+1} \le \sqrt{\frac{a}{b + c}}") == "e_(k+1) ≤ √(a/(b + c))"


def test_the_command_writes_the_formats_asked_for(tmp_path, capsys):
    assert main(["cheatsheet", "--out", str(tmp_path / "md"), "--format", "md"]) == 0
    assert [p.name for p in (tmp_path / "md").iterdir()] == ["cheatsheet.md"]
    assert main(["cheatsheet", "--out", str(tmp_path / "both")]) == 0
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == ["cheatsheet.html", "cheatsheet.md"]
    assert "Wrote " in capsys.readouterr().out
    assert main(["cheatsheet", "--format", "pdf"]) == 2
    (tmp_path / "file").write_text("")
    assert main(["cheatsheet", "--out", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err.strip().endswith("is a file, not a folder")
    with pytest.raises(ValueError, match="fmt must be"):
        cheatsheet.write_cheatsheet(tmp_path, "pdf")


def test_the_default_sheet_is_brief_and_full_keeps_whole_notes(tmp_path):
    brief = {e.name: e for s in collect(brief=True) for e in s.entries}
    full = {e.name: e for s in collect() for e in s.entries}
    assert brief.keys() == full.keys()
    for name, entry in full.items():
        for field in FIELDS:
            if field in entry.fields:
                assert entry.fields[field].startswith(brief[name].fields[field])
    assert sum(len(e.fields.get("Edge cases", "")) for e in brief.values()) < \
        0.8 * sum(len(e.fields.get("Edge cases", "")) for e in full.values())
    assert main(["cheatsheet", "--out", str(tmp_path / "full"), "--full", "--format", "md"]) == 0
    assert main(["cheatsheet", "--out", str(tmp_path / "brief"), "--format", "md"]) == 0
    assert len((tmp_path / "brief" / "cheatsheet.md").read_text()) < len((tmp_path / "full" / "cheatsheet.md").read_text())


def test_topics_keep_only_the_modules_asked_for_and_refuse_unknown_ones(tmp_path, capsys):
    sections = collect(brief=True, modules=["classification", "curves"])
    assert [s.module for s in sections] == ["mlmetrics_edu.classification", "mlmetrics_edu.curves"]
    with pytest.raises(ValueError, match="no metric module called 'nope'"):
        collect(modules=["nope"])
    assert main(["cheatsheet", "--out", str(tmp_path), "--topics", "calibration", "--format", "md"]) == 0
    text = (tmp_path / "cheatsheet.md").read_text(encoding="utf-8")
    assert "## Calibration" in text and "## Classification" not in text
    assert main(["cheatsheet", "--out", str(tmp_path), "--topics", "nope"]) == 2
