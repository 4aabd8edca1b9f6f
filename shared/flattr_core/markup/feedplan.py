"""What each holder of a feed gets (its payment link and funding) and which namespaces the root
must declare for them: the half of the feed patcher that does not depend on where text goes.

``feeds`` inserts the elements into a feed's text at the offsets a scan found; ``feedwrite``
writes them while a feed writer writes the feed. Both ask one ``FeedPlan``, so both write the
same elements for the same feed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup, escape

from .. import links
from ..errors import ContentError
from ..models import Endpoints, Thing
from ..providers import Funding
from .concat import concat
from .feedfunding import FeedFunding
from .feedscan import ATOM_NS, Element, Scanned
from .head import payment_href

_LINK_END = Markup('" type="text/html"/>')
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


class FeedPlan:
    """The elements each holder (the channel or Atom feed, each item) of one feed gets.

    Asking for a holder's elements records the namespace declarations they need
    (``declarations``): an Atom prefix for a payment link in a feed that binds none, the
    podcast namespace for ``<podcast:funding>``.
    """

    def __init__(self, scan: Scanned, endpoints: Endpoints, channel_funding: Funding) -> None:
        self.scan = scan
        self.endpoints = endpoints
        # Always one free: the feed declares finitely many prefixes.
        self.declare = next(p for p in _candidates() if p not in scan.prefixes)
        self.needs_declaration = False
        self.funding = FeedFunding(scan, channel_funding, self._prefix)

    def item_elements(
        self, item: Element, thing: Thing | None, funding: Funding | None
    ) -> list[str]:
        """An item's payment link and the funding that differs from the channel's."""
        return self._payment(item, thing) + self.funding.for_item(item, funding)

    def channel_elements(self, holder: Element, thing: Thing | None) -> list[str]:
        """The channel's (the Atom feed's) payment link and the site's funding."""
        return self._payment(holder, thing) + self.funding.for_channel(holder)

    def declarations(self) -> list[str]:
        """The root's new namespace attributes (Atom's first), for the elements asked for."""
        found = [f' xmlns:{self.declare}="{ATOM_NS}"'] if self.needs_declaration else []
        if self.funding.needs_declaration:
            found.append(str(self.funding.declaration()))
        return found

    def _payment(self, holder: Element, thing: Thing | None) -> list[str]:
        if thing is None or holder.has_payment:
            return []
        return [str(feed_link(thing, self.endpoints, prefix=self._prefix(holder)))]

    def _prefix(self, holder: Element) -> str:
        """The Atom prefix in ``holder``: a bound one, else the one this plan declares."""
        prefix = _atom_prefix(holder)
        if prefix is None:
            prefix, self.needs_declaration = self.declare, True
        return prefix


def _candidates() -> Iterator[str]:
    yield "atom"
    yield from (f"atom{n}" for n in itertools.count(1))


def _atom_prefix(holder: Element) -> str | None:
    """The prefix that names Atom inside ``holder``: its own if it is Atom, else a bound one."""
    if holder.uri == ATOM_NS:
        return holder.prefix
    return next((p for p, uri in holder.scope.items() if uri == ATOM_NS and p), None)


def feed_link(thing: Thing, endpoints: Endpoints, *, prefix: str = "") -> Markup:
    """The feed payment link: Atom ``<link .../>``, or RSS ``<atom:link .../>`` with a prefix."""
    return _feed_link(thing, endpoints, _link_tag(prefix))


def feed_link_element(
    thing: Thing, endpoints: Endpoints, *, prefix: str = ""
) -> tuple[str, dict[str, str]]:
    """The same payment link as a tag name and attributes (not escaped), for feed writers that
    write elements themselves: Django's ``handler.addQuickElement(tag, None, attributes)``."""
    href = links.auto_submit_url(thing, endpoints)
    return _link_tag(prefix), {"rel": "payment", "href": href, "type": "text/html"}


@lru_cache(maxsize=64)  # the few prefixes of a site's feeds, asked for every item
def _link_tag(prefix: str) -> str:
    if prefix and not _XML_NAME.fullmatch(prefix):
        raise ContentError(f"prefix: {prefix!r} is not an XML namespace prefix")
    return f"{prefix}:link" if prefix else "link"


# Not memoized: feeds made while written make each item's elements once per build
# (``feedwrite.FeedItemMemo``), and a patched feed is read once.
def _feed_link(thing: Thing, endpoints: Endpoints, tag: str) -> Markup:
    # the attributes of feed_link_element, in its order; the head's link escapes the same URL
    href = payment_href(thing, endpoints)  # escaped; the tag is a checked XML name
    return concat(_link_start(tag), href, _LINK_END)


@lru_cache(maxsize=64)
def _link_start(tag: str) -> Markup:
    return concat(Markup("<"), escape(tag), Markup(' rel="payment" href="'))
