"""System checks: configuration problems surface at startup, each naming what to change."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks

from flattr_core.errors import ConfigError
from flattr_core.settings import SiteConfig

from . import conf
from .finders import DOTTED_PATH as FINDER

IMMEDIATE_BACKENDS = (
    "django.tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.immediate.ImmediateBackend",
)


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``WAGTAIL_FLATTR`` keys and base URLs, and the apps this one needs."""
    found: list[checks.CheckMessage] = []
    unknown = sorted(set(conf.raw()) - conf.KNOWN_KEYS)
    if unknown:
        allowed = ", ".join(sorted(conf.KNOWN_KEYS))
        found.append(
            checks.Error(
                f"WAGTAIL_FLATTR has unknown keys {unknown}; allowed: {allowed}",
                id="wagtail_flattr.E001",
            )
        )
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


def _check_defaults() -> list[checks.CheckMessage]:
    endpoints = conf.endpoints()
    mapping = {**conf.get("DEFAULTS"), "api_url": endpoints.api_url, "web_url": endpoints.web_url}
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
    """Warn when registration would run inline, inside the editor's publish request."""
    alias = conf.get("TASK_BACKEND")
    backend = getattr(settings, "TASKS", {}).get(alias, {}).get("BACKEND", IMMEDIATE_BACKENDS[0])
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
