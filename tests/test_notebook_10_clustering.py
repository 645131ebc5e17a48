"""Notebook 10 (clustering), checked out of the learner's sight: every section but "Choosing k".

The notebook teaches; this file tests (DESIGN.md, issue 18). It executes the notebook once in a
scratch folder (tests/nbrun.py) and asserts on the kernel's state: every check the notebook's
cells used to carry, the metrics against scikit-learn, the notebook's shape (no ``assert``, no
answer key, every main section ending with a quiz from the bank) and every number the prose
quotes being in an output of the run. The section "Choosing k" has its own tests in
tests/test_notebook_10_choosing_k.py.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_every_main_section_ends_with_a_quiz, assert_holds,
                             assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown)

STEM = "10_clustering"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb10all"), timeout=300) as run:
        yield run


# --------------------------------------------------------------------------- the notebook's shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_on_clustering(nb):
    from mlmetrics_edu.interview.bank import load_bank

    asked = assert_every_main_section_ends_with_a_quiz(nb)
    assert list(asked)[:4] == ["Round blobs: every metric agrees", "Where silhouette misleads: two moons",
                               "Choosing k with silhouette, and checking it against the truth",
                               "ARI and the raw Rand index on random labelings"]
    bank = load_bank()
    assert all(bank[qid].topic == "clustering" for ids in asked.values() for qid in ids)


STATED = {"0.5"}  # ARI's lower bound, from its definition


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- round blobs


def test_every_metric_agrees_on_the_blobs_and_equals_scikit_learn(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    assert_holds(nb, "sil > 0.75", "db < 0.3", "ari == 1.0")
    X, found, truth = (np.array(nb.value(v)) for v in ("X", "found", "truth"))
    assert nb.value("sil") == pytest.approx(metrics.silhouette_score(X, found))
    assert nb.value("db") == pytest.approx(metrics.davies_bouldin_score(X, found))
    assert nb.value("ari") == pytest.approx(metrics.adjusted_rand_score(truth, found))


def test_ari_ignores_label_names(nb):
    assert_holds(nb, "mm.adjusted_rand_score(truth, renamed) == 1.0", "np.mean(truth == renamed) == 0.0")


def test_moved_points_have_negative_silhouettes(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    assert_holds(nb, "(s[victims] < 0).all()", "s.mean() < mm.silhouette_score(X, truth)")
    assert nb.value("s") == pytest.approx(metrics.silhouette_samples(np.array(nb.value("X")),
                                                                     np.array(nb.value("moved"))).tolist())


# --------------------------------------------------------------------------- two moons, choosing k


def test_internal_metrics_prefer_the_wrong_cut_of_the_moons(nb):
    assert_holds(nb, "mm.silhouette_score(Xm, moon) < mm.silhouette_score(Xm, cut)",
                 "mm.davies_bouldin_score(Xm, moon) > mm.davies_bouldin_score(Xm, cut)",
                 "mm.adjusted_rand_score(moon, cut) < 0.35")


def test_silhouette_finds_the_four_blobs(nb):
    assert_holds(nb, "best_k == 4", "max(blob_ari) == blob_ari[best_k - 2] == 1.0")


def test_silhouette_misses_the_three_stripes(nb):
    assert_holds(nb, "ks[int(np.argmax(stripe_sil))] == 2", "true_sil < min(stripe_sil)", "ari_k3 < 0.1")


# --------------------------------------------------------------------------- Rand index and ARI


def test_a_random_labeling_scores_a_high_rand_index_and_an_ari_near_zero(nb):
    printed = re.findall(r"k = +(\d+): Rand index ([\d.]+) +ARI ([-+][\d.]+)", nb.output_text())
    assert [int(k) for k, _, _ in printed] == [2, 5, 10]                # the notebook's own draws
    assert all(float(ri) > 0.45 and abs(float(ari)) < 0.02 for _, ri, ari in printed)
    assert float(printed[-1][1]) > 0.8                                  # k = 10: over 80% of the pairs "agree"
    assert_holds(nb, "rand_index > 0.8", "abs(ari_random) < 0.02")


def test_the_rand_index_from_its_definition_equals_scikit_learn(nb):
    metrics = pytest.importorskip("sklearn.metrics")
    out = nb.run("""
import json as _json
_rng = np.random.default_rng(2026)
for _k in (2, 5, 10):
    _t, _p = _rng.integers(0, _k, 300), _rng.integers(0, _k, 300)
    _agree = (_t[:, None] == _t[None, :]) == (_p[:, None] == _p[None, :])
    print(_json.dumps([float(_agree[iu].mean()), mm.adjusted_rand_score(_t, _p), _t.tolist(), _p.tolist()]))
""")
    for line in out.strip().splitlines():
        ri, ari, t, p = json.loads(line)
        assert ri == pytest.approx(metrics.rand_score(t, p))
        assert ari == pytest.approx(metrics.adjusted_rand_score(t, p))


def test_ari_goes_negative_for_a_worse_than_chance_labeling(nb):
    assert nb.value("mm.adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1])") == -0.5
