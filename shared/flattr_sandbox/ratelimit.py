"""The hourly rate limit, per token (or per client address for anonymous requests)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import formatdate

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Quota:
    """One caller's standing in the current hourly window."""

    limit: int
    current: int
    reset: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.current)

    def headers(self) -> list[tuple[str, str]]:
        """The four ``X-RateLimit-*`` headers of every rate-limited response (reference §1.4)."""
        return [
            ("X-RateLimit-Limit", str(self.limit)),
            ("X-RateLimit-Remaining", str(self.remaining)),
            ("X-RateLimit-Current", str(self.current)),
            ("X-RateLimit-Reset", str(self.reset)),
        ]

    def resource(self) -> dict[str, object]:
        """The body of ``GET /rate_limit``; ``reset_time_in_seconds`` is an absolute unix time."""
        stamp = formatdate(self.reset, usegmt=False).replace("-0000", "+0000")
        return {
            "hourly_limit": self.limit,
            "remaining_hits": self.remaining,
            "current_hits": self.current,
            "reset_time_in_seconds": self.reset,
            "reset_time": f"{stamp} GMT",
        }


class RateLimiter:
    """Fixed hourly windows that start with a caller's first request."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"rate_limit: {limit!r} is not allowed; expected a positive integer")
        self.limit = limit
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def _window(self, key: str, now: int) -> tuple[int, int]:
        start, count = self._windows.get(key, (now, 0))
        return (now, 0) if now >= start + WINDOW_SECONDS else (start, count)

    def spend(self, key: str) -> tuple[bool, Quota]:
        """Count one request; False (and nothing counted) when the quota is already used up."""
        now = int(time.time())
        with self._lock:
            start, count = self._window(key, now)
            allowed = count < self.limit
            count += int(allowed)
            self._windows[key] = (start, count)
        return allowed, Quota(self.limit, count, start + WINDOW_SECONDS)

    def peek(self, key: str) -> Quota:
        now = int(time.time())
        with self._lock:
            start, count = self._window(key, now)
        return Quota(self.limit, count, start + WINDOW_SECONDS)
