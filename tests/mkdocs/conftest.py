"""Fixtures for the MkDocs adapter: an isolated environment and a laid-out site per test."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from tests.suites import installed

if installed("mkdocs"):  # else tests/conftest.py skips this suite, saying what it lacks
    from mkdocs_sites import Site, write_site

# The funding checks every host shares (the funding.json schema, readers of pages and feeds).
sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "funding"))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token from the developer's shell or token file; relative paths land in tmp_path."""
    monkeypatch.delenv("FLATTR_TOKEN", raising=False)
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path / "flattr-config"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def site_factory(tmp_path: Path):
    """``site_factory(**write_site kwargs)`` lays out a fresh site under tmp_path."""
    count = 0

    def make(**kwargs) -> Site:
        nonlocal count
        count += 1
        return write_site(tmp_path / f"site{count}", **kwargs)

    return make


@pytest.fixture
def flattr_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The plugin's log records (MkDocs' own logger tree, as --strict counts them)."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    return caplog
