"""The book's figure style: sized for the page, a colour-blind-safe palette, lines told apart
by style too.

Sizes are chosen for the website's text column, 688 CSS pixels wide at a 1280-px window:

- A figure of the base width, ``BASE_WIDTH`` = 7.2 inches, fills the column at 96 CSS pixels
  per inch, so its fonts show at their point size: 11 pt text, 12 pt titles, as the prose
  around them. A narrower figure is enlarged to the column (the site's CSS fills it); a wider
  one is shrunk, and its text with it, so figures are never drawn wider than ``BASE_WIDTH``
  (two panels share it side by side, or stack).
- Static figures are drawn at ``DPI`` = 150 dots per inch through ``figure.dpi``, which is what
  the inline backend uses for a notebook's PNGs (not ``savefig.dpi``): about 1.5 image pixels
  per CSS pixel, sharp on high-density screens. Frame sliders draw their frames at
  ``FRAME_DPI`` = 100, about one pixel per CSS pixel, to keep notebooks small.
- Backgrounds are white (figure and axes), so figures stay readable in the site's dark mode.
- In a notebook (the inline backend), figures are stored as 256-colour PNGs, a quarter of
  the bytes of full-colour ones and the same to the eye (antialiased text and lines, colour
  maps of 256 levels): ``compact_png``.
- Legends sit inside the axes (``"best"``) with a light frame, or below them with
  ``legend_below``; never to the right, where they squeeze the plot.

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

#: Width of the site's text column, in CSS pixels, at a 1280-px window.
COLUMN_PX = 688
#: The widest a figure is drawn, in inches: the column at 96 CSS px per inch, so that fonts
#: keep their point size on the page.
BASE_WIDTH = 7.2
#: Dots per inch of static figures (``figure.dpi``; the inline backend's PNGs use it).
DPI = 150
#: Dots per inch of frame-slider frames (each frame is stored in the notebook).
FRAME_DPI = 100

STYLE = {
    # size: the base width fills the column; 150 dpi is about 1.5 pixels per CSS pixel
    "figure.figsize": (BASE_WIDTH, 4.2),
    "figure.dpi": DPI,
    "savefig.dpi": "figure",
    "savefig.pad_inches": 0.04,
    "figure.constrained_layout.use": True,
    # fonts as read on the page: 11 pt text and ticks, 12 pt titles
    "font.size": 11,
    "axes.titlesize": 12,
    "figure.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    # legends inside the axes, framed so that lines and contours behind stay apart
    "legend.loc": "best",
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "legend.edgecolor": "0.8",
    "legend.fancybox": False,
    # white backgrounds: readable on the site's dark theme too
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    # lines and colours
    "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES),
    "lines.linewidth": 1.8,
    "lines.markersize": 6,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": CMAP,
}


def use_style(compact: bool = True) -> None:
    """Apply the book's style to every later figure (call once per notebook, after importing
    pyplot; chapters do not override ``dpi``).

    In IPython with the inline backend, ``compact=True`` also stores each figure as a
    256-colour PNG (``compact_png``), cropped as the inline backend crops it and drawn at
    ``figure.dpi``.

    Parameters
    ----------
    compact : bool
        Store notebook figures as 256-colour PNGs (no effect outside IPython).

    Example
    -------
    >>> use_style()
    >>> import matplotlib as mpl
    >>> rc = mpl.rcParams
    >>> rc["image.cmap"], rc["figure.dpi"], rc["font.size"]
    ('viridis', 150.0, 11.0)

    Explained in chapter 01 (Loss functions).
    """
    mpl.rcParams.update(STYLE)
    if compact:
        _register_compact_png()


def compact_png(png: bytes, dpi: float | None = None) -> bytes:
    """The same picture as a 256-colour (palette) PNG, when that is smaller.

    Matplotlib's figures have few colours: text and lines antialiased against a white
    background, colour maps of 256 levels. Reduced to a 256-colour palette (no dithering)
    they look the same and take about a quarter of the bytes, which keeps notebooks with
    150-dpi figures and frame sliders small.

    Parameters
    ----------
    png : bytes
        A PNG file.
    dpi : float, optional
        Dots per inch to record in the file (its pHYs chunk); kept from ``png`` by default.

    Returns
    -------
    bytes
        The smaller of the palette PNG and ``png``.

    Example
    -------
    >>> import io, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2)); _ = ax.plot([0, 1], [1, 0])
    >>> buffer = io.BytesIO()
    >>> fig.savefig(buffer, format="png", dpi=150); plt.close(fig)
    >>> small = compact_png(buffer.getvalue())
    >>> len(small) < len(buffer.getvalue())
    True

    Used for the figures of chapter 01 (Loss functions).
    """
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if dpi is None:
        dpi = image.info.get("dpi", (72, 72))[0]
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA"):
        return png
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                             dither=Image.Dither.NONE)
    # the octree's averages turn pure white into (254, 254, 254): snap them back
    colours = palette.getpalette()
    colours = [255 if all(c >= 250 for c in colours[i - i % 3:i - i % 3 + 3]) else
               0 if all(c <= 5 for c in colours[i - i % 3:i - i % 3 + 3]) else v
               for i, v in enumerate(colours)]
    palette.putpalette(colours)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue() if out.tell() < len(png) else png


def _figure_png(fig) -> bytes | None:
    """What the inline backend stores for a figure (tight crop, figure.dpi), made compact."""
    from IPython.core.pylabtools import print_figure

    png = print_figure(fig, fmt="png", bbox_inches="tight")
    return None if png is None else compact_png(png, fig.dpi)


def _register_compact_png() -> None:
    """In IPython with the inline backend, display figures through ``_figure_png``."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or "inline" not in str(mpl.get_backend()).lower():
        return
    # importing the backend configures IPython's figure formatters (once); ours goes after
    import matplotlib_inline.backend_inline  # noqa: F401
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, _figure_png)


def figsize(aspect: float = 4.2 / BASE_WIDTH, width: float = BASE_WIDTH) -> tuple[float, float]:
    """A figure size of the base width (or ``width`` inches) and ``aspect`` = height / width.

    Parameters
    ----------
    aspect : float
        Height divided by width; for example 0.5 for a wide strip of two panels, 0.8 for a
        contour plot with a colour bar.
    width : float
        Width in inches, at most ``BASE_WIDTH`` (a wider figure would be shrunk on the page).

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches, for ``plt.subplots(figsize=...)``.

    Example
    -------
    >>> figsize(0.5)
    (7.2, 3.6)

    Explained in chapter 01 (Loss functions).
    """
    from .._util import as_real

    aspect = as_real(aspect, "aspect", "figsize", low=0.0, low_open=True)
    width = as_real(width, "width", "figsize", low=0.0, high=BASE_WIDTH, low_open=True)
    return (width, round(width * aspect, 2))


def legend_below(ax, ncols: int | None = None, **kwargs):
    """A legend centred below the axes, in ``ncols`` columns (all entries on one row by
    default, up to 4): for plots with many lines, where a legend inside would hide them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes whose lines are listed.
    ncols : int, optional
        Columns of the legend; by default as many as entries, at most 4.
    **kwargs
        Passed to ``ax.legend``.

    Returns
    -------
    matplotlib.legend.Legend

    Example
    -------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> for k in range(3): _ = ax.plot([0, 1], [k, k], label=f"line {k}")
    >>> legend_below(ax).get_bbox_to_anchor() is not None
    True
    >>> plt.close(fig)

    Used for the figures of chapter 05 (Learning rate), where five schedules share one plot.
    """
    from matplotlib.transforms import offset_copy

    handles, labels = ax.get_legend_handles_labels()
    if ncols is None:
        ncols = max(1, min(4, len(labels)))
    # below the tick labels and the x label, however tall they are
    fig = ax.figure
    below = ax.bbox.y0 - ax.get_tightbbox(fig.canvas.get_renderer()).y0
    kwargs.setdefault("loc", "upper center")
    kwargs.setdefault("bbox_to_anchor", (0.5, 0.0))
    kwargs.setdefault("bbox_transform", offset_copy(ax.transAxes, fig=fig, y=-(below + 6),
                                                    units="dots"))
    return ax.legend(handles, labels, ncols=ncols, **kwargs)


def line_style(k: int) -> dict:
    """Colour, dash pattern and marker of the k-th series, for code that sets them by hand.

    Parameters
    ----------
    k : int
        The series' number (0 for the first); styles repeat after ``len(PALETTE)``.

    Returns
    -------
    dict
        ``{"color": ..., "linestyle": ..., "marker": ...}``, to pass to ``ax.plot(**...)``.

    Example
    -------
    >>> line_style(1)["color"]
    '#E69F00'

    Used for the figures of chapter 01 (Loss functions).
    """
    n = len(PALETTE)
    return {"color": PALETTE[k % n], "linestyle": LINESTYLES[k % n], "marker": MARKERS[k % n]}
