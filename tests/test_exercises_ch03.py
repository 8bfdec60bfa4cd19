"""The checks of chapter 03's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (a generator made inside the loop, a box of side a,
rounding down, a division by T = 0) with a ✗ line and the hint for that mistake."""

import math

import numpy as np

from bplib.exercises import ch03
from exercise_checks import assert_fails, chapter_tests


def random_search_box(L, D, low, high, num_iters, seed):
    rng = np.random.default_rng(seed)
    best, best_score = None, float("inf")
    for _ in range(num_iters):
        w = rng.uniform(low, high, size=D)
        score = L(w)
        if score < best_score:
            best, best_score = w, score
    return best, best_score


def fresh_rng_each_time(L, D, low, high, num_iters, seed):
    best, best_score = None, float("inf")
    for _ in range(num_iters):
        w = np.random.default_rng(seed).uniform(low, high, size=D)   # same dart every time
        if L(w) < best_score:
            best, best_score = w, L(w)
    return best, best_score


def hit_probability(D, r, a):
    return math.pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D / (2 * a) ** D


def darts_needed(p, confidence):
    return math.ceil(math.log(1 - confidence) / math.log(1 - p))


def metropolis_accept(delta, T, u):
    if delta <= 0:
        return True
    if T <= 0:
        return False
    return u < math.exp(-delta / T)


def no_zero_temperature_case(delta, T, u):
    return delta <= 0 or u < math.exp(-delta / T)


TestChapter03 = chapter_tests(
    ch03,
    {ch03.check_random_search_box: random_search_box,
     ch03.check_hit_probability: hit_probability,
     ch03.check_darts_needed: darts_needed,
     ch03.check_metropolis_accept: metropolis_accept},
    [(ch03.check_random_search_box, fresh_rng_each_time, "rng_in_loop"),
     (ch03.check_hit_probability,
      lambda D, r, a: math.pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D / a ** D, "box_side"),
     (ch03.check_hit_probability,
      lambda D, r, a: math.pi ** (D / 2) / math.gamma(D / 2) * r ** D / (2 * a) ** D, "gamma"),
     (ch03.check_darts_needed, lambda p, c: int(math.log(1 - c) / math.log(1 - p)),
      "round_down"),
     (ch03.check_darts_needed, lambda p, c: math.ceil(math.log(1 - c) / math.log(p)), "miss"),
     (ch03.check_metropolis_accept, no_zero_temperature_case, "zero_temperature"),
     (ch03.check_metropolis_accept,
      lambda d, T, u: d <= 0 or (T > 0 and u > math.exp(-d / T)), "inequality"),
     (ch03.check_metropolis_accept,
      lambda d, T, u: d <= 0 or (T > 0 and u < math.exp(d / T)), "sign")])


def test_a_box_of_side_a_shows_the_probability(capsys):
    out = assert_fails(ch03.check_hit_probability,
                       lambda D, r, a: math.pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D / a ** D,
                       capsys, "box_side")
    assert "got 1, expected 0.5 (input: D=1, r=0.5, a=1)" in out


def test_a_division_by_zero_temperature_names_the_line(capsys):
    out = assert_fails(ch03.check_metropolis_accept, no_zero_temperature_case, capsys,
                       "zero_temperature")
    assert "ZeroDivisionError" in out and "(line " in out and "math.exp(-delta / T)" in out


def test_the_limit_t_to_zero_taken_by_hand_is_accepted(capsys):
    def limit(delta, T, u):
        return delta <= 0 or u < math.exp(-delta / max(T, 1e-300))
    assert ch03.check_metropolis_accept(limit)
