"""The sandbox application: routes a parsed request to a handler and applies auth, rate limit,
formats and faults. Knows nothing about sockets (see ``server.py``)."""

from __future__ import annotations

import json
import logging
import re
import threading

from . import api_misc, api_things, oauth, web, widget
from .faults import FaultInjector
from .protocol import (
    Failure,
    Request,
    Response,
    Route,
    basic_credentials,
    error_response,
    match,
)
from .ratelimit import RateLimiter
from .shapes import Bases
from .state import State, digest

log = logging.getLogger(__name__)

API_PREFIX = "/rest/v2"
OTHER_FORMATS = re.compile(r"\.(xml|yaml|yml|as|atom|txt|html|csv)$")
JSON_ACCEPTED = ("application/json", "application/*", "*/*", "text/javascript")
JSONP_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


class App:
    """Everything one sandbox serves, over one ``State``."""

    def __init__(
        self, state: State, bases: Bases, limiter: RateLimiter, injector: FaultInjector
    ) -> None:
        self.state = state
        self.bases = bases
        self.limiter = limiter
        self.injector = injector
        self.api_routes: list[Route] = [*api_things.ROUTES, *api_misc.ROUTES]
        self.web_routes: list[Route] = [*oauth.ROUTES, *web.ROUTES, *widget.ROUTES]
        self._lock = threading.Lock()
        self._requests = 0
        self.echo_state = False  # send OAuth's ``state`` back on redirects (oauth.py)

    @property
    def requests(self) -> int:
        """API requests received so far (faulted ones included)."""
        with self._lock:
            return self._requests

    def handle(self, request: Request) -> Response | None:
        """The response, or None when the connection must be dropped without one (a hang)."""
        # Flattr answered /things/ as /things (python-flattr posts there): one slash is dropped
        if request.path != "/":
            request.path = request.path.removesuffix("/")
        if request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/"):
            return self._api(request)
        return self._web(request)

    def _web(self, request: Request) -> Response:
        try:
            found, request.params = match(self.web_routes, request.method, request.path)
            return found.handler(self, request)
        except Failure as failure:
            return web.error_page(failure)

    def _api(self, request: Request) -> Response | None:
        with self._lock:
            self._requests += 1
        fault = self.injector.draw()
        self.injector.delay()
        if fault == "timeout":
            self.injector.hang()
            return None
        if fault == "fail":
            status = self.injector.faults.fail_status
            return error_response(Failure(status, "server_error", "Injected server failure"))
        response = self._api_response(request)
        return malformed(response) if fault == "malformed" else response

    def _api_response(self, request: Request) -> Response:
        headers: list[tuple[str, str]] = [("Access-Control-Allow-Origin", "*")]
        try:
            response = self._dispatch(request, headers)
        except Failure as failure:
            response = error_response(failure)
        response.headers[:0] = headers
        return jsonp(request, response)

    def _dispatch(self, request: Request, headers: list[tuple[str, str]]) -> Response:
        path = request.path[len(API_PREFIX) :].removesuffix(".json") or "/"
        check_format(request, path)
        found, request.params = match(self.api_routes, request.method, path)
        request.caller = self._authenticate(request)
        if found.limited:
            allowed, quota = self.limiter.spend(request.caller)
            headers.extend(quota.headers())
            if not allowed:
                raise Failure(403, "rate_limit_exceeded")
        return found.handler(self, request)

    def _authenticate(self, request: Request) -> str:
        """Resolve the token into ``request.grant``; the rate-limit key of the caller."""
        scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
        if not scheme:
            return f"address:{request.client}"
        if scheme.lower() == "bearer":
            request.grant = self.state.grant(credentials.strip())
            if request.grant is None:
                raise Failure(401, "unauthorized")
            return f"token:{digest(credentials.strip())}"
        if scheme.lower() == "basic" and (client := self._basic_client(credentials)):
            return f"client:{client}"
        raise Failure(401, "unauthorized")

    def _basic_client(self, credentials: str) -> str | None:
        client_id, secret = basic_credentials(credentials)
        return client_id if self.state.check_client(client_id, secret) else None


def check_format(request: Request, path: str) -> None:
    """Only JSON is served: a format suffix or an ``Accept`` without JSON gets 406."""
    accept = request.headers.get("Accept", "")
    ranges = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    if OTHER_FORMATS.search(path) or (ranges and not set(ranges) & set(JSON_ACCEPTED)):
        raise Failure(406, "not_acceptable")


def jsonp(request: Request, response: Response) -> Response:
    """Wrap the body as ``callback(body)`` when ``?jsonp=callback`` asks for it (reference §1.3)."""
    callback = request.arg("jsonp")
    if not callback or not JSONP_CALLBACK.match(callback):
        return response
    response.body = f"{callback}(".encode() + (response.body or b"null") + b");"
    response.content_type = "text/javascript; charset=utf-8"
    return response


def malformed(response: Response) -> Response:
    """The same answer with its JSON cut in half: a body no parser accepts."""
    body = response.body or json.dumps({"message": "ok"}).encode()
    response.body = body[: max(1, len(body) // 2)]
    response.status = 200 if response.status == 204 else response.status
    response.content_type = "application/json; charset=utf-8"
    return response
