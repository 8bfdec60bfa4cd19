"""The website: it builds from the stored outputs with no warnings, and every page works
offline — math rendered, widgets drawn, search answering — with nothing loaded from another
host and no local asset missing.

Chromium (Debian package `chromium`) loads each page headless with every host but 127.0.0.1
unresolvable. Without Chromium the browser tests skip with a message; `.ci/run` installs it,
so in CI they always run.
"""

from __future__ import annotations

import functools
import importlib.util
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in map(shutil.which, ["chromium", "chromium-browser", "google-chrome"]) if p), None)
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install Debian's `chromium` package (.ci/run does) "
           "to run the offline site checks")

# Elements whose URL the browser fetches by itself (links <a href> are only navigation).
FETCHING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
            "audio": "src", "embed": "src", "object": "data", "input": "src"}
FETCHING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut icon",
                      "apple-touch-icon", "manifest", "prefetch", "dns-prefetch", "preconnect"}


def test_chromium_is_present_in_ci():
    """CI installs Chromium, so there the browser checks must run rather than skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        assert CHROMIUM is not None, "CI must install Debian's chromium package (.ci/run does)"


def test_a_chinese_font_is_present_in_ci():
    """The Chinese edition needs a CJK font, or its text shows as boxes (.ci/run installs
    Debian's fonts-noto-cjk)."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        assert fonts.strip(), "CI must install a CJK font: Debian's fonts-noto-cjk (.ci/run does)"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """Build the book into a temporary folder with warnings as errors, and the Chinese
    edition (zh/) into its zh/ folder, as `python scripts/i18n.py site` does."""
    out = tmp_path_factory.mktemp("site")
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "--path-output", str(out), "-W", "--keep-going"],
        capture_output=True, text=True, timeout=600)
    log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert proc.returncode == 0, "the book build failed:\n" + "\n".join(problems or log.splitlines()[-30:])
    html = out / "_build" / "html"
    _load_script("i18n").build_site(ROOT, out=html, work=tmp_path_factory.mktemp("zh"))
    return html


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not any(part.startswith("_") for part in p.relative_to(site).parts))


def test_book_builds_with_no_warnings_and_only_toc_pages(built_site):
    pages = set(_pages(built_site))
    assert "intro.html" in pages and "chapters/01_loss_functions.html" in pages
    toc = (ROOT / "_toc.yml").read_text()
    for notebook in (ROOT / "chapters").glob("*.ipynb"):
        assert f"chapters/{notebook.stem}" in toc, f"{notebook.name} is not in _toc.yml"


def test_the_chinese_edition_has_every_page_of_the_english_one(built_site):
    english = {p for p in _pages(built_site) if not p.startswith("zh/")}
    chinese = {p.removeprefix("zh/") for p in _pages(built_site) if p.startswith("zh/")}
    assert english == chinese, f"only English: {sorted(english - chinese)}; only Chinese: {sorted(chinese - english)}"


class _Page(HTMLParser):
    """Collects fetched URLs, math elements and whether each holds rendered MathJax."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.inline_styles: list[str] = []
        self.math_total = 0
        self.math_rendered = 0
        self.widgets = 0
        self.search_hits: list[str] = []
        self.lang_links: list[str] = []
        self.html_lang = ""
        self._stack: list[tuple[str, bool]] = []  # (tag, is math element)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in FETCHING and a.get(FETCHING[tag]):
            self.fetched.append(a[FETCHING[tag]])
        if tag == "link" and a.get("href") and (a.get("rel") or "").lower() in FETCHING_LINK_RELS:
            self.fetched.append(a["href"])
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        if tag == "a" and "btn-lang-switch" in classes and a.get("href"):
            self.lang_links.append(a["href"])
        if a.get("style") and "url(" in a["style"]:
            self.inline_styles.append(a["style"])
        if tag == "style":
            self._in_style = True
        if "jupyter-widgets" in classes:
            self.widgets += 1
        if tag == "mjx-container" and any(is_math for _, is_math in self._stack):
            self.math_rendered += 1
            # count each math element once: mark it done
            self._stack = [(t, False) if m else (t, m) for t, m in self._stack]
        is_math = tag in ("span", "div") and "math" in classes
        self.math_total += is_math
        if tag == "a" and self._stack and any(t == "li" for t, _ in self._stack) and a.get("href"):
            self.search_hits.append(a["href"])
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "col", "wbr", "embed"):
            self._stack.append((tag, is_math))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._in_style and "url(" in data:
            self.inline_styles.append(data)


def _strip_css_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def _is_local(url: str, port: int) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return True
    if not parts.scheme and not parts.netloc:
        return True
    return parts.hostname in ("127.0.0.1", "localhost") and parts.port == port


class _Server:
    def __init__(self, root: Path):
        self.requests: list[tuple[str, int]] = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_request(self, code="-", size="-"):
                server.requests.append((self.path, int(code) if str(code).isdigit() else 0))

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def _load(url: str, profile: Path) -> tuple[str, str]:
    """Load a page headless with every other host blocked; return (DOM after scripts, log)."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", f"--user-data-dir={profile}",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=6000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    return proc.stdout, proc.stderr


# The searches the test runs: one English, two Chinese (a plain word, and a glossary term
# that jieba keeps whole thanks to zh/_search_dict.txt).
SEARCHES = ["search.html?q=softmax", "zh/search.html?q=梯度", "zh/search.html?q=网格搜索"]


@pytest.fixture(scope="module")
def rendered(built_site, tmp_path_factory):
    """Every page of the site, loaded in Chromium: {page: (parsed DOM, browser log)}."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    server = _Server(built_site)
    pages = [p for p in _pages(built_site) if Path(p).name not in ("genindex.html", "py-modindex.html")]
    urls = {p: f"http://127.0.0.1:{server.port}/{p}" for p in pages}
    for search in SEARCHES:
        urls[search] = f"http://127.0.0.1:{server.port}/{search.split('=')[0]}={quote(search.split('=')[1])}"
    profiles = tmp_path_factory.mktemp("chromium")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = dict(zip(urls, pool.map(
                lambda item: _load(item[1], profiles / re.sub(r"\W", "_", item[0])), urls.items())))
    finally:
        server.close()
    parsed = {}
    for page, (dom, log) in results.items():
        parser = _Page()
        parser.feed(dom)
        parsed[page] = (parser, log, dom)
    return {"pages": parsed, "port": server.port, "requests": server.requests, "root": built_site}


@NEEDS_CHROMIUM
def test_no_page_fetches_anything_from_another_host(rendered):
    port = rendered["port"]
    offenders = []
    for page, (parser, log, _) in rendered["pages"].items():
        offenders += [f"{page}: {url}" for url in parser.fetched if not _is_local(url, port)]
        for style in map(_strip_css_comments, parser.inline_styles):
            offenders += [f"{page}: style {u}" for u in re.findall(r"url\(['\"]?(https?://[^'\")]+)", style)
                          if not _is_local(u, port)]
        offenders += [f"{page}: browser log: {line.strip()[:200]}" for line in log.splitlines()
                      if "ERR_NAME_NOT_RESOLVED" in line or "ERR_CONNECTION" in line]
    for css in rendered["root"].rglob("*.css"):
        text = _strip_css_comments(css.read_text(encoding="utf-8", errors="replace"))
        offenders += [f"{css.name}: {u}" for u in re.findall(r"(?:url\(|@import\s+)['\"]?(https?://[^'\")\s]+)", text)]
    assert not offenders, "non-local resources:\n" + "\n".join(offenders)


@NEEDS_CHROMIUM
def test_no_local_asset_is_missing(rendered):
    missing = sorted({path for path, code in rendered["requests"]
                      if code >= 400 and not path.startswith("/favicon.ico")})
    assert not missing, f"local requests that failed: {missing}"


@NEEDS_CHROMIUM
def test_math_is_rendered_on_every_page(rendered):
    pages_with_math = 0
    for page, (parser, _, _) in rendered["pages"].items():
        assert parser.math_rendered == parser.math_total, (
            f"{page}: {parser.math_total - parser.math_rendered} of {parser.math_total} math "
            "elements left unrendered (MathJax did not load or failed)")
        pages_with_math += parser.math_total > 0
    assert pages_with_math >= 2


@NEEDS_CHROMIUM
def test_widgets_render_from_saved_state(rendered):
    for notebook in sorted([*(ROOT / "chapters").glob("*.ipynb"), *(ROOT / "zh" / "chapters").glob("*.ipynb")]):
        state = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("widgets")
        if not state:
            continue
        page = notebook.relative_to(ROOT).with_suffix(".html").as_posix()
        parser = rendered["pages"][page][0]
        assert parser.widgets > 0, f"{page}: the notebook saved widget state but no widget rendered"


@NEEDS_CHROMIUM
def test_search_works_offline(rendered):
    parser, _, _ = rendered["pages"]["search.html?q=softmax"]
    assert any("01_loss_functions" in href for href in parser.search_hits), (
        "searching for 'softmax' found no link to chapter 01")


@NEEDS_CHROMIUM
def test_chinese_search_works_offline(rendered):
    """jieba put Chinese words in the zh index: a Chinese query finds the chapters."""
    parser, _, _ = rendered["pages"]["zh/search.html?q=梯度"]
    chapters = {h.split("?")[0] for h in parser.search_hits if re.search(r"chapters/\d\d_", h)}
    assert {"chapters/02_grid_search.html", "chapters/04_gradient_descent.html"} <= chapters, (
        f"searching the Chinese site for 梯度 found {sorted(chapters)}")
    parser, _, _ = rendered["pages"]["zh/search.html?q=网格搜索"]
    assert any("02_grid_search" in h for h in parser.search_hits), "searching for 网格搜索 missed chapter 02"


@NEEDS_CHROMIUM
def test_every_page_links_to_the_same_page_in_the_other_language(rendered):
    root = rendered["root"]
    for page, (parser, _, _) in rendered["pages"].items():
        if "?" in page or Path(page).name == "index.html":      # index.html redirects to intro
            continue
        chinese = page.startswith("zh/")
        assert parser.html_lang == ("zh-CN" if chinese else "en"), f"{page}: <html lang={parser.html_lang!r}>"
        assert len(parser.lang_links) == 1, f"{page}: {len(parser.lang_links)} language links"
        target = (root / page).parent / parser.lang_links[0]
        expected = root / (page.removeprefix("zh/") if chinese else f"zh/{page}")
        assert target.resolve() == expected.resolve() and expected.exists(), (
            f"{page}: the language link {parser.lang_links[0]} does not lead to {expected.relative_to(root)}")
