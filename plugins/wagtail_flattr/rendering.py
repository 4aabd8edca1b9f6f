"""What a served page shows: its button (or support block) and head tags, from the core's
renderer. A page with other ways of support gets the block with the Flattr button inside, and
its monetization links in the head; a page with those but no Flattr account gets them alone.

Shared by the template tags, the Jinja2 extension and the middleware. Nothing here queries the
database once the request's site settings are loaded: the settings are cached on the request
(``BaseSiteSetting.for_request``), the rest comes from ``lookups`` (Django's cache).
"""

from __future__ import annotations

import logging

from django.contrib.staticfiles.storage import StaticFilesStorage, staticfiles_storage
from django.http import HttpRequest
from markupsafe import Markup
from wagtail.models import Page

from flattr_core import Endpoints, FlattrError, FundingOnly, Resolved, markup

from . import lookups
from .content import report, resolve_support, site_config
from .finders import PREFIX
from .models import FlattrSiteSettings

log = logging.getLogger("wagtail_flattr")
_RESOLVED_ATTR = "_wagtail_flattr_resolved"
_MARKUP_ATTR = "_wagtail_flattr_markup"
EMPTY = Markup("")


Found = Resolved | FundingOnly


def resolved_for(request: HttpRequest | None, page: object) -> Found | None:
    """The page's thing (if any), button and funding for this request, or None when it shows
    no way of support at all.

    Cached on the request, so the head tags, the button and the middleware resolve once.
    """
    if request is None or not isinstance(page, Page) or getattr(request, "is_preview", False):
        return None
    cache: dict[int, Found | None] = request.__dict__.setdefault(_RESOLVED_ATTR, {})
    if page.pk not in cache:
        cache[page.pk] = _resolve(request, page)
    return cache[page.pk]


def _resolve(request: HttpRequest, page: Page) -> Found | None:
    settings = FlattrSiteSettings.for_request(request)
    try:
        return resolve_support(page, settings, request)
    except FlattrError as exc:  # a bad page value must not break the page
        report(exc)  # once, not on every request
        return None


def endpoints_for(request: HttpRequest | None) -> Endpoints:
    """The Flattr base URLs of the request's site (its config is cached on the request)."""
    return site_config(FlattrSiteSettings.for_request(request)).endpoints


def markup_for(request: HttpRequest | None, page: object) -> markup.PageMarkup | None:
    """The page's button (or support block), head block and position for this request, or
    None (no way of support). Built once per request and page: the template tags and the
    middleware share it.
    """
    found = resolved_for(request, page)
    if request is None or found is None or not isinstance(page, Page):
        return None
    cache: dict[int, markup.PageMarkup] = request.__dict__.setdefault(_MARKUP_ATTR, {})
    if page.pk not in cache:
        thing_id = lookups.thing_id(found.thing.url) if found.thing is not None else None
        cache[page.pk] = markup.page_markup(
            found, endpoints_for(request), thing_id=thing_id, assets_url=static_url
        )
    return cache[page.pk]


def button_html(request: HttpRequest | None, page: object) -> Markup:
    """The page's Flattr button or support block (empty when it has none)."""
    found = markup_for(request, page)
    return found.button if found is not None else EMPTY


def head_html(request: HttpRequest | None, page: object) -> Markup:
    """The page's ``<head>`` tags: payment link, flattr:id meta, monetization links, the
    stylesheet and scripts (the core's files, served as ``wagtail_flattr/...`` by the finder),
    or nothing."""
    found = markup_for(request, page)
    return found.head if found is not None else EMPTY


def static_url(name: str) -> str:
    """The URL of one of the core's static files, as the site's static storage names it."""
    path = f"{PREFIX}/{name}"
    try:
        url: str = staticfiles_storage.url(path)
    except ValueError:  # a hashing storage whose manifest predates this app: the plain name
        url = StaticFilesStorage().url(path)
    return url
