"""Input checks shared by the modules of :mod:`mlmetrics_edu.llm_eval` (not part of the API)."""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import MetricInputError, check_int  # noqa: F401  (the package's one integer check)


def as_array(x, name):
    """``np.asarray(x)``, refusing ragged input with a message naming ``name``."""
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise MetricInputError(f"{name} could not be read as an array (rows of unequal length?): {exc}") from None


def check_real(value, name, *, positive=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or (positive and value <= 0):
        raise MetricInputError(f"{name} must be a finite {'positive ' if positive else ''}number, got {value!r}")
    return float(value)


def refuse_nan(x, name, depth=2):
    """Refuse a NaN inside lists of labels before NumPy reads ``["pass", nan]`` as the string 'nan'."""
    if isinstance(x, float) and not math.isfinite(x):
        raise MetricInputError(f"{name} contains NaN or infinity; every item needs a label")
    if depth and isinstance(x, (list, tuple)):
        for v in x:
            refuse_nan(v, name, depth - 1)
