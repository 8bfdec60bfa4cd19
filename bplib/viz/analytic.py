"""Figures of analytic gradients: what a gradient check says, and what a gradient costs.

- ``check_slider``: a frame slider over a parameter (such as the L2 strength λ of a planted
  bug): each frame runs the gradient check and shows its relative errors on the three
  verdict bands (good, look closer, wrong), titled with the check's own verdict.
- ``plot_verdict_bands``: the three bands of ``bplib.gradients`` shaded on a log axis.
- ``plot_gradient_cost``: time per gradient against the number of parameters, analytic
  against numerical, on log-log axes.

The bands are those of ``bplib.gradients`` (``default_tol`` and the 10⁻² above which a
gradient is wrong), never restated here.

Explained in chapter 07 (Analytic gradient).
"""

from __future__ import annotations

import textwrap
from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .._util import as_callable, as_float_array, as_real
from ..gradients import _WRONG_ABOVE, GradientReport
from .style import PALETTE, figsize, line_style

__all__ = ["VERDICT_COLORS", "plot_verdict_bands", "check_slider", "plot_gradient_cost"]

#: The colour of each verdict's band (Okabe–Ito green, orange, vermillion).
VERDICT_COLORS = {"good": PALETTE[2], "look closer": PALETTE[1], "wrong": PALETTE[5]}
# How strongly each band is tinted (orange and vermillion are close: wrong is darker).
_BAND_ALPHA = {"good": 0.18, "look closer": 0.16, "wrong": 0.34}
# Relative errors below this (exact agreement included) are drawn at it on a log axis.
_FLOOR = 1e-12


def plot_verdict_bands(ax, tol: float = 1e-6, *, labels: bool = True, low: float = _FLOOR):
    """Shade the gradient check's three bands across ``ax`` (relative error on a log y axis).

    Up to ``tol`` "good", up to 10⁻² "look closer", above "wrong" (up to 1, the largest
    relative error there is), as ``bplib.gradients.check_gradient`` decides.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw; its y axis becomes logarithmic, from ``low`` to 1.
    tol : float
        The top of the "good" band (``report.tol``; 1e-6 for float64).
    labels : bool
        Write each band's name at the left edge, inside the axes.
    low : float
        The bottom of the y axis (relative errors below it are drawn at it).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_verdict_bands(ax, tol=1e-6)
    >>> [t.get_text() for t in ax.texts], ax.get_yscale()
    (['good', 'look closer', 'wrong'], 'log')
    >>> plt.close(fig)

    Drawn by ``check_slider`` in chapter 07 (Analytic gradient).
    """
    func = "plot_verdict_bands"
    tol = as_real(tol, "tol", func, low=0.0, high=_WRONG_ABOVE, low_open=True)
    low = as_real(low, "low", func, low=0.0, high=tol, low_open=True)
    bands = {"good": (low, tol), "look closer": (tol, _WRONG_ABOVE),
             "wrong": (_WRONG_ABOVE, 1.0)}
    ax.set_yscale("log")
    ax.set_ylim(low, 1.0)
    for name, (bottom, top) in bands.items():
        ax.axhspan(bottom, top, color=VERDICT_COLORS[name], alpha=_BAND_ALPHA[name], lw=0,
                   zorder=0)
        if name != "good":                 # a line where each band begins
            ax.axhline(bottom, color=VERDICT_COLORS[name], lw=1.2, zorder=1)
        if labels:
            ax.text(0.02, np.sqrt(bottom * top), name, transform=ax.get_yaxis_transform(),
                    va="center", ha="left", fontsize=10, color="0.2", zorder=1)
    return ax


def _verdict_sentence(report: GradientReport, width: int) -> str:
    """The verdict line of ``str(report)`` (the check's own words), rewrapped to ``width``."""
    text = str(report)
    last = text.split("\n")
    # the verdict is the text after the table: from "max relative error" to the end
    start = max(i for i, line in enumerate(last) if line.startswith("max relative error"))
    sentence = " ".join(line.strip() for line in last[start:])
    return "\n".join(textwrap.wrap(sentence, width))


def check_slider(check: Callable[[float], GradientReport], values: Sequence[float], *,
                 alt: str, curve: Sequence[float] | None = None, name: str = "λ",
                 entry_labels: Sequence[str] | None = None):
    """A frame slider over a parameter of a gradient check: at each value, the largest
    relative error against the parameter (left) and each entry's relative error (right), on
    the verdict bands, titled with the verdict and captioned with the check's own sentence.

    Parameters
    ----------
    check : callable
        ``value -> GradientReport``: runs ``bplib.gradients.check_gradient`` at that value
        (for example on a gradient with a planted bug and L2 strength λ = value).
    values : sequence of float
        The frames' values, all > 0 (a log axis); 5–9 keep the notebook small.
    alt : str
        What the slider shows, for readers who cannot see it.
    curve : sequence of float, optional
        More values > 0 at which the left panel's curve is drawn (the frames' values by
        default); the check runs once at each.
    name : str
        The parameter's name in titles and on the axis.
    entry_labels : sequence of str, optional
        A name per checked entry for the right panel (``x[0]``, ``x[1]``, … by default).

    Returns
    -------
    bplib.viz.FrameSlider
        Its ``labels`` name each value and the check's verdict there.

    Example
    -------
    >>> from bplib.gradients import check_gradient
    >>> f = lambda w: float(np.sum(w ** 2))
    >>> w = np.array([1.0, -2.0])
    >>> slider = check_slider(lambda d: check_gradient(f, w, 2 * w + d, eps=2**-10),
    ...                       [1.0, 1e-3, 1e-8], name="δ", alt="Errors shrinking with δ.")
    >>> slider.labels
    ['δ = 1: wrong', 'δ = 0.001: look closer', 'δ = 1e-08: good']

    Explained in chapter 07 (Analytic gradient).
    """
    from .anim import frame_slider

    func = "check_slider"
    as_callable(check, "check", func)
    values = as_float_array(values, "values", func, ndim=1)
    curve = values if curve is None else as_float_array(curve, "curve", func, ndim=1)
    for arg, arr in (("values", values), ("curve", curve)):
        if arr.size == 0 or not np.all(arr > 0):
            raise ValueError(f"{func}: {arg} must be a non-empty sequence of numbers > 0 "
                             f"(a log axis), got {arr.tolist()}")
    reports = {float(v): check(float(v)) for v in np.union1d(values, curve)}
    if not all(isinstance(r, GradientReport) for r in reports.values()):
        raise TypeError(f"{func}: check must return a GradientReport "
                        "(from bplib.gradients.check_gradient)")
    xs = np.sort(np.asarray(curve, dtype=float))
    ys = np.maximum([reports[float(v)].max_rel_error for v in xs], _FLOOR)
    tol = reports[float(values[0])].tol

    fig, (left, right) = plt.subplots(1, 2, figsize=figsize(0.56), width_ratios=[3, 2])

    def draw(value):
        report = reports[float(value)]
        for ax in (left, right):
            ax.clear()
            plot_verdict_bands(ax, tol, labels=ax is left)
        left.plot(xs, ys, color="0.35", lw=1.5, zorder=2)
        left.plot([value], [max(report.max_rel_error, _FLOOR)], ms=11,
                  **{**line_style(0), "linestyle": "none"}, zorder=3)
        left.set(xscale="log", xlabel=name, ylabel="largest relative error",
                 title="Largest error against " + name)
        labels = entry_labels or [f"x[{', '.join(map(str, i))}]" for i in report.indices]
        heights = np.maximum(report.rel_errors, _FLOOR)
        right.bar(range(len(heights)), heights, bottom=_FLOOR, color=PALETTE[0], zorder=2)
        right.set_xticks(range(len(heights)), labels)
        right.set(ylim=(_FLOOR, 1.0), title="Each entry", xlabel="entry")
        fig.suptitle(f"{name} = {value:g}: {report.verdict}", fontsize=12,
                     color=VERDICT_COLORS[report.verdict] if report.verdict != "good"
                     else "black", fontweight="bold")
        fig.supxlabel(_verdict_sentence(report, 92), fontsize=9.5, ha="center")

    return frame_slider(fig, draw, list(values), alt=alt,
                        label=lambda v: f"{name} = {v:g}: {reports[float(v)].verdict}")


def plot_gradient_cost(ax, sizes: Sequence[int], t_analytic: Sequence[float],
                       t_numerical: Sequence[float], *,
                       labels: Sequence[str] = ("analytic", "numerical"),
                       title: str | None = None):
    """Time of one gradient against the number of parameters D, analytic and numerical, on
    log-log axes, with the numerical/analytic ratio written at the largest D.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    sizes : sequence of int
        The numbers of parameters D, increasing.
    t_analytic : sequence of float
        Seconds per analytic gradient, one per D.
    t_numerical : sequence of float
        Seconds per numerical gradient, one per D.
    labels : sequence of str
        The two lines' legend entries.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_gradient_cost(ax, [4, 64], [1e-6, 2e-6], [1e-4, 2e-3])
    >>> [line.get_label() for line in ax.get_lines()], ax.texts[0].get_text()
    (['analytic', 'numerical'], '× 1000')
    >>> plt.close(fig)

    Explained in chapter 07 (Analytic gradient).
    """
    func = "plot_gradient_cost"
    sizes = as_float_array(sizes, "sizes", func, ndim=1)
    t_an = as_float_array(t_analytic, "t_analytic", func, ndim=1)
    t_num = as_float_array(t_numerical, "t_numerical", func, ndim=1)
    if not (len(sizes) == len(t_an) == len(t_num)) or len(sizes) == 0:
        raise ValueError(f"{func}: sizes, t_analytic and t_numerical must have the same "
                         f"non-zero length, got {len(sizes)}, {len(t_an)} and {len(t_num)}")
    if not (np.all(sizes > 0) and np.all(t_an > 0) and np.all(t_num > 0)):
        raise ValueError(f"{func}: sizes and times must be > 0 (log axes)")
    for k, (t, label) in enumerate(((t_an, labels[0]), (t_num, labels[1]))):
        ax.plot(sizes, t, label=label, **line_style(k))
    ax.set(xscale="log", yscale="log", xlabel="number of parameters D",
           ylabel="time per gradient (s)")
    ax.set_xticks(sizes, [f"{s:g}" for s in sizes])
    ax.minorticks_off()
    ratio = t_num[-1] / t_an[-1]
    ax.annotate(f"× {ratio:.0f}", xy=(sizes[-1], np.sqrt(t_num[-1] * t_an[-1])),
                xytext=(-6, 0), textcoords="offset points", ha="right", va="center",
                fontsize=10, color="0.2")
    ax.annotate("", xy=(sizes[-1], t_num[-1]), xytext=(sizes[-1], t_an[-1]),
                arrowprops=dict(arrowstyle="<->", color="0.3", lw=1))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax
