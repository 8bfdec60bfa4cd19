"""Figures of learning rates: schedules, loss curves with their noise floors, clouds of runs,
the learning-rate range test and a coarse-to-fine search over the rate.

- ``plot_schedules``: α_t against the step t, one line per schedule.
- ``plot_loss_curves``: losses against the step on a log scale, one line per run (a
  constant rate, a schedule), each with its predicted noise floor if given.
- ``plot_run_cloud``: where many independent runs end, as dots on the contours of a
  quadratic ½ Σ μ_i w_i².
- ``plot_range_test``: the loss of a range test against its growing rate, with the rates it
  suggests marked.
- ``plot_search_stages``: the score of every rate a (coarse-to-fine) random search over
  log₁₀ α tried, one marker per stage.

The k-th series of each figure is drawn in ``schedule_style(k)``: its colour, dash pattern
and marker all differ from the other series', so curves that run close together (cosine
decay and warm-up + cosine) stay apart, in greyscale too. The palette's pale colours (sky
blue, yellow) are left out. A chapter that draws the same schedules in several figures keeps
their order, and each keeps its look.

Explained in chapter 05 (Learning rate).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .._util import as_callable, as_choice, as_float_array, as_int, as_real, describe
from .style import legend_below

__all__ = ["SCHEDULE_STYLES", "schedule_style", "plot_schedules", "plot_loss_curves",
           "plot_run_cloud", "plot_range_test", "plot_search_stages"]

#: (colour, dash pattern, marker) of the series, in order: blue solid, orange dashed,
#: green dash-dot, vermillion dotted, black long dashes, reddish purple dash-dot-dot.
SCHEDULE_STYLES = [
    ("#0072B2", "-", "o"),
    ("#E69F00", (0, (5, 2)), "s"),
    ("#009E73", (0, (6, 2, 1.5, 2)), "^"),
    ("#D55E00", (0, (1, 1.3)), "D"),
    ("#000000", (0, (9, 3)), "v"),
    ("#CC79A7", (0, (4, 1.5, 1.5, 1.5, 1.5, 1.5)), "P"),
]
_MARKERS_PER_LINE = 8
_LEGENDS = ("below", "inside", "none")


def schedule_style(k: int, n: int | None = None) -> dict:
    """Colour, dash pattern and marker of the k-th series (and, for a line of ``n`` points,
    where its markers go).

    Parameters
    ----------
    k : int
        The series' number (0 for the first); styles repeat after ``len(SCHEDULE_STYLES)``.
    n : int, optional
        The number of points of the line. With it, ``markevery`` puts 8 markers along the
        line, shifted a little for each k so that the markers of close lines do not overlap.

    Returns
    -------
    dict
        ``color``, ``linestyle``, ``marker``, ``linewidth``, ``markersize`` (and
        ``markevery``), to pass to ``ax.plot(**...)``.

    Example
    -------
    >>> style = schedule_style(3, n=201)
    >>> style["color"], style["marker"], style["markevery"]
    ('#D55E00', 'D', (12, 25))

    Used for the figures of chapter 05 (Learning rate).
    """
    func = "schedule_style"
    k = as_int(k, "k", func, low=0)
    color, dashes, marker = SCHEDULE_STYLES[k % len(SCHEDULE_STYLES)]
    style = {"color": color, "linestyle": dashes, "marker": marker, "linewidth": 1.9,
             "markersize": 6.5, "markeredgecolor": "white", "markeredgewidth": 0.8}
    if n is not None:
        n = as_int(n, "n", func, low=1)
        every = max(1, n // _MARKERS_PER_LINE)
        style["markevery"] = ((k % len(SCHEDULE_STYLES)) * every // len(SCHEDULE_STYLES),
                              every)
    return style


def _columns(labels) -> int:
    """Columns of a legend below the axes: 3 for short labels, 2 for long ones or four."""
    n = len(labels)
    if n <= 3:
        return n
    return 2 if n == 4 or max(map(len, labels)) > 20 else 3


def _legend(ax, where: str, ncols: int, func: str):
    where = as_choice(where, "legend", func, _LEGENDS)
    if where == "below":
        legend_below(ax, ncols=ncols)
    elif where == "inside":
        ax.legend(loc="best")


def plot_schedules(ax, schedules: Mapping[str, Callable[[int], float]], T: int, *,
                   title: str | None = None, legend: str = "below") -> dict:
    """Draw learning-rate schedules, α_t against the step t = 0, 1, …, T.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    schedules : dict of str to callable
        ``{name: schedule}``; a schedule maps an integer step t ≥ 0 to a rate (for example
        ``bplib.schedules.cosine_decay(1.0, 200)``). The k-th is drawn in
        ``schedule_style(k)``.
    T : int
        The last step drawn (≥ 1).
    title : str, optional
        The axes title.
    legend : {"below", "inside", "none"}
        Where the legend goes: below the axes in 3 columns (the default), inside them, or
        nowhere.

    Returns
    -------
    dict of str to ndarray
        The rates drawn, ``{name: (T + 1,) array}``.

    Example
    -------
    >>> from bplib import schedules
    >>> fig, ax = plt.subplots()
    >>> rates = plot_schedules(ax, {"cosine": schedules.cosine_decay(1.0, 10)}, T=10)
    >>> rates["cosine"][[0, 5, 10]].round(3)
    array([1. , 0.5, 0. ])
    >>> plt.close(fig)

    Explained in chapter 05 (Learning rate).
    """
    func = "plot_schedules"
    T = as_int(T, "T", func, low=1)
    if not schedules:
        raise ValueError(f"{func}: schedules is empty; expected at least one "
                         "{name: schedule} entry")
    steps = np.arange(T + 1)
    rates = {}
    for k, (name, schedule) in enumerate(schedules.items()):
        as_callable(schedule, f"schedules[{name!r}]", func)
        values = as_float_array([schedule(int(t)) for t in steps],
                                f"the rates of schedules[{name!r}]", func)
        rates[name] = values
        ax.plot(steps, values, label=name, **schedule_style(k, T + 1))
    top = max(float(np.max(v)) for v in rates.values())
    ax.set_ylim(0, 1.06 * top if top > 0 else 1.0)
    ax.set_xlim(0, T)
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"learning rate $\alpha_t$")
    if title:
        ax.set_title(title)
    _legend(ax, legend, _columns(list(rates)), func)
    return rates


def plot_loss_curves(ax, curves: Mapping[str, Sequence[float]], *,
                     steps: Sequence[float] | None = None,
                     floors: Mapping[str, float] | None = None, title: str | None = None,
                     ylabel: str = "loss (log scale)", ylim: Sequence[float] | None = None,
                     legend: str = "below"):
    """Losses against the step on a log scale, one line per run, each with its noise floor.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    curves : dict of str to array_like of shape (M,)
        ``{label: losses}``, all > 0 (a log scale); the k-th is drawn in
        ``schedule_style(k)``.
    steps : array_like of shape (M,), optional
        The step of each value; 0, 1, …, M − 1 by default (every curve then needs the same
        length M).
    floors : dict of str to float, optional
        ``{label: level}`` for some of the curves: a thin black dashed line, drawn over the
        curve, at the level its loss is predicted to settle on (the noise floor).
    title : str, optional
        The axes title.
    ylabel : str
        The y-axis label.
    ylim : tuple of float, optional
        ``(low, high)`` of the y axis, for frames of a slider that must share it.
    legend : {"below", "inside", "none"}
        Where the legend goes: below the axes (the default), inside them, or nowhere.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> curve = 0.1 + np.exp(-np.arange(50) / 5)
    >>> ax = plot_loss_curves(ax, {"α = 0.1": curve}, floors={"α = 0.1": 0.1})
    >>> ax.get_yscale(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('log', ['α = 0.1', 'predicted floor'])
    >>> plt.close(fig)

    Explained in chapter 05 (Learning rate).
    """
    func = "plot_loss_curves"
    if not curves:
        raise ValueError(f"{func}: curves is empty; expected at least one {{label: losses}} "
                         "entry")
    floors = dict(floors or {})
    for label in floors:
        if label not in curves:
            raise ValueError(f"{func}: floors has the label {label!r}, which is not in "
                             f"curves ({', '.join(map(repr, curves))}); expected a floor "
                             "per curve label")
    xs = None if steps is None else as_float_array(steps, "steps", func, ndim=1)
    for k, (label, values) in enumerate(curves.items()):
        name = f"curves[{label!r}]"
        values = as_float_array(values, name, func, ndim=1)
        if np.any(values <= 0):
            at = int(np.argmax(values <= 0))
            raise ValueError(f"{func}: {name} must be > 0 on a log scale; got "
                             f"{values[at]:g} at index {at}")
        x = np.arange(len(values)) if xs is None else xs
        if len(x) != len(values):
            raise ValueError(f"{func}: {name} has {len(values)} values but steps has "
                             f"{len(x)}; expected one loss per step")
        style = schedule_style(k, len(values))
        ax.plot(x, values, label=label, **style)
        if label in floors:
            level = as_real(floors[label], f"floors[{label!r}]", func, low=0.0,
                            low_open=True)
            ax.axhline(level, color="black", linewidth=1.1, linestyle=(0, (3, 2)),
                       zorder=4)
    ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*map(float, ylim))
    ax.set_xlabel("step $t$")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if floors and legend != "none":
        ax.plot([], [], color="black", linewidth=1.1, linestyle=(0, (3, 2)),
                label="predicted floor")
    labels = [*curves, *(["predicted floor"] if floors else [])]
    _legend(ax, legend, _columns(labels), func)
    return ax


def plot_run_cloud(ax, points, mu: Sequence[float], *, box: float = 1.5,
                   title: str | None = None, levels: int = 12):
    """Where many runs end: one dot per run, on the filled contours of f(w) = ½ Σ μ_i w_i².

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on (drawn square).
    points : array_like of shape (K, 2)
        The final parameters of the K runs, one per row.
    mu : array_like of shape (2,)
        The eigenvalues μ₁, μ₂ > 0 of the quadratic's matrix (its curvatures along w₁, w₂).
    box : float
        Half the side of the square drawn, [−box, box]².
    title : str, optional
        The axes title.
    levels : int
        The number of filled contour levels (filled only, no lines: small frames).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> cloud = np.random.default_rng(0).normal(scale=0.1, size=(100, 2))
    >>> ax = plot_run_cloud(ax, cloud, mu=[1.0, 4.0], title="100 runs")
    >>> len(ax.collections[-1].get_offsets()), ax.get_title()
    (100, '100 runs')
    >>> plt.close(fig)

    Explained in chapter 05 (Learning rate).
    """
    func = "plot_run_cloud"
    points = as_float_array(points, "points", func, ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"{func}: points must have shape (K, 2), one run per row; got "
                         f"shape {points.shape} (pass run.final.T for parameters of shape "
                         "(2, K))")
    mu = as_float_array(mu, "mu", func, ndim=1)
    if mu.shape != (2,) or np.any(mu <= 0):
        raise ValueError(f"{func}: mu must hold 2 eigenvalues > 0; got {mu}")
    box = as_real(box, "box", func, low=0.0, low_open=True)
    levels = as_int(levels, "levels", func, low=2)
    grid = np.linspace(-box, box, 60)
    W1, W2 = np.meshgrid(grid, grid)
    ax.contourf(W1, W2, 0.5 * (mu[0] * W1 ** 2 + mu[1] * W2 ** 2), levels=levels)
    ax.scatter(points[:, 0], points[:, 1], s=7, color="white", edgecolors="black",
               linewidths=0.35, zorder=3)
    ax.set(xlim=(-box, box), ylim=(-box, box), xlabel="$w_1$", ylabel="$w_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_range_test(ax, lrs: Sequence[float], losses: Sequence[float],
                    smoothed: Sequence[float] | None = None, *,
                    marks: Mapping[str, float] | None = None,
                    ylim: Sequence[float] | None = None,
                    title: str = "Learning-rate range test"):
    """The loss of a learning-rate range test against its rate, on a log axis of rates.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    lrs : array_like of shape (M,)
        The rate of each step, all > 0 (growing).
    losses : array_like of shape (M,)
        The loss after each step (the batch loss: noisy; non-finite values of a diverged
        end are left out).
    smoothed : array_like of shape (M,), optional
        The same losses smoothed (for example a moving average), drawn over them.
    marks : dict of str to float, optional
        ``{label: rate}``, vertical lines at the rates the test suggests, labelled
        "label, α ≈ rate" (for example the steepest fall and the lowest loss).
    ylim : tuple of float, optional
        ``(low, high)`` of the y axis (the loss shoots up at the end: cut it off).
    title : str
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> lrs = np.geomspace(1e-3, 1e2, 50)
    >>> loss = 1 / (1 + lrs) + lrs ** 2 / 100
    >>> ax = plot_range_test(ax, lrs, loss, marks={"lowest loss": lrs[loss.argmin()]})
    >>> ax.get_xscale(), [t.get_text() for t in ax.get_legend().get_texts()][-1]
    ('log', 'lowest loss, α ≈ 2.95')
    >>> plt.close(fig)

    Explained in chapter 05 (Learning rate).
    """
    func = "plot_range_test"
    lrs = as_float_array(lrs, "lrs", func, ndim=1)
    if np.any(lrs <= 0):
        raise ValueError(f"{func}: lrs must hold rates > 0 for a log axis; got a minimum of "
                         f"{lrs.min():g}")
    series = {"batch loss": losses}
    if smoothed is not None:
        series["smoothed"] = smoothed
    for name, values in series.items():
        values = as_float_array(values, name.replace("batch loss", "losses"), func, ndim=1,
                                finite=False)
        if values.shape != lrs.shape:
            raise ValueError(f"{func}: {name.replace('batch loss', 'losses')} has shape "
                             f"{values.shape} but lrs has shape {lrs.shape}; expected one "
                             "loss per rate")
        thin = name == "batch loss"
        ax.plot(lrs, values, label=name, color="#0072B2" if thin else "#E69F00",
                linestyle="-" if thin else (0, (5, 2)), linewidth=0.8 if thin else 2.2,
                alpha=0.55 if thin else 1.0)
    for k, (label, rate) in enumerate((marks or {}).items()):
        rate = as_real(rate, f"marks[{label!r}]", func, low=0.0, low_open=True)
        ax.axvline(rate, color=("#009E73", "#D55E00", "#000000")[k % 3], linewidth=1.4,
                   linestyle=("-", (0, (4, 2)), ":")[k % 3], label=f"{label}, α ≈ {rate:.2f}")
    ax.set_xscale("log")
    if ylim is not None:
        ax.set_ylim(*map(float, ylim))
    ax.set_xlabel("learning rate α (log scale)")
    ax.set_ylabel("loss")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


def plot_search_stages(ax, stages: Mapping[str, object], *, mark: float | None = None,
                       mark_label: str = "range test: lowest loss", title: str | None = None,
                       ylabel: str = "validation loss (log scale)"):
    """The score of every learning rate a random search over log₁₀ α tried, one marker per
    stage (coarse, fine, …), on log-log axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    stages : dict of str to SearchResult
        ``{label: result}``, results of ``bplib.search.random_search`` (or any object with
        a ``history`` of ``(point, score)`` pairs) over one variable, log₁₀ α. Each point is
        drawn at α = 10**point; non-finite scores (diverged runs) are left out. The k-th
        stage is drawn in ``schedule_style(k)``.
    mark : float, optional
        A rate to mark with a grey dashed vertical line (for example the range test's).
    mark_label : str
        The legend entry of ``mark``.
    title : str, optional
        The axes title.
    ylabel : str
        The y-axis label.

    Returns
    -------
    dict of str to int
        How many points of each stage were drawn.

    Example
    -------
    >>> from bplib.search import random_search
    >>> fig, ax = plt.subplots()
    >>> score = lambda p: 1 + (p[0] - 0.5) ** 2
    >>> coarse = random_search(score, [(-3, 2)], n_iters=8, rng=0)
    >>> plot_search_stages(ax, {"coarse": coarse}, mark=3.0)
    {'coarse': 8}
    >>> plt.close(fig)

    Explained in chapter 05 (Learning rate).
    """
    func = "plot_search_stages"
    if not stages:
        raise ValueError(f"{func}: stages is empty; expected at least one {{label: result}} "
                         "entry")
    drawn = {}
    for k, (label, result) in enumerate(stages.items()):
        history = getattr(result, "history", None)
        if history is None:
            raise TypeError(f"{func}: stages[{label!r}] must be a search result with a "
                            f"history of (point, score) pairs; got {describe(result)}")
        rows = []
        for point, score in history:
            point = np.atleast_1d(np.asarray(point, dtype=float))
            if point.shape != (1,):
                raise ValueError(f"{func}: stages[{label!r}] searched {point.size} "
                                 "variables; expected a search over one variable, log10 α")
            if np.isfinite(score):
                rows.append((10 ** point[0], float(score)))
        rows = np.array(rows).reshape(-1, 2)
        style = schedule_style(k)
        ax.scatter(rows[:, 0], rows[:, 1], color=style["color"], marker=style["marker"],
                   s=42, edgecolors="white", linewidths=0.6, label=label, zorder=3)
        drawn[label] = len(rows)
    if mark is not None:
        mark = as_real(mark, "mark", func, low=0.0, low_open=True)
        ax.axvline(mark, color="grey", linewidth=1.2, linestyle=(0, (4, 2)),
                   label=mark_label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    # ticks at 1, 2, 3, 5 × 10^k, written as plain numbers (0.3, 1, 5), no minor ticks
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("constant learning rate α (log scale)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper center")
    return drawn

