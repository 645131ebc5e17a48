"""The course notebooks are stored clean and follow the course layout (STYLE.md, DESIGN.md).

Running them is nbval's job (``pytest --nbval-lax --nbval-current-env notebooks/``); these
tests read the files and check what a reviewer would otherwise check by eye.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
HOUR = [
    "00_start_here",
    "01_confusion_matrix_and_accuracy",
    "02_precision_recall_f1",
    "03_thresholds_roc_pr",
    "04_calibration",
    "05_regression_and_ranking",
    "06_interview_drills",
]
# The hour and every deep dive past it: each notebook in the folder follows the same layout.
COURSE = sorted({*HOUR, *(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))})
REPO_URL = "https://github.com/mlmetrics-edu/mlmetrics-edu"
INSTALL_LINE = '%pip install --quiet "mlmetrics-edu @ git+https://github.com/mlmetrics-edu/mlmetrics-edu"'


def load(stem):
    return json.loads((NOTEBOOKS_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def code_cells(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def markdown_cells(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def headings(nb, level):
    marker = "#" * level + " "
    return [line[len(marker):].strip() for text in markdown_cells(nb) for line in text.splitlines()
            if line.startswith(marker)]


@pytest.fixture(params=COURSE)
def notebook(request):
    return request.param, load(request.param)


def test_every_course_notebook_of_the_one_hour_plan_exists():
    missing = [stem for stem in HOUR if not (NOTEBOOKS_DIR / f"{stem}.ipynb").is_file()]
    assert not missing


def test_notebook_is_stored_without_outputs_or_execution_counts(notebook):
    stem, nb = notebook
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{stem}: cells {dirty} have outputs; clear them before committing"


def test_notebook_metadata_is_clean(notebook):
    stem, nb = notebook
    assert nb["nbformat"] == 4
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", stem
    assert "widgets" not in nb["metadata"], f"{stem}: stored widget state"
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, f"{stem}: {sorted(nb['metadata'])}"
    for cell in nb["cells"]:
        assert not cell.get("metadata"), f"{stem}: a cell carries metadata {cell.get('metadata')}"


def test_notebook_opens_with_a_colab_badge_title_and_what_you_will_learn(notebook):
    stem, nb = notebook
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown"
    text = source(first)
    badge = f"https://colab.research.google.com/github/mlmetrics-edu/mlmetrics-edu/blob/main/notebooks/{stem}.ipynb"
    assert badge in text and "colab-badge.svg" in text, f"{stem}: no Open in Colab badge for its own path"
    assert re.search(r"^# \S", text, re.M), f"{stem}: no title"
    assert "**What you'll learn**" in text, f"{stem}: no 'What you'll learn'"


def test_first_code_cell_installs_the_package_only_on_colab(notebook):
    stem, nb = notebook
    first = code_cells(nb)[0]
    lines = first.splitlines()
    assert lines[0] == "import sys"
    assert lines[1].startswith('if "google.colab" in sys.modules:')
    assert lines[2].strip() == INSTALL_LINE
    assert lines[2].startswith("    "), "the install must sit inside the Colab-only if block"
    assert len(lines) == 3
    assert "--upgrade" not in first and " -U" not in first
    assert REPO_URL in first


def test_every_code_cell_follows_a_markdown_cell(notebook):
    stem, nb = notebook
    cells = nb["cells"]
    orphans = [i for i, c in enumerate(cells)
               if c["cell_type"] == "code" and (i == 0 or cells[i - 1]["cell_type"] != "markdown")]
    assert not orphans, f"{stem}: code cells {orphans} have no sentence of prose before them"


def test_no_code_cell_is_empty_or_long(notebook):
    stem, nb = notebook
    for code in code_cells(nb):
        assert code.strip(), f"{stem}: empty code cell"
        assert len(code.splitlines()) <= 15, f"{stem}: a code cell longer than 15 lines:\n{code}"


def test_no_helper_functions_are_defined_in_a_notebook(notebook):
    stem, nb = notebook
    for code in code_cells(nb):
        assert not re.search(r"(^|\s)def\s", code), f"{stem}: defines a function; helpers live in the package"
        assert not re.search(r"^\s*class\s", code, re.M), f"{stem}: defines a class"


def test_the_seed_is_set_once_at_the_top(notebook):
    stem, nb = notebook
    codes = code_cells(nb)
    setup = codes[1]
    assert "SEED = 0" in setup and "rng = np.random.default_rng(SEED)" in setup, stem
    rest = "\n".join(codes[2:])
    assert "SEED =" not in rest and "default_rng(" not in rest, f"{stem}: the seed is set again"
    assert "np.random.seed" not in "\n".join(codes), f"{stem}: uses NumPy's global random state"


def test_notebooks_use_the_package_and_never_the_reference_libraries(notebook):
    stem, nb = notebook
    code = "\n".join(code_cells(nb))
    assert "import mlmetrics_edu as mm" in code
    for banned in ("sklearn", "scipy", "pandas", "matplotlib.pyplot", "import pyplot"):
        assert banned not in code, f"{stem} uses {banned}"


def test_notebook_ends_with_a_summary_then_drills(notebook):
    stem, nb = notebook
    sections = headings(nb, 2)
    assert sections[-2:] == ["Summary", "Drills"], f"{stem}: last sections are {sections[-2:]}"
    last = nb["cells"][-1]
    assert last["cell_type"] == "markdown" and source(last).startswith("## Drills")
    drills = source(last)
    assert "mlmetrics-edu drill" in drills or "check(" in drills, f"{stem}: Drills says how to run them"


def test_drills_sections_name_only_drills_that_exist(notebook):
    from mlmetrics_edu.drill import load_drills

    stem, nb = notebook
    known = {d.id for d in load_drills()}
    drills = source(nb["cells"][-1])
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", drills))  # `roc-auc`, `r2`, ...
    assert named, f"{stem}: the Drills section names no drill"
    assert named <= known, f"{stem}: unknown drills {sorted(named - known)}"


def test_every_explorer_cell_is_followed_by_code_that_prints_its_numbers(notebook):
    """The explorer's numbers are printed next to it; checking them is the tests' job (issue 18)."""
    stem, nb = notebook
    codes = code_cells(nb)
    for i, code in enumerate(codes):
        if re.search(r"\w+Explorer\(", code):
            rest = codes[i + 1] if i + 1 < len(codes) else ""
            assert "state" in rest and "print(" in rest, (
                f"{stem}: the explorer cell\n{code}\nis not followed by a cell that prints its state")


DEEP_DIVES = [stem for stem in COURSE if stem[:2] >= "07"]


def _main_sections(nb):
    """(heading, cells) of every ``## `` section before the Summary."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and source(cell).startswith("## "):
            found.append((source(cell).splitlines()[0][3:].strip(), []))
        if found:
            found[-1][1].append(cell)
    names = [h for h, _ in found]
    assert names[-2:] == ["Summary", "Drills"], names
    return found[:-2]


@pytest.mark.parametrize("stem", DEEP_DIVES)
def test_no_deep_dive_cell_holds_an_assert_an_answer_key_or_moves_an_explorer(stem):
    for code in code_cells(load(stem)):
        assert not re.search(r"^\s*assert\b", code, re.M), f"{stem}: an assert in a learner cell:\n{code}"
        assert not re.search(r"correct_choice|\.(feedback|explanation|solution|rubric|model_answer)\b", code), (
            f"{stem}: an answer key:\n{code}")
        assert not re.search(r"^\s*\w+\.\w+\.value\s*=", code, re.M), f"{stem}: sets an explorer:\n{code}"


@pytest.mark.parametrize("stem", DEEP_DIVES)
def test_every_main_section_of_a_deep_dive_ends_with_a_bank_quiz_and_nothing_reveals_its_answer(stem):
    from mlmetrics_edu.interview.bank import load_bank

    bank, nb = load_bank(), load(stem)
    for heading, cells in _main_sections(nb):
        last = source(cells[-1]).strip()
        match = re.fullmatch(r"(\w+) = quiz\((.+), seed=SEED\)\n\1", last)
        assert cells[-1]["cell_type"] == "code" and match, f"{stem}, {heading}: does not end with a quiz:\n{last}"
        ids = re.findall(r'"([a-z0-9-]+)"', match.group(2))
        assert ids and all(qid in bank.questions for qid in ids), f"{stem}, {heading}: unknown questions {ids}"
        later = "\n".join(source(c) for c in nb["cells"][nb["cells"].index(cells[-1]) + 1:])
        assert not re.search(rf"\b{match.group(1)}\b", later), f"{stem}: a cell after the quiz reads {match.group(1)}"
        for qid in ids:                                   # the answer is never printed in the prose
            answer = bank[qid]
            if answer.kind == "choice":
                right = answer.options[answer.correct]
                assert right not in "\n".join(markdown_cells(nb)), f"{stem}: the prose quotes the answer of {qid}"


@pytest.mark.parametrize("stem", HOUR)
def test_no_cell_of_the_hour_asserts_reveals_a_quiz_or_moves_an_explorer(stem):
    """Notebooks teach; tests test: the checks live in tests/test_notebook_0N.py (issue 18)."""
    codes = code_cells(load(stem))
    for i, code in enumerate(codes):
        assert not re.search(r"^\s*assert\b", code, re.M), f"{stem}: an assert in front of the learner:\n{code}"
        assert not re.search(r"\bgrade\(|correct_choice|\binstantiate\(|\bmodel_response\b", code), (
            f"{stem}: a cell grades or reveals a quiz:\n{code}")
        assert not re.search(r"\.value\s*=(?!=)|\.click\(\)|\.restoring\(", code), (
            f"{stem}: a cell moves an explorer behind the learner's back:\n{code}")
        assert not re.search(r"^check\s*=", code, re.M), f"{stem}: `check` is the drill grader's name"
        shown = re.match(r"^(\w+) = quiz\(", code)
        if shown:
            later = [c for c in codes[i + 1:] if re.search(rf"\b{shown.group(1)}\b", c)]
            assert not later, f"{stem}: a cell after the quiz `{shown.group(1)}` reads it:\n{later[0]}"
    assert (NOTEBOOKS_DIR.parent / "tests" / f"test_notebook_{stem[:2]}.py").is_file(), (
        f"{stem}: no test executes it and checks its numbers")


def test_interview_notebook_rehearses_with_quizzes_the_60_seconds_and_the_checklist():
    from mlmetrics_edu.interview.bank import load_bank

    nb = load("06_interview_drills")
    text = "\n".join(markdown_cells(nb))
    codes = code_cells(nb)
    code = "\n".join(codes)
    assert "<details>" not in text, "model answers live in the question bank, not in the notebook"
    assert "60-second" in text
    assert "failure checklist" in text.lower()
    for failure in ("accuracy high", "ROC-AUC high, PR-AUC poor", "threshold fixed at 0.5",
                    "good ranking, bad probabilities", "aggregate hides slices", "top-k good, top-1 poor"):
        assert failure in text, failure
    for command in ("mlmetrics-edu interview --minutes 20", "mlmetrics-edu review", "mlmetrics-edu cheatsheet"):
        assert command in text, command
    assert re.search(r"quiz\(rapid_fire=True, minutes=5\b", code), "no 5-minute rapid-fire quiz"
    assert 'covers="fail.*"' in code, "the failure checklist is not quizzed"
    bank = load_bank()
    named = re.findall(r'quiz\("([a-z0-9-]+)"', code)
    assert named and all(qid in bank.questions for qid in named), named
    assert any(bank[qid].kind == "explain" and "q.sixty-seconds" in bank[qid].covers for qid in named)
    for i, cell in enumerate(codes):  # nothing after a quiz reads it: its checks are in test_notebook_06.py
        shown = re.search(r"^(\w+) = quiz\(.*\n\1\s*$", cell, re.M | re.S)
        if shown:
            assert not any(re.search(rf"\b{shown.group(1)}\b", later) for later in codes[i + 1:]), cell
    assert "one-page" not in text, "the cheat sheet prints one page per topic, not one page"

def test_start_here_lays_out_the_one_hour_plan_and_links_every_course_notebook():
    nb = load("00_start_here")
    text = "\n".join(markdown_cells(nb))
    for stem in COURSE[1:]:
        assert f"({stem}.ipynb)" in text, stem
    assert "| minutes | notebook |" in text


# The hour, at a learner's pace: 200 words a minute of prose, half a minute per code cell, two
# minutes per explorer or question. Depth that does not fit goes under "Going further".
SLOTS = {"01_confusion_matrix_and_accuracy": 10, "02_precision_recall_f1": 15, "03_thresholds_roc_pr": 10,
         "04_calibration": 10, "05_regression_and_ranking": 10, "06_interview_drills": 5}


def shows_a_widget(code):
    """True when the cell's last line displays an explorer or a quiz (``x = quiz(...); x`` or a bare call)."""
    lines = [ln.strip() for ln in code.strip().splitlines() if ln.strip() and not ln.strip().startswith("#")]
    last = lines[-1] if lines else ""
    if re.fullmatch(r"\w+", last):
        return re.search(rf"^{last}\s*=\s*.*\b(\w*Explorer|quiz)\(", code, re.M) is not None
    return re.match(r"([\w.]+\.)?(\w*Explorer|quiz)\(", last) is not None


def main_path(nb):
    """The cells before the first "Going further" heading (the Summary and Drills follow it)."""
    cells = []
    for cell in nb["cells"]:
        text = source(cell)
        if cell["cell_type"] == "markdown" and re.search(r"^#+\s+Going further", text, re.M):
            break
        cells.append(cell)
    return cells


def main_path_minutes(nb):
    words = code = interactive = 0
    for cell in main_path(nb):
        text = source(cell)
        if cell["cell_type"] == "markdown":
            words += len(text.split())
        elif shows_a_widget(text):
            interactive += 1
        else:
            code += 1
    return words / 200 + 0.5 * code + 2 * interactive, (words, code, interactive)


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_the_main_path_fits_its_slot_of_the_hour(stem):
    minutes, (words, code, interactive) = main_path_minutes(load(stem))
    assert minutes <= SLOTS[stem], (f"{stem}: {minutes:.1f} min > {SLOTS[stem]} ({words} words, "
                                    f"{code} code cells, {interactive} explorers/questions)")


def test_the_whole_hour_adds_up_to_sixty_minutes():
    assert sum(SLOTS.values()) == 60


def unescaped_dollar_pairs(text):
    """Spans between two ``$`` that Jupyter would typeset as math but are not math.

    Math stays allowed (``$p_i$``, ``$\\frac{a}{b}$``: a backslash, ``^`` or ``_`` inside).
    Code (inline or fenced) is not markdown.
    """
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    spans = re.findall(r"(?<!\\)\$(?!\$)([^$]*?)(?<!\\)\$", text)
    return [s for s in spans if not re.search(r"[\\^_{}=]", s)]


def dollar_amounts(text):
    """Money written with a dollar sign in Markdown prose, escaped or not (``\\$400k``, ``$41k``).

    JupyterLab 4.6 typesets ``\\$400k … \\$40k`` as maths and swallows the sentence between
    (issue 18); every front end shows "USD 400k" as text, so amounts are written that way.
    """
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    return re.findall(r"\\?\$\s?\d[\d,.]*(?:\s?[kKmM]\b)?", text)


def test_dollar_amounts_are_written_as_text_and_dollar_signs_only_open_maths(notebook):
    stem, nb = notebook
    bad = [span for text in markdown_cells(nb) for span in unescaped_dollar_pairs(text)]
    assert not bad, f"{stem}: these would render as LaTeX: {bad[:3]}"
    amounts = [a for text in markdown_cells(nb) for a in dollar_amounts(text)]
    assert not amounts, f"{stem}: write amounts as USD 400k, not {amounts[:3]}"


def test_the_dollar_checks_tell_amounts_from_math():
    assert unescaped_dollar_pairs("RMSE jumps from $41k to $165k") == ["41k to "]
    assert unescaped_dollar_pairs(r"with $p_i$ the forecast and $\frac{a}{b}$") == []
    assert unescaped_dollar_pairs("code `x = $a$` is not markdown") == []
    assert dollar_amounts(r"RMSE jumps from \$41k to \$165k") == [r"\$41k", r"\$165k"]
    assert dollar_amounts("a $1,000,000 outlier") == ["$1,000,000"]
    assert dollar_amounts("from USD 41k to USD 165k, `f\"${x}\"` in code") == []
    assert dollar_amounts(r"with $p_i$ the forecast") == []
