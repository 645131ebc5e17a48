"""One practice engine under every front end (issue 16.2, 17.1, 17.8, 17.10, 17.11).

The quiz widget, ``mlmetrics-edu interview`` and ``mlmetrics-edu review`` are driven through the
same questions with the same answers (right, wrong, partial, read from whatever each one shows)
and must agree on every grade and on the totals by topic: they share one planner, one session
and one scheduler. Then the things the engine guarantees to all three: nothing lost (each
answer on disk as soon as it is graded, SIGHUP/SIGTERM end an interview like Ctrl-C), follow-ups
that keep their parent's numbers, review that schedules what matters, and the report card.
"""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlmetrics_edu.cli import interview as interview_cli
from mlmetrics_edu.cli.review import main as review_main
from mlmetrics_edu.drill.progress import FILENAME
from mlmetrics_edu.interview import planner
from mlmetrics_edu.interview.bank import Result, instantiate, load_bank, model_response
from mlmetrics_edu.interview.kinds import KIND_TABLE
from mlmetrics_edu.interview.review import ReviewStore
from mlmetrics_edu.interview.session import Session, plan_session
from mlmetrics_edu.widgets.quiz import quiz

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SEED = 4
# one of each kind, and a generated numeric question with its follow-up
IDS = ["accuracy-when-fine", "precision-from-roc-point", "bug-precision-denominator", "explain-cells-and-costs"]
PLAN = {"accuracy-when-fine": "wrong", "precision-from-roc-point": "right",
        "precision-prevalence-doubled": "wrong", "bug-precision-denominator": "right",
        "explain-cells-and-costs": "partial"}


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def response(inst, how):
    """The engine's response for ``how`` on this instance (right, wrong or partial)."""
    q = inst.question
    if how == "right":
        return model_response(inst)
    if q.kind == "choice":
        return next(i for i in range(len(inst.options)) if i != inst.correct_choice)
    if q.kind == "numeric":
        return inst.answer * 3 + 1
    if q.kind == "bug":
        return next(n for n in range(1, len(inst.code_lines) + 1) if n != q.line and str(n) not in q.other_fixes)
    return [i % 2 == 0 for i in range(len(q.rubric))]   # explain: every other point


def typed(inst, how):
    """The same response as a learner types it at a terminal (one line each)."""
    value = response(inst, how)
    if inst.question.kind == "choice":
        return ["abcde"[value]]
    if inst.question.kind == "explain":
        return [""] + ["y" if v else "n" for v in value]
    return [f"{value:.6f}" if isinstance(value, float) else str(value)]


def engine_grades(bank):
    plan = planner.plan(bank, questions=IDS, seed=SEED)
    session = Session(plan, bank)
    while (item := session.next_item()) is not None:
        session.answer(item, response(item.instance, PLAN[item.question.id]), 10.0)
    return ({a.item.question.id: (a.result.correct, round(a.result.score, 3)) for a in session.answers},
            {t: (round(r["points"], 3), r["answered"]) for t, r in session.by_topic().items()})


def test_the_quiz_the_interview_and_review_give_the_same_grades_and_totals(bank, tmp_path):
    grades, totals = engine_grades(bank)
    assert set(grades) == set(PLAN) and {g[0] for g in grades.values()} == {True, False}

    # the quiz widget
    widget = quiz(IDS, bank=bank, seed=SEED, review=False)
    while widget.instance is not None:
        widget.respond(response(widget.instance, PLAN[widget.instance.question.id]))
        widget.next_button.click()
    assert {a.instance.question.id: (a.result.correct, round(a.result.score, 3))
            for a in widget.state.answers} == grades
    assert {t: (round(p, 3), n) for t, (p, n) in widget.state.by_topic().items()} == totals

    # the mock interview
    learner = tmp_path / "interview"
    learner.mkdir()
    lines = [line for item in planner.plan(bank, questions=IDS, seed=SEED).items
             for line in typed(item.instance, PLAN[item.question.id])]
    out = io.StringIO()
    code = interview_cli.main(["--questions", *IDS, "--seed", str(SEED), "--minutes", "60", "--no-drill",
                               "--dir", str(learner)], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out,
                              stderr=io.StringIO(), now=lambda: NOW)
    assert code == 0, out.getvalue()
    card = json.loads(next(learner.glob("interview-report-*.json")).read_text())
    assert {q["id"]: (q["correct"], q["score"]) for q in card["questions"]} == grades
    assert {r["topic"]: (r["points"], r["answered"]) for r in card["by_topic"]} == totals

    # review, the next day: every question was queued; each is drawn afresh
    folder = tmp_path / "review"
    store = ReviewStore(folder)
    for qid in PLAN:
        store.record_question(qid, Result(False, 0.0, "", ""), topic=bank[qid].topic, misconceptions=[], when=NOW)
    store.save()
    due = [item for item in store.due(NOW + timedelta(days=1))]
    lines = []
    for item in due:
        inst = instantiate(bank[item.target], planner.review_seed(item.key, item.reviews, 7))
        how = PLAN[item.target]
        lines += typed(inst, how)
        if grades[item.target][0]:
            lines.append("")            # "how did it feel?": Enter keeps the derived rating
    screen = io.StringIO()
    assert review_main(["review", "--dir", str(folder), "--seed", "7"], stdin=io.StringIO("\n".join(lines) + "\n"),
                       stdout=screen, now=NOW + timedelta(days=1), bank=bank) == 0
    text = screen.getvalue()
    history = json.loads((folder / FILENAME).read_text())["review"]
    assert {qid: history["q:" + qid]["history"][-1][1] != "Again" for qid in PLAN} == {
        qid: g[0] for qid, g in grades.items()}
    shown = {m.group(1): (float(m.group(2)), int(m.group(3))) for m in
             re.finditer(r"^  (.+?): ([\d.]+) points? for (\d+) questions? answered$", text, re.M)}
    from mlmetrics_edu.interview.bank import TOPICS
    assert shown == {TOPICS[t][0]: (round(p, 2), n) for t, (p, n) in totals.items()}


def test_question_kinds_are_one_class_each_found_in_one_table(bank):
    assert set(KIND_TABLE) == {"choice", "numeric", "bug", "explain"}
    for q in bank:
        inst = instantiate(q, 1)
        kind = KIND_TABLE[q.kind]
        assert kind.grade(inst, kind.model_response(inst)).correct
        assert kind.reveal(inst)


# --------------------------------------------------------------------------- 17.8 follow-ups


def test_a_follow_up_keeps_its_parents_scenario_and_numbers(bank):
    plan = plan_session(bank, 20, topics=["thresholds"], levels=[3], seed=75)
    pairs = [(plan.items[k], plan.items[k + 1]) for k in range(len(plan.items) - 1) if plan.items[k + 1].parent]
    assert pairs
    for parent, child in pairs:
        if parent.question.generator and parent.question.generator == child.question.generator:
            shared = set(parent.instance.values) - {"answer"}
            assert {k: child.instance.values[k] for k in shared} == {k: parent.instance.values[k] for k in shared}
    roc = next(p for p in pairs if p[0].question.id == "precision-from-roc-point")
    # the follow-up's feedback quotes the precision the candidate computed in the parent
    assert f"{roc[0].instance.answer:.3f}" in roc[1].instance.solution
    for seed in range(40):   # and so for any seed
        first, second = planner.plan(bank, questions=["precision-from-roc-point"], seed=seed).items
        assert f"{first.instance.answer:.3f}" in second.instance.solution


def test_a_follow_up_branches_on_the_answer_where_the_bank_defines_it(bank):
    parent = bank["precision-from-roc-point"]
    branched = type(parent)(**{**vars(parent), "follow_up_if_wrong": "pr-random-baseline"})
    questions = dict(bank.questions, **{parent.id: branched})
    fake = type(bank)(questions, bank.misconceptions, bank.syllabus)
    for how, expected in (("right", "precision-prevalence-doubled"), ("wrong", "pr-random-baseline")):
        session = Session(planner.plan(fake, questions=[parent.id], seed=3), fake)
        item = session.next_item()
        session.answer(item, response(item.instance, how), 5.0)
        assert session.next_item().question.id == expected


# --------------------------------------------------------------------------- 17.1 nothing lost


def test_each_answer_is_in_the_progress_file_as_soon_as_it_is_graded(bank, tmp_path):
    seen = []

    def watch(prompt=""):
        data = json.loads((tmp_path / FILENAME).read_text()) if (tmp_path / FILENAME).exists() else {"review": {}}
        seen.append(sorted(k for k in data["review"] if k.startswith("q:")))
        if len(seen) > 3:
            raise EOFError
        return "skip"

    interview_cli.main(["--questions", *IDS, "--seed", "1", "--no-drill", "--dir", str(tmp_path)],
                       input_fn=watch, stdout=io.StringIO(), stderr=io.StringIO(), now=lambda: NOW)
    assert [len(s) for s in seen] == [0, 1, 2, 3]   # on disk before the next question is asked


SCRIPT = """
import sys
from mlmetrics_edu.cli.interview import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("sig, status, reason", [(signal.SIGHUP, 129, "hangup"), (signal.SIGTERM, 143, "terminated")])
def test_sighup_and_sigterm_end_an_interview_as_ctrl_c_does(tmp_path, sig, status, reason):
    run = subprocess.Popen([sys.executable, "-c", SCRIPT, "--questions", *IDS, "--seed", "2", "--no-drill",
                            "--dir", str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    run.stdin.write(b"skip\n")
    run.stdin.flush()
    deadline = time.monotonic() + 60
    while not (tmp_path / FILENAME).exists() and time.monotonic() < deadline:
        time.sleep(0.1)   # the first answer is graded and on disk: the interview is mid-way
    time.sleep(0.3)
    run.send_signal(sig)
    out, err = run.communicate(timeout=60)
    assert run.returncode == status, err.decode()
    assert b"Traceback" not in err
    assert f"exit status {status}".encode() in err
    card = json.loads(next(tmp_path.glob("interview-report-*.json")).read_text())
    assert card["ended"] == reason and card["asked"] >= 1
    assert "q:accuracy-when-fine" in json.loads((tmp_path / FILENAME).read_text())["review"]


# --------------------------------------------------------------------------- 17.10 review


def test_answers_right_in_an_interview_start_at_days(bank, tmp_path):
    item = planner.plan(bank, questions=["accuracy-when-fine"], seed=0).items[0]
    lines = typed(item.instance, "right")
    interview_cli.main(["--questions", "accuracy-when-fine", "--seed", "0", "--no-drill", "--dir", str(tmp_path)],
                       stdin=io.StringIO("\n".join(lines) + "\n"), stdout=io.StringIO(), stderr=io.StringIO(),
                       now=lambda: NOW)
    due = ReviewStore(tmp_path).item("q:accuracy-when-fine").due
    assert due - NOW >= timedelta(days=1)


def test_review_days_simulates_a_later_day(bank, tmp_path):
    store = ReviewStore(tmp_path)
    store.record_question("accuracy-when-fine", Result(True, 1.0, "", ""), topic="classification",
                          misconceptions=[], when=datetime.now(timezone.utc), rating="Easy")
    store.save()
    out = io.StringIO()
    review_main(["review", "--dir", str(tmp_path), "--list"], stdout=out)
    assert "0 due now" in out.getvalue()
    out = io.StringIO()
    review_main(["review", "--dir", str(tmp_path), "--list", "--days", "60"], stdout=out)
    assert "1 due now" in out.getvalue()
    out = io.StringIO()
    review_main(["review", "--dir", str(tmp_path), "--list", "--now", "2099-01-01T09:00"], stdout=out)
    assert "1 due now" in out.getvalue()


def test_a_misconception_is_never_probed_with_the_card_just_missed(bank, tmp_path):
    key = next(m for m in bank.misconceptions
               if sum(m in q.misconceptions or m in q.shows for q in bank if not q.task) >= 2)
    store = ReviewStore(tmp_path)
    store.record_misconceptions([key], when=NOW)
    store.save()
    asked = []
    when = NOW
    for _ in range(3):
        when += timedelta(days=30)
        screen = io.StringIO()
        review_main(["review", "--dir", str(tmp_path), "--seed", "1", "--limit", "1"],
                    stdin=io.StringIO("q\n"), stdout=screen, now=when, bank=bank)
        store = ReviewStore(tmp_path)
        asked.append(store.probe_of("m:" + key))
        store.review("m:" + key, "Again", when)   # missed: it comes straight back
        store.note("m:" + key, probe=asked[-1])
        store.save()
    assert all(a != b for a, b in zip(asked, asked[1:])), asked


def test_an_explain_item_keeps_the_typed_answer(bank, tmp_path):
    q = bank["explain-cells-and-costs"]
    store = ReviewStore(tmp_path)
    store.record_question(q.id, Result(False, 0.0, "", ""), topic=q.topic, misconceptions=[], when=NOW)
    store.save()
    said = "A false negative misses a sick patient; a false positive costs a follow-up test."
    lines = [said] + ["y"] * len(q.rubric) + [""]
    screen = io.StringIO()
    review_main(["review", "--dir", str(tmp_path), "--seed", "1"], stdin=io.StringIO("\n".join(lines) + "\n"),
                stdout=screen, now=NOW + timedelta(days=1), bank=bank)
    assert f"You wrote: {said}" in screen.getvalue()
    assert json.loads((tmp_path / FILENAME).read_text())["review"]["q:" + q.id]["typed"] == said


# --------------------------------------------------------------------------- 17.11 the report card


def test_the_card_counts_skips_apart_says_when_nothing_was_answered_and_keeps_what_was_typed(bank, tmp_path):
    out = io.StringIO()
    interview_cli.main(["--questions", *IDS, "--seed", "1", "--no-drill", "--dir", str(tmp_path)],
                       stdin=io.StringIO("skip\nskip\n"), stdout=out, stderr=io.StringIO(), now=lambda: NOW)
    card = json.loads(next(tmp_path.glob("interview-report-*.json")).read_text())
    assert (card["asked"], card["answered"], card["skipped"]) == (2, 0, 2)
    md = next(tmp_path.glob("interview-report-*.md")).read_text()
    assert "0 of" in md and "2 skipped" in md and "No question was answered" in md
    for row in card["review"]:      # only the drills each question covers
        assert row["drills"] == list(bank[row["id"]].drills)


def test_the_json_keeps_what_was_typed_and_overtime_is_shown(bank, tmp_path):
    item = planner.plan(bank, questions=["precision-from-roc-point"], seed=0).items[0]
    clock = iter(range(0, 10_000, 400))
    interview_cli.main(["--questions", "precision-from-roc-point", "--seed", "0", "--no-drill",
                        "--dir", str(tmp_path)], stdin=io.StringIO(f"{item.instance.answer:.4f}\nq\n"),
                       stdout=io.StringIO(), stderr=io.StringIO(), now=lambda: NOW, clock=lambda: next(clock))
    card = json.loads(next(tmp_path.glob("interview-report-*.json")).read_text())
    assert card["questions"][0]["typed"] == f"{item.instance.answer:.4f}"
    assert card["questions"][0]["overtime_seconds"] > 0
    assert "over)" in next(tmp_path.glob("interview-report-*.md")).read_text()


def test_links_point_to_the_learners_working_copy(bank, tmp_path):
    from mlmetrics_edu.interview.report import build_card, working_copy

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_confusion_matrix_and_accuracy.ipynb").write_text("{}")
    session = Session(planner.plan(bank, questions=["accuracy-when-fine"], seed=0), bank)
    session.skip(session.next_item(), 1.0)
    card = build_card(session.report_data(elapsed=1.0), notebooks_dir=working_copy(tmp_path))
    paths = [link["path"] for row in card["review"] for link in row["notebook_links"]]
    assert paths and all(p is None or p.startswith(str(tmp_path.resolve())) for p in paths)
    assert any(p for p in paths)


def test_the_quiz_draws_a_fresh_seed_records_by_default_and_offers_try_again(bank, tmp_path, monkeypatch):
    seeds = {quiz(kind="choice", n=1, bank=bank, review=False).seed for _ in range(5)}
    assert len(seeds) > 1
    again = quiz(kind="choice", n=1, bank=bank, review=False, seed=min(seeds))
    assert f"seed {min(seeds)}" in again.prompt.value
    (tmp_path / FILENAME).write_text(json.dumps({"version": 2, "drills": {}, "review": {}}))
    monkeypatch.chdir(tmp_path)          # a learner's folder: the quiz records there by default
    w = quiz("accuracy-when-fine", bank=bank, seed=1)
    wrong = response(w.instance, "wrong")
    w.respond(wrong)
    assert "q:accuracy-when-fine" in ReviewStore(tmp_path)
    assert w.try_button.layout.display is None        # offered after a miss
    w.try_button.click()
    w.choice.value = w.instance.correct_choice
    w.check_button.click()
    assert "Right this time" in w.feedback.value and w.state.score == 0.0   # the first attempt counts


def test_a_notebook_check_records_in_the_folder_above_the_working_copy(tmp_path, monkeypatch):
    from mlmetrics_edu.drill.progress import learner_folder

    course = tmp_path / "mlmetrics-course"
    course.mkdir()
    (course / "01_confusion_matrix_and_accuracy.ipynb").write_text("{}")
    assert learner_folder(course) == tmp_path.resolve()
    assert learner_folder(Path(__file__).resolve().parent.parent / "notebooks") is None


def test_the_rapid_fire_clock_ticks_between_answers(bank):
    class Clock:
        t = 100.0

        def __call__(self):
            return self.t

    clock = Clock()
    w = quiz(rapid_fire=True, minutes=5, seed=1, bank=bank, clock=clock, review=False)
    assert "5:00 left of 5:00" in w._status_html()
    clock.t += 30
    assert "4:30 left of 5:00" in w._status_html()   # no answer given: the header still counts down
    live = quiz(rapid_fire=True, minutes=5, seed=1, bank=bank, review=False)
    assert live._ticker is not None and live._ticker.daemon   # a real clock refreshes it every second
    live._ticker.cancel()


# --------------------------------------------------------------------------- rubric data wired in (17.6, 17.9)


def test_every_valid_bug_line_is_right_and_a_wrong_line_names_only_what_it_shows(bank):
    bugs = [q for q in bank if q.kind == "bug" and not q.legacy_blame]
    assert any(q.other_fixes for q in bugs)
    for q in bugs:
        inst = instantiate(q, 0)
        for line in [q.line, *map(int, q.other_fixes)]:
            assert KIND_TABLE["bug"].grade(inst, line).correct, (q.id, line)
        for line in range(1, len(inst.code_lines) + 1):
            if line == q.line or str(line) in q.other_fixes:
                continue
            result = KIND_TABLE["bug"].grade(inst, line)
            tag = q.line_shows.get(str(line))
            assert not result.correct
            assert result.misconceptions == ([] if not tag else [tag] if isinstance(tag, str) else list(tag))


def test_an_explain_answer_that_touches_no_point_cannot_be_graded_right(bank):
    q = next(q for q in bank if q.kind == "explain" and q.key_points)
    inst = instantiate(q, 0)
    all_yes = [True] * len(q.rubric)
    assert not KIND_TABLE["explain"].grade(inst, all_yes, "the accuracy number").correct
    said = " and ".join(points[0] for points in q.key_points)
    assert KIND_TABLE["explain"].covered(inst, said) == [True] * len(q.rubric)
    assert KIND_TABLE["explain"].grade(inst, all_yes, said).correct


def test_the_interview_shows_what_the_typed_answer_covers_and_marks_can_be_undone(bank, tmp_path):
    q = next(q for q in bank if q.kind == "explain" and q.key_points and q.follow_up is None)
    said = q.key_points[0][0]
    lines = [said, "n", "u", "y"] + ["y"] * (len(q.rubric) - 1)
    out = io.StringIO()
    interview_cli.main(["--questions", q.id, "--seed", "0", "--no-drill", "--dir", str(tmp_path)],
                       stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, stderr=io.StringIO(), now=lambda: NOW)
    text = out.getvalue()
    assert "Your typed answer seems to cover: 1" in text and "Undone" in text
    card = json.loads(next(tmp_path.glob("interview-report-*.json")).read_text())
    assert card["questions"][0]["response"] == [True] * len(q.rubric) and card["questions"][0]["typed"] == said
