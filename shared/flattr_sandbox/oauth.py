"""OAuth 2 (reference §1.2): the authorize page and the token exchange.

``GET /oauth/authorize`` shows a form with a user selector; submitting it (or any ``POST
/oauth/authorize`` with ``user=NAME``, which is how tests approve without a browser) redirects to
``redirect_uri?code=...``; ``decision=deny`` redirects with ``error=access_denied``.

Only to a ``redirect_uri`` registered for the client (``SandboxClient.redirect_uris``; on
loopback over http any port, RFC 8252 section 7.3): any other is a 400 page, never a redirect,
so an approval cannot be sent to someone else's address. Flattr did not echo ``state``
(reference §1.2); with ``echo_state`` the sandbox does, as OAuth 2 servers do, so clients can
be tested both ways.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from . import web
from .protocol import (
    Failure,
    Request,
    Response,
    basic_credentials,
    error_response,
    json_response,
    redirect,
    route,
)
from .state import CodeRow
from .validate import is_http_url

if TYPE_CHECKING:
    from .app import App

SCOPES = frozenset({"flattr", "thing", "email", "extendedread"})
SCOPE_SEPARATORS = re.compile(r"[\s,+]+")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
TOKEN_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Pragma", "no-cache"),
    ("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"),
]


@dataclass(frozen=True)
class Authorization:
    """A checked authorize request."""

    client_id: str
    redirect_uri: str
    response_type: str
    scopes: tuple[str, ...]
    state: str | None = None  # echoed back only when the sandbox runs with ``echo_state``

    def back(self, fragment: bool = False, **params: str) -> Response:
        """Redirect to the client with ``params`` (and ``state``) in the query or fragment."""
        if self.state is not None:
            params = {**params, "state": self.state}
        joiner = "#" if fragment else ("&" if "?" in self.redirect_uri else "?")
        return redirect(f"{self.redirect_uri}{joiner}{urlencode(params)}")


def parse_scopes(raw: str) -> tuple[str, ...]:
    """Lenient: scopes separated by spaces, commas or ``+`` (reference §5.9)."""
    return tuple(dict.fromkeys(part for part in SCOPE_SEPARATORS.split(raw) if part))


def check_authorization(app: App, params: Mapping[str, object]) -> Authorization:
    """Errors before the redirect URI is trusted are shown as a 400 page, not redirected."""
    client_id, redirect_uri = str(params.get("client_id", "")), str(params.get("redirect_uri", ""))
    if not client_id or not app.state.has_client(client_id):
        raise Failure(400, "invalid_request", f"Bad request: unknown client_id {client_id!r}")
    if not is_http_url(redirect_uri):
        raise Failure(400, "invalid_request", f"Bad request: redirect_uri {redirect_uri!r}")
    registered = app.state.redirect_uris(client_id)
    if not any(redirect_matches(uri, redirect_uri) for uri in registered):
        raise Failure(
            400,
            "invalid_request",
            f"Bad request: redirect_uri {redirect_uri!r} is not registered for this client",
        )
    scopes = parse_scopes(str(params.get("scope", "")))
    state = str(params["state"]) if app.echo_state and params.get("state") else None
    response_type = str(params.get("response_type", ""))
    return Authorization(client_id, redirect_uri, response_type, scopes, state)


def redirect_matches(registered: str, given: str) -> bool:
    """Equal, or both http on the same loopback host and path, on any port (RFC 8252 7.3)."""
    if registered == given:
        return True
    one, other = urlsplit(registered), urlsplit(given)
    return (
        one.scheme == other.scheme == "http"
        and one.hostname in LOOPBACK
        and one.hostname == other.hostname
        and (one.path, one.query) == (other.path, other.query)
        and not other.fragment
        and not other.username
    )


def refusal(authorization: Authorization) -> Response | None:
    """The error redirect for an unsupported response type or an unknown scope, else None."""
    if authorization.response_type not in ("code", "token"):
        return authorization.back(error="unsupported_response_type")
    unknown = sorted(set(authorization.scopes) - SCOPES)
    if unknown:
        return authorization.back(error="invalid_scope", error_description=f"Unknown {unknown}")
    return None


def authorize_page(app: App, request: Request) -> Response:
    authorization = check_authorization(app, {k: v[0] for k, v in request.query.items()})
    return refusal(authorization) or web.approve_page(app, authorization)


def authorize_decision(app: App, request: Request) -> Response:
    fields = request.fields()
    authorization = check_authorization(app, fields)
    if (refused := refusal(authorization)) is not None:
        return refused
    if fields.get("decision") == "deny":
        return authorization.back(error="access_denied")
    user = app.state.user(str(fields.get("user", "")))
    if user is None:
        raise Failure(400, "invalid_request", f"Unknown user {fields.get('user')!r}")
    if authorization.response_type == "token":
        token = issue_token(app, user.username, authorization.scopes)
        return authorization.back(fragment=True, access_token=token, token_type="bearer")  # noqa: S106
    code = secrets.token_urlsafe(24)
    row = CodeRow(
        authorization.client_id,
        authorization.redirect_uri,
        user.key,
        " ".join(authorization.scopes),
        time.time(),
    )
    app.state.save_code(code, row)
    return authorization.back(code=code)


def issue_token(app: App, username: str, scopes: tuple[str, ...]) -> str:
    token = secrets.token_hex(20)
    app.state.add_token(token, username, scopes)
    return token


def client_of(app: App, request: Request) -> str:
    """The authenticated client id (HTTP Basic, or ``client_id``/``client_secret`` in the body)."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    fields = request.fields()
    if scheme.lower() == "basic":
        client_id, secret = basic_credentials(credentials)
    else:
        client_id, secret = str(fields.get("client_id", "")), str(fields.get("client_secret", ""))
    if not app.state.check_client(client_id, secret):
        raise Failure(401, "invalid_client", "Client authentication failed")
    return client_id


def exchange(app: App, request: Request) -> Response:
    client_id = client_of(app, request)
    fields = {key: str(value) for key, value in request.fields().items()}
    if fields.get("grant_type") != "authorization_code":
        grant_type = fields.get("grant_type")
        raise Failure(400, "unsupported_grant_type", f"grant_type: {grant_type!r}")
    for name in ("code", "redirect_uri"):
        if not fields.get(name):
            raise Failure(400, "invalid_request", f"Missing parameter: {name}")
    row = app.state.take_code(fields["code"])
    if row is None or row.client_id != client_id or row.redirect_uri != fields["redirect_uri"]:
        raise Failure(400, "invalid_grant", "The code is unknown, used, expired or not yours")
    token = issue_token(app, row.user_key, tuple(row.scopes.split()))
    token_type = "Bearer" if app.bases.quirks else "bearer"
    return json_response(200, {"access_token": token, "token_type": token_type}, TOKEN_HEADERS)


def token_endpoint(app: App, request: Request) -> Response:
    try:
        return exchange(app, request)
    except Failure as failure:
        response = error_response(failure)
        if failure.code == "invalid_client":
            response.headers.append(("WWW-Authenticate", 'Basic realm="flattr"'))
        response.headers.extend(TOKEN_HEADERS)
        return response


ROUTES = [
    route("GET", r"/oauth/authorize", authorize_page),
    route("POST", r"/oauth/authorize", authorize_decision),
    route("POST", r"/oauth/token", token_endpoint),
]
