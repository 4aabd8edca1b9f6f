"""Sync under injected faults: it ends within its deadline, loses nothing, never duplicates,
and the next run completes what the first one deferred or failed."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from registration_kit import TOKEN, endpoints_of, make_things, remote_urls, start_sandbox

from flattr_core.errors import APIError
from flattr_core.models import Secret, Status, Thing
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_sandbox import Faults, Sandbox

pytestmark = pytest.mark.timeout(60)


class SpyClient(FlattrClient):
    """A real client that remembers every create and every duplicate refusal."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.creates: Counter[str] = Counter()
        self.refused_as_duplicate: list[str] = []
        self._lock = threading.Lock()

    def create(self, thing: Thing) -> int:
        with self._lock:
            self.creates[thing.url] += 1
        try:
            return super().create(thing)
        except APIError as exc:
            if "exist" in exc.description:
                self.refused_as_duplicate.append(thing.url)
            raise


def spy(sandbox: Sandbox, read_timeout: float = 0.5) -> SpyClient:
    return SpyClient(endpoints_of(sandbox), Secret(TOKEN), timeout=(1.0, read_timeout))


def assert_complete(sandbox: Sandbox, store: SQLiteThingStore, things: list[Thing]) -> None:
    urls = remote_urls(sandbox)
    assert sorted(urls) == sorted(t.url for t in things)  # every thing, exactly once
    remote_ids = {str(t["url"]): t["id"] for t in sandbox.things()}
    assert store.thing_ids(t.url for t in things) == remote_ids
    assert {r.status for r in store.records()} == {Status.REGISTERED}


FAULT_MODES = {
    "latency": Faults(latency_ms=40, seed=1),
    "fail-rate": Faults(fail_rate=0.3, seed=2),
    "timeout-rate": Faults(timeout_rate=0.15, seed=3, hang_seconds=3.0),
    "malformed-rate": Faults(malformed_rate=0.3, seed=4),
}


@pytest.mark.parametrize("mode", FAULT_MODES)
def test_sync_survives_fault_mode(tmp_path: Path, mode: str) -> None:
    things = make_things(30)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=FAULT_MODES[mode])
    try:
        with SQLiteThingStore(tmp_path / "things.sqlite") as store, spy(server) as client:
            first = sync(things, client, store, concurrency=6, deadline=20.0)
            assert first.total == len(things)
            assert len(store.records()) == len(things)  # every outcome was written
            assert client.refused_as_duplicate == []  # never created twice after a lost answer
            registered = {r.url: r.thing_id for r in store.records() if r.thing_id is not None}
            remote = {str(t["url"]): t["id"] for t in server.things()}
            assert {url: remote[url] for url in registered} == registered
            server.set_faults(Faults())
            second = sync(things, client, store, concurrency=6, deadline=20.0)
            assert second.failed == second.deferred == 0
            assert first.created + second.created + second.unchanged >= len(things)
            assert_complete(server, store, things)
    finally:
        server.close()


def test_malformed_create_answers_are_looked_up_not_repeated(tmp_path: Path) -> None:
    things = make_things(20)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=Faults(malformed_rate=0.5, seed=9))
    try:
        with SQLiteThingStore(tmp_path / "things.sqlite") as store, spy(server) as client:
            sync(things, client, store, concurrency=4, deadline=20.0)
            assert client.refused_as_duplicate == []
            adopted = [r for r in store.records() if r.status is Status.REGISTERED]
            assert len(adopted) >= 1
    finally:
        server.close()


def test_rate_limit_governor_stops_before_the_quota_and_defers(tmp_path: Path) -> None:
    things = make_things(20)  # 40 requests (lookup + create); the quota is 30
    db = tmp_path / "sandbox.sqlite"
    server = start_sandbox(db, rate_limit=30)
    with SQLiteThingStore(tmp_path / "things.sqlite") as store:
        try:
            with spy(server) as client:
                first = sync(things, client, store, concurrency=4)
                left = client.rate.snapshot().remaining
            assert first.deferred > 0
            assert first.created + first.deferred == len(things)
            assert first.failed == 0
            assert left is not None
            assert left >= client.rate.reserve - 4  # stopped early, not at zero
            errors = {r.error for r in store.records() if r.status is Status.DEFERRED}
            assert all("reserve" in str(e) for e in errors)  # the governor, not a 403
        finally:
            server.close()
        server = start_sandbox(db, rate_limit=1000)  # a new hour: the quota is back
        try:
            with spy(server) as client:
                second = sync(things, client, store, concurrency=4)
            assert second.created == first.deferred
            assert_complete(server, store, things)
        finally:
            server.close()


def test_deadline_defers_what_is_left_and_the_next_run_resumes(tmp_path: Path) -> None:
    things = make_things(40)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=Faults(latency_ms=150))
    try:
        with SQLiteThingStore(tmp_path / "things.sqlite") as store, spy(server) as client:
            first = sync(things, client, store, concurrency=2, deadline=1.0)
            assert first.deferred > 0
            assert first.created + first.deferred == len(things)
            server.set_faults(Faults())
            second = sync(things, client, store, concurrency=8)
            assert second.created == first.deferred
            assert_complete(server, store, things)
    finally:
        server.close()
