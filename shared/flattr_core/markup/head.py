"""What a page's ``<head>`` gets: the payment link, the ``flattr:id`` meta, the asset tags.

Every function is pure and returns ``markupsafe.Markup`` with every value escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .. import links
from ..models import ButtonStyle, Endpoints, Thing
from .assets import files_for
from .concat import concat, escaped_url


def head_tags(thing: Thing, endpoints: Endpoints) -> Markup:
    """``<link rel="payment">`` to the auto-submit URL (never a redirect) and the flattr:id meta."""
    link = payment_link(thing, endpoints)
    if not thing.owner.flattr_id:
        return link
    meta = concat(Markup('\n<meta name="flattr:id" content="'), escape(thing.owner.flattr_id))
    return concat(link, meta, Markup('" />'))


def payment_href(thing: Thing, endpoints: Endpoints) -> Markup:
    # Not memoized: escaping the memoized URL is one pass in C, and a cache entry per thing
    # is more for the garbage collector to walk on each of a large build's passes.
    return escaped_url(links.auto_submit_url(thing, endpoints))


def payment_link(thing: Thing, endpoints: Endpoints) -> Markup:
    """The HTML ``<link rel="payment" ...>`` of reference §3."""
    href = payment_href(thing, endpoints)  # escaped
    return concat(Markup('<link rel="payment" href="'), href, Markup('" type="text/html" />'))


def asset_tags(style: ButtonStyle, assets_url: str | Callable[[str], str]) -> Markup:
    """The stylesheet (all but text) and script (widget) tags.

    ``assets_url``: the URL of the folder the host copied ``static_files()`` to, or a function
    from a file name to its URL (a host whose static files have hashed names).
    """
    return file_tags(files_for(style), assets_url)


def file_tags(names: tuple[str, ...], assets_url: str | Callable[[str], str]) -> Markup:
    """The tags that link the static files ``names`` (``assets.files_for``), CSS first."""
    if callable(assets_url):
        return _file_tags(names, assets_url)
    return _file_tags_in(names, assets_url)


@lru_cache(maxsize=64)  # the same few for every page of a site
def _file_tags_in(names: tuple[str, ...], base_url: str) -> Markup:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return _file_tags(names, lambda name: base + name)


def _file_tags(names: tuple[str, ...], url_of: Callable[[str], str]) -> Markup:
    return Markup("\n").join(
        stylesheet_tag(url_of(name)) if name.endswith(".css") else script_tag(url_of(name))
        for name in names
    )


def stylesheet_tag(href: str) -> Markup:
    """A stylesheet link; ``href`` is relative or http(s)."""
    return Markup('<link rel="stylesheet" href="{}" />').format(_asset_url(href, "stylesheet"))


def script_tag(src: str) -> Markup:
    """A deferred external script (never inline)."""
    return Markup('<script src="{}" defer></script>').format(_asset_url(src, "script"))


def _asset_url(url: str, field: str) -> str:
    scheme = urlsplit(url).scheme
    return url if not scheme else links.check_url(url, field)
