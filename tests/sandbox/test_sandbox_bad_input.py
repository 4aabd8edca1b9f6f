"""Contract: bad values get the documented 4xx (reference §1.5), never a 500 or a traceback.

Thing URLs are refused when they could not be one on Flattr or would harm whoever shows them:
unparseable (a bad IPv6 host), with spaces or control characters (CRLF splits a header or a
feed line), with credentials (a password would be echoed and stored), with a bad port.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from sandbox_http import Raw, assert_quiet, create

from flattr_sandbox import Sandbox

REFUSED_URLS = {
    "bad IPv6 host": ("http://[::1/", "an absolute http(s) URL with a host"),
    "bad IPv6 address": ("http://[zz::1]/", "an absolute http(s) URL with a host"),
    "CRLF": ("https://blog.example/\r\nSet-Cookie: a=b", "without spaces or control characters"),
    "LF in the host": ("https://blog.\nexample/", "without spaces or control characters"),
    "tab": ("https://blog.example/\tpost", "without spaces or control characters"),
    "space": ("https://blog.example/a post", "without spaces or control characters"),
    "NUL": ("https://blog.example/\x00", "without spaces or control characters"),
    "C1 control": ("https://blog.example/\x85", "without spaces or control characters"),
    "line separator": ("https://blog.example/\u2028", "without spaces or control characters"),
    "password": ("https://ada:s3cret@blog.example/", "without a user name or password"),
    "user name": ("https://ada@blog.example/", "without a user name or password"),
    "port too big": ("https://blog.example:99999/", "port is a number from 1 to 65535"),
    "port zero": ("https://blog.example:0/", "port is a number from 1 to 65535"),
    "port not a number": ("https://blog.example:http/", "port is a number from 1 to 65535"),
}
ACCEPTED_URLS = [
    "http://[::1]:8080/post",
    "https://blog.example:443/post",
    "https://blog.example:/post",  # an empty port is the default port (RFC 3986 §3.2.3)
    "https://blog.example/caf\u00e9?q=%20a#top",
]


@pytest.mark.parametrize(("url", "expected"), REFUSED_URLS.values(), ids=REFUSED_URLS)
@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_refused_thing_urls(
    api: Raw,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    url: str,
    expected: str,
    form: bool,
) -> None:
    body = {"form": {"url": url}} if form else {"json_body": {"url": url}}
    reply = api.post("/things", token="tok-alice", **body)
    assert reply.status == 400, reply.body
    error = reply.json()
    assert error["error"] == "validation"  # type: ignore[index]
    description = error["error_description"]  # type: ignore[index]
    assert description.startswith("Invalid url: ")
    assert expected in description
    assert "s3cret" not in description
    assert sandbox.things() == []
    assert_quiet(capsys, caplog)


@pytest.mark.parametrize("url", ACCEPTED_URLS)
def test_unusual_but_valid_thing_urls_are_kept_as_sent(
    api: Raw, sandbox: Sandbox, url: str
) -> None:
    create(api, url)
    assert [thing["url"] for thing in sandbox.things()] == [url]


def test_auto_submit_refuses_the_same_urls(
    web: Raw, sandbox: Sandbox, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    for url, expected in REFUSED_URLS.values():
        fields = {"user_id": "alice", "url": url, "title": "A title"}
        page = web.get("/submit/auto?" + urlencode(fields))
        assert (page.status, expected in page.body.decode()) == (400, True), url
        assert web.post("/submit/auto", form=fields).status == 400
    assert sandbox.things() == []
    assert_quiet(capsys, caplog)


def test_json_nested_100000_deep(
    api: Raw, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    deep = b'{"url": "https://deep.example/", "tags": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    headers = {"Content-Type": "application/json"}
    reply = api.post("/things", token="tok-alice", raw_body=deep, headers=headers)
    assert reply.status == 400
    assert reply.json() == {
        "error": "invalid_request",
        "error_description": "The JSON body is nested too deeply",
        "error_uri": "https://developers.flattr.net/api",
    }
    assert_quiet(capsys, caplog)


@pytest.mark.parametrize(
    "body",
    [
        rb'{"url": "https://blog.example/\ud800"}',
        rb'{"url": "https://a.example/", "title": "A \udfff"}',
    ],
    ids=["in the url", "in the title"],
)
def test_an_unpaired_surrogate_escape(
    api: Raw,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    """Valid JSON, but no UTF-8 text: SQLite cannot store it (a 500 before)."""
    reply = api.post("/things", token="tok-alice", raw_body=body)
    assert reply.status == 400
    error = reply.json()
    assert error["error"] == "invalid_request"  # type: ignore[index]
    assert "unpaired surrogate" in error["error_description"]  # type: ignore[index]
    paired = rb'{"url": "https://blog.example/\ud83d\ude00"}'
    assert api.post("/things", token="tok-alice", raw_body=paired).status == 201
    assert [thing["url"] for thing in sandbox.things()] == ["https://blog.example/\U0001f600"]
    assert_quiet(capsys, caplog)


def test_a_deep_value_that_parses_is_named_briefly(api: Raw) -> None:
    value = "[" * 500 + "]" * 500
    body = f'{{"url": "https://deep.example/", "tags": {value}}}'.encode()
    reply = api.post("/things", token="tok-alice", raw_body=body)
    assert reply.status == 400
    description = reply.json()["error_description"]  # type: ignore[index]
    assert description.startswith("Invalid tags: [[[[...]]]]; expected a comma-separated string")


HUGE_IDS = ["12345678901234567890123456", "9223372036854775808", "0" * 5000 + "1"]


@pytest.mark.parametrize("thing_id", HUGE_IDS, ids=["26 digits", "2**63", "5001 digits"])
def test_ids_no_thing_can_have_are_not_found(
    api: Raw,
    web: Raw,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    thing_id: str,
) -> None:
    known = create(api, "https://known.example/")
    for method, path in [
        ("GET", f"/things/{thing_id}"),
        ("GET", f"/things/{known},{thing_id}"),
        ("PATCH", f"/things/{thing_id}"),
        ("POST", f"/things/{thing_id}?_method=patch"),
        ("DELETE", f"/things/{thing_id}"),
    ]:
        reply = api.request(method, path, token="tok-alice", json_body={"title": "Renamed"})
        assert reply.status == 404, (method, reply.body)
        assert reply.json()["error"] == "not_found"  # type: ignore[index]
    assert web.get(f"/thing/{thing_id}").status == 404
    assert web.post(f"/thing/{thing_id}/flattr").status == 404
    assert_quiet(capsys, caplog)


@pytest.mark.parametrize("value", ["\u00b2", "\u0661", "1" * 5000, "-1", "0", "1e3"])
@pytest.mark.parametrize("path", ["/users/alice/things", "/things/search"])
def test_paging_numbers(
    api: Raw,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    path: str,
    value: str,
) -> None:
    for name in ("count", "page"):
        reply = api.get(f"{path}?{name}={quote(value)}")
        assert reply.status == 400, reply.body
        error = reply.json()
        assert error["error"] == "invalid_parameters"  # type: ignore[index]
        description = error["error_description"]  # type: ignore[index]
        assert description.startswith(f"{name}: ")
        assert description.endswith("expected a positive integer of at most 18 digits")
        assert len(description) < 200
    assert_quiet(capsys, caplog)


def test_paging_far_beyond_the_last_thing_is_empty(api: Raw) -> None:
    create(api, "https://page.example/")
    assert api.get(f"/users/alice/things?page={'9' * 18}&count={'9' * 18}").json() == []


def test_lookup_of_an_unparseable_url(
    api: Raw, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    reply = api.get(f"/things/lookup/?url={quote('http://[::1/', safe='')}")
    assert reply.status == 400
    error = reply.json()
    assert error["error"] == "invalid_parameters"  # type: ignore[index]
    assert error["error_description"].startswith("url: 'http://[::1/' is not a URL")  # type: ignore[index]
    assert api.get(f"/things/lookup/?url={quote('not a url')}").status == 404  # a plain miss
    assert_quiet(capsys, caplog)


def test_authorize_with_an_unparseable_redirect_uri(
    web: Raw, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    query = {"client_id": "client-id", "redirect_uri": "http://[::1/cb", "response_type": "code"}
    page = web.get("/oauth/authorize?" + urlencode(query))
    assert page.status == 400
    assert "redirect_uri" in page.body.decode()
    assert_quiet(capsys, caplog)
