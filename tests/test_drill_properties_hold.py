"""The reference answers satisfy their own properties on every run seed, not only on the one a
test run happens to draw.

Each `drill check` draws fresh random cases from a secret seed; a property case that the
reference answer itself can break (a two-decimal tie such as 0.42 >= 0.49 - 0.07, which binary
floats decide either way) would fail a correct learner on one run in a hundred. Here many seeds
are tried in-process, without the sandbox.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlmetrics_edu.drill.cases import build_cases, run_trusted
from mlmetrics_edu.drill.spec import get_drill, load_drills, reference

SEEDS = range(25)  # about 7 s for every drill; a 1-in-100 fault shows on a run in five


@pytest.mark.parametrize("drill", [d for d in load_drills() if d.props], ids=lambda d: d.id)
def test_the_reference_answer_keeps_every_property_on_many_seeds(drill):
    answer, broken = reference(drill), []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in SEEDS:
            for case in build_cases(drill, seed):
                if case.prop is not None:
                    problem = case.prop.holds([run_trusted(answer, c) for c in case.calls], case.calls)
                    if problem:
                        broken.append((seed, case.name, problem))
    assert broken == [], f"{drill.id}: the reference answer breaks its own property: {broken[:3]}"


def test_gap_curves_hold_no_decimal_tie_that_rounding_could_decide():
    """gap-best-k compares Gap(k) with Gap(k + 1) - s(k + 1) on two-decimal inputs: its random
    and property cases avoid exact decimal ties, where `a >= b - c` and `a - b + c >= 0` differ."""
    drill = get_drill("gap-best-k")
    ties = []
    for seed in range(300):
        for case in build_cases(drill, seed):
            for c in case.calls:
                gap, s = (np.asarray(v, dtype=float) for v in c.args)
                if np.any(np.abs(gap[:-1] - (gap[1:] - s[1:])) < 1e-6):
                    ties.append((seed, case.name))
    assert ties == []
