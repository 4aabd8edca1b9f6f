"""Payment links and funding in the Atom and RSS feeds Pelican writes.

Pelican's own feed classes write the links as they write the feed (``feed_generated``:
``flattr_core.markup.links_while_writing``); a feed of any other class (a plugin's subclass)
gets them once written (``feed_written``: ``markup.patch_feed_file`` reads it back). Nothing
here builds XML or URLs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from feedgenerator import Atom1Feed, Rss201rev2Feed

from flattr_core import links, markup
from flattr_core.errors import ContentError
from flattr_core.models import Thing
from flattr_core.providers import Funding
from flattr_core.settings import channel_thing

from .options import Site
from .state import Run

log = logging.getLogger(__name__)
FEED_REF = "?ref=feed"  # what FEED_APPEND_REF adds to every feed item's link
_T = TypeVar("_T")


def links_while_writing(feed: Any, run: Run, site: Site) -> None:
    """Make a feed of Pelican's own classes write its links (never a subclass: it may write
    other elements, and its written file is patched instead)."""
    if type(feed) not in (Atom1Feed, Rss201rev2Feed):
        return
    things, funding = _known_by_link(feed.items, run)
    done = markup.links_while_writing(
        feed,
        atom=type(feed) is Atom1Feed,
        endpoints=site.config.endpoints,
        channel=run.channel,
        items=things,
        channel_funding=site.config.funding,
        item_funding=funding,
        memo=run.feed_items,
    )
    if done:
        run.linked_feeds.add(feed)


def add_feed_links(path: str, item_links: list[str], run: Run, site: Site) -> None:
    """Add channel- and item-level payment links and funding to a written Atom or RSS feed."""
    # the feeds of one language list the others' articles too
    things, funding = run.build.things, run.build.funding
    try:
        markup.patch_feed_file(
            path,
            endpoints=site.config.endpoints,
            channel=run.channel,
            items=_by_link(item_links, things),
            channel_funding=site.config.funding,
            item_funding=_by_link(item_links, funding),
        )
    except ContentError as error:  # a feed we cannot read keeps its content, never breaks
        log.warning("Flattr: no payment links in a feed, which stays as it was: %s", error)


def _by_link(item_links: Iterable[str], known: Mapping[str, _T]) -> dict[str, _T]:
    """Feed item link -> what is known of the item's page (by its canonical URL)."""
    return {link: known[url] for link in item_links if (url := _canonical(link)) in known}


def channel(site: Site) -> Thing | None:
    """The feed's own payment link is the site's thing, when the site names a creator."""
    return channel_thing(site.config, site.siteurl, site.sitename or site.siteurl)


def _known_by_link(
    items: Iterable[Mapping[str, Any]], run: Run
) -> tuple[dict[str, Thing], dict[str, Funding]]:
    """The thing and the funding of each item's page, by the item's link, in one pass over the
    feed's items; each link's canonical URL is worked out once a build (``run.canonical``): an
    article is in many feeds."""
    known, things, funding = run.canonical, run.build.things, run.build.funding
    found_things: dict[str, Thing] = {}
    found_funding: dict[str, Funding] = {}
    for item in items:
        if link := item["link"]:
            url = known.get(link)
            if url is None:
                url = known[link] = _canonical(link)
            if (thing := things.get(url)) is not None:
                found_things[link] = thing
            if (page_funding := funding.get(url)) is not None:
                found_funding[link] = page_funding
    return found_things, found_funding


def _canonical(link: str) -> str:
    """A feed item's link as its thing's URL: ``RELATIVE_URLS`` joins links as paths, so
    i18n_subsites' links to another language read ``https://blog.example/fr/../x.html``."""
    return links.without_dot_segments(link.removesuffix(FEED_REF))
