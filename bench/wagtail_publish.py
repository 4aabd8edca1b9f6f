"""Publish time with the Flattr API answering after 2 s: the editor must not wait for it.

Usage: python bench/wagtail_publish.py [--repeat N] [--latency-ms MS]
Writes bench/results/wagtail_publish-wagtail<major>.json.

With ``--workers N``: editors publishing while N real ``db_worker`` processes register, on
PostgreSQL with Redis as the cache (bench/wagtail_pool.py; ``--publishers``, ``--pages``,
``--fail-rate``, ``--latency-ms`` defaulting to 20); writes
wagtail_publish_pool-wagtail<major>.json.

The sandbox runs on loopback with 2,000 ms added to every API request. Variants, each a real
``save_revision().publish()`` in a transaction (as the admin does), on_commit callbacks included:
  no_account  the site has no connected account: nothing is queued (the baseline)
  queued      connected; the task goes to a queue (DummyBackend, standing in for a worker
              backend such as django-tasks-db): the production set-up
  inline      connected, ImmediateBackend: the task runs inside the publish (what the system
              check wagtail_flattr.W001 warns about); a few runs only, for contrast
Afterwards the queued tasks are run as a worker would, to show the registration does happen.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from wagtail_common import interleaved, setup_django, write


def main() -> None:
    args = _arguments()
    if args.workers:
        import wagtail_pool

        wagtail_pool.run(args)
        return
    import django

    package = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"
    tasks = {
        "default": {"BACKEND": f"{package}.backends.dummy.DummyBackend"},
        "inline": {"BACKEND": f"{package}.backends.immediate.ImmediateBackend"},
    }
    blog = setup_django(TASKS=tasks)
    from django.db import transaction
    from django.test.utils import override_settings

    from flattr_sandbox import Faults, Sandbox, SandboxUser
    from wagtail_flattr.models import FlattrSiteSettings

    try:
        from django.tasks import default_task_backend
    except ImportError:
        from django_tasks import default_task_backend

    users = [SandboxUser("alice", "tok-alice"), SandboxUser("bob", "tok-bob")]
    db = Path(tempfile.mkdtemp(prefix="flattr-bench-")) / "sandbox.sqlite"
    with Sandbox(db, users=users, faults=Faults(latency_ms=args.latency_ms)) as sandbox:
        urls = {"API_URL": sandbox.api_url, "WEB_URL": sandbox.url, "TIMEOUT": 30}
        FlattrSiteSettings.objects.filter(site=blog.alpha).update(token="tok-alice")
        counter = iter(range(1_000_000))

        def publish(page: object) -> None:
            page.title = f"{page.title.split(' #')[0]} #{next(counter)}"  # changed: an update
            with transaction.atomic():
                page.save_revision().publish()

        with override_settings(WAGTAIL_FLATTR={**urls, "TASK_BACKEND": "default"}):
            figures: dict[str, object] = dict(
                interleaved(
                    {
                        "no_account": lambda: publish(blog.beta_post),
                        "queued": lambda: publish(blog.first),
                    },
                    args.repeat,
                    warmup=3,
                )
            )
            queued = [
                r for r in default_task_backend.results if r.task.name == "register_page_task"
            ]
            figures["queued"]["tasks_queued"] = len(queued)  # type: ignore[index]
            started = time.perf_counter()
            outcome = queued[-1].task.call(*queued[-1].args)  # what the worker runs, once
            figures["worker_task"] = {
                "seconds": round(time.perf_counter() - started, 3),
                "outcome": outcome,
                "api_requests": sandbox.requests,
            }
        with override_settings(WAGTAIL_FLATTR={**urls, "TASK_BACKEND": "inline"}):
            figures["inline"] = interleaved({"inline": lambda: publish(blog.second)}, 3, warmup=0)[
                "inline"
            ]
    figures["latency_ms"] = args.latency_ms
    import wagtail

    path = write(f"wagtail_publish-wagtail{wagtail.__version__.split('.')[0]}", figures)
    print(path.read_text())


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--latency-ms", type=int, help="2000, or 20 with --workers")
    parser.add_argument("--workers", type=int, default=0, help="a worker pool of N (see above)")
    parser.add_argument("--publishers", type=int, default=4)
    parser.add_argument("--pages", type=int, default=100, help="per publisher")
    parser.add_argument("--fail-rate", type=float, default=0.2)
    args = parser.parse_args()
    if args.latency_ms is None:
        args.latency_ms = 20 if args.workers else 2000
    return args


if __name__ == "__main__":
    main()
