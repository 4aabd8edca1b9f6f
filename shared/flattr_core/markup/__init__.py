"""Everything a reader sees, built offline: buttons, head tags, feed links, static files.

Pure functions over the base facts and the resolved settings; nothing here touches the
network or a store. Adapters enter through the names below: ``page_markup`` for a page's
button (or support block) and head block, the HTML-aware insertion functions to put them
in, ``ButtonMarker`` for a host that renders a page around its content later,
``patch_feed_file`` (and ``patch_json_feed_file``) for a feed the host has written,
``feed_link_element`` and ``feed_funding_elements`` for a feed the host writes itself,
``links_while_writing`` for a ``feedgenerator`` feed about to be written,
``site_static_files`` for the files its pages link, ``funding_site_files`` for funding.json.
"""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .assets import FUNDING_SCRIPT, STATIC_DIR, STYLESHEET, WIDGET_SCRIPT, static_files
    from .buttons import LABEL, MARKER_CLASS, button
    from .feedfunding import feed_funding_elements
    from .feeds import add_payment_links, feed_link, feed_link_element, patch_feed_file
    from .feedwrite import FeedItemMemo, links_while_writing
    from .funding_manifest import site_files as funding_site_files
    from .head import asset_tags, head_tags, payment_link, script_tag, stylesheet_tag
    from .insertion import (
        button_slot,
        has_button,
        has_payment_link,
        insert_button,
        insert_head,
        is_redirect,
        place_button,
    )
    from .jsonfeed import add_json_feed_monetization, patch_json_feed_file
    from .monetization import feed_monetization_links, json_feed_monetization, monetization_links
    from .page import (
        ButtonMarker,
        MarkedPage,
        PageMarkup,
        page_button,
        page_head,
        page_markup,
        site_static_files,
    )
    from .podcast import PODCAST_NS, podcast_funding
    from .podcast import namespace_attribute as podcast_namespace
    from .rewrite import replace_button
    from .support import SUPPORT_CLASS, support_asset_tags, support_block, support_static_files

# Each name is imported on first use (``flattr_core.lazy``): a page that only gets its button
# never loads the feed scanner, funding.json's rules or the podcast namespace.
_NAMES = {
    "assets": ("FUNDING_SCRIPT", "STATIC_DIR", "STYLESHEET", "WIDGET_SCRIPT", "static_files"),
    "buttons": ("LABEL", "MARKER_CLASS", "button"),
    "feedfunding": ("feed_funding_elements",),
    "feeds": ("add_payment_links", "feed_link", "feed_link_element", "patch_feed_file"),
    "feedwrite": ("FeedItemMemo", "links_while_writing"),
    "funding_manifest": ("site_files as funding_site_files",),
    "head": ("asset_tags", "head_tags", "payment_link", "script_tag", "stylesheet_tag"),
    "insertion": (
        "button_slot",
        "has_button",
        "has_payment_link",
        "insert_button",
        "insert_head",
        "is_redirect",
        "place_button",
    ),
    "jsonfeed": ("add_json_feed_monetization", "patch_json_feed_file"),
    "monetization": ("feed_monetization_links", "json_feed_monetization", "monetization_links"),
    "page": (
        "ButtonMarker",
        "MarkedPage",
        "PageMarkup",
        "page_button",
        "page_head",
        "page_markup",
        "site_static_files",
    ),
    "podcast": ("PODCAST_NS", "podcast_funding", "namespace_attribute as podcast_namespace"),
    "rewrite": ("replace_button",),
    "support": ("SUPPORT_CLASS", "support_asset_tags", "support_block", "support_static_files"),
}

__all__ = [
    "FUNDING_SCRIPT",
    "LABEL",
    "MARKER_CLASS",
    "PODCAST_NS",
    "STATIC_DIR",
    "STYLESHEET",
    "SUPPORT_CLASS",
    "WIDGET_SCRIPT",
    "ButtonMarker",
    "FeedItemMemo",
    "MarkedPage",
    "PageMarkup",
    "add_json_feed_monetization",
    "add_payment_links",
    "asset_tags",
    "button",
    "button_slot",
    "feed_funding_elements",
    "feed_link",
    "feed_link_element",
    "feed_monetization_links",
    "funding_site_files",
    "has_button",
    "has_payment_link",
    "head_tags",
    "insert_button",
    "insert_head",
    "is_redirect",
    "json_feed_monetization",
    "links_while_writing",
    "monetization_links",
    "page_button",
    "page_head",
    "page_markup",
    "patch_feed_file",
    "patch_json_feed_file",
    "payment_link",
    "place_button",
    "podcast_funding",
    "podcast_namespace",
    "replace_button",
    "script_tag",
    "site_static_files",
    "static_files",
    "stylesheet_tag",
    "support_asset_tags",
    "support_block",
    "support_static_files",
]

__getattr__, __dir__ = exports(__name__, _NAMES, __all__)
