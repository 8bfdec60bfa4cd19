"""Sphinx extension: a link on every page to the same page in the book's other language.

The English site is `_build/html/`, the Chinese one `_build/html/zh/` (built from `zh/` by
`python scripts/i18n.py site`); both have the same pages at the same paths. Each page gets a
button in the page header ("中文" on the English site, "English" on the Chinese one) that
leads to the same page of the other edition, and a `<link rel="alternate" hreflang>`.

Configuration (`sphinx: config:` in `_config.yml`):

- ``lang_switch_target``: the other edition's root, relative to this site's root: ``"zh/"``
  on the English site, ``"../"`` on the Chinese one. Empty: no link.
- ``lang_switch_label``: the button's text; ``lang_switch_hreflang``: the other edition's
  language tag.
- ``lang_search_bar_text``: the search box's placeholder (Jupyter Book's default is English).

It also resolves ``html_search_options["dict"]`` (jieba's user dictionary for Chinese search)
against the book's folder: Sphinx would look for it relative to the working directory.
"""

from __future__ import annotations

import html
import os

# Open the other edition in the same tab (the theme's link buttons open a new one).
_SAME_TAB = ("document.addEventListener('DOMContentLoaded', function () {"
             " document.querySelectorAll('a.btn-lang-switch').forEach("
             "function (a) { a.removeAttribute('target'); }); });")


def other_edition_url(pagename: str, target: str, suffix: str = ".html") -> str:
    """The relative URL, from page `pagename`, of the same page in the other edition.

    >>> other_edition_url("chapters/02_grid_search", "zh/")
    '../zh/chapters/02_grid_search.html'
    >>> other_edition_url("intro", "../")
    '../intro.html'
    """
    return "../" * pagename.count("/") + target + pagename + suffix


def _config_inited(app, config) -> None:
    options = dict(config.html_search_options or {})
    if options.get("dict") and not os.path.isabs(options["dict"]):
        options["dict"] = os.path.join(app.confdir, options["dict"])
        config.html_search_options = options
    if config.lang_search_bar_text:
        theme_options = dict(config.html_theme_options or {})
        theme_options["search_bar_text"] = config.lang_search_bar_text
        config.html_theme_options = theme_options


def _add_link(app, pagename, templatename, context, doctree) -> None:
    target = app.config.lang_switch_target
    if not target:
        return
    url = other_edition_url(pagename, target, app.builder.out_suffix)
    label = app.config.lang_switch_label
    buttons = context.get("header_buttons")
    if isinstance(buttons, list):       # sphinx-book-theme's header buttons
        buttons.insert(0, {"type": "link", "url": url, "text": label, "tooltip": label,
                           "icon": "fas fa-language", "label": "lang-switch"})
    hreflang = html.escape(app.config.lang_switch_hreflang or "")
    context["metatags"] = (context.get("metatags") or "") + (
        f'\n<link rel="alternate" hreflang="{hreflang}" href="{html.escape(url)}" />')


def setup(app):
    app.add_config_value("lang_switch_target", "", "html")
    app.add_config_value("lang_switch_label", "", "html")
    app.add_config_value("lang_switch_hreflang", "", "html")
    app.add_config_value("lang_search_bar_text", "", "html")
    app.connect("config-inited", _config_inited)
    # after sphinx-book-theme has made its header buttons (priority 501)
    app.connect("html-page-context", _add_link, priority=600)
    app.add_js_file(None, body=_SAME_TAB)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
