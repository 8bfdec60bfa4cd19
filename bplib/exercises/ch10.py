"""Checks for the exercises of chapter 10 (Tensors and Jacobians).

The references are written out here, in plain numpy, from the formulas the chapter derives;
the softmax VJP check also measures the memory the learner's function allocates, since the
point of a vector-Jacobian product is never to build the Jacobian.

Explained in chapter 10 (Tensors and Jacobians).
"""

from __future__ import annotations

import tracemalloc
from typing import Callable

import numpy as np

from ._core import CheckResult, Failure, check_cases, exercise, non_finite, run, same_as
from .messages import text

EXERCISES = ("10.1", "10.2", "10.3", "10.4")


def _unbroadcast(grad: np.ndarray, shape: tuple, keepdims: bool = True,
                 size_one: bool = True) -> np.ndarray:
    shape = tuple(shape)
    lead = grad.ndim - len(shape)
    out = grad.sum(axis=tuple(range(lead))) if lead else grad
    if not size_one:
        return out
    ones = tuple(i for i, n in enumerate(shape) if n == 1 and out.shape[i] != 1)
    return out.sum(axis=ones, keepdims=keepdims) if ones else out


@exercise("10.1")
def check_unbroadcast(fn: Callable) -> CheckResult:
    """Exercise 10.1: ``fn(grad, shape)`` sums a gradient of a broadcast result back to the
    shape of the input that was broadcast: over the leading axes the input lacked, and over
    the axes where it had size 1 (keeping them).

    Recognises a sum that drops the size-1 axes, and one over the leading axes only.

    Parameters
    ----------
    fn : callable
        The learner's ``unbroadcast(grad, shape)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_unbroadcast(lambda g, shape: g.sum(axis=tuple(range(g.ndim - len(shape)))))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 10.1 (unbroadcast): the result has shape (4, 3), expected shape (1, 3) (input: grad.shape=(4, 3), shape=(1, 3))
      Hint: only the leading axes were summed: ...
    CheckResult(exercise='10.1', passed=False)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    rng = np.random.default_rng(1001)
    cases = [(rng.standard_normal((4, 3)), (4, 3)),
             (rng.standard_normal((4, 3)), (3,)),
             (rng.standard_normal((4, 3)), (1, 3)),
             (rng.standard_normal((4, 3)), (4, 1)),
             (rng.standard_normal((2, 4, 3)), (4, 1)),
             (rng.standard_normal((2, 4, 3)), ())]
    n = check_cases(fn, cases, _unbroadcast, names=["grad", "shape"], mistakes=[
        ("keepdims", same_as(lambda g, s: _unbroadcast(g, s, keepdims=False))),
        ("size_one", same_as(lambda g, s: _unbroadcast(g, s, size_one=False)))])
    return text("passed.inputs", n=n)


@exercise("10.2")
def check_matmul_vjp(fn: Callable) -> CheckResult:
    """Exercise 10.2: ``fn(X, W, G)`` returns ``(dX, dW)`` for Y = X @ W with upstream gradient
    G = ∂L/∂Y: dX = G Wᵀ (shape of X) and dW = Xᵀ G (shape of W).

    Recognises the two gradients swapped (a transposed one fails on its shape).

    Parameters
    ----------
    fn : callable
        The learner's ``matmul_vjp(X, W, G)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_matmul_vjp(lambda X, W, G: (G @ W.T, G.T @ X))   # doctest: +ELLIPSIS
    ✗ Exercise 10.2 (matmul VJP): in dW: the result has shape (2, 3), expected shape (3, 2) ...
      Hint: let the shapes decide: ...
    CheckResult(exercise='10.2', passed=False)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    rng = np.random.default_rng(1002)
    cases = []
    for N, D, M in [(1, 1, 1), (4, 3, 2), (2, 5, 7), (8, 1, 3)]:
        cases.append((rng.standard_normal((N, D)), rng.standard_normal((D, M)),
                      rng.standard_normal((N, M))))
    n = check_cases(fn, cases, lambda X, W, G: (G @ W.T, X.T @ G), names=["X", "W", "G"],
                    result_names=["dX", "dW"],
                    mistakes=[("order", same_as(lambda X, W, G: (X.T @ G, G @ W.T)))])
    return text("passed.inputs", n=n)


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max())
    return e / e.sum()


def _softmax_jacobian(s: np.ndarray, sign: float = 1.0, diagonal_only: bool = False):
    p = _softmax(s)
    J = np.diag(p * (1 - p)) if diagonal_only else np.diag(p) - np.outer(p, p)
    return sign * J


@exercise("10.3")
def check_softmax_jacobian(fn: Callable) -> CheckResult:
    """Exercise 10.3: ``fn(s)`` returns the (C, C) Jacobian of p = softmax(s) for a vector s of
    C scores: ∂pᵢ/∂sⱼ = pᵢ(δᵢⱼ − pⱼ), that is diag(p) − p pᵀ.

    Recognises an overflowing softmax, only the diagonal filled, and flipped signs.

    Parameters
    ----------
    fn : callable
        The learner's ``softmax_jacobian(s)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def diagonal(s):
    ...     p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    ...     return np.diag(p * (1 - p))
    >>> check_softmax_jacobian(diagonal)   # doctest: +ELLIPSIS
    ✗ Exercise 10.3 (softmax Jacobian): got 0 at index (0, 1), expected -0.25 (input: s=[0, 0])
      Hint: only the diagonal is filled: ...
    CheckResult(exercise='10.3', passed=False)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    rng = np.random.default_rng(1003)
    cases = [(np.array([0.0, 0.0]),), (rng.standard_normal(3),), (2 * rng.standard_normal(6),),
             (np.array([1000.0, 999.0, -1000.0]),)]
    n = check_cases(fn, cases, _softmax_jacobian, names=["s"], mistakes=[
        ("overflow", non_finite()),
        ("diagonal", same_as(lambda s: _softmax_jacobian(s, diagonal_only=True))),
        ("sign", same_as(lambda s: _softmax_jacobian(s, sign=-1.0)))])
    return text("passed.inputs", n=n)


@exercise("10.4")
def check_softmax_vjp(fn: Callable) -> CheckResult:
    """Exercise 10.4: ``fn(s, v)`` returns vᵀ·∂softmax(s)/∂s for vectors s and v of C entries,
    p ⊙ (v − v·p), without building the C × C Jacobian (the memory it allocates is measured at
    C = 3000, where the Jacobian would take 72 MB).

    Recognises the term −(v·p)p left out, and an explicit Jacobian (by its memory).

    Parameters
    ----------
    fn : callable
        The learner's ``softmax_vjp(s, v)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def explicit(s, v):
    ...     p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    ...     return v @ (np.diag(p) - np.outer(p, p))
    >>> check_softmax_vjp(explicit)   # doctest: +ELLIPSIS
    ✗ Exercise 10.4 (softmax VJP): the values are right, but at C = 3000 your function allocated ... MB at its peak; ...
      Hint: your function builds a C × C matrix. ...
    CheckResult(exercise='10.4', passed=False)

    Explained in chapter 10 (Tensors and Jacobians).
    """
    rng = np.random.default_rng(1004)
    cases = [(np.array([0.0, 0.0]), np.array([1.0, 0.0])),
             (rng.standard_normal(4), rng.standard_normal(4)),
             (3 * rng.standard_normal(7), rng.standard_normal(7)),
             (np.array([1000.0, 0.0, -1000.0]), np.array([1.0, 2.0, 3.0]))]

    def reference(s, v):
        p = _softmax(s)
        return p * (v - v @ p)

    n = check_cases(fn, cases, reference, names=["s", "v"], mistakes=[
        ("overflow", non_finite()),
        ("missing_term", same_as(lambda s, v: _softmax(s) * v))])
    C = 3000
    s, v = rng.standard_normal(C), rng.standard_normal(C)
    limit = 40 * 8 * C                 # forty vectors of C floats
    if not tracemalloc.is_tracing():   # if someone else is measuring, skip the memory test
        tracemalloc.start()
        try:
            run(fn, s, v, case=f"C={C}")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        if peak > limit:
            raise Failure(text("why.memory", C=C, peak=f"{peak / 1e6:.1f}",
                               jacobian=f"{8 * C * C / 1e6:.0f}", vector=f"{8 * C / 1e3:.0f}"),
                          hint="memory")
    return text("10.4.passed", n=n, limit=f"{limit / 1e6:.1f}", C=C)
