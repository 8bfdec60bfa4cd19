"""The figures the chapters share (matplotlib only, no system binaries).

- ``style``: sizes for the page, the colour-blind-safe palette and line styles (``use_style``,
  ``figsize``, ``legend_below``).
- ``contours``: loss landscapes with points and paths (chapters 01-04).
- ``losses``: the two losses against one score, probabilities, loss slices (chapter 01).
- ``grid``: a grid search on a contour map, its error and its cost (chapter 02).
- ``anim``: frame sliders that work on the static site (chapters 02-08).
- ``descent``: gradient descent: −∇L on the contours, runs and their loss gaps, the step-size
  regimes, mini-batch curves, excess loss against random search (chapter 04).
- ``differences``: finite-difference error against ε, secant lines (chapter 06).
- ``analytic``: a gradient check's relative errors on its verdict bands, as a frame slider
  over a parameter; the cost of analytic against numerical gradients (chapter 07).
- ``schedules``: learning-rate schedules, loss curves with noise floors, clouds of runs, the
  range test, a coarse-to-fine search (chapter 05).
- ``graph``: computational graphs with values and gradients; the node figure (chapters 08, 10);
  where the nodes go is computed in ``_layout``, without matplotlib.
- ``functions``: autograd Functions' forward and backward, their tangent and what gradcheck
  sees at a kink (chapter 09).
- ``jacobian``: Jacobians as images, ReLU's Jacobian as its input shifts, memory of
  Jacobians against VJPs (chapter 10).
- ``search``: where a search looked, darts in D dimensions, equal-budget curves, annealing
  walks, hyperparameter trials (chapter 03).

Each figure has a title, labelled axes and, with several lines, a legend.
"""

from .analytic import VERDICT_COLORS, check_slider, plot_gradient_cost, plot_verdict_bands
from .anim import FrameSlider, frame_slider
from .contours import contour, evaluate_on_grid, mark_best, plot_path, plot_points
from .descent import (REGIMES, GradientField, learning_rate_slider, plot_descent,
                      plot_directional_rates, plot_excess, plot_factors, plot_gradient_field,
                      plot_minibatch_curves, plot_regime_losses, plot_regimes, regime)
from .differences import plot_error_vs_eps, plot_secants
from .functions import (TangentCheck, plot_forward_backward, plot_tangent_check,
                        tangent_check, tangent_slider)
from .grid import grid_frames, plot_grid_cost, plot_grid_search, plot_resolution_error
from .graph import GRAD_COLOR, LOCAL_COLOR, VALUE_COLOR, GraphDrawing, draw_graph, draw_node_figure
from .jacobian import (format_bytes, jacobian_image, plot_memory, plot_relu_jacobian,
                       relu_jacobian_slider)
from .losses import (plot_class_probabilities, plot_loss_slices, plot_score_losses,
                     score_frames)
from .search import (darts_slider, plot_budget_curves, plot_darts, plot_designs,
                     plot_hit_probability, plot_projections, plot_trials, search_points,
                     walk_slider)
from .schedules import (SCHEDULE_STYLES, plot_loss_curves, plot_range_test, plot_run_cloud,
                        plot_schedules, plot_search_stages, schedule_style)
from .style import (BASE_WIDTH, CMAP, COLUMN_PX, DPI, FRAME_DPI, LINESTYLES, MARKERS, PALETTE,
                    compact_png, figsize, legend_below, line_style, use_style)

__all__ = ["FrameSlider", "frame_slider", "contour", "evaluate_on_grid", "mark_best", "plot_path",
           "plot_points", "plot_error_vs_eps", "plot_secants", "VERDICT_COLORS", "check_slider",
           "plot_gradient_cost", "plot_verdict_bands", "GRAD_COLOR", "LOCAL_COLOR",
           "VALUE_COLOR", "GraphDrawing", "draw_graph", "draw_node_figure", "format_bytes",
           "jacobian_image", "plot_memory", "plot_relu_jacobian", "relu_jacobian_slider",
           "darts_slider", "plot_budget_curves", "plot_darts",
           "plot_designs", "plot_hit_probability", "plot_projections", "plot_trials",
           "search_points", "walk_slider", "CMAP", "LINESTYLES", "MARKERS", "REGIMES",
           "GradientField", "learning_rate_slider", "plot_descent", "plot_directional_rates",
           "plot_excess", "plot_factors", "plot_gradient_field", "plot_minibatch_curves",
           "plot_regime_losses", "plot_regimes", "regime", "SCHEDULE_STYLES", "plot_loss_curves",
           "plot_range_test", "plot_run_cloud", "plot_schedules", "plot_search_stages",
           "schedule_style",
           "PALETTE", "line_style", "use_style", "BASE_WIDTH", "COLUMN_PX", "DPI",
           "FRAME_DPI", "compact_png", "figsize", "legend_below",
           "grid_frames", "plot_grid_cost", "plot_grid_search", "plot_resolution_error",
           "plot_class_probabilities", "plot_loss_slices", "plot_score_losses", "score_frames",
           "TangentCheck", "plot_forward_backward", "plot_tangent_check", "tangent_check",
           "tangent_slider"]
