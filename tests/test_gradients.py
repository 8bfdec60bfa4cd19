"""bplib.gradients: accuracy of each estimator on smooth functions, the measured error orders,
x left exactly as it was, numerical VJPs against known Jacobians, the gradient report's
verdicts and text, and a clear error for every bad input."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from bplib.gradients import (GradientReport, check_gradient, default_eps, default_tol,
                             numerical_gradient, numerical_vjp, rel_error)

METHODS = ["forward", "central", "complex"]

# Smooth functions with their exact gradients, all written with complex-safe numpy
# operations so that every method, the complex step included, applies to each.
SMOOTH = {
    "cubic polynomial": (lambda x: np.sum(x ** 3 - 2 * x ** 2 + x),
                         lambda x: 3 * x ** 2 - 4 * x + 1),
    "sin of exp": (lambda x: np.sum(np.sin(np.exp(x))),
                   lambda x: np.cos(np.exp(x)) * np.exp(x)),
    "x times exp of sin": (lambda x: np.sum(x * np.exp(np.sin(x))),
                           lambda x: np.exp(np.sin(x)) * (1 + x * np.cos(x))),
    "coupled exp(0.3 Σx) Σx²": (lambda x: np.exp(0.3 * np.sum(x)) * np.sum(x ** 2),
                                lambda x: np.exp(0.3 * np.sum(x)) * (0.3 * np.sum(x ** 2) + 2 * x)),
}

# Allowed error per method, relative to the size of f and of its gradient.
TOLERANCE = {"forward": 1e-5, "central": 1e-7, "complex": 1e-14}

bounded_arrays = arrays(np.float64, array_shapes(min_dims=0, max_dims=2, max_side=3),
                        elements=st.floats(-2.0, 2.0))


def exactly_equal(a, b):
    """Same dtype, shape and bytes (so -0.0 vs 0.0 and the last bit count)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


# --------------------------------------------------------------------------- accuracy

@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", SMOOTH)
@given(x=bounded_arrays)
def test_each_method_matches_the_exact_gradient_of_smooth_functions(name, method, x):
    f, grad = SMOOTH[name]
    numeric = numerical_gradient(f, x, method=method)
    exact = grad(x)
    assert numeric.shape == x.shape and numeric.dtype == np.float64
    scale = 1.0 + abs(f(x)) + np.max(np.abs(exact), initial=0.0)
    assert np.max(np.abs(numeric - exact), initial=0.0) <= TOLERANCE[method] * scale


def fitted_slope(method, eps_values, f, grad, x=0.5):
    errors = [abs(numerical_gradient(f, np.array(x), eps=e, method=method) - grad(x))
              for e in eps_values]
    return np.polyfit(np.log10(eps_values), np.log10(errors), 1)[0]


def test_forward_difference_error_falls_like_eps_to_the_first_power():
    f, grad = SMOOTH["x times exp of sin"]
    slope = fitted_slope("forward", np.logspace(-6, -3, 7), f, grad)
    assert slope == pytest.approx(1.0, abs=0.1)


def test_central_difference_error_falls_like_eps_squared():
    f, grad = SMOOTH["x times exp of sin"]
    slope = fitted_slope("central", np.logspace(-4, -2, 7), f, grad)
    assert slope == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("eps", [1e-12, 1e-20, 1e-100, 1e-300])
def test_complex_step_is_exact_to_round_off_for_any_tiny_eps(eps):
    f, grad = SMOOTH["sin of exp"]
    x = np.array([-1.3, 0.2, 0.7, 1.9])
    exact = grad(x)
    numeric = numerical_gradient(f, x, eps=eps, method="complex")
    assert np.all(np.abs(numeric - exact) <= 4e-16 * (1 + np.abs(exact)))


def test_central_difference_collapses_at_tiny_eps_where_complex_step_does_not():
    f, grad = SMOOTH["sin of exp"]
    x = np.array([0.7])
    central = numerical_gradient(f, x, eps=1e-13, method="central")
    complex_step = numerical_gradient(f, x, eps=1e-13, method="complex")
    assert abs(central[0] - grad(x)[0]) > 1e-5              # round-off dominates
    assert abs(complex_step[0] - grad(x)[0]) < 1e-15


def test_default_eps_per_method_in_float64_and_float32():
    assert default_eps("central") == 1e-6
    assert default_eps("complex") == 1e-20
    assert default_eps("forward") == pytest.approx(1.5e-8, rel=0.01)
    assert default_eps("forward", np.float32) == pytest.approx(3.45e-4, rel=0.01)
    assert default_eps("central", np.float32) == pytest.approx(4.9e-3, rel=0.01)
    x = np.array([0.3, -0.4])
    f = SMOOTH["sin of exp"][0]
    for method in METHODS:
        assert exactly_equal(numerical_gradient(f, x, method=method),
                             numerical_gradient(f, x, eps=default_eps(method), method=method))


@pytest.mark.parametrize("method", METHODS)
def test_float32_x_is_perturbed_and_returned_in_float32(method):
    seen = []

    def f(x):
        seen.append(x.dtype)
        return np.sum(x ** 2)

    x = np.array([0.5, -1.0], dtype=np.float32)
    grad = numerical_gradient(f, x, method=method)
    assert grad.dtype == np.float32
    expected = np.complex64 if method == "complex" else np.float32
    assert set(seen) == {np.dtype(expected)}
    assert np.allclose(grad, 2 * x, rtol=1e-2)


def test_float32_rounding_swallows_an_eps_below_its_resolution():
    f = SMOOTH["cubic polynomial"][0]
    x32 = np.array([2.0], dtype=np.float32)                  # 2 + 1e-9 rounds back to 2 in float32
    assert numerical_gradient(f, x32, eps=1e-9)[0] == 0.0
    assert numerical_gradient(f, x32.astype(np.float64), eps=1e-9)[0] != 0.0


@pytest.mark.parametrize("method", METHODS)
def test_integer_and_scalar_and_list_x_are_accepted_as_float64(method):
    f, grad = SMOOTH["cubic polynomial"]
    x_int = np.array([1, -2, 3])
    numeric = numerical_gradient(f, x_int, method=method)
    assert numeric.dtype == np.float64
    assert np.allclose(numeric, grad(x_int.astype(float)), rtol=1e-5)
    assert x_int.dtype.kind == "i" and list(x_int) == [1, -2, 3]
    scalar = numerical_gradient(f, 2.0, method=method)
    assert scalar.shape == () and scalar == pytest.approx(5.0, rel=1e-5)
    assert np.allclose(numerical_gradient(f, [1.0, 2.0], method=method), [0.0, 5.0], atol=1e-5)


# --------------------------------------------------------------- x left as it was

AWKWARD = np.array([[0.1, -0.0, 1 / 3], [1e10, -7.25, 2.0 ** -40]])


@pytest.mark.parametrize("method", METHODS)
def test_x_is_unchanged_bit_for_bit_after_success(method):
    x = AWKWARD.copy()
    numerical_gradient(SMOOTH["cubic polynomial"][0], x, method=method)
    assert exactly_equal(x, AWKWARD)


@pytest.mark.parametrize("method", METHODS)
def test_x_is_unchanged_after_f_raises_midway(method):
    calls = []

    def f(x):
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("f broke on its 4th call")
        return np.sum(x ** 2)

    x = AWKWARD.copy()
    expected = TypeError if method == "complex" else RuntimeError   # the complex step explains
    with pytest.raises(expected, match="4th call"):                  # f's failure, chaining it
        numerical_gradient(f, x, method=method)
    assert len(calls) == 4
    assert exactly_equal(x, AWKWARD)


def test_x_is_unchanged_after_f_raises_in_vjp_and_check_gradient():
    def f(x):
        if x[0, 1] != AWKWARD[0, 1]:
            raise RuntimeError("boom")
        return x * 2.0

    x = AWKWARD.copy()
    with pytest.raises(RuntimeError):
        numerical_vjp(f, x, np.ones_like(x))
    assert exactly_equal(x, AWKWARD)
    with pytest.raises(RuntimeError):
        check_gradient(lambda x: np.sum(f(x)), x, np.full_like(x, 2.0))
    assert exactly_equal(x, AWKWARD)


@pytest.mark.parametrize("method", ["forward", "central"])
def test_f_reading_x_through_a_closure_sees_the_in_place_nudge(method):
    """CS231n's pattern: f ignores its argument and reads the parameters it closes over."""
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    numeric = numerical_gradient(lambda _: np.sum(W ** 2), W, method=method)
    assert np.allclose(numeric, 2 * W, rtol=1e-5)


def test_complex_step_with_an_f_ignoring_its_argument_is_reported_not_zero():
    W = np.array([1.0, -2.0])
    with pytest.raises(TypeError, match="real value .* for complex input"):
        numerical_gradient(lambda _: np.sum(W ** 2), W, method="complex")


def test_read_only_x_is_perturbed_in_a_copy():
    x = np.array([1.0, 2.0])
    x.setflags(write=False)
    assert np.allclose(numerical_gradient(lambda v: np.sum(v ** 2), x), [2.0, 4.0])
    assert check_gradient(lambda v: np.sum(v ** 2), x, 2 * x).ok


# ------------------------------------------------------------------ numerical_vjp

@given(seed=st.integers(0, 10_000), m=st.integers(1, 4), n=st.integers(1, 4))
def test_vjp_of_a_matrix_product_is_A_transpose_v(seed, m, n):
    rng = np.random.default_rng(seed)
    A, x, v = rng.standard_normal((m, n)), rng.standard_normal(n), rng.standard_normal(m)
    assert np.allclose(numerical_vjp(lambda x: A @ x, x, v), A.T @ v, atol=1e-8)


@given(x=bounded_arrays, seed=st.integers(0, 10_000))
def test_vjp_of_an_elementwise_function_is_v_times_its_derivative(x, seed):
    v = np.random.default_rng(seed).standard_normal(x.shape)
    result = numerical_vjp(np.sin, x, v)
    assert result.shape == x.shape
    assert np.allclose(result, v * np.cos(x), atol=1e-8)


def test_vjp_of_a_right_matrix_product_is_V_times_B_transpose():
    rng = np.random.default_rng(0)
    X, B, V = rng.standard_normal((3, 2)), rng.standard_normal((2, 4)), rng.standard_normal((3, 4))
    assert np.allclose(numerical_vjp(lambda X: X @ B, X, V), V @ B.T, atol=1e-8)


def test_vjp_of_an_f_returning_its_own_input_is_v():
    """f may return a view of the array being perturbed; its output is copied each time."""
    x, v = np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 3.0])
    assert np.allclose(numerical_vjp(lambda x: x, x, v), v)


def test_vjp_of_a_scalar_f_with_v_one_is_the_gradient():
    f, grad = SMOOTH["x times exp of sin"]
    x = np.array([0.3, -1.2])
    assert np.allclose(numerical_vjp(f, x, 1.0), grad(x), atol=1e-8)


# ----------------------------------------------------------------------- rel_error

def test_rel_error_is_the_largest_elementwise_relative_error_as_a_python_float():
    err = rel_error(np.array([1.0, 2.0, 0.0]), np.array([1.0, 2.02, 0.0]))
    assert type(err) is float
    assert err == pytest.approx(0.02 / 4.02)
    assert rel_error(np.ones((2, 2)), np.ones((2, 2))) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error(0.0, 1e-10) == 1.0                  # one entry: the plain relative error
    assert rel_error(np.zeros(0), np.zeros(0)) == 0.0


def test_rel_error_measures_an_entry_smaller_than_a_thousandth_of_the_largest_against_it():
    # |a − b| / max(|a| + |b|, 1e-3 · s), s = the largest |a| + |b| (here 2)
    assert rel_error([1.0, 1e-9], [1.0, 3e-9]) == pytest.approx(2e-9 / 2e-3)
    assert rel_error([1.0, 1e-2], [1.0, 3e-2]) == pytest.approx(2e-2 / 4e-2)   # above: its own
    assert rel_error([1.0, 0.0], [1.0, 1e-3]) == pytest.approx(0.5)            # size


@given(a=bounded_arrays, seed=st.integers(0, 10_000), scale=st.floats(1e-200, 1e200))
def test_rel_error_is_unchanged_when_both_arrays_are_scaled_together(a, seed, scale):
    b = np.random.default_rng(seed).uniform(-2, 2, a.shape)
    assert rel_error(scale * a, scale * b) == pytest.approx(rel_error(a, b), rel=1e-9, abs=1e-300)


def test_relative_error_statement_is_the_same_in_rel_error_and_the_report():
    import inspect
    from bplib import gradients
    for obj in (gradients.rel_error, gradients.GradientReport):
        assert gradients.RELATIVE_ERROR in inspect.cleandoc(obj.__doc__), obj


@given(a=bounded_arrays, seed=st.integers(0, 10_000))
def test_rel_error_is_symmetric_and_between_zero_and_one(a, seed):
    b = np.random.default_rng(seed).uniform(-2, 2, a.shape)
    err = rel_error(a, b)
    assert err == rel_error(b, a)
    assert 0.0 <= err <= 1.0


# -------------------------------------------------------------------- check_gradient

def linear_problem():
    c = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.5]])
    return (lambda x: np.sum(c * x)), np.zeros_like(c), c


@pytest.mark.parametrize("delta, verdict, ok", [(1e-9, "good", True),
                                                 (1e-4, "look closer", False),
                                                 (1e-1, "wrong", False)])
def test_report_verdict_bands_good_look_closer_wrong(delta, verdict, ok):
    f, x, c = linear_problem()
    analytic = c.copy()
    analytic[1, 2] *= 1 + delta
    report = check_gradient(f, x, analytic)
    assert isinstance(report, GradientReport)
    assert report.verdict == verdict and report.ok is ok
    assert report.worst_index == (1, 2)
    assert report.max_rel_error == pytest.approx(delta / (2 + delta), rel=1e-3)
    assert type(report.max_rel_error) is float
    assert verdict in " ".join(str(report).split())   # the verdict line may wrap


def test_report_str_shows_numerical_and_analytic_values_at_the_worst_entry():
    f = lambda w: np.sum(w ** 3)
    w = np.array([1.0, 2.0, -1.5])
    report = check_gradient(f, w, np.array([3.0, 8.0, 6.75]))   # entry 1 should be 12
    text = str(report)
    assert "numerical" in text and "analytic" in text
    assert "x[1]" in text and " 12 " in text and " 8 " in text
    assert "wrong" in text
    lines = text.splitlines()
    assert lines[2].split()[0] == "x[1]"                         # worst entry first
    assert report.numerical[1] == pytest.approx(12.0) and report.analytic[1] == 8.0


def test_report_repr_is_one_short_line():
    f, x, c = linear_problem()
    text = repr(check_gradient(f, x, c))
    assert "\n" not in text and len(text) < 150
    assert text.startswith("GradientReport(ok=True, verdict='good'")


def test_report_table_is_limited_to_the_worst_few_entries():
    x = np.linspace(-1, 1, 40)
    text = str(check_gradient(lambda v: np.sum(v ** 2), x, 2 * x))
    assert len(text.splitlines()) == 2 + 5 + 1


def test_report_on_a_scalar_x_names_it_x():
    report = check_gradient(lambda t: t ** 3, 2.0, 12.0)
    assert report.ok and report.worst_index == () and "at x " in str(report)


def test_float32_check_falls_in_the_look_closer_band_of_float64():
    x = np.array([0.3, -0.7, 1.1], dtype=np.float32)
    report = check_gradient(lambda v: np.sum(np.sin(v)), x, np.cos(x.astype(np.float64)), eps=1e-3,
                            tol=1e-6)
    assert report.verdict == "look closer"


def test_float32_defaults_use_the_float32_step_and_band():   # R3
    report = check_gradient(lambda w: float(np.sum(w ** 2)), np.array([1., 2.], np.float32),
                            np.array([2., 4.], np.float32))
    assert report.verdict == "good" and report.ok
    assert report.eps == default_eps("central", np.float32) and report.tol == 1e-3


@settings(max_examples=100)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(2, 12))
def test_correct_float64_gradients_with_tiny_entries_next_to_large_ones_are_good(seed, d):
    # R3: a loss of order 1 whose gradient has entries from 1e-9 to 1. The old formula, with
    # its absolute floor 1e-8, read the round-off on the tiny entries (~1e-10) as an error.
    rng = np.random.default_rng(seed)
    c = 10.0 ** rng.uniform(-9, 0, d)
    c[0] = 1.0
    w = rng.uniform(0.5, 1.0, d) * rng.choice([-1, 1], d)
    f = lambda v: float(np.sum(c * v ** 2)) + 1.0
    g = 2 * c * w
    assert check_gradient(f, w, g).verdict == "good"
    wrong = g.copy()
    wrong[0] *= 1.5                                     # a wrong gradient is still caught
    assert check_gradient(f, w, wrong).verdict == "wrong"


def test_sparse_mode_checks_num_checks_random_entries_with_2_calls_each():
    calls = []

    def f(v):
        calls.append(1)
        return np.sum(v ** 2)

    x = np.arange(100.0).reshape(10, 10) / 10
    report = check_gradient(f, x, 2 * x, num_checks=7, rng=3)
    assert len(calls) == 14
    assert report.n_checked == 7 and report.n_total == 100 and report.ok
    assert len(set(report.indices)) == 7
    assert "7 random entries of 100" in str(report)
    again = check_gradient(f, x, 2 * x, num_checks=7, rng=np.random.default_rng(3))
    assert again.indices == report.indices                      # an int seed is a Generator seed
    assert check_gradient(f, x, 2 * x, num_checks=7).indices == \
        check_gradient(f, x, 2 * x, num_checks=7).indices       # rng=None is reproducible


def test_sparse_mode_with_num_checks_at_least_the_size_checks_every_entry():
    x = np.array([1.0, 2.0, 3.0])
    report = check_gradient(lambda v: np.sum(v ** 2), x, 2 * x, num_checks=10)
    assert report.n_checked == 3 and report.indices == [(0,), (1,), (2,)]


def test_sparse_mode_catches_a_gradient_wrong_everywhere():
    x = np.linspace(-1, 1, 50)
    report = check_gradient(lambda v: np.sum(v ** 3), x, 2 * x ** 2, num_checks=5, rng=0)
    assert report.verdict == "wrong"


# ---------------------------------------------------------------------- bad input

def sum_sq(x):
    return np.sum(x ** 2)


X = np.array([1.0, 2.0])


@pytest.mark.parametrize("call", [
    lambda: numerical_gradient(sum_sq, X, eps=0.0),
    lambda: numerical_gradient(sum_sq, X, eps=-1e-6, method="forward"),
    lambda: numerical_vjp(np.sin, X, np.ones(2), eps=0.0),
    lambda: check_gradient(sum_sq, X, 2 * X, eps=-1.0),
])
def test_eps_not_positive_is_rejected_naming_eps(call):
    with pytest.raises(ValueError, match="eps must be > 0"):
        call()


def test_eps_of_the_wrong_type_is_rejected_naming_eps():
    with pytest.raises(TypeError, match="numerical_gradient: eps must be a real number"):
        numerical_gradient(sum_sq, X, eps="1e-6")


def test_unknown_method_is_rejected_listing_the_methods():
    with pytest.raises(ValueError, match="method must be one of 'forward', 'central', 'complex'; "
                                         "got 'backward'"):
        numerical_gradient(sum_sq, X, method="backward")


@pytest.mark.parametrize("call", [
    lambda: numerical_gradient(42, X),
    lambda: numerical_vjp(None, X, X),
    lambda: check_gradient("loss", X, X),
])
def test_f_not_callable_is_rejected_naming_f(call):
    with pytest.raises(TypeError, match="f must be callable"):
        call()


@pytest.mark.parametrize("method", ["forward", "central"])
def test_f_returning_an_array_where_a_scalar_is_needed_points_to_numerical_vjp(method):
    with pytest.raises(ValueError, match="f must return a real scalar.*numerical_vjp"):
        numerical_gradient(lambda x: x ** 2, X, method=method)


def test_f_returning_non_numeric_is_rejected():
    with pytest.raises(ValueError, match="f must return a real scalar.*got None"):
        numerical_gradient(lambda x: None, X)


def test_non_finite_f_names_the_entry_being_perturbed():
    f = lambda x: np.inf if x[1] < 0 else float(np.sum(x))
    with pytest.raises(ValueError, match=r"f returned inf at x\[1\] perturbed by -1e-06"):
        numerical_gradient(f, np.array([1.0, 0.0]))


def test_non_finite_f_at_x_itself_is_reported_by_forward_difference():
    with pytest.raises(ValueError, match="f returned nan at x itself"):
        numerical_gradient(lambda x: np.nan, X, method="forward")


def test_complex_step_rejects_an_f_that_returns_real_for_complex_input():
    with pytest.raises(TypeError, match=r"real value .* for complex input at x\[0\]"):
        numerical_gradient(lambda x: np.sum(np.abs(x)), X, method="complex")


def test_complex_step_rejects_an_f_that_fails_or_drops_the_imaginary_part():
    with pytest.raises(TypeError, match="f failed on complex input.*method='central'"):
        numerical_gradient(lambda x: float(np.sum(x)), X, method="complex")

    def fills_a_real_array(x):
        out = np.zeros(x.shape)
        out[:] = x                                   # silently discards Im without the check
        return np.sum(out)

    with pytest.raises(TypeError, match="f failed on complex input"):
        numerical_gradient(fills_a_real_array, X, method="complex")


@pytest.mark.parametrize("bad, error, message", [
    (np.array([1.0, np.nan]), ValueError, r"x must be finite; got nan at index \(1,\)"),
    (np.array(["a", "b"]), TypeError, "x must be a numeric array"),
])
def test_bad_x_is_rejected_naming_x(bad, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(sum_sq, bad)


def test_vjp_rejects_v_not_shaped_like_f_of_x():
    with pytest.raises(ValueError, match=r"numerical_vjp: v has shape \(3,\) but f\(x\) has "
                                         r"shape \(2,\)"):
        numerical_vjp(np.sin, X, np.ones(3))


def test_vjp_rejects_an_f_whose_output_shape_changes():
    f = lambda x: np.ones(2) if x[0] == 1.0 else np.ones(3)
    with pytest.raises(ValueError, match=r"f returned shape \(3,\) at x\[0\] perturbed by "
                                         r"\+1e-06 .* expected the same shape"):
        numerical_vjp(f, X, np.ones(2))


def test_vjp_rejects_a_non_finite_output_naming_the_entries():
    f = lambda x: np.array([1.0, np.inf]) if x[1] > 2.0 else x
    with pytest.raises(ValueError, match=r"non-finite value inf in output entry \(1,\) at "
                                         r"x\[1\] perturbed by \+1e-06"):
        numerical_vjp(f, X, np.ones(2))


def test_rel_error_rejects_arrays_of_different_shapes():
    with pytest.raises(ValueError, match=r"rel_error: a has shape \(2,\) but b has shape \(3,\)"):
        rel_error(np.ones(2), np.ones(3))


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(analytic=np.ones(3)), ValueError, r"analytic has shape \(3,\) but x has shape \(2,\)"),
    (dict(analytic=np.array([2.0, np.nan])), ValueError, "analytic must be finite"),
    (dict(tol=-1e-6), ValueError, "tol must be >= 0"),
    (dict(num_checks=0), ValueError, "num_checks must be >= 1"),
    (dict(num_checks=1.5), TypeError, "num_checks must be an integer"),
    (dict(rng="seed"), TypeError, "rng must be a numpy.random.Generator or an int seed"),
])
def test_check_gradient_rejects_bad_arguments_naming_them(kwargs, error, message):
    args = dict(f=sum_sq, x=X, analytic=2 * X) | kwargs
    with pytest.raises(error, match=f"check_gradient: {message}"):
        check_gradient(**args)


def test_check_gradient_rejects_an_empty_x():
    with pytest.raises(ValueError, match="x has no entries"):
        check_gradient(sum_sq, np.zeros(0), np.zeros(0))


# --- issue 10 -------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["forward", "central", "complex"])
def test_an_f_that_writes_into_its_argument_leaves_x_unchanged(method):   # R16
    x = np.array([1.0, -2.0, 0.5])
    kept = x.copy()

    def f(w):
        value = np.sum(w * w)
        w *= 0                                 # a careless f: edits its argument in place
        return value
    grad = numerical_gradient(f, x, method=method)
    np.testing.assert_array_equal(x, kept)
    np.testing.assert_allclose(grad, 2 * kept, rtol=1e-6)
    check_gradient(f, x, 2 * kept)
    numerical_vjp(lambda w: f(w) * np.ones(2), x, np.ones(2))
    np.testing.assert_array_equal(x, kept)


def test_a_closure_over_x_still_sees_the_nudge():
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(lambda _: float(np.sum(x ** 2)), x), 2 * x,
                               rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, bool])
def test_default_eps_and_tol_accept_integer_dtypes_as_float64(dtype):   # R17
    assert default_eps("central", dtype) == default_eps("central", np.float64) == 1e-6
    assert default_tol(dtype) == 1e-6
    with pytest.raises(TypeError, match="default_eps: dtype must be a floating or integer dtype"):
        default_eps("central", "a string")
