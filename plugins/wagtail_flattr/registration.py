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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from flattr_core import ConfigError, FlattrClient, FlattrError, Thing
from flattr_core.models import Status, ThingRecord
from flattr_core.registration.accounts import AccountsOutcome, Credential, sync_accounts
from flattr_core.registration.sync import describe

from . import accounts, clients, conf, pending
from .compat import base_page_model
from .content import resolve, site_config
from .models import FlattrSiteSettings, FlattrThing
from .store import OrmThingStore

if TYPE_CHECKING:
    from wagtail.models import Page  # Wagtail ships no types: Page is Any to mypy

log = logging.getLogger("wagtail_flattr")


@dataclass(frozen=True)
class Attempt:
    """What one registration of a page did: the line for the task's result, and whether a
    later task should try again (a failure or deferral that was not for want of a token)."""

    line: str
    retry: bool = False
    account: str | None = None  # whose quota it spent: a deferral waits for its reset


def register_page(page_id: int) -> Attempt:
    """Register, update or skip the thing of one live page; what happened, in words."""
    page = base_page_model().objects.filter(pk=page_id, live=True).first()
    if page is None or page.alias_of_id:
        return _skipped(page_id, f"page {page_id}: skipped (not live, deleted or an alias)")
    published, page = page.last_published_at, page.specific
    site = page.get_site()
    if site is None:
        return _skipped(page_id, f"page {page_id}: skipped (in no site)")
    settings = FlattrSiteSettings.for_site(site)
    found = accounts.credentials(settings, page.owner_id) if settings.register else []
    if not found:
        line = f"page {page_id}: skipped (registration is off or no account is connected)"
        return _skipped(page_id, line)
    store = OrmThingStore({page.get_full_url(): (page.pk, site.pk)})
    done = _sync_page(page, store, settings, found)
    if _published_since(page_id, published):  # its task is queued: ours is older than the page
        for url in store.pages:
            store.mark_pending(url)
    return done


def _skipped(page_id: int, line: str) -> Attempt:
    pending.clear(page_id)
    return Attempt(line)


def _published_since(page_id: int, published: object) -> bool:
    now = base_page_model().objects.filter(pk=page_id).values_list("last_published_at").first()
    return now is not None and now[0] != published


def _sync_page(
    page: Page, store: OrmThingStore, settings: FlattrSiteSettings, found: list[Credential]
) -> Attempt:
    url = page.get_full_url()
    try:
        resolved = resolve(page, settings)
    except ConfigError as exc:
        store.put(ThingRecord(url, "", Status.FAILED, None, str(exc), time.time()))
        log.warning("Flattr: %s", exc)
        return Attempt(f"{url}: failed ({exc})")
    if resolved is None:
        return _skipped(page.pk, f"{url}: skipped (no button for this page)")
    store.pages[resolved.thing.url] = store.pages.pop(url)
    pending.settle_unchanged(store, resolved.thing)
    line, outcome = run_sync([resolved.thing], settings, store, found, deadline=_deadline())
    record = store.get(resolved.thing.url)
    due = record is None or record.status in (Status.FAILED, Status.DEFERRED)
    retry = due and (outcome is None or not (outcome.unrouted or outcome.refused))
    return Attempt(line, retry, resolved.thing.owner.username)


def _deadline() -> float:
    return float(conf.get("TASK_DEADLINE"))


def sync_things(
    things: list[Thing],
    settings: FlattrSiteSettings,
    store: OrmThingStore,
    found: list[Credential],
    **kw: Any,
) -> str:
    """Register a site's things, each with its owner's token; never raises for Flattr trouble."""
    return run_sync(things, settings, store, found, **kw)[0]


def run_sync(
    things: list[Thing],
    settings: FlattrSiteSettings,
    store: OrmThingStore,
    found: list[Credential],
    **kw: Any,
) -> tuple[str, AccountsOutcome | None]:
    """``sync_things``, with what the core said (None: it raised, e.g. the store failed)."""
    endpoints = site_config(settings).endpoints
    try:
        done = sync_accounts(
            things, found, store, endpoints, make_client=clients.factory(settings, found),
            hint=accounts.hint, **{"concurrency": 1, **kw},
        )  # fmt: skip
    except FlattrError as exc:
        log.warning("Flattr registration for %s failed: %s", settings.site, exc)
        return f"failed: {exc}", None
    _record_unrouted(things, done.unrouted, store)
    line = "; ".join([describe(done.summary), *done.notes])
    if done.summary.failed or done.summary.deferred or done.trouble or done.unrouted:
        log.warning("Flattr registration for %s: %s", settings.site, line)
    return (f"failed: {line}" if done.refused else line), done


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
    return clients.site_client(settings)
