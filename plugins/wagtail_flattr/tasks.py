"""The background task that registers a published page. It runs on whatever ``TASKS`` backend
the site configures: Django 6's ``django.tasks``, or the ``django_tasks`` backport on Django 5.2
(which Wagtail itself depends on). Use a worker backend in production, e.g. ``django-tasks-db``
(docs/wagtail.md, "Production").

A registration that failed or was deferred for a reason that may pass (the API down, timeouts,
the quota, another worker holding the page) is tried again by a later task: after a backoff
that grows with each attempt, or when the account's quota comes back; the record stays
*pending* meanwhile. After ``ATTEMPTS`` it is *failed*, with the last error. A backend that
cannot defer a task (the immediate one) records the outcome at once.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

try:
    from django.tasks import task
except ImportError:  # Django 5.2
    from django_tasks import task  # type: ignore[no-redef]  # the backport: the same decorator

from flattr_core.models import Status

from . import conf, pending, quota
from .models import FlattrThing
from .registration import Attempt, register_page

ATTEMPTS = 5
BACKOFF_CAP = 600.0  # seconds


@task()
def register_page_task(page_id: int, attempt: int = 1) -> str:
    """Register or update the Flattr thing of one published page (``attempt`` of ``ATTEMPTS``)."""
    pending.sweep_now_and_then()
    done = register_page(page_id)
    if not done.retry:
        return done.line
    later = register_page_task.using(backend=conf.get("TASK_BACKEND"))
    if attempt >= ATTEMPTS or not later.get_backend().supports_defer:
        _give_up(page_id)
        return f"{done.line} (attempt {attempt} of {ATTEMPTS}: left as it is)"
    when = _retry_time(done, attempt)
    rows = FlattrThing.objects.filter(page_id=page_id).exclude(status=Status.REGISTERED.value)
    rows.update(status=Status.PENDING.value)  # not final: a retry is due (swept if it is lost)
    later.using(run_after=when).enqueue(page_id, attempt + 1)
    return f"{done.line} (attempt {attempt} of {ATTEMPTS}; again at {when:%H:%M:%S})"


def _give_up(page_id: int) -> None:
    """A deferral after the last attempt is a failure: the record says why, and is final."""
    rows = FlattrThing.objects.filter(page_id=page_id, status=Status.DEFERRED.value)
    rows.update(status=Status.FAILED.value)


def _retry_time(done: Attempt, attempt: int) -> datetime:
    """When the quota comes back (if it was the quota), else a jittered, doubling backoff."""
    reset_at = quota.reset_time(done.account) if done.account else None
    now = timezone.now()
    if reset_at is not None and reset_at > now.timestamp():
        wait = reset_at - now.timestamp() + random.uniform(1, 30)  # noqa: S311 (spread, not crypto)
    else:
        ceiling = min(BACKOFF_CAP, float(conf.get("TIMEOUT")) * 2**attempt)
        wait = random.uniform(ceiling / 2, ceiling)  # noqa: S311
    return now + timedelta(seconds=wait)
