"""The token file written by ``flattr auth login``: one token per API base, mode 0600.

It lives in ``$FLATTR_CONFIG_DIR`` (for tests), else ``$XDG_CONFIG_HOME/flattr/``, else
``~/.config/flattr/``, as ``tokens.json``. It is written atomically and is 0600 from its
first byte: a temporary file opened with ``O_CREAT | O_EXCL`` and mode 0600, then renamed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import AuthError
from ..models import Secret

FILENAME = "tokens.json"
TOKEN_ENV = "FLATTR_TOKEN"  # noqa: S105 (a variable name, not a secret)


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The directory of the token file."""
    if environ.get("FLATTR_CONFIG_DIR"):
        return Path(environ["FLATTR_CONFIG_DIR"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "flattr"


def token_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The token file itself."""
    return config_dir(environ) / FILENAME


def _key(api_url: str) -> str:
    return api_url.rstrip("/")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AuthError(
            f"the token file {path} cannot be read ({exc}); delete it and log in again"
        ) from None
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict):
        raise AuthError(f"the token file {path} has no 'tokens' object; delete it and log in again")
    return tokens


def _write(path: Path, tokens: Mapping[str, Any]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{FILENAME}.{os.getpid()}.{time.monotonic_ns()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": 1, "tokens": dict(tokens)}, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def load_token(api_url: str, environ: Mapping[str, str] = os.environ) -> Secret | None:
    """The stored token for ``api_url``, or None."""
    entry = _read(token_path(environ)).get(_key(api_url))
    if isinstance(entry, dict) and isinstance(entry.get("access_token"), str):
        return Secret(entry["access_token"])
    return None


def stored_username(api_url: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The username recorded at login for ``api_url``, or None."""
    entry = _read(token_path(environ)).get(_key(api_url))
    username = entry.get("username") if isinstance(entry, dict) else None
    return username if isinstance(username, str) else None


def save_token(
    api_url: str,
    token: Secret,
    *,
    username: str | None = None,
    scope: str = "",
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """Store ``token`` for ``api_url`` (replacing any other for it); the file's path."""
    path = token_path(environ)
    tokens = _read(path)
    tokens[_key(api_url)] = {
        "access_token": token.reveal(),
        "username": username,
        "scope": scope,
        "saved_at": int(time.time()),
    }
    _write(path, tokens)
    return path


def remove_token(api_url: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Forget the token for ``api_url``; False when there was none."""
    path = token_path(environ)
    tokens = _read(path)
    if tokens.pop(_key(api_url), None) is None:
        return False
    _write(path, tokens)
    return True


def resolve_token(
    explicit: Secret | str | None, environ: Mapping[str, str], api_url: str
) -> Secret | None:
    """The token to use: ``explicit``, else ``$FLATTR_TOKEN``, else the token file, else None."""
    if explicit:
        return explicit if isinstance(explicit, Secret) else Secret(explicit)
    if environ.get(TOKEN_ENV):
        return Secret(environ[TOKEN_ENV])
    return load_token(api_url, environ)
