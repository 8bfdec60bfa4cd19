"""bplib.viz.classify: each figure shows the data it is given (image contents, colour scales,
counts, medians), has its title and labels, fits the page's column (at most viz.BASE_WIDTH
wide), stays small enough for a frame slider, and bad input is rejected with a message naming
the function and the argument."""

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib import viz
from bplib.search import random_search
from bplib.viz import classify


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_digits_are_drawn_in_rows_with_their_titles():
    images = np.random.default_rng(0).random((13, 64))
    fig = classify.plot_digits(images, [str(k) for k in range(13)], ncols=5, title="t")
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(fig.axes) == 15 and len(shown) == 13          # 3 rows of 5, 2 hidden
    np.testing.assert_array_equal(shown[7].images[0].get_array(), images[7].reshape(8, 8))
    assert shown[12].get_title() == "12" and fig._suptitle.get_text() == "t"
    assert shown[0].images[0].get_clim() == (0.0, 1.0)


def test_digits_accept_8x8_images_and_no_titles():
    fig = classify.plot_digits(np.zeros((2, 8, 8)))
    assert len(fig.axes) == 2 and fig.axes[0].get_title() == ""


@pytest.mark.parametrize("call, message", [
    (lambda: classify.plot_digits(np.zeros((3, 63))), r"plot_digits: images must have shape"),
    (lambda: classify.plot_digits(np.zeros((0, 64))), r"plot_digits: images is empty"),
    (lambda: classify.plot_digits(np.zeros((2, 64)), ["a"]), r"got 1 titles for 2 images"),
])
def test_digits_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_search_plot_colours_each_trial_by_its_accuracy_and_marks_the_best():
    f = lambda h: np.nan if h[0] > 0.5 else 0.05 + 0.01 * abs(h[0] - h[1])   # noqa: E731
    result = random_search(f, [(-1, 1), (-1, 1)], 20, rng=3)
    assert any(np.isnan(s) for _, s in result.history)
    fig = classify.plot_search({"toy": result}, vmin=0.9)
    ax = fig.axes[0]
    finite = [s for _, s in result.history if np.isfinite(s)]
    colours = ax.collections[0].get_array()
    np.testing.assert_allclose(sorted(colours), sorted(1 - np.array(finite)))
    assert ax.collections[0].get_clim() == (0.9, 1.0)
    labels = fig.legends[0].get_texts()
    assert {t.get_text() for t in labels} == {"diverged", "best"}
    star = [line for line in ax.lines if line.get_marker() == "*"][0]
    np.testing.assert_allclose(star.get_xydata()[0], result.best[:2])
    assert ax.get_title() == "toy: 20 trials" and "learning rate" in ax.get_xlabel()


def test_search_plot_shows_a_third_coordinate_as_the_dot_area():
    result = random_search(lambda h: 0.05, [(-1, 1), (-1, 1), (5, 8)], 6, rng=0)
    fig = classify.plot_search({"MLP": result})
    sizes = fig.axes[0].collections[0].get_sizes()
    H = np.array([p[2] for p, _ in result.history])
    np.testing.assert_allclose(sizes, 40 * 2.0 ** (H - 6))
    assert "H = 256" in {t.get_text() for t in fig.legends[0].get_texts()}


def test_search_plot_rejects_what_is_not_a_search_result():
    with pytest.raises(TypeError, match="plot_search: results must be a non-empty dict"):
        classify.plot_search([])
    with pytest.raises(TypeError, match=r"plot_search: results\['x'\] must be a SearchResult"):
        classify.plot_search({"x": 3})


HISTORY = dict(train_loss=[2.3, 0.4, 0.2], val_loss=[2.3, 0.5, 0.3],
               train_acc=[0.1, 0.95, 0.99], val_acc=[0.1, 0.93, 0.96])


def test_learning_curves_plot_both_splits_per_epoch():
    fig = classify.plot_learning_curves(HISTORY, title="MLP")
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in loss_ax.lines] == ["training", "validation"]
    np.testing.assert_array_equal(acc_ax.lines[1].get_ydata(), HISTORY["val_acc"])
    np.testing.assert_array_equal(loss_ax.lines[0].get_xdata(), [0, 1, 2])
    assert loss_ax.get_yscale() == "log" and acc_ax.get_ylim()[0] == 0.9


def test_learning_curves_of_a_run_stopped_at_epoch_zero_still_draw():
    fig = classify.plot_learning_curves({k: v[:1] for k, v in HISTORY.items()})
    assert fig.axes[1].get_ylim()[0] == 0.0


def test_learning_curves_reject_an_incomplete_history():
    with pytest.raises(TypeError, match="history must be a dict with the lists train_loss"):
        classify.plot_learning_curves({"train_loss": [1.0]})
    with pytest.raises(ValueError, match="must be 1-D and of one length"):
        classify.plot_learning_curves({**HISTORY, "val_acc": [0.1]})


def test_weights_are_drawn_one_image_per_class_on_a_shared_clipped_scale():
    W = np.arange(640, dtype=float).reshape(64, 10) - 300
    fig = classify.plot_weights({"W": W}, mean_digits=np.ones((64, 10)), title="t")
    image_axes = [ax for ax in fig.axes if ax.images][:20]
    mean_row, weight_row = image_axes[:10], image_axes[10:]
    assert weight_row[0].get_ylabel() == "W" and mean_row[0].get_ylabel() == "mean digit"
    scale = np.percentile(np.abs(W), 98)
    np.testing.assert_allclose(weight_row[3].images[0].get_array(),
                               np.clip(W[:, 3].reshape(8, 8) / scale, -1, 1))
    assert weight_row[0].images[0].get_cmap().name == classify.WEIGHT_CMAP
    assert mean_row[0].images[0].get_cmap().name == classify.DIGIT_CMAP


def test_weights_reject_a_matrix_that_is_not_64_by_c():
    with pytest.raises(ValueError, match=r"plot_weights: weights\['W'\] must have shape \(64, C\)"):
        classify.plot_weights({"W": np.zeros((65, 10))})
    with pytest.raises(TypeError, match="plot_weights: weights must be a non-empty dict"):
        classify.plot_weights(np.zeros((64, 10)))


def test_weight_frames_update_in_place_and_stay_small():
    fig, update = classify.weight_frames(np.zeros((64, 10)), title="epoch 0")
    images = [ax.images[0] for ax in fig.axes]
    W = np.random.default_rng(1).standard_normal((64, 10))
    update(W, "epoch 1")
    assert [ax.images[0] for ax in fig.axes] == images            # the same artists
    assert fig._suptitle.get_text() == "epoch 1"
    assert np.abs(images[2].get_array()).max() == 1.0             # clipped to the scale
    width, height = fig.get_size_inches()
    assert width <= viz.BASE_WIDTH and height < 1.5                # small frames


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    M = classify.confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 2, 0]), 3)
    np.testing.assert_array_equal(M, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert M.sum() == 6 and M.dtype == np.int64


@pytest.mark.parametrize("y_true, y_pred, error, message", [
    (np.array([0, 1]), np.array([0, 3]), ValueError, r"y_pred has labels outside \[0, 3\)"),
    (np.array([0.0, 1.0]), np.array([0, 1]), TypeError, "y_true must be a 1-D array of integer"),
    (np.array([0, 1]), np.array([0]), ValueError, "expected one prediction per label"),
])
def test_confusion_matrix_rejects_bad_labels(y_true, y_pred, error, message):
    with pytest.raises(error, match=message):
        classify.confusion_matrix(y_true, y_pred, 3)


def test_confusion_plot_writes_each_nonzero_count():
    M = np.array([[30, 0, 1], [0, 28, 0], [2, 0, 33]])
    fig = classify.plot_confusion(M, title="t")
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "28", "30", "33"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    with pytest.raises(ValueError, match="plot_confusion: M must be a square array of counts"):
        classify.plot_confusion(np.ones((2, 3), dtype=int))


def test_median_curves_draw_the_median_and_the_quartile_band():
    runs = np.array([[4.0, 2.0, 1.0], [2.0, 1.0, 0.5], [3.0, 3.0, 0.2], [5.0, 1.5, 0.1]])
    fig = classify.plot_median_curves({"SGD": runs, "Adam": runs / 2}, ylabel="loss",
                                      logy=True, title="t")
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.median(runs, axis=0))
    np.testing.assert_allclose(ax.lines[1].get_ydata(), np.median(runs, axis=0) / 2)
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    lo, hi = np.percentile(runs, [25, 75], axis=0)
    assert np.isclose(band.min(), lo.min()) and np.isclose(band.max(), hi.max())
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
    with pytest.raises(ValueError, match=r"curves\['x'\]"):
        classify.plot_median_curves({"x": [1.0, 2.0]}, ylabel="y")


RUNS = {0.01: HISTORY,
        0.1: {k: [v[0], v[1] * 0.5, v[2] * 0.5] for k, v in HISTORY.items()},
        10.0: dict(train_loss=[2.3, 5e6], val_loss=[2.3, 5e6], train_acc=[0.1, 0.2],
                   val_acc=[0.1, 0.15])}


def test_learning_curve_frames_redraw_each_run_on_shared_axes():
    fig, show = classify.learning_curve_frames(RUNS)
    loss_ax, acc_ax = fig.axes
    limits = (loss_ax.get_ylim(), acc_ax.get_ylim(), loss_ax.get_xlim())
    show(10.0, "diverged")
    np.testing.assert_array_equal(loss_ax.lines[0].get_xdata(), [0, 1])
    np.testing.assert_array_equal(acc_ax.lines[1].get_ydata(), [0.1, 0.15])
    show(0.1, "α = 0.1")
    np.testing.assert_array_equal(acc_ax.lines[0].get_ydata(), [0.1, 0.475, 0.495])
    assert (loss_ax.get_ylim(), acc_ax.get_ylim(), loss_ax.get_xlim()) == limits
    assert fig._suptitle.get_text() == "α = 0.1" and len(loss_ax.lines) == 2
    # an exploding loss leaves the top, 10 times the starting loss (with a margin)
    assert np.isclose(loss_ax.get_ylim()[1], 10 * 2.3 * 1.3)
    assert acc_ax.get_ylim()[0] == 0.1            # below every validation accuracy after epoch 0


def test_learning_curve_frames_reject_bad_input():
    with pytest.raises(TypeError, match="learning_curve_frames: histories must be a non-empty"):
        classify.learning_curve_frames([HISTORY])
    fig, show = classify.learning_curve_frames({1: HISTORY})
    with pytest.raises(KeyError, match="no run 2"):
        show(2)


def test_every_figure_fits_the_column_and_lays_out_without_warnings():
    result = random_search(lambda h: 0.05, [(-1, 1), (-1, 1), (5, 8)], 6, rng=0)
    W = np.ones((64, 10))
    with matplotlib.rc_context(viz.style.STYLE), warnings.catch_warnings():
        warnings.simplefilter("error")              # the book's style, as the chapter uses
        figures = [classify.plot_digits(np.zeros((20, 64)), ["a"] * 20, title="t"),
                   classify.plot_search({"a": result, "b": result, "c": result}, title="t"),
                   classify.plot_learning_curves(HISTORY, title="t"),
                   classify.learning_curve_frames(RUNS)[0],
                   classify.plot_weights({"W": W, "V": W}, mean_digits=W, title="t"),
                   classify.weight_frames(W)[0],
                   classify.plot_confusion(np.eye(10, dtype=int)),
                   classify.plot_median_curves({"a": [[1.0, 2.0]]}, ylabel="y")]
        for fig in figures:
            fig.canvas.draw()
    for fig in figures:
        assert fig.get_size_inches()[0] <= viz.BASE_WIDTH


def test_digits_refuse_a_width_wider_than_the_column():
    with pytest.raises(ValueError, match="plot_digits: width"):
        classify.plot_digits(np.zeros((2, 64)), width=8.0)
