"""Checks for the exercises of chapter 05 (Learning rate)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..schedules import cosine_decay, warmup_cosine
from ._core import check_function


def check_cosine_lr(fn: Callable) -> bool:
    """Exercise 5.1: ``fn(t, lr0, T)`` is the notes' cosine decay ½·lr0·(1 + cos(tπ/T)),
    for integer steps 0 ≤ t ≤ T."""
    cases = [(0, 0.1, 100), (50, 0.1, 100), (100, 0.1, 100), (1, 2.0, 3), (7, 0.5, 30),
             (29, 0.5, 30)]
    return check_function(
        "Exercise 5.1 (cosine decay)", fn, cases, lambda t, lr0, T: cosine_decay(lr0, T)(t),
        hint="α_t = 0.5 * lr0 * (1 + np.cos(t * np.pi / T)): lr0 at t = 0, lr0/2 at t = T/2, "
             "0 at t = T.",
        describe=lambda c: f"t = {c[0]}, lr0 = {c[1]}, T = {c[2]}")


def check_exp_gamma(fn: Callable) -> bool:
    """Exercise 5.2: ``fn(lr0, lr_end, T)`` is the γ with lr0 · γ^T = lr_end."""
    cases = [(1.0, 0.01, 300), (0.1, 0.05, 1), (0.5, 0.5, 10), (2.0, 1e-4, 1000)]
    return check_function(
        "Exercise 5.2 (exponential decay factor)", fn, cases,
        lambda lr0, lr_end, T: (lr_end / lr0) ** (1.0 / T),
        hint="solve lr0 * gamma**T = lr_end for gamma: gamma = (lr_end / lr0) ** (1 / T).",
        describe=lambda c: f"lr0 = {c[0]}, lr_end = {c[1]}, T = {c[2]}")


def check_range_test_lrs(fn: Callable) -> bool:
    """Exercise 5.3: ``fn(lr_lo, lr_hi, steps)`` is the array of ``steps`` geometrically
    spaced rates from lr_lo to lr_hi inclusive (``np.geomspace``)."""
    cases = [(1e-3, 1e2, 200), (0.01, 1.0, 3), (1e-4, 10.0, 11), (0.5, 2.0, 2)]
    return check_function(
        "Exercise 5.3 (range-test learning rates)", fn, cases,
        lambda lo, hi, steps: np.geomspace(lo, hi, steps),
        hint="the rates grow by a constant factor, so their logarithms are evenly spaced: "
             "lr_lo * (lr_hi / lr_lo) ** (np.arange(steps) / (steps - 1)), or np.geomspace.",
        describe=lambda c: f"lr_lo = {c[0]}, lr_hi = {c[1]}, steps = {c[2]}")


def check_warmup_cosine_lr(fn: Callable) -> bool:
    """Exercise 5.4: ``fn(t, lr0, warmup, T)`` is linear warm-up to lr0 over ``warmup``
    steps, then cosine decay to 0 at T (``bplib.schedules.warmup_cosine``)."""
    cases = [(0, 1.0, 10, 110), (5, 1.0, 10, 110), (10, 1.0, 10, 110), (60, 1.0, 10, 110),
             (110, 1.0, 10, 110), (3, 0.2, 4, 20), (19, 0.2, 4, 20)]
    return check_function(
        "Exercise 5.4 (warm-up + cosine)", fn, cases,
        lambda t, lr0, warmup, T: warmup_cosine(lr0, warmup, T)(t),
        hint="for t < warmup return lr0 * t / warmup; afterwards use the cosine formula with "
             "t - warmup in place of t and T - warmup in place of T.",
        describe=lambda c: f"t = {c[0]}, lr0 = {c[1]}, warmup = {c[2]}, T = {c[3]}")
