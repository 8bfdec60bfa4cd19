"""Checks for the exercises of chapter 06 (Numerical gradient)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..gradients import numerical_gradient
from ._core import check_function


def _sum_of(g: Callable) -> Callable:
    """A scalar function whose gradient is g' elementwise: x -> sum(g(x))."""
    return lambda x: np.sum(g(x))


def _describe_f(names: dict) -> Callable:
    return lambda case: f"f = {names[id(case[0])]} at x of shape {np.shape(case[1])}"


def check_central_gradient(fn: Callable) -> bool:
    """Exercise 6.1: ``fn(f, x, eps)`` returns the central-difference gradient of a scalar
    function f at an array x of any shape: (f(x + εe_k) − f(x − εe_k)) / 2ε for every
    entry k."""
    rng = np.random.default_rng(601)
    funcs = {"sum(x**2)": lambda x: np.sum(x ** 2),
             "sum(sin(x) * exp(x))": lambda x: np.sum(np.sin(x) * np.exp(x)),
             "(sum of x)**3": lambda x: np.sum(x) ** 3,
             "x[0, 1] * x[1, 0]": lambda x: x[0, 1] * x[1, 0]}
    names = {id(f): name for name, f in funcs.items()}
    fs = list(funcs.values())
    cases = [(fs[0], rng.standard_normal(3), 1e-6),
             (fs[1], rng.standard_normal((2, 3)), 1e-6),
             (fs[2], rng.standard_normal(4), 1e-5),
             (fs[3], rng.standard_normal((2, 2)), 1e-6)]
    return check_function(
        "Exercise 6.1 (central-difference gradient)", fn, cases,
        lambda f, x, eps: numerical_gradient(f, x, eps=eps, method="central"),
        hint="loop over every entry with `for k in np.ndindex(x.shape)`; nudge x[k] by +eps "
             "and by -eps (on a copy, or put the old value back), and store "
             "(f(plus) - f(minus)) / (2 * eps) in grad[k], an array shaped like x.",
        rtol=1e-6, atol=1e-8, describe=_describe_f(names))


def check_complex_step(fn: Callable) -> bool:
    """Exercise 6.2: ``fn(g, x, eps=1e-20)`` returns g'(x) elementwise by the complex step,
    Im g(x + iε) / ε, for a numpy function g of one variable applied elementwise to x."""
    funcs = {"np.sin": np.sin, "np.exp": np.exp,
             "x**3 - 2x": lambda x: x ** 3 - 2 * x,
             "exp(sin(x)) / (1 + x**2)": lambda x: np.exp(np.sin(x)) / (1 + x ** 2)}
    names = {id(g): name for name, g in funcs.items()}
    xs = np.linspace(-1.5, 2.0, 6)
    cases = [(g, xs.copy()) for g in funcs.values()]
    return check_function(
        "Exercise 6.2 (complex-step derivative)", fn, cases,
        lambda g, x: numerical_gradient(_sum_of(g), x, method="complex"),
        hint="evaluate g at the complex points x + 1j * eps (eps = 1e-20) and divide the "
             "imaginary part (np.imag) by eps. A central difference is not accurate enough "
             "here: the check asks for 12 correct digits.",
        rtol=1e-12, atol=1e-14, describe=_describe_f(names))


def check_richardson(fn: Callable) -> bool:
    """Exercise 6.3: ``fn(g, x, eps)`` combines two central differences, with steps ε and 2ε,
    into (4·C(ε) − C(2ε)) / 3, whose error is O(ε⁴); g is applied elementwise to x. The
    check compares with the exact derivative at ε = 0.01, where a plain central difference
    is off by more than 1e-6 and the combination by less than 1e-7."""
    funcs = {"np.sin": (np.sin, np.cos), "np.exp": (np.exp, np.exp),
             "x**5": (lambda x: x ** 5, lambda x: 5 * x ** 4)}
    names = {id(g): name for name, (g, _) in funcs.items()}
    exact = {id(g): dg for g, dg in funcs.values()}
    xs = np.linspace(-1.0, 1.0, 5)
    cases = [(g, xs.copy(), 0.01) for g, _ in funcs.values()]
    return check_function(
        "Exercise 6.3 (Richardson extrapolation)", fn, cases,
        lambda g, x, eps: exact[id(g)](x),
        hint="write C(h) = (g(x + h) - g(x - h)) / (2 * h), then return "
             "(4 * C(eps) - C(2 * eps)) / 3: the ε² terms of the two Taylor series cancel.",
        rtol=0.0, atol=1e-6, describe=lambda c: f"g = {names[id(c[0])]}, eps = {c[2]}")


def check_optimal_forward_eps(fn: Callable) -> bool:
    """Exercise 6.4: ``fn(u, f0, f2)`` is the ε that minimizes the forward difference's error
    model ε·f2/2 + u·f0/ε (truncation + round-off), for f0 = abs f(x) and f2 = abs f''(x)."""
    cases = [(2.220446049250313e-16, 1.0, 1.0), (1.1920929e-07, 1.0, 1.0),
             (2.220446049250313e-16, 5.0, 0.2), (1.1920929e-07, 0.3, 40.0)]
    return check_function(
        "Exercise 6.4 (the best forward-difference step)", fn, cases,
        lambda u, f0, f2: float(np.sqrt(2 * u * f0 / f2)),
        hint="set the derivative of ε·f2/2 + u·f0/ε with respect to ε to zero: "
             "f2/2 - u·f0/ε² = 0, and solve for ε.",
        rtol=1e-6, atol=0.0,
        describe=lambda c: f"u = {c[0]:.3g}, f0 = {c[1]}, f2 = {c[2]}")
