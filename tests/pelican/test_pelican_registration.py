"""Registration at the end of a real Pelican run, against the sandbox over loopback HTTP."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pelican_site import ARTICLE_PAGES, AUTHOR_TOKEN_ENV, FLATTR, SITEURL, buttons, html_pages

from flattr_core import links
from flattr_core.errors import FlattrError
from flattr_core.models import Endpoints
from flattr_core.registration.manifest import read_manifest
from flattr_sandbox import Sandbox

EXPECTED_URLS = {f"{SITEURL}/{name}" for name in ARTICLE_PAGES}


def _flattr(sandbox: Sandbox, **options: object) -> dict[str, object]:
    return {
        **FLATTR,
        "register": "auto",
        "api_url": sandbox.api_url,
        "web_url": sandbox.url,
        **options,
    }


def _summary(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "Flattr registration" in r.getMessage()]


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLATTR_TOKEN", "tok-alice")
    for name, value in AUTHOR_TOKEN_ENV.items():  # each author's account has its own
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("token")
def test_first_run_registers_all_second_makes_no_request(build, site, sandbox, caplog) -> None:
    caplog.set_level(logging.INFO)
    build(FLATTR=_flattr(sandbox))
    assert {thing["url"] for thing in sandbox.things()} == EXPECTED_URLS
    [line] = _summary(caplog)  # one summary line
    assert line.startswith("Flattr registration: 5 things: 5 created, 0 updated, 0 unchanged")
    manifest = site / "cache" / "flattr" / "flattr-manifest.json"
    assert {thing.url for thing in read_manifest(manifest)[1]} == EXPECTED_URLS

    caplog.clear()
    before = sandbox.requests
    pages = html_pages(build(FLATTR=_flattr(sandbox)))
    assert sandbox.requests == before  # all known and unchanged: not one request
    assert "0 created, 0 updated, 5 unchanged" in _summary(caplog)[0]
    # known things: the button now goes to the thing's page
    ids = {thing["url"]: thing["id"] for thing in sandbox.things()}
    endpoints = Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)
    for name in ARTICLE_PAGES:
        expected = links.thing_url(ids[f"{SITEURL}/{name}"], endpoints)
        assert buttons(pages[name]) == [expected]


@pytest.mark.usefixtures("token")
def test_an_edited_article_is_updated(build, site, sandbox, caplog) -> None:
    build(FLATTR=_flattr(sandbox))
    source = site / "content" / "articles" / "guest-post.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Tags: gardens", "Tags: gardens, city"),
        encoding="utf-8",
    )
    caplog.clear()
    caplog.set_level(logging.INFO)
    build(FLATTR=_flattr(sandbox))
    assert "0 created, 1 updated, 4 unchanged" in _summary(caplog)[0]
    [guest] = [t for t in sandbox.things() if str(t["url"]).endswith("gardens.html")]
    assert "city" in guest["tags"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.usefixtures("token")
def test_api_down_the_run_succeeds_with_auto_submit_buttons(build, caplog) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    flattr = {**FLATTR, "register": "auto", "api_url": f"{down}/rest/v2", "web_url": down}
    with caplog.at_level(logging.WARNING):
        pages = html_pages(build(FLATTR=flattr))
    for name in ARTICLE_PAGES:
        [href] = buttons(pages[name])
        assert href.startswith(f"{down}/submit/auto?")
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "5 failed" in warning
    assert "the next build retries" in warning
    assert all("tok-alice" not in r.getMessage() for r in caplog.records)


@pytest.mark.usefixtures("token")
def test_api_down_fails_the_run_when_strict(build) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    flattr = {**FLATTR, "register": "auto", "strict": True, "api_url": f"{down}/rest/v2"}
    with pytest.raises(FlattrError):
        build(FLATTR=flattr)


def test_no_token_no_requests(build, sandbox, caplog) -> None:
    caplog.set_level(logging.INFO)
    build(FLATTR=_flattr(sandbox))
    assert sandbox.requests == 0
    assert any("no token" in line for line in _summary(caplog))


def _autoreload(site: Path, sandbox: Sandbox, register: str) -> str:
    """Run ``pelican --autoreload`` until its first build is written, then stop it."""
    conf = site / "pelicanconf.py"
    conf.write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nPLUGINS = ['pelican.plugins.flattr']\n"
        f"FLATTR = {{'username': 'alice', 'register': {register!r}, "
        f"'api_url': {sandbox.api_url!r}, 'web_url': {sandbox.url!r}}}\n",
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-m",
        "pelican",
        "-v",
        "-r",
        "content",
        "-s",
        str(conf),
        "-o",
        "output",
    ]
    env = {**os.environ, "FLATTR_TOKEN": "tok-alice", **AUTHOR_TOKEN_ENV}
    process = subprocess.Popen(
        command, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
    reader.start()
    # The first build is over once its registration summary is logged (not a fixed sleep:
    # on a loaded machine the sync after the manifest takes longer than any guess).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any("Flattr registration" in line for line in list(lines)):
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    reader.join(timeout=10)
    output = "".join(lines)
    assert (site / "cache" / "flattr" / "flattr-manifest.json").exists(), output
    return " ".join(output.split())


def test_no_registration_while_autoreloading(site, sandbox) -> None:
    output = _autoreload(site, sandbox, "auto")
    assert "skipped while serving" in output
    assert sandbox.requests == 0


def test_autoreload_registers_when_asked(site, sandbox) -> None:
    output = _autoreload(site, sandbox, "always")
    assert "5 created" in output
    assert {thing["url"] for thing in sandbox.things()} == EXPECTED_URLS
