"""Tests of bplib.autograd: every operator against finite differences, PyTorch's semantics
(accumulation, retain_graph, no_grad, errors), the notes' Multiply, deep graphs, and memory."""

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from bplib.autograd import (Context, Function, Tensor, grad, jacobian, no_grad,
                            is_grad_enabled, topological_order, vjp)
from bplib.gradcheck import gradcheck

RNG = np.random.default_rng(0)


def leaf(*shape, low=-2.0, high=2.0, away_from_zero=False):
    x = RNG.uniform(low, high, size=shape)
    if away_from_zero:
        x = np.where(x >= 0, x + 0.2, x - 0.2)
    return Tensor(x, requires_grad=True)


def numerical_grad(f, x, eps=1e-6):
    """Central differences of a scalar function of an array (the test's own reference)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g


# --- the notes' Multiply, with only the base class changed --------------------------------------

class Multiply(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        z = x * y
        return z

    @staticmethod
    def backward(ctx, grad_z):
        x, y = ctx.saved_tensors
        grad_x = y * grad_z  # dz/dx * dL/dz
        grad_y = x * grad_z  # dz/dy * dL/dz
        return grad_x, grad_y


def test_notes_multiply_runs_unchanged_on_scalars():
    x, y = Tensor(2.0, requires_grad=True), Tensor(3.0, requires_grad=True)
    z = Multiply.apply(x, y)
    z.backward()
    assert z.item() == 6.0 and z.grad_fn.name == "Multiply"
    assert x.grad == 3.0 and y.grad == 2.0
    assert isinstance(x.grad, np.ndarray) and x.grad.dtype == np.float64


def test_notes_multiply_on_broadcast_inputs_sums_gradient_back():
    x, y = leaf(3, 1), leaf(4)
    Multiply.apply(x, y).sum().backward()
    assert x.grad.shape == (3, 1) and y.grad.shape == (4,)
    np.testing.assert_allclose(x.grad, np.full((3, 1), y.data.sum()))
    np.testing.assert_allclose(y.grad, np.full(4, x.data.sum()))
    assert gradcheck(Multiply.apply, (leaf(3, 1), leaf(2, 1, 4)))


def test_multiply_with_a_number_argument():
    x = leaf(3)
    z = Multiply.apply(x, 2.5)        # the gradient for the number is ignored
    z.sum().backward()
    np.testing.assert_allclose(x.grad, np.full(3, 2.5))


# --- every operator, gradchecked -------------------------------------------------------------

OPERATORS = {
    "add": (lambda a, b: a + b, [(2, 3), (2, 3)]),
    "add_broadcast": (lambda a, b: a + b, [(2, 3), (3,)]),
    "add_broadcast_ones": (lambda a, b: a + b, [(4, 1, 3), (2, 1)]),
    "sub": (lambda a, b: a - b, [(2, 3), (1, 3)]),
    "mul": (lambda a, b: a * b, [(2, 3), (2, 1)]),
    "div": (lambda a, b: a / b, [(2, 3), (3,)]),
    "matmul_2d": (lambda a, b: a @ b, [(2, 3), (3, 4)]),
    "matmul_vec_mat": (lambda a, b: a @ b, [(3,), (3, 4)]),
    "matmul_mat_vec": (lambda a, b: a @ b, [(2, 3), (3,)]),
    "matmul_vec_vec": (lambda a, b: a @ b, [(3,), (3,)]),
    "matmul_batched_broadcast": (lambda a, b: a @ b, [(2, 2, 3), (3, 4)]),
    "pow_number": (lambda a: a ** 3, [(2, 3)]),
    "pow_tensor": (lambda a, b: (a * a + 1) ** b, [(2, 3), (3,)]),
    "rpow": (lambda a: 2.0 ** a, [(4,)]),
    "neg": (lambda a: -a, [(2, 3)]),
    "radd_rsub_rmul_rdiv": (lambda a: 1.5 + (2.0 - a) * 3.0 / (4.0 + a * a) - 1 / (a * a + 1), [(5,)]),
    "sum_all": (lambda a: a.sum(), [(2, 3)]),
    "sum_axis": (lambda a: a.sum(axis=1), [(2, 3, 4)]),
    "sum_axes_keepdims": (lambda a: a.sum(axis=(0, 2), keepdims=True), [(2, 3, 4)]),
    "mean_all": (lambda a: a.mean(), [(2, 3)]),
    "mean_axis_neg": (lambda a: a.mean(axis=-1), [(2, 3)]),
    "mean_keepdims": (lambda a: a.mean(axis=0, keepdims=True), [(2, 3)]),
    "max_all": (lambda a: a.max(), [(2, 3)]),
    "max_axis": (lambda a: a.max(axis=0), [(3, 4)]),
    "max_keepdims": (lambda a: a.max(axis=1, keepdims=True), [(3, 4)]),
    "exp": (lambda a: a.exp(), [(2, 3)]),
    "log": (lambda a: (a * a + 0.5).log(), [(2, 3)]),
    "relu": (lambda a: a.relu(), [(2, 3)]),
    "sigmoid": (lambda a: a.sigmoid(), [(2, 3)]),
    "tanh": (lambda a: a.tanh(), [(2, 3)]),
    "reshape": (lambda a: a.reshape(3, 2) * Tensor(np.arange(6.0).reshape(3, 2)), [(2, 3)]),
    "reshape_tuple": (lambda a: a.reshape((-1,)), [(2, 3)]),
    "transpose": (lambda a: a.transpose(2, 0, 1) * Tensor(np.arange(24.0).reshape(4, 2, 3)), [(2, 3, 4)]),
    "T": (lambda a: a.T @ a, [(2, 3)]),
    "index_slice": (lambda a: a[1:, ::2], [(3, 4)]),
    "index_int": (lambda a: a[1], [(3, 4)]),
    "index_int_array_repeats": (lambda a: a[np.array([0, 2, 0])], [(3, 4)]),
    "index_pairs": (lambda a: a[np.arange(3), np.array([1, 0, 1])], [(3, 2)]),
    "index_list": (lambda a: a[[0, 0, 1]], [(2, 2)]),
    "index_bool_mask": (lambda a: a[np.array([True, False, True])], [(3, 2)]),
}


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_every_operator_passes_gradcheck(name):
    fn, shapes = OPERATORS[name]
    inputs = tuple(leaf(*s, away_from_zero=True) for s in shapes)
    assert gradcheck(fn, inputs)


@pytest.mark.parametrize("name", ["add_broadcast", "matmul_2d", "exp", "max_axis", "index_pairs"])
def test_operators_pass_gradcheck_in_fast_mode(name):
    fn, shapes = OPERATORS[name]
    assert gradcheck(fn, tuple(leaf(*s, away_from_zero=True) for s in shapes), fast_mode=True)


def test_every_operator_records_a_labelled_node():
    x = leaf(2, 2)
    for out, name, label in [(x + 1, "Add", "+"), (x * x, "Mul", "×"), (x @ x, "MatMul", "@"),
                             (x.relu(), "ReLU", "relu"), (x[0], "Index", "[ ]"), (x.T, "Transpose", "T")]:
        assert out.grad_fn.name == name and out.grad_fn.label == label
        assert x in out.grad_fn.inputs
        assert repr(out.grad_fn) == f"<{name}Backward>"
        assert type(out.grad_fn).__name__ == f"{name}Backward"     # PyTorch's node names


# --- kinks follow PyTorch ---------------------------------------------------------------------

def test_relu_derivative_at_zero_is_zero():
    x = Tensor([-1.0, 0.0, 2.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0])


def test_max_splits_gradient_evenly_among_ties_like_amax():
    x = Tensor([[1.0, 3.0, 3.0], [5.0, 5.0, 5.0]], requires_grad=True)
    x.max(axis=1).sum().backward()
    np.testing.assert_allclose(x.grad, [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    y = Tensor([2.0, 2.0], requires_grad=True)
    y.max().backward()
    np.testing.assert_allclose(y.grad, [0.5, 0.5])


def test_sigmoid_is_stable_for_large_inputs():
    x = Tensor([-1000.0, 0.0, 1000.0], requires_grad=True)
    with np.errstate(over="raise", invalid="raise"):
        s = x.sigmoid()
        s.sum().backward()
    np.testing.assert_allclose(s.data, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(x.grad, [0.0, 0.25, 0.0])


# --- property tests: random expressions and broadcast shapes --------------------------------

UNARY = {
    "tanh": lambda t: t.tanh(),
    "sigmoid": lambda t: t.sigmoid(),
    "neg": lambda t: -t,
    "square": lambda t: t ** 2,
    "exp_tanh": lambda t: t.tanh().exp(),
    "log1p_square": lambda t: (t * t + 1).log(),
    "scale": lambda t: 0.5 * t - 1.0,
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "safe_div": lambda a, b: a / (b * b + 1.0),
    "rsub_number": lambda a, b: 2.0 - a * b,
}


@st.composite
def expressions(draw):
    """A few leaves of mutually broadcastable shapes and a random program combining them."""
    n_leaves = draw(st.integers(1, 3))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=n_leaves, min_dims=0, max_dims=3,
                                                    max_side=3)).input_shapes
    values = [draw(hnp.arrays(np.float64, s, elements=st.floats(-2, 2))) for s in shapes]
    steps = draw(st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)),
                                    st.integers(0, 10), st.integers(0, 10)), min_size=1, max_size=6))
    return values, steps


def build(leaves, steps):
    pool = list(leaves)
    for op, i, j in steps:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        pool.append(UNARY[op](a) if op in UNARY else BINARY[op](a, b))
    return sum(t.sum() for t in pool[len(leaves):])


@given(expressions())
def test_random_expressions_match_numerical_gradient(expr):
    values, steps = expr
    leaves = [Tensor(v.copy(), requires_grad=True) for v in values]
    build(leaves, steps).backward()
    for k, t in enumerate(leaves):
        def f(x, k=k):
            with no_grad():
                args = [Tensor(x) if m == k else Tensor(v) for m, v in enumerate(values)]
                return build(args, steps).item()
        expected = numerical_grad(f, values[k].copy())
        if t.grad is None:                # a leaf the expression does not use, as in PyTorch
            assert not expected.any()
            continue
        assert t.grad.shape == t.shape
        np.testing.assert_allclose(t.grad, expected, rtol=1e-4, atol=1e-5)


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3))
def test_broadcast_gradients_are_summed_back_to_each_input_shape(shapes):
    a = Tensor(RNG.standard_normal(shapes.input_shapes[0]), requires_grad=True)
    b = Tensor(RNG.standard_normal(shapes.input_shapes[1]), requires_grad=True)
    out = a * b + a
    assert out.shape == shapes.result_shape
    out.sum().backward()
    expect_a = np.broadcast_to(b.data + 1, shapes.result_shape)
    expect_b = np.broadcast_to(a.data, shapes.result_shape)
    lead_a = len(shapes.result_shape) - a.ndim
    lead_b = len(shapes.result_shape) - b.ndim
    sum_a = expect_a.sum(axis=tuple(range(lead_a))) if lead_a else expect_a
    sum_b = expect_b.sum(axis=tuple(range(lead_b))) if lead_b else expect_b
    sum_a = sum_a.sum(axis=tuple(i for i, n in enumerate(a.shape) if n == 1), keepdims=True)
    sum_b = sum_b.sum(axis=tuple(i for i, n in enumerate(b.shape) if n == 1), keepdims=True)
    np.testing.assert_allclose(a.grad, sum_a)
    np.testing.assert_allclose(b.grad, sum_b)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                  elements=st.floats(0.1, 3) | st.floats(-3, -0.1), unique=True),
       st.integers(-3, 2))
def test_max_and_relu_match_numerical_gradient_away_from_kinks(x, axis):
    axis = axis % x.ndim                          # distinct values (no ties), none near 0
    t = Tensor(x.copy(), requires_grad=True)
    ((t.relu() * 2).sum() + t.max(axis=axis).sum()).backward()
    expected = numerical_grad(lambda v: (np.maximum(v, 0) * 2).sum() + v.max(axis=axis).sum(), x.copy())
    np.testing.assert_allclose(t.grad, expected, atol=1e-5)


# --- PyTorch semantics --------------------------------------------------------------------------

def test_gradients_accumulate_into_leaves_across_backward_calls():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [3 + 2, 3 + 4])


def test_a_leaf_used_twice_gets_the_sum_of_both_paths():
    x = Tensor(3.0, requires_grad=True)
    (x * x + x).backward()
    assert x.grad == 7.0


def test_leaf_grads_are_private_writable_arrays():
    a, b = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0], requires_grad=True)
    upstream = np.array([1.0, 1.0])
    (a + b).backward(upstream)
    assert a.grad is not b.grad and a.grad is not upstream
    a.grad *= 10                      # an in-place change to one .grad touches nothing else
    np.testing.assert_allclose(b.grad, [1.0, 1.0])
    np.testing.assert_allclose(upstream, [1.0, 1.0])
    c = Tensor(np.ones((2, 3)), requires_grad=True)
    c.sum().backward()                # sum's backward is a read-only broadcast view
    assert c.grad.flags.writeable


def test_backward_of_non_scalar_without_grad_is_an_error():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"only for a Tensor with one element.*shape \(2,\)"):
        (x * 2).backward()


def test_backward_with_explicit_grad_on_non_scalar():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(np.array([1.0, 10.0]))
    np.testing.assert_allclose(x.grad, [2.0, 40.0])
    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but the Tensor has shape \(2,\)"):
        (x * x).backward(np.ones(3))


def test_second_backward_through_freed_graph_raises():
    x = Tensor(2.0, requires_grad=True)
    y = x.exp() * x
    y.backward()
    with pytest.raises(RuntimeError, match=r"backward through the graph a second time.*retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = Tensor(2.0, requires_grad=True)
    y = x * x * x
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad == 2 * 12.0


def test_second_backward_through_a_freed_function_raises_naming_it():
    x = Tensor(2.0, requires_grad=True)
    y = Multiply.apply(x, x)
    y.backward()
    with pytest.raises(RuntimeError, match="Multiply"):
        y.backward()


def test_no_history_when_no_input_requires_grad():
    a, b = Tensor([1.0]), Tensor([2.0])
    out = (a * b).exp()
    assert out.grad_fn is None and not out.requires_grad
    assert Multiply.apply(a, b).grad_fn is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        out.sum().backward()


def test_no_grad_records_nothing_and_restores_the_mode():
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = x * 2
        z = Multiply.apply(x, x)
    assert is_grad_enabled()
    assert y.grad_fn is None and not y.requires_grad and z.grad_fn is None

    @no_grad()
    def step():
        return x * 3
    assert step().grad_fn is None and is_grad_enabled()


def test_detach_shares_data_without_history():
    x = Tensor([1.0, 2.0], requires_grad=True)
    d = (x * 2).detach()
    assert d.grad_fn is None and not d.requires_grad


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = Tensor(2.0, requires_grad=True)
    y = x * 3
    y.retain_grad()
    (y * y).backward()
    assert y.grad == 12.0 and x.grad == 36.0


def test_grad_function_returns_gradients_without_touching_dot_grad():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (g,) = grad((x ** 2).sum(), [x])
    np.testing.assert_allclose(g, [2.0, 4.0])
    assert x.grad is None


# --- Tensor basics --------------------------------------------------------------------------

def test_tensor_wraps_float_arrays_without_copying():
    a = np.array([1.0, 2.0])
    t = Tensor(a)
    assert t.data is a
    a[0] = 5.0
    assert t.data[0] == 5.0
    f32 = np.zeros(3, dtype=np.float32)
    assert Tensor(f32).data is f32 and Tensor(f32).dtype == np.float32


def test_lists_and_integers_become_float64():
    assert Tensor([1, 2, 3]).dtype == np.float64
    assert Tensor(np.arange(3)).dtype == np.float64
    assert Tensor(2).data.dtype == np.float64 and isinstance(Tensor(2).data, np.ndarray)


def test_tensor_rejects_non_numeric_data_and_bad_requires_grad():
    with pytest.raises(TypeError, match="Tensor: data must be a numeric array"):
        Tensor(["a", "b"])
    with pytest.raises(TypeError, match="requires_grad must be True or False"):
        Tensor([1.0], requires_grad="yes")


def test_readable_repr():
    assert repr(Tensor([1.0, 2.0], requires_grad=True)) == "Tensor([1., 2.], requires_grad=True)"
    assert repr(Tensor([1.0, 2.0])) == "Tensor([1., 2.])"
    x = Tensor(2.0, requires_grad=True)
    assert repr(x * 3) == "Tensor(6., grad_fn=<MulBackward>)"
    assert "dtype=float32" in repr(Tensor(np.zeros(2, np.float32)))


def test_float32_stays_float32_with_python_numbers():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    y = (2.0 * x + 1) / 3.0 - x ** 2
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_numpy_arrays_on_the_left_use_reflected_operators():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = np.array([3.0, 4.0]) * x + np.array([1.0, 1.0])
    assert isinstance(y, Tensor)
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [3.0, 4.0])
    assert isinstance(np.eye(2) @ x, Tensor)


def test_unsupported_operand_types_raise_type_error():
    x = Tensor([1.0])
    with pytest.raises(TypeError):
        x + "a"
    with pytest.raises(TypeError, match="not with a Tensor"):
        x[Tensor([0.0])]


def test_item_float_format_len():
    t = Tensor([2.5])
    assert t.item() == 2.5 and float(t) == 2.5 and f"{t:.2f}" == "2.50" and len(t) == 1
    with pytest.raises(ValueError, match="one-element"):
        Tensor([1.0, 2.0]).item()


def test_data_property_is_an_ndarray_for_scalar_results():
    x = Tensor(2.0, requires_grad=True)
    y = x * 3
    assert isinstance(y.data, np.ndarray) and y.data.shape == ()
    x.data += 1                       # in-place updates of a scalar leaf are kept
    assert (x * 1).item() == 3.0


def test_axis_errors_name_the_method():
    with pytest.raises(ValueError, match=r"Tensor.sum: axis 2 is out of bounds"):
        Tensor(np.ones((2, 2))).sum(axis=2)


# --- Function checks what backward returns ---------------------------------------------------

def make_function(result):
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, grad):
            return result(grad)
    return Bad


def test_wrong_number_of_gradients_names_the_function():
    Bad = make_function(lambda g: g)
    x, y = leaf(2), leaf(2)
    with pytest.raises(ValueError, match=r"Bad.backward returned 1 gradient\(s\) but Bad.forward took 2 input"):
        Bad.apply(x, y).sum().backward()


def test_gradient_of_wrong_shape_names_the_function_and_input():
    Bad = make_function(lambda g: (g, np.ones(5)))
    with pytest.raises(ValueError, match=r"Bad.backward returned a gradient of shape \(5,\) for input 1 \(y\)"):
        Bad.apply(leaf(2), leaf(2)).sum().backward()


def test_non_floating_gradient_names_the_function_and_input():
    Bad = make_function(lambda g: (np.ones(2, dtype=np.int64), g))
    with pytest.raises(TypeError, match=r"Bad.backward returned a gradient of dtype int64 for input 0 \(x\)"):
        Bad.apply(leaf(2), leaf(2)).sum().backward()


def test_tensor_returned_from_backward_is_explained():
    Bad = make_function(lambda g: (Tensor(g), g))
    with pytest.raises(TypeError, match="Bad.backward returned a Tensor for input 0"):
        Bad.apply(leaf(2), leaf(2)).sum().backward()


def test_other_float_dtype_is_cast_to_the_input_dtype():
    Cast = make_function(lambda g: (g.astype(np.float32), g.astype(np.float32)))
    x, y = leaf(2), leaf(2)
    Cast.apply(x, y).sum().backward()
    assert x.grad.dtype == np.float64 and y.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad, np.ones(2))


def test_broadcast_shaped_gradient_is_summed_back():
    class Spread(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return np.broadcast_to(grad * 2, (4,) + grad.shape).copy() / 4
    x = leaf(3)
    Spread.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad, np.full(3, 2.0))


def test_forward_returning_a_tuple_is_explained():
    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            return x, x
    with pytest.raises(TypeError, match="Two.forward returned a tuple of 2 values"):
        Two.apply(leaf(2))


def test_context_api_needs_input_grad_and_extra_attributes():
    seen = {}

    class Scale(Function):
        @staticmethod
        def forward(ctx, x, factor, y):
            seen["needs"] = ctx.needs_input_grad
            ctx.factor = factor
            return x * factor + y

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor, None, (grad if ctx.needs_input_grad[2] else None)
    x = leaf(2)
    Scale.apply(x, 3.0, Tensor([1.0, 1.0])).sum().backward()
    assert seen["needs"] == (True, False, False)
    np.testing.assert_allclose(x.grad, [3.0, 3.0])
    ctx = Context()
    ctx.save_for_backward(np.ones(1))
    assert len(ctx.saved_tensors) == 1


def test_user_backward_may_modify_grad_output_in_place_safely():
    class ZeroNegatives(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.copy()

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            grad[x < 0] = 0                # in place, as learners often write it
            return grad
    x = Tensor([-1.0, 2.0], requires_grad=True)
    b = Tensor([5.0, 5.0], requires_grad=True)
    s = x + b                              # s's gradient is shared with b's
    ZeroNegatives.apply(s).sum().backward()
    np.testing.assert_allclose(b.grad, [1.0, 1.0])
    (ZeroNegatives.apply(x * 1.0) * 1.0).sum().backward()
    np.testing.assert_allclose(x.grad, [1.0, 2.0])


# --- deep graphs and memory -----------------------------------------------------------------

def test_chain_of_100000_multiplications_backpropagates_without_recursion():
    x = Tensor(1.0, requires_grad=True)
    w = Tensor(1.0000001, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * w
    y.backward()
    np.testing.assert_allclose(x.grad, 1.0000001 ** 100_000, rtol=1e-9)
    np.testing.assert_allclose(w.grad, 100_000 * 1.0000001 ** 99_999, rtol=1e-9)


def test_graph_is_freed_by_reference_counting_alone():
    gc.collect()
    gc.disable()
    try:
        x = Tensor(np.ones(3), requires_grad=True)
        y = (x * 2).exp().relu() + 1
        z = Multiply.apply(y, y).sum()
        refs = [weakref.ref(t) for t in (y, z)] + [weakref.ref(y.grad_fn.inputs[0])]
        z.backward()
        del y, z
        assert all(r() is None for r in refs)
        t = x
        for _ in range(1000):
            t = t * 1.5
        deep = weakref.ref(t)
        del t
        assert deep() is None
    finally:
        gc.enable()


def test_topological_order_puts_every_tensor_before_its_inputs():
    x = Tensor(2.0, requires_grad=True)
    a = x * 3
    b = a.exp()
    c = a + b
    order = topological_order(c)
    assert order[0] is c and order[-1] is x
    position = {id(t): i for i, t in enumerate(order)}
    for t in order:
        if t.grad_fn is not None:
            for u in t.grad_fn.inputs:
                if u.requires_grad:
                    assert position[id(t)] < position[id(u)]


# --- jacobian and vjp -----------------------------------------------------------------------

def test_jacobian_shape_and_values():
    W = RNG.standard_normal((3, 4))
    J = jacobian(lambda t: Tensor(W) @ t, np.ones(4))
    assert J.shape == (3, 4)
    np.testing.assert_allclose(J, W)
    J2 = jacobian(lambda t: t * t, np.arange(6.0).reshape(2, 3))
    assert J2.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(J2.reshape(6, 6), np.diag(2 * np.arange(6.0)))


def test_relu_jacobian_is_diagonal_and_sparse():
    J = jacobian(lambda t: t.relu(), np.array([-1.0, 2.0, 0.0, 3.0]))
    np.testing.assert_array_equal(J, np.diag([0.0, 1.0, 0.0, 1.0]))


def test_vjp_equals_v_times_explicit_jacobian():
    f = lambda t: (t.reshape(2, 3) @ Tensor(np.arange(6.0).reshape(3, 2))).tanh()
    x = RNG.standard_normal(6)
    v = RNG.standard_normal((2, 2))
    value, g = vjp(f, x, v)
    assert value.shape == (2, 2) and g.shape == (6,)
    np.testing.assert_allclose(g, np.tensordot(v, jacobian(f, x), axes=2))


def test_jacobian_of_a_constant_function_is_zero():
    assert not jacobian(lambda t: Tensor(np.ones(2)), np.ones(3)).any()


def test_jacobian_rejects_a_non_tensor_result():
    with pytest.raises(TypeError, match="jacobian: f must return a Tensor"):
        jacobian(lambda t: 1.0, np.ones(2))


# --- issue 10: edge cases that follow PyTorch, and clear errors --------------------------------

def grads_of(f, *values):
    ts = [Tensor(np.array(v, dtype=float), requires_grad=True) for v in values]
    with np.errstate(divide="ignore"):            # the forward 0 ** -1 = inf warns, as numpy does
        f(*ts).sum().backward()
    return [t.grad.tolist() for t in ts]


def test_pow_at_base_zero_follows_pytorch():   # R6 (values read from torch 2.13)
    assert grads_of(lambda x: x ** 0, [0.0, 2.0]) == [[0.0, 0.0]]
    assert grads_of(lambda x: x ** 0.0, [0.0]) == [[0.0]]
    assert grads_of(lambda x: x ** 2, [0.0]) == [[0.0]]
    assert grads_of(lambda x: x ** -1, [0.0]) == [[-np.inf]]
    assert grads_of(lambda x, p: x ** p, [0.0, 0.0, 0.0, 2.0], [0.0, 2.0, -1.0, 0.0]) == \
        [[0.0, 0.0, -np.inf, 0.0], [0.0, 0.0, -np.inf, np.log(2.0)]]
    assert grads_of(lambda p: Tensor(0.0) ** p, [0.0, 2.0, -1.0, 0.5]) == [[0.0, 0.0, -np.inf, 0.0]]
    assert grads_of(lambda p: 0.0 ** p, [0.0, 2.0, -1.0, 0.5]) == [[0.0, 0.0, -np.inf, 0.0]]
    assert grads_of(lambda x: x ** x, [0.0, 1.0]) == [[0.0, 1.0]]


@pytest.mark.parametrize("method", ["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [0, -1, (0,), None])
def test_reductions_of_a_0d_tensor_accept_axis_0_and_minus_1(method, axis):   # R7
    x = Tensor(2.0, requires_grad=True)
    y = getattr(x, method)(axis=axis)
    assert y.shape == () and y.item() == 2.0
    y.backward()
    assert x.grad == 1.0
    with pytest.raises(ValueError, match=rf"Tensor.{method}: axis 1 is out of bounds"):
        getattr(x, method)(axis=1)


def test_bool_of_a_tensor_is_its_value_or_ambiguous():   # R10
    assert bool(Tensor([0.0])) is False and bool(Tensor(0.5)) is True and bool(Tensor([[3.0]]))
    with pytest.raises(ValueError, match=r"bool\(\) of a Tensor with 2 values is ambiguous"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match="0 values is ambiguous"):
        bool(Tensor(np.zeros(0)))


def test_no_grad_works_as_a_bare_decorator_too():   # R11
    x = Tensor([1.0], requires_grad=True)

    @no_grad
    def bare(t):
        return t * 3

    @no_grad()
    def called(t):
        return t * 3
    assert bare(x).grad_fn is None and called(x).grad_fn is None and is_grad_enabled()
    assert bare.__name__ == "bare"
    with pytest.raises(TypeError, match="no_grad: expected a function"):
        no_grad(3)


def test_relu_backward_selects_as_pytorch_does():   # R12 (values read from torch 2.13)
    x = Tensor([0.0, -1.0, -2.0, np.nan], requires_grad=True)
    upstream = np.array([1.0, np.inf, np.nan, np.inf])
    x.relu().backward(upstream)
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0, np.inf])


def test_a_float_axis_is_a_clear_type_error():   # R15
    with pytest.raises(TypeError, match=r"Tensor.sum: axis must be an int, a tuple of ints or None; got 0.0"):
        Tensor([1.0, 2.0]).sum(axis=0.0)
    with pytest.raises(TypeError, match="Tensor.max: axis must be an int"):
        Tensor([1.0, 2.0]).max(axis="0")
    with pytest.raises(ValueError, match=r"names an axis twice"):
        Tensor(np.ones((2, 2))).sum(axis=(0, -2))


@pytest.mark.parametrize("make, error, message", [
    (lambda: Tensor(np.ones((2, 3))) + Tensor(np.ones(4)), ValueError,
     r"Tensor \+: shapes \(2, 3\) and \(4,\) cannot be broadcast together"),
    (lambda: np.ones((2, 3)) * Tensor(np.ones((4, 1, 2))), ValueError,
     r"Tensor \*: shapes \(2, 3\) and \(4, 1, 2\) cannot be broadcast"),
    (lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5))), ValueError,
     r"Tensor @: shapes \(2, 3\) and \(4, 5\) do not fit: the last axis of the left operand \(3\) "
     r"must equal the second-to-last axis of the right one \(4\)"),
    (lambda: Tensor(np.ones((2, 2, 3))) @ Tensor(np.ones((3, 3, 4))), ValueError,
     r"batch shapes \(2,\) and \(3,\) cannot be broadcast"),
    (lambda: Tensor(2.0) @ Tensor(np.ones(3)), ValueError,
     r"Tensor @: matrix multiplication needs operands with at least 1 dimension; got shapes \(\) and \(3,\)"),
    (lambda: Tensor(np.ones(6)).reshape(4, 2), ValueError,
     r"Tensor.reshape: cannot reshape a Tensor of shape \(6,\) \(6 elements\) into shape \(4, 2\)"),
    (lambda: Tensor(np.ones(6)).reshape(2.5), TypeError, r"Tensor.reshape: the shape must be integers"),
    (lambda: Tensor(np.ones((2, 3))).transpose(0, 0), ValueError,
     r"Tensor.transpose: axes \(0, 0\) are not a permutation of the 2 axes"),
    (lambda: Tensor(np.ones(3))[5], IndexError, r"Tensor indexing: index 5 is out of bounds.*shape \(3,\)"),
    (lambda: Tensor(np.zeros(0)).max(), ValueError, r"Tensor.max: a Tensor of shape \(0,\) has no elements"),
    (lambda: vjp(lambda t: t * 2, np.ones(2), np.ones(3)), ValueError,
     r"vjp: v has shape \(3,\) but the Tensor has shape \(2,\)"),
    (lambda: grad(Tensor(np.ones(2), requires_grad=True) * 2, []), RuntimeError,
     r"grad: grad_output can be created implicitly only for a Tensor with one element"),
])
def test_shape_errors_name_the_operation_and_the_shapes(make, error, message):   # R17
    with pytest.raises(error, match=message):
        make()


def test_empty_along_one_axis_max_is_fine_but_not_along_the_empty_one():
    x = Tensor(np.zeros((0, 3)))
    assert x.max(axis=1).shape == (0,)
    with pytest.raises(ValueError, match=r"no elements along axis 0"):
        x.max(axis=0)


def test_record_looks_at_every_input():
    from bplib.autograd import AddBackward, _record
    a, b, c = Tensor(1.0), Tensor(2.0), Tensor(3.0, requires_grad=True)
    out = _record(AddBackward, np.float64(6.0), (a, b, c))
    assert out.requires_grad and out.grad_fn.inputs == (a, b, c)


def test_tensor_takes_a_name_for_drawings():
    x = Tensor([1.0], requires_grad=True, name="x")
    assert x.name == "x" and (x * 2).name is None
    with pytest.raises(TypeError, match="Tensor: name must be a string or None"):
        Tensor([1.0], name=3)


# --- the backward pass is chapter 08's loop ----------------------------------------------------

def test_backward_visits_tensors_in_topological_order(monkeypatch):
    from bplib import autograd
    x = Tensor(2.0, requires_grad=True)
    a = x * 3
    c = a + a.exp()
    visited = []
    original = autograd._chain_rule

    def spy(node, upstream, retain_graph):
        visited.append(node)
        return original(node, upstream, retain_graph)
    monkeypatch.setattr(autograd, "_chain_rule", spy)
    expected = [t.grad_fn for t in topological_order(c) if t.grad_fn is not None]
    c.backward()
    assert visited == expected and len(visited) == 3


def test_backward_loop_reads_like_exercise_8_4():
    """The core of _run_backward is short: the loop of chapter 08's exercise 8.4 plus the
    named helpers (a guard against it growing back into bookkeeping)."""
    import inspect
    from bplib import autograd
    source = inspect.getsource(autograd._run_backward)
    body = source[source.index('"""', source.index('"""') + 3) + 3:]
    code = [line for line in body.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert len(code) <= 20, "\n".join(code)
    assert "for t in topological_order(root):" in body
    for helper in ("_chain_rule", "_sum_to_shape", "_store_grad"):
        assert helper in body


def test_gradients_stored_as_grad_never_alias_each_other_or_the_callers_arrays():
    a, b = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    c = Tensor(np.ones(2), requires_grad=True)
    upstream = np.ones(2)
    ((a + b) + c).backward(upstream)              # add hands the same gradient to everyone
    grads = [a.grad, b.grad, c.grad]
    assert all(g.base is None and g.flags.writeable for g in grads)
    assert len({id(g) for g in grads + [upstream]}) == 4
    a.grad += 1
    assert b.grad.tolist() == c.grad.tolist() == upstream.tolist() == [1.0, 1.0]
    leaf = Tensor(np.ones(3), requires_grad=True)
    g = np.full(3, 2.0)
    leaf.backward(g)                              # the root is the leaf itself
    assert leaf.grad is not g and leaf.grad.tolist() == [2.0] * 3

    class Twice(Function):                        # a user's backward returning one array twice
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, grad):
            return grad, grad
    p, q = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    Twice.apply(p, q).sum().backward()
    assert p.grad is not q.grad
