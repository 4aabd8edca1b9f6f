"""``/user``, ``/users/:name``, their things, ``/categories``, ``/languages``, ``/rate_limit``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

from flattr_core import vocab

from . import shapes
from .access import can_see, page, require
from .api_things import render
from .protocol import Failure, Request, Response, json_response, route
from .state import UserRow

if TYPE_CHECKING:
    from .app import App


def named_user(app: App, request: Request) -> UserRow:
    """The user in the path; names are case-insensitive."""
    name = unquote(request.params["name"])
    found = app.state.user(name)
    if found is None:
        raise Failure(404, "not_found", f"No user named {name!r}")
    return found


def current_user(app: App, request: Request) -> Response:
    grant = require(request)
    return json_response(200, shapes.user(app.bases, grant.user, grant.scopes))


def public_user(app: App, request: Request) -> Response:
    return json_response(200, shapes.user(app.bases, named_user(app, request)))


def things_of(app: App, request: Request, user: UserRow) -> Response:
    """A user's things, newest first; hidden ones only for the owner or ``extendedread``."""
    rows = [row for row in app.state.things(user.key) if can_see(request.grant, row)]
    return json_response(200, [render(app, request, row) for row in page(request, rows)])


def user_things(app: App, request: Request) -> Response:
    return things_of(app, request, named_user(app, request))


def own_things(app: App, request: Request) -> Response:
    return things_of(app, request, require(request).user)


def categories(app: App, request: Request) -> Response:
    return json_response(200, [{"id": key, "text": text} for key, text in vocab.CATEGORIES.items()])


def languages(app: App, request: Request) -> Response:
    return json_response(200, [{"id": key, "text": text} for key, text in vocab.LANGUAGES.items()])


def rate_limit(app: App, request: Request) -> Response:
    """Not rate-limited and without ``X-RateLimit-*`` headers (reference §1.4)."""
    return json_response(200, app.limiter.peek(request.caller).resource())


ROUTES = [
    route("GET", r"/user", current_user),
    route("GET", r"/user/things", own_things),
    route("GET", r"/users/(?P<name>[^/]+)", public_user),
    route("GET", r"/users/(?P<name>[^/]+)/things", user_things),
    route("GET", r"/categories", categories),
    route("GET", r"/languages", languages),
    route("GET", r"/rate_limit", rate_limit, limited=False),
]
