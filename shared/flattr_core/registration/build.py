"""The static hosts' entry point: ``register_build`` at the end of a build, ``known_ids`` before.

A build writes its manifest, registers when the settings say so, and never fails because
the API did (unless ``strict``): the site keeps working auto-submit buttons. Each thing is
registered with a token of its owner's account (``accounts``): the site's token for the
site's account, an author's for theirs; an account without one keeps auto-submit buttons
(which pay it), named once in the build's summary.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from ..errors import AuthError, FlattrError, RegistrationIncomplete
from ..models import Endpoints, Secret, Thing
from .manifest import FILENAME as MANIFEST_FILENAME
from .manifest import write_manifest

# The store (sqlite3), the accounts and the sync code are imported where a build uses them,
# not here: a build that registers nothing (``register: never``, no store yet) never loads
# them, which is most of what a small site's build paid for the plugin.
if TYPE_CHECKING:
    from ..records import SyncSummary
    from . import accounts

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

    @property
    def site(self) -> _SiteLayer: ...

    @property
    def author_tokens(self) -> Mapping[str, Secret]: ...


class _SiteLayer(Protocol):
    @property
    def username(self) -> str | None: ...  # the site's account: whose the site's token is


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
    environ: Mapping[str, str] = os.environ,
) -> BuildOutcome:
    """Write the manifest, register when the settings say so, and never fail the build.

    Network and API trouble becomes a warning-level outcome, unless ``config.strict``, in
    which case the ``FlattrError`` is raised: ``RegistrationIncomplete`` when things were not
    all registered, ``AuthError`` for ``register: always`` without a token, or the error that
    stopped the run. The site keeps working auto-submit buttons.
    """
    things = list(things)
    cache = Path(cache_dir)
    manifest = write_manifest(cache / MANIFEST_FILENAME, config.endpoints, things)
    skip = _skip_reason(config, serving)
    try:
        credentials = _credentials(things, config, environ) if skip is None else []
        if skip is None and not credentials:
            skip = _NOTHING_TO_SEND_WITH
        if skip is not None:
            return _skipped(skip, config, known_ids(cache, things), manifest)
        done = _sync(things, credentials, config, cache / STORE_FILENAME, concurrency, deadline)
    except FlattrError as exc:  # an unreadable token file or store, an unreachable API
        if config.strict:
            raise
        message = f"Flattr registration failed: {exc}; buttons use auto-submit links"
        return BuildOutcome(message, "warning", None, known_ids(cache, things), manifest)
    return _finish(done, config, known_ids(cache, things), manifest)


def _skipped(
    skip: str, config: BuildSettings, ids: Mapping[str, int], manifest: Path
) -> BuildOutcome:
    level: Literal["info", "warning"] = "warning" if config.register == "always" else "info"
    if level == "warning" and config.strict:
        raise AuthError(f"Flattr registration: {skip}")  # always + strict: the build stops
    return BuildOutcome(skip, level, None, ids, manifest)


def _sync(
    things: list[Thing],
    credentials: list[accounts.Credential],
    config: BuildSettings,
    store_path: Path,
    concurrency: int,
    deadline: float,
) -> accounts.AccountsOutcome:
    from . import accounts
    from .store import SQLiteThingStore

    with SQLiteThingStore(store_path) as store:
        return accounts.sync_accounts(
            things, credentials, store, config.endpoints, cache=store,
            concurrency=concurrency, deadline=deadline,
        )  # fmt: skip


def _credentials(
    things: list[Thing], config: BuildSettings, environ: Mapping[str, str]
) -> list[accounts.Credential]:
    from . import accounts

    return accounts.gather(
        (thing.owner.username for thing in things),
        site_token=config.token,
        site_account=config.site.username,
        author_tokens=config.author_tokens,
        environ=environ,
        api_url=config.endpoints.api_url,
    )


_NOTHING_TO_SEND_WITH = (  # a message, not a secret (ruff's S105 looks at names)
    "Flattr registration skipped: no token (set FLATTR_TOKEN, FLATTR_TOKEN_<ACCOUNT> for an "
    "author's account, or run flattr auth login)"
)


def _skip_reason(config: BuildSettings, serving: bool) -> str | None:
    """Why this build registers nothing, before any token is looked for; None: it may."""
    if config.register == "never":
        return "Flattr registration is off (register: never)"
    if serving and config.register != "always":
        return "Flattr registration skipped while serving (set register: always to force it)"
    return None


def _finish(
    done: accounts.AccountsOutcome, config: BuildSettings, ids: Mapping[str, int], manifest: Path
) -> BuildOutcome:
    """One line for the summary, one more per note (an account left out, a token's owner)."""
    from .sync import describe

    summary = done.summary
    unfinished = bool(summary.failed or summary.deferred)
    left_out = bool(done.unrouted) and config.register == "always"
    first = f"Flattr registration: {describe(summary)}"
    if config.strict and (unfinished or done.trouble or left_out):
        first += f"; see `flattr sync {manifest}` to retry"
    elif unfinished:
        first += "; the next build retries"
    message = "\n".join([first, *(f"Flattr registration: {note}" for note in done.notes)])
    if not (unfinished or done.trouble or left_out):
        return BuildOutcome(message, "info", summary, ids, manifest)
    if config.strict:
        raise RegistrationIncomplete(message)
    return BuildOutcome(message, "warning", summary, ids, manifest)


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
    from .store import SQLiteThingStore

    try:
        with SQLiteThingStore(path) as store:
            return store.thing_ids(urls)
    except FlattrError as exc:
        log.debug("no thing ids: %s", exc)
        return {}
