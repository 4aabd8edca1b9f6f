"""Contract: the sandbox is as lenient as Flattr was: a trailing slash, header names in any case,
``HEAD`` (what old clients relied on; see test_sandbox_old_clients.py for one of them)."""

from __future__ import annotations

import http.client
from urllib.parse import quote, urlsplit

import pytest
from sandbox_http import Raw, create

from flattr_sandbox import Sandbox


def test_a_trailing_slash_reaches_the_same_resource(api: Raw) -> None:
    reply = api.post("/things/", token="tok-alice", json_body={"url": "https://slash.example/"})
    assert reply.status == 201, reply.body
    thing_id = reply.json()["id"]  # type: ignore[index]
    assert api.get(f"/things/{thing_id}/").json()["url"] == "https://slash.example/"  # type: ignore[index]
    assert api.get("/users/alice/things/").json()[0]["id"] == thing_id  # type: ignore[index]
    assert api.get("/categories.json/").status == 200
    patch = api.request(
        "PATCH", f"/things/{thing_id}/", token="tok-alice", json_body={"title": "Slashed"}
    )
    assert patch.status == 200
    assert api.request("DELETE", f"/things/{thing_id}/", token="tok-alice").status == 204


def test_only_one_trailing_slash_is_dropped(api: Raw, web: Raw) -> None:
    assert api.get("/categories//").status == 404
    assert api.get("/").status == 404  # the bare API root is no resource, with or without it
    assert web.get("/").status == 200


def test_web_pages_take_a_trailing_slash(api: Raw, web: Raw) -> None:
    thing_id = create(api, "https://slash.example/page")
    assert web.get("/profile/alice/").status == 200
    assert web.get(f"/thing/{thing_id}/").status == 200


@pytest.mark.parametrize("name", ["authorization", "AUTHORIZATION", "aUtHoRiZaTiOn"])
def test_header_names_in_any_case(api: Raw, name: str) -> None:
    reply = api.get("/user", headers={name: "Bearer tok-alice"})
    assert reply.status == 200, reply.body
    assert reply.json()["username"] == "alice"  # type: ignore[index]


def test_content_type_and_accept_in_lowercase(api: Raw) -> None:
    body = b"url=https%3A%2F%2Fform.example%2F&title=Lower+case"
    headers = {"content-type": "application/x-www-form-urlencoded", "accept": "application/xml"}
    assert api.get("/categories", headers={"accept": "application/xml"}).status == 406
    reply = api.post(
        "/things", token="tok-alice", raw_body=body, headers=headers | {"accept": "*/*"}
    )
    assert reply.status == 201, reply.body
    thing = api.get(f"/things/{reply.json()['id']}").json()  # type: ignore[index]
    assert thing["title"] == "Lower case"  # type: ignore[index]


def test_repeated_header_fields_are_joined(api: Raw) -> None:
    connection = http.client.HTTPConnection(urlsplit(api.base).netloc, timeout=10)
    try:
        connection.putrequest("GET", urlsplit(api.base).path + "/categories")
        connection.putheader("Accept", "application/xml")
        connection.putheader("accept", "application/json")
        connection.endheaders()
        assert connection.getresponse().status == 200  # "application/xml, application/json"
    finally:
        connection.close()


def head_and_get(sandbox: Sandbox, path: str) -> tuple[http.client.HTTPResponse, bytes, bytes]:
    """HEAD then GET on one keep-alive connection: a HEAD body would corrupt the GET's answer."""
    connection = http.client.HTTPConnection(urlsplit(sandbox.url).netloc, timeout=10)
    try:
        connection.request("HEAD", path)
        head = connection.getresponse()
        head_body = head.read()
        connection.request("GET", path)
        got = connection.getresponse()
        return head, head_body, got.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/rest/v2/categories", "/rest/v2/users/alice", "/profile/alice"])
def test_head_answers_like_get_without_a_body(sandbox: Sandbox, path: str) -> None:
    head, head_body, get_body = head_and_get(sandbox, path)
    assert head.status == 200
    assert head_body == b""
    assert head.getheader("Content-Length") == str(len(get_body))
    assert get_body


def test_head_of_a_lookup_and_a_missing_thing(sandbox: Sandbox, api: Raw) -> None:
    thing_id = create(api, "https://head.example/")
    found = api.request("HEAD", f"/things/lookup/?url={quote('https://head.example/', safe='')}")
    assert (found.status, found.body) == (302, b"")
    assert found.header("Location") == f"{sandbox.api_url}/things/{thing_id}"
    missing = api.request("HEAD", "/things/99")
    assert (missing.status, missing.body) == (404, b"")
    assert api.request("HEAD", "/user").status == 401
