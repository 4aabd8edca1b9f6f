"""Unit-level error and body shapes of FlattrClient (``responses``: no server needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import responses

from flattr_core.errors import APIError, AuthError, RateLimitError, TransportError
from flattr_core.models import Creator, Endpoints, Secret, Thing
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.quota import RateLimit
from flattr_core.registration.wire import thing_from_json

API = "https://api.example.test/rest/v2"
TOKEN = "tok-very-secret-123"
THING = Thing(
    "https://blog.example/a", "A title", "A description", Creator("alice"), tags=("x", "y")
)


@pytest.fixture
def client() -> FlattrClient:
    return FlattrClient(Endpoints(api_url=API), Secret(TOKEN))


@responses.activate
def test_sends_bearer_token_and_user_agent(client: FlattrClient) -> None:
    responses.get(f"{API}/user", json={"type": "user", "username": "alice"})
    assert client.user().username == "alice"
    sent = responses.calls[0].request.headers
    assert sent["Authorization"] == f"Bearer {TOKEN}"
    assert sent["User-Agent"].startswith("flattr-plugins/")


@responses.activate
def test_lookup_found_by_location_header(client: FlattrClient) -> None:
    location = f"{API}/things/423405"
    responses.get(
        f"{API}/things/lookup/",
        status=302,
        headers={"Location": location},
        json={"message": "found", "location": location},
    )
    assert client.lookup("https://blog.example/a?x=1&y=2") == 423405
    assert "url=https%3A%2F%2Fblog.example%2Fa%3Fx%3D1%26y%3D2" in responses.calls[0].request.url


@responses.activate
def test_lookup_found_by_body_location(client: FlattrClient) -> None:
    responses.get(f"{API}/things/lookup/", status=302, json={"location": f"{API}/things/7"})
    assert client.lookup("https://blog.example/a") == 7


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, {"message": "not_found", "description": "No thing was found"}),
        (404, {"error": "not_found", "error_description": "The resource was not found"}),
        (200, {"message": "not_found", "description": "No thing was found"}),
        (404, None),
    ],
)
@responses.activate
def test_lookup_misses_in_every_documented_shape(
    client: FlattrClient, status: int, body: object
) -> None:
    responses.get(f"{API}/things/lookup/", status=status, json=body)
    assert client.lookup("https://blog.example/a") is None


@responses.activate
def test_lookup_reads_a_followed_redirect_body(client: FlattrClient) -> None:
    responses.get(f"{API}/things/lookup/", json={"type": "thing", "id": "55", "url": THING.url})
    assert client.lookup(THING.url) == 55


@responses.activate
def test_lookup_owner_mismatch_is_an_api_error(client: FlattrClient) -> None:
    responses.get(
        f"{API}/things/lookup/",
        status=400,
        json={"error": "validation", "error_description": "Owner mismatch."},
    )
    with pytest.raises(APIError) as caught:
        client.lookup(THING.url)
    assert (caught.value.status, caught.value.code) == (400, "validation")
    assert "Owner mismatch" in str(caught.value)


@responses.activate
def test_401_is_an_auth_error_without_the_token(client: FlattrClient) -> None:
    responses.get(f"{API}/user", status=401, json={"error": "unauthorized"})
    with pytest.raises(AuthError) as caught:
        client.user()
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)
    assert TOKEN not in repr(client)


@responses.activate
def test_403_rate_limit_is_a_rate_limit_error_with_reset(client: FlattrClient) -> None:
    headers = {
        "X-RateLimit-Limit": "1000",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "4102444800",
    }
    responses.post(
        f"{API}/things", status=403, headers=headers, json={"error": "rate_limit_exceeded"}
    )
    with pytest.raises(RateLimitError) as caught:
        client.create(THING)
    assert caught.value.reset_at == 4102444800
    assert client.rate.acquire() is False


@responses.activate
def test_other_errors_keep_status_code_description_and_body(client: FlattrClient) -> None:
    body = {"error": "insufficient_scope", "error_description": "needs thing"}
    responses.post(f"{API}/things", status=403, json=body)
    with pytest.raises(APIError) as caught:
        client.create(THING)
    error = caught.value
    assert (error.status, error.code) == (403, "insufficient_scope")
    assert "needs thing" in error.description
    assert json.loads(error.body) == body


@responses.activate
def test_5xx_without_json_is_an_api_error(client: FlattrClient) -> None:
    responses.get(f"{API}/things/1", status=503, body="<html>down</html>")
    with pytest.raises(APIError) as caught:
        client.thing(1)
    assert (caught.value.status, caught.value.code) == (503, "server_error")


@responses.activate
def test_malformed_json_is_a_transport_error(client: FlattrClient) -> None:
    responses.post(f"{API}/things", status=201, body='{"id": 12', content_type="application/json")
    with pytest.raises(TransportError, match="malformed JSON"):
        client.create(THING)


@pytest.mark.parametrize(
    "failure", [requests.ConnectTimeout(), requests.ConnectionError("refused")]
)
@responses.activate
def test_connection_failures_are_transport_errors(client: FlattrClient, failure: Exception) -> None:
    responses.get(f"{API}/user", body=failure)
    with pytest.raises(TransportError) as caught:
        client.user()
    assert TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None


@responses.activate
def test_create_sends_documented_fields_and_reads_string_id(client: FlattrClient) -> None:
    responses.post(f"{API}/things", status=201, json={"id": "431547", "message": "ok"})
    assert client.create(THING) == 431547
    sent = json.loads(responses.calls[0].request.body)
    assert sent == {
        "url": THING.url,
        "title": "A title",
        "description": "A description",
        "category": "text",
        "language": "en_GB",
        "tags": "x,y",
        "hidden": False,
    }


@responses.activate
def test_update_posts_with_method_override(client: FlattrClient) -> None:
    responses.post(f"{API}/things/9", json={"message": "ok"})
    client.update(9, THING)
    sent = json.loads(responses.calls[0].request.body)
    assert sent["_method"] == "patch"
    assert "url" not in sent


@responses.activate
def test_update_falls_back_to_real_patch_on_405(client: FlattrClient) -> None:
    responses.post(f"{API}/things/9", status=405, json={"error": "method_not_allowed"})
    responses.patch(f"{API}/things/9", json={"message": "ok"})
    client.update(9, THING)
    assert [c.request.method for c in responses.calls] == ["POST", "PATCH"]
    assert client.real_patch is True


@responses.activate
def test_get_multiple_joins_ids_with_literal_commas(client: FlattrClient) -> None:
    responses.get(f"{API}/things/1,2,3", json=[{"id": 1}, {"id": 2}, {"id": 3}])
    assert [t.id for t in client.things([1, 2, 3])] == [1, 2, 3]
    assert responses.calls[0].request.url.endswith("/things/1,2,3")


@responses.activate
def test_rate_limit_headers_feed_the_governor() -> None:
    rate = RateLimit(reserve=2)
    client = FlattrClient(Endpoints(api_url=API), None, rate=rate)
    headers = {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "3",
        "X-RateLimit-Reset": "4102444800",
    }
    responses.get(f"{API}/things/1", json={"id": 1}, headers=headers)
    client.thing(1)
    assert rate.snapshot().remaining == 3
    assert rate.acquire() is True  # 3 -> 2
    assert rate.acquire() is False  # the reserve of 2 stays
    assert "Authorization" not in responses.calls[0].request.headers


def test_loose_types_of_real_thing_bodies() -> None:
    body = {
        "url": THING.url,
        "title": "A title",
        "description": "A description",
        "hidden": 0,
        "tags": ["x", "y"],
        "flattrs_user_count": "2",
        "category": "text",
        "language": "en_GB",
        "owner": {"username": "alice"},
    }
    assert thing_from_json(body).fingerprint == THING.fingerprint
    assert thing_from_json({**body, "hidden": "1"}).hidden is True
    assert thing_from_json({**body, "tags": "x,y"}).tags == ("x", "y")
    with pytest.raises(TransportError, match="hidden"):
        thing_from_json({**body, "hidden": "maybe"})


def test_tls_verification_is_never_turned_off() -> None:
    package = Path(__import__("flattr_core").__file__).parent
    sources = sorted(package.rglob("*.py"))
    assert package / "registration" / "client.py" in sources
    offenders = [
        str(path)
        for path in sources
        if "verify=False" in path.read_text(encoding="utf-8")
        or "CERT_NONE" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
