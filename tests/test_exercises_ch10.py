"""The checks of chapter 10's exercises: each passes a correct solution, and fails a wrong one
(a transposed gradient, a missing sum, a Jacobian built where a VJP was asked for) or a stub
with a ✗ line and a hint, without raising."""

import numpy as np
import pytest

from bplib.exercises import ch10
from exercise_checks import assert_solutions_pass, assert_stub_fails


def unbroadcast(grad, shape):
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def matmul_vjp(X, W, G):
    return G @ W.T, X.T @ G


def softmax(s):
    p = np.exp(s - s.max())
    return p / p.sum()


def softmax_jacobian(s):
    p = softmax(s)
    return np.diag(p) - np.outer(p, p)


def softmax_vjp(s, v):
    p = softmax(s)
    return p * (v - v @ p)


CHECKS = [(ch10.check_unbroadcast, unbroadcast),
          (ch10.check_matmul_vjp, matmul_vjp),
          (ch10.check_softmax_jacobian, softmax_jacobian),
          (ch10.check_softmax_vjp, softmax_vjp)]


def test_each_check_passes_a_correct_solution(capsys):
    assert_solutions_pass(CHECKS, capsys)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
def test_a_stub_fails_with_a_hint_and_does_not_raise(check, capsys):
    assert_stub_fails(check, 10, capsys)


def test_unbroadcast_check_catches_a_sum_without_keepdims(capsys):
    def no_keepdims(grad, shape):
        while grad.ndim > len(shape):
            grad = grad.sum(axis=0)
        for axis, size in enumerate(shape):
            if size == 1 and grad.shape[axis] != 1:
                grad = grad.sum(axis=axis)
        return grad

    assert not ch10.check_unbroadcast(no_keepdims)
    assert "expected shape (1, 3)" in capsys.readouterr().out


def test_unbroadcast_check_catches_summing_only_the_leading_axes(capsys):
    assert not ch10.check_unbroadcast(
        lambda g, shape: g.sum(axis=tuple(range(g.ndim - len(shape)))))
    assert "expected shape (1, 3)" in capsys.readouterr().out


def test_matmul_check_catches_a_transposed_weight_gradient(capsys):
    assert not ch10.check_matmul_vjp(lambda X, W, G: (G @ W.T, G.T @ X))
    out = capsys.readouterr().out
    assert "item 1" in out and "shape" in out


def test_softmax_jacobian_check_catches_a_diagonal_only_answer(capsys):
    assert not ch10.check_softmax_jacobian(lambda s: np.diag(softmax(s) * (1 - softmax(s))))
    assert "✗ Exercise 10.3" in capsys.readouterr().out


def test_softmax_jacobian_check_requires_a_stable_softmax(capsys):
    def naive(s):
        with np.errstate(all="ignore"):
            p = np.exp(s) / np.exp(s).sum()
        return np.diag(p) - np.outer(p, p)

    assert not ch10.check_softmax_jacobian(naive)
    assert "1000" in capsys.readouterr().out


def test_softmax_vjp_check_rejects_an_explicit_jacobian_by_its_memory(capsys):
    assert not ch10.check_softmax_vjp(lambda s, v: v @ softmax_jacobian(s))
    out = capsys.readouterr().out
    assert "values are right" in out and "MB" in out and "Hint: " in out


def test_softmax_vjp_check_catches_a_missing_term(capsys):
    assert not ch10.check_softmax_vjp(lambda s, v: softmax(s) * v)
    assert "✗ Exercise 10.4" in capsys.readouterr().out
