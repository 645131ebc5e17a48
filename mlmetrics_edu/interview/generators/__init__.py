"""Parameter generators for numeric questions: a seeded draw in, named values out.

A generator takes a ``numpy.random.Generator`` and returns a dict of the values a question's
prompt and worked solution are formatted with -- the inputs it drew (counts, scores, errors)
and the answers, computed with the package's own metrics. One generator serves several
questions: ``confusion_counts`` draws a confusion matrix once, and questions ask for its
precision, recall, F1 or MCC by naming the value (``ask = "mcc"``).

Generators live in this package, one module per topic; each registers itself with
:func:`generator`. Lists shown to the learner are formatted here, as strings, so a template
stays a plain ``str.format`` string.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

GENERATORS: dict[str, Callable] = {}
_discovered = False


def generator(name: str):
    """Register ``fn(rng) -> dict`` under ``name`` (used as ``generator = "name"`` in the bank)."""

    def register(fn):
        if name in GENERATORS and GENERATORS[name] is not fn:
            raise ValueError(f"two question generators are called {name!r}")
        GENERATORS[name] = fn
        return fn

    return register


def discover() -> dict:
    """Import every generator module of this package once; return the registry."""
    global _discovered
    if not _discovered:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _discovered = True
    return GENERATORS


def get(name: str) -> Callable:
    registry = discover()
    if name not in registry:
        raise KeyError(f"no question generator called {name!r}; known: {', '.join(sorted(registry))}")
    return registry[name]


def fmt_list(values, digits: int = 2) -> str:
    """``[0.1, 0.35]`` -> ``"0.10, 0.35"``; integers stay integers."""
    out = []
    for v in values:
        if isinstance(v, (int,)) or (hasattr(v, "dtype") and v.dtype.kind in "iub"):
            out.append(str(int(v)))
        else:
            out.append(f"{float(v):.{digits}f}")
    return ", ".join(out)
