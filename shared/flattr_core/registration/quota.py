"""The rate-limit governor: spend the hourly quota, but never all of it.

Flattr answers every rate-limited request with ``X-RateLimit-Limit``, ``-Remaining``,
``-Current`` and ``-Reset`` (reference §1.4) and refuses with 403 ``rate_limit_exceeded``
once the quota is gone. ``RateLimit`` holds what the last responses said; the client updates
it from every response, and the sync asks it for permission before each request, so
concurrent workers stop while a reserve is left instead of running into the 403.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitSnapshot:
    """The quota as last seen: ``None`` where the API has not said yet."""

    limit: int | None
    remaining: int | None
    reset_at: float | None


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


class RateLimit:
    """Thread-safe quota state shared by one client and the workers of a sync.

    ``acquire()`` counts a request against the quota before it is sent; the headers of each
    answer then correct the count. Within one period the lower figure wins, because answers
    arrive out of order while other requests are still in flight.
    """

    def __init__(self, reserve: int = 10, clock: Callable[[], float] = time.time) -> None:
        self.reserve = reserve
        self._clock = clock
        self._lock = threading.Lock()
        self._limit: int | None = None
        self._remaining: int | None = None
        self._reset_at: float | None = None

    def snapshot(self) -> RateLimitSnapshot:
        with self._lock:
            return RateLimitSnapshot(self._limit, self._remaining, self._reset_at)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read the ``X-RateLimit-*`` headers of one response (absent headers change nothing)."""
        remaining = _header_int(headers, "X-RateLimit-Remaining")
        if remaining is None:
            return
        reset_at = _header_int(headers, "X-RateLimit-Reset")
        with self._lock:
            self._limit = _header_int(headers, "X-RateLimit-Limit") or self._limit
            new_period = reset_at is not None and reset_at != self._reset_at
            if new_period or self._remaining is None:
                self._remaining = remaining
            else:
                self._remaining = min(self._remaining, remaining)
            if reset_at is not None:
                self._reset_at = float(reset_at)

    def exhausted(self, reset_at: float | None = None) -> None:
        """Record a 403 ``rate_limit_exceeded``: nothing is left until ``reset_at``."""
        with self._lock:
            self._remaining = 0
            if reset_at is not None:
                self._reset_at = reset_at

    def acquire(self) -> bool:
        """Count one request against the quota; False when only the reserve would be left."""
        with self._lock:
            if self._period_over():
                self._remaining = None
            if self._remaining is None:
                return True
            if self._remaining <= self.reserve:
                return False
            self._remaining -= 1
            return True

    def _period_over(self) -> bool:
        return self._reset_at is not None and self._clock() >= self._reset_at
