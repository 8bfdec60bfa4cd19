"""Hygiene of the stored chapter notebooks (nbval re-executes them; this checks how they
were stored and that each follows the chapter pattern: objectives, summary, exercises)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
spec = importlib.util.spec_from_file_location("nbtool", ROOT / "scripts" / "nbtool.py")
nbtool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbtool)

# A cell may ignore its output only when the output is inherently variable.
VARIABLE_OUTPUT = re.compile(r"interact|widgets\.|frame_slider|\w+_slider\(|to_jshtml|perf_counter|timeit|time\.time")


def load(path: Path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_chapters():
    assert NOTEBOOKS, "no chapter notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executed_top_to_bottom_without_errors(path):
    cells = code_cells(load(path))
    counts = [c.execution_count for c in cells]
    assert None not in counts, f"{path.name}: a code cell was never executed"
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts[:8]}... are not 1..{len(cells)}: "
        "re-run with `python scripts/nbtool.py execute`")
    for i, cell in enumerate(cells):
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: cell {i} stored an error: {out.get('ename')}"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Traceback" not in out.text, f"{path.name}: cell {i} printed a traceback"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_size_and_install_cell(path):
    assert path.stat().st_size < 2_000_000, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB (limit 2 MB)"
    first = load(path).cells[0]
    assert nbtool.INSTALL_TAG in first.metadata.get("tags", [])
    assert first.source == nbtool.install_cell_source(nbtool.repository_url()), (
        f"{path.name}: the install cell does not match _config.yml's repository url; "
        "run `python scripts/nbtool.py sync`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_follows_the_chapter_pattern(path):
    nb = load(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in code_cells(nb))
    assert re.search(r"^# \d\d · ", text, re.MULTILINE), "the title is '# NN · English · 中文'"
    assert "Estimated time" in text and "In this chapter" in text, "objectives and time at the top"
    assert "## Summary" in text and "## Exercises" in text
    assert len(re.findall(r"\{exercise\}", text)) >= 3, "at least three exercises"
    number = int(path.name[:2])
    for title, label, rest in re.findall(r":::\{exercise\}(.*)\n:label: (\S+)\n(.*)", text):
        # sphinx-exercise would number exercises across the whole book; the checks print
        # "Exercise N.k", so the title carries that number and the block is :nonumber:
        k = label.rsplit("-", 1)[-1]
        assert title.strip().startswith(f"{number}.{int(k)} · ") and rest == ":nonumber:", (
            f"{path.name}: write ':::{{exercise}} {number}.{int(k)} · Title' then ':label: {label}' "
            "then ':nonumber:'")
    solutions = [c for c in code_cells(nb) if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 3, "each exercise has a solution cell tagged 'solution'"
    module = f"ch{number:02d}"
    import_cell = code_cells(nb)[1]
    assert f"from bplib.exercises import {module}" in import_cell.source, (
        f"{path.name}: `from bplib.exercises import {module}` belongs in the import cell at the top")
    for cell in solutions:
        assert_exercise_cell_layout(path.name, module, cell)
    exercises = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                 and ":::{exercise}" in c.source]
    for i in exercises:
        after = nb.cells[i + 1]
        assert after.cell_type == "code" and "solution" in after.metadata.get("tags", []), (
            f"{path.name}: the cell after the exercise in cell {i} must be its solution cell")
    assert "assert " in code, "the chapter asserts its claims"
    if not path.name.startswith("01_"):
        assert "ipywidgets" in code, "chapters from 02 on have at least one widget"


def assert_exercise_cell_layout(name: str, module: str, cell) -> None:
    """One cell per exercise (PLAN.md, issue 8 §6): the solution between the markers, a blank
    line, the bare check call last; collapsed on the site behind "Show solution"."""
    tags = cell.metadata.get("tags", [])
    assert tags == ["solution", "hide-cell"], (
        f"{name}: tag the exercise cell ['solution', 'hide-cell'], not {tags}")
    assert cell.metadata.get("mystnb") == {"code_prompt_show": "Show solution",
                                           "code_prompt_hide": "Hide solution"}, (
        f"{name}: the exercise cell needs mystnb code_prompt_show/hide 'Show/Hide solution'")
    lines = cell.source.rstrip().split("\n")
    assert re.fullmatch(rf"{module}\.check_\w+\(.+\)", lines[-1]), (
        f"{name}: the exercise cell ends with the bare check call `{module}.check_...(...)` "
        f"(no assert), not {lines[-1]!r}")
    assert lines[-2] == "" and lines[-3].strip() == nbtool.END, (
        f"{name}: the solution block ends with {nbtool.END!r}, then a blank line, then the check:"
        f"\n{cell.source}")
    assert cell.source.count(nbtool.BEGIN) == cell.source.count(nbtool.END) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_output_is_ignored_only_where_inherently_variable(path):
    for cell in code_cells(load(path)):
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            assert VARIABLE_OUTPUT.search(cell.source), (
                f"{path.name}: a cell ignores its output but shows no widget, animation or "
                f"timing:\n{cell.source[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_lines_fit_the_page(path):
    long = [line for c in code_cells(load(path)) for line in c.source.splitlines() if len(line) > 79]
    long = [line for line in long if "%pip install" not in line]
    assert not long, f"{path.name}: code lines over 79 characters are cut off on the site: {long[:3]}"
