"""Notebook 10's section "Choosing k" (issue 20, item 7), checked out of the learner's sight.

The notebook is executed once in a scratch folder (tests/nbrun.py). These tests own the
choosing-k section only: its cells hold no assert and no answer key, it ends with a quiz from
the bank, every number its prose (and its Summary bullet) quotes is in the run's outputs, and
the claims it makes hold in the kernel -- the instruments agree on the blobs, disagree on the
stripes, and on uniform noise only the gap statistic says k = 1 while k-means is still stable.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown,
                             assert_section_ends_with_a_quiz, sections)

STEM = "10_clustering"
HEADING = "Choosing k: the elbow, Calinski-Harabasz, the gap statistic and stability"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    start = time.monotonic()
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb10"), timeout=300) as run:
        run.elapsed = time.monotonic() - start
        yield run


def _section(nb):
    found = dict(sections(nb))
    assert HEADING in found, f"no section {HEADING!r}"
    return found[HEADING]


# --------------------------------------------------------------------------- shape


def test_the_section_holds_no_assert_and_ends_with_a_chain_of_quizzes(nb):
    from mlmetrics_edu.interview.bank import load_bank

    cells = _section(nb)
    assert_no_assert_or_answer_key(nb, cells)
    bank = load_bank()
    ids = assert_section_ends_with_a_quiz(HEADING, cells, bank)
    assert bank[ids[0]].source.endswith("clustering_k.toml") and len(bank.chain(ids[0])) == 3
    order = [h for h, _ in sections(nb)]
    assert order.index(HEADING) == order.index("Summary") - 1


def test_the_section_s_numbers_are_in_the_outputs(nb):
    summary = dict(sections(nb))["Summary"][0].source
    bullet = next(line for line in summary.splitlines() if line.startswith("- **Choosing k**"))
    prose = "\n".join(c.source for c in _section(nb) if c.cell_type == "markdown") + "\n" + bullet
    assert_quoted_numbers_are_shown(prose, nb.output_text())
    for claim in ("k = 4", "k = 1"):                               # the bullet's picks, as printed
        assert claim in nb.output_text()



# --------------------------------------------------------------------------- the claims


def _picks(nb, scores):
    ks = list(range(1, 9))
    return (nb.value(f"clustering.elbow_k(list(k_range), {scores}['inertia'])"),
            ks[int(np.nanargmax(nb.value(f"{scores}['silhouette']")))],
            ks[int(np.nanargmax(nb.value(f"{scores}['calinski_harabasz']")))])


def _calinski_harabasz(X, labels):
    X, labels = np.asarray(X, float), np.asarray(labels)
    n, ks = len(X), np.unique(labels)
    centers = np.array([X[labels == c].mean(axis=0) for c in ks])
    sizes = np.array([np.sum(labels == c) for c in ks])
    between = np.sum(sizes * ((centers - X.mean(axis=0)) ** 2).sum(axis=1))
    within = sum(((X[labels == c] - m) ** 2).sum() for c, m in zip(ks, centers))
    return (between / (len(ks) - 1)) / (within / (n - len(ks)))


def test_the_scores_over_k_are_the_definitions(nb):
    X = np.array(nb.value("X"))
    labels = np.array(nb.value("clustering.kmeans(X, 4, seed=SEED).labels"))
    assert nb.value("clustering.calinski_harabasz_score(X, clustering.kmeans(X, 4, seed=SEED).labels)") == \
        pytest.approx(_calinski_harabasz(X, labels))
    inertia = np.array(nb.value("blob_scores['inertia']"))
    assert np.all(np.diff(inertia) < 0)                              # "inertia always falls"
    assert np.isnan(nb.value("blob_scores['silhouette']")[0])


def test_every_instrument_finds_the_four_blobs(nb):
    assert _picks(nb, "blob_scores") == (4, 4, 4)
    assert nb.value("blob_gap.best_k") == 4
    gap, s = np.array(nb.value("blob_gap.gap")), np.array(nb.value("blob_gap.s"))
    first = next(k for k in range(1, 8) if gap[k - 1] >= gap[k] - s[k])   # Tibshirani's rule
    assert first == 4
    stability = {k: nb.value(f"clustering.clustering_stability(X, {k}, seed=SEED)") for k in (3, 4, 5)}
    assert stability[4] == pytest.approx(1.0) and stability[4] > max(stability[3], stability[5])


def test_the_instruments_disagree_on_the_stripes_and_stability_is_not_truth(nb):
    picks = _picks(nb, "stripe_scores")
    gap_k = nb.value("clustering.gap_statistic(Xa, 8, seed=SEED).best_k")
    assert len(set(picks) | {gap_k}) >= 2
    assert nb.value("clustering.clustering_stability(Xa, 3, seed=SEED)") > 0.8
    assert nb.value("mm.adjusted_rand_score(stripes, clustering.kmeans(Xa, 3, seed=SEED).labels)") < 0.2


def test_on_noise_only_the_gap_statistic_says_one_cluster(nb):
    _, sil_k, ch_k = _picks(nb, "noise_scores")
    assert sil_k > 1 and ch_k > 1
    assert nb.value("clustering.gap_statistic(noise, 8, seed=SEED).best_k") == 1
    assert nb.value("clustering.clustering_stability(noise, 4, seed=SEED)") > 0.8
    printed = nb.output_text()
    assert re.search(rf"silhouette picks k = {sil_k} \(", printed)
