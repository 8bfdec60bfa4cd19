"""The checks of chapter 03's exercises: each passes a correct solution, and fails a wrong one
or a stub (a learner's unfinished cell) with a ✗ line and a hint, without raising."""

import math

import numpy as np
import pytest

from bplib.exercises import ch03


def random_search_box(L, D, low, high, num_iters, seed):
    rng = np.random.default_rng(seed)
    best, best_score = None, float("inf")
    for _ in range(num_iters):
        w = rng.uniform(low, high, size=D)
        score = L(w)
        if score < best_score:
            best, best_score = w, score
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


def test_each_check_passes_a_correct_solution(capsys):
    assert ch03.check_random_search_box(random_search_box)
    assert ch03.check_hit_probability(hit_probability)
    assert ch03.check_darts_needed(darts_needed)
    assert ch03.check_metropolis_accept(metropolis_accept)
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "✗" not in out


def test_random_search_check_catches_a_generator_made_inside_the_loop(capsys):
    def fresh_rng_each_time(L, D, low, high, num_iters, seed):
        best, best_score = None, float("inf")
        for _ in range(num_iters):
            w = np.random.default_rng(seed).uniform(low, high, size=D)   # same dart every time
            if L(w) < best_score:
                best, best_score = w, L(w)
        return best, best_score

    assert not ch03.check_random_search_box(fresh_rng_each_time)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 3.1") and "D=2" in out and "before the loop" in out


def test_hit_probability_check_catches_a_box_of_side_a(capsys):
    assert not ch03.check_hit_probability(
        lambda D, r, a: math.pi ** (D / 2) / math.gamma(D / 2 + 1) * r ** D / a ** D)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 3.2") and "got 1, expected 0.5" in out


def test_darts_needed_check_catches_rounding_down(capsys):
    assert not ch03.check_darts_needed(
        lambda p, c: math.floor(math.log(1 - c) / math.log(1 - p)))
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 3.3") and "got 3, expected 4" in out


def test_metropolis_check_catches_accepting_worse_moves_at_zero_temperature(capsys):
    def no_zero_case(delta, T, u):
        return delta <= 0 or u < math.exp(-delta / max(T, 1e-300))

    assert ch03.check_metropolis_accept(no_zero_case)   # the limit T -> 0 is already right
    assert not ch03.check_metropolis_accept(lambda delta, T, u: u < math.exp(-delta / (T + 1)))
    out = capsys.readouterr().out
    assert "✗ Exercise 3.4" in out and "T == 0" in out


@pytest.mark.parametrize("check", [ch03.check_random_search_box, ch03.check_hit_probability,
                                   ch03.check_darts_needed, ch03.check_metropolis_accept])
def test_checks_report_a_stub_that_returns_none(check, capsys):
    assert check(lambda *args: None) is False
    assert "returned None" in capsys.readouterr().out
