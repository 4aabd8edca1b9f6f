"""flattr_core: everything Flattr, with no host framework.

Content items become things, buttons, head tags and feed links (offline), and,
with a token, registered things through the REST API v2. The adapters in
``mkdocs_flattr``, ``pelican.plugins.flattr`` and ``wagtail_flattr`` only
translate their host's objects into the plain data of ``flattr_core.models``.

The public names below are listed in docs/core-api.md; a test keeps the two equal.
"""

import importlib
import logging
from typing import TYPE_CHECKING

from . import errors, links, markup, models, settings, text, vocab
from .errors import (
    APIError,
    AuthError,
    ConfigError,
    ContentError,
    FlattrError,
    Problem,
    RateLimitError,
    StoreError,
    TransportError,
)
from .markup import add_payment_links
from .models import ButtonOptions, ContentItem, Creator, Endpoints, Secret, SyncSummary, Thing
from .settings import Resolved, SiteConfig
from .settings.tokens import resolve_token

if TYPE_CHECKING:
    from . import registration
    from .registration.build import BuildOutcome, known_ids, register_build
    from .registration.client import FlattrClient
    from .registration.connect import connect_account
    from .registration.manifest import read_manifest, write_manifest
    from .registration.store import SQLiteThingStore, ThingStore
    from .registration.sync import sync

# These import requests or sqlite3: loaded on first use, so a build that only renders
# does not pay for them. Name -> (module, attribute; None for the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "registration": ("registration", None),
    "BuildOutcome": ("registration.build", "BuildOutcome"),
    "known_ids": ("registration.build", "known_ids"),
    "register_build": ("registration.build", "register_build"),
    "FlattrClient": ("registration.client", "FlattrClient"),
    "connect_account": ("registration.connect", "connect_account"),
    "read_manifest": ("registration.manifest", "read_manifest"),
    "write_manifest": ("registration.manifest", "write_manifest"),
    "SQLiteThingStore": ("registration.store", "SQLiteThingStore"),
    "ThingStore": ("registration.store", "ThingStore"),
    "sync": ("registration.sync", "sync"),
}

__version__ = "0.1.0.dev0"

__all__ = [
    "APIError",
    "AuthError",
    "BuildOutcome",
    "ButtonOptions",
    "ConfigError",
    "ContentError",
    "ContentItem",
    "Creator",
    "Endpoints",
    "FlattrClient",
    "FlattrError",
    "Problem",
    "RateLimitError",
    "Resolved",
    "SQLiteThingStore",
    "Secret",
    "SiteConfig",
    "StoreError",
    "SyncSummary",
    "Thing",
    "ThingStore",
    "TransportError",
    "__version__",
    "add_payment_links",
    "connect_account",
    "errors",
    "known_ids",
    "links",
    "markup",
    "models",
    "read_manifest",
    "register_build",
    "registration",
    "resolve_token",
    "settings",
    "sync",
    "text",
    "vocab",
    "write_manifest",
]


def __getattr__(name: str) -> object:
    """Import a lazy public name on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(f".{module_name}", __name__)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# The core logs at DEBUG only; hosts decide what their users see.
logging.getLogger(__name__).addHandler(logging.NullHandler())
