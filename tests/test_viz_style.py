"""The book's figure style: sizes for the page's 688-px column, 150 dpi, legible fonts,
white backgrounds, legends inside or below, compact PNGs that look the same."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from bplib import viz
from bplib.viz.style import compact_png


pytestmark = pytest.mark.usefixtures("book_style")   # tests/conftest.py


def inline_png(fig) -> bytes:
    """What the inline backend stores: figure.dpi, cropped tight (savefig.dpi is ignored)."""
    from IPython.core.pylabtools import print_figure

    png = print_figure(fig, fmt="png", bbox_inches="tight")
    plt.close(fig)
    return png


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_style_draws_at_150_dpi_with_11_to_12_point_fonts_on_white():
    rc = mpl.rcParams
    assert rc["figure.dpi"] >= 150 and rc["figure.dpi"] == viz.DPI
    sizes = [rc[k] for k in ("font.size", "axes.labelsize", "xtick.labelsize",
                             "ytick.labelsize", "legend.fontsize", "axes.titlesize")]
    assert all(11 <= mpl.font_manager.FontProperties(size=s).get_size_in_points() <= 12
               for s in sizes), sizes
    for key in ("figure.facecolor", "axes.facecolor", "savefig.facecolor"):
        assert mpl.colors.to_rgba(rc[key]) == (1.0, 1.0, 1.0, 1.0), key
    assert rc["legend.loc"] == "best" and rc["figure.constrained_layout.use"]


def test_a_default_figure_fills_the_column_at_its_point_size():
    # 688 CSS px at 96 px per inch is 7.17 in: the base width, after the tight crop
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set(title="a title", xlabel="x", ylabel="y")
    png = inline_png(fig)
    image = Image.open(io.BytesIO(png))
    width_in = image.width / viz.DPI
    assert 7.0 <= width_in <= 7.4, width_in
    assert viz.COLUMN_PX / 96 == pytest.approx(viz.BASE_WIDTH, abs=0.05)


def test_compact_png_looks_the_same_in_a_quarter_of_the_bytes():
    fig, ax = plt.subplots()
    viz.contour(lambda w: w @ w, (-2, 2), (-2, 2), ax=ax, log=True)
    for k in range(3):
        ax.plot([-2, 2], [k - 1, 1 - k], label=f"line {k}")
    ax.legend()
    png = inline_png(fig)
    small = compact_png(png)
    assert len(small) < len(png) / 2
    image = Image.open(io.BytesIO(small))
    assert image.mode == "P" and round(image.info["dpi"][0]) == viz.DPI
    diff = np.abs(pixels(png) - pixels(small))
    assert diff.shape == pixels(png).shape
    # the same to the eye: a few antialiased pixels move by up to a quarter of the range
    assert diff.mean() < 1 and np.percentile(diff, 99) < 10 and diff.max() < 64
    assert (pixels(small)[0, 0] == 255).all(), "white stays white"


def test_compact_png_keeps_what_it_cannot_shrink():
    grey = Image.fromarray(np.arange(256, dtype=np.uint8).reshape(16, 16), mode="L")
    buffer = io.BytesIO()
    grey.save(buffer, format="PNG")
    assert compact_png(buffer.getvalue()) == buffer.getvalue()


def test_legend_below_sits_under_the_tick_labels_and_the_x_label():
    fig, ax = plt.subplots(figsize=viz.figsize(0.4))
    for k in range(5):
        ax.plot([0, 1], [k, k + 1], label=f"schedule {k}")
    ax.set(xlabel="step $t$", ylabel="α")
    legend = viz.legend_below(ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    label = ax.xaxis.label.get_window_extent(renderer)
    ticks = max(t.get_window_extent(renderer).y0 for t in ax.get_xticklabels() if t.get_text())
    assert box.y1 <= label.y0 + 1 and box.y1 <= ticks
    assert legend._ncols == 4
    # the figure grew to hold it: nothing is cut off
    assert box.y0 >= 0


def test_figsize_keeps_figures_within_the_column():
    assert viz.figsize(0.5) == (7.2, 3.6)
    assert viz.figsize(1.0, width=3.6) == (3.6, 3.6)
    with pytest.raises(ValueError, match=r"figsize: width must be <= 7\.2; got 10"):
        viz.figsize(0.5, width=10)
    with pytest.raises(ValueError, match="figsize: aspect must be > 0"):
        viz.figsize(0)
