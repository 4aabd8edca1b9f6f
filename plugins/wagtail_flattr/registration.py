"""Registering one page's thing with Flattr: what the background task runs.

The task gets only a page id; everything else is read fresh here, so a re-publish queued twice
still registers the latest metadata, and an unchanged page costs no request at all.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db.models import Model

from flattr_core.errors import ConfigError, FlattrError
from flattr_core.models import Status, Thing, ThingRecord
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.sync import describe, sync

from . import conf
from .content import resolve, site_config
from .models import FlattrSiteSettings, FlattrThing
from .store import OrmThingStore

log = logging.getLogger("wagtail_flattr")


def base_page_model() -> type[Model]:
    """The base page model: Wagtail 8's swappable ``WAGTAIL_PAGE_MODEL``, else ``Page``."""
    try:
        import swapper
    except ImportError:  # Wagtail 7
        from wagtail.models import Page

        return Page
    return swapper.load_model("wagtailcore", "Page")


def register_page(page_id: int) -> str:
    """Register, update or skip the thing of one live page; returns what happened, in words."""
    page = base_page_model().objects.filter(pk=page_id, live=True).first()
    if page is None or page.alias_of_id:
        return f"page {page_id}: skipped (not live, deleted or an alias)"
    page = page.specific
    site = page.get_site()
    if site is None:
        return f"page {page_id}: skipped (in no site)"
    settings = FlattrSiteSettings.for_site(site)
    if not settings.register or not settings.token:
        return f"page {page_id}: skipped (registration is off or no account is connected)"
    return _sync_page(page, site.pk, settings)


def _sync_page(page: Model, site_id: int, settings: FlattrSiteSettings) -> str:
    url = page.get_full_url()
    store = OrmThingStore({url: (page.pk, site_id)})
    try:
        resolved = resolve(page, settings)
    except ConfigError as exc:
        store.put(ThingRecord(url, "", Status.FAILED, None, str(exc), time.time()))
        log.warning("Flattr: %s", exc)
        return f"{url}: failed ({exc})"
    if resolved is None:
        return f"{url}: skipped (no button for this page)"
    return sync_things([resolved.thing], settings, store)


def sync_things(
    things: list[Thing], settings: FlattrSiteSettings, store: OrmThingStore, **kw: Any
) -> str:
    """Run the core's ``sync`` for a site's things; never raises for Flattr trouble."""
    try:
        with _client(settings) as client:
            summary = sync(things, client, store, **{"concurrency": 1, **kw})
    except FlattrError as exc:
        log.warning("Flattr registration for %s failed: %s", settings.site, exc)
        return f"failed: {exc}"
    line = describe(summary)
    if summary.failed or summary.deferred:
        log.warning("Flattr registration for %s: %s", settings.site, line)
    return line


def refresh_counts(settings: FlattrSiteSettings, batch: int = 50) -> str:
    """Fetch the flattr counts of a site's registered things (get-multiple, ``batch`` per call);
    the line says how many requests that took, as the sync's line says its own."""
    rows = FlattrThing.objects.filter(site_id=settings.site_id, thing_id__isnull=False)
    ids = list(rows.values_list("thing_id", flat=True))
    client: FlattrClient | None = None
    try:
        with _client(settings) as client:
            for start in range(0, len(ids), batch):
                for remote in client.things(ids[start : start + batch]):
                    rows.filter(thing_id=remote["id"]).update(
                        flattrs=int(remote.get("flattrs") or 0)
                    )
    except FlattrError as exc:
        return f"flattr counts not refreshed: {exc} ({_requests_made(client)})"
    return f"flattr counts refreshed for {len(ids)} things ({_requests_made(client)})"


def _requests_made(client: FlattrClient | None) -> str:
    count = client.requests_made if client is not None else 0
    return f"{count} request" if count == 1 else f"{count} requests"


def _client(settings: FlattrSiteSettings) -> FlattrClient:
    """An API client with the site's token and the configured timeout."""
    config = site_config(settings)
    return FlattrClient(config.endpoints, config.token, timeout=float(conf.get("TIMEOUT")))
