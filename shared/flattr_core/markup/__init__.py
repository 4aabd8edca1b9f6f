"""Everything a reader sees, built offline: buttons, head tags, feed links, static files.

Pure functions over the base facts and the resolved settings; nothing here touches the
network or a store. Adapters enter through the names below.
"""

from .assets import STATIC_DIR, STYLESHEET, WIDGET_SCRIPT, static_files
from .buttons import LABEL, MARKER_CLASS, button
from .feeds import add_payment_links, feed_link, feed_link_element
from .head import asset_tags, head_tags, payment_link, script_tag, stylesheet_tag
from .insertion import has_button, has_payment_link, insert_button, insert_head

__all__ = [
    "LABEL",
    "MARKER_CLASS",
    "STATIC_DIR",
    "STYLESHEET",
    "WIDGET_SCRIPT",
    "add_payment_links",
    "asset_tags",
    "button",
    "feed_link",
    "feed_link_element",
    "has_button",
    "has_payment_link",
    "head_tags",
    "insert_button",
    "insert_head",
    "payment_link",
    "script_tag",
    "static_files",
    "stylesheet_tag",
]
