"""Tests of bplib.gradcheck: it passes correct backwards, catches wrong ones with a readable
message, warns on float32, and leaves the inputs as they were."""

import warnings

import numpy as np
import pytest

from bplib.autograd import Function, Tensor
from bplib.gradcheck import GradcheckError, gradcheck


class Square(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


class WrongSquare(Square):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return x * grad                   # forgot the 2


class WrongSecondInput(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return y * grad, y * grad         # the second should be x * grad


def t64(*values):
    return Tensor(np.array(values, dtype=np.float64), requires_grad=True)


def test_correct_backward_passes():
    assert gradcheck(Square.apply, (t64(0.5, -1.5, 2.0),)) is True
    assert gradcheck(Square.apply, t64(1.0, 2.0)) is True      # a single Tensor is accepted


def test_wrong_backward_is_caught_with_input_entry_and_values():
    x = t64(0.5, -1.5, 2.0)
    with pytest.raises(GradcheckError) as info:
        gradcheck(WrongSquare.apply, (x,))
    message = str(info.value)
    assert "input 0" in message and "WrongSquare" in message
    assert "d output(2,) / d input(2,)" in message      # the worst entry: largest |x|
    assert "analytic (backward):              2" in message
    assert "numerical (central difference):   4" in message
    assert isinstance(info.value, RuntimeError)


def test_wrong_gradient_of_the_second_input_is_named():
    with pytest.raises(GradcheckError, match="input 1"):
        gradcheck(WrongSecondInput.apply, (t64(1.0, 2.0), t64(3.0, -1.0)))


def test_fast_mode_passes_correct_and_catches_wrong_backward():
    assert gradcheck(Square.apply, (t64(0.5, -1.5, 2.0),), fast_mode=True)
    with pytest.raises(GradcheckError, match=r"(?s)fast_mode.*input 0.*fast_mode=False"):
        gradcheck(WrongSquare.apply, (t64(0.5, -1.5, 2.0),), fast_mode=True)


def test_float32_inputs_warn_naming_the_dtype():
    x = Tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    with pytest.warns(UserWarning, match="float32"):
        gradcheck(Square.apply, (x,), eps=1e-3, atol=1e-2, rtol=1e-2)


def test_float64_inputs_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradcheck(Square.apply, (t64(1.0, 2.0),))


def test_inputs_and_grads_are_left_as_they_were():
    data = np.array([0.5, -1.5])
    x = Tensor(data, requires_grad=True)
    gradcheck(Square.apply, (x,))
    assert x.data is data and np.array_equal(data, [0.5, -1.5]) and x.grad is None


def test_inputs_are_restored_even_if_fn_raises():
    data = np.array([0.5, -1.5])
    x = Tensor(data, requires_grad=True)
    calls = []

    def fragile(t):
        calls.append(1)
        if len(calls) > 2:
            raise ArithmeticError("boom")
        return Square.apply(t)
    with pytest.raises(ArithmeticError):
        gradcheck(fragile, (x,))
    assert x.data is data and np.array_equal(data, [0.5, -1.5])


def test_non_tensor_arguments_pass_through():
    class ScaleBy(Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.k, None
    assert gradcheck(ScaleBy.apply, (t64(1.0, 2.0), 3.0))


def test_non_scalar_and_matrix_outputs_are_checked_entrywise():
    W = Tensor(np.random.default_rng(1).standard_normal((3, 2)), requires_grad=True)
    x = Tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(lambda a, b: (a @ b).tanh(), (x, W))


def test_a_function_without_a_graph_is_reported():
    with pytest.raises(GradcheckError, match="does not require grad"):
        gradcheck(lambda t: Tensor(t.data * 2), (t64(1.0, 2.0),))


def test_argument_errors():
    x = t64(1.0)
    with pytest.raises(ValueError, match="no input requires grad"):
        gradcheck(Square.apply, (Tensor([1.0]),))
    with pytest.raises(TypeError, match="fn must be callable"):
        gradcheck(3, (x,))
    with pytest.raises(ValueError, match="eps must be > 0"):
        gradcheck(Square.apply, (x,), eps=0.0)
    with pytest.raises(TypeError, match="inputs must be a tuple"):
        gradcheck(Square.apply, 3.0)
    with pytest.raises(TypeError, match="fn must return a Tensor"):
        gradcheck(lambda t: 1.0, (x,))


# --- issue 10: every memory layout -----------------------------------------------------------

@pytest.mark.parametrize("fast_mode", [False, True])
@pytest.mark.parametrize("layout", ["F", "transposed", "strided"])
def test_gradcheck_passes_a_correct_function_of_a_non_contiguous_input(layout, fast_mode):   # R2
    base = np.arange(1.0, 7.0).reshape(2, 3)
    data = {"F": np.asfortranarray(base), "transposed": base.T,
            "strided": np.arange(1.0, 25.0).reshape(4, 6)[::2, ::2]}[layout]
    x = Tensor(data, requires_grad=True)
    assert gradcheck(lambda t: (t * t).sum(), (x,), fast_mode=fast_mode)
    assert gradcheck(Square.apply, (x,), fast_mode=fast_mode)
    assert x.data is data                                      # put back as it was


def test_gradcheck_perturbs_in_the_inputs_own_layout():
    seen = []

    def f(t):
        seen.append(t.data.flags.f_contiguous and not t.data.flags.c_contiguous)
        return (t * t).sum()
    gradcheck(f, (Tensor(np.asfortranarray(np.ones((2, 3))), requires_grad=True),))
    assert all(seen) and len(seen) > 1


def test_gradcheck_catches_a_wrong_gradient_of_a_fortran_input():
    x = Tensor(np.asfortranarray(np.arange(1.0, 7.0).reshape(2, 3)), requires_grad=True)
    with pytest.raises(GradcheckError, match="input 0"):
        gradcheck(WrongSquare.apply, (x,))
