"""Contract: /things create, get, get-multiple, lookup, update, delete (reference §1.8)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sandbox_http import Raw, create

from flattr_sandbox import Sandbox

ERROR_KEYS = {"error", "error_description", "error_uri"}


def test_create_answers_201_with_the_documented_body(api: Raw, sandbox: Sandbox) -> None:
    reply = api.post("/things", token="tok-alice", json_body={"url": "https://blog.example/a"})
    assert reply.status == 201
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    body = reply.json()
    assert body == {
        "id": body["id"],  # type: ignore[index]
        "link": f"{sandbox.api_url}/things/{body['id']}",  # type: ignore[index]
        "message": "ok",
        "description": "Thing was created successfully",
    }


def test_create_from_a_form_body_and_get_the_full_thing(api: Raw, sandbox: Sandbox) -> None:
    form = {
        "url": "https://blog.example/b",
        "title": "Second post",
        "description": "About it",
        "category": "text",
        "language": "sv_SE",
        "tags": " a, b,,c ",
        "hidden": "True",
    }
    reply = api.post("/things", token="tok-alice", form=form)
    assert reply.status == 201
    thing_id = reply.json()["id"]  # type: ignore[index]
    thing = api.get(f"/things/{thing_id}").json()
    assert thing == {
        "type": "thing",
        "resource": f"{sandbox.api_url}/things/{thing_id}",
        "link": f"{sandbox.url}/thing/{thing_id}",
        "id": thing_id,
        "url": "https://blog.example/b",
        "title": "Second post",
        "description": "About it",
        "tags": ["a", "b", "c"],
        "language": "sv_SE",
        "category": "text",
        "owner": {
            "type": "user",
            "resource": f"{sandbox.api_url}/users/alice",
            "link": f"{sandbox.url}/profile/alice",
            "username": "alice",
        },
        "hidden": True,
        "image": f"{sandbox.url}/thing/image/{'/'.join(str(thing_id))}/medium.png",
        "flattrs": 0,
        "flattrs_user_count": 0,
        "created_at": thing["created_at"],  # type: ignore[index]
    }


def test_create_defaults_to_category_rest_and_english(api: Raw) -> None:
    thing = api.get(f"/things/{create(api, 'https://blog.example/c')}").json()
    assert (thing["category"], thing["language"], thing["hidden"]) == ("rest", "en_GB", False)  # type: ignore[index]


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("url", "/relative/path", "url"),
        ("url", "ftp://example.com/x", "url"),
        ("category", "news", "category"),
        ("language", "en_US", "language"),
        ("hidden", "maybe", "hidden"),
        ("title", "Hi", "title"),
        ("title", "x" * 101, "title"),
        ("description", "y" * 1001, "description"),
        ("tags", 42, "tags"),
    ],
)
def test_create_validation_names_the_field_and_value(
    api: Raw, field: str, value: object, named: str
) -> None:
    body = {"url": "https://blog.example/v", field: value}
    reply = api.post("/things", token="tok-alice", json_body=body)
    assert reply.status == 400
    error = reply.json()
    assert set(error) == ERROR_KEYS  # type: ignore[arg-type]
    assert error["error"] == "validation"  # type: ignore[index]
    assert named in error["error_description"]  # type: ignore[index]
    assert str(value)[:20] in error["error_description"]  # type: ignore[index]


@pytest.mark.parametrize("hidden", [True, False, 1, 0, "1", "0", "true", "False", "TRUE"])
def test_hidden_is_parsed_leniently(api: Raw, hidden: object) -> None:
    thing_id = create(api, f"https://blog.example/h/{hidden!s}", hidden=hidden)
    shown = api.get(f"/things/{thing_id}", token="tok-alice").json()["hidden"]  # type: ignore[index]
    assert shown is (str(hidden).lower() in ("true", "1"))


def test_an_already_registered_url_is_a_validation_error(api: Raw, sandbox: Sandbox) -> None:
    create(api, "https://blog.example/dup")
    reply = api.post("/things", token="tok-bob", json_body={"url": "https://blog.example/dup"})
    assert reply.status == 400
    assert reply.json()["error"] == "validation"  # type: ignore[index]
    assert "already exists" in reply.json()["error_description"]  # type: ignore[index]
    assert len(sandbox.things()) == 1


def test_create_needs_a_token_and_the_thing_scope(api: Raw) -> None:
    anonymous = api.post("/things", json_body={"url": "https://blog.example/x"})
    reader = api.post("/things", token="tok-reader", json_body={"url": "https://blog.example/x"})
    assert (anonymous.status, anonymous.json()["error"]) == (401, "unauthorized")  # type: ignore[index]
    assert (reader.status, reader.json()["error"]) == (403, "insufficient_scope")  # type: ignore[index]


def test_get_a_missing_thing_is_404_not_found(api: Raw) -> None:
    for path in ("/things/999", "/things/nothing_here"):
        reply = api.get(path)
        assert (reply.status, reply.json()["error"]) == (404, "not_found")  # type: ignore[index]


def test_owner_and_authenticated_views_add_their_fields(api: Raw) -> None:
    thing_id = create(api, "https://blog.example/views")
    public = api.get(f"/things/{thing_id}").json()
    viewer = api.get(f"/things/{thing_id}", token="tok-bob").json()
    owner = api.get(f"/things/{thing_id}", token="tok-alice").json()
    assert "flattred" not in public
    assert "updated_at" not in public
    assert viewer["flattred"] is False
    assert "updated_at" not in viewer
    assert owner["updated_at"] == 0
    assert owner["last_flattr_at"] == 0


def test_full_expands_the_owner(api: Raw) -> None:
    thing_id = create(api, "https://blog.example/full")
    owner = api.get(f"/things/{thing_id}?full").json()["owner"]  # type: ignore[index]
    assert owner["firstname"] == "alice"
    assert owner["url"] is None


def test_get_multiple_keeps_request_order_and_404s_on_any_miss(api: Raw) -> None:
    first, second, third = (create(api, f"https://blog.example/m{n}") for n in range(3))
    reply = api.get(f"/things/{third},{first},{second}")
    assert reply.status == 200
    assert [t["id"] for t in reply.json()] == [third, first, second]  # type: ignore[attr-defined,index]
    assert api.get(f"/things/{first},999").status == 404
    assert api.get(f"/things/{first}%2C{second}").status == 404  # commas must be literal


@pytest.mark.parametrize("path", ["/things/lookup", "/things/lookup/"])
def test_lookup_found_is_a_302_with_location_and_body(
    api: Raw, sandbox: Sandbox, path: str
) -> None:
    thing_id = create(api, "https://blog.example/post?x=1&y=2#frag")
    reply = api.get(f"{path}?url={quote('https://blog.example/post?x=1&y=2#frag', safe='')}")
    location = f"{sandbox.api_url}/things/{thing_id}"
    assert reply.status == 302
    assert reply.header("Location") == location
    assert reply.json() == {"message": "found", "location": location}


def test_lookup_miss_is_404_with_message_keys(api: Raw) -> None:
    create(api, "https://blog.example/exact")
    for url in ("https://blog.example/exact/", "http://blog.example/exact"):
        reply = api.get(f"/things/lookup/?url={quote(url, safe='')}")
        assert reply.status == 404
        assert reply.json() == {"message": "not_found", "description": "No thing was found"}


def test_lookup_without_url_is_invalid_parameters(api: Raw) -> None:
    reply = api.get("/things/lookup/")
    assert (reply.status, reply.json()["error"]) == (400, "invalid_parameters")  # type: ignore[index]


def test_lookup_resolves_auto_submit_urls_and_checks_the_owner(api: Raw, sandbox: Sandbox) -> None:
    thing_id = create(api, "https://blog.example/auto")
    submit = f"{sandbox.url}/submit/auto?user_id=alice&url={quote('https://blog.example/auto')}"
    found = api.get(f"/things/lookup/?url={quote(submit, safe='')}")
    assert (found.status, found.header("Location")) == (302, f"{sandbox.api_url}/things/{thing_id}")
    other = submit.replace("user_id=alice", "user_id=bob")
    mismatch = api.get(f"/things/lookup/?url={quote(other, safe='')}")
    assert mismatch.status == 400
    assert mismatch.json()["error"] == "validation"  # type: ignore[index]
    assert "Owner mismatch" in mismatch.json()["error_description"]  # type: ignore[index]


def test_hidden_things_are_found_only_by_owner_or_extendedread(api: Raw) -> None:
    create(api, "https://blog.example/secret", hidden=True)
    path = f"/things/lookup/?url={quote('https://blog.example/secret', safe='')}"
    assert api.get(path).status == 404
    assert api.get(path, token="tok-bob").status == 404
    assert api.get(path, token="tok-alice").status == 302
    assert api.get(path, token="tok-admin").status == 302


def test_patch_updates_with_a_real_patch_and_json(api: Raw) -> None:
    thing_id = create(api, "https://blog.example/p1")
    body = {"title": "New title", "tags": "x,y", "hidden": 1, "language": "de_DE"}
    reply = api.request("PATCH", f"/things/{thing_id}", token="tok-alice", json_body=body)
    assert reply.status == 200
    assert reply.json() == {"message": "ok", "description": "Thing was updated correctly"}
    thing = api.get(f"/things/{thing_id}", token="tok-alice").json()
    assert (thing["title"], thing["tags"], thing["hidden"]) == ("New title", ["x", "y"], True)  # type: ignore[index]
    assert thing["language"] == "de_DE"
    assert thing["updated_at"] > 0


@pytest.mark.parametrize("as_json", [False, True])
def test_post_with_method_patch_in_form_or_json(api: Raw, as_json: bool) -> None:
    thing_id = create(api, "https://blog.example/p2")
    fields = {"_method": "patch", "description": "Updated text", "category": "software"}
    payload = {"json_body": fields} if as_json else {"form": fields}
    reply = api.post(f"/things/{thing_id}", token="tok-alice", **payload)
    assert reply.status == 200
    thing = api.get(f"/things/{thing_id}").json()
    assert (thing["description"], thing["category"]) == ("Updated text", "software")  # type: ignore[index]


def test_post_without_method_override_is_rejected(api: Raw) -> None:
    thing_id = create(api, "https://blog.example/p3")
    reply = api.post(f"/things/{thing_id}", token="tok-alice", form={"title": "Nope nope"})
    assert (reply.status, reply.json()["error"]) == (400, "invalid_request")  # type: ignore[index]


def test_patch_errors(api: Raw) -> None:
    thing_id = create(api, "https://blog.example/p4")
    path, body = f"/things/{thing_id}", {"title": "Changed title"}
    cases = {
        (None, path): (401, "unauthorized"),
        ("tok-reader", path): (403, "insufficient_scope"),
        ("tok-bob", path): (403, "forbidden"),
        ("tok-alice", "/things/999"): (404, "not_found"),
    }
    for (token, target), expected in cases.items():
        reply = api.request("PATCH", target, token=token, json_body=body)
        assert (reply.status, reply.json()["error"]) == expected  # type: ignore[index]
    bad = api.request("PATCH", path, token="tok-alice", json_body={"category": "nope"})
    assert (bad.status, bad.json()["error"]) == (400, "validation")  # type: ignore[index]
    moved = api.request("PATCH", path, token="tok-alice", json_body={"url": "https://x.example/"})
    assert moved.status == 400


def test_delete_is_204_for_the_owner_and_forbidden_for_others(api: Raw, sandbox: Sandbox) -> None:
    thing_id = create(api, "https://blog.example/d")
    for token in ("tok-bob", "tok-reader"):
        reply = api.request("DELETE", f"/things/{thing_id}", token=token)
        assert (reply.status, reply.json()["error"]) == (403, "forbidden")  # type: ignore[index]
    gone = api.request("DELETE", f"/things/{thing_id}", token="tok-alice")
    assert (gone.status, gone.body) == (204, b"")
    assert api.get(f"/things/{thing_id}").status == 404
    assert api.request("DELETE", f"/things/{thing_id}", token="tok-alice").status == 404
    assert sandbox.things() == []
