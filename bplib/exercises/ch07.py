"""Checks for the exercises of chapter 07 (Analytic gradient).

The gradient checks compare the learner's analytic gradient with a complex-step numerical
gradient (exact to machine precision, chapter 06), so a correct formula always passes and a
wrong one fails at the first wrong entry.

Explained in chapter 07 (Analytic gradient).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..gradients import numerical_gradient
from ..losses import softmax_loss
from ._core import CheckResult, check_cases, exercise, same_as
from .messages import text

EXERCISES = ("7.1", "7.2", "7.3", "7.4")


def _logistic_loss(w, X, y, reg):
    """Σ log(1 + exp(−y_i wᵀx_i)) + λ‖w‖², written with complex-safe numpy operations."""
    return np.sum(np.log(1 + np.exp(-y * (X @ w)))) + reg * np.sum(w * w)


def _logistic_data(w, X, y):
    return -X.T @ (y / (1 + np.exp(y * (X @ w))))


@exercise("7.1")
def check_logistic_grad(fn: Callable) -> CheckResult:
    """Exercise 7.1: ``fn(w, X, y, reg)`` returns the gradient of the logistic loss
    L(w) = Σ_i log(1 + exp(−y_i wᵀx_i)) + λ‖w‖², with labels y_i in {−1, +1}.

    Recognises a missing or halved regularizer gradient, a flipped data term, and a mean.

    Parameters
    ----------
    fn : callable
        The learner's ``logistic_grad(w, X, y, reg)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def no_reg(w, X, y, reg):
    ...     return -X.T @ (y / (1 + np.exp(y * (X @ w))))
    >>> check_logistic_grad(no_reg)   # doctest: +ELLIPSIS
    ✗ Exercise 7.1 (logistic-loss gradient): got ... (input: N=8, D=3, reg=0.5)
      Hint: the regularizer's gradient is missing: ...
    CheckResult(exercise='7.1', passed=False)

    Explained in chapter 07 (Analytic gradient).
    """
    rng = np.random.default_rng(701)
    cases = []
    for N, D, reg in [(5, 2, 0.0), (8, 3, 0.5), (20, 4, 0.1)]:
        cases.append((rng.standard_normal(D), rng.standard_normal((N, D)),
                      rng.choice([-1.0, 1.0], size=N), reg))
    n = check_cases(
        fn, cases,
        lambda w, X, y, reg: numerical_gradient(
            lambda v: _logistic_loss(v, X, y, reg), w, method="complex"),
        names=["w", "X", "y", "reg"], rtol=1e-7, atol=1e-10,
        describe=lambda w, X, y, reg: f"N={X.shape[0]}, D={X.shape[1]}, reg={reg}",
        mistakes=[("no_reg", same_as(lambda w, X, y, reg: _logistic_data(w, X, y))),
                  ("half_reg", same_as(lambda w, X, y, reg: _logistic_data(w, X, y) + reg * w)),
                  ("sign", same_as(lambda w, X, y, reg: -_logistic_data(w, X, y) + 2 * reg * w)),
                  ("mean", same_as(
                      lambda w, X, y, reg: _logistic_data(w, X, y) / len(y) + 2 * reg * w))])
    return text("passed.inputs", n=n)


def _softmax_grad(W, X, y, reg, onehot=-1.0, reg_factor=2.0, scale=1.0):
    S = X @ W
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] += onehot
    return X.T @ P * scale + reg_factor * reg * W


@exercise("7.2")
def check_softmax_grad_fixed(fn: Callable) -> CheckResult:
    """Exercise 7.2: ``fn(W, X, y, reg)`` returns the gradient of the softmax loss with the
    notes' sum reduction, dW = Xᵀ(P − Y) + 2λW (the buggy version had two mistakes).

    Recognises each of the two bugs (P + Y; λW), both, and a mean over the samples.

    Parameters
    ----------
    fn : callable
        The learner's ``softmax_grad_fixed(W, X, y, reg)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.losses import softmax_loss
    >>> check_softmax_grad_fixed(lambda W, X, y, reg: softmax_loss(W, X, y, reg, "sum")[1])
    ✓ Exercise 7.2 (fix the softmax gradient): passed on 3 inputs.
    CheckResult(exercise='7.2', passed=True)

    Explained in chapter 07 (Analytic gradient).
    """
    rng = np.random.default_rng(702)
    cases = []
    for N, D, C, reg in [(4, 2, 3, 0.0), (10, 3, 4, 0.3), (25, 5, 3, 1.0)]:
        cases.append((rng.standard_normal((D, C)), rng.standard_normal((N, D)),
                      rng.integers(0, C, N), reg))
    n = check_cases(
        fn, cases, lambda W, X, y, reg: softmax_loss(W, X, y, reg=reg, reduction="sum")[1],
        names=["W", "X", "y", "reg"],
        describe=lambda W, X, y, reg: (f"N={X.shape[0]}, D={W.shape[0]}, C={W.shape[1]}, "
                                       f"reg={reg}"),
        mistakes=[("both", same_as(lambda *c: _softmax_grad(*c, onehot=1.0, reg_factor=1.0))),
                  ("onehot", same_as(lambda *c: _softmax_grad(*c, onehot=1.0))),
                  ("half_reg", same_as(lambda *c: _softmax_grad(*c, reg_factor=1.0))),
                  ("mean", same_as(lambda *c: _softmax_grad(*c, scale=1.0 / len(c[2]))))])
    return text("passed.inputs", n=n)


@exercise("7.3")
def check_grad_wrt_X(fn: Callable) -> CheckResult:
    """Exercise 7.3: ``fn(w, X, y)`` returns ∂L/∂X, shape (N, D), for the least-squares loss
    L = Σ_i (y_i − wᵀx_i)² (the regularizer does not depend on X).

    Recognises a lost factor 2 and a flipped sign (a transposed result fails on its shape).

    Parameters
    ----------
    fn : callable
        The learner's ``grad_wrt_X(w, X, y)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_grad_wrt_X(lambda w, X, y: 2 * np.outer(y - X @ w, w))   # doctest: +ELLIPSIS
    ✗ Exercise 7.3 (gradient with respect to the data): got ...
      Hint: the sign is flipped: ...
    CheckResult(exercise='7.3', passed=False)

    Explained in chapter 07 (Analytic gradient).
    """
    rng = np.random.default_rng(703)
    cases = []
    for N, D in [(3, 2), (6, 4), (10, 3)]:
        cases.append((rng.standard_normal(D), rng.standard_normal((N, D)),
                      rng.standard_normal(N)))
    n = check_cases(
        fn, cases,
        lambda w, X, y: numerical_gradient(lambda Z: np.sum((y - Z @ w) ** 2), X,
                                           method="complex"),
        names=["w", "X", "y"], rtol=1e-7, atol=1e-10,
        describe=lambda w, X, y: f"N={X.shape[0]}, D={X.shape[1]}",
        mistakes=[("factor", same_as(lambda w, X, y: -np.outer(y - X @ w, w))),
                  ("sign", same_as(lambda w, X, y: 2 * np.outer(y - X @ w, w)))])
    return text("passed.inputs", n=n)


@exercise("7.4")
def check_ridge_solution(fn: Callable) -> CheckResult:
    """Exercise 7.4: ``fn(X, y, reg)`` returns the minimizer of λ‖w‖² + Σ(y_i − wᵀx_i)², the
    solution of the normal equations (XᵀX + λI) w = Xᵀy.

    Recognises the least-squares solution without the regularizer, and 2λI for λI.

    Parameters
    ----------
    fn : callable
        The learner's ``ridge_solution(X, y, reg)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_ridge_solution(lambda X, y, reg: np.linalg.lstsq(X, y, rcond=None)[0])
    ... # doctest: +ELLIPSIS
    ✗ Exercise 7.4 (ridge regression in closed form): got ... (input: N=10, D=2, reg=0.5)
      Hint: this is the least-squares solution without the regularizer: ...
    CheckResult(exercise='7.4', passed=False)

    Explained in chapter 07 (Analytic gradient).
    """
    rng = np.random.default_rng(704)
    cases = []
    for N, D, reg in [(10, 2, 0.5), (30, 4, 3.0), (5, 6, 1.0)]:
        cases.append((rng.standard_normal((N, D)), rng.standard_normal(N), reg))

    def ridge(X, y, reg, factor=1.0):
        return np.linalg.solve(X.T @ X + factor * reg * np.eye(X.shape[1]), X.T @ y)

    n = check_cases(
        fn, cases, ridge, names=["X", "y", "reg"], rtol=1e-7, atol=1e-10,
        describe=lambda X, y, reg: f"N={X.shape[0]}, D={X.shape[1]}, reg={reg}",
        mistakes=[("no_reg", same_as(lambda X, y, reg: np.linalg.lstsq(X, y, rcond=None)[0])),
                  ("factor", same_as(lambda X, y, reg: ridge(X, y, reg, factor=2.0)))])
    return text("passed.inputs", n=n)
