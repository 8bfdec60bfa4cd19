"""The checks of chapter 04's exercises: each passes a correct solution, and fails a wrong one
or a stub (a learner's unfinished cell) with a ✗ line and a hint, without raising."""

import numpy as np
import pytest

from bplib.exercises import ch04
from bplib.losses import softmax_loss


def descend(loss_and_grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * loss_and_grad(w)[1]
    return w


def max_stable_lr(A):
    return 2.0 / np.linalg.eigvalsh(A).max()


def contraction_factor(A, lr):
    return float(np.max(np.abs(1.0 - lr * np.linalg.eigvalsh(A))))


def make_minibatch(X, y, batch_size, rng):
    def loss_and_grad(W):
        idx = rng.choice(len(y), size=batch_size, replace=False)
        return softmax_loss(W, X[idx], y[idx])
    return loss_and_grad


def test_each_check_passes_a_correct_solution(capsys):
    assert ch04.check_descend(descend)
    assert ch04.check_max_stable_lr(max_stable_lr)
    assert ch04.check_contraction_factor(contraction_factor)
    assert ch04.check_make_minibatch(make_minibatch)
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "✗" not in out


@pytest.mark.parametrize("check", [ch04.check_descend, ch04.check_max_stable_lr,
                                   ch04.check_contraction_factor, ch04.check_make_minibatch])
def test_a_stub_that_returns_none_fails_without_raising(check, capsys):
    assert check(lambda *args: None) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 4.") and "Hint: " in out


def test_descend_check_catches_an_update_in_place(capsys):
    def in_place(loss_and_grad, w0, lr, steps):
        for _ in range(steps):
            w0 -= lr * loss_and_grad(w0)[1]
        return w0

    assert not ch04.check_descend(in_place)
    assert "modified in place" in capsys.readouterr().out


def test_descend_check_catches_gradient_ascent(capsys):
    assert not ch04.check_descend(
        lambda f, w0, lr, steps: descend(lambda w: (0.0, -f(w)[1]), w0, lr, steps))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 4.1") and "expected" in out


def test_max_stable_lr_check_catches_one_over_lambda_max(capsys):
    assert not ch04.check_max_stable_lr(lambda A: 1.0 / np.linalg.eigvalsh(A).max())
    assert "1 - lr·λ_i" in capsys.readouterr().out


def test_contraction_factor_check_catches_a_missing_absolute_value(capsys):
    assert not ch04.check_contraction_factor(
        lambda A, lr: float(np.max(1.0 - lr * np.linalg.eigvalsh(A))))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 4.3") and "absolute value" in out


def test_minibatch_check_catches_a_batch_drawn_once(capsys):
    def drawn_once(X, y, batch_size, rng):
        idx = rng.choice(len(y), size=batch_size, replace=False)
        return lambda W: softmax_loss(W, X[idx], y[idx])

    assert not ch04.check_make_minibatch(drawn_once)
    assert "drawn only once" in capsys.readouterr().out


def test_minibatch_check_catches_a_biased_sample(capsys):
    def first_half_only(X, y, batch_size, rng):
        def loss_and_grad(W):
            n = len(y) if batch_size == len(y) else len(y) // 2
            idx = rng.choice(n, size=batch_size, replace=False)
            return softmax_loss(W, X[idx], y[idx])
        return loss_and_grad

    assert not ch04.check_make_minibatch(first_half_only)
    assert "average of 1500 batch gradients" in capsys.readouterr().out


def test_minibatch_check_reports_a_closure_that_raises(capsys):
    def broken(X, y, batch_size, rng):
        return lambda W: softmax_loss(W, X, y[:batch_size])

    assert not ch04.check_make_minibatch(broken)
    assert "raised ValueError" in capsys.readouterr().out
