"""The grading engine's parts: codec, comparison, seeds, feedback, notebook check."""

import math

import numpy as np
import pytest

from mlmetrics_edu.drill import _child, check, feedback
from mlmetrics_edu.drill.cases import Raises, build_cases, find_case, seed_for
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


def test_seeds_are_derived_from_the_drill_id_and_case_index_only():
    assert seed_for("precision", "random", 0) == seed_for("precision", "random", 0)
    assert seed_for("precision", "random", 0) != seed_for("precision", "random", 1)
    assert seed_for("precision", "random", 0) == 0xA5839D8003F013E4  # SHA-256 of "precision/random/0"


def test_building_the_cases_twice_gives_identical_inputs():
    for drill in load_drills():
        first, second = build_cases(drill), build_cases(drill)
        assert [c.name for c in first] == [c.name for c in second]
        for a, b in zip(first, second):
            for ca, cb in zip(a.calls, b.calls):
                assert repr(ca.args) == repr(cb.args) and repr(ca.kwargs) == repr(cb.kwargs)


def test_an_unknown_case_name_lists_the_named_ones():
    with pytest.raises(KeyError, match="no-predicted-positives"):
        find_case(build_cases(get_drill("precision")), "nope")


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
        f"{len(drill.props)} properties ({sum(p.n for p in drill.props)} instances) checked")


def test_a_broken_property_is_reported_with_every_call():
    # Depends on the order of the samples, which the shuffle property catches.
    source = "import numpy as np\ndef precision(y_true, y_pred):\n    return float(y_true @ np.arange(len(y_true)))\n"
    verdict = check_source(get_drill("precision"), source, case="shuffle-invariant-0")
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
