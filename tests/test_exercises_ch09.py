"""The checks of chapter 09's exercises: each passes a correct Function, and fails a stub, a
Function that raises, and the typical mistakes (a forgotten upstream gradient, a wrong sign or
factor, one gradient instead of two, Tanh.apply passed for Tanh) with a ✗ line and the hint for
that mistake."""

import numpy as np

from bplib import Function
from bplib.exercises import ch09
from exercise_checks import assert_fails, chapter_tests


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * (1 - out ** 2)


class Divide(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x / y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        return grad_output / y, -grad_output * x / y ** 2


class MSELoss(Function):
    @staticmethod
    def forward(ctx, pred, target):
        diff = pred - target
        ctx.save_for_backward(diff)
        return np.mean(diff ** 2)

    @staticmethod
    def backward(ctx, grad_output):
        (diff,) = ctx.saved_tensors
        d = 2 * diff / diff.size * grad_output
        return d, -d


class Stub(Function):
    """A learner's unfinished cell: the blank notebook replaces each body by `...`."""

    @staticmethod
    def forward(ctx, *inputs):
        ...

    @staticmethod
    def backward(ctx, grad_output):
        ...


class Broken(Function):
    @staticmethod
    def forward(ctx, *inputs):
        raise KeyError("oops")

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


def backward_only(base, backward):
    """A subclass of ``base`` whose backward is replaced."""
    return type(base.__name__, (base,), {"backward": staticmethod(backward)})


def tanh_forgets_upstream(ctx, grad_output):
    (out,) = ctx.saved_tensors
    return 1 - out ** 2


class TanhOfX(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.tanh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (1 - x ** 2)


class Sine(Tanh):
    @staticmethod
    def forward(ctx, x):
        out = np.sin(x)
        ctx.save_for_backward(out)
        return out


def divide_sign(ctx, grad_output):
    x, y = ctx.saved_tensors
    return grad_output / y, grad_output * x / y ** 2


def divide_one_gradient(ctx, grad_output):
    x, y = ctx.saved_tensors
    return grad_output / y


def divide_swapped(ctx, grad_output):
    x, y = ctx.saved_tensors
    return -grad_output * x / y ** 2, grad_output / y


def mse_sum(ctx, grad_output):
    (diff,) = ctx.saved_tensors
    return 2 * diff * grad_output, -2 * diff * grad_output


def mse_target_sign(ctx, grad_output):
    (diff,) = ctx.saved_tensors
    d = 2 * diff / diff.size * grad_output
    return d, d


TestChapter09 = chapter_tests(
    ch09,
    {ch09.check_tanh_function: Tanh,
     ch09.check_divide_function: Divide,
     ch09.check_mse_function: MSELoss},
    [(ch09.check_tanh_function, backward_only(Tanh, tanh_forgets_upstream), "upstream"),
     (ch09.check_tanh_function, TanhOfX, "derivative"),
     (ch09.check_tanh_function, Sine, "forward"),
     (ch09.check_tanh_function, Tanh.apply, "apply"),
     (ch09.check_divide_function, backward_only(Divide, divide_sign), "sign"),
     (ch09.check_divide_function, backward_only(Divide, divide_one_gradient), "count"),
     (ch09.check_divide_function, backward_only(Divide, divide_swapped), "order"),
     (ch09.check_mse_function, backward_only(MSELoss, mse_sum), "mean"),
     (ch09.check_mse_function, backward_only(MSELoss, mse_target_sign), "target_sign")],
    stub=Stub, broken=Broken,
    not_a_function_why="expected your Function class (a subclass of bplib.Function), got 3")


def test_a_forgotten_upstream_gradient_names_the_input(capsys):
    out = assert_fails(ch09.check_tanh_function, backward_only(Tanh, tanh_forgets_upstream),
                       capsys, "upstream")
    assert "the gradient for x (what backward returns, times the upstream gradient)" in out


def test_a_backward_without_return_is_explained(capsys):
    def no_return(ctx, grad_output):
        (out,) = ctx.saved_tensors
        grad_output * (1 - out ** 2)

    out = assert_fails(ch09.check_tanh_function, backward_only(Tanh, no_return), capsys)
    assert "backward returned None" in out


def test_one_gradient_instead_of_two_shows_the_engine_message(capsys):
    out = assert_fails(ch09.check_divide_function, backward_only(Divide, divide_one_gradient),
                       capsys, "count")
    assert "raised ValueError" in out and "returned 1 gradient(s)" in out


def test_an_instance_is_not_the_class(capsys):
    assert_fails(ch09.check_tanh_function, Tanh(), capsys, "apply")
