"""Where ``draw_graph`` puts the nodes of a computational graph: pure Python, no matplotlib.

``collect_graph`` turns the graph behind a tensor into nodes and edges (walking
``grad_fn.inputs`` without recursion), and ``layered_layout`` gives each node a column (its
topological layer, left → right) and a row, routing an edge that spans several columns through
a waypoint in each column it crosses. ``bplib.viz.graph`` draws the result.

Only what a tensor offers is used (``grad_fn``, ``grad_fn.inputs``, ``requires_grad``,
``name``, ``size``, ``item()``, and the creation order ``_number``), so this module imports
nothing from the engine and can be tested on its own. The figures it lays out are those of
chapter 08 (Computational graphs).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence


def foldable(t: Any) -> bool:
    """A one-element constant with no name: written into its operation's label ("×-1")."""
    return not t.requires_grad and t.grad_fn is None and t.name is None and t.size == 1


def collect_graph(output: Any, fold_constants: bool, fmt: str, max_nodes: int,
                  func: str) -> tuple[list, list, dict]:
    """The nodes, the edges and the folded constants of the graph behind ``output``.

    Parameters
    ----------
    output : Tensor
        The tensor whose graph is collected.
    fold_constants : bool
        Leave out the ``foldable`` constants, recording them with their operation instead.
    fmt : str
        Format spec for a folded constant's value.
    max_nodes : int
        Refuse a larger graph (``ValueError`` naming ``func``).
    func : str
        The public function to name in that error.

    Returns
    -------
    nodes : list
        The tensors, oldest first (every input before the tensors computed from it).
    edges : list of tuple
        (input, output) pairs, one per arrow.
    folded : dict
        {tensor: [(position of the constant among the inputs, its value as text)]}.

    Example
    -------
    >>> from bplib import Tensor
    >>> x = Tensor(2.0, requires_grad=True, name="x")
    >>> y = x * 3
    >>> nodes, edges, folded = collect_graph(y, True, ".3g", 10, "draw_graph")
    >>> [t.name or "op" for t in nodes], len(edges), folded[y]
    (['x', 'op'], 1, [(1, '3')])
    """
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
            if fold_constants and foldable(inp):
                folded.setdefault(t, []).append((k, format(inp.item(), fmt)))
                continue
            edges.append((inp, t))
            if inp not in seen:
                seen.add(inp)
                stack.append(inp)
    nodes.sort(key=lambda t: t._number)
    edges.reverse()
    return nodes, edges, folded


def spaced(desired: Sequence[float], gap: float = 1.0) -> list[float]:
    """Positions p closest to ``desired`` (sorted) in least squares with p[i+1] ≥ p[i] + gap:
    isotonic regression (pool adjacent violators) of desired[i] − i·gap.

    >>> [round(p, 6) for p in spaced([0.0, 0.2, 0.4])]   # centred on 0.2, one apart
    [-0.8, 0.2, 1.2]
    """
    blocks: list[list[float]] = []
    for i, d in enumerate(desired):
        blocks.append([d - i * gap, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
    q = [b[0] / b[1] for b in blocks for _ in range(int(b[1]))]
    return [v + i * gap for i, v in enumerate(q)]


def layered_layout(nodes: list, edges: list) -> tuple[dict, dict, list]:
    """Column (topological layer) and row of each node, and the waypoints of each edge.

    An operation sits one column right of its rightmost input; a leaf sits just left of its
    first consumer. An edge that spans several columns gets a waypoint in each column it
    crosses (a fresh ``object()``, which takes a row there so that the edge goes around the
    nodes of that column instead of through them). Within a column, nodes and waypoints are
    ordered and placed near the mean row of their neighbours (a few sweeps left → right and
    back), one row apart at least.

    Parameters
    ----------
    nodes : list
        Oldest first, as ``collect_graph`` returns them.
    edges : list of tuple
        (input, output) pairs.

    Returns
    -------
    col : dict
        {node or waypoint: column, an int from 0}.
    row : dict
        {node or waypoint: row, a float; rows are at least 1 apart within a column}.
    routes : list of list
        For each edge, in order, its waypoints (empty for an edge between adjacent columns).

    Example
    -------
    >>> a, b, c = "a", "b", "c"                  # any hashable nodes, oldest first
    >>> col, row, routes = layered_layout([a, b, c], [(a, b), (b, c), (a, c)])
    >>> [col[n] for n in (a, b, c)], [len(r) for r in routes]
    ([0, 1, 2], [0, 0, 1])
    """
    col = _columns(nodes, edges)
    everything = list(nodes)
    preds: dict = {t: [] for t in nodes}
    succs: dict = {t: [] for t in nodes}
    routes = []
    for a, b in edges:
        route, prev = [], a
        for c in range(col[a] + 1, col[b]):
            w = object()                   # a waypoint
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
    for _ in range(3):
        for c in range(1, ncols):
            _place(columns[c], preds.__getitem__, row)
        for c in range(ncols - 2, -1, -1):
            _place(columns[c], succs.__getitem__, row)
    for c in range(ncols):
        _place(columns[c], lambda t: preds[t] + succs[t], row)
    return col, row, routes


def _columns(nodes: list, edges: list) -> dict:
    """An operation one column right of its rightmost input; a leaf just left of its first
    consumer."""
    direct_preds: dict = {t: [] for t in nodes}
    direct_succs: dict = {t: [] for t in nodes}
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
    return col


def _place(column: list, neighbours: Callable[[Any], list], row: dict) -> None:
    """Order one column by the mean row of each entry's neighbours, and space it out."""
    desired = []
    for t in column:
        near = neighbours(t)
        desired.append(sum(row[n] for n in near) / len(near) if near else row[t])
    order = sorted(range(len(column)), key=lambda i: (desired[i], i))
    column[:] = [column[i] for i in order]
    for t, p in zip(column, spaced([desired[i] for i in order])):
        row[t] = p
