"""The Chinese edition stays one book with the English one.

- The tooling (scripts/i18n.py): Markdown splitting, the catalogue merge (kept, fuzzy with the
  previous msgid, obsolete), generation with English fallback, the output comparison.
- Sync: the catalogues hold exactly the English text of today (`i18n.py extract` would
  change nothing) and zh/ is exactly what `i18n.py generate` makes from them.
- The translations: the glossary's Chinese terms, the notes' own Chinese kept verbatim, math,
  code, numbers and MyST markup untouched; and, once the translation is complete, no entry
  untranslated or fuzzy.

nbval executes zh/ like chapters/ (pyproject's testpaths); tests/test_site.py builds and loads
both sites.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module            # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


i18n = _load("i18n")
lang_ext = _load("lang_ext")
LOCALE = ROOT / "locale" / "zh_CN" / "LC_MESSAGES"



# ─── The tooling ──────────────────────────────────────────────────────────────────────────

PAGE = """---
title: front matter
---
# Title · 标题

A paragraph that runs
over two lines, with $x$ and `code`.

(a-target)=
- a list item
  continued

- a second item after a blank line

| a | table |
|---|---|
| 1 | 2 |

```python
code = "not translated"
```

:::{admonition} A note
:class: tip
Prose inside a directive.
:::

$$
a = b

c = d
$$

Text right after math.

```{glossary}
grid search · 网格搜索
  Evaluating everywhere. Chapter 02.

random search · 随机搜索
  Evaluating at random.

  A second paragraph of the definition.
```

## `bplib.losses`
"""


def test_split_markdown_keeps_blocks_whole_and_round_trips():
    pieces = i18n.split_markdown(PAGE)
    assert "".join(p.text for p in pieces) == PAGE
    translated = [p.text.rstrip("\n") for p in pieces if p.translatable and i18n.has_words(p.text)]
    assert translated == [
        "# Title · 标题",
        "A paragraph that runs\nover two lines, with $x$ and `code`.",
        "- a list item\n  continued\n\n- a second item after a blank line",
        "| a | table |\n|---|---|\n| 1 | 2 |",
        ":::{admonition} A note\n:class: tip\nProse inside a directive.\n:::",
        "Text right after math.",
        "grid search · 网格搜索\n  Evaluating everywhere. Chapter 02.",
        "random search · 随机搜索\n  Evaluating at random.\n\n  A second paragraph of the definition.",
    ]
    literal = "".join(p.text for p in pieces if not p.translatable)
    assert 'code = "not translated"' in literal and "title: front matter" in literal
    assert "(a-target)=" in literal
    # display math alone, and a heading of code only, have nothing to translate
    assert not i18n.has_words("$$\na = b\n\nc = d\n$$") and not i18n.has_words("## `bplib.losses`")


def _catalogue(*entries):
    po = i18n.new_catalogue()
    for msgctxt, msgid, msgstr in entries:
        po.append(polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr=msgstr))
    return po


def _m(msgctxt, msgid):
    return i18n.Message(msgid, msgctxt, "chapters/01_x.ipynb")


def test_merge_keeps_unchanged_marks_changed_fuzzy_and_removed_obsolete():
    old = _catalogue(("a", "Same text.", "同样的文字。"),
                     ("b", "Old text of cell b.", "单元 b 的旧译文。"),
                     ("c", "A removed cell.", "被删除的单元。"),
                     ("d", "Never translated.", ""),
                     ("e", "A cell that was recreated.", "重新创建的单元。"))
    new = [_m("a", "Same text."), _m("b", "New text of cell b."), _m("d", "Changed, untranslated."),
           _m("f", "A cell that was recreated."), _m("g", "Brand new.")]
    po, stats = i18n.merge(old, new, {})
    entries = {(e.msgctxt, e.obsolete): e for e in po}
    assert entries["a", False].msgstr == "同样的文字。" and not entries["a", False].fuzzy
    b = entries["b", False]
    assert b.fuzzy and b.msgstr == "单元 b 的旧译文。" and b.previous_msgid == "Old text of cell b."
    assert not entries["d", False].fuzzy and entries["d", False].msgstr == ""
    assert entries["f", False].msgstr == "重新创建的单元。" and not entries["f", False].fuzzy
    assert entries["g", False].msgstr == ""
    assert entries["c", True].msgstr == "被删除的单元。"              # obsolete, kept at the end
    assert [e.msgctxt for e in po][-1] == "c"
    assert (stats.kept, stats.fuzzy, stats.obsolete) == (2, 1, 1)
    text = i18n._catalogue_text(po)
    assert '#, fuzzy\n#| msgid "Old text of cell b."\nmsgctxt "b"' in text
    assert '#~ msgctxt "c"\n#~ msgid "A removed cell."' in text


def test_merge_of_a_fuzzy_entry_remembers_what_was_translated():
    old = _catalogue(("b", "Second version.", "第一版的译文。"))
    old[0].flags.append("fuzzy")
    old[0].previous_msgid = "First version."
    po, _ = i18n.merge(old, [_m("b", "Third version.")], {})
    assert po[0].fuzzy and po[0].previous_msgid == "First version."
    po, _ = i18n.merge(old, [_m("b", "First version.")], {})     # the English came back
    assert not po[0].fuzzy and po[0].msgstr == "第一版的译文。" and po[0].previous_msgid is None


def test_merge_finds_a_similar_paragraph_of_a_markdown_page():
    old = _catalogue((None, "The notation is fixed for the whole book.", "全书的记号是固定的。"))
    po, stats = i18n.merge(old, [_m(None, "The notation is fixed for the whole book and the code.")], {})
    assert po[0].fuzzy and po[0].msgstr == "全书的记号是固定的。" and stats.fuzzy == 1
    po, stats = i18n.merge(old, [_m(None, "Something else entirely, about gradients.")], {})
    assert not po[0].msgstr and po[-1].obsolete


def _tiny_book(root: Path, cells: list[str]) -> None:
    (root / "chapters").mkdir(parents=True)
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: Part one\n"
                                   "    chapters:\n      - file: chapters/01_x\n", encoding="utf-8")
    (root / "_config.yml").write_text("title: A book\nrepository:\n  url: https://example.org/x\n",
                                      encoding="utf-8")
    (root / "intro.md").write_text("# A book\n\nWelcome to the book.\n", encoding="utf-8")
    (root / "chapters" / "glossary.md").write_text(
        "```{glossary}\ngradient · 梯度\n  Slopes.\n```\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import bplib", id="boot0000", metadata={"tags": ["bootstrap"]})]
    nb.cells += [nbformat.v4.new_markdown_cell(text, id=f"cell{k:04d}") for k, text in enumerate(cells)]
    nbformat.write(nb, root / "chapters" / "01_x.ipynb")


def test_extract_translate_change_and_generate_on_a_tiny_book(tmp_path):
    _tiny_book(tmp_path, ["# 01 · First", "The gradient points uphill.", "$$x^2$$"])
    catalogues = i18n.extract(tmp_path, quiet=True)
    assert set(catalogues) == {"intro", "01_x", "book"}
    po = catalogues["01_x"]
    assert [e.msgid for e in po] == ["# 01 · First", "The gradient points uphill."]   # not the math
    assert po[1].comment == "Glossary: gradient → 梯度"
    po[1].msgstr = "梯度指向上坡方向。"
    (tmp_path / "locale/zh_CN/LC_MESSAGES/01_x.po").write_text(i18n._catalogue_text(po), encoding="utf-8")

    book = i18n.generate_book(tmp_path)
    zh = nbformat.reads(book.files[tmp_path / "zh/chapters/01_x.ipynb"], as_version=4)
    assert [c.source for c in zh.cells[1:]] == ["# 01 · First", "梯度指向上坡方向。", "$$x^2$$"]
    assert 'os.environ["BPLIB_LANG"] = "zh"' in zh.cells[0].source
    counts = book.counts["01_x"]
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (1, 0, 1)
    assert "language: zh_CN" in book.files[tmp_path / "zh/_config.yml"]

    # the English changes: the entry turns fuzzy and the Chinese book shows the English
    _tiny_book(tmp_path / "v2", ["# 01 · First", "The gradient points uphill, steeply.", "$$x^2$$"])
    (tmp_path / "v2/locale").mkdir()
    (tmp_path / "v2/locale/zh_CN").symlink_to(tmp_path / "locale/zh_CN", target_is_directory=True)
    po = i18n.extract(tmp_path / "v2", quiet=True)["01_x"]
    assert po[1].fuzzy and po[1].previous_msgid == "The gradient points uphill."
    zh = nbformat.reads(i18n.generate_book(tmp_path / "v2").files[tmp_path / "v2/zh/chapters/01_x.ipynb"],
                        as_version=4)
    assert zh.cells[2].source == "The gradient points uphill, steeply."


def test_line_breaks_between_chinese_characters_are_joined_outside_code():
    text = "第一行，\n第二行\n继续。\nEnglish\n中文 `code`\n$$\nx\n$$\n```\n# 注释\n# 注释\n```\n"
    assert i18n.join_cjk_lines(text) == "第一行，第二行继续。\nEnglish\n中文 `code`\n$$\nx\n$$\n```\n# 注释\n# 注释\n```\n"
    # a list item's continuation is joined; a glossary term is not joined to its definition
    text = "- 列表\n  续行\n1. 编号\n   续行\n\n术语 · 中文\n  定义的\n  续行。"
    assert i18n.join_cjk_lines(text) == "- 列表续行\n1. 编号续行\n\n术语 · 中文\n  定义的续行。"


def test_a_glossary_term_keeps_its_line_above_its_indented_definition():
    """The term of a definition list ends in Chinese and its definition starts in Chinese:
    joined, the definition would become part of the term (Sphinx: "term not in glossary")."""
    text = "learning rate · 学习率\n  梯度下降的\n  步长。"
    assert i18n.join_cjk_lines(text) == "learning rate · 学习率\n  梯度下降的步长。"
    assert i18n.join_cjk_lines("- 列表项\n  接着写") == "- 列表项接着写"


def test_check_lines_are_the_checks_verdicts_and_hints():
    text = ("best = 1\n✗ Exercise 2.1 (x): got 3, expected 4\n  Hint: look at k.\n"
            "after\n✓ Exercise 2.2 (y): passed.\n")
    rest, blocks = i18n.check_lines(text)
    assert rest == "best = 1\nafter\n"
    assert blocks == ["✗ Exercise 2.1 (x): got 3, expected 4\n  Hint: look at k.\n", "✓ Exercise 2.2 (y): passed.\n"]


def test_outputs_agree_apart_from_the_checks_language_only():
    def cell(text, count=3, tags=()):
        return nbformat.v4.new_code_cell("x", execution_count=count, metadata={"tags": list(tags)},
                                         outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)])
    english = cell("n = 5\n✓ Exercise 2.1 (grid): passed on 5 inputs.\n")
    assert i18n.outputs_agree(english, cell("n = 5\n✓ 练习 2.1（网格）：5 个输入全部通过。\n"), [])
    assert not i18n.outputs_agree(english, cell("n = 6\n✓ 练习 2.1（网格）：5 个输入全部通过。\n"), [])
    assert not i18n.outputs_agree(english, cell("n = 5\n✗ 练习 2.1（网格）：……\n"), [])   # another verdict
    assert not i18n.outputs_agree(english, cell(english.outputs[0].text, count=4), [])
    timing = cell("0.10 ms\n", tags=["nbval-ignore-output"])
    assert i18n.outputs_agree(timing, cell("0.03 ms\n"), [])


def test_after_a_zh_run_a_different_output_is_named(tmp_path):
    def notebook(text):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("print(x)", id="c1", execution_count=1, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=text)])]
        return nb
    (tmp_path / "chapters").mkdir()
    (tmp_path / "zh").mkdir()
    nbformat.write(notebook("x = 1.0001\n"), tmp_path / "chapters" / "01_x.ipynb")
    nbformat.write(notebook("x = 1.0002\n"), tmp_path / "zh" / "01_x.ipynb")
    [line] = i18n.output_disagreements([tmp_path / "zh" / "01_x.ipynb"], tmp_path)
    assert line.startswith("01_x.ipynb, cell c1: English") and "1.0002" in line


def test_language_link_goes_to_the_same_page():
    assert lang_ext.other_edition_url("chapters/02_grid_search", "zh/") == "../zh/chapters/02_grid_search.html"
    assert lang_ext.other_edition_url("chapters/02_grid_search", "../") == "../../chapters/02_grid_search.html"
    assert lang_ext.other_edition_url("intro", "zh/") == "zh/intro.html"


# ─── Sync ─────────────────────────────────────────────────────────────────────────────────

def test_every_markdown_cell_has_a_stable_id():
    for page in i18n.book_pages():
        if page.is_notebook:
            i18n.page_messages(page)            # exits naming the cell when an id is missing


def test_catalogues_hold_the_english_text_of_today():
    catalogues = i18n.extract(write=False, quiet=True)
    stale = [f"{key}.po" for key, po in catalogues.items()
             if not (LOCALE / f"{key}.po").exists()
             or (LOCALE / f"{key}.po").read_text(encoding="utf-8") != i18n._catalogue_text(po)]
    extra = sorted({p.stem for p in LOCALE.glob("*.po")} - set(catalogues))
    assert not stale and not extra, (
        f"catalogues out of date with the English text: {stale}; without a page: {extra}. "
        "Run `python scripts/i18n.py update` (extract, generate) and commit locale/ and zh/")


def test_zh_book_is_what_generate_makes():
    book = i18n.generate_book()
    assert not book.stale, (
        "zh/ notebooks whose outputs are not those of a zh run of today's code: "
        f"{sorted(p.name for p in book.stale)}. Run `python scripts/i18n.py generate`")
    different = [p.relative_to(ROOT).as_posix() for p, text in book.files.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
    extra = [p.relative_to(ROOT).as_posix() for p in (ROOT / "zh").rglob("*")
             if p.is_file() and "_build" not in p.parts and p not in book.files]
    assert not different and not extra, (
        f"zh/ is out of date: {different}; not generated: {extra}. Run `python scripts/i18n.py generate`")


ZH_NOTEBOOKS = sorted((ROOT / "zh" / "chapters").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=[p.stem for p in ZH_NOTEBOOKS])
def test_zh_notebook_has_the_english_code_and_a_chinese_bootstrap(path):
    english = nbformat.read(ROOT / "chapters" / path.name, as_version=4)
    zh = nbformat.read(path, as_version=4)
    assert [c.get("id") for c in zh.cells] == [c.get("id") for c in english.cells]
    assert zh.cells[0].source == i18n.nbtool.install_cell_source(i18n.nbtool.repository_url(), language="zh")
    for en_cell, zh_cell in zip(english.cells[1:], zh.cells[1:]):
        assert zh_cell.cell_type == en_cell.cell_type
        assert zh_cell.metadata.get("tags") == en_cell.metadata.get("tags")
        if en_cell.cell_type == "code":
            assert zh_cell.source == en_cell.source, f"{path.name}: cell {en_cell.get('id')} differs"
            assert zh_cell.execution_count == en_cell.execution_count is not None
            assert not any(o.output_type == "error" for o in zh_cell.outputs)


def test_zh_notebooks_print_the_checks_in_chinese():
    """Every ✓/✗ line of a zh notebook is the Chinese message, not the English one."""
    if not i18n.checks_speak_chinese():
        pytest.skip("bplib.exercises prints the same with BPLIB_LANG=zh: the Chinese message "
                    "table (helper 'checks') is not on this branch yet")
    english = {p.name: i18n.english_check_lines(nbformat.read(p, as_version=4)) for p in ZH_NOTEBOOKS}
    english = {name: lines for name, lines in english.items() if lines}
    assert not english, (f"zh/ notebooks with English check lines: {sorted(english)} (first: "
                         f"{next(iter(english.values()))[0]!r}). Run `python scripts/i18n.py generate`")


def test_zh_introduction_says_what_stays_english():
    intro = (ROOT / "zh" / "intro.md").read_text(encoding="utf-8")
    assert "关于中文版" in intro and "保持英文" in intro and "图中的文字" in intro
    assert "保持英文" in (ROOT / "zh" / "chapters" / "api.md").read_text(encoding="utf-8")


# ─── The translations ─────────────────────────────────────────────────────────────────────

def _entries():
    """(catalogue, entry) for every translated, current entry."""
    for path in sorted(LOCALE.glob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if not entry.obsolete and not entry.fuzzy and entry.msgstr.strip():
                yield path.stem, entry


def _where(key, entry) -> str:
    first = entry.msgid.splitlines()[0][:60]
    return f"{key}.po, {'cell ' + entry.msgctxt if entry.msgctxt else 'block'} ({first!r})"


def test_every_entry_is_translated_and_current():
    """An English change lands only with its Chinese: no entry untranslated or fuzzy."""
    _assert_complete(path.stem for path in LOCALE.glob("*.po"))


def _assert_complete(keys):
    problems = []
    for key in sorted(keys):
        for entry in polib.pofile(str(LOCALE / f"{key}.po"), wrapwidth=0):
            if entry.obsolete:
                continue
            if entry.fuzzy:
                problems.append(f"fuzzy: {_where(key, entry)}")
            elif not entry.msgstr.strip():
                problems.append(f"untranslated: {_where(key, entry)}")
    assert not problems, (f"{len(problems)} entries need a translator (edit the msgstr, remove "
                          "'#, fuzzy' and the '#|' lines, run `python scripts/i18n.py generate`):\n"
                          + "\n".join(problems[:40]))


# A glossary term used in English in a sense that is not the term's, with the reason. Each
# exception is a regex of the English words around the use that it excuses.
GLOSSARY_EXCEPTIONS: dict[str, list[tuple[str, str]]] = {
    "margin": [(r"\bwide margin", "the everyday word (余量), not the SVM's margin (间隔)")],
    "accuracy": [(r"\*?accuracy\*? of the numerical method",
                  "a method's numerical accuracy (精度), not a classifier's accuracy (准确率)")],
    "context": [(r"\bin (this|that|the|its) context", "the everyday word, not autograd's ctx (上下文)")],
    "optimization": [(r"Optimization and Back Propagation",
                      "the notes' own section heading, in English in the notes, quoted as it is")],
}
# Chinese accepted besides the glossary's own term, with the reason.
GLOSSARY_ALTERNATIVES: dict[str, tuple[list[str], str]] = {
    # Chinese textbooks (zh.d2l.ai) write the name as it is once it has been introduced
    "ReLU": (["ReLU"], "ReLU 函数, ReLU 层: the name is used as it is in Chinese"),
}


def test_glossary_terms_are_translated_with_the_glossary_chinese():
    """When the English of an entry uses a glossary term, its translation uses the Chinese term."""
    terms = i18n.glossary_terms()
    patterns = {en: i18n.term_pattern(en) for en in terms}
    problems = []
    for key, entry in _entries():
        english = i18n.prose(entry.msgid)
        chinese = re.sub(r"\s+", "", entry.msgstr).lower()
        for en, zh in terms.items():
            uses = list(patterns[en].finditer(english))
            excused = [m for pattern, _ in GLOSSARY_EXCEPTIONS.get(en, [])
                       for m in re.finditer(pattern, english, re.IGNORECASE)]
            uses = [u for u in uses if not any(e.start() <= u.start() < e.end() for e in excused)]
            accepted = [zh] + GLOSSARY_ALTERNATIVES.get(en, ([], ""))[0]
            if uses and not any(re.sub(r"\s+", "", a).lower() in chinese for a in accepted):
                problems.append(f"{_where(key, entry)}: '{uses[0].group(0)}' is {zh}")
    assert not problems, "glossary terms translated otherwise:\n" + "\n".join(problems)


def test_the_notes_chinese_is_kept_verbatim():
    """The notes' quoted sentences (and any Chinese in the English text) appear, as they are,
    in the translation of the cell that quotes them."""
    problems = [f"{_where(key, entry)}: {run}" for key, entry in _entries()
                for run in i18n.quoted_chinese(entry.msgid) if run not in entry.msgstr]
    assert not problems, "the notes' Chinese must be kept verbatim:\n" + "\n".join(problems)


def _code_and_math(text: str) -> tuple[set, set]:
    spans = set()
    for match in re.finditer(r"(\{[\w:.-]+\})?(`+)(?!`)(.*?)(?<!`)\2(?!`)", text, re.DOTALL):
        role, body = match.group(1), match.group(3)
        if role:                                  # {doc}`title <target>`: the target only
            target = re.search(r"<([^<>]+)>\s*$", body)
            body = target.group(1) if target else body
        spans.add((role, body))
    without_code = re.sub(r"`+[^`]*`+", " ", text)
    # inline math may wrap onto a second line (not across a blank line); spacing is not compared
    math = {" ".join(m.split()) for m in re.findall(
                r"\$\$(.*?)\$\$|\$((?:[^$\n]|\n(?![ \t]*\n))+)\$", without_code, re.DOTALL)
            for m in m if m}
    return spans, math


def test_translations_keep_math_code_numbers_and_markup():
    problems = []
    for key, entry in _entries():
        en_code, en_math = _code_and_math(entry.msgid)
        zh_code, zh_math = _code_and_math(entry.msgstr)
        if en_code != zh_code:
            problems.append(f"{_where(key, entry)}: code {sorted(map(str, en_code ^ zh_code))}")
        if en_math != zh_math:
            problems.append(f"{_where(key, entry)}: math {sorted(en_math ^ zh_math)}")
        # numbers of the English prose, except "1-D", "2-D" (Chinese writes 一维, 二维)
        numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\d.]|-D\b)", i18n.prose(entry.msgid)))
        missing = [n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", i18n.prose(entry.msgstr))]
        if missing:
            problems.append(f"{_where(key, entry)}: numbers {missing}")
        options = [line.strip() for line in entry.msgid.splitlines() if re.match(r"\s*:[\w-]+:", line)]
        fences = lambda text: sorted(m.group(1) for m in re.finditer(r"^\s*(:{3,}(?:\{[\w-]+\})?|`{3,}\S*)", text, re.M))
        if any(o not in entry.msgstr for o in options) or fences(entry.msgid) != fences(entry.msgstr):
            problems.append(f"{_where(key, entry)}: MyST directives or options changed")
    assert not problems, "translations must leave math, code, numbers and markup as they are:\n" + "\n".join(problems)
