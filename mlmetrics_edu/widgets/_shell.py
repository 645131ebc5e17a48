"""The thin ipywidgets shell the explorers share: controls -> ``update()`` -> state, figure, PNG.

Each explorer keeps three layers apart, so the numbers can be tested without a browser:

1. a *pure state function* computes every number from precomputed arrays and the control
   values (no widgets, no figures);
2. ``_draw(state)`` moves the artists of one Figure that was built once in ``__init__``;
3. this shell wires the controls with ``observe(..., names="value")`` and puts the figure,
   rendered to PNG, into a ``widgets.Image`` -- which looks the same in JupyterLab,
   Notebook 7 and Colab, and needs no interactive matplotlib backend.

Rendering is *blitted*: the static parts of the figure (axes, labels, curves that do not
move) are rendered once into a background; an update restores it and draws only the
artists that move (``_animated_artists``), then encodes the pixels as PNG; a full render
happens only when ``_background_key(state)`` changes.

``with explorer.restoring():`` lets a notebook cell demonstrate a setting and hand the
explorer back as it was, so after Run All each explorer shows the state its cell describes.

Sliders are :class:`GridSlider` / :class:`GridLogSlider`: every value, set from Python or sent
by the browser, is put on the slider's own grid (``min + k * step``, a short decimal) before
anyone sees it, so the browser never has a value of its own to round and send back.

Only APIs present in both ipywidgets 7.7 (Colab) and 8.x are used.
"""

from __future__ import annotations

import contextlib
import html
import math
import struct
import zlib

import ipywidgets as widgets
import numpy as np
from traitlets import observe, validate


class Explorer:
    """Base class. A subclass builds ``self.figure`` once, calls ``_build_shell(controls, layout)``
    and implements ``_compute_state``, ``_draw``, ``_animated_artists`` and ``_readout_html``
    (and ``_background_key`` if some control changes more than the animated artists)."""

    dpi = 90  # PNG resolution: the figures are sized for a notebook about 900 px wide

    def _compute_state(self):  # the pure state function, applied to the control values
        raise NotImplementedError

    def _draw(self, state):  # move the artists of self.figure
        raise NotImplementedError

    def _readout_html(self, state):
        raise NotImplementedError

    def _animated_artists(self):  # what _draw may move without a full render
        raise NotImplementedError

    def _background_key(self, state):  # a change means the static background changed too
        return None

    def _build_shell(self, controls, layout):
        """Create ``image`` and ``readout``, wire ``controls``, then draw once.

        ``layout(image, readout)`` returns the top-level box, stored as ``widget``.
        """
        self.figure.set_dpi(self.dpi)
        self._background, self._rendered_key = None, None
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.readout = widgets.HTML()
        self.widget = layout(self.image, self.readout)
        self.widget.add_class(EXPLORER_CLASS)  # the slider-keys script looks for it
        self._controls, self._muted = list(controls), False
        for control in controls:
            control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change):
        if not self._muted:
            self.update()

    def update(self):
        """Recompute the state from the controls, redraw the figure in place; return the state."""
        self.state = self._compute_state()
        self._draw(self.state)
        self.image.value = self._render(self._background_key(self.state))
        self.readout.value = self._readout_html(self.state)
        return self.state

    def _render(self, key):
        """PNG bytes of the figure: the animated artists blitted onto the cached background,
        which is rendered again only when ``key`` changed."""
        canvas = self.figure.canvas
        animated = self._animated_artists()
        for artist in animated:
            artist.set_animated(True)  # excluded from the background
        if self._background is None or key != self._rendered_key:
            canvas.draw()  # full render, animated artists skipped
            # The first render placed the axes (constrained layout); keep them there: faster,
            # and the panels do not jump while the learner drags a control.
            self.figure.set_layout_engine("none")
            self._background, self._rendered_key = canvas.copy_from_bbox(self.figure.bbox), key
        else:
            canvas.restore_region(self._background)
        for artist in animated:
            self.figure.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    @contextlib.contextmanager
    def restoring(self):
        """Within the block, move the controls freely; on leaving it they, the state, the figure
        and the readout are as before (also after an error).

        >>> from mlmetrics_edu.widgets import ErrorExplorer
        >>> explorer = ErrorExplorer([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
        >>> with explorer.restoring():
        ...     explorer.outlier.value = 3.0
        ...     explorer.state.mae
        1.5
        >>> explorer.outlier.value, explorer.state.mae
        (0.0, 0.5)
        """
        # the value last: a slider's step and readout format first (the optimum button refines them)
        saved = [(control, {name: getattr(control, name) for name in ("step", "readout_format", "value")
                            if control.has_trait(name)}) for control in self._controls]
        extra = {name: getattr(self, name) for name in self._restored_attributes}
        with contextlib.ExitStack() as held:
            # The browser sees none of the demonstration, only the restored controls, each in one
            # message: a value it was sent and then had to drop could come back after the restore.
            for control in self._controls:
                held.enter_context(control.hold_sync())
            try:
                yield self
            finally:
                self._muted = True  # set every control, then redraw once
                try:
                    for control, traits in saved:
                        for name, value in traits.items():
                            setattr(control, name, value)
                    for name, value in extra.items():
                        setattr(self, name, value)
                finally:
                    self._muted = False
                self.update()

    _restored_attributes = ()  # what else a demonstration may change (the fitted temperature)

    def _ipython_display_(self):
        # A bare `explorer` at the end of a cell shows the widget (ipywidgets 7 and 8 alike).
        from IPython.display import display

        display(self.widget)
        _publish_slider_keys_script()

    def __repr__(self):
        return f"{type(self).__name__}(state={self.state!r})"


EXPLORER_CLASS = "mlmetrics-explorer"

# Notebook 7 (unlike JupyterLab 4, which listens in the bubbling phase) runs its keyboard
# shortcuts from a *capturing* keydown listener on the document, so the arrow keys on a focused
# slider handle select the next cell before the slider sees them. Lumino skips its shortcuts for
# a keydown whose target (or an ancestor) carries `data-lm-suppress-shortcuts`: a capturing
# listener on the window (which runs before the document's) sets it on an explorer's slider
# handle for the keys the slider uses, and removes it once the event is over. Other keys
# (Shift+Enter, Escape, Ctrl+S) keep working on the handle; JupyterLab and Colab are unaffected.
_SLIDER_KEYS_SCRIPT = """
(function () {
  if (typeof window === "undefined" || window.__mlmetricsEduSliderKeys) { return; }
  window.__mlmetricsEduSliderKeys = true;
  var keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
  var handle = ".%s .noUi-handle, .%s .ui-slider-handle";
  window.addEventListener("keydown", function (event) {
    var target = event.target;
    if (keys.indexOf(event.key) < 0 || !target || !target.matches || !target.matches(handle)
        || target.hasAttribute("data-lm-suppress-shortcuts")) { return; }
    target.setAttribute("data-lm-suppress-shortcuts", "true");
    setTimeout(function () { target.removeAttribute("data-lm-suppress-shortcuts"); }, 0);
  }, true);
})();
""" % (EXPLORER_CLASS, EXPLORER_CLASS)


def _publish_slider_keys_script():
    """Send the script above to the front end, in a live IPython session only; an empty
    ``text/plain`` is what a front end that does not run it (or an untrusted notebook) shows."""
    from IPython.core.interactiveshell import InteractiveShell

    if not InteractiveShell.initialized():
        return
    from IPython.display import publish_display_data

    publish_display_data({"application/javascript": _SLIDER_KEYS_SCRIPT, "text/plain": ""})


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba):
    """PNG bytes of an (h, w, 4) uint8 image, written directly with zlib.

    No per-row filter search (Pillow's adaptive filtering costs three times the whole
    compression here); plots are mostly flat colour, so they still compress to ~100 kB.
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 4 * width + 1), dtype=np.uint8)  # byte 0 of each row: filter "none"
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 3)) + _png_chunk(b"IEND", b""))


def table_html(rows, title=None, note=None, header=None):
    """A small HTML table: ``rows`` are (name, value text, ...); ``header`` names the columns."""
    value_style = "style='text-align:right;font-family:monospace;padding:1px 0 1px 12px'"
    cells = "".join(
        f"<tr><td style='padding:1px 0'>{html.escape(name)}</td>"
        + "".join(f"<td {value_style}>{html.escape(value)}</td>" for value in values) + "</tr>"
        for name, *values in rows
    )
    if header:
        cells = "<tr>" + "".join(f"<th {value_style}>{html.escape(h)}</th>" for h in header) + "</tr>" + cells
    head = f"<b>{html.escape(title)}</b>" if title else ""
    foot = f"<div style='font-size:90%;color:#555;max-width:30em'>{note}</div>" if note else ""
    return f"<div style='line-height:1.35'>{head}<table>{cells}</table>{foot}</div>"


def fmt(value, digits=4):
    """A metric for the readout: fixed decimals, so tests can compare the text."""
    return f"{value:.{digits}f}"


def fmt_count(value):
    """A confusion count: whole numbers without decimals, reweighted counts with one."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _decimals(*numbers):
    """Digits after the point that write every one of ``numbers`` exactly, or None."""
    for digits in range(16):
        if all(round(x, digits) == x for x in numbers):
            return digits
    return None


def on_grid(value, lo, hi, step):
    """``value`` clamped to [lo, hi] and put on the nearest point of ``lo + k * step`` (or on
    ``hi``, which a slider also reaches), written as the short decimal it is.

    >>> on_grid(0.0377, 0.0, 0.994, 0.001), on_grid(0.1 + 0.2, 0.0, 1.0, 0.1), on_grid(7.0, 0.0, 0.994, 0.001)
    (0.038, 0.3, 0.994)
    """
    value = min(max(float(value), lo), hi)
    if not step or step <= 0 or not math.isfinite(value):
        return value
    k = math.floor((value - lo) / step + 0.5)
    digits = _decimals(lo, step)
    below = lo + k * step if digits is None else round(lo + k * step, digits)
    if below > hi or hi - value < abs(value - below):
        return hi  # past the last whole step: the end of the slider is nearer
    return below


class _OnGrid:
    """What both grid sliders share: the value is validated onto the grid, and a value from the
    browser that is a grid point up to binary rounding is taken as that point *without* sending
    the point back -- the browser would round it again and answer, forever."""

    def _grid_value(self, value):
        raise NotImplementedError

    @validate("value")
    def _validate_value(self, proposal):
        return self._grid_value(proposal["value"])

    def set_state(self, sync_data):
        value = sync_data.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            point = self._grid_value(value)
            if abs(point - value) <= 1e-9 * abs(self._resolution(point)):
                sync_data = dict(sync_data, value=point)  # rounding noise: the point it means
        super().set_state(sync_data)


class GridSlider(_OnGrid, widgets.FloatSlider):
    """A FloatSlider whose value is always on its grid ``min + k * step`` (see :func:`on_grid`):
    a value set from Python is what the browser shows, and a value the browser sends (rounded
    there in binary, 0.037000000000000005) reads as the grid value it means."""

    def _grid_value(self, value):
        return on_grid(value, self.min, self.max, self.step)

    def _resolution(self, point):
        return self.step or point

    @observe("min", "max", "step")
    def _regrid(self, _change):
        self.value = self.value  # validated again on the new grid


class GridLogSlider(_OnGrid, widgets.FloatLogSlider):
    """A FloatLogSlider whose value is ``base ** e`` with the exponent ``e`` on its grid
    ``min + k * step``, as the browser's slider holds it."""

    def _grid_value(self, value):
        value = float(value)
        if not value > 0:
            return float(self.base ** self.min)
        return float(self.base ** on_grid(math.log(value, self.base), self.min, self.max, self.step))

    def _resolution(self, point):
        return point * (self.step or 1.0)

    @observe("min", "max", "step", "base")
    def _regrid(self, _change):
        self.value = self.value
