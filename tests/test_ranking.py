"""Ranking metrics: hand-worked examples, conventions, and refusals of bad input."""

import math
import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.ranking import (
    dcg_score,
    mean_average_precision,
    mean_reciprocal_rank,
    ndcg_score,
    precision_at_k,
    recall_at_k,
    top_k_accuracy_score,
)

QUERY_METRICS = [dcg_score, ndcg_score, mean_reciprocal_rank, mean_average_precision,
                 precision_at_k, recall_at_k]
NEEDS_K = {precision_at_k: {"k": 2}, recall_at_k: {"k": 2}}
UNDEFINED_WHEN_NOTHING_RELEVANT = [recall_at_k, mean_reciprocal_rank, mean_average_precision]


def call(metric, y_true, y_score, **kwargs):
    return metric(y_true, y_score, **{**NEEDS_K.get(metric, {}), **kwargs})


# ----------------------------------------------------------------------------- DCG / NDCG


def test_dcg_sums_relevance_with_a_log2_discount():
    # ranks: 3 (rank 1), 2 (rank 2), 1 (rank 3), 0 (rank 4)
    expected = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert dcg_score([[3, 2, 0, 1]], [[0.9, 0.8, 0.1, 0.4]]) == pytest.approx(expected, rel=1e-12)


def test_dcg_at_k_stops_after_k_ranks_and_k_past_the_end_counts_everything():
    y, s = [[3, 2, 0, 1]], [[0.9, 0.8, 0.1, 0.4]]
    assert dcg_score(y, s, k=2) == pytest.approx(3 + 2 / math.log2(3), rel=1e-12)
    assert dcg_score(y, s, k=4) == dcg_score(y, s, k=99) == dcg_score(y, s)


def test_dcg_log_base_changes_the_discount():
    expected = 1 / math.log(2, 10) + 1 / math.log(3, 10)
    assert dcg_score([[1, 1, 0]], [[3, 2, 1]], log_base=10) == pytest.approx(expected, rel=1e-12)


def test_dcg_gives_tied_items_the_mean_gain_of_their_group():
    # Items 0 and 1 tie at rank 1-2: each gets (1 + 0) / 2 over both discounts.
    expected = 0.5 * (1 + 1 / math.log2(3))
    assert dcg_score([[1, 0, 0]], [[5, 5, 1]]) == pytest.approx(expected, rel=1e-12)


def test_dcg_with_ignore_ties_uses_one_arbitrary_order_instead():
    # A strict order of the same data gives one of the two tie-broken values.
    tied = dcg_score([[1, 0, 0]], [[5, 5, 1]], ignore_ties=True)
    assert tied in (pytest.approx(1.0), pytest.approx(1 / math.log2(3)))


def test_dcg_allows_negative_relevance():
    assert dcg_score([[-1, 2]], [[1, 2]]) == pytest.approx(2 - 1 / math.log2(3), rel=1e-12)


def test_dcg_averages_queries_with_their_weights():
    y, s = [[1, 0], [0, 1]], [[2, 1], [2, 1]]
    first, second = 1.0, 1 / math.log2(3)
    assert dcg_score(y, s) == pytest.approx((first + second) / 2, rel=1e-12)
    assert dcg_score(y, s, sample_weight=[3, 1]) == pytest.approx((3 * first + second) / 4)


def test_ndcg_matches_the_worked_example_of_the_sklearn_docs():
    y = [[10, 0, 0, 1, 5]]
    assert ndcg_score(y, [[0.1, 0.2, 0.3, 4, 70]]) == pytest.approx(0.6956940443813076, rel=1e-12)
    assert ndcg_score(y, [[0.05, 1.1, 1.0, 0.5, 0.0]]) == pytest.approx(0.4936,
                                                                         abs=1e-4)


def test_ndcg_of_a_tie_at_the_cut_averages_the_tied_gains():
    # Top-1 is a tie between relevance 10 and 5: expected gain 7.5 of an ideal 10.
    assert ndcg_score([[10, 0, 0, 0, 5]], [[1, 0, 0, 0, 1]], k=1) == pytest.approx(0.75)


def test_ndcg_of_the_ideal_ranking_is_one_even_at_k():
    y = [[3, 0, 2, 1, 0]]
    assert ndcg_score(y, y) == pytest.approx(1.0)
    assert ndcg_score(y, y, k=2) == pytest.approx(1.0)


def test_ndcg_of_a_query_with_nothing_relevant_is_zero_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ndcg_score([[0, 0, 0], [1, 0, 0]], [[1, 2, 3], [3, 2, 1]]) == pytest.approx(0.5)


def test_ndcg_accepts_one_query_as_two_1d_arrays():
    y, s = [10, 0, 0, 1, 5], [0.1, 0.2, 0.3, 4, 70]
    assert ndcg_score(y, s) == ndcg_score([y], [s])
    assert dcg_score(y, s, k=3) == dcg_score([y], [s], k=3)


# ----------------------------------------------------------------------------- @k metrics


def test_precision_at_k_counts_relevant_items_in_the_top_k():
    y, s = [[2, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]]  # graded relevance > 0 counts as relevant
    assert precision_at_k(y, s, k=1) == 1.0
    assert precision_at_k(y, s, k=2) == 0.5
    assert precision_at_k(y, s, k=3) == pytest.approx(2 / 3)


def test_precision_at_k_is_capped_by_the_number_of_relevant_items():
    assert precision_at_k([[1, 0, 0, 0]], [[4, 3, 2, 1]], k=4) == 0.25


def test_precision_at_k_shares_the_last_places_among_a_tie():
    # One place left for three tied items, one of them relevant: 1/3 expected.
    assert precision_at_k([[1, 0, 1, 0]], [[9, 5, 5, 5]], k=2) == pytest.approx((1 + 1 / 3) / 2)


def test_recall_at_k_divides_the_same_count_by_the_relevant_items():
    y, s = [[1, 0, 1, 1]], [[0.9, 0.8, 0.7, 0.1]]
    assert recall_at_k(y, s, k=1) == pytest.approx(1 / 3)
    assert recall_at_k(y, s, k=3) == pytest.approx(2 / 3)
    assert recall_at_k(y, s, k=4) == 1.0


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_item():
    assert mean_reciprocal_rank([[0, 0, 1, 1]], [[4, 3, 2, 1]]) == pytest.approx(1 / 3)
    assert mean_reciprocal_rank([[0, 1, 0], [1, 0, 1]], [[3, 2, 1], [2, 3, 1]]) == 0.5


def test_reciprocal_rank_of_a_tie_is_its_expected_value():
    # Two tied at rank 1-2, one relevant: rank 1 or 2 equally likely -> (1 + 1/2) / 2.
    assert mean_reciprocal_rank([0, 1, 0], [5, 5, 1]) == pytest.approx(0.75)
    # Three tied, two relevant: the first relevant is first w.p. 2/3, second w.p. 1/3.
    assert mean_reciprocal_rank([1, 1, 0], [5, 5, 5]) == pytest.approx(2 / 3 + 1 / 6)
    # One item above, then a tie of three with one relevant: ranks 2, 3, 4 equally likely.
    expected = (1 / 2 + 1 / 3 + 1 / 4) / 3
    assert mean_reciprocal_rank([0, 0, 1, 0], [9, 5, 5, 5]) == pytest.approx(expected)


def test_average_precision_averages_precision_at_each_relevant_rank():
    y, s = [[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]]
    assert mean_average_precision(y, s) == pytest.approx((1 + 2 / 3) / 2)
    assert mean_average_precision(y, s, k=2) == pytest.approx(1 / 2)  # divides by all relevant
    assert mean_average_precision(y, s, k=3) == mean_average_precision(y, s)


def test_average_precision_treats_a_tie_as_one_step():
    # All four tied: both relevant items get the precision at the end of the tie, 2/4.
    assert mean_average_precision([[1, 0, 1, 0]], [[1, 1, 1, 1]]) == pytest.approx(0.5)
    # Cut at k=2 halfway through the tie: 1 expected relevant item at precision@2 = 1/2.
    assert mean_average_precision([[1, 0, 1, 0]], [[1, 1, 1, 1]], k=2) == pytest.approx(0.25)


def test_map_averages_queries_with_their_weights():
    y, s = [[1, 0], [0, 1]], [[2, 1], [2, 1]]
    assert mean_average_precision(y, s) == pytest.approx(0.75)
    assert mean_average_precision(y, s, sample_weight=[1, 3]) == pytest.approx((1 + 3 * 0.5) / 4)


@pytest.mark.parametrize("metric", UNDEFINED_WHEN_NOTHING_RELEVANT)
def test_query_with_nothing_relevant_follows_zero_division(metric):
    y, s = [[1, 0, 0], [0, 0, 0]], [[3, 2, 1], [3, 2, 1]]  # first query scores 1.0
    with pytest.warns(UndefinedMetricWarning, match="1 query"):
        assert call(metric, y, s) == 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert call(metric, y, s, zero_division=0) == 0.5
        assert call(metric, y, s, zero_division=1) == 1.0
        assert call(metric, y, s, zero_division=np.nan) == 1.0  # left out of the mean
        assert math.isnan(call(metric, [[0, 0, 0]], [[3, 2, 1]], zero_division=np.nan))


@pytest.mark.parametrize("metric", UNDEFINED_WHEN_NOTHING_RELEVANT)
def test_no_warning_when_every_query_has_a_relevant_item(metric):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call(metric, [[1, 0, 0], [0, 0, 2]], [[3, 2, 1], [3, 2, 1]])


@pytest.mark.parametrize("metric", QUERY_METRICS)
def test_query_metrics_return_python_floats(metric):
    assert type(call(metric, [[1, 0, 2]], [[0.3, 0.2, 0.1]])) is float


# ----------------------------------------------------------------------------- top-k accuracy


def test_top_k_accuracy_counts_true_classes_among_the_k_best_scores():
    y = [0, 1, 2, 2]
    s = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]
    assert top_k_accuracy_score(y, s, k=1) == 0.5
    assert top_k_accuracy_score(y, s, k=2) == 0.75
    assert top_k_accuracy_score(y, s, k=2, normalize=False) == 3.0
    assert top_k_accuracy_score(y, s, k=2, sample_weight=[1, 1, 1, 5]) == 0.375
    assert top_k_accuracy_score(y, s, k=2, normalize=False, sample_weight=[1, 2, 3, 5]) == 6.0


def test_top_k_accuracy_breaks_ties_in_favour_of_the_later_column():
    s = [[1.0, 1.0, 1.0]]  # a three-way tie ranks class 2, then 1, then 0
    assert top_k_accuracy_score([2], s, k=1, labels=[0, 1, 2]) == 1.0
    assert top_k_accuracy_score([0], s, k=1, labels=[0, 1, 2]) == 0.0
    assert top_k_accuracy_score([1], s, k=2, labels=[0, 1, 2]) == 1.0


def test_binary_top_1_thresholds_at_one_half_for_probabilities_and_zero_otherwise():
    assert top_k_accuracy_score([0, 1, 1], [0.4, 0.6, 0.45], k=1) == pytest.approx(2 / 3)
    assert top_k_accuracy_score([0, 1, 1], [-0.4, 0.6, 0.45], k=1) == 1.0  # outside [0, 1]
    with pytest.warns(UndefinedMetricWarning, match="k=2"):
        assert top_k_accuracy_score([0, 1, 1], [0.4, 0.6, 0.45], k=2) == 1.0


def test_top_k_accuracy_takes_string_labels_and_unseen_labels():
    s = [[0.1, 0.6, 0.3], [0.5, 0.1, 0.4]]
    assert top_k_accuracy_score(["b", "c"], s, k=1, labels=["a", "b", "c"]) == 0.5
    assert top_k_accuracy_score([1, 2], s, k=2, labels=[0, 1, 2]) == 1.0


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("metric", QUERY_METRICS)
def test_shapes_that_differ_are_refused(metric):
    with pytest.raises(MetricInputError, match="y_true and y_score differ in shape"):
        call(metric, [[1, 0, 1]], [[0.1, 0.2]])
    with pytest.raises(MetricInputError, match="y_true and y_score differ in shape"):
        call(metric, [[1, 0], [0, 1]], [[0.1, 0.2]])


@pytest.mark.parametrize("metric", QUERY_METRICS)
def test_a_1d_array_next_to_a_2d_array_is_refused(metric):
    with pytest.raises(MetricInputError, match="y_true is 1-D but y_score is 2-D"):
        call(metric, [1, 0, 1], [[0.1, 0.2, 0.3]])
    with pytest.raises(MetricInputError, match="y_true is 2-D but y_score is 1-D"):
        call(metric, [[1, 0, 1]], [0.1, 0.2, 0.3])


@pytest.mark.parametrize("metric", QUERY_METRICS)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_infinity_is_refused_naming_the_argument(metric, bad):
    with pytest.raises(MetricInputError, match="y_score contains NaN"):
        call(metric, [[1, 0, 1]], [[0.1, bad, 0.3]])
    with pytest.raises(MetricInputError, match="y_true contains NaN"):
        call(metric, [[1, bad, 1]], [[0.1, 0.2, 0.3]])


@pytest.mark.parametrize("metric", [m for m in QUERY_METRICS if m is not dcg_score])
def test_negative_relevance_is_refused(metric):
    with pytest.raises(MetricInputError, match="y_true must hold non-negative relevance"):
        call(metric, [[1, -1, 1]], [[0.1, 0.2, 0.3]])


@pytest.mark.parametrize("metric", QUERY_METRICS)
@pytest.mark.parametrize("bad", [[], [[]], "abc", None, [["a", "b"]], [[1, 2], [3]], 3.0])
def test_empty_strings_ragged_and_scalars_are_refused(metric, bad):
    with pytest.raises(MetricInputError, match="y_true"):
        call(metric, bad, [[0.1, 0.2]])


@pytest.mark.parametrize("metric", [dcg_score, ndcg_score])
def test_dcg_needs_at_least_two_items_per_query(metric):
    with pytest.raises(MetricInputError, match="at least 2"):
        metric([[1], [0]], [[0.5], [0.2]])
    with pytest.raises(MetricInputError, match="at least 2"):
        metric([1], [0.5])


@pytest.mark.parametrize("metric", [dcg_score, ndcg_score, precision_at_k, recall_at_k,
                                    mean_average_precision])
@pytest.mark.parametrize("k", [0, -1, 1.5, 2.0, True, "2"])
def test_k_must_be_a_positive_integer(metric, k):
    with pytest.raises(MetricInputError, match="k must be a positive integer"):
        metric([[1, 0, 1]], [[0.1, 0.2, 0.3]], k=k)


@pytest.mark.parametrize("metric", [precision_at_k, recall_at_k, mean_average_precision])
def test_our_at_k_metrics_refuse_k_past_the_number_of_items(metric):
    with pytest.raises(MetricInputError, match="k=4 exceeds the 3 items"):
        metric([[1, 0, 1]], [[0.1, 0.2, 0.3]], k=4)
    metric([[1, 0, 1]], [[0.1, 0.2, 0.3]], k=3)  # the boundary is fine


def test_numpy_integers_are_accepted_as_k():
    assert precision_at_k([[1, 0, 1]], [[0.3, 0.2, 0.1]], k=np.int64(1)) == 1.0


@pytest.mark.parametrize("log_base", [0, -2, "e", None, 1, 0.5, float("inf"), float("nan")])
def test_dcg_log_base_must_be_greater_than_one(log_base):
    with pytest.raises(MetricInputError, match="log_base"):
        dcg_score([[1, 0]], [[2, 1]], log_base=log_base)


@pytest.mark.parametrize("metric", UNDEFINED_WHEN_NOTHING_RELEVANT)
@pytest.mark.parametrize("zero_division", ["nan", 2, -1, None, True])
def test_unknown_zero_division_is_refused(metric, zero_division):
    with pytest.raises(MetricInputError, match="zero_division"):
        call(metric, [[1, 0, 1]], [[0.1, 0.2, 0.3]], zero_division=zero_division)


@pytest.mark.parametrize("metric", QUERY_METRICS)
def test_bad_query_weights_are_refused(metric):
    y, s = [[1, 0, 1], [0, 1, 1]], [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]
    with pytest.raises(MetricInputError, match="sample_weight has 3 values"):
        call(metric, y, s, sample_weight=[1, 1, 1])
    with pytest.raises(MetricInputError, match="sample_weight contains negative"):
        call(metric, y, s, sample_weight=[1, -1])
    with pytest.raises(MetricInputError, match="sample_weight sums to zero"):
        call(metric, y, s, sample_weight=[0, 0])


def test_top_k_accuracy_refuses_scores_of_the_wrong_shape():
    with pytest.raises(MetricInputError, match="y_score must be 2-D"):
        top_k_accuracy_score([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(MetricInputError, match="y_score is 2-D with 3 column"):
        top_k_accuracy_score([0, 1, 1], [[0.1, 0.2, 0.7]] * 3)
    with pytest.raises(MetricInputError, match="y_true holds 3 classes but y_score has 4"):
        top_k_accuracy_score([0, 1, 2], [[0.1, 0.2, 0.3, 0.4]] * 3)
    with pytest.raises(MetricInputError, match="y_true and y_score differ in length: 3 != 2"):
        top_k_accuracy_score([0, 1, 2], [[0.1, 0.2, 0.7]] * 2)
    with pytest.raises(MetricInputError, match="y_score contains NaN"):
        top_k_accuracy_score([0, 1, 2], [[0.1, np.nan, 0.7]] * 3)


def test_top_k_accuracy_refuses_bad_labels():
    s = [[0.1, 0.2, 0.7]] * 3
    with pytest.raises(MetricInputError, match="labels must be unique"):
        top_k_accuracy_score([0, 1, 2], s, labels=[0, 1, 1, 2])
    with pytest.raises(MetricInputError, match="labels must be sorted"):
        top_k_accuracy_score([0, 1, 2], s, labels=[0, 2, 1])
    with pytest.raises(MetricInputError, match="labels holds 4 classes but y_score has 3"):
        top_k_accuracy_score([0, 1, 2], s, labels=[0, 1, 2, 3])
    with pytest.raises(MetricInputError, match="y_true contains labels that are not in labels"):
        top_k_accuracy_score([0, 1, 5], s, labels=[0, 1, 2])
    with pytest.raises(MetricInputError, match="mix label types"):
        top_k_accuracy_score(["a", "b", "c"], s, labels=[0, 1, 2])


@pytest.mark.parametrize("y_true", [[0.5, 1.5, 2.0], [0, np.nan, 1], [[0], [1], [2]], []])
def test_top_k_accuracy_refuses_targets_that_are_not_1d_class_labels(y_true):
    with pytest.raises(MetricInputError, match="y_true"):
        top_k_accuracy_score(y_true, [[0.1, 0.2, 0.7]] * 3)


@pytest.mark.parametrize("k", [0, -2, 1.0, True])
def test_top_k_accuracy_k_must_be_a_positive_integer(k):
    with pytest.raises(MetricInputError, match="k must be a positive integer"):
        top_k_accuracy_score([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, k=k)


def test_top_k_accuracy_refuses_weights_that_sum_to_zero_when_normalizing():
    with pytest.raises(MetricInputError, match="sample_weight sums to zero"):
        top_k_accuracy_score([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, sample_weight=[0, 0, 0])
    assert top_k_accuracy_score([0, 1, 2], [[0.1, 0.2, 0.7]] * 3, sample_weight=[0, 0, 0],
                                normalize=False) == 0.0
