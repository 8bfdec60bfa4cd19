"""The checks of chapter 09's exercises: each passes a correct Function, and fails a wrong one
(a wrong sign or factor, a missing return) or a learner's stub with a ✗ line and a hint,
without raising."""

import numpy as np
import pytest

from bplib import Function
from bplib.exercises import ch09


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


def stub(n_inputs):
    """A learner's unfinished cell: the blank notebook replaces each body by `...`."""
    def forward(ctx, *inputs):
        ...

    def backward(ctx, grad_output):
        ...

    return type("Stub", (Function,), {"forward": staticmethod(forward),
                                      "backward": staticmethod(backward)})


CHECKS = [(ch09.check_tanh_function, Tanh, 1),
          (ch09.check_divide_function, Divide, 2),
          (ch09.check_mse_function, MSELoss, 2)]


def test_each_check_passes_a_correct_function(capsys):
    for check, solution, _ in CHECKS:
        assert check(solution)
    out = capsys.readouterr().out
    assert out.count("✓") == len(CHECKS) and "✗" not in out and "gradcheck" in out


@pytest.mark.parametrize("check, n_inputs", [(c, n) for c, _, n in CHECKS])
def test_a_stub_fails_with_a_hint_and_does_not_raise(check, n_inputs, capsys):
    assert not check(stub(n_inputs))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 9.") and "forward returned None" in out and "Hint: " in out


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS])
def test_passing_apply_instead_of_the_class_is_explained(check, capsys):
    assert not check(Tanh.apply)
    assert "expected your Function class" in capsys.readouterr().out


def test_tanh_check_catches_a_backward_that_forgets_the_upstream_gradient(capsys):
    class Forgot(Tanh):
        @staticmethod
        def backward(ctx, grad_output):
            (out,) = ctx.saved_tensors
            return 1 - out ** 2

    assert not ch09.check_tanh_function(Forgot)
    out = capsys.readouterr().out
    assert "the gradient for x" in out and "upstream" in out


def test_tanh_check_catches_a_backward_returning_none(capsys):
    class NoReturn(Tanh):
        @staticmethod
        def backward(ctx, grad_output):
            (out,) = ctx.saved_tensors
            grad_output * (1 - out ** 2)

    assert not ch09.check_tanh_function(NoReturn)
    assert "backward returned None" in capsys.readouterr().out


def test_tanh_check_catches_a_wrong_forward(capsys):
    class Sine(Tanh):
        @staticmethod
        def forward(ctx, x):
            out = np.sin(x)
            ctx.save_for_backward(out)
            return out

    assert not ch09.check_tanh_function(Sine)
    assert "the output of forward" in capsys.readouterr().out


def test_divide_check_catches_a_sign_error_in_the_second_gradient(capsys):
    class WrongSign(Divide):
        @staticmethod
        def backward(ctx, grad_output):
            x, y = ctx.saved_tensors
            return grad_output / y, grad_output * x / y ** 2

    assert not ch09.check_divide_function(WrongSign)
    assert "the gradient for y" in capsys.readouterr().out


def test_divide_check_reports_an_exception_in_backward(capsys):
    class OneGradient(Divide):
        @staticmethod
        def backward(ctx, grad_output):
            x, y = ctx.saved_tensors
            return grad_output / y

    assert not ch09.check_divide_function(OneGradient)
    out = capsys.readouterr().out
    assert "raised ValueError" in out and "returned 1 gradient(s)" in out


def test_mse_check_catches_a_sum_instead_of_a_mean(capsys):
    class Summed(MSELoss):
        @staticmethod
        def backward(ctx, grad_output):
            (diff,) = ctx.saved_tensors
            return 2 * diff * grad_output, -2 * diff * grad_output

    assert not ch09.check_mse_function(Summed)
    assert "the gradient for pred" in capsys.readouterr().out
