"""MyST Markdown → plain Markdown, for notebooks opened where MyST is not understood: Colab,
classic Jupyter, JupyterLab without jupyterlab-myst, GitHub's notebook view.

Rules, each in one place below:

- ``:::{exercise} N.k · Title`` → a heading "Exercise N.k · Title", one level below the section
  it is in, and its body as ordinary paragraphs. ``{solution}`` blocks → a heading "Solution to
  Exercise N.k" (or nothing at all in an exercise notebook).
- Admonitions (``{admonition} Title``, ``{note}``, ``{tip}``, ``{warning}``, ...) and asides
  (``{margin}``, ``{sidebar}``, ``{epigraph}``, ``{topic}``) → a block quote opened by the title
  in bold. Math in a block quote is kept on one line per formula: the notebook front ends take
  math out before reading the Markdown, so a ``>`` at the start of a line would end up in it.
- ``{math}`` blocks → ``$$ … $$`` with the same LaTeX (several equations separated by blank lines
  are aligned, as Sphinx does); a labelled one gets ``\\tag{N}`` with the number N the website
  gives it (equations are numbered through the book, in the order of _toc.yml).
- ``{eq}`label``` → "(N)"; ``{ref}`` and ``{numref}`` → the target's text ("Exercise 4.3", a
  section title); both are linked to the website when the target is on another page.
- ``{doc}`` → a link to that page of the website (``html: baseurl:`` in _config.yml).
- ``{cite:t}`` → "Author (Year)", ``{cite:p}`` → "(Author Year; ...)", from references.bib; the
  works cited are collected for a reference list at the end of the notebook.
- ``{math}`` → ``$…$``; ``{term}`` → the text, linked to the glossary page; ``{sub}``,
  ``{sup}``, ``{kbd}`` → HTML; ``{abbr}`` → its text; literal roles (``{code}``, ``{file}``,
  ...) → inline code; ``{code-block}`` → a plain code fence; ``{figure}``/``{image}`` → an image.
- ``(label)=`` targets and ``%`` comments → removed.
- Code fences (backticks or tildes, with a language or none) and inline code stay verbatim:
  nothing inside them is converted.
- The words the converter writes itself ("Exercise N.k", "Solution to …", an admonition's
  default title, "References") come from ``WORDS``, one table per language: the edition's
  language is the book's (``language:`` in its _config.yml, zh_CN for the Chinese book in zh/)
  or the one ``Book.load`` is given.
- Anything else — an unknown directive or role, a label, document or citation that does not
  exist, a fence that is never closed — is an error that names the notebook and the cell.

Fences follow MyST (and CommonMark): a fence is closed by the first line made of the same
character, at least as many times, and nothing else; to nest ``:::`` blocks, give the outer one
more colons (``::::``).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

from citations import Bibliography, CitationError


class MystError(ValueError):
    """MyST that has no plain-Markdown form here, or that points at nothing."""


ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution",
               "attention", "danger", "error", "seealso", "margin", "sidebar", "epigraph",
               "topic", "dropdown"}
LITERAL_ROLES = {"code", "file", "samp", "command", "program", "literal", "envvar",
                 "guilabel", "menuselection", "option", "mimetype", "regexp"}
CITE_T = {"cite:t", "cite:ts", "cite:ct", "citet"}
CITE_P = {"cite", "cite:p", "cite:ps", "citep", "cite:alp"}

# The words the converter writes, one table per language (every table has the same keys; a
# test checks). The admonitions' titles are Sphinx's own, so a notebook says what the page says.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "exercise": "Exercise {number}",          # a heading: {number} is "4.1 · Title"
        "exercise_untitled": "Exercise",
        "solution": "Solution",
        "solution_to": "Solution to {target}",    # {target}: "Exercise 4.1"
        "references": "References",
        # the exported notebooks' opening line (scripts/export.py): {page} links the chapter's
        # page on the website, {name} is the notebook's name
        "note_exercise": ("Exercise notebook of the chapter {page}: run the cells in order. In "
                          "each exercise, replace `...  # your code here` with your answer and "
                          "run the cell; its check prints ✓ or ✗ with a hint. The solutions are "
                          "in [`solutions/{name}.ipynb`](solutions/{name}.ipynb)."),
        "note_solution": ("Solution notebook of the chapter {page}: the chapter's code with every "
                          "exercise solved (the solutions are in collapsed cells). The exercise "
                          "notebook is [`../{name}.ipynb`](../{name}.ipynb)."),
        "admonition": "Admonition", "note": "Note", "tip": "Tip", "hint": "Hint",
        "important": "Important", "warning": "Warning", "caution": "Caution",
        "attention": "Attention", "danger": "Danger", "error": "Error", "seealso": "See also",
        "margin": "Margin", "sidebar": "Sidebar", "epigraph": "Epigraph", "topic": "Topic",
        "dropdown": "Dropdown",
    },
    "zh": {
        "exercise": "练习 {number}",
        "exercise_untitled": "练习",
        "solution": "解答",
        "solution_to": "{target}的解答",
        "references": "参考文献",
        "note_exercise": ("这是{page}一章的练习笔记本：请按顺序运行各单元。在每道练习中，把 "
                          "`...  # your code here` 换成你的答案，再运行这个单元，它的检查会打印 ✓，"
                          "或者打印 ✗ 和提示。答案在 [`solutions/{name}.ipynb`](solutions/{name}.ipynb) 中。"),
        "note_solution": ("这是{page}一章的答案笔记本：本章的全部代码，每道练习都已解答（答案在折叠的"
                          "单元中）。练习笔记本是 [`../{name}.ipynb`](../{name}.ipynb)。"),
        "admonition": "提示框", "note": "备注", "tip": "小技巧", "hint": "提示",
        "important": "重要", "warning": "警告", "caution": "小心",
        "attention": "注意", "danger": "危险", "error": "错误", "seealso": "参见",
        "margin": "旁注", "sidebar": "侧栏", "epigraph": "题记", "topic": "专题",
        "dropdown": "展开",
    },
}


def book_language(config: dict) -> str:
    """The key of ``WORDS`` for a book's _config.yml: its ``language`` (top level, or Sphinx's
    under ``sphinx: config:``), "zh_CN" → "zh"; English when unset or unknown."""
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    lang = str(config.get("language") or sphinx_config.get("language") or "en")
    lang = lang.split("_")[0].split("-")[0].lower()
    return lang if lang in WORDS else "en"


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:+.-]*)\}(?P<ticks>`+)")
TARGET_LINE = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
TEXT_AND_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
SUBSTITUTION = re.compile(r"\{\{\s*[A-Za-z_][\w.]*\s*\}\}")
LABELLED_DOLLARMATH = re.compile(r"\$\$[ \t]*\((?P<label>[^()\s]+)\)")


# --------------------------------------------------------------------------- blocks

@dataclass
class Fence:
    indent: str
    fence: str
    info: str
    body: list[str]
    line: int          # 1-based line of the opening fence in its text

    @property
    def directive(self) -> tuple[str, str] | None:
        """(name, argument) when the fence opens a directive ``{name} argument``."""
        match = DIRECTIVE.match(self.info.strip())
        return (match["name"], match["arg"]) if match else None


def split_blocks(lines: list[str], first_line: int = 1) -> Iterator[list[str] | Fence]:
    """Text (a list of lines) and fenced blocks, in order."""
    text: list[str] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            text.append(lines[i])
            i += 1
            continue
        fence = match["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), None)
        if end is None:
            raise MystError(f"the {fence} fence opened on line {first_line + i} "
                            f"({lines[i].strip()!r}) is never closed")
        if text:
            yield text
            text = []
        yield Fence(match["indent"], fence, match["info"].strip(), lines[i + 1:end], first_line + i)
        i = end + 1
    if text:
        yield text


def directive_parts(fence: Fence) -> tuple[dict[str, str], list[str]]:
    """A directive's options (``:key: value`` lines or a ``---`` YAML block) and its content."""
    body = [line[len(fence.indent):] if line.startswith(fence.indent) else line
            for line in fence.body]
    options: dict[str, str] = {}
    if body and body[0].strip() == "---":
        end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), None)
        if end is None:
            raise MystError(f"the options of the directive on line {fence.line} open with "
                            "'---' but never close")
        options = {str(k): str(v) for k, v in (yaml.safe_load("\n".join(body[1:end])) or {}).items()}
        body = body[end + 1:]
    else:
        while body and (match := OPTION.match(body[0])):
            options[match["key"]] = match["value"].strip()
            body = body[1:]
    return options, body


def _depth0_has_newline(latex: str) -> bool:
    """Whether ``\\\\`` occurs outside every brace group and environment."""
    depth, i = 0, 0
    while i < len(latex):
        if latex.startswith("\\begin{", i):
            depth += 1
        elif latex.startswith("\\end{", i):
            depth -= 1
        elif latex.startswith("\\\\", i):
            if depth == 0:
                return True
            i += 2
            continue
        elif latex[i] == "\\":
            i += 2
            continue
        elif latex[i] == "{":
            depth += 1
        elif latex[i] == "}":
            depth -= 1
        i += 1
    return False


def display_math(latex: str, number: int | None) -> list[str]:
    """``$$ … $$`` lines for a math block; blank-line-separated equations are aligned."""
    parts = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", latex.strip("\n")) if p.strip()]
    if len(parts) > 1:
        latex = "\\begin{aligned}\n" + " \\\\\n".join(parts) + "\n\\end{aligned}"
    elif parts and _depth0_has_newline(parts[0]):
        latex = "\\begin{aligned}\n" + parts[0] + "\n\\end{aligned}"
    else:
        latex = parts[0] if parts else ""
    tag = [f"\\tag{{{number}}}"] if number is not None else []
    return ["$$", *latex.split("\n"), *tag, "$$"]


# --------------------------------------------------------------------------- the book's index

@dataclass(frozen=True)
class Target:
    """What a label points at: its page, the text a reference shows, its id on the page."""
    doc: str
    text: str
    anchor: str
    number: str | None = None


@dataclass
class Book:
    """Everything a reference can point at: pages in toc order, their titles, labels
    (equations with their numbers, exercises, sections), the bibliography, the site address."""
    root: Path
    baseurl: str
    docs: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    bibliography: Bibliography | None = None
    repository: str = ""
    equations: int = 0
    language: str = "en"       # the key of WORDS: the words the converter writes
    path_to_book: str = ""     # the book's folder in the repository ("zh"), for image links

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.language]

    @classmethod
    def load(cls, root: Path, language: str | None = None) -> "Book":
        """The book in ``root`` (its _config.yml and _toc.yml); ``language`` ("en", "zh")
        overrides the one its _config.yml sets."""
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
        language = language or book_language(config)
        if language not in WORDS:
            raise MystError(f"no words for the language {language!r}: add a table to "
                            "plainmd.WORDS")
        baseurl = ((config.get("html") or {}).get("baseurl") or "").strip()
        if not baseurl.startswith("http"):
            raise MystError("_config.yml needs the website's address as html: baseurl: "
                            "(links in the exported notebooks point there)")
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
        book = cls(root, baseurl.rstrip("/") + "/", list(_toc_files(toc)),
                   repository=((config.get("repository") or {}).get("url") or "").rstrip("/"),
                   language=language,
                   path_to_book=str((config.get("repository") or {}).get("path_to_book")
                                    or "").strip("/"))
        for bibfile in config.get("bibtex_bibfiles") or []:
            book.bibliography = Bibliography.from_file(root / bibfile)
        for doc in book.docs:
            try:
                book._index(doc, doc_markdown(root, doc))
            except MystError as error:
                raise MystError(f"{doc}: {error}") from None
        return book

    def url(self, doc: str, anchor: str = "") -> str:
        return f"{self.baseurl}{doc}.html" + (f"#{anchor}" if anchor else "")

    def _index(self, doc: str, text: str) -> None:
        lines = text.split("\n")
        title = next((m["text"] for line in lines if (m := HEADING.match(line))
                      and len(m["hashes"]) == 1), doc)
        self.titles[doc] = _strip_markup(title)
        self._index_lines(doc, lines)

    def _index_lines(self, doc: str, lines: list[str]) -> None:
        for block in split_blocks(lines):
            if isinstance(block, list):
                for k, line in enumerate(block):
                    if m := TARGET_LINE.match(line):
                        heading = next((HEADING.match(b) for b in block[k + 1:] if b.strip()), None)
                        text = _strip_markup(heading["text"]) if heading else m["label"]
                        self.targets[m["label"]] = Target(doc, text, m["label"])
                    for m in LABELLED_DOLLARMATH.finditer(line):
                        self._equation(doc, m["label"])
                continue
            directive = block.directive
            if not directive:
                continue
            name, arg = directive
            options, body = directive_parts(block)
            label = options.get("label") or options.get("name")
            if name == "math" and label:
                self._equation(doc, label)
            elif name == "exercise" and label:
                number = re.match(r"(\d+(?:\.\d+)*)", arg.strip())
                text = (self.words["exercise"].format(number=number[1]) if number
                        else self.words["exercise_untitled"])
                self.targets[label] = Target(doc, text, label, number[1] if number else None)
            elif label:
                self.targets[label] = Target(doc, _strip_markup(arg) or label, label)
            self._index_lines(doc, body)

    def _equation(self, doc: str, label: str) -> None:
        self.equations += 1
        self.targets[label] = Target(doc, f"({self.equations})", f"equation-{label}",
                                     str(self.equations))


def _toc_files(node) -> Iterator[str]:
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                yield re.sub(r"\.(md|ipynb)$", "", node[key])
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key) or []:
                yield from _toc_files(child)
    elif isinstance(node, list):
        for child in node:
            yield from _toc_files(child)


def doc_markdown(root: Path, doc: str) -> str:
    """The Markdown of a page: a notebook's markdown cells, or a .md file without front matter."""
    if (root / f"{doc}.ipynb").exists():
        cells = json.loads((root / f"{doc}.ipynb").read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                           for c in cells if c["cell_type"] == "markdown")
    if (root / f"{doc}.md").exists():
        text = (root / f"{doc}.md").read_text(encoding="utf-8")
        return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    raise MystError(f"_toc.yml lists {doc!r}, but there is no {doc}.md or {doc}.ipynb")


def _strip_markup(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


# --------------------------------------------------------------------------- the converter

class Converter:
    """Converts the markdown cells of one page, in order (the section level carries over from
    cell to cell), and collects the works cited for the reference list."""

    def __init__(self, book: Book, doc: str, exercise_notebook: bool = False):
        self.book = book
        self.doc = doc
        self.exercise_notebook = exercise_notebook
        self.level = 1            # level of the last heading seen
        self.cited: list[str] = []

    def convert(self, text: str, where: str = "") -> str:
        """Plain Markdown for one cell's MyST; ``where`` names the cell in error messages."""
        try:
            lines = self._blocks(text.split("\n"))
        except (MystError, CitationError) as error:
            raise MystError(f"{where}: {error}" if where else str(error)) from None
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        return "\n".join(lines)

    # -- blocks

    def _blocks(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for block in split_blocks(lines):
            if isinstance(block, list):
                out += self._text(block)
            elif block.directive:
                out += [block.indent + line if line else line for line in self._directive(block)]
            else:
                out += [block.indent + block.fence + block.info, *block.body,
                        block.indent + block.fence]
        return out

    def _text(self, lines: list[str]) -> list[str]:
        kept = []
        for line in lines:
            if TARGET_LINE.match(line) or re.match(r"^%", line) or line.strip() == "+++":
                continue
            if m := HEADING.match(line):
                self.level = len(m["hashes"])
            if SUBSTITUTION.search(line):
                raise MystError(f"a substitution ({line.strip()!r}) has no plain form")
            kept.append(line)
        text = LABELLED_DOLLARMATH.sub(
            lambda m: f"\\tag{{{self._target(m['label']).number}}}$$", "\n".join(kept))
        return self._inline(text).split("\n")

    def _directive(self, block: Fence) -> list[str]:
        name, arg = block.directive
        options, body = directive_parts(block)
        if name == "exercise":
            words = self.book.words
            title = words["exercise"].format(number=arg.strip()) if arg.strip() \
                else words["exercise_untitled"]
            heading = "#" * min(self.level + 1, 6) + " " + title
            return [heading, "", *self._blocks(body)]
        if name == "solution":
            if self.exercise_notebook:
                return []
            target = self._target(arg.strip()) if arg.strip() else None
            words = self.book.words
            title = words["solution_to"].format(target=target.text) if target else words["solution"]
            heading = "#" * min(self.level + 1, 6) + " " + title
            return [heading, "", *self._blocks(body)]
        if name in ADMONITIONS:
            if name == "admonition":
                title = arg.strip()
            else:   # these take no title: text after the name starts the content
                title = self.book.words[name]
                body = ([arg] if arg.strip() else []) + body
                if name in ("margin", "sidebar", "topic", "dropdown") and arg.strip():
                    title, body = arg.strip(), body[1:]
            return self._quote(title, self._blocks(body))
        if name == "math":
            label = options.get("label") or options.get("name")
            number = self._target(label).number if label else None
            return display_math("\n".join(body), number)
        if name in ("code-block", "code", "sourcecode"):
            return ["```" + arg.strip(), *body, "```"]
        if name in ("figure", "image"):
            return self._image(arg.strip(), options, body)
        raise MystError(f"the directive {{{name}}} (line {block.line}) has no plain-Markdown "
                        "form: add one in scripts/plainmd.py, or write plain Markdown")

    def _quote(self, title: str, lines: list[str]) -> list[str]:
        """A block quote; each formula's math on one line (see the module docstring)."""
        joined: list[str] = []
        in_display, code_fence = False, None
        for line in lines:
            fence = re.match(r"^\s*(`{3,}|~{3,})", line)
            if code_fence:              # code is verbatim, whatever $ it holds
                joined.append(line)
                if fence and fence[1][0] == code_fence[0] and len(fence[1]) >= len(code_fence) \
                        and not line.strip().strip(code_fence[0]):
                    code_fence = None
            elif fence:
                joined.append(line)
                code_fence = fence[1]
            elif in_display:
                joined[-1] += " " + line.strip()
                in_display = line.strip() != "$$"
            elif line.strip() == "$$":
                joined.append(line)
                in_display = True
            elif joined and _open_inline_math(joined[-1]) and line.strip():
                joined[-1] += " " + line.strip()
            else:
                joined.append(line)
        head = [f"> **{self._inline(title)}**", ">"] if title else []
        return head + [f"> {line}" if line.strip() else ">" for line in joined]

    def _image(self, src: str, options: dict, body: list[str]) -> list[str]:
        if not re.match(r"https?://", src):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(self.doc), src))
            if not self.book.repository:
                raise MystError(f"the image {src!r} needs _config.yml's repository: url:")
            if self.book.path_to_book:
                path = f"{self.book.path_to_book}/{path}"
            src = f"{self.book.repository}/blob/main/{path}?raw=true"
        alt = options.get("alt", "")
        caption = "\n".join(self._blocks(body)).strip()
        return [f"![{alt}]({src})"] + (["", f"*{caption}*"] if caption else [])

    # -- inline

    def _inline(self, text: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\\":
                out.append(text[i:i + 2])
                i += 2
                continue
            role = ROLE.match(text, i)
            if role:
                ticks = role["ticks"]
                start = role.end()
                end = text.find(ticks, start)
                while end != -1 and text.startswith("`", end + len(ticks)):
                    end = text.find(ticks, end + len(ticks) + 1)
                if end == -1:
                    raise MystError(f"the role {{{role['name']}}} is never closed")
                out.append(self._role(role["name"], text[start:end]))
                i = end + len(ticks)
                continue
            if ch == "`":   # inline code: verbatim up to the closing run of backticks
                run = re.match(r"`+", text[i:]).group()
                end = re.compile(rf"(?<!`){run}(?!`)").search(text, i + len(run))
                stop = end.end() if end else i + len(run)
                out.append(text[i:stop])
                i = stop
                continue
            out.append(ch)
            i += 1
        return "".join(out)

    def _role(self, name: str, content: str) -> str:
        text, target = _text_and_target(content)
        if name == "doc":
            doc = self._doc(target)
            return f"[{text or self.book.titles[doc]}]({self.book.url(doc)})"
        if name in ("ref", "numref", "eq"):
            found = self._target(target)
            if name == "eq":
                shown = text or found.text
            elif name == "numref" and text and found.number:
                shown = text.replace("%s", found.number).replace("{number}", found.number)
            else:
                shown = text or found.text
            if found.doc == self.doc:
                return shown
            return f"[{shown}]({self.book.url(found.doc, found.anchor)})"
        if name in CITE_T | CITE_P:
            keys = [k.strip() for k in content.split(",") if k.strip()]
            if self.book.bibliography is None:
                raise MystError("a citation, but _config.yml lists no bibtex_bibfiles")
            cite = self.book.bibliography.cite_t if name in CITE_T else self.book.bibliography.cite_p
            result = cite(keys)
            self.cited += [k for k in keys if k not in self.cited]
            return result
        if name == "math":
            return f"${content}$"
        if name == "term":
            glossary = next((d for d in self.book.docs if d.endswith("glossary")), None)
            shown = text or target
            return f"[{shown}]({self.book.url(glossary)})" if glossary else shown
        if name in ("sub", "sup", "kbd"):
            return f"<{name}>{content}</{name}>"
        if name == "abbr":
            return content
        if name in ("emphasis", "strong"):
            mark = "*" if name == "emphasis" else "**"
            return f"{mark}{content}{mark}"
        if name in LITERAL_ROLES:
            return f"`{content}`"
        raise MystError(f"the role {{{name}}}`{content}` has no plain-Markdown form: add one "
                        "in scripts/plainmd.py, or write plain Markdown")

    def _doc(self, target: str) -> str:
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(self.doc), target))
        path = re.sub(r"\.(md|ipynb)$", "", path)
        if path not in self.book.titles:
            raise MystError(f"{{doc}}`{target}` names no page of the book ({path!r} is not "
                            "in _toc.yml)")
        return path

    def _target(self, label: str) -> Target:
        try:
            return self.book.targets[label]
        except KeyError:
            raise MystError(f"no label {label!r} in the book (a typo, or a page missing from "
                            "_toc.yml?)") from None

    def references(self) -> str | None:
        """The reference list for the works cited so far, as a markdown cell's source."""
        if not self.cited:
            return None
        return "\n".join([f"## {self.book.words['references']}", "",
                          *self.book.bibliography.reference_list(self.cited)])


def _text_and_target(content: str) -> tuple[str | None, str]:
    match = TEXT_AND_TARGET.match(content)
    if match and match["text"]:
        return " ".join(match["text"].split()), match["target"].strip()
    return None, content.strip()


def _open_inline_math(line: str) -> bool:
    """Whether ``line`` ends inside inline ``$…$`` math (an odd number of unescaped ``$``)."""
    line = re.sub(r"`+[^`]*`+", "", line).replace("\\$", "").replace("$$", "")
    return line.count("$") % 2 == 1
