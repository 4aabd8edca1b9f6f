"""Material's instant navigation in a real browser (the system Chromium, headless, on loopback):
the page navigated to shows its own button and payment link, and the button works."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from mkdocs_sites import build_site, flattr_options, write_site

playwright_api = pytest.importorskip("playwright.sync_api")


class _Handler(SimpleHTTPRequestHandler):
    def send_head(self):  # type: ignore[no-untyped-def]
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ThreadingHTTPServer]:
    """Serves tmp_path/site on 127.0.0.1; it is also the `web_url`, so button clicks land here."""
    (tmp_path / "site").mkdir()
    handler = functools.partial(_Handler, directory=str(tmp_path / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    thread.join()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.skip("no Chromium: install Debian's chromium (.ci/setup does) or set CHROMIUM")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
            timeout=30_000,
        )
        yield browser
        browser.close()


def test_instant_navigation_brings_the_new_pages_button(tmp_path, server, chromium):
    origin = "http://{}:{}".format(*server.server_address[:2])
    pages = {
        "index.md": "# Home page\n\nSee [the install guide](guide/install.md).\n",
        "guide/install.md": "# Installing the tool\n\nRun it.\n",
    }
    flattr = flattr_options(web_url=origin, api_url=f"{origin}/rest/v2")
    theme = {"name": "material", "features": ["navigation.instant"]}
    site = write_site(
        tmp_path,
        theme=theme,
        pages=pages,
        plugins=["search", {"flattr": flattr}],
        extra={"site_url": origin + "/"},
    )
    build_site(site)

    page = chromium.new_page()
    page.set_default_timeout(15_000)
    page.goto(origin + "/")
    page.evaluate("window.__still_the_same_document = true")
    page.click("article a[href*='guide/install']")
    page.wait_for_url(origin + "/guide/install/")
    page.wait_for_selector("h1:has-text('Installing the tool')")
    # instant navigation swapped the content instead of loading a new document
    assert page.evaluate("window.__still_the_same_document") is True

    buttons = page.locator("a.flattr-button")
    assert buttons.count() == 1
    href = buttons.first.get_attribute("href")
    assert dict(parse_qsl(urlsplit(href).query))["url"] == origin + "/guide/install/"
    payment = page.locator("head link[rel=payment]")
    assert payment.count() == 1
    assert payment.first.get_attribute("href") == href
    assert page.locator("head link[href$='assets/flattr/flattr.css']").count() == 1

    buttons.first.click()  # a plain link: no script needed to work
    page.wait_for_url(origin + "/submit/auto?**")
    assert any(path.startswith("/submit/auto?user_id=site_owner") for path in server.paths)
    page.close()
