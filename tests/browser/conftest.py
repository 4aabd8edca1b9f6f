"""Browser fixtures: Debian's Chromium under Playwright, loopback servers, a request log.

Reusable by every browser test: ``served_site(path)`` serves a directory on its own loopback
origin, ``new_context(**options)`` / ``browser_page`` open pages whose every request lands in
``requests_log``, and ``screenshot(target)`` saves a PNG under test-artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from flattr_core.models import Endpoints, Secret
from flattr_core.registration.client import FlattrClient
from flattr_sandbox import Sandbox, SandboxUser
from tests.suites import installed

if installed("browser"):  # else tests/conftest.py skips this suite, saying what it lacks
    from browser_kit import RequestLog, StaticServer, padded_box
    from button_pages import THING, endpoints_for, fake_flattr_assets
    from funding_vendors import VENDOR_URLS, serve_vendors
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

HERE = Path(__file__).parent
TEST_TIMEOUT = 60  # seconds per test, at most (pytest-timeout)
ACTION_TIMEOUT = 10_000  # milliseconds per Playwright action or navigation
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SANDBOX_TOKEN = "tok-alice-browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is bounded in time."""
    for item in items:
        if HERE in item.path.parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT))


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium: $CHROMIUM, else ``chromium`` on PATH (Playwright downloads none)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        pytest.skip(
            f"no Chromium: CHROMIUM={os.environ.get('CHROMIUM')!r} and none on PATH; "
            "install Debian's chromium (.ci/setup does) or set CHROMIUM to its path"
        )
    return path


@pytest.fixture(scope="module")
def browser(chromium_executable: str) -> Iterator[Browser]:
    """One headless Chromium per test module; Playwright gives it a fresh temporary profile.

    Not one per session: while Playwright's sync API is open, this thread counts as running an
    asyncio loop, and every later ``sync_playwright()`` or ``asyncio.run()`` of the process
    (another suite's) fails.
    """
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, timeout=30_000
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts_dir(pytestconfig: pytest.Config) -> Path:
    """Where screenshots go: $FLATTR_ARTIFACTS, else test-artifacts/browser (gitignored)."""
    default = pytestconfig.rootpath / "test-artifacts" / "browser"
    path = Path(os.environ.get("FLATTR_ARTIFACTS") or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def requests_log() -> RequestLog:
    """Every request made by the pages of this test's contexts."""
    return RequestLog()


@pytest.fixture
def new_context(
    browser: Browser, requests_log: RequestLog
) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(**playwright_options)``: an isolated context, logged and closed after."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**{"viewport": {"width": 800, "height": 600}, **options})
        context.set_default_timeout(ACTION_TIMEOUT)
        context.set_default_navigation_timeout(ACTION_TIMEOUT)
        context.on("request", requests_log.record)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def vendor_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A context whose every https request is answered by the providers' stand-ins (or refused):
    loopback sites are served as usual, nothing leaves the machine."""
    context = new_context()
    context.route(VENDOR_URLS, serve_vendors)
    return context


@pytest.fixture
def browser_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh default context (light colour scheme, JavaScript on)."""
    return new_context().new_page()


@pytest.fixture
def served_site() -> Iterator[Callable[..., StaticServer]]:
    """``served_site(path, headers=None)``: ``path`` on a loopback origin of its own."""
    servers: list[StaticServer] = []

    def serve(path: Path, headers: Mapping[str, str] | None = None) -> StaticServer:
        server = StaticServer(path, headers).start()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, artifacts_dir: Path) -> Callable[..., Path]:
    """``screenshot(page_or_locator, suffix="")`` saves ``<test name><suffix>.png``.

    A locator is taken with ``pad`` CSS pixels around it, so that a focus ring drawn outside
    the element's box is in the picture.
    """
    stem = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(target: Page | Locator, suffix: str = "", pad: int = 12) -> Path:
        path = artifacts_dir / f"{stem}{suffix}.png"
        if isinstance(target, Page):
            target.screenshot(path=str(path), animations="disabled")
            return path
        clip = padded_box(target, pad)
        target.page.screenshot(path=str(path), animations="disabled", clip=clip)
        return path

    return take


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """The local Flattr (web pages and API) on a loopback origin of its own."""
    user = SandboxUser("alice", SANDBOX_TOKEN, flattr_id="ab12cd")
    with Sandbox(tmp_path / "sandbox.sqlite", users=[user]) as running:
        yield running


@pytest.fixture
def flattr_assets(tmp_path: Path, served_site: Callable[..., StaticServer]) -> StaticServer:
    """Flattr's third-party files (load.js, badge image) as stand-ins, on a third origin."""
    return served_site(fake_flattr_assets(tmp_path / "flattr-assets"))


@pytest.fixture
def endpoints(sandbox: Sandbox, flattr_assets: StaticServer) -> Endpoints:
    """Every Flattr URL on loopback origins other than the site's."""
    return endpoints_for(sandbox.url, sandbox.api_url, flattr_assets.origin)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """The directory the test's pages are written into (serve it with ``served_site``)."""
    root = tmp_path / "site"
    root.mkdir()
    return root


@pytest.fixture
def registered_thing_id(sandbox: Sandbox, endpoints: Endpoints) -> int:
    """THING registered in the sandbox over its real API; its id."""
    with FlattrClient(endpoints, Secret(SANDBOX_TOKEN)) as client:
        return client.create(THING)


@pytest.fixture
def site(site_root: Path, served_site: Callable[..., StaticServer]) -> StaticServer:
    """``site_root`` served on the site's own loopback origin."""
    return served_site(site_root)
