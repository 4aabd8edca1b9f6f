"""What the browser tests are made of: loopback file servers, a request log, colour maths.

Reusable by every browser test (the core's buttons now, the example sites later): nothing here
knows about Flattr.
"""

from __future__ import annotations

import functools
import re
import struct
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, FloatRect, Locator, Page, Request


class _FilesHandler(SimpleHTTPRequestHandler):
    """Serves a directory; adds the server's extra headers; records every path asked for."""

    server: StaticServer

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        for name, value in self.server.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self) -> Any:  # what SimpleHTTPRequestHandler returns: a file or None
        self.server.record(self.path)
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test output is for the tests."""


class StaticServer(ThreadingHTTPServer):
    """``directory`` over HTTP on 127.0.0.1 (a free port), in a daemon thread."""

    daemon_threads = True

    def __init__(self, directory: Path, headers: Mapping[str, str] | None = None) -> None:
        handler = functools.partial(_FilesHandler, directory=str(directory))
        super().__init__(("127.0.0.1", 0), handler)
        self.directory = Path(directory)
        self.extra_headers = dict(headers or {})
        self._paths: list[str] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")

    def record(self, path: str) -> None:
        with self._lock:
            self._paths.append(path)

    def paths(self) -> list[str]:
        """Every request path (with its query) the server received, in order."""
        with self._lock:
            return list(self._paths)

    def start(self) -> StaticServer:
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self._thread.join(timeout=10)
        self.server_close()


def origin_of(url: str) -> str:
    """``scheme://host:port`` of an http(s) URL (the browser's notion of a site's origin)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class RequestLog:
    """Every request the pages of a browser context made (``context.on("request")``)."""

    entries: list[tuple[str, str]] = field(default_factory=list)  # (resource type, URL)

    def record(self, request: Request) -> None:
        self.entries.append((request.resource_type, request.url))

    def urls(self) -> list[str]:
        return [url for _, url in self.entries]

    def origins(self) -> set[str]:
        """The origins contacted over the network (data: and about: URLs are no request)."""
        return {origin_of(url) for url in self.urls() if url.startswith(("http:", "https:"))}

    def to(self, origin: str) -> list[str]:
        """The URLs requested from ``origin``."""
        return [url for url in self.urls() if origin_of(url) == origin]

    def clear(self) -> None:
        self.entries.clear()


# -- colour: WCAG 2.x relative luminance and contrast ratio --------------------------------------

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_rgb(css: str) -> tuple[float, float, float, float]:
    """``rgb(r, g, b)`` / ``rgba(r, g, b, a)`` as a computed style gives it, into numbers."""
    match = _RGB.fullmatch(css.strip())
    if not match:
        raise ValueError(f"not a computed rgb() colour: {css!r}")
    alpha = match[4] or "1"
    a = float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
    return float(match[1]), float(match[2]), float(match[3]), a


def relative_luminance(css: str) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    *channels, alpha = parse_rgb(css)
    if alpha != 1:
        raise ValueError(f"{css!r} is translucent: blend it with what lies beneath first")
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in channels]  # fmt: skip
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour on top: 1 to 21."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


# -- a real PNG without an image library ---------------------------------------------------------


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A ``width`` x ``height`` PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"IDAT", zlib.compress(row * height)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# -- what a page complains about ------------------------------------------------------------------

# Added to every document before its own scripts (Playwright's init scripts bypass the page's CSP).
_WATCH_CSP = """\
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
}, true);
"""


class PageProblems:
    """Console errors, uncaught exceptions and CSP violations of one page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.add_init_script(_WATCH_CSP)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def csp_violations(self) -> list[str]:
        """The violations reported to the current document so far."""
        return list(self.page.evaluate("window.__cspViolations || []"))


# -- reading a page as a reader meets it ----------------------------------------------------------


def computed_style(target: Locator, *names: str) -> dict[str, str]:
    """The computed values of CSS properties of the element ``target`` points at."""
    return dict(
        target.evaluate(
            "(el, names) => Object.fromEntries("
            "names.map(n => [n, getComputedStyle(el).getPropertyValue(n)]))",
            list(names),
        )
    )


def padded_box(target: Locator, pad: float) -> FloatRect:
    """``target``'s box with ``pad`` CSS pixels around it (a focus ring is drawn outside)."""
    box = target.bounding_box()
    assert box is not None, f"{target} is not visible"
    return {
        "x": max(box["x"] - pad, 0),
        "y": max(box["y"] - pad, 0),
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }


def tab_to(page: Page, target: Locator, max_presses: int = 20) -> int:
    """Press Tab until ``target`` has the focus; return how many presses it took."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{target} not reached with {max_presses} Tab presses")
