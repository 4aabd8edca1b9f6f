"""Registering one page's thing with Flattr: what the background task runs.

The task gets only a page id; everything else is read fresh here, so a re-publish queued twice
still registers the latest metadata, and an unchanged page costs no request at all. The thing
is registered with the token of the account that owns it (the page owner's connected account
or the site's, ``accounts.credentials``); with no matching token it is recorded as failed,
with the reason, and the page keeps an auto-submit button, which still pays its account.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from flattr_core import ConfigError, FlattrClient, FlattrError, Secret, Thing
from flattr_core.models import Status, ThingRecord
from flattr_core.registration.accounts import Credential, sync_accounts
from flattr_core.registration.sync import describe

from . import accounts, conf
from .content import resolve, site_config
from .models import FlattrSiteSettings, FlattrThing
from .store import OrmThingStore

if TYPE_CHECKING:
    from wagtail.models import Page  # Wagtail ships no types: Page is Any to mypy

log = logging.getLogger("wagtail_flattr")


def base_page_model() -> type[Page]:
    """The base page model: Wagtail 8's swappable ``WAGTAIL_PAGE_MODEL``, else ``Page``."""
    try:
        import swapper
    except ImportError:  # Wagtail 7
        from wagtail.models import Page

        return Page  # type: ignore[no-any-return]  # Wagtail ships no types: Page is Any
    return swapper.load_model("wagtailcore", "Page")  # type: ignore[no-any-return]  # nor swapper


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
    found = accounts.credentials(settings, page.owner_id) if settings.register else []
    if not found:
        return f"page {page_id}: skipped (registration is off or no account is connected)"
    return _sync_page(page, site.pk, settings, found)


def _sync_page(
    page: Page, site_id: int, settings: FlattrSiteSettings, found: list[Credential]
) -> str:
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
    return sync_things([resolved.thing], settings, store, found)


def sync_things(
    things: list[Thing],
    settings: FlattrSiteSettings,
    store: OrmThingStore,
    found: list[Credential],
    **kw: Any,
) -> str:
    """Register a site's things, each with its owner's token; never raises for Flattr trouble."""
    endpoints = site_config(settings).endpoints
    try:
        done = sync_accounts(
            things, found, store, endpoints, make_client=_client_for(settings),
            hint=accounts.hint, **{"concurrency": 1, **kw},
        )  # fmt: skip
    except FlattrError as exc:
        log.warning("Flattr registration for %s failed: %s", settings.site, exc)
        return f"failed: {exc}"
    _record_unrouted(things, done.unrouted, store)
    line = "; ".join([describe(done.summary), *done.notes])
    if done.summary.failed or done.summary.deferred or done.trouble or done.unrouted:
        log.warning("Flattr registration for %s: %s", settings.site, line)
    return f"failed: {line}" if done.refused else line


def _record_unrouted(
    things: list[Thing], unrouted: Mapping[str, int], store: OrmThingStore
) -> None:
    """A thing no token of its owner could register: failed, with why, and no thing id (the
    button falls back to auto-submit, which pays the owner)."""
    left_out = {name.lower() for name in unrouted}
    for thing in things:
        name = thing.owner.username
        if name.lower() in left_out:
            error = f"not registered: no connected Flattr account of {name} ({accounts.hint(name)})"
            store.put(ThingRecord(thing.url, "", Status.FAILED, None, error, time.time()))


def refresh_counts(settings: FlattrSiteSettings, batch: int = 50) -> str:
    """Fetch the flattr counts of a site's registered things (get-multiple, ``batch`` per call);
    the line says how many requests that took, as the sync's line says its own."""
    rows = FlattrThing.objects.filter(site_id=settings.site_id, thing_id__isnull=False)
    ids = cast("list[int]", list(rows.values_list("thing_id", flat=True)))  # none is null
    client: FlattrClient | None = None
    try:
        with _client(settings) as client:
            for start in range(0, len(ids), batch):
                for remote in client.things(ids[start : start + batch]):
                    rows.filter(thing_id=remote.id).update(flattrs=remote.flattrs)
    except FlattrError as exc:
        return f"flattr counts not refreshed: {exc} ({_requests_made(client)})"
    return f"flattr counts refreshed for {len(ids)} things ({_requests_made(client)})"


def _requests_made(client: FlattrClient | None) -> str:
    count = client.requests_made if client is not None else 0
    return f"{count} request" if count == 1 else f"{count} requests"


def _client(settings: FlattrSiteSettings) -> FlattrClient:
    """An API client with the site's token and the configured timeout."""
    return _client_for(settings)(settings.secret)


def _client_for(settings: FlattrSiteSettings) -> Callable[[Secret | None], FlattrClient]:
    """Clients for the site's endpoints and the configured timeout, with a given token."""
    endpoints, timeout = site_config(settings).endpoints, float(conf.get("TIMEOUT"))
    return lambda token: FlattrClient(endpoints, token, timeout=timeout)
