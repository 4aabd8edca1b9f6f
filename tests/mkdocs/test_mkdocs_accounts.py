"""Real builds: each page's thing is registered with its own account's token (an author's from
``token: !ENV ...`` in mkdocs.yml, the site's from FLATTR_TOKEN), never with another's."""

from __future__ import annotations

import logging
import textwrap

import pytest
from mkdocs_checks import flattr_of, submit_params
from mkdocs_sites import PAGES, SITE_URL, build_site, dest_of, url_of, write_site

from flattr_sandbox import Sandbox, SandboxUser

TOKENS = {"ada": "tok-ada-mkdocs-1", "jane": "tok-jane-mkdocs-2", "guest_writer": "tok-guest-3"}
SHOWN = ("index.md", "guide/install.md", "guide/usage.md", "guest.md")


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_TOKEN", TOKENS["ada"])
    monkeypatch.setenv("JANE_TOKEN", TOKENS["jane"])
    users = [SandboxUser(name, token) for name, token in TOKENS.items()]
    with Sandbox(tmp_path / "sandbox.sqlite", users=users) as running:
        yield running


def site_with_author_tokens(tmp_path, sandbox):
    site = write_site(tmp_path / "site", pages={k: v for k, v in PAGES.items() if k in SHOWN})
    site.config_file.write_text(
        textwrap.dedent(f"""
            site_name: Example Docs
            site_url: {SITE_URL}
            theme: {{name: mkdocs}}
            plugins:
              - flattr:
                  username: ada
                  register: auto
                  api_url: {sandbox.api_url}
                  web_url: {sandbox.url}
                  authors:
                    Jane Doe: {{username: jane, token: !ENV JANE_TOKEN}}
                    Nobody: {{username: nobody, token: !ENV NOT_SET_ANYWHERE}}
            """),
        encoding="utf-8",
    )
    return site


def test_each_page_is_registered_under_its_own_account(tmp_path, sandbox, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    site = build_site(site_with_author_tokens(tmp_path, sandbox))
    owners = {t["url"]: t["owner"]["username"] for t in sandbox.things()}
    assert owners == {url_of("index.md"): "ada", url_of("guide/install.md"): "jane",
                      url_of("guide/usage.md"): "ada"}  # fmt: skip
    [summary] = [r for r in caplog.records if "Flattr registration" in r.getMessage()]
    lines = summary.getMessage().splitlines()
    assert "3 created" in lines[0]
    assert [line for line in lines if "guest_writer" in line] == [
        "Flattr registration: 1 thing of guest_writer not registered: no token of "
        "guest_writer's Flattr account (set FLATTR_TOKEN_GUEST_WRITER, give the author a token, "
        "or run `flattr auth login --account guest_writer`); their buttons use auto-submit "
        "links, which pay guest_writer"
    ]
    guest = flattr_of(site.document(dest_of("guest.md")))
    assert submit_params(guest.buttons[0], f"{sandbox.url}/submit/auto")["user_id"] == (
        "guest_writer"
    )
    ids = {t["url"]: t["id"] for t in sandbox.things()}
    install = flattr_of(site.document(dest_of("guide/install.md")))
    assert install.buttons == [f"{sandbox.url}/thing/{ids[url_of('guide/install.md')]}"]
    assert TOKENS["jane"] not in caplog.text


def test_a_warm_build_with_author_tokens_sends_nothing(tmp_path, sandbox, caplog):
    site = site_with_author_tokens(tmp_path, sandbox)
    build_site(site)
    before = sandbox.requests
    caplog.clear()
    caplog.set_level(logging.INFO, logger="mkdocs")
    build_site(site)
    assert sandbox.requests == before
    [summary] = [r for r in caplog.records if "Flattr registration" in r.getMessage()]
    assert "3 unchanged" in summary.getMessage()
