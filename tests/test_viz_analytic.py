"""bplib.viz.analytic: the check slider shows the check's own verdicts on the library's bands,
the cost figure draws what it is given, and bad input is refused with a message naming the
argument."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib.gradients import check_gradient, default_tol
from bplib.viz.analytic import (VERDICT_COLORS, check_slider, plot_gradient_cost,
                                plot_verdict_bands)


def _quadratic_check(w):
    """A check of 2w + d against the gradient of sum(w²): the error grows with d."""
    f = lambda v: float(np.sum(v ** 2))            # noqa: E731
    return lambda d: check_gradient(f, w, 2 * w + d, eps=2.0 ** -10)


def test_bands_are_the_libraries_bands_on_a_log_axis(ax):
    plot_verdict_bands(ax, tol=default_tol())
    assert len(ax.patches) == 3 and ax.get_yscale() == "log"
    assert ax.get_ylim() == (1e-12, 1.0)
    tops = sorted(p.get_y() + p.get_height() for p in ax.patches)
    assert np.allclose(tops, [1e-6, 1e-2, 1.0])
    assert [t.get_text() for t in ax.texts] == list(VERDICT_COLORS)


def test_bands_reject_a_tolerance_outside_the_good_band(ax):
    with pytest.raises(ValueError, match="plot_verdict_bands: tol"):
        plot_verdict_bands(ax, tol=0.5)


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_slider_labels_are_the_checks_verdicts_on_any_memory_layout(layout):
    w = np.array([[1.0, -2.0], [0.5, 3.0]])
    w = {"C": w, "F": np.asfortranarray(w), "strided": np.repeat(w, 2, axis=1)[:, ::2]}[layout]
    check = _quadratic_check(w)
    values = [1.0, 1e-3, 1e-9]
    slider = check_slider(check, values, name="δ", alt="Errors on the bands.")
    assert slider.labels == [f"δ = {v:g}: {check(v).verdict}" for v in values]
    assert [lab.split(": ")[1] for lab in slider.labels] == ["wrong", "look closer", "good"]
    assert len(slider.frames) == 3 and slider.alt == "Errors on the bands."


def test_slider_captions_each_frame_with_the_reports_own_verdict_sentence(monkeypatch):
    import bplib.viz.anim as anim
    captions = []
    real = anim.frame_slider

    def spy(fig, draw, values, **kwargs):
        def drawn(v):
            draw(v)
            captions.append((fig._suptitle.get_text(), fig._supxlabel.get_text()))
        return real(fig, drawn, values, **kwargs)

    monkeypatch.setattr(anim, "frame_slider", spy)
    w = np.array([1.0, -2.0])
    check = _quadratic_check(w)
    slider = check_slider(check, [1e-3], curve=np.logspace(-6, 0, 7), alt="x")
    assert slider.labels == ["λ = 0.001: look closer"]
    title, caption = captions[-1]
    assert title == "λ = 0.001: look closer"
    sentence = " ".join(str(check(1e-3)).split("\n")[-2:]).split()
    assert caption.split() == sentence


def test_slider_rejects_zero_values_and_a_check_that_is_not_a_report():
    w = np.array([1.0, -2.0])
    with pytest.raises(ValueError, match=r"check_slider: values must be .* > 0"):
        check_slider(_quadratic_check(w), [1.0, 0.0], alt="x")
    with pytest.raises(TypeError, match="check_slider: check must return a GradientReport"):
        check_slider(lambda d: d, [1.0], alt="x")


def test_cost_plot_draws_both_lines_on_log_axes_and_writes_the_ratio(ax):
    plot_gradient_cost(ax, [4, 16, 64], [1e-6, 1e-6, 2e-6], [1e-5, 4e-5, 4e-4],
                       title="cost")
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["analytic", "numerical"]
    assert np.allclose(lines[1].get_ydata(), [1e-5, 4e-5, 4e-4])
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.texts[0].get_text() == "× 200" and ax.get_title() == "cost"


def test_cost_plot_rejects_mismatched_lengths_and_non_positive_times(ax):
    with pytest.raises(ValueError, match="plot_gradient_cost: sizes, t_analytic"):
        plot_gradient_cost(ax, [4, 16], [1e-6], [1e-5, 1e-4])
    with pytest.raises(ValueError, match="plot_gradient_cost: sizes and times must be > 0"):
        plot_gradient_cost(ax, [4, 16], [0.0, 1e-6], [1e-5, 1e-4])
