"""Computational graphs drawn with matplotlib (no graphviz, no system binaries).

- ``graph_grads``: ∂output/∂t for every tensor t of a graph, intermediate ones included,
  without touching any ``.grad`` and without freeing the graph.
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

Explained in chapter 08 (Computational graphs); the tensor version in chapter 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .._util import as_int, describe
from ..autograd import Tensor, graph_grads
from .style import PALETTE

__all__ = ["graph_grads", "draw_graph", "draw_node_figure", "GraphDrawing",
           "VALUE_COLOR", "GRAD_COLOR", "LOCAL_COLOR"]

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
# The graph as nodes and edges, and its layout
# ---------------------------------------------------------------------------------------------

def _foldable(t: Tensor) -> bool:
    """A one-element constant with no name: written into its operation's label ("×-1")."""
    return not t.requires_grad and t.grad_fn is None and t.name is None and t.size == 1


def _collect(output: Tensor, fold_constants: bool, fmt: str, max_nodes: int, func: str):
    """The tensors to draw (oldest first: inputs before outputs), the edges and the
    constants folded into each operation, walking ``grad_fn.inputs`` without recursion."""
    seen, stack, nodes, edges, folded = {output}, [output], [], [], {}
    while stack:
        t = stack.pop()
        nodes.append(t)
        if len(nodes) > max_nodes:
            raise ValueError(
                f"{func}: the graph has more than max_nodes={max_nodes} nodes; a drawing is "
                "legible up to about 30: draw a smaller graph (or pass a larger max_nodes)")
        fn = t.grad_fn
        if fn is None:
            continue
        for k, inp in enumerate(fn.inputs):
            if fold_constants and _foldable(inp):
                folded.setdefault(t, []).append((k, format(inp.item(), fmt)))
                continue
            edges.append((inp, t))
            if inp not in seen:
                seen.add(inp)
                stack.append(inp)
    nodes.sort(key=lambda t: t._number)
    edges.reverse()
    return nodes, edges, folded


def _op_label(t: Tensor, folded: list) -> str:
    fn = t.grad_fn
    sym = fn.label
    if not folded:
        return sym
    k, c = folded[0]
    if k == 0 and fn.name not in ("Add", "Mul"):  # on the left of - / ^: 1/x, 1−x
        return f"{c}{sym}x"
    return f"{sym}{c}"                            # +1, ×-1, ^2


def _spaced(desired: Sequence[float], gap: float = 1.0) -> list[float]:
    """Positions p closest to ``desired`` (sorted) in least squares with p[i+1] ≥ p[i] + gap:
    isotonic regression (pool adjacent violators) of desired[i] − i·gap."""
    blocks: list[list[float]] = []
    for i, d in enumerate(desired):
        blocks.append([d - i * gap, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
    q = [b[0] / b[1] for b in blocks for _ in range(int(b[1]))]
    return [v + i * gap for i, v in enumerate(q)]


class _Bend:
    """A waypoint of a long edge, in a column the edge crosses (it takes a row there, so that
    the edge goes around the nodes of that column instead of through them)."""

    __slots__ = ()


def _layout(nodes: list, edges: list) -> tuple[dict, dict, list]:
    """Column (topological layer) and row of each node, and the waypoints of each edge.

    An operation sits one column right of its rightmost input; a leaf sits just left of its
    first consumer. An edge that spans several columns gets a waypoint in each column it
    crosses. Within a column, nodes and waypoints are ordered and placed near the mean row of
    their neighbours (a few sweeps left → right and back), one row apart at least.
    """
    direct_preds = {t: [] for t in nodes}
    direct_succs = {t: [] for t in nodes}
    for a, b in edges:
        direct_preds[b].append(a)
        direct_succs[a].append(b)
    col = {}
    for t in nodes:                       # oldest first: inputs are placed before outputs
        preds_t = direct_preds[t]
        col[t] = 1 + max(col[p] for p in preds_t) if preds_t else 0
    for t in nodes:
        if not direct_preds[t] and direct_succs[t]:
            col[t] = min(col[s] for s in direct_succs[t]) - 1
    everything = list(nodes)
    preds = {t: [] for t in nodes}
    succs = {t: [] for t in nodes}
    routes = []
    for a, b in edges:
        route, prev = [], a
        for c in range(col[a] + 1, col[b]):
            w = _Bend()
            col[w] = c
            preds[w], succs[w] = [], []
            everything.append(w)
            route.append(w)
            preds[w].append(prev)
            succs[prev].append(w)
            prev = w
        preds[b].append(prev)
        succs[prev].append(b)
        routes.append(route)
    ncols = max(col.values()) + 1
    columns: list = [[] for _ in range(ncols)]
    for t in everything:
        columns[col[t]].append(t)
    row = {}
    for column in columns:
        for i, t in enumerate(column):
            row[t] = i - (len(column) - 1) / 2

    def place(column, neighbours):
        desired = []
        for t in column:
            near = neighbours(t)
            desired.append(sum(row[n] for n in near) / len(near) if near else row[t])
        order = sorted(range(len(column)), key=lambda i: (desired[i], i))
        column[:] = [column[i] for i in order]
        for t, p in zip(column, _spaced([desired[i] for i in order])):
            row[t] = p

    for _ in range(3):
        for c in range(1, ncols):
            place(columns[c], preds.__getitem__)
        for c in range(ncols - 2, -1, -1):
            place(columns[c], succs.__getitem__)
    for c in range(ncols):
        place(columns[c], lambda t: preds[t] + succs[t])
    return col, row, routes


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


@dataclass(repr=False)
class GraphDrawing:
    """What ``draw_graph`` drew, for reading back (tests, captions).

    Attributes
    ----------
    ax : the matplotlib axes.
    nodes : the drawn tensors, oldest first (inputs before the tensors computed from them).
    edges : (input, output) pairs of tensors, one per arrow.
    positions : {tensor: (x, y)} in data coordinates (x is the topological layer).
    labels : {tensor: text inside the node}.   values : {tensor: text above the node}.
    grads : {tensor: text below the node} for the tensors whose gradient is shown.
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
    output : the Tensor whose graph is drawn (usually the loss).
    ax : axes to draw on; a new figure sized to the graph when None.
    show_grad : write the gradients below the nodes.
    grads : {Tensor: array} of the gradients to write (e.g. a subset, to show the backward
        pass step by step). When None: every gradient, computed with ``graph_grads``, if
        ``output`` is a scalar whose graph was not freed; otherwise the ``.grad`` a backward
        pass left (leaves, and tensors that called ``retain_grad()``).
    fmt : format spec of numbers (``".3g"``).  max_elements : largest vector written out.
    fold_constants : write unnamed one-element constants into their operation's label
        instead of drawing them as leaves.
    highlight : tensors whose node gets a thick outline (the node being processed).
    title : the axes title.  legend : explain the two colours in a key at the top.
    max_nodes : refuse larger graphs (a drawing is legible up to about 30 nodes).

    Returns
    -------
    GraphDrawing with the axes, the nodes, the edges, their positions and the texts drawn.

    Example
    -------
    >>> from bplib import Tensor
    >>> x = Tensor(-2.0, requires_grad=True); x.name = "x"
    >>> y = Tensor(5.0, requires_grad=True); y.name = "y"
    >>> z = Tensor(-4.0, requires_grad=True); z.name = "z"
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

    nodes, edges, folded = _collect(output, fold_constants, fmt, max_nodes, func)
    if not show_grad:
        grads = {}
    elif grads is None:
        grads = _available_grads(output, nodes)
    col, row, routes = _layout(nodes, edges)
    ncols = max(col.values()) + 1
    rows = list(row.values())
    top, bottom = max(rows), min(rows)

    if ax is None:
        width = max(4.0, 1.45 * ncols + 0.4)
        height = max(2.4, 1.25 * (top - bottom) + 1.8 + (0.3 if title else 0))
        _, ax = plt.subplots(figsize=(width, height))
    drawing = GraphDrawing(ax)
    drawing.nodes = nodes
    drawing.edges = edges

    # Rows grow downwards on the page: the first row of a column is at the top.
    pos = {t: (float(col[t]), -row[t]) for t in nodes}
    drawing.positions = pos
    radius = {}
    marked = set(highlight)
    markers: dict = {"s": [], "o": []}      # one scatter per marker shape (faster)
    for t in nodes:
        leaf = t.grad_fn is None
        label = (t.name or "leaf") if leaf else _op_label(t, folded.get(t))
        size = 13 if len(label) <= 2 else 11 if len(label) <= 4 else 9.5
        r = max(15.0, 0.3 * size * len(label) + 5)
        radius[t] = r
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
            text = _show(g, fmt, max_elements)
            drawing.grads[t] = text
            ax.annotate(text, pos[t], xytext=(0, -r - 2), textcoords="offset points",
                        ha="center", va="top", fontsize=11, color=GRAD_COLOR, zorder=5,
                        bbox=_TEXT_BOX)

    for shape, rows_ in markers.items():
        if rows_:
            xy, sizes, faces, edgecolors, widths, styles = zip(*rows_)
            ax.scatter(*zip(*xy), s=sizes, marker=shape, facecolors=faces,
                       edgecolors=edgecolors, linewidths=widths, linestyles=list(styles),
                       zorder=3)

    repeats: dict = {}
    for (a, b), route in zip(edges, routes):
        k = repeats[(a, b)] = repeats.get((a, b), -1) + 1   # x * x: two arrows, bent apart
        rad = 0.0 if k == 0 or route else 0.3 * (1 if k % 2 else -1) * ((k + 1) // 2)
        start, shrink = pos[a], radius[a] + 1
        if route:                # a long edge: a line through its waypoints, then the arrow
            bends = [(float(col[w]), -row[w]) for w in route]
            xs, ys = zip(pos[a], *bends)
            ax.plot(xs, ys, color=_EDGE, lw=1.1, linestyle="-", marker="none", zorder=2)
            start, shrink = bends[-1], 0
        ax.annotate("", xy=pos[b], xytext=start,
                    arrowprops=dict(arrowstyle="-|>", color=_EDGE, lw=1.1, mutation_scale=11,
                                    shrinkA=shrink, shrinkB=radius[b] + 1,
                                    connectionstyle=f"arc3,rad={rad}"), zorder=2)

    ax.set_xlim(-0.55, ncols - 0.45)
    ax.set_ylim(-top - 0.65, -bottom + (1.05 if legend else 0.6))
    ax.set_axis_off()
    if legend:
        handles = [Line2D([], [], color=VALUE_COLOR, marker="s", linestyle="none",
                          label="forward value (above a node)")]
        if grads:
            handles.append(Line2D([], [], color=GRAD_COLOR, marker="s", linestyle="none",
                                  label="gradient ∂out/∂node (below)"))
        ax.legend(handles=handles, loc="upper left", ncol=2, fontsize=10, frameon=False,
                  handletextpad=0.2, borderaxespad=0.1)
    if title:
        ax.set_title(title)
    return drawing


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
    ax : axes to draw on; a new figure when None.
    inputs : the names of the node's inputs (1 or 2), written in math italics.
    output : the name of its output.  op : the operation's name inside the node.
    loss : the name of the loss at the end of the graph.
    values : {name: number} forward values to write (``x = 3``), for inputs and output.
    local_grads : {input name: number} the local gradients ∂z/∂input at those values.
    upstream : the number ∂L/∂z. With ``local_grads`` the downstream gradients are
        computed and written (local × upstream).
    shapes : {name: shape} for every input and the output, e.g. ``{"x": (4,), "y": (3,),
        "z": (2,)}`` (entries may be ints or strings such as ``"N"``): the tensor version,
        labelled with the shapes of the values, of the Jacobians ∂z/∂x (shape of z + shape
        of x) and of the gradients (each shaped like its variable); numbers are then not
        allowed.
    labels : overrides of any text, by key: ``"op"``, ``"value:x"``, ``"local:x"``,
        ``"grad:x"`` (for an input, the downstream gradient; for the output, the upstream
        one), for each name.
    fmt : format spec of numbers.  title : the axes title.

    Returns
    -------
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
    if labels is not None:
        if not isinstance(labels, Mapping):
            raise TypeError(f"{func}: labels must be a dict by key; got {describe(labels)}")
        unknown = set(labels) - set(text)
        if unknown:
            raise ValueError(f"{func}: labels has unknown key(s) {sorted(unknown)}; expected "
                             f"some of {sorted(text)}")
        text.update({k: str(v) for k, v in labels.items()})

    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, 4.6))
    # Geometry in data units (equal aspect): the node in the middle, its inputs' wires
    # arriving from the left, its output's wire leaving to the right, towards the loss.
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
    if title:
        ax.set_title(title)
    return ax
