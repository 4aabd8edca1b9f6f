"""What the task backend holds for registration: the pages it has queued, and the tasks that
its workers left "running" when they died.

Django's task API can enqueue but not list, so this reads the backends the docs name through
their own models and registries: ``django-tasks-db`` (and the backport's database backend),
RQ through ``django-tasks-rq``, and the dummy backend of tests. For any other backend
``queued_page_ids`` is None (unknown) and the sweep relies on its grace period alone.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

from django.utils import timezone

from . import conf

# a task waiting to run: READY in Django and django-tasks 0.7+, NEW before (Wagtail 6.3's line)
WAITING, RUNNING = ("READY", "NEW"), "RUNNING"


class TaskAbandoned(Exception):
    """Recorded on a task whose worker stopped while it ran (it was registered again)."""


def registration_task() -> Any:
    """``register_page_task`` on the backend ``WAGTAIL_FLATTR["TASK_BACKEND"]`` names."""
    from .tasks import register_page_task

    return register_page_task.using(backend=conf.get("TASK_BACKEND"))


def queued_page_ids() -> set[int] | None:
    """Pages whose registration task waits to run (now or later), or None: cannot say."""
    task = registration_task()
    backend = task.get_backend()
    if type(backend).__name__ == "DummyBackend":
        return {_page(r.args) for r in backend.results if _is_ours(r.task, task) and _ready(r)}
    model = _database_model(backend)
    if model is not None:
        rows = model.objects.filter(status__in=WAITING, task_path=task.module_path)
        args = rows.filter(backend_name=backend.alias).values_list("args_kwargs", flat=True)
        return {_page(found.get("args", [])) for found in args}
    if type(backend).__module__.startswith("django_tasks_rq"):
        return _rq_queued(task)
    return None


def abandon_stale() -> int:
    """Close the tasks left running by a dead worker; how many. Database backends: running for
    longer than a task can (``conf.task_seconds``). RQ: what its own heartbeat check finds."""
    task = registration_task()
    backend = task.get_backend()
    model = _database_model(backend)
    if model is not None:
        cutoff = timezone.now() - timedelta(seconds=conf.task_seconds())
        rows = model.objects.filter(status=RUNNING, task_path=task.module_path)
        stale = list(rows.filter(backend_name=backend.alias, started_at__lt=cutoff))
        for row in stale:
            row.set_failed(TaskAbandoned("its worker stopped while it ran; registered again"))
        return len(stale)
    if type(backend).__module__.startswith("django_tasks_rq"):
        from rq.registry import StartedJobRegistry

        StartedJobRegistry(queue=_rq_queue(task)).cleanup()  # moves the dead ones to "failed"
    return 0


def _page(args: Any) -> int:
    return int(args[0]) if args and isinstance(args[0], int) else -1


def _is_ours(one: Any, task: Any) -> bool:
    return bool(one.module_path == task.module_path)


def _ready(result: Any) -> bool:
    return result.status in WAITING  # TaskResultStatus is a str enum


def _database_model(backend: Any) -> Any:
    """The task result model of a database backend (its package's ``models``), or None."""
    package = type(backend).__module__.rpartition(".")[0]
    if "DatabaseBackend" not in type(backend).__name__ or not package:
        return None
    try:
        return getattr(importlib.import_module(f"{package}.models"), "DBTaskResult", None)
    except ImportError:
        return None


def _rq_queue(task: Any) -> Any:
    import django_rq

    return django_rq.get_queue(task.queue_name)


def _rq_queued(task: Any) -> set[int]:
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry

    queue = _rq_queue(task)
    ids = [*queue.get_job_ids(), *ScheduledJobRegistry(queue=queue).get_job_ids()]
    jobs = [job for job in Job.fetch_many(ids, connection=queue.connection) if job is not None]
    return {_page(job.args) for job in jobs if job.func_name == task.module_path}
