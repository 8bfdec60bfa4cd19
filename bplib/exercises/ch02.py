"""Checks for the exercises of chapter 02 (Grid search)."""

from __future__ import annotations

import itertools
import math
from typing import Callable

import numpy as np

from ._core import check_function


def _grid_search_nd(L: Callable, axes) -> tuple:
    best, best_score = None, math.inf
    for w in itertools.product(*axes):
        w = np.array(w, dtype=float)
        score = L(w)
        if score < best_score:
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


def check_grid_search_nd(fn: Callable) -> bool:
    """Exercise 2.1: ``fn(L, axes)`` searches the Cartesian product of any number of axes
    and returns ``(best, best_score)``, best as a 1-D array, keeping the first point on a
    tie (strict ``<``, as in the notes)."""
    cases = [(_tilted_bowl, [np.linspace(-2, 2, 9)]),
             (_tilted_bowl, [np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)]),
             (_bumpy, [np.linspace(-2, 2, 5)] * 3),
             (lambda w: 1.0, [np.array([0.0, 1.0]), np.array([2.0, 3.0])]),  # all tie
             (_tilted_bowl, [np.linspace(-1, 1, 3)] * 4)]
    return check_function(
        "Exercise 2.1 (grid search in d dimensions)", fn, cases, _grid_search_nd,
        hint="loop over itertools.product(*axes), which yields one tuple per grid point "
             "(the last axis changing fastest); turn each into np.array(w) before calling L; "
             "keep a point only if its score is strictly lower, so the first wins a tie.",
        describe=lambda c: f"a grid with axes of lengths {[len(a) for a in c[1]]}")


def _grid_evaluations(low: float, high: float, h: float, d: int) -> int:
    k = math.ceil((high - low) / h) + 1
    return k ** d


def check_grid_evaluations(fn: Callable) -> bool:
    """Exercise 2.2: ``fn(low, high, h, d)`` is the number of evaluations of the coarsest
    grid with spacing at most ``h`` on [low, high] in each of d dimensions, endpoints
    included."""
    cases = [(-3.0, 3.0, 1.0, 1), (-3.0, 3.0, 0.5, 2), (0.0, 1.0, 0.25, 3),
             (0.0, 1.0, 0.3, 2), (-1.0, 1.0, 0.125, 5), (-3.0, 3.0, 0.25, 10)]
    return check_function(
        "Exercise 2.2 (evaluations of a grid)", fn, cases, _grid_evaluations,
        hint="k = ceil((high - low) / h) + 1 points per axis (the +1 counts both endpoints: "
             "4 points make 3 gaps), and a grid in d dimensions has k ** d points.",
        describe=lambda c: f"low={c[0]:g}, high={c[1]:g}, h={c[2]:g}, d={c[3]}")


def _coarse_to_fine(L: Callable, centre, half_width: float, k: int, rounds: int) -> tuple:
    centre = np.asarray(centre, dtype=float)
    best_score = math.inf
    for _ in range(rounds):
        axes = [np.linspace(c - half_width, c + half_width, k) for c in centre]
        centre, best_score = _grid_search_nd(L, axes)
        half_width = 2 * half_width / (k - 1)
    return centre, best_score


def check_coarse_to_fine(fn: Callable) -> bool:
    """Exercise 2.3: ``fn(L, centre, half_width, k, rounds)`` runs ``rounds`` grid searches
    of k points per axis on [c - half_width, c + half_width] around the current centre,
    moving the centre to the best point and shrinking half_width to one grid spacing,
    2·half_width/(k − 1), after each round; returns ``(best, best_score)``."""
    cases = [(_tilted_bowl, np.zeros(2), 3.0, 5, 1),
             (_tilted_bowl, np.zeros(2), 3.0, 5, 4),
             (_bumpy, np.array([0.3, -0.2]), 2.0, 7, 3),
             (_tilted_bowl, np.zeros(3), 4.0, 3, 6)]
    return check_function(
        "Exercise 2.3 (coarse-to-fine grid search)", fn, cases, _coarse_to_fine,
        hint="in each round build one axis per coordinate with "
             "np.linspace(c - half_width, c + half_width, k), search their product (your "
             "exercise 2.1 or bplib.search.grid_search), move the centre to the best point, "
             "then set half_width = 2 * half_width / (k - 1).",
        describe=lambda c: f"d={len(c[1])}, half_width={c[2]:g}, k={c[3]}, rounds={c[4]}")
