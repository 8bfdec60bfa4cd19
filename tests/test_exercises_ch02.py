"""The checks of chapter 02's exercises: each passes a correct solution, and fails a stub, code
that raises, and the typical mistakes (ties to the last point, a missing endpoint, a window
that does not shrink) with a ✗ line and the hint for that mistake."""

import itertools
import math

import numpy as np

from bplib.exercises import ch02
from bplib.search import grid_search
from exercise_checks import assert_fails, chapter_tests


def grid_search_nd(L, axes, keep_last_tie=False):
    best, best_score = None, float("inf")
    for w in itertools.product(*axes):
        w = np.array(w)
        score = L(w)
        if score < best_score or (keep_last_tie and score == best_score):
            best, best_score = w, score
    return best, best_score


def grid_evaluations(low, high, h, d):
    return (math.ceil((high - low) / h) + 1) ** d


def coarse_to_fine(L, centre, half_width, k, rounds, shrink=True, move=True):
    start = centre = np.asarray(centre, dtype=float)
    for _ in range(rounds):
        r = grid_search(L, [np.linspace(c - half_width, c + half_width, k) for c in centre])
        centre = r.best if move else start
        if shrink:
            half_width = 2 * half_width / (k - 1)
    return r.best, r.best_score


TestChapter02 = chapter_tests(
    ch02,
    {ch02.check_grid_search_nd: grid_search_nd,
     ch02.check_grid_evaluations: grid_evaluations,
     ch02.check_coarse_to_fine: coarse_to_fine},
    [(ch02.check_grid_search_nd, lambda L, axes: grid_search_nd(L, axes, keep_last_tie=True),
      "tie"),
     (ch02.check_grid_search_nd, lambda L, axes: grid_search_nd(L, axes)[::-1], "order"),
     (ch02.check_grid_evaluations, lambda low, high, h, d: math.ceil((high - low) / h) ** d,
      "endpoint"),
     (ch02.check_grid_evaluations, lambda low, high, h, d: (int((high - low) / h) + 1) ** d,
      "round_down"),
     (ch02.check_grid_evaluations, lambda low, high, h, d: grid_evaluations(low, high, h, 1) * d,
      "power"),
     (ch02.check_coarse_to_fine, lambda *a: coarse_to_fine(*a, shrink=False), "shrink"),
     (ch02.check_coarse_to_fine, lambda *a: coarse_to_fine(*a, move=False), "centre")])


def test_a_missing_endpoint_shows_the_first_wrong_count(capsys):
    out = assert_fails(ch02.check_grid_evaluations,
                       lambda low, high, h, d: math.ceil((high - low) / h) ** d, capsys,
                       "endpoint")
    assert "got 6, expected 7 (input: low=-3, high=3, h=1, d=1)" in out


def test_the_tie_case_is_described_by_its_axes(capsys):
    out = assert_fails(ch02.check_grid_search_nd,
                       lambda L, axes: grid_search_nd(L, axes, keep_last_tie=True), capsys, "tie")
    assert "(input: axes of lengths [2, 2])" in out


def test_a_window_that_does_not_shrink_names_the_round_count(capsys):
    out = assert_fails(ch02.check_coarse_to_fine, lambda *a: coarse_to_fine(*a, shrink=False),
                       capsys, "shrink")
    assert "rounds=4" in out
