"""Figures of Jacobians: the matrix as an image, and what storing it costs.

- ``jacobian_image``: a Jacobian ∂z/∂x drawn as an image, one cell per entry ∂zᵢ/∂xⱼ, on a
  diverging colour map centred on 0, so that the zeros (white) show the sparsity: the
  diagonal of an elementwise operation, the gaps ReLU leaves in it.
- ``plot_memory``: bytes against n on log-log axes, measured points and their power-law fit
  extended to a larger n; an explicit Jacobian grows as n², a vector-Jacobian product as n.
- ``plot_relu_jacobian``: the input x + shift as bars (positive ones coloured) beside the
  Jacobian of ReLU(x + shift), whose diagonal has a 1 exactly under each positive bar.
- ``relu_jacobian_slider``: a frame slider of that figure over the shift.
- ``format_bytes``: ``8e12`` → ``"8 TB"`` (decimal units, as disk and memory sizes are sold).

Explained in chapter 10 (Tensors and Jacobians).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.image import AxesImage

from .._util import as_float_array, as_int, as_real, describe
from .style import figsize, line_style

__all__ = ["jacobian_image", "plot_memory", "format_bytes", "plot_relu_jacobian",
           "relu_jacobian_slider"]

#: A diverging colour map that is safe for colour-vision deficiencies; 0 is white.
JACOBIAN_CMAP = "RdBu_r"

_UNITS = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)]


def format_bytes(nbytes: float) -> str:
    """A size in bytes, readable: three significant digits and a decimal unit.

    Parameters
    ----------
    nbytes : float
        A size in bytes, ≥ 0.

    Returns
    -------
    str
        For example ``"8 TB"`` (units of 1000, as memory and disks are sold).

    Example
    -------
    >>> [format_bytes(b) for b in (8e12, 8_000_000, 80_000, 512)]
    ['8 TB', '8 MB', '80 kB', '512 B']
    >>> format_bytes(32_021_648)
    '32 MB'

    Explained in chapter 10 (Tensors and Jacobians).
    """
    nbytes = as_real(nbytes, "nbytes", "format_bytes", low=0.0)
    for unit, size in _UNITS:
        if nbytes >= size:
            return f"{nbytes / size:.3g} {unit}"
    return f"{nbytes:.3g} B"


def _as_matrix(J: np.ndarray, x_ndim: int | None, func: str) -> np.ndarray:
    """A Jacobian of shape z.shape + x.shape as a 2-D (z.size, x.size) matrix."""
    if J.ndim == 2 and x_ndim is None:
        return J
    if J.ndim < 2 and x_ndim is None:
        raise ValueError(f"{func}: J must have at least 2 dimensions (output and input axes); "
                         f"got shape {J.shape}")
    k = J.ndim // 2 if x_ndim is None else as_int(x_ndim, "x_ndim", func, low=0)
    if k > J.ndim:
        raise ValueError(f"{func}: x_ndim is {k} but J has only {J.ndim} dimensions")
    out_shape, in_shape = J.shape[:J.ndim - k], J.shape[J.ndim - k:]
    return J.reshape(int(np.prod(out_shape)), int(np.prod(in_shape)))


def jacobian_image(ax: Axes, J: np.ndarray, *, x_ndim: int | None = None,
                   title: str | None = None, xlabel: str = "input index j",
                   ylabel: str = "output index i", colorbar: bool = True,
                   cbar_label: str = r"$\partial z_i / \partial x_j$",
                   vmax: float | None = None) -> AxesImage:
    """Draw a Jacobian as an image: row i is output zᵢ, column j is input xⱼ.

    The colour map is diverging and symmetric around 0 (0 is white), so exact zeros, and
    with them the sparsity of the matrix, are visible at a glance.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    J : array_like
        An (m, n) matrix, or an array of shape ``z.shape + x.shape`` as ``bplib.jacobian``
        returns, flattened to (z.size, x.size).
    x_ndim : int, optional
        The number of input axes of ``J`` (the trailing ones); half of ``J.ndim`` by default.
    title : str, optional
        The axes title.
    xlabel : str
        The x-axis label.
    ylabel : str
        The y-axis label.
    colorbar : bool
        Add a colour bar labelled ``cbar_label``.
    cbar_label : str
        The colour bar's label.
    vmax : float, optional
        The colour limit (±vmax); by default the largest absolute entry (1 if all are 0).

    Returns
    -------
    matplotlib.image.AxesImage
        The image.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> im = jacobian_image(ax, np.diag([1.0, 0.0, 1.0]), title="ReLU")
    >>> im.get_array().shape, im.get_clim()
    ((3, 3), (-1.0, 1.0))
    >>> plt.close(fig)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    func = "jacobian_image"
    if not isinstance(ax, Axes):
        raise TypeError(f"{func}: ax must be matplotlib Axes; got {describe(ax)}")
    M = _as_matrix(as_float_array(J, "J", func), x_ndim, func)
    if vmax is None:
        vmax = float(np.abs(M).max()) if M.size else 0.0
        vmax = vmax if vmax > 0 else 1.0
    else:
        vmax = as_real(vmax, "vmax", func, low=0.0, low_open=True)
    im = ax.imshow(M, cmap=JACOBIAN_CMAP, vmin=-vmax, vmax=vmax, interpolation="nearest",
                   aspect="equal")
    m, n = M.shape
    for axis, size in ((ax.xaxis, n), (ax.yaxis, m)):
        axis.set_major_locator(plt.MaxNLocator(nbins=min(size, 8), integer=True))
    if max(m, n) <= 40:        # thin cell borders, so single cells can be counted
        ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, m, 1), minor=True)
        ax.grid(which="minor", color="0.85", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
    ax.grid(which="major", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, label=cbar_label, shrink=0.85)
    return im


def plot_memory(ax: Axes, n: Sequence[float], series: Mapping[str, Sequence[float]], *,
                extrapolate_to: float | None = None, title: str | None = None,
                ylabel: str = "memory (bytes)") -> dict:
    """Measured sizes against n on log-log axes, with a power-law fit extended to a larger n.

    Each series gets its markers (the measurements) and a line c·n^p fitted to them by least
    squares in log-log space, drawn up to ``extrapolate_to``, where a hollow marker shows the
    prediction and its size is written beside it, right of the axes (e.g. "8 TB"). The slope p is the growth order: 2 for an n × n matrix, 1 for a
    vector.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    n : array_like of shape (M,)
        The sizes measured, > 0.
    series : dict of str to array_like of shape (M,)
        ``{label: bytes}``, one curve per quantity (style k for the k-th).
    extrapolate_to : float, optional
        The n up to which each fit is drawn and evaluated (at least max(n)); max(n) by
        default.
    title : str, optional
        The axes title.
    ylabel : str
        The y-axis label.

    Returns
    -------
    dict of str to tuple
        ``{label: (slope, predicted bytes at extrapolate_to)}``.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> ns = np.array([100, 200, 400])
    >>> sizes = {"matrix": 8.0 * ns ** 2, "vector": 8.0 * ns}
    >>> fits = plot_memory(ax, ns, sizes, extrapolate_to=1e6)
    >>> {k: (round(p, 3), format_bytes(b)) for k, (p, b) in fits.items()}
    {'matrix': (2.0, '8 TB'), 'vector': (1.0, '8 MB')}
    >>> plt.close(fig)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    func = "plot_memory"
    n = as_float_array(n, "n", func, ndim=1)
    if n.size < 2 or np.any(n <= 0):
        raise ValueError(f"{func}: n must hold at least two sizes > 0 for a log-log fit; got "
                         f"{describe(n)}")
    top = float(n.max()) if extrapolate_to is None else as_real(extrapolate_to, "extrapolate_to",
                                                                func)
    if top < n.max():
        raise ValueError(f"{func}: extrapolate_to is {top:g} but the largest n measured is "
                         f"{n.max():g}; expected at least that")
    grid = np.geomspace(n.min(), top, 100)
    fits = {}
    for k, (label, values) in enumerate(series.items()):
        values = as_float_array(values, f"series[{label!r}]", func, ndim=1)
        if values.shape != n.shape or np.any(values <= 0):
            raise ValueError(f"{func}: series[{label!r}] must hold one size > 0 per n "
                             f"({n.size}); got {describe(values)}")
        slope, intercept = np.polyfit(np.log(n), np.log(values), 1)
        predicted = float(np.exp(intercept) * top ** slope)
        st = line_style(k)
        ax.loglog(n, values, linestyle="none", marker=st["marker"], color=st["color"],
                  markeredgecolor="black", markersize=8, zorder=5,
                  label=f"{label}: measured")
        ax.loglog(grid, np.exp(intercept) * grid ** slope, color=st["color"],
                  linestyle=st["linestyle"], linewidth=1.5,
                  label=f"{label}: fit ∝ $n^{{{slope:.2f}}}$")
        if top > n.max():        # a hollow marker at the prediction, its size beside it
            ax.loglog([top], [predicted], linestyle="none", marker=st["marker"],
                      markerfacecolor="white", color=st["color"], markersize=8, zorder=5)
            ax.annotate(format_bytes(predicted), (top, predicted), xytext=(8, 0),
                        textcoords="offset points", ha="left", va="center",
                        color=st["color"], fontweight="bold", annotation_clip=False)
        fits[label] = (float(slope), predicted)
    ax.set_xlabel("n (entries of x and of z)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return fits


def plot_relu_jacobian(axes, x: Sequence[float], shift: float = 0.0) -> np.ndarray:
    """The inputs x + shift as bars, beside the Jacobian of ReLU(x + shift) as an image.

    Bars above 0 are coloured: exactly there the Jacobian's diagonal holds a 1; every other
    entry is 0 (white). The Jacobian is computed by ``bplib.jacobian``, not drawn from the
    rule.

    Parameters
    ----------
    axes : sequence of matplotlib.axes.Axes
        Two axes: the bars, and the Jacobian.
    x : array_like of shape (n,)
        The input before the shift.
    shift : float
        Added to every entry.

    Returns
    -------
    ndarray of shape (n, n)
        The Jacobian drawn.

    Example
    -------
    >>> fig, axes = plt.subplots(1, 2)
    >>> J = plot_relu_jacobian(axes, [-1.0, 0.5, 2.0], shift=0.75)
    >>> np.diag(J)
    array([0., 1., 1.])
    >>> plt.close(fig)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    from ..autograd import jacobian

    func = "plot_relu_jacobian"
    axes = list(np.ravel(axes))
    if len(axes) != 2:
        raise ValueError(f"{func}: axes must hold two axes (the inputs, the Jacobian); "
                         f"got {len(axes)}")
    x = as_float_array(x, "x", func, ndim=1)
    shift = as_real(shift, "shift", func)
    z = x + shift
    J = np.asarray(jacobian(lambda t: t.relu(), z), dtype=float)
    bars, image = axes
    on, off = line_style(0)["color"], "0.75"
    bars.bar(np.arange(z.size), z, color=[on if v > 0 else off for v in z],
             edgecolor="black", linewidth=0.5)
    bars.axhline(0.0, color="black", linewidth=1.0)
    bars.xaxis.set_major_locator(plt.MaxNLocator(nbins=min(z.size, 8), integer=True))
    top = float(np.abs(x).max()) + 2.6
    bars.set(xlim=(-0.7, z.size - 0.3), ylim=(-top, top), xlabel="index i",
             ylabel="$x_i$ + shift",
             title=f"inputs: {int((z > 0).sum())} of {z.size} above 0")
    nonzero = int(np.count_nonzero(J))
    jacobian_image(image, J, vmax=1.0, colorbar=False,
                   title=f"Jacobian: {nonzero} of {J.size} entries nonzero")
    return J


def relu_jacobian_slider(x: Sequence[float], shifts: Sequence[float], *, alt: str):
    """A frame slider over the shift of ``plot_relu_jacobian``: the sparsity of ReLU's
    Jacobian as the inputs move up through 0.

    Parameters
    ----------
    x : array_like of shape (n,)
        The input before the shift.
    shifts : sequence of float
        One frame each (5–9 keep the notebook small).
    alt : str
        What the slider shows, for readers who cannot see it.

    Returns
    -------
    bplib.viz.FrameSlider
        Its labels name the shift and the number of nonzero entries.

    Example
    -------
    >>> slider = relu_jacobian_slider([-1.0, 0.5, 2.0], [-1.0, 0.0, 1.5],
    ...                               alt="ReLU's Jacobian as the shift grows.")
    >>> slider.labels
    ['shift = -1: 1 of 9 nonzero', 'shift = 0: 2 of 9 nonzero', 'shift = 1.5: 3 of 9 nonzero']

    Explained in chapter 10 (Tensors and Jacobians).
    """
    from .anim import frame_slider

    func = "relu_jacobian_slider"
    x = as_float_array(x, "x", func, ndim=1)
    shifts = [float(v) for v in as_float_array(shifts, "shifts", func, ndim=1)]
    fig, axes = plt.subplots(1, 2, figsize=figsize(0.46), width_ratios=[1, 1])

    def draw(shift):
        for ax in axes:
            ax.clear()
        plot_relu_jacobian(axes, x, shift)

    def label(shift):
        return f"shift = {shift:g}: {int((x + shift > 0).sum())} of {x.size ** 2} nonzero"

    return frame_slider(fig, draw, shifts, alt=alt, label=label)
