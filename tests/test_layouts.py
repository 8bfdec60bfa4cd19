"""Every operator and every Function of bplib, on inputs in every memory layout.

Issue 10's lesson: a backward pass that writes through ``ravel()`` works on C-ordered arrays
and silently not on others (R1), and the tests had never fed the engine anything else. Here
each operator of ``Tensor`` and each ``Function`` of ``bplib.functional`` gets inputs laid out
C-order, Fortran-order, strided (every other element of a larger array), reversed (negative
strides) and with permuted axes, an upstream gradient laid out the same ways, and is compared
with oracles of the test's own:

- the forward value with a numpy formula (the closed form);
- each input's gradient with central differences, in float64, of vᵀ·formula(inputs).

The inputs must come back unchanged. Hypothesis draws shapes, layouts and a seed for the
values (uniform, so kinks and ties have probability 0); 40 examples per operator.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from bplib import functional as F
from bplib.autograd import Function, Tensor
from bplib.gradients import check_gradient, numerical_gradient

LAYOUTS = ["C", "F", "strided", "reversed", "permuted"]


@st.composite
def laid_out(draw, values):
    """``values`` (a C-ordered array) as an array with the same values in a drawn layout."""
    values = np.asarray(values)
    layout = draw(st.sampled_from(LAYOUTS))
    every = (slice(None, None, -1),) * values.ndim
    if layout == "C" or values.ndim == 0:           # (a 0-d array has one layout)
        return np.array(values, order="C")
    if layout == "F":
        return np.array(values, order="F")
    if layout == "strided":      # every other element of a larger array (the rest is NaN)
        big = np.full(tuple(2 * n + 1 for n in values.shape), np.nan)
        view = big[tuple(slice(1, None, 2) for _ in values.shape)]
        view[...] = values
        return view
    if layout == "reversed":     # negative strides on every axis
        return np.array(values[every], order="C")[every]
    perm = np.array(draw(st.permutations(range(values.ndim))), dtype=int)
    return np.array(values.transpose(perm), order="C").transpose(np.argsort(perm))


def central_difference(phi, x, eps=1e-6):
    """The oracle: ∂phi/∂x by central differences, in float64, on a C-ordered copy of x."""
    x = np.array(x, dtype=np.float64, order="C")
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = phi(x)
        x[i] = old - eps
        minus = phi(x)
        x[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g


# --- the operators: each draws its inputs' values and returns (values, bplib fn, numpy fn) -----

shapes = hnp.array_shapes(min_dims=0, max_dims=3, max_side=3)
two_broadcastable = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


def uniform(draw, *shape_list, low=-2.0, high=2.0):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return [np.asarray(rng.uniform(low, high, s)) for s in shape_list]


def away_from_zero(v):
    return np.sign(v) * (np.abs(v) + 0.5) + (v == 0)


def binary(op):
    def case(draw):
        a, b = uniform(draw, *draw(two_broadcastable).input_shapes)
        return [a, b], op, op
    return case


def binary_domain(op, transform_b):
    def case(draw):
        a, b = uniform(draw, *draw(two_broadcastable).input_shapes)
        return [a, transform_b(b)], op, op
    return case


def unary(tensor_fn, numpy_fn, domain=lambda v: v):
    def case(draw):
        (a,) = uniform(draw, draw(shapes))
        return [domain(a)], tensor_fn, numpy_fn
    return case


def matmul(shape_a, shape_b):
    def case(draw):
        return uniform(draw, shape_a, shape_b), lambda a, b: a @ b, lambda a, b: a @ b
    return case


def reduction(method, numpy_fn):
    def case(draw):
        (a,) = uniform(draw, draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
        axes = draw(st.lists(st.integers(0, a.ndim - 1), unique=True, max_size=a.ndim))
        axis = draw(st.sampled_from([None, tuple(axes)] + ([axes[0], axes[0] - a.ndim] if axes else [])))
        keepdims = draw(st.booleans())
        return ([a], lambda t: getattr(t, method)(axis=axis, keepdims=keepdims),
                lambda x: numpy_fn(x, axis=axis, keepdims=keepdims))
    return case


def reshape(draw):
    (a,) = uniform(draw, draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
    new = draw(st.sampled_from([(-1,), (a.size, 1), (1, -1)]))
    return [a], lambda t: t.reshape(*new), lambda x: x.reshape(new)


def transpose(draw):
    (a,) = uniform(draw, draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
    perm = tuple(draw(st.permutations(range(a.ndim))))
    return [a], lambda t: t.transpose(*perm), lambda x: x.transpose(perm)


def index(draw):
    (a,) = uniform(draw, draw(hnp.array_shapes(min_dims=2, max_dims=3, min_side=2, max_side=3)))
    rows = np.array(draw(st.lists(st.integers(0, a.shape[0] - 1), min_size=1, max_size=4)))
    key = draw(st.sampled_from([
        (slice(None, None, -1), 1), (0,), (slice(1, None),), (rows,),            # repeats add up
        (rows, np.zeros(len(rows), dtype=int)), (a[..., 0] > 0,) if a.ndim > 1 else (0,)]))
    return [a], lambda t: t[key], lambda x: x[key]


def softmax_case(fn, numpy_fn):
    def case(draw):
        (a,) = uniform(draw, draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4)))
        axis = draw(st.integers(-a.ndim, a.ndim - 1))
        return [a], lambda t: fn(t, axis=axis), lambda x: numpy_fn(x, axis)
    return case


def np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def labelled(draw):
    n, c = draw(st.integers(1, 4)), draw(st.integers(2, 4))
    (s,) = uniform(draw, (n, c), low=-3.0, high=3.0)
    y = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    reduction = draw(st.sampled_from(["mean", "sum"]))
    return s, y, reduction


def cross_entropy_case(draw):
    s, y, reduction = labelled(draw)

    def reference(x):
        loss = np.log(np.exp(x).sum(axis=1)) - x[np.arange(len(y)), y]
        return loss.mean() if reduction == "mean" else loss.sum()
    return [s], lambda t: F.cross_entropy(t, y, reduction), reference


def hinge_case(draw):
    s, y, reduction = labelled(draw)
    margin = draw(st.sampled_from([1.0, 0.5]))

    def margins(x):
        m = x - x[np.arange(len(y)), y][:, None] + margin
        m[np.arange(len(y)), y] = -1.0            # j = y_i is not a term
        return m
    assume(np.abs(margins(s)).min() > 1e-3)       # away from the kinks, where differences fail

    def reference(x):
        loss = np.maximum(margins(x), 0).sum(axis=1)
        return loss.mean() if reduction == "mean" else loss.sum()
    return [s], lambda t: F.multiclass_hinge(t, y, margin, reduction), reference


class Multiply(Function):
    """The notes' Multiply, with only the base class changed."""
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad_z):
        x, y = ctx.saved_tensors
        return y * grad_z, x * grad_z


CASES = {
    "add": binary(lambda a, b: a + b),
    "sub": binary(lambda a, b: a - b),
    "mul": binary(lambda a, b: a * b),
    "div": binary_domain(lambda a, b: a / b, away_from_zero),
    "pow": binary_domain(lambda a, b: b ** a, lambda b: np.abs(b) + 0.5),   # base > 0
    "number_on_the_left": unary(lambda t: 2.0 - 3.0 / (t * t + 1.0) * 0.5 ** t,
                                lambda x: 2.0 - 3.0 / (x * x + 1.0) * 0.5 ** x),
    "array_on_the_left": unary(lambda t: np.arange(1.0, 4.0) * t[..., None] + np.ones(3),
                               lambda x: np.arange(1.0, 4.0) * x[..., None] + np.ones(3)),
    "pow_number": unary(lambda t: t ** 3, lambda x: x ** 3),
    "matmul_2d": matmul((2, 3), (3, 2)),
    "matmul_vec_mat": matmul((3,), (3, 2)),
    "matmul_mat_vec": matmul((2, 3), (3,)),
    "matmul_vec_vec": matmul((3,), (3,)),
    "matmul_batched": matmul((2, 2, 3), (3, 2)),
    "matmul_batched_both": matmul((2, 1, 2, 3), (3, 3, 2)),
    "neg": unary(lambda t: -t, lambda x: -x),
    "exp": unary(lambda t: t.exp(), np.exp),
    "log": unary(lambda t: t.log(), np.log, domain=lambda v: np.abs(v) + 0.5),
    "relu": unary(lambda t: t.relu(), lambda x: np.maximum(x, 0)),
    "sigmoid": unary(lambda t: t.sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    "tanh": unary(lambda t: t.tanh(), np.tanh),
    "T": unary(lambda t: t.T, lambda x: x.T),
    "sum": reduction("sum", np.sum),
    "mean": reduction("mean", np.mean),
    "max": reduction("max", np.max),
    "reshape": reshape,
    "transpose": transpose,
    "index": index,
    "softmax": softmax_case(F.softmax, np_softmax),
    "log_softmax": softmax_case(F.log_softmax, np_log_softmax),
    "cross_entropy": cross_entropy_case,
    "multiclass_hinge": hinge_case,
    "Multiply_of_the_notes": binary(lambda a, b: Multiply.apply(a, b) if isinstance(a, Tensor)
                                    else a * b),
}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=40)
@given(data=st.data())
def test_forward_and_gradients_are_right_in_every_memory_layout(name, data):
    values, fn, reference = CASES[name](data.draw)
    arrays = [data.draw(laid_out(v), label=f"input {k}") for k, v in enumerate(values)]
    kept = [a.copy() for a in arrays]
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*tensors)
    expected = reference(*values)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)

    v = np.asarray(np.random.default_rng(len(values)).standard_normal(np.shape(expected)))
    out.backward(data.draw(laid_out(v), label="upstream"))
    for k, t in enumerate(tensors):
        others = list(values)

        def phi(x, k=k):
            others[k] = x
            return float(np.sum(v * reference(*others)))
        oracle = central_difference(phi, values[k])
        others[k] = values[k]
        assert t.grad is not None and t.grad.shape == values[k].shape and t.grad.dtype == np.float64
        scale = max(1.0, float(np.abs(oracle).max()))
        np.testing.assert_allclose(t.grad, oracle, rtol=1e-5, atol=1e-6 * scale,
                                   err_msg=f"gradient of input {k}")
        np.testing.assert_array_equal(arrays[k], kept[k], err_msg="an input was modified")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_numerical_gradient_and_check_gradient_in_every_layout(layout):
    rng = np.random.default_rng(0)
    values = rng.uniform(-1, 1, (3, 4))
    x = {"C": np.ascontiguousarray(values), "F": np.asfortranarray(values),
         "strided": np.repeat(np.repeat(values, 2, 0), 2, 1)[::2, ::2],
         "reversed": np.ascontiguousarray(values[::-1, ::-1])[::-1, ::-1],
         "permuted": np.ascontiguousarray(values.T).T}[layout]
    kept = x.copy()
    f = lambda w: float(np.sum(np.sin(w) * w))                # noqa: E731
    exact = np.cos(values) * values + np.sin(values)
    np.testing.assert_allclose(numerical_gradient(f, x), exact, rtol=1e-7, atol=1e-9)
    assert check_gradient(f, x, exact).verdict == "good"
    np.testing.assert_array_equal(x, kept)
