"""Raw-HTTP helpers for the sandbox contract tests (no FlattrClient, no redirects followed)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
