"""Computational graphs drawn with matplotlib (no graphviz, no system binaries).

- ``draw_graph``: the graph behind a Tensor, laid out left → right in topological layers.
  Each tensor is one node: a square for a leaf (its name inside), a circle for a computed
  tensor (its operation inside). The forward value is written above a node (blue), the
  gradient ∂output/∂node below it (vermillion); arrows point the way values flow.
- ``draw_node_figure``: one node z = f(x, y) inside a larger graph, with the forward values,
  the upstream gradient ∂L/∂z, the local gradients ∂z/∂x, ∂z/∂y and the downstream
  gradients ∂L/∂x = ∂z/∂x · ∂L/∂z; with ``shapes=`` the same node for tensors, labelled
  with the shapes of the values, the Jacobians and the gradients.

Colours (Okabe–Ito, colour-blind safe): forward values ``VALUE_COLOR`` (blue), gradients
``GRAD_COLOR`` (vermillion), local gradients ``LOCAL_COLOR`` (green). Values and gradients
are also told apart by position (above / below), so the figures read in greyscale.

Where the nodes go is decided in ``bplib.viz._layout`` (no matplotlib there); the gradients
written below them come from ``bplib.autograd.graph_grads``, and how an operation is written
inside its node from the node class (``MulBackward.label`` is ``"×"``).

Explained in chapter 08 (Computational graphs); the tensor version in chapter 10 (Tensors and
Jacobians).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .._util import as_int, describe
from ..autograd import Tensor, graph_grads   # (graph_grads is also importable from here)
from ._layout import collect_graph, layered_layout
from .style import PALETTE, figsize

__all__ = ["draw_graph", "draw_node_figure", "GraphDrawing", "VALUE_COLOR", "GRAD_COLOR",
           "LOCAL_COLOR"]

#: Colour of forward values (blue).
VALUE_COLOR = PALETTE[0]
#: Colour of gradients, upstream and downstream (vermillion).
GRAD_COLOR = PALETTE[5]
#: Colour of local gradients (bluish green).
LOCAL_COLOR = PALETTE[2]
_HIGHLIGHT = PALETTE[3]
_EDGE = "0.35"
# Numbers stay readable where an arrow passes behind them.
_TEXT_BOX = dict(facecolor="white", edgecolor="none", alpha=0.85, pad=0.4)

# ---------------------------------------------------------------------------------------------
# Drawing a graph
# ---------------------------------------------------------------------------------------------

def _show(a: Any, fmt: str, max_elements: int) -> str:
    """A number for one element, a short list for a small vector, else the shape."""
    a = np.asarray(a)
    if a.ndim == 0:
        return format(float(a), fmt)
    if a.ndim == 1 and 0 < a.size <= max_elements:
        return "[" + ", ".join(format(float(v), fmt) for v in a) + "]"
    return str(tuple(a.shape))


def _op_label(t: Tensor, folded: list | None) -> str:
    """The text inside an operation's node: its symbol, with a folded constant (+1, ×-1, 1/x)."""
    fn = t.grad_fn
    sym = fn.label
    if not folded:
        return sym
    k, c = folded[0]
    if k == 0 and fn.name not in ("Add", "Mul"):  # on the left of - / ^: 1/x, 1−x
        return f"{c}{sym}x"
    return f"{sym}{c}"                            # +1, ×-1, ^2


@dataclass(repr=False)
class GraphDrawing:
    """What ``draw_graph`` drew, for reading back (tests, captions).

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        The axes drawn on.
    nodes : list of Tensor
        The drawn tensors, oldest first (inputs before the tensors computed from them).
    edges : list of tuple
        (input, output) pairs of tensors, one per arrow.
    positions : dict
        {tensor: (x, y)} in data coordinates (x is the topological layer).
    labels : dict
        {tensor: text inside the node}.
    values : dict
        {tensor: text above the node}.
    grads : dict
        {tensor: text below the node}, for the tensors whose gradient is shown.

    Example
    -------
    >>> d = draw_graph(Tensor(2.0, requires_grad=True, name="x") * 3)
    >>> d.labels[d.nodes[-1]], d.values[d.nodes[-1]], d.grads[d.nodes[0]]
    ('×3', '6', '3')
    >>> plt.close(d.ax.figure)

    Explained in chapter 08 (Computational graphs).
    """

    ax: Axes
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    positions: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    grads: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"GraphDrawing({len(self.nodes)} nodes, {len(self.edges)} edges, "
                f"{len(self.grads)} gradients shown)")


def _available_grads(output: Tensor, nodes: list) -> dict:
    """The gradients to show when none are given: all of them if the graph can still be
    back-propagated (a scalar output whose saved values are not freed), else the ``.grad``
    that a backward pass left (leaves, and tensors that called ``retain_grad()``)."""
    if output.requires_grad and output.size == 1:
        try:
            return graph_grads(output)
        except RuntimeError:            # freed by an earlier backward: use what it left
            pass
    return {t: t.grad for t in nodes if t.grad is not None}


def draw_graph(output: Tensor, ax: Axes | None = None, *, show_grad: bool = True,
               grads: Mapping | None = None, fmt: str = ".3g", max_elements: int = 3,
               fold_constants: bool = True, highlight: Sequence[Tensor] = (),
               title: str | None = None, legend: bool = True,
               max_nodes: int = 60) -> GraphDrawing:
    """Draw the computational graph that produced ``output``, left → right.

    Leaves are squares with their ``name`` inside; computed tensors are circles with their
    operation inside (a one-element constant operand is folded into it: ``+1``, ``×-1``,
    ``1/x``). Above each node, in blue, its forward value; below it, in vermillion, the
    gradient ∂output/∂node. A scalar shows its value, a vector of at most ``max_elements``
    entries its entries, anything larger its shape.

    Parameters
    ----------
    output : Tensor
        The tensor whose graph is drawn (usually the loss).
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; a new figure sized to the graph when None.
    show_grad : bool, default True
        Write the gradients below the nodes.
    grads : dict, optional
        {Tensor: array}, the gradients to write (e.g. a subset, to show the backward pass
        step by step). When None: every gradient, computed with
        ``bplib.autograd.graph_grads``, if ``output`` is a scalar whose graph was not freed;
        otherwise the ``.grad`` a backward pass left (leaves, and tensors that called
        ``retain_grad()``).
    fmt : str, default ".3g"
        The format spec of numbers.
    max_elements : int, default 3
        The largest vector written out entry by entry.
    fold_constants : bool, default True
        Write unnamed one-element constants into their operation's label instead of
        drawing them as leaves.
    highlight : sequence of Tensor, default ()
        Tensors whose node gets a thick outline (the node being processed).
    title : str, optional
        The axes title.
    legend : bool, default True
        Explain the two colours in a key at the top.
    max_nodes : int, default 60
        Refuse larger graphs (a drawing is legible up to about 30 nodes).

    Returns
    -------
    GraphDrawing
        The axes, the nodes, the edges, their positions and the texts drawn.

    Example
    -------
    >>> from bplib import Tensor
    >>> x = Tensor(-2.0, requires_grad=True, name="x")
    >>> y = Tensor(5.0, requires_grad=True, name="y")
    >>> z = Tensor(-4.0, requires_grad=True, name="z")
    >>> f = (x + y) * z
    >>> d = draw_graph(f)
    >>> d
    GraphDrawing(5 nodes, 4 edges, 5 gradients shown)
    >>> d.values[f], d.grads[x], d.grads[z]
    ('-12', '-4', '3')
    >>> plt.close(d.ax.figure)

    Explained in chapter 08 (Computational graphs).
    """
    func = "draw_graph"
    max_elements, max_nodes, highlight = _check_draw_args(
        output, ax, fmt, max_elements, max_nodes, grads, highlight, func)
    nodes, edges, folded = collect_graph(output, fold_constants, fmt, max_nodes, func)
    if not show_grad:
        grads = {}
    elif grads is None:
        grads = _available_grads(output, nodes)
    col, row, routes = layered_layout(nodes, edges)
    if ax is None:
        ax = _graph_figure(col, row, title)
    # Rows grow downwards on the page: the first row of a column is at the top.
    pos = {t: (float(col[t]), -row[t]) for t in nodes}
    drawing = GraphDrawing(ax, nodes=nodes, edges=edges, positions=pos)
    radius = _draw_nodes(drawing, folded, grads, set(highlight), fmt, max_elements)
    _draw_edges(ax, edges, routes, pos, radius, col, row)
    _frame(ax, col, row, legend and _legend_handles(bool(grads)), title)
    return drawing


def _check_draw_args(output, ax, fmt, max_elements, max_nodes, grads, highlight, func):
    """``draw_graph``'s arguments checked; returns max_elements, max_nodes and highlight."""
    if not isinstance(output, Tensor):
        raise TypeError(f"{func}: output must be a Tensor; got {describe(output)}")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"{func}: ax must be matplotlib Axes or None; got {describe(ax)}")
    if not isinstance(fmt, str):
        raise TypeError(f"{func}: fmt must be a format spec string such as '.3g'; got {describe(fmt)}")
    try:
        format(1.5, fmt)
    except ValueError:
        raise ValueError(f"{func}: fmt {fmt!r} is not a format spec for numbers; expected e.g. "
                         "'.3g' or '.2f'") from None
    max_elements = as_int(max_elements, "max_elements", func, low=0)
    max_nodes = as_int(max_nodes, "max_nodes", func, low=1)
    if grads is not None and not isinstance(grads, Mapping):
        raise TypeError(f"{func}: grads must be a dict {{Tensor: array}} or None; got {describe(grads)}")
    if isinstance(highlight, Tensor):
        highlight = (highlight,)
    for h in highlight:
        if not isinstance(h, Tensor):
            raise TypeError(f"{func}: highlight must hold Tensors; got {describe(h)}")
    return max_elements, max_nodes, highlight


def _graph_figure(col: dict, row: dict, title: str | None) -> Axes:
    """A new figure sized to the graph: about 1.45 inches per column, 1.25 per row (for a
    graph of more than 4 columns, pass an ``ax`` of ``viz.figsize(...)`` to fit the page)."""
    ncols = max(col.values()) + 1
    rows = list(row.values())
    width = max(4.0, 1.45 * ncols + 0.4)
    height = max(2.4, 1.25 * (max(rows) - min(rows)) + 1.8 + (0.3 if title else 0))
    _, ax = plt.subplots(figsize=(width, height))
    return ax


def _draw_nodes(drawing: GraphDrawing, folded: dict, grads: Mapping, marked: set, fmt: str,
                max_elements: int) -> dict:
    """Each node's marker, label, value (above) and gradient (below); returns each node's
    radius in points, where its arrows stop."""
    ax, pos = drawing.ax, drawing.positions
    radius = {}
    markers: dict = {"s": [], "o": []}      # one scatter per marker shape (faster)
    for t in drawing.nodes:
        leaf = t.grad_fn is None
        label = (t.name or "leaf") if leaf else _op_label(t, folded.get(t))
        size = 13 if len(label) <= 2 else 11 if len(label) <= 4 else 9.5
        r = radius[t] = max(15.0, 0.3 * size * len(label) + 5)
        face = ("#E8E8E8" if t.requires_grad else "white") if leaf else "white"
        lw, edge = (3.0, _HIGHLIGHT) if t in marked else (1.2, "0.2")
        markers["s" if leaf else "o"].append(
            (pos[t], (2 * r) ** 2, face, edge, lw, "-" if t.requires_grad else "--"))
        ax.text(*pos[t], label, ha="center", va="center", fontsize=size, zorder=4)
        drawing.labels[t] = label
        value = _show(t.data, fmt, max_elements)
        if not leaf and t.name:
            value = f"{t.name} = {value}" if "(" not in value else f"{t.name} {value}"
        drawing.values[t] = value
        ax.annotate(value, pos[t], xytext=(0, r + 2), textcoords="offset points", ha="center",
                    va="bottom", fontsize=11, color=VALUE_COLOR, zorder=5, bbox=_TEXT_BOX)
        g = grads.get(t)
        if g is not None:
            text = drawing.grads[t] = _show(g, fmt, max_elements)
            ax.annotate(text, pos[t], xytext=(0, -r - 2), textcoords="offset points",
                        ha="center", va="top", fontsize=11, color=GRAD_COLOR, zorder=5,
                        bbox=_TEXT_BOX)
    for shape, rows in markers.items():
        if rows:
            xy, sizes, faces, edgecolors, widths, styles = zip(*rows)
            ax.scatter(*zip(*xy), s=sizes, marker=shape, facecolors=faces,
                       edgecolors=edgecolors, linewidths=widths, linestyles=list(styles),
                       zorder=3)
    return radius


def _draw_edges(ax: Axes, edges: list, routes: list, pos: dict, radius: dict, col: dict,
                row: dict) -> None:
    """One arrow per edge; a long edge is a line through its waypoints, then the arrow, and
    a repeated edge (x * x) is bent apart from the first."""
    repeats: dict = {}
    for (a, b), route in zip(edges, routes):
        k = repeats[(a, b)] = repeats.get((a, b), -1) + 1
        rad = 0.0 if k == 0 or route else 0.3 * (1 if k % 2 else -1) * ((k + 1) // 2)
        start, shrink = pos[a], radius[a] + 1
        if route:
            bends = [(float(col[w]), -row[w]) for w in route]
            xs, ys = zip(pos[a], *bends)
            ax.plot(xs, ys, color=_EDGE, lw=1.1, linestyle="-", marker="none", zorder=2)
            start, shrink = bends[-1], 0
        ax.annotate("", xy=pos[b], xytext=start,
                    arrowprops=dict(arrowstyle="-|>", color=_EDGE, lw=1.1, mutation_scale=11,
                                    shrinkA=shrink, shrinkB=radius[b] + 1,
                                    connectionstyle=f"arc3,rad={rad}"), zorder=2)


def _legend_handles(with_grads: bool) -> list:
    """The key: forward values, and gradients when any is shown."""
    handles = [Line2D([], [], color=VALUE_COLOR, marker="s", linestyle="none",
                      label="forward value (above a node)")]
    if with_grads:
        handles.append(Line2D([], [], color=GRAD_COLOR, marker="s", linestyle="none",
                              label="gradient ∂out/∂node (below)"))
    return handles


def _frame(ax: Axes, col: dict, row: dict, legend: list | bool, title: str | None) -> None:
    """Limits around the nodes (room for the key at the top), no axes, the key and title."""
    ncols = max(col.values()) + 1
    rows = list(row.values())
    top, bottom = max(rows), min(rows)
    ax.set_xlim(-0.55, ncols - 0.45)
    ax.set_ylim(-top - 0.65, -bottom + (1.05 if legend else 0.6))
    ax.set_axis_off()
    if legend:
        ax.legend(handles=legend, loc="upper left", ncol=2, fontsize=10, frameon=False,
                  handletextpad=0.2, borderaxespad=0.1)
    if title:
        ax.set_title(title)


# ---------------------------------------------------------------------------------------------
# One node inside a graph: upstream, local and downstream gradients
# ---------------------------------------------------------------------------------------------

def _shape_text(shape: Any) -> str:
    parts = [str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def draw_node_figure(ax: Axes | None = None, *, inputs: Sequence[str] = ("x", "y"),
                     output: str = "z", op: str = "f", loss: str = "L",
                     values: Mapping[str, float] | None = None,
                     local_grads: Mapping[str, float] | None = None,
                     upstream: float | None = None,
                     shapes: Mapping[str, Sequence] | None = None,
                     labels: Mapping[str, str] | None = None, fmt: str = ".3g",
                     title: str | None = None) -> Axes:
    """One node z = f(x, y) inside a graph: the picture of backpropagation at a single node.

    Forward values flow right (blue arrows above the wires); the upstream gradient ∂L/∂z
    arrives from the right (vermillion arrows below), the node multiplies it by its local
    gradients ∂z/∂x, ∂z/∂y (green), and the downstream gradients ∂L/∂x = ∂z/∂x · ∂L/∂z leave
    to the left, towards the nodes that computed x and y.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; a new figure when None.
    inputs : sequence of str, default ("x", "y")
        The names of the node's inputs (1 or 2), written in math italics.
    output : str, default "z"
        The name of its output.
    op : str, default "f"
        The operation's name inside the node.
    loss : str, default "L"
        The name of the loss at the end of the graph.
    values : dict, optional
        {name: number}, forward values to write (``x = 3``), for inputs and output.
    local_grads : dict, optional
        {input name: number}, the local gradients ∂z/∂input at those values.
    upstream : float, optional
        The number ∂L/∂z. With ``local_grads`` the downstream gradients are computed and
        written (local × upstream).
    shapes : dict, optional
        {name: shape} for every input and the output, e.g. ``{"x": (4,), "y": (3,),
        "z": (2,)}`` (entries may be ints or strings such as ``"N"``): the tensor version,
        labelled with the shapes of the values, of the Jacobians ∂z/∂x (shape of z + shape
        of x) and of the gradients (each shaped like its variable); numbers are then not
        allowed.
    labels : dict, optional
        Overrides of any text, by key: ``"op"``, ``"value:x"``, ``"local:x"``, ``"grad:x"``
        (for an input, the downstream gradient; for the output, the upstream one), for each
        name.
    fmt : str, default ".3g"
        The format spec of numbers.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Example
    -------
    >>> ax = draw_node_figure(values={"x": 3, "y": -4, "z": -12}, op="×",
    ...                       local_grads={"x": -4, "y": 3}, upstream=2)
    >>> any("= -8" in t.get_text() for t in ax.texts)   # ∂L/∂x = (-4)·2
    True
    >>> plt.close(ax.figure)

    Explained in chapter 08 (Computational graphs); with shapes, chapter 10 (Tensors and
    Jacobians).
    """
    func = "draw_node_figure"
    inputs = _check_node_figure_args(ax, inputs, output, values, local_grads, upstream, shapes,
                                     func)
    text = _node_figure_texts(inputs, output, op, loss, values, local_grads, upstream, shapes,
                              fmt)
    if labels is not None:
        if not isinstance(labels, Mapping):
            raise TypeError(f"{func}: labels must be a dict by key; got {describe(labels)}")
        unknown = set(labels) - set(text)
        if unknown:
            raise ValueError(f"{func}: labels has unknown key(s) {sorted(unknown)}; expected "
                             f"some of {sorted(text)}")
        text.update({k: str(v) for k, v in labels.items()})
    if ax is None:
        _, ax = plt.subplots(figsize=figsize(0.52))
    _draw_one_node(ax, text, inputs, output, loss)
    if title:
        ax.set_title(title)
    return ax


def _check_node_figure_args(ax, inputs, output, values, local_grads, upstream, shapes,
                            func: str) -> list:
    """``draw_node_figure``'s arguments checked; returns the inputs' names as a list."""
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"{func}: ax must be matplotlib Axes or None; got {describe(ax)}")
    if isinstance(inputs, str) or not all(isinstance(n, str) for n in inputs):
        raise TypeError(f"{func}: inputs must be a sequence of names (strings); got {describe(inputs)}")
    inputs = list(inputs)
    if not 1 <= len(inputs) <= 2 or len(set(inputs + [output])) != len(inputs) + 1:
        raise ValueError(f"{func}: inputs must hold 1 or 2 distinct names, different from the "
                         f"output {output!r}; got {inputs}")
    names = inputs + [output]
    if shapes is not None and (values or local_grads or upstream is not None):
        raise ValueError(f"{func}: give either shapes (the tensor version) or numbers (values, "
                         "local_grads, upstream), not both")
    for arg, given, allowed in (("values", values, names), ("local_grads", local_grads, inputs),
                                ("shapes", shapes, names)):
        if given is None:
            continue
        if not isinstance(given, Mapping):
            raise TypeError(f"{func}: {arg} must be a dict by name; got {describe(given)}")
        unknown = set(given) - set(allowed)
        if unknown:
            raise ValueError(f"{func}: {arg} has unknown name(s) {sorted(unknown)}; expected "
                             f"some of {allowed}")
    if shapes is not None and set(shapes) != set(names):
        raise ValueError(f"{func}: shapes must give a shape for each of {names}; got "
                         f"{sorted(shapes)}")
    if local_grads is not None and set(local_grads) != set(inputs):
        raise ValueError(f"{func}: local_grads must give ∂{output}/∂input for each of {inputs}; "
                         f"got {sorted(local_grads)}")
    return inputs


def _node_figure_texts(inputs, output, op, loss, values, local_grads, upstream, shapes,
                       fmt) -> dict:
    """The texts of the one-node figure, by key (``"op"``, ``"value:x"``, ``"local:x"``,
    ``"grad:x"``): names, and numbers or shapes where given."""
    names = inputs + [output]
    num = lambda v: format(float(v), fmt)  # noqa: E731

    def d(a: str, b: str) -> str:                 # ∂a/∂b in math text
        return rf"\partial {a}/\partial {b}"

    text = {"op": op}
    for n in names:
        text[f"value:{n}"] = f"${n}$"
        if values and n in values:
            text[f"value:{n}"] += f" = {num(values[n])}"
    text[f"grad:{output}"] = f"${d(loss, output)}$"
    if upstream is not None:
        text[f"grad:{output}"] += f" = {num(upstream)}"
    for n in inputs:
        text[f"local:{n}"] = f"${d(output, n)}$"
        if shapes is not None:       # a vector-Jacobian product
            text[f"grad:{n}"] = (f"${d(loss, n)} = ({d(output, n)})^{{\\top}}"
                                 f"\\, {d(loss, output)}$")
        else:
            text[f"grad:{n}"] = f"${d(loss, n)} = {d(output, n)} \\cdot {d(loss, output)}$"
        if local_grads is not None:
            text[f"local:{n}"] += f" = {num(local_grads[n])}"
            if upstream is not None:
                product = float(local_grads[n]) * float(upstream)
                text[f"grad:{n}"] += (f"\n= {num(local_grads[n])} · {num(upstream)}"
                                      f" = {num(product)}")
    if shapes is not None:
        sh = {n: _shape_text(shapes[n]) for n in names}
        for n in names:
            text[f"value:{n}"] += f"   {sh[n]}"
            text[f"grad:{n}"] += f"   {sh[n]}"
        for n in inputs:
            text[f"local:{n}"] += "   " + _shape_text(list(shapes[output]) + list(shapes[n]))
    return text


def _draw_one_node(ax: Axes, text: dict, inputs: list, output: str, loss: str) -> None:
    """The geometry of the one-node figure, in data units (equal aspect): the node in the
    middle, its inputs' wires arriving from the left, its output's wire leaving to the right,
    towards the loss; values above the wires, gradients below."""
    cx, cy, R = 7.6, 3.5, 0.8
    left, right = 1.0, 12.8
    n_in = len(inputs)
    ys = [cy] if n_in == 1 else [5.9, 1.1]
    forward = dict(color=VALUE_COLOR, lw=2.0, arrowstyle="-|>", mutation_scale=18)
    backward = dict(color=GRAD_COLOR, lw=2.0, arrowstyle="-|>", mutation_scale=18)
    big, small = 13, 10.5

    ax.add_patch(plt.Circle((cx, cy), R, facecolor="white", edgecolor="0.15", lw=1.8, zorder=3))
    ax.text(cx, cy, text["op"], ha="center", va="center", fontsize=16, zorder=4)
    for y in ys:                     # the nodes that computed the inputs (the graph goes on)
        ax.add_patch(plt.Circle((left - 0.35, y), 0.3, facecolor="0.93", edgecolor="0.6",
                                lw=1, ls="--"))
        ax.text(left - 0.35, y, "⋯", ha="center", va="center", color="0.4")
    ax.add_patch(plt.Rectangle((right + 0.1, cy - 0.35), 1.0, 0.7, facecolor="0.93",
                               edgecolor="0.6", lw=1, ls="--"))
    ax.text(right + 0.6, cy, f"⋯ ${loss}$", ha="center", va="center", color="0.3",
            fontsize=small)

    local_at = [(cy + R + 0.25, "bottom"), (cy - R - 0.25, "top")]
    for k, (n, y) in enumerate(zip(inputs, ys)):
        start, end = np.array([left, y]), np.array([cx, cy])
        u = (end - start) / np.hypot(*(end - start))
        normal = np.array([-u[1], u[0]])             # points to the upper side of the wire
        ax.annotate("", xy=end - u * (R + 0.05), xytext=start, arrowprops=forward)
        angle = np.degrees(np.arctan2(u[1], u[0]))
        at = start + 0.42 * (end - start) + 0.2 * normal
        ax.text(*at, text[f"value:{n}"], ha="center", va="bottom", color=VALUE_COLOR,
                fontsize=big, rotation=angle, rotation_mode="anchor")
        a, b = start + 0.62 * (end - start), start + 0.2 * (end - start)
        ax.annotate("", xy=b - 0.45 * normal, xytext=a - 0.45 * normal, arrowprops=backward)
        low = min((a - 0.45 * normal)[1], (b - 0.45 * normal)[1]) - 0.3
        low = min(low, y - 0.4)       # below the circle the wire starts from
        ax.text(left - 0.6, low, text[f"grad:{n}"], ha="left", va="top",
                color=GRAD_COLOR, fontsize=big - 1)
        ly, va = local_at[k]
        ax.text(cx, ly, text[f"local:{n}"], ha="center", va=va, color=LOCAL_COLOR,
                fontsize=big)
    ax.annotate("", xy=(right, cy), xytext=(cx + R + 0.05, cy), arrowprops=forward)
    ax.text((cx + right) / 2, cy + 0.2, text[f"value:{output}"], ha="center", va="bottom",
            color=VALUE_COLOR, fontsize=big)
    ax.annotate("", xy=(cx + R + 0.6, cy - 0.45), xytext=(right - 0.4, cy - 0.45),
                arrowprops=backward)
    ax.text((cx + right) / 2, cy - 0.7, text[f"grad:{output}"], ha="center", va="top",
            color=GRAD_COLOR, fontsize=big)

    ax.text((cx + right) / 2, cy - 1.55, "upstream gradient", ha="center", va="top",
            color=GRAD_COLOR, fontsize=small, style="italic")
    ax.text(cx, cy + R + 1.0, "local gradients", ha="center",
            va="bottom", color=LOCAL_COLOR, fontsize=small, style="italic")
    ax.text(left - 0.6, -0.6, "downstream gradients", ha="left", va="top", color=GRAD_COLOR,
            fontsize=small, style="italic")
    ax.text(right + 1.1, 7.0, "forward pass: values →", ha="right", va="top",
            color=VALUE_COLOR, fontsize=small)
    ax.text(right + 1.1, -0.6, "← backward pass: gradients", ha="right", va="top",
            color=GRAD_COLOR, fontsize=small)
    ax.set_xlim(left - 0.7, right + 1.2)
    ax.set_ylim(-1.2, 7.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
