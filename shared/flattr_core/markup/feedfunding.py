"""What a feed's channel and items get beside their payment link: the other ways of support.

``feeds`` scans the feed and asks ``FeedFunding`` for each holder's elements, then inserts
them where it inserts the payment link. The rules:

- The channel (an Atom feed) gets a ``rel="monetization"`` link per wallet of the site and,
  in RSS, a ``<podcast:funding>`` per account of the site with a support page.
- An item inherits its channel's (WICG webmonetization, developers/rss-atom-jsonfeed; the
  podcast namespace's item tags stand in for the channel's too): it gets monetization links
  only when its wallets differ (``monetization.own_wallets``), and ``<podcast:funding>``
  only when its support pages differ. An item cannot say "none here": one whose page turns
  a provider off still inherits the channel's.
- Nothing a holder already has is written again (a monetization link with that ``href``, a
  ``<podcast:funding>`` with that ``url``), so running twice changes nothing.

``<podcast:funding>`` takes the prefix the feed binds to the podcast namespace, else
``podcast`` (or ``podcast1``, ... when that prefix means something else), declared once on
the root.

``feed_funding_elements`` gives the same elements, by the same rules, as names and
attributes for a feed writer that writes elements itself (Django's syndication feeds).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import lru_cache

from markupsafe import Markup

from ..providers import Funding, support_url
from .feedscan import Element, Scanned
from .monetization import feed_monetization_links, monetization_elements, own_wallets
from .podcast import PODCAST_NS, funding_elements, namespace_declaration, podcast_funding_elements

# (element name, attributes, text or None), not escaped: the feed writer escapes them
FeedElement = tuple[str, dict[str, str], str | None]


class FeedFunding:
    """The funding elements of each holder of one scanned feed, and the namespace they need.

    ``atom_prefix(holder)`` is the prefix naming Atom in the holder (the payment link's:
    the feed patcher declares it when the feed binds none).
    """

    def __init__(self, scan: Scanned, channel: Funding, atom_prefix: Callable[[Element], str]):
        self.scan, self.channel, self.atom_prefix = scan, channel, atom_prefix
        self.declare = next(p for p in _candidates() if p not in scan.prefixes)
        self.needs_declaration = False

    def for_channel(self, holder: Element) -> list[str]:
        """The channel's (the feed's) elements: the site's wallets and support pages."""
        return self._elements(holder, self.channel.wallets, self.channel)

    def for_item(self, item: Element, funding: Funding | None) -> list[str]:
        """An item's elements: only what differs from the channel's (None: not one of ours)."""
        if funding is None or funding == self.channel:  # the channel's own: nothing to add
            return []
        pages = funding if _pages(funding) != _pages(self.channel) else None
        return self._elements(item, own_wallets(funding, self.channel), pages)

    def declaration(self) -> Markup:
        """`` xmlns:podcast="…"`` for the root, when an element needs it; else nothing."""
        return namespace_declaration(self.declare) if self.needs_declaration else Markup("")

    def _elements(
        self, holder: Element, wallets: tuple[str, ...], pages: Funding | None
    ) -> list[str]:
        missing = tuple(wallet for wallet in wallets if wallet not in holder.wallets)
        prefix = self.atom_prefix(holder) if missing else ""
        wanted: tuple[str, ...] = ()
        if pages is not None and not self.scan.is_atom:
            urls = (url for url, _ in funding_elements(pages))
            wanted = tuple(url for url in urls if url not in holder.funding_urls)
        podcast_prefix = self._podcast_prefix(holder) if wanted else ""
        return list(_written(missing, prefix, pages if wanted else None, wanted, podcast_prefix))

    def _podcast_prefix(self, holder: Element) -> str:
        bound = next((p for p, uri in holder.scope.items() if uri == PODCAST_NS and p), None)
        if bound is not None:
            return bound
        self.needs_declaration = True
        return self.declare


def feed_funding_elements(
    funding: Funding,
    *,
    channel: Funding | None = None,
    atom_prefix: str = "",
    podcast_prefix: str | None = None,
) -> list[FeedElement]:
    """The monetization links and ``<podcast:funding>`` elements of a feed's channel
    (``channel`` None) or of one of its items (only what differs from ``channel``'s).

    ``atom_prefix`` names the Atom namespace where the links go (``atom`` in an RSS feed that
    binds it, as Django's does; empty in an Atom feed). ``podcast_prefix`` is the prefix the
    root binds to the podcast namespace (``podcast.namespace_attribute``); None: no
    ``<podcast:funding>`` (an Atom feed).
    """
    wallets = funding.wallets if channel is None else own_wallets(funding, channel)
    elements: list[FeedElement] = list(monetization_elements(wallets, prefix=atom_prefix))
    if podcast_prefix is not None and (channel is None or _pages(funding) != _pages(channel)):
        elements += podcast_funding_elements(funding, prefix=podcast_prefix)
    return elements


# An author's items, in each of the feeds they are in, get the same elements; Funding is frozen.
@lru_cache(maxsize=1024)
def _written(
    wallets: tuple[str, ...],
    prefix: str,
    pages: Funding | None,
    wanted: tuple[str, ...],
    podcast_prefix: str,
) -> tuple[str, ...]:
    """The monetization links of ``wallets`` (Atom ``prefix``) and the ``<podcast:funding>``
    of ``pages`` whose url is ``wanted``."""
    links = [str(feed_monetization_links([wallet], prefix=prefix)) for wallet in wallets]
    if pages is None:
        return tuple(links)
    podcast = funding_elements(pages, prefix=podcast_prefix)
    return (*links, *(str(element) for url, element in podcast if url in wanted))


@lru_cache(maxsize=1024)  # asked for the channel and each item of every feed; Funding is frozen
def _pages(funding: Funding) -> tuple[str | None, ...]:
    return tuple(support_url(account) for account in funding.buttons)


def _candidates() -> Iterator[str]:
    yield "podcast"
    yield from (f"podcast{n}" for n in itertools.count(1))
