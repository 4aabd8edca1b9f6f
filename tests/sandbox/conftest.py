"""Fixtures of the sandbox contract tests: a fresh sandbox per test and raw HTTP to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_http import CLIENTS, USERS, Raw

from flattr_sandbox import Faults, Sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(tmp_path / "sandbox.db", users=USERS, clients=CLIENTS, faults=Faults()) as running:
        yield running


@pytest.fixture
def api(sandbox: Sandbox) -> Raw:
    return Raw(sandbox.api_url)


@pytest.fixture
def web(sandbox: Sandbox) -> Raw:
    return Raw(sandbox.url)
