"""``connect_account``: one way to connect a Flattr account, for the CLI and the Wagtail admin.

The caller started an ``oauth.Flow`` and took it back with ``oauth.accept_callback`` (so the
code belongs to that flow); this trades the code for a token and asks ``GET /user`` whose it
is. Nothing is saved here: the caller shows the account's name ("Connect Flattr account bob
to Kitchen Garden?") and stores the token only once that is confirmed (the CLI with
``--account NAME`` refuses any other account).
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from ..errors import AuthError
from ..models import Endpoints, Secret
from . import oauth
from .client import DEFAULT_TIMEOUT, FlattrClient


@dataclass(frozen=True)
class Connection:
    """A token and the account it belongs to, as the API said; ``token`` never shows itself."""

    token: Secret
    username: str
    scope: str = ""

    def is_for(self, account: str | None) -> bool:
        """True when ``account`` (a configured username) is this token's (case-insensitive)."""
        return account is not None and account.lower() == self.username.lower()


def connect_account(
    endpoints: Endpoints,
    client_id: str,
    client_secret: Secret,
    code: str,
    redirect_uri: str,
    *,
    session: requests.Session | None = None,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
) -> Connection:
    """Exchange ``code`` (from ``oauth.accept_callback``) and learn the token's account."""
    grant = oauth.exchange_code(
        endpoints, client_id, client_secret, code, redirect_uri, session=session
    )
    return account_of(endpoints, grant, timeout=timeout)


def account_of(
    endpoints: Endpoints,
    grant: oauth.TokenGrant,
    *,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
) -> Connection:
    """Whose a freshly granted token is (``GET /user``)."""
    with FlattrClient(endpoints, grant.access_token, timeout=timeout) as client:
        username = client.user().username
    if not username:
        raise AuthError(f"GET {endpoints.api_url}/user named no account for the new token")
    return Connection(grant.access_token, username, grant.scope)
