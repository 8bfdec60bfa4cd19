"""The figures the chapters share (matplotlib only, no system binaries).

- ``style``: sizes for the page, the colour-blind-safe palette and line styles (``use_style``,
  ``figsize``, ``legend_below``).
- ``contours``: loss landscapes with points and paths (chapters 01-04).
- ``anim``: frame sliders that work on the static site (chapters 02-08).
- ``differences``: finite-difference error against ε, secant lines (chapter 06).
- ``schedules``: learning-rate schedules, loss curves with noise floors, clouds of runs, the
  range test, a coarse-to-fine search (chapter 05).
- ``graph``: computational graphs with values and gradients; the node figure (chapters 08, 10).
- ``jacobian``: Jacobians as images, memory of Jacobians against VJPs (chapter 10).

Each figure has a title, labelled axes and, with several lines, a legend.
"""

from .anim import FrameSlider, frame_slider
from .contours import contour, evaluate_on_grid, mark_best, plot_path, plot_points
from .differences import plot_error_vs_eps, plot_secants
from .graph import (GRAD_COLOR, LOCAL_COLOR, VALUE_COLOR, GraphDrawing, draw_graph,
                    draw_node_figure, graph_grads)
from .jacobian import format_bytes, jacobian_image, plot_memory
from .schedules import (SCHEDULE_STYLES, plot_loss_curves, plot_range_test, plot_run_cloud,
                        plot_schedules, plot_search_stages, schedule_style)
from .style import (BASE_WIDTH, CMAP, COLUMN_PX, DPI, FRAME_DPI, LINESTYLES, MARKERS, PALETTE,
                    compact_png, figsize, legend_below, line_style, use_style)

__all__ = ["FrameSlider", "frame_slider", "contour", "evaluate_on_grid", "mark_best", "plot_path",
           "plot_points", "plot_error_vs_eps", "plot_secants", "GRAD_COLOR", "LOCAL_COLOR",
           "VALUE_COLOR", "GraphDrawing", "draw_graph", "draw_node_figure", "graph_grads",
           "format_bytes", "jacobian_image", "plot_memory", "SCHEDULE_STYLES",
           "plot_loss_curves", "plot_range_test", "plot_run_cloud", "plot_schedules",
           "plot_search_stages", "schedule_style", "CMAP", "LINESTYLES", "MARKERS",
           "PALETTE", "line_style", "use_style", "BASE_WIDTH", "COLUMN_PX", "DPI",
           "FRAME_DPI", "compact_png", "figsize", "legend_below"]
