"""The PDF edition (`python scripts/pdf.py`): the whole book through xelatex, with its Chinese
titles and glossary, no missing glyph, solutions at the end of each chapter, and interactive
outputs printed as a still frame or a sentence.

The build needs TeX (Debian: the packages `.ci/run` installs). Without xelatex the build tests
skip with a message; in CI they always run. The transform tests need no TeX.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import book_ext  # noqa: E402
import pdf  # noqa: E402

TOOLS = ["xelatex", "latexmk", "xindy", "make", "pdftotext", "pdfinfo"]
MISSING_TOOLS = [t for t in TOOLS if shutil.which(t) is None]
NEEDS_TEX = pytest.mark.skipif(
    bool(MISSING_TOOLS),
    reason=f"{', '.join(MISSING_TOOLS)} not found: install the TeX packages and poppler-utils "
           "that .ci/run installs to build the PDF")
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
EN = book_ext.PHRASES["en"]


def test_tex_is_present_in_ci():
    """CI installs TeX and poppler, so there the PDF is built rather than skipped."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        assert not MISSING_TOOLS, f"CI must install {MISSING_TOOLS} (.ci/run does)"


def test_every_language_has_every_phrase_and_a_readme():
    keys = set(book_ext.PHRASES["en"])
    for lang, table in book_ext.PHRASES.items():
        assert set(table) == keys, f"{lang}: missing {keys - set(table)}, extra {set(table) - keys}"
        assert lang in book_ext.README


# ─── The transform, on small notebooks ─────────────────────────────────────────────────────

def _nb(*cells, widgets=None):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    if widgets:
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": widgets}}
    return nb


def _code(source, tags=(), outputs=()):
    cell = nbformat.v4.new_code_cell(source, outputs=list(outputs))
    cell.metadata["tags"] = list(tags)
    return cell


def _stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


EXERCISE = ":::{exercise} 4.1 · The update\n:label: ex04-1\n:nonumber:\nWrite it.\n:::"


def test_new_layout_solution_moves_to_the_solutions_section():
    nb = _nb(nbformat.v4.new_markdown_cell("# 04 · Gradient descent"),
             nbformat.v4.new_markdown_cell(EXERCISE),
             _code("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n\nch04.check_f(f)",
                   ["solution", "hide-cell"], [_stream("✓ Exercise 4.1 (f): passed\n")]),
             nbformat.v4.new_markdown_cell("After the exercise."))
    counts = pdf.transform_notebook(nb, EN)
    sources = [c.source for c in nb.cells]
    assert counts["solutions"] == 1
    heading = sources.index(f"## {EN['pdf_solutions_heading']}\n\n{EN['pdf_solutions_intro']}")
    assert "Solution: at the end of the chapter" in sources[2] and "<sol-ex04-1>" in sources[2]
    assert sources[3] == "After the exercise." and heading == 4
    assert sources[5].startswith("(sol-ex04-1)=\n**Exercise 4.1 · The update**")
    moved = nb.cells[6]
    assert "BEGIN SOLUTION" not in moved.source and "return 1" in moved.source
    assert moved.source.rstrip().endswith("ch04.check_f(f)")
    assert moved.metadata["tags"] == [] and moved.outputs[0]["text"].startswith("✓")


def test_old_layout_moves_the_solution_and_its_check_cell():
    nb = _nb(nbformat.v4.new_markdown_cell(EXERCISE),
             _code("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION", ["solution", "hide-input"]),
             _code("assert ch04.check_f(f)\nprint('more')", outputs=[_stream("✓ passed\nmore\n")]),
             _code("x = 1"))
    pdf.transform_notebook(nb, EN)
    sources = [c.source for c in nb.cells]
    assert sources[2] == "x = 1", "the next, unrelated cell stays where it was"
    assert sources[-2].startswith("def f():") and sources[-1].startswith("assert ch04.check_f")
    assert sum("check_f" in s for s in sources) == 1


def test_widget_prints_what_its_saved_state_holds():
    png = "iVBORw0KGgo="
    state = {
        "box": {"state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_out"]}},
        "slider": {"state": {"value": 0.1}},
        "out": {"state": {"outputs": [
            {"output_type": "display_data", "data": {"image/png": png, "text/plain": "<Figure>"}},
            {"output_type": "stream", "name": "stdout", "text": "loss 0.5\n"}]}},
    }
    view = {"output_type": "display_data", "metadata": {},
            "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "box", "version_major": 2},
                     "text/plain": "interactive(children=(FloatSlider(value=0.1)))"}}
    nb = _nb(_code("interact(...)", outputs=[view]), widgets=state)
    pdf.transform_notebook(nb, EN)
    outs = nb.cells[0].outputs
    assert outs[0]["data"]["image/png"] == png and outs[0]["data"]["text/plain"] == ""
    assert outs[1]["text"] == "loss 0.5\n"
    assert nb.cells[1].source == f"*{EN['pdf_widget']}*"
    assert "interactive(children" not in json.dumps(nbformat.v4.upgrade(nb))
    assert "widgets" not in nb.metadata


def test_frame_slider_prints_its_still_frame_or_a_sentence():
    html = {"text/html": "<div><script>var frames = [];</script></div>",
            "text/plain": "<IPython.core.display.HTML object>"}
    with_png = nbformat.v4.new_output("display_data", data=dict(html, **{"image/png": "iVBOR"}))
    bare = nbformat.v4.new_output("display_data", data=html)
    nb = _nb(_code("frame_slider(...)", outputs=[with_png]), _code("frame_slider(...)", outputs=[bare]))
    pdf.transform_notebook(nb, EN)
    assert set(nb.cells[0].outputs[0]["data"]) == {"image/png", "text/plain"}
    assert nb.cells[1].source == f"*{EN['pdf_slider']}*"
    assert nb.cells[2].outputs == [] and nb.cells[3].source == f"*{EN['pdf_interactive']}*"


def test_bootstrap_cell_is_dropped():
    nb = _nb(_code("%pip install bplib", ["bootstrap", "remove-cell"]), _code("x = 1"))
    pdf.transform_notebook(nb, EN)
    assert [c.source for c in nb.cells] == ["x = 1"]


def test_chapter_numbers_become_latex_numbers(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n- caption: A\n  chapters:\n  - file: chapters/notation\n"
        "- caption: B\n  chapters:\n  - file: chapters/04_gd\n- caption: C\n  chapters:\n"
        "  - file: chapters/glossary\n  - file: chapters/api\n")
    (tmp_path / "chapters" / "notation.md").write_text("# Notation\n")
    (tmp_path / "chapters" / "glossary.md").write_text("# Glossary\n")
    (tmp_path / "chapters" / "api.md").write_text("# API\n")
    nbformat.write(_nb(nbformat.v4.new_markdown_cell("# 04 · Gradient descent · 梯度下降\n\ntext")),
                   tmp_path / "chapters" / "04_gd.ipynb")
    pdf.number_chapters(tmp_path)
    cells = nbformat.read(tmp_path / "chapters" / "04_gd.ipynb", as_version=4).cells
    assert r"\setcounter{chapter}{3}" in cells[0].source
    assert cells[1].source.startswith("# Gradient descent · 梯度下降")
    assert r"\setcounter{secnumdepth}{-1}" in (tmp_path / "chapters" / "notation.md").read_text()
    assert r"\appendix" in (tmp_path / "chapters" / "glossary.md").read_text()
    assert "raw" not in (tmp_path / "chapters" / "api.md").read_text()


# ─── The real build ────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory):
    if MISSING_TOOLS:
        pytest.skip(f"{MISSING_TOOLS} not installed")
    tmp = tmp_path_factory.mktemp("pdf")
    out = tmp / "book.pdf"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--work", str(tmp / "src"),
                           "--output", str(out)], capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, "scripts/pdf.py failed:\n" + (proc.stdout + proc.stderr)[-4000:]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return {"pdf": out, "work": tmp / "src", "text": text, "pages": pages, "stdout": proc.stdout}


@NEEDS_TEX
def test_no_character_is_missing_from_the_fonts(built_pdf):
    log = (built_pdf["work"] / "_build" / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    missing = sorted(set(re.findall(r"Missing character: There is no .*", log)))
    assert not missing, "\n".join(missing)


@NEEDS_TEX
def test_page_count_is_plausible(built_pdf):
    n = len(CHAPTERS)
    assert 10 * n <= built_pdf["pages"] <= 45 * n + 120, f"{built_pdf['pages']} pages for {n} chapters"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@NEEDS_TEX
def test_chinese_titles_and_glossary_are_in_the_text(built_pdf):
    text = _squash(built_pdf["text"])
    for path in CHAPTERS:
        title = nbformat.read(path, as_version=4).cells
        heading = next(c.source for c in title if c.cell_type == "markdown").splitlines()[0]
        chinese = re.findall(r"[\u4e00-\u9fff]+", heading)
        assert chinese, f"{path.name}: its title has no Chinese term"
        for term in chinese:
            assert term in text, f"{path.name}: {term} is not in the PDF's text"
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^\S.*· ([\u4e00-\u9fff]+)\s*$", glossary, re.MULTILINE)
    assert len(terms) > 20
    missing = [t for t in terms if t not in text]
    assert not missing, f"glossary terms missing from the PDF: {missing}"
    for term in ("网格搜索", "梯度下降"):
        assert term in text


@NEEDS_TEX
def test_no_raw_html_widget_text_or_myst_is_printed(built_pdf):
    text = built_pdf["text"]
    for raw in ("interactive(children", "<script", "<IPython.core.display", "<div", ":::{",
                "```{", "{doc}`", "{ref}`", ":label:", "# BEGIN SOLUTION"):
        assert raw not in text, f"the PDF prints {raw!r}"


@NEEDS_TEX
def test_solutions_are_at_the_end_of_each_chapter(built_pdf):
    work = built_pdf["work"]
    with_exercises = 0
    for path in sorted((work / "chapters").glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        heading = [i for i, c in enumerate(cells) if c.cell_type == "markdown"
                   and c.source.startswith(f"## {EN['pdf_solutions_heading']}")]
        checks = [i for i, c in enumerate(cells) if c.cell_type == "code"
                  and re.search(r"\bch\d\d\.check_\w+\(", c.source)]
        if not checks:
            continue
        with_exercises += 1
        assert len(heading) == 1, f"{path.name}: no Solutions section"
        assert min(checks) > heading[0], f"{path.name}: a solution is still under its exercise"
        assert not any("solution" in c.metadata.get("tags", []) for c in cells)
    assert with_exercises >= len(CHAPTERS) - 1
    assert built_pdf["text"].count(EN["pdf_solutions_heading"]) >= with_exercises
    assert built_pdf["text"].count("✓") >= with_exercises


def test_the_introduction_gets_a_title(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: glossary\n")
    (tmp_path / "intro.md").write_text("# Book\n")
    pdf.title_the_introduction(tmp_path, "Introduction")
    assert (tmp_path / "intro.md").read_text().startswith("```{raw} latex\n\\chapter*{Introduction}")


def test_two_solution_cells_of_one_exercise_share_one_pointer_and_one_heading():
    nb = _nb(nbformat.v4.new_markdown_cell(EXERCISE),
             _code("# BEGIN SOLUTION\na = 1\n# END SOLUTION", ["solution", "hide-cell"]),
             _code("# BEGIN SOLUTION\nb = 2\n# END SOLUTION\nch04.check_f(a, b)", ["solution", "hide-cell"]))
    pdf.transform_notebook(nb, EN)
    sources = [c.source for c in nb.cells]
    assert sum("Solution: at the end" in s for s in sources) == 1
    assert sum(s.startswith("(sol-ex04-1)=") for s in sources) == 1
    assert sources[-2:] == ["a = 1", "b = 2\nch04.check_f(a, b)"]


@NEEDS_TEX
def test_the_build_leaves_dev_null_a_device(built_pdf):
    """xindy's CLISP, run as root with its default log file, replaces /dev/null by a regular
    file (and breaks every later command that reads it): scripts/pdf.py gives it a log file."""
    import stat

    assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is no longer a device"
    assert (built_pdf["work"] / "_build" / "latex" / "book.xlg").is_file()


# ─── The Chinese edition: `python scripts/pdf.py --book zh` ────────────────────────────────

ZH = book_ext.PHRASES["zh"]


@pytest.fixture(scope="module")
def built_zh_pdf(tmp_path_factory):
    if MISSING_TOOLS:
        pytest.skip(f"{MISSING_TOOLS} not installed")
    if not (ROOT / "zh" / "_config.yml").is_file():
        pytest.skip("zh/ has not been generated (python scripts/i18n.py generate)")
    tmp = tmp_path_factory.mktemp("pdf-zh")
    out = tmp / "book-zh.pdf"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--book", str(ROOT / "zh"),
                           "--work", str(tmp / "src"), "--output", str(out)],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, "scripts/pdf.py --book zh failed:\n" + (proc.stdout + proc.stderr)[-4000:]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return {"pdf": out, "work": tmp / "src", "text": text, "pages": pages, "info": info}


@NEEDS_TEX
def test_chinese_pdf_builds_with_every_glyph_and_a_plausible_page_count(built_zh_pdf):
    log = (built_zh_pdf["work"] / "_build" / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    missing = sorted(set(re.findall(r"Missing character: There is no .*", log)))
    assert not missing, "\n".join(missing)
    n = len(CHAPTERS)
    assert 10 * n <= built_zh_pdf["pages"] <= 60 * n + 150, f"{built_zh_pdf['pages']} pages for {n} chapters"
    assert re.search(r"^Title:\s+.*[\u4e00-\u9fff]", built_zh_pdf["info"], re.MULTILINE), (
        "the PDF's title is the Chinese book's")
    # the book's paths outside zh/ (references.bib, _assets) were found from the work copy
    assert "Bibliography" not in _squash(built_zh_pdf["text"])[:2000]


@NEEDS_TEX
def test_chinese_pdf_has_the_chinese_chapters_appendix_glossary_and_solutions(built_zh_pdf):
    text = _squash(built_zh_pdf["text"])
    zh_chapters = sorted((ROOT / "zh" / "chapters").glob("[0-9][0-9]_*.ipynb"))
    for path in zh_chapters:
        cells = nbformat.read(path, as_version=4).cells
        heading = next(c.source for c in cells if c.cell_type == "markdown").splitlines()[0]
        title = re.sub(r"^#\s+\d\d\s*·\s*", "", heading)
        assert _squash(title) in text, f"{path.name}: its title {title!r} is not in the PDF"
        number = int(path.name[:2])
        assert f"第{number}章" in text, f"no chapter head 第 {number} 章"
    assert "附录A" in text and "术语表" in text
    for term in ("网格搜索", "梯度下降", "学习率", "雅可比矩阵", "链式法则"):
        assert term in text
    assert text.count(_squash(ZH["pdf_solutions_heading"])) >= len(zh_chapters) - 1
    assert len(re.findall(r"✓练习\d+\.\d+", text)) >= 2 * len(zh_chapters), "the checks' ✓ lines in Chinese"
    for raw in ("interactive(children", "<script", "<div", ":::{", "```{", "{doc}`", ":label:",
                "# BEGIN SOLUTION"):
        assert _squash(raw) not in text, f"the PDF prints {raw!r}"
    # the chapters' checks printed in Chinese (the API reference's docstrings are English)
    chapters_text = text[:text.rindex("附录A")]
    assert "✓Exercise" not in chapters_text and "✗Exercise" not in chapters_text
