"""Notebooks 04 and 05 fit their slot of the hour, ask and check questions, and teach it right.

* **Pace** (issue 9): a learner reads 200 words of markdown prose a minute, spends half a
  minute on a code cell and two minutes on a cell that shows an explorer or a quiz. The main
  path is every cell before the first markdown heading that starts with "Going further";
  04 and 05 each get 10 minutes of it.
* **Questions** (notebooks teach; tests test, issue 18): each main section of the main path
  ends with a bank question shown by the quiz widget, and nothing after it; each explorer has
  a task (a generated numeric question about the notebook's own scenario) whose answer is a
  value of the explorer's own slider grid, shown by its readout, with a tolerance under one
  slider step -- checked here for many seeds; the notebook runs are checked against the
  explorer in tests/test_notebook_04.py and test_notebook_05.py.
* **Content**: the corrections of issue 9 for notebook 05 (NDCG's linear gains, sMAPE on
  zero-sale days, MAPE's asymmetry, adjusted R² and R² = corr² only in-sample) are checked
  against the package and the notebook text; dollar amounts in markdown are written as text (USD).
"""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SLOTS = {"04_calibration": 10.0, "05_regression_and_ranking": 10.0}
WORDS_PER_MINUTE = 200
CODE_MINUTES, WIDGET_MINUTES = 0.5, 2.0
EXPLORER = re.compile(r"\b\w+Explorer\(")
QUIZ = re.compile(r"\bquiz\(")
GOING_FURTHER = re.compile(r"^#+\s+Going further", re.M)


# --------------------------------------------------------------------------- measuring


def load(stem):
    return json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def main_path(nb):
    """The cells before the first markdown heading that starts with "Going further"."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and GOING_FURTHER.search(source(cell)):
            break
        cells.append(cell)
    return cells


def prose_words(markdown):
    """Words a learner reads: link and image targets dropped, tokens with a letter or digit."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)         # images (the Colab badge)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)           # links keep their text
    text = re.sub(r"<[^>]+>", " ", text)                             # HTML tags
    return sum(1 for token in text.split() if re.search(r"\w", token))


def cell_minutes(cell):
    text = source(cell)
    if cell["cell_type"] == "markdown":
        return prose_words(text) / WORDS_PER_MINUTE
    if EXPLORER.search(text) or QUIZ.search(text):
        return WIDGET_MINUTES
    return CODE_MINUTES


def main_path_minutes(nb):
    return sum(cell_minutes(c) for c in main_path(nb))


def test_the_measure_follows_the_rule_on_a_made_up_notebook():
    md = lambda text: {"cell_type": "markdown", "source": text}            # noqa: E731
    code = lambda text: {"cell_type": "code", "source": text}              # noqa: E731
    words = " ".join(["word"] * 100)
    nb = {"cells": [md("[![b](https://x/y.svg)](https://x) " + words), code("x = 1"),
                    code("e = ErrorExplorer(a, b)\ne"), code('q = quiz("id")\nq'),
                    md("## Going further\n" + words * 50), code("y = 2")]}
    assert prose_words(nb["cells"][0]["source"]) == 100
    assert math.isclose(main_path_minutes(nb), 0.5 + 0.5 + 2 + 2)


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_the_main_path_fits_its_slot(stem):
    nb = load(stem)
    minutes = main_path_minutes(nb)
    print(f"{stem}: main path {minutes:.2f} min (slot {SLOTS[stem]:g})")
    assert main_path(nb) != nb["cells"], f"{stem}: no 'Going further' section"
    assert minutes <= SLOTS[stem], f"{stem}: the main path takes {minutes:.2f} min, over its {SLOTS[stem]:g}"


# --------------------------------------------------------------------------- questions on the path


def sections(cells):
    """The main path's ``## `` sections: (title, the cells after the heading)."""
    out = []
    for cell in cells:
        heading = re.match(r"^## (.+)$", source(cell), re.M) if cell["cell_type"] == "markdown" else None
        if heading:
            out.append((heading.group(1).strip(), []))
        elif out:
            out[-1][1].append(cell)
    return out


def quiz_ids(code):
    return re.findall(r'\bquiz\("([a-z0-9-]+)"', code)


@pytest.fixture(scope="module")
def bank():
    from mlmetrics_edu.interview.bank import load_bank

    return load_bank()


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_every_main_section_ends_with_a_bank_question_and_nothing_after_it(stem, bank):
    found = sections(main_path(load(stem)))
    assert len(found) >= 2, f"{stem}: fewer than two main sections"
    for title, cells in found:
        assert cells and cells[-1]["cell_type"] == "code", f"{stem} / {title}: does not end with a quiz cell"
        last = source(cells[-1])
        match = re.fullmatch(r'(\w+) = quiz\("([a-z0-9-]+)", seed=SEED\)\n\1', last.strip())
        assert match and match.group(2) in bank.questions, f"{stem} / {title}: does not end with NAME = quiz(<id>)"
        assert match.group(1) != "check", "`check` is the drill grader's name"


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_no_cell_asserts_grades_a_quiz_or_moves_an_explorer(stem):
    codes = [source(c) for c in load(stem)["cells"] if c["cell_type"] == "code"]
    for code in codes:
        assert not re.search(r"^\s*assert\b", code, re.M), code
        assert not re.search(r"\bgrade\(|correct_choice|\binstantiate\(|\.value\s*=(?!=)|\.click\(\)|restoring\(", code), code
        assert not re.search(r"^check = ", code, re.M), "`check` is the drill grader's name"


TASKS = {"04_calibration": ("task-temperature-spec", "temperature_spec_task", "CalibrationExplorer"),
         "05_regression_and_ranking": ("task-outlier-rmse", "outlier_rmse_task", "ErrorExplorer")}


@pytest.mark.parametrize("stem", sorted(TASKS))
def test_each_explorer_on_the_path_has_a_generated_task_checked_out_of_sight(stem, bank):
    qid, generator, explorer = TASKS[stem]
    codes = [source(c) for c in main_path(load(stem)) if c["cell_type"] == "code"]
    shown = [i for i, code in enumerate(codes) if re.search(rf"\b{explorer}\(", code)]
    asked = [i for i, code in enumerate(codes) if qid in quiz_ids(code)]
    assert shown and asked and shown[0] < asked[0], f"{stem}: the task is not asked after the explorer"
    checks = (Path(__file__).parent / f"test_notebook_{stem[:2]}.py").read_text(encoding="utf-8")
    assert qid in checks or "task" in checks
    q = bank[qid]
    assert q.kind == "numeric" and q.generator == generator and "Task" in q.prompt


def test_the_temperature_task_answer_is_where_the_explorer_first_meets_the_spec(bank):
    """On the slider's grid, as its readout shows it; one step lower or higher is graded wrong."""
    from mlmetrics_edu import datasets
    from mlmetrics_edu.interview.bank import grade, instantiate
    from mlmetrics_edu.widgets import CalibrationExplorer

    signs = datasets.overconfident_classifier(seed=0)
    explorer = CalibrationExplorer(signs.y_true, logits=signs.logits)      # as notebook 04 builds it
    slider = explorer.temperature
    q = bank["task-temperature-spec"]
    assert q.rel_tolerance == 0 and q.tolerance < min(np.diff(10 ** np.arange(0, 1.01, slider.step))) / 2
    prompts = set()
    for seed in range(30):
        inst = instantiate(q, seed)
        v, prompts = inst.values, prompts | {inst.prompt}
        explorer.n_bins.value = v["n_bins"]
        slider.value = v["temperature"]
        assert math.isclose(slider.value, v["temperature"], rel_tol=1e-12)   # on the grid: the slider holds it
        assert explorer.state.ece <= v["target"] and math.isclose(explorer.state.ece, v["ece_at"], rel_tol=1e-9)
        shown = format(slider.value, slider.readout_format)                  # what the learner reads
        assert f">{shown}<" in explorer.readout.value or shown in explorer.readout.value
        assert grade(inst, shown).correct, (seed, shown, inst.answer)
        for k in (-1, 1):                                                    # one step off
            slider.value = 10 ** (math.log10(v["temperature"]) + k * slider.step)
            off = format(slider.value, slider.readout_format)
            assert off != shown and not grade(inst, off).correct, (seed, k, off, inst.answer)
            if k == -1:
                assert math.isclose(slider.value, v["temperature_before"], rel_tol=1e-9)
                assert explorer.state.ece > v["target"]
        k = math.log10(inst.answer) / slider.step                            # 10 ** (k * step) from T = 1
        assert abs(k - round(k)) < 1e-9 and slider.min <= math.log10(inst.answer) <= slider.max
    assert len(prompts) >= 25


def test_the_outlier_task_answer_is_the_explorers_mae_rise_on_its_grid(bank):
    """The outlier is a slider value; the readout's MAE rise grades right, one step either way does not."""
    from mlmetrics_edu import datasets
    from mlmetrics_edu.interview.bank import grade, instantiate
    from mlmetrics_edu.interview.generators import regression as regression_generators
    from mlmetrics_edu.widgets import ErrorExplorer

    houses = datasets.house_prices(seed=0)
    keep = ~houses.is_outlier
    explorer = ErrorExplorer(houses.y_true[keep], houses.y_pred[keep], delta=50_000, unit="$")   # as notebook 05
    slider = explorer.outlier
    q = bank["task-outlier-rmse"]
    assert slider.step == regression_generators.OUTLIER_TASK_STEP
    assert q.tolerance == regression_generators.OUTLIER_TASK_TOLERANCE and q.rel_tolerance == 0
    assert q.tolerance < slider.step / explorer.sums.n / 2                  # under half a step's MAE move
    prompts = set()
    for seed in range(40):
        inst = instantiate(q, seed)
        v, prompts = inst.values, prompts | {inst.prompt}
        assert 0 < v["outlier"] <= slider.max
        slider.value = v["outlier"]
        assert slider.value == v["outlier"]                                   # on the grid
        assert math.isclose(explorer.state.rmse, v["rmse"], rel_tol=1e-9) and round(explorer.state.rmse) >= v["target"]
        readout = explorer.readout.value
        shown_mae, base_mae = explorer._amount(explorer.state.mae), explorer._amount(explorer.baseline.mae)
        assert shown_mae in readout and base_mae in readout
        typed = float(shown_mae.replace(",", "")) - float(base_mae.replace(",", ""))
        assert math.isclose(explorer.state.mae - explorer.baseline.mae, inst.answer, rel_tol=1e-9)
        assert grade(inst, typed).correct and grade(inst, f"${typed:,.0f}").correct
        for k in (-1, 1):
            slider.value = v["outlier"] + k * slider.step
            if k == -1:
                assert round(explorer.state.rmse) < v["target"]               # one step early: not there yet
            assert not grade(inst, explorer.state.mae - explorer.baseline.mae).correct, (seed, k)
        assert "rmse-outlier-blind" in grade(inst, v["rmse_rise"]).misconceptions
    assert len(prompts) >= 25                                                 # targets are round thousands


def test_the_ranking_check_question_matches_the_search_scenario_it_follows(bank):
    from mlmetrics_edu import datasets, precision_at_k

    search = datasets.search_queries(seed=0)
    relevant = (search.relevance > 0).astype(int)
    ranked = np.take_along_axis(relevant, np.argsort(-search.scores, axis=1), axis=1)
    text = "\n".join(source(c) for c in main_path(load("05_regression_and_ranking")) if c["cell_type"] == "markdown")
    assert f"{ranked[:, :5].any(axis=1).mean():.1%}" in text                 # 99.5%
    assert f"{precision_at_k(relevant, search.scores, k=1):.0%}" in text     # 43%


# --------------------------------------------------------------------------- content of 05


def markdown_text(stem):
    return "\n".join(source(c) for c in load(stem)["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("stem", sorted(SLOTS))
def test_dollar_amounts_in_markdown_are_text_so_they_never_render_as_math(stem):
    text = re.sub(r"`[^`]*`", "", markdown_text(stem))                      # code spans are literal
    signs = [m.start() for m in re.finditer(r"\$", text)]
    assert not signs, f"{stem}: $ in Markdown at {[text[max(i - 20, 0):i + 10] for i in signs]}; write USD 40k"


def test_ndcg_is_taught_with_the_packages_linear_gains_and_the_exponential_variant_beside_it():
    from sklearn.metrics import ndcg_score as sk_ndcg

    from mlmetrics_edu import datasets, ndcg_score

    search = datasets.search_queries(seed=0)
    for k in (1, 10):
        linear = ndcg_score(search.relevance, search.scores, k=k)
        assert math.isclose(linear, sk_ndcg(search.relevance, search.scores, k=k), rel_tol=1e-9)
        assert abs(linear - ndcg_score(2 ** search.relevance - 1, search.scores, k=k)) > 5e-3
    text = markdown_text("05_regression_and_ranking")
    assert "linear gains" in text and "2^g − 1" in text and "Burges" in text
    assert "graded gains `(2^grade − 1)`" not in text


def test_smape_is_not_offered_as_the_fix_for_zero_sale_days_it_scores_them_at_its_maximum():
    from mlmetrics_edu import symmetric_mean_absolute_percentage_error as smape

    rng = np.random.default_rng(0)
    for _ in range(20):
        forecast = rng.uniform(1e-3, 50, size=10) * rng.choice([-1, 1], size=10)
        assert smape(np.zeros(10), forecast) == 2.0                      # whatever the forecast
    text = markdown_text("05_regression_and_ranking")
    assert "sMAPE does not rescue zero-sale days" in text and "MASE" in text
    assert "sMAPE**, which divides by the average" not in text            # the old list of fixes


def test_mape_asymmetry_is_stated_precisely_and_reconciled_with_the_common_claim():
    from mlmetrics_edu import mean_absolute_percentage_error as mape

    rng = np.random.default_rng(1)
    actual, miss = rng.uniform(1, 100, 50), rng.uniform(0, 1, 50)
    for y, d in zip(actual, miss * actual):
        assert math.isclose(mape([y], [y - d]), mape([y], [y + d]))      # fixed actual: symmetric
        assert mape([y - d], [y]) >= mape([y + d], [y])                  # fixed forecast: over costs more
    text = markdown_text("05_regression_and_ranking")
    assert "For a fixed actual value" in text and "at most 100%" in text and "forecasts **low**" in text
    assert "fixed *forecast*" in text


def test_adjusted_r2_is_defined_and_training_r2_is_what_proves_nothing():
    from sklearn.linear_model import LinearRegression

    from mlmetrics_edu import adjusted_r2_score, r2_score

    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 4))
    y = X @ rng.normal(size=4) + rng.normal(size=40)
    fitted = LinearRegression().fit(X, y).predict(X)
    r2 = r2_score(y, fitted)
    assert math.isclose(adjusted_r2_score(y, fitted, n_features=4), 1 - (1 - r2) * 39 / 35)
    assert math.isclose(r2, np.corrcoef(y, fitted)[0, 1] ** 2)             # in-sample OLS with intercept
    text = markdown_text("05_regression_and_ranking")
    assert "`adjusted R² = 1 − (1 − R²)(n − 1)/(n − p − 1)`" in text
    assert "**training R² proves nothing**" in text
    assert "adjusted R² on the training set proves nothing" not in text
    assert "not a square of anything" not in text and "corr(y, ŷ)²" in text
