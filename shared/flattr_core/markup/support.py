"""The support block: the Flattr button and one self-hosted button per configured provider.

Every function is pure and returns ``markupsafe.Markup`` with every value escaped. The
default buttons make no third-party request and run no script: each is a link to the
provider's support page with an inline SVG logo (``aria-hidden``, ``currentColor``) and
the provider's name as visible text, so as accessible name; ``flattr.css`` sizes them
(44 px targets, focus ring, AA contrast in light and dark).

``rel="external"``: the link leaves the site. Not ``payment``: a page keeps exactly one
``rel="payment"``, Flattr's head link. Not ``nofollow``/``sponsored``: these are the author's
own accounts, not paid placements. No ``noreferrer``: browsers already send only the origin
to another site, which is what providers show their creators.

``widgets=True`` is the opt-in vendor style: a button whose provider has an embed carries
its description in ``data-funding-*`` attributes, and the shipped ``flattr-funding.js``
loads the vendor's file only after the reader clicks it. Before that click the page is the
same self-hosted link, with no element that loads anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .. import links
from ..errors import ContentError
from ..providers import Account, Funding, support_url
from ..providers import label as button_label
from ..providers.logos import PATHS, VIEW_BOX
from .assets import FUNDING_SCRIPT, STATIC_DIR, STYLESHEET
from .concat import concat, escaped_url
from .head import script_tag, stylesheet_tag

if TYPE_CHECKING:
    from ..providers import VendorWidget

SUPPORT_CLASS = "funding-support"
BUTTON_CLASS = "funding-button"
WIDGET_CLASS = "funding-button--widget"
BLOCK_LABEL = "Ways to support"
_PARAM_NAME = re.compile(r"[a-z][a-z-]*")


def support_block(
    funding: Funding,
    *,
    flattr_button: Markup | str = "",
    label: str = BLOCK_LABEL,
    widgets: bool = False,
) -> Markup:
    """One element holding the Flattr button (as given) and a button per provider account.

    Empty when there is neither. Web Monetization wallets get no button: they go in the head
    (``monetization.monetization_links``). ``flattr_button`` is trusted ``Markup`` (from
    ``markup.button``); a plain string is escaped.
    """
    flattr = escape(flattr_button) if flattr_button else Markup("")  # a str escaped
    others = _joined_buttons(funding, widgets)
    if not flattr and not others:
        return Markup("")
    start = _block_start(label) if type(label) is str else _start_tag(label)  # Markup: not cached
    return concat(start, flattr, others, _BLOCK_END)


def support_buttons(funding: Funding, *, widgets: bool = False) -> list[Markup]:
    """A button per account with a support page, in ``providers.ORDER``."""
    return list(_support_buttons(funding, widgets))


# The same few fundings (the site's, an author's) on page after page; Funding is frozen and
# every button is made from it alone, so a cached one is never stale.
@lru_cache(maxsize=256)
def _support_buttons(funding: Funding, widgets: bool) -> tuple[Markup, ...]:
    several = funding.several
    make = widget_button if widgets else provider_button
    return tuple(
        make(account, with_name=account.provider in several) for account in funding.buttons
    )


@lru_cache(maxsize=256)
def _joined_buttons(funding: Funding, widgets: bool) -> Markup:
    return Markup("").join(_support_buttons(funding, widgets))


@lru_cache(maxsize=16)
def _block_start(label: str) -> Markup:
    return _start_tag(label)


def _start_tag(label: str) -> Markup:
    return Markup('<div class="{}" role="group" aria-label="{}">').format(SUPPORT_CLASS, label)


_BLOCK_END = Markup("</div>")


@lru_cache(maxsize=1024)  # a page's own funding shares most accounts with the site's
def provider_button(account: Account, *, with_name: bool = False) -> Markup:
    """The self-hosted button: a link to the support page, a logo and the provider's name."""
    return _anchor(account, with_name, Markup(""), Markup(""))


@lru_cache(maxsize=1024)
def widget_button(account: Account, *, with_name: bool = False) -> Markup:
    """The click-to-load button: the self-hosted link plus the vendor embed's description.

    A provider without an embed (or without the id it needs) gets ``provider_button``.
    """
    from ..providers import vendor_widget  # here: only the widget style loads the vendors' table

    widget = vendor_widget(account)
    if widget is None:
        return provider_button(account, with_name=with_name)
    return _anchor(account, with_name, Markup(" ") + WIDGET_CLASS, _widget_data(widget))


def _anchor(account: Account, with_name: bool, classes: Markup, data: Markup) -> Markup:
    href = support_url(account)
    if href is None:
        raise ContentError(f"funding.{account.provider}: has no support page, so no button")
    modifier = escape(account.provider.replace("_", "-"))
    # joined, not Markup.format: a page's own account (a miss above) is on every third page,
    # and the formatter runs in Python
    return concat(
        _ANCHOR_START,
        modifier,
        classes,
        Markup('" href="'),
        escaped_url(href),
        Markup('" rel="external"'),
        data,
        Markup(">"),
        logo(account.provider),
        _LABEL_START,
        escape(button_label(account, with_name=with_name)),
        Markup("</span></a>"),
    )


_ANCHOR_START = Markup('<a class="{} {}--').format(BUTTON_CLASS, BUTTON_CLASS)
_LABEL_START = Markup('<span class="{}__label">').format(BUTTON_CLASS)


@lru_cache(maxsize=64)  # one per provider, in every button of its accounts
def logo(provider: str) -> Markup:
    """The provider's inline SVG logo, hidden from assistive technology (the text names it)."""
    return Markup(
        '<svg class="funding-button__logo" viewBox="{}" width="20" height="20"'
        ' aria-hidden="true" focusable="false"><path fill="currentColor" d="{}"/></svg>'
    ).format(VIEW_BOX, PATHS[provider])


def _widget_data(widget: VendorWidget) -> Markup:
    """``data-funding-*`` attributes for flattr-funding.js; every URL https and checked."""
    attributes: list[tuple[str, object]] = [
        ("widget", widget.kind),
        ("src", _https(widget.src, "src")),
        ("width", widget.width),
        ("height", widget.height),
        ("title", widget.title),
        ("href", _https(widget.href, "href") if widget.href else ""),
        *((f"param-{_param(name)}", value) for name, value in widget.params),
    ]
    return _data(attributes)


def _data(attributes: Iterable[tuple[str, object]]) -> Markup:
    return Markup("").join(
        Markup(' data-funding-{}="{}"').format(name, value)
        for name, value in attributes
        if value not in ("", None)
    )


def _https(url: str, field: str) -> str:
    checked = links.check_url(url, f"widget {field}")
    if not checked.lower().startswith("https://"):
        raise ContentError(f"widget {field}: {url!r} is not https")
    return checked


def _param(name: str) -> str:
    if not _PARAM_NAME.fullmatch(name):
        raise ContentError(f"widget parameter {name!r} is not a lowercase attribute name")
    return name


def support_static_files() -> dict[str, Path]:
    """The files the block needs in the site: the stylesheet and the click-to-load script."""
    return {name: STATIC_DIR / name for name in (STYLESHEET, FUNDING_SCRIPT)}


@lru_cache(maxsize=64)  # the same few for every page of a site
def support_asset_tags(base_url: str, *, widgets: bool = False) -> Markup:
    """The stylesheet tag, and with ``widgets`` the deferred script tag (never inline)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    tags = [stylesheet_tag(base + STYLESHEET)]
    if widgets:
        tags.append(script_tag(base + FUNDING_SCRIPT))
    return Markup("\n").join(tags)
