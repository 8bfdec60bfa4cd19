"""bplib.viz.jacobian: the Jacobian image shows every entry on a colour scale centred on 0,
the memory plot fits the growth order it is given, and bad input is rejected with a message
naming the argument."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib import jacobian
from bplib.viz.jacobian import (format_bytes, jacobian_image, plot_memory, plot_relu_jacobian,
                                relu_jacobian_slider)


def test_image_shows_the_matrix_with_a_symmetric_scale_and_a_colorbar(ax):
    J = np.diag([0.5, 0.0, -2.0])
    im = jacobian_image(ax, J, title="t")
    assert np.array_equal(im.get_array(), J)
    assert im.get_clim() == (-2.0, 2.0)            # 0 sits in the middle (white)
    assert ax.get_title() == "t" and ax.get_xlabel() == "input index j"
    assert len(ax.figure.axes) == 2                 # the axes and its colour bar


def test_image_of_relu_jacobian_has_zeros_where_the_input_is_negative(ax):
    x = np.array([-1.0, 2.0, -0.5, 3.0])
    im = jacobian_image(ax, jacobian(lambda t: t.relu(), x), colorbar=False)
    assert np.array_equal(np.diag(im.get_array()), [0.0, 1.0, 0.0, 1.0])
    assert len(ax.figure.axes) == 1


def test_image_flattens_a_tensor_jacobian_to_output_by_input(ax):
    X, W = np.ones((4, 3)), np.ones((3, 2))
    J = jacobian(lambda t: t @ W, X)                # shape (4, 2, 4, 3)
    im = jacobian_image(ax, J, colorbar=False)
    assert im.get_array().shape == (8, 12)
    im = jacobian_image(ax, np.zeros((2, 3, 5)), x_ndim=1, colorbar=False)
    assert im.get_array().shape == (6, 5)


def test_image_of_an_all_zero_matrix_and_a_given_vmax(ax):
    assert jacobian_image(ax, np.zeros((2, 2)), colorbar=False).get_clim() == (-1.0, 1.0)
    assert jacobian_image(ax, np.eye(2), vmax=0.5, colorbar=False).get_clim() == (-0.5, 0.5)


def test_image_rejects_bad_input(ax):
    with pytest.raises(TypeError, match="ax must be matplotlib Axes"):
        jacobian_image(None, np.eye(2))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        jacobian_image(ax, np.ones(3))
    with pytest.raises(ValueError, match="vmax"):
        jacobian_image(ax, np.eye(2), vmax=0.0)


def test_memory_plot_recovers_the_growth_orders_and_extrapolates(ax):
    n = np.array([100.0, 200.0, 400.0, 800.0])
    fits = plot_memory(ax, n, {"matrix": 8 * n ** 2, "vector": 16 * n}, extrapolate_to=1e6,
                       title="m")
    (p2, b2), (p1, b1) = fits["matrix"], fits["vector"]
    assert np.isclose(p2, 2.0) and np.isclose(b2, 8e12)
    assert np.isclose(p1, 1.0) and np.isclose(b1, 1.6e7)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log" and ax.get_title() == "m"
    assert sorted(t.get_text() for t in ax.texts) == ["16 MB", "8 TB"]
    assert len(ax.get_legend().get_texts()) == 4    # measured + fit, per series


def test_memory_plot_without_extrapolation_writes_no_prediction(ax):
    n = np.array([10.0, 20.0])
    plot_memory(ax, n, {"a": n})
    assert len(ax.texts) == 0


def test_memory_plot_rejects_bad_input(ax):
    n = np.array([10.0, 20.0])
    with pytest.raises(ValueError, match="at least two sizes"):
        plot_memory(ax, np.array([10.0]), {"a": [1.0]})
    with pytest.raises(ValueError, match=r"series\['a'\]"):
        plot_memory(ax, n, {"a": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="extrapolate_to is 5"):
        plot_memory(ax, n, {"a": n}, extrapolate_to=5)


@pytest.mark.parametrize("nbytes, text", [(8e12, "8 TB"), (8e6, "8 MB"), (1.5e9, "1.5 GB"),
                                          (80_000, "80 kB"), (999, "999 B"), (0, "0 B")])
def test_format_bytes_uses_decimal_units(nbytes, text):
    assert format_bytes(nbytes) == text


def test_format_bytes_rejects_a_negative_size():
    with pytest.raises(ValueError, match="nbytes"):
        format_bytes(-1)


def test_relu_jacobian_has_a_one_under_each_positive_bar():
    fig, axes = plt.subplots(1, 2)
    x = np.array([-1.0, 0.5, 2.0, -0.2])
    J = plot_relu_jacobian(axes, x, shift=0.25)
    assert np.array_equal(J, np.diag([0.0, 1.0, 1.0, 1.0]))
    assert len(axes[0].patches) == 4
    assert axes[0].get_title() == "inputs: 3 of 4 above 0"
    assert axes[1].get_title() == "Jacobian: 3 of 16 entries nonzero"
    assert len(fig.axes) == 2                       # no colour bar
    with pytest.raises(ValueError, match="two axes"):
        plot_relu_jacobian(axes[:1], x)
    plt.close(fig)


def test_relu_jacobian_slider_counts_the_nonzero_entries_per_shift():
    slider = relu_jacobian_slider([-1.0, 0.5, 2.0], [-3.0, 0.0, 3.0], alt="ReLU's Jacobian.")
    assert slider.labels == ["shift = -3: 0 of 9 nonzero", "shift = 0: 2 of 9 nonzero",
                             "shift = 3: 3 of 9 nonzero"]
    assert len(slider.frames) == 3 and slider.alt == "ReLU's Jacobian."
