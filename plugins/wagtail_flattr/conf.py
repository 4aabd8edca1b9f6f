"""The install-wide ``WAGTAIL_FLATTR`` setting, read lazily so ``override_settings`` reaches it.

WAGTAIL_FLATTR = {
    "API_URL": "https://api.flattr.com/rest/v2",   # point both at the sandbox to try it out
    "WEB_URL": "https://flattr.com",
    "CLIENT_ID": "...", "CLIENT_SECRET": "...",    # the OAuth app behind "Connect Flattr account"
    "DEFAULTS": {"category": "text", "button": "static"},  # under every site's own settings
    "TIMEOUT": 10,                                  # seconds per API request, in the task
    "AUTHOR_CACHE_SECONDS": 300,                    # how long per-author accounts are cached
    "TASK_BACKEND": "default",                      # the TASKS alias registration runs on
    "TASK_DEADLINE": 60,                            # seconds one registration task may take
}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from flattr_core import Endpoints, Secret

ENDPOINT_KEYS = {
    "API_URL": "api_url",
    "WEB_URL": "web_url",
    "LOADER_URL": "loader_url",
    "BADGE_URL": "badge_url",
}
DEFAULTS: Mapping[str, Any] = {
    "CLIENT_ID": "",
    "CLIENT_SECRET": "",
    "DEFAULTS": {},
    "TIMEOUT": 10,
    "AUTHOR_CACHE_SECONDS": 300,
    "TASK_BACKEND": "default",
    "TASK_DEADLINE": 60,
    "SCOPES": "thing",
}
KNOWN_KEYS = frozenset(DEFAULTS) | frozenset(ENDPOINT_KEYS)


def raw() -> Mapping[str, Any]:
    """The ``WAGTAIL_FLATTR`` setting as given (empty when absent)."""
    value = getattr(settings, "WAGTAIL_FLATTR", {})
    return value if isinstance(value, Mapping) else {}


def get(name: str) -> Any:
    """One key of ``WAGTAIL_FLATTR``, or its default."""
    return raw().get(name, DEFAULTS.get(name))


def defaults() -> Mapping[str, Any]:
    """``DEFAULTS``, the options under every site's own; empty when it is not a mapping (the
    system check names that problem, and no page should fail over it)."""
    value = get("DEFAULTS")
    return value if isinstance(value, Mapping) else {}


def endpoints() -> Endpoints:
    """Every Flattr base URL: Flattr's own unless ``WAGTAIL_FLATTR`` names others."""
    given = {field: raw()[key] for key, field in ENDPOINT_KEYS.items() if key in raw()}
    return Endpoints(**given)


def client_credentials() -> tuple[str, Secret]:
    """The OAuth client id and secret of the "Connect Flattr account" flow."""
    return str(get("CLIENT_ID") or ""), Secret(str(get("CLIENT_SECRET") or ""))


def task_seconds() -> float:
    """The longest a registration task can run: its deadline, the request in flight then (a
    connect and a read timeout), and the store writes after it. A task running longer is dead."""
    return float(get("TASK_DEADLINE")) + 2 * float(get("TIMEOUT")) + 10.0
