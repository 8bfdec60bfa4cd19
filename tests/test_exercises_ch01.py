"""The checks of chapter 01's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (an overflowing softmax, the wrong axis, the notes' sum
over every j, the probability for the loss) with a ✗ line and the hint for that mistake."""

import numpy as np

from bplib.exercises import ch01
from bplib.losses import svm_loss
from exercise_checks import assert_fails, chapter_tests


def stable_softmax(s):
    z = s - s.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def svm_loss_loop(W, X, y, skip_correct=True):
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        for j in range(W.shape[1]):
            if j != y[i] or not skip_correct:
                total += max(0.0, s[j] - s[y[i]] + 1.0)
    return total


def initial_loss(C):
    return float(np.log(C))


def naive_softmax(s):
    return np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)


def softmax_over_columns(s):
    z = np.exp(s - s.max(axis=0, keepdims=True))
    return z / z.sum(axis=0, keepdims=True)


def softmax_without_keepdims(s):
    z = np.exp(s - s.max(axis=1))
    return z / z.sum(axis=1)


def softmax_in_place(s):
    s -= s.max(axis=1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s


TestChapter01 = chapter_tests(
    ch01,
    {ch01.check_stable_softmax: stable_softmax,
     ch01.check_svm_loss_loop: svm_loss_loop,
     ch01.check_initial_loss: initial_loss},
    [(ch01.check_stable_softmax, naive_softmax, "overflow"),
     (ch01.check_stable_softmax, softmax_over_columns, "axis"),
     (ch01.check_stable_softmax, softmax_without_keepdims, "keepdims"),
     (ch01.check_stable_softmax, softmax_in_place, "modified"),
     (ch01.check_svm_loss_loop, lambda W, X, y: svm_loss_loop(W, X, y, skip_correct=False),
      "include_yi"),
     (ch01.check_svm_loss_loop, lambda W, X, y: svm_loss(W, X, y)[0], "mean"),
     (ch01.check_initial_loss, lambda C: 1 / C, "probability"),
     (ch01.check_initial_loss, lambda C: np.log(1 / C), "sign")])


def test_the_overflow_is_shown_at_the_first_nan(capsys):
    out = assert_fails(ch01.check_stable_softmax, naive_softmax, capsys, "overflow")
    assert "got nan at index (0, 0), expected 0.244728 (input: s=[1000, 1001, 999])" in out


def test_the_sum_over_every_j_names_the_input(capsys):
    out = assert_fails(ch01.check_svm_loss_loop,
                       lambda W, X, y: svm_loss_loop(W, X, y, skip_correct=False), capsys,
                       "include_yi")
    assert "(input: N=3, D=2, C=3)" in out


def test_an_in_place_softmax_is_caught_even_though_its_values_are_right(capsys):
    out = assert_fails(ch01.check_stable_softmax, softmax_in_place, capsys, "modified")
    assert "changed its argument `s` in place" in out
