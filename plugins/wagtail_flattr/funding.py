"""Funding from Wagtail's records, as the core's ``funding`` settings: the site's over
``DEFAULTS``, and each editor's beside their Flattr account (``authors``).

``DEFAULTS["funding"]`` may be a FUNDING.yml path (settings.py is the install owner's own
file): the core reads it once per version of the file, and it goes under each site's providers
as a mapping would. Editors' funding is one cached lookup, like their Flattr accounts
(``lookups``): no query per page once warm, dropped when an account changes. An editor's
invalid value is kept aside by the core with the rest of their entry (``isolate_layers``):
only their pages lose it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from flattr_core import providers
from flattr_core.errors import ConfigError
from flattr_core.providers.config import OFF_WORDS, ON_WORDS

from . import conf, lookups

_AUTHOR_FUNDING = "wagtail_flattr:author-funding"
SWITCH_WORDS = OFF_WORDS | ON_WORDS


def site_funding(default: object, own: object) -> object:
    """The site's ``funding``: its own providers over ``DEFAULTS``' (each provider decided by
    the site when it names it, ``off`` included); None when neither sets any."""
    if own is False:  # every provider off on this site (stored by code: the form has no switch)
        return False
    default = _read_if_file(default)
    if isinstance(default, str | Path):  # unreadable or invalid: the core names its problem
        return default
    if isinstance(default, Mapping) and isinstance(own, Mapping):
        merged = {**default, **own}
        return merged or None
    return own or default or None


def _read_if_file(value: object) -> object:
    """A FUNDING.yml path as the ``funding`` mapping it gives; anything else as it is (an
    unreadable or invalid file too: the core then names the file and its problem)."""
    if not isinstance(value, str | Path) or str(value).strip().lower() in SWITCH_WORDS:
        return value  # a mapping, or the whole setting turned on or off
    try:
        stat = Path(value).stat()
        found = _funding_yml(str(value), stat.st_mtime_ns, stat.st_size)
    except (OSError, ConfigError):
        return value
    return dict(found) if isinstance(found, Mapping) else found  # the cached one stays as read


@functools.lru_cache(maxsize=8)
def _funding_yml(path: str, mtime_ns: int, size: int) -> object:
    """The file's funding, read once per version of it (the cache key has its stamp)."""
    return providers.layer_mapping(providers.read_funding_yml(Path(path)).layer)


def author_layers() -> dict[str, dict[str, Any]]:
    """Every editor's entry of the core's ``authors``, by user id: their Flattr account and
    their own funding (an editor may have either alone)."""
    layers: dict[str, dict[str, Any]] = {
        uid: dict(account) for uid, account in lookups.author_accounts().items()
    }
    for uid, funding in author_funding().items():
        layers.setdefault(uid, {})["funding"] = funding
    return layers


def author_funding() -> dict[str, object]:
    """Each editor's own funding as stored (checked by the core when used), by user id."""
    from .models import FlattrAuthor

    def load() -> dict[str, object]:
        rows = FlattrAuthor.objects.values_list("user_id", "funding")
        return {str(uid): funding for uid, funding in rows if funding or funding is False}

    found = cast(  # what load() gave, now or earlier: a dict, never None
        "dict[str, object]",
        cache.get_or_set(_AUTHOR_FUNDING, load, conf.get("AUTHOR_CACHE_SECONDS")),
    )
    return dict(found)


@receiver(post_save, sender="wagtail_flattr.FlattrAuthor")
@receiver(post_delete, sender="wagtail_flattr.FlattrAuthor")
def _authors_changed(**kwargs: Any) -> None:
    cache.delete(_AUTHOR_FUNDING)
