"""Checks for the exercises of chapter 08 (Computational graphs).

The references are exact: the gradients of the small expressions are worked out by the
autograd engine, and an order of the graph is checked by its defining property (every tensor
comes before the tensors it was computed from), so any correct answer passes.
"""

from __future__ import annotations

import traceback
from typing import Callable

import numpy as np

from ..autograd import Tensor, topological_order
from ..viz.graph import graph_grads
from ._core import fail, fmt, check_function


def _leaf(value: float, name: str) -> Tensor:
    t = Tensor(value, requires_grad=True)
    t.name = name
    return t


def _named(t: Tensor, name: str) -> Tensor:
    t.name = name
    return t


def _max_graph_grads(x, y, z):
    """∂f/∂(x, y, z) of f = (x + y)·max(y, z), by the engine (max(y, z) = z + relu(y − z))."""
    X, Y, Z = _leaf(x, "x"), _leaf(y, "y"), _leaf(z, "z")
    f = (X + Y) * (Z + (Y - Z).relu())
    g = graph_grads(f)
    return tuple(float(g[t]) for t in (X, Y, Z))


def check_grads_by_hand(fn: Callable) -> bool:
    """Exercise 8.1: ``fn(x, y, z)`` returns the tuple (∂f/∂x, ∂f/∂y, ∂f/∂z) of
    f = (x + y)·max(y, z) at numbers with y ≠ z."""
    cases = [(-2.0, 5.0, -4.0), (1.0, 2.0, -1.0), (3.0, -1.0, 2.0), (0.5, 1.5, 4.0),
             (-3.0, -0.5, -2.5)]
    return check_function(
        "Exercise 8.1 (gradients by hand)", fn, cases, _max_graph_grads,
        hint="go backwards from f (gradient 1): the multiply swaps (q = x + y gets max(y, z), "
             "m = max(y, z) gets q), the add distributes (x and y each get ∂f/∂q), the max "
             "routes ∂f/∂m to the larger of y and z only; y is used twice, so its two "
             "contributions add up. Return a tuple of three numbers.",
        describe=lambda c: f"x={c[0]}, y={c[1]}, z={c[2]}")


def _hypot_backward(x, y, grad_z):
    z = np.sqrt(x * x + y * y)
    return x / z * grad_z, y / z * grad_z


def check_hypot_backward(fn: Callable) -> bool:
    """Exercise 8.2: ``fn(x, y, grad_z)`` returns (grad_x, grad_y), the downstream gradients
    of the node z = sqrt(x² + y²) (elementwise) given the upstream gradient grad_z."""
    rng = np.random.default_rng(802)
    cases = [(3.0, 4.0, 1.0), (3.0, 4.0, -2.0),
             (rng.standard_normal(4) + 2, rng.standard_normal(4), rng.standard_normal(4)),
             (rng.standard_normal((2, 3)), rng.standard_normal((2, 3)) - 2,
              rng.standard_normal((2, 3)))]
    return check_function(
        "Exercise 8.2 (the backward of a node)", fn, cases, _hypot_backward,
        hint="local gradients ∂z/∂x = x / z and ∂z/∂y = y / z (with z = sqrt(x² + y²)); each "
             "downstream gradient is local × upstream: (x / z * grad_z, y / z * grad_z).",
        describe=lambda c: ("scalars" if np.ndim(c[0]) == 0 else f"arrays of shape {np.shape(c[0])}")
        + f", grad_z={fmt(c[2])}")


def _graphs():
    """Small graphs (name, output) whose order matters: a fork, a neuron, a chain."""
    graphs = []
    x = _leaf(1.0, "x")                              # the fork: a is used twice
    a = _named(x * 3, "a")
    b = _named(a * a, "b")
    graphs.append(("a = 3x, b = a·a, f = a + b", _named(a + b, "f")))
    x, y, z = _leaf(-2.0, "x"), _leaf(5.0, "y"), _leaf(-4.0, "z")
    graphs.append(("f = (x + y)·z", _named(_named(x + y, "q") * z, "f")))
    w0, x0, w1, x1, w2 = (_leaf(v, n) for v, n in
                          [(2.0, "w0"), (-1.0, "x0"), (-3.0, "w1"), (-2.0, "x1"), (-3.0, "w2")])
    s = _named(_named(w0 * x0, "p0") + _named(w1 * x1, "p1"), "s0")
    graphs.append(("the sigmoid neuron", _named(_named(s + w2, "s").sigmoid(), "f")))
    t = _leaf(0.5, "t")
    u = t
    for k in range(4):
        u = _named(u * u + t, f"u{k}")               # t is used by every step
    graphs.append(("u ← u·u + t, four times", u))
    return graphs


def _num(v) -> str:
    v = np.asarray(v, dtype=float)
    return f"{float(v):.6g}" if v.size == 1 else fmt(v)


def _name(t) -> str:
    return f"'{t.name}'" if isinstance(t, Tensor) and t.name else fmt(t)


def _call(title: str, fn: Callable, output: Tensor, label: str, hint: str):
    """(result, None) or (None, False after printing why the call failed)."""
    try:
        return fn(output), None
    except Exception as exc:  # the learner's code may raise anything
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        code = (frame.line or "").strip()
        where = f" (line {frame.lineno}: `{code}`)" if code else ""
        return None, fail(title, f"your function raised {type(exc).__name__}: {exc}{where} "
                                  f"on {label}", hint)


def check_topo_sort(fn: Callable) -> bool:
    """Exercise 8.3: ``fn(output)`` returns a list of every tensor that requires grad in
    ``output``'s graph, ``output`` first, each tensor before the tensors it was computed from."""
    title = "Exercise 8.3 (topological order)"
    hint = ("collect the tensors reachable through t.grad_fn.inputs that require grad; a "
            "depth-first search that appends a tensor after all of its inputs (a post-order) "
            "lists inputs first: reverse it. Ordering by distance from the output is not enough "
            "(see the fork a = 3x, b = a·a, f = a + b).")
    if not callable(fn):
        return fail(title, f"expected a function, got {fmt(fn)}", hint)
    graphs = _graphs()
    for label, output in graphs:
        got, failed = _call(title, fn, output, label, hint)
        if failed is not None:
            return failed
        if got is None:
            return fail(title, f"it returned None on {label} (is a `return` missing?)", hint)
        if isinstance(got, (str, bytes)) or not hasattr(got, "__iter__"):
            return fail(title, f"expected a list of Tensors, got {fmt(got)} on {label}", hint)
        got = list(got)
        expected = topological_order(output)
        if any(not isinstance(t, Tensor) for t in got):
            bad = next(t for t in got if not isinstance(t, Tensor))
            return fail(title, f"the list holds {fmt(bad)}, not a Tensor, on {label}", hint)
        if len(set(map(id, got))) != len(got):
            return fail(title, f"a tensor appears twice in the list on {label}", hint)
        missing = [t for t in expected if all(t is not g for g in got)]
        if missing:
            return fail(title, f"tensor {_name(missing[0])} is missing on {label}", hint)
        extra = [t for t in got if all(t is not e for e in expected)]
        if extra:
            return fail(title, f"tensor {_name(extra[0])} is in the list but is not a tensor "
                                f"requiring grad in the graph of {label}", hint)
        if got[0] is not output:
            return fail(title, f"the list starts with {_name(got[0])}, not with the output "
                                f"{_name(output)}, on {label}", hint)
        where = {id(t): i for i, t in enumerate(got)}
        for t in got:
            if t.grad_fn is None:
                continue
            for inp in t.grad_fn.inputs:
                if inp.requires_grad and where[id(inp)] < where[id(t)]:
                    return fail(title, f"{_name(inp)} comes before {_name(t)}, which was "
                                        f"computed from it, on {label}", hint)
    print(f"✓ {title}: passed on {len(graphs)} graphs.")
    return True


def check_backprop(fn: Callable) -> bool:
    """Exercise 8.4: ``fn(output)`` returns {tensor: ∂output/∂tensor} for every tensor that
    requires grad in ``output``'s graph, computed node by node in topological order."""
    title = "Exercise 8.4 (backpropagation in topological order)"
    hint = ("start from {output: 1.0}; for each tensor t of topological_order(output) that has "
            "a grad_fn, pass g = grads[t] to t.grad_fn.backward(g) and ADD each returned "
            "gradient (skip None) into grads[input] — a tensor used twice gets two contributions.")
    if not callable(fn):
        return fail(title, f"expected a function, got {fmt(fn)}", hint)
    graphs = _graphs()
    for label, output in graphs:
        expected = graph_grads(output)
        got, failed = _call(title, fn, output, label, hint)
        if failed is not None:
            return failed
        if got is None:
            return fail(title, f"it returned None on {label} (is a `return` missing?)", hint)
        if not hasattr(got, "get"):
            return fail(title, f"expected a dict {{tensor: gradient}}, got {fmt(got)} on {label}",
                         hint)
        for t in topological_order(output):
            if t not in got:
                return fail(title, f"no gradient for tensor {_name(t)} on {label}", hint)
            try:
                value = np.asarray(got[t], dtype=float)
            except (TypeError, ValueError):
                return fail(title, f"the gradient of {_name(t)} is {fmt(got[t])}, not a number, "
                                    f"on {label}", hint)
            if value.shape != np.shape(expected[t]) or not np.allclose(value, expected[t],
                                                                       rtol=1e-9, atol=1e-12):
                return fail(title, f"the gradient of {_name(t)} is {_num(value)}, expected "
                                    f"{_num(expected[t])}, on {label}", hint)
    print(f"✓ {title}: passed on {len(graphs)} graphs.")
    return True
