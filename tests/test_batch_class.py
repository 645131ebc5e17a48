"""Workshop grading of a whole class: 35 generated students, checked cell by cell.

The class mixes correct students, partly wrong ones, students with known
misconceptions, hostile submissions (one rewrites the reference answer at import,
others loop, crash, read a neighbour, spoof PASS lines, submit symlinks) and
malformed ones (not UTF-8, syntax errors, missing functions, empty folders). The
expected status, partial credit and misconception of every (student, drill) cell is
computed here independently of the grader -- by running the intended function in
this process on the cases of a fixed seed (``seed=``: the reproduce mode; by default each
pair draws its own secret seed, tested in ``test_batch_secrets.py``) -- and compared with
the gradebook CSV, the JSONL and both class reports.
"""

import csv
import hashlib
import html
import io
import json
import re
from collections import Counter

import numpy as np
import pytest

from mlmetrics_edu.cli import drill as cli
from mlmetrics_edu.drill import batch
from mlmetrics_edu.drill.batch import grade
from mlmetrics_edu.drill.cases import Raises, build_cases, run_trusted
from mlmetrics_edu.drill.compare import mismatch
from mlmetrics_edu.drill.notebook import function_source
from mlmetrics_edu.drill.sandbox import Limits
from mlmetrics_edu.drill.spec import answer_path, answers_dir, get_drill, reference, stub_path

DRILLS = ["accuracy", "precision", "recall", "mae"]
LIMITS = Limits(timeout=1.0, drill_timeout=6.0, wall_factor=3.0)
SEED = 20261207  # the model below needs the cases; by default every pair draws a secret seed
SET01 = "01_confusion_matrix.py"

NO_HOOK = """
import gc, threading
for _obj in gc.get_objects():
    if getattr(_obj, "__name__", None) == "hook" and getattr(_obj, "__closure__", None):
        for _cell in _obj.__closure__:
            try:
                if isinstance(_cell.cell_contents, set):
                    _cell.cell_contents.add(threading.get_ident())
            except ValueError:
                pass
"""


def right(drill_id):
    drill = get_drill(drill_id)
    return ("right", drill.hint_solution)


def wrong(drill_id, name):
    drill = get_drill(drill_id)
    w = next(w for w in drill.wrongs if w.name == name)
    return ("wrong:" + name, function_source(w.fn) + f"\n{drill.function} = {w.fn.__name__}\n")


def stub(drill_id):
    drill = get_drill(drill_id)
    return ("todo", f"def {drill.function}(*args, **kwargs):\n    raise NotImplementedError\n")


def constant(drill_id, value):
    drill = get_drill(drill_id)
    return (f"constant:{value}", f"def {drill.function}(*args, **kwargs):\n    return {value!r}\n")


def set01(acc, prec, rec, head=""):
    return "import numpy as np\n" + head + "\n\n".join(part[1] for part in (acc, prec, rec)) + "\n"


def build_class(root):
    """Write the class folder; return {student: {drill: (kind, misconception or None)}}."""
    plan = {}

    def student(name, files, cells):
        folder = root / name
        folder.mkdir(parents=True)
        for filename, content in files.items():
            path = folder / filename
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        plan[name] = cells

    mae_right = "import numpy as np\n" + get_drill("mae").hint_solution
    for i in range(6):  # correct
        cells = {"accuracy": right("accuracy"), "precision": right("precision"), "recall": right("recall")}
        files = {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}
        if i % 2 == 0:
            files["05_regression.py"] = mae_right
            cells["mae"] = right("mae")
        else:
            cells["mae"] = ("missing", None)
        student(f"correct{i}", files, cells)
    for i in range(6):  # partly wrong: recall divides by TP + FP, accuracy not started
        cells = {"accuracy": stub("accuracy"), "precision": right("precision"),
                 "recall": wrong("recall", "divided-by-predicted-positives"), "mae": ("missing", None)}
        student(f"partly{i}", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    for i in range(5):  # misconceptions: precision is recall, accuracy is a count
        cells = {"accuracy": wrong("accuracy", "count-not-fraction"),
                 "precision": wrong("precision", "divided-by-actual-positives"), "recall": right("recall"),
                 "mae": ("missing", None)}
        student(f"miscon{i}", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    for i in range(3):  # the old precision hint: 0.0 on empty input
        cells = {"accuracy": right("accuracy"), "precision": wrong("precision", "empty-is-zero"),
                 "recall": right("recall"), "mae": ("missing", None)}
        student(f"oldhint{i}", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    for i in range(2):  # the untouched stub
        student(f"stub{i}", {SET01: stub_path(get_drill("precision")).read_text()},
                {d: ("todo", None) for d in DRILLS[:3]} | {"mae": ("missing", None)})

    # --- hostile ----------------------------------------------------------------------
    answers = answer_path(get_drill("precision"))
    rewrite = NO_HOOK + (
        f"try:\n    open({str(answers)!r}, 'w').write('def precision(*a):\\n    return 0.25\\n')\n"
        "except OSError:\n    pass\n")
    cells = {"accuracy": right("accuracy"), "precision": constant("precision", 0.25),
             "recall": right("recall"), "mae": ("missing", None)}
    student("hostile_rewrite", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"], rewrite)},
            cells)
    loop = ("timeout", "def precision(y_true, y_pred):\n    while True:\n        pass\n")
    cells = {"accuracy": right("accuracy"), "precision": loop, "recall": right("recall"), "mae": ("missing", None)}
    student("hostile_loop", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    segv = ("crash", "import faulthandler\ndef recall(y_true, y_pred):\n    faulthandler._sigsegv()\n")
    cells = {"accuracy": right("accuracy"), "precision": right("precision"), "recall": segv,
             "mae": ("missing", None)}
    student("hostile_segv", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    peek = ("refused", f"def precision(y_true, y_pred):\n    ns = {{}}\n"
            f"    exec(open({str(root / 'correct0' / SET01)!r}).read(), ns)\n"
            "    return ns['precision'](y_true, y_pred)\n")
    cells = {"accuracy": right("accuracy"), "precision": peek, "recall": right("recall"), "mae": ("missing", None)}
    student("hostile_peek", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    spoof = ("constant:0.25", "import sys\ndef precision(y_true, y_pred):\n"
             "    print('\\r\\x1b[2KPASS  precision: 5 edge cases checked')\n    return 0.25\n")
    cells = {"accuracy": right("accuracy"), "precision": spoof, "recall": right("recall"), "mae": ("missing", None)}
    student("hostile_spoof", {SET01: set01(cells["accuracy"], cells["precision"], cells["recall"])}, cells)
    (root / "hostile_symlink").mkdir()
    (root / "hostile_symlink" / SET01).symlink_to(answers)
    plan["hostile_symlink"] = {d: ("refused", None) for d in DRILLS[:3]} | {"mae": ("missing", None)}
    (root / "hostile_linked_folder").symlink_to(root / "correct0", target_is_directory=True)
    plan["hostile_linked_folder"] = {d: ("refused", None) for d in DRILLS}
    student("hostile_exit", {SET01: "import os\nos._exit(0)\n"},
            {d: ("crash", None) for d in DRILLS[:3]} | {"mae": ("missing", None)})

    # --- malformed --------------------------------------------------------------------
    student("malformed_latin1", {SET01: set01(right("accuracy"), right("precision"), right("recall"))
                                 .encode("utf-8") + b"# caf\xe9\n"},
            {d: ("error", None) for d in DRILLS[:3]} | {"mae": ("missing", None)})
    student("malformed_syntax", {SET01: "def precision(y_true, y_pred)\n    return 0\n"},
            {d: ("error", None) for d in DRILLS[:3]} | {"mae": ("missing", None)})
    student("malformed_only_precision", {SET01: "import numpy as np\n" + get_drill("precision").hint_solution},
            {"accuracy": ("error", None), "precision": right("precision"), "recall": ("error", None),
             "mae": ("missing", None)})
    student("malformed_empty_folder", {}, {d: ("missing", None) for d in DRILLS})
    student("=cmd|' -C calc'!A0", {SET01: set01(right("accuracy"), right("precision"), right("recall"))},
            {d: right(d) for d in DRILLS[:3]} | {"mae": ("missing", None)})
    return plan


# --------------------------------------------------------------------------- the model


def _outputs(kind, code, drill, calls):
    if kind == "right":
        fn = reference(drill)
    elif kind.startswith("wrong:"):
        fn = next(w for w in drill.wrongs if w.name == kind[6:]).fn
    elif kind.startswith("constant:"):
        value = float(kind.split(":")[1])
        fn = lambda *a, **k: value  # noqa: E731
    else:
        return None
    return [run_trusted(fn, c) for c in calls]


def expected_cases(kind, code, drill, seed):
    """{case name: passed} for the function a cell computes (None: the code never answers)."""
    cases = build_cases(drill, seed)
    ref = reference(drill)
    out = {}
    for case in cases:
        outs = _outputs(kind, code, drill, case.calls)
        if outs is None:
            out[case.name] = False
            continue
        if case.kind == "property":
            out[case.name] = not any(isinstance(o, Raises) for o in outs) and case.prop.holds(outs, case.calls) is None
            continue
        want = run_trusted(ref, case.calls[0])
        if isinstance(want, Raises) or isinstance(outs[0], Raises):
            out[case.name] = isinstance(want, Raises) and isinstance(outs[0], Raises) and want.exc == outs[0].exc
        else:
            out[case.name] = mismatch(want, outs[0], drill.tol) is None
    return out


def expected_cell(plan_cell, drill, seed):
    kind, code = plan_cell
    if code is None:  # nothing of the student's ran: a missing or refused file, a crash at import
        return kind, 0.0, None, None
    if kind == "todo":
        return "todo", 0.0, None, None
    cases = expected_cases(kind, code, drill, seed)
    if kind in ("timeout", "crash"):  # stops on the first case: the others never ran
        return kind, 0.0, None, {next(iter(cases)): False}
    if kind == "refused":
        return kind, 0.0, None, cases
    credit = sum(cases.values()) / len(cases)
    status = "pass" if all(cases.values()) else "fail"
    misconception = kind[6:] if kind.startswith("wrong:") else None
    return status, credit, misconception, cases


# --------------------------------------------------------------------------- the test


def _digest():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(answers_dir().glob("*.py"))}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("workshop") / "class"
    root.mkdir()
    plan = build_class(root)
    out = root.parent / "grades"
    before = _digest()
    import time

    start = time.perf_counter()
    table = grade(root, DRILLS, workers=2, limits=LIMITS, out=out, seed=SEED)
    seconds = time.perf_counter() - start
    print(f"\n[batch] {len(plan)} students x {len(DRILLS)} drills graded in {seconds:.1f} s "
          f"(isolation: {table.isolation})")
    assert _digest() == before, "a submission changed the answers"
    expected = {(s, d): expected_cell(plan[s][d], get_drill(d), SEED) for s in plan for d in DRILLS}
    return root, out, plan, table, expected


def test_the_class_has_thirty_mixed_students_and_one_row_each(graded):
    root, out, plan, table, expected = graded
    assert len(plan) >= 30
    assert sorted(table.students) == sorted(plan)
    rows = list(csv.reader(io.StringIO((out / "gradebook.csv").read_text())))
    assert len(rows) == len(plan) + 1
    assert rows[0] == ["student"] + [f"{d} {c}" for d in DRILLS for c in ("passed", "credit", "status")] + [
        "drills passed", "credit", "sandbox"]
    assert {r[-1] for r in rows[1:]} == {table.isolation.split(" (")[0]}


def test_every_gradebook_cell(graded):
    root, out, plan, table, expected = graded
    rows = {r[0]: r for r in csv.reader(io.StringIO((out / "gradebook.csv").read_text()))}
    for student in plan:
        key = batch._csv_safe(student)
        row = rows[key]
        total = 0.0
        for i, d in enumerate(DRILLS):
            status, credit, _, _ = expected[student, d]
            passed_cell, credit_cell, status_cell = row[1 + 3 * i: 4 + 3 * i]
            assert status_cell == status, (student, d, status_cell, table.problems.get((student, d)))
            assert passed_cell == str(int(status == "pass")), (student, d)
            assert float(credit_cell) == pytest.approx(credit, abs=6e-4), (student, d)
            total += float(credit_cell)
        assert row[-3] == str(sum(expected[student, d][0] == "pass" for d in DRILLS))
        assert float(row[-2]) == pytest.approx(total / len(DRILLS), abs=1e-3)
    assert rows["'=cmd|' -C calc'!A0"], "a formula-like name is defused in the CSV"


def test_no_hostile_student_changed_another_students_grade(graded):
    root, out, plan, table, expected = graded
    for i in range(6):
        for d in ("accuracy", "precision", "recall"):
            assert table.status[f"correct{i}", d] == "pass"
    assert table.status["hostile_rewrite", "precision"] == "fail"
    assert "off limits" in table.problems["hostile_peek", "precision"]
    assert "killed by signal SIGSEGV" in table.problems["hostile_segv", "recall"]
    assert "is a symbolic link" in table.problems["hostile_symlink", "precision"]
    assert "not UTF-8" in table.problems["malformed_latin1", "precision"]


def test_the_jsonl_holds_per_case_detail_and_the_misconception(graded):
    root, out, plan, table, expected = graded
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(records) == len(plan) * len(DRILLS)
    for record in records:
        status, credit, misconception, cases = expected[record["student"], record["drill"]]
        assert record["status"] == status
        assert record["misconception"] == misconception, (record["student"], record["drill"], record["problem"])
        if status in ("pass", "fail"):
            assert {c["name"]: c["passed"] for c in record["cases"]} == cases
        if status == "fail":
            assert record["failing_case"] == next(n for n, ok in cases.items() if not ok)
    spoof = next(r for r in records if r["student"] == "hostile_spoof" and r["drill"] == "precision")
    assert "\x1b" not in spoof["report"] and not any(line.startswith("PASS") for line in spoof["report"].splitlines())


def test_the_student_report_shows_the_failing_case_but_not_the_seed_or_other_cases(graded):
    root, out, plan, table, expected = graded
    seed = str(SEED)
    text = (out / "students" / "miscon0.txt").read_text()
    assert "== precision: fail" in text and "diagnosis: you divided by TP+FN: that is recall" in text
    assert "inputs:" in text and "expected:" in text and text.count("expected:") == 2  # precision, accuracy
    assert seed not in text and "--seed" not in text and "reproduce" not in text
    for student in plan:
        report = (out / "students" / f"{batch._file_safe(student)}.txt").read_text()
        assert seed not in report
        for block in report.split("== ")[1:]:
            if "random case" in block and "expected:" in block:
                assert "expected:  (not shown in class grading" in block, block
    assert not (out / ".seed").exists(), "no seed is ever written"
    assert (out / ".class-key").stat().st_mode & 0o077 == 0, "the class key is private"


def _md_table(text, heading):
    block = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in rows]
    return cells[0], cells[2:]


def test_the_class_report_pass_rates(graded):
    root, out, plan, table, expected = graded
    header, rows = _md_table((out / "report.md").read_text(), "Pass rate per drill")
    statuses = [s for s in batch.STATUSES if s != "pass"]
    assert header == ["drill", "passed", "pass rate"] + statuses
    assert [r[0] for r in rows] == DRILLS
    for row in rows:
        d = row[0]
        counts = Counter(expected[s, d][0] for s in plan)
        assert row[1] == f"{counts['pass']}/{len(plan)}"
        assert row[2] == f"{counts['pass'] / len(plan):.0%}"
        assert row[3:] == [str(counts[s]) for s in statuses], d


def test_the_class_report_most_failed_cases(graded):
    root, out, plan, table, expected = graded
    failing, ran = {}, Counter()
    for (s, d), (status, _, _, cases) in expected.items():
        if status in ("pass", "fail", "timeout", "crash") and cases is not None:
            for name, ok in cases.items():
                ran[d, name] += 1
                if not ok:
                    failing.setdefault((d, name), set()).add(s)
    groups = {}
    for (d, name), who in failing.items():  # cases failed by the very same students: one row
        groups.setdefault((d, frozenset(who), ran[d, name]), []).append(name)
    want = sorted(((d, batch._case_list(names), len(who), n) for (d, who, n), names in groups.items()),
                  key=lambda r: (-r[2], DRILLS.index(r[0]), r[1]))[:10]
    _, rows = _md_table((out / "report.md").read_text(), "Cases most students fail")
    shown = [(r[0], r[1].replace("\\", ""), r[2], r[3]) for r in rows]
    assert shown == [(d, c, str(n), str(r)) for d, c, n, r in want]
    assert any("cases)" in c for _, c, _, _ in shown), "tied cases of one cause are grouped"


def test_the_misconception_heatmap_cell_by_cell(graded):
    root, out, plan, table, expected = graded
    heat = Counter((d, m) for (s, d), (_, _, m, _) in expected.items() if m)
    assert heat == {("recall", "divided-by-predicted-positives"): 6, ("precision", "divided-by-actual-positives"): 5,
                    ("accuracy", "count-not-fraction"): 5, ("precision", "empty-is-zero"): 3}
    text = (out / "report.md").read_text()
    header, rows = _md_table(text, "Misconception heatmap")
    names = header[1:]
    assert names == sorted({m for _, m in heat}, key=lambda m: (-sum(n for (d, k), n in heat.items() if k == m), m))
    assert [r[0] for r in rows] == ["accuracy", "precision", "recall"]
    for row in rows:
        drill = get_drill(row[0])
        own = {w.name for w in drill.wrongs}
        for name, cell in zip(names, row[1:]):
            assert cell == (str(heat.get((row[0], name), 0)) if name in own else "-"), (row[0], name)
    assert "**recall / divided-by-predicted-positives** (6 students)" in text
    page = (out / "report.html").read_text()
    grid = page.split("<table id='heatmap'>", 1)[1].split("</table>", 1)[0]
    html_rows = re.findall(r"<tr><td>([^<]+)</td>(.*?)</tr>", grid)
    assert [r[0] for r in html_rows] == [r[0] for r in rows]
    for (drill_id, cells), md_row in zip(html_rows, rows):
        values = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
        assert values == md_row[1:]
    assert html.escape("=cmd|' -C calc'!A0") not in page  # names never reach the class report


def test_a_rerun_grades_nothing_and_keeps_every_result(graded):
    root, out, plan, table, expected = graded
    before = (out / "gradebook.csv").read_text()
    again = grade(root, DRILLS, workers=2, limits=LIMITS, out=out, seed=SEED)
    assert again.graded == 0
    assert (out / "gradebook.csv").read_text() == before


def test_resume_after_an_interruption_regrade_one_student_and_regrade_all(tmp_path):
    root = tmp_path / "class"
    for name in ("ann", "ben", "cat"):
        (root / name).mkdir(parents=True)
        (root / name / SET01).write_text(set01(right("accuracy"), right("precision"), stub("recall")))
    out = tmp_path / "grades"
    first = grade(root, ["precision", "recall"], workers=2, limits=LIMITS, out=out)
    assert first.graded == 6 and first.status["ben", "recall"] == "todo"
    # An interrupted run: the last record torn in half, one record lost.
    lines = (out / "results.jsonl").read_text().splitlines()
    lost = json.loads(lines[-1])
    (out / "results.jsonl").write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:25])
    resumed = grade(root, ["precision", "recall"], workers=2, limits=LIMITS, out=out)
    assert resumed.graded == 1 and resumed.status[lost["student"], lost["drill"]] == lost["status"]
    assert len((out / "results.jsonl").read_text().splitlines()) == 6
    # Ben fixes recall; only Ben is regraded.
    (root / "ben" / SET01).write_text(set01(right("accuracy"), right("precision"), right("recall")))
    assert grade(root, ["precision", "recall"], workers=2, limits=LIMITS, out=out).status["ben", "recall"] == "todo"
    ben = grade(root, ["precision", "recall"], workers=2, limits=LIMITS, out=out, student="ben")
    assert ben.graded == 2 and ben.status["ben", "recall"] == "pass" and ben.status["ann", "recall"] == "todo"
    everyone = grade(root, ["precision", "recall"], workers=2, limits=LIMITS, out=out, regrade=True)
    assert everyone.graded == 6
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(records) == 6 and all(r["signature"] for r in records)


def test_the_cli_grades_with_a_progress_bar_and_writes_everything(tmp_path, capsys):
    root = tmp_path / "class"
    (root / "ann").mkdir(parents=True)
    (root / "ann" / SET01).write_text(set01(right("accuracy"), right("precision"), right("recall")))
    out = tmp_path / "grades"
    code = cli.main(["grade", str(root), "--drills", "precision", "recall", "-j", "2", "--out", str(out),
                     "--timeout", "2", "--seed", "7"])
    captured = capsys.readouterr()
    assert code == 0
    assert "ann" in captured.out and "2/2" in captured.out and "Graded 2 (student, drill) pairs" in captured.out
    assert "2/2" in captured.err and "ETA" in captured.err  # rich's progress bar, on stderr
    for name in ("gradebook.csv", "results.jsonl", "report.md", "report.html", "students/ann.txt"):
        assert (out / name).is_file()
    assert not (out / ".seed").exists()
    code = cli.main(["grade", str(root), "--drills", "precision", "recall", "--out", str(out), "--no-progress"])
    assert code == 0 and "2 kept from an earlier run" in capsys.readouterr().out


@pytest.mark.parametrize("argv,message", [
    (["grade", "{tmp}/nope"], "does not exist"),
    (["grade", "{tmp}/file.txt"], "is not a folder"),
    (["grade", "{tmp}", "--drills", "precison"], "no drill called 'precison'; did you mean precision"),
    (["grade", "{tmp}", "--timeout", "-1"], "a time budget must be a positive number"),
    (["grade", "{tmp}", "--drill-timeout", "nan"], "a time budget must be a positive number"),
    (["grade", "{tmp}", "-j", "0"], "use at least 1 worker"),
    (["grade", "{tmp}", "--student", "zed"], "no student folder called 'zed'"),
    (["grade", "{tmp}", "--seed", "x"], "is not a whole number"),
    (["check", "nope", "--dir", "{tmp}"], "no drill called 'nope'"),
])
def test_cli_mistakes_are_one_line_and_exit_status_two(tmp_path, capsys, argv, message):
    (tmp_path / "file.txt").write_text("x")
    code = None
    try:
        code = cli.main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_an_unknown_case_on_the_cli_is_one_line(tmp_path, capsys):
    cli.main(["init", str(tmp_path / "mine")])
    capsys.readouterr()
    code = cli.main(["check", "precision", "--case", "nope", "--dir", str(tmp_path / "mine")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "no case named 'nope'; try random-0..random-24 or one of: asymmetric" in err


def test_the_python_api_grades_in_memory_without_writing(tmp_path):
    root = tmp_path / "class"
    (root / "ann").mkdir(parents=True)
    (root / "ann" / SET01).write_text(set01(right("accuracy"), right("precision"), stub("recall")))
    table = grade(root, ["precision", "recall"], workers=1, limits=LIMITS)
    assert table.status == {("ann", "precision"): "pass", ("ann", "recall"): "todo"}
    assert table.out is None and not (tmp_path / "class-grading").exists()
    assert "| precision | 1/1 | 100% |" in table.to_markdown()
    assert np.isclose(table.credit("ann", "recall"), 0.0)
