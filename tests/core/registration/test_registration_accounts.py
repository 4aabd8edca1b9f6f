"""Money goes to the account a page names: each thing is registered with its owner's token.

A real sandbox with three accounts on loopback; ``register_build`` as the static hosts call it.
The sandbox says whose each thing is (``owner.username``), which is what Flattr pays.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from flattr_core.errors import ConfigError, FlattrError
from flattr_core.models import Creator, Secret, Status, Thing, ThingRecord
from flattr_core.registration.build import STORE_FILENAME, known_ids, register_build
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_core.settings import SiteConfig, tokens
from flattr_sandbox import Sandbox, SandboxUser

pytestmark = pytest.mark.timeout(60)
TOKENS = {"ada": "tok-ada-71d3c2", "grace": "tok-grace-9a8b7c", "bob": "tok-bob-5e4f3a"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    users = [SandboxUser(name, token) for name, token in TOKENS.items()]
    with Sandbox(tmp_path / "sandbox.sqlite", users=users) as running:
        yield running


def things_of(*owners: str) -> list[Thing]:
    return [
        Thing(
            url=f"https://blog.example/{owner}/{i}/",
            title=f"Post {i} by {owner}",
            description=f"What {owner} wrote, part {i}",
            owner=Creator(owner),
        )
        for owner in owners
        for i in range(2)
    ]


def config(sandbox: Sandbox, **options: object) -> SiteConfig:
    mapping = {"username": "ada", "api_url": sandbox.api_url, "web_url": sandbox.url, **options}
    return SiteConfig.from_mapping(mapping, environ={})


def owners(sandbox: Sandbox) -> dict[str, str]:
    """URL -> the account that owns the thing, as the sandbox says."""
    return {str(t["url"]): t["owner"]["username"] for t in sandbox.things()}  # type: ignore[index]


def test_each_thing_is_registered_with_its_owners_own_token(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    authors = {"Grace": {"username": "grace", "token": TOKENS["grace"]}}
    site = config(sandbox, token=TOKENS["ada"], authors=authors)
    things = things_of("ada", "grace")
    outcome = register_build(things, site, cache_dir=tmp_path, environ={})
    assert "4 created" in outcome.message
    assert owners(sandbox) == {thing.url: thing.owner.username for thing in things}
    assert outcome.level == "info"


def test_author_tokens_come_from_the_environment_or_the_login_file(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path / "config"), "FLATTR_TOKEN_GRACE": TOKENS["grace"]}
    tokens.save_token(sandbox.api_url, Secret(TOKENS["bob"]), username="bob", account="bob",
                      environ=env)  # fmt: skip
    site = SiteConfig.from_mapping(
        {"username": "ada", "api_url": sandbox.api_url, "token": TOKENS["ada"]}, environ=env
    )
    things = things_of("ada", "grace", "bob")
    register_build(things, site, cache_dir=tmp_path / "cache", environ=env)
    assert owners(sandbox) == {thing.url: thing.owner.username for thing in things}


def test_an_account_without_a_token_is_left_out_and_named_once(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    things = things_of("ada", "grace", "bob")
    outcome = register_build(things, config(sandbox, token=TOKENS["ada"]), cache_dir=tmp_path,
                             environ={})  # fmt: skip
    assert set(owners(sandbox).values()) == {"ada"}  # never grace's or bob's under ada
    lines = outcome.message.splitlines()
    assert [line for line in lines if "grace" in line] == [
        "Flattr registration: 2 things of grace not registered: no token of grace's Flattr "
        "account (set FLATTR_TOKEN_GRACE, give the author a token, or run `flattr auth login "
        "--account grace`); their buttons use auto-submit links, which pay grace"
    ]
    assert len([line for line in lines if "bob" in line]) == 1
    assert outcome.level == "info"  # register: auto; "always" makes it a warning
    assert set(outcome.thing_ids) == {t.url for t in things if t.owner.username == "ada"}
    always = register_build(things, config(sandbox, token=TOKENS["ada"], register="always"),
                            cache_dir=tmp_path, environ={})  # fmt: skip
    assert always.level == "warning"


def test_a_token_of_another_account_registers_nothing_of_the_configured_one(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    authors = {"Grace": {"username": "grace", "token": TOKENS["bob"]}}  # bob's, not grace's
    site = config(sandbox, token=TOKENS["ada"], authors=authors)
    outcome = register_build(things_of("ada", "grace"), site, cache_dir=tmp_path, environ={})
    assert set(owners(sandbox).values()) == {"ada"}
    assert outcome.level == "warning"
    assert (
        "Flattr registration: the author token of grace is configured for grace but belongs to "
        "the Flattr account bob: it registers only bob's things"
    ) in outcome.message.splitlines()
    assert "2 things of grace not registered" in outcome.message
    strict = config(sandbox, token=TOKENS["ada"], authors=authors, strict=True)
    with pytest.raises(FlattrError, match="belongs to the Flattr account bob"):
        register_build(things_of("grace"), strict, cache_dir=tmp_path, environ={})


def test_the_site_token_is_the_site_accounts_only(sandbox: Sandbox, tmp_path: Path) -> None:
    site = config(sandbox, username="grace", token=TOKENS["ada"])  # the site says grace
    outcome = register_build(things_of("grace"), site, cache_dir=tmp_path, environ={})
    assert sandbox.things() == []
    assert "the site's token is configured for grace but belongs to the Flattr account ada" in (
        outcome.message
    )


def test_a_warm_build_asks_nothing_the_store_remembers_owners_by_digest(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    authors = {"Grace": {"username": "grace", "token": TOKENS["grace"]}}
    site = config(sandbox, token=TOKENS["ada"], authors=authors)
    things = things_of("ada", "grace")
    register_build(things, site, cache_dir=tmp_path, environ={})
    before = sandbox.requests
    again = register_build(things, site, cache_dir=tmp_path, environ={})
    assert sandbox.requests == before
    assert "4 unchanged" in again.message
    assert "(0 requests" in again.message
    from flattr_core.registration.owners import token_digest  # here: checked on older code too

    with sqlite3.connect(tmp_path / STORE_FILENAME) as db:
        rows = dict(db.execute("SELECT digest, username FROM token_owners").fetchall())
    assert rows == {token_digest(Secret(TOKENS["ada"])): "ada",
                    token_digest(Secret(TOKENS["grace"])): "grace"}  # fmt: skip
    stored = b"".join(path.read_bytes() for path in tmp_path.glob(f"{STORE_FILENAME}*"))
    assert not any(token.encode() in stored for token in TOKENS.values())
    # an edited thing needs a token again: the remembered owner answers, GET /user is not asked
    edited = [dataclasses.replace(things[0], title="A new title"), *things[1:]]
    before = sandbox.requests
    register_build(edited, site, cache_dir=tmp_path, environ={})
    assert sandbox.requests - before == 1  # the update alone


def test_a_thing_another_account_owns_is_unlinked_not_kept(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """What earlier versions did: grace's post registered with ada's token. The store still
    says registered; the next build finds out and stops linking the page to ada's thing."""
    [post] = things_of("grace")[:1]
    with FlattrClient(config(sandbox).endpoints, Secret(TOKENS["ada"])) as ada:
        wrong_id = ada.create(post)
    with SQLiteThingStore(tmp_path / STORE_FILENAME) as store:
        store.put(ThingRecord(post.url, "an-old-fingerprint", Status.REGISTERED, wrong_id))
    assert known_ids(tmp_path, [post]) == {post.url: wrong_id}
    site = config(sandbox, authors={"Grace": {"username": "grace", "token": TOKENS["grace"]}})
    outcome = register_build([post], site, cache_dir=tmp_path, environ={})
    assert known_ids(tmp_path, [post]) == {}  # the button goes back to auto-submit (grace)
    assert outcome.level == "warning"
    with SQLiteThingStore(tmp_path / STORE_FILENAME) as store:
        record = store.get(post.url)
    assert record is not None
    assert (record.status, record.thing_id) == (Status.FAILED, None)
    assert f"the Flattr thing {wrong_id} for {post.url} belongs to ada, not grace" in str(
        record.error
    )


def test_a_found_thing_of_another_account_is_not_adopted(sandbox: Sandbox, tmp_path: Path) -> None:
    [post] = things_of("grace")[:1]
    with FlattrClient(config(sandbox).endpoints, Secret(TOKENS["ada"])) as ada:
        ada.create(post)
    site = config(sandbox, authors={"Grace": {"username": "grace", "token": TOKENS["grace"]}})
    register_build([post], site, cache_dir=tmp_path, environ={})
    assert known_ids(tmp_path, [post]) == {}


def test_sync_for_a_named_account_refuses_other_accounts_things(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    endpoints = config(sandbox).endpoints
    with (
        FlattrClient(endpoints, Secret(TOKENS["ada"])) as ada,
        SQLiteThingStore(tmp_path / "s.sqlite") as store,
    ):
        summary = sync(things_of("grace"), ada, store, account="ada")
    assert (summary.failed, summary.requests) == (2, 0)
    assert sandbox.things() == []


def test_author_tokens_are_settings_that_never_show(sandbox: Sandbox) -> None:
    secret = "tok-grace-do-not-show"
    site = config(sandbox, authors={"Grace": {"username": "Grace", "token": secret}})
    assert site.author_tokens == {"grace": Secret(secret)}
    assert secret not in repr(site)
    assert site.authors["Grace"].username == "Grace"
    with pytest.raises(ConfigError) as caught:
        config(sandbox, authors={"Grace": {"username": "grace", "token": 12345}})
    assert "authors.Grace.token" in str(caught.value)
    assert "12345" not in str(caught.value)
    unset = config(sandbox, authors={"Grace": {"username": "grace", "token": None}})  # !ENV
    assert unset.author_tokens == {}


def test_token_file_keeps_one_token_per_api_and_account(tmp_path: Path) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path)}
    api = "http://127.0.0.1:9/rest/v2"
    version_1 = {"version": 1, "tokens": {api: {"access_token": "tok-site", "username": "ada"}}}
    (tmp_path / "tokens.json").write_text(json.dumps(version_1))  # what 0.1 wrote
    assert tokens.load_token(api, env) == Secret("tok-site")
    assert tokens.load_account_token(api, "ADA", env) == Secret("tok-site")  # it is ada's
    assert tokens.load_account_token(api, "grace", env) is None
    tokens.save_token(api, Secret("tok-g"), username="grace", account="Grace", environ=env)
    tokens.save_token(
        api + "/", Secret("tok-g2"), username="grace", account="grace", environ=env
    )  # fmt: skip  (the same API and account: replaced)
    tokens.save_token("https://api.flattr.com/rest/v2", Secret("tok-g3"), account="grace",
                      environ=env)  # fmt: skip
    assert tokens.load_account_token(api, "grace", env) == Secret("tok-g2")
    assert tokens.load_token(api, env) == Secret("tok-site")  # the site's is untouched
    assert tokens.account_token("grace", {**env, "FLATTR_TOKEN_GRACE": "from-env"}, api) == (
        Secret("from-env"), "$FLATTR_TOKEN_GRACE",
    )  # fmt: skip
    assert tokens.remove_token(api, env, account="grace") is True
    assert tokens.load_account_token(api, "grace", env) is None
    assert tokens.load_account_token("https://api.flattr.com/rest/v2", "grace", env) == Secret(
        "tok-g3"
    )
    assert tokens.account_env_name("jean-luc.p") == "FLATTR_TOKEN_JEAN_LUC_P"


def test_an_unreadable_token_file_is_a_warning_not_a_broken_build(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    env = {"FLATTR_CONFIG_DIR": str(tmp_path / "config"), "FLATTR_TOKEN": TOKENS["ada"]}
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "tokens.json").write_text("{not json")
    site = SiteConfig.from_mapping({"username": "ada", "api_url": sandbox.api_url}, environ=env)
    outcome = register_build(things_of("grace"), site, cache_dir=tmp_path / "c", environ=env)
    assert outcome.level == "warning"
    assert "tokens.json cannot be read" in outcome.message
    strict = SiteConfig.from_mapping(
        {"username": "ada", "api_url": sandbox.api_url, "strict": True}, environ=env
    )
    with pytest.raises(FlattrError, match=r"tokens\.json"):
        register_build(things_of("grace"), strict, cache_dir=tmp_path / "c", environ=env)


def test_one_token_named_for_two_accounts_is_asked_once_and_checked_for_each(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    authors = {"Grace": {"username": "grace", "token": TOKENS["ada"]}}  # the site's token again
    site = config(sandbox, token=TOKENS["ada"], authors=authors)
    before = sandbox.requests
    outcome = register_build(things_of("ada", "grace"), site, cache_dir=tmp_path, environ={})
    assert set(owners(sandbox).values()) == {"ada"}
    assert "the author token of grace is configured for grace but belongs to the Flattr " in (
        outcome.message
    )
    assert sandbox.requests - before == 1 + 2 * 2  # GET /user once; ada's lookups and creates
