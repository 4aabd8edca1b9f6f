"""Fault injection: latency, server errors, hung requests and malformed bodies.

Each API request draws at most one fault, in this order: ``timeout`` (the request hangs for
``hang_seconds`` and the connection is then closed without an answer; nothing is processed),
``fail`` (an immediate ``fail_status`` error; nothing is processed) and ``malformed`` (the
request *is* processed, then its body is cut short, so a client that retries a create must
cope with a thing that already exists). Latency is added to every API request.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Literal

Fault = Literal["timeout", "fail", "malformed"]
MAX_LATENCY_MS = 600_000  # ten minutes; far past any client timeout
MAX_HANG_SECONDS = 3600.0  # threading's waits refuse much longer ones (OverflowError)


@dataclass(frozen=True)
class Faults:
    """What to inject into API requests (``/rest/v2``); the defaults inject nothing."""

    latency_ms: int = 0
    fail_rate: float = 0.0
    timeout_rate: float = 0.0
    malformed_rate: float = 0.0
    seed: int | None = None
    hang_seconds: float = 30.0
    fail_status: int = 500

    def __post_init__(self) -> None:
        ranges = {
            "fail_rate": (0.0, 1.0),
            "timeout_rate": (0.0, 1.0),
            "malformed_rate": (0.0, 1.0),
            "latency_ms": (0, MAX_LATENCY_MS),
            "hang_seconds": (0.0, MAX_HANG_SECONDS),
            "fail_status": (500, 599),
        }
        for name, (low, high) in ranges.items():
            value = getattr(self, name)
            if not low <= value <= high:  # also False for NaN
                raise ValueError(
                    f"Faults.{name}: {value!r} is not allowed; expected {low} to {high}"
                )


class FaultInjector:
    """Draws faults with a (seedable) random generator and waits interruptibly.

    ``release()`` wakes every sleeping or hung request at once, so shutdown never waits.
    """

    def __init__(self, faults: Faults) -> None:
        self._lock = threading.Lock()
        self._released = threading.Event()
        self.configure(faults)

    def configure(self, faults: Faults) -> None:
        """Swap the fault settings at run time (the random generator restarts from the seed)."""
        with self._lock:
            self.faults = faults
            self._random = random.Random(faults.seed)  # noqa: S311 - not for security

    def draw(self) -> Fault | None:
        """The fault for one request, or None."""
        with self._lock:
            faults, roll = self.faults, self._random.random()
        for fault, rate in (
            ("timeout", faults.timeout_rate),
            ("fail", faults.fail_rate),
            ("malformed", faults.malformed_rate),
        ):
            if roll < rate:
                return fault  # type: ignore[return-value]
            roll -= rate
        return None

    def delay(self) -> None:
        """Sleep the configured latency (cut short on release)."""
        self._released.wait(self.faults.latency_ms / 1000)

    def hang(self) -> None:
        """Hold a request for ``hang_seconds`` (cut short on release)."""
        self._released.wait(self.faults.hang_seconds)

    def release(self) -> None:
        self._released.set()
