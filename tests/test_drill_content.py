"""Every drill is sound: stubs fail nicely, answers pass, misconceptions are recognised,
every last hint -- turned into code word for word -- passes, and every stub states each
convention its drill is graded on.

Like ``rustlings dev check``: the whole drill tree is graded once (both cores), then
each assertion below reads its verdict.
"""

import ast
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from mlmetrics_edu.drill import feedback
from mlmetrics_edu.drill.grader import check_many
from mlmetrics_edu.drill.notebook import function_source
from mlmetrics_edu.drill.spec import answer_path, answers_dir, drills_dir, load_drills, stub_path


def misconception_source(drill, wrong):
    """A learner file whose drill function is the misconception (helpers included)."""
    return function_source(wrong.fn) + f"\n{drill.function} = {wrong.fn.__name__}\n"


def hint_file(drill):
    """The drill's stub file with the function replaced by its hint solution (as a learner would)."""
    lines = stub_path(drill).read_text(encoding="utf-8").splitlines()
    node = _functions(stub_path(drill))[drill.function]
    return "\n".join(lines[:node.lineno - 1] + drill.hint_solution.splitlines() + lines[node.end_lineno:]) + "\n"


def grade_all():
    """Verdicts for every reference answer, stub, hint solution and misconception, keyed by
    (kind, drill, name). Graded as a workshop grades a class: many drills per sandboxed
    interpreter (``check_many``), two interpreters at a time."""
    jobs = []
    for d in load_drills():
        for kind, path in (("answer", answer_path(d)), ("stub", stub_path(d))):
            jobs.append(((kind, d.id, ""), (d, path.read_text(encoding="utf-8"), str(path), None)))
        if d.hint_solution:
            jobs.append((("hint", d.id, ""), (d, hint_file(d), d.filename, None)))
        for w in d.wrongs:
            jobs.append((("wrong", d.id, w.name), (d, misconception_source(d, w), "wrong.py", None)))
    chunks = [jobs[i:i + 40] for i in range(0, len(jobs), 40)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        graded = list(pool.map(lambda chunk: check_many([job for _, job in chunk]), chunks))
    return {key: v for chunk, verdicts in zip(chunks, graded) for (key, _), v in zip(chunk, verdicts)}


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


# --------------------------------------------------------------------------- the last hint is enough


def _normal(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_following_the_last_hint_word_for_word_passes(verdicts, drill):
    assert drill.hint_solution.strip(), f"{drill.id} has no hint_solution: its last hint is not proved"
    verdict = verdicts["hint", drill.id, ""]
    assert verdict.passed, feedback.text(verdict)


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_hint_solution_is_quoted_from_the_last_hint(drill):
    """Each code line is in the hint verbatim (spaces aside), or says which words it implements."""
    hint = _normal(drill.hints[-1])
    tree = ast.parse(drill.hint_solution)
    assert [n.name for n in tree.body] == [drill.function]
    body = drill.hint_solution.splitlines()[1:]
    for line in body:
        code, _, comment = line.partition("  # hint: ")
        if not code.strip() or code.strip().startswith("#") or re.match(r"\s+def \w+\(.*\):$", code):
            continue  # blank lines, comments and the header of a nested helper only give structure
        if comment:
            assert _normal(comment) in hint, f"{drill.id}: {comment!r} is not in the last hint"
        else:
            assert _normal(code) in hint, f"{drill.id}: {code.strip()!r} is not in the last hint"


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_the_stub_states_every_convention_it_is_graded_on(drill):
    node = _functions(stub_path(drill))[drill.function]
    lines = stub_path(drill).read_text(encoding="utf-8").splitlines()[node.lineno - 1:node.end_lineno]
    stated = _normal(" ".join(line.strip().lstrip("#").strip().removeprefix("- ")
                              for line in lines if line.strip().startswith("#")))
    for convention in drill.conventions:
        assert _normal(convention) in stated, f"{drill.id}: the stub does not state {convention!r}"


@pytest.mark.parametrize("drill", DRILLS, ids=IDS)
def test_an_edge_case_that_must_raise_is_announced_in_the_stub(drill):
    from mlmetrics_edu.drill.cases import Raises, build_cases, run_trusted
    from mlmetrics_edu.drill.spec import reference

    source = stub_path(drill).read_text(encoding="utf-8")
    for case in build_cases(drill):
        if case.kind == "edge":
            outcome = run_trusted(reference(drill), case.calls[0])
            if isinstance(outcome, Raises):
                assert outcome.exc in source, f"{drill.id}: edge case {case.name!r} raises {outcome.exc}"
