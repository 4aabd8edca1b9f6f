"""Whose is a token? ``GET /user`` answers once, and the store remembers it by a digest.

Flattr creates a thing for the token's account, so registration never trusts the account a
setting names for a token: it asks, and uses the token only for that account's things
(``accounts``). The answer never changes (a token never changes hands), so the store keeps it
and a build whose tokens are all known asks nothing. Two processes meeting a new token take
turns on a store lease, so it is asked once.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from typing import TYPE_CHECKING, Protocol

from ..errors import APIError, AuthError, FlattrError, TransportError
from ..models import Secret
from .store import lease_owner

if TYPE_CHECKING:  # the client imports requests
    from .client import FlattrClient

log = logging.getLogger(__name__)
_DIGEST_CONTEXT = b"flattr-plugins token owner v1\0"
LEASE_PREFIX = "token-owner:"


class OwnerCache(Protocol):
    """What ``verified_owner`` needs of a store (``SQLiteThingStore`` has it)."""

    def token_owner(self, digest: str) -> str | None: ...

    def remember_token_owner(self, digest: str, username: str) -> None: ...

    def claim(self, url: str, owner: str, ttl: float) -> bool: ...

    def release(self, url: str, owner: str) -> None: ...


def token_digest(token: Secret) -> str:
    """A stable, one-way name for a token: what the store keys its owner by."""
    return hashlib.sha256(_DIGEST_CONTEXT + token.reveal().encode("utf-8")).hexdigest()


def cached_owner(token: Secret, cache: OwnerCache) -> str | None:
    """The owner the store remembers for ``token``, or None (no request)."""
    return cache.token_owner(token_digest(token))


def verified_owner(
    client: FlattrClient, token: Secret, cache: OwnerCache | None, *, deadline_at: float
) -> str:
    """The username of ``token``'s account (``client`` must carry ``token``); remembered in
    ``cache`` (without one, asked every time).

    ``AuthError`` when the API refuses the token; ``TransportError`` or ``APIError`` when it
    could not be asked (a failing API: the caller counts the things as failed, for later).
    """
    if cache is None:
        return _ask(client, deadline_at)
    digest = token_digest(token)
    known = cache.token_owner(digest)
    if known is not None:
        return known
    key, holder = LEASE_PREFIX + digest, lease_owner()
    claimed = _claim(cache, key, holder, deadline_at)
    try:
        known = cache.token_owner(digest)  # the other process may have asked meanwhile
        if known is not None:
            return known
        username = _ask(client, deadline_at)
        cache.remember_token_owner(digest, username)
        log.debug("a token was verified as %s's", username)
        return username
    finally:
        if claimed:
            cache.release(key, holder)


def _claim(cache: OwnerCache, key: str, holder: str, deadline_at: float) -> bool:
    while not cache.claim(key, holder, 60.0):
        if time.monotonic() + 0.2 >= deadline_at:
            return False  # ask anyway: asking twice costs a request, not money
        time.sleep(random.uniform(0.05, 0.15))  # noqa: S311 (jitter, not crypto)
    return True


def _ask(client: FlattrClient, deadline_at: float, attempts: int = 3) -> str:
    """``GET /user``, retried on timeouts and 5xx; the username."""
    last: FlattrError = TransportError("GET /user: not asked")
    for attempt in range(attempts):
        if time.monotonic() >= deadline_at:
            break
        try:
            username = client.user().username
        except AuthError:
            raise
        except (TransportError, APIError) as exc:
            if isinstance(exc, APIError) and exc.status < 500:
                raise
            last = exc
            if attempt + 1 < attempts:
                time.sleep(min(0.25 * 2**attempt, max(deadline_at - time.monotonic(), 0.0)))
            continue
        if not username:
            raise TransportError("GET /user: the answer names no username")
        return username
    raise last
