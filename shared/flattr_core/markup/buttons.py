"""The four button styles: ``static`` (default), ``image``, ``text`` and ``widget``.

Every function is pure and returns ``markupsafe.Markup`` with every value escaped. No
style attributes and no inline script: the button is styled by the shipped ``flattr.css``
and the ``widget`` style's click-to-load is the shipped ``flattr-widget.js``, so pages
work under a strict Content-Security-Policy.

Buttons carry no ``rel="payment"``: payment clients read the head and feed links, which
must be the auto-submit URL itself, while the button of a registered thing goes to its
thing page. Every button has the marker class ``flattr-button``.
"""

from __future__ import annotations

from collections.abc import Callable
from posixpath import basename
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .. import links
from ..models import ButtonOptions, ButtonStyle, Endpoints, Thing
from .concat import concat, escaped_url

MARKER_CLASS = "flattr-button"
BUTTON_CLASSES = frozenset({MARKER_CLASS, "FlattrButton"})
LABEL = "Flattr this"
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
Style = Callable[[Thing, str, Endpoints, str], Markup]


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


_STATIC_START = concat(Markup('<a class="'), escape(_classes("static")), Markup('" href="'))
_STATIC_MIDDLE = concat(Markup('">'), LOGO, Markup('<span class="flattr-button__label">'))
_STATIC_END = Markup("</span></a>")


def static_button(thing: Thing, href: str, endpoints: Endpoints, label: str) -> Markup:
    """A self-hosted link: inline SVG logo and visible text (the accessible name)."""
    # An f-string of escaped values: the default style is on every page, and Markup.format
    # runs string.Formatter in Python
    return concat(_STATIC_START, escaped_url(href), _STATIC_MIDDLE, escape(label), _STATIC_END)


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
