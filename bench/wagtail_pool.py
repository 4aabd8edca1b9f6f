"""``bench/wagtail_publish.py --workers N``: editors publishing while a real worker pool registers.

PostgreSQL (a fresh database ``flattr_bench_pool``, dropped at the end; PG* variables as for the
tests), a redis-server of its own as the shared cache, ``N`` ``db_worker`` processes
(django-tasks-db), the sandbox with ``--latency-ms`` and ``--fail-rate``; ``--publishers``
threads publish ``--pages`` new posts each, all at once. Measured: publishes per second while the
workers run, the time from a publish's commit to its record being registered (the record's
``updated_at``, written by the worker; same host, same clock), and API requests per page.
Uses the production tests' process helpers (tests/wagtail/production.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from wagtail_common import ROOT, setup_django, write

DATABASE = "flattr_bench_pool"
DRAIN_SECONDS = 900.0
QUOTA_PER_PAGE = 20


def run(args: Any) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "wagtail"))
    import production

    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="flattr-bench-pool-"))
        redis = stack.enter_context(production.redis_server(folder))
        box = _sandbox(stack, folder, args)
        env = _environment(redis, box)
        blog = _django(env)
        processes = production.Processes(production.process_env(env), folder)
        stack.callback(_drop_database)
        stack.callback(processes.stop_all)
        figures = _measure(blog, box, processes, args)
    import wagtail

    path = write(f"wagtail_publish_pool-wagtail{wagtail.__version__.split('.')[0]}", figures)
    print(path.read_text())


def _sandbox(stack: ExitStack, folder: Path, args: Any) -> Any:
    from flattr_sandbox import Faults, Sandbox, SandboxUser

    faults = Faults(latency_ms=args.latency_ms, fail_rate=args.fail_rate, seed=15)
    users = [SandboxUser("alice", "tok-alice"), SandboxUser("bob", "tok-bob")]
    # an hourly quota the run cannot spend (Flattr's 1,000 would defer the last pages by an
    # hour, to its reset: the shared governor at work, which test_production.py shows)
    limit = QUOTA_PER_PAGE * args.publishers * args.pages
    box = Sandbox(folder / "flattr.sqlite", users=users, faults=faults, rate_limit=limit)
    return stack.enter_context(box)


def _environment(redis: str, box: Any) -> dict[str, str]:
    return {
        "FLATTR_TEST_DB": "postgres",
        "FLATTR_TEST_DB_NAME": DATABASE,
        "FLATTR_TEST_PGDATABASE": DATABASE,
        "FLATTR_TEST_REDIS_URL": redis,
        "FLATTR_TEST_API_URL": box.api_url,
        "FLATTR_TEST_WEB_URL": box.url,
        "FLATTR_TEST_TASK_BACKEND": "db",
    }


def _django(env: dict[str, str]) -> Any:
    """The test project on a fresh PostgreSQL database, configured as the workers are."""
    os.environ.update(env)
    _recreate_database()
    import production_config

    return setup_django(sqlite=False, **production_config.overrides(env))


def _connect() -> Any:
    import psycopg2

    get = os.environ.get
    connection = psycopg2.connect(
        dbname="postgres", host=get("PGHOST", "127.0.0.1"), port=get("PGPORT", "5432"),
        user=get("PGUSER", "flattr"), password=get("PGPASSWORD", "flattr"),
    )  # fmt: skip
    connection.autocommit = True
    return connection


def _recreate_database() -> None:
    _execute(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")


def _drop_database() -> None:
    from django.db import connections

    connections.close_all()
    _execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _execute(*statements: str) -> None:
    """Outside a transaction (``with connection`` would open one: no DROP DATABASE there)."""
    connection = _connect()
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def _measure(blog: Any, box: Any, processes: Any, args: Any) -> dict[str, Any]:
    from wagtail_flattr.models import FlattrSiteSettings

    FlattrSiteSettings.objects.filter(site=blog.alpha).update(token="tok-alice")
    batches = [_drafts(blog, n, args.pages) for n in range(args.publishers)]
    for n in range(args.workers):
        processes.db_worker(f"worker-{n + 1}")
    _wait_started(processes)
    published: dict[int, float] = {}
    started = time.perf_counter()
    editors = [threading.Thread(target=_publish, args=(batch, published)) for batch in batches]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join()
    publishing = time.perf_counter() - started
    pages = sum(len(batch) for batch in batches)
    delays = _wait_registered(published, pages)
    return {
        "publishers": args.publishers,
        "pages": pages,
        "workers": args.workers,
        "latency_ms": args.latency_ms,
        "fail_rate": args.fail_rate,
        "hourly_quota": QUOTA_PER_PAGE * pages,
        "publishes_per_second": round(pages / publishing, 2),
        "publish_to_registered_s": _percentiles(delays),
        "all_registered_after_s": round(time.perf_counter() - started, 1),
        "api_requests_per_page": round(box.requests / pages, 2),
    }


def _wait_started(processes: Any) -> None:
    """Until every worker polls its queue (each takes seconds to import Django and Wagtail)."""
    import production

    def started() -> bool:
        return all("Starting worker" in child.tail() for child in processes.children)

    production.wait_until(started, 120, f"the workers started\n{processes.report()}")


def _drafts(blog: Any, publisher: int, count: int) -> list[Any]:
    from testapp.models import BlogPage

    posts = []
    for n in range(count):
        post = BlogPage(title=f"Post {publisher}-{n}", slug=f"post-{publisher}-{n}",
                        body="<p>Text.</p>", live=False, owner=blog.writer)  # fmt: skip
        posts.append(blog.alpha_index.add_child(instance=post))
    return posts


def _publish(batch: list[Any], published: dict[int, float]) -> None:
    from django.db import connection

    try:
        for page in batch:
            page.save_revision().publish()  # its own transaction: on_commit has run
            published[page.pk] = time.time()
    finally:
        connection.close()


def _wait_registered(published: dict[int, float], pages: int) -> list[float]:
    from wagtail_flattr.models import FlattrThing

    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        rows = FlattrThing.objects.filter(status="registered", page_id__isnull=False)
        if rows.count() >= pages:
            done = rows.values_list("page_id", "updated_at")
            return [when.timestamp() - published[page] for page, when in done]
        time.sleep(0.5)
    raise SystemExit(f"not all {pages} pages registered within {DRAIN_SECONDS:g} s")


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[int(len(ordered) * 0.95) - 1], 2),
        "max": round(ordered[-1], 2),
    }
