"""``FlattrClient``: the Flattr REST API v2 over one keep-alive ``requests.Session``.

Every Flattr-facing byte follows reference §1: Bearer token, JSON bodies, lookup's
302/404 semantics, update as POST with ``_method=patch``, literal commas in get-multiple.
Every answer passes through ``_check``, which maps error bodies of both shapes
(``error``/``error_description`` and lookup's ``message``/``description``) onto the
``errors`` tree. The token is sent in one place (``_headers``) and appears nowhere else:
not in exception texts, not in log lines (the core logs at DEBUG, without headers).
"""

from __future__ import annotations

import logging
import threading
import time
from importlib import metadata
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from ..errors import (
    APIError,
    AuthError,
    ConfigError,
    Invalid,
    Problem,
    RateLimitError,
    ThingExistsError,
    TransportError,
)
from ..models import Endpoints, Secret, Thing
from ..settings import checks
from . import wire
from .quota import RateLimit

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        return metadata.version("flattr-plugins")
    except metadata.PackageNotFoundError:
        return "0+unknown"


USER_AGENT = f"flattr-plugins/{_version()} (+https://github.com/flattr-plugins/flattr-plugins)"
DEFAULT_TIMEOUT = (3.05, 10.0)
_REDIRECTS = (301, 302, 303, 307, 308)
_BODY_LIMIT = 2000


def require_secure(base_url: str, key: str) -> None:
    """Refuse a base URL that a token or a client secret must not travel to: https only,
    plain http only on loopback (the sandbox). ``ConfigError`` naming ``key`` otherwise."""
    try:
        checks.endpoint(base_url)
    except Invalid as bad:
        raise ConfigError([Problem(key, base_url, bad.allowed)]) from None


class FlattrClient:
    """A small, thread-safe client for the calls the registration pipeline needs.

    With a token, ``endpoints.api_url`` must be https (or http on loopback): the bearer token
    never goes over plain HTTP to another host."""

    def __init__(
        self,
        endpoints: Endpoints,
        token: Secret | None,
        *,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        pool_size: int = 16,
        rate: RateLimit | None = None,
        real_patch: bool = False,
    ) -> None:
        if token:
            require_secure(endpoints.api_url, "api_url")
        self.endpoints = endpoints
        self.timeout = timeout
        self.user_agent = user_agent
        self.rate = rate if rate is not None else RateLimit()
        self.real_patch = real_patch
        self._token = token
        self._session = session if session is not None else _new_session(pool_size)
        self._count_lock = threading.Lock()
        self.requests_made = 0

    def __repr__(self) -> str:
        return f"FlattrClient(api_url={self.endpoints.api_url!r}, token={self._token!r})"

    def __enter__(self) -> FlattrClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    # -- the API ------------------------------------------------------------------------------

    def user(self) -> wire.User:
        """The account that owns the token (``GET /user``)."""
        return wire.user(self._call("GET", "/user"))

    def rate_limit(self) -> wire.Quota:
        """The quota (``GET /rate_limit``; not counted against it)."""
        return wire.quota(self._call("GET", "/rate_limit"))

    def thing(self, thing_id: int) -> wire.RemoteThing:
        """One thing by id."""
        body = self._call("GET", f"/things/{int(thing_id)}")
        return wire.remote_thing(wire.as_object(body, "/things/:id"))

    def things(self, thing_ids: list[int]) -> list[wire.RemoteThing]:
        """Several things in one request (ids joined by literal commas, reference §5.7)."""
        if not thing_ids:
            return []
        path = "/things/" + ",".join(str(int(i)) for i in thing_ids)
        return wire.remote_things(self._call("GET", path), f"GET {path}")

    def lookup(self, url: str) -> int | None:
        """The id of the thing registered for exactly ``url``, or None when there is none."""
        response = self._send("GET", "/things/lookup/", params={"url": url}, allow_redirects=False)
        if response.status_code in _REDIRECTS:
            return wire.redirect_answer(response.headers.get("Location", ""), _parse(response))
        try:
            body = self._check(response)
        except APIError as exc:
            if exc.status == 404 and exc.code == "not_found":
                return None
            raise
        return wire.lookup_answer(body)

    def create(self, thing: Thing) -> int:
        """Register ``thing``; its new id (``POST /things``, 201)."""
        return wire.created_id(self._call("POST", "/things", json=wire.thing_payload(thing)))

    def update(self, thing_id: int, thing: Thing) -> None:
        """Update a thing's metadata: POST with ``_method=patch`` (the documented way)."""
        path = f"/things/{int(thing_id)}"
        fields = wire.thing_payload(thing, with_url=False)
        if self.real_patch:
            self._call("PATCH", path, json=fields)
            return
        try:
            self._call("POST", path, json={**fields, "_method": "patch"})
        except APIError as exc:
            if exc.status != 405:
                raise
            self.real_patch = True  # a server without the override: use the verb itself
            self._call("PATCH", path, json=fields)

    def delete(self, thing_id: int) -> None:
        """Delete a thing (``DELETE /things/:id``, 204)."""
        self._call("DELETE", f"/things/{int(thing_id)}")

    # -- plumbing -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._check(self._send(method, path, **kwargs))

    def _headers(self) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token.reveal()}"
        return headers

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = self.endpoints.api_url.rstrip("/") + path
        started = time.monotonic()
        with self._count_lock:
            self.requests_made += 1
        try:
            response = self._session.request(
                method, url, headers=self._headers(), timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            log.debug("%s %s failed: %s", method, path, type(exc).__name__)
            raise TransportError(f"{method} {url}: {_describe(exc)}") from None
        self.rate.observe(response.headers)
        elapsed = (time.monotonic() - started) * 1000
        log.debug("%s %s -> %s (%.0f ms)", method, path, response.status_code, elapsed)
        return response

    def _check(self, response: requests.Response) -> Any:
        """The parsed body of a 2xx answer; an error from ``errors`` for anything else."""
        body = _parse(response)
        if 200 <= response.status_code < 300:
            return body
        raise self._error(response, body)

    def _error(self, response: requests.Response, body: Any) -> APIError | AuthError:
        status = response.status_code
        fields = body if isinstance(body, dict) else {}
        code = str(fields.get("error") or fields.get("message") or _default_code(status))
        text = str(fields.get("error_description") or fields.get("description") or "")
        where = f"{response.request.method} {response.url}"
        if status == 401:
            message = f"{where}: the token was refused (401 {code}) {text}".rstrip()
            return AuthError(message, status=status)
        raw = response.text[:_BODY_LIMIT]
        if status in (403, 429) and code in ("rate_limit_exceeded", "too_many_requests"):
            reset = self.rate.snapshot().reset_at
            self.rate.exhausted(reset)
            description = text or "the hourly quota is spent"
            return RateLimitError(description, reset, raw, status=status, code=code)
        kind = ThingExistsError if _says_thing_exists(status, text) else APIError
        return kind(status, code, f"{text} ({where})".strip(), raw)


def _new_session(pool_size: int) -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size, 1))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _describe(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__


def _parse(response: requests.Response) -> Any:
    if not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        where = f"{response.request.method} {response.url}"
        if 200 <= response.status_code < 300:
            raise TransportError(f"{where}: malformed JSON in a {response.status_code}") from None
        return None  # an error page that is not JSON: the status still says what happened


def _says_thing_exists(status: int, description: str) -> bool:
    """The refusal of a create whose URL is registered already. The docs name no code for it
    (reference §1.8.5): a 400 whose description says so ("Thing already exists: URL")."""
    return status == 400 and "already exist" in description.lower()


def _default_code(status: int) -> str:
    codes = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found"}
    return codes.get(status, "server_error" if status >= 500 else f"http_{status}")
