"""``/things``: create, get, get-multiple, lookup, update, delete (reference §1.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from . import shapes, validate
from .access import can_see, is_owner, require, wants_full
from .protocol import Failure, Request, Response, json_response, route
from .search import search
from .state import ThingRow

if TYPE_CHECKING:
    from .app import App

NOT_FOUND = {"message": "not_found", "description": "No thing was found"}


def render(app: App, request: Request, row: ThingRow) -> dict[str, object]:
    """A thing for this request's viewer; ``full`` expands the owner into a full user."""
    owner = app.state.user(row.owner) if wants_full(request) else None
    full_owner = shapes.user(app.bases, owner) if owner else None
    return shapes.thing(app.bases, row, request.grant, owner=full_owner)


def fetch(app: App, thing_id: str) -> ThingRow:
    row = app.state.thing(thing_id)
    if row is None:
        raise Failure(404, "not_found", f"No thing with id {thing_id}")
    return row


def create(app: App, request: Request) -> Response:
    grant = require(request, "thing")
    fields = validate.thing_fields(request.fields(), creating=True)
    thing_id = app.state.insert_thing(grant.user.username, fields)
    if thing_id is None:
        raise Failure(400, "validation", f"Thing already exists: {fields['url']}")
    body = {"id": thing_id, "link": app.bases.thing_resource(thing_id), "message": "ok"}
    return json_response(201, {**body, "description": "Thing was created successfully"})


def get_one(app: App, request: Request) -> Response:
    return json_response(200, render(app, request, fetch(app, request.params["id"])))


def get_many(app: App, request: Request) -> Response:
    rows = [fetch(app, thing_id) for thing_id in request.params["ids"].split(",")]
    return json_response(200, [render(app, request, row) for row in rows])


def lookup(app: App, request: Request) -> Response:
    url = request.arg("url")
    if not url:
        raise Failure(400, "invalid_parameters", "Missing parameter: url")
    url, claimed_owner = embedded_url(url)
    row = app.state.thing_by_url(url)
    if row is None or not can_see(request.grant, row):
        return json_response(404, NOT_FOUND)
    if claimed_owner and claimed_owner.lower() != row.owner.lower():
        raise Failure(400, "validation", "Owner mismatch. Current thing owned by other account.")
    location = app.bases.thing_resource(row.id)
    return json_response(302, {"message": "found", "location": location}, [("Location", location)])


def embedded_url(url: str) -> tuple[str, str | None]:
    """An auto-submit URL stands for its ``url`` parameter, claimed by its ``user_id``."""
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. "http://[::1/": a bad IPv6 host
        described = f"url: {validate.shorten(url)} is not a URL ({error})"
        raise Failure(400, "invalid_parameters", described) from None
    if not parts.path.rstrip("/").endswith("/submit/auto"):
        return url, None
    query = parse_qs(parts.query)
    if "url" not in query:
        raise Failure(400, "validation", "The auto-submit URL has no url parameter")
    return query["url"][0], query.get("user_id", [None])[0]


def update(app: App, request: Request) -> Response:
    grant = require(request, "thing")
    row = fetch(app, request.params["id"])
    if not is_owner(grant, row):
        raise Failure(403, "forbidden", "Only the owner may update this thing")
    body = {key: value for key, value in request.fields().items() if key != "_method"}
    if "url" in body and body["url"] != row.url:
        raise validate.invalid("url", body["url"], f"{row.url!r}: a thing's url cannot change")
    app.state.update_thing(row.id, validate.thing_fields(body, creating=False))
    return json_response(200, {"message": "ok", "description": "Thing was updated correctly"})


def post_override(app: App, request: Request) -> Response:
    """``POST /things/:id`` with ``_method=patch`` in the body or query is an update."""
    method = request.fields().get("_method", request.arg("_method"))
    if not isinstance(method, str) or method.lower() != "patch":
        raise Failure(400, "invalid_request", f"_method: {method!r}; expected patch")
    return update(app, request)


def delete(app: App, request: Request) -> Response:
    require(request, "thing", code="forbidden")
    row = fetch(app, request.params["id"])
    if not is_owner(request.grant, row):
        raise Failure(403, "forbidden", "Only the owner may delete this thing")
    app.state.delete_thing(row.id)
    return Response(204)


def search_things(app: App, request: Request) -> Response:
    result = search(app.state, request)
    things = [render(app, request, row) for row in result.rows]
    body = {"total_items": result.total, "items": len(things), "page": result.page}
    return json_response(200, {**body, "things": things})


ROUTES = [
    route("POST", r"/things", create),
    route("GET", r"/things/search", search_things),
    route("GET", r"/things/lookup/?", lookup),
    route("GET", r"/things/(?P<id>\d+)", get_one),
    route("GET", r"/things/(?P<ids>\d+(?:,\d+)+)", get_many),
    route("PATCH", r"/things/(?P<id>\d+)", update),
    route("POST", r"/things/(?P<id>\d+)", post_override),
    route("DELETE", r"/things/(?P<id>\d+)", delete),
]
