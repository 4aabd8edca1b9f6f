"""OAuth 2 (authorization code) for Flattr: the authorize URL, the flow binding, the code
exchange, and the loopback login flow of ``flattr auth login``.

Reference §1.2: scopes are space-separated; the token request uses HTTP Basic client
authentication and a form body; ``token_type`` was ``bearer`` and later ``Bearer``, so it
is compared case-insensitively. Flattr did not support ``state``, so a code approved by
anyone could be handed to a callback. A ``Flow`` binds the callback to the flow that
started it: single use (whoever keeps it takes it: the CLI in memory, Wagtail in the
editor's session), for one target, expiring in minutes; its random ``state`` is sent as
well and, from a server that echoes it, must come back unchanged (``accept_callback``).
``connect.connect_account`` then names the account before anything is saved. The loopback
listener accepts exactly one redirect, on a random port of 127.0.0.1, for a bounded time.
"""

from __future__ import annotations

import hmac
import http.server
import logging
import queue
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import requests

from ..errors import AuthError, TransportError
from ..models import Endpoints, Secret
from .client import DEFAULT_TIMEOUT, USER_AGENT, require_secure

log = logging.getLogger(__name__)
DEFAULT_SCOPES = ("flattr", "thing")
_DONE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>Flattr login</title>"
    b"<p>Done: you can close this tab and return to the terminal.</p>"
)


FLOW_SECONDS = 600.0  # an approval takes a minute; a flow older than this is refused


@dataclass(frozen=True)
class Flow:
    """One started connect flow: its target (what the token will be for), the redirect URI,
    a random ``state`` and when it expires. Keep it where only its starter can take it."""

    target: str
    redirect_uri: str
    state: str
    expires_at: float

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for a session."""
        return {
            "target": self.target,
            "redirect_uri": self.redirect_uri,
            "state": self.state,
            "expires_at": self.expires_at,
        }

    @classmethod
    def from_dict(cls, data: object) -> Flow | None:
        """The flow a session kept, or None when it holds none (or something else)."""
        if not isinstance(data, Mapping):
            return None
        target, uri, state = data.get("target"), data.get("redirect_uri"), data.get("state")
        expires = data.get("expires_at")
        if not all(isinstance(v, str) for v in (target, uri, state)):
            return None
        if not isinstance(expires, int | float):
            return None
        return cls(str(target), str(uri), str(state), float(expires))


def start_flow(target: str, redirect_uri: str, *, seconds: float = FLOW_SECONDS) -> Flow:
    """A new flow for ``target``: a fresh 256-bit ``state``, expiring in ``seconds``."""
    return Flow(target, redirect_uri, secrets.token_urlsafe(32), time.time() + seconds)


def accept_callback(
    flow: Flow | None, params: Mapping[str, str], *, target: str | None = None
) -> str:
    """The code of a callback that belongs to ``flow`` (already taken from where it was
    kept, so it cannot serve twice); ``AuthError`` saying why not otherwise."""
    if flow is None:
        raise AuthError("no Flattr connect was started here, or it was used already: start again")
    if time.time() > flow.expires_at:
        raise AuthError("the Flattr connect expired (it lasts a few minutes): start again")
    if target is not None and target != flow.target:
        raise AuthError("this Flattr approval was started for something else: start again")
    echoed = params.get("state")
    if echoed is not None and not hmac.compare_digest(echoed, flow.state):
        raise AuthError("the Flattr answer belongs to another connect (state differs)")
    if "code" not in params:
        reason = params.get("error", "no code in the redirect")
        raise AuthError(f"the authorization was not granted: {reason}")
    return params["code"]


@dataclass(frozen=True)
class TokenGrant:
    """The token endpoint's answer; ``access_token`` never shows itself."""

    access_token: Secret
    token_type: str
    scope: str = ""


def authorization_url(
    endpoints: Endpoints,
    client_id: str,
    redirect_uri: str,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    *,
    state: str | None = None,
) -> str:
    """Where the user approves the app (``response_type=code``, space-separated scopes)."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(scopes),
        **({"state": state} if state else {}),
    }
    return f"{endpoints.authorize_url}?{urlencode(query, quote_via=quote)}"


def exchange_code(
    endpoints: Endpoints,
    client_id: str,
    client_secret: Secret,
    code: str,
    redirect_uri: str,
    *,
    session: requests.Session | None = None,
) -> TokenGrant:
    """Trade an authorization code for a token (``POST /oauth/token``)."""
    require_secure(endpoints.web_url, "web_url")  # the client secret and the code go there
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    http = session or requests.Session()
    try:
        response = http.post(
            endpoints.token_url,
            data=form,
            auth=(client_id, client_secret.reveal()),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=DEFAULT_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise TransportError(f"POST {endpoints.token_url}: {type(exc).__name__}") from None
    finally:
        if session is None:
            http.close()
    return _grant(response, endpoints.token_url)


def _grant(response: requests.Response, where: str) -> TokenGrant:
    try:
        body = response.json()
    except ValueError:
        body = None
    fields = body if isinstance(body, dict) else {}
    if response.status_code != 200 or not isinstance(fields.get("access_token"), str):
        code = fields.get("error", "no access_token in the answer")
        text = fields.get("error_description", "")
        refused = response.status_code if response.status_code >= 400 else None
        raise AuthError(
            f"POST {where}: token exchange failed ({response.status_code} {code}) {text}",
            status=refused,
        )
    token_type = str(fields.get("token_type", ""))
    if token_type.lower() != "bearer":
        raise AuthError(f"POST {where}: unexpected token_type {token_type!r}; expected bearer")
    return TokenGrant(Secret(fields["access_token"]), token_type, str(fields.get("scope") or ""))


class LoopbackReceiver:
    """A one-shot HTTP listener on 127.0.0.1 that catches the OAuth redirect."""

    def __init__(self, path: str = "/callback") -> None:
        self.path = path
        self._results: queue.Queue[dict[str, str]] = queue.Queue(maxsize=1)
        self._server = http.server.HTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{self.path}"

    def __enter__(self) -> LoopbackReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait(self, timeout: float) -> dict[str, str]:
        """The redirect's parameters (code or error, state); AuthError when ``timeout`` passes."""
        try:
            return self._results.get(timeout=timeout)
        except queue.Empty:
            raise AuthError(f"no authorization arrived within {timeout:.0f} s") from None

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != receiver.path:
                    self.send_error(404)
                    return
                receiver._deliver(parse_qs(parts.query))
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(_DONE_PAGE)

            def log_message(self, format: str, *args: object) -> None:
                log.debug("loopback: %s", self.command)  # never the query: it holds the code

        return Handler

    def _deliver(self, query: dict[str, list[str]]) -> None:
        result = {name: values[0] for name, values in query.items()}
        try:
            self._results.put_nowait(result)
        except queue.Full:
            log.debug("loopback: a second redirect was ignored")


def receive_code(
    endpoints: Endpoints,
    client_id: str,
    *,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    open_browser: bool = True,
    timeout: float = 300.0,
    show: Callable[[str], None] = print,
) -> tuple[str, str]:
    """Listen on loopback, show (and open) the URL, wait for this flow's redirect; the code
    and the redirect URI the exchange must repeat."""
    with LoopbackReceiver() as receiver:
        flow = start_flow("cli", receiver.redirect_uri, seconds=max(timeout, 1.0) + 5.0)
        url = authorization_url(endpoints, client_id, flow.redirect_uri, scopes, state=flow.state)
        show(f"Open this URL to authorize flattr-plugins:\n  {url}")
        if open_browser:
            webbrowser.open(url)
        code = accept_callback(flow, receiver.wait(timeout))
    return code, flow.redirect_uri


class ReceiveOptions(TypedDict, total=False):
    """How ``receive_code`` waits (its keywords, with its defaults)."""

    scopes: Sequence[str]
    open_browser: bool
    timeout: float
    show: Callable[[str], None]


def login(
    endpoints: Endpoints,
    client_id: str,
    client_secret: Secret,
    **options: Unpack[ReceiveOptions],
) -> TokenGrant:
    """Run the whole flow: ``receive_code`` (with ``options``), then exchange the code."""
    code, redirect_uri = receive_code(endpoints, client_id, **options)
    return exchange_code(endpoints, client_id, client_secret, code, redirect_uri)
