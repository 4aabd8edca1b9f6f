"""Site settings: every shared option typed, defaulted and validated once; page resolution.

``SiteConfig.from_mapping`` reports *every* problem in one ``ConfigError``; with
``isolate_layers``, invalid author and section entries are kept aside instead (``isolation``).
``SiteConfig.resolve`` turns a ``ContentItem`` into a ``Thing`` and ``ButtonOptions``,
the most specific setting winning: page overrides -> author -> section -> site;
``resolve_support`` also gives the page's other ways of support (``funding``), with or
without a Flattr thing. What one level sets is a ``layers.Layer``; how each value is checked
(booleans, URLs, languages, ...) is in ``checks``; the thing is made in ``things``, the funding
settings checked in ``funding``.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import ConfigError, LayerError, Problem
from ..models import ButtonOptions, ContentItem, Endpoints, Secret, Thing
from ..providers import Funding, merge
from . import checks as options
from . import funding, tokens
from .checks import Check
from .isolation import Broken, broken_for, set_aside
from .layers import (
    LAYER_CHECKS,
    PAGE_CHECKS,
    Layer,
    author_layers,
    layer,
    section_rules,
    top_level,
)
from .results import FundingOnly, Resolved
from .things import NO_OWNER, Profile, first, made_thing, page_thing, profile

REGISTER_MODES = ("auto", "always", "never")
ENDPOINT_KEYS = ("api_url", "web_url", "loader_url", "badge_url")
# The same few on every page of a site: one frozen object each, not one kept per page.
_button_options = lru_cache(maxsize=64)(ButtonOptions)
SITE_CHECKS: Mapping[str, Check] = {
    **{k: c for k, c in LAYER_CHECKS.items() if k not in ("title", "description")},
    "exclude": options.globs,
    "authors": author_layers,
    "sections": section_rules,
    "register": options.choice(REGISTER_MODES),
    "token": options.token,
    "strict": options.boolean,
    "funding_json": funding.manifest_setting,
    **dict.fromkeys(ENDPOINT_KEYS, options.endpoint),
}


@dataclass(frozen=True)
class SiteConfig:
    """Validated site settings. Build it with ``from_mapping``; ``token`` None: not set here."""

    site: Layer = field(default_factory=Layer)
    authors: Mapping[str, Layer] = field(default_factory=dict)
    sections: tuple[tuple[str, Layer], ...] = ()
    exclude: tuple[str, ...] = ()
    register: str = "auto"
    token: Secret | None = None
    # The authors' own tokens, by account username (lower case); never shown (Secret).
    author_tokens: Mapping[str, Secret] = field(default_factory=dict)
    strict: bool = False
    funding_json: Mapping[str, object] | None = None
    endpoints: Endpoints = field(default_factory=Endpoints)
    source: str = ""
    broken: tuple[Broken, ...] = ()

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, object],
        *,
        source: str = "",
        host_keys: Iterable[str] = (),
        environ: Mapping[str, str] = os.environ,
        token_fallback: bool = True,
        isolate_layers: bool = False,
        base: Path | None = None,
    ) -> SiteConfig:
        """Check every shared option at once; raise one ConfigError naming each bad one.

        Without a ``token`` in ``data``, the token comes from ``$FLATTR_TOKEN``, then the file
        ``flattr auth login`` wrote for this API; ``token_fallback=False`` turns both off, for hosts
        whose sites each connect their own account (Wagtail). ``isolate_layers=True`` keeps an
        invalid author or section entry out of the way (in ``broken``) instead of raising, for
        hosts where many people edit those entries (Wagtail's editors); site keys stay strict.
        ``base``: the folder a ``funding: FUNDING.yml`` path is relative to (the config file's).
        """
        broken: tuple[Broken, ...] = ()
        checks = {**SITE_CHECKS, "funding": funding.site_funding(base)}
        if isolate_layers and isinstance(data, Mapping):
            data, broken = set_aside(data, checks)
        try:
            values = options.validate(data, checks, ignored=tuple(host_keys))
        except ConfigError as error:
            raise ConfigError(top_level(error.problems), source) from None
        urls = {k: values.pop(k) for k in ENDPOINT_KEYS if k in values}
        own = {k: values.pop(k) for k in LAYER_CHECKS if k in values}
        endpoints = dataclasses.replace(Endpoints(), **urls)
        if token_fallback:
            values["token"] = tokens.resolve_token(values.get("token"), environ, endpoints.api_url)
        values["author_tokens"] = tokens.author_tokens(data.get("authors"))
        site = dataclasses.replace(Layer(), **own)
        values.update(site=site, endpoints=endpoints, source=source, broken=broken)
        return dataclasses.replace(cls(), **values)

    @property
    def button(self) -> ButtonOptions:
        """The site's default button style and position."""
        return ButtonOptions(self.site.button or "static", self.site.position or "bottom")

    def resolve(self, item: ContentItem) -> Resolved | None:
        """The page's thing and button, or None when it is opted out or excluded. Raises
        ConfigError for a bad value of the page's own, LayerError when a broken layer applies.

        The Flattr door (Wagtail, registration): a result always has a thing, so a page with
        other funding but no Flattr account is the ConfigError of a missing username here.
        """
        found = self.resolve_support(item)
        if isinstance(found, FundingOnly):
            raise ConfigError([Problem("username", None, NO_OWNER)], item.url)
        return found

    def resolve_support(self, item: ContentItem) -> Resolved | FundingOnly | None:
        """Every way to support the page: its thing with the other providers (``Resolved``),
        the other providers alone (``FundingOnly``), or None: opted out, excluded, or neither
        on a site that ``uses_funding`` (elsewhere neither is a missing username, as ever)."""
        found = self._layers(item)
        if found is None:
            return None
        layers, made = found
        if made.profile.owner is None:
            if made.funding:
                return FundingOnly(made.button, made.funding)
            if self.uses_funding:
                return None
        return Resolved(made_thing(item, layers[-1], made.profile), made.button, made.funding)

    def _layers(self, item: ContentItem) -> tuple[tuple[Layer, ...], _Stack] | None:
        """The layers that apply to ``item``, least specific first, and what they give it;
        None when it is opted out or excluded."""
        try:
            page = layer(item.overrides, PAGE_CHECKS)
        except ConfigError as error:
            raise ConfigError(top_level(error.problems), item.url) from None
        sections = [
            layer for pattern, layer in self.sections if _matches_glob(item.sections, pattern)
        ]
        layers = (self.site, *sections, self._author(item.authors), page)
        # An explicit ``enabled: true`` on the page wins over an ``exclude`` glob.
        excluded = self.is_excluded(item) and page.enabled is not True
        made = _stack(layers)
        if excluded or not made.enabled:
            return None
        broken = broken_for(item, self.broken, self.authors)
        if broken is not None:
            raise LayerError(broken.label, broken.problems, item.url)
        return layers, made

    @property
    def funding(self) -> Funding:
        """The site's own ways of support (feed channels, funding.json); none when it is off."""
        return merge([self.site.funding]) if self.site.enabled is not False else Funding()

    @property
    def uses_funding(self) -> bool:
        """True when the site, a section or an author names another provider's account: a
        Flattr account is then optional, and a page with neither simply gets nothing."""
        layers = [self.site, *(layer for _, layer in self.sections), *self.authors.values()]
        return any(layer.funding.accounts for layer in layers)

    def channel_thing(
        self, url: str, title: str, description: str = "", locale: str | None = None
    ) -> Thing:
        """The site-level thing (the feed channel, the home page), from site settings only."""
        item = ContentItem(url=url, title=title, summary_html=description, locale=locale)
        return page_thing(item, [self.site])

    def is_excluded(self, item: ContentItem) -> bool:
        """True when the item's first section (its source path) matches an ``exclude`` glob."""
        return _matches(item.sections[:1], self.exclude)

    def _author(self, names: Iterable[str]) -> Layer:
        for name in names:  # a loop, not next() of a generator: one author a page, mostly
            if (found := self.authors.get(name)) is not None:
                return found
        return _NO_AUTHOR


_NO_AUTHOR = Layer()


class _Stack(NamedTuple):
    """What a page's layers give it besides its thing: whether it is on, its button, its
    funding, and its thing's ``Profile``; one for each stack of layers (``_stack``). A
    NamedTuple: a frozen dataclass costs every build half a millisecond to create at import."""

    enabled: bool
    button: ButtonOptions
    funding: Funding
    profile: Profile


# A site's pages share a few stacks of layers (frozen values: a kept answer is never stale).
@lru_cache(maxsize=1024)
def _stack(layers: tuple[Layer, ...]) -> _Stack:
    return _Stack(
        enabled=first((x.enabled for x in layers), True),
        button=_button_options(
            first((x.button for x in layers), "static"),
            first((x.position for x in layers), "bottom"),
        ),
        funding=merge(layer.funding for layer in layers),
        profile=profile(layers),
    )


def _matches(sections: Sequence[str], patterns: Iterable[str]) -> bool:
    """True when any of ``sections`` matches any of the glob ``patterns``."""
    return any(_matches_glob(sections, pattern) for pattern in patterns)


def _matches_glob(sections: Sequence[str], pattern: str) -> bool:
    """True when any of ``sections`` matches ``pattern`` (``fnmatch.fnmatchcase``; the
    pattern's test is run over the sections in C, once per section rule on every page)."""
    return any(map(_glob(pattern), sections))


@lru_cache(maxsize=256)  # a site's few section and exclude patterns, asked on every page
def _glob(pattern: str) -> Callable[[str], re.Match[str] | None]:
    return re.compile(fnmatch.translate(pattern)).match
