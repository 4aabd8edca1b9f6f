"""Requests, responses and error bodies of the sandbox, independent of the socket server."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from .state import Grant

ERROR_URI = "https://developers.flattr.net/api"
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)  # the cheap test first
DESCRIPTIONS = {
    "not_found": "The resource was not found",
    "unauthorized": "You are unauthorized to access the resource",
    "insufficient_scope": "The access token does not have the scope this resource needs",
    "forbidden": "You are not allowed to do this",
    "not_acceptable": "The requested format is not supported; only JSON is served",
    "rate_limit_exceeded": "You have used up the hourly rate limit",
    "invalid_request": "The request is malformed",
    "server_error": "Internal server error",
}


class Failure(Exception):
    """An error answer: status, the Flattr error code and a description naming what was wrong."""

    def __init__(self, status: int, code: str, description: str = "") -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description or DESCRIPTIONS.get(code, code)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)


class Headers(Mapping[str, str]):
    """Request headers by name in any case (field names are case-insensitive, RFC 9110 §5.1).

    A repeated field is joined with ", ", as RFC 9110 §5.3 allows for list-valued fields.
    """

    def __init__(self, fields: Iterable[tuple[str, str]] = ()) -> None:
        self._fields: dict[str, str] = {}
        for name, value in fields:
            key = name.lower()
            self._fields[key] = f"{self._fields[key]}, {value}" if key in self._fields else value

    def __getitem__(self, name: str) -> str:
        return self._fields[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


@dataclass
class Request:
    """One parsed HTTP request. ``params`` holds the route's path parameters."""

    method: str
    path: str
    query: Mapping[str, Sequence[str]]
    headers: Mapping[str, str]
    body: bytes = b""
    client: str = ""
    params: dict[str, str] = field(default_factory=dict)
    grant: Grant | None = None
    caller: str = ""  # the rate-limit key: token digest, client id or address
    _fields: dict[str, object] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.headers, Headers):
            self.headers = Headers(self.headers.items())

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def has_arg(self, name: str) -> bool:
        return name in self.query

    def fields(self) -> dict[str, object]:
        """The body as a mapping: a JSON object or a urlencoded form (first value per key)."""
        if self._fields is None:
            self._fields = parse_body(self.body, self.headers.get("Content-Type", ""))
        return self._fields

    def given(self, names: Iterable[str]) -> dict[str, str]:
        """The named values a page was sent (the posted form, else the query), first value each,
        the empty ones left out: the submit page's and the framed button's parameters."""
        source: Mapping[str, object] = self.fields() if self.method == "POST" else self.query
        found = {name: source.get(name) for name in names}
        return {k: (v[0] if isinstance(v, list | tuple) else str(v)) for k, v in found.items() if v}


def parse_body(body: bytes, content_type: str) -> dict[str, object]:
    if not body.strip():
        return {}
    is_json = "json" in content_type.lower() or (not content_type and body.lstrip()[:1] == b"{")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(400, "invalid_request", "The request body is not UTF-8") from None
    return parse_json_object(text) if is_json else parse_form(text)


def parse_json_object(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except ValueError as error:
        raise Failure(400, "invalid_request", f"The body is not valid JSON: {error}") from None
    except RecursionError:  # json's C scanner gives up on deep nesting: a client error, not ours
        raise Failure(400, "invalid_request", "The JSON body is nested too deeply") from None
    if SURROGATE_ESCAPE.search(text) and has_lone_surrogate(value):
        described = "The JSON body has an unpaired surrogate escape such as \\ud800 (not UTF-8)"
        raise Failure(400, "invalid_request", described)
    if not isinstance(value, dict):
        raise Failure(400, "invalid_request", "The JSON body must be an object")
    return value


def has_lone_surrogate(value: object) -> bool:
    """Whether a parsed JSON value holds a string that cannot be UTF-8 (nor stored)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_form(text: str) -> dict[str, object]:
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


def basic_credentials(encoded: str) -> tuple[str, str]:
    """``client_id`` and ``client_secret`` from an HTTP Basic credential ("" when unreadable)."""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


def json_response(status: int, data: object, headers: Sequence[tuple[str, str]] = ()) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body, JSON_TYPE, list(headers))


def error_response(failure: Failure) -> Response:
    body = {"error": failure.code, "error_description": failure.description, "error_uri": ERROR_URI}
    return json_response(failure.status, body)


def html_response(status: int, html: str, headers: Sequence[tuple[str, str]] = ()) -> Response:
    return Response(status, html.encode("utf-8"), HTML_TYPE, list(headers))


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", "text/plain; charset=utf-8", [("Location", location)])


Handler = Callable[["App", Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    limited: bool = True


def route(method: str, pattern: str, handler: Handler, *, limited: bool = True) -> Route:
    """A route; ``pattern`` is a full-match regex with named groups for path parameters."""
    return Route(method, re.compile(pattern), handler, limited)


def match(routes: Sequence[Route], method: str, path: str) -> tuple[Route, dict[str, str]]:
    """The route for a request; 404 when no path matches, 405 when only the method is wrong.

    ``HEAD`` is answered by the ``GET`` route (the server then sends the headers only).
    """
    wanted = "GET" if method == "HEAD" else method
    allowed = []
    for candidate in routes:
        found = candidate.pattern.fullmatch(path)
        if found and candidate.method == wanted:
            return candidate, found.groupdict()
        if found:
            allowed.append(candidate.method)
    if allowed:
        raise Failure(405, "invalid_request", f"{method} is not allowed here; use {allowed}")
    raise Failure(404, "not_found")


if TYPE_CHECKING:
    from .app import App
