"""bplib.viz.schedules: the figures of chapter 05 draw what they say (the rates of each
schedule, the losses and their floors, one dot per run, the range test's marks, every point a
search tried), every series stays apart from the others by colour, dash pattern and marker,
legends stay inside or below the axes, and bad input is refused with a message naming the
function and the argument."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib import schedules
from bplib.search import SearchResult, random_search
from bplib.viz.schedules import (SCHEDULE_STYLES, plot_loss_curves, plot_range_test,
                                 plot_run_cloud, plot_schedules, plot_search_stages,
                                 schedule_style)

PALE = {"#56B4E9", "#F0E442"}      # sky blue and yellow: hard to see as thin lines


def five_schedules(T=200):
    return {"constant": schedules.constant(1.0),
            "step": schedules.step_decay(1.0, step_size=T // 4, gamma=0.3),
            "exponential": schedules.exponential_decay(1.0, gamma=0.01 ** (1 / T)),
            "cosine": schedules.cosine_decay(1.0, T),
            "warm-up + cosine": schedules.warmup_cosine(1.0, warmup=T // 10, T=T)}


def legend_is_below_or_inside(ax):
    """The legend's box is inside the axes, or below them; never to their right."""
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    axes = ax.get_window_extent()
    inside = (legend.x0 >= axes.x0 - 1 and legend.x1 <= axes.x1 + 1
              and legend.y0 >= axes.y0 - 1 and legend.y1 <= axes.y1 + 1)
    below = legend.y1 <= axes.y0 and legend.x1 <= fig.bbox.x1 + 1
    return inside or below, below


# ─── styles ───────────────────────────────────────────────────────────────────────────────

def test_every_series_differs_from_every_other_in_colour_dash_and_marker():
    colours, dashes, markers = zip(*SCHEDULE_STYLES)
    assert len(set(colours)) == len(set(map(str, dashes))) == len(set(markers)) \
        == len(SCHEDULE_STYLES) >= 6
    assert not PALE & set(colours)


def test_markers_of_neighbouring_series_are_staggered():
    spots = [schedule_style(k, n=201)["markevery"] for k in range(6)]
    starts, every = zip(*spots)
    assert len(set(every)) == 1 and every[0] == 201 // 8
    assert len(set(starts)) == 6


def test_style_repeats_after_the_last_series_and_refuses_a_negative_index():
    assert schedule_style(0)["color"] == schedule_style(len(SCHEDULE_STYLES))["color"]
    with pytest.raises(ValueError, match="schedule_style: k must be >= 0"):
        schedule_style(-1)


# ─── plot_schedules ───────────────────────────────────────────────────────────────────────

def test_schedules_are_drawn_at_their_rates_for_every_step(ax):
    sets = five_schedules()
    rates = plot_schedules(ax, sets, T=200, title="t")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(sets)
    for line, (name, schedule) in zip(lines, sets.items()):
        expected = [schedule(t) for t in range(201)]
        assert np.allclose(line.get_ydata(), expected)
        assert np.array_equal(rates[name], expected)
        assert np.array_equal(line.get_xdata(), np.arange(201))
    notes = 0.5 * (1 + np.cos(np.arange(201) * np.pi / 200))
    assert np.allclose(rates["cosine"], notes)        # the notes' formula
    assert ax.get_title() == "t" and ax.get_ylim()[0] == 0


def test_cosine_and_warm_up_cosine_differ_in_colour_dash_and_marker(ax):
    plot_schedules(ax, five_schedules(), T=200)
    lines = {line.get_label(): line for line in ax.get_lines()}
    a, b = lines["cosine"], lines["warm-up + cosine"]
    assert a.get_color() != b.get_color()
    assert a._unscaled_dash_pattern != b._unscaled_dash_pattern      # the dash pattern
    assert a.get_marker() != b.get_marker()
    assert not PALE & {line.get_color() for line in lines.values()}


def test_schedule_legend_goes_below_by_default_and_inside_on_request():
    for where, want_below in (("below", True), ("inside", False)):
        fig, ax = plt.subplots()
        plot_schedules(ax, five_schedules(), T=200, legend=where)
        ok, below = legend_is_below_or_inside(ax)
        assert ok and below == want_below
        plt.close(fig)
    fig, ax = plt.subplots()
    plot_schedules(ax, five_schedules(), T=200, legend="none")
    assert ax.get_legend() is None
    plt.close(fig)


def test_schedules_refuse_bad_input_naming_the_argument(ax):
    with pytest.raises(ValueError, match="plot_schedules: schedules is empty"):
        plot_schedules(ax, {}, T=10)
    with pytest.raises(TypeError, match=r"plot_schedules: schedules\['x'\] must be callable"):
        plot_schedules(ax, {"x": 0.1}, T=10)
    with pytest.raises(ValueError, match="plot_schedules: T must be >= 1"):
        plot_schedules(ax, five_schedules(), T=0)
    with pytest.raises(ValueError, match="plot_schedules: legend must be one of"):
        plot_schedules(ax, five_schedules(), T=10, legend="right")
    with pytest.raises(ValueError, match=r"the rates of schedules\['bad'\] must be finite"):
        plot_schedules(ax, {"bad": lambda t: float("nan")}, T=3)


# ─── plot_loss_curves ─────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_loss_curves_draw_each_curve_and_its_floor_on_a_log_scale(layout):
    base = 0.05 + np.exp(-np.arange(100) / 10)
    curve = {"C": np.ascontiguousarray(base),
             "F": np.asfortranarray(base),
             "strided": np.repeat(base, 2)[::2]}[layout]
    fig, ax = plt.subplots()
    plot_loss_curves(ax, {"a": curve, "b": 2 * curve}, floors={"a": 0.05}, title="t")
    assert ax.get_yscale() == "log" and ax.get_title() == "t"
    lines = ax.get_lines()
    assert np.allclose(lines[0].get_ydata(), base) and np.allclose(lines[2].get_ydata(),
                                                                  2 * base)
    floor = lines[1]
    assert np.allclose(floor.get_ydata(), 0.05) and floor.get_zorder() > lines[0].get_zorder()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b", "predicted floor"]
    assert legend_is_below_or_inside(ax) == (True, True)
    plt.close(fig)


def test_loss_curves_take_the_steps_they_were_measured_at(ax):
    steps = np.arange(0, 201, 10)
    plot_loss_curves(ax, {"a": np.linspace(1, 0.1, 21)}, steps=steps, ylim=(0.01, 2),
                     legend="inside")
    assert np.array_equal(ax.get_lines()[0].get_xdata(), steps)
    assert np.allclose(ax.get_ylim(), (0.01, 2))


def test_loss_curves_refuse_what_a_log_scale_cannot_show(ax):
    with pytest.raises(ValueError, match=r"curves\['a'\] must be > 0 on a log scale; "
                                         r"got 0 at index 2"):
        plot_loss_curves(ax, {"a": [1.0, 0.5, 0.0]})
    with pytest.raises(ValueError, match=r"floors has the label 'b', which is not in curves"):
        plot_loss_curves(ax, {"a": [1.0, 0.5]}, floors={"b": 0.1})
    with pytest.raises(ValueError, match=r"curves\['a'\] has 2 values but steps has 3"):
        plot_loss_curves(ax, {"a": [1.0, 0.5]}, steps=[0, 1, 2])
    with pytest.raises(ValueError, match=r"floors\['a'\] must be > 0"):
        plot_loss_curves(ax, {"a": [1.0, 0.5]}, floors={"a": -1.0})
    with pytest.raises(ValueError, match="plot_loss_curves: curves is empty"):
        plot_loss_curves(ax, {})


# ─── plot_run_cloud ───────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_run_cloud_draws_one_dot_per_run_where_it_ended(layout):
    points = np.random.default_rng(0).normal(scale=0.3, size=(50, 2))
    shown = {"C": points, "F": np.asfortranarray(points),
             "strided": np.repeat(points, 2, axis=0)[::2]}[layout]
    fig, ax = plt.subplots()
    plot_run_cloud(ax, shown, mu=[1.0, 4.0], box=1.2, title="cloud")
    dots = ax.collections[-1]
    assert np.allclose(dots.get_offsets(), points)
    assert ax.get_xlim() == (-1.2, 1.2) and ax.get_ylim() == (-1.2, 1.2)
    assert ax.get_aspect() == 1.0 and ax.get_title() == "cloud"
    plt.close(fig)


def test_run_cloud_refuses_runs_in_columns_and_bad_eigenvalues(ax):
    with pytest.raises(ValueError, match=r"points must have shape \(K, 2\).*run\.final\.T"):
        plot_run_cloud(ax, np.zeros((2, 50)), mu=[1.0, 4.0])
    with pytest.raises(ValueError, match="plot_run_cloud: mu must hold 2 eigenvalues > 0"):
        plot_run_cloud(ax, np.zeros((5, 2)), mu=[1.0, 0.0])
    with pytest.raises(ValueError, match="plot_run_cloud: box must be > 0"):
        plot_run_cloud(ax, np.zeros((5, 2)), mu=[1.0, 4.0], box=0)


# ─── plot_range_test ──────────────────────────────────────────────────────────────────────

def test_range_test_draws_the_losses_and_marks_the_suggested_rates(ax):
    lrs = np.geomspace(1e-3, 1e2, 60)
    loss = 1 / (1 + lrs) + lrs ** 2 / 100
    loss[-1] = np.nan                                      # a diverged last step is allowed
    plot_range_test(ax, lrs, loss, loss * 1.01, marks={"steepest fall": 0.2,
                                                       "lowest loss": 1.2}, ylim=(0, 3))
    assert ax.get_xscale() == "log" and ax.get_ylim() == (0, 3)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["batch loss", "smoothed", "steepest fall, α ≈ 0.20",
                      "lowest loss, α ≈ 1.20"]
    marks = ax.get_lines()[2:]
    assert [m.get_xdata()[0] for m in marks] == [0.2, 1.2]
    assert marks[0].get_color() != marks[1].get_color()
    assert legend_is_below_or_inside(ax) == (True, False)


def test_range_test_refuses_rates_a_log_axis_cannot_show(ax):
    with pytest.raises(ValueError, match="plot_range_test: lrs must hold rates > 0"):
        plot_range_test(ax, [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"losses has shape \(3,\) but lrs has shape \(2,\)"):
        plot_range_test(ax, [0.1, 1.0], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"marks\['x'\] must be > 0"):
        plot_range_test(ax, [0.1, 1.0], [1.0, 1.0], marks={"x": -1})


# ─── plot_search_stages ───────────────────────────────────────────────────────────────────

def test_search_stages_draw_every_finite_score_at_its_rate(ax):
    coarse = random_search(lambda p: 1 + (p[0] - 0.5) ** 2, [(-3, 2)], n_iters=8, rng=0)
    fine = SearchResult(best=np.array([0.0]), best_score=1.0, n_evals=3,
                        history=[(np.array([0.0]), 1.0), (np.array([0.3]), 1.2),
                                 (np.array([2.0]), np.inf)])       # a diverged run
    drawn = plot_search_stages(ax, {"coarse": coarse, "fine": fine}, mark=1.5, title="t")
    assert drawn == {"coarse": 8, "fine": 2}
    offsets = ax.collections[1].get_offsets()
    assert np.allclose(offsets, [[1.0, 1.0], [10 ** 0.3, 1.2]])
    first = ax.collections[0].get_offsets()
    assert np.allclose(first[:, 0], [10 ** p[0] for p, _ in coarse.history])
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_title() == "t"
    assert legend_is_below_or_inside(ax)[0]


def test_search_stages_refuse_other_objects_and_searches_over_two_variables(ax):
    two = random_search(lambda p: float(p @ p), [(-1, 1), (-1, 1)], n_iters=2, rng=0)
    with pytest.raises(ValueError, match="searched 2 variables; expected a search over one"):
        plot_search_stages(ax, {"two": two})
    with pytest.raises(TypeError, match=r"stages\['x'\] must be a search result"):
        plot_search_stages(ax, {"x": [1, 2]})
    with pytest.raises(ValueError, match="plot_search_stages: stages is empty"):
        plot_search_stages(ax, {})
