"""bplib.viz.losses: the figures of chapter 01 draw the numbers they are given (curves, the
hinge's zero point, probabilities, slices on one log scale), a frame slider's redraw moves
what it says, and bad input is rejected with a message naming the function and argument."""

import matplotlib as mpl
import numpy as np
import pytest

from bplib import losses, viz
from bplib.viz.losses import (LOSS_LABELS, plot_class_probabilities, plot_loss_slices,
                              plot_score_losses, score_frames)


pytestmark = pytest.mark.usefixtures("book_style")   # tests/conftest.py


def one_sample_curves(others=(1.0, 0.0)):
    """Both losses of one sample (class 0 correct) against its score, from bplib.losses."""
    s = np.linspace(-3, 5, 81)
    x, y = np.array([[1.0]]), np.array([0])
    sm = [losses.softmax_loss(np.array([[v, *others]]), x, y)[0] for v in s]
    hg = [losses.svm_loss(np.array([[v, *others]]), x, y)[0] for v in s]
    return s, np.array(sm), np.array(hg)


def test_score_losses_draw_both_curves_and_the_hinge_zero_line(ax):
    s, sm, hg = one_sample_curves()
    plot_score_losses(ax, s, sm, hg, others=(1.0, 0.0), margin=1.0)
    softmax_line, hinge_line = ax.get_lines()[:2]
    assert [softmax_line.get_label(), hinge_line.get_label()] == list(LOSS_LABELS)
    np.testing.assert_allclose(hinge_line.get_ydata(), hg)
    assert softmax_line.get_linestyle() == "-" and hinge_line.get_linestyle() == "--"
    zero_line = ax.get_lines()[2]
    assert zero_line.get_xdata()[0] == 2.0               # max(others) + margin
    assert "hinge is 0 from here" in ax.texts[0].get_text()
    assert "others: 1, 0" in ax.get_xlabel() and ax.get_ylim()[0] == 0
    assert ax.get_legend() is not None


def test_score_losses_without_annotation_and_title(ax):
    s, sm, hg = one_sample_curves()
    plot_score_losses(ax, s, sm, hg, annotate=False, title=None)
    assert not ax.texts and ax.get_title() == ""


@pytest.mark.parametrize("call, error, message", [
    (lambda ax: plot_score_losses(ax, [0, 1, 2], [1, 0.5], [1, 0, 0]), ValueError,
     r"plot_score_losses: softmax has shape \(2,\) but s_correct has shape \(3,\)"),
    (lambda ax: plot_score_losses(ax, [0, 2, 1], [1, 1, 1], [1, 1, 1]), ValueError,
     r"plot_score_losses: s_correct must be at least 2 increasing scores"),
    (lambda ax: plot_score_losses(ax, [0, 1], [1, 1], [1, 1], others=[]), ValueError,
     r"plot_score_losses: others is empty"),
    (lambda ax: plot_score_losses(ax, [0, 1], [1, 1], [1, 1], margin=-1), ValueError,
     r"plot_score_losses: margin"),
])
def test_score_losses_reject_bad_input(ax, call, error, message):
    with pytest.raises(error, match=message):
        call(ax)


def test_probabilities_are_bars_with_the_correct_class_highlighted(ax):
    bars = plot_class_probabilities(ax, [0.2, 0.7, 0.1], correct=1, title="t")
    assert [round(b.get_height(), 2) for b in bars] == [0.2, 0.7, 0.1]
    colours = [mpl.colors.to_hex(b.get_facecolor()) for b in bars]
    assert colours[1] == viz.PALETTE[0].lower() and colours[0] == colours[2] != colours[1]
    labels = [t.get_text() for t in ax.texts]
    assert "0.70" in labels and "0.20" not in labels
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1 (correct)", "2"]
    assert ax.get_ylim()[1] > 1 and ax.get_title() == "t"


@pytest.mark.parametrize("probs, correct, message", [
    ([0.5, 1.5], 0, r"plot_class_probabilities: probs must be probabilities in \[0, 1\]"),
    ([], 0, r"plot_class_probabilities: probs must be probabilities"),
    ([0.5, 0.5], 2, r"plot_class_probabilities: correct is 2 but there are 2 classes"),
])
def test_probabilities_reject_bad_input(ax, probs, correct, message):
    with pytest.raises(ValueError, match=message):
        plot_class_probabilities(ax, probs, correct=correct)


def test_score_frames_fit_the_column_and_update_moves_dots_bars_and_title():
    s, sm, hg = one_sample_curves()
    fig, update = score_frames(s, sm, hg)
    assert fig.get_figwidth() <= viz.BASE_WIDTH
    ax_p, ax_l = fig.axes
    k = int(np.argmin(abs(s - 3.0)))
    p = np.exp(np.array([3.0, 1.0, 0.0]) - 3.0)
    p /= p.sum()
    update(3.0, p, sm[k], hg[k])
    dots = [line for line in ax_l.get_lines() if line.get_marker() not in ("None", "")]
    assert len(dots) == 2
    assert [d.get_xdata()[0] for d in dots] == [3.0, 3.0]
    assert dots[0].get_ydata()[0] == sm[k] and dots[1].get_ydata()[0] == hg[k] == 0
    assert [round(b.get_height(), 4) for b in ax_p.patches] == list(np.round(p, 4))
    assert [t.get_text() for t in ax_p.texts if t.get_text()] == [f"{p[0]:.2f}"]
    assert ax_l.get_title() == f"$s_y$ = 3: softmax loss {sm[k]:.3f}, hinge loss 0.000"
    update(-1.0, [0.1, 0.6, 0.3], 2.0, 4.0)          # a second frame replaces the first
    assert [t.get_text() for t in ax_p.texts if t.get_text()] == ["0.10"]


def test_score_frames_keep_their_layout_and_give_both_panels_room():
    s, sm, hg = one_sample_curves()
    fig, update = score_frames(s, sm, hg)
    boxes = []
    for v in (-3.0, 5.0):                       # the markers at both ends of the curves
        update(v, [0.5, 0.3, 0.2], 10.0, 10.0)
        fig.canvas.draw()
        boxes.append([ax.get_position().bounds for ax in fig.axes])
    assert boxes[0] == boxes[1]
    widths = [box[2] for box in boxes[0]]
    assert widths[0] > 0.25 and widths[1] > 0.4 and sum(widths) < 1


def test_score_frames_make_a_frame_slider():
    s, sm, hg = one_sample_curves()
    fig, update = score_frames(s, sm, hg)
    slider = viz.frame_slider(fig, lambda v: update(v, [0.5, 0.3, 0.2], 1.0, 0.5), [0, 1],
                              alt="Two frames.")
    assert len(slider.frames) == 2 and slider.frames[0] != slider.frames[1]


def test_score_frames_update_rejects_the_wrong_number_of_classes():
    s, sm, hg = one_sample_curves()
    _, update = score_frames(s, sm, hg)
    with pytest.raises(ValueError, match=r"score_frames.update: probs has 2 entries; "
                                         r"expected 3"):
        update(0.0, [0.5, 0.5], 1.0, 1.0)


def test_slices_share_one_log_scale_and_mark_the_centre():
    fig = plot_loss_slices({"bowl": lambda ab: ab @ ab + 1.0,
                            "steep": lambda ab: 10 * abs(ab).sum() + 5.0},
                           (-1, 1), resolution=21, centre_label="minimizer")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["bowl", "steep"]
    norms = {tuple(np.round(ax.collections[0].levels, 9)) for ax in panels}
    assert len(norms) == 1                              # the same levels in both panels
    assert isinstance(panels[0].collections[0].norm, mpl.colors.LogNorm)
    xs, ys, Z = fig.grids["steep"]
    assert len(xs) == 21 and Z.min() == 5.0 and Z.max() == 25.0
    assert xs[10] == 0 and ys[10] == 0                  # the centre is a grid point
    crosses = [line for line in panels[0].get_lines() if line.get_marker() == "X"]
    assert crosses and crosses[0].get_xdata()[0] == 0
    colorbar = [ax for ax in fig.axes if ax not in panels][0]
    labels = [t.get_text() for t in colorbar.get_xticklabels()]
    assert "1" in labels and "10" in labels             # plain numbers at powers of 10
    assert fig.get_figwidth() <= viz.BASE_WIDTH


def test_a_slice_through_the_minimizer_is_lowest_at_its_centre():
    from bplib.optim import gradient_descent

    X = np.array([[1.0, 0.5], [0.2, 1.0], [-1.0, -0.8], [0.3, -1.2]])
    y = np.array([0, 1, 2, 0])

    def f(W):
        return losses.softmax_loss(W, X, y, reg=0.5)

    W_star = gradient_descent(f, np.zeros((2, 3)), lr=0.5, steps=500).final
    A, B = np.random.default_rng(0).standard_normal((2, 2, 3))
    fig = plot_loss_slices({"softmax": lambda ab: f(W_star + ab[0] * A + ab[1] * B)[0]},
                           (-1, 1), resolution=11)
    xs, ys, Z = fig.grids["softmax"]
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    assert (xs[j], ys[i]) == (0.0, 0.0)
    # a closed basin: every edge of the square is higher than the centre
    assert min(Z[0].min(), Z[-1].min(), Z[:, 0].min(), Z[:, -1].min()) > Z[i, j]


@pytest.mark.parametrize("slices, kwargs, error, message", [
    ({}, {}, TypeError, r"plot_loss_slices: slices must be a non-empty dict"),
    ({"a": 3}, {}, TypeError, r"plot_loss_slices: slices\['a'\]"),
    ({"flat": lambda ab: 1.0}, {}, ValueError, r"plot_loss_slices: every loss is constant"),
    ({"a": lambda ab: ab @ ab}, {"resolution": 2}, ValueError,
     r"plot_loss_slices: resolution"),
])
def test_slices_reject_bad_input(slices, kwargs, error, message):
    with pytest.raises(error, match=message):
        plot_loss_slices(slices, **kwargs)
