"""Registration at the end of real builds, against the sandbox API on loopback."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.exceptions import Abort
from mkdocs_checks import flattr_of, submit_params
from mkdocs_sites import PAGES, build_site, dest_of, url_of

from flattr_sandbox import Faults, Sandbox, SandboxUser

TOKEN = "tok-alice-0123456789"
REGISTERED = ("index.md", "guide/install.md", "guide/usage.md")
SITE_PAGES = {name: text for name, text in PAGES.items() if name != "guest.md"}


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_TOKEN", TOKEN)
    with Sandbox(tmp_path / "sandbox.sqlite", users=[SandboxUser("alice", TOKEN)]) as running:
        yield running


def registering_site(site_factory, sandbox_or_urls, **options):
    api_url, web_url = sandbox_or_urls
    flattr = {
        "username": "alice",
        "authors": {},
        "register": "auto",
        "api_url": api_url,
        "web_url": web_url,
        **options,
    }
    return site_factory(pages=SITE_PAGES, flattr=flattr)


def urls(sandbox):
    return sandbox.api_url, sandbox.url


def button_of(site, source):
    flattr = flattr_of(site.document(dest_of(source)))
    assert len(flattr.buttons) == 1
    assert len(flattr.payment_links) == 1
    return flattr


def summary_lines(caplog):
    return [r for r in caplog.records if "Flattr registration" in r.getMessage()]


def test_first_build_registers_every_page_and_links_buttons(site_factory, sandbox, flattr_log):
    site = build_site(registering_site(site_factory, urls(sandbox)))
    things = {thing["url"]: thing for thing in sandbox.things()}
    assert set(things) == {url_of(source) for source in REGISTERED}
    usage = things[url_of("guide/usage.md")]
    assert usage["title"] == "Using the tool, explained"
    assert usage["language"] == "de_DE"
    assert usage["category"] == "software"
    for source in REGISTERED:
        flattr = button_of(site, source)
        thing_id = things[url_of(source)]["id"]
        assert flattr.buttons[0] == f"{sandbox.url}/thing/{thing_id}"  # rewritten after sync
        assert submit_params(flattr.payment_links[0], f"{sandbox.url}/submit/auto")["url"] == (
            url_of(source)
        )
    [line] = summary_lines(flattr_log)
    assert line.levelno == logging.INFO
    assert "3 created" in line.getMessage()


def test_second_build_sends_nothing_and_links_from_the_start(site_factory, sandbox, flattr_log):
    site = registering_site(site_factory, urls(sandbox))
    build_site(site)
    before = sandbox.requests
    flattr_log.clear()
    build_site(site)
    assert sandbox.requests == before  # 0 API requests
    [line] = summary_lines(flattr_log)
    assert "3 unchanged" in line.getMessage()
    assert "0 requests" in line.getMessage()
    ids = {thing["url"]: thing["id"] for thing in sandbox.things()}
    assert (
        button_of(site, "index.md").buttons[0] == f"{sandbox.url}/thing/{ids[url_of('index.md')]}"
    )


def test_edited_page_is_updated(site_factory, sandbox, flattr_log):
    site = registering_site(site_factory, urls(sandbox))
    build_site(site)
    page = site.root / "docs" / "guide" / "install.md"
    page.write_text(
        page.read_text("utf-8").replace("# Installing the tool", "# Installing it"), "utf-8"
    )
    flattr_log.clear()
    build_site(site)
    [line] = summary_lines(flattr_log)
    assert "1 updated" in line.getMessage()
    assert "2 unchanged" in line.getMessage()
    titles = {thing["url"]: thing["title"] for thing in sandbox.things()}
    assert titles[url_of("guide/install.md")] == "Installing it"
    assert len(titles) == 3


def test_manifest_lists_the_things_for_flattr_sync(site_factory, sandbox):
    site = build_site(registering_site(site_factory, urls(sandbox), register="never"))
    manifest = json.loads(
        (site.root / ".cache/plugin/flattr/flattr-manifest.json").read_text("utf-8")
    )
    text = json.dumps(manifest)
    for source in REGISTERED:
        assert url_of(source) in text
    assert url_of("private.md") not in text
    assert sandbox.requests == 0


def test_api_down_build_succeeds_with_auto_submit_buttons(
    site_factory, tmp_path, flattr_log, monkeypatch
):
    monkeypatch.setenv("FLATTR_TOKEN", TOKEN)
    down = Sandbox(tmp_path / "gone.sqlite")
    api_url, web_url = down.api_url, down.url
    down.close()  # nothing listens there any more: connection refused
    site = build_site(registering_site(site_factory, (api_url, web_url)))
    flattr = button_of(site, "guide/install.md")
    assert flattr.buttons[0].startswith(f"{web_url}/submit/auto?")
    [line] = summary_lines(flattr_log)
    assert line.levelno == logging.WARNING


def test_api_failing_with_strict_stops_the_build(site_factory, sandbox, flattr_log):
    sandbox.set_faults(Faults(fail_rate=1.0, fail_status=503))
    site = registering_site(site_factory, urls(sandbox), strict=True)
    with pytest.raises(Abort, match="BuildError"):
        build_site(site)
    assert "strict: true, so this stops the build: Flattr registration" in flattr_log.text
    assert "3 failed" in flattr_log.text


def test_api_failing_is_a_warning_that_mkdocs_strict_counts(site_factory, sandbox):
    sandbox.set_faults(Faults(fail_rate=1.0, fail_status=503))
    site = registering_site(site_factory, urls(sandbox))
    args = ["build", "--strict", "-f", str(site.config_file), "-d", str(site.site_dir)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "Flattr registration" in result.output
    assert "Aborted with 1 warnings in strict mode" in result.output


def test_serve_sends_nothing(site_factory, sandbox, flattr_log):
    build_site(registering_site(site_factory, urls(sandbox)), command="serve")
    assert sandbox.requests == 0
    assert "serving" in summary_lines(flattr_log)[0].getMessage()


def test_serve_with_register_always_registers(site_factory, sandbox):
    build_site(registering_site(site_factory, urls(sandbox), register="always"), command="serve")
    assert len(sandbox.things()) == 3


def test_dirty_build_registers_nothing_and_keeps_the_manifest(site_factory, sandbox, flattr_log):
    site = build_site(registering_site(site_factory, urls(sandbox)))
    manifest = site.root / ".cache/plugin/flattr/flattr-manifest.json"
    before, requests = manifest.read_text("utf-8"), sandbox.requests
    page = site.root / "docs" / "guide" / "install.md"
    page.write_text(
        page.read_text("utf-8").replace("# Installing the tool", "# Installing it"), "utf-8"
    )
    flattr_log.clear()
    build_site(site, dirty=True)
    assert sandbox.requests == requests
    assert manifest.read_text("utf-8") == before
    assert "--dirty" in summary_lines(flattr_log)[0].getMessage()
    assert len(button_of(site, "guide/install.md").buttons) == 1


def test_no_token_registers_nothing(site_factory, sandbox, monkeypatch, flattr_log):
    monkeypatch.delenv("FLATTR_TOKEN")
    build_site(registering_site(site_factory, urls(sandbox)))
    assert sandbox.requests == 0
    assert "no token" in summary_lines(flattr_log)[0].getMessage()


def test_token_appears_nowhere(site_factory, sandbox, flattr_log):
    site = build_site(registering_site(site_factory, urls(sandbox)))
    written = [path for path in site.site_dir.rglob("*") if path.is_file()]
    assert site.site_dir / "index.html" in written
    for path in written:
        assert TOKEN.encode() not in path.read_bytes(), path
    cached = [path for path in (site.root / ".cache").rglob("*") if path.is_file()]
    assert any(path.name == "flattr-manifest.json" for path in cached), cached
    for path in cached:
        assert TOKEN.encode() not in path.read_bytes(), path
    assert TOKEN not in flattr_log.text
