"""Frame sliders for the static site: a figure redrawn for each value of a hyperparameter,
bundled into self-contained HTML (no kernel, no network) by matplotlib's ``to_jshtml``.

Explained in chapter 02 (Grid search), where the first one appears.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from IPython.display import HTML

from .._util import as_callable


def frame_slider(fig, draw: Callable[[object], None], values: Sequence, *,
                 interval_ms: int = 400, loop: bool = False) -> HTML:
    """A slider over ``values``: ``draw(value)`` redraws ``fig`` for each one.

    Keep frames few and the figure small: every frame is stored as a PNG in the page (filled
    contours make large frames; plain ``contourf`` without contour lines keeps them small).
    Frames are not cropped, so create the figure with ``layout="constrained"`` to keep axis
    labels inside. The figure is closed afterwards, so only the slider is shown.

    Parameters
    ----------
    fig : the matplotlib figure to redraw.  draw : called with each value in turn.
    values : the frames' values (for example learning rates, or step numbers).

    Returns
    -------
    IPython.display.HTML with the animation and its play / step controls.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> html = frame_slider(fig, lambda v: ax.set_title(f"v = {v}"), [1, 2])
    >>> "<img" in html.data and "://" not in html.data.split("<img")[0]
    True
    """
    as_callable(draw, "draw", "frame_slider")
    values = list(values)
    if not values:
        raise ValueError("frame_slider: values is empty; expected at least one frame value")
    anim = FuncAnimation(fig, lambda i: draw(values[i]), frames=len(values), interval=interval_ms,
                         repeat=loop)
    html = _offline(anim.to_jshtml(default_mode="once" if not loop else "loop"))
    plt.close(fig)
    return HTML(html)


# matplotlib's player links Font Awesome 4 from a CDN for its button icons. The book works
# offline, so the link is dropped and each icon becomes a plain symbol that common fonts have.
_ICONS = {"fa-minus": "−", "fa-fast-backward": "⇤", "fa-step-backward": "‹",
          "fa-play fa-flip-horizontal": "◀", "fa-pause": "||", "fa-play": "▶",
          "fa-step-forward": "›", "fa-fast-forward": "⇥", "fa-plus": "+"}


def _offline(html: str) -> str:
    """The player's HTML with no reference to another host."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    return re.sub(r'<i class="fa ([^"]*)"></i>',
                  lambda m: _ICONS.get(m.group(1), m.group(1)), html)
