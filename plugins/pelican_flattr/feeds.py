"""Payment links and funding in the Atom and RSS files Pelican writes (``feed_written``).

Nothing here builds XML or URLs: ``flattr_core.markup.patch_feed_file`` inserts the links.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TypeVar

from flattr_core import links, markup
from flattr_core.errors import ContentError
from flattr_core.models import Thing
from flattr_core.settings import channel_thing

from .options import Site
from .state import Run

log = logging.getLogger(__name__)
FEED_REF = "?ref=feed"  # what FEED_APPEND_REF adds to every feed item's link
_T = TypeVar("_T")


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


def _canonical(link: str) -> str:
    """A feed item's link as its thing's URL: ``RELATIVE_URLS`` joins links as paths, so
    i18n_subsites' links to another language read ``https://blog.example/fr/../x.html``."""
    return links.without_dot_segments(link.removesuffix(FEED_REF))
