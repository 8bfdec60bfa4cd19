"""The checks of chapter 06's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (a forward difference, a factor 2, x left changed, a
finite difference where the complex step is asked for) with a ✗ line and the hint for that
mistake."""

import numpy as np

from bplib.exercises import ch06
from exercise_checks import assert_fails, chapter_tests


def central_gradient(f, x, eps=1e-6, step=2.0):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[k] += eps
        minus[k] -= eps
        grad[k] = (f(plus) - f(minus)) / (step * eps)
    return grad


def forward_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        plus = x.copy()
        plus[k] += eps
        grad[k] = (f(plus) - f(x)) / eps
    return grad


def nudging_x_itself(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        x[k] += eps
        plus = f(x)
        x[k] -= 2 * eps
        grad[k] = (plus - f(x)) / (2 * eps)      # forgets to put x[k] back
    return grad


def restoring_x_itself(f, x, eps=1e-6):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        old = x[k]
        x[k] = old + eps
        plus = f(x)
        x[k] = old - eps
        grad[k] = (plus - f(x)) / (2 * eps)
        x[k] = old
    return grad


def complex_step_derivative(g, x, eps=1e-20):
    return np.imag(g(x + 1j * eps)) / eps


def richardson(g, x, eps):
    def C(h):
        return (g(x + h) - g(x - h)) / (2 * h)
    return (4 * C(eps) - C(2 * eps)) / 3


def optimal_forward_eps(u, f0, f2):
    return float(np.sqrt(2 * u * f0 / f2))


TestChapter06 = chapter_tests(
    ch06,
    {ch06.check_central_gradient: central_gradient,
     ch06.check_complex_step: complex_step_derivative,
     ch06.check_richardson: richardson,
     ch06.check_optimal_forward_eps: optimal_forward_eps},
    [(ch06.check_central_gradient, forward_gradient, "forward"),
     (ch06.check_central_gradient, lambda f, x, eps: central_gradient(f, x, eps, step=1.0),
      "factor"),
     (ch06.check_central_gradient, nudging_x_itself, "modified"),
     (ch06.check_complex_step, lambda g, x, eps=1e-20: (g(x + 1e-6) - g(x - 1e-6)) / 2e-6,
      "finite_difference"),
     (ch06.check_complex_step, lambda g, x, eps=1e-20: np.real(g(x + 1j * eps)) / eps, "real"),
     (ch06.check_richardson, lambda g, x, eps: (g(x + eps) - g(x - eps)) / (2 * eps), "plain"),
     (ch06.check_richardson,
      lambda g, x, eps: (4 * richardson(g, x, 2 * eps) * 0 + 4 * (g(x + 2 * eps) - g(x - 2 * eps))
                         / (4 * eps) - (g(x + eps) - g(x - eps)) / (2 * eps)) / 3, "swapped"),
     (ch06.check_optimal_forward_eps, lambda u, f0, f2: np.sqrt(u * f0 / f2), "factor"),
     (ch06.check_optimal_forward_eps, lambda u, f0, f2: np.sqrt(2 * u * f2 / f0), "inverted")])


def test_putting_each_entry_back_exactly_passes(capsys):
    assert ch06.check_central_gradient(restoring_x_itself)


def test_a_forward_difference_names_the_function(capsys):
    out = assert_fails(ch06.check_central_gradient, forward_gradient, capsys, "forward")
    assert "(input: f = sum(x**2), x.shape=(3,), eps=1e-06)" in out


def test_a_flattened_gradient_is_a_shape_error(capsys):
    out = assert_fails(ch06.check_central_gradient,
                       lambda f, x, eps: central_gradient(f, x, eps).ravel(), capsys)
    assert "the result has shape (6,), expected shape (2, 3)" in out


def test_a_complex_result_is_explained(capsys):
    out = assert_fails(ch06.check_complex_step, lambda g, x, eps=1e-20: g(x + 1j * eps) / eps,
                       capsys)
    assert "the result is complex" in out
