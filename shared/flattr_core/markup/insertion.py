"""Putting markup into a page: the button into its body, tags into its head, never twice."""

from __future__ import annotations

import re

from markupsafe import Markup

from ..models import Position
from .buttons import BUTTON_CLASSES

_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_START = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HEAD_TAGS = re.compile(r"<script\b[^>]*></script>|<[a-z]+\b[^>]*>")


def _attributes(tag: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(tag)}


def _tags(html: str, name: str) -> list[dict[str, str]]:
    return [_attributes(m[0]) for m in re.finditer(rf"<{name}\b[^>]*>", html, re.IGNORECASE)]


def has_button(html: str) -> bool:
    """True when ``html`` already holds a Flattr button (ours or a classic ``FlattrButton``)."""
    # The substring test first: reading every link is costly on pages whose navigation lists
    # a whole site, and most pages hold neither class name at all.
    if not any(name in html for name in BUTTON_CLASSES):
        return False
    return any(BUTTON_CLASSES & set(a.get("class", "").split()) for a in _tags(html, "a"))


def has_payment_link(html: str) -> bool:
    """True when ``html`` already has a ``<link rel="payment">``."""
    return any("payment" in attrs.get("rel", "").lower().split() for attrs in _tags(html, "link"))


def is_redirect(html: str) -> bool:
    """True when ``html``'s head sends the reader elsewhere (``<meta http-equiv="refresh">``
    with a URL, as redirect stubs have; a page that only reloads itself is no redirect)."""
    end = _HEAD_END.search(html)
    head = html[: end.start()] if end else html
    return any(
        meta.get("http-equiv", "").lower() == "refresh"
        and "url=" in meta.get("content", "").lower().replace(" ", "")
        for meta in _tags(head, "meta")
    )


def insert_button(html: str, markup: Markup, position: Position) -> str:
    """``html`` with the button at the top, bottom or both; unchanged if it already has one."""
    if position == "none" or has_button(html):
        return str(html)
    slot = str(Markup('<div class="flattr-slot">{}</div>').format(markup))
    top = slot + "\n" if position in ("top", "both") else ""
    bottom = "\n" + slot if position in ("bottom", "both") else ""
    return top + str(html) + bottom


def insert_head(document: str, markup: Markup) -> str:
    """``document`` with ``markup``'s tags before ``</head>``, leaving out any its head has.

    Only the head is read (the whole document when it has no ``</head>``): a payment link,
    meta or asset belongs there, and a theme's navigation can make the body large.
    """
    end = _HEAD_END.search(document)
    head = document[: end.start()] if end else document
    tags = _HEAD_TAGS.findall(str(markup))
    missing = [tag for tag in tags if not _already_there(head, tag)]
    if not missing:
        return document
    block = "\n".join(missing) + "\n"
    if end:
        at = end.start()
    else:
        start = _HEAD_START.search(document)
        at = start.end() if start else 0
    return document[:at] + block + document[at:]


def _already_there(head: str, tag: str) -> bool:
    attrs = _attributes(tag)
    if attrs.get("rel") == "payment":
        return has_payment_link(head)
    if attrs.get("name") == "flattr:id":
        return any(meta.get("name") == "flattr:id" for meta in _tags(head, "meta"))
    reference = attrs.get("href") or attrs.get("src") or ""
    return bool(reference) and reference in head
