"""The checks of chapter 02's exercises: each passes a correct solution, and fails a wrong one
or a stub (a learner's unfinished cell) with a ✗ line and a hint, without raising."""

import itertools
import math

import numpy as np
import pytest

from bplib.exercises import ch02
from bplib.search import grid_search


def grid_search_nd(L, axes):
    best, best_score = None, float("inf")
    for w in itertools.product(*axes):
        w = np.array(w)
        score = L(w)
        if score < best_score:
            best, best_score = w, score
    return best, best_score


def grid_evaluations(low, high, h, d):
    return (math.ceil((high - low) / h) + 1) ** d


def coarse_to_fine(L, centre, half_width, k, rounds):
    centre, best_score = np.asarray(centre, dtype=float), float("inf")
    for _ in range(rounds):
        r = grid_search(L, [np.linspace(c - half_width, c + half_width, k) for c in centre])
        centre, best_score = r.best, r.best_score
        half_width = 2 * half_width / (k - 1)
    return centre, best_score


def test_each_check_passes_a_correct_solution(capsys):
    assert ch02.check_grid_search_nd(grid_search_nd)
    assert ch02.check_grid_evaluations(grid_evaluations)
    assert ch02.check_coarse_to_fine(coarse_to_fine)
    out = capsys.readouterr().out
    assert out.count("✓") == 3 and "✗" not in out


def test_grid_search_check_catches_ties_resolved_to_the_last_point(capsys):
    def last_on_tie(L, axes):
        best, best_score = None, float("inf")
        for w in itertools.product(*axes):
            w = np.array(w)
            if L(w) <= best_score:
                best, best_score = w, L(w)
        return best, best_score

    assert not ch02.check_grid_search_nd(last_on_tie)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 2.1") and "Hint: " in out and "strictly lower" in out


def test_grid_evaluations_check_catches_a_missing_endpoint(capsys):
    assert not ch02.check_grid_evaluations(lambda low, high, h, d: math.ceil((high - low) / h) ** d)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 2.2") and "got 6, expected 7" in out and "+1" in out


def test_coarse_to_fine_check_catches_a_window_that_does_not_shrink(capsys):
    def no_shrink(L, centre, half_width, k, rounds):
        for _ in range(rounds):
            r = grid_search(L, [np.linspace(c - half_width, c + half_width, k)
                                for c in np.asarray(centre, dtype=float)])
            centre = r.best
        return r.best, r.best_score

    assert not ch02.check_coarse_to_fine(no_shrink)
    out = capsys.readouterr().out
    assert out.startswith("✗ Exercise 2.3") and "rounds=4" in out and "half_width" in out


@pytest.mark.parametrize("check", [ch02.check_grid_search_nd, ch02.check_grid_evaluations,
                                   ch02.check_coarse_to_fine])
def test_checks_report_a_stub_that_returns_none(check, capsys):
    assert check(lambda *args: None) is False
    assert "returned None" in capsys.readouterr().out
