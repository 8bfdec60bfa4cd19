"""Checks for the exercises of chapter 09 (Autograd Functions).

Each check takes the learner's ``Function`` subclass (the class itself, not ``.apply``), runs
its ``forward`` and ``backward`` through the engine on several inputs with a random upstream
gradient, and compares the output and every input's gradient with a reference. It then runs
``gradcheck`` on the class, the test the chapter teaches. Like every check it prints ✓ or ✗
with the first wrong value and a hint, and never raises.
"""

from __future__ import annotations

import traceback
from typing import Callable, Sequence

import numpy as np

from ..autograd import Context, Function, Tensor, grad
from ..gradcheck import GradcheckError, gradcheck
from ._core import fail, compare


def _where(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    code = (frame.line or "").strip()
    return f" (line {frame.lineno}: `{code}`)" if code else ""


def _check_function_class(title: str, cls: object, cases: Sequence[tuple],
                          reference: Callable, names: Sequence[str], hint: str,
                          describe: Callable[[tuple], str]) -> bool:
    """Compare ``cls.apply(*case)`` and its gradients with ``reference(*case, upstream)``.

    ``reference`` returns ``(output, grad_0, grad_1, ...)`` for the upstream gradient given.
    """
    if not (isinstance(cls, type) and issubclass(cls, Function)):
        return fail(title, f"expected your Function class (a subclass of bplib.Function), "
                            f"got {cls!r}", hint)
    rng = np.random.default_rng(900)
    for case in cases:
        label = describe(case)
        arrays = [np.array(a, dtype=np.float64) for a in case]
        try:
            expected = reference(*arrays, 1.0)
            upstream = rng.standard_normal(np.shape(expected[0]))
            expected = reference(*arrays, upstream)
            # First call forward and backward directly, to explain a missing return.
            ctx = Context((True,) * len(arrays))
            out = cls.forward(ctx, *[a.copy() for a in arrays])
            if out is None:
                return fail(title, f"forward returned None on {label} (is a `return` missing, "
                                    "or is the `...` placeholder still there?)", hint)
            why = compare(out, expected[0])
            if why:
                return fail(title, f"the output of forward: {why} on {label}", hint)
            if cls.backward(ctx, upstream.copy()) is None:
                return fail(title, f"backward returned None on {label} (is a `return` "
                                    "missing, or is the `...` placeholder still there?)", hint)
            # Then through the engine, as a learner would use the class.
            tensors = [Tensor(a.copy(), requires_grad=True) for a in arrays]
            grads = grad(cls.apply(*tensors), tensors, upstream)
        except Exception as exc:  # the learner's code may raise anything
            return fail(title, f"your Function raised {type(exc).__name__}: {exc}{_where(exc)} "
                                f"on {label}", hint)
        for name, g, e in zip(names, grads, expected[1:]):
            why = compare(g, e)
            if why:
                return fail(title, f"the gradient for {name} (what backward returns, times "
                                    f"the upstream gradient): {why} on {label}", hint)
    try:
        tensors = [Tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in cases[1]]
        gradcheck(cls.apply, tuple(tensors))
    except GradcheckError as exc:
        return fail(title, f"gradcheck failed: {exc}", hint)
    print(f"✓ {title}: passed on {len(cases)} inputs, and gradcheck.")
    return True


def _shapes(case: tuple) -> str:
    return "inputs of shape " + ", ".join(str(np.shape(a)) for a in case)


def check_tanh_function(cls: object) -> bool:
    """Exercise 9.1: ``cls`` is a ``Function`` computing tanh(x) elementwise, whose backward
    returns (1 − tanh²(x)) times the upstream gradient."""
    rng = np.random.default_rng(901)
    cases = [(np.array(0.5),), (rng.standard_normal(5),),
             (3 * rng.standard_normal((3, 4)),), (np.array([-30.0, 0.0, 30.0]),)]

    def reference(x, g):
        t = np.tanh(x)
        return t, g * (1 - t * t)

    return _check_function_class(
        "Exercise 9.1 (Tanh)", cls, cases, reference, ["x"],
        hint="forward: out = np.tanh(x), save out with ctx.save_for_backward(out), return "
             "out; backward: (out,) = ctx.saved_tensors and return grad_output * (1 - out**2) "
             "(the local gradient times the upstream one).",
        describe=_shapes)


def check_divide_function(cls: object) -> bool:
    """Exercise 9.2: ``cls`` is a ``Function`` of two inputs computing x / y elementwise
    (with numpy broadcasting); backward returns g / y for x and −g·x / y² for y."""
    rng = np.random.default_rng(902)

    def away_from_zero(shape):
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)

    cases = [(np.array(3.0), np.array(2.0)),
             (rng.standard_normal(4), away_from_zero(4)),
             (rng.standard_normal((2, 3)), away_from_zero((2, 3))),
             (rng.standard_normal((3, 2)), away_from_zero(2))]

    def reference(x, y, g):
        gy = -g * x / y ** 2
        return x / y, g / y, gy.sum(axis=0) if y.ndim < x.ndim else gy

    return _check_function_class(
        "Exercise 9.2 (Divide)", cls, cases, reference, ["x", "y"],
        hint="save both inputs in forward; in backward return (grad_output / y, "
             "-grad_output * x / y**2): ∂(x/y)/∂x = 1/y and ∂(x/y)/∂y = −x/y². "
             "Return the two gradients in the order of forward's inputs.",
        describe=_shapes)


def check_mse_function(cls: object) -> bool:
    """Exercise 9.3: ``cls`` is a ``Function`` of (pred, target) returning the mean squared
    error mean((pred − target)²), a scalar; backward returns 2(pred − target)/n · g for pred
    and its negative for target (n is the number of entries)."""
    rng = np.random.default_rng(903)
    cases = [(rng.standard_normal(3), rng.standard_normal(3)),
             (rng.standard_normal((4, 2)), rng.standard_normal((4, 2))),
             (rng.standard_normal(10), np.zeros(10))]

    def reference(pred, target, g):
        diff = pred - target
        d = 2 * diff / diff.size * g
        return np.mean(diff ** 2), d, -d

    return _check_function_class(
        "Exercise 9.3 (fused MSE loss)", cls, cases, reference,
        ["pred", "target"],
        hint="forward: diff = pred - target, save diff, return np.mean(diff**2) (one number); "
             "backward: d = 2 * diff / diff.size * grad_output and return (d, -d). The "
             "upstream gradient of a scalar output is a single number: it multiplies any array.",
        describe=_shapes)
