"""Fixtures and hooks of every suite.

Plain ``pytest`` from the repository root runs every suite whose host is installed and skips
each other one as a whole, saying what it lacks (``suites.py``); in tox, where each env has all
that its suites need, a skip fails the run instead. Every test starts from the process state
the one before it found (``process_state.py``), so the suites also pass together in one
process, in any order. See docs/testing.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.process_state import environment_restored, logging_restored, without_pelican_filter
from tests.suites import NO_SKIP, skip_reason, skips_fail


def pytest_configure(config: pytest.Config) -> None:
    """In tox, refuse a pytest temporary root that other envs share (see tox.ini)."""
    env_dir = os.environ.get("TOX_ENV_DIR")
    root = os.environ.get("PYTEST_DEBUG_TEMPROOT", "")
    if env_dir and not Path(root).resolve().is_relative_to(Path(env_dir).resolve()):
        raise pytest.UsageError(
            f"PYTEST_DEBUG_TEMPROOT is {root!r}, outside this tox env ({env_dir}): envs that "
            "run in parallel would remove each other's temporary folders; set it to "
            "{env_tmp_dir} in tox.ini"
        )


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


class SkippedFile(pytest.File):
    """A test module of a suite that cannot run here: skipped before it is imported."""

    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self) -> list[pytest.Item]:
        pytest.skip(self.reason)


class SkippedSuite(pytest.Directory):
    """A host suite whose host is not installed: each of its test modules is skipped."""

    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self) -> Iterator[SkippedFile]:
        for path in sorted(self.path.rglob("test_*.py")):
            yield SkippedFile.from_parent(self, path=path, reason=self.reason)


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    reason = skip_reason(path)
    if reason is None:
        return None
    return SkippedSuite.from_parent(parent, path=path, reason=reason)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    report = yield
    return _skip_failed(report)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    return _skip_failed(report)


def _skip_failed(report: Any) -> Any:
    """With FLATTR_TEST_NO_SKIP set (tox sets it), a skip is a failure that says why."""
    if not (report.skipped and skips_fail()) or hasattr(report, "wasxfail"):
        return report
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped, and {NO_SKIP} forbids skips: {reason}"
    return report
