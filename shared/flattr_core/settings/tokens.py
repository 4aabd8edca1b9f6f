"""Where tokens come from: the settings, the environment, and ``flattr auth login``'s file.

A token belongs to one Flattr account, and Flattr creates a thing for the token's account.
The site's token (``token``, else ``$FLATTR_TOKEN``, else the file's entry from ``flattr auth
login``) is the site's account's. An author's account has its own: ``authors: {Grace:
{username: grace, token: ...}}``, else ``$FLATTR_TOKEN_GRACE`` (``account_env_name``), else the
file's entry from ``flattr auth login --account grace``. Registration never trusts these
labels: it asks the API whose each token is (``registration.owners``).

The file lives in ``$FLATTR_CONFIG_DIR`` (for tests), else ``$XDG_CONFIG_HOME/flattr/``, else
``~/.config/flattr/``, as ``tokens.json``, one token per API base and account::

    {"version": 2,
     "tokens": {API_URL: ENTRY},                  # flattr auth login
     "accounts": {API_URL: {ACCOUNT: ENTRY}}}     # flattr auth login --account ACCOUNT

where ENTRY is ``{"access_token", "username", "scope", "saved_at"}``. A version 1 file has no
``accounts`` and is read as it is. The file is written atomically and is 0600 from its first
byte: a temporary file opened with ``O_CREAT | O_EXCL`` and mode 0600, then renamed.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import AuthError
from ..models import Secret

FILENAME = "tokens.json"
VERSION = 2
TOKEN_ENV = "FLATTR_TOKEN"  # noqa: S105 (a variable name, not a secret)
_NOT_IN_ENV_NAMES = re.compile(r"[^A-Z0-9]")


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The directory of the token file."""
    if environ.get("FLATTR_CONFIG_DIR"):
        return Path(environ["FLATTR_CONFIG_DIR"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "flattr"


def token_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The token file itself."""
    return config_dir(environ) / FILENAME


def account_env_name(account: str) -> str:
    """The variable holding an account's token: ``FLATTR_TOKEN_`` and the username in capitals,
    each character other than A-Z and 0-9 as ``_`` (``jean-luc`` -> ``FLATTR_TOKEN_JEAN_LUC``).

    Two names may meet (``a.b``, ``a_b``): harmless, since a token is only used for the account
    the API says it belongs to."""
    return f"{TOKEN_ENV}_{_NOT_IN_ENV_NAMES.sub('_', account.upper())}"


def _key(api_url: str) -> str:
    return api_url.rstrip("/")


def _read(path: Path) -> dict[str, Any]:
    """The whole document, with a ``tokens`` and an ``accounts`` object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"tokens": {}, "accounts": {}}
    except (OSError, ValueError) as exc:
        raise AuthError(
            f"the token file {path} cannot be read ({exc}); delete it and log in again"
        ) from None
    tokens = data.get("tokens") if isinstance(data, dict) else None
    accounts = data.get("accounts", {}) if isinstance(data, dict) else None
    if not isinstance(tokens, dict) or not isinstance(accounts, dict):
        raise AuthError(
            f"the token file {path} has no 'tokens' object or a bad 'accounts' one; "
            "delete it and log in again"
        )
    return {"tokens": tokens, "accounts": accounts}


def _write(path: Path, document: Mapping[str, Any]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{FILENAME}.{os.getpid()}.{time.monotonic_ns()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": VERSION, **document}, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _entry_token(entry: object) -> Secret | None:
    if isinstance(entry, dict) and isinstance(entry.get("access_token"), str):
        return Secret(entry["access_token"])
    return None


def _account_entry(document: Mapping[str, Any], api_url: str, account: str) -> object:
    per_api = document["accounts"].get(_key(api_url))
    return per_api.get(account.lower()) if isinstance(per_api, dict) else None


def load_token(api_url: str, environ: Mapping[str, str] = os.environ) -> Secret | None:
    """The stored token of ``flattr auth login`` (no ``--account``) for ``api_url``, or None."""
    return _entry_token(_read(token_path(environ))["tokens"].get(_key(api_url)))


def stored_username(api_url: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The username recorded at login for ``api_url``, or None."""
    entry = _read(token_path(environ))["tokens"].get(_key(api_url))
    username = entry.get("username") if isinstance(entry, dict) else None
    return username if isinstance(username, str) else None


def load_account_token(
    api_url: str, account: str, environ: Mapping[str, str] = os.environ
) -> Secret | None:
    """The stored token of ``account`` for ``api_url``: its own entry, else the plain login's
    when that login was ``account``'s; None when there is neither."""
    document = _read(token_path(environ))
    found = _entry_token(_account_entry(document, api_url, account))
    if found is not None:
        return found
    entry = document["tokens"].get(_key(api_url))
    username = entry.get("username") if isinstance(entry, dict) else None
    if isinstance(username, str) and username.lower() == account.lower():
        return _entry_token(entry)
    return None


def save_token(
    api_url: str,
    token: Secret,
    *,
    username: str | None = None,
    scope: str = "",
    account: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """Store ``token`` for ``api_url`` (and ``account``), replacing any other; the file's path."""
    path = token_path(environ)
    document = _read(path)
    entry = {
        "access_token": token.reveal(),
        "username": username,
        "scope": scope,
        "saved_at": int(time.time()),
    }
    if account is None:
        document["tokens"][_key(api_url)] = entry
    else:
        per_api = document["accounts"].setdefault(_key(api_url), {})
        per_api[account.lower()] = entry
    _write(path, document)
    return path


def remove_token(
    api_url: str, environ: Mapping[str, str] = os.environ, *, account: str | None = None
) -> bool:
    """Forget the token for ``api_url`` (and ``account``); False when there was none."""
    path = token_path(environ)
    document = _read(path)
    if account is None:
        removed = document["tokens"].pop(_key(api_url), None)
    else:
        per_api = document["accounts"].get(_key(api_url))
        removed = per_api.pop(account.lower(), None) if isinstance(per_api, dict) else None
    if removed is None:
        return False
    _write(path, document)
    return True


def resolve_token(
    explicit: Secret | str | None, environ: Mapping[str, str], api_url: str
) -> Secret | None:
    """The site's token: ``explicit``, else ``$FLATTR_TOKEN``, else the token file, else None."""
    if explicit:
        return explicit if isinstance(explicit, Secret) else Secret(explicit)
    if environ.get(TOKEN_ENV):
        return Secret(environ[TOKEN_ENV])
    return load_token(api_url, environ)


def account_token(
    account: str, environ: Mapping[str, str], api_url: str
) -> tuple[Secret, str] | None:
    """An account's token from ``$FLATTR_TOKEN_<ACCOUNT>``, else the token file; with where it
    was found (for messages), or None."""
    name = account_env_name(account)
    if environ.get(name):
        return Secret(environ[name]), f"${name}"
    found = load_account_token(api_url, account, environ)
    return (found, f"flattr auth login --account {account}") if found else None


def author_tokens(authors: object) -> dict[str, Secret]:
    """The tokens given in ``authors`` (already validated), by account username (lower case)."""
    found: dict[str, Secret] = {}
    for value in authors.values() if isinstance(authors, Mapping) else ():
        if not isinstance(value, Mapping) or not isinstance(value.get("username"), str):
            continue
        token = value.get("token")
        if isinstance(token, str) and token.strip():
            token = Secret(token.strip())
        if isinstance(token, Secret) and token:
            found.setdefault(value["username"].strip().lower(), token)
    return found


def without_tokens(options: Mapping[str, object]) -> dict[str, object]:
    """``options`` minus the site's ``token`` and every author's (for what gets pickled)."""
    kept = {key: value for key, value in options.items() if key != "token"}
    authors = kept.get("authors")
    if isinstance(authors, Mapping):
        kept["authors"] = {
            name: {k: v for k, v in value.items() if k != "token"}
            if isinstance(value, Mapping)
            else value
            for name, value in authors.items()
        }
    return kept
