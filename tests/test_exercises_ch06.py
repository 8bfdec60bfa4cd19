"""The checks of chapter 06's exercises: each passes a correct solution, and fails a wrong one
or a stub (a learner's unfinished cell) with a ✗ line and a hint, without raising."""

import numpy as np
import pytest

from bplib.exercises import ch06
from exercise_checks import assert_solutions_pass, assert_stub_fails


def central_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[k] += eps
        minus[k] -= eps
        grad[k] = (f(plus) - f(minus)) / (2 * eps)
    return grad


def complex_step_derivative(g, x, eps=1e-20):
    return np.imag(g(x + 1j * eps)) / eps


def richardson(g, x, eps):
    def C(h):
        return (g(x + h) - g(x - h)) / (2 * h)
    return (4 * C(eps) - C(2 * eps)) / 3


def optimal_forward_eps(u, f0, f2):
    return float(np.sqrt(2 * u * f0 / f2))


CHECKS = [(ch06.check_central_gradient, central_gradient),
          (ch06.check_complex_step, complex_step_derivative),
          (ch06.check_richardson, richardson),
          (ch06.check_optimal_forward_eps, optimal_forward_eps)]


def test_each_check_passes_a_correct_solution(capsys):
    assert_solutions_pass(CHECKS, capsys)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
def test_a_stub_fails_with_a_hint_and_does_not_raise(check, capsys):
    assert_stub_fails(check, 6, capsys)


def test_central_gradient_check_catches_a_forward_difference(capsys):
    def forward(f, x, eps=1e-6):
        grad = np.zeros_like(x, dtype=float)
        for k in np.ndindex(x.shape):
            plus = x.copy()
            plus[k] += eps
            grad[k] = (f(plus) - f(x)) / eps
        return grad

    assert not ch06.check_central_gradient(forward)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 6.1") and "f = " in out and "(2 * eps)" in out


def test_central_gradient_check_catches_a_flattened_result(capsys):
    assert not ch06.check_central_gradient(
        lambda f, x, eps=1e-6: central_gradient(f, x, eps).ravel())
    out = capsys.readouterr().out
    assert "shape" in out


def test_complex_step_check_rejects_a_central_difference(capsys):
    assert not ch06.check_complex_step(lambda g, x, eps=1e-20: (g(x + 1e-6) - g(x - 1e-6)) / 2e-6)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 6.2") and "np.imag" in out


def test_richardson_check_rejects_a_plain_central_difference(capsys):
    assert not ch06.check_richardson(lambda g, x, eps: (g(x + eps) - g(x - eps)) / (2 * eps))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 6.3") and "4 * C(eps)" in out


def test_optimal_eps_check_catches_a_missing_factor_2(capsys):
    assert not ch06.check_optimal_forward_eps(lambda u, f0, f2: float(np.sqrt(u * f0 / f2)))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 6.4") and "u = " in out


def test_a_solution_that_raises_is_reported_not_raised(capsys):
    def broken(f, x, eps=1e-6):
        raise IndexError("boom")

    assert not ch06.check_central_gradient(broken)
    assert "raised IndexError: boom" in capsys.readouterr().out
