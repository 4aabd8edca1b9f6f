"""The registration task against the sandbox over real HTTP: registers, updates on change, does
nothing when unchanged, survives the API being down, and retries later."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import Blog, queued
from django.core.management import call_command
from django.utils import timezone

from flattr_sandbox import Faults
from wagtail_flattr import lookups
from wagtail_flattr.models import FlattrSiteSettings, FlattrThing
from wagtail_flattr.tasks import ATTEMPTS, register_page_task

pytestmark = pytest.mark.django_db(transaction=True)


def run(page: Any) -> str:
    return register_page_task.call(page.pk)


def thing_for(page: Any) -> FlattrThing:
    return FlattrThing.objects.get(page_id=page.pk)


def test_first_run_registers_the_thing(sandbox: Any, connected: Blog) -> None:
    outcome = run(connected.first)
    assert "1 created" in outcome
    [remote] = sandbox.things()
    assert remote["url"] == "http://alpha.test/first/"
    assert remote["title"] == "First post"
    assert remote["owner"]["username"] == "alice"
    record = thing_for(connected.first)
    assert (record.status, record.thing_id, record.site_id) == (
        "registered",
        remote["id"],
        connected.alpha.pk,
    )
    assert lookups.thing_id("http://alpha.test/first/") == remote["id"]


def test_unchanged_page_makes_no_request(sandbox: Any, connected: Blog) -> None:
    run(connected.first)
    before = sandbox.requests
    assert "1 unchanged" in run(connected.first)
    assert sandbox.requests == before


def test_changed_metadata_updates_the_thing(sandbox: Any, connected: Blog) -> None:
    run(connected.first)
    page = connected.first
    page.title = "First post, renamed"
    page.flattr_tags = "gardening"
    page.save_revision().publish()
    assert "1 updated" in run(page)
    [remote] = sandbox.things()
    assert remote["title"] == "First post, renamed"
    assert "gardening" in remote["tags"]
    assert len(sandbox.things()) == 1


def test_each_site_registers_with_its_own_account(sandbox: Any, connected: Blog) -> None:
    run(connected.first)
    run(connected.beta_post)
    owners = {t["url"]: t["owner"]["username"] for t in sandbox.things()}
    assert owners == {"http://alpha.test/first/": "alice", "http://beta.test/beta-post/": "bob"}


def test_api_down_queues_a_later_attempt_that_registers(sandbox: Any, connected: Blog) -> None:
    sandbox.set_faults(Faults(fail_rate=1.0, fail_status=503))
    outcome = run(connected.first)
    assert "1 failed" in outcome
    assert f"attempt 1 of {ATTEMPTS}" in outcome
    record = thing_for(connected.first)
    assert record.status == "pending"  # not final: a later attempt is queued
    assert "503" in record.error
    assert sandbox.things() == []
    [retry] = queued()
    assert retry.args == [connected.first.pk, 2]
    assert retry.task.run_after > timezone.now()  # after a backoff, not at once
    sandbox.set_faults(Faults())
    assert "1 created" in retry.task.call(*retry.args)
    record.refresh_from_db()
    assert (record.status, record.error) == ("registered", "")


def test_the_last_attempt_leaves_the_failure_final(sandbox: Any, connected: Blog) -> None:
    sandbox.set_faults(Faults(fail_rate=1.0, fail_status=503))
    outcome = register_page_task.call(connected.first.pk, ATTEMPTS)
    assert f"attempt {ATTEMPTS} of {ATTEMPTS}: left as it is" in outcome
    assert thing_for(connected.first).status == "failed"
    assert queued() == []


def test_unreachable_api_fails_quietly(settings: Any, connected: Blog) -> None:
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "API_URL": "http://127.0.0.1:9/rest/v2"}
    assert "1 failed" in run(connected.first)
    record = thing_for(connected.first)
    assert (record.status, record.thing_id) == ("pending", None)  # tried again later
    assert [r.args for r in queued()] == [[connected.first.pk, 2]]


def test_refused_token_is_recorded(sandbox: Any, connected: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=connected.alpha).update(token="not-a-token")
    outcome = run(connected.first)
    assert outcome.startswith("failed")
    assert "not-a-token" not in outcome
    record = thing_for(connected.first)
    assert record.status == "failed"
    assert "not-a-token" not in record.error


def test_skips(sandbox: Any, connected: Blog) -> None:
    assert "skipped" in run(connected.alpha_index)
    connected.first.unpublish()
    assert "skipped" in run(connected.first)
    FlattrSiteSettings.objects.filter(site=connected.alpha).update(token="")
    assert "skipped" in run(connected.second)
    assert sandbox.requests == 0
    assert not FlattrThing.objects.exists()


def test_bad_page_value_is_recorded_not_raised(sandbox: Any, connected: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=connected.alpha).update(username="")
    connected.first.flattr_username = "not a valid name!"
    connected.first.save()
    assert "failed" in run(connected.first)
    assert "username" in thing_for(connected.first).error


def test_flattr_sync_registers_every_live_page(sandbox: Any, connected: Blog, capsys: Any) -> None:
    call_command("flattr_sync")
    out = capsys.readouterr().out
    urls = sorted(t["url"] for t in sandbox.things())
    assert urls == [
        "http://alpha.test/first/",
        "http://alpha.test/jinja/",
        "http://alpha.test/news/",
        "http://alpha.test/second/",
        "http://beta.test/beta-post/",
    ]
    assert "Alpha" in out
    assert "4 created" in out
    assert "1 created" in out
    assert "4/4" not in out  # no progress bar: the output is not a terminal
    assert "flattr counts refreshed for 4 things" in out
    beta_thing = FlattrThing.objects.get(url="http://beta.test/beta-post/")
    assert beta_thing.flattrs == 0
    sandbox._state.add_flattr(beta_thing.thing_id, "alice")  # a reader flattrs it
    call_command("flattr_sync", "--site", str(connected.beta.pk))
    assert "1 unchanged" in capsys.readouterr().out
    beta_thing.refresh_from_db()
    assert beta_thing.flattrs == 1


def requests_printed(out: str) -> int:
    """Every request count the command printed, added up."""
    return sum(int(n) for n in re.findall(r"\b(\d+) requests?\b", out))


def test_flattr_sync_counts_every_request_it_makes(
    sandbox: Any, connected: Blog, capsys: Any
) -> None:
    """The flattr-count refresh is a request too: a run that made one never says 0."""
    for run in ("first", "again"):
        before = sandbox.requests
        call_command("flattr_sync", "--site", str(connected.beta.pk))
        out = capsys.readouterr().out
        made = sandbox.requests - before
        if run == "again":
            assert made == 1  # the page is unchanged: only the refresh asked Flattr
        assert requests_printed(out) == made, out


def test_flattr_sync_unknown_site(connected: Blog) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--site"):
        call_command("flattr_sync", "--site", "999")
