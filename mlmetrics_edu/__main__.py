"""``python -m mlmetrics_edu`` runs the ``mlmetrics-edu`` command.

``python -m`` puts the current folder first on ``sys.path``; the package's ``__init__``
drops it before anything else is imported (a class folder's ``numpy/`` or ``rich/`` never
reaches the grader).
"""

import sys

from .cli import main

sys.exit(main())
