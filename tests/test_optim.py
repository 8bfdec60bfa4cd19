"""Tests of bplib.optim: gradient descent on quadratics, divergence, and SGD over stand-in tensors."""

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplib.optim import SGD, Trajectory, gradient_descent
from bplib.schedules import cosine_decay, step_decay


def quadratic(A):
    """f(w) = ½wᵀAw and its gradient Aw."""
    return lambda w: (0.5 * float(w @ A @ w), A @ w)


def rotated_quadratic(eigenvalues, seed=0):
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigenvalues),) * 2))
    return Q @ np.diag(eigenvalues) @ Q.T


A3 = rotated_quadratic([1.0, 4.0, 10.0])
BOUND = 2.0 / 10.0                         # α < 2/λ_max(A) converges
W0 = np.array([1.0, -2.0, 0.5])


# ----------------------------------------------------------------------------- the trajectory

def test_trajectory_shapes_and_starting_row():
    run = gradient_descent(quadratic(A3), W0, lr=0.05, steps=30)
    assert run.params.shape == (31, 3) and run.losses.shape == (31,) and run.lrs.shape == (30,)
    np.testing.assert_array_equal(run.params[0], W0)
    assert run.losses[0] == quadratic(A3)(W0)[0]
    np.testing.assert_array_equal(run.final, run.params[-1])
    assert run.diverged is False
    assert [f.name for f in dataclasses.fields(Trajectory)] == [
        "params", "losses", "lrs", "diverged", "final"]


def test_each_step_is_w_minus_lr_times_gradient():
    run = gradient_descent(quadratic(A3), W0, lr=0.05, steps=5)
    for k in range(5):
        np.testing.assert_allclose(run.params[k + 1], run.params[k] - 0.05 * A3 @ run.params[k],
                                   rtol=1e-14)
        assert run.losses[k + 1] == pytest.approx(0.5 * run.params[k + 1] @ A3 @ run.params[k + 1])


def test_gradient_descent_leaves_w0_unchanged():
    w0 = W0.copy()
    gradient_descent(quadratic(A3), w0, lr=0.05, steps=5)
    np.testing.assert_array_equal(w0, W0)


def test_zero_steps_returns_only_the_starting_point():
    run = gradient_descent(quadratic(A3), W0, lr=0.1, steps=0)
    assert run.params.shape == (1, 3) and run.lrs.shape == (0,) and not run.diverged


def test_integer_w0_is_cast_to_float64():
    run = gradient_descent(quadratic(np.eye(2)), [3, 4], lr=0.5, steps=1)
    assert run.params.dtype == np.float64
    np.testing.assert_array_equal(run.final, [1.5, 2.0])


def test_matrix_parameters_keep_their_shape():
    W0m = np.ones((2, 3))
    run = gradient_descent(lambda W: (float(np.sum(W ** 2)), 2 * W), W0m, lr=0.25, steps=4)
    assert run.params.shape == (5, 2, 3) and run.final.shape == (2, 3)
    np.testing.assert_allclose(run.final, 0.5 ** 4 * W0m)


def test_trajectory_repr_is_short():
    run = gradient_descent(quadratic(np.eye(2)), [1.0, 0.0], lr=0.5, steps=3)
    assert repr(run) == "Trajectory(steps=3, final=[0.125, 0.0], final_loss=0.007812, diverged=False)"
    long_run = gradient_descent(quadratic(np.eye(50)), np.ones(50), lr=0.1, steps=500)
    assert len(repr(long_run)) < 100


def test_losses_are_floats_and_loss_and_grad_is_called_once_per_row():
    calls = []

    def loss_and_grad(w):
        calls.append(w.copy())
        return np.float32(np.sum(w ** 2)), 2 * w        # a numpy scalar loss is accepted

    run = gradient_descent(loss_and_grad, [1.0, 1.0], lr=0.1, steps=7)
    assert len(calls) == 8 and run.losses.dtype == np.float64


def test_a_minibatch_closure_sees_a_new_batch_on_each_call():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    y = X @ np.array([1.0, -2.0, 0.5])

    def loss_and_grad(w):
        batch = rng.choice(200, size=20, replace=False)
        residual = X[batch] @ w - y[batch]
        return float(np.mean(residual ** 2)), 2 * X[batch].T @ residual / 20

    run = gradient_descent(loss_and_grad, np.zeros(3), lr=0.1, steps=300)
    np.testing.assert_allclose(run.final, [1.0, -2.0, 0.5], atol=1e-6)


# ----------------------------------------------------------------------------- the stability bound

@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9, 0.98])
def test_gradient_descent_converges_below_two_over_lambda_max(fraction):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # no divergence warning
        run = gradient_descent(quadratic(A3), W0, lr=fraction * BOUND, steps=2000)
    assert not run.diverged
    assert run.losses[-1] < 1e-10 * run.losses[0]


@given(st.lists(st.floats(0.1, 100.0), min_size=1, max_size=5), st.floats(0.05, 0.95))
def test_converges_below_the_bound_for_any_positive_definite_quadratic(eigenvalues, fraction):
    A = np.diag(eigenvalues)
    run = gradient_descent(quadratic(A), np.ones(len(eigenvalues)),
                           lr=fraction * 2.0 / max(eigenvalues), steps=200)
    assert not run.diverged
    assert np.all(np.diff(run.losses) <= 1e-12)          # the loss never goes up


def test_gradient_descent_is_flagged_as_diverged_at_1_1_times_the_bound():
    steps = 200
    with pytest.warns(RuntimeWarning, match=r"gradient_descent: diverged at step \d+ of 200.*"
                                             r"try a smaller learning rate"):
        run = gradient_descent(quadratic(A3), W0, lr=1.1 * BOUND, steps=steps)
    assert run.diverged is True
    k = len(run.lrs)
    assert k < steps
    assert run.params.shape == (k + 1, 3) and run.losses.shape == (k + 1,)
    assert run.losses[-1] > 1e6 * run.losses[0]          # the documented criterion ...
    assert np.all(run.losses[:-1] <= 1e6 * run.losses[0])  # ... met first at the last step
    np.testing.assert_array_equal(run.final, run.params[-1])


def test_warning_names_the_step_where_divergence_was_detected():
    with pytest.warns(RuntimeWarning) as record:
        run = gradient_descent(quadratic(A3), W0, lr=1.1 * BOUND, steps=200)
    assert f"diverged at step {len(run.lrs)} of 200" in str(record[0].message)


def test_non_finite_parameters_stop_the_run_as_diverged():
    def loss_and_grad(w):
        return float(np.sum(w ** 2)), np.full_like(w, np.inf) if w[0] > 2 else -np.ones_like(w)

    with pytest.warns(RuntimeWarning, match=r"diverged at step 4 of 10: the parameters are not finite"):
        run = gradient_descent(loss_and_grad, [0.0, 0.0], lr=1.0, steps=10)
    assert run.diverged and len(run.lrs) == 4 and run.params.shape == (5, 2)
    assert not np.all(np.isfinite(run.final)) and np.isnan(run.losses[-1])


def test_a_nan_loss_stops_the_run_as_diverged():
    def loss_and_grad(w):
        return (float("nan") if w[0] > 1.5 else float(w[0])), np.array([-1.0])

    with pytest.warns(RuntimeWarning, match=r"diverged at step 2 of 10: the loss is nan"):
        run = gradient_descent(loss_and_grad, [0.0], lr=1.0, steps=10)
    assert run.diverged and run.params.shape == (3, 1)


def test_a_negative_loss_going_down_is_not_divergence():
    # f(w) = −w grows more negative forever; that is not a blow-up.
    run = gradient_descent(lambda w: (-float(w[0]), np.array([-1.0])), [0.0], lr=1e5, steps=50)
    assert not run.diverged and run.losses[-1] == -5e6


# ----------------------------------------------------------------------------- schedules as lr

def test_a_schedule_lr_is_called_at_each_step_and_recorded():
    schedule = cosine_decay(0.1, T=20)
    run = gradient_descent(quadratic(A3), W0, lr=schedule, steps=20)
    np.testing.assert_array_equal(run.lrs, [schedule(t) for t in range(20)])
    np.testing.assert_allclose(run.params[1], W0 - 0.1 * A3 @ W0)


def test_a_plain_callable_works_as_a_schedule():
    run = gradient_descent(quadratic(A3), W0, lr=lambda t: 0.1 / (1 + t), steps=4)
    np.testing.assert_allclose(run.lrs, [0.1, 0.05, 0.1 / 3, 0.025])


def test_constant_lr_is_recorded_at_every_step():
    run = gradient_descent(quadratic(A3), W0, lr=0.05, steps=10)
    assert run.lrs.tolist() == [0.05] * 10


# ----------------------------------------------------------------------------- bad input

def pair(loss, grad):
    return lambda w: (loss, grad)


BAD_INPUTS = [
    (lambda: gradient_descent("f", W0, 0.1, 10), TypeError,
     r"gradient_descent: loss_and_grad must be callable"),
    (lambda: gradient_descent(quadratic(A3), 1.0, 0.1, 10), ValueError,
     r"gradient_descent: w0 must be an array of parameters \(at least 1-D\); got the scalar 1"),
    (lambda: gradient_descent(quadratic(A3), [1.0, np.nan, 0.0], 0.1, 10), ValueError,
     r"gradient_descent: w0 must be finite"),
    (lambda: gradient_descent(quadratic(A3), ["a", "b", "c"], 0.1, 10), TypeError,
     r"gradient_descent: w0 must be a numeric array"),
    (lambda: gradient_descent(quadratic(A3), W0, -0.1, 10), ValueError,
     r"gradient_descent: lr must be >= 0; got -0.1"),
    (lambda: gradient_descent(quadratic(A3), W0, "0.1", 10), TypeError,
     r"gradient_descent: lr must be a number or a schedule \(a callable t -> learning rate\); got '0.1'"),
    (lambda: gradient_descent(quadratic(A3), W0, float("inf"), 10), ValueError,
     r"gradient_descent: lr must be finite; got inf"),
    (lambda: gradient_descent(quadratic(A3), W0, lambda t: -0.1, 10), ValueError,
     r"gradient_descent: the schedule lr returned -0.1 at step t = 0; expected a finite learning rate >= 0"),
    (lambda: gradient_descent(quadratic(A3), W0, lambda t: None, 10), ValueError,
     r"gradient_descent: the schedule lr returned None at step t = 0"),
    (lambda: gradient_descent(quadratic(A3), W0, 0.1, -1), ValueError,
     r"gradient_descent: steps must be >= 0; got -1"),
    (lambda: gradient_descent(quadratic(A3), W0, 0.1, 10.0), TypeError,
     r"gradient_descent: steps must be an integer; got 10.0"),
    (lambda: gradient_descent(lambda w: 1.0, W0, 0.1, 10), TypeError,
     r"gradient_descent: loss_and_grad must return a pair \(loss, grad\); got 1.0"),
    (lambda: gradient_descent(lambda w: (1.0, w, w), W0, 0.1, 10), TypeError,
     r"gradient_descent: loss_and_grad must return a pair \(loss, grad\)"),
    (lambda: gradient_descent(pair(np.ones(3), np.ones(3)), W0, 0.1, 10), ValueError,
     r"gradient_descent: loss_and_grad returned a loss of array .*expected a real scalar"),
    (lambda: gradient_descent(pair("1.0", np.ones(3)), W0, 0.1, 10), ValueError,
     r"gradient_descent: loss_and_grad returned a loss of '1.0'; expected a real scalar"),
    (lambda: gradient_descent(pair(1.0, np.ones(2)), W0, 0.1, 10), ValueError,
     r"gradient_descent: loss_and_grad returned a gradient of shape \(2,\) for parameters of "
     r"shape \(3,\)"),
    (lambda: gradient_descent(pair(1.0, np.ones((3, 1))), W0, 0.1, 10), ValueError,
     r"gradient_descent: loss_and_grad returned a gradient of shape \(3, 1\)"),
    (lambda: gradient_descent(pair(1.0, None), W0, 0.1, 10), TypeError,
     r"gradient_descent: the gradient returned by loss_and_grad must be a numeric array"),
    (lambda: gradient_descent(pair(float("nan"), np.ones(3)), W0, 0.1, 10), ValueError,
     r"gradient_descent: the loss at w0 is nan; expected a finite starting loss"),
]


@pytest.mark.parametrize("call, error, message", BAD_INPUTS, ids=[str(i) for i in range(len(BAD_INPUTS))])
def test_bad_input_raises_a_clear_error_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_bad_gradient_later_in_the_run_is_caught_at_that_call():
    calls = []

    def loss_and_grad(w):
        calls.append(1)
        return 1.0, (np.ones(3) if len(calls) < 3 else np.ones(4))

    with pytest.raises(ValueError, match=r"gradient of shape \(4,\) for parameters of shape \(3,\)"):
        gradient_descent(loss_and_grad, W0, 0.1, 10)


# ----------------------------------------------------------------------------- SGD

class StandIn:
    """The duck-typed part of bplib.Tensor that SGD uses: .data, .grad, .requires_grad."""

    def __init__(self, data):
        self.data = np.array(data, dtype=np.float64)
        self.grad = None
        self.requires_grad = True


def test_sgd_step_updates_data_in_place():
    p = StandIn([1.0, 2.0])
    data = p.data
    p.grad = np.array([0.5, -1.0])
    SGD([p], lr=0.1).step()
    assert p.data is data
    np.testing.assert_allclose(p.data, [0.95, 2.1])


def test_sgd_skips_parameters_without_a_gradient():
    p, q = StandIn([1.0]), StandIn([1.0])
    p.grad = np.array([1.0])
    SGD([p, q], lr=0.5).step()
    assert p.data.tolist() == [0.5] and q.data.tolist() == [1.0]


def test_sgd_zero_grad_sets_every_grad_to_none():
    params = [StandIn([1.0]), StandIn([[1.0, 2.0]])]
    params[0].grad = np.array([3.0])
    params[1].grad = np.array([[1.0, 1.0]])
    opt = SGD(params, lr=0.1)
    opt.zero_grad()
    assert all(p.grad is None for p in params)


def test_sgd_momentum_follows_torch_definition():
    # torch.optim.SGD (dampening 0, no Nesterov): v ← μv + g (v₁ = g), p ← p − lr·v
    rng = np.random.default_rng(0)
    grads = rng.standard_normal((6, 3))
    p = StandIn(np.zeros(3))
    opt = SGD([p], lr=0.1, momentum=0.9)
    expected, v = np.zeros(3), np.zeros(3)
    for g in grads:
        p.grad = g.copy()
        opt.step()
        v = 0.9 * v + g
        expected = expected - 0.1 * v
        np.testing.assert_allclose(p.data, expected, rtol=1e-14)


def test_sgd_without_momentum_equals_gradient_descent():
    p = StandIn(W0)
    opt = SGD([p], lr=0.05)
    for _ in range(20):
        opt.zero_grad()
        p.grad = A3 @ p.data
        opt.step()
    run = gradient_descent(quadratic(A3), W0, lr=0.05, steps=20)
    np.testing.assert_allclose(p.data, run.final, rtol=1e-12)


def test_sgd_schedule_advances_once_per_step():
    schedule = step_decay(1.0, step_size=2, gamma=0.5)
    p = StandIn([0.0])
    opt = SGD([p], lr=schedule)
    used = []
    for _ in range(5):
        p.grad = np.array([-1.0])
        opt.step()
        used.append(opt.last_lr)
    assert used == [1.0, 1.0, 0.5, 0.5, 0.25] and opt.t == 5
    assert p.data.tolist() == [3.25]


def test_sgd_with_momentum_converges_on_a_quadratic():
    p = StandIn(W0)
    opt = SGD([p], lr=0.02, momentum=0.9)
    for _ in range(500):
        opt.zero_grad()
        p.grad = A3 @ p.data
        opt.step()
    assert np.linalg.norm(p.data) < 1e-6


def test_sgd_repr_is_short():
    assert repr(SGD([StandIn([1.0])], lr=0.1, momentum=0.9)) == "SGD(1 params, lr=0.1, momentum=0.9)"
    assert "cosine_decay(lr0=0.1, T=10, lr_min=0.0)" in repr(SGD([StandIn([1.0])], cosine_decay(0.1, 10)))


SGD_BAD_INPUTS = [
    (lambda: SGD([], lr=0.1), ValueError, r"SGD: params is empty"),
    (lambda: SGD(5, lr=0.1), TypeError, r"SGD: params must be an iterable of Tensors; got 5"),
    (lambda: SGD([StandIn([1.0]), np.ones(2)], lr=0.1), TypeError,
     r"SGD: params\[1\] must be a Tensor \(with .data, an ndarray, and .grad\)"),
    (lambda: SGD([StandIn([1.0])], lr=-0.1), ValueError, r"SGD: lr must be >= 0; got -0.1"),
    (lambda: SGD([StandIn([1.0])], lr="fast"), TypeError, r"SGD: lr must be a number or a schedule"),
    (lambda: SGD([StandIn([1.0])], lr=0.1, momentum=-0.5), ValueError,
     r"SGD: momentum must be >= 0; got -0.5"),
    (lambda: SGD([StandIn([1.0])], lr=0.1, momentum=1.0), ValueError,
     r"SGD: momentum must be < 1; got 1"),
]


@pytest.mark.parametrize("call, error, message", SGD_BAD_INPUTS,
                         ids=[str(i) for i in range(len(SGD_BAD_INPUTS))])
def test_sgd_bad_input_raises_a_clear_error_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sgd_step_with_a_gradient_of_the_wrong_shape_is_an_error():
    p = StandIn([1.0, 2.0])
    p.grad = np.ones(3)
    with pytest.raises(ValueError, match=r"SGD.step: params\[0\] has .grad of shape \(3,\) but .data "
                                         r"of shape \(2,\)"):
        SGD([p], lr=0.1).step()


def test_sgd_schedule_returning_a_negative_rate_is_an_error_at_that_step():
    p = StandIn([1.0])
    p.grad = np.array([1.0])
    opt = SGD([p], lr=lambda t: 0.1 - 0.1 * t)
    opt.step()
    opt.step()
    with pytest.raises(ValueError, match=r"SGD.step: the schedule lr returned -0.1 at step t = 2"):
        opt.step()
