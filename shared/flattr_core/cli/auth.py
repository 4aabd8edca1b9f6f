"""``flattr auth login|status|logout``: one token per API base, and one per account.

``login`` runs the OAuth flow bound to itself (``oauth.receive_code``: one redirect, on a
random loopback port, with a ``state`` checked when echoed), then ``connect_account`` names
the approved account before anything is stored. With ``--account NAME`` the token is stored
as NAME's (the token of an author's account, see docs/cli.md), and an approval by any other
account is refused: nothing is saved.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import AuthError
from ..models import Secret
from ..registration import oauth
from ..registration.client import FlattrClient
from ..registration.connect import Connection, connect_account
from ..settings import tokens
from .common import (
    EXIT_AUTH,
    EXIT_OK,
    account_option,
    endpoint_options,
    endpoints_of,
    token_of,
    token_option,
)


def add_auth(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    auth = commands.add_parser(
        "auth",
        help="log in, show or forget a stored token",
        description="Log in to Flattr (or the sandbox), show whose the stored token is, or "
        "remove it.",
    )
    actions = auth.add_subparsers(title="actions", required=True, metavar="ACTION")
    _add_login(actions)
    _add_status_and_logout(actions)


def _add_login(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    login = actions.add_parser(
        "login",
        help="authorize in the browser and store the token",
        description="Run Flattr's OAuth flow with a loopback redirect, name the approved "
        "account, and store its token (mode 0600).",
    )
    login.add_argument(
        "--client-id", required=True, metavar="ID", help="your Flattr app's OAuth client id"
    )
    login.add_argument(
        "--client-secret",
        metavar="SECRET",
        help="its client secret (default: $FLATTR_CLIENT_SECRET, which the process list hides)",
    )
    login.add_argument(
        "--scope", default="flattr thing", metavar="SCOPES", help='default "flattr thing"'
    )
    login.add_argument("--no-browser", action="store_true", help="only print the URL")
    login.add_argument("--yes", action="store_true", help="store without asking on a terminal")
    login.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="how long to wait for the approval (300)",
    )
    account_option(login, "store the token as this account's (an author's); refuse another")
    endpoint_options(login, web=True)
    login.set_defaults(command=auth_login)


def _add_status_and_logout(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = actions.add_parser(
        "status",
        help="show the account of the token",
        description="Ask the API whose the stored token is (GET /user).",
    )
    account_option(status, "the token stored for this account")
    endpoint_options(status)
    token_option(status)
    status.set_defaults(command=auth_status)
    logout = actions.add_parser(
        "logout",
        help="remove the stored token",
        description="Remove the token stored for the API base (and --account).",
    )
    account_option(logout, "remove this account's token")
    endpoint_options(logout)
    logout.set_defaults(command=auth_logout)


def auth_login(args: argparse.Namespace) -> int:
    secret = args.client_secret or os.environ.get("FLATTR_CLIENT_SECRET")
    if not secret:
        raise AuthError("--client-secret (or $FLATTR_CLIENT_SECRET) is required")
    endpoints = endpoints_of(args)
    code, redirect_uri = oauth.receive_code(
        endpoints,
        args.client_id,
        scopes=args.scope.replace(",", " ").split(),
        open_browser=not args.no_browser,
        timeout=args.timeout,
        show=lambda line: print(line, flush=True),
    )
    connection = connect_account(endpoints, args.client_id, Secret(secret), code, redirect_uri)
    print(f"Flattr approved the account {connection.username}.", flush=True)
    if args.account and not connection.is_for(args.account):
        raise AuthError(
            f"--account {args.account}: the approved account is {connection.username}, not "
            f"{args.account}; nothing was saved (log in again, approving as {args.account})"
        )
    if not _confirmed(args, connection, endpoints.api_url):
        print("Nothing was saved.")
        return EXIT_AUTH
    path = _save(endpoints.api_url, connection, args.account)
    whose = f" for the account {args.account}" if args.account else ""
    print(
        f"Logged in to {endpoints.api_url} as {connection.username}; token saved{whose} "
        f"to {path} (mode 0600)"
    )
    return EXIT_OK


def _confirmed(args: argparse.Namespace, connection: Connection, api_url: str) -> bool:
    """On a terminal, the user says yes to the named account (``--yes`` or ``--account`` naming
    it already did); a script (no terminal) has the name printed above."""
    if args.yes or args.account or not sys.stdin.isatty():
        return True
    answer = input(f"Store the token of Flattr account {connection.username} for {api_url}? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _save(api_url: str, connection: Connection, account: str | None) -> object:
    return tokens.save_token(
        api_url,
        connection.token,
        username=connection.username,
        scope=connection.scope,
        account=account,
    )


def auth_status(args: argparse.Namespace) -> int:
    endpoints = endpoints_of(args)
    token = token_of(args, endpoints.api_url)
    if token is None:
        login = (
            f"flattr auth login --account {args.account}" if args.account else "flattr auth login"
        )
        raise AuthError(f"not logged in to {endpoints.api_url}: run `{login}`")
    with FlattrClient(endpoints, token) as client:
        username = client.user().username
    print(f"Logged in to {endpoints.api_url} as {username}")
    if args.account and username.lower() != args.account.lower():
        print(
            f"flattr: the token stored for {args.account} belongs to {username}: it cannot "
            f"register {args.account}'s things",
            file=sys.stderr,
        )
        return EXIT_AUTH
    return EXIT_OK


def auth_logout(args: argparse.Namespace) -> int:
    endpoints = endpoints_of(args)
    whose = f" of {args.account}" if args.account else ""
    if tokens.remove_token(endpoints.api_url, account=args.account):
        print(f"Removed the token{whose} for {endpoints.api_url} from {tokens.token_path()}")
    else:
        print(f"No stored token{whose} for {endpoints.api_url}")
    return EXIT_OK
