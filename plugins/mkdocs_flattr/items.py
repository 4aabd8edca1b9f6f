"""The one place that reads MkDocs pages: a page becomes a ``flattr_core`` ``ContentItem``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from flattr_core import ContentItem, vocab


def is_listing(page: Page) -> bool:
    """Blog index, archive and category views (Material's blog plugin) list posts: no button there.

    Duck-typed on the ``posts`` list those views carry, so this package never imports Material.
    """
    return isinstance(getattr(page, "posts", None), list)


def is_draft(page: Page, config: MkDocsConfig) -> bool:
    """A page that is not (yet) published, although this build renders it.

    MkDocs' own ``draft_docs`` (rendered only by ``mkdocs serve``), a ``draft: true`` in the
    front matter (what Material's blog reads, rendered while serving or with its ``draft``
    option), and a Material post dated in the future under its ``draft_if_future_date``.
    """
    if page.file.inclusion.is_excluded() or page.meta.get("draft") is True:
        return True
    return "draft" not in page.meta and _future_post(page, config)


def _future_post(page: Page, config: MkDocsConfig) -> bool:
    """Material's blog logic, duck-typed: a post of a blog that takes future posts for drafts."""
    created = getattr(getattr(getattr(page, "config", None), "date", None), "created", None)
    if not isinstance(created, datetime) or created <= datetime.now(UTC):
        return False
    for plugin in config.plugins.values():
        blog = getattr(plugin, "blog", None)
        future_drafts = getattr(getattr(plugin, "config", None), "draft_if_future_date", False)
        if future_drafts is True and page in getattr(blog, "posts", ()):
            return True
    return False


def content_item(page: Page, html: str, config: MkDocsConfig) -> ContentItem | None:
    """The page as the core sees it, or None when it cannot have a thing (no absolute URL), or
    must not (a listing, a draft)."""
    if not page.canonical_url or is_listing(page) or is_draft(page, config):
        return None
    meta = page.meta
    return ContentItem(
        url=page.canonical_url,
        title=page.title or "",
        body_html=html,
        summary_html=_text(meta.get("description")),
        tags=_strings(meta.get("tags")),
        authors=_strings(meta.get("authors", meta.get("author"))),
        locale=_text(meta.get("locale") or meta.get("language")) or None,
        sections=(page.file.src_uri, *_strings(meta.get("categories"))),
        overrides=_overrides(meta),
        site_name=config.site_name or "",
    )


def theme_language(config: MkDocsConfig) -> str | None:
    """The Flattr language of the theme: Material's ``theme.language``, else ``theme.locale``."""
    theme = config.theme
    locale = theme.get("language") or theme.get("locale")
    return vocab.language_for_locale(str(locale)) if locale else None


def _overrides(meta: Mapping[str, object]) -> Mapping[str, object]:
    """Front matter ``flattr:`` (a mapping of page settings, or a bare on/off switch) and
    ``funding:`` at the top level, like ``tags`` (it wins over a ``flattr: {funding: ...}``)."""
    value = meta.get("flattr")
    found: dict[str, object] = {}
    if isinstance(value, Mapping):
        found.update(value)
    elif value is not None:
        found["enabled"] = value  # the core checks it is a boolean and names the page if not
    if meta.get("funding") is not None:
        found["funding"] = meta["funding"]
    return found


def _strings(value: object) -> tuple[str, ...]:
    """Front matter lists (``tags: [a, b]``) or a single value (``author: Jane``) as strings."""
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(entry) for entry in value if entry is not None and entry != "")
    return (str(value),)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
