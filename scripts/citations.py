"""Citations in plain Markdown, from references.bib: "Author (Year)", "(Author Year)" and the
reference list, for the exported notebooks (no sphinxcontrib-bibtex there).

The names in a citation follow the website (sphinxcontrib-bibtex's author-year style): one
author by surname, two joined by "and", three or more as "First et al."; the reference list is
formatted by pybtex's ``plain`` style, the one the website's bibliography page uses.

>>> bib = Bibliography.from_text('''@book{gw08, author = {Griewank, Andreas and Walther,
... Andrea}, title = {Evaluating Derivatives}, publisher = {SIAM}, year = {2008}}''')
>>> bib.cite_t(["gw08"]), bib.cite_p(["gw08"])
('Griewank and Walther (2008)', '(Griewank and Walther 2008)')
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import BibliographyData, parse_file, parse_string
from pybtex.plugin import find_plugin


class CitationError(KeyError):
    """A citation key that references.bib does not define."""

    def __str__(self) -> str:
        return self.args[0]


def _plain(latex: str) -> str:
    """LaTeX text as Unicode: accents decoded, protective braces dropped."""
    return codecs.decode(latex, "ulatex").replace("{", "").replace("}", "")


class Bibliography:
    def __init__(self, data: BibliographyData):
        self.data = data

    @classmethod
    def from_file(cls, path: Path) -> "Bibliography":
        return cls(parse_file(str(path), bib_format="bibtex"))

    @classmethod
    def from_text(cls, text: str) -> "Bibliography":
        return cls(parse_string(text, bib_format="bibtex"))

    def _entry(self, key: str):
        try:
            return self.data.entries[key]
        except KeyError:
            raise CitationError(f"no entry {key!r} in references.bib") from None

    def authors(self, key: str) -> str:
        """The author part of a citation: "Smith", "Smith and Jones", "Smith et al."."""
        entry = self._entry(key)
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not names:
            raise CitationError(f"references.bib: {key!r} has no author or editor")
        if len(names) >= 3 or names[-1] == "others":
            return f"{names[0]} et al."
        return " and ".join(names)

    def year(self, key: str) -> str:
        return self._entry(key).fields.get("year", "n.d.")

    def cite_t(self, keys: list[str]) -> str:
        """Textual citation: "Griewank and Walther (2008)"; several keys joined by commas."""
        return ", ".join(f"{self.authors(k)} ({self.year(k)})" for k in keys)

    def cite_p(self, keys: list[str]) -> str:
        """Parenthetical citation: "(Griewank and Walther 2008; Baydin et al. 2018)"."""
        return "(" + "; ".join(f"{self.authors(k)} {self.year(k)}" for k in keys) + ")"

    def reference_list(self, keys: list[str]) -> list[str]:
        """One Markdown line per cited work, in the order of pybtex's plain style (by author)."""
        for key in keys:
            self._entry(key)
        data = BibliographyData({k: self.data.entries[k] for k in dict.fromkeys(keys)})
        style = find_plugin("pybtex.style.formatting", "plain")()
        backend = find_plugin("pybtex.backends", "markdown")()
        lines = []
        for entry in style.format_bibliography(data):
            text = " ".join(entry.text.render(backend).split())
            # the markdown backend escapes every punctuation mark; these need no escape here
            text = re.sub(r"\\([.\-():])", r"\1", text)
            lines.append(f"- {text}")
        return lines
