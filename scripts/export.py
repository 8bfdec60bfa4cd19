"""The exercise and solution notebooks, made from the chapters (issue 8 §1).

For every chapter ``chapters/NN_x.ipynb`` of a book (the ones _toc.yml lists; the English book
at the repository's root, or the Chinese one in zh/, which go to notebooks/ and notebooks/zh/):

- ``notebooks/NN_x.ipynb``, the **exercise** notebook: in every cell tagged ``solution`` the
  code between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` becomes ``...  # your code here``
  (at the block's indentation); the rest of the cell — the ``def`` line, the check call — stays.
- ``notebooks/solutions/NN_x.ipynb``, the **solution** notebook: the chapter's code as it is.

Both have no outputs and no widget state, markdown in plain Markdown (``plainmd``), a
reference list when the chapter cites, and a first cell that installs bplib, pinned to
``bplib_commit()``: the last commit that changed ``bplib/`` or ``pyproject.toml``. Cells the site
removes (``remove-cell``) are left out, except that first one; cells the site hides stay hidden
(``jupyter.source_hidden`` / ``outputs_hidden``, which JupyterLab and Notebook 7 honour, and
Colab's ``cellView: form``). In the solution notebook the solutions are hidden, as on the site;
in the exercise notebook the exercise cells are shown, since the learner writes in them.

The words the export writes (the opening line, headings, "References") are the book's
language's, from ``plainmd.WORDS``; the bootstrap cell is ``nbtool.install_cell_source`` in
that language (the Chinese one sets BPLIB_LANG, so the checks print in Chinese).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat

from plainmd import Book, Converter, MystError

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
STUB = "...  # your code here"
SOLUTION_TAG, BOOTSTRAP_TAG, EXERCISE_TAG = "solution", "bootstrap", "exercise"
OUT_DIR, SOLUTIONS_DIR = "notebooks", "notebooks/solutions"


class ExportError(Exception):
    """A chapter the export refuses, with the notebook and cell to fix."""


# --------------------------------------------------------------------------- solutions

def solution_blocks(source: str) -> list[tuple[int, int]]:
    """(begin, end) line indices of each BEGIN/END SOLUTION block; ValueError when the
    markers are unbalanced, saying which line."""
    blocks, begin = [], None
    for k, line in enumerate(source.split("\n")):
        stripped = line.strip()
        if stripped == BEGIN:
            if begin is not None:
                raise ValueError(f"line {k + 1} opens {BEGIN!r} again before line "
                                 f"{begin + 1}'s block is closed by {END!r}")
            begin = k
        elif stripped == END:
            if begin is None:
                raise ValueError(f"line {k + 1} has {END!r} with no {BEGIN!r} before it")
            blocks.append((begin, k))
            begin = None
    if begin is not None:
        raise ValueError(f"{BEGIN!r} on line {begin + 1} has no {END!r}")
    return blocks


def stub_source(source: str) -> str:
    """The exercise version of a solution cell: each block → ``...  # your code here``."""
    lines = source.split("\n")
    for begin, end in reversed(solution_blocks(source)):
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        lines[begin:end + 1] = [indent + STUB]
    return "\n".join(lines)


def check_markers(cell, where: str) -> None:
    """Refuse unbalanced markers, a solution cell without them, markers outside one."""
    try:
        blocks = solution_blocks(cell.source)
    except ValueError as error:
        raise ExportError(f"{where}: unbalanced solution markers: {error}") from None
    tagged = SOLUTION_TAG in cell.metadata.get("tags", [])
    if tagged and not blocks:
        raise ExportError(f"{where}: the cell is tagged {SOLUTION_TAG!r} but has no "
                          f"{BEGIN!r} … {END!r} block")
    if blocks and not tagged:
        raise ExportError(f"{where}: the cell has solution markers but is not tagged "
                          f"{SOLUTION_TAG!r} (its solution would be left in the exercise "
                          "notebook)")


# --------------------------------------------------------------------------- the pin

def git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or error
        raise ExportError(f"git {' '.join(args)} failed ({str(detail).strip()}): the export "
                          "pins bplib to a commit, so it needs the repository's history") from None
    return result.stdout.strip()


def bplib_commit(root: Path) -> str:
    """The last commit that changed bplib/ or pyproject.toml: the version the exported
    notebooks install. Commit bplib first, then export."""
    commit = git(root, "log", "-1", "--format=%H", "--", "bplib", "pyproject.toml")
    if not commit:
        raise ExportError("no commit has bplib/ yet: commit bplib first, then export")
    return commit


def bplib_uncommitted(root: Path) -> list[str]:
    """Files under bplib/ (or pyproject.toml) that differ from the last commit."""
    status = git(root, "status", "--porcelain", "--", "bplib", "pyproject.toml")
    return [line[3:] for line in status.splitlines() if not line[3:].endswith((".pyc", "/"))]


# --------------------------------------------------------------------------- notebooks

def _hide(cell, source: bool, outputs: bool) -> None:
    if source or outputs:
        cell.metadata["jupyter"] = {**({"source_hidden": True} if source else {}),
                                    **({"outputs_hidden": True} if outputs else {})}
    if source:
        cell.metadata["cellView"] = "form"     # Colab's way of collapsing code


def _plain_code_cell(cell, source: str, tags: list[str]):
    new = nbformat.v4.new_code_cell(source)
    new["id"] = cell["id"]
    if tags:
        new.metadata["tags"] = tags
    return new


def export_chapter(path: Path, book: Book, install_source: str) -> dict[str, nbformat.NotebookNode]:
    """The exercise and solution notebooks of one chapter: {"exercise": nb, "solution": nb}."""
    doc = f"chapters/{path.stem}"
    shown = (f"{book.path_to_book}/" if book.path_to_book else "") + f"chapters/{path.name}"
    if doc not in book.titles:
        raise ExportError(f"{shown} is not in _toc.yml: it has no page on the website")
    chapter = nbformat.read(path, as_version=4)
    first = chapter.cells[0] if chapter.cells else None
    if first is None or first.cell_type != "code" or BOOTSTRAP_TAG not in first.metadata.get("tags", []):
        raise ExportError(f"{shown}, cell 0: the first cell must be the code cell tagged "
                          f"{BOOTSTRAP_TAG!r}")
    result = {}
    for variant in ("exercise", "solution"):
        converter = Converter(book, doc, exercise_notebook=variant == "exercise")
        cells = []
        for index, cell in enumerate(chapter.cells):
            where = f"{shown}, cell {index} (id {cell.get('id', '?')})"
            tags = cell.metadata.get("tags", [])
            if index == 0:
                bootstrap = _plain_code_cell(cell, install_source, [BOOTSTRAP_TAG])
                cells.append(bootstrap)
                cells.append(_note_cell(book, doc, variant))
                continue
            if "remove-cell" in tags:
                continue
            if cell.cell_type == "markdown":
                try:
                    source = converter.convert(cell.source, where)
                except MystError as error:
                    raise ExportError(str(error)) from None
                new = nbformat.v4.new_markdown_cell(source)
                new["id"] = cell["id"]
                cells.append(new)
            elif cell.cell_type == "code":
                check_markers(cell, where)
                hide_cell = "hide-cell" in tags
                if SOLUTION_TAG in tags and variant == "exercise":
                    cells.append(_plain_code_cell(cell, stub_source(cell.source), [EXERCISE_TAG]))
                elif SOLUTION_TAG in tags:
                    new = _plain_code_cell(cell, cell.source, [SOLUTION_TAG])
                    _hide(new, source=True, outputs=False)
                    cells.append(new)
                else:
                    new = _plain_code_cell(cell, cell.source, [])
                    _hide(new, source=hide_cell or bool({"hide-input", "remove-input"} & set(tags)),
                          outputs=hide_cell or "hide-output" in tags)
                    cells.append(new)
            else:   # raw cells have no rendering in a notebook front end
                continue
        references = converter.references()
        if references:
            refs = nbformat.v4.new_markdown_cell(references)
            refs["id"] = "export-references"
            cells.append(refs)
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "bplib_export": {"chapter": shown, "variant": variant},
        }
        nbformat.validate(nb)
        result[variant] = nb
    return result


def _note_cell(book: Book, doc: str, variant: str):
    """The cell after the bootstrap: what this notebook is and where its siblings are."""
    name = doc.split("/")[-1]
    page = f"[{book.titles[doc]}]({book.url(doc)})"
    text = book.words[f"note_{variant}"].format(page=page, name=name)
    cell = nbformat.v4.new_markdown_cell(f"*{text}*")
    cell["id"] = "export-note"
    return cell


def chapters(root: Path) -> list[Path]:
    return sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))


def folders(out: str = OUT_DIR) -> tuple[str, str]:
    """The exercise and solution folders of an export into ``out`` (relative to the root)."""
    out = out.strip("/")
    return out, f"{out}/solutions"


def exported_files(root: Path, url: str, install_source_for, *, book: Path | None = None,
                   out: str = OUT_DIR, language: str | None = None) -> dict[str, str]:
    """{path relative to root: file text} of every notebook the export writes.

    ``root`` is the repository (the pin is its bplib commit); ``book`` the book's folder (the
    English book, ``root``, by default; ``root / "zh"`` for the Chinese one); ``out`` the folder,
    relative to ``root``, of the exercise notebooks (the solutions go to its ``solutions/``);
    ``language`` the edition's ("en", "zh"; default: the book's _config.yml).
    ``install_source_for(url, commit, language=...)`` makes the bootstrap cell
    (nbtool.install_cell_source)."""
    book_dir = root if book is None else Path(book)
    try:
        loaded = Book.load(book_dir, language)
    except MystError as error:
        raise ExportError(str(error)) from None
    if loaded.language == "en":   # (the English call stays the one it always was)
        source = install_source_for(url, bplib_commit(root))
    else:
        source = install_source_for(url, bplib_commit(root), language=loaded.language)
    files = {}
    exercises, solutions = folders(out)
    for path in chapters(book_dir):
        notebooks = export_chapter(path, loaded, source)
        for variant, folder in (("exercise", exercises), ("solution", solutions)):
            text = nbformat.writes(notebooks[variant])
            files[f"{folder}/{path.name}"] = text if text.endswith("\n") else text + "\n"
    return files


def stale_files(root: Path, files: dict[str, str], out: str = OUT_DIR) -> list[str]:
    """The exported files that are missing, differ, or should no longer be there (in ``out``
    and its solutions/; another edition's folder inside ``out`` is not looked at)."""
    stale = [rel for rel, text in files.items()
             if not (root / rel).exists() or (root / rel).read_text(encoding="utf-8") != text]
    for folder in folders(out):
        for path in sorted((root / folder).glob("*.ipynb")):
            rel = path.relative_to(root).as_posix()
            if rel not in files:
                stale.append(rel)
    return stale


def write(root: Path, files: dict[str, str], out: str = OUT_DIR) -> list[str]:
    """Write the exported notebooks, remove ones whose chapter is gone; return what changed."""
    changed = stale_files(root, files, out)
    for rel in changed:
        path = root / rel
        if rel in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[rel], encoding="utf-8")
        else:
            path.unlink()
    return changed
