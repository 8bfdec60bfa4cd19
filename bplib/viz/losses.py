"""Figures of chapter 01: how the softmax and SVM losses respond to a score, and what a loss
looks like on a two-parameter slice of the weights.

- ``plot_score_losses``: both losses of one sample against the score of its correct class,
  with the point where the hinge reaches 0 marked.
- ``plot_class_probabilities``: a bar chart of one sample's softmax probabilities, the
  correct class in its own colour.
- ``score_frames``: the two side by side, probabilities and losses, for a frame slider that
  moves the correct-class score (it returns the figure and the function that redraws it).
- ``plot_loss_slices``: filled contour maps of several losses over the same slice
  ``W0 + a A + b B``, on one logarithmic colour scale of the loss above its lowest value.

Each function draws what it is given: the chapter computes the losses with ``bplib.losses``
and hands the numbers over, so the figure shows the library's values.

Explained in chapter 01 (Loss functions).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator

from .._util import as_callable, as_float_array, as_int, as_real, describe
from .contours import evaluate_on_grid
from .style import CMAP, PALETTE, figsize, line_style

__all__ = ["plot_score_losses", "plot_class_probabilities", "score_frames",
           "plot_loss_slices"]

#: Legend entries of the two losses, in the order of their series styles (0 and 1).
LOSS_LABELS = ("softmax (cross-entropy)", "multiclass SVM (hinge)")


def _curves(s_correct, softmax, hinge, func: str):
    s = as_float_array(s_correct, "s_correct", func, ndim=1)
    out = [s]
    for name, values in (("softmax", softmax), ("hinge", hinge)):
        v = as_float_array(values, name, func, ndim=1)
        if v.shape != s.shape:
            raise ValueError(f"{func}: {name} has shape {v.shape} but s_correct has shape "
                             f"{s.shape}; expected one loss per score")
        out.append(v)
    if len(s) < 2 or np.any(np.diff(s) <= 0):
        raise ValueError(f"{func}: s_correct must be at least 2 increasing scores; got "
                         f"{describe(s_correct)}")
    return out


def plot_score_losses(ax, s_correct: Sequence[float], softmax: Sequence[float],
                      hinge: Sequence[float], *, others: Sequence[float] = (1.0, 0.0),
                      margin: float = 1.0, annotate: bool = True,
                      title: str | None = "Loss of one sample as its correct-class score grows"):
    """Both losses of one sample against the score of its correct class.

    The softmax loss is drawn in series style 0 (solid), the hinge in style 1 (dashed), and a
    grey vertical line marks the score from which the hinge is 0: the largest wrong score
    plus the margin.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    s_correct : array_like of shape (M,)
        Increasing scores of the correct class, the x values.
    softmax : array_like of shape (M,)
        The softmax loss at each score.
    hinge : array_like of shape (M,)
        The multiclass SVM loss at each score.
    others : sequence of float
        The wrong classes' scores, fixed (named in the x label).
    margin : float
        The SVM's margin.
    annotate : bool
        Write "hinge is 0 from here" next to the grey line.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> s = np.linspace(-1, 3, 5)
    >>> _ = plot_score_losses(ax, s, np.log1p(np.exp(1 - s)), np.maximum(0, 2 - s))
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['softmax (cross-entropy)', 'multiclass SVM (hinge)']
    >>> plt.close(fig)

    Explained in chapter 01 (Loss functions).
    """
    func = "plot_score_losses"
    s, sm, hg = _curves(s_correct, softmax, hinge, func)
    others = as_float_array(others, "others", func, ndim=1)
    if others.size == 0:
        raise ValueError(f"{func}: others is empty; expected the scores of the wrong classes")
    margin = as_real(margin, "margin", func, low=0.0)
    zero_from = float(others.max() + margin)
    ax.plot(s, sm, **_line(0), label=LOSS_LABELS[0])
    ax.plot(s, hg, **_line(1), label=LOSS_LABELS[1])
    ax.axvline(zero_from, color="0.45", linewidth=1.0, zorder=1)
    if annotate:
        ax.annotate("hinge is 0 from here:\n$s_y \\geq \\max_{j \\neq y} s_j + "
                    f"{margin:g}$", (zero_from, 0.55 * float(max(sm.max(), hg.max()))),
                    xytext=(6, 0), textcoords="offset points", fontsize=10)
    wrong = ", ".join(f"{v:g}" for v in others)
    ax.set(xlabel=f"score of the correct class $s_y$ (others: {wrong})", ylabel="loss",
           ylim=(0, None), xlim=(s[0], s[-1]))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right")
    return ax


def _line(k: int) -> dict:
    style = line_style(k)
    return {"color": style["color"], "linestyle": style["linestyle"]}


def plot_class_probabilities(ax, probs: Sequence[float], *, correct: int = 0,
                             title: str | None = None):
    """A bar chart of one sample's class probabilities, the correct class highlighted.

    Bars of the wrong classes are grey; the correct class has the first series colour and
    its probability written above its bar.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    probs : array_like of shape (C,)
        The softmax probabilities, in [0, 1].
    correct : int
        The index of the correct class.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.container.BarContainer
        The bars, whose heights ``update`` functions can set.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> bars = plot_class_probabilities(ax, [0.7, 0.2, 0.1])
    >>> [round(float(b.get_height()), 1) for b in bars]
    [0.7, 0.2, 0.1]
    >>> plt.close(fig)

    Explained in chapter 01 (Loss functions).
    """
    func = "plot_class_probabilities"
    p = _probabilities(probs, func)
    correct = as_int(correct, "correct", func, low=0)
    if correct >= len(p):
        raise ValueError(f"{func}: correct is {correct} but there are {len(p)} classes; "
                         f"expected an index in [0, {len(p) - 1}]")
    names = [f"{c} (correct)" if c == correct else str(c) for c in range(len(p))]
    colours = [PALETTE[0] if c == correct else "0.7" for c in range(len(p))]
    bars = ax.bar(names, p, color=colours, edgecolor="black", linewidth=0.5)
    _label_bar(ax, bars, correct)
    ax.set(ylim=(0, 1.12), xlabel="class", ylabel="softmax probability")
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.grid(axis="x", visible=False)
    if title:
        ax.set_title(title)
    return bars


def _label_bar(ax, bars, correct: int) -> None:
    """Write the correct class's probability above its bar (replacing an earlier label)."""
    for text in list(ax.texts):
        text.remove()
    ax.bar_label(bars, labels=[f"{b.get_height():.2f}" if c == correct else ""
                               for c, b in enumerate(bars)], padding=2)


def _probabilities(probs, func: str) -> np.ndarray:
    p = as_float_array(probs, "probs", func, ndim=1)
    if p.size == 0 or np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"{func}: probs must be probabilities in [0, 1], one per class; got "
                         f"{describe(probs)}")
    return p


def score_frames(s_correct: Sequence[float], softmax: Sequence[float],
                 hinge: Sequence[float], *, others: Sequence[float] = (1.0, 0.0),
                 margin: float = 1.0) -> tuple[Figure, Callable]:
    """A figure for a frame slider over the correct-class score, and its redraw function.

    Left, the sample's softmax probabilities (``plot_class_probabilities``); right, both
    losses against the correct-class score (``plot_score_losses``) with a marker on each
    curve at the current score (a filled dot on the softmax curve, drawn above a hollow
    square on the hinge, so that both show where the two nearly meet).
    ``update(s, probs, softmax_loss, hinge_loss)`` moves the markers, sets the bars to
    ``probs`` and writes the score and both losses in the title. The layout is computed
    once, so that the panels stay in place from frame to frame.

    Parameters
    ----------
    s_correct : array_like of shape (M,)
        Increasing scores of the correct class (class 0), the curves' x values.
    softmax : array_like of shape (M,)
        The softmax loss at each score.
    hinge : array_like of shape (M,)
        The multiclass SVM loss at each score.
    others : sequence of float
        The wrong classes' scores, fixed.
    margin : float
        The SVM's margin.

    Returns
    -------
    (fig, update)
        The figure (7.2 in wide, constrained layout) and ``update``.

    Example
    -------
    >>> s = np.linspace(-1, 3, 5)
    >>> fig, update = score_frames(s, np.log1p(np.exp(1 - s)), np.maximum(0, 2 - s))
    >>> update(2.0, [0.7, 0.2, 0.1], 0.36, 0.0)
    >>> fig.axes[1].get_title()
    '$s_y$ = 2: softmax loss 0.360, hinge loss 0.000'
    >>> plt.close(fig)

    Explained in chapter 01 (Loss functions).
    """
    func = "score_frames"
    s, sm, hg = _curves(s_correct, softmax, hinge, func)
    n_classes = len(np.atleast_1d(others)) + 1
    fig, (ax_p, ax_l) = plt.subplots(1, 2, figsize=figsize(0.46),
                                     gridspec_kw={"width_ratios": [1, 1.5]})
    bars = plot_class_probabilities(ax_p, np.full(n_classes, 1 / n_classes))
    ax_p.set_title("probabilities")
    plot_score_losses(ax_l, s, sm, hg, others=others, margin=margin, annotate=False,
                      title=" ")
    ax_l.legend(ax_l.get_lines()[:2], ["softmax", "hinge"], loc="upper right")
    ax_l.set_xlabel(f"correct-class score $s_y$ (others: "
                    f"{', '.join(f'{v:g}' for v in np.atleast_1d(others))})")
    # the hinge's square is hollow and the softmax's dot drawn above it, so that both show
    # where the two losses nearly meet (the hinge at 0, the softmax just above it)
    dots = [ax_l.plot([s[0]], [sm[0]], marker="o", markersize=8, color=line_style(0)["color"],
                      markeredgecolor="black", linestyle="none", zorder=6,
                      clip_on=False)[0],
            ax_l.plot([s[0]], [hg[0]], marker="s", markersize=13, markerfacecolor="none",
                      markeredgecolor=line_style(1)["color"], markeredgewidth=2.2,
                      linestyle="none", zorder=5, clip_on=False)[0]]
    # lay the figure out once, with a title as long as a frame's and the markers on a point
    # of the curves (an empty line drawn outside the axes would throw the layout off), and
    # keep that layout: the panels then stay in place from frame to frame
    ax_l.set_title("$s_y$ = -0.0: softmax loss 0.000, hinge loss 0.000")
    fig.canvas.draw()
    fig.set_layout_engine("none")

    def update(score: float, probs: Sequence[float], softmax_loss: float,
               hinge_loss: float) -> None:
        p = _probabilities(probs, "score_frames.update")
        if len(p) != len(bars):
            raise ValueError(f"score_frames.update: probs has {len(p)} entries; expected "
                             f"{len(bars)}, one per class")
        for bar, v in zip(bars, p):
            bar.set_height(v)
        _label_bar(ax_p, bars, 0)
        dots[0].set_data([score], [softmax_loss])
        dots[1].set_data([score], [hinge_loss])
        ax_l.set_title(f"$s_y$ = {score:g}: softmax loss {softmax_loss:.3f}, "
                       f"hinge loss {hinge_loss:.3f}")

    return fig, update


def plot_loss_slices(slices: Mapping[str, Callable], lim: Sequence[float] = (-3.0, 3.0), *,
                     resolution: int = 61, levels: int = 16, centre_label: str | None = None,
                     xlabel: str = "$a$ (direction $A$)",
                     ylabel: str = "$b$ (direction $B$)") -> Figure:
    """Losses over the same two-parameter slice, side by side, on one colour scale.

    Each panel is a filled contour map of ``f(a, b) - min f`` over the square ``lim × lim``,
    with logarithmically spaced levels shared by all panels and one colour bar below them,
    ticked at powers of 10. Log levels show the bottom of a basin as clearly as its walls;
    the shared scale lets the panels be compared.

    Parameters
    ----------
    slices : dict of str to callable
        ``{name: f}``, one panel per entry, where ``f(ab)`` is the loss at the point
        ``ab = (a, b)`` of the slice; the name is the panel's title.
    lim : tuple of float
        ``(low, high)`` of both ``a`` and ``b``.
    resolution : int
        Points per axis (odd, so that the centre of a symmetric square is one of them).
    levels : int
        The number of contour levels.
    centre_label : str, optional
        Mark the point (0, 0) with a white cross and this legend entry (for a slice
        centred on a minimizer).
    xlabel : str
        The x-axis label.
    ylabel : str
        The y-axis label.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``fig.grids[name]`` holds ``(as_, bs, Z)`` of each panel, as
        ``viz.evaluate_on_grid`` returns them.

    Example
    -------
    >>> fig = plot_loss_slices({"bowl": lambda ab: ab @ ab + 1}, (-1, 1), resolution=11)
    >>> fig.axes[0].get_title(), float(fig.grids["bowl"][2].min())
    ('bowl', 1.0)
    >>> plt.close(fig)

    Explained in chapter 01 (Loss functions).
    """
    func = "plot_loss_slices"
    if not isinstance(slices, Mapping) or not slices:
        raise TypeError(f"{func}: slices must be a non-empty dict of name to function; got "
                        f"{describe(slices)}")
    for name, f in slices.items():
        as_callable(f, f"slices[{name!r}]", func)
    resolution = as_int(resolution, "resolution", func, low=3)
    levels = as_int(levels, "levels", func, low=2)
    grids = {name: evaluate_on_grid(f, lim, lim, resolution) for name, f in slices.items()}
    excess = {name: Z - Z.min() for name, (_, _, Z) in grids.items()}
    top = max(float(E.max()) for E in excess.values())
    if not np.isfinite(top) or top <= 0:
        raise ValueError(f"{func}: every loss is constant or not finite on the slice; "
                         "nothing to draw")
    floor = top * 1e-3
    lv = np.geomspace(floor, top, levels)
    n = len(slices)
    fig, axes = plt.subplots(1, n, figsize=figsize(0.66 if n > 1 else 0.9), squeeze=False)
    axes = axes[0]
    for ax, (name, (xs, ys, _)) in zip(axes, grids.items()):
        E = np.maximum(excess[name], floor)
        cs = ax.contourf(xs, ys, E, levels=lv, cmap=CMAP, norm=LogNorm(), extend="min")
        ax.contour(xs, ys, E, levels=lv, colors="white", linewidths=0.4, alpha=0.6)
        if centre_label:
            ax.plot(0, 0, "X", color="white", markeredgecolor="black", markersize=10,
                    linestyle="none", label=centre_label, zorder=5)
        ax.set(title=name, xlabel=xlabel)
        ax.set_aspect("equal", adjustable="box")
        ax.grid(False)
    axes[0].set_ylabel(ylabel)
    if centre_label:
        axes[0].legend(loc="upper left", framealpha=0.9)
    bar = fig.colorbar(cs, ax=list(axes), orientation="horizontal", shrink=0.7, aspect=35,
                       label="loss above its lowest value on the slice (log scale)")
    bar.locator = LogLocator(base=10)
    bar.formatter = FuncFormatter(lambda v, _: f"{v:g}")
    bar.update_ticks()
    fig.grids = grids
    return fig
