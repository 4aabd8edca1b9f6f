"""``OrmThingStore``: the core's ``ThingStore`` protocol on Django's ORM (``FlattrThing`` rows,
``FlattrLease`` leases), so registration state lives in the site's own database.

``registration.sync`` calls the store from its worker threads; each such thread gets its own
database connection, closed after every call so that no connection outlives the sync. Calls
are serialized by a lock: they are short (the API requests, the slow part, stay parallel), and
SQLite's shared-cache test databases refuse concurrent writers outright.

Leases are taken over once they expire, or at once when their owner was a process of this host
that is gone (a worker killed while it registered), as the core's SQLite store does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from django.db import IntegrityError, connections, transaction
from django.db.models import Q

from flattr_core.errors import StoreError
from flattr_core.models import Status, ThingRecord
from flattr_core.registration.store import owner_is_dead

from . import lookups
from .models import FlattrLease, FlattrThing

T = TypeVar("T")
PageRef = tuple[int | None, int | None]  # (page id, site id)


class OrmThingStore:
    """A ``ThingStore`` over ``FlattrThing``; ``pages`` maps each URL to its (page id, site id)."""

    def __init__(self, pages: Mapping[str, PageRef] | None = None) -> None:
        self.pages = dict(pages or {})
        self._home = threading.get_ident()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OrmThingStore({len(self.pages)} pages)"

    def get(self, url: str) -> ThingRecord | None:
        """The record for ``url``, or None."""
        return self.get_many([url]).get(url)

    def get_many(self, urls: Iterable[str]) -> dict[str, ThingRecord]:
        """The records for those of ``urls`` that have one."""
        wanted = list(dict.fromkeys(urls))
        return self._run(lambda: {row.url: _record(row) for row in _rows(wanted)})

    def put(self, record: ThingRecord) -> None:
        """Insert or update the row for ``record.url``."""
        self._run(lambda: self._save(record))
        if record.thing_id is not None:
            lookups.remember_thing_ids({record.url: record.thing_id})
        else:  # e.g. another account's thing: the button must not link to it any more
            lookups.forget_thing_ids([record.url])

    def thing_ids(self, urls: Iterable[str]) -> dict[str, int]:
        """Known remote ids by URL."""
        records = self.get_many(urls)
        return {url: r.thing_id for url, r in records.items() if r.thing_id is not None}

    def claim(self, url: str, owner: str, ttl: float) -> bool:
        """Take the lease on ``url`` for ``ttl`` seconds; False while another owner holds it."""
        return self._run(lambda: _claim(url, owner, time.time(), ttl))

    def release(self, url: str, owner: str) -> None:
        """Give the lease back (only if ``owner`` still holds it)."""
        self._run(lambda: FlattrLease.objects.filter(url=url, owner=owner).delete())

    def mark_pending(self, url: str) -> None:
        """Write down that ``url``'s thing is to be registered: status pending, keeping what is
        known (the thing id, the fingerprint of what Flattr has), so a lost task is found again."""
        page_id, site_id = self.pages.get(url, (None, None))
        values: dict[str, object] = {"status": Status.PENDING.value}
        if page_id is not None:
            values.update(page_id=page_id, site_id=site_id)
        self._run(lambda: FlattrThing.objects.update_or_create(url=url, defaults=values))

    def held(self, urls: Iterable[str]) -> set[str]:
        """Those of ``urls`` whose lease a live owner holds (a registration is under way)."""
        wanted = list(urls)
        rows = self._run(lambda: list(_live_leases(wanted, time.time())))
        return {url for url, owner in rows if not owner_is_dead(owner)}

    def _save(self, record: ThingRecord) -> None:
        page_id, site_id = self.pages.get(record.url, (None, None))
        values = {
            "fingerprint": record.fingerprint,
            "status": record.status.value,
            "thing_id": record.thing_id,
            "error": record.error or "",
        }
        if page_id is not None:
            values.update(page_id=page_id, site_id=site_id)
        FlattrThing.objects.update_or_create(url=record.url, defaults=values)

    def _run(self, call: Callable[[], T]) -> T:
        with self._lock, self._connection():
            try:
                return call()
            except Exception as exc:
                raise StoreError(f"the Flattr thing store failed: {exc}") from exc

    @contextmanager
    def _connection(self) -> Iterator[None]:
        try:
            yield
        finally:
            if threading.get_ident() != self._home:
                connections.close_all()  # only this worker thread's connections


def _rows(urls: list[str]) -> Iterator[FlattrThing]:
    for start in range(0, len(urls), 500):
        yield from FlattrThing.objects.filter(url__in=urls[start : start + 500])


def _live_leases(urls: list[str], now: float) -> Iterator[tuple[str, str]]:
    for start in range(0, len(urls), 500):
        found = FlattrLease.objects.filter(url__in=urls[start : start + 500], expires_at__gt=now)
        yield from found.values_list("url", "owner")


def _claim(url: str, owner: str, now: float, ttl: float) -> bool:
    """One conditional UPDATE (atomic in the database), else an INSERT that only one can win."""
    leases = FlattrLease.objects.filter(url=url)
    if leases.filter(Q(owner=owner) | Q(expires_at__lte=now)).update(
        owner=owner, expires_at=now + ttl
    ):
        return True
    holder = leases.values_list("owner", flat=True).first()
    if holder is not None:  # taken over only from a dead holder, and only if it still holds it
        dead = owner_is_dead(holder)
        return dead and bool(leases.filter(owner=holder).update(owner=owner, expires_at=now + ttl))
    try:
        with transaction.atomic():
            FlattrLease.objects.create(url=url, owner=owner, expires_at=now + ttl)
    except IntegrityError:
        return False  # held by another owner (or inserted by one just now)
    return True


def _record(row: FlattrThing) -> ThingRecord:
    return ThingRecord(
        url=row.url,
        fingerprint=row.fingerprint,
        status=Status(row.status),
        thing_id=row.thing_id,
        error=row.error or None,
        updated_at=row.updated_at.timestamp() if row.updated_at else 0.0,
    )
