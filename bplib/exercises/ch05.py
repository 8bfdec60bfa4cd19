"""Checks for the exercises of chapter 05 (Learning rate).

Explained in chapter 05 (Learning rate).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..schedules import cosine_decay, warmup_cosine
from ._core import CheckResult, check_cases, exercise, same_as
from .messages import text

EXERCISES = ("5.1", "5.2", "5.3", "5.4")


@exercise("5.1")
def check_cosine_lr(fn: Callable) -> CheckResult:
    """Exercise 5.1: ``fn(t, lr0, T)`` is the notes' cosine decay ½·lr0·(1 + cos(tπ/T)), for
    integer steps 0 ≤ t ≤ T.

    Recognises a missing ½, a schedule that rises, and a cosine that does not reach π at T.

    Parameters
    ----------
    fn : callable
        The learner's ``cosine_lr(t, lr0, T)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_cosine_lr(lambda t, lr0, T: lr0 * (1 + math.cos(t * math.pi / T)))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 5.1 (cosine decay): got 0.2, expected 0.1 (input: t=0, lr0=0.1, T=100)
      Hint: your rate is twice the expected one: ...
    CheckResult(exercise='5.1', passed=False)

    Explained in chapter 05 (Learning rate).
    """
    cases = [(0, 0.1, 100), (50, 0.1, 100), (100, 0.1, 100), (1, 2.0, 3), (7, 0.5, 30),
             (29, 0.5, 30)]
    n = check_cases(fn, cases, lambda t, lr0, T: cosine_decay(lr0, T)(t),
                    names=["t", "lr0", "T"], mistakes=[
        ("half", same_as(lambda t, lr0, T: lr0 * (1 + math.cos(t * math.pi / T)))),
        ("sign", same_as(lambda t, lr0, T: 0.5 * lr0 * (1 - math.cos(t * math.pi / T)))),
        ("period", same_as(lambda t, lr0, T: 0.5 * lr0 * (1 + math.cos(t * math.pi))))])
    return text("passed.inputs", n=n)


@exercise("5.2")
def check_exp_gamma(fn: Callable) -> CheckResult:
    """Exercise 5.2: ``fn(lr0, lr_end, T)`` is the γ with lr0 · γ^T = lr_end.

    Recognises the ratio upside down and a division by T instead of a T-th root.

    Parameters
    ----------
    fn : callable
        The learner's ``exp_gamma(lr0, lr_end, T)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_exp_gamma(lambda lr0, lr_end, T: (lr0 / lr_end) ** (1 / T))   # doctest: +ELLIPSIS
    ✗ Exercise 5.2 (exponential decay factor): got 1.01547, expected 0.984767 (input: lr0=1, lr_end=0.01, T=300)
      Hint: your γ is above 1 when lr_end < lr0, ...
    CheckResult(exercise='5.2', passed=False)

    Explained in chapter 05 (Learning rate).
    """
    cases = [(1.0, 0.01, 300), (0.1, 0.05, 1), (0.5, 0.5, 10), (2.0, 1e-4, 1000)]
    n = check_cases(fn, cases, lambda lr0, lr_end, T: (lr_end / lr0) ** (1.0 / T),
                    names=["lr0", "lr_end", "T"], mistakes=[
        ("inverted", same_as(lambda lr0, lr_end, T: (lr0 / lr_end) ** (1.0 / T))),
        ("root", same_as(lambda lr0, lr_end, T: (lr_end / lr0) / T))])
    return text("passed.inputs", n=n)


@exercise("5.3")
def check_range_test_lrs(fn: Callable) -> CheckResult:
    """Exercise 5.3: ``fn(lr_lo, lr_hi, steps)`` is the array of ``steps`` geometrically spaced
    rates from lr_lo to lr_hi inclusive (``np.geomspace``).

    Recognises linear spacing and a last rate below lr_hi.

    Parameters
    ----------
    fn : callable
        The learner's ``range_test_lrs(lr_lo, lr_hi, steps)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_range_test_lrs(np.geomspace)
    ✓ Exercise 5.3 (range-test learning rates): passed on 4 inputs.
    CheckResult(exercise='5.3', passed=True)

    Explained in chapter 05 (Learning rate).
    """
    cases = [(1e-3, 1e2, 200), (0.01, 1.0, 3), (1e-4, 10.0, 11), (0.5, 2.0, 2)]
    n = check_cases(fn, cases, lambda lo, hi, steps: np.geomspace(lo, hi, steps),
                    names=["lr_lo", "lr_hi", "steps"], mistakes=[
        ("linear", same_as(lambda lo, hi, steps: np.linspace(lo, hi, steps))),
        ("endpoint", same_as(lambda lo, hi, steps: lo * (hi / lo) ** (np.arange(steps) / steps)))])
    return text("passed.inputs", n=n)


def _warmup_cosine(t, lr0, warmup, T, shift=True, offset=0):
    if t < warmup:
        return lr0 * (t + offset) / warmup
    if shift:
        return warmup_cosine(lr0, warmup, T)(t)
    return 0.5 * lr0 * (1 + math.cos(t * math.pi / T))


@exercise("5.4")
def check_warmup_cosine_lr(fn: Callable) -> CheckResult:
    """Exercise 5.4: ``fn(t, lr0, warmup, T)`` is linear warm-up to lr0 over ``warmup`` steps,
    then cosine decay to 0 at T (``bplib.schedules.warmup_cosine``).

    Recognises a cosine that ignores the warm-up's shift and a warm-up one step ahead.

    Parameters
    ----------
    fn : callable
        The learner's ``warmup_cosine_lr(t, lr0, warmup, T)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.schedules import warmup_cosine
    >>> check_warmup_cosine_lr(lambda t, lr0, warmup, T: warmup_cosine(lr0, warmup, T)(t))
    ✓ Exercise 5.4 (warm-up + cosine): passed on 7 inputs.
    CheckResult(exercise='5.4', passed=True)

    Explained in chapter 05 (Learning rate).
    """
    cases = [(0, 1.0, 10, 110), (5, 1.0, 10, 110), (10, 1.0, 10, 110), (60, 1.0, 10, 110),
             (110, 1.0, 10, 110), (3, 0.2, 4, 20), (19, 0.2, 4, 20)]
    n = check_cases(fn, cases, _warmup_cosine, names=["t", "lr0", "warmup", "T"], mistakes=[
        ("shift", same_as(lambda *c: _warmup_cosine(*c, shift=False))),
        ("warmup", same_as(lambda *c: _warmup_cosine(*c, offset=1)))])
    return text("passed.inputs", n=n)
