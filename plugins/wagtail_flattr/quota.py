"""One Flattr quota per account for every process of the install: the core's ``RateLimit``
with its figures in Django's cache (``CacheQuota``), so that two task workers, or a worker and
``flattr_sync``, stop together at the reserve instead of each spending a quota of its own.

``take`` is the cache's atomic ``decr`` (Redis: ``DECRBY``); the other figures are plain
writes that the next answer's headers correct. A per-process cache (``LocMemCache``) shares
nothing between processes: the system check ``wagtail_flattr.W002`` says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import time

from django.core.cache import cache

from flattr_core.registration.quota import RateLimit, RateLimitSnapshot

_PREFIX = "wagtail_flattr:quota:"
UNKNOWN_PERIOD = 3600  # Flattr's period is an hour; figures without a reset time live as long
RESERVE = 10  # requests left unspent in each period (``RateLimit``'s reserve)


class CacheQuota:
    """A ``QuotaState`` in Django's default cache, keyed by the account (a digest of its name)."""

    def __init__(self, account: str) -> None:
        digest = hashlib.sha256(account.lower().encode("utf-8")).hexdigest()[:24]
        self._remaining = f"{_PREFIX}{digest}:remaining"
        self._figures = f"{_PREFIX}{digest}:figures"

    def __repr__(self) -> str:
        return f"CacheQuota({self._figures!r})"

    def read(self) -> RateLimitSnapshot:
        found = cache.get_many([self._remaining, self._figures])
        limit, reset_at = found.get(self._figures) or (None, None)
        remaining = found.get(self._remaining)
        return RateLimitSnapshot(limit, int(remaining) if remaining is not None else None, reset_at)

    def write(self, figures: RateLimitSnapshot) -> None:
        lifetime = _lifetime(figures.reset_at)
        cache.set(self._figures, (figures.limit, figures.reset_at), lifetime)
        if figures.remaining is None:
            cache.delete(self._remaining)
        else:
            cache.set(self._remaining, int(figures.remaining), lifetime)

    def take(self) -> int | None:
        try:
            return int(cache.decr(self._remaining))
        except ValueError:  # expired, or never seen: unknown, the next answer says
            return None

    def give_back(self) -> None:
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back to
            cache.incr(self._remaining)


def _lifetime(reset_at: float | None) -> float:
    """Until the period ends (and a minute), so that figures never outlive their hour."""
    if reset_at is None:
        return UNKNOWN_PERIOD
    return max(reset_at - time.time(), 0.0) + 60.0


def shared_rate_limit(account: str) -> RateLimit:
    """The governor of ``account``'s quota, shared with every process on the same cache."""
    return RateLimit(reserve=RESERVE, state=CacheQuota(account))


def reset_time(account: str) -> float | None:
    """When ``account``'s quota comes back, if it is spent down to the reserve; else None."""
    figures = CacheQuota(account).read()
    spent = figures.remaining is not None and figures.remaining <= RESERVE
    return figures.reset_at if spent else None
