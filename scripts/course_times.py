#!/usr/bin/env python3
"""How long a chapter takes a careful learner, from what the chapter holds.

    python scripts/course_times.py            the estimate of every chapter, and its parts
    python scripts/course_times.py --check    exit 1 when a chapter's "Estimated time" or
                                              the course page disagrees with the estimate
    python scripts/course_times.py --write    write the boxes' times into the course page

The estimate adds three parts, each measured from the notebook:

- **reading**: the words of the prose (markdown cells, code fences and option lines left
  out) at 120 words a minute, about half the speed of ordinary reading: the prose is dense
  and has formulas to follow;
- **code**: the lines of code the learner reads and runs (code cells, without the hidden
  bootstrap cell and without the exercise solutions) at 10 lines a minute, 6 s a line, which
  includes looking at each output and moving the frame sliders;
- **exercises**: the minutes each exercise states in its own block (`*About N minutes.*`,
  the size of the task for a careful learner who reads the hint once).

The sum is rounded to 5 minutes. Chapters 03, 04, 06 and 08 come to 1.5–2 hours, what a
careful reader needed in the teaching review of November 2026 (the first estimates, 35–60
minutes, covered the reading only).

A chapter's "In this chapter" box states its time as ``**Estimated time:** 1 h 50 min`` and
the course page (``chapters/course.md``) lists the same numbers; ``--check`` allows the box
to differ from the formula by 15 % (so that a small edit of the prose does not force a new
number and a new translation) and requires the course page to match the boxes exactly.

The course page's tables, read and written here (and nowhere else):

- a **chapter row** starts with the chapter's link and ends with its time,
  ``| [04 · Gradient descent](04_gradient_descent.ipynb) | … | 1 h 35 min |``;
- a **session row** starts with the session's number (``| 3 |``, or ``| 10–11 |`` for a
  chapter taken in two sittings), then the total time of the chapters it links,
  ``| 3 | 1 h 35 min | [04 · Gradient descent](04_gradient_descent.ipynb): … |``;
- a **total row** starts with an empty cell and holds the sum of the chapter rows;

(a row's time is its first cell after the first that is a time, such as ``1 h 35 min`` or
``**15 h 40 min**``);
- the sentence ``the whole course takes about N hours`` states that sum in hours (on the
  course page and in the introduction, ``intro.md``).

``--write`` puts the boxes' times in the chapter rows, and the sums in the session rows, the
total row and that sentence; run it after changing a box, then ``--check``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
COURSE = CHAPTERS / "course.md"
INTRO = ROOT / "intro.md"

WORDS_PER_MINUTE = 120
LINES_PER_MINUTE = 10
TOLERANCE = 0.15

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:\.\d+)?")
EXERCISE_TIME = re.compile(r"\*About (\d+) minutes\.\*")
STATED = re.compile(r"\*\*Estimated time:\*\*\s*(?:(\d+) h)?\s*(?:(\d+) min)?")
SKIPPED_TAGS = {"bootstrap", "remove-cell", "solution"}


@dataclass
class Estimate:
    chapter: str
    words: int
    code_lines: int
    exercises: list[int]

    @property
    def reading(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def code(self) -> float:
        return self.code_lines / LINES_PER_MINUTE

    @property
    def minutes(self) -> int:
        """The whole estimate, rounded to 5 minutes."""
        return int(5 * round((self.reading + self.code + sum(self.exercises)) / 5))


def prose(source: str) -> str:
    """A markdown cell's text without code fences, MyST option lines and URLs."""
    source = re.sub(r"^(```|~~~).*?^\1", "", source, flags=re.MULTILINE | re.DOTALL)
    source = re.sub(r"^:\w[\w-]*:.*$", "", source, flags=re.MULTILINE)
    return re.sub(r"https?://\S+", "", source)


def estimate(path: Path) -> Estimate:
    """The parts of one chapter's estimate, read from its notebook."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    words = code_lines = 0
    exercises: list[int] = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += len(WORD.findall(prose(source)))
            exercises += [int(m) for m in EXERCISE_TIME.findall(source)]
        elif cell["cell_type"] == "code":
            if SKIPPED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
                continue
            code_lines += sum(1 for line in source.splitlines() if line.strip())
    return Estimate(path.stem, words, code_lines, exercises)


def format_minutes(minutes: int) -> str:
    """``110`` → ``"1 h 50 min"``, ``45`` → ``"45 min"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def parse_minutes(text: str) -> int | None:
    """The minutes of the first ``**Estimated time:** …`` in ``text``, or None."""
    match = STATED.search(text)
    if not match or not any(match.groups()):
        return None
    hours, minutes = (int(g) if g else 0 for g in match.groups())
    return 60 * hours + minutes


def stated(path: Path) -> int | None:
    """The time a chapter's own box states."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            minutes = parse_minutes("".join(cell["source"]))
            if minutes is not None:
                return minutes
    return None


CHAPTER_LINK = re.compile(r"\((?:\.\./)?(?:chapters/)?(\d\d_\w+)(?:\.ipynb|\.md)?\)")
TIME_CELL = re.compile(r"(\*\*)?((?:\d+ h)?\s*(?:\d+ min)?)(\*\*)?")
HOURS = re.compile(r"(the whole course takes about )(\d+)( hours)")


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (without the outer bars)."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _time_index(cells: list[str]) -> int | None:
    """The index of a row's time cell: the first cell after the first that is a time."""
    for i, cell in enumerate(cells[1:], start=1):
        match = TIME_CELL.fullmatch(cell)
        if match and match.group(2).strip() and bool(match.group(1)) == bool(match.group(3)):
            return i
    return None


def _row_kind(line: str) -> str | None:
    """'chapter', 'session' or 'total' for a row of the course page's tables, else None."""
    if not line.startswith("|"):
        return None
    cells = _cells(line)
    if _time_index(cells) is None:
        return None
    first = cells[0]
    if first.startswith("[") and CHAPTER_LINK.search(first):
        return "chapter"
    if re.fullmatch(r"\d+(?:[–-]\d+)?", first):
        return "session"
    if not first:
        return "total"
    return None


def _row_minutes(line: str) -> int | None:
    cells = _cells(line)
    text = TIME_CELL.fullmatch(cells[_time_index(cells)]).group(2).strip()
    return parse_minutes(f"**Estimated time:** {text}")


def course_times() -> dict[str, int]:
    """The minutes the course page gives each chapter: rows ``| [NN · …](…) | … | 1 h 50 min |``
    (the chapter's link in the first cell; session rows, which start with a number, and the
    total row are not chapter times)."""
    if not COURSE.exists():
        return {}
    times = {}
    for line in COURSE.read_text(encoding="utf-8").splitlines():
        if _row_kind(line) == "chapter" and _row_minutes(line) is not None:
            times[CHAPTER_LINK.search(_cells(line)[0]).group(1)] = _row_minutes(line)
    return times


def session_problems() -> list[str]:
    """Session rows, the total row and the total in hours that are not the sums of the
    chapter rows they cover."""
    if not COURSE.exists():
        return []
    text = COURSE.read_text(encoding="utf-8")
    chapters = course_times()
    total = sum(chapters.values())
    found = []
    for line in text.splitlines():
        kind = _row_kind(line)
        if kind == "session":
            linked = list(dict.fromkeys(CHAPTER_LINK.findall(line)))
            want = sum(chapters.get(c, 0) for c in linked)
            if _row_minutes(line) != want:
                cells = _cells(line)
                found.append(f"course page: session {cells[0]} says "
                             f"{cells[_time_index(cells)]}, its chapters ({', '.join(linked)}) take "
                             f"{format_minutes(want)}")
        elif kind == "total" and _row_minutes(line) != total:
            cells = _cells(line)
            found.append(f"course page: the total row says {cells[_time_index(cells)]}, the chapters "
                         f"add up to {format_minutes(total)}")
    for page, where in ((text, "course page"), (_read(INTRO), "introduction")):
        for hours in HOURS.finditer(page):
            if int(hours.group(2)) != round(total / 60):
                found.append(f"{where}: 'the whole course takes about {hours.group(2)} hours', "
                             f"the chapters add up to {format_minutes(total)}")
    return found


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _with_time(line: str, minutes: int) -> str:
    """The row with its time cell replaced (bold kept)."""
    cells = _cells(line)
    i = _time_index(cells)
    bold = "**" if cells[i].startswith("**") else ""
    cells[i] = f"{bold}{format_minutes(minutes)}{bold}"
    return "| " + " | ".join(cells) + " |"


def write_course() -> list[str]:
    """Write the boxes' times into the course page's chapter rows, and their sums into the
    session rows, the total row and 'the whole course takes about N hours'. Returns the
    lines changed."""
    boxes = {p.stem: stated(p) for p in chapter_notebooks()}
    lines = COURSE.read_text(encoding="utf-8").split("\n")
    changed = []
    for i, line in enumerate(lines):
        if _row_kind(line) == "chapter":
            stem = CHAPTER_LINK.search(_cells(line)[0]).group(1)
            if boxes.get(stem) is not None:
                lines[i] = _with_time(line, boxes[stem])
    chapters = {CHAPTER_LINK.search(_cells(l)[0]).group(1): _row_minutes(l)
                for l in lines if _row_kind(l) == "chapter"}
    total = sum(m for m in chapters.values() if m)
    for i, line in enumerate(lines):
        kind = _row_kind(line)
        if kind == "session":
            linked = dict.fromkeys(CHAPTER_LINK.findall(line))
            lines[i] = _with_time(line, sum(chapters.get(c) or 0 for c in linked))
        elif kind == "total":
            lines[i] = _with_time(line, total)
        lines[i] = HOURS.sub(lambda m: f"{m.group(1)}{round(total / 60)}{m.group(3)}", lines[i])
    old = COURSE.read_text(encoding="utf-8").split("\n")
    changed = [new for before, new in zip(old, lines) if before != new]
    COURSE.write_text("\n".join(lines), encoding="utf-8")
    intro = _read(INTRO)
    new_intro = HOURS.sub(lambda m: f"{m.group(1)}{round(total / 60)}{m.group(3)}", intro)
    if new_intro != intro:
        INTRO.write_text(new_intro, encoding="utf-8")
        changed.append(f"intro.md: the whole course takes about {round(total / 60)} hours")
    return changed


def chapter_notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def problems() -> list[str]:
    """Every disagreement between the formula, the chapters' boxes and the course page."""
    found = []
    listed = course_times()
    for path in chapter_notebooks():
        est, box = estimate(path), stated(path)
        if not est.exercises:
            found.append(f"{path.stem}: no exercise states its time (*About N minutes.*)")
        if box is None:
            found.append(f"{path.stem}: the box has no '**Estimated time:** … min'")
        elif abs(box - est.minutes) > TOLERANCE * est.minutes:
            found.append(f"{path.stem}: the box says {format_minutes(box)}, the estimate is "
                         f"{format_minutes(est.minutes)} (more than {TOLERANCE:.0%} apart)")
        if listed and listed.get(path.stem) != box:
            found.append(f"{path.stem}: the course page says "
                         f"{format_minutes(listed[path.stem]) if path.stem in listed else 'nothing'}"
                         f", the chapter's box {format_minutes(box) if box else 'nothing'}")
    return found + session_problems()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the boxes and the course page")
    parser.add_argument("--write", action="store_true",
                        help="write the boxes' times (and their sums) into the course page")
    args = parser.parse_args(argv)
    if args.write:
        changed = write_course()
        print("\n".join(changed) or "course page: already up to date with the boxes")
        return 0
    if args.check:
        found = problems()
        print("\n".join(found) or "course times: the boxes and the course page agree with the estimates")
        return 1 if found else 0
    print(f"{'chapter':28} {'words':>6} {'read':>5} {'lines':>6} {'code':>5} {'exercises':>18} "
          f"{'total':>10} {'box':>10}")
    total = 0
    for path in chapter_notebooks():
        est, box = estimate(path), stated(path)
        total += est.minutes
        ex = "+".join(map(str, est.exercises)) or "-"
        print(f"{est.chapter:28} {est.words:6d} {est.reading:5.0f} {est.code_lines:6d} "
              f"{est.code:5.0f} {ex:>18} {format_minutes(est.minutes):>10} "
              f"{format_minutes(box) if box else '-':>10}")
    print(f"{'all chapters':28} {'':>44} {format_minutes(total):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
