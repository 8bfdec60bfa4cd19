"""Every chapter teaches at a glance (issue 11 §2, §3), read from the stored notebooks:

- a code cell shows the computation the text talks about: at most 15 lines of code
  (non-blank, non-comment; 25 in a cell tagged ``lesson``, whose code is itself the lesson),
  and at most 3 calls on ``plt``, an axes or a figure (plotting code of more than a few lines
  lives in a named ``bplib.viz`` helper); exercise solutions are exempt;
- every code cell is followed by a markdown cell before the next code cell, and after an
  output that cell opens with a sentence (not a heading or a directive) on what it shows;
- figures are drawn at 150 dpi or more (frame-slider frames at about 100) and no wider than
  the text column (``viz.BASE_WIDTH``, 7.2 in; a wider figure is shrunk, its text with it);
- every figure has alt text: a static figure in its cell's metadata
  (``{"mystnb": {"image": {"alt": "..."}}}``), a frame slider from ``frame_slider(alt=...)``;
  frame sliders are made by ``viz.frame_slider`` (labelled buttons that work from the
  keyboard), not by matplotlib's player;
- printed output lines fit the column (79 characters).

Chapters listed in ``tests/page_rules.py`` are not yet reworked and expected to fail.
The same rules, measured in the browser, are in ``tests/test_site.py``.
"""

from __future__ import annotations

import base64
import re
import struct

import nbformat
import pytest

from page_rules import NOT_YET_CONVERTED, chapter_notebooks, params

NOTEBOOKS = chapter_notebooks()
CHAPTERS = params(NOTEBOOKS, NOT_YET_CONVERTED)

MAX_LINES, MAX_LESSON_LINES, MAX_PLOT_CALLS = 15, 25, 3
MIN_DPI, MIN_FRAME_DPI, MAX_WIDTH_IN = 149.5, 90, 7.5
MAX_OUTPUT_CHARS = 79
EXEMPT_TAGS = {"bootstrap", "solution", "remove-cell"}

# plt.x(...), ax.x(...), ax2.x(...), axs[0].x(...), axes[1, 0].x(...), fig.x(...)
PLOT_CALL = re.compile(
    r"(?<![\w.])(plt|fig|fig\d|fig_\w+|ax|ax\d|axs|axes|ax_\w+)((?:\[[^\]]*\])*)\.(\w+)\s*\(")
NOT_DRAWING = {("plt", "show"), ("plt", "close")}
NOT_PROSE = re.compile(r"^(#{1,6}\s|:::|```|~~~|\(\S+\)=|\$\$|<|\|)")
PATHLIKE = re.compile(r"(^|/)_images/|\.(png|jpe?g|svg|gif)$|^\.\./", re.I)


def load(path):
    return nbformat.read(path, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def visible_code(nb):
    """(index, cell) of the code cells a reader sees, exercise solutions excluded."""
    return [(i, c) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.source.strip() and not tags(c) & EXEMPT_TAGS]


def code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines()
               if line.strip() and not line.strip().startswith("#"))


def plot_calls(source: str) -> list[str]:
    return [f"{name}{index}.{method}()" for name, index, method in PLOT_CALL.findall(source)
            if (name, method) not in NOT_DRAWING]


def where(path, i, cell) -> str:
    first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
    return f"{path.name} cell {i} ({first[:50]!r})"


def png_size(data: str) -> tuple[int, int, float | None]:
    """Width and height in pixels, and dots per inch (None without a pHYs chunk)."""
    png = base64.b64decode(data)
    width, height = struct.unpack(">II", png[16:24])
    at = png.find(b"pHYs")
    dpi = None
    if at > 0:
        ppu, _, unit = struct.unpack(">IIB", png[at + 4:at + 13])
        dpi = ppu * 0.0254 if unit == 1 else None
    return width, height, dpi


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", CHAPTERS)
def test_code_cells_are_short(path):
    long = []
    for i, cell in visible_code(load(path)):
        limit = MAX_LESSON_LINES if "lesson" in tags(cell) else MAX_LINES
        n = code_lines(cell.source)
        if n > limit:
            long.append(f"{where(path, i, cell)}: {n} lines of code (limit {limit})")
    assert not long, ("cells longer than the limit; move plotting into a bplib.viz helper, "
                      "split the cell, or tag a cell whose code is the lesson 'lesson':\n"
                      + "\n".join(long))


@pytest.mark.parametrize("path", CHAPTERS)
def test_cells_make_few_plot_calls(path):
    busy = []
    for i, cell in visible_code(load(path)):
        calls = plot_calls(cell.source)
        if len(calls) > MAX_PLOT_CALLS:
            busy.append(f"{where(path, i, cell)}: {len(calls)} calls: {', '.join(calls[:6])}")
    assert not busy, ("cells with more than 3 plt./ax./fig. calls; give the figure a named "
                      "bplib.viz helper:\n" + "\n".join(busy))


@pytest.mark.parametrize("path", CHAPTERS)
def test_every_output_is_followed_by_a_sentence(path):
    nb = load(path)
    missing = []
    for i, cell in visible_code(nb):
        following = nb.cells[i + 1:]
        if not any(c.cell_type == "code" for c in following):
            continue
        nxt = following[0]
        if nxt.cell_type != "markdown":
            missing.append(f"{where(path, i, cell)}: the next cell is code")
        elif cell.outputs:
            first = next((ln.strip() for ln in nxt.source.splitlines() if ln.strip()), "")
            if NOT_PROSE.match(first):
                missing.append(f"{where(path, i, cell)}: its output is followed by "
                               f"{first[:40]!r}, not a sentence")
    assert not missing, ("write a sentence on what each output shows before the next code "
                         "cell, heading or box:\n" + "\n".join(missing))


@pytest.mark.parametrize("path", CHAPTERS)
def test_figures_are_sharp_and_fit_the_column(path):
    bad = []
    for i, cell in enumerate(load(path).cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = "".join(data.get("text/html", ""))
            if 'class="animation"' in html:
                bad.append(f"{where(path, i, cell)}: matplotlib's player; use viz.frame_slider")
            if "image/png" not in data:
                continue
            width, _, dpi = png_size(data["image/png"])
            slider = "bplib-slider" in html
            least = MIN_FRAME_DPI if slider else MIN_DPI
            if dpi is None or dpi < least:
                bad.append(f"{where(path, i, cell)}: drawn at {dpi and round(dpi)} dpi "
                           f"(at least {least:.0f}; call viz.use_style() and keep its dpi)")
            elif width / dpi > MAX_WIDTH_IN:
                bad.append(f"{where(path, i, cell)}: {width / dpi:.1f} in wide; the column "
                           f"holds {MAX_WIDTH_IN} in, a wider figure is shrunk and its text "
                           "with it (use viz.figsize, stack panels, legend inside or below)")
    assert not bad, "figures:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", CHAPTERS)
def test_figures_have_alt_text(path):
    missing = []
    for i, cell in enumerate(load(path).cells):
        outs = cell.get("outputs", [])
        images = [o for o in outs if "image/png" in o.get("data", {})
                  and "text/html" not in o.get("data", {})]
        if images:
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            if not str(alt).strip() or PATHLIKE.search(str(alt)):
                missing.append(f"{where(path, i, cell)}: no alt text in the cell metadata "
                               '{"mystnb": {"image": {"alt": "..."}}}')
        for out in outs:
            html = "".join(out.get("data", {}).get("text/html", ""))
            if "bplib-slider" in html and re.search(r'<img [^>]*alt=""', html):
                missing.append(f"{where(path, i, cell)}: a frame slider without alt text "
                               "(frame_slider(..., alt=...))")
    assert not missing, "figures without alt text:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", CHAPTERS)
def test_output_lines_fit_the_column(path):
    long = []
    for i, cell in enumerate(load(path).cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                text = out.text
            elif set(out.get("data", {})) == {"text/plain"}:
                text = out.data["text/plain"]
            else:
                continue
            long += [f"{where(path, i, cell)}: {line[:60]!r}… ({len(line)} characters)"
                     for line in text.splitlines() if len(line) > MAX_OUTPUT_CHARS]
    assert not long, (f"printed lines over {MAX_OUTPUT_CHARS} characters wrap on the site; "
                      "print narrower:\n" + "\n".join(long))


# ─── the checks themselves ─────────────────────────────────────────────────────────────────

def test_line_and_call_counting():
    src = "# a comment\n\nfig, ax = plt.subplots()\nax.plot(x)  # drawn\naxs[0].set(t=1)\n" \
          "viz.contour(f)\nplt.show()\naxis = np.linspace(0, 1)\n"
    assert code_lines(src) == 6
    assert plot_calls(src) == ["plt.subplots()", "ax.plot()", "axs[0].set()"]


def test_png_size_reads_pixels_and_dpi():
    import io

    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    width, height, dpi = png_size(base64.b64encode(buffer.getvalue()).decode())
    assert (width, height) == (300, 150) and round(dpi) == 150
