"""What the production tests configure, in the test process (``override_settings``) and in the
processes they start (``settings_production``): Redis as the cache and RQ's store, the task
backends, and the Flattr app pointed at the test's sandbox. All from environment variables, so a
worker and gunicorn get exactly what the test process has."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django

TASKS_PACKAGE = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"
TASK_DEADLINE = 15  # seconds: a killed worker's task counts as dead after about 27 s


def overrides(env: Mapping[str, str]) -> dict[str, Any]:
    """Django settings for Redis at ``FLATTR_TEST_REDIS_URL`` and the sandbox at
    ``FLATTR_TEST_API_URL``; registration on ``FLATTR_TEST_TASK_BACKEND`` (db or rq)."""
    redis = env["FLATTR_TEST_REDIS_URL"]
    return {
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"{redis}/0",
            }
        },
        "RQ_QUEUES": {"default": {"URL": f"{redis}/1", "DEFAULT_TIMEOUT": 120}},
        "TASKS": {
            "default": {"BACKEND": f"{TASKS_PACKAGE}.backends.dummy.DummyBackend"},
            "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
            "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
        },
        "WAGTAIL_FLATTR": {
            "CLIENT_ID": "wagtail-test",
            "CLIENT_SECRET": "wagtail-test-secret",
            "API_URL": env["FLATTR_TEST_API_URL"],
            "WEB_URL": env["FLATTR_TEST_WEB_URL"],
            "TIMEOUT": 1,
            "TASK_DEADLINE": TASK_DEADLINE,
            "TASK_BACKEND": env.get("FLATTR_TEST_TASK_BACKEND", "db"),
        },
    }
