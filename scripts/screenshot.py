#!/usr/bin/env python3
"""Screenshots of the built site, as a reader sees it: headless Chromium, 1280 px wide, light
and dark mode, served from 127.0.0.1 (nothing is fetched from another host).

    python scripts/screenshot.py                      every page, light and dark
    python scripts/screenshot.py 02 05                chapters 02 and 05 (also: 02_grid_search,
                                                      chapters/02_grid_search.html, intro, api)
    python scripts/screenshot.py 04 --mode dark --slices 3
    python scripts/screenshot.py 08 --sliders last    press each frame slider's "last frame" first
    python scripts/screenshot.py 06 --element ".bplib-slider" --scale 2
    python scripts/screenshot.py --build 02           build the site first (jupyter-book build .)

Options: ``--site DIR`` the built HTML (default ``_build/html``), ``--out DIR`` where the PNGs go
(default ``_build/screenshots``), ``--width`` (1280), ``--mode light|dark|both`` (both),
``--slice-height`` (1600 px: each page is cut into slices of this height, named
``PAGE-MODE-01.png``, ``-02`` …; ``--slices N`` keeps the first N), ``--full`` (one image of the
whole page instead; very tall pages may come out blank beyond about 16 000 px), ``--element CSS``
(one PNG per element matching the selector, ``PAGE-MODE-el01.png`` …), ``--scale`` (device
pixel ratio: 2 shows what a high-density screen shows), ``--sliders first|last|N`` (move every
frame slider to that frame with its own buttons, and print what each one shows).

Dark mode is the theme's own: the page starts with ``localStorage.mode = "dark"`` (what the
theme's toggle stores) and the browser reports ``prefers-color-scheme: dark``.

The browser is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``), with
no Python dependency; ``tests/test_site.py`` uses the same ``Browser`` and ``serve`` to measure
every page. Chromium run as root needs ``--no-sandbox``, which is always passed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
         "--mute-audio", "--remote-debugging-pipe",
         # every host but 127.0.0.1 is unresolvable: a page that needs the network shows it
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def find_chromium() -> str | None:
    """The Chromium executable, or None."""
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


# ─── a minimal DevTools-protocol client over a pipe ─────────────────────────────────────────

class BrowserError(RuntimeError):
    """A DevTools command failed, or the browser went away."""


class Browser:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (messages end with a NUL byte).

    >>> with Browser() as browser:                                   # doctest: +SKIP
    ...     page = browser.new_page(width=1280, dark=True)
    ...     page.goto("http://127.0.0.1:8000/intro.html")
    ...     page.screenshot("intro.png")
    """

    def __init__(self, chromium: str | None = None, timeout: float = 60.0):
        self.chromium = chromium or find_chromium()
        if self.chromium is None:
            raise BrowserError("Chromium not found: install Debian's `chromium` package")
        self.timeout = timeout
        self._profile = None
        self._proc = None

    def __enter__(self) -> "Browser":
        import tempfile

        self._profile = tempfile.TemporaryDirectory(prefix="bplib-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # fd 3: commands to the browser, fd 4: its answers (what --remote-debugging-pipe
        # uses). Moved there in the child, after fork; close_fds=False keeps them open across
        # exec (every other descriptor Python opened is close-on-exec anyway).
        def pipes_on_3_and_4(r=to_browser_r, w=from_browser_w):
            import fcntl

            r_high, w_high = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (r, w))
            os.dup2(r_high, 3)
            os.dup2(w_high, 4)

        self._proc = subprocess.Popen(
            [self.chromium, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            preexec_fn=pipes_on_3_and_4, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._stderr: list[bytes] = []
        threading.Thread(target=lambda: self._stderr.extend(self._proc.stderr), daemon=True).start()
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        self.send("Target.setDiscoverTargets", {"discover": False})
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._profile.cleanup()

    # messages ---------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                log = b"".join(self._stderr).decode(errors="replace")[-2000:]
                raise BrowserError(f"the browser exited; its log ends with:\n{log}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one command and wait for its result (events that arrive meanwhile are kept)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for_event(self, method: str, session: str, timeout: float | None = None) -> dict:
        """Wait for an event of this page (or take it from those already received)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            reply = self._read_message(deadline)
            if "method" in reply:
                self._events.append(reply)

    def events(self, session: str, prefix: str = "") -> list[dict]:
        """Remove and return the events of one page received so far (optionally one domain)."""
        mine = [e for e in self._events
                if e.get("sessionId") == session and e["method"].startswith(prefix)]
        self._events = [e for e in self._events if e not in mine]
        return mine

    def new_page(self, width: int = 1280, height: int = 1000, dark: bool = False,
                 scale: float = 1.0, network_log: bool = False) -> "Page":
        """A new tab of ``width`` × ``height`` CSS pixels, in the theme's light or dark mode."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        page.send("Page.enable")
        if network_log:
            page.send("Network.enable")
        page.resize(width, height, scale)
        mode = "dark" if dark else "light"
        page.send("Emulation.setEmulatedMedia",
                  {"features": [{"name": "prefers-color-scheme", "value": mode}]})
        # what the theme's light/dark toggle stores; read by the theme before the page renders
        page.send("Page.addScriptToEvaluateOnNewDocument",
                  {"source": f"try {{ localStorage.setItem('mode', '{mode}'); "
                             f"localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}"})
        return page


class Page:
    """One tab: navigate, evaluate JavaScript, press keys, take screenshots."""

    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session
        self.width = 1280

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        return self.browser.send(method, params, self.session, timeout)

    def resize(self, width: int, height: int, scale: float = 1.0) -> None:
        self.width = width
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})

    def goto(self, url: str, settle_ms: int = 300) -> None:
        """Load ``url`` and wait until math is typeset, widgets are drawn and fonts are in."""
        self.browser.events(self.session)          # forget the previous page's events
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for_event("Page.loadEventFired", self.session)
        self.evaluate(_SETTLE_JS, await_promise=True, timeout=30)
        if settle_ms:
            time.sleep(settle_ms / 1000)

    def evaluate(self, expression: str, await_promise: bool = False, timeout: float | None = None):
        """The value of a JavaScript expression (JSON-serializable values only)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise}, timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript error: {text}")
        return result.get("result", {}).get("value")

    def press(self, key: str) -> None:
        """Press one key (``"Enter"``, ``" "``, ``"Tab"``, ``"ArrowRight"``) where the focus is."""
        codes = {"Enter": 13, " ": 32, "Tab": 9, "ArrowRight": 39, "ArrowLeft": 37,
                 "Home": 36, "End": 35}
        base = {"key": key, "code": "Space" if key == " " else key,
                "windowsVirtualKeyCode": codes.get(key, 0)}
        text = {"Enter": "\r", " ": " "}.get(key)
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", **base, **({"text": text} if text else {})})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **base})

    def height(self) -> int:
        return int(self.evaluate("Math.max(document.documentElement.scrollHeight, "
                                 "document.body.scrollHeight)"))

    def screenshot(self, path: Path, clip: dict | None = None) -> Path:
        """Save the viewport (or ``clip``: x, y, width, height in page coordinates) as PNG."""
        params = {"format": "png"}
        if clip:
            # beyond the viewport only when needed: it re-lays the page out in a tall window
            inside = self.evaluate(f"scrollY <= {clip['y']} && {clip['y'] + clip['height']} "
                                   "<= scrollY + innerHeight")
            params.update(clip={**clip, "scale": 1}, captureBeyondViewport=not inside)
        data = self.send("Page.captureScreenshot", params, timeout=120)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.browser.send("Target.closeTarget", {"targetId": self.target})


# Resolves when the page has settled: MathJax typeset, every saved widget drawn (or 8 s),
# web fonts loaded.
_SETTLE_JS = """
(async () => {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    try { await MathJax.startup.promise; } catch (e) {}
  }
  const views = () => document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = () => document.querySelectorAll('.widget-subarea, .jupyter-widgets-view').length;
  for (let t = 0; views() > 0 && drawn() < views() && t < 80; t++) await sleep(100);
  if (document.fonts) await document.fonts.ready;
  return true;
})()
"""


# ─── serving the built site ─────────────────────────────────────────────────────────────────

class Server:
    """The built site on http://127.0.0.1:PORT/, recording each request and its status."""

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
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def serve(root: Path):
    server = Server(root)
    try:
        yield server
    finally:
        server.close()


# ─── which pages ────────────────────────────────────────────────────────────────────────────

def site_pages(site: Path) -> list[str]:
    """Every page of the built site (relative paths), without Sphinx's generated indexes."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name not in ("genindex.html", "py-modindex.html", "search.html")
                  and not p.relative_to(site).parts[0].startswith("_"))


def resolve_pages(site: Path, names: list[str]) -> list[str]:
    """Pages named loosely: ``02``, ``02_grid_search``, ``intro``, ``chapters/api.html``."""
    pages = site_pages(site)
    if not names or names == ["all"]:
        return pages
    chosen = []
    for name in names:
        stem = Path(name).name.removesuffix(".html")
        hits = [p for p in pages if Path(p).stem == stem or Path(p).stem.startswith(stem + "_")
                or p == name]
        if len(hits) != 1:
            sys.exit(f"screenshot: {name!r} matches {len(hits)} pages "
                     f"({', '.join(hits) or 'none'}); pages are: {', '.join(pages)}")
        chosen.append(hits[0])
    return chosen


# ─── frame sliders ──────────────────────────────────────────────────────────────────────────

SLIDER_STATE_JS = """
[...document.querySelectorAll('.bplib-slider')].map(s => ({
  id: s.id,
  frames: parseInt(s.dataset.frames),
  value: s.querySelector('input[type=range]').value,
  readout: s.querySelector('output').textContent,
  alt: s.querySelector('img').alt,
}))
"""


def move_sliders(page: Page, where: str) -> list[dict]:
    """Move every frame slider with its own buttons (first, last, or N steps of 'next')."""
    if where in ("first", "last"):
        page.evaluate(f"document.querySelectorAll('.bplib-slider button[data-act={where}]')"
                      ".forEach(b => b.click())")
    else:
        for _ in range(int(where)):
            page.evaluate("document.querySelectorAll('.bplib-slider button[data-act=next]')"
                          ".forEach(b => b.click())")
    time.sleep(0.2)
    return page.evaluate(SLIDER_STATE_JS) or []


# ─── the command ────────────────────────────────────────────────────────────────────────────

def shoot(page: Page, url: str, out: Path, name: str, args) -> list[Path]:
    page.goto(url)
    if args.sliders:
        for s in move_sliders(page, args.sliders):
            print(f"  slider {s['id']}: frame {int(s['value']) + 1}/{s['frames']}: {s['readout']}")
    files = []
    if args.element:
        count = page.evaluate(f"document.querySelectorAll({json.dumps(args.element)}).length")
        for k in range(count):
            rect = page.evaluate(
                f"(() => {{ const e = document.querySelectorAll({json.dumps(args.element)})[{k}];"
                "e.scrollIntoView({block: 'start'}); const r = e.getBoundingClientRect();"
                "return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, "
                "height: r.height}; })()")
            if rect["width"] > 0 and rect["height"] > 0:
                time.sleep(0.1)
                files.append(page.screenshot(out / f"{name}-el{k + 1:02d}.png", clip=rect))
        return files
    height = page.height()
    if args.full:
        return [page.screenshot(out / f"{name}.png",
                                clip={"x": 0, "y": 0, "width": args.width, "height": height})]
    count = -(-height // args.slice_height)
    for k in range(min(count, args.slices or count)):
        page.evaluate(f"window.scrollTo(0, {k * args.slice_height})")
        time.sleep(0.15)
        files.append(page.screenshot(out / f"{name}-{k + 1:02d}.png"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Screenshots of the built site in headless Chromium (light and dark mode).",
        epilog="Example: python scripts/screenshot.py 02 05 --slices 4")
    parser.add_argument("pages", nargs="*", help="pages: 02, 02_grid_search, intro, api, "
                        "chapters/02_grid_search.html; none or 'all' for every page")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--mode", choices=["light", "dark", "both"], default="both")
    parser.add_argument("--slice-height", type=int, default=1600)
    parser.add_argument("--slices", type=int, default=0, help="keep only the first N slices")
    parser.add_argument("--full", action="store_true", help="one image of the whole page")
    parser.add_argument("--element", help="CSS selector: one image per matching element")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    parser.add_argument("--sliders", help="move frame sliders first: first, last or N (steps)")
    parser.add_argument("--build", action="store_true", help="run `jupyter-book build .` first")
    args = parser.parse_args(argv)

    if args.build:
        jb = Path(sys.executable).with_name("jupyter-book")
        subprocess.run([str(jb), "build", str(ROOT)], check=True)
    site = args.site.resolve()
    if not (site / "intro.html").is_file() and not any(site.glob("*.html")):
        sys.exit(f"screenshot: no built site in {site}; build it with `jupyter-book build .` "
                 "or pass --build")
    pages = resolve_pages(site, args.pages)
    modes = ["light", "dark"] if args.mode == "both" else [args.mode]
    height = args.slice_height if not args.full else 1000
    with serve(site) as server, Browser() as browser:
        for mode in modes:
            page = browser.new_page(args.width, height, dark=mode == "dark", scale=args.scale)
            for rel in pages:
                name = f"{re.sub(r'[^A-Za-z0-9_]+', '_', rel.removesuffix('.html'))}-{mode}"
                name = name.removeprefix("chapters_")
                files = shoot(page, server.url + rel, args.out, name, args)
                print(f"{rel} ({mode}): {len(files)} image(s), "
                      f"{files[0].name if files else '-'} …")
            page.close()
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
