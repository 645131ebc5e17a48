"""Helpers shared by the explorer tests (tests/test_widget_*.py): read a readout, decode a PNG,
forbid whole-data passes on the update path, count figures, the browser's slider grid, data."""

from __future__ import annotations

import html
import io
import re

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RTOL = 1e-9


def readout(explorer):
    """The readout table as {row name: [cell texts]}."""
    table = {}
    for row in re.findall(r"<tr>(.*?)</tr>", explorer.readout.value):
        cells = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        table[cells[0]] = cells[1:]
    return table


def decoded(png):
    png = bytes(png)  # ipywidgets 8 holds a memoryview, 7 bytes
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()  # raises on a corrupt file
    return image


class NoFullPasses:
    """Stands in for numpy in a widget module: any whole-data operation raises."""

    FORBIDDEN = {"argsort", "sort", "cumsum", "unique", "argmin", "percentile", "quantile",
                 "partition", "sum", "average", "mean", "std", "bincount", "histogram"}

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        if name in self.FORBIDDEN:
            raise AssertionError(f"np.{name} called on the update path")
        return getattr(self._real, name)


def forbid(*_args, **_kwargs):
    raise AssertionError("an O(n) function was called on the update path")


def count_figures(monkeypatch):
    created = []
    original = Figure.__init__

    def counting_init(self, *args, **kwargs):
        created.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counting_init)
    return created


def on_grid(slider, value):
    """Where a browser slider puts ``value``: the nearest point of its grid ``min + k * step``."""
    return slider.min + round((value - slider.min) / slider.step) * slider.step


def house_like(n=490, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.lognormal(12.8, 0.35, n)
    return y_true, y_true + rng.normal(0, 40_000, n)
