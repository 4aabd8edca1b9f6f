"""Funding in feeds a host wrote: monetization links (RSS, Atom) and podcast:funding at channel
and item level, JSON Feed ``_monetization``; the rest byte for byte, a second run a no-op."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from flattr_core import markup
from flattr_core.errors import ContentError
from flattr_core.markup.feedscan import ATOM_NS
from flattr_core.models import Creator, Endpoints, Thing
from flattr_core.providers import funding_layer, merge

ENDPOINTS = Endpoints()
PODCAST = "{https://podcastindex.org/namespace/1.0}"
ATOM = f"{{{ATOM_NS}}}"
ONE, TWO = "https://ex.org/one/", "https://ex.org/two/"
POST = Thing(ONE, "One", "Description", Creator("jane"))
SITE = merge([funding_layer({"liberapay": "site", "web_monetization": "https://w.example/site"})])
GUEST = merge([funding_layer({"ko_fi": "guest", "web_monetization": ["https://w.example/guest"]})])
RSS = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"{ns}>\n  <channel>\n'
    "    <title>Notes</title>\n    <link>https://ex.org/</link>\n"
    "    <item>\n      <title>One</title>\n      <link>https://ex.org/one/</link>\n    </item>\n"
    "    <item>\n      <title>Two</title>\n      <link>https://ex.org/two/</link>\n    </item>\n"
    "  </channel>\n</rss>\n"
)
ATOM_FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>Notes</title><id>https://ex.org/</id>"
    '<entry><title>One</title><link href="https://ex.org/one/" rel="alternate"/>'
    "<id>one</id></entry>"
    '<entry><title>Two</title><link href="https://ex.org/two/" rel="alternate"/>'
    "<id>two</id></entry></feed>"
)


def patched(document: str, **kwargs: object) -> str:
    options: dict[str, object] = {
        "endpoints": ENDPOINTS,
        "items": {ONE: POST},
        "channel_funding": SITE,
        "item_funding": {ONE: SITE, TWO: GUEST},
    }
    return markup.add_payment_links(document, **{**options, **kwargs})  # type: ignore[arg-type]


def without_lines(text: str, *needles: str) -> str:
    return "".join(line for line in text.splitlines(True) if not any(n in line for n in needles))


def test_rss_channel_and_items_get_what_differs_namespaces_declared_once() -> None:
    once = patched(RSS.format(ns=""))
    root = ET.fromstring(once)
    channel = root.find("channel")
    assert channel is not None
    assert [(e.get("rel"), e.get("href")) for e in channel.findall(f"{ATOM}link")] == [
        ("monetization", "https://w.example/site")
    ]
    assert [(e.get("url"), e.text) for e in channel.findall(f"{PODCAST}funding")] == [
        ("https://liberapay.com/site/donate", "Support on Liberapay")
    ]
    one, two = channel.findall("item")
    assert [e.get("rel") for e in one.findall(f"{ATOM}link")] == ["payment"]  # inherits the rest
    assert one.findall(f"{PODCAST}funding") == []
    assert [e.get("href") for e in two.findall(f"{ATOM}link")] == ["https://w.example/guest"]
    assert [e.get("url") for e in two.findall(f"{PODCAST}funding")] == ["https://ko-fi.com/guest"]
    assert once.count("xmlns:podcast=") == once.count("xmlns:atom=") == 1
    parsed = feedparser.parse(once)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert without_lines(once, "atom:link", "podcast:funding").replace(
        ' xmlns:podcast="https://podcastindex.org/namespace/1.0"', ""
    ).replace(f' xmlns:atom="{ATOM_NS}"', "") == RSS.format(ns="")
    assert patched(once) == once


def test_bound_prefixes_are_used_and_a_taken_podcast_prefix_makes_another() -> None:
    bound = RSS.format(ns=f' xmlns:a="{ATOM_NS}" xmlns:pc="https://podcastindex.org/namespace/1.0"')
    once = patched(bound)
    assert '<a:link rel="monetization"' in once
    assert "<pc:funding url=" in once
    assert "xmlns:atom=" not in once
    assert "xmlns:podcast=" not in once
    taken = patched(RSS.format(ns=' xmlns:podcast="urn:not:podcast"'))
    assert ' xmlns:podcast1="https://podcastindex.org/namespace/1.0"' in taken
    assert "<podcast1:funding " in taken
    ET.fromstring(taken)


def test_links_a_feed_already_has_are_not_written_again() -> None:
    document = RSS.format(ns=f' xmlns:atom="{ATOM_NS}"').replace(
        "    <item>",
        '    <atom:link rel="monetization" href="https://w.example/site"/>\n    <item>',
        1,
    )
    once = patched(document)
    assert once.count('href="https://w.example/site"') == 1
    assert patched(once) == once


def test_atom_gets_monetization_links_at_feed_and_entry_level_and_no_podcast() -> None:
    once = patched(ATOM_FEED)
    root = ET.fromstring(once)
    assert [(e.get("rel"), e.get("href")) for e in root.findall(f"{ATOM}link")] == [
        ("monetization", "https://w.example/site")
    ]
    entries = root.findall(f"{ATOM}entry")
    assert [e.get("rel") for e in entries[0].findall(f"{ATOM}link")] == ["alternate", "payment"]
    assert [e.get("href") for e in entries[1].findall(f"{ATOM}link")] == [
        TWO,
        "https://w.example/guest",
    ]
    assert "podcast" not in once
    assert not feedparser.parse(once).bozo
    assert patched(once) == once


def test_funding_without_any_thing_still_reaches_the_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(ns=""), encoding="utf-8")
    kwargs = {"endpoints": ENDPOINTS, "items": {}, "channel_funding": SITE}
    assert markup.patch_feed_file(path, item_funding={TWO: GUEST}, **kwargs)  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8")
    assert "payment" not in text
    assert text.count("<atom:link") == 2  # the channel's wallet and the second item's own
    assert not markup.patch_feed_file(path, item_funding={TWO: GUEST}, **kwargs)  # type: ignore[arg-type]


def test_without_funding_feeds_are_as_before() -> None:
    document = RSS.format(ns="")
    plain = markup.add_payment_links(document, endpoints=ENDPOINTS, items={ONE: POST})
    assert "monetization" not in plain
    assert "podcast" not in plain


# -- JSON Feed -----------------------------------------------------------------------------------

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Notes \u2013 caf\u00e9",
    "home_page_url": "https://ex.org/",
    "items": [{"id": "1", "url": ONE, "title": "One"}, {"id": "2", "url": TWO, "title": "Two"}],
}


@pytest.mark.parametrize("indent", [None, 4])
def test_json_feed_gets_monetization_and_keeps_its_layout(indent: int | None) -> None:
    text = json.dumps(JSON_FEED, indent=indent)
    once = markup.add_json_feed_monetization(text, channel=SITE, items={ONE: SITE, TWO: GUEST})
    document = json.loads(once)
    assert document["_monetization"] == {
        "about": "https://webmonetization.org/docs/developers/rss-atom-jsonfeed/",
        "links": ["https://w.example/site"],
    }
    assert "_monetization" not in document["items"][0]  # inherits the feed's
    assert document["items"][1]["_monetization"] == {"links": ["https://w.example/guest"]}
    for holder in (document, *document["items"]):
        holder.pop("_monetization", None)
    assert json.dumps(document, indent=indent) == text  # nothing else changed
    assert once == json.dumps(json.loads(once), indent=indent)
    again = markup.add_json_feed_monetization(once, channel=SITE, items={ONE: SITE, TWO: GUEST})
    assert again == once


def test_a_json_feed_in_a_layout_that_cannot_be_kept_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    odd = json.dumps(JSON_FEED, indent=4).replace('": ', '" : ')
    path.write_text(odd, encoding="utf-8")
    with pytest.raises(ContentError, match=r"feed\.json.*layout"):
        markup.patch_json_feed_file(path, channel=SITE)
    assert path.read_text(encoding="utf-8") == odd
    path.write_text('{"version": "1", "items": []}', encoding="utf-8")
    with pytest.raises(ContentError, match="not a JSON Feed"):
        markup.patch_json_feed_file(path, channel=SITE)


def test_a_json_feed_without_wallets_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(JSON_FEED) + "\n", encoding="utf-8")
    no_wallet = merge([funding_layer({"liberapay": "site"})])
    assert not markup.patch_json_feed_file(path, channel=no_wallet, items={ONE: no_wallet})
    assert markup.patch_json_feed_file(path, channel=SITE)
    assert path.read_text(encoding="utf-8").endswith("}\n")
