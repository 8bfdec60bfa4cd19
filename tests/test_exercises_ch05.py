"""The checks of chapter 05's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (a missing ½, the ratio upside down, linear spacing, a
cosine that ignores the warm-up) with a ✗ line and the hint for that mistake."""

import math

import numpy as np

from bplib.exercises import ch05
from exercise_checks import assert_fails, chapter_tests


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


def no_shift(t, lr0, warmup, T):
    return lr0 * t / warmup if t < warmup else cosine_lr(t, lr0, T)


TestChapter05 = chapter_tests(
    ch05,
    {ch05.check_cosine_lr: cosine_lr,
     ch05.check_exp_gamma: exp_gamma,
     ch05.check_range_test_lrs: range_test_lrs,
     ch05.check_warmup_cosine_lr: warmup_cosine_lr},
    [(ch05.check_cosine_lr, lambda t, lr0, T: lr0 * (1 + math.cos(t * math.pi / T)), "half"),
     (ch05.check_cosine_lr, lambda t, lr0, T: 0.5 * lr0 * (1 - np.cos(t * np.pi / T)), "sign"),
     (ch05.check_cosine_lr, lambda t, lr0, T: 0.5 * lr0 * (1 + np.cos(t * np.pi)), "period"),
     (ch05.check_exp_gamma, lambda lr0, lr_end, T: (lr0 / lr_end) ** (1 / T), "inverted"),
     (ch05.check_exp_gamma, lambda lr0, lr_end, T: (lr_end / lr0) / T, "root"),
     (ch05.check_range_test_lrs, np.linspace, "linear"),
     (ch05.check_range_test_lrs,
      lambda lo, hi, steps: lo * (hi / lo) ** (np.arange(steps) / steps), "endpoint"),
     (ch05.check_warmup_cosine_lr, no_shift, "shift"),
     (ch05.check_warmup_cosine_lr,
      lambda t, lr0, w, T: lr0 * (t + 1) / w if t < w else warmup_cosine_lr(t, lr0, w, T),
      "warmup")])


def test_a_missing_half_shows_the_first_step(capsys):
    out = assert_fails(ch05.check_cosine_lr,
                       lambda t, lr0, T: lr0 * (1 + math.cos(t * math.pi / T)), capsys, "half")
    assert "got 0.2, expected 0.1 (input: t=0, lr0=0.1, T=100)" in out


def test_a_linear_answer_to_the_decay_factor_gets_the_general_hint(capsys):
    assert_fails(ch05.check_exp_gamma, lambda lr0, lr_end, T: 1 - (lr0 - lr_end) / (lr0 * T),
                 capsys, None)
