"""Fixtures for the Pelican adapter: an isolated environment, the sample site, the sandbox."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from flattr_sandbox import Sandbox, SandboxUser
from tests.process_state import fresh_pelican_filter
from tests.suites import installed

if installed("pelican"):  # else tests/conftest.py skips this suite, saying what it lacks
    from pelican_site import ACCOUNT_TOKENS, SITE, run_pelican
    from real_site import copy_samples, i18n_subsites, pelican_samples, signals_restored

# The funding checks every host shares (the funding.json schema, readers of pages and feeds).
sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "funding"))

pytest.register_assert_rewrite("site_checks")  # its checks explain their failures too


@pytest.fixture(autouse=True)
def host_logging(process_restored: None) -> Iterator[None]:
    """Pelican's log filter as a new ``pelican`` process has it, and Pelican's signals without
    the receivers this test's builds connected (i18n_subsites would act on every later build)."""
    with fresh_pelican_filter(), signals_restored():
        yield


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token from the developer's shell or token file; relative paths land in tmp_path."""
    for name in [name for name in os.environ if name.startswith("FLATTR_TOKEN")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path / "flattr-config"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the sample content (tests may edit it)."""
    shutil.copytree(SITE, tmp_path / "content")
    return tmp_path


@pytest.fixture
def build(site: Path) -> Callable[..., Path]:
    return lambda **overrides: run_pelican(site, **overrides)


@pytest.fixture(scope="session")
def samples(request: pytest.FixtureRequest) -> Path:
    """Pelican's own samples/ site, from the installed Pelican's sdist (cached by pytest)."""
    return pelican_samples(request.config.cache.mkdir("pelican-sdist"))


@pytest.fixture(scope="session")
def i18n_path(request: pytest.FixtureRequest) -> Path:
    """A folder with the i18n_subsites plugin (PyPI pelican-i18n-subsites), for PLUGIN_PATHS."""
    return i18n_subsites(request.config.cache.mkdir("pelican-i18n-subsites"))


@pytest.fixture
def samples_content(samples: Path, tmp_path: Path) -> Path:
    """A fresh copy of the samples' content, plus one hidden article."""
    return copy_samples(samples, tmp_path)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    users = [SandboxUser(name, token) for name, token in ACCOUNT_TOKENS.items()]
    with Sandbox(tmp_path / "sandbox.sqlite", users=users) as running:
        yield running
