"""Checks for the exercises of chapter 01 (Loss functions).

Explained in chapter 01 (Loss functions).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..losses import svm_loss
from ._core import CheckResult, check_cases, exercise, non_finite, raised, same_as
from .messages import text

EXERCISES = ("1.1", "1.2", "1.3")


def _softmax(s: np.ndarray, axis: int = -1) -> np.ndarray:
    z = s - s.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


@exercise("1.1")
def check_stable_softmax(fn: Callable) -> CheckResult:
    """Exercise 1.1: ``fn(s)`` is the row-wise softmax of an (N, C) array of scores, finite
    for scores of ±1000.

    Recognises an overflowing ``np.exp``, a softmax over the wrong axis, row maxima that do
    not broadcast, and a function that changes ``s`` in place.

    Parameters
    ----------
    fn : callable
        The learner's ``stable_softmax(s)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def naive(s):
    ...     return np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    >>> check_stable_softmax(naive)   # doctest: +ELLIPSIS
    ✗ Exercise 1.1 (stable softmax): got nan at index (0, 0), expected 0.244728 (input: s=[1000, 1001, 999])
      Hint: np.exp overflowed: ...
    CheckResult(exercise='1.1', passed=False)

    Explained in chapter 01 (Loss functions).
    """
    rng = np.random.default_rng(101)
    cases = [(rng.standard_normal((4, 3)),),
             (np.array([[1000.0, 1001.0, 999.0]]),),
             (np.array([[-1000.0, -1002.0, -1000.0], [0.0, 0.0, 0.0]]),),
             (30 * rng.standard_normal((5, 10)),)]
    n = check_cases(fn, cases, _softmax, names=["s"], mistakes=[
        ("overflow", non_finite()),
        ("axis", same_as(lambda s: _softmax(s, axis=0))),
        ("keepdims", raised(ValueError, contains="broadcast"))])
    return text("passed.inputs", n=n)


def _svm_sum(W, X, y):
    return svm_loss(W, X, y, reduction="sum")[0]


@exercise("1.2")
def check_svm_loss_loop(fn: Callable) -> CheckResult:
    """Exercise 1.2: ``fn(W, X, y)`` is the multiclass SVM loss with explicit loops, summed over
    samples and over the wrong classes j ≠ y_i, margin 1, no regularization.

    Recognises the notes' sum over every j (N too large) and a mean instead of the sum.

    Parameters
    ----------
    fn : callable
        The learner's ``svm_loss_loop(W, X, y)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.losses import svm_loss
    >>> check_svm_loss_loop(lambda W, X, y: svm_loss(W, X, y, reduction="sum")[0])
    ✓ Exercise 1.2 (SVM loss with loops): passed on 3 inputs.
    CheckResult(exercise='1.2', passed=True)

    Explained in chapter 01 (Loss functions).
    """
    rng = np.random.default_rng(102)
    cases = []
    for N, D, C in [(3, 2, 3), (5, 4, 4), (8, 3, 5)]:
        cases.append((rng.standard_normal((D, C)), rng.standard_normal((N, D)),
                      rng.integers(0, C, N)))
    n = check_cases(
        fn, cases, _svm_sum, names=["W", "X", "y"],
        describe=lambda W, X, y: f"N={X.shape[0]}, D={W.shape[0]}, C={W.shape[1]}",
        mistakes=[("include_yi", same_as(lambda W, X, y: _svm_sum(W, X, y) + len(y))),
                  ("mean", same_as(lambda W, X, y: _svm_sum(W, X, y) / len(y)))])
    return text("passed.inputs", n=n)


@exercise("1.3")
def check_initial_loss(fn: Callable) -> CheckResult:
    """Exercise 1.3: ``fn(C)`` is the mean softmax loss of a classifier whose C scores are all
    equal (for example W = 0): the sanity check before training.

    Recognises the probability returned instead of the loss, and a flipped sign.

    Parameters
    ----------
    fn : callable
        The learner's ``initial_loss(C)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_initial_loss(lambda C: np.log(C))
    ✓ Exercise 1.3 (loss of a zero classifier): passed on 4 inputs.
    CheckResult(exercise='1.3', passed=True)

    Explained in chapter 01 (Loss functions).
    """
    n = check_cases(fn, [(2,), (3,), (10,), (1000,)], lambda C: float(np.log(C)), names=["C"],
                    mistakes=[("probability", same_as(lambda C: 1.0 / C)),
                              ("sign", same_as(lambda C: -float(np.log(C))))])
    return text("passed.inputs", n=n)
