"""Figures of chapter 02: what a grid search evaluates, how its error falls with the
resolution, and how its cost grows with the dimension.

- ``plot_grid_search``: the loss as a contour map with the grid's points, its best point
  (star) and the exact minimizer (cross), and a magnified inset around the minimizer, where
  the two markers and the nearest grid points are told apart.
- ``grid_frames``: the same contour map for a frame slider over the grid's resolution (it
  returns the figure and the function that draws one grid on it).
- ``plot_resolution_error``: the measured excess loss of the best grid point and its upper
  bound against the number of points per axis, on log-log axes.
- ``plot_grid_cost``: the number of evaluations k^d against the dimension d for several k,
  and the measured time, side by side.

The chapter runs the searches (``bplib.search.grid_search``) and hands the results over;
these functions only draw.

Explained in chapter 02 (Grid search).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from .._util import as_float_array, as_real, describe
from .contours import contour, evaluate_on_grid, mark_best
from .style import CMAP, figsize, line_style

__all__ = ["plot_grid_search", "grid_frames", "plot_resolution_error", "plot_grid_cost"]

_POINTS = {"marker": "o", "mfc": "white", "mec": "black", "mew": 0.4, "linestyle": "none"}
_CROSS = {"marker": "X", "color": "white", "markeredgecolor": "black", "linestyle": "none"}


def _point(value, name: str, func: str) -> np.ndarray:
    p = as_float_array(value, name, func, ndim=1)
    if p.shape != (2,):
        raise ValueError(f"{func}: {name} must be a point (w1, w2); got shape {p.shape}")
    return p


def _points(value, func: str) -> np.ndarray:
    pts = as_float_array(value, "points", func, ndim=2)
    if pts.shape[1] != 2 or len(pts) == 0:
        raise ValueError(f"{func}: points must have shape (M, 2), one grid point per row; got "
                         f"shape {pts.shape}")
    return pts


def plot_grid_search(f: Callable, xlim: Sequence[float], ylim: Sequence[float],
                     points: Sequence, best: Sequence[float], minimizer: Sequence[float], *,
                     batched: bool = False, zoom: float | None = 0.5,
                     title: str | None = None) -> Figure:
    """A grid search on a contour map: the points tried, the best one, the exact minimizer.

    The loss is drawn as ``viz.contour`` draws it with ``log=True`` (darker is lower). Grid
    points are small white dots, the best grid point a star (``viz.mark_best``), the exact
    minimizer a white cross drawn above the star. With ``zoom``, an inset in the upper left
    corner magnifies the square of half-width ``zoom`` around the minimizer, where the star,
    the cross and the grid points near them are far enough apart to be seen: a white
    magnifier with the loss's contour lines in grey (no fill, whose colours would not match
    the main map's); a frame on the main map shows where it looks.

    Parameters
    ----------
    f : callable
        The loss, as for ``viz.contour``.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    points : array_like of shape (M, 2)
        The grid points evaluated.
    best : array_like of shape (2,)
        The best grid point.
    minimizer : array_like of shape (2,)
        The exact minimizer.
    batched : bool
        ``f`` takes an (M, 2) array and returns M values.
    zoom : float, optional
        Half-width of the inset's square around the minimizer; ``None`` for no inset.
    title : str, optional
        The title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``fig.axes[0]`` is the map, ``fig.inset`` the inset (or ``None``).

    Example
    -------
    >>> pts = [[x, y] for x in (-1, 0, 1) for y in (-1, 0, 1)]
    >>> fig = plot_grid_search(lambda w: w @ w, (-1, 1), (-1, 1), pts, [0, 0], [0.1, 0],
    ...                        zoom=0.4, title="t")
    >>> fig.axes[0].get_title(), [round(float(v), 2) for v in fig.inset.get_xlim()]
    ('t', [-0.3, 0.5])
    >>> plt.close(fig)

    Explained in chapter 02 (Grid search).
    """
    func = "plot_grid_search"
    pts = _points(points, func)
    best = _point(best, "best", func)
    w_star = _point(minimizer, "minimizer", func)
    if zoom is not None:
        zoom = as_real(zoom, "zoom", func, low=0.0, low_open=True)
    fig, ax = plt.subplots(figsize=figsize(0.8))
    contour(f, xlim, ylim, ax=ax, batched=batched, log=True, colorbar=False, title=title)
    _draw_search(ax, pts, best, w_star, dot=2.5)
    ax.legend(loc="lower left")
    ax.set_aspect("equal", adjustable="box")
    fig.inset = None
    if zoom is not None:
        inset = ax.inset_axes([0.02, 0.56, 0.42, 0.42])
        lo, hi = w_star - zoom, w_star + zoom
        xs, ys, Z = evaluate_on_grid(f, (lo[0], hi[0]), (lo[1], hi[1]), 60, batched)
        Zp = Z - Z.min() + 1e-3 * (np.ptp(Z) + 1e-12)
        inset.contour(xs, ys, Zp, levels=np.geomspace(Zp.min(), Zp.max(), 12)[1:],
                      colors="0.55", linewidths=0.7)
        inset.set_facecolor("white")
        inset.grid(False)
        _draw_search(inset, pts, best, w_star, dot=6, legend=False)
        inset.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xticks=[], yticks=[])
        inset.set_aspect("equal", adjustable="box")
        for spine in inset.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor("0.25")
            spine.set_linewidth(1.2)
        ax.indicate_inset_zoom(inset, edgecolor="white", alpha=0.9, linewidth=1.2)
        fig.inset = inset
    return fig


def _draw_search(ax, pts, best, w_star, *, dot: float, legend: bool = True) -> None:
    ax.plot(pts[:, 0], pts[:, 1], ms=dot, **_POINTS, label="grid points" if legend else None,
            zorder=4)
    mark_best(ax, best, label="best grid point" if legend else "_best")
    ax.plot(*w_star, markersize=9, zorder=7, **_CROSS,
            label=r"exact minimizer $w^\star$" if legend else None)


def grid_frames(f: Callable, xlim: Sequence[float], ylim: Sequence[float],
                minimizer: Sequence[float], *, batched: bool = False, zoom: float = 1.25,
                resolution: int = 60) -> tuple[Figure, Callable]:
    """A figure for a frame slider over grids, and the function that draws one grid on it.

    Left, the loss as a filled contour map (log-spaced levels, no contour lines, which keeps
    frames small); right, the square of half-width ``zoom`` around the minimizer, magnified,
    with the loss's contour lines in grey on white. Both show the exact minimizer as a white
    cross, drawn once. ``update(points, best, title)`` replaces the previous grid's points and
    best point (a hollow star, so that the cross stays visible when the two meet) in both
    panels and sets the figure's title. The layout is computed once, so that the panels stay
    in place from frame to frame.

    Parameters
    ----------
    f : callable
        The loss, as for ``viz.evaluate_on_grid``.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    minimizer : array_like of shape (2,)
        The exact minimizer.
    batched : bool
        ``f`` takes an (M, 2) array and returns M values.
    zoom : float
        Half-width of the magnified square around the minimizer.
    resolution : int
        Points per axis of the maps' evaluation grids.

    Returns
    -------
    (fig, update)
        The figure (7.2 in wide) and ``update``.

    Example
    -------
    >>> fig, update = grid_frames(lambda w: w @ w + 1, (-1, 1), (-1, 1), [0, 0],
    ...                           zoom=0.5, resolution=5)
    >>> update([[-1, -1], [0, 0], [1, 1]], [0, 0], "k = 3")
    >>> fig.get_suptitle(), len(fig.axes[1].get_lines()[0].get_xdata())
    ('k = 3', 3)
    >>> plt.close(fig)

    Explained in chapter 02 (Grid search).
    """
    func = "grid_frames"
    w_star = _point(minimizer, "minimizer", func)
    zoom = as_real(zoom, "zoom", func, low=0.0, low_open=True)
    fig, (ax, ax_z) = plt.subplots(1, 2, figsize=figsize(0.56))
    xs, ys, Z = evaluate_on_grid(f, xlim, ylim, resolution, batched)
    Zp = Z - Z.min() + 1e-3 * (np.ptp(Z) + 1e-12)
    ax.contourf(xs, ys, Zp, levels=np.geomspace(Zp.min(), Zp.max(), 14), cmap=CMAP,
                norm=LogNorm())
    lo, hi = w_star - zoom, w_star + zoom
    xs, ys, Z = evaluate_on_grid(f, (lo[0], hi[0]), (lo[1], hi[1]), resolution, batched)
    Zp = Z - Z.min() + 1e-3 * (np.ptp(Z) + 1e-12)
    ax_z.contour(xs, ys, Zp, levels=np.geomspace(Zp.min(), Zp.max(), 12)[1:], colors="0.6",
                 linewidths=0.7)
    ax_z.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), title=r"near $w^\star$, magnified")
    ax.set(xlim=tuple(xlim), ylim=tuple(ylim), title="the whole square")
    ax.add_patch(plt.Rectangle(lo, 2 * zoom, 2 * zoom, fill=False, edgecolor="white",
                               linewidth=1.2, zorder=8))
    star = line_style(5)["color"]
    drawn = []                           # (points, best) of each panel, redrawn per frame
    for a, dot in ((ax, 3), (ax_z, 6)):
        a.set(xlabel="$w_1$", ylabel="$w_2$")
        a.set_aspect("equal", adjustable="box")
        a.grid(False)
        drawn.append((a.plot([], [], ms=dot, **_POINTS, label="grid points", zorder=4)[0],
                      a.plot([], [], marker="*", markersize=17, mfc="none", mec=star,
                             mew=2.2, linestyle="none", zorder=6,
                             label="best grid point")[0]))
        a.plot(*w_star, markersize=10, zorder=7, **_CROSS, label=r"exact minimizer $w^\star$")
    ax_z.set_ylabel("")
    fig.legend(*ax_z.get_legend_handles_labels(), loc="outside lower center", ncols=3)
    heading = fig.suptitle(" ")
    # lay the figure out once, for the longest title a frame is likely to get, and keep
    # that layout: the panels then stay in place from frame to frame
    heading.set_text("k = 000: excess loss 0.000e-00")
    fig.canvas.draw()
    fig.set_layout_engine("none")

    def update(points: Sequence, best: Sequence[float], title: str = "") -> None:
        pts = _points(points, "grid_frames.update")
        b = _point(best, "best", "grid_frames.update")
        for dots, best_star in drawn:
            dots.set_data(pts[:, 0], pts[:, 1])
            best_star.set_data([b[0]], [b[1]])
        heading.set_text(title)

    return fig, update


def plot_resolution_error(ax, ks: Sequence[int], gaps: Sequence[float],
                          bounds: Sequence[float], *,
                          bound_label: str = r"bound $\mu_{\max} h^2 / 4$",
                          title: str | None = "Error of a 2-D grid search vs its resolution"):
    """The measured excess loss of a grid search and its bound against the resolution.

    Log-log axes: points per axis ``k`` on x, the loss above the minimum on y; the
    measurement in series style 0 with markers, the bound in style 1 (dashed).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    ks : sequence of int
        Points per axis of each grid.
    gaps : sequence of float
        ``L(best grid point) - L*`` of each grid, ≥ 0 (a 0 is drawn at the axis' bottom).
    bounds : sequence of float
        The bound of each grid, > 0.
    bound_label : str
        The bound's legend entry.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_resolution_error(ax, [5, 10], [0.3, 0.02], [3.0, 0.6])
    >>> ax.get_xscale(), len(ax.get_lines())
    ('log', 2)
    >>> plt.close(fig)

    Explained in chapter 02 (Grid search).
    """
    func = "plot_resolution_error"
    k = as_float_array(ks, "ks", func, ndim=1)
    g = as_float_array(gaps, "gaps", func, ndim=1)
    b = as_float_array(bounds, "bounds", func, ndim=1)
    if not (k.shape == g.shape == b.shape) or len(k) == 0:
        raise ValueError(f"{func}: ks, gaps and bounds must have one entry per grid; got "
                         f"lengths {len(k)}, {len(g)}, {len(b)}")
    if np.any(k < 2) or np.any(g < 0) or np.any(b <= 0):
        raise ValueError(f"{func}: expected ks ≥ 2, gaps ≥ 0 and bounds > 0; got ks="
                         f"{describe(ks)}, gaps={describe(gaps)}, bounds={describe(bounds)}")
    floor = 0.5 * float(np.min(np.r_[g[g > 0], b]))
    ax.loglog(k, np.maximum(g, floor), **line_style(0),
              label=r"measured $L(w_\mathrm{grid}) - L(w^\star)$")
    ax.loglog(k, b, color=line_style(1)["color"], linestyle=line_style(1)["linestyle"],
              label=bound_label)
    ax.set(xlabel="points per axis $k$ (evaluations: $k^2$)",
           ylabel="loss above the minimum")
    ax.set_xticks(k, labels=[f"{v:g}" for v in k])
    ax.xaxis.set_minor_locator(NullLocator())
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return ax


def plot_grid_cost(counts: Mapping[int, int], seconds: Mapping[int, float] | None = None, *,
                   ks: Sequence[int] = (3, 5, 10), k: int = 5) -> Figure:
    """The cost of a grid against the dimension: evaluations, and the measured time.

    Left, the measured numbers of evaluations (dots) and the curves ``k^d`` for each of
    ``ks`` on a log scale, where exponential growth is a straight line. Right (when
    ``seconds`` is given), the measured time of each search, on a log scale too.

    Parameters
    ----------
    counts : dict of int to int
        ``{d: evaluations}`` measured with ``k`` points per axis.
    seconds : dict of int to float, optional
        ``{d: seconds}`` measured for the same searches.
    ks : sequence of int
        The points per axis of the ``k^d`` curves.
    k : int
        The points per axis of the measured searches (named in the legend and title).

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> fig = plot_grid_cost({1: 5, 2: 25, 3: 125}, {1: 1e-4, 2: 2e-4, 3: 5e-4})
    >>> [ax.get_yscale() for ax in fig.axes]
    ['log', 'log']
    >>> plt.close(fig)

    Explained in chapter 02 (Grid search).
    """
    func = "plot_grid_cost"
    if not isinstance(counts, Mapping) or not counts:
        raise TypeError(f"{func}: counts must be a non-empty dict of dimension to number of "
                        f"evaluations; got {describe(counts)}")
    dims = np.array(sorted(counts), dtype=float)
    n = as_float_array([counts[d] for d in sorted(counts)], "counts", func, ndim=1)
    panels = 2 if seconds is not None else 1
    fig, axes = plt.subplots(1, panels, figsize=figsize(0.45 if panels == 2 else 0.6),
                             squeeze=False)
    ax1 = axes[0][0]
    ax1.semilogy(dims, n, "o", color=line_style(0)["color"], markersize=7,
                 label=f"measured, $k = {k}$", zorder=3)
    for j, kk in enumerate(ks):
        st = line_style(j + 1)
        ax1.semilogy(dims, float(kk) ** dims, color=st["color"], linestyle=st["linestyle"],
                     label=f"$k^d$, $k = {kk}$")
    ax1.set(title="Evaluations of a grid", xlabel="dimension $d$",
            ylabel="number of evaluations")
    ax1.legend(loc="upper left", fontsize=10)
    if seconds is not None:
        if set(seconds) != set(counts):
            raise ValueError(f"{func}: seconds has dimensions {sorted(seconds)} but counts has "
                             f"{sorted(counts)}; expected the same searches")
        t = as_float_array([seconds[d] for d in sorted(counts)], "seconds", func, ndim=1)
        ax2 = axes[0][1]
        ax2.semilogy(dims, t * 1e3, **line_style(0))
        ax2.set(title=f"Measured time ($k = {k}$)", xlabel="dimension $d$",
                ylabel="time (ms)")
    return fig
