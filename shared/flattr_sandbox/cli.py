"""``python -m flattr_sandbox`` / ``flattr sandbox``: serve until SIGTERM or SIGINT.

The first line on stdout is ``listening on URL`` (flushed), so a parent process can wait for it.
"""

from __future__ import annotations

import argparse
import math
import re
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType

from .faults import MAX_HANG_SECONDS, MAX_LATENCY_MS, Faults
from .server import LOOPBACK_CALLBACK, Sandbox, SandboxClient, SandboxUser

SCOPE_SPLIT = re.compile(r"[+,]")
DESCRIPTION = (
    "Serve the local Flattr-compatible API and web pages until SIGTERM or Ctrl-C. The first "
    "line on stdout is 'listening on URL', so a parent process can wait for it."
)


def user_arg(value: str) -> SandboxUser:
    """``NAME:TOKEN[:SCOPES]``, scopes separated by ``+`` or ``,`` (default ``flattr+thing``)."""
    parts = value.split(":")
    if len(parts) not in (2, 3) or not all(parts[:2]):
        raise argparse.ArgumentTypeError(f"--user {value!r}: expected NAME:TOKEN[:SCOPES]")
    scopes = tuple(s for s in SCOPE_SPLIT.split(parts[2]) if s) if len(parts) == 3 else None
    return SandboxUser(parts[0], parts[1], scopes if scopes is not None else ("flattr", "thing"))


def client_arg(value: str) -> tuple[str, str, str | None]:
    """``ID:SECRET[:REDIRECT_URI]``; the URI may hold colons of its own."""
    client_id, secret, *uri = value.split(":", 2)
    if not client_id or not secret or uri == [""]:
        shown = f"{client_id}:********" if secret else value  # never echo a secret
        raise argparse.ArgumentTypeError(f"--client {shown!r}: expected ID:SECRET[:REDIRECT_URI]")
    return client_id, secret, uri[0] if uri else None


def clients_of(given: Sequence[tuple[str, str, str | None]]) -> dict[str, SandboxClient]:
    """One client per id; repeating ``--client`` with the same id adds redirect URIs."""
    uris: dict[str, list[str]] = {}
    secrets: dict[str, str] = {}
    for client_id, secret, uri in given:
        secrets[client_id] = secret
        uris.setdefault(client_id, [])
        if uri is not None:
            uris[client_id].append(uri)
    return {
        client_id: SandboxClient(secrets[client_id], tuple(found) or (LOOPBACK_CALLBACK,))
        for client_id, found in uris.items()
    }


def number_in(kind: type[float], low: float, high: float, allowed: str) -> Callable[[str], float]:
    """An argparse ``type``: a ``kind`` number from ``low`` to ``high``, else a usage error
    naming the value and what is allowed (argparse adds the option: "argument --port: ...")."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:  # also for int("9" * 5000): past the digit limit of int()
            number = math.nan
        if not low <= number <= high:  # NaN and the infinities fail here too
            raise argparse.ArgumentTypeError(f"{value!r} is not allowed; expected {allowed}")
        return number

    return parse


PORT = number_in(int, 0, 65535, "an integer from 0 to 65535 (0: any free port)")
RATE_LIMIT = number_in(int, 1, math.inf, "a positive integer (requests per hour)")
LATENCY = number_in(int, 0, MAX_LATENCY_MS, f"an integer from 0 to {MAX_LATENCY_MS} (ms)")
HANG = number_in(float, 0, MAX_HANG_SECONDS, f"a number from 0 to {MAX_HANG_SECONDS:g} (seconds)")
SEED = number_in(int, -math.inf, math.inf, "an integer")
rate = number_in(float, 0, 1, "a probability from 0 to 1")


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="flattr sandbox", description=DESCRIPTION)
    cli.add_argument(
        "--host", default="127.0.0.1", metavar="ADDRESS", help="address to bind (127.0.0.1)"
    )
    cli.add_argument(
        "--port", type=PORT, default=0, metavar="N", help="port (default 0: any free port)"
    )
    cli.add_argument("--db", required=True, metavar="PATH", help="SQLite file holding the state")
    cli.add_argument(
        "--user",
        type=user_arg,
        action="append",
        default=[],
        metavar="NAME:TOKEN[:SCOPES]",
        help="a user and its token, e.g. alice:tok:flattr+thing (repeatable)",
    )
    cli.add_argument(
        "--client",
        type=client_arg,
        action="append",
        default=[],
        metavar="ID:SECRET[:REDIRECT_URI]",
        help="OAuth client ID:SECRET[:REDIRECT_URI] (repeatable; again with the same ID: one "
        "more redirect URI; none: http://127.0.0.1/callback on any port)",
    )
    cli.add_argument(
        "--echo-state",
        action="store_true",
        help="send OAuth's state back on redirects (Flattr did not; OAuth 2 servers do)",
    )
    _fault_options(cli)
    quirks = "loose historical types: hidden 0/1, string counts, token_type Bearer"
    cli.add_argument("--quirks", action="store_true", help=quirks)
    return cli


def _fault_options(cli: argparse.ArgumentParser) -> None:
    """The quota, and the faults a test can inject."""
    cli.add_argument(
        "--rate-limit",
        type=RATE_LIMIT,
        default=1000,
        metavar="N",
        help="requests per hour per token (1000)",
    )
    cli.add_argument(
        "--latency", type=LATENCY, default=0, metavar="MS", help="added latency per API request"
    )
    for option, what in (
        ("--fail-rate", "share of API requests answered 500 (0 to 1)"),
        ("--timeout-rate", "share of API requests that hang (0 to 1)"),
        ("--malformed-rate", "share of API answers with cut bodies (0 to 1)"),
    ):
        cli.add_argument(option, type=rate, default=0.0, metavar="P", help=what)
    cli.add_argument(
        "--hang-seconds", type=HANG, default=30.0, metavar="S", help="how long a hang lasts (30)"
    )
    cli.add_argument("--seed", type=SEED, default=None, metavar="N", help="seed for the faults")


def faults_of(args: argparse.Namespace) -> Faults:
    return Faults(
        latency_ms=args.latency,
        fail_rate=args.fail_rate,
        timeout_rate=args.timeout_rate,
        malformed_rate=args.malformed_rate,
        seed=args.seed,
        hang_seconds=args.hang_seconds,
    )


def open_sandbox(cli: argparse.ArgumentParser, args: argparse.Namespace) -> Sandbox:
    """The sandbox ``args`` describe; a usage error if it cannot listen or open its database."""
    try:
        return Sandbox(
            args.db,
            users=args.user,
            clients=clients_of(args.client),
            faults=faults_of(args),
            rate_limit=args.rate_limit,
            host=args.host,
            port=args.port,
            quirks=args.quirks,
            echo_state=args.echo_state,
        )
    except sqlite3.Error as error:
        cli.error(f"argument --db: cannot use {args.db!r} as a SQLite database: {error}")
    except OSError as error:  # an unknown host, a port in use or one that needs root
        cli.error(f"argument --host/--port: cannot listen on {args.host}:{args.port}: {error}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sandbox until SIGTERM/SIGINT; returns the exit status."""
    cli = parser()
    args = cli.parse_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with open_sandbox(cli, args) as sandbox:
            print(f"listening on {sandbox.url}", flush=True)
            while not stop.wait(0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", file=sys.stderr, flush=True)
    return 0
