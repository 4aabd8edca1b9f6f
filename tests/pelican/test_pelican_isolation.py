"""Misspelt secrets and damaged state in real Pelican runs: an unknown key's value is never shown
(in FLATTR or in an article's metadata), and a run that does not register ignores a damaged
thing store."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pelican import Pelican
from pelican_site import FLATTR, SITEURL, buttons, html_pages, pelican_settings

from flattr_core.errors import ConfigError
from flattr_core.models import Status, ThingRecord
from flattr_core.registration.build import STORE_FILENAME
from flattr_core.registration.store import SQLiteThingStore

VALUE = "s3cr3t-0123456789"


@pytest.mark.parametrize(
    "flattr",
    [{**FLATTR, "access": VALUE}, {**FLATTR, "sections": {"notes/*": {"bearer": VALUE}}}],
)
def test_unknown_keys_are_named_without_their_value(site: Path, flattr: object) -> None:
    with pytest.raises(ConfigError) as raised:
        Pelican(settings=pelican_settings(site, FLATTR=flattr))
    message = str(raised.value)
    assert "access" in message or "notes/*.bearer" in message
    assert VALUE not in message


def test_unknown_metadata_is_named_without_its_value(
    site: Path, build: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    article = site / "content" / "articles" / "field-notes.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n\n", f"\nFlattr_Tocken: {VALUE}\n\n", 1), "utf-8")
    with caplog.at_level(logging.WARNING):
        build()
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "field-notes.md" in warned
    assert "flattr_tocken" in warned
    assert VALUE not in warned


def test_a_run_that_does_not_register_ignores_a_damaged_store(
    site: Path, build: Callable[..., Path]
) -> None:
    path = site / "cache" / "flattr" / STORE_FILENAME
    with SQLiteThingStore(path) as store:
        store.put(ThingRecord(f"{SITEURL}/field-notes-from-the-coast.html", "fp", Status.FAILED))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE things SET status = 'exploded'")
    pages = html_pages(build())
    assert len(buttons(pages["field-notes-from-the-coast.html"])) == 1
