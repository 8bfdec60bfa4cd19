"""What every page of the book must do (issue 11 §2, §3), and which pages do not yet.

Shared by ``tests/test_pages.py`` (the rules read from the notebooks) and
``tests/test_site.py`` (the rules measured on the built pages in Chromium).

Pages named below are expected to fail their rules (``xfail``, not strict: a rule a page
already meets shows as XPASS). Whoever reworks a page removes it from its set in the same
commit; the sets only shrink, and issue 11 is done when both are empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Chapters not yet reworked for issue 11: short cells (≤ 15 lines of code, ≤ 25 when tagged
#: `lesson`; ≤ 3 plt./ax./fig. calls), a sentence after every output, figures at ≥ 150 dpi
#: and at most the column's width, alt text on every figure and frame slider, frame sliders
#: made by `viz.frame_slider` (accessible buttons), no frozen widget without its note.
NOT_YET_CONVERTED: set[str] = set()      # every chapter has been reworked

#: Pages whose code blocks still scroll sideways at 1280 px: on the API page the docstring
#: examples longer than a definition's box (76 characters for a function, 72 for a method;
#: the owners of bplib.losses, search, optim, gradients, autograd, viz.classify, exercises
#: and progress shorten theirs).
CODE_STILL_OVERFLOWS = {"api"}

REASON = ("not yet reworked for issue 11 (tests/page_rules.py lists it); the helper who "
          "reworks this page removes it from the list")


def chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def params(names, pending: set[str]):
    """pytest params, one per page, expected to fail when the page is still ``pending``."""
    return [pytest.param(name, id=str(name).rsplit("/", 1)[-1].removesuffix(".ipynb"),
                         marks=pytest.mark.xfail(reason=REASON))
            if _stem(name) in pending else
            pytest.param(name, id=str(name).rsplit("/", 1)[-1].removesuffix(".ipynb"))
            for name in names]


def _stem(name) -> str:
    return Path(str(name)).stem
