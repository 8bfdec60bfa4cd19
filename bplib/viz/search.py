"""Figures of searches that only evaluate the loss (chapter 03): where a search looked, what it
tried of the one parameter that matters, darts in a box of D dimensions, the best loss so far
at an equal budget, annealing walks on a frame slider, and hyperparameter trials.

Every function takes the ``SearchResult`` objects of ``bplib.search`` as they are (their
``history`` of ``(point, score)`` pairs) and draws at the book's width (``viz.figsize``) in
its palette: evaluated points as white dots with a black rim, the best point as an orange
star (``mark_best``), the optimum as a white cross. Lines drawn over a filled contour map get
a white halo, so that they stand out on every colour of the map.

Explained in chapter 03 (Random search).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import numpy as np

from .._util import as_callable, as_float_array, as_int, describe
from .anim import FrameSlider, frame_slider
from .contours import contour, evaluate_on_grid, mark_best
from .style import CMAP, PALETTE, figsize, legend_below, line_style

__all__ = ["search_points", "plot_designs", "plot_projections", "plot_darts",
           "plot_hit_probability", "darts_slider", "plot_budget_curves", "walk_slider",
           "plot_trials"]

#: Colours of the chapter's marks: a hit dart, a miss, the tried values of a parameter.
HIT_COLOR, MISS_COLOR = PALETTE[5], "0.6"
#: White halo under lines drawn on a filled contour map.
HALO = [path_effects.Stroke(linewidth=4.0, foreground="white"), path_effects.Normal()]


# ─── reading a search ─────────────────────────────────────────────────────────────────────

def search_points(result) -> tuple[np.ndarray, np.ndarray]:
    """The points a search evaluated and their scores, in evaluation order.

    Parameters
    ----------
    result : bplib.search.SearchResult
        What ``grid_search``, ``random_search``, ``simulated_annealing`` or
        ``genetic_search`` returned.

    Returns
    -------
    points : ndarray of shape (M, d)
        One evaluated point per row.
    scores : ndarray of shape (M,)
        Their scores (NaN and inf included, as recorded).

    Example
    -------
    >>> from bplib.search import random_search
    >>> r = random_search(lambda w: float(w @ w), [(-1, 1), (-1, 1)], 5, rng=0)
    >>> points, scores = search_points(r)
    >>> points.shape, scores.shape
    ((5, 2), (5,))

    Explained in chapter 03 (Random search).
    """
    history = getattr(result, "history", None)
    if not isinstance(history, list):
        raise TypeError(f"search_points: result must be a SearchResult of bplib.search (with a "
                        f"history of (point, score) pairs); got {describe(result)}")
    if not history:
        raise ValueError("search_points: result.history is empty; expected at least one "
                         "evaluated point")
    points = np.array([np.ravel(p) for p, _ in history], dtype=float)
    scores = np.array([s for _, s in history], dtype=float)
    return points, scores


def _check_panels(results, titles, func: str) -> tuple[list, list[str]]:
    results = list(results)
    titles = [str(t) for t in titles]
    if not results:
        raise ValueError(f"{func}: results is empty; expected at least one SearchResult")
    if len(titles) != len(results):
        raise ValueError(f"{func}: got {len(results)} results but {len(titles)} titles; "
                         "expected one title per result")
    return results, titles


def _new_axes(axes, shape: tuple[int, int], aspect: float, func: str, **kwargs):
    """The caller's axes (checked against ``shape``) or a new figure of the book's width."""
    if axes is None:
        _, axes = plt.subplots(*shape, figsize=figsize(aspect), squeeze=False, **kwargs)
        return axes
    axes = np.asarray(axes, dtype=object).reshape(-1)
    if axes.size != shape[0] * shape[1]:
        raise ValueError(f"{func}: axes holds {axes.size} axes; expected "
                         f"{shape[0] * shape[1]} ({shape[0]} × {shape[1]})")
    return axes.reshape(shape)


def _evaluated(ax, points, *, label: str | None = "evaluated points", size: float = 3.5):
    ax.plot(points[:, 0], points[:, 1], "o", ms=size, mfc="white", mec="black", mew=0.6,
            linestyle="none", label=label, zorder=3)


def _optimum(ax, point, label: str = r"optimum $w^\star$"):
    ax.plot(*np.asarray(point, dtype=float)[:2], "X", ms=11, color="white", mec="black",
            mew=1.0, linestyle="none", label=label, zorder=7)


# ─── designs on a contour map ─────────────────────────────────────────────────────────────

def plot_designs(f: Callable, results: Sequence, titles: Sequence[str], xlim: Sequence[float],
                 ylim: Sequence[float], *, optimum=None, log: bool = False,
                 batched: bool = False, resolution: int = 60, axes=None):
    """Searches of the same 2-parameter loss side by side: in each panel the loss's contour
    map, every point the search evaluated, its best point (star) and the optimum (cross).

    Parameters
    ----------
    f : callable
        The loss, as for ``contour`` (``batched=True``: an (M, 2) array to M values).
    results : sequence of SearchResult
        One search per panel, drawn left to right.
    titles : sequence of str
        One title per panel (a ``\\n`` makes two lines in a narrow panel).
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    optimum : array_like of shape (2,), optional
        The exact minimizer, drawn as a white cross.
    log : bool
        Log-spaced contour levels (``contour(log=True)``).
    batched : bool
        Call ``f`` once with all the grid's points.
    resolution : int
        Points per axis of the contour map.
    axes : sequence of matplotlib.axes.Axes, optional
        One axes per result; a new figure of the book's width by default.

    Returns
    -------
    ndarray of matplotlib.axes.Axes
        The panels, left to right; the legend is below them.

    Example
    -------
    >>> from bplib.search import random_search
    >>> f = lambda w: float(w @ w)
    >>> r = random_search(f, [(-1, 1), (-1, 1)], 9, rng=0)
    >>> axes = plot_designs(f, [r], ["9 darts"], (-1, 1), (-1, 1), optimum=[0, 0])
    >>> axes[0].get_title()
    '9 darts'
    >>> plt.close("all")

    Explained in chapter 03 (Random search).
    """
    results, titles = _check_panels(results, titles, "plot_designs")
    n = len(results)
    axes = _new_axes(axes, (1, n), 0.5 if n == 2 else 0.8 / n, "plot_designs",
                     sharey=True)[0]
    for k, (ax, result, title) in enumerate(zip(axes, results, titles)):
        points, _ = search_points(result)
        contour(f, xlim, ylim, ax=ax, batched=batched, log=log, resolution=resolution,
                colorbar=False, title=title, ylabel="$w_2$" if k == 0 else "")
        _evaluated(ax, points)
        if result.best is not None:
            mark_best(ax, result.best, label="best point")
        if optimum is not None:
            _optimum(ax, optimum)
    fig = axes[0].figure
    engine = fig.get_layout_engine()
    if hasattr(engine, "set") and "wspace" in engine.get():
        engine.set(wspace=0.06)                  # the panels' tick labels stay apart
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))
    return axes


def plot_projections(f: Callable, along: Callable, results: Sequence, titles: Sequence[str],
                     xlim: Sequence[float], ylim: Sequence[float], *, batched: bool = True,
                     resolution: int = 80, axes=None):
    """What each search tried of the parameter that matters: on top, the points on the
    contour map of a loss that depends (almost) only on w₁; below, the same points projected
    onto w₁, as ticks on the curve of the loss along w₁, with the best one starred.

    Parameters
    ----------
    f : callable
        The 2-parameter loss, as for ``contour``.
    along : callable
        The loss as a function of w₁ alone, vectorized (an array of w₁ to as many losses).
    results : sequence of SearchResult
        One search per column.
    titles : sequence of str
        One title per column.
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    batched : bool
        Call ``f`` once with all the grid's points.
    resolution : int
        Points per axis of the contour map.
    axes : 2 × n array of matplotlib.axes.Axes, optional
        Top row the maps, bottom row the projections; a new figure by default.

    Returns
    -------
    ndarray of shape (2, n) of matplotlib.axes.Axes

    Example
    -------
    >>> from bplib.search import random_search
    >>> well = lambda u: -np.exp(-u ** 2)
    >>> f = lambda P: well(P[:, 0])
    >>> r = random_search(f, [(-2, 2), (-2, 2)], 10, rng=0, batched=True)
    >>> axes = plot_projections(f, well, [r], ["10 darts"], (-2, 2), (-2, 2))
    >>> axes.shape
    (2, 1)
    >>> plt.close("all")

    Explained in chapter 03 (Random search).
    """
    results, titles = _check_panels(results, titles, "plot_projections")
    as_callable(along, "along", "plot_projections")
    n = len(results)
    axes = _new_axes(axes, (2, n), 0.74, "plot_projections", sharex=True,
                     height_ratios=[1.6, 1])
    u = np.linspace(*xlim, 400)
    for k, (result, title) in enumerate(zip(results, titles)):
        top, bottom = axes[0, k], axes[1, k]
        points, _ = search_points(result)
        contour(f, xlim, ylim, ax=top, batched=batched, resolution=resolution, colorbar=False,
                title=title, xlabel="", ylabel="$w_2$" if k == 0 else "")
        _evaluated(top, points, size=4)
        tried = points[:, 0]
        bottom.plot(u, along(u), color="0.35", linewidth=1.5, label="loss along $w_1$")
        bottom.plot(tried, along(tried), "|", color=PALETTE[0], markersize=16, mew=2,
                    linestyle="none", label="tried values of $w_1$")
        if result.best is not None:
            b = float(result.best[0])
            bottom.plot(b, along(np.array([b]))[0], "*", color=PALETTE[5], mec="black",
                        markersize=15, linestyle="none", label="best", zorder=5)
        bottom.set(xlabel="$w_1$, the parameter that matters",
                   ylabel="loss" if k == 0 else "")
    axes[1, 0].legend(loc="lower left", fontsize=9)
    return axes


# ─── darts in a box ───────────────────────────────────────────────────────────────────────

def plot_darts(ax, darts, *, radius: float = 1.0, expected: float | None = None,
               title: str | None = None, legend: bool = False):
    """Darts in a box of D dimensions, seen through their first two coordinates: a hit (a
    dart within Euclidean distance ``radius`` of the centre, over all D coordinates together,
    Σ w_k² ≤ radius²) is an orange dot, a miss a grey one; the circle is the ball's outline in
    this view.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    darts : array_like of shape (M, D), D ≥ 2
        The darts, one per row, centred on the origin.
    radius : float
        The radius of the target ball.
    expected : float, optional
        The expected number of hits, named in the title.
    title : str, optional
        The title; by default "D = …: h hits of M" (and the expected number).
    legend : bool
        Add a legend (miss, hit) in the lower left corner.

    Returns
    -------
    int
        The number of hits.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> plot_darts(ax, [[0.1, 0.2, 0.1], [0.9, 0.9, 0.9]])
    1
    >>> print(ax.get_title())
    D = 3
    1 hit of 2
    >>> plt.close(fig)

    Explained in chapter 03 (Random search).
    """
    darts = as_float_array(darts, "darts", "plot_darts", ndim=2)
    if darts.shape[1] < 2:
        raise ValueError(f"plot_darts: darts has shape {darts.shape}; expected at least 2 "
                         "coordinates per dart (columns), the first two are drawn")
    hit = (darts ** 2).sum(axis=1) <= radius ** 2
    ax.plot(darts[~hit, 0], darts[~hit, 1], ".", ms=3, color=MISS_COLOR, linestyle="none",
            label="miss")
    ax.plot(darts[hit, 0], darts[hit, 1], "o", ms=3.5, color=HIT_COLOR, mec="none",
            linestyle="none", label="hit")
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(radius * np.cos(t), radius * np.sin(t), color="black", linewidth=1.2)
    hits = int(hit.sum())
    if title is None:
        title = _darts_title(darts.shape[1], hits, len(darts), expected)
    spec = ax.get_subplotspec()
    first_column = spec is None or spec.is_first_col()
    ax.set(title=title, xlabel="$w_1$", ylabel="$w_2$" if first_column else "",
           aspect="equal")
    if legend:
        ax.legend(loc="lower left", markerscale=2, framealpha=0.95)
    return hits


def _darts_title(D: int, hits: int, n: int, expected: float | None) -> str:
    title = f"D = {D}\n{hits} hit{'' if hits == 1 else 's'} of {n}"
    return title if expected is None else title + f" (expected {expected:.1f})"


def plot_hit_probability(ax, p: Callable[[int], float], d_max: int = 20, *,
                         measured: Mapping[int, float] | None = None,
                         n_darts: int | None = None, highlight: int | None = None):
    """The probability that a dart hits the target ball against the dimension D, on a log
    scale: the formula as a line, measured fractions as dots, one dimension highlighted.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    p : callable
        ``p(D)``, the probability of a hit in dimension D.
    d_max : int
        The largest dimension drawn (from 1).
    measured : mapping of int to float, optional
        Measured fractions of hits, by dimension.
    n_darts : int, optional
        How many darts each measurement threw, for the legend.
    highlight : int, optional
        A dimension to mark with a large ring (the frame slider's current D).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_hit_probability(ax, lambda D: 0.5 ** D, 10, measured={1: 0.49})
    >>> ax.get_yscale(), len(ax.get_lines())
    ('log', 2)
    >>> plt.close(fig)

    Explained in chapter 03 (Random search).
    """
    as_callable(p, "p", "plot_hit_probability")
    d_max = as_int(d_max, "d_max", "plot_hit_probability", low=1)
    dims = np.arange(1, d_max + 1)
    ax.semilogy(dims, [p(int(d)) for d in dims], **line_style(0), markersize=0,
                label="formula $V_D\\,r^D / (2a)^D$")
    if measured:
        darts = ""
        if n_darts:
            count = f"{n_darts:,}".replace(",", "\u2009")     # 200 000, a thin space
            darts = f", {count} darts each"
        ax.semilogy(list(measured), list(measured.values()), "o", color=PALETTE[1],
                    mec="black", mew=0.5, linestyle="none", label=f"measured{darts}")
    if highlight is not None:
        ax.semilogy([highlight], [p(int(highlight))], "o", ms=13, mfc="none",
                    mec=HIT_COLOR, mew=2.5, linestyle="none", label=f"D = {highlight}")
    ax.set(title="Probability that a dart hits", xlabel="number of parameters $D$",
           ylabel="probability of a hit")
    ax.set_xticks([1, 5, 10, 15, 20][: 1 + sum(t <= d_max for t in (5, 10, 15, 20))])
    ax.legend(loc="lower left")
    return ax


def darts_slider(p: Callable[[int], float], dims: Sequence[int], n_darts: int = 1000, *,
                 rng: np.random.Generator | int = 0, alt: str | None = None) -> FrameSlider:
    """A frame slider over the dimension D: on the left ``n_darts`` uniform darts in
    [−1, 1]^D seen through two coordinates (hits orange), on the right the probability of a
    hit against D with the current D ringed.

    Parameters
    ----------
    p : callable
        ``p(D)``, the probability that a dart lands in the unit ball.
    dims : sequence of int
        The dimensions, one frame each (each at least 2).
    n_darts : int
        Darts per frame.
    rng : numpy Generator or int
        Where the darts come from (a seed gives the same frames every time).
    alt : str
        What the slider shows, for readers who cannot see it.

    Returns
    -------
    FrameSlider

    Example
    -------
    >>> slider = darts_slider(lambda D: 0.5 ** D, [2, 3], 50,
    ...                       alt="Darts in 2 and 3 dimensions.")
    >>> slider
    <frame slider: 2 frames, D = 2 … D = 3>

    Explained in chapter 03 (Random search).
    """
    as_callable(p, "p", "darts_slider")
    dims = [as_int(d, "dims", "darts_slider", low=2) for d in dims]
    n_darts = as_int(n_darts, "n_darts", "darts_slider", low=1)
    gen = np.random.default_rng(rng)
    darts = {d: gen.uniform(-1, 1, size=(n_darts, d)) for d in dims}
    fig, (left, right) = plt.subplots(1, 2, figsize=figsize(0.5), layout="constrained",
                                      width_ratios=[1, 1.25])
    plot_darts(left, darts[dims[0]])
    left.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05))
    miss, hit = (line for line in left.get_lines() if line.get_label() in ("miss", "hit"))
    plot_hit_probability(right, p, max(20, max(dims)))
    ring, = right.semilogy([], [], "o", ms=13, mfc="none", mec=HIT_COLOR, mew=2.5,
                           linestyle="none", label="this frame's D")
    right.legend(loc="lower left")

    def draw(d):                  # move the artists; redrawing them all would be slower
        pts = darts[d]
        inside = (pts ** 2).sum(axis=1) <= 1.0
        miss.set_data(pts[~inside, 0], pts[~inside, 1])
        hit.set_data(pts[inside, 0], pts[inside, 1])
        left.set_title(_darts_title(d, int(inside.sum()), n_darts, n_darts * p(d)))
        ring.set_data([d], [p(d)])

    return frame_slider(fig, draw, dims, alt=alt, label="D = {}")


# ─── an equal budget ──────────────────────────────────────────────────────────────────────

def plot_budget_curves(ax, curves: Mapping[str, Sequence], *, grid=None,
                       grid_label: str = "grid", switch: int | None = None,
                       title: str | None = None):
    """The best loss found so far against the number of evaluations, one line per method:
    the median over seeds, with a band from the 25th to the 75th percentile; the grid's
    single result as a square at its median with bars to its quartiles; a dotted grey line
    where a method switches. The legend, below the axes, names the methods; say in the
    caption that lines are medians and bands quartiles.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw (the y axis is made logarithmic).
    curves : mapping of str to array_like of shape (S, B)
        For each method, S runs (seeds) of B best-so-far values, one per evaluation.
    grid : array_like of shape (S,), optional
        The grid's best loss on each seed, drawn after the last evaluation.
    grid_label : str
        The grid's legend entry.
    switch : int, optional
        An evaluation to mark with a vertical grey line (random + annealing's switch).
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> runs = np.minimum.accumulate(np.random.default_rng(0).random((5, 30)), axis=1)
    >>> _ = plot_budget_curves(ax, {"random": runs}, grid=[0.1, 0.2, 0.3])
    >>> [line.get_label() for line in ax.get_lines()][:1]
    ['random']
    >>> plt.close(fig)

    Explained in chapter 03 (Random search).
    """
    if not curves:
        raise ValueError("plot_budget_curves: curves is empty; expected at least one method")
    budget = None
    for k, (name, runs) in enumerate(curves.items()):
        runs = as_float_array(runs, f"curves[{name!r}]", "plot_budget_curves", ndim=2)
        if budget is not None and runs.shape[1] != budget:
            raise ValueError(f"plot_budget_curves: curves[{name!r}] has {runs.shape[1]} "
                             f"evaluations per run; expected {budget}, as the first method")
        budget = runs.shape[1]
        evals = np.arange(1, budget + 1)
        lo, mid, hi = np.percentile(runs, [25, 50, 75], axis=0)
        style = line_style(k)
        ax.fill_between(evals, lo, hi, color=style["color"], alpha=0.2, linewidth=0)
        ax.plot(evals, mid, color=style["color"], linestyle=style["linestyle"], linewidth=2,
                label=name)
    if grid is not None:
        grid = as_float_array(grid, "grid", "plot_budget_curves", ndim=1)
        q25, q50, q75 = np.percentile(grid, [25, 50, 75])
        ax.errorbar([budget * 1.02], [q50], yerr=[[q50 - q25], [q75 - q50]], fmt="s",
                    color=PALETTE[3], mec="black", capsize=4, label=grid_label)
    if switch is not None:
        ax.axvline(switch, color="grey", linewidth=0.9, linestyle=":")
    ax.set(yscale="log", xlabel="evaluations of the loss", ylabel="best loss so far")
    if title:
        ax.set_title(title)
    legend_below(ax, ncols=2)
    return ax


# ─── walks on a bumpy loss ────────────────────────────────────────────────────────────────

def walk_slider(f: Callable, walks: Mapping[str, np.ndarray], steps: Sequence[int], *,
                xlim: Sequence[float], ylim: Sequence[float],
                temperatures: Sequence[float] | None = None, alt: str | None = None,
                batched: bool = True) -> FrameSlider:
    """A frame slider of random walks on a 2-parameter loss, step by step. Left, the loss's
    contour map with each walk's path so far, its start (ring) and where it is now (large
    dot); right, the loss at each walk's position against the step. The temperature at the
    current step is in the title.

    The map is drawn in light greys (darker is lower) and the walks in strong
    colour-blind-safe colours with a white halo, so that they stand out everywhere on it:
    the first walk blue and dashed, the second vermillion and solid, the third bluish green.

    Parameters
    ----------
    f : callable
        The loss, as for ``evaluate_on_grid``.
    walks : mapping of str to array_like of shape (T, 2)
        The walks' positions after each step, the start first, by legend name.
    steps : sequence of int
        The steps shown, one frame each (0 is the start).
    xlim : tuple of float
        ``(low, high)`` of w₁.
    ylim : tuple of float
        ``(low, high)`` of w₂.
    temperatures : sequence of float, optional
        The temperature at each step, named in the title.
    alt : str
        What the slider shows, for readers who cannot see it.
    batched : bool
        ``f`` takes an (M, 2) array of points and returns M values (else one point).

    Returns
    -------
    FrameSlider

    Example
    -------
    >>> walk = np.array([[1.0, 1.0], [0.5, 0.8], [0.1, 0.2]])
    >>> walk_slider(lambda P: (P ** 2).sum(axis=1), {"walk": walk}, [0, 2],
    ...             xlim=(-1, 1), ylim=(-1, 1), alt="A walk to the centre.")
    <frame slider: 2 frames, step 0 … step 2>

    Explained in chapter 03 (Random search).
    """
    as_callable(f, "f", "walk_slider")
    if not walks:
        raise ValueError("walk_slider: walks is empty; expected at least one walk")
    paths = {name: as_float_array(w, f"walks[{name!r}]", "walk_slider", ndim=2)
             for name, w in walks.items()}
    for name, path in paths.items():
        if path.shape[1] != 2 or len(path) == 0:
            raise ValueError(f"walk_slider: walks[{name!r}] has shape {path.shape}; expected "
                             "(T, 2), one 2-D position per step")
    length = min(len(p) for p in paths.values())
    steps = [as_int(s, "steps", "walk_slider", low=0) for s in steps]
    if not steps or max(steps) >= length:
        raise ValueError(f"walk_slider: steps is {describe(steps)}; expected steps from 0 to "
                         f"{length - 1} (the shortest walk has {length} positions)")
    losses = {name: (np.asarray(f(p), dtype=float) if batched
                     else np.array([f(q) for q in p], dtype=float))
              for name, p in paths.items()}
    xs, ys, Z = evaluate_on_grid(f, xlim, ylim, 80, batched=batched)
    fig, (ax, curve) = plt.subplots(1, 2, figsize=figsize(0.5), layout="constrained",
                                    width_ratios=[1, 1.05])
    greys = plt.get_cmap("Greys")(np.linspace(0.45, 0.04, 256))      # dark = low
    ax.contourf(xs, ys, Z, levels=12, cmap=plt.matplotlib.colors.ListedColormap(greys))
    ax.contour(xs, ys, Z, levels=12, colors="0.5", linewidths=0.4)
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=xlim, ylim=ylim, aspect="equal")
    ax.grid(False)
    curve.set(xlabel="step", ylabel="loss at the walk's position", yscale="log",
              xlim=(0, length - 1))
    top = max(np.nanmax(v[np.isfinite(v)]) for v in losses.values())
    bottom = min(np.nanmin(v[np.isfinite(v)]) for v in losses.values())
    curve.set_ylim(bottom / 1.5, top * 1.5)
    styles = [(PALETTE[0], "--"), (PALETTE[5], "-"), (PALETTE[2], "-.")]
    artists = []
    for k, (name, path) in enumerate(paths.items()):
        color, dash = styles[k % len(styles)]
        ax.plot(*path[0], "o", ms=9, mfc="white", mec=color, mew=2, zorder=5)
        line, = ax.plot([], [], color=color, linestyle=dash, linewidth=2.2,
                        path_effects=HALO, zorder=4)
        head, = ax.plot([], [], "o", ms=10, color=color, mec="white", mew=1.5, zorder=6)
        trace, = curve.plot([], [], color=color, linestyle=dash, linewidth=1.8, label=name)
        artists.append((line, head, trace, path, losses[name]))
    curve.legend(loc="upper right")

    def draw(t):
        for line, head, trace, path, loss in artists:
            line.set_data(path[:t + 1, 0], path[:t + 1, 1])
            head.set_data([path[t, 0]], [path[t, 1]])
            trace.set_data(np.arange(t + 1), loss[:t + 1])
        title = f"step {t}"
        if temperatures is not None and len(temperatures):
            title += f", temperature T = {temperatures[min(t, len(temperatures) - 1)]:.3g}"
        fig.suptitle(title)

    return frame_slider(fig, draw, steps, alt=alt, label="step {}")


# ─── hyperparameter trials ────────────────────────────────────────────────────────────────

def plot_trials(results: Sequence, titles: Sequence[str], *, xlabel: str, ylabel: str,
                value: Callable[[np.ndarray], np.ndarray] = lambda s: 1 - s,
                colour_label: str = "validation accuracy", vmin: float = 0.0,
                vmax: float = 1.0, axes=None):
    """Trials of a 2-hyperparameter search, one panel per search: each trial a dot coloured
    by its value (validation accuracy, by default 1 − score), a diverged trial (NaN score) a
    black cross, the best trial a star; one colour bar for all panels.

    Parameters
    ----------
    results : sequence of SearchResult
        One search per panel, over the same two hyperparameters.
    titles : sequence of str
        One title per panel.
    xlabel : str
        The first hyperparameter's label.
    ylabel : str
        The second hyperparameter's label.
    value : callable
        Turns the array of scores into what the colour shows.
    colour_label : str
        The colour bar's label.
    vmin : float
        The value at the bottom of the colour map.
    vmax : float
        The value at the top of the colour map.
    axes : sequence of matplotlib.axes.Axes, optional
        One axes per result; a new figure of the book's width by default.

    Returns
    -------
    ndarray of matplotlib.axes.Axes

    Example
    -------
    >>> from bplib.search import random_search
    >>> r = random_search(lambda h: float(h @ h) / 2, [(0, 1), (0, 1)], 8, rng=0)
    >>> axes = plot_trials([r], ["8 trials"], xlabel="a", ylabel="b")
    >>> len(axes[0].collections)
    1
    >>> plt.close("all")

    Explained in chapter 03 (Random search).
    """
    results, titles = _check_panels(results, titles, "plot_trials")
    as_callable(value, "value", "plot_trials")
    n = len(results)
    axes = _new_axes(axes, (1, n), 0.5, "plot_trials", sharey=True)[0]
    for k, (ax, result, title) in enumerate(zip(axes, results, titles)):
        points, scores = search_points(result)
        ok = np.isfinite(scores)
        dots = ax.scatter(points[ok, 0], points[ok, 1], c=value(scores[ok]), cmap=CMAP,
                          vmin=vmin, vmax=vmax, s=55, edgecolors="black", linewidths=0.5,
                          zorder=3)
        ax.plot(points[~ok, 0], points[~ok, 1], "x", color="black", ms=9, mew=2,
                linestyle="none", label="diverged (NaN)")
        if result.best is not None:
            mark_best(ax, result.best, label="best trial")
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel if k == 0 else "")
    fig = axes[0].figure
    fig.colorbar(dots, ax=list(axes), label=colour_label)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2)
    return axes

