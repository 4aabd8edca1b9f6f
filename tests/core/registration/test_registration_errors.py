"""The error tree: what each error says about its cause (status, code), and where it is raised.

The drawing in ``errors.py``'s docstring is the tree itself: a test reads it back.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import responses
from registration_kit import CLIENT_ID, TOKEN, endpoints_of, make_things

from flattr_core import errors
from flattr_core.errors import (
    APIError,
    AuthError,
    DemoError,
    FlattrError,
    ForeignThingError,
    RateLimitError,
    RegistrationIncomplete,
    ThingExistsError,
)
from flattr_core.models import Endpoints, Secret, Status
from flattr_core.registration import oauth
from flattr_core.registration.build import register_build
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_core.settings import SiteConfig
from flattr_sandbox import Sandbox, SandboxUser

pytestmark = pytest.mark.timeout(60)
API = "https://api.example.test/rest/v2"
BRANCH = re.compile(r"^(?P<indent>[│ ]*)[├└]── (?P<name>\w+)", re.M)


def drawn_tree() -> dict[str, str]:
    """Each class the docstring draws -> the class it hangs from."""
    doc = errors.__doc__ or ""
    root = re.search(r"^( *)FlattrError$", doc, re.M)
    assert root is not None
    parents = {0: "FlattrError"}
    drawn = {}
    for match in BRANCH.finditer(doc):
        depth = (len(match["indent"]) - len(root[1])) // 4 + 1
        drawn[match["name"]] = parents[depth - 1]
        parents[depth] = match["name"]
    return drawn


def test_the_docstring_draws_every_error_under_its_parent() -> None:
    defined = {
        name: cls.__mro__[1].__name__
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, FlattrError) and cls is not FlattrError
    }
    assert "DemoError" in defined
    assert "RegistrationIncomplete" in defined
    assert drawn_tree() == defined


def test_the_demos_error_is_the_cores() -> None:
    from flattr_demo import layout

    assert layout.DemoError is DemoError
    assert issubclass(DemoError, FlattrError)


@pytest.mark.parametrize(
    ("status", "code"), [(403, "rate_limit_exceeded"), (429, "too_many_requests")]
)
@responses.activate
def test_a_rate_limit_error_keeps_the_status_and_code_it_came_with(status: int, code: str) -> None:
    responses.get(f"{API}/user", status=status, json={"error": code})
    with FlattrClient(Endpoints(api_url=API), Secret(TOKEN)) as client:
        with pytest.raises(RateLimitError) as caught:
            client.user()
        assert client.rate.acquire() is False  # either way, the governor stops spending
    assert (caught.value.status, caught.value.code) == (status, code)
    assert f"Flattr API error {status} {code}" in str(caught.value)


@responses.activate
def test_a_refused_token_is_an_auth_error_with_the_status_401() -> None:
    responses.get(f"{API}/user", status=401, json={"error": "unauthorized"})
    client = FlattrClient(Endpoints(api_url=API), Secret(TOKEN))
    with client, pytest.raises(AuthError) as caught:
        client.user()
    assert caught.value.status == 401
    assert "the token was refused (401 unauthorized)" in str(caught.value)


def test_a_refused_token_exchange_keeps_the_token_endpoints_status(sandbox: Sandbox) -> None:
    endpoints = endpoints_of(sandbox)
    with pytest.raises(AuthError) as caught:
        oauth.exchange_code(endpoints, CLIENT_ID, Secret("wrong"), "code", "http://127.0.0.1/cb")
    assert caught.value.status == 401
    assert "token exchange failed (401 invalid_client)" in str(caught.value)


def test_a_problem_found_here_is_an_auth_error_without_a_status() -> None:
    flow = oauth.start_flow("cli", "http://127.0.0.1/cb", seconds=-1.0)
    with pytest.raises(AuthError, match="expired") as caught:
        oauth.accept_callback(flow, {"code": "c", "state": flow.state})
    assert caught.value.status is None


def test_creating_a_registered_url_again_is_a_thing_exists_error(client: FlattrClient) -> None:
    (thing,) = make_things(1)
    client.create(thing)
    with pytest.raises(ThingExistsError) as caught:
        client.create(thing)
    assert isinstance(caught.value, APIError)
    assert (caught.value.status, caught.value.code) == (400, "validation")
    assert "already exists" in caught.value.description


@responses.activate
def test_a_refusal_that_only_mentions_existence_is_not_retried_as_a_duplicate(
    store: SQLiteThingStore,
) -> None:
    """A 400 whose description says "does not exist" once passed for "already exists": the
    thing was looked up and created again, four times, before it failed."""
    (thing,) = make_things(1)
    responses.get(f"{API}/things/lookup/", status=404, json={"message": "not_found"})
    refusal = {"error": "validation", "error_description": "Category does not exist"}
    responses.post(f"{API}/things", status=400, json=refusal)
    with FlattrClient(Endpoints(api_url=API), Secret(TOKEN)) as client:
        summary = sync([thing], client, store, deadline=10)
    assert summary.failed == 1
    assert [call.request.method for call in responses.calls] == ["GET", "POST"]
    record = store.get(thing.url)
    assert record is not None
    assert record.status is Status.FAILED
    assert "Category does not exist" in (record.error or "")


def test_a_strict_build_that_did_not_register_everything_is_registration_incomplete(
    tmp_path: Path,
) -> None:
    dead = "http://127.0.0.1:9/rest/v2"
    config = SiteConfig.from_mapping(
        {"username": "alice", "api_url": dead, "token": TOKEN, "strict": True}, environ={}
    )
    with pytest.raises(RegistrationIncomplete) as caught:
        register_build(make_things(2), config, cache_dir=tmp_path, deadline=5)
    assert "Flattr registration: 2 things: 0 created, 0 updated, 0 unchanged, 2 failed" in str(
        caught.value
    )
    assert "see `flattr sync" in str(caught.value)


def test_a_thing_of_another_account_is_a_foreign_thing_error_in_its_record(
    tmp_path: Path, store: SQLiteThingStore
) -> None:
    bob = "tok-bob-3c4d5e6f7a8b"
    users = [
        SandboxUser(name, token, scopes=("thing",))
        for name, token in [("alice", TOKEN), ("bob", bob)]
    ]
    with Sandbox(tmp_path / "sandbox.sqlite", users=users) as server:
        (thing,) = make_things(1)
        with FlattrClient(endpoints_of(server), Secret(bob)) as bobs:
            bobs.create(thing)  # bob registered alice's URL first
        with FlattrClient(endpoints_of(server), Secret(TOKEN)) as alices:
            assert sync([thing], alices, store, deadline=10).failed == 1
    record = store.get(thing.url)
    assert record is not None
    assert record.thing_id is None
    assert "belongs to bob, not alice" in (record.error or "")
    assert issubclass(ForeignThingError, FlattrError)
