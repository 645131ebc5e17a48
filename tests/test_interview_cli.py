"""``mlmetrics-edu interview`` driven in-process: scripted answers, a fake clock, the report card.

The answers are typed by a script that knows the plan (the same seed draws the same interview),
so each test can give right, wrong, empty and garbage answers where it wants them. The bank is
the small one of test_interview_session.py, written to a temporary folder.
"""

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mlmetrics_edu.cli import interview as cli
from mlmetrics_edu.interview.bank import LEVELS
from mlmetrics_edu.interview.session import plan_session
from test_interview_session import bank, bank_root, registered_generator  # noqa: F401 (fixtures)

NOW = datetime(2026, 1, 2, 9, 30, 0, tzinfo=timezone.utc)
STAMP = "20260102-093000"


class FakeClock:
    def __init__(self):
        self.t = 5000.0

    def __call__(self):
        return self.t


class Typist:
    """Types the scripted answers; each one takes ``step`` seconds on the fake clock.

    An answer may be an exception class (raised instead of typing) or a callable (run, then
    its return value is typed). When the script runs out, the input ends (EOFError).
    """

    def __init__(self, clock, out, answers, step=30.0):
        self.clock, self.out, self.answers, self.step = clock, out, list(answers), step
        self.prompts = []

    def __call__(self, prompt=""):
        self.out.write(prompt)
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, type) and issubclass(answer, BaseException):
            raise answer
        if callable(answer):
            answer = answer()
        self.clock.t += self.step
        self.out.write(answer + "\n")
        return answer


class FakeStore:
    """Stands in for ReviewStore: keeps the calls."""

    instances = []

    def __init__(self, folder):
        self.folder, self.questions, self.drills, self.saved = folder, [], [], 0
        FakeStore.instances.append(self)

    def record_question(self, question_id, result, *, topic, misconceptions, when=None, rating=None, typed=None):
        self.questions.append((question_id, bool(result.correct), topic, list(misconceptions)))

    def record_drill(self, drill_id, passed, *, misconception=None, when=None, todo=False):
        self.drills.append((drill_id, passed, misconception, todo))

    def save(self):
        self.saved += 1


@pytest.fixture
def learner(tmp_path):
    folder = tmp_path / "learner"
    folder.mkdir()
    return folder


def interview(bank_root, learner, answers, *args, step=30.0, store=FakeStore, minutes="10", seed="3"):
    clock, out, err = FakeClock(), io.StringIO(), io.StringIO()
    typist = Typist(clock, out, answers, step)
    argv = ["--seed", seed, "--minutes", minutes, "--dir", str(learner), "--bank", str(bank_root), *args]
    code = cli.main(argv, stdout=out, stderr=err, clock=clock, now=lambda: NOW, input_fn=typist,
                    store_factory=store)
    return code, out.getvalue(), err.getvalue(), typist


def card(learner):
    md = (learner / f"interview-report-{STAMP}.md").read_text()
    js = json.loads((learner / f"interview-report-{STAMP}.json").read_text())
    return md, js


def plan_of(bank, minutes=10, seed=3, topics=("classification",)):
    return {i.question.id: i for i in plan_session(bank, minutes, topics=list(topics), seed=seed).items}


# --------------------------------------------------------------------------- a whole interview


def test_a_whole_interview_grades_every_kind_and_writes_the_report_card(bank_root, bank, learner):
    items = plan_of(bank)
    assert list(items) == ["acc-rare", "prec-gen", "explain-costs", "recall-gen", "f1-bug"]
    right = "abcd"[items["acc-rare"].instance.correct_choice]
    trap = f"{items['prec-gen'].instance.values['recall']:.4f}"          # recall instead of precision
    recall = f"{100 * items['recall-gen'].instance.answer:.2f}%"
    answers = ["", "zz", "1", right,                      # empty, garbage, a digit, then right
               "abc", trap,                               # garbage, then the swapped metric
               "recall first: a miss costs more", "maybe", "y", "n", "y",   # explain, self-graded 2/3
               recall,                                    # right, as a percentage
               "line 9", "3"]                             # out of range, then right
    FakeStore.instances.clear()
    code, out, err, typist = interview(bank_root, learner, answers, "--topics", "classification", "--no-drill")
    assert (code, err) == (0, "")
    # the clock is shown with each question, and follow-ups are announced
    assert "Question 1 of 5 · Classification · warm-up · multiple choice   [00:00 elapsed, 10:00 left]" in out
    assert "Follow-up 2 of 5 · Classification · standard · numeric   [02:00 elapsed, 08:00 left]" in out
    assert "Follow-up 3 of 5 · Classification · hard · explain out loud" in out
    # re-prompts say what is expected
    assert "Please answer with a letter, a-d" in out
    assert "Options are letters, not numbers: please answer with a letter, a-d." in out
    assert "  Please answer with a number, like 0.75, 75% or 3/4.\n" in out
    assert "'maybe' is neither y nor n" in out
    assert "  Please answer with a line number in 1-4.\n" in out
    # per-option feedback, the worked solution, the rubric, the fix
    assert "size does not fix the baseline" in out and "99% is what the constant 'no' model scores" in out
    assert "precision = TP / (TP + FP)" in out
    assert "Misconception: precision-recall-swapped -- precision and recall swapped" in out
    assert "1. names what each error costs" in out and "You covered 2 of 3 key points" in out
    assert "Fix: recall = tp / (tp + fn)" in out
    assert "  3 | " in out  # numbered code lines
    md, js = card(learner)
    assert js["ended"] == "completed" and js["asked"] == 5 and js["not_asked"] == []
    assert js["score"] == {"points": pytest.approx(3.667, abs=1e-3), "out_of": 5, "percent": 73.3}
    assert js["by_topic"] == [{"topic": "classification", "title": "Classification", "asked": 5, "answered": 5,
                               "skipped": 0, "right": 3,
                               "points": pytest.approx(3.667, abs=1e-3), "seconds": 420.0, "percent": 73.3}]
    seconds = {q["id"]: q["seconds"] for q in js["questions"]}
    assert seconds == {"acc-rare": 120.0, "prec-gen": 60.0, "explain-costs": 150.0, "recall-gen": 30.0,
                       "f1-bug": 60.0}
    assert {q["id"]: q["correct"] for q in js["questions"]} == {
        "acc-rare": True, "prec-gen": False, "explain-costs": False, "recall-gen": True, "f1-bug": True}
    assert js["questions"][2]["typed"] == "recall first: a miss costs more"
    # only what an answer shows: the trap value typed; a partial rubric names no misconception
    assert [m["key"] for m in js["misconceptions"]] == ["precision-recall-swapped"]
    assert [r["id"] for r in js["review"]] == ["prec-gen", "explain-costs"]
    assert js["review"][0]["notebook_links"][0]["colab"].endswith("01_confusion_matrix_and_accuracy.ipynb")
    # the Markdown says the same
    assert "## Score: 3.667 / 5 (73.3%)" in md
    assert "| Classification | 5 | 0 | 3 | 3.667 (73.3%) | 07:00 |" in md
    assert "| 1 | acc-rare: A detector fires" in md and "| right | 02:00 (+01:15 over) | 00:45 |" in md  # 17.11: overtime shown
    assert "↳ prec-gen" in md and "partial (67% of the rubric)" in md
    assert "- **precision-recall-swapped**: precision and recall swapped -- in prec-gen" in md
    assert "costs-ignored" not in md.split("## Misconceptions shown")[1].split("##")[0]
    assert "- **prec-gen** (Classification, scored 0%)" in md
    assert "[01_confusion_matrix_and_accuracy](https://colab.research.google.com/" in md
    assert "01_confusion_matrix.py" not in md.split("**prec-gen**")[1].split("- **")[0]  # 17.11: no topic-wide drills
    assert "No code drill (--no-drill)." in md
    assert "`mlmetrics-edu interview --seed 3 --minutes 10 --topics classification`" in md
    # the card is also printed, and every answer went to the review queue
    assert "Report card written to" in out and "## What to review" in out
    store = FakeStore.instances[-1]
    assert store.folder == learner and store.saved == 5  # 17.1: saved as each answer is graded
    assert store.questions == [("acc-rare", True, "classification", []),
                               ("prec-gen", False, "classification", ["precision-recall-swapped"]),
                               ("explain-costs", False, "classification", []),
                               ("recall-gen", True, "classification", []),
                               ("f1-bug", True, "classification", [])]


def test_skip_passes_on_a_question_and_puts_it_on_the_review_list(bank_root, bank, learner):
    items = plan_of(bank)
    answers = ["skip", "skip", "skip", "skip", "skip"]
    code, out, _, _ = interview(bank_root, learner, answers, "--topics", "classification", "--no-drill")
    assert code == 0
    assert "Skipped. The answer is " in out and "Skipped. The key points:\n  1. names what each error costs\n  2. picks recall first" in out
    _, js = card(learner)
    assert js["score"]["points"] == 0 and js["asked"] == 5
    assert [r["id"] for r in js["review"]] == list(items)
    assert all(r["skipped"] for r in js["review"])


NASTY = [" ", "\t", "nan", "inf", "-inf", "1e400", "1/0", "-", "%", "/", "a b", "f", "0x10", "🙂",
         "9" * 5000, "1" + "0" * 400, "None", "[1]", "\x00", "line", "yes"]


@pytest.mark.parametrize("seed", ["0", "1"])
def test_garbage_never_counts_as_an_answer_and_never_crashes(bank_root, bank, learner, seed):
    plan = plan_session(bank, 60, topics=["thresholds", "classification"], levels=[2], seed=int(seed))
    assert {i.question.kind for i in plan.items} == {"choice", "numeric", "bug"}
    answers = [a for _ in plan.items for a in [*NASTY, "skip"]]
    code, out, err, typist = interview(bank_root, learner, answers, "--topics", "thresholds", "classification",
                                       "--level", "standard", "--no-drill", minutes="60", seed=seed)
    assert (code, err) == (0, "") and "Traceback" not in out
    _, js = card(learner)
    assert js["ended"] == "completed" and js["asked"] == len(plan.items)
    assert all(q["skipped"] for q in js["questions"])
    assert len(typist.prompts) == len(plan.items) * (len(NASTY) + 1)


# --------------------------------------------------------------------------- ending early


@pytest.mark.parametrize("how", ["q", "quit", "QUIT"])
def test_q_ends_the_interview_early_and_still_writes_the_card(bank_root, bank, learner, how):
    right = "abcd"[plan_of(bank)["acc-rare"].instance.correct_choice]
    code, out, _, _ = interview(bank_root, learner, [right, how], "--topics", "classification", "--no-drill")
    assert code == 0
    assert "Interview over: you ended it early (q)." in out
    md, js = card(learner)
    assert (js["ended"], js["asked"], js["planned"]) == ("quit", 1, 5)
    assert js["not_asked"] == ["prec-gen", "explain-costs", "recall-gen", "f1-bug"]
    assert "## Score: 1 / 1 (100%)" in md and "1 of 5 planned questions answered" in md
    assert "Nothing missed." in md


def test_the_end_of_the_input_ends_the_interview_and_still_writes_the_card(bank_root, bank, learner):
    inst = plan_of(bank)["acc-rare"].instance
    wrong = "abcd"[[i for i in range(4) if inst.order[i] == 0][0]]
    code, out, err, _ = interview(bank_root, learner, [wrong], "--topics", "classification", "--no-drill")
    assert (code, err) == (0, "")
    assert f"Not quite: the answer is {'abcd'[inst.correct_choice]}).\nEvery option:" in out
    assert f"  {wrong}) wrong (your answer): Yes, 99% is excellent" in out
    assert "Interview over: the input ended." in out
    md, js = card(learner)
    assert (js["ended"], js["asked"]) == ("eof", 1)
    assert js["misconceptions"][0]["key"] == "accuracy-on-rare-events"
    assert "accuracy is a fine headline metric when positives are rare" in md
    assert "- **acc-rare** (Classification, scored 0%)" in md
    assert "section \"Accuracy lies on rare events\"" in md
    assert "`mlmetrics-edu drill check accuracy` (Accuracy" in md


def test_ctrl_c_ends_the_interview_early_and_still_writes_the_card(bank_root, bank, learner):
    right = "abcd"[plan_of(bank)["acc-rare"].instance.correct_choice]
    FakeStore.instances.clear()
    code, out, err, _ = interview(bank_root, learner, [right, KeyboardInterrupt], "--topics", "classification",
                                  "--no-drill")
    assert code == 130 and "Traceback" not in out + err
    assert "Interview over: interrupted (Ctrl-C)." in out
    _, js = card(learner)
    assert (js["ended"], js["asked"]) == ("interrupted", 1)
    assert FakeStore.instances[-1].saved == 1  # the review queue is saved too


def test_ctrl_c_while_marking_the_rubric_keeps_the_answers_before_it(bank_root, bank, learner):
    items = plan_of(bank)
    right = "abcd"[items["acc-rare"].instance.correct_choice]
    answers = [right, f"{items['prec-gen'].instance.answer:.4f}", "", "y", KeyboardInterrupt]
    code, _, _, _ = interview(bank_root, learner, answers, "--topics", "classification", "--no-drill")
    _, js = card(learner)
    assert code == 130 and [q["id"] for q in js["questions"]] == ["acc-rare", "prec-gen"]
    assert js["score"]["points"] == 2


def test_time_running_out_ends_after_the_current_question(bank_root, bank, learner):
    items = plan_of(bank, minutes=4)
    assert len(items) > 1
    # one answer takes 5 minutes: the first question is finished, then the time is up
    code, out, _, _ = interview(bank_root, learner, ["1/2", "x", "x"], "--topics", "classification",
                                "--no-drill", minutes="4", step=300)
    assert code == 0
    assert "Time is up." in out and "Question 2 of" not in out and "Follow-up 2 of" not in out
    md, js = card(learner)
    assert (js["ended"], js["asked"]) == ("time", 1)
    assert js["questions"][0]["id"] == next(iter(items)) and js["questions"][0]["seconds"] == 300
    assert "ended: time ran out, after 05:00" in md


# --------------------------------------------------------------------------- the plan through the CLI


def headers(out):
    return [line for line in out.splitlines() if line.startswith(("Question ", "Follow-up "))]


def test_the_cli_asks_the_planned_questions_for_minutes_topics_and_level(bank_root, bank, learner):
    for minutes, filters, topics, levels in [("3", [], None, None), ("60", ["--topics", "thresholds"], ["thresholds"], None),
                                             ("60", ["--level", "hard"], None, [3]),
                                             ("60", ["--topics", "practice,thresholds", "--level", "1", "standard"],
                                              ["practice", "thresholds"], [1, 2])]:
        plan = plan_session(bank, float(minutes), topics=topics, levels=levels, seed=11)
        code, out, _, _ = interview(bank_root, learner, ["skip"] * 20, *filters, "--no-drill", minutes=minutes,
                                    seed="11")
        assert code == 0
        shown = headers(out)
        assert len(shown) == len(plan.items)
        for line, item in zip(shown, plan.items):
            assert line.split(" · ")[2] == LEVELS[item.question.difficulty]
            assert line.split(" · ")[1] == {"thresholds": "Thresholds and curves", "classification": "Classification",
                                            "practice": "Interview practice"}[item.question.topic]
        assert sum(item.estimate for item in plan.items) <= 60 * float(minutes)


def test_the_same_seed_replays_the_same_interview_and_another_seed_does_not(bank_root, learner):
    outs = [interview(bank_root, learner, ["skip"] * 20, "--no-drill", seed=s)[1] for s in ("5", "5", "6")]
    assert outs[0] == outs[1]
    assert outs[0] != outs[2]
    prompts = [{line for line in out.splitlines() if line.startswith(("TP =", "The detector has TP"))}
               for out in outs]
    assert prompts[0] == prompts[1] and prompts[0] and prompts[2] and prompts[0] != prompts[2]


# --------------------------------------------------------------------------- user mistakes


@pytest.mark.parametrize("args, message", [
    (["--minutes", "-3"], "--minutes must be more than 0 and at most 240, not -3"),
    (["--minutes", "abc"], "--minutes must be a number of minutes, not 'abc'"),
    (["--minutes", "nan"], "--minutes must be more than 0 and at most 240, not nan"),
    (["--minutes", "0"], "--minutes must be more than 0 and at most 240, not 0"),
    (["--minutes", "240.5"], "--minutes must be more than 0 and at most 240, not 240.5"),
    (["--topics", "nope"], "unknown topic 'nope'; topics: classification, thresholds"),
    (["--level", "expert"], "unknown level 'expert'"),
    # --seed is the shared parser's, as in every other command: argparse's one line, status 2
    (["--seed", "x"], "error: argument --seed: 'x' is not a whole number"),
    (["--seed", "-1"], "error: argument --seed: -1: a seed is a whole number from 0 to 2**128-1"),
    (["--seed", "1.5"], "error: argument --seed: '1.5' is not a whole number"),
    (["--topics", "clustering"], "no question in the bank for topics clustering"),
])
def test_a_mistake_on_the_command_line_is_one_line_on_stderr_and_status_2(bank_root, learner, args, message):
    code, out, err, typist = interview(bank_root, learner, [], *args)
    assert code == 2
    assert err.startswith("mlmetrics-edu interview: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert typist.prompts == [] and list(learner.iterdir()) == []


def test_an_unwritable_out_or_a_missing_dir_is_refused_before_the_interview(bank_root, learner, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for args in (["--out", str(blocker / "card")], ["--out", str(tmp_path / "no" / "such" / "card")]):
        code, _, err, typist = interview(bank_root, learner, [], *args)
        assert code == 2 and err.startswith("mlmetrics-edu interview: cannot write the report card to ")
        assert err.count("\n") == 1 and typist.prompts == []
    code, _, err, _ = interview(bank_root, tmp_path / "missing", [])
    assert code == 2 and "is not a folder" in err and err.count("\n") == 1


def test_out_names_the_card_files(bank_root, learner, tmp_path):
    code, out, _, _ = interview(bank_root, learner, ["q"], "--out", str(tmp_path / "mine.md"), "--no-drill")
    assert code == 0
    assert (tmp_path / "mine.md").is_file() and json.loads((tmp_path / "mine.json").read_text())["ended"] == "quit"
    other = tmp_path / "cards"
    other.mkdir()
    interview(bank_root, learner, ["q"], "--out", str(other), "--no-drill")
    assert sorted(p.name for p in other.iterdir()) == [f"interview-report-{STAMP}.json",
                                                       f"interview-report-{STAMP}.md"]


def test_a_broken_review_queue_never_stops_the_interview(bank_root, learner):
    class Broken(FakeStore):
        def record_question(self, *a, **k):
            raise RuntimeError("disk full")

    code, out, err, _ = interview(bank_root, learner, ["skip", "skip", "q"], "--no-drill", store=Broken)
    assert code == 0 and "the review queue failed (disk full)" in err and err.count("\n") == 1
    assert card(learner)[1]["asked"] == 2


def test_the_command_registers_on_a_top_level_parser():
    parser = argparse.ArgumentParser(prog="mlmetrics-edu")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["interview", "--minutes", "5", "--topics", "calibration", "--no-drill"])
    assert args.func is cli.run and args.minutes == "5" and args.topics == ["calibration"] and args.drill is False
    assert parser.parse_args(["interview"]).drill is True


# --------------------------------------------------------------------------- the real review queue


def test_answers_land_in_the_real_review_queue(bank_root, bank, learner):
    review = pytest.importorskip("mlmetrics_edu.interview.review")
    items = plan_of(bank)
    trap = f"{items['prec-gen'].instance.values['recall']:.4f}"
    right = "abcd"[items["acc-rare"].instance.correct_choice]
    code, _, err, _ = interview(bank_root, learner, [right, trap, "q"], "--topics", "classification",
                                "--no-drill", store=None)
    assert (code, err) == (0, "")
    store = review.ReviewStore(learner)
    keys = {item.key for item in store.items()}
    assert {"q:acc-rare", "q:prec-gen", "m:precision-recall-swapped"} <= keys
    due_tomorrow = {item.key for item in store.due(now=datetime(2026, 1, 3, tzinfo=timezone.utc))}
    assert {"q:prec-gen", "m:precision-recall-swapped"} <= due_tomorrow


# --------------------------------------------------------------------------- the code drill


def test_no_drills_folder_says_how_to_get_one_and_skips_the_drill(bank_root, learner):
    code, out, _, _ = interview(bank_root, learner, ["skip"] * 20, minutes="15")
    md, js = card(learner)
    assert js["drill"] is None and "holds no drills" in js["drill_note"]
    assert "`mlmetrics-edu drill init DIR`" in md and "Code drill ·" not in out


def test_one_code_drill_graded_by_the_drill_engine(bank_root, bank, learner):
    from mlmetrics_edu.cli import drill as drill_cli
    from mlmetrics_edu.drill.spec import answer_path, get_drill, load_drills, stub_path

    drill = load_drills()[0]
    shutil.copyfile(stub_path(drill), learner / drill.filename)
    path = learner / drill.filename

    def solve():
        lines = path.read_text().splitlines()
        a, b = drill_cli._function_span(lines, drill.function)
        answer = drill_cli.function_text(answer_path(get_drill(drill.id)), drill.function).splitlines()
        path.write_text("\n".join(lines[:a] + answer + lines[b:]) + "\n")
        return ""

    FakeStore.instances.clear()
    plan = plan_session(bank, 16, topics=["thresholds"], seed=3, drill=True)
    assert plan.drill_seconds
    answers = ["skip"] * len(plan.items) + ["", solve]   # the questions, then grade the stub, then the solved file
    code, out, err, _ = interview(bank_root, learner, answers, "--topics", "thresholds", minutes="16", step=10)
    assert (code, err) == (0, "")
    assert f"Code drill · about 07:00 · {drill.title}" in out
    assert f"TODO  {drill.id} is not implemented yet" in out and f"PASS  {drill.id}" in out
    md, js = card(learner)
    assert js["drill"]["drill_id"] == drill.id and js["drill"]["passed"] is True and js["drill"]["attempts"] == 2
    assert f"- **{drill.id}** ({drill.title}, `{drill.filename}`): passed after 2 checks" in md
    assert [(d[0], d[1], d[3]) for d in FakeStore.instances[-1].drills] == [(drill.id, False, True),
                                                                           (drill.id, True, False)]


# --------------------------------------------------------------------------- a real terminal process


def test_output_piped_into_head_prints_no_broken_pipe_traceback(bank_root, learner):
    script = (
        "import sys; sys.path.insert(0, %r)\n"
        "from test_interview_session import GENERATOR, _counts\n"
        "from mlmetrics_edu.interview import generators\n"
        "generators.discover(); generators.GENERATORS[GENERATOR] = _counts\n"
        "from mlmetrics_edu.cli.interview import main\n"
        "sys.exit(main(sys.argv[1:]))\n" % str(Path(__file__).parent))
    command = [sys.executable, "-c", script, "--seed", "1", "--minutes", "60", "--no-drill",
               "--bank", str(bank_root), "--dir", str(learner)]
    feed = subprocess.Popen(["yes", "skip"], stdout=subprocess.PIPE)
    run = subprocess.Popen(command, stdin=feed.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
    feed.stdout.close()
    head = run.stdout.readline()  # read one line, then close the pipe like `head -n 1`
    run.stdout.close()
    _, err = run.communicate(timeout=60)
    feed.kill()
    assert head.startswith(b"Mock interview:")
    assert b"Traceback" not in err and b"BrokenPipeError" not in err, err.decode()
    assert run.returncode in (0, 1)
    assert len(list(learner.glob("interview-report-*.md"))) == 1  # the card is still written


def test_main_reads_answers_from_a_stdin_stream(bank_root, bank, learner):
    right = "abcd"[plan_of(bank)["acc-rare"].instance.correct_choice]
    out, err, clock = io.StringIO(), io.StringIO(), FakeClock()
    code = cli.main(["--seed", "3", "--minutes", "10", "--topics", "classification", "--no-drill",
                     "--dir", str(learner), "--bank", str(bank_root)],
                    stdin=io.StringIO(f"\n{right}\n"), stdout=out, stderr=err, clock=clock, now=lambda: NOW,
                    store_factory=FakeStore)
    assert (code, err.getvalue()) == (0, "")
    text = out.getvalue()
    assert f"Your answer (a-d): \n  Please answer with a letter, a-d" in text      # the typed line is echoed
    assert f"Your answer (a-d): {right}\n" in text and "Interview over: the input ended." in text
    assert card(learner)[1]["score"]["points"] == 1


def test_a_whole_interview_over_the_real_bank_runs_to_its_report_card(learner):
    real = pytest.importorskip("mlmetrics_edu.interview.bank").load_bank()
    if not len(real):
        pytest.skip("the real bank has no questions yet")
    for seed in ("0", "1", "2"):
        answers = ["a", "0.5", "2", "", "y", "n"] * 40
        clock, out, err = FakeClock(), io.StringIO(), io.StringIO()
        code = cli.main(["--seed", seed, "--minutes", "30", "--no-drill", "--dir", str(learner)], stdout=out,
                        stderr=err, clock=clock, now=lambda: NOW, input_fn=Typist(clock, out, answers, step=20),
                        store_factory=FakeStore)
        assert (code, err.getvalue()) == (0, "")
        md, js = card(learner)
        assert js["asked"] >= 1 and js["ended"] in ("completed", "eof", "time")
        assert len({q["topic"] for q in js["questions"]}) >= min(3, len({q.topic for q in real}))
        for row in js["review"]:
            assert row["notebook_links"] and f"**{row['id']}**" in md


def test_the_seed_is_read_by_the_shared_parser_of_every_command():
    from mlmetrics_edu.cli import shared

    parser = argparse.ArgumentParser(prog="mlmetrics-edu")
    command = cli.add_parser(parser.add_subparsers(dest="command"))
    seed_option = next(a for a in command._actions if "--seed" in a.option_strings)
    assert seed_option.type is shared.seed
    assert parser.parse_args(["interview", "--seed", "7"]).seed == 7


@pytest.mark.parametrize("line", ["x" * 2_000_000, "y" * 20_000])
def test_a_pasted_page_as_an_explain_answer_is_asked_again(bank_root, bank, learner, line):
    """An explain answer typed out is at most 10,000 characters: one line says so, and asks again."""
    code, out, err, typist = interview(bank_root, learner, [line, "q"], "--questions", "explain-costs",
                                       "--no-drill")
    assert (code, err) == (0, "")
    said = [line for line in out.splitlines() if "characters long" in line]
    assert said == [f"  That answer is {len(line):,} characters long; say the key points in at most 10,000."]
    assert card(learner)[1]["ended"] == "quit"


def test_a_long_line_at_the_rubric_prompt_is_not_echoed(bank_root, bank, learner):
    code, out, err, _ = interview(bank_root, learner, ["recall first", "z" * 50_000, "q"], "--questions",
                                  "explain-costs", "--no-drill")
    assert (code, err) == (0, "")
    said = [line for line in out.splitlines() if "is neither y nor n" in line]
    assert len(said) == 1 and "... (50,000 characters) is neither y nor n" in said[0] and len(said[0]) < 200
