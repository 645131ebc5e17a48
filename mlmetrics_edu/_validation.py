"""Input checks shared by every metric, and the one funnel for undefined values.

Every public metric validates its inputs through these helpers, so a learner who
passes something wrong gets a :class:`MetricInputError` (a ``ValueError``) whose
message names the argument and the problem -- never a bare NumPy traceback, never
a silent NaN. A value that is *undefined* (0/0, such as precision with no
predicted positives) goes through :func:`divide`, which applies ``zero_division``
and warns :class:`UndefinedMetricWarning`.
"""

from __future__ import annotations

import math
import numbers
import os
import sys
import warnings

import numpy as np

__all__ = [
    "MetricInputError",
    "UndefinedMetricWarning",
    "as_1d",
    "as_float_array",
    "check_consistent_length",
    "check_finite",
    "check_option",
    "check_plottable",
    "check_pos_label_present",
    "check_probabilities",
    "check_sample_weight",
    "check_zero_division",
    "check_bool",
    "check_int",
    "check_probability",
    "check_seed",
    "check_agreement_replacement",
    "check_serialised",
    "rng_from_seed",
    "SEED_MAX",
    "as_labels",
    "to_array",
    "to_labels",
    "densify",
    "divide",
    "target_type",
    "unique_labels",
    "warn_undefined",
    "warn_user",
]


class MetricInputError(ValueError):
    """Raised when a metric's input is invalid; the message names the argument."""


class UndefinedMetricWarning(UserWarning):
    """Warned when a metric is undefined (0/0) and ``zero_division`` decides its value."""


# --------------------------------------------------------------------------- shapes


def to_array(x, name):
    """``x`` as a NumPy array of any shape, or raise naming ``name`` (None, a string, ragged
    lists, mixed value types); sparse input is densified, uniform object arrays normalised.

    >>> to_array([[1, 2], [3, 4]], "X").shape
    (2, 2)
    """
    if x is None:
        raise MetricInputError(f"{name} is None; expected an array-like")
    if isinstance(x, (str, bytes)):
        raise MetricInputError(f"{name} must be array-like, got a string {x!r}")
    x = densify(x)
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise MetricInputError(f"{name} could not be read as an array: {exc}") from None
    if arr.dtype == object:
        # Lists of Python strings/numbers stored as object: normalise when uniform.
        arr = _normalise_object_array(arr, name)
    return arr


def to_labels(x, name, *, what="label"):
    """``x`` as an array of labels -- classes, groups, clusters, categories: numbers or strings,
    of any shape -- or raise naming ``name``. NaN or infinity is refused, also inside a list of
    strings, where NumPy would silently read it as the label ``'nan'``: a missing value is not a
    label (map it to a string such as ``'missing'`` if it is one).

    >>> to_labels(["a", float("nan")], "groups")
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: groups contains NaN or infinity; a missing value is not a label (map it to a string such as 'missing' if it is one)
    """
    arr = to_array(x, name)
    if arr.dtype.kind in "US" and isinstance(x, (list, tuple)) and _holds_non_finite_float(x):
        raise MetricInputError(f"{name} contains NaN or infinity; a missing value is not a {what} "
                               "(map it to a string such as 'missing' if it is one)")
    if arr.dtype.kind not in "biufUS":
        raise MetricInputError(f"{name} must hold numbers or strings, got values of dtype {arr.dtype}")
    check_finite(arr, name)
    return arr


def as_labels(x, name, *, allow_empty=False, what="label"):
    """:func:`to_labels`, as a 1-D array (:func:`as_1d`'s rules).

    >>> as_labels(["b", "a"], "y_true")
    array(['b', 'a'], dtype='<U1')
    """
    return as_1d(to_labels(x, name, what=what), name, allow_empty=allow_empty)


def _holds_non_finite_float(seq):
    """True if a (nested) list or tuple holds a float NaN or infinity."""
    for v in seq:
        if isinstance(v, (list, tuple)):
            if _holds_non_finite_float(v):
                return True
        elif isinstance(v, (float, np.floating)) and not math.isfinite(v):
            return True
    return False


def densify(x):
    """A SciPy sparse matrix (e.g. a multilabel indicator) as a dense array; anything else as is.

    Label matrices are small in practice and every metric works on dense arrays, so sparse
    input is accepted by densifying it (duck-typed: SciPy is never imported here).
    """
    if hasattr(x, "toarray") and hasattr(x, "nnz"):
        return x.toarray()
    return x


def _normalise_object_array(arr, name):
    flat = arr.ravel()
    if flat.size == 0:
        return arr
    if all(isinstance(v, str) for v in flat):
        return arr.astype(str)
    if all(isinstance(v, (numbers.Number, np.bool_)) and not isinstance(v, complex) for v in flat):
        return arr.astype(float) if any(isinstance(v, float) for v in flat) else arr.astype(np.int64)
    kinds = sorted({type(v).__name__ for v in flat})
    raise MetricInputError(
        f"{name} mixes value types ({', '.join(kinds)}); use all strings or all numbers"
    )


def as_1d(x, name, *, allow_empty=False):
    """Return ``x`` as a 1-D array, or raise naming ``name``.

    >>> as_1d([1, 0, 1], "y_true")
    array([1, 0, 1])
    """
    arr = to_array(x, name)
    if arr.ndim == 0:
        raise MetricInputError(f"{name} must be a 1-D array-like, got a scalar {arr.item()!r}")
    if arr.ndim != 1:
        raise MetricInputError(
            f"{name} must be 1-D, got an array of shape {arr.shape}"
            + (" (use .ravel() for a single column)" if arr.ndim == 2 and arr.shape[1] == 1 else "")
        )
    if arr.size == 0 and not allow_empty:
        raise MetricInputError(f"{name} is empty; a metric needs at least one sample")
    return arr


def as_float_array(x, name, *, ndim=(1,), allow_empty=False):
    """Return ``x`` as a finite float64 array with ``ndim`` in the allowed set."""
    arr = to_array(x, name)
    if arr.ndim not in ndim:
        want = " or ".join(f"{d}-D" for d in ndim)
        raise MetricInputError(f"{name} must be {want}, got an array of shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise MetricInputError(f"{name} is empty; a metric needs at least one sample")
    if arr.dtype.kind not in "biuf":
        raise MetricInputError(f"{name} must be numeric, got values of dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    check_finite(arr, name)
    return arr


def check_finite(arr, name):
    """Raise if a numeric array holds NaN or infinity."""
    if arr.dtype.kind != "f":
        return
    with np.errstate(all="ignore"):
        total = arr.sum()  # one fast pass: a finite sum means no NaN or inf
    if not np.isfinite(total) and not np.isfinite(arr).all():
        bad = np.flatnonzero(~np.isfinite(arr.ravel()))
        raise MetricInputError(
            f"{name} contains NaN or infinity ({bad.size} value(s), first at flat index {bad[0]})"
        )


def check_consistent_length(*named_arrays):
    """Raise ``"y_true and y_pred differ in length: 3 != 2"`` on a mismatch.

    Arguments are ``(name, array)`` pairs; ``None`` arrays are skipped.
    """
    pairs = [(n, a) for n, a in named_arrays if a is not None]
    first_name, first = pairs[0]
    for name, arr in pairs[1:]:
        if len(arr) != len(first):
            raise MetricInputError(
                f"{first_name} and {name} differ in length: {len(first)} != {len(arr)}"
            )


def check_sample_weight(sample_weight, n_samples):
    """Validate ``sample_weight``: 1-D, finite, non-negative, one per sample."""
    if sample_weight is None:
        return None
    w = as_float_array(sample_weight, "sample_weight", allow_empty=n_samples == 0)
    if w.shape[0] != n_samples:
        raise MetricInputError(
            f"sample_weight has {w.shape[0]} values but there are {n_samples} samples"
        )
    if (w < 0).any():
        raise MetricInputError("sample_weight contains negative values; weights must be >= 0")
    return w


def check_plottable(arr, name, limit=1e100):
    """Raise if values are too large to plot or square (the explorers' axes and sums of squares).

    A metric copes with 1e300; an explorer cannot draw an axis from -1e308 to 1e308, nor square
    the errors without overflow. Rescale such inputs (to probabilities, logits, thousands).
    """
    if arr.size and np.abs(arr).max() > limit:
        raise MetricInputError(
            f"{name} holds values as large as {np.abs(arr).max():.3g}; the explorer plots and squares "
            f"them, so keep |{name}| <= {limit:g} (rescale, e.g. to logits or to thousands)"
        )


def check_probabilities(p, name):
    """Raise if any probability lies outside [0, 1]."""
    if p.size and (p.min() < 0 or p.max() > 1):
        raise MetricInputError(
            f"{name} must hold probabilities in [0, 1], got values in "
            f"[{p.min():.6g}, {p.max():.6g}]"
        )


def check_option(value, name, allowed):
    """Raise if ``value`` is not one of ``allowed`` (strings by equality, others by identity)."""
    for option in allowed:
        if value is option or (isinstance(value, str) and isinstance(option, str) and value == option):
            return value
    raise MetricInputError(f"{name}={value!r} is not supported; choose one of {list(allowed)}")


# --------------------------------------------------------------------------- scalars


def check_int(value, name, minimum=None, maximum=None, *, allow_none=False):
    """``value`` as an ``int`` in ``[minimum, maximum]`` (either bound optional), or raise
    ``"n_bins must be an integer >= 1, got 0"``. ``True``/``False`` are refused (they are
    integers to Python, never a count to a learner); ``allow_none`` lets None through.

    >>> check_int(3, "k", 1)
    3
    >>> check_int(True, "k", 1)
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: k must be an integer >= 1, got True
    """
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) \
            or (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            bound = f"an integer in [{minimum}, {maximum}]"
        elif minimum is not None or maximum is not None:
            bound = f"an integer {'>=' if minimum is not None else '<='} {minimum if minimum is not None else maximum}"
        else:
            bound = "an integer"
        raise MetricInputError(f"{name} must be {'None or ' if allow_none else ''}{bound}, got {value!r}")
    return int(value)


def check_bool(value, name):
    """``value`` as a ``bool`` if it is ``True``/``False`` (NumPy's too), else raise naming ``name``
    -- ``"yes"``, 1 or None are refused rather than read as truthy."""
    if not isinstance(value, (bool, np.bool_)):
        raise MetricInputError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_probability(value, name, *, low_open=True, high_open=True):
    """``value`` as a ``float`` in (0, 1) -- or [0, 1], (0, 1], [0, 1) as the flags say --
    else raise naming ``name``: confidence levels, alpha, power, prevalence, fractions."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if ok:
        ok = (0 < value if low_open else 0 <= value) and (value < 1 if high_open else value <= 1)
    if not ok:
        if low_open and high_open:
            interval = "strictly between 0 and 1"
        else:
            interval = f"in {'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise MetricInputError(f"{name} must be a number {interval}, got {value!r}")
    return float(value)


SEED_MAX = 2**64 - 1
"""The largest seed the analysis functions take (``maximum=SEED_MAX``): a seed is recorded with
the result it made (reports, JSON states, int64/uint64 columns), so it must fit in 64 bits; a
larger integer is most likely a hash or a timestamp passed by mistake."""


def check_seed(seed, name="seed", *, allow_none=True, maximum=None):
    """A seed as a non-negative ``int`` (or None when allowed), else raise naming ``name``.

    The one rule for seeds everywhere -- functions, scenarios and command lines (a CLI parses
    its text to an int, then calls this with ``name="--seed"``): a negative seed, a float
    (NaN, infinity, 1.5), ``True``, an array or a string is refused, never silently accepted.
    ``maximum`` (e.g. :data:`SEED_MAX`) also refuses larger integers; without it any size
    passes, as NumPy's ``SeedSequence`` takes (the drill grader's run seeds are 128-bit).

    >>> check_seed(7)
    7
    >>> check_seed(-5, "--seed")
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: --seed must be a non-negative integer, got -5
    >>> check_seed(2**70, maximum=SEED_MAX)
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: seed must be an integer in [0, 2**64 - 1], got 1180591620717411303424
    """
    if seed is None and allow_none:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0 \
            or (maximum is not None and seed > maximum):
        if maximum is None:
            rule = "a non-negative integer"
        else:
            rule = "an integer in [0, 2**64 - 1]" if maximum == SEED_MAX else f"an integer in [0, {maximum}]"
        raise MetricInputError(f"{name} must be {rule}, got {seed!r}")
    return int(seed)


def rng_from_seed(seed, name="seed", *, maximum=None):
    """A ``numpy.random.Generator``: passed through if it is one, else seeded by
    :func:`check_seed`'s rule (None: fresh entropy; ``maximum`` as there)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_seed(seed, name, maximum=maximum))


# --------------------------------------------------------------------------- labels


def _is_integral(arr):
    return arr.dtype.kind in "biu" or (
        arr.dtype.kind == "f" and bool(np.all(arr == np.floor(arr)))
    )


def target_type(y, name="y"):
    """Classify a target the way scikit-learn's ``type_of_target`` does.

    Returns one of ``"binary"`` (at most two values), ``"multiclass"``,
    ``"continuous"``, ``"multilabel-indicator"`` (2-D 0/1 matrix),
    ``"multiclass-multioutput"`` or ``"continuous-multioutput"``.

    >>> target_type([0, 1, 1]), target_type(["a", "b", "c"]), target_type([0.5, 1.0])
    ('binary', 'multiclass', 'continuous')
    """
    arr = y if isinstance(y, np.ndarray) else to_array(y, name)
    if arr.ndim > 2 or arr.ndim == 0:
        raise MetricInputError(f"{name} must be 1-D or 2-D, got an array of shape {arr.shape}")
    if arr.dtype.kind not in "biufUS":
        raise MetricInputError(f"{name} must hold numbers or strings, got dtype {arr.dtype}")
    check_finite(arr, name)
    multi = arr.ndim == 2 and arr.shape[1] > 1
    if multi and arr.dtype.kind in "biuf" and arr.size:
        values = np.unique(arr)
        if values.size <= 2 and _is_integral(values) and np.isin(values, [0, 1]).all():
            return "multilabel-indicator"
    suffix = "-multioutput" if multi else ""
    if arr.dtype.kind == "f" and not _is_integral(arr):
        return "continuous" + suffix
    if multi or _n_distinct_exceeds(arr.ravel(), 2):
        return "multiclass" + suffix
    return "binary"


def _n_distinct_exceeds(flat, k):
    """True if ``flat`` holds more than ``k`` distinct values (O(n) for small k)."""
    if flat.size == 0:
        return False
    seen = []
    rest = flat
    while rest.size:
        if len(seen) == k:
            return True
        v = rest[0]
        seen.append(v)
        rest = rest[rest != v]
    return False


def unique_labels(*named_arrays):
    """Sorted union of the labels in several label arrays; refuses strings mixed with numbers."""
    kinds = {("str" if a.dtype.kind in "US" else "num") for _, a in named_arrays}
    if len(kinds) > 1:
        names = " and ".join(n for n, _ in named_arrays)
        raise MetricInputError(
            f"{names} mix label types (strings and numbers); use one type for every label"
        )
    return np.unique(np.concatenate([np.asarray(a).ravel() for _, a in named_arrays]))


# --------------------------------------------------------------------------- 0 / 0


def check_pos_label_present(pos_label, present, name="y_true"):
    """One rule for ``pos_label`` in every metric: absent from data with two or more labels, it
    is a mistake (a typo, a wrong type of label) and raises; absent from one-class data, it means
    "no positives here" and the metric's undefined-value convention applies.

    >>> check_pos_label_present(1, [0, 2])
    Traceback (most recent call last):
    ...
    mlmetrics_edu._validation.MetricInputError: pos_label=1 is not a label of y_true; choose one of [0, 2]
    """
    present = np.asarray(present)
    if present.size >= 2 and not (present == pos_label).any():
        raise MetricInputError(f"pos_label={pos_label!r} is not a label of {name}; "
                               f"choose one of {present.tolist()}")


def check_zero_division(zero_division):
    """Map ``zero_division`` ("warn", 0, 1 or NaN) to the float it stands for."""
    if isinstance(zero_division, str):
        if zero_division == "warn":
            return 0.0
    elif isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool):
        if np.isnan(zero_division):
            return float("nan")
        if zero_division in (0, 1):
            return float(zero_division)
    raise MetricInputError(
        f"zero_division={zero_division!r} is not supported; choose 'warn', 0, 1 or np.nan"
    )


def check_serialised(data, kind, keys):
    """``data`` is the ``to_dict()`` of a ``kind`` (its ``"kind"`` entry) holding every key in
    ``keys``; else one error naming the kind found or the fields missing (states loaded from JSON)."""
    if not isinstance(data, dict) or data.get("kind") != kind:
        found = data.get("kind") if isinstance(data, dict) else type(data).__name__
        raise MetricInputError(f"data is not a serialised {kind} (kind {found!r:.80})")
    missing = [k for k in keys if k not in data]
    if missing:
        raise MetricInputError(f"data lacks the field(s) {missing} of a serialised {kind}")


def check_agreement_replacement(value, name="replace_undefined_by"):
    """The value an agreement coefficient (kappa, alpha) takes when it is 0/0: a number in
    [-1, 1], or NaN (scikit-learn's rule for ``cohen_kappa_score``); else raise naming ``name``."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if not ok or not (np.isnan(value) or -1 <= value <= 1):
        raise MetricInputError(f"{name} must be a number in [-1, 1] or np.nan, got {value!r}")
    return float(value)


def _caller_stacklevel():
    """The ``stacklevel`` that points a warning at the first frame outside this package."""
    package_dir = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 1  # level 1 is the function that calls warnings.warn
    while frame is not None and frame.f_code.co_filename.startswith(package_dir):
        frame, level = frame.f_back, level + 1
    return level


def warn_user(message, category=UserWarning, stacklevel=None):
    """Warn ``category``, attributed to the learner's line of code, not the package's."""
    warnings.warn(message, category, stacklevel=_caller_stacklevel())


def warn_undefined(message, stacklevel=None):
    """Warn :class:`UndefinedMetricWarning` with an actionable message (at the caller's line)."""
    warnings.warn(message, UndefinedMetricWarning, stacklevel=_caller_stacklevel())


def divide(numerator, denominator, *, zero_division="warn", what="metric", why="", warn=True,
           unit="label", stacklevel=4):
    """``numerator / denominator`` where 0/0 becomes ``zero_division`` and warns.

    This is the single funnel for undefined values (scikit-learn's ``_prf_divide``):
    entries with a zero denominator take the value of ``zero_division`` (0 for
    ``"warn"``), and with ``zero_division="warn"`` an :class:`UndefinedMetricWarning`
    says which metric was undefined, for how many ``unit`` s (labels, samples, queries),
    why, and how to silence it. ``stacklevel`` points the warning at the caller's code.

    >>> divide(np.array([1.0, 0.0]), np.array([2.0, 0.0]), zero_division=1)
    array([0.5, 1. ])
    """
    value = check_zero_division(zero_division)
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    zero = denominator == 0
    if not zero.any():
        return numerator / denominator
    result = numerator / np.where(zero, 1.0, denominator)
    result = np.where(zero, value, result)
    if warn and isinstance(zero_division, str):
        count = int(zero.sum())
        where = f" for {count} {unit}(s)" if result.ndim and result.size > 1 else ""
        warn_undefined(
            f"{what} is ill-defined and set to 0.0{where}{': ' + why if why else ''}. "
            "Pass zero_division=0, 1 or np.nan to choose the value and silence this warning.",
            stacklevel=stacklevel,
        )
    return result
