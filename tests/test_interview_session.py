"""The mock interview's pure logic: planning from the bank, keeping score, the report card data.

A small bank is written to a temporary folder (the format of drills/questions/README.md), so the
tests do not depend on how far the real bank has been filled; one test runs the planner over the
real bank too.
"""

import json
import textwrap

import pytest

from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.bank import grade, instantiate, load_bank
from mlmetrics_edu.interview.report import build_card, check_writable, report_paths, to_markdown, write_card
from mlmetrics_edu.interview.session import (DRILL_MIN_MINUTES, DRILL_SECONDS, PlanError, Session, clock,
                                             estimate_seconds, plan_session, skipped_result)

GENERATOR = "_test_interview_counts"

QUESTIONS = {
    "classification": '''
        topic = "classification"

        [misconceptions]
        accuracy-on-rare-events = "accuracy is a fine headline metric when positives are rare"
        precision-recall-swapped = "precision and recall swapped"
        costs-ignored = "a metric chosen without asking what each error costs"

        [[question]]
        id = "acc-rare"
        kind = "choice"
        difficulty = 1
        covers = ["clf.accuracy"]
        misconceptions = ["accuracy-on-rare-events"]
        prompt = "A detector fires on 1% of frames and scores 99% accuracy. Good detector?"
        options = ["Yes, 99% is excellent", "Cannot tell: predicting 'never' also scores 99%", "No, accuracy is always wrong", "Yes, if the test set is large"]
        see = ["01_confusion_matrix_and_accuracy#Accuracy lies on rare events", "drill:accuracy"]
        follow_up = "prec-gen"

        [[question]]
        id = "prec-gen"
        kind = "numeric"
        difficulty = 2
        covers = ["clf.precision-recall"]
        misconceptions = ["precision-recall-swapped"]
        generator = "_test_interview_counts"
        ask = "precision"
        prompt = "The detector has TP = {tp}, FP = {fp}, FN = {fn}. Its precision?"
        standalone = false
        follow_up = "explain-costs"

        [[question]]
        id = "explain-costs"
        kind = "explain"
        difficulty = 3
        covers = ["clf.confusion-matrix"]
        misconceptions = ["costs-ignored"]
        prompt = "In 60 seconds: which metric would you report for this detector, and why?"
        standalone = false

        [[question]]
        id = "recall-gen"
        kind = "numeric"
        difficulty = 2
        covers = ["clf.precision-recall"]
        misconceptions = ["precision-recall-swapped"]
        generator = "_test_interview_counts"
        ask = "recall"
        prompt = "TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn}. Recall?"
        see = ["02_precision_recall_f1"]

        [[question]]
        id = "f1-bug"
        kind = "bug"
        difficulty = 2
        covers = ["clf.f1-fbeta"]
        misconceptions = ["precision-recall-swapped"]
        prompt = "This F1 is wrong. Which line?"
        code = """
        def f1(tp, fp, fn):
            precision = tp / (tp + fp)
            recall = tp / (tp + fp)
            return 2 * precision * recall / (precision + recall)
        """
    ''',
    "thresholds": '''
        topic = "thresholds"

        [misconceptions]
        pr-baseline-half = "the random baseline of PR-AUC is 0.5"

        [[question]]
        id = "pr-baseline"
        kind = "choice"
        difficulty = 2
        covers = ["thr.pr"]
        misconceptions = ["pr-baseline-half"]
        prompt = "Positives are 2% of the data. What PR-AUC does a random ranking get?"
        options = ["0.5", "0.02", "0.98"]

        [[question]]
        id = "auc-fixed"
        kind = "numeric"
        difficulty = 1
        covers = ["thr.roc"]
        prompt = "Scores: positives 0.9, 0.4; negatives 0.5, 0.1. ROC-AUC by pair counting?"

        [[question]]
        id = "threshold-explain"
        kind = "explain"
        difficulty = 3
        covers = ["thr.threshold"]
        prompt = "Why is 0.5 not a law for the decision threshold?"
    ''',
    "practice": '''
        topic = "practice"

        [[question]]
        id = "sixty-seconds"
        kind = "explain"
        difficulty = 2
        covers = ["practice.sixty"]
        prompt = "The 60-second explanation of precision and recall to a product manager."

        [[question]]
        id = "folds-noise"
        kind = "choice"
        difficulty = 3
        covers = ["practice.folds"]
        prompt = "92.1% vs 92.3% over 5 folds: is B better?"
        options = ["Yes", "Not without the spread across folds", "No"]
    ''',
}

ANSWERS = {
    "classification": '''
        [[answer]]
        id = "acc-rare"
        explanation = "Predicting no event at all also scores 99%; report recall and precision."
        correct = 1
        feedback = ["99% is what the constant 'no' model scores", "right: the baseline is 99%", "accuracy is fine on balanced data with equal costs", "size does not fix the baseline"]
        shows = ["accuracy-on-rare-events", "", "", "accuracy-on-rare-events"]

        [[answer]]
        id = "prec-gen"
        explanation = "Precision divides by what the model flagged."
        solution = "precision = TP / (TP + FP) = {tp} / ({tp} + {fp}) = {answer:.3f}"
        traps = { recall = "precision-recall-swapped" }

        [[answer]]
        id = "explain-costs"
        explanation = "Recall first (a miss is worse), then precision at that recall."
        rubric = ["names what each error costs", "picks recall first", "manages false alarms with precision"]

        [[answer]]
        id = "recall-gen"
        explanation = "Recall divides by the real positives."
        solution = "recall = TP / (TP + FN) = {tp} / ({tp} + {fn}) = {answer:.3f}"
        traps = { precision = "precision-recall-swapped" }

        [[answer]]
        id = "f1-bug"
        explanation = "Recall divides by TP + FN."
        line = 3
        fix = "recall = tp / (tp + fn)"
    ''',
    "thresholds": '''
        [[answer]]
        id = "pr-baseline"
        explanation = "The baseline is the prevalence, 0.02."
        correct = 1
        feedback = ["that is ROC-AUC's baseline", "right: the prevalence", "that is the share of negatives"]
        shows = ["pr-baseline-half", "", ""]

        [[answer]]
        id = "auc-fixed"
        explanation = "3 of the 4 positive-negative pairs are ordered right: 0.75."
        answer = 0.75
        solution = "pairs: (0.9 > 0.5), (0.9 > 0.1), (0.4 < 0.5), (0.4 > 0.1): 3/4 = {answer}"

        [[answer]]
        id = "threshold-explain"
        explanation = "The threshold encodes the costs and the prevalence; 0.5 only fits equal costs and calibrated scores."
        rubric = ["costs of the two errors", "prevalence / calibration", "pick it on validation data"]
    ''',
    "practice": '''
        [[answer]]
        id = "sixty-seconds"
        explanation = "Precision: when it says yes, is it right. Recall: of the real yeses, how many it caught."
        rubric = ["precision in plain words", "recall in plain words", "an example with costs", "the trade-off"]

        [[answer]]
        id = "folds-noise"
        explanation = "0.2 points is inside the fold-to-fold spread; test it (paired) before claiming."
        correct = 1
        feedback = ["ignores the noise across folds", "right", "the data do not say B is worse either"]
    ''',
}


def _counts(rng):
    tp, fp, fn, tn = (int(v) for v in rng.integers(5, [60, 40, 40, 400]))
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": tp / (tp + fp), "recall": tp / (tp + fn)}


def write_bank(root):
    """Write the small bank under ``root`` (``drills/questions``, ``answers/questions``)."""
    qdir, adir = root / "drills" / "questions", root / "answers" / "questions"
    qdir.mkdir(parents=True)
    adir.mkdir(parents=True)
    for name, text in QUESTIONS.items():
        (qdir / f"{name}.toml").write_text(textwrap.dedent(text))
        (adir / f"{name}.toml").write_text(textwrap.dedent(ANSWERS[name]))
    return root


@pytest.fixture(scope="module")
def registered_generator():
    """Register the bank's test generator for these tests only."""
    generators.discover()
    generators.GENERATORS[GENERATOR] = _counts
    yield
    generators.GENERATORS.pop(GENERATOR, None)


@pytest.fixture(scope="module")
def bank_root(tmp_path_factory, registered_generator):
    return write_bank(tmp_path_factory.mktemp("bank"))


@pytest.fixture(scope="module")
def bank(bank_root):
    return load_bank(str(bank_root))


# --------------------------------------------------------------------------- planning


def ids(plan):
    return [item.question.id for item in plan.items]


def test_the_plan_keeps_each_follow_up_chain_together_and_in_order(bank):
    for seed in range(20):
        got = ids(plan_session(bank, 60, seed=seed))
        assert "acc-rare" in got  # 60 minutes hold the whole small bank
        k = got.index("acc-rare")
        assert got[k:k + 3] == ["acc-rare", "prec-gen", "explain-costs"]


def test_follow_ups_know_their_parent_and_step(bank):
    plan = plan_session(bank, 60, seed=3)
    by_id = {item.question.id: item for item in plan.items}
    assert (by_id["acc-rare"].step, by_id["acc-rare"].parent) == (0, None)
    assert (by_id["prec-gen"].step, by_id["prec-gen"].parent) == (1, "acc-rare")
    assert by_id["explain-costs"].is_follow_up and by_id["explain-costs"].parent == "prec-gen"
    assert by_id["acc-rare"].chain == by_id["explain-costs"].chain


def test_no_question_is_asked_twice_in_one_session(bank):
    for seed in range(30):
        got = ids(plan_session(bank, 60, seed=seed))
        assert len(got) == len(set(got)) == len(bank)


def test_the_plan_fills_the_minutes_without_passing_them(bank):
    for minutes in (2, 3, 5, 8):
        for seed in range(10):
            plan = plan_session(bank, minutes, seed=seed)
            assert plan.estimate <= 60 * minutes
            unused = [q for q in bank.select() if q.id not in ids(plan)]
            # nothing that is still free would have fitted in the time left
            for q in unused:
                chain = [c for c in bank.chain(q.id)]
                if not any(c.id in ids(plan) for c in chain):
                    cost = sum(estimate_seconds(c.kind, c.difficulty) for c in chain)
                    assert plan.estimate + cost > 60 * minutes


def test_a_longer_interview_asks_more_questions(bank):
    counts = [len(plan_session(bank, m, seed=1).items) for m in (1, 3, 6, 60)]
    assert counts == sorted(counts) and counts[0] >= 1 and counts[-1] == len(bank)


def test_an_interview_shorter_than_any_question_still_asks_the_quickest_one(bank):
    plan = plan_session(bank, 0.2, seed=0)
    assert len(plan.items) == 1
    assert plan.items[0].estimate == min(estimate_seconds(q.kind, q.difficulty) for q in bank.select())


def test_estimates_depend_on_kind_and_difficulty():
    assert estimate_seconds("choice", 1) < estimate_seconds("choice", 2) < estimate_seconds("choice", 3)
    assert estimate_seconds("choice", 2) < estimate_seconds("bug", 2) < estimate_seconds("numeric", 2)


def test_the_plan_respects_topics_and_levels(bank):
    for seed in range(10):
        plan = plan_session(bank, 60, topics=["thresholds"], seed=seed)
        assert {i.question.topic for i in plan.items} == {"thresholds"}
        plan = plan_session(bank, 60, levels=[3], seed=seed)
        assert {i.question.difficulty for i in plan.items if not i.is_follow_up} == {3}
        plan = plan_session(bank, 60, topics=["classification", "practice"], levels=[1, 2], seed=seed)
        openers = [i.question for i in plan.items if not i.is_follow_up]
        assert {q.topic for q in openers} <= {"classification", "practice"}
        assert {q.difficulty for q in openers} <= {1, 2}
        assert "thresholds" not in {i.question.topic for i in plan.items}


def test_a_follow_up_comes_with_its_opener_even_past_the_level_filter(bank):
    plan = plan_session(bank, 60, levels=[1], topics=["classification"], seed=0)
    assert ids(plan) == ["acc-rare", "prec-gen", "explain-costs"]


def test_a_short_interview_spans_topics(bank):
    for seed in range(10):
        plan = plan_session(bank, 4, seed=seed)
        assert len({i.question.topic for i in plan.items}) >= 2, ids(plan)


def test_the_plan_starts_with_warm_ups(bank):
    for seed in range(10):
        openers = [i.question.difficulty for i in plan_session(bank, 60, seed=seed).items if not i.is_follow_up]
        assert openers == sorted(openers)


def test_no_matching_question_is_a_plan_error_naming_the_filters(bank):
    with pytest.raises(PlanError, match="clustering"):
        plan_session(bank, 10, topics=["clustering"])
    with pytest.raises(PlanError, match="positive"):
        plan_session(bank, 0)


def test_the_drill_gets_its_time_only_in_a_long_enough_interview(bank):
    assert plan_session(bank, DRILL_MIN_MINUTES, seed=0, drill=True).drill_seconds == DRILL_SECONDS
    assert plan_session(bank, DRILL_MIN_MINUTES - 1, seed=0, drill=True).drill_seconds == 0
    plan = plan_session(bank, 8 + DRILL_SECONDS / 60, seed=0, drill=True)
    assert plan.estimate <= 8 * 60


# --------------------------------------------------------------------------- seeds


def test_the_same_seed_gives_the_same_interview(bank):
    a, b = plan_session(bank, 5, seed=42), plan_session(bank, 5, seed=42)
    assert ids(a) == ids(b)
    assert [i.instance.prompt for i in a.items] == [i.instance.prompt for i in b.items]
    assert [i.instance.options for i in a.items] == [i.instance.options for i in b.items]


def test_different_seeds_draw_different_questions_and_numbers(bank):
    plans = [plan_session(bank, 4, seed=s) for s in range(12)]
    assert len({tuple(ids(p)) for p in plans}) > 3
    recall = [i.instance.prompt for s in range(12) for i in plan_session(bank, 60, seed=s).items
              if i.question.id == "recall-gen"]
    assert len(set(recall)) == 12  # a generated question never repeats verbatim across these seeds


def test_the_instances_are_the_banks_own_draws(bank):
    plan = plan_session(bank, 60, seed=7)
    for item in plan.items:
        assert item.instance.prompt == instantiate(item.question, 7).prompt


def test_the_real_bank_plans_an_interview_when_it_has_questions():
    real = load_bank()
    if not len(real):
        pytest.skip("the real bank has no questions yet")
    plan = plan_session(real, 20, seed=0)
    assert 0 < plan.estimate <= 20 * 60
    assert len(ids(plan)) == len(set(ids(plan)))


# --------------------------------------------------------------------------- the session and its card


def answer(session, qid, response, seconds):
    item = next(i for i in session.plan.items if i.question.id == qid)
    return session.record(item, grade(item.instance, response), seconds)


def test_the_report_data_scores_by_topic_and_lists_misconceptions_and_review(bank):
    plan = plan_session(bank, 60, seed=5)
    session = Session(plan, bank)
    items = {i.question.id: i for i in plan.items}
    wrong_letter = next(i for i in range(4) if items["acc-rare"].instance.order[i] == 0)
    answer(session, "acc-rare", wrong_letter, 40)                                   # wrong: shows a misconception
    answer(session, "prec-gen", items["prec-gen"].instance.answer, 100)           # right
    answer(session, "explain-costs", [True, True, False], 130)                    # 2/3 of the rubric
    answer(session, "pr-baseline", items["pr-baseline"].instance.correct_choice, 30)   # right
    session.skip(items["f1-bug"], 12)
    session.end("quit")
    data = session.report_data(elapsed=400, started="2026-01-01T10:00:00+00:00")
    assert data["ended"] == "quit" and data["asked"] == 5 and data["planned"] == len(bank)
    assert data["score"] == {"points": pytest.approx(2 + 2 / 3, abs=1e-3), "out_of": 5,
                             "percent": pytest.approx(53.3)}
    topics = {row["topic"]: row for row in data["by_topic"]}
    assert set(topics) == {"classification", "thresholds"}
    assert (topics["classification"]["asked"], topics["classification"]["right"]) == (4, 1)
    assert topics["classification"]["seconds"] == 282
    assert topics["thresholds"]["percent"] == 100
    rows = {r["id"]: r for r in data["questions"]}
    assert rows["acc-rare"]["seconds"] == 40 and rows["acc-rare"]["correct"] is False
    assert rows["prec-gen"]["follow_up_of"] == "acc-rare"
    assert rows["explain-costs"]["score"] == pytest.approx(0.667)
    assert rows["f1-bug"]["skipped"] is True
    assert [m["key"] for m in data["misconceptions"]] == ["accuracy-on-rare-events"]  # shown, not guessed
    assert data["misconceptions"][0]["description"].startswith("accuracy is a fine headline")
    assert [r["id"] for r in data["review"]] == ["acc-rare", "explain-costs", "f1-bug"]
    assert data["review"][0]["drills"] == ["accuracy"]
    assert set(data["not_asked"]) == set(bank.questions) - set(rows)
    json.dumps(data)  # JSON-ready


def test_a_question_cannot_be_recorded_twice(bank):
    plan = plan_session(bank, 60, seed=0)
    session = Session(plan, bank)
    item = plan.items[0]
    session.skip(item, 1)
    with pytest.raises(ValueError, match="already answered"):
        session.skip(item, 1)


def test_a_skipped_question_reveals_the_answer_for_every_kind(bank):
    for q in bank:
        inst = instantiate(q, 1)
        result = skipped_result(inst)
        assert (result.correct, result.score, result.misconceptions) == (False, 0.0, [])
        expected = {"choice": q.options[q.correct] if q.options else None,
                    "numeric": inst.solution, "bug": q.fix, "explain": q.rubric[0] if q.rubric else None}[q.kind]
        assert expected in result.feedback


def test_the_card_links_each_missed_item_to_its_notebook_section_and_drill(bank, tmp_path):
    plan = plan_session(bank, 60, seed=5)
    session = Session(plan, bank)
    items = {i.question.id: i for i in plan.items}
    session.skip(items["acc-rare"], 5)
    session.skip(items["recall-gen"], 5)
    session.skip(items["sixty-seconds"], 5)
    card = build_card(session.report_data(elapsed=15, started="x"), notebooks_dir=tmp_path)
    review = {r["id"]: r for r in card["review"]}
    link = review["acc-rare"]["notebook_links"][0]
    assert link["notebook"] == "01_confusion_matrix_and_accuracy"
    assert link["section"] == "Accuracy lies on rare events"
    assert link["colab"].endswith("/notebooks/01_confusion_matrix_and_accuracy.ipynb")
    assert link["path"] is None  # not in this notebooks folder
    assert review["acc-rare"]["drill_links"][0]["command"] == "mlmetrics-edu drill check accuracy"
    assert review["acc-rare"]["drill_links"][0]["file"] == "01_confusion_matrix.py"
    # issue 17.11: only the drills a question covers (its `see` drills), never its whole topic's
    assert review["recall-gen"]["drill_links"] == []
    assert review["sixty-seconds"]["drill_links"] == []
    assert review["sixty-seconds"]["notebook_links"][0]["notebook"] == "06_interview_drills"
    md = to_markdown(card)
    assert "section \"Accuracy lies on rare events\"" in md
    assert "`mlmetrics-edu drill check accuracy`" in md
    assert "## What to review" in md and "**recall-gen**" in md


def test_the_card_is_written_as_markdown_and_json_to_a_folder_or_a_name(bank, tmp_path):
    session = Session(plan_session(bank, 3, seed=0), bank)
    card = build_card(session.report_data(elapsed=1, started="x"))
    md, js = write_card(card, tmp_path, "20260101-100000")
    assert md.name == "interview-report-20260101-100000.md" and js.with_suffix(".md") == md
    assert json.loads(js.read_text())["seed"] == 0
    assert "No question was answered." in md.read_text()
    md2, js2 = report_paths(tmp_path / "mine.md", "stamp")
    assert (md2.name, js2.name) == ("mine.md", "mine.json")
    with pytest.raises(OSError):
        check_writable(tmp_path / "missing" / "card", "s")
    check_writable(tmp_path, "s")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([md.name, js.name])


def test_clock_text():
    assert clock(0) == "00:00" and clock(59.6) == "01:00" and clock(6000) == "100:00" and clock(-5) == "00:00"
