"""A page's Flattr thing from the layers that apply to it, least specific (the site) first.

``SiteConfig.resolve`` picks the layers (site, matching sections, the author, the page);
here they become the thing: the most specific value that is set wins, tags add up, and the
owner is the account of the most specific layer that names a username.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from .. import links, text, vocab
from ..errors import ConfigError, Problem
from ..models import ContentItem, Creator, Thing

_T = TypeVar("_T")
NO_OWNER = "a Flattr username set for the site, a section, an author or the page"
# A site's few accounts own all its things: one frozen Creator each, not one per thing.
_creator = lru_cache(maxsize=1024)(Creator)


class ThingLayer(Protocol):
    """What a thing is made from, of each layer (``site.Layer`` is one)."""

    @property
    def username(self) -> str | None: ...
    @property
    def flattr_id(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def hidden(self) -> bool | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...


def page_thing(item: ContentItem, layers: Sequence[ThingLayer]) -> Thing:
    """The thing of ``item``; ``layers[0]`` is the site's, ``layers[-1]`` the page's own."""
    page = layers[-1]
    url = links.check_url(item.url, "url")
    heading = page.title or item.title
    host_path = url.split("://", 1)[-1]
    title = text.make_title(heading, fallback=host_path, site_name=item.site_name)
    description = text.make_description(
        page.description or "", item.summary_html, item.body_html, fallback=title, title=heading
    )
    return Thing(
        url=url,
        title=title,
        description=description,
        owner=owner(layers, item.url),
        category=first((x.category for x in layers), vocab.DEFAULT_CATEGORY),
        language=_language(item, layers),
        tags=text.clean_tags(*(x.tags for x in layers[:-1]), item.tags, page.tags),
        hidden=first((x.hidden for x in layers), False),
    )


def _language(item: ContentItem, layers: Sequence[ThingLayer]) -> str:
    """Page or section setting, else the item's locale, else the site's, else en_GB."""
    explicit = first((x.language for x in layers[1:]), None)
    from_locale = vocab.language_for_locale(item.locale) if item.locale else None
    return explicit or from_locale or layers[0].language or vocab.DEFAULT_LANGUAGE


def has_owner(layers: Iterable[ThingLayer]) -> bool:
    """True when a layer names a Flattr username: the page can have a thing."""
    return any(layer.username is not None for layer in layers)


def owner(layers: Iterable[ThingLayer], page_url: str) -> Creator:
    """The account of the most specific layer naming a username; its flattr_id goes with it."""
    found: Creator | None = None
    for layer in layers:
        if layer.username is not None:
            found = _creator(layer.username, layer.flattr_id)
        elif layer.flattr_id is not None and found is not None:
            found = _creator(found.username, layer.flattr_id)
    if found is None:
        raise ConfigError([Problem("username", None, NO_OWNER)], page_url)
    return found


def first(values: Iterable[_T | None], default: _T) -> _T:
    """The most specific value that is set: ``values`` go from least to most specific."""
    chosen = default
    for value in values:
        if value is not None:
            chosen = value
    return chosen
