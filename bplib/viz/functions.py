"""Figures of autograd Functions: what ``forward`` and ``backward`` return, and what a
gradient check sees at a kink.

- ``plot_forward_backward``: one panel per Function of one variable, its ``forward`` (solid)
  and the derivative its ``backward`` returns for an upstream gradient of 1 (dashed).
- ``tangent_check``: at one point x, the value, the slope ``backward`` returns, the central
  difference with step ε, and the verdict of ``bplib.gradcheck.gradcheck`` (run, not guessed).
- ``plot_tangent_check``: that check drawn in two panels: the function with the tangent whose
  slope ``backward`` returns, and a zoom to x ± a few ε with the two points the central
  difference uses and its secant.
- ``tangent_slider``: a frame slider of ``plot_tangent_check`` over x (for ReLU, through its
  kink at 0).

Explained in chapter 09 (Autograd Functions).
"""

from __future__ import annotations

from typing import Callable, Mapping, NamedTuple, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .._util import as_callable, as_float_array, as_real, describe
from .style import figsize, line_style

__all__ = ["TangentCheck", "tangent_check", "plot_forward_backward", "plot_tangent_check",
           "tangent_slider"]


class TangentCheck(NamedTuple):
    """What ``tangent_check`` measured at one point.

    Attributes
    ----------
    x : float
        The point.
    value : float
        ``forward`` at x.
    slope : float
        What ``backward`` returns at x for an upstream gradient of 1.
    central : float
        The central difference (f(x + ε) − f(x − ε)) / 2ε.
    eps : float
        The step ε (``gradcheck``'s default, 1e-6, unless told otherwise).
    passed : bool
        Whether ``gradcheck`` passed at x.
    """

    x: float
    value: float
    slope: float
    central: float
    eps: float
    passed: bool

    @property
    def verdict(self) -> str:
        """``"gradcheck passes"`` or ``"gradcheck fails"``."""
        return "gradcheck passes" if self.passed else "gradcheck fails"


def _scalar_call(fn: Callable, x: float) -> float:
    from ..autograd import Tensor, no_grad

    with no_grad():
        return float(np.asarray(fn(Tensor(np.array([x]))).data).reshape(-1)[0])


def tangent_check(fn: Callable, x: float, *, eps: float = 1e-6) -> TangentCheck:
    """Run a Function of one variable at x: forward, backward, a central difference, gradcheck.

    Parameters
    ----------
    fn : callable
        ``Tensor -> Tensor``, elementwise, for example ``ReLU.apply``.
    x : float
        The point.
    eps : float
        The step ε of the central difference and of ``gradcheck``.

    Returns
    -------
    TangentCheck
        The value, the backward slope, the central difference and gradcheck's verdict.

    Example
    -------
    >>> from bplib import Tensor
    >>> relu = lambda t: t.relu()
    >>> tangent_check(relu, 1.0).passed, tangent_check(relu, 0.0).central
    (True, 0.5)

    Explained in chapter 09 (Autograd Functions).
    """
    from ..autograd import Tensor
    from ..gradcheck import GradcheckError, gradcheck

    func = "tangent_check"
    as_callable(fn, "fn", func)
    x = as_real(x, "x", func)
    eps = as_real(eps, "eps", func, low=0.0, low_open=True)
    t = Tensor(np.array([x]), requires_grad=True)
    out = fn(t)
    if not isinstance(out, Tensor) or out.shape != (1,):
        raise ValueError(f"{func}: fn must map a Tensor of shape (1,) to one of shape (1,) "
                         f"(an elementwise function); got {describe(out)}")
    out.backward(np.ones(1))
    slope = float(t.grad[0])
    central = (_scalar_call(fn, x + eps) - _scalar_call(fn, x - eps)) / (2 * eps)
    try:
        passed = gradcheck(fn, (Tensor(np.array([x]), requires_grad=True),), eps=eps)
    except GradcheckError:
        passed = False
    return TangentCheck(x, float(out.data[0]), slope, float(central), eps, bool(passed))


def plot_forward_backward(axes: Sequence, functions: Mapping[str, Callable], xs: Sequence[float],
                          *, ylims: Mapping[str, tuple] | None = None) -> dict:
    """One panel per Function: ``forward`` (solid) and ``backward``'s derivative (dashed).

    The derivative is what ``backward`` returns for an upstream gradient of ones, computed by
    running the Function on ``Tensor(xs)`` and calling ``backward``.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes
        One axes per function, in order.
    functions : dict of str to callable
        ``{title: fn}``, each ``fn`` a ``Tensor -> Tensor`` elementwise function such as
        ``Exp.apply``.
    xs : array_like of shape (M,)
        The points.
    ylims : dict of str to tuple, optional
        ``{title: (low, high)}`` for panels whose curves leave the interesting range.

    Returns
    -------
    dict of str to tuple
        ``{title: (forward values, derivative)}``, two arrays of shape (M,).

    Example
    -------
    >>> fig, axes = plt.subplots(1, 2)
    >>> curves = plot_forward_backward(axes, {"ReLU": lambda t: t.relu(),
    ...                                       "tanh": lambda t: t.tanh()}, [-1.0, 0.0, 2.0])
    >>> curves["ReLU"][1]
    array([0., 0., 1.])
    >>> plt.close(fig)

    Explained in chapter 09 (Autograd Functions).
    """
    from ..autograd import Tensor

    func = "plot_forward_backward"
    xs = as_float_array(xs, "xs", func, ndim=1)
    axes = list(np.ravel(axes))
    if len(axes) != len(functions):
        raise ValueError(f"{func}: axes must hold one axes per function ({len(functions)}); "
                         f"got {len(axes)}")
    ylims = dict(ylims or {})
    curves = {}
    for k, (ax, (name, fn)) in enumerate(zip(axes, functions.items())):
        as_callable(fn, f"functions[{name!r}]", func)
        t = Tensor(xs.copy(), requires_grad=True)
        out = fn(t)
        out.backward(np.ones_like(xs))
        values, slope = np.array(out.data, dtype=float), np.array(t.grad, dtype=float)
        for j, (ys, label) in enumerate(((values, "forward"), (slope, "backward"))):
            st = line_style(j)
            ax.plot(xs, ys, color=st["color"], linestyle=st["linestyle"], linewidth=2.0,
                    label=label)
        ax.set_title(name)
        ax.set_xlabel("x")
        if name in ylims:
            ax.set_ylim(*ylims[name])
        if k == 0:
            ax.set_ylabel("value")
            ax.legend(loc="upper left")
        curves[name] = (values, slope)
    return curves


def plot_tangent_check(axes: Sequence, fn: Callable, x: float, *,
                       xlim: Sequence[float] = (-2.0, 2.0), eps: float = 1e-6,
                       zoom: float = 3.0, name: str = "f") -> TangentCheck:
    """A Function at x: its tangent (left), and what the central difference sees (right).

    Left: ``fn`` over ``xlim``, the point x and the line through it whose slope ``backward``
    returns. Right: a zoom to x ± ``zoom``·ε in units of ε ((x' − x)/ε against
    (f(x') − f(x))/ε, so that slopes are unchanged): the curve, the two points x ± ε of the
    central difference, its secant, and the tangent again. The title gives both slopes and
    what ``gradcheck`` says at x.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes
        Two axes: the whole function, and the zoom.
    fn : callable
        ``Tensor -> Tensor``, elementwise, for example ``ReLU.apply``.
    x : float
        The point.
    xlim : tuple of float
        The left panel's ``(low, high)``.
    eps : float
        ε of the central difference and of ``gradcheck``.
    zoom : float
        The right panel spans x ± zoom·ε.
    name : str
        The function's name, for the legend.

    Returns
    -------
    TangentCheck
        What was drawn: the value, both slopes and gradcheck's verdict.

    Example
    -------
    >>> fig, axes = plt.subplots(1, 2)
    >>> check = plot_tangent_check(axes, lambda t: t.relu(), 0.0, name="ReLU")
    >>> check.slope, check.central, check.passed
    (0.0, 0.5, False)
    >>> plt.close(fig)

    Explained in chapter 09 (Autograd Functions).
    """
    func = "plot_tangent_check"
    axes = list(np.ravel(axes))
    if len(axes) != 2:
        raise ValueError(f"{func}: axes must hold two axes (the function, the zoom); "
                         f"got {len(axes)}")
    lo, hi = (as_real(v, "xlim", func) for v in xlim)
    zoom = as_real(zoom, "zoom", func, low=1.0)
    check = tangent_check(fn, x, eps=eps)
    x, eps = check.x, check.eps
    whole, near = axes
    tangent_style, secant_style = line_style(1), line_style(5)
    xs = np.linspace(lo, hi, 401)
    ys = np.array([_scalar_call(fn, v) for v in xs])
    whole.plot(xs, ys, color="black", linewidth=2.0, label=name)
    whole.plot(xs, check.value + check.slope * (xs - x), color=tangent_style["color"],
               linestyle=tangent_style["linestyle"], linewidth=1.8,
               label=f"backward: slope {check.slope:.3g}")
    whole.plot([x], [check.value], "o", color="black", zorder=5)
    pad = 0.15 * (ys.max() - ys.min() + 1e-12)
    whole.set(xlim=(lo, hi), ylim=(ys.min() - pad, ys.max() + pad), xlabel="x", ylabel="value",
              title=f"x = {x:.3g}")
    whole.legend(loc="upper left")

    us = np.linspace(-zoom, zoom, 241)          # x' = x + u·ε
    vs = (np.array([_scalar_call(fn, x + u * eps) for u in us]) - check.value) / eps
    near.plot(us, vs, color="black", linewidth=2.0)
    near.plot(us, check.slope * us, color=tangent_style["color"],
              linestyle=tangent_style["linestyle"], linewidth=1.8)
    ends = np.array([(_scalar_call(fn, x + s * eps) - check.value) / eps for s in (-1, 1)])
    mid = ends.mean()
    near.plot(us, mid + check.central * us, color=secant_style["color"],
              linestyle=secant_style["linestyle"], linewidth=1.8,
              label=f"central difference: {check.central:.3g}")
    near.plot([-1, 1], ends, "o", color=secant_style["color"], markeredgecolor="black",
              zorder=5)
    low, high = min(vs.min(), (mid - abs(check.central) * zoom)), vs.max()
    span = max(high - low, 1.0)
    near.set(xlim=(-zoom, zoom), ylim=(low - 0.15 * span, high + 0.35 * span),
             xlabel="(x′ − x) / ε", ylabel="(f(x′) − f(x)) / ε",
             title=f"zoom to x ± {zoom:g}ε: {check.verdict}")
    near.legend(loc="upper left")
    return check


def tangent_slider(fn: Callable, xs: Sequence[float], *, alt: str, name: str = "f",
                   xlim: Sequence[float] = (-2.0, 2.0), eps: float = 1e-6):
    """A frame slider over x of ``plot_tangent_check``: the tangent and gradcheck's verdict.

    Parameters
    ----------
    fn : callable
        ``Tensor -> Tensor``, elementwise, for example ``ReLU.apply``.
    xs : sequence of float
        The points, one frame each (5–9 keep the notebook small).
    alt : str
        What the slider shows, for readers who cannot see it.
    name : str
        The function's name, for the legend.
    xlim : tuple of float
        The left panel's ``(low, high)``.
    eps : float
        ε of the central difference and of ``gradcheck``.

    Returns
    -------
    bplib.viz.FrameSlider
        Its labels name x, both slopes and the verdict of each frame.

    Example
    -------
    >>> slider = tangent_slider(lambda t: t.relu(), [-1.0, 0.0], name="ReLU",
    ...                         alt="ReLU's tangent at two points.")
    >>> slider.labels[1]
    'x = 0: backward 0, central difference 0.5: gradcheck fails'

    Explained in chapter 09 (Autograd Functions).
    """
    from .anim import frame_slider

    func = "tangent_slider"
    xs = [float(v) for v in as_float_array(xs, "xs", func, ndim=1)]
    checks = {x: tangent_check(fn, x, eps=eps) for x in xs}
    fig, axes = plt.subplots(1, 2, figsize=figsize(0.45))

    def draw(x):
        for ax in axes:
            ax.clear()
        plot_tangent_check(axes, fn, x, xlim=xlim, eps=eps, name=name)

    def label(x):
        c = checks[x]
        return (f"x = {x:g}: backward {c.slope:.3g}, central difference {c.central:.3g}: "
                f"{c.verdict}")

    return frame_slider(fig, draw, xs, alt=alt, label=label)
