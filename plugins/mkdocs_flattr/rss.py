"""Payment links in the feeds of mkdocs-rss-plugin, which offers no hook to add elements.

Its feeds are written in its ``on_post_build`` (priority 0); ours runs later (-100), finds
every ``rss`` instance in ``config.plugins`` and lets the core add the links to the files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from flattr_core import markup
from flattr_core.errors import ContentError
from flattr_core.models import Endpoints, Thing

log = get_plugin_logger("flattr")


def rss_feed_paths(config: MkDocsConfig) -> Iterator[Path]:
    """The RSS files mkdocs-rss-plugin wrote in this build (instances ``rss``, ``rss #2``, ...)."""
    for name, plugin in config.plugins.items():
        if name != "rss" and not name.startswith("rss #"):
            continue
        filenames = getattr(getattr(plugin, "config", None), "feeds_filenames", None)
        for filename in (
            getattr(filenames, "rss_created", None),
            getattr(filenames, "rss_updated", None),
        ):
            path = Path(config.site_dir, filename) if filename else None
            if path is not None and path.is_file():
                yield path


def add_payment_links(
    config: MkDocsConfig, endpoints: Endpoints, channel: Thing | None, items: Mapping[str, Thing]
) -> int:
    """Add channel- and item-level payment links to every RSS feed; the number of feeds changed."""
    paths = dict.fromkeys(rss_feed_paths(config))  # two instances may share a file name
    return sum(_add_to_file(path, endpoints, channel, items) for path in paths)


def _add_to_file(
    path: Path, endpoints: Endpoints, channel: Thing | None, items: Mapping[str, Thing]
) -> bool:
    try:
        return markup.patch_feed_file(path, endpoints=endpoints, channel=channel, items=items)
    except ContentError as error:  # a feed we cannot read keeps its content, never breaks
        log.warning("no payment links in a feed, which stays as it was: %s", error)
        return False
