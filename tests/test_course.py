"""The course page (chapters/course.md, issue 8 §4): every chapter with the time of its box,
sessions that add up, every exercise with what its check tests, and links that resolve.

The times are read and written by ``scripts/course_times.py`` (its docstring gives the
format of the page's tables); ``python scripts/course_times.py --write`` brings the page in
line with the chapters' boxes.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
COURSE = CHAPTERS / "course.md"

_spec = importlib.util.spec_from_file_location("course_times", ROOT / "scripts" / "course_times.py")
course_times = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("course_times", course_times)  # dataclasses look the module up
_spec.loader.exec_module(course_times)

NOTEBOOKS = course_times.chapter_notebooks()
EXERCISE = re.compile(r":::\{exercise\}\s+(\d+\.\d+)\s+·\s+(.+?)\s*\n:label:\s*(\S+)")


def page() -> str:
    return COURSE.read_text(encoding="utf-8")


def exercises(nb: Path) -> list[tuple[str, str, str]]:
    """(number, title, label) of every exercise block of a chapter, in order."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return EXERCISE.findall(text)


def chapter_title(nb: Path) -> str:
    """'04 · Gradient descent' from the chapter's '# 04 · Gradient descent · 梯度下降'."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        match = re.search(r"^# (\d\d · [^·\n]+?)\s*·", "".join(cell["source"]), re.MULTILINE)
        if match:
            return match.group(1)
    raise AssertionError(f"{nb.name} has no '# NN · Title · 中文' heading")


def test_the_course_follows_the_introduction_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"^\s*-?\s*file:\s*(\S+)", toc, re.MULTILINE)
    assert re.search(r"^root:\s*intro\s*$", toc, re.MULTILINE)
    assert files[0] == "chapters/course", f"the first page after the introduction is {files[0]}"
    assert page().startswith("# The course · 课程\n")


def test_every_chapter_has_a_row_with_its_title_and_a_time():
    listed = course_times.course_times()
    assert set(listed) == {nb.stem for nb in NOTEBOOKS}, (
        f"chapter rows missing: {sorted({nb.stem for nb in NOTEBOOKS} - set(listed))}; "
        f"rows for no chapter: {sorted(set(listed) - {nb.stem for nb in NOTEBOOKS})}")
    for nb in NOTEBOOKS:
        assert f"| [{chapter_title(nb)}]({nb.name}) |" in page(), (
            f"the course page's row for {nb.stem} must read '| [{chapter_title(nb)}]({nb.name}) |'")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_page_gives_each_chapter_the_time_of_its_box(nb):
    """``course_times --check``, the course page's part. A chapter whose exercises do not yet
    state their minutes still has the box written before the formula: nothing to compare."""
    if not course_times.estimate(nb).exercises:
        pytest.skip(f"{nb.stem}: no exercise states its time yet (*About N minutes.*), so its "
                    "box predates the formula of scripts/course_times.py")
    box = course_times.stated(nb)
    listed = course_times.course_times().get(nb.stem)
    assert listed == box, (
        f"{nb.stem}: the course page says {course_times.format_minutes(listed)}, the chapter's "
        f"box {course_times.format_minutes(box)}: run python scripts/course_times.py --write")


def test_sessions_and_totals_add_up():
    assert not course_times.session_problems(), (
        "\n".join(course_times.session_problems())
        + "\nrun python scripts/course_times.py --write")


def test_every_chapter_is_in_exactly_one_session_in_order():
    sessions = [line for line in page().splitlines() if course_times._row_kind(line) == "session"]
    numbers, chapters = [], []
    for line in sessions:
        first = course_times._cells(line)[0]
        low, _, high = first.partition("–")
        numbers += list(range(int(low), int(high or low) + 1))
        chapters += list(dict.fromkeys(course_times.CHAPTER_LINK.findall(line)))
    assert numbers == list(range(1, len(numbers) + 1)), f"sessions are numbered {numbers}"
    assert chapters == [nb.stem for nb in NOTEBOOKS], f"the sessions cover {chapters}"
    minutes = course_times.course_times()
    for line in sessions:
        first = course_times._cells(line)[0]
        low, _, high = first.partition("–")
        sittings = int(high or low) - int(low) + 1
        per_sitting = course_times._row_minutes(line) / sittings
        # "about an hour and a half": no sitting under an hour or over two hours and a quarter
        assert 60 <= per_sitting <= 135, (
            f"session {first} takes {per_sitting:.0f} min a sitting; regroup the chapters "
            f"(their times: { {c: minutes[c] for c in course_times.CHAPTER_LINK.findall(line)} })")


def test_write_leaves_a_page_in_line_with_the_boxes_unchanged(tmp_path, monkeypatch):
    """--write run twice changes nothing the second time, and keeps every row's shape."""
    for name, path in (("COURSE", COURSE), ("INTRO", course_times.INTRO)):
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        monkeypatch.setattr(course_times, name, copy)
    course_times.write_course()
    once = (tmp_path / "course.md").read_text(encoding="utf-8")
    assert course_times.write_course() == []
    assert (tmp_path / "course.md").read_text(encoding="utf-8") == once
    assert not course_times.session_problems()
    kinds = [course_times._row_kind(l) for l in page().splitlines()]
    assert kinds == [course_times._row_kind(l) for l in once.splitlines()]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_is_listed_with_its_title_and_what_its_check_tests(nb):
    found = exercises(nb)
    assert found, f"{nb.stem} has no exercise blocks"
    for number, title, label in found:
        pattern = re.compile(r"^- \{ref\}`" + re.escape(f"{number} · {title} <{label}>")
                             + r"`: (\S.{10,})$", re.MULTILINE)
        assert pattern.search(page()), (
            f"the course page has no line '- {{ref}}`{number} · {title} <{label}>`: what its "
            "check tests' (the exercise's title as in the chapter)")


def test_the_exercise_columns_name_each_chapters_exercises():
    for nb in NOTEBOOKS:
        numbers = [n for n, _, _ in exercises(nb)]
        row = next(l for l in page().splitlines()
                   if course_times._row_kind(l) == "chapter" and f"({nb.name})" in l)
        assert f"{numbers[0]}–{numbers[-1]}" in row, f"{nb.stem}: the row should say {numbers[0]}–{numbers[-1]}"


def _labels() -> set[str]:
    labels = set()
    for nb in NOTEBOOKS:
        labels |= {label for _, _, label in exercises(nb)}
    for md in list(CHAPTERS.glob("*.md")) + [ROOT / "intro.md"]:
        labels |= set(re.findall(r"^\(([\w-]+)\)=\s*$", md.read_text(encoding="utf-8"), re.M))
    return labels


def test_links_resolve():
    text = page()
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"https?://", target):
            continue
        path = target.split("#")[0]
        assert (CHAPTERS / path).exists(), f"link to {target}: no such file next to course.md"
    for target in re.findall(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", text):
        candidates = [CHAPTERS / f"{target}{ext}" for ext in (".md", ".ipynb")]
        assert any(c.resolve().exists() for c in candidates), f"{{doc}} {target} does not exist"
    labels = _labels()
    for target in re.findall(r"\{ref\}`(?:[^`<]*<)?([^`>]+)>?`", text):
        assert target in labels, f"{{ref}} {target}: no such label"
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in re.findall(r"\{cite:[pt]\}`([^`]+)`", text):
        assert re.search(r"@\w+\{" + re.escape(key) + ",", bib), f"{key} is not in references.bib"


def test_external_addresses_are_the_notes_and_the_repository():
    text = page()
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    notes = re.search(r"@misc\{lh314_backprop,.*?url\s*=\s*\{([^}]+)\}", bib, re.S).group(1)
    links = re.findall(r"\]\((https?://[^)\s]+)\)", text)
    assert links == [notes], f"the page links {links}; the only external link is the notes, {notes}"
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    repository = re.search(r"^\s+url:\s*(\S+)", config, re.MULTILINE).group(1)
    assert f"git clone {repository}\n" in text, f"the clone command must use {repository}"
    assert f"cd {repository.rstrip('/').rsplit('/', 1)[-1]}\n" in text


def test_the_page_credits_the_notes_and_names_the_final_project():
    text = page()
    assert "lh314-pku" in text and "{cite:p}`lh314_backprop`" in text
    assert "{book-downloads}" in text, "the zip is listed with the {book-downloads} directive"
    assert "bplib.exercises.progress()" in text and "python -m bplib.progress" in text
    assert "BPLIB_PROGRESS" in text and "~/.bplib/progress.json" in text
    assert "export_progress" in text and "import_progress" in text
    final = exercises(NOTEBOOKS[-1])[-1]
    assert "Final project" in final[1] and f"<{final[2]}>" in text


def test_code_blocks_fit_the_column():
    """No line of a code block is wider than the column shows without scrolling (76)."""
    text = page() + (ROOT / "intro.md").read_text(encoding="utf-8")
    for block in re.findall(r"^ *```[^\n]*\n(.*?)^ *```", text, re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            assert len(line.strip()) <= 76, f"code line of {len(line.strip())} characters: {line!r}"
