"""Notebook 00 (start here), executed once: what it shows is the package's, and it only teaches.

The explorer it shows is read from code, never moved: this test moves it in the kernel.
"""

import numpy as np
import pytest

from hour_checks import assert_cells_only_teach, assert_quoted_numbers_are_shown, missing_numbers
from nbrun import NotebookRun

STEM = "00_start_here"
# The plan tables describe the notebooks they link to; those notebooks' tests check the numbers.
STATED = {"99%", "60%", "92.1%", "92.3%"}


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb00"), timeout=300) as run:
        yield run


def test_no_cell_asserts_reveals_or_moves_an_explorer(nb):
    assert_cells_only_teach(nb)


def test_every_number_quoted_in_markdown_is_shown(nb):
    assert_quoted_numbers_are_shown(nb, STATED)


def test_a_quoted_number_is_shown_at_the_precision_quoted():
    shown = "precision 0.774, recall 0.171, 9900 negatives, accuracy 98.56%, ECE 0.2351"
    assert missing_numbers("77% and 17%, 0.77, 9,900, 98.6% and 0.235", shown) == []
    assert missing_numbers("78%, 0.78, 9,901, 99%, 0.236", shown) == sorted(["78%", "0.78", "9,901", "99%", "0.236"])


def test_the_first_example_is_the_package_s(nb):
    assert "precision 1.0  recall 0.6666666666666666" in nb.output_text()


def test_the_explorer_starts_at_0_5_and_its_state_is_the_package_s_wherever_it_is_set(nb):
    import mlmetrics_edu as mm

    y, s = (np.array(nb.value(f"spam.{name}")) for name in ("y_true", "y_score"))
    assert nb.value("explorer.state.threshold") == 0.5
    assert "threshold 0.5: precision" in nb.output_text()
    for t in (0.5, 0.8):
        nb.run(f"explorer.threshold.value = {t}")
        state = nb.value("[explorer.state.precision, explorer.state.recall]")
        decision = (s >= t).astype(int)
        assert state == pytest.approx([mm.precision_score(y, decision), mm.recall_score(y, decision)])
    nb.run("explorer.threshold.value = 0.5")


def test_the_docstring_notes_and_the_drill_list_are_printed(nb):
    out = nb.output_text()
    for part in ("Formula", "Intuition", "Interview note", "Edge cases"):
        assert part in out, part
    assert "confusion-counts" in out and "accuracy" in out
