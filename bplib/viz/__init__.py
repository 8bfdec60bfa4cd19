"""The figures the chapters share (matplotlib only, no system binaries).

- ``style``: the colour-blind-safe palette and line styles (``use_style``).
- ``contours``: loss landscapes with points and paths (chapters 01-04).
- ``anim``: frame sliders that work on the static site (chapters 03-06).

Each figure has a title, labelled axes and, with several lines, a legend.
"""

from .anim import frame_slider
from .contours import contour, evaluate_on_grid, mark_best, plot_path, plot_points
from .style import CMAP, LINESTYLES, MARKERS, PALETTE, line_style, use_style

__all__ = ["frame_slider", "contour", "evaluate_on_grid", "mark_best", "plot_path",
           "plot_points", "CMAP", "LINESTYLES", "MARKERS", "PALETTE", "line_style", "use_style"]
