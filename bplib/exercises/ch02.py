"""Checks for the exercises of chapter 02 (Grid search).

Explained in chapter 02 (Grid search).
"""

from __future__ import annotations

import itertools
import math
from typing import Callable

import numpy as np

from ._core import CheckResult, check_cases, exercise, same_as
from .messages import text

EXERCISES = ("2.1", "2.2", "2.3")


def _grid_search_nd(L: Callable, axes, keep_ties: bool = False) -> tuple:
    best, best_score = None, math.inf
    for w in itertools.product(*axes):
        w = np.array(w, dtype=float)
        score = L(w)
        if score < best_score or (keep_ties and score == best_score):
            best, best_score = w, score
    return best, best_score


def _tilted_bowl(w):
    w = np.asarray(w, dtype=float)
    c = np.arange(1, w.size + 1) * 0.37 - 0.5
    scale = np.arange(1, w.size + 1, dtype=float)
    return float(np.sum(scale * (w - c) ** 2) + 0.3 * w[0] * w[-1])


def _bumpy(w):
    w = np.asarray(w, dtype=float)
    return float(np.sum(w ** 2) / 4 - np.prod(np.cos(2 * w)))


@exercise("2.1")
def check_grid_search_nd(fn: Callable) -> CheckResult:
    """Exercise 2.1: ``fn(L, axes)`` searches the Cartesian product of any number of axes and
    returns ``(best, best_score)``, best as a 1-D array, keeping the first point on a tie
    (strict ``<``, as in the notes).

    Recognises ties resolved to the last point and the two results swapped.

    Parameters
    ----------
    fn : callable
        The learner's ``grid_search_nd(L, axes)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.search import grid_search
    >>> def grid_search_nd(L, axes):
    ...     r = grid_search(L, axes)
    ...     return r.best, r.best_score
    >>> check_grid_search_nd(grid_search_nd)
    ✓ Exercise 2.1 (grid search in d dimensions): passed on 5 inputs.
    CheckResult(exercise='2.1', passed=True)

    Explained in chapter 02 (Grid search).
    """
    cases = [(_tilted_bowl, [np.linspace(-2, 2, 9)]),
             (_tilted_bowl, [np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)]),
             (_bumpy, [np.linspace(-2, 2, 5)] * 3),
             (lambda w: 1.0, [np.array([0.0, 1.0]), np.array([2.0, 3.0])]),  # all tie
             (_tilted_bowl, [np.linspace(-1, 1, 3)] * 4)]
    n = check_cases(
        fn, cases, _grid_search_nd, names=["L", "axes"],
        describe=lambda L, axes: text("2.1.case", lengths=[len(a) for a in axes]),
        mistakes=[("tie", same_as(lambda L, axes: _grid_search_nd(L, axes, keep_ties=True))),
                  ("order", same_as(lambda L, axes: _grid_search_nd(L, axes)[::-1]))])
    return text("passed.inputs", n=n)


def _grid_evaluations(low: float, high: float, h: float, d: int) -> int:
    k = math.ceil((high - low) / h) + 1
    return k ** d


@exercise("2.2")
def check_grid_evaluations(fn: Callable) -> CheckResult:
    """Exercise 2.2: ``fn(low, high, h, d)`` is the number of evaluations of the coarsest grid
    with spacing at most ``h`` on [low, high] in each of d dimensions, endpoints included.

    Recognises a missing endpoint, a count of gaps rounded down, and k·d instead of k^d.

    Parameters
    ----------
    fn : callable
        The learner's ``grid_evaluations(low, high, h, d)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_grid_evaluations(lambda low, high, h, d: int((high - low) / h) ** d)
    ✗ Exercise 2.2 (evaluations of a grid): got 6, expected 7 (input: low=-3, high=3, h=1, d=1)
      Hint: one point per axis is missing: k points make k − 1 gaps, so there is one more point than gaps.
    CheckResult(exercise='2.2', passed=False)

    Explained in chapter 02 (Grid search).
    """
    cases = [(-3.0, 3.0, 1.0, 1), (-3.0, 3.0, 0.5, 2), (0.0, 1.0, 0.25, 3),
             (0.0, 1.0, 0.3, 2), (-1.0, 1.0, 0.125, 5), (-3.0, 3.0, 0.25, 10)]
    n = check_cases(fn, cases, _grid_evaluations, names=["low", "high", "h", "d"], mistakes=[
        ("endpoint", same_as(lambda low, high, h, d: math.ceil((high - low) / h) ** d)),
        ("round_down", same_as(lambda low, high, h, d: (math.floor((high - low) / h) + 1) ** d)),
        ("power", same_as(lambda low, high, h, d: (math.ceil((high - low) / h) + 1) * d))])
    return text("passed.inputs", n=n)


def _coarse_to_fine(L: Callable, centre, half_width: float, k: int, rounds: int,
                    shrink: bool = True, move: bool = True) -> tuple:
    start = centre = np.asarray(centre, dtype=float)
    best, best_score = centre, math.inf
    for _ in range(rounds):
        axes = [np.linspace(c - half_width, c + half_width, k) for c in centre]
        best, best_score = _grid_search_nd(L, axes)
        centre = best if move else start
        if shrink:
            half_width = 2 * half_width / (k - 1)
    return best, best_score


@exercise("2.3")
def check_coarse_to_fine(fn: Callable) -> CheckResult:
    """Exercise 2.3: ``fn(L, centre, half_width, k, rounds)`` runs ``rounds`` grid searches of
    k points per axis on [c − half_width, c + half_width] around the current centre, moving the
    centre to the best point and shrinking half_width to one grid spacing, 2·half_width/(k − 1),
    after each round; returns ``(best, best_score)`` of the last round.

    Recognises a window that does not shrink and a centre that does not move.

    Parameters
    ----------
    fn : callable
        The learner's ``coarse_to_fine(L, centre, half_width, k, rounds)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_coarse_to_fine(lambda L, centre, half_width, k, rounds: None)   # doctest: +ELLIPSIS
    ✗ Exercise 2.3 (coarse-to-fine grid search): it returned None: ...
      Hint: each round builds a grid of k points per axis centred on the current centre, ...
    CheckResult(exercise='2.3', passed=False)

    Explained in chapter 02 (Grid search).
    """
    cases = [(_tilted_bowl, np.zeros(2), 3.0, 5, 1),
             (_tilted_bowl, np.zeros(2), 3.0, 5, 4),
             (_bumpy, np.array([0.3, -0.2]), 2.0, 7, 3),
             (_tilted_bowl, np.zeros(3), 4.0, 3, 6)]
    n = check_cases(
        fn, cases, _coarse_to_fine, names=["L", "centre", "half_width", "k", "rounds"],
        describe=lambda L, c, hw, k, r: f"d={len(c)}, half_width={hw:g}, k={k}, rounds={r}",
        mistakes=[("shrink", same_as(lambda *c: _coarse_to_fine(*c, shrink=False))),
                  ("centre", same_as(lambda *c: _coarse_to_fine(*c, move=False)))])
    return text("passed.inputs", n=n)
