"""Registrations that are due, written down where no process can lose them, and found again.

A registration must not depend on one process surviving: the web process that published (it
may die between the commit and the enqueue, or the queue may be down), nor the worker that runs
the task (it may be killed mid-request). So:

- publishing marks the page's record *pending* inside the publishing transaction
  (``mark_published``), unless the page is registered with exactly this content already;
- the task ends every record it touches in a final state (registered or failed) or leaves it
  pending with a retry queued, and marks it pending again if the page was published anew
  while it ran (its own result is then older than the page);
- ``requeue`` (``manage.py flattr_recover``, and the first task that starts each minute) queues
  every page whose record is still pending or deferred, older than a task can take
  (``conf.task_seconds``), whose lease no live process holds and that the backend has not
  queued: what a dead worker or a lost enqueue left behind. Leases expire, and a lease of a
  dead process on this host is free at once. A page queued twice is harmless: the lease and
  the lookup before every create keep it one thing, and a second run finds it unchanged.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from django.core.cache import cache
from django.utils import timezone

from flattr_core.errors import FlattrError
from flattr_core.models import Status, Thing, ThingRecord
from flattr_core.registration.thing_sync import is_unchanged

from . import conf, queues
from .content import resolve
from .models import FlattrSiteSettings, FlattrThing
from .store import OrmThingStore

log = logging.getLogger("wagtail_flattr")
LEFT = (Status.PENDING.value, Status.DEFERRED.value)
SWEEP_SECONDS = 60  # the tasks look for left-over pages at most this often (all processes)
_SWEPT = "wagtail_flattr:swept"


def mark_published(page: Any, settings: FlattrSiteSettings) -> None:
    """In the publishing transaction: the page's thing is to be registered (or updated)."""
    try:
        resolved = resolve(page, settings)
    except FlattrError:  # the task records the problem on the page's record
        resolved = None
        url = page.get_full_url()
    else:
        if resolved is None:
            return  # no button, no thing: the task will skip it too
        url = resolved.thing.url
    store = OrmThingStore({url: (page.pk, settings.site_id)})
    if resolved is None or not is_unchanged(store.get(url), resolved.thing):
        store.mark_pending(url)


def settle_unchanged(store: OrmThingStore, thing: Thing) -> None:
    """A pending record whose thing Flattr already has as it is: registered, with no request."""
    known = store.get(thing.url)
    if (
        known is not None
        and known.status is Status.PENDING
        and known.thing_id is not None
        and known.fingerprint == thing.fingerprint
    ):
        store.put(ThingRecord(thing.url, thing.fingerprint, Status.REGISTERED, known.thing_id))


def clear(page_id: int) -> None:
    """The page needs no registration now (unpublished, opted out, no account): its records
    stop being pending; one that only marked a publish, with nothing on Flattr, goes."""
    rows = FlattrThing.objects.filter(page_id=page_id, status__in=LEFT)
    rows.filter(thing_id__isnull=True).delete()
    rows.update(status=Status.REGISTERED.value)  # on Flattr as last registered (fingerprint)


def left_over() -> list[int]:
    """Pages whose registration is due and that nothing is working on (see the module)."""
    cutoff = timezone.now() - timedelta(seconds=conf.task_seconds())
    rows = FlattrThing.objects.filter(status__in=LEFT, updated_at__lt=cutoff, page_id__isnull=False)
    by_url = cast("dict[str, int]", dict(rows.values_list("url", "page_id")))  # none is null
    busy = OrmThingStore().held(by_url)
    queued = queues.queued_page_ids() or set()
    return sorted({page for url, page in by_url.items() if url not in busy} - queued)


def requeue() -> tuple[int, list[int]]:
    """Close the tasks dead workers left running and queue the left-over pages again: how many
    tasks were closed, and which pages were queued."""
    closed = queues.abandon_stale()
    pages = left_over()
    task = queues.registration_task()
    for page_id in pages:
        task.enqueue(page_id)
    if closed or pages:
        log.warning("Flattr: %s tasks left by stopped workers, %s pages queued again: %s",
                    closed, len(pages), pages[:20])  # fmt: skip
    return closed, pages


def sweep_now_and_then() -> None:
    """``requeue`` at most once a minute across every process that shares the cache."""
    if cache.add(_SWEPT, True, SWEEP_SECONDS):
        try:
            requeue()
        except Exception:  # a sweep must never fail the registration that started it
            log.exception("Flattr: looking for left-over registrations failed")


def still_due() -> int:
    """Pages whose registration is pending or deferred, or queued: 0 when all is done."""
    rows = FlattrThing.objects.filter(status__in=LEFT).count()
    return rows + len(queues.queued_page_ids() or ())
