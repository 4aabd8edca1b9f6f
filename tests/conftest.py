"""Fixtures of every suite: each test starts from the process state the one before it found.

The suites also run together in one process (plain ``pytest`` from the repository root runs
each suite whose host is installed and skips the others, saying why); see docs/testing.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from process_state import environment_restored, logging_restored, without_pelican_filter


@pytest.fixture(autouse=True)
def process_restored() -> Iterator[None]:
    """Loggers, the environment, the working directory and ``sys.path`` as the test found them."""
    with environment_restored(), logging_restored():
        yield


@pytest.fixture(autouse=True)
def host_logging(process_restored: None) -> Iterator[None]:
    """Logging as the test's own host has it; outside tests/pelican, a process without Pelican
    (tests/pelican overrides this fixture with Pelican's filter, fresh)."""
    with without_pelican_filter():
        yield
