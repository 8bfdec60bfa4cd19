"""Checks for the exercises of chapter 03 (Random search)."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ._core import check_function


def _random_search_box(L: Callable, D: int, low: float, high: float, num_iters: int,
                       seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    best, best_score = None, math.inf
    for _ in range(num_iters):
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


def check_random_search_box(fn: Callable) -> bool:
    """Exercise 3.1: ``fn(L, D, low, high, num_iters, seed)`` is the notes' random search in
    the box [low, high]^D: it makes ``rng = np.random.default_rng(seed)``, draws each point
    with ``rng.uniform(low, high, size=D)``, and returns ``(best, best_score)``."""
    cases = [(_shifted_bowl, 2, -3.0, 3.0, 50, 0),
             (_shifted_bowl, 5, -1.0, 1.0, 200, 1),
             (_ridge, 3, -2.0, 2.0, 30, 7),
             (_ridge, 1, 0.0, 5.0, 1, 3)]
    return check_function(
        "Exercise 3.1 (random search in a box)", fn, cases, _random_search_box,
        hint="make rng = np.random.default_rng(seed) once, before the loop; in each "
             "iteration draw w = rng.uniform(low, high, size=D), score it once, and keep it "
             "if the score is strictly lower than the best so far.",
        describe=lambda c: f"D={c[1]}, box [{c[2]:g}, {c[3]:g}], num_iters={c[4]}, "
                           f"seed={c[5]}")


def _hit_probability(D: int, r: float, a: float) -> float:
    ball = math.pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D
    return ball / (2 * a) ** D


def check_hit_probability(fn: Callable) -> bool:
    """Exercise 3.2: ``fn(D, r, a)`` is the probability that a uniform point of the box
    [-a, a]^D lands within distance r ≤ a of its centre: the volume of the D-ball of
    radius r divided by the volume (2a)^D of the box."""
    cases = [(1, 0.5, 1.0), (2, 1.0, 1.0), (3, 1.0, 1.0), (2, 0.3, 3.0), (5, 1.0, 1.0),
             (10, 0.5, 1.0), (20, 1.0, 1.0)]
    return check_function(
        "Exercise 3.2 (probability of a hit)", fn, cases,
        _hit_probability, rtol=1e-6, atol=0.0,
        hint="the volume of a D-dimensional ball of radius r is "
             "pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D (a segment of length 2r in 1-D, "
             "a disc of area pi r² in 2-D); divide by the box's volume (2 * a) ** D.",
        describe=lambda c: f"D={c[0]}, r={c[1]:g}, a={c[2]:g}")


def _darts_needed(p: float, confidence: float) -> int:
    return math.ceil(math.log(1 - confidence) / math.log(1 - p))


def check_darts_needed(fn: Callable) -> bool:
    """Exercise 3.3: ``fn(p, confidence)`` is the smallest number n of independent darts,
    each hitting with probability p, such that at least one hits with probability
    ≥ confidence, 1 − (1 − p)^n ≥ confidence."""
    cases = [(0.5, 0.9), (0.1, 0.95), (0.785, 0.99), (0.01, 0.95), (0.0025, 0.95),
             (1e-6, 0.5)]
    return check_function(
        "Exercise 3.3 (darts needed)", fn, cases, _darts_needed,
        hint="all n darts miss with probability (1 - p) ** n; solve (1 - p) ** n <= 1 - "
             "confidence for n with logarithms (both logs are negative, so the inequality "
             "keeps its direction after dividing) and round up with math.ceil.",
        describe=lambda c: f"p={c[0]:g}, confidence={c[1]:g}")


def _metropolis_accept(delta: float, T: float, u: float) -> bool:
    if delta <= 0:
        return True
    if T <= 0:
        return False
    return u < math.exp(-delta / T)


def check_metropolis_accept(fn: Callable) -> bool:
    """Exercise 3.4: ``fn(delta, T, u)`` is the annealing acceptance rule: accept a move
    that changes the score by ``delta`` if delta ≤ 0, otherwise if u < exp(−delta / T)
    (u a uniform random number in [0, 1)); at T = 0 never accept a worse move."""
    cases = [(-1.0, 1.0, 0.99), (0.0, 0.0, 0.5), (1.0, 0.0, 0.0), (1.0, 1.0, 0.3),
             (1.0, 1.0, 0.4), (2.0, 10.0, 0.8), (2.0, 10.0, 0.85), (50.0, 1.0, 0.001)]
    return check_function(
        "Exercise 3.4 (Metropolis acceptance)", fn, cases, _metropolis_accept,
        hint="an improvement (delta <= 0) is always accepted; a worse move is accepted when "
             "u < math.exp(-delta / T), and never when T == 0 (check T before dividing).",
        describe=lambda c: f"delta={c[0]:g}, T={c[1]:g}, u={c[2]:g}")
