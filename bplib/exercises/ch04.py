"""Checks for the exercises of chapter 04 (Gradient descent)."""

from __future__ import annotations

import traceback
from typing import Callable

import numpy as np

from ..losses import softmax_loss
from ..optim import gradient_descent
from ._core import fail, check_function, compare


def _rotated(eigenvalues, angle: float) -> np.ndarray:
    """A 2×2 symmetric matrix with the given eigenvalues, its axes rotated by ``angle``."""
    c, s = np.cos(angle), np.sin(angle)
    Q = np.array([[c, -s], [s, c]])
    return Q @ np.diag(eigenvalues) @ Q.T


def _spd_matrices() -> list[np.ndarray]:
    rng = np.random.default_rng(401)
    M = rng.standard_normal((5, 5))
    return [np.diag([1.0, 10.0]), _rotated([2.0, 5.0], 0.7), M @ M.T + 0.5 * np.eye(5),
            np.array([[3.0]])]


def _quadratic(A: np.ndarray) -> Callable:
    return lambda w: (0.5 * float(w @ A @ w), A @ w)


def check_descend(fn: Callable) -> bool:
    """Exercise 4.1: ``fn(loss_and_grad, w0, lr, steps)`` applies w ← w − lr·∇L(w) ``steps``
    times from ``w0`` and returns the final w (w0 itself unchanged)."""
    title = "Exercise 4.1 (the update as a loop)"
    hint = ("start from a copy, w = np.array(w0, dtype=float); then, steps times: "
            "_, grad = loss_and_grad(w); w = w - lr * grad. Return w.")
    if not callable(fn):
        return fail(title, f"expected a function, got {fn!r}", hint)
    cases = [(np.diag([1.0, 10.0]), [1.0, 1.0], 0.1, 5),
             (_rotated([1.0, 4.0], 0.5), [-2.0, 1.5], 0.3, 20),
             (_spd_matrices()[2], np.linspace(-1, 1, 5), 0.01, 50),
             (np.diag([2.0, 3.0]), [1.0, -1.0], 0.2, 0)]
    for A, w0, lr, steps in cases:
        label = f"A of shape {A.shape}, w0 = {np.round(w0, 2).tolist()}, lr = {lr}, steps = {steps}"
        w0_arr = np.array(w0, dtype=float)
        given = w0_arr.copy()
        expected = gradient_descent(_quadratic(A), w0_arr, lr, steps).final
        try:
            got = fn(_quadratic(A), given, lr, steps)
        except Exception as exc:  # the learner's code may raise anything
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            return fail(title, f"your function raised {type(exc).__name__}: {exc} "
                                f"(line {frame.lineno}) on {label}", hint)
        why = compare(got, expected)
        if why:
            return fail(title, f"{why} on {label}", hint)
        if not np.array_equal(given, w0_arr):
            return fail(title, f"w0 was modified in place on {label}",
                         "w -= lr * grad changes the caller's array; write w = w - lr * grad, "
                         "or start from a copy.")
    print(f"✓ {title}: passed on {len(cases)} inputs.")
    return True


def check_max_stable_lr(fn: Callable) -> bool:
    """Exercise 4.2: ``fn(A)`` is 2 / λ_max(A) for a symmetric positive definite A."""
    cases = [(A,) for A in _spd_matrices()]
    return check_function(
        "Exercise 4.2 (largest stable learning rate)", fn, cases,
        lambda A: 2.0 / float(np.linalg.eigvalsh(A).max()),
        hint="each eigen-component is multiplied by 1 - lr·λ_i per step; it shrinks when "
             "|1 - lr·λ_i| < 1, i.e. lr < 2/λ_i. np.linalg.eigvalsh(A) gives the λ_i.",
        describe=lambda c: f"A of shape {c[0].shape} with eigenvalues "
                           f"{np.round(np.linalg.eigvalsh(c[0]), 3).tolist()}")


def check_contraction_factor(fn: Callable) -> bool:
    """Exercise 4.3: ``fn(A, lr)`` is max_i |1 − lr·λ_i(A)|, the per-step factor of the
    slowest eigen-component of gradient descent on ½wᵀAw."""
    A1, A2, A3, _ = _spd_matrices()
    cases = [(A1, 0.01), (A1, 0.1), (A1, 0.19), (A1, 0.25), (A2, 0.2), (A3, 0.05)]
    return check_function(
        "Exercise 4.3 (contraction factor)", fn, cases,
        lambda A, lr: float(np.max(np.abs(1.0 - lr * np.linalg.eigvalsh(A)))),
        hint="take the absolute value |1 - lr * λ_i| for every eigenvalue λ_i "
             "(np.linalg.eigvalsh) and return the largest: the slowest component decides. "
             "Above 2/λ_max it is larger than 1.",
        describe=lambda c: f"A with eigenvalues {np.round(np.linalg.eigvalsh(c[0]), 3).tolist()}"
                           f" and lr = {c[1]}")


def check_make_minibatch(fn: Callable) -> bool:
    """Exercise 4.4: ``fn(X, y, batch_size, rng)`` returns a closure ``W -> (loss, grad)``
    that draws a new batch of ``batch_size`` distinct samples on every call and returns
    ``softmax_loss`` (mean, no regularization) on it."""
    title = "Exercise 4.4 (mini-batch closure)"
    hint = ("inside loss_and_grad(W): idx = rng.choice(len(y), size=batch_size, replace=False); "
            "return losses.softmax_loss(W, X[idx], y[idx]). Draw idx inside the closure, "
            "so that every call gets a new batch.")
    if not callable(fn):
        return fail(title, f"expected a function, got {fn!r}", hint)
    rng = np.random.default_rng(404)
    N, D, C = 40, 3, 4
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    W = rng.standard_normal((D, C))
    full_loss, full_grad = softmax_loss(W, X, y)
    try:
        whole = fn(X, y, N, np.random.default_rng(0))
        if not callable(whole):
            return fail(title, f"make_minibatch returned {whole!r}, expected a function "
                                "loss_and_grad(W)", hint)
        out = whole(W)
        if not isinstance(out, tuple) or len(out) != 2:
            return fail(title, f"loss_and_grad(W) returned {out!r}, expected (loss, grad)",
                         hint)
        why = compare(out, (full_loss, full_grad))
        if why:
            return fail(title, f"with batch_size = N = {N} (the whole data set): {why}", hint)
        small = fn(X, y, 5, np.random.default_rng(1))
        first, second = small(W)[0], small(W)[0]
        if np.isclose(first, second):
            return fail(title, "two calls with batch_size = 5 at the same W gave the same "
                                f"loss {first:.6g}: is the batch drawn only once?", hint)
        grads = [small(W)[1] for _ in range(1500)]
    except Exception as exc:  # the learner's code may raise anything
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return fail(title, f"your code raised {type(exc).__name__}: {exc} "
                            f"(line {frame.lineno})", hint)
    mean_grad = np.mean(grads, axis=0)
    scale = float(np.abs(full_grad).max())
    why = compare(mean_grad, full_grad, rtol=0.0, atol=0.1 * scale)
    if why:
        return fail(title, f"the average of 1500 batch gradients (batch_size = 5) is not the "
                            f"full gradient: {why}",
                     "sample uniformly from all N rows, so that the batch gradients average "
                     "to the full gradient.")
    print(f"✓ {title}: passed (full loss, new batches, unbiased).")
    return True
