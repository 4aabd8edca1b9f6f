"""The ``flattr`` command: ``auth login|status|logout``, ``sync``, ``doctor``, ``sandbox``.

Exit codes (docs/cli.md): 0 done; 1 problems (failed things, invalid manifest or config,
doctor findings); 2 usage; 3 authentication (no token, token refused, login failed);
4 the API could not be reached; 5 incomplete (things deferred: run again later); 130
interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TextIO

from ..errors import AuthError, FlattrError, TransportError
from ..models import Endpoints, Secret, SyncSummary
from ..registration import oauth
from ..registration.build import STORE_FILENAME
from ..registration.client import FlattrClient
from ..registration.manifest import read_manifest
from ..registration.store import SQLiteThingStore
from ..registration.sync import describe, sync
from ..settings import tokens
from .doctor import run_doctor
from .numbers import concurrency, seconds

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_AUTH, EXIT_NETWORK, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
COMMANDS_GROUP = "flattr.commands"
_DEFAULT = Endpoints()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``flattr`` with ``argv`` (default: the process arguments); the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["sandbox"], ["demo"]):
        return _tool(args[0], args[1:])
    parsed = build_parser().parse_args(args)
    command: Callable[[argparse.Namespace], int] = parsed.command
    try:
        return command(parsed)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except FlattrError as exc:
        print(f"flattr: {exc}", file=sys.stderr)
        return _exit_code(exc)


def _exit_code(exc: FlattrError) -> int:
    if isinstance(exc, AuthError):
        return EXIT_AUTH
    if isinstance(exc, TransportError):
        return EXIT_NETWORK
    return EXIT_PROBLEMS  # ConfigError, StoreError, APIError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``flattr`` (also used to render docs/cli.md's usage lines)."""
    parser = argparse.ArgumentParser(prog="flattr", description="Flattr for static sites.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    _add_auth(commands)
    _add_sync(commands)
    _add_doctor(commands)
    commands.add_parser("sandbox", help="serve the local Flattr-compatible API", add_help=False)
    commands.add_parser("demo", help="build and serve the example sites", add_help=False)
    return parser


def _endpoint_options(parser: argparse.ArgumentParser, *, web: bool = False) -> None:
    parser.add_argument("--api-url", default=None, help=f"API base (default {_DEFAULT.api_url})")
    if web:
        parser.add_argument("--web-url", default=_DEFAULT.web_url, help="web base (OAuth pages)")


def _token_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token-env", metavar="NAME", help="read the token from this environment variable"
    )


def _add_auth(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    auth = commands.add_parser("auth", help="log in, show or forget the stored token")
    actions = auth.add_subparsers(title="actions", required=True, metavar="ACTION")
    login = actions.add_parser("login", help="authorize in the browser and store the token")
    login.add_argument("--client-id", required=True)
    login.add_argument("--client-secret", help="default: $FLATTR_CLIENT_SECRET")
    login.add_argument("--scope", default="flattr thing", help='default "flattr thing"')
    login.add_argument("--no-browser", action="store_true", help="only print the URL")
    login.add_argument("--timeout", type=float, default=300.0, help="seconds to wait (300)")
    _endpoint_options(login, web=True)
    login.set_defaults(command=_auth_login)
    status = actions.add_parser("status", help="show the account of the token")
    _endpoint_options(status)
    _token_option(status)
    status.set_defaults(command=_auth_status)
    logout = actions.add_parser("logout", help="remove the stored token")
    _endpoint_options(logout)
    logout.set_defaults(command=_auth_logout)


def _add_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("sync", help="register the things of a built site's manifest")
    cmd.add_argument("manifest", type=Path, metavar="MANIFEST")
    cmd.add_argument("--store", type=Path, help=f"default: {STORE_FILENAME} beside the manifest")
    cmd.add_argument("--concurrency", type=concurrency, default=8, help="parallel requests (8)")
    cmd.add_argument("--deadline", type=seconds, default=120.0, help="seconds for the sync (120)")
    _endpoint_options(cmd)
    _token_option(cmd)
    cmd.set_defaults(command=_sync)


def _add_doctor(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser("doctor", help="check a manifest or site configuration")
    source = cmd.add_mutually_exclusive_group()
    source.add_argument("--manifest", type=Path)
    source.add_argument("--config", type=Path, help="site settings as JSON or TOML")
    _endpoint_options(cmd)
    _token_option(cmd)
    cmd.set_defaults(command=_doctor)


def _endpoints(args: argparse.Namespace, base: Endpoints = _DEFAULT) -> Endpoints:
    api = (args.api_url or base.api_url).rstrip("/")
    web = (getattr(args, "web_url", None) or base.web_url).rstrip("/")
    return Endpoints(api_url=api, web_url=web)


def _token(args: argparse.Namespace, api_url: str) -> Secret | None:
    name = getattr(args, "token_env", None)
    if name:
        if not os.environ.get(name):
            raise AuthError(f"--token-env {name}: the environment variable is not set or empty")
        return Secret(os.environ[name])
    return tokens.resolve_token(None, os.environ, api_url)


# -- auth ---------------------------------------------------------------------------------------


def _auth_login(args: argparse.Namespace) -> int:
    secret = args.client_secret or os.environ.get("FLATTR_CLIENT_SECRET")
    if not secret:
        raise AuthError("--client-secret (or $FLATTR_CLIENT_SECRET) is required")
    endpoints = _endpoints(args)
    grant = oauth.login(
        endpoints,
        args.client_id,
        Secret(secret),
        scopes=args.scope.replace(",", " ").split(),
        open_browser=not args.no_browser,
        timeout=args.timeout,
        show=lambda line: print(line, flush=True),
    )
    with FlattrClient(endpoints, grant.access_token) as client:
        username = str(client.user().get("username", ""))
    path = tokens.save_token(
        endpoints.api_url, grant.access_token, username=username, scope=grant.scope
    )
    print(f"Logged in to {endpoints.api_url} as {username}; token saved to {path} (mode 0600)")
    return EXIT_OK


def _auth_status(args: argparse.Namespace) -> int:
    endpoints = _endpoints(args)
    token = _token(args, endpoints.api_url)
    if token is None:
        raise AuthError(f"not logged in to {endpoints.api_url}: run `flattr auth login`")
    with FlattrClient(endpoints, token) as client:
        user = client.user()
    print(f"Logged in to {endpoints.api_url} as {user.get('username')}")
    return EXIT_OK


def _auth_logout(args: argparse.Namespace) -> int:
    endpoints = _endpoints(args)
    if tokens.remove_token(endpoints.api_url):
        print(f"Removed the token for {endpoints.api_url} from {tokens.token_path()}")
    else:
        print(f"No stored token for {endpoints.api_url}")
    return EXIT_OK


# -- sync ---------------------------------------------------------------------------------------


def _sync(args: argparse.Namespace) -> int:
    manifest_endpoints, things = read_manifest(args.manifest)
    endpoints = _endpoints(args, manifest_endpoints)
    token = _token(args, endpoints.api_url)
    if token is None:
        raise AuthError(
            f"no token for {endpoints.api_url}: set FLATTR_TOKEN or run `flattr auth login`"
        )
    store_path = args.store or args.manifest.parent / STORE_FILENAME
    bar = ProgressBar(sys.stderr)
    with (
        SQLiteThingStore(store_path) as store,
        FlattrClient(endpoints, token, pool_size=args.concurrency) as client,
    ):
        summary = sync(
            things,
            client,
            store,
            concurrency=args.concurrency,
            deadline=args.deadline,
            progress=bar,
        )
    bar.finish()
    print(describe(summary))
    return _sync_exit(summary)


def _sync_exit(summary: SyncSummary) -> int:
    if summary.failed:
        return EXIT_PROBLEMS
    return EXIT_INCOMPLETE if summary.deferred else EXIT_OK


class ProgressBar:
    """A plain-text progress bar on a terminal; silent when the stream is not a TTY."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.active = stream.isatty()
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.active or total == 0:
            return
        filled = self.width * done // total
        if filled == self._shown and done != total:
            return  # redraw only when the bar moves
        self._shown = filled
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rregistering [{bar}] {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        if self.active and self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


# -- doctor, sandbox ----------------------------------------------------------------------------


def _doctor(args: argparse.Namespace) -> int:
    problems = run_doctor(
        manifest=args.manifest,
        config=args.config,
        api_url=args.api_url,
        token_for=lambda api_url: _token(args, api_url),
        out=sys.stdout,
    )
    return EXIT_PROBLEMS if problems else EXIT_OK


def _tool(name: str, argv: list[str]) -> int:
    """``flattr sandbox`` and ``flattr demo``: tools in packages of their own (``flattr_sandbox``,
    ``flattr_demo``), found through the ``flattr.commands`` entry points so the core never
    imports them."""
    found = metadata.entry_points(group=COMMANDS_GROUP, name=name)
    if not found:
        print(f"flattr: {name} is not installed (reinstall flattr-plugins)", file=sys.stderr)
        return EXIT_USAGE
    command: Callable[[list[str]], int] = next(iter(found)).load()
    return command(argv)
