"""The registration pipeline: ``sync`` a site's things with Flattr, and ``register_build``.

``sync`` skips every thing the store knows unchanged (no request at all), and runs the rest
through ``pipeline.Pipeline`` on a bounded thread pool over the client's one keep-alive
session. The client's ``RateLimit`` is the shared governor; a hard deadline bounds the
whole run; what is not done by then is deferred and resumed by the next run.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from .errors import AuthError, FlattrError
from .manifest import FILENAME as MANIFEST_FILENAME
from .manifest import write_manifest
from .models import Endpoints, Secret, SyncSummary, Thing
from .pipeline import Outcome, Pipeline, is_unchanged
from .store import SQLiteThingStore, ThingStore, lease_owner

if TYPE_CHECKING:  # builds that only read known ids never import requests
    from .client import FlattrClient  # here, not at the top: requests loads only for a sync

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
STORE_FILENAME = "flattr-things.sqlite"


def sync(
    things: Iterable[Thing],
    client: FlattrClient,
    store: ThingStore,
    *,
    concurrency: int = 8,
    deadline: float = 120.0,
    progress: Progress | None = None,
    attempts: int = 4,
) -> SyncSummary:
    """Register, update or skip each thing; return what happened.

    Raises ``AuthError`` (after recording every outcome) when the API refused the token,
    since no later request could succeed either. Every other problem is counted.
    """
    started = time.monotonic()
    unique = list({thing.url: thing for thing in things}.values())
    known = store.get_many(t.url for t in unique)
    todo = [t for t in unique if not is_unchanged(known.get(t.url), t)]
    counts: Counter[Outcome] = Counter({Outcome.UNCHANGED: len(unique) - len(todo)})
    requests_before = client.requests_made
    pipeline = Pipeline(client, store, lease_owner(), started + deadline, attempts=attempts)
    tick = _ticker(progress, len(unique), counts[Outcome.UNCHANGED])
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="flattr") as pool:
        futures = [pool.submit(pipeline.run, thing) for thing in todo]
        for future in as_completed(futures):
            counts[future.result()] += 1
            tick()
    if pipeline.stop is not None:
        raise pipeline.stop
    return _summary(counts, client.requests_made - requests_before, time.monotonic() - started)


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
        f"{summary.total} things: {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.failed} failed, {summary.deferred} deferred "
        f"({summary.requests} requests, {summary.seconds:.1f} s)"
    )


# -- the static adapters' entry point -----------------------------------------------------------


class BuildSettings(Protocol):
    """What ``register_build`` reads from ``config.SiteConfig``."""

    @property
    def register(self) -> str: ...  # "auto" | "always" | "never"

    @property
    def strict(self) -> bool: ...

    @property
    def token(self) -> Secret | None: ...

    @property
    def endpoints(self) -> Endpoints: ...


@dataclass(frozen=True)
class BuildOutcome:
    """What a build's registration did: the line to log, at which level, and the known ids."""

    message: str
    level: Literal["info", "warning"] = "info"
    summary: SyncSummary | None = None
    thing_ids: Mapping[str, int] = field(default_factory=dict)
    manifest: Path | None = None


def register_build(
    things: Iterable[Thing],
    config: BuildSettings,
    *,
    cache_dir: str | os.PathLike[str],
    serving: bool = False,
    concurrency: int = 8,
    deadline: float = 120.0,
) -> BuildOutcome:
    """Write the manifest, register when the settings say so, and never fail the build.

    Network and API trouble becomes a warning-level outcome, unless ``config.strict``, in
    which case the ``FlattrError`` is raised. The site keeps working auto-submit buttons.
    """
    things = list(things)
    cache = Path(cache_dir)
    manifest = write_manifest(cache / MANIFEST_FILENAME, config.endpoints, things)
    skip = _skip_reason(config, serving)
    if skip is not None:
        level: Literal["info", "warning"] = "warning" if config.register == "always" else "info"
        if level == "warning" and config.strict:
            raise AuthError(f"Flattr registration: {skip}")
        return BuildOutcome(skip, level, None, known_ids(cache, things), manifest)
    try:
        summary = _sync_build(things, config, cache, concurrency, deadline)
    except FlattrError as exc:
        if config.strict:
            raise
        message = f"Flattr registration failed: {exc}; buttons use auto-submit links"
        return BuildOutcome(message, "warning", None, known_ids(cache, things), manifest)
    return _finish(summary, config.strict, known_ids(cache, things), manifest)


def _skip_reason(config: BuildSettings, serving: bool) -> str | None:
    if config.register == "never":
        return "Flattr registration is off (register: never)"
    if serving and config.register != "always":
        return "Flattr registration skipped while serving (set register: always to force it)"
    if not config.token:
        return "Flattr registration skipped: no token (set FLATTR_TOKEN or run flattr auth login)"
    return None


def _sync_build(
    things: list[Thing], config: BuildSettings, cache: Path, concurrency: int, deadline: float
) -> SyncSummary:
    from .client import FlattrClient  # here, not at the top: requests loads only for a sync

    with (
        SQLiteThingStore(cache / STORE_FILENAME) as store,
        FlattrClient(config.endpoints, config.token, pool_size=concurrency) as client,
    ):
        return sync(things, client, store, concurrency=concurrency, deadline=deadline)


def _finish(
    summary: SyncSummary, strict: bool, ids: Mapping[str, int], manifest: Path
) -> BuildOutcome:
    line = f"Flattr registration: {describe(summary)}"
    if summary.failed == 0 and summary.deferred == 0:
        return BuildOutcome(line, "info", summary, ids, manifest)
    if strict:
        raise FlattrError(f"{line}; see `flattr sync {manifest}` to retry")
    return BuildOutcome(f"{line}; the next build retries", "warning", summary, ids, manifest)


def known_ids(
    cache_dir: str | os.PathLike[str], urls_or_things: Iterable[str | Thing]
) -> dict[str, int]:
    """The Flattr ids, by URL, of the given things that earlier builds registered.

    Reads the store ``register_build`` keeps in ``cache_dir``, so a build can link its buttons
    to thing pages before (or without) registering. Empty when there is no store yet or it
    cannot be read (a DEBUG line says why): buttons then use auto-submit URLs.
    """
    path = Path(cache_dir) / STORE_FILENAME
    urls = [item if isinstance(item, str) else item.url for item in urls_or_things]
    if not urls or not path.exists():
        return {}
    try:
        with SQLiteThingStore(path) as store:
            return store.thing_ids(urls)
    except FlattrError as exc:
        log.debug("no thing ids: %s", exc)
        return {}
