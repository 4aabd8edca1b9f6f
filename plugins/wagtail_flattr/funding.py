"""Funding from Wagtail's records, as the core's ``funding`` settings: the site's over
``DEFAULTS``, and each editor's beside their Flattr account (``authors``).

Editors' funding is one cached lookup, like their Flattr accounts (``lookups``): no query per
page once warm, dropped when an account changes. An editor's invalid value is kept aside by
the core with the rest of their entry (``isolate_layers``): only their pages lose it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf, lookups

_AUTHOR_FUNDING = "wagtail_flattr:author-funding"


def site_funding(default: object, own: object) -> object:
    """The site's ``funding``: its own providers over ``DEFAULTS``' (each provider decided by
    the site when it names it, ``off`` included); None when neither sets any."""
    if isinstance(default, Mapping) and isinstance(own, Mapping):
        merged = {**default, **own}
        return merged or None
    return own or default or None


def author_layers() -> dict[str, dict[str, Any]]:
    """Every editor's entry of the core's ``authors``, by user id: their Flattr account and
    their own funding (an editor may have either alone)."""
    layers = {uid: dict(account) for uid, account in lookups.author_accounts().items()}
    for uid, funding in author_funding().items():
        layers.setdefault(uid, {})["funding"] = funding
    return layers


def author_funding() -> dict[str, object]:
    """Each editor's own funding as stored (checked by the core when used), by user id."""
    from .models import FlattrAuthor

    def load() -> dict[str, object]:
        rows = FlattrAuthor.objects.values_list("user_id", "funding")
        return {str(uid): funding for uid, funding in rows if funding or funding is False}

    found = cache.get_or_set(_AUTHOR_FUNDING, load, conf.get("AUTHOR_CACHE_SECONDS"))
    return dict(found)


@receiver(post_save, sender="wagtail_flattr.FlattrAuthor")
@receiver(post_delete, sender="wagtail_flattr.FlattrAuthor")
def _authors_changed(**kwargs: Any) -> None:
    cache.delete(_AUTHOR_FUNDING)
