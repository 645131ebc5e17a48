"""Typed, tolerance-based comparison of a learner's value with the expected one.

The checks run in the order a reviewer would: the type (a float where a float is
due, a NumPy array where an array is due), then the shape, then where the NaNs
are, and only then the numbers, within the drill's tolerance. The first problem
found is returned as a sentence; ``None`` means the values match.
"""

from __future__ import annotations

import math

import numpy as np

from ._child import Opaque
from .cases import Raises
from .spec import Tol


def mismatch(expected, got, tol: Tol = Tol(), where: str = "") -> str | None:
    """Why ``got`` is not ``expected`` (``None`` when it is)."""
    at = f" in {where}" if where else ""
    if isinstance(expected, tuple):
        return _sequence(expected, got, tol, where, at)
    if isinstance(expected, np.ndarray):
        return _array(expected, got, tol, at)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return f"expected a bool{at}, got {describe_type(got)}"
        return None if bool(got) == bool(expected) else f"expected {bool(expected)}{at}, got {bool(got)}"
    if _is_int(expected):
        if not _is_int(got):
            return f"expected an int{at}, got {describe_type(got)}"
        return None if int(got) == int(expected) else f"expected {int(expected)}{at}, got {int(got)}"
    if isinstance(expected, (float, np.floating)):
        return _float(float(expected), got, tol, at)
    if isinstance(expected, str):
        if not isinstance(got, str):
            return f"expected a str{at}, got {describe_type(got)}"
        return None if got == expected else f"expected {expected!r}{at}, got {got!r}"
    if expected is None:
        return None if got is None else f"expected None{at}, got {describe_type(got)}"
    return f"cannot compare a {type(expected).__name__}{at}"  # pragma: no cover - spec error


def all_same(outputs, tol: Tol = Tol(), what="the outputs") -> str | None:
    """For properties: None when every output matches the first one, else why not."""
    for i, out in enumerate(outputs[1:], start=1):
        problem = mismatch(outputs[0], out, tol)
        if problem:
            return f"{what} should be equal, but call {i + 1} differs from call 1: {problem}"
    return None


def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _float(expected, got, tol, at):
    if isinstance(got, np.ndarray) and got.ndim == 0:
        return f"expected a float{at}, got a 0-d NumPy array; return float(...) of it"
    if not isinstance(got, (float, np.floating)):
        hint = "; return float(...)" if _is_int(got) or isinstance(got, (bool, np.bool_)) else ""
        return f"expected a float{at}, got {describe_type(got)}{hint}"
    got = float(got)
    if math.isnan(expected) or math.isnan(got):
        return None if math.isnan(expected) == math.isnan(got) else f"expected {expected!r}{at}, got {got!r}"
    if math.isinf(expected) or math.isinf(got):
        return None if expected == got else f"expected {expected!r}{at}, got {got!r}"
    if abs(got - expected) <= tol.atol + tol.rtol * abs(expected):
        return None
    return f"expected {expected!r}{at}, got {got!r} (off by {abs(got - expected):.3g})"


def _sequence(expected, got, tol, where, at):
    if not isinstance(got, (tuple, list)):
        return f"expected a tuple of {len(expected)}{at}, got {describe_type(got)}"
    if len(got) != len(expected):
        return f"expected a tuple of {len(expected)}{at}, got {len(got)} items"
    for i, (e, g) in enumerate(zip(expected, got)):
        problem = mismatch(e, g, tol, f"{where}[{i}]" if where else f"item {i}")
        if problem:
            return problem
    return None


def _array(expected, got, tol, at):
    if not isinstance(got, np.ndarray):
        return f"expected a NumPy array{at}, got {describe_type(got)}; wrap it in np.asarray(...)"
    if got.shape != expected.shape:
        return f"expected shape {expected.shape}{at}, got shape {got.shape}"
    ek, gk = expected.dtype.kind, got.dtype.kind
    if ek in "iu" and gk not in "iu":
        return f"expected integer values{at}, got dtype {got.dtype}"
    if ek == "f" and gk not in "biuf":
        return f"expected numbers{at}, got dtype {got.dtype}"
    if ek in "bU" and gk != ek:
        return f"expected {'booleans' if ek == 'b' else 'strings'}{at}, got dtype {got.dtype}"
    if ek != "f":
        bad = np.flatnonzero(expected.ravel() != got.ravel())
        return None if bad.size == 0 else _first_bad(expected, got, bad, at)
    e, g = expected.astype(float).ravel(), got.astype(float).ravel()
    nan_e, nan_g = np.isnan(e), np.isnan(g)
    if (nan_e != nan_g).any():
        i = int(np.flatnonzero(nan_e != nan_g)[0])
        return f"NaN in the wrong place{at}: at index {_index(expected, i)} expected {e[i]!r}, got {g[i]!r}"
    finite = ~nan_e
    with np.errstate(invalid="ignore"):
        close = np.isclose(g[finite], e[finite], rtol=tol.rtol, atol=tol.atol)
        close |= g[finite] == e[finite]  # equal infinities
    if close.all():
        return None
    return _first_bad(expected, got, np.flatnonzero(finite)[~close], at)


def _first_bad(expected, got, bad, at):
    i = int(bad[0])
    e, g = expected.ravel()[i], got.ravel()[i]
    more = f" ({bad.size} of {expected.size} values differ)" if bad.size > 1 else ""
    return f"at index {_index(expected, i)}{at}: expected {short(e)}, got {short(g)}{more}"


def _index(arr, flat_i):
    idx = np.unravel_index(flat_i, arr.shape)
    return idx[0] if len(idx) == 1 else tuple(int(j) for j in idx)


def describe_type(x) -> str:
    """``'int 3'``, ``'list of 4'``, ``'None'``: a type with a hint of the value."""
    if x is None:
        return "None"
    if isinstance(x, Opaque):
        return f"a {x.type_name} ({x.text})"
    if isinstance(x, np.ndarray):
        return f"a NumPy array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)}"
    return f"{type(x).__name__} {short(x)}"


def short(x, limit=160) -> str:
    """A readable, bounded repr: long arrays keep their first and last few values.

    ``limit=None`` gives the full repr (used when reproducing a single case).
    """
    if isinstance(x, Raises):
        return f"raises {x.exc}"
    if limit is None:
        if isinstance(x, np.ndarray):
            body = np.array2string(x, separator=", ", threshold=np.inf, max_line_width=10**9,
                                   floatmode="unique")  # every digit: a faithful reproduction
            return f"np.array({' '.join(body.split())}, dtype={x.dtype.name!r})"  # paste-able Python
        return repr(x)
    if isinstance(x, np.ndarray):
        if x.size > 12 and x.ndim == 1:
            head = np.array2string(x[:6], separator=", ")[1:-1]
            tail = np.array2string(x[-3:], separator=", ")[1:-1]
            text = f"array([{head}, ..., {tail}])  # {x.size} values"
        else:
            text = repr(x)
    elif isinstance(x, tuple):
        text = "(" + ", ".join(short(v, limit) for v in x) + ("," if len(x) == 1 else "") + ")"
    elif isinstance(x, (float, np.floating)) and not isinstance(x, np.ndarray):
        text = repr(float(x))
    elif isinstance(x, np.integer):
        text = repr(int(x))
    else:
        text = repr(x)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
