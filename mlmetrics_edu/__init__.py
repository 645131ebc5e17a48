"""mlmetrics_edu: evaluation metrics you can read, exact against scikit-learn.

Every metric lives in the module of its family and is re-exported here::

    >>> import mlmetrics_edu as mm
    >>> mm.precision_score([0, 1, 1, 0], [0, 1, 0, 1])
    0.5

Modules: ``classification``, ``curves``, ``calibration``, ``regression``, ``ranking``;
``datasets`` (seeded scenarios). Imported on demand: ``plots`` (matplotlib figures),
``widgets`` (the threshold, calibration and error explorers), ``drill`` (the grader).
"""

from . import calibration, classification, curves, datasets, ranking, regression
from ._validation import MetricInputError, UndefinedMetricWarning
from .calibration import *  # noqa: F401,F403
from .classification import *  # noqa: F401,F403
from .curves import *  # noqa: F401,F403
from .ranking import *  # noqa: F401,F403
from .regression import *  # noqa: F401,F403

__version__ = "0.1.0"

__all__ = (
    ["MetricInputError", "UndefinedMetricWarning"]
    + classification.__all__
    + curves.__all__
    + calibration.__all__
    + regression.__all__
    + ranking.__all__
)
