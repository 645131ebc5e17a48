"""Hand-worked examples, identities and bad input for mlmetrics_edu.classification."""

import warnings

import numpy as np
import pytest

from mlmetrics_edu._validation import MetricInputError, UndefinedMetricWarning
from mlmetrics_edu.classification import (
    accuracy_score,
    balanced_accuracy_score,
    classification_report,
    confusion_matrix,
    f1_score,
    fbeta_score,
    matthews_corrcoef,
    multilabel_confusion_matrix,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
    specificity_score,
)

# A binary example worked by hand: tp = 3, fp = 1, fn = 2, tn = 4.
Y_TRUE = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
Y_PRED = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]

# A 3-class example: per class (tp, fp, fn) = cat (2, 1, 0), dog (1, 1, 2), pig (1, 1, 1).
ANIMALS_TRUE = ["cat", "cat", "dog", "dog", "dog", "pig", "pig"]
ANIMALS_PRED = ["cat", "cat", "dog", "cat", "pig", "pig", "dog"]


# --------------------------------------------------------------------------- hand-worked examples


def test_confusion_matrix_puts_truth_in_rows_and_predictions_in_columns():
    cm = confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(cm, [[4, 1], [2, 3]])
    assert cm.dtype == np.int64
    tn, fp, fn, tp = cm.ravel().tolist()
    assert (tn, fp, fn, tp) == (4, 1, 2, 3)


def test_confusion_matrix_of_strings_is_sorted_and_labels_reorder_or_drop():
    np.testing.assert_array_equal(confusion_matrix(ANIMALS_TRUE, ANIMALS_PRED),
                                  [[2, 0, 0], [1, 1, 1], [0, 1, 1]])
    np.testing.assert_array_equal(confusion_matrix(ANIMALS_TRUE, ANIMALS_PRED, labels=["pig", "cat"]),
                                  [[1, 0], [0, 2]])  # samples involving "dog" are dropped
    np.testing.assert_array_equal(confusion_matrix([0, 1], [0, 1], labels=[1, 0, 2]),
                                  [[1, 0, 0], [0, 1, 0], [0, 0, 0]])


def test_confusion_matrix_weights_and_every_normalization():
    cm = confusion_matrix([0, 0, 1], [0, 1, 1], sample_weight=[1.0, 3.0, 2.0])
    np.testing.assert_array_equal(cm, [[1.0, 3.0], [0.0, 2.0]])
    assert cm.dtype == np.float64
    assert confusion_matrix([0, 0, 1], [0, 1, 1], sample_weight=[1, 3, 2]).dtype == np.int64
    np.testing.assert_allclose(confusion_matrix(Y_TRUE, Y_PRED, normalize="true"), [[0.8, 0.2], [0.4, 0.6]])
    np.testing.assert_allclose(confusion_matrix(Y_TRUE, Y_PRED, normalize="pred"),
                               [[4 / 6, 1 / 4], [2 / 6, 3 / 4]])
    np.testing.assert_allclose(confusion_matrix(Y_TRUE, Y_PRED, normalize="all"), [[0.4, 0.1], [0.2, 0.3]])
    # a label that is never true: its row normalizes to zeros, not NaN
    np.testing.assert_array_equal(confusion_matrix([0, 0], [0, 1], normalize="true"), [[0.5, 0.5], [0, 0]])


def test_confusion_matrix_with_one_label_warns_that_it_is_1x1():
    with pytest.warns(UserWarning, match="1x1"):
        np.testing.assert_array_equal(confusion_matrix([3, 3], [3, 3]), [[2]])


def test_confusion_matrix_handles_gaps_large_negative_and_float_labels_alike():
    expected = [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    for t, p in [([0, 0, 5, 9], [0, 5, 5, 9]),
                 ([-7, -7, 10**15, 3], [-7, 10**15, 10**15, 3]),
                 ([0.0, 0.0, 5.0, 9.0], [0.0, 5.0, 5.0, 9.0])]:
        cm = confusion_matrix(t, p)
        assert cm.shape == (3, 3) and cm.trace() == 3
    np.testing.assert_array_equal(confusion_matrix([0, 0, 5, 9], [0, 5, 5, 9]), expected)
    np.testing.assert_array_equal(confusion_matrix([True, False], [True, True]), [[0, 1], [0, 1]])


def test_multilabel_confusion_matrix_is_one_vs_rest_per_label():
    mcm = multilabel_confusion_matrix(ANIMALS_TRUE, ANIMALS_PRED)
    # cat: tp 2, fp 1, fn 0, tn 4
    np.testing.assert_array_equal(mcm[0], [[4, 1], [0, 2]])
    np.testing.assert_array_equal(mcm[1], [[3, 1], [2, 1]])
    np.testing.assert_array_equal(mcm[2], [[4, 1], [1, 1]])
    absent = multilabel_confusion_matrix(ANIMALS_TRUE, ANIMALS_PRED, labels=["eel", "cat"])
    np.testing.assert_array_equal(absent, [[[7, 0], [0, 0]], [[4, 1], [0, 2]]])


def test_multilabel_confusion_matrix_on_indicators_per_label_and_per_sample():
    t = np.array([[1, 0, 1], [0, 1, 0]])
    p = np.array([[1, 0, 0], [0, 1, 1]])
    np.testing.assert_array_equal(multilabel_confusion_matrix(t, p),
                                  [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[0, 1], [1, 0]]])
    np.testing.assert_array_equal(multilabel_confusion_matrix(t, p, samplewise=True),
                                  [[[1, 0], [1, 1]], [[1, 1], [0, 1]]])
    np.testing.assert_array_equal(multilabel_confusion_matrix(t, p, labels=[2]), [[[0, 1], [1, 0]]])


def test_accuracy_counts_exact_matches_and_multilabel_needs_the_whole_row():
    assert accuracy_score(Y_TRUE, Y_PRED) == 0.7
    assert accuracy_score(Y_TRUE, Y_PRED, normalize=False) == 7.0
    assert accuracy_score([0, 1], [0, 0], sample_weight=[3, 1]) == 0.75
    assert accuracy_score([[0, 1], [1, 1]], [[0, 1], [1, 0]]) == 0.5
    assert type(accuracy_score(Y_TRUE, Y_PRED)) is float


def test_the_accuracy_paradox_on_1_percent_positives():
    y_true = [1] + [0] * 99
    always_negative = [0] * 100
    assert accuracy_score(y_true, always_negative) == 0.99
    assert recall_score(y_true, always_negative) == 0.0
    assert balanced_accuracy_score(y_true, always_negative) == 0.5
    with pytest.warns(UndefinedMetricWarning):
        assert matthews_corrcoef(y_true, always_negative) == 0.0


def test_binary_precision_recall_f_by_hand():
    # tp = 3, fp = 1, fn = 2
    assert precision_score(Y_TRUE, Y_PRED) == pytest.approx(3 / 4)
    assert recall_score(Y_TRUE, Y_PRED) == pytest.approx(3 / 5)
    assert f1_score(Y_TRUE, Y_PRED) == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert fbeta_score(Y_TRUE, Y_PRED, beta=2) == pytest.approx(5 * 3 / (4 * 5 + 4))
    assert fbeta_score(Y_TRUE, Y_PRED, beta=0) == pytest.approx(3 / 4)  # precision
    assert fbeta_score(Y_TRUE, Y_PRED, beta=np.inf) == pytest.approx(3 / 5)  # recall
    # the negative class as positive: tp = 4, fp = 2, fn = 1
    assert precision_score(Y_TRUE, Y_PRED, pos_label=0) == pytest.approx(4 / 6)
    assert type(f1_score(Y_TRUE, Y_PRED)) is float


def test_multiclass_averages_by_hand():
    p, r, f, s = precision_recall_fscore_support(ANIMALS_TRUE, ANIMALS_PRED)
    np.testing.assert_allclose(p, [2 / 3, 1 / 2, 1 / 2])
    np.testing.assert_allclose(r, [1, 1 / 3, 1 / 2])
    np.testing.assert_allclose(f, [4 / 5, 2 / 5, 1 / 2])
    np.testing.assert_array_equal(s, [2, 3, 2])
    assert precision_score(ANIMALS_TRUE, ANIMALS_PRED, average="macro") == pytest.approx((2 / 3 + 1) / 3)
    assert recall_score(ANIMALS_TRUE, ANIMALS_PRED, average="weighted") == pytest.approx(4 / 7)
    # micro: pool tp = 4, fp = 3, fn = 3
    assert f1_score(ANIMALS_TRUE, ANIMALS_PRED, average="micro") == pytest.approx(4 / 7)
    np.testing.assert_allclose(f1_score(ANIMALS_TRUE, ANIMALS_PRED, average=None, labels=["pig", "cat"]),
                               [1 / 2, 4 / 5])


def test_micro_f1_equals_accuracy_for_single_label_data():
    rng = np.random.default_rng(0)
    for _ in range(20):
        t, p = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
        assert f1_score(t, p, average="micro") == pytest.approx(accuracy_score(t, p))


def test_samples_average_scores_each_row_then_averages():
    t = np.array([[1, 1, 0], [0, 1, 0]])
    p = np.array([[1, 0, 0], [0, 1, 1]])
    # row 0: P = 1, R = 1/2; row 1: P = 1/2, R = 1
    assert precision_score(t, p, average="samples") == pytest.approx(3 / 4)
    assert recall_score(t, p, average="samples") == pytest.approx(3 / 4)
    assert f1_score(t, p, average="samples") == pytest.approx(2 / 3)


def test_every_zero_division_mode_for_a_label_never_predicted():
    t, p = [0, 1, 1], [0, 0, 0]  # label 1 is never predicted: its precision is 0/0
    with pytest.warns(UndefinedMetricWarning, match="Precision"):
        assert precision_score(t, p) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an explicit zero_division is silent
        assert precision_score(t, p, zero_division=0) == 0.0
        assert precision_score(t, p, zero_division=1) == 1.0
        assert np.isnan(precision_score(t, p, zero_division=np.nan))
        # NaN labels drop out of the average: only label 0 (precision 1/3) is left
        assert precision_score(t, p, average="macro", zero_division=np.nan) == pytest.approx(1 / 3)
        # F is computed from counts: no 0/0 here (tp = 0, fn = 2), so no warning
        assert f1_score(t, p) == 0.0


def test_pos_label_is_ignored_with_a_warning_outside_binary_averaging():
    with pytest.warns(UserWarning, match="pos_label"):
        macro = f1_score(Y_TRUE, Y_PRED, average="macro", pos_label=0)
    assert macro == pytest.approx(f1_score(Y_TRUE, Y_PRED, average="macro"))


def test_string_binary_labels_with_pos_label():
    t = ["spam", "ham", "spam", "spam"]
    p = ["spam", "spam", "ham", "spam"]
    assert precision_score(t, p, pos_label="spam") == pytest.approx(2 / 3)
    assert recall_score(t, p, pos_label="ham") == 0.0


def test_specificity_by_hand_and_as_recall_of_the_negative_class():
    # tn = 4, fp = 1
    assert specificity_score(Y_TRUE, Y_PRED) == pytest.approx(4 / 5)
    assert specificity_score(Y_TRUE, Y_PRED) == pytest.approx(recall_score(Y_TRUE, Y_PRED, pos_label=0))
    # cat: tn 4, fp 1; dog: tn 3, fp 1; pig: tn 4, fp 1
    np.testing.assert_allclose(specificity_score(ANIMALS_TRUE, ANIMALS_PRED, average=None),
                               [4 / 5, 3 / 4, 4 / 5])
    assert specificity_score(ANIMALS_TRUE, ANIMALS_PRED, average="micro") == pytest.approx(11 / 14)
    assert specificity_score(ANIMALS_TRUE, ANIMALS_PRED, average="weighted") == pytest.approx(
        (2 * 4 / 5 + 3 * 3 / 4 + 2 * 4 / 5) / 7)
    with pytest.warns(UndefinedMetricWarning, match="Specificity"):
        assert specificity_score([1, 1], [1, 0]) == 0.0  # no negatives to find


def test_balanced_accuracy_is_mean_recall_and_binary_mean_of_tpr_and_tnr():
    assert balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]) == 0.625
    assert balanced_accuracy_score(Y_TRUE, Y_PRED) == pytest.approx(
        (recall_score(Y_TRUE, Y_PRED) + specificity_score(Y_TRUE, Y_PRED)) / 2)
    # adjusted: (0.625 - 1/2) / (1 - 1/2)
    assert balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1], adjusted=True) == 0.25
    with pytest.warns(UserWarning, match="not in y_true"):
        assert balanced_accuracy_score([0, 0, 1], [0, 2, 1]) == 0.75


def test_matthews_corrcoef_by_hand_perfect_and_inverted():
    tp, tn, fp, fn = 3, 4, 1, 2
    expected = (tp * tn - fp * fn) / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    assert matthews_corrcoef(Y_TRUE, Y_PRED) == pytest.approx(expected)
    assert matthews_corrcoef([0, 1, 2, 2], [0, 1, 2, 2]) == 1.0
    assert matthews_corrcoef([0, 1, 0, 1], [1, 0, 1, 0]) == -1.0
    assert type(matthews_corrcoef(Y_TRUE, Y_PRED)) is float


def test_classification_report_dict_has_rows_averages_and_a_scalar_accuracy():
    report = classification_report(ANIMALS_TRUE, ANIMALS_PRED, output_dict=True)
    assert list(report) == ["cat", "dog", "pig", "accuracy", "macro avg", "weighted avg"]
    assert report["accuracy"] == pytest.approx(4 / 7)
    assert report["dog"] == pytest.approx({"precision": 0.5, "recall": 1 / 3, "f1-score": 0.4,
                                           "support": 3.0})
    text = classification_report(ANIMALS_TRUE, ANIMALS_PRED, labels=["cat", "dog"], digits=3)
    assert "micro avg" in text and "accuracy" not in text  # a subset of labels: micro is not accuracy
    multi = classification_report(np.eye(3, dtype=int), np.eye(3, dtype=int), output_dict=True)
    assert "samples avg" in multi and multi["samples avg"]["f1-score"] == 1.0


# --------------------------------------------------------------------------- bad input

TWO_ARG = [accuracy_score, balanced_accuracy_score, classification_report, confusion_matrix,
           f1_score, matthews_corrcoef, multilabel_confusion_matrix, precision_recall_fscore_support,
           precision_score, recall_score, specificity_score]
ALL = TWO_ARG + [fbeta_score]


def call(f, y_true, y_pred, **kwargs):
    if f is fbeta_score:
        kwargs.setdefault("beta", 1.0)
    return f(y_true, y_pred, **kwargs)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "y_true, y_pred, needle",
    [
        ([0, 1, 1], [0, 1], "y_true and y_pred differ in length: 3 != 2"),
        ([], [], "y_true is empty"),
        ([0, 1, np.nan], [0, 1, 1], "y_true contains NaN"),
        ([0, 1, 1], [0.2, 0.9, 0.7], "y_pred looks continuous (e.g. probabilities); threshold it first"),
        (np.array([[0], [1]]), [0, 1], "y_true must be 1-D"),
        (np.array([[0, 1], [1, 0]]), [0, 1], "y_true is a multilabel indicator matrix but y_pred"),
        (["a", "b"], [0, 1], "y_true and y_pred mix label types"),
        (np.array([0, "a"], dtype=object), [0, 1], "y_true mixes value types"),
        (np.array([[0, 1, 2], [1, 0, 2]]), np.array([[0, 1, 2], [1, 0, 2]]), "y_true must be 1-D"),
        ("01", "01", "y_true must be array-like"),
    ],
)
def test_bad_targets_raise_metric_input_error_naming_the_argument(f, y_true, y_pred, needle):
    with pytest.raises(MetricInputError) as info:
        call(f, y_true, y_pred)
    assert needle in str(info.value)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "weights, needle",
    [([1, 1], "sample_weight has 2 values but there are 3 samples"),
     ([1, -1, 1], "sample_weight contains negative values"),
     ([0, 0, 0], "sample_weight is all zeros"),
     ([1, np.inf, 1], "sample_weight contains NaN or infinity")],
)
def test_bad_sample_weight_raises_naming_it(f, weights, needle):
    with pytest.raises(MetricInputError, match="sample_weight") as info:
        call(f, [0, 1, 1], [0, 1, 0], sample_weight=weights)
    assert needle in str(info.value)


SET_WISE = [f1_score, fbeta_score, precision_score, recall_score, specificity_score,
            precision_recall_fscore_support]


@pytest.mark.parametrize("f", SET_WISE, ids=lambda f: f.__name__)
def test_set_wise_metrics_refuse_bad_average_zero_division_and_pos_label(f):
    with pytest.raises(MetricInputError, match=r"average='mean' is not supported; choose one of"):
        call(f, [0, 1], [0, 1], average="mean")
    with pytest.raises(MetricInputError, match=r"average='binary'.*3 labels.*'macro'"):
        call(f, [0, 1, 2], [0, 1, 2], average="binary")
    with pytest.raises(MetricInputError, match=r"average='binary'.*multilabel.*'samples'"):
        call(f, np.eye(2, dtype=int), np.eye(2, dtype=int), average="binary")
    with pytest.raises(MetricInputError, match=r"average='samples'.*multilabel"):
        call(f, [0, 1, 2], [0, 1, 2], average="samples")
    with pytest.raises(MetricInputError, match="zero_division"):
        call(f, [0, 1], [0, 1], zero_division=0.5)
    with pytest.raises(MetricInputError, match="pos_label='yes' is not one of the labels"):
        call(f, ["no", "maybe"], ["no", "maybe"], pos_label="yes", average="binary")
    with pytest.raises(MetricInputError, match="labels must be column indices in"):
        call(f, np.eye(2, dtype=int), np.eye(2, dtype=int), labels=[2], average="macro")
    with pytest.raises(MetricInputError, match="labels is empty"):
        call(f, [0, 1, 2], [0, 1, 2], labels=[], average="macro")


def test_option_arguments_are_checked_and_named():
    with pytest.raises(MetricInputError, match="beta must be a number >= 0"):
        fbeta_score([0, 1], [0, 1], beta=-1)
    with pytest.raises(MetricInputError, match="normalize='rows' is not supported"):
        confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(MetricInputError, match="labels contains duplicates"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 0, 1])
    with pytest.raises(MetricInputError, match="labels: none of them occurs in y_true"):
        confusion_matrix([0, 1], [0, 1], labels=[5])
    with pytest.raises(MetricInputError, match="labels must be a 1-D"):
        confusion_matrix([0, 1], [0, 1], labels=1)
    with pytest.raises(MetricInputError, match="samplewise=True"):
        multilabel_confusion_matrix([0, 1], [0, 1], samplewise=True)
    with pytest.raises(MetricInputError, match="samplewise must be True or False"):
        multilabel_confusion_matrix(np.eye(2), np.eye(2), samplewise="yes")
    with pytest.raises(MetricInputError, match="normalize must be True or False"):
        accuracy_score([0, 1], [0, 1], normalize="yes")
    with pytest.raises(MetricInputError, match="adjusted must be True or False"):
        balanced_accuracy_score([0, 1], [0, 1], adjusted=None)
    with pytest.raises(MetricInputError, match="digits must be an integer >= 0"):
        classification_report([0, 1], [0, 1], digits=-1)
    with pytest.raises(MetricInputError, match="output_dict must be True or False"):
        classification_report([0, 1], [0, 1], output_dict=1)
    with pytest.raises(MetricInputError, match="target_names has 3 names but there are 2 labels"):
        classification_report([0, 1], [0, 1], target_names=["a", "b", "c"])
    with pytest.warns(UserWarning, match="labels size, 1, does not match size of target_names, 2"):
        classification_report([0, 1], [0, 1], labels=[0], target_names=["a", "b"])


@pytest.mark.parametrize("f", [confusion_matrix, balanced_accuracy_score, matthews_corrcoef],
                         ids=lambda f: f.__name__)
def test_label_only_metrics_refuse_multilabel_indicators(f):
    with pytest.raises(MetricInputError, match="y_true is a multilabel indicator matrix"):
        f(np.eye(3, dtype=int), np.eye(3, dtype=int))


def test_multilabel_inputs_must_have_the_same_number_of_columns():
    with pytest.raises(MetricInputError, match="y_true has 3 label columns but y_pred has 2"):
        f1_score(np.eye(3, dtype=int), np.eye(3, dtype=int)[:, :2], average="macro")


def test_integer_weights_are_counted_exactly_past_two_to_the_53():
    w = np.array([2**53 + 1, 1, 3], dtype=np.int64)
    cm = confusion_matrix([0, 0, 1], [0, 0, 1], sample_weight=w)
    assert cm.dtype == np.int64 and cm[0, 0] == 2**53 + 2 and cm[1, 1] == 3
    cm = confusion_matrix([0, 0, 1, 2], [0, 0, 1, 2], sample_weight=np.array([5, 7, 1, 9]),
                             labels=[0, 1])  # samples outside labels are dropped with their weight
    assert cm.tolist() == [[12, 0], [0, 1]]


def test_integer_weights_that_overflow_int64_are_refused_not_wrapped():
    w = np.array([2**62, 2**62, 3], dtype=np.int64)
    with pytest.raises(MetricInputError, match="int64"):
        confusion_matrix([0, 0, 1], [0, 0, 1], sample_weight=w)
