"""flattr_core: everything Flattr, with no host framework.

Content items become things, buttons, head tags and feed links (offline), and,
with a token, registered things through the REST API v2. The adapters in
``mkdocs_flattr``, ``pelican.plugins.flattr`` and ``wagtail_flattr`` only
translate their host's objects into the plain data of ``flattr_core.models``.

The public names below are listed in docs/core-api.md; a test keeps the two equal.
"""

import logging

from . import config, errors, feeds, links, models, registry, render, store, text, vocab
from .client import FlattrClient
from .config import Resolved, SiteConfig
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
from .feeds import add_payment_links
from .manifest import read_manifest, write_manifest
from .models import ButtonOptions, ContentItem, Creator, Endpoints, Secret, SyncSummary, Thing
from .registry import BuildOutcome, register_build, sync
from .store import SQLiteThingStore, ThingStore
from .tokens import resolve_token

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
    "config",
    "errors",
    "feeds",
    "links",
    "models",
    "read_manifest",
    "register_build",
    "registry",
    "render",
    "resolve_token",
    "store",
    "sync",
    "text",
    "vocab",
    "write_manifest",
]

# The core logs at DEBUG only; hosts decide what their users see.
logging.getLogger(__name__).addHandler(logging.NullHandler())
