"""The client's typed results: every answer becomes a frozen value, its loose types read once.

Against the sandbox over real HTTP for the shapes it sends, and ``responses`` for the loose
types real Flattr servers sent (reference §5.8) that the sandbox does not.
"""

from __future__ import annotations

import dataclasses

import pytest
import responses
from registration_kit import make_things

from flattr_core.errors import TransportError
from flattr_core.models import Endpoints, Secret
from flattr_core.registration import wire
from flattr_core.registration.client import FlattrClient
from flattr_sandbox import Sandbox

pytestmark = pytest.mark.timeout(60)
API = "https://api.example.test/rest/v2"


def test_user_is_the_tokens_account(client: FlattrClient) -> None:
    assert client.user() == wire.User("alice")


def test_a_thing_comes_back_with_its_id_metadata_owner_and_flattrs(
    client: FlattrClient, sandbox: Sandbox
) -> None:
    (thing,) = make_things(1)
    thing_id = client.create(thing)
    remote = client.thing(thing_id)
    assert isinstance(remote, wire.RemoteThing)
    assert remote.id == thing_id
    assert remote.thing.fingerprint == thing.fingerprint  # metadata and owner, as sent
    assert remote.flattrs == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        remote.flattrs = 1  # type: ignore[misc]


def test_get_multiple_gives_one_remote_thing_per_id_in_order(client: FlattrClient) -> None:
    things = make_things(3)
    ids = [client.create(thing) for thing in things]
    remote = client.things(list(reversed(ids)))
    assert [r.id for r in remote] == list(reversed(ids))
    assert [r.thing.url for r in remote] == [t.url for t in reversed(things)]


def test_the_quota_is_read_from_rate_limit(client: FlattrClient) -> None:
    quota = client.rate_limit()
    assert isinstance(quota, wire.Quota)
    assert quota.hourly_limit is not None
    assert quota.remaining_hits is not None
    assert 0 <= quota.remaining_hits <= quota.hourly_limit
    assert quota.reset_at is not None


@responses.activate
def test_counts_and_ids_sent_as_strings_are_read_as_numbers() -> None:
    body = [
        {"id": "7", "url": "https://blog.example/a", "flattrs": "12", "hidden": 0},
        {"id": 8, "url": "https://blog.example/b", "flattrs": None, "hidden": "false"},
    ]
    responses.get(f"{API}/things/7,8", json=body)
    responses.get(
        f"{API}/rate_limit",
        json={"hourly_limit": "1000", "remaining_hits": 986, "reset_time_in_seconds": 1342521939},
    )
    with FlattrClient(Endpoints(api_url=API), Secret("tok")) as client:
        first, second = client.things([7, 8])
        quota = client.rate_limit()
    assert (first.id, first.flattrs, first.thing.hidden) == (7, 12, False)
    assert (second.id, second.flattrs, second.thing.hidden) == (8, 0, False)
    assert quota == wire.Quota(1000, 986, None, 1342521939)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": 1, "flattrs": "many"}, "flattrs"),
        ({"id": "one"}, "id"),
        ({"id": 1, "hidden": "maybe"}, "hidden"),
    ],
)
def test_a_value_that_cannot_be_read_is_a_transport_error_naming_its_field(
    body: dict[str, object], field: str
) -> None:
    with pytest.raises(TransportError, match=f"field '{field}'"):
        wire.remote_thing(body)


@pytest.mark.parametrize("body", [[1, 2], "things", None])
def test_get_multiple_that_is_no_list_of_objects_is_a_transport_error(body: object) -> None:
    with pytest.raises(TransportError, match="expected a JSON array of things"):
        wire.remote_things(body, "GET /things/1,2")


@responses.activate
def test_user_without_a_username_is_an_empty_name() -> None:
    responses.get(f"{API}/user", json={"type": "user"})
    with FlattrClient(Endpoints(api_url=API), Secret("tok")) as client:
        assert client.user().username == ""


@pytest.mark.parametrize(
    ("location", "body", "found"),
    [
        ("https://api.flattr.com/rest/v2/things/423405", None, 423405),
        ("", {"message": "found", "location": "https://x/rest/v2/things/9/"}, 9),
    ],
)
def test_a_lookup_redirect_names_the_id_in_its_location(
    location: str, body: object, found: int
) -> None:
    assert wire.redirect_answer(location, body) == found
