"""mlmetrics_edu: evaluation metrics you can read, exact against scikit-learn.

Every metric lives in the module of its family and is re-exported here::

    >>> import mlmetrics_edu as mm
    >>> mm.precision_score([0, 1, 1, 0], [0, 1, 0, 1])
    0.5

Modules: ``classification``, ``curves``, ``calibration``, ``regression``, ``ranking``,
``generation`` (LLM and generation metrics), ``significance`` (bootstrap intervals and tests),
``splits`` (cross-validation folds), ``fairness`` (metrics by group, parity and odds gaps),
``clustering``, ``monitoring`` (mergeable streaming states), ``drift`` (PSI, KS, JS,
Wasserstein), ``distributed`` (the states by map-reduce on Dask); ``datasets`` (seeded
scenarios); ``report`` (an evaluation report, MLflow logging). Imported on demand: ``plots`` (matplotlib figures),
``widgets`` (the threshold, calibration and error explorers), ``drill`` (the grader).
"""

from . import (calibration, classification, clustering, curves, datasets, distributed, drift, fairness,
               generation, monitoring, ranking, regression, significance, splits)
from ._validation import MetricInputError, UndefinedMetricWarning
from .calibration import *  # noqa: F401,F403
from .classification import *  # noqa: F401,F403
from .clustering import *  # noqa: F401,F403
from .curves import *  # noqa: F401,F403
from .distributed import *  # noqa: F401,F403
from .drift import *  # noqa: F401,F403
from .fairness import *  # noqa: F401,F403
from .generation import *  # noqa: F401,F403
from .monitoring import *  # noqa: F401,F403
from .ranking import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403
from .significance import *  # noqa: F401,F403
from .splits import *  # noqa: F401,F403

__version__ = "0.2.0"

__all__ = (
    ["MetricInputError", "UndefinedMetricWarning"]
    + classification.__all__
    + curves.__all__
    + calibration.__all__
    + regression.__all__
    + ranking.__all__
    + generation.__all__
    + clustering.__all__
    + fairness.__all__
    + significance.__all__
    + splits.__all__
    + monitoring.__all__
    + drift.__all__
    + distributed.__all__
)
