"""Checks for the exercises of chapter 03 (Random search).

Explained in chapter 03 (Random search).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ._core import CheckResult, check_cases, exercise, raised, same_as
from .messages import text

EXERCISES = ("3.1", "3.2", "3.3", "3.4")


def _random_search_box(L: Callable, D: int, low: float, high: float, num_iters: int,
                       seed: int, rng_in_loop: bool = False) -> tuple:
    rng = np.random.default_rng(seed)
    best, best_score = None, math.inf
    for _ in range(num_iters):
        if rng_in_loop:
            rng = np.random.default_rng(seed)
        w = rng.uniform(low, high, size=D)
        score = L(w)
        if score < best_score:
            best, best_score = w, score
    return best, best_score


def _shifted_bowl(w):
    w = np.asarray(w, dtype=float)
    return float(np.sum((w - 0.4) ** 2))


def _ridge(w):
    w = np.asarray(w, dtype=float)
    return float((w[0] - 1.0) ** 2 + 0.01 * np.sum(w[1:] ** 2))


@exercise("3.1")
def check_random_search_box(fn: Callable) -> CheckResult:
    """Exercise 3.1: ``fn(L, D, low, high, num_iters, seed)`` is the notes' random search in the
    box [low, high]^D: it makes ``rng = np.random.default_rng(seed)``, draws each point with
    ``rng.uniform(low, high, size=D)``, and returns ``(best, best_score)``.

    Recognises a generator created inside the loop (every dart the same).

    Parameters
    ----------
    fn : callable
        The learner's ``random_search_box(L, D, low, high, num_iters, seed)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_random_search_box(lambda L, D, low, high, num_iters, seed: (np.zeros(D), 0.0))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 3.1 (random search in a box): in result[0]: got 0 at index (0,), expected ...
      Hint: make one generator from the seed, before the loop; ...
    CheckResult(exercise='3.1', passed=False)

    Explained in chapter 03 (Random search).
    """
    cases = [(_shifted_bowl, 2, -3.0, 3.0, 50, 0),
             (_shifted_bowl, 5, -1.0, 1.0, 200, 1),
             (_ridge, 3, -2.0, 2.0, 30, 7),
             (_ridge, 1, 0.0, 5.0, 1, 3)]
    n = check_cases(fn, cases, _random_search_box,
                    names=["L", "D", "low", "high", "num_iters", "seed"],
                    mistakes=[("rng_in_loop", same_as(
                        lambda *c: _random_search_box(*c, rng_in_loop=True)))])
    return text("passed.inputs", n=n)


def _hit_probability(D: int, r: float, a: float, gamma_shift: float = 1.0,
                     side: float = 2.0) -> float:
    ball = math.pi ** (D / 2) / math.gamma(D / 2 + gamma_shift) * r ** D
    return ball / (side * a) ** D


@exercise("3.2")
def check_hit_probability(fn: Callable) -> CheckResult:
    """Exercise 3.2: ``fn(D, r, a)`` is the probability that a uniform point of the box
    [−a, a]^D lands within distance r ≤ a of its centre: the volume of the D-ball of radius r
    divided by the volume (2a)^D of the box.

    Recognises a box of side a and Γ(D/2) in place of Γ(D/2 + 1).

    Parameters
    ----------
    fn : callable
        The learner's ``hit_probability(D, r, a)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import math
    >>> check_hit_probability(lambda D, r, a: math.pi ** (D / 2) / math.gamma(D / 2 + 1)
    ...                       * r ** D / (2 * a) ** D)
    ✓ Exercise 3.2 (probability of a hit): passed on 7 inputs.
    CheckResult(exercise='3.2', passed=True)

    Explained in chapter 03 (Random search).
    """
    cases = [(1, 0.5, 1.0), (2, 1.0, 1.0), (3, 1.0, 1.0), (2, 0.3, 3.0), (5, 1.0, 1.0),
             (10, 0.5, 1.0), (20, 1.0, 1.0)]
    n = check_cases(fn, cases, _hit_probability, names=["D", "r", "a"], rtol=1e-6, atol=0.0,
                    mistakes=[("box_side", same_as(lambda D, r, a: _hit_probability(
                                  D, r, a, side=1.0), atol=0.0)),
                              ("gamma", same_as(lambda D, r, a: _hit_probability(
                                  D, r, a, gamma_shift=0.0), atol=0.0))])
    return text("passed.inputs", n=n)


def _darts_needed(p: float, confidence: float) -> int:
    return math.ceil(math.log(1 - confidence) / math.log(1 - p))


@exercise("3.3")
def check_darts_needed(fn: Callable) -> CheckResult:
    """Exercise 3.3: ``fn(p, confidence)`` is the smallest number n of independent darts, each
    hitting with probability p, such that at least one hits with probability ≥ confidence,
    1 − (1 − p)^n ≥ confidence.

    Recognises rounding down and p used as the probability of a miss.

    Parameters
    ----------
    fn : callable
        The learner's ``darts_needed(p, confidence)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import math
    >>> check_darts_needed(lambda p, c: math.floor(math.log(1 - c) / math.log(1 - p)))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 3.3 (darts needed): got 3, expected 4 (input: p=0.5, confidence=0.9)
      Hint: n must be a whole number of darts large enough to reach the confidence: ...
    CheckResult(exercise='3.3', passed=False)

    Explained in chapter 03 (Random search).
    """
    cases = [(0.5, 0.9), (0.1, 0.95), (0.785, 0.99), (0.01, 0.95), (0.0025, 0.95),
             (1e-6, 0.5)]
    n = check_cases(fn, cases, _darts_needed, names=["p", "confidence"], mistakes=[
        ("round_down", same_as(lambda p, c: math.floor(math.log(1 - c) / math.log(1 - p)))),
        ("miss", same_as(lambda p, c: math.ceil(math.log(1 - c) / math.log(p))))])
    return text("passed.inputs", n=n)


def _metropolis_accept(delta: float, T: float, u: float, sign: float = -1.0,
                       below: bool = True) -> bool:
    if delta <= 0:
        return True
    if T <= 0:
        return False
    threshold = math.exp(sign * delta / T)
    return u < threshold if below else u > threshold


@exercise("3.4")
def check_metropolis_accept(fn: Callable) -> CheckResult:
    """Exercise 3.4: ``fn(delta, T, u)`` is the annealing acceptance rule: accept a move that
    changes the score by ``delta`` if delta ≤ 0, otherwise if u < exp(−delta / T) (u a uniform
    random number in [0, 1)); at T = 0 never accept a worse move.

    Recognises a division by T = 0, the comparison with u reversed, and exp(+delta/T).

    Parameters
    ----------
    fn : callable
        The learner's ``metropolis_accept(delta, T, u)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import math
    >>> check_metropolis_accept(lambda delta, T, u: delta <= 0 or u < math.exp(-delta / T))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 3.4 (Metropolis acceptance): your code raised ZeroDivisionError: ...
      Hint: your function divides by T = 0. ...
    CheckResult(exercise='3.4', passed=False)

    Explained in chapter 03 (Random search).
    """
    cases = [(-1.0, 1.0, 0.99), (0.0, 0.0, 0.5), (1.0, 0.0, 0.0), (1.0, 1.0, 0.3),
             (1.0, 1.0, 0.4), (2.0, 10.0, 0.8), (2.0, 10.0, 0.85), (50.0, 1.0, 0.001)]
    n = check_cases(fn, cases, _metropolis_accept, names=["delta", "T", "u"], mistakes=[
        ("zero_temperature", raised(ZeroDivisionError)),
        ("inequality", same_as(lambda d, T, u: _metropolis_accept(d, T, u, below=False))),
        ("sign", same_as(lambda d, T, u: _metropolis_accept(d, T, u, sign=1.0)))])
    return text("passed.inputs", n=n)
