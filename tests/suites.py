"""What each host's suite needs installed; tests/conftest.py skips a suite that lacks it.

A suite's own conftest.py imports its host only ``if installed(...)``: pytest imports the
conftest of each folder named on the command line before it collects anything, and a skip
raised there ends pytest with a traceback instead of a skip (``pytest tests/wagtail`` without
Django). So the skip is decided here, for the whole folder, and its conftest stays importable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).parent
# In tox every skip fails the run: each tox env installs all that its suites need.
NO_SKIP = "FLATTR_TEST_NO_SKIP"


@dataclass(frozen=True)
class Suite:
    modules: tuple[str, ...]  # importable names; "pelican.settings", since this package
    # installs pelican/plugins/flattr and so makes the bare namespace "pelican" importable
    install: str  # how to get them

    def missing(self) -> list[str]:
        return [name for name in self.modules if not _importable(name)]


SUITES = {
    "mkdocs": Suite(("mkdocs",), "tox -e mkdocs, or pip install -e '.[mkdocs,test]'"),
    "pelican": Suite(("pelican.settings",), "tox -e pelican, or pip install -e '.[pelican,test]'"),
    "wagtail": Suite(
        ("django", "wagtail", "pytest_django", "jinja2"),
        "tox -e wagtail8-sqlite, or pip install -e '.[wagtail,test]' pytest-django jinja2",
    ),
    "browser": Suite(("playwright",), "tox -e browser, or pip install -e '.[test]' playwright"),
    "demo": Suite(
        ("mkdocs", "material", "pelican.settings", "wagtail"),
        "tox -e demo, or pip install -e '.[demo,test]'",
    ),
}


def installed(name: str) -> bool:
    """Whether the suite ``tests/<name>`` has what it needs."""
    return not SUITES[name].missing()


def skip_reason(folder: Path) -> str | None:
    """Why the suite in ``folder`` cannot run here, or None (it can, or it is no host suite)."""
    suite = SUITES.get(folder.name) if folder.parent == HERE else None
    missing = suite.missing() if suite else []
    if suite is None or not missing:
        return None
    return f"tests/{folder.name} needs {', '.join(missing)}: {suite.install}"


def skips_fail() -> bool:
    """In tox (``FLATTR_TEST_NO_SKIP=1``) a skipped test is a failed one."""
    return os.environ.get(NO_SKIP, "") not in ("", "0")


def _importable(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ImportError:  # a parent package is missing
        return False
