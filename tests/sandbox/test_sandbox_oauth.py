"""Contract: OAuth 2 authorize and token (reference §1.2), as a client app sees it."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sandbox_http import Raw, Reply

CALLBACK = "http://127.0.0.1:9/callback"
BASIC = {"Authorization": "Basic " + base64.b64encode(b"client-id:client-secret").decode()}


def approve(web: Raw, scope: str = "flattr thing", user: str = "alice") -> str:
    """Approve like the form does; return the code from the redirect."""
    form = {
        "client_id": "client-id",
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": scope,
        "user": user,
        "decision": "approve",
    }
    reply = web.post("/oauth/authorize", form=form)
    assert reply.status == 302
    location = reply.header("Location") or ""
    assert location.startswith(CALLBACK + "?")
    return parse_qs(urlsplit(location).query)["code"][0]


def exchange(web: Raw, code: str, overrides: dict[str, str] | None = None) -> Reply:
    fields = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    return web.post("/oauth/token", form={**fields, **(overrides or {})}, headers=BASIC)


def test_authorize_page_shows_a_form_with_a_user_selector(web: Raw) -> None:
    query = urlencode(
        {
            "response_type": "code",
            "client_id": "client-id",
            "redirect_uri": CALLBACK,
            "scope": "flattr,thing",
        }
    )
    reply = web.get(f"/oauth/authorize?{query}")
    page = reply.body.decode()
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/html; charset=utf-8"
    assert '<select name="user">' in page
    assert '<option value="alice">' in page
    assert 'name="scope" value="flattr thing"' in page
    assert 'value="http://127.0.0.1:9/callback"' in page


def test_the_happy_path_issues_a_working_token(web: Raw, api: Raw) -> None:
    reply = exchange(web, approve(web, scope="thing+flattr"))
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    assert reply.header("Cache-Control") == "no-store"
    assert reply.header("Pragma") == "no-cache"
    assert reply.header("Expires") == "Thu, 19 Nov 1981 08:52:00 GMT"
    body = reply.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    token = body["access_token"]
    assert api.get("/user", token=token).json()["username"] == "alice"  # type: ignore[index]
    created = api.post("/things", token=token, json_body={"url": "https://oauth.example/"})
    assert created.status == 201


def test_scopes_of_the_issued_token_are_those_approved(web: Raw, api: Raw) -> None:
    token = exchange(web, approve(web, scope="")).json()["access_token"]
    reply = api.post("/things", token=token, json_body={"url": "https://oauth.example/ro"})
    assert (reply.status, reply.json()["error"]) == (403, "insufficient_scope")  # type: ignore[index]


def test_client_credentials_in_a_json_body(web: Raw) -> None:
    body = {
        "grant_type": "authorization_code",
        "code": approve(web),
        "redirect_uri": CALLBACK,
        "client_id": "client-id",
        "client_secret": "client-secret",
    }
    assert web.post("/oauth/token", json_body=body).status == 200


def test_a_code_works_once(web: Raw) -> None:
    code = approve(web)
    assert exchange(web, code).status == 200
    again = exchange(web, code)
    assert (again.status, again.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        ({"redirect_uri": "http://127.0.0.1:9/other"}, 400, "invalid_grant"),
        ({"code": "made-up"}, 400, "invalid_grant"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"redirect_uri": ""}, 400, "invalid_request"),
    ],
)
def test_token_errors(web: Raw, overrides: dict[str, str], status: int, error: str) -> None:
    reply = exchange(web, approve(web), overrides)
    assert (reply.status, reply.json()["error"]) == (status, error)


def test_bad_client_credentials_are_401_invalid_client(web: Raw) -> None:
    wrong = {"Authorization": "Basic " + base64.b64encode(b"client-id:nope").decode()}
    form = {"grant_type": "authorization_code", "code": approve(web), "redirect_uri": CALLBACK}
    for headers in (wrong, {}):
        reply = web.post("/oauth/token", form=form, headers=headers)
        assert (reply.status, reply.json()["error"]) == (401, "invalid_client")  # type: ignore[index]
        assert reply.header("WWW-Authenticate")


def test_deny_and_unknown_scope_redirect_with_an_error(web: Raw) -> None:
    base = {"client_id": "client-id", "redirect_uri": CALLBACK, "response_type": "code"}
    denied = web.post("/oauth/authorize", form={**base, "user": "alice", "decision": "deny"})
    assert denied.header("Location") == f"{CALLBACK}?error=access_denied"
    unknown = web.get("/oauth/authorize?" + urlencode({**base, "scope": "thing admin"}))
    assert unknown.status == 302
    assert "error=invalid_scope" in (unknown.header("Location") or "")


def test_unknown_client_or_redirect_is_a_400_page_not_a_redirect(web: Raw) -> None:
    bad_client = web.get(
        "/oauth/authorize?" + urlencode({"client_id": "x", "redirect_uri": CALLBACK})
    )
    no_redirect = web.get("/oauth/authorize?client_id=client-id&response_type=code")
    for reply in (bad_client, no_redirect):
        assert reply.status == 400
        assert reply.header("Location") is None
        assert b"Bad request" in reply.body


def test_implicit_grant_puts_the_token_in_the_fragment(web: Raw, api: Raw) -> None:
    form = {
        "client_id": "client-id",
        "redirect_uri": CALLBACK,
        "response_type": "token",
        "scope": "thing",
        "user": "Bob",
    }
    location = web.post("/oauth/authorize", form=form).header("Location") or ""
    fragment = parse_qs(urlsplit(location).fragment)
    assert fragment["token_type"] == ["bearer"]
    assert api.get("/user", token=fragment["access_token"][0]).json()["username"] == "Bob"  # type: ignore[index]
