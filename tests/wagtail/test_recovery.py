"""No registration depends on one process surviving: a publish is written down as *pending* in
its own transaction, a lost enqueue or a dead worker leaves a record that ``flattr_recover``
queues again, a lease of a dead process is free at once, and a task never leaves behind a result
older than the page. In one process here, with the dummy backend; real worker processes killed
mid-task are in test_production.py."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from conftest import Blog, queued
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from flattr_core.registration.quota import RateLimitSnapshot
from flattr_core.registration.store import lease_owner
from flattr_sandbox import Faults
from wagtail_flattr import pending, quota
from wagtail_flattr.models import FlattrLease, FlattrThing
from wagtail_flattr.store import OrmThingStore
from wagtail_flattr.tasks import register_page_task

FIRST = "http://alpha.test/first/"


def dead_owner() -> str:
    """A lease owner whose process (on this host) has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:0123456789ab"


def age(*pages: Any) -> None:
    """Make the pages' records older than a task can run: a task that wrote them is gone."""
    long_ago = timezone.now() - timedelta(hours=1)
    FlattrThing.objects.filter(page_id__in=[p.pk for p in pages]).update(updated_at=long_ago)


def record(page: Any) -> FlattrThing:
    return FlattrThing.objects.get(page_id=page.pk)


def test_publishing_marks_the_record_pending_in_its_transaction(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        connected.first.save_revision().publish()
        row = record(connected.first)  # written with the publish, before any enqueue
        assert (row.url, row.status, row.site_id) == (FIRST, "pending", connected.alpha.pk)
        assert queued() == []
    for callback in callbacks:
        callback()
    assert [r.args for r in queued()] == [[connected.first.pk]]


@pytest.mark.django_db(transaction=True)
def test_a_republish_marks_only_a_changed_page(sandbox: Any, connected: Blog) -> None:
    register_page_task.call(connected.first.pk)
    registered = record(connected.first)
    connected.first.save_revision().publish()  # unchanged
    assert record(connected.first).status == "registered"
    connected.first.title = "First post, renamed"
    connected.first.save_revision().publish()
    row = record(connected.first)
    assert (row.status, row.thing_id) == ("pending", registered.thing_id)  # the id is kept


@pytest.mark.django_db(transaction=True)
def test_a_failed_enqueue_keeps_the_publish_and_recovery_queues_it(
    connected: Blog, settings: Any, caplog: Any
) -> None:
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "TASK_BACKEND": "no-such-backend"}
    connected.first.title = "Published while the queue is down"
    connected.first.save_revision().publish()  # the commit stands, the enqueue fails after it
    connected.first.refresh_from_db()
    assert connected.first.title == "Published while the queue is down"
    assert "could not queue the registration of page" in caplog.text
    assert queued() == []
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "TASK_BACKEND": "default"}
    age(connected.first)
    call_command("flattr_recover", verbosity=0)
    assert [r.args for r in queued()] == [[connected.first.pk]]


@pytest.mark.django_db(transaction=True)
def test_recovery_queues_what_nothing_is_working_on(connected: Blog, capsys: Any) -> None:
    blog = connected
    store = OrmThingStore()
    rows = {
        "left": blog.first,  # a dead worker's page, no lease: queued again
        "dead-lease": blog.second,  # its lease's process is gone: queued again
        "live-lease": blog.news,  # a live process holds its lease: left alone
        "queued": blog.jinja,  # its task waits in the queue: not queued twice
    }
    for page in rows.values():
        FlattrThing.objects.create(url=page.get_full_url(), page_id=page.pk, status="pending")
    FlattrThing.objects.create(url=blog.beta_post.get_full_url(), page_id=blog.beta_post.pk,
                               status="failed")  # fmt: skip
    assert store.claim(blog.news.get_full_url(), lease_owner(), 600)
    FlattrLease.objects.create(url=blog.second.get_full_url(), owner=dead_owner(),
                               expires_at=time.time() + 600)  # fmt: skip
    register_page_task.enqueue(blog.jinja.pk)
    age(*rows.values())
    # written just now: a task may be on it
    FlattrThing.objects.create(url="http://alpha.test/fresh/", page_id=blog.plain.pk,
                               status="pending")  # fmt: skip
    call_command("flattr_recover")
    assert sorted(r.args[0] for r in queued()) == sorted([blog.jinja.pk, blog.first.pk,
                                                          blog.second.pk])  # fmt: skip
    assert "2 pages queued again" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_lease_of_a_dead_process_is_taken_at_once(blog: Blog) -> None:
    store = OrmThingStore()
    FlattrLease.objects.create(url=FIRST, owner=dead_owner(), expires_at=time.time() + 600)
    assert store.claim(FIRST, lease_owner(), 60)
    assert not store.claim(FIRST, lease_owner(), 60)  # now a live process holds it


@pytest.mark.django_db(transaction=True)
def test_a_page_published_again_while_its_task_runs_is_left_pending(
    sandbox: Any, connected: Blog
) -> None:
    sandbox.set_faults(Faults(latency_ms=400))

    def run_first_task() -> None:
        try:
            register_page_task.call(connected.first.pk)
        finally:
            # its own connection, closed now: left to the collector, it could still be open
            # when the test database is dropped ("being accessed by other users", in CI)
            connection.close()

    first_task = threading.Thread(target=run_first_task)
    first_task.start()
    deadline = time.monotonic() + 20
    while sandbox.requests == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # until the task has read the page and waits for the API
    connected.first.title = "First post, renamed meanwhile"
    connected.first.save_revision().publish()
    first_task.join(30)
    assert record(connected.first).status == "pending"  # what it registered is older
    sandbox.set_faults(Faults())
    [again] = queued()  # the second publish's
    assert "1 updated" in again.task.call(*again.args)
    assert record(connected.first).status == "registered"
    assert [t["title"] for t in sandbox.things()] == ["First post, renamed meanwhile"]


@pytest.mark.django_db(transaction=True)
def test_a_page_that_needs_no_registration_any_more_leaves_nothing_pending(
    sandbox: Any, connected: Blog
) -> None:
    connected.first.save_revision().publish()
    connected.first.unpublish()
    assert "skipped" in register_page_task.call(connected.first.pk)
    assert not FlattrThing.objects.filter(page_id=connected.first.pk).exists()
    age(connected.first)
    assert pending.left_over() == []


@pytest.mark.django_db(transaction=True)
def test_a_pending_record_flattr_has_as_it_is_costs_no_request(
    sandbox: Any, connected: Blog
) -> None:
    register_page_task.call(connected.first.pk)
    FlattrThing.objects.filter(page_id=connected.first.pk).update(status="pending")
    before = sandbox.requests
    assert "1 unchanged" in register_page_task.call(connected.first.pk)
    assert sandbox.requests == before
    assert record(connected.first).status == "registered"


@pytest.mark.django_db(transaction=True)
def test_a_spent_quota_defers_until_its_reset_without_a_request(
    sandbox: Any, connected: Blog
) -> None:
    reset_at = time.time() + 1800
    quota.CacheQuota("alice").write(RateLimitSnapshot(1000, quota.RESERVE, reset_at))
    outcome = register_page_task.call(connected.first.pk)  # another worker spent alice's quota
    assert "1 deferred" in outcome
    assert sandbox.requests == 0
    assert record(connected.first).status == "pending"
    [retry] = queued()
    assert retry.task.run_after.timestamp() >= reset_at


@pytest.mark.django_db(transaction=True)
def test_tasks_look_for_left_over_pages_once_a_minute(connected: Blog) -> None:
    FlattrThing.objects.create(url=FIRST, page_id=connected.first.pk, status="pending")
    age(connected.first)
    pending.sweep_now_and_then()
    pending.sweep_now_and_then()
    assert [r.args for r in queued()] == [[connected.first.pk]]


@pytest.mark.django_db(transaction=True)
def test_recover_waits_until_nothing_is_due(connected: Blog, capsys: Any) -> None:
    call_command("flattr_recover", "--wait", "1")
    assert "no registration is pending or queued" in capsys.readouterr().out
    FlattrThing.objects.create(url=FIRST, page_id=connected.first.pk, status="pending")
    with pytest.raises(CommandError, match="1 registrations are still due"):
        call_command("flattr_recover", "--wait", "0.6")
    with pytest.raises(CommandError, match=r"--wait -1\.0: expected a number of seconds"):
        call_command("flattr_recover", "--wait", "-1")
