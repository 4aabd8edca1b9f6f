"""What the ``flattr`` commands share: exit codes, the base-URL and token options.

``--api-url`` and ``--web-url`` follow the configuration's transport rule: https, plain http
only on a loopback host (127.0.0.1, localhost, ::1). A token or a client secret never travels
over plain HTTP to another host.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from ..errors import AuthError, Invalid
from ..models import Endpoints, Secret
from ..settings import checks, tokens

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_AUTH, EXIT_NETWORK, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cat big | head`
DEFAULT = Endpoints()


def base_url(option: str) -> Callable[[str], str]:
    """An argparse ``type`` for a base URL: the transport rule, the option named on refusal."""

    def parse(text: str) -> str:
        try:
            return checks.endpoint(text)
        except Invalid as bad:
            raise argparse.ArgumentTypeError(
                f"{option} {text!r} is not allowed; expected {bad.allowed}"
            ) from None

    return parse


def endpoint_options(parser: argparse.ArgumentParser, *, web: bool = False) -> None:
    parser.add_argument(
        "--api-url",
        type=base_url("--api-url"),
        default=None,
        metavar="URL",
        help=f"API base (default {DEFAULT.api_url}; https, or http on loopback)",
    )
    if web:
        parser.add_argument(
            "--web-url",
            type=base_url("--web-url"),
            default=DEFAULT.web_url,
            metavar="URL",
            help=f"web base, for the OAuth pages (default {DEFAULT.web_url})",
        )


def token_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token-env", metavar="NAME", help="read the token from this environment variable"
    )


def account_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--account", metavar="NAME", type=account_name, help=text)


def account_name(text: str) -> str:
    if not checks.USERNAME.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"--account {text!r} is not allowed; expected a Flattr username "
            "(letters, digits, _ . -; up to 64)"
        )
    return text


def endpoints_of(args: argparse.Namespace, base: Endpoints = DEFAULT) -> Endpoints:
    api = (args.api_url or base.api_url).rstrip("/")
    web = (getattr(args, "web_url", None) or base.web_url).rstrip("/")
    return Endpoints(api_url=api, web_url=web)


def token_of(args: argparse.Namespace, api_url: str) -> Secret | None:
    """The token of ``--token-env``, else ``--account``'s, else the site's (``FLATTR_TOKEN``,
    then the file)."""
    name = getattr(args, "token_env", None)
    if name:
        if not os.environ.get(name):
            raise AuthError(f"--token-env {name}: the environment variable is not set or empty")
        return Secret(os.environ[name])
    account = getattr(args, "account", None)
    if account:
        found = tokens.account_token(account, os.environ, api_url)
        return found[0] if found else None
    return tokens.resolve_token(None, os.environ, api_url)
