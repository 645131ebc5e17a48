"""Auto-graded drills: implement a metric yourself, get told exactly what is wrong.

The engine, module by module:

* ``spec``     -- the drill model (signature, conventions, hints, cases, misconceptions)
                  and loading the drill sets from ``drills/specs`` and ``answers/``;
* ``cases``    -- named edge cases, seeded random cases, metamorphic property instances;
* ``sandbox``  -- runs the learner's code in a capped child process (``_child.py``);
* ``compare``  -- typed, tolerance-based comparison (type, shape, NaN, then values);
* ``grader``   -- the verdict, made here in the parent, plus misconception matching;
* ``feedback`` -- text and HTML reports; ``progress`` -- the learner's JSON progress;
* ``cli``      -- ``mlmetrics-edu drill ...``; ``notebook`` -- ``check(fn, "id")``;
* ``batch``    -- ``grade(folder)`` for a workshop.
"""

from .batch import GradeTable, grade
from .grader import Verdict, check_file, check_source
from .notebook import check
from .spec import Drill, get_drill, load_drills

__all__ = ["Drill", "GradeTable", "Verdict", "check", "check_file", "check_source", "get_drill",
           "grade", "load_drills"]
