"""The web pages a button or a login links to: thing, profile, auto-submit, approve, errors.

Minimal but real HTML; every value is escaped. Flattring from a page is anonymous.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from . import validate
from .protocol import Failure, Request, Response, html_response, redirect, route
from .state import ThingRow, UserRow

if TYPE_CHECKING:
    from .app import App
    from .oauth import Authorization

STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII="
)
SUBMIT_FIELDS = (
    "user_id",
    "fid",
    "url",
    "title",
    "description",
    "language",
    "tags",
    "hidden",
    "category",
)


def page(title: str, body: str, status: int = 200) -> Response:
    """A whole HTML document; ``title`` is escaped here, ``body`` must already be."""
    html = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - Flattr sandbox</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
    return html_response(status, html)


def error_page(failure: Failure) -> Response:
    body = f"<h1>{escape(failure.code)}</h1><p>{escape(failure.description)}</p>"
    return page(f"Error {failure.status}", body, failure.status)


def hidden_inputs(values: dict[str, str]) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in values.items()
    )


def flattr_form(action: str, values: dict[str, str] | None = None) -> str:
    inputs = hidden_inputs(values or {})
    return f'<form method="post" action="{escape(action)}">{inputs}<button>Flattr</button></form>'


def thing_body(app: App, row: ThingRow) -> str:
    profile = f"/profile/{quote(row.owner.lower())}"
    return (
        f'<article class="thing" data-thing-id="{row.id}"><h1>{escape(row.title or row.url)}</h1>'
        f"<p>{escape(row.description)}</p>"
        f'<p>By <a href="{escape(profile)}">{escape(row.owner)}</a> · '
        f'<a href="{escape(row.url)}" rel="nofollow">{escape(row.url)}</a></p>'
        f'<p><span class="flattrs">{row.flattrs}</span> flattrs</p>'
        f"{flattr_form(f'/thing/{row.id}/flattr')}</article>"
    )


def thing_row(app: App, request: Request) -> ThingRow:
    row = app.state.thing(request.params["id"])
    if row is None:
        raise Failure(404, "not_found", f"No thing with id {request.params['id']}")
    return row


def thing_page(app: App, request: Request) -> Response:
    row = thing_row(app, request)
    return page(row.title or row.url, thing_body(app, row))


def flattr_thing(app: App, request: Request) -> Response:
    row = thing_row(app, request)
    app.state.add_flattr(row.id, None)
    return redirect(f"/thing/{row.id}", 303)


def thing_image(app: App, request: Request) -> Response:
    return Response(200, PIXEL, "image/png")


def profile_page(app: App, request: Request) -> Response:
    name = unquote(request.params["name"])
    user = app.state.user(name)
    if user is None:
        raise Failure(404, "not_found", f"No user named {name!r}")
    items = "".join(
        f'<li><a href="/thing/{row.id}">{escape(row.title or row.url)}</a></li>'
        for row in app.state.things(user.key)
        if not row.hidden
    )
    return page(user.username, f"<h1>{escape(user.username)}</h1><ul>{items}</ul>")


def submission(app: App, values: dict[str, str]) -> tuple[UserRow, dict[str, object]]:
    """The owner (``user_id`` or ``fid``) and checked fields of an auto-submit URL."""
    user = app.state.user(values.get("user_id", "")) or app.state.user_by_flattr_id(
        values.get("fid", "")
    )
    if user is None:
        raise Failure(400, "validation", "user_id/fid: no such Flattr user")
    return user, validate.thing_fields(values, creating=True)


def submit_page(app: App, request: Request) -> Response:
    """The thing for ``url`` when it exists, else a page whose first flattr creates it."""
    values = request.given(SUBMIT_FIELDS)
    row = app.state.thing_by_url(values.get("url", ""))
    if row is not None:
        return page(row.title or row.url, thing_body(app, row))
    user, fields = submission(app, values)
    body = (
        f'<article class="pending"><h1>{escape(str(fields.get("title") or fields["url"]))}</h1>'
        f"<p>Not on Flattr yet: the first flattr creates this thing for "
        f"{escape(user.username)}.</p>{flattr_form('/submit/auto', values)}</article>"
    )
    return page("Pending thing", body)


def submit_flattr(app: App, request: Request) -> Response:
    values = request.given(SUBMIT_FIELDS)
    row = app.state.thing_by_url(values.get("url", ""))
    if row is None:
        user, fields = submission(app, values)
        app.state.insert_thing(user.username, fields)
        row = app.state.thing_by_url(str(fields["url"]))
    assert row is not None
    app.state.add_flattr(row.id, None)
    return redirect(f"/thing/{row.id}", 303)


def approve_page(app: App, authorization: Authorization) -> Response:
    """The authorize form: pick a user, approve or deny (documented in docs/sandbox.md)."""
    options = "".join(
        f'<option value="{escape(user.username)}">{escape(user.username)}</option>'
        for user in app.state.users()
    )
    values = {
        "client_id": authorization.client_id,
        "redirect_uri": authorization.redirect_uri,
        "response_type": authorization.response_type,
        "scope": " ".join(authorization.scopes),
        **({"state": authorization.state} if authorization.state is not None else {}),
    }
    scopes = escape(", ".join(authorization.scopes) or "read only")
    body = (
        f"<h1>Authorize {escape(authorization.client_id)}</h1><p>Scopes: {scopes}</p>"
        f'<form method="post" action="/oauth/authorize">{hidden_inputs(values)}'
        f'<label>User <select name="user">{options}</select></label> '
        f'<button name="decision" value="approve">Approve</button> '
        f'<button name="decision" value="deny">Deny</button></form>'
    )
    return page("Authorize", body)


def index_page(app: App, request: Request) -> Response:
    users = "".join(
        f'<li><a href="/profile/{quote(user.key)}">{escape(user.username)}</a></li>'
        for user in app.state.users()
    )
    body = f"<h1>Flattr sandbox</h1><p>API: <code>/rest/v2</code></p><ul>{users}</ul>"
    return page("Flattr sandbox", body)


ROUTES = [
    route("GET", r"/", index_page),
    route("GET", r"/thing/(?P<id>\d+)(?:/[^/]*)?", thing_page),
    route("POST", r"/thing/(?P<id>\d+)/flattr", flattr_thing),
    route("GET", r"/thing/image/(?:\d/)+medium\.png", thing_image),
    route("GET", r"/profile/(?P<name>[^/]+)", profile_page),
    route("GET", r"/submit/auto/?", submit_page),
    route("POST", r"/submit/auto/?", submit_flattr),
]
