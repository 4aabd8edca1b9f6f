"""The ``flattr`` command: ``auth``, ``sync``, ``doctor``, ``sandbox``, ``demo``.

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

from .. import __version__
from ..errors import AuthError, FlattrError, TransportError
from ..registration import accounts
from ..registration.build import STORE_FILENAME
from ..registration.manifest import read_manifest
from ..registration.store import SQLiteThingStore
from ..registration.sync import describe
from .auth import add_auth
from .common import (
    EXIT_AUTH,
    EXIT_BROKEN_PIPE,
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    endpoint_options,
    endpoints_of,
    token_of,
    token_option,
)
from .doctor import run_doctor
from .hints import parse
from .lines import Report
from .numbers import concurrency, seconds
from .sites import check_sites, find_sites

COMMANDS_GROUP = "flattr.commands"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``flattr`` with ``argv`` (default: the process arguments); the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["sandbox"], ["demo"]):
        return _tool(args[0], args[1:])
    parsed = parse(build_parser(), args)
    command: Callable[[argparse.Namespace], int] = parsed.command
    try:
        code = command(parsed)
        sys.stdout.flush()  # a reader gone away shows here, not as a traceback at exit
        return code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `flattr doctor | head`: the reader has what it wanted
        return _reader_gone()
    except FlattrError as exc:
        print(f"flattr: {exc}", file=sys.stderr)
        return _exit_code(exc)


def _reader_gone() -> int:
    """Stop quietly, as ``cat`` does: what is still buffered goes nowhere, not to a closed pipe
    (Python would otherwise flush it at exit and print the error after all)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


def _exit_code(exc: FlattrError) -> int:
    if isinstance(exc, AuthError):
        return EXIT_AUTH
    if isinstance(exc, TransportError):
        return EXIT_NETWORK
    return EXIT_PROBLEMS  # ConfigError, StoreError, APIError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``flattr`` (also used to render docs/cli.md's usage lines)."""
    parser = argparse.ArgumentParser(
        prog="flattr",
        description="Flattr buttons, payment links and registered things for MkDocs, Pelican "
        "and Wagtail sites: log in, register a built site's things, check a setup, and run the "
        "local Flattr sandbox and the demo.",
        epilog="`flattr COMMAND --help` describes each command; docs/cli.md has examples.",
    )
    parser.add_argument(
        "--version", action="version", version=f"flattr {__version__}", help="show the version"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    add_auth(commands)
    _add_sync(commands)
    _add_doctor(commands)
    commands.add_parser("sandbox", help="serve the local Flattr-compatible API", add_help=False)
    commands.add_parser("demo", help="build and serve the three example sites", add_help=False)
    return parser


def _add_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser(
        "sync",
        help="register the things of a built site's manifest",
        description="Register the things a MkDocs or Pelican build listed in its manifest, each "
        "with a token of its owner's account; unchanged things cost no request.",
    )
    cmd.add_argument(
        "manifest", type=Path, metavar="MANIFEST", help="flattr-manifest.json, from a build"
    )
    cmd.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        help=f"what is registered (default: {STORE_FILENAME} beside the manifest)",
    )
    cmd.add_argument(
        "--concurrency", type=concurrency, default=8, metavar="N", help="parallel requests (8)"
    )
    cmd.add_argument(
        "--deadline",
        type=seconds,
        default=120.0,
        metavar="SECONDS",
        help="stop starting requests after this long; the rest waits for the next run (120)",
    )
    endpoint_options(cmd)
    token_option(cmd)
    cmd.set_defaults(command=_sync)


def _add_doctor(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser(
        "doctor",
        help="check a site's Flattr setup: options, accounts, tokens, funding, endpoints",
        description="Check the site in FOLDER as its host reads it (mkdocs.yml, pelicanconf.py "
        "or a Django project), or a manifest or settings file: every problem at once, each "
        "account and its token, every funding provider, the endpoints and what a build would "
        "register. Offline unless --online.",
    )
    cmd.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="the site's folder (default: the current one)",
    )
    source = cmd.add_mutually_exclusive_group()
    source.add_argument(
        "--manifest", type=Path, metavar="PATH", help="check a build's manifest instead"
    )
    source.add_argument(
        "--config", type=Path, metavar="FILE", help="check site settings in JSON or TOML instead"
    )
    cmd.add_argument(
        "--online",
        action="store_true",
        help="ask the API whose each token is, and the funding providers whether each "
        "account exists",
    )
    endpoint_options(cmd)
    token_option(cmd)
    cmd.set_defaults(command=_doctor)


# -- sync ---------------------------------------------------------------------------------------


def _sync(args: argparse.Namespace) -> int:
    """Register a manifest's things, each with a token of its owner's account."""
    manifest_endpoints, things = read_manifest(args.manifest)
    endpoints = endpoints_of(args, manifest_endpoints)
    credentials = accounts.gather(
        (thing.owner.username for thing in things),
        site_token=token_of(args, endpoints.api_url),
        site_account=None,  # a manifest does not say whose the site's token is: the API does
        environ=os.environ,
        api_url=endpoints.api_url,
    )
    if not credentials:
        raise AuthError(
            f"no token for {endpoints.api_url}: set FLATTR_TOKEN (FLATTR_TOKEN_<ACCOUNT> for "
            "an author's account) or run `flattr auth login`"
        )
    store_path = args.store or args.manifest.parent / STORE_FILENAME
    bar = ProgressBar(sys.stderr)
    with SQLiteThingStore(store_path) as store:
        done = accounts.sync_accounts(
            things, credentials, store, endpoints, cache=store,
            concurrency=args.concurrency, deadline=args.deadline, progress=bar,
        )  # fmt: skip
    bar.finish()
    print(describe(done.summary))
    for note in done.notes:
        print(note)
    return _sync_exit(done)


def _sync_exit(done: accounts.AccountsOutcome) -> int:
    if done.summary.failed:
        return EXIT_PROBLEMS
    if done.unrouted or done.trouble:
        return EXIT_AUTH  # things left out: an account has no token of its own here
    return EXIT_INCOMPLETE if done.summary.deferred else EXIT_OK


class ProgressBar:
    """A plain-text progress bar on a terminal; silent when the stream is not a TTY (a log, a
    pipe, CI), where a line redrawn with carriage returns is only noise."""

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
    if args.manifest is None and args.config is None:
        report = Report(sys.stdout)
        check_sites(find_sites(args.folder, report), report, online=args.online)
        return EXIT_PROBLEMS if report.problems else EXIT_OK
    problems = run_doctor(
        manifest=args.manifest,
        config=args.config,
        api_url=args.api_url,
        token_for=lambda api_url: token_of(args, api_url),
        out=sys.stdout,
        online=args.online,
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
