"""Per-site settings, per-page fields, per-author accounts and registration records.

Page references are plain ``page_id`` integers rather than foreign keys, so that one migration
fits both Wagtail 7 and Wagtail 8's swappable base page model (``WAGTAIL_PAGE_MODEL``).
Funding (every way of support beside Flattr) is stored as the core's ``funding`` mapping in
one JSON field per record, edited one field per provider (``funding_fields``).
"""

from .authors import FlattrAuthor, FlattrPendingConnection
from .pages import FlattrPageMixin
from .records import FlattrLease, FlattrThing
from .site import (
    CATEGORY_CHOICES,
    CONFIG_CACHE_ATTR,
    HIDDEN_CHOICES,
    LANGUAGE_CHOICES,
    POSITION_CHOICES,
    STYLE_CHOICES,
    FlattrSiteSettings,
)

__all__ = [
    "CATEGORY_CHOICES",
    "CONFIG_CACHE_ATTR",
    "HIDDEN_CHOICES",
    "LANGUAGE_CHOICES",
    "POSITION_CHOICES",
    "STYLE_CHOICES",
    "FlattrAuthor",
    "FlattrLease",
    "FlattrPageMixin",
    "FlattrPendingConnection",
    "FlattrSiteSettings",
    "FlattrThing",
]
