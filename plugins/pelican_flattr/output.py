"""Where the core's markup goes in Pelican's output: article bodies, page heads, feeds, CSS,
and the site files of ``funding_json``.

Nothing here builds HTML, URLs or XML: ``flattr_core.markup`` and ``links`` do.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from markupsafe import Markup
from pelican.contents import Content

from flattr_core import Endpoints, FundingOnly, Resolved, Thing, links, markup
from flattr_core.models import Position

from .options import Site
from .state import Run

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FlattrView:
    """``article.flattr`` / ``page.flattr`` for themes: ``{{ article.flattr }}`` is the button
    (the support block, with other providers); ``thing`` is None without a Flattr account."""

    # The button and head are made when asked for, not kept: a support block is kilobytes of
    # inline logos, and a site's every article holding its own would grow the build's memory
    # by that much each. Plain fields, not partials: each article keeps one view, and fewer
    # objects for the garbage collector to walk on every pass of a large build.
    resolved: Resolved | FundingOnly
    site: Site
    content: Content  # its get_siteurl(): the site URL as the page being written sees it
    thing_id: int | None = None

    @property
    def thing(self) -> Thing | None:
        return self.resolved.thing

    @property
    def position(self) -> Position:
        return self.resolved.button.position

    @property
    def endpoints(self) -> Endpoints:
        return self.site.config.endpoints

    @property
    def button(self) -> Markup:
        """The Flattr button, or the support block holding it."""
        return markup.page_button(self.resolved, self.endpoints, thing_id=self.thing_id)

    def __str__(self) -> str:
        return str(self.button)  # Pelican does not autoescape: Jinja prints str()

    def __html__(self) -> str:
        return str(self.button)

    @property
    def head(self) -> Markup:
        """The head tags. Themes link their assets as ``{{ SITEURL }}/THEME_STATIC_DIR/...``,
        and with ``RELATIVE_URLS`` Pelican makes that SITEURL relative to each page (``.``,
        ``..``): the plugin's are linked the same way, so they load wherever the theme's do."""
        assets_url = links.below(self.content.get_siteurl(), self.site.static_path)
        return markup.page_head(self.resolved, self.endpoints, assets_url=assets_url)

    @property
    def url(self) -> str:
        """Where the Flattr button goes (computed on demand: few themes need it); empty
        without a Flattr account."""
        if self.thing is None:
            return ""
        return links.button_target(self.thing, self.endpoints, self.thing_id)


def view(
    resolved: Resolved | FundingOnly,
    site: Site,
    thing_id: int | None,
    content: Content,
) -> FlattrView:
    """The button (or support block), its target and the head tags of one article or page."""
    return FlattrView(resolved, site, content, thing_id)


def attach(
    content: Content,
    resolved: Resolved | FundingOnly,
    site: Site,
    run: Run,
    thing_id: int | None,
) -> None:
    """Expose ``content.flattr`` and, unless the theme places it, show the button in the body."""
    content.flattr = view(resolved, site, thing_id, content)
    if content.flattr.position != "none":
        buttoned = ButtonedContent(content, content.flattr, run)
        content.get_content, content.get_summary = buttoned, buttoned.summary


class ButtonedContent:
    """Stands in for ``content.get_content``: the body gets the button on its own page only.

    Pelican memoizes ``get_content`` and ``get_summary`` per (object, site URL) and shows the
    same content in feeds, listings, summaries and meta descriptions, so editing ``_content``
    would leak the button there (and into the content cache). The button is added to the
    body while the content's own page is rendered, and never to what Pelican makes a summary
    from: ``summary`` stands in for ``get_summary``. A theme may ask for the summary first
    (a meta description in the head) and ``RELATIVE_URLS`` asks for it again with each
    page's own site URL; the summary stays the same either way.

    Each asks Pelican's memo first (the ``cache`` its partials carry): every listing page asks
    for the summary of each article it lists, and a memo's own call (an ABC check, two
    lookups) cost more than the answer.
    """

    __slots__ = (
        "_content",
        "_contents",
        "_flattr",
        "_original",
        "_run",
        "_summaries",
        "_summarizing",
        "_summary",
    )

    def __init__(self, content: Content, flattr: FlattrView, run: Run) -> None:
        self._content, self._flattr, self._run = content, flattr, run
        self._original = _unbound(content.get_content, content, run.calls)
        self._summary = _unbound(content.get_summary, content, run.calls)
        self._contents = _memo(content.get_content, content)
        self._summaries = _memo(content.get_summary, content)
        self._summarizing = 0

    def __call__(self, siteurl: str) -> str:
        html = self._contents.get((self._content, siteurl), _UNKNOWN)
        if html is _UNKNOWN:
            html = self._original(self._content, siteurl)
        if self._summarizing or self._run.writing is not self._content:
            return str(html)
        return markup.insert_button(str(html), self._flattr.button, self._flattr.position)

    def summary(self, siteurl: str) -> str:
        known = self._summaries.get((self._content, siteurl), _UNKNOWN)
        if known is not _UNKNOWN:
            return str(known)
        self._summarizing += 1
        try:
            return str(self._summary(self._content, siteurl))
        finally:
            self._summarizing -= 1


_UNKNOWN = object()
_NO_MEMO: Mapping[object, object] = MappingProxyType({})


def _memo(method: Callable[[str], object], content: Content) -> Mapping[object, object]:
    """What Pelican's ``memoized`` has answered so far, by (content, site URL): the ``cache``
    of the partial it hands out (the same dict on every ask). For anything else (a plugin's
    own method may answer differently each time), an empty mapping that is never filled."""
    cache = getattr(_pelican_memoized(method, content), "cache", None)
    return cache if isinstance(cache, dict) else _NO_MEMO


def _unbound(
    method: Callable[[str], object], content: Content, shared: dict[object, object]
) -> Callable[[Content, str], object]:
    """``method`` as a function of (content, site URL). Pelican's ``memoized`` hands out
    ``partial(its __call__, content)`` on each ask: keep that ``__call__``, which takes the
    content as its first argument, not the partial with its own argument tuple and dict; and
    keep one of it for every article (``shared``: equal bound methods, of the one memoized
    object its class has): objects an article fewer for the garbage collector to walk on every
    pass of a large build. Anything else is kept as it is."""
    memoized = _pelican_memoized(method, content)
    if memoized is not None:
        call = shared.setdefault(memoized.func, memoized.func)
        return cast(Callable[[Content, str], object], call)
    return lambda _content, siteurl: method(siteurl)


def _pelican_memoized(method: object, content: Content) -> partial[object] | None:
    """``method`` when it is what Pelican's ``memoized`` hands out for ``content``: a partial
    of its ``__call__`` binding the content alone. Else None."""
    if not isinstance(method, partial):
        return None
    binds = len(method.args) == 1 and method.args[0] is content and not method.keywords
    return method if binds else None


class HeadedTemplates:
    """Stands in for ``generator.get_template``: while a content's own page is rendered, its
    head tags go in before ``</head>`` (unless the theme placed them), so no written file
    has to be read and written again."""

    def __init__(self, get_template: Callable[[str], Any], run: Run) -> None:
        self._get_template, self._run = get_template, run

    def __call__(self, name: str) -> _HeadedTemplate:
        return _HeadedTemplate(self._get_template(name), self._run)


class _HeadedTemplate:
    def __init__(self, template: Any, run: Run) -> None:
        self._template, self._run = template, run

    def render(self, *args: Any, **kwargs: Any) -> str:
        html = str(self._template.render(*args, **kwargs))
        content = self._run.writing
        flattr = getattr(content, "flattr", None)
        return markup.insert_head(html, flattr.head) if isinstance(flattr, FlattrView) else html

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def copy_static(site: Site, pages: Iterable[Resolved | FundingOnly]) -> None:
    """Copy the button's stylesheet (and any asset) into the output, next to the theme's:
    every Flattr button's file, and the support block's script when a page needs it."""
    site.static_dir.mkdir(parents=True, exist_ok=True)
    files = {**markup.static_files(), **markup.site_static_files(pages)}
    for name, source in files.items():
        shutil.copyfile(source, site.static_dir / name)


def write_site_files(output: Path, files: Mapping[str, str]) -> None:
    """``funding.json`` and the well-known list (made by the core) at the site's root."""
    for name, text in files.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
