"""bplib.viz.search: the figures of chapter 03 draw what their captions say (the points a
search evaluated, a hit as Σ w_k² ≤ r², medians and quartiles over seeds, walks visible on
the map), compared with an oracle computed here, on C-order, F-order and strided inputs; and
bad input gets a message naming the function and the argument."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib import viz
from bplib.search import grid_search, random_search
from bplib.viz import search as vs


@pytest.fixture(autouse=True)
def book_style():
    with mpl.rc_context():
        viz.use_style(compact=False)
        yield
    plt.close("all")


def sphere(P):
    return (np.asarray(P) ** 2).sum(axis=-1)


def layouts(a: np.ndarray):
    """The same values as a C-order, an F-order and a strided (sliced) array."""
    wide = np.zeros((a.shape[0], 2 * a.shape[1]))
    wide[:, ::2] = a
    return {"C": np.ascontiguousarray(a), "F": np.asfortranarray(a), "strided": wide[:, ::2]}


def marks(ax, marker):
    return [line for line in ax.get_lines() if line.get_marker() == marker]


# ─── search_points ────────────────────────────────────────────────────────────────────────

def test_search_points_are_the_history_in_evaluation_order():
    r = random_search(sphere, [(-1, 1)] * 3, 7, rng=2, batched=True)
    points, scores = vs.search_points(r)
    assert points.shape == (7, 3) and scores.shape == (7,)
    for k, (p, s) in enumerate(r.history):
        assert np.array_equal(points[k], p) and scores[k] == s


def test_search_points_rejects_what_is_not_a_search_result():
    with pytest.raises(TypeError, match="search_points: result must be a SearchResult"):
        vs.search_points([(np.zeros(2), 1.0)])
    empty = random_search(sphere, [(-1, 1)], 1, rng=0, batched=True)
    empty.history = []
    with pytest.raises(ValueError, match="search_points: result.history is empty"):
        vs.search_points(empty)


# ─── plot_designs, plot_projections ───────────────────────────────────────────────────────

def test_designs_draw_every_evaluated_point_the_best_and_the_optimum():
    grid = grid_search(sphere, [np.linspace(-1, 1, 3)] * 2, batched=True)
    darts = random_search(sphere, [(-1, 1)] * 2, 9, rng=0, batched=True)
    axes = viz.plot_designs(sphere, [grid, darts], ["grid", "darts"], (-1, 1), (-1, 1),
                            optimum=[0, 0], batched=True, resolution=20)
    assert [ax.get_title() for ax in axes] == ["grid", "darts"]
    for ax, r in zip(axes, [grid, darts]):
        dots = [line for line in ax.get_lines() if line.get_label() == "evaluated points"]
        assert len(dots) == 1
        xy = np.column_stack([dots[0].get_xdata(), dots[0].get_ydata()])
        assert np.array_equal(xy, vs.search_points(r)[0])
        star, = marks(ax, "*")
        assert np.allclose([star.get_xdata()[0], star.get_ydata()[0]], r.best)
        cross, = marks(ax, "X")
        assert (cross.get_xdata()[0], cross.get_ydata()[0]) == (0.0, 0.0)
    fig = axes[0].figure
    assert fig.get_figwidth() <= viz.BASE_WIDTH and len(fig.legends) == 1


def test_designs_need_one_title_per_result_and_matching_axes():
    r = random_search(sphere, [(-1, 1)] * 2, 4, rng=0, batched=True)
    with pytest.raises(ValueError, match="plot_designs: got 1 results but 2 titles"):
        viz.plot_designs(sphere, [r], ["a", "b"], (-1, 1), (-1, 1), batched=True)
    with pytest.raises(ValueError, match="plot_designs: results is empty"):
        viz.plot_designs(sphere, [], [], (-1, 1), (-1, 1), batched=True)
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match=r"plot_designs: axes holds 3 axes; expected 1"):
        viz.plot_designs(sphere, [r], ["a"], (-1, 1), (-1, 1), batched=True, axes=axes)


def test_projections_put_a_tick_at_every_tried_value_of_the_first_parameter():
    def well(u):
        return -np.exp(-(u - 0.6) ** 2 / 0.18)

    def f(P):
        return well(P[:, 0]) + 0.01 * P[:, 1] ** 2

    grid = grid_search(f, [np.linspace(-2.4, 2.4, 5)] * 2, batched=True)
    darts = random_search(f, [(-3, 3)] * 2, 25, rng=0, batched=True)
    axes = viz.plot_projections(f, well, [grid, darts], ["grid", "darts"], (-3, 3), (-3, 3),
                                resolution=20)
    assert axes.shape == (2, 2)
    for col, r in enumerate([grid, darts]):
        ticks, = marks(axes[1, col], "|")
        tried = vs.search_points(r)[0][:, 0]
        assert np.array_equal(ticks.get_xdata(), tried)
        assert np.allclose(ticks.get_ydata(), well(tried))
        star, = marks(axes[1, col], "*")
        assert star.get_xdata()[0] == r.best[0]
    # the grid repeats 5 values of w1; the darts try 25 different ones
    assert np.unique(marks(axes[1, 0], "|")[0].get_xdata()).size == 5
    assert np.unique(marks(axes[1, 1], "|")[0].get_xdata()).size == 25


def test_projections_reject_a_loss_along_w1_that_is_not_callable():
    r = random_search(sphere, [(-1, 1)] * 2, 4, rng=0, batched=True)
    with pytest.raises(TypeError, match="plot_projections: along"):
        viz.plot_projections(sphere, 3.0, [r], ["a"], (-1, 1), (-1, 1))


# ─── darts ────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_a_hit_is_a_dart_within_euclidean_distance_r_over_all_coordinates(ax, layout):
    darts = np.random.default_rng(5).uniform(-1, 1, size=(400, 6))
    oracle = int(sum(np.sqrt(sum(x * x for x in row)) <= 0.9 for row in darts.tolist()))
    hits = viz.plot_darts(ax, layouts(darts)[layout], radius=0.9)
    assert hits == oracle
    hit, = [line for line in ax.get_lines() if line.get_label() == "hit"]
    assert len(hit.get_xdata()) == oracle
    assert ax.get_title() == f"D = 6\n{oracle} hits of 400"


def test_a_dart_inside_the_circle_in_every_coordinate_pair_can_still_miss(ax):
    # each coordinate is 0.6 (well inside [-1, 1]), but the distance is 0.6·√3 ≈ 1.04 > 1
    assert viz.plot_darts(ax, [[0.6, 0.6, 0.6]]) == 0
    assert viz.plot_darts(ax, [[0.6, 0.6, 0.5]]) == 1            # 0.36 + 0.36 + 0.25 ≤ 1
    assert ax.get_title().startswith("D = 3\n1 hit of 1")


def test_darts_title_names_the_expected_hits_and_the_legend_is_optional(ax):
    viz.plot_darts(ax, np.zeros((3, 2)), expected=2.5, legend=True)
    assert ax.get_title() == "D = 2\n3 hits of 3 (expected 2.5)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["miss", "hit"]


def test_darts_need_two_coordinates_at_least(ax):
    with pytest.raises(ValueError, match=r"plot_darts: darts has shape \(5, 1\)"):
        viz.plot_darts(ax, np.zeros((5, 1)))
    with pytest.raises(ValueError, match="plot_darts: darts must be 2-D"):
        viz.plot_darts(ax, np.zeros(5))


def test_hit_probability_draws_the_formula_the_measurements_and_the_highlight(ax):
    def p(D):
        return 0.5 ** D

    viz.plot_hit_probability(ax, p, 12, measured={1: 0.49, 2: 0.26}, n_darts=200_000,
                             highlight=4)
    formula, measured, ring = ax.get_lines()
    assert np.allclose(formula.get_ydata(), 0.5 ** np.arange(1, 13))
    assert list(measured.get_xdata()) == [1, 2] and "200\u2009000" in measured.get_label()
    assert ring.get_ydata()[0] == p(4) and ax.get_yscale() == "log"
    with pytest.raises(TypeError, match="plot_hit_probability: p"):
        viz.plot_hit_probability(ax, 0.5, 12)


def test_darts_slider_has_a_frame_per_dimension_with_alt_text():
    slider = viz.darts_slider(lambda D: 0.5 ** D, [2, 4, 8], 50, rng=1, alt="Darts.")
    assert slider.labels == ["D = 2", "D = 4", "D = 8"] and len(slider.frames) == 3
    assert slider.alt == "Darts."
    with pytest.raises(ValueError, match="darts_slider: dims"):
        viz.darts_slider(lambda D: 0.5 ** D, [1, 2], 50, alt="Darts.")


def test_darts_slider_frames_count_the_hits_of_their_own_dimension(monkeypatch):
    seen = {}
    monkeypatch.setattr(vs, "frame_slider", lambda fig, draw, values, **kw:
                        seen.update(fig=fig, draw=draw, values=values))
    vs.darts_slider(lambda D: 0.5 ** D, [2, 6], 300, rng=7, alt="Darts.")
    gen = np.random.default_rng(7)
    oracle = {d: int(((gen.uniform(-1, 1, size=(300, d)) ** 2).sum(axis=1) <= 1).sum())
              for d in [2, 6]}
    left, right = seen["fig"].axes
    for d in [6, 2]:
        seen["draw"](d)
        hit, = [line for line in left.get_lines() if line.get_label() == "hit"]
        assert len(hit.get_xdata()) == oracle[d]
        assert left.get_title().startswith(f"D = {d}\n{oracle[d]} hits of 300")
        ring, = [line for line in right.get_lines() if line.get_label() == "this frame's D"]
        assert ring.get_xdata()[0] == d and ring.get_ydata()[0] == 0.5 ** d


# ─── equal budget ─────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_budget_curves_are_medians_with_quartile_bands(ax, layout):
    runs = np.minimum.accumulate(np.random.default_rng(3).random((7, 20)), axis=1)
    grid = np.array([0.3, 0.1, 0.2, 0.4])
    viz.plot_budget_curves(ax, {"random": layouts(runs)[layout]}, grid=grid, switch=5,
                           title="t")
    median = [line for line in ax.get_lines() if line.get_label() == "random"][0]
    assert np.allclose(median.get_xdata(), np.arange(1, 21))
    assert np.allclose(median.get_ydata(), np.median(runs, axis=0))
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    lo, hi = np.percentile(runs, [25, 75], axis=0)
    assert np.isclose(band.min(), lo.min()) and np.isclose(band.max(), hi.max())
    square = [line for line in ax.get_lines() if line.get_marker() == "s"][0]
    assert square.get_ydata()[0] == np.median(grid)
    assert any(np.allclose(line.get_xdata(), 5) for line in ax.get_lines())
    assert ax.get_yscale() == "log" and ax.get_title() == "t"


def test_budget_curves_need_runs_of_one_length(ax):
    with pytest.raises(ValueError, match=r"curves\['b'\] has 3 evaluations per run; "
                                         "expected 4"):
        viz.plot_budget_curves(ax, {"a": np.ones((2, 4)), "b": np.ones((2, 3))})
    with pytest.raises(ValueError, match="plot_budget_curves: curves is empty"):
        viz.plot_budget_curves(ax, {})


# ─── walks ────────────────────────────────────────────────────────────────────────────────

def captured_walk_slider(monkeypatch, *args, **kwargs):
    """walk_slider's figure and draw function, without rendering the frames."""
    seen = {}

    def fake(fig, draw, values, **kw):
        seen.update(fig=fig, draw=draw, values=values, **kw)
        return "slider"

    monkeypatch.setattr(vs, "frame_slider", fake)
    assert vs.walk_slider(*args, **kwargs) == "slider"
    return seen


def test_walks_are_drawn_up_to_each_step_with_a_halo_and_the_loss_beside(monkeypatch):
    walk = np.array([[1.0, 1.0], [0.5, 0.8], [0.1, 0.2], [0.0, 0.1]])
    other = walk[::-1].copy()
    seen = captured_walk_slider(monkeypatch, sphere, {"a": walk, "b": other}, [0, 2],
                                xlim=(-1, 1), ylim=(-1, 1), temperatures=[3.0, 2.0, 1.0],
                                alt="Two walks.")
    assert seen["values"] == [0, 2] and seen["alt"] == "Two walks."
    fig = seen["fig"]
    ax, curve = fig.axes
    seen["draw"](2)
    paths = [line for line in ax.get_lines() if line.get_path_effects()]
    assert len(paths) == 2                          # each walk has its white halo
    assert np.array_equal(paths[0].get_xdata(), walk[:3, 0])
    assert np.array_equal(paths[1].get_ydata(), other[:3, 1])
    traces = {line.get_label(): line for line in curve.get_lines()}
    assert np.allclose(traces["a"].get_ydata(), sphere(walk[:3]))
    assert fig._suptitle.get_text() == "step 2, temperature T = 1"
    seen["draw"](3)                                 # past the temperatures: the last one
    assert fig._suptitle.get_text() == "step 3, temperature T = 1"
    colours = {line.get_color() for line in paths}
    assert colours == {viz.PALETTE[0], viz.PALETTE[5]}     # blue and vermillion


def test_walk_slider_renders_its_frames_with_alt_text():
    walk = np.array([[1.0, 1.0], [0.5, 0.8], [0.1, 0.2]])
    slider = viz.walk_slider(sphere, {"walk": walk}, [0, 1, 2], xlim=(-1, 1), ylim=(-1, 1),
                             alt="A walk to the centre.")
    assert slider.labels == ["step 0", "step 1", "step 2"] and slider.alt


def test_walk_slider_rejects_steps_beyond_the_walks_and_bad_walks():
    walk = np.zeros((3, 2))
    with pytest.raises(ValueError, match="walk_slider: steps is .*expected steps from 0 "
                                         "to 2"):
        viz.walk_slider(sphere, {"w": walk}, [0, 3], xlim=(-1, 1), ylim=(-1, 1), alt="x")
    with pytest.raises(ValueError, match=r"walk_slider: walks\['w'\] has shape \(3, 3\)"):
        viz.walk_slider(sphere, {"w": np.zeros((3, 3))}, [0], xlim=(-1, 1), ylim=(-1, 1),
                        alt="x")
    with pytest.raises(ValueError, match="walk_slider: walks is empty"):
        viz.walk_slider(sphere, {}, [0], xlim=(-1, 1), ylim=(-1, 1), alt="x")


# ─── hyperparameter trials ────────────────────────────────────────────────────────────────

def test_trials_colour_each_finite_trial_and_cross_the_diverged_ones():
    def error(h):
        return float("nan") if h[0] > 0.7 else 0.5 * h[0] + 0.1 * h[1]

    r = random_search(error, [(0, 1), (0, 1)], 20, rng=4)
    axes = viz.plot_trials([r], ["trials"], xlabel="a", ylabel="b")
    ax = axes[0]
    points, scores = vs.search_points(r)
    ok = np.isfinite(scores)
    dots = ax.collections[0]
    assert np.allclose(dots.get_offsets(), points[ok])
    assert np.allclose(dots.get_array(), 1 - scores[ok])
    cross, = marks(ax, "x")
    assert np.allclose(cross.get_xdata(), points[~ok, 0]) and (~ok).sum() > 0
    star, = marks(ax, "*")
    assert star.get_xdata()[0] == r.best[0]
    assert len(ax.figure.axes) == 2                 # the panel and one colour bar
    assert ax.get_xlabel() == "a" and ax.get_ylabel() == "b"


def test_trials_reject_a_colour_value_that_is_not_callable():
    r = random_search(sphere, [(-1, 1)] * 2, 4, rng=0, batched=True)
    with pytest.raises(TypeError, match="plot_trials: value"):
        viz.plot_trials([r], ["a"], xlabel="a", ylabel="b", value=1.0)
