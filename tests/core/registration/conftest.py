"""Fixtures for the registration tests: a real sandbox on loopback, a client, a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from registration_kit import TOKEN, endpoints_of, start_sandbox

from flattr_core.models import Secret
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_sandbox import Faults, Sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=Faults(seed=7, hang_seconds=5.0))
    yield server
    server.close()


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[FlattrClient]:
    with FlattrClient(endpoints_of(sandbox), Secret(TOKEN), timeout=(2.0, 2.0)) as made:
        yield made


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteThingStore]:
    with SQLiteThingStore(tmp_path / "things.sqlite") as made:
        yield made
