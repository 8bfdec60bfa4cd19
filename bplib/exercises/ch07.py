"""Checks for the exercises of chapter 07 (Analytic gradient).

The gradient checks compare the learner's analytic gradient with a complex-step numerical
gradient (exact to machine precision, chapter 06), so a correct formula always passes and a
wrong one fails at the first wrong entry.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..gradients import numerical_gradient
from ..losses import softmax_loss
from ._core import check_function


def _logistic_loss(w, X, y, reg):
    """Σ log(1 + exp(−y_i wᵀx_i)) + λ‖w‖², written with complex-safe numpy operations."""
    return np.sum(np.log(1 + np.exp(-y * (X @ w)))) + reg * np.sum(w * w)


def check_logistic_grad(fn: Callable) -> bool:
    """Exercise 7.1: ``fn(w, X, y, reg)`` returns the gradient of the logistic loss
    L(w) = Σ_i log(1 + exp(−y_i wᵀx_i)) + λ‖w‖², with labels y_i in {−1, +1}."""
    rng = np.random.default_rng(701)
    cases = []
    for N, D, reg in [(5, 2, 0.0), (8, 3, 0.5), (20, 4, 0.1)]:
        cases.append((rng.standard_normal(D), rng.standard_normal((N, D)),
                      rng.choice([-1.0, 1.0], size=N), reg))
    return check_function(
        "Exercise 7.1 (logistic-loss gradient)", fn, cases,
        lambda w, X, y, reg: numerical_gradient(
            lambda v: _logistic_loss(v, X, y, reg), w, method="complex"),
        hint="with m_i = y_i wᵀx_i, d/dm log(1 + exp(−m)) = −1 / (1 + exp(m)); the chain "
             "rule adds the factor y_i x_i. Vectorized: -X.T @ (y / (1 + np.exp(y * (X @ w)))) "
             "+ 2 * reg * w.",
        rtol=1e-7, atol=1e-10,
        describe=lambda c: f"N={c[1].shape[0]}, D={c[1].shape[1]}, reg={c[3]}")


def check_softmax_grad_fixed(fn: Callable) -> bool:
    """Exercise 7.2: ``fn(W, X, y, reg)`` returns the gradient of the softmax loss with the
    notes' sum reduction, dW = Xᵀ(P − Y) + 2λW (the buggy version had two mistakes)."""
    rng = np.random.default_rng(702)
    cases = []
    for N, D, C, reg in [(4, 2, 3, 0.0), (10, 3, 4, 0.3), (25, 5, 3, 1.0)]:
        cases.append((rng.standard_normal((D, C)), rng.standard_normal((N, D)),
                      rng.integers(0, C, N), reg))
    return check_function(
        "Exercise 7.2 (fix the softmax gradient)", fn, cases,
        lambda W, X, y, reg: softmax_loss(W, X, y, reg=reg, reduction="sum")[1],
        hint="run check_gradient on the buggy version first: the data term should use "
             "P - Y (probabilities minus the one-hot labels, so subtract 1 at the correct "
             "class), and the derivative of λ‖W‖² is 2λW.",
        describe=lambda c: f"N={c[1].shape[0]}, D={c[0].shape[0]}, C={c[0].shape[1]}, "
                           f"reg={c[3]}")


def check_grad_wrt_X(fn: Callable) -> bool:
    """Exercise 7.3: ``fn(w, X, y)`` returns ∂L/∂X, shape (N, D), for the least-squares
    loss L = Σ_i (y_i − wᵀx_i)² (the regularizer does not depend on X)."""
    rng = np.random.default_rng(703)
    cases = []
    for N, D in [(3, 2), (6, 4), (10, 3)]:
        cases.append((rng.standard_normal(D), rng.standard_normal((N, D)),
                      rng.standard_normal(N)))
    return check_function(
        "Exercise 7.3 (gradient with respect to the data)", fn, cases,
        lambda w, X, y: numerical_gradient(
            lambda Z: np.sum((y - Z @ w) ** 2), X, method="complex"),
        hint="X[i, d] appears only in r_i = y_i − wᵀx_i, with ∂r_i/∂X[i, d] = −w_d; so "
             "∂L/∂X[i, d] = −2 r_i w_d, an outer product: -2 * np.outer(y - X @ w, w).",
        rtol=1e-7, atol=1e-10,
        describe=lambda c: f"N={c[1].shape[0]}, D={c[1].shape[1]}")


def check_ridge_solution(fn: Callable) -> bool:
    """Exercise 7.4: ``fn(X, y, reg)`` returns the minimizer of λ‖w‖² + Σ(y_i − wᵀx_i)²,
    the solution of the normal equations (XᵀX + λI) w = Xᵀy."""
    rng = np.random.default_rng(704)
    cases = []
    for N, D, reg in [(10, 2, 0.5), (30, 4, 3.0), (5, 6, 1.0)]:
        cases.append((rng.standard_normal((N, D)), rng.standard_normal(N), reg))
    return check_function(
        "Exercise 7.4 (ridge regression in closed form)", fn, cases,
        lambda X, y, reg: np.linalg.solve(X.T @ X + reg * np.eye(X.shape[1]), X.T @ y),
        hint="set the gradient 2λw − 2Xᵀ(y − Xw) to zero and collect the w terms: "
             "(XᵀX + λI) w = Xᵀy; solve it with np.linalg.solve (not an explicit inverse).",
        rtol=1e-7, atol=1e-10,
        describe=lambda c: f"N={c[0].shape[0]}, D={c[0].shape[1]}, reg={c[2]}")
