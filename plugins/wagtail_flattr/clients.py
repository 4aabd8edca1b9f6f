"""The API clients registration uses: a site's endpoints and the configured timeout, a given
token, and that token's account's quota, shared with every other process (``quota``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flattr_core.models import Secret
from flattr_core.registration.accounts import Credential
from flattr_core.registration.client import FlattrClient

from . import conf, quota
from .content import site_config
from .models import FlattrSiteSettings


def factory(
    settings: FlattrSiteSettings, found: list[Credential]
) -> Callable[[Secret | None], FlattrClient]:
    """Clients for the site's endpoints, each spending the quota of its token's account (as
    ``found`` names it)."""
    endpoints, timeout = site_config(settings).endpoints, float(conf.get("TIMEOUT"))
    names = {c.token: c.owner or c.account for c in found}

    def client(token: Secret | None) -> FlattrClient:
        rate = quota.shared_rate_limit(names.get(token) or _digest(token)) if token else None
        return FlattrClient(endpoints, token, timeout=timeout, rate=rate)

    return client


def site_client(settings: FlattrSiteSettings) -> FlattrClient:
    """A client with the site's own token (or none)."""
    account = settings.connected_as or settings.username or None
    found = [Credential(settings.secret, account, "", account)] if settings.secret else []
    return factory(settings, found)(settings.secret)


def _digest(token: Secret) -> str:
    """A token's quota key when its account is unknown: its digest, never the token."""
    return "token:" + hashlib.sha256(token.reveal().encode("utf-8")).hexdigest()
