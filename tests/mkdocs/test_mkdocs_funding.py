"""Every provider from one configuration, in real MkDocs builds: site, section, author and page
layers; what each page's head and support block hold, what the feeds carry, funding.json; a page
without a Flattr account; a site without a Flattr username at all."""

from __future__ import annotations

import copy
import json

import pytest
from funding_json.model import Manifest
from funding_reading import feed_holders, json_feed_monetization, page_funding
from manifest_schema import SCHEMA, validate
from mkdocs.exceptions import Abort
from mkdocs_funding_sites import (
    FUNDING_JSON,
    LISTINGS,
    POSTS,
    build_material,
    build_without_flattr,
    url,
)

from flattr_core import markup
from flattr_core.markup.funding_schema import manifest_problems
from flattr_core.models import Endpoints
from flattr_sandbox import Sandbox, SandboxUser

GITHUB = [
    ("github", "https://github.com/sponsors/octocat"),
    ("github", "https://github.com/sponsors/mona"),
]
COLLECTIVE = ("open-collective", "https://opencollective.com/tool/donate")
LIBERAPAY = ("liberapay", "https://liberapay.com/docs-team/donate")
CUSTOM = ("custom", "https://docs.example.org/give/")
KO_FI = ("ko-fi", "https://ko-fi.com/jane")
SITE_WALLET, JANE_WALLET = "https://wallet.example/docs", "https://wallet.example/jane"
# page -> (head wallets, support buttons in order): site, section, author and page layers
EXPECTED = {
    "index.html": ([SITE_WALLET], [*GITHUB, COLLECTIVE, LIBERAPAY, CUSTOM]),
    "guide/install/index.html": (  # section guide/*: Patreon; author jane: Ko-fi, her wallet
        [JANE_WALLET],
        [
            *GITHUB,
            ("patreon", "https://www.patreon.com/tooldev"),
            COLLECTIVE,
            KO_FI,
            LIBERAPAY,
            CUSTOM,
        ],
    ),
    POSTS["first"] + "index.html": ([JANE_WALLET], [*GITHUB, COLLECTIVE, KO_FI, LIBERAPAY, CUSTOM]),
    POSTS["second"] + "index.html": (  # front matter: polar on, github off
        [SITE_WALLET],
        [COLLECTIVE, LIBERAPAY, ("polar", "https://polar.sh/second"), CUSTOM],
    ),
    POSTS["third"] + "index.html": (  # the guest: Buy Me a Coffee, no Liberapay
        [SITE_WALLET],
        [*GITHUB, COLLECTIVE, ("buy-me-a-coffee", "https://buymeacoffee.com/guest"), CUSTOM],
    ),
}


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    return build_material(tmp_path_factory.mktemp("funding-material"))


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_page_gets_its_wallets_and_one_block_with_the_flattr_button_inside(material, page):
    wallets, buttons = EXPECTED[page]
    found = page_funding(material.html(page))
    assert found.wallets == wallets
    assert found.buttons == buttons
    assert (found.blocks, found.flattr_buttons, found.payment_links) == (1, 1, 1)
    document = material.document(page)
    block = next(d for d in document.iter("div") if "funding-support" in d.get("class", ""))
    first = next(block.iter("a"))  # the Flattr button leads the block
    assert "flattr-button" in first.get("class", "").split()


@pytest.mark.parametrize("page", [*LISTINGS, "private/index.html", "404.html"])
def test_listings_and_opted_out_pages_get_nothing(material, page):
    found = page_funding(material.html(page))
    assert (found.wallets, found.buttons, found.blocks, found.flattr_buttons) == ([], [], 0, 0)
    assert "funding-button" not in material.html(page)


def test_the_widget_style_links_the_funding_script_on_its_page_only(material):
    third = page_funding(material.html(POSTS["third"] + "index.html"))
    assert [s.rsplit("/", 1)[-1] for s in third.scripts if "flattr" in s] == [
        "flattr-widget.js",
        "flattr-funding.js",
    ]
    for page in EXPECTED:
        found = page_funding(material.html(page))
        assert sum(s.endswith("flattr.css") for s in found.stylesheets) == 1, page
        if page != POSTS["third"] + "index.html":
            assert not any("flattr-funding.js" in s for s in found.scripts), page
    assert (material.site_dir / "assets/flattr/flattr-funding.js").is_file()
    html = material.html(POSTS["third"] + "index.html")
    # GitHub's button pages (two), Open Collective's badge, Buy Me a Coffee's script, on a click
    assert html.count("data-funding-widget=") == 4
    assert html.count('data-funding-widget="iframe"') == 2


CHANNEL_FUNDING = [
    ("https://github.com/sponsors/octocat", "Support on GitHub Sponsors: octocat"),
    ("https://github.com/sponsors/mona", "Support on GitHub Sponsors: mona"),
    ("https://opencollective.com/tool/donate", "Support on Open Collective"),
    ("https://liberapay.com/docs-team/donate", "Support on Liberapay"),
    ("https://docs.example.org/give/", "Support on docs.example.org"),
]


@pytest.mark.parametrize("name", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_rss_feeds_carry_the_sites_funding_and_each_posts_own(material, name):
    path = material.site_dir / name
    holders = feed_holders(path)
    channel = holders["channel"]
    assert (channel.wallets, channel.funding, channel.payment_links) == (
        [SITE_WALLET],
        CHANNEL_FUNDING,
        1,
    )
    first, second, third = (holders[url(POSTS[key])] for key in ("first", "second", "third"))
    assert first.wallets == [JANE_WALLET]  # her own wallet; the others inherit the channel's
    assert second.wallets == third.wallets == []
    assert [u for u, _ in first.funding] == [u for u, _ in CHANNEL_FUNDING[:3]] + [
        "https://ko-fi.com/jane",
        *[u for u, _ in CHANNEL_FUNDING[3:]],
    ]
    assert [u for u, _ in second.funding] == [
        "https://opencollective.com/tool/donate",
        "https://liberapay.com/docs-team/donate",
        "https://polar.sh/second",
        "https://docs.example.org/give/",
    ]
    assert ("https://buymeacoffee.com/guest", "Support on Buy Me a Coffee") in third.funding
    assert {h.payment_links for h in holders.values()} == {1}
    text = path.read_text(encoding="utf-8")
    assert text.count('xmlns:podcast="https://podcastindex.org/namespace/1.0"') == 1
    assert not markup.patch_feed_file(path, endpoints=Endpoints(), items={})  # nothing to add


@pytest.mark.parametrize("name", ["feed_json_created.json", "feed_json_updated.json"])
def test_json_feeds_get_monetization_at_the_top_and_on_the_post_with_its_own(material, name):
    found = json_feed_monetization(material.site_dir / name)
    assert found["feed"] == {
        "about": "https://webmonetization.org/docs/developers/rss-atom-jsonfeed/",
        "links": [SITE_WALLET],
    }
    assert found[url(POSTS["first"])] == {"links": [JANE_WALLET]}
    assert found[url(POSTS["second"])] is None
    assert found[url(POSTS["third"])] is None
    document = json.loads((material.site_dir / name).read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"


def test_funding_json_is_valid_and_the_well_known_list_names_it(material):
    doc = json.loads((material.site_dir / "funding.json").read_text(encoding="utf-8"))
    assert validate(doc, SCHEMA) == []
    assert Manifest.from_dict(copy.deepcopy(doc)).to_dict() == doc
    assert manifest_problems(doc, url("funding.json")) == []
    channels = [(c["guid"], c["address"]) for c in doc["funding"]["channels"]]
    assert channels == [
        ("github", "https://github.com/sponsors/octocat"),
        ("github-2", "https://github.com/sponsors/mona"),
        ("open-collective", "https://opencollective.com/tool/donate"),
        ("liberapay", "https://liberapay.com/docs-team/donate"),
        ("custom", "https://docs.example.org/give/"),
        ("web-monetization", SITE_WALLET),
    ]
    assert doc["entity"]["webpageUrl"] == {"url": url("")}
    well_known = (material.site_dir / ".well-known" / "funding-manifest-urls").read_text()
    assert (
        well_known
        == url("funding.json") + "\nhttps://github.com/example/tool/raw/main/funding.json\n"
    )


def test_a_bad_funding_json_field_stops_the_build_naming_it(tmp_path, flattr_log):
    bad = copy.deepcopy(FUNDING_JSON)
    bad["plans"][0]["currency"] = "EURO"
    with pytest.raises(Abort, match="BuildError"):
        build_without_flattr(tmp_path, funding_json=bad)
    assert "funding.plans[0].currency: 'EURO' is not allowed; expected an ISO 4217" in (
        flattr_log.text
    )
    assert not (tmp_path / "site" / "index.html").exists()  # stopped before any page


def test_a_bad_funding_value_stops_the_build_naming_it_as_written(tmp_path, flattr_log):
    with pytest.raises(Abort, match="configuration error"):
        build_without_flattr(tmp_path, funding={"liberapay": "https://liberapay.com/x"})
    assert "option 'funding.liberapay': 'https://liberapay.com/x' is not allowed" in (
        flattr_log.text
    )
    assert "(did you mean 'x'?)" in flattr_log.text


# -- a site without a Flattr username ------------------------------------------------------------

FILE_BUTTONS = [
    ("github", "https://github.com/sponsors/octocat"),
    ("liberapay", "https://liberapay.com/tool-team/donate"),
]


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return build_without_flattr(tmp_path_factory.mktemp("funding-plain"))


def test_a_page_without_a_flattr_account_gets_its_block_and_no_payment_link(plain):
    found = page_funding(plain.html("index.html"))
    assert found.buttons == FILE_BUTTONS  # from .github/FUNDING.yml; tidelift has no button
    assert (found.blocks, found.flattr_buttons, found.payment_links) == (1, 0, 0)
    assert "flattr-widget.js" not in plain.html("index.html")


def test_an_author_with_flattr_gets_the_button_inside_the_block(plain):
    found = page_funding(plain.html("guide/index.html"))
    assert found.buttons == FILE_BUTTONS
    assert (found.blocks, found.flattr_buttons, found.payment_links) == (1, 1, 1)


def test_funding_false_gives_nothing_and_a_wallet_only_page_only_its_head_link(plain):
    quiet = page_funding(plain.html("quiet/index.html"))
    assert (quiet.wallets, quiet.blocks, quiet.flattr_buttons, quiet.payment_links) == ([], 0, 0, 0)
    wallet = page_funding(plain.html("wallet/index.html"))
    assert wallet.wallets == ["https://wallet.example/tool"]
    assert (wallet.blocks, wallet.buttons) == (0, [])
    assert 'class="flattr-slot"' not in plain.html("wallet/index.html")
    assert "flattr.css" not in plain.html("wallet/index.html")


def test_only_the_page_with_a_flattr_account_is_registered(tmp_path, monkeypatch):
    token = "tok-jane-0123456789"
    monkeypatch.setenv("FLATTR_TOKEN", token)
    with Sandbox(tmp_path / "s.sqlite", users=[SandboxUser("jane_flattr", token)]) as sandbox:
        flattr = {"api_url": sandbox.api_url, "web_url": sandbox.url, "register": "auto"}
        site = build_without_flattr(tmp_path / "site", **flattr)
        things = sandbox.things()
    assert [t["url"] for t in things] == [url("guide/")]
    found = page_funding(site.html("guide/index.html"))
    thing_button = [a.get("href") for a in site.document("guide/index.html").iter("a")
                    if "flattr-button" in a.get("class", "")]  # fmt: skip
    assert thing_button == [f"{sandbox.url}/thing/{things[0]['id']}"]  # relinked in the block
    assert found.blocks == 1
    assert page_funding(site.html("index.html")).flattr_buttons == 0
