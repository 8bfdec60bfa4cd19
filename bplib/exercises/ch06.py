"""Checks for the exercises of chapter 06 (Numerical gradient).

Explained in chapter 06 (Numerical gradient).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..gradients import numerical_gradient
from ._core import CheckResult, check_cases, compare, exercise, same_as
from .messages import text

EXERCISES = ("6.1", "6.2", "6.3", "6.4")


class _Named:
    """A function of the checks with the name the messages show."""

    def __init__(self, name: str, fn: Callable) -> None:
        self.name, self.fn = name, fn

    def __call__(self, *args):
        return self.fn(*args)


def _central(f, x, eps=1e-6, step=2.0):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[k] += eps
        minus[k] -= eps
        grad[k] = (f(plus) - f(minus)) / (step * eps)
    return grad


def _forward(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        plus = x.copy()
        plus[k] += eps
        grad[k] = (f(plus) - f(x)) / eps
    return grad


@exercise("6.1")
def check_central_gradient(fn: Callable) -> CheckResult:
    """Exercise 6.1: ``fn(f, x, eps)`` returns the central-difference gradient of a scalar
    function f at an array x of any shape, (f(x + εe_k) − f(x − εe_k)) / 2ε for every entry k,
    and leaves x as it was.

    Recognises a forward difference, a division by ε instead of 2ε, and x left changed.

    Parameters
    ----------
    fn : callable
        The learner's ``central_gradient(f, x, eps)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.gradients import numerical_gradient
    >>> check_central_gradient(lambda f, x, eps: numerical_gradient(f, x, eps=eps))
    ✓ Exercise 6.1 (central-difference gradient): passed on 4 inputs.
    CheckResult(exercise='6.1', passed=True)

    Explained in chapter 06 (Numerical gradient).
    """
    rng = np.random.default_rng(601)
    fs = [_Named("sum(x**2)", lambda x: np.sum(x ** 2)),
          _Named("sum(sin(x) * exp(x))", lambda x: np.sum(np.sin(x) * np.exp(x))),
          _Named("(sum of x)**3", lambda x: np.sum(x) ** 3),
          _Named("x[0, 1] * x[1, 0]", lambda x: x[0, 1] * x[1, 0])]
    cases = [(fs[0], rng.standard_normal(3), 1e-6),
             (fs[1], rng.standard_normal((2, 3)), 1e-6),
             (fs[2], rng.standard_normal(4), 1e-5),
             (fs[3], rng.standard_normal((2, 2)), 1e-6)]
    n = check_cases(
        fn, cases, lambda f, x, eps: numerical_gradient(f, x, eps=eps, method="central"),
        names=["f", "x", "eps"], rtol=1e-6, atol=1e-8,
        describe=lambda f, x, eps: f"f = {f.name}, x.shape={x.shape}, eps={eps:g}",
        mistakes=[("forward", same_as(_forward, atol=1e-8)),
                  ("factor", same_as(lambda f, x, eps: _central(f, x, eps, step=1.0),
                                     atol=1e-8))])
    return text("passed.inputs", n=n)


def _complex_step(g, x, eps=1e-20):
    return numerical_gradient(lambda v: np.sum(g(v)), x, method="complex")


@exercise("6.2")
def check_complex_step(fn: Callable) -> CheckResult:
    """Exercise 6.2: ``fn(g, x, eps=1e-20)`` returns g'(x) elementwise by the complex step,
    Im g(x + iε) / ε, for a numpy function g of one variable applied elementwise to x, to 12
    significant digits.

    Recognises a finite difference (right to a few digits only) and the real part taken.

    Parameters
    ----------
    fn : callable
        The learner's ``complex_step_derivative(g, x, eps=1e-20)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_complex_step(lambda g, x, eps=1e-20: np.imag(g(x + 1j * eps)) / eps)
    ✓ Exercise 6.2 (complex-step derivative): passed on 4 inputs.
    CheckResult(exercise='6.2', passed=True)

    Explained in chapter 06 (Numerical gradient).
    """
    xs = np.linspace(-1.5, 2.0, 6)
    gs = [_Named("np.sin", np.sin), _Named("np.exp", np.exp),
          _Named("x**3 - 2x", lambda x: x ** 3 - 2 * x),
          _Named("exp(sin(x)) / (1 + x**2)", lambda x: np.exp(np.sin(x)) / (1 + x ** 2))]

    def close_but_not_exact(case, got):
        return compare(got, _complex_step(*case), rtol=1e-4, atol=1e-8) is None

    n = check_cases(fn, [(g, xs.copy()) for g in gs], _complex_step, names=["g", "x"],
                    rtol=1e-12, atol=1e-14, describe=lambda g, x: f"g = {g.name}",
                    mistakes=[("finite_difference", close_but_not_exact),
                              ("real", same_as(lambda g, x: np.real(g(x + 1e-20j)) / 1e-20))])
    return text("passed.inputs", n=n)


def _c(g, x, h):
    return (g(x + h) - g(x - h)) / (2 * h)


@exercise("6.3")
def check_richardson(fn: Callable) -> CheckResult:
    """Exercise 6.3: ``fn(g, x, eps)`` combines two central differences, with steps ε and 2ε,
    into (4·C(ε) − C(2ε)) / 3, whose error is O(ε⁴); g is applied elementwise to x. The check
    compares with the exact derivative at ε = 0.01, where a plain central difference is off by
    more than 1e-6 and the combination by less than 1e-7.

    Recognises a plain central difference and the two weights swapped.

    Parameters
    ----------
    fn : callable
        The learner's ``richardson(g, x, eps)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_richardson(lambda g, x, eps: (g(x + eps) - g(x - eps)) / (2 * eps))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 6.3 (Richardson extrapolation): got ... (input: g = np.sin, eps=0.01)
      Hint: this is a plain central difference, ...
    CheckResult(exercise='6.3', passed=False)

    Explained in chapter 06 (Numerical gradient).
    """
    xs = np.linspace(-1.0, 1.0, 5)
    exact = {"np.sin": np.cos, "np.exp": np.exp, "x**5": lambda x: 5 * x ** 4}
    gs = [_Named("np.sin", np.sin), _Named("np.exp", np.exp), _Named("x**5", lambda x: x ** 5)]
    n = check_cases(
        fn, [(g, xs.copy(), 0.01) for g in gs], lambda g, x, eps: exact[g.name](x),
        names=["g", "x", "eps"], rtol=0.0, atol=1e-6,
        describe=lambda g, x, eps: f"g = {g.name}, eps={eps:g}",
        mistakes=[("plain", same_as(lambda g, x, eps: _c(g, x, eps), rtol=1e-9, atol=1e-12)),
                  ("swapped", same_as(lambda g, x, eps: (4 * _c(g, x, 2 * eps) - _c(g, x, eps)) / 3,
                                      rtol=1e-9, atol=1e-12))])
    return text("passed.inputs", n=n)


@exercise("6.4")
def check_optimal_forward_eps(fn: Callable) -> CheckResult:
    """Exercise 6.4: ``fn(u, f0, f2)`` is the ε that minimizes the forward difference's error
    model ε·f2/2 + u·f0/ε (truncation + round-off), for f0 = |f(x)| and f2 = |f''(x)|.

    Recognises a lost factor 2 and f0 and f2 swapped.

    Parameters
    ----------
    fn : callable
        The learner's ``optimal_forward_eps(u, f0, f2)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_optimal_forward_eps(lambda u, f0, f2: np.sqrt(u * f0 / f2))   # doctest: +ELLIPSIS
    ✗ Exercise 6.4 (the best forward-difference step): got 1.49012e-08, expected 2.10734e-08 ...
      Hint: your ε is off by a factor √2: ...
    CheckResult(exercise='6.4', passed=False)

    Explained in chapter 06 (Numerical gradient).
    """
    cases = [(2.220446049250313e-16, 1.0, 1.0), (1.1920929e-07, 1.0, 1.0),
             (2.220446049250313e-16, 5.0, 0.2), (1.1920929e-07, 0.3, 40.0)]
    n = check_cases(fn, cases, lambda u, f0, f2: float(np.sqrt(2 * u * f0 / f2)),
                    names=["u", "f0", "f2"], rtol=1e-6, atol=0.0, mistakes=[
        ("factor", same_as(lambda u, f0, f2: np.sqrt(u * f0 / f2), atol=0.0)),
        ("inverted", same_as(lambda u, f0, f2: np.sqrt(2 * u * f2 / f0), atol=0.0))])
    return text("passed.inputs", n=n)
