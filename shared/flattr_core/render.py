"""Markup: the four button styles, head tags, feed elements and idempotent insertion.

Every function is pure and returns ``markupsafe.Markup`` with every value escaped. No
style attributes and no inline script: the button is styled by the shipped ``flattr.css``
and the ``widget`` style's click-to-load is the shipped ``flattr-widget.js``, so pages
work under a strict Content-Security-Policy.

Buttons carry no ``rel="payment"``: payment clients read the head and feed links, which
must be the auto-submit URL itself, while the button of a registered thing goes to its
thing page. Every button has the marker class ``flattr-button``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from posixpath import basename
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from . import links
from .errors import ContentError
from .models import ButtonOptions, ButtonStyle, Endpoints, Position, Thing

STYLESHEET = "flattr.css"
WIDGET_SCRIPT = "flattr-widget.js"
MARKER_CLASS = "flattr-button"
LABEL = "Flattr this"
STATIC_DIR = Path(__file__).with_name("static")
# Known Flattr badge images and their sizes (reference §2.5); others get no width/height.
BADGE_SIZES = {
    "flattr-badge-large.png": (93, 20),
    "flattr-badge-small.png": (16, 16),
    "flattr_logo_16.png": (16, 16),
    "button-static-50x60.png": (50, 60),
    "button-compact-static-100x17.png": (100, 17),
}
LOGO = Markup(
    '<svg class="flattr-button__logo" viewBox="0 0 24 24" width="20" height="20"'
    ' aria-hidden="true" focusable="false">'
    '<path fill="currentColor" d="M3 3h13l-4 5H8v5l-5 5zM21 21H8l4-5h4v-5l5-5z"/></svg>'
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_HEAD_START = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HEAD_TAGS = re.compile(r"<script\b[^>]*></script>|<[a-z]+\b[^>]*>")
Style = Callable[[Thing, str, Endpoints, str], Markup]


def static_files() -> dict[str, Path]:
    """The files a host copies into its site (file name -> path in this package)."""
    return {name: STATIC_DIR / name for name in (STYLESHEET, WIDGET_SCRIPT)}


def button(
    thing: Thing,
    options: ButtonOptions,
    endpoints: Endpoints,
    *,
    thing_id: int | None = None,
    label: str = LABEL,
) -> Markup:
    """The button: to the thing page when ``thing_id`` is known, else to the auto-submit URL."""
    href = links.button_target(thing, endpoints, thing_id)
    return STYLES[options.style](thing, href, endpoints, label)


def _classes(style: ButtonStyle) -> str:
    return f"{MARKER_CLASS} {MARKER_CLASS}--{style}"


def static_button(thing: Thing, href: str, endpoints: Endpoints, label: str) -> Markup:
    """A self-hosted link: inline SVG logo and visible text (the accessible name)."""
    return Markup(
        '<a class="{}" href="{}">{}<span class="flattr-button__label">{}</span></a>'
    ).format(_classes("static"), href, LOGO, label)


def image_button(thing: Thing, href: str, endpoints: Endpoints, label: str) -> Markup:
    """Flattr's own badge image inside a link; ``alt`` is the accessible name."""
    size = BADGE_SIZES.get(basename(urlsplit(endpoints.badge_url).path))
    dimensions = Markup(' width="{}" height="{}"').format(*size) if size else Markup("")
    return Markup(
        '<a class="{}" href="{}"><img class="flattr-button__badge" src="{}" alt="{}"{}></a>'
    ).format(_classes("image"), href, endpoints.badge_url, label, dimensions)


def text_button(thing: Thing, href: str, endpoints: Endpoints, label: str) -> Markup:
    """A plain text link."""
    return Markup('<a class="{}" href="{}">{}</a>').format(_classes("text"), href, label)


def widget_button(thing: Thing, href: str, endpoints: Endpoints, label: str) -> Markup:
    """Flattr's classic ``FlattrButton`` (reference §2.2, HTML5 form), a plain link until clicked.

    ``flattr-widget.js`` loads Flattr's script from ``data-loader-src`` on the first click
    and lets it replace the anchor with the real button; without JavaScript it is a link.
    """
    params = [
        ("uid", thing.owner.username),
        ("url", thing.url),
        ("title", thing.title),
        ("description", thing.description),
        ("language", thing.language),
        ("category", thing.category),
        ("tags", ",".join(thing.tags)),
        ("hidden", "1" if thing.hidden else ""),
    ]
    data = Markup("").join(
        Markup(' data-flattr-{}="{}"').format(key, value) for key, value in params if value
    )
    return Markup(
        '<a class="FlattrButton {}" href="{}"{} data-loader-src="{}">{}'
        '<span class="flattr-button__label">{}</span></a>'
    ).format(_classes("widget"), href, data, links.loader_url(endpoints), LOGO, label)


STYLES: dict[ButtonStyle, Style] = {
    "static": static_button,
    "image": image_button,
    "text": text_button,
    "widget": widget_button,
}


def head_tags(thing: Thing, endpoints: Endpoints) -> Markup:
    """``<link rel="payment">`` to the auto-submit URL (never a redirect) and the flattr:id meta."""
    tags = [payment_link(thing, endpoints)]
    if thing.owner.flattr_id:
        tags.append(Markup('<meta name="flattr:id" content="{}" />').format(thing.owner.flattr_id))
    return Markup("\n").join(tags)


@lru_cache(maxsize=4096)  # head and feeds ask again for the same thing: escape its URL once
def _payment_href(thing: Thing, endpoints: Endpoints) -> Markup:
    return escape(links.auto_submit_url(thing, endpoints))


def payment_link(thing: Thing, endpoints: Endpoints) -> Markup:
    """The HTML ``<link rel="payment" ...>`` of reference §3."""
    href = _payment_href(thing, endpoints)
    return Markup('<link rel="payment" href="{}" type="text/html" />').format(href)


def feed_link(thing: Thing, endpoints: Endpoints, *, prefix: str = "") -> Markup:
    """The feed payment link: Atom ``<link .../>``, or RSS ``<atom:link .../>`` with a prefix."""
    if prefix and not _XML_NAME.fullmatch(prefix):
        raise ContentError(f"prefix: {prefix!r} is not an XML namespace prefix")
    return _feed_link(thing, endpoints, f"{prefix}:link" if prefix else "link")


# A thing's item is in several feeds (all, its category, tags, author), each asking for this.
@lru_cache(maxsize=4096)
def _feed_link(thing: Thing, endpoints: Endpoints, tag: str) -> Markup:
    href = _payment_href(thing, endpoints)
    return Markup('<{} rel="payment" href="{}" type="text/html"/>').format(tag, href)


@lru_cache(maxsize=64)  # the same few for every page of a site
def asset_tags(style: ButtonStyle, base_url: str) -> Markup:
    """The stylesheet (all but text) and script (widget) tags; ``base_url``: where they are."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    tags = []
    if style != "text":  # the image badge needs the CSS too: its 44 px target and focus ring
        tags.append(stylesheet_tag(base + STYLESHEET))
    if style == "widget":
        tags.append(script_tag(base + WIDGET_SCRIPT))
    return Markup("\n").join(tags)


def stylesheet_tag(href: str) -> Markup:
    """A stylesheet link; ``href`` is relative or http(s)."""
    return Markup('<link rel="stylesheet" href="{}" />').format(_asset_url(href, "stylesheet"))


def script_tag(src: str) -> Markup:
    """A deferred external script (never inline)."""
    return Markup('<script src="{}" defer></script>').format(_asset_url(src, "script"))


def _asset_url(url: str, field: str) -> str:
    scheme = urlsplit(url).scheme
    return url if not scheme else links.check_url(url, field)


def _attributes(tag: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(tag)}


def _tags(html: str, name: str) -> list[dict[str, str]]:
    return [_attributes(m[0]) for m in re.finditer(rf"<{name}\b[^>]*>", html, re.IGNORECASE)]


BUTTON_CLASSES = frozenset({MARKER_CLASS, "FlattrButton"})


def has_button(html: str) -> bool:
    """True when ``html`` already holds a Flattr button (ours or a classic ``FlattrButton``)."""
    # The substring test first: reading every link is costly on pages whose navigation lists
    # a whole site, and most pages hold neither class name at all.
    if not any(name in html for name in BUTTON_CLASSES):
        return False
    return any(BUTTON_CLASSES & set(a.get("class", "").split()) for a in _tags(html, "a"))


def has_payment_link(html: str) -> bool:
    """True when ``html`` already has a ``<link rel="payment">``."""
    return any("payment" in attrs.get("rel", "").lower().split() for attrs in _tags(html, "link"))


def insert_button(html: str, markup: Markup, position: Position) -> str:
    """``html`` with the button at the top, bottom or both; unchanged if it already has one."""
    if position == "none" or has_button(html):
        return str(html)
    slot = str(Markup('<div class="flattr-slot">{}</div>').format(markup))
    top = slot + "\n" if position in ("top", "both") else ""
    bottom = "\n" + slot if position in ("bottom", "both") else ""
    return top + str(html) + bottom


def insert_head(document: str, markup: Markup) -> str:
    """``document`` with ``markup``'s tags before ``</head>``, leaving out any its head has.

    Only the head is read (the whole document when it has no ``</head>``): a payment link,
    meta or asset belongs there, and a theme's navigation can make the body large.
    """
    end = _HEAD_END.search(document)
    head = document[: end.start()] if end else document
    tags = _HEAD_TAGS.findall(str(markup))
    missing = [tag for tag in tags if not _already_there(head, tag)]
    if not missing:
        return document
    block = "\n".join(missing) + "\n"
    if end:
        at = end.start()
    else:
        start = _HEAD_START.search(document)
        at = start.end() if start else 0
    return document[:at] + block + document[at:]


def _already_there(head: str, tag: str) -> bool:
    attrs = _attributes(tag)
    if attrs.get("rel") == "payment":
        return has_payment_link(head)
    if attrs.get("name") == "flattr:id":
        return any(meta.get("name") == "flattr:id" for meta in _tags(head, "meta"))
    reference = attrs.get("href") or attrs.get("src") or ""
    return bool(reference) and reference in head
