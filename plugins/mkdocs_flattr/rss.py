"""Payment links in the feeds of mkdocs-rss-plugin, which offers no hook to add elements.

Its feeds are written in its ``on_post_build`` (priority 0); ours runs later (-100), finds
every ``rss`` instance in ``config.plugins`` and lets the core add the links to the files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from flattr_core import feeds
from flattr_core.models import Endpoints, Thing


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
    changed = 0
    for path in rss_feed_paths(config):
        document = path.read_text(encoding="utf-8")
        updated = feeds.add_payment_links(
            document, endpoints=endpoints, channel=channel, items=items
        )
        if updated != document:
            path.write_text(updated, encoding="utf-8")
            changed += 1
    return changed
