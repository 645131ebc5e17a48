"""The grading engine's parts: codec, comparison, seeds, feedback, notebook check."""

import math
import re

import numpy as np
import pytest

from mlmetrics_edu.drill import _child, check, feedback
from mlmetrics_edu.drill.cases import Raises, UnknownCase, build_cases, find_case, fresh_seed, seed_for
from mlmetrics_edu.drill.compare import all_same, mismatch, short
from mlmetrics_edu.drill.grader import check_source
from mlmetrics_edu.drill.notebook import function_source
from mlmetrics_edu.drill.spec import Tol, content_root, get_drill, load_drills

# --------------------------------------------------------------------------- codec


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("nan"), float("inf"), "text", (1, 2.0), [1, [2]], {"a": 1},
    np.array([1.0, np.nan, -np.inf]), np.arange(6).reshape(2, 3), np.array([True, False]),
    np.float32(1.5), np.int64(7), np.array(["a", "b"]), np.zeros(0),
])
def test_values_survive_the_trip_through_the_channel(value):
    back = _child.decode(_child.encode(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, float) and math.isnan(value):
        assert math.isnan(back)
    else:
        assert back == value


def test_unknown_objects_arrive_as_an_opaque_description_never_a_pickle():
    class Weird:
        def __repr__(self):
            return "<weird>"

    back = _child.decode(_child.encode(Weird()))
    assert isinstance(back, _child.Opaque) and back.text == "<weird>"
    assert "an ...Weird" not in mismatch(1.0, back)


def test_decoding_refuses_object_arrays():
    with pytest.raises(ValueError, match="refusing"):
        _child.decode({"t": "ndarray", "dtype": "|O", "shape": [1], "v": [1]})


# --------------------------------------------------------------------------- compare


@pytest.mark.parametrize("expected,got,message", [
    (0.5, 1, "expected a float, got int 1; return float(...)"),
    (0.5, np.array(0.5), "got a 0-d NumPy array"),
    (0.5, None, "expected a float, got None"),
    (0.5, float("nan"), "expected 0.5, got nan"),
    (float("nan"), 0.5, "expected nan, got 0.5"),
    (0.5, 0.75, "expected 0.5, got 0.75 (off by 0.25)"),
    (3, 3.0, "expected an int, got float 3.0"),
    (np.array([1.0, 2.0]), [1.0, 2.0], "expected a NumPy array, got a list of 2"),
    (np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), "expected shape (2,), got shape (3,)"),
    (np.array([1, 2]), np.array([1.0, 2.0]), "expected integer values, got dtype float64"),
    (np.array([1.0, np.nan]), np.array([1.0, 0.0]), "NaN in the wrong place: at index 1"),
    (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.5, 3.5]), "at index 1: expected 2.0, got 2.5 (2 of 3"),
    ((1, 2), (1,), "expected a tuple of 2, got 1 items"),
    ((1, 2.0), (1, 2.5), "in item 1"),
    (Raises("ValueError"), 1.0, "cannot compare"),
])
def test_comparison_reports_type_then_shape_then_nan_then_values(expected, got, message):
    problem = mismatch(expected, got)
    assert problem is not None and message in problem, problem


def test_comparison_accepts_values_within_tolerance_and_numpy_scalars():
    assert mismatch(0.5, np.float64(0.5 + 1e-13)) is None
    assert mismatch(0.5, 0.5001, Tol(rtol=1e-3)) is None
    assert mismatch(np.array([np.nan, np.inf]), np.array([np.nan, np.inf])) is None
    assert mismatch(np.array([1.0, 2.0]), np.array([1, 2])) is None  # ints where floats are due
    assert mismatch((1, 2), [np.int64(1), 2]) is None
    assert all_same([1.0, 1.0, 1.0]) is None and "call 2 differs" in all_same([1.0, 2.0])


def test_long_arrays_are_shortened_in_reports_but_not_when_reproducing():
    assert "# 100 values" in short(np.arange(100))
    assert "99" in short(np.arange(100), None) and "..." not in short(np.arange(100), None)


# --------------------------------------------------------------------------- cases


def test_seeds_are_derived_from_the_run_seed_drill_id_and_case_index_only():
    import hashlib

    assert seed_for("precision", "random", 0, 7) == seed_for("precision", "random", 0, 7)
    assert seed_for("precision", "random", 0, 7) != seed_for("precision", "random", 1, 7)
    assert seed_for("precision", "random", 0, 7) != seed_for("precision", "random", 0, 8)
    digest = hashlib.sha256(b"7/precision/random/0").digest()
    assert seed_for("precision", "random", 0, 7) == int.from_bytes(digest[:8], "little")


def test_every_check_draws_a_fresh_seed_and_the_seed_rebuilds_the_cases():
    seeds = {fresh_seed() for _ in range(20)}
    assert len(seeds) == 20 and all(0 <= s < 10**12 for s in seeds)
    drill = get_drill("roc-auc")
    a, b = build_cases(drill, 1), build_cases(drill, 2)
    randoms = [c for c in a if c.kind == "random"]
    assert [c.name for c in a] == [c.name for c in b]
    assert any(repr(x.calls) != repr(y.calls) for x, y in zip(randoms, [c for c in b if c.kind == "random"]))
    assert [repr(c.calls) for c in a if c.kind == "edge"] == [repr(c.calls) for c in b if c.kind == "edge"]


def test_building_the_cases_twice_with_one_seed_gives_identical_inputs():
    for drill in load_drills():
        first, second = build_cases(drill, 12345), build_cases(drill, 12345)
        assert [c.name for c in first] == [c.name for c in second]
        for a, b in zip(first, second):
            for ca, cb in zip(a.calls, b.calls):
                assert repr(ca.args) == repr(cb.args) and repr(ca.kwargs) == repr(cb.kwargs)


def test_an_unknown_case_name_lists_the_named_ones():
    with pytest.raises(KeyError, match="no-predicted-positives") as raised:
        find_case(build_cases(get_drill("precision")), "nope")
    assert isinstance(raised.value, UnknownCase)
    assert str(raised.value).startswith("no case named 'nope'; try random-0..random-24 or one of: asymmetric")
    with pytest.raises(UnknownCase):
        check_source(get_drill("precision"), "def precision(a, b):\n    return 0.0\n", case="nope")


def test_unknown_drill_ids_suggest_close_matches():
    with pytest.raises(KeyError, match="did you mean precision"):
        get_drill("precison")
    assert get_drill("roc_auc").id == "roc-auc"  # the function name works too


def test_the_content_is_found_next_to_the_package():
    root = content_root()
    assert (root / "drills" / "specs").is_dir() and (root / "answers").is_dir()


# --------------------------------------------------------------------------- verdicts

RECALL_AS_PRECISION = """
import numpy as np

def precision(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(tp / (tp + fn)) if tp + fn else 0.0
"""


def test_a_wrong_answer_gets_the_case_inputs_expected_got_tolerance_command_and_diagnosis():
    verdict = check_source(get_drill("precision"), RECALL_AS_PRECISION, label="drills/01.py")
    report = feedback.text(verdict, hint_level=1)
    for part in ["FAIL  precision (drills/01.py)", "case:      edge case 'asymmetric'",
                 "inputs:    y_true=array([1, 1, 1, 0]), y_pred=array([1, 0, 0, 1])",
                 "expected:  0.5", "got:       0.3333333333333333", "tolerance: rtol=1e-09",
                 "diagnosis: you divided by TP+FN: that is recall, not precision",
                 "reproduce: mlmetrics-edu drill check precision --case asymmetric", "hint:      1/3: "]:
        assert part in report, report


def test_grading_the_same_file_twice_prints_the_same_report():
    drill = get_drill("roc-auc")
    source = "import numpy as np\ndef roc_auc(y_true, y_score):\n    return 0.5\n"
    first = feedback.text(check_source(drill, source, label="x.py"), hint_level=2)
    second = feedback.text(check_source(drill, source, label="x.py"), hint_level=2)
    assert first == second


def test_a_pass_says_how_many_cases_and_properties_were_checked():
    drill = get_drill("accuracy")
    source = ("import numpy as np\ndef accuracy(y_true, y_pred):\n    if len(y_true) == 0:\n"
              "        raise ValueError('empty')\n    return float(np.mean(y_true == y_pred))\n")
    verdict = check_source(drill, source)
    assert verdict.passed
    assert feedback.text(verdict) == (
        f"PASS  accuracy: {len(drill.edges)} edge cases, {drill.random.n} random cases and "
        f"{len(drill.props)} properties ({sum(p.n for p in drill.props)} instances) checked\n"
        f"  sandbox:   {verdict.isolation}")


def test_a_broken_property_is_reported_with_every_call():
    # Depends on the order of the samples, which the shuffle property catches.
    source = "import numpy as np\ndef precision(y_true, y_pred):\n    return float(y_true @ np.arange(len(y_true)))\n"
    verdict = check_source(get_drill("precision"), source, case="shuffle-invariant-0", seed=1)
    report = feedback.text(verdict)
    assert "case:      property 'shuffle-invariant-0'" in report
    assert "problem:   property 'shuffle-invariant' broken: scores before and after shuffling should be equal" in report
    assert "inputs:    call 1: y_true=" in report and "inputs:    call 2: y_true=" in report
    assert "got:       call 1: " in report


def test_an_exception_shows_only_the_learners_traceback_lines():
    source = "def precision(y_true, y_pred):\n    return helper(y_true)\n\ndef helper(y):\n    return 1 / 0\n"
    report = feedback.text(check_source(get_drill("precision"), source, label="mine.py"))
    assert "your function raised ZeroDivisionError: division by zero" in report
    assert "mine.py:2 in precision: return helper(y_true)" in report
    assert "mine.py:5 in helper: return 1 / 0" in report
    assert "_child.py" not in report and "site-packages" not in report


def test_a_single_case_run_shows_the_inputs_in_full():
    drill = get_drill("roc-auc")
    source = "def roc_auc(y_true, y_score):\n    return 0.5\n"
    verdict = check_source(drill, source, case="random-3")
    report = feedback.text(verdict)
    assert "random case 'random-3'" in report and "# " not in report.split("inputs:")[1].split("\n")[0]
    assert "reproduce" not in report


# --------------------------------------------------------------------------- notebook


SCALE = 2.0


def _helper_count(y_true, y_pred):
    return np.sum((y_pred == 1) & (y_true == 1))


def my_precision(y_true, y_pred):
    tp = _helper_count(y_true, y_pred)
    fp = np.sum((y_pred == 1) & (y_true == 0))
    if len(y_true) == 0:
        raise ValueError("empty")
    return float(tp / (tp + fp)) if tp + fp else 0.0 * SCALE


def test_function_source_ships_imports_helpers_and_constants():
    source = function_source(my_precision)
    assert "import numpy as np" in source and "SCALE = 2.0" in source
    assert source.index("def _helper_count") < source.index("def my_precision")


def test_check_grades_a_function_object_and_prints_text_outside_ipython(capsys):
    result = check(my_precision, "precision")
    out = capsys.readouterr().out
    assert result and result.passed and out.startswith("PASS  precision")
    assert repr(result) == "<drill precision: passed>"


def test_check_escalates_hints_with_failed_attempts(capsys):
    def precision(y_true, y_pred):
        return 0.25

    for attempt in range(1, 4):
        assert not check(precision, "f1")
        out = capsys.readouterr().out
        assert ("hint:" in out) == (attempt > 1)
    assert "2/3" in out


def test_check_renders_html_in_ipython(monkeypatch):
    from mlmetrics_edu.drill import notebook

    shown = []
    monkeypatch.setattr(notebook, "_ipython", lambda: object())
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    check(my_precision, "precision")
    assert "<div" in shown[0].data and "PASS  precision" in shown[0].data


# --------------------------------------------------------------------------- feedback that is never wrong

OLD_PRECISION_HINT = """
import numpy as np

def precision(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1)); fp = np.sum((y_pred == 1) & (y_true == 0))
    return 0.0 if tp + fp == 0 else float(tp / (tp + fp))
"""


def test_the_old_precision_hint_is_told_about_empty_input_not_about_recall():
    verdict = check_source(get_drill("precision"), OLD_PRECISION_HINT, label="mine.py")
    report = feedback.text(verdict)
    assert verdict.failure.case.name == "empty"
    assert "recall" not in report.split("diagnosis:")[1].split("\n")[0]
    assert verdict.failure.diagnosis.name == "empty-is-zero", report


def test_the_old_recall_hint_is_told_about_empty_input_not_about_precision():
    old_hint = OLD_PRECISION_HINT.replace("precision(", "recall(").replace(
        "fp = np.sum((y_pred == 1) & (y_true == 0))", "fn = np.sum((y_pred == 0) & (y_true == 1))").replace(
        "tp + fp", "tp + fn")
    verdict = check_source(get_drill("recall"), old_hint, label="mine.py")
    assert verdict.failure.case.name == "empty"
    assert verdict.failure.diagnosis.name == "empty-is-zero", feedback.text(verdict)
    assert "precision" not in feedback.text(verdict).split("diagnosis:")[1].split("\n")[0]


def test_a_misconception_is_named_only_when_it_explains_most_of_the_answers():
    # Right on every case except 'no-predicted-positives' (nan instead of 0.0): only
    # nan-on-zero-division fits, on every call where it differs from the right answer.
    drill = get_drill("precision")
    nan_case = OLD_PRECISION_HINT.replace("return 0.0 if", "return float('nan') if").replace(
        "def precision(y_true, y_pred):", "def precision(y_true, y_pred):\n    if len(y_true) == 0:\n"
        "        raise ValueError")
    verdict = check_source(drill, nan_case)
    assert verdict.failure.diagnosis.name == "nan-on-zero-division", feedback.text(verdict)
    # Recall-like code with one input special-cased still divides by TP+FN on most calls.
    mixed = ("import numpy as np\ndef precision(y_true, y_pred):\n    if len(y_true) == 0:\n"
             "        raise ValueError\n    if len(y_true) == 4 and y_true.tolist() == [1, 1, 1, 0]:\n"
             "        return 0.5\n    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
             "    fn = np.sum((y_pred == 0) & (y_true == 1))\n    return float(tp / (tp + fn)) if tp + fn else 0.0\n")
    verdict = check_source(drill, mixed, seed=3)
    assert verdict.failure.diagnosis.name == "divided-by-actual-positives", feedback.text(verdict)


@pytest.mark.parametrize("seed", range(10))
def test_a_constant_that_equals_recall_on_one_case_is_not_told_it_computed_recall(seed):
    verdict = check_source(get_drill("precision"), "def precision(y_true, y_pred):\n    return 1 / 3\n", seed=seed)
    assert not verdict.passed and verdict.failure.diagnosis is None, feedback.text(verdict)


def test_code_right_where_the_misconception_differs_is_not_given_it():
    # Recall on the failing edge case only; precision everywhere else.
    drill = get_drill("precision")
    source = ("import numpy as np\ndef precision(y_true, y_pred):\n    if len(y_true) == 0:\n"
              "        raise ValueError\n    tp = np.sum((y_pred == 1) & (y_true == 1))\n"
              "    fp = np.sum((y_pred == 1) & (y_true == 0)); fn = np.sum((y_pred == 0) & (y_true == 1))\n"
              "    if y_true.tolist() == [1, 1, 1, 0] and y_pred.tolist() == [1, 0, 0, 1]:\n"
              "        return float(tp / (tp + fn))\n"
              "    return float(tp / (tp + fp)) if tp + fp else 0.0\n")
    verdict = check_source(drill, source, seed=5)
    assert verdict.failure.case.name == "asymmetric"
    assert verdict.failure.diagnosis is None, feedback.text(verdict)


def test_a_pass_by_an_equivalent_route_says_so():
    drill = get_drill("ndcg")
    natural = ("import numpy as np\ndef ndcg_at_k(relevance, k):\n    rel = np.asarray(relevance, dtype=float)\n"
               "    d = 1 / np.log(np.arange(2, rel.size + 2))\n    idcg = np.sum(np.sort(rel)[::-1][:k] * d[:k])\n"
               "    return 0.0 if idcg == 0 else float(np.sum(rel[:k] * d[:k]) / idcg)\n")
    verdict = check_source(drill, natural)
    report = feedback.text(verdict)
    assert verdict.passed and report.splitlines()[0].startswith("PASS  ndcg")
    assert "note:      your discount takes np.log" in report and "the base cancels" in report
    plain = check_source(drill, "import numpy as np\n" + drill.hint_solution)
    assert plain.passed and "note:" not in feedback.text(plain)


def test_partial_credit_counts_the_cases_passed():
    drill = get_drill("precision")
    verdict = check_source(drill, OLD_PRECISION_HINT)
    assert verdict.status == "fail"
    failed = [c.name for c in verdict.cases if not c.passed]
    assert failed == ["empty"]
    assert verdict.credit == pytest.approx(1 - 1 / len(verdict.cases))
    todo = check_source(drill, "def precision(y_true, y_pred):\n    raise NotImplementedError\n")
    assert todo.status == "todo" and todo.credit == 0.0


def test_a_failure_on_a_random_case_prints_the_seed_and_how_to_reproduce_it():
    drill = get_drill("precision")
    source = OLD_PRECISION_HINT.replace("def precision(y_true, y_pred):",
                                        "def precision(y_true, y_pred):\n    if len(y_true) == 0:\n"
                                        "        raise ValueError\n    if len(y_true) > 4:\n        return -1.0")
    verdict = check_source(drill, source, seed=42)
    report = feedback.text(verdict)
    assert verdict.failure.case.kind == "random"
    assert "seed:      42 (the random cases of this run" in report
    assert f"reproduce: mlmetrics-edu drill check precision --seed 42 --case {verdict.failure.case.name}" in report
    assert "budget:    3 CPU s per case, 40 CPU s per drill (import included)" in report
    secret = feedback.text(check_source(drill, source, seed=42, secret=True))
    assert "42" not in secret and "reproduce" not in secret and "inputs:" in secret


def test_learner_text_is_escaped():
    assert feedback.clean("a\x1b[2Jb\rc\nd\u202ee") == "a\\x1b[2Jb\\rc\\nd\\u202ee"
    assert feedback.clean("plain text, ünïcode") == "plain text, ünïcode"


@pytest.mark.parametrize("args, kwargs, message", [
    ((None, "precision"), {}, "check() needs a function defined with def"),
    ((None, 3), {}, "drill_id must be a drill's id"),
    ((None, "precison"), {}, "did you mean precision"),
    ((None, "precision"), {"case": 5}, "case must be a case's name"),
    ((None, "precision"), {"seed": "x"}, "seed must be a non-negative integer"),
    ((None, "precision"), {"seed": -1}, "seed must be a non-negative integer"),
])
def test_a_learners_mistake_in_a_check_call_is_one_clear_value_error(args, kwargs, message):
    """check() in a notebook: a wrong drill id, case, seed or function is a ValueError (the
    package's MetricInputError) naming what is wrong -- never a TypeError from deep inside."""
    from mlmetrics_edu import MetricInputError

    with pytest.raises(MetricInputError, match=re.escape(message)):
        check(*args, show=False, **kwargs)
