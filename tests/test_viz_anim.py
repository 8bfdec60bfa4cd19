"""Frame sliders: frames drawn for each value, an accessible player that works offline and
from the keyboard, and a still frame as image/png for the PDF."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from bplib import viz
from bplib.viz import FrameSlider, frame_slider

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("book_style")   # tests/conftest.py


def make(values=(0.1, 0.2, 0.4), **kwargs) -> FrameSlider:
    fig, ax = plt.subplots(figsize=viz.figsize(0.5))
    line, = ax.plot([0, 1], [0, 0])

    def draw(lr):
        line.set_ydata([0, lr])
        ax.set_title(f"α = {lr:g}")

    kwargs.setdefault("alt", "A line whose slope is the learning rate.")
    kwargs.setdefault("label", "α = {:g}")
    return frame_slider(fig, draw, list(values), **kwargs)


def frames_in(html: str) -> list[str]:
    return json.loads(re.search(r"var frames = (\[.*?\])", html).group(1))


def test_one_frame_per_value_at_the_frame_dpi_and_the_book_width():
    slider = make()
    assert len(slider.frames) == 3 and slider.labels == ["α = 0.1", "α = 0.2", "α = 0.4"]
    images = [Image.open(io.BytesIO(f)) for f in slider.frames]
    assert {im.size for im in images} == {(720, 360)}       # 7.2 in × 3.6 in at 100 dpi
    assert all(round(im.info["dpi"][0]) == viz.FRAME_DPI for im in images)
    assert len({f for f in slider.frames}) == 3, "each frame shows its own value"
    assert plt.get_fignums() == [], "the figure is closed: only the slider is shown"


def test_the_output_bundle_carries_the_player_and_a_still_png():
    from IPython.core.formatters import DisplayFormatter

    slider = make(still=1)
    data, _ = DisplayFormatter().format(slider)
    assert {"text/html", "image/png", "text/plain"} <= set(data)
    png = data["image/png"]      # bytes here; the kernel base64-encodes them for the notebook
    assert (png if isinstance(png, bytes) else base64.b64decode(png)) == slider.frames[1]
    assert data["text/plain"] == "<frame slider: 3 frames, α = 0.1 … α = 0.4>"
    assert frames_in(data["text/html"]) == [base64.b64encode(f).decode() for f in slider.frames]


def test_the_player_is_offline_labelled_and_deterministic():
    html = make().html()
    assert "://" not in html.replace("data:image/png;base64,", ""), "nothing from another host"
    assert 'alt="A line whose slope is the learning rate. Shown: α = 0.1 (frame 1 of 3)."' in html
    assert 'aria-label="Frame"' in html and 'aria-valuetext="α = 0.1 (frame 1 of 3)"' in html
    for label in ("First frame", "Previous frame", "Play", "Next frame", "Last frame"):
        assert re.search(rf'<button type="button" data-act="\w+" aria-label="{label}"', html)
    assert html == make().html(), "the same frames give the same page (stable diffs)"
    assert make().id != make(values=(0.1, 0.3)).id


def test_a_slider_without_alt_text_leaves_its_frames_without_alt():
    html = make(alt=None).html()
    assert '<img src="data:image/png;base64,' in html and 'alt=""' in html


def test_labels_may_be_functions_and_the_still_may_count_from_the_end():
    slider = make(label=lambda lr: f"{lr:.0%}", still=-3)
    assert slider.labels == ["10%", "20%", "40%"] and slider.still == 0


@pytest.mark.parametrize("kwargs, error, match", [
    ({"fig": "not a figure"}, TypeError, "frame_slider: fig must be a matplotlib Figure"),
    ({"values": []}, ValueError, "frame_slider: values is empty"),
    ({"alt": ""}, TypeError, "frame_slider: alt must be a sentence"),
    ({"still": 3}, ValueError, r"frame_slider: still is 3 but there are 3 frames"),
    ({"draw": 5}, TypeError, "frame_slider: draw must be callable"),
    ({"interval_ms": 0}, ValueError, "frame_slider: interval_ms must be >= 1"),
])
def test_bad_input_is_named(kwargs, error, match):
    fig, _ = plt.subplots()
    args = {"fig": fig, "draw": lambda v: None, "values": [1, 2, 3], "alt": "x"}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        frame_slider(args.pop("fig"), args.pop("draw"), args.pop("values"), **args)


# ─── the player in a browser ───────────────────────────────────────────────────────────────

_spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
screenshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshot)


@pytest.mark.skipif(screenshot.find_chromium() is None, reason="headless Chromium not found")
def test_the_player_works_from_the_keyboard_in_chromium(tmp_path):
    slider = make(values=(0.1, 0.2, 0.4, 0.8), interval_ms=50)
    (tmp_path / "index.html").write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head>"
        f"<body>{slider.html()}</body></html>", encoding="utf-8")
    state_js = ("(() => { const s = document.querySelector('.bplib-slider'); return {"
                "value: +s.querySelector('input').value, readout: s.querySelector('output')"
                ".textContent, alt: s.querySelector('img').alt, play: s.querySelector("
                "'[data-act=play]').getAttribute('aria-label')}; })()")
    with screenshot.serve(tmp_path) as server, screenshot.Browser() as browser:
        page = browser.new_page(width=1280, height=900)
        page.goto(server.url + "index.html", settle_ms=0)
        state = lambda: page.evaluate(state_js)  # noqa: E731
        assert state()["value"] == 0
        page.press("Tab")                        # the range input takes focus first
        page.press("ArrowRight")
        assert state()["readout"] == "α = 0.2 (frame 2 of 4)"
        page.press("Tab")                        # "First frame"
        page.press("Enter")
        assert state()["value"] == 0
        for _ in range(3):                       # to "Next frame"
            page.press("Tab")
        page.press(" ")
        after = state()
        assert after["value"] == 1 and "Shown: α = 0.2 (frame 2 of 4)." in after["alt"]
        page.evaluate("document.querySelector('[data-act=play]').focus()")
        page.press("Enter")                      # play to the end, then stop
        assert page.evaluate("new Promise(r => setTimeout(() => r(1), 400))", await_promise=True)
        end = state()
        assert end["value"] == 3 and end["play"] == "Play", end
