"""Checks for the exercises of chapter 10 (Tensors and Jacobians).

The references are written out here, in plain numpy, from the formulas the chapter derives;
the softmax VJP check also measures the memory the learner's function allocates, since the
point of a vector-Jacobian product is never to build the Jacobian.
"""

from __future__ import annotations

import tracemalloc
from typing import Callable

import numpy as np

from ._core import fail, check_function, compare


def _unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    lead = grad.ndim - len(shape)
    out = grad.sum(axis=tuple(range(lead))) if lead else grad
    ones = tuple(i for i, n in enumerate(shape) if n == 1 and out.shape[i] != 1)
    return out.sum(axis=ones, keepdims=True) if ones else out


def check_unbroadcast(fn: Callable) -> bool:
    """Exercise 10.1: ``fn(grad, shape)`` sums a gradient of a broadcast result back to the
    shape of the input that was broadcast: over the leading axes the input lacked, and over
    the axes where it had size 1 (keeping them)."""
    rng = np.random.default_rng(1001)
    cases = [(rng.standard_normal((4, 3)), (4, 3)),
             (rng.standard_normal((4, 3)), (3,)),
             (rng.standard_normal((4, 3)), (1, 3)),
             (rng.standard_normal((4, 3)), (4, 1)),
             (rng.standard_normal((2, 4, 3)), (4, 1)),
             (rng.standard_normal((2, 4, 3)), ())]
    return check_function(
        "Exercise 10.1 (unbroadcast)", fn, cases,
        lambda grad, shape: _unbroadcast(grad, tuple(shape)),
        hint="first sum over the leading axes: grad.ndim - len(shape) of them (axis=0 that many "
             "times, or a tuple of axes); then, for every axis i where shape[i] == 1 but the "
             "gradient's size is larger, sum with keepdims=True. The result must have exactly "
             "`shape`.",
        describe=lambda c: f"grad of shape {c[0].shape} summed to shape {tuple(c[1])}")


def check_matmul_vjp(fn: Callable) -> bool:
    """Exercise 10.2: ``fn(X, W, G)`` returns ``(dX, dW)`` for Y = X @ W with upstream
    gradient G = ∂L/∂Y: dX = G Wᵀ (shape of X) and dW = Xᵀ G (shape of W)."""
    rng = np.random.default_rng(1002)
    cases = []
    for N, D, M in [(1, 1, 1), (4, 3, 2), (2, 5, 7), (8, 1, 3)]:
        cases.append((rng.standard_normal((N, D)), rng.standard_normal((D, M)),
                      rng.standard_normal((N, M))))
    return check_function(
        "Exercise 10.2 (matmul VJP)", fn, cases,
        lambda X, W, G: (G @ W.T, X.T @ G),
        hint="let the shapes decide: dX must be (N, D) and is made of G (N, M) and W (D, M), "
             "so dX = G @ W.T; dW must be (D, M) and is made of X (N, D) and G (N, M), so "
             "dW = X.T @ G. Return the tuple (dX, dW).",
        describe=lambda c: f"X {c[0].shape}, W {c[1].shape}, G {c[2].shape}")


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max())
    return e / e.sum()


def check_softmax_jacobian(fn: Callable) -> bool:
    """Exercise 10.3: ``fn(s)`` returns the (C, C) Jacobian of p = softmax(s) for a vector s
    of C scores: ∂pᵢ/∂sⱼ = pᵢ(δᵢⱼ − pⱼ), that is diag(p) − p pᵀ."""
    rng = np.random.default_rng(1003)
    cases = [(np.array([0.0, 0.0]),), (rng.standard_normal(3),), (2 * rng.standard_normal(6),),
             (np.array([1000.0, 999.0, -1000.0]),)]

    def reference(s):
        p = _softmax(s)
        return np.diag(p) - np.outer(p, p)

    return check_function(
        "Exercise 10.3 (softmax Jacobian)", fn, cases, reference,
        hint="compute p = softmax(s) stably (subtract s.max() first); then "
             "np.diag(p) - np.outer(p, p): the diagonal is pᵢ(1 − pᵢ), the rest −pᵢpⱼ.",
        describe=lambda c: f"s = {np.array2string(c[0], precision=3)}" if c[0].size <= 3
        else f"s of {c[0].size} scores")


def check_softmax_vjp(fn: Callable) -> bool:
    """Exercise 10.4: ``fn(s, v)`` returns vᵀ·∂softmax(s)/∂s for vectors s and v of C entries,
    p ⊙ (v − v·p), without building the C × C Jacobian (the memory it allocates is measured
    at C = 3000, where the Jacobian would take 72 MB)."""
    rng = np.random.default_rng(1004)
    cases = [(np.array([0.0, 0.0]), np.array([1.0, 0.0])),
             (rng.standard_normal(4), rng.standard_normal(4)),
             (3 * rng.standard_normal(7), rng.standard_normal(7)),
             (np.array([1000.0, 0.0, -1000.0]), np.array([1.0, 2.0, 3.0]))]
    title = "Exercise 10.4 (softmax VJP)"
    hint = ("vᵀ(diag(p) − p pᵀ) = p ⊙ v − (v·p) p: one elementwise product, one dot "
            "product, one more elementwise product; no matrix at all. Compute p stably.")

    def reference(s, v):
        p = _softmax(s)
        return p * (v - v @ p)

    if not callable(fn):
        return fail(title, f"expected a function, got {fn!r}", hint)
    for s, v in cases:
        try:
            got = fn(s.copy(), v.copy())
        except Exception as exc:  # the learner's code may raise anything
            return fail(title, f"your function raised {type(exc).__name__}: {exc} on "
                                f"C = {s.size}", hint)
        why = compare(got, reference(s, v))
        if why:
            return fail(title, f"{why} on C = {s.size}", hint)
    C = 3000
    s, v = rng.standard_normal(C), rng.standard_normal(C)
    if tracemalloc.is_tracing():       # someone else is measuring: skip the memory test
        return True
    tracemalloc.start()
    try:
        fn(s, v)
    except Exception as exc:  # the learner's code may raise anything
        tracemalloc.stop()
        return fail(title, f"your function raised {type(exc).__name__}: {exc} at C = {C}", hint)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    limit = 40 * 8 * C                 # forty vectors of C floats
    if peak > limit:
        print(f"✗ {title}: values are right, but at C = {C} your function allocated "
              f"{peak / 1e6:.1f} MB at its peak; a C × C Jacobian takes {8 * C * C / 1e6:.0f} MB, "
              f"an implicit VJP a few vectors ({8 * C / 1e3:.0f} kB each).")
        print(f"  Hint: {hint}")
        return False
    print(f"✓ {title}: passed on {len(cases)} inputs, and below {limit / 1e6:.1f} MB "
          f"at C = {C}.")
    return True
