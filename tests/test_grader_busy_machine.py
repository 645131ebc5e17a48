"""A busy machine slows correct code down but never fails it (issue 15, item 4).

The budgets count CPU seconds; the wall-clock caps are several times larger. Here every
reference answer is graded, with tight CPU budgets, while more CPU-bound processes than
there are cores keep the machine busy: every one must pass.
"""

import os
import subprocess
import sys

import pytest

from mlmetrics_edu.drill import sandbox
from mlmetrics_edu.drill.grader import check_many
from mlmetrics_edu.drill.spec import answer_path, load_drills


@pytest.fixture
def busy_machine():
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range((os.cpu_count() or 2) + 1)]
    try:
        yield len(burners)
    finally:
        for proc in burners:
            proc.kill()
            proc.wait()


def test_every_reference_answer_passes_while_every_core_is_busy(busy_machine):
    drills = list(load_drills())
    tight = sandbox.Limits(timeout=2.0, startup_timeout=5.0, drill_timeout=10.0)
    jobs = [(d, answer_path(d).read_text(encoding="utf-8"), answer_path(d).name, None) for d in drills]
    verdicts = check_many(jobs, limits=tight)
    failed = [(v.drill.id, v.status, v.failure.problem) for v in verdicts if not v.passed]
    assert failed == [], f"with {busy_machine} busy processes: {failed}"
