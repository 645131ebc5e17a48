"""The ``mlmetrics-edu drill ...`` commands, run in-process on a temporary learner folder."""

import json
import shutil

import pytest

from mlmetrics_edu.cli import app as top_cli
from mlmetrics_edu.cli import drill as cli
from mlmetrics_edu.drill.batch import grade
from mlmetrics_edu.drill.progress import FILENAME, bar
from mlmetrics_edu.drill.spec import answer_path, get_drill, load_drills, stub_path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def solve(folder, drill_id):
    """Put the reference answer of one drill into the learner's file (as a learner would)."""
    drill = get_drill(drill_id)
    path = folder / drill.filename
    lines = path.read_text().splitlines()
    a, b = cli._function_span(lines, drill.function)
    answer = cli.function_text(answer_path(drill), drill.function).splitlines()
    path.write_text("\n".join(lines[:a] + answer + lines[b:]) + "\n")


@pytest.fixture
def learner(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert run(capsys, "init", str(folder))[0] == 0
    return folder


def test_init_copies_the_stubs_but_never_the_answers(learner):
    names = sorted(p.name for p in learner.iterdir())
    stubs = sorted({d.filename for d in load_drills()})
    assert names == sorted(stubs + [FILENAME])
    for name in stubs:
        assert (learner / name).read_text() == (stub_path(get_drill_by_file(name))).read_text()
        assert "return float(" not in (learner / name).read_text() or "TODO" in (learner / name).read_text()


def get_drill_by_file(name):
    return next(d for d in load_drills() if d.filename == name)


def test_init_keeps_existing_work_unless_forced(learner, capsys):
    path = learner / "01_confusion_matrix.py"
    path.write_text("# my work\n")
    assert "kept your" in run(capsys, "init", str(learner))[1]
    assert path.read_text() == "# my work\n"
    run(capsys, "init", str(learner), "--force")
    assert path.read_text() != "# my work\n"


def test_check_without_an_id_grades_the_next_drill_and_reports_the_todo(learner, capsys):
    code, out, _ = run(capsys, "check", "--dir", str(learner))
    assert code == 1
    assert out.startswith("TODO  confusion-counts is not implemented yet")
    assert "01_confusion_matrix.py:" in out


def test_a_pass_is_recorded_and_next_moves_on(learner, capsys):
    solve(learner, "confusion-counts")
    code, out, _ = run(capsys, "check", "confusion-counts", "--dir", str(learner))
    assert code == 0 and out.startswith("PASS  confusion-counts: ")
    assert "Next: mlmetrics-edu drill check accuracy" in out
    data = json.loads((learner / FILENAME).read_text())["drills"]["confusion-counts"]
    assert data["attempts"] == 1 and data["passes"] == 1 and "first_passed" in data
    assert "Next drill: accuracy" in run(capsys, "next", "--dir", str(learner))[1]
    assert "done  confusion-counts" in run(capsys, "list", "--dir", str(learner))[1]


def test_failed_attempts_escalate_the_hint_shown_with_the_report(learner, capsys):
    outs = [run(capsys, "check", "precision", "--dir", str(learner))[1] for _ in range(3)]
    assert "hint:" not in outs[0]
    assert "hint:      1/3" in outs[1] and "hint:      2/3" in outs[2]


def replace_function(folder, drill_id, body):
    drill = get_drill(drill_id)
    path = folder / drill.filename
    lines = path.read_text().splitlines()
    a, b = cli._function_span(lines, drill.function)
    path.write_text("\n".join(lines[:a] + body.splitlines() + lines[b:]) + "\n")


def test_check_case_reruns_one_case_without_counting_an_attempt(learner, capsys):
    replace_function(learner, "precision", "def precision(y_true, y_pred):\n    return 0.25")
    code, out, _ = run(capsys, "check", "precision", "--case", "no-predicted-positives", "--dir", str(learner))
    assert code == 1 and "edge case 'no-predicted-positives'" in out and "got:       0.25" in out
    assert not json.loads((learner / FILENAME).read_text())["drills"]


def test_hint_escalates_from_a_question_to_a_near_answer(learner, capsys):
    drill = get_drill("recall")
    first = run(capsys, "hint", "recall", "--dir", str(learner))[1]
    second = run(capsys, "hint", "recall", "--dir", str(learner))[1]
    assert drill.hints[0] in first and drill.hints[1] not in first
    assert drill.hints[1] in second
    assert drill.hints[2] in run(capsys, "hint", "recall", "--level", "3", "--dir", str(learner))[1]


def test_hint_without_an_id_is_for_the_next_drill_as_check_is(learner, capsys):
    from mlmetrics_edu.drill.progress import Progress

    first, second = load_drills()[:2]
    Progress(learner).record(first.id, True)
    code, out, _ = run(capsys, "hint", "--dir", str(learner))
    assert code == 0 and out.startswith(f"The next drill, {second.id}: {second.title}\n")
    assert second.hints[0] in out and second.hints[1] not in out
    assert second.hints[1] in run(capsys, "hint", "--dir", str(learner))[1]  # escalates, like with an ID
    assert Progress(learner).hint_level(second.id) == 2 and Progress(learner).hint_level(first.id) == 0
    code, out, _ = run(capsys, "check", "--dir", str(learner))  # the same drill
    assert out.startswith(f"TODO  {second.id} ")
    progress = Progress(learner)
    for d in load_drills():
        progress.record(d.id, True)
    code, out, _ = run(capsys, "hint", "--dir", str(learner))
    assert code == 0 and out.startswith("Every drill passed.")


def test_list_explains_every_status_mark_and_points_at_the_next_drill(learner, capsys):
    from mlmetrics_edu.drill.progress import Progress

    first, second = load_drills()[:2]
    Progress(learner).record(first.id, True)
    Progress(learner).record("precision", False)
    out = run(capsys, "list", "--dir", str(learner))[1]
    lines = out.splitlines()
    assert f"  done  {first.id}" in out and "  ....  precision" in out
    assert [line for line in lines if line.startswith(cli.CURRENT_MARK)] == [
        line for line in lines if line[8:].split()[:1] == [second.id]]
    assert len({line.index(d.title) for d in load_drills() for line in lines if line.endswith(d.title)
                and line[:2] in ("  ", f"{cli.CURRENT_MARK} ")}) == 1  # one column of titles
    legend = next(line for line in lines if line.startswith("Status: "))
    for mark in cli.STATUS_MARK.values():
        assert f"{mark or 'blank'} = " in legend
    assert f"{cli.CURRENT_MARK} = next up" in legend
    assert f"Next up: {second.id}" in out


def test_solution_needs_a_pass_or_force(learner, capsys):
    code, _, err = run(capsys, "solution", "precision", "--dir", str(learner))
    assert code == 1 and "Pass precision first" in err
    code, out, _ = run(capsys, "solution", "precision", "--force", "--dir", str(learner))
    assert code == 0 and "def precision(y_true, y_pred):" in out and "#" in out
    solve(learner, "precision")
    run(capsys, "check", "precision", "--dir", str(learner))
    assert run(capsys, "solution", "precision", "--dir", str(learner))[0] == 0


def test_progress_shows_bars(learner, capsys):
    solve(learner, "accuracy")
    run(capsys, "check", "accuracy", "--dir", str(learner))
    out = run(capsys, "progress", "--dir", str(learner))[1]
    assert f"Drills passed  {bar(1, len(load_drills()))}" in out
    assert "01_confusion_matrix" in out
    assert bar(1, 4, width=4) == "[#---] 1/4 (25%)"


def test_reset_forgets_progress_and_can_restore_the_stub(learner, capsys):
    solve(learner, "recall")
    run(capsys, "check", "recall", "--dir", str(learner))
    run(capsys, "reset", "recall", "--restore", "--dir", str(learner))
    assert (learner / "01_confusion_matrix.py").read_text() == stub_path(get_drill("recall")).read_text()
    assert "recall" not in json.loads((learner / FILENAME).read_text())["drills"]
    run(capsys, "check", "recall", "--dir", str(learner))
    run(capsys, "reset", "--dir", str(learner))
    assert json.loads((learner / FILENAME).read_text())["drills"] == {}


def test_watch_once_checks_the_current_drill_and_returns(learner, capsys):
    code, out, _ = run(capsys, "watch", "--once", "--dir", str(learner))
    assert code == 0 and "TODO  confusion-counts" in out


def test_watch_moves_on_after_a_pass_until_the_next_failure(learner, capsys):
    solve(learner, "confusion-counts")
    solve(learner, "accuracy")
    code, out, _ = run(capsys, "watch", "--iterations", "1", "--interval", "0", "--dir", str(learner))
    assert "PASS  confusion-counts" in out and "PASS  accuracy" in out and "TODO  precision" in out


def test_check_in_a_folder_without_drills_says_how_to_start(tmp_path, capsys):
    code, _, err = run(capsys, "check", "precision", "--dir", str(tmp_path))
    assert code == 2 and "drill init DIR" in err


def test_batch_grading_gives_a_student_by_drill_table(tmp_path, capsys):
    class_dir = tmp_path / "workshop"
    for student in ("ada", "bob", "cyd"):
        (class_dir / student).mkdir(parents=True)
    shutil.copy(answer_path(get_drill("precision")), class_dir / "ada" / "01_confusion_matrix.py")
    shutil.copy(stub_path(get_drill("precision")), class_dir / "bob" / "01_confusion_matrix.py")
    table = grade(class_dir, ["precision", "recall", "roc-auc"])
    assert table.status["ada", "precision"] == "pass" and table.status["ada", "recall"] == "pass"
    assert table.status["bob", "precision"] == "todo" and table.status["cyd", "precision"] == "missing"
    assert table.status["ada", "roc-auc"] == "missing"
    assert table.score("ada") == 2 and table.rows()[0]["student"] == "ada"
    assert table.to_csv().splitlines()[0] == (
        "student,precision passed,precision credit,precision status,recall passed,recall credit,recall status,"
        "roc-auc passed,roc-auc credit,roc-auc status,drills passed,credit,sandbox")
    assert table.to_csv().splitlines()[1] == "ada,1,1.000,pass,1,1.000,pass,0,0.000,missing,2,0.667," + \
        table.sandbox_of("ada")
    code, out, _ = run(capsys, "grade", str(class_dir), "--drills", "precision", "--csv", str(tmp_path / "t.csv"),
                       "--no-progress")
    assert code == 0 and "ada       P  1/1" in out and (tmp_path / "t.csv").exists()
    assert (tmp_path / "workshop-grading" / "report.html").is_file()


def test_a_student_cannot_read_a_classmates_submission(tmp_path):
    class_dir = tmp_path / "workshop"
    for student in ("ada", "eve"):
        (class_dir / student).mkdir(parents=True)
    shutil.copy(answer_path(get_drill("precision")), class_dir / "ada" / "01_confusion_matrix.py")
    (class_dir / "eve" / "01_confusion_matrix.py").write_text(
        f"namespace = {{}}\nexec(open({str(class_dir / 'ada' / '01_confusion_matrix.py')!r}).read(), namespace)\n"
        "precision = namespace['precision']\n")
    table = grade(class_dir, ["precision"])
    assert table.status["ada", "precision"] == "pass" and table.status["eve", "precision"] == "refused"
    assert "off limits to drill code" in table.problems["eve", "precision"]


def test_check_all_grades_every_drill_file_present_and_shows_progress(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(answer_path(get_drill("mrr")), folder / "06_ranking.py")
    code, out, _ = run(capsys, "check", "--all", "--dir", str(folder))
    ranking = [d.id for d in load_drills() if d.filename == "06_ranking.py"]
    assert code == 0 and ranking[:4] == ["precision-at-k", "recall-at-k", "mrr", "ndcg"]
    assert [line.split()[:2] for line in out.splitlines()[:len(ranking)]] == [["PASS", i] for i in ranking]
    assert "Drills passed  " in out and f" {len(ranking)}/{len(load_drills())} " in out


def test_the_top_level_command_accepts_the_drill_parser(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(top_cli, "_feature_parsers", lambda: [cli.add_parser])
    assert top_cli.main(["drill", "init", str(tmp_path / "d")]) == 0
    assert top_cli.main(["drill", "progress", "--dir", str(tmp_path / "d")]) == 0
    assert "Drills passed" in capsys.readouterr().out
    assert top_cli.main(["drill"]) == 0


def test_a_pass_with_a_chosen_seed_is_practice_not_a_pass(learner, capsys):
    solve(learner, "confusion-counts")
    code, out, _ = run(capsys, "check", "confusion-counts", "--seed", "5", "--dir", str(learner))
    assert code == 0 and out.startswith("PASS  confusion-counts: ")
    assert "Practice run: with --seed you chose the cases, so this is not recorded as a pass" in out
    data = json.loads((learner / FILENAME).read_text())["drills"]["confusion-counts"]
    assert data.get("passes", 0) == 0 and data["practice"] == 1
    assert "done  confusion-counts" not in run(capsys, "list", "--dir", str(learner))[1]
    code, out, _ = run(capsys, "check", "confusion-counts", "--dir", str(learner))
    assert json.loads((learner / FILENAME).read_text())["drills"]["confusion-counts"]["passes"] == 1
