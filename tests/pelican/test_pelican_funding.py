"""Every provider from one FLATTR setting, in real Pelican runs: site, category, author and
article metadata; each page's head links and support block, every feed's elements, funding.json;
articles without a Flattr account; a site without a Flattr username at all."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest
from funding_json.model import Manifest
from funding_reading import feed_holders, page_funding
from manifest_schema import SCHEMA, validate
from pelican.log import LimitFilter
from pelican_funding_site import (
    ALICE_WALLET,
    BOB_WALLET,
    FUNDING_JSON,
    METADATA,
    SITE_FUNDING,
    build,
    funding_settings,
    url,
)
from pelican_site import ARTICLE_PAGES, OPTED_OUT

from flattr_core.errors import ConfigError
from flattr_core.markup.funding_schema import manifest_problems

GITHUB = ("github", "https://github.com/sponsors/alice-gh")
LIBERAPAY = ("liberapay", "https://liberapay.com/alice/donate")
THANKS = ("thanks-dev", "https://thanks.dev/u/gh/alice-gh")
PAYPAL = ("paypal", "https://paypal.me/alicepp")
SITE_BUTTONS = [GITHUB, LIBERAPAY, THANKS, PAYPAL]
# article page -> (head wallets, support buttons); guest post: Funding: no (a bare Flattr button)
EXPECTED = {
    "first-steps-with-pelican.html": (  # Funding_polar, Funding_github: no
        [ALICE_WALLET],
        [LIBERAPAY, ("polar", "https://polar.sh/alice-polar"), THANKS, PAYPAL],
    ),
    "first-steps-with-pelican-de.html": ([ALICE_WALLET], SITE_BUTTONS),
    "field-notes-from-the-coast.html": (  # Bob, its first author with an entry
        [BOB_WALLET],
        [GITHUB, ("ko-fi", "https://ko-fi.com/bob"), LIBERAPAY, THANKS, PAYPAL],
    ),
    "episode-one-the-pilot.html": (  # the Podcast category's rule
        [ALICE_WALLET],
        [
            GITHUB,
            ("open-collective", "https://opencollective.com/carolcast/donate"),
            *SITE_BUTTONS[1:],
        ],
    ),
    "a-guest-post-about-gardens.html": ([], []),  # no wallet link either
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        tmp = tmp_path_factory.mktemp("pelican-funding")
        patch.delenv("FLATTR_TOKEN", raising=False)
        patch.setenv("FLATTR_CONFIG_DIR", str(tmp / "flattr-config"))
        return build(tmp, funding_settings())


def test_the_expectations_cover_every_article_page() -> None:
    assert set(EXPECTED) == ARTICLE_PAGES


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_article_gets_its_wallets_and_its_support_block(output: Path, page: str) -> None:
    wallets, buttons = EXPECTED[page]
    found = page_funding((output / page).read_text(encoding="utf-8"))
    assert found.wallets == wallets
    assert found.buttons == buttons
    assert (found.flattr_buttons, found.payment_links) == (1, 1)
    assert found.blocks == (1 if buttons else 0)  # Funding: no keeps the bare Flattr button
    assert [s for s in found.stylesheets if s.endswith("flattr.css")] == [
        "https://blog.example/theme/flattr/flattr.css"
    ]


def test_listings_drafts_hidden_and_opted_out_pages_get_nothing(output: Path) -> None:
    pages = sorted(p for p in output.rglob("*.html") if p.name not in EXPECTED)
    assert any(p.name == OPTED_OUT for p in pages)
    assert any(p.name == "index.html" for p in pages)
    for page in pages:
        found = page_funding(page.read_text(encoding="utf-8"))
        assert (found.wallets, found.buttons, found.blocks, found.flattr_buttons) == (
            [], [], 0, 0,
        ), page  # fmt: skip


SITE_FEED_FUNDING = [
    ("https://github.com/sponsors/alice-gh", "Support on GitHub Sponsors"),
    ("https://liberapay.com/alice/donate", "Support on Liberapay"),
    ("https://thanks.dev/u/gh/alice-gh", "Support on thanks.dev"),
    ("https://paypal.me/alicepp", "Support on PayPal"),
]


def test_every_feed_is_well_formed_with_the_sites_funding_in_its_channel(output: Path) -> None:
    feeds = sorted((output / "feeds").glob("*.xml"))
    assert len(feeds) == 36
    for path in feeds:
        holders = feed_holders(path)  # expat and feedparser both read it
        channel = holders.pop("channel")
        assert channel.wallets == [ALICE_WALLET], path
        rss = path.name.endswith(".rss.xml")
        assert channel.funding == (SITE_FEED_FUNDING if rss else []), path
        for link, item in holders.items():
            assert item.wallets == ([BOB_WALLET] if "field-notes" in link else []), (path, link)
        text = path.read_text(encoding="utf-8")
        assert text.count("xmlns:podcast=") == (1 if rss else 0), path


def test_items_carry_their_own_support_pages_only_where_they_differ(output: Path) -> None:
    holders = feed_holders(output / "feeds" / "all.rss.xml")
    del holders["channel"]
    own = {link: [u for u, _ in item.funding] for link, item in holders.items() if item.funding}
    assert own == {
        url("first-steps-with-pelican.html"): [
            "https://liberapay.com/alice/donate",
            "https://polar.sh/alice-polar",
            "https://thanks.dev/u/gh/alice-gh",
            "https://paypal.me/alicepp",
        ],
        url("field-notes-from-the-coast.html"): [
            "https://github.com/sponsors/alice-gh",
            "https://ko-fi.com/bob",
            *[u for u, _ in SITE_FEED_FUNDING[1:]],
        ],
        url("episode-one-the-pilot.html"): [
            "https://github.com/sponsors/alice-gh",
            "https://opencollective.com/carolcast/donate",
            *[u for u, _ in SITE_FEED_FUNDING[1:]],
        ],
    }


def test_funding_json_is_valid_and_listed_at_the_well_known_path(output: Path) -> None:
    doc = json.loads((output / "funding.json").read_text(encoding="utf-8"))
    assert validate(doc, SCHEMA) == []
    assert Manifest.from_dict(copy.deepcopy(doc)).to_dict() == doc
    assert manifest_problems(doc, url("funding.json")) == []
    assert [c["guid"] for c in doc["funding"]["channels"]] == [
        "github", "liberapay", "thanks-dev", "paypal", "web-monetization",
    ]  # fmt: skip
    assert doc["projects"][0]["repositoryUrl"] == {"url": "https://blog.example/source/"}
    well_known = output / ".well-known" / "funding-manifest-urls"
    assert well_known.read_text(encoding="utf-8") == url("funding.json") + "\n"


def test_a_bad_funding_json_field_ends_the_run_naming_it(tmp_path: Path) -> None:
    bad = copy.deepcopy(FUNDING_JSON)
    bad["entity"]["email"] = "not an address"
    with pytest.raises(ConfigError) as caught:
        build(tmp_path, funding_settings(funding_json=bad))
    assert [p.key for p in caught.value.problems] == ["entity.email"]
    assert caught.value.source == "funding_json"


@pytest.fixture
def fresh_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pelican's LimitFilter counts repeated warnings per process (class attributes): after five
    a run only says "more articles without a button"; this test counts from zero (and the
    earlier counts come back after it)."""
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    monkeypatch.setattr(LimitFilter, "_group_count", type(LimitFilter._group_count)(int))


@pytest.mark.usefixtures("fresh_limits")
def test_a_bad_value_is_named_as_written_in_the_metadata(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    metadata = {**METADATA, "opinion.md": []}
    metadata["first-steps.md"] = ["Funding_liberapay: https://liberapay.com/alice"]
    metadata["field-notes.md"] = ["Funding: no", "Funding_polar: bob"]
    with caplog.at_level(logging.WARNING):
        output = build(tmp_path, funding_settings(), metadata)
    messages = [r.getMessage() for r in caplog.records]
    assert any(
        "funding_liberapay: 'https://liberapay.com/alice' is not allowed" in m
        and "(did you mean 'alice'?)" in m
        and "articles/first-steps.md" in m
        for m in messages
    ), messages
    assert any("funding: 'no' is not allowed; expected either Funding: no" in m for m in messages)
    assert page_funding((output / "first-steps-with-pelican-de.html").read_text()).blocks == 1
    assert not (output / "first-steps-with-pelican.html").read_text().count("flattr-button")


# -- no Flattr username for the site -------------------------------------------------------------


@pytest.fixture(scope="module")
def without_flattr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = {"funding": SITE_FUNDING, "authors": {"Bob Builder": "bob"}, "register": "never"}
    with pytest.MonkeyPatch.context() as patch:
        tmp = tmp_path_factory.mktemp("pelican-no-flattr")
        patch.delenv("FLATTR_TOKEN", raising=False)
        patch.setenv("FLATTR_CONFIG_DIR", str(tmp / "flattr-config"))
        return build(tmp, settings, {})


def test_articles_without_a_flattr_account_get_the_block_and_no_payment_link(
    without_flattr: Path,
) -> None:
    for page in ARTICLE_PAGES - {
        "field-notes-from-the-coast.html",
        "a-guest-post-about-gardens.html",
    }:
        found = page_funding((without_flattr / page).read_text(encoding="utf-8"))
        assert (found.wallets, found.buttons) == ([ALICE_WALLET], SITE_BUTTONS), page
        assert (found.blocks, found.flattr_buttons, found.payment_links) == (1, 0, 0), page
    bob = page_funding((without_flattr / "field-notes-from-the-coast.html").read_text())
    assert (bob.blocks, bob.flattr_buttons, bob.payment_links) == (1, 1, 1)
    guest = page_funding((without_flattr / "a-guest-post-about-gardens.html").read_text())
    assert (guest.flattr_buttons, guest.payment_links) == (1, 1)  # its own Flattr_username


def test_feeds_without_a_site_thing_still_carry_the_sites_funding(without_flattr: Path) -> None:
    holders = feed_holders(without_flattr / "feeds" / "all.rss.xml")
    channel = holders.pop("channel")
    assert (channel.payment_links, channel.wallets) == (0, [ALICE_WALLET])
    assert channel.funding == SITE_FEED_FUNDING
    paid = {link for link, item in holders.items() if item.payment_links}
    assert paid == {url("field-notes-from-the-coast.html"), url("a-guest-post-about-gardens.html")}
    assert not (without_flattr / "funding.json").exists()  # no funding_json: no site files
