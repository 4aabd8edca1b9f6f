"""Small lookups that rendering needs on every page, kept in Django's cache so that a page
render costs no database query once they are warm.

Each is one query on a miss (all rows at once). A change bumps the lookup's generation, at
once and again when its transaction commits, and a cached value counts only under the
generation it was loaded under: so a process that read the old rows just before the commit and
wrote its value after the first bump never serves it as current (with a plain delete, that
value would stay until its TTL). With several processes (web workers, task workers) the cache
must be shared (Redis, Memcached, database): a per-process ``LocMemCache`` bumps only in the
process that made the change, and the system check ``wagtail_flattr.W002`` says so.

Registered thing ids are written by the registration as it records them (in the task worker),
and read back from the database on a miss (an evicted key, a flushed cache).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf

_AUTHORS = "wagtail_flattr:authors"
_RESTRICTED = "wagtail_flattr:restricted-paths"
_LOCALES = "wagtail_flattr:locales"
_THING_ID = "wagtail_flattr:thing-id:"
_GENERATION = ":generation"
NO_THING = 0  # cached "no thing id": the page is not registered (yet)


def _generation(key: str, found: dict[str, Any]) -> int:
    generation = found.get(key + _GENERATION)
    if generation is None:  # new, or evicted: a fresh number, never one an old value holds
        cache.add(key + _GENERATION, time.time_ns(), None)
        generation = cache.get(key + _GENERATION, 0)
    return int(generation)


def _cached(key: str, load: Callable[[], Any]) -> Any:
    """The value under ``key`` if it was loaded under the current generation, else loaded."""
    found = cache.get_many([key, key + _GENERATION])
    generation = _generation(key, found)
    held = found.get(key)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == generation:
        return held[1]
    value = load()
    cache.set(key, (generation, value), conf.get("AUTHOR_CACHE_SECONDS"))
    return value


def changed(key: str) -> None:
    """The rows behind ``key`` changed: load them again now (this transaction sees the change)
    and once more when it commits (what other processes loaded meanwhile was the old rows)."""
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _bump(key: str) -> None:
    try:
        cache.incr(key + _GENERATION)
    except ValueError:  # no generation yet: nothing is cached under one
        cache.add(key + _GENERATION, time.time_ns(), None)


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
    """The registered thing's id for ``url``: from the cache, else one query (then cached)."""
    key = _thing_key(url)
    value = cache.get(key)
    if value is None:
        value = _stored_thing_id(url)
        # add, not set: an id the registration wrote meanwhile is newer than what we read
        cache.add(key, value, conf.get("AUTHOR_CACHE_SECONDS"))
    return int(value) or None


def _stored_thing_id(url: str) -> int:
    from .models import FlattrThing

    found = FlattrThing.objects.filter(url=url).values_list("thing_id", flat=True).first()
    return int(found or NO_THING)


def _thing_key(url: str) -> str:
    return _THING_ID + hashlib.sha256(url.encode("utf-8")).hexdigest()


def remember_thing_ids(ids: dict[str, int]) -> None:
    """Keep registered ids for rendering; buttons then link to the thing page."""
    cache.set_many({_thing_key(url): tid for url, tid in ids.items()}, None)


def forget_thing_ids(urls: Iterable[str]) -> None:
    """Those pages have no thing id (any more): their buttons go back to auto-submit links.

    Written as "none", not deleted, so that a render that read the old id just before cannot
    put it back."""
    cache.set_many({_thing_key(url): NO_THING for url in urls}, None)


@receiver(post_save, sender="wagtail_flattr.FlattrAuthor")
@receiver(post_delete, sender="wagtail_flattr.FlattrAuthor")
def _authors_changed(**kwargs: Any) -> None:
    changed(_AUTHORS)


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
def _restrictions_changed(**kwargs: Any) -> None:
    changed(_RESTRICTED)


@receiver(post_save, sender="wagtailcore.Locale")
@receiver(post_delete, sender="wagtailcore.Locale")
def _locales_changed(**kwargs: Any) -> None:
    changed(_LOCALES)
