"""The token file, the SQLite store and the manifest: local files, checked for safety."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from registration_kit import TOKEN, make_things

from flattr_core.errors import AuthError, ConfigError, StoreError
from flattr_core.models import Endpoints, Secret, Status, ThingRecord
from flattr_core.registration.manifest import read_manifest, write_manifest
from flattr_core.registration.store import SQLiteThingStore, lease_owner
from flattr_core.settings import tokens

API = "http://127.0.0.1:9/rest/v2"


def test_token_file_is_0600_and_keeps_one_token_per_api(tmp_path: Path) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path / "cfg")}
    path = tokens.save_token(API, Secret(TOKEN), username="alice", environ=env)
    tokens.save_token("https://api.flattr.com/rest/v2/", Secret("other"), environ=env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert tokens.load_token(API + "/", env) == Secret(TOKEN)
    assert tokens.stored_username(API, env) == "alice"
    assert tokens.remove_token(API, env) is True
    assert tokens.load_token(API, env) is None
    assert tokens.load_token("https://api.flattr.com/rest/v2", env) == Secret("other")
    assert [p.name for p in path.parent.iterdir()] == ["tokens.json"]  # no temporary left


def test_token_file_replaces_a_too_open_file_with_a_0600_one(tmp_path: Path) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path)}
    (tmp_path / "tokens.json").write_text('{"version": 1, "tokens": {}}')
    os.chmod(tmp_path / "tokens.json", 0o644)
    path = tokens.save_token(API, Secret(TOKEN), environ=env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_token_resolution_order(tmp_path: Path) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path)}
    tokens.save_token(API, Secret("from-file"), environ=env)
    assert tokens.resolve_token(None, env, API) == Secret("from-file")
    with_env = {**env, "FLATTR_TOKEN": "from-env"}
    assert tokens.resolve_token(None, with_env, API) == Secret("from-env")
    assert tokens.resolve_token("explicit", with_env, API) == Secret("explicit")
    assert tokens.resolve_token(None, {"FLATTR_CONFIG_DIR": str(tmp_path / "none")}, API) is None


def test_config_dir_follows_xdg_then_home() -> None:
    assert tokens.config_dir({"XDG_CONFIG_HOME": "/x"}) == Path("/x/flattr")
    assert tokens.config_dir({}) == Path.home() / ".config" / "flattr"


def test_unreadable_token_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "tokens.json").write_text("not json")
    with pytest.raises(AuthError, match=r"tokens\.json.*delete it"):
        tokens.load_token(API, {"FLATTR_CONFIG_DIR": str(tmp_path)})


def test_store_is_wal_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "things.sqlite"
    with SQLiteThingStore(path) as store:
        store.put(ThingRecord("https://a.example/", "fp", Status.REGISTERED, 5))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    with SQLiteThingStore(path) as store:
        record = store.get("https://a.example/")
        assert record is not None
        assert (record.fingerprint, record.status, record.thing_id) == ("fp", Status.REGISTERED, 5)
        assert record.updated_at > 0
        assert store.thing_ids(["https://a.example/", "https://b.example/"]) == {
            "https://a.example/": 5
        }


def test_corrupt_store_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "things.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        SQLiteThingStore(path)
    assert str(path) in str(caught.value)
    assert "Delete the file" in str(caught.value)


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "things.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        SQLiteThingStore(path)


def test_leases_exclude_other_owners_until_expiry_or_death(tmp_path: Path) -> None:
    with SQLiteThingStore(tmp_path / "things.sqlite") as store:
        mine, theirs = lease_owner(), lease_owner()
        assert store.claim("u", mine, ttl=60)
        assert not store.claim("u", theirs, ttl=60)
        store.release("u", mine)
        assert store.claim("u", theirs, ttl=0.0)  # expires at once
        assert store.claim("u", mine, ttl=60)
        command = [sys.executable, "-c", "import os; print(os.getpid())"]
        dead = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
        host = mine.split(":")[0]
        store.release("u", mine)
        assert store.claim("u", f"{host}:{dead}:x", ttl=600)
        assert store.claim("u", mine, ttl=60)  # the owner's process is gone


def test_manifest_round_trip_without_the_token(tmp_path: Path) -> None:
    things = make_things(3)
    endpoints = Endpoints(api_url="http://127.0.0.1:9/rest/v2", web_url="http://127.0.0.1:9")
    path = write_manifest(tmp_path / "out" / "flattr-manifest.json", endpoints, things)
    assert read_manifest(path) == (endpoints, things)
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert data["creators"] == ["alice"]
    assert TOKEN not in path.read_text()


def test_bad_manifest_reports_every_field(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    good = {"url": "https://a.example/", "title": "Title", "owner": {"username": "alice"}}
    things = [
        {**good, "url": "ftp://a.example/"},
        {**good, "category": "poems", "hidden": "yes"},
        good,
        good,
    ]
    path.write_text(json.dumps({"version": 1, "things": things}))
    with pytest.raises(ConfigError) as caught:
        read_manifest(path)
    text = str(caught.value)
    assert str(path) in text
    for key in ("things[0].url", "things[1].category", "things[1].hidden", "things[3].url"):
        assert key in text
    assert "'poems'" in text
    assert "software" in text  # the allowed values are listed


def test_manifest_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{")
    with pytest.raises(ConfigError, match="JSON"):
        read_manifest(path)
    with pytest.raises(ConfigError, match="readable"):
        read_manifest(tmp_path / "missing.json")


def test_manifest_refuses_a_plain_http_api_off_loopback(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    endpoints = {"api_url": "http://api.example.com/rest/v2", "web_url": "https://flattr.com"}
    path.write_text(json.dumps({"version": 1, "endpoints": endpoints, "things": []}))
    with pytest.raises(ConfigError, match=r"endpoints\.api_url.*https"):
        read_manifest(path)
