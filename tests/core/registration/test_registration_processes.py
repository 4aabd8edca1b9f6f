"""`flattr sync` in real processes: killed halfway and resumed; two at once on one manifest."""

from __future__ import annotations

import multiprocessing
import signal
import time
from pathlib import Path

import pytest
from registration_kit import (
    TOKEN,
    child_env,
    endpoints_of,
    flattr_process,
    make_things,
    remote_urls,
    start_sandbox,
)

from flattr_core.models import Secret, Status
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.manifest import write_manifest
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_sandbox import Faults

pytestmark = pytest.mark.timeout(90)


def wait_until(condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    limit = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < limit, "condition not reached in time"
        time.sleep(0.02)


def test_sync_killed_halfway_resumes_and_registers_each_thing_once(tmp_path: Path) -> None:
    things = make_things(60)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=Faults(latency_ms=30))
    try:
        manifest = write_manifest(tmp_path / "site" / "m.json", endpoints_of(server), things)
        store_path = tmp_path / "site" / "things.sqlite"
        args = ["sync", str(manifest), "--store", str(store_path), "--concurrency", "4"]
        process = flattr_process(args, child_env(tmp_path))
        try:
            wait_until(lambda: len(server.things()) >= 15, 30)
        finally:
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=10)
        assert process.returncode == -signal.SIGKILL
        created_before = len(server.things())
        assert created_before < len(things)
        with (
            SQLiteThingStore(store_path) as store,
            FlattrClient(endpoints_of(server), Secret(TOKEN)) as client,
        ):
            summary = sync(things, client, store, concurrency=4)
            assert summary.deferred == summary.failed == 0  # a dead process's leases are taken
            # A create the killed process had already sent may still land after the kill:
            # the resumed sync adopts it (lookup first) instead of creating it again.
            assert summary.created <= len(things) - created_before
            assert summary.created + summary.unchanged + summary.updated == len(things)
            assert {r.status for r in store.records()} == {Status.REGISTERED}
        assert sorted(remote_urls(server)) == sorted(t.url for t in things)
    finally:
        server.close()


def test_two_syncs_of_one_manifest_at_once_create_no_duplicate(tmp_path: Path) -> None:
    things = make_things(30)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=Faults(latency_ms=20))
    try:
        manifest = write_manifest(tmp_path / "site" / "m.json", endpoints_of(server), things)
        args = ["sync", str(manifest), "--concurrency", "4"]
        processes = [flattr_process(args, child_env(tmp_path)) for _ in range(2)]
        outputs = [p.communicate(timeout=60) for p in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
        assert sorted(remote_urls(server)) == sorted(t.url for t in things)
        # one lookup and one create per thing, in total: the second sync waited and skipped;
        # and one GET /user, asked once for both (a store lease), learns whose the token is
        assert server.requests == 2 * len(things) + 1
        created = sum(int(out.split(" created")[0].rsplit(" ", 1)[-1]) for out, _ in outputs)
        assert created == len(things)
    finally:
        server.close()


def _open_store(path: str) -> str:
    try:
        SQLiteThingStore(path).close()
    except Exception as exc:  # reported back to the parent
        return repr(exc)
    return "ok"


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    # Two builds starting together both create the store file and switch it to WAL.
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        for round_ in range(60):
            path = str(tmp_path / f"store{round_}.sqlite")
            assert pool.map(_open_store, [path] * 4) == ["ok"] * 4
