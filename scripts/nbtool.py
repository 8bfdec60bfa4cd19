#!/usr/bin/env python3
"""Notebook maintenance for the book.

    python scripts/nbtool.py execute [NOTEBOOK ...]   re-execute in place (all chapters by default)
    python scripts/nbtool.py blank [--out DIR]        write blank exercise notebooks (default: blank/)
    python scripts/nbtool.py sync                     rewrite each first cell from _config.yml's repository url

`execute` first syncs the install cell, then runs each notebook top to bottom in its own
folder with nbclient (as `jupyter execute --inplace` does), keeping the widget state so the
static site can render widgets, and fails on the first cell that raises.

`blank` copies every chapter notebook, replacing the code between `# BEGIN SOLUTION` and
`# END SOLUTION` in cells tagged `solution` by `...`, and clearing all outputs, so a learner
gets the exercises without their answers. The markers are part of the stored solutions.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
INSTALL_TAG = "bootstrap"
SOLUTION_TAG = "solution"
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"


def repository_url() -> str:
    """The repository address, read from the one place it is set: _config.yml."""
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    match = re.search(r"^repository:\s*\n\s+url:\s*(\S+)", text, re.MULTILINE)
    if not match:
        sys.exit("nbtool: _config.yml has no repository: url: setting")
    return match.group(1)


# The bootstrap cell's comment in each edition's language. The Chinese edition also sets
# BPLIB_LANG before bplib is imported, so that the exercise checks print in Chinese.
INSTALL_COMMENT = {
    "en": ("# Opened on its own (Colab, Binder)? This cell installs bplib from the book's\n"
           "# repository. Where bplib is already installed it does nothing.\n"),
    "zh": ("# 单独打开（Colab、Binder）时，这个单元从本书的仓库安装 bplib；\n"
           "# 已经装好 bplib 时它什么也不做。下面一行让练习的检查用中文输出。\n"),
}


def install_cell_source(url: str, language: str = "en") -> str:
    """The source of a chapter's first (bootstrap) cell, for the edition in `language`."""
    if language not in INSTALL_COMMENT:
        raise ValueError(f"install_cell_source: language must be one of {sorted(INSTALL_COMMENT)}, "
                         f"got {language!r}")
    set_language = "" if language == "en" else f'import os\nos.environ["BPLIB_LANG"] = "{language}"\n'
    return (
        INSTALL_COMMENT[language] + set_language +
        "try:\n"
        "    import bplib\n"
        "except ImportError:\n"
        f'    %pip install --quiet "bplib @ git+{url}"\n'
        "    import bplib")


def notebook_language(path: Path) -> str:
    """The edition a notebook belongs to: "zh" under zh/ (the generated Chinese book), else "en"."""
    return "zh" if (ROOT / "zh") in Path(path).resolve().parents else "en"


def chapter_notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def sync(paths: list[Path]) -> None:
    url = repository_url()
    for path in paths:
        source = install_cell_source(url, notebook_language(path))
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        if first.cell_type != "code" or INSTALL_TAG not in first.metadata.get("tags", []):
            sys.exit(f"nbtool: {path.name}: the first cell must be the code cell tagged {INSTALL_TAG!r}")
        if first.source != source:
            first.source = source
            nbformat.write(nb, path)
            print(f"synced install cell of {path.name}")


def execute(paths: list[Path]) -> None:
    from nbclient import NotebookClient

    sync(paths)
    for path in paths:
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        nbformat.write(nb, path)
        size = path.stat().st_size / 1e6
        print(f"executed {path.name} in {time.perf_counter() - start:.1f} s ({size:.2f} MB)")


def blank_source(source: str) -> str:
    """Replace each BEGIN/END SOLUTION block by `...` at the block's indentation."""
    out, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}...  # your code here")
        elif stripped == END:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a # BEGIN SOLUTION has no # END SOLUTION")
    return "\n".join(out)


def blank(paths: list[Path], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tags = cell.metadata.get("tags", [])
            if SOLUTION_TAG in tags:
                if BEGIN not in cell.source:
                    raise SystemExit(f"nbtool: {path.name}: a cell tagged solution has no {BEGIN!r} marker")
                cell.source = blank_source(cell.source)
                cell.metadata["tags"] = [t for t in tags if t not in (SOLUTION_TAG, "hide-input")]
            cell.outputs, cell.execution_count = [], None
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, out_dir / path.name)
        print(f"wrote {out_dir / path.name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_exec = sub.add_parser("execute", help="re-execute notebooks in place")
    p_exec.add_argument("notebooks", nargs="*", type=Path)
    p_blank = sub.add_parser("blank", help="write blank exercise notebooks")
    p_blank.add_argument("--out", type=Path, default=ROOT / "blank")
    sub.add_parser("sync", help="rewrite the install cell from _config.yml")
    args = parser.parse_args(argv)
    if args.command == "execute":
        execute([p.resolve() for p in args.notebooks] or chapter_notebooks())
    elif args.command == "blank":
        blank(chapter_notebooks(), args.out)
    else:
        sync(chapter_notebooks())


if __name__ == "__main__":
    main()
