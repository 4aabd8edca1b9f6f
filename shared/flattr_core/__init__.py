"""flattr_core: everything Flattr, with no host framework.

Content items become things, buttons, head tags and feed links (offline), and,
with a token, registered things through the REST API v2. The adapters in
``mkdocs_flattr``, ``pelican.plugins.flattr`` and ``wagtail_flattr`` only
translate their host's objects into the plain data of ``flattr_core.models``.

The public names below are listed in docs/core-api.md; a test keeps the two equal.
"""

import logging
from typing import TYPE_CHECKING

from . import errors, links, markup, models, settings, vocab
from .errors import ConfigError, ContentError, FlattrError, Problem
from .lazy import exports
from .models import ContentItem, Endpoints, Secret, Thing
from .providers import Funding
from .settings import FundingOnly, Resolved, SiteConfig, channel_thing

if TYPE_CHECKING:
    from .registration.build import BuildOutcome, known_ids, register_build
    from .registration.client import FlattrClient

# These import requests or sqlite3: loaded on first use (``flattr_core.lazy``), so a build that
# only renders does not pay for them.
_NAMES = {
    "registration.build": ("BuildOutcome", "known_ids", "register_build"),
    "registration.client": ("FlattrClient",),
}

__version__ = "0.1.0.dev0"

# What more than one adapter or tool imports: the seam every host crosses. A name only one of
# them needs (a Wagtail model's choices, the demo's DemoError) stays in its own module.
__all__ = [
    "BuildOutcome",
    "ConfigError",
    "ContentError",
    "ContentItem",
    "Endpoints",
    "FlattrClient",
    "FlattrError",
    "Funding",
    "FundingOnly",
    "Problem",
    "Resolved",
    "Secret",
    "SiteConfig",
    "Thing",
    "__version__",
    "channel_thing",
    "errors",
    "known_ids",
    "links",
    "markup",
    "models",
    "register_build",
    "settings",
    "vocab",
]


__getattr__, __dir__ = exports(__name__, _NAMES, __all__)

# The core logs at DEBUG only; hosts decide what their users see.
logging.getLogger(__name__).addHandler(logging.NullHandler())
