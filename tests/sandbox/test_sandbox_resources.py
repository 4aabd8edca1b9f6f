"""Contract: users, categories, languages, rate limit, formats and auth (reference §1.3-1.10)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sandbox_http import CLIENTS, USERS, Raw, create

from flattr_core import vocab
from flattr_sandbox import Sandbox

RATE_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Current",
    "X-RateLimit-Reset",
)


def test_public_user_is_case_insensitive_and_keeps_display_case(api: Raw, sandbox: Sandbox) -> None:
    for name in ("bob", "BOB", "Bob"):
        user = api.get(f"/users/{name}").json()
        assert user == {
            "type": "user",
            "resource": f"{sandbox.api_url}/users/bob",
            "link": f"{sandbox.url}/profile/bob",
            "username": "Bob",
            "url": None,
            "firstname": "Bob",
            "lastname": "",
            "avatar": "",
            "about": "",
            "city": "",
            "country": "",
        }


def test_flattr_id_is_shown_as_id(api: Raw) -> None:
    assert api.get("/users/alice").json()["id"] == "a1b2c3"  # type: ignore[index]


def test_unknown_user_is_404(api: Raw) -> None:
    reply = api.get("/users/nobody")
    assert (reply.status, reply.json()["error"]) == (404, "not_found")  # type: ignore[index]
    assert api.get("/users/nobody/things").status == 404


def test_current_user_needs_a_token_and_shows_private_fields_by_scope(api: Raw) -> None:
    assert api.get("/user").status == 401
    alice = api.get("/user", token="tok-alice").json()
    admin = api.get("/user", token="tok-admin").json()
    assert alice["username"] == "alice"
    assert "email" not in alice
    assert admin["email"]
    assert isinstance(admin["registered_at"], int)


def test_bearer_scheme_is_case_insensitive_and_bad_tokens_are_401(api: Raw) -> None:
    lower = api.get("/user", headers={"Authorization": "bearer tok-alice"})
    assert lower.status == 200
    for header in ("Bearer wrong", "Token tok-alice", "Basic " + base64.b64encode(b"x:y").decode()):
        reply = api.get("/user", headers={"Authorization": header})
        assert reply.status == 401
        assert reply.json()["error"] == "unauthorized"  # type: ignore[index]
        assert "tok-alice" not in reply.body.decode()


def test_basic_client_credentials_read_public_resources(api: Raw) -> None:
    basic = "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    assert api.get("/users/alice", headers={"Authorization": basic}).status == 200


def test_user_things_list_newest_first_with_paging_and_hidden_rules(api: Raw) -> None:
    ids = [create(api, f"https://blog.example/l{n}") for n in range(3)]
    hidden = create(api, "https://blog.example/hidden", hidden=True)
    public = [t["id"] for t in api.get("/users/alice/things").json()]  # type: ignore[attr-defined,index]
    own = [t["id"] for t in api.get("/user/things", token="tok-alice").json()]  # type: ignore[attr-defined,index]
    paged = api.get("/users/alice/things?count=2&page=2").json()
    assert public == ids[::-1]
    assert own == [hidden, *ids[::-1]]
    assert [t["id"] for t in paged] == [ids[0]]  # type: ignore[attr-defined,index]
    assert api.get("/user/things").status == 401
    assert api.get("/users/alice/things?count=0").status == 400


def test_categories_and_languages_are_the_vocabularies(api: Raw) -> None:
    categories = api.get("/categories").json()
    languages = api.get("/languages").json()
    assert [c["id"] for c in categories] == list(vocab.CATEGORIES)  # type: ignore[attr-defined,index]
    assert len(categories) == 7
    assert {"id": "rest", "text": "Other"} in categories
    assert [lang["id"] for lang in languages] == list(vocab.LANGUAGES)  # type: ignore[attr-defined,index]
    assert len(languages) == 44
    assert {"id": "iw_IL", "text": "Hebrew"} in languages


def test_limited_resources_carry_rate_headers_and_rate_limit_does_not(api: Raw) -> None:
    first = api.get("/categories")
    second = api.get("/categories")
    assert all(first.header(name) for name in RATE_HEADERS)
    assert (first.header("X-RateLimit-Limit"), first.header("X-RateLimit-Current")) == ("1000", "1")
    assert second.header("X-RateLimit-Remaining") == "998"
    status = api.get("/rate_limit")
    assert not any(status.header(name) for name in RATE_HEADERS)
    body = status.json()
    assert body["hourly_limit"] == 1000
    assert body["current_hits"] == 2
    assert body["remaining_hits"] == 998  # type: ignore[index]
    assert body["reset_time_in_seconds"] == int(first.header("X-RateLimit-Reset") or 0)  # type: ignore[index]
    assert str(body["reset_time"]).endswith("+0000 GMT")  # type: ignore[index]
    assert api.get("/rate_limit").json()["current_hits"] == 2  # type: ignore[index]


def test_the_rate_limit_reaches_403_per_token(tmp_path: Path) -> None:
    with Sandbox(tmp_path / "db", users=USERS, clients=CLIENTS, rate_limit=3) as sandbox:
        api = Raw(sandbox.api_url)
        statuses = [api.get("/user", token="tok-alice").status for _ in range(4)]
        spent = api.get("/user", token="tok-alice")
        assert statuses == [200, 200, 200, 403]
        assert spent.json()["error"] == "rate_limit_exceeded"  # type: ignore[index]
        assert spent.header("X-RateLimit-Remaining") == "0"
        assert api.get("/user", token="tok-bob").status == 200  # another token, another quota
        assert api.get("/rate_limit", token="tok-alice").json()["remaining_hits"] == 0  # type: ignore[index]


@pytest.mark.parametrize("path", ["/categories.xml", "/things/1.yaml", "/languages.txt"])
def test_other_formats_are_406(api: Raw, path: str) -> None:
    reply = api.get(path)
    assert (reply.status, reply.json()["error"]) == (406, "not_acceptable")  # type: ignore[index]


def test_json_suffix_and_accept_negotiation(api: Raw) -> None:
    assert api.get("/categories.json").status == 200
    assert api.get("/categories", headers={"Accept": "application/json"}).status == 200
    assert api.get("/categories", headers={"Accept": "text/html, */*;q=0.8"}).status == 200
    assert api.get("/categories", headers={"Accept": "application/xml"}).status == 406


def test_jsonp_wraps_the_body(api: Raw) -> None:
    reply = api.get("/categories?jsonp=cb")
    assert reply.body.startswith(b"cb([")
    assert reply.body.endswith(b");")
    assert reply.header("Content-Type") == "text/javascript; charset=utf-8"


def test_unknown_paths_and_methods(api: Raw) -> None:
    assert api.get("/nothing").status == 404
    assert api.request("PUT", "/categories").status == 405
