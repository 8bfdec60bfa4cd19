"""Checks for the exercises of chapter 09 (Autograd Functions).

Each check takes the learner's ``Function`` subclass (the class itself, not ``.apply``), runs
its ``forward`` and ``backward`` through the engine on several inputs with a random upstream
gradient, and compares the output and every input's gradient with a reference. It then runs
``gradcheck`` on the class, the test the chapter teaches. Like every check it prints ✓ or ✗
with the first wrong value and a hint, and never raises.

Explained in chapter 09 (Autograd Functions).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..autograd import Context, Function, Tensor, grad
from ..gradcheck import GradcheckError, gradcheck
from ._core import (CheckResult, Failure, NotDefined, compare, describe_case, exercise, fmt,
                    on_case, raised, require_callable, run)
from .messages import text

EXERCISES = ("9.1", "9.2", "9.3")

Reference = Callable[..., tuple]


def _require_class(cls: object) -> None:
    if isinstance(cls, NotDefined):
        require_callable(cls)
    if not (isinstance(cls, type) and issubclass(cls, Function)):
        kind = "apply" if callable(cls) or isinstance(cls, Function) else None
        raise Failure(text("why.not_class", got=fmt(cls)), hint=kind)


def _check_function_class(cls: object, cases: Sequence[tuple], reference: Reference,
                          names: Sequence[str],
                          mistakes: Sequence[tuple[str, Reference]] = ()) -> int:
    """Compare ``cls.apply(*case)`` and its gradients with ``reference(*case, upstream)``.

    ``reference`` returns ``(output, grad_0, grad_1, ...)`` for the upstream gradient given;
    each of ``mistakes`` is a ``(kind, wrong_reference)`` of the same form, and the first whose
    gradients equal the learner's picks the hint.
    """
    _require_class(cls)
    rng = np.random.default_rng(900)
    for case in cases:
        label = describe_case(case, names)
        arrays = [np.array(a, dtype=np.float64) for a in case]
        upstream = rng.standard_normal(np.shape(reference(*arrays, 1.0)[0]))
        expected = reference(*arrays, upstream)
        # First forward and backward directly, to explain a missing return.
        ctx = Context((True,) * len(arrays))
        out = run(cls.forward, ctx, *[a.copy() for a in arrays], case=label)
        if out is None:
            raise Failure(on_case(text("why.forward_none"), label))
        why = compare(out, expected[0])
        if why:
            raise Failure(on_case(text("why.forward_output", problem=why), label),
                          hint="forward")
        if run(cls.backward, ctx, upstream.copy(), case=label) is None:
            raise Failure(on_case(text("why.backward_none"), label))
        # Then through the engine, as a learner would use the class.
        tensors = [Tensor(a.copy(), requires_grad=True) for a in arrays]
        try:
            grads = run(lambda: grad(cls.apply(*tensors), tensors, upstream), case=label)
        except Failure as failure:
            if raised(ValueError, contains="gradient(s)")(case, failure.error):
                failure.hint = "count"
            raise
        for name, g, e in zip(names, grads, expected[1:]):
            why = compare(g, e)
            if why:
                kind = next((k for k, wrong in mistakes
                             if compare(tuple(grads), tuple(wrong(*arrays, upstream)[1:]))
                             is None), None)
                raise Failure(on_case(text("why.gradient_for", name=name, problem=why), label),
                              hint=kind)
    tensors = [Tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in cases[1]]
    try:
        run(gradcheck, cls.apply, tuple(tensors))
    except Failure as failure:
        if isinstance(failure.error, GradcheckError):
            raise Failure(text("why.gradcheck", error=failure.error)) from None
        raise
    return len(cases)


def _tanh(x, g, derivative_of_x=False, upstream=True):
    t = np.tanh(x)
    local = 1 - (x * x if derivative_of_x else t * t)
    return t, local * (g if upstream else 1.0)


@exercise("9.1")
def check_tanh_function(cls: object) -> CheckResult:
    """Exercise 9.1: ``cls`` is a ``Function`` computing tanh(x) elementwise, whose backward
    returns (1 − tanh²(x)) times the upstream gradient.

    Recognises a forgotten upstream gradient, 1 − x² for 1 − tanh²(x), a wrong forward, a
    method without ``return``, and ``Tanh.apply`` passed for ``Tanh``.

    Parameters
    ----------
    cls : type
        The learner's ``Tanh`` (a subclass of ``bplib.Function``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import bplib
    >>> class Tanh(bplib.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ...
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         ...
    >>> check_tanh_function(Tanh)   # doctest: +ELLIPSIS
    ✗ Exercise 9.1 (Tanh): forward returned None: ... (input: x=0.5)
      Hint: forward computes tanh and saves ...
    CheckResult(exercise='9.1', passed=False)

    Explained in chapter 09 (Autograd Functions).
    """
    rng = np.random.default_rng(901)
    cases = [(np.array(0.5),), (rng.standard_normal(5),),
             (3 * rng.standard_normal((3, 4)),), (np.array([-30.0, 0.0, 30.0]),)]
    n = _check_function_class(cls, cases, _tanh, ["x"], mistakes=[
        ("upstream", lambda x, g: _tanh(x, g, upstream=False)),
        ("derivative", lambda x, g: _tanh(x, g, derivative_of_x=True))])
    return text("passed.gradcheck", n=n)


def _divide(x, y, g, sign=-1.0, swap=False):
    gx = g / y
    gy = sign * g * x / y ** 2
    gy = gy.sum(axis=0) if y.ndim < x.ndim else gy
    return (x / y, gy, gx) if swap else (x / y, gx, gy)


@exercise("9.2")
def check_divide_function(cls: object) -> CheckResult:
    """Exercise 9.2: ``cls`` is a ``Function`` of two inputs computing x / y elementwise (with
    numpy broadcasting); backward returns g / y for x and −g·x / y² for y.

    Recognises the sign of y's gradient, one gradient returned instead of two, and the two
    gradients swapped.

    Parameters
    ----------
    cls : type
        The learner's ``Divide`` (a subclass of ``bplib.Function``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import bplib
    >>> class Divide(bplib.Function):
    ...     @staticmethod
    ...     def forward(ctx, x, y):
    ...         ctx.save_for_backward(x, y)
    ...         return x / y
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         x, y = ctx.saved_tensors
    ...         return grad_output / y, -grad_output * x / y ** 2
    >>> check_divide_function(Divide)
    ✓ Exercise 9.2 (Divide): passed on 4 inputs, and gradcheck.
    CheckResult(exercise='9.2', passed=True)

    Explained in chapter 09 (Autograd Functions).
    """
    rng = np.random.default_rng(902)

    def away_from_zero(shape):
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)

    cases = [(np.array(3.0), np.array(2.0)),
             (rng.standard_normal(4), away_from_zero(4)),
             (rng.standard_normal((2, 3)), away_from_zero((2, 3))),
             (rng.standard_normal((3, 2)), away_from_zero(2))]
    n = _check_function_class(cls, cases, _divide, ["x", "y"], mistakes=[
        ("sign", lambda x, y, g: _divide(x, y, g, sign=1.0)),
        ("order", lambda x, y, g: _divide(x, y, g, swap=True))])
    return text("passed.gradcheck", n=n)


def _mse(pred, target, g, mean=True, target_sign=-1.0):
    diff = pred - target
    d = 2 * diff * g / (diff.size if mean else 1)
    return np.mean(diff ** 2), d, target_sign * d


@exercise("9.3")
def check_mse_function(cls: object) -> CheckResult:
    """Exercise 9.3: ``cls`` is a ``Function`` of (pred, target) returning the mean squared
    error mean((pred − target)²), a scalar; backward returns 2(pred − target)/n · g for pred
    and its negative for target (n is the number of entries).

    Recognises gradients of a sum instead of a mean, and the sign of target's gradient.

    Parameters
    ----------
    cls : type
        The learner's ``MSELoss`` (a subclass of ``bplib.Function``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_mse_function(lambda pred, target: None)   # doctest: +ELLIPSIS
    ✗ Exercise 9.3 (fused MSE loss): expected your Function class ...
      Hint: pass the Function class itself (for example Tanh), not Tanh.apply and not an instance.
    CheckResult(exercise='9.3', passed=False)

    Explained in chapter 09 (Autograd Functions).
    """
    rng = np.random.default_rng(903)
    cases = [(rng.standard_normal(3), rng.standard_normal(3)),
             (rng.standard_normal((4, 2)), rng.standard_normal((4, 2))),
             (rng.standard_normal(10), np.zeros(10))]
    n = _check_function_class(cls, cases, _mse, ["pred", "target"], mistakes=[
        ("mean", lambda p, t, g: _mse(p, t, g, mean=False)),
        ("target_sign", lambda p, t, g: _mse(p, t, g, target_sign=1.0))])
    return text("passed.gradcheck", n=n)
