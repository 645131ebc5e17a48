"""Parameter generators for numeric questions: a seeded draw in, named values out.

A generator takes a ``numpy.random.Generator`` and returns a dict of the values a question's
prompt and worked solution are formatted with -- the inputs it drew (counts, scores, errors)
and the answers, computed with the package's own metrics. One generator serves several
questions: ``confusion_counts`` draws a confusion matrix once, and questions ask for its
precision, recall, F1 or MCC by naming the value (``ask = "mcc"``).

Generators live in this package, one module per topic; each registers itself with
:func:`generator`. A generator asks for a fresh draw of a degenerate one by raising
:class:`Redraw`; the bank also redraws, on its own, any draw where a declared trap lands within
twice the tolerance of the answer or of another trap (``bank.instantiate``). Words of a worked
solution that depend on the draw ("below", "went down") are values computed here. Lists shown
to the learner are formatted here, as strings, so a template stays a plain ``str.format`` string.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Callable

GENERATORS: dict[str, Callable] = {}
_discovered = False


class Redraw(Exception):
    """Raised by a generator whose draw stops testing the question's point (a tie in an optimum,
    a clipping that changes nothing, ...): the bank draws again from the same seeded ``rng``, so
    the instance stays deterministic per seed. Raise it with a few words saying why."""


REDRAWS = 1000   # a generator's own redraws (Redraw raised) before the draw gives up


def generator(name: str):
    """Register ``fn(rng) -> dict`` under ``name`` (used as ``generator = "name"`` in the bank).

    The registered function (and the name the decorator returns) draws again from the same
    ``rng`` while ``fn`` raises :class:`Redraw`, so every caller gets a usable draw.
    """

    def register(fn):
        @functools.wraps(fn)
        def draw(rng):
            for _ in range(REDRAWS - 1):
                try:
                    return fn(rng)
                except Redraw:
                    continue
            return fn(rng)          # the last try: a Redraw now reaches the caller

        if name in GENERATORS and GENERATORS[name].__wrapped__ is not fn:
            raise ValueError(f"two question generators are called {name!r}")
        GENERATORS[name] = draw
        return draw

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
