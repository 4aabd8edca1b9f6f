"""Every provider beside Flattr in the Wagtail test project: funding in the site settings, in an
editor's account and on pages; each served page's head links and support block (template tags,
Jinja2, middleware, a post type without the Flattr fields), the feeds' elements, funding.json
and its well-known list per site; a site with no Flattr account at all."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from conftest import Blog
from django.contrib.staticfiles import finders
from funding_json.model import Manifest
from funding_reading import feed_holders, page_funding
from manifest_schema import SCHEMA, validate
from testapp.models import ArticlePage

from flattr_core.markup.funding_schema import manifest_problems
from wagtail_flattr.checks import check_settings
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings, FlattrThing
from wagtail_flattr.registration import register_page

ALPHA_WALLET, DAVE_WALLET = "https://wallet.example/alice", "https://wallet.example/dave"
BETA_WALLET = "https://wallet.example/beta"
SITE_FUNDING = {
    "github": ["alice-gh", "mona"],
    "liberapay": "alice",
    "thanks_dev": "u/gh/alice-gh",
    "paypal": "alicepp",
    "custom": ["https://alpha.example/give"],
    "web_monetization": [ALPHA_WALLET],
}
EDITOR_FUNDING = {  # editor_a, who has no Flattr account of their own: flattred as the site
    "patreon": {"username": "dave", "user_id": "4242"},
    "ko_fi": {"username": "dave", "widget_id": "D4VE0001"},
    "web_monetization": [DAVE_WALLET],
}
SECOND_FUNDING = {  # the page's own: three more, GitHub and the wallets off
    "open_collective": "alpha-oc",
    "buy_me_a_coffee": "alicebmc",
    "polar": "alice-polar",
    "github": "off",
    "web_monetization": "off",
}
GITHUB = [
    ("github", "https://github.com/sponsors/alice-gh"),
    ("github", "https://github.com/sponsors/mona"),
]
PATREON, KO_FI = ("patreon", "https://www.patreon.com/dave"), ("ko-fi", "https://ko-fi.com/dave")
LIBERAPAY = ("liberapay", "https://liberapay.com/alice/donate")
REST = [
    ("thanks-dev", "https://thanks.dev/u/gh/alice-gh"),
    ("paypal", "https://paypal.me/alicepp"),
    ("custom", "https://alpha.example/give"),
]
OWNERS = [*GITHUB, PATREON, KO_FI, LIBERAPAY, *REST]  # the site's and editor_a's, in order
SECOND = [
    PATREON,
    ("open-collective", "https://opencollective.com/alpha-oc/donate"),
    KO_FI,
    LIBERAPAY,
    ("buy-me-a-coffee", "https://buymeacoffee.com/alicebmc"),
    ("polar", "https://polar.sh/alice-polar"),
    *REST,
]
# path -> (head wallets, support buttons, Flattr buttons, payment links); how each is rendered
ALPHA_PAGES = {
    "/first/": ([DAVE_WALLET], OWNERS, 1, 1),  # template tags
    "/second/": ([], SECOND, 1, 1),  # template tags, the page's own
    "/news/": ([], [], 1, 1),  # middleware; the page turns every other provider off
    "/jinja/": ([DAVE_WALLET], OWNERS, 1, 1),  # Jinja2
    "/article/": ([DAVE_WALLET], OWNERS, 1, 1),  # middleware; a post without the Flattr fields
}
FUNDING_JSON: dict[str, Any] = {
    "entity": {
        "type": "individual",
        "role": "owner",
        "name": "Alice Example",
        "email": "alice@alpha.example",
        "description": "Alice grows tomatoes and writes about it.",
    },
    "projects": [
        {
            "guid": "alpha-blog",
            "name": "The Alpha blog",
            "description": "Notes from a balcony garden.",
            "repositoryUrl": "https://alpha.test/source/",
            "licenses": ["spdx:CC-BY-4.0"],
            "tags": ["blog", "garden"],
        }
    ],
    "plans": [
        {
            "guid": "coffee",
            "name": "A coffee",
            "amount": 4,
            "currency": "EUR",
            "frequency": "one-time",
        }
    ],
}


@pytest.fixture
def funded(blog: Blog) -> Blog:
    """Every provider: the alpha site's, editor_a's own, page-level on /second/ and /news/, a
    post without the Flattr fields; the beta site with no Flattr account, only funding."""
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding=SITE_FUNDING)
    FlattrSiteSettings.objects.filter(site=blog.beta).update(
        username="", funding={"liberapay": "beta-lp", "web_monetization": BETA_WALLET}
    )
    FlattrAuthor.objects.create(user=blog.editor_a, funding=EDITOR_FUNDING)
    blog.second.flattr_funding = SECOND_FUNDING
    blog.second.save()
    blog.news.flattr_funding = False
    blog.news.save()
    article = ArticlePage(title="An article", slug="article", body="<p>Seeds.</p>")
    article.owner = blog.editor_a
    blog.alpha_index.add_child(instance=article)
    return blog


def fetch(client: Any, path: str, host: str = "alpha.test", **extra: Any) -> Any:
    response = client.get(path, HTTP_HOST=host, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response


@pytest.mark.parametrize("path", sorted(ALPHA_PAGES))
def test_each_page_gets_its_wallets_and_support_block(client: Any, funded: Blog, path: str) -> None:
    wallets, buttons, flattr, payment = ALPHA_PAGES[path]
    found = page_funding(fetch(client, path).content.decode())
    assert found.wallets == wallets
    assert found.buttons == buttons
    assert (found.flattr_buttons, found.payment_links) == (flattr, payment)
    assert found.blocks == (1 if buttons else 0)  # /news/: the bare Flattr button, as ever
    assert found.stylesheets.count("/static/wagtail_flattr/flattr.css") == 1
    assert found.scripts == []  # the static style: no script at all


def test_the_block_holds_the_flattr_button_where_the_template_put_it(
    client: Any, funded: Blog
) -> None:
    document = fetch(client, "/first/").content.decode()
    slot = document[document.index('<p class="after-body">') :]
    block = slot[: slot.index("</p>")]
    assert block.count('class="funding-support"') == 1
    assert block.index("flattr-button") < block.index("funding-button--github")
    assert document.count('rel="payment"') == 1  # the head's; the buttons are rel="external"


def test_listings_home_and_plain_pages_get_nothing(client: Any, funded: Blog) -> None:
    for path, host in (("/", "alpha.test"), ("/about/", "alpha.test"), ("/", "beta.test")):
        found = page_funding(fetch(client, path, host).content.decode())
        assert (found.wallets, found.buttons, found.blocks, found.flattr_buttons) == (
            [], [], 0, 0,
        ), (host, path)  # fmt: skip
        assert found.payment_links == 0


def test_a_site_without_a_flattr_account_shows_its_funding_and_registers_nothing(
    client: Any, funded: Blog
) -> None:
    found = page_funding(fetch(client, "/beta-post/", "beta.test").content.decode())
    assert found.wallets == [BETA_WALLET]
    assert found.buttons == [("liberapay", "https://liberapay.com/beta-lp/donate")]
    assert (found.blocks, found.flattr_buttons, found.payment_links) == (1, 0, 0)
    FlattrSiteSettings.objects.filter(site=funded.beta).update(token="tok-bob")  # connected
    assert register_page(funded.beta_post.pk).line.endswith("skipped (no button for this page)")
    assert not FlattrThing.objects.filter(url="http://beta.test/beta-post/").exists()


def test_the_widget_style_links_the_providers_script_that_the_finder_serves(
    client: Any, funded: Blog
) -> None:
    FlattrSiteSettings.objects.filter(site=funded.alpha).update(button="widget")
    found = page_funding(fetch(client, "/first/").content.decode())
    assert found.scripts == [
        "/static/wagtail_flattr/flattr-widget.js",
        "/static/wagtail_flattr/flattr-funding.js",
    ]
    document = fetch(client, "/first/").content.decode()
    assert 'data-funding-href="https://www.patreon.com/bePatron?u=4242"' in document
    assert 'data-funding-param-id="D4VE0001"' in document  # Ko-fi's widget id, not the name
    assert finders.find("wagtail_flattr/flattr-funding.js")


# -- feeds ----------------------------------------------------------------------------------------

SITE_FEED = [
    ("https://github.com/sponsors/alice-gh", "Support on GitHub Sponsors: alice-gh"),
    ("https://github.com/sponsors/mona", "Support on GitHub Sponsors: mona"),
    ("https://liberapay.com/alice/donate", "Support on Liberapay"),
    ("https://thanks.dev/u/gh/alice-gh", "Support on thanks.dev"),
    ("https://paypal.me/alicepp", "Support on PayPal"),
    ("https://alpha.example/give", "Support on alpha.example"),
]
FIRST_FEED = [
    *SITE_FEED[:2],
    ("https://www.patreon.com/dave", "Support on Patreon"),
    ("https://ko-fi.com/dave", "Support on Ko-fi"),
    *SITE_FEED[2:],
]
SECOND_FEED = [
    ("https://www.patreon.com/dave", "Support on Patreon"),
    ("https://opencollective.com/alpha-oc/donate", "Support on Open Collective"),
    ("https://ko-fi.com/dave", "Support on Ko-fi"),
    ("https://liberapay.com/alice/donate", "Support on Liberapay"),
    ("https://buymeacoffee.com/alicebmc", "Support on Buy Me a Coffee"),
    ("https://polar.sh/alice-polar", "Support on Polar"),
    *SITE_FEED[3:],
]


def read_feed(client: Any, path: str, tmp_path: Any, host: str = "alpha.test") -> dict[str, Any]:
    target = tmp_path / f"{host}-{path.strip('/').replace('/', '-')}.xml"
    target.write_bytes(fetch(client, path, host).content)
    return feed_holders(target)  # expat and feedparser both read it, or this fails


def test_the_rss_channel_and_items_carry_their_funding(
    client: Any, funded: Blog, tmp_path: Any
) -> None:
    holders = read_feed(client, "/feed/rss/", tmp_path)
    channel = holders.pop("channel")
    assert (channel.wallets, channel.funding, channel.payment_links) == (
        [ALPHA_WALLET],
        SITE_FEED,
        1,
    )
    assert set(holders) == {"http://alpha.test/first/", "http://alpha.test/second/"}
    first, second = holders["http://alpha.test/first/"], holders["http://alpha.test/second/"]
    assert (first.wallets, first.funding, first.payment_links) == ([DAVE_WALLET], FIRST_FEED, 1)
    # no wallet of its own: it cannot say "none" in a feed, and inherits the channel's
    assert (second.wallets, second.funding, second.payment_links) == ([], SECOND_FEED, 1)
    body = fetch(client, "/feed/rss/").content.decode()
    assert body.count('xmlns:podcast="https://podcastindex.org/namespace/1.0"') == 1


def test_the_atom_feed_and_entries_carry_their_wallets(
    client: Any, funded: Blog, tmp_path: Any
) -> None:
    holders = read_feed(client, "/feed/atom/", tmp_path)
    channel = holders.pop("channel")
    assert (channel.wallets, channel.funding, channel.payment_links) == ([ALPHA_WALLET], [], 1)
    assert {link: item.wallets for link, item in holders.items()} == {
        "http://alpha.test/first/": [DAVE_WALLET],
        "http://alpha.test/second/": [],
    }
    assert all(item.funding == [] and item.payment_links == 1 for item in holders.values())
    assert b"podcast" not in fetch(client, "/feed/atom/").content


def test_a_site_without_a_flattr_account_has_funding_and_no_payment_link_in_its_feed(
    client: Any, funded: Blog, tmp_path: Any
) -> None:
    holders = read_feed(client, "/feed/rss/", tmp_path, host="beta.test")
    channel = holders.pop("channel")
    assert channel.wallets == [BETA_WALLET]
    assert channel.funding == [("https://liberapay.com/beta-lp/donate", "Support on Liberapay")]
    [item] = holders.values()
    assert (item.wallets, item.funding, item.payment_links, channel.payment_links) == (
        [], [], 0, 0,
    )  # fmt: skip


def test_a_feed_without_funding_is_unchanged(client: Any, blog: Blog) -> None:
    body = fetch(client, "/feed/rss/").content.decode()
    assert "podcast" not in body
    assert 'rel="monetization"' not in body
    assert ET.fromstring(body).find("channel") is not None


# -- funding.json ---------------------------------------------------------------------------------


@pytest.fixture
def manifest_site(funded: Blog) -> Blog:
    """The alpha site served over https, with the manifest's fields in its settings."""
    type(funded.alpha).objects.filter(pk=funded.alpha.pk).update(port=443)
    FlattrSiteSettings.objects.filter(site=funded.alpha).update(funding_json=FUNDING_JSON)
    return funded


def test_funding_json_is_served_per_site_and_valid(client: Any, manifest_site: Blog) -> None:
    response = fetch(client, "/funding.json", secure=True)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    doc = json.loads(response.content)
    assert validate(doc, SCHEMA) == []
    assert Manifest.from_dict(copy.deepcopy(doc)).to_dict() == doc
    assert manifest_problems(doc, "https://alpha.test/funding.json") == []
    channels = [(c["guid"], c["address"]) for c in doc["funding"]["channels"]]
    assert channels == [
        ("github", "https://github.com/sponsors/alice-gh"),
        ("github-2", "https://github.com/sponsors/mona"),
        ("liberapay", "https://liberapay.com/alice/donate"),
        ("thanks-dev", "https://thanks.dev/u/gh/alice-gh"),
        ("paypal", "https://paypal.me/alicepp"),
        ("custom", "https://alpha.example/give"),
        ("web-monetization", ALPHA_WALLET),
    ]
    assert doc["entity"]["webpageUrl"] == {"url": "https://alpha.test"}
    listed = fetch(client, "/.well-known/funding-manifest-urls", secure=True)
    assert listed["Content-Type"] == "text/plain; charset=utf-8"
    assert listed.content.decode() == "https://alpha.test/funding.json\n"


def test_a_site_without_the_manifest_has_no_site_files(client: Any, manifest_site: Blog) -> None:
    for path in ("/funding.json", "/.well-known/funding-manifest-urls"):
        assert client.get(path, HTTP_HOST="beta.test").status_code == 404
    assert client.post("/funding.json", HTTP_HOST="alpha.test", secure=True).status_code == 405


def test_a_manifest_stored_invalid_is_a_404_and_one_warning(
    client: Any, manifest_site: Blog, caplog: pytest.LogCaptureFixture
) -> None:
    bad = copy.deepcopy(FUNDING_JSON)
    bad["plans"][0]["currency"] = "EURO"
    FlattrSiteSettings.objects.filter(site=manifest_site.alpha).update(funding_json=bad)
    for _ in range(2):
        assert client.get("/funding.json", HTTP_HOST="alpha.test", secure=True).status_code == 404
    warnings = [r.getMessage() for r in caplog.records if r.name == "wagtail_flattr"]
    assert len(warnings) == 1
    assert "plans[0].currency: 'EURO'" in warnings[0]
    assert len(page_funding(fetch(client, "/first/", secure=True).content.decode()).buttons) == 8


# -- install-wide defaults (WAGTAIL_FLATTR["DEFAULTS"]) -------------------------------------------


def test_the_defaults_funding_is_under_each_sites_provider_by_provider(
    client: Any, blog: Blog, settings: Any
) -> None:
    defaults = {"funding": {"liberapay": "install", "polar": "install"}}
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": defaults}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(
        funding={"liberapay": "alice", "polar": "off"}
    )
    assert page_funding(fetch(client, "/first/").content.decode()).buttons == [LIBERAPAY]
    beta = page_funding(fetch(client, "/beta-post/", "beta.test").content.decode())
    assert beta.buttons == [
        ("liberapay", "https://liberapay.com/install/donate"),
        ("polar", "https://polar.sh/install"),
    ]


def test_a_section_rule_of_the_defaults_sets_funding_by_page_type(
    client: Any, blog: Blog, settings: Any
) -> None:
    rules = {"testapp.newspage": {"funding": {"polar": "newsdesk"}}}
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": {"sections": rules}}
    assert page_funding(fetch(client, "/news/").content.decode()).buttons == [
        ("polar", "https://polar.sh/newsdesk")
    ]
    assert page_funding(fetch(client, "/first/").content.decode()).buttons == []


def test_the_defaults_manifest_serves_each_site_with_its_own_url_and_channels(
    client: Any, manifest_site: Blog, settings: Any
) -> None:
    FlattrSiteSettings.objects.filter(site=manifest_site.alpha).update(funding_json=None)
    type(manifest_site.beta).objects.filter(pk=manifest_site.beta.pk).update(port=443)
    repository = {  # on another host than the sites: it says which manifests may name it
        "url": "https://git.example/alice/blog",
        "wellKnown": "https://git.example/alice/blog/raw/.well-known/funding-manifest-urls",
    }
    project = {**FUNDING_JSON["projects"][0], "repositoryUrl": repository}
    defaults = {"funding_json": {**FUNDING_JSON, "projects": [project]}}
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": defaults}
    alpha = json.loads(fetch(client, "/funding.json", secure=True).content)
    beta = json.loads(fetch(client, "/funding.json", "beta.test", secure=True).content)
    assert alpha["entity"]["webpageUrl"] == {"url": "https://alpha.test"}
    assert beta["entity"]["webpageUrl"] == {"url": "https://beta.test"}
    assert [c["address"] for c in beta["funding"]["channels"]] == [
        "https://liberapay.com/beta-lp/donate",
        BETA_WALLET,
    ]
    assert validate(beta, SCHEMA) == []


def test_a_funding_yml_in_the_defaults_is_under_each_sites_provider_by_provider(
    client: Any, blog: Blog, settings: Any, tmp_path: Any
) -> None:
    funding_yml = tmp_path / "FUNDING.yml"
    funding_yml.write_text("github: [octocat, mona]\nliberapay: install\npolar: install\n")
    defaults = {"funding": funding_yml}  # a Path, as BASE_DIR / ".github/FUNDING.yml" is
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": defaults}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(
        funding={"liberapay": "alice", "polar": "off"}
    )
    assert page_funding(fetch(client, "/first/").content.decode()).buttons == [
        ("github", "https://github.com/sponsors/octocat"),
        ("github", "https://github.com/sponsors/mona"),
        LIBERAPAY,
    ]
    beta = page_funding(fetch(client, "/beta-post/", "beta.test").content.decode())
    assert beta.buttons == [
        ("github", "https://github.com/sponsors/octocat"),
        ("github", "https://github.com/sponsors/mona"),
        ("liberapay", "https://liberapay.com/install/donate"),
        ("polar", "https://polar.sh/install"),
    ]


def test_a_bad_funding_yml_in_the_defaults_is_named_at_startup_and_shows_nothing(
    client: Any, blog: Blog, settings: Any, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    funding_yml = tmp_path / "FUNDING.yml"
    funding_yml.write_text("liberapay: https://liberapay.com/bob\n")
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": {"funding": funding_yml}}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"polar": "alice"})
    [error] = check_settings()
    assert error.id == "wagtail_flattr.E002"
    assert f"funding.liberapay (line 1) in {funding_yml}: 'https://liberapay.com/bob'" in error.msg
    for _ in range(2):  # the site's own Polar is not shown instead of the file's Liberapay
        found = page_funding(fetch(client, "/first/").content.decode())
        assert (found.buttons, found.flattr_buttons) == ([], 0)
    warnings = [r.getMessage() for r in caplog.records if r.name == "wagtail_flattr"]
    assert len(warnings) == 1
    assert "https://liberapay.com/bob" in warnings[0]


def test_a_site_whose_funding_is_off_drops_the_defaults_providers(
    client: Any, blog: Blog, settings: Any
) -> None:
    defaults = {"funding": {"liberapay": "install"}}
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": defaults}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding=False)  # by code
    found = page_funding(fetch(client, "/first/").content.decode())
    assert (found.buttons, found.flattr_buttons) == ([], 1)
    beta = page_funding(fetch(client, "/beta-post/", "beta.test").content.decode())
    assert beta.buttons == [("liberapay", "https://liberapay.com/install/donate")]
