"""Reading funding back out of built pages and feeds, as a reader's browser or feed app would.

Shared by the hosts' real-build tests (their conftest puts this folder on the path): what a
page's head and support block hold, and what each holder of a feed carries.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser
import html5lib

ATOM = "{http://www.w3.org/2005/Atom}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
BLOCK_CLASS = "funding-support"


@dataclass(frozen=True)
class PageFunding:
    """What one written page offers beside its content."""

    wallets: list[str]  # the head's <link rel="monetization"> hrefs, in order
    payment_links: int  # <link rel="payment"> anywhere in the head
    blocks: int  # support blocks in the body
    buttons: list[tuple[str, str]]  # (provider class modifier, href) of each support button
    flattr_buttons: int  # Flattr buttons anywhere (inside the block or alone)
    scripts: list[str] = field(default_factory=list)  # the head's script srcs
    stylesheets: list[str] = field(default_factory=list)


def page_funding(html: str) -> PageFunding:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    head = document.find("head")
    links = list(head.iter("link")) if head is not None else []
    anchors = list(document.iter("a"))
    return PageFunding(
        wallets=[link.get("href", "") for link in links if _rel(link) == ["monetization"]],
        payment_links=sum("payment" in _rel(link) for link in links),
        blocks=sum(BLOCK_CLASS in _classes(el) for el in document.iter("div")),
        buttons=[
            (_modifier(a), a.get("href", "")) for a in anchors if "funding-button" in _classes(a)
        ],
        flattr_buttons=sum("flattr-button" in _classes(a) for a in anchors),
        scripts=[s.get("src", "") for s in head.iter("script")] if head is not None else [],
        stylesheets=[link.get("href", "") for link in links if _rel(link) == ["stylesheet"]],
    )


def _rel(element: Any) -> list[str]:
    return element.get("rel", "").lower().split()


def _classes(element: Any) -> list[str]:
    return element.get("class", "").split()


def _modifier(anchor: Any) -> str:
    prefix = "funding-button--"
    found = [c.removeprefix(prefix) for c in _classes(anchor) if c.startswith(prefix)]
    return next((c for c in found if c != "widget"), "")


@dataclass(frozen=True)
class Holder:
    """A feed's channel (or an Atom feed) or one item: what it carries."""

    wallets: list[str]
    funding: list[tuple[str, str]]  # podcast:funding (url, label)
    payment_links: int


def feed_holders(path: Path) -> dict[str, Holder]:
    """``"channel"`` and each item by its link; the feed is checked well-formed first (by
    expat and by feedparser)."""
    raw = path.read_bytes()
    root = ET.fromstring(raw)
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    if root.tag == f"{ATOM}feed":
        items = {_atom_link(e): e for e in root.findall(f"{ATOM}entry")}
        channel = root
    else:
        channel = root.find("channel")
        assert channel is not None
        items = {(e.findtext("link") or "").strip(): e for e in channel.findall("item")}
    holders = {"channel": _holder(channel)}
    holders.update((link, _holder(element)) for link, element in items.items())
    return holders


def _atom_link(entry: Any) -> str:
    links = entry.findall(f"{ATOM}link")
    return next(
        link.get("href", "") for link in links if link.get("rel", "alternate") == "alternate"
    )


def _holder(element: Any) -> Holder:
    links = element.findall(f"{ATOM}link")
    return Holder(
        wallets=[link.get("href") for link in links if link.get("rel") == "monetization"],
        funding=[(e.get("url"), e.text) for e in element.findall(f"{PODCAST}funding")],
        payment_links=sum(link.get("rel") == "payment" for link in links),
    )


def json_feed_monetization(path: Path) -> dict[str, Any]:
    """``"feed"`` and each item's url -> its ``_monetization`` (absent: not there)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    found = {"feed": document.get("_monetization")}
    found.update((item["url"], item.get("_monetization")) for item in document.get("items", []))
    return found
