"""Web Monetization links (head, RSS, Atom, JSON Feed) and podcast:funding elements."""

import json
import xml.etree.ElementTree as ET

import feedparser
import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flattr_core.errors import ContentError
from flattr_core.markup import monetization, podcast
from flattr_core.markup.feedscan import ATOM_NS
from flattr_core.providers import Account, Funding, funding_layer, merge

WALLETS = ("https://wallet.example/alice", "https://ilp.gatehub.net/123456?")
FUNDING = merge(
    [
        funding_layer(
            {
                "liberapay": "bob",
                "github": ["octocat", "mona"],
                "custom": "https://example.org/give?a=1&b=<2>",
                "web_monetization": ["https://wallet.example/alice", "https://wallet.example/bob"],
            }
        )
    ]
)
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def test_the_head_gets_one_monetization_link_per_wallet_and_no_meta() -> None:
    html = monetization.monetization_links(FUNDING)
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    links = [dict(el.attrib) for el in fragment.iter() if el.tag == "link"]
    assert links == [
        {"rel": "monetization", "href": "https://wallet.example/alice"},
        {"rel": "monetization", "href": "https://wallet.example/bob"},
    ]
    assert "meta" not in html
    assert "$" not in html
    assert "payment" not in html


def test_no_wallet_no_link() -> None:
    assert monetization.monetization_links(Funding()) == ""
    assert monetization.json_feed_monetization(()) is None


@pytest.mark.parametrize("wallet", ["$wallet.example/alice", "http://wallet.example/a", "x"])
def test_a_wallet_that_is_not_an_https_address_never_reaches_markup(wallet: str) -> None:
    funding = Funding((Account("web_monetization", wallet),))
    with pytest.raises(ContentError):
        monetization.monetization_links(funding)
    with pytest.raises(ContentError):
        monetization.feed_monetization_links([wallet])


def rss(channel: str, item: str) -> str:
    return (
        f'<rss version="2.0" xmlns:atom="{ATOM_NS}"'
        f"{podcast.namespace_declaration()}><channel><title>T</title>"
        f"<link>https://blog.example/</link><description>D</description>{channel}"
        f"<item><title>I</title><link>https://blog.example/i/</link>{item}</item>"
        "</channel></rss>"
    )


def test_rss_channel_and_item_elements_are_well_formed_with_their_namespaces() -> None:
    channel = monetization.feed_monetization_links(FUNDING.wallets, prefix="atom")
    channel += podcast.podcast_funding(FUNDING)
    item = monetization.feed_monetization_links(["https://wallet.example/erica"], prefix="atom")
    document = rss(channel, item)
    root = ET.fromstring(document)
    links = root.findall(f"channel/{{{ATOM_NS}}}link")
    assert [(e.get("rel"), e.get("href")) for e in links] == [
        ("monetization", "https://wallet.example/alice"),
        ("monetization", "https://wallet.example/bob"),
    ]
    funding = [(e.get("url"), e.text) for e in root.findall(f"channel/{PODCAST}funding")]
    assert funding == [
        ("https://github.com/sponsors/octocat", "Support on GitHub Sponsors: octocat"),
        ("https://github.com/sponsors/mona", "Support on GitHub Sponsors: mona"),
        ("https://liberapay.com/bob/donate", "Support on Liberapay"),
        ("https://example.org/give?a=1&b=<2>", "Support on example.org"),
    ]
    item_link = root.find(f"channel/item/{{{ATOM_NS}}}link")
    assert item_link is not None
    assert item_link.get("href") == "https://wallet.example/erica"
    parsed = feedparser.parse(document)
    assert not parsed.bozo
    assert "https://wallet.example/erica" in [link["href"] for link in parsed.entries[0].links]


def test_atom_feed_and_entry_links() -> None:
    links = monetization.feed_monetization_links(FUNDING.wallets)
    document = (
        f'<feed xmlns="{ATOM_NS}"><title>T</title><id>urn:x</id><updated>2024-01-01T00:00:00Z'
        f"</updated>{links}<entry><title>E</title><id>urn:e</id>"
        f"<updated>2024-01-01T00:00:00Z</updated>{links}</entry></feed>"
    )
    root = ET.fromstring(document)
    for holder in (root, root.find(f"{{{ATOM_NS}}}entry")):
        assert holder is not None
        found = holder.findall(f"{{{ATOM_NS}}}link")
        assert [e.get("rel") for e in found] == ["monetization", "monetization"]
    assert not feedparser.parse(document).bozo


def test_an_item_with_the_channels_wallets_needs_none_of_its_own() -> None:
    same = merge([funding_layer({"web_monetization": list(reversed(FUNDING.wallets))})])
    other = merge([funding_layer({"web_monetization": "https://wallet.example/erica"})])
    assert monetization.own_wallets(same, FUNDING) == ()
    assert monetization.own_wallets(other, FUNDING) == ("https://wallet.example/erica",)


def test_json_feed_monetization_has_about_only_at_the_top() -> None:
    top = monetization.json_feed_monetization(FUNDING.wallets)
    item = monetization.json_feed_monetization(FUNDING.wallets, top_level=False)
    assert top == {
        "about": "https://webmonetization.org/docs/developers/rss-atom-jsonfeed/",
        "links": ["https://wallet.example/alice", "https://wallet.example/bob"],
    }
    assert item == {"links": top["links"]}
    assert json.loads(json.dumps({"_monetization": top}))["_monetization"] == top


@pytest.mark.parametrize("prefix", ["", "a b", "1x", 'x"'])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ContentError):
        podcast.podcast_funding(FUNDING, prefix=prefix)
    if prefix:
        with pytest.raises(ContentError):
            monetization.feed_monetization_links(FUNDING.wallets, prefix=prefix)


def test_labels_are_at_most_128_characters() -> None:
    long_host = "https://" + "a" * 60 + "." + "b" * 60 + ".example/"
    label = podcast.funding_label(Account("custom", long_host))
    assert len(label) <= podcast.LABEL_MAX
    assert label.startswith("Support on aaaa")


@given(st.text(alphabet=st.sampled_from("\"'<>&;=x]"), max_size=20))
def test_hostile_urls_stay_one_attribute(tail: str) -> None:
    url = "https://example.org/" + tail
    funding = merge([funding_layer({"custom": url})])
    element = ET.fromstring(
        f'<c xmlns:podcast="{podcast.PODCAST_NS}">{podcast.podcast_funding(funding)}</c>'
    )
    (found,) = element
    assert found.tag == f"{PODCAST}funding"
    assert found.get("url") == url
