"""Frame sliders for the static site: a figure redrawn for each value of a hyperparameter,
stored as PNG frames in a small self-contained player (no kernel, no network).

The player is plain HTML and a few lines of JavaScript: the frame (with alt text that says
what it shows and which value it is drawn for), a range input, and buttons to go to the
first, previous, next and last frame and to play or pause. Every control is a real
``<button>`` or ``<input>`` with a label, so it works from the keyboard (Tab, Enter, Space,
the arrow keys) and a screen reader names it. The same output also carries one frame as
``image/png``, which the PDF and any viewer without HTML show instead.

Explained in chapter 02 (Grid search), where the first one appears.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
from typing import Callable, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .._util import as_callable, as_int, as_real, describe
from .style import FRAME_DPI, compact_png

__all__ = ["FrameSlider", "frame_slider"]

# Button glyphs that the fonts of common systems have (no icon font: the site is offline).
_BUTTONS = [("first", "First frame", "⇤"), ("prev", "Previous frame", "‹"),
            ("play", "Play", "▶"), ("next", "Next frame", "›"), ("last", "Last frame", "⇥")]

# Enough style to work outside the book (Jupyter, Colab); the book's CSS refines it.
_STYLE = """<style>
.bplib-slider{margin:0 0 1em;max-width:100%}
.bplib-slider img{display:block;max-width:100%;height:auto;background:#fff}
.bplib-slider-controls{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;margin-top:.4em}
.bplib-slider-controls input[type=range]{flex:1 1 12em;min-width:8em}
.bplib-slider-controls button{min-width:2.4em;min-height:2.2em;font-size:1em;cursor:pointer}
.bplib-slider-controls output{flex:1 0 100%;font-variant-numeric:tabular-nums}
</style>"""

_SCRIPT = """<script>
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var frames = %(frames)s, labels = %(labels)s, alt = %(alt)s;
  var n = frames.length, i = 0, timer = null, loop = %(loop)s, interval = %(interval)d;
  var img = root.querySelector("img"), range = root.querySelector("input");
  var out = root.querySelector("output"), play = root.querySelector("[data-act=play]");
  function text(k) { return labels[k] + " (frame " + (k + 1) + " of " + n + ")"; }
  function show(k) {
    i = Math.max(0, Math.min(n - 1, k));
    img.src = "data:image/png;base64," + frames[i];
    img.alt = alt ? alt + " Shown: " + text(i) + "." : "";
    range.value = i;
    range.setAttribute("aria-valuetext", text(i));
    out.textContent = text(i);
  }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    play.textContent = "\\u25B6"; play.setAttribute("aria-label", "Play");
    play.title = "Play"; play.removeAttribute("data-playing");
  }
  function start() {
    if (i >= n - 1) show(0);
    play.textContent = "||"; play.setAttribute("aria-label", "Pause");
    play.title = "Pause"; play.setAttribute("data-playing", "true");
    timer = setInterval(function () {
      if (i < n - 1) show(i + 1); else if (loop) show(0); else stop();
    }, interval);
  }
  var acts = {first: function () { stop(); show(0); },
              prev: function () { stop(); show(i - 1); },
              next: function () { stop(); show(i + 1); },
              last: function () { stop(); show(n - 1); },
              play: function () { if (timer) stop(); else start(); }};
  root.querySelectorAll("button[data-act]").forEach(function (b) {
    b.addEventListener("click", function () { acts[b.getAttribute("data-act")](); });
  });
  range.addEventListener("input", function () { stop(); show(parseInt(range.value, 10)); });
  show(%(start)d);
})();
</script>"""


class FrameSlider:
    """A rendered frame slider: its PNG frames, their labels and alt text.

    Displayed in a notebook as HTML (the player) with one frame as ``image/png`` beside it
    (what the PDF shows); ``str()`` / ``repr()`` names the frames in one line. Made by
    ``frame_slider``.

    Attributes
    ----------
    frames : list of bytes
        The PNG of each frame.
    labels : list of str
        What each frame shows, for example ``"α = 0.1"``.
    alt : str
        What the figure shows, for screen readers (each frame's alt text adds its label).
    still : int
        The frame given as ``image/png`` (for the PDF).
    """

    def __init__(self, frames: list[bytes], labels: list[str], alt: str, *,
                 interval_ms: int = 400, loop: bool = False, still: int = -1,
                 size: tuple[int, int] = (0, 0)):
        self.frames = list(frames)
        self.labels = list(labels)
        self.alt = alt
        self.interval_ms = interval_ms
        self.loop = loop
        self.still = still % len(self.frames)
        self.size = size
        digest = hashlib.sha256(b"".join(self.frames) + "\0".join(self.labels).encode())
        self.id = "bplib-slider-" + digest.hexdigest()[:12]

    def __repr__(self) -> str:
        return (f"<frame slider: {len(self.frames)} frames, {self.labels[0]} … "
                f"{self.labels[-1]}>")

    def _repr_png_(self) -> bytes:
        return self.frames[self.still]

    def _repr_html_(self) -> str:
        return self.html()

    def html(self) -> str:
        """The player: frame, range input, buttons and their script, in one HTML element."""
        esc = html.escape
        n = len(self.frames)
        first = f"{self.labels[0]} (frame 1 of {n})"
        width, height = self.size
        dims = f' width="{width}" height="{height}"' if width and height else ""
        buttons = "".join(
            f'<button type="button" data-act="{act}" aria-label="{label}" title="{label}">'
            f"{glyph}</button>"
            for act, label, glyph in _BUTTONS)
        frames64 = [base64.b64encode(f).decode("ascii") for f in self.frames]
        script = _SCRIPT % {
            "id": _js(self.id), "frames": _js(frames64), "labels": _js(self.labels),
            "alt": _js(self.alt), "loop": "true" if self.loop else "false",
            "interval": self.interval_ms, "start": 0}
        alt = f"{esc(self.alt)} Shown: {esc(first)}." if self.alt else ""
        return (
            f'{_STYLE}\n<div class="bplib-slider" id="{self.id}" role="group" '
            f'aria-label="{esc(self.alt)}" data-frames="{n}">\n'
            f'<img src="data:image/png;base64,{frames64[0]}"{dims} '
            f'alt="{alt}">\n'
            f'<div class="bplib-slider-controls">\n'
            f'<input type="range" min="0" max="{n - 1}" step="1" value="0" '
            f'aria-label="Frame" aria-valuetext="{esc(first)}">\n'
            f'{buttons}\n<output aria-live="polite">{esc(first)}</output>\n'
            f'</div>\n</div>\n{script}')


def _js(value) -> str:
    """A JSON literal that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def frame_slider(fig: Figure, draw: Callable[[object], None], values: Sequence, *,
                 alt: str | None = None, label: str | Callable[[object], str] = "{}",
                 interval_ms: int = 400, loop: bool = False, dpi: float = FRAME_DPI,
                 still: int = -1) -> FrameSlider:
    """A slider over ``values``: ``draw(value)`` redraws ``fig`` for each one.

    Draw the figure at the book's base width (``viz.BASE_WIDTH``; ``viz.figsize(aspect)``),
    so that its frames fill the text column with fonts at their point size, and keep frames
    few: each one is stored in the notebook as a PNG (filled contours make large frames;
    plain ``contourf`` without contour lines keeps them small). Frames are not cropped, so
    create the figure with ``layout="constrained"`` (the book's default) to keep axis labels
    inside. The figure is closed afterwards, so only the slider is shown.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to redraw.
    draw : callable
        Called with each value in turn; it updates the figure's artists.
    values : sequence
        The frames' values (for example learning rates, or step numbers).
    alt : str
        What the figure shows, in a sentence or two, for readers who cannot see it (screen
        readers, the text browser). Each frame's alt text adds which value it shows. The
        book's tests fail on a slider without it.
    label : str or callable
        How a value is named under the frame: a format string (``"α = {:g}"``) or a
        function of the value returning a string. ``"{}"`` by default.
    interval_ms : int
        Milliseconds between frames when playing.
    loop : bool
        Start again from the first frame after the last one when playing.
    dpi : float
        Dots per inch of the frames (``viz.FRAME_DPI`` = 100: a base-width figure is then
        720 pixels wide, about the column).
    still : int
        The frame (index, negative from the end) that the output also carries as
        ``image/png``, for the PDF and viewers without HTML; the last one by default.

    Returns
    -------
    FrameSlider
        Shown as the player in Jupyter and on the site.

    Example
    -------
    >>> fig, ax = plt.subplots(figsize=(2, 1.5))
    >>> def draw(v):
    ...     ax.set_title(f"v = {v}")
    >>> slider = frame_slider(fig, draw, [1, 2], label="v = {}",
    ...                       alt="A blank plot whose title names v.")
    >>> slider
    <frame slider: 2 frames, v = 1 … v = 2>
    >>> page = slider._repr_html_()
    >>> 'aria-label="Next frame"' in page and "://" not in page
    True
    >>> slider._repr_png_()[:4] == b"\\x89PNG"
    True

    Explained in chapter 04 (Gradient descent).
    """
    func = "frame_slider"
    if not isinstance(fig, Figure):
        raise TypeError(f"{func}: fig must be a matplotlib Figure (plt.subplots() returns one "
                        f"first); got {describe(fig)}")
    as_callable(draw, "draw", func)
    values = list(values)
    if not values:
        raise ValueError(f"{func}: values is empty; expected at least one frame value")
    if alt is not None and not (isinstance(alt, str) and alt.strip()):
        raise TypeError(f"{func}: alt must be a sentence saying what the figure shows; got "
                        f"{describe(alt)}")
    if isinstance(label, str):
        fmt = label
        label = fmt.format
    else:
        as_callable(label, "label", func)
    interval_ms = as_int(interval_ms, "interval_ms", func, low=1)
    dpi = as_real(dpi, "dpi", func, low=10.0)
    still = as_int(still, "still", func)
    if not -len(values) <= still < len(values):
        raise ValueError(f"{func}: still is {still} but there are {len(values)} frames; "
                         f"expected an index in [-{len(values)}, {len(values) - 1}]")
    frames, labels = [], []
    try:
        for value in values:
            draw(value)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
            frames.append(compact_png(buffer.getvalue(), dpi))
            labels.append(str(label(value)))
        size = (round(fig.get_figwidth() * dpi), round(fig.get_figheight() * dpi))
    finally:
        plt.close(fig)
    # alt=None leaves the frames without alt text: the site test names the slider then
    return FrameSlider(frames, labels, (alt or "").strip(), interval_ms=interval_ms,
                       loop=loop, still=still, size=size)
