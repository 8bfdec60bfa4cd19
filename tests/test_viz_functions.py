"""bplib.viz.functions: the forward/backward panels show what the Function computes, the
tangent check runs gradcheck (passes away from ReLU's kink, fails within ε of it), the slider
names each frame's verdict, and bad input is rejected with a message naming the argument."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib.viz.functions import (plot_forward_backward, plot_tangent_check, tangent_check,
                                 tangent_slider)

relu = lambda t: t.relu()          # noqa: E731


@pytest.mark.parametrize("x, slope, central, passed", [
    (-1.0, 0.0, 0.0, True), (-5e-7, 0.0, 0.25, False), (0.0, 0.0, 0.5, False),
    (5e-7, 1.0, 0.75, False), (1.0, 1.0, 1.0, True)])
def test_tangent_check_of_relu_fails_only_within_eps_of_the_kink(x, slope, central, passed):
    check = tangent_check(relu, x)
    assert check.slope == slope and np.isclose(check.central, central, atol=1e-6)
    assert check.passed is passed and check.eps == 1e-6
    assert check.verdict == ("gradcheck passes" if passed else "gradcheck fails")


def test_tangent_check_of_a_smooth_function_passes_and_matches_its_derivative():
    check = tangent_check(lambda t: t.sigmoid(), 0.5)
    s = 1 / (1 + np.exp(-0.5))
    assert check.passed and np.isclose(check.slope, s * (1 - s))
    assert np.isclose(check.value, s)


def test_forward_backward_panels_hold_the_values_and_the_derivatives():
    fig, axes = plt.subplots(1, 2)
    xs = np.linspace(-2, 2, 9)
    curves = plot_forward_backward(axes, {"ReLU": relu, "Exp": lambda t: t.exp()}, xs,
                                   ylims={"Exp": (0, 3)})
    assert np.array_equal(curves["ReLU"][1], (xs > 0).astype(float))
    assert np.allclose(curves["Exp"][0], curves["Exp"][1])
    assert [ax.get_title() for ax in axes] == ["ReLU", "Exp"]
    assert axes[1].get_ylim() == (0, 3) and axes[0].get_legend() is not None
    assert len(axes[0].get_lines()) == 2
    plt.close(fig)


def test_plot_tangent_check_draws_both_panels_with_the_verdict():
    fig, axes = plt.subplots(1, 2)
    check = plot_tangent_check(axes, relu, 0.0, name="ReLU")
    assert not check.passed
    assert "gradcheck fails" in axes[1].get_title() and axes[0].get_title() == "x = 0"
    texts = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert texts == ["central difference: 0.5"]
    plt.close(fig)


def test_tangent_slider_names_each_frame_with_its_verdict():
    slider = tangent_slider(relu, [-1.0, 0.0, 1.0], name="ReLU", alt="ReLU's tangent.")
    assert len(slider.frames) == 3 and slider.alt == "ReLU's tangent."
    assert [label.rsplit(": ", 1)[1] for label in slider.labels] == [
        "gradcheck passes", "gradcheck fails", "gradcheck passes"]


def test_bad_input_is_rejected_with_the_argument_named():
    with pytest.raises(TypeError, match="fn"):
        tangent_check(3.0, 0.0)
    with pytest.raises(ValueError, match="eps"):
        tangent_check(relu, 0.0, eps=0.0)
    with pytest.raises(ValueError, match="elementwise"):
        tangent_check(lambda t: t.sum(), 0.0)
    fig, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match="two axes"):
        plot_tangent_check(axes, relu, 0.0)
    with pytest.raises(ValueError, match="one axes per function"):
        plot_forward_backward(axes, {"ReLU": relu}, [0.0, 1.0])
    plt.close(fig)
