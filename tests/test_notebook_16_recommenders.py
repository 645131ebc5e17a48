"""Notebook 16 (recommenders beyond accuracy), checked out of the learner's sight.

The notebook is executed once in a scratch folder (tests/nbrun.py); the tests then recompute
what it printed from the kernel's data by the definitions (coverage, popularity, novelty,
diversity, click-through by rank, IPS and SNIPS) and check the claims its prose makes: the
popular recommender wins on precision and loses on coverage and novelty, position alone
tilts the clicks, interleaving prefers the truly better ranker, and the estimators from logs
behave as the simulation's known truth says. Shape checks as for every notebook of issue 20.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
import pytest

from nbrun import NotebookRun
from notebook_checks import (assert_no_assert_or_answer_key, assert_quoted_numbers_are_shown,
                             assert_section_ends_with_a_quiz, sections)

STEM = "16_recommenders_beyond_accuracy"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    start = time.monotonic()
    with NotebookRun(STEM, tmp_path_factory.mktemp("nb16"), timeout=300) as run:
        run.elapsed = time.monotonic() - start
        yield run


# --------------------------------------------------------------------------- shape


def test_no_cell_holds_an_assert_or_an_answer_key(nb):
    assert_no_assert_or_answer_key(nb)


def test_every_main_section_ends_with_a_quiz_from_the_bank(nb):
    from mlmetrics_edu.interview.bank import load_bank

    bank = load_bank()
    found = sections(nb)
    assert [h for h, _ in found][-2:] == ["Summary", "Drills"] and len(found) == 5
    asked = [assert_section_ends_with_a_quiz(h, cells, bank) for h, cells in found[:-2]]
    assert all(bank[ids[0]].topic == "recommenders" for ids in asked)
    assert len(bank.chain(asked[-1][0])) == 3          # "a chain of three questions"



STATED = {"0.2"}         # the old policy's exploration rate, a scenario parameter


def test_every_number_quoted_in_markdown_appears_in_the_outputs(nb):
    assert_quoted_numbers_are_shown(nb.markdown_text(), nb.output_text(), STATED)


# --------------------------------------------------------------------------- beyond accuracy


def test_the_list_metrics_follow_their_definitions(nb):
    counts = np.array(nb.value("cat.item_counts"), dtype=float)
    n_users, n_items = nb.value("[n_users, n_items]")
    genres = np.array(nb.value("cat.genres"))
    for name in ("popular", "personal"):
        top = np.array(nb.value(f'lists["{name}"]'))
        assert top.shape == (n_users, 10)
        coverage = nb.value(f'ranking.catalog_coverage(lists["{name}"], n_items)')
        assert coverage == pytest.approx(len(np.unique(top)) / n_items)
        assert nb.value(f'ranking.average_recommendation_popularity(lists["{name}"], cat.item_counts)') == \
            pytest.approx(counts[top].mean())
        novelty = np.mean(-np.log2(counts[top] / n_users))
        assert nb.value(f'ranking.novelty(lists["{name}"], cat.item_counts, n_users)') == pytest.approx(novelty)
        g = genres[top[:3]]                                        # three users, by hand
        per_user = [np.mean([1 - a @ b for a, b in combinations(row, 2)]) for row in g]
        one = nb.value(f'ranking.intra_list_diversity(lists["{name}"][:3], cat.genres)')
        assert one == pytest.approx(np.mean(per_user))


def test_popular_wins_on_accuracy_and_loses_on_coverage_and_novelty(nb):
    p = {n: nb.value(f'ranking.precision_at_k(cat.test, scores["{n}"], k=10)') for n in ("popular", "personal")}
    cov = {n: nb.value(f'ranking.catalog_coverage(lists["{n}"], n_items)') for n in ("popular", "personal")}
    nov = {n: nb.value(f'ranking.novelty(lists["{n}"], cat.item_counts, n_users)') for n in ("popular", "personal")}
    ild = {n: nb.value(f'ranking.intra_list_diversity(lists["{n}"], cat.genres)') for n in ("popular", "personal")}
    assert p["popular"] > p["personal"]
    assert cov["personal"] > 5 * cov["popular"] and nov["personal"] > nov["popular"] + 1
    assert ild["popular"] > ild["personal"]                          # "the metrics disagree"
    assert nb.value('ranking.long_tail_share(lists["popular"], cat.item_counts)') == 0
    seen = np.array(nb.value("cat.train"))
    top = np.array(nb.value('lists["personal"]'))
    assert not np.take_along_axis(seen, top, axis=1).any()          # nobody is recommended what they had


# --------------------------------------------------------------------------- online


def test_random_order_clicks_show_position_bias_alone(nb):
    ctr = np.array(nb.value("ctr"))
    attractiveness = np.array(nb.value("attractiveness"))
    expected = attractiveness.mean() / np.arange(1, 31)              # examination 1/r times the mean appeal
    assert np.abs(ctr - expected).max() < 0.02
    assert np.all(np.diff(ctr[:5]) < 0)


def test_interleaving_prefers_the_ranker_with_more_true_clicks(nb):
    items, teams = np.array(nb.value("items")), np.array(nb.value("teams"))
    a, b = nb.value("ranking_a[:5].tolist()"), nb.value("ranking_b[:5].tolist()")
    assert len(set(items)) == len(items) and set(items) <= set(a) | set(b)
    for team, own in ((0, a), (1, b)):                                # each team's picks keep its order
        picks = [i for i, t in zip(items, teams) if t == team]
        assert picks == [i for i in own if i in picks]
    assert nb.value("clicks_a") > nb.value("clicks_b") and nb.value("delta") > 0


# --------------------------------------------------------------------------- counterfactual


def test_ips_and_snips_are_their_formulas_and_the_naive_estimate_is_biased(nb):
    r = np.array(nb.value("logs.rewards"))
    p0, p1 = np.array(nb.value("logs.logging_propensity")), np.array(nb.value("logs.target_propensity"))
    w = p1 / p0
    assert nb.value("ranking.ips_estimate(*args)") == pytest.approx((w * r).mean())
    assert nb.value("ranking.snips_estimate(*args)") == pytest.approx((w * r).sum() / w.sum())
    assert nb.value("ranking.ips_estimate(*args, clip=40)") == pytest.approx((np.minimum(w, 40) * r).mean())
    truth = nb.value("logs.true_value")
    assert abs(r[p1 == 1].mean() - truth) > 0.03


def test_the_repeats_show_the_bias_variance_trade(nb):
    truth = nb.value("logs.true_value")
    runs = {k: np.array(v) for k, v in nb.value("{k: v.tolist() for k, v in runs.items()}").items()}
    se = {k: v.std() / np.sqrt(v.size) for k, v in runs.items()}
    assert abs(runs["ips"].mean() - truth) < 3 * se["ips"]           # unbiased, within noise
    assert runs["ips_clipped"].mean() < truth - 3 * se["ips_clipped"]  # clipping biases down
    assert runs["ips_clipped"].std() < runs["snips"].std() < runs["ips"].std()
