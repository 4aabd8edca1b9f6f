"""Small lookups that rendering needs on every page, kept in Django's cache so that a page
render costs no database query once they are warm.

Each is one query on a miss (all rows at once), dropped when its rows change. With several web
processes, use a shared cache backend (Redis, Memcached, database): a per-process
``LocMemCache`` only forgets in the process that made the change (the TTL bounds the rest).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf

_AUTHORS = "wagtail_flattr:authors"
_RESTRICTED = "wagtail_flattr:restricted-paths"
_LOCALES = "wagtail_flattr:locales"
_THING_ID = "wagtail_flattr:thing-id:"


def _cached(key: str, load: Callable[[], Any]) -> Any:
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, conf.get("AUTHOR_CACHE_SECONDS"))
    return value


def author_accounts() -> dict[str, dict[str, str]]:
    """Every editor's own Flattr account, keyed by user id (as the core's ``authors`` names)."""
    from .models import FlattrAuthor

    def load() -> dict[str, dict[str, str]]:
        rows = FlattrAuthor.objects.exclude(username="").values_list(
            "user_id", "username", "flattr_id"
        )
        return {str(uid): _account(name, fid) for uid, name, fid in rows}

    return dict(_cached(_AUTHORS, load))


def _account(username: str, flattr_id: str) -> dict[str, str]:
    return {"username": username, "flattr_id": flattr_id} if flattr_id else {"username": username}


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of pages with a view restriction (their whole subtree is private)."""
    from wagtail.models import PageViewRestriction

    def load() -> tuple[str, ...]:
        return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))

    return tuple(_cached(_RESTRICTED, load))


def locale_code(locale_id: int | None) -> str | None:
    """The language code of a Wagtail locale (``en``, ``de-at``), or None."""
    from wagtail.models import Locale

    def load() -> dict[int, str]:
        return dict(Locale.objects.values_list("id", "language_code"))

    return _cached(_LOCALES, load).get(locale_id) if locale_id else None


def thing_id(url: str) -> int | None:
    """The registered thing's id for ``url``, when a registration recorded one (no query)."""
    value = cache.get(_thing_key(url))
    return int(value) if value else None


def _thing_key(url: str) -> str:
    return _THING_ID + hashlib.sha256(url.encode("utf-8")).hexdigest()


def remember_thing_ids(ids: dict[str, int]) -> None:
    """Keep registered ids for rendering; buttons then link to the thing page."""
    cache.set_many({_thing_key(url): tid for url, tid in ids.items()}, None)


def forget_thing_ids(urls: Iterable[str]) -> None:
    """Drop remembered ids: those pages' buttons go back to auto-submit links."""
    forget(_thing_key(url) for url in urls)


def forget(keys: Iterable[str]) -> None:
    cache.delete_many(list(keys))


@receiver(post_save, sender="wagtail_flattr.FlattrAuthor")
@receiver(post_delete, sender="wagtail_flattr.FlattrAuthor")
def _authors_changed(**kwargs: Any) -> None:
    forget([_AUTHORS])


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
def _restrictions_changed(**kwargs: Any) -> None:
    forget([_RESTRICTED])


@receiver(post_save, sender="wagtailcore.Locale")
@receiver(post_delete, sender="wagtailcore.Locale")
def _locales_changed(**kwargs: Any) -> None:
    forget([_LOCALES])
