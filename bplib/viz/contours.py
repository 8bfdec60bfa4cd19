"""Contour plots of a 2-parameter loss, with points (evaluations) and paths (trajectories).

Used for the figures of chapter 01 (Loss functions), the loss landscape; used for grid search in chapter 02
(Grid search), random search in chapter 03 (Random search) and gradient descent in chapter 04
(Gradient descent).
"""

from __future__ import annotations

from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .._util import as_callable, as_float_array, as_int
from .style import CMAP, figsize, line_style


def evaluate_on_grid(f: Callable, xlim: Sequence[float], ylim: Sequence[float],
                     resolution: int = 100, batched: bool = False):
    """Evaluate a function of 2 parameters on a regular grid.

    Parameters
    ----------
    f : callable
        A function of a point ``w`` of shape (2,) returning a float, or with
        ``batched=True`` a function of an (M, 2) array returning M values.
    xlim : tuple of float
        ``(low, high)`` of the first parameter, w₁ (the x axis).
    ylim : tuple of float
        ``(low, high)`` of the second parameter, w₂ (the y axis).
    resolution : int
        Points per axis, at least 2.
    batched : bool
        Call ``f`` once with all the points.

    Returns
    -------
    xs : ndarray of shape (resolution,)
        The values of w₁.
    ys : ndarray of shape (resolution,)
        The values of w₂.
    Z : ndarray of shape (resolution, resolution)
        ``Z[i, j] = f([xs[j], ys[i]])`` (rows follow y, as ``contourf`` expects).

    Example
    -------
    >>> def f(w):
    ...     return w[0] ** 2 + w[1] ** 2
    >>> xs, ys, Z = evaluate_on_grid(f, (-1, 1), (-1, 1), resolution=3)
    >>> Z
    array([[2., 1., 2.],
           [1., 0., 1.],
           [2., 1., 2.]])

    Used for the figures of chapter 01 (Loss functions).
    """
    as_callable(f, "f", "evaluate_on_grid")
    resolution = as_int(resolution, "resolution", "evaluate_on_grid", low=2)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    XX, YY = np.meshgrid(xs, ys)
    points = np.stack([XX.ravel(), YY.ravel()], axis=1)
    if batched:
        values = np.asarray(f(points), dtype=float)
    else:
        values = np.array([f(p) for p in points], dtype=float)
    return xs, ys, values.reshape(XX.shape)


def contour(f: Callable, xlim: Sequence[float], ylim: Sequence[float], *, ax=None,
            resolution: int = 100, levels: int = 20, log: bool = False, batched: bool = False,
            title: str | None = None, xlabel: str = "$w_1$", ylabel: str = "$w_2$",
            colorbar: bool = True):
    """Filled contour plot of ``f`` over a rectangle; returns the axes.

    Parameters
    ----------
    f : callable
        The loss, as for ``evaluate_on_grid``.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of the book's width by default.
    resolution : int
        Points per axis of the evaluation grid.
    levels : int
        The number of contour levels.
    log : bool
        Space the levels logarithmically above the minimum, for losses spanning many
        decades (the colour bar then shows loss − min).
    batched : bool
        Call ``f`` once with all the points.
    title : str, optional
        The axes title.
    xlabel : str
        The x-axis label.
    ylabel : str
        The y-axis label.
    colorbar : bool
        Add a colour bar.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> ax = contour(lambda w: w @ w, (-2, 2), (-2, 2), title="‖w‖²")
    >>> ax.get_title()
    '‖w‖²'
    >>> plt.close("all")

    Used for the figures of chapter 01 (Loss functions).
    """
    xs, ys, Z = evaluate_on_grid(f, xlim, ylim, resolution, batched)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize(0.78))
    if log:
        Zp = Z - Z.min() + 1e-3 * (np.ptp(Z) + 1e-12)
        lv = np.geomspace(Zp.min(), Zp.max(), levels)
        cs = ax.contourf(xs, ys, Zp, levels=lv, cmap=CMAP, norm=plt.matplotlib.colors.LogNorm())
        ax.contour(xs, ys, Zp, levels=lv, colors="white", linewidths=0.4, alpha=0.6)
    else:
        cs = ax.contourf(xs, ys, Z, levels=levels, cmap=CMAP)
        ax.contour(xs, ys, Z, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    if colorbar:
        ax.figure.colorbar(cs, ax=ax, format="%.2g",
                           label="loss − min (log scale)" if log else "loss")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_aspect("auto")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_points(ax, points, *, label: str | None = None, k: int = 1, size: float = 14,
                alpha: float = 0.8):
    """Scatter evaluated points on a contour plot, in series style ``k``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The contour plot.
    points : array_like of shape (M, 2)
        The points evaluated, one per row.
    label : str, optional
        The legend entry.
    k : int
        The series style (``line_style(k)``): colour and marker.
    size : float
        Marker area in points².
    alpha : float
        Opacity of the markers.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_points(ax, [[0, 0], [1, 1]], label="evaluated")
    >>> ax.collections[0].get_offsets().shape
    (2, 2)
    >>> plt.close(fig)

    Used for the figures of chapter 03 (Random search).
    """
    pts = as_float_array(points, "points", "plot_points", ndim=2)
    st = line_style(k)
    ax.scatter(pts[:, 0], pts[:, 1], s=size, c=st["color"], marker=st["marker"], alpha=alpha,
               edgecolors="black", linewidths=0.4, label=label, zorder=3)
    return ax


def plot_path(ax, path, *, label: str | None = None, k: int = 1, markevery: int | None = None,
              outline: bool = False):
    """Draw a trajectory with its start (hollow circle) and its end (star) marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The contour plot.
    path : array_like of shape (T, 2)
        The parameters after each step, the start first; non-finite entries (a divergence)
        are allowed.
    label : str, optional
        The legend entry.
    k : int
        The series style (``line_style(k)``): colour, dash pattern and marker.
    markevery : int, optional
        Mark every n-th step only (long paths).
    outline : bool
        Draw the path over a white outline, so that it stands out on contours of any colour
        (a green path on viridis' greens, for example).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_path(ax, [[2, 2], [1, 0.5], [0, 0]], label="descent")
    >>> ax.lines[0].get_xdata().tolist()
    [2.0, 1.0, 0.0]
    >>> plt.close(fig)

    Used for the figures of chapter 04 (Gradient descent).
    """
    p = as_float_array(path, "path", "plot_path", ndim=2, finite=False)
    st = line_style(k)
    if outline:   # a solid white line under the styled one (no legend entry)
        ax.plot(p[:, 0], p[:, 1], color="white", linewidth=3.4, alpha=0.85, zorder=3.9,
                label="_outline")
    ax.plot(p[:, 0], p[:, 1], color=st["color"], linestyle=st["linestyle"], marker=st["marker"],
            markersize=3.5, markevery=markevery, linewidth=1.6, label=label, zorder=4)
    ax.plot(*p[0], marker="o", color="white", markeredgecolor=st["color"], markersize=7, zorder=5)
    ax.plot(*p[-1], marker="*", color=st["color"], markeredgecolor="black", markersize=11, zorder=5)
    return ax


def mark_best(ax, point, *, label: str = "best", k: int = 5):
    """Mark one point (the best found, the optimum) with a large star.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The contour plot.
    point : array_like
        The point; its first two entries are drawn.
    label : str
        The legend entry.
    k : int
        The series style (``line_style(k)``) of the star's colour.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = mark_best(ax, [1.2, -0.6])
    >>> ax.lines[0].get_label()
    'best'
    >>> plt.close(fig)

    Used for the figures of chapter 02 (Grid search).
    """
    st = line_style(k)
    ax.plot(*np.asarray(point, dtype=float)[:2], marker="*", markersize=16, color=st["color"],
            markeredgecolor="black", linestyle="none", label=label, zorder=6)
    return ax
