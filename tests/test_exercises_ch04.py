"""The checks of chapter 04's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (gradient ascent, w0 changed in place, 1/μ_max, a missing
absolute value, a batch drawn once) with a ✗ line and the hint for that mistake."""

import numpy as np

from bplib.exercises import ch04
from bplib.losses import softmax_loss
from exercise_checks import assert_fails, chapter_tests


def descend(loss_and_grad, w0, lr, steps, sign=1.0, extra=0):
    w = np.array(w0, dtype=float)
    for _ in range(steps + extra):
        w = w - sign * lr * loss_and_grad(w)[1]
    return w


def descend_in_place(loss_and_grad, w0, lr, steps):
    for _ in range(steps):
        w0 -= lr * loss_and_grad(w0)[1]
    return w0


def max_stable_lr(A):
    return 2.0 / np.linalg.eigvalsh(A).max()


def contraction_factor(A, lr):
    return float(np.max(np.abs(1.0 - lr * np.linalg.eigvalsh(A))))


def make_minibatch(X, y, batch_size, rng):
    def loss_and_grad(W):
        idx = rng.choice(len(y), size=batch_size, replace=False)
        return softmax_loss(W, X[idx], y[idx])
    return loss_and_grad


def drawn_once(X, y, batch_size, rng):
    idx = rng.choice(len(y), size=batch_size, replace=False)
    return lambda W: softmax_loss(W, X[idx], y[idx])


def with_replacement(X, y, batch_size, rng):
    def loss_and_grad(W):
        idx = rng.integers(0, len(y), size=batch_size)
        return softmax_loss(W, X[idx], y[idx])
    return loss_and_grad


def first_half_only(X, y, batch_size, rng):
    def loss_and_grad(W):
        n = len(y) if batch_size == len(y) else len(y) // 2
        idx = rng.choice(n, size=batch_size, replace=False)
        return softmax_loss(W, X[idx], y[idx])
    return loss_and_grad


TestChapter04 = chapter_tests(
    ch04,
    {ch04.check_descend: descend,
     ch04.check_max_stable_lr: max_stable_lr,
     ch04.check_contraction_factor: contraction_factor,
     ch04.check_make_minibatch: make_minibatch},
    [(ch04.check_descend, lambda *a: descend(*a, sign=-1.0), "sign"),
     (ch04.check_descend, lambda *a: descend(*a, extra=1), "steps"),
     (ch04.check_descend, descend_in_place, "modified"),
     (ch04.check_max_stable_lr, lambda A: 1.0 / np.linalg.eigvalsh(A).max(), "factor"),
     (ch04.check_max_stable_lr, lambda A: 2.0 / np.linalg.eigvalsh(A).min(), "smallest"),
     (ch04.check_max_stable_lr, lambda A: 2.0 / np.max(np.diag(A)), "diagonal"),
     (ch04.check_contraction_factor, lambda A, lr: np.max(1.0 - lr * np.linalg.eigvalsh(A)),
      "abs"),
     (ch04.check_contraction_factor,
      lambda A, lr: np.min(np.abs(1.0 - lr * np.linalg.eigvalsh(A))), "slowest"),
     (ch04.check_make_minibatch, drawn_once, "drawn_once"),
     (ch04.check_make_minibatch, with_replacement, "replace"),
     (ch04.check_make_minibatch, first_half_only, "biased")])


def test_the_in_place_update_names_w0(capsys):
    out = assert_fails(ch04.check_descend, descend_in_place, capsys, "modified")
    assert "changed its argument `w0` in place (input: A.shape=(2, 2), w0=[1, 1], lr=0.1, " \
           "steps=5)" in out


def test_one_over_lambda_max_is_described_by_the_eigenvalues(capsys):
    out = assert_fails(ch04.check_max_stable_lr, lambda A: 1.0 / np.linalg.eigvalsh(A).max(),
                       capsys, "factor")
    assert "got 0.1, expected 0.2 (input: A with eigenvalues [1.0, 10.0])" in out


def test_a_closure_that_raises_is_explained(capsys):
    def broken(X, y, batch_size, rng):
        return lambda W: softmax_loss(W, X, y[:batch_size])
    out = assert_fails(ch04.check_make_minibatch, broken, capsys)
    assert "raised ValueError" in out and "line " in out


def test_a_make_minibatch_that_returns_the_loss_is_explained(capsys):
    out = assert_fails(ch04.check_make_minibatch, lambda X, y, b, rng: 0.5, capsys)
    assert "make_minibatch returned 0.5, expected a function loss_and_grad(W)" in out
