"""What registration records: a thing's row in the store, and what one sync run did.

Imported from ``models`` on first use (``flattr_core.models.ThingRecord`` still works): only
code that registers needs them, and a build that registers nothing is spared creating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Where a thing stands in the store."""

    REGISTERED = "registered"
    FAILED = "failed"
    DEFERRED = "deferred"
    PENDING = "pending"


@dataclass(frozen=True)
class ThingRecord:
    """The store's row for one thing, keyed by its URL."""

    url: str
    fingerprint: str
    status: Status
    thing_id: int | None = None
    error: str | None = None
    updated_at: float = 0.0


@dataclass(frozen=True)
class SyncSummary:
    """What one ``registration.sync`` run did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    deferred: int = 0
    requests: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed + self.deferred
