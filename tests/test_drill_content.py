"""Every drill is sound: stubs fail nicely, answers pass, misconceptions are recognised.

Like ``rustlings dev check``: the whole drill tree is graded once (both cores), then
each assertion below reads its verdict.
"""

import ast
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from mlmetrics_edu.drill import feedback
from mlmetrics_edu.drill.grader import check_file, check_source
from mlmetrics_edu.drill.notebook import function_source
from mlmetrics_edu.drill.spec import answer_path, answers_dir, drills_dir, load_drills, stub_path


def misconception_source(drill, wrong):
    """A learner file whose drill function is the misconception (helpers included)."""
    return function_source(wrong.fn) + f"\n{drill.function} = {wrong.fn.__name__}\n"


def grade_all():
    """Verdicts for every reference answer, stub and misconception, keyed by (kind, drill, name)."""
    jobs = []
    for d in load_drills():
        jobs.append((("answer", d.id, ""), lambda d=d: check_file(d, answer_path(d))))
        jobs.append((("stub", d.id, ""), lambda d=d: check_file(d, stub_path(d))))
        for w in d.wrongs:
            jobs.append((("wrong", d.id, w.name),
                         lambda d=d, w=w: check_source(d, misconception_source(d, w), label="wrong.py")))
    with ThreadPoolExecutor(max_workers=2) as pool:
        verdicts = list(pool.map(lambda job: job[1](), jobs))
    return {key: v for (key, _), v in zip(jobs, verdicts)}


DRILLS = load_drills()
IDS = [d.id for d in DRILLS]
WRONGS = [(d, w) for d in DRILLS for w in d.wrongs]


@pytest.fixture(scope="module")
def verdicts():
    return grade_all()


def test_there_are_at_least_twenty_five_drills_with_unique_ids():
    assert len(DRILLS) >= 25
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_reference_answer_passes_every_case_and_property(verdicts, drill):
    verdict = verdicts["answer", drill.id, ""]
    assert verdict.passed, feedback.text(verdict)
    assert feedback.text(verdict).startswith(f"PASS  {drill.id}: ")


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_stub_fails_as_not_implemented_with_a_pointer_to_the_todo(verdicts, drill):
    verdict = verdicts["stub", drill.id, ""]
    assert not verdict.passed and verdict.failure.not_implemented
    report = feedback.text(verdict)
    assert report.startswith(f"TODO  {drill.id} is not implemented yet")
    assert re.search(rf"{re.escape(drill.filename)}:\d+, find `def {drill.function}`", report)


@pytest.mark.parametrize("drill,wrong", WRONGS, ids=[f"{d.id}:{w.name}" for d, w in WRONGS])
def test_each_misconception_fails_with_its_own_diagnosis(verdicts, drill, wrong):
    verdict = verdicts["wrong", drill.id, wrong.name]
    assert not verdict.passed
    assert verdict.failure.diagnosis is wrong, feedback.text(verdict)
    assert wrong.diagnosis in feedback.text(verdict)


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_spec_is_complete(drill):
    assert drill.title and drill.signature.startswith(drill.function + "(")
    assert len(drill.hints) == 3 and all(h.strip() for h in drill.hints)
    assert drill.hints[0].rstrip().endswith("?"), "the first hint is a question"
    assert len(drill.conventions) >= 2
    assert drill.edges and all(e.why for e in drill.edges)
    assert len({e.name for e in drill.edges}) == len(drill.edges)
    assert drill.random is not None and drill.random.n >= 12
    assert drill.props and all(p.why for p in drill.props)
    assert len(drill.wrongs) >= 2 and all(w.diagnosis for w in drill.wrongs)


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_stub_opens_with_a_short_scenario_a_todo_and_a_raise(drill):
    node = _functions(stub_path(drill))[drill.function]
    doc = ast.get_docstring(node)
    assert doc and 1 <= len(doc.splitlines()) <= 4
    source = ast.get_source_segment(stub_path(drill).read_text(encoding="utf-8"), node)
    assert "# TODO" in source
    assert isinstance(node.body[-1], ast.Raise) and "NotImplementedError" in ast.dump(node.body[-1])


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_answer_mirrors_the_stub_and_is_commented(drill):
    stub, answer = _functions(stub_path(drill))[drill.function], _functions(answer_path(drill))[drill.function]
    assert ast.get_docstring(stub) == ast.get_docstring(answer)
    assert ast.dump(stub.args) == ast.dump(answer.args)
    lines = answer_path(drill).read_text(encoding="utf-8").splitlines()[answer.lineno - 1:answer.end_lineno]
    assert any("#" in line for line in lines), "reference answers explain themselves in comments"


def test_answers_mirror_the_drill_tree_and_stand_alone():
    stubs = sorted(p.name for p in drills_dir().glob("[0-9]*.py"))
    answers = sorted(p.name for p in answers_dir().glob("[0-9]*.py"))
    assert stubs == answers
    for path in answers_dir().glob("*.py"):
        imported = {n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(path.read_text()))
                    if isinstance(n, ast.Import)}
        imported |= {n.module.split(".")[0] for n in ast.walk(ast.parse(path.read_text()))
                     if isinstance(n, ast.ImportFrom)}
        assert imported <= {"numpy", "math"}, f"{path.name} imports {imported}"
