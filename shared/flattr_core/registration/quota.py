"""The rate-limit governor: spend the hourly quota, but never all of it.

Flattr answers every rate-limited request with ``X-RateLimit-Limit``, ``-Remaining``,
``-Current`` and ``-Reset`` (reference §1.4) and refuses with 403 ``rate_limit_exceeded``
once the quota is gone. ``RateLimit`` holds what the last responses said; the client updates
it from every response, and the sync asks it for permission before each request, so
concurrent workers stop while a reserve is left instead of running into the 403.

The figures live in a ``QuotaState``: this process's memory by default (``LocalQuota``), or a
store that several processes share (the Wagtail app keeps one per account in Django's cache),
so that every worker of a site spends one quota per account instead of one each.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RateLimitSnapshot:
    """The quota as last seen: ``None`` where the API has not said yet."""

    limit: int | None
    remaining: int | None
    reset_at: float | None


UNKNOWN = RateLimitSnapshot(None, None, None)


class QuotaState(Protocol):
    """Where a ``RateLimit`` keeps its figures; shared state makes one quota for many processes.

    ``take`` must be atomic across everyone who shares the state (the requests it counts are
    about to be sent); ``read`` and ``write`` need not be: the headers of the next answer
    correct any figure that two writers raced over."""

    def read(self) -> RateLimitSnapshot: ...

    def write(self, figures: RateLimitSnapshot) -> None: ...

    def take(self) -> int | None:
        """Count one request: the remaining figure after it, or None when none is known."""
        ...

    def give_back(self) -> None:
        """Undo one ``take`` (the request was not sent after all)."""
        ...


class LocalQuota:
    """A ``QuotaState`` in this process's memory (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures = UNKNOWN

    def read(self) -> RateLimitSnapshot:
        with self._lock:
            return self._figures

    def write(self, figures: RateLimitSnapshot) -> None:
        with self._lock:
            self._figures = figures

    def take(self) -> int | None:
        with self._lock:
            left = self._figures.remaining
            if left is None:
                return None
            self._figures = RateLimitSnapshot(self._figures.limit, left - 1, self._figures.reset_at)
            return left - 1

    def give_back(self) -> None:
        with self._lock:
            left = self._figures.remaining
            if left is not None:
                self._figures = RateLimitSnapshot(
                    self._figures.limit, left + 1, self._figures.reset_at
                )


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


class RateLimit:
    """Thread-safe quota state shared by one client and the workers of a sync (and, with a
    shared ``state``, by every process that uses that state).

    ``acquire()`` counts a request against the quota before it is sent; the headers of each
    answer then correct the count. Within one period the lower figure wins, because answers
    arrive out of order while other requests are still in flight.
    """

    def __init__(
        self,
        reserve: int = 10,
        clock: Callable[[], float] = time.time,
        *,
        state: QuotaState | None = None,
    ) -> None:
        self.reserve = reserve
        self.state: QuotaState = state if state is not None else LocalQuota()
        self._clock = clock
        self._lock = threading.Lock()  # read-modify-write in this process; ``take`` is atomic

    def snapshot(self) -> RateLimitSnapshot:
        return self.state.read()

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read the ``X-RateLimit-*`` headers of one response (absent headers change nothing)."""
        remaining = _header_int(headers, "X-RateLimit-Remaining")
        if remaining is None:
            return
        reset_at = _header_int(headers, "X-RateLimit-Reset")
        with self._lock:
            known = self.state.read()
            limit = _header_int(headers, "X-RateLimit-Limit") or known.limit
            new_period = reset_at is not None and reset_at != known.reset_at
            if not new_period and known.remaining is not None:
                remaining = min(known.remaining, remaining)
            reset = float(reset_at) if reset_at is not None else known.reset_at
            self.state.write(RateLimitSnapshot(limit, remaining, reset))

    def exhausted(self, reset_at: float | None = None) -> None:
        """Record a 403 ``rate_limit_exceeded``: nothing is left until ``reset_at``."""
        with self._lock:
            known = self.state.read()
            reset = reset_at if reset_at is not None else known.reset_at
            self.state.write(RateLimitSnapshot(known.limit, 0, reset))

    def acquire(self) -> bool:
        """Count one request against the quota; False when only the reserve would be left."""
        with self._lock:
            known = self.state.read()
            if known.reset_at is not None and self._clock() >= known.reset_at:
                self.state.write(RateLimitSnapshot(known.limit, None, None))  # a new period
                return True
            if known.remaining is None:
                return True
            if known.remaining <= self.reserve:
                return False
            left = self.state.take()
            if left is not None and left < self.reserve:  # others took the rest meanwhile
                self.state.give_back()
                return False
            return True
