"""Recommenders beyond accuracy: coverage, diversity, novelty, popularity bias; position bias and
team-draft interleaving.

Each metric equals a brute-force loop written from its paper's definition (and, for cosine
diversity, scikit-learn's ``cosine_distances``) on seeded random lists; the click model and
interleaving are checked against the truth of the simulation they draw from.
"""

import itertools
import math
import warnings

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_distances

from mlmetrics_edu import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.ranking import (
    average_recommendation_popularity,
    catalog_coverage,
    examination_probability,
    interleaving_preference,
    intra_list_diversity,
    long_tail_share,
    novelty,
    simulate_clicks,
    team_draft_interleave,
)


def lists_case(seed):
    """(recommendations, n_items, item_counts, n_users, features) of one seeded random case."""
    rng = np.random.default_rng(seed)
    n_items = int(rng.integers(3, 60))
    k = int(rng.integers(2, min(n_items, 10) + 1))
    n_users = int(rng.integers(1, 40))
    popularity = rng.zipf(1.5, n_items).astype(float)
    p = popularity / popularity.sum()
    recs = np.array([rng.choice(n_items, size=k, replace=False, p=p) for _ in range(n_users)])
    pool = n_users + int(rng.integers(0, 50))
    counts = np.minimum(rng.poisson(popularity * 3) + 1, pool)
    features = (rng.random((n_items, int(rng.integers(1, 8)))) < 0.4).astype(float)
    if seed % 3 == 0:
        features = rng.normal(size=features.shape)
    return recs, n_items, counts, pool, features


SEEDS = range(30)


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("seed", SEEDS)
def test_catalog_coverage_equals_the_size_of_the_union_of_the_lists(seed):
    recs, n_items, *_ = lists_case(seed)
    shown = set(itertools.chain.from_iterable(recs.tolist()))
    assert catalog_coverage(recs, n_items) == pytest.approx(len(shown) / n_items, abs=1e-15)
    assert type(catalog_coverage(recs, n_items)) is float


def test_catalog_coverage_by_hand_and_a_single_list():
    assert catalog_coverage([[0, 1, 2], [0, 1, 3]], 10) == 0.4
    assert catalog_coverage([4, 2], 4 + 1) == 0.4
    # everyone gets the same bestsellers: precision may be fine, coverage is not
    assert catalog_coverage(np.tile([0, 1, 2], (1000, 1)), 1000) == 0.003


# --------------------------------------------------------------------------- diversity


def brute_ild(recs, distance):
    per_user = []
    for row in recs:
        pairs = list(itertools.combinations(row, 2))
        per_user.append(sum(distance[i, j] for i, j in pairs) / len(pairs))
    return float(np.mean(per_user))


@pytest.mark.parametrize("seed", SEEDS)
def test_cosine_diversity_equals_the_pairwise_mean_of_scikit_learns_cosine_distances(seed):
    recs, _, _, _, features = lists_case(seed)
    expected = brute_ild(recs, cosine_distances(features))
    assert intra_list_diversity(recs, features) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_precomputed_diversity_equals_the_pairwise_mean(seed):
    recs, _, _, _, features = lists_case(seed)
    binary = features > 0
    inter = (binary[:, None, :] & binary[None, :, :]).sum(-1)
    union = (binary[:, None, :] | binary[None, :, :]).sum(-1)
    jaccard_distance = 1 - np.divide(inter, union, out=np.ones(inter.shape), where=union > 0)
    np.fill_diagonal(jaccard_distance, 0)
    assert intra_list_diversity(recs, jaccard_distance, metric="precomputed") == pytest.approx(
        brute_ild(recs, jaccard_distance), rel=1e-12, abs=1e-15)


def test_diversity_ignores_the_order_inside_a_list_and_the_order_of_users():
    recs, _, _, _, features = lists_case(4)
    rng = np.random.default_rng(0)
    shuffled = np.array([rng.permutation(r) for r in recs])[rng.permutation(len(recs))]
    assert intra_list_diversity(shuffled, features) == pytest.approx(intra_list_diversity(recs, features), rel=1e-12)


def test_diversity_by_hand_copies_score_zero_and_a_zero_vector_is_far_from_everything():
    genres = [[1, 0], [1, 0], [0, 1], [0, 0]]
    assert intra_list_diversity([[0, 1]], genres) == pytest.approx(0.0, abs=1e-15)
    assert intra_list_diversity([[0, 2]], genres) == 1.0
    assert intra_list_diversity([[0, 3]], genres) == 1.0
    assert intra_list_diversity([[0, 1], [0, 2]], genres) == 0.5


# --------------------------------------------------------------------------- novelty and popularity


@pytest.mark.parametrize("seed", SEEDS)
def test_novelty_is_the_mean_self_information_of_the_recommended_items(seed):
    recs, _, counts, n_users, _ = lists_case(seed)
    expected = np.mean([[-math.log2(counts[i] / n_users) for i in row] for row in recs])
    assert novelty(recs, counts, n_users) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_popularity_bias_measures_equal_their_definitions(seed):
    recs, _, counts, _, _ = lists_case(seed)
    arp = np.mean([np.mean([counts[i] for i in row]) for row in recs])
    assert average_recommendation_popularity(recs, counts) == pytest.approx(arp, rel=1e-12)
    for head_fraction in (0.1, 0.2, 0.5):
        n_head = math.ceil(head_fraction * len(counts))
        head_min = sorted(counts, reverse=True)[n_head - 1]
        aplt = np.mean([np.mean([counts[i] < head_min for i in row]) for row in recs])
        assert long_tail_share(recs, counts, head_fraction=head_fraction) == pytest.approx(aplt, abs=1e-15)


def test_a_most_popular_recommender_has_the_highest_popularity_and_no_novelty_to_speak_of():
    counts = np.array([900, 500, 300, 50, 20, 10, 5, 2, 1, 1])
    popular = np.tile([0, 1], (50, 1))  # the 20% head: the two most popular of ten
    niche = np.tile([7, 8], (50, 1))
    assert average_recommendation_popularity(popular, counts) > average_recommendation_popularity(niche, counts)
    assert novelty(popular, counts, 1000) < novelty(niche, counts, 1000)
    assert long_tail_share(popular, counts) == 0.0 and long_tail_share(niche, counts) == 1.0
    assert novelty([[0]], [1000], 1000) == 0.0  # an item everyone has carries no information


def test_a_tie_at_the_head_boundary_goes_to_the_head():
    assert long_tail_share([[2, 3]], [9, 5, 5, 1], head_fraction=0.5) == 0.5


@pytest.mark.parametrize("call, match", [
    (lambda: catalog_coverage([[0, 5]], 5), r"integers in \[0, n_items=5\)"),
    (lambda: catalog_coverage([[0, -1]], 5), "item ids"),
    (lambda: catalog_coverage([[0.5, 1]], 5), "item ids"),
    (lambda: catalog_coverage([[1, 1]], 5), "repeats an item"),
    (lambda: catalog_coverage([[1, 2]], 0), "n_items must be a positive integer"),
    (lambda: catalog_coverage([[1, np.nan]], 5), "recommendations contains NaN"),
    (lambda: catalog_coverage([], 5), "recommendations is empty"),
    (lambda: intra_list_diversity([[0], [1]], [[1], [0]]), "at least 2"),
    (lambda: intra_list_diversity([[0, 1]], [[0, 1], [1, 0]], metric="jaccard"), "metric='jaccard'"),
    (lambda: intra_list_diversity([[0, 1]], [[0, 1], [2, 0]], metric="precomputed"), "symmetric"),
    (lambda: intra_list_diversity([[0, 1]], [[0, 1, 2], [1, 0, 3]], metric="precomputed"), "square"),
    (lambda: novelty([[0, 1]], [3, 0], 10), "item_counts is 0 for recommended item 1"),
    (lambda: novelty([[0, 1]], [3, 20], 10), "n_users=10"),
    (lambda: novelty([[0, 1]], [3, 2], 0), "n_users must be a positive integer"),
    (lambda: average_recommendation_popularity([[0, 1]], [3, -2]), "item_counts must be >= 0"),
    (lambda: long_tail_share([[0, 1]], [3, 2], head_fraction=1.0), r"head_fraction must be a number in \(0, 1\)"),
])
def test_bad_input_is_refused_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


# --------------------------------------------------------------------------- position bias


def test_examination_probability_is_one_over_rank_to_the_eta():
    np.testing.assert_allclose(examination_probability(5, eta=2.0), 1 / np.arange(1, 6) ** 2)
    np.testing.assert_array_equal(examination_probability(3, eta=0), [1.0, 1.0, 1.0])
    with pytest.raises(MetricInputError, match="eta"):
        examination_probability(3, eta=-1)
    with pytest.raises(MetricInputError, match="n_positions"):
        examination_probability(0)


def test_simulated_click_rates_are_examination_times_attractiveness():
    alpha = np.array([0.2, 0.9, 0.5, 0.9])
    theta = examination_probability(4, eta=1.5)
    clicks = simulate_clicks(alpha, examination=theta, n_sessions=200_000, seed=1)
    se = np.sqrt(theta * alpha * (1 - theta * alpha) / 200_000)
    assert (np.abs(clicks.mean(axis=0) - theta * alpha) < 5 * se).all()


def test_debiasing_clicks_by_the_examination_probability_recovers_attractiveness():
    # the same item shown at each of 5 positions: raw CTR falls with rank, CTR / theta does not
    theta = examination_probability(5)
    clicks = simulate_clicks(np.full(5, 0.6), examination=theta, n_sessions=100_000, seed=2)
    raw = clicks.mean(axis=0)
    assert raw[0] > 2 * raw[3]
    np.testing.assert_allclose(raw / theta, 0.6, atol=0.03)


# --------------------------------------------------------------------------- interleaving


@pytest.mark.parametrize("seed", range(40))
def test_team_draft_lists_each_item_once_in_each_rankers_order_with_balanced_teams(seed):
    rng = np.random.default_rng(seed)
    pool = int(rng.integers(2, 15))
    a = rng.permutation(pool)[:int(rng.integers(1, pool + 1))]
    b = rng.permutation(pool)[:int(rng.integers(1, pool + 1))]
    items, teams = team_draft_interleave(a, b, seed=seed)
    assert len(set(items.tolist())) == items.size
    for team, ranking in ((0, a), (1, b)):
        picked = items[teams == team]
        position = {item: i for i, item in enumerate(ranking.tolist())}
        assert all(item in position for item in picked)
        assert np.all(np.diff([position[i] for i in picked]) > 0)  # each team picks in its own order
        # each pick is the best of its ranking not yet shown
        for i in np.flatnonzero(teams == team):
            best = next(x for x in ranking.tolist() if x not in set(items[:i].tolist()))
            assert items[i] == best
    counts = np.cumsum(np.where(teams == 0, 1, -1))
    assert np.all(np.abs(counts) <= 1)  # after every pick the teams differ by at most one
    shown = set(items.tolist())
    assert set(a.tolist()) <= shown or set(b.tolist()) <= shown  # stops when one ranker runs out


def test_the_coin_gives_each_ranker_the_first_pick_half_of_the_time():
    first = [team_draft_interleave([0, 1, 2], [1, 0, 2], seed=s)[1][0] for s in range(4000)]
    assert abs(np.mean(first) - 0.5) < 4 * 0.5 / np.sqrt(4000)


def test_identical_rankers_tie_in_expectation_whatever_the_position_bias():
    alpha = np.linspace(0.9, 0.1, 8)
    delta = interleaving_preference(np.arange(8), np.arange(8), alpha, n_sessions=4000, seed=3)
    assert abs(delta) < 4 * 0.5 / np.sqrt(4000)


def test_interleaving_prefers_the_ranker_with_more_expected_clicks_and_swapping_negates_it():
    alpha = np.array([0.05, 0.1, 0.6, 0.7, 0.2, 0.9])
    good, bad = np.argsort(-alpha), np.argsort(alpha)  # best first vs worst first
    delta = interleaving_preference(good, bad, alpha, n_sessions=3000, seed=4)
    swapped = interleaving_preference(bad, good, alpha, n_sessions=3000, seed=5)
    assert delta > 0.2 and swapped < -0.2
    assert abs(delta + swapped) < 8 * 0.5 / np.sqrt(3000)


def test_interleaving_with_no_clicks_is_undefined_and_warns():
    with pytest.warns(UndefinedMetricWarning, match="no simulated session had a click"):
        assert interleaving_preference([0, 1], [1, 0], [0.0, 0.0], n_sessions=20, seed=0) == 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: team_draft_interleave([0, 0, 1], [1, 0]), "ranking_a repeats an item"),
    (lambda: team_draft_interleave([0, 1], [0.5, 1]), "ranking_b must hold integer item ids"),
    (lambda: interleaving_preference([0, 3], [1, 0], [0.5, 0.5, 0.5]), r"outside \[0, 3\)"),
    (lambda: interleaving_preference([0, 1], [1, 0], [0.5, 1.5]), r"attractiveness must hold probabilities"),
    (lambda: interleaving_preference([0, 1], [1, 0], [0.5, 0.5], n_sessions=0), "n_sessions"),
    (lambda: simulate_clicks([0.5, 0.5], examination=[1.0]), "examination has 1 positions"),
])
def test_bad_online_input_is_refused_naming_the_argument(call, match):
    with pytest.raises(MetricInputError, match=match):
        call()


def test_scalars_are_python_floats():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = [catalog_coverage([[0, 1]], 3), intra_list_diversity([[0, 1]], [[1, 0], [0, 1]]),
                  novelty([[0]], [1], 2), average_recommendation_popularity([[0]], [3]),
                  long_tail_share([[0]], [3, 1]), interleaving_preference([0, 1], [1, 0], [0.5, 0.5], n_sessions=5)]
    assert all(type(v) is float for v in values)


# --------------------------------------------------------------------------- drill answers


def _drill_cases(drill_id):
    from mlmetrics_edu.drill.cases import build_cases
    from mlmetrics_edu.drill.spec import get_drill, reference

    drill = get_drill(drill_id)
    return reference(drill), [c.calls[0] for c in build_cases(drill) if c.kind != "property"]


def test_the_coverage_diversity_and_novelty_drill_answers_equal_the_package():
    answer, calls = _drill_cases("catalog-coverage")
    for c in calls:
        assert answer(*c.args) == pytest.approx(catalog_coverage(*c.args), abs=1e-15)
    answer, calls = _drill_cases("intra-list-diversity")
    for c in calls:
        assert answer(*c.args) == pytest.approx(intra_list_diversity(*c.args), rel=1e-9, abs=1e-12)
    answer, calls = _drill_cases("recommendation-novelty")
    for c in calls:
        assert answer(*c.args) == pytest.approx(novelty(*c.args), rel=1e-12, abs=1e-15)
