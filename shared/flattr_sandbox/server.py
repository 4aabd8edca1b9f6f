"""The sandbox over HTTP: a threaded loopback server in a background thread.

``Sandbox`` is a context manager: entering starts the server, leaving releases hung requests,
closes open keep-alive connections, joins every thread and closes the database.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from .app import App
from .faults import FaultInjector, Faults
from .protocol import Failure, Request, Response, error_response
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

    def cut_connections(self) -> None:
        with self._connections_lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class SandboxHandler(BaseHTTPRequestHandler):
    """Reads a request into ``protocol.Request`` and writes the app's ``Response``."""

    protocol_version = "HTTP/1.1"
    server: SandboxServer
    timeout = IDLE_SECONDS
    server_version = "FlattrSandbox/1.0"
    # One buffered write per answer, sent at once: no Nagle/delayed-ACK stall on keep-alive.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def do_GET(self) -> None:  # the names http.server calls
        self.serve()

    do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_OPTIONS = do_GET

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
        length_header = self.headers.get("Content-Length") or "0"
        if not length_header.isdigit() or int(length_header) > MAX_BODY:
            self.send_error(400 if not length_header.isdigit() else 413, "Bad Content-Length")
            return None
        length = int(length_header)
        parts = urlsplit(self.path)
        return Request(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
            body=self.rfile.read(length) if length else b"",
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
        log.debug("%s %s", self.command, urlsplit(self.path).path)


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
        self._state = State(db_path)
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
