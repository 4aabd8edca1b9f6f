"""``sync``: register, update or skip a site's things with Flattr.

``sync`` skips every thing the store knows unchanged (no request at all), and runs the rest
through ``thing_sync.ThingSync`` on a bounded thread pool over the client's one keep-alive
session. The client's ``RateLimit`` is the shared governor; a hard deadline bounds the
whole run; what is not done by then is deferred and resumed by the next run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING, TypedDict, Unpack

from ..errors import AuthError
from ..models import SyncSummary, Thing
from ..text import counted
from .store import ThingStore, lease_owner
from .thing_sync import Outcome, ThingSync, is_unchanged

if TYPE_CHECKING:  # builds that only read known ids never import requests
    from .client import FlattrClient  # here, not at the top: requests loads only for a sync

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class SyncOptions(TypedDict, total=False):
    """How a sync runs (``run_sync``'s keywords, with its defaults)."""

    concurrency: int
    deadline: float
    progress: Progress | None
    attempts: int
    account: str | None


def sync(
    things: Iterable[Thing],
    client: FlattrClient,
    store: ThingStore,
    **options: Unpack[SyncOptions],
) -> SyncSummary:
    """Register, update or skip each thing; return what happened.

    The client's token creates things for its own account: pass only that account's things
    (``accounts.sync_accounts`` does, for many tokens), or name the ``account`` (verified) and
    every other account's thing fails without a request. ``options``: ``run_sync``'s.

    Raises ``AuthError`` (after recording every outcome) when the API refused the token,
    since no later request could succeed either. Every other problem is counted.
    """
    summary, stop = run_sync(things, client, store, **options)
    if stop is not None:
        raise stop
    return summary


def run_sync(
    things: Iterable[Thing],
    client: FlattrClient,
    store: ThingStore,
    *,
    concurrency: int = 8,
    deadline: float = 120.0,
    progress: Progress | None = None,
    attempts: int = 4,
    account: str | None = None,
) -> tuple[SyncSummary, AuthError | None]:
    """``sync``, handing back (not raising) the refusal of the token with the summary:
    ``concurrency`` workers share the client; what is not done by ``deadline`` seconds is
    deferred; ``progress(done, total)`` after each thing; ``attempts`` per request."""
    started = time.monotonic()
    unique = list({thing.url: thing for thing in things}.values())
    known = store.get_many(t.url for t in unique)
    todo = [t for t in unique if not is_unchanged(known.get(t.url), t)]
    counts: Counter[Outcome] = Counter({Outcome.UNCHANGED: len(unique) - len(todo)})
    requests_before = client.requests_made
    one = ThingSync(
        client, store, lease_owner(), started + deadline, attempts=attempts, account=account
    )
    tick = _ticker(progress, len(unique), counts[Outcome.UNCHANGED])
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="flattr") as pool:
        futures = [pool.submit(one.run, thing) for thing in todo]
        for future in as_completed(futures):
            counts[future.result()] += 1
            tick()
    summary = _summary(counts, client.requests_made - requests_before, time.monotonic() - started)
    return summary, one.stop


def _ticker(progress: Progress | None, total: int, done: int) -> Callable[[], None]:
    lock = threading.Lock()
    state = [done]

    def tick() -> None:
        with lock:
            state[0] += 1
            if progress is not None:
                progress(state[0], total)

    if progress is not None:
        progress(done, total)
    return tick


def _summary(counts: Counter[Outcome], requests: int, seconds: float) -> SyncSummary:
    return SyncSummary(
        created=counts[Outcome.CREATED],
        updated=counts[Outcome.UPDATED],
        unchanged=counts[Outcome.UNCHANGED],
        failed=counts[Outcome.FAILED],
        deferred=counts[Outcome.DEFERRED],
        requests=requests,
        seconds=round(seconds, 3),
    )


def describe(summary: SyncSummary) -> str:
    """One line for a log or a terminal."""
    return (
        f"{counted(summary.total, 'thing')}: {summary.created} created, {summary.updated} "
        f"updated, {summary.unchanged} unchanged, {summary.failed} failed, {summary.deferred} "
        f"deferred ({counted(summary.requests, 'request')}, {summary.seconds:.1f} s)"
    )


def combine(*summaries: SyncSummary) -> SyncSummary:
    """One summary for several runs (one per account's token)."""
    fields = ("created", "updated", "unchanged", "failed", "deferred", "requests")
    totals = {name: sum(getattr(s, name) for s in summaries) for name in fields}
    return SyncSummary(**totals, seconds=round(sum(s.seconds for s in summaries), 3))
