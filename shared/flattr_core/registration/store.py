"""Where registration remembers what it did: the ``ThingStore`` protocol and its SQLite form.

One row per thing, keyed by its canonical URL, written as each outcome happens, so a crash
or a kill loses nothing and the next sync resumes. Leases (one per URL, held across
lookup + create) keep two syncs of the same site, in two processes, from registering the
same thing twice. Wagtail implements the same protocol on its ORM.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from ..errors import StoreError
from ..models import Status, ThingRecord

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS things (
    url TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    thing_id INTEGER,
    error TEXT,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (
    url TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""
# Whose each token is, as GET /user said (registration.owners): keyed by a digest of the token,
# never the token. Outside the versioned schema: an additive table older versions ignore.
_OWNERS_SCHEMA = """
CREATE TABLE IF NOT EXISTS token_owners (
    digest TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    verified_at REAL NOT NULL
)
"""
_SELECT = "SELECT url, fingerprint, status, thing_id, error, updated_at FROM things"
_UPSERT = (
    "INSERT OR REPLACE INTO things (url, fingerprint, status, thing_id, error, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_HOST = socket.gethostname()


class ThingStore(Protocol):
    """What the registration pipeline needs from a store."""

    def get(self, url: str) -> ThingRecord | None: ...

    def get_many(self, urls: Iterable[str]) -> dict[str, ThingRecord]: ...

    def put(self, record: ThingRecord) -> None: ...

    def thing_ids(self, urls: Iterable[str]) -> dict[str, int]: ...

    def claim(self, url: str, owner: str, ttl: float) -> bool:
        """Take the lease on ``url`` for ``ttl`` seconds; False while another owner holds it."""
        ...

    def release(self, url: str, owner: str) -> None: ...


def lease_owner() -> str:
    """A fresh owner name: host and pid (so a dead owner's leases can be taken) and a nonce."""
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def owner_is_dead(owner: str) -> bool:
    """True when ``owner`` (``lease_owner``'s form) is a process of this host that is gone."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _HOST or not pid_text.isdigit():
        return False  # another machine: only expiry frees its leases
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class SQLiteThingStore:
    """A ``ThingStore`` in one SQLite file (WAL mode), safe for several processes at once."""

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._set_up(time.monotonic() + busy_timeout)
        except (sqlite3.Error, OSError) as exc:
            raise self._unusable(exc) from None

    def __repr__(self) -> str:
        return f"SQLiteThingStore({str(self.path)!r})"

    def __enter__(self) -> SQLiteThingStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _unusable(self, exc: BaseException) -> StoreError:
        return StoreError(
            f"the thing store {self.path} cannot be used ({exc}). Delete the file to start "
            "over: the next sync looks every thing up before creating it, so nothing is "
            "registered twice."
        )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._unusable(exc) from None

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._unusable(exc) from None

    def _set_up(self, deadline: float) -> None:
        # Switching a new file to WAL takes an exclusive lock, and SQLite answers "database is
        # locked" at once, without its busy handler, when another process is doing the same.
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()
        with self._transaction() as db:
            db.execute(_OWNERS_SCHEMA)

    def _migrate(self) -> None:
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the thing store {self.path} has schema version {version}, newer than "
                    f"this flattr-plugins understands ({SCHEMA_VERSION}): upgrade, or delete it"
                )
            if version < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- records ------------------------------------------------------------------------------

    def get(self, url: str) -> ThingRecord | None:
        """The record for ``url``, or None."""
        rows = self._query(_SELECT + " WHERE url = ?", (url,))
        return self._record(rows[0]) if rows else None

    def get_many(self, urls: Iterable[str]) -> dict[str, ThingRecord]:
        """The records for those of ``urls`` that have one."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, ThingRecord] = {}
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = tuple(wanted[start : start + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"{_SELECT} WHERE url IN ({marks})"
            found.update((row[0], self._record(row)) for row in self._query(sql, chunk))  # type: ignore[misc]
        return found

    def put(self, record: ThingRecord) -> None:
        """Insert or replace the record for ``record.url``, in one transaction."""
        row = (
            record.url,
            record.fingerprint,
            record.status.value,
            record.thing_id,
            record.error,
            record.updated_at or time.time(),
        )
        with self._transaction() as db:
            db.execute(_UPSERT, row)

    def thing_ids(self, urls: Iterable[str]) -> dict[str, int]:
        """Known remote ids by URL, for linking buttons to thing pages."""
        records = self.get_many(urls)
        return {url: r.thing_id for url, r in records.items() if r.thing_id is not None}

    def records(self) -> list[ThingRecord]:
        """Every record, ordered by URL."""
        return [self._record(row) for row in self._query(_SELECT + " ORDER BY url")]

    def _record(self, row: tuple[object, ...]) -> ThingRecord:
        try:
            return _record(row)
        except ValueError:  # a status this version does not know: written by hand, or damaged
            raise StoreError(
                f"the thing store {self.path} has a row with an unknown status "
                f"{str(row[2])[:20]!r} (for {str(row[0])[:200]}); expected one of "
                f"{', '.join(s.value for s in Status)}. Delete the file to start over: the next "
                "sync looks every thing up before creating it, so nothing is registered twice."
            ) from None

    # -- token owners -------------------------------------------------------------------------

    def token_owner(self, digest: str) -> str | None:
        """The account a token (by its digest) was verified to belong to, or None."""
        rows = self._query("SELECT username FROM token_owners WHERE digest = ?", (digest,))
        return str(rows[0][0]) if rows else None

    def remember_token_owner(self, digest: str, username: str) -> None:
        """Record whose a token is (a token never changes hands, so this is never stale)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO token_owners VALUES (?, ?, ?)",
                (digest, username, time.time()),
            )

    # -- leases -------------------------------------------------------------------------------

    def claim(self, url: str, owner: str, ttl: float) -> bool:
        """Take the lease on ``url``; a lease that expired or whose process died is taken over."""
        now = time.time()
        with self._transaction() as db:
            row = db.execute(
                "SELECT owner, expires_at FROM leases WHERE url = ?", (url,)
            ).fetchone()
            if row is not None and row[0] != owner and row[1] > now and not owner_is_dead(row[0]):
                return False
            db.execute("INSERT OR REPLACE INTO leases VALUES (?, ?, ?)", (url, owner, now + ttl))
            return True

    def release(self, url: str, owner: str) -> None:
        """Give the lease back (only if ``owner`` still holds it)."""
        with self._transaction() as db:
            db.execute("DELETE FROM leases WHERE url = ? AND owner = ?", (url, owner))


def _record(row: tuple[object, ...]) -> ThingRecord:
    url, fingerprint, status, thing_id, error, updated_at = row
    return ThingRecord(
        url=str(url),
        fingerprint=str(fingerprint),
        status=Status(str(status)),
        thing_id=int(thing_id) if isinstance(thing_id, int) else None,
        error=str(error) if error is not None else None,
        updated_at=float(updated_at) if isinstance(updated_at, int | float) else 0.0,
    )
