"""Web Monetization: ``<link rel="monetization">`` in the head, RSS/Atom links, JSON Feed.

Only the link form with an https wallet address is written: the ``<meta
name="monetization">`` form and ``$`` payment pointers were removed from the spec on
2024-01-01 (the ``funding`` checks refuse pointers, suggesting their https form). Several
wallets give several links; the browser extension splits a payment evenly among them.
Feeds (WICG webmonetization, developers/rss-atom-jsonfeed): RSS 2.0 ``<atom:link
rel="monetization" href=…/>`` and Atom ``<link rel="monetization" href=…/>`` in the channel
(feed) or an item (entry); an item without its own inherits the channel's, so an item only
needs links when its wallets differ (``own_wallets``). JSON Feed 1.1: the ``_monetization``
extension object, with ``about`` in its first use (the top level) only.

These are the element builders. Putting them into an existing feed is the feed patcher's
job (``markup.feeds``): docs/funding.md says how it calls them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup

from ..errors import ContentError, Invalid
from ..providers import Funding
from ..providers.rules import wallet_address

JSON_FEED_ABOUT = "https://webmonetization.org/docs/developers/rss-atom-jsonfeed/"
REL = "monetization"
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@lru_cache(maxsize=1024)  # the site's or an author's, on many pages; Funding is frozen
def monetization_links(funding: Funding) -> Markup:
    """The head's ``<link rel="monetization" href="WALLET" />``, one per wallet address."""
    return Markup("\n").join(
        Markup('<link rel="monetization" href="{}" />').format(wallet)
        for wallet in _checked(funding.wallets)
    )


def feed_monetization_links(wallets: Iterable[str], *, prefix: str = "") -> Markup:
    """Feed links: Atom ``<link rel="monetization" …/>``, or RSS ``<atom:link …/>`` with a prefix.

    ``prefix`` must be bound to the Atom namespace (``feedscan.ATOM_NS``) where they go.
    """
    if prefix and not _XML_NAME.fullmatch(prefix):
        raise ContentError(f"prefix: {prefix!r} is not an XML namespace prefix")
    tag = f"{prefix}:link" if prefix else "link"
    return Markup("").join(_feed_link(tag, wallet) for wallet in _checked(wallets))


@lru_cache(maxsize=1024)  # the same few wallets in every item of every feed
def _feed_link(tag: str, wallet: str) -> Markup:
    return Markup('<{} rel="monetization" href="{}"/>').format(tag, wallet)


def monetization_elements(
    wallets: Iterable[str], *, prefix: str = ""
) -> list[tuple[str, dict[str, str], None]]:
    """The same links as element names and attributes (not escaped), for feed writers that
    write elements themselves: Django's ``handler.addQuickElement(name, None, attributes)``."""
    if prefix and not _XML_NAME.fullmatch(prefix):
        raise ContentError(f"prefix: {prefix!r} is not an XML namespace prefix")
    tag = f"{prefix}:link" if prefix else "link"
    return [(tag, {"rel": REL, "href": wallet}, None) for wallet in _checked(wallets)]


def own_wallets(item: Funding, channel: Funding) -> tuple[str, ...]:
    """The wallets an item's feed entry must carry: none when it has the channel's own.

    An item whose funding turns Web Monetization off still inherits the channel's links:
    feeds have no way to say "none here" (WICG: items inherit unless they have their own).
    """
    return () if set(item.wallets) == set(channel.wallets) else item.wallets


def json_feed_monetization(
    wallets: Iterable[str], *, top_level: bool = True
) -> dict[str, object] | None:
    """JSON Feed's ``_monetization`` object (``about`` only at the top level); None: no wallet."""
    links = list(_checked(wallets))
    if not links:
        return None
    return {"about": JSON_FEED_ABOUT, "links": links} if top_level else {"links": links}


def _checked(wallets: Iterable[str]) -> list[str]:
    """Each wallet address again through the check (they may come from anywhere here)."""
    return list(dict.fromkeys(_checked_wallet(wallet) for wallet in wallets))


def _checked_wallet(wallet: object) -> str:
    # exactly str: a str subclass (Markup) equal to a cached string is not the same value
    return _checked_string(wallet) if type(wallet) is str else _check_wallet(wallet)


@lru_cache(maxsize=1024)  # a pure check of one string: the same few wallets on every page
def _checked_string(wallet: str) -> str:
    return _check_wallet(wallet)


def _check_wallet(wallet: object) -> str:
    try:
        return wallet_address(wallet)
    except Invalid as bad:
        raise ContentError(f"web_monetization: {wallet!r} is not {bad.allowed}") from None
