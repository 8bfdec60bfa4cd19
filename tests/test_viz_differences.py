"""bplib.viz.differences: the error-vs-ε and secant figures draw what they say, and reject
input that cannot be drawn on a log axis with a message naming the argument."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib.viz.differences import plot_error_vs_eps, plot_secants


def test_error_plot_draws_one_line_per_method_on_log_axes_and_marks_each_minimum(ax):
    eps = np.logspace(-12, 0, 25)
    errors = {"forward": eps / 2 + 1e-16 / eps, "central": eps ** 2 / 6 + 1e-16 / eps}
    plot_error_vs_eps(ax, eps, errors, guides={"√u": 1.5e-8}, title="t")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert "forward" in labels and "central" in labels
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 2
    best_forward = eps[np.argmin(errors["forward"])]
    assert any(np.isclose(s.get_xdata()[0], best_forward) for s in stars)
    assert [t.get_text() for t in ax.texts] == ["√u"]
    assert ax.get_legend() is not None and ax.get_title() == "t"


def test_error_plot_draws_exact_zeros_at_the_floor(ax):
    eps = np.array([1e-3, 1e-2])
    plot_error_vs_eps(ax, eps, {"exact": np.zeros(2)}, floor=1e-18, mark_best=False)
    assert np.allclose(ax.get_lines()[0].get_ydata(), 1e-18)


def test_error_plot_styles_follow_first_style(ax):
    from bplib.viz import line_style
    eps = np.array([1e-3, 1e-2])
    plot_error_vs_eps(ax, eps, {"central": eps}, first_style=1, mark_best=False)
    assert ax.get_lines()[0].get_color() == line_style(1)["color"]


def test_error_plot_marks_the_chosen_step_with_a_black_line(ax):
    eps = np.logspace(-8, 0, 9)
    plot_error_vs_eps(ax, eps, {"forward": eps}, mark_best=False, at=1e-5)
    marks = [line for line in ax.get_lines() if line.get_color() == "black"]
    assert len(marks) == 1 and marks[0].get_xdata()[0] == 1e-5
    with pytest.raises(ValueError, match="plot_error_vs_eps: at must be > 0"):
        plot_error_vs_eps(ax, eps, {"forward": eps}, at=0.0)


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_error_plot_draws_the_same_curve_from_any_memory_layout(layout):
    eps = np.logspace(-12, 0, 13)
    err = eps / 2 + 1e-16 / eps
    shown = {"C": err, "F": np.asfortranarray(err), "strided": np.repeat(err, 2)[::2]}[layout]
    fig, ax = plt.subplots()
    plot_error_vs_eps(ax, np.repeat(eps, 3)[::3], {"forward": shown}, mark_best=False)
    assert np.allclose(ax.get_lines()[0].get_ydata(), err)
    assert np.allclose(ax.get_lines()[0].get_xdata(), eps)
    plt.close(fig)


def test_error_plot_rejects_a_non_positive_step_and_mismatched_lengths(ax):
    with pytest.raises(ValueError, match="eps must hold steps > 0"):
        plot_error_vs_eps(ax, np.array([0.0, 1.0]), {"a": np.ones(2)})
    with pytest.raises(ValueError, match=r"errors\['a'\] has shape \(3,\)"):
        plot_error_vs_eps(ax, np.array([1e-3, 1.0]), {"a": np.ones(3)})


def test_secant_slopes_are_the_difference_quotients(ax):
    slopes = plot_secants(ax, lambda x: x ** 3, 1.0, 0.1, df=lambda x: 3 * x ** 2)
    assert np.isclose(slopes["forward"], 3.31)
    assert np.isclose(slopes["central"], 3.01)
    assert slopes["tangent"] == 3.0
    assert len(ax.get_lines()) == 5        # curve, tangent, two secants, the points


def test_secants_without_a_derivative_draw_no_tangent(ax):
    slopes = plot_secants(ax, np.sin, 0.5, 0.2)
    assert "tangent" not in slopes and len(ax.get_lines()) == 4


def test_secants_reject_a_non_positive_step(ax):
    with pytest.raises(ValueError, match="eps"):
        plot_secants(ax, np.sin, 0.5, 0.0)
