"""Checks for the exercises of chapter 04 (Gradient descent).

Explained in chapter 04 (Gradient descent).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..losses import softmax_loss
from ._core import (CheckResult, Failure, check_cases, compare, describe_case, exercise,
                    fmt, require_callable, run, same_as)
from .messages import text

EXERCISES = ("4.1", "4.2", "4.3", "4.4")


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


class _Quadratic:
    """``loss_and_grad`` of ½wᵀAw, remembering A for the messages."""

    def __init__(self, A: np.ndarray) -> None:
        self.A = A

    def __call__(self, w):
        w = np.asarray(w, dtype=float)
        return 0.5 * float(w @ self.A @ w), self.A @ w


def _descend(loss_and_grad, w0, lr, steps, sign=1.0, extra=0):
    w = np.array(w0, dtype=float)
    for _ in range(max(steps + extra, 0)):
        w = w - sign * lr * loss_and_grad(w)[1]
    return w


@exercise("4.1")
def check_descend(fn: Callable) -> CheckResult:
    """Exercise 4.1: ``fn(loss_and_grad, w0, lr, steps)`` applies w ← w − lr·∇L(w) ``steps``
    times from ``w0`` and returns the final w, leaving w0 unchanged.

    Recognises gradient ascent, one step too many or too few, and w0 changed in place.

    Parameters
    ----------
    fn : callable
        The learner's ``descend(loss_and_grad, w0, lr, steps)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def in_place(loss_and_grad, w0, lr, steps):
    ...     for _ in range(steps):
    ...         w0 -= lr * loss_and_grad(w0)[1]
    ...     return w0
    >>> check_descend(in_place)   # doctest: +ELLIPSIS
    ✗ Exercise 4.1 (the update as a loop): your function changed its argument `w0` in place ...
      Hint: w0 was changed in place: ...
    CheckResult(exercise='4.1', passed=False)

    Explained in chapter 04 (Gradient descent).
    """
    cases = [(_Quadratic(np.diag([1.0, 10.0])), np.array([1.0, 1.0]), 0.1, 5),
             (_Quadratic(_rotated([1.0, 4.0], 0.5)), np.array([-2.0, 1.5]), 0.3, 20),
             (_Quadratic(_spd_matrices()[2]), np.linspace(-1, 1, 5), 0.01, 50),
             (_Quadratic(np.diag([2.0, 3.0])), np.array([1.0, -1.0]), 0.2, 0)]
    n = check_cases(
        fn, cases, _descend, names=["loss_and_grad", "w0", "lr", "steps"],
        describe=lambda f, *rest: (f"A.shape={f.A.shape}, "
                                   + describe_case(rest, ["w0", "lr", "steps"])),
        mistakes=[("sign", same_as(lambda *c: _descend(*c, sign=-1.0))),
                  ("steps", same_as(lambda *c: _descend(*c, extra=1))),
                  ("steps", same_as(lambda *c: _descend(*c, extra=-1)))])
    return text("passed.inputs", n=n)


def _eigenvalues(A: np.ndarray) -> list:
    return [float(f"{v:.4g}") for v in np.linalg.eigvalsh(A)]


@exercise("4.2")
def check_max_stable_lr(fn: Callable) -> CheckResult:
    """Exercise 4.2: ``fn(A)`` is 2 / μ_max(A), μ_max the largest eigenvalue of a symmetric
    positive definite A.

    Recognises 1/μ_max, 2/μ_min, and the diagonal of A taken for its eigenvalues.

    Parameters
    ----------
    fn : callable
        The learner's ``max_stable_lr(A)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_max_stable_lr(lambda A: 1 / np.linalg.eigvalsh(A).max())   # doctest: +ELLIPSIS
    ✗ Exercise 4.2 (largest stable learning rate): got 0.1, expected 0.2 (input: A with eigenvalues [1.0, 10.0])
      Hint: 1/μ_max is where the fastest component starts to oscillate, ...
    CheckResult(exercise='4.2', passed=False)

    Explained in chapter 04 (Gradient descent).
    """
    n = check_cases(
        fn, [(A,) for A in _spd_matrices()],
        lambda A: 2.0 / float(np.linalg.eigvalsh(A).max()), names=["A"],
        describe=lambda A: text("4.2.case", eigenvalues=_eigenvalues(A)),
        mistakes=[("factor", same_as(lambda A: 1.0 / np.linalg.eigvalsh(A).max())),
                  ("smallest", same_as(lambda A: 2.0 / np.linalg.eigvalsh(A).min())),
                  ("diagonal", same_as(lambda A: 2.0 / np.diag(A).max()))])
    return text("passed.inputs", n=n)


@exercise("4.3")
def check_contraction_factor(fn: Callable) -> CheckResult:
    """Exercise 4.3: ``fn(A, lr)`` is max_i abs(1 − lr·μ_i), μ_i the eigenvalues of A: the
    per-step factor of the slowest eigen-component of gradient descent on ½wᵀAw.

    Recognises a missing absolute value and the smallest factor taken for the largest.

    Parameters
    ----------
    fn : callable
        The learner's ``contraction_factor(A, lr)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_contraction_factor(lambda A, lr: np.max(np.abs(1 - lr * np.linalg.eigvalsh(A))))
    ✓ Exercise 4.3 (contraction factor): passed on 6 inputs.
    CheckResult(exercise='4.3', passed=True)

    Explained in chapter 04 (Gradient descent).
    """
    A1, A2, A3, _ = _spd_matrices()
    cases = [(A1, 0.01), (A1, 0.1), (A1, 0.19), (A1, 0.25), (A2, 0.2), (A3, 0.05)]
    n = check_cases(
        fn, cases, lambda A, lr: float(np.max(np.abs(1.0 - lr * np.linalg.eigvalsh(A)))),
        names=["A", "lr"],
        describe=lambda A, lr: text("4.3.case", eigenvalues=_eigenvalues(A), lr=lr),
        mistakes=[("abs", same_as(lambda A, lr: np.max(1.0 - lr * np.linalg.eigvalsh(A)))),
                  ("slowest", same_as(
                      lambda A, lr: np.min(np.abs(1.0 - lr * np.linalg.eigvalsh(A)))))])
    return text("passed.inputs", n=n)


def _loss_of(closure: Callable, W: np.ndarray) -> float:
    out = run(closure, W)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise Failure(text("why.not_pair", got=fmt(out)))
    return out


@exercise("4.4")
def check_make_minibatch(fn: Callable) -> CheckResult:
    """Exercise 4.4: ``fn(X, y, batch_size, rng)`` returns a closure ``W -> (loss, grad)`` that
    draws a new batch of ``batch_size`` distinct samples on every call and returns
    ``softmax_loss`` (mean, no regularization) on it.

    Tests that a batch of all N samples gives the full loss and gradient, that two calls use
    different batches, and that 1500 batch gradients average to the full gradient.
    Recognises a batch drawn once, sampling with replacement, and a biased sample.

    Parameters
    ----------
    fn : callable
        The learner's ``make_minibatch(X, y, batch_size, rng)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.losses import softmax_loss
    >>> def drawn_once(X, y, batch_size, rng):
    ...     idx = rng.choice(len(y), size=batch_size, replace=False)
    ...     return lambda W: softmax_loss(W, X[idx], y[idx])
    >>> check_make_minibatch(drawn_once)   # doctest: +ELLIPSIS
    ✗ Exercise 4.4 (mini-batch closure): two calls with batch_size = 5 at the same W gave the same loss ...
      Hint: the batch is drawn once, when make_minibatch runs, ...
    CheckResult(exercise='4.4', passed=False)

    Explained in chapter 04 (Gradient descent).
    """
    require_callable(fn)
    rng = np.random.default_rng(404)
    N, D, C = 40, 3, 4
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    W = rng.standard_normal((D, C))
    full = softmax_loss(W, X, y)
    whole = run(fn, X.copy(), y.copy(), N, np.random.default_rng(0))
    if whole is None:
        raise Failure(text("why.none"))
    if not callable(whole):
        raise Failure(text("why.returned_not_function", got=fmt(whole)))
    why = compare(_loss_of(whole, W.copy()), full)
    if why:
        with_replacement = [np.random.default_rng(0).choice(N, size=N, replace=True),
                            np.random.default_rng(0).integers(0, N, size=N)]
        got = _loss_of(run(fn, X.copy(), y.copy(), N, np.random.default_rng(0)), W.copy())
        kind = "replace" if any(compare(got, softmax_loss(W, X[i], y[i])) is None
                                for i in with_replacement) else None
        raise Failure(text("why.full_batch", N=N, problem=why), hint=kind)
    small = run(fn, X.copy(), y.copy(), 5, np.random.default_rng(1))
    first, second = _loss_of(small, W)[0], _loss_of(small, W)[0]
    if np.isclose(first, second):
        raise Failure(text("why.same_batch", loss=fmt(first)), hint="drawn_once")
    grads = [_loss_of(small, W)[1] for _ in range(1500)]
    mean_grad = np.mean(grads, axis=0)
    scale = float(np.abs(full[1]).max())
    why = compare(mean_grad, full[1], rtol=0.0, atol=0.1 * scale)
    if why:
        raise Failure(text("why.biased", n=len(grads), problem=why), hint="biased")
    return text("4.4.passed")
