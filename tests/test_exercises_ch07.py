"""The checks of chapter 07's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes of a derivation (a missing or halved regularizer, a sign,
the chapter's buggy softmax gradient, least squares without λ) with a ✗ line and the hint for
that mistake."""

import numpy as np

from bplib.exercises import ch07
from exercise_checks import assert_fails, chapter_tests


def logistic_data(w, X, y):
    return -X.T @ (y / (1 + np.exp(y * (X @ w))))


def logistic_grad(w, X, y, reg):
    return logistic_data(w, X, y) + 2 * reg * w


def softmax_grad(W, X, y, reg, onehot=-1, reg_factor=2.0, scale=1.0):
    S = X @ W
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] += onehot
    return X.T @ P * scale + reg_factor * reg * W


def grad_wrt_X(w, X, y):
    return -2 * np.outer(y - X @ w, w)


def ridge_solution(X, y, reg, factor=1.0):
    return np.linalg.solve(X.T @ X + factor * reg * np.eye(X.shape[1]), X.T @ y)


TestChapter07 = chapter_tests(
    ch07,
    {ch07.check_logistic_grad: logistic_grad,
     ch07.check_softmax_grad_fixed: softmax_grad,
     ch07.check_grad_wrt_X: grad_wrt_X,
     ch07.check_ridge_solution: ridge_solution},
    [(ch07.check_logistic_grad, lambda w, X, y, reg: logistic_data(w, X, y), "no_reg"),
     (ch07.check_logistic_grad, lambda w, X, y, reg: logistic_data(w, X, y) + reg * w,
      "half_reg"),
     (ch07.check_logistic_grad, lambda w, X, y, reg: -logistic_data(w, X, y) + 2 * reg * w,
      "sign"),
     (ch07.check_logistic_grad,
      lambda w, X, y, reg: logistic_data(w, X, y) / len(y) + 2 * reg * w, "mean"),
     (ch07.check_softmax_grad_fixed,
      lambda *a: softmax_grad(*a, onehot=1, reg_factor=1.0), "both"),
     (ch07.check_softmax_grad_fixed, lambda *a: softmax_grad(*a, onehot=1), "onehot"),
     (ch07.check_softmax_grad_fixed, lambda *a: softmax_grad(*a, reg_factor=1.0), "half_reg"),
     (ch07.check_softmax_grad_fixed, lambda *a: softmax_grad(*a, scale=1 / len(a[2])), "mean"),
     (ch07.check_grad_wrt_X, lambda w, X, y: -np.outer(y - X @ w, w), "factor"),
     (ch07.check_grad_wrt_X, lambda w, X, y: 2 * np.outer(y - X @ w, w), "sign"),
     (ch07.check_ridge_solution, lambda X, y, reg: np.linalg.lstsq(X, y, rcond=None)[0],
      "no_reg"),
     (ch07.check_ridge_solution, lambda X, y, reg: ridge_solution(X, y, reg, factor=2.0),
      "factor")])


def test_a_dropped_regularizer_fails_on_the_first_input_with_reg(capsys):
    out = assert_fails(ch07.check_logistic_grad, lambda w, X, y, reg: logistic_data(w, X, y),
                       capsys, "no_reg")
    assert "(input: N=8, D=3, reg=0.5)" in out


def test_a_transposed_gradient_is_a_shape_error(capsys):
    out = assert_fails(ch07.check_grad_wrt_X, lambda w, X, y: grad_wrt_X(w, X, y).T, capsys)
    assert "the result has shape (2, 3), expected shape (3, 2)" in out
