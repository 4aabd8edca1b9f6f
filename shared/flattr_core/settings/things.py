"""A page's Flattr thing from the layers that apply to it, least specific (the site) first.

``SiteConfig.resolve`` picks the layers (site, matching sections, the author, the page);
here they become the thing: the most specific value that is set wins, tags add up, and the
owner is the account of the most specific layer that names a username. What the layers give
every page alike (``Profile``) is worked out once per stack of layers, not once a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

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
    return made_thing(item, layers[-1], profile(tuple(layers)))


def made_thing(item: ContentItem, page: ThingLayer, made: Profile) -> Thing:
    """The thing of ``item`` from its own layer and the ``profile`` of all its layers."""
    if made.owner is None:
        raise ConfigError([Problem("username", None, NO_OWNER)], item.url)
    url = links.check_url(item.url, "url")
    heading = page.title or item.title
    host_path = url.split("://", 1)[-1]
    title = text.make_title(heading, fallback=host_path, site_name=item.site_name)
    description = text.make_description(
        page.description or "", item.summary_html, item.body_html, fallback=title, title=heading
    )
    from_locale = vocab.language_for_locale(item.locale) if item.locale else None
    return Thing(
        url=url,
        title=title,
        description=description,
        owner=made.owner,
        category=made.category,
        language=made.language or from_locale or made.site_language or vocab.DEFAULT_LANGUAGE,
        tags=text.clean_tags(*made.tags, item.tags, page.tags),
        hidden=made.hidden,
    )


class Profile(NamedTuple):
    """What a page's layers give it whatever the page is: its owner, category, language and
    hidden flag, the tags of the layers above it. A site's pages share a few such stacks (the
    site's, a section's, an author's, each with the page's empty layer), so each is worked
    out once (``profile``), not on every page. A NamedTuple, as ``site._Stack``."""

    owner: Creator | None
    category: str
    language: str | None  # set by a section, the author or the page: wins over the locale
    site_language: str | None  # the site's: the locale wins over it
    hidden: bool
    tags: tuple[tuple[str, ...], ...]  # of each layer above the page


def profile(layers: tuple[ThingLayer, ...]) -> Profile:
    """The ``Profile`` of ``layers``, least specific (the site) first."""
    return _profile(layers)


# Keyed by the layers' values (frozen, so never stale), not their identity: equal stacks
# made anew (a page's own layer, a SiteConfig made again) find the same profile.
@lru_cache(maxsize=1024)
def _profile(layers: tuple[ThingLayer, ...]) -> Profile:
    return Profile(
        owner=_owner(layers),
        category=first((x.category for x in layers), vocab.DEFAULT_CATEGORY),
        language=first((x.language for x in layers[1:]), None),
        site_language=layers[0].language,
        hidden=first((x.hidden for x in layers), False),
        tags=tuple(x.tags for x in layers[:-1]),
    )


def _owner(layers: Iterable[ThingLayer]) -> Creator | None:
    """The account of the most specific layer naming a username; its flattr_id goes with it."""
    found: Creator | None = None
    for layer in layers:
        if layer.username is not None:
            found = _creator(layer.username, layer.flattr_id)
        elif layer.flattr_id is not None and found is not None:
            found = _creator(found.username, layer.flattr_id)
    return found


def first(values: Iterable[_T | None], default: _T) -> _T:
    """The most specific value that is set: ``values`` go from least to most specific."""
    chosen = default
    for value in values:
        if value is not None:
            chosen = value
    return chosen
