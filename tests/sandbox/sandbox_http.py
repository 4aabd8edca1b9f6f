"""Raw-HTTP helpers for the sandbox contract tests (no FlattrClient, no redirects followed)."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from flattr_sandbox import Sandbox, SandboxUser

USERS = [
    SandboxUser("alice", "tok-alice", ("flattr", "thing"), flattr_id="a1b2c3"),
    SandboxUser("Bob", "tok-bob", ("flattr", "thing")),
    SandboxUser("reader", "tok-reader", ()),
    SandboxUser("admin", "tok-admin", ("extendedread", "email")),
]
CLIENTS = {"client-id": "client-secret"}


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Raw:
    """Speaks HTTP to the sandbox with http.client: what you send is what it sees."""

    def __init__(self, base: str, timeout: float = 10.0) -> None:
        self.base = base
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: object = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        raw_body: bytes | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        body = raw_body
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json;charset=utf-8")
        if form is not None:
            body = urlencode(form).encode()
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.netloc, timeout=self.timeout)
        try:
            connection.request(method, parts.path + path, body=body, headers=sent)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path: str, **kwargs: object) -> Reply:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, **kwargs: object) -> Reply:
        return self.request("POST", path, **kwargs)  # type: ignore[arg-type]


def start(path: Path, **options: object) -> Sandbox:
    options.setdefault("users", USERS)
    options.setdefault("clients", CLIENTS)
    return Sandbox(path, **options).start()  # type: ignore[arg-type]


def create(api: Raw, url: str, token: str = "tok-alice", **fields: object) -> int:
    """Create a thing and return its id (asserting the documented 201)."""
    reply = api.post("/things", token=token, json_body={"url": url, "title": "A title", **fields})
    assert reply.status == 201, reply.body
    thing_id = reply.json()["id"]  # type: ignore[index]
    assert isinstance(thing_id, int)
    return thing_id


@dataclass
class Answer:
    """An answer read off a raw socket: status, headers (names lowercased) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def error(self) -> dict[str, str]:
        """The Flattr error body; asserts its documented shape (reference §1.5)."""
        assert self.headers.get("content-type") == "application/json; charset=utf-8"
        data = json.loads(self.body)
        assert set(data) == {"error", "error_description", "error_uri"}
        return data  # type: ignore[no-any-return]


def send_raw(url: str, data: bytes, *, half_close: bool = False, timeout: float = 10.0) -> bytes:
    """Write ``data`` as it is to the server of ``url``; everything read until it closes."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as connection:
        connection.sendall(data)
        if half_close:  # the request ends here: no more bytes will come
            connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def parse_answer(raw: bytes) -> Answer:
    """The first answer in ``raw`` (which holds exactly one unless the caller kept it alive)."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("iso-8859-1").split("\r\n")
    version, status, _ = status_line.split(" ", 2)
    assert version == "HTTP/1.1", status_line
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    return Answer(int(status), headers, rest[:length])


def assert_quiet(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    """Nothing on stderr (http.server's tracebacks) and nothing logged at WARNING or above."""
    assert capsys.readouterr().err == ""
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING
    ] == []
