"""Real Pelican runs: each article's thing is registered with its own account's token, an
author's token (in FLATTR's ``authors``) never lands in Pelican's content cache, and an
account without one keeps auto-submit buttons, named once in the run's summary."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlsplit

from pelican_site import ACCOUNT_TOKENS, FLATTR, SITEURL, all_files, buttons, html_pages

from flattr_sandbox import Sandbox


def _flattr(sandbox: Sandbox) -> dict[str, object]:
    """Bob's and Carol's tokens in the settings; dave-gardens (a page's own) has none."""
    authors = {
        "Bob Builder": {"username": "bob", "token": ACCOUNT_TOKENS["bob"]},
        "Carol Writer": {"username": "carol", "flattr_id": "car0l1",
                         "token": ACCOUNT_TOKENS["carol"]},
    }  # fmt: skip
    return {**FLATTR, "authors": authors, "register": "auto", "token": ACCOUNT_TOKENS["alice"],
            "api_url": sandbox.api_url, "web_url": sandbox.url}  # fmt: skip


def test_each_article_is_registered_under_its_own_account(build, sandbox, caplog) -> None:
    caplog.set_level(logging.INFO)
    pages = html_pages(build(FLATTR=_flattr(sandbox)))
    owners = {str(t["url"]).removeprefix(SITEURL + "/"): t["owner"]["username"]
              for t in sandbox.things()}  # fmt: skip
    assert owners == {
        "first-steps-with-pelican.html": "alice",
        "first-steps-with-pelican-de.html": "alice",
        "field-notes-from-the-coast.html": "bob",  # Bob Builder, Carol Writer: the first
        "episode-one-the-pilot.html": "carol",
    }
    [summary] = [r.getMessage() for r in caplog.records if "Flattr registration" in r.getMessage()]
    assert [line for line in summary.splitlines() if "dave-gardens" in line] == [
        "Flattr registration: 1 thing of dave-gardens not registered: no token of "
        "dave-gardens's Flattr account (set FLATTR_TOKEN_DAVE_GARDENS, give the author a token, "
        "or run `flattr auth login --account dave-gardens`); their buttons use auto-submit "
        "links, which pay dave-gardens"
    ]
    [guest] = buttons(pages["a-guest-post-about-gardens.html"])
    assert dict(parse_qsl(urlsplit(guest).query))["user_id"] == "dave-gardens"


def test_author_tokens_never_land_in_the_content_cache(build, site, sandbox) -> None:
    build(FLATTR=_flattr(sandbox), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
          CONTENT_CACHING_LAYER="generator")  # fmt: skip
    cached = [path.read_bytes() for path in (site / "cache").rglob("*") if path.is_file()]
    assert cached  # the generator cache was written
    for token in ACCOUNT_TOKENS.values():
        assert not any(token.encode() in data for data in cached), token
        assert not any(token.encode() in data for data in all_files(site / "output").values())
