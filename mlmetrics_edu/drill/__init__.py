"""Auto-graded drills: implement a metric yourself, get told exactly what is wrong.

The engine, module by module:

* ``spec``     -- the drill model (signature, conventions, hints and the code the last
                  hint describes, cases, misconceptions, equivalent routes) and loading
                  the drill sets from ``drills/specs`` and ``answers/`` (``preload``
                  reads every answer into memory before any learner code runs);
* ``cases``    -- named edge cases, random cases from a fresh run seed per check,
                  metamorphic property instances;
* ``sandbox``  -- runs the learner's code in a child isolated by the operating system
                  (bubblewrap; a bare process as the stated, weak fallback) with per-case
                  and per-drill budgets in CPU seconds (``_child.py``);
* ``compare``  -- typed, tolerance-based comparison (type, shape, NaN, then values);
* ``grader``   -- expected values, the verdict and misconception matching, all here
                  in the parent;
* ``feedback`` -- text and HTML reports, every learner-controlled text escaped;
* ``progress`` -- the learner's JSON progress, and recording a verdict in it;
* ``errors``   -- :class:`UsageError`, a call the engine cannot serve (one line in every front end);
* ``notebook`` -- ``check(fn, "id")`` (``mlmetrics-edu drill ...`` is ``mlmetrics_edu.cli.drill``);
* ``batch``    -- ``grade(CLASS)`` for a workshop: parallel, resumable, a gradebook,
                  per-case JSONL and a class report with a misconception heatmap.
"""

from .batch import GradeTable, grade
from .grader import Verdict, check_file, check_source
from .notebook import check
from .sandbox import Limits, isolation
from .spec import Drill, get_drill, load_drills

__all__ = ["Drill", "GradeTable", "Limits", "Verdict", "check", "check_file", "check_source", "get_drill",
           "grade", "isolation", "load_drills"]
