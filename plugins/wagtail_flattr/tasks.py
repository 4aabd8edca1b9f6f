"""The background task that registers a published page. It runs on whatever ``TASKS`` backend
the site configures: Django 6's ``django.tasks``, or the ``django_tasks`` backport on Django 5.2
(which Wagtail itself depends on). Use a worker backend in production, e.g. ``django-tasks-db``.
"""

from __future__ import annotations

try:
    from django.tasks import task
except ImportError:  # Django 5.2
    from django_tasks import task  # type: ignore[no-redef]  # the backport: the same decorator

from .registration import register_page


@task()
def register_page_task(page_id: int) -> str:
    """Register or update the Flattr thing of one published page."""
    return register_page(page_id)
