"""Serving the built examples on 127.0.0.1: static folders in threads, Wagtail as a child."""

from __future__ import annotations

import functools
import socket
import subprocess
import threading
import time
from collections.abc import Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from flattr_core.errors import DemoError

START_TIMEOUT = 60.0  # seconds for runserver to accept connections
STOP_TIMEOUT = 10.0


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The demo's terminal shows the summary, not every request."""


class StaticSite:
    """A built folder served on 127.0.0.1:port, in a daemon thread."""

    def __init__(self, folder: Path, port: int) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise DemoError(
                f"port {port} on 127.0.0.1 is taken ({exc.strerror}); "
                "choose others with --port-base"
            ) from exc
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self._thread.join(STOP_TIMEOUT)
        self.server.server_close()


class ChildServer:
    """A server process (Django's runserver) that must be up before the URLs are printed, or,
    with no port, a worker (Wagtail's ``db_worker``)."""

    def __init__(
        self, argv: list[str], cwd: Path, env: Mapping[str, str], port: int | None, log: Path
    ) -> None:
        self.port = port
        self._log: IO[str] = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            argv,
            cwd=cwd,
            env=dict(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        if port is not None:
            self._wait_until_up(log)

    def _wait_until_up(self, log: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise DemoError(f"the Wagtail server exited ({self.process.returncode}); see {log}")
            if self.port is not None and port_open(self.port):
                return
            time.sleep(0.1)
        self.stop()
        raise DemoError(f"the Wagtail server did not start in {START_TIMEOUT:.0f} s; see {log}")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers; the process is always reaped."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def check_free(ports: Mapping[str, int]) -> None:
    """Fail before building when a port the servers need is taken (the URLs are in the pages)."""
    taken = [f"{name} {port}" for name, port in ports.items() if port_open(port)]
    if taken:
        raise DemoError(
            f"ports in use on 127.0.0.1: {', '.join(taken)}; "
            "choose others with --port-base (0 picks free ones)"
        )
