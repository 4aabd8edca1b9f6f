"""JSON Feed's ``_monetization`` in a feed the host has written (mkdocs-rss-plugin's JSON feeds).

The feed gets ``{"about": …, "links": [the site's wallets]}`` at its top level; an item gets
``{"links": [...]}`` only when its wallets differ from the feed's, as items inherit in RSS
and Atom (WICG webmonetization, developers/rss-atom-jsonfeed; ``monetization``). A feed or
item that already has ``_monetization`` keeps it, so running twice changes nothing.

JSON has no place to insert text as XML has, so the document is written again, and only
when that changes nothing else: ``json.dumps`` must give back the very text read with one of
the layouts JSON writers use (mkdocs-rss-plugin: ``json.dump`` with ``indent=4`` or none).
A feed in any other layout (or not a JSON Feed) is a ContentError and stays as it was.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..providers import Funding
from .feeds import NO_FUNDING, replace_file
from .monetization import json_feed_monetization, own_wallets

KEY = "_monetization"
VERSION_PREFIX = "https://jsonfeed.org/version/"
_LAYOUTS: tuple[dict[str, Any], ...] = tuple(
    {"indent": indent, "ensure_ascii": ascii_only}
    for indent, ascii_only in itertools.product((None, 4, 2, "\t", 1, 3), (True, False))
)


def add_json_feed_monetization(
    text: str, *, channel: Funding, items: Mapping[str, Funding] = NO_FUNDING
) -> str:
    """``text`` with ``_monetization`` for the feed (``channel``: the site's funding) and for
    each item whose ``url`` is in ``items`` and whose wallets differ; unchanged when none."""
    document = _feed(text)
    layout = _layout(document, text)
    changed = _add(document, json_feed_monetization(channel.wallets))
    for item in document.get("items") or ():
        funding = items.get(str(item.get("url") or item.get("id") or "")) if item else None
        if funding is not None:
            own = own_wallets(funding, channel)
            changed |= _add(item, json_feed_monetization(own, top_level=False))
    if not changed:
        return text
    body = text.rstrip()
    return json.dumps(document, **layout) + text[len(body) :]


def patch_json_feed_file(
    path: str | os.PathLike[str],
    *,
    channel: Funding,
    items: Mapping[str, Funding] = NO_FUNDING,
) -> bool:
    """Add ``_monetization`` to the JSON Feed file at ``path``; True if it changed. A file that
    cannot be done as the module says is a ContentError naming it, and stays as it was."""
    target = Path(path)
    document = target.read_bytes()
    try:
        updated = add_json_feed_monetization(
            document.decode("utf-8"), channel=channel, items=items
        ).encode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"{target}: a JSON Feed is UTF-8 ({error})") from None
    except ContentError as error:
        raise ContentError(f"{target}: {error}") from None
    if updated == document:
        return False
    replace_file(target, updated)
    return True


def _feed(text: str) -> dict[str, Any]:
    try:
        document: Any = json.loads(text)
    except ValueError as error:
        raise ContentError(f"JSON feed: not JSON ({error})") from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        raise ContentError(f"JSON feed: not a JSON Feed (no version {VERSION_PREFIX}…)")
    items = document.get("items")
    if items is not None and not (
        isinstance(items, list) and all(isinstance(item, dict) for item in items)
    ):
        raise ContentError("JSON feed: its items are not a list of objects")
    feed: dict[str, Any] = document
    return feed


def _layout(document: dict[str, Any], text: str) -> dict[str, Any]:
    """The ``json.dumps`` options that write ``document`` as ``text`` (final space aside)."""
    body = text.rstrip()
    for layout in _LAYOUTS:
        if json.dumps(document, **layout) == body:
            return layout
    raise ContentError("JSON feed: written in a layout that cannot be kept, so it is not changed")


def _add(holder: dict[str, Any], monetization: dict[str, object] | None) -> bool:
    """Set ``_monetization`` on the feed or an item, unless it has one or there is none."""
    if monetization is None or KEY in holder:
        return False
    holder[KEY] = monetization
    return True
