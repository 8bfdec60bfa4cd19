"""bplib.viz.grid: the figures of chapter 02 show the grid they are given (its points, its
best point, the minimizer, a magnified corner), the error against its bound and the cost
against the dimension; a frame slider's redraw replaces the previous grid; bad input is
rejected with a message naming the function and the argument."""

import numpy as np
import pytest

from bplib import viz
from bplib.search import grid_search
from bplib.viz.grid import grid_frames, plot_grid_cost, plot_grid_search, plot_resolution_error


pytestmark = pytest.mark.usefixtures("book_style")   # tests/conftest.py


W_STAR = np.array([0.37, -0.21])


def bowl(P):
    """A tilted quadratic bowl with its minimum at W_STAR, batched: (M, 2) -> (M,)."""
    D = np.atleast_2d(P) - W_STAR
    return D[:, 0] ** 2 + 3 * D[:, 1] ** 2 + D[:, 0] * D[:, 1] + 1.0


def search(k):
    axis = np.linspace(-1, 1, k)
    r = grid_search(bowl, [axis, axis], batched=True)
    return np.array([p for p, _ in r.history]), r


def lines_with(ax, marker):
    return [line for line in ax.get_lines() if line.get_marker() == marker]


def test_grid_search_figure_shows_points_best_and_minimizer_with_an_inset():
    pts, r = search(9)
    fig = plot_grid_search(bowl, (-1, 1), (-1, 1), pts, r.best, W_STAR, batched=True,
                           zoom=0.3, title="t")
    ax = fig.axes[0]
    dots = lines_with(ax, "o")[0]
    assert len(dots.get_xdata()) == 81
    star = lines_with(ax, "*")[0]
    cross = lines_with(ax, "X")[0]
    assert tuple(star.get_xydata()[0]) == tuple(r.best)
    assert tuple(cross.get_xydata()[0]) == tuple(W_STAR)
    assert cross.get_zorder() > star.get_zorder()          # the cross stays on top
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["grid points", "best grid point", r"exact minimizer $w^\star$"]
    inset = fig.inset
    np.testing.assert_allclose(inset.get_xlim(), (W_STAR[0] - 0.3, W_STAR[0] + 0.3))
    np.testing.assert_allclose(inset.get_ylim(), (W_STAR[1] - 0.3, W_STAR[1] + 0.3))
    assert lines_with(inset, "*") and lines_with(inset, "X")
    assert ax.get_title() == "t" and fig.get_figwidth() <= viz.BASE_WIDTH


def test_grid_search_figure_without_inset():
    pts, r = search(5)
    fig = plot_grid_search(bowl, (-1, 1), (-1, 1), pts, r.best, W_STAR, batched=True,
                           zoom=None)
    assert fig.inset is None and len(fig.axes) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"points": np.zeros((4, 3))}, r"plot_grid_search: points must have shape \(M, 2\)"),
    ({"best": [0.0, 0.0, 0.0]}, r"plot_grid_search: best must be a point"),
    ({"minimizer": [0.0]}, r"plot_grid_search: minimizer must be a point"),
    ({"zoom": 0.0}, r"plot_grid_search: zoom"),
])
def test_grid_search_figure_rejects_bad_input(kwargs, message):
    pts, r = search(3)
    args = {"points": pts, "best": r.best, "minimizer": W_STAR, "zoom": 0.3} | kwargs
    with pytest.raises(ValueError, match=message):
        plot_grid_search(bowl, (-1, 1), (-1, 1), batched=True, **args)


def test_grid_frames_replace_the_previous_grid_in_both_panels():
    fig, update = grid_frames(bowl, (-1, 1), (-1, 1), W_STAR, batched=True, zoom=0.4,
                              resolution=20)
    ax, ax_z = fig.axes
    assert fig.get_figwidth() <= viz.BASE_WIDTH
    for k in (3, 9):
        pts, r = search(k)
        update(pts, r.best, f"k = {k}")
    for a in (ax, ax_z):
        assert len(lines_with(a, "o")) == 1 and len(lines_with(a, "*")) == 1
        assert len(lines_with(a, "o")[0].get_xdata()) == 81
        star = lines_with(a, "*")[0]
        assert star.get_markerfacecolor() == "none"       # hollow: the cross shows through
        assert tuple(star.get_xydata()[0]) == tuple(r.best)
        assert tuple(lines_with(a, "X")[0].get_xydata()[0]) == tuple(W_STAR)
    np.testing.assert_allclose(ax_z.get_xlim(), (W_STAR[0] - 0.4, W_STAR[0] + 0.4))
    assert fig.get_suptitle() == "k = 9" and len(fig.legends) == 1

    def draw(k):
        pts, r = search(k)
        update(pts, r.best, f"k = {k}")

    slider = viz.frame_slider(fig, draw, [3, 5], alt="Grids.")
    assert len(slider.frames) == 2 and slider.frames[0] != slider.frames[1]


def test_grid_frames_keep_their_layout_and_give_both_panels_room():
    fig, update = grid_frames(bowl, (-1, 1), (-1, 1), W_STAR, batched=True, resolution=10)
    boxes = []
    for k, title in ((3, "k = 3"), (30, "k = 30: a much longer title than the first")):
        pts, r = search(k)
        update(pts, r.best, title)
        fig.canvas.draw()
        boxes.append([ax.get_position().bounds for ax in fig.axes])
    assert boxes[0] == boxes[1]
    assert all(box[2] > 0.3 for box in boxes[0])


def test_grid_frames_reject_bad_input():
    with pytest.raises(ValueError, match=r"grid_frames: minimizer must be a point"):
        grid_frames(bowl, (-1, 1), (-1, 1), [0, 0, 0], batched=True)
    _, update = grid_frames(bowl, (-1, 1), (-1, 1), W_STAR, batched=True, resolution=5)
    with pytest.raises(ValueError, match=r"grid_frames.update: points must have shape"):
        update(np.zeros((0, 2)), [0, 0])


def test_resolution_error_draws_measured_and_bound_on_log_axes(ax):
    ks, gaps, bounds = [5, 10, 20], [0.5, 0.0, 0.01], [3.0, 0.7, 0.2]
    plot_resolution_error(ax, ks, gaps, bounds)
    measured, bound = ax.get_lines()
    assert ax.get_xscale() == ax.get_yscale() == "log"
    np.testing.assert_allclose(bound.get_ydata(), bounds)
    assert measured.get_ydata()[1] > 0                      # an exact 0 is drawn on the axis
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "10", "20"]
    assert "mu" in bound.get_label() and ax.get_legend() is not None


@pytest.mark.parametrize("ks, gaps, bounds, message", [
    ([5, 10], [0.1], [1.0, 0.5], r"plot_resolution_error: ks, gaps and bounds must have one "
                                 r"entry per grid; got lengths 2, 1, 2"),
    ([5, 10], [0.1, -0.1], [1.0, 0.5], r"plot_resolution_error: expected ks ≥ 2, gaps ≥ 0"),
    ([1, 10], [0.1, 0.1], [1.0, 0.5], r"plot_resolution_error: expected ks ≥ 2"),
])
def test_resolution_error_rejects_bad_input(ax, ks, gaps, bounds, message):
    with pytest.raises(ValueError, match=message):
        plot_resolution_error(ax, ks, gaps, bounds)


def test_grid_cost_draws_counts_on_the_k_to_the_d_line_and_the_time():
    counts = {d: 5 ** d for d in range(1, 6)}
    seconds = {d: 1e-6 * 5 ** d for d in range(1, 6)}
    fig = plot_grid_cost(counts, seconds, ks=(3, 5), k=5)
    ax1, ax2 = fig.axes
    measured = ax1.get_lines()[0]
    five = [line for line in ax1.get_lines() if line.get_label() == "$k^d$, $k = 5$"][0]
    np.testing.assert_allclose(measured.get_ydata(), five.get_ydata())
    assert len(ax1.get_lines()) == 3 and ax1.get_yscale() == "log"
    np.testing.assert_allclose(ax2.get_lines()[0].get_ydata(),
                               [seconds[d] * 1e3 for d in range(1, 6)])
    assert fig.get_figwidth() <= viz.BASE_WIDTH


def test_grid_cost_without_times_has_one_panel_and_rejects_bad_input():
    assert len(plot_grid_cost({1: 3, 2: 9}).axes) == 1
    with pytest.raises(TypeError, match=r"plot_grid_cost: counts must be a non-empty dict"):
        plot_grid_cost([])
    with pytest.raises(ValueError, match=r"plot_grid_cost: seconds has dimensions \[1\] but "
                                         r"counts has \[1, 2\]"):
        plot_grid_cost({1: 3, 2: 9}, {1: 0.1})
