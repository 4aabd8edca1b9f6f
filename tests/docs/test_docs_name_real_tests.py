"""The docs name only tests that exist: every ``tests/...py::test_name`` in README and docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
REFERENCE = re.compile(r"(tests/[\w/.-]+\.py)::(test_\w+)")
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


def references() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        for path, name in REFERENCE.findall(page.read_text(encoding="utf-8")):
            found.append((page.name, path, name))
    return found


def test_the_docs_name_tests() -> None:
    assert len(PAGES) > 5
    assert len(references()) > 20  # security.md alone names dozens


@pytest.mark.parametrize(("page", "path", "name"), references())
def test_each_named_test_exists(page: str, path: str, name: str) -> None:
    source = ROOT / path
    assert source.is_file(), f"{page} names {path}, which does not exist"
    defined = re.search(rf"^(async )?def {name}\(", source.read_text(encoding="utf-8"), re.M)
    assert defined, f"{page} names {path}::{name}, which is not defined there"
