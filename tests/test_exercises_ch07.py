"""The checks of chapter 07's exercises: each passes a correct solution, and fails a wrong one
(the typical mistakes of a derivation) or a stub with a ✗ line and a hint, without raising."""

import numpy as np
import pytest

from bplib.exercises import ch07
from exercise_checks import assert_solutions_pass, assert_stub_fails


def logistic_grad(w, X, y, reg):
    return -X.T @ (y / (1 + np.exp(y * (X @ w)))) + 2 * reg * w


def softmax_grad_fixed(W, X, y, reg):
    S = X @ W
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1
    return X.T @ P + 2 * reg * W


def grad_wrt_X(w, X, y):
    return -2 * np.outer(y - X @ w, w)


def ridge_solution(X, y, reg):
    return np.linalg.solve(X.T @ X + reg * np.eye(X.shape[1]), X.T @ y)


CHECKS = [(ch07.check_logistic_grad, logistic_grad),
          (ch07.check_softmax_grad_fixed, softmax_grad_fixed),
          (ch07.check_grad_wrt_X, grad_wrt_X),
          (ch07.check_ridge_solution, ridge_solution)]


def test_each_check_passes_a_correct_solution(capsys):
    assert_solutions_pass(CHECKS, capsys)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
def test_a_stub_fails_with_a_hint_and_does_not_raise(check, capsys):
    assert_stub_fails(check, 7, capsys)


def test_logistic_check_catches_a_dropped_regularizer_factor(capsys):
    assert not ch07.check_logistic_grad(
        lambda w, X, y, reg: -X.T @ (y / (1 + np.exp(y * (X @ w)))) + reg * w)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 7.1") and "reg=0.5" in out


def test_logistic_check_catches_a_sign_error(capsys):
    assert not ch07.check_logistic_grad(
        lambda w, X, y, reg: X.T @ (y / (1 + np.exp(y * (X @ w)))) + 2 * reg * w)
    assert "✗ Exercise 7.1" in capsys.readouterr().out


def test_softmax_check_rejects_the_buggy_version_from_the_chapter(capsys):
    def buggy(W, X, y, reg):
        S = X @ W
        P = np.exp(S - S.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        P[np.arange(len(y)), y] += 1
        return X.T @ P + reg * W

    assert not ch07.check_softmax_grad_fixed(buggy)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 7.2") and "P - Y" in out


def test_softmax_check_catches_only_the_regularizer_bug(capsys):
    def half_fixed(W, X, y, reg):
        return softmax_grad_fixed(W, X, y, reg) - reg * W      # λW instead of 2λW

    assert not ch07.check_softmax_grad_fixed(half_fixed)
    assert "reg=0.3" in capsys.readouterr().out   # the first case has reg = 0 and passes


def test_grad_wrt_X_check_catches_a_transposed_result(capsys):
    assert not ch07.check_grad_wrt_X(lambda w, X, y: grad_wrt_X(w, X, y).T)
    assert "shape" in capsys.readouterr().out


def test_ridge_check_catches_a_missing_regularizer(capsys):
    assert not ch07.check_ridge_solution(lambda X, y, reg: np.linalg.lstsq(X, y, rcond=None)[0])
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 7.4") and "np.linalg.solve" in out
