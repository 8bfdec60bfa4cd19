#!/usr/bin/env python3
"""The Chinese edition (中文版): gettext catalogues and the generated book in zh/.

    python scripts/i18n.py extract           English text → locale/zh_CN/LC_MESSAGES/<page>.po (a merge)
    python scripts/i18n.py generate [PAGE…]  catalogues → zh/, re-executing the zh notebooks that need it
    python scripts/i18n.py update            extract, then generate, then export (what an author runs)
    python scripts/i18n.py status            translated / fuzzy / untranslated entries per page
    python scripts/i18n.py site              build the Chinese site into _build/html/zh/
    python scripts/i18n.py export            the Chinese exercise notebooks → notebooks/zh/

One source, translated cell by cell. Every page of the English book (the files of _toc.yml and
every chapter notebook) has a catalogue named after it (`02_grid_search.po`, `intro.po`), and
`book.po` holds the book's title, footer and the table of contents' captions.

- A notebook gives one entry per markdown cell; its msgctxt is the cell's id (nbformat 4.5),
  so an entry follows its cell wherever the cell moves.
- A Markdown page gives one entry per block: a paragraph, a heading, a whole list, a whole
  table, a whole `:::` directive. Code blocks, `{eval-rst}`, `{bibliography}` and display
  math are copied as they are. The glossary gives one entry per term.
- A block with nothing to translate (only code, math or markup) gets no entry.

Re-extraction merges. An entry whose English text is unchanged keeps its translation. An
English text that changed keeps the old translation but marks it fuzzy, with the text it
translated as the previous msgid (`#| msgid`), so the translator sees the difference. A cell or
block that disappeared leaves its translated entry obsolete (`#~`) at the end of the file.

Generating zh/ uses a translation only when it is translated and not fuzzy; anything else
shows the English text, and the command prints the counts per page. Code cells are the
English ones, except the bootstrap cell (`nbtool.install_cell_source(url, language="zh")`, which makes
the checks speak Chinese). Stored outputs are kept from the previous zh/ notebook when the
code and the English outputs are unchanged (apart from the checks' ✓/✗ lines, which are the
Chinese ones); otherwise the notebook is re-executed with `nbtool execute`.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import functools
import importlib.util
import inspect
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "zh_CN"
LOCALE = ROOT / "locale" / LANGUAGE / "LC_MESSAGES"
INSERTS = ROOT / "locale" / LANGUAGE / "inserts"
# Settings of the Chinese book that are not a translation of the English ones (for example
# where its exercise notebooks are), merged last into zh/_config.yml.
CONFIG_OVERRIDES = ROOT / "locale" / LANGUAGE / "config.yml"
ZH = ROOT / "zh"
BOOK_CATALOGUE = "book"
SANITIZE = ROOT / "tests" / "sanitize.cfg"

_spec = importlib.util.spec_from_file_location("nbtool", ROOT / "scripts" / "nbtool.py")
nbtool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nbtool)


# ─── The pages of the book ────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Page:
    """One page of the English book, by its path relative to the book's root."""

    source: str                                     # "chapters/02_grid_search.ipynb"

    @property
    def key(self) -> str:                           # "02_grid_search": names the catalogue
        return Path(self.source).stem

    @property
    def is_notebook(self) -> bool:
        return self.source.endswith(".ipynb")

    def catalogue(self, root: Path = ROOT) -> Path:
        return root / LOCALE.relative_to(ROOT) / f"{self.key}.po"

    def target(self, root: Path = ROOT) -> Path:
        return root / "zh" / self.source


def _toc_files(toc: dict) -> list[str]:
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


def book_pages(root: Path = ROOT) -> list[Page]:
    """Every page the Chinese edition mirrors: the files of _toc.yml, and every chapter
    notebook (also one not in the toc yet), in toc order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    sources = []
    for name in _toc_files(toc):
        for suffix in (".ipynb", ".md"):
            if (root / f"{name}{suffix}").exists():
                sources.append(f"{name}{suffix}")
                break
        else:
            raise SystemExit(f"i18n: _toc.yml names {name!r}, but neither {name}.ipynb nor {name}.md exists")
    for path in sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb")):
        rel = path.relative_to(root).as_posix()
        if rel not in sources:
            sources.append(rel)
    keys = [Path(s).stem for s in sources]
    duplicated = {k for k in keys if keys.count(k) > 1} | ({BOOK_CATALOGUE} & set(keys))
    if duplicated:
        raise SystemExit(f"i18n: two pages would share the catalogue name(s) {sorted(duplicated)}")
    return [Page(s) for s in sources]


# ─── What is translatable ─────────────────────────────────────────────────────────────────

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
# inline math may wrap onto a second line, never across a blank line
_MATH = re.compile(r"\$\$.*?\$\$|\$(?:[^$\n]|\n(?![ \t]*\n))+\$", re.DOTALL)
_ROLE = re.compile(r"\{[\w:.-]+\}")
_URL = re.compile(r"https?://\S+|<[^>\n]+>")
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:.*$", re.MULTILINE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def prose(text: str) -> str:
    """The text a reader reads: without code spans, math, role names, URLs and directive options."""
    for pattern in (_CODE_SPAN, _MATH, _ROLE, _URL, _DIRECTIVE_OPTION):
        text = pattern.sub(" ", text)
    return text


def has_words(text: str) -> bool:
    """Whether a cell or block has anything to translate (else it is copied as it is)."""
    words = prose(text)
    return bool(re.search(r"[A-Za-z]{2,}", words) or CJK.search(words))


# ─── Markdown pages: blocks ───────────────────────────────────────────────────────────────

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])\s")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
_LITERAL_LINE = re.compile(r"^\(.+\)=\s*$|^%|^<!--")      # MyST targets, comments
# Backtick fences whose content is code, math or generated: copied, never translated.
_LITERAL_DIRECTIVES = {"{eval-rst}", "{bibliography}", "{math}", "{code-cell}", "{code-block}",
                       "{code}", "{literalinclude}", "{toctree}", "{tableofcontents}", "{raw}"}


@dataclass
class Piece:
    """A run of a Markdown page: `text` (with its line ends) and whether it is translated."""

    text: str
    translatable: bool = False


def _fence_end(lines: list[str], start: int) -> int:
    """Index of the line that closes the fence opened at `start` (or the last line)."""
    match = _FENCE.match(lines[start].rstrip("\n"))
    char, width = match["fence"][0], len(match["fence"])
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= width:
            return j
    return len(lines) - 1


def _math_end(lines: list[str], start: int) -> int:
    """If line `start` opens a $$ block that it does not close, the line that closes it."""
    line = lines[start].strip()
    if not line.startswith("$$") or (line.count("$$") >= 2):
        return start
    for j in range(start + 1, len(lines)):
        if "$$" in lines[j]:
            return j
    return len(lines) - 1


def _glossary_pieces(lines: list[str]) -> list[Piece]:
    """The inside of a {glossary} fence: one translatable piece per term (term line and its
    indented definition), blank lines between them literal."""
    pieces, i = [], 0
    while i < len(lines):
        if not lines[i].strip() or _DIRECTIVE_OPTION.match(lines[i]) and not lines[i].startswith(" "):
            pieces.append(Piece(lines[i]))
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (lines[j].startswith((" ", "\t")) or
                                  (not lines[j].strip() and j + 1 < len(lines)
                                   and lines[j + 1].startswith((" ", "\t")))):
            j += 1
        pieces.append(Piece("".join(lines[i:j]), True))
        i = j
    return pieces


def split_markdown(text: str) -> list[Piece]:
    """Split a Markdown page into pieces whose concatenation is the page.

    Translatable pieces are headings, paragraphs (with any display math inside them), whole
    lists, whole tables and whole `:::` or prose directives; each glossary term is a piece.
    Code fences, literal directives, front matter, targets and blank lines are literal.
    """
    lines = text.splitlines(keepends=True)
    pieces: list[Piece] = []
    i = 0
    if lines and lines[0].strip() == "---":                 # front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        pieces.append(Piece("".join(lines[: end + 1])))
        i = end + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip() or _LITERAL_LINE.match(line):
            pieces.append(Piece(line))
            i += 1
            continue
        fence = _FENCE.match(line.rstrip("\n"))
        if fence:
            end = _fence_end(lines, i)
            info = fence["info"].strip()
            directive = info.split()[0] if info else ""
            if fence["fence"][0] == "`" and directive == "{glossary}":
                pieces.append(Piece(line))
                pieces.extend(_glossary_pieces(lines[i + 1: end]))
                pieces.append(Piece(lines[end]))
            elif fence["fence"][0] == ":" or (directive.startswith("{") and directive not in _LITERAL_DIRECTIVES):
                pieces.append(Piece("".join(lines[i: end + 1]), True))
            else:
                pieces.append(Piece("".join(lines[i: end + 1])))
            i = end + 1
            continue
        if _HEADING.match(line):
            pieces.append(Piece(line, True))
            i += 1
            continue
        j = i
        if _LIST_ITEM.match(line):
            # a list: its items, their indented continuations, blank lines between them
            while j < len(lines):
                if lines[j].strip():
                    if j > i and not (_LIST_ITEM.match(lines[j]) or lines[j].startswith((" ", "\t"))):
                        if not lines[j - 1].strip():
                            break
                    if j > i and (_HEADING.match(lines[j]) or _FENCE.match(lines[j].rstrip("\n"))
                                  and not lines[j].startswith((" ", "\t"))):
                        break
                    j = _math_end(lines, j) + 1
                else:
                    nxt = next((k for k in range(j, len(lines)) if lines[k].strip()), None)
                    if nxt is None or not (_LIST_ITEM.match(lines[nxt]) or lines[nxt].startswith((" ", "\t"))):
                        break
                    j += 1
        else:
            # a paragraph or a table: up to a blank line, a heading or a fence
            while j < len(lines) and lines[j].strip():
                if j > i and (_HEADING.match(lines[j]) or _FENCE.match(lines[j].rstrip("\n"))):
                    break
                j = _math_end(lines, j) + 1
        pieces.append(Piece("".join(lines[i:j]), True))
        i = j
    assert "".join(p.text for p in pieces) == text
    return pieces


# ─── Messages ─────────────────────────────────────────────────────────────────────────────

@dataclass
class Message:
    """One translatable unit: a markdown cell, a block of a page, a term, a caption."""

    msgid: str
    msgctxt: str | None
    occurrence: str


def _strip_end(text: str) -> tuple[str, str]:
    body = text.rstrip("\n")
    return body, text[len(body):]


def notebook_messages(nb, source: str) -> list[Message]:
    messages = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or not has_words(cell.source):
            continue
        if not cell.get("id"):
            raise SystemExit(
                f"i18n: {source}: markdown cell {index} has no id (nbformat < 4.5). Ids tie each "
                "cell to its translation: re-save the notebook with nbformat >= 5.1 "
                "(nbformat.write after nbformat.validator.normalize) so that every cell gets one")
        messages.append(Message(cell.source, cell.id, source))
    ids = [m.msgctxt for m in messages]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"i18n: {source}: two markdown cells share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
    return messages


def markdown_messages(text: str, source: str) -> list[Message]:
    messages, seen = [], set()
    for piece in split_markdown(text):
        body, _ = _strip_end(piece.text)
        if piece.translatable and has_words(body) and body not in seen:
            seen.add(body)
            messages.append(Message(body, None, source))
    return messages


def book_messages(root: Path = ROOT) -> list[Message]:
    """The book's own strings: title, footer, the toc's captions."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    messages = [Message(config["title"], "title", "_config.yml")]
    if config.get("author"):
        messages.append(Message(config["author"], "author", "_config.yml"))
    footer = config.get("html", {}).get("extra_footer")
    if footer:
        messages.append(Message(footer.strip("\n"), "html.extra_footer", "_config.yml"))
    for part in toc.get("parts", []):
        if part.get("caption"):
            messages.append(Message(part["caption"], "caption", "_toc.yml"))
    return messages


def page_messages(page: Page, root: Path = ROOT) -> list[Message]:
    path = root / page.source
    if page.is_notebook:
        return notebook_messages(nbformat.read(path, as_version=4), page.source)
    return markdown_messages(path.read_text(encoding="utf-8"), page.source)


# ─── Glossary and quotations: what the translator is told, and what the tests check ──────

def glossary_terms(root: Path = ROOT) -> dict[str, str]:
    """English term → Chinese term, from chapters/glossary.md's term lines ("en · 中文")."""
    terms = {}
    for piece in split_markdown((root / "chapters" / "glossary.md").read_text(encoding="utf-8")):
        first = piece.text.split("\n", 1)[0]
        if not piece.translatable or " · " not in first or first.startswith(("#", " ")):
            continue
        english, chinese = (s.strip() for s in first.split(" · ", 1))
        english = re.sub(r"\s*\(.*?\)", "", english).strip()     # "context (ctx)" → "context"
        if CJK.search(chinese):
            terms[english] = chinese
    return terms


def term_pattern(english: str) -> re.Pattern:
    """A glossary term in English prose: whole words, any case, an optional plural."""
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", english))
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)


def quoted_chinese(text: str) -> list[str]:
    """The Chinese runs of an English text: the notes' quoted words and sentences, and
    Chinese terms. A translation must keep each of them verbatim."""
    runs = re.findall(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+", prose(text))
    runs = [r.strip("\u3000-\u303f\uff01-\uff5e，。：；、？！（）") for r in runs]
    runs = [r for r in dict.fromkeys(runs) if len(CJK.findall(r)) >= 2]
    return [r for r in runs if not any(r != other and r in other for other in runs)]


def translator_notes(msgid: str, terms: dict[str, str]) -> str | None:
    """The extracted comment (#.) of an entry: the Chinese it must keep and the glossary
    terms it uses. Derived from the English text alone, so it changes only with it."""
    notes = []
    quoted = quoted_chinese(msgid)
    if quoted:
        notes.append("Keep verbatim (the notes' own words): " + "; ".join(quoted))
    text = prose(msgid)
    used = [f"{en} → {zh}" for en, zh in terms.items() if term_pattern(en).search(text)]
    if used:
        notes.append("Glossary: " + "; ".join(used))
    return "\n".join(notes) or None


# ─── Catalogues: merge ────────────────────────────────────────────────────────────────────

SIMILAR = 0.6   # an unmatched new text this similar to an old translated one inherits it, fuzzy


@dataclass
class MergeStats:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    fuzzy_total: int = 0
    untranslated_total: int = 0


def new_catalogue() -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.header = ("Chinese (zh_CN) translation of 'Backpropagation, executable'.\n"
                 "Generated and merged by `python scripts/i18n.py extract`; edit only msgstr\n"
                 "(and remove the fuzzy flag and #| lines once the translation is current).")
    po.metadata = {
        "Project-Id-Version": "backprop-executable",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return po


def _is_translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr.strip())


def merge(old: polib.POFile | None, messages: list[Message], terms: dict[str, str]) -> tuple[polib.POFile, MergeStats]:
    """A catalogue for `messages`, carrying over the translations of `old` (see the module
    docstring for the rules)."""
    po, stats = new_catalogue(), MergeStats()
    old_entries = list(old) if old is not None else []
    for entry in old_entries:
        entry.obsolete = bool(entry.obsolete)
    used: set[int] = set()

    def take(predicate):
        for k, entry in enumerate(old_entries):
            if k not in used and predicate(entry):
                used.add(k)
                return entry
        return None

    pending = []
    for message in messages:
        entry = polib.POEntry(msgid=message.msgid, msgctxt=message.msgctxt, msgstr="",
                              occurrences=[(message.occurrence, "")],
                              comment=translator_notes(message.msgid, terms))
        po.append(entry)
        # 1. the same text in the same place
        same = take(lambda e: e.msgid == message.msgid and e.msgctxt == message.msgctxt and not e.obsolete)
        # 2. the same text, moved (a recreated cell has a new id) or restored from obsolete
        same = same or take(lambda e: e.msgid == message.msgid and _is_translated(e))
        if same is not None:
            entry.msgstr, entry.tcomment = same.msgstr, same.tcomment
            if same.fuzzy:
                entry.flags.append("fuzzy")
                entry.previous_msgid = same.previous_msgid
            stats.kept += _is_translated(same)
            continue
        # 3. the same cell (msgctxt), its English changed
        if message.msgctxt is not None:
            moved = take(lambda e: e.msgctxt == message.msgctxt and not e.obsolete)
            if moved is not None:
                _inherit(entry, moved, stats)
                continue
        pending.append(entry)
    # 4. a new text close to an old translated one that lost its place: fuzzy
    for entry in pending:
        best, best_ratio = None, SIMILAR
        for k, old_entry in enumerate(old_entries):
            if k in used or not _is_translated(old_entry):
                continue
            matcher = difflib.SequenceMatcher(None, old_entry.msgid, entry.msgid, autojunk=False)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = k, ratio
        if best is not None:
            used.add(best)
            _inherit(entry, old_entries[best], stats)
        else:
            stats.new += 1
    # what is left and was translated becomes obsolete (untranslated leftovers are dropped)
    for k, old_entry in enumerate(old_entries):
        if k not in used and _is_translated(old_entry):
            gone = polib.POEntry(msgid=old_entry.msgid, msgctxt=old_entry.msgctxt,
                                 msgstr=old_entry.msgstr, tcomment=old_entry.tcomment, obsolete=True)
            if old_entry.fuzzy:
                gone.flags.append("fuzzy")
            po.append(gone)
            stats.obsolete += 1
    active = [e for e in po if not e.obsolete]
    stats.fuzzy_total = sum(e.fuzzy for e in active)
    stats.untranslated_total = sum(not _is_translated(e) for e in active)
    return po, stats


def _inherit(entry: polib.POEntry, old: polib.POEntry, stats: MergeStats) -> None:
    """`entry` takes over the translation of `old`, whose English was different."""
    if not _is_translated(old):
        stats.new += 1
        return
    entry.msgstr, entry.tcomment = old.msgstr, old.tcomment
    # the translation is of the text it was made for: the previous msgid of a fuzzy entry
    previous = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
    if previous == entry.msgid:                  # the English came back to what was translated
        stats.kept += 1
        return
    entry.flags.append("fuzzy")
    entry.previous_msgid = previous
    stats.fuzzy += 1


def extract(root: Path = ROOT, write: bool = True, quiet: bool = False) -> dict[str, polib.POFile]:
    """Merge the English text of every page into its catalogue. Returns {key: catalogue}."""
    terms = glossary_terms(root)
    sources = [(page.key, page.catalogue(root), page_messages(page, root)) for page in book_pages(root)]
    sources.append((BOOK_CATALOGUE, root / LOCALE.relative_to(ROOT) / f"{BOOK_CATALOGUE}.po", book_messages(root)))
    catalogues = {}
    for key, path, messages in sources:
        old = polib.pofile(str(path), wrapwidth=0) if path.exists() else None
        po, stats = merge(old, messages, terms)
        catalogues[key] = po
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            text = _catalogue_text(po)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
        if not quiet:
            print(f"{key + '.po':28} {len(messages):4} entries: {stats.kept:4} kept, {stats.fuzzy:3} newly fuzzy, "
                  f"{stats.new:4} new, {stats.obsolete:3} newly obsolete "
                  f"(now {stats.fuzzy_total} fuzzy, {stats.untranslated_total} untranslated)")
    return catalogues


def _catalogue_text(po: polib.POFile) -> str:
    return str(po).rstrip("\n") + "\n"


def load_catalogue(key: str, root: Path = ROOT) -> polib.POFile:
    path = root / LOCALE.relative_to(ROOT) / f"{key}.po"
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else new_catalogue()


# ─── Generating zh/ ───────────────────────────────────────────────────────────────────────

@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def english(self) -> int:
        return self.fuzzy + self.untranslated

    def __iadd__(self, other: "Counts") -> "Counts":
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        return self


_CJK_TEXT = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK_TEXT}])\n[ \t]*(?=[{_CJK_TEXT}])")


_LINE_CONTENT = re.compile(r"[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?")   # indent and list marker


def join_cjk_lines(text: str) -> str:
    """Join the lines of a translation where a line break falls between two Chinese
    characters. A browser shows such a break as a space, which Chinese does not have; the
    catalogue keeps its short lines for the translator, the page gets none. Fenced code is
    left as it is, and so is a break before a line indented deeper than the text of the line
    above (a glossary term and its definition, a definition list)."""
    def join(match: re.Match) -> str:
        part = match.string
        start = part.rfind("\n", 0, match.start()) + 1
        content = _LINE_CONTENT.match(part, start).end() - start
        indent = len(match.group(0)) - 1
        return match.group(0) if indent > content else ""

    parts = re.split(r"(^(?:`{3,}|~{3,}).*?^(?:`{3,}|~{3,})[ \t]*$)", text, flags=re.MULTILINE | re.DOTALL)
    return "".join(part if k % 2 else _CJK_BREAK.sub(join, part) for k, part in enumerate(parts))


class Translator:
    """Looks up a catalogue: the translation when translated and not fuzzy, else the English."""

    def __init__(self, po: polib.POFile):
        self.entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
        self.counts = Counts()

    def __call__(self, msgid: str, msgctxt: str | None = None) -> str:
        entry = self.entries.get((msgctxt, msgid))
        if entry is not None and entry.fuzzy:
            self.counts.fuzzy += 1
        elif entry is not None and _is_translated(entry):
            self.counts.translated += 1
            return join_cjk_lines(entry.msgstr)
        else:
            self.counts.untranslated += 1
        return msgid


def zh_markdown(page: Page, translate: Translator, root: Path = ROOT) -> str:
    out = []
    for piece in split_markdown((root / page.source).read_text(encoding="utf-8")):
        body, end = _strip_end(piece.text)
        out.append(translate(body) + end if piece.translatable and has_words(body) else piece.text)
    text = "".join(out)
    insert = root / INSERTS.relative_to(ROOT) / f"{page.key}.md"
    if insert.exists():                              # a zh-only note, after the page's title
        lines = text.splitlines(keepends=True)
        at = next((k + 1 for k, line in enumerate(lines) if _HEADING.match(line)), 0)
        text = "".join(lines[:at]) + "\n" + insert.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(lines[at:])
    return text


# Outputs: what must agree between an English cell and its Chinese one.

def _sanitizers(root: Path = ROOT) -> list[tuple[re.Pattern, str]]:
    """The nbval sanitize file's regexes (addresses, paths), applied before comparing."""
    path = root / SANITIZE.relative_to(ROOT)
    if not path.exists():
        return []
    pairs, regex = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("regex:"):
            regex = line.split(":", 1)[1].strip()
        elif line.startswith("replace:") and regex is not None:
            pairs.append((re.compile(regex), line.split(":", 1)[1].strip()))
            regex = None
    return pairs


def check_lines(text: str) -> tuple[str, list[str]]:
    """Split a stream's text into (everything else, the checks' ✓/✗ blocks).

    A check block is a line starting with ✓ or ✗ and the indented lines under it (its hint).
    These are the lines the Chinese edition prints in Chinese."""
    rest, blocks, inside = [], [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(("✓", "✗")):
            blocks.append(line)
            inside = True
        elif inside and line.startswith((" ", "\t")) and line.strip():
            blocks[-1] += line
        else:
            inside = False
            rest.append(line)
    return "".join(rest), blocks


def _normal_outputs(outputs, sanitizers) -> list:
    """The parts of a cell's outputs that must be the same in both editions."""
    def clean(text: str) -> str:
        for pattern, replacement in sanitizers:
            text = pattern.sub(replacement, text)
        return text

    normal = []
    for out in outputs:
        if out.output_type == "stream":
            # consecutive writes to one stream arrive in chunks that differ between runs
            if normal and normal[-1][0] == "stream" and normal[-1][1] == out.name:
                normal[-1][2] += out.text
            else:
                normal.append(["stream", out.name, out.text])
        elif out.output_type in ("execute_result", "display_data"):
            data = out.get("data", {})
            texts = {k: clean(v if isinstance(v, str) else "".join(v)) for k, v in data.items()
                     if k in ("text/plain", "text/latex", "text/markdown")}
            normal.append((out.output_type, sorted(data), texts))
        else:
            normal.append((out.output_type, out.get("ename"), out.get("evalue")))
    for k, item in enumerate(normal):
        if item[0] == "stream":
            rest, blocks = check_lines(item[2])
            normal[k] = ("stream", item[1], clean(rest), [b[0] for b in blocks])
    return normal


_PROBE = """
import bplib.exercises.ch02 as chapter
checks = [f for n, f in sorted(vars(chapter).items())
          if n.startswith("check_") and getattr(f, "__module__", "") == chapter.__name__]
checks[0](lambda *args: None)
"""


@functools.lru_cache(maxsize=None)
def checks_speak_chinese() -> bool:
    """Whether bplib's exercise checks print Chinese under BPLIB_LANG=zh (their message
    table): a check run in both languages prints differently."""
    def run(language: str) -> str:
        env = {**os.environ, "BPLIB_LANG": language, "BPLIB_PROGRESS": "off"}
        return subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                              env=env, timeout=120).stdout
    zh = run("zh")
    return bool(zh) and zh != run("en") and bool(CJK.search(zh))


def english_check_lines(nb) -> list[str]:
    """The ✓/✗ lines of a notebook with no Chinese in them."""
    return [block for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "stream"
            for block in check_lines(out.text)[1] if not CJK.search(block)]


def outputs_agree(english_cell, zh_cell, sanitizers) -> bool:
    """The zh cell's stored outputs are what executing the English code gives in Chinese:
    the same outputs, except the checks' ✓/✗ blocks (the same verdicts, in Chinese)."""
    if english_cell.get("execution_count") != zh_cell.get("execution_count"):
        return False
    if "nbval-ignore-output" in english_cell.metadata.get("tags", []):
        return [o.output_type for o in english_cell.outputs] == [o.output_type for o in zh_cell.outputs]
    return _normal_outputs(english_cell.outputs, sanitizers) == _normal_outputs(zh_cell.outputs, sanitizers)


# Notebook metadata that executing a notebook writes (kept from the zh run, not the English).
EXECUTION_METADATA = ("language_info", "widgets")

# The labels of a collapsed cell's button (myst-nb's code_prompt_show / code_prompt_hide).
PROMPTS = {"Show solution": "显示解答", "Hide solution": "隐藏解答",
           "Show code cell source": "显示代码", "Hide code cell source": "隐藏代码"}


def zh_notebook(page: Page, translate: Translator, previous, url: str, root: Path = ROOT):
    """The Chinese notebook of `page`, and the ids of the code cells whose outputs must be
    regenerated (empty when `previous`, the committed zh notebook, still holds them). A
    notebook with such cells is returned without outputs, to be executed."""
    nb = nbformat.read(root / page.source, as_version=4)
    sanitizers = _sanitizers(root)
    old_cells = {c.get("id"): c for c in previous.cells} if previous is not None else {}
    stale = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            if has_words(cell.source):
                cell.source = translate(cell.source, cell.id)
        elif cell.cell_type == "code":
            if index == 0 and nbtool.INSTALL_TAG in cell.metadata.get("tags", []):
                cell.source = nbtool.install_cell_source(url, language="zh")
            mystnb = cell.metadata.get("mystnb", {})
            for key in ("code_prompt_show", "code_prompt_hide"):
                if mystnb.get(key) in PROMPTS:
                    mystnb[key] = PROMPTS[mystnb[key]]
            old = old_cells.get(cell.get("id"))
            if old is not None and old.cell_type == "code" and old.source == cell.source \
                    and outputs_agree(cell, old, sanitizers):
                cell.outputs = old.outputs
                cell.metadata.pop("execution", None)          # timestamps: the zh run's
                if "execution" in old.metadata:
                    cell.metadata["execution"] = old.metadata["execution"]
            else:
                stale.append(cell.get("id"))
    if not stale and previous is not None and english_check_lines(previous) and checks_speak_chinese():
        stale.append("(checks printed in English)")   # executed before bplib spoke Chinese
    if stale:
        # never the English outputs in zh/: a notebook holds the outputs of a zh run, or none
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
                cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
    elif previous is not None:
        for key in EXECUTION_METADATA:                         # what the zh run recorded
            nb.metadata.pop(key, None)
            if key in previous.metadata:
                nb.metadata[key] = previous.metadata[key]
    return nb, stale


def zh_config(root: Path = ROOT) -> dict:
    """zh/_config.yml: the English configuration, in Chinese, with paths into the English book."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    translate = Translator(load_catalogue(BOOK_CATALOGUE, root))
    zh = copy.deepcopy(config)
    zh["title"] = translate(config["title"], "title")
    if config.get("author"):
        zh["author"] = translate(config["author"], "author")
    zh["exclude_patterns"] = [p for p in config.get("exclude_patterns", []) if p not in ("zh", "locale")]
    zh["bibtex_bibfiles"] = [f"../{f}" for f in config.get("bibtex_bibfiles", [])]
    zh.setdefault("repository", {})["path_to_book"] = "zh"
    html = zh.setdefault("html", {})
    html["use_edit_page_button"] = False    # the zh pages are generated: edit the catalogues
    if html.get("baseurl"):                  # the Chinese site lives in zh/ of the English one
        html["baseurl"] = html["baseurl"].rstrip("/") + "/zh/"
    if html.get("extra_footer"):
        html["extra_footer"] = translate(html["extra_footer"].strip("\n"), "html.extra_footer") + "\n"
    sphinx = zh.setdefault("sphinx", {})
    sphinx["local_extensions"] = {name: f"../{path}" for name, path in (sphinx.get("local_extensions") or {}).items()}
    sphinx["local_extensions"].setdefault("lang_ext", "../scripts")
    conf = sphinx.setdefault("config", {})
    conf["html_static_path"] = [f"../{p}" for p in conf.get("html_static_path", [])]
    conf["language"] = LANGUAGE
    conf["html_search_options"] = {"dict": "_search_dict.txt"}   # jieba's user dictionary
    conf["lang_switch_target"] = "../"
    conf["lang_switch_label"] = "English"
    conf["lang_switch_hreflang"] = "en"
    conf["lang_search_bar_text"] = "搜索本书……"
    zh["language"] = LANGUAGE          # also at the top, where other tools (the PDF) read it
    overrides = root / CONFIG_OVERRIDES.relative_to(ROOT)
    if overrides.exists():
        _merge_into(zh, yaml.safe_load(overrides.read_text(encoding="utf-8")) or {})
    return zh


def _merge_into(target: dict, changes: dict) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = value


def zh_toc(root: Path = ROOT) -> dict:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    translate = Translator(load_catalogue(BOOK_CATALOGUE, root))
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = translate(part["caption"], "caption")
    return toc


def search_dictionary(root: Path = ROOT) -> str:
    """jieba's user dictionary for the zh search index: the glossary's Chinese terms, so that
    a search for 网格搜索 or 雅可比矩阵 finds the term whole (jieba also indexes its parts)."""
    words = sorted({w for zh in glossary_terms(root).values() for w in re.split(r"[\s/、，]+", zh)
                    if len(CJK.findall(w)) >= 2 and " " not in w})
    return "".join(f"{w} 1000 n\n" for w in words)


class _BlockStyleDumper(yaml.SafeDumper):
    """Writes multi-line strings as YAML literal blocks (|), as a person would."""


_BlockStyleDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def _yaml_text(data: dict, source: str) -> str:
    return (f"# Generated from ../{source} by `python scripts/i18n.py generate`: do not edit.\n"
            + yaml.dump(data, Dumper=_BlockStyleDumper, allow_unicode=True, sort_keys=False, width=100))


@dataclass
class Generated:
    files: dict[Path, str] = field(default_factory=dict)       # path → text
    stale: dict[Path, list] = field(default_factory=dict)      # notebook → cells to re-execute
    counts: dict[str, Counts] = field(default_factory=dict)    # page key → counts


def generate_book(root: Path = ROOT, keys: list[str] | None = None) -> Generated:
    """Everything zh/ holds, computed in memory from the English book, the catalogues and the
    committed zh/ notebooks (whose outputs are kept where they are still right)."""
    result, url = Generated(), nbtool.repository_url()
    zh_root = root / "zh"
    result.files[zh_root / "_config.yml"] = _yaml_text(zh_config(root), "_config.yml")
    result.files[zh_root / "_toc.yml"] = _yaml_text(zh_toc(root), "_toc.yml")
    result.files[zh_root / "_search_dict.txt"] = search_dictionary(root)
    for page in book_pages(root):
        if keys and page.key not in keys:
            continue
        translate = Translator(load_catalogue(page.key, root))
        target = page.target(root)
        if page.is_notebook:
            previous = nbformat.read(target, as_version=4) if target.exists() else None
            nb, stale = zh_notebook(page, translate, previous, url, root)
            result.files[target] = nbformat.writes(nb) + "\n"
            if stale:
                result.stale[target] = stale
        else:
            result.files[target] = zh_markdown(page, translate, root)
        result.counts[page.key] = translate.counts
    return result


def generate(root: Path = ROOT, keys: list[str] | None = None, execute: bool = True) -> Generated:
    """Write zh/, re-execute the notebooks whose outputs must change, print the counts."""
    start = time.perf_counter()
    result = generate_book(root, keys)
    for path, text in result.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    if not keys:                                     # pages that left the English book
        expected = set(result.files)
        for path in sorted((root / "zh").rglob("*")):
            if path.suffix in (".ipynb", ".md") and "_build" not in path.parts and path not in expected:
                path.unlink()
                print(f"removed {path.relative_to(root)} (no longer in the English book)")
    total = Counts()
    for key, counts in result.counts.items():
        total += counts
        note = f" — English used for {counts.english}" if counts.english else ""
        print(f"{key:24} {counts.translated:4} translated, {counts.fuzzy:3} fuzzy, "
              f"{counts.untranslated:4} untranslated{note}")
    print(f"{'total':24} {total.translated:4} translated, {total.fuzzy:3} fuzzy, {total.untranslated:4} untranslated")
    if result.stale:
        names = ", ".join(p.name for p in result.stale)
        if execute:
            print(f"executing (code or English outputs changed): {names}")
            nbtool.execute(sorted(result.stale))
            disagreements = output_disagreements(sorted(result.stale), root)
            for line in disagreements:
                print(line)
            if disagreements:
                raise SystemExit(
                    "i18n: the Chinese run printed something else than the English notebook "
                    "stores (above). Re-execute the English chapter (nbtool.py execute), or "
                    "make the output deterministic; then run generate again.")
        else:
            print(f"NOT executed (--no-execute), written without outputs: {names}")
    print(f"generate: {time.perf_counter() - start:.1f} s")
    return result


def output_disagreements(paths: list[Path], root: Path = ROOT) -> list[str]:
    """After executing zh notebooks: the code cells whose outputs still differ from the
    English ones (other than the checks' language), one line each with the first difference."""
    sanitizers, lines = _sanitizers(root), []
    for path in paths:
        english = nbformat.read(root / "chapters" / path.name, as_version=4)
        zh = {c.get("id"): c for c in nbformat.read(path, as_version=4).cells}
        for cell in english.cells:
            other = zh.get(cell.get("id"))
            if cell.cell_type != "code" or other is None or outputs_agree(cell, other, sanitizers):
                continue
            en_out = _normal_outputs(cell.outputs, sanitizers)
            zh_out = _normal_outputs(other.outputs, sanitizers)
            first = next((f"English {a!r:.160} / Chinese {b!r:.160}" for a, b in zip(en_out, zh_out) if a != b),
                         f"{len(en_out)} outputs in English, {len(zh_out)} in Chinese; execution counts "
                         f"{cell.get('execution_count')} / {other.get('execution_count')}")
            lines.append(f"{path.name}, cell {cell.get('id')}: {first}")
    return lines


# ─── The site, the exercise notebooks, the status ─────────────────────────────────────────

def build_site(root: Path = ROOT, out: Path | None = None, strict: bool = True,
               work: Path | None = None) -> Path:
    """Build zh/ with Jupyter Book (in `work`, default _build/zh) and place the site at
    <out>/zh (default: _build/html/zh), next to the English site. Returns that folder.
    With `strict`, a warning is an error, as for the English site."""
    out = out or root / "_build" / "html"
    work = work or root / "_build" / "zh"
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root / "zh"), "--path-output", str(work)]
    if strict:
        cmd += ["-W", "--keep-going"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
        problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        raise SystemExit("i18n: the Chinese site did not build:\n" + "\n".join(problems or log.splitlines()[-30:]))
    target = out / "zh"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(work / "_build" / "html", target)
    print(f"built {target.relative_to(root) if target.is_relative_to(root) else target} "
          f"in {time.perf_counter() - start:.1f} s")
    return target


def export(root: Path = ROOT) -> None:
    """The Chinese exercise and solution notebooks: notebooks/zh/ and notebooks/zh/solutions/,
    made by the same exporter as the English ones (`nbtool.py export`), from the zh/ book.

    The call expects `nbtool.export(book=<folder with _config.yml, _toc.yml, chapters/>,
    out=<folder>, language=<"en" | "zh">)`: the English export is
    `export(book=ROOT, out=ROOT / "notebooks", language="en")`."""
    exporter = getattr(nbtool, "export", None)
    if exporter is None or "book" not in inspect.signature(exporter).parameters:
        print("export: scripts/nbtool.py has no export(book=, out=, language=) on this branch "
              "(helper 'export'); notebooks/zh/ not written")
        return
    exporter(book=root / "zh", out=root / "notebooks" / "zh", language="zh")


def status(root: Path = ROOT) -> Counts:
    total = Counts()
    print(f"{'catalogue':28} {'entries':>7} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'obsolete':>8}")
    for path in sorted((root / LOCALE.relative_to(ROOT)).glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        active = [e for e in po if not e.obsolete]
        counts = Counts(sum(_is_translated(e) and not e.fuzzy for e in active),
                        sum(bool(e.fuzzy) for e in active),
                        sum(not _is_translated(e) and not e.fuzzy for e in active))
        total += counts
        print(f"{path.name:28} {len(active):7} {counts.translated:10} {counts.fuzzy:6} {counts.untranslated:12} "
              f"{len(po) - len(active):8}")
    print(f"{'total':28} {total.translated + total.english:7} {total.translated:10} {total.fuzzy:6} {total.untranslated:12}")
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="merge the English text into the catalogues")
    p_gen = sub.add_parser("generate", help="write zh/ from the catalogues")
    p_gen.add_argument("pages", nargs="*", help="page keys (02_grid_search, intro); default: all")
    p_gen.add_argument("--no-execute", action="store_true", help="do not re-execute notebooks")
    sub.add_parser("update", help="extract, generate, export")
    sub.add_parser("status", help="counts per catalogue")
    p_site = sub.add_parser("site", help="build the Chinese site into _build/html/zh/")
    p_site.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    sub.add_parser("export", help="Chinese exercise notebooks into notebooks/zh/")
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
    elif args.command == "generate":
        generate(keys=args.pages or None, execute=not args.no_execute)
    elif args.command == "update":
        extract()
        generate()
        export()
    elif args.command == "status":
        status()
    elif args.command == "site":
        build_site(strict=not args.no_strict)
    else:
        export()


if __name__ == "__main__":
    main()
