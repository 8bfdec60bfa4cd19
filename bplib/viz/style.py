"""The book's figure style: a colour-blind-safe palette, lines told apart by style too.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies); each
line also gets its own dash pattern and marker, so figures read in greyscale as well.

Explained in chapter 01 (Loss functions), where the first figures appear.
"""

from __future__ import annotations

from cycler import cycler
import matplotlib as mpl

#: Okabe–Ito colours, in the order lines receive them.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Dash patterns paired with the colours above.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2))]
#: Markers paired with the colours above (for point series).
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
#: A perceptually uniform colour map for surfaces and contours.
CMAP = "viridis"

STYLE = {
    "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES),
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "image.cmap": CMAP,
    "font.size": 11,
}


def use_style() -> None:
    """Apply the book's style to every later figure (call once per notebook).

    Example
    -------
    >>> use_style()
    >>> import matplotlib as mpl; mpl.rcParams["image.cmap"]
    'viridis'
    """
    mpl.rcParams.update(STYLE)


def line_style(k: int) -> dict:
    """Colour, dash pattern and marker of the k-th series, for code that sets them by hand.

    Example
    -------
    >>> line_style(1)["color"]
    '#E69F00'
    """
    n = len(PALETTE)
    return {"color": PALETTE[k % n], "linestyle": LINESTYLES[k % n], "marker": MARKERS[k % n]}
