"""The one place that reads Pelican content: an article or page becomes a ``ContentItem``."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator

from flattr_core import (
    ConfigError,
    ContentError,
    ContentItem,
    FlattrError,
    FundingOnly,
    Problem,
    Resolved,
    links,
)

from .options import Site

log = logging.getLogger(__name__)
OPT_OUT_KEY = "flattr"
METADATA_PREFIX = "flattr_"
FUNDING_KEY = "funding"  # ``Funding: no``; ``Funding_liberapay: bob`` sets one provider
FUNDING_PREFIX = "funding_"
Supported = Resolved | FundingOnly


def url_of(content: Content, site: Site) -> str:
    """The article's or page's URL, built as Pelican's feeds build it (and its thing's)."""
    return links.join(site.siteurl + "/", str(content.url))


def content_item(content: Content, url: str) -> ContentItem:
    """The article or page at ``url`` (``url_of``) as the core sees it."""
    metadata = content.metadata
    category = getattr(content, "category", None)
    summary = _summary(content)
    return ContentItem(
        url=url,
        title=str(getattr(content, "title", "")),
        body_html="" if summary else content._content or "",
        summary_html=summary,
        tags=_names(getattr(content, "tags", ())),
        authors=_names(getattr(content, "authors", ())),
        locale=metadata.get("lang"),
        sections=(_source(content), *_names([category] if category else [])),
        overrides=overrides(metadata),
    )


def _summary(content: Content) -> str:
    """The ``Summary`` metadata as written (Pelican refreshes its links later), else Pelican's
    own summary, which its listings memoize anyway: the description then needs no full body."""
    if "summary" in content.metadata:
        return str(content.metadata["summary"] or "")
    return str(content.summary or "")


def overrides(metadata: Mapping[str, Any]) -> dict[str, object]:
    """``flattr: no`` and ``flattr_<option>: value`` metadata, as the core's page overrides;
    ``funding: no`` or ``funding_<provider>: value`` as its ``funding``."""
    found: dict[str, object] = {}
    for key, value in metadata.items():
        if key == OPT_OUT_KEY:
            found[key] = value
        elif key.startswith(METADATA_PREFIX):
            found[key.removeprefix(METADATA_PREFIX)] = value
    funding = _funding(metadata)
    if funding is not None:
        found[FUNDING_KEY] = funding
    return found


def _funding(metadata: Mapping[str, Any]) -> object:
    """The page's funding: ``funding: no``, or a mapping of its ``funding_<provider>`` fields."""
    providers = {
        key.removeprefix(FUNDING_PREFIX): value
        for key, value in metadata.items()
        if key.startswith(FUNDING_PREFIX)
    }
    if FUNDING_KEY in metadata and providers:
        allowed = "either Funding: no (every provider off) or Funding_<provider> fields, not both"
        raise ConfigError([Problem(FUNDING_KEY, metadata[FUNDING_KEY], allowed)])
    return providers or metadata.get(FUNDING_KEY)


def as_written(error: ConfigError, content: Content) -> ConfigError:
    """The core names page problems by override key; name the metadata field and the file."""
    problems = [Problem(_field(p.key), p.value, p.allowed) for p in error.problems]
    return ConfigError(problems, _source(content))


def _field(key: str) -> str:
    """The metadata field (as Pelican gives it, in lower case) an override key came from:
    ``flattr_category``, ``funding_liberapay``, ``funding_github[1]``, ``funding``."""
    if key in (OPT_OUT_KEY, FUNDING_KEY):
        return key
    if key.startswith(FUNDING_KEY + "."):
        return FUNDING_PREFIX + key.removeprefix(FUNDING_KEY + ".")
    return METADATA_PREFIX + key


def resolve_all(
    contents: Iterable[tuple[Content, bool]], site: Site
) -> list[tuple[Content, str, Supported]]:
    """The contents that get a button, with their URLs, resolved; every other one gets
    ``flattr = None`` (which also hides a ``flattr: no`` metadata string from themes)."""
    chosen = []
    for content, eligible in contents:
        content.flattr = None
        if not eligible:
            continue
        url = url_of(content, site)  # Pelican formats it anew on every ask
        resolved = resolve(content, url, site)
        if resolved is not None:
            chosen.append((content, url, resolved))
    return chosen


def resolve(content: Content, url: str, site: Site) -> Supported | None:
    """The content's thing (or other funding only) and button; None when opted out, excluded
    or invalid (warned about; with ``strict``, an invalid one ends the run)."""
    try:
        return site.config.resolve_support(content_item(content, url))
    except ConfigError as error:
        problem: FlattrError = as_written(error, content)
    except ContentError as error:
        problem = ContentError(f"{_source(content)}: {error}")
    if site.config.strict:
        raise problem
    log.warning("Flattr: no button: %s", problem, extra={"limit_msg": _MORE})
    return None


_MORE = "Flattr: more articles without a button (see above)"


def candidates(generators: Iterable[object], pages: bool) -> Iterator[tuple[Content, bool]]:
    """Every content object, with whether it may get a button: published articles and their
    translations, and (with ``pages``) published static pages; never drafts or hidden ones."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from _marked(generator, ("articles", "translations"), True)
            yield from _marked(generator, _UNLISTED, False)
        elif isinstance(generator, PagesGenerator):
            yield from _marked(generator, ("pages", "translations"), pages)
            yield from _marked(generator, _UNLISTED_PAGES, False)


_UNLISTED = ("drafts", "drafts_translations", "hidden_articles", "hidden_translations")
_UNLISTED_PAGES = ("draft_pages", "draft_translations", "hidden_pages", "hidden_translations")


def _marked(
    generator: object, names: Iterable[str], eligible: bool
) -> Iterator[tuple[Content, bool]]:
    for name in names:
        for content in getattr(generator, name, ()):
            yield content, eligible


def _names(values: Iterable[object]) -> tuple[str, ...]:
    """Pelican's Tag, Author and Category objects print as their names."""
    return tuple(map(str, values))


def _source(content: Content) -> str:
    return str(content.relative_source_path or "").replace(os.sep, "/")
