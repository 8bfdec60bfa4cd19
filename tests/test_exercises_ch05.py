"""The checks of chapter 05's exercises: each passes a correct solution, and fails a wrong one
or a stub (a learner's unfinished cell) with a ✗ line and a hint, without raising."""

import math

import numpy as np
import pytest

from bplib.exercises import ch05


def cosine_lr(t, lr0, T):
    return 0.5 * lr0 * (1 + math.cos(t * math.pi / T))


def exp_gamma(lr0, lr_end, T):
    return (lr_end / lr0) ** (1 / T)


def range_test_lrs(lr_lo, lr_hi, steps):
    return lr_lo * (lr_hi / lr_lo) ** (np.arange(steps) / (steps - 1))


def warmup_cosine_lr(t, lr0, warmup, T):
    if t < warmup:
        return lr0 * t / warmup
    return cosine_lr(t - warmup, lr0, T - warmup)


def test_each_check_passes_a_correct_solution(capsys):
    assert ch05.check_cosine_lr(cosine_lr)
    assert ch05.check_exp_gamma(exp_gamma)
    assert ch05.check_range_test_lrs(range_test_lrs)
    assert ch05.check_warmup_cosine_lr(warmup_cosine_lr)
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "✗" not in out


@pytest.mark.parametrize("check", [ch05.check_cosine_lr, ch05.check_exp_gamma,
                                   ch05.check_range_test_lrs, ch05.check_warmup_cosine_lr])
def test_a_stub_that_returns_none_fails_without_raising(check, capsys):
    assert check(lambda *args: None) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 5.") and "Hint: " in out and "returned None" in out


def test_cosine_check_catches_a_missing_half(capsys):
    assert not ch05.check_cosine_lr(lambda t, lr0, T: lr0 * (1 + math.cos(t * math.pi / T)))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 5.1") and "t = 0" in out


def test_exp_gamma_check_catches_a_linear_answer(capsys):
    assert not ch05.check_exp_gamma(lambda lr0, lr_end, T: 1 - (lr0 - lr_end) / (lr0 * T))
    assert "gamma = (lr_end / lr0) ** (1 / T)" in capsys.readouterr().out


def test_range_test_check_catches_linear_spacing(capsys):
    assert not ch05.check_range_test_lrs(lambda lo, hi, steps: np.linspace(lo, hi, steps))
    assert "logarithms are evenly spaced" in capsys.readouterr().out


def test_warmup_check_catches_a_cosine_that_ignores_the_warmup(capsys):
    def no_shift(t, lr0, warmup, T):
        return lr0 * t / warmup if t < warmup else cosine_lr(t, lr0, T)

    assert not ch05.check_warmup_cosine_lr(no_shift)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 5.4") and "t - warmup" in out
