"""The one place that turns Wagtail objects into the core's data: a site's settings into a
``SiteConfig``, a page into a ``ContentItem``, and both into a ``Resolved`` thing and button
(``resolve``, the Flattr door registration takes) or every way of support (``resolve_support``,
what a reader sees: the Flattr thing with the other providers, or those alone).

Every editor sets their own Flattr account, so an invalid one is kept aside by the core
(``isolate_layers``): it costs only that editor's pages their button, and ``report`` logs it
once (per cache period, across processes with a shared cache), not on every request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Page

from flattr_core.errors import ConfigError, FlattrError, LayerError, Problem
from flattr_core.models import ContentItem
from flattr_core.settings import FundingOnly, Resolved, SiteConfig
from flattr_core.settings.funding import layer_funding

from . import conf, funding, lookups, page_types
from .models import CONFIG_CACHE_ATTR, FlattrPageMixin, FlattrSiteSettings

log = logging.getLogger("wagtail_flattr")
HOST_KEYS = ("page_types",)
REPORT_SECONDS = 3600  # a problem that is still there is logged again after an hour
_REPORTED = "wagtail_flattr:reported:"


def site_mapping(settings: FlattrSiteSettings) -> dict[str, Any]:
    """The site's settings as the core's option mapping, over the install-wide defaults."""
    given = {
        "username": settings.username,
        "flattr_id": settings.flattr_id,
        "category": settings.category,
        "language": settings.language,
        "tags": settings.tags,  # split and cleaned by the core, as every host's tags are
        "button": settings.button,
        "position": settings.position,
    }
    defaults = conf.defaults()
    mapping: dict[str, Any] = {**defaults, **{k: v for k, v in given.items() if v}}
    if settings.hidden:  # ticked, it wins; unticked, the install-wide default (core-checked)
        mapping["hidden"] = True
    mapping["register"] = "auto" if settings.register else "never"
    mapping["token"] = settings.secret or ""
    mapping["funding"] = funding.site_funding(defaults.get("funding"), settings.funding)
    if settings.funding_json is not None:
        mapping["funding_json"] = settings.funding_json
    mapping["authors"] = funding.author_layers()
    endpoints = conf.endpoints()
    mapping.update(api_url=endpoints.api_url, web_url=endpoints.web_url)
    mapping.update(loader_url=endpoints.loader_url, badge_url=endpoints.badge_url)
    return mapping


def site_config(settings: FlattrSiteSettings) -> SiteConfig:
    """The validated ``SiteConfig`` of a site, built once per settings instance (per request)."""
    cached = settings.__dict__.get(CONFIG_CACHE_ATTR)
    if cached is None:
        source = f"the Flattr settings of site {settings.site_id}"
        mapping = site_mapping(settings)
        # Each site's token is its own (the connect flow): never $FLATTR_TOKEN, nor the token
        # file of whoever runs the server.
        cached = SiteConfig.from_mapping(
            mapping, source=source, token_fallback=False, isolate_layers=True
        )
        settings.__dict__[CONFIG_CACHE_ATTR] = cached
        for broken in cached.broken:
            _report_once(_layer_message(broken.label, broken.problems))
    return cached


def report(error: FlattrError) -> None:
    """Log why something gets no Flattr: once per broken author account, once per page."""
    if isinstance(error, LayerError):
        _report_once(_layer_message(error.layer, error.problems))
    else:
        _report_once(f"Flattr: {error}")


def _layer_message(label: str, problems: Iterable[Problem]) -> str:
    # Wagtail's authors are user ids: the editor corrects it under Account -> Flattr.
    listed = "; ".join(str(p) for p in problems)
    return f"Flattr: the pages of {label} (a user id) get no button: {listed}"


def _report_once(message: str) -> None:
    key = _REPORTED + hashlib.sha256(message.encode("utf-8")).hexdigest()
    if cache.add(key, True, REPORT_SECONDS):  # False: already reported (by any process)
        log.warning("%s", message)


def gets_button(settings: FlattrSiteSettings, page: Page) -> bool:
    """Whether the site enables Flattr for this page's type: ticked, or else a post or a type
    with the Flattr fields (``page_types``)."""
    return page_types.enabled(settings.page_types, type(page))


def is_private(page: Page) -> bool:
    """True under a view restriction (password, login or groups): no button, no thing."""
    return any(page.path.startswith(path) for path in lookups.restricted_paths())


def page_item(
    page: Page, request: HttpRequest | None = None, *, locale: bool = True
) -> ContentItem:
    """A published page as the core's ``ContentItem`` (no query once the lookups are warm).

    ``locale=False`` leaves the page's locale out, so that the site's chosen language wins.
    """
    body = getattr(page, "body", "")
    get_tags = getattr(page, "get_flattr_tags", None)
    return ContentItem(
        url=page.get_full_url(request),
        title=page.seo_title or page.title,
        body_html=body if isinstance(body, str) else "",
        summary_html=page.search_description or "",
        tags=tuple(get_tags()) if callable(get_tags) else (),
        authors=(str(page.owner_id),) if page.owner_id else (),
        locale=lookups.locale_code(page.locale_id) if locale else None,
        sections=(page.url_path, page._meta.label_lower),
        overrides=page.flattr_overrides() if isinstance(page, FlattrPageMixin) else {},
    )


def resolve(
    page: Page, settings: FlattrSiteSettings, request: HttpRequest | None = None
) -> Resolved | None:
    """The page's thing and button, or None: type not enabled, private, opted out, no account."""
    if not gets_button(settings, page) or is_private(page) or not _has_creator(settings, page):
        return None
    item = page_item(page, request, locale=not settings.language)
    return site_config(settings).resolve(item)


def resolve_support(
    page: Page, settings: FlattrSiteSettings, request: HttpRequest | None = None
) -> Resolved | FundingOnly | None:
    """Every way to support the page: its thing with the other providers, the other providers
    alone (no Flattr account: nothing is registered), or None, as ``resolve`` says."""
    if not gets_button(settings, page) or is_private(page):
        return None
    config = site_config(settings)
    if not (_has_creator(settings, page) or config.uses_funding or _names_accounts(page)):
        return None  # nobody to pay: silently nothing, as ever
    return config.resolve_support(page_item(page, request, locale=not settings.language))


def _names_accounts(page: Page) -> bool:
    """Whether the page's own funding names an account (an invalid one: the core says so)."""
    if not isinstance(page, FlattrPageMixin):
        return False
    try:
        return bool(layer_funding(page.flattr_funding).accounts)
    except ConfigError:
        return True


def _has_creator(settings: FlattrSiteSettings, page: Page) -> bool:
    """Someone to flattr: the site's account, the page's own, or its owner's."""
    own = isinstance(page, FlattrPageMixin) and bool(page.flattr_username)
    return bool(settings.username) or own or str(page.owner_id) in lookups.author_accounts()
