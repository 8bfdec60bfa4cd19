"""The book's own Sphinx extension: hands out the notebooks, and sets up the PDF's fonts.

Wired in ``_config.yml`` with ``sphinx: local_extensions: {book_ext: scripts}``. Everything that
differs between the English and the Chinese edition is a parameter — the language (Sphinx's
``language``), the phrases (``PHRASES`` below, one table per language) and the paths
(``book_*`` settings) — so a second edition is a second ``_config.yml``, not a copy of this file.

On the website (html builder)
-----------------------------
- Every chapter page (a document ``chapters/NN_name``) gets a box under its title linking its
  **exercise** notebook and its **solution** notebook: download, Colab, Binder.
- The theme's Colab / Binder / JupyterHub buttons open the exercise notebook
  (``notebooks/NN_name.ipynb`` in the repository) instead of the chapter's source: the theme
  builds launch URLs from the page's own path with no per-page override, so
  ``html-page-context`` rewrites them after the theme's handler (priority 501).
- The download button offers the exercise and solution notebooks, the zip of all exercise
  notebooks and, when it has been built, the book's PDF, instead of the MyST source.
- After the build, the site gets ``notebooks/`` (exercise notebooks) and
  ``notebooks/solutions/``, copied from the repository, and ``downloads/`` with a zip of every
  exercise notebook, a ``bplib`` wheel built offline, a ``requirements.txt`` and a README for
  an offline install, plus the PDF if ``python scripts/pdf.py`` built it before.
- The directive ``{book-downloads}`` lists those downloads on a page (the course page).
- On the API page, a docstring's "chapter 04 (Gradient descent)" links the chapter.

In the PDF (latex builder)
--------------------------
xelatex with xeCJK: FreeSerif / FreeSans for Latin and Greek text, Noto CJK for Chinese,
DejaVu Sans Mono for code (it has ✓ ✗ ⟂, arrows and box-drawing characters). See
``latex_settings``; ``scripts/pdf.py`` builds the PDF from a transformed copy of the book.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# ─── Phrases, one table per language ───────────────────────────────────────────────────────
# Keys are the same in every table; a test checks that each language has every key.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "box_title": "Notebooks for this chapter",
        "exercises": "Exercises",
        "solutions": "Solutions",
        "download": "download (.ipynb)",
        "all_notebooks": "All chapters",
        "colon": ":",
        "zip": "every exercise notebook, with an offline installer (.zip)",
        "pdf": "the book as a PDF",
        "btn_exercise": "Exercise notebook",
        "btn_solution": "Solution notebook",
        "btn_zip": "All notebooks (.zip)",
        "btn_pdf": "Book (.pdf)",
        "btn_print": "Print this page",
        "tip_download": "Download",
        "dl_zip": "Every exercise notebook, with bplib as a wheel and a README for an offline "
                  "install",
        "dl_pdf": "The whole book as a PDF, with each chapter's solutions at its end",
        "dl_notebooks": "Each chapter's exercise and solution notebooks: at the top of its page",
        # the PDF edition (scripts/pdf.py)
        "pdf_intro": "Introduction",
        "pdf_solutions_heading": "Solutions",
        "pdf_solutions_intro": "The worked solutions of this chapter's exercises, with the "
                               "output of each check.",
        "pdf_solution_pointer": "Solution: at the end of the chapter, {ref}.",
        "pdf_exercise_ref": "Exercise {title}",
        "pdf_back": "back to the exercise",
        "pdf_widget": "Interactive in the notebook: shown here at its starting values; open the "
                      "notebook to move its controls.",
        "pdf_slider": "One frame of an animation: on the website and in the notebook a slider "
                      "steps through all of them.",
        "pdf_interactive": "An interactive figure: open the notebook or the website to use it.",
    },
    "zh": {
        "box_title": "本章的笔记本",
        "exercises": "练习",
        "solutions": "答案",
        "download": "下载 (.ipynb)",
        "all_notebooks": "全部章节",
        "colon": "：",
        "zip": "所有练习笔记本，附离线安装包 (.zip)",
        "pdf": "本书 PDF 版",
        "btn_exercise": "练习笔记本",
        "btn_solution": "答案笔记本",
        "btn_zip": "全部笔记本 (.zip)",
        "btn_pdf": "本书 (.pdf)",
        "btn_print": "打印本页",
        "tip_download": "下载",
        "dl_zip": "所有练习笔记本，附 bplib 的 wheel 安装包和离线安装说明",
        "dl_pdf": "全书 PDF，每章答案附在该章末尾",
        "dl_notebooks": "每章的练习笔记本和答案笔记本：见该章页面顶部",
        "pdf_intro": "引言",
        "pdf_solutions_heading": "答案",
        "pdf_solutions_intro": "本章练习的参考答案，附每个检查的输出。",
        "pdf_solution_pointer": "答案：见本章末尾，{ref}。",
        "pdf_exercise_ref": "练习 {title}",
        "pdf_back": "返回练习",
        "pdf_widget": "在笔记本中可交互：这里显示的是初始取值下的结果；打开笔记本即可拖动控件。",
        "pdf_slider": "动画中的一帧：网站和笔记本中可用滑块逐帧查看。",
        "pdf_interactive": "交互式图形：请在笔记本或网站上使用。",
    },
}

# The README inside the zip, per language. {wheel}, {site} and {python} are filled in.
README = {
    "en": """\
# Backpropagation, executable: the exercise notebooks

One Jupyter notebook per chapter of the book{site}, with its exercises left for you to
solve, and `bplib`, the small library every chapter imports, as a wheel
(`{wheel}`). Nothing here needs Colab, Binder or GitHub.

## Install, once

You need Python {python} or newer. Open a terminal in this folder and run:

    python3 -m venv .venv
    .venv/bin/pip install {wheel} -r requirements.txt

On Windows: `py -m venv .venv`, then `.venv\\Scripts\\pip install {wheel} -r requirements.txt`.

pip fetches numpy, matplotlib, scikit-learn and JupyterLab from the Python package index. If it
is slow or out of reach, use a mirror of the index near you:
`.venv/bin/pip install -i MIRROR-URL {wheel} -r requirements.txt`.

With no network at all: on a machine that has one (same operating system and Python version),
run `pip download {wheel} -r requirements.txt -d wheels`, copy the folder `wheels` here, then
`.venv/bin/pip install --no-index --find-links wheels {wheel} -r requirements.txt`.

## Open the notebooks

    .venv/bin/jupyter lab

(Windows: `.venv\\Scripts\\jupyter lab`.) Open a chapter and run its cells from the top. The
first cell installs bplib only where it is missing: with the wheel installed it does nothing.
Write your code where a cell says `...  # your code here`, run the cell, and the check under it
prints ✓, or ✗ with a hint. Your progress across chapters: `.venv/bin/python -m bplib.progress`.

The solution notebooks are on the website, on each chapter's page, and the book's PDF prints
every chapter's solutions at its end.
""",
    "zh": """\
# 反向传播（可执行版）：练习笔记本

本书{site}每章一个 Jupyter 笔记本，练习留给你来完成；还附有每章都要导入的小型库 `bplib`
的 wheel 安装包（`{wheel}`）。这里的一切都不需要 Colab、Binder 或 GitHub。

## 安装（只需一次）

需要 Python {python} 或更新版本。在本文件夹中打开终端，运行：

    python3 -m venv .venv
    .venv/bin/pip install {wheel} -r requirements.txt

Windows：先 `py -m venv .venv`，再 `.venv\\Scripts\\pip install {wheel} -r requirements.txt`。

pip 会从 Python 软件包索引（PyPI）下载 numpy、matplotlib、scikit-learn 和 JupyterLab。
如果速度很慢或无法访问，请使用离你较近的 PyPI 镜像（例如清华大学开源软件镜像站
`https://pypi.tuna.tsinghua.edu.cn/simple`）：
`.venv/bin/pip install -i 镜像地址 {wheel} -r requirements.txt`。

完全没有网络时：在一台能联网、操作系统和 Python 版本相同的机器上运行
`pip download {wheel} -r requirements.txt -d wheels`，把文件夹 `wheels` 复制到这里，然后运行
`.venv/bin/pip install --no-index --find-links wheels {wheel} -r requirements.txt`。

## 打开笔记本

    .venv/bin/jupyter lab

（Windows：`.venv\\Scripts\\jupyter lab`。）打开一章，从头依次运行各单元。第一个单元只在缺少
bplib 时安装它：装好 wheel 之后它什么也不做。在写着 `...  # your code here` 的地方写下你的代码，
运行该单元，下面的检查会打印 ✓，或者打印 ✗ 和提示（笔记本的第一个单元设置了 BPLIB_LANG=zh，
所以检查用中文输出）。查看各章进度：`.venv/bin/python -m bplib.progress --lang zh`。

答案笔记本在网站上每章的页面里；本书的 PDF 版在每章末尾印有该章全部练习的答案。
""",
}

# The packages a learner needs to run the notebooks (names in requirements.txt); the zip's
# requirements.txt keeps their lines, version bounds included, and nothing else.
RUNTIME_REQUIREMENTS = ("numpy", "matplotlib", "scikit-learn", "ipywidgets", "ipykernel",
                        "jupyterlab")

CHAPTER = re.compile(r"^(?P<dir>.*/)?(?P<stem>\d\d_[A-Za-z0-9_]+)$")


def language(app_or_config) -> str:
    """'en' or 'zh': the phrase table for Sphinx's ``language`` setting."""
    config = getattr(app_or_config, "config", app_or_config)
    lang = (config.language or "en").split("_")[0].split("-")[0].lower()
    return lang if lang in PHRASES else "en"


def phrase(app, key: str) -> str:
    return PHRASES[language(app)][key]


# ─── Paths ─────────────────────────────────────────────────────────────────────────────────

def repository_root(app: Sphinx) -> Path:
    """The repository's root: the book's folder minus ``repository: path_to_book``."""
    if app.config.book_repository_root:
        return (Path(app.srcdir) / app.config.book_repository_root).resolve()
    path_to_book = app.config.html_theme_options.get("path_to_docs", "").strip("/")
    root = Path(app.srcdir).resolve()
    for _ in [p for p in path_to_book.split("/") if p]:
        root = root.parent
    return root


def chapter_stem(docname: str) -> str | None:
    """``chapters/04_gradient_descent`` -> ``04_gradient_descent``; None for other pages."""
    match = CHAPTER.match(docname)
    return match.group("stem") if match and (match.group("dir") or "") == "chapters/" else None


def notebook_paths(app: Sphinx, stem: str) -> dict[str, str]:
    """Repository-relative paths of a chapter's exercise and solution notebooks."""
    nb = app.config.book_notebooks
    return {"exercise": f"{nb['exercises'].strip('/')}/{stem}.ipynb",
            "solution": f"{nb['solutions'].strip('/')}/{stem}.ipynb"}


def site_paths(app: Sphinx) -> dict[str, str]:
    """Where the downloads live in the built site (relative to its root)."""
    d = app.config.book_downloads
    return {"zip": f"downloads/{d['zip']}", "pdf": f"downloads/{Path(d['pdf']).name}"}


def pdf_source(app: Sphinx) -> Path:
    """The PDF built by scripts/pdf.py (it may not exist)."""
    return repository_root(app) / app.config.book_downloads["pdf"]


def _pdf_stamp(app: Sphinx, config) -> None:
    """Record whether (and which) PDF exists, as an html-rebuilding setting: building the PDF
    and then the site again rewrites every page, so the links to it appear."""
    path = pdf_source(app)
    config.book_pdf_stamp = f"{path.stat().st_size}:{path.stat().st_mtime_ns}" if path.is_file() else ""


# ─── Launch and download links ─────────────────────────────────────────────────────────────

def _retarget(url: str, old: str, new: str) -> str:
    """Swap the theme's notebook path (the last occurrence of ``old``) for ``new``."""
    if old not in url:
        return url
    head, tail = url.rsplit(old, 1)
    return head + new + tail


def _page_links(app: Sphinx, pagename: str, context: dict[str, Any]) -> dict[str, dict[str, str]] | None:
    """{'exercise': {'download': relative URL, 'Colab': URL, ...}, 'solution': {...}}."""
    stem = chapter_stem(pagename)
    if stem is None:
        return None
    root = repository_root(app)
    paths = notebook_paths(app, stem)
    missing = [p for p in paths.values() if not (root / p).is_file()]
    if missing:
        logger.warning("book_ext: %s has no %s in the repository; run "
                       "`python scripts/nbtool.py export`", pagename, " or ".join(missing),
                       type="book", subtype="notebooks")
        return None
    # the theme's own launch URLs end with the page's path in the repository
    theme = app.config.html_theme_options
    book_rel = theme.get("path_to_docs", "").strip("/")
    own_path = (book_rel + "/" if book_rel else "") + pagename + ".ipynb"
    launch = [b for group in context.get("header_buttons", [])
              if group.get("label") == "launch-buttons" for b in group.get("buttons", [])
              if b.get("type") == "link"]
    links: dict[str, dict[str, str]] = {}
    for kind, repo_path in paths.items():
        site_path = "notebooks/" + ("solutions/" if kind == "solution" else "") + f"{stem}.ipynb"
        links[kind] = {"download": context["pathto"](site_path, 1)}
        for button in launch:
            links[kind][button["text"]] = _retarget(button["url"], own_path, repo_path)
    # the header's launch buttons open the exercise notebook
    for button in launch:
        button["url"] = links["exercise"][button["text"]]
    return links


def _notebook_box(app: Sphinx, links: dict[str, dict[str, str]], context) -> str:
    def row(kind: str, label: str) -> str:
        items = [f'<a class="reference download" href="{html.escape(links[kind]["download"])}" '
                 f'download>{html.escape(phrase(app, "download"))}</a>']
        items += [f'<a class="reference external" href="{html.escape(url)}">{html.escape(name)}</a>'
                  for name, url in links[kind].items() if name != "download"]
        return (f"<p><strong>{html.escape(label + phrase(app, 'colon'))}</strong> "
                + " · ".join(items) + "</p>")

    rows = [row("exercise", phrase(app, "exercises")), row("solution", phrase(app, "solutions"))]
    extra = [f'<a class="reference download" href="{html.escape(context["pathto"](site_paths(app)["zip"], 1))}" '
             f'download>{html.escape(phrase(app, "zip"))}</a>']
    if app.config.book_pdf_stamp:
        extra.append(f'<a class="reference download" '
                     f'href="{html.escape(context["pathto"](site_paths(app)["pdf"], 1))}" '
                     f'download>{html.escape(phrase(app, "pdf"))}</a>')
    rows.append(f"<p><strong>{html.escape(phrase(app, 'all_notebooks') + phrase(app, 'colon'))}</strong> "
                + " · ".join(extra) + "</p>")
    return ('<div class="admonition book-notebooks">'
            f'<p class="admonition-title">{html.escape(phrase(app, "box_title"))}</p>'
            + "".join(rows) + "</div>")


def _download_buttons(app: Sphinx, links, context) -> list[dict[str, Any]]:
    pathto = context["pathto"]
    buttons = []
    if links:
        buttons += [
            {"type": "link", "url": links["exercise"]["download"], "text": phrase(app, "btn_exercise"),
             "tooltip": phrase(app, "btn_exercise"), "icon": "fas fa-code",
             "label": "download-exercise-notebook-button"},
            {"type": "link", "url": links["solution"]["download"], "text": phrase(app, "btn_solution"),
             "tooltip": phrase(app, "btn_solution"), "icon": "fas fa-check",
             "label": "download-solution-notebook-button"},
        ]
    buttons.append({"type": "link", "url": pathto(site_paths(app)["zip"], 1), "text": phrase(app, "btn_zip"),
                    "tooltip": phrase(app, "btn_zip"), "icon": "fas fa-file-archive",
                    "label": "download-zip-button"})
    if app.config.book_pdf_stamp:
        buttons.append({"type": "link", "url": pathto(site_paths(app)["pdf"], 1), "text": phrase(app, "btn_pdf"),
                        "tooltip": phrase(app, "btn_pdf"), "icon": "fas fa-file-pdf",
                        "label": "download-book-pdf-button"})
    buttons.append({"type": "javascript", "javascript": "window.print()", "text": phrase(app, "btn_print"),
                    "tooltip": phrase(app, "btn_print"), "icon": "fas fa-print",
                    "label": "download-pdf-button"})
    return buttons


def html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree) -> None:
    """After the theme's handlers: point launch buttons at the exercise notebook, replace the
    download menu, and put the notebook box under the chapter's title."""
    if app.builder.format != "html" or "header_buttons" not in context:
        return
    links = _page_links(app, pagename, context)
    for group in context["header_buttons"]:
        if group.get("label") == "download-buttons":
            group["buttons"] = _download_buttons(app, links, context)
            group["tooltip"] = phrase(app, "tip_download")
    if links and context.get("body"):
        box = _notebook_box(app, links, context)
        body = context["body"]
        end = body.find("</h1>")
        context["body"] = body[: end + 5] + "\n" + box + body[end + 5:] if end >= 0 else box + body


# ─── The {book-downloads} directive ────────────────────────────────────────────────────────

class book_downloads(nodes.General, nodes.Element):
    """Placeholder, filled in at write time (the PDF may or may not exist)."""


class BookDownloads(Directive):
    """``{book-downloads}``: a list of the zip, the PDF (when built) and where the per-chapter
    notebooks are. On the website the links are relative; in the PDF they are absolute
    (``html.baseurl``) or left out when no base URL is set."""

    has_content = False

    def run(self):
        return [book_downloads()]


def resolve_downloads(app: Sphinx, doctree, docname: str) -> None:
    for node in list(doctree.findall(book_downloads)):
        items = []
        targets = [("dl_zip", site_paths(app)["zip"])]
        if app.config.book_pdf_stamp and app.builder.format == "html":
            targets.append(("dl_pdf", site_paths(app)["pdf"]))  # (a PDF reader holds it already)
        base = (app.config.html_baseurl or "").rstrip("/")
        for key, target in targets:
            para = nodes.paragraph()
            if app.builder.format == "html":
                uri = posixpath.relpath(target, posixpath.dirname(docname) or ".")
                para += nodes.reference("", phrase(app, key), refuri=uri, internal=False)
            elif base:
                para += nodes.reference("", phrase(app, key), refuri=f"{base}/{target}")
            else:
                para += nodes.Text(phrase(app, key))
            items.append(nodes.list_item("", para))
        items.append(nodes.list_item("", nodes.paragraph(text=phrase(app, "dl_notebooks"))))
        node.replace_self(nodes.bullet_list("", *items, classes=["book-downloads"]))


# ─── Files copied into the site after the build ────────────────────────────────────────────

def runtime_requirements(root: Path) -> str:
    """The lines of requirements.txt a learner needs to run the notebooks."""
    keep = []
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0].lower()
        if name in RUNTIME_REQUIREMENTS:
            keep.append(line.strip())
    return "\n".join(keep) + "\n"


def build_wheel(root: Path, dest: Path) -> Path:
    """bplib's wheel, built offline from the repository (no build isolation: setuptools comes
    from the environment, as in the README's virtual environment)."""
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "src"
        # build from a clean copy: setuptools writes build/ and *.egg-info/ next to the source
        shutil.copytree(root, build, ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "_build", "build", "*.egg-info", "__pycache__", "notebooks",
            "chapters", "zh", "tests", "benchmarks", "_assets", "locale", ".hypothesis",
            ".pytest_cache", "node_modules", "blank"))
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--no-index", "--quiet", "-w", str(Path(tmp) / "dist"), str(build)],
            capture_output=True, text=True)
        wheels = sorted((Path(tmp) / "dist").glob("bplib-*.whl"))
        if proc.returncode != 0 or not wheels:
            raise RuntimeError("book_ext: building the bplib wheel failed:\n" + proc.stdout + proc.stderr)
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[0], dest / wheels[0].name))


def _zip_write(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, date_time=(2024, 1, 1, 0, 0, 0))  # reproducible
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def make_zip(app: Sphinx, root: Path, out: Path) -> Path:
    """downloads/<zip>: a folder of every exercise notebook, the wheel, requirements, README."""
    exercises = sorted((root / app.config.book_notebooks["exercises"]).glob("[0-9][0-9]_*.ipynb"))
    lang = language(app)
    folder = Path(app.config.book_downloads["zip"]).stem
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(root, Path(tmp))
        base = (app.config.html_baseurl or "").rstrip("/")
        site = (f" ({base}/)" if lang == "en" else f"（{base}/）") if base else ""
        readme = README[lang].format(wheel=wheel.name, site=site, python=_requires_python(root))
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w") as zf:
            _zip_write(zf, f"{folder}/README.md", readme.encode())
            _zip_write(zf, f"{folder}/requirements.txt", runtime_requirements(root).encode())
            _zip_write(zf, f"{folder}/{wheel.name}", wheel.read_bytes())
            for nb in exercises:
                _zip_write(zf, f"{folder}/{nb.name}", nb.read_bytes())
    return out


def _requires_python(root: Path) -> str:
    match = re.search(r'requires-python\s*=\s*">=\s*([\d.]+)"',
                      (root / "pyproject.toml").read_text(encoding="utf-8"))
    return match.group(1) if match else "3.10"


def build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root, out = repository_root(app), Path(app.outdir)
    copied = 0
    for key, dest in (("exercises", out / "notebooks"), ("solutions", out / "notebooks" / "solutions")):
        src = root / app.config.book_notebooks[key]
        dest.mkdir(parents=True, exist_ok=True)
        for nb in sorted(src.glob("[0-9][0-9]_*.ipynb")):
            shutil.copy2(nb, dest / nb.name)
            copied += 1
    paths = site_paths(app)
    make_zip(app, root, out / paths["zip"])
    if app.config.book_pdf_stamp and pdf_source(app).is_file():
        shutil.copy2(pdf_source(app), out / paths["pdf"])
    logger.info("book_ext: %d notebooks, %s%s", copied, paths["zip"],
                f", {paths['pdf']}" if app.config.book_pdf_stamp else "")


# ─── The PDF: fonts, CJK, and two fixes to sphinx-jupyterbook-latex's preamble ─────────────

# Two packages that sphinx-jupyterbook-latex loads are replaced by stand-ins written next to
# the LaTeX (latex_additional_files): bbm.sty (for \mathbbm, required by jupyterBook.cls) ships
# only in Debian's 500 MB texlive-fonts-extra and the book never uses \mathbbm; ucharclasses
# fights xeCJK over the same inter-character hooks and is not needed (xeCJK switches fonts).
STAND_INS = {
    "bbm.sty": r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2024/01/01 stand-in written by scripts/book_ext.py]
\RequirePackage{amssymb}
\providecommand{\mathbbm}[1]{\mathbb{#1}}
""",
    "ucharclasses.sty": r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{ucharclasses}[2024/01/01 stand-in written by scripts/book_ext.py: xeCJK instead]
\DeclareOption*{}
\ProcessOptions\relax
""",
}

CJK_FONTS = {
    # (main, sans, mono): Debian's fonts-noto-cjk
    "en": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
}

FONTPKG = r"""
%% fonts: FreeSerif/FreeSans (fonts-freefont-otf) for text, DejaVu Sans Mono for code,
%% Noto CJK (fonts-noto-cjk) for Chinese, switched per character by xeCJK.
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic,
  BoldFont=*Bold, BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
\setmonofont{DejaVu Sans Mono}[Scale=0.88]
\usepackage{xeCJK}
\setCJKmainfont{%(main)s}
\setCJKsansfont{%(sans)s}
\setCJKmonofont{%(mono)s}
%% keep these with the Latin fonts (xeCJK would set them full-width from the CJK font)
\xeCJKDeclareCharClass{Default}{"00B7, "2014, "2016, "2026, "2212, "00D7, "2013, "2018, "2019, "201C, "201D}
"""

PREAMBLE = r"""
%% Bookmarks (PDF strings) of headings with math: unicode-math's letters cannot go there.
\AtBeginDocument{\pdfstringdefDisableCommands{%
  \def\alpha{α}\def\beta{β}\def\gamma{γ}\def\delta{δ}\def\epsilon{ε}\def\varepsilon{ε}%
  \def\lambda{λ}\def\mu{μ}\def\sigma{σ}\def\nabla{∇}\def\partial{∂}\def\times{×}%
  \def\cdot{·}\def\le{≤}\def\leq{≤}\def\ge{≥}\def\geq{≥}\def\infty{∞}\def\top{T}%
}}
%% The bibliography follows the book's own Bibliography page (sphinx-jupyterbook-latex moves
%% it to the end, which is that page): no new page and no second "Bibliography" heading.
\makeatletter
\renewenvironment{sphinxthebibliography}[1]
  {\begingroup\def\chapter*##1{}\begin{thebibliography}{#1}}
  {\end{thebibliography}\endgroup}
\makeatother
%% long words in code and output lines may break
\sphinxsetup{verbatimwrapslines=true, verbatimforcewraps=true, verbatimmaxoverfull=1}
"""


# Chinese chapter heads: 第 4 章, 附录 A, 第 I 部分, and the captions. Sphinx sets headings with
# titlesec; its running heads append \@chappos to the chapter number (it is there for Japanese).
ZH_PREAMBLE = r"""
\makeatletter
\def\@chappos{章}
%% (\chaptertitlename is \@chapapp, never \appendixname itself: a flag says "appendix")
\newif\ifbookappendix
\let\bookoldappendix\appendix
\renewcommand{\appendix}{\bookoldappendix\gdef\@chappos{}\global\bookappendixtrue}
\titleformat{\chapter}[display]{\raggedleft\py@HeaderFamily}
  {\LARGE\ifbookappendix 附录\,\thechapter\else 第\,\thechapter\,章\fi}
  {16pt}{\Huge\bfseries}
\titleformat{\part}[display]{\centering\py@HeaderFamily}{\huge 第\,\thepart\,部分}{20pt}{\Huge\bfseries}
\makeatother
\AtBeginDocument{\renewcommand{\chaptername}{第}\renewcommand{\appendixname}{附录}%
  \renewcommand{\contentsname}{目录}\renewcommand{\bibname}{参考文献}%
  \renewcommand{\indexname}{索引}}
"""


def latex_settings(app: Sphinx, config) -> None:
    """Fill ``latex_elements`` (keeping what _config.yml sets) and the bbm stand-in."""
    main, sans, mono = CJK_FONTS[language(config)]
    elements = dict(config.latex_elements or {})
    elements.setdefault("papersize", "a4paper")
    elements.setdefault("pointsize", "10pt")
    elements.setdefault("fontpkg", FONTPKG % {"main": main, "sans": sans, "mono": mono})
    elements["preamble"] = PREAMBLE + elements.get("preamble", "")
    elements.setdefault("fvset", r"\fvset{fontsize=\small}")
    if language(config) == "zh":
        elements["fvset"] = r"\fvset{fontsize=\small,formatcom=\xeCJKVerbAddon}"
        elements.setdefault("fncychap", "")  # report's plain heads, patched in ZH_PREAMBLE
        elements["preamble"] += ZH_PREAMBLE
    # the stand-ins, written next to the build (latex_additional_files copies them)
    folder = Path(app.doctreedir).parent / "book_ext"
    folder.mkdir(parents=True, exist_ok=True)
    extra = list(config.latex_additional_files or [])
    for name, text in STAND_INS.items():
        if not (folder / name).is_file() or (folder / name).read_text() != text:
            (folder / name).write_text(text)
        extra.append(str(folder / name))
    config.latex_additional_files = extra
    config.latex_elements = elements



# ─── The API page: "Explained in chapter 04 (Gradient descent)" links the chapter ──────────

CHAPTER_MENTION = re.compile(r"\b[Cc]hapter (\d\d)\b(?: \([^()`]+\))?")


def link_chapter_mentions(app: Sphinx, what, name, obj, options, lines: list[str]) -> None:
    """In an autodoc docstring, turn every "chapter NN (Title)" or "chapter NN" of the prose into a link to the
    chapter (not in doctest lines or literal blocks, which are code, nor in a field's first
    line, ``:param x: ...``, where napoleon may have put a misparsed sentence in the name)."""
    stems = {p.stem[:2]: p.stem for p in (Path(app.srcdir) / "chapters").glob("[0-9][0-9]_*.ipynb")}
    literal_indent = None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if line.strip() and indent <= literal_indent:
                literal_indent = None
            else:
                continue
        if line.lstrip().startswith((">>>", "...", ":")):
            continue
        if line.rstrip().endswith("::"):
            literal_indent = indent
        lines[i] = CHAPTER_MENTION.sub(
            lambda m: (f":doc:`{m.group(0)} </chapters/{stems[m.group(1)]}>`"
                       if m.group(1) in stems else m.group(0)), line)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("book_notebooks", {"exercises": "notebooks",
                                            "solutions": "notebooks/solutions"}, "html")
    app.add_config_value("book_downloads", {"zip": "backprop-executable-notebooks.zip",
                                            "pdf": "_build/pdf/backprop-executable.pdf"}, "html")
    app.add_config_value("book_repository_root", "", "html")
    app.add_config_value("book_pdf_stamp", "", "html")
    app.connect("config-inited", _pdf_stamp)
    app.connect("config-inited", latex_settings)
    app.connect("html-page-context", html_page_context, priority=900)
    app.connect("doctree-resolved", resolve_downloads)
    app.connect("build-finished", build_finished)
    app.setup_extension("sphinx.ext.autodoc")  # its event must exist before connecting to it
    app.connect("autodoc-process-docstring", link_chapter_mentions)
    app.add_node(book_downloads)
    app.add_directive("book-downloads", BookDownloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
