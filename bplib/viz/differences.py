"""Figures of finite differences: error-vs-ε curves and secant lines against the tangent.

- ``plot_error_vs_eps``: how far a difference quotient is from the true derivative, as a
  function of the step ε, on log-log axes. Truncation error falls with ε (slope 1 for the
  forward difference, 2 for the central one); round-off grows as ε shrinks (slope −1); the
  bottom of the V is the best ε.
- ``plot_secants``: the secant lines whose slopes are the forward and central differences,
  next to the tangent whose slope is the derivative.

Explained in chapter 06 (Numerical gradient).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .._util import as_callable, as_float_array, as_real
from .style import line_style

__all__ = ["plot_error_vs_eps", "plot_secants"]


def plot_error_vs_eps(ax, eps: Sequence[float], errors: Mapping[str, Sequence[float]], *,
                      title: str | None = None, guides: Mapping[str, float] | None = None,
                      mark_best: bool = True, floor: float = 1e-18,
                      ylabel: str = "error of the derivative", first_style: int = 0,
                      legend_loc: str | None = None, at: float | None = None):
    """Error-vs-ε curves on log-log axes, the lowest point of each marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    eps : array_like of shape (M,)
        The steps ε > 0, the x values of every curve.
    errors : dict of str to array_like of shape (M,)
        ``{label: errors}``, one curve per method (series style k for the k-th). Errors
        below ``floor`` (an exact 0 happens by luck in round-off) are drawn at ``floor`` so
        that the log scale can show them.
    title : str, optional
        The axes title.
    guides : dict of str to float, optional
        ``{label: ε}``, grey vertical reference lines, for example the predicted best steps
        ``{"√u": 1.5e-8}``.
    mark_best : bool
        Mark the smallest error of each curve with a star.
    floor : float
        The smallest error drawn.
    ylabel : str
        The y-axis label.
    first_style : int
        The series style (``viz.line_style(k)``) of the first curve; the next curves take
        the following styles, so a method keeps its look across figures.
    legend_loc : str, optional
        Where the legend goes (matplotlib's words); lower left by default.
    at : float, optional
        A step ε > 0 to mark with a black vertical line (the ε a widget has chosen).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> eps = np.logspace(-12, 0, 13)
    >>> ax = plot_error_vs_eps(ax, eps, {"forward": eps / 2 + 1e-16 / eps},
    ...                        guides={"√u": 1.5e-8}, title="error vs ε")
    >>> ax.get_xscale(), ax.get_yscale(), ax.get_title()
    ('log', 'log', 'error vs ε')
    >>> plt.close(fig)

    Explained in chapter 06 (Numerical gradient).
    """
    func = "plot_error_vs_eps"
    eps = as_float_array(eps, "eps", func, ndim=1)
    if np.any(eps <= 0):
        raise ValueError(f"{func}: eps must hold steps > 0 for a log axis; got a minimum of "
                         f"{eps.min():g}")
    for k, (label, err) in enumerate(errors.items()):
        err = as_float_array(err, f"errors[{label!r}]", func, ndim=1)
        if err.shape != eps.shape:
            raise ValueError(f"{func}: errors[{label!r}] has shape {err.shape} but eps has "
                             f"shape {eps.shape}; expected one error per step")
        shown = np.maximum(err, floor)
        st = line_style(first_style + k)
        ax.loglog(eps, shown, color=st["color"], linestyle=st["linestyle"], linewidth=1.6,
                  label=label)
        if mark_best:
            i = int(np.argmin(err))
            ax.plot(eps[i], shown[i], marker="*", markersize=12, color=st["color"],
                    markeredgecolor="black", linestyle="none", zorder=5)
    if at is not None:
        at = as_real(at, "at", func, low=0.0, low_open=True)
        ax.axvline(at, color="black", linewidth=1.2)
    for label, value in (guides or {}).items():
        ax.axvline(value, color="grey", linewidth=0.9, linestyle=":")
        ax.annotate(label, (value, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -12), textcoords="offset points", color="grey")
    ax.set_xlabel("step ε")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc=legend_loc or "lower left")
    return ax


def plot_secants(ax, f: Callable, x0: float, eps: float, df: Callable | None = None, *,
                 xlim: Sequence[float] | None = None, title: str | None = None):
    """The curve f near x0, its tangent, and the forward and central secant lines.

    The forward secant passes through (x0, f(x0)) and (x0 + ε, f(x0 + ε)); the central one
    through (x0 − ε, f(x0 − ε)) and (x0 + ε, f(x0 + ε)), drawn through the point x0 (its
    slope is what matters). As ε shrinks both slopes approach the tangent's, the central one
    much sooner.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    f : callable
        A function of one variable (numpy-vectorized).
    x0 : float
        The point where the derivative is estimated.
    eps : float
        The step ε > 0.
    df : callable, optional
        f's derivative, for the tangent (omit to draw no tangent).
    xlim : tuple of float, optional
        ``(low, high)`` of the plotted range; x0 ± 1.2 by default.
    title : str, optional
        The axes title.

    Returns
    -------
    dict of str to float
        The slopes: ``{"forward": ..., "central": ...}``, and ``"tangent"`` with ``df``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> slopes = plot_secants(ax, np.sin, 1.0, 0.5, df=np.cos)
    >>> round(slopes["tangent"], 4), round(slopes["central"], 4)
    (0.5403, 0.5181)
    >>> plt.close(fig)

    Explained in chapter 06 (Numerical gradient).
    """
    func = "plot_secants"
    as_callable(f, "f", func)
    x0 = as_real(x0, "x0", func)
    eps = as_real(eps, "eps", func, low=0.0, low_open=True)
    lo, hi = (x0 - 1.2, x0 + 1.2) if xlim is None else map(float, xlim)
    xs = np.linspace(lo, hi, 200)
    f0, fp, fm = (float(f(x0)), float(f(x0 + eps)), float(f(x0 - eps)))
    slopes = {"forward": (fp - f0) / eps, "central": (fp - fm) / (2 * eps)}
    ax.plot(xs, f(xs), color="black", linewidth=2.0, linestyle="-", label="f(x)")
    if df is not None:
        slopes["tangent"] = float(df(x0))
        ax.plot(xs, f0 + slopes["tangent"] * (xs - x0), color="grey", linewidth=1.2,
                linestyle="-", label=f"tangent, slope {slopes['tangent']:.3f}")
    for k, name in ((0, "forward"), (1, "central")):
        st = line_style(k)
        ax.plot(xs, f0 + slopes[name] * (xs - x0), color=st["color"],
                linestyle=st["linestyle"], linewidth=1.6,
                label=f"{name} secant, slope {slopes[name]:.3f}")
    ax.plot([x0 - eps, x0, x0 + eps], [fm, f0, fp], linestyle="none", marker="o",
            color=line_style(1)["color"], markeredgecolor="black", zorder=5)
    ys = f(xs)
    pad = 0.15 * (ys.max() - ys.min() + 1e-12)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return slopes
