#!/usr/bin/env python3
"""Build the book as a PDF (xelatex, with Chinese), from a transformed copy of the book.

    python scripts/pdf.py                       the English book -> _build/pdf/backprop-executable.pdf
    python scripts/pdf.py --book zh             another edition: its folder holds its _config.yml
    python scripts/pdf.py --work DIR --output FILE

Needs xelatex, latexmk, xindy and the TeX packages `.ci/run` installs (Debian: texlive-xetex,
texlive-latex-extra, texlive-lang-chinese, ...), and the fonts fonts-noto-cjk,
fonts-freefont-otf, fonts-dejavu-core.

What changes between the website and the PDF happens in the copy (``--work``, by default
``_build/pdfsrc/<edition>``), never in ``chapters/``:

- every exercise's solution (the cell tagged ``solution``, and in the older layout the check
  cell after it) moves to a "Solutions" section at the end of its chapter; the exercise keeps
  a one-line pointer to it;
- an output that only a browser can show becomes a still frame or a sentence: a widget prints
  the image its saved state holds (the figure at its starting values), a frame slider the PNG
  its output bundle carries, and anything else a sentence — never raw HTML, JS or
  ``interactive(children=…)`` text;
- the bootstrap cell (installs bplib) is dropped.

Then ``jupyter-book build --builder latex`` writes the LaTeX and ``latexmk`` (through Sphinx's
Makefile) runs xelatex. The command fails if xelatex reports a missing glyph, and prints the
page count and the time taken. Build the PDF before the website and the site links it
(``downloads/``); see scripts/book_ext.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_ext import PHRASES  # noqa: E402  (the phrase tables are shared with the website)

# Not copied into the work folder: build output, environments, other editions, tests.
SKIP = {"_build", ".venv", "venv", ".git", "notebooks", "tests", "benchmarks", "zh", "locale",
        ".pytest_cache", ".hypothesis", "node_modules", "blank", "build", "__pycache__",
        "bplib", ".ci", "dist"}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXERCISE = re.compile(r"^:::\{exercise\}\s*(?P<title>.+?)\s*$.*?^:label:\s*(?P<label>\S+)",
                      re.MULTILINE | re.DOTALL)
CHECK_CALL = re.compile(r"\bch\d\d\.check_\w+\(")
MARKER = re.compile(r"^\s*# (BEGIN|END) SOLUTION\s*$")


def language(config: dict) -> str:
    """'en' or 'zh', from the book's Sphinx ``language`` (Jupyter Book 1.x reads it only
    under ``sphinx: config:``)."""
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    lang = str(sphinx_config.get("language") or config.get("language") or "en")
    lang = lang.split("_")[0].split("-")[0].lower()
    return lang if lang in PHRASES else "en"


# ─── Outputs that only a browser can show ──────────────────────────────────────────────────

def _widget_outputs(state: dict, model_id: str) -> list[dict]:
    """What the Output widgets reachable from ``model_id`` held in the saved widget state
    (figures and printed text): the widget as it was last drawn, at its starting values."""
    seen, todo, outputs = set(), [model_id], []
    while todo:
        mid = todo.pop(0)
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        model = state[mid].get("state", {})
        for out in model.get("outputs", []) or []:
            if out.get("output_type") == "stream":
                outputs.append(nbformat.v4.new_output("stream", name=out.get("name", "stdout"),
                                                      text=out.get("text", "")))
                continue
            data = {k: v for k, v in out.get("data", {}).items()
                    if k in ("image/png", "image/jpeg", "text/plain", "text/latex")}
            if data.get("image/png") or data.get("image/jpeg"):
                data["text/plain"] = ""  # a figure's repr, not worth printing
            if data:
                outputs.append(nbformat.v4.new_output("display_data", data=data))
        for value in model.values():
            refs = value if isinstance(value, list) else [value]
            todo += [r[len("IPY_MODEL_"):] for r in refs
                     if isinstance(r, str) and r.startswith("IPY_MODEL_")]
    return outputs


def _browser_only(output: dict) -> bool:
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        return True
    plain = "".join(data.get("text/plain", ""))
    return "text/html" in data and not {"image/png", "image/jpeg", "text/latex"} & set(data) and (
        plain.startswith("<IPython.core.display") or plain.startswith("<IPython.lib.display")
        or "<script" in "".join(data["text/html"]))


def _image_output(png: str) -> dict:
    return nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": ""})


def still_outputs(cell, widget_state: dict, say: dict) -> str | None:
    """Replace a cell's browser-only outputs in place; return the sentence to print under it."""
    sentence, outputs = None, []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if WIDGET_VIEW in data:
            held = _widget_outputs(widget_state, data[WIDGET_VIEW].get("model_id", ""))
            outputs += held
            sentence = say["pdf_widget"] if held else say["pdf_interactive"]
        elif "text/html" in data and "image/png" in data:
            # a frame slider that carries one still frame next to its HTML
            outputs.append(_image_output(data["image/png"]))
            sentence = say["pdf_slider"]
        elif _browser_only(out):
            sentence = say["pdf_interactive"]
        else:
            outputs.append(out)
    cell["outputs"] = outputs
    return sentence


# ─── Solutions to the end of the chapter ───────────────────────────────────────────────────

def _clean_solution(cell) -> None:
    cell.source = "\n".join(line for line in cell.source.splitlines() if not MARKER.match(line))
    tags = [t for t in cell.metadata.get("tags", [])
            if t not in ("solution", "hide-input", "hide-cell", "hide-output")]
    cell.metadata["tags"] = tags
    cell.metadata.pop("mystnb", None)


def transform_notebook(nb, say: dict) -> dict[str, int]:
    """Move solutions to a Solutions section, make browser-only outputs printable."""
    widget_state = (nb.metadata.get("widgets", {})
                    .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    cells, solutions, exercise = [], [], None
    counts = {"solutions": 0, "stills": 0, "sentences": 0}
    i = 0
    while i < len(nb.cells):
        cell = nb.cells[i]
        tags = cell.metadata.get("tags", [])
        if "bootstrap" in tags:
            i += 1
            continue
        if cell.cell_type == "markdown":
            match = EXERCISE.search(cell.source)
            if match:
                exercise = (match.group("title"), match.group("label"))
        if cell.cell_type == "code" and "solution" in tags:
            moved = [cell]
            # older layout: the solution cell, then a separate cell that calls the check
            nxt = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            if (not CHECK_CALL.search(cell.source) and nxt is not None and nxt.cell_type == "code"
                    and CHECK_CALL.search(nxt.source)):
                moved.append(nxt)
                i += 1
            title, label = exercise or (f"{len(solutions) + 1}", None)
            if label and solutions and solutions[-1][1] == label:
                solutions[-1][3].extend(moved)  # a second solution cell of the same exercise
            else:
                anchor = f"sol-{label}" if label else f"sol-{len(solutions) + 1}"
                ref = f"{{ref}}`{say['pdf_exercise_ref'].format(title=title)} <{anchor}>`"
                cells.append(nbformat.v4.new_markdown_cell(
                    "*" + say["pdf_solution_pointer"].format(ref=ref) + "*"))
                solutions.append((title, label, anchor, moved))
            i += 1
            continue
        if cell.cell_type == "code":
            sentence = still_outputs(cell, widget_state, say)
            cells.append(cell)
            if sentence:
                counts["stills" if cell["outputs"] and sentence != say["pdf_interactive"] else "sentences"] += 1
                cells.append(nbformat.v4.new_markdown_cell(f"*{sentence}*"))
        else:
            cells.append(cell)
        i += 1
    if solutions:
        cells.append(nbformat.v4.new_markdown_cell(
            f"## {say['pdf_solutions_heading']}\n\n{say['pdf_solutions_intro']}"))
        for title, label, anchor, moved in solutions:
            back = f" ({{ref}}`{say['pdf_back']} <{label}>`)" if label else ""
            cells.append(nbformat.v4.new_markdown_cell(
                f"({anchor})=\n**{say['pdf_exercise_ref'].format(title=title)}**{back}"))
            for cell in moved:
                _clean_solution(cell)
                still_outputs(cell, widget_state, say)
                cells.append(cell)
        counts["solutions"] = len(solutions)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return counts


# ─── Chapter numbers: the PDF's are the book's ─────────────────────────────────────────────
# Chapter NN's title starts "NN · ". In the PDF, LaTeX numbers chapters itself, so the prefix
# goes and the counter is set to NN: "Chapter 4 · Gradient descent", sections 4.1, equations
# (4.1). Pages before chapter 01 (notation, the course) are unnumbered; pages after the last
# chapter (glossary, API, ...) are appendices A, B, ...

CHAPTER_FILE = re.compile(r"(^|/)(\d\d)_[^/]+$")
CHAPTER_TITLE = re.compile(r"^#\s+(\d\d)\s*·\s*", re.MULTILINE)
# unnumbered: no number in the heading, the contents or the running heads
LATEX_FRONT = (r"\ifdefined\booksecnumdepth\else\edef\booksecnumdepth{\the\value{secnumdepth}}"
               r"\let\bookchaptermark\chaptermark\fi"
               r"\setcounter{secnumdepth}{-1}\def\chaptermark#1{\markboth{#1}{}}")
LATEX_NUMBERED = (r"\ifdefined\booksecnumdepth\setcounter{secnumdepth}{\booksecnumdepth}"
                  r"\let\chaptermark\bookchaptermark\fi")


def toc_files(toc: dict) -> list[str]:
    """The toc's documents in reading order (without the root)."""
    files: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(str(entry["file"]))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return files


def _raw_latex(tex: str) -> str:
    return f"```{{raw}} latex\n{tex}\n```\n"


def _doc_path(work: Path, name: str) -> Path | None:
    return next((work / (name + ext) for ext in ("", ".ipynb", ".md")
                 if (work / (name + ext)).is_file()), None)


def title_the_introduction(work: Path, title: str) -> None:
    """The root page opens the PDF after the contents, untitled (the title page has the book's
    title): give it a heading, a line in the contents and running heads of its own."""
    toc = yaml.safe_load((work / "_toc.yml").read_text(encoding="utf-8"))
    path = _doc_path(work, str(toc.get("root", "intro")))
    if path is None or path.suffix != ".md":
        return
    tex = (rf"\chapter*{{{title}}}\addcontentsline{{toc}}{{chapter}}{{{title}}}"
           rf"\markboth{{{title}}}{{{title}}}")
    path.write_text(_raw_latex(tex) + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def number_chapters(work: Path) -> None:
    toc = yaml.safe_load((work / "_toc.yml").read_text(encoding="utf-8"))
    files = toc_files(toc)
    chapters = [i for i, f in enumerate(files) if CHAPTER_FILE.search(f)]
    if not chapters:
        return
    for i, name in enumerate(files):
        match = CHAPTER_FILE.search(name)
        if match:
            tex = LATEX_NUMBERED + rf"\setcounter{{chapter}}{{{int(match.group(2)) - 1}}}"
        elif i < chapters[0]:
            tex = LATEX_FRONT
        elif i == chapters[-1] + 1:
            tex = LATEX_NUMBERED + r"\appendix"
        else:
            continue
        path = _doc_path(work, name)
        if path is None:
            continue
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            first = next(k for k, c in enumerate(nb.cells) if c.cell_type == "markdown")
            if match:
                nb.cells[first].source = CHAPTER_TITLE.sub("# ", nb.cells[first].source, count=1)
            nb.cells.insert(first, nbformat.v4.new_markdown_cell(_raw_latex(tex)))
            nbformat.write(nb, path)
        else:
            text = path.read_text(encoding="utf-8")
            if match:
                text = CHAPTER_TITLE.sub("# ", text, count=1)
            path.write_text(_raw_latex(tex) + "\n" + text, encoding="utf-8")


# ─── The build ─────────────────────────────────────────────────────────────────────────────

def prepare(book: Path, work: Path) -> dict:
    """Copy the book into ``work`` and transform its chapter notebooks; return its config."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for item in book.iterdir():
        if item.name in SKIP or item.name.startswith(".") or item.name.endswith(".egg-info"):
            continue
        if item.is_dir():
            shutil.copytree(item, work / item.name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints", "_build"))
        else:
            shutil.copy2(item, work / item.name)
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    # local extensions are found relative to _config.yml: point them at the originals
    local = (config.get("sphinx") or {}).get("local_extensions") or {}
    for name, path in local.items():
        local[name] = str((book / path).resolve())
    # paths that leave the book's folder (the Chinese book in zh/ uses the English book's
    # ../references.bib and ../_assets): the copy in ``work`` is elsewhere, so make them absolute
    sconf = config.setdefault("sphinx", {}).setdefault("config", {})
    config["bibtex_bibfiles"] = [_outside(book, f) for f in config.get("bibtex_bibfiles") or []]
    if sconf.get("html_static_path"):
        sconf["html_static_path"] = [_outside(book, f) for f in sconf["html_static_path"]]
    # the site's repository root stays the real one (book_ext reads notebooks there)
    sconf.setdefault("book_repository_root", str(_repository_root(book, config)))
    (work / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    say = PHRASES[language(config)]
    totals = {"solutions": 0, "stills": 0, "sentences": 0}
    for path in sorted(work.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for key, n in transform_notebook(nb, say).items():
            totals[key] += n
        nbformat.write(nb, path)
    title_the_introduction(work, say["pdf_intro"])
    number_chapters(work)
    print(f"pdf: {work}: {totals['solutions']} solutions moved to their chapter's end, "
          f"{totals['stills']} interactive outputs as still frames, {totals['sentences']} as a sentence")
    return config


def _outside(book: Path, path: str) -> str:
    """``path`` (relative to the book) as it is when it stays inside the book's folder, which
    the work folder copies; an absolute path when it leads out of it (``../references.bib``)."""
    resolved = (book / path).resolve()
    return path if resolved.is_relative_to(book.resolve()) else str(resolved)


def _repository_root(book: Path, config: dict) -> Path:
    path_to_book = str((config.get("repository") or {}).get("path_to_book") or "").strip("/")
    root = book.resolve()
    for _ in [p for p in path_to_book.split("/") if p]:
        root = root.parent
    return root


def missing_characters(log_text: str) -> list[str]:
    return sorted(set(re.findall(r"Missing character: There is no .*", log_text)))


def build(book: Path, work: Path, output: Path, quiet: bool = False) -> Path:
    start = time.perf_counter()
    prepare(book, work)
    jb = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run([str(jb), "build", str(work), "--builder", "latex"],
                          capture_output=True, text=True, env=env)
    log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    (work / "sphinx.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        sys.exit("pdf: the LaTeX build failed:\n" + "\n".join(log.splitlines()[-30:]))
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    if warnings and not quiet:
        print("pdf: Sphinx warnings:\n  " + "\n  ".join(warnings))
    latex_dir = work / "_build" / "latex"
    t_latex = time.perf_counter()
    # xindy (the index) logs to /dev/null unless told otherwise, and run as root its CLISP
    # replaces /dev/null by a regular file: give it a log file of its own.
    xindy = re.search(r"^export XINDYOPTS\s*=\s*(.*)$",
                      (latex_dir / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    xindy_opts = (xindy.group(1).strip() if xindy else "") + " -t book.xlg"
    proc = subprocess.run(["make", "-C", str(latex_dir), "all-pdf",
                           "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error -file-line-error",
                           f"XINDYOPTS={xindy_opts}"],
                          capture_output=True, text=True)
    if not _is_char_device("/dev/null"):
        sys.exit("pdf: /dev/null is no longer a device after the LaTeX run (replaced by another "
                 "process running as root: xindy's log once, an atomic write of bplib's progress "
                 "file set to /dev/null once); restore it "
                 "with `rm /dev/null && mknod -m 666 /dev/null c 1 3`")
    tex_log = (latex_dir / "book.log").read_text(encoding="utf-8", errors="replace") \
        if (latex_dir / "book.log").exists() else ""
    if proc.returncode != 0 or not (latex_dir / "book.pdf").exists():
        errors = [line for line in tex_log.splitlines()
                  if line.startswith("!") or re.match(r"^\S+:\d+: ", line)]
        sys.exit("pdf: xelatex failed (" + str(latex_dir / "book.log") + "):\n"
                 + "\n".join(errors[:20] or (proc.stdout + proc.stderr).splitlines()[-30:]))
    missing = missing_characters(tex_log)
    if missing:
        sys.exit(f"pdf: {len(missing)} characters have no glyph in their font "
                 f"({latex_dir / 'book.log'}):\n  " + "\n  ".join(missing[:40]))
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(latex_dir / "book.pdf", output)
    pages = _page_count(output)
    print(f"pdf: {output} ({pages} pages, {output.stat().st_size / 1e6:.1f} MB) in "
          f"{time.perf_counter() - start:.0f} s (xelatex {time.perf_counter() - t_latex:.0f} s)")
    return output


def _is_char_device(path: str) -> bool:
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


def _page_count(pdf: Path) -> int | str:
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    except (OSError, AttributeError):
        return "?"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", type=Path, default=ROOT,
                        help="the book's folder (its _config.yml and _toc.yml); default: the repository")
    parser.add_argument("--work", type=Path, help="where the transformed copy is built "
                        "(default: _build/pdfsrc/<edition> in the repository)")
    parser.add_argument("--output", type=Path, help="the PDF to write (default: the book's "
                        "book_downloads pdf setting, _build/pdf/backprop-executable.pdf)")
    args = parser.parse_args(argv)
    book = args.book.resolve()
    for tool in ("xelatex", "latexmk", "make", "xindy"):
        if shutil.which(tool) is None:
            sys.exit(f"pdf: `{tool}` not found; install the TeX packages listed in .ci/run "
                     "(Debian: texlive-xetex texlive-latex-extra texlive-lang-chinese latexmk xindy ...)")
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    root = _repository_root(book, config)
    edition = "en" if book == root else book.relative_to(root).as_posix().replace("/", "_")
    work = args.work or root / "_build" / "pdfsrc" / edition
    downloads = ((config.get("sphinx") or {}).get("config") or {}).get("book_downloads") or {}
    output = args.output or root / downloads.get("pdf", "_build/pdf/backprop-executable.pdf")
    build(book, work.resolve(), output.resolve())


if __name__ == "__main__":
    main()
