"""bplib.viz.descent: chapter 04's figures draw what their captions say (arrows that start on
contour lines and meet them at right angles, runs cut where they leave the plot, the four
regimes named alike everywhere, the factor bands at ½/μ_max, 1/μ_max and 2/μ_max), accept
C-order, F-order and strided arrays alike, and reject input they cannot draw with a message
naming the function and the argument."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib import viz
from bplib.optim import gradient_descent
from bplib.viz import descent
from bplib.viz.style import line_style

A = np.diag([1.0, 10.0])


def quad(w):
    w = np.asarray(w, dtype=float)
    return 0.5 * float(w @ A @ w), A @ w


def quad_batch(P):
    return 0.5 * np.einsum("mi,ij,mj->m", P, A, P)


def run_at(lr, steps=30, w0=(-2.0, 0.5)):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return gradient_descent(quad, np.array(w0), lr=lr, steps=steps)


def layouts(a):
    """The same values as a C-order, an F-order and a strided array."""
    a = np.asarray(a, dtype=float)
    wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1],)) if a.ndim else a
    wide[..., ::2] = a
    return [np.ascontiguousarray(a), np.asfortranarray(a), wide[..., ::2]]


# ─── regime ────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("x, name", [(0.0, "too small"), (0.49, "too small"), (0.5, "good"),
                                     (1.0, "good"), (1.01, "oscillating"),
                                     (1.99, "oscillating"), (2.0, "divergent"),
                                     (5.0, "divergent")])
def test_regime_names_alpha_mu_max_by_its_band(x, name):
    assert descent.regime(x / 10.0, 10.0) == name
    assert name in viz.REGIMES


def test_regime_rejects_a_negative_rate_and_a_non_positive_eigenvalue():
    with pytest.raises(ValueError, match="regime: lr must be >= 0"):
        descent.regime(-0.1, 10.0)
    with pytest.raises(ValueError, match="regime: mu_max must be > 0"):
        descent.regime(0.1, 0.0)


# ─── plot_gradient_field ───────────────────────────────────────────────────────────────────

def ellipse(w):
    return w[0] ** 2 + 4 * w[1] ** 2


def ellipse_grad(w):
    return np.array([2 * w[0], 8 * w[1]])


def test_gradient_field_arrows_start_on_contour_lines_and_meet_them_at_right_angles(ax):
    field = descent.plot_gradient_field(ax, ellipse, ellipse_grad, (-2, 2), (-1, 1))
    assert len(field.points) >= 10
    # every arrow starts on one of the drawn lines
    values = np.array([ellipse(p) for p in field.points])
    nearest = np.min(np.abs(np.log(values[:, None] / field.levels[None, :])), axis=1)
    assert nearest.max() < 0.02
    # the arrows are the unit vectors of −∇f
    expected = -np.array([ellipse_grad(p) for p in field.points])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(field.directions, expected)
    # and cross the lines' tangents at right angles (the drawn lines, within 2°)
    cosines = np.abs(np.sum(field.directions * field.tangents, axis=1))
    assert np.degrees(np.arcsin(cosines.max())) < 2.0
    assert ax.get_aspect() == 1.0


def test_gradient_field_levels_are_log_spaced_and_batched_calls_agree(ax):
    field = descent.plot_gradient_field(ax, ellipse, ellipse_grad, (-2, 2), (-1, 1), levels=6,
                                        resolution=201)   # the grid holds w = 0
    ratios = np.diff(np.log(field.levels))      # the window's minimum of f is 0
    assert len(field.levels) == 6 and np.allclose(ratios, ratios[0])
    fig, other = plt.subplots()
    batched = descent.plot_gradient_field(
        other, lambda P: P[:, 0] ** 2 + 4 * P[:, 1] ** 2, ellipse_grad, (-2, 2), (-1, 1),
        levels=6, batched=True, resolution=201)
    plt.close(fig)
    assert np.allclose(batched.points, field.points)


def test_gradient_field_rejects_a_flat_function_and_a_zero_gradient(ax):
    with pytest.raises(ValueError, match="plot_gradient_field: the function is constant"):
        descent.plot_gradient_field(ax, lambda w: 1.0, ellipse_grad, (-1, 1), (-1, 1),
                                    resolution=10)
    with pytest.raises(ValueError, match="plot_gradient_field: grad returned a zero"):
        descent.plot_gradient_field(ax, ellipse, lambda w: np.zeros(2), (-2, 2), (-1, 1),
                                    resolution=40)
    with pytest.raises(ValueError, match="plot_gradient_field: levels must be >= 2"):
        descent.plot_gradient_field(ax, ellipse, ellipse_grad, (-2, 2), (-1, 1), levels=1)


# ─── plot_directional_rates ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", range(3))
def test_directional_rates_draw_every_rate_and_the_cosine_on_any_layout(ax, layout):
    theta = np.linspace(-180, 180, 40)
    rates = 3 * np.cos(np.radians(theta - 20))
    pair = layouts(np.stack([theta, rates]))[layout]
    descent.plot_directional_rates(ax, pair[0], pair[1], best_angle=20, norm=3)
    dots, curve = ax.get_lines()[:2]
    assert np.allclose(dots.get_ydata(), rates)
    assert np.isclose(np.max(curve.get_ydata()), 3.0)
    assert ax.get_legend() is not None


def test_directional_rates_reject_mismatched_lengths(ax):
    with pytest.raises(ValueError, match="plot_directional_rates: rates has shape"):
        descent.plot_directional_rates(ax, np.zeros(3), np.zeros(4), best_angle=0)


# ─── plot_descent ──────────────────────────────────────────────────────────────────────────

def test_descent_draws_the_path_and_the_loss_gap_from_the_minimum():
    run = run_at(0.1)
    fig = descent.plot_descent(run, quad_batch, (-2.5, 2.5), (-1, 1), minimum=[0, 0],
                               batched=True, resolution=30, title="t")
    ax1, ax2 = fig.axes
    path = [ln for ln in ax1.get_lines() if ln.get_label() == "trajectory"]
    assert len(path) == 1 and np.allclose(path[0].get_xdata(), run.params[:, 0])
    assert ax2.get_yscale() == "log"
    gap = ax2.get_lines()[0].get_ydata()
    assert np.allclose(gap[:5], run.losses[:5])           # L* = f(0) = 0
    assert ax1.get_title() == "t" and ax1.get_legend() is not None
    plt.close(fig)


def test_descent_cuts_a_divergent_path_where_it_leaves_the_window():
    run = run_at(0.21, steps=60)
    fig = descent.plot_descent(run, quad_batch, (-2.5, 2.5), (-2.5, 2.5), resolution=20,
                               batched=True, legend=False)
    ax1 = fig.axes[0]
    inside = np.all(np.abs(run.params) <= 2.5, axis=1)
    left = int(np.flatnonzero(~inside)[0])
    path = ax1.get_lines()[1]            # after the white outline
    assert len(path.get_xdata()) == left + 1
    assert f"leaves the plot at step {left}" in [t.get_text() for t in ax1.texts]
    plt.close(fig)


def test_descent_rejects_a_run_in_three_dimensions():
    class Run:
        params = np.zeros((3, 3))
        losses = np.zeros(3)
    with pytest.raises(ValueError, match="plot_descent: run has params of shape"):
        descent.plot_descent(Run(), quad_batch, (-1, 1), (-1, 1))


# ─── plot_factors ──────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", range(3))
def test_factor_lines_are_abs_one_minus_alpha_mu_on_the_regime_bands(ax, layout):
    alphas = np.linspace(0, 0.25, 26)
    mu = layouts(np.array([[10.0, 1.0]]))[layout][0]
    descent.plot_factors(ax, alphas, mu)
    lines = ax.get_lines()
    assert np.allclose(lines[0].get_ydata(), np.abs(1 - alphas * 1.0))   # sorted: μ = 1
    assert np.allclose(lines[1].get_ydata(), np.abs(1 - alphas * 10.0))
    spans = set()
    for patch in ax.patches:            # axvspan: a Rectangle (or a Polygon before 3.9)
        xs = ([patch.get_x(), patch.get_x() + patch.get_width()] if hasattr(patch, "get_x")
              else patch.get_xy()[:, 0])
        spans |= {round(float(x), 9) for x in xs}
    assert {0.0, 0.05, 0.1, 0.2, 0.25} == spans
    assert [t.get_text() for t in ax.texts] == list(viz.REGIMES)


def test_factors_reject_a_non_positive_eigenvalue_and_decreasing_rates(ax):
    with pytest.raises(ValueError, match="plot_factors: mu must hold eigenvalues > 0"):
        descent.plot_factors(ax, [0.0, 0.1], [1.0, -2.0])
    with pytest.raises(ValueError, match="plot_factors: alphas must be increasing"):
        descent.plot_factors(ax, [0.2, 0.1], [1.0])


# ─── plot_regimes and plot_regime_losses ───────────────────────────────────────────────────

def test_regimes_title_each_run_with_its_regime_and_cut_the_divergent_one():
    runs = [run_at(lr) for lr in (0.01, 0.1, 0.19, 0.21)]
    fig = descent.plot_regimes(runs, quad_batch, (-2.5, 2.5), (-2.5, 2.5), mu_max=10,
                               batched=True, resolution=20)
    titles = [ax.get_title().split(":")[0] for ax in fig.axes]
    assert titles == list(viz.REGIMES)
    divergent = fig.axes[3]
    assert any(t.get_text().startswith("leaves the plot at step") for t in divergent.texts)
    assert not any(t.get_text().startswith("leaves") for t in fig.axes[1].texts)
    colours = [ax.get_lines()[1].get_color() for ax in fig.axes]
    assert colours[3] == line_style(5)["color"]           # divergent is vermillion
    plt.close(fig)


def test_regimes_hide_the_empty_panel_of_an_odd_count_and_reject_none():
    fig = descent.plot_regimes([run_at(lr) for lr in (0.01, 0.1, 0.19)], quad_batch,
                               (-2.5, 2.5), (-2.5, 2.5), mu_max=10, batched=True,
                               resolution=20)
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, False]
    plt.close(fig)
    with pytest.raises(ValueError, match="plot_regimes: runs is empty"):
        descent.plot_regimes([], quad_batch, (-1, 1), (-1, 1), mu_max=10)


def test_regime_losses_use_the_same_names_and_colours(ax):
    runs = [run_at(lr) for lr in (0.01, 0.21)]
    descent.plot_regime_losses(ax, runs, mu_max=10, ylim=(1e-12, 1e8))
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["too small (α = 0.01)", "divergent (α = 0.21)"]
    assert ax.get_lines()[1].get_color() == line_style(5)["color"]
    assert ax.get_yscale() == "log" and ax.get_ylim() == (1e-12, 1e8)


# ─── learning_rate_slider ──────────────────────────────────────────────────────────────────

def test_learning_rate_slider_has_one_frame_per_rate_named_by_its_regime():
    slider = descent.learning_rate_slider(quad, quad_batch, [-2.0, 0.5], [0.01, 0.1, 0.21],
                                          (-2.5, 2.5), (-2.5, 2.5), mu_max=10, steps=10,
                                          resolution=20, batched=True, alt="Three runs.")
    assert slider.labels == ["α = 0.01: too small", "α = 0.1: good",
                             "α = 0.21: divergent"]
    assert len(slider.frames) == 3 and slider.alt == "Three runs."
    assert 'alt="Three runs.' in slider.html()
    assert plt.get_fignums() == []                         # the figure was closed


# ─── plot_minibatch_curves ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", range(3))
def test_minibatch_curves_put_samples_processed_on_the_right(layout):
    t = np.arange(20)
    curves = layouts(np.stack([np.exp(-t / 5), np.exp(-t / 5) + 0.01 * np.sin(t),
                               np.exp(-t / 4)]))[layout]
    fig = descent.plot_minibatch_curves(curves[0], curves[1], curves[2], n_samples=300,
                                        batch_size=10)
    ax1, ax2 = fig.axes
    assert len(ax1.get_lines()) == 3
    full, mini = ax2.get_lines()
    assert np.allclose(full.get_xdata(), t[1:] * 300)
    assert np.allclose(mini.get_xdata(), t[1:] * 10)
    assert ax2.get_xscale() == "log" and len(fig.legends) == 1
    plt.close(fig)


def test_minibatch_curves_reject_runs_of_different_lengths():
    with pytest.raises(ValueError, match="plot_minibatch_curves: full_batch, batch_losses"):
        descent.plot_minibatch_curves(np.ones(3), np.ones(3), np.ones(4), n_samples=3,
                                      batch_size=1)


# ─── plot_excess ───────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("layout", range(3))
def test_excess_floors_round_off_and_marks_points_on_any_layout(ax, layout):
    x, y = layouts(np.array([[1.0, 2.0, 5.0], [0.5, -1e-18, 2.0]]))[layout]
    descent.plot_excess(ax, {"gd": (x, y)}, xlabel="D", xscale="log", markers=True,
                        legend=False)
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata(), [0.5, 1e-16, 2.0])
    assert line.get_marker() == line_style(0)["marker"]
    assert ax.get_yscale() == "log" and ax.get_xscale() == "log" and ax.get_legend() is None


def test_excess_rejects_a_curve_that_is_not_a_pair(ax):
    with pytest.raises(TypeError, match=r"plot_excess: curves\['gd'\] must be a pair"):
        descent.plot_excess(ax, {"gd": np.ones(3)}, xlabel="D")
    with pytest.raises(ValueError, match=r"plot_excess: curves\['gd'\] has 2 x values"):
        descent.plot_excess(ax, {"gd": (np.ones(2), np.ones(3))}, xlabel="D")


# ─── contours.plot_path(outline=True) ──────────────────────────────────────────────────────

def test_plot_path_outline_is_a_white_line_under_the_path_without_a_legend_entry(ax):
    viz.plot_path(ax, [[0, 0], [1, 1]], label="run", outline=True)
    under, path = ax.get_lines()[:2]
    assert under.get_color() == "white" and under.get_zorder() < path.get_zorder()
    assert [h.get_label() for h in ax.legend().legend_handles] == ["run"]
