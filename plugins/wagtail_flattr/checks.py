"""System checks: configuration problems surface at startup, each naming what to change."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks

from flattr_core import ConfigError, Problem, SiteConfig
from flattr_core.settings.checks import known_option

from . import conf
from .finders import DOTTED_PATH as FINDER

SCOPES = ("flattr", "thing", "email", "extendedread")  # reference/flattr-api.md §1.2
IMMEDIATE_BACKENDS = (
    "django.tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.immediate.ImmediateBackend",
)
# Backends that run tasks in this process, or never: everything else runs them in a worker.
IN_PROCESS_BACKENDS = (
    *IMMEDIATE_BACKENDS,
    "django.tasks.backends.dummy.DummyBackend",
    "django_tasks.backends.dummy.DummyBackend",
)
PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``WAGTAIL_FLATTR`` keys and base URLs, and the apps this one needs."""
    found: list[checks.CheckMessage] = []
    found.extend(
        checks.Error(
            f"WAGTAIL_FLATTR has an unknown key {key!r}; "
            f"expected {known_option(key, conf.KNOWN_KEYS)}",
            id="wagtail_flattr.E001",
        )
        for key in sorted(set(map(str, conf.raw())) - conf.KNOWN_KEYS)
    )
    found.extend(_check_values())
    found.extend(_check_defaults())
    found.extend(_check_finder())
    if not apps.is_installed("wagtail.contrib.settings"):
        found.append(
            checks.Error(
                "wagtail_flattr needs 'wagtail.contrib.settings' in INSTALLED_APPS",
                id="wagtail_flattr.E003",
            )
        )
    return found


def _seconds(most: float, whole: bool = False) -> Callable[[object], bool]:
    def valid(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
            return False
        return math.isfinite(value) and 0 < value <= most

    return valid


def _scopes(value: object) -> bool:
    words = value.split() if isinstance(value, str) else []
    return "thing" in words and set(words) <= set(SCOPES)


# key -> (is the value valid, what is allowed)
_VALUES: Mapping[str, tuple[Callable[[object], bool], str]] = {
    "DEFAULTS": (lambda v: isinstance(v, Mapping), "a dict of site options (see docs/wagtail.md)"),
    "TIMEOUT": (_seconds(300), "a number of seconds above 0, at most 300"),
    "AUTHOR_CACHE_SECONDS": (_seconds(86_400, whole=True), "a whole number from 1 to 86400"),
    "TASK_DEADLINE": (_seconds(3600), "a number of seconds above 0, at most 3600"),
    "SCOPES": (_scopes, f"a space-separated string of {', '.join(SCOPES)}, with thing"),
}


def _check_values() -> list[checks.CheckMessage]:
    """The install-wide values: each bad one named with its value and what is allowed."""
    given = getattr(settings, "WAGTAIL_FLATTR", {})
    if not isinstance(given, Mapping):
        problems = [Problem("WAGTAIL_FLATTR", type(given).__name__, "a dict of options")]
    else:
        problems = [
            Problem(f"WAGTAIL_FLATTR[{key!r}]", given[key], allowed)
            for key, (valid, allowed) in _VALUES.items()
            if key in given and not valid(given[key])
        ]
    return [checks.Error(str(problem), id="wagtail_flattr.E005") for problem in problems]


def _check_defaults() -> list[checks.CheckMessage]:
    endpoints = conf.endpoints()
    mapping = {
        **conf.defaults(),
        "api_url": endpoints.api_url,
        "web_url": endpoints.web_url,
        "loader_url": endpoints.loader_url,
        "badge_url": endpoints.badge_url,
    }
    try:
        SiteConfig.from_mapping(mapping, source="WAGTAIL_FLATTR", token_fallback=False)
    except ConfigError as exc:
        return [checks.Error(str(exc), id="wagtail_flattr.E002")]
    return []


def _check_finder() -> list[checks.CheckMessage]:
    finders = getattr(settings, "STATICFILES_FINDERS", ())
    if FINDER in finders:
        return []
    return [
        checks.Error(
            f"STATICFILES_FINDERS lacks {FINDER!r}: the Flattr button's stylesheet and script "
            "would not be found (404)",
            hint="Add it after Django's two default finders.",
            id="wagtail_flattr.E004",
        )
    ]


@checks.register(checks.Tags.compatibility)
def check_task_backend(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when registration would run inline, inside the editor's publish request.

    Only where something can register: accounts are connected through the OAuth client
    (``CLIENT_ID``), so an install with buttons only is told nothing it need not act on.
    """
    if not conf.get("CLIENT_ID"):
        return []
    alias, backend = _task_backend()
    if backend not in IMMEDIATE_BACKENDS:
        return []
    return [
        checks.Warning(
            f"The task backend {alias!r} ({backend}) runs tasks inline: publishing a page would "
            "wait for the Flattr API.",
            hint="Configure TASKS with a worker backend, e.g. django_tasks_db.DatabaseBackend "
            "(pip install django-tasks-db) and run `manage.py db_worker`.",
            id="wagtail_flattr.W001",
        )
    ]


def _task_backend() -> tuple[str, str]:
    """The TASKS alias registration runs on, and that alias's backend (Django's default:
    the immediate one)."""
    alias = conf.get("TASK_BACKEND")
    tasks = getattr(settings, "TASKS", {})
    given = tasks.get(alias, {}) if isinstance(tasks, dict) else {}
    return alias, str(given.get("BACKEND", IMMEDIATE_BACKENDS[0]))


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when the cache is per process while more than one process serves the site.

    A worker task backend always means two: registration runs in the worker, and the thing ids
    it writes to the cache (and the quota it counts) never reach the web processes. Several
    web processes (``WEB_CONCURRENCY``, which gunicorn reads) each keep their own author
    accounts and view restrictions, stale after a change made in another."""
    backend = getattr(settings, "CACHES", {}).get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    reasons = []
    alias, tasks = _task_backend()
    if conf.get("CLIENT_ID") and tasks not in IN_PROCESS_BACKENDS:
        reasons.append(f"registration runs in the task worker ({alias!r}: {tasks})")
    if _web_processes() > 1:
        reasons.append(f"WEB_CONCURRENCY is {_web_processes()}")
    if not reasons:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend}) is per process, but {' and '.join(reasons)}: "
            "registered thing ids, the shared Flattr quota and changed author accounts would "
            "stay in the process that wrote them.",
            hint="Use a cache every process shares, e.g. CACHES = {'default': {'BACKEND': "
            "'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://127.0.0.1:6379'}}"
            " (docs/wagtail.md, Production).",
            id="wagtail_flattr.W002",
        )
    ]


def _web_processes() -> int:
    value = os.environ.get("WEB_CONCURRENCY", "")
    return int(value) if value.isdigit() else 1
