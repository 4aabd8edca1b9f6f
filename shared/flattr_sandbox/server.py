"""The sandbox over HTTP: a threaded loopback server in a background thread.

``Sandbox`` is a context manager: entering starts the server, leaving releases hung requests,
closes open keep-alive connections, joins every thread and closes the database.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from . import wire
from .app import App
from .faults import FaultInjector, Faults
from .protocol import Failure, Headers, Request, Response, error_response
from .ratelimit import RateLimiter
from .shapes import Bases, thing
from .state import State

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000
IDLE_SECONDS = 30.0


@dataclass(frozen=True)
class SandboxUser:
    """A Flattr account of the sandbox and its ready-made token (``repr`` hides the token)."""

    username: str
    token: str
    scopes: tuple[str, ...] = ("flattr", "thing")
    flattr_id: str | None = None

    def __repr__(self) -> str:
        return f"SandboxUser(username={self.username!r}, scopes={self.scopes!r}, token='********')"


# A client registered without redirect URIs gets the loopback one of `flattr auth login`
# (any port on 127.0.0.1, as RFC 8252 section 7.3 asks for native apps).
LOOPBACK_CALLBACK = "http://127.0.0.1/callback"


@dataclass(frozen=True)
class SandboxClient:
    """An OAuth client application: its secret and its registered redirect URIs.

    ``/oauth/authorize`` refuses any other ``redirect_uri``; on loopback (127.0.0.1, ::1,
    localhost over http) the port may differ. ``repr`` hides the secret."""

    secret: str
    redirect_uris: tuple[str, ...] = (LOOPBACK_CALLBACK,)

    def __repr__(self) -> str:
        return f"SandboxClient(secret='********', redirect_uris={self.redirect_uris!r})"


class SandboxServer(ThreadingHTTPServer):
    """Tracks its connections so that closing can cut idle keep-alive ones."""

    daemon_threads = False
    block_on_close = True
    app: App

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, SandboxHandler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is no server error: no traceback on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            log.debug("connection from %s dropped: %s", client_address, error)
            return
        log.exception("sandbox error on a connection from %s", client_address)

    def cut_connections(self) -> None:
        with self._connections_lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class SandboxHandler(BaseHTTPRequestHandler):
    """Reads a request into ``protocol.Request`` and writes the app's ``Response``."""

    protocol_version = "HTTP/1.1"
    server: SandboxServer
    raw_requestline: bytes
    timeout = IDLE_SECONDS
    server_version = "FlattrSandbox/1.0"
    # One buffered write per answer, sent at once: no Nagle/delayed-ACK stall on keep-alive.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def do_GET(self) -> None:  # the names http.server calls
        self.serve()

    do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_OPTIONS = do_GET

    def parse_request(self) -> bool:
        """The sandbox's check of the request line first, then http.server's parsing."""
        for _ in range(3):  # RFC 9112 §2.2: empty lines before a request line may be skipped
            if self.raw_requestline not in (b"\r\n", b"\n"):
                break
            self.raw_requestline = self.rfile.readline(wire.MAX_LINE + 1)
        self.command, self.requestline = "", "-"  # http.server logs them even if parsing fails
        if not self.raw_requestline:  # only empty lines, then the client closed: nothing to answer
            self.close_connection = True
            return False
        try:
            wire.check_request_line(self.raw_requestline)
        except wire.WireError as error:
            self.send_error(error.status, error.description)
            return False
        return super().parse_request()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every protocol error, found here or by http.server: Flattr's error shape, then close."""
        command = getattr(self, "command", None)
        failure = wire.protocol_failure(code, message, command)
        self.close_connection = True
        self.request_version = "HTTP/1.1"  # a status line even for what looked like HTTP/0.9
        response = error_response(failure)
        response.headers.append(("Connection", "close"))
        self.write(response)

    def serve(self) -> None:
        request = self.parse()
        if request is None:
            return
        try:
            response = self.server.app.handle(request)
        except Exception:  # a bug in the sandbox must still answer, like a real server's 500
            log.exception("sandbox error on %s %s", request.method, request.path)
            response = error_response(Failure(500, "server_error"))
        if response is None:  # an injected hang: drop the connection without an answer
            self.close_connection = True
            return
        self.write(response)

    def parse(self) -> Request | None:
        try:
            path, query = wire.split_target(self.path)
            body = wire.read_body(self.headers, self.rfile, MAX_BODY)
        except wire.WireError as error:
            self.send_error(error.status, error.description)
            return None
        return Request(
            method=self.command,
            path=path,
            query=parse_qs(query, keep_blank_values=True),
            headers=Headers(self.headers.items()),
            body=body,
            client=self.client_address[0],
        )

    def write(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != 204:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.status != 204 and self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        # also called before a request line is parsed (no path yet); the query is never logged
        path = str(getattr(self, "path", "") or "").partition("?")[0]
        log.debug("%s %s", getattr(self, "command", None) or "-", path[:200])


class Sandbox:
    """A local Flattr (OAuth 2 + REST API v2) with SQLite state and fault injection."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        users: Iterable[SandboxUser] = (),
        clients: Mapping[str, str | SandboxClient] | None = None,
        faults: Faults | None = None,
        rate_limit: int = 1000,
        host: str = "127.0.0.1",
        port: int = 0,
        quirks: bool = False,
        echo_state: bool = False,
    ) -> None:
        self._server = SandboxServer((host, port))
        bound_host, bound_port = self._server.server_address[:2]
        self.url = f"http://{bound_host!s}:{bound_port}"
        self.api_url = f"{self.url}/rest/v2"
        try:
            self._state = State(db_path)
        except BaseException:  # do not leave the port bound behind a database that will not open
            self._server.server_close()
            raise
        for user in users:
            self._state.add_user(user.username, user.flattr_id)
            self._state.add_token(user.token, user.username, user.scopes)
        for client_id, client in (clients or {}).items():
            if isinstance(client, str):
                client = SandboxClient(client)
            self._state.add_client(client_id, client.secret, client.redirect_uris)
        self._injector = FaultInjector(faults or Faults())
        bases = Bases(self.api_url, self.url, quirks)
        self._server.app = App(self._state, bases, RateLimiter(rate_limit), self._injector)
        self._server.app.echo_state = echo_state  # Flattr never echoed it; OAuth 2 servers do
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> int:
        """API requests received so far (thread-safe)."""
        return self._server.app.requests

    def things(self) -> list[dict[str, object]]:
        """Every stored thing as the public API shows it, oldest first."""
        rows = reversed(self._state.things())
        return [thing(self._server.app.bases, row, None) for row in rows]

    def set_faults(self, faults: Faults) -> None:
        """Change the injected faults while running."""
        self._injector.configure(faults)

    def start(self) -> Sandbox:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="flattr-sandbox",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving: release hung requests, cut connections, join threads, close the DB."""
        self._injector.release()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.cut_connections()
        self._server.server_close()
        self._state.close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
