"""mlmetrics_edu: evaluation metrics you can read, exact against scikit-learn.

Every metric lives in the module of its family and is re-exported here::

    >>> import mlmetrics_edu as mm
    >>> mm.precision_score([0, 1, 1, 0], [0, 1, 0, 1])
    0.5

Modules: ``classification``, ``curves``, ``calibration``, ``regression``, ``ranking``,
``generation`` (LLM and generation metrics), ``llm_eval`` (evaluating LLM applications: raters
and judges, leaderboards, RAG, contamination), ``significance`` (bootstrap intervals and tests),
``experiments`` (A/B tests: power, sample size, SRM, CUPED, ratio metrics),
``splits`` (cross-validation folds), ``fairness`` (metrics by group, parity and odds gaps),
``clustering``, ``monitoring`` (mergeable streaming states), ``drift`` (PSI, KS, JS,
Wasserstein), ``distributed`` (the states by map-reduce on Dask); ``datasets`` (seeded
scenarios); ``report`` (an evaluation report, MLflow logging). Imported on demand: ``plots`` (matplotlib figures),
``widgets`` (the threshold, calibration and error explorers), ``drill`` (the grader).
"""

import os as _os
import sys as _sys

if _sys.argv[:1] == ["-m"]:  # pragma: no cover - exercised as a subprocess in test_batch_secrets
    # `python -m mlmetrics_edu ...` put the current folder first on sys.path. From inside a class
    # folder, a student's numpy/ or rich/ would be imported into the (unsandboxed) grader: drop
    # it before anything else is imported, unless this package itself lives there.
    _here = _os.path.realpath(_os.getcwd())
    _home = _os.path.dirname(_os.path.dirname(_os.path.realpath(__file__)))
    _sys.path[:] = [p for p in _sys.path if _os.path.realpath(p or ".") != _here or _here == _home]

from . import (calibration, classification, clustering, curves, datasets, distributed, drift, experiments,
               fairness, generation, llm_eval, monitoring, ranking, regression, significance, splits)
from ._validation import MetricInputError, UndefinedMetricWarning
from .calibration import *  # noqa: F401,F403
from .classification import *  # noqa: F401,F403
from .clustering import *  # noqa: F401,F403
from .curves import *  # noqa: F401,F403
from .distributed import *  # noqa: F401,F403
from .drift import *  # noqa: F401,F403
from .experiments import *  # noqa: F401,F403
from .fairness import *  # noqa: F401,F403
from .generation import *  # noqa: F401,F403
from .llm_eval import *  # noqa: F401,F403
from .monitoring import *  # noqa: F401,F403
from .ranking import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403
from .significance import *  # noqa: F401,F403
from .splits import *  # noqa: F401,F403

from ._version import __version__  # noqa: E402  (one home, read by every layer)

__all__ = (
    ["MetricInputError", "UndefinedMetricWarning"]
    + classification.__all__
    + curves.__all__
    + calibration.__all__
    + regression.__all__
    + ranking.__all__
    + generation.__all__
    + llm_eval.__all__
    + clustering.__all__
    + fairness.__all__
    + significance.__all__
    + experiments.__all__
    + splits.__all__
    + monitoring.__all__
    + drift.__all__
    + distributed.__all__
)
