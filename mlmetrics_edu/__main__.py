"""``python -m mlmetrics_edu`` runs the ``mlmetrics-edu`` command."""

import sys

from .cli import main

sys.exit(main())
