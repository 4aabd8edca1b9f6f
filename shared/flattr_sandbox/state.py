"""The sandbox's state in SQLite: users, tokens, OAuth clients and codes, things, flattrs.

One connection behind a lock serves every request thread (the server is threaded; SQLite
work per request is tiny). Tokens and client secrets are stored as SHA-256 digests only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    key TEXT PRIMARY KEY, username TEXT NOT NULL, flattr_id TEXT, registered_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    digest TEXT PRIMARY KEY, user_key TEXT NOT NULL, scopes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, secret_digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS client_redirects (
    client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, PRIMARY KEY (client_id, redirect_uri));
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL,
    user_key TEXT NOT NULL, scopes TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS things (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, owner_key TEXT NOT NULL,
    title TEXT NOT NULL, description TEXT NOT NULL, category TEXT NOT NULL,
    language TEXT NOT NULL, tags TEXT NOT NULL, hidden INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS flattrs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, thing_id INTEGER NOT NULL, flattrer TEXT,
    created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS flattrs_thing ON flattrs (thing_id);
"""

THING_COLUMNS = """t.id, t.url, u.username, t.title, t.description, t.category, t.language,
    t.tags, t.hidden, t.created_at, t.updated_at,
    (SELECT COUNT(*) FROM flattrs f WHERE f.thing_id = t.id),
    (SELECT COUNT(DISTINCT COALESCE(f.flattrer, f.id)) FROM flattrs f WHERE f.thing_id = t.id),
    (SELECT COALESCE(MAX(f.created_at), 0) FROM flattrs f WHERE f.thing_id = t.id)"""
THING_SELECT = f"SELECT {THING_COLUMNS} FROM things t JOIN users u ON u.key = t.owner_key"  # noqa: S608
CODE_LIFETIME = 600.0
MAX_ROWID = 2**63 - 1  # an INTEGER PRIMARY KEY holds no more; a bigger id names no thing
MAX_ID_DIGITS = len(str(MAX_ROWID))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def tags_json(tags: object) -> str:
    return json.dumps(list(tags) if isinstance(tags, tuple | list) else [])


@dataclass(frozen=True)
class UserRow:
    username: str
    flattr_id: str | None
    registered_at: int

    @property
    def key(self) -> str:
        return self.username.lower()


@dataclass(frozen=True)
class Grant:
    """What a token allows: whose it is and its scopes."""

    user: UserRow
    scopes: frozenset[str]


@dataclass(frozen=True)
class CodeRow:
    client_id: str
    redirect_uri: str
    user_key: str
    scopes: str
    created_at: float


@dataclass(frozen=True)
class ThingRow:
    id: int
    url: str
    owner: str
    title: str
    description: str
    category: str
    language: str
    tags: tuple[str, ...]
    hidden: bool
    created_at: int
    updated_at: int
    flattrs: int
    flattr_users: int
    last_flattr_at: int

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> ThingRow:
        values = list(row)
        values[7] = tuple(json.loads(str(values[7])))
        values[8] = bool(values[8])
        return cls(*values)  # type: ignore[arg-type]


class State:
    """All reads and writes of the sandbox, serialized by one lock."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it safe against crashes
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            yield self._db.cursor()

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
        with self._cursor() as cursor:
            return cursor.execute(sql, tuple(params)).fetchall()

    def _write(self, sql: str, params: Iterable[object] = ()) -> int:
        with self._cursor() as cursor:
            cursor.execute(sql, tuple(params))
            return cursor.lastrowid or cursor.rowcount

    # users, tokens, clients

    def add_user(self, username: str, flattr_id: str | None) -> None:
        self._write(
            "INSERT INTO users VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE"
            " SET username = excluded.username, flattr_id = excluded.flattr_id",
            (username.lower(), username, flattr_id, int(time.time())),
        )

    def user(self, name: str) -> UserRow | None:
        rows = self._rows(
            "SELECT username, flattr_id, registered_at FROM users WHERE key = ?", (name.lower(),)
        )
        return UserRow(*rows[0]) if rows else None  # type: ignore[arg-type]

    def user_by_flattr_id(self, flattr_id: str) -> UserRow | None:
        rows = self._rows(
            "SELECT username, flattr_id, registered_at FROM users WHERE flattr_id = ?", (flattr_id,)
        )
        return UserRow(*rows[0]) if rows else None  # type: ignore[arg-type]

    def users(self) -> list[UserRow]:
        rows = self._rows("SELECT username, flattr_id, registered_at FROM users ORDER BY key")
        return [UserRow(*row) for row in rows]  # type: ignore[arg-type]

    def add_token(self, token: str, username: str, scopes: Iterable[str]) -> None:
        self._write(
            "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)",
            (digest(token), username.lower(), " ".join(sorted(set(scopes)))),
        )

    def grant(self, token: str) -> Grant | None:
        rows = self._rows("SELECT user_key, scopes FROM tokens WHERE digest = ?", (digest(token),))
        user = self.user(str(rows[0][0])) if rows else None
        if user is None:
            return None
        return Grant(user, frozenset(str(rows[0][1]).split()))

    def add_client(self, client_id: str, secret: str, redirect_uris: Iterable[str] = ()) -> None:
        """Register a client and its redirect URIs (replacing the ones it had)."""
        with self._lock:
            self._write("INSERT OR REPLACE INTO clients VALUES (?, ?)", (client_id, digest(secret)))
            self._write("DELETE FROM client_redirects WHERE client_id = ?", (client_id,))
            for uri in dict.fromkeys(redirect_uris):
                self._write("INSERT INTO client_redirects VALUES (?, ?)", (client_id, uri))

    def redirect_uris(self, client_id: str) -> list[str]:
        """The redirect URIs registered for a client."""
        rows = self._rows(
            "SELECT redirect_uri FROM client_redirects WHERE client_id = ? ORDER BY redirect_uri",
            (client_id,),
        )
        return [str(row[0]) for row in rows]

    def has_client(self, client_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM clients WHERE client_id = ?", (client_id,)))

    def check_client(self, client_id: str, secret: str) -> bool:
        rows = self._rows("SELECT secret_digest FROM clients WHERE client_id = ?", (client_id,))
        return bool(rows) and hmac.compare_digest(str(rows[0][0]), digest(secret))

    # OAuth codes

    def save_code(self, code: str, row: CodeRow) -> None:
        self._write(
            "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?)",
            (code, row.client_id, row.redirect_uri, row.user_key, row.scopes, row.created_at),
        )

    def take_code(self, code: str) -> CodeRow | None:
        """Return and delete a code (codes are single use); expired codes count as unknown."""
        with self._lock:
            rows = self._rows(
                "SELECT client_id, redirect_uri, user_key, scopes, created_at FROM codes"
                " WHERE code = ?",
                (code,),
            )
            self._write("DELETE FROM codes WHERE code = ?", (code,))
        found = CodeRow(*rows[0]) if rows else None  # type: ignore[arg-type]
        if found is None or time.time() - found.created_at > CODE_LIFETIME:
            return None
        return found

    # things

    def insert_thing(self, owner: str, fields: Mapping[str, object]) -> int | None:
        """Create a thing; None when its URL is already registered."""
        now = int(time.time())
        try:
            return self._write(
                "INSERT INTO things (url, owner_key, title, description, category, language,"
                " tags, hidden, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    fields["url"],
                    owner.lower(),
                    fields.get("title", ""),
                    fields.get("description", ""),
                    fields["category"],
                    fields["language"],
                    tags_json(fields.get("tags", ())),
                    int(bool(fields.get("hidden"))),
                    now,
                ),
            )
        except sqlite3.IntegrityError:
            return None

    def update_thing(self, thing_id: int, fields: Mapping[str, object]) -> None:
        columns = {k: v for k, v in fields.items() if k != "url"}
        if "tags" in columns:
            columns["tags"] = tags_json(columns["tags"])
        if "hidden" in columns:
            columns["hidden"] = int(bool(columns["hidden"]))
        columns["updated_at"] = int(time.time())
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self._write(
            f"UPDATE things SET {assignments} WHERE id = ?",  # noqa: S608 - names are ours
            (*columns.values(), thing_id),
        )

    def delete_thing(self, thing_id: int) -> None:
        with self._lock:
            self._write("DELETE FROM flattrs WHERE thing_id = ?", (thing_id,))
            self._write("DELETE FROM things WHERE id = ?", (thing_id,))

    def thing(self, thing_id: int | str) -> ThingRow | None:
        """The thing with this id (or a path's digits); None past SQLite's 64-bit row ids."""
        number = int(thing_id) if len(str(thing_id)) <= MAX_ID_DIGITS else 0
        if not 0 < number <= MAX_ROWID:
            return None
        rows = self._rows(f"{THING_SELECT} WHERE t.id = ?", (number,))
        return ThingRow.from_row(rows[0]) if rows else None

    def thing_by_url(self, url: str) -> ThingRow | None:
        rows = self._rows(f"{THING_SELECT} WHERE t.url = ?", (url,))
        return ThingRow.from_row(rows[0]) if rows else None

    def things(self, owner: str | None = None) -> list[ThingRow]:
        """Every thing (or one owner's), newest first."""
        where, params = ("WHERE t.owner_key = ?", (owner.lower(),)) if owner else ("", ())
        rows = self._rows(f"{THING_SELECT} {where} ORDER BY t.id DESC", params)
        return [ThingRow.from_row(row) for row in rows]

    def add_flattr(self, thing_id: int, flattrer: str | None) -> None:
        self._write(
            "INSERT INTO flattrs (thing_id, flattrer, created_at) VALUES (?, ?, ?)",
            (thing_id, flattrer, int(time.time())),
        )

    def flattrs_since(self, thing_id: int, since: int) -> int:
        rows = self._rows(
            "SELECT COUNT(*) FROM flattrs WHERE thing_id = ? AND created_at >= ?", (thing_id, since)
        )
        count = rows[0][0]
        return count if isinstance(count, int) else 0
