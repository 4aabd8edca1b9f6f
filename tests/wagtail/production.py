"""The real processes of the production tests: a Redis server of their own, task workers
(``db_worker``, ``rqworker``) and gunicorn, each started on 127.0.0.1 with the test's settings
(``settings_production``) and stopped again by the fixture that started it, also on failure.

Every wait is bounded (``wait_until``); every process is started in its own session, and a
SIGKILL goes to its descendants too (RQ's work horse, in a process group of its own; gunicorn's
workers).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
STOP_SECONDS = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(done: Callable[[], Any], seconds: float, what: str, *, every: float = 0.05) -> Any:
    """Poll ``done`` until it returns something true; fail after ``seconds`` saying ``what``."""
    deadline = time.monotonic() + seconds
    while True:
        found = done()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {seconds:g} s: {what}")
        time.sleep(every)


class Child:
    """One process of ours, in its own session, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], logs: Path) -> None:
        self.name = name
        self.log_path = logs / f"{name}.log"
        self._log: IO[str] = self.log_path.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            argv, cwd=HERE, env=dict(env), stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process and everything it started: no cleanup of any kind."""
        self._signal(signal.SIGKILL)
        self.process.wait(STOP_SECONDS)

    def kill_when(self, holding: Callable[[set[int]], bool], seconds: float, what: str) -> None:
        """SIGKILL at a moment when ``holding(pids)`` is true of the process and its
        descendants: each try freezes them all (SIGSTOP), so what they hold cannot change while
        it is checked, then kills them, or lets them go on (SIGCONT) and tries again."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pids = children_of(self.process.pid)
            _each(pids, signal.SIGSTOP)
            if holding(pids):
                _each(pids, signal.SIGKILL)
                self.process.wait(STOP_SECONDS)
                return
            _each(pids, signal.SIGCONT)
            time.sleep(0.01)
        raise AssertionError(f"not within {seconds:g} s: {what}")

    def stop(self) -> None:
        """SIGTERM (a worker finishes its task), then SIGKILL if it lingers; always reaped."""
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(STOP_SECONDS)
        self._signal(signal.SIGKILL)  # what it left in its session (a horse, a worker)
        self._log.close()

    def tail(self, lines: int = 40) -> str:
        if not self._log.closed:
            self._log.flush()
        return "\n".join(self.log_path.read_text(encoding="utf-8").splitlines()[-lines:])

    def _signal(self, which: signal.Signals) -> None:
        """To the session, and to every descendant: RQ's work horse runs in a process group of
        its own, which a signal to the worker's group would not reach."""
        below = children_of(self.process.pid) - {self.process.pid}
        with suppress(ProcessLookupError):  # gone already, with its session
            os.killpg(self.process.pid, which)
        if which is signal.SIGKILL:
            _each(below, which)


def _each(pids: set[int], which: signal.Signals) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, which)


class Processes:
    """The children a test started; ``stop_all`` in the fixture's finalizer."""

    def __init__(self, env: Mapping[str, str], logs: Path) -> None:
        self.env, self.logs = dict(env), logs
        self.children: list[Child] = []

    def start(self, name: str, *args: str) -> Child:
        child = Child(name, [sys.executable, *args], self.env, self.logs)
        self.children.append(child)
        return child

    def db_worker(self, name: str) -> Child:
        return self.start(name, "-m", "django", "db_worker", "--backend", "db", "--interval",
                          "0.05", "--no-startup-delay", "--no-reload")  # fmt: skip

    def rq_worker(self, name: str, *, scheduler: bool) -> Child:
        extra = ["--with-scheduler"] if scheduler else []
        return self.start(name, "-m", "django", "rqworker", "default", "--name", name,
                          "--job-class", "django_tasks_rq.Job", *extra)  # fmt: skip

    def gunicorn(self, port: int, workers: int) -> Child:
        return self.start("gunicorn", "-m", "gunicorn", "wsgi_production:application",
                          "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                          "--graceful-timeout", "5", "--access-logfile", "-")  # fmt: skip

    def stop_all(self) -> None:
        for child in reversed(self.children):
            child.stop()

    def report(self) -> str:
        return "\n".join(f"--- {c.name} ---\n{c.tail()}" for c in self.children)


def process_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a child: the caller's, the test project on the path, and ``extra``."""
    path = os.pathsep.join([str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")])
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return (
        base | {"PYTHONPATH": path, "DJANGO_SETTINGS_MODULE": "settings_production"} | dict(extra)
    )


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis server of our own on 127.0.0.1 (no persistence); its URL. Stopped on exit."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("no redis-server: apt-get install redis-server (.ci/setup does)")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
            "--appendonly", "no", "--logfile", str(folder / "redis.log")]  # fmt: skip
    server = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until(lambda: _answers(port), 20, f"redis-server on 127.0.0.1:{port}")
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(STOP_SECONDS)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def children_of(pid: int) -> set[int]:
    """``pid`` and every process below it (RQ's work horse runs a worker's tasks), read from
    ``/proc/<pid>/task/<tid>/children``: fast enough to run between a check and a kill."""
    found, todo = {pid}, [pid]
    while todo:
        for threads in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            with suppress(OSError):  # the thread or the process ended meanwhile
                below = {int(child) for child in threads.read_text().split()} - found
                found |= below
                todo.extend(below)
    return found
