"""registry.sync against the sandbox over real HTTP: create, adopt, update, skip."""

from __future__ import annotations

import dataclasses

from registration_kit import TOKEN, endpoints_of, make_things, remote_urls

from flattr_core.models import Secret, Status
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import describe, sync
from flattr_sandbox import Sandbox


def test_cold_sync_creates_every_thing_and_records_its_id(
    sandbox: Sandbox, client: FlattrClient, store: SQLiteThingStore
) -> None:
    things = make_things(12)
    summary = sync(things, client, store, concurrency=4)
    assert (summary.created, summary.failed, summary.deferred) == (12, 0, 0)
    assert sorted(remote_urls(sandbox)) == sorted(t.url for t in things)
    remote_ids = {str(t["url"]): t["id"] for t in sandbox.things()}
    assert store.thing_ids(t.url for t in things) == remote_ids
    assert all(r.status is Status.REGISTERED for r in store.records())
    assert "12 created" in describe(summary)


def test_warm_sync_sends_no_request(
    sandbox: Sandbox, client: FlattrClient, store: SQLiteThingStore
) -> None:
    things = make_things(12)
    sync(things, client, store)
    before = sandbox.requests
    summary = sync(things, client, store)
    assert sandbox.requests - before == 0
    assert (summary.unchanged, summary.requests) == (12, 0)


def test_changed_thing_is_updated_and_only_it(
    sandbox: Sandbox, client: FlattrClient, store: SQLiteThingStore
) -> None:
    things = make_things(6)
    sync(things, client, store)
    changed = [dataclasses.replace(things[2], title="A better title"), *things[:2], *things[3:]]
    before = sandbox.requests
    summary = sync(changed, client, store)
    assert (summary.updated, summary.unchanged) == (1, 5)
    assert sandbox.requests - before == 1
    titles = {t["url"]: t["title"] for t in sandbox.things()}
    assert titles[things[2].url] == "A better title"


def test_unknown_things_already_registered_are_adopted_not_duplicated(
    sandbox: Sandbox, client: FlattrClient, tmp_path
) -> None:
    things = make_things(4)
    with SQLiteThingStore(tmp_path / "first.sqlite") as first:
        sync(things, client, first)
    edited = [dataclasses.replace(things[0], description="Edited since"), *things[1:]]
    with SQLiteThingStore(tmp_path / "lost.sqlite") as fresh:  # e.g. the cache was deleted
        summary = sync(edited, client, fresh)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
        assert len(fresh.thing_ids(t.url for t in things)) == 4
    assert sorted(remote_urls(sandbox)) == sorted(t.url for t in things)


def test_loose_types_of_a_quirky_server_still_compare_equal(tmp_path) -> None:
    from registration_kit import start_sandbox

    server = start_sandbox(tmp_path / "quirks.sqlite", quirks=True)
    try:
        endpoints = endpoints_of(server)
        things = make_things(3)
        with FlattrClient(endpoints, Secret(TOKEN)) as client:
            with SQLiteThingStore(tmp_path / "a.sqlite") as first:
                sync(things, client, first)
            assert server.things()[0]["hidden"] == 0  # the quirk is on
            with SQLiteThingStore(tmp_path / "b.sqlite") as second:
                summary = sync(things, client, second)
        assert (summary.unchanged, summary.updated, summary.created) == (3, 0, 0)
    finally:
        server.close()


def test_thing_deleted_remotely_is_registered_again(
    sandbox: Sandbox, client: FlattrClient, store: SQLiteThingStore
) -> None:
    things = make_things(2)
    sync(things, client, store)
    gone = store.thing_ids([things[0].url])[things[0].url]
    client.delete(gone)
    changed = [dataclasses.replace(things[0], title="Back again"), things[1]]
    summary = sync(changed, client, store)
    assert summary.created == 1
    assert sorted(remote_urls(sandbox)) == sorted(t.url for t in things)


def test_progress_reports_every_thing(client: FlattrClient, store: SQLiteThingStore) -> None:
    seen: list[tuple[int, int]] = []
    sync(make_things(5), client, store, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5)
    assert seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
