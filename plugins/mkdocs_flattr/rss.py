"""Payment links and funding in mkdocs-rss-plugin's feeds (it offers no hook to add elements).

Its feeds are written in its ``on_post_build`` (priority 0); ours runs later (-100), finds
every ``rss`` instance in ``config.plugins`` and lets the core add the links to its RSS files
and ``_monetization`` to its JSON feeds (``json_feed_enabled``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from flattr_core import ContentError, Endpoints, Funding, Thing, markup

log = get_plugin_logger("flattr")
RSS_FILES = ("rss_created", "rss_updated")
JSON_FILES = ("json_created", "json_updated")


class FeedContent(NamedTuple):
    """What the feeds get: the site's thing and funding (the channel), each page's (items,
    by the URL the feed links it with). A NamedTuple: a frozen dataclass costs ten times as
    much to create at import, in every build, feeds or not."""

    endpoints: Endpoints
    channel: Thing | None
    things: Mapping[str, Thing]
    site_funding: Funding
    funding: Mapping[str, Funding]


def feed_paths(config: MkDocsConfig, kinds: tuple[str, str]) -> Iterator[Path]:
    """The files of these ``feeds_filenames`` that mkdocs-rss-plugin wrote in this build
    (instances ``rss``, ``rss #2``, ...)."""
    for name, plugin in config.plugins.items():
        if name != "rss" and not name.startswith("rss #"):
            continue
        filenames = getattr(getattr(plugin, "config", None), "feeds_filenames", None)
        for filename in (getattr(filenames, kind, None) for kind in kinds):
            path = Path(config.site_dir, filename) if filename else None
            if path is not None and path.is_file():
                yield path


def rss_feed_paths(config: MkDocsConfig) -> Iterator[Path]:
    """The RSS files mkdocs-rss-plugin wrote in this build."""
    return feed_paths(config, RSS_FILES)


def add_payment_links(config: MkDocsConfig, feed: FeedContent) -> int:
    """Add channel- and item-level links to every RSS feed and ``_monetization`` to every JSON
    feed; the number of feeds changed."""
    rss = dict.fromkeys(rss_feed_paths(config))  # two instances may share a file name
    changed = sum(_add_to_file(path, feed) for path in rss)
    if feed.site_funding.wallets or any(f.wallets for f in feed.funding.values()):
        json_feeds = dict.fromkeys(feed_paths(config, JSON_FILES))
        changed += sum(_add_to_json(path, feed) for path in json_feeds)
    return changed


def _add_to_file(path: Path, feed: FeedContent) -> bool:
    try:
        return markup.patch_feed_file(
            path,
            endpoints=feed.endpoints,
            channel=feed.channel,
            items=feed.things,
            channel_funding=feed.site_funding,
            item_funding=feed.funding,
        )
    except ContentError as error:  # a feed we cannot read keeps its content, never breaks
        log.warning("no payment links in a feed, which stays as it was: %s", error)
        return False


def _add_to_json(path: Path, feed: FeedContent) -> bool:
    try:
        return markup.patch_json_feed_file(path, channel=feed.site_funding, items=feed.funding)
    except ContentError as error:
        log.warning("no monetization links in a JSON feed, which stays as it was: %s", error)
        return False
