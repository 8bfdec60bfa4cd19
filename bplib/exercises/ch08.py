"""Checks for the exercises of chapter 08 (Computational graphs).

The references are exact: the gradients of the small expressions are worked out by the
autograd engine, and an order of the graph is checked by its defining property (every tensor
comes before the tensors it was computed from), so any correct answer passes.

Explained in chapter 08 (Computational graphs).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..autograd import Tensor, graph_grads, topological_order
from ._core import (CheckResult, Failure, check_cases, compare, exercise, fmt, on_case,
                    require_callable, run, same_as)
from .messages import text

EXERCISES = ("8.1", "8.2", "8.3", "8.4")


def _leaf(value: float, name: str) -> Tensor:
    return Tensor(value, requires_grad=True, name=name)


def _named(t: Tensor, name: str) -> Tensor:
    t.name = name
    return t


def _max_graph_grads(x, y, z):
    """∂f/∂(x, y, z) of f = (x + y)·max(y, z), by the engine (max(y, z) = z + relu(y − z))."""
    X, Y, Z = _leaf(x, "x"), _leaf(y, "y"), _leaf(z, "z")
    f = (X + Y) * (Z + (Y - Z).relu())
    g = graph_grads(f)
    return tuple(float(g[t]) for t in (X, Y, Z))


def _forgot_second_use(x, y, z):
    q, m = x + y, max(y, z)
    return (m, m, 0.0 if y > z else q)


def _max_to_both(x, y, z):
    q, m = x + y, max(y, z)
    return (m, m + q, q)


@exercise("8.1")
def check_grads_by_hand(fn: Callable) -> CheckResult:
    """Exercise 8.1: ``fn(x, y, z)`` returns the tuple (∂f/∂x, ∂f/∂y, ∂f/∂z) of
    f = (x + y)·max(y, z) at numbers with y ≠ z.

    Recognises the forgotten second use of y, and a max that routes to both inputs.

    Parameters
    ----------
    fn : callable
        The learner's ``grads_by_hand(x, y, z)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def forgot(x, y, z):
    ...     q, m = x + y, max(y, z)
    ...     return (m, m, 0.0 if y > z else q)
    >>> check_grads_by_hand(forgot)   # doctest: +ELLIPSIS
    ✗ Exercise 8.1 (gradients by hand): in result[1]: got 5, expected 8 (input: x=-2, y=5, z=-4)
      Hint: ∂f/∂y misses one of its two paths: ...
    CheckResult(exercise='8.1', passed=False)

    Explained in chapter 08 (Computational graphs).
    """
    cases = [(-2.0, 5.0, -4.0), (1.0, 2.0, -1.0), (3.0, -1.0, 2.0), (0.5, 1.5, 4.0),
             (-3.0, -0.5, -2.5)]
    n = check_cases(fn, cases, _max_graph_grads, names=["x", "y", "z"],
                    mistakes=[("second_use", same_as(_forgot_second_use)),
                              ("max_route", same_as(_max_to_both))])
    return text("passed.inputs", n=n)


def _hypot_backward(x, y, grad_z, local=True, upstream=True):
    z = np.sqrt(x * x + y * y) if local else 1.0
    g = grad_z if upstream else 1.0
    return x / z * g, y / z * g


@exercise("8.2")
def check_hypot_backward(fn: Callable) -> CheckResult:
    """Exercise 8.2: ``fn(x, y, grad_z)`` returns (grad_x, grad_y), the downstream gradients of
    the node z = sqrt(x² + y²) (elementwise) given the upstream gradient grad_z.

    Recognises a forgotten upstream gradient and a local gradient without the 1/z.

    Parameters
    ----------
    fn : callable
        The learner's ``hypot_backward(x, y, grad_z)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_hypot_backward(lambda x, y, g: (x / np.hypot(x, y), y / np.hypot(x, y)))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 8.2 (the backward of a node): in result[0]: got 0.6, expected -1.2 (input: x=3, y=4, grad_z=-2)
      Hint: your gradients ignore grad_z: ...
    CheckResult(exercise='8.2', passed=False)

    Explained in chapter 08 (Computational graphs).
    """
    rng = np.random.default_rng(802)
    cases = [(3.0, 4.0, 1.0), (3.0, 4.0, -2.0),
             (rng.standard_normal(4) + 2, rng.standard_normal(4), rng.standard_normal(4)),
             (rng.standard_normal((2, 3)), rng.standard_normal((2, 3)) - 2,
              rng.standard_normal((2, 3)))]
    n = check_cases(fn, cases, _hypot_backward, names=["x", "y", "grad_z"], mistakes=[
        ("upstream", same_as(lambda x, y, g: _hypot_backward(x, y, g, upstream=False))),
        ("local", same_as(lambda x, y, g: _hypot_backward(x, y, g, local=False)))])
    return text("passed.inputs", n=n)


def _graphs() -> list[tuple[str, Tensor]]:
    """Small graphs (description, output) whose order matters: a fork, a neuron, a chain."""
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
    graphs.append((None, _named(_named(s + w2, "s").sigmoid(), "f")))   # the sigmoid neuron
    t = _leaf(0.5, "t")
    u = t
    for k in range(4):
        u = _named(u * u + t, f"u{k}")               # t is used by every step
    graphs.append(("u ← u·u + t (×4)", u))
    return graphs


def _label(description: str | None) -> str:
    return text("graph", graph=description if description else text("graph.neuron"))


def _name(t) -> str:
    return f"'{t.name}'" if isinstance(t, Tensor) and getattr(t, "name", None) else fmt(t)


def _check_order(got, output: Tensor, label: str) -> None:
    if got is None:
        raise Failure(on_case(text("why.none"), label))
    if isinstance(got, (str, bytes)) or not hasattr(got, "__iter__"):
        raise Failure(on_case(text("why.not_list", got=fmt(got)), label), hint="type")
    got = list(got)
    expected = topological_order(output)
    bad = next((t for t in got if not isinstance(t, Tensor)), None)
    if bad is not None:
        raise Failure(on_case(text("why.not_tensor", got=fmt(bad)), label), hint="type")
    if len(set(map(id, got))) != len(got):
        raise Failure(on_case(text("why.duplicate"), label), hint="duplicate")
    missing = [t for t in expected if all(t is not g for g in got)]
    if missing:
        raise Failure(on_case(text("why.missing_tensor", name=_name(missing[0])), label),
                      hint="missing")
    extra = [t for t in got if all(t is not e for e in expected)]
    if extra:
        raise Failure(on_case(text("why.extra_tensor", name=_name(extra[0])), label))
    if got[0] is not output:
        raise Failure(on_case(text("why.not_first", name=_name(got[0]), output=_name(output)),
                              label), hint="reversed")
    where = {id(t): i for i, t in enumerate(got)}
    for t in got:
        for inp in (t.grad_fn.inputs if t.grad_fn is not None else ()):
            if inp.requires_grad and where[id(inp)] < where[id(t)]:
                raise Failure(on_case(text("why.before", first=_name(inp), second=_name(t)),
                                      label), hint="order")


@exercise("8.3")
def check_topo_sort(fn: Callable) -> CheckResult:
    """Exercise 8.3: ``fn(output)`` returns a list of every tensor that requires grad in
    ``output``'s graph, ``output`` first, each tensor before the tensors it was computed from.

    Recognises a breadth-first order, missing or repeated tensors, and a reversed list.

    Parameters
    ----------
    fn : callable
        The learner's ``topo_sort(output)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.autograd import topological_order
    >>> check_topo_sort(topological_order)
    ✓ Exercise 8.3 (topological order): passed on 4 graphs.
    CheckResult(exercise='8.3', passed=True)

    Explained in chapter 08 (Computational graphs).
    """
    require_callable(fn)
    graphs = _graphs()
    for description, output in graphs:
        label = _label(description)
        _check_order(run(fn, output, case=label), output, label)
    return text("passed.graphs", n=len(graphs))


def _backprop_overwrite(output: Tensor) -> list:
    """The gradients a backprop that overwrites instead of adding would give, in
    topological order."""
    grads = {output: np.ones_like(output.data)}
    for t in topological_order(output):
        if t.grad_fn is not None:
            for inp, g in zip(t.grad_fn.inputs, t.grad_fn.backward(grads[t])):
                if g is not None:
                    grads[inp] = g
    return [grads.get(t) for t in topological_order(output)]


@exercise("8.4")
def check_backprop(fn: Callable) -> CheckResult:
    """Exercise 8.4: ``fn(output)`` returns {tensor: ∂output/∂tensor} for every tensor that
    requires grad in ``output``'s graph, computed node by node in topological order.

    Recognises gradients overwritten instead of added, and tensors left out.

    Parameters
    ----------
    fn : callable
        The learner's ``backprop(output)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_backprop(lambda output: {output: 1.0})   # doctest: +ELLIPSIS
    ✗ Exercise 8.4 (backpropagation in topological order): no gradient for tensor 'b' ...
      Hint: every tensor of topological_order(output) needs an entry, the leaves included.
    CheckResult(exercise='8.4', passed=False)

    Explained in chapter 08 (Computational graphs).
    """
    require_callable(fn)
    graphs = _graphs()
    overwritten = [_backprop_overwrite(output) for _, output in _graphs()]
    for (description, output), wrong in zip(graphs, overwritten):
        label = _label(description)
        expected = graph_grads(output)
        got = run(fn, output, case=label)
        if got is None:
            raise Failure(on_case(text("why.none"), label))
        if not (hasattr(got, "get") and hasattr(got, "__contains__")):
            raise Failure(on_case(text("why.not_dict", got=fmt(got)), label), hint="type")
        order = topological_order(output)
        for t in order:
            if t not in got:
                raise Failure(on_case(text("why.no_gradient", name=_name(t)), label),
                              hint="missing")
            try:
                np.asarray(got[t], dtype=float)
            except (TypeError, ValueError):
                raise Failure(on_case(text("why.gradient_not_number", name=_name(t),
                                           got=fmt(got[t])), label)) from None
            why = compare(got[t], expected[t], rtol=1e-9, atol=1e-12)
            if why:
                kind = "overwrite" if all(
                    w is not None and compare(got.get(s), w) is None
                    for s, w in zip(order, wrong)) else None
                raise Failure(on_case(text("why.gradient_of", name=_name(t), problem=why),
                                      label), hint=kind)
    return text("passed.graphs", n=len(graphs))
