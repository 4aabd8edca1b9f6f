"""The static hosts' entry point: ``register_build`` at the end of a build, ``known_ids`` before.

A build writes its manifest, registers when the settings say so, and never fails because
the API did (unless ``strict``): the site keeps working auto-submit buttons.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from ..errors import AuthError, FlattrError
from ..models import Endpoints, Secret, SyncSummary, Thing
from .manifest import FILENAME as MANIFEST_FILENAME
from .manifest import write_manifest
from .store import SQLiteThingStore
from .sync import describe, sync

log = logging.getLogger(__name__)

STORE_FILENAME = "flattr-things.sqlite"


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
