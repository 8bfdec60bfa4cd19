"""The reference pages (issue 11 §4–§6): the glossary and its index by pinyin, the notation
page's one meaning per symbol, and an API page that documents every module of bplib."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import bplib

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "chapters" / "glossary.md"
NOTATION = ROOT / "chapters" / "notation.md"
API = ROOT / "chapters" / "api.md"

CJK = re.compile(r"[\u3400-\u9fff]")


def glossary_terms() -> list[str]:
    """Every term line of the {glossary} directive, in page order."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    return [line for line in body.splitlines() if line.strip() and not line.startswith(" ")]


def index_rows() -> list[tuple[str, str, str]]:
    """(pinyin, 中文, term line) of each row of the Chinese → English index."""
    text = GLOSSARY.read_text(encoding="utf-8")
    index = text.split("(glossary-pinyin)=", 1)[1]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| \{term\}`[^<`]+<([^>`]+)>` \|$", index,
                      re.MULTILINE)
    return rows


def sort_key(pinyin: str) -> str:
    """Toneless pinyin compared letter by letter, syllables separated by spaces, ü after u."""
    return pinyin.lower().replace("ü", "v")


def test_glossary_term_lines_are_english_dot_chinese():
    """'English · 中文' (other pages link them with {term}); a term the notes and Chinese usage
    leave in English (softmax, log-sum-exp) may be English alone."""
    for term in glossary_terms():
        english, sep, chinese = term.partition(" · ")
        assert english and not CJK.search(english), term
        assert not sep or CJK.search(chinese), f"{term!r}: the part after ' · ' is not Chinese"
    assert len(set(glossary_terms())) == len(glossary_terms()), "a term line is repeated"


def test_every_glossary_entry_links_the_chapters_that_explain_it():
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    for entry in re.split(r"\n\s*\n", body.strip()):
        assert re.search(r"\{doc\}`[^`]*<\d\d_\w+>`\.\s*$", entry), (
            f"the entry {entry.splitlines()[0]!r} does not end with its chapters as {{doc}} links")
        assert not re.search(r"(?<![<`{])\bChapters? \d\d\b(?![^`]*>`)", entry.replace("{doc}`Chapter", "")), (
            f"{entry.splitlines()[0]!r}: a plain-text chapter reference")


def test_the_index_is_sorted_by_pinyin_and_lists_every_term_once():
    rows = index_rows()
    listed = [term for _, _, term in rows]
    terms = glossary_terms()
    assert sorted(listed) == sorted(terms), (
        f"missing from the index: {sorted(set(terms) - set(listed))}; "
        f"not glossary terms: {sorted(set(listed) - set(terms))}; "
        f"listed twice: {sorted({t for t in listed if listed.count(t) > 1})}")
    keys = [sort_key(p) for p, _, _ in rows]
    unsorted = [(a, b) for a, b in zip(keys, keys[1:]) if a > b]
    assert not unsorted, f"the index is not sorted by pinyin: {unsorted[:5]}"


def test_the_index_gives_each_term_its_chinese_and_a_plausible_pinyin():
    for pinyin, chinese, term in index_rows():
        english, _, zh = term.partition(" · ")
        assert chinese == (zh or english), f"{term!r} is listed as {chinese!r}"
        assert re.fullmatch(r"[a-zü0-9 -]+", pinyin), f"{chinese}: pinyin {pinyin!r}"
        # one syllable per Chinese character (a Latin word is one 'syllable' too)
        words = re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|[\u3400-\u9fff]", chinese)
        assert len(pinyin.split()) == len(words), (
            f"{chinese}: {len(words)} characters or words, pinyin {pinyin!r}")
        latin = [w.lower() for w in words if not CJK.match(w)]
        assert all(w in pinyin.split() for w in latin), f"{chinese}: {pinyin!r}"


def test_notation_has_one_meaning_per_symbol():
    text = NOTATION.read_text(encoding="utf-8")
    assert "λ|W|" not in text and r"\lambda|W|" not in text
    for row in (line for line in text.splitlines() if line.startswith("| $")):
        # a pipe escaped inside a table cell renders as a single bar: write \lVert ... \rVert
        assert r"\|" not in row, f"a table row writes a norm with \\|: {row}"
    assert r"\mu_{\max}" in text and r"\kappa" in text and "Frobenius" in text
    assert r"\lambda_{\max}" not in text and r"\lambda_i" not in text, "eigenvalues are μ"
    assert r"\beta_1" in text and r"\rho" in text and "$H$" in text


def bplib_modules() -> set[str]:
    """Every public module of bplib (no leading underscore), chapters' check modules aside."""
    found = set()
    for info in pkgutil.walk_packages(bplib.__path__, "bplib."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or re.fullmatch(r"bplib\.exercises\.ch\d\d", info.name):
            continue
        found.add(info.name)
    return found


#: Modules not yet on the API page, with the reason. The set only shrinks: an entry that is
#: on the page fails the test below, so that it is removed from here.
NOT_YET_ON_THE_PAGE: set[str] = set()


def test_the_api_page_documents_every_public_module():
    text = API.read_text(encoding="utf-8")
    documented = set(re.findall(r"\.\. automodule:: (\S+)", text))
    missing = sorted(bplib_modules() - documented - {"bplib.viz"} - NOT_YET_ON_THE_PAGE)
    assert not missing, f"chapters/api.md has no '.. automodule::' for {missing}"
    listed = sorted(NOT_YET_ON_THE_PAGE & documented)
    assert not listed, f"{listed} are on the API page now: remove them from NOT_YET_ON_THE_PAGE"
