"""Damaged state and misspelt secrets in real MkDocs builds: a build that does not register
ignores a damaged thing store, one that does names it; an unknown key's value is never shown."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs_checks import flattr_of
from mkdocs_sites import build_site, url_of

from flattr_core.models import Status, ThingRecord
from flattr_core.registration.build import STORE_FILENAME
from flattr_core.registration.store import SQLiteThingStore

VALUE = "s3cr3t-0123456789"


def damage_store(site) -> None:
    """The store an earlier build left, with a row whose status no version ever wrote."""
    path = site.root / ".cache" / "plugin" / "flattr" / STORE_FILENAME
    with SQLiteThingStore(path) as store:
        store.put(ThingRecord(url_of("index.md"), "fp", Status.REGISTERED, 5))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE things SET status = 'exploded'")


def test_a_build_that_does_not_register_ignores_a_damaged_store(site_factory):
    site = site_factory(flattr={"register": "never"})
    damage_store(site)
    build_site(site, strict=True)
    flattr = flattr_of(site.document("index.html"))
    assert len(flattr.buttons) == 1
    assert len(flattr.payment_links) == 1


def test_a_nested_unknown_key_never_shows_its_value(site_factory):
    site = site_factory(flattr={"sections": {"guide/*": {"bearer": VALUE}}})
    result = CliRunner().invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    assert "sections.guide/*.bearer" in result.output
    assert VALUE not in result.output


def test_an_unknown_front_matter_key_never_shows_its_value(site_factory):
    pages = {"index.md": f"---\nflattr:\n  access: {VALUE}\n---\n# Home\n"}
    site = site_factory(pages=pages)
    result = CliRunner().invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    assert "access" in result.output
    assert VALUE not in result.output
