"""Django syndication feeds with the mixin: channel- and item-level payment links."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import fromstring as parse_xml

import feedparser
from conftest import Blog

from wagtail_flattr.models import FlattrSiteSettings

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client: Any, path: str, host: str = "alpha.test") -> bytes:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content


def payment_links(element: Any, tag: str) -> list[str]:
    return [link.get("href") for link in element.findall(tag) if link.get("rel") == "payment"]


def test_rss_has_channel_and_item_payment_links(client: Any, blog: Blog) -> None:
    body = fetch(client, "/feed/rss/")
    root = parse_xml(body)
    channel = root.find("channel")
    [channel_link] = payment_links(channel, f"{ATOM}link")
    assert "user_id=alice" in channel_link
    assert "url=http%3A%2F%2Falpha.test%2F" in channel_link
    items = {
        item.findtext("link"): payment_links(item, f"{ATOM}link") for item in channel.iter("item")
    }
    assert set(items) == {"http://alpha.test/first/", "http://alpha.test/second/"}
    assert all(len(links) == 1 for links in items.values())
    assert "url=http%3A%2F%2Falpha.test%2Ffirst%2F" in items["http://alpha.test/first/"][0]
    assert feedparser.parse(body).bozo == 0


def test_atom_has_channel_and_item_payment_links(client: Any, blog: Blog) -> None:
    body = fetch(client, "/feed/atom/")
    root = parse_xml(body)
    assert len(payment_links(root, f"{ATOM}link")) == 1
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert all(len(payment_links(entry, f"{ATOM}link")) == 1 for entry in entries)
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    rels = [link["rel"] for link in parsed.entries[0].links]
    assert "payment" in rels


def test_opted_out_items_get_no_link(client: Any, blog: Blog) -> None:
    blog.first.flattr_enabled = False
    blog.first.save()
    root = parse_xml(fetch(client, "/feed/atom/"))
    links = {
        e.find(f"{ATOM}id").text: payment_links(e, f"{ATOM}link")
        for e in root.findall(f"{ATOM}entry")
    }
    assert links["http://alpha.test/first/"] == []
    assert len(links["http://alpha.test/second/"]) == 1


def test_no_creator_no_links(client: Any, blog: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(username="")
    body = fetch(client, "/feed/rss/")
    assert b'rel="payment"' not in body
