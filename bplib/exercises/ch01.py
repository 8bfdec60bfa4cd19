"""Checks for the exercises of chapter 01 (Loss functions)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..losses import svm_loss
from ._core import check_function


def _stable_softmax(s: np.ndarray) -> np.ndarray:
    z = s - s.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def check_stable_softmax(fn: Callable) -> bool:
    """Exercise 1.1: ``fn(s)`` returns the row-wise softmax of an (N, C) score array,
    without overflow for scores of 1e3 (or underflow for −1e3)."""
    rng = np.random.default_rng(101)
    cases = [(rng.standard_normal((4, 3)),),
             (np.array([[1000.0, 1001.0, 999.0]]),),
             (np.array([[-1000.0, -1002.0, -1000.0], [0.0, 0.0, 0.0]]),),
             (30 * rng.standard_normal((5, 10)),)]
    return check_function(
        "Exercise 1.1 (stable softmax)", fn, cases, _stable_softmax,
        hint="subtract each row's maximum before np.exp (keepdims=True keeps the shapes "
             "broadcastable), then divide by the row sums.")


def check_svm_loss_loop(fn: Callable) -> bool:
    """Exercise 1.2: ``fn(W, X, y)`` computes the multiclass SVM loss with explicit loops,
    summed over samples and over the wrong classes j ≠ y_i, margin 1, no regularization."""
    rng = np.random.default_rng(102)
    cases = []
    for N, D, C in [(3, 2, 3), (5, 4, 4), (8, 3, 5)]:
        cases.append((rng.standard_normal((D, C)), rng.standard_normal((N, D)),
                      rng.integers(0, C, N)))
    return check_function(
        "Exercise 1.2 (SVM loss with loops)", fn, cases,
        lambda W, X, y: svm_loss(W, X, y, reduction="sum")[0],
        hint="for each sample i compute s = X[i] @ W, then add max(0, s[j] - s[y[i]] + 1) "
             "for every j except j == y[i]. The result is off by exactly N if j == y[i] is included.",
        describe=lambda c: f"an input with N={c[1].shape[0]}, D={c[0].shape[0]}, C={c[0].shape[1]}")


def check_initial_loss(fn: Callable) -> bool:
    """Exercise 1.3: ``fn(C)`` is the mean softmax loss of a classifier whose scores are
    all equal (for example W = 0), for C classes: the sanity check before training."""
    return check_function(
        "Exercise 1.3 (loss of a zero classifier)", fn, [(2,), (3,), (10,), (1000,)],
        lambda C: float(np.log(C)),
        hint="equal scores make every probability 1/C, so each sample's loss is -log(1/C).",
        describe=lambda c: f"C = {c[0]}")
