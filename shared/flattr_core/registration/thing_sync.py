"""One thing's way through registration: the per-thing half of ``sync``.

For each thing, under a store lease on its URL: known and changed → update; unknown → look
up, found → adopt (and update if different), not found → create. A create whose answer
was lost (timeout, 5xx, malformed body) is never repeated blindly: the loop looks up
again first, because the thing may exist now. Every outcome is written to the store the
moment it is known.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from ..errors import (
    APIError,
    AuthError,
    FlattrError,
    ForeignThingError,
    RateLimitError,
    ThingExistsError,
    TransportError,
)
from ..models import Status, Thing, ThingRecord
from .store import ThingStore

if TYPE_CHECKING:  # the client imports requests: only a sync that runs needs it
    from .client import FlattrClient

log = logging.getLogger(__name__)
T = TypeVar("T")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    DEFERRED = "deferred"


class Deferred(Exception):
    """Stop working on this thing for now (deadline, quota, lease); the next sync resumes it."""


class _Retryable(Exception):
    def __init__(self, error: FlattrError) -> None:
        super().__init__(str(error))
        self.error = error


def is_unchanged(record: ThingRecord | None, thing: Thing) -> bool:
    """True when the store says ``thing`` is registered with exactly this metadata."""
    return (
        record is not None
        and record.status is Status.REGISTERED
        and record.thing_id is not None
        and record.fingerprint == thing.fingerprint
    )


@dataclass
class ThingSync:
    """The shared state of one sync's workers; ``run(thing)`` is safe to call from threads."""

    client: FlattrClient
    store: ThingStore
    owner: str
    deadline_at: float
    attempts: int = 4
    backoff: float = 0.25
    backoff_cap: float = 4.0
    stop: AuthError | None = None
    # The account the client's token belongs to (verified); None: the caller vouches for it.
    account: str | None = None

    @property
    def lease_ttl(self) -> float:
        return max(self.deadline_at - time.monotonic(), 0.0) + 60.0

    def run(self, thing: Thing) -> Outcome:
        """Register, update or skip one thing; record what happened; never raise."""
        try:
            if self.stop is not None:
                raise Deferred("the token was refused earlier in this sync")
            self._check_clock()
            if not self._claim(thing.url):
                raise Deferred("another sync is registering it")
        except Deferred as exc:  # not ours to write: another sync may hold the record
            log.debug("%s: deferred (%s)", thing.url, exc)
            return Outcome.DEFERRED
        try:
            return self._decide(thing, self.store.get(thing.url))
        except Deferred as exc:
            return self._settle(thing, Status.DEFERRED, str(exc))
        except AuthError as exc:
            self.stop = exc
            return self._settle(thing, Status.FAILED, str(exc))
        except ForeignThingError as exc:
            return self._settle(thing, Status.FAILED, str(exc), keep_id=False)
        except FlattrError as exc:
            return self._settle(thing, Status.FAILED, str(exc))
        finally:
            self.store.release(thing.url, self.owner)

    def _claim(self, url: str) -> bool:
        while not self.store.claim(url, self.owner, self.lease_ttl):
            if time.monotonic() + 0.2 >= self.deadline_at:
                return False
            time.sleep(random.uniform(0.05, 0.15))  # noqa: S311 (jitter, not crypto)
        return True

    def _decide(self, thing: Thing, record: ThingRecord | None) -> Outcome:
        if is_unchanged(record, thing):
            return Outcome.UNCHANGED  # another sync finished it while we waited for the lease
        if self.account is not None and not _same(thing.owner.username, self.account):
            raise FlattrError(
                f"{thing.url} is {thing.owner.username}'s, not {self.account}'s (the token's)"
            )
        if record is not None and record.thing_id is not None:
            try:
                return self._update(thing, record.thing_id)
            except APIError as exc:
                if exc.status == 403 and exc.code == "forbidden":
                    self._check_owner(thing, record.thing_id)  # not ours: ForeignThingError
                if exc.status != 404:
                    raise
                log.debug("thing %s is gone remotely; registering it again", record.thing_id)
        return self._register(thing)

    def _check_owner(self, thing: Thing, thing_id: int) -> Thing:
        """The remote thing, when ``thing``'s owner owns it; else ``ForeignThingError``."""
        remote = self._retrying(lambda: self.client.thing(thing_id)).thing
        if not _same(remote.owner.username, thing.owner.username):
            raise ForeignThingError(
                f"the Flattr thing {thing_id} for {thing.url} belongs to "
                f"{remote.owner.username or 'another account'}, not {thing.owner.username}: "
                "the page keeps an auto-submit button, which pays "
                f"{thing.owner.username} (delete that thing to register it again)"
            )
        return remote

    def _register(self, thing: Thing) -> Outcome:
        last: FlattrError = TransportError(f"could not register {thing.url}")
        for attempt in range(self.attempts):
            found = self._retrying(lambda: self.client.lookup(thing.url))
            if found is not None:
                return self._adopt(thing, found)
            try:
                thing_id = self._once(lambda: self.client.create(thing))
            except _Retryable as exc:  # the create may have happened: look up before retrying
                last = exc.error
                self._pause(attempt)
                continue
            except ThingExistsError as exc:
                last = exc  # created meanwhile by someone else: the next lookup finds it
                continue
            self._record(thing, thing_id)
            return Outcome.CREATED
        raise last

    def _adopt(self, thing: Thing, thing_id: int) -> Outcome:
        remote = self._check_owner(thing, thing_id)  # before the id is written anywhere
        self._write(ThingRecord(thing.url, "", Status.PENDING, thing_id, None, time.time()))
        if remote.fingerprint != thing.fingerprint:
            return self._update(thing, thing_id)
        self._record(thing, thing_id)
        return Outcome.UNCHANGED

    def _update(self, thing: Thing, thing_id: int) -> Outcome:
        self._retrying(lambda: self.client.update(thing_id, thing))
        self._record(thing, thing_id)
        return Outcome.UPDATED

    # -- requests: quota, deadline, retries ---------------------------------------------------

    def _check_clock(self) -> None:
        if time.monotonic() >= self.deadline_at:
            raise Deferred("the sync's deadline passed")

    def _once(self, call: Callable[[], T]) -> T:
        self._check_clock()
        if not self.client.rate.acquire():
            raise Deferred("the rate-limit reserve is reached; run again after the reset")
        try:
            return call()
        except RateLimitError as exc:
            raise Deferred(f"rate limit: {exc}") from None
        except TransportError as exc:
            raise _Retryable(exc) from None
        except APIError as exc:
            if exc.status >= 500:
                raise _Retryable(exc) from None
            raise

    def _retrying(self, call: Callable[[], T]) -> T:
        for attempt in range(self.attempts - 1):
            try:
                return self._once(call)
            except _Retryable as exc:
                log.debug("retrying after %s", exc)
                self._pause(attempt)
        try:
            return self._once(call)
        except _Retryable as exc:
            raise exc.error from None

    def _pause(self, attempt: int) -> None:
        ceiling = min(self.backoff_cap, self.backoff * 2**attempt)
        delay = random.uniform(ceiling / 2, ceiling)  # noqa: S311 (jitter, not crypto)
        if time.monotonic() + delay >= self.deadline_at:
            raise Deferred("the sync's deadline passed while backing off")
        time.sleep(delay)

    # -- the store ----------------------------------------------------------------------------

    def _record(self, thing: Thing, thing_id: int) -> None:
        record = ThingRecord(thing.url, thing.fingerprint, Status.REGISTERED, thing_id)
        self._write(record)

    def _settle(self, thing: Thing, status: Status, error: str, *, keep_id: bool = True) -> Outcome:
        """Record a failure or deferral, keeping whatever the store already knew (the id)."""
        known = self.store.get(thing.url)
        fingerprint = known.fingerprint if known is not None else ""
        thing_id = known.thing_id if known is not None and keep_id else None
        self._write(ThingRecord(thing.url, fingerprint, status, thing_id, error, time.time()))
        log.debug("%s: %s (%s)", thing.url, status.value, error)
        return Outcome.FAILED if status is Status.FAILED else Outcome.DEFERRED

    def _write(self, record: ThingRecord) -> None:
        self.store.put(record)


def _same(one: str, other: str) -> bool:
    """Flattr usernames are case-insensitive."""
    return one.lower() == other.lower()
