"""OAuth 2 (authorization code) for Flattr: the authorize URL, the code exchange, and the
loopback login flow of ``flattr auth login``.

Reference §1.2: scopes are space-separated; the token request uses HTTP Basic client
authentication and a form body; ``token_type`` was ``bearer`` and later ``Bearer``, so it
is compared case-insensitively; ``state`` is not supported by Flattr, so the loopback
listener accepts exactly one redirect, on a random port of 127.0.0.1, for a bounded time.
"""

from __future__ import annotations

import http.server
import logging
import queue
import threading
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import requests

from ..errors import AuthError, TransportError
from ..models import Endpoints, Secret
from .client import DEFAULT_TIMEOUT, USER_AGENT

log = logging.getLogger(__name__)
DEFAULT_SCOPES = ("flattr", "thing")
_DONE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>Flattr login</title>"
    b"<p>Done: you can close this tab and return to the terminal.</p>"
)


@dataclass(frozen=True)
class TokenGrant:
    """The token endpoint's answer; ``access_token`` never shows itself."""

    access_token: Secret
    token_type: str
    scope: str = ""


def authorization_url(
    endpoints: Endpoints, client_id: str, redirect_uri: str, scopes: Sequence[str] = DEFAULT_SCOPES
) -> str:
    """Where the user approves the app (``response_type=code``, space-separated scopes)."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(scopes),
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
        raise AuthError(
            f"POST {where}: token exchange failed ({response.status_code} {code}) {text}"
        )
    token_type = str(fields.get("token_type", ""))
    if token_type.lower() != "bearer":
        raise AuthError(f"POST {where}: unexpected token_type {token_type!r}; expected bearer")
    return TokenGrant(Secret(fields["access_token"]), token_type, str(fields.get("scope") or ""))


class LoopbackReceiver:
    """A one-shot HTTP listener on 127.0.0.1 that catches the OAuth redirect."""

    def __init__(self, path: str = "/callback") -> None:
        self.path = path
        self._results: queue.Queue[tuple[str, str]] = queue.Queue(maxsize=1)
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

    def wait(self, timeout: float) -> str:
        """The authorization code; AuthError on a denial or when ``timeout`` passes."""
        try:
            kind, value = self._results.get(timeout=timeout)
        except queue.Empty:
            raise AuthError(f"no authorization arrived within {timeout:.0f} s") from None
        if kind == "error":
            raise AuthError(f"the authorization was not granted: {value}")
        return value

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
        if "code" in query:
            result = ("code", query["code"][0])
        else:
            result = ("error", query.get("error", ["no code in the redirect"])[0])
        try:
            self._results.put_nowait(result)
        except queue.Full:
            log.debug("loopback: a second redirect was ignored")


def login(
    endpoints: Endpoints,
    client_id: str,
    client_secret: Secret,
    *,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    open_browser: bool = True,
    timeout: float = 300.0,
    show: Callable[[str], None] = print,
) -> TokenGrant:
    """Run the whole flow: listen on loopback, show (and open) the URL, wait, exchange."""
    with LoopbackReceiver() as receiver:
        url = authorization_url(endpoints, client_id, receiver.redirect_uri, scopes)
        show(f"Open this URL to authorize flattr-plugins:\n  {url}")
        if open_browser:
            webbrowser.open(url)
        code = receiver.wait(timeout)
    return exchange_code(endpoints, client_id, client_secret, code, receiver.redirect_uri)
