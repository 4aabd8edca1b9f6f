"""A feed's funding as element names and attributes, for a feed writer that writes elements
itself (Django's syndication feeds): the same elements, by the same rules, as the feed patcher
puts into a written feed."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from xml.sax.saxutils import XMLGenerator

import feedparser
import pytest

from flattr_core import markup
from flattr_core.errors import ContentError
from flattr_core.markup.feedscan import ATOM_NS
from flattr_core.models import Endpoints
from flattr_core.providers import Account, Funding, funding_layer, merge

PODCAST = "{https://podcastindex.org/namespace/1.0}"
ATOM = f"{{{ATOM_NS}}}"
ONE, TWO, THREE = "https://ex.org/one/", "https://ex.org/two/", "https://ex.org/three/"
SITE = merge(
    [
        funding_layer(
            {
                "github": ["octocat", "mona"],
                "liberapay": "site",
                "custom": "https://ex.org/give?a=1&b=<2>",
                "web_monetization": "https://w.example/site",
            }
        )
    ]
)
GUEST = merge([funding_layer({"ko_fi": "guest", "web_monetization": ["https://w.example/guest"]})])
WALLET_ONLY = merge([funding_layer({"web_monetization": "https://w.example/other"})])
ITEMS = {ONE: SITE, TWO: GUEST, THREE: WALLET_ONLY}


def written_rss(channel: Funding, items: dict[str, Funding]) -> str:
    """An RSS 2.0 feed written element by element, as Django's feed writer writes one."""
    out = io.StringIO()
    handler = XMLGenerator(out, "utf-8", short_empty_elements=True)
    name, value = markup.podcast_namespace()
    handler.startElement("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, name: value})
    handler.startElement("channel", {})
    quick(handler, "title", text="Notes")
    quick(handler, "link", text="https://ex.org/")
    for element in markup.feed_funding_elements(
        channel, atom_prefix="atom", podcast_prefix="podcast"
    ):
        quick(handler, *element)
    for link, funding in items.items():
        handler.startElement("item", {})
        quick(handler, "link", text=link)
        for element in markup.feed_funding_elements(
            funding, channel=channel, atom_prefix="atom", podcast_prefix="podcast"
        ):
            quick(handler, *element)
        handler.endElement("item")
    handler.endElement("channel")
    handler.endElement("rss")
    return out.getvalue()


def quick(
    handler: XMLGenerator,
    tag: str,
    attributes: dict[str, str] | None = None,
    text: str | None = None,
) -> None:
    """Django's ``addQuickElement``, element-first as the core gives it."""
    handler.startElement(tag, attributes or {})  # type: ignore[arg-type]
    if text:
        handler.characters(text)
    handler.endElement(tag)


def patched_rss(channel: Funding, items: dict[str, Funding]) -> str:
    body = "".join(f"<item><link>{link}</link></item>" for link in items)
    document = f'<rss version="2.0"><channel><title>Notes</title>{body}</channel></rss>'
    return markup.add_payment_links(
        document, endpoints=Endpoints(), items={}, channel_funding=channel, item_funding=items
    )


def funding_of(holder: ET.Element) -> list[tuple[str, str | None, str | None]]:
    found = [("link", e.get("rel"), e.get("href")) for e in holder.findall(f"{ATOM}link")]
    return found + [("funding", e.get("url"), e.text) for e in holder.findall(f"{PODCAST}funding")]


def test_the_elements_are_those_the_feed_patcher_writes() -> None:
    written = ET.fromstring(written_rss(SITE, ITEMS)).find("channel")
    patched = ET.fromstring(patched_rss(SITE, ITEMS)).find("channel")
    assert written is not None
    assert patched is not None
    assert funding_of(written) == funding_of(patched)
    for mine, theirs in zip(written.iter("item"), patched.iter("item"), strict=True):
        assert funding_of(mine) == funding_of(theirs)


def test_the_channel_gets_the_sites_and_an_item_only_what_differs() -> None:
    channel = ET.fromstring(written_rss(SITE, ITEMS)).find("channel")
    assert channel is not None
    assert funding_of(channel) == [
        ("link", "monetization", "https://w.example/site"),
        ("funding", "https://github.com/sponsors/octocat", "Support on GitHub Sponsors: octocat"),
        ("funding", "https://github.com/sponsors/mona", "Support on GitHub Sponsors: mona"),
        ("funding", "https://liberapay.com/site/donate", "Support on Liberapay"),
        ("funding", "https://ex.org/give?a=1&b=<2>", "Support on ex.org"),
    ]
    one, two, three = channel.iter("item")
    assert funding_of(one) == []  # the channel's own: inherited
    assert funding_of(two) == [
        ("link", "monetization", "https://w.example/guest"),
        ("funding", "https://ko-fi.com/guest", "Support on Ko-fi"),
    ]
    # a wallet of its own, and no support page: a feed cannot say "none here"
    assert funding_of(three) == [("link", "monetization", "https://w.example/other")]


def test_the_written_feed_is_well_formed_for_feed_readers() -> None:
    document = written_rss(SITE, ITEMS)
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.bozo_exception
    assert "https://w.example/guest" in [link["href"] for link in parsed.entries[1].links]


def test_atom_gets_links_without_a_prefix_and_no_podcast_funding() -> None:
    elements = markup.feed_funding_elements(GUEST, channel=SITE)
    assert elements == [("link", {"rel": "monetization", "href": "https://w.example/guest"}, None)]
    assert markup.feed_funding_elements(SITE) == [
        ("link", {"rel": "monetization", "href": "https://w.example/site"}, None)
    ]


def test_values_are_plain_for_the_writer_to_escape() -> None:
    [*_, custom] = markup.feed_funding_elements(SITE, podcast_prefix="podcast")
    assert custom == (
        "podcast:funding",
        {"url": "https://ex.org/give?a=1&b=<2>"},
        "Support on ex.org",
    )


@pytest.mark.parametrize("wallet", ["$w.example/alice", "http://w.example/a"])
def test_a_wallet_that_is_not_an_https_address_never_becomes_an_element(wallet: str) -> None:
    with pytest.raises(ContentError):
        markup.feed_funding_elements(Funding((Account("web_monetization", wallet),)))


@pytest.mark.parametrize("prefix", ["a b", "1x", 'x"'])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ContentError):
        markup.feed_funding_elements(SITE, atom_prefix=prefix)
    with pytest.raises(ContentError):
        markup.feed_funding_elements(SITE, podcast_prefix=prefix)
    with pytest.raises(ContentError):
        markup.podcast_namespace(prefix)
