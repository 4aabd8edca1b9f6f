"""The API's answers as the client hands them on: the wire format and its loose types, read once.

Real Flattr responses were not strict (reference §5.8): ``hidden`` came as ``false`` or
``0``, counts as strings (``"2"``), ids as ints or digit strings, and a lookup answers in three
shapes (§1.8.4). The readers here turn each answer into a small frozen value (``User``,
``Quota``, ``RemoteThing``) or an id, so nothing past the client reads a JSON body; the
writers send what the docs ask for (tags comma-separated, §1.8.5). A value that cannot be read
is a ``TransportError`` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import text, vocab
from ..errors import TransportError
from ..models import Creator, Thing


@dataclass(frozen=True)
class User:
    """The account a token belongs to (``GET /user``); ``username`` is "" when the answer
    names none (each caller says what that means)."""

    username: str


@dataclass(frozen=True)
class Quota:
    """The hourly quota (``GET /rate_limit``); None where the answer leaves a figure out.

    ``reset_at`` is ``reset_time_in_seconds``: an absolute unix time, not a countdown."""

    hourly_limit: int | None
    remaining_hits: int | None
    current_hits: int | None
    reset_at: int | None


@dataclass(frozen=True)
class RemoteThing:
    """A thing as the API shows it: its id, its metadata and owner (``thing``), its flattrs."""

    id: int
    thing: Thing
    flattrs: int = 0


def as_int(value: object, field: str) -> int:
    """An int from an int or a digit string; TransportError naming the field otherwise."""
    if isinstance(value, bool):
        raise TransportError(f"field {field!r}: expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise TransportError(f"field {field!r}: expected an integer, got {value!r}")


def _maybe_int(value: object, field: str) -> int | None:
    return None if value is None else as_int(value, field)


def as_bool(value: object, field: str) -> bool:
    """A bool from ``true``/``false``, ``0``/``1`` or their string forms (``vocab.boolean``);
    an empty string is false, as some servers sent it."""
    switch = vocab.boolean(value)
    if switch is None and isinstance(value, str) and not value.strip():
        switch = False
    if switch is None:
        raise TransportError(f"field {field!r}: expected a boolean, got {value!r}")
    return switch


def as_object(body: object, what: str) -> Mapping[str, Any]:
    """A JSON object, or a TransportError saying what came instead."""
    if not isinstance(body, dict):
        raise TransportError(f"{what}: expected a JSON object, got {type(body).__name__}")
    return body


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return text.clean_tags(value)  # the form we send (§1.8.5): split as settings are
    if isinstance(value, list):
        return tuple(str(tag) for tag in value)
    if value is None:
        return ()
    raise TransportError(f"field 'tags': expected a list or a string, got {value!r}")


def thing_payload(thing: Thing, *, with_url: bool = True) -> dict[str, Any]:
    """The JSON body for create (``with_url``) or update (the url is fixed once created)."""
    fields: dict[str, Any] = {
        "title": thing.title,
        "description": thing.description,
        "category": thing.category,
        "language": thing.language,
        "tags": ",".join(thing.tags),
        "hidden": thing.hidden,
    }
    return {"url": thing.url, **fields} if with_url else fields


def thing_from_json(data: Mapping[str, Any]) -> Thing:
    """A ``Thing`` from an API thing object, tolerant of the loose types real servers sent."""
    owner = data.get("owner")
    username = str(owner.get("username", "")) if isinstance(owner, Mapping) else ""
    return Thing(
        url=str(data.get("url", "")),
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        owner=Creator(username),
        category=str(data.get("category") or "rest"),
        language=str(data.get("language") or "en_GB"),
        tags=_tags(data.get("tags")),
        hidden=as_bool(data.get("hidden", False), "hidden"),
    )


def remote_thing(data: Mapping[str, Any]) -> RemoteThing:
    """A thing object (``GET /things/:id``, an item of get-multiple) as a ``RemoteThing``."""
    flattrs = data.get("flattrs")
    return RemoteThing(
        id=as_int(data.get("id"), "id"),
        thing=thing_from_json(data),
        flattrs=as_int(flattrs, "flattrs") if flattrs not in (None, "") else 0,
    )


def remote_things(body: object, what: str) -> list[RemoteThing]:
    """Get-multiple's array (one thing alone may come as an object)."""
    items = [body] if isinstance(body, dict) else body
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise TransportError(f"{what}: expected a JSON array of things")
    return [remote_thing(item) for item in items]


def user(body: object) -> User:
    """``GET /user``'s answer."""
    return User(str(as_object(body, "/user").get("username") or ""))


def quota(body: object) -> Quota:
    """``GET /rate_limit``'s answer."""
    fields = as_object(body, "/rate_limit")
    return Quota(
        hourly_limit=_maybe_int(fields.get("hourly_limit"), "hourly_limit"),
        remaining_hits=_maybe_int(fields.get("remaining_hits"), "remaining_hits"),
        current_hits=_maybe_int(fields.get("current_hits"), "current_hits"),
        reset_at=_maybe_int(fields.get("reset_time_in_seconds"), "reset_time_in_seconds"),
    )


def created_id(body: object) -> int:
    """The new thing's id in ``POST /things``' answer (201 ``{"id": ..., "message": "ok"}``)."""
    return as_int(as_object(body, "/things").get("id"), "id")


def id_in_url(url: str, field: str) -> int:
    """The id that ends a thing's API URL (``.../rest/v2/things/423405``)."""
    return as_int(url.rstrip("/").rsplit("/", 1)[-1], field)


def redirect_answer(location: str, body: object) -> int:
    """A lookup's 302 (found): the id ends ``Location``, else the body's ``location``."""
    if not location.rstrip("/").rsplit("/", 1)[-1].isdigit() and isinstance(body, dict):
        location = str(body.get("location", ""))
    return id_in_url(location, "Location")


def lookup_answer(body: object) -> int | None:
    """A 2xx lookup answer: an early-beta miss, a found message, or the thing itself
    (a client that followed the redirect)."""
    fields = as_object(body, "/things/lookup")
    if fields.get("message") == "not_found":
        return None
    if fields.get("message") == "found":
        return id_in_url(str(fields.get("location", "")), "location")
    return as_int(fields.get("id"), "id")
