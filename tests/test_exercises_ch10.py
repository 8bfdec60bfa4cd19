"""The checks of chapter 10's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (a sum without keepdims, swapped gradients, a diagonal
Jacobian, a Jacobian built where a VJP was asked for) with a ✗ line and the hint for that
mistake."""

import numpy as np

from bplib.exercises import ch10
from exercise_checks import assert_fails, chapter_tests


def unbroadcast(grad, shape, keepdims=True, size_one=True):
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size_one and size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=keepdims)
    return grad


def matmul_vjp(X, W, G):
    return G @ W.T, X.T @ G


def softmax(s):
    p = np.exp(s - s.max())
    return p / p.sum()


def softmax_jacobian(s):
    p = softmax(s)
    return np.diag(p) - np.outer(p, p)


def naive_jacobian(s):
    p = np.exp(s) / np.exp(s).sum()
    return np.diag(p) - np.outer(p, p)


def softmax_vjp(s, v):
    p = softmax(s)
    return p * (v - v @ p)


TestChapter10 = chapter_tests(
    ch10,
    {ch10.check_unbroadcast: unbroadcast,
     ch10.check_matmul_vjp: matmul_vjp,
     ch10.check_softmax_jacobian: softmax_jacobian,
     ch10.check_softmax_vjp: softmax_vjp},
    [(ch10.check_unbroadcast, lambda g, s: unbroadcast(g, s, keepdims=False), "keepdims"),
     (ch10.check_unbroadcast, lambda g, s: unbroadcast(g, s, size_one=False), "size_one"),
     (ch10.check_matmul_vjp, lambda X, W, G: (X.T @ G, G @ W.T), "order"),
     (ch10.check_softmax_jacobian, naive_jacobian, "overflow"),
     (ch10.check_softmax_jacobian, lambda s: np.diag(softmax(s) * (1 - softmax(s))),
      "diagonal"),
     (ch10.check_softmax_jacobian, lambda s: -softmax_jacobian(s), "sign"),
     (ch10.check_softmax_vjp, lambda s, v: v @ softmax_jacobian(s), "memory"),
     (ch10.check_softmax_vjp, lambda s, v: softmax(s) * v, "missing_term")])


def test_a_sum_without_keepdims_shows_both_shapes(capsys):
    out = assert_fails(ch10.check_unbroadcast, lambda g, s: unbroadcast(g, s, keepdims=False),
                       capsys, "keepdims")
    assert "the result has shape (3,), expected shape (1, 3)" in out


def test_a_transposed_weight_gradient_names_dW(capsys):
    out = assert_fails(ch10.check_matmul_vjp, lambda X, W, G: (G @ W.T, G.T @ X), capsys)
    assert "in dW: the result has shape (2, 3), expected shape (3, 2)" in out


def test_an_explicit_jacobian_is_caught_by_its_memory(capsys):
    out = assert_fails(ch10.check_softmax_vjp, lambda s, v: v @ softmax_jacobian(s), capsys,
                       "memory")
    assert "the values are right" in out and "C × C Jacobian takes 72 MB" in out
