"""The course in a real browser: what a learner sees in JupyterLab and Notebook 7.

One Jupyter server (on a temporary copy of ``notebooks/``, so autosave never touches the
repository) serves JupyterLab and Notebook 7; headless Debian Chromium is driven by Playwright
(the system executable: no browser download). The kernels import this checkout's package.

* JupyterLab: every notebook runs top to bottom (Run > Run All Cells, several tabs at once)
  and, saved, holds no error output and no cell that did not run. While each tab is still
  open, its first quiz (:mod:`browser.quizzes`: multiple choice, a number or a bug line) is
  answered wrong -- the feedback says so and names the right answer -- then, after Try again,
  right; so no notebook runs twice.
* Rendered Markdown, in both front ends, once MathJax has typeset the page: no maths element
  where the source means none (a dollar amount swallowing a sentence). A scratch notebook with
  real maths shows the check waits for MathJax; a page MathJax never ran on fails it.
* The explorers of notebooks 03, 04 and 05 are driven with the keyboard and the mouse; after
  each action the readout must show what ``mlmetrics_edu`` computes, in this test, from the
  same data the notebook uses. After Run All (JupyterLab and Notebook 7) each shows the value
  its cell starts it at, on the slider and in the kernel's readout.
* A drill ``check(...)`` renders its FAIL and PASS reports; a quiz takes an answer (click an
  option, click Check) and shows its feedback.
* Notebook 7 (after every JupyterLab test: those tabs and kernels are closed first): 03, 04
  and 05 run (Run All); every other notebook runs only the cells its first quiz needs (the
  cells binding the names the quiz cell uses: click the cell, Ctrl+Enter); each notebook's
  first quiz is answered wrong, then right. Notebook 03's threshold explorer takes a value
  typed into the slider's number, arrow keys in its number boxes, and arrow keys on the
  focused slider *handle* (which Notebook 7's cell navigation used to take: see
  ``_SLIDER_KEYS_SCRIPT`` in the widget shell).
* A terminal (File > New > Terminal in JupyterLab) finds ``mlmetrics-edu`` and prints this
  package's version: the server starts as ``mlmetrics-edu lab`` starts Jupyter
  (``lab_environment`` and ``terminal_options``; its output to a file, as with
  ``mlmetrics-edu lab > lab.log``), for a learner who never activated the venv.

The tab being checked is brought to the front first: Chromium gives a background tab no
animation frames, so every click there waits seconds (a learner looks at the tab they use).

Screenshots go to ``test-artifacts/browser/`` (git-ignored): explorer_threshold.png,
explorer_calibration.png, explorer_error.png, quiz.png, quiz_lab_<notebook>.png and
quiz_notebook_<notebook>.png (each quiz after its right answer), drill_check.png,
notebook7_threshold.png, notebook7_arrow_keys.png, terminal.png, and failure_*.png when a step
fails; timings.txt says where the time went. Chromium is installed with apt when it is missing
and this machine allows it (root, apt-get); otherwise the module is skipped with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from browser.jupyter import (REPO, Budget, JupyterServer, NotebookPage, find_or_install_chromium,
                             MATHS_IN_MARKDOWN, launch_chromium, maths_problems, numbers_in,
                             problems_in_saved_notebook, shows)
from browser.quizzes import answer_wrong_then_right, first_quiz

pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[lab]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
CHROMIUM, _why = find_or_install_chromium()
if CHROMIUM is None:
    pytest.skip(f"no Chromium for the browser tests: {_why}", allow_module_level=True)

import mlmetrics_edu as mm  # noqa: E402
from mlmetrics_edu import datasets  # noqa: E402

ARTIFACTS = REPO / "test-artifacts" / "browser"
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
KEEP_OPEN = {"03_thresholds_roc_pr.ipynb", "04_calibration.ipynb", "05_regression_and_ranking.ipynb",
             "06_interview_drills.ipynb", "scratch_drill_check.ipynb"}
PARALLEL_TABS = 3  # notebooks running at once (2 cores: kernels start while others run)
RUN_ALL_BUDGET = 300.0  # a hang guard for every notebook in parallel tabs (times jupyter.SLACK)
SEED = 0

# A scratch notebook: a learner's wrong and right precision, graded by the drill checker.
SCRATCH = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import numpy as np\nfrom mlmetrics_edu.drill import check"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ("def precision(y_true, y_pred):  # divides by the actual positives: that is recall\n"
                    "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
                    "    return float(np.sum((y_true == 1) & (y_pred == 1)) / np.sum(y_true == 1))\n\n"
                    "wrong = check(precision, \"precision\")")},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ("def precision(y_true, y_pred):\n"
                    "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
                    "    if y_true.size == 0:\n        raise ValueError(\"no samples\")\n"
                    "    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
                    "    fp = np.sum((y_pred == 1) & (y_true == 0))\n"
                    "    return 0.0 if tp + fp == 0 else float(tp / (tp + fp))\n\n"
                    "right = check(precision, \"precision\")")},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _fail_with_screenshot(page, what, error):
    shot = page.screenshot_on_failure(ARTIFACTS)
    raise AssertionError(f"{what}: {error}\nprompts {page.prompts()}\nscreenshot {shot}\n"
                         f"server log {page.server.log}") from error


# A scratch notebook for the maths check itself: real maths, plain text, escaped dollars.
MATHS_SCRATCH = {
    "cells": [{"cell_type": "markdown", "metadata": {}, "source": "Maths: $x^2$ and then $$y = 1$$"},
              {"cell_type": "markdown", "metadata": {}, "source": "Plain text, no maths."},
              {"cell_type": "markdown", "metadata": {}, "source": "From \\$400k to \\$40k."},
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "1 + 1"}],
    "metadata": SCRATCH["metadata"], "nbformat": 4, "nbformat_minor": 5,
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(server, browser context): JupyterLab and Notebook 7 on a copy of the course."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    tmp = tmp_path_factory.mktemp("browser")
    root = tmp / "course"
    shutil.copytree(REPO / "notebooks", root)
    (root / "scratch_drill_check.ipynb").write_text(json.dumps(SCRATCH))
    (root / "scratch_maths.ipynb").write_text(json.dumps(MATHS_SCRATCH))
    with JupyterServer(root, tmp) as server:
        server.wait_ready(Budget(60, "starting Jupyter"))
        with sync_api.sync_playwright() as playwright:
            context = launch_chromium(playwright, tmp / "chromium-profile", CHROMIUM)
            try:
                yield server, context
            finally:
                context.close()


@pytest.fixture(scope="module")
def lab(course):
    """Every notebook (and the scratch one) after Run All in JupyterLab, ``PARALLEL_TABS`` at a
    time: ``{name: (page or None, problems)}``; the pages the widget tests need stay open."""
    server, context = course
    budget = Budget(RUN_ALL_BUDGET, "running every notebook in JupyterLab")
    waiting, running, results = NOTEBOOKS + ["scratch_drill_check.ipynb"], [], {}
    maths = MATHS_SEEN["lab"]
    while waiting or running:
        while waiting and len(running) < PARALLEL_TABS:
            page = NotebookPage(context, server, waiting.pop(0))
            try:
                page.open(budget)
                page.run_all(budget)
            except (sync_api.Error, AssertionError) as error:
                _fail_with_screenshot(page, f"{page.name}: opening and Run All", error)
            running.append(page)
        for page in list(running):
            if not page.is_done():
                continue
            running.remove(page)
            try:
                saved = page.save_and_read(budget)
            except (sync_api.Error, AssertionError) as error:
                _fail_with_screenshot(page, f"{page.name}: saving", error)
            problems = problems_in_saved_notebook(saved) + [f"JavaScript error: {e}" for e in page.errors]
            maths[page.name] = maths_problems(page.page, saved)
            if problems or maths[page.name]:
                page.screenshot_on_failure(ARTIFACTS)
            if page.name in NOTEBOOKS and not problems:  # while the tab is open: no second run
                since = time.monotonic()
                QUIZ_SEEN["lab"][page.name] = _quiz_wrong_then_right(page, saved)
                _timing("lab", page.name, ran=since - page.started, quiz=time.monotonic() - since)
            keep = page.name in KEEP_OPEN
            if not keep:
                server.shut_down_kernel(page.name)
                page.page.close()
            results[page.name] = (page if keep else None, problems)
        if running:
            try:
                budget.ms(cap=1)
            except AssertionError as error:
                _fail_with_screenshot(running[0], f"still running: {[p.name for p in running]}", error)
            time.sleep(0.2)
    return results


MATHS_SEEN = {"lab": {}, "notebook": {}}  # notebook -> Markdown cells showing maths nobody meant
QUIZ_SEEN = {"lab": {}, "notebook": {}}  # notebook -> what went wrong answering its first quiz ([]: nothing)


def _timing(ui, name, **seconds):
    """Where the time goes, for whoever tunes these tests: test-artifacts/browser/timings.txt."""
    with open(ARTIFACTS / "timings.txt", "a") as log:
        log.write(f"{ui:9s} {name:40s} " + " ".join(f"{k} {v:5.1f}" for k, v in seconds.items()) + "\n")


def _quiz_wrong_then_right(page, nb):
    """Answer the notebook's first answerable quiz wrong, then (Try again) right: the problems seen."""
    pick = first_quiz(nb)
    if pick is None:
        return ["no quiz(...) cell with a multiple-choice, numeric or bug question and a seed"]
    budget = Budget(60, f"{page.name}: answering quiz {pick.question!r} in {page.ui}")
    page.page.bring_to_front()  # a background tab gets no animation frames: every click would crawl
    cell = page.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(pick.cell)
    out = cell.locator(".jp-OutputArea-output").filter(has=page.page.get_by_role("button", name="Check", exact=True))
    try:
        out.first.wait_for(timeout=budget.ms(60))
        out = out.first
        if "quiz(" not in cell.locator(".jp-InputArea").inner_text(timeout=budget.ms(10)):
            return [f"cell {pick.cell} on the page is not the quiz cell {pick.call}"]
        problems = answer_wrong_then_right(out, pick, lambda: budget.ms(60))
        out.screenshot(path=str(ARTIFACTS / f"quiz_{page.ui}_{Path(page.name).stem}.png"), timeout=budget.ms(30))
    except (sync_api.Error, AssertionError) as error:
        shot = page.screenshot_on_failure(ARTIFACTS)
        return [f"{pick.call} ({pick.kind}, answer {pick.right!r}): {str(error).splitlines()[0]}; screenshot {shot}"]
    return [f"{pick.call}: {p}" for p in problems]


def _page(lab, name):
    page, problems = lab[name]
    assert not problems, f"{name} did not run cleanly: {problems}"
    page.page.bring_to_front()  # the tab a learner looks at (a background tab gets no animation frames)
    return page


# --------------------------------------------------------------------------- reading the widgets


def _explorer(page, slider_label):
    """The first output holding an explorer (a PNG image) with a slider labelled ``slider_label``."""
    p = page.page
    label = p.locator(".widget-label", has_text=re.compile(rf"^{re.escape(slider_label)}( \(.*\))?$"))
    out = p.locator(".jp-OutputArea-output").filter(has=p.locator("img.widget-image")).filter(has=label).first
    out.scroll_into_view_if_needed(timeout=60_000)
    return out


def _slider(explorer, label):
    lab = explorer.page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(label)}( \(.*\))?$"))
    return explorer.locator(".widget-slider, .widget-hslider").filter(has=lab).first


def _readout_rows(explorer):
    """{row name: [cell texts]} of the readout table(s) of an explorer."""
    rows = explorer.locator(".widget-html tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))")
    return {cells[0]: cells[1:] for cells in rows if cells and cells[0]}


def _row(rows, pattern):
    hits = [values for name, values in rows.items() if re.match(pattern, name)]
    assert hits, f"no readout row matching {pattern!r} in {list(rows)}"
    return hits[0]


def _wait_for_readout(explorer, before, timeout=120_000):
    """Wait until the readout differs from ``before`` (the kernel answered), then return it."""
    end = time.monotonic() + timeout / 1000
    while time.monotonic() < end:
        rows = _readout_rows(explorer)
        if rows != before:
            time.sleep(0.3)  # several key presses: let the last answer arrive
            settled = _readout_rows(explorer)
            if settled == rows:
                return rows
            continue
        time.sleep(0.1)
    raise AssertionError(f"the readout did not change: {before}")


def _wait_for_row(explorer, pattern, value, column=0, timeout=120_000):
    """Wait until the readout's row ``pattern`` shows ``value`` (the kernel answered the last
    key press), then return the readout once it stopped changing."""
    end = time.monotonic() + timeout / 1000
    while True:
        rows = _readout_rows(explorer)
        try:
            if shows(_row(rows, pattern)[column], value):
                return _settle(explorer, 0.3)
        except AssertionError:  # the row is not there yet
            pass
        if time.monotonic() > end:
            _check(rows, pattern, value, column)  # fails, saying what is shown
        time.sleep(0.1)


def _settle(explorer, seconds=0.6):
    """The readout, once it stopped changing for ``seconds``."""
    rows, since = _readout_rows(explorer), time.monotonic()
    while time.monotonic() - since < seconds:
        time.sleep(0.1)
        now = _readout_rows(explorer)
        if now != rows:
            rows, since = now, time.monotonic()
    return rows


def _press(locator, *keys, pause=0.15):
    """Focus ``locator`` and press ``keys`` one after the other, as a person does."""
    locator.focus()
    for key in keys:
        locator.page.keyboard.press(key)
        time.sleep(pause)


def _type_into_slider_readout(slider, text):
    """Click the slider's number (editable in ipywidgets 8), type a value, Enter."""
    readout = slider.locator(".widget-readout")
    readout.click()
    readout.page.keyboard.press("Control+a")
    readout.page.keyboard.type(text)
    readout.page.keyboard.press("Enter")


def _type_into_number_box(explorer, label, text):
    lab = explorer.page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(label)}$"))
    box = explorer.locator(".widget-inline-hbox").filter(has=lab).locator("input").first
    box.click()
    box.fill(text)
    box.press("Enter")


def _screenshot(locator, name):
    """Save ``locator`` whole as test-artifacts/browser/``name``: the page grows to fit it."""
    page = locator.page
    size = page.viewport_size
    height = locator.bounding_box()["height"]
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 300)})
    try:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(ARTIFACTS / name))
    finally:
        page.set_viewport_size(size)


def _check(rows, pattern, value, column=0):
    text = _row(rows, pattern)[column]
    assert shows(text, value), f"{pattern}: the readout shows {text!r}, the package computes {value!r}"


# --------------------------------------------------------------------------- every notebook


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_top_to_bottom_in_jupyterlab(lab, name):
    _, problems = lab[name]
    assert not problems, f"{name} after Run All in JupyterLab: {problems}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_quiz_takes_a_wrong_then_the_right_answer_in_jupyterlab(lab, name):
    """After Run All, the notebook's first quiz: a wrong answer is called wrong and the right
    answer named; after Try again, the right answer is called right."""
    _, problems = lab[name]
    assert not problems, f"{name} did not run cleanly: {problems}"
    assert not QUIZ_SEEN["lab"][name], f"{name} in JupyterLab: {QUIZ_SEEN['lab'][name]}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_markdown_cell_renders_maths_only_where_maths_is_meant_in_jupyterlab(lab, name):
    """A dollar amount (\\$400k) is text: no MathJax element swallows the sentence after it."""
    assert not MATHS_SEEN["lab"][name], f"{name} in JupyterLab: {MATHS_SEEN['lab'][name]}"


def test_the_maths_check_waits_for_mathjax_before_it_concludes(course, lab):
    """On a notebook with real maths the check returns only once MathJax has typeset it (both
    spans of cell 0 are maths elements by then), whatever it then finds in the escaped dollars."""
    server, context = course
    page = NotebookPage(context, server, "scratch_maths.ipynb")
    try:
        page.open(Budget(60, "opening scratch_maths.ipynb"))
        problems = maths_problems(page.page, MATHS_SCRATCH)
        cells = page.page.evaluate(MATHS_IN_MARKDOWN)["cells"]
    except (sync_api.Error, AssertionError) as error:
        _fail_with_screenshot(page, "scratch_maths.ipynb", error)
    finally:
        server.shut_down_kernel(page.name)
        page.page.close()
    assert [c["maths"] for c in cells[:2]] == [2, 0], cells
    assert not any(re.match(r"Markdown cell [01]\b", p) for p in problems), problems
    assert cells[2]["maths"] == 0 or problems, (cells, problems)  # a stray one is reported


def test_the_maths_check_fails_where_mathjax_never_ran(course):
    """A page with TeX that nothing typesets: the check says so instead of finding "no stray maths"."""
    _, context = course
    page = context.new_page()
    try:
        page.set_content("<div class='jp-MarkdownCell'><div class='jp-RenderedMarkdown'><p>Maths: $x^2$</p>"
                         "</div></div>")
        nb = {"cells": [{"cell_type": "markdown", "source": "Maths: $x^2$"}]}
        problems = maths_problems(page, nb, seconds=0.5)
    finally:
        page.close()
    assert problems and all("not typeset" in p for p in problems), problems
    assert any("MathJax has not rendered" in p for p in problems), problems
    assert any("0 of the 1 maths spans" in p for p in problems), problems


# --------------------------------------------------------------------------- explorers after Run All


def _explorer_start(name, constructor, keyword, default):
    """The value the notebook's own explorer cell starts a control at (its keyword, or the default)."""
    nb = json.loads((REPO / "notebooks" / name).read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.search(rf"^explorer = {constructor}\(", source, re.M):
            found = re.search(rf"{keyword}=([-\d._]+)", source)
            return float(found.group(1).replace("_", "")) if found else default
    raise AssertionError(f"no `explorer = {constructor}(...)` cell in {name}")


EXPLORERS = [  # notebook, constructor, slider, readout row of its value, keyword, default
    ("03_thresholds_roc_pr.ipynb", "ThresholdExplorer", "threshold", r"threshold", "threshold", 0.5),
    ("04_calibration.ipynb", "CalibrationExplorer", "temperature", r"temperature", "temperature", 1.0),
    ("05_regression_and_ranking.ipynb", "ErrorExplorer", "outlier", None, "outlier", 0.0),
]


def _explorer_start_problems(page, name, constructor, slider, row, keyword, default):
    """The rendered slider and the kernel (the readout it computed) hold the value the explorer's
    cell starts it at: what is wrong (empty: nothing)."""
    expected = _explorer_start(name, constructor, keyword, default)
    explorer = _explorer(page, slider)
    rows = _settle(explorer)
    shown = _slider(explorer, slider).locator(".widget-readout").inner_text()
    problems = [] if shows(shown, expected) else [f"the slider shows {shown}, the cell says {expected}"]
    if row is not None:
        kernel = _row(rows, row)[0]
        if not shows(kernel, expected):
            problems.append(f"the kernel's readout says {kernel}, the cell says {expected}")
    else:  # the error explorer: the last column (with the outlier) equals the first (without it)
        mae = _row(rows, r"MAE")
        if mae[0] != mae[-1]:
            problems.append(f"the outlier is not 0 after Run All: MAE {mae}")
    return problems


@pytest.mark.parametrize("name, constructor, slider, row, keyword, default", EXPLORERS)
def test_after_run_all_each_explorer_shows_what_its_cell_says(lab, name, constructor, slider, row, keyword,
                                                              default):
    """The rendered slider and the kernel (the readout it computed) hold the value the explorer's
    cell starts it at: no cell behind the learner's back, no rounded value sent back."""
    page = _page(lab, name)
    problems = _explorer_start_problems(page, name, constructor, slider, row, keyword, default)
    assert not problems, f"{name} in JupyterLab: {problems}"


# --------------------------------------------------------------------------- notebook 03


def _weights(y_true, prevalence):
    """Each positive counts prevalence n / P times, each negative (1 - prevalence) n / N."""
    y = np.asarray(y_true)
    n, positives = y.size, y.sum()
    return np.where(y == 1, prevalence * n / positives, (1 - prevalence) * n / (n - positives))


def test_threshold_explorer_follows_keyboard_and_mouse(lab):
    page = _page(lab, "03_thresholds_roc_pr.ipynb")
    crossing = datasets.pedestrian_crossing(seed=SEED)
    y, score = crossing.y_true, crossing.y_score
    explorer = _explorer(page, "threshold")
    assert "Loading widget" not in explorer.inner_text()

    # mouse and keyboard: type new costs into the boxes, a prevalence into the slider's number
    _type_into_number_box(explorer, "cost of a FP", "2")
    _type_into_number_box(explorer, "cost of a FN", "30")
    _type_into_slider_readout(_slider(explorer, "prevalence"), "0.05")
    weights = _weights(y, 0.05)
    rows = _settle(explorer)
    _check(rows, r"prevalence", 0.05)

    # mouse: the button moves to the cost-optimal threshold (a value with the optimum's decisions)
    explorer.get_by_role("button", name=re.compile("cost-optimal")).click()
    best = mm.cost_optimal_threshold(y, score, cost_fp=2, cost_fn=30, sample_weight=weights)
    rows = _wait_for_readout(explorer, rows)
    _check(rows, r"cost-optimal threshold", best.threshold)
    _check_threshold_readout(explorer, rows, y, score, weights, 2, 30)
    tp, fp = _row(rows, r"TP / FP")[0].split("/")
    assert shows(tp, best.tp) and shows(fp, best.fp), (rows, best)
    _check(rows, r"expected cost", best.cost)
    _screenshot(explorer, "explorer_threshold.png")

    # keyboard: Home flags everything; then 2 x PageUp and 3 x ArrowRight raise the threshold
    handle = _slider(explorer, "threshold").locator(".noUi-handle").first
    _press(handle, "Home")
    rows = _wait_for_row(explorer, r"recall", 1.0)
    lowest = _check_threshold_readout(explorer, rows, y, score, weights, 2, 30)
    assert lowest <= score.min(), rows
    _press(handle, "PageUp", "PageUp", "ArrowRight", "ArrowRight", "ArrowRight")
    _wait_for_readout(explorer, rows)
    rows = _settle(explorer, 1.0)
    threshold = _check_threshold_readout(explorer, rows, y, score, weights, 2, 30)
    assert threshold > lowest, (lowest, rows)


def _shown_value(text):
    """The exact value a readout cell shows: "0.0129" or "0.013 (exactly 0.0129201592)"."""
    return numbers_in(text)[-1][0]


def _check_threshold_readout(explorer, rows, y, score, weights, cost_fp, cost_fn):
    """The readout's numbers are the package's at the threshold it shows, and the slider shows
    that same threshold; returns the threshold."""
    threshold = _shown_value(_row(rows, r"threshold")[0])
    slider_text = _slider(explorer, "threshold").locator(".widget-readout").inner_text()
    assert shows(slider_text, threshold), f"the slider shows {slider_text}, the readout {threshold}"
    point = mm.counts_at_threshold(mm.threshold_sweep(y, score, sample_weight=weights), threshold,
                                   zero_division=0.0)
    for pattern, value in ((r"precision", point.precision), (r"recall", point.recall), (r"F1", point.f1),
                           (r"FPR", point.fpr), (r"specificity", point.specificity),
                           (r"expected cost", (cost_fp * point.fp + cost_fn * point.fn) / y.size)):
        _check(rows, pattern, value)
    tp, fp = _row(rows, r"TP / FP")[0].split("/")
    assert shows(tp, point.tp) and shows(fp, point.fp), (rows, point)
    return threshold


# --------------------------------------------------------------------------- notebook 04


def _top_label(logits, y_true, temperature):
    z = logits / temperature
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return (p.argmax(axis=1) == y_true).astype(int), p.max(axis=1)


def test_calibration_explorer_follows_keyboard_and_mouse(lab):
    page = _page(lab, "04_calibration.ipynb")
    signs = datasets.overconfident_classifier(seed=SEED)
    n = signs.y_true.size
    split = np.random.default_rng(0).permutation(n)  # the explorer's documented split: seed 0, half
    fit, evaluated = np.sort(split[: n // 2]), np.sort(split[n // 2:])
    explorer = _explorer(page, "bins")

    # mouse: "uniform" bins, no recalibration (whatever the notebook left)
    explorer.get_by_role("button", name="uniform", exact=True).click()
    explorer.get_by_role("button", name="none", exact=True).click()
    # keyboard: the bins slider to 2 (Home), then 13 steps right: 15 bins
    _press(_slider(explorer, "bins").locator(".noUi-handle").first, "Home", *["ArrowRight"] * 13)
    # keyboard: temperature (log slider, exponent step 0.01) to 10^-1 (Home), then 10 x PageUp: 10^-0.5
    _press(_slider(explorer, "temperature").locator(".noUi-handle").first, "Home", *["PageUp"] * 10)
    temperature = 10 ** -0.5
    rows = _wait_for_row(explorer, r"temperature", temperature)
    correct, confidence = _top_label(signs.logits[evaluated], signs.y_true[evaluated], temperature)
    _check(rows, r"temperature", temperature)
    _check(rows, r"ECE", mm.expected_calibration_error(correct, confidence, n_bins=15))
    _check(rows, r"MCE", mm.maximum_calibration_error(correct, confidence, n_bins=15))
    _check(rows, r"Brier", mm.brier_score_loss(correct, confidence))
    assert re.match(r"15 uniform", _row(rows, r"bins")[0]), rows

    # mouse: quantile bins
    explorer.get_by_role("button", name="quantile", exact=True).click()
    rows = _wait_for_readout(explorer, rows)
    _check(rows, r"ECE", mm.expected_calibration_error(correct, confidence, n_bins=15, strategy="quantile"))

    # mouse: fit T on the calibration part (temperature scaling on the other half)
    explorer.get_by_role("button", name="uniform", exact=True).click()
    rows = _wait_for_readout(explorer, rows)
    explorer.get_by_role("button", name=re.compile("fit T")).click()
    fitted = mm.TemperatureScaling().fit(signs.logits[fit], signs.y_true[fit]).temperature_
    rows = _wait_for_readout(explorer, rows)
    _check(rows, r"fitted temperature", fitted)
    on_slider = 10 ** (round(100 * np.log10(fitted)) / 100)  # the slider's grid point nearest it
    _check(rows, r"temperature", on_slider)
    correct, confidence = _top_label(signs.logits[evaluated], signs.y_true[evaluated], on_slider)
    _check(rows, r"ECE", mm.expected_calibration_error(correct, confidence, n_bins=15))

    # mouse: Platt scaling, fitted on the log-odds of the calibration part's forecast
    explorer.get_by_role("button", name="platt", exact=True).click()
    rows = _wait_for_readout(explorer, rows)
    fit_correct, fit_confidence = _top_label(signs.logits[fit], signs.y_true[fit], on_slider)
    fit_confidence = np.clip(fit_confidence, 1e-15, 1 - 1e-15)
    confidence = np.clip(confidence, 1e-15, 1 - 1e-15)
    platt = mm.PlattScaling().fit(np.log(fit_confidence / (1 - fit_confidence)), fit_correct)
    recalibrated = platt.transform(np.log(confidence / (1 - confidence)))
    _check(rows, r"ECE", mm.expected_calibration_error(correct, recalibrated, n_bins=15))
    _screenshot(explorer, "explorer_calibration.png")


# --------------------------------------------------------------------------- notebook 05


def test_error_explorer_follows_keyboard_and_mouse(lab):
    page = _page(lab, "05_regression_and_ranking.ipynb")
    houses = datasets.house_prices(seed=SEED)
    keep = ~houses.is_outlier
    y, y_hat = houses.y_true[keep], houses.y_pred[keep]
    explorer = _explorer(page, "outlier")
    slider = _slider(explorer, "outlier")
    handle = slider.locator(".noUi-handle").first
    index = int(re.search(r"sample (\d+)", explorer.locator(".widget-html").first.inner_text()).group(1))

    def expect(outlier, rows):
        changed = y.copy()
        changed[index] += outlier
        _check(rows, r"MAE", mm.mean_absolute_error(changed, y_hat), column=-1)
        _check(rows, r"RMSE", mm.root_mean_squared_error(changed, y_hat), column=-1)
        _check(rows, r"R²", mm.r2_score(changed, y_hat), column=-1)
        _check(rows, r"Huber", mm.huber_loss(changed, y_hat, delta=50_000), column=-1)
        _check(rows, r"MAE", mm.mean_absolute_error(y, y_hat), column=0)  # the no-outlier column

    _press(handle, "Home")
    rows = _wait_for_row(explorer, r"MAE", mm.mean_absolute_error(y, y_hat), column=-1)
    expect(0.0, rows)
    # keyboard: End, then read the slider's top value (a round number) from its readout
    _press(handle, "End")
    rows = _wait_for_readout(explorer, rows)
    top = float(slider.locator(".widget-readout").inner_text().replace(",", ""))
    expect(top, rows)
    # keyboard and mouse: type 250000 into the slider's number
    _type_into_slider_readout(slider, "250000")
    rows = _wait_for_readout(explorer, rows)
    shown = float(slider.locator(".widget-readout").inner_text().replace(",", ""))
    assert shown == 250_000, f"typed 250000, the slider shows {shown}"
    expect(250_000.0, rows)
    _screenshot(explorer, "explorer_error.png")


# --------------------------------------------------------------------------- drill check, quiz


def test_drill_check_renders_its_fail_and_pass_reports(lab):
    page = _page(lab, "scratch_drill_check.ipynb")
    outputs = page.page.locator(".jp-CodeCell .jp-OutputArea-output")
    fail = outputs.filter(has_text=re.compile(r"^\s*FAIL")).first
    passed = outputs.filter(has_text=re.compile(r"^\s*PASS")).first
    fail.wait_for(timeout=60_000)
    passed.wait_for(timeout=60_000)
    assert "precision" in fail.inner_text() and "precision" in passed.inner_text()
    # rendered HTML (a coloured report), not printed text
    assert fail.locator("div[style*='border-left']").count() == 1
    assert passed.locator("div[style*='border-left']").count() == 1
    fail.scroll_into_view_if_needed()
    _screenshot(fail, "drill_check.png")


def _quiz_output(page, question_id):
    from mlmetrics_edu.interview.bank import instantiate, load_bank

    inst = instantiate(load_bank()[question_id], seed=SEED)
    words = " ".join(re.sub(r"[`*$\\]", "", inst.prompt).split()[:5])
    p = page.page
    out = p.locator(".jp-OutputArea-output").filter(has=p.get_by_role("button", name="Check", exact=True))
    out = out.filter(has_text=words).first
    out.scroll_into_view_if_needed(timeout=60_000)
    return out, inst


def test_quiz_takes_an_answer_and_shows_feedback(lab):
    page = _page(lab, "03_thresholds_roc_pr.ipynb")
    # a wrong option first: the feedback names the right one
    out, inst = _quiz_output(page, "ap-vs-trapezoid")
    wrong = next(i for i in range(len(inst.options)) if i != inst.correct_choice)
    out.get_by_role("button", name="abcde"[wrong], exact=True).click()
    out.get_by_role("button", name="Check", exact=True).click()
    feedback = out.get_by_text("Not quite")
    feedback.wait_for(timeout=60_000)
    assert f"The answer is {'abcde'[inst.correct_choice]})" in out.inner_text()
    _screenshot(out, "quiz.png")
    # the right option on the next quiz
    out, inst = _quiz_output(page, "precision-at-recall-vs-highest-threshold")
    out.get_by_role("button", name="abcde"[inst.correct_choice], exact=True).click()
    out.get_by_role("button", name="Check", exact=True).click()
    out.get_by_text("Right").first.wait_for(timeout=60_000)


# --------------------------------------------------------------------------- Notebook 7


NOTEBOOK7_RUN_ALL = [e[0] for e in EXPLORERS]  # the rest run only the cells their quiz needs
NOTEBOOK7_KEEP = "03_thresholds_roc_pr.ipynb"  # the Notebook 7 explorer tests drive it afterwards

# Each cell at the given indices shows [n]: (it ran), or an error output stopped it.
_CELLS_RAN = r"""(indices) => {
    const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')];
    return indices.every(i => {
        const cell = cells[i];
        if (!cell) return false;
        if ([...cell.querySelectorAll('.jp-OutputArea-output')]
            .some(o => o.textContent.includes('Traceback (most recent call last)'))) return true;
        const prompt = cell.querySelector('.jp-InputPrompt');
        return !!prompt && /^\[\d+\]:$/.test(prompt.textContent.trim());
    });
}"""

_CELL_QUEUED = r"""(i) => {  // the cell ran, or waits for the kernel
    const cell = document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')[i];
    return /^\[(\*|\d+)\]:$/.test(cell.querySelector('.jp-InputPrompt').textContent.trim());
}"""


class _Notebook7Visit:
    """One notebook in Notebook 7: opened, then Run All (03, 04, 05) or only the cells its quiz
    needs (click the cell, Ctrl+Enter, as a learner runs one cell)."""

    def __init__(self, server, context, name):
        self.name, self.nb = name, json.loads((server.root / name).read_text())
        self.pick = first_quiz(self.nb)
        self.page = NotebookPage(context, server, name, ui="notebook")
        self.run_all = name in NOTEBOOK7_RUN_ALL
        self.cells = list(self.pick.needs) if self.pick and not self.run_all else []

    def start(self, budget):
        self.since = time.monotonic()
        self.page.open(budget)
        self.opened = time.monotonic()
        # Notebook 7's own start-up raises two errors with no notebook involved ("reading
        # 'schema'", "filebrowser:open-path not registered"): count only what happens from here.
        self.page.errors.clear()
        if self.run_all:
            self.page.run_all(budget)
            return
        p = self.page.page
        for index in self.cells:
            cell = p.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(index)
            for attempt in range(3):  # a key press the page drops while it settles: press again
                cell.locator(".jp-InputPrompt").first.click(timeout=budget.ms(10))
                p.keyboard.press("Control+Enter")
                try:
                    p.wait_for_function(_CELL_QUEUED, arg=index, timeout=budget.ms(5), polling=100)
                    break
                except sync_api.TimeoutError:
                    if attempt == 2:
                        raise AssertionError(f"{self.name}: Ctrl+Enter on cell {index} ran nothing") from None

    def is_done(self):
        return self.page.is_done() if self.run_all else self.page.page.evaluate(_CELLS_RAN, self.cells)

    def finish(self, server, budget):
        """Everything checked on the open page: {check: problems}."""
        page, found = self.page, {}
        page.page.bring_to_front()  # the tab a learner looks at (a background tab gets no animation frames)
        if self.run_all:
            saved = page.save_and_read(budget)
            found["run"] = problems_in_saved_notebook(saved)
        else:
            outputs = page.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell .jp-OutputArea-output")
            found["run"] = [f"a cell the quiz needs failed: {t[-300:]}" for t in outputs.all_inner_texts()
                            if "Traceback (most recent call last)" in t]
        found["run"] += [f"JavaScript error: {e}" for e in page.errors]
        found["maths"] = maths_problems(page.page, self.nb)
        for name, *rest in EXPLORERS:
            if name == self.name:
                found["explorer"] = _explorer_start_problems(page, name, *rest)
        found["quiz"] = _quiz_wrong_then_right(page, self.nb) if not found["run"] else ["did not run"]
        if any(found.values()):
            page.screenshot_on_failure(ARTIFACTS)
        return found


@pytest.fixture(scope="module")
def notebook7_course(course, lab):
    """Every notebook in Notebook 7 (after every JupyterLab test: those tabs and kernels are
    closed first), ``PARALLEL_TABS`` at a time: 03, 04 and 05 after Run All, the others after
    running only what their first quiz needs. ``{name: {check: problems}}`` with the checks
    run, maths, explorer (03-05) and quiz; 03's page stays open for the explorer tests."""
    server, context = course
    for name, (page, _) in lab.items():
        if page is not None and not page.page.is_closed():
            page.page.close()
        server.shut_down_kernel(name)
    budget = Budget(RUN_ALL_BUDGET, "every notebook in Notebook 7")
    waiting = NOTEBOOK7_RUN_ALL + [n for n in NOTEBOOKS if n not in NOTEBOOK7_RUN_ALL]
    running, results = [], {}
    while waiting or running:
        while waiting and len(running) < PARALLEL_TABS:
            visit = _Notebook7Visit(server, context, waiting.pop(0))
            try:
                visit.start(budget)
            except (sync_api.Error, AssertionError) as error:
                _fail_with_screenshot(visit.page, f"{visit.name} in Notebook 7: opening and running", error)
            running.append(visit)
        for visit in list(running):
            if not visit.is_done():
                continue
            running.remove(visit)
            done = time.monotonic()
            try:
                results[visit.name] = visit.finish(server, budget)
            except (sync_api.Error, AssertionError) as error:
                _fail_with_screenshot(visit.page, f"{visit.name} in Notebook 7: checking", error)
            _timing("notebook7", visit.name, open=visit.opened - visit.since, ran=done - visit.opened,
                    checks=time.monotonic() - done)
            results[visit.name]["page"] = visit.page
            if visit.name != NOTEBOOK7_KEEP:
                server.shut_down_kernel(visit.name)
                visit.page.page.close()
        if running:
            try:
                budget.ms(cap=1)
            except AssertionError as error:
                _fail_with_screenshot(running[0].page, f"still running: {[v.name for v in running]}", error)
            time.sleep(0.2)
    return results


@pytest.fixture(scope="module")
def notebook7(notebook7_course):
    """Notebook 03 after Run All in Notebook 7: (page, problems)."""
    found = notebook7_course[NOTEBOOK7_KEEP]
    found["page"].page.bring_to_front()
    return found["page"], found["run"]


def test_every_markdown_cell_renders_maths_only_where_maths_is_meant_in_notebook7(notebook7_course):
    """The same in Notebook 7, every notebook opened, once MathJax has typeset it."""
    bad = {name: found["maths"] for name, found in notebook7_course.items() if found["maths"]}
    assert not bad, f"Notebook 7 renders maths nobody meant: {bad}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_quiz_takes_a_wrong_then_the_right_answer_in_notebook7(notebook7_course, name):
    """Only the cells the quiz needs ran (03-05: Run All); its first quiz: wrong, then right."""
    found = notebook7_course[name]
    assert not found["run"], f"{name} in Notebook 7: {found['run']}"
    assert not found["quiz"], f"{name} in Notebook 7: {found['quiz']}"


@pytest.mark.parametrize("name", NOTEBOOK7_RUN_ALL)
def test_after_run_all_each_explorer_shows_what_its_cell_says_in_notebook7(notebook7_course, name):
    found = notebook7_course[name]
    assert not found["run"], f"{name} after Run All in Notebook 7: {found['run']}"
    assert not found["explorer"], f"{name} after Run All in Notebook 7: {found['explorer']}"


def test_notebook7_runs_notebook_03(notebook7):
    _, problems = notebook7
    assert not problems, problems


def _explorer_settings(explorer, rows, y):
    """(weights, cost_fp, cost_fn) the threshold explorer shows: prevalence and the cost boxes."""
    prevalence = _shown_value(_row(rows, r"prevalence")[0])
    weights = np.ones(y.size) if abs(prevalence - y.mean()) < 1e-4 else _weights(y, prevalence)
    cost_fp, cost_fn = (float(v) for v in explorer.locator(".widget-inline-hbox input").evaluate_all(
        "boxes => boxes.map(b => b.value)"))
    return weights, cost_fp, cost_fn


def test_notebook7_explorer_takes_typed_values_and_arrow_keys_in_its_boxes(notebook7):
    page, problems = notebook7
    assert not problems, problems
    crossing = datasets.pedestrian_crossing(seed=SEED)
    y, score = crossing.y_true, crossing.y_score
    explorer = _explorer(page, "threshold")
    rows = _settle(explorer)
    # keyboard: click the slider's number, type a threshold, Enter
    _type_into_slider_readout(_slider(explorer, "threshold"), "0.3")
    rows = _wait_for_row(explorer, r"threshold", 0.3)
    weights, cost_fp, cost_fn = _explorer_settings(explorer, rows, y)
    _check_threshold_readout(explorer, rows, y, score, weights, cost_fp, cost_fn)
    # keyboard: ArrowUp twice in the "cost of a FP" box (step 0.5), Enter
    lab = page.page.locator(".widget-label", has_text=re.compile(r"^cost of a FP$"))
    box = explorer.locator(".widget-inline-hbox").filter(has=lab).locator("input").first
    box.click()
    box.press("ArrowUp")
    box.press("ArrowUp")
    box.press("Enter")
    rows = _wait_for_readout(explorer, rows)
    rows = _settle(explorer)
    weights, new_fp, cost_fn = _explorer_settings(explorer, rows, y)
    assert new_fp == cost_fp + 1.0, (cost_fp, new_fp)
    _check_threshold_readout(explorer, rows, y, score, weights, new_fp, cost_fn)
    best = mm.cost_optimal_threshold(y, score, cost_fp=new_fp, cost_fn=cost_fn, sample_weight=weights)
    _check(rows, r"cost-optimal threshold", best.threshold)
    _screenshot(explorer, "notebook7_threshold.png")


def test_notebook7_slider_handle_follows_the_arrow_keys(notebook7):
    page, problems = notebook7
    assert not problems, problems
    crossing = datasets.pedestrian_crossing(seed=SEED)
    y, score = crossing.y_true, crossing.y_score
    explorer = _explorer(page, "threshold")
    cell = page.page.locator(".jp-CodeCell").filter(has=explorer)
    cell.locator(".jp-InputPrompt").first.click()  # the explorer's cell becomes the active cell
    handle = _slider(explorer, "threshold").locator(".noUi-handle").first
    handle.click()  # what a learner does: click the handle, then use the arrow keys
    _press(handle, "Home", pause=0.4)
    rows = _wait_for_row(explorer, r"recall", 1.0)
    lowest = _shown_value(_row(rows, r"threshold")[0])
    handle.page.keyboard.press("ArrowRight")
    time.sleep(0.4)
    handle.page.keyboard.press("ArrowRight")
    time.sleep(0.4)
    focused = page.page.evaluate("() => document.activeElement.className")
    _screenshot(explorer, "notebook7_arrow_keys.png")
    assert "noUi-handle" in focused, f"the arrow keys moved the focus to {focused!r}"
    _wait_for_readout(explorer, rows)
    rows = _settle(explorer, 1.0)
    weights, cost_fp, cost_fn = _explorer_settings(explorer, rows, y)
    assert _check_threshold_readout(explorer, rows, y, score, weights, cost_fp, cost_fn) > lowest


# --------------------------------------------------------------------------- a terminal


_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)|\x1b[()][A-Z0-9]|\r")


def test_a_terminal_in_jupyterlab_runs_the_course_command(course):
    """File > New > Terminal in JupyterLab, then `mlmetrics-edu --version`, typed: the course's
    command is found (the server starts as `mlmetrics-edu lab` starts Jupyter, with
    `lab_environment` and `terminal_options`, its output to a file, for a learner who never
    activated the virtual environment) and prints this package's version. What the terminal shows is read from the
    frames its websocket brings the page (xterm.js draws on a canvas)."""
    server, context = course
    page = context.new_page()
    received = []

    def on_websocket(ws):
        if "/terminals/websocket/" in ws.url:
            ws.on("framereceived", lambda payload: received.append(payload))

    page.on("websocket", on_websocket)

    def shown():
        out = []
        for frame in list(received):
            try:
                message = json.loads(frame)
            except (TypeError, ValueError):
                continue
            if isinstance(message, list) and len(message) == 2 and message[0] == "stdout":
                out.append(message[1])
        return _ANSI.sub("", "".join(out))

    def wait_for(condition, what, budget):
        while not condition():
            try:
                budget.ms(cap=1)
            except AssertionError as error:
                raise AssertionError(f"{what}; the terminal shows {shown()[-600:]!r}") from error
            page.wait_for_timeout(100)  # poll the frames received so far

    budget = Budget(60, "a terminal in JupyterLab")
    try:
        page.goto(server.url("lab/workspaces/terminal") + "&reset", timeout=budget.ms(30))
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click(timeout=budget.ms(30))
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^New$")).click(timeout=budget.ms(10))
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Terminal$")).click(timeout=budget.ms(10))
        terminal = page.locator(".jp-Terminal .xterm").first
        terminal.wait_for(timeout=budget.ms(30))
        wait_for(lambda: shown().strip(), "no shell prompt", budget)
        terminal.click(timeout=budget.ms(10))
        page.keyboard.type("mlmetrics-edu --version; echo finished-$((6*7))")
        page.keyboard.press("Enter")
        wait_for(lambda: "finished-42" in shown(), "the command did not finish", budget)
        page.locator(".jp-Terminal").first.screenshot(path=str(ARTIFACTS / "terminal.png"), timeout=budget.ms(10))
    except (sync_api.Error, AssertionError) as error:
        shot = ARTIFACTS / "failure_lab_terminal.png"
        page.screenshot(path=str(shot))
        raise AssertionError(f"{error}\nscreenshot {shot}\nserver log {server.log}") from error
    finally:
        for terminal_model in server.api("api/terminals"):
            server.api(f"api/terminals/{terminal_model['name']}", method="DELETE")
        page.close()
    output = shown().split("finished-$((6*7))", 1)[-1].split("finished-42", 1)[0]
    assert "not found" not in output, f"the terminal does not find the course's command: {output!r}"
    assert f"mlmetrics-edu {mm.__version__}" in output, (
        f"the terminal shows {output!r}, not the version {mm.__version__}")
