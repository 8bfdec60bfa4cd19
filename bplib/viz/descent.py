"""Figures of gradient descent: why −∇L, how a run moves, and how the step size decides.

- ``plot_gradient_field``: log-spaced contours of a 2-parameter loss with the unit direction
  of −∇L drawn from points on the contour lines, a small square marking each right angle.
- ``plot_directional_rates``: how fast the loss falls along unit directions, by angle.
- ``plot_descent``: a run on the contours, beside its loss gap L(w_t) − L* per step.
- ``regime``: the name of a learning rate's regime on a quadratic ("too small", "good",
  "oscillating", "divergent"), the one word every figure and sentence uses.
- ``plot_factors``: the factor per step of each eigen-component, abs(1 − αμ_i), against α,
  on the four regimes' bands.
- ``plot_regimes``: one run per panel on the same contours, each cut where it leaves them.
- ``plot_regime_losses``: the loss per step of those runs, on a log scale.
- ``learning_rate_slider``: a frame slider over α of ``plot_descent``.
- ``plot_minibatch_curves``: full-batch against mini-batch losses, per step and per sample
  processed.
- ``plot_excess``: excess loss curves on a log scale (gradient descent against random search,
  by evaluations or by dimension).

Eigenvalues of the curvature matrix are written μ (μ_max, μ_min); λ is only the strength of
the L2 penalty.

Explained in chapter 04 (Gradient descent).
"""

from __future__ import annotations

import warnings
from typing import Callable, Mapping, NamedTuple, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.colors import LogNorm
from matplotlib.ticker import NullLocator

from .._util import as_callable, as_float_array, as_int, as_real, describe
from .contours import evaluate_on_grid, plot_path
from .style import BASE_WIDTH, CMAP, figsize, legend_below, line_style

__all__ = ["GradientField", "REGIMES", "regime", "plot_gradient_field",
           "plot_directional_rates", "plot_descent", "plot_factors", "plot_regimes",
           "plot_regime_losses", "learning_rate_slider", "plot_minibatch_curves",
           "plot_excess"]

#: The four regimes of a constant learning rate on a quadratic, in the order of α.
REGIMES = ("too small", "good", "oscillating", "divergent")
#: Below this αμ_max a run counts as "too small" (there is no sharp line; the book uses ½).
TOO_SMALL_BELOW = 0.5
# The series style (``line_style(k)``) of each regime, the same in every figure.
_REGIME_STYLE = {"too small": 0, "good": 1, "oscillating": 2, "divergent": 5}
# Band shading of the four regimes (grey levels), light for the monotone ones.
_BAND_ALPHA = {"too small": 0.10, "good": 0.17, "oscillating": 0.26, "divergent": 0.38}


class GradientField(NamedTuple):
    """What ``plot_gradient_field`` drew, to assert the right angles it shows.

    Attributes
    ----------
    points : ndarray of shape (M, 2)
        Where the arrows start, each on a contour line.
    directions : ndarray of shape (M, 2)
        The unit vectors −∇L/‖∇L‖ at those points.
    tangents : ndarray of shape (M, 2)
        Unit tangents of the contour lines at those points (from the drawn lines).
    levels : ndarray of shape (K,)
        The loss values of the contour lines (log-spaced).
    """

    points: np.ndarray
    directions: np.ndarray
    tangents: np.ndarray
    levels: np.ndarray


def regime(lr: float, mu_max: float) -> str:
    """The regime of a constant learning rate on ½wᵀAw whose largest eigenvalue is ``mu_max``.

    With x = lr · mu_max: "too small" below ``TOO_SMALL_BELOW`` = ½ (every factor 1 − αμ_i is
    above ½: slow progress), "good" up to 1 (every factor in [0, 1): a monotone approach),
    "oscillating" below 2 (the steepest factor is negative: a zig-zag that dies out) and
    "divergent" from 2 on (that factor is −1 or below: the zig-zag never shrinks).

    Parameters
    ----------
    lr : float
        The learning rate α ≥ 0.
    mu_max : float
        The largest eigenvalue μ_max > 0 of the curvature matrix A.

    Returns
    -------
    str
        One of ``REGIMES``.

    Example
    -------
    >>> [regime(lr, 10.0) for lr in (0.01, 0.1, 0.19, 0.21)]
    ['too small', 'good', 'oscillating', 'divergent']

    Explained in chapter 04 (Gradient descent).
    """
    lr = as_real(lr, "lr", "regime", low=0.0)
    mu_max = as_real(mu_max, "mu_max", "regime", low=0.0, low_open=True)
    x = lr * mu_max
    if x < TOO_SMALL_BELOW:
        return "too small"
    if x <= 1.0:
        return "good"
    if x < 2.0:
        return "oscillating"
    return "divergent"


def _log_levels(Z: np.ndarray, levels: int, low: float) -> tuple[np.ndarray, np.ndarray]:
    """Z − min(Z) (floored above 0) and ``levels`` log-spaced values from ``low`` of its range
    to its top."""
    gap = Z - Z.min()
    top = float(gap.max())
    if not np.isfinite(top) or top <= 0:
        raise ValueError("the function is constant (or not finite) on the window; expected a "
                         "loss that varies over it")
    gap = np.maximum(gap, top * 1e-9)
    return gap, np.geomspace(low * top, top, levels)


def _filled(ax, xs, ys, gap: np.ndarray, lv: np.ndarray) -> None:
    """Filled bands between log-spaced levels, the colour map spread over the levels (not
    down to the floor below the lowest one)."""
    below = lv[0] ** 2 / lv[1]          # one level spacing under the lowest line
    ax.contourf(xs, ys, gap, levels=np.concatenate([[min(gap.min(), below)], lv]), cmap=CMAP,
                norm=LogNorm(below, lv[-1]), extend="max")


def _longest_segment(contour_set, k: int) -> np.ndarray | None:
    """The vertices of the longest piece of contour line number ``k``."""
    segments = [s for s in contour_set.allsegs[k] if len(s) >= 3]
    return max(segments, key=len) if segments else None


def _points_along(vertices: np.ndarray, n: int, phase: float):
    """``n`` points spread along a polyline and the unit tangent at each, from the points a
    short arc length before and after (robust to the very short pieces contour lines have)."""
    steps = np.linalg.norm(np.diff(vertices, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(steps)])

    def at(length):
        length = np.clip(length, 0.0, arc[-1])
        return np.stack([np.interp(length, arc, vertices[:, 0]),
                         np.interp(length, arc, vertices[:, 1])], axis=1)

    where = (np.arange(n) + phase) / n * arc[-1]
    delta = 0.01 * arc[-1]
    tangents = at(where + delta) - at(where - delta)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    return at(where), tangents


def plot_gradient_field(ax, f: Callable, grad: Callable, xlim: Sequence[float],
                        ylim: Sequence[float], *, levels: int = 8, low: float = 1e-2,
                        arrows: int = 16, every: int = 2, batched: bool = False,
                        resolution: int = 200, right_angles: bool = True,
                        title: str | None = None) -> GradientField:
    """Contours of ``f`` at log-spaced levels, with −∇f/‖∇f‖ drawn from points on the lines.

    Log-spaced levels put contour lines near the bottom of a valley as well as on its steep
    walls, and the axes have equal scale, so the angle between each arrow and the line it
    starts on is drawn true: a right angle, marked by a small square.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    f : callable
        The loss: a function of a point of shape (2,), or with ``batched=True`` of an (M, 2)
        array returning M values.
    grad : callable
        The gradient at a point of shape (2,), an array of shape (2,).
    xlim : tuple of float
        ``(low, high)`` of w₁; crop it to the valley, where the lines are.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    levels : int
        The number of contour lines, at least 2.
    low : float
        The lowest line's height above the minimum on the window, as a fraction of the
        window's range of ``f`` (the lines are log-spaced from there to the top).
    arrows : int
        About how many arrows to draw, spread evenly along the lines that carry them.
    every : int
        Arrows on every ``every``-th line, from the highest down (never on the lowest, whose
        small loop would crowd them).
    batched : bool
        Call ``f`` once with all the grid points.
    resolution : int
        Points per axis of the evaluation grid (finer lines, truer tangents).
    right_angles : bool
        Mark the angle between each arrow and its line with a small square.
    title : str, optional
        The axes title.

    Returns
    -------
    GradientField
        The arrows' starting points, their directions and the lines' tangents there, and
        the contour levels.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> field = plot_gradient_field(ax, lambda w: w[0] ** 2 + 4 * w[1] ** 2,
    ...                             lambda w: np.array([2 * w[0], 8 * w[1]]),
    ...                             (-2, 2), (-1, 1), resolution=80)
    >>> cosines = np.abs(np.sum(field.directions * field.tangents, axis=1))
    >>> bool(cosines.max() < 0.05)    # every arrow crosses its line at a right angle
    True
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_gradient_field"
    as_callable(f, "f", func)
    as_callable(grad, "grad", func)
    levels = as_int(levels, "levels", func, low=2)
    low = as_real(low, "low", func, low=0.0, high=1.0, low_open=True, high_open=True)
    arrows = as_int(arrows, "arrows", func, low=1)
    every = as_int(every, "every", func, low=1)
    xs, ys, Z = evaluate_on_grid(f, xlim, ylim, resolution, batched)
    try:
        gap, lv = _log_levels(Z, levels, low)
    except ValueError as exc:
        raise ValueError(f"{func}: {exc}") from None
    _filled(ax, xs, ys, gap, lv)
    lines = ax.contour(xs, ys, gap, levels=lv, colors="white", linewidths=0.7, alpha=0.8)
    span = min(np.ptp(xlim), np.ptp(ylim))
    length, square = 0.085 * span, 0.032 * span
    carriers = [v for v in (_longest_segment(lines, k) for k in range(levels - 1, 0, -every))
                if v is not None]
    arcs = [float(np.linalg.norm(np.diff(v, axis=0), axis=1).sum()) for v in carriers]
    spacing = sum(arcs) / arrows if arcs else 1.0
    points, tangents = [], []
    for j, (vertices, arc) in enumerate(zip(carriers, arcs)):
        p, t = _points_along(vertices, max(1, round(arc / spacing)), phase=0.5 * (j % 2) + 0.25)
        points.append(p)
        tangents.append(t)
    points = np.concatenate(points) if points else np.zeros((0, 2))
    tangents = np.concatenate(tangents) if tangents else np.zeros((0, 2))
    g = np.array([np.asarray(grad(p), dtype=float) for p in points]).reshape(-1, 2)
    norms = np.linalg.norm(g, axis=1, keepdims=True)
    if np.any(~np.isfinite(norms)) or np.any(norms == 0):
        raise ValueError(f"{func}: grad returned a zero or non-finite gradient on a contour "
                         "line; expected the gradient of f")
    directions = -g / norms
    # black arrows and squares with a white rim: visible on the dark valley and the light walls
    rim = [patheffects.withStroke(linewidth=2.4, foreground="white")]
    ax.quiver(points[:, 0], points[:, 1], directions[:, 0], directions[:, 1], color="black",
              edgecolor="white", linewidth=0.6, angles="xy", scale_units="xy",
              scale=1 / length, width=0.007, headwidth=4, headlength=4.5, zorder=4)
    if right_angles:
        for p, t, d in zip(points, tangents, directions):
            corner = np.array([p + square * t, p + square * (t + d), p + square * d])
            ax.plot(corner[:, 0], corner[:, 1], color="black", linewidth=1.0, zorder=4,
                    path_effects=rim)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$w_1$", ylabel="$w_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return GradientField(points, directions, tangents, lv + Z.min())


def plot_directional_rates(ax, angles: Sequence[float], rates: Sequence[float], *,
                           best_angle: float, norm: float | None = None,
                           title: str = "Rate of decrease along a unit direction"):
    """The rate at which the loss falls along unit directions, against their angle.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    angles : array_like of shape (M,)
        The directions' angles θ, in degrees.
    rates : array_like of shape (M,)
        The rate of decrease along each, −D_u L (loss per unit step).
    best_angle : float
        The angle θ* of −∇L, in degrees (a grey vertical line).
    norm : float, optional
        ‖∇L‖: also draw the curve ‖∇L‖ cos(θ − θ*) that the rates follow.
    title : str
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> theta = np.linspace(-180, 180, 50)
    >>> _ = plot_directional_rates(ax, theta, 2 * np.cos(np.radians(theta - 30)),
    ...                            best_angle=30, norm=2)
    >>> print(ax.get_lines()[1].get_label())
    $\\|\\nabla L\\|\\cos(\\theta - \\theta^\\ast)$
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_directional_rates"
    angles = as_float_array(angles, "angles", func, ndim=1)
    rates = as_float_array(rates, "rates", func, ndim=1)
    if rates.shape != angles.shape:
        raise ValueError(f"{func}: rates has shape {rates.shape} but angles has shape "
                         f"{angles.shape}; expected one rate per angle")
    best_angle = as_real(best_angle, "best_angle", func)
    ax.plot(angles, rates, linestyle="none", marker="o", markersize=2.5,
            color=line_style(0)["color"], label="random $u$")
    if norm is not None:
        norm = as_real(norm, "norm", func, low=0.0)
        theta = np.linspace(-180, 180, 361)
        ax.plot(theta, norm * np.cos(np.radians(theta - best_angle)), color="black",
                linewidth=0.8, label=r"$\|\nabla L\|\cos(\theta - \theta^\ast)$")
    ax.axvline(best_angle, color="grey", linewidth=1, linestyle="--",
               label=r"$\theta^\ast$, of $-\nabla L$")
    ax.set(title=title, xlabel=r"angle $\theta$ of $u$ (degrees)",
           ylabel=r"$-D_uL(w)$ (loss per unit step)", xlim=(-180, 180),
           xticks=np.arange(-180, 181, 90))
    ax.legend(loc="lower center", fontsize=10)   # under the peak, between the troughs
    return ax


def _gap(losses: np.ndarray, min_loss: float | None) -> np.ndarray:
    """L − L*, floored at a tiny positive value so that a log scale can show it."""
    gap = losses - (0.0 if min_loss is None else min_loss)
    finite = gap[np.isfinite(gap) & (gap > 0)]
    floor = max(float(finite.max()) * 1e-17, 1e-300) if finite.size else 1e-300
    return np.where(np.isfinite(gap), np.maximum(gap, floor), np.nan)


def _contour_panel(ax, f, xlim, ylim, *, batched, resolution, levels, lines):
    """Filled contours at log-spaced levels above the window's minimum (no colour bar)."""
    xs, ys, Z = evaluate_on_grid(f, xlim, ylim, resolution, batched)
    gap, lv = _log_levels(Z, levels, 1e-3)
    _filled(ax, xs, ys, gap, lv)
    if lines:
        ax.contour(xs, ys, gap, levels=lv, colors="white", linewidths=0.4, alpha=0.6)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$w_1$", ylabel="$w_2$")
    ax.set_aspect("equal")
    ax.grid(False)


def plot_descent(run, f: Callable, xlim: Sequence[float], ylim: Sequence[float], *,
                 minimum: Sequence[float] | None = None, min_loss: float | None = None,
                 axes=None, batched: bool = False, title: str | None = None,
                 resolution: int = 100, levels: int = 15, lines: bool = True, k: int = 1,
                 legend: bool = True):
    """A gradient-descent run on the loss's contours (left) and its loss gap per step (right).

    Parameters
    ----------
    run : bplib.optim.Trajectory
        The run (``params`` of shape (T, 2), ``losses`` of shape (T,)).
    f : callable
        The loss, as for ``viz.contour``.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    minimum : array_like of shape (2,), optional
        The minimizer w*, marked with a large star.
    min_loss : float, optional
        L(w*): the right panel shows L(w_t) − L(w*). By default f at ``minimum``, or 0
        without one (the loss itself).
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw (a frame slider redraws the same axes); a new figure of the book's
        width by default.
    batched : bool
        Call ``f`` once with all the grid points.
    title : str, optional
        The left panel's title.
    resolution : int
        Points per axis of the contour grid.
    levels : int
        The number of (log-spaced) contour levels.
    lines : bool
        Draw the contour lines as well as the filled bands (a frame slider leaves them out
        to keep its frames small).
    k : int
        The series style (``viz.line_style(k)``) of the path.
    legend : bool
        Name the trajectory and the minimum in a legend (lower left).

    Returns
    -------
    matplotlib.figure.Figure
        The path is drawn up to its first point outside the window, and the panel says at
        which step it left (a divergent run).

    Example
    -------
    >>> from bplib.optim import gradient_descent
    >>> A = np.diag([1.0, 4.0])
    >>> run = gradient_descent(lambda w: (0.5 * w @ A @ w, A @ w), [2.0, 1.0], 0.2, 10)
    >>> fig = plot_descent(run, lambda w: 0.5 * w @ A @ w, (-2.5, 2.5), (-1.5, 1.5),
    ...                    minimum=[0, 0], resolution=30)
    >>> [ax.get_title() for ax in fig.axes]
    ['', 'Distance to the minimum loss']
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_descent"
    params = as_float_array(getattr(run, "params", None), "run.params", func, ndim=2,
                            finite=False)
    losses = as_float_array(getattr(run, "losses", None), "run.losses", func, ndim=1,
                            finite=False)
    if params.shape[1] != 2 or len(losses) != len(params):
        raise ValueError(f"{func}: run has params of shape {params.shape} and losses of "
                         f"shape {losses.shape}; expected (T, 2) and (T,) (a run in 2-D)")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=figsize(0.5), width_ratios=[1.1, 1])
    ax1, ax2 = axes
    _contour_panel(ax1, f, xlim, ylim, batched=batched, resolution=resolution,
                   levels=levels, lines=lines)
    _draw_run(ax1, params, xlim, ylim, k)
    ax1.lines[-3].set_label("trajectory")
    if minimum is not None:
        w_star = as_float_array(minimum, "minimum", func, ndim=1)
        ax1.plot(*w_star[:2], marker="*", markersize=15, color=line_style(5)["color"],
                 markeredgecolor="black", linestyle="none", label="minimum", zorder=6)
        if min_loss is None:
            min_loss = float(np.ravel(f(w_star[None, :2]) if batched else f(w_star[:2]))[0])
    if title:
        ax1.set_title(title)
    if legend:
        ax1.legend(loc="lower left")
    ax2.semilogy(np.arange(len(losses)), _gap(losses, min_loss), color=line_style(k)["color"],
                 linestyle=line_style(k)["linestyle"])
    ax2.set(title="Distance to the minimum loss", xlabel="step $t$",
            ylabel=(r"$L(w_t) - L(w^\ast)$ (log scale)" if min_loss is not None
                    else r"$L(w_t)$ (log scale)"))
    return ax1.figure


def plot_factors(ax, alphas: Sequence[float], mu: Sequence[float], *,
                 title: str = "How much each component shrinks per step"):
    """The size of each eigen-component's factor per step, abs(1 − αμ_i), against α, over
    the bands of the four regimes.

    A component shrinks when its line is below 1. The bands follow ``regime``: too small
    (α < ½/μ_max), good (up to 1/μ_max, every factor positive), oscillating (up to
    2/μ_max, the steepest factor negative) and divergent (beyond).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    alphas : array_like of shape (M,)
        The learning rates α ≥ 0 on the x axis, increasing.
    mu : array_like of shape (K,)
        The eigenvalues μ_i > 0 of the curvature matrix, one line each.
    title : str
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_factors(ax, np.linspace(0, 0.25, 51), [1.0, 10.0])
    >>> [t.get_text() for t in ax.texts]
    ['too small', 'good', 'oscillating', 'divergent']
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_factors"
    alphas = as_float_array(alphas, "alphas", func, ndim=1)
    mu = as_float_array(mu, "mu", func, ndim=1)
    if np.any(alphas < 0) or np.any(np.diff(alphas) <= 0):
        raise ValueError(f"{func}: alphas must be increasing learning rates >= 0; got "
                         f"{describe(alphas)}")
    if np.any(mu <= 0):
        raise ValueError(f"{func}: mu must hold eigenvalues > 0 (a positive definite A); "
                         f"got {describe(mu)}")
    top = 1.6
    for k, m in enumerate(np.sort(mu)):
        st = line_style(k)
        ax.plot(alphas, np.abs(1 - alphas * m), color=st["color"], linestyle=st["linestyle"],
                label=fr"$|1-\alpha\mu_{k + 1}|$, $\mu_{k + 1}$ = {m:g}")
    ax.axhline(1, color="grey", linewidth=0.8)
    mu_max = float(mu.max())
    edges = [0.0, TOO_SMALL_BELOW / mu_max, 1 / mu_max, 2 / mu_max, float(alphas.max())]
    for name, x0, x1 in zip(REGIMES, edges[:-1], edges[1:]):
        if x1 <= x0:
            continue
        ax.axvspan(x0, x1, color="grey", alpha=_BAND_ALPHA[name], linewidth=0)
        if x0 > edges[0]:
            ax.axvline(x0, color="0.45", linewidth=0.8, linestyle=":")
        ax.text((x0 + x1) / 2, top - 0.06, name, ha="center", va="top", fontsize=10)
    ax.set(title=title, xlim=(alphas.min(), alphas.max()), ylim=(0, top),
           xlabel=r"learning rate $\alpha$", ylabel="factor per step (size)")
    ax.legend(loc="lower right")
    return ax


def _inside(params: np.ndarray, xlim, ylim) -> np.ndarray:
    finite = np.all(np.isfinite(params), axis=1)
    with np.errstate(invalid="ignore"):
        return finite & (params[:, 0] >= xlim[0]) & (params[:, 0] <= xlim[1]) \
            & (params[:, 1] >= ylim[0]) & (params[:, 1] <= ylim[1])


def _draw_run(ax, params: np.ndarray, xlim, ylim, k: int) -> int | None:
    """Draw a path up to its first point outside the window (which the axes clip); say at
    which step it left. Returns that step, or None."""
    outside = np.flatnonzero(~_inside(params, xlim, ylim))
    if outside.size == 0:
        plot_path(ax, params, k=k, outline=True)
        return None
    left = int(outside[0])
    plot_path(ax, params[:left + 1], k=k, outline=True)
    ax.text(0.03, 0.03, f"leaves the plot at step {left}", transform=ax.transAxes,
            fontsize=10, bbox=dict(facecolor="white", edgecolor="0.7", pad=2), zorder=7)
    return left


def plot_regimes(runs: Sequence, f: Callable, xlim: Sequence[float], ylim: Sequence[float], *,
                 mu_max: float, steps: int = 30, batched: bool = False,
                 resolution: int = 80):
    """Runs of gradient descent from the same start, one panel each (two per row), on the
    same contours, titled with their regime.

    A run is drawn up to ``steps`` steps, or up to its first point outside the window: the
    panel then says at which step it left, so that a divergent run is one clear, growing
    zig-zag rather than lines crossing back and forth beyond the axes.

    Parameters
    ----------
    runs : sequence of bplib.optim.Trajectory
        The runs, each with a constant learning rate (its ``lrs``) and 2 parameters.
    f : callable
        The loss, as for ``viz.contour``.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    mu_max : float
        The largest eigenvalue of the curvature matrix, for the titles (α μ_max and the
        regime's name, from ``regime``).
    steps : int
        The most steps drawn per run.
    batched : bool
        Call ``f`` once with all the grid points.
    resolution : int
        Points per axis of the contour grid.

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> from bplib.optim import gradient_descent
    >>> A = np.diag([1.0, 10.0])
    >>> qf = lambda w: (0.5 * w @ A @ w, A @ w)
    >>> runs = [gradient_descent(qf, [-2.0, 1.0], lr, 20) for lr in (0.01, 0.1)]
    >>> fig = plot_regimes(runs, lambda w: qf(w)[0], (-2.5, 2.5), (-2.5, 2.5),
    ...                    mu_max=10, resolution=30)
    >>> print(fig.axes[1].get_title())
    good: α = 0.1, αμ$_{\\max}$ = 1.00
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_regimes"
    runs = list(runs)
    if not runs:
        raise ValueError(f"{func}: runs is empty; expected at least one Trajectory")
    mu_max = as_real(mu_max, "mu_max", func, low=0.0, low_open=True)
    steps = as_int(steps, "steps", func, low=1)
    rows = (len(runs) + 1) // 2
    cols = 1 if len(runs) == 1 else 2
    fig, axes = plt.subplots(rows, cols, figsize=(BASE_WIDTH, 3.25 * rows), squeeze=False,
                             sharex=True, sharey=True)
    for k, (ax, run) in enumerate(zip(axes.flat, runs)):
        params = as_float_array(run.params, f"runs[{k}].params", func, ndim=2, finite=False)
        lr = float(run.lrs[0]) if len(run.lrs) else 0.0
        _contour_panel(ax, f, xlim, ylim, batched=batched, resolution=resolution,
                       levels=12, lines=True)
        name = regime(lr, mu_max)
        _draw_run(ax, params[:steps + 1], xlim, ylim, _REGIME_STYLE[name])
        ax.set_title(f"{name}: α = {lr:g}, "
                     f"αμ$_{{\\max}}$ = {lr * mu_max:.2f}", fontsize=11)
        ax.label_outer()
    for ax in axes.flat[len(runs):]:
        ax.set_visible(False)
    return fig


def plot_regime_losses(ax, runs: Sequence, *, mu_max: float, min_loss: float = 0.0,
                       ylim: Sequence[float] | None = None):
    """The loss per step of several runs, one line each, labelled with their regime.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    runs : sequence of bplib.optim.Trajectory
        The runs, each with a constant learning rate.
    mu_max : float
        The largest eigenvalue of the curvature matrix (for the regimes' names).
    min_loss : float
        The minimum loss, subtracted before the log scale (0 for ½wᵀAw).
    ylim : tuple of float, optional
        The y range, for example ``(1e-12, 1e8)``.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> from bplib.optim import gradient_descent
    >>> A = np.diag([1.0, 10.0])
    >>> qf = lambda w: (0.5 * w @ A @ w, A @ w)
    >>> runs = [gradient_descent(qf, [-2.0, 1.0], lr, 20) for lr in (0.01, 0.1)]
    >>> fig, ax = plt.subplots()
    >>> _ = plot_regime_losses(ax, runs, mu_max=10)
    >>> [line.get_label() for line in ax.get_lines()]
    ['too small (α = 0.01)', 'good (α = 0.1)']
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_regime_losses"
    mu_max = as_real(mu_max, "mu_max", func, low=0.0, low_open=True)
    for k, run in enumerate(runs):
        losses = as_float_array(run.losses, f"runs[{k}].losses", func, ndim=1, finite=False)
        lr = float(run.lrs[0]) if len(run.lrs) else 0.0
        name = regime(lr, mu_max)
        st = line_style(_REGIME_STYLE[name])
        ax.semilogy(np.arange(len(losses)), _gap(losses, min_loss), color=st["color"],
                    linestyle=st["linestyle"], label=f"{name} (α = {lr:g})")
    ax.set(title="Loss per step", xlabel="step $t$",
           ylabel=r"$f(w_t) - f(w^\ast)$ (log scale)" if min_loss else r"$f(w_t)$ (log scale)")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend()
    return ax


def learning_rate_slider(loss_and_grad: Callable, f: Callable, w0: Sequence[float],
                         lrs: Sequence[float], xlim: Sequence[float], ylim: Sequence[float], *,
                         mu_max: float, steps: int = 25, alt: str, batched: bool = False,
                         resolution: int = 60, min_loss: float = 0.0,
                         ylim_loss: Sequence[float] = (1e-12, 1e8)):
    """A frame slider over the learning rate: each frame is ``plot_descent`` of a run of
    ``steps`` steps from ``w0``, titled with α, α μ_max and the regime's name.

    Parameters
    ----------
    loss_and_grad : callable
        ``w -> (loss, gradient)``, what ``bplib.optim.gradient_descent`` runs.
    f : callable
        The loss alone, for the contours (as for ``viz.contour``).
    w0 : array_like of shape (2,)
        The start of every run.
    lrs : sequence of float
        The learning rates, one frame each (5–9 keep the notebook small).
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    mu_max : float
        The largest eigenvalue of the curvature matrix (for the regime's name).
    steps : int
        Steps per run.
    alt : str
        What the slider shows, for readers who cannot see it.
    batched : bool
        Call ``f`` once with all the grid points.
    resolution : int
        Points per axis of the contour grid.
    min_loss : float
        The minimum loss (0 for ½wᵀAw), subtracted in the loss panel.
    ylim_loss : tuple of float
        The loss panel's y range, the same in every frame.

    Returns
    -------
    bplib.viz.FrameSlider

    Example
    -------
    >>> A = np.diag([1.0, 10.0])
    >>> slider = learning_rate_slider(lambda w: (0.5 * w @ A @ w, A @ w),
    ...                               lambda w: 0.5 * w @ A @ w, [-2.0, 1.0], [0.1, 0.21],
    ...                               (-2.5, 2.5), (-2.5, 2.5), mu_max=10, steps=5,
    ...                               resolution=20, alt="Two runs on the contours.")
    >>> slider.labels
    ['α = 0.1: good', 'α = 0.21: divergent']

    Explained in chapter 04 (Gradient descent).
    """
    from ..optim import gradient_descent
    from .anim import frame_slider

    func = "learning_rate_slider"
    as_callable(loss_and_grad, "loss_and_grad", func)
    mu_max = as_real(mu_max, "mu_max", func, low=0.0, low_open=True)
    steps = as_int(steps, "steps", func, low=1)
    fig, axes = plt.subplots(1, 2, figsize=figsize(0.5), width_ratios=[1, 1])

    def draw(lr):
        for ax in axes:
            ax.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # a divergent run warns
            run = gradient_descent(loss_and_grad, w0, lr=lr, steps=steps)
        name = regime(lr, mu_max)
        plot_descent(run, f, xlim, ylim, axes=axes, batched=batched, resolution=resolution,
                     lines=False, min_loss=min_loss, k=_REGIME_STYLE[name], legend=False,
                     title=f"{name}: α = {lr:g}, αμ$_{{\\max}}$ = {lr * mu_max:.2f}")
        axes[0].title.set_fontsize(11)
        axes[1].set(ylim=ylim_loss, title="Loss per step")

    return frame_slider(fig, draw, lrs, alt=alt,
                        label=lambda lr: f"α = {lr:g}: {regime(lr, mu_max)}")


def plot_minibatch_curves(full_batch: Sequence[float], batch_losses: Sequence[float],
                          minibatch_full: Sequence[float], *, n_samples: int, batch_size: int,
                          ylim: Sequence[float] = (0, 0.6)):
    """Full-batch against mini-batch training, per step (left) and per sample processed
    (right, log scale: the cost).

    Parameters
    ----------
    full_batch : array_like of shape (T,)
        The training loss of the full-batch run, before the first step and after each.
    batch_losses : array_like of shape (T,)
        The loss of each batch the mini-batch run drew (what its Trajectory records).
    minibatch_full : array_like of shape (T,)
        The full training loss at each of the mini-batch run's parameters.
    n_samples : int
        N, the samples a full-batch step processes.
    batch_size : int
        B, the samples a mini-batch step processes.
    ylim : tuple of float
        The loss axis' range.

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> t = np.arange(50)
    >>> fig = plot_minibatch_curves(np.exp(-t / 10), np.exp(-t / 10) + 0.05 * np.sin(t),
    ...                             np.exp(-t / 9), n_samples=100, batch_size=10,
    ...                             ylim=(0, 1.2))
    >>> [ax.get_xscale() for ax in fig.axes]
    ['linear', 'log']
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_minibatch_curves"
    full = as_float_array(full_batch, "full_batch", func, ndim=1)
    batch = as_float_array(batch_losses, "batch_losses", func, ndim=1)
    mb = as_float_array(minibatch_full, "minibatch_full", func, ndim=1)
    if not len(full) == len(batch) == len(mb):
        raise ValueError(f"{func}: full_batch, batch_losses and minibatch_full have lengths "
                         f"{len(full)}, {len(batch)}, {len(mb)}; expected one loss per step "
                         "of runs of the same length")
    N = as_int(n_samples, "n_samples", func, low=1)
    B = as_int(batch_size, "batch_size", func, low=1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize(0.5), sharey=True)
    t = np.arange(len(full))
    s0, s1, s2 = line_style(0), line_style(1), line_style(2)
    ax1.plot(t, batch, linewidth=0.7, color=s2["color"],
             label=f"mini-batch: loss of its batch (B = {B})")
    ax1.plot(t, full, color=s0["color"], linestyle=s0["linestyle"], label="full batch")
    ax1.plot(t, mb, color=s1["color"], linestyle=s1["linestyle"],
             label="mini-batch: full training loss")
    ax1.set(title="Per step", xlabel="step $t$", ylabel="softmax loss", ylim=ylim)
    ax2.plot(t[1:] * N, full[1:], color=s0["color"], linestyle=s0["linestyle"])
    ax2.plot(t[1:] * B, mb[1:], color=s1["color"], linestyle=s1["linestyle"])
    ax2.set(title="Per sample processed (the cost)", xscale="log",
            xlabel="samples processed (log scale)")
    fig.legend(*ax1.get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig


def plot_excess(ax, curves: Mapping[str, tuple], *, xlabel: str, title: str | None = None,
                xscale: str = "linear", markers: bool = False, floor: float = 1e-16,
                ylabel: str = "excess loss (log scale)", legend: bool | str = True):
    """Excess-loss curves (L − L*)/(L(w₀) − L*) on a log scale: 1 is the start, 0 the minimum.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : dict of str to (x, y)
        ``{label: (x, y)}``, one line per method (series style k for the k-th), for example
        loss evaluations against the best excess so far.
    xlabel : str
        The x-axis label.
    title : str, optional
        The axes title.
    xscale : str
        ``"linear"`` or ``"log"``.
    markers : bool
        Mark every point, and put the x ticks at the first curve's points (for a few
        points, such as one per dimension D).
    floor : float
        Values below it (round-off) are drawn at it.
    ylabel : str
        The y-axis label.
    legend : bool or str
        Add a legend (leave it out on a second panel with the same lines); a string places
        it (matplotlib's location words, ``"best"`` by default).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_excess(ax, {"descent": ([0, 4, 8], [1.0, 0.1, 0.0])},
    ...                 xlabel="loss evaluations")
    >>> ax.get_lines()[0].get_ydata().tolist()
    [1.0, 0.1, 1e-16]
    >>> plt.close(fig)

    Explained in chapter 04 (Gradient descent).
    """
    func = "plot_excess"
    floor = as_real(floor, "floor", func, low=0.0, low_open=True)
    for k, (label, pair) in enumerate(curves.items()):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"{func}: curves[{label!r}] must be a pair (x, y); got "
                            f"{describe(pair)}")
        x = as_float_array(pair[0], f"curves[{label!r}][0]", func, ndim=1)
        y = as_float_array(pair[1], f"curves[{label!r}][1]", func, ndim=1)
        if x.shape != y.shape:
            raise ValueError(f"{func}: curves[{label!r}] has {len(x)} x values and {len(y)} "
                             "y values; expected one y per x")
        st = line_style(k)
        ax.plot(x, np.maximum(y, floor), color=st["color"], linestyle=st["linestyle"],
                marker=st["marker"] if markers else None, label=label)
        if markers and k == 0:
            ticks = x
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set(yscale="log", xscale=xscale, xlabel=xlabel, ylabel=ylabel)
    if markers and curves:
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticks(ticks, labels=[f"{v:g}" for v in ticks])
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc=legend if isinstance(legend, str) else "best")
    return ax
