"""A misconception is named only when the answer shows it (issue 17, item 6): the line tags of
spot-the-bug questions and the `shows` tags of choice options."""

import pytest

from mlmetrics_edu.interview.bank import load_bank
from mlmetrics_edu.interview.rubric import (answer_entries, fix_for_line, misconceptions_for_line,
                                            valid_lines, validate)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def answers():
    return answer_entries()


# ------------------------------------------------------------------ the pure helpers

NDCG = {"line": 4, "fix": "discounts = 1 / np.log2(positions + 2)",
        "other_fixes": {"3": "positions = np.arange(1, len(rel) + 1)"}, "line_shows": {}}
FPR = {"line": 6, "fix": "fpr = fp / np.sum(y_true == 0)", "line_shows": {"5": "tpr-fpr-confused"}}


def test_valid_lines_are_the_bug_line_then_the_other_fixes():
    assert valid_lines(NDCG) == [4, 3]
    assert valid_lines(FPR) == [6]
    assert fix_for_line(NDCG, 3).startswith("positions = np.arange(1")
    assert fix_for_line(NDCG, 4).startswith("discounts") and fix_for_line(NDCG, 2) is None


def test_a_wrong_line_names_only_the_misconception_tied_to_it():
    assert misconceptions_for_line(FPR, 5) == ["tpr-fpr-confused"]
    assert misconceptions_for_line(FPR, 2) == [] and misconceptions_for_line(FPR, 6) == []
    assert misconceptions_for_line(NDCG, 3) == [] and misconceptions_for_line(NDCG, 1) == []
    assert misconceptions_for_line({"line": 2, "line_shows": {"3": ["a", "b"]}}, 3) == ["a", "b"]


# ------------------------------------------------------------------ the bank's bug questions


def test_the_bank_passes_the_line_tag_validation(bank):
    validate(bank)


def test_every_bug_question_has_reviewed_line_tags(bank, answers):
    bugs = [q for q in bank if q.kind == "bug"]
    assert len(bugs) >= 50
    for q in bugs:
        a = answers[q.id]
        assert isinstance(a.get("line_shows"), dict), f"{q.id}: no reviewed line_shows table"
        n = len(q.code.splitlines())
        lines = valid_lines(a)
        assert lines[0] == q.line and all(1 <= k <= n for k in lines), q.id
        for key, tag in a["line_shows"].items():
            assert int(key) not in lines and tag in bank.misconceptions, (q.id, key)
        # no line but a tied one names anything -- in particular not the question's whole list
        named = {k: misconceptions_for_line(a, k) for k in range(1, n + 1)}
        assert {k for k, m in named.items() if m} == {int(k) for k in a["line_shows"]}, q.id


def test_the_issue_examples_grade_as_the_issue_asks(answers):
    cost = answers["bug-cost-swapped"]
    assert misconceptions_for_line(cost, 2) == []                  # line 2 shows no cost swap
    ndcg = answers["bug-ndcg-zero-based"]
    assert 3 in valid_lines(ndcg) and misconceptions_for_line(ndcg, 3) == []
    assert "np.arange(1, len(rel) + 1)" in fix_for_line(ndcg, 3)
    assert misconceptions_for_line(answers["bug-fpr-denominator"], 5) == ["tpr-fpr-confused"]


# Lines reviewed as equally valid places for the fix (each is also run in test_questions_core
# for the questions it executes).
OTHER_VALID = {
    "bug-log-loss-clip": {4}, "bug-recall-fn-fp": {5}, "bug-specificity-denominator": {4},
    "bug-peeking-loop": {2}, "bug-perplexity-sum": {3}, "bug-benchmark-se": {5},
    "bug-win-rate-ties": {4}, "bug-coverage-slots": {2}, "bug-ips-unweighted": {5},
    "bug-ndcg-zero-based": {3}, "bug-bootstrap-unpaired": {8}, "bug-leaky-pipeline": {6},
    "bug-nested-inner": {8},
}


def test_the_reviewed_alternative_fixes_are_in_the_bank(bank, answers):
    have = {q.id: set(valid_lines(answers[q.id])[1:]) for q in bank if q.kind == "bug"}
    assert {qid: lines for qid, lines in have.items() if lines} == OTHER_VALID


# ------------------------------------------------------------------ choice options' tags


def _tag(bank, qid, option_start):
    q = bank[qid]
    [i] = [i for i, o in enumerate(q.options) if o.startswith(option_start)]
    return q.shows[i]


# (question, option, the tag it now has): each was reviewed against what the option says.
REVIEWED = [
    ("r2-negative", "The predictions are negatively correlated", "r2-sign-is-correlation"),
    ("r2-negative", "There is a bug: R² is a square", "r2-never-negative"),
    ("mase-meaning", "It is worse than the naive forecast", "mase-below-one-worse"),
    ("mase-meaning", "It is off by 0.8% on average", "mase-as-percent"),
    ("reliability-below-diagonal", "Nothing: points below the diagonal", ""),
    ("ece-base-rate-predictor", "Undefined, because all predictions", ""),
    ("ece-base-rate-predictor", "0.05, the prevalence", ""),
    ("where-to-fit-calibrator", "The test set", ""),
    ("platt-or-isotonic", "Retrain the model on a class-balanced", ""),
    ("modern-nets-temperature", "T = 1", ""),
    ("confidence-90-right-60", "Nothing is wrong", ""),
    ("confidence-60-temperature", "T = 0.6", ""),
    ("accuracy-when-fine", "Whenever the test set is large", ""),
    ("fraud-98-accuracy", "It is right 98% of the time when it says", ""),
    ("costly-cell-pedestrian", "False positives: a hard brake", ""),
    ("f1-why-harmonic", "It weights recall more", ""),
    ("specificity-question", "Precision, TP / (TP + FP)", ""),
    ("clustering-which-metric", "Davies-Bouldin on the labelled part", ""),
    ("silhouette-negative", "Nothing: silhouette values", ""),
    ("davies-bouldin", "Agreement with the ground-truth", ""),
    ("davies-bouldin", "The number of clusters", ""),
    ("silhouette-cannot-say-one", "Calinski-Harabasz: it is largest at k = 1", "ch-for-k1"),
    ("gap-rule", "Gap(k) = W_k - W_(k+1)", "gap-is-elbow-drop"),
    ("gap-rule", "Gap(k) is the distance between", "gap-is-centroid-distance"),
    ("stability-bootstrap", "Run k-means once", "stability-from-one-run"),
    ("stability-bootstrap", "Compare the inertia of two runs", "stability-from-one-run"),
    ("calinski-harabasz-meaning", "Within over between", "ch-inverted"),
    ("calinski-harabasz-meaning", "The mean silhouette", "k-indices-interchangeable"),
    ("exp-nonsignificant", "The change hurts conversion", ""),
    ("exp-peeking-fix", "Look every day but only stop", ""),
    ("exp-many-metrics", "Surprising unless", ""),
    ("which-fairness-definition", "Calibration within groups", ""),
    ("perplexity-bounds", "Uniform: 1. Best: 0", ""),
    ("perplexity-bounds", "Uniform: log(50,000)", ""),
    ("passk-why-n", "Sampling only 10 gives a biased", ""),
    ("r2-baseline", "A model that predicts zero", ""),
    ("r2-baseline", "The previous production model", ""),
    ("heteroscedastic-errors", "MAPE, because", ""),
    ("roc-auc-meaning", "90% of its alarms", ""),
    ("ap-vs-trapezoid", "AP uses the ROC curve", ""),
    ("cost-threshold-depends", "only when the model is retrained", ""),
    ("cost-threshold-depends", "only when ROC-AUC changes", ""),
    ("learning-curves", "The validation set is leaking", ""),
    ("val-adversarial-next", "Increase k", ""),
    ("mon-label-shift-em", "The mean score this week", ""),
    ("alert-design", "Alert only when precision reaches 0", ""),
    ("alert-design", "Do not alert", ""),
    ("practice-regression-safety", "RMSE improved", ""),
    ("practice-topk-top1", "Recall@100", ""),
]


@pytest.mark.parametrize("qid, option, tag", REVIEWED)
def test_a_reviewed_option_names_only_what_it_says(bank, qid, option, tag):
    assert _tag(bank, qid, option) == tag


def test_every_shows_tag_is_a_defined_misconception_and_never_on_the_right_option(bank):
    for q in (q for q in bank if q.kind == "choice"):
        assert q.shows[q.correct] == "", q.id
        assert all(s in bank.misconceptions for s in q.shows if s), q.id


def test_the_new_misconceptions_say_what_their_options_say(bank):
    m = bank.misconceptions
    assert "negatively correlated" in m["r2-sign-is-correlation"]
    assert "worse than the naive" in m["mase-below-one-worse"]
    assert "k = 1" in m["ch-for-k1"] and "within- over between" in m["ch-inverted"]
