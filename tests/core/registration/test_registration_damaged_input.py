"""Damaged stores and bad numbers: a store row this version cannot read is a StoreError that
names the file and the fix (and a build that does not register never opens it); the numeric
options of ``flattr sync`` are usage errors naming the option, the value and what is allowed."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from registration_kit import endpoints_of, make_things

from flattr_core.cli.main import main
from flattr_core.errors import StoreError
from flattr_core.models import Endpoints, Status, ThingRecord
from flattr_core.registration.build import STORE_FILENAME, known_ids, register_build
from flattr_core.registration.manifest import write_manifest
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.settings import SiteConfig
from flattr_sandbox import Sandbox

pytestmark = pytest.mark.timeout(60)
URL = "https://blog.example/posts/0000/"
NOWHERE = Endpoints(api_url="http://127.0.0.1:9/rest/v2", web_url="http://127.0.0.1:9")


def damaged_store(folder: Path) -> Path:
    """A store whose one row has a status no version of flattr-plugins ever wrote."""
    path = folder / STORE_FILENAME
    with SQLiteThingStore(path) as store:
        store.put(ThingRecord(URL, "fp", Status.REGISTERED, 5))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE things SET status = 'exploded'")
    return path


def test_a_row_with_an_unknown_status_is_a_store_error_naming_file_and_fix(
    tmp_path: Path,
) -> None:
    path = damaged_store(tmp_path)
    with SQLiteThingStore(path) as store:
        for read in (lambda: store.get(URL), lambda: store.get_many([URL]), store.records):
            with pytest.raises(StoreError) as caught:
                read()
            message = str(caught.value)
            assert str(path) in message
            assert "'exploded'" in message
            assert "Delete the file" in message
            assert "registered" in message


def test_known_ids_ignores_a_damaged_store(tmp_path: Path) -> None:
    damaged_store(tmp_path)
    assert known_ids(tmp_path, [URL]) == {}


def test_a_registering_build_reports_the_damaged_store_and_keeps_going(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = damaged_store(tmp_path)
    endpoints = endpoints_of(sandbox)
    data = {"api_url": endpoints.api_url, "web_url": endpoints.web_url, "token": "tok-alice"}
    config = SiteConfig.from_mapping(data, environ={})
    with caplog.at_level(logging.DEBUG):
        outcome = register_build(make_things(2), config, cache_dir=tmp_path)
    assert outcome.level == "warning"
    assert str(path) in outcome.message
    assert "Delete the file" in outcome.message


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--deadline", "nan", "a number of seconds above 0"),
        ("--deadline", "inf", "at most 86400"),
        ("--deadline", "-5", "a number of seconds above 0"),
        ("--deadline", "0", "a number of seconds above 0"),
        ("--deadline", "soon", "a number of seconds above 0"),
        ("--concurrency", "0", "a whole number from 1 to 64"),
        ("--concurrency", "1000000", "a whole number from 1 to 64"),
        ("--concurrency", "2.5", "a whole number from 1 to 64"),
    ],
)
def test_numeric_sync_options_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, allowed: str
) -> None:
    manifest = write_manifest(tmp_path / "m.json", NOWHERE, make_things(1))
    with pytest.raises(SystemExit) as caught:
        main(["sync", str(manifest), option, value])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: {value!r} is not allowed; expected " in err
    assert allowed in err
    assert not (tmp_path / STORE_FILENAME).exists()  # stopped before anything was opened
