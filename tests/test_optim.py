"""Tests of bplib.optim: gradient descent on quadratics, divergence, SGD and Adam over tensors
(stand-ins and bplib Tensors), Adam against its closed form, a hand-written reference and PyTorch."""

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplib import Tensor
from bplib.optim import SGD, Adam, Trajectory, gradient_descent
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


# ----------------------------------------------------------------------------- parameter lists
# Issue 10, R4: SGD(w) with a bare Tensor was accepted and silently never updated w.

@pytest.mark.parametrize("Optimizer", [SGD, Adam])
def test_a_bare_tensor_instead_of_a_list_is_a_type_error_as_in_torch(Optimizer):
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    name = Optimizer.__name__
    with pytest.raises(TypeError, match=rf"{name}: params must be an iterable of Tensors, such as "
                                        rf"\[W, b\]; got a single Tensor of shape \(2, 3\); wrap it in "
                                        rf"a list: {name}\(\[w\], ...\)"):
        Optimizer(w, lr=0.1)


@pytest.mark.parametrize("Optimizer", [SGD, Adam])
def test_a_parameter_listed_twice_is_an_error(Optimizer):
    w, b = Tensor(np.ones(2), requires_grad=True), Tensor(np.zeros(1), requires_grad=True)
    name = Optimizer.__name__
    with pytest.raises(ValueError, match=rf"{name}: params\[2\] is the same Tensor as params\[0\]; "
                                         "list each parameter once"):
        Optimizer([w, b, w], lr=0.1)


@pytest.mark.parametrize("Optimizer", [SGD, Adam])
def test_a_computed_tensor_is_not_a_parameter(Optimizer):
    w = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match=rf"{Optimizer.__name__}: params\[0\] is not a leaf Tensor"):
        Optimizer([w * 2], lr=0.1)


@pytest.mark.parametrize("Optimizer", [SGD, Adam])
def test_a_generator_of_tensors_is_accepted(Optimizer):
    params = [Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(3), requires_grad=True)]
    opt = Optimizer((p for p in params), lr=0.1)
    assert opt.params == params


@pytest.mark.parametrize("Optimizer", [SGD, Adam])
def test_optimizers_train_real_tensors_through_backward(Optimizer):
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    opt = Optimizer([w], lr=0.05)
    for _ in range(400):
        opt.zero_grad()
        ((w - 3.0) * (w - 3.0)).sum().backward()
        opt.step()
    np.testing.assert_allclose(w.data, [3.0, 3.0], atol=1e-2)


# ----------------------------------------------------------------------------- Adam

def adam_reference(grads_of, w0, lrs, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    """Adam written out as in Kingma and Ba (2015), Algorithm 1, with PyTorch's weight decay
    (added to the gradient): the reference the optimizer must reproduce."""
    w = np.array(w0, dtype=np.float64)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = []
    for k, lr in enumerate(lrs, start=1):
        g = grads_of(w) + weight_decay * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        m_hat, v_hat = m / (1 - beta1 ** k), v / (1 - beta2 ** k)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(w.copy())
    return np.array(path)


def run_adam(grads_of, w0, steps, **options):
    p = StandIn(w0)
    opt = Adam([p], **options)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        p.grad = grads_of(p.data.copy())
        opt.step()
        path.append(p.data.copy())
    return np.array(path), opt


def test_adam_first_step_moves_every_entry_by_lr_whatever_the_gradient_scale():
    # m̂₁ = g and v̂₁ = g², so step 1 is lr · g / (|g| + ε) ≈ lr · sign(g)
    A = np.diag([1e-3, 1.0, 1e3])
    w0 = np.array([1.0, -1.0, 2.0])
    path, _ = run_adam(lambda w: A @ w, w0, 1, lr=0.01)
    g = A @ w0
    np.testing.assert_allclose(path[0], w0 - 0.01 * g / (np.abs(g) + 1e-8), rtol=1e-15)
    np.testing.assert_allclose(path[0], w0 - 0.01 * np.sign(g), rtol=1e-6)


def test_adam_second_step_matches_its_closed_form_on_a_quadratic():
    # m̂₂ = (β₁g₁ + g₂)/(1 + β₁) and v̂₂ = (β₂g₁² + g₂²)/(1 + β₂)
    A = np.diag([0.5, 4.0])
    w0, lr, b1, b2 = np.array([2.0, -1.0]), 0.1, 0.9, 0.999
    path, _ = run_adam(lambda w: A @ w, w0, 2, lr=lr, betas=(b1, b2))
    g1 = A @ w0
    w1 = w0 - lr * g1 / (np.abs(g1) + 1e-8)
    g2 = A @ w1
    m_hat = (b1 * g1 + g2) / (1 + b1)
    v_hat = (b2 * g1 ** 2 + g2 ** 2) / (1 + b2)
    np.testing.assert_allclose(path[0], w1, rtol=1e-14)
    np.testing.assert_allclose(path[1], w1 - lr * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-13)


def test_adam_with_a_constant_gradient_moves_by_lr_at_every_step():
    # a constant g gives m̂ₖ = g and v̂ₖ = g² at every step k (the bias correction is exact)
    g = np.array([3.0, -0.02])
    path, _ = run_adam(lambda w: g, np.zeros(2), 10, lr=0.5)
    steps = np.arange(1, 11)[:, None]
    np.testing.assert_allclose(path, -0.5 * steps * np.sign(g) * np.abs(g) / (np.abs(g) + 1e-8),
                               rtol=1e-12)


@pytest.mark.parametrize("options", [
    dict(lr=0.05),
    dict(lr=0.02, betas=(0.5, 0.9), eps=1e-6),
    dict(lr=0.1, weight_decay=0.05),
    dict(lr=0.03, betas=(0.0, 0.99)),
])
def test_adam_agrees_with_a_hand_written_reference_over_a_trajectory(options):
    A = rotated_quadratic([0.1, 1.0, 30.0], seed=3)
    w0 = np.array([1.0, -2.0, 0.5])
    path, _ = run_adam(lambda w: A @ w, w0, 40, **options)
    betas = options.get("betas", (0.9, 0.999))
    expected = adam_reference(lambda w: A @ w, w0, [options["lr"]] * 40, beta1=betas[0],
                              beta2=betas[1], eps=options.get("eps", 1e-8),
                              weight_decay=options.get("weight_decay", 0.0))
    np.testing.assert_allclose(path, expected, rtol=1e-11, atol=1e-14)


def test_adam_uses_a_schedule_once_per_step():
    A = rotated_quadratic([1.0, 5.0])
    schedule = cosine_decay(0.2, T=15)
    path, opt = run_adam(lambda w: A @ w, np.array([1.0, 1.0]), 20, lr=schedule)
    expected = adam_reference(lambda w: A @ w, [1.0, 1.0], [schedule(t) for t in range(20)])
    np.testing.assert_allclose(path, expected, rtol=1e-11, atol=1e-14)
    assert opt.t == 20 and opt.last_lr == schedule(19) == 0.0


def test_adam_keeps_state_per_parameter_and_skips_those_without_a_gradient():
    p, q = StandIn([1.0, 2.0]), StandIn([[5.0]])
    opt = Adam([p, q], lr=0.1)
    assert opt.state == [{}, {}]
    for k in range(6):
        p.grad = 2 * p.data
        q.grad = 2 * q.data if k % 2 == 0 else None      # q has a gradient every other step
        opt.step()
    assert opt.state[0]["step"] == 6 and opt.state[1]["step"] == 3 and opt.t == 6
    assert opt.state[1]["exp_avg"].shape == (1, 1)
    # q's three updates are those of a parameter stepped three times on its own
    alone, _ = run_adam(lambda w: 2 * w, np.array([[5.0]]), 3, lr=0.1)
    np.testing.assert_allclose(q.data, alone[-1], rtol=1e-14)


def test_adam_updates_in_place_and_keeps_the_dtype():
    p = StandIn([1.0, 2.0])
    p.data = p.data.astype(np.float32)
    data = p.data
    p.grad = np.array([1.0, 1.0], dtype=np.float32)
    opt = Adam([p], lr=0.1)
    opt.step()
    assert p.data is data and p.data.dtype == np.float32
    assert opt.state[0]["exp_avg"].dtype == np.float32


def test_adam_weight_decay_pulls_towards_zero_with_a_zero_gradient():
    p = StandIn([2.0, -3.0])
    opt = Adam([p], lr=0.1, weight_decay=0.5)
    p.grad = np.zeros(2)
    opt.step()
    np.testing.assert_allclose(p.data, [1.9, -2.9], rtol=1e-7)


def test_adam_zero_grad_and_repr():
    p = StandIn([1.0])
    p.grad = np.ones(1)
    opt = Adam([p])
    opt.zero_grad()
    assert p.grad is None
    assert repr(opt) == "Adam(1 params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)"
    assert "cosine_decay(lr0=0.1, T=10, lr_min=0.0)" in repr(Adam([p], cosine_decay(0.1, 10)))


ADAM_BAD_INPUTS = [
    (lambda: Adam([], lr=0.1), ValueError, r"Adam: params is empty"),
    (lambda: Adam(5), TypeError, r"Adam: params must be an iterable of Tensors; got 5"),
    (lambda: Adam([StandIn([1.0]), np.ones(2)]), TypeError,
     r"Adam: params\[1\] must be a Tensor \(with .data, an ndarray, and .grad\)"),
    (lambda: Adam([StandIn([1.0])], lr=-1e-3), ValueError, r"Adam: lr must be >= 0; got -0.001"),
    (lambda: Adam([StandIn([1.0])], lr="auto"), TypeError, r"Adam: lr must be a number or a schedule"),
    (lambda: Adam([StandIn([1.0])], betas=(1.0, 0.999)), ValueError,
     r"Adam: betas\[0\] must be < 1; got 1"),
    (lambda: Adam([StandIn([1.0])], betas=(0.9, -0.1)), ValueError,
     r"Adam: betas\[1\] must be >= 0; got -0.1"),
    (lambda: Adam([StandIn([1.0])], betas=0.9), TypeError,
     r"Adam: betas must be a pair \(beta1, beta2\) such as \(0.9, 0.999\); got 0.9"),
    (lambda: Adam([StandIn([1.0])], betas=(0.9, 0.99, 0.999)), TypeError, r"Adam: betas must be a pair"),
    (lambda: Adam([StandIn([1.0])], betas=(0.9, "x")), TypeError,
     r"Adam: betas\[1\] must be a real number; got 'x'"),
    (lambda: Adam([StandIn([1.0])], eps=0.0), ValueError, r"Adam: eps must be > 0; got 0"),
    (lambda: Adam([StandIn([1.0])], eps=-1e-8), ValueError, r"Adam: eps must be > 0; got -1e-08"),
    (lambda: Adam([StandIn([1.0])], weight_decay=-0.1), ValueError,
     r"Adam: weight_decay must be >= 0; got -0.1"),
    (lambda: Adam([StandIn([1.0])], weight_decay=float("nan")), ValueError,
     r"Adam: weight_decay must be finite; got nan"),
]


@pytest.mark.parametrize("call, error, message", ADAM_BAD_INPUTS,
                         ids=[str(i) for i in range(len(ADAM_BAD_INPUTS))])
def test_adam_bad_input_raises_a_clear_error_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_adam_step_with_a_gradient_of_the_wrong_shape_is_an_error():
    p = StandIn([1.0, 2.0])
    p.grad = np.ones((2, 1))
    with pytest.raises(ValueError, match=r"Adam.step: params\[0\] has .grad of shape \(2, 1\) but "
                                         r".data of shape \(2,\)"):
        Adam([p]).step()


def test_adam_agrees_with_torch_when_torch_is_installed():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    A = rotated_quadratic([0.2, 3.0, 40.0], seed=5)
    w0 = rng.standard_normal(3)
    b0 = rng.standard_normal((2, 2))
    schedule = cosine_decay(0.05, T=30)
    options = dict(betas=(0.8, 0.99), eps=1e-7, weight_decay=0.01)

    w, b = StandIn(w0), StandIn(b0)
    ours = Adam([w, b], lr=schedule, **options)
    tw = torch.tensor(w0, requires_grad=True)
    tb = torch.tensor(b0, requires_grad=True)
    theirs = torch.optim.Adam([tw, tb], lr=schedule(0), **options)
    for t in range(30):
        for group in theirs.param_groups:
            group["lr"] = schedule(t)
        ours.zero_grad()
        theirs.zero_grad()
        w.grad = A @ w.data
        tw.grad = torch.from_numpy(A) @ tw.detach()
        if t % 3 != 2:                       # b has no gradient every third step
            b.grad = np.sin(b.data) + b.data
            tb.grad = torch.sin(tb.detach()) + tb.detach()
        ours.step()
        theirs.step()
        np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b.data, tb.detach().numpy(), rtol=1e-12, atol=1e-15)
    assert ours.state[1]["step"] == int(theirs.state[tb]["step"]) == 20
