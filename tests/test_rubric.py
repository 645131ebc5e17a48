"""Explain-out-loud key points: what a typed answer covers (issue 17, item 9)."""

import re

import pytest

from mlmetrics_edu.interview.bank import load_bank
from mlmetrics_edu.interview.rubric import answer_entries, coverage, touches_any, validate, words


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def answers():
    return answer_entries()


@pytest.fixture(scope="module")
def explain(bank, answers):
    return {q.id: (q, answers[q.id]["key_points"]) for q in bank if q.kind == "explain"}


# ------------------------------------------------------------------ matching


def test_a_synonym_matches_whatever_the_case_and_punctuation():
    kp = [["Cohen's kappa"], ["5x2cv"], ["ROC-AUC"]]
    assert coverage("COHENS KAPPA, roc auc, and the 5×2cv test!", kp) == [True, True, True]


def test_simple_plurals_and_inflections_match():
    kp = [["label delay"], ["never labelled"], ["proxy"], ["bias"]]
    text = "Label delays matter; blocked rows are never labeled; proxies leak; biases too."
    assert coverage(text, kp) == [True, True, True, True]


def test_matching_is_on_whole_words():
    assert coverage("the ensemble is unbiased", [["bias"], ["semble"], ["ensemble"]]) == [False, False, True]
    assert coverage("a tie-aware binning", [["tie"]]) == [True]
    assert not touches_any("precisely", [["precision"]])


def test_a_phrase_matches_only_in_its_order():
    assert coverage("the labels were delayed", [["label delay"]]) == [False]
    assert coverage("the labels were delayed", [["labels were delayed", "label delay"]]) == [True]


def test_any_synonym_covers_the_point():
    kp = [["fleiss", "krippendorff"], ["seed", "random restarts"]]
    assert coverage("Krippendorff's alpha for five raters", kp) == [True, False]
    assert touches_any("several random restarts", kp)


def test_an_empty_answer_touches_nothing():
    assert coverage("", [["a"], ["b"]]) == [False, False]
    assert not touches_any("   ", [["anything"]])


# ------------------------------------------------------------------ the bank


def test_every_explain_question_has_key_points_aligned_with_its_rubric(bank, explain):
    assert len(explain) >= 57
    for qid, (q, kp) in explain.items():
        assert len(kp) == len(q.rubric), qid
        assert all(kp_i and all(words(s) for s in kp_i) for kp_i in kp), qid


def test_the_bank_passes_the_key_point_validation(bank):
    validate(bank)


def test_each_model_answer_covers_every_point_of_its_own_rubric(explain):
    for qid, (q, kp) in explain.items():
        missed = [q.rubric[i] for i, hit in enumerate(coverage(q.explanation, kp)) if not hit]
        assert not missed, f"{qid}: the model answer misses {missed}"


def test_the_accuracy_number_covers_no_point_of_any_rubric(explain):
    for qid, (q, kp) in explain.items():
        assert not touches_any("the accuracy number", kp), qid
    for qid in ("mon-explain-fraud", "monitoring-explain", "human-eval-design"):
        assert coverage("the accuracy number", explain[qid][1]) == [False] * len(explain[qid][1])


def _point_for(explain, qid, text):
    q, kp = explain[qid]
    covering = [i for i, hit in enumerate(coverage(text, kp)) if hit]
    return [q.rubric[i] for i in covering]


@pytest.mark.parametrize("qid, answer, concept", [
    ("mon-explain-fraud", "chargebacks come late, so there is label delay", "late"),
    ("mon-explain-fraud", "blocked transactions are never labelled", "never labelled"),
    ("monitoring-explain", "labels arrive late: delayed labels", "label delay"),
    ("monitoring-explain", "a blocked payment never gets a label", "never labelled"),
    ("human-eval-design", "Cohen's kappa between the two raters", "cohen's kappa"),
    ("human-eval-design", "Fleiss' kappa with five raters", "fleiss"),
    ("human-eval-design", "Krippendorff's alpha", "krippendorff"),
    ("practice-921-vs-923", "the folds are not independent: use a corrected resampled t-test", "dependent"),
    ("practice-921-vs-923", "or 5x2cv", "5x2cv"),
    ("practice-921-vs-923", "retrain with a few seeds", "seed"),
    ("practice-fairness-resume", "the labels carry label bias from past hiring", "label bias"),
    ("practice-fairness-resume", "proxies such as zip code", "proxies"),
    ("practice-fairness-resume", "intersectional groups like older women", "intersectional"),
    ("mon-explain-drift", "a KS test at large n rejects everything", "ks p-value"),
    ("mon-explain-drift", "watch for label shift", "label (prior) shift"),
])
def test_the_named_rubrics_have_their_key_points(explain, qid, answer, concept):
    points = _point_for(explain, qid, answer)
    assert len(points) == 1 and concept in points[0].lower(), (qid, answer, points)


def test_the_fairness_resume_rubric_fits_its_question(bank):
    q = bank["practice-fairness-resume"]
    assert "what they can miss" in q.prompt          # the prompt asks for more than two names
    assert q.rubric[0].startswith("equal opportunity") and q.rubric[1].startswith("demographic parity")


def test_cohens_kappa_and_several_raters_are_separate_points(explain):
    q, _ = explain["human-eval-design"]
    cohen = [p for p in q.rubric if "Cohen" in p]
    fleiss = [p for p in q.rubric if "Fleiss" in p]
    assert len(cohen) == len(fleiss) == 1 and cohen != fleiss and "two raters" in cohen[0]


# A point that joins two checks ("reports X; checks Y", "estimates X and watches Y") is two
# points. These joined phrasings were reviewed and are one concept each.
ONE_CONCEPT = {
    ("explain-calibration-fixes", "all are fitted on held-out"),       # data hygiene
    ("explain-choose-k", "say that no criterion is a"),                # k is uncertain
    ("slice-eval-explain", "acts on failures: collect da"),            # the remedies, listed
    ("mon-explain-fraud", "chargebacks arrive weeks late"),            # label delay handled
    ("monitoring-explain", "label delay: chargebacks arr"),            # label delay handled
    ("mon-explain-shifts", "concept shift: no input or s"),            # one shift: sign and cure
    ("practice-mae-rmse-houses", "MAE is robust and in dollar"),       # when to pick which
    ("practice-perplexity", "roughly the number of equal"),            # the reading of one number
    ("explain-precision-or-recall", "safety detection: recall fi"),    # one product's answer
    ("sixty-second-safety-detector", "starts from the costs: a mi"),   # the costs
    ("sixty-second-safety-detector", "checks calibration because"),    # calibration
    ("mape-daily-demand", "MAPE divides by the actual:"),              # one failure, quoted
    ("champion-challenger", "keeps a rollback plan and m"),            # a safe switch
    ("val-losses-explain", "with a sigmoid, log loss is"),             # why log loss, not MSE
    ("val-losses-explain", "so train on a proper loss,"),              # the workflow
}
_JOINED = re.compile(r"(, and|,? and then| and|;|, then) (reports?|checks?|monitors?|confirms?|computes?|"
                     r"watch(es)?|chooses?|keeps?|uses?|fix(es)?|fixed|looks?|measures?|compares?|asks?|"
                     r"retrains?|evaluated?|evaluates?|recalibrates?|choose|keep|look|measure|compare)\b"
                     r"|; \w+ (is|are|has|sits)\b")


def test_compound_rubric_points_are_split(explain):
    joined = [(qid, p) for qid, (q, _) in explain.items() for p in q.rubric if _JOINED.search(p)]
    unreviewed = [(qid, p) for qid, p in joined
                  if not any(qid == rid and p.startswith(start) for rid, start in ONE_CONCEPT)]
    assert not unreviewed, unreviewed
